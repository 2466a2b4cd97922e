"""The rate gates and columns, defined once in winloss.rates."""

import polars as pl
import pytest

from winloss import rates
from winloss.rates import MIN_N, Denominator, change_too_small, rate_columns, too_small


def test_a_rate_below_min_n_is_too_small() -> None:
    assert too_small(MIN_N - 1) and not too_small(MIN_N)
    assert too_small(None) and too_small(0)


def test_a_change_needs_min_n_in_both_periods() -> None:
    # A quarter of 5 deals against one of 300: the change is not shown, whichever side is small.
    assert change_too_small(5, 300) and change_too_small(300, 5)
    assert not change_too_small(MIN_N, MIN_N)


def test_rate_columns_hand_worked() -> None:
    # 6 won, 3 lost, 1 no decision: closed 10; excluding no decision n = 9; losses 4.
    counts = pl.DataFrame({"won": [6], "lost": [3], "no_decision": [1]})
    closed = counts.with_columns(rate_columns(Denominator.CLOSED)).row(0, named=True)
    assert (closed["closed"], closed["n"], closed["win_rate"]) == (10, 10, pytest.approx(0.6))
    assert closed["no_decision_share_of_losses"] == pytest.approx(0.25)
    assert closed["no_decision_share_of_losses_n"] == 4
    assert closed["small_n"] and closed["no_decision_small_n"]
    assert closed["no_decision_share_of_closed"] == pytest.approx(0.1)
    assert (closed["win_rate_lo"], closed["win_rate_hi"]) == pytest.approx(rates.wilson_interval(6, 10))
    excluding = counts.with_columns(rate_columns(Denominator.EXCLUDING_NO_DECISION)).row(0, named=True)
    assert excluding["n"] == 9 and excluding["win_rate"] == pytest.approx(6 / 9)


def test_rate_columns_take_the_outcomes_as_well_as_the_enum() -> None:
    counts = pl.DataFrame({"won_p": [30], "lost_p": [0], "no_decision_p": [0]})
    row = counts.with_columns(rate_columns(("won", "lost"), suffix="_p")).row(0, named=True)
    assert row["n_p"] == 30 and not row["small_n_p"] and row["no_decision_share_of_losses_p"] is None
