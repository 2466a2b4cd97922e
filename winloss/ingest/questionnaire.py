"""The profile questionnaire as a file, for managers who do not use the app: one row per rep x statement.

It comes back through the ordinary upload path (kind "assessment"): the same reading, mapping,
validation and quarantine as every other file, so its headers are the ones the mapping knows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

import polars as pl

from winloss.assessment import SCALE_LABELS, STATEMENTS
from winloss.ingest.quarantine import excel_safe_csv, unguarded

COLUMNS = ("Rep", "Rater", "Date", "Statement ID", "Statement", "Score (1-5)")
# The questionnaire's own columns that hold no field: the statement's words, for the person filling it in.
OWN_TEXT = ("Statement",)
SHEET = "Questionnaire"
INSTRUCTIONS = (
    "Score every statement for each rep from 1 to 5: "
    + ", ".join(f"{k} = {v.lower()}" for k, v in SCALE_LABELS.items())
    + ". Write your name in Rater and the day in Date (YYYY-MM-DD; blank means the day the file is uploaded). "
    "Leave the Rep, Statement ID and Statement columns as they are. An indicative questionnaire written from the "
    "published descriptions of the five seller profiles, not a validated diagnostic."
)


def questionnaire_frame(reps: Sequence[str], rater: str | None = None, day: dt.date | None = None) -> pl.DataFrame:
    """Every statement for every rep, in the questionnaire's order, Score blank to fill in."""
    rows = [
        (rep, rater, day.isoformat() if day else None, s.id, s.text, None) for rep in reps for s in STATEMENTS
    ]
    return pl.DataFrame(rows, schema={c: pl.String for c in COLUMNS}, orient="row")


def is_questionnaire(columns: Iterable[str]) -> bool:
    """True for the questionnaire this product hands out (filled in or not), judged by its own columns."""
    return set(COLUMNS) <= set(columns)


def own_text_columns(columns: Sequence[str]) -> tuple[str, ...]:
    """Of a file's `columns`, the ones the questionnaire writes for its reader and no field reads
    (OWN_TEXT); none for a file that is not the questionnaire."""
    return tuple(c for c in columns if c in OWN_TEXT) if is_questionnaire(columns) else ()


def questionnaire_as_answers(frame: pl.DataFrame) -> pl.DataFrame:
    """The questionnaire's CSV read back: the apostrophe `questionnaire_csv` put before a formula-like
    name removed (quarantine.unguarded), so "=HYPERLINK(...)" comes back as the roster spells it."""
    return unguarded(frame)


def questionnaire_csv(reps: Sequence[str], rater: str | None = None, day: dt.date | None = None) -> bytes:
    """The questionnaire as UTF-8 CSV with a byte-order mark, so Excel opens names with accents correctly,
    safe to open in Excel: a name that starts like a formula is written as text (quarantine.excel_safe_csv)."""
    return excel_safe_csv(questionnaire_frame(reps, rater, day))


def questionnaire_xlsx(reps: Sequence[str], rater: str | None = None, day: dt.date | None = None) -> bytes:
    """The questionnaire as a workbook: the answers sheet first (the one an upload reads), scores limited
    to 1-5 by the sheet itself, and the instructions on a second sheet."""
    import xlsxwriter

    frame = questionnaire_frame(reps, rater, day)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, COLUMNS, bold)
    for row, values in enumerate(frame.iter_rows(), start=1):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write_string(row, column, value)  # never a formula, whatever a name starts with
    last = max(frame.height, 1)
    sheet.data_validation(1, 5, last, 5, {
        "validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5,
        "error_message": "Score each statement with a whole number from 1 to 5.",
    })
    sheet.set_column(0, 1, 22)
    sheet.set_column(2, 3, 12)
    sheet.set_column(4, 4, 80, wrap)
    sheet.set_column(5, 5, 12)
    sheet.freeze_panes(1, 0)
    about = book.add_worksheet("How to fill in")
    about.set_column(0, 0, 100, wrap)
    about.write_string(0, 0, INSTRUCTIONS)
    book.close()
    return buffer.getvalue()
