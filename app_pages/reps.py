"""Reps: the leaderboard, and one rep's view against their profile peers and their team."""

from __future__ import annotations

import polars as pl
import streamlit as st

from data_models.vocabulary import OUTCOME_LABELS, OUTCOMES
from ui import drill, numbers
from ui.style import PRESENTER_TYPE
from ui.context import View, coded_deals_of, from_url, names_elsewhere
from ui.sidebar import linked_toggle
from ui.widgets import chart, data_grid, empty_state, fitted_columns, metric
from ui.withheld import AnywaySwitch, stand_in_ui
from winloss import employment, text
from winloss.exchange import NO_RATE_MARK
from winloss.filters import LinkedValues, linked_filters, linked_values, unmatched_link_sentence
from winloss.measures.at_risk import at_risk_list_caption, none_at_risk_caption
from winloss.measures.before_after import DAY_PARAM, before_after_sentence, days, linked_day_note, verdict_rule
from winloss.present import charts
from winloss.present.selection import selected_rep
from winloss.present.theme import PROFILE_COLOURS
from winloss.rates import Denominator
from winloss.views.common import has_accounts, point_deals, reasons_table
from winloss.views.reps import (
    BOARD_ROOM_PX,
    COUNT_COLUMNS_PX,
    LEADERBOARD_TEXT,
    PRESENTER_BOARD_ROOM_PX,
    PROFILE_HEADER_PX,
    RANKING_TITLE,
    REP_CHOICE_LABEL,
    REP_CHOICE_PLACEHOLDER,
    REP_HEADER_PX,
    TEAM_HEADER,
    TEAM_HEADER_PX,
    TEAM_HELP,
    RepCaptions,
    RepView,
    all_reps_n,
    all_reps_win_rate,
    board_layout,
    compared_names,
    deals_caption,
    leaderboard_captions,
    leaderboard_table,
    reps_name_columns,
    narrowed_deals,
    no_closed_deals_sentence,
    no_deals_advice,
    outcome_mix_caption,
    outcome_mix_title,
    rate_cell_words,
    rate_column_help,
    reasons_title,
    rep_captions,
    rep_chart_data,
    rep_chart_subjects,
    rep_header,
    rep_tiles_caption,
    scorecard_px,
    scorecard_titles,
    shows_closed_column,
    sorted_header_px,
    team_line_name,
    trend_data,
    trend_title,
    won_value_cell_words,
    won_value_cells,
    won_value_column_px,
    won_value_note,
    withheld_ranking_note,
)

ORIGIN = "reps"
ND_SHARE = "no_decision_share_of_losses"
TREND_SHARE = 0.6  # of the page's width the rep's trend takes, its outcome mix beside it
BOARD_KEY = "rp-board-columns"  # the leaderboard's All columns switch (drill.all_columns_switch), kept across drills


