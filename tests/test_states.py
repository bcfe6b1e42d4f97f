"""Every data state a real deployment passes through renders: each public page (AppTest) and each export command,
with a sentence that tells the user why a part is empty, never a traceback.

States are built the way they arise in use, through the importers, in a fresh SQLite database with ``EIT_DEMO=0``:

* ``empty``         a new production database (nothing imported yet)
* ``registry``      a factory registry only (no assessments): a factory in an area, one outside every area, one
                    imported from the DIW GIS format with every optional field blank (no LAST_UPDATE, no
                    coordinates, class, status, workers, English name)
* ``one_year``      the registry plus the assessment of one area for one year; no certification; the other areas
                    have no factories
* ``new_criteria``  the ``one_year`` database opened with a data folder whose newest criteria file has other
                    indicator ids than the stored results
"""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from db.accounts import create_user, operator_name
from db.engine import get_engine, init_db
from i18n import t
from ingest import importer
from tests.markdown_check import as_text, developer_words, links_and_images, shown_text, sources
from tests.pagetest import run
from tests.support import account, csv_bytes, moi_rows, results_csv

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
YEAR = 2567                     # the one assessed year
NO_DATA_YEAR = 2599             # a year nobody assessed
AREA = "ryg-mtp"                # assessed in YEAR, holds the registry's factories
EMPTY_AREA = "pte-bangkadi"     # no factories
IN_AREA = "3-105-1/68ปท"        # moi_rows(…)[0], placed in AREA
OUTSIDE = "3-105-90/68กท"       # in Bangkok: in no EIT area
BLANK = "21300920999999"        # DIW GIS row, every optional field blank: placed by its province, in no area
BLANK_IN_AREA = "21300920999998"  # the same, placed in AREA by its stated subdistrict (no coordinates)
GIS_HEADER = ["เลขทะเบียน", "ประเภท", "จำพวก", "ISIC", "ชื่อโรงงาน", "จังหวัด", "อำเภอ", "ตำบล", "ละติจูด", "ลองติจูด",
              "สถานะ", "คนงาน"]
STATES = ["empty", "registry", "one_year", "new_criteria"]


def _registry(engine, placer, uploads) -> None:
    demo = pd.read_csv(DATA / "demo" / "factories.csv", dtype=str)
    demo = demo.loc[demo["area_id"] == AREA].reset_index(drop=True)
    for c in ("lat", "lon"):
        demo[c] = demo[c].astype(float)
    rows = moi_rows(demo, 3)
    rows.append(["", OUTSIDE, "31300000000090", "3-105", "บริษัท นอกพื้นที่ จำกัด", "38302", "13.75630", "100.50180",
                 "1", "12", "2568-09-30"])
    res = importer.import_factories(engine, csv_bytes(rows), "factories.csv", account(engine), DATA,
                                    placer=placer, upload_root=uploads)
    assert res.landed, [p.message_en for p in res.problems]
    gis = csv_bytes([[BLANK, "", "", "", "โรงงานไม่มีรายละเอียด", "ระยอง", "", "", "", "", "", ""],
                     [BLANK_IN_AREA, "", "", "", "โรงงานไม่มีพิกัด", "ระยอง", "เมืองระยอง", "มาบตาพุด", "", "", "", ""]],
                    header=GIS_HEADER)
    res = importer.import_factories(engine, gis, "gis.csv", account(engine), DATA, placer=placer, upload_root=uploads)
    assert res.landed, [p.message_en for p in res.problems]


def _assessments(engine, uploads) -> None:
    crit = pd.read_csv(DATA / "criteria" / "eit_criteria_2565.csv", dtype=str)
    rows = [[AREA, str(YEAR), ind, "1" if kind == "binary" else "70", "test"]
            for ind, kind in zip(crit["indicator_id"], crit["metric_type"])]
    res = importer.import_assessments(engine, results_csv(rows), "results.csv", account(engine), DATA, upload_root=uploads)
    assert res.landed, [p.message_en for p in res.problems]


def _new_criteria_dir(tmp: Path) -> Path:
    """A copy of data/ whose criteria in use (eit_criteria_2570.csv) renames every indicator id."""
    data = tmp / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("demo"))
    crit = pd.read_csv(DATA / "criteria" / "eit_criteria_2565.csv", dtype=str, keep_default_na=False)
    crit["criteria_version"] = "2570-test"
    crit["indicator_id"] = crit["indicator_id"] + "n"
    crit.to_csv(data / "criteria" / "eit_criteria_2570.csv", index=False)
    return data


