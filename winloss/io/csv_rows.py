"""A CSV body's rows as text columns: the Polars reader, checked against the bytes, or the csv module's exact reading."""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import cast

import numpy as np
import polars as pl

from winloss.text import plural

from winloss.io.csv_layout import Layout, is_blank, offset_after_lines, records
from winloss.io.encoding import NotUtf8
from winloss.io.table import (
    DASHES, FOOTER_WINDOW, LINE, RAGGED_SCHEMA, WHITESPACE, clean, dash_cells, no_dashes, no_ragged, nulled, shortened_cell,
    totals_label,
)

# The threads that scan a text's bytes while Polars parses it, kept for every text: starting a thread
# for each waited on the interpreter's lock behind the threads checking the batches (20 ms a text).
# Two, for two files read at once (two uploads); their threads are idle between texts.
_SCANNER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="csv-bytes")


def byte_count(data: bytes | bytearray, byte: str, end: int | None = None) -> int:
    """How often one ASCII byte occurs in data[:end]; numpy in cache-sized chunks, without copying."""
    arr = np.frombuffer(data, dtype=np.uint8, count=len(data) if end is None else end)
    value, step = ord(byte), 1 << 22
    return sum(int(np.count_nonzero(arr[i : i + step] == value)) for i in range(0, arr.size, step))


def fast_rows(
    text: bytes, body_end: int, layout: Layout, line_offset: int = 0, newlines: int | None = None
) -> tuple[pl.DataFrame | None, pl.DataFrame, pl.DataFrame]:
    """(rows, ragged rows, cells written as a dash) read by the Polars CSV reader, or (None, _, _)
    when only the exact reader can number them: as RawTable's frame, ragged and dashes.

    Polars gives one row per physical line (blank lines included) unless a quoted field holds a
    newline, so a row's line is its index plus the header's last line. The whole text is parsed,
    footer included, and the footer's rows are sliced off: cheaper than copying the bytes before it.
    `line_offset` is added to every line number (a batch of lines taken from further down the file).
    `newlines`: the text's line ends, when the caller counted them already.
    """
    quoted = b'"' in text
    # Polars leaves a core partly idle while it parses: scan the bytes meanwhile.
    scanning = _SCANNER.submit(_byte_facts, text, quoted, newlines)
    raw, too_long = _polars_rows(text, layout, quoted)
    facts = scanning.result()
    if raw is None or facts.bare_cr:  # Polars would keep a bare CR inside a value; the exact reader names its line
        return None, no_ragged(), no_dashes()
    if quoted and facts.newlines - layout.header_end + (not text.endswith(b"\n")) != raw.height:
        return None, no_ragged(), no_dashes()  # a quoted field spans lines
    body_rows = raw.height - text.count(b"\n", body_end) - (body_end < len(text) and not text.endswith(b"\n"))
    if body_rows < 0:
        return None, no_ragged(), no_dashes()
    raw = raw.head(body_rows)
    first = layout.header_end + 1 + line_offset
    lines = pl.int_range(first, first + raw.height, dtype=pl.Int64, eager=True).alias(LINE)
    # A short row is padded with nulls, so it always leaves the last column empty.
    maybe_short = raw.get_column(layout.names[-1]).null_count() > 0
    suspect = too_long or (maybe_short and not _counts_agree(text, body_end, raw, layout, quoted))
    frame, dashes = _normalised(raw, facts, layout.delimiter, quoted, lines)
    frame = frame.insert_column(0, lines)
    ragged = no_ragged()
    if suspect:
        split = _ragged_mask(text, layout, quoted, raw)
        if split is None:
            return None, no_ragged(), no_dashes()
        mask, fields, line_text = split
        if (line_text.filter(mask).str.count_matches('"', literal=True) % 2 == 1).any():
            return None, no_ragged(), no_dashes()  # perhaps a quote never closed: the exact reader says so
        ragged = _ragged_frame(
            pl.DataFrame([lines, line_text.alias("raw"), fields.alias("fields")]).filter(mask), len(layout.names)
        )
        frame = frame.filter(~mask)
    blank = frame.select(pl.all_horizontal(pl.exclude(LINE).is_null())).to_series()
    return (frame.filter(~blank) if blank.any() else frame), ragged, dashes


def _polars_rows(text: bytes, layout: Layout, quoted: bool) -> tuple[pl.DataFrame | None, bool]:
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
            raise NotUtf8 from exc
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


def _byte_facts(text: bytes, quoted: bool, newlines: int | None = None) -> _ByteFacts:
    ascii_only = text.isascii()
    return _ByteFacts(
        newlines=(byte_count(text, "\n") if newlines is None else newlines) if quoted else 0,
        ascii=ascii_only,
        tab=b"\t" in text,
        nbsp=not ascii_only and b"\xa0" in text,
        em_dash=not ascii_only and b"\x94" in text,
        bare_cr=b"\r" in text and _bare_cr(text),
    )


