"""The quarter ticks of every page's trend, through AppTest on the sample's eight quarters of about 1,100
closed deals each: at 1280 px in presenter mode the Overview's "n = 1,069" ticks were wider than a
quarter's share of the plot and Plotly turned them sideways, and at 1024 px a rep's "2024 Q4" ran into
"2025 Q1". Each page gives its trend the room it has (ui.drill.chart_room, at 1280 and 1024 px), and the
ticks read level and apart in presenter mode and out of it."""

from __future__ import annotations

import json

import pytest
from app_driver import opened
from tick_gaps import ACROSS, BESIDE, least_gap_px

from ui import drill
from winloss.present.theme import PRESENTER_SCALE

EIGHT_QUARTERS = {"period": "custom", "from": "2024-10-01", "to": "2026-09-30"}
# Each page's trend: the words its title starts with, and where it is drawn.
TRENDS = {"overview": ("Win rate and", BESIDE), "no_decision": ("Closed deals by outcome", ACROSS),
          "reps": ("Camila Brennan by quarter", BESIDE)}


def trend_spec(at, title: str) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (spec,) = [s for s in specs if s["layout"].get("title", {}).get("text", "").startswith(title)]
    return spec


@pytest.mark.parametrize("presenter", [True, False])
@pytest.mark.parametrize("page", sorted(TRENDS))
def test_every_trends_quarter_ticks_read_level_and_apart_at_1024_1280_and_1440_px(store, page: str, presenter: bool) -> None:
    extra = {"rep": "Camila Brennan"} if page == "reps" else {}
    at = opened(page, present=str(presenter).lower(), **EIGHT_QUARTERS, **extra)
    assert not at.exception, [e.value for e in at.exception]
    title, placed = TRENDS[page]
    spec = trend_spec(at, title)
    ticks = next(t["x"] for t in spec["data"] if t.get("x") and t["x"][0] is not None)
    # The first quarter named whole, or over its year where a projector's 1024 px leaves it no more room.
    assert len(ticks) == 8 and ticks[0].startswith(("2024 Q4", "Q4<br>2024"))
    assert spec["layout"]["xaxis"]["tickvals"] == ticks  # every one of the eight named
    font = round(13 * (PRESENTER_SCALE if presenter else 1))  # the charts' type, px
    for screen, plot in placed[presenter][1].items():
        assert least_gap_px(ticks, plot, font) >= font / 2, (page, screen, ticks)
    assert spec["layout"]["xaxis"]["tickangle"] == 0  # never turned by Plotly


def test_a_chart_is_given_no_more_room_than_the_browser_gave_it_at_1280_px() -> None:
    for presenter in (True, False):
        assert drill.chart_room(presenter, 0.6).width_px <= BESIDE[presenter][0]
        assert drill.chart_room(presenter).width_px <= ACROSS[presenter][0]
        assert drill.chart_room(presenter).scale == (PRESENTER_SCALE if presenter else 1)
