"""Figure builders on small frames: the right traces, the theme's colours, small n greyed, clickable reps."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import pytest
from point_labels import labelled_quarter
from small_deals import generated_deals

from winloss.measures.bands import win_rate_by_profile_and_band
from winloss.measures.no_decision import cycle_days_by_outcome, loss_reasons
from winloss.measures.profiles import profile_significance, top_performer_mix
from winloss.measures.reps import rep_scorecard
from winloss.measures.summary import outcome_summary
from winloss.measures.trends import quarterly_trend
from winloss.text import N_CLOSED, plain_lines, small_n_legend
from winloss.present import charts, withheld
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.present.selection import selected_profile, selected_rep
from winloss.present.theme import OUTCOME_COLOURS, PROFILE_COLOURS, SMALL_N_COLOUR, SMALL_N_EDGE, SMALL_N_SYMBOL, styled
from winloss.rates import MIN_N


@pytest.fixture(scope="module")
def deals() -> pl.DataFrame:
    return generated_deals()


def small_board() -> pl.DataFrame:
    """Three reps, the last with 7 deals: below MIN_N."""
    return pl.DataFrame({
        "rep": ["Ann", "Bob", "Cat"],
        "seller_profile": ["Challenger", "Hard Worker", "Lone Wolf"],
        "n": [120, 60, 7],
        "win_rate": [0.5, 0.4, 0.71],
        "win_rate_lo": [0.41, 0.28, 0.36],
        "win_rate_hi": [0.59, 0.53, 0.92],
    })


def test_rate_bars_colour_by_profile_and_grey_a_small_n() -> None:
    figure = charts.rate_bars(small_board(), "rep", title="Win rate by rep", colour_by="seller_profile",
                              colours=PROFILE_COLOURS, horizontal=True)
    bars = figure.data[0]
    assert figure.layout.title.text == "Win rate by rep"
    assert list(bars.marker.color) == [PROFILE_COLOURS["Challenger"], PROFILE_COLOURS["Hard Worker"], SMALL_N_COLOUR]
    assert bars.text[2].strip() == "n too small" and "n too small (n = 7)" in bars.hovertext[2]
    assert "71%" not in bars.text[2]  # never a bare percentage on few deals
    assert [t.endswith(f"(n = {n})") for t, n in zip(figure.layout.yaxis.ticktext, (120, 60, 7), strict=True)] == [True] * 3
    # Wilson bounds become asymmetric whiskers.
    assert bars.error_x.array[0] == pytest.approx(0.09) and bars.error_x.arrayminus[0] == pytest.approx(0.09)
    # A legend entry for each profile shown, and one for the greyed bar.
    legend = {trace.name for trace in figure.data[1:]}
    assert {"Challenger", "Hard Worker", f"n too small (fewer than {MIN_N})"} <= legend


def test_rep_bars_carry_the_rep_for_a_click() -> None:
    figure = charts.rate_bars(small_board(), "rep", title="Win rate by rep", customdata=["seller_profile"],
                              horizontal=True)
    custom = figure.data[0].customdata
    assert [list(c) for c in custom] == [["Ann", "Challenger"], ["Bob", "Hard Worker"], ["Cat", "Lone Wolf"]]
    # What st.plotly_chart(on_select="rerun") returns for a click on Bob's bar.
    event = {"selection": {"points": [{"curve_number": 0, "point_index": 1, "y": figure.data[0].y[1],
                                       "x": 0.4, "customdata": list(custom[1])}]}}
    assert selected_rep(event) == "Bob"


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_withheld_bar_has_no_whisker_and_its_hover_no_interval(horizontal: bool) -> None:
    figure = charts.rate_bars(small_board(), "rep", title="Win rate by rep", horizontal=horizontal)
    bars = figure.data[0]
    whisker = bars.error_x if horizontal else bars.error_y
    # Ann and Bob keep theirs (0.59 - 0.5 above Ann's rate); Cat's 7 deals draw none.
    assert whisker.array[0] == pytest.approx(0.09) and whisker.array[2] is None and whisker.arrayminus[2] is None
    # Its interval's middle would give the rate away (winloss.present.withheld).
    assert "n too small" in bars.text[2] and "interval" not in bars.hovertext[2] and "n = 7" in bars.hovertext[2]


def test_a_withheld_bars_hover_has_no_empty_line_and_one_deal_is_one_deal() -> None:
    """The Reps page's win rate by rep, a rep on 1 deal: its hover read "n = 1 deals in the win rate", under an
    empty line where its withheld rate's interval is left out."""
    board = small_board().with_columns(pl.Series("n", [120, 60, 1]))
    figure = charts.rate_bars(board, "rep", title="t", n_noun=N_CLOSED, horizontal=True, notes={"Bob": "likely real"})
    hovers = [plain_lines(h) for h in figure.data[0].hovertext]
    assert hovers == [["Ann", "Win rate: 50% (n = 120)", "95% interval 41–59%", "n = 120 deals in the win rate"],
                      ["Bob", "Win rate: 40% (n = 60)", "95% interval 28–53%", "n = 60 deals in the win rate", "likely real"],
                      ["Cat", "Win rate: n too small (n = 1)", "n = 1 deal in the win rate"]]


