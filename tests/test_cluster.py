"""Two app servers on one PostgreSQL behind nginx (scripts/cluster.sh, deploy/nginx.conf.template): health check
and gzip through the proxy, sticky sessions, and a write that the other server shows on its next page run,
seen in headless Chromium through the proxy with the session pinned to each server in turn."""
from __future__ import annotations

import gzip
import os
import re
import time
import urllib.parse
import urllib.request

import pytest
import sqlalchemy as sa

from tests.appserver import CHROMIUM, CHROMIUM_ARGS, ROOT
from tests.cluster import NGINX, NODE_COOKIE, UPSTREAM_HEADER, running_cluster
from tests.conftest_db import DATA_DIR, PG_ENV, _drop_everything

pytestmark = [pytest.mark.cluster, pytest.mark.browser]
AREA = "ryg-mtp"
REGISTRY = ROOT / "tests" / "fixtures" / "moi_factory_data.csv"
# a factory of REGISTRY that the demo does not have
NEW_FACTORY, NEW_FID, NEW_FACTORY_NAME = "3-105-152/48รย", "32101050015248", "บริษัท รีไซเคิลมาบตาพุด จำกัด"


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


@pytest.fixture(scope="module")
def browser(cluster):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def pinned(browser, cluster):
    """A browser (page) pinned through nginx to each app server: {"127.0.0.1:PORT": (page, servers seen)}."""
    host = cluster.proxy.removeprefix("http://").split(":")[0]
    pages = {}
    for app, node in sorted(cluster.node_for_each_app().items()):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_cookies([{"name": NODE_COOKIE, "value": node, "domain": host, "path": "/"}])
        page = ctx.new_page()
        served: set = set()
        page.on("response", lambda r, s=served: s.add(r.headers.get(UPSTREAM_HEADER.lower()))
                if r.url.startswith(cluster.proxy) else None)
        pages[app] = (page, served, node)
    yield pages
    for page, _, _ in pages.values():
        page.context.close()


def _level_of(page, base: str, year: int) -> tuple[int, bool]:
    """(level shown for AREA, certified?) on the national page in English."""
    page.goto(f"{base}/?lang=en&year={year}")
    page.wait_for_selector("#area-table", timeout=60_000)
    row = page.locator("#area-table tbody tr").filter(has=page.locator(f'a[href*="area={AREA}"]'))
    m = re.search(r"Level (\d)(\*?)", row.inner_text())
    assert m, row.inner_text()
    return int(m.group(1)), m.group(2) == ""


def test_a_certification_on_one_server_shows_on_the_other(cluster, pinned):
    from db.certification import set_certification
    from db.schema import assessments

    (app_a, (page_a, served_a, node_a)), (app_b, (page_b, served_b, node_b)) = sorted(pinned.items())
    with cluster.engine.connect() as conn:
        year = conn.execute(sa.select(sa.func.max(assessments.c.year)).where(assessments.c.area_id == AREA)).scalar()
    # Both servers have drawn the page (and hold their snapshot of the data) before the write.
    before_a, _ = _level_of(page_a, cluster.proxy, year)
    before_b, _ = _level_of(page_b, cluster.proxy, year)
    assert before_a == before_b
    new = before_a % 5 + 1
    from db.accounts import create_user, get_user, operator_name
    if get_user(cluster.engine, "cluster-test") is None:     # every write names an active account
        create_user(cluster.engine, "cluster-test", "two servers, one database", "staff", by=operator_name("tests"))
    with cluster.engine.begin() as conn:  # the certification steps, as the certification page takes them
        for status in ("draft", "verified", "certified"):
            set_certification(conn, AREA, year, new, status, "cluster-test")
    written = time.perf_counter()
    assert _level_of(page_b, cluster.proxy, year) == (new, True), f"server {app_b} missed the write"  # one run
    seen_after = time.perf_counter() - written
    assert _level_of(page_a, cluster.proxy, year) == (new, True)
    assert (served_a, served_b) == ({app_a}, {app_b}), "a pinned browser was served by another server"
    print(f"\nserver {app_b} showed the certification {seen_after:.2f} s after the write (one page run)")
    page_a.context.close()
    page_b.context.close()
    # The websocket of each browser went through nginx to its own server (logged when it closed).
    log = cluster.run_dir / "access.log"
    want = {node_a: {app_a}, node_b: {app_b}}
    streams: dict[str, set[str]] = {}
    for _ in range(20):
        streams = {}
        for line in log.read_text().splitlines():
            node = re.search(r"node=(\S+)", line)
            if "/_stcore/stream" in line and node and node.group(1) in want:
                streams.setdefault(node.group(1), set()).add(re.search(r"upstream=(\S+)", line).group(1))
        if len(streams) == 2:
            break
        time.sleep(0.5)
    assert streams == want


def test_an_import_uploaded_on_one_server_shows_on_the_other(cluster, pinned):
    """Staff sign in on server A and upload a registry file through the proxy; server B, which had the factory
    page open before, shows the new factory on its next page run."""
    (app_a, (page_a, served_a, _)), (app_b, (page_b, served_b, _)) = sorted(pinned.items())
    factory_url = f"{cluster.proxy}/factory?factory={urllib.parse.quote(NEW_FACTORY)}"
    page_b.goto(factory_url)
    page_b.wait_for_selector("text=ไม่พบโรงงานเลขทะเบียน", timeout=60_000)

    page_a.goto(cluster.proxy + "/signin")
    page_a.get_by_label("ชื่อผู้ใช้").fill("demo-staff", timeout=60_000)
    page_a.get_by_label("รหัสผ่าน").fill("demo")
    page_a.get_by_role("button", name="เข้าสู่ระบบ").click()
    page_a.wait_for_selector("text=เข้าสู่ระบบเป็น demo-staff", timeout=30_000)
    page_a.get_by_role("link", name="นำเข้าข้อมูล").click()  # the sidebar keeps the signed-in session
    page_a.wait_for_selector("text=ทะเบียนโรงงาน", timeout=30_000)
    page_a.locator('input[type="file"]').first.set_input_files(str(REGISTRY))
    page_a.wait_for_timeout(1500)
    page_a.get_by_role("button", name="ตรวจสอบและนำเข้า").first.click()
    page_a.wait_for_selector("text=นำเข้าแล้ว", timeout=60_000)

    page_b.goto(factory_url)
    page_b.wait_for_selector(f"text=FID {NEW_FID}", timeout=60_000)
    assert page_b.locator("h1").first.inner_text().strip() == NEW_FACTORY_NAME
    assert page_b.locator("text=ไม่พบโรงงาน").count() == 0
    assert (served_a, served_b) == ({app_a}, {app_b}), "a pinned browser was served by another server"
    uploads = [line for line in (cluster.run_dir / "access.log").read_text().splitlines()
               if "/_stcore/upload_file" in line]
    assert uploads and all(f"upstream={app_a}" in line and '" 20' in line for line in uploads)
