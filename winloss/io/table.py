"""The text table every reader returns, and the cell rules the CSV and workbook readers share."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import polars as pl
import polars.selectors as cs

from winloss.constant_columns import constant

NULL_TOKENS = ("", "-", "\u2014")  # blank, hyphen and em dash all mean "no value" in exports
# The NULL_TOKENS a person typed: read as blank like an empty cell, but reported and written back as typed.
DASHES = NULL_TOKENS[1:]
WHITESPACE = " \t\r\n\x0b\x0c\u00a0"  # stripped around every value; no-break space comes from Excel
LINE = "__line"


def named(name: str) -> pl.Expr:
    """The column called exactly `name`, as an expression. A file's header is a plain name, but
    pl.col reads "*" as every column and "^...$" as a pattern: a file's column is taken by this."""
    return cs.by_name(name).as_expr()
RAGGED_SCHEMA = pl.Schema({LINE: pl.Int64, "raw": pl.String, "message": pl.String})
# A table's cells written as a dash (DASHES), which the table holds as null: the cell's line, its
# column's header and the dash as written (stripped of space and a spreadsheet's apostrophe).
DASH_SCHEMA = pl.Schema({LINE: pl.Int64, "column": pl.String, "text": pl.String})
# A workbook's cells merged down over several rows of the table (the reader fills each row with the
# merged value): the column's header and the range's first and last lines.
MERGE_SCHEMA = pl.Schema({"column": pl.String, "first": pl.Int64, "last": pl.Int64})

AGAIN = "export the opportunities report again and upload the CSV or XLSX file"
UPLOAD_EXPORT = "upload the .csv or .xlsx file exported from your CRM"
# What to do about a quote that is never closed: said in the row's reason, and not replaced by the general
# advice when no row could be stored (quarantine.nothing_stored). Kept here, not in csv_rows, which imports
# numpy: quarantine is on the Overview's import path (tests/pages/test_cold_start_imports.py).
CLOSE_THE_QUOTE = "close the quote where the value ends, or export the file again"
# No CRM export has a line this long; a reader holding a line whole (to judge its encoding, or to
# find where a batch ends) refuses the file rather than hold more, so memory stays bounded.
LONGEST_LINE_BYTES = 256 << 20
# The most columns a file may have, CSV or workbook (workbooks.Budget.columns), decided from its header
# before any work per column. A CRM export of every field stays under it: Salesforce allows at most 900
# custom fields on an opportunity (with its few dozen standard ones, under 1,000 columns); HubSpot's
# "all properties" export of deals is its couple of hundred default properties and up to 1,000 custom
# ones. The work per column past the reader (mapping, dash and blank checks, a query per column) is
# linear; the bound keeps a file of one long line of commas (150 million columns) from holding the
# process for minutes.
MOST_COLUMNS = 2_000