def test_a_bar_of_zero_says_its_value_beside_it_and_a_note_is_not_said_twice() -> None:
    board = small_board().with_columns(win_rate=pl.Series([0.5, 0.0, 0.71]), win_rate_lo=pl.Series([0.41, 0.0, 0.36]))
    notes = {"Ann": "likely real", "Bob": "could be chance", "Cat": "n too small"}
    figure = charts.rate_bars(board, "rep", title="t", horizontal=True, notes=notes)
    bars = figure.data[0]
    # Bob's 0% cannot sit inside a bar of no length: it goes beside it, in dark ink on the white, past
    # the end of its whisker (0-53%), which beside the bar would strike it through.
    # Cat's rate (7 deals) is withheld: a hatched stub in its place (winloss.present.withheld), its words
    # past the stub's end, off the hatching (_label_places), not past its 71%.
    assert list(bars.textposition) == ["inside", "none", "none"]
    assert bars.text[1].strip() == "0% · could be chance"
    (stub,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME]
    assert list(stub.x)[:2] == [None, None] and 0 < stub.x[2] < 0.1
    (beside,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    assert list(beside.text) == ["0% · could be chance", "n too small"] and list(beside.x) == [0.53, stub.x[2]]
    assert list(beside.y) == [bars.y[1], bars.y[2]]
    assert beside.textposition == "middle right" and beside.textfont.color == charts.TEXT_COLOUR
    # The words start a gap past the whisker's cap (an unseen marker Plotly's text clears), not on it.
    assert beside.mode == "markers+text" and beside.marker.opacity == 0
    assert beside.marker.size >= charts.WHISKER_WORDS_GAP_PX >= 10
    # Cat's bar already says "n too small": its verdict, the same words, is not added.
    assert bars.text[2].strip() == "n too small" and bars.text[0].strip() == "50% · likely real"


@pytest.mark.parametrize("horizontal", [True, False])
def test_rates_all_zero_keep_whole_percent_ticks_apart(horizontal: bool) -> None:
    """Rates of 0% everywhere: the axis still runs to 10%, so its ".0%" ticks do not repeat ("0% 1% 1% 2%")."""
    board = small_board().with_columns(pl.lit(0.0).alias(c) for c in ("win_rate", "win_rate_lo", "win_rate_hi"))
    figure = charts.rate_bars(board, "rep", title="t", horizontal=horizontal)
    axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    assert axis.tickformat == ".0%" and axis.range[1] >= charts.MIN_PERCENT_AXIS == 0.1


def test_reference_line_is_labelled_in_the_legend() -> None:
    figure = charts.rate_bars(small_board(), "rep", title="t", reference=0.44, reference_n=187, reference_label="All reps")
    assert any(trace.name == "All reps: 44%" for trace in figure.data)
    assert figure.layout.shapes[0].line.dash == "dash"


@pytest.mark.parametrize("horizontal", [True, False], ids=["horizontal", "vertical"])
def test_a_reference_line_on_too_few_deals_is_named_without_its_rate(horizontal: bool) -> None:
    """Relationship Builders in EMEA last quarter, 16 losses: the tiles said "n too small, n = 16" and
    the bar "n too small", while the legend of the same chart read "All profiles: 50%"."""
    board = pl.DataFrame({"seller_profile": ["Challenger", "Relationship Builder"], "n": [9, 7],
                          "win_rate": [0.44, 0.57], "win_rate_lo": [0.19, 0.25], "win_rate_hi": [0.73, 0.84]})
    figure = charts.rate_bars(board, "seller_profile", title="t", horizontal=horizontal, reference=0.5, reference_n=16,
                              reference_label="All profiles")
    names = [trace.name for trace in figure.data if trace.name]
    assert "All profiles: n too small (n = 16)" in names
    assert not [name for name in names if "50%" in name]
    # Drawn nowhere, as a withheld bar is drawn to no rate (winloss.present.withheld): the Reps page's "All reps: n
    # too small (n = 7)" was a dashed line at 57%, its axis run to 60% over three stubs.
    assert not figure.layout.shapes
    (key,) = [t for t in figure.data if t.name == "All profiles: n too small (n = 16)"]
    assert key.line.width == 0  # its words in the legend, no dashed key for a line not drawn
    axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    assert axis.range[1] < 0.2  # the stubs' 0-10% with room for their words, not an axis reaching for 50%


def test_a_reference_line_needs_its_n() -> None:
    with pytest.raises(ValueError, match="reference_n"):
        charts.rate_bars(small_board(), "rep", title="t", reference=0.44)


@pytest.mark.parametrize("horizontal", [True, False], ids=["horizontal", "vertical"])
def test_the_reference_line_is_the_line_plotly_draws_across_the_plot(horizontal: bool) -> None:
    # The figure is built in one go from dicts, so the line is written out rather than added with
    # add_vline / add_hline: it must be the very shape those draw.
    figure = charts.rate_bars(small_board(), "rep", title="t", reference=0.44, reference_n=187, horizontal=horizontal)
    drawn = go.Figure()
    line = {"line_dash": "dash", "line_color": charts.REFERENCE_COLOUR, "line_width": 1.5}
    if horizontal:
        # Down the rows (in category units), so it can stop short of a row whose words it would
        # cross (test_side_by_side); here none does: one line from the first row to the last.
        drawn.add_shape(type="line", x0=0.44, x1=0.44, xref="x", y0=-0.5, y1=2.5, yref="y", **line)
    else:
        drawn.add_hline(y=0.44, **line)
    assert figure.to_plotly_json()["layout"]["shapes"] == drawn.to_plotly_json()["layout"]["shapes"]


def test_profile_bars_from_the_summary(deals: pl.DataFrame) -> None:
    summary = outcome_summary(deals, ["seller_profile"])
    verdicts = dict(profile_significance(deals).select("seller_profile", "verdict").iter_rows())
    figure = charts.rate_bars(summary, "seller_profile", title="Win rate by seller profile", colour_by="seller_profile",
                              colours=PROFILE_COLOURS, notes=verdicts)
    bars = figure.data[0]
    for name, fill, n in zip(summary["seller_profile"], bars.marker.color, summary["n"], strict=True):
        assert fill == (SMALL_N_COLOUR if n < MIN_N else PROFILE_COLOURS[name])
    assert all(verdicts[p] in tick for p, tick in zip(summary["seller_profile"], figure.layout.xaxis.ticktext, strict=True))
    event = {"selection": {"points": [{"customdata": list(bars.customdata[0]), "x": bars.x[0]}]}}
    assert selected_profile(event) == summary["seller_profile"][0]


def test_band_bars_one_trace_per_profile(deals: pl.DataFrame) -> None:
    bands = win_rate_by_profile_and_band(deals)
    figure = charts.band_bars(bands.table, bands.labels, title="Win rate by deal size band and seller profile")
    bars = [trace for trace in figure.data if trace.type == "bar"]  # then the words past whiskers
    names = [trace.name for trace in bars]
    assert names == [p for p in PROFILE_COLOURS if p in set(bands.table["seller_profile"])]
    for trace in bars:
        rows = bands.table.filter(pl.col("seller_profile") == trace.name)
        small = dict(zip(rows["band"], rows["n"] < MIN_N, strict=True))
        for i, (band, fill, text) in enumerate(zip(trace.y, trace.marker.color, trace.text, strict=True)):
            assert fill == (SMALL_N_COLOUR if small[band] else PROFILE_COLOURS[trace.name])
            assert text.startswith(trace.name) and ("n too small" in text) == small[band]
            if small[band]:  # no whisker on a bar of too few deals
                assert trace.error_x.array[i] is None and trace.error_x.arrayminus[i] is None
        assert all(list(c)[0] == trace.name for c in trace.customdata)


def test_a_band_bar_of_0_on_few_deals_names_itself_beside_the_axis_with_no_whisker() -> None:
    table = pl.DataFrame({
        "seller_profile": ["Lone Wolf", "Lone Wolf"], "band": ["Small", "Medium"], "n": [1, 30],
        "win_rate": [0.0, 0.5], "win_rate_lo": [0.0, 0.33], "win_rate_hi": [0.79, 0.67],
    })
    trace, stub, beside = charts.band_bars(table, ["Small", "Medium"], title="t").data
    # A withheld rate (of 0 here) is a stub in its place, its words past the stub's end, off the hatching.
    assert list(trace.textposition) == ["none", "inside"] and list(trace.x) == [None, 0.5]
    assert trace.text[0] == "Lone Wolf · n too small (n = 1)"
    assert list(stub.x) == [withheld.stub(1.0), None]
    assert list(beside.text) == ["Lone Wolf · n too small (n = 1)"] and list(beside.x) == [withheld.stub(1.0)]
    assert trace.error_x.array[0] is None and trace.error_x.array[1] == pytest.approx(0.17)


def test_rate_trend_lines_whiskers_and_team_reference(deals: pl.DataFrame) -> None:
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)  # open-only quarters have no rate
    figure = charts.rate_trend(trend, title="Win rate and no-decision share of losses, by quarter")
    assert [t.name for t in figure.data] == ["Win rate", "No decision ÷ losses"]
    assert figure.data[0].line.color == OUTCOME_COLOURS["won"]
    assert figure.data[1].line.color == OUTCOME_COLOURS["no_decision"]
    assert len(figure.layout.annotations) == 2 * trend.height  # every point says its value
    assert all(tick.endswith(f"n = {n:,}") for tick, n in zip(figure.data[0].x, trend["closed"], strict=True))
    team = charts.rate_trend(trend.head(3), title="t", reference=trend, reference_name="team East")
    assert [t.line.dash for t in team.data] == [None, "dot", None, "dot"]


