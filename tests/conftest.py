import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The shared headless Chromium of the browser tests (test_cluster.py has its own, started after its cluster), and
# the database fixtures (db_url over SQLite and PostgreSQL, engine, placer, upload_root), and the page tests'
# (own_database: a copy of the demo database for one test; a_factory).
from tests.conftest_browser import browser, shared_app_url  # noqa: E402,F401
from tests.conftest_db import db_url, engine, placer, upload_root  # noqa: E402,F401
from tests.conftest_pages import a_factory, own_database  # noqa: E402,F401


def _tier(items) -> int:
    """Where a test module runs: 0 the pure core (plain functions, milliseconds), 1 the database tests (SQLite and
    PostgreSQL), 2 the page tests (Streamlit's AppTest), 3 the browser tests (an app server and Chromium), 4 the
    benchmarks' quick modes."""
    first = items[0]
    name = first.module.__name__.rsplit(".", 1)[-1] if first.module else ""
    if name == "test_bench_quick":
        return 4
    if any(i.get_closest_marker("browser") or i.get_closest_marker("cluster") for i in items):
        return 3
    if name.startswith(("test_pages", "test_states")):
        return 2
    if any({"db_url", "engine", "pg_url"} & set(getattr(i, "fixturenames", ())) for i in items):
        return 1
    return 0


def pytest_collection_modifyitems(session, config, items):
    """The pure core first, so that a broken rule fails within seconds; then the database, the pages, the browser
    and the benchmarks.  Whole modules move (their module-scoped fixtures stay set up once); the order inside a
    module is pytest's."""
    modules: dict = {}
    for item in items:
        modules.setdefault(item.module, []).append(item)
    tiers = {m: _tier(its) for m, its in modules.items()}
    order = {m: i for i, m in enumerate(modules)}
    items.sort(key=lambda i: (tiers[i.module], order[i.module]))
