"""A re-export without a column the stored deals it updates were filled from is said first, as what to do.

A CRM admin renamed a report's "Win/Loss Reason" column to "Why We Lost". The next weekly export had no
loss reason column: storing it blanked every stored loss reason and turned every no-decision deal into a
plain loss, and the warnings blamed an older export ("closed on the same date with another outcome ... If
this export is older than the last one stored, do not store it") and called the change "taken back to an
earlier state". The note on deleted open deals stopped too: another column set was another report.

The fixtures (tests/fixtures/missing_columns) are one report's weekly exports: 2 Nov (the loss reason as
"Win/Loss Reason"), 9 Nov (the same column as "Why We Lost"; D-05 won, D-06 deleted, D-07 new), 16 Nov (no
loss reason column at all) and 23 Nov (the amount as "Worth").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.ingest.pipeline import PreparedFile, commit, prepare
from winloss.ingest import same_report as reports
from winloss.ingest import store_effects
from winloss.ingest.same_report import same_report
from winloss.ingest.store_effects import absent_deals, deal_changes, reopened
from winloss.store.delta import Store

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "missing_columns"
WEEK1 = "crm_deals_2026-11-02.csv"
RENAMED = "crm_deals_2026-11-09.csv"
DROPPED = "crm_deals_2026-11-16.csv"
AMOUNT_RENAMED = "crm_deals_2026-11-23.csv"


def read(name: str, **options) -> PreparedFile:
    return prepare((FILES / name).read_bytes(), name, **options)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    assert commit(store, read(WEEK1)).change is not None
    return store


def test_a_renamed_loss_reason_column_is_said_first_with_the_column_to_map(store):
    said = store_effects.missing_fields(read(RENAMED), store)
    assert said is not None
    assert (said.lost, said.deals, said.examples) == (2, 3, ("D-02", "D-03", "D-04"))
    assert [(f.field, f.deals, f.column, f.candidate) for f in said.fields] == [
        ("loss_reason", 1, "Win/Loss Reason", "Why We Lost")]
    assert said.sentence == (
        "This file has no loss reason column, which earlier Salesforce exports of these deals had as 'Win/Loss Reason': "
        "'Why We Lost' holds their stored loss reasons, so map it to Loss reason "
        '(on the command line: --map loss_reason="Why We Lost"); stored without it, it turns 2 no-decision deals into '
        "plain losses and blanks the loss reason of 1 more stored deal (3 deals in all, D-02, D-03, D-04)."
    )  # the ids are of every deal it changes: after "1 more stored deal" alone they read as its examples


def test_the_same_day_outcome_change_it_causes_is_not_blamed_on_an_older_export(store):
    """The warning said 'closed on the same date with another outcome ... If this export is older than the last
    one stored, do not store it': the file is the newest, its loss reason column was renamed."""
    assert reopened(read(RENAMED), store) is None
    changes = deal_changes(read(RENAMED), store)
    assert changes is not None and changes.sentence() == (
        "Storing it closes 1 open deal: 1 won (D-05); 3 deals change only because this file has no loss reason column, "
        "as the warning on it says."
    )
    assert changes.deals == 4 and changes.missing == 3 and changes.missing_fields == ("loss_reason",)


def test_mapped_by_hand_the_renamed_column_changes_nothing_more(store):
    mapped = read(RENAMED, overrides={"loss_reason": "Why We Lost"})
    assert store_effects.missing_fields(mapped, store) is None
    changes = deal_changes(mapped, store)
    assert changes is not None and changes.sentence() == "Storing it closes 1 open deal: 1 won (D-05)."


def test_a_dropped_column_with_nothing_like_it_asks_which_column_holds_it(store):
    said = store_effects.missing_fields(read(DROPPED), store)
    assert said is not None and said.fields[0].candidate is None
    assert said.sentence.startswith(
        "This file has no loss reason column, which earlier Salesforce exports of these deals had as 'Win/Loss Reason': "
        "if one of its columns holds it, map it to Loss reason (on the command line: --map loss_reason=COLUMN); "
        "stored without it, it turns 2 no-decision deals into plain losses"
    )  # 'Lead Source' holds no stored reason: it is not offered


def test_any_field_the_stored_deals_hold_is_said_so_an_amount(store):
    """Not only the loss reason: an amount column renamed blanks every stored amount, and the currency the
    amounts were read in (no column of the earlier export either) is not said to be a second lost column."""
    said = store_effects.missing_fields(read(AMOUNT_RENAMED), store)
    assert said is not None and said.lost == 0
    assert said.sentence == (
        "This file has no amount column, which earlier Salesforce exports of these deals had as 'Amount': "
        "'Worth' holds their stored amounts, so map it to Amount (on the command line: --map amount=\"Worth\"); "
        "stored without it, it blanks the amount of 6 stored deals (such as D-01, D-02, D-03)."
    )
    changes = deal_changes(read(AMOUNT_RENAMED), store)
    assert changes is not None and changes.sentence() == (
        "Storing it changes 6 stored deals: 6 deals change only because this file has no amount column, as the warning on it says. "
        "2 open deals change amount (-$11,000 of pipeline)."  # the pipeline loses their amounts, if stored so
    )


