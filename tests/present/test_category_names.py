"""Category names from a file (a region, a segment, a rep, a loss reason) on a chart's axis: one measured
rule on every chart (charts.category_lines). Each name takes at most two lines, each within the room its
category has in the chart's width, the rest cut with "…", the hover naming it whole; the ticks stay level.
Broken after 24 characters with no end to the second line, a 75-character region (or one 40-letter word)
squeezed the half-width "No decision ÷ losses by region" chart into a strip whose ticks Plotly turned."""

from __future__ import annotations

import dataclasses
import html

import polars as pl
import pytest
from small_deals import generated_deals

from winloss.present import charts, review_charts
from winloss.present.charts import ChartRoom
from winloss.present.theme import PRESENTER_SCALE
from winloss.text import label

# A chart in one of two columns at 1280 px (ui.drill.chart_room(presenter, 0.5)): 449 px of the app's
# type, or 593 px of the screen in presenter mode, its type PRESENTER_SCALE larger.
HALF = {False: ChartRoom(449, 1.0), True: ChartRoom(593, PRESENTER_SCALE)}
LONG = "North America, Central America and the Caribbean, excluding Mexico and Cuba"  # 75 characters
WORD = "Kundenbetreuungsgebietsneuordnungsplanes"  # 40 letters, no space to break at
HOSTILE = "**x** <b>Ltd</b> $x$ & Söhne"
SHORT = "EMEA"
REGIONS = (LONG, WORD, HOSTILE, SHORT)


def rates(names: tuple[str, ...] | list[str], n: int = 40, dimension: str = "region") -> pl.DataFrame:
    """A rate_bars frame: one row per name, each on `n` deals (rates 30-60%)."""
    count = len(names)
    return pl.DataFrame({
        dimension: list(names), "n": [n + i for i in range(count)],
        "win_rate": [0.3 + 0.1 * (i % 4) for i in range(count)],
        "win_rate_lo": [0.2 + 0.1 * (i % 4) for i in range(count)],
        "win_rate_hi": [0.4 + 0.1 * (i % 4) for i in range(count)],
    })


def lines_of(tick: str) -> list[str]:
    """A tick label's lines as the chart draws them (its entities as the characters they stand for)."""
    return [html.unescape(line) for line in tick.split("<br>")]


def drawn_ticks(axis, bars) -> list[str]:
    """The tick labels a chart draws on its category axis: the axis's own, else its bars' categories."""
    return list(axis.ticktext) if axis.ticktext else list(bars.y if bars.orientation == "h" else bars.x)


def one_of(name: str, lines: list[str]) -> None:
    """`lines` are `name` whole, or its start cut with "…" (spaces the lines were broken at aside)."""
    whole, squeezed = "".join(lines).replace(" ", ""), name.replace(" ", "")
    assert whole == squeezed or (whole.endswith("…") and squeezed.startswith(whole[:-1])), (name, lines)


