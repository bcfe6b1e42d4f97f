"""Two app servers on one PostgreSQL behind nginx (scripts/cluster.sh, deploy/nginx.conf.template): health check
and gzip through the proxy, sticky sessions, and a write that the other server shows on its next page run,
seen in headless Chromium through the proxy with the session pinned to each server in turn."""
from __future__ import annotations

import gzip
import os
import re
import time
import urllib.request

import pytest
import sqlalchemy as sa

from tests.appserver import CHROMIUM, CHROMIUM_ARGS
from tests.cluster import NGINX, NODE_COOKIE, UPSTREAM_HEADER, running_cluster
from tests.conftest_db import DATA_DIR, PG_ENV, _drop_everything

pytestmark = [pytest.mark.cluster, pytest.mark.browser]
AREA = "ryg-mtp"


def _need(ok: bool, msg: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"the cluster test must run in CI: {msg}")
        pytest.skip(msg)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    url = os.environ.get(PG_ENV, "").strip()
    _need(bool(url), f"{PG_ENV} is not set (scripts/test.sh sets it when it runs as root)")
    _need(os.path.exists(NGINX), "nginx is missing: apt-get install nginx (scripts/setup.sh --dev does it as root)")
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is needed: apt-get install chromium (scripts/setup.sh --dev does it)")
    from db.engine import get_engine, init_db
    from demo.seed import seed_demo

    _drop_everything(url)
    engine = get_engine(url)
    init_db(engine)
    seed_demo(engine, DATA_DIR)  # the demo, once, before either server starts
    run_dir = tmp_path_factory.mktemp("cluster")
    try:
        with running_cluster(url, run_dir, env_extra={"EIT_DEMO": "1", "EIT_UPLOAD_DIR": str(run_dir / "uploads")}) as c:
            c.engine = engine
            yield c
    finally:
        engine.dispose()
        _drop_everything(url)


def _get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=20) as r:
        return r.status, r.headers, r.read()


def test_health_check_and_gzip_through_the_proxy(cluster):
    status, headers, body = _get(cluster.proxy + "/_stcore/health")
    assert (status, body) == (200, b"ok")
    assert headers[UPSTREAM_HEADER] in {u.removeprefix("http://") for u in cluster.apps}
    _, headers, page = _get(cluster.proxy + "/")
    assert f"{NODE_COOKIE}=" in headers.get("Set-Cookie", "")  # a new browser is given its server
    script = re.search(rb'src="\.?/?(static/js/[^"]+\.js)"', page).group(1).decode()
    _, plain_headers, plain = _get(f"{cluster.apps[0]}/{script}")
    assert plain_headers.get("Content-Encoding") is None   # the app server itself sends it uncompressed
    _, headers, packed = _get(f"{cluster.proxy}/{script}", {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    assert len(packed) < len(plain) / 2


def test_the_websocket_passes_the_proxy_compressed(cluster):
    """nginx upgrades /_stcore/stream to a websocket, and Streamlit agrees to compress it (permessage-deflate)."""
    import http.client

    host, port = cluster.proxy.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        conn.request("GET", "/_stcore/stream", headers={
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "streamlit",
            "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits"})
        r = conn.getresponse()
        assert r.status == 101
        assert "permessage-deflate" in (r.getheader("Sec-WebSocket-Extensions") or "")
    finally:
        conn.close()


def test_a_browser_stays_on_its_server(cluster):
    nodes = cluster.node_for_each_app()
    assert set(nodes) == {u.removeprefix("http://") for u in cluster.apps}  # browsers are spread over both
    for app, node in nodes.items():
        assert {cluster.upstream_of(node) for _ in range(5)} == {app}
        assert cluster.upstream_of(node, "/") == app


def _level_of(page, base: str, year: int) -> tuple[int, bool, float]:
    """(level shown for AREA, certified?, seconds for the page run) on the national page in English."""
    t0 = time.perf_counter()
    page.goto(f"{base}/?lang=en&year={year}")
    page.wait_for_selector("#area-table", timeout=60_000)
    row = page.locator("#area-table tbody tr").filter(has=page.locator(f'a[href*="area={AREA}"]'))
    m = re.search(r"Level (\d)(\*?)", row.inner_text())
    assert m, row.inner_text()
    return int(m.group(1)), m.group(2) == "", time.perf_counter() - t0


def test_a_certification_on_one_server_shows_on_the_other(cluster):
    from playwright.sync_api import sync_playwright

    from db.certification import set_certification
    from db.schema import assessments

    nodes = cluster.node_for_each_app()
    (app_a, node_a), (app_b, node_b) = sorted(nodes.items())
    with cluster.engine.connect() as conn:
        year = conn.execute(sa.select(sa.func.max(assessments.c.year)).where(assessments.c.area_id == AREA)).scalar()
    host = cluster.proxy.removeprefix("http://").split(":")[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = {}
            for app, node in ((app_a, node_a), (app_b, node_b)):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                ctx.add_cookies([{"name": NODE_COOKIE, "value": node, "domain": host, "path": "/"}])
                page = ctx.new_page()
                served = set()
                page.on("response", lambda r, s=served: s.add(r.headers.get(UPSTREAM_HEADER.lower()))
                        if r.url.startswith(cluster.proxy) else None)
                pages[app] = (page, served)
            # Both servers have drawn the page (and hold their snapshot of the data) before the write.
            before_a, _, _ = _level_of(pages[app_a][0], cluster.proxy, year)
            before_b, _, _ = _level_of(pages[app_b][0], cluster.proxy, year)
            assert before_a == before_b
            new = before_a % 5 + 1
            with cluster.engine.begin() as conn:  # the certification steps, as the certification page takes them
                for status in ("draft", "verified", "certified"):
                    set_certification(conn, AREA, year, new, status, "cluster-test")
            written = time.perf_counter()
            level_b, certified_b, _ = _level_of(pages[app_b][0], cluster.proxy, year)  # one page run on B
            seen_after = time.perf_counter() - written
            assert (level_b, certified_b) == (new, True), f"server {app_b} still shows level {level_b}"
            level_a, certified_a, _ = _level_of(pages[app_a][0], cluster.proxy, year)
            assert (level_a, certified_a) == (new, True)
            for app, (page, served) in pages.items():
                assert served == {app}, f"a browser pinned to {app} was served by {served}"
                page.context.close()
        finally:
            browser.close()
    print(f"\nserver {app_b} showed the certification {seen_after:.2f} s after the write (one page run)")
    # The websocket of each browser went through nginx to its own server (logged when it closed).
    log = cluster.run_dir / "access.log"
    pinned = {node_a: app_a, node_b: app_b}
    streams: dict[str, set[str]] = {}
    for _ in range(20):
        streams = {}
        for line in log.read_text().splitlines():
            node = re.search(r"node=(\S+)", line)
            if "/_stcore/stream" in line and node and node.group(1) in pinned:
                streams.setdefault(node.group(1), set()).add(re.search(r"upstream=(\S+)", line).group(1))
        if len(streams) == 2:
            break
        time.sleep(0.5)
    assert streams == {node: {app} for node, app in pinned.items()}
