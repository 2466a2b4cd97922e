"""A rep's benchmarks (their profile peers and their team) are by who the rep is: the sidebar's people
filters (Team, Manager, Seller profile, Profile source) choose which reps are listed, never whom a rep is
compared with; its deal filters (Region, Segment, Product, Deal size) narrow the benchmarks' deals as the
rep's. A team with no other rep's closed deal here is no benchmark, and the view says so."""

from __future__ import annotations

import datetime as dt

import polars as pl

from winloss.filters import Filters, applied, benchmark_filters
from winloss.views import reps

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)


def teamed(frame: pl.DataFrame) -> pl.DataFrame:
    """Ann (APAC, 30 closed: 12 won) a Challenger and Bo (EMEA, 60 closed: 35 won) a Hard Worker, both of team East."""
    profile = pl.when(pl.col("rep") == "Ann").then(pl.lit("Challenger")).otherwise(pl.lit("Hard Worker"))
    return frame.with_columns(profile.alias("seller_profile"), pl.lit("East").alias("team"))


def view_of(frame: pl.DataFrame, filters: Filters, name: str = "Ann") -> reps.RepView:
    view = reps.rep(applied(frame.lazy(), filters), name, filters, START, END, as_of=END, every_deal=frame.lazy())
    assert view is not None
    return view


def team_row(view: reps.RepView) -> dict:
    return view.scorecard.filter(pl.col("comparison") == "team").row(0, named=True)


def test_the_team_under_a_profile_filter_is_the_whole_team(frame) -> None:
    """The review's /reps?region=APAC&profile=Challenger&rep=kenji: "APAC (n = 36) 42%" beside "Kenji Watanabe
    (n = 36) 42%". Under Seller profile = Challenger, Ann's team is still Ann and Bo: 47 won of 90."""
    deals = teamed(frame)
    challengers = ALL.with_values("profile", ["Challenger"])
    view = view_of(deals, challengers)
    team = team_row(view)
    assert (team["closed"], team["won"], team["reps"]) == (90, 47, 2)
    assert not view.team_alone and view.team_compared
    # Ann is the one Challenger: her peers closed nothing, so they are no bar ("Other Challenger reps (n = 0)"
    # was a hatched stub beside "No peers to compare with"); the words say it once.
    assert view.compared["comparison"].to_list() == ["rep", "team"] and not view.peers_compared
    assert reps.scorecard_titles(view)[0] == "Win rate: Ann against team"
    # Its caption explains the bars drawn, the team's, and no peers' bar ("Peers: the other reps of the same seller
    # profile, their deals together" had stood under a chart with none).
    caption = reps.rep_captions(view, challengers).scorecard_win
    assert "Peers:" not in caption and "Team: every deal of the rep's team, the rep's included. Peers and team are" in caption
    assert reps.rep_tiles_caption(view).startswith("No peers to compare with: no Challenger reps closed a deal here.")
    assert "Team East: win rate 52% (n = 90)." in reps.rep_tiles_caption(view)
    assert int(view.team_trend["closed"].sum()) == 90
    # The same under a Team or Manager filter: the rep's team and peers are theirs, whoever is listed.
    assert team_row(view_of(deals, ALL.with_values("team", ["East"]).with_values("profile", ["Challenger"])))["closed"] == 90
    assert benchmark_filters(challengers.with_values("region", ["APAC"])).selected == (("region", ("APAC",)),)


def test_a_deal_filter_narrows_the_team_and_a_team_of_the_rep_alone_is_no_benchmark(frame) -> None:
    """Region = APAC: the team's APAC deals are Ann's alone. The page drew a team bar and a dotted team line
    at the rep's own rates (the line joining her hollow points); now it draws neither and says why."""
    view = view_of(teamed(frame), ALL.with_values("region", ["APAC"]))
    assert team_row(view)["closed"] == 30 and view.team_alone and not view.team_compared
    # Nor a peers' bar: Ann is the one Challenger. Her bar alone, against no one.
    assert view.compared["comparison"].to_list() == ["rep"]
    assert view.team_trend.height == 0 or int(view.team_trend["closed"].sum()) == 0
    assert reps.trend_title(view) == "Ann by quarter"
    assert reps.scorecard_titles(view) == ("Win rate: Ann", "No decision ÷ losses")
    said = reps.rep_tiles_caption(view)
    assert f"Team East: {reps.TEAM_ALONE_WORDS}." in said and "Team East: win rate" not in said
    # The header still names her team: it is who she is.
    assert "team East" in reps.rep_header(view)
    # No manager in these deals: the Manager filter is not named.
    assert "the sidebar's Team, Seller profile and Profile source filters" in reps.rep_captions(view, ALL).scorecard_win


def test_a_team_of_the_rep_alone_has_no_share_of_its_won_value(frame) -> None:
    """With amounts hidden the share tile read "100%" of a team whose only closed deals are the rep's: no
    share against a team of one, in the words the line under the tiles gives it."""
    view = view_of(teamed(frame), ALL.with_values("region", ["APAC"]))
    share = view.shown_tiles(hide_amounts=True)[-1]
    assert share.label == "Share of team's won value"
    assert share.text == "—" and reps.TEAM_ALONE_WORDS in (share.help or "").lower()
    said = reps.rep_tiles_caption(view, hide_amounts=True)
    assert f"Team East: {reps.TEAM_ALONE_WORDS}." in said and "share of team's won value" not in said
    # A team with another rep's deals keeps its share.
    whole = view_of(teamed(frame), ALL).shown_tiles(hide_amounts=True)[-1]
    assert whole.text.endswith("%") and whole.text != "100%"
