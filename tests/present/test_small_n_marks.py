"""A mark on too few deals is told from Unprofiled's grey by more than a shade, on every chart that
can show one: a bar hatched and outlined, a point a hollow ring, the legend naming it."""

from __future__ import annotations

import dataclasses
import re

import polars as pl
import pytest
from few_losses import with_few_losses
from point_labels import labelled_quarter
from small_deals import generated_deals

from data_models.vocabulary import NO_DECISION, UNPROFILED
from winloss.measures.bands import win_rate_by_profile_and_band
from winloss.present import charts, review_charts, withheld
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.present.theme import (
    OUTCOME_COLOURS,
    PROFILE_COLOURS,
    SMALL_N_COLOUR,
    SMALL_N_EDGE,
    SMALL_N_HATCH,
    SMALL_N_SYMBOL,
    bar_marker,
)
from winloss.rates import wilson_interval
from winloss.text import ND_SHARE_OF_LOSSES, amounts_small_n_note, sentence, small_n_legend
from winloss.views.common import too_few_expr
from winloss.views.review import quarterly_review, section_captions

LEGEND = small_n_legend()


def hatched(trace) -> list[bool]:
    """Which bars of `trace` are hatched and outlined (both, or neither: a half rule is a bug)."""
    shapes = trace.marker.pattern.shape
    widths = trace.marker.line.width
    marks = [shape == SMALL_N_HATCH for shape in shapes]
    outlined = [w > 0 and c == SMALL_N_EDGE for w, c in zip(widths, trace.marker.line.color, strict=True)]
    assert marks == outlined
    return marks


def hollow(trace) -> list[bool]:
    return [symbol == SMALL_N_SYMBOL for symbol in trace.marker.symbol]


def test_a_small_bar_is_hatched_and_an_unprofiled_bar_is_not() -> None:
    board = pl.DataFrame({
        "rep": ["Ann", "Bob", "Cat"], "seller_profile": ["Challenger", UNPROFILED, "Lone Wolf"],
        "n": [120, 60, 7], "win_rate": [0.5, 0.4, 0.71],
        "win_rate_lo": [0.41, 0.28, 0.36], "win_rate_hi": [0.59, 0.53, 0.92],
    })
    for horizontal in (True, False):
        figure = charts.rate_bars(board, "rep", title="t", colour_by="seller_profile", colours=PROFILE_COLOURS,
                                  horizontal=horizontal)
        bars = figure.data[0]
        assert hatched(bars) == [False, False, True]
        assert bars.marker.color[1] == PROFILE_COLOURS[UNPROFILED]  # Unprofiled keeps its grey, plain
        (legend,) = [t for t in figure.data if t.name == LEGEND]
        assert legend.marker.line.color == SMALL_N_EDGE and legend.marker.symbol == "square-x"


@pytest.mark.parametrize("small", [[False, False, True], [True, True], [False]])
def test_the_hatchings_ground_is_one_colour_the_fill_of_every_hatched_bar(small: list[bool]) -> None:
    """Plotly reads a pattern's ground (bgcolor) as one colour when it works out the hatching's defaults;
    left unset, an overlaid pattern's ground is the bars' list of colours, which it cannot read, and the
    browser's console got a "WARN: Invalid color specifier" stack trace for every bar chart drawn (about
    400 on a walk through the pages). The ground is drawn only under a hatched bar's pattern."""
    fills = ["#123456", "#ABCDEF", "#FFFFFF"][:len(small)]
    board = pl.DataFrame({"rep": [f"R{i}" for i in range(len(small))], "n": [7 if s else 120 for s in small],
                          "win_rate": [0.5] * len(small), "win_rate_lo": [0.4] * len(small),
                          "win_rate_hi": [0.6] * len(small)})
    for marker in (bar_marker(fills, small), charts.rate_bars(board, "rep", title="t").data[0].marker.to_plotly_json()):
        pattern = marker["pattern"]
        assert pattern["fillmode"] == "overlay"
        assert isinstance(pattern.get("bgcolor", marker["color"]), str)
        hatched_fills = {colour for colour, shape in zip(marker["color"], pattern["shape"], strict=True) if shape == SMALL_N_HATCH}
        assert hatched_fills <= {pattern.get("bgcolor")}
        assert hatched_fills == ({SMALL_N_COLOUR} if any(small) else set())


