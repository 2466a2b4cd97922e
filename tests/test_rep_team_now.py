"""A rep's team and manager now, one rule for every view of a rep and every list of reps (team_history.reps_now):
the roster's row where there is a roster, else the team and manager of the rep's latest closed deal; a moved rep's
team benchmark is the teams their deals closed in, each while they were in it; a leaver's quarters without a deal
are said to follow the day they left. The store: tests/moved_reps.py."""

from __future__ import annotations

import datetime as dt

import polars as pl

import moved_reps
from built_stores import committed
from winloss import team_history
from winloss.deals import deals, page_deals
from winloss.filters import Filters, applied
from winloss.measures.reps import rep_leaderboard
from winloss.store.delta import Store
from winloss.views.profiles import profile_reps_table
from winloss.views.reps import (
    TEAM_HELP,
    leaderboard,
    leaderboard_table,
    rep,
    rep_captions,
    rep_chart_data,
    rep_header,
    rep_tiles_caption,
    team_line_name,
    trend_title,
)
from winloss.views.review import reps_table
from winloss.rates import Denominator

START, END, AS_OF = dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 10, 1)


def _store(tmp_path) -> Store:
    """moved_reps' store, at `tmp_path`/store."""
    return committed(tmp_path / "store", *moved_reps.FILES)


def _row(board: pl.DataFrame, name: str) -> dict:
    return board.filter(pl.col("rep") == name).row(0, named=True)


# ---- the leaderboard and every table of reps --------------------------------------------------------------
def test_the_leaderboard_names_a_moved_reps_team_and_manager_now(tmp_path) -> None:
    frame = deals(_store(tmp_path))
    board = leaderboard(frame.lazy(), Filters(), START, END, AS_OF)
    ivan = _row(board, "Ivan Petrov")
    # His first deal in range closed in Orcas: the board gave him Orcas, the team he left.
    assert (ivan["team"], ivan["manager"]) == ("Falcons", "Mara Holt")
    # Where his deals in range closed, for a reader reconciling the team column with the deals.
    assert ivan["teams_in_range"] == "Falcons; Orcas"
    assert _row(board, "Amy Chen")["teams_in_range"] == "Falcons"
    # The chart's CSV says both.
    csv = rep_chart_data(board)
    assert _row(csv, "Ivan Petrov")["team"] == "Falcons" and _row(csv, "Ivan Petrov")["teams_in_range"] == "Falcons; Orcas"
    # The same rule in the range of his Orcas days alone: he is in Falcons now.
    may = leaderboard(frame.lazy(), Filters(), dt.date(2026, 5, 1), dt.date(2026, 5, 31), AS_OF)
    assert (_row(may, "Ivan Petrov")["team"], _row(may, "Ivan Petrov")["teams_in_range"]) == ("Falcons", "Orcas")


def test_under_a_team_filter_a_rep_since_moved_is_named_by_his_team_now_and_the_team_counted(tmp_path) -> None:
    """Under "Team = Orcas" Ivan, in Falcons since 15 Aug, is listed for his Orcas deals: his cell read "Falcons"
    alone, as if the filter did not hold. The column is the team now, and its help says so; the cell names the team counted."""
    frame = deals(_store(tmp_path))
    team = Filters().with_values("team", ["Orcas"])
    orcas = leaderboard(applied(frame.lazy(), team), team, START, END, AS_OF)
    table = leaderboard_table(orcas, hide_amounts=False)
    assert _row(table, "Ivan Petrov")["team"] == "Falcons (deals in Orcas)"
    assert _row(table, "Jade Kim")["team"] == "Orcas"  # in Orcas throughout
    assert _row(profile_reps_table(orcas, "Challenger"), "Ivan Petrov")["team"] == "Falcons (deals in Orcas)"
    # Unfiltered, his deals closed in Falcons too: his team now alone.
    assert _row(leaderboard_table(leaderboard(frame.lazy(), Filters(), START, END, AS_OF), False), "Ivan Petrov")["team"] == "Falcons"
    assert "team each rep is in now" in TEAM_HELP  # the grids' Team column says what it is


def test_the_profiles_and_the_reviews_tables_of_reps_name_the_team_now(tmp_path) -> None:
    frame = deals(_store(tmp_path))
    board = leaderboard(frame.lazy(), Filters(), START, END, AS_OF)
    assert _row(profile_reps_table(board, "Challenger"), "Ivan Petrov")["team"] == "Falcons"
    table = reps_table(frame.lazy(), (dt.date(2026, 7, 1), dt.date(2026, 9, 30)), 1, Denominator.CLOSED, AS_OF)
    assert _row(table, "Ivan Petrov")["team"] == "Falcons"


def test_without_a_roster_a_reps_team_and_manager_are_their_latest_closed_deals() -> None:
    # Deals made without a roster's columns: the rep's latest closed deal says where they are, not their first,
    # nor an open deal (whose close date is a forecast).
    frame = pl.DataFrame({
        "rep": ["Ann", "Ann", "Ann", "Bo"],
        "seller_profile": ["Challenger"] * 4,
        "team": ["West", "East", "North", "West"],
        "manager": ["Wes", "Eve", "Nora", "Wes"],
        "outcome": ["won", "lost", "open", "won"],
        "close_date": [dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 9, 1), dt.date(2026, 3, 1)],
        "created_date": [dt.date(2026, 1, 1)] * 4,
        "amount": [1000.0] * 4,
    })
    board = rep_leaderboard(frame.lazy(), START, END)
    ann = _row(board, "Ann")
    assert (ann["team"], ann["manager"], ann["teams_in_range"]) == ("East", "Eve", "East; West")
    assert (_row(board, "Bo")["team"], _row(board, "Bo")["manager"]) == ("West", "Wes")


