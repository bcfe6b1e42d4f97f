"""The one headless Chromium the browser tests share (Debian's chromium, driven by Playwright), per test module, and
the one app server of the browser tests that only read (``shared_app_url``, for the whole run)."""
from __future__ import annotations

import os

import pytest

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium "
                    "(scripts/setup.sh --dev does it)")
    from playwright.sync_api import sync_playwright

    (ROOT / "artifacts").mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def shared_app_url():
    """The app on a copy of the demo database, started once for every browser test that writes nothing another
    test reads (a test that imports, certifies or needs a fresh server starts its own with ``running_app``)."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_app() as url:
        yield url
