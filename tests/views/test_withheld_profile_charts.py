"""A chart whose every rate would be withheld is not drawn: one sentence stands in its place, by one rule
(views.common.every_rate_withheld) and in the words of every such chart (views.common.withheld_chart_sentence). Win rate by complexity band and
seller profile (views.profiles.bands_note): with a few deals a band, twelve grey hatched stubs were drawn under an axis
that gave no rate. The Seller profiles page's win rate and no decision ÷ losses by seller profile
(views.profiles.withheld_profiles_note), and the Quarterly review's win rate by seller profile on the page, in the HTML
report and in the deck (views.review.missing_charts): grey stubs, one a profile (two in the review), had been drawn.
The No decision page's no decision ÷ losses by profile, region and rep (views.no_decision.withheld_breakdown_note),
the Reps page's win rate by rep (views.reps.withheld_ranking_note) and the review's share of losses by quarter, on
the page, in the report and in the deck (views.review.withheld_no_decision_sentence) were still drawn as grey stubs or
rings, and the band chart's sentence left no way to a band's deals (views.profiles.band_choices)."""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
from small_deals import make_deals

import io
import json

from pptx import Presentation

from deck_shapes import every_shape
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.filters import Filters
from winloss.present import withheld
from winloss.present.review_charts import no_decision_figure
from winloss.rates import MIN_N
from winloss.views.common import closed_around, every_rate_withheld
from winloss.views.no_decision import breakdown_choices, named_groups, no_decision, withheld_breakdown_note
from winloss.views.profiles import (
    band_choice_words,
    band_choices,
    bands,
    bands_note,
    profile_choices,
    profiles,
    withheld_profiles_note,
)
from winloss.views.reps import leaderboard, withheld_ranking_note
from winloss.views.review import (
    SECTION_TITLES,
    missing_charts,
    quarterly_review,
    section_captions,
    withheld_no_decision_sentence,
)

REPS = {"Ann": ("Challenger", "East", None), "Bob": ("Hard Worker", "West", None)}
START, END = date(2025, 1, 1), date(2025, 3, 31)


ADVICE = "Turn on Show the charts anyway."  # no filter, and no closed deal outside the range known (around None)
TODAY = date(2025, 4, 15)  # Last quarter is 2025 Q1, Year to date 1 Jan - 15 Apr 2025
EARLIER = [(f"E{i}", "Ann", "won", date(2024, 10, 1), date(2024, 11, 10), 100.0, None, None) for i in range(3)]  # 2024 Q4
REGIONS = {"Ann": "EMEA", "Bob": "NA"}


def rows(per_rep: int, regions: bool = False) -> list[tuple]:
    """`per_rep` deals closed in 2025 Q1 for each of Ann and Bob, amounts 100 to 100 × per_rep, every third lost;
    with `regions`, Ann's in EMEA and Bob's in NA (else none has a region)."""
    return [(f"{rep}{i:03d}", rep, "lost" if i % 3 == 0 else "won", date(2024, 12, 1), date(2025, 2, 1 + i % 27),
             100.0 * (i + 1), "Price" if i % 3 == 0 else None, REGIONS[rep] if regions else None)
            for rep in REPS for i in range(per_rep)]


def deals(per_rep: int, regions: bool = False):
    return make_deals(rows(per_rep, regions), REPS)


def test_a_band_chart_whose_every_rate_is_withheld_is_a_sentence_in_its_place():
    banded = bands(deals(12), Filters(), START, END, "amount", size_cuts=(400.0, 800.0))
    assert banded.table.height and (banded.table["n"] < MIN_N).all()  # bars there are, each on too few deals
    note = bands_note(banded, Filters(), None)
    assert note is not None
    assert note == ("No profile has the 20 deals a rate needs in any deal size band, so win rate by deal size band and "
                    "seller profile is not drawn. Turn on Show the charts anyway.")
    by_cycle = bands(deals(12), Filters(), START, END, "cycle")
    assert "in any cycle length band, so win rate by cycle length band and seller profile is not" in (
        bands_note(by_cycle, Filters(), None) or "")


def test_a_band_chart_with_one_rate_shown_is_drawn():
    banded = bands(deals(60), Filters(), START, END, "amount", size_cuts=(400.0, 800.0))
    assert (banded.table["n"] >= MIN_N).any()
    assert bands_note(banded, Filters(), None) is None


