"""Subtotal lines between a report's deals ("Ann Lee Total", "Summe Ben Okafor", a region's "East Total"
over its reps'), as Excel's Data > Subtotal, a pivot table laid out as a table or a summary report leave
them, are not read as deals, and the file report names them: from a workbook, and from a CSV read whole
or in batches. A deal whose name holds "Total" stays a deal, and so does a "Total" line whose number is
no sum of the rows above it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xlsxwriter

from winloss.ingest.pipeline import file_report, prepare, prepare_path

HEADER = ["Opportunity ID", "Opportunity Name", "Opportunity Owner", "Stage", "Amount", "Close Date"]
# Two regions: Ann's and Ben's deals, each with its subtotal, then the region's; Cy's, then his region's.
GROUPED = [
    ["Q-1", "Deal A", "Ann Lee", "Closed Won", "1200", "2026-03-01"],
    ["Q-2", "Deal B", "Ann Lee", "Closed Lost", "300", "2026-03-02"],
    ["", "", "Ann Lee Total", "", "1500", ""],
    ["Q-3", "Total Logistics renewal", "Ben Okafor", "Closed Won", "500", "2026-03-03"],
    ["", "", "Summe Ben Okafor", "", "500", ""],
    ["", "", "East Total", "", "2000", ""],
    ["Q-4", "Deal D", "Cy Park", "Closed Won", "700.5", "2026-03-04"],
    ["", "", "Cy Park Total", "", "700.5", ""],
    ["", "", "Gesamt West", "", "700.5", ""],
    ["Grand Total", "", "", "", "2700.5", ""],
]
SUBTOTALS = ("5 lines (4, 6, 7, 9 and 10: 'Ann Lee Total', 'Summe Ben Okafor', 'East Total', …) each sum the "
             "deals before them and were not read as deals; they are not counted in the rows read (accepted + "
             "quarantined).")


def csv_bytes(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\n" for row in [HEADER, *rows]).encode()


def workbook_bytes(rows: list[list[str]]) -> bytes:
    """The rows as a sheet: each amount a number cell, as Excel's Subtotal writes its sums."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Opportunities")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, [float(v) if v and HEADER[c] == "Amount" else v or None for c, v in enumerate(row)])
    book.close()
    return buffer.getvalue()


def reports(rows: list[list[str]], folder: Path) -> list[dict]:
    """The file report of the rows as a workbook, a CSV read whole, and a CSV read a row at a time."""
    path = folder / "deals.csv"
    path.write_bytes(csv_bytes(rows))
    with prepare_path(path, batch_rows=1) as batched:
        assert batched.read_count is not None  # read in batches, not whole
        in_batches = file_report(batched)
    return [file_report(prepare(workbook_bytes(rows), "deals.xlsx")), file_report(prepare(csv_bytes(rows), "deals.csv")),
            in_batches]


def test_subtotal_lines_between_the_deals_are_named_and_not_read(tmp_path: Path):
    """They were read as deals: quarantined with a blank stage and id, five rows for four deals."""
    for report in reports(GROUPED, tmp_path):
        assert report["rejected"] is None
        assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (4, 4, 0)
        assert SUBTOTALS in report["notes"]
        assert "Line 11 ('Grand Total') looks like a totals line and was not read as a deal or counted in the rows read (accepted + quarantined)." in report["notes"]


@pytest.mark.parametrize(("line", "why"), [
    (["", "", "Ann Lee Total", "", "1499", ""], "a number that is no sum of the rows above"),
    (["", "", "Total", "", "9999", ""], "a bare total word beside no sum"),
    (["Q-9", "Total Logistics", "Ann Lee", "", "1500", ""], "a deal named Total, its id beside it, summing the deals above"),
    (["", "Total Gym", "Ann Lee", "", "1500", ""], "a deal whose name and owner are two texts"),
])  # fmt: skip
def test_a_line_that_is_no_subtotal_stays_a_row(line, why, tmp_path: Path):
    rows = [*GROUPED[:2], line, GROUPED[3]]
    for report in reports(rows, tmp_path):
        assert (report["rows_read"], report["rows_quarantined"]) == (4, 1), why
        assert not any("subtotal" in note for note in report["notes"]), why


def test_one_subtotal_line_is_said_alone(tmp_path: Path):
    rows = [*GROUPED[:3], GROUPED[3]]
    for report in reports(rows, tmp_path):
        assert (report["rows_read"], report["rows_accepted"]) == (3, 3)
        assert ("Line 4 ('Ann Lee Total') sums the deals before it and was not read as a deal; it is not "
                "counted in the rows read (accepted + quarantined).") in report["notes"]
