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


def _deals_closed(*days: tuple[date, str, float]) -> pl.DataFrame:
    """One deal per (close date, outcome, amount), created a year before 2026."""
    return pl.DataFrame({
        "deal_id": [f"E{i}" for i in range(len(days))],
        "outcome": [o for _, o, _ in days],
        "close_date": [d for d, _, _ in days],
        "created_date": [date(2025, 1, 1)] * len(days),
        "amount": [a for _, _, a in days],
    })


def test_a_quarter_no_deal_closed_in_has_its_row_with_no_rate_and_nothing_counted() -> None:
    """Deals closed in 2025 Q4, 2026 Q2 and Q3, none in 2026 Q1: the trend of the range from 1 Oct 2025 had
    no Q1 row, so every chart set Q4 beside Q2 and ran its line straight across Q1 with no word."""
    deals = _deals_closed((date(2025, 11, 3), "won", 100.0), (date(2025, 12, 1), "lost", 50.0),
                          (date(2026, 5, 4), "no_decision", 70.0), (date(2026, 8, 10), "won", 30.0),
                          (date(2026, 9, 1), "lost", 20.0))
    trend = closed_quarters(deals, date(2025, 10, 1), date(2026, 9, 30))
    assert trend["quarter"].to_list() == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    q1 = trend.row(1, named=True)
    assert (q1["closed"], q1["won"], q1["lost"], q1["no_decision"], q1["n"]) == (0, 0, 0, 0, 0)
    assert (q1["won_amount"], q1["lost_amount"], q1["no_decision_amount"]) == (0.0, 0.0, 0.0)
    for rate in ("win_rate", "win_rate_lo", "win_rate_hi", "value_win_rate", "no_decision_share_of_losses",
                 "no_decision_share_of_closed"):
        assert q1[rate] is None, rate  # a gap in the line, never 0%
    assert q1["small_n"] and q1["open"] is None
    # The quarters with deals as before.
    assert trend["closed"].to_list() == [2, 0, 1, 2]
    assert trend["win_rate"].to_list() == pytest.approx([0.5, None, 0.0, 0.5])


def test_every_quarter_of_the_range_runs_to_its_ends_and_to_the_day_its_figures_know() -> None:
    """The range's first and last quarters are on the trend even when no deal closed in them; a range past the
    day its figures know (`through`) stops there, a quarter not yet begun being no quarter of the trend."""
    deals = _deals_closed((date(2026, 5, 4), "won", 70.0))
    trend = closed_quarters(deals, date(2026, 1, 1), date(2026, 12, 31), through=date(2026, 8, 15))
    assert trend["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3"]
    assert trend["closed"].to_list() == [0, 1, 0]
    assert closed_quarters(deals.head(0), date(2026, 1, 1), date(2026, 12, 31)).height == 0  # nothing closed
    # Without a range, the quarters from the first close to the last, none skipped.
    two = _deals_closed((date(2025, 11, 3), "won", 1.0), (date(2026, 5, 4), "lost", 1.0))
    assert closed_quarters(two)["quarter"].to_list() == ["2025 Q4", "2026 Q1", "2026 Q2"]
    assert closed_quarters(two, fy_start_month=2)["quarter"].to_list() == ["FY2026 Q4", "FY2027 Q1", "FY2027 Q2"]