# A sum as a report's totals line writes it: a number, with a currency code or symbol before or after
# it ("USD 10,907,012.00", "5.241.002,39 €", "1 234,56 EUR"), its digits grouped by a point, comma,
# apostrophe or (no-break) space.
_SUM = r"[-+(]?(?:[A-Z]{3}\s?)?[$\u20ac\u00a3\u00a5]?\s*[\d.,' \u00a0\u202f]*\d[\d.,' \u00a0\u202f]*%?\)?(?:\s?[$\u20ac\u00a3\u00a5]|\s[A-Z]{3})?"
# A report's grand total as Salesforce writes it in English, German, French, Spanish, Portuguese,
# Italian and Dutch ("Grand Totals (106 records)", "Gesamtsummen (120 Datensätze)", "Totaux généraux"),
# and as Excel's pivot tables write it ("Grand Total", "Gesamtergebnis", "Total général", "Eindtotaal"),
# with whatever follows; a total, subtotal or average's own word in those languages ("Summe", "Sous-total",
# "Totale", "Average", "Durchschnitt", "Moyenne", "Gemiddelde"), alone or with a count in brackets and a
# sum; and the word a count of records is.
_GRAND_TOTAL = (
    r"grand\s+totals?|gesamtsummen?|gesamtergebnis|totaux\s+g[ée]n[ée]raux|total\s+g[ée]n[ée]ral|totales\s+generales"
    r"|total\s+general|totais\s+gerais|total\s+geral|totali\s+complessivi|totale\s+complessivo|eindtota(?:al|len)"
)
# An average's own word in those languages (a subtotal line's mean of its group: winloss.io.subtotals).
AVERAGE_WORDS = r"average|avg\.?|mean|durchschnitt|mittelwert|moyenne|promedio|media|m[ée]dia|gemiddelde|gemiddeld"
_TOTAL_WORD = (
    r"(?:sub-?\s?)?totals?|(?:zwischen)?summen?|gesamt|(?:teil)?ergebnis|(?:sous-?\s?)?totaux|sous-?\s?total|subtotale?"
    rf"|totale|totales|totais|totali|(?:sub)?totaal|{AVERAGE_WORDS}"
)
# A total's word in any of those languages, grand or not ("Grand Total", "Gesamtergebnis", "Summe", "Totaal").
TOTAL_WORDS = rf"(?:{_GRAND_TOTAL}|{_TOTAL_WORD})"
_RECORDS_WORD = r"records?|rows?|datens[äa]tze|datensatz|enregistrements?|registros?|registri"
# A count's own word, as Excel's total row and Salesforce's summaries write it: "Count" alone (its number
# under a column, as a "Total" line's sum is), "Count: 52", "Record Count 52", "Anzahl", "Recuento"...
COUNT_WORDS = r"((record|row)s?\s+)?count|anzahl|recuento|contagem|conteggio|aantal"
# Trailing lines of Salesforce (and similar) report exports that are not data, judged by their first
# filled cell. A totals line's label: "Grand Totals (106 records)", "Total", "Total: 2,000",
# "Subtotal", "Sum", "Count", "Count: 52", "Record Count 52", "52 records", and the same in the languages
# above. The whole cell must be the label (and a sum), so an account named "Total Gym" is no totals line.
_TOTAL_FOOTER = re.compile(
    rf"^(({_GRAND_TOTAL})\b.*|({_TOTAL_WORD})(\s*\(.*\))?(\s*:?\s*{_SUM})?:?|sum(\s*:?\s*{_SUM})?:?"
    rf"|({COUNT_WORDS})(\s*:?\s*\d[\d,.' ]*)?:?|\d[\d,.' ]*\s+({_RECORDS_WORD}))$",
    re.IGNORECASE,
)
# A report's notes, in English and as Salesforce's German, French, Spanish, Portuguese, Italian and
# Dutch interfaces write them: confidentiality ("Vertraulich - Nicht verteilen"), copyright and rights
# ("Alle Rechte vorbehalten"), who made it and when ("Erstellt von: ...", "Généré par ..."), its filters.
_NOTE_FOOTER = re.compile(
    r"^(confidential information|do not distribute|copyright\b|\(c\)|\u00a9|all rights reserved"
    r"|(generated|exported|printed)\s+(by|on|at)\b|filtered by\b|report (generated|run)\b"
    # German
    r"|vertraulich|nicht (verteilen|weitergeben)\b|alle rechte vorbehalten"
    r"|(erstellt|generiert|exportiert|gedruckt)\s+(von|am|durch)\b|gefiltert nach\b"
    # French
    r"|informations? confidentielles?|confidentiel(le)?\b|ne pas (diffuser|distribuer)\b|tous droits r[ée]serv[ée]s"
    r"|(g[ée]n[ée]r[ée]|export[ée]|imprim[ée])\s+(par|le)\b|filtr[ée] par\b"
    # Spanish and Portuguese
    r"|informaci[óo]n confidencial|informa[çc][õo]es confidenciais|confidencial\b|no (distribuir|divulgar)\b"
    r"|n[ãa]o (distribuir|divulgar)\b|todos os direitos reservados|todos los derechos reservados"
    r"|(generado|exportado|impreso)\s+(por|el)\b|(gerado|exportado|impresso)\s+(por|em)\b|filtrado por\b"
    # Italian
    r"|informazioni riservate|riservat[oa]\b|non (distribuire|divulgare)\b|tutti i diritti riservati"
    r"|(generato|esportato|stampato)\s+(da|il)\b|filtrato per\b"
    # Dutch
    r"|vertrouwelijke informatie|vertrouwelijk\b|niet (verspreiden|distribueren)\b|alle rechten voorbehouden"
    r"|(gegenereerd|ge[ëe]xporteerd|afgedrukt)\s+(door|op)\b|gefilterd op\b"
    # A note on where the figures came from, in each of those languages: "Source: Salesforce, ..."
    r"|(source|quelle|fuente|fonte|bron)\s*:)"
    r"|^salesforce\.com\b",  # the company's line alone; within a cell it may be a deal's name ("Salesforce.com migration")
    re.IGNORECASE,
)
# A report's totals line holds sums only: numbers, with a currency code or symbol ("USD 10,907,012.00").
_TOTAL_VALUE = re.compile(rf"^{_SUM}$")
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


