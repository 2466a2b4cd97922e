"""Read a CRM export (CSV in any common encoding and delimiter, or an Excel workbook) into text columns.

The one entry every upload goes through: sniff says what kind of file it is, then csv_file or
excel reads it (csv_batches reads a large CSV in bounded memory instead, after transcoding
rewrites one in another encoding as UTF-8).
"""

from __future__ import annotations

import dataclasses

from winloss.io.csv_file import csv_table
from winloss.io.excel import excel_table
from winloss.io.sniff import is_excel, misnamed_note
from winloss.io.table import AGAIN, FileRejected, RawTable
from winloss.io.workbooks import DEFAULT_BUDGET, Budget, Waited, unwaited, visible_sheet_names


def read_table(
    data: bytes, filename: str, sheet: str | int | None = None, budget: Budget = DEFAULT_BUDGET,
    waited: Waited = unwaited,
) -> RawTable:
    """The file's table; raises FileRejected (and nothing else) when the whole file cannot be read.

    A workbook is read in a child process within `budget` (memory, time, cells, unpacked size;
    see winloss.io.workbooks), so no workbook can take the caller down; `waited` is told each
    second of that reading.
    """
    try:
        workbook = is_excel(data, filename)
        table = excel_table(data, sheet, budget, waited) if workbook else csv_table(data)
        if note := misnamed_note(filename, workbook):  # read as what it holds, and said so
            table = dataclasses.replace(table, notes=(note, *table.notes))
        return table
    except FileRejected:
        raise
    except Exception as exc:  # a traceback never reaches a user: one sentence does
        raise FileRejected(f"This file could not be read as a CSV or Excel export: {AGAIN}.") from exc


def workbook_sheets(data: bytes, filename: str, budget: Budget = DEFAULT_BUDGET) -> list[str]:
    """The names of a workbook's visible sheets, in order; empty for a CSV or a file that cannot be read."""
    try:
        if not is_excel(data, filename):
            return []
        return visible_sheet_names(data, budget)
    except Exception:  # read_table says what is wrong with the file; a sheet list has nothing to add
        return []