def test_a_chart_with_no_small_bar_has_no_hatching_and_no_legend_for_it() -> None:
    board = pl.DataFrame({"rep": ["Ann"], "n": [120], "win_rate": [0.5], "win_rate_lo": [0.41], "win_rate_hi": [0.59]})
    figure = charts.rate_bars(board, "rep", title="t")
    assert hatched(figure.data[0]) == [False]
    assert all(t.name != LEGEND for t in figure.data)


def test_band_bars_hatch_exactly_the_small_cells() -> None:
    bands = win_rate_by_profile_and_band(generated_deals())
    min_n = int(bands.table["n"].median())  # some cells below it, some not
    figure = charts.band_bars(bands.table, bands.labels, title="t", min_n=min_n)
    seen = set()
    for trace in (t for t in figure.data if t.type == "bar" and t.name != PLACEHOLDER_NAME):
        rows = bands.table.filter(pl.col("seller_profile") == trace.name)
        small = dict(zip(rows["band"], rows["n"] < min_n, strict=True))
        assert hatched(trace) == [small[b] for b in trace.y]
        # A small cell's rate is withheld: no bar of its length (winloss.present.withheld).
        assert [x is None for x in trace.x] == [small[b] for b in trace.y]
        seen |= set(hatched(trace))
    assert seen == {True, False}  # the sample has both, so the test can tell them apart


def test_trend_points_on_few_deals_are_hollow_rings_named_in_the_legend() -> None:
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 5], "n": [40, 5], "win_rate": [0.5, 0.6],
        "win_rate_lo": [0.35, 0.23], "win_rate_hi": [0.65, 0.88],
    })
    figure = charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES])
    assert hollow(figure.data[0]) == [False, True]
    (legend,) = [t for t in figure.data if t.name == LEGEND]
    assert list(legend.marker.symbol) == [SMALL_N_SYMBOL]


def test_the_no_decision_share_on_few_closed_deals_is_a_hollow_ring() -> None:
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 5], "won": [20, 2], "lost": [10, 2], "no_decision": [10, 1],
        "no_decision_share_of_closed": [0.25, 0.2],
    })
    figure = charts.quarterly_outcomes(trend, title="t")
    assert hollow(figure.data[0]) == [False, True]
    assert any(t.name == LEGEND for t in figure.data)


@pytest.fixture(scope="module")
def review():
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def test_the_reviews_profile_bars_hatch_small_profiles_this_quarter_and_last(review) -> None:
    profiles = pl.DataFrame({
        "seller_profile": ["Challenger", UNPROFILED], "won": [30, 8], "n": [60, 12],
        "win_rate": [0.5, 0.66], "win_rate_lo": [0.38, 0.39], "win_rate_hi": [0.62, 0.86], "small_n": [False, True],
        "previous_win_rate": [0.4, 0.5], "previous_n": [10, 50], "previous_small_n": [True, False],
        "verdict": ["", ""],
    })
    figure = review_charts.profile_figure(dataclasses.replace(review, profiles=profiles))
    previous, previous_stub, now, now_stub = [t for t in figure.data if t.type == "bar"]
    assert hatched(previous) == [True, False]
    assert hatched(now) == [False, True]
    # A withheld rate has no bar, a stub in its place (winloss.present.withheld) in its quarter's slot.
    assert list(previous.y) == [None, 0.5] and list(now.y) == [0.5, None]
    assert (previous_stub.offsetgroup, now_stub.offsetgroup) == (previous.offsetgroup, now.offsetgroup)
    assert previous_stub.y[1] is None and now_stub.y[0] is None and previous_stub.y[0] == now_stub.y[1]
    # Both quarters' stubs are grey and hatched alike: each names its quarter above it.
    this_short, previous_short = review.quarter.split(" ")[1], review.previous.split(" ")[1]
    # Each withheld place's words once, on its stub: the bar of no value also wrote them at its base.
    assert list(previous.text) == ["", "50%"]
    assert list(previous_stub.text) == [f"{previous_short}<br>n = 10", ""]
    # Both quarters' bars carry their rates (Review.profile_bar_words): the quarter reviewed's were blank.
    assert list(now.text) == ["50%", ""]
    assert list(now_stub.text) == ["", f"{this_short}<br>n = 12"]
    assert any(t.name == LEGEND for t in figure.data)
    # Each quarter's legend squares are its bars' colours, whatever its first bar's n: the bars' own
    # swatches were both grey and hatched when the first profile was small in both quarters, and this
    # quarter's one dark grey square matched none of its bars (drawn in their profiles' colours).
    legend = [t for t in figure.data if t.showlegend is not False and t.name != LEGEND]
    previous_keys = [t for t in legend if t.legendgroup == "previous"]
    assert [(t.name, t.marker.color) for t in previous_keys] == [(review.previous, review_charts.PREVIOUS_COLOUR)]
    # This quarter's bars are in their profiles' colours: the legend's title says so. No entry without a
    # square of its own (a transparent one read as a missing swatch).
    assert figure.layout.legend.title.text == review_charts.this_quarter_key(review.quarter, [PROFILE_COLOURS["Challenger"]])
    assert [t.name for t in legend] == [review.previous]
    # Every square the legend shows is a colour a bar of its quarter has.
    assert set(previous.marker.color) >= {review_charts.PREVIOUS_COLOUR}
    assert previous.showlegend is False and now.showlegend is False
    assert figure.layout.xaxis.type == "category" and list(now.x) == ["Challenger", UNPROFILED]
    # Unprofiled this quarter is on too few deals: no whisker strikes its hatching (Challenger keeps its own).
    assert now.error_y.array[1] is None and now.error_y.array[0] == pytest.approx(0.12)
    # Two profiles take the room of three: their bars keep the width they have beside the others.
    assert list(figure.layout.xaxis.range) == [-1.0, 2.0]
    one = review_charts.profile_figure(dataclasses.replace(review, profiles=profiles.head(1)))
    assert list(one.layout.xaxis.range) == [-1.5, 1.5]
    every = review_charts.profile_figure(review)
    assert list(every.layout.xaxis.range) == [-0.5, review.profiles.height - 0.5]


