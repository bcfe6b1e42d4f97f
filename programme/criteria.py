"""Which criteria table is in use: the newest ``data/criteria/*.csv`` by file name (names carry the version),
loaded and validated by :func:`scoring.criteria.load_criteria`. Every caller goes through here."""
from __future__ import annotations

from pathlib import Path

from common.errors import DataError
from scoring.criteria import Criteria, load_criteria
from symbiosis.indicators import check_sources

CRITERIA_DIR = "criteria"


def criteria_file(data_dir: Path | str) -> Path:
    """The criteria table in use: the newest ``<data_dir>/criteria/*.csv`` by file name."""
    files = sorted((Path(data_dir) / CRITERIA_DIR).glob("*.csv"))
    if not files:
        raise DataError(f"no criteria file in {Path(data_dir) / CRITERIA_DIR} / ไม่พบไฟล์เกณฑ์การประเมิน")
    return files[-1]


def current_criteria(data_dir: Path | str) -> Criteria:
    """The criteria in use, validated (a ``computed`` column, when present, must name known sources)."""
    path = criteria_file(data_dir)
    criteria = load_criteria(path)
    check_sources(criteria.table, f"{CRITERIA_DIR}/{path.name}")
    return criteria
