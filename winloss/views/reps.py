"""The Reps page's records: the leaderboard with its changes gated, and one rep's view with tiles."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import OUTCOME_LABELS, OUTCOMES, WON
from winloss import employment, periods, team_history, text
from winloss.access import Role
from winloss.anonymise import is_pseudonym
from winloss.deals import PROFILE_RATERS
from winloss.profile_sources import ASSESSED_MARK, PROFILE_COLUMN_HELP, PROFILE_SHOWN, profile_as_shown, with_rep_profiles_shown
from winloss.exchange import (
    NAMED_UNVALUED_MOST,
    Unconverted,
    left_out_of,
    no_rate_by,
    partial_sum_cells,
    won_value_notes,
)
from winloss.filters import DIMENSION_LABELS, PEOPLE_DIMENSIONS, Filters, applied, benchmark_filters, dimension_conditions
from winloss.measures.at_risk import NONE_AT_RISK, at_risk_open_deals, none_at_risk, won_days_histogram
from winloss.measures.behind import deals_behind
from winloss.measures.counting import CLOSE_MONTH, closed_between, open_now_words, undated_open_count
from winloss.measures.no_decision import NO_REASON, drawn_reasons, loss_reasons, no_decision_causes, no_decision_causes_query
from winloss.measures.reps import rep_leaderboard, rep_scorecard
from winloss.measures.trends import closed_quarters, deltas, quarterly_trend
from winloss.present.charts import SCORECARD_NAME_PX
from winloss.present.theme import FONT_PX, TITLE_PX
from winloss.rates import CHANGE_N, MIN_N, Denominator, none_ranked
from winloss.views.common import (
    NAMED_QUARTER_COLUMNS,
    ClosedAround,
    SHARE_OF_LOSSES_N,
    Tile,
    Unplaced,
    as_text,
    change_tile,
    closed_by,
    compared_quarter,
    denominator,
    every_rate_withheld,
    named_quarters,
    no_deal_closed_sentence,
    quarters_without_closed,
    too_few_expr,
    unplaced_at_risk,
    versus_text,
    withheld_advice,
    withheld_chart_sentence,
    withheld_trend_sentence,
)

ND_SHARE = "no_decision_share_of_losses"
# How leaderboard_table's cells that no column format can write are worded, by column: a change as
# "+3 pts" (the won value's cells are written as one column: won_value_cells). The cells keep their
# numbers, so the column sorts by value.
LEADERBOARD_TEXT: Final[dict[str, Callable[[float | None], str]]] = {
    "win_rate_qoq": text.points_of_100, "nd_qoq": text.points_of_100}
# A rate column of a table of reps (leaderboard_table, profiles.profile_reps_table) -> the column of its n.
RATE_N: Final = {"win_rate": "n", ND_SHARE: "nd_n"}
# Where a sort by the no-decision share puts the rows it withholds, as its column's help says it. The grid sorts
# in the browser, by the values it holds (Streamlit 1.67's st.dataframe, no hook for another order): an empty cell
# compares as 0, so a withheld rate sits among the 0% ones, first going up and last going down, and ties keep the
# rows' own order, the win-rate ranking's (rates.ranked). After the shown rates by their n, then name, as the win
# rate's withheld rows are, would need a value in the cell to sort by: a number standing in for a withheld rate is
# sent to the browser and read out by its table for screen readers, so the words say the order the grid keeps.
ND_SORT_NOTE: Final = (f"sorted by this column, the grid counts {text.DASH} as 0%: those rows sit among the 0% ones "
                       "(first going up, last going down), in the table's own order, by win rate")


def leaderboard(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date,
                as_of: dt.date | None = None, currency: str = text.DEFAULT_CURRENCY) -> pl.DataFrame:
    """rep_leaderboard plus each rate's change on the previous quarter, with whether it may be shown.

    qoq_small_n: the win rate's n is under MIN_N in either quarter; nd_qoq_small_n: the losses
    (lost + no decision) are, in either quarter. `as_of`: the day the data describes, as the
    Overview takes it: a quarter not over on it (or on the range's end, if earlier: periods.known_day) is
    compared with the previous quarter to the same day (periods.comparison_windows), and the board's
    quarter and previous_quarter name them so ("2026 Q4 to date", "2026 Q3 to the same day"; "2026 Q3 to
    1 Jul", "2026 Q2 to 1 Apr" when the range's end cuts it: periods.quarter_name).
    won_no_rate: what the rep's won deals in range that no rate to `currency` (the reporting currency)
    converts lack ("no rate for EUR", exchange.no_rate_by), null when none; won_no_rate_in: their
    currencies (["EUR"]), null when none.
    """
    d = denominator(filters)
    fy = filters.fy_start_month
    quarter = compared_quarter(deals, start, end, fy, as_of)  # the Overview's, to the data's day at most
    board = rep_leaderboard(deals, start, end, d, fy, quarter=quarter, as_of=as_of)
    # Each rep's won deals in range no exchange rate converts (won_no_rate: "no rate for EUR", null for none).
    no_rate = no_rate_by(deals, closed_between(start, end) & (pl.col("outcome") == WON), "rep", currency).select(
        "rep", pl.col("no_rate").alias("won_no_rate"), pl.col("no_rate_in").alias("won_no_rate_in"))
    change = deltas(closed_by(deals, end), quarter, end=end, fy_start_month=fy, by=["rep"], denominator=d,
                    as_of=as_of, start=start)
    board = employment.with_rep_marks(board.with_columns(pl.col("rep").cast(pl.String)), deals)
    # Each rep's profile as shown, labelled where it came from an assessment (profile_sources.profile_as_shown).
    board = with_rep_profiles_shown(board, deals)
    return as_text(board.join(
        no_rate, on="rep", how="left", maintain_order="left").join(
        change.with_columns(pl.col("rep").cast(pl.String)).select(
            "rep",
            "no_decision_share_of_losses_qoq",
            # The two quarters' shares, for the change from the percentages shown (rates_as_shown).
            pl.col(ND_SHARE).alias("quarter_nd_share"),
            pl.col(f"{ND_SHARE}_previous").alias("previous_quarter_nd_share"),
            (pl.col("small_n") | pl.col("small_n_previous")).alias("qoq_small_n"),
            (pl.col("no_decision_small_n") | pl.col("no_decision_small_n_previous")).alias("nd_qoq_small_n"),
        ),
        on="rep",
        how="left",
        maintain_order="left",
    ))




def unvalued(board: pl.DataFrame) -> pl.Expr:
    """Whether a rep of `board` (leaderboard's frame) has won deals in range none of which converts: their
    won value is empty (a sum of nothing, 0 or null), the currencies they lack a rate for in won_no_rate_in."""
    return pl.col("won_no_rate_in").is_not_null() & (pl.col("won_amount").fill_null(0) == 0)


def won_value_cells(board: pl.DataFrame, hide_amounts: bool = False) -> dict[str, list[str]]:
    """The leaderboard's won-value cells, one a row of `board` (leaderboard's frame, in its order), as
    exchange.partial_sum_cells writes a column: compact under the header naming the currency, every amount
    of a scale with as many decimals ("1.10M" beside "1.75M"), marked NO_RATE_MARK where the value leaves
    out deals no exchange rate converts ("4.99M*"). A rep none of whose won deals converts reads "—", never
    "0": the cell holds no value (leaderboard_table), and a number column's cell without one can hold no
    words (the grid draws "—" there whatever it is given); "No rate*", sent there once over a stand-in -inf
    so that it showed, read "-Infinity" to a screen reader. {} when amounts are hidden."""
    if hide_amounts or "won_amount" not in board.columns:
        return {}
    marked = ("won_no_rate" in board.columns and board.get_column("won_no_rate").null_count() < board.height)
    no_rate = board.get_column("won_no_rate").to_list() if marked else [None] * board.height
    none = board.select(unvalued(board)).to_series().to_list() if marked else [False] * board.height
    return {"won_amount": partial_sum_cells(board.get_column("won_amount").to_list(),
                                            [rate is not None for rate in no_rate], none)}


def won_value_cell_words(board: pl.DataFrame, hide_amounts: bool = False) -> dict[str, list[str]]:
    """won_value_cells when some rep's won value leaves out deals no exchange rate converts (the note
    under the table names such reps: won_value_note); {} when none does, or amounts are hidden."""
    if hide_amounts or "won_no_rate" not in board.columns or board.get_column("won_no_rate").null_count() == board.height:
        return {}
    return won_value_cells(board, hide_amounts)


def won_value_note(board: pl.DataFrame, currency: str, role: Role | None, hide_amounts: bool = False) -> str | None:
    """The note under the leaderboard when a won value is marked or empty for want of an exchange rate
    (won_value_cell_words), plain text (the currencies and names come from the files), by exchange.
    won_value_notes' rule (the command line's too): "* Leaves out the rep's won deals in CHF: no exchange rate
    to USD for CHF." only when some rep's cell carries the "*"; '"—" for "Bo Lind": none of their won deals has
    a value in USD (no exchange rate to USD for EUR).' when some rep's reads "—"; then the action for the
    visitor's `role` (whom to ask, for one who may not add rates). The reps whose won value is empty are named
    (the first NAMED_UNVALUED_MOST, the others counted), as the grid's cell and its screen readers' table can
    say nothing of why. None when no rep's won value leaves a deal out."""
    cells = won_value_cell_words(board, hide_amounts).get("won_amount")
    if not cells:
        return None
    empty = board.select(unvalued(board)).to_series()

    def currencies(rows: pl.DataFrame) -> set[str]:
        return {c for listed_in in rows.get_column("won_no_rate_in").drop_nulls().to_list() for c in listed_in}

    names = board.filter(empty).get_column("rep").to_list()
    shown = text.quoted_names(names, NAMED_UNVALUED_MOST, rest=lambda n: text.plural(n, "other rep"))
    notes = won_value_notes(currencies(board.filter(~empty)), currencies(board.filter(empty)),
                            f'"{text.DASH}" for {shown}: none of their won deals has a value in {currency}',
                            currency, "the rep's", role)
    return " ".join(notes) or None


SORT_ARROW: Final = "↑"  # what the grid draws before a sorted column's header
# The won-value column's widest when its cells say what they leave out.
NO_RATE_MAX_PX: Final = 190


def won_value_column_px(words: list[str], header_px: int) -> int:
    """px of the leaderboard's won-value column when its cells are `words` (won_value_cell_words): its
    longest cell whole (text.longest_px and a cell's 8 px each side), at least `header_px` (its header
    beside a sort arrow) and at most NO_RATE_MAX_PX. A fixed 190 px for "3.42M · no rate for JPY" (150)
    pushed the Team column past the grid's edge at 1440 px, its names cut ("Team <i>Beta</")."""
    return max(header_px, min(text.longest_px(words) + 16, NO_RATE_MAX_PX))