def test_a_team_quarter_on_too_few_deals_gives_no_rate_in_its_hover() -> None:
    """The team's dotted line read "team UK: 100%" on a quarter of 3 of the team's deals."""
    rep = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2"], "closed": [40, 45], "n": [40, 45], "win_rate": [0.2, 0.3],
                        "win_rate_lo": [0.1, 0.18], "win_rate_hi": [0.35, 0.44]})
    team = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2"], "n": [3, 60], "win_rate": [1.0, 0.4]})
    figure = charts.rate_trend(rep, title="t", series=[charts.WIN_RATE_SERIES], reference=team, reference_name="team UK")
    (line,) = [t for t in figure.data if t.name == "Win rate, team UK"]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME and t.legendgroup == line.legendgroup]
    assert list(line.hovertext) == ["team UK: n too small (n = 3)", "team UK: 40% (n = 60)"]
    assert list(rings.hovertext) == list(line.hovertext)


def test_a_team_line_joins_no_quarter_of_too_few_deals() -> None:
    """Kenji Watanabe's trend drew the dotted team line through the team's quarters of too few deals, at
    their rates, as if a rate: a reference line keeps every line's rule (charts.unjoined). The team's
    quarter on 3 deals is withheld, a grey ring alone on the quarters' axis (winloss.present.withheld); the line
    runs only between its quarters of 20 or more; each of those joined to none is marked (charts.lone_points)."""
    rep = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "closed": [40, 45, 41], "n": [40, 45, 41],
                        "win_rate": [0.2, 0.3, 0.25], "win_rate_lo": [0.1, 0.18, 0.14], "win_rate_hi": [0.35, 0.44, 0.4]})
    team = pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "n": [60, 3, 70], "win_rate": [0.4, 1.0, 0.5]})
    figure = charts.rate_trend(rep, title="t", series=[charts.WIN_RATE_SERIES], reference=team, reference_name="team UK")
    (line,) = [t for t in figure.data if t.name == "Win rate, team UK"]
    (rings,) = [t for t in figure.data if t.name == PLACEHOLDER_NAME and t.legendgroup == line.legendgroup]
    assert line.mode == "lines+markers" and list(line.y) == [0.4, None, 0.5] and line.line.dash == "dot"
    assert list(line.marker.size) == [charts.LONE_REFERENCE_PX, 0, charts.LONE_REFERENCE_PX]
    assert line.connectgaps in (None, False)
    assert "markers" in rings.mode and rings.y[0] is None and rings.y[2] is None and rings.showlegend is False
    # On the quarters' axis (0 on the unseen axis over the rate axis), at no rate.
    assert rings.y[1] == 0.0 and rings.yaxis == withheld.MARK_AXIS and rings.marker.symbol == SMALL_N_SYMBOL
    # The legend says what a ring is, though every rate of the rep's own stands.
    assert any(t.name == small_n_legend() for t in figure.data)


def test_small_n_quarters_are_greyed_on_the_trend() -> None:
    trend = pl.DataFrame({
        "quarter": ["2025 Q1", "2025 Q2"], "closed": [40, 5], "n": [40, 5], "win_rate": [0.5, 0.6],
        "win_rate_lo": [0.35, 0.23], "win_rate_hi": [0.65, 0.88],
    })
    figure = charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES])
    assert list(figure.data[0].marker.symbol) == ["circle", SMALL_N_SYMBOL]  # a hollow ring: see test_small_n_marks
    # The ring, its legend entry and the hover say "n too small": no words beside it (charts.point_label).
    assert [a.text for a in figure.layout.annotations] == ["50%"]
    assert figure.data[0].hovertext[1].endswith("n too small (n = 5)")  # no empty line under it (charts.hover_lines)


def test_a_quarter_to_date_is_named_on_a_line_of_its_own_on_every_trend() -> None:
    """At 1440 px the Overview's "2026 Q3" and "2026 Q4 to date" all but touched: no tick's line is
    longer than a quarter's name and its n, whether the quarter is over or not."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q3", "2026 Q4 to date"], "closed": [1_234, 310], "n": [1_234, 310], "won": [500, 120],
        "lost": [400, 100], "no_decision": [334, 90], "win_rate": [0.41, 0.39],
        "win_rate_lo": [0.38, 0.34], "win_rate_hi": [0.44, 0.44], "no_decision_share_of_closed": [0.27, 0.29],
    })
    trend_ticks = list(charts.rate_trend(trend, title="t", series=[charts.WIN_RATE_SERIES]).data[0].x)
    assert trend_ticks == ["2026 Q3<br>n = 1,234", "2026 Q4<br>to date<br>n = 310"]
    outcomes = charts.quarterly_outcomes(trend, title="t")
    assert {tuple(t.x) for t in outcomes.data if t.x is not None} == {tuple(trend_ticks)}
    assert max(len(line) for tick in trend_ticks for line in tick.split("<br>")) == len("n = 1,234")
    assert charts.quarter_ticks(["FY2027 Q1 to date"], [5]) == ["FY2027 Q1<br>to date<br>n = 5"]


def test_a_trend_label_near_100_or_0_percent_stays_inside_the_plot() -> None:
    """A label goes above a quarter's highest whisker and below the others': at 100% it fell on the
    legend, at 0% on the quarters' names. The axis runs past 0-100% to hold them, its ticks within."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2"], "closed": [1, 3], "n": [1, 3], "win_rate": [1.0, 0.67],
        "win_rate_lo": [0.21, 0.21], "win_rate_hi": [1.0, 0.94],
        "no_decision_share_of_losses_n": [0, 1], "no_decision_share_of_losses": [None, 0.0],
        "no_decision_share_of_losses_lo": [None, 0.0], "no_decision_share_of_losses_hi": [None, 0.79],
    })
    axis = charts.rate_trend(trend, title="t", min_n=1).layout.yaxis  # whiskers drawn: see test_small_n_marks
    assert axis.range[1] > 1.0 and axis.range[0] < 0.0
    assert min(axis.tickvals) == 0 and max(axis.tickvals) == 1.0  # no "110%" or "-10%" tick
    # Rates well inside 0-100% keep the axis as it was: from 0, just above the highest whisker, ticked
    # to a tick past it (charts.rate_ticks).
    middle = charts.rate_trend(trend.with_columns(win_rate=pl.Series([0.5, 0.4]), win_rate_hi=pl.Series([0.7, 0.6]),
                                                  win_rate_lo=pl.Series([0.3, 0.2])),
                               title="t", series=[charts.WIN_RATE_SERIES], min_n=1).layout.yaxis
    assert middle.range[0] == 0 and middle.range[1] == pytest.approx(0.82)
    assert list(middle.tickvals) == [0, 0.2, 0.4, 0.6, 0.8]


