"""Where the shipped data comes from, read from the files that record it (no Streamlit here: the pages and the
exports both use it)."""
from __future__ import annotations

import re
from pathlib import Path


def boundary_attribution(data_dir) -> str:
    """The required attribution quoted in data/boundaries/SOURCES.md (the block under its first heading)."""
    text = (Path(data_dir) / "boundaries" / "SOURCES.md").read_text(encoding="utf-8")
    quoted = re.findall(r"^> ?(.*)$", text, flags=re.M)
    return " ".join(line.strip() for line in quoted).strip()
