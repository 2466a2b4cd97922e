"""Two writers at once on one store: a write judged on the store as it was is not stored over another's.

Two uploads at once each checked the store without the other (the checks run before the writer lock): an
export that marks 500 closed deals open, checked against a store that did not hold them yet, was stored
just after the export that closed them, reopening 213 won deals with no warning, where the same file alone
is refused. A rollback chosen on one History undid an upload stored after it, naming only tables.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from command_line import run
from test_delta import deals, put

from winloss.ingest import store_effects
from winloss.store.delta import Store, StoreMovedOn

HEADER = "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date\n"


def export(path: Path, stage: str, ids: range) -> Path:
    """A Salesforce-style export of deals `ids`, all at `stage` (closed on 1 Sep 2026 when closed)."""
    lines = [f"D{i},Deal {i},Account {i},Ann Lee,{stage},{1000 + i},2026-09-01,2026-06-01\n" for i in ids]
    path.write_text(HEADER + "".join(lines))
    return path


def test_an_upload_checked_before_another_writer_stored_a_version_stores_nothing(tmp_path, monkeypatch):
    store = tmp_path / "store"
    closed, still_open = export(tmp_path / "closed.csv", "Closed Won", range(1, 9)), export(tmp_path / "open.csv", "Proposal", range(1, 9))
    checked = store_effects.reopened

    def another_writer_meanwhile(prepared, *args, **kwargs):
        """The check runs on the store without the closed deals; another writer stores them straight after it."""
        said = checked(prepared, *args, **kwargs)
        if prepared.file_name == "open.csv":
            assert run("ingest", str(closed), "--store", str(store)).returncode == 0
        return said

    monkeypatch.setattr(store_effects, "reopened", another_writer_meanwhile)
    done = run("ingest", str(still_open), "--store", str(store))
    assert done.returncode == 1
    assert "Another change was stored while this file was being checked" in done.stderr
    assert "nothing of it was stored" in done.stderr and "Upload it again" in done.stderr
    # The closed deals stay closed: only the other writer's version is in the store.
    stored = Store(store)
    assert stored.version() == 1 and stored.history().get_column("file_name").to_list() == ["closed.csv"]
    assert set(stored.opportunities().collect().get_column("stage")) == {"Closed Won"}
    # Uploaded again, it is checked against the store as it is now, and refused as it is alone.
    monkeypatch.setattr(store_effects, "reopened", checked)
    again = run("ingest", str(still_open), "--store", str(store))
    assert again.returncode == 1 and "--allow-reopen" in again.stderr and stored.version() == 1


def test_commit_file_refuses_a_file_checked_at_an_older_version(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    with pytest.raises(StoreMovedOn, match=r"store version 1; it was checked against version 0"):
        store.commit_file(
            kind="opportunities", file_name="week2.csv", sha256="week2.csv", content=b"week2.csv", source="generic",
            accepted=deals([("A", "Closed Won", 1.0)]), rows_read=1, checked_at=0,
            quarantine=pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String}))
    assert store.version() == 1 and store.opportunities().collect().item(0, "amount") == 100.0


def test_a_rollback_chosen_before_another_version_was_stored_rolls_nothing_back(tmp_path):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    put(store, "week2.csv", deals([("B", "Proposal", 1.0)]))
    chosen_at = store.version()
    put(store, "week3.csv", deals([("C", "Proposal", 2.0)]))  # stored while the user read the question
    with pytest.raises(StoreMovedOn, match="you chose it at version 2"):
        store.rollback(1, chosen_at=chosen_at)
    assert store.version() == 3 and store.opportunities().collect().height == 3


def test_a_rollback_names_every_version_it_undid(tmp_path):
    store = tmp_path / "store"
    for week in (1, 2, 3):
        assert run("ingest", str(export(tmp_path / f"week{week}.csv", "Proposal", range(week, week + 1))), "--store", str(store)).returncode == 0
    done = run("rollback", "1", "--store", str(store))
    assert done.returncode == 0
    assert "It undid version 3 (week3.csv (Salesforce export)) and version 2 (week2.csv (Salesforce export))." in done.stdout
    # The rollback itself, undone by going back to a version it undid (back to 1 again would change nothing: refused).
    assert Store(store).rollback(2).undone == (4,)
