"""One small-n rule for a share's marks and its CSV: the deals the share divides by decide whether it is on
too few deals, for its bar or point (hatched, hollow), its label, its hover and its chart's CSV
(views.common.too_few, chart_csv). The Quarterly review's bar of closed deal value was hatched by its
quarter's losses and read "8%" on 12 closed deals, while its CSV emptied it by the closed deals."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import polars as pl
import pytest
from small_deals import generated_deals

from winloss.present import charts, review_charts
from winloss.present.selection import MARKS_META
from winloss.rates import MIN_N
from winloss.text import N_TOO_SMALL
from winloss.views.common import CHART_CSV_N, CHART_CSV_N_NAMES, chart_csv, share_n, too_few
from winloss.views.review import Review, no_decision_value_marks, quarterly_review, section_captions

ND = "no_decision_share_of_losses"


@pytest.fixture(scope="module")
def review() -> Review:
    deals = generated_deals()
    return quarterly_review(deals, "2025 Q3", deals["close_date"].max())


def no_decision_table(hide_amounts: bool) -> pl.DataFrame:
    """Four quarters, as views.review.no_decision_table gives them: on enough of both (Q1); on few losses
    but enough closed deals (Q2: 15 losses of 40 closed); on few of both (Q3: 12 closed); no loss (Q4)."""
    losses, closed = [60, 15, 9, 0], [150, 40, 12, 25]
    frame = pl.DataFrame({
        "quarter": ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"], "lost": [40, 10, 5, 0], "no_decision": [20, 5, 4, 0],
        "losses": losses, ND: [1 / 3, 1 / 3, 4 / 9, None],
        f"{ND}_lo": [0.22, 0.15, 0.19, None], f"{ND}_hi": [0.46, 0.58, 0.73, None],
        "small_n": [n < MIN_N for n in losses], "closed": closed,
        "no_decision_share_of_closed": [20 / 150, 5 / 40, 4 / 12, 0.0],
        "no_decision_amount": [40_000.0, 9_000.0, 8_000.0, 0.0], "no_decision_value_share": [0.12, 0.08, 0.3, 0.0],
    })
    return frame.drop("no_decision_amount") if hide_amounts else frame


def at_risk_table() -> pl.DataFrame:
    """Two profiles' open deals: 41 (shares shown) and 9 (too few for a share of them)."""
    return pl.DataFrame({"seller_profile": ["Challenger", "Lone Wolf"], "open": [41, 9], "at_risk": [12, 3],
                         "on_track": [29, 6], "at_risk_share": [12 / 41, 3 / 9], "at_risk_value_share": [0.25, 0.5]})


def trend_table() -> pl.DataFrame:
    """Quarters of a page's trend, each of a win rate and the two no-decision shares on their own n:
    enough of all (Q1); few losses of enough closed deals (Q2); few of every n (Q3)."""
    return pl.DataFrame({
        "quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "closed": [120, 45, 11], "won": [60, 30, 5],
        "lost": [40, 10, 4], "no_decision": [20, 5, 2], "n": [120, 45, 11], "win_rate": [0.5, 2 / 3, 5 / 11],
        "win_rate_lo": [0.41, 0.52, 0.21], "win_rate_hi": [0.59, 0.78, 0.72],
        f"{ND}_n": [60, 15, 6], ND: [1 / 3, 1 / 3, 1 / 3], f"{ND}_lo": [0.22, 0.15, 0.1], f"{ND}_hi": [0.46, 0.58, 0.7],
        "no_decision_share_of_closed": [20 / 120, 5 / 45, 2 / 11],
    })


def breakdown_table() -> pl.DataFrame:
    """A breakdown's bars (the No decision page's by region): one on 30 losses, one on 8."""
    return pl.DataFrame({"region": ["EMEA", "APAC"], "lost": [20, 5], "no_decision": [10, 3], f"{ND}_n": [30, 8],
                         ND: [1 / 3, 3 / 8], f"{ND}_lo": [0.19, 0.14], f"{ND}_hi": [0.51, 0.69]})


