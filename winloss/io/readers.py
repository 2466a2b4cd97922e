"""Read a CRM export (CSV in any common encoding and delimiter, or an Excel workbook) into text columns."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from winloss.io.workbooks import DEFAULT_BUDGET, Budget, WorkbookRefused, sheet_cells, visible_sheet_names

DELIMITERS = (",", ";", "\t", "|")
NULL_TOKENS = ("", "-", "\u2014")  # blank, hyphen and em dash all mean "no value" in exports
WHITESPACE = " \t\r\n\x0b\x0c\u00a0"  # stripped around every value; no-break space comes from Excel
SAMPLE_BYTES = 64 * 1024
MAX_SAMPLE_BYTES = 16 << 20  # the sample grows to hold a dozen whole lines, up to this size
LINE = "__line"
RAGGED_SCHEMA = pl.Schema({LINE: pl.Int64, "raw": pl.String, "message": pl.String})

_AGAIN = "export the opportunities report again and upload the CSV or XLSX file"
_UPLOAD_EXPORT = "upload the .csv or .xlsx file exported from your CRM"

# Magic numbers of files people upload by mistake, with the name a user would recognise.
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"{\\rtf", "RTF document"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx

# Trailing lines of Salesforce (and similar) report exports that are not data, judged by their first cell.
_TOTAL_FOOTER = re.compile(r"^(grand\s+totals?\b.*|totals?(\s*\(.*\))?:?)$", re.IGNORECASE)
_NOTE_FOOTER = re.compile(
    r"^(confidential information|do not distribute|copyright\b|\(c\)|\u00a9|all rights reserved"
    r"|(generated|exported|printed)\s+(by|on|at)\b|filtered by\b|report (generated|run)\b)"
    r"|salesforce\.com",
    re.IGNORECASE,
)
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x0b\x0c]")
_LOOKS_LIKE_VALUE = re.compile(r"^[-+(]?[$\u20ac\u00a3]?\s*[\d.,/: -]+%?\)?$")
_BARE_CR = re.compile(rb"\r[^\n]")  # a carriage return that does not end a line
_EXCEL_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")

# A long quoted note must not stop the exact reader (the csv module's default limit is 128 KiB).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


class FileRejected(Exception):
    """A whole file cannot be read; str(exc) is one sentence telling the user what to do."""


@dataclass(frozen=True)
class RawTable:
    """A file's rows as text, with where each row came from and the rows that could not be split."""

    frame: pl.DataFrame  # "__line" (Int64), then one String column per header, in file order
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252", "iso-8859-1" or "xlsx" (or another codec name)
    delimiter: str | None  # ",", ";", "\t", "|", or None for xlsx
    ragged: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RAGGED_SCHEMA))
    footer_lines: int = 0  # non-blank footer lines stripped from the end
    notes: tuple[str, ...] = ()  # sentences about how the file was read (e.g. lines in another encoding)

    @property
    def columns(self) -> list[str]:
        """The header names, without "__line"."""
        return [c for c in self.frame.columns if c != LINE]


def read_table(
    data: bytes, filename: str, sheet: str | int | None = None, budget: Budget = DEFAULT_BUDGET
) -> RawTable:
    """The file's table; raises FileRejected (and nothing else) when the whole file cannot be read.

    A workbook is read in a child process within `budget` (memory, time, cells, unpacked size;
    see winloss.io.workbooks), so no workbook can take the caller down.
    """
    try:
        if _is_excel(data, filename):
            return _excel_table(data, sheet, budget)
        return _csv_table(data)
    except FileRejected:
        raise
    except Exception as exc:  # a traceback never reaches a user: one sentence does
        raise FileRejected(f"This file could not be read as a CSV or Excel export: {_AGAIN}.") from exc


def workbook_sheets(data: bytes, filename: str, budget: Budget = DEFAULT_BUDGET) -> list[str]:
    """The names of a workbook's visible sheets, in order; empty for a CSV or a file that cannot be read."""
    try:
        if not _is_excel(data, filename):
            return []
        return visible_sheet_names(data, budget)
    except Exception:  # read_table says what is wrong with the file; a sheet list has nothing to add
        return []


# ---------------------------------------------------------------------------------------------
# What kind of file is it?


def _is_excel(data: bytes, filename: str) -> bool:
    """True for an Excel workbook; raises FileRejected for empty, binary and archive files."""
    if not _NOT_BLANK.search(data):  # a search stops at the first character; strip() would copy
        if not data:
            raise FileRejected(f"This file is empty: {_AGAIN}.")
        raise FileRejected(f"This file holds only blank space: {_AGAIN}.")
    if data.startswith(_ZIP):
        return _zip_is_workbook(data)
    if data.startswith(_OLE):
        return True  # calamine reads legacy .xls; anything else it refuses is explained there
    for magic, kind in _MAGIC:
        if kind and data.startswith(magic):
            raise FileRejected(
                f"This looks like a binary file ({kind}), not a CSV or Excel export: {_UPLOAD_EXPORT}."
            )
    if filename.lower().endswith((".xlsx", ".xlsm", ".xlsb", ".xls")) and not _looks_like_text(data[:SAMPLE_BYTES]):
        raise FileRejected(f"This file is named like an Excel workbook but is not one: {_UPLOAD_EXPORT}.")
    return False


def _zip_is_workbook(data: bytes) -> bool:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise FileRejected(f"This file is a damaged ZIP or Excel file: {_AGAIN}.") from None
    if {"xl/workbook.xml", "xl/workbook.bin"} & names:
        return True
    if "word/document.xml" in names:
        kind = "a Word document"
    elif any(n.startswith("ppt/") for n in names):
        kind = "a PowerPoint file"
    elif "content.xml" in names:
        kind = "an OpenDocument file (save it as .xlsx or .csv first)"
    else:
        kind = "a ZIP archive (unzip it first)"
    raise FileRejected(f"This is {kind}, not a CSV or Excel export: {_UPLOAD_EXPORT}.")


