"""Win/loss metrics over the deals frame: lazy Polars queries, every rate with n and a Wilson interval."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

import polars as pl

from data_models.vocabulary import (
    CLOSED_OUTCOMES,
    LOST,
    NO_DECISION,
    OPEN,
    OUTCOMES,
    PROFILES_WITH_UNPROFILED,
    STUDY_MIX_ALL,
    STUDY_MIX_STARS,
    WON,
    canonical_profile,
)
from winloss import periods
from winloss.text import money
from winloss.rates import (  # noqa: F401  (re-exported: callers read them from metrics too)
    MIN_N,
    Z_95,
    Denominator,
    normal_cdf,
    two_proportion_z_test,
    wilson_exprs,
    wilson_interval,
)
from winloss.rates import rate_columns as _rate_columns
from winloss.rates import ratio as _ratio

# The deals frame every function takes: the canonical opportunity columns plus the roster's
# seller_profile (never null), team and manager. A DataFrame is accepted too and made lazy.
Deals = pl.LazyFrame | pl.DataFrame

NO_REASON: Final = "(no reason given)"
BLANK_GROUP: Final = "(blank)"

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

BAND_LABELS: Final = {"amount": ("Small", "Medium", "Large"), "cycle": ("Short", "Medium", "Long")}

# Sort orders for columns whose natural order is not alphabetical.
_ORDERS: Final[dict[str, dict[str, int]]] = {
    "seller_profile": {p: i for i, p in enumerate(PROFILES_WITH_UNPROFILED)},
    "outcome": {o: i for i, o in enumerate(OUTCOMES)},
    "band": {"Small": 0, "Short": 0, "Medium": 1, "Large": 2, "Long": 2},
}

_OUTCOME: Final = pl.col("outcome")


def _outcome_in(outcomes: Sequence[str]) -> pl.Expr:
    """outcome is one of `outcomes`."""
    # Or-ed equalities: several times faster than is_in on a String column.
    expr = pl.lit(False)
    for outcome in outcomes:
        expr = expr | (outcome == _OUTCOME)
    return expr


_IS_CLOSED: Final = _outcome_in(CLOSED_OUTCOMES)
# Days from created to close; negative spans are data errors and count as unknown.
_CYCLE_DAYS: Final = (
    pl.when(pl.col("created_date") <= pl.col("close_date"))
    .then((pl.col("close_date") - pl.col("created_date")).dt.total_days())
    .otherwise(None)
)


# ---------------------------------------------------------------------------------------------
# Building blocks


def _lazy(deals: Deals) -> pl.LazyFrame:
    return deals.lazy() if isinstance(deals, pl.DataFrame) else deals


def _between(col: str, start: date | None, end: date | None) -> pl.Expr:
    """Start <= col <= end with None meaning unbounded; null dates are never in range."""
    expr = pl.col(col).is_not_null()
    if start is not None:
        expr = expr & (pl.col(col) >= start)
    if end is not None:
        expr = expr & (pl.col(col) <= end)
    return expr


def _closed_between(start: date | None, end: date | None) -> pl.Expr:
    return _IS_CLOSED & _between("close_date", start, end)


def _open_by(end: date | None) -> pl.Expr:
    """Open deals that already existed at the end of the range.

    The export is a snapshot: we know a deal is open now, not whether it was open on a past
    day, so "open" counts today's open deals created on or before `end` (or with no created
    date, since we cannot tell).
    """
    is_open = _OUTCOME == OPEN
    if end is None:
        return is_open
    return is_open & (pl.col("created_date").is_null() | (pl.col("created_date") <= end))


def _sort_keys(by: Sequence[str]) -> list[pl.Expr]:
    keys: list[pl.Expr] = []
    for col in by:
        order = _ORDERS.get(col)
        if order is not None:
            keys.append(
                pl.col(col).replace_strict(order, default=len(order), return_dtype=pl.Int32)
            )
        keys.append(pl.col(col))
    return keys


def _sorted(lf: pl.LazyFrame, by: Sequence[str]) -> pl.LazyFrame:
    return lf.sort(_sort_keys(by), nulls_last=True) if by else lf


def _outcome_counts(mask: pl.Expr | None = None, suffix: str = "") -> list[pl.Expr]:
    """won / lost / no_decision counts and won amount, optionally only where `mask` holds."""

    def where(condition: pl.Expr) -> pl.Expr:
        return condition if mask is None else condition & mask

    won = where(_OUTCOME == WON)
    return [
        won.sum().cast(pl.Int64).alias(f"won{suffix}"),
        where(_OUTCOME == LOST).sum().cast(pl.Int64).alias(f"lost{suffix}"),
        where(_OUTCOME == NO_DECISION).sum().cast(pl.Int64).alias(f"no_decision{suffix}"),
        pl.col("amount").filter(won).sum().alias(f"won_amount{suffix}"),
    ]


def _summary_query(
    deals: pl.LazyFrame,
    by: Sequence[str],
    start: date | None,
    end: date | None,
    denominator: Denominator | str,
    min_n: int,
    extra_aggs: Sequence[pl.Expr] = (),
) -> pl.LazyFrame:
    """The lazy query behind outcome_summary: one filter, one group_by, one with_columns."""
    d = Denominator(denominator)
    amount = pl.col("amount")
    won = _OUTCOME == WON
    rows = deals.filter(_closed_between(start, end) | _open_by(end))
    aggs = [
        *_outcome_counts(),
        (_OUTCOME == OPEN).sum().cast(pl.Int64).alias("open"),
        amount.filter(_OUTCOME == LOST).sum().alias("lost_amount"),
        amount.filter(_OUTCOME == NO_DECISION).sum().alias("no_decision_amount"),
        amount.filter(_outcome_in(d.outcomes)).sum().alias("_denominator_amount"),
        amount.filter(won).mean().alias("avg_deal_size"),
        _CYCLE_DAYS.filter(won).median().alias("median_cycle_days"),
        (_IS_CLOSED & amount.is_null()).sum().cast(pl.Int64).alias("amount_missing"),
        *extra_aggs,
    ]
    grouped = rows.group_by(list(by)).agg(aggs) if by else rows.select(aggs)
    extra = [e.meta.output_name() for e in extra_aggs]
    return _sorted(
        grouped.with_columns(
            *_rate_columns(d, min_n),
            _ratio(pl.col("won_amount"), pl.col("_denominator_amount")).alias("value_win_rate"),
        ).select(*by, *SUMMARY_COLUMNS, *extra),
        by,
    )


# ---------------------------------------------------------------------------------------------
# Summaries


def closed_in_range(deals: Deals, start: date | None, end: date | None) -> pl.LazyFrame:
    """Closed deals (won, lost, no decision) whose close date is in [start, end]; lazy."""
    return _lazy(deals).filter(_closed_between(start, end))


def outcome_summary(
    deals: Deals,
    by: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """One row per group (one overall row for by=None) with counts, rates and amounts.

    Closed deals count by close date in [start, end]; open deals are those open now whose
    created_date is on or before `end` (or unknown). Columns: the group columns, then
    SUMMARY_COLUMNS: n is the win-rate denominator; value_win_rate is won amount ÷ amount of the
    denominator deals with null amounts left out (amount_missing counts closed deals without an
    amount); no_decision_share_of_losses = nd ÷ (lost + nd) with its own bounds and n;
    avg_deal_size is the mean won amount; median_cycle_days is for won deals.
    """
    by = list(by or [])
    return _summary_query(_lazy(deals), by, start, end, denominator, min_n).collect()


def definition_text(denominator: Denominator | str = Denominator.CLOSED) -> str:
    """The full definition a report or caption states beside the numbers."""
    return (
        f"{Denominator(denominator).label}. Closed deals are counted by close date in the"
        " selected range; open deals are those still open that were created by the end of the"
        " range. Intervals are Wilson 95%. No decision ÷ losses = no decision ÷"
        f" (lost + no decision). Rates on fewer than {MIN_N} deals are marked small n."
    )


ReportBy = Literal["none", "profile", "rep", "quarter", "region"]
_REPORT_COLUMNS: Final = {"profile": "seller_profile", "rep": "rep", "region": "region"}


def _with_close_quarter(
    deals: pl.LazyFrame, start: date | None, end: date | None, fy_start_month: int
) -> pl.LazyFrame:
    """Deals with `_quarter_index`, the quarter of their close date, for grouping by quarter.

    Open deals are placed in the quarter of their expected close date and kept only when that
    date is in range, so each quarter's open count is the pipeline expected to close in it.
    """
    keep = (_OUTCOME != OPEN) | _between("close_date", start, end)
    return deals.filter(keep).with_columns(
        periods.quarter_index_expr("close_date", fy_start_month).alias("_quarter_index")
    )


def _quarter_summary(
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
    summary = _summary_query(lf, [*by, "_quarter_index"], start, end, denominator, min_n)
    return (
        summary.with_columns(
            periods.label_from_index_expr("_quarter_index", fy_start_month).alias("quarter")
        )
        .sort("_quarter_index", *_sort_keys(by), nulls_last=True)
        .select(*by, "quarter", *SUMMARY_COLUMNS)
    )


def report_rows(
    deals: Deals,
    by: ReportBy = "none",
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    fy_start_month: int = 1,
) -> list[dict[str, Any]]:
    """The rows of the command line's JSON report, one per group ("All" for by="none").

    Keys: group, closed, won, lost, no_decision, open, win_rate, win_rate_ci [lo, hi],
    no_decision_share_of_losses, won_amount; None where a rate is undefined. By quarter, open
    deals count in the quarter of their expected close date.
    """
    lf = _lazy(deals)
    if by == "quarter":
        frame = _quarter_summary(lf, [], start, end, fy_start_month, denominator, MIN_N).collect()
        group_col = "quarter"
    elif by == "none":
        frame = outcome_summary(lf, None, start, end, denominator).with_columns(
            pl.lit("All").alias("group")
        )
        group_col = "group"
    elif by in _REPORT_COLUMNS:
        group_col = _REPORT_COLUMNS[by]
        frame = outcome_summary(lf, [group_col], start, end, denominator)
    else:
        raise ValueError(f'Unknown grouping "{by}"; choose none, profile, rep, quarter or region.')
    return [
        {
            "group": row[group_col] if row[group_col] is not None else BLANK_GROUP,
            "closed": row["closed"],
            "won": row["won"],
            "lost": row["lost"],
            "no_decision": row["no_decision"],
            "open": row["open"],
            "win_rate": row["win_rate"],
            "win_rate_ci": [row["win_rate_lo"], row["win_rate_hi"]],
            "no_decision_share_of_losses": row["no_decision_share_of_losses"],
            "won_amount": float(row["won_amount"] or 0.0),
        }
        for row in frame.iter_rows(named=True)
    ]


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
    return _quarter_summary(
        _lazy(deals), list(by or []), start, end, fy_start_month, denominator, min_n
    ).collect()


# ---------------------------------------------------------------------------------------------
# Quarter-on-quarter and year-on-year


def _latest_close_date(deals: pl.LazyFrame) -> date | None:
    return deals.filter(_IS_CLOSED).select(pl.col("close_date").max()).collect().item()


def _resolve_quarter(
    deals: pl.LazyFrame, quarter: str | None, end: date | None, fy_start_month: int
) -> str | None:
    """The quarter label asked for, else the quarter of `end`, else of the latest close date."""
    if quarter is not None:
        return quarter
    day = end if end is not None else _latest_close_date(deals)
    return None if day is None else periods.quarter_label(day, fy_start_month)


_DELTA_METRICS: Final = ("win_rate", "no_decision_share_of_losses", "closed", "won_amount")


def deltas(
    deals: Deals,
    quarter: str | None = None,
    *,
    end: date | None = None,
    fy_start_month: int = 1,
    by: Sequence[str] | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """A quarter's metrics against the previous quarter (QoQ) and the same quarter last year (YoY).

    The quarter is `quarter` (a label), else the one containing `end`, else the one of the
    latest close date. Columns: by columns, quarter, previous_quarter, last_year_quarter; for
    each of win_rate, no_decision_share_of_losses, closed, won_amount: the value, _previous,
    _last_year, _qoq and _yoy (differences; rates in fractions, so 0.05 is five points); n,
    n_previous, n_last_year and small_n, small_n_previous, small_n_last_year (the win rate's);
    no_decision_share_of_losses_n, _previous and _last_year (lost + no decision, the no-decision
    share's own n).
    """
    lf = _lazy(deals)
    by = list(by or [])
    d = Denominator(denominator)
    label = _resolve_quarter(lf, quarter, end, fy_start_month)
    if label is None:  # no closed deals at all: one empty comparison
        label = periods.quarter_label(date.today(), fy_start_month)
    windows = {
        "": label,
        "_previous": periods.previous_quarter(label),
        "_last_year": periods.same_quarter_last_year(label),
    }
    # Date bounds, not a per-row quarter: comparing dates is far cheaper than deriving quarters.
    masks = {
        suffix: _closed_between(*periods.quarter_bounds(q, fy_start_month))
        for suffix, q in windows.items()
    }
    rows = lf.filter(pl.any_horizontal(*masks.values()))
    aggs = [e for suffix, mask in masks.items() for e in _outcome_counts(mask, suffix)]
    grouped = rows.group_by(by).agg(aggs) if by else rows.select(aggs)
    rates = [e for s in windows for e in _rate_columns(d, min_n, s)]
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
    columns += [f"{m}{s}" for m in ("n", "small_n") for s in windows]
    # The no-decision share's own n (lost + no decision) per window: its change is gated on it.
    columns += [f"no_decision_share_of_losses_n{s}" for s in windows]
    columns += [f"no_decision_small_n{s}" for s in windows]
    query = grouped.with_columns(rates).with_columns(*changes, *labels)
    query = query.select(*by, "quarter", "previous_quarter", "last_year_quarter", *columns)
    return _sorted(query, by).collect()


def cycle_days_by_outcome(
    deals: Deals, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Days from created to close per closed outcome, closed in [start, end].

    Columns: outcome, deals (with a usable cycle), median_days, mean_days, p25_days, p75_days,
    left_out (closed deals without a created date, or created after their close date). Always
    three rows in the order won, lost, no_decision.
    """
    cycle = _CYCLE_DAYS
    stats = (
        closed_in_range(deals, start, end)
        .group_by("outcome")
        .agg(
            cycle.count().cast(pl.Int64).alias("deals"),
            cycle.median().alias("median_days"),
            cycle.mean().alias("mean_days"),
            cycle.quantile(0.25, "linear").alias("p25_days"),
            cycle.quantile(0.75, "linear").alias("p75_days"),
            cycle.null_count().cast(pl.Int64).alias("left_out"),
        )
    )
    return (
        pl.LazyFrame({"outcome": list(CLOSED_OUTCOMES)})
        .join(stats, on="outcome", how="left", maintain_order="left")
        .with_columns(pl.col("deals", "left_out").fill_null(0))
        .collect()
    )


@dataclass(frozen=True)
class Bands:
    """Win rates by deal-complexity tercile, with the cut points a caption needs."""

    basis: str
    labels: tuple[str, str, str]
    cuts: tuple[float | None, float | None]
    table: pl.DataFrame
    """The group columns, band, then SUMMARY_COLUMNS."""
    left_out: int
    """Closed deals in range without the value banded on (no amount, or no usable cycle)."""
    cuts_from: str | None = None
    """Whose terciles the cuts are when they were given (None: the closed deals in range)."""

    @property
    def caption(self) -> str:
        """The cut points in words, amounts in the default currency (`described`)."""
        return self.described()

    def described(self, currency: str | None = None) -> str:
        """E.g. "Small = up to $40.0k, Medium = $40.0k–$120.0k, Large = over $120.0k (terciles of ...)":
        amounts as text.money writes them in `currency` (ISO 4217), cycle lengths in days."""
        lo, hi = self.cuts
        if lo is None or hi is None:
            return "No closed deals in range to band."
        if self.basis == "amount":
            low_text, high_text = money(lo, currency), money(hi, currency)
            unit = ""
        else:
            low_text, high_text, unit = _compact(lo), _compact(hi), " days"
        low, middle, high = self.labels
        what = "amount" if self.basis == "amount" else "days from created to close"
        whose = self.cuts_from or "the closed deals in range"
        return (
            f"{low} = up to {low_text}{unit}, {middle} = {low_text}–{high_text}{unit},"
            f" {high} = over {high_text}{unit} (terciles of {what} of {whose})"
        )


def _compact(value: float) -> str:
    """120000 -> "120k", 1500 -> "1.5k", 2400000 -> "2.4M", 45 -> "45"."""
    rounded = float(f"{value:.3g}")
    for divisor, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(rounded) >= divisor:
            return f"{rounded / divisor:.3g}{suffix}"
    return f"{rounded:.3g}"


def complexity_bands(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    basis: Literal["amount", "cycle"] = "amount",
    by: Sequence[str] | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    cuts: tuple[float, float] | None = None,
    cuts_from: str = "all closed deals",
) -> Bands:
    """Terciles of amount (Small/Medium/Large) or cycle days (Short/Medium/Long).

    Cut points are the 1/3 and 2/3 quantiles (linear) of the closed deals in range; a deal at or
    below the first cut is in the low band, at or below the second in the middle one. By amount,
    open deals are banded too (their open count); by cycle only closed deals have a cycle.
    `cuts` (lo, hi) replaces the computed cut points (e.g. the sidebar's all-time deal-size
    bands, so "Large" means the same everywhere); `cuts_from` then says, in the caption, of which
    deals they are the terciles.
    """
    if basis not in BAND_LABELS:
        raise ValueError(f'Unknown basis "{basis}"; choose amount or cycle.')
    by = list(by or [])
    labels = BAND_LABELS[basis]
    value = pl.col("amount") if basis == "amount" else pl.when(_IS_CLOSED).then(_CYCLE_DAYS)
    in_range = _closed_between(start, end)
    # Only the rows outcome_summary counts, so the value and band are derived for those alone.
    lf = (
        _lazy(deals)
        .filter(in_range | _open_by(end))
        .with_columns(value.cast(pl.Float64).alias("_value"))
    )
    v = pl.col("_value")
    given = cuts
    # Cuts first, then banding against two literals: cheaper than broadcasting the quantiles.
    cuts = (
        lf.filter(in_range)
        .select(
            v.quantile(1 / 3, "linear").alias("lo"),
            v.quantile(2 / 3, "linear").alias("hi"),
            v.null_count().alias("left_out"),
        )
        .collect()
        .row(0, named=True)
    )
    lo, hi = (cuts["lo"], cuts["hi"]) if given is None else given
    if lo is None or hi is None:  # nothing to band: every band is empty
        band = pl.lit(None, dtype=pl.String)
    else:
        band = (
            pl.when(v <= lo)
            .then(pl.lit(labels[0]))
            .when(v <= hi)
            .then(pl.lit(labels[1]))
            .when(v.is_not_null())
            .then(pl.lit(labels[2]))
        )
    banded = lf.with_columns(band.alias("band"))
    table = _summary_query(banded, [*by, "band"], start, end, denominator, min_n).collect()
    return Bands(
        basis=basis,
        labels=labels,
        cuts=(lo, hi),
        table=table.filter(pl.col("band").is_not_null()),
        left_out=int(cuts["left_out"]),
        cuts_from=None if given is None else cuts_from,
    )


def win_rate_by_profile_and_band(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    basis: Literal["amount", "cycle"] = "amount",
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    cuts: tuple[float, float] | None = None,
    cuts_from: str = "all closed deals",
) -> Bands:
    """complexity_bands by seller_profile: does a profile win more of the large deals?"""
    return complexity_bands(deals, start, end, basis, ["seller_profile"], denominator, min_n, cuts, cuts_from)


# ---------------------------------------------------------------------------------------------
# Profiles


@dataclass(frozen=True)
class TopPerformerMix:
    """The profile mix of the top reps by win rate next to the mix of all ranked reps."""

    table: pl.DataFrame
    """seller_profile, top_count, top_share, all_count, all_share, study_all_share,
    study_top_share: one row per profile (Unprofiled last, no study share)."""
    ranked_reps: int
    top_reps: int
    left_out_reps: int
    """Reps with at least one closed deal but fewer than min_n, so not ranked."""
    cutoff_win_rate: float | None
    """The lowest win rate among the top reps."""


def _rep_counts(
    deals: Deals, start: date | None, end: date | None, denominator: Denominator
) -> pl.LazyFrame:
    """Per rep: seller_profile, won, n (the denominator count) for closed deals in range."""
    return (
        closed_in_range(deals, start, end)
        .group_by("rep")
        .agg(
            pl.col("seller_profile").first(),
            (_OUTCOME == WON).sum().cast(pl.Int64).alias("won"),
            _outcome_in(denominator.outcomes).sum().cast(pl.Int64).alias("n"),
        )
        .filter(pl.col("n") > 0)
    )


def top_performer_mix(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    min_n: int = MIN_N,
    top_share: float = 0.2,
    denominator: Denominator | str = Denominator.CLOSED,
) -> TopPerformerMix:
    """The study's comparison on the user's data: who are the top fifth of reps by win rate?

    Reps with at least min_n deals in the denominator are ranked by win rate (ties: more deals
    first, then name); the top ceil(top_share × ranked) are the top performers.
    """
    d = Denominator(denominator)
    reps = _rep_counts(deals, start, end, d).collect()
    ranked = reps.filter(pl.col("n") >= min_n).with_columns(
        (pl.col("won") / pl.col("n")).alias("win_rate")
    )
    ranked = ranked.sort(["win_rate", "n", "rep"], descending=[True, True, False])
    # round() first: 0.28 × 25 is 7.000000000000001 in floating point, which ceil makes 8.
    top_count = math.ceil(round(top_share * ranked.height, 9)) if ranked.height else 0
    top = ranked.head(top_count)

    def mix(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by("seller_profile").agg(pl.len().cast(pl.Int64).alias(name))

    table = (
        pl.DataFrame({"seller_profile": list(PROFILES_WITH_UNPROFILED)})
        .join(mix(top, "top_count"), on="seller_profile", how="left")
        .join(mix(ranked, "all_count"), on="seller_profile", how="left")
        .with_columns(pl.col("top_count", "all_count").fill_null(0))
        .with_columns(
            _ratio(pl.col("top_count"), pl.lit(top.height)).alias("top_share"),
            _ratio(pl.col("all_count"), pl.lit(ranked.height)).alias("all_share"),
            pl.col("seller_profile")
            .replace_strict(STUDY_MIX_ALL, default=None, return_dtype=pl.Float64)
            .alias("study_all_share"),
            pl.col("seller_profile")
            .replace_strict(STUDY_MIX_STARS, default=None, return_dtype=pl.Float64)
            .alias("study_top_share"),
        )
        .select(
            "seller_profile",
            "top_count",
            "top_share",
            "all_count",
            "all_share",
            "study_all_share",
            "study_top_share",
        )
    )
    return TopPerformerMix(
        table=table,
        ranked_reps=ranked.height,
        top_reps=top.height,
        left_out_reps=reps.height - ranked.height,
        cutoff_win_rate=top["win_rate"].min() if top.height else None,
    )


NOTHING_TO_COMPARE = "no other profile to compare with"


def significance_words(p_value: float | None, n: int, rest_n: int, min_n: int = MIN_N) -> str:
    """The verdict in words: "likely real" (p < 0.05), "could be chance", "n too small", or, for the
    only group with deals (every deal Unprofiled, say), "no other profile to compare with"."""
    if rest_n == 0:
        return NOTHING_TO_COMPARE
    if p_value is None or n < min_n or rest_n < min_n:
        return "n too small"
    return "likely real" if p_value < 0.05 else "could be chance"


def profile_significance(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """Each profile's win rate against all other profiles' deals together (two-proportion z).

    Columns: seller_profile, won, n, win_rate, rest_won, rest_n, rest_win_rate, difference, z,
    p_value, verdict ("likely real" / "could be chance" / "n too small" / "no other profile to compare with").
    """
    d = Denominator(denominator)
    counts = (
        closed_in_range(deals, start, end)
        .filter(_outcome_in(d.outcomes))
        .group_by("seller_profile")
        .agg(
            (_OUTCOME == WON).sum().cast(pl.Int64).alias("won"),
            pl.len().cast(pl.Int64).alias("n"),
        )
        .with_columns(
            (pl.col("won").sum() - pl.col("won")).alias("rest_won"),
            (pl.col("n").sum() - pl.col("n")).alias("rest_n"),
        )
    )
    frame = _sorted(counts, ["seller_profile"]).collect()
    # At most six rows: plain Python keeps the test readable and needs no scipy.
    rows = []
    for row in frame.iter_rows(named=True):
        z, p = two_proportion_z_test(row["won"], row["n"], row["rest_won"], row["rest_n"])
        rate = row["won"] / row["n"]
        rest = row["rest_won"] / row["rest_n"] if row["rest_n"] else None
        rows.append(
            {
                **row,
                "win_rate": rate,
                "rest_win_rate": rest,
                "difference": None if rest is None else rate - rest,
                "z": z,
                "p_value": p,
                "verdict": significance_words(p, row["n"], row["rest_n"], min_n),
            }
        )
    schema = {
        "seller_profile": pl.String,
        "won": pl.Int64,
        "n": pl.Int64,
        "win_rate": pl.Float64,
        "rest_won": pl.Int64,
        "rest_n": pl.Int64,
        "rest_win_rate": pl.Float64,
        "difference": pl.Float64,
        "z": pl.Float64,
        "p_value": pl.Float64,
        "verdict": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


# ---------------------------------------------------------------------------------------------
# Open pipeline, losses


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def _days_text(days: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        days.cast(pl.String), pl.when(days == 1).then(pl.lit(" day")).otherwise(pl.lit(" days"))
    )


def at_risk_open_deals(
    deals: Deals, today: date, percentile: float = 0.8, limit: int | None = None
) -> pl.DataFrame:
    """Open deals open longer than won deals usually take, or past their expected close date.

    "Longer" is more days since created than the `percentile` of all won deals' created-to-close
    days (nearest observed value, over all won deals, not only the selected range). Columns:
    opportunity_id, rep, seller_profile, account, amount, stage, created_date, close_date,
    days_open, reason; largest amount first, the first `limit` rows only if given.
    """
    won_cycle = _CYCLE_DAYS.filter(_OUTCOME == WON).quantile(percentile, "nearest")
    days_open = (pl.lit(today) - pl.col("created_date")).dt.total_days()
    days_late = (pl.lit(today) - pl.col("close_date")).dt.total_days()
    too_long = (pl.col("days_open") > pl.col("_threshold")).fill_null(False)
    too_late = (pl.col("_days_late") > 0).fill_null(False)
    percentile_text = _ordinal(round(percentile * 100))
    reason = pl.concat_str(
        pl.when(too_long).then(
            pl.concat_str(
                pl.lit("Open "),
                _days_text(pl.col("days_open")),
                pl.lit(" (won deals close within "),
                _days_text(pl.col("_threshold").cast(pl.Int64)),  # a number of days says "days"
                pl.lit(f" at the {percentile_text} percentile)"),
            )
        ),
        pl.when(too_late).then(
            pl.concat_str(
                pl.lit("Expected close date passed "), _days_text(pl.col("_days_late")), pl.lit(" ago")
            )
        ),
        separator="; ",
        ignore_nulls=True,
    )
    lf = _lazy(deals)
    threshold = lf.select(won_cycle.alias("_threshold"))
    columns = [
        "opportunity_id",
        "rep",
        "seller_profile",
        "account",
        "amount",
        "stage",
        "created_date",
        "close_date",
        "days_open",
    ]
    # A one-row cross join carries the threshold to the open deals only, and the reasons are
    # written last, so with a limit only the rows shown are formatted.
    at_risk = (
        lf.filter(_OUTCOME == OPEN)
        .join(threshold, how="cross")
        .with_columns(days_open.alias("days_open"), days_late.alias("_days_late"))
        .filter(too_long | too_late)
        .sort(["amount", "days_open"], descending=True, nulls_last=True)
    )
    if limit is not None:
        at_risk = at_risk.head(limit)
    return at_risk.select(*columns, reason.alias("reason")).collect()


def loss_reasons(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    by: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Lost and no-decision deals closed in range by their raw reason, most frequent first.

    Columns: by columns, loss_reason ("(no reason given)" for blanks), outcome (what the reason
    was mapped to: lost or no_decision), deals, share (of the group's lost + no-decision deals),
    amount.
    """
    by = list(by or [])
    grouped = (
        closed_in_range(deals, start, end)
        .filter(_OUTCOME != WON)
        .with_columns(pl.col("loss_reason").fill_null(NO_REASON))
        .group_by([*by, "loss_reason", "outcome"])
        .agg(pl.len().cast(pl.Int64).alias("deals"), pl.col("amount").sum())
    )
    total = pl.col("deals").sum().over(by) if by else pl.col("deals").sum()
    return (
        grouped.with_columns((pl.col("deals") / total).alias("share"))
        .sort(
            [*_sort_keys(by), pl.col("deals"), pl.col("loss_reason")],
            descending=[False] * len(_sort_keys(by)) + [True, False],
            nulls_last=True,
        )
        .select(*by, "loss_reason", "outcome", "deals", "share", "amount")
        .collect()
    )


# ---------------------------------------------------------------------------------------------
# Reps


def rep_leaderboard(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    fy_start_month: int = 1,
    min_n: int = MIN_N,
    quarter: str | None = None,
) -> pl.DataFrame:
    """One row per rep with a closed deal in range, plus the QoQ change for the quarter of `end`.

    Columns: rep, seller_profile, team, manager, closed, won, n, win_rate, win_rate_lo,
    win_rate_hi, small_n, no_decision_share_of_losses, won_amount, quarter, quarter_win_rate,
    quarter_n, previous_quarter_win_rate, previous_quarter_n, win_rate_qoq,
    no_decision_share_of_losses_n (lost + no decision in range: the no-decision share's n). The
    quarter is `quarter` (a label) when given, else the one containing `end` (or the latest close
    date). Sorted with reps of enough deals first, then by win rate, highest first: a rep with
    one win in one deal does not top the board.
    """
    lf = _lazy(deals)
    d = Denominator(denominator)
    label = _resolve_quarter(lf, quarter, end, fy_start_month)
    in_range = _closed_between(start, end)
    if label is None:
        this_q = previous_q = pl.lit(False)
    else:
        this_q = _closed_between(*periods.quarter_bounds(label, fy_start_month))
        previous_q = _closed_between(
            *periods.quarter_bounds(periods.previous_quarter(label), fy_start_month)
        )
    # One pass: the range and the two quarters are masks over the same rows.
    rows = lf.filter((in_range | this_q | previous_q).fill_null(False))
    grouped = rows.group_by("rep").agg(
        pl.col("seller_profile").first(),
        pl.col("team").drop_nulls().first(),
        pl.col("manager").drop_nulls().first(),
        *_outcome_counts(in_range),
        *_outcome_counts(this_q, "_q"),
        *_outcome_counts(previous_q, "_pq"),
    )
    return (
        grouped.with_columns(*_rate_columns(d, min_n), *_rate_columns(d, min_n, "_q"))
        .with_columns(*_rate_columns(d, min_n, "_pq"))
        .filter(pl.col("closed") > 0)
        .with_columns(
            pl.lit(label, dtype=pl.String).alias("quarter"),
            pl.col("win_rate_q").alias("quarter_win_rate"),
            pl.col("n_q").alias("quarter_n"),
            pl.col("win_rate_pq").alias("previous_quarter_win_rate"),
            pl.col("n_pq").alias("previous_quarter_n"),
            (pl.col("win_rate_q") - pl.col("win_rate_pq")).alias("win_rate_qoq"),
        )
        .sort(
            ["small_n", "win_rate", "n", "rep"],
            descending=[False, True, True, False],
            nulls_last=True,
        )
        .select(
            "rep",
            "seller_profile",
            "team",
            "manager",
            "closed",
            "won",
            "n",
            "win_rate",
            "win_rate_lo",
            "win_rate_hi",
            "small_n",
            "no_decision_share_of_losses",
            "won_amount",
            "quarter",
            "quarter_win_rate",
            "quarter_n",
            "previous_quarter_win_rate",
            "previous_quarter_n",
            "win_rate_qoq",
            "no_decision_share_of_losses_n",
        )
        .collect()
    )


SCORECARD_ROWS: Final = ("rep", "profile_peers", "team")


def rep_scorecard(
    deals: Deals,
    rep: str,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """The rep's numbers next to their profile peers' and their team's.

    Three rows, comparison = "rep", "profile_peers" (other reps of the same profile, their deals
    together) and "team" (every rep of the rep's team including them, deals together, so larger
    books weigh more). Columns: comparison, who (rep name, "Other Challengers", team name),
    reps (distinct reps behind the row), then SUMMARY_COLUMNS. A comparison without deals (no
    peers, no team) has zero counts and null rates.
    """
    lf = _lazy(deals)
    me = pl.col("rep") == rep
    # Broadcast the rep's own profile and team to every row, then pick the three groups.
    base = lf.with_columns(
        pl.col("seller_profile").filter(me).first().alias("_profile"),
        pl.col("team").filter(me).drop_nulls().first().alias("_team"),
    )
    parts = [
        base.filter(me).with_columns(pl.lit("rep").alias("comparison")),
        base.filter(~me & (pl.col("seller_profile") == pl.col("_profile"))).with_columns(
            pl.lit("profile_peers").alias("comparison")
        ),
        base.filter(pl.col("team") == pl.col("_team")).with_columns(
            pl.lit("team").alias("comparison")
        ),
    ]
    extra = [pl.col("rep").n_unique().cast(pl.Int64).alias("reps")]
    summary = _summary_query(
        pl.concat(parts), ["comparison"], start, end, denominator, min_n, extra
    )
    who = base.select(pl.col("_profile").first(), pl.col("_team").first())
    summary_frame, who_frame = pl.collect_all([summary, who])
    profile, team = who_frame.row(0) if who_frame.height else (None, None)
    names = {
        "rep": rep,
        "profile_peers": f"Other {profile} reps" if profile else "Profile peers",
        "team": team if team else "No team",
    }
    frame = (
        pl.DataFrame({"comparison": list(SCORECARD_ROWS)})
        .join(summary_frame, on="comparison", how="left", maintain_order="left")
        .with_columns(
            pl.col("comparison").replace_strict(names, return_dtype=pl.String).alias("who"),
            pl.col(
                "closed", "won", "lost", "no_decision", "open", "n", "reps", "amount_missing",
                "no_decision_share_of_losses_n",
            ).fill_null(0),
            pl.col("won_amount", "lost_amount", "no_decision_amount").fill_null(0.0),
        )
        .with_columns((pl.col("n") < min_n).alias("small_n"))
    )
    return frame.select("comparison", "who", "reps", *SUMMARY_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Drill-down and chart selections


def deals_behind(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    *,
    outcome: str | Sequence[str] | None = None,
    quarter: str | None = None,
    fy_start_month: int = 1,
    **filters: Any,
) -> pl.DataFrame:
    """The deals behind a number, for a drill-down table, latest close first.

    outcome: None gives what outcome_summary counts (closed in range + open by `end`); "closed",
    one outcome, or a list of outcomes (e.g. Denominator.outcomes for a win rate). quarter: a
    close-date quarter label. Every other keyword is a column = value (a list means any of);
    a None value means "no filter", so an unset widget can be passed straight through.
    """
    lf = _lazy(deals)
    columns = lf.collect_schema().names()
    closed_rows = _closed_between(start, end)
    if outcome is None:
        condition = closed_rows | _open_by(end)
    else:
        wanted = (outcome,) if isinstance(outcome, str) else tuple(outcome)
        if "closed" in wanted:
            wanted = (*wanted, *CLOSED_OUTCOMES)
        closed_wanted = [o for o in wanted if o in CLOSED_OUTCOMES]
        condition = closed_rows & _outcome_in(closed_wanted)
        if OPEN in wanted:
            condition = condition | _open_by(end)
    if quarter is not None:
        condition = condition & _between(
            "close_date", *periods.quarter_bounds(quarter, fy_start_month)
        )
    for column, value in filters.items():
        if value is None:
            continue
        if column not in columns:
            raise ValueError(f'There is no column "{column}" to filter the deals on.')
        if isinstance(value, (list, tuple, set, frozenset)):
            condition = condition & pl.col(column).is_in(list(value))
        else:
            condition = condition & (pl.col(column) == value)
    return (
        lf.filter(condition.fill_null(False))
        .sort(["close_date", "amount"], descending=True, nulls_last=True)
        .collect()
    )


def _points(selection: Any) -> list[Mapping[str, Any]]:
    """The list of points, given the points or a whole event / selection mapping."""
    if selection is None:
        return []
    if isinstance(selection, Mapping):
        if "selection" in selection:
            return _points(selection["selection"])
        return list(selection.get("points", []))
    return list(selection)


def _customdata(point: Mapping[str, Any], index: int) -> Any:
    """customdata[index] of a point (a lone value counts as index 0), or None."""
    custom = point.get("customdata")
    if isinstance(custom, (list, tuple)):
        return custom[index] if len(custom) > index else None
    return custom if index == 0 else None


def _axis_values(point: Mapping[str, Any]) -> list[Any]:
    return [point.get(key) for key in ("label", "legendgroup", "x", "y")]


def selected_rep(selection_points: Any, customdata_index: int = 0) -> str | None:
    """The rep chosen in a Plotly selection (st.plotly_chart(on_select="rerun")), or None.

    Charts put the rep in customdata[customdata_index], which is then the only place looked at;
    a point without customdata gives the first text among label, x and y (a bar of reps).
    Several points of the same rep give that rep; points of different reps give None, as no
    single rep was chosen.
    """
    reps = set()
    for point in _points(selection_points):
        if point.get("customdata") is not None:
            candidates = [_customdata(point, customdata_index)]
        else:
            candidates = [point.get(key) for key in ("label", "x", "y")]
        rep = next((v for v in candidates if isinstance(v, str) and v.strip()), None)
        if rep is not None:
            reps.add(rep)
    return reps.pop() if len(reps) == 1 else None


def selected_profile(selection_points: Any, customdata_index: int = 0) -> str | None:
    """The seller profile chosen in a Plotly selection, or None (as selected_rep).

    Only a value that names a profile counts, so customdata, label, legend group (a bar
    coloured by profile), x and y are all tried in that order.
    """
    profiles = set()
    for point in _points(selection_points):
        candidates = [_customdata(point, customdata_index), *_axis_values(point)]
        for value in candidates:
            profile = canonical_profile(value) if isinstance(value, str) else None
            if profile is not None:
                profiles.add(profile)
                break
    return profiles.pop() if len(profiles) == 1 else None


__all__ = [
    "BAND_LABELS",
    "BLANK_GROUP",
    "NO_REASON",
    "SCORECARD_ROWS",
    "STUDY_MIX_ALL",
    "STUDY_MIX_STARS",
    "Bands",
    "Denominator",
    "MIN_N",
    "SUMMARY_COLUMNS",
    "TopPerformerMix",
    "at_risk_open_deals",
    "closed_in_range",
    "complexity_bands",
    "cycle_days_by_outcome",
    "deals_behind",
    "definition_text",
    "deltas",
    "loss_reasons",
    "normal_cdf",
    "outcome_summary",
    "profile_significance",
    "quarterly_trend",
    "rep_leaderboard",
    "rep_scorecard",
    "report_rows",
    "selected_profile",
    "selected_rep",
    "significance_words",
    "top_performer_mix",
    "two_proportion_z_test",
    "wilson_exprs",
    "wilson_interval",
    "win_rate_by_profile_and_band",
]
