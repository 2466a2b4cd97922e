"""A trend's quarters side by side on a projector's 1024 px: each quarter's tick, measured line by line, keeps
TICK_GAP_EM from its neighbour's in the room a quarter has there. Fitted to the trend's room at 1280 px, a
rep's eight quarters in presenter mode were written "2024 Q4" over "n = 20" (some 70 px each) where each had
some 60 px, and ran together ("2024 Q42025 Q12025 Q2")."""

from __future__ import annotations

import polars as pl
import pytest

from ui import drill
from winloss.present import charts

# px the rep's trend (and the Overview's) is drawn across at 1024 px in presenter mode, as Chromium draws it:
# 0.6 of the page, the outcome mix beside it.
TREND_AT_1024_PX = 558
TREND_SHARE = 0.6


def quarters_trend(quarters: int) -> pl.DataFrame:
    names = [f"{2024 + (3 + i) // 4} Q{(3 + i) % 4 + 1}" for i in range(quarters)]
    return pl.DataFrame({
        "quarter": names, "closed": [20 + i for i in range(quarters)], "won": [10] * quarters,
        "n": [20 + i for i in range(quarters)], "win_rate": [0.5] * quarters, "win_rate_lo": [0.3] * quarters,
        "win_rate_hi": [0.7] * quarters, "no_decision_share_of_losses_n": [20] * quarters,
        "no_decision_share_of_losses": [0.3] * quarters, "no_decision_share_of_losses_lo": [0.15] * quarters,
        "no_decision_share_of_losses_hi": [0.5] * quarters,
    })


def test_the_trends_room_at_1024_px_is_what_chromium_draws() -> None:
    """drill.chart_room's narrowest width for the trend in presenter mode is the 558 px Chromium draws it, a
    px or two less at most (a px more would fit ticks that do not)."""
    room = drill.chart_room(True, TREND_SHARE)
    assert room.narrowest_px is not None
    assert TREND_AT_1024_PX - 3 <= room.narrowest_px <= TREND_AT_1024_PX + 0.5


@pytest.mark.parametrize("quarters", [4, 6, 8, 9])
def test_a_trends_quarter_ticks_fit_side_by_side_at_1024_px_in_presenter_mode(quarters: int) -> None:
    """Each line of a quarter's tick, measured at the presenter's type (charts.line_em, Arial's widths, which
    Chromium's "n = 20" took within a px), and its neighbour's line at the same height take at most the room
    between their ticks less TICK_GAP_EM."""
    room = drill.chart_room(True, TREND_SHARE)
    figure = charts.rate_trend(quarters_trend(quarters), title="t", room=room)
    ticks = list(dict.fromkeys(figure.data[0].x))
    assert len(ticks) == quarters
    font = room.font_px()
    slot_px = (TREND_AT_1024_PX - charts.CHART_MARGIN_PX - charts.RATE_AXIS_EM * font) / quarters
    for left, right in zip(ticks, ticks[1:], strict=False):
        for a, b in zip(left.split("<br>"), right.split("<br>"), strict=False):
            widths = [charts.line_em(line) * font for line in (a, b)]
            assert sum(widths) / 2 + charts.TICK_GAP_EM * font <= slot_px, (left, right, widths, slot_px)


def test_a_trend_at_1280_px_keeps_its_widest_ticks_where_1024_px_holds_them() -> None:
    """Four quarters fit whole ("2025 Q4" over "n = 20") at 1024 px: reckoned at the narrowest, the ticks are
    no shorter than they need be."""
    figure = charts.rate_trend(quarters_trend(4), title="t", room=drill.chart_room(True, TREND_SHARE))
    assert list(dict.fromkeys(figure.data[0].x))[0] == "2024 Q4<br>n = 20"
