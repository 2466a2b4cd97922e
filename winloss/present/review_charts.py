"""Plotly figures of the quarterly review's sections, drawn from a winloss.views.review.Review."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from data_models.vocabulary import LOST, NO_DECISION, OPEN, WON
from winloss.present.charts import (
    BAR_TEXT_SIZE,
    CHART_MARGIN_PX,
    END_TICK_ROOM,
    NAME_MOST_PX,
    TICK_GAP_EM,
    WIDE,
    WIDE_CHAR_SHARE,
    ChartRoom,
    cap_clearing_marker_px,
    category_axis,
    category_label,
    count_axis,
    error_bars,
    fits,
    hover_lines,
    point_label,
    quarter_ticks,
    rate_axis,
    rate_axis_with_text_room,
    rate_ticks,
    whisker_labels,
    words_fit_at_base_px,
    unjoined,
)
from winloss.measures.profiles import deals_of_reps
from winloss.present import withheld
from winloss.views.common import too_few
from winloss.views.review import (
    AT_BASE,
    PAST_END,
    Review,
    mover_names,
    no_decision_value_marks,
    no_decision_value_missing,
    no_movers,
    withheld_no_decision_sentence,
)
from winloss.text import (
    ND_SHARE_OF_LOSSES,
    count,
    interval_with_name,
    label,
    money,
    change_in_points,
    percent,
    rate_with_n,
    small_n_legend,
    too_small_text,
)
from winloss.present.colours import ink
from winloss.present.theme import (
    FONT_PX,
    OUTCOME_COLOURS,
    PRESENTER_SCALE,
    PROFILE_BAR_INK,
    PROFILE_COLOURS,
    SMALL_N_COLOUR,
    SMALL_N_EDGE,
    bar_marker,
    point_marker,
    small_n_legend_marks,
)

PREVIOUS_COLOUR = "#C9D3DF"  # the earlier period: quiet, so this quarter reads first
VALUE_COLOUR = "#F3CF85"  # the value lost to no decision in the other quarters: a paler no-decision amber
AT_RISK_COLOUR = OUTCOME_COLOURS[LOST]
UNVALUED_WRAP = 10  # "No rate<br>for EUR": a quarter's column is narrow at presenter size


def _profile_tick(row: dict) -> str:
    """The category label carries this quarter's rate and n, clear of the interval whiskers."""
    name = row["seller_profile"]
    if row["small_n"]:
        return f"{name}<br>{too_small_text(row['n'])}"
    return f"{name}<br><b>{percent(row['win_rate'])}</b> · n = {row['n']:,}"


MIN_CATEGORY_SLOTS = 3  # a chart of fewer profiles keeps the bar width three would have


def _category_range(categories: int) -> list[float]:
    """A category axis's range that leaves at least MIN_CATEGORY_SLOTS slots: one or two profiles'
    bars stay the width they have beside the others, rather than filling the chart."""
    pad = max(0.0, (MIN_CATEGORY_SLOTS - categories) / 2)
    return [-0.5 - pad, categories - 0.5 + pad]


SWATCH = "\u25a0"  # a square, as wide as a legend entry's, drawn in a colour by its span


def this_quarter_key(quarter: str, colours: Sequence[str]) -> str | None:
    """The profile chart's legend title, naming `quarter`'s bars, drawn in their profiles' `colours` (no one
    legend square can show them): a square in each of those colours, then the words, as every legend entry
    reads, "■■■ 2026 Q3, each profile's colour"; alone, the words read as an entry whose square was missing.
    None when no bar of the quarter is drawn in its colour (each on too few deals, grey and hatched, names
    its quarter above it)."""
    if not colours:
        return None
    squares = "".join(f"<span style='color:{colour}'>{SWATCH}</span>" for colour in dict.fromkeys(colours))
    return f"{squares} {quarter}, each profile's colour"


def _drawn_colours(rows: list[dict]) -> list[str]:
    """The colours this quarter's profile bars are drawn in: each profile's, but on a bar of too few deals."""
    return [PROFILE_COLOURS.get(r["seller_profile"], SMALL_N_COLOUR) for r in rows if not r["small_n"]]


# Review.profile_bar_places as Plotly places a bar's text (with insidetextanchor "start": at its base).
PLOTLY_PLACES: Final = {AT_BASE: "inside", PAST_END: "outside"}


# The profile chart's plot at its shortest, in px: in presenter mode at 1024 px (a projector's width), measured
# in Chromium (250 at 1024 px at the app's type, 318 at 1440 px). Its words are placed for it, so they stand
# alike on every screen and in the report.
PROFILE_PLOT_PX: Final = 184


def _profile_shown_largest(table: pl.DataFrame) -> float:
    """The largest rate the profile chart shows: a bar's end, or a whisker's, on enough deals; a withheld
    rate (winloss.present.withheld) is drawn to no length, so it does not stretch the axis."""
    now_small, previous_small = [bool(s) for s in table["small_n"]], [bool(s) for s in table["previous_small_n"]]
    return _largest(withheld.shown(table["win_rate"].to_list(), now_small),
                    withheld.shown(table["previous_win_rate"].to_list(), previous_small),
                    withheld.shown(table["win_rate_hi"].to_list(), now_small))