def test_a_profile_chart_whose_every_rate_is_withheld_is_a_sentence_that_names_the_switch():
    few = profiles(deals(12), Filters(), START, END)  # each profile 12 deals (8 won), 4 of them losses
    assert (few.by_profile["n"] < MIN_N).all()
    # What to do names the preset that counts more closed deals, by the rule of every empty range's advice
    # (views.common.more_range_step): under Last quarter (2025 Q1), the last 4 quarters with 2024 Q4's 3 more.
    last_quarter = closed_around(make_deals(rows(12) + EARLIER, REPS), START, END, "last_quarter", TODAY, 1, TODAY)
    assert withheld_profiles_note(few, "win_rate", Filters(preset="last_quarter"), last_quarter) == (
        "No profile has the 20 deals a rate needs, so win rate by seller profile is not drawn. Choose Last 4 complete "
        "quarters under Close date in the sidebar to count 27 closed deals or turn on Show the charts anyway.")
    assert withheld_profiles_note(few, "no_decision_share_of_losses", Filters().with_values("region", ("East",)),
                                  None) == (
        "No profile has the 20 losses a rate needs, so no decision ÷ losses by seller profile is not drawn. Clear a "
        "filter in the sidebar or turn on Show the charts anyway.")
    # The list standing in for the bars offers each profile the chart drew, in its order.
    assert profile_choices(few) == few.by_profile["seller_profile"].to_list() == ["Challenger", "Hard Worker"]


def test_a_profile_chart_with_one_rate_shown_is_drawn():
    more = profiles(deals(30), Filters(), START, END)  # 30 deals a profile, 10 of them losses
    assert withheld_profiles_note(more, "win_rate", Filters(), None) is None
    assert withheld_profiles_note(more, "no_decision_share_of_losses", Filters(), None) is not None  # each chart by its own n


def test_the_reviews_profile_chart_of_withheld_rates_is_a_sentence_on_the_page_and_in_its_files():
    review = quarterly_review(deals(12), "2025 Q1", END)  # 12 deals a profile in 2025 Q1, none in 2024 Q4
    said = ("No profile has the 20 deals a rate needs in 2025 Q1 or 2024 Q4, so win rate by seller profile is not "
            "drawn: each profile's n in 2025 Q1 is in the caption below.")
    assert missing_charts(review).get("profiles") == said  # the page and the deck say what missing_charts does
    assert said.replace("'", "&#x27;") in report_html(review)
    assert "profiles" not in missing_charts(quarterly_review(deals(30), "2025 Q1", END))


def test_the_band_charts_sentence_lists_its_bars_to_open_a_bands_deals():
    """With the band chart's sentence in its place, each of its bars stays one choice away: (profile, band) band by
    band, in the chart's order, named as its deals are headed."""
    banded = bands(deals(12), Filters(), START, END, "amount", size_cuts=(400.0, 800.0))
    assert bands_note(banded, Filters(), None) is not None
    choices = band_choices(banded)
    assert choices == [(p, b) for b in banded.labels for p in ("Challenger", "Hard Worker")]
    assert band_choice_words(choices[0]) == f"Challenger: {banded.labels[0]} deals"


def test_no_decision_breakdowns_whose_every_share_is_withheld_are_a_sentence_and_a_list():
    """Each profile, region and rep has 4 losses: no share of any is drawn, each chart is the one sentence, and the
    list standing in for its bars offers what they stood for, named as the bars are."""
    figures = no_decision(deals(12, regions=True), Filters(), START, END, END)
    reps = figures.by_rep.head(15)
    for frame, dimension, group, chart in ((figures.by_profile, "seller_profile", "profile", "seller profile"),
                                           (figures.by_region, "region", "region", "region"),
                                           (reps, "rep", "rep", "rep")):
        assert withheld_breakdown_note(frame, dimension, Filters(), None) == (
            f"No {group} has the 20 losses a rate needs, so no decision ÷ losses by {chart} is not drawn. {ADVICE}")
    assert breakdown_choices(named_groups(figures.by_region, "region"), "region") == ["EMEA", "NA"]
    assert breakdown_choices(reps, "rep") == ["Ann", "Bob"]
    more = no_decision(deals(60, regions=True), Filters(), START, END, END)  # 20 losses each: shares drawn
    assert withheld_breakdown_note(more.by_region, "region", Filters(), None) is None
    assert withheld_breakdown_note(more.by_rep.head(15), "rep", Filters(), None) is None


def test_the_reps_chart_with_no_rep_ranked_is_a_sentence():
    board = leaderboard(deals(12), Filters(), START, END, END)  # 12 deals a rep
    assert withheld_ranking_note(board, Filters(), None) == (
        f"No rep has the 20 deals a rate needs, so win rate by rep is not drawn. {ADVICE}")
    assert withheld_ranking_note(leaderboard(deals(30), Filters(), START, END, END), Filters(), None) is None


