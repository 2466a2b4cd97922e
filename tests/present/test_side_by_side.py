"""Rate charts drawn side by side share one rate axis, so a bar of 50% is as long in each."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.present import charts


def groups(rates: list[float], his: list[float], name: str = "region") -> pl.DataFrame:
    return pl.DataFrame({
        name: [f"{name} {i}" for i in range(len(rates))], "n": [200] * len(rates), "win_rate": rates,
        "win_rate_lo": [r - 0.05 for r in rates], "win_rate_hi": his,
    })


@pytest.mark.parametrize(("low", "high"), [
    (groups([0.30, 0.45], [0.35, 0.52]), groups([0.55, 0.62], [0.61, 0.74], "segment")),  # 0-60% beside 0-80%
    (groups([0.05, 0.08], [0.07, 0.11]), groups([0.40, 0.91], [0.48, 0.96], "segment")),  # a short axis beside 100%
])
def test_charts_side_by_side_end_their_rate_axes_together(low: pl.DataFrame, high: pl.DataFrame) -> None:
    alone = [charts.rate_bars(low, "region", title="a", horizontal=True),
             charts.rate_bars(high, "segment", title="b", horizontal=True)]
    assert charts.rate_axis_end(alone[0]) < charts.rate_axis_end(alone[1])  # each alone: different ends
    side = charts.on_one_rate_axis([
        lambda top: charts.rate_bars(low, "region", title="a", horizontal=True, at_least=top),
        lambda top: charts.rate_bars(high, "segment", title="b", horizontal=True, at_least=top),
    ])
    ends = [charts.rate_axis_end(f) for f in side]
    assert ends[0] == ends[1] == max(charts.rate_axis_end(f) for f in alone)
    # The ticks run to the shared end on both, as on any rate axis.
    assert [list(f.layout.xaxis.tickvals) for f in side][0] == [list(f.layout.xaxis.tickvals) for f in side][1]


def test_a_scorecard_pair_shares_one_axis() -> None:
    card = pl.DataFrame({
        "who": ["Ann", "Peers", "Team"], "comparison": ["rep", "profile_peers", "team"], "n": [40, 300, 900],
        "win_rate": [0.7, 0.5, 0.45], "win_rate_lo": [0.55, 0.45, 0.42], "win_rate_hi": [0.82, 0.55, 0.48],
        "no_decision_share_of_losses": [0.2, 0.25, 0.3], "no_decision_share_of_losses_lo": [0.1, 0.2, 0.27],
        "no_decision_share_of_losses_hi": [0.35, 0.3, 0.33], "no_decision_share_of_losses_n": [40, 300, 900],
    })
    win, nd = charts.on_one_rate_axis([
        lambda top: charts.scorecard_bars(card, title="win", at_least=top),
        lambda top: charts.scorecard_bars(card, title="nd", rate="no_decision_share_of_losses", at_least=top),
    ])
    assert charts.rate_axis_end(win) == charts.rate_axis_end(nd) > 0.82


@pytest.mark.parametrize(("rates", "ns", "reference"), [
    ([0.62, 0.45, 0.58], [300, 9, 250], 0.10),  # "n too small" past the withheld rate's stub, the line at 10%
    ([0.20, 0.70, 0.05, 0.66], [400, 300, 12, 200], 0.08),  # a short hatched bar's words over an "All" of 8%
])
def test_the_reference_line_stops_short_of_words_it_would_cross(rates, ns, reference) -> None:
    frame = pl.DataFrame({
        "seller_profile": [f"P{i}" for i in range(len(rates))], "n": ns, "win_rate": rates,
        "win_rate_lo": [r - 0.04 for r in rates], "win_rate_hi": [r + 0.04 for r in rates],
    })
    figure = charts.rate_bars(frame, "seller_profile", title="t", horizontal=True, reference=reference,
                              reference_n=sum(ns))
    small = [i for i, n in enumerate(ns) if n < 20]
    covered = {row for shape in figure.layout.shapes for row in range(len(rates))
               if shape.y0 <= row <= shape.y1}
    assert not covered & set(small)  # the line stops short of the small bar's "n too small"
    # Every other row keeps the line, at the reference rate, dashed.
    assert covered == set(range(len(rates))) - set(small)
    assert {shape.x0 for shape in figure.layout.shapes} == {reference}
    assert all(shape.line.dash == "dash" for shape in figure.layout.shapes)


def test_a_line_clear_of_every_word_runs_the_whole_chart() -> None:
    frame = pl.DataFrame({"region": ["A", "B"], "n": [300, 300], "win_rate": [0.6, 0.7],
                          "win_rate_lo": [0.55, 0.65], "win_rate_hi": [0.65, 0.75]})
    figure = charts.rate_bars(frame, "region", title="t", horizontal=True, reference=0.4, reference_n=600)
    assert [(s.y0, s.y1) for s in figure.layout.shapes] == [(-0.5, 1.5)]


def test_a_pair_whose_words_need_room_past_100_percent_is_never_ticked_past_it() -> None:
    """A rep of 2 closed deals (win rate 50%, hatched, "n too small" past a whisker to 100%) beside their
    no-decision share: the room one chart keeps past 100% for its words was handed to the other as a rate
    to tick, and both were ticked "125% 150%"."""
    card = pl.DataFrame({
        "who": ["Bo", "Peers"], "comparison": ["rep", "profile_peers"], "n": [2, 3],
        "win_rate": [0.5, 0.67], "win_rate_lo": [0.09, 0.21], "win_rate_hi": [0.91, 0.94],
        "no_decision_share_of_losses": [1.0, 0.0], "no_decision_share_of_losses_lo": [0.21, 0.0],
        "no_decision_share_of_losses_hi": [1.0, 0.79], "no_decision_share_of_losses_n": [2, 3],
    })
    win, nd = charts.on_one_rate_axis([
        lambda top: charts.scorecard_bars(card, title="win", at_least=top),
        lambda top: charts.scorecard_bars(card, title="nd", rate="no_decision_share_of_losses", at_least=top),
    ])
    assert charts.rate_axis_end(win) == charts.rate_axis_end(nd)
    for figure in (win, nd):
        assert max(figure.layout.xaxis.tickvals) <= 1.0
        assert figure.layout.xaxis.range[1] >= max(figure.layout.xaxis.tickvals)


LONG = "Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens"  # 60 characters
HOSTILE = '=HYPERLINK("http://evil.example/","click me")'


def scorecard(rep: str, team: str = "Team East") -> pl.DataFrame:
    """rep_scorecard's frame for `rep`, their peers and their team, both rates."""
    return pl.DataFrame({
        "who": [rep, "Other Reactive Problem Solver reps", team], "comparison": ["rep", "profile_peers", "team"],
        "n": [19, 1_107, 2_400], "win_rate": [0.42, 0.44, 0.31], "win_rate_lo": [0.2, 0.41, 0.29],
        "win_rate_hi": [0.64, 0.47, 0.33], "no_decision_share_of_losses_n": [13, 620, 1_300],
        "no_decision_share_of_losses": [0.3, 0.35, 0.28], "no_decision_share_of_losses_lo": [0.1, 0.31, 0.25],
        "no_decision_share_of_losses_hi": [0.6, 0.39, 0.31],
    })


