"""Workbook date cells Excel made from a day-first CSV's text read month-first: found per column,
swapped back when the column shows it for sure, else their rows kept out.

A CRM's CSV writes 3 April 2024 as 03/04/2024. Opened in Excel with US settings and saved as
.xlsx, every such text Excel can read month-first becomes a date cell, of 4 March; a text it
cannot read so (25/03/2024) stays text. The column then holds date cells whose every day is 12 or
less beside text dates whose every first number is above 12, and each date cell's day and month
are the wrong way round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from winloss.constant_columns import constant
from winloss.ingest import values
from winloss.text import plural

# The date cells that settle it: genuine dates all fall on a day of 12 or less by chance about
# (12/31)^n of the time, under 1% for five cells (2% for four, 6% for three). The text beside them
# must show the day-first CSV as well, so a column passing both is no chance.
LEAST_CELLS = 5

OPENED_IN_EXCEL = "as when a day-first CSV is opened in Excel with US settings"
UPLOAD_THE_CSV = "export the file from the CRM again and upload the CSV itself, not a copy saved by Excel"


@dataclass(frozen=True)
class SwappedCells:
    """A workbook date column read with the rule, row for row with it."""

    values: pl.Series  # pl.Date: its dates, the date cells swapped back when the column shows it for sure
    unsettled: pl.Series  # Boolean: a date cell that may have its day and month swapped, its row kept out
    note: str | None  # the file report's sentence on the rule, when it read or kept out a cell


def swapped_cells(header: str, texts: pl.Series, read: pl.Series, cells: pl.Series) -> SwappedCells:
    """The column `header` of a workbook with its date cells read by the rule, from its texts (`texts`,
    String), their dates as the column reads them (`read`, pl.Date) and whether each is a date cell
    (`cells`, Boolean; RawTable.date_cells), all row for row.

    A column holding date cells and text dates only day-first reads (values.only_day_first) is the
    signature. Every date cell with a day of 12 or less, every text date one only day-first reads,
    and LEAST_CELLS date cells or more: the cells are read with day and month swapped back and the
    note says so. With less (fewer cells, a cell with a day above 12, a text date that does not show
    day-first), each cell that a swap would change is unsettled and the note says why. Any other
    column is read as it was, with no note.
    """
    frame = pl.DataFrame({"text": texts, "read": read, "cell": cells.fill_null(False)})
    cell = pl.col("cell") & pl.col("read").is_not_null()
    written = ~pl.col("cell") & pl.col("read").is_not_null()
    # A text's date is the column's reading of that text: each distinct text is looked at once.
    distinct = frame.filter(written).unique("text", maintain_order=True)
    day_first = distinct.filter(values.only_day_first(distinct.get_column("text"), distinct.get_column("read")))
    frame = frame.with_columns(only_day_first=pl.col("text").is_in(day_first.get_column("text").implode()))
    day, month = pl.col("read").dt.day(), pl.col("read").dt.month()
    frame = frame.with_columns(cell=cell, written=written, swappable=cell & (day <= 12) & (day != month))
    unchanged = SwappedCells(read, constant(False, read.len(), pl.Boolean), None)
    shown = frame.filter(pl.col("written") & pl.col("only_day_first")).get_column("text")
    unsettled = frame.get_column("swappable")
    if shown.len() == 0 or not unsettled.any():  # no day-first text, or no cell a swap would change
        return unchanged
    written_so = "the column's other dates are written day-first as text"
    cell_text = frame.filter(pl.col("swappable")).get_column("text")[0]  # the first cell a swap changes
    dated = frame.filter(pl.col("cell"))
    late = dated.filter(day > 12).get_column("text")
    other = frame.filter(pl.col("written") & ~pl.col("only_day_first")).get_column("text")
    if late.len() == 0 and other.len() == 0 and dated.height >= LEAST_CELLS:
        swapped = pl.date(pl.col("read").dt.year(), day, month)
        fixed = frame.select(pl.when(pl.col("cell")).then(swapped).otherwise(pl.col("read"))).to_series()
        note = (f"{header}: {dated.height:,} date cells are read with day and month swapped back ('{cell_text}' as "
                f"{values.day_in_words(_swapped(cell_text))}): {written_so} ({shown[0]}), {OPENED_IN_EXCEL}.")
        return SwappedCells(fixed.alias(read.name), unchanged.unsettled, note)
    if late.len():
        why = f"a date cell has a day over 12 ('{late[0]}'), which no swap made"
    elif other.len():
        why = f"a text date is not one only day-first reads ('{other[0]}')"
    else:
        why = f"only {plural(dated.height, 'date cell')} {'shows' if dated.height == 1 else 'show'} it ({LEAST_CELLS} settle it)"
    held = int(unsettled.sum())
    note = (f"{header}: {plural(held, 'date cell')} may have {'its' if held == 1 else 'their'} day and month swapped "
            f"('{cell_text}' may be {values.day_in_words(_swapped(cell_text))}), {OPENED_IN_EXCEL} ({written_so}: "
            f"{shown[0]}), but {why}: {'its row is' if held == 1 else 'their rows are'} quarantined; {UPLOAD_THE_CSV}.")
    return SwappedCells(read, unsettled.alias(read.name), note)


def swapped_cell_reason(header: str, text: str | None) -> str:
    """Why a row whose date cell may have its day and month swapped (SwappedCells.unsettled) is kept
    out, and what to do: `text` is the cell as the file's table holds it ("2024-03-04")."""
    try:
        maybe = f" (it may be {values.day_in_words(_swapped(text or ''))})"
    except ValueError:
        maybe = ""
    return (f"{header} '{text}' is a date cell that may have its day and month swapped{maybe}, {OPENED_IN_EXCEL}: "
            f"{UPLOAD_THE_CSV}.")


def _swapped(text: str) -> dt.date:
    """The day of an ISO date ("2024-03-04") with its day and month swapped (3 April 2024); raises ValueError."""
    day = dt.date.fromisoformat(text[:10])
    return dt.date(day.year, day.day, day.month)
