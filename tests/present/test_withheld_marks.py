"""A rate on too few deals is in no chart's data, and no interval is given for it: a grey stub (a bar) or a
ring (a point) of one fixed size keeps its place (winloss.present.withheld), on every page's charts as in
the review's. A hatched bar of Cat's 71% on 7 deals ran to 71%, and its hover gave its interval, 36-92%."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest

from winloss.present import charts, withheld
from winloss.present.withheld import PLACEHOLDER_NAME

HELD = 0.71  # Cat's win rate, on 7 deals


def board() -> pl.DataFrame:
    return pl.DataFrame({
        "rep": ["Ann", "Bob", "Cat", "Dee"], "seller_profile": ["Challenger", "Hard Worker", "Lone Wolf", "Challenger"],
        "n": [120, 60, 7, 12], "win_rate": [0.5, 0.4, HELD, 0.25],
        "win_rate_lo": [0.41, 0.28, 0.36, 0.087], "win_rate_hi": [0.59, 0.53, 0.92, 0.533],
    })


def numbers(figure) -> set[float]:
    """Every number in the figure's traces."""
    return {float(v) for v in re.findall(r"-?\d+\.\d+", json.dumps([trace.to_plotly_json() for trace in figure.data]))}


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_withheld_bar_is_a_stub_of_one_length_with_no_rate_and_no_interval(horizontal: bool) -> None:
    figure = charts.rate_bars(board(), "rep", title="Win rate by rep", horizontal=horizontal)
    bars = figure.data[0]
    lengths = list(bars.x if horizontal else bars.y)
    assert lengths[:2] == [0.5, 0.4] and lengths[2:] == [None, None]
    (stub,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    stubs = list(stub.x if horizontal else stub.y)
    assert stubs[:2] == [None, None] and stubs[2] == stubs[3] and 0 < stubs[2] < 0.25
    assert [list(c)[0] for c in stub.customdata] == ["Ann", "Bob", "Cat", "Dee"]  # a click on it drills as its bar's
    assert "n too small (n = 7)" in stub.hovertext[2] and "interval" not in stub.hovertext[2]
    assert not {HELD, 0.36, 0.92, 0.25, 0.087, 0.533} & numbers(figure)
    # Its words, "n too small", stand past the stub.
    assert any("n too small" in (t.text or [""])[0] for t in figure.data if t.type == "scatter" and t.text)


def test_a_withheld_band_bar_is_a_stub_in_its_profiles_slot() -> None:
    table = pl.DataFrame({
        "seller_profile": ["Challenger", "Challenger", "Lone Wolf"], "band": ["Small", "Large", "Small"],
        "n": [40, 9, 30], "win_rate": [0.5, HELD, 0.3], "win_rate_lo": [0.35, 0.4, 0.17], "win_rate_hi": [0.65, 0.9, 0.48],
    })
    figure = charts.band_bars(table, ["Small", "Medium", "Large"], title="Win rate by deal size")
    challenger = next(t for t in figure.data if t.type == "bar" and t.name == "Challenger")
    assert list(challenger.x) == [0.5, None]
    (stub,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert stub.offsetgroup == challenger.offsetgroup and list(stub.y) == ["Small", "Large"]
    assert stub.x[0] is None and 0 < stub.x[1] < 0.2
    assert HELD not in numbers(figure)


def test_a_withheld_point_is_a_ring_on_the_quarters_axis_and_the_line_not_drawn_to_it() -> None:
    trend = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "closed": [40, 7, 40], "n": [40, 7, 40],
        "win_rate": [0.3, HELD, 0.4], "win_rate_lo": [0.18, 0.36, 0.26], "win_rate_hi": [0.45, 0.92, 0.55],
        "no_decision_share_of_losses_n": [28, 4, 24], "no_decision_share_of_losses": [0.5, 0.25, 0.45],
        "no_decision_share_of_losses_lo": [0.33, 0.05, 0.27], "no_decision_share_of_losses_hi": [0.67, 0.7, 0.64],
    })
    figure = charts.rate_trend(trend, title="Win rate by quarter")
    line = next(t for t in figure.data if t.name == "Win rate")
    assert list(line.y) == [0.3, None, 0.4]
    rings = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    heights = {y for t in rings for y in t.y if y is not None}
    # At one height, 0 on the unseen axis over the rate axis: on the quarters' axis, at no rate.
    assert len(rings) == 2 and heights == {0.0} and {t.yaxis for t in rings} == {withheld.MARK_AXIS}
    hovers = [h for t in rings for h in t.hovertext if "n too small" in h]
    assert hovers and not [h for h in hovers if "interval" in h]
    assert not {HELD, 0.25, 0.92, 0.7} & numbers(figure)


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_withheld_reps_choice_is_marked_as_any_others(horizontal: bool) -> None:
    """The keyboard list under a chart of reps named Cat, who left, as anyone once her rate was withheld: her
    choice came from the grey stub, which did not carry the chart's marks (selection.MARKS_META)."""
    from winloss.present.selection import choices

    marks = {"Bob": "left on 30 Sep 2026", "Cat": "left on 3 Mar 2026"}
    figure = charts.rate_bars(board(), "rep", title="Win rate by rep", horizontal=horizontal, marks=marks)
    assert [t.name for t in figure.data if t.type == "bar"] == ["Win rate", PLACEHOLDER_NAME]  # Cat's is a stub
    labels = {c.point["customdata"][0]: c.label for c in choices(figure)}
    assert sorted(labels) == ["Ann", "Bob", "Cat", "Dee"]
    for rep, label in labels.items():
        assert (marks[rep] in label) if rep in marks else ("left on" not in label), label
    if horizontal:  # its words after the name, before its n, as every list of reps gives them
        assert labels["Cat"] == "Cat (left on 3 Mar 2026) (n = 7)"
