"""The symbiosis views through Streamlit's AppTest: the area page's section (KPI tiles, flows on the map as one
layer, the Sankey, the exchange table with links to both parties, downloads), the national colouring and the
factory page's flows and exchanges; viewers see public exchanges only, staff more."""
import json
import re
from html import unescape
from urllib.parse import urlencode

import pandas as pd

from tests.appserver import ROOT
from tests.pagetest import html, run, shared_database, sign_in, text

app_database = shared_database()             # the module only reads

EX = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_exchanges.csv", dtype=str)
YEAR_END = "2025-12-31"                                     # the end of 2568, the newest year of the demo
AREA = EX.groupby("area_id").size().idxmax()


def existing(ex: pd.DataFrame) -> pd.DataFrame:
    """Exchanges identified by the end of 2568 (the table and the map show those)."""
    return ex[ex["identified_on"].fillna("9999") <= YEAR_END]


def rows_of(page: str, table_id: str) -> list[str]:
    m = re.search(rf'<table class="eit-table" id="{table_id}">.*?<tbody>(.*?)</tbody>', page, flags=re.S)
    assert m, f"no table {table_id}"
    return re.findall(r"<tr>(.*?)</tr>", m.group(1), flags=re.S)


def map_script(at) -> str:
    scripts = [json.loads(e.proto.json_args)["script"] for e in at.get("component_instance")
               if "script" in e.proto.json_args]
    assert scripts, "no map on the page"
    return scripts[0]


def sankey_of(at) -> dict:
    """The Sankey (inline SVG) of the page: its node labels (unescaped once) and its number of links."""
    m = re.search(r'<svg id="sankey".*?</svg>', "\n".join(e.value for e in at.markdown), flags=re.S)
    assert m, "no Sankey on the page"
    svg = m.group(0)
    labels = [unescape(x).rsplit(" · ", 1)[0] for x in re.findall(r'class="sankey-node"[^>]*><title>(.*?)</title>', svg)]
    written = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*paint-order="stroke">', svg)
    return {"labels": labels, "links": svg.count('class="sankey-link"'), "written": [(float(x), float(y)) for x, y in written]}


def test_a_viewer_sees_the_area_s_public_exchanges_on_the_map_in_the_sankey_and_the_table():
    at = run("pages/area.py", area=AREA)
    assert "การพึ่งพาอาศัยทางอุตสาหกรรม" in text(at)
    page = html(at)
    assert 'id="symbiosis-kpis"' in page and "ลดก๊าซเรือนกระจก" in page and "การเชื่อมโยงโรงงาน–ชุมชน" in page
    mine = existing(EX[EX["area_id"] == AREA])
    public = mine[mine["visibility"] == "public"]
    assert 0 < len(public) < len(mine)                    # the test can tell the two apart
    rows = rows_of(page, "exchange-table")
    assert len(rows) == len(public)
    # the flows are ONE GeoJson layer of lines on the area map, one line (with its arrow head) per exchange
    script = map_script(at)
    assert script.count('"MultiLineString"') == len(public)
    assert len(re.findall(r"geo_json_\w+ = L\.geoJson\(", script)) == len(set(re.findall(r"(geo_json_\w+) = L\.geoJson\(", script)))
    # the Sankey: givers -> materials -> receivers
    sankey = sankey_of(at)
    labels = sankey["labels"]
    assert sankey["links"] == 2 * len(public)
    columns = {}
    for x, y in sankey["written"]:                  # the names written beside the nodes never overlap
        columns.setdefault(x, []).append(y)
    assert len(sankey["written"]) >= 3 and all(b - a >= 17 for ys in columns.values() for a, b in zip(ys, ys[1:]))
    assert all(any(m in lab for lab in labels) for m in public["material_th"])
    assert any("ตัน/ปี" in lab for lab in labels)                   # a material node says its unit
    # both parties of the table: a factory links to its page, another party shows its kind
    table = "".join(rows)
    factories = [reg for reg in {*public["from_party"], *public["to_party"]} if "/" in reg]   # registration numbers
    assert factories
    for reg in factories:
        assert urlencode({"factory": reg}) in table
    assert "(วิสาหกิจชุมชน)" in table or "(ผู้รับบำบัดหรือกำจัดของเสีย)" in table or "(ชุมชน / หมู่บ้าน)" in table


def test_staff_see_the_area_s_exchanges_of_every_visibility_their_role_allows():
    at = run()
    sign_in(at, "demo-staff", "demo")
    at.query_params["area"] = AREA
    at.switch_page("pages/area.py").run()
    assert not at.exception
    mine = existing(EX[EX["area_id"] == AREA])
    seen = rows_of(html(at), "exchange-table")
    assert len(seen) > len(mine[mine["visibility"] == "public"])


