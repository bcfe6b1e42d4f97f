"""Speed and size of the dashboard on the full embedded data. Prints its figures; exits 1 if a goal is missed.

    .venv/bin/python bench/benchmark.py [--quick]

Goals (issue: the dashboard end to end): the national page's script finishes in ≤ 1 s on a warm cache and sends a
map of ≤ 1.5 MB; the largest area's page in ≤ 1 s; no per-factory folium objects anywhere. It also imports a
synthetic 150,000-row registry (bench/import_bench.py) into SQLite and, when EIT_BENCH_POSTGRES_URL or
EIT_TEST_POSTGRES_URL is set, into PostgreSQL, and prints time and peak memory, and searches a 150,000-factory
registry (bench/search_bench.py: a search in ≤ 200 ms at the 95th percentile); and the whole registry on the map
(bench/registry_bench.py: the point layer against one CircleMarker per factory, the national page with the factory
layer, whole country and one province, in AppTest and drawn in headless Chromium; its goals are checked too).

``--quick`` (what the test command runs, tests/test_bench_quick.py): two runs of each timing, 50 synthetic
exchanges, and the sub-benchmarks in their own quick mode; it prints every figure and goal but exits 0 when a goal
is missed (the sizes are too small for the goals to mean anything).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from db.engine import get_engine  # noqa: E402
from db.snapshot import load_dataset_from_db  # noqa: E402
from db.startup import ensure_database  # noqa: E402
from demo.seed import seed_demo  # noqa: E402
from geo.boundaries import load_boundaries  # noqa: E402
from geo.layers import build_layers  # noqa: E402
from geo.mapviews import area_map, national_map  # noqa: E402
from scoring.factories import compliance_in  # noqa: E402
from scoring.summary import area_table, build_model  # noqa: E402

GOALS = {"national_warm_s": 1.0, "national_map_mb": 1.5, "area_warm_s": 1.0}


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def count_elements(m) -> int:
    n, todo = 0, [m]
    while todo:
        el = todo.pop()
        n += 1
        todo.extend(getattr(el, "_children", {}).values())
    return n


STATEMENTS = {"n": 0}


def _count_statement(*_args, **_kw) -> None:
    STATEMENTS["n"] += 1


def count_sql_statements() -> None:
    """Count every SQL statement any engine of this process sends (the app's own engine included)."""
    import sqlalchemy as sa

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", _count_statement)


def page_times(path: str, params: dict, runs: int = 5, user: str | None = None) -> tuple[float, float, float]:
    """Cold and median warm script time of a page (AppTest), and the SQL statements per warm run; with ``user``
    (a demo account) signed in first, so that every run also finds the sign-in again (db.sessions.resolve)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    _, cold = timed(at.run)
    if user:
        at.switch_page("pages/signin.py").run()
        at.text_input[0].input(user)
        at.text_input[1].input("demo")
        at.button[0].click().run()
        if (at.session_state["user"] or {}).get("username") != user:
            raise SystemExit(f"could not sign in as {user}")
        at.switch_page(path)
        _, cold = timed(at.run)
    if path != "pages/national.py" and not user:
        at.switch_page(path)
        _, cold = timed(at.run)
    if at.exception:
        raise SystemExit(f"{path} raised: {at.exception[0].message}")
    before = STATEMENTS["n"]
    warm = [timed(at.run)[1] for _ in range(runs)]
    return cold, statistics.median(warm), (STATEMENTS["n"] - before) / runs


def seed_and_load(data: Path):
    """The benchmark's database (``EIT_DATABASE_URL``, or a new SQLite file) with the demo, its dataset, scoring
    model and map layers; prints the cold-start figures."""
    import os
    import tempfile

    os.environ.setdefault("EIT_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='eit-bench-')}/eit.sqlite")
    engine = get_engine(os.environ["EIT_DATABASE_URL"])
    _, t_seed = timed(ensure_database, engine, data, seed_demo)
    print(f"database {engine.dialect.name}: migrate + load the demo {t_seed:.2f} s")
    ds, t_load = timed(load_dataset_from_db, data, engine)
    model, t_model = timed(build_model, ds.assessments, ds.criteria)
    layers, t_layers = timed(lambda: build_layers(ds.areas, load_boundaries(data / "boundaries")))
    print(f"data: {len(ds.areas)} areas, {len(ds.factories):,} factories, {len(ds.history):,} history rows, "
          f"{len(ds.assessments):,} indicator results")
    print(f"cold start: load+validate {t_load:.2f} s, scoring {t_model:.2f} s, map layers {t_layers:.2f} s")
    return engine, ds, model, layers


def map_figures(ds, model, layers) -> tuple[dict, bool, str, int]:
    """The national map and the largest area's map: built time, size, folium elements.  Returns (results for
    GOALS, whether a folium object is made per factory, the largest area, the year)."""
    year = max(model.years)
    table = area_table(ds.areas, ds.provinces, ds.factories, model, year)
    m, t_map = timed(national_map, layers, table, "level", "th", ds.level_colours, False)
    n_national = count_elements(m)
    national_mb = len(m.get_root().render().encode()) / 1e6
    print(f"national map: built in {t_map * 1000:.0f} ms, {national_mb:.2f} MB of HTML, "
          f"{n_national} folium elements")

    biggest = ds.factories["area_id"].value_counts().idxmax()
    n_big = int((ds.factories["area_id"] == biggest).sum())
    area = ds.areas.set_index("area_id", drop=False).loc[biggest]
    fac = ds.factories.loc[ds.factories["area_id"] == biggest]
    am, t_am = timed(area_map, layers, area, fac, compliance_in(ds.history, year), "th")
    n_elements = count_elements(am)  # before rendering, which adds page-level elements
    area_html = am.get_root().render()
    print(f"largest area {biggest} ({n_big} factories): map built in {t_am * 1000:.0f} ms, "
          f"{len(area_html.encode()) / 1e6:.2f} MB, {n_elements} folium elements")
    small = count_elements(area_map(layers, area, fac.head(10), compliance_in(ds.history, year), "th"))
    per_factory = n_elements != small
    print(f"folium elements with 10 factories: {small} (same as with {n_big}: {not per_factory})")
    return {"national_map_mb": national_mb}, per_factory, biggest, year


def page_figures(biggest: str, runs: int) -> dict:
    """The national page (as a viewer and signed in) and the largest area's page through AppTest."""
    count_sql_statements()
    n_cold, n_warm, n_sql = page_times("pages/national.py", {}, runs)
    print(f"national page script (AppTest): cold {n_cold:.2f} s, warm {n_warm:.2f} s (median of {runs}), "
          f"{n_sql:.0f} SQL statements per warm run")
    _, s_warm, s_sql = page_times("pages/national.py", {}, runs, user="demo-staff")
    print(f"national page script signed in (AppTest): warm {s_warm:.2f} s (median of {runs}), "
          f"{s_sql:.0f} SQL statements per warm run ({s_sql - n_sql:+.0f}: the sign-in found again, one query "
          f"and, on SQLite, its BEGIN)")
    a_cold, a_warm, a_sql = page_times("pages/area.py", {"area": biggest}, runs)
    print(f"largest area page script (AppTest): cold {a_cold:.2f} s, warm {a_warm:.2f} s (median of {runs}), "
          f"{a_sql:.0f} SQL statements per warm run")
    return {"national_warm_s": n_warm, "area_warm_s": a_warm}


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], capture_output=True, text=True,
                          cwd=ROOT)


