"""The Buddhist-era module (common/years.py): the year people read and type is the Christian year + 543; a
Christian-era slip is recognised and answered with the year to write; implausible years and impossible days are
refused with the reason in English and Thai."""
import datetime as dt

import pytest

from common import years
from common.errors import message_of


def test_buddhist_and_christian_years_differ_by_543_both_ways():
    assert years.to_be(2025) == 2568 and years.to_ce(2568) == 2025
    assert years.to_be("2024") == 2567 and years.to_ce("2567") == 2024       # text from a file or a form
    assert all(years.to_ce(years.to_be(y)) == y for y in range(1950, 2101))


def test_the_current_year_is_buddhist_era():
    assert years.current_be_year(dt.date(2025, 12, 31)) == 2568
    assert years.current_be_year(dt.date(2026, 1, 1)) == 2569
    assert years.current_be_year() == dt.date.today().year + 543


@pytest.mark.parametrize("year", [2500, 2564, 2568, 2700])
def test_plausible_buddhist_era_years_pass(year):
    assert years.be_year_problem(year) is None and not years.looks_ce(year)


@pytest.mark.parametrize("ce", [1900, 2025, 2200])
def test_a_christian_era_year_is_a_slip_answered_with_the_year_to_write(ce):
    assert years.looks_ce(ce)
    en, th = years.be_year_problem(ce)
    assert str(ce + 543) in en and "Christian-era" in en
    assert f"พ.ศ. {ce + 543}" in th and f"ค.ศ. {ce} + 543" in th


@pytest.mark.parametrize("year", [0, 1899, 2201, 2499, 2701, 9999])
def test_implausible_years_are_refused_in_both_languages(year):
    en, th = years.be_year_problem(year)
    assert "implausible" in en and "2500..2700" in en
    assert "ไม่สมเหตุสมผล" in th and "2500..2700" in th


def test_iso_dates_are_christian_era_and_a_buddhist_year_there_is_caught():
    assert years.ce_date_problem(2025) is None and years.ce_date_problem(1950) is None
    en, th = years.ce_date_problem(2568)
    assert "Buddhist-era" in en and "2025" in en and "2025" in th
    assert years.ce_date_problem(1800)[0] == "implausible year in the date"
    assert years.ce_date_problem(2101) is not None


def test_a_buddhist_era_date_as_people_write_it():
    assert years.be_date(1, 12, 2568) == dt.date(2025, 12, 1)
    assert years.be_date(29, 2, 2567) == dt.date(2024, 2, 29)                # 2567 = 2024, a leap year


@pytest.mark.parametrize("day,month,year,reason", [
    (29, 2, 2568, "no day 29/2/2568"),                                        # 2025 is not a leap year
    (31, 4, 2568, "no day 31/4/2568"),
    (1, 13, 2568, "no day 1/13/2568"),
    (1, 1, 2025, "Christian-era"),                                            # the year of the other era
    (1, 1, 3000, "implausible"),
])
def test_an_impossible_buddhist_era_date_says_why_in_english_and_thai(day, month, year, reason):
    with pytest.raises(ValueError) as err:
        years.be_date(day, month, year)
    said = message_of(err.value)                                              # one message, two languages
    assert reason in said.en and not any("\u0e00" <= c <= "\u0e7f" for c in said.en)
    assert any("\u0e00" <= c <= "\u0e7f" for c in said.th)
