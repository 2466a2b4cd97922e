"""Read an Excel workbook's cells within a memory, time and size budget, in a child process.

The workbook reader (fastexcel, on the Rust calamine library) trusts what a file declares: a
sheet whose last cell is XFD1048576, or a shared-string table declaring four billion entries,
makes it try to allocate hundreds of gigabytes, and the allocation failure aborts the whole
process (a Rust panic cannot be caught from Python). So every workbook is
1. inspected first, in this process, from its ZIP directory and the first bytes of its XML
   parts (declared sizes, sheet dimensions, shared-string counts), and refused with one sentence
   when a declared size is beyond the budget; then its sheets' rows and cells are counted by
   streaming their XML, so a sheet that declares nothing is refused by the rows or cells it holds; then
2. read in a child process that runs under an address-space limit (RLIMIT_AS), a limit
   on its processor time (RLIMIT_CPU) and a longer one on the clock, so whatever a file does to
   the reader ends as one sentence, never as a dead server or CLI. On Linux the child is forked
   by a fork server that has imported the reader once (see "The fork server" below), elsewhere
   it is a Python process started for the read.
"""

from __future__ import annotations

import atexit
import errno
import hashlib
import io
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import polars as pl

from winloss.constant_columns import constant
from winloss.io.cell_errors import sheet_error_cells
from winloss.io.cell_formats import CellCurrencies, sheet_cell_currencies
from winloss.io.table import MOST_COLUMNS
from winloss.io.text_cells import TextNumberCells, TextNumberScan
from winloss.text import plural

if TYPE_CHECKING:  # the child process imports fastexcel; the parent never loads it
    import fastexcel


@dataclass(frozen=True)
class Budget:
    """What reading one workbook may cost; every limit is stated in the sentence that refuses a file."""

    memory_bytes: int = 3 << 30  # address space of the child that reads the workbook
    # Processor time of that child's reading (both its threads added), whole seconds. Processor
    # time, not the clock's: a workbook at Excel's row limit takes 23 s of it, and on a busy
    # server the clock ran past a 60 s limit and refused it while it was read at a third of a core.
    cpu_seconds: int = 60
    seconds: float = 300.0  # wall time of that child: a last stop for a reader that waits without working
    cells: int = 25_000_000  # rows x columns of a sheet's declared range (Excel's row limit x 24 columns), or its cells counted
    # Rows of a sheet, declared or counted: Excel's own limit, so no sheet Excel saved is refused by it.
    rows: int = 1_048_576
    # Columns of a sheet, declared or read: a CSV's bound (table.MOST_COLUMNS), so an export of every
    # field is read, or refused, alike in either format. Past it the rest of the ingest (a query per
    # column) costs far more than the reading: a 5 KB workbook with one cell in column XFD, 1,500 rows
    # down, took 2 GB and 44 s of processor time after its reader had finished.
    columns: int = MOST_COLUMNS
    unpacked_bytes: int = 1 << 30  # the archive's parts, uncompressed, together
    shared_strings: int = 25_000_000  # distinct strings a workbook may declare


DEFAULT_BUDGET = Budget()

_AGAIN = "save the sheet as CSV (File > Save As > CSV UTF-8) and upload that instead"
_HEAD_BYTES = 64 * 1024  # enough of a part's start to see <dimension> or <sst count=...>
_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])  # winloss/io/workbooks.py -> the project root


class WorkbookRefused(Exception):
    """The workbook would exceed a budget or cannot be read; str(exc) is one sentence for the user."""


@dataclass(frozen=True)
class SheetCells:
    """The chosen sheet's cells as text, from spreadsheet row 1 and column A (the reader loads from the first
    filled column; the columns before it are added empty), and its merged ranges."""

    frame: pl.DataFrame  # one String column per sheet column, row i is spreadsheet row i + 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col), 0-based
    # The formats showing a currency sign its number cells have (winloss.io.cell_formats), read in the child.
    currencies: CellCurrencies = field(default_factory=CellCurrencies)
    name: str = ""  # the sheet read
    # With no sheet asked for: each visible sheet looked at before a table was found, in order, as
    # (its name, the first filled cell of its one row, or None when it is empty); every visible sheet
    # when none holds a table (the sheet read is then the first of them).
    passed: tuple[tuple[str, str | None], ...] = ()
    date1904: bool = False  # the workbook counts serial day numbers from 1904-01-01 (old Mac Excel)
    unplaced_errors: int = 0  # error cells (#N/A...) whose tag names no place: left blank (cell_errors.ErrorCells)
    hidden_rows: list[int] = field(default_factory=list)  # spreadsheet rows (1-based) hidden in Excel
    hidden_columns: list[int] = field(default_factory=list)  # sheet columns (0-based, A is 0) hidden in Excel
    # Text cells whose text is a number as the reader writes one with a point ("1.234"), as (row, column),
    # 0-based: told from number cells by the sheet's own cell types (winloss.io.text_cells).
    text_numbers: list[tuple[int, int]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# What the archive declares, read without trusting it


def _megabytes(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MB" if n < 1 << 30 else f"{n / (1 << 30):,.0f} GB"


def _column_number(letters: str) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?(\d{1,8})$")


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of a reference like "B7"; None when it is not one."""
    match = _CELL_REF.match(ref)
    if not match:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def column_letters(number: int) -> str:
    """A 1-based column number as a sheet writes it: 1 -> "A", 27 -> "AA", 16384 -> "XFD"."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first col, last row, last col), 1-based, of "A1:C9" (or of one cell)."""
    first, _, last = ref.partition(":")
    a, b = _cell(first), _cell(last or first)
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])


