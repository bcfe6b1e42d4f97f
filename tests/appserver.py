"""Start the real app (``streamlit run serve.py``: app.py and the sign-in cookie routes) on a free local port
for browser tests and the benchmark, on a copy of the demo database built once per process (:func:`demo_copy`)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


#: The demo database to copy, when a parent process (the test run) has built it already.
TEMPLATE_ENV = "EIT_TEST_DEMO_TEMPLATE"
_TEMPLATE: dict[str, Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def _demo_template() -> Path:
    """A SQLite database filled with the demo (as the app fills a new one: ``ensure_database``), built once in a
    temporary directory, with the evidence files the demo keeps under ``uploads/`` beside it; processes started
    afterwards (app servers, benchmarks in their quick mode) find it through ``EIT_TEST_DEMO_TEMPLATE``.
    Loading the demo takes 15-50 s on a busy two-core machine; a copy takes a few milliseconds."""
    with _TEMPLATE_LOCK:
        given = os.environ.get(TEMPLATE_ENV, "").strip()
        if "db" not in _TEMPLATE and given and Path(given).is_file():
            _TEMPLATE["db"] = Path(given)
        if "db" not in _TEMPLATE:
            from db.engine import get_engine
            from db.startup import ensure_database
            from demo.seed import seed_demo

            directory = Path(tempfile.mkdtemp(prefix="eit-demo-template-"))
            saved = {k: os.environ.get(k) for k in ("EIT_UPLOAD_DIR", "EIT_DEMO")}
            os.environ.update(EIT_UPLOAD_DIR=str(directory / "uploads"), EIT_DEMO="1")
            engine = get_engine(f"sqlite:///{directory / 'demo.sqlite'}")
            try:
                if not ensure_database(engine, ROOT / "data", seed=seed_demo):
                    raise RuntimeError("the demo template was not filled")
            finally:
                engine.dispose()                # the last connection closed: the write-ahead log is folded in
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
            _TEMPLATE["db"] = directory / "demo.sqlite"
            os.environ[TEMPLATE_ENV] = str(_TEMPLATE["db"])      # the processes this one starts copy it too
        return _TEMPLATE["db"]


def demo_copy(database: Path, upload_dir: Path | None = None) -> str:
    """Copy the demo database (:func:`_demo_template`) to ``database`` and its evidence files into ``upload_dir``
    (default: where the app keeps uploads, ``EIT_UPLOAD_DIR`` or var/uploads); the URL of the copy.  The copy is a
    demo database as the app would have made it on its first page run, so the app finds it filled."""
    template = _demo_template()
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, database)
    upload_dir = upload_dir or Path(os.environ.get("EIT_UPLOAD_DIR", "").strip() or ROOT / "var" / "uploads")
    shutil.copytree(template.parent / "uploads", upload_dir, dirs_exist_ok=True)
    return f"sqlite:///{database}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _starts_with_the_demo(env_extra: dict) -> bool:
    """Whether the app, given ``env_extra``, would fill its new database with the demo of the repository's data."""
    return not ({"EIT_DATABASE_URL", "EIT_DATA_DIR"} & set(env_extra)) and env_extra.get("EIT_DEMO", "1") != "0" \
        and os.environ.get("EIT_DEMO", "1").strip() != "0" and not os.environ.get("EIT_DATA_DIR", "").strip()


@contextmanager
def running_app(env_extra: dict | None = None, timeout: float = 90, demo: bool = True):
    """The app on a free port, on a new SQLite database: a copy of the demo database (``demo=False``, or an
    ``env_extra`` naming another database, data directory or ``EIT_DEMO=0``: an empty one the app fills itself)."""
    env_extra = env_extra or {}
    port = free_port()
    db_dir = Path(tempfile.mkdtemp(prefix="eit-app-"))
    url = f"sqlite:///{db_dir}/eit.sqlite"
    if demo and _starts_with_the_demo(env_extra):
        uploads = env_extra.get("EIT_UPLOAD_DIR") or os.environ.get("EIT_UPLOAD_DIR", "").strip()
        url = demo_copy(db_dir / "eit.sqlite", Path(uploads) if uploads else None)
    env = {**os.environ, "EIT_DATABASE_URL": url, **env_extra}
    log = open(ROOT / "artifacts" / f"streamlit-{port}.log", "w") if (ROOT / "artifacts").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the app did not start (exit code {proc.poll()})")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
