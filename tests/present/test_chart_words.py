"""The words on the charts: never on a whisker, never squeezed into a part too thin for them, rates in
hovers worded as on the page (text.percent), names from files shown as text."""

from __future__ import annotations

import dataclasses
import re

import plotly.graph_objects as go
import polars as pl
import pytest
from small_deals import generated_deals

from winloss.measures.bands import win_rate_by_profile_and_band
from winloss.measures.no_decision import cycle_days_by_outcome, loss_reasons
from winloss.measures.profiles import top_performer_mix
from winloss.measures.summary import outcome_summary
from winloss.measures.trends import quarterly_trend
from winloss.present import charts, review_charts, withheld
from winloss.present.theme import PRESENTER_SCALE, styled
from winloss.views.review import Review, quarterly_review


@pytest.fixture(scope="module")
def deals() -> pl.DataFrame:
    return generated_deals()


@pytest.fixture(scope="module")
def review(deals: pl.DataFrame) -> Review:
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def _whiskers(error, count: int) -> list[bool]:
    """Which of `count` marks draw a whisker (either arm) in a trace's error_x / error_y."""
    if error is None or not error.array:
        return [False] * count
    plus, minus = list(error.array), list(error.arrayminus or [None] * count)
    return [bool(p) or bool(m) for p, m in zip(plus, minus, strict=True)]


def _listed(value, count: int) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value] * count


def words_on_whiskers(figure: go.Figure) -> list[str]:
    """The words written where a whisker runs: on a point with a whisker (a line's text sits at its
    point, the whisker through it), past the end of a bar with one ("outside", "auto": where the whisker
    starts), or inside a bar at its base but too long for it (fits, on the axis drawn), spilling onto it."""
    found = []
    for trace in figure.data:
        texts = list(trace.text) if isinstance(trace.text, (list, tuple)) else None
        if not texts:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        error = trace.error_x if horizontal else trace.error_y
        drawn = _whiskers(error, len(texts))
        if trace.type == "scatter":
            if "text" in (trace.mode or ""):
                found += [f"{trace.name}: {t!r} on its point's whisker" for t, w in zip(texts, drawn, strict=True) if t and w]
            continue
        places = _listed(trace.textposition, len(texts))
        axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
        top = axis.range[1] if axis.range else None
        values = list(trace.x if horizontal else trace.y)
        minus = list(error.arrayminus or [None] * len(texts)) if error is not None and error.array else [None] * len(texts)
        for text, place, whisker, value, down in zip(texts, places, drawn, values, minus, strict=True):
            if not text or not whisker or place == "none":
                continue
            room = (value or 0) - (down or 0)  # from the base to the whisker's lower arm
            if place in ("outside", "auto"):
                found.append(f"{trace.name}: {text!r} past its bar's end, on the whisker")
            elif horizontal and top and not charts.fits(str(text).strip(), room, top, charts.WIDE_CHAR_SHARE):
                found.append(f"{trace.name}: {text!r} inside a bar too short for it, onto the whisker")
    return found


def tight_review(review: Review) -> Review:
    """A review whose no-decision shares are drawn with whiskers (enough losses) and turn both ways."""
    table = pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"], "no_decision": [30, 50, 12, 60],
        "losses": [100, 100, 100, 100], "no_decision_share_of_losses": [0.3, 0.5, 0.12, 0.6],
        "no_decision_share_of_losses_lo": [0.22, 0.4, 0.07, 0.5], "no_decision_share_of_losses_hi": [0.4, 0.6, 0.2, 0.69],
        "small_n": [False] * 4, "no_decision_amount": [1000.0, 2000.0, 500.0, 3000.0],
        "no_decision_value_share": [0.1, 0.2, 0.05, 0.3], "closed": [300, 300, 300, 300],
    })
    return dataclasses.replace(review, no_decision=table, quarter="2026 Q4")


