"""A rep's trend puts its legend (the rep's lines and the team's) under the quarters' ticks, clear of them
whatever their lines: at a share of the plot's height below it (y = -0.2), the legend covered a quarter's
third and fourth lines ("Q1 / FY2027 / to date / n = 43") on a rep's page at 1280 px.

Where each sits is worked out here from the styled figure's layout numbers, by Plotly's own rules of
text (a line is 1.3 times its type; a legend row is that or 16 px, plus 3, with 5 px above and below)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest
from legend_layout import legend_box, legend_entries

from winloss.present import charts
from winloss.present.charts import ChartRoom
from winloss.present.theme import FONT_PX, PRESENTER_SCALE, styled

# The trend's room on a rep's page at 1280 px (ui.drill.chart_room(presenter, 0.6)), where the legend's
# four long entries take a row each.
BESIDE = {False: ChartRoom(539, 1.0), True: ChartRoom(712, PRESENTER_SCALE)}
TEAM = "team NA Enterprise"  # the sample's: "No decision ÷ losses, team NA Enterprise" is wider than half the plot


def quarter_names(n: int, fiscal: bool, to_date: bool) -> list[str]:
    names = [f"{'FY' if fiscal else ''}{2024 + i // 4} Q{i % 4 + 1}" for i in range(n)]
    return names[:-1] + [f"{names[-1]} to date"] if to_date else names


def trend_frame(quarters: list[str], closed: int) -> pl.DataFrame:
    n = len(quarters)
    return pl.DataFrame({
        "quarter": quarters, "closed": [closed] * n, "n": [closed] * n,
        "win_rate": [0.4] * n, "win_rate_lo": [0.3] * n, "win_rate_hi": [0.5] * n,
        "no_decision_share_of_losses": [0.5] * n, "no_decision_share_of_losses_lo": [0.4] * n,
        "no_decision_share_of_losses_hi": [0.6] * n, "no_decision_share_of_losses_n": [closed] * n,
    })


def legend_and_ticks(figure: go.Figure) -> tuple[float, float, float]:
    """px above the figure's bottom edge of the legend's top, of the x ticks' last line's bottom, and of
    the legend's bottom, from the layout's numbers (the legend taken at a row per entry, its most)."""
    layout, template = figure.layout, figure.layout.template.layout
    bottom = layout.margin.b if layout.margin.b is not None else template.margin.b
    line = 1.3 * template.font.size
    lines = max(tick.count("<br>") + 1 for tick in figure.data[0].x)
    legend_top, legend_bottom = legend_box(figure, legend_entries(figure))
    return legend_top, bottom - lines * line, legend_bottom


@pytest.mark.parametrize("presenter", [False, True])
def test_a_reps_trend_keeps_its_legend_below_the_quarters_ticks_whatever_their_lines(presenter: bool) -> None:
    """Four to nine quarters, calendar and fiscal, with a quarter to date or not: ticks of two to four lines,
    at the app's type and in presenter mode, the legend's top below the ticks' last line and its bottom
    within the figure."""
    room = BESIDE[presenter]
    seen, covered, cut = set(), [], []
    for n in (4, 9):
        for fiscal in (False, True):
            for to_date in (False, True):
                for closed in (43, 1_069):
                    trend = trend_frame(quarter_names(n, fiscal, to_date), closed)
                    figure = styled(charts.rate_trend(trend, title="t", reference=trend, reference_name=TEAM, room=room), presenter)
                    seen.add(max(tick.count("<br>") + 1 for tick in figure.data[0].x))
                    legend_top, ticks_bottom, legend_bottom = legend_and_ticks(figure)
                    case = (n, fiscal, to_date, closed, list(figure.data[0].x))
                    if legend_top > ticks_bottom - 4:
                        covered.append((case, legend_top, ticks_bottom))
                    if legend_bottom < 0:
                        cut.append((case, legend_bottom))
    assert seen == {2, 3, 4}
    assert covered == [], "the legend's top reaches the ticks' last line"
    assert cut == [], "the legend runs past the figure's bottom"


@pytest.mark.parametrize("scale", [1.0, PRESENTER_SCALE])
@pytest.mark.parametrize("lines", [1, 2, 3, 4])
def test_the_rule_holds_the_ticks_lines_a_gap_and_the_legends_rows(lines: int, scale: float) -> None:
    ticks = ["<br>".join(["Q1"] * lines), "2026 Q2"]
    names = ["Win rate", "Win rate, team NA Enterprise", "No decision ÷ losses", "No decision ÷ losses, team NA Enterprise"]
    room = ChartRoom(539 * scale, scale)
    below = charts.legend_below_ticks(ticks, names, room)
    assert below["legend"] == {"yref": "container", "y": 0, "yanchor": "bottom"}
    line = 1.3 * round(FONT_PX * scale)
    rows = charts.legend_rows(names, room)
    assert rows == 4  # a row each: the longest entry is wider than half the plot
    legend_px = rows * (max(line, 16) + 3) + 2 * 5
    assert below["margin"]["b"] - lines * line - legend_px >= 4
    assert charts.tick_lines(ticks) == lines
    assert charts.legend_rows(names[:2], ChartRoom(1220, 1.0)) == 1


@pytest.mark.parametrize("presenter", [False, True])
def test_a_legend_entry_of_two_lines_keeps_the_legend_below_the_ticks(presenter: bool) -> None:
    """A long team's name wraps in the legend (views.reps.team_line_name): "No decision ÷ losses, team
    EMEA Enterprise &<br>Strategic Accounts". The margin under the plot holds each row as tall as its
    entry of most lines: counted as one line a row, the legend (pinned to the figure's bottom) grew up
    over the quarters' ticks."""
    room = BESIDE[presenter]
    trend = trend_frame(quarter_names(6, False, True), 1_069)
    team = "team EMEA Enterprise &amp;<br>Strategic Accounts"
    figure = styled(charts.rate_trend(trend, title="t", reference=trend, reference_name=team, room=room), presenter)
    layout, template = figure.layout, figure.layout.template.layout
    line = 1.3 * template.font.size
    names = [t.name for t in figure.data if t.showlegend is not False and t.name]
    assert charts.legend_row_lines(names, room) == [1, 2, 1, 2]  # a row each: the team's entries two lines
    legend_top = sum(max(n * line, 16) + 3 for n in (1, 2, 1, 2)) + 2 * 5
    ticks_bottom = layout.margin.b - max(tick.count("<br>") + 1 for tick in figure.data[0].x) * line
    assert legend_top <= ticks_bottom - 4, (legend_top, ticks_bottom)
