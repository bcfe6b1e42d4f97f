"""What a first visit transfers through nginx, with and without compression, and how soon a second app server
shows a write. Starts scripts/cluster.sh (two app servers on one PostgreSQL behind nginx) on loopback ports, once
per configuration, and drives headless Chromium (Debian's) through the proxy.

    EIT_TEST_POSTGRES_URL=postgresql+psycopg://… .venv/bin/python bench/cluster_bench.py
    .venv/bin/python bench/cluster_bench.py --direct     # one app server, no proxy, no PostgreSQL (SQLite demo)
    .venv/bin/python bench/cluster_bench.py --quick      # the same as --direct (what the test command runs)

The database named there is emptied and filled with the demo. Bytes are what nginx sent (its access log's
$bytes_sent: every HTTP response and the websocket, headers included) for one fresh browser (empty cache) until
the page has drawn; "http (CDP)" is Chromium's own count of the HTTP bytes received (encodedDataLength).

``--direct`` measures the same first visits straight from one app server (``streamlit run``, the settings of
.streamlit/config.toml, websocket compression included), counting every byte the server sends to the browser
(bench/first_visit.py), and whether the page pulled the plotly chart bundle. Goals (issue 9), through the proxy:
a first visit of national ≤ 2 MB, area ≤ 3 MB; drawn, warm, national ≤ 2 s, area ≤ 2.5 s (printed for a fresh
browser and for a returning one). The direct figure is the upper bound with nothing but Streamlit's own
compression.
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.appserver import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.cluster import NODE_COOKIE, running_cluster  # noqa: E402
from tests.conftest_db import DATA_DIR, _drop_everything  # noqa: E402

PAGES = {"national": ("/", "#area-table"), "area": ("/area?area=ryg-mtp", "#factory-table")}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
VISITS = 3          # fresh browsers per page and configuration, once every server has drawn it
CONFIGS = [  # (label, nginx gzip, Streamlit websocket compression)
    ("no compression", "off", "false"),
    ("nginx gzip", "on", "false"),
    ("nginx gzip + websocket deflate", "on", "true"),
]


def _log_bytes(log: Path, start: int) -> tuple[int, int]:
    """(HTTP bytes, websocket bytes) nginx logged after byte offset ``start`` of its access log."""
    http = ws = 0
    for line in log.read_bytes()[start:].decode(errors="replace").splitlines():
        m = re.search(r'" \d{3} (\d+) ', line)
        if not m:
            continue
        if "/_stcore/stream" in line:
            ws += int(m.group(1))
        else:
            http += int(m.group(1))
    return http, ws


def _drawn(page, url: str, selector: str) -> float:
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, timeout=90_000)
    frame = page.wait_for_selector(MAP_FRAME, timeout=90_000).content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=90_000)
    return time.perf_counter() - t0


def first_visit(browser, cluster, path: str, selector: str) -> dict:
    """One fresh browser (no cache, no cookies) through the proxy until the page has drawn; then the same browser
    opens the page again (``returning``: its cache holds the app's scripts, as on any later visit)."""
    log = cluster.run_dir / "access.log"
    start = log.stat().st_size
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on("Network.loadingFinished", lambda e: received.append(e["encodedDataLength"]))
    drawn = _drawn(page, cluster.proxy + path, selector)
    page.wait_for_timeout(1500)   # late requests (fonts, component files)
    page.close()
    http = ws = 0
    for _ in range(40):           # the websocket's line is written when it has closed
        http, ws = _log_bytes(log, start)
        if ws:
            break
        time.sleep(0.25)
    returning = _drawn(ctx.new_page(), cluster.proxy + path, selector)
    ctx.close()
    return {"total": http + ws, "http": http, "ws": ws, "cdp": sum(received), "drawn": drawn,
            "returning": returning}


def warm_every_server(browser, cluster, path: str, selector: str) -> None:
    """Open the page once on each app server (pinned by its cookie), so that no measured visit meets a cold one."""
    for node in cluster.node_for_each_app().values():
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_cookies([{"name": NODE_COOKIE, "value": node, "url": cluster.proxy}])
        _drawn(ctx.new_page(), cluster.proxy + path, selector)
        ctx.close()
    time.sleep(2)                 # nginx logs a websocket when it closes: not in the next visit's bytes


def write_seen_by_other(browser, cluster, engine, rounds: int = 3) -> list[float]:
    """Seconds from a certification written to the database until the other server's next page run shows it."""
    from db.accounts import operator_name
    from db.certification import set_certification
    from db.schema import assessments

    nodes = cluster.node_for_each_app()
    node_b = sorted(nodes.items())[1][1]
    area = "ryg-mtp"
    with engine.connect() as conn:
        year = conn.execute(sa.select(sa.func.max(assessments.c.year)).where(assessments.c.area_id == area)).scalar()
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.add_cookies([{"name": NODE_COOKIE, "value": node_b, "domain": "127.0.0.1", "path": "/"}])
    page = ctx.new_page()
    url = f"{cluster.proxy}/?lang=en&year={year}"
    page.goto(url)
    page.wait_for_selector("#area-table", timeout=90_000)
    times = []
    for i in range(rounds):
        level = (i % 5) + 1
        with engine.begin() as conn:    # on the demo's verification visit of the area; four eyes: another name certifies
            for status, who in (("draft", "bench"), ("verified", "bench"), ("certified", "bench-committee")):
                set_certification(conn, area, year, level, status, operator_name(who), note="benchmark write")
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("#area-table", timeout=90_000)
        row = page.locator("#area-table tbody tr").filter(has=page.locator(f'a[href*="area={area}"]'))
        assert f"Level {level}" in row.inner_text(), "the other server did not show the write"
        times.append(time.perf_counter() - t0)
    ctx.close()
    return times


def direct() -> int:
    """First visits straight from one app server (SQLite demo database), fresh browser, warm server."""
    from playwright.sync_api import sync_playwright

    from bench.first_visit import first_visit as direct_visit
    from bench.first_visit import relay_to
    from tests.appserver import running_app

    rows = {}
    with running_app({"EIT_DEMO": "1"}) as url, relay_to(url) as relay, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        base = f"http://127.0.0.1:{relay.port}"
        for name, (path, sel) in PAGES.items():
            direct_visit(browser, base, path, sel, relay)                 # warms the server's caches
            rows[name] = direct_visit(browser, base, path, sel, relay)
        browser.close()
    print("First visit straight from one app server (fresh browser, warm server, websocket compression as configured):")
    print(f"  {'page':9} {'wire MB':>8} {'http (CDP) MB':>14} {'drawn s':>8}  plotly bundle")
    for name, r in rows.items():
        print(f"  {name:9} {r['wire'] / 1e6:8.2f} {r['cdp'] / 1e6:14.2f} {r['drawn']:8.2f}  {'yes' if r['plotly'] else 'no'}")
    return 0


def main() -> int:
    from playwright.sync_api import sync_playwright

    if "--quick" in sys.argv[1:]:     # seconds, on a free port: checks that the benchmark runs; nothing is enforced
        print("quick mode: the --direct figures, straight from one app server on a free port (no nginx, no PostgreSQL)")
        return direct()
    if "--direct" in sys.argv[1:]:
        return direct()

    from db.engine import get_engine, init_db
    from demo.seed import seed_demo

    url = os.environ.get("EIT_BENCH_POSTGRES_URL") or os.environ.get("EIT_TEST_POSTGRES_URL")
    if not url:
        print("set EIT_TEST_POSTGRES_URL (or EIT_BENCH_POSTGRES_URL) to a PostgreSQL database it may empty")
        return 2
    _drop_everything(url)
    engine = get_engine(url)
    init_db(engine)
    seed_demo(engine, DATA_DIR)
    results = {}
    seen = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, gz, ws in CONFIGS:
            run_dir = Path(tempfile.mkdtemp(prefix="eit-cluster-bench-"))
            env = {"EIT_DEMO": "1", "EIT_CLUSTER_GZIP": gz, "STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": ws}
            with running_cluster(url, run_dir, env_extra=env) as cluster:
                for name, (path, sel) in PAGES.items():
                    warm_every_server(browser, cluster, path, sel)
                    runs = [first_visit(browser, cluster, path, sel) for _ in range(VISITS)]
                    results[(label, name)] = dict(runs[0], drawn=statistics.median(r["drawn"] for r in runs),
                                                  returning=statistics.median(r["returning"] for r in runs))
                if ws == "true":
                    seen = write_seen_by_other(browser, cluster, engine)
        browser.close()
    engine.dispose()
    _drop_everything(url)

    print("First visit through nginx (fresh browser, warm servers), and the same browser again (returning):")
    print(f"  {'configuration':32} {'page':9} {'total MB':>9} {'http MB':>8} {'ws MB':>7} {'http (CDP)':>10} {'drawn s':>8}"
          f" {'returning s':>11}")
    for (label, name), r in results.items():
        print(f"  {label:32} {name:9} {r['total'] / 1e6:9.2f} {r['http'] / 1e6:8.2f} {r['ws'] / 1e6:7.2f} "
              f"{r['cdp'] / 1e6:10.2f} {r['drawn']:8.2f} {r['returning']:11.2f}")
    print(f"  (drawn: from opening the page to its map and table on screen, the median of {VISITS} browsers)")
    if seen:
        print(f"A certification written, the other server's next page run shows it: "
              f"median {statistics.median(seen):.2f} s (runs: {', '.join(f'{s:.2f}' for s in seen)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
