"""The Excel error values (#N/A, #REF!, #DIV/0!...) an .xlsx sheet's cells hold.

A formula that failed leaves an error value in its cell, and Excel writes it in the sheet part as a
cell of type "e" (`<c r="C7" t="e"><f>VLOOKUP(...)</f><v>#N/A</v></c>`). The workbook reader
(calamine, through fastexcel) gives such a cell as a blank, so a region or a rep that a lookup
failed to find would be read as empty, and a close date that a formula failed to compute as
missing. This reads them from the sheet part itself, so they reach the checks as the text a CSV
saved from Excel carries ("#N/A"), and the row is quarantined naming the error.

A number cell of more than 15 digits (a 19-digit Zoho id, a 16-digit account number) is no longer
the number written in it: Excel keeps 15 significant digits and rounds the rest, and the reader
gives the rounded number in full ("4150868000000224256" for 4150868000000224005), which looks
exact. Such a cell is given as Excel shows it in a General cell ("4.15086800000022E+18"), so an ID
read so is quarantined as rounded, as the same ID in a CSV saved from Excel is.

The sheet part is streamed a chunk at a time, as winloss.io.cell_formats streams it: most sheets
hold no error at all, and a literal search for `t="e"` (in C) finds that at the cost of inflating
the part. It runs in the workbook reader's child process, under its memory and processor limits.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from winloss.io.cell_formats import LONGEST_TAG, column_index

_CHUNK = 1 << 20
_ERROR_TYPE = b't="e"'
# How far a cell's tag reaches around its type attribute: r="XFD1048576" s="..." and the few other
# attributes a cell may have take about 100 bytes.
_CELL_TAG_BYTES = 1024
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_REFERENCE = re.compile(rb'\br="\$?([A-Za-z]{1,3})\$?(\d{1,8})"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,64})</(?:\w+:)?v>")
_LONGEST_ERROR = 32  # "#GETTING_DATA" is Excel's longest; a longer text is cut here
# A value (`<v>` or `<x:v>`) that is a number of 16 digits or more before its point, or written with
# an exponent of 15 or more. Starting with its literal "v>" the search runs at 600 MB/s; a pattern
# starting with the tag's "<" is tried at every tag, four times slower.
_LONG_NUMBER = re.compile(rb"v>(-?\d(?:\d{15,}(?:\.\d*)?|(?:\.\d+)?[Ee]\+?(?:1[5-9]|[2-9]\d|\d{3})))</")
_TYPED = re.compile(rb'\st="([^"]*)"')
EXCEL_DIGITS = 15  # significant digits Excel keeps of a number


@dataclass
class ErrorCells:
    """Where a sheet's cells hold an error value, or a number too long for Excel, and what to give
    for each: `rows` and `columns` are 0-based (spreadsheet row 1 and column A are 0), `texts` the
    error value each holds ("#N/A") or the long number as Excel shows it ("4.15086800000022E+18"),
    row for row. `unplaced`: error cells whose tag names no reference (a few writers leave it out),
    which cannot be put in their place and are counted instead."""

    rows: array = field(default_factory=lambda: array("I"))
    columns: array = field(default_factory=lambda: array("I"))
    texts: list[str] = field(default_factory=list)
    unplaced: int = 0

    def add(self, row: int, column: int, text: str) -> None:
        self.rows.append(row)
        self.columns.append(column)
        self.texts.append(text)


def sheet_error_cells(archive: zipfile.ZipFile, sheet_path: str, each_chunk: Callable[[bytes], None] | None = None) -> ErrorCells:
    """Every cell of the sheet part `sheet_path` that holds an Excel error value or a number of more
    than EXCEL_DIGITS digits (ErrorCells). `each_chunk` is given each chunk of the part as it is read, in
    order, so another look at the cells costs no second inflating of the part (text_cells.TextNumberScan).

    Raises zipfile.BadZipFile, OSError, KeyError or EOFError for a damaged part, and MemoryError
    past the child's memory limit, as the reader's other parts do.
    """
    found = ErrorCells()
    tail = b""
    with archive.open(sheet_path) as part:
        while chunk := part.read(_CHUNK):
            if each_chunk is not None:
                each_chunk(chunk)
            window = tail + chunk
            cut = min(_whole_cells_end(window), _last_cell_start(window))
            tail = window[cut:]
            if len(tail) > LONGEST_TAG:
                tail = tail[-LONGEST_TAG:]  # no cell is this long; what came before is no cell's
            _errors_before(window, cut, found)
            _long_numbers_before(window, cut, found)
        _errors_before(tail, len(tail), found)
        _long_numbers_before(tail, len(tail), found)
    return found


def _last_cell_start(window: bytes) -> int:
    """Where the window's last cell starts (its value may be cut off), else its end."""
    last = window.rfind(b"<c ")
    prefixed = window.rfind(b":c ", max(0, last))  # <x:c
    if prefixed > last:
        last = max(last, window.rfind(b"<", 0, prefixed))
    return last if last >= 0 else len(window)


