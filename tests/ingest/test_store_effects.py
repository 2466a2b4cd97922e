"""What storing an export would do to deals already stored, said before it is stored: deals it would
reopen, open deals it lacks, and nothing of either for a file whose commit changes nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl
from weekly_exports import stored

from winloss.ingest.currency_changes import stored_outcomes_and_currencies
from winloss.ingest.owner_lookalikes import NAMED_OWNERS
from winloss.ingest.pipeline import commit, prepare, store_rep_sentences
from winloss.ingest.store_effects import (
    absent_deals, changes_nothing, confirmed_note, deal_changes, other_report_deals, reopened, zeros_dropped,
)
from winloss.store.delta import Store

HEADER = "Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
WEEK1 = HEADER + (
    "R-1,Ann,Prospecting,100,2026-06-01\n"
    "R-2,Ann,Negotiation,100,2026-06-01\n"
    "R-3,Ann,Prospecting,100,2026-06-01\n"
    "R-4,Ann,Closed Won,100,2026-03-01\n"
    "R-5,Ann,Prospecting,100,2026-06-01\n"
)
# A week later: R-1 won, R-2 lost; the rest as they were.
WEEK2 = WEEK1.replace("R-1,Ann,Prospecting", "R-1,Ann,Closed Won").replace("R-2,Ann,Negotiation", "R-2,Ann,Closed Lost")


def test_an_older_export_after_a_newer_one_names_the_deals_it_would_reopen(tmp_path):
    store = stored(tmp_path, WEEK1, WEEK2)
    said = reopened(prepare((WEEK1 + "R-6,Ann,Prospecting,1,2026-06-01\n").encode(), "week1-resaved.csv"), store)
    assert said is not None and (said.deals, said.examples) == (2, ("R-1", "R-2"))
    assert said.sentence == (
        "2 deals closed in the store are open in this file (such as R-1: won on 1 Jun 2026 in the store, open in "
        "this file; also R-2): storing it reopens them. "
        "If this export is older than the last one stored, do not store it."
    )
    assert said.as_json() == {"deals": 2, "examples": ["R-1", "R-2"], "sentence": said.sentence}
    assert reopened(prepare(WEEK2.encode(), "week2-copy.csv"), store) is None  # nothing it has open is closed


def test_the_last_export_uploaded_again_byte_for_byte_reopens_nothing(tmp_path):
    """Week 2 again after week 2: the commit is skipped as already ingested and the deals stay as they are,
    so no warning says committing reopens them (the page said both). Week 1 again, which week 2 replaced, is
    the older export it is (test_loaded_again_after_newer)."""
    store = stored(tmp_path, WEEK1, WEEK2)
    again = prepare(WEEK2.encode(), "week2.csv")
    assert changes_nothing(again, store) is not None
    assert reopened(again, store) is None and absent_deals(again, store) is None
    assert commit(store, again).already is not None and store.version() == 2


def test_the_same_bytes_that_now_store_more_rows_still_warn(tmp_path):
    """A stage mapped since lets the same bytes store more rows: that commit writes, so it would reopen."""
    week1 = WEEK1 + "R-9,Ann,Verbal Commit,100,2026-06-01\n"
    store = stored(tmp_path, week1, WEEK2)
    mapped = prepare(week1.encode(), "week1.csv", stage_outcomes={"Verbal Commit": "open"})
    assert changes_nothing(mapped, store) is None
    said = reopened(mapped, store)
    assert said is not None and said.deals == 2


def test_open_deals_stored_earlier_that_an_export_lacks_are_named(tmp_path):
    store = stored(tmp_path, WEEK1)
    smaller = HEADER + "R-1,Ann,Prospecting,100,2026-06-01\nR-4,Ann,Closed Won,100,2026-03-01\n"
    said = absent_deals(prepare(smaller.encode(), "week2.csv"), store)
    # are open and absent; R-4 is closed, so its absence says nothing.
    assert said is not None and (said.deals, said.examples) == (3, ("R-2", "R-3", "R-5"))
    assert said.sentence.startswith(
        "3 open deals stored from week1.csv, another generic export of this report, are not in this file "
        "(R-2, R-3, R-5): "
        "they stay stored as they were, open. If they have closed since, store an export that includes them; "
    )
    assert absent_deals(prepare(WEEK2.encode(), "week2.csv"), store) is None  # every open deal is there


def test_open_deals_of_another_source_are_not_counted_as_absent(tmp_path):
    """Deals stored from a Pipedrive export are never in a generic one: their absence says nothing."""
    pipedrive = (
        "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency of Value,Deal - Stage,Deal - Status,"
        "Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Expected close date\n"
        "900,A,Ann,10,USD,Proposal Made,open,2026-03-18 10:00:00,,,2026-12-15\n"
    )
    store = stored(tmp_path, pipedrive)
    assert store.opportunities().collect().get_column("outcome").to_list() == ["open"]
    assert absent_deals(prepare(WEEK1.encode(), "week2.csv"), store) is None
    one = absent_deals(prepare(pipedrive.replace("900,A", "901,B").encode(), "week2.csv"), store)
    assert one is not None and one.sentence.startswith(
        "1 open deal stored from week1.csv, another Pipedrive export of this report, is not in this file (\"A\"): "
        "it stays stored as it was, open. "
    )


def test_a_roster_or_a_rejected_file_says_neither(tmp_path):
    store = stored(tmp_path, WEEK1, WEEK2)
    roster = prepare(b"Rep,Manager,Region\nAnn,Kim,EMEA\n", "roster.csv", kind="roster")
    rejected = prepare((HEADER + "R-1,Ann,Nonsense Stage,100,2026-06-01\n").encode(), "bad.csv")
    assert rejected.rejected
    for file in (roster, rejected):
        assert reopened(file, store) is None and absent_deals(file, store) is None


def test_the_checks_before_a_commit_read_the_upload_manifest_once(tmp_path, monkeypatch):
    """`reopened` and `absent_deals` each asked `changes_nothing`, and absent_deals read the live uploads
    again: the Data page read the manifest three times before a commit. Asked once and passed to both,
    it is read once, and each says what it said alone."""
    from winloss.views import data_page

    store = stored(tmp_path, WEEK1, WEEK2)
    older = prepare((WEEK1 + "R-6,Ann,Prospecting,1,2026-06-01\n").encode(), "week1-resaved.csv")
    alone = (reopened(older, store), absent_deals(older, store))
    reads: list[int] = []  # reads of the live uploads' manifest rows (the deals' own read takes the versions)
    live_uploads = Store.live_uploads

    def counted(self, *args, **kwargs):
        reads.append(1)
        return live_uploads(self, *args, **kwargs)

    monkeypatch.setattr(Store, "live_uploads", counted)
    warned = data_page.before_commit(older, store)
    assert len(reads) == 1
    assert alone[0] is not None and warned.reopened == alone[0].sentence
    assert warned.absent_deals == (alone[1].sentence if alone[1] is not None else None)
    # The same bytes again: one read says the commit changes nothing, so nothing warns and the file updates no deal.
    reads.clear()
    again = data_page.before_commit(prepare(WEEK2.encode(), "week2.csv"), store)
    assert again == data_page.BeforeCommit(file_updated=0) and len(reads) == 1


def test_the_command_line_asks_once_whether_a_commit_changes_nothing(tmp_path, monkeypatch):
    """The command line asked `changes_nothing` twice (once in each check) before storing an export."""
    from winloss.cli import main
    from winloss.ingest import store_effects

    asked: list[str] = []
    changes_nothing = store_effects.changes_nothing

    def counted(prepared, store, *args, **kwargs):
        asked.append(prepared.file_name)
        return changes_nothing(prepared, store, *args, **kwargs)

    monkeypatch.setattr(store_effects, "changes_nothing", counted)
    export = tmp_path / "week1.csv"
    export.write_text(WEEK1)
    assert main(["ingest", str(export), "--store", str(tmp_path / "store")]) == 0
    assert asked == ["week1.csv"]


ZEROS = HEADER + (
    "00123,Ann,Prospecting,100,2026-06-01\n"
    "0042,Ann,Prospecting,100,2026-06-01\n"
    "A-7,Bob,Prospecting,100,2026-06-01\n"
    "500,Cat,Prospecting,100,2026-06-01\n"
)


def test_ids_with_their_leading_zeros_dropped_are_named_before_they_store_each_deal_twice(tmp_path):
    """Opened and saved in Excel, "00123" comes back as "123": stored, it was a second deal beside the first."""
    store = stored(tmp_path, ZEROS)
    excel = HEADER + (
        "123,Ann,Closed Won,100,2026-06-01\n"  # 00123 with its zeros dropped
        "A-7,Bob,Prospecting,100,2026-06-01\n"  # no digits-only id: kept as written
        "500,Cat,Prospecting,100,2026-06-01\n"  # the stored deal itself
        "0500,Cat,Prospecting,100,2026-06-01\n"  # a zero added to a stored id
        "42,Ann,Prospecting,100,2026-06-01\n"
        "77,Dan,Prospecting,100,2026-06-01\n"  # a new deal
    )
    said = zeros_dropped(prepare(excel.encode(), "excel.csv"), store)
    assert said is not None and (said.deals, said.examples) == (3, ("123", "0500", "42"))
    assert said.sentence == (
        "3 deals in this file have the id of a stored deal with its leading zeros dropped or added (such as 123 for "
        "00123, 0500 for 500, 42 for 0042): Excel drops leading zeros when it opens a CSV, and storing this file would "
        "keep each of them twice. Export the report again and upload it without opening it in Excel (or open it in "
        "Excel through Data > From Text/CSV with the ID column set to Text)."
    )
    assert zeros_dropped(prepare(ZEROS.replace("500,Cat", "501,Cat").encode(), "again.csv"), store) is None
    assert zeros_dropped(prepare(ZEROS.encode(), "week1.csv"), store) is None  # the same bytes: nothing is stored


# A weekly report whose ids start with zeros, and next week's opened and saved in Excel: the zeros gone.
PADDED = HEADER + "".join(f"00{n},Ann,Prospecting,100,2026-06-01\n" for n in (101, 102, 103, 106)) + (
    "00104,Bob,Closed Won,100,2026-02-20\n")
EXCELLED = HEADER + (
    "101,Ann,Closed Won,100,2026-03-06\n"
    "102,Ann,Prospecting,100,2026-06-01\n"  # 00103 is not in it: deleted in the CRM
    "104,Bob,Closed Won,100,2026-02-20\n"
    "106,Ann,Prospecting,100,2026-06-01\n"
    "109,Cat,Prospecting,100,2026-06-01\n"  # a new deal
)


def test_open_deals_a_file_has_with_their_ids_zeros_dropped_are_not_said_to_be_missing(tmp_path):
    """The review's re-export: the note said "4 open deals ... are not in this file (such as 00101, 00102,
    00103)" above the warning that 00101 and 00102 are in it, as 101 and 102. By the zeros warning's rule,
    only 00103 is missing; the others are named apart."""
    store = stored(tmp_path, PADDED)
    excelled = prepare(EXCELLED.encode(), "week2.csv")
    said = absent_deals(excelled, store)
    assert said is not None and (said.deals, said.examples) == (1, ("00103",))
    assert said.sentence.startswith(
        "1 open deal stored from week1.csv, another generic export of this report, is not in this file "
        "(00103): it stays stored as it was, open. If it has closed since, store an export that includes it; a deal "
        "deleted in the CRM that an export leaves out stays counted as open unless taken out. Another 3 open deals of this report "
        "are in this file, their ids with the leading zeros dropped (101 for 00101, 102 for 00102, 106 for 00106): "
        "the warning on those ids says what storing it does. If it was deleted in the CRM, take it out of the store with "
        "this upload (on the command line: --take-out-missing): a rollback brings it back. This report's exports are"
    )
    zeros = zeros_dropped(excelled, store)
    assert zeros is not None and zeros.examples == ("101", "102", "104")  # the same rule: and a closed one, 00104
    # Every open deal of the report in the file, some without their zeros: nothing is missing.
    assert absent_deals(prepare((EXCELLED + "103,Ann,Prospecting,100,2026-06-01\n").encode(), "week2.csv"), store) is None
    one = absent_deals(prepare(EXCELLED.replace("102,Ann", "00102,Ann").replace("106,Ann", "00106,Ann").encode(),
                              "week2.csv"), store)
    assert one is not None and ("Another open deal of this report is in this file, its id with the leading zeros "
                                "dropped (101 for 00101): the warning on that id says what storing it does.") in one.sentence


def test_ids_without_their_zeros_are_named_in_the_files_order_when_it_is_read_in_batches(tmp_path):
    """The stored ids are left out by a join, which keeps no order: the rows are put back in the file's."""
    from winloss.ingest.pipeline import prepare_path

    store = stored(tmp_path, HEADER + "".join(f"00{n},Ann,Prospecting,100,2026-06-01\n" for n in range(101, 111)))
    excelled = tmp_path / "week2.csv"
    excelled.write_text(HEADER + "".join(f"{n},Ann,Prospecting,100,2026-06-01\n" for n in range(110, 100, -1)))
    with prepare_path(excelled, batch_rows=3) as batched:
        said = zeros_dropped(batched, store)
        assert absent_deals(batched, store) is None  # every stored open deal is in it, without its zeros
    assert said is not None and (said.deals, said.examples) == (10, ("110", "109", "108"))