def test_the_reviews_no_decision_line_rings_a_quarter_on_few_losses(review) -> None:
    table = with_few_losses(review.no_decision, [0])
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table))
    assert hollow(figure.data[0]) == [True] + [False] * (table.height - 1)
    # Its "n too small" sits just above the point: no whisker runs through it; the others keep theirs.
    assert figure.data[0].error_y.array[0] is None and figure.data[0].error_y.array[1] is not None


def test_the_reviews_value_bar_of_a_quarter_on_few_losses_is_hatched_as_its_point_is_hollow(review) -> None:
    """The caption says "a bar drawn hatched, or a ring drawn hollow, has fewer than 20 losses"; the quarter's value bar was drawn
    plain (a paler amber when not the review's quarter), so only half of it was true. An amount's bar;
    with amounts hidden the bar is a share of closed deal value, hatched by its own n, the closed deals
    (tests/views/test_share_small_n_rule.py)."""
    hide_amounts = False
    table = with_few_losses(review.no_decision, [0, 2])
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table, hide_amounts=hide_amounts))
    (bars,) = [t for t in figure.data if t.type == "bar"]
    expected = [i in (0, 2) for i in range(table.height)]
    assert hatched(bars) == expected == hollow(figure.data[0])
    # A bar on enough losses keeps its colour: this quarter's amber, the others' paler one.
    for i, quarter in enumerate(table["quarter"]):
        if not expected[i]:
            colour = OUTCOME_COLOURS[NO_DECISION] if quarter == review.quarter else review_charts.VALUE_COLOUR
            assert bars.marker.color[i] == colour
    caption = section_captions(dataclasses.replace(review, no_decision=table, hide_amounts=hide_amounts))["no_decision"]
    assert sentence(amounts_small_n_note()) in caption


def test_a_quarter_with_no_loss_draws_no_mark_and_the_caption_claims_none(review) -> None:
    """A quarter without a single loss is on "fewer than 20 losses" but has no point and no value to
    draw: nothing is hatched or hollow, so the caption does not say what those mean."""
    table = review.no_decision.with_columns(
        small_n=pl.int_range(pl.len()) == 0,
        losses=pl.when(pl.int_range(pl.len()) == 0).then(0).otherwise(pl.col("losses")),
        no_decision=pl.when(pl.int_range(pl.len()) == 0).then(0).otherwise(pl.col("no_decision")),
        no_decision_share_of_losses=pl.when(pl.int_range(pl.len()) == 0).then(None)
        .otherwise(pl.col("no_decision_share_of_losses")),
    )
    assert sentence(amounts_small_n_note()) not in section_captions(dataclasses.replace(review, no_decision=table))["no_decision"]