# ---- the leaderboard --------------------------------------------------------------------------
def board_config(quarter: str | None, currency: str = text.DEFAULT_CURRENCY, previous: str | None = None) -> dict:
    """Labels and widths (px), help from the view: every column fits 1280 px in presenter mode (its
    sidebar folded) and at 1440; at 1280 with the sidebar open, rep to won value, the win rate's 95% CI
    beside it. The Rep, Profile and Team columns are set to their headers' widths: ui.widgets.data_grid
    widens each to its longest name (text.column_px).

    The rates are number columns whose cells the engine words (rate_cell_words: "42%"), empty where
    withheld on too few deals (rates_as_shown: no withheld value reaches the browser), their help saying
    what "—" means (rate_column_help). The Rep
    column is not pinned: Streamlit draws a pinned column's text grey, as if it were disabled.
    `quarter`, `previous`: what the Δ columns compare, as the view names them (compared_names)."""
    helps = rate_column_help(quarter, previous)
    won = text.money_header("Won", currency)
    px = {"rep": REP_HEADER_PX, "seller_profile": PROFILE_HEADER_PX, "team": TEAM_HEADER_PX}
    return {
        "rep": st.column_config.TextColumn("Rep", width=px["rep"]),
        "seller_profile": st.column_config.TextColumn("Profile", width=px["seller_profile"]),
        "team": st.column_config.TextColumn(TEAM_HEADER, help=TEAM_HELP, width=px["team"]),
        "closed": st.column_config.NumberColumn("Closed", help=helps["closed"], width=COUNT_COLUMNS_PX["closed"],
                                                format="localized"),
        "n": st.column_config.NumberColumn("n", help=helps["n"], width=COUNT_COLUMNS_PX["n"], format="localized"),
        "win_rate": st.column_config.NumberColumn("Win rate", width=drill.RATE_WIDTH, help=helps["win_rate"]),
        "interval": st.column_config.TextColumn("95% CI", help=helps["interval"]),  # as wide as its intervals
        "nd_n": st.column_config.NumberColumn("Losses", help=helps["nd_n"], width=COUNT_COLUMNS_PX["nd_n"], format="localized"),
        # Its name in short, as the ND Δ beside it: "No decision ÷ losses" took 135 px for cells of 82.
        ND_SHARE: st.column_config.NumberColumn(
            text.ND_SHARE_OF_LOSSES_SHORT, width=drill.RATE_WIDTH, help=f"{text.ND_SHARE_OF_LOSSES}: {helps[ND_SHARE]}"),
        # The changes as wide as their words ("+18 pts", LEADERBOARD_TEXT): a set 60 px kept 2 px too many.
        "win_rate_qoq": st.column_config.NumberColumn("Win Δ", help=helps["win_rate_qoq"]),
        "nd_qoq": st.column_config.NumberColumn("ND Δ", help=helps["nd_qoq"]),
        # A number column without a format: its cells are written by text.compact (LEADERBOARD_TEXT),
        # "4.99M" and "23.4k", and still sort by value. Streamlit's "compact" wrote 4,990,000 and
        # 5,026,400 both "5M", and "K"; one unit for the whole column wrote $23,000 as "$0.0M".
        # The currency is in the header, whole beside a sort arrow whatever the currency (sorted_header_px).
        # A rep who left (winloss.employment): the day, beside their name, or "leaving on" a day still to come;
        # the column only when one has left or is leaving.
        employment.LEFT_ON: st.column_config.TextColumn(employment.LEFT_ON_HEADER, help=employment.LEFT_ON_HELP,
                                                        width=COUNT_COLUMNS_PX[employment.LEFT_ON]),
        "won_amount": st.column_config.NumberColumn(
            won, width=sorted_header_px(won),
            help=f"Won value in the range, in {currency}; marked {NO_RATE_MARK} where it leaves out won deals in a "
                 "currency with no exchange rate, — where none converts (the note under the table names them, and what "
                 "to do)."),
    }


def leaderboard_ui(view: View, board: pl.DataFrame, said: str = "") -> None:
    """The leaderboard of `board`'s reps; `said`: what its caption says of reps who left
    (employment.shown_reps_words), after the rest."""
    st.subheader("Leaderboard")
    table = leaderboard_table(board, view.presentation.hide_amounts, show_closed=shows_closed_column(view.filters))
    quarter, previous = compared_names(board)  # "2026 Q4 to date", "2026 Q3 to the same day"
    config = board_config(quarter, view.currency, previous)
    # A won value that leaves out deals no exchange rate converts is marked in its cell ("4.99M*"), the
    # currencies named in a note under the table (won_value_note).
    value_words = won_value_cell_words(board, view.presentation.hide_amounts)
    if value_words:
        width = won_value_column_px(value_words["won_amount"], config["won_amount"]["width"])
        config["won_amount"] = {**config["won_amount"], "width": width}
    # Every column as wide as its words (text.column_px), as data_grid draws it; the name columns then take what the
    # others leave of the board's room at 1280 px, a name too long for its column wrapped onto the row's lines.
    # The won values written as one column (won_value_cells: "1.10M" beside "1.75M", marks where a value leaves deals out).
    cell_words = {**rate_cell_words(table), **won_value_cells(board, view.presentation.hide_amounts)}
    config = fitted_columns(table, config, LEADERBOARD_TEXT, cell_words)
    presenter = view.presentation.presenter
    room = PRESENTER_BOARD_ROOM_PX if presenter else BOARD_ROOM_PX
    # The columns that fit the room (board_layout), the rest behind the All columns switch under the board.
    widths = {c: config[c]["width"] for c in table.columns}
    scale = PRESENTER_TYPE if presenter else None
    fitting, sized = board_layout(table, widths, room, scale)
    shown = fitting
    if st.session_state.get(f"{BOARD_KEY}-all", False):
        shown, sized = list(table.columns), reps_name_columns(table, widths, room, scale)
    config = {**config, **{c: {**config[c], "width": w} for c, w in sized.widths.items()}}
    cell_text = dict(LEADERBOARD_TEXT)
    if sized.lines is not None:  # a name that needs more lines than the rows have is cut, marked "…"
        cell_text |= {c: sized.cell(c) for c in sized.widths}
    event = data_grid(
        table, hide_index=True, on_select="rerun", selection_mode="single-row", key=drill.key("rp-board"),
        column_config=config, rows_in_view=table.height, max_height=560, lines=sized.lines,
        cell_text=cell_text, cell_words=cell_words, column_order=shown,
    )
    if len(fitting) < table.width:
        drill.all_columns_switch(st, BOARD_KEY)
    if note := won_value_note(board, view.currency, view.role, view.presentation.hide_amounts):
        st.caption(text.md(note))  # currencies as the files name them
    st.caption(leaderboard_captions(board, view.filters).board + said)
    rows = event.selection.rows if event else []
    if rows:
        show_rep(view, table["rep"][rows[0]])


