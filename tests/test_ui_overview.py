"""The front page's board: the change against last year with its movers, and what is not certified."""
import html as htmllib
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd

from scoring.movers import YearChange
from ui.overview import MOVERS_SHOWN, certification_card, change_card, glance_html

EVIL = '<img src=x onerror=alert(1)>"&'


def _change(n_up: int = 5, previous: int | None = 2567) -> YearChange:
    ids = [f"a{i}" for i in range(n_up)] + ["z"]
    movers = pd.DataFrame({"area_id": ids, "level_from": [1] * n_up + [4], "level_to": [2] * n_up + [3],
                           "change": ["up"] * n_up + ["down"], "step": [1] * n_up + [-1]})
    return YearChange(year=2568, previous=previous, up=n_up, same=7, down=1, new=2, not_assessed=0, movers=movers)


def test_the_change_card_counts_names_movers_escaped_and_links_them_with_the_view():
    names = pd.Series({"a0": EVIL, **{f"a{i}": f"พื้นที่ {i}" for i in range(1, 5)}, "z": "ตรัง"})
    out = change_card(_change(), names, "th", {"lang": "th", "year": "2568", "province": "21"})
    assert "<img" not in out and "&lt;img" in out
    assert "▲ 5</b>" in out and "= 7</b>" in out and "▼ 1</b>" in out and "พ.ศ. 2567" in out
    assert "ประเมินครั้งแรก 2" in out
    links = [parse_qs(urlparse(htmllib.unescape(h)).query) for h in re.findall(r'href="(area\?[^"]+)"', out)]
    assert [p["area"][0] for p in links] == ["a0", "a1", "a2", "a3", "a4", "z"]
    assert all(p["province"] == ["21"] and p["year"] == ["2568"] for p in links)
    shown, rest = out.split("<details>")
    assert shown.count("<li") == MOVERS_SHOWN and "และอีก 3 พื้นที่" in rest    # the rest open in place


def test_without_an_earlier_year_the_card_says_so():
    out = change_card(_change(0, previous=None), pd.Series(dtype=str), "en", {"lang": "en"})
    assert "No earlier assessed year" in out and "<li" not in out


def test_the_certification_card_says_how_many_are_not_certified_and_where_they_stand():
    tally = {"certified": 5, "verified": 3, "draft": 10, "computed": 30, "not_assessed": 5, "total": 53,
             "uncertified": 48}
    out = certification_card(tally, 2568, "th")
    assert "48 จาก 53 พื้นที่" in out and "รอคณะกรรมการ 3" in out and "รับรองแล้ว 5" in out
    widths = [float(w) for w in re.findall(r"width:([\d.]+)%", out)]
    assert len(widths) == 5 and abs(sum(widths) - 100) < 0.1
    empty = certification_card({k: 0 for k in tally}, 2568, "en")
    assert "0 of 0 areas" in empty and "width:" not in empty


def test_the_board_links_to_presentation_mode_with_the_filters():
    tally = {"certified": 1, "verified": 0, "draft": 0, "computed": 0, "not_assessed": 0, "total": 1, "uncertified": 0}
    out = glance_html(_change(1), tally, pd.Series({"a0": "x", "z": "y"}), "th", {"lang": "th"},
                      present_link={"lang": "th", "province": "21", "level": "3"})
    link = parse_qs(urlparse(htmllib.unescape(re.search(r'href="(present\?[^"]+)"', out).group(1))).query)
    assert link["province"] == ["21"] and link["level"] == ["3"]
