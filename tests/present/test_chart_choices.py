"""A chart's bars and points offered to a keyboard: each named in plain text, each the point a click on it
selects, read back by the same functions as a click (winloss.present.selection.choices)."""

from __future__ import annotations

import re

import polars as pl
import pytest
from small_deals import generated_deals

from data_models.vocabulary import CLOSED_OUTCOMES, OUTCOME_LABELS
from winloss import text
from winloss.anonymise import anonymised
from winloss.measures.bands import win_rate_by_profile_and_band
from winloss.measures.no_decision import cycle_days_by_outcome
from winloss.measures.profiles import top_performer_mix
from winloss.measures.reps import rep_leaderboard
from winloss.measures.summary import outcome_summary
from winloss.periods import next_quarter
from winloss.measures.trends import every_quarter, quarterly_trend
from winloss.present import charts
from winloss.present.selection import choice_words, choices, first_custom, selected_profile, selected_rep
from winloss.present.theme import PROFILE_COLOURS


@pytest.fixture(scope="module")
def deals() -> pl.DataFrame:
    return generated_deals()


def board(names: list[str] | None = None) -> pl.DataFrame:
    """Three reps, the last on 7 deals: too few, so its words stand past its bar in a trace of their own."""
    return pl.DataFrame({
        "rep": names or ["Ann", "Bob", "Cat"],
        "seller_profile": ["Challenger", "Hard Worker", "Lone Wolf"],
        "n": [120, 60, 7],
        "win_rate": [0.5, 0.4, 0.71],
        "win_rate_lo": [0.41, 0.28, 0.36],
        "win_rate_hi": [0.59, 0.53, 0.92],
    })


def rep_bars(frame: pl.DataFrame, room: charts.ChartRoom = charts.WIDE):
    """The Reps page's chart: coloured by profile (a legend of stand-ins), a reference line, customdata the
    rep and their profile."""
    return charts.rate_bars(frame, "rep", title="Win rate by rep", colour_by="seller_profile", colours=PROFILE_COLOURS,
                            customdata=["seller_profile"], horizontal=True, reference=0.45, reference_label="All reps", reference_n=400,
                            room=room)


def test_each_rep_bar_is_offered_once_as_the_point_a_click_on_it_selects() -> None:
    figure = rep_bars(board())
    # Besides the bars: the reference line and legend stand-ins (no customdata), and Cat's words past
    # the bar, which carry the bar's customdata but skip the hover.
    skipped = [t for t in figure.data if t.customdata is not None and t.hoverinfo == "skip"]
    assert skipped and len(figure.data) > 3
    offered = choices(figure)
    assert [c.label for c in offered] == ["Ann (n = 120)", "Bob (n = 60)", "Cat (n = 7)"]
    assert offered[1].point == {"curve_number": 0, "point_number": 1, "point_index": 1, "x": 0.4, "y": "Bob",
                                "customdata": ["Bob", "Hard Worker"]}
    # The event the page reads: a choice reads as a click on the bar.
    assert selected_rep({"selection": {"points": [offered[2].point]}}) == "Cat"
    assert choice_words(figure).placeholder == "Choose a bar…"


@pytest.mark.parametrize("name", ["<b>x</b>", "**x**", "$x$", "A & B &amp; <i>co</i>", "Ann<br>Lee", ":red[x]"])
def test_a_name_from_a_file_is_offered_as_typed(name: str) -> None:
    figure = rep_bars(board([name, "Bob", "Cat"]))
    (first, *_) = choices(figure)
    assert first.label == f"{name} (n = 120)"
    assert first.point["y"] == text.label(name)  # the axis's value, as Plotly gives it for a click: escaped
    assert selected_rep([first.point]) == name


