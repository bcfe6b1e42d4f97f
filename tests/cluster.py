"""Start the shipped cluster (``scripts/cluster.sh``: two app servers on one PostgreSQL behind nginx) on free
loopback ports for the cluster test and the benchmark, and stop all of it afterwards."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.appserver import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NODE_COOKIE = "eit_node"
UPSTREAM_HEADER = "X-EIT-Upstream"


@dataclass
class Cluster:
    proxy: str              # http://127.0.0.1:PORT of nginx
    apps: list[str]         # http://127.0.0.1:PORT of each app server
    run_dir: Path

    def upstream_of(self, node: str, path: str = "/_stcore/health") -> str:
        """The app server (host:port) nginx sends a browser with cookie ``eit_node=node`` to."""
        req = urllib.request.Request(self.proxy + path, headers={"Cookie": f"{NODE_COOKIE}={node}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.headers[UPSTREAM_HEADER]

    def node_for_each_app(self, tries: int = 64) -> dict[str, str]:
        """A cookie value pinned to each app server: {"127.0.0.1:PORT": node}."""
        found: dict[str, str] = {}
        for i in range(tries):
            node = f"node{i:02d}"
            found.setdefault(self.upstream_of(node), node)
            if len(found) == len(self.apps):
                break
        return found


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the script (its trap stops the app servers and nginx), then to its process group if needed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGTERM)   # the group this module started (start_new_session)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@contextmanager
def running_cluster(database_url: str, run_dir: Path, n_apps: int = 2, env_extra: dict | None = None,
                    timeout: float = 150):
    """``scripts/cluster.sh`` on free loopback ports; yields a :class:`Cluster` once nginx and every app server
    answer their health check."""
    run_dir.mkdir(parents=True, exist_ok=True)
    app_ports = [free_port() for _ in range(n_apps)]
    proxy_port = free_port()
    env = {**os.environ, "EIT_DATABASE_URL": database_url, "PYTHON": sys.executable,
           "EIT_CLUSTER_APPS": " ".join(f"127.0.0.1:{p}" for p in app_ports),
           "EIT_CLUSTER_LISTEN": f"127.0.0.1:{proxy_port}", "EIT_CLUSTER_DIR": str(run_dir),
           "STREAMLIT_SERVER_COOKIE_SECRET": "cluster-test-secret-0123456789abcdef", "NGINX": NGINX,
           **(env_extra or {})}
    out = open(run_dir / "cluster.log", "w")
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "cluster.sh")], cwd=ROOT, env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    cluster = Cluster(f"http://127.0.0.1:{proxy_port}", [f"http://127.0.0.1:{p}" for p in app_ports], run_dir)
    try:
        deadline = time.time() + timeout
        while not all(_healthy(u) for u in [cluster.proxy, *cluster.apps]):
            if proc.poll() is not None or time.time() > deadline:
                log = (run_dir / "cluster.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the cluster did not start (exit code {proc.poll()}):\n{log}")
            time.sleep(0.5)
        yield cluster
    finally:
        _stop(proc)
        out.close()