def test_the_exchange_filter_narrows_the_table_and_the_downloads_follow_it():
    at = run("pages/area.py", area=AREA)
    before = len(rows_of(html(at), "exchange-table"))
    status = [m for m in at.multiselect if m.label == "สถานะ"][0]
    status.select("ดำเนินการแล้ว").run()
    after = rows_of(html(at), "exchange-table")
    assert 0 < len(after) < before
    assert all("ดำเนินการแล้ว" in r for r in after)
    labels = [b.label for b in at.get("download_button")]
    assert {"ดาวน์โหลดการแลกเปลี่ยน (CSV)", "ดาวน์โหลดการแลกเปลี่ยน (Excel)",
            "ดาวน์โหลดเส้นการแลกเปลี่ยน (GeoJSON)"} <= set(labels)


def test_the_section_is_in_english_with_the_english_toggle():
    at = run("pages/area.py", area=AREA, lang="en")
    assert "Industrial symbiosis" in text(at)
    page = html(at)
    assert "CO2e avoided" in page and "Operating" in page
    labels = sankey_of(at)["labels"]
    assert any("/yr" in lab for lab in labels)


def test_national_page_colours_areas_by_operating_exchanges_and_says_the_national_figure():
    at = run(colour="symbiosis")
    assert not at.exception
    shown = text(at)
    assert "การพึ่งพาอาศัยทางอุตสาหกรรม: การแลกเปลี่ยนที่ดำเนินการแล้ว" in shown
    legend = html(at)
    assert "การพึ่งพาอาศัย (การแลกเปลี่ยนที่ดำเนินการแล้ว)" in legend and "ยังไม่มี" in legend
    script = map_script(at)
    needle = "การแลกเปลี่ยนที่ดำเนินการแล้ว"                  # the area tooltips say how many (maybe \u-escaped)
    assert needle in script or json.dumps(needle)[1:-1] in script
    # the figure counts what a viewer may see: public exchanges operating at the end of 2568
    ex = EX[(EX["visibility"] == "public") & (EX["status"] == "operating") & (EX["operating_on"] <= YEAR_END)
            & (EX["discontinued_on"].isna())]
    assert f"ดำเนินการแล้ว {len(ex):,} รายการ" in shown


def test_factory_page_shows_its_flows_and_its_exchanges_in_both_directions():
    pub = existing(EX[EX["visibility"] == "public"])
    givers = set(pub["from_party"][pub["from_party"].str.contains("/")])
    takers = set(pub["to_party"][pub["to_party"].str.contains("/")])
    both = sorted(givers & takers) or sorted(givers)
    reg = both[0]
    at = run("pages/factory.py", factory=reg)
    assert "การไหลของวัสดุและการแลกเปลี่ยน" in text(at)
    page = html(at)
    flows = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_flows.csv", dtype=str)
    own = flows[(flows["party_id"] == reg) & (flows["year"] == flows.loc[flows["party_id"] == reg, "year"].max())]
    assert len(own) and len(rows_of(page, "flow-table")) == len(own)
    mine = pub[(pub["from_party"] == reg) | (pub["to_party"] == reg)]
    rows = rows_of(page, "exchange-table")
    assert len(rows) == len(mine)
    others = {*mine["from_party"], *mine["to_party"]} - {reg}
    other_factories = [other for other in others if "/" in other]
    assert other_factories                                   # the busiest factory exchanges with other factories
    for other in other_factories:
        assert urlencode({"factory": other}) in "".join(rows)


def test_a_filter_that_matches_nothing_says_so():
    """A category and a status that no public exchange of the area has together: a sentence, no empty chart."""
    mine = existing(EX[(EX["area_id"] == AREA) & (EX["visibility"] == "public")])
    assert (mine[[f"{s}_on" for s in ("identified", "feasibility", "planned", "operating", "discontinued")]]
            .fillna("") <= YEAR_END).all().all()                  # so the status at the end of 2568 is `status`
    names = {"identified": "พบโอกาส", "feasibility": "ศึกษาความเป็นไปได้", "planned": "วางแผนดำเนินการ",
             "operating": "ดำเนินการแล้ว", "discontinued": "ยุติแล้ว"}
    cats = {"material": "ผลพลอยได้และวัสดุ", "waste": "ของเสีย", "water": "น้ำ", "energy": "พลังงาน"}
    pairs = set(zip(mine["category"], mine["status"]))
    cat, status = next((c, s) for c in sorted(set(mine["category"])) for s in names if (c, s) not in pairs)
    at = run("pages/area.py", area=AREA)
    [m for m in at.multiselect if m.label == "ประเภท"][0].set_value([cats[cat]]).run()
    [m for m in at.multiselect if m.label == "สถานะ"][0].set_value([names[status]]).run()
    assert not at.exception
    assert "ไม่มีการแลกเปลี่ยนที่ตรงกับตัวกรองนี้" in text(at)
    assert 'id="exchange-table"' not in html(at)


# --------------------------------------------------------------------------------------------- non-factory parties

PARTIES = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_parties.csv", dtype=str)


def busiest_public_party() -> str:
    """The non-factory party with the most public exchanges existing at the end of 2568."""
    pub = existing(EX[EX["visibility"] == "public"])
    sides = pd.concat([pub["from_party"], pub["to_party"]])
    return sides[sides.isin(set(PARTIES["party_id"]))].value_counts().idxmax()


