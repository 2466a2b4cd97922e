"""A stored deal that a later export of its report marks deleted in the CRM leaves the store with that
export's version: no longer pipeline nor counted, named before the commit, brought back by a rollback."""

from __future__ import annotations

import json

import polars as pl
from command_line import run

from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import absent_deals, deleted_stored, deleted_stored_ids, taken_as_report
from winloss.store.delta import Store
from winloss.views.data_page import before_commit

HEADER = (
    "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,"
    "Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Expected close date\n"
)


def _row(deal: str, status: str, won: str = "", title: str = "Deal") -> str:
    return f"{deal},{title} {deal},Ann Lee,100,USD,Proposal Made,{status},2026-01-05 10:00:00,{won},,2026-12-15\n"


# The first export: four open deals and one won.
WEEK1 = HEADER + _row("900", "open") + _row("901", "open") + _row("902", "open") + _row("903", "open") + _row(
    "904", "won", "2026-02-01 10:00:00")
# A week later the CRM lists 900 and 901 as deleted, the won 904 too; 903 is left out of the export.
WEEK2 = HEADER + _row("900", "deleted") + _row("901", "deleted") + _row("902", "open") + _row("904", "deleted")


def _stored(tmp_path, *texts: str, prefix: str | None = None) -> Store:
    store = Store(tmp_path / "store")
    for i, text in enumerate(texts):
        commit(store, prepare(text.encode(), f"deals-pipedrive-2026-04-0{i + 2}.csv", id_prefix=prefix))
    return store


def test_stored_deals_the_next_export_marks_deleted_are_named_with_the_rule_before_the_commit(tmp_path):
    store = _stored(tmp_path, WEEK1)
    week2 = prepare(WEEK2.encode(), "deals-pipedrive-2026-04-09.csv")
    said = deleted_stored(week2, store)
    assert said is not None and (said.deals, said.examples) == (3, ("900", "901", "904"))
    assert said.sentence.startswith(
        "3 deals stored open or closed (2 open) are deleted in this export: they are no longer counted (900, 901, 904). "
        "A deal stored from another export of this report that this one lists as deleted in the CRM leaves the store"
    )
    # The note on deals the export lacks, open and closed, names 903 alone: 900, 901 and the won 904 are in it,
    # marked deleted, and leave the store.
    absent = absent_deals(week2, store)
    assert absent is not None and (absent.deals, absent.closed, absent.examples) == (1, 0, ("903",))


def test_the_commit_takes_them_out_of_every_count_and_a_rollback_brings_them_back(tmp_path):
    store = _stored(tmp_path, WEEK1, WEEK2)
    deals = store.opportunities().collect()
    assert sorted(deals.get_column("opportunity_id").to_list()) == ["902", "903"]
    assert deals.get_column("outcome").to_list() == ["open", "open"]
    assert store.history().filter(pl.col("store_version") == 2).get_column("note").to_list() == ["3 deals deleted in the CRM taken out"]
    store.rollback(1)
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["900", "901", "902", "903", "904"]


def test_another_reports_deleted_rows_take_nothing_out(tmp_path):
    """Another report's export (another file name, its own deals under the same ids: other deal names) is not this
    report: its deleted rows are its own."""
    store = _stored(tmp_path, WEEK1)
    emea = HEADER + _row("900", "deleted", title="EMEA") + _row("901", "deleted", title="EMEA") + _row("902", "open", title="EMEA")
    other = prepare(emea.encode(), "emea-deals.csv")
    assert taken_as_report(other, store) is None
    assert deleted_stored(other, store) is None and deleted_stored_ids(other, store).height == 0
    commit(store, other)
    assert store.opportunities().collect().height == 5


def test_a_renamed_copy_of_the_report_takes_out_the_deals_it_marks_deleted(tmp_path):
    """A copy of week 2 saved under another name is taken as the report by the deals it holds (902, the same deal):
    the deals it lists as deleted leave the store as they would from week 2 under its own name, and the note on
    deals it lacks names 903 alone, by the same decision of which report it is. It had kept 900, 901 and the won
    904 counted and said nothing of them, since only the note on missing deals knew the copy as the report."""
    store = _stored(tmp_path, WEEK1)
    copy = prepare(WEEK2.encode(), "deals-pipedrive-2026-04-09_excel.csv")
    assert taken_as_report(copy, store) is not None
    assert deleted_stored_ids(copy, store).get_column("opportunity_id").to_list() == ["900", "901", "904"]
    said = deleted_stored(copy, store)
    assert said is not None and (said.deals, said.examples) == (3, ("900", "901", "904"))
    absent = absent_deals(copy, store)
    assert absent is not None and (absent.deals, absent.closed, absent.examples) == (1, 0, ("903",))
    commit(store, copy)
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["902", "903"]


