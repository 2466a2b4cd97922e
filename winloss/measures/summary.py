"""Win rates and their summaries: counts, rates with n and a Wilson interval, amounts, per group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, TypeVar

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, LOST, NO_DECISION, OPEN, WON
from winloss.measures.counting import (
    CYCLE_DAYS,
    IS_CLOSED,
    OUTCOME,
    Deals,
    amount_total,
    closed_between,
    lazy,
    open_by,
    outcome_counts,
    outcome_in,
    sorted_by,
)
from winloss.rates import MIN_N, Denominator, rate_columns, ratio
from winloss.text import INTERVAL_WORDS, N_TOO_SMALL, ND_SHARE_OF_LOSSES_WORDS


# Output columns of outcome_summary after the group columns, in order.
SUMMARY_COLUMNS: Final = (
    "closed",
    "won",
    "lost",
    "no_decision",
    "open",
    "n",
    "win_rate",
    "win_rate_lo",
    "win_rate_hi",
    "small_n",
    "value_win_rate",
    "value_n",
    "won_amount",
    "lost_amount",
    "no_decision_amount",
    "no_decision_share_of_losses",
    "no_decision_share_of_losses_lo",
    "no_decision_share_of_losses_hi",
    "no_decision_share_of_losses_n",
    "no_decision_small_n",
    "no_decision_share_of_closed",
    "avg_deal_size",
    "median_cycle_days",
    "amount_missing",
)


def summary_query(
    deals: pl.LazyFrame,
    by: Sequence[str],
    start: date | None,
    end: date | None,
    denominator: Denominator | str,
    min_n: int,
    extra_aggs: Sequence[pl.Expr] = (),
    as_of: date | None = None,
) -> pl.LazyFrame:
    """The lazy query behind outcome_summary: the rows counted, then, by group, two plain group-bys.

    Grouped, one group-by per group and outcome (deals, amount, deals without an amount) and one
    over the won deals (mean amount, median cycle): a single group-by with eleven filtered
    aggregations cost twice as much, each aggregation a pass of its own over every group's rows.
    The outcomes' columns are then read off a frame of a few rows per group. `extra_aggs` run over
    each group's rows (a third group-by, only when given). Ungrouped, one select does it all.
    """
    d = Denominator(denominator)
    by = list(by)
    amount = pl.col("amount")
    rows = deals.filter(closed_between(start, end) | open_by(end, as_of))
    if not by:
        return rows.select(
            *outcome_counts(),
            (OUTCOME == OPEN).sum().cast(pl.Int64).alias("open"),
            amount_total(OUTCOME == LOST).alias("lost_amount"),
            amount_total(OUTCOME == NO_DECISION).alias("no_decision_amount"),
            amount.filter(outcome_in(d.outcomes)).sum().alias("_denominator_amount"),
            (outcome_in(d.outcomes) & amount.is_not_null()).sum().cast(pl.Int64).alias("value_n"),
            amount.filter(OUTCOME == WON).mean().alias("avg_deal_size"),
            CYCLE_DAYS.filter(OUTCOME == WON).median().alias("median_cycle_days"),
            (IS_CLOSED & amount.is_null()).sum().cast(pl.Int64).alias("amount_missing"),
            *extra_aggs,
        ).with_columns(
            *rate_columns(d, min_n),
            ratio(pl.col("won_amount"), pl.col("_denominator_amount")).alias("value_win_rate"),
        ).select(*SUMMARY_COLUMNS, *[e.meta.output_name() for e in extra_aggs])
    per_outcome = rows.group_by([*by, "outcome"]).agg(
        pl.len().cast(pl.Int64).alias("_deals"),
        amount.sum().alias("_amount"),
        amount.null_count().cast(pl.Int64).alias("_no_amount"),
    )
    won_rows = rows.filter(OUTCOME == WON)
    won = won_rows.group_by(by).agg(amount.mean().alias("avg_deal_size"), CYCLE_DAYS.median().alias("median_cycle_days"))
    extra = rows.group_by(by).agg(extra_aggs) if extra_aggs else None
    return summary_of_counts(per_outcome, won, by, d, min_n, extra)


def summary_of_counts(
    per_outcome: pl.LazyFrame,
    won: pl.LazyFrame,
    by: Sequence[str],
    denominator: Denominator | str,
    min_n: int,
    extra: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """summary_query's grouped result from deals already counted, for callers that count their own way.

    per_outcome: one row per group (`by`) and outcome with _deals (deals, Int64), _amount (their
    amounts added up, 0 when none has one) and _no_amount (deals without an amount, Int64), as
    summary_query counts the rows it keeps (closed in range, or open by the end). won: one row per
    group with avg_deal_size (the mean amount of its won deals) and median_cycle_days (the median
    days to close of its won deals), left out or null when it has none. extra: more columns by
    group, joined on `by`. Columns: by, SUMMARY_COLUMNS, then extra's; sorted by `by`.
    """
    d = Denominator(denominator)
    by = list(by)

    def of(column: str, outcomes: Sequence[str]) -> pl.Expr:
        return pl.col(column).filter(outcome_in(outcomes)).sum()

    counted = [
        of("_deals", [WON]).alias("won"),
        of("_deals", [LOST]).alias("lost"),
        of("_deals", [NO_DECISION]).alias("no_decision"),
        # Null, as counting.amount_total gives it, when every deal of the outcome lacks an amount.
        *[pl.when((of("_deals", [o]) > 0) & (of("_deals", [o]) == of("_no_amount", [o])))
          .then(None).otherwise(of("_amount", [o])).alias(f"{o}_amount") for o in (WON, LOST, NO_DECISION)],
        of("_deals", [OPEN]).alias("open"),
        # Amounts added up by outcome first: a sum of non-integer amounts may differ from one
        # taken over the deals at once in its last bits (as any two summing orders may).
        of("_amount", d.outcomes).alias("_denominator_amount"),
        (of("_deals", d.outcomes) - of("_no_amount", d.outcomes)).alias("value_n"),
        of("_no_amount", CLOSED_OUTCOMES).alias("amount_missing"),
    ]
    grouped = per_outcome.group_by(by).agg(counted).join(won, on=by, how="left", nulls_equal=True)
    extra_columns: list[str] = []
    if extra is not None:
        grouped = grouped.join(extra, on=by, how="left", nulls_equal=True)
        extra_columns = [c for c in extra.collect_schema().names() if c not in by]
    return sorted_by(
        grouped.with_columns(
            *rate_columns(d, min_n),
            ratio(pl.col("won_amount"), pl.col("_denominator_amount")).alias("value_win_rate"),
        ).select(*by, *SUMMARY_COLUMNS, *extra_columns),
        by,
    )


def closed_in_range(deals: Deals, start: date | None, end: date | None) -> pl.LazyFrame:
    """Closed deals (won, lost, no decision) whose close date is in [start, end]; lazy."""
    return lazy(deals).filter(closed_between(start, end))


def outcome_summary(
    deals: Deals,
    by: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    as_of: date | None = None,
) -> pl.DataFrame:
    """One row per group (one overall row for by=None) with counts, rates and amounts.

    Closed deals count by close date in [start, end]; open deals are those open now whose
    created_date is on or before `end`, by counting.open_by's rule (`as_of`, the data's day: a deal
    with no created date counts only for an `end` on or after it). Columns: the group columns, then
    SUMMARY_COLUMNS: n is the win-rate denominator; value_win_rate is won amount ÷ amount of the
    denominator deals with null amounts left out, value_n how many deals that amount adds up
    (amount_missing counts closed deals without an amount); no_decision_share_of_losses = nd ÷ (lost + nd) with its own bounds and n;
    avg_deal_size is the mean won amount; median_cycle_days is for won deals.
    """
    by = list(by or [])
    return summary_query(lazy(deals), by, start, end, denominator, min_n, as_of=as_of).collect()


# What a table of quarters (the command line's report --by quarter) says of its rows and of open deals,
# after definition_text's general words: the rule of measures.trends.closed_quarters and periods.quarter_name.
BY_QUARTER_DEFINITION: Final = (
    "By quarter, each row is a quarter of close date with a closed deal in the range, named as the app names"
    " it, by the days it counts ('2026 Q4 to date' while in progress on the data's day, '2026 Q3 to 1 Jul' when"
    " the range's end cuts it short, '2026 Q3 from 15 Aug' when its start does, '15 Aug to 20 Sep 2026' when"
    " both do). An open deal has not closed, so no quarter holds it: the open deals are counted once, for the"
    " whole range, after the rows."
)


def definition_text(denominator: Denominator | str = Denominator.CLOSED, by_quarter: bool = False) -> str:
    """The full definition a report or caption states beside the numbers; `by_quarter`: of a table of
    quarters, which then says what a row is and where the open deals are (BY_QUARTER_DEFINITION)."""
    return (
        f"{Denominator(denominator).label}. Closed deals are counted by close date in the"
        " selected range; open deals are those still open that were created by the end of the"
        f" range. An interval is {INTERVAL_WORDS}. No decision ÷ losses = no decision ÷"
        f" (lost + no decision): {ND_SHARE_OF_LOSSES_WORDS}. A rate on fewer than {MIN_N} deals reads '{N_TOO_SMALL}': too few to read as a rate."
        + (f" {BY_QUARTER_DEFINITION}" if by_quarter else "")
    )


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)

# One pass at a fine grain, several breakdowns: the additive columns re-added, rates recomputed.
_ADDITIVE: Final = ("won", "lost", "no_decision", "open", "won_amount", "lost_amount", "no_decision_amount",
                    "won_priced", "lost_priced", "no_decision_priced")


def summary_by(summary: pl.DataFrame, by: Sequence[str], denominator_outcomes: Sequence[str],
               min_n: int = MIN_N) -> pl.DataFrame:
    """An outcome_summary at a finer grain re-added up to `by` (rates and intervals recomputed).

    One million-row pass grouped by (rep, seller_profile, region, segment) gives the breakdowns
    by any of those for the price of summing a few thousand rows. Columns: by, won, lost,
    no_decision, open, the amounts, closed, n, win_rate(_lo/_hi), small_n,
    no_decision_share_of_losses(_lo/_hi/_n), no_decision_share_of_closed.
    """
    return _summed(summary, by).with_columns(rate_columns(denominator_outcomes, min_n))


def _summed(summary: Frame, by: Sequence[str]) -> Frame:
    """`summary`'s additive columns re-added up to `by` (one row when `by` is empty): columns by,
    then the additive ones it has. A DataFrame gives a DataFrame, a LazyFrame a LazyFrame."""
    names = summary.collect_schema().names()
    sums = pl.col([c for c in _ADDITIVE if c in names]).sum()
    summed = summary.group_by(list(by)).agg(sums) if by else summary.select(sums)
    # An outcome's amounts added up are unknown, not 0, when it has deals and none has an amount
    # (counting.amount_total's rule), which only the count of amounts re-added can tell.
    return summed.with_columns(
        pl.when((pl.col(o) > 0) & (pl.col(f"{o}_priced") == 0)).then(None).otherwise(pl.col(f"{o}_amount")).alias(f"{o}_amount")
        for o in CLOSED_OUTCOMES if f"{o}_priced" in names and f"{o}_amount" in names
    )


def summaries_by(asked: Sequence[tuple[pl.DataFrame, Sequence[str]]], denominator_outcomes: Sequence[str],
                 min_n: int = MIN_N) -> list[pl.DataFrame]:
    """[summary_by(summary, by, denominator_outcomes, min_n) for summary, by in asked], the same
    frames to the bit (columns, dtypes, values; rows in no set order, as summary_by's), with the rate
    columns computed once over all of them.

    The rate columns are some seventy Polars expressions (Wilson bounds, ratios): computing them costs
    about 2 ms per frame even on a few rows, more than the sums. A view that needs six breakdowns of
    one fine-grained pass stacks the six sums (a `_part` column says whose row is whose), adds the
    rates row by row in one go, and splits them again.
    """
    rates = rate_columns(denominator_outcomes, min_n)
    summed = [_summed(summary.lazy(), by) for summary, by in asked]
    parts = [part.with_columns(pl.lit(i, pl.UInt16).alias("_part")) for i, part in enumerate(summed)]
    rated = pl.concat(parts, how="diagonal").with_columns(rates).collect()
    rate_names = [e.meta.output_name() for e in rates]
    return [
        rated.filter(pl.col("_part") == i).select(*part.collect_schema().names(), *rate_names)
        for i, part in enumerate(summed)
    ]


def closed_counts(deals: pl.LazyFrame | pl.DataFrame, by: Sequence[str | pl.Expr], start, end) -> pl.DataFrame:
    """won / lost / no_decision counts and amounts of the deals closed in [start, end], by `by`.

    The additive part of outcome_summary without its medians and means, which at a fine grain
    (thousands of groups) cost more than the counting: summary_by turns it into rates.
    """
    return closed_counts_query(deals, by, start, end).collect()


def closed_counts_query(deals: pl.LazyFrame | pl.DataFrame, by: Sequence[str | pl.Expr], start, end) -> pl.LazyFrame:
    """closed_counts as a lazy query, for a view that collects it with its other queries at once
    (pl.collect_all): columns `by`, won, lost, no_decision (Int64), won_amount, lost_amount,
    no_decision_amount (amounts added up, 0 when none), won_priced, lost_priced, no_decision_priced
    (how many of those deals have an amount: summary_by makes a total of none null, not 0)."""
    outcome = pl.col("outcome")
    return (
        closed_in_range(deals, start, end)
        .group_by(list(by))
        .agg(
            *[(outcome == o).sum().cast(pl.Int64).alias(o) for o in CLOSED_OUTCOMES],
            # when/then rather than filter: about twice as fast per group at a fine grain.
            *[pl.when(outcome == o).then(pl.col("amount")).sum().alias(f"{o}_amount") for o in CLOSED_OUTCOMES],
            *[pl.when(outcome == o).then(pl.col("amount")).count().cast(pl.Int64).alias(f"{o}_priced")
              for o in CLOSED_OUTCOMES],
        )
    )


def won_value_index(current: float | None, previous: float | None) -> float | None:
    """Won value as an index against the previous quarter (= 100): shows the change, not the amount."""
    if current is None or not previous:
        return None
    return 100.0 * current / previous