def test_a_stored_id_in_the_file_is_that_deal_for_both_checks(tmp_path):
    """The store holds both 101 and 00101: a file's 101 is deal 101 (its own update), so 00101, which the
    file lacks, is missing and not "in this file with its zeros dropped"; nor does the zeros warning name it."""
    store = stored(tmp_path, HEADER + "101,Ann,Prospecting,100,2026-06-01\n00101,Ann,Prospecting,100,2026-06-01\n")
    again = prepare((HEADER + "101,Ann,Closed Won,100,2026-06-01\n").encode(), "week2.csv")
    said = absent_deals(again, store)
    assert said is not None and (said.deals, said.examples) == (1, ("00101",)) and "leading zeros" not in said.sentence
    assert zeros_dropped(again, store) is None


def test_a_stored_id_that_gained_zeros_in_the_file_is_named_apart_too(tmp_path):
    """The other way round: the store holds 42 (from a file opened in Excel), the export writes 0042."""
    store = stored(tmp_path, HEADER + "42,Ann,Prospecting,100,2026-06-01\n7,Ann,Prospecting,100,2026-06-01\n")
    said = absent_deals(prepare((HEADER + "0042,Ann,Prospecting,100,2026-06-01\n").encode(), "week2.csv"), store)
    assert said is not None and (said.deals, said.examples) == (1, ("7",))
    assert "Another open deal of this report is in this file, its id with the leading zeros added (0042 for 42)" in said.sentence


