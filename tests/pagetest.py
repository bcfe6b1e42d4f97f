"""Helpers of the page tests (Streamlit's AppTest on ``app.py``): the module's database and one run of a page."""
from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT


def module_database(name: str):
    """An autouse fixture for a module of page tests: ``EIT_DATABASE_URL`` names a fresh SQLite file for the whole
    module (filled with the demo on the first page run), and is put back afterwards.  In the module:
    ``app_database = module_database("pages")``; a test may take ``app_database`` for the URL."""
    @pytest.fixture(scope="module", autouse=True)
    def app_database(tmp_path_factory):
        old = os.environ.get("EIT_DATABASE_URL")
        os.environ["EIT_DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp(name) / 'eit.sqlite'}"
        yield os.environ["EIT_DATABASE_URL"]
        if old is None:
            os.environ.pop("EIT_DATABASE_URL", None)
        else:
            os.environ["EIT_DATABASE_URL"] = old
    return app_database


def run(page: str | None = None, *, timeout: float = 120, **params) -> AppTest:
    """``app.py`` run with the query parameters ``params`` (then switched to ``page``, e.g. ``pages/factory.py``),
    asserted to have raised nothing."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at
