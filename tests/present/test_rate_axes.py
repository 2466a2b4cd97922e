"""Every rate axis runs to a tick at or past its largest mark (a bar's end, a point, a whisker's end),
its ticks from 0% within 0-100% (charts.rate_ticks).

Left to Plotly, the No decision page's axis for a rep who lost every deal to no decision ran from 0
to 100% and ticked to 80%: the rep's bar ran on past the last tick. Each chart below is given a
largest mark that Plotly's own ticks (or a chart's own rule) left past the last tick.
"""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from small_deals import generated_deals

from data_models.vocabulary import UNPROFILED
from winloss.measures.profiles import TopPerformerMix
from winloss.present import charts, review_charts
from winloss.present.theme import PROFILE_COLOURS
from winloss.text import ND_SHARE_OF_LOSSES
from winloss.views.review import quarterly_review

ND = "no_decision_share_of_losses"


def assert_ticked_past(axis, largest: float) -> None:
    """`axis` (a figure's layout axis) has its own ticks, from 0% up, none past 100%, the last at or past
    `largest` and inside the axis's range (or in what Plotly's own range is told to take in)."""
    ticks = list(axis.tickvals or [])
    assert ticks, "Plotly's own ticks: nothing says the last is at or past the largest mark"
    assert ticks[0] == 0 and ticks == sorted(ticks) and ticks[-1] <= 1.0, ticks
    assert ticks[-1] >= largest - 1e-9, f"a mark at {largest:.0%} runs past the last tick {ticks[-1]:.0%}"
    if axis.range is not None:
        assert axis.range[0] <= 0 and axis.range[1] >= ticks[-1] - 1e-9, (axis.range, ticks)
    else:
        assert ticks[-1] in axis.autorangeoptions.include, axis


def assert_room_for_the_last_label(figure) -> None:
    """A horizontal rate axis keeps room right of the plot for its last tick's label: Plotly hides a
    label that would run past the figure, and the axis read "0% ... 80%" under a bar of 100%."""
    assert (figure.layout.margin.r or 0) >= charts.END_TICK_ROOM


@pytest.mark.parametrize("largest", [0.0, 0.004, 0.05, 0.1, 0.13, 0.3, 0.55, 0.6, 0.6000000001, 0.61, 0.62, 0.8,
                                     0.81, 0.95, 0.99, 1.0])
def test_the_last_tick_is_at_or_past_the_largest_rate_and_never_past_100(largest: float) -> None:
    ticks = charts.rate_ticks(largest)
    assert ticks[0] == 0 and ticks[-1] >= max(largest, charts.MIN_PERCENT_AXIS) - 1e-9 and ticks[-1] <= 1.0
    assert len(ticks) - 1 <= charts.MAX_RATE_STEPS
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps <= set(charts.RATE_TICK_STEPS)  # one round step
    # A float a hair over a tick is that tick, not the next one.
    assert charts.rate_ticks(0.6000000001)[-1] == pytest.approx(0.6)


def test_ticks_run_on_into_the_room_a_chart_keeps_for_labels_but_not_past_100() -> None:
    assert charts.rate_ticks(0.45, up_to=0.9) == [0, 0.2, 0.4, 0.6, 0.8]
    assert charts.rate_ticks(1.0, up_to=1.15) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert charts.rate_ticks(1.0, most=2) == [0, 0.5, 1.0]
    axis = charts.rate_axis(1.0, room_to=1.15)
    assert axis["range"] == [0.0, 1.15] and axis["tickvals"][-1] == 1.0


def test_ticks_into_the_room_for_labels_keep_to_the_most_steps() -> None:
    """A rep chart's rates up to 45%, its labels keeping room to 100%: ticked every 10% to 100%, eleven
    ticks in a 1024 px window's plot, "80% 90%100%" touched. The step reaches the axis's end in at most
    MAX_RATE_STEPS."""
    for largest, up_to in ((0.45, 1.0), (0.3, 0.95), (0.6, 1.2)):
        ticks = charts.rate_ticks(largest, up_to=up_to)
        assert len(ticks) <= charts.MAX_RATE_STEPS + 1, (largest, up_to, ticks)
        assert ticks[-1] >= largest and ticks[-1] <= min(up_to, 1.0)
    assert charts.rate_ticks(0.45, up_to=1.0) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


def reps_at(shares: list[float]) -> pl.DataFrame:
    """Reps' no-decision shares of losses, 25 losses each, the first all lost to no decision."""
    return pl.DataFrame({
        "rep": [f"Rep {i}" for i in range(len(shares))],
        "seller_profile": ["Challenger", "Hard Worker", UNPROFILED, "Lone Wolf"][: len(shares)],
        ND: shares, f"{ND}_lo": [max(0.0, s - 0.2) for s in shares], f"{ND}_hi": [min(1.0, s + 0.15) for s in shares],
        f"{ND}_n": [25] * len(shares),
    })


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_rep_who_lost_every_deal_to_no_decision_has_a_bar_to_the_100_percent_tick(horizontal: bool) -> None:
    """The No decision page's reps chart, called as the page calls it: the axis ran 0-100% ticked to 80%."""
    reps = reps_at([1.0, 0.34, 0.3])
    figure = charts.rate_bars(
        reps, "rep", title="t", rate=ND, rate_name=ND_SHARE_OF_LOSSES, colour_by="seller_profile",
        colours=PROFILE_COLOURS, horizontal=horizontal, reference=0.44, reference_n=120, reference_label="All reps",
    )
    axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    assert_ticked_past(axis, 1.0)
    assert list(axis.tickvals) == [0, 0.2, 0.4, 0.6, 0.8, 1.0] and list(axis.range) == [0, 1.0]
    if horizontal:
        assert_room_for_the_last_label(figure)


