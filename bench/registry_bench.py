"""The whole registry on the map: figures with the synthetic 150,000-row registry (bench/registry_sample.py).

    .venv/bin/python bench/registry_bench.py [--rows 150000] [--no-browser]

Prints, in one run:
- the map builder at 20,000 points: the point layer against one ``folium.CircleMarker`` per factory, side by side
  (time and bytes a point; goal ≥ 20× faster, payload within 3× of 20 bytes a point);
- nearest area of every registered factory (150,000 points against the 53 areas): time and memory;
- the national page with the factory layer on (AppTest, the page's own script): whole country and one province
  (Rayong), cold and warm, and the map payload each sends;
- drawn in headless Chromium on the real app server: from opening the page to the layer drawn, warm (goals: whole
  country ≤ 3 s, a province ≤ 1 s).
bench/benchmark.py runs it in a process of its own and adds its goals to the list it checks.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOALS = {"registry_builder_speedup_min": 20.0, "registry_bytes_per_point": 60.0, "registry_national_map_mb": 3.0,
         "registry_national_warm_s": 1.5, "registry_national_drawn_s": 3.0, "registry_province_map_mb": 0.5,
         "registry_province_warm_s": 1.0, "registry_province_drawn_s": 1.0}
PROVINCE = "21"      # Rayong
POINTS = 20_000
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: True once the map's point layer (static/js/pointlayer.js) has drawn on its canvas.
LAYER_DRAWN_JS = ("(() => { if (!window.map || !window.L || !L.EitPoints) return false; for (const k in window.map._layers)"
                  " { const l = window.map._layers[k]; if (l instanceof L.EitPoints && l._drawn) return true; } "
                  "return false; })()")


def make_database(rows: int, directory: Path) -> str:
    """A SQLite database with the demo and ``rows`` synthetic registry rows imported on top; its URL."""
    from bench.registry_sample import moi_csv
    from db.accounts import operator_name
    from db.engine import get_engine
    from demo.seed import ensure_database
    from ingest.importer import import_factories

    url = f"sqlite:///{directory / 'registry.sqlite'}"
    engine = get_engine(url)
    ensure_database(engine, ROOT / "data")
    result = import_factories(engine, moi_csv(rows, ROOT / "data"), "registry.csv", operator_name("benchmark"),
                              ROOT / "data", skip_invalid=True, upload_root=directory / "uploads")
    if not result.landed:
        raise SystemExit(f"the synthetic registry did not import: {result.status}")
    engine.dispose()
    return url


def builder_side_by_side(n: int = POINTS) -> dict:
    """The point layer and one CircleMarker per point, on the same points, in this one run."""
    import folium
    import numpy as np

    from geo.maps import new_map
    from geo.pointlayer import add_points

    rng = np.random.default_rng(20)
    lon, lat, codes = rng.uniform(97.5, 105.5, n), rng.uniform(5.7, 20.4, n), rng.integers(0, 5, n)
    ids = [f"3-105-{i}/48รย" for i in range(n)]
    colours = ["#2b83ba", "#abdda4", "#fdae61", "#d7191c", "#bdbdbd"]
    bounds = [[5.5, 97.3], [20.5, 105.7]]
    floor = len(new_map(bounds).get_root().render().encode())

    t0 = time.perf_counter()
    m = new_map(bounds)
    add_points(m, lon, lat, codes, ids, colours, list("abcde"), "open", "{n}")
    html = m.get_root().render()
    t_layer = time.perf_counter() - t0
    layer_bytes = len(html.encode()) - floor + sent_points_bytes(html)      # the map and its served points file

    t0 = time.perf_counter()
    m = new_map(bounds)
    for x, y, c in zip(lon, lat, codes):
        folium.CircleMarker([y, x], radius=5, color="#333333", weight=1, fill=True, fill_color=colours[c],
                            fill_opacity=0.95).add_to(m)
    marker_bytes = len(m.get_root().render().encode()) - floor
    t_marker = time.perf_counter() - t0
    print(f"map builder, {n:,} points (built and rendered): point layer {t_layer * 1000:.0f} ms, "
          f"{layer_bytes / n:.1f} bytes a point; one CircleMarker each {t_marker:.1f} s, {marker_bytes / n:.0f} bytes "
          f"a point: {t_marker / t_layer:.0f}x faster, {marker_bytes / layer_bytes:.0f}x smaller", flush=True)
    return {"registry_builder_speedup_min": t_marker / t_layer, "registry_bytes_per_point": layer_bytes / n}


def nearest_figures(ds, layers) -> None:
    import tracemalloc

    from geo.registry import nearest_areas

    f = ds.factories
    tracemalloc.start()
    t0 = time.perf_counter()
    ids, km = nearest_areas(layers.areas, f["lon"].to_numpy(float), f["lat"].to_numpy(float))
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    outside = int(f["area_id"].isna().sum())
    print(f"nearest area of all {len(f):,} factories ({outside:,} outside every area) in memory (shapely STRtree "
          f"over the 53 area polygons): {seconds:.2f} s, peak {peak:.0f} MB extra; one factory (its page): "
          f"{_one_nearest(layers) * 1000:.1f} ms", flush=True)


def _one_nearest(layers) -> float:
    from geo.registry import nearest_areas

    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        nearest_areas(layers.areas, [100.5018], [13.7563])
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def page_figures(ds, layers) -> dict:
    """The national page with the layer on (AppTest) and the map it sends, whole country and one province."""
    from streamlit.testing.v1 import AppTest

    from geo.mapviews import national_map
    from geo.registry import province_bounds, select
    from scoring.summary import area_table, build_model, filter_areas

    model = build_model(ds.assessments, ds.criteria)
    year = max(model.years)
    table = area_table(ds.areas, ds.provinces, ds.factories, model, year, ds.certifications)
    out = {}
    for label, key, params in (("whole country", "national", {}), ("Rayong", "province", {"province": PROVINCE})):
        chosen = select(ds.factories, ds.provinces, province=params.get("province"))
        shown = filter_areas(table, province=params.get("province"))
        bounds = province_bounds(layers.provinces, params["province"]) if params else None
        t0 = time.perf_counter()
        m = national_map(layers, shown, "level", "th", ds.level_colours, bool(params), factories=chosen, bounds=bounds)
        html = m.get_root().render()
        t_map = time.perf_counter() - t0
        points = sent_points_bytes(html)
        mb = (len(html.encode()) + points) / 1e6
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        for k, v in {"factories": "1", **params}.items():
            at.query_params[k] = v
        t0 = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t0
        if at.exception:
            raise SystemExit(f"the national page raised: {at.exception[0].message}")
        warm = []
        for _ in range(5):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
        where = f"of which a served points file {points / 1e6:.2f} MB" if points else "points inline"
        print(f"national page with the factory layer, {label} ({len(chosen):,} factories): map built in "
              f"{t_map * 1000:.0f} ms, {mb:.2f} MB ({where}); page script cold {cold:.2f} s, warm {statistics.median(warm):.2f} s "
              f"(median of 5)", flush=True)
        out[f"registry_{key}_map_mb"] = mb
        out[f"registry_{key}_warm_s"] = statistics.median(warm)
    return out


def sent_points_bytes(html: str) -> int:
    """Bytes of the points file a map's layer fetches (0 when its points are inline)."""
    import json
    import re

    from geo.pointlayer import payload_text

    found = re.search(r"L\.eitPoints\((\{[^}]*\})", html)
    payload = json.loads(found.group(1)) if found else {}
    return len(payload_text(payload)) if "url" in payload else 0


