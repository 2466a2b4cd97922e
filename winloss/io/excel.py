"""An Excel sheet's cells as a text table: merged cells filled down, the header found, the footer dropped."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

import polars as pl

from winloss.io.table import (
    AGAIN, FOOTER_WINDOW, LINE, MERGE_SCHEMA, FileRejected, RawTable, clean, columns_clean_changes, dash_cells, dropped_lines_notes,
    footer_block, header_names, is_footer_row, leading_totals, no_ragged, shortened_cell, title_lines_note,
)
from winloss.io.cell_formats import CellCurrencies, currency_signs, shows_percent
from winloss.io.sheet_headers import SameHeaderSheets, sheets_with_header
from winloss.io.subtotals import SubtotalLines, subtotal_lines_note
from winloss.text import plural
from winloss.io.workbooks import Budget, Waited, WorkbookRefused, column_letters, sheet_cells, unwaited

_EXCEL_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")
# How the reader writes a date cell ("2024-03-04 00:00:00", "2024-03-04 10:30:00"); a text cell is as typed.
_EXCEL_DATE_CELL = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?$"


def excel_table(data: bytes, sheet: str | int | None, budget: Budget, waited: Waited = unwaited) -> RawTable:
    """A workbook sheet's table (`sheet` as workbooks.sheet_cells takes it), read within `budget`; raises
    FileRejected. `waited` is told each second the reader has been reading."""
    try:
        read = sheet_cells(data, sheet, budget, waited)
    except WorkbookRefused as exc:
        raise FileRejected(str(exc)) from None
    if len(read.passed) > 1 and read.passed[0][0] == read.name:  # no visible sheet holds more than one row
        if all(first is None for _, first in read.passed):
            listed = ", ".join(f"'{name}'" for name, _ in read.passed)
            raise FileRejected(f"Every sheet of this workbook is empty ({listed}): {AGAIN}.")
        raise FileRejected(f"No sheet of this workbook holds a table ({_sheets_said(read.passed)}): {AGAIN}.")
    empty = FileRejected(
        f"The sheet '{read.name}' is empty: choose the sheet that holds the export, or {AGAIN}." if sheet is not None
        else f"This workbook's sheet '{read.name}' is empty: {AGAIN}."
    )
    if read.frame.width == 0:
        raise empty
    cells = _merges_filled_down(read.frame, read.merged)
    # Only the columns clean changes are cleaned (and looked in for dashes below): the others are as they came.
    cleaned = columns_clean_changes(cells)
    text = cells.with_columns([clean(i, cells.columns[i]) for i in cleaned])
    dated = _date_cell_lines(text)  # before their midnight goes: then a date cell reads as the date typed as text
    text = text.with_columns(
        # Date cells come as "YYYY-MM-DD 00:00:00", in the columns holding date cells alone.
        pl.col(column).str.replace(_EXCEL_MIDNIGHT.pattern, "$1") for column in dated
    )
    # Row i of the loaded sheet is spreadsheet row i + 1: fastexcel keeps leading empty rows.
    text = text.insert_column(0, pl.int_range(1, text.height + 1, dtype=pl.Int64, eager=True).alias(LINE))
    filled = text.select(pl.sum_horizontal(pl.exclude(LINE).is_not_null())).to_series()
    text, filled = text.filter(filled > 0), filled.filter(filled > 0)
    if text.height == 0:
        raise empty
    header = _excel_header_row(filled.head(30).to_list())
    header_cells, rows = text.row(header)[1:], text.slice(header + 1)
    # Columns with neither a header nor a value anywhere are layout, not data.
    kept = [
        (column, cell) for column, cell in zip(text.columns[1:], header_cells, strict=False)
        if cell is not None or rows.get_column(column).null_count() < rows.height
    ]  # fmt: skip
    at = {column: index for index, column in enumerate(cells.columns)}  # .columns.index per column was quadratic
    parts = _merged_header_parts(read.merged, text.row(header)[0] - 1, [(at[column], cell) for column, cell in kept])
    names = header_names([cell or (parts[at[column]][0] if at[column] in parts else "") for column, cell in kept])
    named = {at[column]: name for (column, _), name in zip(kept, names, strict=False)}
    frame = rows.select(pl.col(LINE), *[pl.col(column).alias(name) for (column, _), name in zip(kept, names, strict=False)])
    body = _excel_body_rows(frame)
    frame, footer = frame.head(body), frame.slice(body)
    frame, top = leading_totals(frame)
    subtotals = SubtotalLines()
    frame = subtotals.kept(frame)
    dropped = [*top, *((row[0], [c for c in row[1:] if c is not None]) for row in footer.rows())]
    if frame.height == 0:
        raise FileRejected(
            "This sheet has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
    dashes = _renamed_dashes(
        dash_cells(cells, pl.int_range(1, cells.height + 1, dtype=pl.Int64, eager=True), cleaned, set(cleaned)),
        {column: name for (column, _), name in zip(kept, names, strict=False)}, frame,
    )
    positions = {name: at[column] for (column, _), name in zip(kept, names, strict=False)}
    formats = _currency_formats(read.currencies, frame, positions)
    frame = _percent_cells_shown(read.currencies, frame, positions)
    data_lines = frame.get_column(LINE)
    date_cells = {
        name: found for (column, _), name in zip(kept, names, strict=False)
        if column in dated and (found := dated[column].filter(dated[column].is_in(data_lines.implode()))).len()
    }  # fmt: skip
    text_numbers = _lines_by_header(read.text_numbers, positions, data_lines)
    title = title_lines_note(text.row(header)[0], [(row[0], row[1:]) for row in text.head(header).rows()])
    subtotal = subtotal_lines_note(subtotals.lines)
    notes = ((title,) if title else ()) + tuple(dropped_lines_notes(dropped)) + ((subtotal,) if subtotal else ()) + (
        (_formats_unread(read.currencies.unread),) if read.currencies.unread else ())
    if read.unplaced_errors:
        notes += (unplaced_errors_note(read.unplaced_errors),)
    if hidden := frame.filter(pl.col(LINE).is_in(read.hidden_rows)).get_column(LINE).to_list():
        notes += (hidden_rows_note(hidden),)
    if (same := sheets_with_header(data, [c for c in header_cells if c is not None], read.name)).sheets:
        notes += (same_header_note(same, read.name),)
    return RawTable(
        frame, "xlsx", None, no_ragged(), len(dropped) - len(top), notes, formats, passed_sheets=read.passed, sheet=read.name,
        dashes=dashes, date1904=read.date1904, merged=_merged_down(read.merged, positions, frame),
        date_cells=date_cells, text_numbers=text_numbers,
        header_parts={named[part]: named[head] for part, (_, head) in parts.items()},
        hidden_columns=tuple((name, at) for name, at in positions.items() if at in set(read.hidden_columns)),
    )


def _merged_header_parts(
    merged: list[tuple[int, int, int, int]], header_row: int, cells: Sequence[tuple[int, str | None]],
) -> dict[int, tuple[str, int]]:
    """The header cells left blank because a header cell is merged across them: sheet column (0-based) ->
    (its name, the merged header's sheet column), as ("Est. Revenue (part 2)", 5) for the second column of
    "Est. Revenue" merged over F:G. Excel keeps a merged cell's text in its first column only; the others
    are that header's parts (a currency beside its amount), not columns without a name.

    `merged`: SheetCells.merged (0-based first row, first col, last row, last col); `header_row`: the
    header's 0-based sheet row; `cells`: each kept column's sheet column and header cell (None when blank).
    """
    written = dict(cells)
    parts: dict[int, tuple[str, int]] = {}
    for r0, c0, r1, c1 in merged:
        head = written.get(c0)
        if not r0 <= header_row <= r1 or c1 <= c0 or not head:
            continue
        for column in range(c0 + 1, c1 + 1):
            if column in written and written[column] is None:
                parts[column] = (f"{head.strip()} (part {column - c0 + 1})", c0)
    return parts


def _date_cell_lines(text: pl.DataFrame) -> dict[str, pl.Series]:
    """The loaded sheet's columns holding date cells: column -> the spreadsheet lines (Int64) of those
    cells, as the reader writes them (_EXCEL_DATE_CELL) before their midnight is dropped."""
    lines = pl.int_range(1, text.height + 1, dtype=pl.Int64, eager=True).alias(LINE)
    found = {}
    # One query over every column finds those with a date cell; only they are looked at one by one.
    some = text.select(pl.all().str.contains(_EXCEL_DATE_CELL).any()).row(0) if text.width else ()
    for column, any_date in zip(text.columns, some, strict=True):
        if not any_date:
            continue
        dated = text.get_column(column).str.contains(_EXCEL_DATE_CELL).fill_null(False)
        found[column] = lines.filter(dated)
    return found


def _lines_by_header(cells: Sequence[tuple[int, int]], columns: dict[str, int], lines: pl.Series) -> dict[str, pl.Series]:
    """The table's `lines` (Int64) each header's cells (`cells`: (row, column), 0-based, of the sheet; `columns`:
    header -> sheet column) are on, for the headers with any: RawTable.text_numbers."""
    if not cells:
        return {}
    found = pl.DataFrame(cells, schema={LINE: pl.Int64, "column": pl.Int64}, orient="row").with_columns(pl.col(LINE) + 1)
    found = found.filter(pl.col(LINE).is_in(lines.implode()))
    by_column = {at: name for name, at in columns.items()}
    return {by_column[int(column)]: rows.get_column(LINE) for (column,), rows in found.group_by("column")
            if int(column) in by_column}


def _renamed_dashes(dashes: pl.DataFrame, names: dict[str, str], frame: pl.DataFrame) -> pl.DataFrame:
    """The sheet's dash cells (DASH_SCHEMA, by the loaded sheet's column names) of the table's rows
    (`frame`), each under its header (`names`: loaded column -> header; other columns dropped)."""
    return (
        dashes.filter(pl.col("column").is_in(list(names)))
        .with_columns(pl.col("column").replace_strict(names, return_dtype=pl.String))
        .join(frame.select(LINE), on=LINE, how="semi")
    )


def _currency_formats(currencies: CellCurrencies, frame: pl.DataFrame, columns: dict[str, int]) -> dict[str, pl.DataFrame]:
    """RawTable.currency_formats from the sheet's runs (cell_formats.CellCurrencies): for each header whose
    column has any, its data rows' "__line", "signs" and "format"."""
    found: dict[str, pl.DataFrame] = {}
    for name, index in columns.items():
        runs = currencies.columns.get(index)
        if not runs:
            continue
        runs = [run for run in runs if currency_signs(run[2])]  # not a percent format's alone (_percent_cells_shown)
        if not runs:
            continue
        codes = list(dict.fromkeys(code for _, _, code in runs))
        signs = pl.DataFrame({"format": codes, "signs": [" ".join(currency_signs(code)) for code in codes]})
        cells = pl.DataFrame(runs, schema={"first": pl.Int64, "last": pl.Int64, "format": pl.String}, orient="row").select(
            pl.int_ranges("first", pl.col("last") + 1, dtype=pl.Int64).alias(LINE), "format"
        ).explode(LINE).join(signs, on="format", how="left", maintain_order="left").select(LINE, "signs", "format")
        cells = cells.join(frame.select(LINE), on=LINE, how="semi")
        if cells.height:
            found[name] = cells
    return found


