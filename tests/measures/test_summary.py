"""Win rates and summaries on hand-built deals whose every number is worked out in the comments."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from small_deals import Q1_2025, generated_deals

from winloss.measures.summary import SUMMARY_COLUMNS, closed_counts, closed_in_range, definition_text, outcome_summary, summary_by, won_value_index
from winloss.rates import Denominator, wilson_interval


def test_denominator_labels_say_what_is_divided_by_what() -> None:
    assert Denominator("closed") is Denominator.CLOSED
    assert "won + lost + no decision" in Denominator.CLOSED.label
    assert "won + lost" in Denominator.EXCLUDING_NO_DECISION.label
    assert "excluding no-decision" in Denominator.EXCLUDING_NO_DECISION.label
    assert Denominator.CLOSED.label in definition_text(Denominator.CLOSED)
    assert "excluding" in definition_text("excluding_no_decision")


def test_closed_in_range_is_lazy_and_by_close_date(deals: pl.LazyFrame) -> None:
    closed = closed_in_range(deals, *Q1_2025)
    assert isinstance(closed, pl.LazyFrame)
    # D01..D09 close in Q1; D10 closed in 2024, D14 in April, the rest are open.
    assert sorted(closed.collect()["opportunity_id"]) == [f"D0{i}" for i in range(1, 10)]


def test_overall_summary_with_the_default_denominator(deals: pl.LazyFrame) -> None:
    row = outcome_summary(deals, None, *Q1_2025).row(0, named=True)
    # Closed in Q1: won D01 D02 D05 D08, lost D03 D06, no decision D04 D07 D09.
    assert (row["closed"], row["won"], row["lost"], row["no_decision"]) == (9, 4, 2, 3)
    # Open: D11 (created 1 Feb) and D13 (no created date); D12 was created after the range.
    assert row["open"] == 2
    assert row["n"] == 9
    assert row["win_rate"] == pytest.approx(4 / 9)
    assert (row["win_rate_lo"], row["win_rate_hi"]) == pytest.approx(wilson_interval(4, 9))
    assert row["small_n"] is True
    # No decision: 3 of 5 losses, 3 of 9 closed.
    assert row["no_decision_share_of_losses"] == pytest.approx(0.6)
    assert row["no_decision_share_of_losses_n"] == 5
    assert (row["no_decision_share_of_losses_lo"], row["no_decision_share_of_losses_hi"]) == (
        pytest.approx(wilson_interval(3, 5))
    )
    assert row["no_decision_share_of_closed"] == pytest.approx(3 / 9)
    # Amounts: won 100 + 300 + 150 (D05 has none) = 550; lost 200 + 50; no decision 400 + 100.
    assert row["won_amount"] == pytest.approx(550.0)
    assert row["lost_amount"] == pytest.approx(250.0)
    assert row["no_decision_amount"] == pytest.approx(500.0)
    # Value win rate: 550 / (100+300+200+50+400+150+100 = 1300), D04 and D05 left out.
    assert row["value_win_rate"] == pytest.approx(550 / 1300)
    assert row["amount_missing"] == 2
    assert row["avg_deal_size"] == pytest.approx(550 / 3)
    # Won cycles 70, 76, 59 (D08 has no created date): median 70.
    assert row["median_cycle_days"] == pytest.approx(70.0)


def test_overall_summary_excluding_no_decision(deals: pl.LazyFrame) -> None:
    row = outcome_summary(
        deals, None, *Q1_2025, denominator=Denominator.EXCLUDING_NO_DECISION
    ).row(0, named=True)
    # 4 won / (4 won + 2 lost); value 550 / (550 + 250).
    assert row["n"] == 6
    assert row["win_rate"] == pytest.approx(4 / 6)
    assert (row["win_rate_lo"], row["win_rate_hi"]) == pytest.approx(wilson_interval(4, 6))
    assert row["value_win_rate"] == pytest.approx(550 / 800)
    assert row["closed"] == 9  # closed still counts every closed deal
    assert row["no_decision_share_of_losses"] == pytest.approx(0.6)


def test_summary_by_profile(deals: pl.LazyFrame) -> None:
    frame = outcome_summary(deals, ["seller_profile"], *Q1_2025)
    assert frame.columns == ["seller_profile", *SUMMARY_COLUMNS]
    rows = {r["seller_profile"]: r for r in frame.iter_rows(named=True)}
    assert frame["seller_profile"].to_list() == ["Challenger", "Hard Worker", "Lone Wolf"]
    # Challengers (Ann, Bob): D01-D07 -> 3 won, 2 lost, 2 no decision; open D11 only.
    challenger = rows["Challenger"]
    assert (challenger["closed"], challenger["won"], challenger["open"]) == (7, 3, 1)
    assert challenger["win_rate"] == pytest.approx(3 / 7)
    assert challenger["no_decision_share_of_losses"] == pytest.approx(2 / 4)
    # Hard Worker (Cat): D08 won, D09 no decision; D10 closed in 2024.
    assert rows["Hard Worker"]["win_rate"] == pytest.approx(1 / 2)
    assert rows["Hard Worker"]["no_decision_share_of_losses"] == pytest.approx(1.0)
    # Lone Wolf (Dan): only an open deal in range: no rate, and n 0 is small.
    dan = rows["Lone Wolf"]
    assert (dan["closed"], dan["open"], dan["n"]) == (0, 1, 0)
    assert dan["win_rate"] is None and dan["win_rate_lo"] is None
    assert dan["small_n"] is True


def test_small_n_follows_min_n(deals: pl.LazyFrame) -> None:
    frame = outcome_summary(deals, ["seller_profile"], *Q1_2025, min_n=5)
    # n: Challenger 7, Hard Worker 2, Lone Wolf 0.
    assert frame["small_n"].to_list() == [False, True, True]
    assert outcome_summary(deals, None, *Q1_2025, min_n=9)["small_n"].item() is False
    assert outcome_summary(deals, None, *Q1_2025, min_n=10)["small_n"].item() is True


def test_summary_of_an_empty_range_has_zero_counts_and_no_rates(deals: pl.LazyFrame) -> None:
    row = outcome_summary(deals, None, date(2020, 1, 1), date(2020, 3, 31)).row(
        0, named=True
    )
    # D13 has no created date, so it counts as open in any range (we cannot tell).
    assert (row["closed"], row["open"], row["won_amount"]) == (0, 1, 0.0)
    assert row["win_rate"] is None and row["value_win_rate"] is None


def test_every_rate_column_is_a_float_and_nan_free(deals: pl.LazyFrame) -> None:
    frame = outcome_summary(deals, ["rep"], *Q1_2025)
    for column in ("win_rate", "win_rate_lo", "win_rate_hi", "value_win_rate"):
        assert frame[column].dtype == pl.Float64
        assert not any(isinstance(v, float) and math.isnan(v) for v in frame[column])


# Regrouping: one pass at a fine grain, re-added to coarser groups, gives outcome_summary's numbers.


@pytest.fixture(scope="module")
def generated() -> pl.DataFrame:
    return generated_deals()


def test_summary_by_adds_up_to_what_outcome_summary_says(generated: pl.DataFrame) -> None:
    for denominator in Denominator:
        fine = outcome_summary(generated, ["rep", "seller_profile", "region"], denominator=denominator)
        coarse = summary_by(fine, ["seller_profile"], denominator.outcomes).sort("seller_profile")
        direct = outcome_summary(generated, ["seller_profile"], denominator=denominator).sort("seller_profile")
        for column in ("closed", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi", "small_n",
                       "no_decision_share_of_losses", "no_decision_share_of_losses_n", "no_decision_share_of_closed"):
            got, want = coarse[column].to_list(), direct[column].to_list()
            assert got == pytest.approx(want), column


def test_closed_counts_regroup_to_the_same_rates(generated: pl.DataFrame) -> None:
    start, end = generated["close_date"].min(), generated["close_date"].max()
    counts = closed_counts(generated, ["rep", "seller_profile", "segment"], start, end)
    coarse = summary_by(counts, ["seller_profile"], Denominator.CLOSED.outcomes).sort("seller_profile")
    direct = outcome_summary(generated, ["seller_profile"], start, end).sort("seller_profile")
    for column in ("closed", "won", "lost", "no_decision", "win_rate", "no_decision_share_of_closed", "won_amount"):
        assert coarse[column].to_list() == pytest.approx(direct[column].to_list()), column


def test_won_value_index() -> None:
    assert won_value_index(110.0, 100.0) == pytest.approx(110.0)
    assert won_value_index(5.0, 0.0) is None and won_value_index(None, 3.0) is None


@pytest.mark.parametrize("denominator", list(Denominator))
@pytest.mark.parametrize("by", [["seller_profile"], ["region", "segment"], ["rep"]])
def test_each_group_of_a_summary_is_the_summary_of_that_groups_deals(generated: pl.DataFrame, by, denominator) -> None:
    # Grouped summaries are counted per group and outcome, then read off; the ungrouped summary of
    # each group's own deals counts every deal directly. Amounts with cents, some missing, groups
    # with a blank region, open deals and deals without a created date make every column count.
    deals = generated.with_columns(
        pl.when(pl.col("opportunity_id").hash(1) % 7 == 0).then(None).otherwise(pl.col("amount") + 0.37).alias("amount"),
        pl.when(pl.col("opportunity_id").hash(2) % 5 == 0).then(None).otherwise(pl.col("region")).alias("region"),
        pl.when(pl.col("opportunity_id").hash(3) % 11 == 0).then(None).otherwise(pl.col("created_date")).alias("created_date"),
    )
    start, end = date(2025, 7, 1), date(2026, 3, 31)
    grouped = outcome_summary(deals, by, start, end, denominator)
    assert grouped.height > 3 and grouped["open"].sum() > 0 and grouped["amount_missing"].sum() > 0
    for row in grouped.iter_rows(named=True):
        mine = pl.all_horizontal(pl.col(c).is_null() if row[c] is None else pl.col(c) == row[c] for c in by)
        alone = outcome_summary(deals.filter(mine), None, start, end, denominator)
        # Counts exactly; sums of amounts with cents to the last bits a different summing order may move.
        assert_frame_equal(grouped.filter(mine).drop(by), alone, rel_tol=1e-12, abs_tol=0)


def test_won_value_is_unknown_not_zero_when_no_won_deal_has_an_amount(deals: pl.LazyFrame) -> None:
    # Q1 2025: Bob's one win (D05) has no amount; Ann's two wins have 400 between them; Cat's 150.
    by_rep = {r["rep"]: r for r in outcome_summary(deals, ["rep"], *Q1_2025).iter_rows(named=True)}
    assert by_rep["Bob"]["won"] == 1 and by_rep["Bob"]["won_amount"] is None
    assert by_rep["Ann"]["won_amount"] == pytest.approx(400.0) and by_rep["Cat"]["won_amount"] == pytest.approx(150.0)
    bob = outcome_summary(deals.filter(pl.col("rep") == "Bob"), [], *Q1_2025).row(0, named=True)
    assert bob["won_amount"] is None  # the ungrouped path says the same
    # Deals that won nothing won $0: that is known, not unknown.
    lost_only = outcome_summary(deals.filter(pl.col("outcome") == "lost"), [], *Q1_2025).row(0, named=True)
    assert lost_only["won"] == 0 and lost_only["won_amount"] == 0.0
