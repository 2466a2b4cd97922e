"""The Data page says first that an export has no column the stored deals it updates were filled from, and
Commit waits for a box under it: a renamed loss reason column had Commit open beside warnings that blamed an
older export, and committing it turned every no-decision deal into a plain loss."""

from __future__ import annotations

from pathlib import Path

from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import sha256_of
from winloss.store.delta import Store
from winloss.views import data_page as page

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "fixtures" / "missing_columns"
WEEK1, RENAMED = "crm_deals_2026-11-02.csv", "crm_deals_2026-11-09.csv"


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str) -> tuple[AppTest, bytes]:
    content = (FILES / name).read_bytes()
    at.file_uploader(key="uploads").set_value([(name, content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, content


def commit_button(at: AppTest, content: bytes):
    return at.button(key=f"commit_{sha256_of(content)[:16]}")


def no_decision_deals(store: Store) -> int:
    return store.opportunities().filter(outcome="no_decision").collect().height


def test_a_renamed_loss_reason_column_is_said_first_and_commit_waits_for_the_box(store):
    at, week1 = upload(data_page(), WEEK1)
    commit_button(at, week1).click().run()
    assert store.version() == 1 and no_decision_deals(store) == 2
    at, renamed = upload(data_page(), RENAMED)
    warnings = [as_read(w.value) for w in at.warning]
    # First of the warnings, with the page's control in place of the flag.
    assert warnings[0] == (
        "This file has no loss reason column, which earlier Salesforce exports of these deals had as 'Win/Loss Reason': "
        "'Why We Lost' holds their stored loss reasons, so map it to Loss reason in Column mapping below, under Column in "
        "your file; stored without it, it turns 2 no-decision deals into plain losses and blanks the loss reason of 1 more "
        "stored deal (3 deals in all, D-02, D-03, D-04)."
    )
    assert not any("same date with another outcome" in w for w in warnings)  # no older export blamed
    assert commit_button(at, renamed).disabled  # Commit was open beside the warnings
    (box,) = [c for c in at.checkbox if c.label == page.MISSING_FIELDS_CONFIRM]
    assert not box.value and box.help == page.MISSING_FIELDS_HELP
    assert any(page.MISSING_FIELDS_WAITING in as_read(c.value) for c in at.caption)
    changes = [as_read(i.value) for i in at.info if "Storing it" in i.value]
    assert changes == ["Storing it closes 1 open deal: 1 won (D-05); 3 deals change only because this file has no loss "
                       "reason column, as the warning on it says."]
    assert any("D-06" in as_read(i.value) and "not in this file" in i.value for i in at.info)  # the same report still
    box.check().run()
    assert not commit_button(at, renamed).disabled
    commit_button(at, renamed).click().run()
    assert not at.exception and store.version() == 2 and no_decision_deals(store) == 0


def test_mapping_the_column_it_names_clears_the_warning_and_the_box(store):
    """The fix the warning names, in the mapping editor below it: the loss reason from 'Why We Lost'."""
    at, week1 = upload(data_page(), WEEK1)
    commit_button(at, week1).click().run()
    at, renamed = upload(data_page(), RENAMED)
    assert commit_button(at, renamed).disabled
    (editor,) = [e for e in at.data_editor if (e.key or "").startswith("mapping_")]
    rows = list(editor.value["field"])
    at.session_state[editor.key] = {"edited_rows": {rows.index("loss_reason"): {"column": "Why We Lost"}},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert not any("no loss reason column" in w.value for w in at.warning)
    assert not [c for c in at.checkbox if c.label == page.MISSING_FIELDS_CONFIRM]
    assert not commit_button(at, renamed).disabled
    commit_button(at, renamed).click().run()
    assert store.version() == 2 and no_decision_deals(store) == 2
