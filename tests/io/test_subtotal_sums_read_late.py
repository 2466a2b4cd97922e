"""The subtotal lines' sums are read only when a line may need them: a table's amounts are counted frame by frame
and read by the amount parser only when a line labelled as a subtotal comes (most exports have none), or when the
texts counted pass winloss.io.subtotals.PENDING_TEXTS, so memory stays bounded. Either way the same lines are found."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.io import subtotals
from winloss.io.subtotals import SubtotalLines

COLUMNS = ["Opportunity ID", "Owner", "Amount"]
ROWS = [
    ["Q-1", "Ann Lee", "1.200,50 €"], ["Q-2", "Ann Lee", "300,25 €"],
    [None, "Ann Lee Total", "1.500,75 €"],
    ["Q-3", "Ben Okafor", "2.000,00 €"], ["Q-4", "Ben Okafor", "1.000,00 €"], ["Q-5", "Ben Okafor", "500,00 €"],
    [None, "Summe Ben Okafor", "3.500,00 €"],
    [None, "Gesamt", "5.000,75 €"],
    ["Q-6", "Cy Park", "0,50 €"],
]  # fmt: skip


def frames(rows: list[list[str | None]], size: int) -> list[pl.DataFrame]:
    """The rows (lines 2, 3, ...) as frames of `size` rows, as a CSV read in batches gives them."""
    frame = pl.DataFrame([[line, *row] for line, row in enumerate(rows, start=2)], schema=["__line", *COLUMNS], orient="row")
    return [frame.slice(start, size) for start in range(0, frame.height, size)]


def found(rows: list[list[str | None]], size: int) -> tuple[list[tuple[int, str]], list[int]]:
    """(the subtotal lines found, the lines kept) when the rows are fed `size` at a time."""
    lines = SubtotalLines()
    kept = [line for frame in frames(rows, size) for line in lines.kept(frame).get_column("__line").to_list()]
    return lines.lines, kept


def test_amounts_are_not_read_while_no_line_is_labelled_as_a_subtotal(monkeypatch):
    read: list[int] = []

    def counted(texts: pl.Series) -> pl.DataFrame:
        read.append(texts.len())
        return amount_shapes(texts)

    amount_shapes = subtotals.amount_shapes
    monkeypatch.setattr(subtotals, "amount_shapes", counted)
    deals = [[f"Q-{n}", f"Rep {n % 7}", f"{n},{n % 100:02d} €"] for n in range(1, 301)]
    lines = SubtotalLines()
    for frame in frames(deals, 50):
        assert lines.kept(frame).height == frame.height
    # Only each column's first filled cell, which decides whether the column is summed, was read.
    assert sum(read) == len(COLUMNS)
    # A line labelled as a subtotal reads the 300 deals' amounts once, to compare its number with their sum.
    total = sum(n + n % 100 / 100 for n in range(1, 301))
    label = [None, "Grand Total", f"{total:.2f}".replace(".", ",") + " €"]
    assert lines.kept(frames([label], 1)[0]).height == 0
    assert sum(read) > len(COLUMNS) + 300 - 1
    assert [label for _, label in lines.lines] == ["Grand Total"]


@pytest.mark.parametrize("size", [1, 2, 4, 9])
@pytest.mark.parametrize("pending", [1, 3, None])
def test_the_same_lines_are_found_whenever_the_counted_amounts_are_read(size: int, pending: int | None, monkeypatch):
    if pending is not None:  # else the module's own bound
        monkeypatch.setattr(subtotals, "PENDING_TEXTS", pending)
    lines, kept = found(ROWS, size)
    assert lines == [(4, "Ann Lee Total"), (8, "Summe Ben Okafor"), (9, "Gesamt")]
    assert kept == [2, 3, 5, 6, 7, 10]
