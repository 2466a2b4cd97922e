"""The Data page's stage editor through AppTest: unmatched stage values shown, mapped, stored with the file
(in its version, and only when it is committed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from app_driver import counted_as, stage_editor
from streamlit.testing.v1 import AppTest

from winloss.deals import deals
from winloss.ingest.pipeline import sha256_of
from winloss.store.delta import Store
from winloss.text import md
from winloss.views.data_page import history_rows

ROOT = Path(__file__).resolve().parents[2]
UNKNOWN_STAGES = (Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "unknown_stages.csv").read_bytes()
# A HubSpot custom pipeline's stage "Done": won, lost, lost (went dark), open by the flags, and one row with none.
HUBSPOT_FLAGS = (Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "hubspot_closed_stage_flags.csv").read_bytes()
TIMEOUT = 120


def uploaded(content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="uploads").set_value([("pipeline.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def commit_button(at: AppTest, content: bytes):
    return at.button(key=f"commit_{sha256_of(content)[:16]}")


def shown_history(at: AppTest) -> list[str]:
    """The History tab's table, as the page draws it: one "What" per version, newest first."""
    tables = [d.value for d in at.dataframe if "In effect" in d.value.columns]
    return list(tables[0]["What"]) if tables else []


def test_the_stage_editor_lists_unmatched_values_and_a_mapping_is_stored_with_the_file(store):
    at = uploaded(UNKNOWN_STAGES)
    editor = stage_editor(at)
    table = editor.value
    stages = list(table["stage"])
    # Most rows first, then by value, whatever rule matched: a value keeps its row once a choice settles it.
    assert stages == ["Verbal Commit", "Closed Lost", "Closed Won", "Prospecting", "Stage 7"]
    assert list(table["quarantined"]) == [2, 0, 0, 0, 1]
    assert list(table["rows"]) == [0, 1, 1, 1, 0]  # rows stored: none until the value is mapped
    assert "Not stored (no rule matched" in list(table["given"])[0]
    assert "2 stage values left" in "\n".join(w.value for w in at.warning)
    assert "Stage outcomes: what each stage value counts as" in [e.label for e in at.expander]
    assert metrics(at)["Quarantined"] == "3"

    at.session_state[editor.key] = {
        "edited_rows": {stages.index("Verbal Commit"): {"count_as": "won"}}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    # The warning counts the values still without a choice: it kept saying 2 once both were chosen.
    assert md("1 stage value left 1 row without an outcome ('Stage 7', 1 row): choose what it counts as") in "\n".join(
        w.value for w in at.warning)
    at.session_state[editor.key] = {
        "edited_rows": {stages.index("Verbal Commit"): {"count_as": "won"}, stages.index("Stage 7"): {"count_as": "open"}},
        "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not [w for w in at.warning if "matched no rule" in w.value]
    assert metrics(at)["Accepted"] == "6" and metrics(at)["Quarantined"] == "0"
    assert store.version() == 0  # nothing is written before Commit

    at.button(key=f"commit_{sha256_of(UNKNOWN_STAGES)[:16]}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 2, "lost": 1})
    # The same file uploaded again after the save: each value keeps its row (the saved ones moved down, under the
    # values a rule matched, so a choice made by row position fell on another value), now counted as saved.
    again = stage_editor(uploaded(UNKNOWN_STAGES)).value
    assert list(again["stage"]) == stages
    assert list(again["count_as"].fillna("")) == ["won", "", "", "", "open"]


def test_values_every_rule_matches_leave_the_stage_editor_folded_and_nothing_to_map(store):
    content = b"Opportunity ID,Sales Rep,Stage,Close Date\nK1,Ann,Closed Won,2025-01-02\nK2,Ann,Perdu,2025-01-03\n"
    at = uploaded(content)
    table = stage_editor(at).value
    assert list(table["matched"]) == [True, True]
    assert list(table["count_as"].isna()) == [True, True]
    assert not [w for w in at.warning if "matched no rule" in w.value]


def test_a_stage_chosen_in_the_preview_changes_only_the_preview_until_commit_and_is_stored_in_the_files_version(store):
    at = counted_as(uploaded(UNKNOWN_STAGES), {"Verbal Commit": "won", "Stage 7": "open"})
    assert metrics(at)["Accepted"] == "6" and metrics(at)["Quarantined"] == "0"  # the preview reads the file with them
    at.run()  # any later click on the page: still nothing written
    assert store.version() == 0 and store.history().height == 0 and store.stage_outcomes() == {}
    assert shown_history(at) == [] and "Nothing stored yet" in "\n".join(c.value for c in at.caption)

    commit_button(at, UNKNOWN_STAGES).click().run()
    assert not at.exception, [e.value for e in at.exception]
    # One version: the upload with its mappings, not a settings version before it.
    assert store.version() == 1
    assert history_rows(store).select("What", "Note").rows() == [("Generic export upload", "with 2 stage mappings")]
    assert shown_history(at) == ["Generic export upload"]
    assert store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 2, "lost": 1})

    store.rollback(0)  # undoing the upload undoes the mappings chosen for it
    assert store.stage_outcomes() == {}


def test_a_stage_chosen_for_a_file_left_uncommitted_is_not_kept(store):
    at = counted_as(uploaded(UNKNOWN_STAGES), {"Verbal Commit": "won"})
    assert metrics(at)["Quarantined"] == "1"
    at.file_uploader(key="uploads").set_value([]).run()  # taken off the uploader
    assert not at.exception, [e.value for e in at.exception]
    assert store.version() == 0 and store.stage_outcomes() == {}

    # Another file with the same value: the abandoned choice is neither applied to it nor stored with it.
    other = b"Opportunity ID,Sales Rep,Stage,Close Date\nV1,Ann,Verbal Commit,2025-01-02\nV2,Ann,Closed Won,2025-01-03\n"
    at.file_uploader(key="uploads").set_value([("other.csv", other, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    table = stage_editor(at).value
    assert list(table["stage"]) == ["Closed Won", "Verbal Commit"] and table["count_as"].isna().all()
    assert metrics(at)["Quarantined"] == "1"
    commit_button(at, other).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.version() == 1 and store.stage_outcomes() == {}
    assert deals(store).get_column("opportunity_id").to_list() == ["V2"]


def test_a_commit_that_fails_stores_the_stage_mapping_chosen_for_its_file_neither(store, monkeypatch):
    at = counted_as(uploaded(UNKNOWN_STAGES), {"Verbal Commit": "won", "Stage 7": "open"})

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(Store, "_archive", full_disk)  # the file's bytes cannot be kept: the upload fails late
        commit_button(at, UNKNOWN_STAGES).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "storing the file" in "\n".join(e.value for e in at.error)
    assert store.version() == 0 and store.stage_outcomes() == {}

    commit_button(at, UNKNOWN_STAGES).click().run()  # pressed again once the disk has room: both stored, once
    assert not at.exception, [e.value for e in at.exception]
    assert store.version() == 1 and store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}


def test_the_stage_editor_counts_each_values_rows_stored_and_quarantined(store):
    """Its Rows counted quarantined rows as stored outcomes ("Closed Won: 3", one of them without a rep;
    "Closed Lost: 1" of a row quarantined) beside a loss-reasons line saying no reason is lost."""
    content = (b"Opportunity ID,Sales Rep,Stage,Close Date,Loss Reason\n"
               b"A1,Ann,Closed Won,2026-01-05,\nA2,,Closed Won,2026-01-05,\nA3,Ann,Closed Won,2026-01-05,\n"
               b"A4,,Closed Lost,2026-01-05,Price\n")
    at = uploaded(content)
    table = stage_editor(at).value
    assert list(table["stage"]) == ["Closed Won", "Closed Lost"]
    assert list(table["rows"]) == [2, 0]
    assert list(table["quarantined"]) == [1, 1]
    assert metrics(at)["Quarantined"] == "2"


def test_a_choice_counts_only_the_rows_their_closed_won_columns_leave_unsettled_and_the_page_says_so(store):
    """Choosing Won for HubSpot's "Done" made its deal lost by Is Closed Won a win, with no word; the
    banner counted every value no stage rule matched though the closed/won columns settled all but one row."""
    at = uploaded(HUBSPOT_FLAGS)
    warned = "\n".join(w.value for w in at.warning)
    assert md("1 stage value left 1 row without an outcome ('Done', 1 row): choose what it counts as, or that row "
              "is quarantined (never counted as open).") in warned
    assert "2 stage values" not in warned  # "Renewing" matched no stage rule, but its flags settled its row
    assert metrics(at)["Quarantined"] == "1"

    counted_as(at, {"Done": "won"})
    assert not [w for w in at.warning if "matched no rule" in w.value]
    said = "\n".join(i.value for i in at.info)
    assert md("Your choice counts 'Done' (1 of its 5 rows) as won. The other 4 rows of 'Done' are settled by their own "
              "columns, not your choice: Lost 1, Open 1, Won 1 (settled by the ") in said
    assert metrics(at)["Accepted"] == "7" and metrics(at)["Quarantined"] == "0"
    commit_button(at, HUBSPOT_FLAGS).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.stage_outcomes() == {"Done": "won"}
    measured = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert {k: measured[k] for k in ("7101", "7102", "7103", "7104", "7105")} == {
        "7101": "won", "7102": "lost", "7103": "no_decision", "7104": "won", "7105": "open"}


HUBSPOT_NOT_WON = (Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "hubspot_closed_not_won.csv").read_bytes()


def test_a_choice_of_won_never_counts_a_row_whose_won_flag_says_false_and_the_page_counts_it_apart(store):
    """Choosing Won for HubSpot's "Closed" made wins of its rows whose Is Closed Won said false (Is Deal
    Closed blank), counting them as "Won 3 (your stage mapping)"."""
    at = counted_as(uploaded(HUBSPOT_NOT_WON), {"Closed": "won"})
    said = "\n".join(i.value for i in at.info)
    assert md("Not stored 2 (your stage mapping says won, but the row's won flag says not won: quarantined)") in said
    assert md("Your choice counts 'Closed' (1 of its 6 rows) as won.") in said
    assert metrics(at)["Accepted"] == "6" and metrics(at)["Quarantined"] == "3"
    commit_button(at, HUBSPOT_NOT_WON).click().run()
    assert not at.exception, [e.value for e in at.exception]
    measured = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert "7203" not in measured and "7206" not in measured and measured["7204"] == "won"


def confirmation(at: AppTest) -> str:
    (said,) = [s.value for s in at.success if "Stored as version" in s.value]
    return said


def test_the_commits_confirmation_names_the_stage_mappings_saved_and_only_when_they_changed(store):
    """After Commit the page said "Stored as version 1: …" and nothing of the stage mappings the user had set:
    its confirmation names each one saved and says where it applies. A file whose commit changes no mapping
    says nothing of them."""
    at = counted_as(uploaded(UNKNOWN_STAGES), {"Verbal Commit": "won", "Stage 7": "no_decision"})
    commit_button(at, UNKNOWN_STAGES).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert confirmation(at) == md("Stored as version 1: 6 new, 0 updated, 0 unchanged. Stage mappings saved: 'Stage 7' → "
                                  "No decision, which counts 1 stored deal as no decision; 'Verbal Commit' → Won, which counts "
                                  "2 stored deals as won. They apply to later files too.")

    # The next export with the same stages: the store's mappings apply, none is changed, none is named.
    later = b"Opportunity ID,Sales Rep,Stage,Close Date\nV1,Ann,Verbal Commit,2025-01-02\nV2,Ann,*Closed* Won,2025-01-03\n"
    at.file_uploader(key="uploads").set_value([("later.csv", later, "text/csv")]).run()
    commit_button(at, later).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert confirmation(at) == md("Stored as version 2: 2 new, 0 updated, 0 unchanged.")
    # One changed, named as the file writes it and escaped: the confirmation says one.
    again = b"Opportunity ID,Sales Rep,Stage,Close Date\nW1,Ann,*Signed*,2025-01-02\nW2,Ann,Closed Won,2025-01-03\n"
    at.file_uploader(key="uploads").set_value([("again.csv", again, "text/csv")]).run()
    at = counted_as(at, {"*Signed*": "won"})
    commit_button(at, again).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert confirmation(at) == md("Stored as version 3: 2 new, 0 updated, 0 unchanged. Stage mapping saved: '*Signed*' → Won, "
                                  "which counts 1 stored deal as won. It applies to later files too.")


def test_a_loss_reason_that_says_duplicate_is_mapped_in_the_stage_editor_and_stored_with_the_file(store):
    """A loss reason "Duplicate" kept its deal out with no way on the page to count it lost (only correcting the CRM):
    the stage editor lists it as a value of its own, and a choice there counts its rows and is stored with the file."""
    content = (b"Opportunity ID,Sales Rep,Stage,Loss Reason,Amount,Close Date\n"
               b"D-1,Ann,Closed Lost,Duplicate,100,2026-06-01\nD-2,Ann,Closed Lost,Price,100,2026-06-01\n")
    at = uploaded(content)
    editor = stage_editor(at)
    stages = list(editor.value["stage"])
    assert stages == ["Closed Lost", "Duplicate"] and list(editor.value["quarantined"]) == [0, 1]
    assert metrics(at)["Quarantined"] == "1"
    at.session_state[editor.key] = {"edited_rows": {1: {"count_as": "lost"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert metrics(at)["Accepted"] == "2" and metrics(at)["Quarantined"] == "0"
    commit_button(at, content).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.stage_outcomes() == {"Duplicate": "lost"}
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"lost": 2})


def test_won_chosen_for_a_loss_reason_is_not_used_and_the_page_says_why(store):
    """The stage editor offered Won and Open for a loss reason that says no real deal ("Duplicate"), and a choice of
    Won counted its "Closed Lost" deal won: Streamlit offers one list for the column, so the choice is not used and a
    warning says what the reason can count as."""
    content = (b"Opportunity ID,Opportunity Name,Account Name,Stage,Amount,Close Date,Opportunity Owner,Loss Reason\n"
               b"X1,A,Acme,Closed Won,1000,2026-09-10,Ann Lee,\nX4,D,Delta,Closed Lost,500,2026-09-14,Bo Li,Duplicate\n")
    at = counted_as(uploaded(content), {"Duplicate": "won"})
    assert not at.exception, [e.value for e in at.exception]
    assert md("'Duplicate' is a loss reason, so it can count only as Lost or No decision: choose one of those for it; "
              "your choice of Won is not used.") in [w.value for w in at.warning]
    assert metrics(at)["Quarantined"] == "1"  # still out, never counted won
