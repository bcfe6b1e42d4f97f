"""The deck's area slides, measured shape by shape (python-pptx: left, top, width, height): no block overprints
another or runs off the slide in the government font (TH Sarabun New), the status line clears the radar, and the
symbiosis figures are large enough to read projected. A text box's extent is its box or, when its text needs
more room, what its text needs (lines wrapped to the box's width, each character at most 0.55 em wide and Thai
marks above or below none, lines 1.3 em apart unless the paragraph fixes its spacing)."""
import io
import math
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from geo.boundaries import load_boundaries
from geo.layers import build_layers
from reports import DECK_FONTS
from reports.deck import build_deck
from scoring.summary import build_model

ROOT = Path(__file__).resolve().parents[1]
EM_PER_CHAR, LINE_EM, MARGIN_X, MARGIN_Y = 0.55, 1.3, Inches(0.16), Inches(0.08)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from tests.appserver import demo_copy

    engine = get_engine(demo_copy(tmp_path_factory.mktemp('deck') / 'eit.sqlite'))   # the demo with its symbiosis register
    ds = load_dataset_from_db(ROOT / "data", engine)
    engine.dispose()
    model = build_model(ds.assessments, ds.criteria)
    layers = build_layers(ds.areas, load_boundaries(ROOT / "data" / "boundaries"))
    import pandas as pd
    ex = pd.read_csv(ROOT / "data" / "demo" / "symbiosis_exchanges.csv", dtype=str)
    busiest = ex.groupby("area_id").size().idxmax()
    province = ds.areas.set_index("area_id").loc[busiest, "province_code"]
    long_note = "ปัญหา: " + "ข้อมูลการแลกเปลี่ยนวัสดุยังไม่ครบถ้วนในหลายโรงงาน " * 4 + "\nข้อเสนอแนะ: จัดประชุมคณะทำงาน"
    notes = {busiest: long_note}
    return Presentation(io.BytesIO(build_deck(ds, model, layers, 2568, province=province, notes=notes)))


def _text_height(shape) -> int:
    """What a text box's text needs (EMU), in the sizes of Sarabun (the deck scales them for its font)."""
    tf = shape.text_frame
    usable = max(1, shape.width - MARGIN_X)
    need = MARGIN_Y
    for p in tf.paragraphs:
        runs = [r for r in p.runs if r.font.size is not None]
        size = max((r.font.size for r in runs), default=Emu(Inches(0.14))) / _scale(runs)
        text = "".join(r.text for r in p.runs)
        wide = sum(0 if unicodedata.category(c) == "Mn" else EM_PER_CHAR for c in text) * size
        lines = max(1, math.ceil(wide / usable))
        line = p.line_spacing if p.line_spacing is not None and not isinstance(p.line_spacing, float) else None
        need += lines * (line / _scale(runs) if line is not None else LINE_EM * size)
        need += p.space_after or 0
    return int(need)


def _scale(runs) -> float:
    faces = {r._r.get_or_add_rPr().find("{http://schemas.openxmlformats.org/drawingml/2006/main}cs") for r in runs}
    names = {f.get("typeface") for f in faces if f is not None}
    return DECK_FONTS.get(next(iter(names), "Sarabun"), 1.0)


def _extent(shape) -> tuple[int, int, int, int]:
    height = shape.height
    if shape.has_text_frame and shape.text_frame.text.strip():
        height = max(height, _text_height(shape))
    return shape.left, shape.top, shape.left + shape.width, shape.top + height


def _area_slides(prs):
    return list(prs.slides)[2:]          # the title slide and the national slide come first


def test_no_block_overprints_another_or_runs_off_an_area_slide(deck):
    w, h = deck.slide_width, deck.slide_height
    for n, slide in enumerate(_area_slides(deck), start=3):
        boxes = [(s.name, _extent(s)) for s in slide.shapes]
        for i, (name, (x0, y0, x1, y1)) in enumerate(boxes):
            assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h, (n, name, Emu(y1).inches)
            for other, (a0, b0, a1, b1) in boxes[i + 1:]:
                apart = x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0
                assert apart, (n, name, other, [Emu(v).inches for v in (x0, y0, x1, y1)],
                               [Emu(v).inches for v in (a0, b0, a1, b1)])


def test_the_symbiosis_figures_are_large_enough_to_read_projected(deck):
    found = 0
    for slide in _area_slides(deck):
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for p in shape.text_frame.paragraphs:
                text = "".join(r.text for r in p.runs)
                if ":" in text and any(k in text for k in ("จำนวนการแลกเปลี่ยน", "ลดก๊าซเรือนกระจก")):
                    runs = [r for r in p.runs if r.font.size is not None]
                    assert min(r.font.size.pt for r in runs) / _scale(runs) >= 12, text
                    found += 1
    assert found
