"""Numbers as a sales leader reads them, shared by pages, the deck and the HTML report."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's ":icon:" and "$math$" extensions) would read as markup
# inside a sentence; "-", "+" and "1." only matter at the start of a line, where no name stands.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~$:])")


def markdown_text(text: str) -> str:
    """Text from a file (a name, a column header) escaped so Markdown shows it as written."""
    return _MARKUP.sub(r"\\\1", text)


def money(value: float | None) -> str:
    """$1.2M-style amounts; a dash for a missing one."""
    if value is None:
        return "—"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"${value / size:,.1f}{suffix}"
    return f"${value:,.0f}"
