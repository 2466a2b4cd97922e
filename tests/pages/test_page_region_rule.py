"""The region filter and the No decision page's region chart say which region a deal is in when deals' own
Region differs from their rep's roster region (winloss.regions): the rule had been applied silently."""

from __future__ import annotations

from app_driver import opened

from tests.test_regions import SENTENCE, _stored


def test_the_region_filter_and_the_region_chart_say_the_rule(store):
    _stored(store)
    at = opened("no_decision", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    assert SENTENCE in [c.value for c in at.sidebar.caption]
    assert f":material/info: {SENTENCE}" in [c.value for c in at.main.caption]
