"""The Data page and every page, on rows whose own won flag says only "not won" beside a stage whose words
say won, or whose closed flag says only "closed" beside one whose words say open: the stage editor counts
them apart as not stored, naming why, the upload stores none of them as the words say, and stored deals
the rule now leaves without an outcome are said on every page with what to do. The page had counted them
"Won (stage words)" and "Open (stage words)" and stored them so."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import opened, stage_editor
from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.deals import deals
from winloss.ingest.outcomes import WORDS_CLOSED_OPEN_RULE_TEXT, WORDS_NOT_WON_RULE_TEXT
from winloss.ingest.pipeline import commit, prepare, sha256_of

ROOT = Path(__file__).resolve().parents[2]
SALESFORCE = Path(__file__).resolve().parents[1] / "fixtures" / "outcomes" / "salesforce_partial_flags_against_words.csv"
TIMEOUT = 120


def test_the_stage_editor_counts_the_rows_apart_and_commit_stores_none_of_them(store):
    content = SALESFORCE.read_bytes()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="uploads").set_value([("salesforce.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    given = dict(zip(stage_editor(at).value["stage"], stage_editor(at).value["given"], strict=True))
    assert given["Closed Won"] == f"Won 2 (stage words); Not stored 1 ({WORDS_NOT_WON_RULE_TEXT})"
    assert given["Prospecting"] == f"Open 1 (stage words); Not stored 1 ({WORDS_CLOSED_OPEN_RULE_TEXT})"
    assert {m.label: m.value for m in at.metric}["Quarantined"] == "2"
    at.button(key=f"commit_{sha256_of(content)[:16]}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = dict(deals(store).select("opportunity_id", "outcome").iter_rows())
    assert "006P1" not in stored and "006P2" not in stored and stored["006P3"] == "won"


@pytest.mark.parametrize("page", ["overview", "data"])
def test_every_page_says_which_stored_deals_the_stage_words_now_leave_uncounted(store, page):
    mapped = {"Closed Won": "lost"}
    store.save_stage_outcomes(mapped)
    commit(store, prepare(SALESFORCE.read_bytes(), SALESFORCE.name, stage_outcomes=mapped))
    store.save_stage_outcomes({})
    at = opened(page)
    assert not at.exception, [e.value for e in at.exception]
    said = [as_read(w.value) for w in at.warning if "not counted on any page" in as_read(w.value)]
    assert said == [
        "1 stored deal is not counted on any page: stage 'Closed Won' says won, but its won flag said not won when it "
        "was stored. Correct the deal in the CRM and store an export holding it, or, if 'Closed Won' is no won deal's "
        "stage in your CRM, map it to lost, no decision or open on the Data page, in Stage outcomes, under Count as, "
        "with an export holding 'Closed Won' uploaded again."
    ]
