"""What an AppTest run put on screen, as text, and what its downloads hold: for searching for names."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

from google.protobuf import text_format
from streamlit.testing.v1 import AppTest


def nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def rendered_text(at: AppTest) -> str:
    """Every element's fields (labels, values, options, file names), table data and chart JSON."""
    texts = []
    for node in nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        if node.type in ("arrow_data_frame", "table"):  # grids, static tables, data editors: their data, not Arrow bytes
            texts.append(node.value.to_csv())
        elif node.type == "plotly_chart":
            texts.append(json.dumps(json.loads(proto.spec), ensure_ascii=False))
        texts.append(text_format.MessageToString(proto, as_utf8=True))
    return "\n".join(texts)


def file_text(data) -> str:
    """A download's content as text: CSV/HTML decoded, Office files (zip) read member by member."""
    if callable(data):
        data = data()
    if isinstance(data, str):
        return data
    if isinstance(data, io.BytesIO):
        data = data.getvalue()
    if not isinstance(data, (bytes, bytearray)):
        return str(data)
    data = bytes(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(m).decode("utf-8", "replace") for m in archive.namelist())
    return data.decode("utf-8-sig", "replace")


def downloaded(downloads: dict) -> str:
    """The names and contents of every file the downloads offered."""
    return "\n".join([*downloads, *(file_text(d) for d in downloads.values())])


def leaked(text: str, names: set[str]) -> list[str]:
    return sorted(n for n in names if n in text or json.dumps(n)[1:-1] in text)


def as_read(markdown: str) -> str:
    """Markdown source as a reader sees its text: backslash escapes read, a character text.md wrote alone in
    an uncoloured span (a colon, an "@", the "." after "www": text.alone_markdown) read as the character it draws."""
    import re

    from winloss.text import ALONE_MARKDOWN

    return re.sub(r"\\(.)", r"\1", ALONE_MARKDOWN.sub(r"\1", markdown))