def _bare_cr(text: bytes) -> bool:
    """Whether a carriage return in `text` is followed by anything but a line feed (a text's last byte
    is followed by nothing). Found with numpy, a few megabytes at a time: half the time of a pattern
    search on a file whose every line ends in CR LF."""
    array = np.frombuffer(text, dtype=np.uint8)
    step = 1 << 22
    for start in range(0, max(0, array.size - 1), step):
        returns = np.flatnonzero(array[start : min(start + step, array.size - 1)] == 13) + start
        if returns.size and bool((array[returns + 1] != 10).any()):
            return True
    return False


def _counts_agree(text: bytes, body_end: int, raw: pl.DataFrame, layout: Layout, quoted: bool) -> bool:
    """True when no row is short: the delimiters outside quotes add up to full rows.

    Polars pads a short row with nulls, so it cannot be told from a row with empty last fields;
    the delimiter count can. Rows with more fields were refused already, so equality is exact.
    Blank lines carry fewer delimiters, so any of them sends the file to the line-by-line check.
    """
    if raw.select(pl.all_horizontal(pl.all().is_null()).any()).item():
        return False
    delimiter = layout.delimiter
    header = text[: offset_after_lines(text, layout.header_end)]
    outside = byte_count(text, delimiter, body_end) - header.count(delimiter.encode())
    if quoted:
        inside = raw.select(pl.sum_horizontal(pl.all().str.count_matches(delimiter, literal=True).sum())).item()
        outside -= inside or 0
    return outside == (len(layout.names) - 1) * raw.height


