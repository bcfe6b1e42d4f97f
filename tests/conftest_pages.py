"""Fixtures of the page tests that every module may take (tests/conftest.py makes them known): a database of the
test's own, a demo factory."""
from __future__ import annotations

import pytest

from tests.appserver import ROOT, demo_copy


@pytest.fixture
def own_database(tmp_path, monkeypatch) -> str:
    """A copy of the demo database for this test alone (it writes), as ``EIT_DATABASE_URL``; its URL."""
    url = demo_copy(tmp_path / "eit.sqlite")
    monkeypatch.setenv("EIT_DATABASE_URL", url)
    return url


@pytest.fixture(scope="module")
def a_factory():
    """A demo factory of Map Ta Phut (ryg-mtp)."""
    import pandas as pd

    f = pd.read_csv(ROOT / "data" / "demo" / "factories.csv", dtype=str)
    return f.loc[f["area_id"] == "ryg-mtp"].iloc[0]
