"""No chart draws two bars of one category on top of each other, so that the longer hides the shorter
(Plotly's barmode "overlay", or two traces sharing an offsetgroup): every bar of every category shows."""

from __future__ import annotations

from collections import defaultdict

import plotly.graph_objects as go
import polars as pl
import pytest
from small_deals import generated_deals

from winloss.measures.bands import win_rate_by_profile_and_band
from winloss.measures.no_decision import cycle_days_by_outcome, loss_reasons
from winloss.measures.profiles import top_performer_mix
from winloss.measures.summary import outcome_summary
from winloss.measures.trends import quarterly_trend
from winloss.present import charts, review_charts
from winloss.views.review import quarterly_review


def hidden_bars(figure: go.Figure) -> list[tuple[str, str]]:
    """(category, trace names) of each place where bars of one category are drawn over each other.

    Bars of two traces on the same axes share a slot when the layout overlays them (barmode
    "overlay") or, grouped, when the traces share an offsetgroup. Stacked bars follow each other.
    """
    mode = figure.layout.barmode or "group"  # Plotly's default
    slots: dict[tuple, list[str]] = defaultdict(list)
    for i, trace in enumerate(figure.data):
        if trace.type != "bar":
            continue
        horizontal = trace.orientation == "h"
        categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
        if mode in ("stack", "relative"):
            continue
        slot = trace.offsetgroup if mode == "group" and trace.offsetgroup else (i if mode == "group" else "overlay")
        for category, value in zip(categories or (), values or (), strict=True):
            if value:  # a bar of 0 hides nothing
                slots[(trace.xaxis or "x", trace.yaxis or "y", category, slot)].append(trace.name or f"trace {i}")
    return [(key[2], " / ".join(names)) for key, names in slots.items() if len(names) > 1]


def both_outcomes() -> pl.DataFrame:
    """Loss reasons as loss_reasons gives them, "(no reason given)" under both outcomes: 22 lost, 15 no decision."""
    rows = [("(no reason given)", "lost", 22), ("(no reason given)", "no_decision", 15), ("Price", "lost", 7),
            ("Went dark", "no_decision", 5), ("Timing", "lost", 1), ("Timing", "no_decision", 30)]
    total = sum(d for _, _, d in rows)
    return pl.DataFrame({"loss_reason": [r for r, _, _ in rows], "outcome": [o for _, o, _ in rows],
                         "deals": [d for _, _, d in rows], "share": [d / total for _, _, d in rows],
                         "amount": [1.0] * len(rows)}).sort("deals", descending=True)


def test_the_helper_sees_an_overlaid_bar() -> None:
    figure = go.Figure([go.Bar(y=["a"], x=[3], orientation="h", name="one"),
                        go.Bar(y=["a"], x=[2], orientation="h", name="two")])
    assert hidden_bars(figure) == []  # Plotly's default groups them
    figure.update_layout(barmode="overlay")
    assert hidden_bars(figure) == [("a", "one / two")]


def test_a_reason_under_both_outcomes_is_one_stacked_bar_whose_every_part_and_total_is_written() -> None:
    figure = charts.reason_bars(both_outcomes(), title="Why deals were lost")
    assert hidden_bars(figure) == []
    assert figure.layout.barmode == "stack"
    bars = [t for t in figure.data if t.type == "bar"]
    parts = {(y, t.customdata[i][1]): (x, text) for t in bars for i, (y, x, text) in enumerate(zip(t.y, t.x, t.text, strict=True))}
    assert parts[("(no reason given)", "lost")] == (22, "22 · 28%")
    assert parts[("(no reason given)", "no_decision")] == (15, "15 · 19%")
    # Most frequent first by all of a reason's deals: 37, then Timing's 31.
    assert list(figure.layout.yaxis.categoryarray) == ["(no reason given)", "Timing", "Price", "Went dark"]
    (ends,) = [t for t in figure.data if t.type == "scatter"]
    totals = dict(zip(ends.y, ends.text, strict=True))
    assert totals["(no reason given)"].strip() == "37 in all · 46%"
    # Timing's one lost deal is too short a part for "1 · 1%": its total names it instead.
    assert parts[("Timing", "lost")] == (1, "") and totals["Timing"].strip() == "31 in all · 39%, 1 lost"
    assert parts[("Timing", "no_decision")] == (30, "30 · 38%")
    # Each total has room right of its bar: the axis runs past the longest bar by its words.
    assert figure.layout.xaxis.range[1] > 37 / (1 - charts.CHAR_SHARE * len(totals["(no reason given)"])) - 1e-9
    # A reason under one outcome only is a bar with its own words and no total.
    assert parts[("Price", "lost")] == (7, "7 · 9%") and "Price" not in totals


