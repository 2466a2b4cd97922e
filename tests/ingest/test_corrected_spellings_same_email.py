"""A roster that corrects a misspelt rep whose deals name them by email takes the old spelling out.

The first roster misspelt "Dana Whitfield" as "Dana Whitfeld" and wrote "Robert Smith" for the "Bob Smith" of
another CRM's deals, each row holding the email the other CRM's deals are owned by. The corrected roster named
them rightly with the same emails, yet its report kept both old spellings "as stored" (their email deals counted
as theirs), said both that "bob.smith@acme.com" was an email no roster row has and that two rows held it, and
once stored each person was two reps: "Dana Whitfield" by name and "dana.whitfield@acme.com" by email (the email
now held by two rows, no one's), with the old spellings offered "(0 deals)". The same email is the same person:
the old spelling is corrected, and its email deals follow to the new one.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from winloss.deals import page_coded_deals, page_deals
from winloss.filters import Filters
from winloss.ingest.corrected_spellings import Corrected, corrected_spellings
from winloss.ingest.pipeline import commit, prepare, store_rep_sentences
from winloss.store.delta import Store
from winloss.views import reps
from winloss.views.roster import roster_for_editing

BY_EMAIL = (
    "Deal - ID,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization\n"
    "9001,DANA.WHITFIELD@ACME.COM ,Won,1000,2026-01-05,2026-03-01,,Beta A\n"
    "9002,dana.whitfield@acme.com,Lost,2000,2026-01-05,,2026-03-02,Beta B\n"
    "9003,bob.smith@acme.com,Lost,1500,2026-01-05,,2026-03-03,Beta C\n"
)
ROSTER = ("Name,E-mail,Seller Profile,Team,Manager\n"
          "Dana Whitfeld,dana.whitfield@acme.com,Challenger,East,Kim Boss\n"
          "Robert Smith,bob.smith@acme.com,Closer,East,Kim Boss\n")
BY_NAME = (
    "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name\n"
    "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-04,Acme A\n"
    "102,Dana Whitfield,Closed Lost,2000,2026-01-05,2026-03-05,Acme B\n"
    "103,Bob Smith,Closed Won,1500,2026-01-05,2026-03-06,Acme C\n"
)
CORRECTED = ROSTER.replace("Dana Whitfeld", "Dana Whitfield").replace("Robert Smith", "Bob Smith")
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def _store(tmp_path) -> Store:
    store = Store(str(tmp_path / "store"))
    for content, name in ((BY_EMAIL, "pipedrive.csv"), (ROSTER, "roster.csv"), (BY_NAME, "hubspot.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None
        commit(store, prepared, user="test")
    return store


def test_the_report_takes_both_old_spellings_as_corrected_for_their_email(tmp_path) -> None:
    store = _store(tmp_path)
    sentences = store_rep_sentences(store, prepare(CORRECTED.encode(), "roster_corrected.csv"))
    assert ('2 reps the store holds with no deals by their own name are taken as corrected to a name this roster gives: '
            '"Dana Whitfeld" to "Dana Whitfield" (same email) and "Robert Smith" to "Bob Smith" (same email). They leave '
            'the roster when this roster is stored (a rollback brings them back). If one is another person, give them a '
            'row in the roster.') in sentences
    assert not [s for s in sentences if "not in this roster" in s]


def test_the_report_says_neither_that_no_row_nor_that_two_rows_hold_the_corrected_emails(tmp_path) -> None:
    store = _store(tmp_path)
    sentences = store_rep_sentences(store, prepare(CORRECTED.encode(), "roster_corrected.csv"))
    assert not [s for s in sentences if "no roster row has" in s or "more than one roster row" in s]
    assert ('3 stored deals name their owner by email ("dana.whitfield@acme.com" and "bob.smith@acme.com"): counted as '
            'the roster\'s reps with those emails ("Dana Whitfield" and "Bob Smith").') in sentences


def test_once_stored_each_person_is_one_rep(tmp_path) -> None:
    store = _store(tmp_path)
    commit(store, prepare(CORRECTED.encode(), "roster_corrected.csv"), user="test")
    assert sorted(store.roster().select("rep").collect().get_column("rep").to_list()) == ["Bob Smith", "Dana Whitfield"]
    assert sorted(page_deals(store).get_column("rep").unique().to_list()) == ["Bob Smith", "Dana Whitfield"]
    board = reps.leaderboard(page_coded_deals(store).lazy(), Filters(preset="custom", start=START, end=END), START, END)
    assert dict(board.select("rep", "n").iter_rows()) == {"Dana Whitfield": 4, "Bob Smith": 2}
    # The rep pickers' list (the roster editor's reps and deal counts) offers no old spelling with no deals.
    table = roster_for_editing(store.opportunities(), store.roster())
    assert dict(table.select("rep", "deals").iter_rows()) == {"Dana Whitfield": 4, "Bob Smith": 2}


def test_the_same_email_corrects_a_name_no_spelling_rule_finds_close() -> None:
    held = pl.DataFrame({"rep": ["Jo Bloggs-Hartley"], "email": ["jo@acme.com"]})
    given = pl.DataFrame({"rep": ["Joanna Hartley"], "email": ["JO@acme.com"]})
    found = corrected_spellings(held, pl.Series(["jo@acme.com", "jo@acme.com"]), given)
    assert found == [Corrected("Jo Bloggs-Hartley", "Joanna Hartley", same_email=True, by_email=2)]


def test_a_rep_deals_still_name_by_their_own_name_is_not_corrected_for_their_email() -> None:
    held = pl.DataFrame({"rep": ["Robert Smith"], "email": ["bob.smith@acme.com"]})
    given = pl.DataFrame({"rep": ["Bob Smith"], "email": ["bob.smith@acme.com"]})
    assert corrected_spellings(held, pl.Series(["Robert Smith", "bob.smith@acme.com"]), given) == []


def test_a_close_spelling_goes_with_its_email_and_stays_when_no_new_row_holds_it() -> None:
    held = pl.DataFrame({"rep": ["Dana Whitfeld"], "email": ["dana@acme.com"]})
    given = pl.DataFrame({"rep": ["Dana Whitfield", "Pat Other"], "email": ["dana.w@acme.com", "dana@acme.com"]})
    # "Pat Other" holds the email: the deals would follow "Pat Other", not "Dana Whitfield", whose name is close.
    found = corrected_spellings(held, pl.Series(["Dana Whitfield", "dana@acme.com"]), given)
    assert found == [Corrected("Dana Whitfeld", "Pat Other", same_email=True, by_email=1)]
    # The email given to no one: the close spelling would leave its email deals with no rep.
    given = pl.DataFrame({"rep": ["Dana Whitfield"], "email": ["dana.w@acme.com"]})
    assert corrected_spellings(held, pl.Series(["Dana Whitfield", "dana@acme.com"]), given) == []
