"""No decision: is the status quo taking more of our pipeline, where, from whom, and what is at risk now."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from data_models.vocabulary import LOST, NO_DECISION, OUTCOME_LABELS
from ui import drill, numbers
from ui.context import View, from_url, region_rule
from ui.widgets import chart, definitions, empty_state, metric
from ui.withheld import AnywaySwitch, stand_in_ui
from winloss import employment, text
from winloss.present import charts
from winloss.measures.at_risk import at_risk_list_caption, none_at_risk_caption
from winloss.measures.behind import BLANK_CELL, deals_behind
from winloss.measures.no_decision import NO_REASON
from winloss.present.theme import PROFILE_COLOURS
from winloss.views.common import AT_RISK_ROWS, NAMED_QUARTER_COLUMNS, SHARE_OF_LOSSES_N, reasons_table
from winloss.views.no_decision import (
    BREAKDOWN_CHOICE_LABELS,
    BREAKDOWN_CHOICE_PLACEHOLDERS,
    DIMENSION_WORDS,
    NoDecision,
    NoDecisionCaptions,
    breakdown_choices,
    captions,
    group_deals_title,
    missing_dimensions_note,
    named_groups,
    no_losses_note,
    single_value_notes,
    withheld_breakdown_note,
)

ORIGIN = "no_decision"
TOP_REPS = 15
ND_SHARE = "no_decision_share_of_losses"


def headline(view: View, figures: NoDecision, said: NoDecisionCaptions) -> None:
    """The range's no-decision numbers, each with the last quarter in range against the one before;
    values, changes and gates come decided from the view."""
    closed_share, loss_share, count, value = figures.tiles
    for column, tile in zip(st.columns(4), (closed_share, loss_share, count,
                                            figures.lost_value_share if view.presentation.hide_amounts else value),
                            strict=True):
        with column:
            metric(tile, role=view.role)
    definitions(said.definitions)


def trend_ui(view: View, figures: NoDecision, said: NoDecisionCaptions) -> None:
    trend = figures.in_range(view.start, view.filters.fy_start_month)
    figure = charts.quarterly_outcomes(trend, title="Closed deals by outcome each quarter, and no decision's share",
                                       room=drill.chart_room(view.presentation.presenter))
    event = chart(
        figure, said.trend,
        trend.select(*NAMED_QUARTER_COLUMNS, "closed", "won", "lost", "no_decision", "no_decision_share_of_closed", f"{ND_SHARE}_n",
                     ND_SHARE),
        view=view.chart_view, key=drill.key("nd-trend"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked and len(picked) > 1:
        quarter, outcome = picked[0], picked[1]
        rows = deals_behind(view.deals, view.start, view.end, outcome=outcome, quarter=quarter,
                            fy_start_month=view.filters.fy_start_month)
        drill.behind(view, f"{OUTCOME_LABELS[outcome]} deals closed in {quarter}", rows, "nd-quarter",
                     same=("outcome",))


def breakdown_ui(view: View, figures: NoDecision, said: NoDecisionCaptions, anyway: AnywaySwitch) -> None:
    """No-decision share by profile (full width), by region and by segment (side by side). A chart whose every share
    is withheld gives way to the engine's sentence and a list of its groups (withheld_breakdown_note), unless
    `anyway`, drawn over the first such sentence, is on."""
    # Each group named as its bar is, "No segment" too, in the chart and in its CSV alike.
    frames = {d: named_groups(f, d) for d, f in (("seller_profile", figures.by_profile), ("region", figures.by_region),
                                                 ("segment", figures.by_segment))}
    across = drill.chart_room(view.presentation.presenter)
    around = drill.around(view)  # what each withheld chart's sentence names to do
    if (note := withheld_breakdown_note(figures.by_profile, "seller_profile", view.filters, around)) and not anyway():
        picked = [withheld_group_ui(figures.by_profile, "seller_profile", note)]
    else:
        picked = [group_chart(view, group_figure(figures, "seller_profile", frames["seller_profile"], across),
                              "seller_profile", frames["seller_profile"], said)]
    # A column the upload did not have is said to be missing, not drawn as one "No region" bar.
    single = dict(figures.single_dimensions)
    charted = [d for d in ("region", "segment") if d not in figures.blank_dimensions and d not in single]
    if missing := missing_dimensions_note(figures):
        st.caption(f":material/info: {missing}")
    for note in single_value_notes(figures, escape=text.md):  # one bar compares nothing: the value is named instead
        st.caption(f":material/info: {note}")
    held = {d: note for d in charted if (note := withheld_breakdown_note(frames[d], d, view.filters, around)) is not None}
    if held and anyway():  # the switch over the first sentence, here when the profile chart was drawn
        held = {}
    drawn = [d for d in charted if d not in held]
    # Side by side on one rate axis, so their bars compare (charts.on_one_rate_axis), each name fitted to its column.
    beside = drill.chart_room(view.presentation.presenter, 1 / max(len(charted), 1))
    side = dict(zip(drawn, charts.on_one_rate_axis([lambda top, d=d: group_figure(figures, d, frames[d], beside, top)
                                                     for d in drawn]), strict=True))
    for column, dimension in zip(st.columns(len(charted), gap="medium") if charted else [], charted, strict=True):
        with column:
            if dimension in held:
                picked.append(withheld_group_ui(frames[dimension], dimension, held[dimension]))
            else:
                picked.append(group_chart(view, side[dimension], dimension, frames[dimension], said))
            if dimension == "region" and (rule := region_rule(view.source)):  # which region a deal is in
                st.caption(f":material/info: {rule}")
    chosen = next((p for p in picked if p), None)
    if chosen:
        dimension, value = chosen
        rows = deals_behind(view.deals, view.start, view.end, outcome=SHARE_OF_LOSSES_N,
                            **{dimension: BLANK_CELL if value == text.no_group(dimension) else value})
        drill.behind(view, group_deals_title(dimension, value, escape=text.md), rows, "nd-group",
                     same=(dimension,), losses=True)


def withheld_group_ui(frame: pl.DataFrame, dimension: str, note: str) -> tuple[str, str] | None:
    """In place of a breakdown's chart every share of which is withheld: the engine's sentence and a list of its groups
    (ui.withheld.stand_in_ui); returns (dimension, value) of the chosen group, as group_chart does of a clicked bar."""
    value = stand_in_ui(note, BREAKDOWN_CHOICE_LABELS[dimension], breakdown_choices(frame, dimension),
                        f"nd-by-{dimension}-pick", BREAKDOWN_CHOICE_PLACEHOLDERS[dimension])
    return (dimension, value) if value else None


def group_figure(figures: NoDecision, dimension: str, frame: pl.DataFrame, room: charts.ChartRoom,
                 at_least: float = charts.MIN_PERCENT_AXIS) -> go.Figure:
    """One breakdown's figure drawn in `room` (its names fitted to it), its rate axis reaching `at_least` (a fraction)."""
    overall = figures.overall.row(0, named=True)
    return charts.rate_bars(
        frame, dimension,
        title=f"{text.ND_SHARE_OF_LOSSES} by {DIMENSION_WORDS[dimension]}",
        rate=ND_SHARE, rate_name=text.ND_SHARE_OF_LOSSES,
        n_noun=text.N_LOSSES, colour_by="seller_profile" if dimension == "seller_profile" else None,
        colours=PROFILE_COLOURS, horizontal=True, reference=overall[ND_SHARE], reference_n=overall[f"{ND_SHARE}_n"],
        reference_label="All",
        at_least=at_least, room=room,
        n_opens=True,  # a bar's n is its losses, the deals a click lists: a group of none is no choice
    )


