"""Where a CSV's table is: its delimiter, header line and names, and the footer lines after it."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from winloss.io.encoding import NotUtf8
from winloss.io.sniff import SAMPLE_BYTES
from winloss.io.table import (
    AGAIN, FOOTER_WINDOW, MOST_COLUMNS, WHITESPACE, FileRejected, footer_block, header_names, is_footer, is_footer_row,
    too_many_columns,
)

DELIMITERS = (",", ";", "\t", "|")
MAX_SAMPLE_BYTES = 16 << 20  # the sample grows to hold a dozen whole lines, up to this size

# A long quoted note must not stop the exact reader (the csv module's default limit is 128 KiB).
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


@dataclass(frozen=True)
class Layout:
    """Where the header is and how fields are split, judged from the start of the file."""

    delimiter: str
    names: list[str]
    header_line: int  # 1-based physical line the header starts on
    header_end: int  # physical lines up to and including the header


def sample_text(text: bytes, end: int) -> tuple[str, bool]:
    """Up to SAMPLE_BYTES of text[:end], cut after the last whole line, and whether that is all of it."""
    complete = end <= SAMPLE_BYTES
    if complete:
        chunk = text[:end]
    else:
        # Whole lines up to SAMPLE_BYTES, but never fewer than a few lines: a header of 2,000
        # columns is longer than the sample, and a cut header would make every row ragged.
        cut = max(text.rfind(b"\n", 0, SAMPLE_BYTES) + 1, offset_after_lines(text, 12, min(end, MAX_SAMPLE_BYTES)))
        complete = cut >= end
        chunk = text[: min(cut, end)]
    try:
        sample = codecs.getincrementaldecoder("utf-8")().decode(chunk, final=complete)
    except UnicodeDecodeError:
        raise NotUtf8 from None
    return sample.removeprefix("\ufeff"), complete


def records(
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


def is_blank(fields: list[str]) -> bool:
    """True for a record with no value in any field (quotes alone are no value)."""
    return not any(f.strip(WHITESPACE + '"') for f in fields)


def detected_layout(sample: str, complete: bool) -> Layout:
    """The delimiter that splits the header into most columns that the rows agree with, and the header line."""
    candidates = []
    for delimiter in DELIMITERS:
        rows = [(first, last, fields) for first, last, fields, _ in records(sample, delimiter, limit=200)
                if fields is not None and not is_blank(fields)]
        # The sample may end inside a record: its last is dropped, or, alone, may be cut short.
        cut = not complete and len(rows) == 1
        if not complete and len(rows) > 1:
            rows.pop()
        if not rows:
            continue
        counts = [len(fields) for _, _, fields in rows]
        usual = max(Counter(counts).most_common(), key=lambda item: (item[1], item[0]))[0]
        # A title or "report generated" line above the header has far fewer fields than the table, or as
        # Excel saves it, as many fields as the table with all but one empty ("ACME Report,,,,"): its
        # filled fields are counted, as the workbook reader counts a row's filled cells.
        filled = [sum(1 for f in fields if f.strip(WHITESPACE)) for _, _, fields in rows[:10]]
        header = next((i for i, c in enumerate(filled) if c == usual or c > max(1, usual // 2)), 0)
        width = counts[header]
        # A report's footer (its totals, notes and name: table.footer_block) is no row the delimiter must
        # split: in a short German report its six lines of one field outvoted the rows, and "," (splitting
        # "78.855,94 €" in two) was taken over ";".
        tail = [[c.strip(WHITESPACE) for c in fields] for _, _, fields in rows[header + 1 :][-FOOTER_WINDOW:]]
        below = counts[header + 1 : len(counts) - footer_block(tail, width)]
        agreeing = sum(c == width for c in below) / max(1, len(below))
        # Many columns beat one; then agreement (past 90% every candidate is as good); then width.
        candidates.append((width > 1, min(agreeing, 0.9), width, delimiter, rows[header], below, cut and header == 0))
    if not candidates:
        raise FileRejected(f"This file holds only blank space: {AGAIN}.")
    *_, delimiter, (start, end, fields), below, cut = max(candidates, key=lambda c: c[:3])
    if not any(c[0] for c in candidates):
        delimiter = ","  # one column: the delimiter never matters
    # A delimiter after the header's last name only (the data rows have one field fewer) is not a column.
    if len(fields) > 1 and not fields[-1].strip(WHITESPACE + '"') and below:
        if sum(c == len(fields) - 1 for c in below) > len(below) / 2:
            fields = fields[:-1]
    if len(fields) > MOST_COLUMNS:  # decided before any work per column (names, mapping, checks)
        raise too_many_columns(len(fields), more=cut)
    return Layout(delimiter, header_names(fields), start, end)


def footer_start(text: bytes, layout: Layout | None = None) -> tuple[int, int]:
    """Byte offset where trailing blank and footer lines begin, and how many non-blank ones there are.

    Without `layout`, the footer is the lines recognised as footer lines (is_footer) walking up from
    the end. With the file's `layout` (its delimiter and header width), it is also a report's footer
    block among the last FOOTER_WINDOW non-blank lines, whatever order its lines come in
    (table.footer_block): Salesforce ends with the organisation's name, where walking up stopped,
    and every footer line above it was quarantined as a row of the wrong width.
    """
    tail = max(0, len(text) - SAMPLE_BYTES)
    if tail:
        tail = text.find(b"\n", tail) + 1 or len(text)  # start on a whole line
    starts = [tail]
    while (found := text.find(b"\n", starts[-1])) >= 0:
        starts.append(found + 1)
    end = body_end = len(text)
    footers = 0
    walking = True  # still in the run of blank and footer lines at the end
    last: list[tuple[int, str]] = []  # the non-blank lines from the end, as (start, line)
    for start in reversed(starts):
        line = text[start:end].decode("utf-8", "replace")
        end = start
        walking = walking and not line.count('"') % 2  # an odd number: part of a quoted field that spans lines
        if _is_blank_line(line) and not line.count('"') % 2:
            body_end = start if walking else body_end
            continue
        last.append((start, line))
        # Knowing the delimiter, a line is judged by all its cells: a deal whose first cell looks like a footer stays.
        walking = walking and (is_footer(_first_cell(line)) if layout is None else is_footer_row(_cells(line, layout.delimiter)))
        if walking:
            footers, body_end = footers + 1, start
        elif layout is None or len(last) >= FOOTER_WINDOW:
            break
    if layout is None or len(last) <= footers:
        return body_end, footers
    window = last[:FOOTER_WINDOW]
    block = footer_block([_cells(line, layout.delimiter) for _, line in reversed(window)], len(layout.names))
    if block <= footers or any(line.count('"') % 2 for _, line in window[:block]):
        return body_end, footers
    # The body ends after the last line above the block: blank lines between them are not rows.
    return (_line_end(text, window[block][0]) if block < len(window) else window[block - 1][0]), block


def _line_end(text: bytes, start: int) -> int:
    """The offset just after the line that starts at `start`."""
    found = text.find(b"\n", start)
    return len(text) if found < 0 else found + 1


def _cells(line: str, delimiter: str) -> list[str]:
    """A line's fields split by the file's delimiter, each stripped of space."""
    try:
        return [c.strip(WHITESPACE) for c in next(csv.reader([line.strip(WHITESPACE)], delimiter=delimiter), [])]
    except csv.Error:  # a bare carriage return inside: one field, as the readers would not split it either
        return [line.strip(WHITESPACE)]


def _is_blank_line(line: str) -> bool:
    """True when some delimiter splits the line into fields that are all empty."""
    if not line.strip(WHITESPACE):
        return True
    try:
        return any(is_blank(next(csv.reader([line], delimiter=d), [])) for d in DELIMITERS)
    except csv.Error:  # a bare carriage return: a line with a value, not a blank one
        return False


def _first_cell(line: str) -> str:
    """The first filled field of a line, whatever the delimiter; enough to recognise a footer (a
    totals label may stand under the stage or amount column: ",,Grand Total,2000")."""
    line = _LEADING_BLANK_FIELDS.sub("", line.strip(WHITESPACE))
    if line.startswith('"'):
        close = line.find('"', 1)
        return line[1 : close if close > 0 else None].strip(WHITESPACE)
    return re.split(r"[,;\t|]", line, maxsplit=1)[0].strip(WHITESPACE)


# Empty fields (bare, or quoted "") before a line's first value.
_LEADING_BLANK_FIELDS = re.compile(r'^(?:[ \t]*(?:""|)[ \t]*[,;\t|])+')


def footer_cells(footer: bytes, first_line: int, delimiter: str) -> list[tuple[int, list[str]]]:
    """(line number, its cells) of each non-blank line of a file's footer, for the report to name them.

    `footer`: the file's bytes from where its body ends (footer_start) to the end, UTF-8; `first_line`:
    the number of its first line.
    """
    lines = footer.decode("utf-8", "replace").split("\n")
    return [
        (first_line + i, _cells(line, delimiter)) for i, line in enumerate(lines)
        if not _is_blank_line(line)
    ]  # fmt: skip


def offset_after_lines(text: bytes, lines: int, end: int | None = None) -> int:
    """Byte offset just after the first `lines` physical lines (at most `end`)."""
    offset, end = 0, len(text) if end is None else end
    for _ in range(lines):
        found = text.find(b"\n", offset, end)
        if found < 0:
            return end
        offset = found + 1
    return offset


def lines_above_header(text: bytes, layout: Layout) -> list[tuple[int, list[str]]]:
    """The lines before the header (a report's title, its date), each with its number and cells split
    by the file's delimiter, from the start of the file's UTF-8 text (a BOM dropped); blank lines
    included, with no cells (table.title_lines_note passes them over)."""
    if layout.header_line <= 1:
        return []
    head = text.removeprefix(codecs.BOM_UTF8).split(b"\n", layout.header_line - 1)[: layout.header_line - 1]
    return [(number, next(csv.reader([line.decode("utf-8", "replace").rstrip("\r")], delimiter=layout.delimiter), []))
            for number, line in enumerate(head, start=1)]