def test_the_area_table_links_a_non_factory_party_to_its_page():
    at = run("pages/area.py", area=AREA)
    table = "".join(rows_of(html(at), "exchange-table"))
    mine = existing(EX[(EX["area_id"] == AREA) & (EX["visibility"] == "public")])
    others = {*mine["from_party"], *mine["to_party"]} & set(PARTIES["party_id"])
    assert others
    for pid in others:
        assert urlencode({"party": pid}) in table


def test_a_party_page_shows_its_name_kind_area_map_and_exchanges_both_ways():
    pid = busiest_public_party()
    p = PARTIES.set_index("party_id").loc[pid]
    at = run("pages/party.py", party=pid)
    shown = text(at)
    assert p["name_th"] in shown
    kind = {"community_enterprise": "วิสาหกิจชุมชน", "processor": "ผู้รับบำบัดหรือกำจัดของเสีย"}.get(p["kind"])
    assert kind is None or kind in shown
    pub = existing(EX[EX["visibility"] == "public"])
    mine = pub[(pub["from_party"] == pid) | (pub["to_party"] == pid)]
    rows = rows_of(html(at), "exchange-table")
    assert len(rows) == len(mine) > 0
    partners = [reg for reg in {*mine["from_party"], *mine["to_party"]} - {pid} if "/" in reg]
    assert partners                                          # the busiest party exchanges with factories
    for reg in partners:
        assert urlencode({"factory": reg}) in "".join(rows)
    script = map_script(at)                                  # its exchanges as one layer of lines on its map
    assert script.count('"MultiLineString"') == len(mine)


def test_a_party_page_in_english_and_staff_see_more_of_its_exchanges():
    pid = busiest_public_party()
    at = run("pages/party.py", party=pid, lang="en")
    assert "This partner's exchanges" in text(at)
    at = run()
    sign_in(at, "demo-staff", "demo")
    at.query_params["party"] = pid
    at.switch_page("pages/party.py").run()
    assert not at.exception
    ex = existing(EX[(EX["from_party"] == pid) | (EX["to_party"] == pid)])
    assert len(rows_of(html(at), "exchange-table")) == len(ex[ex["visibility"] != "restricted"])


def test_an_unknown_party_says_so_and_a_factory_id_opens_the_factory_page():
    at = run("pages/party.py", party="<b>nobody</b>")
    assert "ไม่พบภาคีเครือข่ายรหัส" in text(at) and "<b>nobody</b>" in text(at)
    assert not at.get("component_instance")
    reg = EX["from_party"][EX["from_party"].str.contains("/")].iloc[0]
    at = run("pages/party.py", party=reg)
    assert 'id="factory-details"' in html(at)


# --------------------------------------------------------------------------------------------- year on year

def _public_dated(status: str, year_ce: int) -> pd.DataFrame:
    pub = EX[EX["visibility"] == "public"]
    return pub[pub[f"{status}_on"].fillna("").str.startswith(str(year_ce))]


def test_trends_lists_the_exchanges_that_started_or_ended_in_the_year():
    at = run("pages/trends.py", year=2568, **{"from": 2567})
    m = {x.label: x.value for x in at.metric}
    started, ended = _public_dated("operating", 2025), _public_dated("discontinued", 2025)
    assert len(started) and len(ended)                            # the demo has both kinds in 2568
    assert (m["เริ่มดำเนินการในปีนี้"], m["ยุติในปีนี้"]) == (f"{len(started):,}", f"{len(ended):,}")
    rows = rows_of(html(at), "symbiosis-changes")
    assert len(rows) == min(100, len(started) + len(ended))
    assert sum("เริ่มดำเนินการ" in r for r in rows) == min(len(started), len(rows))
    assert all("2568" in r for r in rows)                         # dates in the Buddhist era
    older = run("pages/trends.py", year=2566, **{"from": 2565})
    m = {x.label: x.value for x in older.metric}
    assert m["เริ่มดำเนินการในปีนี้"] == f"{len(_public_dated('operating', 2023)):,}"


def test_presentation_mode_says_the_area_s_symbiosis_of_the_year():
    areas = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str)
    at = run("pages/present.py", year=2568, province=21, i=1)
    title = at.title[0].value.replace("\\", "")
    area = areas.loc[areas["name_th"] == title, "area_id"].iloc[0]
    pub = EX[(EX["visibility"] == "public") & (EX["area_id"] == area)]
    operating = pub[(pub["operating_on"].fillna("9999") <= YEAR_END) & (pub["discontinued_on"].fillna("9999") > YEAR_END)]
    started = pub[pub["operating_on"].fillna("").str.startswith("2025")]
    ended = pub[pub["discontinued_on"].fillna("").str.startswith("2025")]
    assert len(operating) > 0                                     # the figures are not all zero
    line = [x.value for x in at.caption if "การพึ่งพาอาศัย:" in x.value]
    assert len(line) == 1 and line[0].endswith(
        f" · การพึ่งพาอาศัย: ดำเนินการแล้ว **{len(operating)}** รายการ · เริ่มดำเนินการในปีนี้ "
        f"**{len(started)}** · ยุติในปีนี้ **{len(ended)}**")