def _ragged_mask(
    text: bytes, layout: Layout, quoted: bool, raw: pl.DataFrame
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


# Said of a line of the wrong width after the file's last row: the footer a report ends with, which
# the readers did not recognise, is not a deal the user has to fix.
FOOTER_LIKE = " It comes after the table's last row and looks like a line of a report's footer, not a deal: it can be ignored."


def with_footer_like_lines(ragged: pl.DataFrame, last_row: int | None, layout: Layout) -> pl.DataFrame:
    """`ragged` (RAGGED_SCHEMA) with FOOTER_LIKE added to the message of each line shorter than the
    header (`layout`'s) that comes after every row read into columns (`last_row`, the line of the
    last; None when there is none: nothing is then said to come after it) and after every line
    wider than the header: a line with more fields than the header is a deal, whatever follows. A line
    whose quote is never closed (unclosed_quote) is not said to be a footer's."""
    if last_row is None or ragged.height == 0:
        return ragged
    # A quote never closed read the lines after it into one value: what they were is not known.
    later = ragged.filter((pl.col(LINE) > last_row) & ~pl.col("message").str.contains(CLOSE_THE_QUOTE, literal=True))
    widths = {line: _field_count(raw, layout.delimiter) for line, raw in later.select(LINE, "raw").iter_rows()}
    last_deal = max([last_row, *(line for line, width in widths.items() if width >= len(layout.names))])
    footer_like = [line for line in widths if line > last_deal]
    if not footer_like:
        return ragged
    said = pl.when(pl.col(LINE).is_in(footer_like)).then(pl.col("message") + FOOTER_LIKE).otherwise(pl.col("message"))
    return ragged.with_columns(said.alias("message"))


def _field_count(raw: str, delimiter: str) -> int:
    """How many fields a raw line splits into; a huge number when the csv module cannot split it
    (it is then no footer line's)."""
    fields = _fields(raw, delimiter)
    return 1 << 30 if fields is None else len(fields)


def _fields(raw: str, delimiter: str) -> list[str] | None:
    """The fields a raw line splits into; None when the csv module cannot split it."""
    try:
        return next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return None


def leading_ragged_totals(ragged: pl.DataFrame, frame: pl.DataFrame, delimiter: str) -> tuple[pl.DataFrame, list[tuple[int, list[str]]]]:
    """(`ragged` without its totals lines (table.totals_label) above the table's first row, those lines as
    (line, their filled cells)), as table.leading_totals drops the totals lines as wide as the header:
    "Record Count: 3" or "Grand Totals (3 records)" alone on a line right under the header was quarantined
    as a line of the wrong width. `ragged`: RAGGED_SCHEMA, in file order; `frame`: the rows kept, after
    leading_totals (its first row ends the search; none, as in a batch of ragged lines only, ends none)."""
    first_row = frame.get_column(LINE).min() if frame.height else None
    dropped: list[tuple[int, list[str]]] = []
    for line, raw in ragged.head(FOOTER_WINDOW).select(LINE, "raw").iter_rows():
        filled = [c.strip(WHITESPACE) for c in _fields(raw, delimiter) or [] if c.strip(WHITESPACE)]
        if (first_row is not None and line > cast(int, first_row)) or totals_label(filled) is None:
            break
        dropped.append((line, filled))
    if not dropped:
        return ragged, dropped
    return ragged.filter(~pl.col(LINE).is_in([line for line, _ in dropped])), dropped


def _ragged_frame(rows: pl.DataFrame, width: int) -> pl.DataFrame:
    return rows.select(
        pl.col(LINE),
        pl.col("raw"),
        pl.format(
            "Line {} has {} {} but the header has {}.",
            LINE, "fields", pl.when(pl.col("fields") == 1).then(pl.lit("field")).otherwise(pl.lit("fields")), pl.lit(width),
        ).alias("message"),
    )


def _normalised(
    raw: pl.DataFrame, facts: _ByteFacts, delimiter: str, quoted: bool, lines: pl.Series
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Values stripped, with blanks and dashes made null, touching only the columns that need it;
    and the cells written as a dash (DASH_SCHEMA; `lines`: each row's line).

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
    dashed: set[int] = set()
    if lows:
        leading = raw.select(
            [((pl.nth(i) < "!") & (pl.nth(i) != "")).any().alias(f"s{i}") for i in lows]
            + [pl.nth(i).str.starts_with("'").any().alias(f"a{i}") for i in lows]
            + [pl.nth(i).is_in(DASHES).any().alias(f"d{i}") for i in lows]
        ).row(0)
        strip |= {i for i, flag in zip(lows, leading, strict=False) if flag}
        strip |= {i for i, flag in zip(lows, leading[len(lows) :], strict=False) if flag}
        dashed = {i for i, flag in zip(lows, leading[2 * len(lows) :], strict=False) if flag}
    names = raw.columns
    cleaned = [clean(i, names[i]) for i in sorted(strip)]
    # A dash is low, or stands beside space or an apostrophe (a stripped column): only those are looked in.
    dashes = dash_cells(raw, lines, sorted(dashed | strip), strip)
    return raw.with_columns(cleaned + [nulled(i, names[i]) for i in lows if i not in strip]), dashes


def exact_rows(body: bytes, layout: Layout, line_offset: int = 0) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(rows, ragged rows, cells written as a dash) read with Python's csv module: slower, but exact
    about lines and field counts.

    `line_offset` is added to every line number, as in `fast_rows`.
    """
    start = offset_after_lines(body, layout.header_end)
    try:
        text = body[start:].decode("utf-8")
    except UnicodeDecodeError:
        raise NotUtf8 from None
    width, offset = len(layout.names), layout.header_end + line_offset
    source = text.split("\n")
    good: list[list[str]] = []
    good_lines: list[int] = []
    bad: list[tuple[int, str, str]] = []  # (line, the line(s) as they came, why)
    for first, last, fields, problem in records(text, layout.delimiter, width=width):
        raw_text = "\n".join(source[first - 1 : last]).rstrip("\r")
        if fields is None:
            bad.append((first + offset, raw_text, _renumbered(problem or "", offset)))
        elif is_blank(fields):
            continue
        elif len(fields) == width or (len(fields) == width + 1 and raw_text.endswith(layout.delimiter)):
            good.append(fields[:width])  # one delimiter after the last value is not an extra column
            good_lines.append(first + offset)
        else:
            bad.append((first + offset, raw_text, unclosed_quote(first + offset, raw_text, layout.delimiter)
                        or f"Line {first + offset} has {plural(len(fields), 'field')} but the header has {width}."))
    columns = {name: list(values) for name, values in zip(layout.names, zip(*good, strict=False), strict=False)} if good else {}
    schema = {name: pl.String for name in layout.names}
    raw = pl.DataFrame({name: columns.get(name, []) for name in layout.names}, schema=schema)
    frame = raw.with_columns([clean(i, n) for i, n in enumerate(layout.names)])
    lines = pl.Series(LINE, good_lines, pl.Int64)
    every = range(len(layout.names))
    dashes = dash_cells(raw, lines, every, set(every))
    frame = frame.insert_column(0, lines)
    frame = frame.filter(~pl.all_horizontal(pl.exclude(LINE).is_null()))
    return frame, pl.DataFrame(bad, schema=RAGGED_SCHEMA, orient="row"), dashes


# What to do about a quote that is never closed: said in the row's reason, and not replaced by the general
# advice when no row could be stored (quarantine.nothing_stored).
CLOSE_THE_QUOTE = "close the quote where the value ends, or export the file again"


def unclosed_quote(line: int, raw: str, delimiter: str) -> str | None:
    """Why a row of the wrong width is so, when a quote (") opening one of its values is never closed: the
    csv rules then read everything after it, to the end of the text, as that one value. `line`: where the
    row starts; `raw`: its text. None when every quote that opens a value closes it."""
    opened, start, quoted, i = None, True, False, 0
    while i < len(raw):
        char = raw[i]
        if quoted:
            if char == '"' and raw[i + 1 : i + 2] == '"':
                i += 1  # a quote written twice is one quote inside the value
            elif char == '"':
                quoted = False
        elif char == delimiter:
            start = True
        elif start and char == '"':
            opened, quoted, start = i, True, False
        elif not char.isspace():
            start = False
        i += 1
    if not quoted or opened is None:
        return None
    cell = shortened_cell(raw[opened + 1 :].split("\n", 1)[0], 40)
    return (f"Line {line} opens a quote (\") before '{cell}' that is never closed, so everything after it was read as "
            f"one value: {CLOSE_THE_QUOTE}.")


def _renumbered(problem: str, offset: int) -> str:
    """A problem sentence from records ("Line 3 ...", counted after the header) with the file's line number."""
    return re.sub(r"\bLine (\d+)", lambda m: f"Line {int(m.group(1)) + offset}", problem, count=1)
