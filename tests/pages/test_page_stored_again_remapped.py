"""The Data page and a file stored already, uploaded again with a column mapped since (the file report's advice):
Commit stores it again, read so, and says so above it; it was greyed as "already stored as it is"."""

from __future__ import annotations

from test_page_data import commit, commit_button, data_page, mapping_editor, texts, upload
from test_stored_again_remapped import OUTCOMES, SIGNED

from winloss.deals import deals
from winloss.ingest.pipeline import commit as commit_file
from winloss.ingest.pipeline import prepare
from winloss.store.delta import Store


def test_a_file_stored_already_is_committed_again_with_a_column_mapped_since(store: Store):
    commit_file(store, prepare(SIGNED.encode(), "signed.csv"))
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == {**OUTCOMES, "S3": "open"}
    content = SIGNED.encode()
    at = upload(data_page(), ("signed.csv", content))
    assert commit_button(at, content).disabled
    editor = mapping_editor(at)
    rows = list(editor.value["field"])
    at.session_state[editor.key] = {"edited_rows": {rows.index("status"): {"column": "Status"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "with another column mapping: saving it stores its rows again" in texts(at.info)
    assert not commit_button(at, content).disabled
    commit(at, content)
    # S1 and S2 are settled by their closed/won columns; S3's status 'Signed' is a value no rule maps, so
    # its row is quarantined and the deal stays as stored.
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == {**OUTCOMES, "S3": "open"}


def test_a_status_value_mapped_since_makes_the_page_read_the_status_and_store_the_file_again(store: Store):
    """A Status column holding only values the user maps is read (judged with the user's mappings), so a
    mapping saved after the file was stored reads it otherwise: Commit stores it again, S3 closed by it."""
    commit_file(store, prepare(SIGNED.encode(), "signed.csv"))
    store.save_stage_outcomes({"Signed": "lost"})
    content = SIGNED.encode()
    at = upload(data_page(), ("signed.csv", content))
    assert not at.exception, [e.value for e in at.exception]
    assert "with another column mapping: saving it stores its rows again" in texts(at.info)
    assert not commit_button(at, content).disabled
    commit(at, content)
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == OUTCOMES
