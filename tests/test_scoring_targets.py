"""Targets judged at their deadline (scoring/targets.py): met on time, met late, missed, on track, at risk."""
import pandas as pd

from scoring.targets import target_status


def levels(counts: dict[int, int], total: int = 4, level: int = 3) -> pd.DataFrame:
    """Per year, ``counts[year]`` of ``total`` areas at ``level`` and the rest at level 1."""
    rows = []
    for year, n in counts.items():
        rows += [{"area_id": f"a{i}", "year": year, "level": level if i < n else 1} for i in range(total)]
    return pd.DataFrame(rows)


TARGET = pd.DataFrame({"target_id": ["t"], "by_year_be": [2565], "level": [3], "n_areas": [3], "scope_phase": [""]})


def status(counts, year, target=TARGET):
    return target_status(levels(counts), target, year).iloc[0]


def test_met_before_the_deadline_is_met_on_time():
    s = status({2564: 1, 2565: 3, 2566: 3}, 2566)
    assert s["status"] == "met_on_time" and s["met_in"] == 2565 and s["reached_at_deadline"] == 3


def test_missed_at_the_deadline_then_met_later_is_met_late_with_the_year():
    """The programme's own case: 18 areas at level 3 in 2565 was 15 of 18 then, reached later."""
    s = status({2564: 1, 2565: 2, 2566: 2, 2567: 3}, 2568)
    assert s["status"] == "met_late" and s["met_in"] == 2567 and s["reached_at_deadline"] == 2
    assert s["years_left"] == 0                      # never a negative number of years left


def test_deadline_passed_and_still_short_is_missed():
    s = status({2564: 1, 2565: 2, 2566: 2}, 2566)
    assert s["status"] == "missed" and s["met_in"] is None and s["gap"] == 1


def test_seen_from_the_deadline_year_itself_short_is_missed():
    assert status({2564: 1, 2565: 2}, 2565)["status"] == "missed"


def test_future_deadline_on_track_when_the_trend_gets_there():
    target = TARGET.assign(by_year_be=2570)
    s = status({2564: 0, 2566: 2}, 2566, target)     # +1 a year: 2 + 4 = 6 >= 3 by 2570
    assert s["status"] == "on_track" and s["projected"] >= 3 and s["years_left"] == 4


def test_future_deadline_at_risk_when_the_trend_falls_short():
    target = TARGET.assign(by_year_be=2567, n_areas=4)
    s = status({2564: 1, 2565: 1, 2566: 1}, 2566, target)   # flat at 1 of 4
    assert s["status"] == "at_risk" and s["projected"] == 1


def test_no_assessment_yet_is_no_data():
    empty = pd.DataFrame({"area_id": [], "year": [], "level": []})
    assert target_status(empty, TARGET, 2566).iloc[0]["status"] == "no_data"


def test_seen_from_before_it_was_met_the_same_target_is_not_yet_met():
    """Judged from the year asked about, not from today's data."""
    counts = {2564: 1, 2565: 3}
    assert status(counts, 2564, TARGET)["status"] in ("on_track", "at_risk")
    assert status(counts, 2565, TARGET)["status"] == "met_on_time"


def test_the_line_a_person_reads_says_late_and_when():
    from scoring.targets import bar_share, target_text

    row = status({2564: 1, 2565: 2, 2566: 2, 2567: 3}, 2568)
    th = target_text(row, "3 พื้นที่ระดับ 3 ในปี 2565", "th")
    en = target_text(row, "3 areas at level 3 in 2565", "en")
    assert "บรรลุล่าช้า" in th and "พ.ศ. 2567" in th and "2 จาก 3" in th
    assert "met late, in 2024 (B.E. 2567)" in en and "-" not in en.split(":")[0]
    missed = status({2564: 1, 2565: 2, 2566: 2}, 2566)
    assert bar_share(missed) == 2 / 3 and "ไม่บรรลุ" in target_text(missed, "x", "th")


def test_levels_on_record_count_a_certified_level_over_the_computed_one():
    from scoring.certified import levels_on_record

    computed = levels({2565: 2})
    certs = pd.DataFrame({"area_id": ["a2"], "year": [2565], "level": [3], "status": ["certified"]})
    on_record = levels_on_record(computed, certs)
    assert int(on_record.loc[on_record["area_id"] == "a2", "level"].iloc[0]) == 3
    assert target_status(on_record, TARGET, 2565).iloc[0]["status"] == "met_on_time"
    assert target_status(computed, TARGET, 2565).iloc[0]["status"] == "missed"


def test_every_target_status_has_a_sentence_in_both_languages():
    from i18n import catalogue
    from scoring.targets import STATUSES

    for lang in ("th", "en"):
        assert all(f"target.{s}" in catalogue(lang) for s in STATUSES), lang
