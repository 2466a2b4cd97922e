"""A column mapping chosen by hand is remembered for the next export of the same layout.

Sales ops mapped next week's export by hand again each week, and when they forgot, a column such as
the currency was not read and deals were re-stored in the wrong currency. The store now keeps a
hand-made mapping with the file's version, keyed by the set of its headers, and proposes it for the
next file of exactly those headers (Data page and command line alike).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from winloss.cli import main
from winloss.ingest import pipeline
from winloss.ingest.mapping import detect_mapping, layout_key
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.remembered import layout_mapping_sentence, remembered_mappings
from winloss.store.delta import Store

HEADER = "Deal ID,Owner,Stage,Created,Closed On,Value,Account Currency,Account\n"
WEEK1 = "D1,Ann Lee,Closed Won,2026-01-05,2026-02-01,1000,EUR,Acme\nD2,Bo Yu,Closed Lost,2026-01-06,2026-02-03,2000,GBP,Beta\n"
WEEK2 = "D3,Ann Lee,Closed Won,2026-02-05,2026-03-01,3000,SEK,Gamma\nD4,Bo Yu,Proposal,2026-02-06,,4000,EUR,Delta\n"
# "Account Currency" names another column (the account's), so detection does not read it as the deals' currency
# (mapping.currency_by_values): chosen for them by hand, it is remembered.
BY_HAND = {"currency": "Account Currency"}
SENTENCE = "Columns mapped as you mapped them for «week 1_final*.csv» on 2026-12-01 (same 8 columns)."


@pytest.fixture(autouse=True)
def first_of_december(monkeypatch):
    """Commits happen on 2026-12-01 (UTC), the day the report names."""
    monkeypatch.setattr(pipeline, "now", lambda: dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC))


def reordered(text: str, order: list[int]) -> str:
    """`text` (a CSV without quoted commas) with its columns in another order."""
    return "".join(",".join(line.split(",")[i] for i in order) + "\n" for line in text.splitlines())


def prepared_for(store: Store, text: str, name: str = "week2.csv", **options):
    """`text` prepared as the Data page and the command line prepare it: with the store's remembered mappings."""
    return prepare(text.encode(), name, remembered=remembered_mappings(store.column_mappings()), **options)


def committed_by_hand(
    store: Store, text: str = HEADER + WEEK1, name: str = "week 1_final*.csv", overrides: dict[str, str] = BY_HAND
) -> int:
    """Commit `text` with columns chosen by hand (the currency, unless `overrides` says otherwise); its version."""
    prepared = prepared_for(store, text, name, overrides=overrides)
    change = commit(store, prepared).change
    assert change is not None
    return change.store_version


# ---- the layout ----------------------------------------------------------------------------------
def test_a_layout_is_the_set_of_its_headers_as_header_key_folds_them():
    columns = HEADER.strip().split(",")
    assert layout_key(reversed(columns)) == layout_key(columns)  # another order: the same layout
    assert layout_key(["DealID", "owner", *columns[2:]]) == layout_key(columns)  # spelled as header_key folds alike
    assert layout_key([*columns, "Region"]) != layout_key(columns)  # a column more
    assert layout_key(columns[:-1]) != layout_key(columns)  # a column fewer
    assert layout_key([*columns[:-1], "Company"]) != layout_key(columns)  # one column for another


# ---- storing -----------------------------------------------------------------------------------
def test_a_mapping_chosen_by_hand_is_stored_in_the_files_own_version(tmp_path):
    store = Store(tmp_path / "store")
    version = committed_by_hand(store)
    assert version == 1
    (entry,) = store.column_mappings().values()
    assert entry["fields"]["currency"] == "Account Currency" and entry["file_name"] == "week 1_final*.csv"
    assert (entry["on"], entry["columns"]) == ("2026-12-01", 8)
    assert list(store.column_mappings()) == [layout_key(HEADER.strip().split(","))]
    # One version: the file's own, whose History note says so.
    assert store.manifest().select("action", "note").rows() == [("ingest", "column mapping remembered for its layout")]


def test_a_file_mapped_as_detected_stores_no_mapping(tmp_path):
    store = Store(tmp_path / "store")
    change = commit(store, prepared_for(store, HEADER + WEEK1)).change
    assert change is not None and change.column_mapping is None
    assert store.column_mappings() == {}
    assert store.manifest().item(0, "note") is None


def test_a_mapping_and_stage_mappings_chosen_for_one_file_are_both_stored_with_it(tmp_path):
    """Both are settings written in the file's version: the second write must not drop the first."""
    store = Store(tmp_path / "store")
    prepared = prepared_for(store, HEADER + WEEK1.replace("Closed Won", "Verbal"), "week1.csv", overrides=BY_HAND,
                            stage_outcomes={"Verbal": "won"})
    change = commit(store, prepared, stage_outcomes={"Verbal": "won"}).change
    assert change is not None and change.stage_mappings_stored and change.column_mapping == "remembered"
    assert store.stage_outcomes() == {"Verbal": "won"} and len(store.column_mappings()) == 1
    assert store.manifest().item(0, "note") == "with 1 stage mapping; column mapping remembered for its layout"


