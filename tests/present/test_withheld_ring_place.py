"""Where a rate withheld on too few deals stands on a line chart (winloss.present.withheld): its grey ring keeps
the quarter's place in a row of its own under the rate axis, over the quarters' names, "n too small" over it, at no
rate (an unseen axis of that row holds it), never on the rate scale: not on 0% (read as a rate of 0%), nor under 0%
(read as a negative share).
Drawn at a stub's height, 5% up an axis ticked "0% 20% 40% 60% 80%", the ring of a rep's quarter of 14 deals read
as a win rate of 5% on the One rep page, the Overview, the No decision page and the HTML report."""

from __future__ import annotations

import dataclasses
import io

import plotly.graph_objects as go
import polars as pl
import pytest
from deck_shapes import every_shape
from few_deals import with_few_deals
from few_losses import with_few_losses
from small_deals import generated_deals

from winloss.present import charts, review_charts, selection, withheld
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.views.review import Review, quarterly_review

ND = "no_decision_share_of_losses"


def rep_trend() -> pl.DataFrame:
    """A rep's three quarters: enough deals in the first and last, 14 (win rate withheld) in the second;
    too few losses for a no-decision share in all but the first."""
    return pl.DataFrame({
        "quarter": ["2025 Q4", "2026 Q1", "2026 Q2"], "closed": [40, 14, 30], "won": [18, 9, 20],
        "lost": [14, 3, 6], "no_decision": [8, 2, 4], "n": [40, 14, 30], "win_rate": [0.45, 9 / 14, 2 / 3],
        "win_rate_lo": [0.31, 0.39, 0.49], "win_rate_hi": [0.6, 0.84, 0.81],
        f"{ND}_n": [22, 5, 10], ND: [8 / 22, 0.4, 0.4], f"{ND}_lo": [0.2, 0.12, 0.17], f"{ND}_hi": [0.57, 0.77, 0.69],
        "no_decision_share_of_closed": [0.2, 2 / 14, 4 / 30],
    })


@pytest.fixture(scope="module")
def review() -> Review:
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def review_figure(review: Review) -> go.Figure:
    """The review's no-decision figure (the page's and the HTML report's) with its first quarter on too few losses."""
    table = with_few_losses(review.no_decision, [0])
    return review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table))


def figures(review: Review) -> dict[str, go.Figure]:
    trend = rep_trend()
    team = trend.with_columns(n=pl.Series([50, 12, 44]), **{f"{ND}_n": pl.Series([30, 8, 25])})
    return {
        "rep trend": charts.rate_trend(trend, title="t", reference=team, reference_name="team East"),
        "overview trend": charts.rate_trend(trend, title="t"),
        "no decision trend": charts.quarterly_outcomes(trend.with_columns(closed=pl.Series([40, 14, 11])), title="t"),
        "review no decision": review_figure(review),
    }


def rate_axis_of(figure: go.Figure, trace) -> go.layout.YAxis:
    name = f"yaxis{trace.yaxis[1:]}" if trace.yaxis and trace.yaxis != "y" else "yaxis"
    return figure.layout[name]


def every_quarter_withheld() -> pl.DataFrame:
    """rep_trend with 4 to 6 closed deals a quarter: every win rate and no-decision share withheld, as the Overview
    draws them with Show the charts anyway on (its rate axis from 0%, no point's words under it)."""
    closed, won, lost, no_decision = [5, 6, 4], [2, 3, 1], [2, 2, 2], [1, 1, 1]
    losses = [a + b for a, b in zip(lost, no_decision, strict=True)]
    return rep_trend().with_columns(
        closed=pl.Series(closed), n=pl.Series(closed), won=pl.Series(won), lost=pl.Series(lost),
        no_decision=pl.Series(no_decision), win_rate=pl.Series([w / c for w, c in zip(won, closed, strict=True)]),
        **{f"{ND}_n": pl.Series(losses), ND: pl.Series([d / n for d, n in zip(no_decision, losses, strict=True)])})


@pytest.mark.parametrize("chart", ["rep trend", "overview trend", "no decision trend", "review no decision",
                                   "every quarter withheld"])
