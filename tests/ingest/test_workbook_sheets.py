"""A workbook whose first sheet is empty, or holds a title or notes and no table, is read from the sheet
whose header maps as the file's kind, and the file report says which sheet was read and why; a workbook
no sheet of which holds one is rejected with one sentence naming its sheets and what to do."""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from winloss.ingest.pipeline import file_report, prepare
from winloss.views.data_page import notes as page_notes, rejection

DEALS = [
    ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"],
    ["S-1", "Rosa Vidal", "Closed Won", "1000", "2026-03-03"],
    ["S-2", "Teo Park", "Closed Lost", "2000", "2026-03-04"],
]
ROSTER = [["Rep", "Seller Profile", "Team"], ["Rosa Vidal", "Challenger", "East"], ["Teo Park", "Hard Worker", "West"]]
CHOOSE = " To read another, choose it (on the command line: --sheet NAME)."


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    """An .xlsx with these sheets (name -> rows of cells, [] for a sheet left empty), in order."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("sheets", "said"),
    [
        ({"Cover": [], "Opportunities": DEALS}, "The first sheet 'Cover' is empty; deals were read from sheet 'Opportunities'."),
        (
            {"Title": [["Q1 pipeline review"]], "Deals": DEALS},
            "The first sheet 'Title' holds no table (only 'Q1 pipeline review'); deals were read from sheet 'Deals'.",
        ),
        (
            {"Cover": [], "Read me": [["Figures in USD"]], "Export": DEALS},
            "The first 2 sheets hold no table ('Cover' is empty, 'Read me' holds only 'Figures in USD'); "
            "deals were read from sheet 'Export'.",
        ),
        (
            {"Cover": [["Pipeline export"], ["Prepared for the review"], ["Data on the next sheet"]], "Opportunities": DEALS},
            "The first sheet 'Cover' has no header with the export's fields; deals were read from sheet 'Opportunities'.",
        ),
        ({"Notes": [], "Team": ROSTER}, "The first sheet 'Notes' is empty; reps were read from sheet 'Team'."),
    ],
    ids=["empty", "a title alone", "two sheets before it", "a cover page of notes", "a roster"],
)
def test_the_sheet_read_after_sheets_with_no_table_is_named(sheets, said):
    prepared = prepare(workbook(sheets), "export.xlsx")
    report = file_report(prepared)
    assert report["rejected"] is None and report["rows_read"] == report["rows_accepted"] == 2
    assert report["notes"][0] == said + CHOOSE
    assert page_notes(prepared)[0] == said + " To read another, choose it in Sheet above."


def test_a_first_sheet_with_the_table_is_read_without_a_note():
    report = file_report(prepare(workbook({"Opportunities": DEALS, "Notes": [["Figures in USD"]]}), "export.xlsx"))
    assert report["rejected"] is None and not any("sheet" in n for n in report["notes"])


def test_a_workbook_whose_sheets_are_all_empty_is_rejected_naming_them():
    prepared = prepare(workbook({"Cover": [], "Sheet2": []}), "empty.xlsx")
    assert prepared.rejected == (
        "Every sheet of this workbook is empty ('Cover', 'Sheet2'): export the opportunities report again and upload "
        "the CSV or XLSX file."
    )


def test_a_workbook_whose_sheets_hold_one_line_each_is_rejected_saying_what_each_holds():
    prepared = prepare(workbook({"Cover": [["Q1 review"]], "Sheet2": []}), "titles.xlsx")
    assert prepared.rejected == (
        "No sheet of this workbook holds a table ('Cover' holds only 'Q1 review', 'Sheet2' is empty): export the "
        "opportunities report again and upload the CSV or XLSX file."
    )


def test_a_workbook_no_sheet_of_which_has_an_exports_header_is_rejected_in_one_sentence():
    cover = [["Q1 pipeline review"], ["Prepared by ops"]]
    prepared = prepare(workbook({"Cover": cover, "Notes": [["Owner", "Note"], ["Ops", "Figures in USD"]]}), "notes.xlsx")
    said = (
        "None of this workbook's 2 sheets ('Cover', 'Notes') has the header of an opportunity export (columns for the "
        "opportunity id, the rep and the stage or status): choose the sheet that holds it{}, or export the "
        "opportunities report again and upload the CSV or XLSX file."
    )
    assert prepared.rejected == said.format(" (on the command line: --sheet NAME)")
    assert rejection(prepared) == said.format(" in Sheet above")


def test_a_rejection_names_the_sheet_passed_over_before_the_columns_it_found():
    """A first sheet holding only the export's header (its rows gone) was passed over unsaid: the rejection
    named the second sheet's columns as if they were the export's."""
    sheets = {"Pipeline": [["Opportunity ID", "Stage"]], "Summary": [["Rep", "Won", "Lost"], ["Ann", "3", "2"]]}
    prepared = prepare(workbook(sheets), "export.xlsx")
    assert prepared.rejected is not None
    assert prepared.rejected.startswith("This opportunity export has no column for the opportunity id or the stage or status: "
                                        "the columns found are 'Rep', 'Won', 'Lost'.")
    said = ("The first sheet 'Pipeline' holds no table (only 'Opportunity ID'); the columns were read from sheet 'Summary'. "
            "The workbook has 2 sheets ('Pipeline', 'Summary'): if the export is on another one, choose it")
    assert said in prepared.rejected
