"""Command line of the data layer: ``python -m store COMMAND ...`` (``python -m store --help``).

The database is ``EIT_DATABASE_URL`` (default: the SQLite file ``var/eit.sqlite``), the data files are in
``EIT_DATA_DIR`` (default ``data/``).  Exit codes: 0 done, 2 rejected or invalid input, 1 any other failure.
"""
from __future__ import annotations

import argparse
import getpass
import io
import json
import os
import sys
from pathlib import Path

from common.vocab import ACCOUNT_ROLES
from programme.records import FACTORY_COLUMNS

EXIT_OK, EXIT_FAILED, EXIT_REJECTED = 0, 1, 2
#: The columns of ``export-factories``: those of the demo's factories file, so an export reads back like it.
EXPORT_COLUMNS = list(FACTORY_COLUMNS)


class UsageError(Exception):
    """Invalid input from the user (exit code 2)."""


def _engine(args):
    """The database, migrated, with its kind (demo or production) recorded the first time (EIT_DEMO decides)."""
    from db.engine import get_engine
    from db.startup import open_database
    engine = get_engine()
    open_database(engine)
    return engine


def _actor(args) -> str:
    """Who writes: ``--user`` (or EIT_USER) must name an active account with the role the command needs
    (checked at write time); without it the operator at the server's shell writes as ``system:<login name>``,
    trusted because shell access reaches the database anyway."""
    from db.accounts import normalise_username, operator_name
    named = getattr(args, "user", None) or os.environ.get("EIT_USER")
    if named:
        return normalise_username(named)
    try:
        login = getpass.getuser()
    except Exception:   # no login name (e.g. a container without a passwd entry)
        login = ""
    return operator_name(login)


def _data_dir() -> Path:
    from common.settings import data_dir
    return data_dir()


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _progress_printer():
    last = {"pct": -1}

    def progress(fraction: float, label: str) -> None:
        pct = int(fraction * 100)
        if pct != last["pct"]:
            last["pct"] = pct
            end = "\n" if pct >= 100 else ""
            print(f"\r{pct:3d}% {label[:60]:<60}", end=end, file=sys.stderr, flush=True)
    return progress


# --------------------------------------------------------------------------------------------- commands

def cmd_init(args) -> int:
    from db.engine import schema_revision
    from db.startup import is_demo_database
    engine = _engine(args)
    kind = ("demo database (filled with the demo on first start; EIT_DEMO=0 at creation makes a production one) / "
            "ฐานข้อมูลสาธิต" if is_demo_database(engine) else
            "production database (the demo is never loaded into it) / ฐานข้อมูลใช้งานจริง (ไม่โหลดข้อมูลสาธิต)")
    print(f"database ready at revision {schema_revision(engine)}: "
          f"{engine.url.render_as_string(hide_password=True)}; {kind}")
    return EXIT_OK


