"""The submission page keeps what a working group typed: a value typed in a tab and not saved is saved before
the submission is sent (the sentence says so), and the page says which tabs hold unsaved values; a saved-draft
notice shows next to the button pressed.  AppTest on a demo database of its own (sending changes it)."""
from __future__ import annotations

from tests.markdown_check import as_text
from tests.pagetest import module_database, run

app_database = module_database("pages_submit")


def _signed_in(**params):
    at = run()
    at.switch_page("pages/signin.py").run()
    at.text_input[0].input("demo-wg-rayong")
    at.text_input[1].input("demo")
    at.button[0].click().run()
    for k, v in params.items():
        at.query_params[k] = str(v)
    at.switch_page("pages/submit.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _text(at) -> str:
    return "\n".join(as_text(e.value) for kind in ("caption", "markdown", "success", "error", "warning", "info")
                     for e in getattr(at, kind))


def test_a_value_typed_in_another_tab_and_not_saved_is_saved_before_sending():
    from db.engine import get_engine
    from db.submissions import submission_detail
    at = _signed_in(area="ryg-mtp", year=2568)
    box = [n for n in at.number_input if n.label.startswith("ENV-")][0]     # the environmental tab, not the first
    ind = box.label.split()[0]
    box.set_value(7.0 if box.value != 7.0 else 8.0)
    typed = box.value
    at.run()
    assert "ยังไม่ได้บันทึกในแท็บ: สิ่งแวดล้อม" in _text(at)                 # which tab, before sending
    [b for b in at.button if b.label == "ส่งข้อมูลที่แก้ไขแล้วให้ศูนย์ Eco Center"][0].click().run()
    assert not at.exception
    assert "บันทึกค่าในแท็บ สิ่งแวดล้อม ก่อนส่งแล้ว" in _text(at)
    engine = get_engine()
    try:
        detail = submission_detail(engine, "ryg-mtp", 2568)
    finally:
        engine.dispose()
    assert detail["submission"]["status"] == "resubmitted" and detail["values"][ind] == typed


def test_the_saved_draft_notice_shows_in_the_tab_where_the_save_was_pressed():
    at = _signed_in(area="ryg-irpc", year=2568)
    box = [n for n in at.number_input if n.label.startswith("ENV-")][0]
    box.set_value(3.0 if box.value != 3.0 else 4.0)
    save = [b for b in at.button if b.label == "บันทึกร่าง" and b.key.endswith("_environmental")][0]
    save.click().run()
    assert not at.exception
    env_tab = [tab for tab in at.tabs if tab.label == "สิ่งแวดล้อม"][0]
    assert any("บันทึกร่างแล้ว" in s.value for s in env_tab.success)
    assert "ยังไม่ได้บันทึกในแท็บ" not in _text(at)
