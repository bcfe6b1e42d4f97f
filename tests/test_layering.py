"""The import graph keeps its shape: no cycles, and nothing imports a package above its own layer (README,
"Code layout"). Walks every import statement of the project's own modules, at module level and inside functions."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Layers from the bottom up; a package may import its own layer and those below it, never one above.
LAYERS = [
    {"common"},
    {"i18n"},
    {"scoring"},
    {"geo"},
    {"symbiosis"},
    {"workflow"},
    {"programme"},
    {"db"},
    {"ingest"},
    {"demo"},
    {"reports", "opendata"},
    {"cli", "store"},
    {"ui"},
    {"pages", "app", "serve"},
    {"bench", "scripts"},
]
RANK = {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}
#: Core packages: plain functions over plain data, no Streamlit.
CORE = {"common", "i18n", "scoring", "geo", "symbiosis", "workflow", "programme", "db", "ingest", "demo", "reports", "cli", "store",
        "opendata"}
#: Within the pure core, scoring, geo and symbiosis import only the leaf packages and each other (geo may use
#: scoring; symbiosis may use both).
PURE_ALLOWED = {"scoring": {"common", "i18n", "scoring"}, "geo": {"common", "i18n", "scoring", "geo"},
                "symbiosis": {"common", "i18n", "scoring", "geo", "symbiosis"},
                "workflow": {"common", "i18n", "scoring", "workflow"}}


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "static", "var", "artifacts") or "versions" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, module: str, known: set[str]) -> set[str]:
    """The project modules ``path`` imports (resolved to the longest known module name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    out = set()
    for name in names:
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            candidate = ".".join(parts[:n])
            if candidate in known:
                out.add(candidate)
                break
    out.discard(module)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: _imports(p, m, set(mods)) for m, p in mods.items()}


def _top(module: str) -> str:
    return module.split(".")[0]


def test_every_package_has_a_layer():
    missing = sorted({_top(m) for m in _graph()} - set(RANK))
    assert not missing, f"packages without a layer in tests/test_layering.py LAYERS: {missing}"


def test_nothing_imports_upward():
    graph = _graph()
    upward = sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps
                    if RANK[_top(d)] > RANK[_top(m)])
    assert not upward, "imports that point up a layer:\n" + "\n".join(upward)


def test_scoring_and_geo_import_only_the_leaf_and_each_other():
    graph = _graph()
    bad = sorted(f"{m} -> {d}" for m, deps in graph.items() if _top(m) in PURE_ALLOWED
                 for d in deps if _top(d) not in PURE_ALLOWED[_top(m)])
    assert not bad, "\n".join(bad)


def test_the_core_never_imports_streamlit_or_the_ui():
    bad = []
    for module, path in _modules().items():
        if _top(module) not in CORE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            bad += [f"{module} -> {n}" for n in names if n.split(".")[0] in ("streamlit", "streamlit_folium", "ui")]
    assert not bad, "\n".join(bad)


def test_there_are_no_import_cycles():
    graph = _graph()
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(v):                                   # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_walker_sees_a_cycle_and_an_upward_import(tmp_path):
    """The checks can fail: two modules that import each other, and a scoring module importing the database."""
    (tmp_path / "a.py").write_text("import b\n")
    (tmp_path / "b.py").write_text("from a import x\n")
    known = {"a", "b", "db", "db.engine"}
    assert _imports(tmp_path / "a.py", "a", known) == {"b"}
    assert _imports(tmp_path / "b.py", "b", known) == {"a"}
    (tmp_path / "s.py").write_text("def f():\n    from db.engine import get_engine\n")
    assert _imports(tmp_path / "s.py", "scoring.s", known) == {"db.engine"}
