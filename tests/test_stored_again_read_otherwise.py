"""The same bytes read with another choice than the one they were stored with (a date order, a decimal mark, a
currency for the amounts that name none, a status value's mapping) are stored again, read so: the manifest kept
only the rows stored and the column mapping, so `ingest --day-first yes` on a file stored month-first said
"already ingested … nothing changed" and kept every close date as it was misread."""

from __future__ import annotations

import datetime as dt
import json

from command_line import run

from winloss.deals import deals
from winloss.ingest.pipeline import PreparedFile, commit, prepare
from winloss.store.delta import Store
from winloss.views import data_page

# Every date reads either way (stored month-first unless told) and every amount either way ("1,500": a thousand
# and a half unless the comma is the decimal mark); no currency is named.
EXPORT = (
    "Opportunity ID,Opportunity Name,Account Name,Stage,Opportunity Owner,Amount,Close Date\n"
    'D-1,One,Acme,Closed Won,Ann Lee,"1,500",03/04/2026\n'
    'D-2,Two,Acme,Closed Lost,Ann Lee,"2,250",05/06/2026\n'
)
# A status the app reads by no word of its own ('Signed'), mapped by the user; no closed/won columns decide over it.
SIGNED = (
    "Opportunity ID,Stage,Status,Opportunity Owner,Amount,Close Date\n"
    "S1,Negotiation,Signed,Anna Price,1000,2026-10-01\n"
    "S2,Negotiation,Open,Anna Price,2000,2026-10-02\n"
)


def _stored(store: Store, column: str) -> dict:
    """Each stored deal's `column` as the store holds it (an amount in its own currency)."""
    return dict(store.opportunities().select("opportunity_id", column).collect().iter_rows())


def _outcomes(store: Store) -> dict:
    """Each stored deal's outcome as the pages read it."""
    return dict(deals(store).select("opportunity_id", "outcome").iter_rows())


def test_the_command_line_stores_the_same_bytes_again_read_with_another_choice(tmp_path):
    store, path = str(tmp_path / "store"), tmp_path / "export.csv"
    path.write_text(EXPORT)
    assert run("ingest", str(path), "--store", store).returncode == 0
    assert _stored(Store(store), "close_date") == {"D-1": dt.date(2026, 3, 4), "D-2": dt.date(2026, 5, 6)}
    for options, column, now, version in (
        (("--day-first", "yes"), "close_date", {"D-1": dt.date(2026, 4, 3), "D-2": dt.date(2026, 6, 5)}, 2),
        (("--day-first", "yes", "--decimal-mark", "comma"), "amount", {"D-1": 1.5, "D-2": 2.25}, 3),
        (("--day-first", "yes", "--decimal-mark", "comma", "--currency", "EUR"), "currency", {"D-1": "EUR", "D-2": "EUR"}, 4),
    ):
        again = run("ingest", str(path), *options, "--store", store)
        assert again.returncode == 0, again.stderr
        assert "nothing changed" not in again.stdout + again.stderr, options
        assert f"Stored as version {version}: 0 new, 2 updated, 0 unchanged." in again.stdout
        assert _stored(Store(store), column) == now
        # Read the same way once more, they change nothing, as before.
        same = run("ingest", str(path), *options, "--store", store)
        assert "This file was already loaded" in same.stdout + same.stderr and Store(store).version() == version


def test_the_command_line_says_which_choice_reads_the_file_otherwise_as_the_data_page_does(tmp_path):
    """`ingest` said only "Stored as version 2" of bytes stored again because read with another date order
    and currency; the Data page said why above Commit. The command line says it in the page's words, above
    that line (`--json`: `stored_again_because`)."""
    store, path = str(tmp_path / "store"), tmp_path / "export.csv"
    path.write_text(EXPORT)
    assert run("ingest", str(path), "--store", store).returncode == 0
    other = prepare(EXPORT.encode(), "export.csv", day_first=True, file_currency="EUR")
    page = data_page.stored_again(other, Store(store).already_ingested(other.sha256), Store(store), None)
    assert page is not None and "with another date order and currency for the amounts that name none" in page.above
    again = run("ingest", str(path), "--day-first", "yes", "--currency", "EUR", "--store", store)
    assert again.returncode == 0, again.stderr
    lines = again.stdout.splitlines()
    stored_at = next(i for i, line in enumerate(lines) if "Stored as version 2" in line)
    assert lines[stored_at - 1] == f"{path}: {page.above}"
    # Under --json, the choices read otherwise and the same sentence; null for bytes read as they were stored.
    comma = prepare(EXPORT.encode(), "export.csv", day_first=True, file_currency="EUR", decimal_mark=",")
    said = data_page.stored_again(comma, Store(store).already_ingested(comma.sha256), Store(store), None)
    assert said is not None
    as_json = run("ingest", str(path), "--day-first", "yes", "--currency", "EUR", "--decimal-mark", "comma",
                  "--store", store, "--json")
    (report,) = json.loads(as_json.stdout)["files"]
    assert report["stored_again_because"] == {"choices": ["decimal_mark"], "sentence": said.above}
    assert report["store_message"].startswith("Stored as version 3:")
    (same,) = json.loads(run("ingest", str(path), "--day-first", "yes", "--currency", "EUR", "--decimal-mark", "comma",
                             "--store", store, "--json").stdout)["files"]
    assert same["stored_again_because"] is None and Store(store).version() == 3


