"""Pages on a store of our own making: a tile never shows a difference whose other side is too small,
and says why; with no team anywhere in the data the rep's view says nothing of teams."""

from __future__ import annotations

import json

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Owner,Stage,Close Date,Amount"


def _deals(rep: str, close: str, won: int, lost: int, start: int) -> list[str]:
    stages = ["Closed Won"] * won + ["Closed Lost"] * lost
    return [f"{rep[0]}{start + i:03d},{rep},{stage},{close},1000" for i, stage in enumerate(stages)]


def tom_and_ann(store) -> None:
    """An export without a roster, so no rep has a team or a manager: Tom closes 20 deals in 2026 Q2
    (8 won) and 21 in Q3 (10 won, 48%); Ann, his only peer (both Unprofiled), 13 in Q3 (4 won).
    Q3 has 34 closed and 14 won deals, Q2 20 and 8."""
    rows = [*_deals("Tom", "2026-05-15", 8, 12, 0), *_deals("Tom", "2026-08-15", 10, 11, 100),
            *_deals("Ann", "2026-08-20", 4, 9, 0)]
    commit(store, prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "tom_and_ann.csv"))


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_reps_tile_says_why_it_is_not_compared_with_too_few_peers_deals(store, filled) -> None:
    filled(tom_and_ann)
    at = opened("reps", rep="Tom", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    win = next(m for m in at.metric if m.label == "Win rate")
    # 18 of 41 (44%) against the peers' 13 deals: no "+13 pts vs peers", and the reason in its place.
    assert win.value.startswith("44%") and win.delta in (None, "")
    assert "vs peers: peers n too small (13 deals)" in captions(at)


def test_with_no_team_in_the_data_the_rep_view_says_nothing_of_teams(store, filled) -> None:
    filled(tom_and_ann)
    at = opened("reps", rep="Tom", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(e.value for kind in ("markdown", "caption") for e in at.get(kind))
    assert "Unprofiled" in said and "team" not in said.lower() and "manager" not in said.lower()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = [str(trace.get("y", "")) + str(trace.get("x", "")) + str(trace.get("customdata", "")) for s in specs for trace in s["data"]]
    assert not any("No team" in b for b in bars)
    titles = [s["layout"].get("title", {}).get("text") or "" for s in specs]
    assert not [t for t in titles if "team" in t], titles
    board = opened("reps", period="All time")
    assert "team" not in board.dataframe[0].value.columns
    # Tom's deal list (every column) has no Region, Segment, Product or Competitor of "—": no deal has one.
    columns = at.dataframe[0].value.columns
    assert not {"region", "segment", "product", "competitor"} & set(columns), list(columns)
    # With amounts hidden too: the fourth tile was "Share of team's won value: —".
    for hidden in ("true", "false"):
        at = opened("reps", rep="Tom", period="All time", hide_amounts=hidden)
        assert not at.exception, [e.value for e in at.exception]
        labels = [m.label for m in at.metric]
        assert labels and not [label for label in labels if "team" in label.lower()], labels
        said = "\n".join(e.value for kind in ("markdown", "caption") for e in at.get(kind))
        assert "team" not in said.lower() and "manager" not in said.lower()


def test_the_reviews_won_value_shows_its_change_on_few_won_deals(store, filled) -> None:
    """A won value is a sum, not an estimate: its change is shown on 14 and 8 won deals (rates.change_min_n),
    on the review and the Overview alike. The data ends on 20 Aug, so Q3 is to date and Q2 is cut to the
    same day (Tom's Q2 deals closed on 15 May)."""
    filled(tom_and_ann)
    at = opened("review", quarter="2026 Q3")
    assert not at.exception, [e.value for e in at.exception]
    won = next(m for m in at.metric if m.label == "Won value")
    assert won.delta, won.delta
    assert not any("n too small (14 and 8 won deals)" in c for c in captions(at)), captions(at)
    overview = opened("overview", period="All time")
    assert not any("n too small (14 and 8 won deals)" in c for c in captions(overview))



def test_a_reps_deal_list_shows_a_stage_only_where_it_says_more_than_the_outcome(store, filled) -> None:
    """Tom's list read "Closed Won" beside Won on every closed deal. Closed deals alone: no Stage
    column; with an open deal, the column is shown and every deal in it reads its stage as exported (a "—"
    beside a closed deal read as a deal with no stage)."""
    filled(tom_and_ann)
    at = opened("reps", rep="Tom", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    listed = at.dataframe[0].value
    assert "outcome" in listed.columns and "stage" not in listed.columns
    commit(store, prepare(f"{HEADER}\nT900,Tom,Negotiation,2026-12-15,1000\n".encode(), "open.csv"))
    at = opened("reps", rep="Tom", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    listed = at.dataframe[0].value
    stages = dict(zip(listed["outcome"], listed["stage"], strict=True)) if "stage" in listed.columns else {}
    assert stages.get("Open") == "Negotiation"
    closed = listed[listed["outcome"] != "Open"]["stage"]
    assert len(closed) == 41 and set(closed) == {"Closed Won", "Closed Lost"}