def test_the_reviews_no_decision_value_axis_reads_0_when_every_bar_is_0(review) -> None:
    """No deal lost to no decision had an amount: one tick, $0, not Plotly's 0-1 axis in milli-dollars ("$200m")."""
    table = review.no_decision.with_columns(pl.lit(0.0).alias("no_decision_amount"))
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table))
    assert list(figure.layout.yaxis2.tickvals) == [0] and list(figure.layout.yaxis2.ticktext) == ["$0"]
    priced = review_charts.no_decision_figure(review)
    assert len(priced.layout.yaxis2.tickvals) > 1 and priced.layout.yaxis2.range[1] > 0


@pytest.mark.parametrize(("top", "ticks"), [
    (950.0, ["$0", "$500", "$1k"]), (127_500.0, ["$0", "$50k", "$100k", "$150k"]),
    (5_026_400.0, ["$0", "$2M", "$4M", "$6M"]), (2.4e9, ["$0", "$1B", "$2B", "$3B"]),  # "~s" wrote "$1G"
])
def test_the_reviews_value_axis_is_written_as_its_bars_are(review, top: float, ticks: list[str]) -> None:
    """The value lost to no decision: bars labelled by text.money ("$128k"), the axis beside them in the
    same rule, not Plotly's "~s" ("$1G" for a billion), and high enough to hold the tallest label."""
    from winloss.text import money

    amounts = [top * 0.1, None, top]
    table = review.no_decision.head(3).with_columns(pl.Series("no_decision_amount", amounts, pl.Float64))
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table))
    axis, bars = figure.layout.yaxis2, [t for t in figure.data if t.type == "bar"][0]
    assert list(axis.ticktext) == ticks == [money(v) for v in axis.tickvals]
    assert axis.tickformat is None and axis.tickvals[-1] <= axis.range[1] and axis.range[1] >= top * 1.2
    # The quarter of no amount has no bar and no bar label: what it lacks stands at its place instead
    # (review.no_decision_value_marks, a trace of its own), never a "—" on a bar of nothing.
    assert list(bars.text) == [money(amounts[0]), "", money(amounts[2])]


def test_the_reviews_no_decision_labels_stay_inside_the_plot_and_off_the_line(review) -> None:
    """Three quarters, 20%, 0% and 38%: Plotly's own axis ended at the top point, cutting its label in
    half, and each label centred above its point lay on the line running up from 0% to 38%. (On too few
    losses the shares are withheld, no point at all: test_withheld_marks.) Its shares, intervals and small-n flags
    are its counts' (rates.wilson_interval, common.too_few_expr): each quarter on enough losses."""
    undecided, losses = [4, 0, 9], [20, 20, 24]
    lows, highs = zip(*(wilson_interval(u, n) for u, n in zip(undecided, losses, strict=True)), strict=True)
    table = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "no_decision": undecided, "losses": losses,
        "no_decision_share_of_losses": [u / n for u, n in zip(undecided, losses, strict=True)],
        "no_decision_share_of_losses_lo": lows, "no_decision_share_of_losses_hi": highs,
        "no_decision_amount": [1000.0, 0.0, 3000.0], "no_decision_value_share": [0.1, 0.0, 0.3],
    })
    table = table.with_columns(too_few_expr("no_decision_share_of_losses", table.columns).alias("small_n"))
    assert table["small_n"].to_list() == [False, False, False]
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table, quarter="2026 Q3"))
    (words,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    # Away from the line: right of the fall from Q1, under the valley, left of the rise into Q3.
    assert list(words.textposition) == ["top right", "bottom center", "top left"]
    low, high = figure.layout.yaxis.range
    room = review_charts.SHARE_LABEL_ROOM * (high - low)
    assert high >= 0.375 + room - 1e-6 and low <= 0.0 - room + 1e-6  # the top label and the one under 0% are inside
    assert min(figure.layout.yaxis.tickvals) == 0  # no "-5%" tick for the room under 0%
    # The whiskers' ends are inside too: the top bound (57%, over the 38% point and its label's room) stretches the axis.
    assert max(highs) > 0.375 + room and high >= max(highs)


@pytest.mark.parametrize(("shares", "places"), [
    ([0.3, 0.4, 0.5], ["bottom right", "top left", "top left"]),  # a steady rise
    ([0.5, 0.4, 0.3], ["top right", "top right", "bottom left"]),  # a steady fall
    ([0.3, 0.5, 0.3], ["bottom right", "top center", "bottom left"]),  # a peak
    ([0.4], ["top center"]),
])
def test_each_no_decision_label_sits_on_the_side_its_line_leaves_free(shares, places) -> None:
    assert review_charts._clear_of_the_line(shares) == places


def whisker_drawn(error) -> list[bool]:
    """Which points of a trace's error_y / error_x draw a whisker (either arm)."""
    return [p is not None or m is not None for p, m in zip(error.array, error.arrayminus, strict=True)]


def test_no_trend_point_on_few_deals_draws_a_whisker_on_either_line() -> None:
    """The Overview's trend: a point labelled "n too small" drew its Wilson whisker, struck through its words."""
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 9], "n": [40, 9], "win_rate": [0.5, 0.6],
        "win_rate_lo": [0.35, 0.3], "win_rate_hi": [0.65, 0.95],
        "no_decision_share_of_losses_n": [5, 20], "no_decision_share_of_losses": [0.4, 0.3],
        "no_decision_share_of_losses_lo": [0.12, 0.14], "no_decision_share_of_losses_hi": [0.77, 0.52],
    })
    figure = charts.rate_trend(trend, title="t", min_n=10)
    won, nd = figure.data[0], figure.data[1]
    assert whisker_drawn(won.error_y) == [True, False]
    assert whisker_drawn(nd.error_y) == [False, True]
    # A point without a whisker has no words either (charts.point_label): its ring says it.
    notes = {(labelled_quarter(figure, a), a.text) for a in figure.layout.annotations}
    assert notes == {("2025 Q1", "50%"), ("2025 Q2", "30%")}
    # The axis is not stretched for a whisker it does not draw: 0.95 was Q2's.
    assert figure.layout.yaxis.range[1] < 0.95


