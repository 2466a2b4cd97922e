"""Everything each analysis page measures, as plain functions of the deals, cached per view.

The `*_numbers` functions are pure (Polars in, frames out), so the benchmark times exactly what
a page computes. The cached wrappers below them take only the view's hashable cache key (store
version + filter state) and read the deals from the view: the million-row frame is never hashed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from winloss import metrics, periods
from winloss.charts import closed_counts, summary_by
from winloss.filters import Filters, size_cut_points
from winloss.metrics import Bands, Denominator, TopPerformerMix

AT_RISK_ROWS = 500  # the largest at-risk deals listed; the rest are counted, not shown
_GRAIN = ["rep", "seller_profile", "region", "segment"]
_PROFILE_ORDER = ["seller_profile"]


def _denominator(filters: Filters) -> Denominator:
    return Denominator(filters.denominator)


def _profile_sorted(frame: pl.DataFrame) -> pl.DataFrame:
    from data_models.vocabulary import PROFILES_WITH_UNPROFILED

    order = {p: i for i, p in enumerate(PROFILES_WITH_UNPROFILED)}
    return frame.sort(pl.col("seller_profile").replace_strict(order, default=len(order), return_dtype=pl.Int32))


# ---- Quarter-on-quarter ----------------------------------------------------------------------
def compared_quarter(deals: pl.LazyFrame, start: dt.date, end: dt.date, fy_start_month: int) -> str | None:
    """The last quarter inside [start, end] with a closed deal: the quarter the tiles' changes are of.

    Not the quarter of `end`: "This quarter" on data that ends with the last one would compare
    an empty quarter with a full one.
    """
    last = metrics.closed_in_range(deals, start, end).select(pl.col("close_date").max()).collect().item()
    return None if last is None else periods.quarter_label(last, fy_start_month)


def versus_text(quarter: str, previous: str) -> str:
    """ "2026 Q3 vs Q2", or "2026 Q1 vs 2025 Q4" across a year: what a change compares."""
    year, _, short = previous.partition(" ")
    return f"{quarter} vs {short if quarter.startswith(year + ' ') else previous}"


def short_versus(quarter: str, previous: str) -> str:
    """ "Q3 vs Q2" (the years left out): the prefix of a change on a tile."""
    return f"{quarter.partition(' ')[2] or quarter} vs {previous.partition(' ')[2] or previous}"


# ---- Overview ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    summary: pl.DataFrame  # outcome_summary, one row
    trend: pl.DataFrame  # quarterly_trend
    change: pl.DataFrame  # deltas of the last quarter in range with closed deals, one row
    value_n: int  # closed deals in the win rate's denominator with an amount: the value-weighted rate's n


def _closed_by(deals: pl.LazyFrame, end: dt.date) -> pl.LazyFrame:
    """Deals that closed by `end` (quarter-on-quarter changes stop where the range does)."""
    return deals.filter(pl.col("close_date") <= end)


def overview_numbers(deals: pl.LazyFrame, start: dt.date, end: dt.date, filters: Filters) -> Overview:
    d = _denominator(filters)
    fy = filters.fy_start_month
    quarter = compared_quarter(deals, start, end, fy)
    value_n = (
        metrics.closed_in_range(deals, start, end)
        .filter(pl.col("outcome").is_in(list(d.outcomes)), pl.col("amount").is_not_null())
        .select(pl.len())
        .collect()
        .item()
    )
    return Overview(
        summary=metrics.outcome_summary(deals, None, start, end, d),
        trend=metrics.quarterly_trend(deals, start, end, fy, denominator=d),
        # Cut at the range's end, as the trend is: a range ending mid-quarter compares what it holds.
        change=metrics.deltas(_closed_by(deals, end), quarter, end=end, fy_start_month=fy, denominator=d),
        value_n=int(value_n),
    )


# ---- Seller profiles --------------------------------------------------------------------------
@dataclass(frozen=True)
class Profiles:
    overall: pl.DataFrame  # one row: all deals together
    by_profile: pl.DataFrame  # counts and rates by seller_profile (summary_by)
    mix: TopPerformerMix
    significance: pl.DataFrame


def profiles_numbers(deals: pl.LazyFrame, start: dt.date, end: dt.date, filters: Filters) -> Profiles:
    d = _denominator(filters)
    # Counts and rates only (the page shows no medians or means): a third of outcome_summary's time.
    by_profile = _profile_sorted(summary_by(closed_counts(deals, _PROFILE_ORDER, start, end), _PROFILE_ORDER,
                                            d.outcomes))
    return Profiles(
        overall=summary_by(by_profile, [], d.outcomes),
        by_profile=by_profile,
        mix=metrics.top_performer_mix(deals, start, end, denominator=d),
        significance=metrics.profile_significance(deals, start, end, d),
    )


SIZE_CUTS_FROM = "all closed deals, all time: the sidebar's Deal size bands"


def bands_numbers(
    deals: pl.LazyFrame, start: dt.date, end: dt.date, filters: Filters, basis: str,
    size_cuts: tuple[float, float] | None = None,
) -> Bands:
    """Win rate by profile and complexity band.

    By amount the bands are the sidebar's Small / Medium / Large (`size_cuts`, all-time terciles),
    so "Large" means the same in the filter and the chart; by cycle length, terciles in range.
    """
    return metrics.win_rate_by_profile_and_band(
        deals, start, end, basis, _denominator(filters),  # type: ignore[arg-type]
        cuts=size_cuts if basis == "amount" else None, cuts_from=SIZE_CUTS_FROM,
    )


# ---- No decision ------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoDecision:
    overall: pl.DataFrame
    trend: pl.DataFrame  # quarters in range, and the one before when the range starts on a quarter
    by_profile: pl.DataFrame
    by_region: pl.DataFrame
    by_segment: pl.DataFrame
    by_rep: pl.DataFrame  # rep, seller_profile, ...: most no decision first, small n last
    reasons: pl.DataFrame
    cycle: pl.DataFrame
    at_risk: pl.DataFrame  # every at-risk open deal, largest first (the page lists AT_RISK_ROWS)
    at_risk_count: int
    quarter: str | None  # the last quarter in range with closed deals: the tiles' changes are of it


def trend_start(start: dt.date, fy_start_month: int) -> dt.date:
    """The start of the quarter before `start` when `start` opens a quarter, so the first quarter
    in range has its change; else `start` (a quarter cut in two is not compared)."""
    quarter_start = periods.quarter_bounds(periods.quarter_label(start, fy_start_month), fy_start_month)[0]
    if quarter_start != start:
        return start
    return periods.quarter_bounds(periods.previous_quarter(periods.quarter_label(start, fy_start_month)),
                                  fy_start_month)[0]


def no_decision_numbers(
    deals: pl.LazyFrame, start: dt.date, end: dt.date, filters: Filters, today: dt.date
) -> NoDecision:
    d = _denominator(filters)
    fy = filters.fy_start_month
    # One pass at the finest grain, quarter included (from the quarter before the range, for the
    # change): the trend and every breakdown below are sums over a few thousand rows.
    quarter = periods.quarter_index_expr("close_date", fy).alias("_quarter")
    grain = closed_counts(deals, [*_GRAIN, quarter], trend_start(start, fy), end)
    in_range = grain.filter(pl.col("_quarter") >= periods.quarter_index(periods.quarter_label(start, fy)))
    trend = (
        summary_by(grain, ["_quarter"], d.outcomes)
        .filter(pl.col("_quarter").is_not_null())
        .sort("_quarter")
        .with_columns(periods.label_from_index_expr("_quarter", fy).alias("quarter"))
    )
    by_rep = (
        summary_by(in_range, ["rep", "seller_profile"], d.outcomes)
        .filter(pl.col("closed") > 0)
        .with_columns((pl.col("no_decision_share_of_losses_n") < metrics.MIN_N).alias("_small"))
        .sort(["_small", "no_decision_share_of_losses", "no_decision"], descending=[False, True, True], nulls_last=True)
        .drop("_small")
    )
    at_risk = metrics.at_risk_open_deals(deals, today)
    return NoDecision(
        overall=summary_by(in_range, [], d.outcomes),
        trend=trend,
        by_profile=_profile_sorted(summary_by(in_range, ["seller_profile"], d.outcomes)),
        by_region=summary_by(in_range, ["region"], d.outcomes).sort("region", nulls_last=True),
        by_segment=summary_by(in_range, ["segment"], d.outcomes).sort("segment", nulls_last=True),
        by_rep=by_rep,
        reasons=metrics.loss_reasons(deals, start, end),
        cycle=metrics.cycle_days_by_outcome(deals, start, end),
        at_risk=at_risk,
        at_risk_count=at_risk.height,
        quarter=compared_quarter(deals, start, end, fy),
    )


# ---- Reps -------------------------------------------------------------------------------------
def leaderboard(deals: pl.LazyFrame, start: dt.date, end: dt.date, filters: Filters) -> pl.DataFrame:
    """rep_leaderboard plus the no-decision share's change on the previous quarter."""
    d = _denominator(filters)
    fy = filters.fy_start_month
    quarter = compared_quarter(deals, start, end, fy)
    board = metrics.rep_leaderboard(deals, start, end, d, fy, quarter=quarter)
    change = metrics.deltas(_closed_by(deals, end), quarter, end=end, fy_start_month=fy, by=["rep"], denominator=d)
    losses_n = pl.col("no_decision_share_of_losses_n")
    return board.join(
        change.select(
            "rep",
            "no_decision_share_of_losses_qoq",
            (pl.col("small_n") | pl.col("small_n_previous")).alias("qoq_small_n"),
            # The no-decision share's change is on losses (lost + no decision) in both quarters.
            ((losses_n < metrics.MIN_N) | (pl.col("no_decision_share_of_losses_n_previous") < metrics.MIN_N))
            .alias("nd_qoq_small_n"),
        ),
        on="rep",
        how="left",
        maintain_order="left",
    )


