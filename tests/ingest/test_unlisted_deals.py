"""The stored deals of a report that a later export of it no longer lists: deleted in the CRM, a standard
Salesforce opportunity report simply leaves them out. They stayed counted for good (a won deal kept the won count
above the CRM's), since only a file listing them as deleted took them out. The user now chooses, before the commit,
to take them out with the upload (one version, a rollback brings them back) or to keep them, and the
"Stored as version N" line says which."""

from __future__ import annotations

import io
import json

import polars as pl
from command_line import run

from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import absent_deals, unlisted_deals
from winloss.store.delta import Store

HEADER = "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Opportunity ID\n"


def _row(deal: str, stage: str, amount: int = 1_000, name: str | None = None, rep: str = "Ann Lee") -> str:
    return f"{rep},Globex,{name or 'Opp ' + deal},{stage},{amount},2026-11-20,{deal}\n"


# The first export: three open deals and two won, one of them $12,000.
WEEK1 = HEADER + "".join((
    _row("S-1", "Negotiation/Review"), _row("S-2", "Prospecting", name="Globex expansion"), _row("S-3", "Prospecting"),
    _row("S-4", "Closed Won", 12_000, "Globex renewal", "Bo Chan"), _row("S-5", "Closed Won"),
))
# The re-export a week later: S-2 (open) and S-4 (won, $12,000) were deleted in Salesforce and are not in it.
WEEK2 = HEADER + _row("S-1", "Negotiation/Review") + _row("S-3", "Closed Lost") + _row("S-5", "Closed Won")
# Another report's export (another file name and other columns) stored in the same store.
EMEA = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Region,Probability (%)\nE-1,Cy Dee,Prospecting,500,2026-12-01,EMEA,10\n"


def _store(tmp_path, *files: tuple[str, str]) -> Store:
    store = Store(tmp_path / "store")
    for name, text in files:
        commit(store, prepare(text.encode(), name))
    return store


def _ids(store: Store) -> list[str]:
    return sorted(store.opportunities().collect().get_column("opportunity_id").to_list())


def test_the_offer_lists_the_reports_stored_deals_the_export_lacks_and_no_other_reports(tmp_path):
    store = _store(tmp_path, ("sf_week1.csv", WEEK1), ("emea_pipeline.csv", EMEA))
    offer = unlisted_deals(prepare(WEEK2.encode(), "sf_week2.csv"), store)
    assert offer is not None and offer.ids == ["S-2", "S-4"]  # never E-1: another report's deal
    assert offer.choice() == "Take out the 2 deals this report no longer lists"
    assert offer.named() == '"Globex expansion" and "Globex renewal"'
    # The same deals as the note on the deals the file lacks, which now says what to do about them.
    absent = absent_deals(prepare(WEEK2.encode(), "sf_week2.csv"), store)
    assert absent is not None and absent.deals == 2
    assert ("If they were deleted in the CRM, take them out of the store with this upload (on the command line: "
            "--take-out-missing): a rollback brings them back.") in absent.sentence
    assert "lists as deleted" not in absent.sentence
    rows = pl.read_csv(io.BytesIO(offer.csv()))
    assert rows.columns == ["id", "name", "rep", "stage", "amount", "currency", "close date"]
    assert rows.row(1) == ("S-4", "Globex renewal", "Bo Chan", "Closed Won", 12_000.0, "USD", "2026-11-20")
    # A first export of another report has no stored deals to offer: neither report's deals are its report's.
    assert unlisted_deals(prepare(EMEA.replace("E-1", "A-1").encode(), "apac_pipeline.csv"), store) is None
    # The EMEA report's next export offers its own deal alone, never the Salesforce CSV report's.
    emea = unlisted_deals(prepare(EMEA.replace("E-1", "E-2").encode(), "emea_pipeline_2.csv"), store)
    assert emea is not None and emea.ids == ["E-1"]


def test_a_few_are_named_then_how_many_more(tmp_path):
    many = HEADER + "".join(_row(f"S-{i}", "Prospecting") for i in range(10, 16))
    store = _store(tmp_path, ("sf_week1.csv", many))
    offer = unlisted_deals(prepare((HEADER + _row("S-10", "Prospecting")).encode(), "sf_week2.csv"), store)
    assert offer is not None and offer.named() == '"Opp S-11", "Opp S-12", "Opp S-13" and 2 more'