def test_salesforce_ids_in_15_and_18_characters_are_one_deal_before_the_commit_too(tmp_path):
    """A store of 18-character ids and an export of 15s (or the other way round): every id is stored in
    its 18-character form (identity.salesforce_18), so no check says a deal is missing or kept twice,
    and the commit stores no new deal."""
    sf = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    short = sf + "0065g00000QxTrA,Ann,Prospecting,100,2026-06-01\n0065g00000mnOpq,Ann,Closed Won,100,2026-03-01\n"
    full = short.replace("QxTrA,", "QxTrAAAV,").replace("mnOpq,", "mnOpqAAE,")
    for first, then in ((full, short), (short, full)):
        store = stored(tmp_path / str(len(first)), first)
        later = prepare(then.replace("Closed Won,100", "Closed Won,200").encode(), "week2.csv")
        assert absent_deals(later, store) is None and zeros_dropped(later, store) is None and reopened(later, store) is None
        change = commit(store, later).change
        assert change is not None and (change.inserted, change.updated) == (0, 1)


# The audit's case: January's export had M1 lost on 15 Mar; April's has it won on 10 Apr.
MONTHLY = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount\n"
JANUARY = MONTHLY + (
    "M1,Ann,Closed Lost,Price,2025-01-01,2025-03-15,1000\n"
    "M2,Ann,Closed Won,,2025-01-01,2025-03-16,1000\n"
)
APRIL = MONTHLY + (
    "M1,Ann,Closed Won,,2025-01-01,2025-04-10,1500\n"
    "M2,Ann,Closed Won,,2025-01-01,2025-03-16,1000\n"
)