def _percent_cells_shown(currencies: CellCurrencies, frame: pl.DataFrame, columns: dict[str, int]) -> pl.DataFrame:
    """`frame` with each number cell formatted as a percentage (cell_formats.shows_percent) written as Excel shows
    it, its value times 100 with a % sign: 0.75 formatted `0%` is "75%", as the user sees it, not "0.75", which a
    probability column of percentages ("60" beside it) could not tell from 0.75%."""
    changed = []
    for name, index in columns.items():
        lines = [line for first, last, code in currencies.columns.get(index, ()) if shows_percent(code)
                 for line in range(first, last + 1)]
        if not lines:
            continue
        number = pl.col(name).cast(pl.Float64, strict=False)
        shown = (number * 100).round(10).cast(pl.String).str.replace(r"\.0$", "") + "%"
        changed.append(pl.when(pl.col(LINE).is_in(lines) & number.is_not_null()).then(shown).otherwise(pl.col(name)).alias(name))
    return frame.with_columns(changed) if changed else frame


def _merged_down(merged: list[tuple[int, int, int, int]], columns: dict[str, int], frame: pl.DataFrame) -> pl.DataFrame:
    """RawTable.merged: the vertically merged ranges (`merged`: SheetCells.merged, 0-based sheet rows
    and columns) of the table's columns (`columns`: header -> sheet column) that span two or more of
    its rows (`frame`'s lines), as (header, first line, last line) of those rows."""
    by_column = {index: name for name, index in columns.items()}
    ranges = pl.DataFrame(
        [(by_column[c0], r0 + 1, r1 + 1) for r0, c0, r1, _ in merged if r1 > r0 and c0 in by_column],
        schema=MERGE_SCHEMA, orient="row",
    )
    if ranges.height == 0:
        return ranges
    spans = ranges.join_where(frame.select(LINE), pl.col(LINE).is_between("first", "last"))
    return (
        spans.group_by("column", "first", "last", maintain_order=True)
        .agg(pl.col(LINE).min().alias("top"), pl.col(LINE).max().alias("bottom"), pl.len().alias("rows"))
        .filter(pl.col("rows") > 1)
        .select("column", pl.col("top").alias("first"), pl.col("bottom").alias("last"))
    )


