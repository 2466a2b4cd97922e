"""The Data page's stage editor through AppTest: unmatched stage values shown, mapped, stored with the file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from streamlit.testing.v1 import AppTest

from winloss.deals import deals
from winloss.ingest.pipeline import sha256_of

ROOT = Path(__file__).resolve().parents[2]
UNKNOWN_STAGES = (Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "unknown_stages.csv").read_bytes()
TIMEOUT = 120


def uploaded(content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="uploads").set_value([("pipeline.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stage_editor(at: AppTest):
    (editor,) = [e for e in at.data_editor if (e.key or "").startswith("stages_")]
    return editor


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_stage_editor_lists_unmatched_values_and_a_mapping_is_stored_with_the_file(store):
    at = uploaded(UNKNOWN_STAGES)
    editor = stage_editor(at)
    table = editor.value
    stages = list(table["stage"])
    assert stages[:2] == ["Verbal Commit", "Stage 7"]  # the values no rule matched come first
    assert list(table["rows"])[:2] == [2, 1]
    assert "Not stored (no rule matched" in list(table["given"])[0]
    assert "2 stage values matched no rule" in "\n".join(w.value for w in at.warning)
    assert metrics(at)["Quarantined"] == "3"

    at.session_state[editor.key] = {
        "edited_rows": {stages.index("Verbal Commit"): {"count_as": "won"}, stages.index("Stage 7"): {"count_as": "open"}},
        "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert metrics(at)["Accepted"] == "6" and metrics(at)["Quarantined"] == "0"
    assert store.version() == 0  # nothing is written before Commit

    at.button(key=f"commit_{sha256_of(UNKNOWN_STAGES)[:16]}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.stage_outcomes() == {"Stage 7": "open", "Verbal Commit": "won"}
    assert Counter(deals(store).get_column("outcome").to_list()) == Counter({"won": 3, "open": 2, "lost": 1})


def test_values_every_rule_matches_leave_the_stage_editor_folded_and_nothing_to_map(store):
    content = b"Opportunity ID,Sales Rep,Stage,Close Date\nK1,Ann,Closed Won,2025-01-02\nK2,Ann,Perdu,2025-01-03\n"
    at = uploaded(content)
    table = stage_editor(at).value
    assert list(table["matched"]) == [True, True]
    assert list(table["count_as"].isna()) == [True, True]
    assert not [w for w in at.warning if "matched no rule" in w.value]
