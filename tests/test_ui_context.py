"""ui.context: the one place that touches a private Streamlit switch (require_router)."""
import inspect

from ui import context


def test_the_private_pages_switch_still_exists_in_this_streamlit():
    """require_router flips ``PagesManager.uses_pages_directory``; if a Streamlit upgrade renames or drops it, this
    fails loudly (the browser test that opens /area first on a fresh server shows what a user would then see)."""
    from streamlit.runtime.pages_manager import PagesManager

    assert isinstance(PagesManager.uses_pages_directory, (bool, type(None)))
    assert "uses_pages_directory" in inspect.getsource(context.require_router)


def test_only_require_router_touches_the_private_switch():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if ".venv" not in p.parts and p.name != "test_ui_context.py"
                   and "uses_pages_directory" in p.read_text(encoding="utf-8"))
    assert users == ["ui/context.py"]