# ---- one rep's view ------------------------------------------------------------------------------------------
def test_a_moved_reps_header_names_their_manager_now(tmp_path) -> None:
    view = rep(deals(_store(tmp_path)).lazy(), "Ivan Petrov", Filters(), START, END, AS_OF)
    assert view is not None
    header = rep_header(view)
    # The manager of his first stored deal was Neil Berg's, whom he left on 15 Aug.
    assert "team Falcons since 15 Aug 2026 (before: Orcas) · manager Mara Holt" in header
    assert "Neil Berg" not in header


def test_anonymised_a_reps_manager_now_is_a_pseudonym(tmp_path) -> None:
    frame = page_deals(_store(tmp_path), anonymise=True)
    # The roster's manager now rides along with every deal: anonymised as the manager column is.
    assert not set(frame.get_column(team_history.REP_MANAGER).drop_nulls().to_list()) & {"Mara Holt", "Neil Berg"}
    ivan = frame.filter(pl.col("close_date") == dt.date(2026, 9, 1)).get_column("rep")[0]
    view = rep(frame.lazy(), ivan, Filters(), START, END, AS_OF)
    assert view is not None
    mara = frame.filter(pl.col("rep") == ivan).filter(pl.col("close_date") >= moved_reps.MOVED_ON).get_column("manager")[0]
    assert mara.startswith("Manager ") and rep_header(view).endswith(f" · {mara}")


def _teams_closed_in(frame: pl.DataFrame) -> pl.DataFrame:
    """Ivan's teams' closed deals in range while he was in each: Orcas before 15 Aug, Falcons from then."""
    closed = frame.filter((pl.col("outcome") != "open") & pl.col("close_date").is_between(START, END))
    return closed.filter(((pl.col("team") == "Orcas") & (pl.col("close_date") < moved_reps.MOVED_ON))
                         | ((pl.col("team") == "Falcons") & (pl.col("close_date") >= moved_reps.MOVED_ON)))


def test_a_moved_reps_team_benchmark_is_the_teams_they_closed_in_while_in_them(tmp_path) -> None:
    frame = deals(_store(tmp_path))
    view = rep(frame.lazy(), "Ivan Petrov", Filters(), START, END, AS_OF)
    assert view is not None
    team = view.scorecard.filter(pl.col("comparison") == "team").row(0, named=True)
    expected = _teams_closed_in(frame)
    # Not every Falcons deal (Amy's May and August deals, before he joined), and his Orcas days' team deals in.
    assert (team["closed"], team["won"]) == (expected.height, int((expected.get_column("outcome") == "won").sum()))
    assert team["closed"] != frame.filter((pl.col("team") == "Falcons") & (pl.col("outcome") != "open")).height
    assert team["who"] == "Orcas → Falcons"
    line = rep_tiles_caption(view)
    assert ("Teams the rep closed in (Orcas to 14 Aug 2026, Falcons since 15 Aug 2026), their deals of those days: "
            f"win rate {round(100 * team['win_rate'])}% (n = {expected.height})") in line
    assert "Team Falcons" not in line
    assert "teams: the deals of each team the rep closed in, while the rep was in it" in rep_captions(view, Filters()).scorecard_win
    # The trend's dotted team lines follow the same teams, and are named so.
    assert "the rep's teams" in team_line_name(view) and "team Falcons" not in trend_title(view)
    # The trend's team line and the scorecard's team row count the same deals.
    assert int(view.team_trend.get_column("closed").sum()) == team["closed"]


def test_a_rep_who_never_moved_keeps_their_teams_every_deal(tmp_path) -> None:
    frame = deals(_store(tmp_path))
    view = rep(frame.lazy(), "Amy Chen", Filters(), START, END, AS_OF)
    assert view is not None
    team = view.scorecard.filter(pl.col("comparison") == "team").row(0, named=True)
    falcons = frame.filter((pl.col("team") == "Falcons") & (pl.col("outcome") != "open"))
    assert (team["who"], team["closed"]) == ("Falcons", falcons.height)
    assert "Team Falcons: win rate" in rep_tiles_caption(view)


# ---- a rep who left ----------------------------------------------------------------------------------------
def test_a_leavers_trend_caption_says_they_left_before_the_quarters_without_a_deal(tmp_path) -> None:
    view = rep(deals(_store(tmp_path)).lazy(), "Leo Park", Filters(), START, END, AS_OF)
    assert view is not None
    trend = rep_captions(view, Filters()).trend
    # Q2 began before he left on 30 Jun: he closed nothing in it. Q3 and Q4 began after.
    assert "The rep closed no deal in 2026 Q2: its rates are blank." in trend
    assert "The rep left on 30 Jun 2026 and closed no deal in 2026 Q3 and Q4 to date: their rates are blank." in trend
