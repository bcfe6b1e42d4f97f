"""Many points on a folium map as ONE element with a compact payload, drawn in the browser on a canvas.

The data a map carries per point is 7 bytes before base64 (about 9.3 after): longitude and latitude as 3-byte
offsets from the south-west corner of all points in 1e-5 degrees (about 1 m), then one status code byte. Nothing
else travels per point unless ``labels`` are given (the small maps of one area or one factory's neighbours). A
large layer (more than about 10,000 points: a whole registry) is not put in the map message but written once to
``static/cache`` under a name from its content and fetched by the browser (:func:`served`), so a viewer session
holds no copy of it and a browser that saw it keeps it. The renderer (``static/js/pointlayer.js``) clusters at
low zoom (a screen grid drawn as pies of the codes, with the count), draws every point from ``cluster_below`` on,
and turns a click on a point into the text
``[#<digest>:<index>]``: :func:`clicked_id` maps it back to the id on the page's next run. The digest names the
id list, so a click on a map built from other data (another filter, a newer data version) opens nothing.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import zlib
from pathlib import Path

import folium
import numpy as np
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo import assets

SCALE = 100_000              # 1e-5 degree steps
SPAN = 1 << 24               # 3 bytes per coordinate: at most 167 degrees from the south-west corner
CLUSTER_BELOW = 11           # zoom from which every point is drawn (below: clusters)
INLINE_MAX = 100_000         # base64 characters (about 10,000 points) sent in the map itself; more: a served file
KEEP_FILES = 200             # point files kept in static/cache (the oldest beyond are removed)
_STATIC = Path(__file__).resolve().parents[1] / "static"
_JS = _STATIC / "js" / "pointlayer.js"


def _script_url() -> str:
    """The renderer's URL, with a content digest so a browser never keeps a stale copy."""
    digest = hashlib.sha1(_JS.read_bytes()).hexdigest()[:10] if _JS.exists() else "0"
    return assets.url(f"js/pointlayer.js?v={digest}")


def encode(lon, lat, codes) -> dict:
    """The compact payload of points (arrays of equal length; codes are integers 0–255)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    codes = np.asarray(codes, dtype=np.int64)
    n = len(lon)
    if not (len(lat) == n == len(codes)):
        raise ValueError("lon, lat and codes must have the same length")
    if n == 0:
        return {"n": 0, "x0": 0, "y0": 0, "data": ""}
    if np.isnan(lon).any() or np.isnan(lat).any():
        raise ValueError("points without coordinates cannot be drawn; leave them out")
    if codes.min() < 0 or codes.max() > 255:
        raise ValueError("status codes must be integers from 0 to 255")
    xi, yi = np.rint(lon * SCALE).astype(np.int64), np.rint(lat * SCALE).astype(np.int64)
    x0, y0 = int(xi.min()), int(yi.min())
    dx, dy = xi - x0, yi - y0
    if dx.max() >= SPAN or dy.max() >= SPAN:
        raise ValueError("points spread over more than 167 degrees cannot be encoded")

    def three_bytes(v: np.ndarray) -> bytes:
        return v.astype("<u4").view(np.uint8).reshape(-1, 4)[:, :3].tobytes()

    raw = three_bytes(dx) + three_bytes(dy) + codes.astype(np.uint8).tobytes()
    return {"n": n, "x0": x0, "y0": y0, "data": base64.b64encode(raw).decode("ascii")}


def served(payload: dict, cache_dir: Path | None = None) -> dict:
    """The payload as the map carries it: small ones inline; a large one (a whole registry) as a file in
    ``static/cache`` named by its content, which the browser fetches and keeps, so the map message stays small and
    the same points are written and sent once, whichever session or page asks."""
    if len(payload["data"]) <= INLINE_MAX:
        return payload
    url = _served_file(payload["data"], "points", "txt", cache_dir)
    return {k: v for k, v in payload.items() if k != "data"} | {"url": url}


def _served_file(text: str, prefix: str, ext: str, cache_dir: Path | None = None) -> str:
    """The URL of ``text`` written once to ``static/cache`` under a name from its content (the oldest files of
    its kind beyond :data:`KEEP_FILES` are removed)."""
    cache_dir = Path(cache_dir or _STATIC / "cache")
    data = text.encode("utf-8")
    name = f"{prefix}-{hashlib.sha1(data).hexdigest()[:20]}.{ext}"
    path = cache_dir / name
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)                 # atomic: a browser never reads half a file
        old = sorted(cache_dir.glob(f"{prefix}-*.{ext}"), key=lambda p: p.stat().st_mtime)[:-KEEP_FILES]
        for stale in old:
            stale.unlink(missing_ok=True)
    return assets.url(f"cache/{name}")


def payload_text(payload: dict) -> str:
    """The base64 data of a payload as the map carries it (read back from its file when it is served)."""
    if "data" in payload:
        return payload["data"]
    return (_STATIC / payload["url"][len(assets.url("")):]).read_text(encoding="ascii")


def decode(payload: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, codes) back from :func:`encode`'s payload (what the browser's renderer computes)."""
    n = int(payload["n"])
    raw = np.frombuffer(base64.b64decode(payload_text(payload)), dtype=np.uint8)

    def read(block: np.ndarray) -> np.ndarray:
        b = block.reshape(-1, 3).astype(np.int64)
        return b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)

    lon = (payload["x0"] + read(raw[: 3 * n])) / SCALE
    lat = (payload["y0"] + read(raw[3 * n: 6 * n])) / SCALE
    return lon, lat, raw[6 * n:].astype(int)