def test_a_name_cut_short_on_the_axis_is_offered_whole() -> None:
    long = "Alexandra Maximiliana Wolfgang-Amadeus von Habsburg-Lothringen und Teschen"
    figure = rep_bars(board([long, f"{long} der Zweite", "Cat"]), room=charts.ChartRoom(400))
    ticks = list(figure.layout.yaxis.ticktext)
    assert text.ELLIPSIS in ticks[0] and text.ELLIPSIS in ticks[1]  # both cut to fit a narrow chart
    assert [c.label for c in choices(figure)] == [long, f"{long} der Zweite", "Cat (n = 7)"]


def test_anonymised_reps_are_offered_by_their_pseudonyms_alone(deals: pl.DataFrame) -> None:
    figure = rep_bars(rep_leaderboard(anonymised(deals)))
    offered = choices(figure)
    assert offered and all(re.fullmatch(r"Rep \d{2} \(n = [\d,]+\)", c.label) for c in offered)
    said = repr(offered)
    assert not [name for name in deals["rep"].unique() if name in said]
    assert {selected_rep([c.point]) for c in offered} == set(anonymised(deals)["rep"])


def test_a_trend_offers_each_quarters_two_rates_by_name_without_the_ticks_n(deals: pl.DataFrame) -> None:
    """A click on a quarter's win rate lists its closed deals, on its no-decision share its losses: two
    choices a quarter, each named by its rate, and without the tick's n, which counts the closed deals only
    (the share's point had read "(n = 1,212)" and opened its 699 losses)."""
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figure = charts.rate_trend(trend, title="Win rate by quarter", reference=trend, reference_name="Team")
    offered = choices(figure)
    quarters = trend["quarter"].to_list()
    rates = (("Win rate", "win_rate"), ("No decision ÷ losses", "no_decision_share_of_losses"))
    assert [c.label for c in offered] == [f"{q} — {name}" for q in quarters for name, _ in rates]  # team lines not offered
    assert [first_custom([c.point]) for c in offered] == [[q, column] for q in quarters for _, column in rates]
    assert choice_words(figure).placeholder == "Choose a point…"


def test_a_trends_withheld_rates_are_offered_by_the_rate_each_stands_for(deals: pl.DataFrame) -> None:
    """A withheld rate's place is a grey ring on a trace of its own, named "n too small" as every one is
    (present.withheld): a quarter's withheld win rate and no-decision share were listed "2025 Q4 — n too
    small" and "2025 Q4 — n too small (2)", neither saying which rate it opens."""
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figure = charts.rate_trend(trend, title="Win rate by quarter", min_n=10**9)  # every rate withheld
    offered = choices(figure)
    quarters = trend["quarter"].to_list()
    rates = (("Win rate", "win_rate"), ("No decision ÷ losses", "no_decision_share_of_losses"))
    assert [c.label for c in offered] == [f"{q} — {name}: n too small" for q in quarters for name, _ in rates]
    assert [first_custom([c.point]) for c in offered] == [[q, column] for q in quarters for _, column in rates]


def test_a_quarter_with_no_win_rate_is_offered_by_its_other_point_alone(deals: pl.DataFrame) -> None:
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    first = trend["quarter"][0]
    gap = trend.with_columns(pl.when(pl.col("quarter") == first).then(None).otherwise(pl.col("win_rate")).alias("win_rate"))
    offered = choices(charts.rate_trend(gap, title="t"))
    assert [c.label for c in offered if c.label.startswith(first)] == [f"{first} — No decision ÷ losses"]
    assert first_custom([offered[0].point]) == [first, "no_decision_share_of_losses"]


def test_quarterly_outcomes_offer_each_part_named_by_its_quarter_and_outcome(deals: pl.DataFrame) -> None:
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0)
    figure = charts.quarterly_outcomes(trend, title="Closed deals by outcome")
    offered = choices(figure)  # not the share's line above the bars: it has no customdata
    quarters = trend["quarter"].to_list()
    assert [c.label for c in offered] == [f"{q} — {OUTCOME_LABELS[o]}" for q in quarters for o in CLOSED_OUTCOMES]
    assert [first_custom([c.point]) for c in offered] == [[q, o] for q in quarters for o in CLOSED_OUTCOMES]