def hidden_rows_note(lines: Sequence[int]) -> str:
    """The file report's sentence on the table's rows hidden in Excel (`lines`, in order), which are read. Plain text."""
    shown = ", ".join(str(n) for n in lines[:5]) + (" …" if len(lines) > 5 else "")
    how = "by hand, by a filter or in a collapsed group"
    if len(lines) == 1:
        return (f"1 row of this sheet is hidden in Excel (line {shown}), {how}, and was read like the others: if it "
                "was hidden to leave it out, delete it in Excel and upload the file again.")
    return (f"{len(lines):,} rows of this sheet are hidden in Excel (lines {shown}), {how}, and were read like the "
            "others: if they were hidden to leave them out, delete them in Excel and upload the file again.")


def merged_cells_note(merged: pl.DataFrame, kept_apart: Collection[str] = ()) -> str | None:
    """The file report's sentence on the cells merged over several of the table's rows that were spread
    over every row they span (`merged`: RawTable.merged, header and first and last line of each), each
    column named with the lines of its first ranges; None when there are none. `kept_apart`: the
    headers whose merged cells are not spread but kept out (an amount: merged_amounts). Plain text:
    "Cells merged over several rows in Excel were read into every row they span, as the sheet shows
    them: 'Stage' (lines 2–3), 'Close Date' (lines 2–3, 4–6): …"."""
    spread = merged.filter(~pl.col("column").is_in(list(kept_apart))).sort("first")
    if spread.height == 0:
        return None
    said = []
    for (column,), ranges in spread.group_by("column", maintain_order=True):
        lines = [f"{first}–{last}" for first, last in ranges.select("first", "last").rows()]
        said.append(f"'{column}' (lines {', '.join(lines[:3])}{' …' if len(lines) > 3 else ''})")
    return ("Cells merged over several rows in Excel were read into every row they span, as the sheet shows them: "
            f"{', '.join(said)}. If a merged cell does not hold each of those rows' value, unmerge it in Excel, fill in "
            "each row, and upload the file again.")