@pytest.fixture(scope="module", params=STATES)
def state(request, tmp_path_factory, placer):
    """One database (and data folder) per state, set as the app's environment while the state's tests run."""
    name = request.param
    tmp = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{tmp / 'eit.sqlite'}"
    engine = get_engine(url)
    init_db(engine)
    create_user(engine, "admin", "a-long-password-1", "admin", by=operator_name("tests"))
    uploads = tmp / "uploads"
    if name != "empty":
        _registry(engine, placer, uploads)
    if name in ("one_year", "new_criteria"):
        _assessments(engine, uploads)
    engine.dispose()
    data = _new_criteria_dir(tmp) if name == "new_criteria" else DATA
    saved = {k: os.environ.get(k) for k in ("EIT_DATABASE_URL", "EIT_DEMO", "EIT_DATA_DIR")}
    os.environ.update(EIT_DATABASE_URL=url, EIT_DEMO="0", EIT_DATA_DIR=str(data))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield name
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    st.cache_resource.clear()
    st.cache_data.clear()


def shown(at: AppTest) -> str:
    """Every text the user reads on the page: its Markdown as rendered, plain text and HTML blocks."""
    return "\n".join([shown_text(at), *(str(e.value) for e in at.text), *(h.value for h in at.get("html"))])


# (page, query parameters, the sentence the user must see in a state; None: only "renders")
CASES = [
    ("national", {}),
    ("national", {"year": NO_DATA_YEAR}),
    ("area", {"area": AREA}),
    ("area", {"area": AREA, "year": NO_DATA_YEAR}),
    ("area", {"area": EMPTY_AREA}),
    ("factory", {}),
    ("factory", {"factory": IN_AREA}),
    ("factory", {"factory": OUTSIDE}),
    ("factory", {"factory": BLANK}),
    ("factory", {"factory": BLANK_IN_AREA, "lang": "en"}),
    ("trends", {}),
    ("trends", {"year": NO_DATA_YEAR}),
    ("present", {}),
    ("summary", {}),
    ("summary", {"year": NO_DATA_YEAR}),
    ("about", {}),
    ("party", {}),                      # the symbiosis register holds no party yet
    ("party", {"party": "ce-ryg-001"}),
]


def _expected(state: str, page: str, params: dict) -> list[str]:
    """The sentences (i18n keys, Thai) that must explain the state on this page."""
    has_factories = state != "empty"
    assessed = state == "one_year"  # new_criteria: every stored result is of an indicator the criteria lack
    factory = params.get("factory")
    if factory and not has_factories:
        return [t("error.unknown_factory", params.get("lang", "th"), factory=factory)]
    out = []
    if state == "new_criteria":
        out.append("2570-test")  # the warning names the criteria in use
    if page in ("national", "trends", "summary", "present") and not assessed:
        out.append(t("state.no_assessments", "th"))
    elif page in ("national", "trends", "summary") and params.get("year") == NO_DATA_YEAR:
        out.append(t("state.year_no_data", "th", year=f"พ.ศ. {NO_DATA_YEAR}", shown=f"พ.ศ. {YEAR}"))
    if page == "national":  # one assessed year at most: the front page has no earlier year to compare with
        out.append(t("glance.no_previous", "th"))
    if page == "area" and (not assessed or params.get("area") == EMPTY_AREA):
        out.append(t("area.no_assessment", "th"))
    if page == "area" and params.get("area") == EMPTY_AREA:
        out.append(t("area.no_factories", "th"))
    if page == "factory" and not factory and not has_factories:
        out.append(t("state.no_factories", "th"))
    if factory == OUTSIDE:
        out.append(t("factory.outside_areas", "th"))
    if factory == BLANK:
        out.append(t("report.as_of_unknown", "th"))
    if page == "party":                   # no party imported in any of these states
        out.append(t("party.none", "th"))
    if factory == BLANK_IN_AREA:  # in English: the Thai name stands in for the missing English one
        out += [t("report.as_of_unknown", "en"), t("factory.no_coordinates", "en"), "โรงงานไม่มีพิกัด"]
    return out


@pytest.mark.parametrize("page,params", CASES, ids=[f"{p}-{'-'.join(map(str, q.values())) or 'default'}"
                                                    for p, q in CASES])
def test_every_page_renders_and_explains_the_state(state, page, params):
    at = run(None if page == "national" else f"pages/{page}.py", **params)
    text = shown(at)
    for sentence in _expected(state, page, params):
        assert sentence in text, f"{state}: {page} {params} does not say {sentence!r}"
    # no developer words in any state either (the new_criteria state names its criteria version as people read it)
    assert developer_words(at) == [], (state, page, params)


