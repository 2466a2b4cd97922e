"""The same bytes stored again with their columns mapped otherwise (a column mapped since, as the file report
advises: "If it is the status, choose it (--map status="Status")") are stored again, read so: the "already
ingested, nothing changed" shortcut counted only the rows stored, and kept the deals as the first mapping read them."""

from __future__ import annotations


import pytest
from command_line import run

from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import deal_changes, reopened
from winloss.store.delta import Store
from winloss.views import data_page

# A Salesforce-like export whose Status column says nothing the app reads by itself: not mapped, S1 and S2 are
# closed by their closed/won columns (which decide over the stage words) and S3, with none, is open by its stage;
# mapped (with 'Signed' counted as lost), S3 is closed by the status.
SIGNED = (
    "Opportunity ID,Opportunity Name,Account Name,Stage,Status,Opportunity Owner,Amount,Close Date,IsClosed,IsWon\n"
    "S1,SF one,Acme Corp,Negotiation,Signed,Anna Price,1000,2026-10-01,true,false\n"
    "S2,SF two,Acme Corp,Negotiation,Signed,Anna Price,2000,2026-10-02,true,true\n"
    "S3,SF three,Acme Corp,Negotiation,Signed,Bob Ray,3000,2026-10-03,,\n"
)
OUTCOMES = {"S1": "lost", "S2": "won", "S3": "lost"}


def _outcomes(store: Store) -> dict[str, str]:
    return dict(deals(store).select("opportunity_id", "outcome").iter_rows())


def test_the_command_line_stores_a_file_again_under_a_column_mapped_since(tmp_path):
    store, path = str(tmp_path / "store"), tmp_path / "signed.csv"
    path.write_text(SIGNED)
    first = run("ingest", str(path), "--store", store)
    assert first.returncode == 0 and 'choose it (on the command line: --map status="Status")' in first.stdout + first.stderr
    assert _outcomes(Store(store)) == {**OUTCOMES, "S3": "open"}
    again = run("ingest", str(path), "--map", "status=Status", "--stage", "Signed=lost", "--store", store)
    assert again.returncode == 0, again.stderr
    assert "nothing changed" not in again.stdout + again.stderr
    assert "(store version 1) with another column mapping: saving it stores its rows again" in again.stdout
    # S1 and S2 keep their outcomes but take the status their row says, which the store now keeps: updated by the
    # file. S3 is closed by the mapping of its status value, said as the mapping's doing.
    assert "Stored as version 2: 0 new, 2 updated, 1 unchanged by the file." in again.stdout
    assert ("It changed 3 stored deals: 1 stored deal changed from open to lost because you mapped 'Signed' to Lost (\"SF three\"); "
            "2 deals changed only in their status's outcome (\"SF one\", \"SF two\").") in again.stdout
    assert _outcomes(Store(store)) == OUTCOMES
    # The same bytes with the same mapping again change nothing, as before.
    same = run("ingest", str(path), "--map", "status=Status", "--store", store)
    assert "This file was already loaded" in same.stdout + same.stderr and Store(store).version() == 2


def test_the_data_page_commits_a_file_stored_already_when_its_columns_are_mapped_otherwise(tmp_path):
    store = Store(tmp_path / "s")
    commit(store, prepare(SIGNED.encode(), "signed.csv"))
    plain = prepare(SIGNED.encode(), "signed.csv")
    said = data_page.stored_again(plain, store.already_ingested(plain.sha256), store, None)
    assert said is not None and said.greyed
    assert said.above.endswith("unless more of its rows can be stored now (a stage value mapped since) "
                               "or it is read otherwise (another column mapping, date order, decimal mark, currency or "
                               "status mapping).")
    mapped = prepare(SIGNED.encode(), "signed.csv", overrides={"status": "Status"}, stage_outcomes={"Signed": "lost"})
    already = store.already_ingested(mapped.sha256)
    said = data_page.stored_again(mapped, already, store, {"Signed": "lost"})
    assert said is not None and not said.greyed and not said.mappings_alone and said.beside is None
    assert said.above.endswith("(store version 1) with another column mapping: saving it stores its rows "
                               "again, as the choices made here read them.")
    assert not data_page.commit_changes_nothing(mapped, already)
    done = commit(store, mapped, stage_outcomes={"Signed": "lost"})
    assert done.already is None and done.change is not None and done.change.updated == 3
    assert _outcomes(store) == OUTCOMES