def sorted_header_px(header: str) -> int:
    """px of a leaderboard column whose header reads whole sorted by it, the grid's arrow before it ("↑ Won
    ($)", 78 px), measured as the grid draws it (text.column_px). A guess of 7 px a letter and 40 px for
    the arrow and the column's menu gave "Won ($)" 105 px, 27 more than it draws, and pushed the Team
    column out of the board at 1280 px with the sidebar open (the menu's button shows over the header only
    while the pointer is on it)."""
    return text.column_px(f"{SORT_ARROW} {header}", ())


def rates_as_shown(board: pl.DataFrame) -> pl.DataFrame:
    """A leaderboard's rates as a table holds them, in percent, and its changes in points, each change
    blank below MIN_N of its n in either quarter.

    win_rate on n; no_decision_share_of_losses on nd_n (lost + no decision, added): each empty below
    MIN_N of its n (views.common.too_few_expr, the one small-n rule of every chart and its CSV), as no
    figure's data holds a withheld rate (present.withheld). A grid sends every value it holds to the
    browser (its cells, its table for screen readers, its sort): a rate kept there behind "n too small"
    sorted the column by the rates it withheld, and a screen reader read it out. Empty, it sorts with
    none (the grid keeps the rows' own order among them: rates.ranked's, the board's). The changes (when
    present) win_rate_qoq on the win rate's n in both quarters, nd_qoq on the losses in both, in whole
    points from the two quarters' percentages as every screen states a change (text.points_between),
    written "+3 pts" (LEADERBOARD_TEXT).
    """
    def shown_points(after: str, before: str) -> pl.Expr:
        return pl.struct(after, before).map_elements(
            lambda r: None if (p := text.points_between(r[after], r[before])) is None else round(p * 100),
            return_dtype=pl.Int64)

    columns = [
        *(pl.when(too_few_expr(rate, board.columns)).then(None).otherwise(pl.col(rate) * 100).alias(rate)
          for rate in ("win_rate", ND_SHARE)),
        pl.col("no_decision_share_of_losses_n").alias("nd_n"),
    ]
    if "qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("qoq_small_n").fill_null(True)).then(None)
                       .otherwise(shown_points("quarter_win_rate", "previous_quarter_win_rate")).alias("win_rate_qoq"))
    if "nd_qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("nd_qoq_small_n").fill_null(True)).then(None)
                       .otherwise(shown_points("quarter_nd_share", "previous_quarter_nd_share")).alias("nd_qoq"))
    return board.with_columns(columns)


def rate_cell_words(table: pl.DataFrame) -> dict[str, list[str]]:
    """What each rate cell of a table of reps reads, by rate column of RATE_N the table has, one
    entry a row: "42%", or "—" where the cell is empty: a rate withheld below MIN_N of its own n
    (rates_as_shown empties it; the column's help says so: rate_column_help) or no deals in its n
    (text.rate_in_cell). `table` holds the rates in percent, as rates_as_shown gives them. A grid draws
    its "—" in an empty number cell whatever words it is given (ui.widgets.words_without_value)."""
    return {
        rate: [text.DASH if value is None else text.rate_in_cell(value / 100, n, small=False)
               for value, n in zip(table[rate].to_list(), table[n_column].to_list(), strict=True)]
        for rate, n_column in RATE_N.items() if rate in table.columns and n_column in table.columns
    }


def all_reps_n(board: pl.DataFrame) -> int:
    """The deals in the win rate of every rep on the leaderboard together (n summed): the n of
    all_reps_win_rate, which names the reference line by the small-n rule ("All reps: n too small (n = 9)")."""
    return int(board["n"].sum()) if board.height else 0


def all_reps_win_rate(board: pl.DataFrame) -> float | None:
    """The win rate of every rep on the leaderboard together (won ÷ n summed, 0-1): the reference
    line of the win-rate-by-rep chart, on all_reps_n deals. None when no rep has a deal in the denominator."""
    n = all_reps_n(board)
    return int(board["won"].sum()) / n if n else None


# The team column of every table of reps (the leaderboard, a profile's reps, the review's reps table): each rep's team
# now (team_history.reps_now), the one rule every list of reps names them by, as its help says. Under "Team = North
# America" a rep since moved to EMEA is listed for his North America deals: his cell read "EMEA" alone, as if the
# filter did not hold. Such a cell names the teams counted too (team_cell). Headed "Team", not "Team now": the
# header's 28 px more, at 1280 px, cut long reps' names the board reads whole (NAME_HEADER_PX).
TEAM_HEADER: Final = "Team"
TEAM_HELP: Final = ("The team each rep is in now, whatever the range. Where none of the deals counted here closed in it "
                    "(under a Team filter, or in a range before the rep moved), the cell names the teams they closed in: "
                    "\"EMEA (deals in North America)\".")


def team_cell(board: pl.DataFrame) -> pl.Expr:
    """The team column of a table of `board`'s reps (rep_leaderboard's rows: team, teams_elsewhere): the rep's
    team now, "EMEA (deals in North America)" where none of their deals counted closed in it (teams_elsewhere,
    its teams "; " apart written ", " apart), as TEAM_HELP says."""
    if "teams_elsewhere" not in board.columns:
        return pl.col("team")
    elsewhere = pl.format("{} (deals in {})", pl.col("team"), pl.col("teams_elsewhere").str.replace_all("; ", ", ", literal=True))
    return pl.when(pl.col("teams_elsewhere").is_not_null() & pl.col("team").is_not_null()).then(elsewhere) \
        .otherwise(pl.col("team")).alias("team")


def leaderboard_table(board: pl.DataFrame, hide_amounts: bool, show_closed: bool = True) -> pl.DataFrame:
    """The leaderboard as shown: rates in percent, empty on too few deals (rates_as_shown: no withheld
    rate in the grid's data), their n beside them, changes in points, blank on too few deals.

    The win rate is gated on its n; the no-decision share on its own n, lost + no decision; each
    change on that rate's n in both quarters compared. Rates, the win rate's interval beside it, and
    their changes come first, with the won value (in the reporting currency, null where the won deals
    have no amount): at 1280 px with the sidebar open they are in view; team (the rep's now, with the teams
    counted where it is none of them: team_cell; left out when no rep has one) and closed count follow.
    The interval is text: "38–46%", or none (the grid's grey "—") where the win rate beside it is withheld:
    a rate withheld on too few deals holds no value in the grid, so its cell reads "—" too (the grid draws
    "—" in an empty number cell whatever words it is given: ui.widgets.words_without_value), the n beside
    it and the column's help saying why (text.withheld_cell_note). "n too small" in the CI's cell widened
    it and narrowed the names' columns past their words at 1280 px. Rows in `board`'s order, the one
    order of a ranking (rates.ranked), which a sort by the win rate keeps among the withheld.
    """
    lo, hi = (pl.col(c).cast(pl.Float64) for c in ("win_rate_lo", "win_rate_hi"))
    interval = pl.struct(lo.alias("lo"), hi.alias("hi")).map_elements(
        lambda b: text.interval(b["lo"], b["hi"]), return_dtype=pl.String
    )
    interval = pl.when(too_few_expr("win_rate", board.columns)).then(None).otherwise(interval)
    # A rep none of whose won deals converts has no won value: empty, never 0 (won_value_cell_words).
    if "won_no_rate_in" in board.columns:
        board = board.with_columns(pl.when(unvalued(board)).then(None).otherwise(pl.col("won_amount")).alias("won_amount"))
    # The profile as a grid shows it: "Challenger†" for one from the questionnaire (profile_in_grid).
    profile = pl.col(PROFILE_SHOWN).alias("seller_profile") if PROFILE_SHOWN in board.columns else pl.col("seller_profile")
    table = rates_as_shown(board).select(
        "rep", profile, "win_rate",
        interval.alias("interval"),
        "n", ND_SHARE, "nd_n", "win_rate_qoq", "nd_qoq",
        "won_amount",
        team_cell(board),
        "closed",
    )
    if not show_closed:  # closed = n when the win rate divides by all closed deals: one column is enough
        table = table.drop("closed")
    if table["team"].is_null().all():  # no team in the data at all: a column of "—" says nothing
        table = table.drop("team")
    table = employment.with_left_on(table, board)  # "Left on", beside the rep, when a rep has left or is leaving
    return table.drop("won_amount") if hide_amounts else table


# The leaderboard's name columns at their least: each header whole beside a sort arrow and the column's
# menu. ui.widgets.data_grid widens each to its longest name (text.column_px), so no name is cut.
TEAM_HEADER_PX: Final = 84  # "Team" (TEAM_HEADER: 7 px a letter, 16 + 40 px)
REP_HEADER_PX: Final = 77  # "Rep"
PROFILE_HEADER_PX: Final = 105  # "Profile"
# What the leaderboard's columns may take together, in px at the app's type: the page's 930 px at 1280 px with the
# sidebar open (the narrowest screen a leader reads it on; ui.drill.PAGE_WIDTH) less its rows' checkboxes' 33
# (ui.drill.ROW_MARKER_PX). In presenter mode on a projector's 1024 px, the narrowest screen it is presented on, its
# sidebar folded, the page's 962 px (ui.drill.PRESENTER_NARROWEST_SCREEN_PX) less the checkboxes' 33 (which do not
# grow with the type) hold 743 px of the app's type (ui.style.PRESENTER_TYPE, 1.25); a wider screen stretches its
# columns. The 948 px of 1280 px had the board run 151 px past the screen at 1024 px, its Team out of view.
BOARD_ROOM_PX: Final = 897
PRESENTER_BOARD_ROOM_PX: Final = 743
# The columns of names from the files, which take what the board's other columns leave of BOARD_ROOM_PX, and each
# one's header's px (above).
NAME_COLUMNS: Final = ("rep", "seller_profile", "team")
NAME_HEADER_PX: Final = {"rep": REP_HEADER_PX, "seller_profile": PROFILE_HEADER_PX, "team": TEAM_HEADER_PX}
# A name column narrowed to fit keeps its names' longest word on a line (a rep's "Konstantinopoulou") where the room
# allows, up to this many px: a longer word is broken where the grid must (after a "-", else by letters).
WORD_MOST_PX: Final = 140
# The grid wraps a line a px or two before text.grid_px's measure fills it ("…stantinopoulou", 103.8 px measured,
# went onto a fourth line of a 104 px line): a name laid out for a column keeps this much of each line free.
WRAP_SLACK_PX: Final = 3
# The lines a row of the board gives a name that does not fit its column on one: the fewest the grid wraps in
# (ui.widgets.MIN_WRAPPED_LINES). A name longer still is cut, marked "…", keeping its start and its end (text.cell_lines).
NAME_LINES: Final = 3


