"""Subtotal lines among deals whose amounts are written as a CRM writes them ("1.234,56 €", "$1,234.50"), read by the
amount parser the file's amounts are read with; and a group's count and average lines ("Ann Lee Count 2",
"Average"), found by their label's word and their number, the count or mean of the deals above. From a CSV read
whole and in batches, and from a workbook. A deal named "Average Joe's Diner" stays a deal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import xlsxwriter

from winloss.ingest.pipeline import file_report, prepare, prepare_path
from winloss.io.subtotals import subtotal_lines_note

HEADER = ["Opportunity ID", "Opportunity Name", "Opportunity Owner", "Stage", "Amount", "Close Date"]


def deal(n: int, owner: str, amount: str, stage: str = "Closed Won", name: str | None = None) -> list[str]:
    return [f"Q-{n}", name or f"Deal {n}", owner, stage, amount, f"2026-03-0{n % 9 + 1}"]


def line(label: str, amount: str) -> list[str]:
    return ["", "", label, "", amount, ""]


def csv_bytes(rows: list[list[str]], sep: str) -> bytes:
    def cell(text: str) -> str:
        return f'"{text}"' if sep in text else text
    return "".join(sep.join(cell(c) for c in row) + "\n" for row in [HEADER, *rows]).encode()


def reports(rows: list[list[str]], folder: Path, sep: str = ",") -> list[dict]:
    """The file report of the rows as a CSV read whole and read a row at a time."""
    data = csv_bytes(rows, sep)
    path = folder / "deals.csv"
    path.write_bytes(data)
    with prepare_path(path, batch_rows=1) as batched:
        assert batched.read_count is not None  # read in batches, not whole
        in_batches = file_report(batched)
    return [file_report(prepare(data, "deals.csv")), in_batches]


COMMA_EUROS = [
    deal(1, "Ann Lee", "1.200,50 €"), deal(2, "Ann Lee", "300,25 €", "Closed Lost"),
    line("Ann Lee Total", "1.500,75 €"),
    deal(3, "Ben Okafor", "2.000,00 €"),
    line("Summe Ben Okafor", "2.000,00 €"),
    line("Gesamt", "3.500,75 €"),
    deal(4, "Cy Park", "0,50 €"),
]
POINT_DOLLARS = [
    deal(1, "Ann Lee", "$1,234.50"), deal(2, "Ann Lee", "$765.50", "Closed Lost"),
    line("Ann Lee Total", "$2,000.00"),
    deal(3, "Ben Okafor", "$1,000.00"),
    line("Ben Okafor Total", "$1,000.00"),
]


@pytest.mark.parametrize(("rows", "sep", "deals", "lines"), [
    (COMMA_EUROS, ";", 4, "3 lines (4, 6 and 7: 'Ann Lee Total', 'Summe Ben Okafor', 'Gesamt') each sum"),
    (POINT_DOLLARS, ",", 3, "2 lines (4 and 6: 'Ann Lee Total', 'Ben Okafor Total') each sum"),
])  # fmt: skip
def test_subtotals_of_amounts_written_with_grouping_and_a_currency_are_found(rows, sep, deals, lines, tmp_path: Path):
    """They had stayed rows, quarantined for a blank id and stage: the amounts were summed only when plain numbers."""
    for report in reports(rows, tmp_path, sep):
        assert report["rejected"] is None
        assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (deals, deals, 0)
        assert any(note.startswith(lines) for note in report["notes"]), report["notes"]


def test_an_amount_that_reads_either_way_is_summed_under_the_mark_the_others_show(tmp_path: Path):
    """"1.500" is 1,500 where the column's other amounts write a decimal comma ("250,50"), not 1.5."""
    rows = [deal(1, "Ann Lee", "1.500"), deal(2, "Ann Lee", "250,50"), line("Ann Lee Total", "1.750,50"),
            deal(3, "Ben Okafor", "2,5"), line("Ben Okafor Total", "2,5")]
    for report in reports(rows, tmp_path, ";"):
        assert (report["rows_read"], report["rows_accepted"]) == (3, 3), report["notes"]
    # Amounts written with both marks: "1.500" is read as neither, and the line is no sum of what is read.
    rows = [deal(1, "Ann Lee", "1.500"), deal(2, "Ann Lee", "250.50"), line("Ann Lee Total", "1.750,50")]
    for report in reports(rows, tmp_path, ";"):
        assert report["rows_read"] == 3, report["notes"]
        assert not any("the deals before" in note for note in report["notes"])


