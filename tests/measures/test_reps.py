"""The rep leaderboard and scorecard on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from small_deals import Q1_2025

from winloss.measures.reps import rep_leaderboard, rep_scorecard
from winloss.rates import Denominator


def test_rep_leaderboard(deals: pl.LazyFrame) -> None:
    board = rep_leaderboard(deals, *Q1_2025)
    # Ann 2/4, Bob 1/3, Cat 1/2, every rate withheld (n under 20): by n, then name, never by the rates
    # withheld (rates.ranked); Dan closed nothing in range.
    assert board["rep"].to_list() == ["Ann", "Bob", "Cat"]
    assert board["win_rate"].to_list() == pytest.approx([0.5, 1 / 3, 0.5])
    assert board["small_n"].to_list() == [True, True, True]
    assert board["team"].to_list() == ["East", "East", "West"]
    assert set(board["quarter"]) == {"2025 Q1"}
    cat = board.row(2, named=True)
    # Cat's quarter: 1/2 now vs D10 lost in 2024 Q4 (0/1).
    assert cat["previous_quarter_win_rate"] == 0.0
    assert cat["win_rate_qoq"] == pytest.approx(0.5)
    assert board.row(0, named=True)["win_rate_qoq"] is None  # Ann closed nothing in 2024 Q4
    # Bob's one win (D05) has no amount: his won value is unknown, not $0.
    assert board["won_amount"].to_list() == [pytest.approx(400.0), None, pytest.approx(150.0)]


def test_rep_leaderboard_puts_small_n_reps_last(deals: pl.LazyFrame) -> None:
    board = rep_leaderboard(deals, *Q1_2025, min_n=3)
    # Ann (n 4) and Bob (n 3) are rated; Cat (n 2) is small n and goes last despite 50%.
    assert board["rep"].to_list() == ["Ann", "Bob", "Cat"]
    board = rep_leaderboard(
        deals, *Q1_2025, denominator=Denominator.EXCLUDING_NO_DECISION, min_n=1
    )
    # Excluding no decision: Cat 1/1, Ann 2/3, Bob 1/2.
    assert board["rep"].to_list() == ["Cat", "Ann", "Bob"]


def test_rep_scorecard(deals: pl.LazyFrame) -> None:
    card = rep_scorecard(deals, "Ann", *Q1_2025)
    assert card["comparison"].to_list() == ["rep", "profile_peers", "team"]
    assert card["who"].to_list() == ["Ann", "Other Challenger reps", "East"]
    # Ann 2/4; peers = Bob 1/3; team East = Ann + Bob 3/7.
    assert card["reps"].to_list() == [1, 1, 2]
    assert card["closed"].to_list() == [4, 3, 7]
    assert card["win_rate"].to_list() == pytest.approx([0.5, 1 / 3, 3 / 7])
    assert card["open"].to_list() == [1, 0, 1]  # D11; D12 created after the range


def test_rep_scorecard_without_peers_or_team(deals: pl.LazyFrame) -> None:
    card = rep_scorecard(deals, "Dan", *Q1_2025)
    assert card["who"].to_list() == ["Dan", "Other Lone Wolf reps", "No team"]
    assert card["closed"].to_list() == [0, 0, 0]
    assert card["win_rate"].to_list() == [None, None, None]
    assert card["small_n"].to_list() == [True, True, True]


def test_rep_leaderboard_carries_the_no_decision_n(deals: pl.LazyFrame) -> None:
    board = rep_leaderboard(deals, *Q1_2025)
    # Ann: D03 lost + D04 nd; Bob: D06 lost + D07 nd; Cat: D09 nd (D10 is 2024 Q4, out of range).
    assert board["rep"].to_list() == ["Ann", "Bob", "Cat"]
    assert board["no_decision_share_of_losses_n"].to_list() == [2, 2, 1]


def test_rep_leaderboard_compares_the_quarter_asked_for(deals: pl.LazyFrame) -> None:
    # Ending on 5 Apr 2025 the quarter of `end` is 2025 Q2 (Dan's D14 only); asked for 2025 Q1,
    # Cat's change is 1/2 against 0/1 in 2024 Q4.
    board = rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5), quarter="2025 Q1")
    rows = {r["rep"]: r for r in board.iter_rows(named=True)}
    assert set(board["quarter"]) == {"2025 Q1"}
    assert rows["Cat"]["win_rate_qoq"] == pytest.approx(0.5)
    default = rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5))
    assert set(default["quarter"]) == {"2025 Q2"}  # unchanged without it


# ---- the scorecard counted once per deal, against its three groups counted apart ----------------
def summary_counted_apart(lf: pl.LazyFrame, members: dict[str, pl.Expr], start: date | None, end: date | None,
                          denominator: str, min_n: int, as_of: date | None = None) -> pl.LazyFrame:
    """The scorecard's summary rows as they were computed before (_scorecard_summary's reference):
    each group's deals filtered out, put end to end and summarised by summary_query, reps = n_unique."""
    from winloss.measures.summary import summary_query

    parts = [lf.filter(member).with_columns(pl.lit(name).alias("comparison")) for name, member in members.items()]
    reps = [pl.col("rep").n_unique().cast(pl.Int64).alias("reps")]
    return summary_query(pl.concat(parts), ["comparison"], start, end, denominator, min_n, reps, as_of)


