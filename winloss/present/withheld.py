"""The one rule of a rate withheld on too few deals (winloss.rates.too_small) in every figure, on a page,
in the HTML report and in the deck.

Its value is in none of the figure's data: the rate's own trace holds None there (no bar, no point), and
no interval is drawn or hovered for it. Its place is kept by a placeholder that stands for no rate: a grey
hatched stub (a bar) at STUB_SHARE of the rate axis's end, saying "n too small (n = 16)", or a grey ring (a
line's point) in a row of its own under the rate axis, "n too small" over it, on an unseen axis of that row
(placeholder_points, ring_row): at no rate, and none in the figure's data. Resting on the quarters' axis of the
rate plot itself, a ring rested on its 0% line wherever the axis starts at 0%, and read as a rate of 0%.
The profile mix's grey marks rest on its profiles' axis, at 0 on an unseen axis laid across its share axis (ACROSS_MARK_AXIS), the share axis's 0% a
band's width right of them (ring_band), so that no mark at 0% touches them. A ring in such a band under a line
chart's 0% (-0.67% on an axis ticked 0% 5% 10%) read as a negative share on a shared screen, as the mix's grey
marks did at -4% of its share axis.
A hatched bar drawn at the rate's length, or a ring at its height, told the number the chart withheld, and the
chart's data (the deck's Edit Data, the HTML report's figure JSON) wrote
it exactly: 0.5625 for a rate on 16 deals whose label read "n too small". A ring at the stub's height, 5% up
an axis ticked "0% 20% 40%", still read as a rate of 5%.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from winloss.present.selection import DEALS_META, MARKS_META, STANDS_FOR_META
from winloss.present.theme import SMALL_N_EDGE, SMALL_N_SYMBOL, bar_marker
from winloss.text import N_TOO_SMALL

# The placeholder's length or height, as a share of the rate axis's end: long enough to see and to
# click, short enough that no one reads it as a rate beside the bars drawn to theirs. A rate axis is ticked
# in at most charts.MAX_RATE_STEPS steps from 0%, so a stub ends at most 0.36 of a step past 0%: well
# short of the first labelled gridline (4.8% on an axis ticked 0% 20% … 80%), never just past one. The
# deck's native charts are ticked at the same step for it (deck.stub_clear_of_gridlines).
STUB_SHARE: Final = 0.06
# A withheld point's ring (px across, its outline on it) and the band under a rate axis's floor it stands in
# (px deep): the ring whole in it with a few px to spare, clear of the 0% gridline over it.
PLACEHOLDER_RING_PX: Final = 9
RING_BAND_PX: Final = 20
PLACEHOLDER_NAME: Final = N_TOO_SMALL  # the placeholder trace's (or deck series') name


def shown(values: Sequence[float | None], small: Sequence[bool]) -> list[float | None]:
    """`values` as a figure's data holds them: None where `small[i]` (withheld), else the value."""
    return [None if s else v for v, s in zip(values, small, strict=True)]


def held(values: Sequence[float | None], small: Sequence[bool]) -> list[bool]:
    """Where a placeholder stands: `small[i]` (too few deals) and a rate to withhold (`values[i]` not None).
    A place of no deals has no rate and draws nothing, no stub: a hatched stub says "too few", never "none"
    (the Quarterly review drew one for a profile with no deals in the quarter compared, its hover "no deals")."""
    return [s and v is not None for v, s in zip(values, small, strict=True)]


def stub(axis_end: float) -> float:
    """The placeholder's length (a bar) or height (a point) on a rate axis ending at `axis_end` (a fraction)."""
    return STUB_SHARE * axis_end


def stubs(small: Sequence[bool], axis_end: float) -> list[float | None]:
    """The placeholder's length at each withheld place (`small[i]`), None elsewhere."""
    return [stub(axis_end) if s else None for s in small]


def lengths(values: Sequence[float | None], small: Sequence[bool], axis_end: float) -> list[float]:
    """What is drawn at each place, for laying out words and axes: the stub where withheld, the value
    (0 for none) elsewhere."""
    return [stub(axis_end) if s else (v or 0.0) for v, s in zip(values, small, strict=True)]


