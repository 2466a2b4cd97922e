"""The rep leaderboard and scorecard on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from small_deals import Q1_2025

from winloss.measures.reps import rep_leaderboard, rep_scorecard
from winloss.rates import Denominator


def test_rep_leaderboard(deals: pl.LazyFrame) -> None:
    board = rep_leaderboard(deals, *Q1_2025)
    # Ann 2/4, Cat 1/2 (fewer deals, so after Ann), Bob 1/3; Dan closed nothing in range.
    assert board["rep"].to_list() == ["Ann", "Cat", "Bob"]
    assert board["win_rate"].to_list() == pytest.approx([0.5, 0.5, 1 / 3])
    assert board["small_n"].to_list() == [True, True, True]
    assert board["team"].to_list() == ["East", "West", "East"]
    assert set(board["quarter"]) == {"2025 Q1"}
    cat = board.row(1, named=True)
    # Cat's quarter: 1/2 now vs D10 lost in 2024 Q4 (0/1).
    assert cat["previous_quarter_win_rate"] == 0.0
    assert cat["win_rate_qoq"] == pytest.approx(0.5)
    assert board.row(0, named=True)["win_rate_qoq"] is None  # Ann closed nothing in 2024 Q4
    # Bob's one win (D05) has no amount: his won value is unknown, not $0.
    assert board["won_amount"].to_list() == [pytest.approx(400.0), pytest.approx(150.0), None]


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
    # Ann: D03 lost + D04 nd; Cat: D09 nd (D10 is 2024 Q4, out of range); Bob: D06 lost + D07 nd.
    assert board["rep"].to_list() == ["Ann", "Cat", "Bob"]
    assert board["no_decision_share_of_losses_n"].to_list() == [2, 1, 2]


def test_rep_leaderboard_compares_the_quarter_asked_for(deals: pl.LazyFrame) -> None:
    # Ending on 5 Apr 2025 the quarter of `end` is 2025 Q2 (Dan's D14 only); asked for 2025 Q1,
    # Cat's change is 1/2 against 0/1 in 2024 Q4.
    board = rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5), quarter="2025 Q1")
    rows = {r["rep"]: r for r in board.iter_rows(named=True)}
    assert set(board["quarter"]) == {"2025 Q1"}
    assert rows["Cat"]["win_rate_qoq"] == pytest.approx(0.5)
    default = rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5))
    assert set(default["quarter"]) == {"2025 Q2"}  # unchanged without it
