"""Plotly figures for the analysis pages: metric frames in, go.Figure out, no Streamlit.

Conventions every builder keeps, so a chart reads the same on every page and in a screen share:
a title that says what is shown; n on the axis (or beside the bar); rates with their Wilson 95%
interval as error bars; a rate on fewer than MIN_N deals hatched or hollow (theme.bar_marker, theme.point_marker) and labelled
"n too small (n = 7)", never a bare percentage; a rate axis from 0% to a tick at or past its largest
bar, point or whisker end, never ticked past 100% (rate_axis); fixed colours per profile and per outcome from
winloss.present.theme; customdata[0] of every bar is the category it stands for (rep, profile,
outcome), so a click can be read back with winloss.present.selection.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Final, NamedTuple

import plotly.graph_objects as go
import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, LOST, NO_DECISION, OUTCOME_LABELS, WON
from winloss.measures.no_decision import TOP_REASONS, drawn_reasons
from winloss.measures.profiles import TopPerformerMix
from winloss import periods
from winloss.rates import MIN_N, too_small, wilson_interval
from winloss.present.colours import faded, ink, legible
from winloss.present import withheld
from winloss.present.selection import DEALS_META, MARKS_META
from winloss.views.common import share_n, too_few
from winloss.text import (
    N_CLOSED,
    N_LOSSES,
    ND_SHARE_OF_CLOSED,
    ND_SHARE_OF_LOSSES,
    ND_SHARE_OF_LOSSES_SHORT,
    chart_px,
    compact,
    days,
    half_up,
    interval_with_name,
    label,
    n_of,
    name_lines,
    outcome_bar_words,
    percent,
    plural,
    none_in_n,
    plain_lines,
    rate_on_bar,
    rate_with_n,
    reason_bar_words,
    reference_words,
    shares_shown,
    singular,
    small_n_legend,
    too_small_text,
    whole,
)
from winloss.present.theme import (
    FONT_PX,
    OUTCOME_COLOURS,
    PROFILE_COLOURS,
    SMALL_N_COLOUR,
    SMALL_N_EDGE,
    TEXT_COLOUR,
    bar_marker,
    bar_selection_look,
    point_marker,
    small_n_legend_trace,
)

NEUTRAL_COLOUR: Final = "#4B5563"  # bars that stand for no profile or outcome
REFERENCE_COLOUR: Final = "#6B7280"
BAR_HEIGHT: Final = 26  # pixels per bar of a horizontal chart, so long lists stay legible
# Pixels per bar when a label takes two lines (category_lines): two lines of the 13 px type are about 34 px,
# and rows of 26 px set them on their neighbours' labels ("Très Long Name Wolfgang / Amadeus von
# Habsburg-Lothringen (n = 13)" touched the names above and below it on the Reps page).
TWO_LINE_BAR_HEIGHT: Final = 38
BAND_BAR_HEIGHT: Final = 22  # pixels per bar of the grouped band chart: one line of bar text fits
_PERCENT: Final = ".0%"
MIN_PERCENT_AXIS: Final = 0.1  # the shortest rate axis (0-10%): whole-percent ticks stay distinct
# A rate axis ticks at the first of these steps (fractions: 0.2 is 20%) that reaches its top in at most
# MAX_RATE_STEPS steps. Each divides 100% evenly, so the last tick of an axis up to 100% is 100% itself.
RATE_TICK_STEPS: Final = (0.02, 0.05, 0.1, 0.2, 0.25, 0.5)
MAX_RATE_STEPS: Final = 6
# px right of a horizontal rate axis. Its last tick's label ("100%") is centred on the plot's right edge,
# and Plotly hides a tick label that would run past the figure: with the template's 10 px the axis
# read "0% ... 80%" and stopped there, under a bar of 100%. Half of "100%" at presenter size fits.
END_TICK_ROOM: Final = 28
TOTAL_MARGIN: Final = 40  # px right of the plot for a stacked bar's total in presenter type
CHAR_SHARE: Final = 0.02  # share of a bar chart's axis one character of bar text takes, at the narrowest
# The same for a chart across the page's full width (about 750 px of plot at 1280 px, its type 1.4 times
# larger in presenter mode): the band chart, the review's at-risk bars.
WIDE_CHAR_SHARE: Final = 0.009


def _empty(title: str, message: str = "No deals to show for these filters.") -> go.Figure:
    figure = go.Figure()
    figure.update_layout(title=title, height=220, xaxis_visible=False, yaxis_visible=False)
    figure.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return figure


TITLE_ROOM: Final = 56  # px above the plot for the title (one line, presenter size included)
LEGEND_ROW: Final = 22  # px per row of legend entries
AXIS_ROOM: Final = 54  # px under a horizontal bar chart's plot: its value axis's ticks and title


def bars_height(rows: int, row_px: float, layout: dict) -> int:
    """The height of a horizontal bar chart whose plot gives each of its `rows` bars `row_px`, above it
    the top margin `layout` keeps for its title and legend (_legend_room; the template's TITLE_ROOM
    where it sets none), under it AXIS_ROOM; 260 px at the least. Reckoned with the title alone, the
    plot of a chart with a legend lost a legend row's px: a half-width chart's four regions, two of them
    over two lines, had 31 px a bar, and the lines of one name touched the next's."""
    return max(260, math.ceil(rows * row_px + layout.get("margin", {}).get("t", TITLE_ROOM) + AXIS_ROOM))


COUNT_TICKS_OVER_1000: Final = 4  # most ticks of a count axis whose ticks write four digits and a comma


def count_axis(title: str | None, top: float) -> dict:
    """An axis of deal counts from 0 (`top`: the largest count drawn): whole numbers only. Below 5
    Plotly's own steps are fractions ("0 0.5 1 1.5 2" deals), so it steps by one deal there. From
    1,000 up at most COUNT_TICKS_OVER_1000 ticks: the Overview's outcome bars, 161 px wide at 1024 px,
    wrote "0 500 1,000 1,500 2,000" with 3 px between "1,000" and "1,500", read as one number."""
    steps = {"dtick": 1} if top < 5 else {"nticks": COUNT_TICKS_OVER_1000} if top >= 1000 else {}
    return {"title": {"text": title}, "rangemode": "tozero", **steps}


RATE_AXIS_LIMIT = 10.0  # 1,000%: room past 100% for words (on_one_rate_axis) stays far below it


def rate_ticks(largest: float, *, at_least: float = MIN_PERCENT_AXIS, up_to: float | None = None,
               most: int = MAX_RATE_STEPS) -> list[float]:
    """A rate axis's tick values (fractions: 0.2 is 20%), from 0% at one round step of RATE_TICK_STEPS
    (the first reaching the top in at most `most` steps) to the first tick at or past `largest` (the
    largest value drawn: a bar's end, a point, a whisker's end) and `at_least`, then on while at most
    `up_to` (the axis's end, where a chart keeps room past its marks for labels) and 100%.

    The rule for every rate axis: a mark never runs past the last tick. Left to Plotly, an axis from
    0 to 100% ticked up to 80% and a rep's bar of 100% ran off the ticks; an axis ending a little past
    its largest value could tick below it. Rates of 0-100% give ticks within 0-100%.
    """
    if max(largest, at_least) > RATE_AXIS_LIMIT:
        # A rate is a fraction: an amount passed here stepped 10% at a time to its millions (17 s of CPU).
        raise ValueError(f"a rate axis takes fractions (0.2 is 20%), not {max(largest, at_least)!r}")
    top = max(largest, at_least)
    end = min(up_to, 1.0) if up_to is not None else 0.0
    # One step (0% and 100% alone) only where `most` is 1: a narrow plot whose words take the rest. The
    # step reaches the axis's end, not only the marks, in at most `most`: a rep chart whose labels kept
    # room to 100% ticked every 10% from 0% to 100% at 1024 px, "80% 90%100%" touching.
    span = max(top, end)
    step = next((s for s in (*RATE_TICK_STEPS, 1.0) if span / s <= most + 1e-9), RATE_TICK_STEPS[-1])
    count = max(1, math.ceil(top / step - 1e-9))  # 1e-9: a rate of 0.6000000001 is 60%, not 80%
    while (count + 1) * step <= end + 1e-9:
        count += 1
    return [round(i * step, 4) for i in range(count + 1)]


def rate_axis(largest: float, *, at_least: float = MIN_PERCENT_AXIS, room_to: float | None = None,
              bottom: float = 0.0, most: int = MAX_RATE_STEPS) -> dict:
    """A rate axis (a Plotly axis dict: ".0%" ticks, range, tickvals) that runs from `bottom` to its
    last tick, at or past `largest` (rate_ticks), or on to `room_to` where a chart needs room past
    its marks for labels; its ticks stay within 0-100% for rates within it."""
    # Past 100% (a chart beside this one needing room for words past its marks: on_one_rate_axis), `at_least`
    # is room to reach, not a rate to tick: a pair of charts had been ticked "125% 150%".
    ticks = rate_ticks(largest, at_least=min(at_least, max(1.0, largest)), up_to=room_to, most=most)
    return {"tickformat": _PERCENT, "range": [bottom, max(ticks[-1], room_to or 0.0, at_least if at_least > 1.0 else 0.0)],
            "tickvals": ticks}


def rate_axis_with_text_room(largest: float, *, at_least: float = MIN_PERCENT_AXIS) -> dict:
    """rate_axis's ticks on an axis from 0 whose end Plotly sets, for bars with words outside their
    ends: Plotly's own range makes room for those words, and is stretched to take in the last tick.
    Its own ticks stopped under a bar (the range a little past a bar of 62%, ticked to 60%) or ran
    past 100% ("120%", for the words over a bar of 100%)."""
    ticks = rate_ticks(largest, at_least=at_least)
    return {"tickformat": _PERCENT, "rangemode": "tozero", "tickvals": ticks, "autorangeoptions": {"include": [ticks[-1]]}}


def hover_lines(*lines: str) -> str:
    """A hover's lines, one under the other (Plotly's <br>), a line with no words left out: a withheld rate's
    interval (text.interval_with_name's "") had left an empty line inside the hover box. Each line is Plotly
    text already (names escaped by text.label)."""
    return "<br>".join(line for line in lines if line)


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """The figure of `data` (traces as dicts, each with its "type") and `layout` (a dict), validated
    by Plotly once, as a whole.

    Built step by step (go.Figure(), add_bar, add_scatter, update_layout), a figure is validated and
    deep-copied again at every step: the No decision page's seven charts took 63 ms of CPU that way,
    19 ms given whole. Plotly still checks and coerces every property (a title given as text becomes
    {"text": ...}, as before); only the repeated work goes.
    """
    return go.Figure({"data": data, "layout": layout})


