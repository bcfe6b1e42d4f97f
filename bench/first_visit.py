"""What a fresh browser receives on its first visit of a page, straight from one app server (no proxy): every
byte on the wire from the server to headless Chromium (HTTP responses and the websocket, headers and frames as
sent, so with Streamlit's websocket compression as configured in .streamlit/config.toml), counted by a small TCP
relay between the two, and Chromium's own count of the HTTP bytes (CDP encodedDataLength). Used by
bench/cluster_bench.py (``--direct``)."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

from tests.appserver import free_port

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


class CountingRelay:
    """Listens on a free loopback port and relays each connection to ``upstream`` (host, port), counting the
    bytes sent back to the browser."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.received = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            up = socket.create_connection(self.upstream)
            threading.Thread(target=self._pipe, args=(client, up, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(up, client, True), daemon=True).start()

    def _pipe(self, src, dst, count: bool) -> None:
        try:
            while data := src.recv(65536):
                if count:
                    with self._lock:
                        self.received += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def take(self) -> int:
        with self._lock:
            n, self.received = self.received, 0
        return n

    def close(self) -> None:
        self._stop = True
        self._server.close()


@contextmanager
def relay_to(url: str):
    host, port = url.rsplit("//", 1)[1].split(":")
    relay = CountingRelay((host, int(port)))
    try:
        yield relay
    finally:
        relay.close()


def first_visit(browser, base: str, path: str, selector: str, relay: CountingRelay | None = None,
                plotly: bool = False) -> dict:
    """One fresh browser context (no cache) until ``selector`` and the map have drawn; bytes and seconds, and which
    JavaScript files it fetched (``plotly``: whether the plotly chart bundle was one of them)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    received, urls = [], {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: received.append((e["requestId"], e["encodedDataLength"])))
    if relay is not None:
        relay.take()
    t0 = time.perf_counter()
    page.goto(base + path)
    page.wait_for_selector(selector, timeout=90_000)
    frame = page.wait_for_selector(MAP_FRAME, timeout=90_000).content_frame()
    frame.wait_for_selector("path.leaflet-interactive", timeout=90_000)
    drawn = time.perf_counter() - t0
    page.wait_for_timeout(2500)   # late requests (fonts, chart bundles, component files)
    ctx.close()
    time.sleep(0.5)
    wire = relay.take() if relay is not None else 0
    js = sorted(urls[r].rsplit("/", 1)[-1] for r, _ in received if r in urls and urls[r].endswith(".js"))
    return {"wire": wire, "cdp": sum(n for _, n in received), "drawn": drawn,
            "plotly": any(name.startswith("PlotlyChart") for name in js)}