def group_chart(view: View, figure: go.Figure, dimension: str, frame: pl.DataFrame,
                said: NoDecisionCaptions) -> tuple[str, str] | None:
    """One breakdown's chart; returns (dimension, value) of a clicked bar."""
    event = chart(
        figure, said.breakdown,
        frame.select(dimension, "lost", "no_decision", f"{ND_SHARE}_n", ND_SHARE, f"{ND_SHARE}_lo", f"{ND_SHARE}_hi"),
        view=view.chart_view, key=drill.key(f"nd-by-{dimension}"), presenter=view.presentation.presenter, on_select=True,
    )
    value = drill.first_custom(event)
    return (dimension, value[0]) if value else None


def reps_ui(view: View, figures: NoDecision, said: NoDecisionCaptions, anyway: AnywaySwitch) -> None:
    reps = figures.by_rep.head(TOP_REPS)
    if (note := withheld_breakdown_note(reps, "rep", view.filters, drill.around(view))) and not anyway():  # no rep's share drawn: a sentence
        marks = employment.marks_of(reps)  # a rep who left is marked here too, as in the chart's own list
        rep = stand_in_ui(note, BREAKDOWN_CHOICE_LABELS["rep"], breakdown_choices(reps, "rep"), "nd-reps-pick",
                          BREAKDOWN_CHOICE_PLACEHOLDERS["rep"], lambda r: employment.marked_name(r, marks.get(r)))
        if rep:
            drill.open_rep(view, rep, ORIGIN, outcome=SHARE_OF_LOSSES_N)  # as a click on its bar: lost and no decision
        return
    figure = charts.rate_bars(
        reps, "rep", title=said.reps_title,
        rate=ND_SHARE, rate_name=text.ND_SHARE_OF_LOSSES,
        n_noun=text.N_LOSSES, colour_by="seller_profile", colours=PROFILE_COLOURS,
        customdata=["seller_profile"], horizontal=True,
        reference=figures.overall[ND_SHARE][0], reference_n=figures.overall[f"{ND_SHARE}_n"][0], reference_label="All reps",
        room=drill.chart_room(view.presentation.presenter), marks=employment.marks_of(reps),
    )
    event = chart(
        figure, said.reps,
        # The reps the chart draws, no more; whether each left, as the file writes it (file_values.for_files);
        # where each profile came from ("assessment (1 rater)": profile_sources.profile_source_words).
        reps.select("rep", employment.REP_LEFT, employment.REP_LEFT_ON, "seller_profile", "profile_source", "lost", "no_decision",
                    f"{ND_SHARE}_n", ND_SHARE, f"{ND_SHARE}_lo", f"{ND_SHARE}_hi"),
        view=view.chart_view, key=drill.key("nd-reps"), presenter=view.presentation.presenter, on_select=True,
        subject=said.reps_subject,  # its title says so when no rep is ranked
    )
    drill.rep_from_click(view, event, ORIGIN, outcome=SHARE_OF_LOSSES_N)  # the bar's n: lost and no decision


