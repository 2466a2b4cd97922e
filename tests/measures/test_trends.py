"""Quarterly trends, QoQ and YoY on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from small_deals import Q1_2025

from winloss.measures.trends import closed_quarters, deltas, quarterly_trend


def test_quarterly_trend_with_a_february_fiscal_year(deals: pl.LazyFrame) -> None:
    trend = quarterly_trend(deals, None, None, fy_start_month=2)
    # FY2025 Q4 = Nov 2024 - Jan 2025: D10 lost, D01 won, D13 expected 15 Jan.
    # FY2026 Q1 = Feb - Apr 2025: D02-D09 and D14 (won D02 D05 D08 D14, lost D03 D06,
    # no decision D04 D07 D09), D11 expected 30 Apr. FY2026 Q2: D12 expected 30 Jun.
    assert trend["quarter"].to_list() == ["FY2025 Q4", "FY2026 Q1", "FY2026 Q2"]
    assert trend["closed"].to_list() == [2, 9, 0]
    assert trend["won"].to_list() == [1, 4, 0]
    assert trend["open"].to_list() == [1, 1, 1]
    assert trend["win_rate"].to_list() == pytest.approx([0.5, 4 / 9, None])
    assert trend["no_decision_share_of_losses"].to_list()[:2] == pytest.approx([0.0, 3 / 5])


def test_quarterly_trend_by_profile_with_a_july_fiscal_year(deals: pl.LazyFrame) -> None:
    trend = quarterly_trend(deals, *Q1_2025, fy_start_month=7, by=["seller_profile"])
    # Jan - Mar 2025 is FY2025 Q3 when the year starts in July.
    assert trend.columns[:2] == ["seller_profile", "quarter"]
    assert trend["quarter"].unique().to_list() == ["FY2025 Q3"]
    assert trend["seller_profile"].to_list() == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert trend["closed"].to_list() == [7, 2, 0]
    assert trend["open"].to_list() == [0, 0, 1]  # only D13 is expected to close in Q1


def test_closed_quarters_hold_the_deals_closed_in_them_and_no_open_deal(deals: pl.LazyFrame) -> None:
    """The quarters a chart or table of quarters shows: FY2026 Q2 (May - Jul 2025) held only D12, open and
    expected to close on 30 Jun, a quarter of close date in which nothing closed."""
    quarters = closed_quarters(deals, None, None, fy_start_month=2)
    trend = quarterly_trend(deals, None, None, fy_start_month=2).filter(pl.col("closed") > 0)
    assert quarters["quarter"].to_list() == ["FY2025 Q4", "FY2026 Q1"]
    assert quarters["open"].to_list() == [None, None]  # an open deal has not closed: in no quarter
    # Everything else as the trend counts it.
    assert quarters.drop("open").equals(trend.drop("open"))


def test_deltas_against_previous_quarter_and_last_year(deals: pl.LazyFrame) -> None:
    row = deltas(deals, end=date(2025, 3, 31)).row(0, named=True)
    assert (row["quarter"], row["previous_quarter"], row["last_year_quarter"]) == (
        "2025 Q1",
        "2024 Q4",
        "2024 Q1",
    )
    # 2025 Q1: 4/9 won; 2024 Q4: D10 lost (0/1); 2024 Q1: nothing.
    assert row["win_rate"] == pytest.approx(4 / 9)
    assert row["win_rate_previous"] == 0.0
    assert row["win_rate_qoq"] == pytest.approx(4 / 9)
    assert row["win_rate_last_year"] is None and row["win_rate_yoy"] is None
    assert (row["closed_qoq"], row["closed_yoy"]) == (8, 9)
    assert row["won_amount_qoq"] == pytest.approx(550.0)
    assert row["no_decision_share_of_losses_qoq"] == pytest.approx(0.6)
    assert (row["n"], row["n_previous"], row["n_last_year"]) == (9, 1, 0)


def test_deltas_carry_the_no_decision_share_n_of_each_quarter(deals: pl.LazyFrame) -> None:
    row = deltas(deals, "2025 Q1").row(0, named=True)
    # 2025 Q1 losses: D03 D06 lost, D04 D07 D09 no decision; 2024 Q4: D10 lost; 2024 Q1: none.
    assert (
        row["no_decision_share_of_losses_n"],
        row["no_decision_share_of_losses_n_previous"],
        row["no_decision_share_of_losses_n_last_year"],
    ) == (5, 1, 0)


@pytest.mark.parametrize(
    ("denominator", "value_n", "denominator_amount"),
    # 2025 Q1 with amounts: won D01 100, D02 300, D08 150; lost D03 200, D06 50; no decision D07 400,
    # D09 100 (D04 and D05 have none). 2024 Q4: D10 lost, 80.
    [("closed", 7, 1300.0), ("excluding_no_decision", 5, 800.0)],
)
def test_deltas_compare_the_value_weighted_win_rate_with_its_own_n(
    deals: pl.LazyFrame, denominator: str, value_n: int, denominator_amount: float
) -> None:
    row = deltas(deals, "2025 Q1", denominator=denominator).row(0, named=True)
    assert row["value_win_rate"] == pytest.approx(550 / denominator_amount)
    assert row["value_win_rate_previous"] == 0.0  # D10 lost: nothing won of 80
    assert row["value_win_rate_qoq"] == pytest.approx(550 / denominator_amount)
    assert row["value_win_rate_last_year"] is None and row["value_win_rate_yoy"] is None
    assert (row["value_n"], row["value_n_previous"], row["value_n_last_year"]) == (value_n, 1, 0)
    # The same rule as the summary's and the trend's value-weighted rate, quarter by quarter.
    trend = {r["quarter"]: r for r in quarterly_trend(deals, denominator=denominator).iter_rows(named=True)}
    assert row["value_win_rate"] == pytest.approx(trend["2025 Q1"]["value_win_rate"])
    assert row["value_win_rate_previous"] == pytest.approx(trend["2024 Q4"]["value_win_rate"])