def test_the_reviews_share_of_losses_of_withheld_shares_is_a_sentence_on_the_page_in_the_report_and_in_the_deck():
    """8 losses in 2025 Q1: no quarter's share of losses is drawn, on the page and in the HTML report (the figure's
    upper panel holds the sentence, no ring of "n too small" on the quarters' axis) and in the deck (the sentence in
    the line's place); the value it took is still drawn."""
    review = quarterly_review(deals(12), "2025 Q1", END)
    said = ("No quarter has the 20 losses a rate needs, so no decision ÷ losses by quarter is not drawn: 2025 Q1 has "
            "8 losses, none of them no decision.")
    assert withheld_no_decision_sentence(review) == said
    assert "no_decision" not in missing_charts(review)  # the value it took is drawn beside it
    figure = no_decision_figure(review)
    assert not [t for t in figure.data if t.yaxis == withheld.MARK_AXIS or t.name == withheld.PLACEHOLDER_NAME]
    (words,) = [a.text for a in figure.layout.annotations if a.text.replace("<br>", " ") == said]
    # The report draws the same figure: its JSON holds the words as Plotly writes them ("\u003cbr\u003e").
    assert json.dumps(words).replace("<", "\\u003c").replace(">", "\\u003e")[1:-1] in report_html(review)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["no_decision"]
                                               for sh in s.shapes)]
    texts = [sh.text_frame.text for sh in every_shape(slide.shapes) if sh.has_text_frame]
    assert said in texts
    assert not [sh for sh in every_shape(slide.shapes) if sh.has_chart and sh.chart.chart_type is not None
                and "LINE" in str(sh.chart.chart_type)]
    # Its caption names only the marks drawn: the value bars hatched under the sentence, no ring.
    caption = section_captions(review)["no_decision"]
    assert ("A bar drawn hatched has fewer than 20 losses: too few to give the quarter's share of losses; its value is "
            "still shown.") in caption, caption
    assert "ring" not in caption, caption
    assert withheld_no_decision_sentence(quarterly_review(deals(60), "2025 Q1", END)) is None  # 40 losses


def test_the_reviews_share_of_losses_is_judged_withheld_by_the_rule_of_every_page_not_by_its_own_flags():
    """The review judged its share of losses all withheld by its table's own small_n flags, the No decision page its
    shares by common.every_rate_withheld on the losses: two rules that agreed only while the flags were made alike.
    Flags that say the opposite of the losses counted now change nothing: the losses decide, on every screen."""
    few, many = quarterly_review(deals(12), "2025 Q1", END), quarterly_review(deals(60), "2025 Q1", END)  # 8, 40 losses
    for review, flags, withheld_by_losses in ((few, False, True), (many, True, False)):
        table = review.no_decision.with_columns(small_n=pl.lit(flags))  # flags against the counts
        assert every_rate_withheld(table, "no_decision_share_of_losses") is withheld_by_losses
        said = withheld_no_decision_sentence(dataclasses.replace(review, no_decision=table))
        assert (said is not None) is withheld_by_losses, said
        assert said == withheld_no_decision_sentence(review)  # as with the flags made from its counts


def test_the_reviews_profile_chart_is_judged_withheld_by_the_rule_of_every_page_not_by_its_own_flags():
    """The review judged its win rate by seller profile all withheld by its table's own small_n and previous_small_n
    flags, every other page its charts by common.every_rate_withheld on the deals counted: two rules that agreed only
    while the flags were made alike. Flags that say the opposite of the deals counted, in either quarter, now change
    nothing: each quarter's deals decide, on the page, in the HTML report and in the deck (missing_charts)."""
    few, many = quarterly_review(deals(12), "2025 Q1", END), quarterly_review(deals(30), "2025 Q1", END)  # 12, 30 a profile
    for review, flags, withheld_by_deals in ((few, False, True), (many, True, False)):
        table = review.profiles.with_columns(small_n=pl.lit(flags), previous_small_n=pl.lit(flags))  # against the counts
        assert every_rate_withheld(table, "win_rate") is withheld_by_deals
        flagged = dataclasses.replace(review, profiles=table)
        said = missing_charts(flagged).get("profiles")
        assert (said is not None) is withheld_by_deals, said
        assert said == missing_charts(review).get("profiles")  # as with the flags made from its counts
    # 30 deals a profile in the quarter before, 12 in the quarter reviewed, every flag saying withheld: the quarter
    # before's rates are drawn.
    before = quarterly_review(make_deals(rows(12) + [(f"P{i}", rep, "won", date(2024, 10, 1), date(2024, 11, 10), 100.0,
                                                      None, None) for rep in REPS for i in range(30)], REPS), "2025 Q1", END)
    assert before.profiles["previous_n"].to_list() == [30, 30]
    table = before.profiles.with_columns(previous_small_n=pl.lit(True))
    assert "profiles" not in missing_charts(dataclasses.replace(before, profiles=table))
