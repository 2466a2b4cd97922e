"""What a page works out from a store version alone (the Data page's counts, roster editor and reasons, the
assessment's reps and answers) is worked out once per version and shared by the visitors who open the page after:
a version stored in between, by another visitor, a script or the command line, is what the next visitor sees,
never what an earlier one was shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from app_driver import opened

from winloss.assessment import STATEMENTS, answers_frame
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

WORKSPACE = Path(__file__).resolve().parents[1] / "fixtures" / "workspace"
HEADER = "Opportunity ID,Opportunity Owner,Stage,Opportunity Currency,Amount,Created Date,Close Date"


def stored(store: Store, name: str, lines: list[str]) -> None:
    """The deals of `lines` (rows under HEADER) committed as `name`, as another visitor's upload would be."""
    prepared = prepare(("\n".join([HEADER, *lines]) + "\n").encode(), name)
    assert prepared.rows_quarantined == 0
    commit(store, prepared, user="ops")


def test_the_data_page_shows_the_counts_roster_and_reasons_of_the_version_stored_since_it_was_last_opened(store) -> None:
    # Opened first on the store with no version yet, then on each version another visitor stores.
    empty = opened("data")
    assert [m.value for m in empty.metric if m.label == "Deals stored"] == ["0"]
    commit(store, prepare((WORKSPACE / "week1.csv").read_bytes(), "week1.csv"), user="ops")
    first = opened("data")
    assert [m.value for m in first.metric if m.label == "Deals stored"] == [str(store.opportunities().collect().height)] != ["0"]
    roster = first.data_editor(key="roster_editor_1").value
    assert set(roster["rep"]) == {"Ann Archer", "Ben Brook", "Cara Cole"} and not any(roster["in_roster"])
    commit(store, prepare((WORKSPACE / "roster.csv").read_bytes(), "roster.csv"), user="ops")
    store.save_no_decision_reasons(["Price"], user="ops")
    second = opened("data")
    roster = second.data_editor(key="roster_editor_3").value
    assert dict(zip(roster["rep"], roster["in_roster"], strict=True)) == {
        "Cara Cole": False, "Ann Archer": True, "Ben Brook": True}
    reasons = second.data_editor(key="reasons_3").value
    assert list(reasons.loc[reasons["no_decision"], "reason"]) == ["Price"], reasons


def test_the_assessment_page_lists_the_reps_and_answers_of_the_version_stored_since_it_was_last_opened(store) -> None:
    stored(store, "deals.csv", [f"A{i},Ann Obi,Closed Won,USD,100,2026-07-10,2026-08-09" for i in range(2)])
    before = opened("assessment", period="All time")
    assert "No rep has been assessed yet." in [c.value for c in before.caption]

    def rated(rater: str) -> None:
        answers = answers_frame(rater, {s.id: 5 if s.profile == "Challenger" else 2 for s in STATEMENTS})
        store.save_assessment(answers.with_columns(rep=pl.lit("Ann Obi"), date=pl.lit(dt.date(2026, 11, 30))), None,
                              user="mgr")

    rated("Mara Quint")
    once = opened("assessment", period="All time")
    assert list(once.dataframe[0].value["shown"]) == ["Ann Obi"]
    assert any("Rated by Mara Quint" in c.value for c in once.caption), [c.value for c in once.caption]
    rated("Olu Brandt")
    twice = opened("assessment", period="All time")
    assert any("Rated by Mara Quint, Olu Brandt" in c.value for c in twice.caption), [c.value for c in twice.caption]
