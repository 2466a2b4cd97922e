"""What a workbook's cells hide or spread is named in the file report, as its hidden rows are: the
columns hidden in Excel that a field is read from, and the cells merged over several rows that were
read into each of them. A hidden Stage column was read without a word (the visible "Stage (old)"
beside it looked like the one read), and a Stage or Close Date merged over three deals gave all
three its value unsaid."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from winloss.ingest.pipeline import prepare

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Close Date", "Amount", "Stage (old)", "Internal note"]
ROWS = [
    ["H-1", "Ann Lee", "Closed Won", "2025-11-01", 1000, "Negotiation", "call back"],
    ["H-2", "Bob Roy", "Closed Lost", "2025-11-02", 2000, "Closed Won", ""],
    ["H-3", "Bob Roy", "Closed Won", "2025-11-03", 3000, "Proposal", ""],
    ["H-4", "Cy Oh", "Closed Lost", "2025-11-04", 4000, "Proposal", ""],
]


def workbook(hide: tuple[str, ...] = (), merge: tuple[str, ...] = (), group: str | None = None) -> bytes:
    """The deals, with the sheet columns `hide` (such as "C:C", "B:C", "H:XFD") hidden, the ranges `merge`
    (such as "C2:C4") merged with their first row's value, and the columns `group` hidden in a collapsed group."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(ROWS, start=1):
        sheet.write_row(i, 0, row)
    for columns in hide:
        sheet.set_column(columns, None, None, {"hidden": True})
    if group:
        sheet.set_column(group, None, None, {"level": 1, "hidden": True, "collapsed": True})
    for cells in merge:
        first = cells.split(":")[0]
        value = ROWS[int(first[1:]) - 2][ord(first[0]) - ord("A")]
        sheet.merge_range(cells, value)
    book.close()
    return buffer.getvalue()


def notes_with(prepared, words: str) -> list[str]:
    return [note for note in prepared.notes if words in note]


@pytest.mark.parametrize(("hide", "group", "said"), [
    (("C:C",), None, "1 column of this sheet is hidden in Excel ('Stage' in column C) and was read like the others"),
    (("B:C",), None, "2 columns of this sheet are hidden in Excel ('Opportunity Owner' in column B, 'Stage' in column C) "
                     "and were read like the others"),
    ((), "D:E", "2 columns of this sheet are hidden in Excel ('Close Date' in column D, 'Amount' in column E) and were "
                "read like the others"),
    # The deal's id, hidden as Dynamics hides its "(Do Not Modify) Opportunity": deleting it would lose the key.
    (("A:C",), None, "2 columns of this sheet are hidden in Excel ('Opportunity Owner' in column B, 'Stage' in column C) "
                     "and were read like the others"),
    # A hidden column no field is read from, and Excel's "hide every column right of the table", are not named.
    (("C:C", "G:XFD"), None, "1 column of this sheet is hidden in Excel ('Stage' in column C) and was read like the others"),
])
def test_a_hidden_column_a_field_is_read_from_is_named(hide, group, said):
    prepared = prepare(workbook(hide, group=group), "deals.xlsx")
    assert prepared.rows_accepted == 4
    assert [note.split(":")[0] for note in notes_with(prepared, "hidden in Excel")] == [said]


def test_hidden_columns_no_field_is_read_from_are_not_named():
    prepared = prepare(workbook(("F:G",)), "deals.xlsx")
    assert prepared.rows_accepted == 4 and notes_with(prepared, "hidden in Excel") == []


@pytest.mark.parametrize(("merge", "said"), [
    (("C2:C3",), "'Stage' (lines 2–3)"),
    (("D3:D5",), "'Close Date' (lines 3–5)"),
    (("C2:C3", "D2:D3", "B4:B5"), "'Stage' (lines 2–3), 'Close Date' (lines 2–3), 'Opportunity Owner' (lines 4–5)"),
])
def test_cells_merged_over_several_rows_and_read_into_each_are_named(merge, said):
    prepared = prepare(workbook(merge=merge), "deals.xlsx")
    assert prepared.rows_accepted == 4
    assert notes_with(prepared, "merged over several rows") == [
        f"Cells merged over several rows in Excel were read into every row they span, as the sheet shows them: {said}. "
        "If a merged cell does not hold each of those rows' value, unmerge it in Excel, fill in each row, and upload "
        "the file again."]


def test_an_amount_merged_over_several_deals_is_kept_out_not_named_as_spread():
    prepared = prepare(workbook(merge=("E2:E3",)), "deals.xlsx")
    assert prepared.rows_accepted == 2
    assert notes_with(prepared, "merged over several rows") == []


def test_a_workbook_with_nothing_hidden_or_merged_says_neither():
    prepared = prepare(workbook(), "deals.xlsx")
    assert notes_with(prepared, "hidden in Excel") == notes_with(prepared, "merged over several rows") == []


def test_a_sheet_the_archive_does_not_list_gives_no_merges_and_nothing_hidden() -> None:
    """A sheet name the workbook's part list does not hold gives the same three empty answers as an
    unreadable part: the reader unpacks three, and two would fail it instead of reading the sheet plainly."""
    from winloss.io.workbooks import merged_and_hidden

    assert merged_and_hidden(workbook(hide=("C:C",)), "No such sheet") == ([], [], [])
