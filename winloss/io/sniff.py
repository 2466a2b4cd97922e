"""What kind of file an upload is: a workbook, CSV text, or something else refused with one sentence."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from winloss.io.table import AGAIN, MOST_COLUMNS, UPLOAD_EXPORT, WHITESPACE, FileRejected, too_many_columns

SAMPLE_BYTES = 64 * 1024

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
NOT_BLANK = re.compile(rb"[^ \t\r\n\x0b\x0c]")


def is_excel(data: bytes, filename: str) -> bool:
    """True for an Excel workbook; raises FileRejected for empty, binary and archive files."""
    if not NOT_BLANK.search(data):  # a search stops at the first character; strip() would copy
        if not data:
            raise FileRejected(f"This file is empty: {AGAIN}.")
        raise FileRejected(f"This file holds only blank space: {AGAIN}.")
    if data.startswith(_ZIP):
        return _zip_is_workbook(data)
    if data.startswith(_OLE):
        return True  # calamine reads legacy .xls; anything else it refuses is explained there
    for magic, kind in _MAGIC:
        if kind and data.startswith(magic):
            raise FileRejected(
                f"This looks like a binary file ({kind}), not a CSV or Excel export: {UPLOAD_EXPORT}."
            )
    if filename.lower().endswith(_WORKBOOK_SUFFIXES) and not looks_like_text(data[:SAMPLE_BYTES]):
        raise FileRejected(f"This file is named like an Excel workbook but is not one: {UPLOAD_EXPORT}.")
    return False


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls")
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def misnamed_note(filename: str, workbook: bool) -> str | None:
    """The file report's sentence for a file whose name says one kind and whose content is the other, read as
    its content is (`workbook`: it was read as an Excel workbook): "This file is named .xlsx but holds CSV
    text; it was read as CSV." (a CSV renamed, or saved by a tool that names every file .xlsx), or "This file
    is named .csv but is an Excel workbook; it was read as a workbook."; None when the name fits."""
    suffix = PurePath(filename).suffix.lower()
    if workbook and suffix in _TEXT_SUFFIXES:
        return f"This file is named {suffix} but is an Excel workbook; it was read as a workbook."
    if not workbook and suffix in _WORKBOOK_SUFFIXES:
        return f"This file is named {suffix} but holds CSV text; it was read as CSV."
    return None


def _zip_is_workbook(data: bytes) -> bool:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise FileRejected(f"This file is a damaged ZIP or Excel file: {AGAIN}.") from None
    if {"xl/workbook.xml", "xl/workbook.bin"} & names:
        return True
    if "word/document.xml" in names:
        kind = "a Word document"
    elif any(n.startswith("ppt/") for n in names):
        kind = "a PowerPoint file"
    elif "content.xml" in names:
        kind = "an OpenDocument file (save it as .xlsx or .csv first)"
    elif _is_numbers(names):
        kind = "an Apple Numbers file (export it from Numbers as .xlsx or .csv first)"
    else:
        kind = "a ZIP archive (unzip it first)"
    raise FileRejected(f"This is {kind}, not a CSV or Excel export: {UPLOAD_EXPORT}.")


def _is_numbers(names: set[str]) -> bool:
    """Whether a ZIP's member names are an Apple Numbers document's (an Index/ folder of .iwa files), which
    may be renamed .xlsx: a Numbers file is no archive to unzip but a spreadsheet to export."""
    return any(n.startswith("Index/") and n.endswith(".iwa") for n in names)


def line_end(text_start: bytes) -> bytes:
    """The byte a file's lines end in, judged from the start of its text (after any BOM): b"\r" for
    classic Mac line ends (a "\r" and no "\n" in the first SAMPLE_BYTES), else b"\n" (a "\r" before
    it stays part of the line). Every reader, whole or in batches, splits lines by this one rule."""
    start = text_start[:SAMPLE_BYTES]
    return b"\r" if b"\n" not in start and b"\r" in start else b"\n"


# Longer than any export's header line: 2,000 columns (table.MOST_COLUMNS) of 500-byte names. A title
# line above the header is shorter still.
HEADER_LINE_BYTES = 1 << 20
_DELIMITER_BYTES = (b",", b";", b"\t", b"|")


