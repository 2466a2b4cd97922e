"""One Plotly look for every chart: the template, and fixed colour-blind-safe colours.

Outcome colours come from the Okabe-Ito palette, profile colours from Paul Tol's "bright"
scheme; both stay distinguishable under the common colour-vision deficiencies. A colour means
the same thing on every page, in the deck and in the HTML report.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from data_models.vocabulary import LOST, NO_DECISION, OPEN, OUTCOME_LABELS, PROFILES_WITH_UNPROFILED, WON

OUTCOME_COLOURS = {WON: "#0072B2", LOST: "#CC79A7", NO_DECISION: "#E69F00", OPEN: "#BBBBBB"}
OUTCOME_COLOURS_BY_LABEL = {OUTCOME_LABELS[k]: v for k, v in OUTCOME_COLOURS.items()}
PROFILE_COLOURS = dict(
    zip(PROFILES_WITH_UNPROFILED, ("#228833", "#4477AA", "#EE6677", "#CCBB44", "#66CCEE", "#BBBBBB"), strict=True)
)
SMALL_N_COLOUR = "#D9D9D9"  # a rate whose n is below the minimum: greyed, never a bare percentage
# Unprofiled's grey and SMALL_N_COLOUR differ by a shade a projector washes out, so a mark on too
# few deals is also drawn differently: a bar hatched and outlined, a point hollow.
SMALL_N_EDGE = "#4B5563"  # the outline and hatching of a bar on too few deals
SMALL_N_OUTLINE = 1.5  # px on a chart, pt on a slide: the outline of a bar on too few deals
SMALL_N_HATCH = "/"  # Plotly's marker.pattern.shape for it
SMALL_N_SYMBOL = "circle-open"  # a point on too few deals: a ring in its line's colour, no fill
TEXT_COLOUR = "#1F2937"
UNSELECTED_TEXT_COLOUR = "rgba(31, 41, 55, 0.2)"  # TEXT_COLOUR at 0.2: the words of a bar not chosen (bar_selection_look)
MUTED_COLOUR = "#6B7280"  # words that stand back: an earlier quarter's labels beside the one reviewed
# The ink and size (px on a chart, pt on a slide) of the labels on a chart of two quarters' bars, by
# quarter: the one reviewed first, in dark ink and a size larger, the one before it muted, at the charts'
# type (FONT_PX) (views.review.Review.profile_bar_words). At 11 and 10 px they were the smallest words of
# the HTML report sent round, under every other chart's 13.
PROFILE_BAR_INK = {"quarter": (TEXT_COLOUR, 14), "previous": (MUTED_COLOUR, 13)}
FONT = "Inter, Segoe UI, Helvetica Neue, Arial, sans-serif"

PRESENTER_SCALE = 1.4  # presenter type is this much larger, and so is every chart given a height
FONT_PX = 13  # px of a chart's words (ticks, labels, legend) at the app's type (PRESENTER_SCALE times it in presenter mode)
TITLE_PX = 16  # px of a chart's title at the app's type


def bar_selection_look() -> dict:
    """A bar trace's `selected` and `unselected` (keys of the trace) for a chart whose words have a colour a
    bar: while a click has chosen a bar, the others at 0.2 opacity, as Plotly draws them by default, and their
    words in UNSELECTED_TEXT_COLOUR.

    Plotly dims an unchosen bar's words from the trace's text colour, and given one colour a bar it reads the
    whole list as one colour, which it cannot: a "WARN: Invalid color specifier" stack trace in the browser's
    console for every bar, and black words. Given `unselected`, Plotly no longer dims the bars itself, and it
    reads `selected` for the chosen bar's words (an error, with no `selected`, that stops the page's click):
    so both are given whole."""
    return {"selected": {"marker": {"opacity": 1}},
            "unselected": {"marker": {"opacity": 0.2}, "textfont": {"color": UNSELECTED_TEXT_COLOUR}}}


def bar_marker(fills: Sequence[str], small: Sequence[bool]) -> dict:
    """A bar trace's marker: bar i in `fills[i]`, or, where `small[i]` (its n is below the minimum),
    SMALL_N_COLOUR hatched and outlined in SMALL_N_EDGE. The rule for every bar chart, so a bar on
    too few deals never reads as Unprofiled's grey bar."""
    return {
        "color": [SMALL_N_COLOUR if s else f for f, s in zip(fills, small, strict=True)],
        # The hatching's ground is SMALL_N_COLOUR, the fill of every bar hatched (the others draw no pattern).
        # Left unset it is the bars' colours, one a bar, and Plotly's defaults take that list for one colour:
        # a "WARN: Invalid color specifier" stack trace in the browser's console for every bar chart drawn.
        "pattern": {"shape": [SMALL_N_HATCH if s else "" for s in small], "fgcolor": SMALL_N_EDGE,
                    "bgcolor": SMALL_N_COLOUR, "fillmode": "overlay", "size": 10, "solidity": 0.15},
        "line": {"color": [SMALL_N_EDGE if s else f for f, s in zip(fills, small, strict=True)],
                 "width": [SMALL_N_OUTLINE if s else 0 for s in small]},
    }