def test_a_withheld_points_ring_stands_in_a_row_under_the_rate_axis_at_no_rate(review: Review, chart: str) -> None:
    """Each ring is at 0 on an unseen axis of a row of its own (withheld.MARK_AXIS, withheld.ring_row), wholly under
    the rate axis's domain and parted from it: at no height of the rate axis, "n too small" over it once a quarter,
    and no mark of the figure stands at a rate under 0%, nor at any rate where it is withheld. Resting on the rate
    plot's floor, a ring stood on its 0% line wherever the axis starts at 0% (every quarter withheld, drawn with Show
    the charts anyway; the review's share panel), and read as a rate of 0%; in a band under 0%, at -0.67% on an axis
    ticked 0% 5% 10%, it read as a negative share."""
    figure = charts.rate_trend(every_quarter_withheld(), title="t") if chart == "every quarter withheld" else figures(review)[chart]
    rings = [t for t in figure.data if t.name == PLACEHOLDER_NAME and t.mode and "markers" in t.mode
             and t.y is not None and any(y is not None for y in t.y)]
    assert rings, f"{chart}: no withheld point drawn"
    for ring in rings:
        assert ring.yaxis == withheld.MARK_AXIS and {y for y in ring.y if y is not None} == {0.0}, (chart, ring.yaxis)
    row = figure.layout[withheld.MARK_AXIS_KEY]
    rate = figure.layout.yaxis
    assert row.overlaying is None and row.visible is False, chart  # an axis of its own, not laid over the rate axis
    assert row.domain[1] < rate.domain[0], (chart, row.domain, rate.domain)  # under the rate axis, parted from it
    low, high = row.range  # 0 a little over the row's floor: the ring rests on it, its words over it
    assert -0.5 < low < 0.0 and high == 1.0, row.range
    worded = [x for ring in rings for x, w in zip(ring.x, ring.text, strict=True) if w == PLACEHOLDER_NAME]
    held = {x for ring in rings for x, y in zip(ring.x, ring.y, strict=True) if y is not None}
    assert sorted(worded) == sorted(held), (chart, worded, held)  # every withheld quarter worded, once
    for trace in figure.data:  # nothing on a rate axis stands under 0%
        if trace.type == "scatter" and trace.yaxis != withheld.MARK_AXIS and trace.y is not None:
            assert all(y >= 0 for y in trace.y if y is not None), (chart, trace.name, list(trace.y))
    if chart == "every quarter withheld":  # no rate in the figure's data: each line's y empty at every quarter
        lines = [t for t in figure.data if t.yaxis in (None, "y") and t.name != PLACEHOLDER_NAME and t.y is not None]
        assert lines and all(y is None for t in lines for y in t.y), [(t.name, list(t.y)) for t in lines]
    if chart in ("rep trend", "overview trend", "every quarter withheld"):
        assert figure.layout.xaxis.anchor == withheld.MARK_AXIS  # the quarters' names under the row, not over it


def test_the_band_under_the_axis_holds_a_whole_ring_on_the_shortest_plot() -> None:
    """withheld.ring_band: a band RING_BAND_PX deep on a plot of `plot_px`, the ring at its middle, so the
    ring (PLACEHOLDER_RING_PX and its outline) is clear of the 0% gridline over it."""
    axis = charts.rate_axis(0.8)
    lowered, ring_at = withheld.ring_band(axis, 240)
    span = lowered["range"][1] - lowered["range"][0]
    band_px = (axis["range"][0] - lowered["range"][0]) / span * 240
    assert band_px == pytest.approx(withheld.RING_BAND_PX)
    ring_top_px = (0.0 - ring_at) / span * 240 - (withheld.PLACEHOLDER_RING_PX + 2) / 2
    assert ring_top_px > 0, ring_top_px
    assert lowered["tickvals"] == axis["tickvals"] and min(lowered["tickvals"]) == 0.0


def test_a_band_is_never_ticked() -> None:
    """An axis ticked under its floor would label the band: refused, as is a plot too short to hold it."""
    with pytest.raises(ValueError, match="unticked"):
        withheld.ring_band({"range": [0.0, 1.0], "tickvals": [-0.2, 0.0, 0.5, 1.0]}, 240)
    with pytest.raises(ValueError, match="no room"):
        withheld.ring_band(charts.rate_axis(0.8), 30)


def test_a_withheld_points_ring_keeps_its_hover_list_name_and_holds_no_rate() -> None:
    """Moved under the axis, a ring still says "n too small (n = 14)" in its hover, is listed as "2026 Q1 —
    Win rate: n too small" among the chart's choices, and no trace of the figure holds the withheld 9/14."""
    figure = charts.rate_trend(rep_trend(), title="t")
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME and t.mode and "markers" in t.mode
                and t.legendgroup == "Win rate"]
    assert "n too small (n = 14)" in rings.hovertext[1]
    named = [label for label, _ in selection.choices(figure)]
    assert any(label.startswith("2026 Q1") and "Win rate: n too small" in label for label in named), named
    for trace in figure.data:
        assert 9 / 14 not in [y for y in (trace.y or ()) if y is not None], trace.name


