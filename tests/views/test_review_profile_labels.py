"""The Quarterly review's win rate by seller profile labels both quarters' bars, by one rule on the page,
in the HTML report and in the deck (views.review.Review.profile_bar_words, theme.PROFILE_BAR_INK): the
page's only percentages on bars were the previous quarter's, its grey bars reading "41%, 33% …" while the
quarter under review gave its rates under the axis alone."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION

from winloss.export.deck import deck_bytes
from winloss.present.review_charts import profile_figure
from winloss.present.colours import ink
from winloss.present.theme import PROFILE_BAR_INK, PROFILE_COLOURS, SMALL_N_COLOUR
from winloss.views.review import AT_BASE, PAST_END, SECTION_TITLES, quarterly_review

END = dt.date(2026, 9, 30)


def test_both_quarters_bars_carry_their_rates_the_reviewed_one_in_darker_larger_type(frame) -> None:
    # Unprofiled: 22 won of 35 closed in 2026 Q3 (Ann 2 of 5, Bo 20 of 30), 25 of 55 in Q2.
    review = quarterly_review(frame, "2026 Q3", END)
    assert review.profile_bar_words() == ["63%"] and review.profile_bar_words(previous=True) == ["45%"]
    figure = profile_figure(review)
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    now, before = bars[review.quarter], bars[review.previous]
    assert list(now.text) == ["63%"] and list(before.text) == ["45%"]
    # The reviewed quarter's words inside its bar's base (its whisker runs past the end), in larger type.
    assert list(now.textposition) == ["inside"] and now.insidetextanchor == "start"
    assert now.textfont.size == PROFILE_BAR_INK["quarter"][1] > before.textfont.size
    assert (before.textfont.color, before.textfont.size) == PROFILE_BAR_INK["previous"]


def test_the_deck_labels_the_profile_bars_as_the_page_does(frame) -> None:
    review = quarterly_review(frame, "2026 Q3", END)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in s.shapes)]
    (chart,) = [sh.chart for sh in slide.shapes if sh.has_chart]
    # One "Win rate" series, a bar a profile and quarter, the previous quarter's first under its name;
    # a withheld rate's stub is in the second series (winloss.present.withheld).
    shown, _stubs = chart.plots[0].series
    before, now = shown.points[0], shown.points[1]
    for point, words, key in ((now, review.profile_bar_words(), "quarter"),
                              (before, review.profile_bar_words(previous=True), "previous")):
        label = point.data_label.text_frame
        assert label.text == words[0]
        run = label.paragraphs[0].runs[0]
        colour, size = PROFILE_BAR_INK[key]
        if key == "quarter":  # inside its bar, in the ink its fill takes
            colour = ink(PROFILE_COLOURS.get(review.profiles["seller_profile"][0], SMALL_N_COLOUR))
        assert str(run.font.color.rgb) == colour[1:] and run.font.size.pt == size


def test_the_deck_places_the_profile_bars_words_where_the_page_does(frame) -> None:
    """The page writes the quarter's rates inside its bars at their base (its whisker runs past the end);
    the deck stood them past the bar's end. One rule places both (Review.profile_bar_places): the quarter's
    inside at the base, a bar of too few deals and the previous quarter's past the end."""
    review = quarterly_review(frame, "2026 Q3", END)
    assert review.profile_bar_places() == [AT_BASE] and review.profile_bar_places(previous=True) == [PAST_END]
    bars = {t.name: t for t in profile_figure(review).data if t.type == "bar"}
    assert list(bars[review.quarter].textposition) == ["inside"] and bars[review.quarter].insidetextanchor == "start"
    assert list(bars[review.previous].textposition) == ["outside"]
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in s.shapes)]
    (chart,) = [sh.chart for sh in slide.shapes if sh.has_chart]
    shown, _stubs = chart.plots[0].series
    before, now = shown.points[0], shown.points[1]
    assert now.data_label.position == XL_LABEL_POSITION.INSIDE_BASE
    assert before.data_label.position == XL_LABEL_POSITION.OUTSIDE_END
    # A quarter of too few deals: its rate withheld, its words past its stub's end on both, the page's and
    # the deck's (the stubs' series, the quarter's second under the profile's name).
    few = quarterly_review(frame.filter(frame["rep"] == "Ann"), "2026 Q3", END)
    assert few.profile_bar_places() == [PAST_END]
    (chart,) = [sh.chart for s in Presentation(io.BytesIO(deck_bytes(few))).slides for sh in s.shapes if sh.has_chart
                and any(t.has_text_frame and t.text_frame.text == SECTION_TITLES["profiles"] for t in s.shapes)]
    _shown, stubs = chart.plots[0].series
    assert stubs.points[1].data_label.position == XL_LABEL_POSITION.OUTSIDE_END
    assert stubs.points[1].data_label.text_frame.text.endswith(f"(n = {few.profiles['n'][0]})")