def _profile_stub_end(table: pl.DataFrame) -> float:
    """The rate axis end the profile chart's withheld stubs are a share of (withheld.stub)."""
    return rate_axis(_profile_shown_largest(table))["range"][1]


def _profile_axis_largest(table: pl.DataFrame) -> float:
    """The largest the profile chart draws: a shown bar's or whisker's end, or a withheld rate's stub."""
    return max(_profile_shown_largest(table), withheld.stub(_profile_stub_end(table)))


def profile_words_fit(table: pl.DataFrame) -> Callable[[float], bool]:
    """Whether a bar of a rate holds its words at its base in the profile chart of `table` (Review.profiles),
    in its PROFILE_PLOT_PX at the largest type it is drawn in (presenter mode's) on its axis (rate_ticks'
    last tick, where Plotly ends it): charts.words_fit_at_base_px. The rule Review.profile_bar_places is
    given for the page and the report."""
    top = rate_ticks(_profile_axis_largest(table))[-1]
    font_px = PROFILE_BAR_INK["quarter"][1] * PRESENTER_SCALE
    return lambda rate: words_fit_at_base_px(rate / top * PROFILE_PLOT_PX, font_px)


def profile_figure(review: Review) -> go.Figure:
    """Win rate by seller profile this quarter (profile colours, Wilson bars) beside last quarter's."""
    table = review.profiles
    rows = table.to_dicts()
    profiles = table.get_column("seller_profile").to_list()
    marker = bar_marker([PROFILE_COLOURS.get(r["seller_profile"], SMALL_N_COLOUR) for r in rows], [r["small_n"] for r in rows])
    # A rate on too few deals is withheld in either quarter (winloss.present.withheld): no bar, a grey hatched
    # stub in its place that names its quarter: with every bar small, only their order told the quarters
    # apart (Review.profile_bar_words).
    # A profile with no deals in a quarter has no bar there, nor a stub (withheld.held): its hover says "no deals".
    previous_small = withheld.held(table["previous_win_rate"].to_list(), [bool(r["previous_small_n"]) for r in rows])
    now_small = withheld.held(table["win_rate"].to_list(), [bool(r["small_n"]) for r in rows])
    stub_end = _profile_stub_end(table)
    # A withheld place is PAST_END whatever its rate (its words are its stub's, past the stub's end); a shown
    # bar too short for its words at its base has them past its whisker's end (whisker_labels): just past the
    # bar's end, Plotly's "outside", the whisker ran through them.
    places = review.profile_bar_places(holds=profile_words_fit(table))  # the deck's rule too, at its size
    words = review.profile_bar_words()
    past_whisker = ["whisker" if place == PAST_END and not r["small_n"] and r["win_rate_hi"] is not None else place
                    for place, r in zip(places, rows, strict=True)]
    # A withheld rate's interval is no part of the data either: its middle is the rate.
    customdata = [[r["n"], r["verdict"], *withheld.shown([r["win_rate_lo"], r["win_rate_hi"]], [r["small_n"]] * 2)]
                  for r in rows]
    figure = go.Figure()
    previous_bar: dict[str, Any] = dict(
        type="bar",
        name=review.previous,
        showlegend=False,
        offsetgroup="previous",
        x=profiles,
        y=withheld.shown(table.get_column("previous_win_rate").to_list(), previous_small),
        marker=bar_marker([PREVIOUS_COLOUR] * len(rows), previous_small),
        text=review.profile_bar_words(previous=True),
        textposition=[PLOTLY_PLACES[place] for place in review.profile_bar_places(previous=True)],
        textfont={"color": PROFILE_BAR_INK["previous"][0], "size": PROFILE_BAR_INK["previous"][1]},
        customdata=table.select("previous_n", "previous_small_n").rows(),
        meta={"share": "previous_win_rate"},
        # Rates worded by text.percent, in the hover as on the page: Plotly's ".0%" read "100%" for 0.996.
        hovertext=[f"{label(r['seller_profile'])}<br>{review.previous}: "
                   f"{rate_with_n(r['previous_win_rate'], r['previous_n'], bool(r['previous_small_n']))}" for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    now_bar: dict[str, Any] = dict(
        type="bar",
        name=review.quarter,
        showlegend=False,
        offsetgroup="quarter",  # its words past a whisker stand over it (layout.scattermode "group")
        x=profiles,
        y=withheld.shown(table.get_column("win_rate").to_list(), now_small),
        marker=marker,
        # Labelled as the previous quarter's bars are, in larger type (Review.profile_bar_words): inside at the
        # base, in the ink its fill takes, as the pages' rate bars, for a whisker runs past the bar's end; a
        # bar on too few deals has no whisker, and its quarter and n stand past its end in dark ink.
        text=words,
        textposition=["none" if place == "whisker" else PLOTLY_PLACES[place] for place in past_whisker],
        insidetextanchor="start",
        textfont={"color": [ink(fill) if place == AT_BASE else PROFILE_BAR_INK["quarter"][0]
                            for place, fill in zip(places, marker["color"], strict=True)],
                  "size": PROFILE_BAR_INK["quarter"][1]},
        # No whisker on a bar of too few deals, as on every page's bars.
        error_y=error_bars(table["win_rate"].to_list(), table["win_rate_lo"].to_list(), table["win_rate_hi"].to_list(),
                           "#4B5563", small=table["small_n"].to_list(), thickness=1.5, width=None),
        customdata=customdata,
        meta={"share": "win_rate"},
        hovertext=[hover_lines(label(r["seller_profile"]), f"{review.quarter}: {rate_with_n(r['win_rate'], r['n'], r['small_n'])}",
                               "" if r.get("reps") is None else deals_of_reps(r["n"], r["reps"]),
                               interval_with_name(r["win_rate_lo"], r["win_rate_hi"], r["small_n"]),
                               f"Against all other profiles: {label(r['verdict'])}") for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
    )
    for bar, small in ((previous_bar, previous_small), (now_bar, now_small)):
        # A withheld place's words are its stub's alone: the bar of no value wrote them again at its base, its
        # "Q2" struck through by the stub's "Q2<br>n = 14" above it.
        figure.add_trace(go.Bar({**bar, "text": ["" if sm else t for t, sm in zip(bar["text"], small, strict=True)]}))
        if stand_in := withheld.placeholder_bars(bar, small, stub_end):
            # The stub carries its bar's words ("Q3<br>n = 12") past its end.
            figure.add_trace(go.Bar({**stand_in, "text": [t if sm else "" for t, sm in zip(bar["text"], small, strict=True)],
                                     "textposition": "outside", "textfont": {"color": PROFILE_BAR_INK["quarter"][0],
                                                                             "size": bar["textfont"]["size"]}}))
    # Each quarter's legend squares are the colours its bars are drawn in: a bar trace's swatch is its
    # first bar's, grey and hatched when that profile had too few deals, so both quarters' looked alike.
    # This quarter's bars are in their profiles' colours, which no one square can show (a dark grey one
    # matched no bar; a square a profile, one a bar the axis already names, crowded the legend onto the
    # title): the legend's title shows a square in each of those colours and says so in words, ahead of
    # the previous quarter's square (this_quarter_key). As an entry of its own with a transparent square,
    # or as words alone, it read as an entry whose swatch was missing.
    beyond = whisker_labels(past_whisker, words, profiles, table["win_rate_hi"].to_list(), customdata,
                            horizontal=False, offsetgroup="quarter",
                            textfont={"color": PROFILE_BAR_INK["quarter"][0], "size": PROFILE_BAR_INK["quarter"][1]})
    if beyond:
        figure.add_trace(go.Scatter(beyond))
    figure.add_scatter(x=[None], y=[None], mode="markers", name=review.previous, hoverinfo="skip",
                       legendgroup="previous", marker={"symbol": "square", "size": 13, "color": PREVIOUS_COLOUR})
    if any(now_small) or any(previous_small):  # a stub drawn: none for a profile of no deals
        figure.add_trace(small_n_legend_marks(small_n_legend(), bars=True))
    figure.update_layout(
        title=f"Win rate by seller profile, {review.quarter} against {review.previous}",
        barmode="group",
        yaxis={**rate_axis_with_text_room(_profile_axis_largest(table)), "title": None},
        scattermode="group",
        # Categories by name: an axis left to guess its type from a legend-only trace's empty x drew no bar.
        xaxis={"type": "category", "title": None, "tickmode": "array", "tickvals": profiles,
               "ticktext": [_profile_tick(r) for r in rows], "range": _category_range(len(profiles))},
        bargap=0.25,
        legend={"title": {"text": this_quarter_key(review.quarter, _drawn_colours(rows)), "side": "left"}},
    )
    return figure


# The share of the top panel's rate axis one point label takes, with its gap from the point: about
# 25 px of a 240 px panel, at either type size (presenter charts grow with their type).
SHARE_LABEL_ROOM = 0.14
ND_CAP_PX: Final = 1  # the no-decision share's whiskers and caps: thin, grey
SHARE_WORDS_MOST_PX: Final = round(FONT_PX * PRESENTER_SCALE)  # the shares' words at the largest type drawn


def _largest(*values: list[float | None]) -> float:
    """The largest of the rates drawn in `values` (bars' ends, points, whiskers' ends), 0 for none."""
    return max([v for part in values for v in part if v is not None], default=0.0)


def _clear_of_the_line(shares: list[float | None]) -> list[str]:
    """Where each point's label goes (a Plotly textposition) so the line does not run through it.

    Centred above every point, a label's right half lay on a line rising on to the next quarter.
    So: above a peak and below a valley; where the line runs through a point, above it on the side
    the line leaves free (left of a rise, right of a fall); at either end, towards the plot's middle,
    on the side away from its one neighbour (the end labels stay inside the plot however many
    quarters there are). A point with no share (no losses) has no label.
    """
    def towards(share: float, other: float | None) -> int:  # the neighbour: 1 higher, -1 lower, 0 level or none
        return 0 if other is None or other == share else (1 if other > share else -1)

    last = len(shares) - 1
    places = []
    for i, share in enumerate(shares):
        if share is None or last == 0:
            places.append("top center")
            continue
        before = towards(share, shares[i - 1]) if i > 0 else None
        after = towards(share, shares[i + 1]) if i < last else None
        if before is None:
            places.append("bottom right" if after == 1 else "top right")
        elif after is None:
            places.append("bottom left" if before == 1 else "top left")
        elif (before, after) == (-1, 1):
            places.append("top left")
        elif (before, after) == (1, -1):
            places.append("top right")
        elif 1 in (before, after):
            places.append("bottom center")  # a valley, or higher on one side and level on the other
        else:
            places.append("top center")  # a peak, or level
    return places


def _drawn_whiskers(table: pl.DataFrame) -> tuple[list[float | None], list[float | None]]:
    """The lower and upper ends of the share whiskers drawn, by quarter of Review.no_decision: None
    for a quarter on too few losses (error_bars draws none there) or with no interval."""
    small = table["small_n"].to_list()
    return ([None if sm else lo for lo, sm in zip(table["no_decision_share_of_losses_lo"], small, strict=True)],
            [None if sm else hi for hi, sm in zip(table["no_decision_share_of_losses_hi"], small, strict=True)])


def _share_label_anchors(shares: list[float | None], lows: list[float | None], highs: list[float | None],
                         places: list[str]) -> list[float | None]:
    """Where each share's label is pinned (a rate; None for no share): at its whisker's upper end
    (`highs`) for a label above its point (`places`, Plotly textpositions), its lower end (`lows`)
    for one below, so the words start past the whisker; at the point itself where none is drawn."""
    anchors: list[float | None] = []
    for share, lo, hi, place in zip(shares, lows, highs, places, strict=True):
        end = hi if place.startswith("top") else lo
        anchors.append(None if share is None else (share if end is None else end))
    return anchors


def _share_axis(shares: list[float | None], lows: list[float | None], highs: list[float | None]) -> dict:
    """The top panel's rate axis (`lows`, `highs`: the whiskers' ends drawn): from 0 (or below it, for
    a label under a whisker or point near 0%) to room above the highest label and whisker, every label
    inside the plot, where Plotly's own range cut the top label in half. Ticked by charts.rate_axis, to
    a tick at or past the largest mark: none below 0%, none past 100%."""
    places = _clear_of_the_line(shares)
    anchors = _share_label_anchors(shares, lows, highs, places)
    above = [a for a, p in zip(anchors, places, strict=True) if a is not None and p.startswith("top")]
    below = [a for a, p in zip(anchors, places, strict=True) if a is not None and p.startswith("bottom")]
    data_top = max([v for v in [*shares, *highs] if v is not None] or [0.1])
    low, high = 0.0, max(data_top, 0.1)
    for _ in range(50):  # the room is a share of the span, which the room widens: a few rounds settle it
        room = SHARE_LABEL_ROOM * (high - low)
        wider = max([data_top, 0.1, *[s + room for s in above]]), min([0.0, *[s - room for s in below]])
        if abs(wider[0] - high) + abs(wider[1] - low) < 1e-9:
            break
        high, low = wider
    return rate_axis(data_top, room_to=high, bottom=low)


AMOUNT_TICKS = 4  # about this many steps up an amount axis
AMOUNT_ROOM = 1.3  # the axis reaches this times the tallest bar: room above it for its label
AMOUNT_LINE_ROOM = 0.2  # ... and further by this much of the tallest bar for each more line of a label


def amount_axis(top: float, currency: str) -> dict:
    """A Plotly value axis for bars of amounts up to `top` (> 0, in `currency`): from 0 to room above
    the tallest bar for its label, ticks at a round step (1, 2 or 5 × a power of ten) written by
    text.money as the bars' labels are ("$0", "$50k", "$100k", "$150k"). Plotly's own "~s" wrote a
    billion "$1G" and its decimals its own way."""
    high = top * AMOUNT_ROOM
    power = 10.0 ** math.floor(math.log10(high / AMOUNT_TICKS))
    step = next(m * power for m in (1, 2, 5, 10) if m * power * AMOUNT_TICKS >= high)
    ticks = [i * step for i in range(int(high / step + 1e-9) + 1)]
    return {"range": [0, high], "tickvals": ticks, "ticktext": [money(t, currency) for t in ticks]}


# The no-decision figure's share panel at its shortest, in px (600 px less the title and the value panel
# under it): what the row of its withheld points' rings is sized for (withheld.ring_row).
SHARE_PANEL_PX: Final = 170


def _panel_sentence(figure: go.Figure, sentence: str, xref: str, yref: str) -> None:
    """`sentence` in the middle of a panel of `figure` (`xref`, `yref`: its domains, "x2 domain"), in place of what
    it would have drawn, wrapped to the panel's width."""
    figure.add_annotation(text="<br>".join(textwrap.wrap(sentence, 70)), showarrow=False, xref=xref, yref=yref,
                          x=0.5, y=0.5, font={"size": 14})


def _share_panel(figure: go.Figure, review: Review, quarters: list[str]) -> dict:
    """The no-decision figure's upper panel: the share of losses by quarter, its interval, its words and the rings
    of the quarters whose share is withheld. Returns the panel's axis."""
    table = review.no_decision
    shares = table.get_column("no_decision_share_of_losses").to_list()
    # On too few of the losses the share divides by (views.review.no_decision_table's small_n, by
    # common.too_few_expr: the rule of its CSV).
    small = table.get_column("small_n").to_list()
    lows, highs = _drawn_whiskers(table)
    share_axis = _share_axis(withheld.shown(shares, small), lows, highs)
    # The line joins only quarters on enough losses; a share on too few is withheld, a grey ring in its place
    # joined to no other (charts.unjoined), in a row of its own under the panel's axis at no share, "n too small"
    # over it (withheld.placeholder_points, on withheld.MARK_AXIS: withheld.ring_row). On the panel's floor it stood
    # on its 0% line and read as a share of 0%.
    any_held = any(sm and s is not None for s, sm in zip(shares, small, strict=True))
    if any_held:
        share_axis["domain"], row = withheld.ring_row(list(figure.layout.yaxis.domain), SHARE_PANEL_PX)
        figure.update_layout({withheld.MARK_AXIS_KEY: row})
    for trace in unjoined({
        "type": "scatter",
        "name": ND_SHARE_OF_LOSSES,
        "meta": {"share": "no_decision_share_of_losses"},
        "x": quarters,
        "y": shares,
        "mode": "lines+markers",
        "line": {"color": OUTCOME_COLOURS[NO_DECISION], "width": 3},
        "marker": point_marker(OUTCOME_COLOURS[NO_DECISION], small, 9),
        # A quarter on too few losses has no whisker: its ring alone stands for it.
        "error_y": error_bars(
            table["no_decision_share_of_losses"].to_list(), table["no_decision_share_of_losses_lo"].to_list(),
            table["no_decision_share_of_losses_hi"].to_list(), "#9CA3AF", small=small, thickness=ND_CAP_PX, width=None,
        ),
        "cliponaxis": False,  # a share of 0% drawn whole, not half under the panel's edge
        "customdata": table.select("no_decision", "losses").rows(),
        # Below MIN_N losses the share is withheld, as on every chart: "n too small (n = 7)".
        "hovertext": [f"{r['quarter']}: {percent(r['no_decision_share_of_losses'])} of losses"
                      f" ({count(r['no_decision'])} of {count(r['losses'])})" if not sm else
                      f"{r['quarter']}: {rate_with_n(r['no_decision_share_of_losses'], r['losses'], True)}"
                      for r, sm in zip(table.to_dicts(), small, strict=True)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }, small, True):
        if trace is not None and trace.get("yaxis") == withheld.MARK_AXIS:
            figure.add_trace(go.Scatter({**trace, "xaxis": "x"}))  # row=1 would set it on the share axis
        elif trace is not None:
            figure.add_trace(go.Scatter(trace), row=1, col=1)
    # Each share's words past its whisker's end, on the side of the point the line leaves free: written
    # at the point, "12%" sat on its own whisker.
    # A quarter on too few losses has no words (charts.point_label): its hollow ring, the caption and
    # its hover say it.
    places = _clear_of_the_line(shares)
    words = [point_label(r["no_decision_share_of_losses"], r["losses"], sm) for r, sm in zip(table.to_dicts(), small, strict=True)]
    anchors = _share_label_anchors(shares, lows, highs, places)
    # Set off their whisker's end by an unseen marker, so its cap clears them (charts.cap_clearing_marker_px):
    # sized for presenter type, the largest they are drawn in (theme.styled grows the words, not the marker).
    figure.add_scatter(
        x=quarters, y=[None if w is None else a for w, a in zip(words, anchors, strict=True)], mode="markers+text",
        text=[w or "" for w in words], textfont={"size": FONT_PX},
        marker={"size": [cap_clearing_marker_px(p, SHARE_WORDS_MOST_PX, ND_CAP_PX) for p in places], "opacity": 0},
        textposition=places, hoverinfo="skip", showlegend=False, cliponaxis=False, row=1, col=1,
    )
    return share_axis


def no_decision_figure(review: Review) -> go.Figure:
    """No-decision share of losses by quarter (with its interval) over what those deals were worth."""
    table = review.no_decision
    quarters = table.get_column("quarter").to_list()
    # Named as every trend names its quarters (charts.quarter_ticks: a quarter to date on two lines), never turned.
    axis = {"type": "category", "tickangle": 0, "tickmode": "array", "tickvals": quarters,
            "ticktext": quarter_ticks(quarters)}
    value_title = "Share of closed deal value" if review.hide_amounts else "Value of the deals lost to no decision"
    # Subplot titles rather than axis titles: two stacked axis titles collide at presenter size.
    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.16,
        subplot_titles=("Share of losses", value_title),
    )
    if held_all := withheld_no_decision_sentence(review):
        # Every quarter's share withheld: the panel holds the sentence why (the deck's and the report's too), not a
        # row of grey rings under an axis of no share; the value it took is drawn below as ever.
        _panel_sentence(figure, held_all, "x domain", "y domain")
        figure.add_scatter(x=quarters, y=[None] * len(quarters), showlegend=False, hoverinfo="skip", row=1, col=1)
        share_axis: dict = {"range": [0, 1], "showticklabels": False, "showgrid": False, "zeroline": False}
    else:
        share_axis = _share_panel(figure, review, quarters)
    if missing := no_decision_value_missing(review):
        # No value to draw, the deals' amounts having no exchange rate: the panel holds the sentence why
        # (the page's, the deck's and the report's), not an empty plot over a "$0" axis.
        _panel_sentence(figure, missing, "x2 domain", "y2 domain")
        # No "$0" tick nor grid under it; the quarters stay named under the panel, as the shares' axis.
        figure.update_yaxes(range=[0, 1], showticklabels=False, showgrid=False, zeroline=False, row=2, col=1)
        figure.add_scatter(x=quarters, y=[None] * len(quarters), showlegend=False, hoverinfo="skip", row=2, col=1)
        figure.update_yaxes(share_axis, row=1, col=1)
        figure.update_layout(title="No decision: share of losses by quarter, and the value it took", showlegend=False,
                             height=600, xaxis2=axis, xaxis=axis)
        return figure
    values = table.get_column("no_decision_value_share" if review.hide_amounts else "no_decision_amount").to_list()
    marks = no_decision_value_marks(review)
    # A share of too few closed deals reads "n too small" over "(n = 12)": a quarter's column is narrow.
    # An amount leaving deals out for want of a rate says what they lack under it: "$58.5k" over "no rate
    # for" over "EUR, GBP", as narrow as a share's "n too small".
    texts = ["" if m.unvalued else "<br>".join(textwrap.wrap(m.words, 12)) if m.small and review.hide_amounts
             else "<br>".join([m.figure, *textwrap.wrap(m.aside, 12)]) if m.aside
             else m.words for m in marks]
    hover = [m.hover for m in marks]
    colours = [OUTCOME_COLOURS[NO_DECISION] if q == review.quarter else VALUE_COLOUR for q in quarters]
    # A share of closed deal value on too few closed deals is withheld (winloss.present.withheld), as its CSV
    # leaves it empty: a stub in its place. An amount is no rate: drawn, hatched where the share of
    # losses above it is withheld (no_decision_value_small).
    held = [m.small and review.hide_amounts for m in marks]
    bar = dict(
        type="bar", name=value_title, x=quarters, y=withheld.shown(values, held), text=texts, textposition="outside",
        marker=bar_marker(colours, [m.small for m in marks]), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        cliponaxis=False, offsetgroup="value",
        meta={"share": "no_decision_value_share"} if review.hide_amounts else None,
    )
    figure.add_trace(go.Bar(bar), row=2, col=1)
    value_top = max([v for v in withheld.shown(values, held) if v is not None] or [0])
    # Only a share is withheld (held needs hide_amounts): an amount's bars are never a rate to put on a rate axis.
    if any(held) and (stand_in := withheld.placeholder_bars(bar, held, rate_axis(value_top)["range"][1])):
        figure.add_trace(go.Bar({**stand_in, "text": [t if h else "" for t, h in zip(texts, held, strict=True)],
                                 "textposition": "outside"}), row=2, col=1)
    if any(m.unvalued for m in marks):
        # A quarter whose no-decision deals have no value in the reporting currency has no bar: what
        # they lack stands at its place, so the gap never reads as "$0" (no_decision_value_marks).
        unvalued = [m if m.unvalued else None for m in marks]
        figure.add_scatter(
            x=quarters, y=[None if m is None else 0 for m in unvalued], mode="markers+text",
            marker={"symbol": "line-ew-open", "size": 18, "color": SMALL_N_EDGE, "line": {"width": 2}},
            text=["" if m is None else "<br>".join(textwrap.wrap(m.words, UNVALUED_WRAP)) for m in unvalued],
            textposition="top center", textfont={"color": SMALL_N_EDGE},
            hovertext=["" if m is None else m.hover for m in unvalued], hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False, cliponaxis=False, row=2, col=1,
        )
    figure.update_yaxes(share_axis, row=1, col=1)
    top = value_top
    if top <= 0:  # every bar 0: one tick, 0 (Plotly's own 0-1 axis read "$0 $200m $400m", milli-dollars)
        zero = percent(0) if review.hide_amounts else money(0, review.currency)
        figure.update_yaxes(range=[0, 1], tickvals=[0], ticktext=[zero], row=2, col=1)
    elif review.hide_amounts:  # a share: a rate axis, with room above the tallest bar for its label
        figure.update_yaxes(rate_axis(top, room_to=top * AMOUNT_ROOM), row=2, col=1)
    else:
        # An amount's label of several lines ("$58.5k", "no rate for", "EUR, GBP") stands higher above its
        # bar: the axis reaches further for each line past the first, so the tallest bar's never runs into the
        # panel's title.
        lines = max(str(t).count("<br>") for t in texts)
        figure.update_yaxes(amount_axis(top * (1 + AMOUNT_LINE_ROOM * lines), review.currency), row=2, col=1)
    figure.update_layout(
        title="No decision: share of losses by quarter, and the value it took",
        showlegend=False,
        height=600,
        xaxis2=axis,
        xaxis=axis,
    )
    return figure


MOVERS_SPACING = 0.22  # of the movers' plots' width between the two panels: the right panel's names
MOVER_DOT_PX = 14  # a mover's rate this quarter: a dot in its measure's colour
# ... and last quarter: an upright stroke of PREVIOUS_STROKE_PX, 10 px longer than the dot is wide, so that
# 5 px of it show above and below a dot at the same rate.
PREVIOUS_STROKE_PX = MOVER_DOT_PX + 10
PREVIOUS_MARK = {"symbol": "line-ns", "size": PREVIOUS_STROKE_PX, "color": "#6B7280",
                 "line": {"color": "#6B7280", "width": 3}}


def movers_name_room(room: ChartRoom) -> float:
    """px of the app's type each line of a rep's name has beside a movers panel in a figure drawn in
    `room`: the gap between the panels (MOVERS_SPACING of what the margins and the left panel's names,
    as long, leave) less TICK_GAP_EM, at most charts.NAME_MOST_PX. The right panel's names sit in that
    gap: a 70-character name, whole, ran over the left panel's plot."""
    width = room.width_px / room.scale - 2 * CHART_MARGIN_PX
    return min(NAME_MOST_PX, MOVERS_SPACING * width / (1 + MOVERS_SPACING) - TICK_GAP_EM * FONT_PX)


def movers_figure(review: Review, room: ChartRoom = WIDE) -> go.Figure:
    """Each top mover's rate last quarter (grey) and this quarter (coloured), one row per rep, each name
    in at most two lines of movers_name_room(`room`) (charts.category_label), whole in the hover."""
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=("Win rate", ND_SHARE_OF_LOSSES), horizontal_spacing=MOVERS_SPACING
    )
    panels = ((1, "win_rate", "Win rate", OUTCOME_COLOURS[WON]),
              (2, "no_decision_share_of_losses", ND_SHARE_OF_LOSSES, OUTCOME_COLOURS[NO_DECISION]))
    for col, measure, title, colour in panels:
        table = review.movers.filter(pl.col("measure") == measure).reverse()  # largest change on top
        reps = [label(r) for r in table.get_column("rep")]  # names from files: text, not Plotly markup
        # The hover names a rep who left or is leaving as every list of reps does: "Bob Ray (left on 30 Sep 2026)".
        named = [label(r) for r in mover_names(table)]
        figure.update_yaxes(category_axis(reps, [category_label(r, movers_name_room(room)) for r in table["rep"]]),
                            row=1, col=col)
        for row in table.iter_rows(named=True):
            figure.add_scatter(
                x=[row["before"], row["after"]], y=[label(row["rep"])] * 2, mode="lines",
                line={"color": "#9CA3AF", "width": 2}, hoverinfo="skip", showlegend=False, row=1, col=col,
            )
        figure.add_scatter(
            name=review.previous, x=table.get_column("before").to_list(), y=reps, mode="markers",
            # Last quarter's rate a grey upright stroke across the row, longer than this quarter's dot is
            # wide: a rep whose rate did not move showed one dot, this quarter's drawn over last quarter's
            # of the same size and shape; the stroke's ends stand out above and below it (PREVIOUS_MARK).
            marker=PREVIOUS_MARK,
            customdata=table.select("n_before").rows(),
            hovertext=[f"{rep}<br>{review.previous}: {percent(r)} (n = {count(n)})"
                       for rep, r, n in zip(named, table["before"], table["n_before"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=col == 1, legendgroup="previous", row=1, col=col,
        )
        # Each panel's quarter in its own colour: one legend entry in the win rate's blue said the
        # no-decision panel's orange dots were something else.
        figure.add_scatter(
            name=f"{review.quarter}: {title}", x=table.get_column("after").to_list(), y=reps, mode="markers",
            marker={"color": colour, "size": MOVER_DOT_PX},
            customdata=table.select("n_after", "significant").rows(),
            hovertext=[f"{rep}<br>{review.quarter}: {percent(r)} (n = {count(n)})"
                       for rep, r, n in zip(named, table["after"], table["n_after"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=True, legendgroup=f"now-{measure}", row=1, col=col,
        )
        # The change right of the row's rightmost point: left of a fall it ran into the rep's name.
        figure.add_scatter(
            x=[max(b, a) for b, a in zip(table.get_column("before"), table.get_column("after"), strict=True)],
            y=reps, mode="markers+text", text=[change_in_points(a, b) for a, b in zip(table["after"], table["before"], strict=True)], textposition="middle right",
            marker={"size": 16, "opacity": 0},  # an unseen marker the size of the dots: the words start past them
            hoverinfo="skip", showlegend=False, cliponaxis=False, row=1, col=col,
        )
        if not reps:
            figure.add_annotation(
                # The sentence the page, deck and report say (views.review.no_movers), wrapped to its panel.
                text="<br>".join(textwrap.wrap(no_movers(review), 34)), showarrow=False,
                xref=f"x{'' if col == 1 else col} domain", yref=f"y{'' if col == 1 else col} domain", x=0.5, y=0.5,
            )
    # 0-100% in both panels whatever the rates, so a change reads the same length in either; ticked to 100%.
    largest = _largest(review.movers["before"].to_list(), review.movers["after"].to_list())
    figure.update_xaxes(rate_axis(largest, at_least=1.0), showgrid=True, gridcolor="#ECEFF3", tickangle=0)
    figure.update_yaxes(type="category")
    figure.update_layout(
        title=f"Top movers: reps whose rates changed most, {review.previous} → {review.quarter}",
        # Below the plots: at the top the legend would sit on the subplot titles.
        legend={"yanchor": "top", "y": -0.12, "orientation": "h"},
        margin={"r": END_TICK_ROOM},  # the right panel's "100%" at the figure's edge
    )
    return figure


def at_risk_figure(review: Review) -> go.Figure:
    """The review's open pipeline (Review.pipeline: at the quarter's end, or on as_of for a quarter in
    progress) per seller profile, at risk against on track."""
    table = review.at_risk_by_profile
    profiles = table.get_column("seller_profile").to_list()
    at_risk, on_track = table["at_risk"].to_list(), table["on_track"].to_list()
    totals = [a + o for a, o in zip(at_risk, on_track, strict=True)]
    said = [f" {t:,} open" for t in totals]
    # The count axis reaches on past the longest bar to hold its total (charts.fits' measure of words,
    # across the page's width: the review's sections are full width, on the page and in the report).
    top = max([*totals, *(t / max(0.4, 1 - WIDE_CHAR_SHARE * (len(w) + 2)) for t, w in zip(totals, said, strict=True))],
              default=0)

    # Each part's count sits in its middle: at the part's end (Plotly's default) the on-track count ran
    # into the bar's total past it ("22 54 open" at 1280 px).
    def shown(counts: list[int]) -> list[str]:
        # A part too short for its count says nothing: squeezed in, a 1 read as a dot. Its count is in
        # the hover, the bar's total past its end.
        return [f"{c:,}" if c and fits(f"{c:,}", c, top, WIDE_CHAR_SHARE) else "" for c in counts]

    figure = go.Figure()
    figure.add_bar(
        name="At risk", y=profiles, x=at_risk, orientation="h",
        marker_color=AT_RISK_COLOUR, text=shown(at_risk), textposition="inside", textangle=0,
        insidetextanchor="middle",
        # A share on too few open deals is withheld from the data as from the words (winloss.present.withheld).
        customdata=[withheld.shown(shares, [few] * 2) for shares, few in zip(
            table.select("at_risk_share", "at_risk_value_share").rows(), too_few(table, "at_risk_share"), strict=True)],
        # Both shares divide by the profile's open deals: on too few (common.too_few) the hover gives the
        # counts and no percentage, as the chart's CSV leaves both empty; it read "100% of open deals" on 2.
        hovertext=[f"{label(p)}: {count(n)} at risk ({percent(d)} of open deals, {percent(v)} of open value)"
                   if not few else f"{label(p)}: {count(n)} of {count(o)} open deals at risk; shares {too_small_text(o)}"
                   for (p, n, o, d, v), few in zip(
                       table.select("seller_profile", "at_risk", "open", "at_risk_share", "at_risk_value_share").rows(),
                       too_few(table, "at_risk_share"), strict=True)],
        meta={"share": "at_risk_share"},
        hovertemplate="%{hovertext}<extra></extra>",
    )
    figure.add_bar(
        name="On track", y=profiles, x=table.get_column("on_track").to_list(), orientation="h",
        marker_color=OUTCOME_COLOURS[OPEN], text=shown(on_track), textposition="inside", textangle=0,
        insidetextanchor="middle",
        hovertemplate="%{y}: %{x} on track<extra></extra>",
    )
    figure.add_scatter(
        y=profiles, x=totals, mode="text", text=said, textposition="middle right", cliponaxis=False,
        showlegend=False, hoverinfo="skip",
    )
    figure.update_layout(
        title=f"{review.pipeline}: at risk or on track",
        barmode="stack",
        legend={"traceorder": "normal"},
        yaxis={"autorange": "reversed", "title": None, "type": "category"},
        xaxis={**count_axis("Open deals", max(totals, default=0)), "range": [0, top or 1]},
        uniformtext={"mode": "hide", "minsize": BAR_TEXT_SIZE},  # what would still need shrinking is left to the hover
    )
    return figure


def figures(review: Review, room: ChartRoom = WIDE) -> dict[str, go.Figure]:
    """Every review figure by section key, in section order, each drawn across `room` (the page's or the
    report's width: ui.drill.chart_room, html.REPORT_ROOM)."""
    return {
        "profiles": profile_figure(review),
        "no_decision": no_decision_figure(review),
        "movers": movers_figure(review, room),
        "at_risk": at_risk_figure(review),
    }
