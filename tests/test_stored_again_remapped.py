"""The same bytes stored again with their columns mapped otherwise (a column mapped since, as the file report
advises: "If it is the status, choose it (--map status="Status")") are stored again, read so: the "already
ingested, nothing changed" shortcut counted only the rows stored, and kept the deals as the first mapping read them."""

from __future__ import annotations


from command_line import run

from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
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
    assert "(store version 1) with another column mapping: committing it stores its rows again" in again.stdout
    # S1 and S2 keep their outcomes but take the status their row says, which the store now keeps: updated too.
    assert "Stored as version 2: 0 new, 3 updated, 0 unchanged." in again.stdout
    assert _outcomes(Store(store)) == OUTCOMES
    # The same bytes with the same mapping again change nothing, as before.
    same = run("ingest", str(path), "--map", "status=Status", "--store", store)
    assert "This file was already ingested" in same.stdout + same.stderr and Store(store).version() == 2


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
    assert said.above.endswith("(store version 1) with another column mapping: committing it stores its rows "
                               "again, as the choices made here read them.")
    assert not data_page.commit_changes_nothing(mapped, already)
    done = commit(store, mapped, stage_outcomes={"Signed": "lost"})
    assert done.already is None and done.change is not None and done.change.updated == 3
    assert _outcomes(store) == OUTCOMES
