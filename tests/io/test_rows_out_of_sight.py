"""What a workbook keeps out of sight is named in the file report: rows hidden in Excel, which are read,
and other sheets with the read sheet's header, which are not. Such sheets (an export
split by quarter, or too long for one sheet) had their deals left out without a word."""

from __future__ import annotations

import io
import re

import xlsxwriter

from tests.io.test_cell_formats import with_part_changed
from winloss.ingest.pipeline import prepare
from winloss.io.readers import read_table
from winloss.io.sheet_headers import sheets_with_header

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Close Date", "Amount"]


def workbook(sheets: dict[str, list[list]], hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook of the named sheets, each its rows from A1 (None: no cell)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    sheet.write(i, j, value)
        if name in hidden:
            sheet.hide()
    book.close()
    return buffer.getvalue()


def deals(first: int, count: int) -> list[list]:
    return [HEADER] + [[f"OPP-{i}", "Ann Lee", "Closed Won", "2025-03-01", 100] for i in range(first, first + count)]


def test_sheets_split_by_quarter_name_the_unread_ones_and_their_rows():
    data = workbook({"Q1": deals(1, 3), "Notes": [["Exported 2025-04-01"]], "Q2": deals(10, 5), "Q3": deals(20, 2)})
    prepared = prepare(data, "deals.xlsx")
    assert prepared.rows_accepted == 3
    note = next(n for n in prepared.notes if "same header" in n)
    assert note.startswith("Sheets 'Q2' (5 rows) and 'Q3' (2 rows), 7 rows in all, have the same header as sheet 'Q1', "
                           "which was read, and were not read")
    assert "upload the file again for each of those sheets, choosing the sheet" in note


def test_one_other_sheet_is_said_in_the_singular_and_a_header_below_a_title_is_found():
    other = [["Pipeline export"], [None], *deals(10, 4)]
    data = workbook({"Deals": deals(1, 2), "More": other})
    assert sheets_with_header(data, HEADER, "Deals").sheets == [("More", 4)]
    table = read_table(data, "deals.xlsx")
    note = next(n for n in table.notes if "same header" in n)
    assert note.startswith("Sheet 'More' (4 rows) has the same header as sheet 'Deals', which was read, and was not read")


def test_many_sheets_name_the_first_three_count_the_rest_and_say_which_were_not_looked_at():
    """Thirty sheets listed by name made a note of nine lines; past the fiftieth, sheets were left out unsaid."""
    sheets = {"S00": deals(1, 1), **{f"S{i:02d}": deals(100 * i, 2) for i in range(1, 61)}, "Empty": [HEADER]}
    note = next(n for n in read_table(workbook(sheets), "deals.xlsx").notes if "same header" in n)
    assert note.startswith("Sheets 'S01' (2 rows), 'S02' (2 rows), 'S03' (2 rows) and 47 more, 100 rows in all, have the "
                           "same header as sheet 'S00'")
    assert note.endswith("The workbook's last 11 sheets were not looked at.")


def test_sheets_with_another_header_or_hidden_or_no_rows_are_not_named():
    pivot = [["Stage", "Sum of Amount"], ["Closed Won", 300]]
    data = workbook({"Q1": deals(1, 3), "Pivot": pivot, "Backup": deals(50, 3), "Template": [HEADER]}, hidden=("Backup",))
    assert sheets_with_header(data, HEADER, "Q1").sheets == []
    assert not any("same header" in n for n in read_table(data, "deals.xlsx").notes)


def test_the_header_is_compared_without_case_or_surrounding_space():
    other = [[f"  {c.upper()} " for c in HEADER]] + deals(10, 1)[1:]
    assert sheets_with_header(workbook({"Q1": deals(1, 1), "Q2": other}), HEADER, "Q1").sheets == [("Q2", 1)]


def test_inline_strings_and_cells_without_references_are_read():
    """A header written as inline strings, its cells without their r="B1": both are the file format's."""

    def inline(part: bytes) -> bytes:
        header = b"".join(b'<c t="inlineStr"><is><t>' + c.encode() + b"</t></is></c>" for c in HEADER)
        return re.sub(rb'<row r="1"[^>]*>.*?</row>', b'<row r="1">' + header + b"</row>", part, count=1, flags=re.S)

    data = with_part_changed(workbook({"Q1": deals(1, 2), "Q2": deals(5, 2)}), "xl/worksheets/sheet2.xml", inline)
    assert sheets_with_header(data, HEADER, "Q1").sheets == [("Q2", 2)]
    shared = with_part_changed(
        workbook({"Q1": deals(1, 2), "Q2": deals(5, 2)}), "xl/worksheets/sheet2.xml", lambda p: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", p)
    )
    assert sheets_with_header(shared, HEADER, "Q1").sheets == [("Q2", 2)]


def test_a_workbook_of_one_sheet_or_a_csv_has_no_such_note():
    assert not any("same header" in n for n in read_table(workbook({"Deals": deals(1, 2)}), "deals.xlsx").notes)
    assert sheets_with_header(b"Opportunity ID,Stage\n1,Won\n", HEADER, "Deals").sheets == []


def test_rows_hidden_in_excel_are_read_and_named():
    """Rows hidden by hand or by a filter were stored without a word; they are read, and the report says which."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    for i, row in enumerate(deals(1, 8)):
        sheet.write_row(i, 0, row)
        if i in (2, 3, 4, 5, 6, 7):
            sheet.set_row(i, None, None, {"hidden": True})
    book.close()
    prepared = prepare(buffer.getvalue(), "deals.xlsx")
    assert prepared.rows_accepted == 8
    note = next(n for n in prepared.notes if "hidden in Excel" in n)
    assert note.startswith("6 rows of this sheet are hidden in Excel (lines 3, 4, 5, 6, 7 …), by hand, by a filter or in a "
                           "collapsed group, and were read like the others")


def test_one_hidden_row_is_said_in_the_singular_and_hidden_columns_are_not_rows():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.set_column(5, 5, None, None, {"hidden": True})
    for i, row in enumerate(deals(1, 3)):
        sheet.write_row(i, 0, row)
    sheet.set_row(2, None, None, {"hidden": True})
    book.close()
    notes = [n for n in read_table(buffer.getvalue(), "deals.xlsx").notes if "hidden in Excel" in n]
    assert notes == ["1 row of this sheet is hidden in Excel (line 3), by hand, by a filter or in a collapsed group, and was "
                     "read like the others: if it was hidden to leave it out, delete it in Excel and upload the file again."]