def part_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = _HEAD_BYTES) -> bytes:
    """The first `size` uncompressed bytes of a part (a damaged part gives what could be read)."""
    try:
        with archive.open(info) as part:
            return part.read(size)
    except Exception:  # a damaged part: the reader will say so in its own sentence
        return b""


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) for each sheet of an .xlsx/.xlsm in workbook order; empty when unknown."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return []
    workbook = part_head(archive, archive.getinfo("xl/workbook.xml"), 4 << 20).decode("utf-8", "replace")
    rels = part_head(archive, archive.getinfo("xl/_rels/workbook.xml.rels"), 4 << 20).decode("utf-8", "replace")
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'\bId="([^"]*)"', tag), re.search(r'\bTarget="([^"]*)"', tag)
        if rid and target:
            path = target.group(1)
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else "xl/" + path
    sheets = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]*)"', tag) or re.search(r'\b\w+:id="([^"]*)"', tag)
        if name and rid and targets.get(rid.group(1)) in names:
            sheets.append((xml_text(name.group(1)), targets[rid.group(1)]))
    return sheets


def xml_text(value: str) -> str:
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"')


def declared_dimension(head: bytes) -> tuple[str, tuple[int, int, int, int]] | None:
    """(the reference as written, "A1:H250001", and its extent as cell_range gives it) of the <dimension> a
    sheet part's first bytes `head` declare; None when they declare none, or one that is no reference."""
    found = _DIMENSION.search(head)
    ref = found.group(1).decode("ascii", "replace") if found else None
    extent = cell_range(ref) if ref is not None else None
    return None if ref is None or extent is None else (ref, extent)


def check_declared_sizes(data: bytes, budget: Budget = DEFAULT_BUDGET) -> None:
    """Raise WorkbookRefused when what an .xlsx declares is beyond the budget; silent otherwise.

    Checks the archive's uncompressed size, each sheet's <dimension> (rows x columns), and the
    shared-string table's declared counts against its size (each entry takes at least 8 bytes of
    XML, so a count beyond that is a lie meant to make a reader pre-allocate).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:
        return  # not a readable ZIP: the reader refuses it with its own sentence
    unpacked = sum(i.file_size for i in infos)
    if unpacked > budget.unpacked_bytes:
        raise WorkbookRefused(
            f"This workbook unpacks to {_megabytes(unpacked)}, more than the {_megabytes(budget.unpacked_bytes)} "
            f"a workbook may take here: {_AGAIN}."
        )
    for name, path in sheet_parts(archive):
        dimension = declared_dimension(part_head(archive, archive.getinfo(path)))
        if dimension is None:
            continue
        ref, extent = dimension
        rows, columns = extent[2], extent[3]  # counted from A1: the reader allocates from there
        if columns > budget.columns:
            raise WorkbookRefused(_too_wide(name, ref.split(":")[-1], columns, budget.columns))
        if rows > budget.rows:
            raise WorkbookRefused(_too_long(name, budget.rows))
        if rows * columns > budget.cells:
            raise WorkbookRefused(
                f"The sheet \u201c{name}\u201d reaches cell {ref.split(':')[-1]} "
                f"({plural(rows, 'row')} \u00d7 {plural(columns, 'column')}), more than the {budget.cells:,} cells a sheet may "
                "hold here: delete the cells far from the "
                f"table (Ctrl+End shows the last one) or {_AGAIN}."
            )
    shared = next((i for i in infos if i.filename.lower() == "xl/sharedstrings.xml"), None)
    if shared is not None:
        head = part_head(archive, shared, 4096).decode("utf-8", "replace")
        tag = re.search(r"<(?:\w+:)?sst\b[^>]*>", head)
        for attribute in ("uniqueCount", "count"):
            declared = re.search(rf'\b{attribute}="(\d+)"', tag.group(0)) if tag else None
            if declared is None:
                continue
            count = int(declared.group(1))
            possible = shared.file_size // 8 if attribute == "uniqueCount" else budget.cells
            if count > min(possible, budget.shared_strings if attribute == "uniqueCount" else budget.cells):
                raise WorkbookRefused(
                    f"This workbook's shared-string table declares {count:,} entries, more than its size or the "
                    f"{budget.shared_strings:,} a workbook may hold here allow: {_AGAIN}."
                )


def check_counted_sizes(data: bytes, budget: Budget = DEFAULT_BUDGET) -> None:
    """Raise WorkbookRefused when a sheet of an .xlsx holds more rows or cells than the budget; silent otherwise.

    The rows and cells are counted by streaming each sheet's XML a megabyte at a time (memory stays
    flat) and counting its <row> and <c> elements (its rows as many as its highest row number, when
    that is more), stopping as soon as a count passes its bound. A sheet need not declare its range,
    nor number its rows: 6.3 million rows with neither, 3.7 MB packed and 950 MB unpacked, passed
    every declared size and took the reader to its 3 GB limit over 60 s, refused then as a file that
    declares more than it holds. Counted here, it is refused within a second by the rule it breaks. Counting costs about 0.35 s of processing per 100 MB of
    sheet XML (a sheet at Excel's row limit x 24 columns is some 750 MB), a second or two against
    the reader's 23 s; it is done once for the same bytes and budget (remembered): the Data page
    asks for a workbook's sheets each time it runs, and then reads the sheet chosen.
    """
    refusal = remembered("counted", data, budget, lambda: _counted_refusal(data, budget))
    if refusal is not None:
        raise WorkbookRefused(refusal)


def _counted_refusal(data: bytes, budget: Budget) -> str | None:
    """The sentence refusing a workbook whose sheet holds more rows or cells than the budget, or None (check_counted_sizes)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = sheet_parts(archive)
    except Exception:
        return None  # not a readable ZIP: the reader refuses it with its own sentence
    for name, path in parts:
        try:
            rows, cells = _counted_rows_and_cells(archive, archive.getinfo(path), budget)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error):
            continue  # a damaged part: the reader says so in its own sentence
        if rows > budget.rows:
            return _too_long(name, budget.rows)
        if cells > budget.cells:
            return (
                f"The sheet \u201c{name}\u201d holds more than {budget.cells:,} filled cells, more than a sheet may hold "
                f"here: delete the rows and columns the export does not need or {_AGAIN}."
            )
    return None


T = TypeVar("T")
# The answers about the last few workbooks, by what was asked, the workbook's SHA-256 and the budget (remembered).
_REMEMBERED: OrderedDict[tuple[str, bytes, Budget], object] = OrderedDict()
_REMEMBERED_KEPT = 16  # a few uploads on the Data page at once, each asked about two or three ways
_remembered_lock = threading.Lock()


def remembered(what: str, data: bytes, budget: Budget, answer: Callable[[], T]) -> T:
    """`answer()` (what a workbook's bytes `data` give under `budget`, asked as `what`), worked out once for
    the same bytes, budget and question among the last _REMEMBERED_KEPT asked in this process. The bytes are
    known by their SHA-256 (0.03 s for 15 MB, against 0.5 s to count that workbook's sheets), and not kept."""
    key = (what, hashlib.sha256(data).digest(), budget)
    with _remembered_lock:
        if key in _REMEMBERED:
            _REMEMBERED.move_to_end(key)
            return cast(T, _REMEMBERED[key])
    found = answer()  # outside the lock: another upload need not wait for this one
    with _remembered_lock:
        _REMEMBERED[key] = found
        while len(_REMEMBERED) > _REMEMBERED_KEPT:
            _REMEMBERED.popitem(last=False)
    return found


# A sheet's <sheetData>, its cells' parent, and the prefix its elements are written with ("x:" in <x:sheetData>).
# The reader knows elements by their local names, whatever their prefix.
_SHEET_DATA = re.compile(rb"<([^\s<>/:!?=\"']+:)?sheetData[\s>/]")
_CARRIED = 4096  # bytes carried from one chunk to the next: a tag cut by a chunk's end is read whole with the next


def _counted_rows_and_cells(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> tuple[int, int]:
    """(the rows of a sheet part, its <c> elements), counted while streaming it from its <sheetData> on; the rows
    are the <row> elements or, when more, the highest row number one gives (r="1048577"): a sheet of two rows,
    1 and 1,048,577, is read as that many. The counting stops as soon as either passes its bound (budget.rows,
    budget.cells), so a count past its bound is returned as soon as it is known and not exactly.

    <sheetData> is looked for however far into the part it is, and its prefix is the one its rows and cells are
    counted by: a root element that declares many namespaces, or the widths of 2,000 columns, come before it,
    and a prefix looked for in the first 64 KB alone was missed there, so no row was counted."""
    rows = cells = highest = 0
    row_tag = cell_tag = b""  # "<row" and "<c", with the prefix, once <sheetData> is found
    numbered: re.Pattern[bytes] | None = None
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            window = tail + chunk
            if numbered is None:
                found = _SHEET_DATA.search(window)
                if found is None:
                    tail = window[-_CARRIED:]
                    continue
                prefix = found.group(1) or b""
                # Each element as it starts (two counts of a chunk: a tag per ending, six, took twice as long).
                # "<c" also counts the sheet's conditional formats (<cfRule>), a few against the cells a bound is for.
                row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
                numbered = re.compile(re.escape(row_tag) + rb"\b[^>]*?\sr\s*=\s*[\"'](\d+)")
                window, tail = window[found.start():], b""
            # Tags wholly inside the carried tail were counted with the chunk before.
            rows += window.count(row_tag) - tail.count(row_tag)
            cells += window.count(cell_tag) - tail.count(cell_tag)
            highest = max(highest, max(map(int, numbered.findall(window)), default=0))  # one seen twice is still the highest
            if max(rows, highest) > budget.rows or cells > budget.cells:
                break
            tail = window[-_CARRIED:]
    return max(rows, highest), cells


def _too_long(sheet: str, most: int) -> str:
    """The sentence refusing a sheet of more than `most` rows."""
    return (f"The sheet \u201c{sheet}\u201d holds more than {most:,} rows, the most an Excel sheet can have: export the "
            "opportunities as a CSV file, which has no such limit, and upload that instead.")


def _too_wide(sheet: str, cell: str, columns: int, most: int) -> str:
    """The sentence refusing a sheet of more than `most` columns, its last cell `cell`."""
    return (f"The sheet \u201c{sheet}\u201d reaches cell {cell} ({plural(columns, 'column')}), more than the {most:,} "
            f"columns a sheet may have here: delete the cells right of the table (Ctrl+End shows the last one) or {_AGAIN}.")


_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# A run of columns hidden in Excel (by hand or in a collapsed group): <col min="2" max="3" hidden="1"/>,
# listed in the sheet's <cols> before its cells.
_HIDDEN_COLUMNS = re.compile(rb'<(?:\w+:)?col\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_COLUMN_SPAN = (re.compile(rb'\bmin="(\d+)"'), re.compile(rb'\bmax="(\d+)"'))


def merged_and_hidden(data: bytes, sheet_name: str) -> tuple[list[tuple[int, int, int, int]], list[int], list[int]]:
    """(the merged ranges of an .xlsx sheet as (first row, first col, last row, last col), 0-based;
    the sheet rows, 1-based, hidden in Excel: hidden by hand, by a filter or in a collapsed group;
    the sheet columns, 0-based, hidden in Excel).

    Read by streaming the sheet's XML in one pass (merges are listed after the cells), so memory
    stays flat. Legacy .xls and binary .xlsb sheets, or a part that cannot be read, give none.
    """
    hidden: set[int] = set()
    columns: set[int] = set()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        path = dict(sheet_parts(archive)).get(sheet_name)
        if path is None:
            return [], [], []
        tail = b""
        found = False
        with archive.open(path) as part:
            while chunk := part.read(1 << 20):
                window = tail + chunk
                if not found:
                    if b'hidden="' in window:  # the pattern only where a hidden row may be
                        for row in _HIDDEN_ROW.finditer(window):
                            if number := _ROW_NUMBER.search(row.group(0)):
                                hidden.add(int(number.group(1)))
                        columns.update(_hidden_columns(window))
                    at = window.find(b"<mergeCell")
                    if at < 0:
                        tail = window[-512:]  # a row tag cut by the chunk is read whole with the next
                        continue
                    found, window = True, window[at:]
                tail = window
                if len(tail) > 64 << 20:  # a merge list larger than any real sheet's
                    break
    except Exception:
        return [], sorted(hidden), sorted(columns)
    merged = []
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]*)"', tail):
        extent = cell_range(ref.decode("ascii", "replace"))
        if extent is not None:
            merged.append((extent[0] - 1, extent[1] - 1, extent[2] - 1, extent[3] - 1))
    return merged, sorted(hidden), sorted(columns)


def _hidden_columns(xml: bytes) -> set[int]:
    """The sheet columns (0-based) the hidden <col> elements of a piece of a sheet's XML cover, up to
    MOST_COLUMNS: Excel's "hide every column right of the table" is one run to column 16384."""
    found: set[int] = set()
    for element in _HIDDEN_COLUMNS.finditer(xml):
        first, last = (span.search(element.group(0)) for span in _COLUMN_SPAN)
        if first is not None and last is not None:
            found.update(range(int(first.group(1)) - 1, min(int(last.group(1)), MOST_COLUMNS)))
    return found


# ---------------------------------------------------------------------------------------------
# The child process


# Polars and calamine start a thread per core; few threads keep the address space small.
_CHILD_ENV = {"POLARS_MAX_THREADS": "2", "RAYON_NUM_THREADS": "2", "RUST_BACKTRACE": "0"}

_spare: subprocess.Popen | None = None  # a child already started, its imports done, waiting for work
_spare_lock = threading.Lock()


def _started_child() -> subprocess.Popen:
    command = [sys.executable, "-c", f"import sys; sys.path.insert(0, {_PROJECT_ROOT!r}); "
               "from winloss.io.workbooks import _child_main; _child_main()"]  # fmt: skip
    env = {**os.environ, **_CHILD_ENV}
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def _ready_child() -> subprocess.Popen | _Forked:
    """A child for this workbook, ready to be sent its request (see _run_child).

    Where processes fork (Linux), a reader forked by the fork server (_forked_child): its interpreter
    and imports are the server's, done once. Elsewhere, or when no server answers, the waiting spare
    when there is one, and a new spare started for the next: starting Python and importing the
    reader takes about a second, and a spare takes that off the next upload's time.
    """
    if _FORKS:
        forked = _forked_child()
        if forked is not None:
            return forked
    global _spare
    with _spare_lock:
        child, _spare = _spare, None
        if child is None or child.poll() is not None:
            child = _started_child()
        _spare = _started_child()
    return child


@atexit.register
def _end_spare() -> None:
    with _spare_lock:
        if _spare is not None and _spare.poll() is None:
            _spare.kill()
            _spare.wait()


# ---------------------------------------------------------------------------------------------
# The fork server
#
# A child per read cost a Python start and the reader's imports (Polars, fastexcel, this module):
# some 0.3 to 1 s of processor time, paid again for the spare started after each read and killed
# unused at exit. The fork server is one long-lived process that has imported them once and forks,
# for each read, a watcher that forks the reader:
#   parent --(control socket: one byte, and the reader's stdin, its stdout, a status socket)--> server
#   server: fork -> watcher: fork -> reader (_child_main, unchanged: it sets its limits, reads, answers, exits)
#   watcher --(status socket: b"S" once the reader is forked, then its exit code, 4 bytes)--> parent
# The reader is a fresh process: its limits are its own (RLIMIT_AS; RLIMIT_CPU counts its own
# processor time, from zero at the fork), and its exit (a signal from a limit, an abort) reaches
# the parent as a Popen's would, through the watcher, which is the only one that may reap it and
# so the only one that may kill it safely: the parent asks by writing to the status socket, or by
# closing it (its process ended). The server runs no Polars or calamine work itself, so their thread
# pools are never started before a fork; what `import polars` starts (its allocator's background
# threads, a spill cleaner that waits for work) holds no lock while the server waits for a request.

_FORKS = sys.platform == "linux" and hasattr(socket, "send_fds")  # macOS forks badly after imports; Windows not at all
_SERVER_WAIT = 120.0  # seconds a read waits for the server to fork its reader: its first start imports the reader
_server: tuple[subprocess.Popen, socket.socket] | None = None  # the server and the parent's end of its control socket
_server_lock = threading.Lock()
_STARTED = b"S"
_EXIT = struct.Struct(">i")  # the reader's exit code as Popen gives it: negative for the signal that ended it


class _Forked:
    """A reader forked by the fork server, used by _run_child as a subprocess.Popen: `stdin` and `stdout`
    are pipes to it, `kill()` ends it, `wait()` gives its exit code (negative: the signal that ended it)."""

    def __init__(self, stdin: int, stdout: int, status: socket.socket) -> None:
        self.stdin = os.fdopen(stdin, "wb")
        self.stdout = os.fdopen(stdout, "rb")
        self._status = status  # the watcher's socket: its exit code comes back on it
        self.returncode: int | None = None

    def kill(self) -> None:
        """Have the watcher kill the reader (the parent cannot: the watcher reaps it, and its number may be reused)."""
        if self.returncode is None:
            try:
                self._status.sendall(b"k")
            except OSError:  # the watcher has ended: so has the reader
                pass

    def wait(self) -> int:
        """The reader's exit code, once it has ended; a watcher that ended without saying is taken as a killed reader."""
        if self.returncode is None:
            told = b""
            with self._status:
                try:
                    while chunk := self._status.recv(64):
                        told += chunk
                except OSError:  # a watcher that ended without saying: what it said is all there is
                    pass
            self.returncode = _EXIT.unpack(told[: _EXIT.size])[0] if len(told) >= _EXIT.size else -signal.SIGKILL
        return self.returncode


def _started_server() -> tuple[subprocess.Popen, socket.socket]:
    """The fork server, started (its imports go on while the first request waits in its socket)."""
    ours, its = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)  # a request is one message, its descriptors with it
    try:
        server = subprocess.Popen(_server_command(its.fileno()), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, env={**os.environ, **_CHILD_ENV}, pass_fds=(its.fileno(),))
    finally:
        its.close()
    return server, ours