@pytest.mark.parametrize("shares", [[0.62, 0.3], [0.47, 0.1], [0.0, 0.0]])
def test_rate_bars_tick_past_their_longest_whisker(shares: list[float]) -> None:
    reps = reps_at(shares)
    figure = charts.rate_bars(reps, "rep", title="t", rate=ND, horizontal=True)
    assert_ticked_past(figure.layout.xaxis, max(reps[f"{ND}_hi"]))
    assert figure.layout.xaxis.range[1] >= charts.MIN_PERCENT_AXIS  # the shortest rate axis still holds


def test_band_bars_run_0_to_100_percent_ticked_to_100() -> None:
    table = pl.DataFrame({
        "seller_profile": ["Challenger", "Challenger"], "band": ["Small", "Large"], "n": [30, 30],
        "win_rate": [1.0, 0.5], "win_rate_lo": [0.89, 0.33], "win_rate_hi": [1.0, 0.67],
    })
    figure = charts.band_bars(table, ["Small", "Large"], title="t")
    assert_ticked_past(figure.layout.xaxis, 1.0)
    assert list(figure.layout.xaxis.range) == [0, 1.0]
    assert_room_for_the_last_label(figure)


def test_a_trend_ticks_past_its_highest_whisker() -> None:
    """A whisker to 62% under a label's room to 74%: Plotly ticked to 60%."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2"], "closed": [40, 40], "n": [40, 40], "win_rate": [0.45, 0.4],
        "win_rate_lo": [0.3, 0.26], "win_rate_hi": [0.62, 0.56],
    })
    axis = charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES]).layout.yaxis
    assert_ticked_past(axis, 0.62)


def test_no_decisions_share_of_closed_at_100_percent_is_ticked_and_its_label_inside_the_panel() -> None:
    """Every closed deal a no decision: the share panel ran 0-100% with Plotly's three ticks, its label
    above 100% out of the panel."""
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 30], "won": [20, 0], "lost": [10, 0], "no_decision": [10, 30],
        "no_decision_share_of_closed": [0.25, 1.0],
    })
    figure = charts.quarterly_outcomes(trend, title="t")
    axis = figure.layout.yaxis
    assert_ticked_past(axis, 1.0)
    assert list(axis.tickvals) == [0, 0.5, 1.0]  # three ticks at most: the panel is short
    assert axis.range[1] > 1.0  # room for the label standing on 100%


def test_profile_mix_ticks_past_its_largest_share() -> None:
    table = pl.DataFrame({
        # Enough reps for shares (20 top of 100): a withheld share is not drawn on the axis at all.
        "seller_profile": ["Challenger", "Hard Worker"], "top_count": [20, 0], "top_share": [1.0, 0.0],
        "all_count": [62, 38], "all_share": [0.62, 0.38], "study_all_share": [0.27, 0.21], "study_top_share": [0.39, 0.17],
    })
    mix = TopPerformerMix(table=table, ranked_reps=100, top_reps=20, left_out_reps=0, cutoff_win_rate=0.5)
    figure = charts.profile_mix(mix, title="t")
    assert_ticked_past(figure.layout.xaxis, 1.0)
    assert figure.layout.xaxis.range[0] < 0  # a marker at 0% is still drawn whole
    assert_room_for_the_last_label(figure)


@pytest.fixture(scope="module")
def review():
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def test_the_reviews_profile_bars_tick_past_the_tallest_bar_and_never_past_100(review) -> None:
    """A profile that won every deal: Plotly's own axis made room for the words over the bar and
    ticked it "120%"; a bar of 62% could end past Plotly's last tick."""
    for top in (1.0, 0.62):
        profiles = review.profiles.with_columns(
            pl.when(pl.int_range(pl.len()) == 0).then(top).otherwise(pl.col("win_rate")).alias("win_rate"),
            pl.when(pl.int_range(pl.len()) == 0).then(top).otherwise(pl.col("win_rate_hi")).alias("win_rate_hi"),
        )
        figure = review_charts.profile_figure(dataclasses.replace(review, profiles=profiles))
        drawn = [*profiles["win_rate"].drop_nulls(), *profiles["previous_win_rate"].drop_nulls(),
                 *profiles.filter(~pl.col("small_n"))["win_rate_hi"].drop_nulls()]
        assert_ticked_past(figure.layout.yaxis, max(drawn))