def hidden_columns_note(columns: Sequence[tuple[str, int]]) -> str:
    """The file report's sentence on the table's columns hidden in Excel that are read, each feeding a
    field (`columns`: each header and its sheet column, 0-based, in order): "2 columns of this sheet are hidden in Excel
    ('Owner' in column B, 'Stage' in column C) and were read like the others: …". Plain text."""
    shown = ", ".join(f"'{name}' in column {column_letters(at + 1)}" for name, at in columns[:5]) + (
        " …" if len(columns) > 5 else "")
    if len(columns) == 1:
        return (f"1 column of this sheet is hidden in Excel ({shown}) and was read like the others: if it was hidden "
                "to leave it out, delete it in Excel, or map another column in its place, and upload the file again.")
    return (f"{len(columns):,} columns of this sheet are hidden in Excel ({shown}) and were read like the others: if they "
            "were hidden to leave them out, delete them in Excel, or map other columns in their place, and upload the "
            "file again.")


_SHEETS_NAMED = 3  # sheets named in the note; the others are counted


def same_header_note(same: SameHeaderSheets, read: str) -> str:
    """The file report's sentence on the other sheets with the read sheet's header (sheet_headers.
    sheets_with_header), whose rows were not read: the first few named with their rows, the others
    counted, the rows in all, and the sheets not looked at. Plain text."""
    sheets = same.sheets
    said = [f"'{name}'" + ("" if rows is None else f" ({plural(rows, 'row')})") for name, rows in sheets[:_SHEETS_NAMED]]
    if len(sheets) > _SHEETS_NAMED:
        said.append(f"{len(sheets) - _SHEETS_NAMED:,} more")
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    one = len(sheets) == 1
    declared = [rows for _, rows in sheets if rows is not None]
    total = f", {plural(sum(declared), 'row')} in all," if len(sheets) > 1 and len(declared) == len(sheets) else ""
    unlooked = (f" The workbook's last {plural(same.not_looked_at, 'sheet')} {'was' if same.not_looked_at == 1 else 'were'} "
                "not looked at.") if same.not_looked_at else ""
    return (f"{'Sheet' if one else 'Sheets'} {listed}{total} {'has' if one else 'have'} the same header as sheet '{read}', "
            f"which was read, and {'was' if one else 'were'} not read: if {'its' if one else 'their'} rows belong in this "
            f"upload, upload the file again for each of those sheets, choosing the sheet, or put every row in one sheet.{unlooked}")


