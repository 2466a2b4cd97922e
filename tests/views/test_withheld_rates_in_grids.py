"""A table of reps holds no rate it withholds (too few deals in its n), so the grid sends the browser none, and
sorting its win-rate column orders the withheld reps as every ranking does (rates.ranked): after the shown
ones, by n, then name, never by the rates withheld."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from winloss.deals import deals
from winloss.filters import Filters, applied, with_size_band
from winloss.ingest.pipeline import commit, prepare
from winloss.rates import MIN_N, ranked
from winloss.store.delta import Store
from winloss.views import profiles, reps

START, END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
Q3 = Filters(preset="custom", start=START, end=END)
ND_SHARE = "no_decision_share_of_losses"
# Each rep's closed deals in 2026 Q3: won, lost (Price), no decision. Bo, Ann and Fay have 20 deals or more, their
# win rates shown (67%, 40%, 0%); Cy (5 deals, 100%), Di (8, 0%) and Ed (8, 50%) have theirs withheld, an order
# by which (Cy, Ed, Di) is not the ranking's (Di and Ed by n and name, then Cy). Fay alone has 20 losses.
PLAN: dict[str, tuple[int, int, int]] = {
    "Bo": (20, 10, 0), "Ann": (10, 10, 5), "Fay": (0, 10, 10), "Cy": (5, 0, 0), "Di": (0, 8, 0), "Ed": (4, 2, 2),
}


@pytest.fixture(scope="module")
def board(tmp_path_factory) -> pl.DataFrame:
    rows, number = [], 0
    for rep, (won, lost, no_decision) in PLAN.items():
        outcomes = [("Closed Won", "")] * won + [("Closed Lost", "Price")] * lost + [("Closed Lost", "No Decision")] * no_decision
        for stage, reason in outcomes:
            number += 1
            rows.append(f"D{number:03d},{rep},{stage},{reason},2026-07-01,2026-08-{1 + number % 28:02d},1000")
    header = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount"
    store = Store(Path(tmp_path_factory.mktemp("grids")) / "store")
    prepared = prepare(("\n".join([header, *rows]) + "\n").encode(), "grids.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    frame = with_size_band(deals(store).lazy(), None).collect()
    return reps.leaderboard(applied(frame.lazy(), Q3), Q3, START, END)


def grid_sorted(table: pl.DataFrame, column: str) -> list[str]:
    """The reps of `table` (a grid's frame) in the order the grid shows after a click sorting `column`, highest
    first. Streamlit 1.67's grid compares a number cell's value written as text, an empty cell's "" equal to 0
    and below any rate above it, by JavaScript's stable sort, a descending sort reversing each comparison: rows
    that compare equal keep the frame's order."""
    rows = list(table.select("rep", column).iter_rows())
    return [rep for rep, _ in sorted(rows, key=lambda row: row[1] or 0.0, reverse=True)]


def test_the_leaderboard_grid_holds_no_withheld_rate(board: pl.DataFrame) -> None:
    table = reps.leaderboard_table(board, hide_amounts=False)
    rows = {r["rep"]: r for r in table.iter_rows(named=True)}
    assert {rep for rep, r in rows.items() if r["n"] < MIN_N} == {"Cy", "Di", "Ed"}
    for rep, row in rows.items():
        assert (row["win_rate"] is None) == (row["n"] < MIN_N), rep
        assert (row[ND_SHARE] is None) == (row["nd_n"] < MIN_N), rep
        assert row["win_rate"] is not None or row["interval"] is None, rep  # nor its interval
    assert rows["Bo"]["win_rate"] == pytest.approx(100 * 20 / 30) and rows["Fay"]["win_rate"] == 0
    assert rows["Fay"][ND_SHARE] == pytest.approx(50.0)
    # Every table of reps: a clicked profile's reps too.
    listed = profiles.profile_reps_table(board, board["seller_profile"][0])
    assert listed.height == len(PLAN)  # one profile, every rep
    assert listed.filter(pl.col("n") < MIN_N)["win_rate"].is_null().all()
    assert listed.filter(pl.col("nd_n") < MIN_N)[ND_SHARE].is_null().all()
    assert listed.filter(pl.col("n") >= MIN_N)["win_rate"].is_not_null().all()


def test_sorting_the_win_rate_column_ranks_as_every_ranking_does(board: pl.DataFrame) -> None:
    table = reps.leaderboard_table(board, hide_amounts=False)
    ranking = ranked(board, "win_rate", "n", "small_n")["rep"].to_list()
    assert ranking == ["Bo", "Ann", "Fay", "Di", "Ed", "Cy"]
    assert table["rep"].to_list() == ranking  # the grid's own order
    # Cy's 100% on 5 deals put him first, Ed's 50% on 8 third, when the grid held the rates it withheld.
    assert grid_sorted(table, "win_rate") == ranking
    assert grid_sorted(profiles.profile_reps_table(board, board["seller_profile"][0]), "win_rate") == ranking


def test_sorting_the_no_decision_column_orders_no_rep_by_a_withheld_share(board: pl.DataFrame) -> None:
    """Only Fay's share is on 20 losses: she comes first, and the others keep the board's order, whatever
    shares of their handful of losses (Ed's 50% of 4, Ann's 33% of 15) the grid held."""
    table = reps.leaderboard_table(board, hide_amounts=False)
    assert grid_sorted(table, ND_SHARE) == ["Fay", "Bo", "Ann", "Di", "Ed", "Cy"]
