"""No decision: is the status quo taking more of our pipeline, where, from whom, and what is at risk now."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data_models.vocabulary import NO_DECISION, OUTCOME_LABELS
from ui import drill, numbers
from ui.context import View, current
from ui.widgets import chart, empty_state, money, with_n
from winloss import charts, periods
from winloss.charts import rate_label
from winloss.metrics import MIN_N, deals_behind
from winloss.theme import PROFILE_COLOURS

ORIGIN = "no_decision"
TOP_REPS = 15
DIMENSIONS = {"seller_profile": "seller profile", "region": "region", "segment": "segment"}
ND_SHARE = "no_decision_share_of_losses"
BLANK = "(blank)"


def in_range(view: View, trend: pl.DataFrame) -> pl.DataFrame:
    """The quarters the range covers (the trend also holds the quarter before, for the change)."""
    first = periods.quarter_label(view.start, view.filters.fy_start_month)
    return trend.filter(pl.col("quarter") >= first)


def headline(view: View, figures: numbers.NoDecision) -> None:
    """The range's no-decision numbers, each with the last quarter in range against the one before."""
    overall = figures.overall.row(0, named=True)
    by_quarter = {r["quarter"]: r for r in figures.trend.filter(pl.col("closed") > 0).iter_rows(named=True)}
    latest = by_quarter.get(figures.quarter) if figures.quarter else None
    previous_label = periods.previous_quarter(figures.quarter) if figures.quarter else None
    previous = by_quarter.get(previous_label) if previous_label else None
    compared = latest is not None and previous is not None
    versus = numbers.versus_text(figures.quarter, previous_label) if compared else None

    def change(column: str, n: str) -> str | None:
        """Points of change; none when either quarter has fewer than MIN_N deals in the rate's own n."""
        if not compared or latest[column] is None or previous[column] is None:
            return None
        if latest[n] < MIN_N or previous[n] < MIN_N:
            return None
        return f"{(latest[column] - previous[column]) * 100:+.1f} pts"

    closed, losses = overall["closed"], overall["no_decision_share_of_losses_n"]
    closed_share, loss_share, count, value = st.columns(4)
    # Short labels (a laptop tile fits ~20 characters); the n beside the rate, the definitions below.
    share_change = change("no_decision_share_of_closed", "closed")
    closed_share.metric(
        "No decision ÷ closed",
        with_n(rate_label(overall["no_decision_share_of_closed"], closed, closed < MIN_N).split(" (")[0], closed),
        share_change, delta_color="inverse", delta_description=versus if share_change else None, border=True,
    )
    loss_change = change(ND_SHARE, "no_decision_share_of_losses_n")
    loss_share.metric(
        "No decision ÷ losses",
        with_n(rate_label(overall[ND_SHARE], losses, losses < MIN_N).split(" (")[0], losses),
        loss_change, delta_color="inverse", delta_description=versus if loss_change else None, border=True,
    )
    count.metric(
        "No-decision deals in range", f"{overall['no_decision']:,}",
        f"{latest['no_decision'] - previous['no_decision']:+,}" if compared else None,
        delta_color="inverse", delta_description=versus, border=True,
    )
    nd_amount = overall["no_decision_amount"] or 0
    lost_value = (overall["lost_amount"] or 0) + nd_amount
    share = nd_amount / lost_value if lost_value else None
    share_text = "—" if share is None else f"{share:.0%}"
    if view.filters.hide_amounts:
        value.metric("Share of lost value", share_text, border=True)
        worth = "share of lost value = no-decision amount ÷ (lost + no-decision amount) (amounts are hidden)"
    else:
        value_change = None
        if compared:
            delta = (latest["no_decision_amount"] or 0) - (previous["no_decision_amount"] or 0)
            value_change = ("+" if delta >= 0 else "-") + money(abs(delta))
        value.metric("Value lost to no decision", money(nd_amount), value_change, delta_color="inverse",
                     delta_description=versus, border=True)
        worth = (f"value lost to no decision = the no-decision deals' amounts, {share_text} of the value of all "
                 "lost and no-decision deals")
    st.caption(
        f"Big numbers: every deal closed in the range: no decision ÷ all {closed:,} closed deals, and ÷ the "
        f"{losses:,} lost + no-decision deals; {worth}. "
        + (f"Changes (arrows): {figures.quarter}, the last quarter in range with closed deals, against "
           f"{previous_label}, quarter on quarter; a rate's change is shown only when both quarters have at least "
           f"{MIN_N} deals in its n. " if compared else "No previous quarter in range to compare with. ")
        + "For scale: CSO Insights found about 24% of forecast deals end in no decision."
    )


