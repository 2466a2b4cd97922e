"""The shared template set on a figure without validating it again: the figure Plotly draws is the
same as when the template is set through Plotly's validated path (`update_layout(template=name)`)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest
from small_deals import generated_deals

from winloss.measures.no_decision import cycle_days_by_outcome, loss_reasons
from winloss.measures.profiles import top_performer_mix
from winloss.measures.summary import outcome_summary
from winloss.measures.trends import quarterly_trend
from winloss.present import charts
from winloss.present.theme import PRESENTER_SCALE, PROFILE_COLOURS, _template, legend_under_title, shared_template, styled

DEALS = generated_deals()
TREND = quarterly_trend(DEALS).filter(pl.col("closed") > 0)
BOARD = pl.DataFrame({
    "rep": ["Ann", "Bob", "Cat"], "seller_profile": ["Challenger", "Hard Worker", "Lone Wolf"], "n": [120, 60, 7],
    "win_rate": [0.5, 0.4, 0.71], "win_rate_lo": [0.41, 0.28, 0.36], "win_rate_hi": [0.59, 0.53, 0.92],
})

# One of each kind of figure the pages draw: lines with annotations, stacked bars, horizontal bars
# with a set height, reasons, a dot plot, a sparkline.
FIGURES: dict[str, Callable[[], go.Figure]] = {
    "rate trend": lambda: charts.rate_trend(TREND, title="Trend"),
    "quarterly outcomes": lambda: charts.quarterly_outcomes(TREND, title="Outcomes"),
    "outcome mix": lambda: charts.outcome_mix(outcome_summary(DEALS), title="Mix"),
    "rep bars": lambda: charts.rate_bars(BOARD, "rep", title="Reps", colour_by="seller_profile",
                                         colours=PROFILE_COLOURS, customdata=["seller_profile"], horizontal=True),
    "reasons": lambda: charts.reason_bars(loss_reasons(DEALS), title="Reasons"),
    "cycle": lambda: charts.cycle_bars(cycle_days_by_outcome(DEALS), title="Cycle"),
    "profile mix": lambda: charts.profile_mix(top_performer_mix(DEALS, min_n=5, min_reps=3), title="Mix"),
    "sparkline": lambda: charts.sparkline([0.4, None, 0.5, 0.45], area=True),
}


def drawn(figure: go.Figure) -> dict:
    """What the browser is sent: the figure's JSON, parsed (key order means nothing to Plotly.js)."""
    return json.loads(figure.to_json())


@pytest.mark.parametrize("presenter", [False, True])
@pytest.mark.parametrize("name", FIGURES)
def test_a_styled_figure_is_the_figure_with_the_template_set_by_name(name: str, presenter: bool) -> None:
    fast = styled(FIGURES[name](), presenter)
    # The validated path: the template set through Plotly's validators (which copy and validate it),
    # then the presenter's enlargements as styled makes them.
    validated = FIGURES[name]()
    validated.update_layout(template=shared_template(presenter))
    validated = styled(validated, presenter) if presenter else legend_under_title(validated)
    assert drawn(fast) == drawn(validated)
    assert drawn(fast)["layout"]["template"] == shared_template(presenter).to_plotly_json()


def test_a_figure_cannot_change_the_shared_template() -> None:
    figure = styled(FIGURES["rate trend"]())
    figure.layout.template.layout.font.size = 99
    figure.layout.template.layout.colorway = ["#000000"]
    assert shared_template().layout.font.size == 13
    assert drawn(styled(FIGURES["rate trend"]()))["layout"]["template"]["layout"]["font"]["size"] == 13


@pytest.mark.parametrize("scale", [1.0, PRESENTER_SCALE])
def test_the_template_copied_from_json_is_what_a_validated_copy_makes(scale: float) -> None:
    built = _template(scale)
    # Built the way it was before: plotly_white deep-copied (every property validated), then our look.
    reference = copy.deepcopy(pio.templates["plotly_white"])
    reference.layout.update(built.layout.to_plotly_json())
    assert built.to_plotly_json() == reference.to_plotly_json()
    # Validating it again changes nothing: no property went in unchecked.
    assert go.layout.Template(built.to_plotly_json()).to_plotly_json() == built.to_plotly_json()
    # plotly_white itself is untouched (the template is a copy).
    assert pio.templates["plotly_white"].layout.font.family != built.layout.font.family


@pytest.mark.parametrize("presenter", [False, True])
def test_every_chart_keeps_its_category_names_off_its_bars(presenter: bool) -> None:
    """A horizontal bar's category ("Reactive Problem Solver") ended against the bar: every chart's y axis
    sets its labels 6 px off the axis (larger in presenter mode, with the type)."""
    standoff = shared_template(presenter).layout.yaxis.ticklabelstandoff
    assert standoff == round(6 * (PRESENTER_SCALE if presenter else 1)) > 0
    for make in FIGURES.values():
        assert styled(make(), presenter=presenter).layout.template.layout.yaxis.ticklabelstandoff == standoff


@pytest.mark.parametrize("presenter", [False, True], ids=["app type", "presenter"])
def test_a_legend_above_the_plot_hangs_under_the_title_whatever_rows_it_wraps_to(presenter: bool) -> None:
    """Left at the plot's top edge (paper y = 1), a legend grew upwards as it wrapped at 1024 px, onto the
    title: the leaderboard's "All reps: 44%" in presenter mode, whose top margin was reckoned at the app's
    type for three entries a row. Styled, a chart's title is pinned to the figure's top and a legend above
    the plot hangs (yanchor top) from under the title's line, in px of the figure (yref container): Plotly
    then keeps the plot under the legend's last row, however many."""
    from winloss.present.theme import LEGEND_TOP_PX, TITLE_PAD_PX, TITLE_PX

    scale = PRESENTER_SCALE if presenter else 1.0
    board = charts.rate_bars(BOARD, "rep", title="Win rate by rep", colour_by="seller_profile", colours=PROFILE_COLOURS,
                             horizontal=True, reference=0.5, reference_n=187, reference_label="All reps")
    for figure in (board, charts.rate_trend(TREND, title="A rep by quarter")):  # a trend of a rep with no team
        shown = styled(figure, presenter)
        title, legend, height = shown.layout.title, shown.layout.legend, shown.layout.height or 450
        assert (title.yref, title.y, title.yanchor) == ("container", 1.0, "top")
        assert (legend.yref, legend.yanchor) == ("container", "top")
        title_bottom = (title.pad.t + 1.3 * TITLE_PX * scale)  # px from the figure's top: the title's line
        assert (1 - legend.y) * height == pytest.approx(LEGEND_TOP_PX * scale) and LEGEND_TOP_PX * scale > title_bottom
        assert title.pad.t == round(TITLE_PAD_PX * scale)
    trend = styled(charts.rate_trend(TREND, title="t", reference=TREND, reference_name="team East"), presenter)
    assert (trend.layout.legend.yref, trend.layout.legend.y, trend.layout.legend.yanchor) == ("container", 0, "bottom")