# Session keys of before_after_ui: what it said of a link's day it could not use, and whether it opened on a link's day.
_LINKED_DAY_NOTE = "_before_after_link_note"
_OPENED = "_before_after_opened"


def before_after_ui(view: View) -> None:
    """The win rate of the reps the filters choose before a day against from it on (a coach's reps from the day
    the coaching began), each side's n, and the verdict under the Seller profiles page's rule.

    The day is bound to the page's address (DAY_PARAM), so a shared link opens the same comparison, the expander
    open on it. A link's day the range cannot be split at is said (linked_day_note) and not used."""
    first, last = days(view.start, view.end)
    if first > last:
        return
    if DAY_PARAM not in st.session_state and (given := st.query_params.get(DAY_PARAM)):  # the link's, not yet read
        if (note := linked_day_note(given, view.start, view.end)) is not None:
            # A day the field cannot hold: said, kept said until a day is picked, and out of the address.
            st.session_state[_LINKED_DAY_NOTE] = note
            del st.query_params[DAY_PARAM]
    # Opened on a link's day, so the comparison the link was shared for is in view.
    opened = st.session_state.setdefault(_OPENED, bool(st.query_params.get(DAY_PARAM)))
    with st.expander("Before and after a day", icon=":material/compare_arrows:", expanded=opened):
        if note := st.session_state.get(_LINKED_DAY_NOTE):
            st.warning(text.md(note), icon=":material/link_off:")  # it quotes the link's text
        picked = st.date_input(
            "From the day", value=None, min_value=first, max_value=last, key=DAY_PARAM, bind="query-params",
            format="YYYY-MM-DD", on_change=lambda: st.session_state.pop(_LINKED_DAY_NOTE, None),
            help="Deals closed in the range before this day against those closed from it on.",
        )
        if picked is None:
            st.caption("Pick a day inside the range: the win rate of the reps these filters choose before it is set "
                       "against their win rate from it on, each with its n.")
            return
        figures = numbers.before_after(*view.key, picked)
        if figures is None:
            return
        st.markdown(text.md(before_after_sentence(figures, "the reps these filters choose")))
        st.caption(verdict_rule())


def rep_chart_ui(view: View, board: pl.DataFrame, every_rep: pl.DataFrame | None = None) -> None:
    """The win rate by rep of `board`'s reps; its All reps line over `every_rep` (reps who left hidden from
    `board` still count in it), `board` when None."""
    every_rep = board if every_rep is None else every_rep
    if (note := withheld_ranking_note(board, view.filters, drill.around(view))) and not AnywaySwitch()():  # no rep ranked: a sentence
        marks = employment.marks_of(board)  # a rep who left is marked here too, as in the chart's own list
        if rep := stand_in_ui(note, REP_CHOICE_LABEL, board["rep"].to_list(), "rp-bars-pick", REP_CHOICE_PLACEHOLDER,
                              lambda r: employment.marked_name(r, marks.get(r))):
            show_rep(view, rep)
        return
    said = leaderboard_captions(board, view.filters)
    figure = charts.rate_bars(
        board, "rep", title=said.chart_title, colour_by="seller_profile", colours=PROFILE_COLOURS,
        customdata=["seller_profile"], horizontal=True, reference=all_reps_win_rate(every_rep),
        reference_n=all_reps_n(every_rep), reference_label="All reps",
        n_noun=text.N_CLOSED, room=drill.chart_room(view.presentation.presenter), marks=employment.marks_of(board),
    )
    event = chart(
        figure, said.chart, rep_chart_data(board),
        view=view.chart_view, key=drill.key("rp-bars"), presenter=view.presentation.presenter, on_select=True,
        subject=RANKING_TITLE,  # its title says so when no rep is ranked
    )
    rep = selected_rep(drill.points(event))
    if rep:
        show_rep(view, rep)


