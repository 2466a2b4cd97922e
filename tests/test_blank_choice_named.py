"""A people filter's blank choice ("No coach") beside a value of the same words: a roster naming a coach "No coach".

The blank choice and the coach were one string: choosing it kept the coach's deals and the coach-less reps' both,
and the sidebar listed "No coach" twice. The blank choice is offered under a label no value reads as ("(No coach)"),
and the coach keeps the name the roster gives.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from coached_reps import stored

from winloss.anonymise import name_pseudonyms
from winloss.deals import page_deals, roster_people
from winloss.filters import (
    Filters,
    applied,
    blank_choice,
    blank_choices,
    from_query,
    in_force,
    linked_filters,
    options,
    to_query,
)
from winloss.views.common import active_filters, filtered_sentence, filters_cell, unplaced, unplaced_sentence

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
# D1 is coached by a coach named "No coach", D2 by one named "no  coach " (another coach), D3 by Kim Park; D4 and D5
# have no coach. D1 is in a team named "No team", D4 in none.
DEALS = pl.DataFrame({
    "opportunity_id": ["D1", "D2", "D3", "D4", "D5"],
    "coach": ["No coach", "no  coach ", "Kim Park", None, None],
    "team": ["No team", "East", "East", None, "West"],
    "manager": ["Mo Lee"] * 5,
    "outcome": ["won", "lost", "won", "lost", "won"],
    "close_date": [dt.date(2026, 2, day) for day in range(1, 6)],
})


def chosen(dimension: str, values: list[str], deals: pl.DataFrame = DEALS) -> Filters:
    """The filters choosing `values` of `dimension`, as a page reads them against `deals` (in_force)."""
    return in_force(Filters(preset="custom", start=START, end=END).with_values(dimension, values),
                    options(deals), blank_choices(deals))


def kept(filters: Filters, deals: pl.DataFrame = DEALS) -> list[str]:
    return sorted(applied(deals.lazy(), filters).collect().get_column("opportunity_id").to_list())


def test_the_blank_choice_and_a_value_of_its_words_are_offered_apart():
    offered = options(DEALS)
    assert offered["coach"] == ["Kim Park", "No coach", "no  coach ", "(No coach)"]
    assert offered["team"] == ["East", "No team", "West", "(No team)"]
    assert offered["manager"] == ["Mo Lee"]  # every deal has a manager: no blank choice, none displaced
    # Where no value reads as it, the blank choice keeps its words; each label is one no value reads as.
    assert blank_choice("coach", ["Kim Park"]) == "No coach"
    assert blank_choice("coach", ["NO COACH", "(no coach)"]) == "((No coach))"
    assert blank_choice("region", ["No region"]) is None


def test_each_choice_keeps_exactly_its_deals():
    assert kept(chosen("coach", ["No coach"])) == ["D1"]
    assert kept(chosen("coach", ["no  coach "])) == ["D2"]
    assert kept(chosen("coach", ["(No coach)"])) == ["D4", "D5"]
    assert kept(chosen("coach", ["No coach", "(No coach)"])) == ["D1", "D4", "D5"]
    assert kept(chosen("team", ["No team"])) == ["D1"]
    assert kept(chosen("team", ["(No team)"])) == ["D4"]
    # Every value and the blank choice is no filter; every value without it still leaves the coach-less out.
    assert chosen("coach", options(DEALS)["coach"]).selected == ()
    assert kept(chosen("coach", ["Kim Park", "No coach", "no  coach "])) == ["D1", "D2", "D3"]


def test_the_labels_round_trip_through_the_url_and_a_link_keeps_its_meaning():
    for values in (["No coach"], ["(No coach)"], ["(No coach)", "Kim Park", "No coach"]):
        filters = chosen("coach", values)
        assert to_query(filters)["coach"] == [v for v in options(DEALS)["coach"] if v in values]  # as offered
        assert chosen("coach", list(from_query(to_query(filters)).values("coach"))) == filters
    offered, blanks = options(DEALS), blank_choices(DEALS)
    (link,) = linked_filters({"coach": ["No coach", "(No coach)"]}, offered, lambda: {}, blanks)
    assert link.kept == ("No coach", "(No coach)") and not link.changed
    # Once no coach is named so, "(No coach)" from a link made before is the blank choice, offered as "No coach".
    plain = DEALS.filter(pl.col("opportunity_id") != "D1").with_columns(pl.col("coach").replace("no  coach ", "Ana Cruz"))
    (link,) = linked_filters({"coach": ["(No coach)"]}, options(plain), lambda: {}, blank_choices(plain))
    assert link.kept == ("No coach",) and not link.unmatched
    assert kept(chosen("coach", list(link.kept), plain), plain) == ["D4", "D5"]
    # With no coach-less deal there is no blank choice for it to name.
    coached = DEALS.filter(pl.col("coach").is_not_null())
    (link,) = linked_filters({"coach": ["(No coach)"]}, options(coached), lambda: {}, blank_choices(coached))
    assert link.unmatched == ("(No coach)",)


def test_the_filtered_line_and_the_left_out_sentence_name_each_choice_as_offered():
    both = chosen("coach", ["(No coach)", "No coach"])
    assert filtered_sentence(active_filters(both)) == "Filtered: Coach = No coach, (No coach) — not company totals."
    assert filtered_sentence(active_filters(chosen("team", ["(No team)"]))) == (
        "Filtered: Team = (No team) — not company totals.")
    assert filters_cell(active_filters(both)) == "Coach = No coach, (No coach)"  # the files that name the filters
    # The coach named "No coach" leaves the coach-less reps' deals out, and the page says so.
    (left_out,) = unplaced(DEALS.lazy(), chosen("coach", ["No coach"]), START, END, "USD")
    assert unplaced_sentence(left_out, role="ops") == (
        "The Coach filter keeps 1 of the 5 closed deals in this range; 2 of the 4 it leaves out have no coach.")
    assert unplaced(DEALS.lazy(), chosen("coach", ["(No coach)"]), START, END, "USD") == ()


ROSTER = ("Name,Seller Profile,Team,Manager,Coach\n"
          "Dana Whitfield,Challenger,East,Mo Lee,No coach\n"
          "Sam Ortiz,Hard Worker,East,Mo Lee,Kim Park\n"
          "Li Wei,Lone Wolf,West,Mo Lee,\n")


def test_anonymised_a_coach_named_no_coach_is_a_pseudonym_and_the_blank_choice_keeps_its_label(tmp_path):
    store = stored(tmp_path, ROSTER)
    shown, hidden = page_deals(store), page_deals(store, anonymise=True)
    real = name_pseudonyms(shown, roster_people(store))
    assert options(shown)["coach"] == ["Kim Park", "No coach", "(No coach)"]
    # The coach is a person, so a pseudonym; the blank choice is no one, and is read against the real names
    # too, so it is "(No coach)" in both namings and a link made in one means the same in the other.
    assert options(hidden, real)["coach"] == ["Coach 01", "Coach 02", "(No coach)"]
    assert "No coach" not in hidden.get_column("coach").to_list()
    uncoached = in_force(Filters().with_values("coach", ["(No coach)"]), options(hidden, real), blank_choices(hidden, real))
    assert applied(hidden.lazy(), uncoached).collect().get_column("rep").to_list() == ["Rep 02"]
    # A link naming the coach by the real name finds the pseudonym, not the blank choice.
    (link,) = linked_filters({"coach": ["No coach"]}, options(hidden, real), lambda: real, blank_choices(hidden, real))
    assert link.kept == (real["coach"]["No coach"],)
