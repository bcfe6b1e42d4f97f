"""Every benchmark under bench/ still runs: each script, as a user starts it (``python bench/<name>.py --quick``, a
process of its own), completes in its quick mode (small sizes, seconds; goals printed but not enforced) and prints
its figures.  A change that breaks a benchmark fails here, not months later when someone runs it at full size.

cluster_bench.py's quick mode measures one app server on a free port (its ``--direct`` figures), so it runs beside
other tests; the full cluster needs nginx and the fixed ports of tests/test_cluster.py."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.appserver import ROOT, demo_copy

BENCH = ROOT / "bench"


def scripts() -> list[str]:
    """The runnable scripts of bench/ (a file with a ``__main__`` block); helpers such as registry_sample.py are not."""
    return sorted(p.name for p in BENCH.glob("*.py") if 'if __name__ == "__main__"' in p.read_text(encoding="utf-8"))


NUMBER = r"\d[\d,]*(?:\.\d+)?"
#: What each script's quick run must print: one figure line per part, a number in each.
FIGURES = {
    "benchmark.py": [rf"database \w+: migrate \+ load the demo {NUMBER} s",
                     rf"national map: built in {NUMBER} ms, {NUMBER} MB",
                     rf"national page script \(AppTest\): cold {NUMBER} s, warm {NUMBER} s",
                     rf"largest area page script \(AppTest\): cold {NUMBER} s, warm {NUMBER} s",
                     rf"symbiosis: area page script \(staff\) .* warm {NUMBER} s",
                     rf"import {NUMBER} rows .* into sqlite: {NUMBER} s",
                     rf"factory search over {NUMBER} factories: .* p95 {NUMBER} ms",
                     rf"national page with the factory layer, whole country .* warm {NUMBER} s",   # (no browser)
                     rf"goal national_warm_s <= {NUMBER}: {NUMBER} (ok|MISSED)"],
    "cluster_bench.py": [rf"national +{NUMBER} +{NUMBER} +{NUMBER}", rf"area +{NUMBER} +{NUMBER} +{NUMBER}"],
    "import_bench.py": [rf"import {NUMBER} rows \({NUMBER} MB CSV\) into sqlite: {NUMBER} s .* peak memory {NUMBER} MB"],
    "memory_bench.py": [rf"national page on the demo: {NUMBER} s, RSS {NUMBER} MB",
                        rf"import  ?2 \(landed, {NUMBER} inserted\)",
                        rf"growth [+-]{NUMBER} MB \(goal <= {NUMBER} MB\)"],
    "registry_bench.py": [rf"map builder, {NUMBER} points .* point layer {NUMBER} ms",
                          rf"nearest area of all {NUMBER} factories",
                          rf"national page with the factory layer, Rayong .* warm {NUMBER} s",
                          rf"drawn in headless Chromium, Rayong picked in the open national page: {NUMBER} s",
                          rf"goal registry_national_warm_s <= {NUMBER}: {NUMBER}"],
    "search_bench.py": [rf"factory search over {NUMBER} factories: index prepared in {NUMBER} s; search p50 {NUMBER} ms, "
                        rf"p95 {NUMBER} ms", rf"goal search_p95_ms <= {NUMBER}: {NUMBER}"],
    "symbiosis_bench.py": [rf"symbiosis: area page script \(viewer\) .* warm {NUMBER} s wall",
                           rf"goal symbiosis_area_page_s <= {NUMBER}: {NUMBER}"],
    "api_bench.py": [rf"{NUMBER} requests of {NUMBER} features: median {NUMBER} ms, p95 {NUMBER} ms",
                     rf"goal api_p95_ms <= {NUMBER}: {NUMBER}"],
    # the load benchmark's one line per run (issue: "viewers N: p95 X s, errors E, cpu per page run Y ms")
    "load_bench.py": [rf"viewers {NUMBER}: p95 {NUMBER} s, errors {NUMBER}, cpu per page run {NUMBER} ms"],
}
#: Scripts that start an app server and drive headless Chromium.
BROWSER = {"cluster_bench.py", "registry_bench.py", "load_bench.py", "api_bench.py"}


def test_every_benchmark_script_is_checked_here():
    found = scripts()
    assert {"benchmark.py", "import_bench.py", "search_bench.py", "registry_bench.py"} <= set(found)
    assert [s for s in found if s not in FIGURES] == [], "a new benchmark needs its figures listed in FIGURES"


@pytest.mark.parametrize("script", [pytest.param(s, marks=[pytest.mark.browser] if s in BROWSER else [])
                                    for s in scripts()])
def test_quick_mode_completes_and_prints_its_figures(script, tmp_path):
    demo_copy(tmp_path / "demo.sqlite", tmp_path / "uploads")      # the run's demo database, built once: the scripts
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}                   # copy it (EIT_TEST_DEMO_TEMPLATE), not load it
    for name in ("EIT_DATABASE_URL", "EIT_DATA_DIR", "EIT_UPLOAD_DIR"):    # each makes its own database
        env.pop(name, None)
    env.pop("EIT_BENCH_POSTGRES_URL", None)
    env.pop("EIT_TEST_POSTGRES_URL", None)         # the import benchmark would also fill PostgreSQL: not here
    out = subprocess.run([sys.executable, str(BENCH / script), "--quick"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, f"{script} --quick exited {out.returncode}:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert re.search(r"quick mode", out.stdout), out.stdout[:500]         # it says its sizes are not the real ones
    missing = [p for p in FIGURES[script] if not re.search(p, out.stdout)]
    assert missing == [], f"{script} --quick did not print {missing}:\n{out.stdout[-3000:]}"
