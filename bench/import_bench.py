"""Import a synthetic 150,000-row factory registry into a database and print time and peak memory.

    .venv/bin/python bench/import_bench.py [--rows 150000] [--url sqlite:///tmp/x.sqlite] [--quick]

``--quick``: 2,000 rows, seconds (to check that the benchmark runs; it has no goal).

Run in its own process (bench/benchmark.py does) so that the peak memory is the import's own.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry_sample import moi_csv  # noqa: E402
from db.accounts import operator_name  # noqa: E402
from db.engine import get_engine, init_db  # noqa: E402
from ingest.importer import import_factories  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=150_000)
    ap.add_argument("--url", default=None)
    ap.add_argument("--quick", action="store_true", help="2,000 rows: seconds, to check that the benchmark runs")
    args = ap.parse_args()
    if args.quick:
        args.rows = min(args.rows, 2_000)
        print("quick mode: 2,000 rows")
    tmp = tempfile.mkdtemp(prefix="eit-bench-")
    url = args.url or f"sqlite:///{tmp}/bench.sqlite"
    data = moi_csv(args.rows, ROOT / "data")
    engine = get_engine(url)
    init_db(engine)
    last = [0.0]

    def progress(fraction: float, label: str) -> None:
        if fraction - last[0] >= 0.25 or fraction >= 1:
            last[0] = fraction
            print(f"  {fraction:4.0%} {label}", file=sys.stderr)

    t0 = time.perf_counter()
    result = import_factories(engine, data, "bench.csv", operator_name("benchmark"), ROOT / "data", skip_invalid=True,
                              progress=progress, upload_root=Path(tmp) / "uploads")
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = import_factories(engine, data, "bench.csv", operator_name("benchmark"), ROOT / "data", skip_invalid=True,
                             upload_root=Path(tmp) / "uploads")
    second = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dialect = engine.dialect.name
    c, c2 = result.counts, again.counts
    print(f"import {args.rows:,} rows ({len(data) / 1e6:.1f} MB CSV) into {dialect}: {first:.1f} s "
          f"({result.status}: {c.get('rows_inserted', 0):,} inserted, {c.get('rows_skipped', 0):,} skipped, "
          f"{c.get('n_warnings', 0):,} warnings); same file again: {second:.1f} s, "
          f"{c2.get('rows_unchanged', 0):,} unchanged, {c2.get('rows_updated', 0):,} updated; "
          f"peak memory {peak_mb:.0f} MB")
    return 0 if result.landed else 1


if __name__ == "__main__":
    sys.exit(main())