def test_an_older_export_that_closes_a_stored_deal_on_an_earlier_date_names_both_closes(tmp_path):
    """January's export saved again after April's was stored as "1 updated" without a word: M1 went
    back to lost in Q1 and Q2 left the trend. Only an open deal the store holds closed was warned of."""
    store = stored(tmp_path, JANUARY, APRIL)
    resaved = prepare(JANUARY.replace(",1000\n", ",1000.00\n").encode(), "january.csv")
    said = reopened(resaved, store)
    assert said is not None and (said.deals, said.examples) == (1, ("M1",))
    assert said.sentence == (
        "1 deal closed in the store is closed on an earlier date in this file (such as M1: won on 10 Apr 2025 "
        "in the store, lost on 15 Mar 2025 in this file): storing it takes it back to that earlier close. "
        "If this export is older than the last one stored, do not store it."
    )
    # April after January moves closes later, and a close as stored is no change: neither is said.
    assert reopened(prepare(APRIL.encode(), "april.csv"), stored(tmp_path / "jan", JANUARY)) is None
    assert reopened(prepare((APRIL + "M3,Ann,Prospecting,,2025-01-01,2025-09-01,5\n").encode(), "may.csv"), store) is None


def test_a_won_deal_whose_close_moves_earlier_with_the_same_outcome_is_taken_back_too(tmp_path):
    """Won on 10 Apr in the store, won on 2 Apr in the file: storing it moves the deal's quarter back."""
    store = stored(tmp_path, APRIL)
    earlier = prepare(APRIL.replace("2025-04-10", "2025-03-31").encode(), "march.csv")
    said = reopened(earlier, store)
    assert said is not None and (said.deals, said.examples) == (1, ("M1",))
    assert "(such as M1: won on 10 Apr 2025 in the store, won on 31 Mar 2025 in this file)" in said.sentence


def test_deals_reopened_and_deals_closed_earlier_are_counted_as_one_warning(tmp_path):
    """One file reopening one deal and closing another earlier: both are the sign of an older export,
    counted in one sentence whose example is the file's first such deal, with its two states."""
    store = stored(tmp_path, APRIL + "M3,Bo,Closed Lost,Price,2025-01-01,2025-05-02,70\n")
    older = MONTHLY + (
        "M3,Bo,Negotiation,,2025-01-01,2025-06-30,70\n"  # open again
        "M2,Ann,Closed Won,,2025-01-01,2025-03-16,1000\n"  # as stored
        "M1,Ann,Closed Lost,Price,2025-01-01,2025-03-15,1000\n"  # closed earlier
    )
    said = reopened(prepare(older.encode(), "older.csv"), store)
    assert said is not None and (said.deals, said.examples) == (2, ("M3", "M1"))
    assert said.sentence == (
        "2 deals closed in the store are open, or closed on an earlier date, in this file (such as M3: lost on "
        "2 May 2025 in the store, open in this file; also M1): storing it takes them back to an earlier state. "
        "If this export is older than the last one stored, do not store it."
    )


def test_the_examples_are_the_files_first_when_it_is_read_in_batches(tmp_path):
    """A file staged in parts: its rows are numbered across the parts, so the examples are its first."""
    from winloss.ingest.pipeline import prepare_path

    store = stored(tmp_path, MONTHLY + "".join(f"D{i},Ann,Closed Won,,2025-01-01,2025-04-10,10\n" for i in range(9)))
    older = tmp_path / "older.csv"
    older.write_text(MONTHLY + "".join(f"D{i},Ann,Closed Won,,2025-01-01,2025-04-0{i % 3 + 1},10\n" for i in range(8, -1, -1)))
    with prepare_path(older, batch_rows=2) as batched:
        said = reopened(batched, store)
    assert said is not None and (said.deals, said.examples) == (9, ("D8", "D7", "D6"))
    assert "(such as D8: won on 10 Apr 2025 in the store, won on 3 Apr 2025 in this file; also D7, D6)" in said.sentence