def subprocess_figures(quick: bool) -> tuple[list[str], list[str]]:
    """The benchmarks that run in a process of their own (each its own peak memory, database, app server and
    browser): the registry import into SQLite (and PostgreSQL when a URL is set), the factory search, the whole
    registry on the map.  Returns (goals missed, the registry benchmark's goal lines)."""
    import os

    flag = ["--quick"] if quick else []
    urls = [None] + [u for u in [os.environ.get("EIT_BENCH_POSTGRES_URL") or os.environ.get("EIT_TEST_POSTGRES_URL")] if u]
    for url in urls:
        out = _run("import_bench.py", *flag, *(["--url", url] if url else []))
        print((out.stdout.strip() or out.stderr.strip().splitlines()[-1]) if out.stdout or out.stderr else "import: no output")
    out = _run("search_bench.py", *flag)
    print("\n".join(line for line in out.stdout.strip().splitlines() if not line.startswith("  ")
                    and not line.startswith("goal ")) or (out.stderr.strip().splitlines() or ["search: no output"])[-1])
    missed = ["search_p95_ms"] if out.returncode != 0 else []
    reg = _run("registry_bench.py", *flag, *(["--no-browser"] if quick else []))   # quick: its own test draws it
    print("\n".join(line for line in reg.stdout.splitlines() if not line.startswith("goal ")))
    registry_goals = [line for line in reg.stdout.splitlines() if line.startswith("goal ")]
    if reg.returncode not in (0, 1):
        print("registry benchmark failed:", (reg.stderr.strip().splitlines() or ["no output"])[-1])
    return missed + (["registry"] if reg.returncode != 0 else []), registry_goals


