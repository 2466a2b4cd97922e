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
    store.save_stage_outcomes({"Signed": "lost"})
    commit_file(store, prepare(SIGNED.encode(), "signed.csv", stage_outcomes={"Signed": "lost"}))
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == {**OUTCOMES, "S3": "open"}
    content = SIGNED.encode()
    at = upload(data_page(), ("signed.csv", content))
    assert commit_button(at, content).disabled
    editor = mapping_editor(at)
    rows = list(editor.value["field"])
    at.session_state[editor.key] = {"edited_rows": {rows.index("status"): {"column": "Status"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "with another column mapping: committing it stores its rows again" in texts(at.info)
    assert not commit_button(at, content).disabled
    commit(at, content)
    assert dict(deals(store).select("opportunity_id", "outcome").iter_rows()) == OUTCOMES