def cmd_seed_demo(args) -> int:
    from db.startup import SeedRefused
    from demo.seed import seed_demo
    engine = _engine(args)
    try:
        counts = seed_demo(engine, _data_dir())
    except SeedRefused as exc:
        _err(str(exc))
        return EXIT_FAILED
    print("demo loaded: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print("demo accounts: demo-staff, demo-admin (password: demo)")
    return EXIT_OK


def _write_report(problems, path: str) -> None:
    from ingest.problems import write_report
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_report(problems, Path(path))


#: At most this many problems of each severity are printed (all of them: --report FILE.csv).
SHOWN = 20


def _print_problems(problems, severity: str, total: int, report: str | None) -> None:
    shown = [p for p in problems if p.severity == severity][:SHOWN]
    word = {"error": "errors", "warning": "warnings"}[severity]
    if shown:
        _err(f"{word} / {'ข้อผิดพลาด' if severity == 'error' else 'คำเตือน'}:")
    for p in shown:
        where = "file" if p.row is None else f"row {p.row}"
        col = f", column {p.column}" if p.column else ""
        val = f", value {p.value!r}" if p.value else ""
        _err(f"  {where}{col}{val}: {p.message_en} / {p.message_th}")
    rest = total - sum(p.count for p in shown)
    if rest > 0:
        _err(f"  ... {rest:,} more {word}" + (f" (see {report})" if report else " (use --report FILE.csv for all)"))


def _import(args, kind: str) -> int:
    from ingest.importer import import_file
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    from db.accounts import AccountError
    engine = _engine(args)
    try:
        result = import_file(engine, kind, data, path.name, _actor(args), _data_dir(), skip_invalid=args.skip_invalid,
                             progress=_progress_printer(), dry_run=args.dry_run)
    except AccountError as exc:
        raise UsageError(str(exc)) from None
    if args.report:
        _write_report(result.problems, args.report)
    c, e = result.counts, result.effect
    head = (f"checked (nothing written): would write {c['rows_total'] - c['rows_skipped']:,} of {c['rows_total']:,} rows"
            if result.status == "checked" else
            f"{result.status}: import #{result.import_id}, {c['rows_total']:,} rows, {c['rows_inserted']:,} inserted, "
            f"{c['rows_updated']:,} updated, {c['rows_unchanged']:,} unchanged, {c['rows_skipped']:,} skipped")
    print(f"{head}; {e['changed']:,} stored values changed, {e['cleared']:,} cleared; {c['n_errors']:,} errors, "
          f"{c['n_warnings']:,} warnings; sha256 {result.sha256}")
    _print_problems(result.problems, "error", c["n_errors"], args.report)
    _print_problems(result.problems, "warning", c["n_warnings"], args.report)
    return EXIT_OK if result.status in ("landed", "checked") else EXIT_REJECTED


def cmd_clear_demo(args) -> int:
    from db.startup import SeedRefused
    from demo.seed import clear_demo
    engine = _engine(args)
    try:
        counts = clear_demo(engine)
    except SeedRefused as exc:
        _err(str(exc))
        return EXIT_FAILED
    print("demo removed: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v) + "; demo accounts removed")
    return EXIT_OK


def cmd_import_factories(args) -> int:
    return _import(args, "factories")


def cmd_import_assessments(args) -> int:
    return _import(args, "assessments")


def cmd_export_factories(args) -> int:
    from common.cells import safe_frame
    from db.records import load_records
    f = load_records(_engine(args))["factories"][EXPORT_COLUMNS]
    if args.format == "csv":      # text cells cannot become formulas in a spreadsheet (common.cells)
        buf = io.StringIO()
        safe_frame(f).to_csv(buf, index=False)
        text, encoding = buf.getvalue(), "utf-8-sig"
    else:
        text, encoding = json.dumps(_geojson(f), ensure_ascii=False), "utf-8"
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding=encoding)
        _err(f"{len(f):,} factories written to {args.out}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _geojson(f) -> dict:
    import pandas as pd

    def plain(v):
        if pd.isna(v):
            return None
        return v.item() if hasattr(v, "item") else v

    props = [c for c in f.columns if c not in ("lat", "lon")]
    features = []
    for rec in f.astype(object).to_dict("records"):
        lat, lon = plain(rec["lat"]), plain(rec["lon"])
        geom = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "geometry": geom,
                         "properties": {c: plain(rec[c]) for c in props}})
    return {"type": "FeatureCollection", "features": features}


def cmd_audit(args) -> int:
    import pandas as pd

    from db.importlog import list_imports
    log = list_imports(_engine(args))
    if log.empty:
        print("no imports yet")
        return EXIT_OK
    cols = ["id", "started_at", "kind", "status", "username", "filename", "rows_total", "rows_inserted",
            "rows_updated", "rows_unchanged", "rows_skipped", "n_errors", "n_warnings", "sha256"]
    view = log[cols].copy()
    view["started_at"] = view["started_at"].dt.strftime("%Y-%m-%d %H:%M")
    view["sha256"] = view["sha256"].str[:12]
    with pd.option_context("display.max_rows", None, "display.width", 250, "display.max_columns", None):
        print(view.head(args.limit).to_string(index=False))
    return EXIT_OK


def cmd_template(args) -> int:
    from ingest.assessments import make_template
    from programme import registry
    from programme.criteria import current_criteria
    data_dir = _data_dir()
    areas = registry.load_areas(data_dir)
    unknown = sorted(set(args.area or []) - set(areas["area_id"]))
    if unknown:
        raise UsageError(f"unknown area id(s): {', '.join(unknown)} / ไม่พบรหัสพื้นที่")
    data = make_template(current_criteria(data_dir), areas, year=args.year, area_ids=args.area or None)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(data)
    print(f"template written to {args.out}")
    return EXIT_OK


def cmd_symbiosis_template(args) -> int:
    from ingest.symbiosis_template import make_template
    from programme.symbiosis import load_vocabulary
    data = make_template(args.kind, load_vocabulary(_data_dir()), year=args.year)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(data)
    print(f"{args.kind} template written to {args.out}")
    return EXIT_OK


def _known_areas(text: str) -> tuple[str, ...]:
    """Area ids from ``--areas``, each checked against the programme's area list."""
    ids = tuple(a.strip() for a in (text or "").split(",") if a.strip())
    if not ids:
        return ()
    from programme import registry
    known = set(registry.load_areas(_data_dir())["area_id"])
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise UsageError(f"unknown area(s) {', '.join(unknown)}: see data/areas.csv / ไม่รู้จักพื้นที่ {', '.join(unknown)}")
    return ids


