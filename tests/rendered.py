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


def clicked(deferred: dict, ending: str = ".csv") -> dict[str, bytes]:
    """The files of `deferred` (conftest's fixture: the callables of the buttons whose file is made on a
    click, by file name) whose names end in `ending`, each made as a click makes it: after the page's run,
    outside it. A chart's "Data behind this chart" is one (ui.widgets.chart)."""
    return {name: make() for name, make in deferred.items() if name.endswith(ending)}


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


def deck_text(presentation, notes: bool = True) -> str:
    """Every text of a python-pptx `presentation`, one line each: its boxes, tables, every chart's categories
    and series names, and (`notes`) each slide's notes."""
    texts: list[str] = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                texts += [str(c) for plot in shape.chart.plots for c in plot.categories]
                texts += [series.name or "" for plot in shape.chart.plots for series in plot.series]
        if notes and slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)
