"""A workbook's other sheets that start with the same header as the sheet read: rows left unread.

An export too long for one sheet, or split by quarter, is saved as several sheets with one header.
One sheet is read; the others' rows would be left out without a word. Their first rows are read
here from the first bytes of each sheet's XML (and of the shared-string table their text cells
point into), never whole, so a workbook of many large sheets costs what its sheets' starts cost.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from winloss.io.cell_formats import column_index
from winloss.io.workbooks import declared_dimension, part_head, sheet_parts, xml_text

_ROWS_LOOKED_AT = 10  # a header below ten rows of title is no export's
_MOST_SHEETS = 50  # sheets looked at beyond the one read
_SHEET_HEAD_BYTES = 256 << 10
_STRINGS_HEAD_BYTES = 1 << 20  # header texts come early in the shared strings: Excel adds them as it meets them

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>(.*?)</(?:\w+:)?t>", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>(.*?)</(?:\w+:)?v>", re.S)
_SHARED = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*>")


@dataclass(frozen=True)
class SameHeaderSheets:
    """The other visible sheets of a workbook that start with the read sheet's header."""

    sheets: list[tuple[str, int | None]]  # (name, rows below the header as declared, or None), in workbook order
    not_looked_at: int = 0  # visible sheets past the _MOST_SHEETS looked at


def sheets_with_header(data: bytes, header: Sequence[str], read: str) -> SameHeaderSheets:
    """The visible sheets other than `read` one of whose first rows holds `header` (the read sheet's
    header cells, blanks left out), compared without case or surrounding space, and that declare
    rows below it (a sheet declaring none holds no deal to miss); at most _MOST_SHEETS are looked at.

    None found for a legacy .xls or .xlsb, or a workbook whose parts cannot be read.
    """
    wanted = _cells_key(header)
    if not wanted:
        return SameHeaderSheets([])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = [(name, path) for name, path in sheet_parts(archive) if name != read and name not in _hidden(archive)]
        strings = _shared_strings(archive)
        found = []
        for name, path in parts[:_MOST_SHEETS]:
            head = part_head(archive, archive.getinfo(path), _SHEET_HEAD_BYTES)
            for row, cells in _first_rows(head, strings):
                if _cells_key(cells) == wanted:
                    if (rows := _rows_below(head, row)) != 0:
                        found.append((name, rows))
                    break
        return SameHeaderSheets(found, max(0, len(parts) - _MOST_SHEETS))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return SameHeaderSheets([])


def _cells_key(cells: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(c.strip().casefold() for c in cells if c is not None and c.strip())


def _hidden(archive: zipfile.ZipFile) -> set[str]:
    """The names of the sheets xl/workbook.xml marks hidden or very hidden."""
    workbook = part_head(archive, archive.getinfo("xl/workbook.xml"), 4 << 20).decode("utf-8", "replace")
    hidden = set()
    for tag in _SHEET_TAG.findall(workbook):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and re.search(r'\bstate="(?:hidden|veryHidden)"', tag):
            hidden.add(xml_text(name.group(1)))
    return hidden


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The first entries of the shared-string table, as far as its first _STRINGS_HEAD_BYTES hold them."""
    info = next((i for i in archive.infolist() if i.filename.lower() == "xl/sharedstrings.xml"), None)
    if info is None:
        return []
    head = part_head(archive, info, _STRINGS_HEAD_BYTES)
    return [_decoded(b"".join(_TEXT.findall(m.group(1) or b""))) for m in _SHARED.finditer(head)]


def _first_rows(head: bytes, strings: list[str]) -> list[tuple[int | None, list[str | None]]]:
    """(the row's number, or None when unwritten; the text of each of its cells by column, None for
    a cell not written or a shared string beyond those read) of the sheet's first _ROWS_LOOKED_AT rows in `head`."""
    rows: list[tuple[int | None, list[str | None]]] = []
    for row in _ROW.finditer(head):
        cells: dict[int, str | None] = {}
        for attributes, body in _CELL.findall(row.group(2) or b""):
            ref = re.search(rb'\br="\$?([A-Za-z]{1,3})\$?\d+"', attributes)
            column = column_index(ref.group(1)) + 1 if ref else len(cells) + 1
            kind = re.search(rb'\bt="(\w+)"', attributes)
            cells[column] = _cell_text(kind.group(1) if kind else b"n", body or b"", strings)
        number = re.search(rb'\br="(\d+)"', row.group(1))
        rows.append((int(number.group(1)) if number else None, [cells.get(c) for c in range(1, max(cells, default=0) + 1)]))
        if len(rows) == _ROWS_LOOKED_AT:
            break
    return rows


def _cell_text(kind: bytes, body: bytes, strings: list[str]) -> str | None:
    if kind == b"inlineStr":
        return _decoded(b"".join(_TEXT.findall(body)))
    value = _VALUE.search(body)
    if value is None:
        return None
    if kind == b"s":
        index = int(value.group(1)) if value.group(1).strip().isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else None
    return _decoded(value.group(1))


def _decoded(text: bytes) -> str:
    return xml_text(text.decode("utf-8", "replace"))


def _rows_below(head: bytes, header_row: int | None) -> int | None:
    """The rows below the header (row `header_row`) that the sheet's <dimension> declares; None when
    the sheet declares none, or the header's row is not written."""
    declared = declared_dimension(head)
    if declared is None or header_row is None:
        return None
    return max(0, declared[1][2] - header_row)