# The keys a placeholder takes from the trace it stands in for: where it is, what a click on it selects
# and what its hover says (the trace's hover on a withheld place already reads "n too small (n = 16)").
_KEPT: Final = ("orientation", "customdata", "hovertext", "hoverinfo", "hovertemplate", "offsetgroup",
                "alignmentgroup", "xaxis", "yaxis", "legendgroup", "cliponaxis")


def _meta(trace: dict) -> dict:
    """A placeholder's meta: withheld, with the words each of `trace`'s places is listed with (MARKS_META, a
    rep who left) and `trace`'s name (STANDS_FOR_META, "Win rate"), which the chart's list of choices reads
    from the placeholder where the rate is withheld (selection.choices lists the place that is drawn, and
    names it "2025 Q4 — Win rate: n too small"), and the deals behind each (DEALS_META: a place of none is
    no choice). Not the share the trace draws: the placeholder draws none."""
    meta = trace.get("meta")
    marks = meta.get(MARKS_META) if isinstance(meta, dict) else None
    behind = meta.get(DEALS_META) if isinstance(meta, dict) else None
    name = trace.get("name")
    return {"withheld": True, **({MARKS_META: marks} if marks else {}), **({DEALS_META: behind} if behind is not None else {}),
            **({STANDS_FOR_META: name} if name else {})}


def placeholder_bars(bar: dict, small: Sequence[bool], axis_end: float) -> dict | None:
    """A bar trace standing in for `bar`'s withheld bars (`small[i]`): grey hatched stubs (theme.bar_marker)
    at its places, its customdata, hover and marks (MARKS_META) kept, no text, no legend entry; None when
    none is withheld.
    Draw it in `bar`'s slot: the same offsetgroup in a grouped chart, barmode "overlay" or "group" with one
    trace otherwise."""
    if not any(small):
        return None
    horizontal = bar.get("orientation") == "h"
    category = bar["y"] if horizontal else bar["x"]
    length = stubs(small, axis_end)
    return {"type": "bar", **{k: bar[k] for k in _KEPT if k in bar}, "name": PLACEHOLDER_NAME, "showlegend": False,
            "x": length if horizontal else category, "y": category if horizontal else length,
            "marker": bar_marker(["#FFFFFF"] * len(small), [True] * len(small)), "meta": _meta(bar)}


def ring_band(axis: dict, plot_px: float) -> tuple[dict, float]:
    """Where a chart's withheld points stand on its rate axis `axis` (a Plotly axis dict: "range" [floor,
    end] in fractions, the floor 0 or below it where the chart keeps room for words under 0%, and
    "tickvals" from 0%) on a plot at least `plot_px` tall: `axis` lowered by a band RING_BAND_PX deep under
    its floor, and the height of that band's middle, where each ring stands (placeholder_points). The band
    is past the chart's every mark and word, and none of the axis's ticks is in it: a ring there stands at
    no rate the axis names. ValueError for an axis ticked below its floor (its band would be labelled), or
    a plot too short to hold the band."""
    floor, end = axis["range"]
    ticks = axis.get("tickvals")
    if ticks is None or min(ticks) < floor:
        raise ValueError(f"a withheld point's band must be unticked: the axis is ticked at {ticks!r} from {floor!r}")
    if plot_px <= 2 * RING_BAND_PX:
        raise ValueError(f"a plot of {plot_px!r} px has no room for a band of {RING_BAND_PX} px under its axis")
    # RING_BAND_PX of the plot's px, the axis's span over the rest.
    depth = (end - floor) * RING_BAND_PX / (plot_px - RING_BAND_PX)
    return {**axis, "range": [floor - depth, end], "zeroline": False}, floor - depth / 2


# The axis a withheld point's mark is drawn on (layout key "yaxis9"): a row of its own under the chart's rate
# axis (ring_row), in its panel's bottom RING_ROW_PX, a gap of RING_ROW_GAP_PX over it under the rate axis's
# floor, so a ring stands at no height of the rate axis. Laid over the rate axis, a ring resting on the quarters'
# axis rested on its 0% line wherever the axis starts at 0% (a chart of every quarter withheld, drawn with Show the
# charts anyway; the review's and the No decision page's share panels): it read as a rate of 0%. In a band under
# 0% (-0.67% on an axis ticked 0% 5% 10%) it had read as a negative share, at a stub's height as a rate of 5%.
MARK_AXIS: Final = "y9"
MARK_AXIS_KEY: Final = "yaxis9"
# The row's depth and the gap between it and the rate axis's floor, in px of the panel at its shortest: a ring
# and its "n too small" over it whole in the row, the gap wide enough to part the row from the rate plot.
RING_ROW_PX: Final = 34
RING_ROW_GAP_PX: Final = 12
# The same across a chart whose rate axis runs across (the profile mix's share of reps), its categories down the left
# (layout key "xaxis9"): 0 on it rests a mark on the categories' axis, the plot's left edge, at no share.
ACROSS_MARK_AXIS: Final = "x9"
ACROSS_MARK_AXIS_KEY: Final = "xaxis9"