def test_the_data_page_says_which_choice_reads_a_file_stored_already_otherwise(tmp_path):
    store = Store(tmp_path / "s")
    commit(store, prepare(EXPORT.encode(), "export.csv"))
    same = prepare(EXPORT.encode(), "export.csv")
    assert data_page.stored_again(same, store.already_ingested(same.sha256), store, None).greyed
    other = prepare(EXPORT.encode(), "export.csv", day_first=True, file_currency="EUR")
    said = data_page.stored_again(other, store.already_ingested(other.sha256), store, None)
    assert said is not None and not said.greyed and not said.mappings_alone
    assert said.above.endswith("(store version 1) with another date order and currency for the amounts that name "
                               "none: saving it stores its rows again, as the choices made here read them.")


def test_a_status_value_mapped_otherwise_stores_the_same_bytes_again(tmp_path):
    """A status value's mapping is stored with the deal (its status_outcome decides over the stage at read time):
    'Signed' mapped from won to lost was taken for a stage mapping alone, stored as its own version, and S1
    stayed won."""
    store = Store(tmp_path / "s")
    commit(store, prepare(SIGNED.encode(), "sf.csv", overrides={"status": "Status"}, stage_outcomes={"Signed": "won"}),
           stage_outcomes={"Signed": "won"})
    assert _outcomes(store)["S1"] == "won"
    # A mapping of a stage value is no reading of the file: applied to the stored deals whenever they are read,
    # it is stored alone, the file not again.
    staged = {"Signed": "won", "Negotiation": "lost"}
    stage_only = prepare(SIGNED.encode(), "sf.csv", overrides={"status": "Status"}, stage_outcomes=staged)
    said = data_page.stored_again(stage_only, store.already_ingested(stage_only.sha256), store, staged)
    assert said is not None and said.mappings_alone
    lost = {"Signed": "lost"}
    again = prepare(SIGNED.encode(), "sf.csv", overrides={"status": "Status"}, stage_outcomes=lost)
    said = data_page.stored_again(again, store.already_ingested(again.sha256), store, lost)
    assert said is not None and not said.greyed and not said.mappings_alone
    assert "with another mapping of its status values: saving it stores its rows again" in said.above
    done = commit(store, again, stage_outcomes=lost)
    assert done.already is None and done.change is not None and done.change.stage_mappings_stored
    assert _outcomes(store) == {"S1": "lost", "S2": "open"}


def test_an_upload_stored_before_its_reading_was_kept_is_taken_as_read_as_the_file_decides(tmp_path, monkeypatch):
    """A manifest row with no reading: read again as the file decides, the bytes are already ingested; read
    with a choice of the user's own, they are stored again."""
    store = Store(tmp_path / "s")
    with monkeypatch.context() as old:
        old.setattr(PreparedFile, "reading_json", property(lambda self: None))
        commit(store, prepare(EXPORT.encode(), "export.csv"))
    assert store.manifest().get_column("reading").to_list() == [None]
    assert commit(store, prepare(EXPORT.encode(), "export.csv")).already is not None
    done = commit(store, prepare(EXPORT.encode(), "export.csv", decimal_mark=","))
    assert done.already is None and _stored(store, "amount") == {"D-1": 1.5, "D-2": 2.25}


def test_a_roster_read_with_another_column_mapping_is_stored_again(tmp_path):
    """A roster's columns were not kept (only an export's were): one whose profile column is mapped since said
    "already ingested" and kept every rep unprofiled."""
    roster = "Rep,Team,Region,Style\nAnn Lee,East,EMEA,Challenger\n"
    store = Store(tmp_path / "s")
    commit(store, prepare(roster.encode(), "team.csv", kind="roster"))
    mapped = prepare(roster.encode(), "team.csv", kind="roster", overrides={"seller_profile": "Style"})
    assert not mapped.rejected, mapped.rejected
    done = commit(store, mapped)
    assert done.already is None, done.message
    assert store.roster().collect().get_column("seller_profile").to_list() == ["Challenger"]


def test_the_command_line_stores_the_same_bytes_again_with_a_status_value_mapped_otherwise(tmp_path):
    """Read in batches as `ingest` reads a CSV: the status values are gathered from every batch."""
    store, path = str(tmp_path / "store"), tmp_path / "sf.csv"
    path.write_text(SIGNED)
    first = run("ingest", str(path), "--map", "status=Status", "--stage", "Signed=won", "--store", store)
    assert first.returncode == 0, first.stderr
    # A stage value's mapping alone: the file is already ingested, and the command says how to store the mapping.
    stage_only = run("ingest", str(path), "--map", "status=Status", "--stage", "Negotiation=lost", "--store", store)
    assert "This file was already loaded" in stage_only.stdout and "Stage mappings not stored" in stage_only.stderr
    # A status value's mapping changed: the file is read otherwise, so it is not "already ingested … nothing
    # changed" but stored again, and the command says why.
    again = run("ingest", str(path), "--map", "status=Status", "--stage", "Signed=lost", "--store", store)
    assert "nothing changed" not in again.stdout + again.stderr
    assert "with another mapping of its status values: saving it stores its rows again" in again.stdout