def test_a_bar_with_no_deal_behind_it_is_not_offered(deals: pl.DataFrame) -> None:
    """A quarter no deal closed in stands on the axis (every_quarter) with three parts of 0, and an outcome
    of 0 deals is a bar of 0: each was offered, and choosing it opened an empty list."""
    trend = quarterly_trend(deals).filter(pl.col("closed") > 0).head(2)
    first = trend["quarter"][0]
    gap = every_quarter(trend.with_columns(pl.Series("quarter", [first, next_quarter(next_quarter(first))])),
                        None, None, 1)
    won_only = gap.with_columns(pl.when(pl.col("quarter") == first).then(0).otherwise(pl.col(c)).alias(c)
                                for c in ("lost", "no_decision"))
    offered = [first_custom([c.point]) for c in choices(charts.quarterly_outcomes(won_only, title="t"))]
    empty = next_quarter(first)
    assert [first, "won"] in offered and empty not in {q for q, _ in offered}
    assert [first, "lost"] not in offered and [first, "no_decision"] not in offered
    assert len(offered) == 4  # the first quarter's won part, the last's three
    summary = outcome_summary(deals).with_columns(pl.lit(0).alias("no_decision"))
    assert [c.label for c in choices(charts.outcome_mix(summary, title="t"))] == ["Won", "Lost"]


def test_a_share_of_losses_by_group_offers_no_group_without_a_loss() -> None:
    """A region whose closed deals were all won has n = 0 losses: its stub was offered, and choosing it listed no
    deal. A bar of reps (a click opens the rep) keeps its n = 0 choice."""
    shares = pl.DataFrame({"region": ["EMEA", "APAC"], "no_decision_share_of_losses_n": [30, 0],
                           "no_decision_share_of_losses": [0.4, None], "no_decision_share_of_losses_lo": [0.25, None],
                           "no_decision_share_of_losses_hi": [0.57, None]})
    figure = charts.rate_bars(shares, "region", title="t", rate="no_decision_share_of_losses", n_opens=True)
    assert [first_custom([c.point]) for c in choices(figure)] == [["EMEA"]]
    opening = charts.rate_bars(shares, "region", title="t", rate="no_decision_share_of_losses")
    assert [first_custom([c.point]) for c in choices(opening)] == [["EMEA"], ["APAC"]]


def test_the_profile_mix_offers_each_profile_once_by_its_name(deals: pl.DataFrame) -> None:
    mix = top_performer_mix(deals, min_n=5, min_reps=3)
    figure = charts.profile_mix(mix, title="Mix")
    offered = choices(figure)
    drawn = [p for p in PROFILE_COLOURS if p in set(mix.table["seller_profile"])]
    # Four marks a profile, their lines, white halos and the legend's stand-ins: one choice a profile.
    assert [c.label for c in offered] == drawn
    assert [selected_profile([c.point]) for c in offered] == drawn
    assert all(isinstance(c.point["y"], float) for c in offered)  # where the mark is, as a click gives it


def test_band_bars_name_the_band_and_the_profile(deals: pl.DataFrame) -> None:
    bands = win_rate_by_profile_and_band(deals)
    figure = charts.band_bars(bands.table, bands.labels, title="Win rate by band")
    offered = choices(figure)
    assert len(offered) == bands.table.height  # one a bar: not the words past a whisker
    profiles = [t.name for t in figure.data if t.type == "bar"]
    expected = [(band, p) for band in bands.labels for p in profiles
                if bands.table.filter((pl.col("band") == band) & (pl.col("seller_profile") == p)).height]
    assert [c.label for c in offered] == [f"{band} — {p}" for band, p in expected]
    assert [first_custom([c.point]) for c in offered] == [[p, band] for band, p in expected]