def test_the_decks_withheld_share_ring_rests_on_its_quarters_axis_at_no_rate(review: Review) -> None:
    """The deck's native line of no-decision shares draws a withheld quarter's ring as the page does: resting on
    the quarters' axis (its value axis from 0%, no band under it), its words "n too small (n = 7)" beside it. Centred
    in a band one tick step under 0%, it read as a negative share. The ring is drawn over the chart
    (deck.withheld_rings): its "n too small" series holds no value, as a ring at a height was a number Edit Data
    showed ("-5%")."""
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    from winloss.export.deck import STUB_WORDS, deck_bytes

    table = with_few_losses(review.no_decision, [0])
    deck = Presentation(io.BytesIO(deck_bytes(dataclasses.replace(review, no_decision=table))))
    (slide, frame) = [(slide, shape) for slide in deck.slides for shape in every_shape(slide.shapes)
                      if shape.has_chart and shape.chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
                      and PLACEHOLDER_NAME in [s.name for s in shape.chart.plots[0].series]][0]
    line = frame.chart
    rings = next(s for s in line.plots[0].series if s.name == PLACEHOLDER_NAME)
    assert all(v is None for v in rings.values)
    axis = line.value_axis
    assert axis.minimum_scale == 0.0  # no band under 0%, no negative tick
    shapes = {shape.name: shape for shape in every_shape(slide.shapes)}
    ring, words = shapes[f"{PLACEHOLDER_NAME} 1"], shapes[f"{STUB_WORDS} 1"]
    # The ring's bottom read off the chart's plot area (its manual layout, fractions of the chart): on 0%, the
    # plot's floor, within a point, not under it.
    top, height = (float(frame.chart._chartSpace.xpath(f".//c:plotArea/c:layout//c:{tag}/@val")[0]) for tag in "yh")
    floor_emu = frame.top + (top + height) * frame.height
    assert abs(ring.top + ring.height - floor_emu) <= 12700, (ring.top + ring.height, floor_emu)
    assert words.text_frame.text.endswith(f"(n = {table.row(0, named=True)['losses']:,})")
    assert words.left >= ring.left + ring.width and words.top < ring.top < words.top + words.height  # beside it


def test_a_profile_with_no_deals_in_the_quarter_compared_draws_no_stub(review: Review) -> None:
    """A hatched stub says "too few", never "none": the review's profile chart drew one for a profile with no
    deal in "2026 Q3 to the same day", its hover "no deals". No bar nor stub there; the hover says no deals,
    and a profile of too few deals keeps its stub."""
    # Made from counts (few_deals.with_few_deals): the first profile no deal in the quarter compared, the second 4.
    none_before = with_few_deals(review.profiles, [0], 0, previous=True)
    table = with_few_deals(none_before, [1], 4, previous=True)
    figure = review_charts.profile_figure(dataclasses.replace(review, profiles=table))
    previous = [t for t in figure.data if t.type == "bar" and t.offsetgroup == "previous"]
    drawn = {x for t in previous for x, y in zip(t.x, t.y, strict=True) if y is not None}
    first, second = table["seller_profile"][0], table["seller_profile"][1]
    assert first not in drawn and second in drawn, drawn
    (bar,) = [t for t in previous if t.name == review.previous]
    assert bar.hovertext[0].endswith("no deals")
    assert not none_before["small_n"].any() and none_before["previous_small_n"].to_list()[1:] == [False] * (table.height - 1)
    keys = [t.name for t in review_charts.profile_figure(dataclasses.replace(review, profiles=none_before)).data]
    assert not [k for k in keys if k and k.startswith("n too small (fewer")], keys  # no key to a stub not drawn


def test_a_profile_chart_of_withheld_rates_alone_gives_way_to_a_sentence(review: Review) -> None:
    """Every rate withheld, the axis ran 0-10% and each stub read as a rate of some 0.5%: the page, the report and
    the deck say why there is no chart instead (views.review.missing_charts)."""
    from winloss.views.review import missing_charts

    assert "profiles" not in missing_charts(review)
    every = range(review.profiles.height)  # each profile on 8 deals in both quarters: its flags by its counts
    table = with_few_deals(with_few_deals(review.profiles, every), every, previous=True)
    assert table["small_n"].all() and table["previous_small_n"].all()
    said = missing_charts(dataclasses.replace(review, profiles=table))["profiles"]
    assert said.startswith("No profile has the 20 deals a rate needs in") and said.endswith("is in the caption below.")
