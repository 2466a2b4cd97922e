"""An Excel sheet's cells as a text table: merged cells filled down, the header found, the footer dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from winloss.io.table import (
    AGAIN, FOOTER_WINDOW, LINE, FileRejected, RawTable, clean, dash_cells, dropped_lines_notes, footer_block, header_names, is_footer_row,
    no_ragged, shortened_cell,
)
from winloss.io.cell_formats import CellCurrencies
from winloss.io.workbooks import Budget, Waited, WorkbookRefused, sheet_cells, unwaited

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
    text = cells.select([clean(i, c) for i, c in enumerate(cells.columns)])
    dated = _date_cell_lines(text)  # before their midnight goes: then a date cell reads as the date typed as text
    text = text.with_columns(
        pl.all().str.replace(_EXCEL_MIDNIGHT.pattern, "$1")  # date cells come as "YYYY-MM-DD 00:00:00"
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
    names = header_names([cell or "" for _, cell in kept])
    frame = rows.select(pl.col(LINE), *[pl.col(column).alias(name) for (column, _), name in zip(kept, names, strict=False)])
    body = _excel_body_rows(frame)
    frame, footer = frame.head(body), frame.slice(body)
    dropped = [(row[0], [c for c in row[1:] if c is not None]) for row in footer.rows()]
    if frame.height == 0:
        raise FileRejected(
            "This sheet has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
    every = range(cells.width)
    dashes = _renamed_dashes(
        dash_cells(cells, pl.int_range(1, cells.height + 1, dtype=pl.Int64, eager=True), every, set(every)),
        {column: name for (column, _), name in zip(kept, names, strict=False)}, frame,
    )
    formats = _currency_formats(read.currencies, frame, {name: cells.columns.index(column) for (column, _), name in zip(kept, names, strict=False)})
    data_lines = frame.get_column(LINE)
    date_cells = {
        name: found for (column, _), name in zip(kept, names, strict=False)
        if column in dated and (found := dated[column].filter(dated[column].is_in(data_lines.implode()))).len()
    }  # fmt: skip
    notes = tuple(dropped_lines_notes(dropped)) + ((_formats_unread(read.currencies.unread),) if read.currencies.unread else ())
    if read.unplaced_errors:
        notes += (unplaced_errors_note(read.unplaced_errors),)
    return RawTable(
        frame, "xlsx", None, no_ragged(), len(dropped), notes, formats, passed_sheets=read.passed, sheet=read.name,
        dashes=dashes, date1904=read.date1904, date_cells=date_cells,
    )


def _date_cell_lines(text: pl.DataFrame) -> dict[str, pl.Series]:
    """The loaded sheet's columns holding date cells: column -> the spreadsheet lines (Int64) of those
    cells, as the reader writes them (_EXCEL_DATE_CELL) before their midnight is dropped."""
    lines = pl.int_range(1, text.height + 1, dtype=pl.Int64, eager=True).alias(LINE)
    found = {}
    for column in text.columns:
        dated = text.get_column(column).str.contains(_EXCEL_DATE_CELL).fill_null(False)
        if dated.any():
            found[column] = lines.filter(dated)
    return found


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
    column has any, its data rows' "__line" and "signs"."""
    found: dict[str, pl.DataFrame] = {}
    for name, index in columns.items():
        runs = currencies.columns.get(index)
        if not runs:
            continue
        cells = pl.DataFrame(runs, schema={"first": pl.Int64, "last": pl.Int64, "signs": pl.String}, orient="row").select(
            pl.int_ranges("first", pl.col("last") + 1, dtype=pl.Int64).alias(LINE), "signs"
        ).explode(LINE)
        cells = cells.join(frame.select(LINE), on=LINE, how="semi")
        if cells.height:
            found[name] = cells
    return found


def _formats_unread(why: str) -> str:
    """The note for a workbook whose cells' number formats could not be read (`why`: cell_formats.CellCurrencies.unread)."""
    return (f"The number formats of this workbook's cells were not read ({why}): a currency its amount cells show "
            "through their format is not known here, so name it in a currency column.")


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