def test_a_status_value_mapped_otherwise_is_said_as_the_mappings_change_not_a_reopened_deal(tmp_path):
    """S3's status 'Signed', mapped to won, is mapped to lost with the same export: the store keeps the status's
    outcome (won), not its text, so the check took the file for an older export changing S3's outcome on the day
    it closed, and the command line wanted --allow-reopen."""
    store, path = str(tmp_path / "store"), tmp_path / "signed.csv"
    path.write_text(SIGNED)
    assert run("ingest", str(path), "--map", "status=Status", "--stage", "Signed=won", "--store", store).returncode == 0
    assert _outcomes(Store(store)) == {**OUTCOMES, "S3": "won"}
    again = run("ingest", str(path), "--map", "status=Status", "--stage", "Signed=lost", "--store", store)
    assert again.returncode == 0, again.stderr
    assert "--allow-reopen" not in again.stderr and "closed in the store" not in again.stderr
    assert "Stored as version 2: 0 new, 0 updated, 3 unchanged by the file." in again.stdout
    assert "It changed 1 stored deal: 1 stored deal changed from won to lost because you mapped 'Signed' to Lost (\"SF three\")." in again.stdout
    assert _outcomes(Store(store)) == OUTCOMES


@pytest.mark.parametrize("batched", [False, True])
def test_a_status_the_crm_moved_from_closed_to_open_is_still_taken_back(tmp_path, batched):
    """The rule reads a row's status value for its stored deal's only where that value, under the store's
    mappings, says the stored status outcome: S3 moved from 'Signed' (won) to 'Open' is reopened, mapping or
    not; S1, whose closed/won columns decide, and S2 change nothing."""
    store = Store(tmp_path / "s")
    commit(store, prepare(SIGNED.encode(), "signed.csv", overrides={"status": "Status"}, stage_outcomes={"Signed": "won"}),
           stage_outcomes={"Signed": "won"})
    reopened_s3 = tmp_path / "reopened.csv"
    reopened_s3.write_text(SIGNED.replace("S3,SF three,Acme Corp,Negotiation,Signed", "S3,SF three,Acme Corp,Negotiation,Open"))
    options = {"overrides": {"status": "Status"}, "stage_outcomes": {"Signed": "lost"}}
    with (prepare_path(reopened_s3, batch_rows=1, **options) if batched
          else prepare(reopened_s3.read_bytes(), "reopened.csv", **options)) as prepared:
        said = reopened(prepared, store)
        assert said is not None and said.examples == ("S3",) and "S3: won on 3 Oct 2026 in the store, open in this file" in said.sentence
        changes = deal_changes(prepared, store)
        assert changes is not None and changes.taken_back == 1 and changes.mapped is None
    remapped = tmp_path / "remapped.csv"
    remapped.write_text(SIGNED)
    with (prepare_path(remapped, batch_rows=1, **options) if batched
          else prepare(remapped.read_bytes(), "remapped.csv", **options)) as prepared:
        assert reopened(prepared, store) is None
        changes = deal_changes(prepared, store)
        assert changes is not None and changes.taken_back == 0 and changes.mapping_updated == changes.deals == 1
        assert changes.sentence() == ("Storing it changes 1 stored deal: 1 stored deal changes from won to lost because "
                                      "you map 'Signed' to Lost (\"SF three\").")
        assert commit(store, prepared, stage_outcomes={"Signed": "lost"}).change.updated == 1


def test_the_data_page_says_a_status_value_mapped_otherwise_as_the_mappings_change(tmp_path):
    """The Data page's stage editor maps 'Signed' to lost for the export stored under 'Signed' = won: no box to
    tick for closed deals taken back, and what changes is said as the mapping's doing."""
    store = Store(tmp_path / "s")
    options = {"overrides": {"status": "Status"}}
    commit(store, prepare(SIGNED.encode(), "signed.csv", stage_outcomes={"Signed": "won"}, **options), stage_outcomes={"Signed": "won"})
    said = data_page.before_commit(prepare(SIGNED.encode(), "signed.csv", stage_outcomes={"Signed": "lost"}, **options), store)
    assert said.reopened is None
    assert said.deal_changes == ("Storing it changes 1 stored deal: 1 stored deal changes from won to lost because you map "
                                 "'Signed' to Lost (\"SF three\").")


