"""Helpers of the page tests (Streamlit's AppTest on ``app.py``): the database a module's pages read, one run of a
page, signing in, and what the reader sees of a run.

Databases: every one is a copy of the demo database built once per run (tests/appserver.py :func:`demo_copy`),
never the demo loaded again.  A module whose tests only read uses the run's shared copy
(``app_database = shared_database()``: its snapshot is then loaded once for all such modules); a module whose tests
write uses a copy of its own (``module_database(name)``); a test that writes inside a reading module takes the
``own_database`` fixture (a copy for that test alone, tests/conftest_pages.py)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.appserver import ROOT, demo_copy
from tests.markdown_check import as_text

_SHARED: dict[str, str] = {}


def _use(url: str):
    old = os.environ.get("EIT_DATABASE_URL")
    os.environ["EIT_DATABASE_URL"] = url
    return old


def _restore(old: str | None) -> None:
    if old is None:
        os.environ.pop("EIT_DATABASE_URL", None)
    else:
        os.environ["EIT_DATABASE_URL"] = old


def module_database(name: str):
    """An autouse fixture for a module of page tests: ``EIT_DATABASE_URL`` names a fresh copy of the demo database
    for the whole module, and is put back afterwards.  In the module: ``app_database = module_database("pages")``;
    a test may take ``app_database`` for the URL."""
    @pytest.fixture(scope="module", autouse=True)
    def app_database(tmp_path_factory):
        url = demo_copy(tmp_path_factory.mktemp(name) / "eit.sqlite")
        old = _use(url)
        yield url
        _restore(old)
    return app_database


def shared_database():
    """An autouse fixture for a module of page tests that write nothing a page shows: the run's one shared copy
    of the demo database (``app_database = shared_database()``)."""
    @pytest.fixture(scope="module", autouse=True)
    def app_database():
        if "url" not in _SHARED:
            _SHARED["url"] = demo_copy(Path(tempfile.mkdtemp(prefix="eit-pages-")) / "eit.sqlite")
        old = _use(_SHARED["url"])
        yield _SHARED["url"]
        _restore(old)
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


def sign_in(at: AppTest, user: str, password: str) -> AppTest:
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input(user)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def signed_in(user: str, page: str, **params) -> AppTest:
    """``page`` opened by the demo account ``user`` (signed in first, in the language of ``params`` if it names
    one), with the query parameters ``params``."""
    at = run(**({"lang": params["lang"]} if "lang" in params else {}))
    sign_in(at, user, "demo")
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def press(at: AppTest, label_part: str) -> None:
    """Click the first button whose label holds ``label_part``; the run raised nothing."""
    [b for b in at.button if label_part in b.label][0].click().run()
    assert not at.exception, [e.message for e in at.exception]


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def html(at) -> str:
    return "\n".join(h.value for h in at.get("html"))


def text(at) -> str:
    """What the reader sees of the page's Markdown (data text in it is escaped, see ui/text.py)."""
    parts = [e.value for kind in ("title", "caption", "markdown", "warning", "info", "error", "success",
                                  "subheader", "header")
             for e in getattr(at, kind)]
    return "\n".join(as_text(p) for p in parts)


def links(at) -> dict[str, dict]:
    """The page links of the run: label -> query parameters."""
    from urllib.parse import parse_qs

    return {p.proto.label: {k: v[0] for k, v in parse_qs(p.proto.query_string).items()} for p in at.get("page_link")}
