"""Dates of symbiosis exchanges are read against the fiscal year (ปีงบประมาณ, 1 October – 30 September) that the
exchange's ``year`` names, on SQLite and PostgreSQL; the shipped template's own example imports as it is."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from common.years import fiscal_year_span
from ingest.problems import report_frame
from ingest.symbiosis_template import make_template
from tests import test_ingest_symbiosis as imports
from tests.support import csv_bytes
from tests.test_ingest_symbiosis import EX_HEADER, F1, F2, VOCAB, errors, run

seeded = imports.seeded          # the fixture: two factories and a party in Map Ta Phut


def test_a_fiscal_year_runs_from_october_to_september():
    assert [d.isoformat() for d in fiscal_year_span(2568)] == ["2024-10-01", "2025-09-30"]


@pytest.mark.parametrize("identified_on, ok", [("2024-10-01", True), ("2024-11-20", True),
                                                ("2024-09-30", False), ("2023-12-31", False)])
def test_an_exchange_of_fiscal_2568_may_be_dated_from_1_october_2024(seeded, identified_on, ok):
    data = csv_bytes([["EX-1", F1, F2, "2568", "waste", "เถ้า", "", "5", "t", "operating", identified_on,
                       "2025-02-01", ""]], EX_HEADER)
    result = run(seeded, "exchanges", data)
    assert result.landed == ok, report_frame(result.problems)
    if not ok:
        assert [(c, v) for _r, c, v in errors(result)] == [("identified_on", identified_on)]
        problem = report_frame(result.problems).iloc[0]
        assert "1 ตุลาคม 2567" in problem["message_th"] and "1 October 2024" in problem["message_en"]


def test_the_exchanges_templates_example_dates_are_valid(seeded):
    """The example row's dates lie in the fiscal year the template names: filled in with real parties and an id of
    its own (the example id itself is never imported), the row lands."""
    wb = load_workbook(io.BytesIO(make_template("exchanges", VOCAB, year=2568)))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("from_party") + 1, value=F1)          # the placeholder: a real factory
    ws.cell(row=2, column=header.index("to_party") + 1, value="ce-ryg-001")  # and the seeded party
    ws.cell(row=2, column=header.index("exchange_id") + 1, value="EX-0001")  # an id of its own: not the example
    buf = io.BytesIO()
    wb.save(buf)
    result = run(seeded, "exchanges", buf.getvalue(), filename="exchanges.xlsx")
    assert result.landed, report_frame(result.problems)