def rates_as_shown(board: pl.DataFrame) -> pl.DataFrame:
    """A leaderboard's rates as a table shows them, in percent: each blank below MIN_N of its own n.

    win_rate on n; no_decision_share_of_losses on nd_n (lost + no decision, added); the changes
    (when present) win_rate_qoq on the win rate's n in both quarters, nd_qoq on the losses in both.
    A blank is shown with its n beside it, never a bare percentage on a handful of deals.
    """
    nd_n = pl.col("no_decision_share_of_losses_n")
    columns = [
        pl.when(pl.col("small_n")).then(None).otherwise(pl.col("win_rate") * 100).alias("win_rate"),
        nd_n.alias("nd_n"),
        pl.when(nd_n < metrics.MIN_N).then(None).otherwise(pl.col("no_decision_share_of_losses") * 100)
        .alias("no_decision_share_of_losses"),
    ]
    if "qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("qoq_small_n").fill_null(True)).then(None)
                       .otherwise(pl.col("win_rate_qoq") * 100).alias("win_rate_qoq"))
    if "nd_qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("nd_qoq_small_n").fill_null(True)).then(None)
                       .otherwise(pl.col("no_decision_share_of_losses_qoq") * 100).alias("nd_qoq"))
    return board.with_columns(columns)


@dataclass(frozen=True)
class RepView:
    rep: str
    profile: str | None
    team: str | None
    scorecard: pl.DataFrame
    trend: pl.DataFrame
    team_trend: pl.DataFrame
    reasons: pl.DataFrame
    deals: pl.DataFrame  # closed in range + open by `end`, latest close first
    at_risk: pl.DataFrame