def _legend_room(data: list[dict], layout: dict, per_row: int = 3) -> None:
    """A top margin that fits the legend's rows between the title and the plot, set in `layout`
    (a figure's layout dict, its title a dict) from the legend entries of `data`.

    The shared template puts the legend above the plot; in a half-width column its entries
    wrap, and without room for every row the legend would sit on the title.
    """
    entries = sum(1 for trace in data if trace.get("showlegend") is not False and trace.get("name"))
    shown = layout.get("showlegend")
    if shown is not None and not shown:
        return
    rows = max(1, -(-entries // per_row))
    # An estimate for the plot's height (bars_height): the legend itself hangs under the title
    # (theme.legend_under_title), and Plotly keeps the plot under its last row however many it takes.
    layout.setdefault("margin", {})["t"] = TITLE_ROOM + LEGEND_ROW * rows


def chart_words_px(value: str) -> float:
    """px `value` takes at most in a chart's words (ticks, labels) at the app's type (text.chart_px)."""
    return chart_px(value, FONT_PX)


TICK_GAP_EM: Final = 0.5  # the least room between two ticks' words side by side, in ems of their type
CHART_MARGIN_PX: Final = 20  # the template's margins, left and right of the plot
# ems of the chart's type left of the plot: the rate axis's "100%" and its standoff; the closed-deal
# count axis's "1,200" and its title beside it (measured at 1280 px, in presenter mode and out of it).
RATE_AXIS_EM: Final = 3.2
COUNT_AXIS_EM: Final = 5.2


# ---- a category's name on a chart's axis ----------------------------------------------------------
# Every chart that names its categories by a file's cells (a rep, a region, a segment, a loss reason)
# writes each name by one rule: at most two lines, each measured to fit the room the category has
# (text.name_lines at the chart's type), the rest cut with "…"; the hover names it whole; the chart's
# ticks stay level (tickangle 0). Broken after 14 or 24 characters instead, with no end to the second
# line, a 70-character region (or one 40-letter word) squeezed a half-width chart's bars into a strip
# whose rate ticks Plotly turned on their side, or ran past its slot.
# A horizontal chart's names take at most NAME_SHARE of its width (what a rep's scorecards give theirs:
# SCORECARD_NAME_PX of 415 px), never more than NAME_MOST_PX however wide the chart.
NAME_SHARE: Final = 0.36
NAME_MOST_PX: Final = 300


def name_room(room: ChartRoom) -> float:
    """px of the app's type each line of a category's name has left of a horizontal chart drawn in `room`:
    NAME_SHARE of its width at its type, at most NAME_MOST_PX (so NAME_MOST_PX in WIDE)."""
    return min(NAME_MOST_PX, NAME_SHARE * room.width_px / room.scale)


def column_room(room: ChartRoom, categories: int, axis_em: float = RATE_AXIS_EM) -> float:
    """px of the app's type each line of a category's name has under a vertical chart drawn in `room`: the
    category's even share of the plot (`axis_em` ems of the chart's type left of it, as quarter_ticks
    reckons it) less TICK_GAP_EM to its neighbour, at most NAME_MOST_PX, at least one em."""
    slot = room.plot_px(axis_em) / max(categories, 1) - TICK_GAP_EM * room.font_px()
    return max(FONT_PX, min(NAME_MOST_PX, slot / room.scale))


def category_lines(name: str, room_px: float) -> list[str]:
    """A category's name (plain text, from a file) in at most two lines of `room_px` of the chart's words
    (text.name_lines: broken at a space, or inside a run too long for a line, the last cut with "…")."""
    return name_lines(name, room_px, chart_words_px)


def category_label(name: str, room_px: float) -> str:
    """A category's name (plain text, from a file) as a chart's tick label: category_lines, each escaped
    for Plotly, joined by <br>."""
    return "<br>".join(label(line) for line in category_lines(name, room_px))


def category_axis(keys: Sequence[str], ticks: Sequence[str]) -> dict:
    """A category axis (a Plotly axis dict) naming each category of `keys` (as its traces place them:
    each name whole, escaped) by its tick of `ticks`, every one of them, level. The names are the
    categories, not the ticks: two long names cut alike ("Alexandra Maximiliana…  (n = 12)") would
    have been one category, their bars drawn one on the other."""
    return {"type": "category", "tickmode": "array", "tickvals": list(keys), "ticktext": list(ticks), "tickangle": 0}


class ChartRoom(NamedTuple):
    """Where a chart is drawn: its width on the screen in px (math.inf: room for any words) and its type's
    scale (1, or theme.PRESENTER_SCALE in presenter mode). A page passes what the chart has at 1280 px,
    the narrowest screen the app is read on at a desk, so its words fit at 1440 px too; and where known
    `narrowest_px`, its width on a projector's 1024 px (NARROWEST_LOSS_PX less of the page), which the
    words set side by side along its axis are fitted to (narrowest)."""

    width_px: float = math.inf
    scale: float = 1.0
    narrowest_px: float | None = None

    def narrowest(self) -> ChartRoom:
        """The room at the narrowest the chart is drawn: `narrowest_px` where known, else this room."""
        return self if self.narrowest_px is None else ChartRoom(min(self.width_px, self.narrowest_px), self.scale)

    def font_px(self) -> int:
        """The chart's type in px, as the template sizes it."""
        return round(FONT_PX * self.scale)

    def plot_px(self, axis_em: float) -> float:
        """px of the plot: the width less the template's margins (CHART_MARGIN_PX) and `axis_em` ems of the
        chart's type left of the plot (an axis's ticks)."""
        return self.width_px - CHART_MARGIN_PX - axis_em * self.font_px()


WIDE: Final = ChartRoom()


def _column(frame: pl.DataFrame, name: str) -> list:
    return frame.get_column(name).to_list() if name in frame.columns else [None] * frame.height


def error_bars(
    rates: list, lows: list, highs: list, colour: str = "#374151", *, small: Sequence[bool],
    thickness: float = 1.4, width: float | None = 4,
) -> dict:
    """Asymmetric error bars from Wilson bounds (missing bounds draw no bar). Where `small[i]` (a
    mark on too few deals) there is none either: its "n too small" would be struck through, and
    its interval stays in the hover. `small` is required so that no chart draws a whisker on a
    small-n mark by leaving it out. `width`: the caps' width in px, None for Plotly's own."""
    lows = [None if s else lo for lo, s in zip(lows, small, strict=True)]
    highs = [None if s else hi for hi, s in zip(highs, small, strict=True)]
    plus = [None if r is None or h is None else max(h - r, 0.0) for r, h in zip(rates, highs, strict=True)]
    minus = [None if r is None or lo is None else max(r - lo, 0.0) for r, lo in zip(rates, lows, strict=True)]
    bars = {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "color": colour, "thickness": thickness}
    return bars if width is None else {**bars, "width": width}


# Share of a vertical axis one line of bar text takes with Plotly's padding: about 20 px of the 200 of
# quarterly_outcomes' bar panel (both grow by the same factor in presenter mode).
LINE_SHARE: Final = 0.1
# The template's type size: bar labels are drawn at it or hidden (Plotly's uniformtext), never shrunk
# to a size only some of them have.
BAR_TEXT_SIZE: Final = 13


def hatched_label_ends(values: Sequence[float], ends: Sequence[float | None], hatched: Sequence[bool]) -> list[float | None]:
    """Where each bar's words start when written past it (`ends` for _label_places): a hatched bar's
    (theme.bar_marker: on too few deals, no whisker) at its own end, every other bar's at its
    whisker's far end (`ends[i]`, None for none)."""
    return [v if h else e for v, e, h in zip(values, ends, hatched, strict=True)]


def _label_places(texts: Sequence[str], values: Sequence[float], ends: Sequence[float | None], top: float,
                  *, starts: Sequence[float | None] | None = None, horizontal: bool = True,
                  char_share: float = CHAR_SHARE, hatched: Sequence[bool] | None = None) -> list[str]:
    """Where each bar's words go so no whisker runs through them: "inside" at the bar's base when they
    fit between it and the whisker's near end (`starts[i]`; the bar's end where none is drawn): fits
    along a horizontal bar, one line (LINE_SHARE of the axis) up a vertical one; "outside" past a bar
    with no whisker drawn (`ends[i]` None); else "whisker": past the whisker's far end (`ends[i]`),
    drawn by whisker_labels. `values` are the bars' lengths on an axis to `top`; `char_share` the
    share of it a character takes (fits).

    Past its bar's end, Plotly's "outside" text sat on the whisker, which starts there: a share of 0%
    read "0%" struck through by its interval, a short bar's rate had its whisker through it; inside a
    bar, long words ran on into the whisker's lower arm.

    A hatched bar (`hatched[i]`: the small-n pattern) has its words past its end, never on it: on the
    hatching they did not read. They are written by whisker_labels, so `ends[i]` is its own end
    (hatched_label_ends), and the axis reaches on to hold them.
    """
    def place(text: str, value: float, start: float | None, end: float | None, striped: bool) -> str:
        if striped:
            return "whisker"
        if "<br>" in text:  # words on lines (bar_words_lines) are past the bar: a bar's inside holds one line
            return "whisker" if end is not None else "outside"
        room = value if start is None else min(value, start)
        if horizontal:  # the rule of reason_bars' words, past the whisker where there is one
            where = _inside_or_outside(text.strip(), room, top, False, char_share)
        else:
            where = "inside" if top > 0 and room / top >= LINE_SHARE else "outside"
        return "whisker" if where == "outside" and end is not None else where
    return [place(text, value, start, end, striped)
            for text, value, start, end, striped in zip(texts, values, starts or [None] * len(texts), ends,
                                                        hatched or [False] * len(texts), strict=True)]


# Pixels between a whisker's cap and the words written past it: an unseen marker this wide at the
# whisker's end, which Plotly's text clears. One space there set "Relationship Builder · 39%" on the cap.
WHISKER_WORDS_GAP_PX: Final = 14


# A line of the charts' type as a browser boxes it, in ems about its baseline: Inter's ascent and descent,
# the first of theme.FONT and the tallest of its fonts (Arial's are 0.905 and 0.212).
TEXT_ASCENT_EM: Final = 0.97
TEXT_DESCENT_EM: Final = 0.25
# px left clear between a whisker's cap (half its thickness either side of the interval's end) and the box
# of the words written past it, above or below.
CAP_CLEAR_PX: Final = 2.0


def _plotly_text_offset_px(marker_px: float) -> float:
    """How far Plotly sets a point's words off it (px) for a marker of `marker_px`: its radius / 0.8 + 1,
    none without a marker (plotly.js Drawing.textPointStyle)."""
    return marker_px / 1.6 + 1 if marker_px > 0 else 0.0


def words_clear_of_cap_px(place: str, font_px: float, marker_px: float, cap_px: float) -> float:
    """px between a whisker's cap (`cap_px` thick, at the interval's end) and the box of one line of
    words pinned at that end with Plotly textposition `place` ("top ..." or "bottom ...") in type of
    `font_px`, set off by an unseen marker of `marker_px` (0 for none); below 0, the cap runs through them.
    Under the point, Plotly stands the words' baseline 0.75 em past the offset, their tops TEXT_ASCENT_EM
    over it; above it, the baseline 0.25 em short of the offset, their foot TEXT_DESCENT_EM under it.
    ValueError for a place neither above nor below."""
    offset = _plotly_text_offset_px(marker_px)
    if place.startswith("bottom"):
        reach = (TEXT_ASCENT_EM - 0.75) * font_px
    elif place.startswith("top"):
        reach = (TEXT_DESCENT_EM - 0.25) * font_px
    else:
        raise ValueError(f"words at {place!r} are neither above nor below their point")
    return offset - reach - cap_px / 2


# px plotly.js keeps between a bar's edges and the words it stands inside it (its bar TEXTPAD).
BAR_TEXT_PAD_PX: Final = 3


def words_fit_at_base_px(bar_px: float, font_px: float, lines: int = 1) -> bool:
    """Whether a vertical bar `bar_px` long holds `lines` lines of words in type of `font_px` inside it at
    its base (Plotly's textposition "inside", insidetextanchor "start"): the lines' box (TEXT_ASCENT_EM and
    TEXT_DESCENT_EM about the first line, LINE_SPACING ems for each more) and BAR_TEXT_PAD_PX at each end.
    Plotly shrinks words a bar cannot hold until they fit it: a short bar's "6%" was drawn a few px tall."""
    box = (TEXT_ASCENT_EM + TEXT_DESCENT_EM + LINE_SPACING * (lines - 1)) * font_px
    return bar_px >= box + 2 * BAR_TEXT_PAD_PX


def cap_clearing_marker_px(place: str, font_px: float, cap_px: float) -> float:
    """The unseen marker (px) that sets words written at a whisker's end, at Plotly textposition `place`
    in type of `font_px`, CAP_CLEAR_PX clear of its cap (`cap_px` thick): by words_clear_of_cap_px's
    rule. Written at the end with no marker, a share's "33%" below its point had the lower cap through
    its top (2.5 px at presenter type)."""
    need = CAP_CLEAR_PX - words_clear_of_cap_px(place, font_px, 0.0, cap_px)
    return 0.0 if need <= 0 else max((need - 1) * 1.6, 0.1)  # the least marker sets them 1 px off


def whisker_labels(places: Sequence[str], texts: Sequence[str], categories: Sequence, ends: Sequence[float | None],
                    customdata: Sequence, *, horizontal: bool = True, **extra: object) -> dict | None:
    """A text trace with the words of the bars placed "whisker" by _label_places, each just past its
    whisker's far end (`ends`: right of it on a horizontal bar, above it on a vertical one), in the text
    colour; None when there are none. It carries the bars' customdata, so a click on the words
    selects what a click on their bar does. `extra` adds trace keys (an offsetgroup)."""
    chosen = [i for i, place in enumerate(places) if place == "whisker"]
    if not chosen:
        return None
    where = [ends[i] for i in chosen]
    at = [categories[i] for i in chosen]
    return {
        "type": "scatter", "mode": "markers+text", "text": [texts[i].strip() for i in chosen],
        "marker": {"size": WHISKER_WORDS_GAP_PX, "opacity": 0},
        "x": where if horizontal else at, "y": at if horizontal else where,
        "textposition": "middle right" if horizontal else "top center",
        "textfont": {"color": TEXT_COLOUR}, "cliponaxis": False, "showlegend": False, "hoverinfo": "skip",
        "customdata": [customdata[i] for i in chosen], **extra,
    }


def _room_past_whiskers(places: Sequence[str], texts: Sequence[str], ends: Sequence[float | None], *,
                        horizontal: bool = True, char_share: float = CHAR_SHARE) -> float:
    """How far the axis must reach to hold the words whisker_labels writes past whisker ends (0 for
    none): a whisker's end plus its words' length (`char_share` a character, or LINE_SHARE a line)."""
    return max([(end or 0.0) / max(1 - WORDS_MOST_SHARE, 1 - char_share * (words_chars(text) + 3)) if horizontal
                else (end or 0.0) + LINE_SHARE
                for place, text, end in zip(places, texts, ends, strict=True) if place == "whisker"], default=0.0)


def _settled_places(texts: Sequence[str], values: Sequence[float], ends: Sequence[float | None],
                    axis_top: Callable[[float], float], *, starts: Sequence[float | None] | None = None,
                    horizontal: bool = True, char_share: float = CHAR_SHARE,
                    hatched: Sequence[bool] | None = None) -> tuple[list[str], float]:
    """_label_places of bars on an axis that reaches on to hold the words written past whisker ends,
    and how far it reaches (0 for nowhere: _room_past_whiskers). `axis_top(room)` is the top of the
    axis that reaches to `room`. A longer axis shortens every bar, so words that fitted inside may not:
    places and room are worked out again until neither changes (a round or two)."""
    room = 0.0
    for _ in range(6):
        places = _label_places(texts, values, ends, axis_top(room), starts=starts, horizontal=horizontal,
                               char_share=char_share, hatched=hatched)
        wanted = _room_past_whiskers(places, texts, ends, horizontal=horizontal, char_share=char_share)
        if wanted <= room + 1e-9:
            break
        room = wanted
    return places, room


def words_share(texts: Sequence[str], plot_px: float) -> float:
    """The share of a horizontal rate axis one character of `texts` (a bar's words) takes on a plot
    `plot_px` wide at its narrowest (px of the app's type: the type scales with the chart, so presenter
    mode's larger type on a wider screen takes the same share): their widest character on average, as
    measured (chart_words_px), at least CHAR_SHARE; CHAR_SHARE where the plot's width is not known
    (math.inf). CHAR_SHARE alone reckoned a plot of some 50 characters: a scorecard in presenter mode
    at 1024 px has some 20, and its rep's "n too small" past a bar of 100% read "n too sm"."""
    if not math.isfinite(plot_px) or plot_px <= 0:
        return CHAR_SHARE
    widths = [chart_words_px(t.strip()) / len(t.strip()) for t in texts if t.strip()]
    return max(CHAR_SHARE, max(widths, default=0.0) / plot_px)


# The most of a horizontal plot one line of a bar's words written past its whisker may take: the rate axis reaches
# on to hold them (_room_past_whiskers), its bars keeping at least the rest of the plot.
WORDS_MOST_SHARE: Final = 0.6
WORDS_MOST_LINES: Final = 4  # lines a bar's words take at most; past them the last line is cut, marked "…"


def words_chars(words: str) -> int:
    """Characters of the longest line of a bar's `words` (a Plotly label: lines joined by <br>), its spaces at
    either end left out: what the rules placing them measure (fits, _room_past_whiskers, _words_cross)."""
    return max(len(line.strip()) for line in re.split(r"<br>", words))


def bar_words_lines(words: str, plot_px: float, char_share: float) -> list[str]:
    """A horizontal bar's `words` (plain text: its rate and its note, "53% · 1 rep: this measures Carlos Diaz, not
    the profile") as the lines they are written past its whisker in, on a plot `plot_px` wide at its narrowest
    (px of the app's type), each character `char_share` of it (words_share): on one line where it takes at most
    WORDS_MOST_SHARE of the plot with the gap before it, else broken at a space (a "_", "-" or "." in a run too
    long for a line: text.name_lines) into lines that each do, at most WORDS_MOST_LINES, the rate's words before
    the note whole on the first however narrow the plot. On one line the note
    ran past the chart on a projector's 1024 px ("... this measures Rep 02, not the profil"), the longer for a
    rep's real name; `plot_px` unknown (math.inf): one line."""
    words = words.strip()
    if not math.isfinite(plot_px) or plot_px <= 0:
        return [words]

    def px(line: str) -> float:
        return len(line) * char_share * plot_px

    # Its gap from the whisker is 3 characters (_room_past_whiskers). The rate's own words ("n too small", before
    # the note's " · ") are never broken: past a scorecard's bar they fit as the axis reaches on for them.
    room = max((WORDS_MOST_SHARE - 3 * char_share) * plot_px, px(words.split(" · ")[0]))
    return name_lines(words, room, px, lines=WORDS_MOST_LINES)


def words_row_px(lines: int) -> float:
    """px of a horizontal bar's row (BAR_HEIGHT at the app's type) that holds `lines` lines of its words or its
    name: TWO_LINE_BAR_HEIGHT for two, a line of BAR_TEXT_SIZE type (LINE_SPACING) more for each more."""
    if lines <= 1:
        return BAR_HEIGHT
    return TWO_LINE_BAR_HEIGHT + (lines - 2) * LINE_SPACING * BAR_TEXT_SIZE


# ---------------------------------------------------------------------------------------------
# Rates by category


def axis_name(name: str, short: str | None, plot_px: float) -> str:
    """An axis's title over a plot `plot_px` wide (px of the app's type): `name`, or `short` where `name` is wider
    than the plot (chart_words_px). Plotly centres the title on the plot: a scorecard's "No decision ÷ losses" ran
    6 px past its chart at 1024 px, where the names beside the bars leave the plot some 136 px."""
    return short if short is not None and chart_words_px(name) > plot_px else name


def rate_bars(
    frame: pl.DataFrame,
    category: str,
    *,
    title: str,
    rate: str = "win_rate",
    rate_name: str = "Win rate",
    n_noun: str = "deals",
    colour_by: str | None = None,
    colours: Mapping[str, str] | None = None,
    colour: str = NEUTRAL_COLOUR,
    customdata: Sequence[str] = (),
    horizontal: bool = False,
    reference: float | None = None,
    reference_label: str = "All deals",
    reference_n: int | None = None,
    notes: Mapping[str, str] | None = None,
    hover_notes: Mapping[str, str] | None = None,
    colour_legend: bool = True,
    min_n: int = MIN_N,
    at_least: float = MIN_PERCENT_AXIS,
    room: ChartRoom = WIDE,
    name_px: float | None = None,
    most: int | None = None,
    marks: Mapping[str, str] | None = None,
    width_px: float | None = None,
    rate_short: str | None = None,
    reps: Mapping[str, int] | None = None,
    n_opens: bool = False,
) -> go.Figure:
    """One bar per row of `frame`: the rate with its interval, n beside the category label.

    The n each bar is labelled and hatched by is the rate's own, looked up by the small-n rule
    (views.common.share_n: `rate`'s n column in `frame`), never chosen by the caller: given a column
    to read, a no-decision share could be gated by the closed deals rather than its losses. A `rate`
    the rule does not know, or a frame without its n, raises ValueError.

    Bars take their colour from `colours[row[colour_by]]` (a profile, an outcome), else `colour`;
    a bar on fewer than min_n deals is greyed and says "n too small". customdata[0] is the
    category value, then the `customdata` columns. `notes` adds a word under a category's label
    (e.g. the significance verdict), and its hover gives `hover_notes`' words for it where given (the verdict
    whole, where the bar says it short: views.profiles.Profiles.bar_verdicts). `reference` draws a dashed line (e.g. all deals' rate) on
    `reference_n` deals, named in the legend by the small-n rule (text.reference_words: "All profiles:
    n too small (n = 16)" below min_n, and then no line drawn, as a withheld bar is drawn to no rate); a
    reference without its n raises ValueError.
    `at_least`: where the rate axis reaches at the least (a fraction; charts side by side share one
    end: on_one_rate_axis). `room`: where the chart is drawn (ui.drill.chart_room). Each category's name
    takes at most two lines of the room it has (category_lines), the last cut with "…", the hover naming
    it whole: left of horizontal bars name_room(room), or `name_px` px of the chart's type where given
    (the scorecards'); under vertical ones its share of the plot (column_room). Both axes' ticks are
    level: Plotly turned the rate ticks on their side when long names left them a strip. `most`: the
    rate axis's most steps (rate_ticks); by default as many as the room the labels leave holds level
    (level_rate_steps), MAX_RATE_STEPS up a vertical chart. `marks`: words a category's name is listed
    with (a rep who left: employment.marks_of, "left on 30 Sep 2026"), shown as a note is and after the name
    in the chart's list of choices (selection.MARKS_META). `width_px`: the horizontal chart's width at its
    narrowest in px of the app's type where it is narrower than `room`'s (the scorecards'): the words
    written past its bars are given room on the plot its labels leave there (words_share), and the rate axis's
    title is `rate_short` ("ND ÷ losses") where `rate_name` is wider than that plot (axis_name).
    `reps`: by category, the reps whose deals make its n (a profile's: measures.profiles.profile_reps),
    said beside n on its label ("(n = 41, 1 rep)") and in its hover ("n = 41 deals in the win rate, of 1 rep"): a bar of one
    rep's deals measures that rep. Notes and marks are drawn as text (a verdict may name a rep).
    `n_opens`: each bar's n counts the deals a click on it opens (a share of losses by region: its lost and
    no-decision deals), so a bar of n = 0, drawn as a stub, is no choice of the chart's list
    (selection.DEALS_META): choosing it opened an empty list. Not where a click opens a rep or a profile,
    which a bar of n = 0 still does.
    """
    if reference is not None and reference_n is None:
        raise ValueError("A reference line is named by the small-n rule: give its n (reference_n).")
    share_n(frame.columns, rate)  # a rate without its n is refused, drawn or not
    if frame.height == 0:
        return _empty(title)
    names = [str(v) for v in _column(frame, category)]
    shown = [label(n) for n in names]  # names come from files: drawn as text, never as Plotly markup
    rates, counts = _column(frame, rate), [int(v or 0) for v in _column(frame, share_n(frame.columns, rate))]
    lows, highs = _column(frame, f"{rate}_lo"), _column(frame, f"{rate}_hi")
    small = too_few(frame, rate, min_n)
    keys = _column(frame, colour_by) if colour_by else [None] * frame.height
    marker = bar_marker([(colours or {}).get(k, colour) if k is not None else colour for k in keys], small)
    fills = marker["color"]
    # Drawn as text: a verdict may name a rep ("1 rep: this measures …"), as a file spells them. Kept plain
    # (`said`) for the words on a horizontal bar, which are laid out in lines before they are escaped.
    said = {name: str(note) for name, note in (notes or {}).items()}
    for name, mark in (marks or {}).items():  # beside a note the category has: "significant · left on 3 Mar 2026"
        said[name] = f"{said[name]} · {mark}" if said.get(name) else str(mark)
    notes = {name: label(note) for name, note in said.items()}
    # The hover's note, drawn as text as the bar's is: the whole words where the bar's are short.
    hovered = {**notes, **{name: label(" · ".join(filter(None, (str(note), (marks or {}).get(name)))))
                           for name, note in (hover_notes or {}).items()}}
    # The reps behind each bar's n, beside it where there are counts of them: " of 1 rep".
    rep_words = [plural(reps[name], "rep") if reps and reps.get(name) is not None else None for name in names]
    of_reps = [f", {words}" if words else "" for words in rep_words]  # on the label: "(n = 41, 1 rep)"
    hover_reps = [f", of {words}" if words else "" for words in rep_words]  # "… deals in the win rate, of 1 rep"
    if horizontal:
        # Measured: at most two lines of the names' room, the rest cut with "…", n after the last line;
        # the rate axis takes as many steps as the width the widest label leaves holds level.
        lines = [category_lines(name, name_room(room) if name_px is None else name_px) for name in names]
        after = [f"  (n = {c:,}{of})" for c, of in zip(counts, of_reps, strict=True)]
        ticks = ["<br>".join(label(line) for line in laid) + n_words for laid, n_words in zip(lines, after, strict=True)]
        widest = max(chart_words_px(line) for laid, n_words in zip(lines, after, strict=True)
                     for line in [*laid[:-1], laid[-1] + n_words])
        steps = level_rate_steps(room.width_px / room.scale - widest - PLOT_SIDES_PX) if most is None else most
        # The words past the bars are laid out for the chart at its narrowest: a projector's 1024 px where the
        # page says it (ChartRoom.narrowest_px), or `width_px`.
        at_narrowest = room.narrowest().width_px / room.scale
        narrowest = at_narrowest if width_px is None else min(width_px, at_narrowest)
        plot_px = narrowest - widest - PLOT_SIDES_PX
    else:
        slot = column_room(room, len(names))
        ticks = [
            f"{category_label(name, slot)}<br>n = {c:,}{of}" + (f"<br><i>{notes[name]}</i>" if name in notes else "")
            for name, c, of in zip(names, counts, of_reps, strict=True)
        ]
        steps = MAX_RATE_STEPS if most is None else most
    none = none_in_n(n_noun)
    texts = [rate_on_bar(r, c, s, none) for r, c, s in zip(rates, counts, small, strict=True)]
    if horizontal:  # no room under a label: the note goes on the bar, a space off the axis
        # A note that says what the bar says ("n too small" twice) is not repeated.
        plain_words = [f"{t} · {said[name]}" if said.get(name) not in (None, t) else t
                       for t, name in zip(texts, names, strict=True)]
        share = words_share(plain_words, plot_px)
        # Words too long for the plot at its narrowest go onto lines that each fit it (bar_words_lines).
        texts = [" " + "<br>".join(label(line) for line in bar_words_lines(words, plot_px, share))
                 for words in plain_words]
    else:
        share = CHAR_SHARE
    # n in the noun's number, as every count is worded (text.plural): "n = 1 deals in the win rate" had read.
    hover = [
        hover_lines(f"<b>{view}</b>", f"{rate_name}: {rate_with_n(r, c, s, none)}", interval_with_name(lo, hi, s),
                    n_of(c, singular(n_noun), n_noun) + of, hovered.get(name, ""))
        for name, view, r, c, s, lo, hi, of in zip(names, shown, rates, counts, small, lows, highs, hover_reps, strict=True)
    ]
    extra = [_column(frame, c) for c in customdata]
    custom = [[name, *(col[i] for col in extra)] for i, name in enumerate(_column(frame, category))]
    # At least 0-10%: on rates all 0% a narrower axis repeated its whole-percent ticks ("0% 1% 1% 2% 2%").
    whiskers = [h or 0 for h, s in zip(highs, small, strict=True) if not s]  # the whiskers drawn
    # A reference on too few deals is withheld as a bar is (its legend entry's "n too small (n = 7)"): no line at its
    # rate, nor an axis reaching for it. Drawn, the line stood at 57% under the words withholding it, an axis of
    # 0-60% over nothing but stubs.
    line_at = None if reference is None or too_small(reference_n, min_n) else reference
    largest = max(whiskers + [v or 0.0 for v in withheld.shown(rates, small)] + [line_at or 0])
    # A withheld rate is drawn as a stub of the axis's length (withheld.placeholder_bars), never to its rate.
    stub_end = rate_axis(largest, at_least=at_least, most=steps)["range"][1]
    values = withheld.lengths(rates, small, stub_end)
    ends = hatched_label_ends(values, [None if s or hi is None else hi for hi, s in zip(highs, small, strict=True)], small)
    starts = [None if s or lo is None else lo for lo, s in zip(lows, small, strict=True)]
    places, past = _settled_places(
        texts, values, ends, lambda r: rate_axis(largest, at_least=at_least, room_to=r or None, most=steps)["range"][1],
        starts=starts, horizontal=horizontal, hatched=small, char_share=share)
    if horizontal and width_px is not None and past > 1.0:
        # The words' room shortens 0-100% to a share of the plot: its ticks keep RATE_TICK_PX apart
        # there, down to 0% and 100% alone ("0% 50%100%" ran together on a scorecard at 1024 px).
        steps = max(1, min(steps, int(plot_px / past // RATE_TICK_PX)))
    # Level: names measured, `most` chosen to leave each rate tick's label its room.
    named = axis_name(rate_name, rate_short, plot_px) if horizontal and width_px is not None else rate_name
    axis = {**rate_axis(largest, at_least=at_least, room_to=past or None, most=steps), "title": {"text": named},
            "tickangle": 0}
    bar: dict = {
        "type": "bar",
        "x": withheld.shown(values, small) if horizontal else shown,
        "y": shown if horizontal else withheld.shown(values, small),
        "orientation": "h" if horizontal else "v",
        "marker": marker,
        # A greyed bar says "n too small" along its length: no whisker strikes it through.
        "error_x" if horizontal else "error_y": error_bars(rates, lows, highs, small=small),
        "text": texts,
        # At the base, inside, where they fit: the whisker sits at the tip. A bar too short for its
        # words (a bar of 0 has no inside) has them past its whisker's end, or past its own end when
        # it has no whisker (_label_places).
        "textposition": [p if p != "whisker" else "none" for p in places],
        "insidetextanchor": "start",
        "constraintext": "none",
        "textfont": {"color": [ink(f) if p == "inside" else TEXT_COLOUR for f, p in zip(fills, places, strict=True)]},
        **bar_selection_look(),
        "customdata": custom,
        "hovertext": hover,
        "hoverinfo": "text",
        "name": rate_name,
        "showlegend": False,
        # The share each bar draws, by its column: what a chart's CSV names it (views.common.chart_csv).
        "meta": {"share": rate},
    }
    if marks:  # the chart's list of choices names a marked category with its words (selection.choices)
        bar["meta"] = {**bar["meta"], MARKS_META: [marks.get(name, "") for name in names]}  # the share kept
    if n_opens:  # kept by a withheld bar's stub, which the list offers in its place
        bar["meta"] = {**bar["meta"], DEALS_META: counts}
    stand_in = withheld.placeholder_bars(bar, small, stub_end)
    data: list[dict] = [bar, *([stand_in] if stand_in else [])]
    if horizontal:
        # Every category named (category_axis' tickvals): Plotly thins category labels it thinks would
        # collide (in presenter type, every other rep lost their name); the height makes room for them.
        # A row holds its name's lines and its words' (bar_words_lines), whichever are more.
        row = words_row_px(max(tick.count("<br>") + 1 for tick in [*ticks, *texts]))
        layout: dict = {"xaxis": axis, "yaxis": {**category_axis(shown, ticks), "autorange": "reversed"},
                        "bargap": 0.25, "margin": {"r": END_TICK_ROOM}}
    else:
        layout = {"yaxis": axis, "xaxis": category_axis(shown, ticks), "height": 400, "bargap": 0.35}
    if reference is not None:
        # The line's label goes in the legend: an annotation would sit on top of some bar. The line
        # as Plotly's add_vline / add_hline draws it: across the plot, at the reference rate.
        line = {"color": REFERENCE_COLOUR, "dash": "dash", "width": 1.5}
        if line_at is not None and horizontal:
            # Down the plot, stopped short at each row whose words it would cross ("n too small" past a
            # hatched bar was struck through by the dashed line): runs of the other rows, in category units.
            clear = [not _words_cross(line_at, place, text, value, end, axis["range"][1], share)
                     for place, text, value, end in zip(places, texts, values, ends, strict=True)]
            layout["shapes"] = [{"type": "line", "line": line, "x0": line_at, "x1": line_at, "xref": "x",
                                 "y0": first - 0.5, "y1": last + 0.5, "yref": "y"} for first, last in _runs(clear)]
        elif line_at is not None:
            layout["shapes"] = [{"type": "line", "line": line, "x0": 0, "x1": 1, "xref": "x domain",
                                 "y0": line_at, "y1": line_at, "yref": "y"}]
        # Withheld, its n stays in the legend ("All reps: n too small (n = 7)") with no dashed key: no line is drawn.
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "lines",
                     "name": label(reference_words(reference_label, reference, reference_n, too_small(reference_n, min_n))),
                     "line": dict(line) if line_at is not None else {**line, "width": 0}})
    if colour_by and colours and colour_by != category and colour_legend:
        # Bars are coloured by a value (a profile): a legend entry per value shown.
        listed = [k for k in colours if k in set(keys) and any(
            key == k and not s for key, s in zip(keys, small, strict=True))]
        data.extend(
            {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": str(key),
             "marker": {"symbol": "square", "size": 12, "color": colours[key]}}
            for key in listed
        )
    if any(small):
        data.append(small_n_legend_trace(small_n_legend(min_n), bars=True))
    # A stub in its bar's place, not beside it.
    layout.update(title={"text": title}, showlegend=len(data) > 1 + bool(stand_in), barmode="overlay")
    _legend_room(data, layout)
    if horizontal:
        layout["height"] = bars_height(frame.height, row, layout)
    beyond = whisker_labels(places, texts, shown, ends, custom, horizontal=horizontal)
    if beyond is not None:
        data.append(beyond)
    return _figure(data, layout)


def _words_cross(at: float, place: str, text: str, value: float, end: float | None, top: float,
                 char_share: float = CHAR_SHARE) -> bool:
    """Whether a vertical line at rate `at` runs through a horizontal bar's words, placed `place` by
    _label_places (`value` the bar's length, `end` where words past it start, on an axis to `top`):
    inside, they run from the base; past the whisker or the bar, from `end` or `value`, a gap further."""
    length = char_share * (words_chars(text) + (0 if place == "inside" else 3)) * top
    start = 0.0 if place == "inside" else (end if place == "whisker" and end is not None else value)
    return start <= at <= start + length


def _runs(keep: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, last) index of each run of True in `keep`: [T, T, F, T] -> [(0, 1), (3, 3)]."""
    runs: list[tuple[int, int]] = []
    for i, kept in enumerate(keep):
        if kept and runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        elif kept:
            runs.append((i, i))
    return runs


BAND_AXIS_END: Final = 1.0  # the band chart's rate axis runs 0-100% (on past it only for words)


def band_bars(
    table: pl.DataFrame,
    band_labels: Sequence[str],
    *,
    title: str,
    rate: str = "win_rate",
    group: str = "seller_profile",
    min_n: int = MIN_N,
) -> go.Figure:
    """Win rate by complexity band (rows) and profile (one coloured bar each), with intervals.

    `table` is Bands.table of win_rate_by_profile_and_band: group, band, SUMMARY_COLUMNS.
    customdata is [profile, band], so a click names both.
    """
    if table.height == 0:
        return _empty(title)
    data: list[dict] = []
    labels: list[dict] = []  # text traces: words past a whisker's end
    groups = [g for g in PROFILE_COLOURS if g in set(_column(table, group))]
    parts = []  # per profile: its bands, rates, small, whiskers' far and near ends, words, bar lengths, words' ends past the bar (hatched_label_ends), hatched
    for name in groups:
        by_band = {r["band"]: r for r in table.filter(pl.col(group) == name).iter_rows(named=True)}
        bands = [b for b in band_labels if b in by_band]
        rates = [by_band[b][rate] for b in bands]
        counts = [int(by_band[b]["n"] or 0) for b in bands]
        small = [c < min_n for c in counts]
        highs = [by_band[b][f"{rate}_hi"] for b in bands]
        lows = [None if s else by_band[b][f"{rate}_lo"] for b, s in zip(bands, small, strict=True)]
        parts.append((name, by_band, bands, rates, small, highs, lows,
                      # The profile is written on its bar: a legend of six colours is slower to read.
                      [f"{name} · {rate_with_n(r, c, s)}" for r, c, s in zip(rates, counts, small, strict=True)],
                      withheld.lengths(rates, small, BAND_AXIS_END),
                      hatched_label_ends(withheld.lengths(rates, small, BAND_AXIS_END),
                                         [None if s or hi is None else hi for hi, s in zip(highs, small, strict=True)], small),
                      small))
    # Inside in the ink that reads on the bar (white on Challenger's green and the blues); a bar too
    # short for its text (a bar of 0 has no inside) has it past its whisker's end, in dark ink on
    # the white: Plotly's "auto" put it just past the bar's end, on the whisker. The axis runs 0-100%
    # (rate_axis at least 1.0), on past it where words past a whisker need the room.
    every, room = _settled_places([t for p in parts for t in p[7]], [v for p in parts for v in p[8]],
                                  [e for p in parts for e in p[9]], lambda r: max(1.0, r),
                                  starts=[lo for p in parts for lo in p[6]], char_share=WIDE_CHAR_SHARE,
                                  hatched=[h for p in parts for h in p[10]])
    start = 0
    for name, by_band, bands, rates, small, highs, _, texts, values, ends, _ in parts:
        places, start = every[start:start + len(bands)], start + len(bands)
        marker = bar_marker([PROFILE_COLOURS[name]] * len(small), small)
        fills = marker["color"]
        custom = [[name, b] for b in bands]
        beyond = whisker_labels(places, texts, bands, ends, custom, offsetgroup=name, alignmentgroup="bands",
                                 orientation="h", textfont={"color": TEXT_COLOUR, "size": 11})
        labels.extend([beyond] if beyond else [])
        bar = {
            "type": "bar",
            "name": name,
            "y": bands,
            "x": withheld.shown(values, small),
            "orientation": "h",
            "marker": marker,
            "offsetgroup": name, "alignmentgroup": "bands",  # its words past the whisker line up with it
            "error_x": error_bars(rates, [by_band[b][f"{rate}_lo"] for b in bands], highs, small=small),
            "text": texts,
            "textposition": [p if p != "whisker" else "none" for p in places],
            "insidetextanchor": "start",
            "constraintext": "none",
            # 11 px: a profile's name, rate and n fit inside a bar of a third of the axis at laptop width.
            "insidetextfont": {"color": [ink(f) for f in fills], "size": 11},
            "outsidetextfont": {"color": TEXT_COLOUR, "size": 11},
            "customdata": custom,
            "hovertemplate": f"<b>{name}</b> · %{{y}} deals<br>%{{text}}<extra></extra>",
        }
        # A withheld rate's stub in its bar's slot of the group (the same offsetgroup), its words past it.
        stand_in = withheld.placeholder_bars({**bar, "text": texts}, small, BAND_AXIS_END)
        data.extend([bar, *([{**stand_in, "text": texts, "textposition": "none",
                               "hovertemplate": bar["hovertemplate"]}] if stand_in else [])])
    return _figure(data + labels, {
        "title": {"text": title},
        "barmode": "group",
        "scattermode": "group",  # the words past a whisker at their own bar's place in the group
        "bargap": 0.18,
        "bargroupgap": 0.05,
        "height": max(360, len(band_labels) * len(groups) * BAND_BAR_HEIGHT + 160),
        # 0-100% whatever the rates, so the bands' bars compare at a glance; ticked up to 100%.
        "xaxis": {**rate_axis(max((x or 0.0 for trace in data for x in trace["x"]), default=0.0), at_least=BAND_AXIS_END,
                              room_to=room or None),
                  "title": {"text": "Win rate"}},
        "yaxis": {"categoryorder": "array", "categoryarray": list(band_labels), "autorange": "reversed"},
        "showlegend": False,
        "margin": {"r": END_TICK_ROOM},
    })


# ---------------------------------------------------------------------------------------------
# Over time

Series = tuple[str, str, str, str]
"""(rate column, n column, name, colour) of one line of a trend chart."""

WIN_RATE_SERIES: Final[Series] = ("win_rate", "n", "Win rate", OUTCOME_COLOURS[WON])
NO_DECISION_SERIES: Final[Series] = (
    "no_decision_share_of_losses", "no_decision_share_of_losses_n", ND_SHARE_OF_LOSSES,
    OUTCOME_COLOURS[NO_DECISION],
)
# Each trend series' point shape (theme.point_marker), by its rate's column: two lines on one rate axis
# meet wherever a quarter's win rate and no-decision share are equal or near, and two circles there were
# one mark, the later drawn over the other. A circle and a diamond, each a little off the quarter's middle
# on its own side (series_offset), both show, each at its own value.
TREND_SHAPES: Final = {"win_rate": "circle", "no_decision_share_of_losses": "diamond"}
TREND_POINT_PX: Final = 10  # a trend's point, across
REFERENCE_POINT_PX: Final = 6  # a reference line's quarter on too few deals: a ring smaller than the rep's
# A reference line's point joined to no other: a short level mark across its series' slot, at its rate.
LONE_REFERENCE_PX: Final = 22
TREND_POINT_APART_PX: Final = TREND_POINT_PX + 4  # the least px between two series' points of one quarter
TREND_SCATTER_GAP: Final = 0.8  # of a quarter's width left between its series' points where the width is not known


def trend_scatter_gap(room: ChartRoom, quarters: int, series: int) -> float:
    """Plotly's scattergap for a trend of `series` lines over `quarters` quarters drawn in `room`: the share
    of each quarter's width left out of its series' slots (layout.scattermode "group" sets each series'
    points in a slot of their own, in series order), so that the slots' middles stand
    TREND_POINT_APART_PX apart and no further: near the quarter's tick, clear of each other. From 0.5 (a
    narrow chart of many quarters) to 0.9; TREND_SCATTER_GAP where the room's width is not known."""
    if series < 2 or not math.isfinite(room.width_px):
        return TREND_SCATTER_GAP
    quarter_px = room.plot_px(RATE_AXIS_EM) / max(quarters, 1)
    # Slots are (1 - gap) / series of a quarter's width each; their middles are one slot apart.
    gap = 1 - TREND_POINT_APART_PX * room.scale * series / max(quarter_px, 1)
    return min(0.9, max(0.5, gap))


def series_offset(index: int, series: int, gap: float) -> float:
    """How far the `index`th of `series` lines' points stand from their quarter's tick, in quarters (the
    category axis's units; negative: left), as Plotly sets them with layout.scattermode "group" and
    scattergap `gap`: each series in a slot (1 - gap) / series of a quarter wide, in series order, the
    slots together centred on the tick."""
    return (index - (series - 1) / 2) * (1 - gap) / max(series, 1)


# The forms of a quarter's tick on a trend's x axis, widest first, as (its name, its closed deals):
# quarter_ticks draws the first whose words fit a quarter's share of the plot. Wider than its share, a
# tick was turned sideways by Plotly (8 quarters of "n = 1,069" in the Overview's trend at 1280 px in
# presenter mode), or touched the next one. The name is "2026 Q3" ("whole"), "Q3" over "2026" ("split"),
# or "Q3" over "FY27" or "’26" ("short year"); the count "n = 1,234" ("full"), "n = 1.2k" ("short":
# quarter_count), or none (None: each point's hover gives its rate's n). A quarter to date says so on a
# line of its own under its name, in every form.
TICK_FORMS: Final = (("whole", "full"), ("whole", "short"), ("split", "short"), ("split", None), ("short year", None))
_QUARTER_NAME: Final = re.compile(r"(FY)?(\d{4}) (Q[1-4])")


def line_em(line: str) -> float:
    """ems a line of a chart's words takes in its type, at most (Arial's widths, which Helvetica's and
    Segoe UI's are near): "2026 Q3" 3.86, "n = 1,234" 4.22."""
    return sum(0.28 if c in " ,.'’ijlt" else 0.33 if c in "fr" else 0.78 if c in "QMWOG" else 0.61 if c in "FTZ"
               else 0.67 if c.isupper() else 0.58 if c == "=" else 0.56 for c in line)


def quarter_count(closed: int) -> str:
    """A quarter's closed deals in a narrow tick, rounded to the hundred from a thousand and written by
    text.compact: "1.1k" for 1,069, "12.3k" for 12,345, "310" as it is."""
    return compact(float(half_up(closed, -2))) if closed >= 1_000 else f"{closed:,}"


def _tick_lines(quarter: str, closed: int | None, name_form: str, count_form: str | None) -> list[str]:
    """The lines of `quarter`'s tick in a form of TICK_FORMS, over its `closed` deals unless None."""
    # A quarter cut short ("2026 Q4 to date", "2026 Q3 to 1 Jul": periods.quarter_name) says so on a line of its own.
    name, cut = periods.name_parts(quarter)
    lines = [name]
    if (parts := _QUARTER_NAME.fullmatch(name)) and name_form != "whole":
        fy, year, q = parts.groups()
        short = f"{fy}{year[2:]}" if fy else f"’{year[2:]}"
        lines = [q, short if name_form == "short year" else f"{fy or ''}{year}"]
    if cut:
        lines.append(cut)
    if closed is not None and count_form is not None:
        lines.append(f"n = {closed:,}" if count_form == "full" else f"n = {quarter_count(closed)}")
    return lines


def _side_by_side(ticks: list[list[str]], slot_em: float) -> bool:
    """Whether no two neighbouring ticks' lines at one height come closer than TICK_GAP_EM, each tick
    centred in its slot `slot_em` wide (a line with no neighbour at its height, as a quarter to date's
    last, may take more)."""
    return all((line_em(a) + line_em(b)) / 2 + TICK_GAP_EM <= slot_em
               for left, right in zip(ticks, ticks[1:], strict=False) for a, b in zip(left, right, strict=False))


def _slot_em(quarters: int, room: ChartRoom, axis_em: float) -> float:
    """ems of the chart's type each of `quarters` has of the plot where the chart in `room` is narrowest."""
    narrowest = room.narrowest()
    return narrowest.plot_px(axis_em) / max(quarters, 1) / narrowest.font_px()


def named_quarters(ticks: Sequence[str], room: ChartRoom = WIDE, axis_em: float = RATE_AXIS_EM) -> list[str]:
    """The quarter_ticks (`ticks`, Plotly's text, lines joined by <br>) a trend writes under its quarters:
    every one where they fit side by side (quarter_ticks' room: `room` at its narrowest, `axis_em` ems
    left of the plot), else every second, third…, the fewest left out that fit, counted back from the
    latest quarter, which is always named. Fiscal quarters at their shortest ("Q1" over "FY24") are some
    2.4 ems wide: nine in a rep's trend at 1024 px (37 px a quarter) ran together. A quarter left unnamed
    keeps its point, its hover naming it."""
    lines = [tick.split("<br>") for tick in ticks]
    slot_em = _slot_em(len(ticks), room, axis_em)
    for step in range(1, max(len(ticks), 1) + 1):
        kept = lines[::-1][::step][::-1]
        if _side_by_side(kept, slot_em * step):
            break
    return list(ticks)[::-1][::step][::-1]


def quarter_axis(ticks: Sequence[str], room: ChartRoom = WIDE, axis_em: float = RATE_AXIS_EM) -> dict:
    """A trend's category axis over its quarters' `ticks` (the traces' x), naming those named_quarters keeps,
    level: every one where they fit."""
    named = named_quarters(ticks, room, axis_em)
    return {"type": "category", "tickangle": 0, "tickmode": "array", "tickvals": named, "ticktext": named}


def quarter_ticks(quarters: Sequence[str], closed: Sequence[int] | None = None, room: ChartRoom = WIDE,
                  axis_em: float = RATE_AXIS_EM) -> list[str]:
    """Each quarter's tick on a trend's x axis, over its closed deals (none when `closed` is None), in the
    widest of TICK_FORMS whose words fit side by side: "2026 Q3<br>n = 1,234", …, "Q3<br>FY27" (the last
    if none fits, and then the axis names fewer of them: named_quarters, quarter_axis). A chart
    `room.width_px` wide, `axis_em` ems of its type left of its plot, gives each quarter an even share of
    the plot, reckoned where it is narrowest (room.narrowest: on a projector's 1024 px, where known). The
    one rule of every chart with quarter ticks; each sets its tick angle to 0, so Plotly never turns them.
    Fitted at 1280 px, a rep's eight quarters in presenter mode ("2024 Q4" over "n = 20", 70 px each) ran
    together at 1024 px, where each had 60 px.

    A quarter to date, or cut by the range's end, says so on a line of its own ("2026 Q4<br>to date<br>n =
    310", "2026 Q3<br>to 1 Jul"): at 1440 px, "2026 Q4 to date" on one line all but touched "2026 Q3" beside it."""
    slot_em = _slot_em(len(quarters), room, axis_em)
    counts: Sequence[int | None] = [None] * len(quarters) if closed is None else closed
    for form in TICK_FORMS:
        ticks = [_tick_lines(q, c, *form) for q, c in zip(quarters, counts, strict=True)]
        if _side_by_side(ticks, slot_em):
            break
    return ["<br>".join(lines) for lines in ticks]


def drawn_quarters(trend: pl.DataFrame) -> pl.DataFrame:
    """The rows of a trend (quarterly_trend's, closed_quarters' or another every_quarter frame) a chart of
    quarters draws, in its order: every quarter with a closed deal and every one no deal closed in, which
    stands on the axis with 0 deals and no rate (measures.trends.every_quarter: a quarter left out set 2025 Q4
    beside 2026 Q2 and ran the line straight across 2026 Q1); not a quarterly_trend's quarter holding only
    open deals expected to close in it, which is no quarter of closes. No rows when no deal closed at all."""
    if "closed" not in trend.columns or not trend.filter(pl.col("closed") > 0).height:
        return trend.head(0)
    if "open" not in trend.columns:
        return trend
    return trend.filter((pl.col("closed") > 0) | (pl.col("open").fill_null(0) == 0))


# rate_trend's plot at its shortest, in px (its 400 px less the title, the legend and the quarters' ticks, at
# presenter type): what the row of its withheld points' rings is sized for (withheld.ring_row).
TREND_PLOT_PX: Final = 240


def rate_trend(
    trend: pl.DataFrame,
    *,
    title: str,
    series: Sequence[Series] = (WIN_RATE_SERIES, NO_DECISION_SERIES),
    reference: pl.DataFrame | None = None,
    reference_name: str = "Team",
    min_n: int = MIN_N,
    room: ChartRoom = WIDE,
) -> go.Figure:
    """Rates by quarter as lines with interval whiskers; small-n quarters greyed.

    `trend` is quarterly_trend's frame. `reference` (the same shape, e.g. the rep's team) adds
    a dotted line per series for comparison. The x labels carry the quarter's closed deals, as `room`
    lets them (quarter_ticks).
    Every quarter of `trend` is on the axis in order (drawn_quarters): one no deal closed in ("n = 0") has
    no rate, a gap in each line, which neither drops to 0% nor runs across it; quarters with open deals
    only (expected to close in them, a quarterly_trend's) are left out.
    The rate axis takes in every point, whisker and reference line, with room for the points' labels.
    A point's customdata is [quarter, the rate's column].
    """
    trend = drawn_quarters(trend)
    if trend.height == 0:
        return _empty(title)
    quarters = _column(trend, "quarter")
    closed = [int(v or 0) for v in _column(trend, "closed")]
    ticks = quarter_ticks(quarters, closed, room)
    data: list[dict] = []
    # per quarter: (rate, lo, hi, text or None, colour, x: where the point stands on the category axis)
    labels: list[list[tuple]] = [[] for _ in quarters]
    compared: list[float] = []  # the reference lines' rates: the axis holds them as it holds the points
    any_small = False
    # Each line with its withheld points (unjoined), ringed in the band under the axis once the axis is known.
    held: list[tuple[dict, list[bool]]] = []
    gap = trend_scatter_gap(room, len(quarters), len(series))
    for k, (column, n_column, name, colour) in enumerate(series):
        at = series_offset(k, len(series), gap)  # where this series' points stand off their quarter's tick
        rates, counts = _column(trend, column), [int(v or 0) for v in _column(trend, n_column)]
        lows, highs = _column(trend, f"{column}_lo"), _column(trend, f"{column}_hi")
        small = [c < min_n for c in counts]
        any_small = any_small or any(s and r is not None for r, s in zip(rates, small, strict=True))
        for i, (r, c, s, lo, hi) in enumerate(zip(rates, counts, small, lows, highs, strict=True)):
            if r is not None and not s:  # a withheld point's ring stands under the axis's floor, below every word
                labels[i].append((r, lo, hi, point_label(r, c, s), colour, i + at))
        trace = {
            "type": "scatter",
            "x": ticks,
            "y": rates,
            "name": name,
            "mode": "lines+markers",
            "line": {"color": colour, "width": 2.5},
            "marker": point_marker(colour, small, TREND_POINT_PX, TREND_SHAPES.get(column, "circle")),
            # Its own slot of each quarter (layout.scattermode "group"): equal rates stand side by side.
            "offsetgroup": column,
            # A ring at 0% sat half under the plot's edge, and unlabelled (point_label) it has no words
            # to make room under it: drawn whole, over the edge.
            "cliponaxis": False,
            "error_y": error_bars(rates, lows, highs, colour, small=small),
            # The quarter and the rate's column: a click lists the deals that rate is made of
            # (views.common.point_deals: a no-decision share's point its lost and no-decision deals).
            "customdata": [[q, column] for q in quarters],
            "meta": {"share": column},
            "hovertext": [
                hover_lines(f"<b>{q}</b>", f"{name}: {rate_with_n(r, c, s)}", interval_with_name(lo, hi, s))
                for q, r, c, s, lo, hi in zip(quarters, rates, counts, small, _column(trend, f"{column}_lo"),
                                               _column(trend, f"{column}_hi"), strict=True)
            ],
            "hoverinfo": "text",
        }
        data.append(unjoined(trace, small, False)[0])
        held.append((trace, small))
        if reference is not None and reference.height:
            by_quarter = dict(zip(_column(reference, "quarter"), _column(reference, column), strict=True))
            n_by_quarter = dict(zip(_column(reference, "quarter"), _column(reference, n_column), strict=True))
            team_small = [int(n_by_quarter.get(q) or 0) < min_n for q in quarters]
            compared += [v for q, s in zip(quarters, team_small, strict=True) if (v := by_quarter.get(q)) is not None and not s]
            # A reference line keeps the rule of every line (unjoined): it runs only between quarters of at
            # least min_n of its deals; a quarter on fewer is a small thin ring, joined to nothing, its
            # hover "n too small". The team's line had run dotted through such quarters as a rate.
            reference_trace = {
                "type": "scatter",
                "x": ticks,
                "y": [by_quarter.get(q) for q in quarters],
                "name": f"{name}, {reference_name}",
                "mode": "lines",
                "offsetgroup": column,  # through its series' points, not beside them
                "line": {"color": colour, "width": 1.5, "dash": "dot"},
                "marker": {**point_marker(colour, team_small, REFERENCE_POINT_PX), "line": {"color": colour, "width": 1}},
                # Worded by text.rate_with_n, as every rate: "n too small (n = 3)" on a quarter of too few
                # of the team's deals, where it read "team UK: 100%" (and Plotly's ".0%" read "100%" for 0.996).
                "hovertext": [f"{reference_name}: {rate_with_n(by_quarter.get(q), n_by_quarter.get(q))}"
                              for q in quarters],
                "hovertemplate": f"%{{hovertext}}<extra>{name}</extra>",
            }
            reference_line = unjoined(reference_trace, team_small, False)[0]
            held.append((reference_trace, team_small))
            alone = lone_points(reference_line["y"])
            if any(alone):  # a quarter joined to none (one quarter in range): a dotted line of one point drew nothing
                reference_line = {**reference_line, "mode": "lines+markers", "marker": {
                    "size": [LONE_REFERENCE_PX if a else 0 for a in alone], "color": colour, "symbol": "line-ew",
                    "line": {"color": colour, "width": 2}}}
            data.append(reference_line)
            any_small = any_small or any(s and v is not None for v, s in zip(reference_trace["y"], team_small, strict=True))
    # The largest mark drawn: a whisker's end, a point with no whisker (none on a small-n point), or a
    # reference line's point: a team line above a rep's points ran off the top of an axis set by the
    # rep's points alone.
    drawn = [v for points in labels for r, _, hi, *_ in points for v in (r, hi) if v is not None] + compared
    axis = _labelled_rate_axis(max(drawn, default=0.5), labels, min([r for points in labels for r, *_ in points] + compared,
                                                                    default=None))
    marks_axis: dict = {}
    if any_small:  # each line's withheld points, rings joined to no other (unjoined), in a row under the rate axis
        said = [False] * len(quarters)  # "n too small" once a quarter: two lines' rings stand side by side
        for drawn_line, line_small in held:
            held_here = [s and v is not None for v, s in zip(drawn_line["y"], line_small, strict=True)]
            worded = [h and not w for h, w in zip(held_here, said, strict=True)]
            said = [w or h for w, h in zip(said, held_here, strict=True)]
            if (rings := unjoined(drawn_line, line_small, True, worded)[1]) is not None:
                data.append(rings)
        # In a row of their own under the rate axis, the quarters' axis under them (withheld.ring_row): resting on
        # the rate plot's floor, they stood on its 0% line wherever the axis starts at 0% and read as rates of 0%.
        axis["domain"], row = withheld.ring_row([0.0, 1.0], TREND_PLOT_PX)
        marks_axis = {withheld.MARK_AXIS_KEY: row}
        # In the first series' slot: a legend's stand-in takes none of its own.
        data.append({**small_n_legend_trace(small_n_legend(min_n), bars=False), "offsetgroup": series[0][0]})
    layout = {
        "annotations": _point_labels(labels),
        "title": {"text": title},
        "height": 400,
        "yaxis": axis,
        "xaxis": {**quarter_axis(ticks, room), "range": [-0.3, len(quarters) - 0.4],
                  **({"anchor": withheld.MARK_AXIS} if marks_axis else {})},
        "hovermode": "closest",
        # Each series' points in a slot of their own (offsetgroup): a win rate equal to the no-decision share
        # stood under it, one mark for two (TREND_SHAPES).
        "scattermode": "group",
        "scattergap": gap,
        **marks_axis,
    }
    if reference is not None and reference.height:
        # Four long entries: below the quarters, where wrapping onto more rows hides nothing.
        # The figure grows by what the legend and the ticks' lines take past the margin it had, so the plot
        # keeps its height.
        below = legend_below_ticks(ticks, [t["name"] for t in data if t.get("showlegend") is not False], room)
        layout.update(below, height=440 + below["margin"]["b"] - TREND_BOTTOM_PX)
    return _figure(data, layout)


# Plotly's layout of words, as plotly.js draws them: a line of text takes LINE_SPACING times its type's
# size; a legend entry's words start LEGEND_SYMBOL_PX right of the entry's start, entries LEGEND_ITEM_GAP
# apart, a row LEGEND_ROW_EXTRA px taller than its line.
LINE_SPACING: Final = 1.3
LEGEND_SYMBOL_PX: Final = 40
LEGEND_ITEM_GAP: Final = 5
LEGEND_ROW_EXTRA: Final = 3
# px at the app's type (times the type's scale): from the plot's bottom edge to its ticks' first line,
# between the ticks' last line and the legend, and the legend's own padding above and below its rows.
TICK_PAD: Final = 6
TICK_LEGEND_GAP: Final = 10
LEGEND_PAD: Final = 12
AXIS_TITLE_STANDOFF: Final = 8  # between the ticks' last line and the top of the axis's title under them
TREND_BOTTOM_PX: Final = 90  # the bottom margin a trend's height of 440 px was set with


def legend_row_lines(names: Sequence[str], room: ChartRoom = WIDE, axis_em: float = RATE_AXIS_EM,
                     entry_share: float | None = None) -> list[int]:
    """The lines of each row a horizontal legend of `names` (Plotly labels, lines joined by <br>) takes under
    a chart in `room`, as Plotly lays it out: every entry on one row if they fit the plot's width, else as
    many entries of the widest entry's width to a row as fit (each name's widest line by line_em, at most);
    a row as tall as its entry of most lines. Entries each given `entry_share` of the plot's width
    (Plotly's entrywidthmode "fraction") go as many to a row as that share fits, whatever their words."""
    if not names:
        return []
    lines = [len(plain_lines(name)) for name in names]
    if entry_share is not None:
        per_row = max(1, math.floor(1 / entry_share + 1e-9))
    else:
        font, plot = room.font_px(), room.plot_px(axis_em)
        widths = [LEGEND_SYMBOL_PX + max(line_em(line) for line in plain_lines(name)) * font for name in names]
        if sum(widths) + (len(widths) - 1) * LEGEND_ITEM_GAP < plot:
            per_row = len(names)
        else:
            per_row = max(1, int((plot + LEGEND_ITEM_GAP) // (max(widths) + LEGEND_ITEM_GAP)))
    return [max(lines[i:i + per_row]) for i in range(0, len(names), per_row)]


def legend_rows(names: Sequence[str], room: ChartRoom = WIDE, axis_em: float = RATE_AXIS_EM,
                entry_share: float | None = None) -> int:
    """The rows a horizontal legend of `names` takes under a chart in `room` (legend_row_lines)."""
    return len(legend_row_lines(names, room, axis_em, entry_share))


def legend_px(names: Sequence[str], room: ChartRoom = WIDE, axis_em: float = RATE_AXIS_EM,
              entry_share: float | None = None) -> float:
    """px a horizontal legend of `names` takes under a chart in `room`, padding included: each row its
    lines (legend_row_lines) at LINE_SPACING, at least 16 px (Plotly's least), LEGEND_ROW_EXTRA more."""
    line = LINE_SPACING * room.font_px()
    rows = legend_row_lines(names, room, axis_em, entry_share)
    return sum(max(lines * line, 16) + LEGEND_ROW_EXTRA for lines in rows) + LEGEND_PAD * room.scale


def tick_lines(ticks: Sequence[str]) -> int:
    """The lines of the tallest of `ticks` (Plotly's tick texts, lines joined by <br>)."""
    return max((tick.count("<br>") + 1 for tick in ticks), default=1)


def legend_below_ticks(ticks: Sequence[str], names: Sequence[str], room: ChartRoom = WIDE,
                       axis_em: float = RATE_AXIS_EM, *, title: str | None = None,
                       entry_share: float | None = None) -> dict:
    """Layout parts that put a chart's legend (entries `names`) under its x axis's `ticks`, clear of them
    whatever their lines: the legend pinned to the figure's bottom edge (in px, whatever the figure's
    height), the bottom margin holding the ticks' lines, the axis's `title` under them (its lines, set
    AXIS_TITLE_STANDOFF under the ticks by axis_title_below), a gap and the legend's rows, at `room`'s type.
    `entry_share`: each entry takes that share of the plot's width (legend_rows), a grid of columns.

    Placed at a share of the plot's height below it (y = -0.2), the legend covered a quarter's third and
    fourth lines ("Q3 / 2026 / to date / n = 1.1k"): that share does not grow with the ticks' lines or
    the presenter's type."""
    font = room.font_px()
    line = LINE_SPACING * font
    ticks_px = TICK_PAD * room.scale + tick_lines(ticks) * line
    if title is not None:
        ticks_px += AXIS_TITLE_STANDOFF * room.scale + tick_lines([title]) * line
    legend: dict = {"yref": "container", "y": 0, "yanchor": "bottom"}
    if entry_share is not None:
        legend |= {"entrywidth": entry_share, "entrywidthmode": "fraction"}
    below = ticks_px + TICK_LEGEND_GAP * room.scale + legend_px(names, room, axis_em, entry_share)
    return {"legend": legend, "margin": {"b": math.ceil(below)}}


def axis_title_below(text: str, room: ChartRoom = WIDE) -> dict:
    """An x axis's title (Plotly's title dict) AXIS_TITLE_STANDOFF px under its ticks at `room`'s type, where
    legend_below_ticks(title=text) keeps room for it. Left to Plotly, the title's place depends on its own
    rules of the ticks' size, which the legend's margin could not follow."""
    return {"text": text, "standoff": round(AXIS_TITLE_STANDOFF * room.scale)}


# A point's label takes about this much of a rate axis's 0-100% (one line of type and its gap, at
# either type size: presenter charts grow with their type). A label closer than this to 0% or 100%
# would straddle that gridline and its tick, so it is written wholly past it instead.
LABEL_ROOM: Final = 0.1


def unjoined(trace: dict, small: Sequence[bool], marked: bool,
             worded: Sequence[bool] | None = None) -> tuple[dict, dict | None]:
    """`trace` (a line's points, a Plotly scatter as a dict of mode "lines+markers") as every line chart
    draws a rate by quarter: the line runs only between points on at least MIN_N deals, and a point on
    fewer (`small[i]`) is withheld (winloss.present.withheld): its value is left out of the line, which
    is not drawn to it, and when `marked` a grey ring in a row under the rate axis, at no rate, "n too small" over
    it where `worded` says (withheld.placeholder_points: the figure lays out withheld.MARK_AXIS by ring_row), keeps its
    place, keeping the line's customdata, hover and legend group (no legend entry of its own), to be drawn
    after it. Returns the line and that trace (None when nothing is withheld, or not `marked`: a sparkline
    without an axis leaves a gap).

    A line is a rate read along it: one drawn solid from a ring at 100% to another (a rep's two quarters
    of one won deal each) read as a rate of 100% that the rings and their legend withhold; a ring at the
    rate's height said it as well, one at a stub's height, 5% up an axis ticked 0% 20% 40%, read as 5%, and
    one in a band under 0% (-0.67% on an axis ticked 0% 5% 10%) read as a negative share."""
    values = list(trace["y"])
    held = [s and v is not None for v, s in zip(values, small, strict=True)]
    if not any(held):
        return trace, None
    group = trace.get("legendgroup") or trace.get("name")
    line = {**trace, "y": withheld.shown(values, small), "legendgroup": group}
    if not marked:
        return line, None
    return line, withheld.placeholder_points({**trace, "legendgroup": group}, held, worded)


def lone_points(values: Sequence[float | None]) -> list[bool]:
    """Per value of a line (None: a gap), whether it has no joined neighbour: a line draws nothing
    through such a point, so a line drawn without markers must mark it (a team's line over one quarter
    drew nothing at all)."""
    ys = list(values)
    return [v is not None and all(not 0 <= j < len(ys) or ys[j] is None for j in (i - 1, i + 1))
            for i, v in enumerate(ys)]


def point_label(value: float | None, n: int | None, small: bool) -> str | None:
    """The words written beside a point of a line chart (a rate, a fraction, on `n` deals): its rate
    by text.percent ("42%"), or None, no words, for a point with no rate or on too few deals (`small`).

    Every line chart keeps this one rule. A small-n point is a hollow ring (theme.point_marker) with no
    whisker; the chart's legend entry (text.small_n_legend) and caption (text.small_n_note) say what
    a ring means, and its hover gives "n too small (n = 7)". Written beside the ring as well,
    "n too small" sat on the lines running through it, and two series' rings at one quarter stacked
    two of them on one point."""
    if value is None or not n or small:
        return None
    return percent(value)


# Below 0% for a point or line at 0% with no label under it: a ring's half (5 px) under the axis sat on the
# quarters' names ("2026 Q1"), as did a team's dotted line along 0%.
POINT_ROOM: Final = 0.04


def _labelled_rate_axis(high: float, labels: list[list[tuple]], low: float | None = None) -> dict:
    """The rate axis of a chart whose points are labelled by _point_labels (`high`: the largest mark,
    whisker or point; `low`: the smallest point or reference line's), ticked by rate_axis up to a tick at
    or past it. A label goes above the highest point of a quarter and below the others, so the axis runs
    on past the last tick to hold the labels above; near 100% or 0% a label would fall outside the plot,
    onto the legend or the quarters' names, so the axis then runs past 0-100% to hold it, with its ticks
    kept within 0-100%. A mark at 0% with no label under it takes POINT_ROOM below 0%, clear of the ticks."""
    anchors = [anchor for points in labels
               for anchor, (*_, text, _, _) in zip(_label_anchors(points), _ranked(points), strict=True) if text is not None]
    top = max([high] + [a for a, above in anchors if above]) + 0.12
    below = [a for a, above in anchors if not above]
    bottom = -0.12 if any(b < LABEL_ROOM for b in below) else -POINT_ROOM if low is not None and low < POINT_ROOM else 0.0
    axis = rate_axis(high, room_to=min(top, 1.14), bottom=bottom)
    if top > 1.0 or bottom < 0.0:
        axis["zeroline"] = False  # past 0-100%: no heavier line at 0% for the room under it
    return axis


def _ranked(points: list[tuple]) -> list[tuple]:
    """A quarter's points (rate, lo, hi, text, colour, x) from the highest rate down."""
    return sorted(points, key=lambda p: p[0], reverse=True)


def _label_anchors(points: list[tuple]) -> list[tuple[float, bool]]:
    """Where each of a quarter's point labels (`points` as _point_labels takes them) is pinned, and
    whether above it: the highest point's above its upper bound, the others' below their lower
    bound. Pinned within LABEL_ROOM of 0% (below) or 100% (above), a label is pinned at 0% or 100%
    instead, so its text lies wholly beyond the gridline: it was written across the 0% tick."""
    anchors = []
    for rank, (rate, lo, hi, *_) in enumerate(_ranked(points)):
        above = rank == 0
        bound = hi if above else lo
        anchor = rate if bound is None else bound
        if above and anchor > 1.0 - LABEL_ROOM:
            anchor = max(anchor, 1.0)
        elif not above and anchor < LABEL_ROOM:
            anchor = min(anchor, 0.0)
        anchors.append((anchor, above))
    return anchors


def _point_labels(labels: list[list[tuple]]) -> list[dict]:
    """Each point's value written clear of its whisker and of the other lines, over or under the point
    itself: at its x on the category axis (a quarter's index, off it by series_offset in its series' slot).

    In each quarter the highest point is labelled above its upper bound, the others below
    their lower bound: text beside a marker would sit on the line running on from it. Placed at the
    quarter's tick, a label stood some 9 px off its point, between the two series' points.
    """
    notes = []
    for points in labels:
        for (anchor, above), (_, _, _, text, colour, x) in zip(_label_anchors(points), _ranked(points), strict=True):
            if text is None:  # a small-n point (point_label): its ring, legend and hover say it
                continue
            notes.append({"x": x, "xref": "x", "y": anchor, "text": text, "showarrow": False,
                          "yanchor": "bottom" if above else "top", "yshift": 3 if above else -3,
                          "font": {"color": legible(colour)}})  # the template's size: larger in presenter mode
    return notes


# The share panel's plot over quarterly_outcomes' bars at its shortest, in px (its 460 px less the title, the
# legend, the quarters' ticks and the bars' panel, 0.26 of the plot's height).
SHARE_PANEL_PX: Final = 70
# With a row of withheld shares' rings under it (withheld.ring_row) the panel reaches down to this share of the
# plot's height, the bars' panel 0.06 under it: the row takes some 44 px and the share keeps about the 70 px it had.
SHARE_ROW_PANEL_FLOOR: Final = 0.58
SHARE_ROW_PANEL_PX: Final = SHARE_PANEL_PX * (1.0 - SHARE_ROW_PANEL_FLOOR) / 0.26


def quarterly_outcomes(trend: pl.DataFrame, *, title: str, min_n: int = MIN_N, room: ChartRoom = WIDE) -> go.Figure:
    """Closed deals per quarter stacked won / lost / no decision, under no decision's share of them.

    The top panel's line is no decision ÷ closed (the orange part of each bar as a share), with
    its Wilson interval; a panel of its own so its labels never sit on the bars' counts. The x labels
    carry the quarter's closed deals, as `room` lets them (quarter_ticks).
    customdata of the bars is [quarter, outcome]. Every quarter of `trend` is on the axis (drawn_quarters):
    one no deal closed in has no bar and a gap in the share's line; quarters with open deals only are left out.
    """
    trend = drawn_quarters(trend)
    if trend.height == 0:
        return _empty(title)
    # Two panels on one x axis: the share on top (y), the bars below (y2). Laid out by hand:
    # make_subplots costs more than the rest of the figure.
    quarters = _column(trend, "quarter")
    closed = [int(v or 0) for v in _column(trend, "closed")]
    ticks = quarter_ticks(quarters, closed, room, COUNT_AXIS_EM)
    shares = _column(trend, "no_decision_share_of_closed")
    nd = [int(v or 0) for v in _column(trend, NO_DECISION)]
    bounds = [wilson_interval(k, c) for k, c in zip(nd, closed, strict=True)]
    small = [c < min_n for c in closed]
    share_colour = "#8A5A00"  # a darker amber than the bars: a line reads better in it
    # The share's largest mark (a whisker's end, or a share with no interval), a label's room above it:
    # the panel is short, so three ticks at most. At 100% the label stands past 100%, inside the panel.
    top = max([b[1] for b, sm in zip(bounds, small, strict=True) if b[1] is not None and not sm]
              + [s for s in withheld.shown(shares, small) if s is not None], default=0.5)
    share_axis = rate_axis(top, room_to=top + 0.15, most=2)
    share_line, share_rings = unjoined({
        "type": "scatter",
        "x": ticks,
        "y": shares,
        "name": "No decision ÷ closed",
        "meta": {"share": "no_decision_share_of_closed"},
        "mode": "lines+markers",
        "line": {"color": share_colour, "width": 2.5},
        "marker": point_marker(share_colour, small, 9),
        "cliponaxis": False,  # a share of 0% drawn whole, not half under the panel's edge
        "error_y": error_bars(shares, [b[0] for b in bounds], [b[1] for b in bounds], share_colour, small=small),
        "hovertext": [hover_lines(f"<b>{q}</b>", f"{ND_SHARE_OF_CLOSED}: {rate_with_n(s, c, sm)}",
                                  interval_with_name(b[0], b[1], sm))
                      for q, s, c, sm, b in zip(quarters, shares, closed, small, bounds, strict=True)],
        "hoverinfo": "text",
        "yaxis": "y",
    }, small, True)
    data: list[dict] = [share_line]
    top_count = max(closed, default=0) or 1  # the count axis's top, near enough: the tallest bar
    for outcome in CLOSED_OUTCOMES:
        counts = [int(c or 0) for c in _column(trend, outcome)]
        data.append({
            "type": "bar",
            "x": ticks,
            "y": counts,
            "name": OUTCOME_LABELS[outcome],
            "marker": {"color": OUTCOME_COLOURS[outcome]},
            # A part too thin for a line of type says nothing: squeezed in, its count read as a dot or
            # a sideways "1". Its count is in the hover, the bar's total under the quarter.
            "text": [f"{c:,}" if c and c / top_count >= LINE_SHARE else "" for c in counts],
            "textposition": "inside",
            "textangle": 0,
            "insidetextanchor": "middle",
            "textfont": {"color": ink(OUTCOME_COLOURS[outcome])},
            "customdata": [[q, outcome] for q in quarters],
            # A part of 0 deals (every part of a quarter no deal closed in) is drawn at 0 but no choice of the
            # chart's list (selection.choices): it opened an empty list.
            "meta": {DEALS_META: counts},
            # Worded by text.plural: Plotly's "%{y:,} deals" read "1 deals".
            "hovertext": [f"<b>{q}</b><br>{OUTCOME_LABELS[outcome]}: {plural(c, 'deal')}" for q, c in zip(quarters, counts, strict=True)],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "yaxis": "y2",
        })
    if share_rings is not None:  # drawn over the bars, joined to no other point (unjoined)
        data.append(share_rings)
    if any(sm and s is not None for s, sm in zip(shares, small, strict=True)):
        data.append(small_n_legend_trace(small_n_legend(min_n), bars=False))
    # Withheld shares' rings in a row of their own under the share axis (withheld.ring_row): resting on the panel's
    # floor they stood on its 0% line and read as shares of 0%. The share panel reaches lower for the row.
    share_domain, bars_domain, marks_axis = [0.74, 1.0], [0.0, 0.68], {}
    if share_rings is not None:
        share_domain, row = withheld.ring_row([SHARE_ROW_PANEL_FLOOR, 1.0], SHARE_ROW_PANEL_PX)
        bars_domain, marks_axis = [0.0, SHARE_ROW_PANEL_FLOOR - 0.06], {withheld.MARK_AXIS_KEY: row}
    notes = [
        {"x": tick, "y": hi if hi is not None else share, "yref": "y", "text": words,
         "showarrow": False, "yanchor": "bottom", "yshift": 3, "font": {"color": share_colour}}
        for tick, share, count, sm, (lo, hi) in zip(ticks, shares, closed, small, bounds, strict=True)
        if share is not None and (words := point_label(share, count, sm)) is not None
    ]
    return _figure(data, {
        "title": {"text": title}, "barmode": "stack", "height": 460, "bargap": 0.3, "hovermode": "closest",
        # What Plotly would still have to shrink (a narrow bar, a count of four figures) it hides instead.
        "uniformtext": {"mode": "hide", "minsize": BAR_TEXT_SIZE},
        "legend": {"traceorder": "normal"},
        "annotations": notes,
        "xaxis": {**quarter_axis(ticks, room, COUNT_AXIS_EM), "anchor": "y2"},
        "yaxis": {"domain": share_domain, **share_axis},
        "yaxis2": {"domain": bars_domain, **count_axis("Closed deals", max(closed, default=0))},
        **marks_axis,
    })


# ---------------------------------------------------------------------------------------------
# Outcomes, reasons, cycle


def outcome_mix(summary: pl.DataFrame, *, title: str) -> go.Figure:
    """How the closed deals ended: one bar per outcome with its count and share of closed (its count
    alone below MIN_N closed deals: text.outcome_bar_words).

    `summary` is outcome_summary's one overall row. customdata[0] is the outcome code.
    """
    row = summary.row(0, named=True) if summary.height else None
    closed = int(row["closed"] or 0) if row else 0
    if row is None or not closed:
        return _empty(title, "No closed deals in this range.")
    counts = [int(row[o] or 0) for o in CLOSED_OUTCOMES]
    bar = _outcome_bars(
        list(CLOSED_OUTCOMES), [OUTCOME_LABELS[o] for o in CLOSED_OUTCOMES], counts,
        [outcome_bar_words(c, closed) for c in counts],
        [None] * len(counts), [None] * len(counts),  # no whiskers
        hovertemplate="<b>%{y}</b>: %{x:,} of " + f"{plural(closed, 'closed deal')}<extra></extra>",
        meta={DEALS_META: counts},  # an outcome of 0 deals no choice of the chart's list (selection.choices)
    )
    return _outcome_figure(bar, title, "Closed deals", max(counts))


def _outcome_bars(outcomes: list[str], labels: list[str], values: list, text: list[str], ends: list[float | None],
                  starts: list[float | None], **extra: object) -> list[dict]:
    """One horizontal bar per outcome in its colour, customdata[0] the outcome code (what a click
    selects); `extra` adds trace keys. `text` goes inside the bar from the axis, in ink that reads on
    its colour, where it fits (before the whisker's near end, `starts[i]`); else past the bar's end, or
    past its whisker's far end (`ends[i]`, None for a bar with no whisker) in a text trace of its own
    (_label_places, as reason_bars' _inside_or_outside)."""
    fills = [OUTCOME_COLOURS[o] for o in outcomes]
    top = max([*values, *(e for e in ends if e is not None)], default=0)
    places = _label_places(text, values, ends, top, starts=starts)
    custom = [[o] for o in outcomes]
    bars = {
        "type": "bar", "y": labels, "x": values, "orientation": "h", "marker": {"color": fills},
        "text": text, "textposition": [p if p != "whisker" else "none" for p in places],
        "insidetextanchor": "start", "constraintext": "none", "cliponaxis": False,
        "textfont": {"color": [ink(f) if p == "inside" else TEXT_COLOUR for f, p in zip(fills, places, strict=True)]},
        **bar_selection_look(),
        "customdata": custom, "showlegend": False, **extra,
    }
    beyond = whisker_labels(places, text, labels, ends, custom)
    return [bars] if beyond is None else [bars, beyond]


def _outcome_figure(traces: list[dict], title: str, x_title: str, top: float | None = None) -> go.Figure:
    """The figure of `_outcome_bars`: outcomes top to bottom in their order, the x axis from zero
    (`top`: the largest count, when the bars are counts of deals), reaching on to hold words written
    past a whisker's end."""
    axis = count_axis(x_title, top) if top is not None else {"title": {"text": x_title}, "rangemode": "tozero"}
    beyond = traces[1:]
    if beyond:
        axis["autorangeoptions"] = {"include": [max(x for trace in beyond for x in trace["x"]) / max(
            0.4, 1 - CHAR_SHARE * (max(len(t) for trace in beyond for t in trace["text"]) + 2))]}
    return _figure(traces, {"title": {"text": title}, "height": 260, "bargap": 0.3, "yaxis": {"autorange": "reversed"},
                            "xaxis": axis})


def fits(text: str, value: float, top: float, char_share: float = CHAR_SHARE) -> bool:
    """Whether `text` fits inside a bar part `value` long on an axis to `top`, at `char_share` of
    the axis per character (CHAR_SHARE: a chart in a half-width column) and a character's room at
    either end."""
    return top > 0 and value / top >= char_share * (len(text) + 2)


def _inside_or_outside(text: str, value: float, top: float, stacked: bool, char_share: float = CHAR_SHARE) -> str:
    """Where a bar's `text` goes (a Plotly textposition): inside when it fits (fits), else past the
    bar's end. A part of a stacked bar keeps "inside": past its end is the next part, and a part too
    short for its words has none (they go in the total)."""
    return "inside" if stacked or fits(text, value, top, char_share) else "outside"


def _stacked_totals(kept: pl.DataFrame, rows: pl.DataFrame, top: float | None, losses: int) -> dict[str, str]:
    """What is written past the end of each stacked reason bar, by reason: " 37 in all · 38%" (" 7 in
    all" below MIN_N `losses`: text.reason_bar_words), then each part too short for its own label on
    an axis to `top` (None: none is) by name (", 1 lost"). `kept` is the reasons drawn (loss_reason,
    deals, share, parts), `rows` their loss_reasons rows."""
    said = {}
    for row in kept.filter(pl.col("parts") > 1).iter_rows(named=True):
        parts = rows.filter(pl.col("loss_reason") == row["loss_reason"]).select("outcome", "deals", "share").rows()
        unlabelled = [f"{d:,} {OUTCOME_LABELS[o].lower()}" for o, d, share in parts
                      if top is not None and not fits(reason_bar_words(d, share, losses), d, top)]
        said[row["loss_reason"]] = ", ".join([f" {reason_bar_words(row['deals'], row['share'], losses, in_all=True)}", *unlabelled])
    return said


def _room_for(kept: pl.DataFrame, said: Mapping[str, str], longest: float) -> float:
    """The top of a count axis with room right of each stacked bar for its words (`said`, by reason):
    at least `longest`, at most 2.5 times the longest stacked bar."""
    return max([longest, *(d / max(0.4, 1 - CHAR_SHARE * len(said[r]))
                           for r, d in kept.select("loss_reason", "deals").rows() if r in said)])


def reason_bars(reasons: pl.DataFrame, *, title: str, top: int = TOP_REASONS, room: ChartRoom = WIDE) -> go.Figure:
    """Loss reasons ranked by their deals, one bar per reason, coloured by what it counts as.

    `reasons` is loss_reasons' frame (one group). A reason can hold deals of both outcomes (one
    outside the no-decision vocabulary on a "no decision" stage; "(no reason given)"): its bar is
    stacked, lost then no decision, each part labelled "22 · 23%" and the total past its end
    ("37 in all · 38%"); a part too short for its label is named in the total instead
    ("31 in all · 45%, 1 lost"). Shares are of all lost + no-decision deals, and below MIN_N of them
    the bars and hovers give counts alone (text.reason_bar_words). customdata is [reason, outcome].
    A reason (a file's cell) is named in at most two lines of name_room(`room`), the rest cut with "…"
    (category_lines), the hover naming it whole.
    """
    if reasons.height == 0:
        return _empty(title, "No lost or no-decision deals in this range.")
    losses = int(reasons["deals"].sum())
    # Ranked by all of a reason's deals, as its bar is long; the rest in one bar: the rule its CSV follows too.
    drawn = drawn_reasons(reasons, top)
    kept, rest, other = drawn.kept, drawn.rest, drawn.other_name
    rows = reasons.filter(pl.col("loss_reason").is_in(kept["loss_reason"].implode()))
    split = set(kept.filter(pl.col("parts") > 1)["loss_reason"])
    longest = max([*kept["deals"].to_list(), int(rest["deals"].sum())])
    # The bar of the others is stacked as a reason's of both outcomes is, its parts in their outcome's colours
    # (DrawnReasons.rest_parts), its total past its end: the totals and the axis's room are of every stacked bar.
    every_bar, every_row = kept.select("loss_reason", "deals", "share", "parts"), rows.select("loss_reason", "outcome", "deals", "share")
    if other is not None:
        parts = drawn.rest_parts.select(pl.lit(other).alias("loss_reason"), "outcome", "deals", "share")
        every_bar = pl.concat([every_bar, pl.DataFrame({"loss_reason": [other], "deals": [int(rest["deals"].sum())],
                                                        "share": [float(rest["share"].sum())], "parts": [parts.height]})],
                              how="vertical_relaxed")
        every_row = pl.concat([every_row, parts], how="vertical_relaxed")
    # Room right of each stacked bar for its total: first as if every part kept its label; the parts
    # too short for theirs on that axis are named in the total, and the axis makes room for that too.
    axis_top = _room_for(every_bar, _stacked_totals(every_bar, every_row, None, losses), longest)
    totals_said = _stacked_totals(every_bar, every_row, axis_top, losses)
    axis_top = max(axis_top, _room_for(every_bar, totals_said, longest))
    data: list[dict] = []
    for outcome in (LOST, NO_DECISION):
        part = rows.filter(pl.col("outcome") == outcome)
        if part.height == 0:
            continue
        fill = OUTCOME_COLOURS[outcome]
        texts = [reason_bar_words(d, sh, losses) for d, sh in zip(part["deals"], part["share"], strict=True)]
        data.append({
            "type": "bar",
            "y": [label(r) for r in part["loss_reason"]],  # reasons come from files: text, not markup
            "x": part["deals"].to_list(),
            "orientation": "h",
            "name": f"Counts as {OUTCOME_LABELS[outcome].lower()}",
            "marker": {"color": fill},
            # A part of a stacked bar too short for its words leaves them to the total; a bar alone
            # keeps them, past its end when they do not fit inside (nothing is drawn there): inside,
            # "17 · 9%" ran on past the end of a short bar, white on the white.
            "text": [t if r not in split or fits(t, d, axis_top) else ""
                     for r, t, d in zip(part["loss_reason"], texts, part["deals"], strict=True)],
            "textposition": [_inside_or_outside(t, d, axis_top, r in split)
                             for r, t, d in zip(part["loss_reason"], texts, part["deals"], strict=True)],
            "insidetextanchor": "start",
            "constraintext": "none",
            "textangle": 0,  # stacked, Plotly turned words that did not fit on their side
            "insidetextfont": {"color": ink(fill)},
            "outsidetextfont": {"color": TEXT_COLOUR},
            "cliponaxis": False,
            "customdata": [[r, outcome] for r in part["loss_reason"]],
            # Worded here, not by the template: "%{x:,} deals" said "1 deals".
            "hovertext": [f"<b>{label(r)}</b><br>{plural(d, 'deal')}" + (f" ({percent(sh)})" if shares_shown(losses) else "")
                          for r, d, sh in zip(part["loss_reason"], part["deals"], part["share"], strict=True)],
            "hovertemplate": "%{hovertext}<extra></extra>",
        })
    order = [label(r) for r in kept["loss_reason"]]
    if totals_said:
        ends = every_bar.filter(pl.col("loss_reason").is_in(list(totals_said)))
        data.append({
            "type": "scatter", "mode": "text", "y": [label(r) for r in ends["loss_reason"]], "x": ends["deals"].to_list(),
            "text": [totals_said[r] for r in ends["loss_reason"]], "textposition": "middle right",
            "textfont": {"color": TEXT_COLOUR}, "cliponaxis": False, "showlegend": False, "hoverinfo": "skip",
        })
    if other is not None:
        # The reasons past the top ones in one bar, so the bars still add up to every deal counted: its
        # lost and no-decision deals apart, in the legend's colours (one grey bar mixed them, in a colour
        # the legend did not name). No customdata: a click on it opens nothing. The chart's CSV holds a row
        # a part, as drawn (as_drawn); the caption says what it holds (DrawnReasons.other_words).
        stacked = drawn.rest_parts.height > 1
        for outcome, deals, share in drawn.rest_parts.select("outcome", "deals", "share").rows():
            fill = OUTCOME_COLOURS[outcome]
            words = reason_bar_words(deals, share, losses)
            data.append({
                "type": "bar", "y": [other], "x": [deals], "orientation": "h", "name": other, "showlegend": False,
                "marker": {"color": fill}, "text": [words if not stacked or fits(words, deals, axis_top) else ""],
                "textposition": [_inside_or_outside(words, deals, axis_top, stacked)],
                "insidetextanchor": "start", "constraintext": "none", "textangle": 0,
                "insidetextfont": {"color": ink(fill)}, "outsidetextfont": {"color": TEXT_COLOUR},
                "cliponaxis": False,
                "hovertemplate": (f"<b>{other}</b><br>{plural(deals, 'deal')} counted as "
                                  f"{OUTCOME_LABELS[outcome].lower()}<extra></extra>"),
            })
        order.append(other)
    axis = {**count_axis("Deals", longest), "tickangle": 0}
    if totals_said:
        axis["range"] = [0, axis_top]
    names = kept["loss_reason"].to_list() + ([drawn.other_name] if drawn.other_name else [])
    ticks = [category_label(name, name_room(room)) for name in names]
    row = TWO_LINE_BAR_HEIGHT if any("<br>" in tick for tick in ticks) else BAR_HEIGHT
    layout: dict = {
        "title": {"text": title},
        # Stacked: a reason with deals of both outcomes is one bar in two parts. Overlaid, the longer
        # part hid the shorter one, its bar and its label.
        "barmode": "stack",
        "bargap": 0.25,
        "legend": {"traceorder": "normal"},  # lost first, as the parts of a bar (stacked, Plotly reversed it)
        "yaxis": {**category_axis(order, ticks), "categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
        "xaxis": axis,
    }
    _legend_room(data, layout, per_row=1)  # in a half-width column the two entries stack onto the title
    layout["height"] = bars_height(len(order), row, layout)
    if totals_said:
        layout["margin"]["r"] = TOTAL_MARGIN  # a total past the longest bar may reach past the plot in presenter type
    return _figure(data, layout)


def cycle_bars(cycle: pl.DataFrame, *, title: str) -> go.Figure:
    """Median days from created to close per outcome, whiskers from the 25th to the 75th percentile.

    `cycle` is cycle_days_by_outcome's frame. customdata[0] is the outcome code.
    """
    rows = cycle.filter(pl.col("deals") > 0)
    if rows.height == 0:
        return _empty(title, "No closed deals with a created date in this range.")
    outcomes = rows["outcome"].to_list()
    medians = rows["median_days"].to_list()
    counts = rows["deals"].to_list()
    bar = _outcome_bars(
        outcomes, [f"{OUTCOME_LABELS[o]}  (n = {c:,})" for o, c in zip(outcomes, counts, strict=True)], medians,
        [days(whole(m)) for m in medians], rows["p75_days"].to_list(), rows["p25_days"].to_list(),
        # Quartiles of days, not a rate's interval: the small-n rule of rates does not apply.
        error_x=error_bars(medians, rows["p25_days"].to_list(), rows["p75_days"].to_list(), small=[False] * len(medians)),
        hovertext=[
            f"<b>{OUTCOME_LABELS[o]}</b><br>median {days(whole(m))}; half of the deals took {whole(a)}–{whole(b)} days"
            f"<br>{n_of(c, 'deal')}"
            for o, m, a, b, c in zip(outcomes, medians, rows["p25_days"], rows["p75_days"], counts, strict=True)
        ],
        hoverinfo="text",
    )
    return _outcome_figure(bar, title, "Days from created to close")


# ---------------------------------------------------------------------------------------------
# Profiles


PROFILE_MIX_PAD: Final = 0.03  # share of reps left of 0%: a marker's radius at the usual widths
# The profile mix's marks, (symbol, px) by the share each stands for: circles are your data, diamonds the
# study's; all reps a small hollow mark, the top reps (the study's stars) a large filled one. Of one size,
# a filled grey circle and a hollow one could hardly be told apart when too few reps drew both in grey.
MIX_MARKS: Final = {
    "all_share": ("circle-open", 10),
    "top_share": ("circle", 17),
    "study_all_share": ("diamond-open", 10),
    "study_top_share": ("diamond", 15),
}
# Each small hollow mark with the large filled one of its line (the same share of a group, or near it).
MIX_PAIRS: Final = (("all_share", "top_share"), ("study_all_share", "study_top_share"))
MIX_OUTLINE_PX: Final = 2  # the marks' outline
# px of the plot's white round a small hollow mark, under it and over the large mark it may lie on: a
# ring on a disc of its own colour would merge with it, the white between keeps them two marks.
MIX_HALO_PX: Final = 1
PLOT_WHITE: Final = "#FFFFFF"  # the template's (plotly_white's) plot background
MIX_LEGEND_SHARE: Final = 0.5  # of the plot's width a legend entry of the profile mix takes: two to a row
NARROWEST_LOSS_PX: Final = 256  # px a page's chart has less at 1024 px than at 1280 (ChartRoom): the sidebar keeps its own


# The profile mix's plot at its narrowest on a page, in px across: at 1024 px at the app's type, right of the
# study's longest profile, "Reactive Problem Solver" (mix_plot_px). What the band of its withheld shares is
# sized for (withheld.ring_band) where the chart's room is not known (WIDE).
MIX_PLOT_PX: Final = 490


def mix_plot_px(profiles: Sequence[str], room: ChartRoom) -> float:
    """px across of the profile mix's plot at 1024 px (`room`, a chart's place at 1280 px, less
    NARROWEST_LOSS_PX), right of the `profiles` ticks; MIX_PLOT_PX at most, for a room of no known width."""
    return min(MIX_PLOT_PX, _mix_narrow_plot_px(profiles, room))


def _mix_narrow_plot_px(profiles: Sequence[str], room: ChartRoom) -> float:
    """px across of the profile mix's plot at 1024 px (`room` less NARROWEST_LOSS_PX), right of the `profiles` ticks."""
    narrow = ChartRoom(room.width_px - NARROWEST_LOSS_PX, room.scale)
    return narrow.plot_px(max((line_em(p) for p in profiles), default=0.0) + 1)


def mix_legend_share(names: Sequence[str], profiles: Sequence[str], room: ChartRoom) -> float:
    """The share of the plot's width each entry of the profile mix's legend takes: MIX_LEGEND_SHARE (two to a
    row) where every entry of `names` fits it at 1024 px (`room`, a chart's place at 1280 px, less
    NARROWEST_LOSS_PX; the plot right of the `profiles` ticks), else the whole width (one to a row). Two to a
    row, "Yours: top 9 of 41 by win rate · n too small (n = 9)" ran past the chart's right edge at 1024 px."""
    plot = _mix_narrow_plot_px(profiles, room)
    widest = max((LEGEND_SYMBOL_PX * room.scale + line_em(n) * room.font_px() for n in names), default=0.0)
    return MIX_LEGEND_SHARE if widest <= MIX_LEGEND_SHARE * plot else 1.0
MIX_BOTTOM_PX: Final = 110  # the bottom margin the profile mix's heights were set with


def mix_halo_size(column: str) -> int:
    """The px across of the white a small hollow mark (`column` of MIX_MARKS) is drawn on: its outline's
    outer edge and MIX_HALO_PX round it, inside the large filled mark's outline (MIX_MARKS), so a large
    mark under it still shows its own colour round the white."""
    return MIX_MARKS[column][1] + MIX_OUTLINE_PX + 2 * MIX_HALO_PX


def profile_mix(mix: TopPerformerMix, *, title: str, room: ChartRoom = WIDE) -> go.Figure:
    """Who the top performers are: each profile's share of all ranked reps and of the top reps.

    Circles are the user's data (a small ring: all ranked reps; a large filled circle: the top reps by
    win rate); diamonds are the CEB study's figures (a small hollow one: all reps; a large filled one:
    star performers), which were measured against quota, not win rate, and are labelled so. The two
    ends of a line differ in size and fill, not in colour alone (MIX_MARKS), in every state. Unprofiled
    has no study figure. Shares of too few reps (mix.top_too_small, mix.all_too_small) are drawn in the
    small-n edge grey, filled dark where a share of the top reps is filled (a pale grey fill read as the
    ring beside it), without a percentage, their legend entry saying "n too small (n = 1)", each in its
    row resting on the profiles' axis, at 0 on an unseen axis laid across the share axis (withheld.ACROSS_MARK_AXIS),
    a band's width left of 0% (withheld.ring_band): at no share, and none in the figure's data. At -4% of the share
    axis, in that band, they read as negative shares and the figure's data held that number.

    The small hollow marks are drawn over the large filled ones, each on a disc of the plot's white a
    little wider than itself (mix_halo_size): a profile whose share was the same among the top reps as
    among all reps had its ring wholly under the top reps' disc, and the chart read as if the ring were
    missing. On its disc the ring shows as it does in the legend, the disc's colour round it, in colour
    and in grey.

    The legend sits under the axis's ticks and title in px (legend_below_ticks), at `room`'s type (the
    page's, ui.drill.chart_room): at a share of the plot's height below it (y = -0.18) it came up to the
    axis's title "Share of reps" with the study's five profiles at the app's type.
    customdata[0] is the profile.
    """
    table = mix.table.filter((pl.col("all_count") > 0) | pl.col("study_all_share").is_not_null())
    if table.height == 0 or mix.ranked_reps == 0:
        return _empty(title, f"No rep has {MIN_N} or more closed deals in this range to rank.")
    profiles = table["seller_profile"].to_list()
    colours = [PROFILE_COLOURS.get(p, NEUTRAL_COLOUR) for p in profiles]
    small = {"all_share": mix.all_too_small, "top_share": mix.top_too_small}
    names = {
        "all_share": "Yours: the one ranked rep" if mix.ranked_reps == 1 else f"Yours: all {mix.ranked_reps:,} ranked reps",
        "top_share": f"Yours: top {mix.top_reps} of {mix.ranked_reps:,} by win rate",
        "study_all_share": "Study: all reps (vs quota)",
        "study_top_share": "Study: stars (vs quota)",
    }
    counts = {"all_share": ("all_count", mix.ranked_reps), "top_share": ("top_count", mix.top_reps)}
    # Lines join a profile's share among all reps to its share among the best; grey where either
    # share is of too few reps, as its marks are.
    traces: list[dict] = [
        {"type": "scatter", "x": [row[pair[0]], row[pair[1]]], "y": [i + offset] * 2, "mode": "lines",
         "showlegend": False, "hoverinfo": "skip",
         "line": {"color": SMALL_N_COLOUR if any(small.get(c, False) for c in pair) else faded(colours[i], 0.6),
                  "width": 3}}
        for pair, offset in zip(MIX_PAIRS, (0.12, -0.12), strict=True)
        for i, row in enumerate(table.iter_rows(named=True))
        # No line to a withheld share: its end would give the share the mark withholds.
        if row[pair[0]] is not None and row[pair[1]] is not None and not any(small.get(c, False) for c in pair)
    ]
    marks: dict[str, dict] = {}
    stand_ins: list[dict] = []
    # The axis spans every share shown; a withheld share's mark rests on the profiles' axis, a band's width left of
    # 0% (withheld.ring_band), at no share: at a stub's length, 6% along an axis ticked "0% 10% 20%", it read as a
    # share of 3%.
    shares = [s for c in ("all_share", "top_share", "study_all_share", "study_top_share") if not small.get(c, False)
              for s in table[c] if s is not None]
    axis = rate_axis(max(shares, default=0.0), at_least=0.5, room_to=max(shares, default=0.0) + 0.12,
                     bottom=-PROFILE_MIX_PAD)
    held_axis: dict = {}
    if any(small.get(c, False) and table[c].is_not_null().any() for c in small):
        # The share axis's 0% a band's width right of the profiles' axis, where the withheld marks rest (at 0 on
        # an unseen axis across it: withheld.mark_axis), so a mark at 0% never touches one.
        plot_px = mix_plot_px(profiles, room)
        axis, _ = withheld.ring_band(axis, plot_px)
        largest = max(MIX_MARKS[c][1] for c in small) + MIX_OUTLINE_PX
        held_axis = {withheld.ACROSS_MARK_AXIS_KEY: withheld.mark_axis(plot_px, "x", largest)}
    for column, (symbol, size) in MIX_MARKS.items():
        name = names[column]
        count, total = counts.get(column, (None, None))
        offset = 0.12 if column in ("all_share", "top_share") else -0.12
        shares = table[column].to_list()
        points = [(i, s) for i, s in enumerate(shares) if s is not None]
        few = small.get(column, False)
        if few:
            # The small-n rule: a share of 1 rep is "100%" of one profile; it is never given as a percentage.
            name = f"{name} · {too_small_text(total or 0)}"
        # A share says of whom: "27% of the top 8 of 40 ranked reps (2 of 8)", the top reps' rule under it.
        whole = {"all_share": f"all {mix.ranked_reps:,} ranked reps", "top_share": mix.top_group}.get(column)
        rule = f"<br>The top reps: {mix.top_rule}" if column == "top_share" and not few else ""
        hover = [
            f"<b>{profiles[i]}</b><br>{name}"
            + ("" if few else f": {percent(s)}" + (f" of {whole}" if whole else ""))
            + (f" ({table[count][i]} of {total})" if count else "") + rule
            for i, s in points
        ]
        # Too few reps: the edge grey, a ring in it and a filled mark filled with it. The small-n grey was
        # too pale both for a ring and for a fill: a filled grey circle read as the ring beside it.
        fills = [SMALL_N_EDGE if few else colours[i] for i, _ in points]
        # A withheld share keeps its row, greyed, with no percentage and in the band under the axis's floor,
        # not at its share, as every withheld point does (winloss.present.withheld): one rule in every chart.
        marks[column] = {
            "type": "scatter", "x": [0.0 if few else s for _, s in points],
            **({"xaxis": withheld.ACROSS_MARK_AXIS, "cliponaxis": False} if few else {}),
            "y": [i + offset for i, _ in points], "mode": "markers", "name": name,
            "marker": {"symbol": symbol, "size": size, "color": fills,
                       "line": {"width": MIX_OUTLINE_PX, "color": fills}},
            "customdata": [[profiles[i]] for i, _ in points], "hovertext": hover, "hoverinfo": "text",
            "showlegend": False,
        }
        # A grey stand-in for the legend, at the marks' own symbol and size: the marks are coloured by
        # profile, the legend by meaning.
        grey = SMALL_N_EDGE if few else REFERENCE_COLOUR
        stand_ins.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name,
                          "marker": {"symbol": symbol, "size": size, "color": grey,
                                     "line": {"width": MIX_OUTLINE_PX, "color": grey}}})
    # The large filled marks first, then the small hollow ones' white (the plot's, so it shows only where a
    # small mark lies on a large one), then the small marks over it: see the docstring. All the white goes
    # under every small mark: a diamond's, a row's line below, would nick a ring at the same share.
    traces += [marks[filled] for _, filled in MIX_PAIRS]
    traces += [{"type": "scatter", "x": marks[hollow]["x"], "y": marks[hollow]["y"], "mode": "markers",
                **{k: marks[hollow][k] for k in ("xaxis", "cliponaxis") if k in marks[hollow]},  # on its mark's axis
                "showlegend": False, "hoverinfo": "skip",
                "marker": {"symbol": MIX_MARKS[hollow][0].removesuffix("-open"), "size": mix_halo_size(hollow),
                           "color": PLOT_WHITE, "line": {"width": 0}}}
               for hollow, _ in MIX_PAIRS]
    traces += [marks[hollow] for hollow, _ in MIX_PAIRS]
    traces += stand_ins
    top_shares = table["top_share"].to_list()
    axis_name = "Share of reps"
    # Below the plot: four entries above it would wrap onto the title in a half-width column. The figure
    # grows by what the ticks, the axis's title and the legend take past the margin it had, so the plot
    # keeps its height.
    below = legend_below_ticks([f"{v:.0%}" for v in axis["tickvals"]], [t["name"] for t in stand_ins], room,
                               title=axis_name, entry_share=mix_legend_share([t["name"] for t in stand_ins], profiles, room))
    return _figure(traces, {
        # The label in dark ink (a pale profile colour, Unprofiled's grey or Lone Wolf's yellow, does not
        # read on white), just under its own filled circle: beside it, it sat on the line or the axis.
        "annotations": [
            {"x": share, "y": i + 0.12, "text": percent(share), "showarrow": False, "yshift": -17,
             "xanchor": "center", "font": {"color": TEXT_COLOUR, "size": 11}}
            for i, share in enumerate(top_shares) if share is not None and mix.top_reps and not mix.top_too_small
        ],
        "title": {"text": title},
        "height": max(340, 58 * len(profiles) + 150) + below["margin"]["b"] - MIX_BOTTOM_PX,
        # The axis starts a little left of 0%: a marker at 0% is drawn whole, not cut in half by the
        # plot's edge; room on the right for the label beside the largest share.
        "xaxis": {**axis, "title": axis_title_below(axis_name, room), "zeroline": False},
        "yaxis": {"tickvals": list(range(len(profiles))), "ticktext": profiles, "autorange": "reversed",
                  "showgrid": False, "zeroline": False,
                  # The profiles' axis drawn where withheld shares' marks rest on it, as a line chart's rings on
                  # its quarters' axis: on the axis, at no share, not floating left of 0%.
                  **({"showline": True, "linecolor": SMALL_N_EDGE, "linewidth": 1} if held_axis else {})},
        **held_axis,
        "legend": {"orientation": "h", **below["legend"]},
        "margin": {"b": below["margin"]["b"], "r": END_TICK_ROOM},
    })


# ---------------------------------------------------------------------------------------------
# One rep


def scorecard_bars(
    scorecard: pl.DataFrame,
    *,
    title: str,
    rate: str = "win_rate",
    rate_name: str = "Win rate",
    n_noun: str = "deals",
    profile: str | None = None,
    min_n: int = MIN_N,
    at_least: float = MIN_PERCENT_AXIS,
    most: int = MAX_RATE_STEPS,
    width_px: float | None = None,
    rate_short: str | None = None,
) -> go.Figure:
    """The rep, their profile peers and their team side by side, with intervals (`at_least`, `most`,
    `width_px` and `rate_short` as rate_bars'), each name in at most two lines of SCORECARD_NAME_PX.

    `scorecard` is rep_scorecard's frame. The rep's bar is in their profile colour, the peers'
    a paler shade of it, the team's neutral. customdata[0] is the row's name (the rep's name on
    the rep's bar).
    """
    base = PROFILE_COLOURS.get(profile or "", NEUTRAL_COLOUR)
    shade = {"rep": base, "profile_peers": faded(base, 0.45), "team": REFERENCE_COLOUR}
    return rate_bars(scorecard, "who", title=title, rate=rate, rate_name=rate_name, n_noun=n_noun,
                     colour_by="comparison", colours=shade, horizontal=True, colour_legend=False, min_n=min_n,
                     at_least=at_least, name_px=SCORECARD_NAME_PX, most=most, width_px=width_px, rate_short=rate_short)


# A scorecard's category name (the rep, their peers, their team) takes at most two lines of this many
# px of the chart's words: "Other Reactive Problem Solver reps" in two lines; a 60-character name is cut.
SCORECARD_NAME_PX: Final = 150
# px a horizontal chart keeps beside its plot: its left margin, the labels' standoff and END_TICK_ROOM.
PLOT_SIDES_PX: Final = 10 + 6 + END_TICK_ROOM + 10
# px a rate tick takes on a level axis: its widest label ("100%") and a gap to the next.
RATE_TICK_PX: Final = 46


def level_rate_steps(plot_px: float) -> int:
    """The most steps a level rate axis `plot_px` wide holds, each tick's label RATE_TICK_PX apart: at
    least 2 (0%, 50%, 100%), at most MAX_RATE_STEPS (and so on an axis of any width: math.inf)."""
    if not math.isfinite(plot_px):
        return MAX_RATE_STEPS
    return max(2, min(MAX_RATE_STEPS, int(plot_px // RATE_TICK_PX)))


def scorecard_steps(scorecard: pl.DataFrame, width_px: float, ns: Sequence[str]) -> int:
    """The most rate steps of a rep's scorecards drawn `width_px` wide (the narrowest they are drawn,
    in px of the app's type), whose labels are their names in at most two lines of SCORECARD_NAME_PX
    and each n column of `ns` after the last: what the labels leave of the width holds them level.
    Both scorecards take the larger n, so they tick alike (on_one_rate_axis)."""
    names = [str(v) for v in _column(scorecard, "who")]
    widest = 0.0
    for i, name in enumerate(names):
        lines = category_lines(name, SCORECARD_NAME_PX)
        n = max(int(_column(scorecard, column)[i] or 0) for column in ns)
        widest = max(widest, *(chart_words_px(line) for line in lines[:-1]),
                     chart_words_px(f"{lines[-1]}  (n = {n:,})"))
    return level_rate_steps(width_px - widest - PLOT_SIDES_PX)


def scorecards(scorecard: pl.DataFrame, *, win_title: str, nd_title: str, profile: str | None,
               width_px: float) -> list[go.Figure]:
    """A rep's two scorecards (win rate; no decision ÷ losses) against peers and team, side by side on
    one rate axis (on_one_rate_axis), each `width_px` wide at the narrowest (px of the app's type): each
    name in at most two lines (SCORECARD_NAME_PX, the rest cut with "…"), and the rate ticks level and
    as many as the room the labels leave holds (scorecard_steps); the words past their bars given room
    on that plot (rate_bars' `width_px`). A 60-character rep's name left 0%-60% a strip Plotly ticked on
    their side."""
    nd_n = "no_decision_share_of_losses_n"
    most = scorecard_steps(scorecard, width_px, ("n", nd_n))
    return on_one_rate_axis([
        lambda top: scorecard_bars(scorecard, title=win_title, profile=profile, n_noun=N_CLOSED,
                                   at_least=top, most=most, width_px=width_px),
        lambda top: scorecard_bars(scorecard, title=nd_title, rate="no_decision_share_of_losses",
                                   rate_name=ND_SHARE_OF_LOSSES, rate_short=ND_SHARE_OF_LOSSES_SHORT, n_noun=N_LOSSES,
                                   profile=profile, at_least=top, most=most, width_px=width_px),
    ])


def _rate_axis_of(figure: go.Figure) -> go.layout.XAxis | go.layout.YAxis | None:
    """A rate chart's rate axis (the layout's axis whose ticks are percent, with a range), or None for a
    chart with none (an empty chart)."""
    for axis in (figure.layout.xaxis, figure.layout.yaxis):
        if axis.tickformat == _PERCENT and axis.range is not None:
            return axis
    return None


def rate_axis_end(figure: go.Figure) -> float:
    """Where a rate chart's rate axis ends (a fraction: 0.8 is 80%), the axis whose ticks are percent;
    0 for a chart with none (an empty chart)."""
    axis = _rate_axis_of(figure)
    return 0.0 if axis is None else float(axis.range[1])


def on_one_rate_axis(builds: Sequence[Callable[[float], go.Figure]]) -> list[go.Figure]:
    """Rate charts drawn side by side, each built by its `builds` entry from where its rate axis reaches
    at the least (rate_bars' `at_least`), on one axis end: the widest any of them needs. Beside a chart
    to 80% one to 60% drew a bar of 50% longer than the other's 60%. Built again until the ends agree
    (words past a whisker can stretch an axis a step further: a round or two).

    On one end, they tick alike, at the fewest ticks any of them has: each chart's labels leave its
    rate axis the steps it holds level (rate_bars' `most`), so a region's long names beside a segment's
    short ones would tick one chart every 20%, the other every 10%."""
    at_least = MIN_PERCENT_AXIS
    figures = [build(at_least) for build in builds]
    for _ in range(4):
        ends = [rate_axis_end(f) for f in figures]
        drawn = [end for end in ends if end > 0]
        if not drawn or min(drawn) >= max(drawn) - 1e-9:
            break
        at_least = max(drawn)
        figures = [build(at_least) for build in builds]
    axes = [axis for axis in map(_rate_axis_of, figures) if axis is not None and axis.tickvals]
    if axes and max(a.range[1] for a in axes) - min(a.range[1] for a in axes) < 1e-9:
        fewest = min((tuple(a.tickvals) for a in axes), key=len)
        for axis in axes:
            axis.tickvals = fewest
    return figures


SPARKLINE_COLOUR: Final = "#0F6CBD"  # the app's primary colour: a trend line says nothing good or bad
SPARKLINE_HEIGHT: Final = 56  # pixels: a tile's trend under its number, as Streamlit draws its own


# A tile's trend has no axes, no legend and no background, and takes the height of Streamlit's own.
SPARKLINE_LAYOUT: Final = {
    "height": SPARKLINE_HEIGHT, "margin": {"l": 2, "r": 2, "t": 4, "b": 4},
    "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)", "showlegend": False,
    "xaxis": {"visible": False, "fixedrange": True}, "yaxis": {"visible": False, "fixedrange": True},
}


def sparkline(values: Sequence[float | None], *, small: Sequence[bool] = (), area: bool = False,
              colour: str = SPARKLINE_COLOUR) -> go.Figure:
    """A tile's small trend: one line (or a filled area) through `values`, oldest first, no axes.

    Gaps (None) stay gaps. A value on too few deals (`small[i]`, a rate's quarter under MIN_N; none
    when `small` is empty) is withheld, a gap too (unjoined, with no axis to hold a placeholder): a
    line falling to 0% on one lost deal read as a collapse the tile's own words withheld. A value left
    with no joined neighbour is a dot, so it is not lost. The fill of an area runs down to the lowest
    value, not to zero, so a rate between 40% and 45% still shows its shape. An empty or all-None
    sequence gives an empty figure of the same size (nothing to draw, and nothing that a browser has
    to guess a scale for).
    """
    ys = [None if v is None else float(v) for v in values]
    flags = [bool(s) for s in small] + [False] * (len(ys) - len(small))
    known = [v for v, f in zip(ys, flags, strict=True) if v is not None and not f]  # withheld values are no part of it
    traces: list[dict] = []
    if known:
        xs = list(range(len(ys)))
        line, rings = unjoined({
            "type": "scatter", "x": xs, "y": ys, "mode": "lines",
            "line": {"color": colour, "width": 2, "shape": "linear"},
            "marker": point_marker(colour, flags, 6), "cliponaxis": False,
            "hoverinfo": "skip", "showlegend": False,
        }, flags, False)
        alone = lone_points(line["y"])
        if any(alone):  # a point between gaps or rings: a line of one point draws nothing
            line = {**line, "mode": "lines+markers",
                    "marker": {"size": [6 if a else 0 for a in alone], "color": colour, "symbol": "circle"}}
        if area:
            # The floor the area fills down to, under the line's drawn points only: whole under a gap (a quarter cut
            # short, a withheld rate) it filled a wedge from the last drawn point down to the floor's far end.
            floor = min(known)
            traces.append({"type": "scatter", "x": xs, "y": [None if y is None else floor for y in line["y"]],
                           "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False})
            line |= {"fill": "tonexty", "fillcolor": faded(colour, 0.12)}
        traces.append(line)
        if rings is not None:
            traces.append(rings)
    # Built in one go, its traces and layout validated once: made empty and then given each trace
    # (add_trace) and its layout (update_layout, which walks every key's path), a tile's trend took
    # about 5 ms of CPU, and the Overview draws five on every run: 40% of a run whose numbers are cached.
    return go.Figure(data=traces, layout=SPARKLINE_LAYOUT)


__all__ = [
    "BAR_TEXT_SIZE",
    "CAP_CLEAR_PX",
    "cap_clearing_marker_px",
    "words_clear_of_cap_px",
    "words_fit_at_base_px",
    "whisker_labels",
    "CHAR_SHARE",
    "ChartRoom",
    "END_TICK_ROOM",
    "NO_DECISION_SERIES",
    "WIDE",
    "WIDE_CHAR_SHARE",
    "WIN_RATE_SERIES",
    "axis_title_below",
    "band_bars",
    "cycle_bars",
    "drawn_quarters",
    "fits",
    "legend_below_ticks",
    "legend_px",
    "legend_row_lines",
    "legend_rows",
    "lone_points",
    "outcome_mix",
    "profile_mix",
    "quarterly_outcomes",
    "quarter_ticks",
    "rate_axis",
    "rate_axis_with_text_room",
    "rate_bars",
    "rate_ticks",
    "rate_trend",
    "reason_bars",
    "scorecard_bars",
    "sparkline",
    "tick_lines",
    "unjoined",
]
