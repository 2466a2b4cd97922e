"""A workbook's amount cell merged over several deals is one figure shown for all of them: filled into
each row (as a merged rep is) it was counted once per deal, so 10,000 over two deals made 20,000."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from winloss.ingest.pipeline import prepare

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Close Date", "Amount", "Amount (converted)", "Product"]


def workbook(rows: list[list], merges: list[tuple[int, int, int, object]]) -> bytes:
    """A one-sheet workbook of HEADER and `rows` (sheet rows 2...), with (first row, last row, column,
    value) merged down: the rows' own cells in the merged range are left empty, as Excel keeps them."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            if value is not None:
                sheet.write(i, j, value)
    for first, last, column, value in merges:
        sheet.merge_range(first - 1, column, last - 1, column, value)
    book.close()
    return buffer.getvalue()


def deal(i: int, amount: object = None, converted: object = None, deal_id: str | None = None, product: str = "Core") -> list:
    return [deal_id or f"OPP-{i}", "Ann Lee", "Closed Won", "2025-03-01", amount, converted, product]


def test_an_amount_merged_over_two_deals_keeps_both_out_with_the_reason():
    rows = [deal(1), deal(2), deal(3, 500, 500)]
    prepared = prepare(workbook(rows, [(2, 3, 4, 10000), (2, 3, 5, 10000)]), "deals.xlsx")
    assert prepared.accepted.get_column("opportunity_id").to_list() == ["OPP-3"]
    assert prepared.accepted.get_column("amount").sum() == 500
    errors = prepared.errors.filter(pl.col("check") == "Amount merged over several deals")
    assert errors.get_column("line").to_list() == [2, 3]
    assert errors.get_column("column").to_list() == ["Amount", "Amount"]
    message = errors.get_column("message").first()
    assert "Amount '10000' is one cell merged over lines 2 to 3, which are different deals" in message
    assert "unmerge the cell" in message


def test_a_converted_amount_merged_alone_is_named_as_the_converted_amount():
    rows = [deal(1, 100), deal(2, 200), deal(3, 300, 300)]
    prepared = prepare(workbook(rows, [(2, 3, 5, 900)]), "deals.xlsx")
    assert prepared.rows_accepted == 1
    errors = prepared.errors.filter(pl.col("check") == "Amount merged over several deals")
    assert errors.get_column("column").to_list() == ["Amount (converted)"] * 2
    assert errors.get_column("value").to_list() == ["900"] * 2


def test_an_amount_merged_over_one_deals_product_lines_is_counted_once():
    """The same id on every row of the merged cell: product lines of one deal, which share its amount."""
    rows = [deal(1, deal_id="OPP-1", product="Core"), deal(2, deal_id="OPP-1", product="Add-on"), deal(3, 500, 500)]
    prepared = prepare(workbook(rows, [(2, 3, 4, 10000), (2, 3, 5, 10000)]), "deals.xlsx")
    assert prepared.errors.filter(pl.col("check") == "Amount merged over several deals").height == 0
    assert sorted(prepared.accepted.get_column("amount").to_list()) == [500, 10000]


def test_a_merged_rep_or_date_still_fills_every_deal_it_spans():
    rows = [deal(1, 100, 100), deal(2, 200, 200), deal(3, 300, 300)]
    for row in rows:
        row[1] = row[3] = None
    prepared = prepare(workbook(rows, [(2, 4, 1, "Ann Lee"), (2, 4, 3, "2025-03-01")]), "deals.xlsx")
    assert prepared.rows_accepted == 3
    assert prepared.accepted.get_column("amount").sum() == 600


def test_a_merged_amount_that_runs_into_an_empty_spacer_row_is_its_one_deals():
    """A merge over a deal and the empty row under it had filled the spacer with the amount: a row of
    blanks quarantined three times over, and the deal kept out as merged over "different deals"."""
    rows = [deal(1, 100, 100), [None] * 7, deal(3, 300, 300)]
    rows[0][4] = None
    prepared = prepare(workbook(rows, [(2, 3, 4, 10000)]), "deals.xlsx")
    assert prepared.rows_quarantined == 0
    assert sorted(prepared.accepted.get_column("amount").to_list()) == [300, 10000]


def test_the_product_lines_note_counts_only_deals_stored():
    """Lines 2-3 are one deal's product lines, stored once; lines 4-5 another's, quarantined with an
    amount merged over a different deal too: the note had counted both as "stored once"."""
    rows = [deal(1, 100, 100, "OPP-1", "Core"), deal(2, 100, 100, "OPP-1", "Add-on"),
            deal(3, deal_id="OPP-3", product="Core"), deal(4, deal_id="OPP-3", product="Add-on"), deal(5)]
    prepared = prepare(workbook(rows, [(4, 6, 4, 900), (4, 6, 5, 900)]), "deals.xlsx")
    assert prepared.accepted.get_column("opportunity_id").to_list() == ["OPP-1"]
    assert [n for n in prepared.notes if "product lines" in n] == [
        "2 rows are product lines of 1 deal (the same ID with the same deal fields): each deal is stored once, its "
        "amount counted once and its products listed together."]