class TooManyColumns(FileRejected):
    """A file whose header has more than MOST_COLUMNS columns: refused by every reader, whole or in batches."""


def too_many_columns(columns: int, more: bool = False) -> TooManyColumns:
    """The refusal of a file whose header has `columns` columns (or more than that, `more`: the header
    was cut where the reader stopped looking), more than MOST_COLUMNS."""
    counted = f"more than {columns:,}" if more else f"{columns:,}"
    return TooManyColumns(
        f"This file has {counted} columns, past the {MOST_COLUMNS:,} a file may have here: export only the columns you "
        "need (a report or view with its fields chosen, not every property) and upload that."
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
    # A workbook's columns whose number cells show a currency sign (or a scale word) through their format:
    # header -> "__line" (Int64), "signs" (String: cell_formats.currency_signs joined by a space) and
    # "format" (String: the format's code, `0.0 "Mio €"`), one row per such cell.
    currency_formats: dict[str, pl.DataFrame] = field(default_factory=dict)
    # A workbook read with no sheet asked for: the visible sheets passed over before the one read, as
    # (name, the first filled cell of its one row or None when empty) (workbooks.SheetCells.passed).
    passed_sheets: tuple[tuple[str, str | None], ...] = ()
    sheet: str | None = None  # the workbook sheet read; None for a CSV
    # The frame's cells written as a dash (DASH_SCHEMA), null in `frame` like an empty cell: what the
    # quarantine file writes back and reasons quote. It may name lines `frame` does not hold (a row
    # of dashes alone is a blank row, a ragged one is quarantined as it came); they are never looked up.
    dashes: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=DASH_SCHEMA))
    # A workbook of the 1904 date system (workbookPr date1904): its serial day numbers count from 1904-01-01.
    date1904: bool = False
    # A workbook's vertically merged cells (MERGE_SCHEMA) over two or more of the table's lines.
    merged: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MERGE_SCHEMA))
    # A workbook's columns holding date cells (not text): header -> the lines (Int64) of its data rows
    # whose cell is one. In `frame` a date cell reads as the same date typed as text ("2024-03-04").
    date_cells: dict[str, pl.Series] = field(default_factory=dict)
    # A workbook's header cells left blank by a header cell merged across them (excel._merged_header_parts):
    # each such column's header ("Est. Revenue (part 2)") -> the merged header's ("Est. Revenue").
    header_parts: dict[str, str] = field(default_factory=dict)
    # A workbook's columns hidden in Excel: (header, sheet column, 0-based), in the table's order.
    hidden_columns: tuple[tuple[str, int], ...] = ()
    # A workbook's columns holding text cells typed as the reader writes a number with a point ("1.234" typed
    # in a German sheet): header -> the lines (Int64) of its data rows whose cell is such text, not a number.
    text_numbers: dict[str, pl.Series] = field(default_factory=dict)

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
    """True when a line's first filled cell marks a report footer (a total, a confidentiality note, a copyright)."""
    return bool(_TOTAL_FOOTER.match(cell) or _NOTE_FOOTER.search(cell))


def is_footer_row(cells: Sequence[str]) -> bool:
    """True for a row a report's footer can hold: a footer line (is_footer) alone ("Confidential
    Information - Do Not Distribute"), or a labelled totals line (totals_label). A row with other
    values beside it is a deal, whatever its first cell: an account called "Total", a deal called
    "Salesforce.com migration". `cells`: the row's cells, blanks included or not."""
    filled = [c for c in cells if c]
    return (len(filled) == 1 and is_footer(filled[0])) or totals_label(filled) is not None