def scorecard_counted_apart(deals: pl.LazyFrame, rep: str, start: date | None, end: date | None,
                            denominator: str = "closed", min_n: int = 30) -> pl.DataFrame:
    """rep_scorecard as it was: its three groups counted apart (summary_counted_apart)."""
    from unittest import mock

    from winloss.measures import reps as reps_module

    with mock.patch.object(reps_module, "_scorecard_summary", summary_counted_apart):
        return rep_scorecard(deals, rep, start, end, denominator, min_n)


def assert_same_summary(got: pl.DataFrame, want: pl.DataFrame) -> None:
    """Counts, flags and text equal exactly; amounts and what is divided from them to 1e-12 (sums
    of amounts with cents taken in another order may differ in their last bits)."""
    assert got.columns == want.columns and got.height == want.height
    for column in want.columns:
        for g, w in zip(got[column].to_list(), want[column].to_list(), strict=True):
            if isinstance(w, float) and g is not None:
                assert g == pytest.approx(w, rel=1e-12, abs=1e-9), column
            else:
                assert g == w, column


DAY = date(2024, 7, 1)
deal_rows = st.lists(
    st.tuples(
        st.sampled_from(["Ann", "Bob", "Cat", "Dan", None]),  # rep
        st.sampled_from(["Challenger", "Lone Wolf", "Hard Worker"]),  # seller profile
        st.sampled_from(["East", "West", None]),  # team
        st.sampled_from(["won", "lost", "no_decision", "open"]),
        st.one_of(st.none(), st.integers(0, 500)),  # created, days after DAY
        st.one_of(st.none(), st.integers(0, 500)),  # close, days after DAY
        st.one_of(st.none(), st.integers(0, 10**7).map(lambda cents: cents / 100)),  # amount with cents
    ),
    max_size=60,
)


@settings(deadline=None, max_examples=80)  # a few Polars queries per example: tens of ms on a loaded machine
@given(rows=deal_rows, rep=st.sampled_from(["Ann", "Bob", "Dan", "Zed"]),
       denominator=st.sampled_from(["closed", "excluding_no_decision"]), min_n=st.sampled_from([1, 3, 30]))
def test_the_scorecard_counted_once_per_deal_says_what_counting_each_group_apart_says(
    rows: list[tuple], rep: str, denominator: str, min_n: int
) -> None:
    from datetime import timedelta

    frame = pl.DataFrame(
        [(r, p, t, o, None if c is None else DAY + timedelta(days=c), None if d is None else DAY + timedelta(days=d), a)
         for r, p, t, o, c, d, a in rows],
        schema={"rep": pl.String, "seller_profile": pl.String, "team": pl.String, "outcome": pl.String,
                "created_date": pl.Date, "close_date": pl.Date, "amount": pl.Float64},
        orient="row",
    )
    start, end = DAY + timedelta(days=60), DAY + timedelta(days=400)
    coded = frame.with_columns(pl.col("outcome").cast(pl.Enum(["won", "lost", "no_decision", "open"])),
                               pl.col("rep", "seller_profile", "team").cast(pl.Categorical))
    # On the deals as text and coded as the app keeps them (winloss.deals.coded_deals).
    for deals in (frame, coded):
        assert_same_summary(rep_scorecard(deals.lazy(), rep, start, end, denominator, min_n),
                            scorecard_counted_apart(deals.lazy(), rep, start, end, denominator, min_n))


def test_the_scorecard_on_generated_deals_is_what_counting_each_group_apart_says() -> None:
    from small_deals import generated_deals

    deals = generated_deals().lazy()
    for rep in deals.select(pl.col("rep").unique().sort()).collect()["rep"].to_list()[:8]:
        for start, end in ((date(2025, 1, 1), date(2025, 12, 31)), (None, None)):
            assert_same_summary(rep_scorecard(deals, rep, start, end), scorecard_counted_apart(deals, rep, start, end))