def _server_command(control_fd: int) -> list[str]:
    """The fork server's command line, given its end of the control socket."""
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {_PROJECT_ROOT!r}); "
            f"from winloss.io.workbooks import _serve; _serve({control_fd})"]  # fmt: skip


def _forked_child() -> _Forked | None:
    """A reader forked by the fork server, the server started first when there is none or it has ended
    (killed, out of memory); None when no server forks one twice over (the caller starts a child itself)."""
    global _server
    for _ in range(2):
        to_reader, stdin = os.pipe()
        stdout, from_reader = os.pipe()
        status, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        with _server_lock:
            if _server is None or _server[0].poll() is not None:
                _end_server()
                _server = _started_server()
            asked = _server
            try:
                socket.send_fds(asked[1], [b"r"], [to_reader, from_reader, theirs.fileno()])
                sent = True
            except OSError:  # the server has ended since it was looked at
                sent = False
        for fd in (to_reader, from_reader):
            os.close(fd)
        theirs.close()  # the watcher holds the only other end: its end closes when it ends
        started = b""
        if sent:
            status.settimeout(_SERVER_WAIT)
            try:
                started = status.recv(1)
            except OSError:  # socket.timeout among them: a server that does not fork
                started = b""
            status.settimeout(None)
        if started == _STARTED:
            return _Forked(stdin, stdout, status)
        for fd in (stdin, stdout):
            os.close(fd)
        status.close()
        with _server_lock:
            if _server is asked:  # it took the request and forked nothing: end it, so the next is started anew
                _end_server()
    return None