@pytest.mark.parametrize("presenter", [False, True], ids=["plain", "presenter"])
def test_a_half_width_charts_names_take_two_lines_of_their_room_and_its_ticks_stay_level(presenter: bool) -> None:
    room = HALF[presenter]
    frame = rates(REGIONS)
    figure = charts.rate_bars(frame, "region", title="No decision ÷ losses by region", horizontal=True, room=room)
    (bars,) = [t for t in figure.data if t.type == "bar"]
    ticks = drawn_ticks(figure.layout.yaxis, bars)
    room_px = charts.name_room(room)
    assert room_px <= charts.NAME_SHARE * 449
    widest = 0.0
    for tick, name, n in zip(ticks, REGIONS, frame["n"], strict=True):
        lines = lines_of(tick)
        assert len(lines) <= 2, lines
        assert lines[-1].endswith(f"  (n = {n})")
        names = [*lines[:-1], lines[-1].removesuffix(f"  (n = {n})")]
        assert all(charts.chart_words_px(line) <= room_px for line in names), (names, room_px)
        one_of(name, names)
        widest = max(widest, *(charts.chart_words_px(line) for line in lines))
    assert lines_of(ticks[0])[-1].removesuffix("  (n = 40)").endswith("…")  # the 75 characters cut
    assert [len(line) for line in lines_of(ticks[1])][0] < len(WORD)  # the one word broken, not run on
    assert ticks[3] == "EMEA  (n = 43)"  # a short name as it was
    assert "&lt;b&gt;Ltd&lt;/b&gt;" in ticks[2] and "&amp;" in ticks[2] and "&#36;" in ticks[2]  # text, not markup
    # Level ticks, no more than the width the labels leave holds.
    assert figure.layout.xaxis.tickangle == 0 and figure.layout.yaxis.tickangle == 0
    steps = len(figure.layout.xaxis.tickvals) - 1
    assert steps * charts.RATE_TICK_PX <= max(room.width_px / room.scale - widest - charts.PLOT_SIDES_PX,
                                              2 * charts.RATE_TICK_PX)
    # The hover names each whole, escaped.
    for hover, name in zip(bars.hovertext, REGIONS, strict=True):
        assert hover.startswith(f"<b>{label(name)}</b>")


@pytest.mark.parametrize("presenter", [False, True], ids=["plain", "presenter"])
def test_a_vertical_charts_names_fit_their_column(presenter: bool) -> None:
    room = HALF[presenter]
    figure = charts.rate_bars(rates(REGIONS), "region", title="t", room=room)
    (bars,) = [t for t in figure.data if t.type == "bar"]
    slot = charts.column_room(room, len(REGIONS))
    for tick, name in zip(drawn_ticks(figure.layout.xaxis, bars), REGIONS, strict=True):
        lines = lines_of(tick)
        assert lines[-1].startswith("n = ")
        assert len(lines[:-1]) <= 2 and all(charts.chart_words_px(line) <= slot for line in lines[:-1]), lines
        one_of(name, lines[:-1])
    assert figure.layout.xaxis.tickangle == 0 and figure.layout.yaxis.tickangle == 0


@pytest.mark.parametrize("reference", [None, 0.44], ids=["alone", "with a reference line"])
def test_each_bar_of_a_short_chart_holds_its_names_two_lines(reference: float | None) -> None:
    """Four regions, two of them over two lines, in a half-width chart: its plot (the figure less the
    title's and the legend's margin above it and the rate axis's ticks and title under it, 54 px) gives
    each bar the two lines of 13 px type and a gap. Reckoned with the title alone, the legend's row came
    out of the plot: 31 px a bar, and one name's lines touched the next's."""
    figure = charts.rate_bars(rates(REGIONS), "region", title="t", horizontal=True, room=HALF[False],
                              reference=reference, reference_n=400)
    assert sum("<br>" in tick for tick in figure.layout.yaxis.ticktext) >= 2
    top = figure.layout.margin.t if figure.layout.margin.t is not None else charts.TITLE_ROOM
    assert figure.layout.height - top - 54 >= len(REGIONS) * charts.TWO_LINE_BAR_HEIGHT


def test_two_names_cut_alike_stay_two_bars() -> None:
    """Two regions cut to the same words on the same n are two categories, not one bar on another."""
    frame = rates([f"{LONG} North", f"{LONG} South"]).with_columns(n=pl.lit(40))
    figure = charts.rate_bars(frame, "region", title="t", horizontal=True, room=HALF[False])
    (bars,) = [t for t in figure.data if t.type == "bar"]
    assert figure.layout.yaxis.ticktext[0] == figure.layout.yaxis.ticktext[1]
    assert len(set(bars.y)) == 2 and list(figure.layout.yaxis.tickvals) == list(bars.y)


