"""Overview: the headline numbers with their change on last quarter, the trends and the outcome mix."""

from __future__ import annotations

import streamlit as st

from data_models.vocabulary import OUTCOME_LABELS
from ui import drill, numbers
from ui.context import View, from_url
from ui.widgets import chart, definitions, empty_state, metric
from winloss import text
from winloss.rates import Denominator
from winloss.present import charts
from winloss.measures.behind import deals_behind
from winloss.profile_sources import profiled_line
from ui.sources import sources
from ui.style import PRESENTER_TILES_KEY
from winloss.views.common import NAMED_QUARTER_COLUMNS, point_deals
from winloss.views.overview import Overview, OverviewCaptions, captions, last_upload_line, no_charts_sentence

ORIGIN = "overview"
TREND_SHARE = 0.6  # of the page's width the trend takes, the outcome mix beside it


def tiles(view: View, figures: Overview, said: OverviewCaptions) -> None:
    """Rates on one row, volumes on the next: five tiles side by side truncate on a laptop with the
    sidebar open. In presenter mode (the sidebar folded) the five are one row on a screen wide enough for
    them, so the trend starts on a 1280x720 laptop's first screen; a narrower one wraps them three and two
    (ui.style: the tiles' container, PRESENTER_TILES_KEY). Every value, change and gate comes decided from the view."""
    closed, value = figures.volumes
    volumes = [(closed, "area"), (figures.value_index if view.presentation.hide_amounts else value, "area")]
    shown = [(tile, "line") for tile in figures.rates] + volumes
    if view.presentation.presenter:
        with st.container(key=PRESENTER_TILES_KEY):
            for column, (tile, kind) in zip(st.columns(len(shown)), shown, strict=True):
                with column:
                    metric(tile, chart_type=kind, role=view.role)
    else:
        for row in (shown[:3], shown[3:]):
            for column, (tile, kind) in zip(st.columns(len(row)), row, strict=True):
                with column:
                    metric(tile, chart_type=kind, role=view.role)
    if not view.presentation.presenter:
        definitions(said.definitions)


def data_as_of(view: View) -> None:
    st.caption(last_upload_line(view.last_upload, view.is_sample, view.as_of, escape=text.md, rolled_back=view.rolled_back,
                                store_version=view.version, export=view.last_export))


def trend_ui(view: View, figures: Overview, said: OverviewCaptions) -> drill.Picked | None:
    trend = figures.trend
    figure = charts.rate_trend(trend, title=f"Win rate and {text.ND_SHARE_OF_LOSSES}, by quarter",
                               room=drill.chart_room(view.presentation.presenter, TREND_SHARE))
    event = chart(
        figure, said.trend,
        trend.select(*NAMED_QUARTER_COLUMNS, "closed", "won", "lost", "no_decision", "n", "win_rate", "win_rate_lo", "win_rate_hi",
                     "no_decision_share_of_losses_n", "no_decision_share_of_losses"),
        view=view.chart_view, key=drill.key("ov-trend"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        quarter = picked[0]
        listed = point_deals(picked[1] if len(picked) > 1 else None)  # the win rate's point, or the share's
        rows = deals_behind(view.deals, view.start, view.end, outcome=listed.outcome, quarter=quarter,
                            fy_start_month=view.filters.fy_start_month)
        return drill.Picked(f"{listed.noun} closed in {quarter}", rows, "ov-quarter",
                            denominator=Denominator(view.filters.denominator), losses=listed.losses)
    return None


def mix_ui(view: View, figures: Overview, said: OverviewCaptions) -> drill.Picked | None:
    figure = charts.outcome_mix(figures.summary, title=said.mix_title)
    event = chart(
        figure, said.mix, figures.mix,
        view=view.chart_view, key=drill.key("ov-mix"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        outcome = picked[0]
        rows = deals_behind(view.deals, view.start, view.end, outcome=outcome)
        return drill.Picked(f"{OUTCOME_LABELS[outcome]} deals", rows, "ov-outcome", same=("outcome",))
    return None


def page() -> None:
    view = from_url()
    drill.header(view, "Overview", "How are we winning, and how much is **no decision** — the status quo — taking?")
    figures = numbers.overview(*view.key, view.currency, view.as_of)
    if figures.empty:
        empty_state("No deal is in this range.", drill.empty_advice(view))
        return
    said = captions(figures, view.filters, view.presentation.hide_amounts)
    tiles(view, figures, said)
    if not view.presentation.presenter:
        profile_sources(view)
    no_charts = no_charts_sentence(figures, drill.empty_advice(view))
    if no_charts:
        st.info(no_charts, icon=":material/event_busy:")
    else:
        left, right = st.columns([TREND_SHARE, 1 - TREND_SHARE], gap="medium")
        with left:
            if said.trend_withheld:  # every rate in it would be withheld: the sentence in its place
                st.info(said.trend_withheld, icon=":material/timeline:")
                picked = None
            else:
                picked = trend_ui(view, figures, said)
        with right:
            picked = mix_ui(view, figures, said) or picked
        # The deals behind a click open full width, under both charts: in a column they show two columns.
        drill.show(view, picked)
    if view.presentation.presenter:  # on a shared screen the figures come first, what they rest on after them
        profile_sources(view)
        definitions(said.definitions)
    data_as_of(view)


def profile_sources(view: View) -> None:
    """Where the reps' seller profiles come from, and a link to assess reps when most closed deals have none."""
    profiled = sources(*view.key)
    st.caption(f":material/badge: {profiled_line(profiled)}")
    if profiled.mostly_unprofiled:
        st.page_link("app_pages/assessment.py", label="Most closed deals have no seller profile: assess reps",
                     icon=":material/psychology:")


page()