def show_rep(view: View, rep: str) -> None:
    """Open the rep view on this page: the rep goes in the URL, so the link reproduces it.

    A rerun, not st.switch_page: switching to the page already shown drops the sidebar's
    bound filters from the URL (the widgets keep them, a copied link would not).
    """
    drill.clicked()
    st.query_params[drill.REP_PARAM] = rep
    drill.to_top_next_run()
    st.rerun()


# ---- one rep ----------------------------------------------------------------------------------
def breadcrumb(view: View, rep: str) -> None:
    origin = st.query_params.get(drill.FROM_PARAM)
    columns = st.columns([1, 1, 4] if origin in drill.PAGE_TITLES and origin != ORIGIN else [1, 5],
                         vertical_alignment="center")
    if columns[0].button("All reps", icon=":material/arrow_back:", key="rp-back", width="stretch"):
        drill.clicked()
        forget_rep()
        drill.to_top_next_run()
        st.rerun()
    if len(columns) == 3 and columns[1].button(drill.PAGE_TITLES[origin], icon=":material/arrow_back:",
                                               key="rp-origin", width="stretch"):
        drill.back_to(view, origin)
    columns[-1].caption(f"Reps › **{text.md(rep)}**")


def tiles(view: View, rep: RepView) -> None:
    """Win rate and no-decision share against peers, closed deals, won value: decided by the view."""
    shown = rep.shown_tiles(view.presentation.hide_amounts)
    for column, tile in zip(st.columns(4), shown, strict=False):  # three tiles keep the four's widths
        with column:
            metric(tile, role=view.role)
    st.caption(rep_tiles_caption(rep, view.presentation.hide_amounts, view.currency, escape=text.md))