def test_charts_side_by_side_tick_alike_whatever_their_names() -> None:
    """A region chart of long names beside a segment chart of short ones: one axis end and one set of
    ticks, the fewest either holds level."""
    room = HALF[True]
    by_region, by_segment = charts.on_one_rate_axis([
        lambda top: charts.rate_bars(rates(REGIONS), "region", title="r", horizontal=True, room=room, at_least=top),
        lambda top: charts.rate_bars(rates(["SMB", "Enterprise"], dimension="segment"), "segment", title="s",
                                     horizontal=True, room=room, at_least=top),
    ])
    assert list(by_region.layout.xaxis.range) == list(by_segment.layout.xaxis.range)
    assert list(by_region.layout.xaxis.tickvals) == list(by_segment.layout.xaxis.tickvals)
    alone = charts.rate_bars(rates(REGIONS), "region", title="r", horizontal=True, room=room)
    assert len(by_region.layout.xaxis.tickvals) <= len(alone.layout.xaxis.tickvals)


def test_a_loss_reasons_name_takes_two_lines_of_its_room() -> None:
    reasons = pl.DataFrame({
        "loss_reason": [LONG, WORD, "Price"], "outcome": ["lost", "no_decision", "lost"],
        "deals": [30, 20, 10], "share": [0.5, 0.33, 0.17],
    })
    room = HALF[False]
    figure = charts.reason_bars(reasons, title="Why deals were lost", room=room)
    bars = [t for t in figure.data if t.type == "bar"]
    ticks = list(figure.layout.yaxis.ticktext) if figure.layout.yaxis.ticktext else list(figure.layout.yaxis.categoryarray)
    for tick, name in zip(ticks, reasons["loss_reason"], strict=True):
        lines = lines_of(tick)
        assert len(lines) <= 2 and all(charts.chart_words_px(line) <= charts.name_room(room) for line in lines), lines
        one_of(name, lines)
    assert ticks[2] == "Price"
    assert figure.layout.xaxis.tickangle == 0 and figure.layout.yaxis.tickangle == 0
    hovers = [h for trace in bars for h in trace.hovertext]
    assert any(h.startswith(f"<b>{label(LONG)}</b>") for h in hovers)


def test_a_top_movers_name_takes_two_lines_of_the_gap_between_the_panels() -> None:
    """The right panel's names sit between the panels: a 75-character rep's name, whole, ran over the
    left panel's plot."""
    from winloss.views.review import quarterly_review

    deals = generated_deals()
    review = quarterly_review(deals, "2025 Q3", deals["close_date"].max())
    movers = pl.DataFrame({
        "rep": [LONG, "Bob", WORD], "seller_profile": ["Challenger", "Lone Wolf", "Hard Worker"],
        "measure": ["win_rate", "no_decision_share_of_losses", "no_decision_share_of_losses"],
        "measure_label": ["Win rate", "No decision ÷ losses", "No decision ÷ losses"],
        "before": [0.40, 0.30, 0.5], "after": [0.60, 0.10, 0.2], "change": [0.2, -0.2, -0.3],
        "n_before": [30, 25, 20], "n_after": [31, 22, 24], "p_value": [0.01, 0.04, 0.03], "significant": [True] * 3,
    })
    room = ChartRoom(930)  # across the page at 1280 px (ui.drill.chart_room)
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=movers), room)
    room_px = review_charts.movers_name_room(room)
    seen = []
    for axis in (figure.layout.yaxis, figure.layout.yaxis2):
        assert axis.ticktext, axis
        for tick in axis.ticktext:
            lines = lines_of(tick)
            assert len(lines) <= 2 and all(charts.chart_words_px(line) <= room_px for line in lines), lines
            seen.append(lines)
    assert ["Bob"] in seen and any(lines[-1].endswith("…") for lines in seen)
    assert figure.layout.xaxis.tickangle == 0 and figure.layout.xaxis2.tickangle == 0
    hovers = [h for trace in figure.data if trace.hovertext for h in trace.hovertext]
    assert any(h.startswith(label(LONG)) for h in hovers)
