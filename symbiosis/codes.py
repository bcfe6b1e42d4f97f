"""The DIW waste code rule: the EU List-of-Waste 6-digit code (chapter 01..20, sub-chapter, entry), written in
pairs, with the suffix ``HA`` for a hazardous entry (the EU's asterisk). ``110301``, ``11 03 01``, ``11-03-01``,
``11 03 01 HA``, ``110301HA`` and ``11 03 01*`` are accepted; the normal form is ``11 03 01`` or ``11 03 01 HA``."""
from __future__ import annotations

import re

_CODE_RE = re.compile(r"^(\d{2})[\s.-]?(\d{2})[\s.-]?(\d{2})\s*(HA|\*)?$", re.IGNORECASE)
CHAPTERS = range(1, 21)


def normalise_waste_code(value: object) -> str | None:
    """The normal form of a waste code (``'11 03 01 HA'``), '' for a blank value, None when malformed."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    m = _CODE_RE.match(text)
    if not m or int(m.group(1)) not in CHAPTERS:
        return None
    code = f"{m.group(1)} {m.group(2)} {m.group(3)}"
    return code + " HA" if m.group(4) else code


def waste_code_problem(value: object) -> tuple[str, str] | None:
    """Why ``value`` is not a waste code, as (English, Thai), or None when it is one (or blank)."""
    if normalise_waste_code(value) is not None:
        return None
    return ("not a DIW waste code: six digits of the List of Waste (chapter 01 to 20), optionally followed by HA "
            "for a hazardous waste, e.g. 11 03 01 HA or 020304",
            "รหัสของเสียไม่ถูกต้อง: ต้องเป็นตัวเลข 6 หลักตามบัญชีรายชื่อของเสีย (หมวด 01 ถึง 20) "
            "และต่อท้ายด้วย HA ถ้าเป็นของเสียอันตราย เช่น 11 03 01 HA หรือ 020304")


def is_hazardous(code: str) -> bool:
    return str(code).endswith(" HA")


def code_digits(code: str) -> str:
    """The six digits of a normal-form code (``'110301'``), '' for a blank one: what matching compares."""
    return str(code or "").replace(" HA", "").replace(" ", "")
