"""A CSV file read whole: its encoding settled, its layout judged, its rows read and checked."""

from __future__ import annotations

import codecs
import dataclasses
from typing import cast

from winloss.io.csv_layout import detected_layout, footer_cells, footer_start, lines_above_header, sample_text
from winloss.io.csv_rows import exact_rows, fast_rows, leading_ragged_totals, with_footer_like_lines
from winloss.io.encoding import MIXED, MIXED_NAME, NotUtf8, legacy_lines, mixed_encoding_note, transcoded_legacy, utf8
from winloss.io.sniff import line_end, reject_long_first_line, reject_markup
from winloss.io.subtotals import SubtotalLines, subtotal_lines_note
from winloss.io.table import AGAIN, LINE, WHITESPACE, FileRejected, RawTable, dropped_lines_notes, leading_totals, title_lines_note


def csv_table(data: bytes) -> RawTable:
    """A CSV file's table, in whatever encoding it came; raises FileRejected when it holds no table."""
    reject_long_first_line((data,))  # before its encoding is settled, which may copy the whole file
    text, encoding = utf8(data)
    try:
        table = _csv_from_utf8(text, encoding)
    except NotUtf8:
        text, encoding = transcoded_legacy(data)
        table = _csv_from_utf8(text, encoding)
    if encoding.startswith(MIXED):
        lines = legacy_lines(data.removeprefix(codecs.BOM_UTF8))
        legacy = encoding.removeprefix(MIXED)
        note = mixed_encoding_note(lines[:5], len(lines), legacy)
        return dataclasses.replace(table, encoding=MIXED_NAME.format(legacy), notes=(*table.notes, note))
    return table


def _csv_from_utf8(text: bytes, encoding: str) -> RawTable:
    if line_end(text.removeprefix(codecs.BOM_UTF8)) == b"\r":
        text = text.replace(b"\r", b"\n")  # classic Mac line endings
    sample, _ = sample_text(text, len(text))
    if not sample.strip(WHITESPACE):
        raise FileRejected(f"This file holds only blank space: {AGAIN}.")
    reject_markup(sample)
    body_end, footer_lines = footer_start(text)
    sample, complete = sample_text(text, body_end)
    if not sample.strip(WHITESPACE):
        raise FileRejected(f"This file holds only report footer lines, no table: {AGAIN}.")
    layout = detected_layout(sample, complete)
    # Knowing the header's width, a footer block whose lines come in any order is found too.
    if (block := footer_start(text, layout)) != (body_end, footer_lines):
        body_end, footer_lines = block
        layout = detected_layout(*sample_text(text, body_end))
    frame, ragged, dashes = fast_rows(text, body_end, layout)
    if frame is None:
        frame, ragged, dashes = exact_rows(text[:body_end], layout)
    frame, top = leading_totals(frame)
    ragged, ragged_top = leading_ragged_totals(ragged, frame, layout.delimiter)
    top = sorted([*top, *ragged_top])
    subtotals = SubtotalLines()
    frame = subtotals.kept(frame)
    if frame.height + ragged.height == 0:
        raise FileRejected(
            "This file has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
    ragged = with_footer_like_lines(ragged, cast("int | None", frame.get_column(LINE).max()), layout)
    dropped = footer_cells(text[body_end:], text.count(b"\n", 0, body_end) + 1, layout.delimiter) if footer_lines else []
    title = title_lines_note(layout.header_line, lines_above_header(text, layout), layout.delimiter)
    subtotal = subtotal_lines_note(subtotals.lines)
    notes = (*((title,) if title else ()), *dropped_lines_notes([*top, *dropped]), *((subtotal,) if subtotal else ()))
    return RawTable(frame, encoding, layout.delimiter, ragged, footer_lines, notes, dashes=dashes)