def point_marker(colour: str, small: Sequence[bool], size: int, shape: str = "circle") -> dict:
    """A line's point markers (`size` px) in `colour`, of a Plotly `shape` ("circle", "diamond"): a point
    where `small[i]` is hollow (a ring, SMALL_N_SYMBOL, for a circle; "diamond-open" for a diamond), the
    rest filled. The rule for every chart with points; two lines on one axis take two shapes (a trend's
    win rate and no-decision share: charts.TREND_SHAPES), so equal rates show both marks."""
    return {
        "size": size, "color": colour,
        "symbol": [(SMALL_N_SYMBOL if shape == "circle" else f"{shape}-open") if s else shape for s in small],
        "line": {"color": colour, "width": 2},
    }


def small_n_legend_marks(name: str, bars: bool) -> go.Scatter:
    """The legend entry `name` of the marks on too few deals: for `bars`, a grey square outlined and
    crossed like a hatched bar (a legend marker cannot be hatched; a dummy bar would take a bar's
    room in a grouped chart), else a hollow ring like the points."""
    return go.Scatter(small_n_legend_trace(name, bars))


def small_n_legend_trace(name: str, bars: bool) -> dict:
    """small_n_legend_marks as a plain trace dict ("type": "scatter"), for a figure built in one go."""
    marker = (
        {"symbol": "square-x", "size": 13, "color": SMALL_N_COLOUR, "line": {"color": SMALL_N_EDGE, "width": 1.5}}
        if bars else point_marker(SMALL_N_EDGE, [True], 10)
    )
    return {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "hoverinfo": "skip",
            "marker": marker}


def _template(scale: float) -> go.layout.Template:
    """The shared look at type scale `scale` (1.0, or PRESENTER_SCALE): plotly_white with our fonts,
    margins, legend, colours and axes.

    plotly_white is copied from its JSON without validating it again (it is Plotly's own, loaded
    unvalidated the same way): a deep copy of the Template object rebuilds and validates every one
    of its properties, which took a fifth of a second, most of the template's cost at the app's start.
    Our changes below are validated as before.
    """
    base = go.layout.Template(pio.templates["plotly_white"].to_plotly_json(), _validate=False)
    base.layout.update(
        font={"family": FONT, "size": round(FONT_PX * scale), "color": TEXT_COLOUR},
        title={"font": {"size": round(TITLE_PX * scale)}, "x": 0, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": round(56 * scale), "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT, "size": round(FONT_PX * scale)}},
        colorway=list(PROFILE_COLOURS.values()),
        separators=".,",
    )
    # separatethousands: Plotly writes "1200" on an axis unless told, where every other count reads "1,200".
    # fixedrange: no chart zooms or pans (each is drawn whole, its axes chosen), so none needs the mode
    # bar's reset button, which ui.widgets.CHART_CONFIG turns off: a drag zoomed a chart past undoing.
    base.layout.xaxis.update(automargin=True, showgrid=False, separatethousands=True, fixedrange=True)
    # ticklabelstandoff: a category's name ("Reactive Problem Solver") ended against its bar.
    base.layout.yaxis.update(automargin=True, gridcolor="#ECEFF3", separatethousands=True, fixedrange=True,
                             ticklabelstandoff=round(6 * scale))
    return base