# ---- proposing -----------------------------------------------------------------------------------
def test_the_next_file_of_the_same_layout_is_mapped_as_remembered_and_says_so(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    later = prepared_for(store, HEADER + WEEK2)
    assert later.mapping is not None and later.mapping.fields["currency"] == "Account Currency"
    assert SENTENCE in later.report_notes()
    assert later.accepted.get_column("currency").to_list() == ["SEK", "EUR"]  # read in its own currencies
    # The same columns in another order are the same layout.
    order = [7, 6, 5, 4, 3, 2, 1, 0]
    shuffled = prepared_for(store, reordered(HEADER + WEEK2, order))
    assert shuffled.mapping is not None and shuffled.mapping.fields["currency"] == "Account Currency"
    assert SENTENCE in shuffled.report_notes()


def test_a_file_read_in_batches_is_mapped_as_remembered_too(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    path = tmp_path / "week2.csv"
    path.write_text(HEADER + WEEK2)
    with prepare_path(path, batch_rows=1, remembered=remembered_mappings(store.column_mappings())) as later:
        assert later.staged is not None  # the batched reader, as the Data page's uploads and the CLI use it
        assert later.mapping is not None and later.mapping.fields["currency"] == "Account Currency"
        assert SENTENCE in later.report_notes()
        change = commit(store, later).change
    assert change is not None and change.column_mapping is None  # already remembered: nothing to write
    assert store.column_mappings()[layout_key(HEADER.strip().split(","))]["file_name"] == "week 1_final*.csv"


@pytest.mark.parametrize("header", [HEADER.strip() + ",Region\n", HEADER.replace(",Account\n", "\n")])
def test_a_file_with_a_column_more_or_fewer_is_mapped_by_detection(tmp_path, header):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    rows = WEEK2 if "Region" not in header else "".join(line + ",EMEA\n" for line in WEEK2.splitlines())
    if not header.strip().endswith(",Account"):
        rows = "".join(line.rsplit(",", 1)[0] + "\n" for line in WEEK2.splitlines())
    later = prepared_for(store, header + rows)
    assert later.mapping is not None and later.mapping.remembered is None  # detection's, whatever it reads
    assert not any(note.startswith("Columns mapped as you mapped them") for note in later.report_notes())


def test_a_kind_or_preset_chosen_explicitly_is_not_overruled_by_a_remembered_mapping(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    chosen = prepared_for(store, HEADER + WEEK2, source="generic")
    assert chosen.mapping is not None and chosen.mapping.remembered is None and "currency" not in chosen.mapping.fields


def test_explicit_overrides_win_over_a_remembered_mapping(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    later = prepared_for(store, HEADER + WEEK2, overrides={"currency": "", "account": "Owner", "rep": "Account"})
    assert later.mapping is not None
    assert "currency" not in later.mapping.fields
    assert (later.mapping.fields["account"], later.mapping.fields["rep"]) == ("Owner", "Account")


def test_a_file_committed_as_detection_maps_it_forgets_the_remembered_mapping(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    back = prepared_for(store, HEADER + WEEK2, overrides={"currency": ""})  # the user took the currency off again
    change = commit(store, back).change
    assert change is not None and change.column_mapping == "forgotten"
    assert store.column_mappings() == {}
    assert store.manifest().item(-1, "note") == "column mapping forgotten for its layout"


def test_a_mapping_changed_on_a_remembered_one_is_remembered_for_the_new_file(tmp_path):
    store = Store(tmp_path / "store")
    committed_by_hand(store)
    changed = prepared_for(store, HEADER + WEEK2, "week2.csv", overrides={"rep": "Account", "account": "Owner"})
    change = commit(store, changed).change
    assert change is not None and change.column_mapping == "remembered"
    (entry,) = store.column_mappings().values()
    assert entry["file_name"] == "week2.csv"
    assert (entry["fields"]["currency"], entry["fields"]["rep"], entry["fields"]["account"]) == ("Account Currency", "Account", "Owner")


# ---- values that do not fit --------------------------------------------------------------------
def test_a_remembered_column_whose_values_no_longer_fit_its_field_gets_the_usual_note(tmp_path):
    """"Done" held true / false when it was chosen as the closed flag; next week it holds dates.
    Taken blindly, every closed deal would be read as open: detection's value check still applies."""
    store = Store(tmp_path / "store")
    header = "Deal ID,Owner,Stage,Created,Value,Account,Done\n"
    first = "D1,Ann Lee,Closed Won,2026-01-05,1000,Acme,true\nD2,Bo Yu,Proposal,2026-01-06,2000,Beta,false\n"
    committed_by_hand(store, header + first, "done.csv", overrides={"is_closed": "Done"})
    later_rows = "D3,Ann Lee,Closed Won,2026-02-05,3000,Gamma,2026-03-01\nD4,Bo Yu,Proposal,2026-02-06,4000,Delta,\n"
    later = prepared_for(store, header + later_rows)
    assert later.mapping is not None and later.mapping.remembered is not None
    assert "is_closed" not in later.mapping.fields
    detected = detect_mapping(header.strip().split(","), overrides={"is_closed": "Done"})
    assert detected.fields["is_closed"] == "Done"  # the check is what takes it off, not the layout
    assert any(note.startswith("Done holds dates, not true / false") for note in later.report_notes())


# ---- rollback ------------------------------------------------------------------------------------
def test_a_rollback_to_before_the_file_forgets_its_mapping_and_one_back_remembers_it(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared_for(store, "Opportunity ID,Rep,Stage,Created Date\nX1,Ann Lee,Proposal,2026-01-01\n", "other.csv"))
    assert committed_by_hand(store) == 2
    store.rollback(1)
    assert store.column_mappings() == {}
    later = prepared_for(store, HEADER + WEEK2)
    assert later.mapping is not None and later.mapping.remembered is None and "currency" not in later.mapping.fields
    store.rollback(2)  # the rollback undone: the mapping is back with its file
    assert prepared_for(store, HEADER + WEEK2).mapping.fields["currency"] == "Account Currency"  # type: ignore[union-attr]


def test_a_remembered_entry_this_version_cannot_read_is_left_out():
    """A store written by another version (or edited by hand): an entry not read whole maps nothing."""
    good = {"kind": "opportunities", "fields": {"currency": "Account Currency"}, "file_name": "a.csv", "on": "2026-12-01", "columns": 8}
    assert list(remembered_mappings({"good": good})) == ["good"]
    stored = {
        "shape": {**good, "fields": "currency=Account Currency"},
        "field": {**good, "fields": {"currency": "Account Currency", "colour": "Paint"}},  # a field it does not know
        "kind": {**good, "kind": "invoices"},
        "count": {**good, "columns": "8"},
        "entry": 3,
    }
    assert remembered_mappings(stored) == {}


# ---- the command line -----------------------------------------------------------------------------
def test_the_command_line_remembers_a_map_and_uses_it_for_the_next_export_and_map_still_wins(tmp_path, capsys):
    store = str(tmp_path / "store")
    week1, week2, week3 = (tmp_path / "week1.csv", tmp_path / "week2.csv", tmp_path / "week3.csv")
    week1.write_text(HEADER + WEEK1)
    week2.write_text(reordered(HEADER + WEEK2, [1, 0, 2, 3, 4, 5, 6, 7]))
    week3.write_text(HEADER + WEEK2.replace("D3", "D5").replace("D4", "D6"))
    assert main(["ingest", str(week1), "--map", "currency=Account Currency", "--store", store, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)["files"][0]
    assert first["column_mapping"] == "remembered"
    # Next week: no --map, and the currency is read all the same.
    assert main(["ingest", str(week2), "--store", store, "--json"]) == 0
    out = capsys.readouterr()
    second = json.loads(out.out)["files"][0]
    assert second["mapping"]["currency"] == "Account Currency" and second["column_mapping"] is None
    assert "Columns mapped as you mapped them for «week1.csv» on 2026-12-01 (same 8 columns)." in second["notes"]
    assert "Columns mapped" not in out.err  # --json: the note is in the object, no line beside it
    # --map chooses over the remembered mapping; the file then maps as detected, so it is forgotten.
    assert main(["ingest", str(week3), "--map", "currency=", "--store", store, "--json"]) == 0
    out = capsys.readouterr()
    third = json.loads(out.out)["files"][0]
    assert "currency" not in third["mapping"] and third["column_mapping"] == "forgotten"
    assert layout_mapping_sentence(third["column_mapping"]) == (  # the line a run without --json prints
        "Mapped as detected: the column mapping remembered for these columns is forgotten.")
    assert Store(store).column_mappings() == {}


def test_a_file_name_with_control_characters_is_shown_escaped_on_the_terminal(tmp_path, capsys):
    store = Store(tmp_path / "store")
    committed_by_hand(store, name="week\x1b[2J1.csv")
    path = Path(tmp_path / "week2.csv")
    path.write_text(HEADER + WEEK2)
    assert main(["ingest", str(path), "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "Columns mapped as you mapped them for «week" in out and "\x1b" not in out


def test_a_mapping_remembered_before_headers_were_folded_for_accents_still_applies():
    """Header keys now fold accents and quotes, which changes the layout key of a file with accented
    headers: a mapping chosen by hand for "Date de création" before then, stored under the layout's
    earlier key, is still proposed for the same columns."""
    import hashlib

    from data_models.vocabulary import folded
    from winloss.ingest.mapping import Remembered

    columns = ["Deal ID", "Propriétaire", "Stage", "Date de création", "Closed On", "Value", "Währung"]
    earlier_key = hashlib.sha256("\n".join(sorted({folded(c) for c in columns})).encode()).hexdigest()[:20]
    assert earlier_key != layout_key(columns)
    chosen = Remembered("opportunities", (("currency", "Währung"), ("rep", "Propriétaire")), "fr.csv", "2026-11-01", 7)
    mapping = detect_mapping(columns, remembered={earlier_key: chosen})
    assert mapping.remembered == chosen
    assert mapping.fields["currency"] == "Währung" and mapping.fields["rep"] == "Propriétaire"
