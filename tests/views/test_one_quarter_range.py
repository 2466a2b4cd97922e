"""A range of one quarter: a line of one point draws nothing, so a rep's trend marks the team's point
(charts.lone_points) and its CSV holds the team's columns; a tile's trend of one quarter is not drawn
(Tile.trend_drawn), its one dot having read as a loading indicator."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from winloss.filters import Filters, applied
from winloss.present import charts
from winloss.views import overview, reps
from winloss.views.common import chart_csv

Q2_START, Q3_START, Q3_END = dt.date(2026, 4, 1), dt.date(2026, 7, 1), dt.date(2026, 9, 30)
Q3 = Filters(preset="custom", start=Q3_START, end=Q3_END)
BOTH = Filters(preset="custom", start=Q2_START, end=Q3_END)


def teamed(frame: pl.DataFrame) -> pl.DataFrame:
    """Ann and Bo both of team East (as tests/views/test_rep_benchmarks.py)."""
    return frame.with_columns(pl.lit("East").alias("team"))


def ann(frame: pl.DataFrame, filters: Filters) -> reps.RepView:
    view = reps.rep(applied(teamed(frame).lazy(), filters), "Ann", filters, filters.start, filters.end,
                    as_of=Q3_END, every_deal=teamed(frame).lazy())
    assert view is not None and view.team_compared
    return view


def test_the_team_line_of_one_quarter_is_marked(frame) -> None:
    """The review's "Ivan Petrov by quarter (dotted: team Falcons)" over one quarter drew no team line at all."""
    view = ann(frame, Q3)
    figure = charts.rate_trend(view.trend, title=reps.trend_title(view), reference=view.team_trend,
                               reference_name=reps.team_line_name(view))
    team = {t.name: t for t in figure.data if t.name and "team" in t.name}
    # The team's win rate on 35 deals: a level mark at its rate; its no-decision share on 13 losses is
    # withheld, a ring in its place (withheld.placeholder_points), as on any line.
    line = team["Win rate, team East"]
    assert list(line.y) == [pytest.approx(22 / 35)] and "markers" in line.mode
    assert list(line.marker.size) == [charts.LONE_REFERENCE_PX]
    assert list(team["No decision ÷ losses, team East"].y) == [None]
    # Over two quarters the team's win rate runs between them, with no marks of its own; its no-decision
    # share, withheld in Q3 (13 losses), is one point in Q2 joined to none: marked.
    both = ann(frame, BOTH)
    figure = charts.rate_trend(both.trend, title="t", reference=both.team_trend, reference_name="team East")
    team = {t.name: t for t in figure.data if t.name and "team" in t.name}
    assert team["Win rate, team East"].mode == "lines"
    assert list(team["No decision ÷ losses, team East"].marker.size) == [charts.LONE_REFERENCE_PX, 0]


def test_the_trend_csv_holds_the_teams_rates_beside_the_reps(frame) -> None:
    # Q3: Ann 5 deals (2 won); team East 35 (22 won), losses 3 + 10 = 13 (1 to no decision).
    written = chart_csv(reps.trend_data(ann(frame, Q3)))
    row = written.row(0, named=True)
    assert (row["n"], row["win_rate"]) == (5, None)  # the rep's own rate withheld on 5 deals
    assert row["team_n"] == 35 and row["team_win_rate"] == pytest.approx(22 / 35)
    assert row["team_losses"] == 13 and row["team_no_decision_share_of_losses"] is None  # 13 losses: withheld
    assert written.height == 1


def test_a_tiles_trend_of_one_quarter_is_not_drawn(frame) -> None:
    one = overview.overview(applied(frame.lazy(), Q3), Q3, Q3_START, Q3_END, as_of=Q3_END)
    tiles = [*one.rates, *one.volumes]
    assert [len(t.trend) for t in tiles] == [1] * len(tiles)
    assert not any(t.trend_drawn for t in tiles)
    two = overview.overview(applied(frame.lazy(), BOTH), BOTH, Q2_START, Q3_END, as_of=Q3_END)
    drawn = {t.label: t.trend_drawn for t in (*two.rates, *two.volumes)}
    # No decision ÷ losses is withheld in Q3 (13 losses): of its two quarters one dot would be left, not drawn either.
    assert drawn == {"Win rate": True, "Win rate by value": True, "No decision ÷ losses": False,
                     "Closed deals in range": True, "Won value in range": True}