def report_goals(results: dict, goals: dict, missed: list[str], per_factory: bool, per_flow: bool,
                 registry_goals: list[str]) -> list[str]:
    """Prints every goal with its figure; returns the goals missed."""
    failed = [k for k, goal in goals.items() if results[k] > goal] + (["per_factory_objects"] if per_factory else []) \
        + (["per_flow_objects"] if per_flow else []) + missed
    for k, goal in goals.items():
        print(f"goal {k} <= {goal}: {results[k]:.2f} {'ok' if results[k] <= goal else 'MISSED'}")
    print("goal no per-factory folium objects:", "MISSED" if per_factory else "ok")
    print("goal no per-flow folium objects:", "MISSED" if per_flow else "ok")
    print("goal factory search p95 <= 200 ms (150,000 factories):", "MISSED" if "search_p95_ms" in missed else "ok")
    print("\n".join(registry_goals))
    return failed


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="small sizes and two runs of each timing (seconds, what the test command runs): checks that "
                         "the benchmark runs; its goals are printed, not enforced")
    args = ap.parse_args(argv)
    if args.quick:
        print("quick mode: two runs of each timing, 50 synthetic exchanges (500 exported), the sub-benchmarks in their "
              "quick mode; the goals are printed, not enforced")
    runs = 2 if args.quick else 5
    engine, ds, model, layers = seed_and_load(ROOT / "data")
    results, per_factory, biggest, year = map_figures(ds, model, layers)

    from bench.symbiosis_bench import GOALS as SYMBIOSIS_GOALS
    from bench.symbiosis_bench import figures as symbiosis_figures
    sizes = {"n": 50, "n_export": 500} if args.quick else {}
    sym_results, per_flow = symbiosis_figures(ds, layers, biggest, year, count_elements, **sizes) \
        if ds.symbiosis is not None else ({}, False)
    results.update(page_figures(biggest, runs))
    if ds.symbiosis is not None:     # the same page with 500 more exchanges in the database (viewer and staff)
        from bench.symbiosis_bench import page_figures as symbiosis_page_figures
        sym_results.update(symbiosis_page_figures(engine, ds, biggest, year, ROOT, runs=runs,
                                                  n=50 if args.quick else 500))
    missed, registry_goals = subprocess_figures(args.quick)

    results.update(sym_results)
    goals = {**GOALS, **{k: v for k, v in SYMBIOSIS_GOALS.items() if k in results}}
    failed = report_goals(results, goals, missed, per_factory, per_flow, registry_goals)
    if args.quick and failed:
        print(f"quick mode: goals missed but not enforced: {', '.join(failed)}")
    return 1 if failed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
