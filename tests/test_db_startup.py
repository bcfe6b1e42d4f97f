"""The database's start-up decision lives in the database package: the production entry points open a database
without the demo package, the demo is passed in by the app as its loader, and the demo holds no SQL."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from db import startup
from tests.conftest_db import DATA_DIR
from tests.support import count

ROOT = Path(__file__).resolve().parents[1]


def test_an_empty_demo_database_is_filled_by_the_loader_it_is_given(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "1")
    calls = []
    assert startup.ensure_database(engine, DATA_DIR) is False           # no loader: opened only
    assert startup.is_demo_database(engine) and startup.is_empty(engine)
    assert startup.ensure_database(engine, DATA_DIR, seed=lambda e, d: calls.append(d)) is True
    assert calls == [DATA_DIR]


def test_a_production_database_never_calls_the_loader(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "0")
    calls = []
    assert startup.ensure_database(engine, DATA_DIR, seed=lambda e, d: calls.append(d)) is False
    monkeypatch.setenv("EIT_DEMO", "1")
    assert startup.ensure_database(engine, DATA_DIR, seed=lambda e, d: calls.append(d)) is False
    assert calls == [] and not startup.is_demo_database(engine) and count(engine, "factories") == 0


def test_a_refused_seed_leaves_the_start_up_going(engine, monkeypatch):
    monkeypatch.setenv("EIT_DEMO", "1")

    def refused(e, d):
        raise startup.NotEmptyError(startup.IMPORTED)
    assert startup.ensure_database(engine, DATA_DIR, seed=refused) is False


def _module_imports(path: Path) -> set[str]:
    """The modules ``path`` imports at its top level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.add(node.module or "")
    return out


def test_production_entry_points_open_the_database_without_the_demo():
    for rel in ("serve.py", "cli/store.py", "db/startup.py"):
        assert not {m for m in _module_imports(ROOT / rel) if m.split(".")[0] == "demo"}, rel
    source = (ROOT / "cli" / "store.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    users = {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
             and any(isinstance(n, ast.ImportFrom) and (n.module or "").startswith("demo") for n in ast.walk(f))}
    assert users == {"cmd_seed_demo", "cmd_clear_demo"}         # only the demo's own commands load it


def test_the_demo_holds_no_sql():
    """The demo builds rows; db.seeding writes them."""
    pattern = re.compile(r"import sqlalchemy|from sqlalchemy import|\bsa\.|\.execute\(|exec_driver_sql|text\(\s*[\"']"
                         r"|from db\.schema import|\.insert\(\)|\.delete\(\)")
    found = [f"{p.name}:{n}" for p in sorted((ROOT / "demo").glob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert found == []
