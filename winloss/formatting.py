"""Numbers as a sales leader reads them: kept for callers of `formatting.money`; the rules live in winloss.text."""

from __future__ import annotations

import re

# Characters Markdown (and Streamlit's ":icon:" and "$math$" extensions) would read as markup
# inside a sentence; "-", "+" and "1." only matter at the start of a line, where no name stands.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~$:])")


def markdown_text(text: str) -> str:
    """Text from a file (a name, a column header) escaped so Markdown shows it as written."""
    return _MARKUP.sub(r"\\\1", text)

from winloss.text import money  # noqa: E402  (the money rule lives in winloss.text)

__all__ = ["markdown_text", "money"]
