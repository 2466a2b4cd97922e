"""The sidebar's Coach filter, a filter of who reps are kept in the link, and a coach anonymised as a person is.

A roster's Coach column was not read, so a leader running a coaching programme could not list the coached
reps apart, and a coach's name in a deal's text stayed shown with names anonymised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from coached_reps import ROSTER, stored

from winloss.anonymise import name_pseudonyms
from winloss.deals import page_deals
from winloss.filters import (
    DIMENSION_LABELS,
    DIMENSIONS,
    PEOPLE_DIMENSIONS,
    READ_PARAMS,
    Filters,
    applied,
    benchmark_filters,
    from_query,
    in_force,
    options,
    to_query,
)
from winloss.ingest.mapping import ROSTER_MAPPED
from winloss.views.common import unplaced, unplaced_sentence

README = Path(__file__).resolve().parents[1] / "README.md"


# ---- the sidebar's Coach filter ----

def test_the_coach_filter_is_a_filter_of_who_reps_are_kept_in_the_link(tmp_path):
    store = stored(tmp_path)
    deals = page_deals(store)
    assert DIMENSION_LABELS["coach"] == "Coach" and "coach" in PEOPLE_DIMENSIONS
    assert options(deals)["coach"] == ["Kim Park", "No coach"]  # Li Wei has none
    chosen = Filters().with_values("coach", ["Kim Park"])
    assert "coach" in READ_PARAMS  # the sidebar binds its widget to the page's address
    assert to_query(chosen)["coach"] == ["Kim Park"]
    assert from_query(to_query(chosen)) == chosen
    assert sorted(applied(deals.lazy(), chosen).collect().get_column("rep").to_list()) == ["Dana Whitfield", "Sam Ortiz"]
    # It chooses which reps are listed, never whom a rep is compared with.
    assert benchmark_filters(chosen.with_values("region", ["EMEA"])).selected == (("region", ("EMEA",)),)


def test_no_coach_in_the_roster_offers_no_coach_filter(tmp_path):
    store = stored(tmp_path, ROSTER.replace(",Coach\n", "\n").replace(",Kim Park\n", "\n").replace(",Mo Lee,\n", ",Mo Lee\n"))
    assert not options(page_deals(store)).get("coach")


# ---- anonymised ----

def test_anonymised_deals_show_a_coach_by_a_pseudonym_and_never_by_name(tmp_path):
    store = stored(tmp_path)
    hidden = page_deals(store, anonymise=True)
    assert hidden.get_column("coach").drop_nulls().unique().to_list() == ["Coach 01"]
    texts = [c for c, t in hidden.schema.items() if t in (pl.String, pl.Categorical)]
    assert not any(hidden.get_column(c).cast(pl.String).str.contains("Kim Park").any() for c in texts)
    assert "Coach 01 asked for a call" in hidden.get_column("opportunity_name").to_list()


def test_a_coach_who_manages_or_sells_has_one_pseudonym():
    """A person is one pseudonym wherever they are named: a manager who coaches is their manager pseudonym as a
    coach, a rep who coaches their rep pseudonym."""
    deals = pl.DataFrame({
        "rep": ["Ann Lee", "Bo Chan", "Cy Diaz"], "manager": ["Mo Lee", "Mo Lee", "Mo Lee"],
        "coach": ["Mo Lee", "Ann Lee", None], "close_date": [dt.date(2026, 1, d) for d in (1, 2, 3)],
    })
    named = name_pseudonyms(deals)
    assert named["coach"]["Mo Lee"] == named["manager"]["Mo Lee"]
    assert named["coach"]["Ann Lee"] == named["rep"]["Ann Lee"]
    roster = pl.DataFrame({"rep": ["Ann Lee", "Bo Chan", "Cy Diaz", "Kim Park"], "manager": ["Mo Lee"] * 4,
                           "coach": [None, None, "Kim Park", None]})
    deals = deals.with_columns(pl.lit(None, pl.String).alias("coach"))
    # A coach the roster lists as a rep with no deal is named as a coach, as a manager is named as a manager.
    assert name_pseudonyms(deals, roster)["coach"]["Kim Park"].startswith("Coach ")


# ---- the README ----

def test_the_readme_names_the_coach_among_the_rosters_fields_and_the_sidebars_filters():
    """The README listed the sidebar's filters, its filters of who reps are and a roster's fields without a coach."""
    said = " ".join(README.read_text(encoding="utf-8").split())
    assert "A roster's optional **Coach** column" in said
    assert f"fields are {', '.join(ROSTER_MAPPED[:-1])} and {ROSTER_MAPPED[-1]}." in said  # what --map maps in a roster
    offered = ", ".join(DIMENSION_LABELS[d] for d in DIMENSIONS)
    assert f"**Sidebar filters** ({offered}) narrow every number" in said
    people = ", ".join(DIMENSION_LABELS[d] for d in PEOPLE_DIMENSIONS)
    assert f"The sidebar's filters of who reps are ({people}) choose which reps a page lists" in said


def test_the_line_under_a_reps_scorecard_names_the_coach_filter_once_the_data_has_a_coach(tmp_path):
    """The scorecard's line says which sidebar filters choose reps and leave peers alone: with coaches, Coach too."""
    from winloss.views import reps

    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    every = Filters(preset="custom", start=start, end=end)
    coached = reps.rep(page_deals(stored(tmp_path)).lazy(), "Dana Whitfield", every, start, end, as_of=end)
    assert coached is not None and "Team, Manager, Coach, Seller profile and Profile source filters" in reps.benchmark_rule(coached)
    uncoached = page_deals(stored(tmp_path / "uncoached", ROSTER.replace("Kim Park", ""))).lazy()
    plain = reps.rep(uncoached, "Dana Whitfield", every, start, end, as_of=end)
    assert plain is not None and "Team, Manager, Seller profile and Profile source filters" in reps.benchmark_rule(plain)