def totals_label(cells: Sequence[str]) -> str | None:
    """The label of a labelled totals line, or None for any other line: one filled cell a totals
    label ("Total", "Grand Totals (52 records)", "Count: 52", "Gesamtergebnis", "Average"), in any
    column, and every other filled cell a sum or a count ("2,Total,,3000": the count of deals under
    the ID). `cells`: the line's cells, blanks included or not."""
    filled = [c.strip(WHITESPACE) for c in cells if c and c.strip(WHITESPACE)]
    labels = [i for i, c in enumerate(filled) if _TOTAL_FOOTER.match(c)]
    if len(labels) != 1 or not all(_TOTAL_VALUE.match(c) for i, c in enumerate(filled) if i != labels[0]):
        return None
    return filled[labels[0]]


def leading_totals(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[int, list[str]]]]:
    """(`frame` without the labelled totals lines (totals_label) right under its header, those lines as
    (line, their filled cells) for dropped_lines_notes). A report may put its totals above its deals
    ("Total,,,3000" on line 2): they were read as a deal with a blank ID and a stage "Total".
    `frame`: a table's rows, "__line" first, then its text columns; only its first FOOTER_WINDOW rows
    are looked at."""
    dropped: list[tuple[int, list[str]]] = []
    for line, *cells in frame.head(FOOTER_WINDOW).iter_rows():
        filled = [c for c in cells if c]
        if totals_label(filled) is None:
            break
        dropped.append((line, filled))
    return (frame.slice(len(dropped)) if dropped else frame), dropped


def is_sum(cell: str) -> bool:
    """True for a cell a totals line writes beside its label: a number, with a currency code or symbol
    ("USD 10,907,012.00", "5.241.002,39 €", "3")."""
    return _TOTAL_VALUE.match(cell) is not None


def is_totals_line(cells: Sequence[str]) -> bool:
    """True for a line of a report's totals: a labelled one (totals_label), or sums only (the values
    line Salesforce writes under "Grand Totals"). `cells`: the line's cells, blanks included or not."""
    filled = [c for c in cells if c]
    return bool(filled) and (totals_label(filled) is not None or all(_TOTAL_VALUE.match(c) for c in filled))


def footer_block(rows: Sequence[Sequence[str]], width: int) -> int:
    """How many of a table's last non-blank rows are a report's footer block; 0 when they are not.

    `rows`: the last rows (at most FOOTER_WINDOW), in file order, each as its cells; `width`: how many
    cells a deal has (the header's). The block runs from the earliest row whose first filled cell is a
    footer line (is_footer: "Grand Totals (106 records)", "Copyright (c) ... salesforce.com", a
    confidentiality note; a totals label under another column, ",,Grand Total,2000", too) to the end,
    when no row after it is a deal: a row as wide as the header that is not a totals line. So the
    footer's lines may come in any order, an organisation's name or a "Generated By" line among them,
    while a real deal after a "Total..." account still ends the search.
    """
    for first, row in enumerate(rows):
        filled = [c for c in row if c]
        # A row as wide as a deal opens the block only as a labelled totals line ("Total,,,2000"):
        # a row of numbers alone is a deal's (or the values line under a label).
        opens = is_footer_row(filled)
        if opens and not any(_is_deal(r, width) for r in rows[first + 1 :]):
            return len(rows) - first
    return 0


def _is_deal(cells: Sequence[str], width: int) -> bool:
    """True for a row as wide as a deal that is not a report's totals line (blanks and sums only, or a
    totals label and sums) nor a note of one filled cell ("Source: Salesforce,,,," as Excel saves it)."""
    return len(cells) >= width and sum(1 for c in cells if c) > 1 and not is_totals_line(cells)


# Excel's delimiter line: "sep=;" alone on a CSV file's first line tells Excel which character splits
# its columns. It is no title: a file report that called it one quoted it as "'sep='", its ";" taken
# for the split between two cells.
_EXCEL_DELIMITER_LINE = re.compile(r"sep=.", re.IGNORECASE)


def _excel_delimiter_line(line: int, cells: Sequence[str | None], delimiter: str | None) -> str | None:
    """The text of Excel's "sep=;" line when `line` (with `cells`, split by `delimiter`) is one: the
    file's first line, naming one character; None otherwise."""
    if line != 1:
        return None
    text = (delimiter or "").join(c or "" for c in cells).strip(" \r\n")
    if not _EXCEL_DELIMITER_LINE.fullmatch(text):
        return None
    return text.replace("\t", "\\t")  # a tab named so: written as it is, it reads as a space


