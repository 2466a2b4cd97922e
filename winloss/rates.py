"""Rates and their gates, defined once: denominators, MIN_N, Wilson intervals, the two-proportion
test, the rate columns every summary carries, and whether a rate or a change is shown.

Every page, the deck, the HTML report and the CLI read these; none of them re-derives a gate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import Final

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, LOST, NO_DECISION, WON

MIN_N: Final = 20
"""Below this many deals in a rate's denominator the rate is shown greyed out with its n."""
MIN_REPS: Final = 3
"""Below this many reps behind a group's deals (reps with a deal in its rate's denominator) a test over the
deals gives no verdict: it counts deals as independent, and the deals of one rep are not; one rep's bar
measures that rep, not the group (winloss.measures.profiles.significance_words)."""

Z_95: Final = 1.959963984540054

# What each rate divides by, by column: the n that gates it.
RATE_N: Final = {
    "win_rate": "n",
    "value_win_rate": "value_n",  # the deals with an amount: the rate's own n, not the deals'
    "no_decision_share_of_losses": "no_decision_share_of_losses_n",
    "no_decision_share_of_closed": "closed",
}


class Denominator(StrEnum):
    """Which closed deals a win rate divides by; every page states the one in use."""

    CLOSED = "closed"
    EXCLUDING_NO_DECISION = "excluding_no_decision"

    @property
    def label(self) -> str:
        """The sentence shown beside every rate."""
        return _DENOMINATOR_LABELS[self]

    @property
    def outcomes(self) -> tuple[str, ...]:
        """The outcomes counted in the denominator."""
        return CLOSED_OUTCOMES if self is Denominator.CLOSED else (WON, LOST)


_DENOMINATOR_LABELS: Final = {
    Denominator.CLOSED: "Win rate = won ÷ all closed deals (won + lost + no decision)",
    Denominator.EXCLUDING_NO_DECISION: (
        "Win rate = won ÷ (won + lost), excluding no-decision deals"
        " (reads higher than won ÷ all closed deals)"
    ),
}


# ---- gates ------------------------------------------------------------------------------------
def too_small(n: int | None, min_n: int = MIN_N) -> bool:
    """A rate on fewer than `min_n` deals (or none) is not shown as a number."""
    return n is None or n < min_n


def change_too_small(n: int | None, n_previous: int | None, min_n: int = MIN_N) -> bool:
    """A rate's change between two periods is shown only when both periods' n reach `min_n`: a
    change against a near-empty quarter ("−95%" on 3 deals) says the quarter is nearly empty, not that
    anything moved. A count's or an amount's change is gated on 1 (change_min_n)."""
    return too_small(n, min_n) or too_small(n_previous, min_n)


def ranked(frame: pl.DataFrame, rate: str, n: str, small: str, name: str = "rep",
           ties: Sequence[str] = ()) -> pl.DataFrame:
    """`frame` (one row a rep or group) in the one order of every ranking by a rate: the rows whose rate is
    shown (`small` false: its n, column `n`, reaches MIN_N) first, highest `rate` first, ties broken by
    `ties` then `n` (each descending) then `name`; then the withheld rows (`small` true or null) after
    them by `n` descending, then `name`. A withheld rate (or a count it is made of, one of `ties`) never
    orders its rows: the No decision page listed a rep of 2 losses at 100% first among the hatched, so the
    order told the rate its bar withheld."""
    withheld = pl.col(small).fill_null(True)
    keys = [withheld, *(pl.when(~withheld).then(pl.col(c)) for c in (rate, *ties)), pl.col(n), pl.col(name)]
    return frame.sort(keys, descending=[False, True, *[True] * len(ties), True, False], nulls_last=True)


def none_ranked(small: Sequence[bool | None]) -> bool:
    """Whether a ranking's rows (`small`, each one's rate withheld: rates.too_small) rank none: there are
    rows and every rate is withheld, so the chart must not read as a ranking (text.unranked_title)."""
    return bool(small) and all(s is None or s for s in small)


# The n a change of each measure is gated on, by column of outcome_summary / deltas / the review's
# KPIs, and what that n counts: the deals the measure is made of. A rate's own n; a count's deals it
# counts (closed deals: the closed; no-decision deals: those alone, however many closed); a value's
# deals it adds up (won value: the won deals). One table, so the Overview, the No decision page and the
# review gate the same change on the same n: the No decision page's count of no-decision deals and its
# value lost to no decision rest on the same deals, and are shown or withheld together.
CHANGE_N: Final = {
    "win_rate": ("n", "deals"),
    "value_win_rate": ("value_n", "deals with a value"),  # its n leaves out deals without an amount
    "no_decision_share_of_losses": ("no_decision_share_of_losses_n", "losses"),
    "no_decision_share_of_closed": ("closed", "closed deals"),
    "closed": ("closed", "closed deals"),
    "no_decision": ("no_decision", "deals lost to no decision"),
    "won_amount": ("won", "won deals"),
    "won_value_index": ("won", "won deals"),
    "no_decision_amount": ("no_decision", "deals lost to no decision"),
}


# The measures of CHANGE_N that are rates: a change of one is gated on MIN_N of its n in both quarters, as
# the rate itself is. A count's or an amount's change (closed deals, no-decision deals, won value, its
# index) is an exact difference of two totals, not an estimate a handful of deals can swing: it is shown
# whenever both quarters hold some of what it counts. The No decision page's "No-decision deals in range
# 25" withheld its change on 11 such deals in Q2, "n too small" of a count.
RATE_CHANGES: Final = frozenset({"win_rate", "value_win_rate", "no_decision_share_of_losses",
                                 "no_decision_share_of_closed"})


