"""The text table every reader returns, and the cell rules the CSV and workbook readers share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

NULL_TOKENS = ("", "-", "\u2014")  # blank, hyphen and em dash all mean "no value" in exports
WHITESPACE = " \t\r\n\x0b\x0c\u00a0"  # stripped around every value; no-break space comes from Excel
LINE = "__line"
RAGGED_SCHEMA = pl.Schema({LINE: pl.Int64, "raw": pl.String, "message": pl.String})

AGAIN = "export the opportunities report again and upload the CSV or XLSX file"
UPLOAD_EXPORT = "upload the .csv or .xlsx file exported from your CRM"
# No CRM export has a line this long; a reader holding a line whole (to judge its encoding, or to
# find where a batch ends) refuses the file rather than hold more, so memory stays bounded.
LONGEST_LINE_BYTES = 256 << 20

# Trailing lines of Salesforce (and similar) report exports that are not data, judged by their first cell.
_TOTAL_FOOTER = re.compile(r"^(grand\s+totals?\b.*|totals?(\s*\(.*\))?:?)$", re.IGNORECASE)
_NOTE_FOOTER = re.compile(
    r"^(confidential information|do not distribute|copyright\b|\(c\)|\u00a9|all rights reserved"
    r"|(generated|exported|printed)\s+(by|on|at)\b|filtered by\b|report (generated|run)\b)"
    r"|salesforce\.com",
    re.IGNORECASE,
)
# A report's totals line holds sums only: numbers, with a currency code or symbol ("USD 10,907,012.00").
_TOTAL_VALUE = re.compile(r"^[-+(]?(?:[A-Z]{3}\s?)?[$\u20ac\u00a3\u00a5]?\s*[\d.,' ]*\d[\d.,' ]*%?\)?$")
# How many of the last non-blank lines a report's footer block is looked for in (Salesforce writes six).
FOOTER_WINDOW = 10
_LOOKS_LIKE_VALUE = re.compile(r"^[-+(]?[$\u20ac\u00a3]?\s*[\d.,/: -]+%?\)?$")


class FileRejected(Exception):
    """A whole file cannot be read; str(exc) is one sentence telling the user what to do."""


def line_too_long() -> FileRejected:
    """The refusal of a file with a line longer than LONGEST_LINE_BYTES (read when called)."""
    megabytes = LONGEST_LINE_BYTES / (1 << 20)
    return FileRejected(
        f"This file has a line longer than {megabytes:g} MB, which no CRM export has: check it is the "
        f"opportunities export, or {AGAIN}."
    )


@dataclass(frozen=True)
class RawTable:
    """A file's rows as text, with where each row came from and the rows that could not be split."""

    # "__line" (Int64), then one String column per header, in file order (of a file prepared in
    # batches, only its first rows: see PreparedFile.whole_table)
    frame: pl.DataFrame
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "cp1252", "iso-8859-1" or "xlsx" (or another codec name)
    delimiter: str | None  # ",", ";", "\t", "|", or None for xlsx
    ragged: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RAGGED_SCHEMA))
    footer_lines: int = 0  # non-blank footer lines stripped from the end
    notes: tuple[str, ...] = ()  # sentences about how the file was read (e.g. lines in another encoding)
    # A workbook's columns whose number cells show a currency sign through their format: header ->
    # "__line" (Int64) and "signs" (String: cell_formats.currency_signs joined by a space), one row per such cell.
    currency_formats: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The header names, without "__line"."""
        return [c for c in self.frame.columns if c != LINE]


def no_ragged() -> pl.DataFrame:
    """An empty frame of rows that could not be split (RAGGED_SCHEMA)."""
    return pl.DataFrame(schema=RAGGED_SCHEMA)


def header_names(fields: list[str]) -> list[str]:
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


def is_footer(cell: str) -> bool:
    """True when a line's first cell marks a report footer (a total, a confidentiality note, a copyright)."""
    return bool(_TOTAL_FOOTER.match(cell) or _NOTE_FOOTER.search(cell))


def footer_block(rows: Sequence[Sequence[str]], width: int) -> int:
    """How many of a table's last non-blank rows are a report's footer block; 0 when they are not.

    `rows`: the last rows (at most FOOTER_WINDOW), in file order, each as its cells; `width`: how many
    cells a deal has (the header's). The block runs from the earliest row whose first cell is a footer
    line (is_footer: "Grand Totals (106 records)", "Copyright (c) ... salesforce.com", a confidentiality
    note) to the end, when no row after it is a deal: a row as wide as the header that is not a totals
    line. So the footer's lines may come in any order, an organisation's name or a "Generated By"
    line among them, while a real deal after a "Total..." account still ends the search.
    """
    for first, row in enumerate(rows):
        if row and is_footer(row[0]) and not any(_is_deal(r, width) for r in rows[first + 1 :]):
            return len(rows) - first
    return 0


def _is_deal(cells: Sequence[str], width: int) -> bool:
    """True for a row as wide as a deal that is not a report's totals line (blanks and sums only)."""
    return len(cells) >= width and not all(not c or _TOTAL_VALUE.match(c) for c in cells)


def clean(index: int, name: str) -> pl.Expr:
    """Column `index` stripped of surrounding whitespace and of a leading apostrophe, with blanks and dashes made null.

    A spreadsheet shows '00042 as 00042: the apostrophe only told it to keep the value as text
    (and the quarantine report adds one to neutralise formulas), so it is not part of the value.
    """
    stripped = pl.nth(index).str.strip_chars(WHITESPACE)
    return nulled(index, name, pl.when(stripped.str.starts_with("'")).then(stripped.str.slice(1)).otherwise(stripped))


def nulled(index: int, name: str, value: pl.Expr | None = None) -> pl.Expr:
    """Column `index` (or `value` made from it) with blanks and dashes made null, named `name`."""
    value = pl.nth(index) if value is None else value
    return pl.when(value.is_in(NULL_TOKENS)).then(None).otherwise(value).alias(name)