def test_reasons_under_one_outcome_each_keep_the_plain_axis() -> None:
    one_each = both_outcomes().filter(pl.col("loss_reason").is_in(["Price", "Went dark"]))
    figure = charts.reason_bars(one_each, title="t")
    assert hidden_bars(figure) == [] and [t.type for t in figure.data] == ["bar", "bar"]
    assert figure.layout.xaxis.range is None


@pytest.fixture(scope="module")
def deals() -> pl.DataFrame:
    return generated_deals()


def test_no_chart_of_the_pages_or_the_review_hides_a_bar(deals: pl.DataFrame) -> None:
    """Every bar chart the pages and the review exports draw, on the sample deals and on a reason
    under both outcomes."""
    bands = win_rate_by_profile_and_band(deals)
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figures = {
        "reasons": charts.reason_bars(both_outcomes(), title="t"),
        "reasons (sample)": charts.reason_bars(loss_reasons(deals), title="t"),
        "outcomes": charts.outcome_mix(outcome_summary(deals), title="t"),
        "cycle": charts.cycle_bars(cycle_days_by_outcome(deals), title="t"),
        "bands": charts.band_bars(bands.table, bands.labels, title="t"),
        "quarters": charts.quarterly_outcomes(trend, title="t"),
        "mix": charts.profile_mix(top_performer_mix(deals, min_n=5), title="t"),
    }
    review = quarterly_review(deals, "2025 Q3", deals["close_date"].max())
    figures |= {f"review {name}": figure for name, figure in review_charts.figures(review).items()}
    assert {name: hidden_bars(figure) for name, figure in figures.items() if hidden_bars(figure)} == {}


def test_a_reason_bar_too_short_for_its_words_has_them_past_its_end() -> None:
    """"17 · 9%" inside a bar a tenth of the axis long ran on past its end, in white on the white."""
    rows = [("Price", "lost", 160), ("Timing", "no_decision", 17), ("Budget", "lost", 3),
            ("(no reason given)", "lost", 100), ("(no reason given)", "no_decision", 1)]
    rows += [(f"Reason {i}", "lost", 1) for i in range(10)]  # past the top 10: an "other reasons" bar of 4
    total = sum(d for _, _, d in rows)
    reasons = pl.DataFrame({"loss_reason": [r for r, _, _ in rows], "outcome": [o for _, o, _ in rows],
                            "deals": [d for _, _, d in rows], "share": [d / total for _, _, d in rows],
                            "amount": [1.0] * len(rows)})
    figure = charts.reason_bars(reasons, title="t")
    top = figure.layout.xaxis.range[1]
    placed = {}
    for trace in (t for t in figure.data if t.type == "bar"):
        for y, x, text, where in zip(trace.y, trace.x, trace.text, trace.textposition, strict=True):
            placed[(y, x)] = where
            if where == "inside" and text:
                assert charts.fits(text, x, top), (y, text)  # what is written inside fits inside
            if where == "outside":
                assert trace.outsidetextfont.color == charts.TEXT_COLOUR  # dark on the white
    assert placed[("Price", 160)] == "inside"
    assert placed[("Timing", 17)] == "outside" and placed[("Budget", 3)] == "outside"
    assert placed[("4 other reasons", 4)] == "outside"
    # A part of a stacked bar stays inside; its words, too long for it, are in the total.
    assert placed[("(no reason given)", 1)] == "inside"