def shown(label: str) -> str:
    """A Plotly label as the chart draws it: its entities as the characters they stand for."""
    import html

    return html.unescape(label)


@pytest.mark.parametrize("rep", ["Ann", LONG, HOSTILE])
@pytest.mark.parametrize("width", [charts.SCORECARD_NAME_PX * 2.5, 415, 530])
def test_a_scorecards_names_and_level_ticks_fit_its_width(rep: str, width: float) -> None:
    """A 60-character rep's name squeezed the scorecards' 0%-60% into a strip Plotly ticked on their side
    (and cut the name nowhere). Each name takes at most two lines of SCORECARD_NAME_PX, the last cut with
    "…"; the ticks are level, and no more than the room the labels leave holds, on both charts alike."""
    card = scorecard(rep, team=LONG.upper())
    win, nd = charts.scorecards(card, win_title="w", nd_title="n", profile="Challenger", width_px=width)
    assert list(win.layout.xaxis.tickvals) == list(nd.layout.xaxis.tickvals)
    assert win.layout.xaxis.range == nd.layout.xaxis.range
    widest = 0.0
    for figure in (win, nd):
        assert figure.layout.xaxis.tickangle == 0
        for tick, name in zip(figure.layout.yaxis.ticktext, card["who"], strict=True):
            lines = shown(tick).split("<br>")
            assert len(lines) <= 2
            names, n = lines[:-1] + [lines[-1].rsplit("  (n = ", 1)[0]], lines[-1].rsplit("  (n = ", 1)[1]
            assert all(charts.chart_words_px(line) <= charts.SCORECARD_NAME_PX for line in names), names
            whole = "".join(names).replace(" ", "")
            assert whole == name.replace(" ", "") or (whole.endswith("…") and name.replace(" ", "").startswith(whole[:-1]))
            widest = max(widest, *(charts.chart_words_px(line) for line in lines))
            assert n.rstrip(")").replace(",", "").isdigit()
    steps = len(win.layout.xaxis.tickvals) - 1
    assert steps * charts.RATE_TICK_PX <= max(width - widest - charts.PLOT_SIDES_PX, 2 * charts.RATE_TICK_PX)
    # The hover names the rep whole.
    bars = win.data[0]  # (a withheld rate's stub is a bar trace of its own)
    assert shown(bars.hovertext[0]).startswith(f"<b>{rep}</b>")


@pytest.mark.parametrize("width", [322, 330, 415, 530])
def test_a_scorecards_axis_title_is_its_short_name_where_the_whole_is_wider_than_its_plot(width: float) -> None:
    """Plotly centres an axis's title on its plot: at 1024 px, where the names beside the bars leave the plot of a
    322 px scorecard some 136 px, "No decision ÷ losses" ran 6 px past the chart (3 px in presenter mode). Where the
    name is wider than the plot its scorecard is drawn "ND ÷ losses", as its title and the leaderboard name it."""
    from winloss.text import ND_SHARE_OF_LOSSES, ND_SHARE_OF_LOSSES_SHORT

    card = scorecard("Camila Brennan", team="APAC")
    win, nd = charts.scorecards(card, win_title="w", nd_title="n", profile="Challenger", width_px=width)
    widest = max(charts.chart_words_px(shown(line).rsplit("<br>", 1)[-1]) for line in nd.layout.yaxis.ticktext)
    plot = width - widest - charts.PLOT_SIDES_PX
    assert win.layout.xaxis.title.text == "Win rate"
    said = nd.layout.xaxis.title.text
    assert said == (ND_SHARE_OF_LOSSES if charts.chart_words_px(ND_SHARE_OF_LOSSES) <= plot else ND_SHARE_OF_LOSSES_SHORT)
    assert (said == ND_SHARE_OF_LOSSES_SHORT) == (width < 400), (said, plot)  # 322 and 330: 1024 px, the app's type and presenter's