@dataclass(frozen=True)
class NameColumns:
    """The leaderboard's name columns as drawn: `widths` (px at the app's type, column -> px) and `lines`, how many
    lines each row gives a name (None: one, every name whole on it)."""

    widths: dict[str, int]
    lines: int | None

    def cell(self, column: str) -> Callable[[str | None], str]:
        """The words a cell of name `column` draws in rows `lines` tall: the name laid out to wrap where the grid
        may break it, cut marked "…" where it needs more lines (text.cell_lines); a blank name reads ""."""
        room, lines = self.widths[column] - text.GRID_CELL_PADDING - WRAP_SLACK_PX, self.lines or 1
        return lambda name: text.cell_lines(name, room, lines) or ""


def _word_px(header_px: int, need: int, names: Sequence[str]) -> int:
    """px a name column takes to keep its header whole (`header_px`) and its names' longest word on a line (at
    most WORD_MOST_PX), never more than its `need`."""
    words = [word for name in names for word in str(name).split()]
    word_px = math.ceil(max(map(text.grid_px, words), default=0)) + text.GRID_CELL_PADDING + WRAP_SLACK_PX
    return min(need, max(header_px, min(word_px, WORD_MOST_PX)))


def _widened(widths: Mapping[str, int], targets: Mapping[str, int], spare: int) -> tuple[dict[str, int], int]:
    """`widths` each grown towards its `targets` out of `spare` px, shared evenly, the smallest shortfall first
    (one that needs less gives the rest to the others); and the px still spare."""
    grown = dict(widths)
    pending = sorted(grown, key=lambda column: targets[column] - grown[column])
    for done, column in enumerate(pending):
        grow = min(max(targets[column] - grown[column], 0), max(spare, 0) // (len(pending) - done))
        grown[column] += grow
        spare -= grow
    return grown, spare


def name_columns(needs: Mapping[str, int], others_px: int, names: Mapping[str, Sequence[str]],
                 room: int = BOARD_ROOM_PX) -> NameColumns:
    """The widths of the board's name columns (NAME_COLUMNS) so that the board fits `room` px whatever the names:
    each column at `needs` (px: its header and longest name whole, text.column_px) when together they fit what the
    other columns (`others_px`) leave; else each column's header whole (NAME_HEADER_PX) and what is left shared
    out, first so that each name's longest word keeps a line (_word_px), then towards the whole names, the rows
    NAME_LINES tall so a longer name wraps onto them. `names`: each column's names (the words its cells draw).
    The board scrolls sideways only where the other columns leave less than the name columns' headers.

    A 40-letter rep and a team of as many took 580 px between them, and the board scrolled 388 px sideways at
    1280 px with the sidebar open, its rates and team out of view."""
    least = {column: min(NAME_HEADER_PX[column], need) for column, need in needs.items()}
    words = {column: _word_px(NAME_HEADER_PX[column], need, names.get(column, ())) for column, need in needs.items()}
    widths, spare = _widened(least, words, room - others_px - sum(least.values()))
    widths, _ = _widened(widths, needs, spare)
    wrapped = max((text.wrapped_lines(name, widths[column]) for column in widths
                   for name in names.get(column, ()) if widths[column] < needs[column]), default=1)
    return NameColumns(widths, min(wrapped, NAME_LINES) if wrapped > 1 else None)


# The board's columns a room too narrow for it all leaves behind its All columns switch, the first first: the win rate's
# interval (its chart beside the board draws it), then the changes, then the won value and the closed deals. Its reps,
# their rates and n stay, and each name column at least its header (name_columns).
BOARD_SPARE: Final = ("interval", "nd_qoq", "win_rate_qoq", "won_amount", "closed")


# px of a table of reps' count columns (the leaderboard's, a clicked profile's reps'): each header whole beside a sort
# arrow; the grid draws their numbers itself, so ui.widgets.fitted_columns cannot measure them. Left on: "left, no
# date" whole, and "Left on" beside a sort arrow.
COUNT_COLUMNS_PX: Final = {"closed": 65, "n": 44, "nd_n": 54, employment.LEFT_ON: 104}
# A table of reps inside a drill-down's box (a clicked profile's reps, ui.drill.LIST_WIDTH): the box's border and
# padding take 32 px of the page's room at the app's type (PAGE_WIDTH 930 less LIST_WIDTH 898), in presenter mode too.
BOX_EDGES_PX: Final = 32
BOX_ROOM_PX: Final = BOARD_ROOM_PX - BOX_EDGES_PX
PRESENTER_BOX_ROOM_PX: Final = PRESENTER_BOARD_ROOM_PX - BOX_EDGES_PX


def reps_name_columns(table: pl.DataFrame, widths: Mapping[str, int], room: int,
                      presenter_type: float | None = None) -> NameColumns:
    """The name columns (NAME_COLUMNS) of `table`, a table of reps (the leaderboard, a clicked profile's reps),
    sized by name_columns to fit `room` px beside its other columns. `widths`: every column's px at the app's
    type as the grid draws it (ui.widgets.fitted_columns), the name columns' each its header and longest name
    whole. `presenter_type` (ui.style.PRESENTER_TYPE in presenter mode, else None): each width is then rounded
    to a whole px at that type, and a table whose names just fill the room (a profile "… (assessment, 1
    rater)") ran past the screen by a px: it is sized again in a room that much smaller.

    The one rule for every table of reps: a clicked profile's reps took each name's whole width, the Rep and
    Team columns the whole box at 1366 px and its rates out of view, "n" cut at the edge."""
    shown: list[str] = [c for c in NAME_COLUMNS if c in table.columns]
    names: dict[str, list[str]] = {c: table.get_column(c).drop_nulls().unique().to_list() for c in shown}
    others = sum(widths[c] for c in table.columns if c not in shown)
    needs: dict[str, int] = {c: widths[c] for c in shown}
    sized = name_columns(needs, others, names, room)
    if presenter_type is not None:
        every = [widths[c] for c in table.columns if c not in shown] + list(sized.widths.values())
        over = sum(round(w * presenter_type) for w in every) - round(room * presenter_type)
        if over > 0:
            sized = name_columns(needs, others, names, room - math.ceil(over / presenter_type))
    return sized


def _names_laid(table: pl.DataFrame, sized: NameColumns) -> tuple[bool, bool]:
    """Whether every name of `table` reads whole in the name columns `sized` (NameColumns.cell cuts none, marked "…"),
    and whether each of its words keeps a line of its own (none broken by its letters: "Konstantinopo / ulou"). Names
    on one line (`sized.lines` None) are drawn as they are, each column as wide as its longest (name_columns)."""
    if sized.lines is None:
        return True, True
    whole, words = True, True
    for column, width in sized.widths.items():
        room = width - text.GRID_CELL_PADDING - WRAP_SLACK_PX
        for name in table.get_column(column).drop_nulls().unique().to_list():
            drawn = sized.cell(column)(name)
            whole = whole and (text.ELLIPSIS not in drawn or text.ELLIPSIS in name)
            words = words and all(text.grid_px(word) <= room for word in str(name).split())
    return whole, words


def board_layout(table: pl.DataFrame, widths: Mapping[str, int], room: int,
                 presenter_type: float | None = None) -> tuple[list[str], NameColumns]:
    """The columns of `table`, a table of reps, that its grid shows in `room` px, and its name columns sized among
    them (reps_name_columns; `widths` every column's px at the app's type, `presenter_type` as there): every column
    where the others leave the name columns (NAME_COLUMNS) their headers (NAME_HEADER_PX), else without the
    BOARD_SPARE columns in turn until they do, the rest one switch away (the page's All columns). In presenter mode
    (`presenter_type`: rows read from across a room) the spare columns go first until every name reads whole on one
    line, else until each reads whole with its words unbroken, else whole, where leaving them all out does.

    In presenter mode on a projector's 1024 px (PRESENTER_BOARD_ROOM_PX) the board ran 54 px past the screen with
    its names at their headers, its Team out of view; fitted by their headers alone, the sample's names took rows
    of three lines, five reps on the screen, and long names were cut ("Asia Pacific …ccounts", "Konstantinopo / ulou")."""
    def least(shown: Sequence[str]) -> int:
        return sum(min(NAME_HEADER_PX[c], widths[c]) if c in NAME_HEADER_PX else widths[c] for c in shown)

    candidates = [[c for c in table.columns if c not in BOARD_SPARE[:dropped]] for dropped in range(len(BOARD_SPARE) + 1)]
    candidates = [shown for i, shown in enumerate(candidates) if i == 0 or shown != candidates[i - 1]]

    def sized(shown: list[str]) -> NameColumns:
        return reps_name_columns(table.select(shown), {c: widths[c] for c in shown}, room, presenter_type)

    fits = next((shown for shown in candidates if least(shown) <= room), candidates[-1])
    if presenter_type is not None:
        laid = [(shown, names, *_names_laid(table, names))
                for shown, names in ((shown, sized(shown)) for shown in candidates[candidates.index(fits):])]
        # The fewest columns left out for: every name on one line; else each whole, its words unbroken; else whole.
        for good in (lambda names, whole, words: names.lines is None and whole, lambda names, whole, words: whole and words,
                     lambda names, whole, words: whole):
            for shown, names, whole, words in laid:
                if good(names, whole, words):
                    return shown, names
    return fits, sized(fits)


@dataclass(frozen=True)
class Narrowed:
    """A rep's deals narrowed by the widgets above the list and by a click on a chart.

    clicked: what the click narrowed by, in words ("closed in 2026 Q2", "lost", "lost for “Price”"),
    plain text (a reason comes from the file: escape it to draw it). losses: the list holds exactly the
    deals a no-decision share of losses divides, lost and no decision (the Outcome pills, a click on the
    share's point, a link from a no-decision bar), so its count names that share's n
    (deal_lists.count_sentence)."""

    deals: pl.DataFrame
    clicked: tuple[str, ...]
    losses: bool = False


def narrowed_deals(
    deals: pl.DataFrame,
    *,
    outcomes: tuple[str, ...] = (),
    quarter: str | None = None,
    account_contains: str = "",
    fy_start_month: int = 1,
    clicked_quarter: str | None = None,
    clicked_outcome: str | None = None,
    clicked_reason: str | None = None,
    clicked_outcomes: Sequence[str] = (),
) -> Narrowed:
    """`deals` (a rep's, as RepView.deals) with only the rows every given narrowing keeps.

    outcomes: any of these (none: all); quarter / clicked_quarter: closed in that quarter label;
    account_contains: the account name contains it, ignoring case; clicked_outcome: that outcome;
    clicked_reason: lost or no decision for that raw reason (NO_REASON: for none given);
    clicked_outcomes: any of these (a no-decision share's point: SHARE_OF_LOSSES_N, "lost or no decision").
    """
    condition = pl.lit(True)
    clicked: list[str] = []
    if outcomes:
        condition &= pl.col("outcome").is_in(list(outcomes))
    for label in (quarter, clicked_quarter):
        if label:
            start, end = periods.quarter_bounds(label, fy_start_month)
            condition &= pl.col("close_date").is_between(start, end)
    if clicked_quarter:
        clicked.append(f"closed in {clicked_quarter}")
    if account_contains:
        condition &= pl.col("account").str.to_lowercase().str.contains(account_contains.lower(), literal=True)
    if clicked_outcome:
        condition &= pl.col("outcome") == clicked_outcome
        clicked.append(OUTCOME_LABELS[clicked_outcome].lower())
    if clicked_outcomes:
        condition &= pl.col("outcome").is_in(list(clicked_outcomes))
        clicked.append(" or ".join(OUTCOME_LABELS[o].lower() for o in clicked_outcomes))
    if clicked_reason:
        reason = pl.col("loss_reason").fill_null(NO_REASON)
        condition &= (reason == clicked_reason) & (pl.col("outcome") != WON)
        clicked.append(f"lost for “{clicked_reason}”")
    kept = set(outcomes or OUTCOMES) & set(clicked_outcomes or OUTCOMES)
    losses = kept == set(SHARE_OF_LOSSES_N) and not clicked_outcome and not clicked_reason
    return Narrowed(deals.filter(condition.fill_null(False)), tuple(clicked), losses)


@dataclass(frozen=True)
class RepView:
    rep: str
    profile: str | None
    team: str | None
    manager: str | None
    scorecard: pl.DataFrame
    trend: pl.DataFrame
    team_trend: pl.DataFrame
    reasons: pl.DataFrame
    deals: pl.DataFrame  # closed in range + open by `end`, latest close first
    at_risk: pl.DataFrame
    tiles: tuple[Tile, ...]  # win rate and no decision ÷ losses against peers, closed deals, won value
    team_value_share: Tile  # the value tile when amounts are hidden
    none_at_risk: str = NONE_AT_RISK  # what the at-risk list says when it is empty (at_risk.none_at_risk)
    # The rep's deals open now with no created date (counting.undated_open): left out of the at-risk
    # list, or listed unjudged on age, as at_risk.undated_note says over it.
    undated_open: int = 0
    # Which open deals the scorecard and deals list count, in words (counting.open_now_words).
    open_words: str = "open now"
    # Whether any deal under these filters has a team / a manager: without (a roster with no such
    # column, or none), the rep's view says nothing of teams / managers, not "team —" and a "No team" bar.
    any_team: bool = True
    any_manager: bool = True
    # Whether any deal under these filters has a coach: only then does the sidebar offer its Coach filter, so only
    # then does the line under the scorecard name it (benchmark_rule).
    any_coach: bool = False
    # The rep's open deals at risk the dimension filters leave out of their at-risk list, having no value
    # for one (common.unplaced_at_risk), said under the list (common.unplaced_sentence, owner the rep).
    at_risk_unplaced: tuple[Unplaced, ...] = ()
    # The range's quarters in which the rep closed no deal (common.quarters_without_closed): on the rep's
    # trend with 0 deals and a gap in its line, so its caption names them, as the Overview's does.
    empty_quarters: tuple[str, ...] = ()
    # The range's quarters, as the trend names them, in which the rep's deal list holds a deal
    # (quarters_with_deals): what its Quarter choice offers. Every quarter of the trend's axis, one the rep
    # closed no deal in included, had opened an empty list.
    deal_quarters: tuple[str, ...] = ()
    # "left on 30 Sep 2026" when the roster says the rep left (employment.rep_left_words); None otherwise.
    left: str | None = None
    # The day the rep left, when the roster gives it and it has come (employment.REP_LEFT_ON); None otherwise.
    left_on: dt.date | None = None
    fy_start_month: int = 1  # the fiscal year's first month, which names empty_quarters
    # The rep's no-decision deals in range by what made them so ((cause, deals):
    # measures.no_decision.no_decision_causes), named under their loss-reason chart as on the No decision page.
    no_decision_causes: tuple[tuple[str, int], ...] = ()
    # A rep who moved (winloss.team_history): the day they joined `team`, and the teams their deals closed
    # in before it, oldest first; None and () for a rep who never moved.
    team_since: dt.date | None = None
    earlier_teams: tuple[str, ...] = ()
    # Whether the rep's team closed no deal here but the rep's (team_is_the_rep): the team is then no
    # benchmark, and the page says so (TEAM_ALONE_WORDS) in place of a team bar and dotted line that
    # repeated the rep's own.
    team_alone: bool = False
    # The rep's profile as shown (profile_sources.profile_as_shown): "Challenger (assessment, 1 rater)" for a
    # profile from the questionnaire; None: `profile` as it is.
    profile_shown: str | None = None
    # The rep's coach as the roster gives it now (a pseudonym, "Coach 01", when names are anonymised); None for
    # a rep without one. The line under the rep's name names it (rep_header).
    coach: str | None = None

    @property
    def empty_quarters_said(self) -> tuple[tuple[tuple[str, ...], str | None], ...]:
        """empty_quarters as the trend's caption says them: (the quarters the rep closed no deal in though in
        the company, None), then (those that began after the day the rep left, "left on 31 Jul 2026"), each
        part left empty when none is. A leaver's quarters with no deal read as if they had stopped selling."""
        if self.left_on is None:
            return ((self.empty_quarters, None),)
        gone = tuple(q for q in self.empty_quarters if periods.quarter_bounds(q, self.fy_start_month)[0] > self.left_on)
        return (tuple(q for q in self.empty_quarters if q not in gone), None), (gone, self.left)

    @property
    def moved(self) -> bool:
        """Whether the rep's deals closed in another team before the one they are in now: their team benchmark
        is then the teams they closed in, each while they were in it (team_history.in_teams_closed)."""
        return self.team_since is not None and bool(self.earlier_teams)

    @property
    def team_compared(self) -> bool:
        """Whether the page sets the rep against their team: they have one, with other reps' deals in it."""
        return self.team is not None and not self.team_alone

    @property
    def compared(self) -> pl.DataFrame:
        """The scorecard rows the rep is compared with on the page: the rep, their peers, and their team
        only when the rep has one: an empty "No team (n = 0) no deals" bar says nothing, in the data with
        no teams at all as for a rep the roster gives none where others have one (the line under the
        tiles says so once, rep_tiles_caption). Peers or a team that closed no deal here are left out too
        (drawn_group): "Other Reactive Problem Solver reps (n = 0)" was drawn as a hatched stub beside
        "No peers to compare with"."""
        which = pl.col("comparison")
        return self.scorecard.filter((which == "rep") | ((which == "profile_peers") & drawn_group())
                                     | ((which == "team") & pl.lit(self.team_compared) & drawn_group()))

    @property
    def peers_compared(self) -> bool:
        """Whether the rep's profile peers closed a deal here (drawn_group): only then are they a bar on the
        scorecards, and only then does the line under the tiles give their rate (rep_tiles_caption)."""
        return bool(self.scorecard.filter(pl.col("comparison") == "profile_peers").select(drawn_group()).item())

    def shown_tiles(self, hide_amounts: bool) -> tuple[Tile, ...]:
        """The tiles the rep's view draws, in order: win rate, no decision ÷ losses, closed deals, then
        the won value, or with amounts hidden the share of the team's won value in its place. With no
        team in the data at all that share is about nothing, so it is left out (three tiles), as the
        header leaves out "team —"; a rep without a team where others have one reads "—"."""
        win, nd, closed, value = self.tiles
        if not hide_amounts:
            return win, nd, closed, value
        return (win, nd, closed, self.team_value_share) if self.any_team else (win, nd, closed)

    @property
    def compared_words(self) -> str:
        """What the scorecard charts set the rep against, for their titles: "peers and team", or "peers"
        when the rep has no team (the data has none, or the roster gives the rep none), or "team" when
        their peers closed no deal here (no peers' bar: compared); "" when neither is drawn, the rep's bar alone."""
        drawn = [words for words, shown in (("peers", self.peers_compared), ("team", self.team_compared)) if shown]
        return " and ".join(drawn)


def drawn_group() -> pl.Expr:
    """Whether a rep_scorecard row's group has anything to draw (Boolean): it closed a deal in range. Without one
    its n is 0 in both scorecards (n and the no-decision share's losses are parts of its closed deals), so
    a bar of it would be a stub of nothing. The one rule for which peers and team the rep's view draws
    (RepView.compared) and which the line under the tiles gives a rate for (rep_tiles_caption)."""
    return pl.col("closed") > 0


def team_is_the_rep(scorecard: pl.DataFrame) -> bool:
    """Whether a rep_scorecard's team row closed no deal in range but the rep's, who closed some (its closed
    deals are the rep's own): a team of one, or one whose other reps closed nothing here, is the rep again,
    no benchmark. A team with no closed deal at all says so in its own words (_win_rate_words)."""
    rows = {r["comparison"]: r for r in scorecard.iter_rows(named=True)}
    return bool(rows["rep"]["closed"]) and rows["team"]["closed"] == rows["rep"]["closed"]


def rep(deals: pl.LazyFrame, name: str, filters: Filters, start: dt.date, end: dt.date, as_of: dt.date,
        currency: str = text.DEFAULT_CURRENCY, every_deal: pl.LazyFrame | None = None,
        vocabulary: Iterable[str] | None = None, stage_outcomes: Mapping[str, str] | None = None,
        real_values: Mapping[str, Mapping[str, str]] | None = None) -> RepView | None:
    """One rep's view, or None when the rep has no deals under these filters; amounts in `currency`.
    `every_deal`: the deals before the dimension filters, for the rep's open deals at risk those filters
    leave out for want of a value (at_risk_unplaced); none are counted without it. `vocabulary` and
    `stage_outcomes`: the store's no-decision vocabulary and stage mappings, by which the loss-reason
    chart's caption says what made the rep's no-decision deals so (measures.no_decision.no_decision_causes,
    as on the No decision page, through `real_values` with names anonymised); not said without the vocabulary."""
    d = denominator(filters)
    fy = filters.fy_start_month
    # The rep's and the team's deals are read out once; every query below then runs on a few
    # thousand rows instead of filtering the million again.
    mine = deals.filter(pl.col("rep") == name).collect()
    # Peers and team are by who the rep is: drawn from every deal under the deal filters alone
    # (filters.benchmark_filters), not from the reps the sidebar's people filters list.
    benchmark = deals if every_deal is None else applied(every_deal, benchmark_filters(filters))
    if mine.height == 0:
        return None
    profile = mine["seller_profile"][0]
    # Where it came from: a profile from an assessment is labelled so in the line under the rep's name.
    source = mine["profile_source"][0] if "profile_source" in mine.columns else None
    raters = mine[PROFILE_RATERS][0] if PROFILE_RATERS in mine.columns else None
    # The rep's team and manager now (team_history.reps_now, the rule every list of reps names them by) and,
    # for a rep who moved, the teams their deals closed in before it.
    teams = team_history.rep_teams(mine)
    team, since, earlier = teams.team, teams.since, teams.earlier
    # Every deal of a rep carries the coach the roster gives the rep now (deals.py): one coach, or none.
    coaches = mine["coach"].drop_nulls() if "coach" in mine.columns else pl.Series("coach", [], pl.String)
    # Lazy: the team trend reads the few columns it needs, not every column of the team's deals. A rep
    # without a team has no team line (it was their own deals again, drawn dotted and named "team").
    # A rep who moved is set against the team they were in: before the day they joined theirs, their earlier
    # teams' (team_history.in_teams_closed), in the trend's team line and the scorecard's team row alike.
    team_deals = benchmark.filter(teams.members()) if team else mine.lazy().head(0)
    # The scorecard compares with the rep's profile and team only: hand it just those deals.
    # A rep with no team compares with their profile only (a null team matches nobody).
    compared = benchmark.filter((pl.col("seller_profile") == profile) | teams.members())
    scorecard = rep_scorecard(compared, name, start, end, d, as_of=as_of, teams=teams)
    if teams.moved:  # the team bar names each team the rep closed in, within the bar's label
        scorecard = scorecard.with_columns(pl.when(pl.col("comparison") == "team").then(pl.lit(teams_label(teams)))
                                           .otherwise(pl.col("who")).alias("who"))
    alone = team is not None and team_is_the_rep(scorecard)
    no_rate = left_out_of(mine, closed_between(start, end) & (pl.col("outcome") == WON), currency)
    tiles, share = _tiles(scorecard, currency, no_rate, team_alone=alone)
    won_days = won_days_histogram(deals).collect()
    # The rep's open deals at risk a filter leaves out for want of a value: counted under their list.
    left_out = () if every_deal is None else unplaced_at_risk(
        every_deal.filter(pl.col("rep") == name), filters, as_of, won_days, currency, created_by=end)
    any_team, any_manager = deals.select(pl.col("team", "manager").is_not_null().any()).collect().row(0)
    any_coach = "coach" in deals.collect_schema().names() and deals.select(pl.col("coach").is_not_null().any()).collect().item()
    # The quarter in progress on the day the figures know is named so on the axis ("to date", or "to 1 Jul"
    # when the range's end cuts it), as the Overview's trend names it: never set beside whole quarters unmarked.
    # Every quarter of the range to the day its figures know, as the Overview's (measures.trends.closed_quarters):
    # one the rep closed no deal in stands on the axis with 0 deals and no rate, a gap in the line. The rep's
    # line had left it out, running straight from the quarter before to the one after.
    trend = named_quarters(closed_quarters(mine, start, end, fy, denominator=d, through=periods.known_day(end, as_of)),
                           as_of, fy, end, start)
    listed = deals_behind(mine, start, end, as_of=as_of).drop(CLOSE_MONTH, strict=False)  # a column of the coded deals only
    return as_text(RepView(
        rep=name,
        profile=profile,
        profile_shown=profile_as_shown(None if profile is None else str(profile), None if source is None else str(source),
                                       raters),
        team=team,
        team_since=since,
        earlier_teams=earlier,
        manager=teams.manager,
        coach=coaches[0] if coaches.len() else None,
        scorecard=scorecard,
        trend=trend,
        # No dotted team line when it would be the rep's own line again (team_is_the_rep).
        team_trend=named_quarters(quarterly_trend(mine.lazy().head(0) if alone else team_deals, start, end, fy,
                                                  denominator=d), as_of, fy, end, start),
        team_alone=alone,
        reasons=loss_reasons(mine, start, end, reporting_currency=currency),
        deals=listed,
        deal_quarters=quarters_with_deals(listed, start, end, as_of, fy),
        # The "usually takes" threshold comes from every won deal, not the rep's own few.
        at_risk=at_risk_open_deals(mine, as_of, won_days=won_days, created_by=end),
        none_at_risk=none_at_risk(won_days, filtered=bool(left_out)),
        undated_open=undated_open_count(mine),
        open_words=open_now_words(end, as_of),
        tiles=tiles,
        team_value_share=share,
        any_team=bool(any_team),
        any_manager=bool(any_manager),
        any_coach=bool(any_coach),
        at_risk_unplaced=left_out,
        empty_quarters=quarters_without_closed(trend, start, end, as_of, fy),
        left=employment.rep_left_words(mine),
        left_on=employment.rep_left_on(mine),
        fy_start_month=fy,
        no_decision_causes=() if vocabulary is None else no_decision_causes(
            no_decision_causes_query(mine.lazy(), start, end).collect(), vocabulary, stage_outcomes, real_values),
    ))


def quarters_with_deals(listed: pl.DataFrame, start: dt.date, end: dt.date, as_of: dt.date | None,
                        fy_start_month: int) -> tuple[str, ...]:
    """The quarters of [start, end], in order and named as the rep's trend names them (periods.quarter_name,
    as named_quarters), in which `listed` (a rep's deal list, RepView.deals: closed in range, open by its
    end) holds a deal by close date, an open deal's expected one: the quarters narrowed_deals' `quarter`
    finds a deal in, ("2026 Q1", "2026 Q3") for a rep with none in Q2. What the list's Quarter choice offers."""
    days = listed.get_column("close_date").drop_nulls()
    found = []
    for label in periods.quarters_between(start, end, fy_start_month):
        first, last = periods.quarter_bounds(label, fy_start_month)
        if days.is_between(first, last).any():
            found.append(periods.quarter_name(label, as_of, fy_start_month, end, start))
    return tuple(found)


def no_deals_advice(deals: pl.LazyFrame, name: str, filters: Filters, escape: Callable[[str], str] = str) -> str:
    """What a rep's view says to do when the dimension filters leave none of the rep's deals (`rep` is then
    None: the close-date range is not the cause, as the view lists the rep's deals of any date), naming the
    filter to clear: those that alone keep none of them ("Clear the Team filter in the sidebar to see Ann's
    deals."), else those whose clearing alone would show some ("Clear the Region or Segment filter …"), else
    every one ("Clear the filters …"). `deals`: every deal, no filter applied. It had said "Widen the range
    under Close date in the sidebar or clear a filter", and no range showed one. The rep's name comes from a
    file: it goes through `escape` (text.md for Markdown); the filters' labels are fixed words."""
    mine = deals.filter(pl.col("rep") == name)
    conditions = dimension_conditions(filters)
    alone = {d: condition.fill_null(False).any() for d, condition in conditions.items()}
    without = {d: pl.all_horizontal([c.fill_null(False) for o, c in conditions.items() if o != d] or [pl.lit(True)]).any()
               for d in conditions}
    counts = mine.select(pl.len().alias("every"), *(v.alias(f"alone {d}") for d, v in alone.items()),
                         *(v.alias(f"without {d}") for d, v in without.items())).collect().row(0, named=True)
    whose = f"{escape(name)}'s deals"
    if not counts["every"] or not conditions:  # no deal of the rep's at all: another rep's view shows something
        return f"Choose a rep on the Reps page: {escape(name)} has no deals in this data."
    label = {d: DIMENSION_LABELS.get(d, d) for d in conditions}
    keeping_none = [d for d in conditions if not counts[f"alone {d}"]]
    if keeping_none:
        rest = [c.fill_null(False) for d, c in conditions.items() if d not in keeping_none]
        if not rest or mine.filter(pl.all_horizontal(rest)).select(pl.len()).collect().item():
            nouns = "filter" if len(keeping_none) == 1 else "filters"
            return f"Clear the {text.listed([label[d] for d in keeping_none])} {nouns} in the sidebar to see {whose}."
    if either := [label[d] for d in conditions if counts[f"without {d}"]]:
        return f"Clear the {text.listed(either, 'or')} filter in the sidebar to see {whose}."
    return f"Clear the filters in the sidebar to see {whose}."


def no_closed_deals_sentence(rep: RepView, escape: Callable[[str], str] = str, *, advice: str) -> str | None:
    """What a rep's view says in place of its scorecards, trend, outcome mix and loss reasons when the
    rep closed no deal in the range (their open deals are still listed): it drew empty bars "(n = 0)",
    "How Ann's 0 closed deals ended" and "the rep's 0 lost and no-decision deals". None when they
    closed one. The rep's name comes from a file: it goes through `escape` (text.md for Markdown).
    `advice`: what to do, common.nothing_shown_advice of the rep's closed deals around the range (the choice
    that shows them)."""
    me = rep.scorecard.filter(pl.col("comparison") == "rep").row(0, named=True)
    if me["closed"]:
        return None
    return (f"{escape(rep.rep)} closed no deal in this range, so there is no scorecard, trend, outcome mix or "
            f"loss reason to draw ({text.plural_or_none(me['open'], 'deal')} {rep.open_words}). {advice}")


def rep_header(rep: RepView, escape: Callable[[str], str] = str) -> str:
    """The line under a rep's name: "Challenger · team East · manager Eve · coach Kim" ("Challenger (assessment, 1
    rater) · …" for a profile from the questionnaire: RepView.profile_shown; and "· left on 30 Sep 2026" for
    a rep who left: employment.rep_left_words; "team Falcons since 15 Aug 2026 (before: Orcas)" for a rep who
    changed team: moved_words); a team or manager the rep
    lacks reads "—" ("team —"), while with no team (no manager) in the data at all that part is left
    out, since there is nothing to say; a coach is named only for a rep who has one, as most reps are in no
    coaching programme (the line said nothing of coaches); an anonymised manager reads "Manager 05", not
    "manager Manager 05", and a coach "Coach 01" (a manager who coaches keeps their manager pseudonym: "coach
    Manager 04"). Names come from a file: each goes through `escape` (text.md where the line is Markdown)."""
    parts = [escape(rep.profile_shown or str(rep.profile))]  # "Challenger (assessment, 1 rater)" where assessed
    if rep.any_team:
        parts.append(f"{text.team_words(rep.team or text.DASH, escape)}{moved_words(rep, escape)}")
    if rep.any_manager:
        # An anonymised manager is named "Manager 05": not "manager Manager 05".
        manager = rep.manager or text.DASH
        parts.append(_role_words(manager, "manager", escape))
    if rep.coach is not None:
        parts.append(_role_words(rep.coach, "coach", escape))
    if rep.left:  # their deals count as anyone's: the line only says it
        parts.append(rep.left)
    return " · ".join(parts)


def _role_words(name: str, role: str, escape: Callable[[str], str]) -> str:
    """A person named in the line under a rep's name for their `role` ("manager", "coach"): "manager Eve", or the
    pseudonym alone where it says the role already ("Manager 05", never "manager Manager 05")."""
    return escape(name) if is_pseudonym(name, role) else f"{role} {escape(name)}"


def moved_words(rep: RepView, escape: Callable[[str], str] = str) -> str:
    """What the line under a moved rep's name adds after their team: " since 15 Aug 2026 (before: Orcas)",
    the earlier teams their deals closed in, which those deals count for; "" for a rep who never moved."""
    if rep.team_since is None:
        return ""
    before = f" (before: {', '.join(escape(t) for t in rep.earlier_teams)})" if rep.earlier_teams else ""
    return f" since {text.day(rep.team_since)}{before}"


def teams_closed_in_words(rep: RepView, escape: Callable[[str], str] = str) -> str:
    """What the line under a rep's tiles calls their team benchmark (team_history.in_teams_closed), the names
    whole: "Team East" for a rep who never moved; for one who moved, "Teams the rep closed in (Enterprise to 31 Jul
    2026, Commercial since 1 Aug 2026), their deals of those days" ("Team Commercial since 1 Aug 2026" where no
    deal of theirs here closed in an earlier team). A mover's own deals of Enterprise had been set beside every
    deal Commercial ever closed, as "Team Commercial". Names come from a file: each goes through `escape`
    (text.md where the line is Markdown)."""
    if rep.team_since is None or rep.team is None:
        return text.team_words(rep.team or text.DASH, escape, capital=True)
    if not rep.earlier_teams:
        return f"{text.team_words(rep.team, escape, capital=True)} since {text.day(rep.team_since)}"
    until = text.day(rep.team_since - dt.timedelta(days=1))
    before = text.listed([escape(t) for t in rep.earlier_teams])
    return (f"Teams the rep closed in ({before} to {until}, {escape(rep.team)} since {text.day(rep.team_since)}), "
            "their deals of those days")


def teams_label(teams: team_history.RepTeams) -> str:
    """The scorecard's team bar's name for a rep who moved (plain text: the chart escapes it): the teams their
    deals closed in, oldest first, "Enterprise → Commercial", each name shortened (text.shortened) so that the
    bar's two lines of name hold every team, its arrow and the team after it."""
    names = (*teams.earlier, teams.team or text.DASH)
    arrow = " →"
    line = SCORECARD_NAME_PX  # a scorecard's name takes two lines of it
    room = (line if len(names) <= 2 else 2 * line / len(names)) - text.chart_px(arrow, FONT_PX)
    return " → ".join(text.shortened(name, room, lambda words: text.chart_px(words, FONT_PX)) for name in names)


def deals_caption(end: dt.date | None, as_of: dt.date | None) -> str:
    """The caption over a rep's deal list, ending in a colon for its count: "Closed in range, and open
    now (created by 30 Sep 2026):" (counting.open_now_words: the open deals the list holds)."""
    return f"Closed in range, and {open_now_words(end, as_of)}:"


# The narrowest each chart of a rep's view is drawn, in px of the app's type: at 1024 px with the sidebar
# open (measured in Chromium; in presenter mode at 1024 px the sidebar is folded and each is wider, 330
# 399 261 689 px at the app's type; at 1280 px they are 450 543 357 932). A chart's title is one line,
# which Plotly cuts at the chart's edge ("Win rate: =HYPERLINK(…"click me") agains"): a name from a file
# is shortened in it to fit. Sized for 1280 px in presenter mode, the titles ran past the chart at 1024 px
# ("Win rate: Camila Brennan against peers and team", 355 px in a 322 px chart).
CHART_PX: Final = {"scorecard": 322, "trend": 390, "mix": 254, "reasons": 676}
TITLE_MARGIN_PX: Final = 10  # px a title keeps from the chart's right edge
# A scorecard in presenter mode at 1024 px (a projector's width): 465 px of the screen, 330 at the app's
# type (measured in Chromium). Drawn for 415, the words past a bar of 100% ran past the chart ("n too sm").
PRESENTER_SCORECARD_PX: Final = 330


def scorecard_px(presenter: bool) -> float:
    """The narrowest a rep's scorecards are drawn, in px of the app's type: CHART_PX's, or in presenter
    mode PRESENTER_SCORECARD_PX (at 1024 px); their ticks and the words past their bars fit it."""
    return PRESENTER_SCORECARD_PX if presenter else CHART_PX["scorecard"]


def title_px(words: str) -> float:
    """px `words` take at most in a chart's title (text.chart_px at the title's size)."""
    return text.chart_px(words, TITLE_PX)


def _titled(before: str, name: str, after: str, chart: str, nameless: str | None = None) -> str:
    """A chart title of fixed words around a name from a file, for Plotly, within `chart`'s room
    (CHART_PX): the name whole where it fits; else `nameless`, the title without the name (the page's
    own title names the rep whole), where given and it fits; else the name shortened with "…"
    (text.shortened). A name is cut only where nothing else fits: "How Omar O'B…'s 18 closed deals ended"
    read worse than "How 18 closed deals ended" on the rep's own page."""
    room = CHART_PX[chart] - TITLE_MARGIN_PX
    if title_px(before + name + after) <= room:
        return f"{before}{text.label(name)}{after}"
    if nameless is not None and title_px(nameless) <= room:
        return text.label(nameless)
    return f"{before}{text.label(text.shortened(name, room - title_px(before + after), title_px))}{after}"


def scorecard_titles(rep: RepView) -> tuple[str, str]:
    """The titles of the rep's two scorecards, escaped for Plotly, each within a scorecard's width: "Win
    rate: Ann against peers and team" ("Win rate against peers and team" where the name does not fit:
    _titled; whole in the page's title) and "No decision ÷ losses against peers", its name short where the
    words do not fit: "ND ÷ losses against peers and team" (as the leaderboard's column is headed)."""
    against = f" against {rep.compared_words}" if rep.compared_words else ""
    nd = f"{text.ND_SHARE_OF_LOSSES}{against}"
    if title_px(nd) > CHART_PX["scorecard"] - TITLE_MARGIN_PX:
        nd = f"{text.ND_SHARE_OF_LOSSES_SHORT}{against}"
    return _titled("Win rate: ", rep.rep, against, "scorecard", f"Win rate{against}"), nd


# The rep's trend columns its CSV writes (NAMED_QUARTER_COLUMNS first), and the team's beside them (TEAM_TREND_CSV).
TREND_CSV: Final = ("closed", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi", f"{ND_SHARE}_n", ND_SHARE)
TEAM_TREND_CSV: Final = {"n": "team_n", "win_rate": "team_win_rate", f"{ND_SHARE}_n": "team_losses",
                         ND_SHARE: f"team_{ND_SHARE}"}


def trend_data(rep: RepView) -> pl.DataFrame:
    """The data behind the rep's trend (charts.rate_trend), one row a quarter of the range, one the rep closed
    no deal in with 0 deals and its rates empty, as every trend's CSV (measures.trends.every_quarter): the
    rep's columns (TREND_CSV) and the dotted team lines' (TEAM_TREND_CSV: team_n, team_win_rate, team_losses,
    team_no_decision_share_of_losses; empty where the team closed nothing that quarter, and left out when no
    team line is drawn), for common.chart_csv, which empties a rate on too few of its own n."""
    mine = rep.trend.select(*NAMED_QUARTER_COLUMNS, *TREND_CSV)
    if not (rep.team_compared and rep.team_trend.height):
        return mine
    team = rep.team_trend.select("quarter", *[pl.col(c).alias(to) for c, to in TEAM_TREND_CSV.items()])
    return mine.join(team, on="quarter", how="left", maintain_order="left")


def trend_title(rep: RepView) -> str:
    """The rep's trend chart title, names escaped for Plotly: "Ann by quarter (dotted: team East)", within
    the chart's width. Where the team's words do not fit whole they are left out, "Ann Marie Lee-Hathaway
    by quarter", as they are when the rep has no team: the legend names the dotted team lines whole,
    wrapped onto lines (team_line_name), where cut in the title they read "(dotted: team Ent…)". A rep's
    name too long for the chart is shortened with "…" (_titled)."""
    if rep.team is not None and rep.team_compared:
        whole = f"{rep.rep} by quarter (dotted: {team_line_words(rep)})"
        if title_px(whole) <= CHART_PX["trend"] - TITLE_MARGIN_PX:
            return text.label(whole)
    return _titled("", rep.rep, " by quarter", "trend")


def _closed_in_range(rep: RepView) -> int:
    """The rep's own closed deals in range (their scorecard row), which the outcome mix draws."""
    mine = rep.scorecard.filter(pl.col("comparison") == "rep")
    return int(mine["closed"][0] or 0) if mine.height else 0


def outcome_mix_title(rep: RepView) -> str:
    """The rep's outcome mix title, the name escaped for Plotly: "How Lin Park's 1 closed deal ended",
    "How Ann Lee's 42 closed deals ended"; "How 42 closed deals ended" where the name does not fit (_titled)."""
    closed = text.plural(_closed_in_range(rep), "closed deal")
    return _titled("How ", rep.rep, f"'s {closed} ended", "mix", f"How {closed} ended")


def reasons_title(rep: RepView) -> str:
    """The rep's loss-reason chart title, the name escaped for Plotly: "Why Ann Lee's deals were lost"; a
    name that does not fit left out (_titled): "Why the deals were lost"."""
    return _titled("Why ", rep.rep, "'s deals were lost", "reasons", "Why the deals were lost")


@dataclass(frozen=True)
class RepChartSubjects:
    """What each chart of one rep's view is about, plain text, the rep named whole: its CSV's name
    (common.chart_file_name). A title leaves the name out or shortens it where it does not fit its chart
    (_titled): the scorecards' files had been "win-rate-against-peers-and-team.csv" for every rep."""

    scorecard_win: str
    scorecard_no_decision: str
    trend: str
    reasons: str


def rep_chart_subjects(rep: RepView) -> RepChartSubjects:
    """The subjects of `rep`'s charts (RepChartSubjects), in their titles' words: "Win rate: Ann Lee against
    peers and team", "No decision ÷ losses: Ann Lee against peers and team", "Ann Lee by quarter (dotted: team
    East)", "Why Ann Lee's deals were lost"."""
    against = f" against {rep.compared_words}" if rep.compared_words else ""
    dotted = f" (dotted: {team_line_words(rep)})" if rep.team is not None and rep.team_compared else ""
    return RepChartSubjects(
        scorecard_win=f"Win rate: {rep.rep}{against}",
        scorecard_no_decision=f"{text.ND_SHARE_OF_LOSSES}: {rep.rep}{against}",
        trend=f"{rep.rep} by quarter{dotted}",
        reasons=f"Why {rep.rep}'s deals were lost",
    )


def outcome_mix_caption(rep: RepView) -> str:
    """The caption under the rep's outcome mix: shares of their closed deals, or counts alone below
    MIN_N (text.outcome_mix_caption), as the win-rate tile beside it withholds the rate."""
    return text.outcome_mix_caption(_closed_in_range(rep), "the rep's")


# px a legend entry's sample (line and marker) and its gap take before its name.
LEGEND_SAMPLE_PX: Final = 45
TEAM_LEGEND_LINES: Final = 3  # the most lines a team's name takes in the trend's legend


# What the trend's dotted team lines are of for a rep who moved: the deals of the team each of their deals
# closed in (team_history.in_teams_closed), not of their team now.
MOVED_TEAM_LINE: Final = "the rep's teams"


def team_line_words(rep: RepView) -> str:
    """What the trend's dotted team lines are of, plain text: "team East", MOVED_TEAM_LINE for a rep who moved
    (the line follows the team each deal closed in), "team —" for a rep with no team."""
    return MOVED_TEAM_LINE if rep.moved else text.team_words(rep.team or text.DASH)


def team_line_name(rep: RepView) -> str:
    """The dotted team lines' name in the trend's legend ("No decision ÷ losses, team East"), escaped for
    Plotly: "team East" ("team —" for a rep with no team, whose chart draws no such line). A long team
    name wraps onto lines joined by <br> ("team EMEA Enterprise &<br>Strategic Accounts"), each within the
    legend's room beside its longest series' name, so a leader reads it whole and the legend keeps within
    the chart's width at 1024 px (one entry a row, Plotly cut a long one at the chart's edge). A name past
    TEAM_LEGEND_LINES lines (no team's name is that long) is cut with "…" on the last; the line under the
    tiles names the team whole."""
    room = CHART_PX["trend"] - LEGEND_SAMPLE_PX - text.chart_px(f"{text.ND_SHARE_OF_LOSSES}, ", FONT_PX)
    lines = text.name_lines(team_line_words(rep), room, lambda words: text.chart_px(words, FONT_PX),
                            TEAM_LEGEND_LINES)
    return "<br>".join(text.label(line) for line in lines)


def _tiles(card: pl.DataFrame, currency: str, no_rate: Unconverted | None = None,
           team_alone: bool = False) -> tuple[tuple[Tile, ...], Tile]:
    """The rep's four tiles and the share-of-team tile. A rate's difference to the peers is shown only
    when both the rep's and the peers' n reach MIN_N (views.common.change_tile); else the tile says
    which side is too small, as the line under the tiles gives the peers' rate as "n too small".
    `no_rate`: the rep's won deals in range no exchange rate converts, said on the won-value tile
    ("$1.2M · no rate for EUR") and in its help (exchange.Unconverted.left_out). `team_alone`: the team
    closed no deal here but the rep's (team_is_the_rep), so the share reads "—", its help saying why in
    the words of the line under the tiles (TEAM_ALONE_WORDS), not "100%" of a team of one."""
    rows = {r["comparison"]: r for r in card.iter_rows(named=True)}
    me, peers, team = rows["rep"], rows["profile_peers"], rows["team"]
    losses = me["no_decision_share_of_losses_n"]
    nd_small = bool(me["no_decision_small_n"]) if "no_decision_small_n" in me else losses < MIN_N

    def versus(label: str, value: str, column: str, measure: str, **more) -> Tile:
        n_column, noun = CHANGE_N[measure]
        change = (None if me[column] is None or peers[column] is None
                  else text.change_in_points(me[column], peers[column]))
        return change_tile(label, value, change, "vs peers",
                           (("rep", me[n_column]), ("peers", peers[n_column])), noun, where="for the", **more)

    won_value, won_aside = text.money_and_no_rate(me["won_amount"], currency, no_rate.no_rate if no_rate else None)
    tiles = (
        versus("Win rate", text.rate(me["win_rate"], me["n"], bool(me["small_n"])), "win_rate", "win_rate",
               n=me["n"], small=bool(me["small_n"])),
        versus(text.ND_SHARE_OF_LOSSES, text.rate(me[ND_SHARE], losses, nd_small), ND_SHARE, ND_SHARE,
               n=losses, small=nd_small, bad_when_up=True),
        Tile("Closed deals", text.count(me["closed"])),
        Tile("Won value", won_value, aside=won_aside, left_out=no_rate if no_rate and no_rate.deals else None, left_out_noun="won deal",
             phrase=text.no_rate_alone(bool(me["won_amount"]), no_rate.no_rate if no_rate else None)),
    )
    if team_alone:
        return tiles, Tile("Share of team's won value", text.percent(None), help=text.sentence(TEAM_ALONE_WORDS) + ".")
    share = me["won_amount"] / team["won_amount"] if me["won_amount"] is not None and team["won_amount"] else None
    return tiles, Tile("Share of team's won value", text.percent(share))


# ---- captions and column help ------------------------------------------------------------------
def rate_column_help(quarter: str | None = None, previous: str | None = None) -> dict[str, str]:
    """The help text of each count, rate and change column a table of reps shows (the leaderboard,
    a profile's reps), keyed by column name: what it divides and what "—" means, in
    text.blank_cell_note's words. `quarter`: the quarter the changes are of ("2026 Q3", "2026 Q4 to
    date"), None when unknown; `previous`: what it is compared with as the leaderboard names it
    ("2026 Q3 to the same day"), its label when not given."""
    last = versus_text(quarter, previous or periods.previous_quarter(quarter)) if quarter else "last quarter vs the one before"
    in_words = f"{text.sentence(text.ND_SHARE_OF_LOSSES_WORDS)} ({text.ND_SHARE_OF_LOSSES_FORMULA})"
    return {
        "seller_profile": PROFILE_COLUMN_HELP,
        "closed": "Won + lost + no decision in the range.",
        "n": "Deals in the win rate's denominator.",
        "win_rate": f"{text.withheld_cell_note()}.",
        "interval": (f"The range the true win rate likely lies in (95% interval, Wilson); {text.DASH} where the "
                     "win rate is."),
        "nd_n": f"Lost + no decision in the range: the n of {text.ND_SHARE_OF_LOSSES}.",
        ND_SHARE: f"{in_words}; {text.withheld_cell_note(text.LOSSES)}; {ND_SORT_NOTE}.",
        "win_rate_qoq": f"Win rate, {last}, in percentage points; {text.blank_cell_note(scope='in either quarter')}.",
        "nd_qoq": (f"{text.ND_SHARE_OF_LOSSES}, {last}, in percentage points; "
                   f"{text.blank_cell_note(text.LOSSES, scope='in either quarter')}."),
    }


def assessed_note(board: pl.DataFrame, column: str = PROFILE_SHOWN) -> str:
    """" Profile: marked † where …" (PROFILE_COLUMN_HELP's words) for a board (rep_leaderboard's frame) where a
    rep's profile came from the questionnaire (profile_in_grid marks it), else "". The leaderboard's name columns
    carry no help of their own: a help icon takes room a name needs (test_rep_tables). `column`: where the
    board holds the profiles as shown (leaderboard_table's are in seller_profile)."""
    if column not in board.columns or not board[column].str.ends_with(ASSESSED_MARK).any():
        return ""
    return " Profile: " + PROFILE_COLUMN_HELP.removeprefix("The rep's seller profile, ")


def compared_names(board: pl.DataFrame) -> tuple[str | None, str | None]:
    """(the quarter, the one before) a leaderboard's changes compare, as every screen names them
    ("2026 Q4 to date", "2026 Q3 to the same day"; rep_leaderboard); (None, None) when it has no row."""
    if not board.height or board["quarter"][0] is None:
        return None, None
    return board["quarter"][0], board["previous_quarter"][0]


RANKING_TITLE: Final = "Win rate by rep, with 95% intervals"  # what the Reps page's chart is about


@dataclass(frozen=True)
class LeaderboardCaptions:
    """What the Reps page writes under the leaderboard and the win-rate-by-rep chart (fixed words
    and numbers only: nothing from a file)."""

    board: str
    chart: str
    # The win-rate-by-rep chart's title: a ranking's (RANKING_TITLE), or, when no rep's rate is shown, that none
    # is ranked. Its CSV is named after the ranking's whichever it reads (common.chart_file_name).
    chart_title: str = RANKING_TITLE


# The win-rate-by-rep chart's CSV: what each bar draws (its rep's rate, interval and n), each rep's no-decision
# share of losses with its n (as the leaderboard gives it); the view it is of follows, the same on every row, as
# in every chart's CSV (common.with_view). `team` is the rep's now (team_history.reps_now); teams_in_range the
# teams their deals in range closed in ("Falcons; Orcas" for a rep who moved), with which a reader reconciles
# the rep's figures with a team's.
REP_CHART_CSV: Final = ("rep", employment.REP_LEFT, employment.REP_LEFT_ON, "seller_profile", "profile_source", "team",
                        "teams_in_range", "closed", "won",
                        "n", "win_rate", "win_rate_lo", "win_rate_hi", f"{ND_SHARE}_n", ND_SHARE)


def rep_chart_data(board: pl.DataFrame) -> pl.DataFrame:
    """The data behind the Reps page's win rate by rep (for common.chart_file, which empties a rate on too few of
    its own n, its n beside it, as the leaderboard's cell is empty, and adds the view it is of): `board`
    (leaderboard's frame) in REP_CHART_CSV's columns."""
    return board.select(*REP_CHART_CSV)


# What a table of reps' empty rate cell means, the leaderboard's and the review's deck's and report's alike: a
# withheld rate's cell is empty, as a change's is (text.withheld_cell_note).
RATE_CELLS_WORDS: Final = "Rate cells: " + text.withheld_cell_note("deals in that rate's n")


def ranking_sentence(reps: int, where: str = "in range") -> str:
    """The sentence a table of reps in the leaderboard's order (rates.ranked) opens its caption with: how many
    reps it lists, closed a deal `where` ("in range", "in 2026 Q3"), and in what order, "12 reps with a closed
    deal in range; reps with at least 20 deals first, by win rate, the others after them by n, then name."."""
    return (f"{text.plural(reps, 'rep')} with a closed deal {where}; reps with at least {MIN_N} deals first, "
            "by win rate, the others after them by n, then name.")


# The list that stands in for the win-rate-by-rep chart's bars when it gives way to a sentence (withheld_ranking_note):
# choosing a rep opens the rep, as a click on their bar does.
REP_CHOICE_LABEL: Final = "Open a rep"
REP_CHOICE_PLACEHOLDER: Final = "Choose a rep…"


def withheld_ranking_note(board: pl.DataFrame, filters: Filters, around: ClosedAround | None,
                          min_n: int = MIN_N) -> str | None:
    """What stands in place of the Reps page's win rate by rep (`board`: the reps it draws, leaderboard's frame) when
    no rep is ranked, every rep's win rate withheld on fewer than `min_n` deals: the rule of every chart whose every
    rate is withheld (common.every_rate_withheld, common.withheld_chart_sentence), why and what to do, the page's Show
    the charts anyway included (common.withheld_advice). None when a rate is drawn, or no rep has a deal in the win
    rate (every deal ended in no decision: its caption says so). A grey hatched stub a rep, under the title "No rep has
    20 deals in the win rate in this range: none is ranked", had been drawn. `around`: the closed deals around the
    range (common.closed_around), by which the advice names its choice.

    "No rep has the 20 deals a rate needs, so win rate by rep is not drawn. Choose Last 4 complete quarters under
    Close date in the sidebar to count 52 closed deals or turn on Show the charts anyway." """
    if not every_rate_withheld(board, "win_rate", min_n):
        return None
    return withheld_chart_sentence("rep", "win rate by rep", f". {withheld_advice(filters, around)}", min_n=min_n)


def leaderboard_captions(board: pl.DataFrame, filters: Filters) -> LeaderboardCaptions:
    """The leaderboard's captions from `board` (leaderboard's frame): its reps counted here, the
    small-n rule in text.small_n_note's and text.blank_cell_note's words."""
    d = denominator(filters)
    quarter, previous = compared_names(board)
    changes = versus_text(quarter, previous) if quarter and previous else "quarter on quarter"
    return LeaderboardCaptions(
        board=(f"{ranking_sentence(board.height)} {d.label}. {text.N_AND_LOSSES_NOTE} {RATE_CELLS_WORDS}, as the 95% CI "
               f"beside it. Δ: change in points, {changes}; "
               f"{text.blank_cell_note(scope='in either quarter')}, or nothing to compare. Hover a column's name for its definition; "
               f"sort by any column, choose a row to open the rep. {text.ROW_BY_KEYBOARD}{assessed_note(board)}"),
        chart=f"{d.label}; {text.small_n_note()}, {text.WITHHELD_ORDER}. Click a bar to open the rep.",
        **({"chart_title": text.unranked_title(text.N_CLOSED)} if none_ranked(board["small_n"].to_list()) else {}),
    )


@dataclass(frozen=True)
class RepCaptions:
    """What one rep's view writes under its charts (fixed words and numbers only: nothing from a file)."""

    scorecard_win: str
    scorecard_no_decision: str
    trend: str
    reasons: str
    # What stands in place of the loss-reason chart when every deal the rep closed in range was won
    # (it was drawn empty over "the rep's 0 lost and no-decision deals"); None when one was lost.
    no_losses: str | None = None
    # What stands in place of the trend when every rate of the rep's in it would be withheld
    # (common.withheld_trend_sentence); None when it is drawn.
    trend_withheld: str | None = None


def scorecard_bars_words(rep: RepView) -> str:
    """What the win-rate scorecard's bars beside the rep's stand for, each bar drawn and only those (a peers' or a
    team's bar is left out when it closed no deal here: RepView.compared), as a sentence with its full stop and a
    space after it: "Peers: the other reps of the same seller profile, their deals together; team: every deal of the
    rep's team, the rep's included. "; "" when the rep's bar is drawn alone."""
    said = ["peers: the other reps of the same seller profile, their deals together"] if rep.peers_compared else []
    if rep.team_compared:
        said.append("teams: the deals of each team the rep closed in, while the rep was in it (as the trend's dotted "
                    "team line), the rep's included" if rep.moved
                    else "team: every deal of the rep's team since the rep joined it, the rep's included"
                    if rep.team_since is not None else "team: every deal of the rep's team, the rep's included")
    return f"{text.sentence('; '.join(said))}. " if said else ""


def rep_captions(rep: RepView, filters: Filters) -> RepCaptions:
    """One rep's chart captions from their records: every n counted here, the small-n rule in
    text.small_n_note's words."""
    reasons = int(rep.reasons["deals"].sum()) if rep.reasons.height else 0
    closed = int(rep.trend["closed"].sum()) if rep.trend.height else 0
    return RepCaptions(
        scorecard_win=f"{denominator(filters).label}; {text.small_n_note()}. {scorecard_bars_words(rep)}{benchmark_rule(rep)}",
        scorecard_no_decision=(f"{text.sentence(text.ND_SHARE_OF_LOSSES_FORMULA)}; {text.WHISKERS}; "
                               f"{text.small_n_note(text.LOSSES)}."),
        trend=(f"Win rate and {text.ND_SHARE_OF_LOSSES} per quarter; {text.WHISKERS}; {text.small_n_note()}. "
               f"{text.n_of(int(rep.trend['closed'].sum()) if rep.trend.height else 0, 'closed deal')}. "
               + "".join(no_deal_closed_sentence(quarters, "The rep", gone) + " "
                         for quarters, gone in rep.empty_quarters_said if quarters)
               + "Click a point for its deals."),
        reasons=text.reasons_caption(reasons, "the rep's", causes=rep.no_decision_causes,
                                     others=drawn_reasons(rep.reasons).other_words),
        no_losses=None if reasons or not closed else (
            "None of the rep's closed deals in this range was lost or ended in no decision ("
            + ("the one closed deal was won" if closed == 1 else f"all {closed:,} were won")
            + "), so there is no loss reason to chart."),
        trend_withheld=withheld_trend_sentence(rep.trend, "the rep's", "the outcome mix beside this and the rep's deals below"),
    )


def benchmark_rule(rep: RepView) -> str:
    """Which sidebar filters a rep's peers and team are drawn under (filters.benchmark_filters), said under
    their scorecard: "Peers and team are the rep's whatever the sidebar's Team, Manager, Seller profile and
    Profile source filters list; …". A leader filtering to Challengers still sees the rep against their
    whole team. A rep with no team (whom no Team filter lists) is told of peers and the other filters alone;
    with no manager in the data, the Manager filter is not named, nor the Coach filter with no coach."""
    unnamed = {"team"} if rep.team is None else set()
    unnamed |= set() if rep.any_manager else {"manager"}
    unnamed |= set() if rep.any_coach else {"coach"}
    people = [DIMENSION_LABELS[d] for d in PEOPLE_DIMENSIONS if d not in unnamed]
    who = "Peers and team are" if rep.team is not None else "Peers are"
    return (f"{who} the rep's whatever the sidebar's {text.listed(people)} filters list; its other filters "
            "narrow their deals as the rep's.")


# What the line under a rep's tiles says of a team that closed no deal here but the rep's (team_is_the_rep),
# after the team's name: no bar nor dotted line then repeats the rep's own rates as the team's.
TEAM_ALONE_WORDS: Final = "no other rep's deal closed here under these filters, so no team to compare with"
# What the line under a rep's tiles says of a rep the roster gives no team where other reps have one:
# a team comes from the roster alone.
NO_TEAM_SENTENCE: Final = ("No team to compare with: the roster gives this rep none (give one in the roster's Team "
                           "column, in a roster upload or on the Data page's Roster tab).")


def rep_tiles_caption(rep: RepView, hide_amounts: bool = False, currency: str = text.DEFAULT_CURRENCY,
                      escape: Callable[[str], str] = str) -> str:
    """The line under one rep's tiles: their peers' and team's win rates, each with its n or
    "n too small", open deals and the average won deal (or, with amounts hidden, what the share tile
    is, when it is drawn: RepView.shown_tiles).

    The peers' profile and the team's name come from a file: each is passed through `escape`
    (text.md where the line is Markdown).
    """
    rows = {r["comparison"]: r for r in rep.scorecard.iter_rows(named=True)}
    me, peers, team = rows["rep"], rows["profile_peers"], rows["team"]
    # A rep without a team has no team to compare with: said so once, here, with how to give them one,
    # not "Team No team: win rate no deals" nor a "No team (n = 0)" bar in each scorecard.
    team_text = (f" {teams_closed_in_words(rep, escape)}: {_win_rate_words(team)}." if rep.team_compared
                 else f" {teams_closed_in_words(rep, escape)}: {TEAM_ALONE_WORDS}." if rep.team is not None
                 else f" {NO_TEAM_SENTENCE}" if rep.any_team else "")
    # With amounts hidden the line says what the share tile is, and nothing where no tile is drawn
    # (no team in the data: RepView.shown_tiles). A rep who won nothing here has no average: said so,
    # not "average won deal —".
    # A team of the rep alone has no share either: the team's words above say why.
    worth = ("" if hide_amounts and (not rep.any_team or rep.team_alone)
             else "; share of team's won value: the rep's won amount ÷ their team's (amounts are hidden)"
             if hide_amounts else _average_won_words(rep, me, currency))
    # No peers (the rep alone in their profile, or none has closed deals here: RepView.peers_compared, no bar
    # drawn for them): said so, not "(0 reps), their deals together: win rate no deals".
    peers_text = (f"Peers: {escape(peers['who'])} ({text.plural(peers['reps'], 'rep')}), their deals together: "
                  f"{_win_rate_words(peers)}."
                  if rep.peers_compared else f"No peers to compare with: no {escape(peers['who']).removeprefix('Other ')} closed a deal here.")
    return f"{peers_text}{team_text} {text.sentence(text.plural_or_none(me['open'], 'deal'))} {rep.open_words}{worth}."


def _average_won_words(rep: RepView, me: dict, currency: str) -> str:
    """The line's average won deal, of the won deals with an amount in `currency` and saying how many
    they are when some have none (no exchange rate, or no amount): "; average won deal $742k (1 of 4
    won deals has an amount in USD)". It read "average won deal $742k" beside a won-value tile of
    "$742k · no rate for EUR", as if four deals averaged what one of them was worth; with none priced
    it read "average won deal —"."""
    won = int(me["won"])
    if not won:
        return "; no deal won in this range"
    mine = rep.deals.filter(pl.col("outcome").cast(pl.String) == WON)
    priced = int(mine.get_column("amount").is_not_null().sum()) if "amount" in mine.columns else won
    if not priced:
        return f"; no won deal has an amount in {currency}"
    average = f"; average won deal {text.money(me['avg_deal_size'], currency)}"
    if priced >= won:
        return average
    return f"{average} ({priced:,} of {won:,} won deals {'has' if priced == 1 else 'have'} an amount in {currency})"


def _win_rate_words(row: dict) -> str:
    """A scorecard row's win rate in the tiles' line: "win rate 42% (n = 310)", "win rate n too small
    (n = 7)", or "no closed deals in this range" (it read "win rate no deals")."""
    if not row["closed"]:
        return "no closed deals in this range"
    return f"win rate {text.rate_with_n(row['win_rate'], row['n'], row['small_n'])}"


def shows_closed_column(filters: Filters) -> bool:
    """Whether the leaderboard lists Closed beside n: not when the win rate divides by all closed
    deals, where the two columns are the same number."""
    return denominator(filters) is not Denominator.CLOSED