@atexit.register
def _end_server_at_exit() -> None:
    with _server_lock:
        _end_server()


def _end_server() -> None:
    """End the fork server, the caller holding _server_lock (the readers it forked end with their own
    reads, or when their parent has ended)."""
    global _server
    ended, _server = _server, None
    if ended is not None:
        server, control = ended
        control.close()  # the server ends when its control socket does
        if server.poll() is None:
            server.kill()
        server.wait()


def _serve(control_fd: int) -> None:
    """The fork server's loop: for each request on the control socket (one byte, and the reader's stdin,
    its stdout and a status socket), fork a watcher for it; return when the parent's end closes."""
    import fastexcel  # noqa: F401  once, here: the readers forked from this process have it

    control = socket.socket(fileno=control_fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl+C in a terminal is the parent's to act on; its end ends this
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the watchers are reaped by the system, not waited for
    while True:
        message, fds, _, _ = socket.recv_fds(control, 16, 3)
        if not message:
            return  # the parent has ended
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            continue
        if os.fork() == 0:
            try:
                control.close()
                _watch(fds[0], fds[1], socket.socket(fileno=fds[2]))
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)


def _watch(stdin: int, stdout: int, status: socket.socket) -> None:
    """The watcher of one read: fork the reader on `stdin` and `stdout`, say so on `status`, kill it when
    the parent asks (or has ended), and tell its exit code when it has ended."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the server's SIG_IGN would reap the reader before its code is read
    reader = os.fork()
    if reader == 0:
        code = 1
        try:
            status.close()
            os.dup2(stdin, 0)
            os.dup2(stdout, 1)
            os.close(stdin)
            os.close(stdout)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _child_main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os._exit(code)  # never back into the server's loop
    os.close(stdin)
    os.close(stdout)
    try:
        status.sendall(_STARTED)
    except OSError:
        pass  # the parent has gone: the reader is killed below
    try:
        ended = os.pidfd_open(reader)  # readable when the reader ends (Linux 5.3)
    except OSError:
        ended = None
    while True:
        watched: list[int] = [status.fileno()] if ended is None else [status.fileno(), ended]
        asked = select.select(watched, [], [], 0.2 if ended is None else None)[0]
        done, code = os.waitpid(reader, os.WNOHANG)
        if done:
            break
        if status.fileno() in asked:  # the parent asks for the end, or has ended: the reader is not reaped yet, its number is its own
            os.kill(reader, signal.SIGKILL)
            _, code = os.waitpid(reader, 0)
            try:
                status.recv(64)  # taken, so its close is an end, not a reset, to the parent
            except OSError:
                pass
            break
    try:
        status.sendall(_EXIT.pack(os.waitstatus_to_exitcode(code)))
    except OSError:
        pass


Waited = Callable[[int], None]
"""Told the whole seconds a workbook's reader has been reading, each second, for a progress bar."""


