"""The Overview's line on the last upload after a rollback: it named an upload the rollback undid."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date"


def upload(store, name: str, ids: str) -> None:
    lines = [f"{ids}{i},Ann,Closed Won,1000,2026-07-10,2026-08-09" for i in range(6)]
    prepared = prepare(("\n".join([HEADER, *lines]) + "\n").encode(), name)
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def test_after_a_rollback_the_overview_names_the_last_upload_in_effect_and_the_rollback(store) -> None:
    upload(store, "first_export.csv", "A")  # v1
    upload(store, "second_export.csv", "B")  # v2
    store.rollback(1)  # v3
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (line,) = [as_read(c.value) for c in at.caption if "Last upload:" in c.value]
    assert "Last upload: **first_export.csv**, " in line and "second_export.csv" not in line
    assert "(store version 3; last upload stored as version 1); the store was rolled back to version 1 at version 3. Open deals" in line
