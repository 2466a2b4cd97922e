"""A roster's "Robert Smith" beside deals owned by "Bob Smith" got no "did you mean": no spelling ratio sees a given
name's short form. The guess now offers the name with the given name in its short or full form, and says why;
it stays a guess, never a match: the two are two reps until a file names them one way."""

from __future__ import annotations

import polars as pl

from winloss.ingest.identity import did_you_mean, one_spelling, rep_key, short_form_words
from winloss.ingest.pipeline import roster_unmatched_sentence
from winloss.views.roster import roster_lookalikes


def _spelled(*names: str) -> dict[str, str]:
    return {rep_key(name): name for name in names}


def test_a_given_name_in_its_short_or_full_form_is_offered_and_said_why() -> None:
    assert did_you_mean(rep_key("Robert Smith"), _spelled("Bob Smith", "Carlos Diaz")) == "Bob Smith"
    assert did_you_mean(rep_key("Bill Jones"), _spelled("William Jones")) == "William Jones"
    assert did_you_mean(rep_key("KATE  O'Neil"), _spelled("Katherine O\u2019Neil")) == "Katherine O\u2019Neil"
    assert short_form_words("Robert Smith", "Bob Smith") == "Bob is a short form of Robert"
    assert short_form_words("Bill Jones", "William Jones") == "Bill is a short form of William"
    # A guess by spelling is no short form, and says nothing of one.
    assert short_form_words("Jon Smith", "John Smith") is None


def test_another_surname_or_a_name_of_one_word_is_no_short_form() -> None:
    assert did_you_mean(rep_key("Robert Smith"), _spelled("Bob Jones")) is None
    assert did_you_mean(rep_key("Robert"), _spelled("Bob")) is None
    assert did_you_mean(rep_key("Robert Smith"), _spelled("Rob Smithers")) is None


def test_the_roster_report_offers_the_short_form_with_its_reason() -> None:
    said = roster_unmatched_sentence(pl.Series(["Robert Smith", "Ann Lee"]), pl.Series(["Bob Smith", "Ann Lee"]))
    assert said is not None
    assert '"Robert Smith": did you mean "Bob Smith" (Bob is a short form of Robert)?' in said


def test_a_short_form_stays_another_rep() -> None:
    # One rep by the name key only: the guess renames nothing.
    names = pl.Series(["Bob Smith", "Robert Smith"])
    assert one_spelling(names).to_list() == ["Bob Smith", "Robert Smith"]
    # The roster editor warns of a deal rep whose short form is a roster rep's name, by the same rule.
    table = pl.DataFrame({"rep": ["Robert Smith", "Bob Smith"], "in_roster": [True, False]})
    assert roster_lookalikes(table) == {"Bob Smith": "Robert Smith"}