def _looks_like_text(sample: bytes) -> bool:
    """False when the sample has NUL bytes (outside UTF-16) or many control characters."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _bomless_utf16(sample):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in (*range(1, 9), *range(14, 28)))  # not tab, newlines, ESC..
    return controls <= len(sample) // 100


def _bomless_utf16(sample: bytes) -> str | None:
    """The UTF-16 byte order of text without a BOM, judged by where the NUL bytes fall."""
    half = len(sample) // 2
    if half < 2:
        return None
    if sample[1::2].count(0) > 0.6 * half and sample[0::2].count(0) < 0.1 * half:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.6 * half and sample[1::2].count(0) < 0.1 * half:
        return "utf-16-be"
    return None


# ---------------------------------------------------------------------------------------------
# CSV


class _NotUtf8(Exception):
    """Raised when text guessed to be UTF-8 from its start turns out not to be."""


@dataclass(frozen=True)
class _Layout:
    """Where the header is and how fields are split, judged from the start of the file."""

    delimiter: str
    names: list[str]
    header_line: int  # 1-based physical line the header starts on
    header_end: int  # physical lines up to and including the header


def _csv_table(data: bytes) -> RawTable:
    text, encoding = _utf8(data)
    try:
        table = _csv_from_utf8(text, encoding)
    except _NotUtf8:
        text, encoding = _transcoded_legacy(data)
        table = _csv_from_utf8(text, encoding)
    if encoding.startswith(_MIXED):
        lines = _legacy_lines(data.removeprefix(codecs.BOM_UTF8))
        shown = ", ".join(str(n) for n in lines[:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
        legacy = encoding.removeprefix(_MIXED)
        note = (
            f"This file mixes two encodings: line{'s' if len(lines) > 1 else ''} {shown} "
            f"{'are' if len(lines) > 1 else 'is'} in {legacy}, the rest in UTF-8; each line was read in its own "
            "encoding, so check the names on those lines."
        )
        return dataclasses.replace(table, encoding=f"utf-8+{legacy}", notes=(*table.notes, note))
    return table


def _utf8(data: bytes) -> tuple[bytes, str]:
    """The text as UTF-8 bytes and the encoding it came in (UTF-8 is only checked at its start here)."""
    if data.startswith(codecs.BOM_UTF8):
        return data, "utf-8-sig"  # the BOM sits on the header line, which we parse ourselves
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").encode("utf-8"), "utf-16"
    sample = data[:SAMPLE_BYTES]
    byte_order = _bomless_utf16(sample)
    if byte_order:
        return data.decode(byte_order).encode("utf-8"), "utf-16"
    if not _looks_like_text(sample):
        raise FileRejected(f"This looks like a binary file, not a CSV or Excel export: {_UPLOAD_EXPORT}.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(data) <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        return _transcoded_legacy(data)
    return data, "utf-8"  # the rest is checked by the parser, which raises _NotUtf8


_MIXED = "mixed:"
# A character written in UTF-8: a lead byte and its continuation bytes. Text in an 8-bit code page
# almost never has these pairs (it would read as mojibake such as "Ã«" in its own code page).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _transcoded_legacy(data: bytes) -> tuple[bytes, str]:
    data = data.removeprefix(codecs.BOM_UTF8)  # a UTF-8 BOM on text that is not UTF-8 after all
    encoding = _legacy_encoding(data[: 4 * SAMPLE_BYTES])
    if _UTF8_SEQUENCE.search(data):  # some lines are UTF-8, others not: decode each line on its own
        return _decoded_by_line(data, encoding), _MIXED + encoding
    try:
        return data.decode(encoding).encode("utf-8"), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("iso-8859-1").encode("utf-8"), "iso-8859-1"  # every byte is a character here


def _decoded_line(line: bytes, encoding: str) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return line.decode(encoding)
        except UnicodeDecodeError:
            return line.decode("iso-8859-1")  # every byte is a character here


def _decoded_by_line(data: bytes, encoding: str) -> bytes:
    """UTF-8 text of a file whose lines are each UTF-8 or `encoding` (an export edited in two tools)."""
    return "\n".join(_decoded_line(line, encoding) for line in data.split(b"\n")).encode("utf-8")


def _legacy_lines(data: bytes) -> list[int]:
    """The 1-based numbers of the lines that are not UTF-8."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


# charset-normalizer often names a wrong Latin code page for short Western text; we only trust it for
# scripts where cp1252 would certainly be wrong.
_TRUSTED_GUESSES = {
    "cp1251": "cp1251", "koi8_r": "koi8-r", "cp1253": "cp1253", "iso8859_7": "iso-8859-7",
    "cp1255": "cp1255", "cp1256": "cp1256", "shift_jis": "shift_jis", "cp932": "cp932",
    "euc_jp": "euc-jp", "gb2312": "gb2312", "gb18030": "gb18030", "big5": "big5",
    "euc_kr": "euc-kr", "cp949": "cp949",
}  # fmt: skip


def _legacy_encoding(sample: bytes) -> str:
    """The 8-bit encoding of text that is not UTF-8: Windows-1252 unless its bytes say otherwise."""
    import charset_normalizer  # imported here: only legacy files pay for it

    best = charset_normalizer.from_bytes(sample).best()
    if best is not None and best.encoding in _TRUSTED_GUESSES:
        return _TRUSTED_GUESSES[best.encoding]
    # Bytes 0x80-0x9F are printable only in cp1252 (curly quotes, euro...); without them the file
    # is plain ISO-8859-1, as Salesforce writes it.
    return "cp1252" if re.search(rb"[\x80-\x9f]", sample) else "iso-8859-1"