def cmd_create_user(args) -> int:
    from db.accounts import AccountError, create_user
    from programme.signin import rules
    password = os.environ.get("EIT_NEW_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise UsageError("set EIT_NEW_PASSWORD or run in a terminal to be asked for the password")
        password = getpass.getpass(f"password for {args.name} (at least {rules().password_min_length} characters): ")
        if getpass.getpass("again: ") != password:
            raise UsageError("the two passwords differ / รหัสผ่านสองครั้งไม่ตรงกัน")
    try:
        user = create_user(_engine(args), args.name, password, args.role, by=_actor(args),
                           areas=_known_areas(args.areas))
    except AccountError as exc:
        raise UsageError(str(exc)) from None
    print(f"user {user.username} created with role {user.role}")
    return EXIT_OK


# --------------------------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m store", description=__doc__.split("\n\n")[0],
                                epilog="Database: EIT_DATABASE_URL (default var/eit.sqlite). Data files: EIT_DATA_DIR "
                                       "(default data/). Exit codes: 0 ok, 2 rejected/invalid input, 1 failure.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("init", help="create or upgrade the database schema").set_defaults(fn=cmd_init)
    sub.add_parser("seed-demo", help="load the demo data (and the demo accounts) into the database"
                   ).set_defaults(fn=cmd_seed_demo)
    sub.add_parser("clear-demo", help="remove the demo data and demo accounts before real data goes in"
                   ).set_defaults(fn=cmd_clear_demo)
    symbiosis = {k: (lambda args, k=k: _import(args, k)) for k in ("parties", "flows", "exchanges")}
    for kind, fn in (("factories", cmd_import_factories), ("assessments", cmd_import_assessments),
                     *symbiosis.items()):
        what = {"parties": "symbiosis parties (not factories)", "flows": "material-flow records",
                "exchanges": "symbiosis exchanges"}.get(kind, kind)
        s = sub.add_parser(f"import-{kind}", help=f"import a {what} file (CSV or .xlsx)")
        s.add_argument("file")
        s.add_argument("--skip-invalid", action="store_true", help="land the valid rows, skip rows with errors")
        s.add_argument("--report", metavar="REPORT.csv", help="write every problem to this CSV (UTF-8 with BOM)")
        s.add_argument("--dry-run", action="store_true",
                       help="only check the file and say how many stored values it would change or clear; "
                            "nothing is written")
        s.add_argument("--user", help="an active staff account to import as (default: EIT_USER; without either, "
                                      "the operator writes as system:<login name>)")
        s.set_defaults(fn=fn)
    s = sub.add_parser("export-factories", help="write the factories as CSV or GeoJSON points")
    s.add_argument("--format", choices=("csv", "geojson"), default="csv")
    s.add_argument("--out", help="output file (default: standard output)")
    s.set_defaults(fn=cmd_export_factories)
    s = sub.add_parser("audit", help="print the import log")
    s.add_argument("--limit", type=int, default=100)
    s.set_defaults(fn=cmd_audit)
    s = sub.add_parser("template", help="write an .xlsx template for assessment results")
    s.add_argument("--out", required=True, metavar="FILE.xlsx")
    s.add_argument("--year", type=int, help="Buddhist-era year to pre-fill")
    s.add_argument("--area", nargs="+", metavar="ID", help="only these area ids")
    s.set_defaults(fn=cmd_template)
    s = sub.add_parser("symbiosis-template", help="write an .xlsx template for parties, flows or exchanges")
    s.add_argument("kind", choices=("parties", "flows", "exchanges"))
    s.add_argument("--out", required=True, metavar="FILE.xlsx")
    s.add_argument("--year", type=int, help="Buddhist-era year of the example row")
    s.set_defaults(fn=cmd_symbiosis_template)
    s = sub.add_parser("create-user", help="add an account (password from EIT_NEW_PASSWORD or asked)")
    s.add_argument("name")
    s.add_argument("--user", help="an active admin account to act as (default: EIT_USER; without either, the "
                                  "operator acts as system:<login name>)")
    s.add_argument("--role", choices=ACCOUNT_ROLES, required=True)
    s.add_argument("--areas", default="", help="a working group's areas: area ids separated by commas")
    s.set_defaults(fn=cmd_create_user)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.fn(args)
    except UsageError as exc:
        _err(f"error: {exc}")
        return EXIT_REJECTED
    except Exception as exc:
        from common.errors import DataError
        _err(f"error: {exc}")
        if isinstance(exc, DataError):
            return EXIT_REJECTED
        if os.environ.get("EIT_DEBUG"):
            raise
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
