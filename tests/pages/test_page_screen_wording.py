"""What a leader reads on the pages at a glance, through AppTest on the sample: which open deals an
at-risk list holds, and the quarterly review's tiles each one card."""

from __future__ import annotations

import re

from app_driver import opened

OPEN_NOW_DATED = re.compile(r"open now \(created by \d{1,2} [A-Z][a-z]{2} \d{4}\)")


def captions_of(at) -> list[str]:
    return [c.value for c in at.caption] + [m.value for m in at.markdown]


def test_the_at_risk_lists_say_which_open_deals_they_hold(store) -> None:
    """The default range ends at the last complete quarter, weeks before the data's day: the lists hold
    the deals open now that were created by the range's end, and their captions say so."""
    nd = opened("no_decision")
    assert not nd.exception, [e.value for e in nd.exception]
    said = [c for c in captions_of(nd) if "at risk when" in c]
    assert said and all(OPEN_NOW_DATED.search(c) for c in said), said
    rep = opened("reps", rep="Noah Ito")
    assert not rep.exception, [e.value for e in rep.exception]
    said = [c for c in captions_of(rep) if "at risk when" in c or c.startswith("Closed in range")]
    assert len(said) == 2 and all(OPEN_NOW_DATED.search(c) for c in said), said