def test_a_file_read_in_batches_takes_out_the_same_deals(tmp_path):
    store = _stored(tmp_path, WEEK1)
    path = tmp_path / "deals-pipedrive-2026-04-09.csv"
    path.write_text(WEEK2)
    with prepare_path(path, batch_rows=2) as batched:
        said = deleted_stored(batched, store)
        assert said is not None and said.examples == ("900", "901", "904")
        commit(store, batched)
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["902", "903"]


def test_the_data_page_says_it_before_commit(tmp_path):
    store = _stored(tmp_path, WEEK1)
    warned = before_commit(prepare(WEEK2.encode(), "deals-pipedrive-2026-04-09.csv"), store)
    assert warned.deleted_stored is not None and "(900, 901, 904)" in warned.deleted_stored
    assert warned.absent_deals is not None and "900" not in warned.absent_deals and "904" not in warned.absent_deals


def test_the_command_line_names_them_under_the_id_prefix_and_leaves_them_out_of_the_pipeline(tmp_path):
    first, second = tmp_path / "deals-pipedrive-2026-04-02.csv", tmp_path / "deals-pipedrive-2026-04-09.csv"
    first.write_text(WEEK1)
    second.write_text(WEEK2)
    store = str(tmp_path / "store")
    assert run("ingest", "--id-prefix", "PD-", str(first), "--store", store).returncode == 0
    done = run("ingest", str(second), "--store", store, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    said = (report["files"] if "files" in report else report)[0]["deleted_stored"]
    assert said["deals"] == 3 and said["examples"] == ["PD-900", "PD-901", "PD-904"]
    absent = (report["files"] if "files" in report else report)[0]["absent_deals"]
    assert absent["examples"] == ["PD-903"]
    deals = Store(store).opportunities().collect()
    assert deals.filter(pl.col("outcome") == "open").get_column("opportunity_id").sort().to_list() == ["PD-902", "PD-903"]


# 903, only left out of the export, stays: the user did not choose to take out the deals the report no longer lists.
KEPT = "; 1 deal this report no longer lists stays in the store (1 open, counted as it was)."
TAKEN_OUT = "Stored as version 2: 0 new, 0 updated, 1 unchanged; 3 deals the file lists as deleted taken out of the store" + KEPT


def test_the_stored_as_line_counts_the_deals_taken_out(tmp_path):
    """The line said "Stored as version 2: 0 new, 0 updated, 1 unchanged." and nothing of 900, 901 and 904,
    which the same commit took out of the store."""
    store = _stored(tmp_path, WEEK1)
    done = commit(store, prepare(WEEK2.encode(), "deals-pipedrive-2026-04-09.csv"))
    assert done.change is not None and done.change.taken_out == 3
    assert done.message == TAKEN_OUT and done.counts_sentence(None) == TAKEN_OUT
    # With the file's own counts apart (a deal only a stage mapping reads otherwise), the same ending.
    assert done.counts_sentence(-1).endswith("unchanged by the file; 3 deals the file lists as deleted taken out of the store" + KEPT)


def test_one_deal_taken_out_is_said_in_the_singular_and_none_is_not_said(tmp_path):
    store = _stored(tmp_path, WEEK1)
    one = HEADER + _row("900", "deleted") + _row("901", "open") + _row("902", "open") + _row("903", "open")
    done = commit(store, prepare(one.encode(), "deals-pipedrive-2026-04-09.csv"))
    assert done.message.endswith("; 1 deal the file lists as deleted taken out of the store; 1 deal this report no longer "
                                 "lists stays in the store (1 won, counted as it was).")  # 904, left out
    again = commit(store, prepare((one + _row("905", "open")).encode(), "deals-pipedrive-2026-04-16.csv"))
    assert again.change is not None and again.change.taken_out == 0 and "taken out" not in again.message


def test_a_file_read_in_batches_counts_them_too(tmp_path):
    store = _stored(tmp_path, WEEK1)
    path = tmp_path / "deals-pipedrive-2026-04-09.csv"
    path.write_text(WEEK2)
    with prepare_path(path, batch_rows=2) as batched:
        assert commit(store, batched).message == TAKEN_OUT


def test_the_command_line_says_the_deals_it_took_out(tmp_path):
    first, second = tmp_path / "deals-pipedrive-2026-04-02.csv", tmp_path / "deals-pipedrive-2026-04-09.csv"
    first.write_text(WEEK1)
    second.write_text(WEEK2)
    store = str(tmp_path / "store")
    assert run("ingest", str(first), "--store", store).returncode == 0
    done = run("ingest", str(second), "--store", store)
    assert done.returncode == 0, done.stderr
    assert TAKEN_OUT in done.stdout
    report = json.loads(run("ingest", str(second), "--store", str(tmp_path / "other"), "--json").stdout)
    assert "taken out" not in report["files"][0]["store_message"]  # a first load takes nothing out
