"""A file uploaded again: what the Data page says above it and beside Commit, and what Commit stores
(data_page.stored_again). Committing the same bytes stores nothing of the file; the stage editor's mappings,
when they differ from the store's, are stored alone, as `ingest --stage` with no file stores them."""

from __future__ import annotations

from pathlib import Path

from parked_exports import WEEK1

from winloss.ingest.mapping_effects import MAPPINGS_STORED_ALREADY, store_stage_mappings
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views import data_page


def week1_stored(tmp_path: Path) -> Store:
    store = Store(tmp_path / "s")
    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    return store


def again(store: Store, mappings: dict[str, str] | None, content: str = WEEK1) -> data_page.StoredAgain | None:
    prepared = prepare(content.encode(), "week1 again.csv", stage_outcomes=mappings)
    return data_page.stored_again(prepared, store.already_ingested(prepared.sha256), store, mappings)


def test_a_file_not_stored_yet_says_nothing(tmp_path):
    store = Store(tmp_path / "s")
    prepared = prepare(WEEK1.encode(), "week1.csv")
    assert data_page.stored_again(prepared, store.already_ingested(prepared.sha256), store, {"Parked": "no_decision"}) is None


def test_a_file_stored_already_with_no_mapping_changed_greys_commit_as_before(tmp_path):
    store = week1_stored(tmp_path)
    for mappings in (None, {}):  # no editor choice; an editor with every choice as the store has it
        said = again(store, mappings)
        assert said is not None and said.greyed and not said.mappings_alone
        assert said.above.startswith("This file was already loaded on ") and "(store version 1)" in said.above
        assert said.beside == f"{data_page.ALREADY_STORED_WAITING}."


def test_a_mapping_the_store_holds_already_changes_nothing_however_it_is_spelt(tmp_path):
    store = week1_stored(tmp_path)
    store.save_stage_outcomes({"Parked": "no_decision"})
    said = again(store, {"PARKED ": "no_decision"})
    assert said is not None and said.greyed and not said.mappings_alone


def test_a_changed_mapping_is_committed_alone_and_said_with_what_it_does_to_the_stored_deals(tmp_path):
    store = week1_stored(tmp_path)
    said = again(store, {"Parked": "no_decision"})
    assert said is not None and not said.greyed and said.mappings_alone
    assert said.above.endswith(
        "(store version 1): none of its rows is stored again, but your choice in Stage outcomes differs from the stored "
        "stage mappings. Save to the dashboard stores only it, as a version of its own: 2 stored deals change from lost to no decision "
        "because you map 'Parked' to No decision (\"Parked one\", \"Parked two\"). It applies to later files too.")
    assert said.beside == ("Save to the dashboard stores only your choice in Stage outcomes, as a version of its own: "
                           "this file is already stored as it is.")  # one choice, as the sentence above says it


def test_mappings_the_deals_own_flags_overrule_are_said_to_change_none_and_why(tmp_path):
    store = week1_stored(tmp_path)
    said = again(store, {"Contract Signed": "no_decision", "Parked": "no_decision"})
    assert said is not None and said.mappings_alone
    assert "but your choices in Stage outcomes differ from the stored stage mappings." in said.above
    assert said.beside == ("Save to the dashboard stores only your choices in Stage outcomes, as a version of their own: "
                           "this file is already stored as it is.")
    assert said.above.endswith(
        "Save to the dashboard stores only them, as a version of their own: 'Contract Signed' → No decision changes no stored deal: "
        "the one at that value keeps Won, as its own status or closed/won columns say, and a mapping never overrides "
        "those; 2 stored deals change from lost to no decision because you map 'Parked' to No decision (\"Parked one\", \"Parked two\"). "
        "They apply to later files too.")


def test_a_file_that_stores_more_rows_now_commits_as_a_file_with_no_word_beside_commit(tmp_path):
    store = Store(tmp_path / "s")
    content = "Opportunity ID,Sales Rep,Stage,Amount,Close Date\nR-1,Ann,Prospecting,100,2026-06-01\nR-2,Ann,Gone Fishing,100,2026-06-02\n"
    first = prepare(content.encode(), "f.csv")
    assert first.rows_quarantined == 1  # no rule places "Gone Fishing"
    commit(store, first)
    said = again(store, {"Gone Fishing": "lost"}, content)
    assert said is not None and not said.greyed and not said.mappings_alone and said.beside is None
    assert said.above == data_page.already_ingested_sentence(store.already_ingested(first.sha256))


def test_the_mappings_stored_alone_are_one_version_said_as_the_command_line_says_them(tmp_path):
    store = week1_stored(tmp_path)
    stored = store_stage_mappings(store, {"Parked": "no_decision"}, user="ops")
    assert stored is not None
    assert stored.sentence == (
        "Stored as version 2. Stage mapping saved: 'Parked' → No decision, which counts 2 stored deals as no decision "
        "(it changed 2 from lost to no decision: \"Parked one\", \"Parked two\"). It applies to later files too.")
    assert store.stage_outcomes() == {"Parked": "no_decision"}
    assert store.manifest().row(-1, named=True)["action"] == "settings"
    assert store_stage_mappings(store, {"parked": "no_decision"}) is None and store.version() == 2
    assert MAPPINGS_STORED_ALREADY == "These stage mappings are stored already: nothing changed."