def test_no_decision_share_of_closed_draws_no_whisker_on_a_quarter_of_few_deals() -> None:
    """The No decision page's "Closed deals by outcome each quarter": its share line did."""
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 4], "won": [20, 1], "lost": [10, 1], "no_decision": [10, 2],
        "no_decision_share_of_closed": [0.25, 0.5],
    })
    figure = charts.quarterly_outcomes(trend, title="t", min_n=10)
    line = figure.data[0]  # the share line, above the bars
    assert whisker_drawn(line.error_y) == [True, False]
    # The quarter of few deals has its ring and no words (charts.point_label); the other its share.
    assert [(a.x.split("<br>")[0], a.text) for a in figure.layout.annotations] == [("2025 Q1", "25%")]
    assert line.hovertext[1].endswith("n too small (n = 4)")  # no empty line under it, where its interval would be


@pytest.mark.parametrize("where", ["win_rate", "no_decision"])
def test_every_whisker_of_the_sample_charts_is_on_a_point_of_enough_deals(where: str) -> None:
    """Every chart drawing rate whiskers over the sample, its threshold above some quarters' n."""
    from winloss.measures.trends import quarterly_trend

    trend = quarterly_trend(generated_deals()).filter(pl.col("closed") > 0)
    min_n = int(trend["closed"].median())
    if where == "win_rate":
        figure = charts.rate_trend(trend, title="t", min_n=min_n)
        lines = [(figure.data[0], trend["n"]), (figure.data[1], trend["no_decision_share_of_losses_n"])]
    else:
        figure = charts.quarterly_outcomes(trend, title="t", min_n=min_n)
        lines = [(figure.data[0], trend["closed"])]
    seen = set()
    for trace, counts in lines:
        small = [c < min_n for c in counts]
        drawn = whisker_drawn(trace.error_y)
        assert not any(d and s for d, s in zip(drawn, small, strict=True))
        seen |= set(small)
    assert seen == {True, False}


