"""A (filtered) area table of ``scoring.summary.area_table`` as an Excel workbook or as GeoJSON with the areas'
polygons, for staff who work on in spreadsheets or GIS."""
from __future__ import annotations

import io
import json

import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.cells import safe_cell
from common.values import is_missing
from geo.layers import MapLayers
from i18n import normalise_lang, t
from reports import FONT_FAMILY
from scoring.criteria import DIMENSIONS

# Columns of the export, in order: (column in the area table, catalogue key of its heading).
COLUMNS = [
    ("area_id", "report.col_area_id"), ("name", "col.area"), ("province", "col.province"),
    ("province_code", "report.col_province_code"), ("region_id", "filter.region"), ("phase", "col.phase"),
    ("year_joined", "report.col_year_joined"), ("kind", "report.col_kind"), ("status", "report.col_listing"),
    ("boundary", "report.col_boundary"), ("in_programme", "report.col_in_programme"), ("level", "col.level"),
    ("level_status", "report.col_cert_status"), ("prev_level", "report.col_prev_level"),
    *[(d, f"dim.{d}") for d in DIMENSIONS],
    ("n_factories", "col.factories"), ("n_developed", "col.developed"),
]


def _plain(value):
    """A JSON/Excel-safe Python value: NA and NaN become None, numpy scalars plain numbers."""
    if is_missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
        if is_missing(value):
            return None
    return value


def _value(row: pd.Series, col: str, lang: str, regions: dict | None = None):
    """One cell as a person reads it in ``lang``: names, kinds, listing, boundary, region and certification
    status in words; numbers as numbers."""
    if col in ("name", "province"):
        return row[f"{col}_{lang}"]
    if col == "kind":
        return t(f"kind.{row['kind']}", lang)
    if col == "region_id":
        return (regions or {}).get(row.get("region_id"), row.get("region_id"))
    if col in ("status", "boundary"):
        key = {"status": "report.listing_", "boundary": "report.boundary_"}[col] + str(row.get(col))
        text = t(key, lang)
        return text if text != key else row.get(col)
    if col == "level_status":
        status = row.get("level_status")
        if status is None or (not isinstance(status, str) and pd.isna(status)):
            return None if pd.isna(row.get("level")) else t("report.status_computed", lang)
        return t(f"report.status_{status}", lang)
    if col == "in_programme":
        return t("report.yes", lang) if bool(row[col]) else t("report.no", lang)
    value = _plain(row.get(col))
    if col in DIMENSIONS and value is not None:
        return round(float(value), 1)
    return value


def areas_xlsx(table_rows: pd.DataFrame, lang: str = "th", note: str | None = None,
               regions: pd.DataFrame | None = None) -> bytes:
    """One sheet, one row per area, headings in ``lang``; an empty cell where there is no level or score.
    ``note`` (e.g. the demo notice and the year) goes in a second sheet.  Text cells cannot become formulas
    (:func:`common.cells.safe_cell`); numbers stay numbers."""
    lang = normalise_lang(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = t("report.sheet_areas", lang)[:31]
    ws.append([t(key, lang) for _, key in COLUMNS])
    names = None if regions is None else dict(zip(regions["region_id"], regions[f"name_{lang}"]))
    for _, row in table_rows.iterrows():
        ws.append([safe_cell(_value(row, col, lang, names)) for col, _ in COLUMNS])
    head_font = Font(name=FONT_FAMILY, bold=True)
    body_font = Font(name=FONT_FAMILY)
    for cell in ws[1]:
        cell.font = head_font
        cell.fill = PatternFill("solid", fgColor="E8F1EC")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.font = body_font
    widths = {"name": 48, "province": 18, "area_id": 18, "kind": 26}
    for j, (col, _) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(col, 12)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    if note:
        about = wb.create_sheet(t("report.sheet_notes", lang)[:31])
        for line in note.splitlines():
            about.append([safe_cell(line)])
            about.cell(row=about.max_row, column=1).font = body_font
        about.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def areas_geojson(table_rows: pd.DataFrame, layers: MapLayers) -> str:
    """A GeoJSON FeatureCollection (EPSG:4326) of the rows' areas: full-detail polygons, every column of the
    area table as properties (null where there is no value)."""
    geoms = dict(zip(layers.areas["area_id"], layers.areas.geometry))
    features = []
    for _, row in table_rows.iterrows():
        aid = row["area_id"]
        props = {col: _plain(row[col]) for col in table_rows.columns}
        features.append({"type": "Feature", "id": aid, "properties": props,
                         "geometry": shapely.geometry.mapping(geoms[aid]) if aid in geoms else None})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      default=_json_default)


def _json_default(value):
    plain = _plain(value)
    if plain is value:
        return str(value)
    return plain