def change_min_n(measure: str, min_n: int = MIN_N) -> int:
    """The least n (CHANGE_N's) each side of `measure`'s change must have for it to be shown: `min_n` for a
    rate (RATE_CHANGES), 1 for a count or an amount (a side with none of what it counts is said plainly).
    Raises KeyError for a measure CHANGE_N does not know."""
    if measure not in CHANGE_N:
        raise KeyError(f"{measure} is not a measure whose change is gated (CHANGE_N).")
    return min_n if measure in RATE_CHANGES else 1


def small_sides(sides: Sequence[tuple[str, int | None]], min_n: int = MIN_N) -> list[tuple[str, int]]:
    """Of a comparison's sides, (name, n) each, those too small to compare (`too_small`), n None read as 0.

    A difference (a change on last quarter, a rep against peers) is shown only when this is empty:
    both sides reach `min_n`, never only the side the reader is looking at.
    """
    return [(name, n or 0) for name, n in sides if too_small(n, min_n)]


# ---- intervals and tests ------------------------------------------------------------------------
def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval for successes out of n; (None, None) when n is 0.

    None rather than NaN because "undefined" is what a rate of 0 out of 0 is, and None survives
    JSON and shows as a blank in tables; the Polars version gives nulls for the same reason.
    Raises ValueError when successes is not between 0 and n.
    """
    if n <= 0:
        return None, None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), not {successes}.")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_exprs(successes: pl.Expr | str, n: pl.Expr | str, z: float = Z_95) -> tuple[pl.Expr, pl.Expr]:
    """The Wilson interval's (lower, upper) as Polars expressions; null where n is 0."""
    s = pl.col(successes) if isinstance(successes, str) else successes
    total = pl.col(n) if isinstance(n, str) else n
    nf = total.cast(pl.Float64)
    p = s.cast(pl.Float64) / nf
    z2 = z * z
    denominator = 1 + z2 / nf
    centre = (p + z2 / (2 * nf)) / denominator
    half = z * (p * (1 - p) / nf + z2 / (4 * nf * nf)).sqrt() / denominator
    lower = pl.when(total > 0).then((centre - half).clip(0.0, 1.0))
    upper = pl.when(total > 0).then((centre + half).clip(0.0, 1.0))
    return lower, upper


def normal_cdf(x: float) -> float:
    """The standard normal cumulative distribution function."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def two_proportion_z_test(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float] | tuple[None, None]:
    """(z, two-sided p-value) of the pooled two-proportion z-test; (None, None) if a side is empty.

    When both sides are all wins or all losses the rates are equal and the test gives (0, 1).
    """
    if n1 <= 0 or n2 <= 0:
        return None, None
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x1 / n1 - x2 / n2) / se
    # erfc(|z|/√2) is 2·(1 − Φ(|z|)) without the cancellation that zeroes tiny p-values.
    return z, math.erfc(abs(z) / math.sqrt(2.0))


# ---- rate columns -------------------------------------------------------------------------------
def ratio(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator as a float, null where the denominator is 0 or null."""
    return pl.when(denominator > 0).then(numerator.cast(pl.Float64) / denominator)


def rate_columns(denominator: Denominator | Sequence[str], min_n: int = MIN_N, suffix: str = "") -> list[pl.Expr]:
    """Rates from the won / lost / no_decision counts named with `suffix` (one with_columns).

    `denominator` is a Denominator or the outcomes it counts. Columns (each with `suffix`):
    closed, n, win_rate, win_rate_lo, win_rate_hi, small_n (n < min_n),
    no_decision_share_of_losses(_lo/_hi/_n), no_decision_small_n (losses < min_n),
    no_decision_share_of_closed. Rates are fractions 0–1, null on an n of 0.
    """
    outcomes = denominator.outcomes if isinstance(denominator, Denominator) else tuple(denominator)
    won = pl.col(f"won{suffix}")
    lost = pl.col(f"lost{suffix}")
    no_decision = pl.col(f"no_decision{suffix}")
    closed = won + lost + no_decision
    n = closed if NO_DECISION in outcomes else won + lost
    losses = lost + no_decision
    lo, hi = wilson_exprs(won, n)
    nd_lo, nd_hi = wilson_exprs(no_decision, losses)
    return [
        closed.alias(f"closed{suffix}"),
        n.alias(f"n{suffix}"),
        ratio(won, n).alias(f"win_rate{suffix}"),
        lo.alias(f"win_rate_lo{suffix}"),
        hi.alias(f"win_rate_hi{suffix}"),
        (n < min_n).alias(f"small_n{suffix}"),
        ratio(no_decision, losses).alias(f"no_decision_share_of_losses{suffix}"),
        nd_lo.alias(f"no_decision_share_of_losses_lo{suffix}"),
        nd_hi.alias(f"no_decision_share_of_losses_hi{suffix}"),
        losses.alias(f"no_decision_share_of_losses_n{suffix}"),
        (losses < min_n).alias(f"no_decision_small_n{suffix}"),
        ratio(no_decision, closed).alias(f"no_decision_share_of_closed{suffix}"),
    ]