def test_every_hatched_bars_words_are_past_its_end_off_the_hatching() -> None:
    """Words drawn on the small-n hatching did not read ("Unprofiled · n too small (n = 11)" on a long
    hatched band bar, "n too small" on a rep's): every hatched bar's words go past its end, in the text
    colour, on an axis that reaches on to hold them, however long the bar."""
    board = pl.DataFrame({
        "rep": ["Ann", "Bo", "Cy"], "n": [40, 12, 9], "win_rate": [0.45, 0.58, 0.9],
        "win_rate_lo": [0.3, 0.3, 0.6], "win_rate_hi": [0.6, 0.8, 0.98],
    })
    for horizontal in (True, False):
        figure = charts.rate_bars(board, "rep", title="t", horizontal=horizontal)
        bars = figure.data[0]
        hatched = [shape != "" for shape in bars.marker.pattern.shape]
        assert hatched == [False, True, True]
        assert [p for p, h in zip(bars.textposition, hatched, strict=True) if h] == ["none", "none"]
        (beside,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
        at = list(beside.x if horizontal else beside.y)
        # Past each withheld rate's stub (winloss.present.withheld), not past the rate.
        assert at[0] == at[1] < 0.1 and all("n too small" in t for t in beside.text)
    bands = pl.DataFrame({
        "seller_profile": ["Challenger", "Unprofiled"], "band": ["Small", "Small"], "n": [50, 11],
        "win_rate": [0.48, 0.62], "win_rate_lo": [0.35, 0.3], "win_rate_hi": [0.61, 0.85],
    })
    figure = charts.band_bars(bands, ["Small"], title="t")
    unprofiled = next(t for t in figure.data if t.type == "bar" and t.name == "Unprofiled")
    assert list(unprofiled.textposition) == ["none"]
    words = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    # Past the withheld rate's stub (winloss.present.withheld: 6% of the band chart's 0-100% axis).
    assert [list(t.x) for t in words] == [[withheld.stub(1.0)]] and "Unprofiled · n too small (n = 11)" in words[0].text[0]


def test_the_reviews_hovers_give_no_rate_on_too_few_deals(review) -> None:
    """A profile's bar of 12 deals and a quarter of 8 losses are withheld; their hovers had read
    "66% (n = 12)" and "38% of losses (3 of 8)", and then the withheld rate's interval."""
    profiles = pl.DataFrame({
        "seller_profile": ["Challenger", UNPROFILED], "won": [30, 8], "n": [60, 12],
        "win_rate": [0.5, 0.66], "win_rate_lo": [0.38, 0.39], "win_rate_hi": [0.62, 0.86], "small_n": [False, True],
        "previous_win_rate": [0.4, 0.5], "previous_n": [10, 50], "previous_small_n": [True, False],
        "verdict": ["", ""],
    })
    previous, _, now, _ = [t for t in review_charts.profile_figure(dataclasses.replace(review, profiles=profiles)).data
                           if t.type == "bar"]
    assert previous.hovertext[0].endswith(f"{review.previous}: n too small (n = 10)")
    assert previous.hovertext[1].endswith(f"{review.previous}: 50% (n = 50)")
    # No empty line where the withheld rate's interval is left out (charts.hover_lines).
    assert f"{review.quarter}: n too small (n = 12)<br>Against" in now.hovertext[1] and "interval" not in now.hovertext[1]
    assert f"{review.quarter}: 50% (n = 60)<br>95% interval 38–62%" in now.hovertext[0]
    table = with_few_losses(review.no_decision, [0], losses=8)
    line = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table)).data[0]
    assert line.hovertext[0] == f"{table['quarter'][0]}: n too small (n = 8)"
    assert line.hovertext[1].endswith(f"of losses ({table['no_decision'][1]} of {table['losses'][1]})")


# ---- a line joins only points on enough deals -----------------------------------------------------------
def joined(trace) -> list[tuple[int, int]]:
    """The segments a trace draws: none for points alone, else each pair of neighbouring points it has a value for."""
    if "lines" not in (trace.mode or ""):
        return []
    ys = list(trace.y)
    return [(i, i + 1) for i in range(len(ys) - 1) if ys[i] is not None and ys[i + 1] is not None]


def test_a_trends_line_joins_no_ring() -> None:
    """Zoe Miller's two quarters of one won deal each: a solid line at 100% ran between her two rings,
    and read as a win rate of 100%."""
    zoe = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2"], "closed": [1, 1], "n": [1, 1], "win_rate": [1.0, 1.0],
                        "win_rate_lo": [0.21, 0.21], "win_rate_hi": [1.0, 1.0]})
    figure = charts.rate_trend(zoe, title="t", series=[charts.WIN_RATE_SERIES])
    (line,) = [t for t in figure.data if t.name == "Win rate"]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert joined(line) == [] and list(line.y) == [None, None]
    # Withheld (winloss.present.withheld): rings on the quarters' axis, at no rate, not at 100%.
    assert rings.y[0] == rings.y[1] == 0.0 and rings.yaxis == withheld.MARK_AXIS and rings.marker.symbol == SMALL_N_SYMBOL
    assert rings.showlegend is False and rings.legendgroup == line.legendgroup == "Win rate"
    # The rings keep what a point is for: its hover and the click to its deals.
    assert "n too small (n = 1)" in rings.hovertext[0] and list(rings.customdata[1]) == ["2026 Q2", "win_rate"]


