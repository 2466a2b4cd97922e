"""The quarterly review: findings, headline numbers, profiles, no decision, movers, at-risk pipeline, exports."""

from __future__ import annotations

import dataclasses
from datetime import date

import streamlit as st

from ui import drill, numbers
from ui.context import from_url
from ui.drill import filters_text
from ui.widgets import chart, data_grid, download, empty_state, text_table, tile_value
from winloss import employment
from winloss.measures.at_risk import reason_help
from winloss.present import review_charts
from winloss.export import MIME
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.export.words import (
    at_risk_rows, at_risk_scope_notes, file_name, mover_rows, number_columns, privacy_note, scope_notes, subtitle,
    unbroken_columns,
)
from winloss.views.review import (
    SECTION_TITLES,
    NoDataError,
    Review,
    ReviewDays,
    change_lines,
    dates_line,
    default_quarter,
    headline_tiles,
    left_out_notes,
    listed_at_risk,
    missing_charts,
    review_chart_view,
    review_title,
    FINDING_HEADER,
    FINDING_HELP,
    MOVERS_TEXT,
    movers_grid,
    linked_day_note,
    n_text,
    no_quarter_sentence,
    review_days,
    section_captions,
    stage_now_note,
)
from winloss.text import ND_SHARE_OF_LOSSES, is_no_change, md
from winloss.views.common import nothing_shown_advice
from winloss.views.review_findings import rule_text
from winloss.views.deal_lists import EXPORTED_AMOUNT, EXPORTED_CURRENCY


# What the page says of a link's As of day that is not one of the data's days (views.review.linked_day_note),
# kept until the day is changed: the field drops it from the URL in the run that reads it.
_LINKED_DAY = "_review_linked_day"
# Set when the day is changed by hand, for the run that follows (quarter_ui).
_DAY_CHANGED = "_review_day_changed"


def _day_changed() -> None:
    st.session_state.pop(_LINKED_DAY, None)
    st.session_state[_DAY_CHANGED] = True


def quarter_ui(options: list[str], default: str) -> str:
    """The quarter to review; bound to ?quarter= so a link opens the same review. Its options are the
    quarters' labels, as links write them (a bound choice is matched on its shown text): the title
    names a quarter in progress "to date".

    A field bound to the URL leaves out a value equal to its default, and the default is the As of day's
    (the last quarter over by it): 2026 Q3, the default on the data's day, kept as the day was changed
    to 14 Aug 2026, left a link with ?as_of= alone, which opened 2026 Q2. So after the day is changed by
    hand the quarter kept (while still offered) is set again, which writes it to the URL when it is not
    the new default (.streamlit/config.toml silences the warning a value set so beside a default logs)."""
    if st.session_state.pop(_DAY_CHANGED, False) and st.session_state.get("quarter") in options:
        st.session_state["quarter"] = st.session_state["quarter"]
    return st.selectbox(
        "Quarter", options, index=options.index(default), key="quarter", bind="query-params",
        help="Defaults to the last complete quarter. The review counts this quarter against the one before, "
        "whatever the sidebar's Close date says; the sidebar's other filters apply.",
    )


def as_of_ui(days: ReviewDays) -> date:
    """The day the review is as of; bound to ?as_of= as the quarter is, and left out of the URL at its
    default, the data's newest day, so a link without it reviews as of the data's newest day when opened."""
    if "as_of" not in st.session_state and (given := st.query_params.get("as_of")):  # the link's, not yet read
        if (note := linked_day_note(given, days)) is not None:
            st.session_state[_LINKED_DAY] = note
    chosen = st.date_input(
        "As of", value=days.default, min_value=days.first, max_value=days.newest, key="as_of",
        bind="query-params", format="YYYY-MM-DD", on_change=_day_changed,
        help="Review the quarter as it stood on this day: its figures count the deals closed by then and "
        "the pipeline is the deals open then. Defaults to the data's newest day.",
    )
    return chosen if isinstance(chosen, date) else days.default  # a single day: never a range, never cleared


def findings_ui(review: Review) -> None:
    st.subheader(SECTION_TITLES["findings"])
    if not review.findings:
        st.markdown("No change or gap in this quarter passes the rule below.")
    for finding in review.findings:
        mark = ":blue[▲]" if finding.good else (":orange[▼]" if finding.good is False else "●")
        st.markdown(f"{mark}&nbsp; {md(finding.text)}")  # a finding names reps and profiles: text, not markup
    st.caption(rule_text())


