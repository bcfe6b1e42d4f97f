"""The awards night: N viewers open the dashboard within a minute, the way a browser talks to the app.

    .venv/bin/python bench/load_bench.py --viewers 1,10,50           # one run per number, on one app server
    .venv/bin/python bench/load_bench.py --viewers 200 --arrival 60  # the event: 200 viewers arriving within 60 s
    .venv/bin/python bench/load_bench.py --quick                     # 3 viewers over 3 s (what the test command runs)
    .venv/bin/python bench/load_bench.py --url http://127.0.0.1:8080 --pids 1234,1235 --viewers 200

Each viewer is what a phone does after scanning the QR code: it opens Streamlit's websocket (``/_stcore/stream``),
asks for a page run (a ``rerun_script`` BackMsg carrying the page's name and query string, as the browser does on
loading an address) and reads ForwardMsgs until ``script_finished``: the page is complete on the server's side (the
browser then only draws what it received). Each viewer opens the front page, then an area (``/area?area=<id>``),
then a factory of that area (``/factory?factory=<registration no.>``), each as a page load of its own (a new
websocket, as following a link does); the viewers arrive evenly spread over ``--arrival`` seconds.

By default the script starts the app itself (``streamlit run serve.py``, tests/appserver.py) on a free port, on a
copy of the demo database (SQLite), warms it with one viewer, and reads the server process's CPU time
(/proc/<pid>/stat) before and after each run and its peak memory (VmHWM). ``--url`` points it at a server or a
cluster already running (scripts/cluster.sh); give ``--pids`` (the app servers' process ids, on this machine) for
the CPU and memory figures, otherwise they are printed as 0. The viewers' own process runs on the same machine and
takes some CPU from the server: on a small machine the figures are an upper bound.

An error is a page that did not complete (the socket closed, no ``script_finished`` within ``--timeout`` s), that
showed an exception, or that the app did not find. Per run it prints, for each page, p50 / p95 / max seconds to the
page complete and its errors; the server's CPU seconds per page run and its peak RSS; and one last line a script
can read: ``viewers N: p95 X s, errors E, cpu per page run Y ms`` (p95: the worst page's). Goals (issue 24): p95
<= 10 s per page, no error, the server's memory <= 2.5 GB; a warm page run <= 150 ms of server CPU.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

GOAL_P95_S = 10.0
GOAL_RSS_MB = 2500
GOAL_CPU_MS = 150
PAGES = ("national", "area", "factory")
TICKS = os.sysconf("SC_CLK_TCK")


# --- the server's process --------------------------------------------------------------------------------------

def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes (fields 14 and 15 of /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / TICKS


def peak_rss_mb(pids: list[int]) -> float:
    """The largest peak resident memory (VmHWM) among the processes, in MB."""
    peak = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
    return peak


# --- one viewer ------------------------------------------------------------------------------------------------

def rerun_message(page: str, query: str) -> bytes:
    """The BackMsg a browser sends on loading ``/<page>?<query>``: a page run by page name and query string."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = "" if page == "national" else page
    msg.rerun_script.widget_states.SetInParent()
    return msg.SerializeToString()


def _problem(fwd: ForwardMsg) -> str | None:
    """What is wrong with the page, as one ForwardMsg shows it (None: nothing)."""
    kind = fwd.WhichOneof("type")
    if kind == "page_not_found":
        return "page not found"
    if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
            and fwd.delta.new_element.WhichOneof("type") == "exception":
        return f"exception: {fwd.delta.new_element.exception.message[:120]}"
    return None


async def open_page(base: str, page: str, query: str, timeout: float) -> tuple[float, str | None]:
    """Seconds from opening the websocket to the page run's end, and the error (None: the page completed)."""
    parts = urlsplit(base)
    ws_url = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
    start = time.perf_counter()
    error = None
    try:
        async with asyncio.timeout(timeout):
            async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=f"{parts.scheme}://{parts.netloc}",
                                          max_size=None, open_timeout=timeout, ping_interval=None) as ws:
                await ws.send(rerun_message(page, query))
                async for data in ws:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(data)
                    error = error or _problem(fwd)
                    if fwd.WhichOneof("type") == "script_finished":
                        if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue                          # the app reran itself: the page is not done yet
                        if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                            error = error or "compile error"
                        return time.perf_counter() - start, error
                return time.perf_counter() - start, error or "closed before the page completed"
    except TimeoutError:
        return time.perf_counter() - start, f"no page complete within {timeout:.0f} s"
    except (OSError, websockets.WebSocketException) as exc:
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"


async def viewer(base: str, delay: float, targets: tuple[str, str], timeout: float, results: dict) -> None:
    """One visitor: waits ``delay`` s, then the front page, an area, a factory of it, one after the other."""
    await asyncio.sleep(delay)
    area, factory = targets
    for page, query in (("national", ""), ("area", f"area={area}"), ("factory", f"factory={factory}")):
        results[page].append(await open_page(base, page, query, timeout))


async def crowd(base: str, n: int, arrival: float, targets: list[tuple[str, str]], timeout: float) -> dict:
    results: dict[str, list] = {p: [] for p in PAGES}
    step = arrival / n if n > 1 else 0.0
    await asyncio.gather(*(viewer(base, i * step, targets[i % len(targets)], timeout, results) for i in range(n)))
    return results