GROUPS = [
    deal(1, "Ann Lee", "1200"), deal(2, "Ann Lee", "300", "Closed Lost"),
    line("Ann Lee Count", "2"),
    deal(3, "Ben Okafor", "500"), deal(4, "Ben Okafor", "700"), deal(5, "Ben Okafor", "600"),
    line("Ben Okafor Average", "600"),
    deal(6, "Cy Park", "1.000,50 €"), deal(7, "Cy Park", "2.000,00 €"),
    line("Durchschnitt Cy Park", "1.500,25 €"),
    line("Anzahl", "7"),
    deal(8, "Di Ruiz", "100"),
]


def test_count_and_average_lines_of_a_group_are_found_by_their_count_and_mean(tmp_path: Path):
    for report in reports(GROUPS, tmp_path, ";"):
        assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (8, 8, 0), report["notes"]
        assert ("4 lines (4, 8, 11 and 12: 'Ann Lee Count', 'Ben Okafor Average', 'Durchschnitt Cy Park', …) each "
                "count or average the deals before them and were not read as deals; they are not counted in the rows "
                "read (accepted + quarantined).") in report["notes"]


def test_a_workbooks_count_and_average_lines_are_found_too():
    rows = [deal(1, "Ann Lee", "1200"), deal(2, "Ann Lee", "301"), line("Ann Lee Average", "750.5"),
            deal(3, "Ben Okafor", "500"), line("Ben Okafor Count", "1")]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Opportunities")
    for r, values in enumerate([HEADER, *rows]):
        sheet.write_row(r, 0, [float(v) if r and c == 4 else v or None for c, v in enumerate(values)])
    book.close()
    report = file_report(prepare(buffer.getvalue(), "deals.xlsx"))
    assert (report["rows_read"], report["rows_accepted"]) == (3, 3), report["notes"]
    assert any(note.startswith("2 lines (4 and 6: 'Ann Lee Average', 'Ben Okafor Count') each count or average")
               for note in report["notes"]), report["notes"]


@pytest.mark.parametrize(("row", "why"), [
    (line("Ann Lee Count", "3"), "a count that is not the group's"),
    (line("Ann Lee Average", "1500"), "the group's sum under an average word"),
    (line("Average", "749"), "a number that is no mean of the deals above"),
    (["Q-9", "Average Joe's Diner", "Ann Lee", "Closed Won", "750", "2026-03-09"], "a deal named Average, its mean the deals'"),
    (["", "Average Joe's Diner", "Ann Lee", "", "750", ""], "a deal whose name and owner are two texts"),
])  # fmt: skip
def test_a_count_or_average_line_that_gives_no_count_or_mean_stays_a_row(row, why, tmp_path: Path):
    rows = [deal(1, "Ann Lee", "1200"), deal(2, "Ann Lee", "300", "Closed Lost"), row, deal(3, "Ben Okafor", "500")]
    for report in reports(rows, tmp_path):
        assert report["rows_read"] == 4, why
        assert not any("the deals before" in note for note in report["notes"]), why


def test_the_note_says_what_each_line_gives():
    assert subtotal_lines_note([(4, "Ann Lee Count")]) == (
        "Line 4 ('Ann Lee Count') counts the deals before it and was not read as a deal; it is not counted in the "
        "rows read (accepted + quarantined).")
    assert subtotal_lines_note([(4, "Moyenne")]).startswith("Line 4 ('Moyenne') averages the deals before it")
    assert subtotal_lines_note([(4, "Ann Lee Total"), (7, "Average")]).startswith(
        "2 lines (4 and 7: 'Ann Lee Total', 'Average') each sum or average the deals before them")