def digest(ids) -> str:
    """A short name of an id list in its order: CRC-32 of the ids' UTF-8 bytes and their lengths. A pandas
    column of Arrow strings is read from its buffers (150,000 ids: no Python string made, a few ms)."""
    import pyarrow as pa

    arr = getattr(getattr(ids, "array", None), "_pa_array", None)
    if arr is None:
        arr = pa.array([str(i) for i in ids], type=pa.large_string())
    arr = pa.chunked_array(arr).combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    arr = arr.cast(pa.large_string())
    lengths = np.diff(np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1])
    data = arr.buffers()[2]
    start = int(np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset]) if len(arr) else 0
    crc = zlib.crc32(lengths.astype("<i8").tobytes())
    crc = zlib.crc32(memoryview(data)[start: start + int(lengths.sum())] if data is not None else b"", crc)
    return f"{crc:08x}"


_CLICK = re.compile(r"\[#([0-9a-f]{8}):(\d+)\]")


def clicked_index(text: str | None, ids) -> int | None:
    """The position in ``ids`` of the point a click text (``[#digest:index]``) names, or None when the text
    names no point of this list (another map, another data version, or no click)."""
    found = _CLICK.search(text or "")
    if not found:
        return None
    i = int(found.group(2))
    return i if i < len(ids) and found.group(1) == digest(ids) else None


def clicked_id(text: str | None, ids) -> str | None:
    """The id (of ``ids``, a list or a pandas column) a click text names, or None (see :func:`clicked_index`)."""
    i = clicked_index(text, ids)
    if i is None:
        return None
    return str(ids.iloc[i]) if hasattr(ids, "iloc") else ids[i]


def _js_value(value) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>'), Thai kept as UTF-8 (half the bytes of
    \\uXXXX escapes)."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _escaped(labels):
    """Plain-text labels as HTML (escaped; a line break as <br>): an Arrow string array, made without a Python
    string per label (a whole registry in a fraction of a second)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    text = labels.array if isinstance(labels, pd.Series) and str(labels.dtype) == "string" else labels
    text = pa.array(pd.Series(text, dtype="string[pyarrow]").fillna(""), type=pa.large_string())
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"),
                     ("\r", ""), ("\n", "<br>")):
        text = pc.replace_substring(text, old, new)
    return text


def _lines(text) -> str:
    """An Arrow string array as one text, a value a line (read straight from the array's buffers)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    lined = pc.binary_join_element_wise(text, pa.scalar("", pa.large_string()), pa.scalar("\n", pa.large_string()))
    if not len(lined):
        return ""
    offsets = np.frombuffer(lined.buffers()[1], dtype=np.int64)[lined.offset: lined.offset + len(lined) + 1]
    data = lined.buffers()[2].to_pybytes()[int(offsets[0]): int(offsets[-1])]
    return data.decode("utf-8")[:-1]


class PointLayer(JSCSSMixin):
    """The folium element of :func:`add_points` (its data and options are rendered as JSON)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.eitPoints({{ this.data_js }}, {{ this.options_js }})"
        ".addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, payload: dict, options: dict, name: str = "points"):
        super().__init__()
        self._name = "EitPoints"
        self.layer_name = name
        self.data_js = _js_value(payload)
        self.options_js = _js_value(options)
        self.default_js = [("eit_points", _script_url())]


def add_points(m: folium.Map, lon, lat, codes, ids, colours: list[str], names: list[str], point_hint: str,
               cluster_hint: str, labels: list[str] | None = None, cluster_below: int = CLUSTER_BELOW,
               name: str = "points") -> PointLayer:
    """Points as ONE folium element (no folium object per point). ``codes[i]`` picks ``colours``/``names``
    (plain text, escaped here) for point i; ``ids`` (in the order of the points) name the points in the click
    text through their digest, and are not sent. ``labels`` (plain text, one per point, escaped here) are shown
    on hover: in the map for a small layer; for a large one (whose points are a served file) in a served file of
    their own, which the browser fetches when the pointer first rests on a point. ``cluster_hint`` may hold
    ``{n}`` (the points in a cluster)."""
    if len(ids) != len(lon) or (labels is not None and len(labels) != len(ids)):
        raise ValueError("ids and labels must name every point")
    payload = served(encode(lon, lat, codes))
    options = {"colours": list(colours), "names": [html.escape(str(s)) for s in names], "digest": digest(ids),
               "pointHint": html.escape(point_hint), "clusterHint": html.escape(cluster_hint),
               "clusterBelow": int(cluster_below), "labels": None}
    if labels is not None:
        texts = _escaped(labels)
        if "url" in payload:      # a large layer: its labels travel only when wanted, one a line
            options["labelsUrl"] = _served_file(_lines(texts), "labels", "txt")
        else:
            options["labels"] = texts.to_pylist()
    layer = PointLayer(payload, options, name=name)
    layer.add_to(m)
    return layer
