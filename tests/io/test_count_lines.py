"""A spreadsheet's footer of several totals lines ("Total", "Count", "Average", "Sum", "Record Count: 3",
"Grand Totals (3 records)", as Excel's total row and Salesforce's summaries write them), in any order, under
the table or right under its header, is named line by line as totals lines, from a CSV (read whole and in
batches) and a workbook alike. A "Count" line with its number under the amount's column was read as a deal:
it undid the "Total" line above it, and both were quarantined as "Opportunity ID is blank"."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.io.test_totals_lines import (
    COUNTED, DEALS, assert_csv_read_as_deals_only, assert_read_as_deals_only, csv_bytes, workbook_bytes,
)
from winloss.ingest.pipeline import file_report, prepare

# Each totals line, as cells under the header (Opportunity ID, Owner, Stage, Amount, Close Date).
LINES = {
    "Total": ["Total", "", "", "2000", ""],
    "Count": ["Count", "", "", "3", ""],
    "Average": ["Average", "", "", "666.67", ""],
    "Sum": ["Sum", "", "", "2000", ""],
    "Record Count: 3": ["Record Count: 3"],
    "Grand Totals (3 records)": ["Grand Totals (3 records)"],
}
# Every order of three of them, and all six in two orders: each a footer block as a spreadsheet user leaves it.
ORDERS = [*itertools.permutations(["Total", "Count", "Average"]), ("Count", "Total"), ("Count",), tuple(LINES),
          tuple(reversed(LINES))]


def said(labels: tuple[str, ...], first: int) -> list[str]:
    """The report's sentences on `labels`, the totals lines from line `first` on, one line each."""
    return [f"Line {first + i} ('{label}') looks like a totals line and was not read as a deal {COUNTED}"
            for i, label in enumerate(labels)]


@pytest.mark.parametrize("labels", ORDERS, ids=" / ".join)
def test_totals_lines_in_any_order_under_a_csv_table_are_named(labels, tmp_path: Path):
    below = [LINES[label] for label in labels]
    assert_csv_read_as_deals_only(csv_bytes(below), said(labels, 2 + len(DEALS)), tmp_path)


@pytest.mark.parametrize("labels", ORDERS, ids=" / ".join)
def test_totals_lines_in_any_order_under_a_workbook_table_are_named(labels):
    below = [LINES[label] for label in labels]
    assert_read_as_deals_only(file_report(prepare(workbook_bytes(below), "deals.xlsx")), said(labels, 2 + len(DEALS)))


@pytest.mark.parametrize("labels", ORDERS, ids=" / ".join)
def test_totals_lines_in_any_order_right_under_a_csv_header_are_named(labels, tmp_path: Path):
    above = [LINES[label] for label in labels]
    assert_csv_read_as_deals_only(csv_bytes([], above), said(labels, 2), tmp_path)


@pytest.mark.parametrize("labels", ORDERS, ids=" / ".join)
def test_totals_lines_in_any_order_right_under_a_workbook_header_are_named(labels):
    above = [LINES[label] for label in labels]
    assert_read_as_deals_only(file_report(prepare(workbook_bytes([], above), "deals.xlsx")), said(labels, 2))


def test_a_deal_whose_owner_is_count_is_read_as_a_deal():
    """A "Count" beside a deal's other values is a deal's cell, not a totals line."""
    data = csv_bytes([["Q-4", "Count", "Closed Won", "700", "2026-03-04"]])
    report = file_report(prepare(data, "deals.csv"))
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (4, 4, 0)
    assert not any(COUNTED in n for n in report["notes"])


def test_a_short_line_under_the_header_that_is_no_totals_line_stays_quarantined():
    """Only totals lines are dropped above the deals: a short line that is not one is a row of the wrong width."""
    data = csv_bytes([], [["Q-0", "Ana Lima"], LINES["Record Count: 3"]])
    report = file_report(prepare(data, "deals.csv"))
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (5, 3, 2)
    assert not any(COUNTED in n for n in report["notes"])
