"""Two values a page groups or filters by never read alike once anonymised, as two stages never do
(tests/test_anonymise_stages.py): every spelling of a name reads as one pseudonym, so "Bianca went quiet" and
"Rossi went quiet" both read "Rep 01 went quiet", one bar in the loss-reason chart and one group with both
their deals; so did two competitors, accounts, teams, regions, segments, products and deals' names told apart
by a name alone. And the no-decision settings count the deals they count with names shown."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from named_texts import leaks

from data_models.vocabulary import folded_words
from winloss.anonymise import anonymised, name_pseudonyms, other_names, real_values, renamed_values
from winloss.filters import linked_filters
from winloss.measures.no_decision import no_decision_causes, no_decision_causes_query

DAY = dt.date(2026, 3, 2)
PEOPLE = ["Bianca Rossi", "Tom Ito"]
# (rep, loss reason, competitor, account, team, region, segment, product, deal's name, deals): each column
# holds values a name of Bianca Rossi's alone tells apart (her first name, surname, whole name, the surname in
# capitals), and a value naming no one.
DEALS = [
    ("Bianca Rossi", "Bianca went quiet", "Bianca's old firm", "Bianca Consulting", "Bianca's team", "Bianca's patch",
     "Bianca's accounts", "Bianca Suite", "Renewal - Bianca", 1),
    ("Bianca Rossi", "Rossi went quiet", "Rossi's old firm", "Rossi Consulting", "Rossi's team", "Rossi's patch",
     "Rossi's accounts", "Rossi Suite", "Renewal - Rossi", 2),
    ("Tom Ito", "Bianca Rossi went quiet", "Bianca Rossi's old firm", "Bianca Rossi Consulting", "Bianca Rossi's team",
     "Bianca Rossi's patch", "Bianca Rossi's accounts", "Bianca Rossi Suite", "Renewal - Bianca Rossi", 3),
    ("Tom Ito", "ROSSI went quiet - budget", "ROSSI old firm", "ROSSI Consulting", "ROSSI team", "ROSSI patch",
     "ROSSI accounts", "ROSSI Suite", "Renewal - ROSSI", 4),
    ("Tom Ito", "Price", "Acme", "Contoso", "East", "EMEA", "Enterprise", "Core", "Renewal", 5),
]
COLUMNS = ("loss_reason", "competitor", "account", "team", "region", "segment", "product", "opportunity_name")


def frame() -> pl.DataFrame:
    return pl.DataFrame([{"rep": rep, "manager": None, **dict(zip(COLUMNS, values, strict=True)),
                          "stage": "Closed Lost", "outcome": "lost", "created_date": DAY, "close_date": DAY}
                         for rep, *values, n in DEALS for _ in range(n)])


def counts(deals: pl.DataFrame, column: str) -> list[int]:
    """How many deals each value of `column` has, the values told apart as a group-by tells them, largest first."""
    return sorted(deals.get_column(column).value_counts().get_column("count").to_list(), reverse=True)


@pytest.mark.parametrize("column", COLUMNS)
def test_values_told_apart_by_a_name_alone_keep_their_deals(column):
    real = frame()
    shown = anonymised(real)
    assert leaks(" ".join(shown.get_column(column)), PEOPLE) == []
    assert counts(shown, column) == counts(real, column) == [5, 4, 3, 2, 1]
    # As a stage mapping or a no-decision reason tells them apart too.
    folded = shown.get_column(column).map_elements(folded_words, return_dtype=pl.String)
    assert sorted(folded.value_counts().get_column("count").to_list(), reverse=True) == [5, 4, 3, 2, 1]
    assert shown.get_column(column)[-1] == real.get_column(column)[-1]  # a value naming no one is kept


def test_a_filter_chosen_with_names_shown_finds_its_own_team_once_anonymised():
    """A link or sidebar choice of "Rossi's team" made with names shown keeps its own team's deals once
    anonymised, not the team "Bianca's team" reads as, and back."""
    real = frame()
    named = name_pseudonyms(real)
    both = {**named, **renamed_values(real, named)}
    shown = anonymised(real)
    options = shown.get_column("team").unique().to_list()
    for team in real.get_column("team").unique().to_list():
        (linked,) = linked_filters({"team": [team]}, {"team": options}, lambda: other_names(both, True))
        (kept,) = linked.kept
        assert shown.filter(pl.col("team") == kept).height == real.filter(pl.col("team") == team).height
        (back,) = linked_filters({"team": [kept]}, {"team": real.get_column("team").unique().to_list()},
                                 lambda: other_names(both, False))
        assert back.kept == (team,)


def test_no_decision_reasons_naming_a_rep_count_only_their_own_deals_once_anonymised():
    """"Bianca went quiet" is a no-decision reason, "Rossi went quiet" and "ROSSI went quiet - budget" are not:
    with names shown their no-decision deals (a "Closed - No Decision" stage) are counted by their stage. Named
    on its own, the reason read "Rep 01 went quiet", the phrase both other reasons read as (or start with),
    and counted their deals."""
    real = frame().with_columns(stage=pl.lit("Closed - No Decision"), outcome=pl.lit("no_decision"))
    vocabulary = ["No decision", "Bianca went quiet"]

    def causes(deals: pl.DataFrame, values: dict | None = None) -> tuple:
        return no_decision_causes(no_decision_causes_query(deals.lazy(), None, None).collect(), vocabulary, None, values)

    assert causes(real) == (("loss reason", 1), ("stage or status", 14))
    assert causes(anonymised(real), real_values(real, name_pseudonyms(real))) == causes(real)


HYPHENATED = ["Jo Lee-Smith", "Ann Lee", "Tom Ito"]
# A hyphenated surname written with a hyphen, a spaced hyphen, an en dash, in a user name (with its hyphen and
# without), beside a value told apart from them by another name alone.
HYPHENATED_REASONS = ["Waiting on Lee-Smith", "Waiting on Lee - Smith", "Waiting on Lee–Smith", "Waiting on Lee Smith",
                      "Waiting on jlee-smith", "Waiting on jolee-smith", "Waiting on leesmith", "Waiting on Lee",
                      "Waiting on Lee - budget", "Waiting on Ito", "Price"]


def test_a_hyphenated_surname_is_anonymised_however_it_is_written_and_every_value_keeps_its_deals():
    """"Waiting on jlee-smith" read "Waiting on jlee-Rep 01" and "Waiting on leesmith" was kept as it was: a user
    name drops or keeps a hyphenated surname's hyphen (joined_forms, _name_words), so the initial and half the
    surname were left. Every spelling of "Lee-Smith" (hyphen, spaced hyphen, en dash) keeps its own deals, apart
    from "Waiting on Ito" and from each other, and the no-decision phrases count what they count with names shown."""
    rows = [(HYPHENATED[i % 3], reason, i + 1) for i, reason in enumerate(HYPHENATED_REASONS)]
    real = pl.DataFrame([{"rep": rep, "manager": None, "loss_reason": reason, "stage": "Closed - No Decision",
                          "outcome": "no_decision", "created_date": DAY, "close_date": DAY}
                         for rep, reason, n in rows for _ in range(n)])
    shown = anonymised(real)
    labels = shown.get_column("loss_reason").unique().to_list()
    assert leaks(" | ".join(labels), HYPHENATED) == []
    assert not [w for label in labels for w in folded_words(label).split() if "lee" in w or "smith" in w or w == "jo"]
    assert counts(shown, "loss_reason") == counts(real, "loss_reason") == list(range(11, 0, -1))
    back = real_values(real, name_pseudonyms(real))["loss_reason"]
    assert {back.get(v, v): n for v, n in shown.group_by("loss_reason").len().iter_rows()} == {r: n for _, r, n in rows}
    for vocabulary in (["Waiting on Lee"], ["Waiting on Lee-Smith"], ["Waiting on Lee - Smith"], ["leesmith"]):
        def causes(deals: pl.DataFrame, values: dict | None = None, vocabulary: list[str] = vocabulary) -> tuple:
            return no_decision_causes(no_decision_causes_query(deals.lazy(), None, None).collect(), vocabulary, None, values)

        assert causes(shown, real_values(real, name_pseudonyms(real))) == causes(real)
