"""The documentation names only what exists: every repository path (files, folders, globs), every dotted name of
a module (``geo.layers.crowded_bounds``), every command (``python -m store <command> --option``, ``python -m
reports ...``, ``python -m <module>``, ``.venv/bin/python bench/x.py --option``), every setting (``EIT_...``) and
every relative link that README.md and docs/*.md name. CHANGELOG.md is history and is not checked.

The README is the door: short, with its screenshot and a link to every page of docs/, and the docs describe what
is, not what changed (history goes to the CHANGELOG)."""
from __future__ import annotations

import ast
import functools
import glob
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
SCREENSHOT = ROOT / "docs" / "img" / "national.png"

#: Paths the docs name on purpose although the repository does not hold them: files an operator makes, or a plan.
NOT_IN_REPOSITORY = {
    ".streamlit/secrets.toml",          # the operator's secrets for an identity provider (docs/security.md, a plan)
    "data/signin/oidc_roles.csv",       # the planned mapping of an identity provider's groups (not built)
}
#: Words in a doc that describe history rather than what is; such a sentence belongs in CHANGELOG.md.
HISTORY = [r"\bas before\b", r"\bno longer\b", r"\binstead of\b", r"\bwas \d", r"\bearlier\b[^.]*\bnow\b",
           r"\bnot (?:built|stored) yet\b", r"\byet\b[^.]*\banymore\b"]
EXTENSIONS = (".py", ".csv", ".md", ".sh", ".json", ".toml", ".txt", ".js", ".xlsx", ".pdf", ".pptx", ".geojson",
              ".png", ".sqlite", ".template", ".ini", ".tar", ".dump", ".conf", ".ttf", ".html")

CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```.*?$(.*?)^```", re.S | re.M)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
PLAIN_PATH = re.compile(r"(?<![\w/.`-])(\.?[\w-]+/[\w.*/-]*)")
DOTTED = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
PY_MODULE = re.compile(r"python -m ([\w.]+)((?:[ \t]+[^\s#`]+)*)")
PY_SCRIPT = re.compile(r"\.venv/bin/python ([\w/.-]+\.py)((?:[ \t]+[^\s#`]+)*)")
STORE_SPAN = re.compile(r"^store ([a-z][\w-]*)(.*)$")
SETTING = re.compile(r"\bEIT_[A-Z0-9_]*[A-Z0-9]\b")


@functools.cache
def _ignored() -> tuple[str, ...]:
    """Folders and files the repository ignores (made at run time: the venv, var/, artifacts/, caches)."""
    lines = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    return tuple(x.strip().strip("/") for x in lines if x.strip() and not x.startswith("#"))


def _tracked_top() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.name not in _ignored() and p.name != ".git"}


def _is_ignored(path: str) -> bool:
    return any(path == i or path.startswith(i + "/") or (i.startswith("*") and path.endswith(i[1:]))
               for i in _ignored())


def _code_texts(text: str) -> list[str]:
    """Every code span and every line of a fenced block: where paths, names and commands are written."""
    blocks = [line for block in FENCE.findall(text) for line in block.splitlines()]
    return blocks + CODE_SPAN.findall(FENCE.sub("", text))


def _path_problem(word: str, top: set[str]) -> str | None:
    word = word.strip().rstrip(".,;:)").lstrip("(").removeprefix("./")
    if not word or word.startswith(("/", "~")) or "://" in word or any(c in word for c in "<>{}…?=$"):
        return None
    first = word.split("/")[0]
    if "/" not in word:
        return None if first not in top or (ROOT / first).exists() else f"missing path: {word}"
    if first not in top or _is_ignored(word.rstrip("/")) or word.rstrip("/") in NOT_IN_REPOSITORY:
        return None
    if "*" in word:
        return None if glob.glob(str(ROOT / word)) else f"no file matches: {word}"
    return None if (ROOT / word).exists() else f"missing path: {word}"


def _defined_names(module_file: Path) -> set[str]:
    tree = ast.parse(module_file.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _module_file(parts: list[str]) -> Path | None:
    base = ROOT.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _dotted_problem(word: str) -> str | None:
    """``pkg.module.name``: the longest prefix is a module of the repository and the next part a name it defines."""
    word = word.split("(")[0].rstrip(".,;:")
    if not DOTTED.match(word) or word.endswith(EXTENSIONS):
        return None
    parts = word.split(".")
    if _module_file(parts[:1]) is None:
        return None                      # not one of the repository's packages (e.g. ``st.context.cookies``)
    for i in range(len(parts), 0, -1):
        found = _module_file(parts[:i])
        if found is not None:
            if i == len(parts) or parts[i] in _defined_names(found):
                return None
            return f"{'.'.join(parts[:i])} defines no {parts[i]}: {word}"
    return f"no such module: {word}"


@functools.cache
def _subcommands(module: str) -> dict[str, set[str]]:
    """The subcommands of a command-line parser and the options of each."""
    if module == "store":
        from cli.store import build_parser
        parser = build_parser()
    else:
        from reports.__main__ import _parser
        parser = _parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return {name: set(p._option_string_actions) for name, p in sub.choices.items()}


def _command_problems(module: str, rest: str) -> list[str]:
    words = rest.split()
    if not words or not re.match(r"^[a-z][\w-]*$", words[0]):
        return []                        # ``python -m store`` named as a whole, or ``store …``
    known = _subcommands(module)
    if words[0] not in known:
        return [f"python -m {module} has no command {words[0]}"]
    options = {w.split("=")[0].strip("[]|") for w in words[1:] if w.lstrip("[").startswith("--")}
    return [f"python -m {module} {words[0]} has no option {o}" for o in sorted(options - known[words[0]])]


def _python_m_problems(module: str, rest: str) -> list[str]:
    if module in ("store", "reports"):
        return _command_problems(module, rest)
    if _module_file(module.split(".")[:1]) is not None:
        return [] if _module_file(module.split(".")) else [f"no such module: python -m {module}"]
    return [] if importlib.util.find_spec(module.split(".")[0]) else [f"no such module: python -m {module}"]


def _script_problems(script: str, rest: str) -> list[str]:
    path = ROOT / script
    if not path.is_file():
        return [f"missing script: {script}"]
    source = path.read_text(encoding="utf-8")
    options = {w.split("=")[0].strip("[]") for w in rest.split() if w.startswith(("--", "[--"))}
    return [f"{script} has no option {o}" for o in sorted(options) if o not in source]


@functools.cache
def _source_text() -> str:
    files = [p for ext in ("py", "sh", "template", "toml", "ini") for p in ROOT.rglob(f"*.{ext}")
             if not _is_ignored(p.relative_to(ROOT).as_posix()) and ".git" not in p.parts]
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files
                     if p.name != "test_docs.py")