def reject_long_first_line(chunks: Iterable[bytes]) -> None:
    """Raises FileRejected when the first line of a text file that holds anything but blank space is longer
    than HEADER_LINE_BYTES: no export's header line is. `chunks` are the file's bytes from its start, in
    order; they are read up to that line's end, and no further when it is short (the file whole when the
    line has no end). A line ends at a line feed or a carriage return, in any encoding.

    A 50 MB file of one line took 1.6 GB and two and a half minutes to read and was then refused as a
    header without data rows; refused here it takes a pass over its bytes. A line that splits into more
    than MOST_COLUMNS fields at one delimiter is refused for its columns (table.too_many_columns), as
    the readers refuse a shorter one.
    """
    start: int | None = None  # where the line begins, in bytes from the file's start
    before = 0  # bytes of the chunks before this one
    fields = dict.fromkeys(_DELIMITER_BYTES, 0)
    ended = False
    for chunk in chunks:
        at = 0
        if start is None:
            text = NOT_BLANK.search(chunk)
            if text is None:
                before += len(chunk)
                continue
            at, start = text.start(), before + text.start()
        stop = _line_end(chunk, at)
        ended = stop >= 0
        for delimiter in fields:
            fields[delimiter] += chunk.count(delimiter, at, stop if ended else len(chunk))
        before += stop if ended else len(chunk)
        if ended:
            break
    if start is None or before - start <= HEADER_LINE_BYTES:
        return
    columns = max(fields.values()) + 1
    if columns > MOST_COLUMNS:
        raise too_many_columns(columns)
    size = f"{(before - start) / (1 << 20):,.1f}".removesuffix(".0") + " MB"
    if not ended:
        raise FileRejected(f"The first line is {size} long with no line end, so this is not a CSV export: {UPLOAD_EXPORT}.")
    raise FileRejected(
        f"The first line is {size} long, longer than any CSV export's header line (at most "
        f"{HEADER_LINE_BYTES >> 20} MB here), so this is not a CSV export: {UPLOAD_EXPORT}."
    )


def _line_end(chunk: bytes, at: int) -> int:
    """Where in `chunk` the first line feed or carriage return at or after `at` is; -1 when there is none.
    The carriage return is looked for only before the line feed found: a whole file is one chunk, and a
    file of line feeds has no carriage return to look for to its end."""
    feed = chunk.find(b"\n", at)
    ret = chunk.find(b"\r", at, feed if feed >= 0 else len(chunk))
    return ret if ret >= 0 else feed


def looks_like_text(sample: bytes) -> bool:
    """False when the sample has NUL bytes (outside UTF-16) or many control characters."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or bomless_utf16(sample):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in (*range(1, 9), *range(14, 28)))  # not tab, newlines, ESC..
    return controls <= len(sample) // 100


def bomless_utf16(sample: bytes) -> str | None:
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


def excel_like(head: bytes, filename: str) -> bool:
    """True for what read_table would send to the workbook reader or refuse as binary."""
    if head.startswith((*_ZIP, _OLE)) or any(head.startswith(magic) for magic, _ in _MAGIC):
        return True
    return filename.lower().endswith((".xlsx", ".xlsm", ".xlsb", ".xls"))


def reject_markup(sample: str) -> None:
    """Raises FileRejected when the text is a web page, XML or JSON rather than a CSV export."""
    start = sample.lstrip(WHITESPACE)[:200].lower()
    if start.startswith("<") and ("<html" in start or "<!doctype html" in start or "<table" in start):
        raise FileRejected(
            "This file is a web page (HTML), which some CRMs save under an Excel name, not a real "
            f"spreadsheet: {UPLOAD_EXPORT}."
        )
    if start.startswith("<?xml") or start.startswith("<"):
        raise FileRejected(f"This is an XML file, not a CSV or Excel export: {UPLOAD_EXPORT}.")
    if start.startswith(("{", "[{")):
        raise FileRejected(f"This is a JSON file, not a CSV or Excel export: {UPLOAD_EXPORT}.")
