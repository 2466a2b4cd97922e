"""The words of a bar not chosen, while a click has chosen another bar of its chart.

Plotly dims them from the trace's text colour; given one colour a bar, it reads the whole list as one
colour, cannot, and logs a "WARN: Invalid color specifier" stack trace in the browser's console for every
bar (39 on the Reps page after a click on a rep's bar), drawing the words black. A trace whose words
have a colour a bar names the colour of its unchosen words itself: one colour. The click's drill is
checked in the browser (tests/e2e/test_browser_drill.py, test_browser_presenter_lists.py).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest

from winloss.present import charts
from winloss.present.colours import channels
from winloss.present.theme import TEXT_COLOUR, UNSELECTED_TEXT_COLOUR


def _board(reps: int) -> pl.DataFrame:
    return pl.DataFrame({
        "rep": [f"Rep {i}" for i in range(reps)], "n": [7 + 20 * i for i in range(reps)],
        "win_rate": [0.05 + 0.9 * i / reps for i in range(reps)],
        "win_rate_lo": [0.9 * i / reps for i in range(reps)], "win_rate_hi": [0.1 + 0.9 * i / reps for i in range(reps)],
    })


FIGURES = {
    "rate bars": lambda: charts.rate_bars(_board(6), "rep", title="Win rate by rep"),
    "outcome mix": lambda: charts.outcome_mix(
        pl.DataFrame({"closed": [200], "won": [60], "lost": [90], "no_decision": [50]}), title="How deals ended"),
    "cycle bars": lambda: charts.cycle_bars(pl.DataFrame({
        "outcome": ["won", "lost", "no_decision"], "deals": [60, 90, 50], "median_days": [40.0, 55.0, 90.0],
        "p25_days": [20.0, 30.0, 60.0], "p75_days": [70.0, 80.0, 140.0]}), title="Days to close"),
}


@pytest.mark.parametrize("make", FIGURES.values(), ids=FIGURES.keys())
def test_a_bars_words_coloured_one_by_one_have_one_colour_when_another_bar_is_chosen(make) -> None:
    figure: go.Figure = make()
    coloured_by_bar = [t for t in figure.data if t.type == "bar" and isinstance(t.textfont.color, tuple | list)]
    assert coloured_by_bar, "the chart no longer colours its words bar by bar: this test checks nothing of it"
    for trace in coloured_by_bar:
        assert trace.unselected.textfont.color == UNSELECTED_TEXT_COLOUR, trace.name
        # Given `unselected`, Plotly dims no bar itself and reads `selected` for the chosen bar's words
        # (a page error that stopped the click's drill, with no `selected`): both as Plotly's own look.
        assert (trace.selected.marker.opacity, trace.unselected.marker.opacity) == (1, 0.2), trace.name


def test_unchosen_words_are_the_text_colour_dimmed_as_plotly_dims_one_colour() -> None:
    # Drawn on white, rgba(r, g, b, 0.2) is 20% of the text colour and 80% white.
    expected = tuple(0.2 * c + 0.8 for c in channels(TEXT_COLOUR))
    assert channels(UNSELECTED_TEXT_COLOUR) == pytest.approx(expected)