def unwaited(seconds: int) -> None:
    """A `Waited` that shows nothing."""
    return None


def _sent(child: subprocess.Popen | _Forked, payload: bytes) -> None:
    """Write the request to the child's input and close it; a child that ended early takes no more."""
    assert child.stdin is not None
    try:
        child.stdin.write(payload)
        child.stdin.close()
    except OSError:  # BrokenPipeError among them
        pass


def _received(child: subprocess.Popen | _Forked) -> bytes:
    """Everything the child writes until it ends."""
    assert child.stdout is not None
    with child.stdout:
        return child.stdout.read()


def _run_child(request: dict, data: bytes, budget: Budget, waited: Waited = unwaited) -> tuple[dict, bytes]:
    """Run the reader in a child under the budget: (its JSON answer, its Arrow IPC bytes).

    `waited` is told each second the reader has been at it: a sheet at Excel's row limit takes
    it 23 s of processing, and a bar that does not move for that long looks like a stopped one.
    """
    request = {**request, "memory_bytes": budget.memory_bytes, "cpu_seconds": budget.cpu_seconds, "columns": budget.columns}
    payload = json.dumps(request).encode() + b"\n" + data
    child = _ready_child()
    # The workbook goes in and the answer comes out in threads of their own, whole (a pipe's
    # write blocks until the reader takes it), while this thread tells the seconds. Popen's
    # communicate cannot be waited on a second at a time: after its first timeout it never
    # sends the rest of an input larger than the pipe holds.
    received: list[bytes] = []
    sending = threading.Thread(target=_sent, args=(child, payload), daemon=True)
    receiving = threading.Thread(target=lambda: received.append(_received(child)), daemon=True)
    sending.start()
    receiving.start()
    start = time.monotonic()
    try:
        while receiving.is_alive():
            elapsed = time.monotonic() - start
            if elapsed >= budget.seconds:
                raise WorkbookRefused(
                    f"Reading this workbook took longer than the {budget.seconds:g} seconds a workbook may take here: {_AGAIN}."
                )
            receiving.join(timeout=min(1.0, budget.seconds - elapsed))
            if receiving.is_alive():
                waited(int(time.monotonic() - start))
    except BaseException:  # out of time, or the caller stopped (a page left mid-read): the reader ends too
        child.kill()
        raise
    finally:
        receiving.join()
        sending.join()
        child.wait()
    out = received[0] if received else b""
    if _CPU_LIMIT_SIGNAL is not None and child.returncode == -_CPU_LIMIT_SIGNAL:
        raise WorkbookRefused(
            f"Reading this workbook needs more than the {plural(budget.cpu_seconds, 'second')} of processing a workbook may "
            f"take here: {_AGAIN}."
        )
    if child.returncode == 0 and len(out) >= 4:
        size = struct.unpack(">I", out[:4])[0]
        answer = json.loads(out[4 : 4 + size])
        if "refused" in answer:
            raise WorkbookRefused(answer["refused"])
        return answer, out[4 + size :]
    if child.returncode is not None and -child.returncode in _ENDED_FROM_OUTSIDE:
        # Killed or told to end by something else (the system short of memory, a person ending
        # processes): nothing says the file asked for too much, so it is not refused as too big.
        raise WorkbookRefused(
            "The workbook's reader was stopped before it finished, by the system or a person ending it, not by "
            f"anything in the file (this server may be short of memory): upload it again, or {_AGAIN}."
        )
    # The reader died otherwise: an allocation beyond the memory limit aborts it (a Rust panic,
    # SIGABRT; measured with a sheet whose far cell asks for millions of cells), or past its
    # stack it faults. Either way the file asked for more than the budget.
    raise WorkbookRefused(
        f"Reading this workbook needs more than the {_megabytes(budget.memory_bytes)} of memory a workbook may use "
        f"here (it declares more cells or text than it holds): {_AGAIN}."
    )


