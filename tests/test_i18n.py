import json
import re
from pathlib import Path

from i18n import LANGS, catalogue, date_label, t, year_label

ROOT = Path(__file__).resolve().parents[1]


def test_catalogues_have_the_same_keys():
    th, en = catalogue("th"), catalogue("en")
    assert set(th) == set(en), f"only in th: {set(th) - set(en)}; only in en: {set(en) - set(th)}"


def test_placeholders_match_between_languages():
    th, en = catalogue("th"), catalogue("en")
    for key in th:
        assert set(re.findall(r"{(\w+)}", th[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_in_code_exists():
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z_]+\.[a-z_0-9.]+)\"", path.read_text(encoding="utf-8")))
    used = {k for k in used if not k.endswith(("_", "."))}  # prefixes completed in code, e.g. "gi.name_" + level
    missing = {k for k in used if k not in catalogue("th")}
    assert not missing, f"labels used but not in the catalogues: {sorted(missing)}"


def test_thai_is_default_and_english_on_request():
    assert t("nav.national") == "ภาพรวมประเทศ"
    assert t("nav.national", "en") == "National overview"
    assert t("nav.national", "xx") == "ภาพรวมประเทศ"  # an unknown language falls back to Thai


def test_catalogue_files_are_valid_utf8_json():
    for lang in LANGS:
        data = json.loads((ROOT / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
        assert all(isinstance(v, str) and v for v in data.values())


def test_buddhist_era_years_and_dates():
    assert year_label(2567, "th") == "พ.ศ. 2567"
    assert year_label(2567, "en") == "2024 (B.E. 2567)"
    assert date_label("2025-09-30", "th") == "30 กันยายน 2568"
    assert date_label("2025-09-30", "en") == "30 September 2025"


def test_datetimes_read_in_bangkok_time_and_the_buddhist_era():
    import datetime as dt

    import pandas as pd

    from i18n import datetime_label

    utc = dt.datetime(2025, 9, 30, 7, 5, tzinfo=dt.UTC)            # 14:05 in Bangkok
    assert datetime_label(utc, "th") == "30 ก.ย. 2568 14:05"
    assert datetime_label(utc, "en") == "30 Sep 2025 14:05"
    assert datetime_label(pd.Timestamp("2025-12-31T18:30:00Z"), "th") == "1 ม.ค. 2569 01:30"   # next day, next BE year
    assert datetime_label("2025-09-30T07:05:00", "th") == "30 ก.ย. 2568 14:05"                 # naive = UTC
    assert datetime_label(dt.date(2025, 9, 30), "th") == "30 ก.ย. 2568"
    assert datetime_label(None) == "–" and datetime_label(pd.NaT) == "–" and datetime_label("") == "–"


def test_counts_read_with_thousands_separators_and_years_do_not():
    import numpy as np

    landed = t("import.landed", "th", inserted=150000, updated=1234, unchanged=0, skipped=5, warnings=12000)
    assert "150,000" in landed and "1,234" in landed and "12,000" in landed
    assert "12,345" in t("search.found", "en", n=np.int64(12345))
    assert "1,500 จาก 20,000" in t("trends.sym_caption", "th", shown=1500, total=20000)   # ({shown:,} as before)
    assert "2025" in t("state.year_ce", "en", year=2025, be="B.E. 2568")                  # a year keeps its digits


def test_no_word_is_doubled_when_a_label_fills_a_sentence():
    """A filled-in label that already carries its word (a criteria version is "ฉบับ พ.ศ. 2567") never makes the
    sentence read it twice ("ฉบับ ฉบับ")."""
    from scoring.criteria import version_label

    for lang in LANGS:
        for key, text in catalogue(lang).items():
            fields = set(re.findall(r"\{(\w+)", text))
            if not fields & {"version", "recorded"}:
                continue
            values = {f: "x" for f in fields} | {f: version_label("2567-illustrative", lang) for f in
                                                 fields & {"version", "recorded"}}
            filled = t(key, lang, **values)
            assert not re.search(r"(ฉบับ)\s*\1|(version)\s+\2", filled, flags=re.I), (key, filled)
