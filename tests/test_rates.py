"""The rate gates and columns, defined once in winloss.rates."""

import polars as pl
import pytest

from winloss import rates
from winloss.rates import (
    MIN_N,
    Denominator,
    change_too_small,
    normal_cdf,
    rate_columns,
    too_small,
    two_proportion_z_test,
    wilson_exprs,
    wilson_interval,
)


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


def test_wilson_interval_matches_the_textbook_value() -> None:
    # 8/20, z = 1.96: centre (0.4 + 0.09604) / 1.19208 = 0.41611,
    # half 1.96 * sqrt(0.012 + 0.00240) / 1.19208 = 0.19731 -> (0.2188, 0.6134).
    lo, hi = wilson_interval(8, 20, z=1.96)
    assert lo == pytest.approx(0.2188, abs=1e-4)
    assert hi == pytest.approx(0.6134, abs=1e-4)


def test_wilson_interval_edges() -> None:
    assert wilson_interval(0, 0) == (None, None)
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and 0.0 < hi < 0.35  # 0/10: (0, 0.2775)
    lo, hi = wilson_interval(10, 10)
    assert hi == pytest.approx(1.0) and 0.65 < lo < 1.0
    with pytest.raises(ValueError):
        wilson_interval(11, 10)


def test_wilson_expressions_agree_with_the_scalar_version() -> None:
    frame = pl.DataFrame({"s": [8, 0, 10, 3, 0], "n": [20, 10, 10, 7, 0]})
    lo, hi = wilson_exprs("s", "n")
    out = frame.select(lo.alias("lo"), hi.alias("hi"))
    for (s, n), (got_lo, got_hi) in zip(frame.iter_rows(), out.iter_rows(), strict=True):
        want_lo, want_hi = wilson_interval(s, n)
        assert got_lo == pytest.approx(want_lo) if want_lo is not None else got_lo is None
        assert got_hi == pytest.approx(want_hi) if want_hi is not None else got_hi is None


def test_two_proportion_z_test_against_a_known_p_value() -> None:
    # 30/50 vs 20/50: pooled 0.5, se sqrt(0.25 * 0.04) = 0.1, z = 0.2 / 0.1 = 2.0,
    # p = 2 * (1 - Φ(2)) = 0.0455003.
    z, p = two_proportion_z_test(30, 50, 20, 50)
    assert z == pytest.approx(2.0)
    assert p == pytest.approx(0.0455003, abs=1e-6)
    assert p == pytest.approx(2 * (1 - normal_cdf(2.0)))
    assert normal_cdf(1.959963984540054) == pytest.approx(0.975)
    assert two_proportion_z_test(5, 5, 7, 7) == (0.0, 1.0)
    assert two_proportion_z_test(1, 0, 2, 5) == (None, None)


def test_a_difference_is_gated_on_every_side_not_only_the_one_in_view() -> None:
    from winloss.rates import CHANGE_N, small_sides

    assert small_sides((("rep", 21), ("peers", 13))) == [("peers", 13)]
    assert small_sides((("rep", 19), ("peers", 13))) == [("rep", 19), ("peers", 13)]
    assert small_sides((("rep", 20), ("peers", 20))) == []
    assert small_sides((("Q3", None), ("Q2", 25))) == [("Q3", 0)]
    # Won value is gated on the won deals it adds up, wherever its change is shown.
    assert CHANGE_N["won_amount"] == ("won", "won deals") and CHANGE_N["won_value_index"][0] == "won"
