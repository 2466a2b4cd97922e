"""A deals file whose owner is spelt close to a rep of the stored roster says "did you mean".

The roster (uploaded first) names "Dana Whitfeld"; a HubSpot export names its owner "Dana Whitfield". Only a
roster upload said "did you mean" (of its reps no deal names): the export's report said nothing, and its deals
stayed a rep of their own, Unprofiled and in no team, unsaid. Its report names the close roster rep now, once per
owner, with the deals and how to fix it, by the roster upload's guess (identity.did_you_mean); the two stay two reps.
"""

from __future__ import annotations

import polars as pl
from command_line import run

from winloss.deals import page_deals
from winloss.ingest import identity
from winloss.ingest.owner_lookalikes import lookalike_sentences
from winloss.ingest.pipeline import commit, prepare, store_rep_sentences
from winloss.store.delta import Store

ROSTER = (
    "Name,Seller Profile,Team,Manager\n"
    "Dana Whitfeld,Challenger,East,Mo Lee\n"
    "Robert Smith,Hard Worker,East,Mo Lee\n"
    "Sam Ortiz,Lone Wolf,West,Mo Lee\n"
)
HUBSPOT = (
    "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name\n"
    "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A\n"
    "102,Dana Whitfield,Closed Lost,2000,2026-01-05,2026-03-02,Acme B\n"
    "103,Sam Ortiz,Closed Won,1500,2026-01-05,2026-03-03,Acme C\n"
)
SAID = ('"Dana Whitfield", the owner of 2 deals in this file, is not in the roster: did you mean "Dana Whitfeld"? They '
        "stay two reps, and those deals Unprofiled and in no team, until the roster and the CRM spell the name one way: "
        "correct it in the roster and upload the roster again, or correct the deal owner in the CRM and export again. If "
        'they are two people, give "Dana Whitfield" a row in the roster.')


def _store(tmp_path, roster: str = ROSTER) -> Store:
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    return store


def test_a_deals_file_names_the_close_roster_rep_once_per_owner_and_never_merges_them(tmp_path):
    store = _store(tmp_path)
    prepared = prepare(HUBSPOT.encode(), "hubspot.csv")
    said = store_rep_sentences(store, prepared)
    assert [s for s in said if "did you mean" in s] == [SAID]  # once for the owner, not once a deal
    commit(store, prepared, user="test")
    # Two reps until a file says otherwise: the roster keeps its spelling, the deals theirs, Unprofiled.
    assert sorted(store.roster().collect().get_column("rep").to_list()) == ["Dana Whitfeld", "Robert Smith", "Sam Ortiz"]
    reps = dict(page_deals(store).select("rep", "seller_profile").unique().iter_rows())
    assert reps == {"Dana Whitfield": "Unprofiled", "Sam Ortiz": "Lone Wolf"}


def test_a_given_names_short_form_is_said_and_an_owner_the_roster_names_or_an_email_is_not(tmp_path):
    store = _store(tmp_path)
    file = HUBSPOT + "104,Bob Smith,Closed Won,10,2026-01-05,2026-03-04,Acme D\n" + "105,dana.whit@acme.com,Closed Won,10,2026-01-05,2026-03-04,Acme E\n"
    said = [s for s in store_rep_sentences(store, prepare(file.encode(), "hubspot.csv")) if "did you mean" in s]
    assert said == [SAID, '"Bob Smith", the owner of 1 deal in this file, is not in the roster: did you mean "Robert Smith" '
                          "(Bob is a short form of Robert)? They stay two reps, and that deal Unprofiled and in no team, until "
                          "the roster and the CRM spell the name one way: correct it in the roster and upload the roster "
                          'again, or correct the deal owner in the CRM and export again. If they are two people, give "Bob '
                          'Smith" a row in the roster.']


def test_the_guess_is_the_roster_uploads_own(monkeypatch):
    """One rule, one place: the guess a roster's unmatched reps are given (identity.did_you_mean)."""
    asked: list[str] = []
    guess = identity.did_you_mean

    def counted(key: str, spelled, same_surname=None) -> str | None:
        asked.append(key)
        return guess(key, spelled, same_surname)

    monkeypatch.setattr(identity, "did_you_mean", counted)
    owners = pl.DataFrame({"name": ["Dana Whitfield", "Sam Ortiz"], "n": [2, 1]})
    assert len(lookalike_sentences(owners, pl.Series(["Dana Whitfeld", "Sam Ortiz"]))) == 1
    assert asked == ["dana whitfield"]  # the owner the roster names is no guess


def test_a_roster_prepared_with_the_export_that_names_the_owner_leaves_nothing_to_guess(tmp_path):
    store = _store(tmp_path)
    again = prepare(ROSTER.replace("Dana Whitfeld", "Dana Whitfield").encode(), "roster_2.csv")
    export = prepare(HUBSPOT.encode(), "hubspot.csv")
    assert not [s for s in store_rep_sentences(store, export, [again, export]) if "did you mean" in s]
    # With nothing stored, a roster waiting beside the export is the roster its deals will be read with.
    empty = Store(str(tmp_path / "empty"))
    waiting = prepare(ROSTER.encode(), "roster.csv")
    assert [s for s in store_rep_sentences(empty, export, [waiting, export]) if "did you mean" in s] == [SAID]
    assert not [s for s in store_rep_sentences(empty, export) if "did you mean" in s]  # no roster at all


def test_many_owners_are_named_a_few_then_counted():
    roster = pl.Series([f"Rep Number{k}" for k in range(7)])
    owners = pl.DataFrame({"name": [f"Rep Numbr{k}" for k in range(7)], "n": [7 - k for k in range(7)]})
    said = lookalike_sentences(owners, roster)
    assert len(said) == 6 and said[0].startswith('"Rep Numbr0", the owner of 7 deals in this file, is not in the roster: '
                                                 'did you mean "Rep Number0"?')
    assert said[-1] == ("2 other owners of 3 deals in this file are not in the roster and close to a rep it names: "
                        "correct each name in the roster or the CRM, or give each a row in the roster.")


def test_the_command_line_says_it(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER)
    (tmp_path / "hubspot.csv").write_text(HUBSPOT)
    store = str(tmp_path / "store")
    assert run("ingest", "--roster", str(tmp_path / "roster.csv"), "--store", store, cwd=tmp_path).returncode == 0
    result = run("ingest", str(tmp_path / "hubspot.csv"), "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"hubspot.csv: {SAID}" in result.stdout