def _long_numbers_before(window: bytes, cut: int, found: ErrorCells) -> None:
    """Add each number cell before `cut` whose value has more than EXCEL_DIGITS digits, as Excel shows it."""
    for number in _LONG_NUMBER.finditer(window, 0, cut):
        if window[number.start() - 1 : number.start()] not in (b"<", b":"):  # "<v>", "<x:v>": not "<nv>"
            continue
        start = window.rfind(b"<", max(0, number.start() - _CELL_TAG_BYTES), number.start() - 1)
        while start >= 0 and not _CELL_START.match(window, start):  # past a formula, to the cell's tag
            start = window.rfind(b"<", max(0, number.start() - _CELL_TAG_BYTES), start)
        if start < 0:
            continue
        end = window.find(b">", start)
        typed = _TYPED.search(window, start, end)
        if typed is not None and typed.group(1) != b"n":  # a text, error or boolean cell holds what it shows
            continue
        if (reference := _REFERENCE.search(window, start, end)) is not None:
            shown = f"{float(number.group(1)):.{EXCEL_DIGITS}G}"
            found.add(int(reference.group(2)) - 1, column_index(reference.group(1)), shown)


def _whole_cells_end(window: bytes) -> int:
    """Where the window's whole cells end: before an error cell still open at its end, else before an unfinished tag."""
    last = window.rfind(_ERROR_TYPE)
    if last >= 0:
        start = window.rfind(b"<", max(0, last - _CELL_TAG_BYTES), last)
        if start >= 0 and _CELL_END.search(window, last) is None and not _self_closed(window, last):
            return start
    opened, closed = window.rfind(b"<"), window.rfind(b">")
    return opened if opened > closed else len(window)


def _self_closed(window: bytes, position: int) -> bool:
    end = window.find(b">", position)
    return end > 0 and window[end - 1 : end] == b"/"


def _errors_before(window: bytes, cut: int, found: ErrorCells) -> None:
    position = window.find(_ERROR_TYPE, 0, cut)
    while position >= 0:
        if window[position - 1 : position] in (b" ", b"\t", b"\r", b"\n"):
            start = window.rfind(b"<", max(0, position - _CELL_TAG_BYTES), position)
            end = window.find(b">", position, position + _CELL_TAG_BYTES)
            if start >= 0 and end > 0 and _CELL_START.match(window, start) and window[end - 1 : end] != b"/":
                closing = _CELL_END.search(window, end)
                value = _VALUE.search(window, end, closing.start()) if closing else None
                if value is not None:
                    reference = _REFERENCE.search(window, start, end)
                    text = value.group(1).decode("utf-8", "replace").strip()[:_LONGEST_ERROR]
                    if reference is None:
                        found.unplaced += 1
                    elif text:
                        found.add(int(reference.group(2)) - 1, column_index(reference.group(1)), text)
        position = window.find(_ERROR_TYPE, position + 1, cut)


__all__ = ["ErrorCells", "sheet_error_cells"]