def charts_with_csvs(review: Review) -> dict[str, tuple[go.Figure, pl.DataFrame]]:
    """Every chart of the Quarterly review and of the No decision page drawn on shares at the small-n edge,
    each with the frame its CSV is written from (as the page hands it to ui.widgets.chart)."""
    found = {}
    for hide in (False, True):
        table = no_decision_table(hide)
        shown = dataclasses.replace(review, no_decision=table, hide_amounts=hide, quarter="2026 Q3",
                                    no_decision_left_out=None, closed_left_out=None)
        found[f"review no decision, amounts {'hidden' if hide else 'shown'}"] = (
            review_charts.no_decision_figure(shown), table)
    found["review profiles"] = (review_charts.profile_figure(review), review.profiles)
    at_risk = at_risk_table()
    found["review at risk"] = (review_charts.at_risk_figure(dataclasses.replace(review, at_risk_by_profile=at_risk)),
                               at_risk)
    trend = trend_table()
    found["no decision trend"] = (
        charts.quarterly_outcomes(trend, title="t"),
        trend.select("quarter", "closed", "won", "lost", "no_decision", "no_decision_share_of_closed", f"{ND}_n", ND))
    found["overview trend"] = (
        charts.rate_trend(trend, title="t"),
        trend.select("quarter", "closed", "won", "lost", "no_decision", "n", "win_rate", "win_rate_lo", "win_rate_hi",
                     f"{ND}_n", ND))
    breakdown = breakdown_table()
    found["no decision by region"] = (
        charts.rate_bars(breakdown, "region", title="t", rate=ND, horizontal=True),
        breakdown.select("region", "lost", "no_decision", f"{ND}_n", ND, f"{ND}_lo", f"{ND}_hi"))
    # The No decision page's reps, one who left named with the words of it (rate_bars' marks).
    by_rep = breakdown.rename({"region": "rep"})
    found["no decision by rep, one who left"] = (
        charts.rate_bars(by_rep, "rep", title="t", rate=ND, horizontal=True, marks={"APAC": "left on 3 Mar 2026"}),
        by_rep.select("rep", "lost", "no_decision", f"{ND}_n", ND, f"{ND}_lo", f"{ND}_hi"))
    return found


# Every (chart, share) pair the walk must reach: a chart that stops naming the share it draws (its
# traces' meta) would leave the walk nothing to check.
WALKED = {
    ("review no decision, amounts shown", ND),
    ("review no decision, amounts hidden", ND),
    ("review no decision, amounts hidden", "no_decision_value_share"),
    ("review profiles", "win_rate"),
    ("review profiles", "previous_win_rate"),
    ("review at risk", "at_risk_share"),
    ("no decision trend", "no_decision_share_of_closed"),
    ("overview trend", "win_rate"),
    ("overview trend", ND),
    ("no decision by region", ND),
    ("no decision by rep, one who left", ND),
}


def _at(values, i: int):
    return values[i] if isinstance(values, (list, tuple)) else values


def drawn_withheld(trace, i: int) -> dict[str, bool]:
    """How mark `i` of `trace` is drawn, by each thing that says "too few deals": its hover, its pattern
    (a bar), its symbol (a point)."""
    said = {"hover": N_TOO_SMALL in str(_at(trace.hovertext, i))}
    if trace.type == "bar" and trace.marker.pattern.shape is not None:
        said["hatched"] = bool(_at(trace.marker.pattern.shape, i))
    if trace.type == "scatter" and trace.marker.symbol is not None:
        said["hollow"] = "open" in str(_at(trace.marker.symbol, i))
    return said


def test_every_charts_share_is_withheld_on_its_marks_exactly_where_its_csv_is_empty(review: Review) -> None:
    """Walks every (chart, share) pair: each mark of a share is drawn as on too few deals (hatched or hollow,
    "n too small" in its hover, no percentage in its words) exactly where the chart's CSV leaves that share
    empty, by the n it divides by. The review's value share was hatched on 15 losses with its CSV giving it,
    and said "30%" on 12 closed deals with its CSV empty."""
    walked = set()
    for name, (figure, frame) in charts_with_csvs(review).items():
        csv = chart_csv(frame)
        for trace in figure.data:
            share = (trace.meta or {}).get("share") if isinstance(trace.meta, dict) else None
            if share is None:
                continue
            walked.add((name, share))
            withheld = [v is None for v in csv.get_column(share).to_list()]
            horizontal = trace.type == "bar" and trace.orientation == "h"
            values = list((trace.x if horizontal else trace.y) or ())
            assert len(values) <= len(withheld), (name, share)
            for i, value in enumerate(values):
                if value is None or frame.get_column(share)[i] is None:
                    continue  # nothing drawn: no mark to judge
                for how, says in drawn_withheld(trace, i).items():
                    assert says == withheld[i], (name, share, i, how, withheld[i])
                if withheld[i] and trace.text is not None:  # nor any percentage in its words
                    assert "%" not in str(_at(trace.text, i)), (name, share, i)
    assert walked >= WALKED, WALKED - walked


@pytest.mark.parametrize("share", sorted(CHART_CSV_N))
def test_each_shares_marks_and_csv_are_decided_by_the_n_it_divides_by(share: str) -> None:
    """For every share a chart's CSV knows, too_few (what a chart draws by) and chart_csv (what its CSV
    writes) agree row by row, under either name of its n, and neither looks at another count."""
    n = CHART_CSV_N[share]
    named = [n, *(old for old, new in CHART_CSV_N_NAMES.items() if new == n)]
    others = {"closed", "losses", "n", "open"} - {n}
    for column in named:
        frame = pl.DataFrame({share: [0.4, 0.4, 0.4, 0.4], column: [0, 19, 20, 200],
                              **{o: [500, 500, 1, 1] for o in sorted(others)}})
        assert share_n(frame.columns, share) == column
        assert too_few(frame, share) == [True, True, False, False]
        assert [v is None for v in chart_csv(frame)[share].to_list()] == too_few(frame, share)