def visible_sheet_names(data: bytes, budget: Budget = DEFAULT_BUDGET) -> list[str]:
    """The names of a workbook's visible sheets, in order; raises WorkbookRefused.

    Asked again for the same bytes and budget, the answer (or the refusal) is the one remembered: the Data
    page asks each time it runs, and each asking had counted the sheets and read them in a child, some
    2.5 s of processing for a workbook of 300,000 rows."""
    answer = remembered("sheets", data, budget, lambda: _visible_or_refusal(data, budget))
    if isinstance(answer, str):
        raise WorkbookRefused(answer)
    return list(answer)


def _visible_or_refusal(data: bytes, budget: Budget) -> tuple[str, ...] | str:
    """The names of a workbook's visible sheets, or the sentence refusing it (visible_sheet_names)."""
    try:
        check_declared_sizes(data, budget)
        check_counted_sizes(data, budget)
        answer, _ = _run_child({"op": "sheets"}, data, budget)
    except WorkbookRefused as exc:
        return str(exc)
    return tuple(answer["visible"])


def sheet_cells(
    data: bytes, sheet: str | int | None, budget: Budget = DEFAULT_BUDGET, waited: Waited = unwaited
) -> SheetCells:
    """Every cell of the chosen sheet as text (see SheetCells); raises WorkbookRefused with one sentence.

    `sheet` is a name, a 0-based index, or None for the first visible sheet with more than one row.
    `waited` is told each second of the reading (see _run_child).
    """
    check_declared_sizes(data, budget)
    check_counted_sizes(data, budget)
    answer, arrow = _run_child({"op": "cells", "sheet": sheet}, data, budget, waited)
    frame = pl.read_ipc(io.BytesIO(arrow))
    merged, hidden, hidden_columns = merged_and_hidden(data, answer["sheet"]) if data.startswith(b"PK") else ([], [], [])
    formats = answer.get("currencies") or {}
    currencies = CellCurrencies(
        {int(column): [(first, last, code) for first, last, code in runs] for column, runs in formats.get("columns", {}).items()},
        formats.get("unread"),
    )
    passed = tuple((name, first) for name, first in answer.get("passed", []))
    typed = answer.get("text_numbers") or {"rows": [], "columns": []}
    return SheetCells(frame, merged, currencies, answer["sheet"], passed, bool(answer.get("date1904")),
                      int(answer.get("unplaced_errors") or 0), hidden, hidden_columns,
                      list(zip(typed["rows"], typed["columns"], strict=True)))


