"""Overview: the headline numbers with their change on last quarter, the trends and the outcome mix."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data_models.vocabulary import OUTCOME_LABELS
from ui import drill, numbers
from ui.context import View, current
from ui.widgets import chart, empty_state, money, trend_metric, with_n
from winloss import charts
from winloss.metrics import MIN_N, Denominator, deals_behind
from winloss.profile_sources import profiled_line
from ui.sources import sources

ORIGIN = "overview"


def points_text(change: float | None) -> str | None:
    return None if change is None else f"{change * 100:+.1f} pts"


def tiles(view: View, figures: numbers.Overview) -> None:
    """Win rate (by count and by value), no-decision share, closed deals, won value.

    The big numbers are the whole range; the changes are the last quarter in range with closed
    deals against the quarter before, named on every tile ("2026 Q3 vs Q2").
    """
    row = figures.summary.row(0, named=True)
    change = figures.change.row(0, named=True)
    quarter, previous = change["quarter"], change["previous_quarter"]
    # On the tile "Q3 vs Q2" (a tile is a third of a laptop's width); the caption names the years.
    versus = numbers.short_versus(quarter, previous)
    # Each change is gated on its own rate's n in both quarters.
    # Nothing to compare with (one quarter of data, or no closed deals): no arrows at all.
    compared = bool(change["closed"]) and bool(change["closed_previous"])
    win_noisy = not compared or change["small_n"] or change["small_n_previous"]
    nd_noisy = not compared or (change["no_decision_share_of_losses_n"] < MIN_N
                                or change["no_decision_share_of_losses_n_previous"] < MIN_N)
    trend = figures.trend.filter(pl.col("closed") > 0)  # quarters of open deals only have no rate
    losses = row["no_decision_share_of_losses_n"]
    # Rates on one row, volumes on the next: five tiles side by side truncate on a laptop with the
    # sidebar open. Labels stay short; definitions are in the caption below.
    win, by_value, nd = st.columns(3)
    closed, value = st.columns(2)
    trend_metric(win,
        "Win rate",
        with_n("n too small" if row["small_n"] or row["win_rate"] is None else f"{row['win_rate']:.0%}", row["n"]),
        None if win_noisy else points_text(change["win_rate_qoq"]),
        delta_description=None if win_noisy else versus, chart_data=trend["win_rate"].to_list(), border=True,
    )
    value_rate = row["value_win_rate"]
    trend_metric(by_value,
        "Win rate by value",
        with_n("n too small" if figures.value_n < MIN_N or value_rate is None else f"{value_rate:.0%}",
               figures.value_n),
        chart_data=trend["value_win_rate"].drop_nulls().to_list(), border=True, height="stretch",
        help="Won amount ÷ amount of the closed deals in the win rate's denominator that have an amount; "
             "deals without an amount are left out (counted in the caption).",
    )
    trend_metric(nd,
        "No decision ÷ losses",
        with_n("n too small" if losses < MIN_N or row["no_decision_share_of_losses"] is None
               else f"{row['no_decision_share_of_losses']:.0%}", losses),
        None if nd_noisy else points_text(change["no_decision_share_of_losses_qoq"]),
        delta_color="inverse", delta_description=None if nd_noisy else versus,
        chart_data=trend["no_decision_share_of_losses"].drop_nulls().to_list(), border=True,
    )
    trend_metric(closed,
        "Closed deals in range", f"{row['closed']:,}", f"{change['closed_qoq']:+,}" if compared else None,
        delta_color="off", delta_description=versus if compared else None, chart_data=trend["closed"].to_list(),
        chart_type="area",
        border=True,
    )
    if view.filters.hide_amounts:
        index = charts.won_value_index(change["won_amount"], change["won_amount_previous"]) if compared else None
        trend_metric(value,
            "Won value index", "—" if index is None else f"{index:.0f}",
            None if index is None else f"{index - 100:+.0f}",
            delta_description=f"{quarter.partition(' ')[2]}; {previous.partition(' ')[2]} = 100" if compared else None,
            border=True,
            height="stretch",
        )
        worth = f"won value of {quarter} as an index of {previous}'s (amounts are hidden)"
    else:
        trend_metric(value,
            "Won value in range", money(row["won_amount"]), _money_change(change["won_amount_qoq"]) if compared else None,
            delta_description=versus if compared else None, chart_data=trend["won_amount"].drop_nulls().to_list(), chart_type="area", border=True,
        )
        worth = "won value = sum of won deals' amounts"
    missing = row["amount_missing"]
    noisy = win_noisy or nd_noisy
    st.caption(
        f"Big numbers: every deal closed in the range ({Denominator(view.filters.denominator).label.lower()}; "
        f"win rate by value = won amount ÷ amount of the closed deals in that denominator with an amount, "
        f"{missing:,} closed deal{'s' if missing != 1 else ''} without an amount left out; no decision ÷ "
        f"(lost + no decision), {row['no_decision_share_of_closed'] or 0:.0%} of all closed deals; {worth}; "
        f"{row['open']:,} deals open); lines: each quarter. "
        + (
            f"No changes shown: the range holds no quarter with closed deals before {quarter} to compare with."
            if not compared
            else f"Changes (arrows): {quarter}, the last quarter in range with closed deals, against {previous}, "
            "quarter on quarter"
            + (f" — a rate's change is not shown when either quarter has fewer than {MIN_N} deals in its n."
               if noisy else "; rates in points.")
        )
    )


def _interval(lo: float | None, hi: float | None) -> str:
    return "—" if lo is None or hi is None else f"{lo:.0%}–{hi:.0%}"


def _money_change(change: float | None) -> str | None:
    if change is None:
        return None
    return ("+" if change >= 0 else "-") + money(abs(change))


def data_as_of(view: View) -> None:
    last = view.last_upload
    if not last:
        st.caption("No upload yet.")
        return
    at = last.get("at")
    when = f"{at:%-d %b %Y %H:%M} UTC" if at else "unknown time"
    source = "the bundled sample" if view.is_sample else f"**{last.get('file_name')}**"
    st.caption(
        f":material/update: Data as of {when}: last upload {source} (store version {last.get('store_version')}). "
        f"Open deals are counted as of {drill.day_text(view.as_of)}."
    )


def trend_ui(view: View, figures: numbers.Overview) -> None:
    trend = figures.trend.filter(pl.col("closed") > 0)
    figure = charts.rate_trend(trend, title="Win rate and no-decision share of losses, by quarter")
    event = chart(
        figure,
        f"{Denominator(view.filters.denominator).label}; no decision ÷ (lost + no decision). Whiskers: Wilson 95% "
        f"intervals; grey points: fewer than {MIN_N} deals. n = {int(trend['closed'].sum()):,} closed deals. "
        "Click a point for its deals.",
        trend.select("quarter", "closed", "won", "lost", "no_decision", "n", "win_rate", "win_rate_lo", "win_rate_hi",
                     "no_decision_share_of_losses"),
        key=drill.key("ov-trend"), presenter=view.filters.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        quarter = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome="closed", quarter=quarter,
                            fy_start_month=view.filters.fy_start_month)
        drill.behind(view, f"Deals closed in {quarter}", rows, "ov-quarter")


def mix_ui(view: View, figures: numbers.Overview) -> None:
    row = figures.summary.row(0, named=True)
    figure = charts.outcome_mix(figures.summary, title=f"How the {row['closed']:,} closed deals ended")
    data = pl.DataFrame({
        "outcome": [OUTCOME_LABELS[o] for o in ("won", "lost", "no_decision")],
        "deals": [row["won"], row["lost"], row["no_decision"]],
    }).with_columns((pl.col("deals") / max(row["closed"], 1)).alias("share_of_closed"))
    event = chart(
        figure, f"Share of all {row['closed']:,} closed deals. Click a bar for its deals.", data,
        key=drill.key("ov-mix"), presenter=view.filters.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        outcome = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome=outcome)
        drill.behind(view, f"{OUTCOME_LABELS[outcome]} deals", rows, "ov-outcome")


def page() -> None:
    view = current()
    drill.header(view, "Overview", "How are we winning, and how much is **no decision** — the status quo — taking?")
    figures = numbers.overview(view.cache_key)
    summary = figures.summary.row(0, named=True)
    if not summary["closed"] and not summary["open"]:
        empty_state("No deals match these filters.")
        return
    tiles(view, figures)
    profiled = sources(view.cache_key)
    st.caption(f":material/badge: {profiled_line(profiled)}")
    if profiled.mostly_unprofiled:
        st.page_link("app_pages/assessment.py", label="Most closed deals have no seller profile: assess reps",
                     icon=":material/psychology:")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        trend_ui(view, figures)
    with right:
        mix_ui(view, figures)
    data_as_of(view)


page()