def title_lines_note(
    header_line: int, above: Sequence[tuple[int, Sequence[str | None]]], delimiter: str | None = None
) -> str | None:
    """The file report's sentence naming the lines above the header that were passed over (a report's
    title, its date, a row of group headings over the columns), or None when none before it holds
    anything: "The header is on line 4; lines 1–3 before it ('ACME Corp — Opportunity Report', 'Deal
    Financials Dates Outcome') are the report's title and headings and were not read as deals."
    `above`: each line before the header (its number as the file or sheet numbers it) and its cells,
    split by `delimiter` (a CSV file's). A CSV file's first line "sep=;" is said for what it is, Excel's
    delimiter line, whole: "Line 1 ('sep=;') is Excel's delimiter line and was not read as data."
    Cell text is quoted as it came, cut at 60 characters (plain text: each page escapes it)."""
    said = []
    if above and (excel := _excel_delimiter_line(*above[0], delimiter)) is not None:
        said.append(f"Line {above[0][0]} ('{excel}') is Excel's delimiter line and was not read as data.")
        above = above[1:]
    shown = [(line, shortened_cell(" ".join(c.strip() for c in cells if c and c.strip())))
             for line, cells in above if any(c and c.strip() for c in cells)]
    quoted = ", ".join(f"'{text}'" for _, text in shown[:3]) + (", …" if len(shown) > 3 else "")
    if len(shown) == 1:
        said.append(f"The header is on line {header_line}; line {shown[0][0]} before it ({quoted}) is the report's "
                     "title and was not read as a deal.")
    elif shown:
        said.append(f"The header is on line {header_line}; lines {shown[0][0]}–{shown[-1][0]} before it ({quoted}) are "
                    "the report's title and headings and were not read as deals.")
    return " ".join(said) or None


# Each totals or footer line's sentence says it is no row of the file's count, in itself: the page shows each
# sentence in a box of its own, where "That line is not counted ..." had stood alone in the next box.
NOT_COUNTED: Final = "or counted in the rows read (accepted + quarantined)."


def dropped_lines_notes(lines: Sequence[tuple[int, Sequence[str]]]) -> list[str]:
    """The file report's sentences naming each line dropped as a totals line (under the header or at
    the end) or as the report's footer, and how they are counted; empty when none was.

    `lines`: each dropped non-blank line's number (as the file or sheet numbers it) and its cells,
    in file order. A totals line (is_totals_line) gets a sentence of its own; the other footer lines
    one per run, blank lines between them joining a run: "Lines 6–12 are the report's footer
    ('Generated by ...', 'Confidential') and were not read as deals." Cell text is quoted as it
    came (plain text: each page escapes it), cut at 60 characters.
    """
    if not lines:
        return []
    notes: list[str] = []
    run: list[tuple[int, str]] = []

    def said(run: list[tuple[int, str]]) -> None:
        if not run:
            return
        shown = ", ".join(f"'{text}'" for _, text in run[:3]) + (", …" if len(run) > 3 else "")
        if len(run) == 1:
            notes.append(f"Line {run[0][0]} is the report's footer ({shown}) and was not read as a deal {NOT_COUNTED}")
        else:
            notes.append(f"Lines {run[0][0]}–{run[-1][0]} are the report's footer ({shown}) and were not read as deals "
                         f"{NOT_COUNTED}")
        run.clear()

    for line, cells in lines:
        filled = [c for c in cells if c]
        text = shortened_cell(totals_label(filled) or (filled[0] if filled else ""))
        if is_totals_line(filled):
            said(run)
            notes.append(f"Line {line} ('{text}') looks like a totals line and was not read as a deal {NOT_COUNTED}")
        else:
            run.append((line, text))
    said(run)
    return notes