def _child_main() -> None:
    """Entry point of the child: a JSON request line then the workbook bytes on stdin."""
    import fastexcel  # noqa: F401  imported while the child waits as a spare, not while a user waits

    stream = sys.stdin.buffer
    line = stream.readline()
    if not line:
        return  # the parent ended without giving work
    request = json.loads(line)
    _limit_address_space(int(request["memory_bytes"]))
    _limit_processor_time(int(request["cpu_seconds"]))
    data = stream.read()
    try:
        answer, arrow = _child_answer(request, data)
    except _ChildRefusal as exc:
        answer, arrow = {"refused": str(exc)}, b""
    except MemoryError:
        sys.exit(3)  # the parent says which budget it was
    except Exception as exc:
        if _out_of_memory(exc):
            sys.exit(3)
        answer, arrow = {"refused": _UNREADABLE}, b""
    header = json.dumps(answer).encode()
    sys.stdout.buffer.write(struct.pack(">I", len(header)) + header + arrow)
    sys.stdout.buffer.flush()


_NO_MEMORY = re.compile(r"out of memory|memory allocation|cannot allocate memory|failed to allocate", re.I)


def _out_of_memory(exc: BaseException) -> bool:
    """Whether an error the reader raised is the memory limit reached, whatever raised it: the system
    refusing memory (ENOMEM), or a library's own words for a failed allocation. Said as a damaged
    file, a workbook too large for the budget sent its user to repair a file that is not broken."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError) or (isinstance(seen, OSError) and seen.errno == errno.ENOMEM):
            return True
        if _NO_MEMORY.search(str(seen)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _limit_address_space(limit: int) -> None:
    """Cap this process's address space (POSIX); a parent already limited (a test, a container) caps it lower."""
    try:
        import resource
    except ImportError:  # Windows: the time limit and the declared-size checks still hold
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # before the reader allocates anything


# The signals by which something other than the reader's own limits ends it: the kernel's out-of-memory
# killer and `kill -9` (SIGKILL; also what `_Forked.wait` reports when its watcher is gone), `kill`
# (SIGTERM), a closed terminal (SIGHUP). The memory limit itself ends the reader with SIGABRT.
_ENDED_FROM_OUTSIDE = frozenset(int(getattr(signal, name)) for name in ("SIGKILL", "SIGTERM", "SIGHUP")
                                if hasattr(signal, name))
# The signal a process gets past its processor-time limit (POSIX; none on Windows).
_CPU_LIMIT_SIGNAL = getattr(signal, "SIGXCPU", None)


def _limit_processor_time(seconds: int) -> None:
    """Let this process use `seconds` more of processor time from now (its start as a spare is not
    counted); past it the system ends the process with SIGXCPU. Where there is no such limit
    (Windows), the clock's limit still holds."""
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime) + 1 + max(1, seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    # The hard limit a little later: SIGXCPU ends the reader (it sets no handler), SIGKILL if it did.
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5 if hard == resource.RLIM_INFINITY else hard))


_UPLOAD_EXPORT = "upload the .csv or .xlsx file exported from your CRM"
_UNREADABLE = (
    "This Excel file could not be opened (it may be password-protected, damaged or in a very "
    f"old format): save it again as .xlsx without a password, or {_UPLOAD_EXPORT}."
)
_AGAIN_EXPORT = "export the opportunities report again and upload the CSV or XLSX file"


class _ChildRefusal(Exception):
    pass


def _child_answer(request: dict, data: bytes) -> tuple[dict, bytes]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
    except Exception:
        raise _ChildRefusal(_UNREADABLE) from None
    names: list[str] = reader.sheet_names
    if request["op"] == "sheets":
        visible = [n for i, n in enumerate(names) if _visible(reader.load_sheet(i, header_row=None, n_rows=1, dtypes="string"))]
        return {"visible": visible}, b""
    index, passed, loaded = _sheet_index(reader, names, request.get("sheet"))
    if loaded is None:
        loaded = _whole_sheet(reader, index)
    cells = _from_column_a(loaded.to_polars().with_columns(pl.all().cast(pl.String)), loaded)
    most = int(request.get("columns") or DEFAULT_BUDGET.columns)
    if cells.width > most:  # a sheet that declares no range, or a smaller one than it fills
        raise _ChildRefusal(_too_wide(names[index], f"{column_letters(cells.width)}{cells.height}", cells.width, most))
    # A legacy .xls or binary .xlsb is no zip: its formats, date system and error cells are not read.
    archive = zipfile.ZipFile(io.BytesIO(data)) if data.startswith(b"PK") else None
    part = dict(sheet_parts(archive)).get(names[index]) if archive is not None else None  # the sheet's part, found once
    cells, unplaced, text_numbers = _with_error_values(cells, archive, part)
    buffer = io.BytesIO()
    cells.write_ipc(buffer)
    answer = {"sheet": names[index], "currencies": _cell_currencies(archive, part), "passed": passed,
              "date1904": _date1904(archive), "unplaced_errors": unplaced,
              "text_numbers": {"rows": text_numbers.rows.tolist(), "columns": text_numbers.columns.tolist()}}
    return answer, buffer.getvalue()


