"""Drill-down: page headers, chart clicks to reps and rows, the deals behind a number."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui import numbers
from ui.context import View
from ui.style import PRESENTER_TYPE
from ui.widgets import data_grid, download, fitted_columns
from winloss import text
from winloss.filters import OUTCOME_PARAM, REP_PARAM, to_query
from winloss.measures.at_risk import at_risk_rule, reason_help
from winloss.present.charts import NARROWEST_LOSS_PX, ChartRoom
from winloss.present.selection import first_custom, points, selected_rep  # noqa: F401  (pages read clicks through drill)
from winloss.present.theme import PRESENTER_SCALE
from winloss.rates import Denominator
from winloss.views.common import (
    ClosedAround, Unplaced, active_filters, closed_after_sentence, closed_range_text, filtered_sentence, nothing_shown_advice,
    stages_that_say_more, unplaced_sentence, without_empty_details,
)
from winloss.views.reps import NAME_LINES, NameColumns
from winloss.views.deal_lists import (
    DEAL_NAME,
    EXPORTED_AMOUNT,
    EXPORTED_CURRENCY,
    FULL_DEAL_NAME,
    NOT_CONVERTED_COLUMN,
    NOT_CONVERTED_HEADER,
    count_sentence,
    deals_csv,
    list_file_name,
    listed_deals,
    not_converted_cells,
    not_converted_help,
    whole_amounts,
    with_short_deal_names,
)

REPS_PAGE = "app_pages/reps.py"
SHOWN_ROWS = 1_000  # deals listed on a page; the CSV carries them all
FROM_PARAM = "back"  # not "from": the sidebar binds that to a custom range's start
PAGE_TITLES = {"overview": "Overview", "profiles": "Seller profiles", "no_decision": "No decision", "reps": "Reps"}

# A deal list shows what a room reads first, in the order it is read: the deal, its rep, how it ended,
# what it is worth, why the list exists (an at-risk deal's reason, which says how long it has been
# open, else a closed deal's loss reason), then when it closes or closed and where it stands (the
# date first: on a rep's own at-risk list the stage took the close date's room). A column every row shares
# by the list's own context (a rep's own list: the rep; the deals behind the Won bar: the outcome) is
# left out, since the heading names it (`same`). Every other column is one switch away (ALL_COLUMNS),
# and in the CSV at the app's type.
# then the reason, then AFTER_WHY; an amount no exchange rate converts is beside the amount (with_not_converted)
ROOM_COLUMNS = ("account", DEAL_NAME, "rep", "outcome", "amount", NOT_CONVERTED_COLUMN)
WHY_COLUMNS = ("reason", "loss_reason")  # the first a list has is its reason
AFTER_WHY = ("close_date", "stage")
ONE_REP = ("rep", "seller_profile")  # what every deal of one rep's list shares

# Widths in px at the app's type (presenter mode scales them, ui.widgets.data_grid): each the widest
# text of the sample's deals in the grid's type (Source Sans, 14 px) and the cell's 8 px each side,
# so the room's columns of every list fit a 1280 px window with the sidebar open, where the app's
# margins (ui.style) leave a list 930 px and a drill-down's box 898 px (presenter type, its sidebar
# folded: 974 and 942 in these px). A wider window stretches every column alike, so at 1440 px an
# account of 37 letters ("Blue Ridge Manufacturing S.A. de C.V.") reads whole too.
DEAL_WIDTH = 140  # "Acct 094 - Renewal": a Deal column's least room for its longest name (text_sized_widths)
DEAL_MAX_WIDTH = 280  # px a Deal column takes at most, however long a name (the rest reads in the All columns)
ACCOUNT_WIDTH = 204  # "Blue Ridge Manufacturing Corp." (201 px), an at-risk account of the sample, whole at 1280 px
REP_WIDTH = 110  # "Camila Brennan"
OUTCOME_WIDTH = 86  # "No decision"
AMOUNT_WIDTH = 86  # "$1,500,000"
LOSS_REASON_WIDTH = 128  # "Lost to Competitor"
STAGE_WIDTH = 166  # HubSpot's longest default stage, "Decision Maker Bought-In", needs 166 px (142 cut "Appointment Scheduled")
DAY_WIDTH = 88  # "30 Sep 2025"
REASON_WIDTH = 272  # "Open 363 days (over 120); overdue 124 days"
AGE_REASON_WIDTH = 184  # "Open 363 days (over 120)": a reason of deals judged on age alone (a past day's)
STAGE_NOW_WIDTH = 180  # "No decision 29 Sep 2026": what became of a deal closed since a past day (at_risk.stage_now)
RATE_WIDTH = 82  # "n too small" (65 px), what a rate cell on too few deals reads, and its padding
PAGE_WIDTH = 930  # px a page's content has at 1280 px with the sidebar open (a table must fit it)
# px a page's content has at 1280 px in presenter mode, its sidebar folded, in px at the app's type
# (1218 px of the screen ÷ PRESENTER_TYPE); a grid's row-selection checkboxes take ROW_MARKER_PX of
# the screen's px (they do not grow with the type). A table fits in what is left.
PRESENTER_PAGE_WIDTH = 974
PRESENTER_SCREEN_PX = 1218  # the same in px of the screen: what a table's columns and checkboxes may take
ROW_MARKER_PX = 33
LIST_WIDTH = 898  # px a deal list may take at 1280 px: PAGE_WIDTH on a page, less in a drill-down box
# px of the screen a page's content has on a projector's 1024 px in presenter mode, its sidebar folded (the page's
# 1.5rem margins at presenter type take the rest): the narrowest screen a list is presented on. In px of the app's
# type (÷ PRESENTER_TYPE) its lists' columns take 769 px where PAGE_WIDTH gave them 930, which presenter type
# made 1,162 px of the screen: the at-risk list ran 142 px past its 962, its Stage read "Pro".
PRESENTER_NARROWEST_SCREEN_PX = 962
PRESENTER_NARROWEST_PAGE_WIDTH = math.floor(PRESENTER_NARROWEST_SCREEN_PX / PRESENTER_TYPE)
CHAR_WIDTH = 7  # px: a character of the grid's type, at most, on average (the widths above: 6.2-6.7)
CELL_PADDING = 16  # px: a cell's 8 px each side
# px a sorted column's header gives its sort arrow and the column menu's button beside the name: at
# 1280 px the leaderboard's sorted "Won ($)", 84 px wide, read "↑ Won ($".
SORT_ROOM = 40


COLUMN_GAP_PX = 32  # px between two charts side by side (st.columns' "medium" gap)


def chart_room(presenter: bool, share: float = 1.0) -> ChartRoom:
    """Where a chart taking `share` of a page's width (0.6 beside another in st.columns([3, 2])) is drawn
    at 1280 px, the narrowest screen the app is read on at a desk: its sidebar open at the app's type, or
    folded in presenter mode with the chart's type PRESENTER_SCALE times larger: 930 px across the page and
    539 beside another chart, 1218 and 712 in presenter mode, a px or two less than Chromium draws them.
    Its narrowest_px is the same on a projector's 1024 px, the page NARROWEST_LOSS_PX narrower (558 beside
    another chart in presenter mode, as Chromium draws it), which charts.quarter_ticks words a trend's
    quarters to fit."""
    page = PRESENTER_SCREEN_PX if presenter else PAGE_WIDTH

    def width(page_px: float) -> float:
        return page_px if share >= 1 else (page_px - COLUMN_GAP_PX) * share

    return ChartRoom(width(page), PRESENTER_SCALE if presenter else 1.0, width(page - NARROWEST_LOSS_PX))


def list_room(room: int, presenter: bool) -> int:
    """px at the app's type a deal list's columns may take: `room`, what it has at 1280 px with the sidebar
    open (PAGE_WIDTH on a page, LIST_WIDTH in a drill-down's box); in presenter mode what it has on a
    projector's 1024 px (PRESENTER_NARROWEST_PAGE_WIDTH on a page, as much less in a box), the narrowest
    screen it is presented on: a wider one stretches every column alike."""
    return room - (PAGE_WIDTH - PRESENTER_NARROWEST_PAGE_WIDTH) if presenter else room


# The names a deal list narrows when its room's columns do not fit beside each other (key_columns_narrowed): each at
# most to its header beside a sort arrow, its rows then wrapping it.
NARROWED = (("account", "Account"), (DEAL_NAME, "Deal"), ("rep", "Rep"))


def key_columns_narrowed(widths: Mapping[str, int], columns: Sequence[str], room: int,
                         needs: Mapping[str, int] | None = None, after_why: Sequence[str] = AFTER_WHY) -> dict[str, int]:
    """`widths` (px per column of a deal list's grid, `columns` the ones it draws) with the names of NARROWED
    sized so that the list's key columns (key_columns) fit `room` px where they can. First each gives what its
    longest name does not use (`needs`, px per column: drawn_text_width; a column without one gives nothing),
    keeping its header (sortable_header_width); where what the columns then shown (grid_columns, `after_why`
    after the reason) leave of `room` holds every name whole, the names narrower than theirs take it ("Rep 07" in
    a Rep column set for "Camila Brennan" gives the account the room it lacked), so no row wraps. Then, the key
    columns still too wide, each name is narrowed by its share of what they can give together (its width less its
    header's), so no one name takes every line, and the rows wrap them (deal_grid). In presenter mode on a
    projector's 1024 px (list_room) the at-risk list's account, deal, rep, amount and reason took 794 px of 769,
    and its reason went behind the All columns switch."""
    narrowed = dict(widths)
    needs = needs or {}
    shown = [(c, h) for c, h in NARROWED if c in columns and c in narrowed]
    for column, header in shown:
        narrowed[column] = min(narrowed[column], max(needs.get(column, narrowed[column]), sortable_header_width(header)))
    kept = grid_columns(columns, widths=narrowed, room=room, after_why=after_why)
    short = {c: max(needs.get(c, 0) - narrowed[c], 0) for c, _ in shown}
    if 0 < sum(short.values()) <= room - sum(narrowed.get(c, 0) for c in kept):
        narrowed.update({c: narrowed[c] + more for c, more in short.items()})
    over = sum(narrowed.get(c, 0) for c in key_columns(columns)) - room
    slack = {c: max(narrowed[c] - sortable_header_width(h), 0) for c, h in shown}
    spare = sum(slack.values())
    if over <= 0 or not spare:
        return narrowed
    for column, give in slack.items():
        narrowed[column] -= min(give, math.ceil(over * give / spare))
    return narrowed


def sortable_header_width(header: str) -> int:
    """px a column needs for `header` to read whole when the grid is sorted by it (arrow and menu beside)."""
    return len(header) * CHAR_WIDTH + CELL_PADDING + SORT_ROOM
# The text columns widened to their longest value while the list has room, in this order: a loss
# reason from the file ("No Decision / Non-Responsive") was cut at LOSS_REASON_WIDTH in a rep's own
# list, which had 170 px to spare.
FITTED = ("loss_reason", "account", DEAL_NAME, "stage")
# The columns sized to their longest text shown (text_sized_widths), the why's set width its most:
# at 1280 px "Why at risk" kept 272 px for a reason no deal of the list had while the deal's name,
# held at DEAL_WIDTH, read "Silverline Media B.V. - C".
TEXT_SIZED = (DEAL_NAME, "reason")
ALL_COLUMNS = "All columns"  # the switch to a deal list's every column (presenter mode offers no CSV)


def day_text(day: dt.date) -> str:
    """1 Oct 2025 (winloss.text.day)."""
    return text.day(day)


def measured_text(view: View) -> str:
    """What every page states under its title: the close-date range, why it is not the usual default when
    the view opened on another (View.default_words), and the win-rate definition."""
    return closed_range_text(view.start, view.end, view.as_of, Denominator(view.filters.denominator), view.default_words)


def around(view: View, rep: str | None = None) -> ClosedAround:
    """The closed deals under the view's filters its range holds and leaves out, and each preset's range holds
    (views.common.closed_around, cached): what every piece of advice about the range names its choice by;
    of `rep`'s deals alone on their view."""
    return numbers.around(*view.key, view.today, view.as_of, rep)


def empty_advice(view: View, rep: str | None = None) -> str:
    """What a page with no closed deal in its range tells the user to do (views.common.nothing_shown_advice
    of the closed deals around the range): the choice that shows the deals the note under the range counts;
    of `rep`'s deals alone on their view."""
    return nothing_shown_advice(view.filters, around(view, rep))


def filters_text(view: View) -> str | None:
    """The dimension filters in force, as Markdown with the values escaped: "Filtered: Region = APAC."

    None when nothing is filtered. Every page says it, in presenter mode too, so filtered numbers
    are never read as company totals.
    """
    return filtered_sentence(active_filters(view.filters), text.md, lambda word: f"**{word}**")


def filters_ui(view: View, rep: str | None = None) -> None:
    """The dimension filters in force (`filters_text`), then what they leave out for want of a value, one
    sentence each (views.common.unplaced_sentence: "The Deal size filter keeps 10 of the 42 closed deals in
    this range; 12 of the 32 it leaves out have no deal size: ..."), of `rep`'s deals alone on their view.
    Nothing unfiltered."""
    filtered = filters_text(view)
    if not filtered:
        return
    st.markdown(f":material/filter_alt: {filtered}")
    for left_out in numbers.unplaced(view.source, view.filters, view.start, view.end, view.currency, rep):
        st.caption(text.md(unplaced_sentence(left_out, owner=rep, role=view.role)))


def unplaced_at_risk_ui(view: View, left_out: Sequence[Unplaced], rep: str | None = None) -> None:
    """Under an at-risk list, the open deals at risk the filters leave out of it for want of a value, one
    caption each (views.common.unplaced_sentence: "The Deal size filter keeps 1 of the 4 open deals at risk;
    the 3 it leaves out have no deal size: ..."), `rep`'s on their view, worded for the visitor's role. Nothing when none
    is left out."""
    for one in left_out:
        st.caption(text.md(unplaced_sentence(one, owner=rep, role=view.role)))  # a rep's name comes from a file


def header(view: View, title: str, question: str) -> None:
    st.title(title)
    st.markdown(question)
    st.caption(measured_text(view))
    # A range holding no closed deal says where they are in the page's advice (empty_advice), once.
    counted = around(view)
    left_out = closed_after_sentence(counted) if counted.within else None
    if left_out:
        st.caption(left_out)
    filters_ui(view)


# ---- chart clicks -----------------------------------------------------------------------------
def key(base: str) -> str:
    """A chart's widget key; it changes once a click was acted on, which clears the selection.

    A Plotly selection outlives its rerun: without a fresh key, going back from a rep view
    would find the old click still there and open the rep again.
    """
    return f"{base}-{st.session_state.get('_drill_round', 0)}"


def clicked() -> None:
    """Mark the current selections as acted on (every drill chart gets a fresh key)."""
    st.session_state["_drill_round"] = st.session_state.get("_drill_round", 0) + 1


def to_top_next_run() -> None:
    st.session_state["_drill_to_top"] = True


def scroll_to_top() -> None:
    """After a drill on the same page, show the new view from its top, not where the click was."""
    if st.session_state.pop("_drill_to_top", False):
        st.html(
            "<script>for (const e of [document.querySelector('[data-testid=\"stMain\"]'), "
            "document.querySelector('[data-testid=\"stAppViewContainer\"]'), document.scrollingElement])"
            " { if (e) e.scrollTo(0, 0); }</script>",
            unsafe_allow_javascript=True,
        )


# Brings a container into view: Streamlit keeps the scroll where the click was, and at 1280x720 the deals a
# click opened began 100 px below the screen with nothing on it changed but the faded bars. The script runs
# when its text changes (st.html runs a script as it mounts), so each new pick scrolls once, and a rerun
# inside the list (a sort, the all-columns switch) leaves the scroll alone. A heading already high enough in
# view is left where it is; else it goes just under Streamlit's header bar.
_INTO_VIEW_JS = """<script data-pick="{pick}">requestAnimationFrame(() => {{
  const box = document.querySelector(".st-key-{box}");
  if (!box) return;
  const bar = document.querySelector('[data-testid="stHeader"]');
  const below = bar ? bar.getBoundingClientRect().bottom : 0;
  const top = box.getBoundingClientRect().top;
  if (top >= below && top <= window.innerHeight * 0.5) return;
  box.style.scrollMarginTop = (below + 8) + "px";
  box.scrollIntoView({{block: "start"}});
}});</script>"""


def into_view(box: str, pick: str) -> None:
    """Scroll the container keyed `box` (st.container(key=box)) into view once for each new `pick` (any
    text naming what was clicked; only its digest reaches the page)."""
    digest = hashlib.sha1(f"{box}\n{pick}".encode()).hexdigest()[:16]
    st.html(_INTO_VIEW_JS.format(pick=digest, box=box), unsafe_allow_javascript=True)


def switch(view: View, page: str, params: Mapping[str, str | list[str]]) -> None:
    """st.switch_page to `page` with `params`, the filters kept; stops this run.

    The sidebar's widgets are bound to their query parameters, which keeps them in the URL
    across a switch, and Streamlit refuses to set a bound parameter directly. So the filters
    are passed along only when nothing binds them (a page run without dashboard.py).
    """
    clicked()
    try:
        st.switch_page(page, query_params={**to_query(view.filters, view.presentation, view.stored_fy_start_month, view.default_period), **params})
    except StreamlitAPIException:
        st.switch_page(page, query_params=dict(params))


def open_rep(view: View, rep: str, origin: str | None = None, outcome: str | Sequence[str] | None = None) -> None:
    """Switch to the Reps page showing `rep`, keeping the filters, its deal list on `outcome` (one or
    several); stops this run."""
    params: dict[str, str | list[str]] = {REP_PARAM: rep}
    if origin:
        params[FROM_PARAM] = origin
    if outcome:
        params[OUTCOME_PARAM] = outcome if isinstance(outcome, str) else list(outcome)
    switch(view, REPS_PAGE, params)


def rep_from_click(view: View, event: Any, origin: str, outcome: str | Sequence[str] | None = None) -> None:
    """Open the rep a click on a rep chart chose (customdata[0] is the rep), its deal list on `outcome`
    (a no-decision share's bar: the lost and no-decision deals, that share's n)."""
    rep = selected_rep(points(event))
    if rep:
        open_rep(view, rep, origin, outcome)


def back_to(view: View, origin: str) -> None:
    """Switch back to the page a drill started on, filters kept."""
    switch(view, f"app_pages/{origin}.py", {})


# ---- the deals behind a number ------------------------------------------------------------------
def deal_columns(frame: pl.DataFrame, hide_amounts: bool, extra: Sequence[str] = ()) -> pl.DataFrame:
    """The deal columns a list (and its CSV) holds (winloss.views.deal_lists.listed_deals)."""
    return listed_deals(frame, hide_amounts, extra)


def grid_columns(columns: Sequence[str], same: Sequence[str] = (), every: bool = False,
                 widths: Mapping[str, int] | None = None, room: int = LIST_WIDTH,
                 after_why: Sequence[str] = AFTER_WHY) -> list[str]:
    """Of a deal list's `columns`, the ones its grid shows, in order: never those in `same` (the
    columns every row shares by the list's context, named by its heading); with `every` (the list's
    ALL_COLUMNS switch on) all the others in the list's order; else ROOM_COLUMNS, the first of
    WHY_COLUMNS, then `after_why` (AFTER_WHY, or the stage first where it says more than the close
    date), each that the list has and, with `widths` (px per column; a column without one counts 0),
    that still fits `room` px beside the ones before it: one that does not is left to the switch
    rather than scroll the list sideways (a deal's name took the room of an at-risk list's stage), and
    a narrower one after it still shows (its close date)."""
    kept = [c for c in columns if c not in same]
    if every:
        return kept
    why = [c for c in WHY_COLUMNS if c in kept][:1]
    order = [c for c in (*ROOM_COLUMNS, *why, *after_why) if c in kept]
    if widths is None:
        return order
    fitting: list[str] = []
    for column in order:
        if not fitting or sum(widths.get(c, 0) for c in (*fitting, column)) <= room:
            fitting.append(column)
    return fitting


def deal_grid(frame: pl.DataFrame, *, key: str, column_config: Mapping[str, Any], currency: str,
              same: Sequence[str] = (), room: int = PAGE_WIDTH, after_why: Sequence[str] = AFTER_WHY,
              **options: Any) -> None:
    """A deal list's grid (ui.widgets.data_grid, `options` passed on), showing grid_columns of `frame`
    that fit `room` px (PAGE_WIDTH on a page, LIST_WIDTH in a drill-down's box) at `column_config`'s
    widths, `after_why` after the reason (every one but `same` when the list's ALL_COLUMNS switch,
    all_columns_switch with the same `key`, is on); the CSV keeps them all. Amounts are in the
    reporting `currency`; one no exchange rate converts reads "—" there and in its own currency in the
    column beside it (with_not_converted), as a screen reader reads them too."""
    # The switch is drawn under the list, but its value is known before the list is drawn.
    every = st.session_state.get(f"{key}-all", False)
    # A deal's name beside its account without the account's name it starts with; whole in FULL_DEAL_NAME.
    named = with_short_deal_names(frame)
    drawn = named.select(grid_columns(named.columns, same, every=True))  # `same` is not sent to the page at all
    config = dict(column_config)
    # Whole amounts by the one rounding rule: the grid's "%d" format cuts the cents off.
    drawn = whole_amounts(with_not_converted(drawn, currency))
    if NOT_CONVERTED_COLUMN in drawn.columns:
        config[NOT_CONVERTED_COLUMN] = not_converted_column(drawn.get_column(NOT_CONVERTED_COLUMN), currency)
    sized = text_sized_widths(drawn, {c: config[c]["width"] for c in drawn.columns
                                      if isinstance(config.get(c), dict) and isinstance(config[c].get("width"), int)},
                              room)
    # Then each text column as wide as its longest text (text.column_px), as data_grid draws it: the
    # columns that fit `room` are chosen at the widths they are drawn.
    fitted = fitted_columns(drawn, {**config, **{c: {**config[c], "width": w} for c, w in sized.items()}})
    widths = {c: fitted[c]["width"] for c in sized}
    order = grid_columns(drawn.columns, every=every, widths=widths, room=room, after_why=after_why)
    # Names at their longest (a rep's, an account's) took the room of the rep or the reason: then each column
    # keeps its set width and the rows wrap the long names onto as many lines as the longest takes.
    wrap = not every and not set(key_columns(drawn.columns)) <= set(order)
    if wrap:
        needs = {c: drawn_text_width(drawn, c) for c, _ in NARROWED if c in drawn.columns}
        widths = key_columns_narrowed(sized, drawn.columns, room, needs, after_why)
        order = grid_columns(drawn.columns, widths=widths, room=room, after_why=after_why)
    else:
        config = fitted
    widths = fitted_widths(drawn, order, {c: w for c, w in widths.items() if c in order}, room)
    for column, width in widths.items():
        config[column] = {**config[column], "width": width}
    wrapped = {c: max((text.wrapped_lines(str(v), widths[c]) for v in drawn.get_column(c).drop_nulls().unique()), default=1)
               for c in order if c in widths and drawn.schema[c] == pl.String} if wrap else {}
    lines = max(wrapped.values(), default=1) if wrap else None
    if lines == 1:  # every name on one line of its narrowed column: rows of one line (wrapping ones are 3 at least)
        lines = None
    if lines is not None and lines > NAME_LINES:
        # The leaderboard's rule: rows NAME_LINES tall, a name longer still cut, marked "…", keeping its start and
        # its end (NameColumns.cell); whole in the CSV and under "All columns". A rep of 64 letters made every row
        # of a clicked profile's deals 5 lines (145 px in presenter mode) tall, two or three deals in view.
        cut = NameColumns(widths, NAME_LINES)
        options["cell_text"] = {c: cut.cell(c) for c, need in wrapped.items() if need > NAME_LINES}
        lines = NAME_LINES
    data_grid(drawn, hide_index=True, column_config=config, key=key, column_order=order, lines=lines, **options)


def key_columns(columns: Sequence[str]) -> list[str]:
    """Of a deal list's grid `columns` (those it draws), the ones it always shows without its ALL_COLUMNS
    switch: ROOM_COLUMNS and its reason (the first of WHY_COLUMNS), each it has. Long names wrap onto
    their rows rather than push one of them behind the switch (deal_grid): with reps of 40 letters and
    accounts of 60, an at-risk list kept its Rep and Why at risk there."""
    why = [c for c in WHY_COLUMNS if c in columns][:1]
    return [c for c in (*ROOM_COLUMNS, *why) if c in columns]


def with_not_converted(frame: pl.DataFrame, currency: str) -> pl.DataFrame:
    """`frame` (a deal list as its grid draws it) with, right after its `amount`, the column of the amounts no
    exchange rate converts, each as the file wrote it ("€77.5k": winloss.views.deal_lists.not_converted_cells),
    when it has one. Its amount stays a number column, sorted by value, whose cell for such a deal is empty:
    the words sent there once took a stand-in number (-inf) that the grid's table for screen readers read
    out as "-Infinity". `frame` as it is when every amount converts or amounts are hidden."""
    cells = not_converted_cells(frame, currency)
    if not any(cell is not None for cell in cells):
        return frame
    return frame.insert_column(frame.columns.index("amount") + 1, pl.Series(NOT_CONVERTED_COLUMN, cells, pl.String))


def not_converted_column(cells: pl.Series, currency: str) -> Any:
    """The config of with_not_converted's column: its header, as wide as it or its longest cell (text.text_px,
    CELL_PADDING), whichever is wider, and what it holds as its help."""
    width = max(len(NOT_CONVERTED_HEADER) * CHAR_WIDTH + CELL_PADDING, text_width(cells.to_frame(), cells.name))
    return st.column_config.TextColumn(NOT_CONVERTED_HEADER, width=width, help=not_converted_help(currency))


def text_width(frame: pl.DataFrame, column: str) -> int:
    """px `column`'s longest text in `frame` takes in a grid cell (text.text_px, at most, and
    CELL_PADDING); 0 when it has no text."""
    values = frame.get_column(column).drop_nulls().cast(pl.String).unique().to_list()
    return text.longest_px(values) + CELL_PADDING if values else 0


def drawn_text_width(frame: pl.DataFrame, column: str) -> int:
    """px `column`'s longest text in `frame` takes in a grid cell as the grid draws and wraps it (text.grid_px,
    and CELL_PADDING): the least width at which text.wrapped_lines keeps each on one line; 0 when it has no text."""
    values = frame.get_column(column).drop_nulls().cast(pl.String).unique().to_list()
    return math.ceil(max(map(text.grid_px, values))) + CELL_PADDING if values else 0


def text_sized_widths(frame: pl.DataFrame, widths: Mapping[str, int], room: int = LIST_WIDTH) -> dict[str, int]:
    """`widths` (px per column of `frame`, a deal list as its grid draws it) with the TEXT_SIZED
    columns each as wide as their longest text (text_width), at least their header with its sort arrow
    (sortable_header_width): the reason at most its set width (its widest reason); the deal's name at
    most what the room's columns and the list's reason leave of `room` px (never less than DEAL_WIDTH,
    never more than DEAL_MAX_WIDTH), so the reason still shows beside it."""
    sized = dict(widths)
    for column, header in (("reason", "Why at risk"), (DEAL_NAME, "Deal")):
        if column not in sized or column not in frame.columns:
            continue
        need = max(text_width(frame, column), sortable_header_width(header))
        if column == DEAL_NAME:
            why = [c for c in WHY_COLUMNS if c in frame.columns][:1]
            others = sum(sized.get(c, 0) for c in (*ROOM_COLUMNS, *why) if c in frame.columns and c != DEAL_NAME)
            sized[column] = min(need, DEAL_MAX_WIDTH, max(DEAL_WIDTH, room - others))
        else:
            sized[column] = min(need, sized[column])
    return sized


def fitted_widths(frame: pl.DataFrame, order: Sequence[str], widths: Mapping[str, int],
                  room: int = LIST_WIDTH) -> dict[str, int]:
    """`widths` (px per column of `order`, the columns shown) with each FITTED text column widened to
    hold its longest value in `frame` whole as the grid draws it (text.grid_px, the measure the grid clips
    by: text.cut_in_cell, and CELL_PADDING), as far as the list has room: the columns together never pass `room`
    because of it, so nothing else is pushed out of view."""
    fitted = dict(widths)
    spare = room - sum(fitted.get(c, 0) for c in order)
    for column in FITTED:
        if spare <= 0 or column not in order or column not in frame.columns or column not in fitted:
            continue
        values = frame.get_column(column).cast(pl.String).drop_nulls().unique().to_list()
        need = math.ceil(max(map(text.grid_px, values), default=0)) + CELL_PADDING - fitted[column]
        grow = min(max(need, 0), spare)
        fitted[column] += grow
        spare -= grow
    return fitted


def all_columns_switch(where: Any, key: str) -> None:
    """The ALL_COLUMNS switch of the deal list drawn by deal_grid with `key`, in `where` (st or a column)."""
    where.toggle(ALL_COLUMNS, key=f"{key}-all", help="Show every column of the list (it then scrolls sideways).")


def deal_config(currency: str = text.DEFAULT_CURRENCY, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Labels, formats and widths (px, the *_WIDTH above) of the deal columns: amounts in the view's
    currency without cents, dates as text.day writes them."""
    return {
        "opportunity_id": st.column_config.TextColumn("Opportunity", width=150),
        "account": st.column_config.TextColumn("Account", width=ACCOUNT_WIDTH),
        DEAL_NAME: st.column_config.TextColumn(
            "Deal", width=DEAL_WIDTH,
            help="The deal's name in the CRM, without the account's name it starts with (\"Core Platform\" for "
                 "\"Silverline Media B.V. - Core Platform\"); All columns and the CSV have it whole."),
        FULL_DEAL_NAME: st.column_config.TextColumn("Deal (full name)", width=DEAL_MAX_WIDTH),
        "rep": st.column_config.TextColumn("Rep", width=REP_WIDTH),
        "seller_profile": st.column_config.TextColumn("Profile", width=150),
        "outcome": st.column_config.TextColumn("Outcome", width=OUTCOME_WIDTH),
        "stage": st.column_config.TextColumn(
            "Stage", width=STAGE_WIDTH,
            help="The CRM's stage, shown where a deal's stage says more than its outcome: an open deal's, or where "
                 "a deal was lost (a list whose every stage only repeats its outcome, Closed Won beside Won, has "
                 "no Stage column); \"—\" where the deal has no stage."),
        "amount": st.column_config.NumberColumn(
            "Amount", format=text.money_column(currency), width=AMOUNT_WIDTH,
            help=f"In {currency}, converted at the Data page's rates; an amount in a currency with no rate reads — here "
                 f"and, in its own currency, under {NOT_CONVERTED_HEADER}. The CSV keeps the amount as exported too."),
        EXPORTED_AMOUNT: st.column_config.NumberColumn("Exported amount", format="%,.2f", width=120,
                                                       help="The amount as the file wrote it, in its own currency."),
        EXPORTED_CURRENCY: st.column_config.TextColumn("Exported currency", width=90),
        "close_date": st.column_config.DateColumn(
            "Close date", format=text.DAY_PATTERN, width=DAY_WIDTH,
            help="When the deal closed; for an open deal, when it is expected to close."),
        "created_date": st.column_config.DateColumn("Created", format=text.DAY_PATTERN, width=DAY_WIDTH),
        "loss_reason": st.column_config.TextColumn("Loss reason", width=LOSS_REASON_WIDTH),
        "competitor": st.column_config.TextColumn("Competitor", width=120),
        "region": st.column_config.TextColumn("Region", width=110),
        "segment": st.column_config.TextColumn("Segment", width=110),
        "product": st.column_config.TextColumn("Product", width=120),
        "days_open": st.column_config.NumberColumn("Days open", format="%d", width=80),
        # Every reason reads whole in its cell (a reason ending in "…" is no reason).
        "reason": st.column_config.TextColumn(
            "Why at risk", width=REASON_WIDTH, help=f"{at_risk_rule()}. {reason_help()}."),
        **(extra or {}),
    }


def deals_table(
    view: View,
    frame: pl.DataFrame,
    *,
    key: str,
    caption: str,
    what: str,
    extra: Sequence[str] = (),
    total: int | None = None,
    listed: int = SHOWN_ROWS,
    order: str = "first",
    same: Sequence[str] = (),
    room: int = PAGE_WIDTH,
    denominator: Denominator | None = None,
    losses: bool = False,
) -> None:
    """A list of deals with its caption and a CSV of every row (amounts left out when hidden), `room`
    px wide at 1280 px (deal_grid: PAGE_WIDTH on a page, LIST_WIDTH in a box; in presenter mode what it has at
    1024 px, list_room). `what`: what the list holds,
    in words (its heading), which the CSV's name says with the range and the filters (list_file_name).

    The table lists the first `listed` rows (`order` says which: "first", "largest"); the CSV
    holds every row of `frame`, and the caption says so when the list is cut. The list shows
    grid_columns: the room's columns, or with a switch (ALL_COLUMNS) every column, both without `same`
    (the columns every row shares by the list's context, which its heading names); presenter mode offers no CSV.
    A list behind a win rate's bar passes the rate's `denominator`, one behind a no-decision share of
    losses `losses`: its count says which deals the bar's n counts (winloss.views.deal_lists.count_sentence).
    """
    shown = deal_columns(frame, view.presentation.hide_amounts, extra)
    total = frame.height if total is None else total
    more = (f" The {order} {listed:,} of {total:,} are listed; the CSV holds all."
            if shown.height > listed else "")
    # The grid shows a stage only where it says more than the outcome (no "Closed Won" beside Won,
    # and no Stage column in a list of closed deals whose stages all repeat it), and no column of a
    # detail none of its deals has (a Region of "—" when the data has no regions); the CSV keeps all.
    drawn = deal_columns(without_empty_details(stages_that_say_more(frame.head(listed))),
                         view.presentation.hide_amounts, extra)
    presenter = view.presentation.presenter
    deal_grid(drawn, key=key, column_config=deal_config(view.currency), currency=view.currency, same=same,
              room=list_room(room, presenter), rows_in_view=min(shown.height, 12), max_height=460)
    # In presenter mode the switch has a quarter of the row: a sixth cut its label to "All colu…" at
    # 1024 px (a projector's width) in presenter type.
    parts = st.columns([3, 1] if presenter else [4, 1, 1], vertical_alignment="center")
    counted = (count_sentence(frame.get_column("outcome").cast(pl.String).to_list(), denominator, losses=losses)
               if total == frame.height and "outcome" in frame.columns else f"{text.plural(total, 'deal')}.")
    parts[0].caption(f"{caption} {counted}{more}")
    all_columns_switch(parts[1], key)
    if not presenter and shown.height:
        download(
            parts[2], "Deals (CSV)", _csv_of(shown, view.currency),
            file_name=list_file_name(what, view.start, view.end, active_filters(view.filters), view.source.anonymise),
            mime="text/csv", key=f"{key}-csv",
            icon=":material/download:", width="stretch",
        )


def _csv_of(frame: pl.DataFrame, currency: str) -> Callable[[], bytes]:
    """The CSV (winloss.views.deal_lists.deals_csv), made only when someone clicks download (a long
    list costs nothing until then)."""
    return lambda: deals_csv(frame, currency)


@dataclass(frozen=True)
class Picked:
    """What a click on a chart chose: the deals to list under `title` (Markdown, data escaped)."""

    title: str
    frame: pl.DataFrame
    key: str
    note: str = ""
    same: tuple[str, ...] = ()  # the columns every deal listed shares (deals_table)
    denominator: Denominator | None = None  # the win rate whose bar was clicked (deals_table)
    losses: bool = False  # a no-decision share of losses was clicked: the list is its n (deals_table)


def show(view: View, picked: Picked | None) -> None:
    """The deals behind a click, full width (a click in a column would open in that column)."""
    if picked is not None:
        behind(view, picked.title, picked.frame, picked.key, picked.note, picked.same, picked.denominator,
               picked.losses)


def behind(view: View, title: str, frame: pl.DataFrame, key: str, note: str = "", same: Sequence[str] = (),
           denominator: Denominator | None = None, losses: bool = False) -> None:
    """The deals behind a clicked bar or point, under a heading with a way to close it; `same`: the
    columns every deal shares by what was clicked, which the heading names; `denominator`: the win rate
    whose bar was clicked, `losses`: a no-decision share of losses was (deals_table)."""
    with st.container(border=True, key=f"{key}-box"):
        into_view(f"{key}-box", f"{title}\n{frame.height}")
        top, close = st.columns([6, 1], vertical_alignment="center")
        top.markdown(f"**{title}**")  # titles escape their data-derived parts
        if close.button("Close", key=f"{key}-close", icon=":material/close:", width="stretch"):
            clicked()
            st.rerun()
        deals_table(view, frame, key=f"{key}-table", caption=note or "Deals behind the selection:",
                    what=title, same=same, room=LIST_WIDTH, denominator=denominator, losses=losses)
