"""Which deals a measure counts, and in what order: the deals frame, outcome masks, date ranges,
the fixed order of profiles, outcomes and bands, and the outcome counts every summary starts from.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import Final, Literal

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, LOST, NO_DECISION, OPEN, OUTCOMES, PROFILES_WITH_UNPROFILED, WON
from winloss import periods
from winloss.text import day as day_text


# The deals frame every function takes: the canonical opportunity columns plus the roster's
# seller_profile (never null), team and manager. A DataFrame is accepted too and made lazy.
Deals = pl.LazyFrame | pl.DataFrame


# Sort orders for columns whose natural order is not alphabetical.
SORT_ORDERS: Final[dict[str, dict[str, int]]] = {
    "seller_profile": {p: i for i, p in enumerate(PROFILES_WITH_UNPROFILED)},
    "outcome": {o: i for i, o in enumerate(OUTCOMES)},
    "band": {"Small": 0, "Short": 0, "Medium": 1, "Large": 2, "Long": 2},
}


OUTCOME: Final = pl.col("outcome")


def outcome_in(outcomes: Sequence[str]) -> pl.Expr:
    """outcome is one of `outcomes`."""
    # Or-ed equalities: several times faster than is_in on a String column.
    expr = pl.lit(False)
    for outcome in outcomes:
        expr = expr | (outcome == OUTCOME)
    return expr


IS_CLOSED: Final = outcome_in(CLOSED_OUTCOMES)


# Days from created to close (Int64); negative spans are data errors and count as unknown.
# Subtracting the dates' day numbers: a third of the time of a Duration's total_days at 1M deals.
CYCLE_DAYS: Final = (
    pl.when(pl.col("created_date") <= pl.col("close_date"))
    .then((pl.col("close_date").cast(pl.Int32) - pl.col("created_date").cast(pl.Int32)).cast(pl.Int64))
    .otherwise(None)
)

# The coded deals (winloss.deals.coded_deals) carry the close date's month index
# (periods.month_index_expr), made once per store version.
CLOSE_MONTH: Final = "close_month"


def close_quarter_index(deals: pl.LazyFrame, fy_start_month: int) -> pl.Expr:
    """periods.quarter_index_expr of close_date: from CLOSE_MONTH when the deals carry it (integer
    arithmetic), else from the dates, which takes the dates apart on every row (37-55 ms at 1M)."""
    if CLOSE_MONTH in deals.collect_schema():
        return periods.quarter_index_from_month_expr(CLOSE_MONTH, fy_start_month)
    return periods.quarter_index_expr("close_date", fy_start_month)


def lazy(deals: Deals) -> pl.LazyFrame:
    return deals.lazy() if isinstance(deals, pl.DataFrame) else deals


def between(col: str, start: date | None, end: date | None) -> pl.Expr:
    """Start <= col <= end with None meaning unbounded; null dates are never in range."""
    expr = pl.col(col).is_not_null()
    if start is not None:
        expr = expr & (pl.col(col) >= start)
    if end is not None:
        expr = expr & (pl.col(col) <= end)
    return expr


def closed_between(start: date | None, end: date | None) -> pl.Expr:
    return IS_CLOSED & between("close_date", start, end)


def first_close(deals: pl.LazyFrame) -> date | None:
    """The first day a closed deal of `deals` closed, None when none did: the day before which a compared
    window counts nothing (periods.comparison_windows' first_close)."""
    return deals.filter(IS_CLOSED).select(pl.col("close_date").min()).collect().item()


# A deal with no created date: when it opened is not known, so it cannot be said to have been open
# on a past day, nor judged on how long it has been open (open_on, open_by, undated_open).
NO_CREATED_DATE: Final = pl.col("created_date").is_null()


def open_by(end: date | None, as_of: date | None = None) -> pl.Expr:
    """Open deals that already existed at the end of the range.

    The export is a snapshot: we know a deal is open now, not whether it was open on a past
    day. With `as_of` (the data's day) and an `end` on or after it, "open" is every deal open now
    (open_now_words says "open now"), whatever its created date: one with none, and one created after
    the data's day (a CRM's created date set ahead, or its clock or time zone not the upload's), which
    is in the pipeline the CRM shows today and in the rep's stored deals the Data page counts. Under
    an earlier `end` it counts the open deals created on or before `end` ("open now (created by 30 Sep
    2026)"): one with no created date is left out (undated_open says how many), and so is one created
    after `end`, as open_on leaves it out of a past day. Without `as_of`, the open deals created by
    `end` or with no created date.
    """
    is_open = OUTCOME == OPEN
    if end is None or (as_of is not None and end >= as_of):
        return is_open
    created = pl.col("created_date") <= end
    if as_of is None:
        return is_open & (NO_CREATED_DATE | created)
    return is_open & created.fill_null(False)


def open_now_words(end: date | None, as_of: date | None = None) -> str:
    """The deals open_by(`end`) counts, in words for a caption: "open now (created by 30 Sep 2026)".

    "Now" is the data's as-of day, which is not the range's end when the range is a past quarter:
    the words name the end so a list of deals open now is not read as the quarter's pipeline. Just
    "open now" when there is no end, or when it is on or after `as_of` (every deal open now is counted,
    one created after the data's day too: open_by)."""
    if end is None or (as_of is not None and end >= as_of):
        return "open now"
    return f"open now (created by {day_text(end)})"


def open_on(day: date) -> pl.Expr:
    """Deals that were open at the end of `day`: created by then, and still open, or closed after it.
    A deal with no created date is left out (when it opened is not known, so neither is whether it
    was open on `day`: undated_open counts them), and so is a closed deal with no close date (when it
    closed is not known)."""
    created = (pl.col("created_date") <= day).fill_null(False)
    return created & ((OUTCOME == OPEN) | ((OUTCOME != OPEN) & (pl.col("close_date") > day)).fill_null(False))


def undated_open(past_day: date | None = None) -> pl.Expr:
    """The deals with no created date among the open deals: with `past_day`, those that open_on(`past_day`)
    would count were their created date known (still open, or closed after it) and leaves out; else the
    deals open now, which open_by leaves out for an end before the data's day and counts, age unknown,
    otherwise. Counted with undated_open_count; said with at_risk.undated_note."""
    if past_day is not None:
        return NO_CREATED_DATE & (
            (OUTCOME == OPEN) | ((OUTCOME != OPEN) & (pl.col("close_date") > past_day)).fill_null(False))
    return NO_CREATED_DATE & (OUTCOME == OPEN)


def undated_open_count(deals: Deals, past_day: date | None = None) -> int:
    """How many of `deals` undated_open(`past_day`) holds."""
    return int(lazy(deals).filter(undated_open(past_day)).select(pl.len()).collect().item())


def sort_keys(by: Sequence[str]) -> list[pl.Expr]:
    keys: list[pl.Expr] = []
    for col in by:
        order = SORT_ORDERS.get(col)
        if order is not None:
            keys.append(
                pl.col(col).replace_strict(order, default=len(order), return_dtype=pl.Int32)
            )
        keys.append(pl.col(col))
    return keys


def sorted_by(lf: pl.LazyFrame, by: Sequence[str]) -> pl.LazyFrame:
    return lf.sort(sort_keys(by), nulls_last=True) if by else lf


def outcome_counts(mask: pl.Expr | None = None, suffix: str = "") -> list[pl.Expr]:
    """won / lost / no_decision counts and won amount, optionally only where `mask` holds."""

    def where(condition: pl.Expr) -> pl.Expr:
        return condition if mask is None else condition & mask

    won = where(OUTCOME == WON)
    return [
        won.sum().cast(pl.Int64).alias(f"won{suffix}"),
        where(OUTCOME == LOST).sum().cast(pl.Int64).alias(f"lost{suffix}"),
        where(OUTCOME == NO_DECISION).sum().cast(pl.Int64).alias(f"no_decision{suffix}"),
        won_amount(won).alias(f"won_amount{suffix}"),
    ]


def won_amount(won: pl.Expr) -> pl.Expr:
    """The amount of the deals where `won` holds, added up: amount_total of them."""
    return amount_total(won)


def amount_total(where: pl.Expr) -> pl.Expr:
    """The amount of the deals where `where` holds, added up; null (not 0) when there are such deals
    and none has an amount (none converts to the reporting currency): "$0" would say they were worth
    nothing. The rule for every value figure of an outcome (won, lost, no decision)."""
    amounts = pl.col("amount").filter(where)
    return pl.when((where.sum() > 0) & (amounts.count() == 0)).then(None).otherwise(amounts.sum())


def quantile_of_counts(
    values: Sequence[int], counts: Sequence[int], q: float, method: Literal["linear", "nearest"] = "linear"
) -> float | None:
    """The `q` quantile (0-1) of a sample of whole numbers given as its sorted distinct `values` and
    how often each occurs; None for an empty sample.

    As Polars computes it over the sample itself, to the bit: "linear" interpolates between the
    values at the ranks around q × (n − 1) (Polars' median is the 0.5 one), "nearest" takes the
    value at that rank rounded half up. Days to close are a few hundred distinct values however many
    deals there are: counting them and reading the quantile off the counts is linear in the deals,
    where a quantile of every deal's days sorts them.
    """
    n = sum(counts)
    if n == 0:
        return None
    position = (n - 1) * q

    def at(rank: int) -> int:
        seen = 0
        for value, count in zip(values, counts, strict=True):
            seen += count
            if rank < seen:
                return value
        raise IndexError(rank)

    if method == "nearest":
        return float(at(math.floor(position + 0.5)))
    low, high = math.floor(position), math.ceil(position)
    below, above = at(low), at(high)
    if low == high:
        return float(below)
    return float(below) + (position - low) * float(above - below)
