"""Loss and no-decision reasons, days to close by outcome, on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from small_deals import Q1_2025, generated_deals

from winloss.measures.counting import CYCLE_DAYS, quantile_of_counts
from winloss.measures.no_decision import NO_REASON, cycle_days_by_outcome, loss_reasons
from winloss.measures.summary import closed_in_range


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


@pytest.mark.parametrize("window", [(None, None), (date(2025, 7, 1), date(2026, 3, 31)), (date(2026, 2, 3), date(2026, 2, 9))])
def test_days_to_close_read_off_the_histogram_are_polars_statistics_of_every_deal(window) -> None:
    # Every deal's days through Polars' own median, mean and linear quartiles, to the bit: generated
    # deals with ties, a week with few deals, and deals without a usable cycle left out.
    deals = generated_deals().with_columns(
        pl.when(pl.col("opportunity_id").hash(5) % 9 == 0).then(None).otherwise(pl.col("created_date")).alias("created_date")
    )
    start, end = window
    cycle = CYCLE_DAYS
    direct = (
        closed_in_range(deals, start, end)
        .group_by(pl.col("outcome"))
        .agg(
            cycle.count().cast(pl.Int64).alias("deals"),
            cycle.median().alias("median_days"),
            cycle.mean().alias("mean_days"),
            cycle.quantile(0.25, "linear").alias("p25_days"),
            cycle.quantile(0.75, "linear").alias("p75_days"),
            cycle.null_count().cast(pl.Int64).alias("left_out"),
        )
    )
    want = (
        pl.LazyFrame({"outcome": ["won", "lost", "no_decision"]})
        .join(direct, on="outcome", how="left", maintain_order="left")
        .with_columns(pl.col("deals", "left_out").fill_null(0))
        .collect()
    )
    got = cycle_days_by_outcome(deals, start, end)
    assert got["deals"].sum() > 0 and got["left_out"].sum() > 0
    assert_frame_equal(got, want, check_exact=True)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=80), st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.8, 0.9]),
       st.sampled_from(["linear", "nearest"]))
def test_a_quantile_of_a_histogram_is_the_quantile_of_its_sample(sample: list[int], q: float, method) -> None:
    values = sorted(set(sample))
    counts = [sample.count(v) for v in values]
    assert quantile_of_counts(values, counts, q, method) == pl.Series(sample, dtype=pl.Int64).quantile(q, method)
    assert quantile_of_counts([], [], q, method) is None
