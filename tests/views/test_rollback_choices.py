"""The "Roll back to" list offers only versions that would change something: after a rollback to version 1
recorded as version 4 it started on a version whose state was already in effect, a choice that changes
nothing. Those versions are left out and the list says which one is in effect."""

from __future__ import annotations

from pathlib import Path

from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
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