def test_a_trends_line_runs_between_points_on_enough_deals_and_stops_at_a_ring() -> None:
    trend = pl.DataFrame({"quarter": ["Q1", "Q2", "Q3", "Q4", "Q5"], "closed": [40, 30, 5, 35, 45],
                          "n": [40, 30, 5, 35, 45], "win_rate": [0.5, 0.4, 0.8, 0.45, 0.5],
                          "win_rate_lo": [0.35, 0.24, 0.38, 0.3, 0.36], "win_rate_hi": [0.65, 0.58, 0.96, 0.61, 0.64]})
    figure = charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES])
    (line,) = [t for t in figure.data if t.name == "Win rate"]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert joined(line) == [(0, 1), (3, 4)]  # none into or out of Q3, on 5 deals
    assert [y is not None for y in rings.y] == [False, False, True, False, False] and rings.y[2] != 0.8
    assert line.error_y.array[0] is not None  # the points on enough deals keep their whiskers


def test_the_no_decision_pages_share_line_joins_no_ring() -> None:
    trend = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "closed": [40, 8, 6], "won": [20, 4, 3],
                          "lost": [10, 2, 1], "no_decision": [10, 2, 2], "no_decision_share_of_closed": [0.25, 0.25, 1 / 3]})
    figure = charts.quarterly_outcomes(trend, title="t")
    (share,) = [t for t in figure.data if t.name == "No decision ÷ closed"]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert joined(share) == []  # Q1 alone on enough deals, Q2 and Q3 withheld
    assert list(share.y) == [0.25, None, None] and rings.y[0] is None and rings.y[1] == rings.y[2] != 0.25


def test_the_reviews_share_line_joins_no_ring(review) -> None:
    table = with_few_losses(review.no_decision, [0, 1])
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table))
    (line,) = [t for t in figure.data if t.name == ND_SHARE_OF_LOSSES]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert joined(line) == [(i, i + 1) for i in range(2, table.height - 1)]
    assert list(line.y)[:2] == [None, None]  # withheld: no point of its share
    assert list(rings.y)[2:] == [None] * (table.height - 2) and rings.y[0] == rings.y[1]


def test_the_profile_legends_key_for_this_quarter_shows_a_square_in_each_colour_its_bars_are_drawn_in(review) -> None:
    """The legend's title read "2026 Q3: each profile's colour", words alone beside the previous quarter's
    square: an entry whose swatch was missing. It shows a square in each colour this quarter's bars are
    drawn in (a bar on too few deals is grey and hatched: not its profile's colour), then the words."""
    profiles = pl.DataFrame({
        "seller_profile": ["Challenger", "Hard Worker", UNPROFILED], "won": [30, 20, 8], "n": [60, 40, 12],
        "win_rate": [0.5, 0.5, 0.66], "win_rate_lo": [0.38, 0.35, 0.39], "win_rate_hi": [0.62, 0.65, 0.86],
        "small_n": [False, False, True], "previous_win_rate": [0.4, 0.5, 0.5], "previous_n": [30, 30, 50],
        "previous_small_n": [False, False, False], "verdict": ["", "", ""],
    })
    title = review_charts.profile_figure(dataclasses.replace(review, profiles=profiles)).layout.legend.title.text
    squares = re.findall(r"<span style='color:(#[0-9A-Fa-f]{6})'>" + review_charts.SWATCH + "</span>", title)
    assert squares == [PROFILE_COLOURS["Challenger"], PROFILE_COLOURS["Hard Worker"]]
    assert title.startswith("<span") and title.endswith(f" {review.quarter}, each profile's colour")
    # Every bar on too few deals: none is in its profile's colour, and no title claims one.
    small = profiles.with_columns(small_n=pl.lit(True))
    assert review_charts.profile_figure(dataclasses.replace(review, profiles=small)).layout.legend.title.text is None