def test_a_trend_label_near_0_or_100_percent_is_written_past_the_gridline_not_across_it() -> None:
    """A label pinned a little above 0% (a lower bound of 4%) ran down across the 0% gridline and
    its tick; one pinned just under 100% ran up across the 100% one. Each is written wholly past its
    gridline, and the axis holds it."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2"], "closed": [11, 9], "n": [11, 9], "win_rate": [0.55, 0.9],
        "win_rate_lo": [0.28, 0.6], "win_rate_hi": [0.79, 0.95],
        "no_decision_share_of_losses_n": [5, 4], "no_decision_share_of_losses": [0.2, 0.25],
        "no_decision_share_of_losses_lo": [0.036, 0.05], "no_decision_share_of_losses_hi": [0.62, 0.7],
    })
    figure = charts.rate_trend(trend, title="t", min_n=1)  # every point whiskered: see test_small_n_marks
    notes = {(labelled_quarter(figure, a), a.font.color): a for a in figure.layout.annotations}
    nd = charts.legible(OUTCOME_COLOURS["no_decision"])
    won = charts.legible(OUTCOME_COLOURS["won"])
    for quarter in ("2026 Q1", "2026 Q2"):
        below = notes[(quarter, nd)]
        assert below.yanchor == "top" and below.y <= 0.0  # its text hangs from the 0% line down
    above = notes[("2026 Q2", won)]
    assert above.yanchor == "bottom" and above.y >= 1.0  # and stands on the 100% line
    low, high = figure.layout.yaxis.range
    assert low <= -charts.LABEL_ROOM and high >= 1.0 + charts.LABEL_ROOM
    assert list(figure.layout.yaxis.tickvals) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    # A label well clear of both keeps its place just past its whisker.
    assert notes[("2026 Q1", won)].y == pytest.approx(0.79)


def test_quarterly_outcomes_stack_the_three_outcomes(deals: pl.DataFrame) -> None:
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figure = charts.quarterly_outcomes(trend, title="Closed deals by outcome each quarter")
    bars = [t for t in figure.data if t.type == "bar"]
    assert [b.name for b in bars] == ["Won", "Lost", "No decision"]
    assert [b.marker.color for b in bars] == [OUTCOME_COLOURS[o] for o in ("won", "lost", "no_decision")]
    assert figure.layout.barmode == "stack"
    assert list(bars[2].customdata[0]) == [trend["quarter"][0], "no_decision"]
    line = next(t for t in figure.data if t.type == "scatter")
    assert list(line.y) == pytest.approx(trend["no_decision_share_of_closed"].to_list())


def test_outcome_mix_reasons_and_cycle(deals: pl.DataFrame) -> None:
    summary = outcome_summary(deals)
    mix = charts.outcome_mix(summary, title="How the closed deals ended")
    assert list(mix.data[0].marker.color) == [OUTCOME_COLOURS[o] for o in ("won", "lost", "no_decision")]
    assert mix.data[0].text[0].endswith(f"{summary['won'][0] / summary['closed'][0]:.0%}")

    reasons = charts.reason_bars(loss_reasons(deals), title="Why deals were lost")
    assert {t.marker.color for t in reasons.data} == {OUTCOME_COLOURS["lost"], OUTCOME_COLOURS["no_decision"]}

    cycle = cycle_days_by_outcome(deals)
    bars = charts.cycle_bars(cycle, title="Days open").data[0]
    assert [list(c)[0] for c in bars.customdata] == ["won", "lost", "no_decision"]
    assert all("(n = " in label for label in bars.y)


def test_one_deal_is_counted_in_the_singular_in_every_bar_and_hover(deals: pl.DataFrame) -> None:
    """"of 1 closed deals", "1 deals", "1 days", "n = 1 deals": the counts met their nouns by hand."""
    import datetime as dt

    one = deals.filter(pl.col("outcome") == "lost").head(1).with_columns(
        (pl.col("close_date") - dt.timedelta(days=1)).alias("created_date"))
    mix = charts.outcome_mix(outcome_summary(one), title="t").data[0]
    assert "of 1 closed deal<extra>" in mix.hovertemplate
    reasons = charts.reason_bars(loss_reasons(one), title="t")
    (hover,) = [h for t in reasons.data for h in (t.hovertext or ())]
    assert hover.endswith("<br>1 deal") and " deals" not in hover  # one loss: a count, no share (small n)
    cycle = charts.cycle_bars(cycle_days_by_outcome(one), title="t").data[0]
    assert list(cycle.text) == ["1 day"]
    assert cycle.hovertext[0].startswith("<b>Lost</b><br>median 1 day;") and cycle.hovertext[0].endswith("<br>n = 1 deal")
    # The reasons past the top ones, in one bar: one deal among them is "1 deal".
    many = pl.DataFrame({"loss_reason": ["A", "B"], "outcome": ["lost", "lost"], "deals": [3, 1],
                         "share": [0.75, 0.25], "amount": [1.0, 1.0]})
    rest = charts.reason_bars(many, title="t", top=1).data[-1]
    assert rest.hovertemplate == "<b>1 other reason</b><br>1 deal counted as lost<extra></extra>"


def test_a_few_deals_are_counted_in_whole_numbers_on_every_count_axis(deals: pl.DataFrame) -> None:
    """Four closed deals: Plotly's own ticks read "0 0.5 1 1.5 2" deals; a count axis steps by one
    below 5, and keeps Plotly's steps above."""
    few = deals.filter(pl.col("outcome").is_in(["won", "lost", "no_decision"])).head(4)
    mix = charts.outcome_mix(outcome_summary(few), title="t")
    reasons = charts.reason_bars(loss_reasons(few), title="t")
    quarters = charts.quarterly_outcomes(quarterly_trend(few).filter(pl.col("closed") > 0), title="t")
    assert mix.layout.xaxis.dtick == 1 and reasons.layout.xaxis.dtick == 1 and quarters.layout.yaxis2.dtick == 1
    assert charts.outcome_mix(outcome_summary(deals), title="t").layout.xaxis.dtick is None
    assert charts.count_axis("Deals", 4)["dtick"] == 1 and "dtick" not in charts.count_axis("Deals", 5)


