"""A workbook of rows, written as Excel writes one: for tests that read the same rows from a CSV and a workbook."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter


def deals_workbook(rows: Sequence[Sequence[object]], sheet: str = "Deals", hidden: Sequence[str] = ()) -> bytes:
    """An .xlsx whose sheet `sheet` holds `rows` (the header first), each value in its own cell, the sheet's columns
    `hidden` ("A:C") hidden as Excel hides them."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    written = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        written.write_row(r, 0, row)
    for columns in hidden:
        written.set_column(columns, None, None, {"hidden": True})
    book.close()
    return buffer.getvalue()