@functools.cache
def shared_template(presenter: bool = False) -> go.layout.Template:
    """The template every chart takes (larger type in presenter mode), built on first use: the app's
    start pays for the plain one only, and the presenter one only once someone presents.

    Kept here rather than registered with Plotly by name: registering validates the whole template
    again (a tenth of a second of the start), and nothing asks for it by name.
    """
    return _template(PRESENTER_SCALE if presenter else 1.0)


def _with_template(figure: go.Figure, presenter: bool) -> go.Figure:
    """`figure` with the shared template as its layout.template, as
    `figure.update_layout(template=shared_template(presenter))` would set it, without validating
    the template again.

    Setting a template through Plotly's validators copies the Template object, which rebuilds and
    validates every property of plotly_white: about 20 ms of CPU per chart on every page run, more
    than many of the queries behind the chart. The shared template's own properties were validated
    when it was built, so it is set the way Plotly sets its default template (plotly's
    BaseFigure._initialize_layout_template): with the layout's validation off, which stores a copy of
    the template's JSON (so no figure can change the shared template). tests/present/test_theme.py
    checks the figure's JSON equal to the validated path's.
    """
    template = shared_template(presenter)
    layout = figure.layout
    layout._validate = False
    try:
        layout.template = template
    finally:
        layout._validate = figure._validate
    return figure


# px from a figure's top edge at the app's type (the type's scale times it in presenter mode): where its
# title starts (the pad over its line) and where a legend above the plot starts, under the title's line.
TITLE_PAD_PX = 12
LEGEND_TOP_PX = 40
PLOTLY_HEIGHT_PX = 450  # a figure's height where its layout sets none (Plotly's default)


def legend_under_title(figure: go.Figure, scale: float = 1.0) -> go.Figure:
    """`figure` with its title pinned to the top edge and a legend above the plot (the template's place,
    one the chart did not move, as legend_below_ticks does) hung from LEGEND_TOP_PX under it, in px of
    the figure's container, at type `scale`. Pinned there, Plotly keeps the plot under the legend's last
    row however many rows its entries wrap to at the width it is drawn (its reserved top margin).

    Left at the plot's top edge (paper y = 1), a legend grows upwards as it wraps, and a margin reckoned
    for fewer rows, or for the app's type in presenter type, set it on the title: a rep's trend at 1024 px
    in presenter mode, the leaderboard's "All reps: 44%" entry."""
    # Set one property at a time, in the order `update` set them (the pad first): `update` walks each key's path and
    # batches the changes, 1-2 ms of CPU more per chart on every run of a page.
    layout = figure.layout
    title = layout.title
    title.pad.t = round(TITLE_PAD_PX * scale)
    title.yref, title.y, title.yanchor = "container", 1.0, "top"
    legend = layout.legend
    if legend.yref == "container" or (legend.y is not None and legend.y < 1.0):
        return figure  # placed by its chart (under the ticks)
    height = layout.height or PLOTLY_HEIGHT_PX
    legend.yref, legend.y, legend.yanchor = "container", 1.0 - LEGEND_TOP_PX * scale / height, "top"
    return figure


def styled(figure: go.Figure, presenter: bool = False) -> go.Figure:
    """The figure in the shared template (larger type in presenter mode), its legend under its title
    (legend_under_title).

    In presenter mode a chart with a set height grows with its type: a bar sized for 13 px labels
    would otherwise hold 18 px ones, and Plotly drops category labels that no longer fit. Text given
    its own size (bar labels, annotations) grows too: the template reaches only text left unsized.
    """
    _with_template(figure, presenter)
    if not presenter:
        return legend_under_title(figure)
    if figure.layout.height:
        figure.update_layout(height=round(figure.layout.height * PRESENTER_SCALE))
    legend_under_title(figure, PRESENTER_SCALE)
    for trace in figure.data:
        for part in ("textfont", "insidetextfont", "outsidetextfont"):
            font = getattr(trace, part, None)
            if font is not None and isinstance(font.size, (int, float)):
                font.size = round(font.size * PRESENTER_SCALE)
    for note in figure.layout.annotations:
        if isinstance(note.font.size, (int, float)):
            note.font.size = round(note.font.size * PRESENTER_SCALE)
    if isinstance(figure.layout.uniformtext.minsize, (int, float)):  # the type bar labels keep, or hide
        figure.layout.uniformtext.minsize = round(figure.layout.uniformtext.minsize * PRESENTER_SCALE)
    return figure