def test_the_reviews_share_of_losses_is_written_past_its_whisker_not_on_it(review: Review) -> None:
    """On the page and in the HTML report the "12%" sat on its point, the interval's whisker through it."""
    figure = review_charts.no_decision_figure(tight_review(review))
    assert words_on_whiskers(figure) == []
    (line,) = [t for t in figure.data if t.type == "scatter" and "lines" in t.mode]
    (words,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    assert list(words.text) == ["30%", "50%", "12%", "60%"] and list(words.x) == list(line.x)
    # Above a point: from the whisker's top; below it: from the whisker's foot.
    ends = {"top": [0.4, 0.6, 0.2, 0.69], "bottom": [0.22, 0.4, 0.07, 0.5]}
    for i, (place, y) in enumerate(zip(words.textposition, words.y, strict=True)):
        assert y == ends[place.split()[0]][i], (i, place, y)
    low, high = figure.layout.yaxis.range
    room = review_charts.SHARE_LABEL_ROOM * (high - low)
    assert high >= 0.69 + room - 1e-6 and low <= 0.07 - room + 1e-6  # the words past the ends stay in the plot


@pytest.mark.parametrize("presenter", [False, True])
def test_the_reviews_share_words_clear_their_whiskers_caps(review: Review, presenter: bool) -> None:
    """Pinned at the whisker's end with no offset, the "33%" under its point had the lower cap through its
    top (2.5 px at 1280 px in presenter mode, 2.3 px in the HTML report). By the rule's numbers
    (charts.words_clear_of_cap_px), at the type each is drawn in, every share's words stand
    CAP_CLEAR_PX clear of the cap at the interval's end they are pinned to."""
    figure = styled(review_charts.no_decision_figure(tight_review(review)), presenter=presenter)
    (line,) = [t for t in figure.data if t.type == "scatter" and "lines" in t.mode]
    (words,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    font_px = words.textfont.size or figure.layout.template.layout.font.size
    assert font_px >= 13 + 5 * presenter  # the presenter type checked, not the app's twice
    sizes = words.marker.size if "markers" in words.mode else 0
    clear = [charts.words_clear_of_cap_px(place, font_px, size, line.error_y.thickness)
             for place, size in zip(words.textposition, _listed(sizes, len(words.text)), strict=True)]
    assert {p.split()[0] for p in words.textposition} == {"top", "bottom"}  # both rules tried
    assert all(c >= charts.CAP_CLEAR_PX - 1e-9 for c in clear), list(zip(words.text, words.textposition, clear, strict=True))
    assert words.marker.opacity == 0  # the marker sets the words off; it is not seen


@pytest.mark.parametrize(("place", "font_px"), [("bottom center", 13), ("bottom left", 18), ("top right", 18), ("top center", 13)])
def test_the_cap_clearing_marker_gives_just_the_gap(place: str, font_px: int) -> None:
    size = charts.cap_clearing_marker_px(place, font_px, 1.0)
    assert charts.words_clear_of_cap_px(place, font_px, size, 1.0) == pytest.approx(charts.CAP_CLEAR_PX)
    # Without it, words under a point cross the cap: the fault's 2.5 px at 18 px type.
    assert charts.words_clear_of_cap_px("bottom center", 18, 0.0, 1.0) < -2


def bar_board(rates: list[float], lows: list[float], highs: list[float], n: int = 200) -> pl.DataFrame:
    return pl.DataFrame({"rep": [f"Rep {i}" for i in range(len(rates))], "n": [n] * len(rates), "win_rate": rates,
                         "win_rate_lo": lows, "win_rate_hi": highs})


@pytest.mark.parametrize("horizontal", [True, False])
def test_a_bar_too_short_for_its_words_has_them_past_its_whisker(horizontal: bool) -> None:
    """A bar of 2% beside one of 70%: its "2%" (or a 0%'s "0%") spilled past its end onto the whisker."""
    figure = charts.rate_bars(bar_board([0.7, 0.02, 0.0], [0.6, 0.01, 0.0], [0.8, 0.06, 0.03]), "rep", title="t",
                              horizontal=horizontal)
    assert words_on_whiskers(figure) == []
    (words,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    bars = figure.data[0]
    assert [t.strip() for t in words.text] == ["2%", "0%"]
    assert list(words.x if horizontal else words.y) == [0.06, 0.03]  # from the whisker's end
    assert [list(c) for c in words.customdata] == [["Rep 1"], ["Rep 2"]]  # a click on the words is one on the bar
    assert list(bars.textposition) == ["inside", "none", "none"]


def test_words_that_would_run_into_the_whiskers_lower_arm_go_past_its_far_end() -> None:
    """A bar of 34% whose interval starts at 28%: its "Relationship Builder · 34% (n = 207)" at the base
    ran on past 28%, the whisker's lower arm through its last words."""
    table = pl.DataFrame({"seller_profile": ["Relationship Builder"], "band": ["Large"], "n": [207],
                          "win_rate": [0.34], "win_rate_lo": [0.08], "win_rate_hi": [0.40]})
    figure = charts.band_bars(table, ["Large"], title="t")
    bars, words = figure.data
    assert list(bars.textposition) == ["none"] and list(words.x) == [0.40]
    board = bar_board([0.5], [0.05], [0.9])
    assert list(charts.rate_bars(board, "rep", title="t", horizontal=True).data[0].textposition) == ["none"]


def test_a_short_cycle_bar_has_its_days_past_its_whisker(deals: pl.DataFrame) -> None:
    cycle = pl.DataFrame({"outcome": ["won", "lost"], "deals": [40, 30], "median_days": [90.0, 3.0],
                          "p25_days": [60.0, 1.0], "p75_days": [130.0, 20.0]})
    figure = charts.cycle_bars(cycle, title="t")
    assert words_on_whiskers(figure) == []
    (words,) = [t for t in figure.data if t.type == "scatter" and t.mode in ("text", "markers+text")]
    assert [t.strip() for t in words.text] == ["3 days"] and list(words.x) == [20.0]


def test_a_short_band_bar_has_its_words_past_its_whisker_beside_its_own_bar() -> None:
    table = pl.DataFrame({
        "seller_profile": ["Challenger", "Challenger", "Lone Wolf", "Lone Wolf"], "band": ["Small", "Large"] * 2,
        "n": [200] * 4, "win_rate": [0.7, 0.05, 0.6, 0.5], "win_rate_lo": [0.63, 0.02, 0.53, 0.43],
        "win_rate_hi": [0.76, 0.09, 0.67, 0.57],
    })
    figure = charts.band_bars(table, ["Small", "Large"], title="t")
    assert words_on_whiskers(figure) == []
    (words,) = [t for t in figure.data if t.type == "scatter"]
    assert list(words.y) == ["Large"] and list(words.x) == [0.09] and words.text[0].strip() == "Challenger · 5% (n = 200)"
    # In the group's slot of its own bar, not across the middle of the band.
    assert words.offsetgroup == "Challenger" and figure.layout.scattermode == "group"


def test_no_chart_of_the_pages_or_the_review_writes_on_a_whisker(deals: pl.DataFrame, review: Review) -> None:
    bands = win_rate_by_profile_and_band(deals)
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figures = {
        "trend": charts.rate_trend(trend, title="t"),
        "outcomes": charts.outcome_mix(outcome_summary(deals), title="t"),
        "cycle": charts.cycle_bars(cycle_days_by_outcome(deals), title="t"),
        "bands": charts.band_bars(bands.table, bands.labels, title="t"),
        "quarters": charts.quarterly_outcomes(trend, title="t"),
        "reasons": charts.reason_bars(loss_reasons(deals), title="t"),
        "mix": charts.profile_mix(top_performer_mix(deals, min_n=5), title="t"),
    }
    figures |= {f"review {name}": figure for name, figure in review_charts.figures(review).items()}
    figures["review no decision, whiskers drawn"] = review_charts.no_decision_figure(tight_review(review))
    assert {name: found for name, figure in figures.items() if (found := words_on_whiskers(figure))} == {}


def test_a_part_of_a_stacked_quarter_too_thin_for_its_count_says_nothing_and_the_hover_keeps_it() -> None:
    """1 no-decision deal among 120: its count was squeezed into the sliver, a dot or a sideways "1"."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q2", "2026 Q3"], "closed": [120, 60], "won": [60, 30], "lost": [59, 10], "no_decision": [1, 20],
        "no_decision_share_of_closed": [1 / 120, 20 / 60],
    })
    figure = charts.quarterly_outcomes(trend, title="t")
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    # 10 of an axis to 120 is under a line of type (LINE_SHARE) in the panel's height: said nowhere but the hover.
    assert list(bars["No decision"].text) == ["", "20"] and list(bars["Lost"].text) == ["59", ""]
    assert list(bars["Won"].text) == ["60", "30"]
    assert all(t.textangle == 0 for t in bars.values())  # never turned on its side to fit
    # What Plotly would still have to shrink, it hides: the others keep the template's size, in presenter
    # mode too, rather than all shrinking to the smallest.
    assert figure.layout.uniformtext.mode == "hide" and figure.layout.uniformtext.minsize == charts.BAR_TEXT_SIZE
    assert styled(go.Figure(figure), presenter=True).layout.uniformtext.minsize == round(
        charts.BAR_TEXT_SIZE * PRESENTER_SCALE)
    assert bars["No decision"].hovertext[0].endswith("No decision: 1 deal") and list(bars["No decision"].y) == [1, 20]
    assert [t.split("<br>")[1] for t in bars["Won"].x] == ["n = 120", "n = 60"]  # each bar's total stays


def test_an_at_risk_part_too_short_for_its_count_says_nothing_and_each_bar_says_its_total(review: Review) -> None:
    table = pl.DataFrame({"seller_profile": ["Challenger", "Lone Wolf"], "at_risk": [40, 12], "on_track": [1, 9], "open": [41, 21],
                          "at_risk_share": [40 / 41, 12 / 21], "at_risk_value_share": [0.996, 0.5]})
    figure = review_charts.at_risk_figure(dataclasses.replace(review, at_risk_by_profile=table))
    at_risk, on_track = (t for t in figure.data if t.type == "bar")
    assert list(at_risk.text) == ["40", "12"] and list(on_track.text) == ["", "9"]
    assert at_risk.textangle == 0 == on_track.textangle and figure.layout.uniformtext.mode == "hide"
    # In the middle of its part: at the part's end the on-track count read into the total ("22 54 open").
    assert at_risk.insidetextanchor == "middle" == on_track.insidetextanchor
    (totals,) = [t for t in figure.data if t.type == "scatter"]
    assert [t.strip() for t in totals.text] == ["41 open", "21 open"] and list(totals.x) == [41, 21]
    assert figure.layout.xaxis.range[1] > 41  # room for the total past the longest bar
    # The hover words its shares as the page does: 0.996 of open value is not "100%".
    assert ">99% of open value" in at_risk.hovertext[0]


def test_the_overview_outcome_bars_put_words_that_do_not_fit_past_the_bar() -> None:
    """3 no-decision deals among 2,000 closed: " 3 · <1%" ran on past its sliver of a bar, white on white."""
    summary = pl.DataFrame({"closed": [2000], "won": [1200], "lost": [797], "no_decision": [3]})
    bars = charts.outcome_mix(summary, title="t").data[0]
    assert list(bars.textposition) == ["inside", "inside", "outside"]
    assert bars.textfont.color[2] == charts.TEXT_COLOUR and bars.text[2].strip() == "3 · <1%"


_D3_PERCENT = re.compile(r"%\{[^}]*:[^}]*%\}")  # "%{y:.0%}", "%{customdata[0]:.1%}"


def _templates(figure: go.Figure) -> list[str]:
    return [t for trace in figure.data for t in (getattr(trace, "hovertemplate", None), getattr(trace, "texttemplate", None))
            if isinstance(t, str)]


def test_no_hover_formats_a_rate_with_plotly_and_a_near_certain_one_reads_as_the_page_says(deals, review) -> None:
    """Plotly's ".0%" wrote 0.996 as "100%" and 0.003 as "0%"; text.percent writes ">99%" and "<1%"."""
    profiles = review.profiles.with_columns(
        win_rate=pl.when(pl.int_range(pl.len()) == 0).then(0.996).otherwise(pl.col("win_rate")),
        previous_win_rate=pl.when(pl.int_range(pl.len()) == 0).then(0.003).otherwise(pl.col("previous_win_rate")),
    )
    movers = review.movers.with_columns(after=pl.when(pl.int_range(pl.len()) == 0).then(0.996).otherwise(pl.col("after")))
    assert movers.height, "the generated deals should have a mover"
    table = tight_review(review).no_decision.with_columns(no_decision_share_of_losses=pl.Series([0.3, 0.996, 0.12, 0.003]),
                                                          no_decision_value_share=pl.Series([0.1, 0.2, 0.996, 0.3]))
    near = dataclasses.replace(review, profiles=profiles, movers=movers, no_decision=table)
    figures = review_charts.figures(near)
    figures["value shares"] = review_charts.no_decision_figure(dataclasses.replace(near, hide_amounts=True))
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    team = trend.with_columns(win_rate=pl.lit(0.996))
    figures["trend with a team"] = charts.rate_trend(trend, title="t", reference=team)
    assert {name: _templates(f) for name, f in figures.items() if any(_D3_PERCENT.search(t) for t in _templates(f))} == {}

    def hovers(figure: go.Figure) -> str:
        return " | ".join(h for trace in figure.data for h in (trace.hovertext or ()) if isinstance(h, str))

    assert ">99% (n = " in hovers(figures["profiles"]) and "<1% (n = " in hovers(figures["profiles"])
    assert ">99% (n = " in hovers(figures["movers"])
    assert "2026 Q2: >99% of losses" in hovers(figures["no_decision"]) and "<1% of losses" in hovers(figures["no_decision"])
    assert "2026 Q3: >99% of closed deal value" in hovers(figures["value shares"])
    assert "Team: >99%" in hovers(figures["trend with a team"])


def test_a_reps_name_in_a_movers_hover_is_shown_as_text(review: Review) -> None:
    movers = review.movers.with_columns(rep=pl.lit("<b>Ann</b> $x$"))
    figure = review_charts.movers_figure(dataclasses.replace(review, movers=movers))
    hovers = [h for trace in figure.data for h in (trace.hovertext or ())]
    assert hovers and all("&lt;b&gt;Ann&lt;/b&gt;" in h and "<b>Ann" not in h for h in hovers)


# The tester's rep: four quarters of 2 to 6 deals, both series under MIN_N in every one.
FEW_DEALS_BY_QUARTER = pl.DataFrame({
    "quarter": ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"], "closed": [4, 3, 2, 6], "n": [4, 3, 2, 6],
    "win_rate": [0.75, 0.67, 0.0, 0.33], "win_rate_lo": [0.3, 0.2, 0.0, 0.1], "win_rate_hi": [0.95, 0.94, 0.66, 0.7],
    "no_decision_share_of_losses_n": [1, 1, 2, 4], "no_decision_share_of_losses": [1.0, 0.0, 0.0, 0.0],
    "no_decision_share_of_losses_lo": [0.2, 0.0, 0.0, 0.0], "no_decision_share_of_losses_hi": [1.0, 0.79, 0.66, 0.49],
})


def _point_words(figure: go.Figure) -> list[str]:
    """Every word written beside a point: annotations on the data (not a subplot's title, nor a sentence in a panel's
    place, set on its domain) and text traces, but a withheld quarter's "n too small" on the quarters' axis
    (withheld.placeholder_points), by no line."""
    notes = [a.text for a in figure.layout.annotations if a.text and a.yref != "paper" and not str(a.yref).endswith("domain")]
    texts = [t for trace in figure.data if trace.type == "scatter" and trace.mode in ("text", "markers+text")
             and trace.yaxis != withheld.MARK_AXIS for t in (trace.text or ())]
    return notes + [t for t in texts if t]


def test_no_line_chart_writes_n_too_small_beside_a_point(review: Review, deals: pl.DataFrame) -> None:
    """A rep's page by quarter wrote eight "n too small" on the lines, two stacked on one point: a ring,
    its legend entry and caption say it, its hover gives its n (charts.point_label, every line chart)."""
    team = FEW_DEALS_BY_QUARTER.with_columns(win_rate=pl.lit(0.4), no_decision_share_of_losses=pl.lit(0.5))
    trend = charts.rate_trend(FEW_DEALS_BY_QUARTER, title="t", reference=team, reference_name="UK&I")
    outcomes = charts.quarterly_outcomes(
        FEW_DEALS_BY_QUARTER.with_columns(won=pl.Series([3, 2, 0, 2]), lost=pl.Series([0, 1, 0, 0]),
                                          no_decision=pl.Series([1, 0, 2, 4]),
                                          no_decision_share_of_closed=pl.Series([0.25, 0.0, 1.0, 0.67])),
        title="t")
    # Every 20th deal: each quarter's share on fewer than 20 losses, withheld by its counts (flags and all).
    nd_table = quarterly_review(deals.gather_every(20), "2025 Q3", deals["close_date"].max()).no_decision
    assert nd_table["small_n"].all() and 0 < nd_table["losses"].max() < 20
    nd = review_charts.no_decision_figure(dataclasses.replace(review, no_decision=nd_table))
    for figure in (trend, outcomes):
        assert _point_words(figure) == []
        assert any("n too small (fewer than" in (t.name or "") for t in figure.data)  # the ring's legend entry
        assert all("n too small (n = " in h for h in figure.data[0].hovertext)
    assert nd_table.height and _point_words(nd) == []
    # Every quarter's share withheld: the sentence stands in the panel's place (views.review.withheld_no_decision_sentence).
    assert [a for a in nd.layout.annotations if a.text.startswith("No quarter has the 20 losses a rate needs")]
    # A quarter of enough deals keeps its words: one per point, never "n too small".
    mixed = FEW_DEALS_BY_QUARTER.with_columns(n=pl.Series([40, 3, 2, 6]), closed=pl.Series([40, 3, 2, 6]))
    assert _point_words(charts.rate_trend(mixed, title="t", series=[charts.WIN_RATE_SERIES])) == ["75%"]


def test_a_labelled_point_over_a_withheld_rate_writes_its_words_above_its_whisker() -> None:
    """Words go above a quarter's highest point. A withheld share of 50% is a ring at a stub's height, not
    at 50% (winloss.present.withheld), so the labelled point at 30% is the highest: its words go above it."""
    trend = pl.DataFrame({
        "quarter": ["2026 Q1"], "closed": [40], "n": [40], "win_rate": [0.3], "win_rate_lo": [0.18], "win_rate_hi": [0.45],
        "no_decision_share_of_losses_n": [5], "no_decision_share_of_losses": [0.5],
        "no_decision_share_of_losses_lo": [0.2], "no_decision_share_of_losses_hi": [0.8],
    })
    (note,) = charts.rate_trend(trend, title="t").layout.annotations
    assert (note.text, note.yanchor, note.y) == ("30%", "bottom", pytest.approx(0.45))


def test_a_ring_at_0_percent_is_drawn_whole_on_every_line_chart(review: Review) -> None:
    """With no words under it, a 0% point of a rep of few deals sat half under the plot's edge."""
    outcomes = charts.quarterly_outcomes(
        FEW_DEALS_BY_QUARTER.with_columns(won=pl.Series([3, 2, 0, 2]), lost=pl.Series([0, 1, 2, 4]),
                                          no_decision=pl.Series([1, 0, 0, 0]),
                                          no_decision_share_of_closed=pl.Series([0.25, 0.0, 0.0, 0.0])),
        title="t")
    figures = (charts.rate_trend(FEW_DEALS_BY_QUARTER, title="t"), outcomes, review_charts.no_decision_figure(review))
    for figure in figures:
        lines = [t for t in figure.data if t.type == "scatter" and t.mode == "lines+markers"]
        assert lines and all(t.cliponaxis is False for t in lines)


def test_a_top_reps_share_says_of_whom_and_the_rule_that_picks_them() -> None:
    """"27%" under a filled circle, "27% (6 of 22)" in its hover: of whom was not said, nor that the top
    fifth of 107 ranked reps is rounded up to 22. The group and its rule are worded once, by the mix."""
    from winloss.measures.profiles import TopPerformerMix
    from winloss.views.profiles import mix_caption

    table = pl.DataFrame({
        "seller_profile": ["Challenger", "Lone Wolf"], "top_count": [6, 16], "top_share": [6 / 22, 16 / 22],
        "all_count": [40, 67], "all_share": [40 / 107, 67 / 107], "study_all_share": [0.27, 0.18],
        "study_top_share": [0.39, 0.25],
    })
    mix = TopPerformerMix(table=table, ranked_reps=107, top_reps=22, left_out_reps=0, cutoff_win_rate=0.5)
    assert mix.top_group == "the top 22 of 107 ranked reps"
    assert mix.top_rule == "the top 20% of ranked reps by win rate, rounded up"
    figure = charts.profile_mix(mix, title="t")
    filled = next(t for t in figure.data if t.marker.symbol == "circle" and t.hovertext)
    assert filled.hovertext[0].startswith("<b>Challenger</b><br>Yours: top 22 of 107 by win rate: 27% of the top 22 of "
                                          "107 ranked reps (6 of 22)")
    assert all(mix.top_rule in h for h in filled.hovertext)
    hollow = next(t for t in figure.data if t.marker.symbol == "circle-open" and t.hovertext)
    assert "37% of all 107 ranked reps (40 of 107)" in hollow.hovertext[0]
    caption = mix_caption(mix)
    assert caption.startswith(f"Your data: the top 22 of 107 ranked reps with at least 20 deals, {mix.top_rule} ")
    assert "A large filled circle is a profile's share of these top reps, a small ring its share of all ranked reps." in caption


def test_a_bars_note_past_its_whisker_reads_whole_on_a_projectors_1024_px() -> None:
    """A profile's bar of one rep's deals says so past its whisker ("53% · 1 rep: this measures …, not the
    profile"): in presenter mode at 1024 px, written on one line, it ran past the chart ("…not the profil"),
    the more for a rep's real name. Laid out for the chart at its narrowest, each line fits the share of the
    plot the axis gives the words, and the words are all still there."""
    from ui.drill import chart_room
    from winloss.text import plain_lines

    rep = "Alexandra-Maria Konstantinopoulou"
    note = f"1 rep: this measures {rep}, not the profile"
    frame = pl.DataFrame({"seller_profile": ["Challenger", "Unprofiled"], "win_rate": [0.49, 0.53], "n": [2651, 36],
                          "win_rate_lo": [0.47, 0.37], "win_rate_hi": [0.51, 0.68]})
    room = chart_room(True)
    figure = charts.rate_bars(frame, "seller_profile", title="Win rate by seller profile", horizontal=True,
                              notes={"Challenger": "likely real", "Unprofiled": note},
                              reps={"Challenger": 12, "Unprofiled": 1}, room=room)
    (past,) = [t for t in figure.data if t.type == "scatter" and t.text]
    lines = plain_lines(past.text[-1])
    assert " ".join(lines) == f"53% · {note}" and len(lines) > 1, lines
    # The plot at 1024 px: the chart less the widest name and its n, less the plot's sides.
    names_px = max(charts.chart_words_px(f"{name}  (n = {n})") for name, n in (("Challenger", "2,651, 12 reps"),
                                                                               ("Unprofiled", "36, 1 rep")))
    plot_px = room.narrowest().width_px / room.scale - names_px - charts.PLOT_SIDES_PX
    assert all(charts.chart_words_px(line) <= charts.WORDS_MOST_SHARE * plot_px for line in lines), lines
    assert past.text[0] == "49% · likely real"  # words that fit stay on one line
    # A rate's own words are never broken, however narrow the plot (a rep's scorecard at 1024 px).
    assert charts.bar_words_lines("n too small", 60.0, 0.05) == ["n too small"]


def test_a_profile_bar_withheld_for_want_of_reps_says_so_on_one_line_its_hover_whole() -> None:
    """The Seller profiles page's bars as it draws them (views.profiles.Profiles.bar_verdicts on the bar, verdicts
    in the hover), in presenter mode: "38% · 2 reps: too few to tell a profile from its reps" took three lines
    past its whisker, the first over the bar's row and the last in the next bar's, with a fifth of the chart
    free on its right. Each bar's words now take one line of its row; the hover gives the verdict whole."""
    from small_deals import Q1_2025, closed_rows, make_deals

    from ui.drill import chart_room
    from winloss.filters import Filters
    from winloss.views.profiles import profiles, verdict_help

    reps = {"Carlos Diaz": ("Challenger", None, None), "H1": ("Hard Worker", None, None),
            "H2": ("Hard Worker", None, None)} | {f"R{i}": ("Relationship Builder", None, None) for i in range(3)}
    rows = (closed_rows("Carlos Diaz", 30, 20) + closed_rows("H1", 10, 15) + closed_rows("H2", 10, 15)
            + [r for i in range(3) for r in closed_rows(f"R{i}", 9, 11)])
    figures = profiles(make_deals(rows, reps), Filters(preset="custom", start=Q1_2025[0], end=Q1_2025[1]), *Q1_2025)
    figure = charts.rate_bars(figures.by_profile, "seller_profile", title="Win rate by seller profile",
                              colour_by="seller_profile", n_noun="closed deals", horizontal=True, reps=figures.reps,
                              notes=figures.bar_verdicts, hover_notes=figures.verdicts, room=chart_room(True))
    bars = figure.data[0]
    words = dict(zip(bars.y, bars.text, strict=True))
    assert words == {"Challenger": " 60% · one rep's deals", "Hard Worker": " 40% · too few reps",
                     "Relationship Builder": " 45% · could be chance"}, words
    past = [t for t in figure.data if t.type == "scatter" and t.text]
    assert all("<br>" not in said for trace in past for said in trace.text)
    hovers = dict(zip(bars.y, bars.hovertext, strict=True))
    assert hovers["Challenger"].endswith("<br>1 rep: this measures Carlos Diaz, not the profile")
    assert hovers["Hard Worker"].endswith("<br>2 reps: too few to tell a profile from its reps")
    # The Verdict column's help says which words on a bar stand for which verdict.
    assert all(f'"{short}" on the bar' in verdict_help() for short in ("one rep's deals", "too few reps", "too few other reps"))
