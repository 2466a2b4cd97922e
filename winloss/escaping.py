"""Text from files and users (rep and rater names) made inert where it is drawn: Markdown and Plotly labels."""

from __future__ import annotations

import html
import re

# Every character Streamlit's Markdown gives a meaning to, including its :colour[...] and :material/...: directives.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def markdown_text(text: object) -> str:
    """`text` escaped so st.markdown, captions and labels show it as typed (never as a link or markup)."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", " ")


def plotly_text(text: object) -> str:
    """`text` escaped for Plotly labels, hover text and titles, which read a subset of HTML."""
    return html.escape(str(text), quote=False)