def test_a_store_that_did_not_keep_the_columns_says_the_deals_hold_the_field(tmp_path, monkeypatch):
    with monkeypatch.context() as old:
        old.setattr(PreparedFile, "columns_json", property(lambda self: None))
        store = Store(tmp_path / "store")
        commit(store, read(WEEK1))
    said = store_effects.missing_fields(read(RENAMED), store)
    assert said is not None and said.sentence.startswith(
        "This file has no loss reason column, which the stored deals it updates have: 'Why We Lost' holds their "
        "stored loss reasons")


def test_a_field_no_stored_deal_of_the_file_holds_is_not_said(tmp_path):
    """The first export had no region column: the second lacking one too changes nothing, and says nothing."""
    store = Store(tmp_path / "store")
    text = (FILES / WEEK1).read_text()
    without = "\n".join(",".join(line.split(",")[:7]) for line in text.splitlines()) + "\n"
    commit(store, prepare(without.encode(), "crm_deals_2026-11-02.csv"))
    assert store_effects.missing_fields(prepare(without.encode(), "crm_deals_2026-11-09.csv"), store) is None


def test_a_report_whose_column_was_renamed_is_still_the_same_report_for_deleted_open_deals(store):
    """D-06 (open) is not in the 9 Nov export: the note stopped once a column was renamed."""
    said = absent_deals(read(RENAMED), store)
    assert said is not None and (said.deals, said.examples) == (1, ("D-06",))
    assert said.sentence.startswith("1 open deal stored from crm_deals_2026-11-02.csv, another Salesforce export of this report")
    assert list(same_report(read(RENAMED), store.live_uploads()).labels.values()) == [WEEK1]
    # The same id column with most columns other is another report still.
    other = b"Opportunity ID,Opportunity Owner,Stage,Product,Competitor,Segment,Probability\nD-09,Ann Lee,Prospecting,X,Y,SMB,10\n"
    assert same_report(prepare(other, "crm_deals_2026-11-30.csv"), store.live_uploads()).sha256 == ()


@pytest.mark.parametrize(("mine", "theirs", "alike"), [
    ({"id", "a", "b", "c"}, {"id", "a", "b", "d"}, True),  # one of four renamed
    ({"id", "a", "b", "c"}, {"id", "x", "y", "z"}, False),
    ({"id", "a"}, {"id", "b"}, False),
])
def test_alike_columns_wants_the_same_id_column_and_most_columns(mine, theirs, alike):
    assert reports.alike_columns((mine, "id"), (theirs, "id")) is alike
    assert not reports.alike_columns((mine, "id"), (mine, "other id"))


def test_a_same_day_outcome_change_is_said_as_one_not_as_taken_back(store):
    """No decision on 2 Oct in the store, won on 2 Oct in this file: 'taken back to an earlier state' it is not."""
    text = (FILES / WEEK1).read_text().replace("D-02,Ann Lee,Closed Lost,2000,2026-10-02,No Decision",
                                                "D-02,Ann Lee,Closed Won,2000,2026-10-02,").replace(
        "D-05,Ann Lee,Prospecting,5000,2026-12-20", "D-05,Ann Lee,Closed Won,5000,2026-11-05")
    prepared = prepare(text.encode(), "crm_deals_2026-11-09.csv")
    changes = deal_changes(prepared, store)
    assert changes is not None and changes.sentence() == (
        "Storing it closes 1 open deal: 1 won (D-05); 1 closed deal changes outcome on the date it closed, as the warning on it says.")
    assert changes.sentence(stored=True) == (
        "It closed 1 open deal: 1 won (D-05); 1 closed deal changed outcome on the date it closed, as the warning on it said.")
    assert dict(changes.taken_back_kinds) == {"same day": 1}
    assert store_effects.missing_fields(prepared, store) is None  # the loss reason column is there


def test_deals_taken_back_in_two_ways_are_each_said_as_what_they_are(store):
    """A won deal open again and a lost one closed earlier were both "taken back to an earlier state"."""
    text = (FILES / WEEK1).read_text().replace("D-01,Ann Lee,Closed Won,1000,2026-10-01", "D-01,Ann Lee,Proposal,1000,2026-12-01").replace(
        "D-04,Bo Chan,Closed Lost,4000,2026-10-04", "D-04,Bo Chan,Closed Lost,4000,2026-09-01").replace(
        "D-05,Ann Lee,Prospecting,5000,2026-12-20", "D-05,Ann Lee,Closed Won,5000,2026-11-05")
    changes = deal_changes(prepare(text.encode(), "crm_deals_2026-10-26.csv"), store)
    assert changes is not None and changes.sentence() == (
        "Storing it closes 1 open deal: 1 won (D-05); 1 closed deal is reopened and 1 moves back to an earlier close date, "
        "as the warning on them says.")
