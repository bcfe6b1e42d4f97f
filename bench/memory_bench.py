"""A long-running server's memory over many imports: does each import's new snapshot release the previous one?

    .venv/bin/python bench/memory_bench.py [--imports 20] [--rows 50]

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


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--imports", type=int, default=20)
    ap.add_argument("--rows", type=int, default=50, help="rows per registry file")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="eit-memory-"))
    os.environ.update(EIT_DATABASE_URL=f"sqlite:///{tmp / 'eit.sqlite'}", EIT_DEMO="1",
                      EIT_UPLOAD_DIR=str(tmp / "uploads"))
    os.environ.pop("EIT_DATA_DIR", None)

    from streamlit.testing.v1 import AppTest

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
    for i in range(1, args.imports + 1):
        data = moi_csv(args.rows, data_dir, seed=1000 + i)
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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