def test_a_deal_closed_on_the_same_date_with_another_outcome_is_named_before_it_is_stored(tmp_path):
    """Won on 10 Apr in the store, lost on 10 Apr in the file: storing it turned a win into a loss
    without a word, as only an earlier close or an open deal was taken for an older export's mark."""
    store = stored(tmp_path, APRIL)
    lost = prepare(APRIL.replace("M1,Ann,Closed Won,,", "M1,Ann,Closed Lost,Price,").encode(), "april-again.csv")
    said = reopened(lost, store)
    assert said is not None and (said.deals, said.examples) == (1, ("M1",))
    assert said.sentence == (
        "1 deal closed in the store is closed on the same date with another outcome in this file (such as M1: won "
        "on 10 Apr 2025 in the store, lost on 10 Apr 2025 in this file): storing it changes its outcome. "
        "If this export is older than the last one stored, do not store it. If the CRM corrected it, store it."
    )
    # Lost with a reason that makes it no decision is another outcome too; the same outcome is no change.
    stalled = prepare(APRIL.replace("M1,Ann,Closed Won,,", "M1,Ann,Closed Lost,No decision,").encode(), "stalled.csv")
    assert reopened(stalled, store) is not None and "no decision on 10 Apr 2025 in this file" in reopened(stalled, store).sentence
    assert reopened(prepare(APRIL.replace(",1500\n", ",1600\n").encode(), "repriced.csv"), store) is None


def test_every_kind_of_deal_taken_back_is_named_in_one_warning(tmp_path):
    """Reopened, closed earlier and changed on the day, in one file: one sentence names the three places."""
    store = stored(tmp_path, APRIL + "M3,Bo,Closed Lost,Price,2025-01-01,2025-05-02,70\n")
    older = MONTHLY + (
        "M3,Bo,Negotiation,,2025-01-01,2025-06-30,70\n"  # open again
        "M2,Ann,Closed Lost,Price,2025-01-01,2025-03-16,1000\n"  # won in the store, lost the same day here
        "M1,Ann,Closed Won,,2025-01-01,2025-03-15,1500\n"  # closed earlier
    )
    said = reopened(prepare(older.encode(), "older.csv"), store)
    assert said is not None and (said.deals, said.examples) == (3, ("M3", "M2", "M1"))
    assert said.sentence.startswith(
        "3 deals closed in the store are open, closed on an earlier date, or closed on the same date with another "
        "outcome, in this file (such as M3: lost on 2 May 2025 in the store, open in this file; also M2, M1): "
        "storing it takes them back to an earlier state or another outcome. If this export is older"
    )


def test_a_stored_deal_dated_outside_the_window_that_the_file_reopens_is_named(tmp_path):
    """R-4 was stored closing on 31 Dec 9999 (before dates were checked): no page reads it, but the commit merges
    the file's row into it. deal_changes counted it "reopened, as the warning on it says", and no warning named it."""
    store = Store(tmp_path / "store")
    old = prepare(WEEK1.encode(), "week1.csv")
    placeholder = pl.when(pl.col("opportunity_id") == "R-4").then(pl.lit(dt.date(9999, 12, 31))).otherwise("close_date")
    old.accepted = old.accepted.with_columns(placeholder.alias("close_date"))
    commit(store, old)
    assert store.deals_outside_date_window() == 1
    week2 = prepare(WEEK1.replace("R-4,Ann,Closed Won,100,2026-03-01", "R-4,Ann,Negotiation,100,2026-06-01").encode(), "week2.csv")
    changes = deal_changes(week2, store)
    assert changes is not None and changes.taken_back == 1
    for said in (reopened(week2, store), reopened(week2, store, stored_outcomes_and_currencies(store))):
        assert said is not None and (said.deals, said.examples) == (1, ("R-4",))
        assert said.sentence == (
            "1 deal closed in the store is open in this file (such as R-4: won on 31 Dec 9999 in the store, open in "
            "this file): storing it reopens it. If this export is older than the last one stored, do not store it."
        )


# Two Pipedrive accounts (Spain, Mexico) number their deals alike: 201 is Ana López's won Telefónica deal in one
# and Luis Ortega's lost Pemex deal in the other.
PIPEDRIVE_HEADER = "ID,Owner,Organization,Stage,Value,Currency,Close date\n"
SPAIN = PIPEDRIVE_HEADER + (
    "201,Ana López,Telefónica,Closed Won,15000,EUR,2026-10-14\n"
    "202,Ana López,BBVA,Closed Lost,22000,EUR,2026-10-20\n"
    "203,Jorge Ruiz,Inditex,Proposal,9500,EUR,2027-01-15\n"
)
MEXICO = PIPEDRIVE_HEADER + (
    "201,Luis Ortega,Pemex,Closed Lost,40000,USD,2026-11-12\n"
    "202,Luis Ortega,Bimbo,Closed Won,18000,USD,2026-11-15\n"
)