def browser_figures(url_db: str) -> dict:
    """From opening the page to the factory layer drawn, in headless Chromium against the real app server."""
    from playwright.sync_api import sync_playwright

    from tests.appserver import CHROMIUM, CHROMIUM_ARGS, running_app

    out = {}
    with running_app({"EIT_DATABASE_URL": url_db}, timeout=180) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for label, key, query in (("without the layer (for comparison)", "plain", ""),
                                  ("whole country", "national", "?factories=1"),
                                  ("Rayong", "province", f"?factories=1&province={PROVINCE}")):
            times = []
            for _ in range(3):          # the first visit starts the server's caches; the others are warm
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                t0 = time.perf_counter()
                page.goto(url + "/" + query)
                frame = page.wait_for_selector(MAP_FRAME, timeout=180_000).content_frame()
                while not (frame.evaluate(LAYER_DRAWN_JS) if query else
                           frame.locator("path.leaflet-interactive").count() >= 106):     # 53 areas, 2 shapes each
                    page.wait_for_timeout(50)
                times.append(time.perf_counter() - t0)
                page.close()
            print(f"drawn in headless Chromium, {label}: first {times[0]:.2f} s, warm {min(times[1:]):.2f} s "
                  f"(opening the page to the layer on screen)", flush=True)
            out[f"registry_{key}_drawn_s"] = min(times[1:])
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=150_000)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    results = builder_side_by_side()

    tmp = Path(tempfile.mkdtemp(prefix="eit-registry-"))
    t0 = time.perf_counter()
    url = make_database(args.rows, tmp)
    print(f"database: the demo and {args.rows:,} synthetic registry rows imported in {time.perf_counter() - t0:.0f} s",
          flush=True)
    os.environ.update(EIT_DATABASE_URL=url)
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from geo.boundaries import load_boundaries
    from geo.layers import build_layers

    ds = load_dataset_from_db(ROOT / "data", get_engine(url))
    layers = build_layers(ds.areas, load_boundaries(ROOT / "data" / "boundaries"))
    nearest_figures(ds, layers)
    results.update(page_figures(ds, layers))
    if not args.no_browser:
        results.update(browser_figures(url))
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    failed = False
    for k, goal in GOALS.items():
        if k not in results:
            continue
        ok = results[k] >= goal if k.endswith("_min") else results[k] <= goal
        failed |= not ok
        print(f"goal {k} {'>=' if k.endswith('_min') else '<='} {goal}: {results[k]:.2f} {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