def test_loss_reasons_offer_each_part_and_never_the_bar_of_other_reasons() -> None:
    named = [f"Reason {i:02d}" for i in range(12)]
    reasons = pl.DataFrame({
        "loss_reason": [*named, "Went dark"],
        "outcome": ["lost"] * 12 + ["no_decision"],
        "deals": [40 - i for i in range(12)] + [15],
    }).vstack(pl.DataFrame({"loss_reason": ["Reason 00"], "outcome": ["no_decision"], "deals": [9]}))
    reasons = reasons.with_columns(share=pl.col("deals") / pl.col("deals").sum())
    figure = charts.reason_bars(reasons, title="Why deals were lost")
    assert any(t.type == "bar" and t.customdata is None for t in figure.data)  # "4 other reasons"
    labels = [c.label for c in choices(figure)]
    # Reason 00 is in two parts, so every choice names what its part counts as; ten reasons are charted.
    assert labels[:3] == ["Reason 00 — Counts as lost", "Reason 00 — Counts as no decision",
                          "Reason 01 — Counts as lost"]
    assert len(labels) == 11 and not [label for label in labels if "other" in label]


def test_outcome_bars_are_named_by_their_outcome(deals: pl.DataFrame) -> None:
    mix = choices(charts.outcome_mix(outcome_summary(deals), title="How the closed deals ended"))
    assert [c.label for c in mix] == ["Won", "Lost", "No decision"]
    assert [first_custom([c.point]) for c in mix] == [[o] for o in CLOSED_OUTCOMES]
    cycle = cycle_days_by_outcome(deals).filter(pl.col("deals") > 0)
    assert [c.label for c in choices(charts.cycle_bars(cycle, title="Days open"))] == [
        f"{OUTCOME_LABELS[o]} (n = {n:,})" for o, n in cycle.select("outcome", "deals").rows()]


def test_an_empty_chart_offers_nothing() -> None:
    assert choices(charts.rate_bars(board().head(0), "rep", title="t")) == []


def test_a_list_is_named_by_its_charts_title_escaped() -> None:
    """Each list was named "Open a bar of the chart above…", the same under every chart: a screen reader could
    not tell one from another. Its name is the chart's title as the chart shows it, escaped for Markdown without
    a backslash a screen reader would read out before an apostrophe (text.md_spoken)."""
    figure = rep_bars(board())
    assert choice_words(figure).label == "Win rate by rep: open a bar of this chart, as a click on it does"
    named = charts.rate_bars(board(["**Ann**", "Bob", "Cat"]), "rep", title=f"Why {text.label('<b>Ann</b> & co')}'s deals",
                             horizontal=True)
    assert choice_words(named).label == (
        "Why \\<b\\>Ann\\</b\\> \\& co's deals: open a bar of this chart, as a click on it does")
    untitled = charts.rate_bars(board(), "rep", title="", horizontal=True)
    assert choice_words(untitled).label == "Open a bar of the chart above, as a click on it does"


def test_a_repeated_name_in_right_to_left_letters_keeps_its_number_after_it() -> None:
    """Two choices that read alike are numbered, "(2)": after a name in right-to-left letters the browser
    drew that number before the name ("(2) שרה כהן"). The name is isolated from it (text.isolated), which
    draws nothing; a name in left-to-right letters is numbered as before."""
    import plotly.graph_objects as go

    for name, numbered in (("שרה כהן", "\u2068שרה כהן\u2069 (2)"), ("سارة أحمد", "\u2068سارة أحمد\u2069 (2)"),
                           ("Ann Lee", "Ann Lee (2)")):
        figure = go.Figure(go.Bar(x=[0.4, 0.5], y=[name, name], orientation="h", customdata=[["a"], ["b"]]))
        assert [c.label for c in choices(figure)] == [name, numbered]


def test_only_a_name_with_right_to_left_letters_is_isolated_and_markdown_drops_the_isolates() -> None:
    assert text.isolated("שרה כהן") == "\u2068שרה כהן\u2069"
    assert text.isolated("Ann 12") == "Ann 12" and text.isolated("") == ""
    assert text.md(text.isolated("שרה כהן")) == "שרה כהן"  # never drawn as Markdown with them
