"""A withheld rate's hatched stub (winloss.present.withheld) ends well short of its rate axis's first labelled
gridline past 0%, on every chart that draws one: its end is never read as a rate. On the page and in the HTML
report a rate axis is ticked in at most charts.MAX_RATE_STEPS steps, and the stub is STUB_SHARE of the axis's
end (4.8% on an axis ticked 0% 20% … 80%, the Reps page's Omar O'Brien on 18 deals). The deck's native
charts were ticked at PowerPoint's own step, which nothing kept from a gridline labelled 5% just under that
4.8%: they are ticked at the page's step."""

from __future__ import annotations

import dataclasses
import io

import polars as pl
import pytest
from deck_shapes import every_shape
from few_deals import with_few_deals
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from small_deals import generated_deals

from winloss.export.deck import deck_bytes
from winloss.present import charts, review_charts, withheld
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.views.review import Review, quarterly_review

# Of the first step past 0%, the most a stub may reach: its end stands apart from any labelled gridline.
STUB_REACH: float = 0.4


@pytest.mark.parametrize("most", range(1, charts.MAX_RATE_STEPS + 1))
def test_a_stub_ends_short_of_the_first_tick_of_every_rate_axis(most: int) -> None:
    """withheld.STUB_SHARE against charts.rate_ticks' steps: for every largest rate drawn, 0-100%, and every
    number of steps a chart allows, the stub of its axis ends under STUB_REACH of the first step."""
    for largest in [i / 400 for i in range(401)]:
        axis = charts.rate_axis(largest, most=most)
        step = axis["tickvals"][1] - axis["tickvals"][0]
        assert withheld.stub(axis["range"][1]) <= STUB_REACH * step, (largest, most, axis)


def stub_ends(figure, placeholder: str = PLACEHOLDER_NAME) -> list[float]:
    return [v for t in figure.data if t.name == placeholder and t.type == "bar"
            for v in ((t.x if t.orientation == "h" else t.y) or ()) if v is not None]


def test_the_reps_charts_stub_ends_short_of_its_first_gridline() -> None:
    """The Reps page's win-rate bars with one rep on 18 deals, as the sample draws Omar O'Brien."""
    frame = pl.DataFrame({"rep": ["Ann", "Bob", "Omar"], "win_rate": [0.63, 0.28, 0.5], "win_rate_lo": [0.5, 0.2, 0.3],
                          "win_rate_hi": [0.74, 0.37, 0.7], "n": [62, 123, 18]})
    figure = charts.rate_bars(frame, "rep", title="t", horizontal=True)
    (end,) = stub_ends(figure)
    ticks = figure.layout.xaxis.tickvals
    assert 0 < end <= STUB_REACH * (ticks[1] - ticks[0]), (end, ticks)


@pytest.fixture(scope="module")
def review() -> Review:
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def test_the_reviews_profile_stub_ends_short_of_its_first_gridline(review: Review) -> None:
    """The review's profile chart (page and HTML report), a profile's previous quarter on too few deals."""
    table = with_few_deals(review.profiles, [0], previous=True)  # 8 deals, its flag by its counts
    figure = review_charts.profile_figure(dataclasses.replace(review, profiles=table))
    ends = stub_ends(figure)
    ticks = figure.layout.yaxis.tickvals
    assert ends and all(0 < end <= STUB_REACH * (ticks[1] - ticks[0]) for end in ends), (ends, ticks)


def deck_charts(review: Review) -> list:
    """The deck's column charts with a stub drawn over them, each with its stubs' heights as shares of its plot
    area (withheld_stubs: a shape, where a bar of withheld.stub would stand)."""
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    found = []
    for slide in deck.slides:
        stubs = [s for s in every_shape(slide.shapes) if s.name.startswith(f"{PLACEHOLDER_NAME} ") and "words" not in s.name]
        for shape in every_shape(slide.shapes):
            if not (shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED):
                continue
            mine = [s for s in stubs if shape.left <= s.left and s.left + s.width <= shape.left + shape.width]
            if mine:
                (layout,) = shape.chart._chartSpace.xpath(".//c:plotArea/c:layout/c:manualLayout")
                plot_height = float(layout.xpath("./c:h/@val")[0]) * shape.height
                found.append((shape.chart, [s.height / plot_height for s in mine]))
    return found


def assert_stubs_short_of_gridlines(found) -> None:
    """The chart's stubs end under STUB_REACH of its value axis's step, which is set, not PowerPoint's own, on an
    axis set from 0% to its end."""
    chart, shares = found
    step, end = chart.value_axis.major_unit, chart.value_axis.maximum_scale
    assert shares and step is not None and end is not None, (shares, step, end)
    assert chart.value_axis.minimum_scale == 0
    ends = [share * end for share in shares]
    assert all(0 < e <= STUB_REACH * step for e in ends), (ends, step)
    assert ends == pytest.approx([withheld.stub(end)] * len(ends), rel=1e-3)


def test_the_decks_profile_stubs_end_short_of_the_gridlines_the_page_draws(review: Review) -> None:
    """The deck's profiles slide is ticked at the page's step (charts.rate_axis of its shown rates)."""
    table = with_few_deals(review.profiles, [0])  # 8 deals, its flag by its counts
    held = dataclasses.replace(review, profiles=table)
    (found,) = deck_charts(held)
    assert_stubs_short_of_gridlines(found)
    chart = found[0]
    shown = [v for r in table.iter_rows(named=True) for v, few in
             ((r["win_rate"], r["small_n"]), (r["previous_win_rate"], r["previous_small_n"])) if v is not None and not few]
    ticks = charts.rate_axis(max(shown))["tickvals"]
    assert chart.value_axis.major_unit == pytest.approx(ticks[1] - ticks[0])


def test_the_decks_withheld_value_share_stub_ends_short_of_its_gridlines() -> None:
    """Amounts hidden, the no-decision slide's bars are shares of closed value: one on 5 closed deals is a stub."""
    deals = generated_deals()
    hidden = quarterly_review(deals, "2025 Q3", deals["close_date"].max(), hide_amounts=True)
    table = hidden.no_decision.with_columns(closed=pl.when(pl.int_range(pl.len()) == 0).then(5).otherwise(pl.col("closed")))
    (found,) = deck_charts(dataclasses.replace(hidden, no_decision=table))
    assert_stubs_short_of_gridlines(found)