def _from_column_a(cells: pl.DataFrame, sheet: fastexcel.ExcelSheet) -> pl.DataFrame:
    """The loaded cells with an empty column for each sheet column before the first the reader
    loaded: it starts at the first column holding anything (a report laid out from column B starts
    there), while cell formats, merged ranges and error cells are placed by their sheet column."""
    loaded = sheet.selected_columns
    first = min((c.absolute_index for c in loaded), default=0)
    if first == 0 or cells.width == 0:
        return cells
    empty = [constant(None, cells.height, pl.String).alias(f"__column_{i}") for i in range(first)]
    return pl.DataFrame(empty).hstack(cells) if cells.height else pl.DataFrame(
        schema={**{s.name: pl.String for s in empty}, **cells.schema})


def _with_error_values(
    cells: pl.DataFrame, archive: zipfile.ZipFile | None, part: str | None,
) -> tuple[pl.DataFrame, int, TextNumberCells]:
    """The cells with each error cell's value ("#N/A") where the reader left a blank (cell_errors), how many
    error cells name no place in the sheet part `part`, and its text cells typed as a number with a point
    (text_cells), found in the same reading of the part. A part that cannot be read leaves them blank, and none found."""
    if archive is None or part is None:
        return cells, 0, TextNumberCells()
    unread = (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError)
    try:
        typed: TextNumberScan | None = TextNumberScan(archive)
    except unread:  # shared strings that cannot be read: no text told from a number, the errors still read
        typed = None
    try:
        errors = sheet_error_cells(archive, part, typed.feed if typed is not None else None)
    except unread:
        return cells, 0, TextNumberCells()
    text_numbers = typed.finished() if typed is not None else TextNumberCells()
    if not errors.texts:
        return cells, errors.unplaced, text_numbers
    found = pl.DataFrame({"row": errors.rows, "column": errors.columns, "text": errors.texts},
                         schema={"row": pl.UInt32, "column": pl.UInt32, "text": pl.String})
    found = found.filter((pl.col("row") < cells.height) & (pl.col("column") < cells.width))
    filled = []
    for (column,), at in found.group_by("column", maintain_order=True):
        name = cells.columns[int(cast(int, column))]
        filled.append(cells.get_column(name).scatter(at.get_column("row"), at.get_column("text")))
    return cells.with_columns(filled), errors.unplaced, text_numbers


def _cell_currencies(archive: zipfile.ZipFile | None, part: str | None) -> dict:
    """The cell currencies of the sheet part `part` (cell_formats.CellCurrencies) as JSON: read here, in
    the child, under its limits."""
    if archive is None:
        return {}
    found = sheet_cell_currencies(archive, part) if part is not None else CellCurrencies()
    return {"columns": found.columns, "unread": found.unread}


_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(?:1|true)\"")


def _date1904(archive: zipfile.ZipFile | None) -> bool:
    """Whether a workbook counts its serial day numbers from 1904-01-01 (workbookPr date1904 in
    xl/workbook.xml, read no further than its first _HEAD_BYTES); False for a legacy .xls or .xlsb (None)."""
    if archive is None:
        return False
    try:
        with archive.open("xl/workbook.xml") as part:
            return _DATE1904.search(part.read(_HEAD_BYTES)) is not None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False


def _visible(sheet: fastexcel.ExcelSheet) -> bool:
    return str(sheet.visible) == "visible"


def _whole_sheet(reader: fastexcel.ExcelReader, index: int) -> fastexcel.ExcelSheet:
    """Sheet `index`, every cell as text from row 1 (header_row None: the header is found later)."""
    return reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")


def _sheet_index(
    reader: fastexcel.ExcelReader, names: list[str], sheet: str | int | None
) -> tuple[int, list[tuple[str, str | None]], fastexcel.ExcelSheet | None]:
    """The sheet asked for, or the first visible sheet with more than one row (Dynamics hides a metadata
    sheet), and the visible sheets passed over to find it (SheetCells.passed: all of them, the first
    read, when none has more than one row); with the sheet found, loaded whole (None: not loaded yet).
    Each sheet looked at is loaded whole: the reader parses a whole sheet for its first rows too, so
    loading two rows and then the sheet parsed it twice (0.7 s of the reader's 2.7 s at 2,000 × 2,000)."""
    if isinstance(sheet, str):
        if sheet not in names:
            choices = ", ".join(names)
            raise _ChildRefusal(f"This workbook has no sheet named \u201c{sheet}\u201d: choose one of {choices}.")
        return names.index(sheet), [], None
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise _ChildRefusal(
                f"This workbook has {plural(len(names), 'sheet')}, so there is no sheet number {sheet + 1}: choose another."
            )
        return sheet, [], None
    first_visible = None
    passed: list[tuple[str, str | None]] = []
    for i in range(len(names)):
        loaded = _whole_sheet(reader, i)
        if _visible(loaded):
            first_visible = i if first_visible is None else first_visible
            if loaded.height > 1:
                return i, passed, loaded
            passed.append((names[i], _first_filled(loaded.to_polars())))
    if first_visible is None:
        raise _ChildRefusal(f"This workbook has no visible sheet: {_AGAIN_EXPORT}.")
    return first_visible, passed, None


def _first_filled(cells: pl.DataFrame) -> str | None:
    """The first cell of a sheet's first row that holds something, as text; None for an empty sheet."""
    if cells.height == 0:
        return None
    return next((str(c).strip() for c in cells.row(0) if c is not None and str(c).strip()), None)