def shortened_cell(text: str, most: int = 60) -> str:
    """`text` on one line, cut to `most` characters with an ellipsis."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= most else one_line[: most - 1].rstrip() + "…"


def clean(index: int, name: str) -> pl.Expr:
    """Column `index` stripped of surrounding whitespace and of a leading apostrophe, with blanks and dashes made null."""
    return nulled(index, name, cell_text(index))


# A value ending in whitespace (one pattern: seven ends_with a column took 2.5 times as long). WHITESPACE
# holds no character a pattern's class gives a meaning to.
_ENDS_IN_WHITESPACE = f"[{WHITESPACE}]$"


def columns_clean_changes(raw: pl.DataFrame) -> list[int]:
    """The positions of `raw`'s text columns that `clean` changes: those with a cell that sorts at or below
    "-" (a blank, a dash, or one starting with whitespace or an apostrophe), is an em dash, ends with
    whitespace or starts with a no-break space. Every other column `clean` leaves as it is, and it holds
    no dash (dash_cells need not look in it): one query over the columns, where cleaning every cell of a
    sheet 2,000 columns wide took 0.85 s of processor time, its dashes found again 0.45 s."""
    if raw.width == 0:
        return []
    changed = [
        ((pl.nth(i) <= "-") | (pl.nth(i) == "\u2014") | pl.nth(i).str.starts_with("\u00a0")
         | pl.nth(i).str.contains(_ENDS_IN_WHITESPACE)).any().alias(str(i))
        for i in range(raw.width)
    ]
    return [i for i, flag in enumerate(raw.select(changed).row(0)) if flag]


def cell_text(index: int) -> pl.Expr:
    """Column `index` stripped of surrounding whitespace and of a leading apostrophe that guards a
    number, date or formula.

    A spreadsheet shows '00042 as 00042: the apostrophe only told it to keep the value as text
    (and the quarantine report adds one to neutralise formulas), so it is not part of the value.
    Before a letter it guards nothing and is the value's own: 's-Hertogenbosch, 't Hooft.
    """
    stripped = pl.nth(index).str.strip_chars(WHITESPACE)
    return pl.when(stripped.str.contains(_GUARD_APOSTROPHE)).then(stripped.str.slice(1)).otherwise(stripped)


# An apostrophe a spreadsheet or the quarantine report puts before what would be read as a number,
# a date or a formula (or before nothing, or a space or dash it keeps as written).
_GUARD_APOSTROPHE = r"^'(?:$|[0-9+\-=@.,(\s\u2014\u2013])"


def no_dashes() -> pl.DataFrame:
    """An empty frame of cells written as a dash (DASH_SCHEMA)."""
    return pl.DataFrame(schema=DASH_SCHEMA)


def dash_cells(raw: pl.DataFrame, lines: pl.Series, columns: Iterable[int], stripped: Container[int]) -> pl.DataFrame:
    """The cells of `raw` (text columns, before `clean`) written as a dash, as DASH_SCHEMA.

    `lines`: each row's line (Int64, as long as `raw`); `columns`: the positions to look in (only
    columns that may hold a dash need be given); `stripped`: the positions `clean` strips (cell_text),
    the others being compared as they are. Costs one comparison per cell looked at, and memory for
    the dashes found only.
    """
    found: list[pl.DataFrame] = []
    names = raw.columns
    looked = list(columns)
    # One query over the columns looked in finds those holding a dash; only they are read one by one
    # (a query per column cost a wide file's every column a pass of its own).
    texts = [(cell_text(i) if i in stripped else pl.nth(i)).is_in(DASHES).any().alias(str(n)) for n, i in enumerate(looked)]
    some = raw.select(texts).row(0) if texts else ()
    for index, dashed in zip(looked, some, strict=True):
        if not dashed:
            continue
        text = raw.select((cell_text(index) if index in stripped else pl.nth(index)).alias("text")).get_column("text")
        dash = text.is_in(DASHES)
        if dash.any():
            found.append(pl.DataFrame(
                {LINE: lines.filter(dash), "column": constant(names[index], int(dash.sum()), pl.String),
                 "text": text.filter(dash)}, schema=DASH_SCHEMA,
            ))  # fmt: skip
    return pl.concat(found) if found else no_dashes()


def nulled(index: int, name: str, value: pl.Expr | None = None) -> pl.Expr:
    """Column `index` (or `value` made from it) with blanks and dashes made null, named `name`."""
    value = pl.nth(index) if value is None else value
    return pl.when(value.is_in(NULL_TOKENS)).then(None).otherwise(value).alias(name)