def rep_numbers(
    deals: pl.LazyFrame, rep: str, start: dt.date, end: dt.date, filters: Filters, today: dt.date
) -> RepView | None:
    """One rep's view, or None when the rep has no deals under these filters."""
    d = _denominator(filters)
    fy = filters.fy_start_month
    # The rep's and the team's deals are read out once; every query below then runs on a few
    # thousand rows instead of filtering the million again.
    mine = deals.filter(pl.col("rep") == rep).collect()
    if mine.height == 0:
        return None
    profile = mine["seller_profile"][0]
    teams = mine["team"].drop_nulls()
    team = teams[0] if teams.len() else None
    team_deals = deals.filter(pl.col("team") == team).collect() if team else mine
    # The scorecard compares with the rep's profile and team only: hand it just those deals.
    compared = deals.filter((pl.col("seller_profile") == profile) | (pl.col("team") == team).fill_null(False))
    return RepView(
        rep=rep,
        profile=profile,
        team=team,
        scorecard=metrics.rep_scorecard(compared, rep, start, end, d),
        trend=metrics.quarterly_trend(mine, start, end, fy, denominator=d),
        team_trend=metrics.quarterly_trend(team_deals, start, end, fy, denominator=d),
        reasons=metrics.loss_reasons(mine, start, end),
        deals=metrics.deals_behind(mine, start, end),
        # The "usually takes" threshold comes from every won deal, not the rep's own few.
        at_risk=metrics.at_risk_open_deals(deals, today).filter(pl.col("rep") == rep),
    )


