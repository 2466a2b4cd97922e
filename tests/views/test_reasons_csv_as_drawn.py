"""A loss-reason chart's CSV holds what the chart draws: the reasons it draws a bar each and its bar
of the others ("3 other reasons"), as the No decision page's chart of 15 reps writes those 15, not every reason
ranked (views.common.reasons_table, measures.no_decision.as_drawn, one rule with charts.reason_bars); that bar's
lost and no-decision deals a row each, as the bar is stacked."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.measures.no_decision import TOP_REASONS, UNCONVERTED, UNCONVERTED_IN
from winloss.present import charts
from winloss.views.common import PARTIAL, reasons_table

# 13 reasons of 20, 19, … 8 deals; "Reason 00" (20) holds deals of both outcomes, a stacked bar.
NAMES = [f"Reason {i:02d}" for i in range(13)]


def reasons() -> pl.DataFrame:
    """loss_reasons' frame with a reporting currency: "Reason 00" split 15 lost and 5 no decision, each other
    reason one outcome; every deal worth 1,000, but one deal of each of the three smallest reasons in a
    currency without a rate (EUR, GBP, EUR), its amount left out."""
    rows = [("Reason 00", "lost", 15), ("Reason 00", "no_decision", 5)]
    rows += [(name, "lost" if i % 2 else "no_decision", 20 - i) for i, name in enumerate(NAMES) if i]
    total = sum(deals for _, _, deals in rows)
    left = {"Reason 10": ["EUR"], "Reason 11": ["GBP"], "Reason 12": ["EUR"]}
    return pl.DataFrame({
        "loss_reason": [r for r, _, _ in rows], "outcome": [o for _, o, _ in rows], "deals": [d for _, _, d in rows],
        "share": [d / total for _, _, d in rows],
        "amount": [1000.0 * (d - (r in left)) for r, _, d in rows],
        UNCONVERTED: pl.Series([int(r in left) for r, _, _ in rows], dtype=pl.UInt32),
        UNCONVERTED_IN: [left.get(r, []) for r, _, _ in rows],
    })


def drawn_bars(figure) -> dict[str, int]:
    """Each bar of a reason chart (its category) and the deals it draws, its parts added."""
    bars: dict[str, int] = {}
    for trace in figure.data:
        if trace.type == "bar":
            for name, deals in zip(trace.y, trace.x, strict=True):
                bars[name] = bars.get(name, 0) + deals
    return bars


def test_the_reasons_csv_holds_the_bars_the_chart_draws() -> None:
    frame = reasons()
    figure = charts.reason_bars(frame, title="Why deals were lost, most frequent first")
    table = reasons_table(frame)
    bars = drawn_bars(figure)
    assert list(figure.layout.yaxis.categoryarray) == [*NAMES[:TOP_REASONS], "3 other reasons"] and len(bars) == 11
    # Reason 10, 11 and 12 were written one by one under a chart that names them only as "3 other reasons".
    written = table.group_by("loss_reason", maintain_order=True).agg(pl.col("deals").sum())
    assert dict(written.iter_rows()) == bars
    assert table["loss_reason"].to_list()[:3] == ["Reason 00", "Reason 00", "Reason 01"]  # the chart's order
    assert int(table["losses"][0]) == int(frame["deals"].sum()) == sum(bars.values())


def test_the_other_reasons_row_sums_what_its_bar_draws_and_what_its_amount_leaves_out() -> None:
    frame = reasons()
    # A row a part of its bar, as the bar is stacked: Reason 11's lost deals, then Reason 10's and 12's no decision.
    lost, quiet = reasons_table(frame).filter(pl.col("loss_reason") == "3 other reasons").rows(named=True)
    assert (lost["outcome"], quiet["outcome"]) == ("lost", "no_decision")
    assert lost["deals"] == 9 and quiet["deals"] == 10 + 8
    assert lost["share"] + quiet["share"] == pytest.approx(27 / int(frame["deals"].sum()))
    assert lost["amount"] == pytest.approx(1000.0 * 8) and quiet["amount"] == pytest.approx(1000.0 * 16)
    assert (lost[UNCONVERTED], lost[UNCONVERTED_IN], lost[PARTIAL]) == (1, "GBP", True)
    assert (quiet[UNCONVERTED], quiet[UNCONVERTED_IN], quiet[PARTIAL]) == (2, "EUR", True)
    hidden = reasons_table(frame, hide_amounts=True)
    assert "amount" not in hidden.columns and hidden["loss_reason"].to_list()[-1] == "3 other reasons"


def test_ten_reasons_or_fewer_are_each_a_row_and_no_other_row() -> None:
    frame = reasons().filter(pl.col("loss_reason").is_in(NAMES[:TOP_REASONS]))
    table = reasons_table(frame)
    assert table.height == frame.height and set(table["loss_reason"]) == set(NAMES[:TOP_REASONS])
    assert table["outcome"].null_count() == 0
