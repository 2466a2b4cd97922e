"""An .xlsx sheet's text cells that read as the workbook reader writes a number with a point ("1.234", "45.125").

The reader gives every cell as text, a number cell as "1234.5" whatever the workbook's locale, so a
number cell and the same characters typed as text in a German sheet ("1.234", a thousand two hundred
and thirty-four) cannot be told apart from what it gives. The sheet part can: a text cell has the type
"s" (a shared string, its text in the shared-string part), "inlineStr" or "str" (a formula's text),
and a number cell none. This finds the text cells whose text is such a number (values.with_number_cells
reads them as typed text, evidence of the file's decimal mark, as a CSV's text is).

Most workbooks hold no such text: the shared strings are read once, streamed, and when none is such a
number and the sheet part holds no inline or formula text, the sheet part is only searched for those two
types (a literal search, in C). It runs in the workbook reader's child process, under its limits.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from dataclasses import dataclass, field

from winloss.io.cell_formats import LONGEST_TAG, column_index

_CHUNK = 1 << 20
# Text as the reader writes a number that has a point: "1.234", "-45.125" (a point and digits after it).
_POINT_NUMBER = rb"\s*(-?[0-9]+\.[0-9]*[1-9])\s*"
_ROOT = re.compile(rb"<(\w+:)?sst\b")
# A shared string's whole text that is such a number: "<t>1.234</t></si>" (its start, "<si>", checked apart).
_NUMBER_TEXT = re.compile(rb"<t(?:\s[^>]*)?>" + _POINT_NUMBER + rb"</t>\s*</si>")
# A value that is a whole number (a shared string's index, or a number cell's), and a formula's or an inline
# string's text that is a number with a point; the cell's tag is read only for those.
_INDEX_VALUE = re.compile(rb"<(?:\w+:)?v>([0-9]{1,9})</")
_TEXT_VALUE = re.compile(rb"(?:<(?:\w+:)?(v)>|<(?:\w+:)?is>\s*<(?:\w+:)?t(?:\s[^>]*)?>)" + _POINT_NUMBER + rb"</")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_TYPE = re.compile(rb'\st="(\w*)"')
_CELL_TAG_BYTES = 1024  # how far before its value a cell's tag starts, at most (a formula between is short)
_REFERENCE = re.compile(rb'\br="\$?([A-Za-z]{1,3})\$?(\d{1,8})"')


@dataclass
class TextNumberCells:
    """The text cells of a sheet whose text is a number with a point: their rows and columns, 0-based
    (spreadsheet row 1 and column A are 0)."""

    rows: array = field(default_factory=lambda: array("I"))
    columns: array = field(default_factory=lambda: array("I"))


def text_number_cells(archive: zipfile.ZipFile, sheet_path: str) -> TextNumberCells:
    """The text cells of the sheet part `sheet_path` whose text reads as a number with a point (TextNumberCells),
    the part streamed here (the workbook reader feeds a TextNumberScan the error pass's chunks instead).

    Raises zipfile.BadZipFile, OSError, KeyError or EOFError for a damaged part, and MemoryError past the
    child's memory limit, as the reader's other parts do.
    """
    scan = TextNumberScan(archive)
    with archive.open(sheet_path) as part:
        while chunk := part.read(_CHUNK):
            scan.feed(chunk)
    return scan.finished()


class TextNumberScan:
    """The text number cells (TextNumberCells) of a sheet part fed to `feed` a chunk at a time, in order."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        """Reads the workbook's shared strings (raises as text_number_cells does)."""
        self._strings = _number_strings(archive)
        self._found = TextNumberCells()
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        """Look at the sheet part's next `chunk` (its cells cut by the chunk's end are looked at with the next)."""
        window = self._tail + chunk
        if not self._strings and b'"str"' not in window and b'"inlineStr"' not in window:
            self._tail = window[-LONGEST_TAG:]  # a type cut by the chunk is found whole with the next
            return
        cut = _last_cell_start(window)
        _cells_before(window, cut, self._strings, self._found)
        self._tail = window[cut:]

    def finished(self) -> TextNumberCells:
        """The cells found, the part's last chunk fed."""
        _cells_before(self._tail, len(self._tail), self._strings, self._found)
        self._tail = b""
        return self._found


def _last_cell_start(window: bytes) -> int:
    """Where the window's last cell starts (it may be cut off by the chunk), else where an unfinished tag
    at its end starts, else its end: what comes before is whole cells."""
    opened, closed = window.rfind(b"<"), window.rfind(b">")
    cut = opened if opened > closed else len(window)
    start = max(window.rfind(b"<c ", 0, cut), window.rfind(b":c ", 0, cut))
    if start >= 0 and cut - start <= LONGEST_TAG:
        cut = window.rfind(b"<", 0, start + 1)
    return cut


def _cells_before(window: bytes, cut: int, strings: set[int], found: TextNumberCells) -> None:
    """Add the cells before `cut` that are text reading as a number with a point: a shared string's (its index
    among `strings`), an inline string's or a formula's text."""
    if strings:
        for value in _INDEX_VALUE.finditer(window, 0, cut):
            if int(value.group(1)) in strings:
                _add_typed(window, value.start(), (b"s",), found)
    if b'"str"' in window or b'"inlineStr"' in window:
        for value in _TEXT_VALUE.finditer(window, 0, cut):
            _add_typed(window, value.start(), (b"str",) if value.group(1) else (b"inlineStr",), found)


def _add_typed(window: bytes, value: int, types: tuple[bytes, ...], found: TextNumberCells) -> None:
    """Add the cell whose value starts at `value` when its tag gives it one of `types` and a reference."""
    start = window.rfind(b"<", max(0, value - _CELL_TAG_BYTES), value)
    while start >= 0 and not _CELL_START.match(window, start):  # past a formula or <is>, to the cell's tag
        start = window.rfind(b"<", max(0, value - _CELL_TAG_BYTES), start)
    if start < 0:
        return
    tag = window[start : window.find(b">", start) + 1]
    typed = _TYPE.search(tag)
    reference = _REFERENCE.search(tag)
    if typed is not None and typed.group(1) in types and reference is not None:
        found.rows.append(int(reference.group(2)) - 1)
        found.columns.append(column_index(reference.group(1)))


def _number_strings(archive: zipfile.ZipFile) -> set[int]:
    """The indexes of the shared strings whose whole text is a number with a point, read a chunk at a time:
    the rare such strings found by one pattern, each indexed by counting the string starts before it (in C)."""
    info = next((i for i in archive.infolist() if i.filename.lower() == "xl/sharedstrings.xml"), None)
    if info is None:
        return set()
    found: set[int] = set()
    before = 0  # strings started before the window
    tail = b""
    opening = b"<si"
    number_text = _NUMBER_TEXT
    with archive.open(info) as part:
        while True:
            chunk = part.read(_CHUNK)
            window = tail + chunk
            if before == 0 and (root := _ROOT.search(window)) is not None:
                prefix = root.group(1) or b""  # "<x:si>" where the part is written with a prefix
                opening = b"<" + prefix + b"si"
                number_text = re.compile(b"<" + re.escape(prefix) + rb"t(?:\s[^>]*)?>" + _POINT_NUMBER + b"</"
                                         + re.escape(prefix) + rb"t>\s*</" + re.escape(prefix) + b"si>")
            # Whole strings only: the last one may be cut by the chunk, and is read with the next.
            cut = len(window) if not chunk else max(0, window.rfind(opening))
            counted, at = before, 0
            for text in number_text.finditer(window, 0, cut):
                start = window.rfind(opening, at, text.start())
                if start < 0 or window[start + len(opening) : text.start()].strip() != b">":
                    continue  # a number among a string's other runs of text, or no string's own
                counted += window.count(opening, at, start + len(opening))
                at = start + 1
                found.add(counted - 1)
            before += window.count(opening, 0, cut)
            tail = window[cut:]
            if not chunk:
                return found