def left_out_ui(note: str | None) -> None:
    """A section's note on the deals its value figures leave out, no exchange rate converting them
    (views.review.left_out_notes), as the deck and the report say it."""
    if note:
        st.caption(f":material/currency_exchange: {md(note)}")  # it names currencies read from files


def headline_ui(review: Review, caption: str, left_out: dict[str, str]) -> None:
    st.subheader(SECTION_TITLES["headline"])
    tiles = headline_tiles(review)
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        # One card per tile, its value, change and lines together: a bordered metric with its lines
        # under the border wrapped apart from them at 1280 px. Cards of a row keep one height.
        with column.container(border=True, height="stretch"):
            # A change is shown only when both quarters have enough deals (decided in the view).
            flat = is_no_change(tile.change)  # "±0 pts": neither better nor worse, grey with no arrow
            st.metric(
                tile.label, tile_value(tile.big_text, words=tile.in_words, aside=tile.aside),
                delta=tile.change,
                delta_color="off" if flat else "inverse" if tile.bad_when_up else "normal",
                delta_arrow="off" if flat else "auto",
                delta_description=f"vs {review.previous}" if tile.change else None,
            )
            qoq, yoy = change_lines(tile, review.previous, review.last_year)
            # A withheld change says why in the card, as the YoY line does (never a lone "—"); the rate's n
            # comes first, naming the quarter it is of, so it is not read as the compared quarter's.
            lines = ([qoq] if tile.change_withheld else []) + [yoy]
            st.caption(" · ".join(p for p in (n_text(tile, review.quarter), *lines) if p))
    st.caption(caption)
    left_out_ui(left_out.get("headline"))


def at_risk_table_ui(review: Review, presenter: bool) -> None:
    if review.at_risk.height == 0:
        return
    st.markdown(f"**{md(review.at_risk_title)}**")
    # A past day's stages are today's: what the column holds, under the table as in the deck and report.
    note = stage_now_note(review) if review.pipeline_by_age else None
    if presenter:  # the deck's rows, in type the room can read
        header, rows = at_risk_rows(review)
        text_table(header, rows, number_columns(header, review), unbroken_columns(header, review))
        if note:
            st.caption(md(note))
        return
    # The deal lists' columns (ui.drill.grid_columns: the reason says how long the deal has been open),
    # their labels, formats and widths, and their switch to every column; the deck and report hold the rest.
    wanted = ["account", "opportunity_name", "rep", "amount", "days_open", "reason", "close_date", "stage", "seller_profile"]
    at_risk = listed_at_risk(review)  # the deal lists' rules: no column of what none of them has
    config = drill.deal_config(review.currency)
    after_why = drill.AFTER_WHY
    if review.pipeline_by_age:
        # Judged on a past day: on age alone (a shorter reason), and a deal's stage is the one it has
        # now, or what became of it since (views.review.stage_now_note). That says more than its close
        # date (a deal's latest, not the one expected then; a closed one's is in its stage now), so it
        # takes the close date's place in the list's room.
        config["reason"] = {**config["reason"], "width": drill.AGE_REASON_WIDTH,
                            "help": f"{review.at_risk_rule}. {reason_help(overdue=False)}."}
        config["stage"] = {**config["stage"], "label": review.stage_header, "width": drill.STAGE_NOW_WIDTH, "help": note}
        after_why = tuple(reversed(drill.AFTER_WHY))
    # The amount as exported beside it: what a deal no rate converts reads in (drill.with_not_converted).
    shown = at_risk.select([c for c in (*wanted, EXPORTED_AMOUNT, EXPORTED_CURRENCY) if c in at_risk.columns])
    drill.deal_grid(shown, key="review-at-risk", column_config=config, currency=review.currency, after_why=after_why)
    if note:
        st.caption(md(note))
    drill.all_columns_switch(st, "review-at-risk")


def movers_table_ui(review: Review, presenter: bool) -> None:
    if review.movers.height == 0:
        return
    if presenter:
        header, rows = mover_rows(review)
        text_table(header, rows, number_columns(header, review), unbroken_columns(header, review))
        return
    table = movers_grid(review)
    small = {"width": "small"}
    data_grid(
        table,
        hide_index=True,
        column_config={
            "rep": "Rep", "seller_profile": "Profile", "measure_label": "Measure",
            # No format: the cells are written by text.percent (MOVERS_TEXT), ">99%" not "100%".
            "before": st.column_config.NumberColumn(review.previous, **small),
            "after": st.column_config.NumberColumn(review.quarter, **small),
            # "pts" in the header: a format string would write "+1 pts" (text.points says "+1 pt").
            "change_points": st.column_config.NumberColumn("Change, pts", format="%+d", **small),
            "n": st.column_config.TextColumn("n", **small),
            "significant": st.column_config.CheckboxColumn(FINDING_HEADER, help=FINDING_HELP, **small),
            # A rep who left or is leaving (winloss.employment), as on the leaderboard; the column only then.
            employment.LEFT_ON: st.column_config.TextColumn(employment.LEFT_ON_HEADER, help=employment.LEFT_ON_HELP),
        },
        cell_text=MOVERS_TEXT,
    )