def _code_problems(code: str, top: set[str]) -> list[str]:
    found = [_path_problem(w, top) for w in code.split()]
    found += [_dotted_problem(w) for w in code.split()]
    for module, rest in PY_MODULE.findall(code):
        found += _python_m_problems(module, rest)
    for script, rest in PY_SCRIPT.findall(code):
        found += _script_problems(script, rest)
    if m := STORE_SPAN.match(code.strip()):
        found += _command_problems("store", f"{m.group(1)} {m.group(2)}")
    return [p for p in found if p]


def problems(text: str, where: Path = ROOT) -> list[str]:
    """What a doc's text names that does not exist; ``where`` is the folder its relative links start from."""
    top = _tracked_top()
    found: list[str] = []
    for code in _code_texts(text):
        found += _code_problems(code, top)
    prose = CODE_SPAN.sub(" ", FENCE.sub(" ", LINK.sub(" ", text)))
    found += [p for w in PLAIN_PATH.findall(prose) if (p := _path_problem(w, top))]
    for target in LINK.findall(text):
        target = target.split("#")[0]
        if target and "://" not in target and not target.startswith("mailto:") \
                and not (where / target).exists():
            found.append(f"broken link: {target}")
    found += [f"setting named nowhere in the code: {s}" for s in sorted(set(SETTING.findall(text)))
              if s not in _source_text()]
    return sorted(set(found))


def history_sentences(text: str) -> list[str]:
    prose = FENCE.sub(" ", text)
    sentences = re.split(r"(?<=[.!?])\s+|\n\s*\n", prose)
    return [s.strip() for s in sentences if any(re.search(h, s, re.I) for h in HISTORY)]


# ------------------------------------------------------------------------------------------- the checker itself

def test_the_checker_finds_what_is_missing():
    fake = ("Run `.venv/bin/python bench/no_such_bench.py` or `python -m store no-such-command`; the rule is\n"
            "`geo.colours.no_such_colour`, its data geo/no_such_file.csv, and see [the guide](docs/nowhere.md).\n"
            "```bash\n.venv/bin/python -m store init --no-such-option\n"
            ".venv/bin/python bench/search_bench.py --no-such-flag\n"
            ".venv/bin/python -m reports deck --no-such-font X\n```\n"
            "Set `EIT_NO_SUCH_SETTING`; `scoring/no_module.py` and `no_package_here.py` (not ours).\n")
    found = problems(fake)
    for expected in ("bench/no_such_bench.py", "no-such-command", "no_such_colour", "geo/no_such_file.csv",
                     "docs/nowhere.md", "--no-such-option", "--no-such-flag", "--no-such-font",
                     "EIT_NO_SUCH_SETTING", "scoring/no_module.py"):
        assert any(expected in p for p in found), (expected, found)
    assert not any("no_package_here" in p for p in found)


def test_the_checker_accepts_what_exists():
    real = ("`bash scripts/run.sh`, `.venv/bin/python bench/search_bench.py`, `data/levels.csv`, `geo/colours.py`,\n"
            "`geo.layers.crowded_bounds`, `db.accounts.require_account(conn, user, action, area_id)`, "
            "`data/criteria/*.csv`, `var/eit.sqlite`, `store template`, [data](data/README.md), `EIT_DEMO`.\n"
            "```bash\n.venv/bin/python -m store create-user NAME --role admin [--areas ryg-mtp] [--user ADMIN]\n"
            ".venv/bin/python -m reports deck --year 2567 --font Sarabun --out deck.pptx\n"
            ".venv/bin/python bench/memory_bench.py --sessions 1,5,10\n```\n")
    assert problems(real) == []


def test_the_checker_finds_history():
    assert history_sentences("Staff no longer certify. Staff draft levels.") == ["Staff no longer certify."]
    assert history_sentences("The page took 2 s; it was 5 s.") != []
    assert history_sentences("A visit of three auditors verifies a level.") == []


# ---------------------------------------------------------------------------------------------- the real docs

@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_name_in_the_docs_exists(doc):
    assert problems(doc.read_text(encoding="utf-8"), doc.parent) == []


@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_docs_describe_what_is(doc):
    assert history_sentences(doc.read_text(encoding="utf-8")) == []


def test_the_readme_is_a_door():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 150
    links = {t.split("#")[0] for t in LINK.findall(text)}
    assert {f"docs/{d.name}" for d in DOCS} <= links, "the README links every page of docs/"
    assert "docs/img/national.png" in links and "CHANGELOG.md" in links
    for command in ("bash scripts/run.sh", "bash scripts/test.sh"):
        assert command in text
    assert SCREENSHOT.stat().st_size < 400_000
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