def scorecard_ui(view: View, rep: RepView, said: RepCaptions) -> None:
    card = rep.compared  # without a team row when the rep has no team
    # Side by side on one rate axis, so their bars compare; names and ticks fitted to their width.
    win_title, nd_title = scorecard_titles(rep)
    win, nd = charts.scorecards(card, win_title=win_title, nd_title=nd_title, profile=rep.profile,
                                width_px=scorecard_px(view.presentation.presenter))
    left, right = st.columns(2, gap="medium")
    with left:
        chart(win,
              said.scorecard_win,
              card.select("who", "reps", "closed", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi"),
              view=view.chart_view, key="rp-card-win", presenter=view.presentation.presenter,
              subject=rep_chart_subjects(rep).scorecard_win)
    with right:
        chart(nd,
              said.scorecard_no_decision,
              card.select("who", "lost", "no_decision", f"{ND_SHARE}_n", ND_SHARE, f"{ND_SHARE}_lo", f"{ND_SHARE}_hi"),
              view=view.chart_view, key="rp-card-nd", presenter=view.presentation.presenter,
              subject=rep_chart_subjects(rep).scorecard_no_decision)


def trend_ui(view: View, rep: RepView, said: RepCaptions) -> list | None:
    """The rep's trend by quarter; returns a clicked point ([quarter, its rate's column])."""
    event = chart(
        charts.rate_trend(rep.trend, title=trend_title(rep), reference=rep.team_trend,
                          reference_name=team_line_name(rep),
                          room=drill.chart_room(view.presentation.presenter, TREND_SHARE)),
        said.trend,
        trend_data(rep),
        view=view.chart_view, key=drill.key("rp-trend"), presenter=view.presentation.presenter, on_select=True,
        subject=rep_chart_subjects(rep).trend,
    )
    return drill.first_custom(event)


def history_ui(view: View, rep: RepView, said: RepCaptions) -> tuple[list | None, str | None]:
    """The rep's trend and outcome mix; returns a clicked point ([quarter, its rate's column]) and outcome."""
    left, right = st.columns([TREND_SHARE, 1 - TREND_SHARE], gap="medium")
    quarter = None
    with left:
        if said.trend_withheld:  # every rate in it would be withheld: the sentence in its place
            st.info(said.trend_withheld, icon=":material/timeline:")
        else:
            quarter = trend_ui(view, rep, said)
    with right:
        mine = rep.scorecard.filter(pl.col("comparison") == "rep")
        event = chart(
            charts.outcome_mix(mine, title=outcome_mix_title(rep)),
            outcome_mix_caption(rep), None,
            view=view.chart_view, key=drill.key("rp-mix"), presenter=view.presentation.presenter, on_select=True,
        )
        outcome = drill.first_custom(event)
    return quarter, (outcome[0] if outcome else None)


def reasons_ui(view: View, rep: RepView, said: RepCaptions) -> str | None:
    if said.no_losses is not None:  # every closed deal won: no reason to chart
        st.info(said.no_losses, icon=":material/filter_alt_off:")
        return None
    reasons = rep.reasons
    event = chart(
        charts.reason_bars(reasons, title=reasons_title(rep), room=drill.chart_room(view.presentation.presenter)),
        said.reasons,
        reasons_table(reasons, view.presentation.hide_amounts),
        view=view.chart_view, key=drill.key("rp-reasons"), presenter=view.presentation.presenter, on_select=True,
        subject=rep_chart_subjects(rep).reasons,
    )
    picked = drill.first_custom(event)
    return picked[0] if picked else None


def deals_ui(view: View, rep: RepView, point: list | None, outcome: str | None, reason: str | None) -> None:
    """The rep's deals, narrowed by the filters here and by a click on a chart above (`point`: a trend's
    [quarter, rate's column]: a no-decision share's point narrows to its lost and no-decision deals)."""
    quarter = point[0] if point else None
    listed = point_deals(point[1] if point and len(point) > 1 else None)
    st.container(key="rp-deals-head").subheader(f"{text.md(rep.rep)}'s deals")
    wanted = linked_outcome()
    if sentence := unmatched_link_sentence(wanted, text.md):
        del st.query_params[drill.OUTCOME_PARAM]  # said once; the URL no longer carries it
        st.info(sentence, icon=":material/filter_alt_off:")
    left, middle, right = st.columns([3, 2, 2], vertical_alignment="bottom")
    chosen = left.pills(
        "Outcome", list(OUTCOMES), selection_mode="multi", format_func=OUTCOME_LABELS.get,
        default=list(wanted.kept) or None, key=f"rp-outcome-{rep.rep}",
    )
    quarters = ["All quarters", *rep.deal_quarters]
    picked_quarter = middle.selectbox("Quarter", quarters, key=f"rp-quarter-{rep.rep}")
    # No deal names its account (the list then has no Account column): a search by account would find nothing.
    search = right.text_input("Account contains", key=f"rp-search-{rep.rep}", placeholder="e.g. Lakeside") if has_accounts(rep.deals) else ""
    narrowed = narrowed_deals(
        rep.deals, outcomes=tuple(chosen or ()), account_contains=search, fy_start_month=view.filters.fy_start_month,
        quarter=None if picked_quarter == "All quarters" else picked_quarter,
        clicked_quarter=quarter, clicked_outcome=outcome, clicked_reason=reason,
        clicked_outcomes=listed.outcome if quarter and listed.losses else (),
    )
    rows, notes = narrowed.deals, [text.md(n) for n in narrowed.clicked]
    if notes:  # a click on a chart above narrowed the list: bring it into view
        drill.into_view("rp-deals-head", "\n".join(notes))
        top, clear = st.columns([6, 1], vertical_alignment="center")
        top.info(f"Narrowed by your choice on a chart above: {', '.join(notes)}.", icon=":material/ads_click:")
        if clear.button("Show all", key="rp-clear-click", width="stretch"):
            drill.clicked()
            st.rerun()
    drill.deals_table(view, rows, key="rp-deals", caption=deals_caption(view.end, view.as_of),
                      what=f"{rep.rep} deals", same=drill.ONE_REP,
                      denominator=Denominator(view.filters.denominator), losses=narrowed.losses)


def at_risk_ui(view: View, rep: RepView) -> None:
    st.subheader(f"{text.md(rep.rep)}'s open deals at risk, as of {drill.day_text(view.as_of)}")
    if rep.at_risk.height == 0:
        st.caption(none_at_risk_caption(rep.none_at_risk, view.end, view.as_of, rep.undated_open))
    else:
        drill.deals_table(view, rep.at_risk, key="rp-at-risk", extra=("days_open", "reason"),
                          caption=at_risk_list_caption(view.end, view.as_of, undated=rep.undated_open), same=drill.ONE_REP,
                          what=f"{rep.rep} at risk")
    drill.unplaced_at_risk_ui(view, rep.at_risk_unplaced, rep.rep)


def rep_ui(view: View, name: str) -> None:
    breadcrumb(view, name)
    rep = numbers.rep(*view.key, name, view.as_of, view.currency)
    if rep is None:  # the filters leave none of the rep's deals, of any date: say which filter to clear
        every_deal = coded_deals_of(view.source.uri, view.source.version, view.source.anonymise).lazy()
        empty_state(f"{text.md(name)} has no deals under these filters.",
                    no_deals_advice(every_deal, name, view.filters, text.md))
        return
    st.title(text.md(name))
    st.markdown(rep_header(rep, escape=text.md))
    st.caption(drill.measured_text(view))
    drill.filters_ui(view, rep.rep)
    said = rep_captions(rep, view.filters)
    tiles(view, rep)
    no_closed = no_closed_deals_sentence(rep, escape=text.md, advice=drill.empty_advice(view, rep.rep))
    if no_closed:  # open deals only: no empty charts over "(n = 0)", the deals listed below
        st.info(no_closed, icon=":material/event_busy:")
        point = outcome = reason = None
    else:
        scorecard_ui(view, rep, said)
        point, outcome = history_ui(view, rep, said)
        reason = reasons_ui(view, rep, said)
    deals_ui(view, rep, point, outcome, reason)
    at_risk_ui(view, rep)


def linked_outcome() -> LinkedValues:
    """The outcome the link's rep deal list starts on (drill.OUTCOME_PARAM, a code or its label),
    read against OUTCOMES."""
    wanted = st.query_params.get_all(drill.OUTCOME_PARAM)
    return linked_values(drill.OUTCOME_PARAM, wanted, OUTCOMES,
                         {label: code for code, label in OUTCOME_LABELS.items()})


def linked_rep(view: View, name: str) -> LinkedValues:
    """The link's rep (drill.REP_PARAM) read against the reps of the data as shown
    (winloss.filters.linked_filters): a rep the link names in the other naming (a real name while
    names are anonymised, a pseudonym while they are not) is kept under the name the page shows."""
    source = view.source
    shown = coded_deals_of(source.uri, source.version, source.anonymise).get_column("rep")
    reps = set(shown.drop_nulls().unique().cast(pl.String).to_list())
    (linked,) = linked_filters({drill.REP_PARAM: [name]}, {drill.REP_PARAM: reps}, lambda: names_elsewhere(source))
    return linked


def forget_rep() -> None:
    """Drop the rep (and the drill's origin and outcome) from the URL."""
    for param in (drill.REP_PARAM, drill.FROM_PARAM, drill.OUTCOME_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def page() -> None:
    view = from_url()
    drill.scroll_to_top()
    name = st.query_params.get(drill.REP_PARAM)
    linked = linked_rep(view, name) if name else None
    if linked and linked.kept:
        (shown,) = linked.kept
        if shown != name:  # a real name while anonymised: the URL names the pseudonym the page shows
            st.query_params[drill.REP_PARAM] = shown
        rep_ui(view, shown)
        return
    drill.header(view, "Reps", "Who wins, who loses most to **no decision** — choose a rep to see why.")
    if linked and (unmatched := unmatched_link_sentence(linked, text.md)):
        # The sentence never repeats the name: with names anonymised, an old link's `rep` may be a real one.
        forget_rep()
        st.info(unmatched, icon=":material/person_off:")
    board = numbers.reps(*view.key, view.as_of, view.currency)
    if board.height == 0:
        empty_state("No rep has a closed deal in this range.", drill.empty_advice(view))
        return
    # Reps who left are shown by default: their deals are in every number on the page, the All reps line too.
    # In the URL as every filter is (?hide_left=true), so a link opens the page as it was when it was copied.
    # Its link value read by the one rule for a link's switches (hide_left=yes hides them, as =true does).
    hide = employment.left_count(board) > 0 and linked_toggle(st, employment.HIDE_LABEL, employment.HIDE_PARAM,
                                                              "above", help=employment.HIDE_HELP)
    listed = employment.without_left(board) if hide else board
    said = employment.shown_reps_words(board, hidden=hide)
    if listed.height == 0:
        empty_state("Every rep with a closed deal in this range has left.", f"Turn off '{employment.HIDE_LABEL}' to list them.")
        return
    leaderboard_ui(view, listed, said)
    before_after_ui(view)
    rep_chart_ui(view, listed, board)


page()
