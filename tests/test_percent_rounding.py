"""Percentages round a half up, as a person and a spreadsheet do: 25 of 40 deals (62.5%) read "62%" and
1 of 8 "12%" (Python's rounding takes a half to the even number) while 37.5% read "38%"."""

from __future__ import annotations

import pytest

from winloss.text import interval, percent, points, points_between, relative, whole_percent


@pytest.mark.parametrize(("rate", "shown"), [
    (25 / 40, "63%"), (1 / 8, "13%"), (3 / 8, "38%"), (5 / 8, "63%"), (29 / 200, "15%"), (0.456, "46%"),
    (0.0, "0%"), (1.0, "100%"), (0.004, "<1%"), (0.996, ">99%"),
])
def test_a_half_percent_rounds_up(rate, shown):
    assert percent(rate) == shown


def test_changes_and_intervals_round_as_the_rates_do():
    assert points(0.125) == "+13 pts" and points(-0.125) == "-13 pts" and points(0.004) == "±0 pts"
    assert relative(0.125) == "+13%"
    assert interval(1 / 8, 5 / 8) == "13–63%"
    assert whole_percent(25 / 40) == 63
    # The change beside two labels is read off the labels: 62.5% and 61.5% read "63%" and "62%".
    assert points_between(0.625, 0.615) == pytest.approx(0.01)