def trend_ui(view: View, figures: numbers.NoDecision) -> None:
    trend = in_range(view, figures.trend)
    figure = charts.quarterly_outcomes(trend, title="Closed deals by outcome each quarter, and no decision's share")
    event = chart(
        figure,
        f"Bars: closed deals by close date; line: no decision ÷ all closed deals with its Wilson 95% interval. "
        f"n = {int(trend['closed'].sum()):,} closed deals. Click a bar for its deals.",
        trend.select("quarter", "closed", "won", "lost", "no_decision", "no_decision_share_of_closed", ND_SHARE),
        key=drill.key("nd-trend"), presenter=view.filters.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked and len(picked) > 1:
        quarter, outcome = picked[0], picked[1]
        rows = deals_behind(view.deals, view.start, view.end, outcome=outcome, quarter=quarter,
                            fy_start_month=view.filters.fy_start_month)
        drill.behind(view, f"{OUTCOME_LABELS[outcome]} deals closed in {quarter}", rows, "nd-quarter")


def breakdown_ui(view: View, figures: numbers.NoDecision) -> None:
    """No-decision share by profile (full width), by region and by segment (side by side)."""
    frames = {"seller_profile": figures.by_profile, "region": figures.by_region, "segment": figures.by_segment}
    picked = [group_chart(view, figures, "seller_profile", frames["seller_profile"])]
    for column, dimension in zip(st.columns(2, gap="medium"), ("region", "segment"), strict=True):
        with column:
            picked.append(group_chart(view, figures, dimension, frames[dimension]))
    chosen = next((p for p in picked if p), None)
    if chosen:
        dimension, value = chosen
        rows = deals_behind(view.deals, view.start, view.end, outcome=NO_DECISION,
                            **{dimension: None if value == BLANK else value})
        if value == BLANK:
            rows = rows.filter(pl.col(dimension).is_null())
        drill.behind(view, f"No-decision deals: {DIMENSIONS[dimension]} {value}", rows, "nd-group")


def group_chart(view: View, figures: numbers.NoDecision, dimension: str, frame: pl.DataFrame) -> tuple[str, str] | None:
    """One breakdown's chart; returns (dimension, value) of a clicked bar."""
    overall = figures.overall.row(0, named=True)
    figure = charts.rate_bars(
        frame.with_columns(pl.col(dimension).fill_null(BLANK)), dimension,
        title=f"No-decision share of losses by {DIMENSIONS[dimension]}",
        rate=ND_SHARE, n="no_decision_share_of_losses_n", rate_name="No-decision share",
        n_noun="lost + no-decision deals", colour_by="seller_profile" if dimension == "seller_profile" else None,
        colours=PROFILE_COLOURS, horizontal=True, reference=overall[ND_SHARE], reference_label="All",
    )
    event = chart(
        figure, f"No decision ÷ (lost + no decision); n = {overall['no_decision_share_of_losses_n']:,}. "
        "Click a bar for its no-decision deals.",
        frame.select(dimension, "lost", "no_decision", ND_SHARE, f"{ND_SHARE}_lo", f"{ND_SHARE}_hi"),
        key=drill.key(f"nd-by-{dimension}"), presenter=view.filters.presenter, on_select=True,
    )
    value = drill.first_custom(event)
    return (dimension, value[0]) if value else None


def reps_ui(view: View, figures: numbers.NoDecision) -> None:
    reps = figures.by_rep.head(TOP_REPS)
    figure = charts.rate_bars(
        reps, "rep", title=f"The {reps.height} reps losing the largest share to no decision",
        rate=ND_SHARE, n="no_decision_share_of_losses_n", rate_name="No-decision share",
        n_noun="lost + no-decision deals", colour_by="seller_profile", colours=PROFILE_COLOURS,
        customdata=["seller_profile"], horizontal=True,
        reference=figures.overall[ND_SHARE][0], reference_label="All reps",
    )
    event = chart(
        figure,
        f"No decision ÷ (lost + no decision) per rep; reps with fewer than {MIN_N} losses come last, greyed. "
        f"{figures.by_rep.height} reps in all. Click a rep to open their view with their no-decision deals.",
        figures.by_rep.select("rep", "seller_profile", "lost", "no_decision", ND_SHARE, f"{ND_SHARE}_lo",
                              f"{ND_SHARE}_hi"),
        key=drill.key("nd-reps"), presenter=view.filters.presenter, on_select=True,
    )
    drill.rep_from_click(view, event, ORIGIN, outcome=NO_DECISION)


def reasons_ui(view: View, figures: numbers.NoDecision) -> None:
    reasons = figures.reasons
    losses = int(reasons["deals"].sum()) if reasons.height else 0
    figure = charts.reason_bars(reasons, title="Why deals were lost, most frequent first")
    event = chart(
        figure, f"Raw loss reasons of the {losses:,} lost and no-decision deals; the colour is what the reason counts "
        "as (the no-decision vocabulary is editable on the Data page). Click a bar for its deals.",
        reasons.drop("amount") if view.filters.hide_amounts else reasons,
        key=drill.key("nd-reasons"), presenter=view.filters.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        reason = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome="closed",
                            loss_reason=None if reason.startswith("(") else reason)
        if reason.startswith("("):  # "(no reason given)"
            rows = rows.filter(pl.col("loss_reason").is_null() & (pl.col("outcome") != "won"))
        drill.behind(view, f"Deals lost for “{reason}”", rows, "nd-reason")


def cycle_ui(view: View, figures: numbers.NoDecision) -> None:
    cycle = figures.cycle
    figure = charts.cycle_bars(cycle, title="Days open before the deal closed, by outcome")
    left_out = int(cycle["left_out"].sum())
    event = chart(
        figure, "Median days from created to close; whiskers span the middle half of the deals (25th–75th "
        f"percentile). n = {int(cycle['deals'].sum()):,} closed deals"
        + (f"; {left_out:,} without a usable created date are left out." if left_out else ".")
        + " Click a bar for its deals.",
        cycle, key=drill.key("nd-cycle"), presenter=view.filters.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        rows = deals_behind(view.deals, view.start, view.end, outcome=picked[0])
        drill.behind(view, f"{OUTCOME_LABELS[picked[0]]} deals", rows, "nd-cycle-deals")


def at_risk_ui(view: View, figures: numbers.NoDecision) -> None:
    st.subheader(f"Open deals at risk of going the same way, as of {drill.day_text(view.as_of)}")
    if figures.at_risk_count == 0:
        st.caption("No open deal has been open longer than won deals usually take, or is past its close date.")
        return
    drill.deals_table(
        view, figures.at_risk, key="nd-at-risk", extra=("days_open", "reason"),
        caption="Open longer than 80% of won deals took, or past the expected close date; largest first:",
        file_name="at-risk-open-deals.csv", total=figures.at_risk_count, listed=numbers.AT_RISK_ROWS,
        order="largest",
    )


def page() -> None:
    view = current()
    drill.header(view, "No decision", "Is **no decision** — the status quo — eating more of our pipeline than last "
                 "quarter? Where, and from whom?")
    figures = numbers.no_decision(view.cache_key, view.as_of)
    if not figures.overall["closed"][0] or figures.trend.height == 0:
        empty_state("No closed deals match these filters.")
        return
    headline(view, figures)
    trend_ui(view, figures)
    breakdown_ui(view, figures)
    reps_ui(view, figures)
    left, right = st.columns(2, gap="medium")
    with left:
        reasons_ui(view, figures)
    with right:
        cycle_ui(view, figures)
    at_risk_ui(view, figures)


page()
