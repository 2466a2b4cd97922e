"""A roster that gives its reps a status for the first time (the same reps, a Status column added) counts as
updated only the rows whose stored values changed: "0 new, 60 updated, 0 unchanged" was said where one
person had left, every row counted for a status the store had not held. The rest are unchanged, and the
report and the History say why they were stored again."""

from __future__ import annotations

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.version_words import version_line

PLAIN = "Rep,Team,Manager\nAnn Lee,East,Eve\nBob Ray,East,Eve\nCy Dee,West,Max\n"
WITH_STATUS = "Rep,Team,Manager,Status\nAnn Lee,East,Eve,Active\nBob Ray,East,Eve,Inactive\nCy Dee,West,Max,Active\n"


def _committed(store: Store, content: str, name: str):
    prepared = prepare(content.encode(), name)
    assert prepared.rejected is None
    return commit(store, prepared)


def test_a_status_given_for_the_first_time_is_no_update(tmp_path) -> None:
    store = Store(tmp_path / "store")
    _committed(store, PLAIN, "roster_1.csv")
    done = _committed(store, WITH_STATUS, "roster_2.csv")
    change = done.change
    assert (change.inserted, change.updated, change.unchanged, change.first_given) == (0, 1, 2, 2)
    assert done.message.endswith(": 0 new, 1 updated, 2 unchanged (2 given a status for the first time).")
    latest = store.history().sort("store_version").row(-1, named=True)
    assert version_line(latest).endswith("0 new, 1 updated, 2 unchanged; 2 given a status for the first time")


def test_a_status_that_changes_counts_as_an_update_and_the_same_roster_again_as_nothing(tmp_path) -> None:
    store = Store(tmp_path / "store")
    _committed(store, WITH_STATUS, "roster_1.csv")
    # Cy now left, Bob back: two rows whose stored values change; nothing given for the first time.
    change = _committed(store, WITH_STATUS.replace("Bob Ray,East,Eve,Inactive", "Bob Ray,East,Eve,Active")
                        .replace("Cy Dee,West,Max,Active", "Cy Dee,West,Max,Inactive"), "roster_2.csv").change
    assert (change.inserted, change.updated, change.unchanged, change.first_given) == (0, 2, 1, 0)


def test_a_changed_team_with_a_status_given_is_an_update(tmp_path) -> None:
    store = Store(tmp_path / "store")
    _committed(store, PLAIN, "roster_1.csv")
    change = _committed(store, WITH_STATUS.replace("Cy Dee,West", "Cy Dee,North"), "roster_2.csv").change
    assert (change.updated, change.unchanged, change.first_given) == (2, 1, 1)
