"""The month the fiscal year starts in is a setting of the store: saved as one version, read by every page
and command, undone by a rollback like any other setting."""

from __future__ import annotations

import pytest

from winloss.store.delta import FISCAL_YEAR_START, SETTING_WORDS, Store, StoreError, rollback_restores


def test_a_store_counts_calendar_quarters_until_a_fiscal_year_is_saved(tmp_path) -> None:
    store = Store(tmp_path / "s")
    assert store.fiscal_year_start() == 1 and store.version() == 0
    store.save_no_decision_reasons(["No decision"])  # another setting leaves it alone
    assert store.fiscal_year_start() == 1


def test_the_fiscal_year_start_is_stored_as_one_version_with_its_note(tmp_path) -> None:
    store = Store(tmp_path / "s")
    change = store.save_fiscal_year_start(2, user="ana")
    assert change.store_version == store.version() == 1
    assert Store(tmp_path / "s").fiscal_year_start() == 2  # another reader of the same store
    row = store.history().row(0, named=True)
    assert (row["action"], row["note"], row["user"]) == ("settings", "fiscal year starts in February", "ana")
    # The other settings are kept beside it.
    store.save_no_decision_reasons(["No decision"])
    assert store.fiscal_year_start() == 2 and store.fiscal_year_start(at=0) == 1


def test_a_rollback_puts_the_fiscal_year_back_and_says_so(tmp_path) -> None:
    store = Store(tmp_path / "s")
    store.save_fiscal_year_start(2)  # v1
    store.save_fiscal_year_start(7)  # v2
    assert store.fiscal_year_start() == 7
    store.rollback(1)
    assert store.fiscal_year_start() == 2
    store.rollback(0)
    assert store.fiscal_year_start() == 1
    assert "the fiscal year's first month" in rollback_restores() and FISCAL_YEAR_START in SETTING_WORDS


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_1_to_12_is_refused_and_nothing_is_stored(tmp_path, month: int) -> None:
    store = Store(tmp_path / "s")
    with pytest.raises(StoreError, match="is not a month"):
        store.save_fiscal_year_start(month)
    assert store.version() == 0 and store.fiscal_year_start() == 1


@pytest.mark.parametrize("stored", ["February", 0, 13, 2.5, True, None])
def test_a_stored_value_that_is_no_month_is_said_never_read_as_one(tmp_path, monkeypatch, stored: object) -> None:
    """A settings table written otherwise than by this product is not quietly read as January."""
    store = Store(tmp_path / "s")
    store.save_fiscal_year_start(3)
    real = Store.setting
    monkeypatch.setattr(Store, "setting", lambda self, key, default=None, at=None: (
        stored if key == FISCAL_YEAR_START else real(self, key, default, at)))
    with pytest.raises(StoreError, match="is not a month from 1 to 12"):
        store.fiscal_year_start()