def test_a_count_axis_of_thousands_takes_few_enough_ticks_to_keep_them_apart(deals: pl.DataFrame) -> None:
    """The sample's 2,133 won deals: the Overview's outcome bars, 161 px wide at 1024 px, wrote
    "0 500 1,000 1,500 2,000" with 3 px between the thousands. From 1,000 up a count axis takes at most
    four ticks ("0 1,000 2,000"); below, Plotly's own."""
    many = pl.concat([deals] * (1 + 2_000 // max(1, deals.filter(pl.col("outcome") == "won").height)))
    mix = charts.outcome_mix(outcome_summary(many), title="t")
    assert max(mix.data[0].x) >= 1_000
    assert mix.layout.xaxis.nticks is not None and mix.layout.xaxis.nticks <= 4
    assert charts.outcome_mix(outcome_summary(deals.head(300)), title="t").layout.xaxis.nticks is None
    assert charts.count_axis("Deals", 999).get("nticks") is None and charts.count_axis("Deals", 1_000)["nticks"] <= 4


def test_profile_mix_labels_the_study_as_measured_against_quota(deals: pl.DataFrame) -> None:
    mix = top_performer_mix(deals, min_n=5)
    figure = charts.profile_mix(mix, title="Who the top performers are")
    study = [t.name for t in figure.data if t.name and t.name.startswith("Study")]
    assert study and all("vs quota" in name for name in study)
    points = [t for t in figure.data if t.customdata is not None]
    assert points and selected_profile({"selection": {"points": [{"customdata": list(points[0].customdata[0])}]}})


def test_profile_mix_names_one_ranked_rep_in_the_singular(deals: pl.DataFrame) -> None:
    """"Yours: all 1 ranked reps" for a range with one rep ranked."""
    one = top_performer_mix(deals.filter(pl.col("rep") == deals["rep"][0]), min_n=5)
    assert one.ranked_reps == 1
    names = {t.name for t in charts.profile_mix(one, title="t").data if t.name}
    assert "Yours: the one ranked rep · n too small (n = 1)" in names and not any("1 ranked reps" in n for n in names)


def test_scorecard_puts_the_rep_in_their_profile_colour(deals: pl.DataFrame) -> None:
    rep = deals["rep"][0]
    profile = deals.filter(pl.col("rep") == rep)["seller_profile"][0]
    card = rep_scorecard(deals, rep)
    bars = charts.scorecard_bars(card, title="Win rate against peers and team", profile=profile).data[0]
    assert bars.customdata[0][0] == rep
    assert bars.marker.color[0] in (PROFILE_COLOURS[profile], SMALL_N_COLOUR)


def test_empty_frames_give_a_figure_that_says_so() -> None:
    empty = small_board().head(0)
    for figure in (
        charts.rate_bars(empty, "rep", title="Win rate by rep"),
        charts.rate_trend(pl.DataFrame({"quarter": [], "closed": []}), title="Trend"),
        charts.reason_bars(pl.DataFrame({"loss_reason": []}), title="Reasons"),
    ):
        assert figure.layout.annotations and "No" in figure.layout.annotations[0].text


def test_a_legend_above_the_plot_leaves_the_title_room() -> None:
    # Six profiles, a reference line and a greyed bar: eight legend entries over three rows.
    board = pl.DataFrame({
        "rep": [f"Rep {i}" for i in range(7)],
        "seller_profile": [*PROFILE_COLOURS, "Challenger"],
        "n": [120, 60, 80, 90, 70, 50, 7],
        "win_rate": [0.5, 0.4, 0.3, 0.45, 0.35, 0.25, 0.71],
        "win_rate_lo": [0.41, 0.28, 0.2, 0.35, 0.25, 0.15, 0.36],
        "win_rate_hi": [0.59, 0.53, 0.4, 0.55, 0.45, 0.35, 0.92],
    })
    figure = charts.rate_bars(board, "rep", title="Win rate by rep, with 95% intervals", colour_by="seller_profile",
                              colours=PROFILE_COLOURS, horizontal=True, reference=0.44, reference_n=477, reference_label="All reps")
    title, legend = styled(figure).layout.title, styled(figure).layout.legend
    # The title is pinned to the figure's top, not centred in a margin that the legend fills; the legend
    # hangs under it (theme.legend_under_title), the plot under the legend's rows.
    assert (title.yref, title.y, title.yanchor) == ("container", 1.0, "top")
    assert (legend.yref, legend.yanchor) == ("container", "top")


def test_a_sparkline_draws_its_values_in_order_and_keeps_gaps():
    figure = charts.sparkline([0.4, None, 0.45, 0.42])
    (line,) = figure.data
    assert list(line.y) == [0.4, None, 0.45, 0.42]
    assert list(line.x) == [0, 1, 2, 3]
    assert figure.layout.xaxis.visible is False and figure.layout.yaxis.visible is False


def test_a_sparkline_area_fills_down_to_its_lowest_value_not_to_zero():
    floor, area = charts.sparkline([120, 90, 150], area=True).data
    assert list(floor.y) == [90, 90, 90]
    assert area.fill == "tonexty"
    # Under a gap (a quarter cut short: views.common.whole_quarter_trend) the floor has one too: whole, the fill ran
    # from the last drawn point down to its far end, a wedge read as a fall.
    floor, area = charts.sparkline([120, 90, 150, None], area=True).data
    assert list(floor.y) == [90, 90, 90, None] and list(area.y) == [120, 90, 150, None]


def test_a_sparkline_leaves_a_point_on_too_few_deals_out():
    # 2026 Q2 42% on 1,212 deals, then a cut Q3 at 0% on one lost deal: no line falls to it, no mark gives it.
    figure = charts.sparkline([0.40, 0.41, 0.42, 0.0], small=[False, False, False, True])
    (line,) = figure.data
    assert list(line.y) == [0.40, 0.41, 0.42, None]


def test_a_sparkline_point_left_with_no_joined_neighbour_is_still_drawn():
    (line,) = charts.sparkline([0.2, 0.5, 0.3], small=[True, False, True]).data
    assert list(line.y) == [None, 0.5, None]
    assert "markers" in line.mode and list(line.marker.size) == [0, 6, 0]


def test_a_sparkline_of_nothing_draws_nothing():
    assert charts.sparkline([]).data == ()
    assert charts.sparkline([None, None]).data == ()


# ---------------------------------------------------------------------------------------------
# Read on screen: ink on bars, markers not clipped, no label dropped, legends off the title


def test_band_bar_text_takes_the_ink_that_reads_on_its_bar(deals: pl.DataFrame) -> None:
    bands = win_rate_by_profile_and_band(deals)
    figure = charts.band_bars(bands.table, bands.labels, title="Win rate by deal size band and seller profile")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    inks = {trace.name: set(trace.insidetextfont.color) for trace in bars}
    # White on Challenger's green and Hard Worker's blue, where dark text barely read; dark on the pale ones.
    assert inks["Challenger"] <= {"#FFFFFF", charts.TEXT_COLOUR} and "#FFFFFF" in inks["Challenger"]
    assert "#FFFFFF" in inks["Hard Worker"]
    # A short bar's text goes outside, past its whisker where it has one (a text trace of its own)...
    assert all(set(trace.textposition) <= {"inside", "outside", "none"} for trace in bars)
    assert {trace.outsidetextfont.color for trace in bars} == {charts.TEXT_COLOUR}  # ...in dark ink
    assert {t.textfont.color for t in figure.data if t.type == "scatter"} <= {charts.TEXT_COLOUR}


def test_a_profile_mix_marker_at_zero_is_drawn_whole_and_its_label_reads(deals: pl.DataFrame) -> None:
    mix = top_performer_mix(deals, min_n=5, min_reps=3)  # shares of 3 top reps and more are given
    figure = charts.profile_mix(mix, title="Who the top performers are")
    low, _ = figure.layout.xaxis.range
    assert low <= -charts.PROFILE_MIX_PAD < 0  # 0% is inside the plot, not on its edge
    shares = {a.text for a in figure.layout.annotations}
    assert shares and all(a.font.color == charts.TEXT_COLOUR for a in figure.layout.annotations)
    table = mix.table.filter((pl.col("all_count") > 0) | pl.col("study_all_share").is_not_null())
    for note in figure.layout.annotations:  # under its own filled circle, off the line joining the two
        row = table.row(round(note.y - 0.12), named=True)
        assert note.x == row["top_share"] and note.text == f"{row['top_share']:.0%}" and note.yshift < 0


def test_every_rep_bar_keeps_its_label_and_presenter_charts_grow_with_their_type() -> None:
    from winloss.present.theme import PRESENTER_SCALE

    figure = charts.rate_bars(small_board(), "rep", title="Win rate by rep", horizontal=True)
    assert list(figure.layout.yaxis.tickvals) == ["Ann", "Bob", "Cat"]  # each named: Plotly may not thin them out
    height = figure.layout.height
    assert styled(figure, presenter=True).layout.height == round(height * PRESENTER_SCALE)
    assert styled(charts.rate_bars(small_board(), "rep", title="t", horizontal=True)).layout.height == height


def test_presenter_mode_enlarges_text_that_sets_its_own_size(deals: pl.DataFrame) -> None:
    from winloss.present.theme import PRESENTER_SCALE

    bands = win_rate_by_profile_and_band(deals)
    plain = charts.band_bars(bands.table, bands.labels, title="Bands")
    shown = styled(charts.band_bars(bands.table, bands.labels, title="Bands"), presenter=True)
    assert shown.data[0].insidetextfont.size == round(plain.data[0].insidetextfont.size * PRESENTER_SCALE)
    mix = charts.profile_mix(top_performer_mix(deals, min_n=5, min_reps=3), title="Mix")
    size = mix.layout.annotations[0].font.size
    assert styled(mix, presenter=True).layout.annotations[0].font.size == round(size * PRESENTER_SCALE)


def test_reason_legend_rows_fit_between_title_and_plot() -> None:
    reasons = pl.DataFrame({"loss_reason": ["Price", "Went Dark"], "outcome": ["lost", "no_decision"],
                            "deals": [5, 3], "share": [0.625, 0.375]})
    figure = charts.reason_bars(reasons, title="Why deals were lost, most frequent first")
    # One entry per row (a half-width column stacks them): two rows of room under the title.
    assert figure.layout.margin.t >= charts.TITLE_ROOM + 2 * charts.LEGEND_ROW
    assert styled(figure).layout.title.yref == "container"


def test_reasons_past_the_top_ones_are_one_bar_so_the_bars_add_up() -> None:
    names = [f"Reason {i:02d}" for i in range(13)]
    deals = [20 - i for i in range(13)]  # 20, 19, … 8: 182 deals
    reasons = pl.DataFrame({"loss_reason": names, "outcome": ["lost", "no_decision"] * 6 + ["lost"],
                            "deals": deals, "share": [d / sum(deals) for d in deals]})
    figure = charts.reason_bars(reasons, title="Why deals were lost", top=10)
    assert sum(sum(trace.x) for trace in figure.data if trace.type == "bar") == sum(deals)  # nothing silently dropped
    # Its lost and no-decision deals apart, in their colours (Reason 10 and 12 lost, Reason 11 no decision).
    other = [t for t in figure.data if t.type == "bar" and list(t.y) == ["3 other reasons"]]
    assert [(t.marker.color, list(t.x)) for t in other] == [(OUTCOME_COLOURS["lost"], [10 + 8]),
                                                           (OUTCOME_COLOURS["no_decision"], [9])]
    assert all(t.customdata is None for t in other)
    (total,) = [t for t in figure.data if t.type == "scatter" and list(t.y) == ["3 other reasons"]]
    assert total.text[0].startswith(" 27 in all")  # its total past its end, as a stacked reason's
    assert list(figure.layout.yaxis.categoryarray)[-1] == "3 other reasons"
    assert len(charts.reason_bars(reasons.head(10), title="t").data) == 2  # ten reasons: no such bar


def test_axis_counts_carry_a_thousands_separator() -> None:

    figure = styled(charts.outcome_mix(pl.DataFrame({"closed": [3000], "won": [1200], "lost": [1000],
                                                     "no_decision": [800]}), title="How deals ended"))
    template = figure.layout.template.layout
    assert template.xaxis.separatethousands and template.yaxis.separatethousands


def test_a_movers_change_is_worded_once_and_sits_right_of_both_points(deals: pl.DataFrame) -> None:
    import dataclasses

    from winloss.present import review_charts
    from winloss.views.review import quarterly_review

    quarter = "2025 Q3"
    review = quarterly_review(deals, quarter, deals["close_date"].max())
    movers = pl.DataFrame({
        "rep": ["Ann", "Bob"], "seller_profile": ["Challenger", "Lone Wolf"], "measure": ["win_rate", "win_rate"],
        "measure_label": ["Win rate", "Win rate"], "before": [0.40, 0.18], "after": [0.41, 0.05],
        "change": [0.01, -0.13], "n_before": [30, 25], "n_after": [31, 22], "p_value": [0.9, 0.04],
        "significant": [False, True],
    })
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=movers))
    (words,) = [t for t in figure.data if t.text is not None and t.xaxis == "x"]
    assert words.marker.opacity == 0 and words.marker.size >= 14  # offsets the words past the visible dots
    # Reversed: largest change on top. Bob fell from 18% to 5%: the words sit right of 18%, not
    # left of 5%, where they ran into his name; Ann's one point is "+1 pt", never "+1 pts".
    assert list(words.text) == ["-13 pts", "+1 pt"]
    assert list(words.x) == [0.18, 0.41] and words.textposition == "middle right"