# ---- Drill-down -------------------------------------------------------------------------------
def band_rows(bands: Bands, band: str) -> pl.Expr:
    """Deals in one complexity band, with the same cut points the chart used."""
    lo, hi = bands.cuts
    low, middle, _ = bands.labels
    if bands.basis == "amount":
        value = pl.col("amount")
    else:
        # As metrics counts cycles: a deal created after its close has no usable cycle.
        value = pl.when(pl.col("created_date") <= pl.col("close_date")).then(
            (pl.col("close_date") - pl.col("created_date")).dt.total_days()
        )
    if lo is None or hi is None:
        return pl.lit(False)
    if band == low:
        return value <= lo
    if band == middle:
        return (value > lo) & (value <= hi)
    return value > hi


# ---- Cached per view --------------------------------------------------------------------------
# Each takes the view's cache_key (store uri and version, filters, date range), which is what
# makes the numbers differ, and reads the deals from the current view: hashing a tuple is
# microseconds, hashing the deals would be most of a second.


def _view():
    from ui.context import current

    return current()


@st.cache_data(max_entries=64, show_spinner=False)
def overview(key: tuple) -> Overview:
    view = _view()
    return overview_numbers(view.deals, view.start, view.end, view.filters)


@st.cache_data(max_entries=64, show_spinner=False)
def profiles(key: tuple) -> Profiles:
    view = _view()
    return profiles_numbers(view.deals, view.start, view.end, view.filters)


@st.cache_data(max_entries=16, show_spinner=False)
def size_cuts(store_key: tuple) -> tuple[float, float] | None:
    """The sidebar's deal-size cut points (all-time amount terciles of closed deals), per store version.

    `store_key` is (store uri, version): what the cuts depend on, not the filters or the range.
    """
    return size_cut_points(_view().all_deals.lazy())


@st.cache_data(max_entries=64, show_spinner=False)
def bands(key: tuple, basis: str) -> Bands:
    view = _view()
    cuts = size_cuts((view.measured.uri, view.version)) if basis == "amount" else None
    return bands_numbers(view.deals, view.start, view.end, view.filters, basis, cuts)


@st.cache_data(max_entries=64, show_spinner=False)
def no_decision(key: tuple, today: dt.date) -> NoDecision:
    view = _view()
    return no_decision_numbers(view.deals, view.start, view.end, view.filters, today)


@st.cache_data(max_entries=64, show_spinner=False)
def reps(key: tuple) -> pl.DataFrame:
    view = _view()
    return leaderboard(view.deals, view.start, view.end, view.filters)


@st.cache_data(max_entries=64, show_spinner=False)
def rep(key: tuple, name: str, today: dt.date) -> RepView | None:
    view = _view()
    return rep_numbers(view.deals, name, view.start, view.end, view.filters, today)
