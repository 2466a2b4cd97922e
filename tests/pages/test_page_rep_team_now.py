"""The Reps page with a rep who changed team and manager and a rep who left (tests/moved_reps.py): the leaderboard
and the rep's header name the team and manager the rep is in now, the scorecard's line sets a moved rep against the
teams they closed in, and a leaver's trend says the quarters without a deal came after they left."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

import moved_reps


def _said(at) -> str:
    return as_read(" ".join(e.value for kind in (at.markdown, at.caption) for e in kind))


def test_the_leaderboard_names_a_moved_reps_team_now(store) -> None:
    moved_reps.stored(store)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (board,) = [g.value for g in at.dataframe if "win_rate" in g.value.columns and "rep" in g.value.columns]
    teams = dict(zip(board["rep"], board["team"], strict=True))
    # His first deal closed in Orcas: the column named the team he left.
    assert teams["Ivan Petrov"] == "Falcons" and teams["Jade Kim"] == "Orcas"


def test_a_moved_reps_view_names_their_manager_now_and_the_teams_they_closed_in(store) -> None:
    moved_reps.stored(store)
    at = opened("reps", rep="Ivan Petrov", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = _said(at)
    assert "team Falcons since 15 Aug 2026 (before: Orcas) · manager Mara Holt" in said
    assert "manager Neil Berg" not in said
    assert "Teams the rep closed in (Orcas to 14 Aug 2026, Falcons since 15 Aug 2026), their deals of those days: win rate" in said
    assert "Team Falcons: win rate" not in said


def test_a_leavers_trend_says_they_left_before_the_quarters_without_a_deal(store) -> None:
    moved_reps.stored(store)
    at = opened("reps", rep="Leo Park", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = _said(at)
    assert "left on 30 Jun 2026" in said
    # Leo's 5 deals give no quarter a rate: his trend is not drawn, so its note on the quarters after he left has no
    # line to explain (tests/test_rep_team_now.py checks it where a trend is drawn); the page says why instead.
    assert any("No quarter has the 20 deals a rate needs" in i.value for i in at.info)
    assert "The rep left on 30 Jun 2026 and closed no deal in " not in said