def exports_ui(review: Review) -> None:
    """Download buttons; each file is built only when its button is pressed."""
    st.subheader("Export")
    left, right, _ = st.columns([1, 1, 2])
    download(
        left, "PowerPoint deck", lambda: deck_bytes(review), file_name=file_name(review, "pptx"), mime=MIME["pptx"],
        icon=":material/slideshow:", key="export-pptx", width="stretch",
    )
    download(
        right, "HTML report", lambda: report_html(review), file_name=file_name(review, "html"), mime=MIME["html"],
        icon=":material/description:", key="export-html", width="stretch",
    )
    st.caption("The deck's charts are native PowerPoint charts you can edit; the HTML report opens offline. Both end "
               f"with a table of the quarter's reps: team, coach, profile, n, won, win rate and {ND_SHARE_OF_LOSSES}.")


view = from_url()
filters = view.filters
presenter = view.presentation.presenter
days = review_days(view.first_close, view.as_of)
# The title has a line of its own, drawn once the quarter is known, and the fields that choose what it
# reviews sit under it at the width they had beside it: beside them, in three fifths of the page,
# "Quarterly review · 2026 Q3 to date" wrapped onto two lines at 1280 px (views.review.review_title).
title = st.container()
picker, day_picker, _ = st.columns([1, 1, 3], vertical_alignment="bottom")
with day_picker:  # first: the quarters offered are those with deals closed by the day
    as_of = as_of_ui(days)
if note := st.session_state.get(_LINKED_DAY):
    st.warning(md(note), icon=":material/event_busy:")  # it quotes the link
options = numbers.review_quarters(view.source, filters, days, as_of)
if not options:
    title.title(review_title())
    empty_state(no_quarter_sentence(days, as_of), nothing_shown_advice(filters, None))
    st.stop()

with picker:
    quarter = quarter_ui(options, default_quarter(days.reference(view.today, as_of), options, filters.fy_start_month))
try:
    # Made for this visitor: its notes on deals no exchange rate converts, on the page and in the deck and
    # report they download, tell one who may add rates where and anyone else whom to ask (Review.role).
    review = dataclasses.replace(
        numbers.review(view.source, filters, quarter, as_of, view.presentation.hide_amounts, view.currency, view.as_of),
        role=view.role)
except NoDataError as exc:
    empty_state(str(exc), nothing_shown_advice(filters, None))
    st.stop()

title.title(review_title(review.quarter))
notes = [f"{subtitle(review)}. {dates_line(review)}."]
if note := privacy_note(review):
    notes.append(note)
st.caption(" ".join(notes))
if filtered := filters_text(view):
    st.markdown(f":material/filter_alt: {filtered}")
for note in scope_notes(review):  # what the filters leave out of the quarter for want of a value
    st.caption(md(note))

captions = section_captions(review)
left_out = left_out_notes(review)
figures = review_charts.figures(review, drill.chart_room(presenter))
findings_ui(review)
headline_ui(review, captions["headline"], left_out)
data = {
    "profiles": review.profiles,
    "no_decision": review.no_decision,
    "movers": review.movers,
    "at_risk": review.at_risk_by_profile,
}
missing = missing_charts(review)
chart_view = review_chart_view(review)
for section, figure in figures.items():
    st.subheader(SECTION_TITLES[section])
    if section in missing:  # no chart of nothing: say what is missing, under the section's caption
        st.info(md(missing[section]))
        st.caption(captions[section])
    else:
        chart(figure, captions[section], data[section], view=chart_view, key=f"review-{section}", presenter=presenter)
    if section != "headline":
        left_out_ui(left_out.get(section))
    if section == "movers":
        movers_table_ui(review, presenter)
    if section == "at_risk":
        at_risk_table_ui(review, presenter)
        for note in at_risk_scope_notes(review):  # the deals at risk the filters leave out for want of a value
            st.caption(md(note))
if not presenter:  # screen-shared: nothing to click but the quarter
    exports_ui(review)