@pytest.mark.parametrize("small", [False, True])
def test_the_reviews_no_decision_share_ticks_past_its_highest_point(review, small: bool) -> None:
    """One quarter at 61% with no whisker: the axis ran to 71% for its label, ticked to 60%. On a few losses
    the share is withheld (winloss.present.withheld), and with it every share of the chart: no mark stands at 61%
    and the panel holds the sentence said in its place (views.review.withheld_no_decision_sentence), no axis."""
    table = pl.DataFrame({
        "quarter": ["2026 Q3"], "no_decision": [8], "losses": [13 if small else 130], "no_decision_share_of_losses": [0.61],
        "no_decision_share_of_losses_lo": [None if not small else 0.35], "no_decision_share_of_losses_hi": [None if not small else 0.82],
        "small_n": [small], "no_decision_amount": [1000.0], "no_decision_value_share": [0.3],
    })
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table, quarter="2026 Q3"))
    marks = [y for t in figure.data if t.type == "scatter" and (t.yaxis in (None, "y")) and t.y is not None
             for y in t.y if y is not None]
    assert (0.61 in marks) is not small
    if small:
        assert not marks and [a for a in figure.layout.annotations if a.text.startswith("No quarter has the 20 losses")]
        return
    assert_ticked_past(figure.layout.yaxis, max(marks, default=0.0))


def test_the_reviews_value_share_without_amounts_is_a_rate_axis(review) -> None:
    """With amounts hidden the value panel is a share of closed value: ticked like every rate."""
    table = review.no_decision.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(0.62).otherwise(0.2).alias("no_decision_value_share"))
    figure = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=table, hide_amounts=True))
    assert_ticked_past(figure.layout.yaxis2, 0.62)


def test_the_reviews_movers_run_0_to_100_percent_ticked_to_100(review) -> None:
    movers = review.movers.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(1.0).otherwise(pl.col("after")).alias("after"))
    assert movers.height, "the generated deals should have a mover"
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=movers))
    for axis in (figure.layout.xaxis, figure.layout.xaxis2):
        assert_ticked_past(axis, 1.0)
    assert_room_for_the_last_label(figure)


@pytest.mark.parametrize("team", [[0.78, 0.81], [0.9, 0.55], [0.66, 0.97]])
def test_a_reps_trend_axis_takes_in_the_team_line_above_the_reps_points(team: list[float]) -> None:
    """A rep at 20-35% in a team at 60-97%: the axis was set from the rep's points and labels alone,
    and the team's dotted line ran off its top."""
    rep = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2"], "closed": [40, 45], "n": [40, 45], "win_rate": [0.2, 0.3],
        "win_rate_lo": [0.1, 0.18], "win_rate_hi": [0.35, 0.44],
    })
    line = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2"], "n": [60, 60], "win_rate": team})  # rates shown
    figure = charts.rate_trend(rep, title="t", series=[charts.WIN_RATE_SERIES], reference=line, reference_name="team East")
    axis = figure.layout.yaxis
    assert_ticked_past(axis, max(team))
    assert axis.range[1] >= max(team) and axis.range[0] <= min(team)
    # The rep's own labels keep their room above its highest whisker.
    assert axis.range[1] >= 0.44 + 0.1


@pytest.mark.parametrize("rates, team, clear", [
    ([0.0, 0.0], None, False),  # two withheld rates: rings on the quarters' axis itself, at no rate
    ([0.4, 0.5], [0.0, 0.2], True),  # the team's dotted line along 0%
    ([0.4, 0.5], [0.3, 0.2], False),  # nothing near 0%: the axis starts at 0%
])
def test_a_mark_at_0_percent_is_drawn_clear_of_the_quarters_names(rates, team, clear) -> None:
    """A rep's hollow 0% rings sat half under the axis, on "2026 Q1", and a team's 0% line touched "2025 Q3"."""
    n = [4, 5] if rates == [0.0, 0.0] else [40, 50]
    rep = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2"], "closed": n, "n": n, "win_rate": rates,
        "win_rate_lo": [0.0, 0.0], "win_rate_hi": [0.6, 0.5],
    })
    line = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2"], "n": [60, 60], "win_rate": team}) if team else None
    figure = charts.rate_trend(rep, title="t", series=[charts.WIN_RATE_SERIES], reference=line, min_n=10)
    axis = figure.layout.yaxis
    assert (axis.range[0] <= -charts.POINT_ROOM) == clear and (axis.range[0] == 0.0) == (not clear)
    assert min(axis.tickvals) == 0.0  # ticks stay within 0-100%


@pytest.mark.parametrize("largest", [1_200_000.0, 45_000.0, 11.0])
def test_a_rate_axis_refuses_an_amount(largest):
    """An amount given to the rate-axis rule was stepped 10% at a time up to its millions: the
    review's no-decision chart with amounts shown took 17 s of CPU to draw its stubs' axis."""
    with pytest.raises(ValueError, match="fractions"):
        charts.rate_ticks(largest)


def test_room_past_100_percent_is_still_a_rate_axis():
    assert charts.rate_axis(0.8, at_least=1.3)["range"][1] >= 1.3
