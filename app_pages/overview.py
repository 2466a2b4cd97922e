"""Overview: the headline numbers with their change on last quarter, the trends and the outcome mix."""

from __future__ import annotations

import streamlit as st

from data_models.vocabulary import OUTCOME_LABELS
from ui import drill, numbers
from ui.context import View, from_url
from ui.widgets import chart, definitions, empty_state, metric
from winloss import text
from winloss.present import charts
from winloss.deals import AS_OF_RULE
from winloss.rates import MIN_N, Denominator
from winloss.measures.behind import deals_behind
from winloss.profile_sources import profiled_line
from ui.sources import sources
from winloss.views.overview import Overview

ORIGIN = "overview"


def tiles(view: View, figures: Overview) -> None:
    """Rates on one row, volumes on the next: five tiles side by side truncate on a laptop with the
    sidebar open. Every value, change and gate comes decided from the view."""
    for column, tile in zip(st.columns(3), figures.rates, strict=True):
        with column:
            metric(tile)
    closed, value = figures.volumes
    left, right = st.columns(2)
    with left:
        metric(closed, chart_type="area")
    with right:
        metric(figures.value_index if view.presentation.hide_amounts else value, chart_type="area")
    definitions(definitions_text(view, figures))


def definitions_text(view: View, figures: Overview) -> str:
    """What the big numbers are, one click away rather than under every chart."""
    row = figures.summary.row(0, named=True)
    change = figures.change.row(0, named=True)
    quarter, previous = change["quarter"], change["previous_quarter"]
    missing = row["amount_missing"]
    worth = ("won value of the last quarter as an index of the one before's (amounts are hidden)"
             if view.presentation.hide_amounts else "won value = sum of won deals' amounts")
    lines = [
        f"- **Big numbers**: every deal closed in the range. {Denominator(view.filters.denominator).label}.",
        "- **Win rate by value**: won amount ÷ amount of the closed deals in that denominator with an amount; "
        f"{text.plural(missing, 'closed deal')} without an amount left out.",
        f"- **{text.ND_SHARE_OF_LOSSES}**: no decision ÷ (lost + no decision); "
        f"{text.percent(row['no_decision_share_of_closed'])} of all closed deals.",
        f"- **Won value**: {worth}. {text.plural(row['open'], 'deal')} open.",
        "- **Lines**: each quarter in range.",
    ]
    if not figures.compared:
        lines.append(f"- **Changes**: No changes shown: the range holds no quarter with closed deals before {quarter}.")
    else:
        lines.append(f"- **Changes** (arrows): {quarter}, the last quarter in range with closed deals, against "
                     f"{previous}; rates in points. A change is not shown when either quarter has fewer than "
                     f"{MIN_N} deals in its n.")
    return "\n".join(lines)


def data_as_of(view: View) -> None:
    last = view.last_upload
    if not last:
        st.caption("No upload yet.")
        return
    source = "the bundled sample" if view.is_sample else f"**{text.md(last.get('file_name'))}**"
    st.caption(
        f":material/update: Last upload {source}, {text.moment(last.get('at'))} (store version "
        f"{last.get('store_version')}). Open deals are judged as of {text.day(view.as_of)}: {AS_OF_RULE}."
    )


def trend_ui(view: View, figures: Overview) -> None:
    trend = figures.trend
    figure = charts.rate_trend(trend, title=f"Win rate and {text.ND_SHARE_OF_LOSSES}, by quarter")
    event = chart(
        figure,
        f"{Denominator(view.filters.denominator).label}; no decision ÷ (lost + no decision). Whiskers: Wilson 95% "
        f"intervals; grey points: fewer than {MIN_N} deals. n = {int(trend['closed'].sum()):,} closed deals. "
        "Click a point for its deals.",
        trend.select("quarter", "closed", "won", "lost", "no_decision", "n", "win_rate", "win_rate_lo", "win_rate_hi",
                     "no_decision_share_of_losses"),
        key=drill.key("ov-trend"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        quarter = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome="closed", quarter=quarter,
                            fy_start_month=view.filters.fy_start_month)
        return drill.Picked(f"Deals closed in {quarter}", rows, "ov-quarter")
    return None


def mix_ui(view: View, figures: Overview):
    row = figures.summary.row(0, named=True)
    figure = charts.outcome_mix(figures.summary, title=f"How the {row['closed']:,} closed deals ended")
    event = chart(
        figure, f"Share of all {row['closed']:,} closed deals. Click a bar for its deals.", figures.mix,
        key=drill.key("ov-mix"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        outcome = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome=outcome)
        return drill.Picked(f"{OUTCOME_LABELS[outcome]} deals", rows, "ov-outcome")
    return None


def page() -> None:
    view = from_url()
    drill.header(view, "Overview", "How are we winning, and how much is **no decision** — the status quo — taking?")
    figures = numbers.overview(*view.key, view.currency)
    if figures.empty:
        empty_state("No deals match these filters.")
        return
    tiles(view, figures)
    profiled = sources(*view.key)
    st.caption(f":material/badge: {profiled_line(profiled)}")
    if profiled.mostly_unprofiled:
        st.page_link("app_pages/assessment.py", label="Most closed deals have no seller profile: assess reps",
                     icon=":material/psychology:")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        picked = trend_ui(view, figures)
    with right:
        picked = mix_ui(view, figures) or picked
    # The deals behind a click open full width, under both charts: in a column they show two columns.
    drill.show(view, picked)
    data_as_of(view)


page()
