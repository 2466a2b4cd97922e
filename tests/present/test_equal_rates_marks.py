"""Two series on one rate axis at the same value both show: a quarter whose win rate equals its
no-decision share drew two circles of one size at one place, the later over the other, and a mover whose
rate did not move showed this quarter's dot over last quarter's."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from small_deals import generated_deals

from winloss.present import charts, review_charts
from winloss.present.charts import ChartRoom
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.views.review import Review, quarterly_review

ND = "no_decision_share_of_losses"


def trend(enough: bool = True) -> pl.DataFrame:
    """Three quarters, the middle one's win rate equal to its no-decision share (40% and 40%)."""
    scale = 1 if enough else 0.1
    closed = [round(100 * scale), round(50 * scale), round(80 * scale)]
    return pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "closed": closed, "n": closed,
        "win_rate": [0.5, 0.4, 0.6], "win_rate_lo": [0.4, 0.27, 0.49], "win_rate_hi": [0.6, 0.54, 0.7],
        f"{ND}_n": [max(c // 2, 1) for c in closed], ND: [0.2, 0.4, 0.3],
        f"{ND}_lo": [0.11, 0.22, 0.18], f"{ND}_hi": [0.33, 0.6, 0.44],
    })


def marks_at(figure, quarter: int) -> dict[str, tuple[float, str, str | None]]:
    """Per series (its name), the value, symbol and offset group of its mark at `quarter`."""
    found = {}
    for trace in figure.data:
        if trace.type != "scatter" or trace.mode is None or "markers" not in trace.mode or not trace.y:
            continue
        y = list(trace.y)
        if quarter >= len(y) or y[quarter] is None:
            continue
        symbol = trace.marker.symbol
        found[trace.name] = (y[quarter], symbol[quarter] if isinstance(symbol, (list, tuple)) else symbol,
                             trace.offsetgroup)
    return found


@pytest.mark.parametrize("enough", [True, False], ids=["filled points", "hollow points (too few deals)"])
def test_a_win_rate_equal_to_the_no_decision_share_shows_two_marks_each_at_its_value(enough: bool) -> None:
    """Each series its own shape (a circle, a diamond; hollow alike on too few deals) and its own slot of
    the quarter (Plotly's scattermode "group"), each mark at its own rate: nothing moved up or down."""
    figure = charts.rate_trend(trend(enough), title="t", room=ChartRoom(1280 * 0.6))
    if not enough:  # both withheld (winloss.present.withheld): a ring each at one height under 0%, each in its slot
        rings = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
        assert len(rings) == 2 and rings[0].offsetgroup != rings[1].offsetgroup
        assert rings[0].y[1] == rings[1].y[1] != 0.4 and figure.layout.scattermode == "group"
        return
    marks = marks_at(figure, 1)
    win, nd = marks["Win rate"], marks[charts.ND_SHARE_OF_LOSSES]
    assert win[0] == nd[0] == 0.4  # each at its value
    assert win[1] != nd[1], "one shape for both: the later mark hides the other"
    assert ("open" in win[1]) == ("open" in nd[1]) == (not enough)  # hollow still says too few deals
    assert win[2] != nd[2] and figure.layout.scattermode == "group"  # side by side, not one over the other
    assert 0 < figure.layout.scattergap < 1


def test_the_two_series_slots_stand_a_points_width_apart_and_no_further() -> None:
    """At 1280 px, the Overview's trend (its share of the page) over 4 and over 12 quarters: the slots'
    middles, (1 - scattergap) / 2 of a quarter's width apart, at least a point's width (10 px) apart, so
    two equal rates' marks do not cover each other, and within a third of the quarter."""
    for quarters in (4, 12):
        room = ChartRoom(1280 * 0.6)
        gap = charts.trend_scatter_gap(room, quarters, 2)
        quarter_px = room.plot_px(charts.RATE_AXIS_EM) / quarters
        apart = (1 - gap) / 2 * quarter_px
        assert 10 <= apart <= quarter_px / 3, (quarters, gap, apart)


@pytest.mark.parametrize("room", [ChartRoom(1280 * 0.6), ChartRoom(712, 1.4), ChartRoom()], ids=["app", "presenter", "unknown"])
def test_each_points_label_stands_over_or_under_its_own_point_not_at_the_quarters_tick(room: ChartRoom) -> None:
    """Each series' points stand in a slot of their own, off the quarter's tick (a circle left, a diamond
    right); their labels ("50%") had stayed on the tick, some 9 px from either point. A label is written at
    its point's place on the category axis: the quarter's index and its series' offset, as Plotly sets
    the slots (charts.series_offset of the chart's scattergap)."""
    figure = charts.rate_trend(trend(), title="t", room=room)
    gap = figure.layout.scattergap
    colours = {charts.legible(trace.line.color): k for k, trace in enumerate(
        t for t in figure.data if t.offsetgroup and t.mode == "lines+markers")}
    notes = figure.layout.annotations
    assert len(notes) == 6
    for note in notes:
        series = colours[note.font.color]
        quarter = round(note.x)
        assert note.xref == "x"
        assert note.x == pytest.approx(quarter + charts.series_offset(series, 2, gap)), note.text
        assert note.x != quarter  # off the tick, with its point
    assert charts.series_offset(0, 2, gap) < 0 < charts.series_offset(1, 2, gap)  # the win rate left, as drawn
    assert charts.series_offset(0, 1, gap) == 0  # one series: on the tick


@pytest.fixture(scope="module")
def review() -> Review:
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def test_a_mover_whose_rate_did_not_move_shows_both_quarters(review: Review) -> None:
    """Last quarter's mark is another shape than this quarter's dot and longer than the dot is wide: at the
    same rate its ends stand out past the dot, where last quarter's dot lay wholly under this quarter's."""
    movers = review.movers
    assert movers.height, "the generated deals should have a mover"
    unmoved = movers.with_columns(after=pl.col("before"))
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=unmoved))
    before = next(t for t in figure.data if t.name == review.previous and t.x)
    after = next(t for t in figure.data if t.name and t.name.startswith(f"{review.quarter}:") and t.x)
    assert list(before.x) == list(after.x)  # each at its own value: the same
    assert (before.marker.symbol or "circle") != (after.marker.symbol or "circle")
    assert before.marker.size >= after.marker.size + 8