# Next week's export of SIGNED: S1's amount changed, so it is not the same bytes.
NEXT_WEEK = SIGNED.replace("S1,SF one,Acme Corp,Negotiation,Signed,Anna Price,1000", "S1,SF one,Acme Corp,Negotiation,Signed,Anna Price,1100")


def test_a_status_mapping_saved_without_a_file_is_said_as_the_mappings_change_in_the_next_export(tmp_path):
    """`ingest --stage Signed=lost` with no file changes no stored deal (a deal keeps its status's outcome, won,
    not its text), and the next export's S3, at 'Signed', was then warned of as a closed deal the file takes back
    ("won … in the store, lost in this file"), stored only with --allow-reopen, where the same mapping chosen
    with the file is said as the mapping's change. It is said so now, on the command line and the Data page."""
    store, first = str(tmp_path / "store"), tmp_path / "signed.csv"
    first.write_text(SIGNED)
    assert run("ingest", str(first), "--map", "status=Status", "--stage", "Signed=won", "--store", store).returncode == 0
    saved = run("ingest", "--stage", "Signed=lost", "--store", store)
    assert saved.returncode == 0, saved.stderr
    assert _outcomes(Store(store)) == {**OUTCOMES, "S3": "won"}  # the status's text is not stored: nothing to re-read
    assert ("A stored deal keeps the outcome its status said when it was stored: a deal whose status is 'Signed' changes "
            "when the next export holding it is stored, which says so as this mapping's doing.") in saved.stdout
    options = {"overrides": {"status": "Status"}}
    prepared = prepare(NEXT_WEEK.encode(), "signed.csv", stage_outcomes=Store(store).stage_outcomes(), **options)
    said = data_page.before_commit(prepared, Store(store))
    assert said.reopened is None
    assert said.deal_changes == ("Storing it changes 2 stored deals: 1 stored deal changes from won to lost because you "
                                 "mapped 'Signed' to Lost (\"SF three\"); 1 deal changes only in its amount (\"SF one\").")
    path = tmp_path / "next" / "signed.csv"
    path.parent.mkdir()
    path.write_text(NEXT_WEEK)
    again = run("ingest", str(path), "--map", "status=Status", "--store", store)
    assert again.returncode == 0, again.stderr
    assert "--allow-reopen" not in again.stderr and "closed in the store" not in again.stderr
    assert "1 stored deal changed from won to lost because you mapped 'Signed' to Lost (\"SF three\")" in again.stdout
    assert _outcomes(Store(store)) == OUTCOMES


# S4 is closed lost by its stage; its status 'Signed', mapped to won, says won, which decides over the stage.
CLEARED = SIGNED + "S4,SF four,Acme Corp,Closed Lost,Signed,Bob Ray,4000,2026-10-04,,\n"


def test_a_status_mapping_cleared_sends_its_deals_back_to_their_own_columns_and_says_so(tmp_path):
    """The mapping of 'Signed' cleared (no mapping left): the next export's S4 goes back to what its own columns say
    (its stage, Closed Lost), said as the cleared mapping's doing, not as a closed deal the file takes back."""
    store = Store(tmp_path / "s")
    options = {"overrides": {"status": "Status"}}
    commit(store, prepare(CLEARED.encode(), "signed.csv", stage_outcomes={"Signed": "won"}, **options), stage_outcomes={"Signed": "won"})
    assert _outcomes(store)["S4"] == "won"
    store.save_stage_outcomes({})
    next_week = CLEARED.replace("Anna Price,1000", "Anna Price,1100")
    with prepare(next_week.encode(), "signed.csv", stage_outcomes=store.stage_outcomes(), **options) as prepared:
        said = data_page.before_commit(prepared, store)
        assert said.reopened is None
        assert ("1 stored deal changes from won to lost because you cleared the mapping of 'Signed', so its deals go "
                "back to what their own status, stage or closed/won columns say (\"SF four\")") in said.deal_changes
        assert reopened(prepared, store) is None
        commit(store, prepared)
    assert _outcomes(store)["S4"] == "lost"