def test_an_assessment_score_is_written_at_the_bar_base_off_the_raters_whisker() -> None:
    from winloss.present.assessment_charts import SCALE_FLOOR, profile_scores

    scores = pl.DataFrame({
        "seller_profile": ["Challenger", "Hard Worker", "Lone Wolf"], "score": [1.62, 3.25, 3.5],
        "lowest": [1.5, 2.0, 2.5], "highest": [1.75, 4.5, 4.5], "spread": [0.25, 2.5, 2.0],
    })
    (bars,) = profile_scores(scores, "Profile scores").data
    # The bar rises from 1 (the scale's floor), so its start is on the axis and the words sit there.
    assert bars.base == SCALE_FLOOR and list(bars.x) == pytest.approx([2.5, 2.25, 0.62])  # reversed rows
    assert bars.insidetextanchor == "start" and [t.strip() for t in bars.text] == ["3.50", "3.25", "1.62"]
    # White on Hard Worker's blue and Challenger's green, dark on Lone Wolf's yellow.
    assert list(bars.textfont.color) == [charts.TEXT_COLOUR, "#FFFFFF", "#FFFFFF"]
    assert bars.error_x.array[0] == pytest.approx(1.0)  # the whisker still reaches the highest rater, 4.5


def test_a_score_whose_whisker_reaches_the_floor_is_written_past_the_whisker_and_halves_round_up() -> None:
    from winloss.present.assessment_charts import profile_scores, score_text

    scores = pl.DataFrame({
        "seller_profile": ["Challenger", "Relationship Builder", "Lone Wolf"], "score": [1.625, 1.25, 2.375],
        "lowest": [1.5, 1.0, 2.0], "highest": [1.75, 1.5, 5.0], "spread": [0.25, 0.5, 3.0],
    })
    figure = profile_scores(scores, "Profile scores")
    (bars,) = figure.data
    # Relationship Builder's raters reach 1, the floor: its words would sit under the whisker, so they
    # go just past its far end (1.5); the others stay at their bar's base.
    assert [t.strip() for t in bars.text] == ["2.38", "", "1.63"]  # reversed rows
    (note,) = figure.layout.annotations
    assert (note.text, note.x, note.y, note.xanchor) == ("1.25", 1.5, "Relationship Builder", "left")
    # Halves round up, as the hover's d3 format writes them: not 1.62 beside 2.38.
    assert [score_text(v) for v in (1.625, 2.375, 3.0, 4.994)] == ["1.63", "2.38", "3.00", "4.99"]
    # The hover is written by the same rule, not by its own ".2f" (d3 rounds the float: 1.145 read "1.14").
    assert "customdata[3]}" in bars.hovertemplate and ":.2f" not in bars.hovertemplate
    halves = profile_scores(scores.with_columns(lowest=pl.lit(1.145), spread=pl.lit(1.005)), "t").data[0].customdata
    assert [list(row) for row in halves] == [["1.15", "5.00", "1.01", "2.38"], ["1.15", "1.50", "1.01", "1.25"],
                                             ["1.15", "1.75", "1.01", "1.63"]]
    assert figure.layout.xaxis.range[1] >= 5.2 and list(figure.layout.xaxis.tickvals) == [1, 2, 3, 4, 5]


