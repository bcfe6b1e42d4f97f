"""The one headless Chromium the browser tests share (Debian's chromium, driven by Playwright), per test module."""
from __future__ import annotations

import os

import pytest

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT


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
