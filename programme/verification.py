"""``data/verification_rules.csv``: the rule a verification visit must meet before a level may be marked
verified (at least ``min_auditors`` auditors on site for at least ``min_days`` days; ``counts``: who counts as an
auditor, ``people`` (auditor accounts, and external auditors recorded with their organisation and their agreement
to the findings) or ``accounts`` (auditor accounts only)), per programme year from ``from_year`` on, with its
source.  Read once per file version and validated; a bad file is a DataError naming
the row, column, value and reason.  A data folder without the file uses the programme brief's default (3
auditors, 1 day: workflow.visits.DEFAULT_RULE)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from common.csvfile import read_table
from workflow.visits import COUNTS, DEFAULT_RULE, VerificationRule

RULES_FILE = "verification_rules.csv"
RULE_COLUMNS = ("from_year", "min_auditors", "min_days", "counts", "source")


@lru_cache(maxsize=8)
def _load(path: str, _mtime_ns: int) -> tuple[VerificationRule, ...]:
    t = read_table(Path(path), RULES_FILE, RULE_COLUMNS)
    if t.frame.empty:
        raise t.fail(None, None, "the file has no rule row", "ไฟล์ไม่มีแถวของเกณฑ์")
    years = t.be_years("from_year")
    auditors = t.ints("min_auditors", 1, 50)
    days = t.ints("min_days", 1, 60)
    t.choice("counts", COUNTS)
    t.unique("from_year")
    return tuple(VerificationRule(int(y), int(a), int(d), s, c)
                 for y, a, d, s, c in zip(years, auditors, days, t.frame["source"], t.frame["counts"]))


def load_verification_rules(data_dir: Path | str) -> tuple[VerificationRule, ...]:
    """The rules of ``data_dir/verification_rules.csv`` (oldest first), or (DEFAULT_RULE,) without the file."""
    path = Path(data_dir) / RULES_FILE
    if not path.exists():
        return (DEFAULT_RULE,)
    rules = _load(str(path), path.stat().st_mtime_ns)
    return tuple(sorted(rules, key=lambda r: r.from_year))