# ---- the reps no coach coaches ----

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def test_no_coach_is_offered_and_chooses_the_reps_no_coach_coaches(tmp_path):
    """Li Wei has no coach: a coaching programme's control group, which no choice of the Coach filter could
    select. "No coach" keeps his deals, alone or beside a coach, in the link and anonymised alike."""
    deals = page_deals(stored(tmp_path))
    offered = options(deals)
    assert offered["coach"] == ["Kim Park", "No coach"]
    uncoached = Filters().with_values("coach", ["No coach"])
    assert applied(deals.lazy(), in_force(uncoached, offered)).collect().get_column("rep").to_list() == ["Li Wei"]
    assert from_query(to_query(uncoached)) == uncoached
    # Chosen with every coach it is every deal, so no filter; the order is the sidebar's, "No coach" last.
    both = Filters().with_values("coach", ["No coach", "Kim Park"])
    assert both.values("coach") == ("Kim Park", "No coach")
    assert in_force(both, offered) == Filters()
    hidden = page_deals(stored(tmp_path / "hidden"), anonymise=True)
    assert options(hidden)["coach"] == ["Coach 01", "No coach"]
    assert applied(hidden.lazy(), in_force(uncoached, options(hidden))).collect().height == 1


def test_every_coach_without_no_coach_leaves_the_uncoached_out_and_says_so(tmp_path):
    """With "No coach" offered, Kim Park alone is no longer every value: it is a filter, and its sentence
    gives its whole effect. "1 closed deal in this range has no coach and is left out by the Coach filter"
    had read as all a filter on one coach of many leaves out."""
    deals = page_deals(stored(tmp_path))
    kim = in_force(Filters(preset="custom", start=START, end=END).with_values("coach", ["Kim Park"]), options(deals))
    assert kim.values("coach") == ("Kim Park",)
    (left_out,) = unplaced(deals.lazy(), kim, START, END, "USD")
    assert unplaced_sentence(left_out, role="ops") == (
        "The Coach filter keeps 2 of the 3 closed deals in this range; the 1 it leaves out has no coach.")
    # "No coach" chosen keeps the deals with none: it leaves none out for want of a coach.
    none = Filters(preset="custom", start=START, end=END).with_values("coach", ["No coach"])
    assert unplaced(deals.lazy(), none, START, END, "USD") == ()


def test_team_and_manager_offer_their_blank_choice_by_the_same_rule():
    """A blank choice is offered where some deals have a value and some none; not where none has one."""
    deals = pl.DataFrame({"team": ["East", None, "West"], "manager": ["Mo Lee", "Mo Lee", "Mo Lee"],
                          "coach": [None, None, None], "region": ["EMEA", None, "APAC"]})
    offered = options(deals)
    assert offered["team"] == ["East", "West", "No team"]
    assert offered["manager"] == ["Mo Lee"] and offered["coach"] == []
    assert offered["region"] == ["APAC", "EMEA"]  # a deal filter's blank is counted, never chosen
    chosen = Filters().with_values("team", ["No team", "West"])
    assert applied(deals.lazy(), in_force(chosen, offered)).collect().get_column("region").to_list() == [None, "APAC"]
