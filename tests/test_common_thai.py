"""Thai dictionary order (common/thai.py), checked on known pairs and against PostgreSQL's ICU Thai collation."""
import os

import pandas as pd
import pytest

from common.thai import sort_frame, sort_key, sorted_thai
from tests.conftest_db import DATA_DIR

# Each pair in dictionary order (as ICU's th collation and the Royal Institute dictionary give it).
KNOWN_PAIRS = [
    ("เชียงใหม่", "ตรัง"),            # a leading vowel is read after its consonant: ช before ต
    ("ชัยนาท", "เชียงใหม่"),          # ชั before ชเี
    ("แม่ฮ่องสอน", "ไม่ทราบ"),        # แม before ไม
    ("อ่างทอง", "อุทัยธานี"),         # tone marks count last: อา before อุ
    ("อ่างทอง", "อำนาจเจริญ"),
    ("อุดรธานี", "อุทัยธานี"),
    ("กระบี่", "กรุงเทพมหานคร"),      # กระ before กรุ
    ("จตุรพักตรพิมาน", "จ.ป.ร."),     # punctuation counts last: จปร after จตุ
]


@pytest.mark.parametrize("first,second", KNOWN_PAIRS)
def test_known_pairs_are_in_dictionary_order(first, second):
    assert sort_key(first) < sort_key(second)
    assert sorted_thai([second, first]) == [first, second]


def test_code_point_order_would_get_them_wrong():
    """The reason for the module: Python's own order misplaces these."""
    assert sorted(["ตรัง", "เชียงใหม่"]) == ["ตรัง", "เชียงใหม่"]
    assert sorted_thai(["ตรัง", "เชียงใหม่"]) == ["เชียงใหม่", "ตรัง"]


def test_sort_frame_orders_text_by_thai_and_numbers_as_numbers():
    df = pd.DataFrame({"name": ["ตรัง", "เชียงใหม่", "กระบี่", None], "n": [3, 10, 2, 1]})
    assert list(sort_frame(df, "name")["name"])[:3] == ["กระบี่", "เชียงใหม่", "ตรัง"]
    assert list(sort_frame(df, "n")["n"]) == [1, 2, 3, 10]
    assert pd.isna(sort_frame(df, "name")["name"].iloc[-1])


def _icu_order(url: str, names: list[str]) -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                'SELECT x FROM unnest(CAST(:names AS text[])) AS t(x) ORDER BY x COLLATE "th-TH-x-icu", x'),
                {"names": names}).scalars().all()
    finally:
        engine.dispose()
    return list(rows)


def test_agrees_with_icu_on_every_admin_name():
    """Every province, district and subdistrict name of the boundary lookup, ordered by PostgreSQL's ICU
    collation, comes out the same (ties broken by code point on both sides)."""
    url = os.environ.get("EIT_TEST_POSTGRES_URL", "").strip()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("EIT_TEST_POSTGRES_URL is needed in CI")
        pytest.skip("no PostgreSQL for the ICU comparison")
    lookup = pd.read_csv(DATA_DIR / "boundaries" / "th_admin_lookup.csv", dtype=str)
    names = sorted(set(lookup["name_th"].dropna()))
    icu = _icu_order(url, names)
    ours = sorted_thai(names)
    mismatches = [(a, b) for a, b in zip(ours, icu) if a != b]
    assert not mismatches, (len(mismatches), mismatches[:10])
