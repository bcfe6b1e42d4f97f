"""A long-running server's memory over many imports, and per viewer session.

    .venv/bin/python bench/memory_bench.py [--imports 20] [--rows 50]
    .venv/bin/python bench/memory_bench.py --sessions 1,5,10 [--registry 150000]
    .venv/bin/python bench/memory_bench.py --quick      # 2 imports of 20 rows: seconds; the goal printed, not enforced

Imports: does each import's new snapshot release the previous one?

In one process, as in one Streamlit server: the national page (app.py through Streamlit's AppTest, the same
caches as the server) is run on a fresh SQLite database filled with the demo, then ``--imports`` small registry
files are imported through ``ingest.importer`` (as the import page does), each followed by a run of the national
page, which builds the snapshot of the new data version.  Prints the resident memory (VmRSS) after the first page
run and after each import's page run.  Goal: after the last import within 100 MB of the figure after the first
import (the issue saw 406 MB grow to 902 MB over 8 imports).  Exits 1 if the goal is missed.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MB = 100
SESSION_GOAL_MB = 20


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def server_rss_mb(port: int) -> float:
    """Resident memory of the app server listening on ``port`` (the ``streamlit run`` process this run started)."""
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            cmd = status.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            for line in (status.parent / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    raise RuntimeError(f"no app server on port {port}")


def sessions(counts: list[int], registry_rows: int, query: str = "?factories=1", url_db: str | None = None) -> int:
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    from bench.registry_bench import LAYER_DRAWN_JS, MAP_FRAME, make_database
    from tests.appserver import CHROMIUM, CHROMIUM_ARGS, running_app

    if url_db is None:
        url_db = make_database(registry_rows, Path(tempfile.mkdtemp(prefix="eit-sessions-")))
    figures = {}
    with running_app({"EIT_DATABASE_URL": url_db}, timeout=180) as url, sync_playwright() as p:
        port = urlparse(url).port
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = []
        print(f"app server started: RSS {server_rss_mb(port):.0f} MB (no session yet)", flush=True)
        for target in counts:
            while len(contexts) < target:
                ctx = browser.new_context(viewport={"width": 1366, "height": 768})
                page = ctx.new_page()
                page.goto(url + "/" + query)
                frame = page.wait_for_selector(MAP_FRAME, timeout=300_000).content_frame()
                while "factories=1" in query and not frame.evaluate(LAYER_DRAWN_JS):
                    page.wait_for_timeout(100)
                page.wait_for_selector("#area-table", timeout=300_000)
                contexts.append(ctx)
            time.sleep(3)
            figures[target] = server_rss_mb(port)
            print(f"{target:2d} session(s) open on /{query} ({registry_rows:,} registry rows): server RSS "
                  f"{figures[target]:.0f} MB", flush=True)
        for ctx in contexts:
            ctx.close()
        browser.close()
    first, last = counts[0], counts[-1]
    per = (figures[last] - figures[first]) / max(1, last - first)
    ok = per <= SESSION_GOAL_MB
    steps = ", ".join(f"{n}: {figures[n]:.0f} MB" for n in counts)
    print(f"server memory by sessions open ({steps}); each additional session {per:.1f} MB "
          f"(goal <= {SESSION_GOAL_MB} MB): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--imports", type=int, default=20)
    ap.add_argument("--rows", type=int, default=50, help="rows per registry file")
    ap.add_argument("--sessions", default=None, help="e.g. 1,5,10: server memory with that many viewer sessions")
    ap.add_argument("--registry", type=int, default=150_000, help="synthetic registry rows for --sessions")
    ap.add_argument("--query", default="?factories=1", help="the national page's query string for --sessions")
    ap.add_argument("--database", default=None, help="for --sessions: an existing database instead of a new one")
    ap.add_argument("--quick", action="store_true", help="2 imports of 20 rows: seconds, to check that the benchmark "
                                                         "runs; the goal is printed, not enforced")
    args = ap.parse_args()
    if args.quick:
        args.imports, args.rows, args.sessions = min(args.imports, 2), min(args.rows, 20), None
        print("quick mode: 2 imports of 20 rows; the goal is printed, not enforced")
    if args.sessions:
        return sessions(sorted(int(n) for n in args.sessions.split(",")), args.registry, args.query, args.database)
    return imports(args.imports, args.rows, args.quick)


def imports(n_imports: int, rows: int, quick: bool) -> int:
    """The national page, then ``n_imports`` registry files of ``rows`` rows, each followed by the page; the
    resident memory after each (``quick``: the goal is printed, not enforced)."""
    tmp = Path(tempfile.mkdtemp(prefix="eit-memory-"))
    os.environ.update(EIT_DATABASE_URL=f"sqlite:///{tmp / 'eit.sqlite'}", EIT_DEMO="1",
                      EIT_UPLOAD_DIR=str(tmp / "uploads"))
    os.environ.pop("EIT_DATA_DIR", None)

    from streamlit.testing.v1 import AppTest

    if quick:           # the demo copied, not loaded (the test run has built it once): seconds
        from tests.appserver import demo_copy
        demo_copy(tmp / "eit.sqlite", tmp / "uploads")

    import ui.context
    from bench.registry_sample import moi_csv
    from db.accounts import operator_name
    from db.engine import get_engine
    from ingest.importer import import_factories

    data_dir = ROOT / "data"
    built = []           # the number of factories of each snapshot the pages built (one per data version)
    load = ui.context.load_dataset_from_db

    def counted_load(*a, **kw):
        ds = load(*a, **kw)
        built.append(len(ds.factories))
        return ds
    ui.context.load_dataset_from_db = counted_load

    def national_page() -> float:
        t0 = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        if at.exception:
            raise SystemExit(f"the national page failed: {[e.message for e in at.exception]}")
        del at
        gc.collect()
        return time.perf_counter() - t0

    seconds = national_page()
    print(f"national page on the demo: {seconds:.1f} s, RSS {rss_mb():.0f} MB", flush=True)
    engine = get_engine(os.environ["EIT_DATABASE_URL"])
    after = []
    for i in range(1, n_imports + 1):
        data = moi_csv(rows, data_dir, seed=1000 + i)
        result = import_factories(engine, data, f"registry-{i}.csv", operator_name("benchmark"), data_dir, skip_invalid=True,
                                  upload_root=tmp / "uploads")
        seconds = national_page()
        after.append(rss_mb())
        print(f"import {i:2d} ({result.status}, {result.counts.get('rows_inserted', 0)} inserted): national page "
              f"{seconds:.1f} s, snapshots built {len(built)} (newest with {built[-1]:,} factories), "
              f"RSS {after[-1]:.0f} MB", flush=True)
    growth = after[-1] - after[0]
    ok = growth <= GOAL_MB
    print(f"RSS after the first import's page: {after[0]:.0f} MB; after import {len(after)}: {after[-1]:.0f} MB; "
          f"growth {growth:+.0f} MB (goal <= {GOAL_MB} MB): {'ok' if ok else 'MISSED'}")
    return 0 if ok or quick else 1


if __name__ == "__main__":
    sys.exit(main())
