"""A seller profile no chart draws is said, not left to vanish: with no Lone Wolf rep in the roster the Seller
profiles page showed four profiles and nothing told a VP where Lone Wolf went (views.profiles.absent_profiles_note).
A profile some rep holds whose reps closed nothing in range is told apart from one no rep holds.

Its store (Ann and Bo's 10 deals each in 2026 Q3) withholds every rate: each chart of them, on every page, gives way
to the engine's sentence with a list that opens what a bar opened (ui.withheld.stand_in_ui), and Show the charts
anyway draws them."""

from __future__ import annotations

import json

import polars as pl
from app_driver import opened
from rendered import as_read

from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare
from winloss.views import profiles
from winloss.views.no_decision import BREAKDOWN_CHOICE_LABELS
from winloss.views.reps import REP_CHOICE_LABEL

Q3 = {"period": "custom", "from": "2026-07-01", "to": "2026-09-30"}
# What a withheld chart's sentence says to do under Q3 (views.common.withheld_advice): the team's deals before it count more.
MOVE = "Move the range's start under Close date in the sidebar to count 30 closed deals or turn on Show the charts anyway."
ROSTER = {"Ann Lee": "Challenger", "Bo Ortiz": "Hard Worker", "Cy Moss": "Lone Wolf"}


def team(store) -> None:
    """Ann and Bo close 10 deals each in 2026 Q3; Cy, the one Lone Wolf, 10 in 2026 Q1 only."""
    roster = "Rep,Seller Profile,Team\n" + "".join(f"{rep},{profile},East\n" for rep, profile in ROSTER.items())
    rows = [f"{rep[:2]}{i},{rep},{'Closed Won' if i % 2 else 'Closed Lost'},{day},1000"
            for rep, day in (("Ann Lee", "2026-08-03"), ("Bo Ortiz", "2026-08-04"), ("Cy Moss", "2026-02-05"))
            for i in range(10)]
    deals = "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n"
    for content, name in ((roster, "roster.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def said(at) -> str:
    return as_read("\n".join(e.value for kind in ("markdown", "caption", "info") for e in at.get(kind)))


def test_a_profile_with_no_bar_is_said_whether_no_rep_holds_it_or_none_closed_a_deal_in_range(store, filled) -> None:
    filled(team)
    at = opened("profiles", **Q3)
    assert not at.exception, [e.value for e in at.exception]
    words = said(at)
    assert ("No rep has the Relationship Builder or Reactive Problem Solver profile, in the roster or by assessment, "
            "so they have no bars.") in words
    # What to do is the range's rule: Cy's deals closed before the custom range's start (common.more_range_step).
    assert ("No rep in this range has the Lone Wolf profile, so it has no bar. Move the range's start under Close "
            "date in the sidebar to count 30 closed deals.") in words
    # All time Cy's deals are in range: Lone Wolf has its bar and is not said; the two no rep holds still are.
    every = opened("profiles", period="All time")
    assert not every.exception, [e.value for e in every.exception]
    assert "Lone Wolf profile" not in said(every) and "Reactive Problem Solver profile" in said(every)


def test_one_profile_no_rep_holds_is_named_alone() -> None:
    """The VP's case: four profiles drawn, no Lone Wolf in the roster."""
    shown = ["Challenger", "Hard Worker", "Relationship Builder", "Reactive Problem Solver"]
    figures = profiles.Profiles(overall=pl.DataFrame(), by_profile=pl.DataFrame({"seller_profile": shown, "closed": [5] * 4}),
                                mix=None, significance=pl.DataFrame())  # type: ignore[arg-type]
    assert (profiles.absent_profiles_note(figures, set(shown), Filters(), None)
            == "No rep has the Lone Wolf profile, in the roster or by assessment, so it has no bar.")
    assert (profiles.absent_profiles_note(figures, {*shown, "Lone Wolf"}, Filters(), None) or "").startswith(
        "No rep in this range has the Lone Wolf profile, so it has no bar. ")
    # A Seller profile filter leaves the others out by choice: they are not said.
    challengers = Filters(selected=(("profile", ("Challenger",)),))
    assert profiles.absent_profiles_note(profiles.Profiles(pl.DataFrame(), figures.by_profile.head(1), None,  # type: ignore[arg-type]
                                                           pl.DataFrame()), set(), challengers, None) is None
    every = pl.DataFrame({"seller_profile": [*shown, "Lone Wolf"], "closed": [5] * 5})
    assert profiles.absent_profiles_note(profiles.Profiles(pl.DataFrame(), every, None, pl.DataFrame()),  # type: ignore[arg-type]
                                         set(), Filters(), None) is None


def test_profile_charts_of_withheld_rates_give_way_to_a_sentence_and_a_list_that_opens_a_profile(store, filled) -> None:
    """Ann and Bo's 10 deals each in 2026 Q3 withhold every profile's rate: each profile chart is the engine's
    sentence (views.profiles.withheld_profiles_note), not grey stubs, and a list opens a profile's reps and deals as a
    click on its bar did. Show the charts anyway draws them as before."""
    filled(team)
    at = opened("profiles", **Q3)
    assert not at.exception, [e.value for e in at.exception]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert not [t for t in titles if "by seller profile" in t], titles
    notes = [i.value for i in at.info if i.value.startswith("No profile has the 20 ")]
    assert notes == [f"No profile has the 20 {unit} a rate needs{band}, so {what} is not drawn. Move the range's start "
                     "under Close date in the sidebar to count 30 closed deals or turn on Show the charts anyway." for what, unit, band in (
                         *((*chart, "") for chart in profiles.PROFILE_CHARTS.values()),
                         ("win rate by deal size band and seller profile", "deals", " in any deal size band"))]
    (rates_list,) = [s for s in at.selectbox if s.label == profiles.PROFILE_CHOICE_LABELS["win_rate"]]
    assert [s for s in at.selectbox if s.label == profiles.PROFILE_CHOICE_LABELS["no_decision_share_of_losses"]]
    assert rates_list.options == ["Challenger", "Hard Worker"]
    rates_list.select("Challenger").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("**Challenger** — 1 rep.") for m in at.markdown)  # its reps, its deals under them
    # The band chart's sentence keeps its bars' deals one choice away, as a click on a bar opened them.
    (bands_list,) = [s for s in at.selectbox if s.label == profiles.BAND_CHOICE_LABEL]
    assert bands_list.options and all(": " in o and o.endswith(" deals") for o in bands_list.options), bands_list.options
    bands_list.select_index(0).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("**") and m.value.endswith(" deals (deal size)**") for m in at.markdown)
    anyway = opened("profiles", show_anyway="true", **Q3)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in anyway.get("plotly_chart")]
    assert len([t for t in titles if "seller profile" in t]) == 3, titles  # the band chart's stubs too
    assert not [i.value for i in anyway.info if i.value.startswith("No profile has the 20 ")]