def reasons_ui(view: View, figures: NoDecision, said: NoDecisionCaptions) -> drill.Picked | None:
    reasons = figures.reasons
    figure = charts.reason_bars(reasons, title="Why deals were lost, most frequent first",
                                room=drill.chart_room(view.presentation.presenter, 0.5))  # beside the cycle's chart
    event = chart(
        figure, said.reasons,
        reasons_table(reasons, view.presentation.hide_amounts),
        view=view.chart_view, key=drill.key("nd-reasons"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        reason = picked[0]
        # The bar counts lost and no-decision deals only, so its deals are those (a won deal can
        # carry a loss reason in some exports).
        rows = deals_behind(view.deals, view.start, view.end, outcome=(LOST, NO_DECISION),
                            loss_reason=BLANK_CELL if reason == NO_REASON else reason)
        return drill.Picked(f"Deals lost for “{text.md(reason)}”", rows, "nd-reason", same=("loss_reason",))
    return None


def cycle_ui(view: View, figures: NoDecision, said: NoDecisionCaptions) -> drill.Picked | None:
    cycle = figures.cycle
    figure = charts.cycle_bars(cycle, title="Days open before the deal closed, by outcome")
    event = chart(
        figure, said.cycle, cycle, view=view.chart_view, key=drill.key("nd-cycle"), presenter=view.presentation.presenter, on_select=True,
    )
    picked = drill.first_custom(event)
    if picked:
        rows = deals_behind(view.deals, view.start, view.end, outcome=picked[0])
        return drill.Picked(f"{OUTCOME_LABELS[picked[0]]} deals", rows, "nd-cycle-deals", same=("outcome",))
    return None


def at_risk_ui(view: View, figures: NoDecision) -> None:
    st.subheader(f"Open deals at risk of going the same way, as of {drill.day_text(view.as_of)}")
    if figures.at_risk_count == 0:
        st.caption(none_at_risk_caption(figures.none_at_risk, view.end, view.as_of, figures.undated_open))
    else:
        drill.deals_table(
            view, figures.at_risk, key="nd-at-risk", extra=("days_open", "reason"),
            caption=at_risk_list_caption(view.end, view.as_of, largest_first=True, undated=figures.undated_open),
            what=f"Open deals at risk as of {view.as_of.isoformat()}", total=figures.at_risk_count, listed=AT_RISK_ROWS,
            order="largest",
        )
    drill.unplaced_at_risk_ui(view, figures.at_risk_unplaced)


def page() -> None:
    view = from_url()
    drill.header(view, "No decision", "Is **no decision** — the status quo — eating more of our pipeline than last "
                 "quarter? Where, and from whom?")
    figures = numbers.no_decision(*view.key, view.as_of, view.currency)
    if figures.empty:
        empty_state("No deal closed in this range.", drill.empty_advice(view))
        return
    said = captions(figures, view.start, view.filters.fy_start_month, view.presentation.hide_amounts, TOP_REPS)
    headline(view, figures, said)
    trend_ui(view, figures, said)
    if (note := no_losses_note(figures, view.filters, drill.around(view))) is not None:
        # Every closed deal won: no share of losses to break down, no rep or reason to rank.
        st.info(note, icon=":material/filter_alt_off:")
        drill.show(view, cycle_ui(view, figures, said))
        at_risk_ui(view, figures)
        return
    anyway = AnywaySwitch()  # drawn over the first chart whose every share is withheld, if any
    breakdown_ui(view, figures, said, anyway)
    reps_ui(view, figures, said, anyway)
    left, right = st.columns(2, gap="medium")
    with left:
        picked = reasons_ui(view, figures, said)
    with right:
        picked = cycle_ui(view, figures, said) or picked
    drill.show(view, picked)  # full width, under both charts
    at_risk_ui(view, figures)


page()
