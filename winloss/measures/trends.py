"""Measures by quarter of close date: the quarterly trend, and a quarter against the one before
(QoQ) and the same quarter last year (YoY)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import polars as pl

from data_models.vocabulary import NO_DECISION, OPEN, WON
from winloss import periods
from winloss.exchange import NEEDED_CURRENCY, NO_CURRENCY, not_converted, was_converted
from winloss.measures.counting import (
    first_close,
    IS_CLOSED,
    OUTCOME,
    Deals,
    between,
    close_quarter_index,
    closed_between,
    lazy,
    outcome_counts,
    sort_keys,
    sorted_by,
)
from winloss.measures.summary import SUMMARY_COLUMNS, summary_query
from winloss.rates import MIN_N, Denominator, rate_columns, ratio


def _with_close_quarter(
    deals: pl.LazyFrame, start: date | None, end: date | None, fy_start_month: int
) -> pl.LazyFrame:
    """Deals with `_quarter_index`, the quarter of their close date, for grouping by quarter.

    Open deals are placed in the quarter of their expected close date and kept only when that
    date is in range, so each quarter's open count is the pipeline expected to close in it.
    """
    keep = (OUTCOME != OPEN) | between("close_date", start, end)
    return deals.filter(keep).with_columns(close_quarter_index(deals, fy_start_month).alias("_quarter_index"))


def quarter_summary(
    deals: pl.LazyFrame,
    by: Sequence[str],
    start: date | None,
    end: date | None,
    fy_start_month: int,
    denominator: Denominator | str,
    min_n: int,
) -> pl.LazyFrame:
    # Group on the integer quarter and label afterwards: formatting strings for a million
    # rows costs more than the whole aggregation.
    lf = _with_close_quarter(deals, start, end, fy_start_month)
    summary = summary_query(lf, [*by, "_quarter_index"], start, end, denominator, min_n)
    return (
        summary.with_columns(
            periods.label_from_index_expr("_quarter_index", fy_start_month).alias("quarter")
        )
        .sort("_quarter_index", *sort_keys(by), nulls_last=True)
        .select(*by, "quarter", *SUMMARY_COLUMNS)
    )


def quarterly_trend(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    fy_start_month: int = 1,
    by: Sequence[str] | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """outcome_summary per quarter of close date (and per group), in time order.

    Columns: by columns, quarter, SUMMARY_COLUMNS. Open deals count in the quarter of their
    expected close date, when that is in range. Quarters without any deal are absent.
    """
    return quarter_summary(
        lazy(deals), list(by or []), start, end, fy_start_month, denominator, min_n
    ).collect()


def closed_quarters(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    fy_start_month: int = 1,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    through: date | None = None,
    whole_range: bool = True,
) -> pl.DataFrame:
    """Every quarter of close date from `start`'s to `through`'s (the last day the range's figures know,
    periods.known_day; `end` when None), each summarised as quarterly_trend summarises it, in time order
    (every_quarter: one no deal closed in counts 0 deals and 0 value and has null rates): the one rule of
    every chart or table of quarters a user reads (the Overview's trend, the command line's report --by
    quarter, the review's no-decision trend). Without `start`, from the first quarter with a closed deal;
    without `whole_range` (a range with no ends of its own, the command line's without --from and --to), from
    the first quarter with a closed deal to the last, none between left out. No rows when no deal closed in
    [start, end].

    A quarter holds the deals that closed in it. An open deal has not closed, so it is in no quarter:
    `open` is null in every row (the range's open deals are counted once, by outcome_summary: the deals
    still open that were created by the range's end), and a quarter with only open deals expected to
    close in it (2027 Q1, before it has begun) is no row. quarterly_trend placed open deals in the
    quarter of their expected close date, which the command line printed under a header that defines
    open deals otherwise.
    """
    closed = lazy(deals).filter(IS_CLOSED)
    # Counted to `through` as well as named to it: a closed deal dated after the data's day is in no quarter.
    last = end if through is None or (end is not None and end < through) else through
    frame = (
        quarter_summary(closed, [], start, last, fy_start_month, denominator, min_n)
        .filter(pl.col("closed") > 0)
        .with_columns(pl.lit(None, pl.Int64).alias("open"))
        .collect()
    )
    if not whole_range:
        return every_quarter(frame, None, None, fy_start_month)
    return every_quarter(frame, start, end if through is None else through, fy_start_month)


# The columns of a quarter's figures that count or add up its deals: 0 in a quarter no deal closed in (a
# drop to none is a real value), where its rates are null: a gap in a line, never 0% nor a line across it.
ZERO_WHEN_NONE_CLOSED: Final = (
    "closed", "won", "lost", "no_decision", "n", "value_n", "won_amount", "lost_amount", "no_decision_amount",
    "no_decision_share_of_losses_n", "amount_missing", "won_priced", "lost_priced", "no_decision_priced",
)
# Its too-few-deals flags: a quarter of no deals has too few (rates.rate_columns' n < min_n).
SMALL_WHEN_NONE_CLOSED: Final = ("small_n", "no_decision_small_n")


def every_quarter(frame: pl.DataFrame, start: date | None, last: date | None, fy_start_month: int,
                  index: str | None = None) -> pl.DataFrame:
    """`frame` (one row per quarter, labelled in `quarter` as periods.quarter_label labels them, other
    columns those of SUMMARY_COLUMNS or summary.closed_counts it has) with a row for every quarter from
    `start`'s (else its first row's) to `last`'s (else its last row's), in time order: the quarters no deal
    closed in were missing rows, so a trend drew 2025 Q4 beside 2026 Q2, the line straight across 2026 Q1.
    Such a row counts 0 of ZERO_WHEN_NONE_CLOSED (and of `open`, when not null in every row), flags
    SMALL_WHEN_NONE_CLOSED true, and has every rate and other column null. A frame of no rows (no deal
    closed at all) stays empty: a page says so in place of its trend. `index`: a column of `frame` holding
    each quarter's periods.quarter_index (the integer it was grouped on), given in the new rows too."""
    if frame.height == 0 or "quarter" not in frame.columns:
        return frame
    indices = [periods.quarter_index(q) for q in frame.get_column("quarter").drop_nulls().to_list()]
    if not indices:
        return frame
    first_index, last_index = min(indices), max(indices)
    if start is not None:
        first_index = min(first_index, periods.quarter_index(periods.quarter_label(start, fy_start_month)))
    if last is not None:
        last_index = max(last_index, periods.quarter_index(periods.quarter_label(last, fy_start_month)))
    labels = [periods.format_quarter((i // 4, i % 4 + 1), fy_start_month) for i in range(first_index, last_index + 1)]
    if len(labels) == frame.height:
        return frame
    columns = frame.columns
    missing = pl.col("quarter").is_in(frame.get_column("quarter").to_list()).not_()
    zero: list[str] = [c for c in ZERO_WHEN_NONE_CLOSED if c in columns]
    if "open" in columns and frame.get_column("open").null_count() < frame.height:
        zero.append("open")
    small = [c for c in SMALL_WHEN_NONE_CLOSED if c in columns]
    every = pl.DataFrame({"quarter": labels}, schema={"quarter": frame.schema["quarter"]})
    if index is not None:  # the new rows' integers as the grouping gave the others'
        every = every.with_columns(pl.Series(index, range(first_index, last_index + 1), dtype=frame.schema[index]))
    joined = every.join(frame.drop(index) if index is not None else frame, on="quarter", how="left", maintain_order="left")
    return joined.with_columns(
        *(pl.when(missing).then(pl.lit(0, frame.schema[c])).otherwise(pl.col(c)).alias(c) for c in zero),
        *(pl.when(missing).then(pl.lit(True)).otherwise(pl.col(c)).alias(c) for c in small),
    ).select(columns)


def _latest_close_date(deals: pl.LazyFrame) -> date | None:
    return deals.filter(IS_CLOSED).select(pl.col("close_date").max()).collect().item()


def resolve_quarter(
    deals: pl.LazyFrame, quarter: str | None, end: date | None, fy_start_month: int
) -> str | None:
    """The quarter label asked for, else the quarter of `end`, else of the latest close date."""
    if quarter is not None:
        return quarter
    day = end if end is not None else _latest_close_date(deals)
    return None if day is None else periods.quarter_label(day, fy_start_month)


_DELTA_METRICS: Final = ("win_rate", "value_win_rate", "no_decision_share_of_losses", "closed", "won_amount")


UNRATED_SEPARATOR: Final = "\t"  # between the currencies of an _unrated_currencies text (codes, exchange.NO_CURRENCY)
# The deals of a window whose amounts a change adds up, by the name of their n (rates.CHANGE_N's column): the
# deals in the win rate's denominator (value_n), the won deals (won) and those lost to no decision.
UNRATED_OF: Final = {"value_n": "value", "won": "won", "no_decision": "no_decision"}


# The windows whose deals no rate converts are counted: the quarter and the one before, which the tiles compare.
UNRATED_WINDOWS: Final = ("", "_previous")
UNRATED: Final = "_unrated"  # the column deltas adds of whether a deal is one no rate converts (exchange.not_converted)


def _unrated_sets(denominator: Denominator, mask: pl.Expr) -> dict[str, pl.Expr]:
    """The deals of a window (`mask`) whose amounts a change adds up, by UNRATED_OF's names."""
    return {"value": mask & pl.col("outcome").is_in(list(denominator.outcomes)), "won": mask & (OUTCOME == WON),
            "no_decision": mask & (OUTCOME == NO_DECISION)}


def _value_counts(denominator: Denominator, mask: pl.Expr, suffix: str, reporting_currency: str | None = None) -> list[pl.Expr]:
    """Per window: the amount of the deals in the win rate's denominator that have one, and how many
    they are (value_n, the value-weighted rate's n), as the summary's value_win_rate counts them. With
    `reporting_currency`, in UNRATED_WINDOWS also how many of those, of the won deals and of the no-decision
    deals no exchange rate converts (value_unrated, won_unrated, no_decision_unrated)."""
    in_rate = mask & pl.col("outcome").is_in(list(denominator.outcomes))
    counted = in_rate & pl.col("amount").is_not_null()
    sums = [
        pl.col("amount").filter(counted).sum().alias(f"_value_denominator{suffix}"),
        counted.sum().cast(pl.Int64).alias(f"value_n{suffix}"),
    ]
    if reporting_currency is None or suffix not in UNRATED_WINDOWS:
        return sums
    # UNRATED: not_converted, worked out once a row before the windows' sums (a cast and a compare of texts).
    return [*sums, *((pl.col(UNRATED) & deals).sum().cast(pl.Int64).alias(f"{name}_unrated{suffix}")
                     for name, deals in _unrated_sets(denominator, mask).items())]


def deltas(
    deals: Deals,
    quarter: str | None = None,
    *,
    end: date | None = None,
    fy_start_month: int = 1,
    by: Sequence[str] | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    as_of: date | None = None,
    start: date | None = None,
    reporting_currency: str | None = None,
) -> pl.DataFrame:
    """A quarter's metrics against the previous quarter (QoQ) and the same quarter last year (YoY).

    `as_of`: the day the data describes; `end` and `start`: the range's last and first days. A quarter still
    in progress on the earlier of `as_of` and `end` (periods.known_day) is counted to that day, one whose
    first days `start` cuts off from `start`, and compared with the same days of the others
    (periods.comparison_windows); its columns quarter, previous_quarter and last_year_quarter name them by
    those days ("2026 Q4 to date", "2026 Q3 to the same day"; "2026 Q3 to 1 Jul", "2026 Q2 to 1 Apr" when
    the range's end cuts it short; "2026 Q3 from 15 Aug", "2026 Q2 from 16 May" when its start does). Every
    deal in a window is counted, `start` or not: a previous window wholly before the range is compared whole,
    so one with nothing in a change's n has no such deal at all.

    The quarter is `quarter` (a label), else the one containing `end`, else the one of the
    latest close date. Columns: by columns, quarter, previous_quarter, last_year_quarter; for
    each of win_rate, value_win_rate, no_decision_share_of_losses, closed, won_amount: the value,
    _previous, _last_year, _qoq and _yoy (differences; rates in fractions, so 0.05 is five points);
    n, n_previous, n_last_year and small_n, small_n_previous, small_n_last_year (the win rate's);
    won, no_decision and their _previous and _last_year (the deals won value and no-decision value
    add up: their changes' n, rates.CHANGE_N); value_n, _previous and _last_year (the deals in the win rate's denominator with an amount:
    value_win_rate's n, as outcome_summary's value_win_rate counts it); no_decision_share_of_losses_n,
    _previous and _last_year (lost + no decision, the no-decision share's own n). With `reporting_currency`
    (the deals converted to it), value_unrated, won_unrated and no_decision_unrated, each _previous: the deals in
    the win rate's denominator, the won deals and the no-decision deals no exchange rate converts; ungrouped, where
    there are some, the currencies they lack a rate for (the same names with _currencies: _unrated_currencies).
    """
    lf = lazy(deals)
    by = list(by or [])
    d = Denominator(denominator)
    if reporting_currency is not None and not was_converted(lf):  # its amounts are all the reporting currency's
        reporting_currency = None
    label = resolve_quarter(lf, quarter, end, fy_start_month)
    if label is None:  # no closed deals at all: one empty comparison
        label = periods.quarter_label(date.today(), fy_start_month)
    # A window the range's start falls in is marked as reaching before it when a deal closed there could.
    first = first_close(lf) if start is not None else None
    compared = dict(zip(("", "_previous", "_last_year"),
                        periods.comparison_windows(label, as_of, fy_start_month, end, start, first), strict=True))
    windows = {suffix: window.name for suffix, window in compared.items()}
    # Date bounds, not a per-row quarter: comparing dates is far cheaper than deriving quarters.
    masks = {suffix: closed_between(*window.bounds) for suffix, window in compared.items()}
    rows = lf.filter(pl.any_horizontal(*masks.values()))
    if reporting_currency is not None:
        rows = rows.with_columns(not_converted(reporting_currency).alias(UNRATED))
    aggs = [e for suffix, mask in masks.items() for e in [*outcome_counts(mask, suffix), *_value_counts(d, mask, suffix, reporting_currency)]]
    grouped = rows.group_by(by).agg(aggs) if by else rows.select(aggs)
    rates = [e for s in windows for e in rate_columns(d, min_n, s)]
    rates += [ratio(pl.col(f"won_amount{s}"), pl.col(f"_value_denominator{s}")).alias(f"value_win_rate{s}") for s in windows]
    changes = [
        (pl.col(m) - pl.col(f"{m}{s}")).alias(f"{m}_{name}")
        for m in _DELTA_METRICS
        for s, name in (("_previous", "qoq"), ("_last_year", "yoy"))
    ]
    labels = [
        pl.lit(windows[""]).alias("quarter"),
        pl.lit(windows["_previous"]).alias("previous_quarter"),
        pl.lit(windows["_last_year"]).alias("last_year_quarter"),
    ]
    columns = [f"{m}{s}" for m in _DELTA_METRICS for s in (*windows, "_qoq", "_yoy")]
    columns += [f"{m}{s}" for m in ("n", "small_n", "value_n", "won", "no_decision") for s in windows]
    # The no-decision share's own n (lost + no decision) per window: its change is gated on it.
    columns += [f"no_decision_share_of_losses_n{s}" for s in windows]
    columns += [f"no_decision_small_n{s}" for s in windows]
    if reporting_currency is not None:
        columns += [f"{name}_unrated{s}" for name in UNRATED_OF.values() for s in UNRATED_WINDOWS]
    query = grouped.with_columns(rates).with_columns(*changes, *labels)
    query = query.select(*by, "quarter", "previous_quarter", "last_year_quarter", *columns)
    result = sorted_by(query, by).collect()
    if reporting_currency is None or by or result.height != 1:
        return result
    # The currencies of the deals no rate converts, read only where some are: nearly every store has none.
    lacking = [(name, s) for name in UNRATED_OF.values() for s in UNRATED_WINDOWS if result[f"{name}_unrated{s}"][0]]
    if not lacking:
        return result
    # One pass: the currencies of the deals no rate converts, each with which of the sums it is lacking from.
    needed = (rows.filter(pl.col(UNRATED))
              .group_by(NEEDED_CURRENCY.cast(pl.String).fill_null(pl.lit(NO_CURRENCY)).alias("_needed"))
              .agg([_unrated_sets(d, masks[s])[name].any().alias(f"{name}{s}") for name, s in lacking]).collect())
    return result.with_columns(
        pl.lit(UNRATED_SEPARATOR.join(sorted(needed.filter(pl.col(f"{name}{s}"))["_needed"].to_list())))
        .alias(f"{name}_unrated_currencies{s}") for name, s in lacking)
