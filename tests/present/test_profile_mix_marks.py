"""The profile mix keeps both marks of a line in sight and its legend clear of its axis.

Where a profile's share of the top reps was the same as its share of all ranked reps (or within a mark's
radius of it), the small ring was drawn first and the large disc wholly over it: the chart read as if
the ring were missing. Its legend sat at a share of the plot's height below it (y = -0.18), which does not
grow with the axis's ticks, its title or the presenter's type: with the five profiles of the study and
no Unprofiled reps it came onto the axis's title "Share of reps" at the app's type.

Where each part sits is worked out from the styled figure's layout numbers, by Plotly's rules of text
(a line is 1.3 times its type; a legend row that or 16 px, plus 3, with 5 px above and below), as
test_trend_legend.py does for the rep's trend."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
import pytest
from legend_layout import legend_box, legend_entries

from winloss.measures.profiles import TopPerformerMix
from winloss.present import charts
from winloss.present.charts import ChartRoom
from winloss.present.theme import FONT_PX, PRESENTER_SCALE, styled

STUDY = ["Challenger", "Hard Worker", "Relationship Builder", "Lone Wolf", "Reactive Problem Solver"]
WHITE = {"white", "#FFFFFF", "#ffffff", "#fff"}
# The mix's room on the Seller profiles page (ui.drill.chart_room(presenter): the page's width) at 1280 px
# and 1440 px, at the app's type and in presenter mode.
ROOMS = {
    "1280": ChartRoom(930, 1.0), "1440": ChartRoom(1090, 1.0),
    "1280 presenter": ChartRoom(1218, PRESENTER_SCALE), "1440 presenter": ChartRoom(1378, PRESENTER_SCALE),
}


def mix_of(top_reps: int, unprofiled: bool = False) -> TopPerformerMix:
    """100 ranked reps, every profile's share of the top reps the same as of all reps but Hard Worker's
    (20% of the top, 21% of all: a ring within the disc's radius); the study's two shares of Lone Wolf
    the same. With `unprofiled`, a sixth row (the Seller profiles page's with the sample)."""
    profiles = STUDY + (["Unprofiled"] if unprofiled else [])
    all_share = [0.3, 0.21, 0.19, 0.2, 0.1] + ([0.05] if unprofiled else [])
    top_share = [0.3, 0.2, 0.2, 0.2, 0.1] + ([0.05] if unprofiled else [])
    table = pl.DataFrame({
        "seller_profile": profiles,
        "top_count": [round(s * top_reps) for s in top_share], "top_share": top_share,
        "all_count": [round(s * 100) for s in all_share], "all_share": all_share,
        "study_all_share": [0.27, 0.21, 0.21, 0.25, 0.14] + ([None] if unprofiled else []),
        "study_top_share": [0.39, 0.17, 0.07, 0.25, 0.12] + ([None] if unprofiled else []),
    })
    return TopPerformerMix(table=table, ranked_reps=100, top_reps=top_reps, left_out_reps=0, cutoff_win_rate=0.5)


def drawn(figure: go.Figure, symbol: str) -> int:
    """The index in figure.data of the trace drawing the marks of `symbol` (it has their hover)."""
    (index,) = [i for i, t in enumerate(figure.data) if t.marker.symbol == symbol and t.hovertext]
    return index


@pytest.mark.parametrize("top_reps", [20, 8])  # shares of the top reps given, and too few top reps (grey discs)
def test_a_ring_on_its_disc_is_drawn_over_it_on_the_plots_white(top_reps: int) -> None:
    figure = styled(charts.profile_mix(mix_of(top_reps), title="t"))
    white = figure.layout.template.layout.plot_bgcolor
    assert white in WHITE
    # Too few top reps: their discs stand apart under "n too small", not at their shares (charts.profile_mix),
    # so only the study's rings and discs meet.
    pairs = (("circle-open", "circle"), ("diamond-open", "diamond")) if top_reps >= 20 else (("diamond-open", "diamond"),)
    for hollow, filled in pairs:
        ring, disc = figure.data[drawn(figure, hollow)], figure.data[drawn(figure, filled)]
        shared = set(zip(ring.x, ring.y, strict=True)) & set(zip(disc.x, disc.y, strict=True))
        assert shared, "the case: a ring and its disc at the same share"
        at = drawn(figure, hollow)
        assert at > drawn(figure, filled), f"the {hollow} is drawn under the {filled} that hides it"
        # Under the ring, over the disc: a disc of the plot's white a little wider than the ring's outer edge,
        # and narrower than the large mark's, whose colour still shows round it.
        (halo,) = [t for t in figure.data[drawn(figure, filled) + 1:at] if t.marker.color in WHITE | {white}
                   and (list(t.x), list(t.y)) == (list(ring.x), list(ring.y))]
        assert halo.marker.symbol == filled
        ring_edge = ring.marker.size + ring.marker.line.width
        assert ring_edge < halo.marker.size < disc.marker.size + disc.marker.line.width
        assert halo.hoverinfo == "skip" and halo.showlegend is False
    # No white is drawn over a small mark: a diamond's, a row's line away, would nick a ring at its share.
    last_white = max(i for i, t in enumerate(figure.data) if t.marker.color in WHITE)
    assert last_white < min(drawn(figure, "circle-open"), drawn(figure, "diamond-open"))
    # The legend still says which mark is which, each at its own symbol and size.
    legend = {t.marker.symbol: t.marker.size for t in figure.data if t.x == (None,)}
    assert legend == {symbol: size for symbol, size in charts.MIX_MARKS.values()}


def legend_and_axis(figure: go.Figure) -> tuple[float, float, float]:
    """px above the figure's bottom edge of the legend's top, of the bottom of the axis's title under
    the ticks, and of the legend's bottom, from the layout's numbers."""
    layout, template = figure.layout, figure.layout.template.layout
    bottom = layout.margin.b
    font = template.font.size
    line = 1.3 * font
    ticks = 1  # "0%" … "80%"
    standoff = layout.xaxis.title.standoff
    if standoff is None:  # Plotly's own place: the title's baseline 10 px and three times its type under the plot
        title_bottom = 10 + 3 * font + 0.3 * font
    else:  # under the ticks' lines by the standoff
        title_bottom = 6 * font / FONT_PX + ticks * line + standoff + line
    legend = layout.legend
    per_row = math.floor(1 / legend.entrywidth) if legend.entrywidthmode == "fraction" else 1
    legend_top, legend_bottom = legend_box(figure, math.ceil(legend_entries(figure) / per_row))
    return legend_top, bottom - title_bottom, legend_bottom


@pytest.mark.parametrize("room", list(ROOMS), ids=list(ROOMS))
def test_the_profile_mixs_legend_sits_under_its_axis_title_at_every_height_and_type(room: str) -> None:
    """With the study's five profiles and with Unprofiled reps too, shares of the top reps given or not:
    the legend's top below the axis's title, its bottom within the figure, pinned to the figure's bottom
    in px by the trend's rule (charts.legend_below_ticks)."""
    covered, cut = [], []
    for unprofiled in (False, True):
        for top_reps in (20, 8):
            figure = styled(charts.profile_mix(mix_of(top_reps, unprofiled), title="t", room=ROOMS[room]),
                            presenter=ROOMS[room].scale > 1)
            assert len(figure.layout.yaxis.ticktext) == 5 + unprofiled
            legend_top, title_bottom, legend_bottom = legend_and_axis(figure)
            if legend_top > title_bottom - 4:
                covered.append(((unprofiled, top_reps), round(legend_top), round(title_bottom)))
            if legend_bottom < 0:
                cut.append(((unprofiled, top_reps), legend_bottom))
            assert (figure.layout.legend.yref, figure.layout.legend.y) == ("container", 0)
    assert covered == [], "the legend's top reaches the axis's title"
    assert cut == [], "the legend runs past the figure's bottom"


@pytest.mark.parametrize("scale", [1.0, PRESENTER_SCALE])
@pytest.mark.parametrize("lines", [1, 2])
def test_the_rule_holds_the_ticks_the_axis_title_a_gap_and_a_grid_of_entries(lines: int, scale: float) -> None:
    """legend_below_ticks with an axis title under the ticks (set there by axis_title_below) and entries
    each half the plot's width (two to a row, whatever their words), for ticks of one and two lines."""
    ticks = ["<br>".join(["Reactive Problem"] * lines), "Lone Wolf"]
    names = ["Yours: all 40 ranked reps", "Yours: top 8 of 40 by win rate · n too small (n = 8)",
             "Study: all reps (vs quota)", "Study: stars (vs quota)"]
    room = ChartRoom(930 * scale, scale)
    below = charts.legend_below_ticks(ticks, names, room, title="Share of reps", entry_share=0.5)
    assert below["legend"] == {"yref": "container", "y": 0, "yanchor": "bottom", "entrywidth": 0.5,
                               "entrywidthmode": "fraction"}
    assert charts.legend_rows(names, room, entry_share=0.5) == 2
    assert charts.legend_rows(names[:3], room, entry_share=0.5) == 2
    line = 1.3 * round(FONT_PX * scale)
    title = charts.axis_title_below("Share of reps", room)
    assert title == {"text": "Share of reps", "standoff": round(charts.AXIS_TITLE_STANDOFF * scale)}
    ticks_px = charts.TICK_PAD * scale + lines * line
    legend_px = 2 * (max(line, 16) + 3) + 2 * 5
    assert below["margin"]["b"] - ticks_px - title["standoff"] - line - legend_px >= 4
    # One more line of ticks, one more line of margin: the legend follows the ticks down.
    one = charts.legend_below_ticks(["Lone Wolf"], names, room, title="Share of reps", entry_share=0.5)
    assert below["margin"]["b"] - one["margin"]["b"] == pytest.approx((lines - 1) * line, abs=1)
