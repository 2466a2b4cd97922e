"""A team whose name already says it is a team ("Team F") is named once wherever the rep's view names
it: the line under the rep's name, the trend's title and legend, the line under the tiles. The view wrote
"team Team F", "Team Team F: win rate 37%", "Win rate, team Team F" and "dotted: team Team F"."""

from __future__ import annotations

import datetime as dt
import html

import polars as pl
import pytest

from winloss import text
from winloss.filters import Filters, applied
from winloss.views import reps

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)


def view_in(frame: pl.DataFrame, team: str) -> reps.RepView:
    """Ann's view, Ann and Bo both in `team` (so the team is a benchmark)."""
    view = reps.rep(applied(frame.with_columns(pl.lit(team).alias("team")).lazy(), ALL), "Ann", ALL, START, END,
                    as_of=END)
    assert view is not None
    return view


def said(view: reps.RepView) -> list[str]:
    """Every text of the view that names the rep's team, as it reads."""
    return [reps.rep_header(view), html.unescape(reps.trend_title(view)), text.plain(reps.team_line_name(view)),
            reps.rep_tiles_caption(view)]


@pytest.mark.parametrize("team", ["Team F", "team f", "Sales Team", "TEAM-North", "Equipo Norte", "営業チーム"])
def test_a_team_named_as_a_team_is_named_once(frame, team: str) -> None:
    header, title, legend, caption = said(view_in(frame, team))
    assert f"team {team}" not in header and f"· {team}" in header
    assert title == f"Ann by quarter (dotted: {team})"
    assert legend == team
    assert f" {team}: win rate" in caption and f"Team {team}" not in caption


@pytest.mark.parametrize("team", ["East", "Steam Works", "Teamwork"])
def test_other_teams_keep_the_word(frame, team: str) -> None:
    header, title, legend, caption = said(view_in(frame, team))
    assert f"team {team}" in header
    assert title == f"Ann by quarter (dotted: team {team})"
    assert legend == f"team {team}"
    assert f"Team {team}: win rate" in caption


def test_the_rule_reads_whole_words_in_any_case() -> None:
    assert text.team_words("Team F") == "Team F" and text.team_words("SALES TEAM") == "SALES TEAM"
    assert text.team_words("Steam") == "team Steam" and text.team_words("East", capital=True) == "Team East"
    assert text.team_words("Team <F>", text.label) == "Team &lt;F&gt;"