def test_the_reviews_value_share_is_judged_on_the_closed_deals_it_divides_by(review: Review) -> None:
    """With amounts hidden the value bar is the no-decision amount ÷ the closed deals' amount: a quarter of
    15 losses and 40 closed deals keeps its bar and "8%"; one of 12 closed deals is hatched and says
    "n too small (n = 12)" on its bar, in its hover and on the deck, as its CSV leaves it empty."""
    shown = dataclasses.replace(review, no_decision=no_decision_table(True), hide_amounts=True, quarter="2026 Q3",
                                no_decision_left_out=None, closed_left_out=None)
    marks = no_decision_value_marks(shown)
    assert [m.small for m in marks] == [False, False, True, False]
    assert marks[1].words == "8%" and "8%" in marks[1].hover
    assert "%" not in marks[2].words + marks[2].hover and "(n = 12)" in marks[2].words
    bars, stub = [t for t in review_charts.no_decision_figure(shown).data if t.type == "bar"]
    # Withheld (winloss.present.withheld): no bar of its share, a stub in its place.
    assert bars.y[2] is None and bars.y[1] is not None and [y is not None for y in stub.y] == [False, False, True, False]
    caption = section_captions(shown)["no_decision"]
    assert f"Hollow: fewer than {MIN_N} losses; hatched: fewer than {MIN_N} closed deals." in caption


def test_an_at_risk_hover_gives_no_share_of_too_few_open_deals(review: Review) -> None:
    """The at-risk bars count deals; their hover gave "33% of open deals" on 9, which the CSV withholds."""
    figure = review_charts.at_risk_figure(dataclasses.replace(review, at_risk_by_profile=at_risk_table()))
    at_risk = next(t for t in figure.data if t.name == "At risk")
    assert "%" in at_risk.hovertext[0]
    assert at_risk.hovertext[1] == "Lone Wolf: 3 of 9 open deals at risk; shares n too small (n = 9)"


def test_a_rate_bar_is_hatched_and_labelled_by_its_own_rates_n_whatever_else_the_frame_holds() -> None:
    """rate_bars took the n to hatch and label by as a column name, defaulting to "n": a no-decision share
    given no n was gated by the region's closed deals (n = 50), and drew "40%" on 5 losses. It looks the
    n up by the rate's name (views.common.share_n), so no caller can hand it another."""
    frame = pl.DataFrame({"region": ["EMEA", "APAC"], "n": [50, 60], f"{ND}_n": [5, 30], ND: [0.4, 0.3],
                          f"{ND}_lo": [0.12, 0.17], f"{ND}_hi": [0.77, 0.48]})
    figure = charts.rate_bars(frame, "region", title="t", rate=ND, horizontal=True)
    bar = figure.data[0]
    assert [t.strip() for t in bar.text] == [N_TOO_SMALL, "30%"] and "(n = 5)" in bar.hovertext[0]
    assert list(figure.layout.yaxis.ticktext) == ["EMEA  (n = 5)", "APAC  (n = 30)"]
    with pytest.raises(TypeError):
        charts.rate_bars(frame, "region", title="t", rate=ND, n="n")  # type: ignore[call-arg]


def test_a_rate_bar_chart_of_a_rate_without_its_n_is_refused_with_a_sentence() -> None:
    frame = pl.DataFrame({"region": ["EMEA"], "closed": [50], ND: [0.4]})
    with pytest.raises(ValueError, match=f"{ND} needs its n"):
        charts.rate_bars(frame, "region", title="t", rate=ND)
    with pytest.raises(ValueError, match="not a rate or share the small-n rule"):
        charts.rate_bars(frame.rename({ND: "odd_rate"}), "region", title="t", rate="odd_rate")


def test_a_rate_bar_naming_a_rep_who_left_keeps_the_share_it_draws() -> None:
    """rate_bars set the words a category is listed with (selection.MARKS_META) as the bars' whole meta, and
    the share they draw ("share": what their CSV names it, by which the walk above judges their marks) was
    lost: a chart of reps, one of whom left, was no longer checked against its CSV."""
    frame = breakdown_table().rename({"region": "rep"})
    figure = charts.rate_bars(frame, "rep", title="t", rate=ND, horizontal=True, marks={"APAC": "left on 3 Mar 2026"})
    bars = next(t for t in figure.data if t.type == "bar" and t.name != N_TOO_SMALL)
    assert bars.meta == {"share": ND, MARKS_META: ["", "left on 3 Mar 2026"]}
