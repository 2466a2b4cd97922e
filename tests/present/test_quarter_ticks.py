"""A trend's quarter ticks stay side by side and level: 8 quarters of "n = 1,069" in the Overview's trend
at 1280 px in presenter mode were wider than a quarter's share of the plot, and Plotly turned them
sideways. charts.quarter_ticks words them to fit, the same rule on every chart with quarter ticks."""

from __future__ import annotations

import polars as pl
import pytest
from small_deals import generated_deals
from tick_gaps import ACROSS, ACROSS_1024, BESIDE, BESIDE_1024, least_gap_px

from winloss.present import charts, review_charts
from winloss.present.charts import ChartRoom, line_em, quarter_ticks
from winloss.present.theme import FONT_PX, PRESENTER_SCALE
from winloss.views.review import quarterly_review

# Measured widths of two ticks' lines (px) at the app's type and in presenter mode.
MEASURED = {("2024 Q4", 13): 49.875, ("n = 1,018", 13): 54.58, ("2024 Q4", 18): 69.06, ("n = 1,018", 18): 75.58}


def quarter_names(n: int, fiscal: bool = False, to_date: bool = False) -> list[str]:
    names = [f"{'FY' if fiscal else ''}{2024 + i // 4} Q{i % 4 + 1}" for i in range(n)]
    return names[:-1] + [f"{names[-1]} to date"] if to_date else names


def test_a_lines_width_is_estimated_at_or_past_what_the_browser_draws() -> None:
    for (line, font), px in MEASURED.items():
        assert px <= line_em(line) * font <= px * 1.05, (line, font)


@pytest.mark.parametrize("presenter", [True, False])
@pytest.mark.parametrize("screen", [1024, 1280, 1440])
@pytest.mark.parametrize("fiscal", [False, True])
def test_four_to_twelve_quarters_read_side_by_side_at_1024_1280_and_1440_px(presenter: bool, screen: int,
                                                                             fiscal: bool) -> None:
    """Each chart is given the room it has at 1280 px and at 1024 px (a page cannot know the screen), so its
    ticks fit at 1024 px and, the plot being wider, at 1280 and 1440 px: at least half an em apart, whatever
    the counts, with a quarter to date or not, in presenter mode and out of it. Fitted to 1280 px alone, a
    rep's eight quarters in presenter mode ran together at 1024 px; where no wording fits (nine fiscal
    quarters, "Q1" over "FY24"), every other quarter is named (charts.named_quarters)."""
    scale = PRESENTER_SCALE if presenter else 1.0
    font = round(FONT_PX * scale)
    for (width, plots), narrowest, axis in ((BESIDE[presenter], BESIDE_1024[presenter], charts.RATE_AXIS_EM),
                                            (ACROSS[presenter], ACROSS_1024[presenter], charts.COUNT_AXIS_EM)):
        for n in range(4, 13):
            for closed in (27, 1_069, 12_345):
                for to_date in (False, True):
                    names = quarter_names(n, fiscal, to_date)
                    room = ChartRoom(width, scale, narrowest)
                    ticks = quarter_ticks(names, [closed] * n, room, axis)
                    assert len(set(ticks)) == n  # each still names its own quarter
                    named = charts.named_quarters(ticks, room, axis)
                    assert named[-1] == ticks[-1] and len(named) >= (n + 1) // 2  # the latest, and every other at least
                    gap = least_gap_px(ticks, plots[screen], font, named)
                    assert gap >= charts.TICK_GAP_EM * font, (n, closed, to_date, ticks, gap)


def test_the_ticks_shorten_only_as_far_as_the_room_asks() -> None:
    """Across the page every count reads whole; beside the outcome mix in presenter mode, 8 quarters write
    it in two figures, 12 name the quarter over its year (each point's hover gives its rate's n), and 12
    fiscal quarters write the year short."""
    beside, across = ChartRoom(712, PRESENTER_SCALE), ChartRoom(1220, PRESENTER_SCALE)
    eight = quarter_names(8, to_date=True)
    assert quarter_ticks(eight, [1_069] * 8, across)[-2:] == ["2025 Q3<br>n = 1,069", "2025 Q4<br>to date<br>n = 1,069"]
    assert quarter_ticks(eight, [1_069] * 8, beside)[-2:] == ["2025 Q3<br>n = 1.1k", "2025 Q4<br>to date<br>n = 1.1k"]
    assert quarter_ticks(eight, [27] * 8, beside)[0] == "2024 Q1<br>n = 27"  # short counts: whole
    # A quarter the range's end cuts says where on its own line, as a quarter to date does.
    cut = [*quarter_names(7), "2025 Q4 to 1 Nov"]
    assert quarter_ticks(cut, [1_069] * 8, across)[-1] == "2025 Q4<br>to 1 Nov<br>n = 1,069"
    assert quarter_ticks(cut, [1_069] * 8, beside)[-1] == "2025 Q4<br>to 1 Nov<br>n = 1.1k"
    assert quarter_ticks(quarter_names(12), [1_069] * 12, beside)[:2] == ["Q1<br>2024", "Q2<br>2024"]
    assert quarter_ticks(quarter_names(12, fiscal=True), [27] * 12, beside)[-1] == "Q4<br>FY26"
    assert quarter_ticks(quarter_names(4), None, beside) == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    assert charts.quarter_count(1_069) == "1.1k" and charts.quarter_count(999) == "999" and charts.quarter_count(12_345) == "12.3k"


def test_every_chart_with_quarter_ticks_keeps_them_level_and_words_them_for_its_room() -> None:
    trend = pl.DataFrame({
        "quarter": quarter_names(8), "closed": [1_069] * 8, "n": [1_069] * 8, "won": [400] * 8, "lost": [400] * 8,
        "no_decision": [269] * 8, "win_rate": [0.37] * 8, "win_rate_lo": [0.34] * 8, "win_rate_hi": [0.4] * 8,
        "no_decision_share_of_closed": [0.25] * 8,
    })
    room = ChartRoom(712, PRESENTER_SCALE)
    figures = {
        "trend": charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES], room=room),
        "outcomes": charts.quarterly_outcomes(trend, title="t", room=room),
    }
    for name, figure in figures.items():
        assert figure.layout.xaxis.tickangle == 0, name
        assert {tuple(t.x) for t in figure.data if t.x is not None and t.x[0] is not None} == {
            tuple(quarter_ticks(quarter_names(8), [1_069] * 8, room, charts.COUNT_AXIS_EM if name == "outcomes"
                                else charts.RATE_AXIS_EM))}, name
    assert list(figures["trend"].data[0].x)[0] == "2024 Q1<br>n = 1.1k"
    assert all(note.x == round(note.x) for note in figures["trend"].layout.annotations)  # one series: on its tick


def test_the_reviews_no_decision_trend_names_its_quarters_by_the_same_rule() -> None:
    deals = generated_deals()
    review = quarterly_review(deals, "2025 Q3", deals["close_date"].max())
    figure = review_charts.no_decision_figure(review)
    quarters = review.no_decision.get_column("quarter").to_list()
    for axis in (figure.layout.xaxis, figure.layout.xaxis2):
        assert axis.tickangle == 0
        assert list(axis.ticktext) == quarter_ticks(quarters) and list(axis.tickvals) == quarters
