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


def bordered_cards(at) -> list:
    """The page's bordered containers (st.container(border=True)) as AppTest's blocks."""
    from rendered import nodes

    return [n for n in nodes(at._tree)
            if n.type == "flex_container" and n.proto.flex_container.border and n.proto.flex_container.direction == 1]


def test_each_review_tile_is_one_card_with_its_change_lines(store) -> None:
    """A bordered metric with its YoY and n lines under the border wrapped apart from them at 1280 px:
    each headline tile is one card holding its value, change and lines."""
    from rendered import nodes

    at = opened("review")
    assert not at.exception, [e.value for e in at.exception]
    metrics = [m for m in at.metric if m.label in ("Win rate", "No decision ÷ losses", "Closed deals", "Won value")]
    assert len(metrics) == 4
    cards = bordered_cards(at)
    for metric in metrics:
        card = next((c for c in cards if any(n is metric for n in nodes(c))), None)
        assert card is not None, f"the {metric.label} tile is not in a card"
        lines = [n.value for n in nodes(card) if n.type == "caption"]
        assert any(" vs " in line for line in lines), (metric.label, lines)  # its year-on-year line, in the card
        assert not metric.proto.show_border  # one border: the card's, not the metric's inside it