def ring_row(domain: Sequence[float], panel_px: float, category_axis: str = "x",
             mark_px: float = PLACEHOLDER_RING_PX) -> tuple[list[float], dict]:
    """A row for a line chart's withheld points under its rate axis, whose panel takes `domain` [bottom, top] (fractions
    of the figure's plot height) and is at least `panel_px` tall: the rate axis's domain left over it (a list
    [floor, top], its floor RING_ROW_PX + RING_ROW_GAP_PX up the panel) and the layout of MARK_AXIS in the row
    (its domain the panel's bottom RING_ROW_PX, anchored on `category_axis`, unseen, unzoomed, 0 half a mark
    `mark_px` across and its outline off the row's floor, so a ring at 0 rests on the row's floor, its words over it).
    A chart whose quarters' axis is under this panel anchors that axis on MARK_AXIS, so the ring rests on it.
    ValueError for a panel too short to keep a rate axis over the row."""
    bottom, top = domain
    if panel_px <= 2 * (RING_ROW_PX + RING_ROW_GAP_PX):
        raise ValueError(f"a panel of {panel_px!r} px has no room for a row of withheld points under its rate axis")
    per_px = (top - bottom) / panel_px
    row_top = bottom + RING_ROW_PX * per_px
    lift = (mark_px / 2 + 2) / RING_ROW_PX
    return [row_top + RING_ROW_GAP_PX * per_px, top], {
        "domain": [bottom, row_top], "anchor": category_axis, "range": [-lift, 1.0], "visible": False,
        "fixedrange": True, "showgrid": False, "zeroline": False}


def mark_axis(plot_px: float, rate_axis: str = "x", mark_px: float = PLACEHOLDER_RING_PX) -> dict:
    """The layout of ACROSS_MARK_AXIS over the rate axis `rate_axis` (a Plotly axis id, "x") of a plot at least
    `plot_px` wide, its categories down its left edge: unseen, unzoomed, 0 half a mark `mark_px` across and its
    outline off the plot's left edge (the categories' axis), so a mark at 0 rests on it, 1 at the plot's right."""
    lift = (mark_px / 2 + 2) / plot_px
    return {"overlaying": rate_axis, "range": [-lift, 1.0], "visible": False, "fixedrange": True, "showgrid": False,
            "zeroline": False}


def placeholder_points(trace: dict, small: Sequence[bool], worded: Sequence[bool] | None = None) -> dict | None:
    """A marker trace standing in for `trace`'s withheld points (`small[i]`, a line's, x categories or
    places): grey rings in a row of their own under the rate axis (at 0 on MARK_AXIS, which the figure lays out
    by ring_row), at no rate, "n too small" written over each ring where `worded[i]` (every withheld place when None: a
    chart of two lines words a quarter once), its customdata, hover and marks (MARKS_META) kept, no legend
    entry; None when none is withheld. Its y holds no rate: 0 on an axis that names none."""
    if not any(small):
        return None
    said = small if worded is None else [s and w for s, w in zip(small, worded, strict=True)]
    return {"type": "scatter", **{k: trace[k] for k in _KEPT if k in trace}, "x": trace["x"],
            "y": [0.0 if s else None for s in small], "yaxis": MARK_AXIS, "mode": "markers+text",
            "text": [PLACEHOLDER_NAME if w else "" for w in said], "textposition": "top center",
            "textfont": {"color": SMALL_N_EDGE}, "name": PLACEHOLDER_NAME, "showlegend": False,
            "cliponaxis": False,  # drawn whole by the plot's edge
            "marker": {"symbol": SMALL_N_SYMBOL, "size": PLACEHOLDER_RING_PX, "color": SMALL_N_EDGE,
                       "line": {"color": SMALL_N_EDGE, "width": 2}},
            "meta": _meta(trace)}