def test_profile_mix_shares_of_too_few_reps_are_grey_and_never_a_bare_percentage(deals: pl.DataFrame) -> None:
    """"The top 1 of 3 reps" was drawn as 100% of one profile, in its colour, with no small-n mark."""
    from winloss.present.theme import SMALL_N_EDGE

    three = deals.filter(pl.col("rep").is_in(deals["rep"].unique(maintain_order=True).head(3).implode()))
    mix = top_performer_mix(three, min_n=5)
    assert (mix.ranked_reps, mix.top_reps) == (3, 1) and mix.top_too_small and mix.all_too_small
    figure = charts.profile_mix(mix, title="t")
    assert not [a.text for a in figure.layout.annotations if "%" in a.text]
    names = {t.name for t in figure.data if t.name}
    assert "Yours: top 1 of 3 by win rate · n too small (n = 1)" in names
    assert "Yours: all 3 ranked reps · n too small (n = 3)" in names
    for trace in figure.data:
        if trace.name and trace.name.startswith("Yours") and trace.x and trace.x[0] is not None:
            # The edge grey, a ring in it and a filled circle filled with it: the small-n grey read as a ring.
            assert set(trace.marker.color) == {SMALL_N_EDGE}
            assert set(trace.marker.line.color) == {SMALL_N_EDGE}
            assert all("%" not in h for h in trace.hovertext)
    # Enough reps for min_reps: the shares keep their profile colours and percentages.
    many = top_performer_mix(deals, min_n=5, min_reps=3)
    assert not many.top_too_small and not many.all_too_small
    shown = charts.profile_mix(many, title="t")
    assert shown.layout.annotations and not any("n too small" in (t.name or "") for t in shown.data)


def test_profile_mix_legend_gives_a_long_entry_the_whole_width(deals: pl.DataFrame) -> None:
    """Two entries to a row, "Yours: top 9 of 41 by win rate · n too small (n = 9)" ran past the chart's right
    edge at 1024 px, at the app's type and in presenter mode: an entry that does not fit half the plot there
    takes a row of its own; short entries still go two to a row."""
    from ui.drill import chart_room

    three = deals.filter(pl.col("rep").is_in(deals["rep"].unique(maintain_order=True).head(3).implode()))
    few, many = top_performer_mix(three, min_n=5), top_performer_mix(deals, min_n=5, min_reps=3)
    for presenter in (False, True):
        room = chart_room(presenter)
        long = charts.profile_mix(few, title="t", room=room).layout.legend
        short = charts.profile_mix(many, title="t", room=room).layout.legend
        assert long.entrywidth == 1.0, (presenter, long.entrywidth)
        assert short.entrywidth == 0.5, (presenter, short.entrywidth)


def test_the_top_movers_legend_names_each_panels_coloured_dots(deals: pl.DataFrame) -> None:
    """One legend entry for the quarter, in the win rate's blue, said the no-decision panel's orange dots
    were something else: each panel's dots have their own entry, in their own colour."""
    import dataclasses

    from winloss.present import review_charts
    from winloss.views.review import quarterly_review

    review = quarterly_review(deals, "2025 Q3", deals["close_date"].max())
    movers = pl.DataFrame({
        "rep": ["Ann", "Bob"], "seller_profile": ["Challenger", "Lone Wolf"],
        "measure": ["win_rate", "no_decision_share_of_losses"], "measure_label": ["Win rate", "No decision ÷ losses"],
        "before": [0.40, 0.30], "after": [0.60, 0.10], "change": [0.2, -0.2], "n_before": [30, 25], "n_after": [31, 22],
        "p_value": [0.01, 0.04], "significant": [True, True],
    })
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=movers))
    shown = {t.name: t.marker.color for t in figure.data if t.showlegend is not False and t.name}
    # Last quarter's mark is a grey upright stroke (PREVIOUS_MARK): the pale grey of last quarter's bars,
    # 3 px wide, was lost on white.
    assert shown == {"2025 Q2": review_charts.PREVIOUS_MARK["color"], "2025 Q3: Win rate": review_charts.OUTCOME_COLOURS["won"],
                     "2025 Q3: No decision ÷ losses": review_charts.OUTCOME_COLOURS["no_decision"]}