# --- a run and its figures -------------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def run(base: str, n: int, arrival: float, targets: list, timeout: float, pids: list[int]) -> dict:
    """N viewers against ``base``; prints the run's table and returns its figures."""
    cpu0, t0 = cpu_seconds(pids), time.perf_counter()
    results = asyncio.run(crowd(base, n, arrival, targets, timeout))
    wall, cpu = time.perf_counter() - t0, cpu_seconds(pids) - cpu0
    runs = sum(len(r) for r in results.values())
    print(f"\n{n} viewers arriving over {arrival:g} s: {runs} page runs in {wall:.1f} s")
    print(f"  {'page':9} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'errors':>7}")
    worst, errors, messages = 0.0, 0, []
    for page, rows in results.items():
        secs = [s for s, _ in rows]
        errs = [e for _, e in rows if e]
        errors += len(errs)
        messages += errs
        p95 = percentile(secs, 0.95)
        worst = max(worst, p95)
        print(f"  {page:9} {statistics.median(secs):7.2f} {p95:7.2f} {max(secs):7.2f} {len(errs):7d}")
    for message in sorted(set(messages))[:5]:
        print(f"  error: {message} ({messages.count(message)}x)")
    per_run_ms = 1000 * cpu / runs if pids else 0.0
    rss = peak_rss_mb(pids)
    print(f"  server: {cpu:.1f} CPU s, {per_run_ms:.0f} ms per page run; peak RSS {rss:.0f} MB; "
          f"load average {os.getloadavg()[0]:.2f}")
    return {"n": n, "p95": worst, "errors": errors, "cpu_ms": per_run_ms, "rss": rss}


@contextlib.contextmanager
def app_server(env_extra: dict, work: Path, timeout: float = 120):
    """``streamlit run serve.py`` on a free port (as tests/appserver.py starts it); its address and process id."""
    import subprocess
    import urllib.request

    from tests.appserver import free_port

    port = free_port()
    with open(work / "streamlit.log", "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **env_extra}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the app did not start (exit code {proc.poll()}; see {work / 'streamlit.log'})")
            time.sleep(0.5)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def targets_from(database: Path, limit: int = 60) -> list[tuple[str, str]]:
    """(area id, registration no. of one of its factories) for the areas of the demo database."""
    with contextlib.closing(sqlite3.connect(database)) as con:
        rows = con.execute("SELECT area_id, MIN(registration_no) FROM factories WHERE area_id IS NOT NULL "
                           "AND area_id != '' GROUP BY area_id ORDER BY area_id LIMIT ?", (limit,)).fetchall()
    return [(a, r) for a, r in rows]


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--viewers", default="1,10,50", help="viewers per run, a list: 1,10,50")
    ap.add_argument("--arrival", type=float, default=60.0, help="seconds over which the viewers arrive")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds a page may take before it counts as an error")
    ap.add_argument("--url", help="a server or cluster already running (e.g. http://127.0.0.1:8080)")
    ap.add_argument("--pids", default="", help="with --url: the app servers' process ids, for CPU and memory")
    ap.add_argument("--targets", default="", help="with --url: area:registration_no,... (default: the demo's)")
    ap.add_argument("--quick", action="store_true", help="3 viewers over 3 s; goals printed, not enforced")
    args = ap.parse_args(argv)
    if args.quick:
        args.viewers, args.arrival = "3", 3.0
    args.counts = [int(v) for v in args.viewers.split(",") if v.strip()]
    return args


def report(figures: list[dict], quick: bool) -> int:
    """The goals, then one line per run for scripts; exit code 1 when a full run missed a goal."""
    missed = False
    print()
    for f in figures:
        ok = f["p95"] <= GOAL_P95_S and f["errors"] == 0 and f["rss"] <= GOAL_RSS_MB
        missed |= not ok
        print(f"goal viewers {f['n']}: p95 <= {GOAL_P95_S:g} s, no error, RSS <= {GOAL_RSS_MB} MB: "
              f"{'ok' if ok else 'MISSED'}; cpu per page run {f['cpu_ms']:.0f} ms (goal <= {GOAL_CPU_MS} ms)")
    for f in figures:
        print(f"viewers {f['n']}: p95 {f['p95']:.2f} s, errors {f['errors']}, cpu per page run {f['cpu_ms']:.0f} ms")
    return 0 if quick or not missed else 1


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.quick:
        print("quick mode: 3 viewers over 3 s on one app server (SQLite demo); goals printed, not enforced")
    if args.url:
        pids = [int(p) for p in args.pids.split(",") if p.strip()]
        targets = [tuple(t.split(":", 1)) for t in args.targets.split(",") if ":" in t] or [("ryg-mtp", "")]
        return report([run(args.url, n, args.arrival, targets, args.timeout, pids) for n in args.counts], args.quick)

    from tests.appserver import demo_copy

    work = Path(tempfile.mkdtemp(prefix="eit-load-bench-"))
    url = demo_copy(work / "eit.sqlite", work / "uploads")
    targets = targets_from(work / "eit.sqlite")
    env = {"EIT_DATABASE_URL": url, "EIT_UPLOAD_DIR": str(work / "uploads")}
    with app_server(env, work) as (base, pid):
        print(f"one app server (SQLite, the demo: {len(targets)} areas), pid {pid}, {os.cpu_count()} cores")
        run(base, 1, 0, targets, args.timeout, [pid])          # warm: the first page runs build the caches
        print("(the run above warmed the server; the runs below are measured on a warm server)")
        figures = [run(base, n, args.arrival, targets, args.timeout, [pid]) for n in args.counts]
    return report(figures, args.quick)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