def _stored_spain(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    commit(store, prepare(SPAIN.encode(), "pipedrive_es_semana47.csv"))
    return store


def test_another_reports_deals_under_the_same_ids_are_said_before_they_are_overwritten(tmp_path):
    """The reviewer's two Pipedrive accounts: the Mexico file merged its 201 and 202 into Spain's deals, and only
    "1 won deal became lost" said so."""
    store = _stored_spain(tmp_path)
    said = other_report_deals(prepare(MEXICO.encode(), "pipedrive_mx_semana47.csv"), store)
    assert said is not None and (said.deals, said.examples) == (2, ("201", "202"))
    assert said.sentence == (
        "2 deals in this file have the id of a deal stored from another report (pipedrive_es_semana47.csv) with another "
        "rep or account (such as 201: Ana López's won deal with Telefónica in the store, Luis Ortega's lost deal with "
        "Pemex in this file; also 202): storing it would overwrite those deals with these. If they are the same deals, "
        "store it anyway; if they are other deals that share ids (two CRMs, or two accounts of one), give this file's "
        "ids a prefix of their own (on the command line: --id-prefix PREFIX, such as MX-, and ingest it again): later "
        "exports of its report are given it too."
    )
    assert confirmed_note(None, None, None, said) == "confirmed: 2 deals of another report overwritten by id"


def test_another_crms_deal_under_a_stored_id_is_said_too(tmp_path):
    """A HubSpot export whose Record ID 201 is Claire Martin's deal, not the Pipedrive one stored."""
    store = _stored_spain(tmp_path)
    hubspot = ("Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner\n"
               "201,Renouvellement Carrefour,Closed Lost,5000,2026-11-05,Claire Martin\n"
               "999,Danone,Closed Won,7000,2026-11-15,Claire Martin\n")
    said = other_report_deals(prepare(hubspot.encode(), "hubspot_fr_2026-11-28.csv"), store)
    assert said is not None and (said.deals, said.examples) == (1, ("201",))
    assert "(such as 201: Ana López's won deal with Telefónica in the store, Claire Martin's lost deal " \
           '"Renouvellement Carrefour" in this file)' in said.sentence


def test_a_rep_reassigned_in_the_same_report_or_a_deal_two_reports_share_is_not_asked_of(tmp_path):
    """A deal reassigned within its own report is the usual weekly update; a deal in another report of the same
    CRM with its rep and account is the same deal (a won-deals report beside the pipeline one)."""
    store = _stored_spain(tmp_path)
    next_week = SPAIN.replace("203,Jorge Ruiz,Inditex", "203,Ana López,Inditex")
    assert other_report_deals(prepare(next_week.encode(), "pipedrive_es_semana48.csv"), store) is None
    won = "Deal ID,Deal owner,Organization name,Deal stage,Value,Deal close date\n201,Ana López,Telefónica,Closed Won,15000,2026-10-14\n"
    assert other_report_deals(prepare(won.encode(), "won_deals.csv"), store) is None
    # An export of the same report (its columns, its name but for the week) numbers deals as the CRM does: one id is
    # one deal, whoever sells it now and whatever its account is called, so nothing is asked.
    assert other_report_deals(prepare(MEXICO.encode(), "pipedrive_es_semana48.csv"), store) is None


def test_an_id_prefix_keeps_another_reports_deals_apart_and_is_kept_for_the_reports_next_export(tmp_path):
    """Given "MX-", the Mexico account's 201 is stored as MX-201 beside Spain's 201, nothing is held, and next
    week's Mexico export is given the same prefix (report_prefix), so it updates MX-201; Spain's next export is not."""
    from winloss.ingest.id_prefix import report_prefix, stored_prefix

    store = _stored_spain(tmp_path)
    mexico = prepare(MEXICO.encode(), "pipedrive_mx_semana47.csv", id_prefix=" MX- ")
    assert other_report_deals(mexico, store) is None
    commit(store, mexico)
    ids = dict(store.opportunities().select("opportunity_id", "rep").collect().iter_rows())
    assert ids == {"201": "Ana López", "202": "Ana López", "203": "Jorge Ruiz", "MX-201": "Luis Ortega", "MX-202": "Luis Ortega"}
    next_week = MEXICO.replace("Closed Lost,40000", "Closed Won,40000")
    auto = prepare(next_week.encode(), "pipedrive_mx_semana48.csv")
    kept = report_prefix(auto, store.live_uploads())
    assert kept is not None and (kept.prefix, kept.kept_from) == ("MX-", "pipedrive_mx_semana47.csv")
    again = prepare(next_week.encode(), "pipedrive_mx_semana48.csv", id_prefix=kept.prefix)
    assert stored_prefix(again, kept) == kept and other_report_deals(again, store) is None
    assert kept.sentence("MX-201").startswith(
        "Each id is stored with the prefix 'MX-' (201 as MX-201), as in pipedrive_mx_semana47.csv, another export")
    commit(store, again)
    assert store.opportunities().filter(pl.col("opportunity_id") == "MX-201").collect().get_column("outcome").item() == "won"
    assert report_prefix(prepare(SPAIN.encode(), "pipedrive_es_semana48.csv"), store.live_uploads()) is None


def test_an_id_prefix_that_cannot_be_one_rejects_the_file_saying_what_to_give():
    rejected = prepare(MEXICO.encode(), "pipedrive_mx_semana47.csv", id_prefix="MX 2026!")
    assert rejected.rejected == ("The id prefix 'MX 2026!' cannot be used: give up to 20 letters or digits, joined or "
                                 "ended by one of - _ . : / # (such as MX-).")


def test_the_history_note_names_each_kind_of_closed_deal_taken_back(tmp_path):
    """An upload that reopened a won deal and corrected a lost deal to won on the date it closed was noted
    "confirmed: 2 closed deals taken back": a reopen and a change of outcome, each now named for what it is."""
    store = stored(tmp_path, HEADER + "C-1,Ann,Closed Won,100,2026-03-01\nC-2,Ann,Closed Lost,100,2026-10-14\n"
                   "C-3,Ann,Closed Won,100,2026-09-01\n")
    later = HEADER + "C-1,Ann,Prospecting,100,2026-12-01\nC-2,Ann,Closed Won,100,2026-10-14\nC-3,Ann,Closed Won,100,2026-09-01\n"
    said = reopened(prepare(later.encode(), "week2.csv"), store)
    assert said is not None and said.deals == 2
    assert confirmed_note(None, said, None) == "confirmed: 1 closed deal reopened and 1 given another outcome on the date it closed"
    earlier = HEADER + "C-1,Ann,Closed Won,100,2026-02-01\nC-2,Ann,Closed Won,100,2026-10-14\nC-3,Ann,Closed Won,100,2026-08-01\n"
    both = reopened(prepare(earlier.encode(), "week2.csv"), store)
    assert both is not None and confirmed_note(None, both, None) == (
        "confirmed: 2 closed deals moved back to an earlier close date and 1 given another outcome on the date it closed")


def test_a_rep_renamed_to_a_name_the_roster_lacks_is_said_to_leave_their_deals_without_a_team(tmp_path):
    """An export that renamed "Ann" to "Zed Quinn" said only "1 deal changes only in its rep": the new name has no
    roster row, so that deal is Unprofiled and in no team. The report now says so and what to do; a rep the roster
    names says no more than it must. A name close to a roster rep's ("Logan Lopze" renamed "Logan Lopez") is said
    by the 'did you mean' sentence alone, which says more: the same file report said it twice."""
    store = Store(tmp_path / "store")
    roster = "Rep,Manager,Region,Team\nLogan Lopze,Kim,EMEA,Falcons\nAnn,Kim,EMEA,Falcons\n"
    assert commit(store, prepare(roster.encode(), "roster.csv", kind="roster")).change is not None
    week1 = HEADER + "L-1,Logan Lopze,Prospecting,100,2026-06-01\nL-2,Logan Lopze,Prospecting,100,2026-06-01\nL-3,Ann,Prospecting,100,2026-06-01\n"
    assert commit(store, prepare(week1.encode(), "week1.csv")).change is not None
    renamed = prepare(week1.replace("Logan Lopze", "Logan Lopez").encode(), "week2.csv")
    said = deal_changes(renamed, store)
    # The changes report counts the move and names it ('from "Logan Lopze" to "Logan Lopez"'); the warning is left to
    # the 'did you mean' sentence.
    assert said is not None and said.unrostered == () and "the new rep of" not in (said.sentence() or "")
    assert 'from "Logan Lopze" to "Logan Lopez"' in (said.sentence() or "")
    (guess,) = [s for s in store_rep_sentences(store, renamed) if "Logan Lopez" in s]
    assert guess.startswith('"Logan Lopez", the owner of 2 deals in this file, is not in the roster: did you mean "Logan Lopze"?')
    moved = deal_changes(prepare(week1.replace("L-3,Ann", "L-3,Zed Quinn").encode(), "week2.csv"), store)
    assert moved is not None and moved.unrostered == (("Zed Quinn", "Ann", 1),) and moved.sentence().endswith(
        '"Zed Quinn", the new rep of 1 deal, is not in the roster. That deal is Unprofiled and in no team, so the Team, '
        'Manager, Coach and Region filters cannot place it: upload a roster that names "Zed Quinn".')
    rostered = deal_changes(prepare(week1.replace("L-3,Ann", "L-3,Logan Lopze").encode(), "week2.csv"), store)
    assert rostered is not None and rostered.unrostered == () and "roster" not in (rostered.sentence() or "")


def test_a_renamed_rep_beyond_the_did_you_mean_sentences_is_said_by_the_changes_report(tmp_path):
    """The 'did you mean' sentences name NAMED_OWNERS owners and count the rest: an owner they only count is still
    named by the changes report, with the rep before it and that the two names are close."""
    store = Store(tmp_path / "store")
    reps = [f"Logan Lopze{k}" for k in range(NAMED_OWNERS + 1)]
    roster = "Rep,Manager,Region,Team\n" + "".join(f"{rep},Kim,EMEA,Falcons\n" for rep in reps)
    assert commit(store, prepare(roster.encode(), "roster.csv", kind="roster")).change is not None
    # Each rep one deal more than the next, so the 'did you mean' sentences name the first five and count the last.
    week1 = HEADER + "".join(f"L-{k}-{i},{rep},Prospecting,100,2026-06-01\n"
                             for k, rep in enumerate(reps) for i in range(len(reps) + 1 - k))
    assert commit(store, prepare(week1.encode(), "week1.csv")).change is not None
    renamed = prepare(week1.replace("Logan Lopze", "Logan Lopez").encode(), "week2.csv")
    guesses = [s for s in store_rep_sentences(store, renamed) if "in the roster" in s]
    assert len(guesses) == NAMED_OWNERS + 1 and guesses[-1].startswith("1 other owner of 2 deals in this file")
    said = deal_changes(renamed, store)
    last = f"Logan Lopez{NAMED_OWNERS}"
    assert said is not None and said.unrostered == ((last, f"Logan Lopze{NAMED_OWNERS}", 2),)
    assert said.sentence().endswith(
        f'"{last}", the new rep of 2 deals, is not in the roster, which has "Logan Lopze{NAMED_OWNERS}", their rep '
        "before: a name so close may be the same person renamed in the CRM. Those deals are Unprofiled and in no team, "
        f'so the Team, Manager, Coach and Region filters cannot place them: upload a roster that names "{last}".')


# A copy of week 2 saved under another name: R-3 deleted in the CRM since, R-5 left out. Taken as week 1's report
# by the deals it holds, it asks all four checks of that report's loads: another report's deals, the deals it
# lacks, those it marks deleted, and which report it was taken as.
RENAMED_COPY = WEEK2.replace("R-3,Ann,Prospecting", "R-3,Ann,Deleted").replace("R-5,Ann,Prospecting,100,2026-06-01\n", "")


def _counted_same_report(monkeypatch) -> list[str]:
    """The files same_report is asked of by the checks before a commit, in order."""
    from winloss.ingest import store_effects

    asked: list[str] = []
    same_report = store_effects.same_report

    def counted(prepared, *args, **kwargs):
        asked.append(prepared.file_name)
        return same_report(prepared, *args, **kwargs)

    monkeypatch.setattr(store_effects, "same_report", counted)
    return asked


def test_the_checks_before_a_commit_decide_the_files_report_once(tmp_path, monkeypatch):
    """Each of the four checks that ask which stored loads are the file's report decided it again (comparing every
    live upload and joining the file's ids with the stored deals for a renamed copy): decided once and passed to
    each, it is asked once, and each says what it said deciding it alone."""
    from winloss.ingest.store_effects import deleted_stored, taken_as_report
    from winloss.views import data_page

    store = stored(tmp_path, WEEK1)
    copy = prepare(RENAMED_COPY.encode(), "pipeline copy.csv")
    alone = (absent_deals(copy, store), deleted_stored(copy, store), taken_as_report(copy, store))
    assert all(said is not None for said in alone)
    asked = _counted_same_report(monkeypatch)
    warned = data_page.before_commit(copy, store)
    assert asked == ["pipeline copy.csv"]
    assert (warned.absent_deals, warned.deleted_stored, warned.taken_as) == (  # the first as the page words its choice
        data_page.absent_deals_sentence(alone[0].sentence), alone[1].sentence, alone[2])  # type: ignore[union-attr]
    assert "R-5" in (warned.absent_deals or "") and "R-3" in (warned.deleted_stored or "")


def test_the_command_line_decides_the_files_report_once_before_storing_it(tmp_path, monkeypatch):
    """Before storing, once for the four checks (it was four times); the commit decides it again, for the deals it
    takes out, against the store as it is when it writes."""
    from winloss.cli import main
    from winloss.ingest import pipeline

    store_path = tmp_path / "store"
    week1, copy = tmp_path / "week1.csv", tmp_path / "pipeline copy.csv"
    week1.write_text(WEEK1)
    copy.write_text(RENAMED_COPY)
    assert main(["ingest", str(week1), "--store", str(store_path)]) == 0
    asked = _counted_same_report(monkeypatch)
    commit = pipeline.commit

    def marked(*args, **kwargs):
        asked.append("commit")
        return commit(*args, **kwargs)

    monkeypatch.setattr(pipeline, "commit", marked)
    assert main(["ingest", str(copy), "--store", str(store_path)]) == 0
    assert asked == ["pipeline copy.csv", "commit", "pipeline copy.csv"]
    assert Store(store_path).opportunities().collect().get_column("opportunity_id").sort().to_list() == [
        "R-1", "R-2", "R-4", "R-5"]  # R-3, deleted in the CRM, left the store; R-5, only left out, stays
