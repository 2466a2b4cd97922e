"""A profile chart whose every rate would be withheld is not drawn: one sentence stands in its place, in the words of
every chart whose every rate is withheld (views.common.withheld_chart_sentence). Win rate by complexity band and
seller profile (views.profiles.bands_note): with a few deals a band, twelve grey hatched stubs were drawn under an axis
that gave no rate. The Seller profiles page's win rate and no decision ÷ losses by seller profile
(views.profiles.withheld_profiles_note), and the Quarterly review's win rate by seller profile on the page, in the HTML
report and in the deck (views.review.missing_charts): grey stubs, one a profile (two in the review), had been drawn."""

from __future__ import annotations

from datetime import date

from small_deals import make_deals

from winloss.export.html import report_html
from winloss.filters import Filters
from winloss.rates import MIN_N
from winloss.views.common import closed_around
from winloss.views.profiles import bands, bands_note, profile_choices, profiles, withheld_profiles_note
from winloss.views.review import missing_charts, quarterly_review

REPS = {"Ann": ("Challenger", "East", None), "Bob": ("Hard Worker", "West", None)}
START, END = date(2025, 1, 1), date(2025, 3, 31)


TODAY = date(2025, 4, 15)  # Last quarter is 2025 Q1, Year to date 1 Jan - 15 Apr 2025
EARLIER = [(f"E{i}", "Ann", "won", date(2024, 10, 1), date(2024, 11, 10), 100.0, None, None) for i in range(3)]  # 2024 Q4


def rows(per_rep: int) -> list[tuple]:
    """`per_rep` deals closed in 2025 Q1 for each of Ann and Bob, amounts 100 to 100 × per_rep, every third lost."""
    return [(f"{rep}{i:03d}", rep, "lost" if i % 3 == 0 else "won", date(2024, 12, 1), date(2025, 2, 1 + i % 27),
             100.0 * (i + 1), "Price" if i % 3 == 0 else None, None)
            for rep in REPS for i in range(per_rep)]


def deals(per_rep: int):
    return make_deals(rows(per_rep), REPS)



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
