"""Command line for the exports (run from the project folder; data from EIT_DATA_DIR, default ``data``):

    python -m reports deck --year 2567 [--province 21] [--lang th|en] [--notes notes.json] --out deck.pptx
    python -m reports area ryg-mtp --year 2567 [--lang th|en] --out area.pdf
    python -m reports factory 3-105-957/47ปท [--lang th|en] --out factory.pdf
    python -m reports table --year 2567 [--province 21] [--lang th|en] --out areas.xlsx   (or .geojson)

Exit codes: 0 written, 2 unknown area/factory/province/year or bad arguments, 1 a data file failed to load.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common.errors import DataError
from reports import DECK_FONTS, ReportError
from scoring.criteria import version_label


def _open_dataset():
    """The data set the exports are made from (the one place that loads it): the same database as the dashboard
    (EIT_DATABASE_URL, default the SQLite file var/eit.sqlite; a new demo database is filled with the demo, a
    production database never)."""
    from common.settings import data_dir
    from db.engine import get_engine
    from db.snapshot import load_dataset_from_db
    from db.startup import ensure_database
    from demo.seed import seed_demo

    engine = get_engine()
    ensure_database(engine, data_dir(), seed=seed_demo)
    return load_dataset_from_db(data_dir().resolve(), engine)


def _model(ds):
    from scoring.summary import build_model

    return build_model(ds.assessments, ds.criteria)


def _layers(ds):
    from geo.boundaries import load_boundaries
    from geo.layers import build_layers

    return build_layers(ds.areas, load_boundaries(Path(ds.data_dir) / "boundaries"))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m reports", description="Exports for committee meetings (Thai first).")
    sub = p.add_subparsers(dest="command", required=True)
    deck = sub.add_parser("deck", help="PowerPoint deck: title, national map, one slide per area")
    deck.add_argument("--year", type=int, required=True, help="Buddhist-era year, e.g. 2567")
    deck.add_argument("--province", help="DOPA province code, e.g. 21 (default: all areas)")
    deck.add_argument("--notes", type=Path, help="JSON file {area_id: problems and recommendations}")
    deck.add_argument("--font", choices=list(DECK_FONTS),
                      help="font the deck names (default: EIT_DECK_FONT, else TH Sarabun New)")
    area = sub.add_parser("area", help="PDF report of one area")
    area.add_argument("area_id")
    area.add_argument("--year", type=int, required=True, help="Buddhist-era year, e.g. 2567")
    factory = sub.add_parser("factory", help="PDF report of one factory")
    factory.add_argument("registration_no")
    summary = sub.add_parser("summary", help="PDF of the executive summary of a year")
    summary.add_argument("--year", type=int, required=True, help="Buddhist-era year, e.g. 2567")
    table = sub.add_parser("table", help="area table as Excel (.xlsx) or GeoJSON (.geojson)")
    table.add_argument("--year", type=int, required=True, help="Buddhist-era year, e.g. 2567")
    table.add_argument("--province", help="DOPA province code (default: all areas)")
    for s in (deck, area, factory, summary, table):
        s.add_argument("--lang", choices=["th", "en"], default="th")
        s.add_argument("--out", type=Path, required=True, help="file to write")
    return p


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        ds = _open_dataset()
    except DataError as err:
        return _fail(f"data could not be loaded / โหลดข้อมูลไม่ได้: {err}", 1)
    _warn_unscored(ds)
    try:
        if args.command == "deck":
            from reports.deck import build_deck, recorded_notes

            notes = recorded_notes(ds, args.year, args.lang)
            if args.notes:
                try:
                    notes = json.loads(args.notes.read_text(encoding="utf-8"))
                except (OSError, ValueError) as err:
                    return _fail(f"{args.notes}: cannot read notes ({err}) / อ่านไฟล์บันทึกไม่ได้")
                if not isinstance(notes, dict):
                    return _fail(f"{args.notes}: expected a JSON object {{area_id: text}} / ต้องเป็น JSON object")
            try:
                data = build_deck(ds, _model(ds), _layers(ds), args.year, province=args.province, lang=args.lang,
                                  notes=notes, font=args.font)
            except DataError as err:       # EIT_DECK_FONT names a font the deck does not know
                return _fail(str(err))
        elif args.command == "area":
            if args.area_id not in set(ds.areas["area_id"]):
                raise ReportError(th=f"ไม่พบพื้นที่รหัส {args.area_id!r}", en=f"unknown area {args.area_id!r}")
            from reports.pdf import area_report_pdf

            data = area_report_pdf(ds, _model(ds), _layers(ds), args.area_id, args.year, lang=args.lang)
        elif args.command == "factory":
            if args.registration_no not in set(ds.factories["registration_no"]):
                raise ReportError(th=f"ไม่พบโรงงานเลขทะเบียน {args.registration_no!r}",
                                  en=f"unknown factory {args.registration_no!r}")
            from reports.pdf import factory_report_pdf

            data = factory_report_pdf(ds, _layers(ds), args.registration_no, lang=args.lang)
        elif args.command == "summary":
            from programme.registry import load_programme_results
            from reports.summary_pdf import summary_report_pdf

            model = _model(ds)
            if args.year not in model.years:
                raise ReportError(th=f"ไม่มีผลการประเมินปี {args.year}",
                                  en=f"no assessment results for {args.year} (years with results: "
                                  f"{', '.join(map(str, model.years)) or 'none'})")
            data = summary_report_pdf(ds, model, args.year, load_programme_results(Path(ds.data_dir)), lang=args.lang)
        else:
            data = _table(ds, args)
    except ReportError as err:
        return _fail(str(err))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        args.out.write_text(data, encoding="utf-8")
    else:
        args.out.write_bytes(data)
    print(f"{args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


def _warn_unscored(ds) -> None:
    """Say which stored results the criteria in use cannot score (recorded under criteria it replaced)."""
    from i18n import t
    from programme.dataset import unscored_summary

    unscored = unscored_summary(ds.unscored)
    if unscored:
        print("warning: " + " / ".join(t("state.unscored", lang, version=version_label(ds.criteria.version, lang), **unscored)
                                       for lang in ("en", "th")), file=sys.stderr)


def _table(ds, args):
    from i18n import t, year_label
    from reports import as_of_text
    from reports.deck import deck_rows
    from reports.tables import areas_geojson, areas_xlsx

    rows = deck_rows(ds, _model(ds), args.year, args.province)
    suffix = args.out.suffix.lower()
    if suffix in (".geojson", ".json"):
        return areas_geojson(rows, _layers(ds))
    if suffix != ".xlsx":
        raise ReportError(th="ไฟล์ต้องเป็น .xlsx หรือ .geojson",
                          en=f"--out must end in .xlsx or .geojson, not {suffix or '(none)'!r}")
    note = [t("report.deck_title", args.lang, year=year_label(args.year, args.lang)),
            as_of_text(ds, args.lang)]
    if ds.is_demo:
        note.append(t("report.demo_notice", args.lang))
    return areas_xlsx(rows, args.lang, note="\n".join(note), regions=ds.regions)


if __name__ == "__main__":
    sys.exit(main())
