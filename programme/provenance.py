"""Where the shipped data comes from, read from the files that record it (no Streamlit here: the pages and the
exports both use it)."""
from __future__ import annotations

import re
from pathlib import Path


def boundary_attribution(data_dir, lang: str = "en") -> str:
    """The required attribution quoted in data/boundaries/SOURCES.md, in ``lang``: the first quoted block of the
    file is the English one, the quoted block under a heading marked ``(th)`` the Thai one (English when a
    language has no block of its own)."""
    text = (Path(data_dir) / "boundaries" / "SOURCES.md").read_text(encoding="utf-8")
    blocks: dict[str, str] = {}
    for section in re.split(r"^#+ ", text, flags=re.M):
        heading, _, body = section.partition("\n")
        marked = re.search(r"\((th|en)\)", heading)
        quote = re.search(r"(?:^> ?.*(?:\n|$))+", body, flags=re.M)   # the first run of quoted lines
        if quote:
            lines = [re.sub(r"^> ?", "", line).strip() for line in quote.group(0).splitlines()]
            blocks.setdefault(marked.group(1) if marked else "en", " ".join(lines).strip())
    return blocks.get(lang) or blocks.get("en", "")