def test_a_two_line_label_gets_rows_tall_enough_to_keep_it_off_its_neighbours() -> None:
    """A rep's name past 24 characters takes two lines; in rows of 26 px they ran into the labels
    above and below it (a 16-rep chart on the Reps page)."""
    board = pl.concat([small_board()] * 4).with_columns(pl.format("{} {}", "rep", pl.int_range(pl.len())).alias("rep"))
    plain = charts.rate_bars(board, "rep", title="t", horizontal=True)
    assert plain.layout.height == charts.BAR_HEIGHT * 12 + plain.layout.margin.t + charts.AXIS_ROOM
    long_name = board.with_columns(
        pl.when(pl.int_range(pl.len()) == 5).then(pl.lit("Très Long Name Wolfgang Amadeus von Habsburg-Lothringen"))
        .otherwise(pl.col("rep")).alias("rep"))
    wrapped = charts.rate_bars(long_name, "rep", title="t", horizontal=True)
    assert any("<br>" in tick for tick in wrapped.layout.yaxis.ticktext)
    # Two 13 px lines and a gap to each neighbour, every row, whatever the legend takes above the plot.
    assert wrapped.layout.height >= 36 * 12 + wrapped.layout.margin.t + charts.AXIS_ROOM


@pytest.mark.parametrize(("reps", "min_reps", "too_small"), [
    (3, 20, (True, True)), (None, 10, (True, False)), (None, 3, (False, False)),  # (top reps, all ranked reps)
])
def test_the_profile_mixs_two_ends_differ_in_size_and_fill_not_colour_alone(
        deals: pl.DataFrame, reps: int | None, min_reps: int, too_small: tuple[bool, bool]) -> None:
    """With few reps every mark was grey and of one size: a filled circle (the top reps), its fill the pale
    small-n grey, could hardly be told from a hollow one (all ranked reps). The top reps' mark (and the
    study's stars') is larger and filled, all reps' a small hollow one, in the plot and in the legend, in
    every state; a grey filled mark is filled dark, as its outline."""
    from winloss.present.theme import SMALL_N_COLOUR

    kept = deals if reps is None else deals.filter(pl.col("rep").is_in(deals["rep"].unique(maintain_order=True).head(reps).implode()))
    mix = top_performer_mix(kept, min_n=5, min_reps=min_reps)
    assert (mix.top_too_small, mix.all_too_small) == too_small
    figure = charts.profile_mix(mix, title="t")
    marks = [t for t in figure.data if t.mode == "markers" and t.name]  # not the white under the small marks
    for drawn in (True, False):  # the marks, and their legend's stand-ins
        traces = {t.name.split(" · ")[0]: t for t in marks if (t.x[0] is not None) == drawn}
        everyone = next(t for n, t in traces.items() if n.startswith("Yours: all") or n == "Yours: the one ranked rep")
        top = next(t for n, t in traces.items() if n.startswith("Yours: top"))
        study_all, stars = traces["Study: all reps (vs quota)"], traces["Study: stars (vs quota)"]
        for small, large in ((everyone, top), (study_all, stars)):
            assert small.marker.symbol.endswith("-open") and not large.marker.symbol.endswith("-open")
            assert large.marker.size >= 1.5 * small.marker.size
        fills = [top.marker.color] if isinstance(top.marker.color, str) else list(top.marker.color)
        assert SMALL_N_COLOUR not in fills  # the pale grey read as a ring on white
        if mix.top_too_small:
            lines = [top.marker.line.color] if isinstance(top.marker.line.color, str) else list(top.marker.line.color)
            assert fills == lines  # filled with its outline's dark grey: a disc, not a ring


@pytest.mark.parametrize("n_noun, none", [("lost + no-decision deals", "no losses"), ("deals in the win rate", "no closed deals")])
def test_a_bar_with_no_deals_in_its_n_names_what_it_has_none_of(n_noun: str, none: str) -> None:
    """A region whose one closed deal was won has no losses: its no-decision-share bar read
    "Nordics (n = 0) no deals", though the region has a deal."""
    frame = pl.DataFrame({"region": ["EMEA", "Nordics"], "share": [0.4, None], "share_lo": [0.2, None],
                          "share_hi": [0.6, None], "losses": [40, 0]})
    figure = charts.rate_bars(frame, "region", title="t", rate="share", n_noun=n_noun, horizontal=True)
    bar = figure.data[0]
    assert bar.text[1].strip() == none and bar.text[0].strip() == "40%"
    assert f": {none}<br>" in bar.hovertext[1]



@pytest.mark.parametrize(("reps", "min_reps"), [(4, 20), (None, 10)])
def test_a_withheld_share_of_the_profile_mix_keeps_its_place_greyed_as_every_withheld_rate(
        deals: pl.DataFrame, reps: int | None, min_reps: int) -> None:
    """One rule for every withheld rate (winloss.present.withheld): its mark keeps its row, greyed, with no
    percentage, resting on the profiles' axis at 0 on an unseen axis laid across the share axis
    (withheld.ACROSS_MARK_AXIS), one place for all, rather than at its share or at a negative share left of 0%.
    No line ends at a withheld share, no label gives it."""
    kept = deals if reps is None else deals.filter(pl.col("rep").is_in(deals["rep"].unique(maintain_order=True).head(reps).implode()))
    mix = top_performer_mix(kept, min_n=5, min_reps=min_reps)
    assert mix.top_too_small
    figure = charts.profile_mix(mix, title="t")
    held = [t for t in figure.data if t.name and "n too small" in t.name and t.x and t.x[0] is not None]
    assert held, "no mark of a withheld share"
    for trace in held:
        column = "top_share" if trace.name.startswith("Yours: top") else "all_share"
        at_shares = [s for s in mix.table[column].to_list() if s is not None]
        assert trace.xaxis == withheld.ACROSS_MARK_AXIS and list(trace.x) == [0.0] * len(at_shares), (trace.name, trace.x)
        assert figure.layout[withheld.ACROSS_MARK_AXIS_KEY].visible is False
        assert set(trace.marker.color) == {SMALL_N_EDGE}
        assert "%" not in " ".join(trace.hovertext)
    assert "xaxis2" not in figure.layout.to_plotly_json()
    # The axis spans every share shown; a withheld share is no mark of its own to span, and none on it is below 0%.
    drawn = [x for t in figure.data if t.type == "scatter" and t.xaxis in (None, "x") for x in (t.x or ()) if x is not None]
    assert figure.layout.xaxis.range[1] >= max(drawn) and min(drawn) >= 0
    lines = [t for t in figure.data if t.mode == "lines"]
    # No line of the user's shares (drawn 0.12 below a profile's row): its end would be the withheld share.
    assert lines and not [t for t in lines if round(t.y[0] % 1, 2) == 0.12]
    assert not [a for a in figure.layout.annotations if "%" in a.text]