def test_committed_with_the_choice_they_leave_the_store_in_the_uploads_version_and_a_rollback_brings_them_back(tmp_path):
    store = _store(tmp_path, ("sf_week1.csv", WEEK1), ("emea_pipeline.csv", EMEA))
    done = commit(store, prepare(WEEK2.encode(), "sf_week2.csv"), take_out_missing=True)
    assert done.change is not None and done.change.store_version == 3 and store.version() == 3  # one version
    assert done.change.unlisted_taken_out == 2
    assert done.message == ("Stored as version 3: 0 new, 1 updated, 2 unchanged; 2 deals this report no longer lists "
                            "taken out of the store.")
    assert _ids(store) == ["E-1", "S-1", "S-3", "S-5"]
    won = store.opportunities().filter(pl.col("outcome") == "won").collect()
    assert won.get_column("amount").sum() == 1_000  # the deleted $12,000 win is no longer counted
    note = store.history().filter(pl.col("store_version") == 3).get_column("note").to_list()
    assert note == ["2 deals this report no longer lists taken out"]
    store.rollback(2)
    assert _ids(store) == ["E-1", "S-1", "S-2", "S-3", "S-4", "S-5"]


def test_committed_without_it_they_stay_and_the_line_says_so(tmp_path):
    store = _store(tmp_path, ("sf_week1.csv", WEEK1))
    done = commit(store, prepare(WEEK2.encode(), "sf_week2.csv"))
    assert done.change is not None and done.change.unlisted_taken_out == 0
    assert done.message == ("Stored as version 2: 0 new, 1 updated, 2 unchanged; 2 deals this report no longer lists "
                            "stay in the store (1 open and 1 won, counted as they were).")
    assert _ids(store) == ["S-1", "S-2", "S-3", "S-4", "S-5"]
    # An export that lists every deal of its report says nothing of them.
    again = commit(store, prepare((WEEK2 + _row("S-2", "Prospecting") + _row("S-4", "Closed Won", 12_000)).encode(), "sf_week3.csv"))
    assert "no longer lists" not in again.message


def test_a_file_read_in_batches_takes_out_the_same_deals(tmp_path):
    store = _store(tmp_path, ("sf_week1.csv", WEEK1))
    path = tmp_path / "sf_week2.csv"
    path.write_text(WEEK2)
    with prepare_path(path, batch_rows=2) as batched:
        offer = unlisted_deals(batched, store)
        assert offer is not None and offer.ids == ["S-2", "S-4"]
        done = commit(store, batched, take_out_missing=True)
    assert done.change is not None and done.change.unlisted_taken_out == 2
    assert _ids(store) == ["S-1", "S-3", "S-5"]


def test_the_command_line_names_the_choice_and_takes_them_out_only_with_its_flag(tmp_path):
    week1, week2 = tmp_path / "sf_week1.csv", tmp_path / "sf_week2.csv"
    week1.write_text(WEEK1)
    week2.write_text(WEEK2)
    kept, taken = str(tmp_path / "kept"), str(tmp_path / "taken")
    for store in (kept, taken):
        assert run("ingest", str(week1), "--store", store).returncode == 0
    done = run("ingest", str(week2), "--store", kept)
    assert done.returncode == 0, done.stderr
    assert ("If they were deleted in the CRM, take them out of the store with this upload (on the command line: "
            "--take-out-missing): a rollback brings them back.") in done.stderr
    assert ("Stored as version 2: 0 new, 1 updated, 2 unchanged; 2 deals this report no longer lists stay in the store "
            "(1 open and 1 won, counted as they were).") in done.stdout
    assert _ids(Store(kept)) == ["S-1", "S-2", "S-3", "S-4", "S-5"]
    done = run("ingest", str(week2), "--store", taken, "--take-out-missing", "--json")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)["files"]
    assert report["no_longer_listed"] == {"deals": 2, "examples": ["S-2", "S-4"], "taken_out": True}
    assert report["store_message"].endswith("; 2 deals this report no longer lists taken out of the store.")
    assert _ids(Store(taken)) == ["S-1", "S-3", "S-5"]
    assert run("rollback", "1", "--store", taken).returncode == 0
    assert _ids(Store(taken)) == ["S-1", "S-2", "S-3", "S-4", "S-5"]