def test_the_sentence_is_in_the_language_of_the_page(state):
    at = run(lang="en", year=NO_DATA_YEAR)
    if state == "one_year":
        expected = t("state.year_no_data", "en", year="2056 (B.E. 2599)", shown="2024 (B.E. 2567)")
    else:
        expected = t("state.no_assessments", "en")
    assert expected in shown(at)
    assert t("state.no_assessments", "th") not in shown(at)
    assert (t("state.year_no_data", "en", year="2056 (B.E. 2599)", shown="")[:20] in shown(at)) == (state == "one_year")


def test_staff_pages_render_for_an_admin(state):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input("admin")
    at.text_input[1].input("a-long-password-1")
    at.button[0].click().run()
    assert at.session_state["user"]["role"] == "admin"
    for page in ("imports", "certification", "visits", "audit", "accounts"):
        at.query_params["area"] = AREA
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert developer_words(at) == [], (state, page)
        if page == "visits":              # no auditor account in a new production database: a sentence says so
            assert any("ยังไม่มีบัญชีผู้ทวนสอบ" in w.value for w in at.warning)
    # the area page's staff part: no material-flow records, so no candidate exchange, and it says so
    at.query_params["area"] = AREA
    at.switch_page("pages/area.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert t("sym.candidates_none", "th") in shown(at)


EXPORTS = [
    ["deck", "--year", str(YEAR)],
    ["deck", "--year", str(NO_DATA_YEAR)],
    ["area", AREA, "--year", str(YEAR)],
    ["area", EMPTY_AREA, "--year", str(NO_DATA_YEAR)],
    ["factory", IN_AREA],
    ["factory", OUTSIDE],
    ["factory", BLANK],
    ["factory", BLANK_IN_AREA, "--lang", "en"],
    ["table", "--year", str(YEAR), "--out-suffix", ".xlsx"],
    ["table", "--year", str(NO_DATA_YEAR), "--out-suffix", ".geojson"],
]


@pytest.mark.parametrize("argv", EXPORTS, ids=lambda a: "-".join(a[:2]))
def test_every_export_command_runs(state, argv, tmp_path, capsys):
    from reports.__main__ import main

    argv = list(argv)
    suffix = {"deck": ".pptx", "area": ".pdf", "factory": ".pdf"}.get(argv[0])
    if "--out-suffix" in argv:
        i = argv.index("--out-suffix")
        suffix = argv[i + 1]
        del argv[i:i + 2]
    out = tmp_path / f"out{suffix}"
    code = main([*argv, "--out", str(out)])
    err = capsys.readouterr().err
    if state == "new_criteria":
        assert "2570-test" in err and "ECO-1.1" in err  # which stored results the criteria in use cannot score
    if argv[0] == "factory" and state == "empty":
        assert code == 2 and argv[1] in err  # no such factory yet: a clear refusal
        return
    year = int(argv[argv.index("--year") + 1]) if "--year" in argv else None
    if argv[0] in ("deck", "table") and (state != "one_year" or year == NO_DATA_YEAR):
        # nothing scored for that year: a clear refusal naming the years that have results
        assert code == 2, err
        assert ("ยังไม่มีผลการประเมินในฐานข้อมูล" if state != "one_year" else f"ปีที่มีผลการประเมิน: {YEAR}") in err
        return
    assert code == 0, err
    assert out.stat().st_size > 0


# --- text from data stays text (Markdown) ---------------------------------------------------------------------

HOSTILE_FACTORY = "[คลิก](http://evil.example/x) ![x](http://evil.example/i.png) <b>หนา</b> www.evil.example"
HOSTILE_AREA = "![ภาพ](http://evil.example/a.png) [มาบตาพุด](http://evil.example/y) :red[แดง] a@evil.example"
HOSTILE_REG = "3-105-77/68ปท"
HOSTILE_LABEL = "[เป้าหมาย](http://evil.example/t) ![t](http://evil.example/t.png) <i>เอียง</i>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, placer):
    """A database whose factory, and a data folder whose area, are named with Markdown links, images and
    markup; the area is assessed for one year."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("demo"))
    areas = pd.read_csv(data / "areas.csv", dtype=str, keep_default_na=False)
    areas.loc[areas["area_id"] == AREA, ["name_th", "name_en"]] = HOSTILE_AREA
    areas.to_csv(data / "areas.csv", index=False)
    for name, cols in (("targets.csv", ["label_th", "label_en"]),
                       ("programme_results.csv", ["label_th", "label_en", "unit_th", "unit_en", "source", "source_th"])):
        frame = pd.read_csv(data / name, dtype=str, keep_default_na=False)
        frame.loc[0, cols] = HOSTILE_LABEL
        frame.to_csv(data / name, index=False)
    url = f"sqlite:///{tmp / 'eit.sqlite'}"
    engine = get_engine(url)
    init_db(engine)
    create_user(engine, "tester", "a-long-password-2", "staff", by=operator_name("tests"))
    demo = pd.read_csv(DATA / "demo" / "factories.csv", dtype=str)
    f = demo.loc[demo["area_id"] == AREA].iloc[0]
    row = ["", HOSTILE_REG, "31300000000077", "3-105", HOSTILE_FACTORY, "38302", f["lat"], f["lon"], "1", "20",
           "2568-09-30"]
    res = importer.import_factories(engine, csv_bytes([row]), "factories.csv", account(engine), data, placer=placer,
                                    upload_root=tmp / "uploads")
    assert res.landed, [p.message_en for p in res.problems]
    _assessments(engine, tmp / "uploads")
    engine.dispose()
    saved = {k: os.environ.get(k) for k in ("EIT_DATABASE_URL", "EIT_DEMO", "EIT_DATA_DIR")}
    os.environ.update(EIT_DATABASE_URL=url, EIT_DEMO="0", EIT_DATA_DIR=str(data))
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.mark.parametrize("page,params,name", [
    ("factory", {"factory": HOSTILE_REG}, HOSTILE_FACTORY),
    ("area", {"area": AREA}, HOSTILE_AREA),
    ("present", {"year": YEAR, "province": "21", "i": 2}, HOSTILE_AREA),   # Thai order: after เขตประกอบการ…
])
def test_a_hostile_name_shows_literally_and_makes_no_link_or_image(hostile, page, params, name):
    at = run(f"pages/{page}.py", **params)
    if page == "present":       # the areas are shown in Thai dictionary order: step to the hostile one
        for i in range(2, 12):
            if as_text(at.title[0].value) == name:
                break
            at = run(f"pages/{page}.py", **params, i=i)
    assert as_text(at.title[0].value) == name
    for source in sources(at):
        assert links_and_images(source) == [], source


@pytest.mark.parametrize("page", ["national", "trends", "summary"])
def test_hostile_target_and_result_labels_show_literally(hostile, page):
    at = run(None if page == "national" else f"pages/{page}.py", year=YEAR)
    for source in sources(at):
        assert links_and_images(source) == [], source
    if page != "national":  # national shows the targets of the year only; the first target is of 2565
        assert HOSTILE_LABEL in shown_text(at)


def test_a_hostile_factory_name_in_search_results_is_plain_text(hostile):
    at = run("pages/factory.py")
    at.text_input(key="factory_search").input("คลิก").run()
    (table,) = [h.value for h in at.get("html") if 'id="search-results"' in h.value]
    assert html.escape(HOSTILE_FACTORY) in table               # shown as its text, escaped
    assert "<b>" not in table and "<img" not in table and 'href="http' not in table


@pytest.mark.parametrize("page,params", [
    ("national", {"year": "[ปี](http://evil.example/y)"}),
    ("area", {"area": "![i](http://evil.example/i.png)"}),
    ("factory", {"factory": "<b>x</b> www.evil.example"}),
])
def test_a_hostile_query_parameter_is_quoted_as_text(hostile, page, params):
    at = run(None if page == "national" else f"pages/{page}.py", **params)
    (value,) = params.values()
    assert value in shown_text(at)  # the message quotes what was asked for
    for source in sources(at):
        assert links_and_images(source) == [], source


def test_the_command_itself_writes_the_pdf_of_a_factory_with_blank_fields(state, tmp_path):
    """``python -m reports factory`` as a user runs it (it exited 1 with a traceback for a blank data date)."""
    import subprocess
    import sys

    if state != "registry":
        pytest.skip("one run of the real command is enough; the other states run its main() above")
    out = tmp_path / "blank.pdf"
    done = subprocess.run([sys.executable, "-m", "reports", "factory", BLANK, "--lang", "en", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    for sentence in (t("report.as_of_unknown", "en"), t("factory.no_coordinates", "en"), t("factory.outside_areas", "en")):
        assert sentence in pdf


def test_the_factory_layer_and_the_nearest_area_in_every_state(state):
    """With the factory layer on, a province without areas (Bangkok) counts its registered factories per
    district, or says there are none; a factory outside every area names the nearest area and its distance."""
    text = shown(run(factories=1, province=10))
    if state == "empty":
        assert t("registry.none", "th") in text
        return
    assert 'id="district-table"' in text and "<td>รวม</td><td>1</td>" in text
    at = run("pages/factory.py", factory=OUTSIDE)
    links = [p.proto.label for p in at.get("page_link")]
    nearest = [label for label in links if label.startswith("พื้นที่เป้าหมายที่ใกล้ที่สุด")]
    assert len(nearest) == 1 and " กม." in nearest[0], links
    km = float(re.search(r"ห่างประมาณ ([\d.,]+) กม", nearest[0]).group(1).replace(",", ""))
    assert 0 < km < 100