def _csv_from_utf8(text: bytes, encoding: str) -> RawTable:
    if b"\n" not in text[:SAMPLE_BYTES] and b"\r" in text[:SAMPLE_BYTES]:
        text = text.replace(b"\r", b"\n")  # classic Mac line endings
    sample, _ = _sample_text(text, len(text))
    if not sample.strip(WHITESPACE):
        raise FileRejected(f"This file holds only blank space: {_AGAIN}.")
    _reject_markup(sample)
    body_end, footer_lines = _footer_start(text)
    sample, complete = _sample_text(text, body_end)
    if not sample.strip(WHITESPACE):
        raise FileRejected(f"This file holds only report footer lines, no table: {_AGAIN}.")
    layout = _layout(sample, complete)
    frame, ragged = _fast_rows(text, body_end, layout)
    if frame is None:
        frame, ragged = _exact_rows(text[:body_end], layout)
    if frame.height + ragged.height == 0:
        raise FileRejected(
            "This file has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
    return RawTable(frame, encoding, layout.delimiter, ragged, footer_lines)


def _sample_text(text: bytes, end: int) -> tuple[str, bool]:
    """Up to SAMPLE_BYTES of text[:end], cut after the last whole line, and whether that is all of it."""
    complete = end <= SAMPLE_BYTES
    if complete:
        chunk = text[:end]
    else:
        # Whole lines up to SAMPLE_BYTES, but never fewer than a few lines: a header of 10,000
        # columns is longer than the sample, and a cut header would make every row ragged.
        cut = max(text.rfind(b"\n", 0, SAMPLE_BYTES) + 1, _offset_after_lines(text, 12, min(end, MAX_SAMPLE_BYTES)))
        complete = cut >= end
        chunk = text[: min(cut, end)]
    try:
        sample = codecs.getincrementaldecoder("utf-8")().decode(chunk, final=complete)
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    return sample.removeprefix("\ufeff"), complete


def _reject_markup(sample: str) -> None:
    start = sample.lstrip(WHITESPACE)[:200].lower()
    if start.startswith("<") and ("<html" in start or "<!doctype html" in start or "<table" in start):
        raise FileRejected(
            "This file is a web page (HTML), which some CRMs save under an Excel name, not a real "
            f"spreadsheet: {_UPLOAD_EXPORT}."
        )
    if start.startswith("<?xml") or start.startswith("<"):
        raise FileRejected(f"This is an XML file, not a CSV or Excel export: {_UPLOAD_EXPORT}.")
    if start.startswith(("{", "[{")):
        raise FileRejected(f"This is a JSON file, not a CSV or Excel export: {_UPLOAD_EXPORT}.")


def _records(
    text: str, delimiter: str, limit: int | None = None, width: int | None = None
) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """(first line, last line, fields, problem) for each CSV record, lines counted from 1 the way a spreadsheet does.

    A line the csv module cannot split (a bare carriage return in a value without quotes) comes
    as (line, line, None, why). With the header's `width`, a quote that opens on one line and
    swallows the lines after it, though those lines are whole rows of their own, is a stray
    quote: its line comes as (line, line, None, why) and reading starts again on the next line.
    """
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    count, start = 0, 0
    while start < len(lines):
        reader = csv.reader(_lines_from(lines, start), delimiter=delimiter, strict=False)
        end = start
        restart = None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                bad = start + reader.line_num  # 1-based: the line the reader was on
                yield bad, bad, None, (
                    f"Line {bad} has a line break (a carriage return) inside a value that is not in quotes."
                )
                restart = bad
                break
            if limit is not None and count >= limit:
                return
            count += 1
            first, end = end + 1, start + reader.line_num
            if width is not None and end > first and len(row) != width and _swallows_rows(lines, first, end, delimiter, width):
                yield first, first, None, (
                    f'Line {first} opens a quote (") that is not closed on that line; the lines after it were read '
                    "as rows of their own."
                )
                restart = first
                break
            yield first, end, row, None
        if restart is None:
            return
        start = restart


def _lines_from(lines: list[str], start: int) -> Iterator[str]:
    """Physical lines from index `start`, each keeping the "\n" the split removed (as the Polars reader sees them)."""
    last = len(lines) - 1
    for i in range(start, len(lines)):
        yield lines[i] + "\n" if i < last else lines[i]


def _swallows_rows(lines: list[str], first: int, last: int, delimiter: str, width: int) -> bool:
    """True when the first non-blank line after line `first` (1-based) is, on its own, a whole row of `width` fields."""
    for line in lines[first : min(last, first + 5)]:
        if not line.strip(WHITESPACE):
            continue
        try:
            fields = next(csv.reader([line], delimiter=delimiter, strict=False), [])
        except csv.Error:
            return False
        return len(fields) == width and '"' not in line
    return False


def _is_blank(fields: list[str]) -> bool:
    """True for a record with no value in any field (quotes alone are no value)."""
    return not any(f.strip(WHITESPACE + '"') for f in fields)


def _layout(sample: str, complete: bool) -> _Layout:
    """The delimiter that splits the header into most columns that the rows agree with, and the header line."""
    candidates = []
    for delimiter in DELIMITERS:
        rows = [r[:3] for r in _records(sample, delimiter, limit=200) if r[2] is not None and not _is_blank(r[2])]
        if not complete and len(rows) > 1:
            rows.pop()  # the sample may end inside a record
        if not rows:
            continue
        counts = [len(fields) for _, _, fields in rows]
        usual = max(Counter(counts).most_common(), key=lambda item: (item[1], item[0]))[0]
        # A title or "report generated" line above the header has far fewer fields than the table.
        header = next((i for i, c in enumerate(counts[:10]) if c == usual or c > max(1, usual // 2)), 0)
        width = counts[header]
        agreeing = sum(c == width for c in counts[header + 1 :]) / max(1, len(counts) - header - 1)
        # Many columns beat one; then agreement (past 90% every candidate is as good); then width.
        candidates.append((width > 1, min(agreeing, 0.9), width, delimiter, rows[header], counts[header + 1 :]))
    if not candidates:
        raise FileRejected(f"This file holds only blank space: {_AGAIN}.")
    *_, delimiter, (start, end, fields), below = max(candidates, key=lambda c: c[:3])
    if not any(c[0] for c in candidates):
        delimiter = ","  # one column: the delimiter never matters
    # A delimiter after the header's last name only (the data rows have one field fewer) is not a column.
    if len(fields) > 1 and not fields[-1].strip(WHITESPACE + '"') and below:
        if sum(c == len(fields) - 1 for c in below) > len(below) / 2:
            fields = fields[:-1]
    return _Layout(delimiter, _header_names(fields), start, end)


def _header_names(fields: list[str]) -> list[str]:
    """Header cells stripped of space and quotes; blanks named "Column N"; repeats numbered "Name (2)"."""
    cleaned = [f.strip(WHITESPACE + "\ufeff").strip('"').strip(WHITESPACE) for f in fields]
    if not any(cleaned):
        raise FileRejected(
            "This file has no header row: the first row must hold the column names (such as "
            "Opportunity ID, Stage and Amount); export the report again with its headers."
        )
    if len(cleaned) > 1 and all(_LOOKS_LIKE_VALUE.match(c) for c in cleaned if c):
        raise FileRejected(
            "The first row of this file holds values, not column names: export the report again "
            "with its header row."
        )
    names: list[str] = []
    taken = {LINE}
    for position, name in enumerate(cleaned, start=1):
        base = name or f"Column {position}"
        unique, n = base, 1
        while unique in taken:
            n += 1
            unique = f"{base} ({n})"
        taken.add(unique)
        names.append(unique)
    return names


def _footer_start(text: bytes) -> tuple[int, int]:
    """Byte offset where trailing blank and footer lines begin, and how many non-blank ones there are."""
    tail = max(0, len(text) - SAMPLE_BYTES)
    if tail:
        tail = text.find(b"\n", tail) + 1 or len(text)  # start on a whole line
    starts = [tail]
    while (found := text.find(b"\n", starts[-1])) >= 0:
        starts.append(found + 1)
    end, footers = len(text), 0
    for start in reversed(starts):
        line = text[start:end].decode("utf-8", "replace")
        if line.count('"') % 2:
            break  # part of a quoted field that spans lines
        if not _is_blank_line(line):
            if not _is_footer(_first_cell(line)):
                break
            footers += 1
        end = start
    return end, footers


def _is_blank_line(line: str) -> bool:
    """True when some delimiter splits the line into fields that are all empty."""
    if not line.strip(WHITESPACE):
        return True
    try:
        return any(_is_blank(next(csv.reader([line], delimiter=d), [])) for d in DELIMITERS)
    except csv.Error:  # a bare carriage return: a line with a value, not a blank one
        return False


def _first_cell(line: str) -> str:
    """The first field of a line, whatever the delimiter; enough to recognise a footer."""
    line = line.strip(WHITESPACE)
    if line.startswith('"'):
        close = line.find('"', 1)
        return line[1 : close if close > 0 else None].strip(WHITESPACE)
    return re.split(r"[,;\t|]", line, maxsplit=1)[0].strip(WHITESPACE)


def _is_footer(cell: str) -> bool:
    return bool(_TOTAL_FOOTER.match(cell) or _NOTE_FOOTER.search(cell))


def _offset_after_lines(text: bytes, lines: int, end: int | None = None) -> int:
    """Byte offset just after the first `lines` physical lines (at most `end`)."""
    offset, end = 0, len(text) if end is None else end
    for _ in range(lines):
        found = text.find(b"\n", offset, end)
        if found < 0:
            return end
        offset = found + 1
    return offset


def _byte_count(data: bytes, byte: str, end: int | None = None) -> int:
    """How often one ASCII byte occurs in data[:end]; numpy in cache-sized chunks, without copying."""
    arr = np.frombuffer(data, dtype=np.uint8, count=len(data) if end is None else end)
    value, step = ord(byte), 1 << 22
    return sum(int(np.count_nonzero(arr[i : i + step] == value)) for i in range(0, arr.size, step))


def _fast_rows(
    text: bytes, body_end: int, layout: _Layout, line_offset: int = 0
) -> tuple[pl.DataFrame | None, pl.DataFrame]:
    """Rows read by the Polars CSV reader, or (None, _) when only the exact reader can number them.

    Polars gives one row per physical line (blank lines included) unless a quoted field holds a
    newline, so a row's line is its index plus the header's last line. The whole text is parsed,
    footer included, and the footer's rows are sliced off: cheaper than copying the bytes before it.
    `line_offset` is added to every line number (a batch of lines taken from further down the file).
    """
    quoted = b'"' in text
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Polars leaves a core partly idle while it parses: scan the bytes meanwhile.
        scanning = pool.submit(_byte_facts, text, quoted)
        raw, too_long = _polars_rows(text, layout, quoted)
        facts = scanning.result()
    if raw is None or facts.bare_cr:  # Polars would keep a bare CR inside a value; the exact reader names its line
        return None, _no_ragged()
    if quoted and facts.newlines - layout.header_end + (not text.endswith(b"\n")) != raw.height:
        return None, _no_ragged()  # a quoted field spans lines
    body_rows = raw.height - text.count(b"\n", body_end) - (body_end < len(text) and not text.endswith(b"\n"))
    if body_rows < 0:
        return None, _no_ragged()
    raw = raw.head(body_rows)
    first = layout.header_end + 1 + line_offset
    lines = pl.int_range(first, first + raw.height, dtype=pl.Int64, eager=True).alias(LINE)
    # A short row is padded with nulls, so it always leaves the last column empty.
    maybe_short = raw.get_column(layout.names[-1]).null_count() > 0
    suspect = too_long or (maybe_short and not _counts_agree(text, body_end, raw, layout, quoted))
    frame = _normalised(raw, facts, layout.delimiter, quoted).insert_column(0, lines)
    ragged = _no_ragged()
    if suspect:
        split = _ragged_mask(text, layout, quoted, raw)
        if split is None:
            return None, _no_ragged()
        mask, fields, line_text = split
        ragged = _ragged_frame(
            pl.DataFrame([lines, line_text.alias("raw"), fields.alias("fields")]).filter(mask), len(layout.names)
        )
        frame = frame.filter(~mask)
    blank = frame.select(pl.all_horizontal(pl.exclude(LINE).is_null())).to_series()
    return (frame.filter(~blank) if blank.any() else frame), ragged


def _polars_rows(text: bytes, layout: _Layout, quoted: bool) -> tuple[pl.DataFrame | None, bool]:
    """The rows after the header as Polars reads them, and whether some had more fields than the header."""
    options: dict = dict(
        has_header=True, skip_lines=layout.header_line - 1, new_columns=layout.names,
        separator=layout.delimiter, quote_char='"' if quoted else None, infer_schema=False,
    )  # fmt: skip
    try:
        raw, too_long = pl.read_csv(text, **options), False
    except pl.exceptions.ComputeError as exc:
        message = str(exc).lower()
        if "utf-8" in message or "utf8" in message:
            raise _NotUtf8 from exc
        if "more fields" not in message:
            return None, False
        raw, too_long = pl.read_csv(text, truncate_ragged_lines=True, **options), True
    except pl.exceptions.PolarsError:
        return None, False
    if raw.columns != layout.names:
        return None, False  # Polars split the header differently from the csv module
    return raw, too_long


@dataclass(frozen=True)
class _ByteFacts:
    """What the line check and the value checks need to know about the bytes."""

    newlines: int  # counted only when the text has quotes (else 0): only then can a record span lines
    ascii: bool
    tab: bool
    nbsp: bool  # byte A0 present: U+00A0 is C2 A0 in UTF-8
    em_dash: bool  # byte 94 present: U+2014 is E2 80 94
    bare_cr: bool  # a carriage return not followed by a line feed


def _byte_facts(text: bytes, quoted: bool) -> _ByteFacts:
    ascii_only = text.isascii()
    return _ByteFacts(
        newlines=_byte_count(text, "\n") if quoted else 0,
        ascii=ascii_only,
        tab=b"\t" in text,
        nbsp=not ascii_only and b"\xa0" in text,
        em_dash=not ascii_only and b"\x94" in text,
        bare_cr=b"\r" in text and _BARE_CR.search(text) is not None,
    )


def _no_ragged() -> pl.DataFrame:
    return pl.DataFrame(schema=RAGGED_SCHEMA)


def _counts_agree(text: bytes, body_end: int, raw: pl.DataFrame, layout: _Layout, quoted: bool) -> bool:
    """True when no row is short: the delimiters outside quotes add up to full rows.

    Polars pads a short row with nulls, so it cannot be told from a row with empty last fields;
    the delimiter count can. Rows with more fields were refused already, so equality is exact.
    Blank lines carry fewer delimiters, so any of them sends the file to the line-by-line check.
    """
    if raw.select(pl.all_horizontal(pl.all().is_null()).any()).item():
        return False
    delimiter = layout.delimiter
    header = text[: _offset_after_lines(text, layout.header_end)]
    outside = _byte_count(text, delimiter, body_end) - header.count(delimiter.encode())
    if quoted:
        inside = raw.select(pl.sum_horizontal(pl.all().str.count_matches(delimiter, literal=True).sum())).item()
        outside -= inside or 0
    return outside == (len(layout.names) - 1) * raw.height


def _ragged_mask(
    text: bytes, layout: _Layout, quoted: bool, raw: pl.DataFrame
) -> tuple[pl.Series, pl.Series, pl.Series] | None:
    """(rows with the wrong field count, field counts, line text) for the lines that gave `raw`'s rows."""
    spare = next((bytes([b]) for b in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02) if bytes([b]) not in text), None)
    if spare is None:
        return None
    lines = pl.read_csv(
        text, has_header=False, skip_lines=layout.header_end, separator=spare.decode(), quote_char=None,
        schema={"raw": pl.String}, empty_string_is_null=False, truncate_ragged_lines=True, n_rows=raw.height,
    ).get_column("raw")  # fmt: skip
    if lines.len() != raw.height:
        return None
    unquoted = lines.str.replace_all(r'"[^"]*"', "") if quoted else lines
    fields = unquoted.str.count_matches(layout.delimiter, literal=True) + 1
    # A short row is parsed whole (then padded), so its fields say whether it is blank; a long
    # row was cut, so its text is looked at instead.
    empty = pl.all_horizontal([pl.nth(i).fill_null("").str.strip_chars(WHITESPACE) == "" for i in range(raw.width)])
    parsed_blank = raw.select(empty).to_series()
    # Mark each quoted stretch with distinct open/close bytes, so a value made of delimiters still counts.
    marked = lines.str.replace_all(r'"([^"]*)"', "\x01${1}\x02")
    quoted_value = marked.str.contains(r"\x01[^\x02]*[^\x02\s][^\x02]*\x02")
    bare_value = marked.str.replace_all(r"\x01[^\x02]*\x02", "").str.strip_chars(WHITESPACE + layout.delimiter) != ""
    text_blank = ~(quoted_value | bare_value)
    width = len(layout.names)
    blank = ((fields < width) & parsed_blank) | ((fields > width) & text_blank)
    # One delimiter after a row's last value (an empty last field) is not an extra column.
    trailing = (fields == width + 1) & lines.str.strip_chars_end("\r").str.ends_with(layout.delimiter)
    return (fields != width) & ~blank & ~trailing, fields, lines.str.strip_chars_end("\r")


def _ragged_frame(rows: pl.DataFrame, width: int) -> pl.DataFrame:
    return rows.select(
        pl.col(LINE),
        pl.col("raw"),
        pl.format("Line {} has {} fields but the header has {}.", LINE, "fields", pl.lit(width)).alias("message"),
    )


def _normalised(raw: pl.DataFrame, facts: _ByteFacts, delimiter: str, quoted: bool) -> pl.DataFrame:
    """Values stripped, with blanks and dashes made null, touching only the columns that need it.

    Stripping every column costs as much as parsing, so cheap per-column checks pick the columns:
    `value <= "-"` holds for "", "-" and anything starting with whitespace (they sort first).
    Byte scans skip the checks for characters the file does not contain.
    """
    trailing = [" "] + (["\t"] if facts.tab and (delimiter != "\t" or quoted) else [])
    nbsp, em_dash = facts.nbsp, facts.em_dash

    def low(column: pl.Expr) -> pl.Expr:
        return ((column <= "-") | (column == "\u2014")) if em_dash else (column <= "-")

    def edge(column: pl.Expr) -> pl.Expr:
        ends = [column.str.ends_with(c) for c in trailing + (["\u00a0"] if nbsp else [])]
        return pl.any_horizontal(ends + ([column.str.starts_with("\u00a0")] if nbsp else []))

    # Columns are picked by position: a header such as "*" or "^a$" would be a pattern to pl.col.
    columns = range(raw.width)
    row = raw.select([low(pl.nth(i)).any().alias(f"low{i}") for i in columns]
                     + [edge(pl.nth(i)).any().alias(f"edge{i}") for i in columns]).row(0)  # fmt: skip
    lows = [i for i in columns if row[i]]
    strip = {i for i in columns if row[raw.width + i]}
    # Of the columns with low values, only those with leading whitespace or an apostrophe need stripping
    # ("'" sorts below "-", so a spreadsheet's text guard '00042 is always a low value).
    if lows:
        leading = raw.select(
            [((pl.nth(i) < "!") & (pl.nth(i) != "")).any().alias(f"s{i}") for i in lows]
            + [pl.nth(i).str.starts_with("'").any().alias(f"a{i}") for i in lows]
        ).row(0)
        strip |= {i for i, flag in zip(lows, leading, strict=False) if flag}
        strip |= {i for i, flag in zip(lows, leading[len(lows) :], strict=False) if flag}
    names = raw.columns
    cleaned = [_clean(i, names[i]) for i in sorted(strip)]
    return raw.with_columns(cleaned + [_nulled(i, names[i]) for i in lows if i not in strip])


def _clean(index: int, name: str) -> pl.Expr:
    """Column `index` stripped of surrounding whitespace and of a leading apostrophe, with blanks and dashes made null.

    A spreadsheet shows '00042 as 00042: the apostrophe only told it to keep the value as text
    (and the quarantine report adds one to neutralise formulas), so it is not part of the value.
    """
    stripped = pl.nth(index).str.strip_chars(WHITESPACE)
    return _nulled(index, name, pl.when(stripped.str.starts_with("'")).then(stripped.str.slice(1)).otherwise(stripped))


def _nulled(index: int, name: str, value: pl.Expr | None = None) -> pl.Expr:
    """Column `index` (or `value` made from it) with blanks and dashes made null, named `name`."""
    value = pl.nth(index) if value is None else value
    return pl.when(value.is_in(NULL_TOKENS)).then(None).otherwise(value).alias(name)


def _exact_rows(body: bytes, layout: _Layout, line_offset: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows read with Python's csv module: slower, but exact about lines and field counts.

    `line_offset` is added to every line number, as in `_fast_rows`.
    """
    start = _offset_after_lines(body, layout.header_end)
    try:
        text = body[start:].decode("utf-8")
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    width, offset = len(layout.names), layout.header_end + line_offset
    source = text.split("\n")
    good: list[list[str]] = []
    good_lines: list[int] = []
    bad: list[tuple[int, str, str]] = []  # (line, the line(s) as they came, why)
    for first, last, fields, problem in _records(text, layout.delimiter, width=width):
        raw_text = "\n".join(source[first - 1 : last]).rstrip("\r")
        if fields is None:
            bad.append((first + offset, raw_text, _renumbered(problem or "", offset)))
        elif _is_blank(fields):
            continue
        elif len(fields) == width or (len(fields) == width + 1 and raw_text.endswith(layout.delimiter)):
            good.append(fields[:width])  # one delimiter after the last value is not an extra column
            good_lines.append(first + offset)
        else:
            bad.append((first + offset, raw_text, f"Line {first + offset} has {len(fields)} fields but the header has {width}."))
    columns = {name: list(values) for name, values in zip(layout.names, zip(*good, strict=False), strict=False)} if good else {}
    schema = {name: pl.String for name in layout.names}
    raw = pl.DataFrame({name: columns.get(name, []) for name in layout.names}, schema=schema)
    frame = raw.with_columns([_clean(i, n) for i, n in enumerate(layout.names)])
    frame = frame.insert_column(0, pl.Series(LINE, good_lines, pl.Int64))
    frame = frame.filter(~pl.all_horizontal(pl.exclude(LINE).is_null()))
    return frame, pl.DataFrame(bad, schema=RAGGED_SCHEMA, orient="row")


def _renumbered(problem: str, offset: int) -> str:
    """A problem sentence from _records ("Line 3 ...", counted after the header) with the file's line number."""
    return re.sub(r"\bLine (\d+)", lambda m: f"Line {int(m.group(1)) + offset}", problem, count=1)


# ---------------------------------------------------------------------------------------------
# CSV in batches: a file of any size read in bounded memory


BATCH_ROWS = 200_000  # rows per batch: about 50 MB of a typical export's text
_MAX_PENDING_BYTES = 256 << 20  # a quote left open this long is a stray one: cut at a line end anyway


@dataclass(frozen=True)
class CsvBatch:
    """Some consecutive records of a CSV file, read as `read_table` reads the whole file."""

    frame: pl.DataFrame  # as RawTable.frame: "__line" (the file's own line numbers), then the text columns
    ragged: pl.DataFrame  # RAGGED_SCHEMA
    bytes_done: int  # how far into the file this batch ends


class BatchesUnavailable(Exception):
    """This file must be read whole (not UTF-8 CSV, or a layout only the whole-file reader handles)."""


class CsvBatches:
    """A UTF-8 CSV file's layout, judged from its start and end, and its records in batches.

    Opening reads the first MAX_SAMPLE_BYTES and the last 2 x SAMPLE_BYTES only; iterating
    reads the file once, `batch_rows` records at a time, each batch cut after a line end outside
    quotes. What is decided for the whole file (encoding, delimiter, header, footer lines) is
    decided exactly as `read_table` decides it, and each batch's rows, blanks and ragged rows are
    the ones `read_table` finds, numbered by the file's own lines.
    Raises BatchesUnavailable (read the file whole instead) for workbooks, binary or non-UTF-8
    text, UTF-16 and classic Mac line ends.
    """

    def __init__(self, path: str | Path, batch_rows: int = BATCH_ROWS):
        self.path = Path(path)
        self.batch_rows = max(1, batch_rows)
        self.size = self.path.stat().st_size
        with self.path.open("rb") as f:
            head = f.read(MAX_SAMPLE_BYTES)
            tail_start = max(0, self.size - 2 * SAMPLE_BYTES)
            f.seek(tail_start)
            tail = f.read()
        if self.size == 0 or _excel_like(head, self.path.name) or not _NOT_BLANK.search(head):
            raise BatchesUnavailable
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _bomless_utf16(head[:SAMPLE_BYTES]):
            raise BatchesUnavailable
        if not _looks_like_text(head[:SAMPLE_BYTES]):
            raise BatchesUnavailable
        if b"\n" not in head[:SAMPLE_BYTES] and b"\r" in head[:SAMPLE_BYTES]:
            raise BatchesUnavailable  # classic Mac line ends: the whole-file reader rewrites them
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head[:SAMPLE_BYTES], final=self.size <= SAMPLE_BYTES)
            sample, _ = _sample_text(head, self.size)
            if not sample.strip(WHITESPACE):
                raise BatchesUnavailable
            _reject_markup(sample)
            # _footer_start looks at the last SAMPLE_BYTES only: the tail holds them, from a whole line.
            tail_end, self.footer_lines = _footer_start(tail)
            self.body_end = tail_start + tail_end
            sample, complete = _sample_text(head, self.body_end)
            if not sample.strip(WHITESPACE):
                raise BatchesUnavailable
            self.layout = _layout(sample, complete)
        except (UnicodeDecodeError, _NotUtf8, FileRejected):
            raise BatchesUnavailable from None  # the whole-file reader transcodes, or says what is wrong
        self.encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        self.delimiter = self.layout.delimiter
        self.columns = list(self.layout.names)
        self._prefix = head[: _offset_after_lines(head, self.layout.header_end)]
        self._sample_body = head[len(self._prefix) : len(self._prefix) + SAMPLE_BYTES]

    def __iter__(self) -> Iterator[CsvBatch]:
        """The batches in file order; raises BatchesUnavailable when a batch turns out not to be UTF-8."""
        lines_before = self.layout.header_end  # physical lines before the batch's first byte
        for chunk, done in self._chunks():
            text = self._prefix + chunk
            offset = lines_before - self.layout.header_end
            try:
                frame, ragged = _fast_rows(text, len(text), self.layout, offset)
                if frame is None:
                    frame, ragged = _exact_rows(text, self.layout, offset)
            except _NotUtf8:
                raise BatchesUnavailable from None
            lines_before += chunk.count(b"\n")
            yield CsvBatch(frame, ragged, done)

    def _chunks(self) -> Iterator[tuple[bytes, int]]:
        """(bytes of `batch_rows` records or fewer, offset reached), cut after a line end outside quotes."""
        position = len(self._prefix)
        lines = max(1, self._sample_body.count(b"\n"))
        # Read about one batch at a time: the sample's bytes per line times the batch's rows.
        step = max(1 << 16, min(_MAX_PENDING_BYTES // 2, int(self.batch_rows * len(self._sample_body) / lines * 1.1)))
        quoted = b'"' in self._prefix or b'"' in self._sample_body
        pending = b""
        with self.path.open("rb") as f:
            f.seek(position)
            while True:
                cut = _record_end(pending, self.batch_rows, quoted, step) if pending else None
                if cut is None and len(pending) > _MAX_PENDING_BYTES:  # a quote that never closes
                    cut = pending.rfind(b"\n") + 1 or None
                if cut is not None:
                    yield pending[:cut], position - (len(pending) - cut)
                    pending = pending[cut:]
                    continue
                room = self.body_end - position
                if room <= 0:
                    if pending:
                        yield pending, position
                    return
                more = f.read(min(step, room))
                if not more:  # the file shrank while being read
                    self.body_end = position
                    continue
                quoted = quoted or b'"' in more
                position += len(more)
                pending = pending + more if pending else more


def _record_end(data: bytes, records: int, quoted: bool, window: int) -> int | None:
    """The offset just after the `records`-th line end outside quotes, or None when `data` has fewer.

    A line end is outside quotes when the quotes before it are even (an escaped quote "" adds two).
    Line ends are found with numpy in the first `window` bytes (then all of `data`); quotes are
    counted by bytes.count, so a file without quoted line breaks costs one pass over each batch.
    """
    for end in (min(len(data), window), len(data)):
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8, count=end) == 10)
        if ends.size >= records:
            break
        if end == len(data):
            return None
    cut = int(ends[records - 1])
    if not quoted or data.count(b'"', 0, cut) % 2 == 0:
        return cut + 1
    # A quoted value holds line breaks: the record goes on to the next line end with even quotes before it.
    quotes = data.count(b'"', 0, cut)
    while True:
        following = data.find(b"\n", cut + 1)
        if following < 0:
            return None
        quotes += data.count(b'"', cut, following)
        cut = following
        if quotes % 2 == 0:
            return cut + 1


def _excel_like(head: bytes, filename: str) -> bool:
    """True for what read_table would send to the workbook reader or refuse as binary."""
    if head.startswith((*_ZIP, _OLE)) or any(head.startswith(magic) for magic, _ in _MAGIC):
        return True
    return filename.lower().endswith((".xlsx", ".xlsm", ".xlsb", ".xls"))


# ---------------------------------------------------------------------------------------------
# Excel


def _excel_table(data: bytes, sheet: str | int | None, budget: Budget) -> RawTable:
    try:
        read = sheet_cells(data, sheet, budget)
    except WorkbookRefused as exc:
        raise FileRejected(str(exc)) from None
    cells = _merges_filled_down(read.frame, read.merged)
    text = cells.select([_clean(i, c) for i, c in enumerate(cells.columns)]).with_columns(
        pl.all().str.replace(_EXCEL_MIDNIGHT.pattern, "$1")  # date cells come as "YYYY-MM-DD 00:00:00"
    )
    # Row i of the loaded sheet is spreadsheet row i + 1: fastexcel keeps leading empty rows.
    text = text.insert_column(0, pl.int_range(1, text.height + 1, dtype=pl.Int64, eager=True).alias(LINE))
    filled = text.select(pl.sum_horizontal(pl.exclude(LINE).is_not_null())).to_series()
    text, filled = text.filter(filled > 0), filled.filter(filled > 0)
    if text.height == 0:
        raise FileRejected(f"This workbook's sheet is empty: {_AGAIN}.")
    header = _excel_header_row(filled.head(30).to_list())
    header_cells, rows = text.row(header)[1:], text.slice(header + 1)
    # Columns with neither a header nor a value anywhere are layout, not data.
    kept = [
        (column, cell) for column, cell in zip(text.columns[1:], header_cells, strict=False)
        if cell is not None or rows.get_column(column).null_count() < rows.height
    ]  # fmt: skip
    names = _header_names([cell or "" for _, cell in kept])
    frame = rows.select(pl.col(LINE), *[pl.col(column).alias(name) for (column, _), name in zip(kept, names, strict=False)])
    frame, footers = _without_excel_footer(frame)
    if frame.height == 0:
        raise FileRejected(
            "This sheet has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
    return RawTable(frame, "xlsx", None, _no_ragged(), footers)


def _merges_filled_down(cells: pl.DataFrame, merged: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    """Cells with each vertically merged range's value in every row it spans, as a person sees it.

    Excel keeps a merged range's value in its top-left cell only; a rep or account merged over
    three deals belongs to all three. Horizontal merges (titles across columns) are left alone.
    """
    spans = [(r0, c0, r1) for r0, c0, r1, c1 in merged if r1 > r0 and c0 < cells.width and r0 < cells.height]
    if not spans:
        return cells
    merged_columns = {c for _, c, _ in spans}
    columns = {i: cells.get_column(cells.columns[i]).to_list() for i in sorted(merged_columns)}
    for r0, c0, r1 in spans:
        values = columns[c0]
        for row in range(r0 + 1, min(r1, len(values) - 1) + 1):
            if values[row] is None:
                values[row] = values[r0]
    return cells.with_columns(pl.Series(cells.columns[i], values, pl.String) for i, values in columns.items())


def _excel_header_row(filled: list[int]) -> int:
    """The header among the first rows: the first nearly as wide as the table, after any title rows."""
    widest = max(filled)
    return next((i for i, n in enumerate(filled[:10]) if n == widest or n > max(1, widest // 2)), 0)


def _without_excel_footer(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The frame without trailing report footer rows, and how many were dropped."""
    keep, footers = frame.height, 0
    while keep:
        cells = [c for c in frame.row(keep - 1)[1:] if c is not None]
        if cells and not _is_footer(cells[0]):
            break
        keep, footers = keep - 1, footers + 1
    return frame.head(keep), footers