def titles_of(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_no_decision_and_reps_charts_of_withheld_rates_give_way_to_a_sentence_and_a_list(store, filled) -> None:
    """10 losses a profile and 5 a rep on the No decision page, 10 deals a rep on the Reps page: no share or rate of
    their charts by profile and by rep is drawn, each chart is the engine's sentence (no grey stubs), its list opens a
    profile's lost and no-decision deals or a rep, and Show the charts anyway draws them."""
    filled(team)
    at = opened("no_decision", **Q3)
    assert not at.exception, [e.value for e in at.exception]
    notes = [i.value for i in at.info if " a rate needs, so " in i.value]
    assert notes == [f"No {group} has the 20 losses a rate needs, so no decision ÷ losses by {chart} is not drawn. "
                     f"{MOVE}" for group, chart in (("profile", "seller profile"), ("rep", "rep"))], notes
    assert not [t for t in titles_of(at) if "by seller profile" in t or "none is ranked" in t], titles_of(at)
    (by_profile,) = [s for s in at.selectbox if s.label == BREAKDOWN_CHOICE_LABELS["seller_profile"]]
    assert by_profile.options == ["Challenger", "Hard Worker"]
    (by_rep,) = [s for s in at.selectbox if s.label == BREAKDOWN_CHOICE_LABELS["rep"]]
    assert sorted(by_rep.options) == ["Ann Lee", "Bo Ortiz"]
    by_profile.select("Hard Worker").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value == "**Lost and no-decision deals: seller profile Hard Worker**" for m in at.markdown)
    anyway = opened("no_decision", show_anyway="true", **Q3)
    assert not [i.value for i in anyway.info if " a rate needs, so " in i.value]
    assert [t for t in titles_of(anyway) if "by seller profile" in t]

    reps = opened("reps", **Q3)
    assert not reps.exception, [e.value for e in reps.exception]
    assert [i.value for i in reps.info if " a rate needs, so " in i.value] == [
        f"No rep has the 20 deals a rate needs, so win rate by rep is not drawn. {MOVE}"]
    assert not [t for t in titles_of(reps) if "by rep" in t or "none is ranked" in t], titles_of(reps)
    (rep_list,) = [s for s in reps.selectbox if s.label == REP_CHOICE_LABEL]
    rep_list.select("Bo Ortiz").run()
    assert not reps.exception, [e.value for e in reps.exception]
    assert reps.query_params.get("rep") in ("Bo Ortiz", ["Bo Ortiz"])
