import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The shared headless Chromium of the browser tests (test_cluster.py has its own, started after its cluster), and
# the database fixtures (db_url over SQLite and PostgreSQL, engine, placer, upload_root).
from tests.conftest_browser import browser  # noqa: E402,F401
from tests.conftest_db import db_url, engine, placer, upload_root  # noqa: E402,F401
