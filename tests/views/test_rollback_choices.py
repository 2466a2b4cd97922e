"""The "Roll back to" list offers only versions that would change something: after a rollback to version 1
recorded as version 4 it started on a version whose state was already in effect, a choice that changes
nothing. Those versions are left out and the list says which one is in effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import NothingToRollBack, Store, versions_words
from winloss.views import data_page

WORKSPACE = Path(__file__).resolve().parents[1] / "fixtures" / "workspace"


def _three_versions(tmp_path) -> Store:
    """week1.csv (v1), week2.csv (v2), an exchange rate (v3)."""
    store = Store(tmp_path / "s")
    for name in ("week1.csv", "week2.csv"):
        commit(store, prepare((WORKSPACE / name).read_bytes(), name), user="ops")
    store.save_exchange_rates(exchange_rates("USD", [("EUR", 1.1)]), user="ops")
    return store


def test_a_version_already_in_effect_is_not_offered_and_is_named(tmp_path) -> None:
    store = _three_versions(tmp_path)
    assert data_page.rollback_targets(store) == [2, 1, 0] and data_page.in_effect_note(store) is None
    store.rollback(1, user="ops")  # recorded as version 4: the state of version 1
    assert store.same_state_versions() == [1, 4]
    assert data_page.rollback_targets(store) == [3, 2, 0]
    assert data_page.in_effect_note(store) == ("Version 1 is in effect now (version 4 rolled back to it): not offered, "
                                               "since rolling back to it would change nothing.")
    # Back to 3 (version 5): 3's state is in effect, 1 and 4 are choices again.
    store.rollback(3, user="ops")
    assert data_page.rollback_targets(store) == [4, 2, 1, 0]


def test_a_rollback_to_the_empty_store_leaves_version_0_out(tmp_path) -> None:
    store = _three_versions(tmp_path)
    store.rollback(0, user="ops")
    store.rollback(2, user="ops")  # version 5, the state of 2
    store.rollback(4, user="ops")  # version 6, the state of 4: the empty store's
    assert store.same_state_versions() == [0, 4, 6]
    assert data_page.rollback_targets(store) == [5, 3, 2, 1]
    assert data_page.in_effect_note(store) == ("Version 0 and version 4 are in effect now (version 6 rolled back to one of "
                                               "them): not offered, since rolling back to any of them would change nothing.")


def test_the_store_refuses_a_rollback_to_a_version_whose_state_is_in_effect(tmp_path) -> None:
    """The list leaves such a version out; the store itself wrote it as a new version that changed nothing."""
    store = _three_versions(tmp_path)
    store.rollback(0, user="ops")  # version 4: the empty store's state
    with pytest.raises(NothingToRollBack) as refused:
        store.rollback(0, user="ops")
    assert str(refused.value) == ("The store is already as it was at version 0 (version 4 rolled back to it): rolling back "
                                  "to it would change nothing; rolling back to versions 1 to 3 would change it.")
    assert store.version() == 4
    store.rollback(2, user="ops")  # version 5
    store.rollback(4, user="ops")  # version 6, rolled back to 4: the state of 0 too
    with pytest.raises(NothingToRollBack) as refused:
        store.rollback(0, user="ops")
    assert str(refused.value) == ("The store is already as it was at version 0 (version 6 is in the same state): rolling "
                                  "back to it would change nothing; rolling back to versions 1 to 3 or version 5 would change it.")
    assert store.version() == 6


def test_versions_are_listed_oldest_first_with_runs_of_three_or_more_as_one() -> None:
    assert versions_words([7, 5, 4, 3, 2, 0]) == "version 0, versions 2 to 5 or version 7"
    assert versions_words([1, 0]) == "version 0 or version 1"
    assert versions_words(range(400)) == "versions 0 to 399"
