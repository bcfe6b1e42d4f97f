"""Build the deterministic demo data set: ``python scripts/make_demo_data.py [--seed N] [--out DIR]``.

Reads data/areas.csv, data/provinces.csv, data/compliance_items.csv, the criteria table and data/boundaries, and
writes meta.json, factories.csv, factory_history.csv, factory_checklist.csv, assessments.csv and the symbiosis
demo (symbiosis_parties.csv, symbiosis_flows.csv, symbiosis_exchanges.csv) to DIR (default data/demo).
The same seed and inputs always give byte-identical files.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from demo.generate import DEFAULT_DATA_DIR, SEED, write_demo  # noqa: E402 (after the sys.path line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_DATA_DIR / "demo", help="output folder (default data/demo)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="input data folder (default data)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for path in write_demo(args.out, data_dir=args.data, seed=args.seed):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(f"done in {time.perf_counter() - start:.1f} s (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
