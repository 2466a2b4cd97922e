"""The win rate of the deals a page measures before a day against from that day on: did the reps listed (a
coach's, say, from the day their coaching began) win more after it than before?

Both sides are the same reps' deals closed in the page's range, split at the day, counted under the page's
win-rate definition. A side's rate is withheld below MIN_N deals (text.rate_with_n), and the verdict on the
change is the Seller profiles page's rule (measures.profiles.significance_words: the two-proportion test,
"likely real" at p < 0.05, "could be chance", and "n too small" when a side has fewer than MIN_N deals).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import WON
from winloss.measures.counting import OUTCOME, outcome_in
from winloss.measures.profiles import significance_words
from winloss.measures.summary import closed_in_range
from winloss.rates import MIN_N, Denominator, two_proportion_z_test
from winloss.text import N_TOO_SMALL, change_in_points, day, points_between, rate_with_n


# The page's address keeps the chosen day under this parameter, written YYYY-MM-DD (?before_after_day=2026-03-01),
# so a shared link opens the same comparison.
DAY_PARAM: Final = "before_after_day"


@dataclass(frozen=True)
class Side:
    """One side of the day: the deals closed from `first` to `last` (both days counted) in the win rate's n."""

    first: dt.date
    last: dt.date
    won: int
    n: int  # the deals in the win rate (closed, or won + lost when no decision is left out)
    reps: int  # the reps those deals are of

    @property
    def win_rate(self) -> float | None:
        """won ÷ n, a fraction 0-1; None with no deal."""
        return self.won / self.n if self.n else None

    @property
    def small_n(self) -> bool:
        """Fewer than MIN_N deals: the rate is withheld, and no verdict is given."""
        return self.n < MIN_N


@dataclass(frozen=True)
class BeforeAfter:
    """The win rate before `day` against from `day` on, and the verdict on the change."""

    day: dt.date  # the first day of "after"
    before: Side
    after: Side
    p_value: float | None  # the two-proportion test's, None when a side has no deal
    verdict: str  # significance_words': "likely real", "could be chance", "n too small"

    @property
    def change(self) -> float | None:
        """After minus before as a fraction, from the percentages shown (text.points_between); None while a side's
        rate is withheld (fewer than MIN_N deals), as no change is shown beside a withheld rate."""
        if self.before.small_n or self.after.small_n:
            return None
        return points_between(self.after.win_rate, self.before.win_rate)


def _side(deals: pl.LazyFrame, first: dt.date, last: dt.date, outcomes: tuple[str, ...]) -> Side:
    counted = closed_in_range(deals, first, last).filter(outcome_in(outcomes))
    won, n, reps = counted.select(
        (OUTCOME == WON).sum().cast(pl.Int64), pl.len().cast(pl.Int64), pl.col("rep").n_unique().cast(pl.Int64),
    ).collect().row(0)
    return Side(first, last, int(won or 0), int(n or 0), int(reps or 0))


def before_after(deals: pl.LazyFrame, day_: dt.date, start: dt.date, end: dt.date,
                 denominator: Denominator | str = Denominator.CLOSED) -> BeforeAfter | None:
    """The deals (the page's, its filters applied) closed in [start, end], split at `day_`: before it
    (start to the day before) and from it on (the day to end), each side's won and n under `denominator`,
    and the verdict. None when `day_` is not inside the range (after its first day, by its last: days), so one
    side would hold no day at all."""
    first, last = days(start, end)
    if not first <= day_ <= last:
        return None
    outcomes = Denominator(denominator).outcomes
    before = _side(deals, start, day_ - dt.timedelta(days=1), outcomes)
    after = _side(deals, day_, end, outcomes)
    _, p = two_proportion_z_test(after.won, after.n, before.won, before.n)
    # A side with no deal is too few deals, said as a side with some is ("no other profile" is the profiles' own).
    verdict = significance_words(p, after.n, before.n) if before.n and after.n else N_TOO_SMALL
    return BeforeAfter(day_, before, after, p, verdict)


def days(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day the range [start, end] can be split at (before_after): from the day after its first
    (a side before the day holds at least one day) to its last. The first is after the last for a range of one day."""
    return start + dt.timedelta(days=1), end


def linked_day_note(given: str, start: dt.date, end: dt.date) -> str | None:
    """What the page says, in one sentence, of a link's day (DAY_PARAM) it cannot split the range [start, end] at:
    not a date written YYYY-MM-DD, or outside days(start, end) ("The link's day, 1 Dec 2026, is not inside the
    range: the win rates are split at a day from 2 Jan 2026 to 30 Jun 2026, so no day is chosen."). None for a day
    it can split at. The day is then not used: no comparison is drawn until one is picked. Plain text: `given` is
    from the link, quoted as typed."""
    first, last = days(start, end)
    try:
        asked = dt.date.fromisoformat(given.strip())
    except ValueError:
        return f"The link's day, '{given}', is not a date written YYYY-MM-DD, so no day is chosen."
    if first <= asked <= last:
        return None
    return (f"The link's day, {day(asked)}, is not inside the range: the win rates are split at a day from "
            f"{day(first)} to {day(last)}, so no day is chosen.")


def side_words(side: Side) -> str:
    """One side as a sentence's part: "42% (n = 36)", "n too small (n = 12)", "no closed deals"."""
    return rate_with_n(side.win_rate, side.n, none="no closed deals")


def before_after_sentence(figures: BeforeAfter, whose: str = "the reps listed") -> str:
    """The comparison in one sentence, its verdict last: "Win rate of the reps listed before 1 Mar 2026 (1 Oct 2025 –
    28 Feb 2026): 38% (n = 64); from 1 Mar 2026 (to 30 Sep 2026): 47% (n = 51); +9 pts: could be chance." A side
    withheld gives no change. Plain text: `whose` is the product's words, not a file's."""
    before, after = figures.before, figures.after
    moved = change_in_points(after.win_rate, before.win_rate) if figures.change is not None else None
    return (f"Win rate of {whose} before {day(figures.day)} ({day(before.first)} – {day(before.last)}): "
            f"{side_words(before)}; from {day(figures.day)} (to {day(after.last)}): {side_words(after)}; "
            f"{moved + ': ' if moved else ''}{figures.verdict}.")


def verdict_rule(min_n: int = MIN_N) -> str:
    """What the verdict means, as the Seller profiles page says it of its bars (views.profiles.verdict_help)."""
    return (f"Is the change likely real (a two-proportion test: less than a 1 in 20 chance it is luck, p < 0.05), could "
            f"it be chance, or is {N_TOO_SMALL} (fewer than {min_n} deals on a side)? The test counts deals as if each "
            "were independent: with few reps, the deals of one rep weigh heavily.")
