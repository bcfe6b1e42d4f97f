"""A blank cell never erases a stored value (SQLite and PostgreSQL): the assessment template as downloaded (results
blank) changes nothing; erasing a result needs the documented marker word; the file's effect on stored values
(how many it changes, how many it clears) is known before it lands."""
from __future__ import annotations

import pandas as pd

from db import records as db_records
from ingest import importer
from ingest.assessments import make_template
from programme import records, registry
from programme.criteria import current_criteria
from tests.conftest_db import DATA_DIR
from tests.support import account, results_csv

AREA, YEAR = "ryg-mtp", 2568


def _stored(engine) -> pd.Series:
    got = db_records.load_records(engine)["assessments"]
    got = got[(got["area_id"] == AREA) & (got["year"] == YEAR)]
    return got.set_index("indicator_id")["value"].sort_index()


def _filled(n: int = 6) -> list[list[str]]:
    demo = records.load_assessments(DATA_DIR)
    table = current_criteria(DATA_DIR).table
    numeric = set(table.loc[table["metric_type"] != "binary", "indicator_id"])     # a value + 1 is still valid
    one = demo[(demo["area_id"] == AREA) & (demo["year"] == YEAR) & demo["value"].between(0, 99)
               & demo["indicator_id"].isin(numeric)].head(n)
    return [[r.area_id, str(r.year), r.indicator_id, f"{r.value:g}", "รายงาน"] for r in one.itertuples()]


def _import(engine, data, name="ผล.csv", **kw):
    return importer.import_file(engine, "assessments", data, name, account(engine, "staff1"), DATA_DIR, **kw)


def test_the_template_as_downloaded_erases_nothing(engine, upload_root):
    first = _import(engine, results_csv(_filled()), upload_root=upload_root)
    assert first.landed
    before = _stored(engine)
    assert before.notna().sum() == 6
    template = make_template(current_criteria(DATA_DIR), registry.load_areas(DATA_DIR), year=YEAR, area_ids=[AREA])
    preview = _import(engine, template, "แม่แบบ.xlsx", upload_root=upload_root, dry_run=True)
    assert (preview.effect["changed"], preview.effect["cleared"]) == (0, 0)
    again = _import(engine, template, "แม่แบบ.xlsx", upload_root=upload_root)
    assert again.status == "rejected" and "no valid rows" in again.problems[-1].message_en   # nothing to write
    assert any(p.severity == "warning" and "kept" in p.message_en for p in again.problems)
    pd.testing.assert_series_equal(_stored(engine), before)


def test_half_a_template_keeps_the_other_half(engine, upload_root):
    rows = _filled()
    assert _import(engine, results_csv(rows), upload_root=upload_root).landed
    before = _stored(engine)
    half = [r[:3] + ([str(float(r[3]) + 1)] if i < 3 else [""]) + [""] for i, r in enumerate(rows)]
    result = _import(engine, results_csv(half), upload_root=upload_root)
    assert result.landed and (result.effect["changed"], result.effect["cleared"]) == (3, 0)
    after = _stored(engine)
    assert (after.loc[[r[2] for r in rows[3:]]] == before.loc[[r[2] for r in rows[3:]]]).all()
    assert (after.loc[[r[2] for r in rows[:3]]] == before.loc[[r[2] for r in rows[:3]]] + 1).all()


def test_the_marker_word_clears_a_value_in_either_language_and_is_counted_first(engine, upload_root):
    rows = _filled()
    assert _import(engine, results_csv(rows), upload_root=upload_root).landed
    clear = [rows[0][:3] + ["ลบ", ""], rows[1][:3] + ["clear", ""], rows[2][:3] + ["", ""]]
    preview = _import(engine, results_csv(clear), upload_root=upload_root, dry_run=True)
    assert preview.status == "checked" and (preview.effect["changed"], preview.effect["cleared"]) == (0, 2)
    assert _stored(engine).notna().sum() == 6                        # a preview writes nothing
    assert any("2" in p.message_en and "clear" in p.message_en and "ล้าง" in p.message_th
               for p in preview.problems if p.row is None)
    result = _import(engine, results_csv(clear), upload_root=upload_root)
    assert result.landed and result.effect["cleared"] == 2
    after = _stored(engine)
    assert after.isna().sum() == 2 and after.loc[rows[2][2]] == float(rows[2][3])
