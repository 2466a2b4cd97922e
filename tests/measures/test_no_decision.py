"""Loss and no-decision reasons, days to close by outcome, on the hand-built deals."""

from __future__ import annotations

import polars as pl
import pytest
from small_deals import Q1_2025

from winloss.measures.no_decision import NO_REASON, cycle_days_by_outcome, loss_reasons


def test_cycle_days_by_outcome(deals: pl.LazyFrame) -> None:
    frame = cycle_days_by_outcome(deals, *Q1_2025)
    assert frame["outcome"].to_list() == ["won", "lost", "no_decision"]
    won, lost, no_decision = frame.iter_rows(named=True)
    # Won 59, 70, 76 (D08 left out): p25 = 59 + 0.5 * 11, p75 = 70 + 0.5 * 6.
    assert (won["deals"], won["left_out"]) == (3, 1)
    assert won["median_days"] == pytest.approx(70.0)
    assert won["mean_days"] == pytest.approx((59 + 70 + 76) / 3)
    assert (won["p25_days"], won["p75_days"]) == pytest.approx((64.5, 73.0))
    assert lost["median_days"] == pytest.approx((67 + 72) / 2)
    assert no_decision["median_days"] == pytest.approx(58.0)  # 55, 58, 170


def test_loss_reasons(deals: pl.LazyFrame) -> None:
    frame = loss_reasons(deals, *Q1_2025)
    # Lost or no decision in Q1: Price x2 (D03 200, D06 50), No Decision (D04), Went Dark
    # (D07 400), blank (D09 100): 5 deals.
    assert frame.rows() == [
        ("Price", "lost", 2, pytest.approx(0.4), pytest.approx(250.0)),
        (NO_REASON, "no_decision", 1, pytest.approx(0.2), pytest.approx(100.0)),
        ("No Decision", "no_decision", 1, pytest.approx(0.2), pytest.approx(0.0)),
        ("Went Dark", "no_decision", 1, pytest.approx(0.2), pytest.approx(400.0)),
    ]
    by_profile = loss_reasons(deals, *Q1_2025, by=["seller_profile"])
    hard_worker = by_profile.filter(pl.col("seller_profile") == "Hard Worker")
    assert hard_worker["share"].to_list() == [1.0]  # D09 is all of Cat's losses
