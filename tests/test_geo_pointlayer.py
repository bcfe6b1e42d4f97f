"""The compact point layer: what travels per point, that it comes back as sent, that a click names the right
point of the right list, and that text from data is escaped."""
import json
import re

import numpy as np
import pytest

from geo.maps import external_references, new_map
from geo.pointlayer import add_points, clicked_id, clicked_index, decode, digest, encode, payload_text

BOUNDS = [[5.5, 97.3], [20.5, 105.7]]


def _random(n, seed=1):
    rng = np.random.default_rng(seed)
    return rng.uniform(97.3, 105.7, n), rng.uniform(5.6, 20.5, n), rng.integers(0, 5, n)


def test_points_come_back_within_a_metre_with_their_codes():
    lon, lat, codes = _random(5000)
    lon[0], lat[0] = 97.3, 5.6                       # the south-west corner itself
    x, y, c = decode(encode(lon, lat, codes))
    assert np.abs(x - lon).max() <= 0.5e-5 + 1e-12 and np.abs(y - lat).max() <= 0.5e-5 + 1e-12
    assert (c == codes).all()
    one = encode([100.5], [13.75], [3])
    assert [v.tolist() for v in decode(one)] == [[100.5], [13.75], [3]]
    assert decode(encode([], [], []))[0].size == 0


def test_what_cannot_be_encoded_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="without coordinates"):
        encode([100.0, float("nan")], [13.0, 14.0], [0, 0])
    with pytest.raises(ValueError, match="0 to 255"):
        encode([100.0], [13.0], [256])
    with pytest.raises(ValueError, match="167 degrees"):
        encode([-10.0, 170.0], [0.0, 0.0], [0, 0])
    with pytest.raises(ValueError, match="same length"):
        encode([100.0], [13.0, 14.0], [0])


def _map(n, labels=None):
    lon, lat, codes = _random(n)
    m = new_map(BOUNDS)
    add_points(m, lon, lat, codes, [f"3-105-{i}/48รย" for i in range(n)], ["#1", "#2", "#3", "#4", "#5"],
               list("abcde"), "open", "{n} factories", labels=labels)
    return m


def _payload(html: str) -> dict:
    return json.loads(re.search(r"L\.eitPoints\((\{[^}]*\})", html).group(1))


def test_a_point_costs_under_ten_bytes_and_the_map_has_one_element_for_any_number():
    empty = len(_map(0).get_root().render().encode())
    html = _map(20_000).get_root().render()
    payload = _payload(html)
    sent = len(html.encode()) - empty + len(payload_text(payload))
    assert sent / 20_000 < 10                           # 7 bytes a point, base64: 9.3
    assert len(_map(10)._children) == len(_map(20_000)._children)
    assert "3-105-19999/48" not in html                 # no id travels: a click names the point by its index
    assert external_references(html) == []


def test_a_large_layer_is_a_served_file_named_by_its_content_and_a_small_one_is_inline():
    small, large = _payload(_map(500).get_root().render()), _payload(_map(20_000).get_root().render())
    assert "data" in small and "url" not in small
    assert "data" not in large and large["url"].startswith("/app/static/cache/points-")
    again = _payload(_map(20_000).get_root().render())
    assert again["url"] == large["url"]                 # the same points: the same file, written once
    lon, lat, codes = _random(20_000)
    x, y, c = decode(large)
    assert np.abs(x - lon).max() <= 0.5e-5 + 1e-12 and (c == codes).all()


def test_a_click_names_the_point_of_this_list_only():
    ids = ["a", "b", "c"]
    text = f"[#{digest(ids)}:2]"
    assert clicked_index(text, ids) == 2 and clicked_id(text, ids) == "c"
    assert clicked_id(text, ["a", "b", "x"]) is None    # another list (another filter or data version)
    assert clicked_id(f"[#{digest(ids)}:3]", ids) is None
    assert clicked_id("ระยอง — มาบตาพุด [ryg-mtp]", ids) is None and clicked_id(None, ids) is None


def test_labels_and_names_are_escaped_and_no_script_tag_can_close_early():
    hostile = "<script>alert('x')</script> & Co"
    m = new_map(BOUNDS)
    add_points(m, [101.1], [12.7], [0], ["r"], ["#000000"], [hostile], hostile, "{n}", labels=[hostile + "\nline"])
    html = m.get_root().render()
    script = re.search(r"L\.eitPoints\((.*)\)\.addTo", html).group(1)
    assert "<" not in script
    options = json.loads(script[script.index("},") + 2:])
    assert options["labels"] == ["&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co<br>line"]
    assert options["names"][0].startswith("&lt;script&gt;") and options["pointHint"].startswith("&lt;script&gt;")


def test_the_digest_is_the_same_for_a_list_and_any_pandas_column_of_the_same_ids():
    import pandas as pd

    ids = ["3-105-1/48รย", "จ3-9(6)-100/51รย", "", "x"]
    arrow = pd.Series(["pad", *ids], dtype="string[pyarrow]").iloc[1:]        # a slice: Arrow data with an offset
    assert digest(ids) == digest(arrow) == digest(pd.Series(ids, dtype=object)) == digest(tuple(ids))
    assert digest(ids) != digest(ids[::-1]) and digest(["ab", "c"]) != digest(["a", "bc"])
    assert clicked_id(f"[#{digest(ids)}:1]", arrow) == "จ3-9(6)-100/51รย"


def test_a_large_layer_names_its_points_on_hover_from_a_served_file():
    """The factory layer of a whole registry names the factory under the pointer: its labels are a file of their
    own (the map stays small), fetched by the renderer on the first hover."""
    n = 20_000
    labels = [f"โรงงาน {i}\n3-105-{i}/48รย" for i in range(n)]
    html = _map(n, labels=labels).get_root().render()
    options = json.loads(re.search(r"L\.eitPoints\(\{[^}]*\}, (\{.*?\})\)\.addTo", html).group(1))
    assert options["labels"] is None and options["labelsUrl"].startswith("/app/static/cache/labels-")
    assert "โรงงาน 19999" not in html
    from geo.pointlayer import _STATIC
    served = (_STATIC / options["labelsUrl"][len("/app/static/"):]).read_text(encoding="utf-8").split("\n")
    assert len(served) == n and served[19999] == "โรงงาน 19999<br>3-105-19999/48รย"
    small = json.loads(re.search(r"L\.eitPoints\(\{[^}]*\}, (\{.*?\})\)\.addTo", _map(3, labels=labels[:3])
                                 .get_root().render()).group(1))
    assert small["labels"][2] == "โรงงาน 2<br>3-105-2/48รย" and "labelsUrl" not in small


def test_the_factory_layer_names_each_factory():
    import pandas as pd

    from geo.registry import hover_labels
    f = pd.DataFrame({"registration_no": ["3-1-1/50รย", "3-1-2/50รย"], "name_th": ["บริษัท ก จำกัด", "บริษัท ข จำกัด"],
                      "name_en": ["A Co., Ltd.", None]})
    assert list(hover_labels(f, "en")) == ["A Co., Ltd.\n3-1-1/50รย", "บริษัท ข จำกัด\n3-1-2/50รย"]
    assert list(hover_labels(f, "th"))[0] == "บริษัท ก จำกัด\n3-1-1/50รย"