def _formats_unread(why: str) -> str:
    """The note for a workbook whose cells' number formats could not be read (`why`: cell_formats.CellCurrencies.unread)."""
    return (f"The number formats of this workbook's cells were not read ({why}): a currency or scale (such as Mio €) "
            "its amount cells show through their format is not known here, so name the currency in a currency column "
            "and write the amounts in full.")


def unplaced_errors_note(cells: int) -> str:
    """The note for a sheet whose error cells (#N/A...) name no place in it, so they are read as blank."""
    held = "cell holds" if cells == 1 else "cells hold"
    return (f"{cells:,} {held} an Excel error value (such as #N/A) that the workbook does not place in a row and "
            "column, so they are read as blank: fix the formulas in Excel, or save the sheet as CSV and upload that.")


def passed_sheets_note(passed: Sequence[tuple[str, str | None]], read: str, rows: str = "deals") -> str:
    """The file report's sentence on the sheets passed over before the one read (`passed`:
    RawTable.passed_sheets, non-empty; `read`: its name; `rows`: what its rows are, "deals"):
    "The first sheet 'Cover' is empty; deals were read from sheet 'Opportunities'." Plain text."""
    if len(passed) == 1:
        name, first = passed[0]
        what = "is empty" if first is None else f"holds no table (only '{shortened_cell(first)}')"
        return f"The first sheet '{name}' {what}; {rows} were read from sheet '{read}'."
    return f"The first {len(passed)} sheets hold no table ({_sheets_said(passed)}); {rows} were read from sheet '{read}'."


def _sheets_said(passed: Sequence[tuple[str, str | None]]) -> str:
    """"'Cover' is empty, 'Notes' holds only 'Read me'": what each sheet passed over holds."""
    return ", ".join(f"'{name}' is empty" if first is None else f"'{name}' holds only '{shortened_cell(first)}'" for name, first in passed)


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
    # A row empty but for the merged cell is a spacer the cell runs into, not a row it speaks for.
    empty = cells.select(pl.all_horizontal(pl.all().is_null())).to_series().to_list()
    for r0, c0, r1 in spans:
        values = columns[c0]
        for row in range(r0 + 1, min(r1, len(values) - 1) + 1):
            if values[row] is None and not empty[row]:
                values[row] = values[r0]
    return cells.with_columns(pl.Series(cells.columns[i], values, pl.String) for i, values in columns.items())


def _excel_header_row(filled: list[int]) -> int:
    """The header among the first rows: the first nearly as wide as the table, after any title rows."""
    widest = max(filled)
    return next((i for i, n in enumerate(filled[:10]) if n == widest or n > max(1, widest // 2)), 0)


def _excel_body_rows(frame: pl.DataFrame) -> int:
    """How many of the frame's rows (non-blank ones, each with its line) are the table's, the rest being
    a report's footer: the footer rows walking up from the end, or a footer block whose rows come in
    any order (table.footer_block)."""
    keep = frame.height
    while keep:
        cells = [c for c in frame.row(keep - 1)[1:] if c is not None]
        if cells and not is_footer_row(cells):
            break
        keep -= 1
    # A footer row fills one cell (two with a total); a deal fills more, or is a totals row.
    last = [[c for c in frame.row(i)[1:] if c is not None] for i in range(max(0, keep - FOOTER_WINDOW), keep)]
    filled = [(i, cells) for i, cells in zip(range(max(0, keep - FOOTER_WINDOW), keep), last, strict=True) if cells]
    block = footer_block([cells for _, cells in filled], min(2, len(frame.columns) - 1))
    return filled[-block][0] if block else keep
