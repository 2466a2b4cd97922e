"""The sidebar's Coach filter, a filter of who reps are kept in the link, and a coach anonymised as a person is.

A roster's Coach column was not read, so a leader running a coaching programme could not list the coached
reps apart, and a coach's name in a deal's text stayed shown with names anonymised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

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
    options,
    to_query,
)
from winloss.ingest.mapping import ROSTER_MAPPED
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

README = Path(__file__).resolve().parents[1] / "README.md"
ROSTER = (
    "Name,Seller Profile,Team,Manager,Coach\n"
    "Dana Whitfield,Challenger,East,Mo Lee,Kim Park\n"
    "Sam Ortiz,Hard Worker,East,Mo Lee,Kim Park\n"
    "Li Wei,Lone Wolf,West,Mo Lee,\n"
)
DEALS = (
    "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name,Deal Name\n"
    "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A,Renewal\n"
    "102,Sam Ortiz,Closed Lost,2000,2026-01-05,2026-03-02,Acme B,Kim Park asked for a call\n"
    "103,Li Wei,Closed Won,1500,2026-01-05,2026-03-03,Acme C,Upsell\n"
)


def stored(tmp_path, roster: str = ROSTER) -> Store:
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    commit(store, prepare(DEALS.encode(), "hubspot.csv"), user="test")
    return store


# ---- the sidebar's Coach filter ----

def test_the_coach_filter_is_a_filter_of_who_reps_are_kept_in_the_link(tmp_path):
    store = stored(tmp_path)
    deals = page_deals(store)
    assert DIMENSION_LABELS["coach"] == "Coach" and "coach" in PEOPLE_DIMENSIONS
    assert options(deals)["coach"] == ["Kim Park"]
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
