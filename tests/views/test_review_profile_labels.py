"""The Quarterly review's win rate by seller profile labels both quarters' bars, by one rule on the page,
in the HTML report and in the deck (views.review.Review.profile_bar_words, theme.PROFILE_BAR_INK): the
page's only percentages on bars were the previous quarter's, its grey bars reading "41%, 33% …" while the
quarter under review gave its rates under the axis alone."""

from __future__ import annotations

import datetime as dt
import io

from deck_shapes import every_shape
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION

from winloss.export.deck import STUB_WORDS, deck_bytes
from winloss.present.charts import words_fit_at_base_px
from winloss.present.review_charts import PROFILE_PLOT_PX, profile_figure, profile_words_fit
from winloss.present.colours import ink
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.present.theme import PRESENTER_SCALE, PROFILE_BAR_INK, PROFILE_COLOURS, SMALL_N_COLOUR
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
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in every_shape(s.shapes))]
    (chart,) = [sh.chart for sh in every_shape(slide.shapes) if sh.has_chart]
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
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in every_shape(s.shapes))]
    (chart,) = [sh.chart for sh in every_shape(slide.shapes) if sh.has_chart]
    shown, _stubs = chart.plots[0].series
    before, now = shown.points[0], shown.points[1]
    assert now.data_label.position == XL_LABEL_POSITION.INSIDE_BASE
    assert before.data_label.position == XL_LABEL_POSITION.OUTSIDE_END
    # A quarter of too few deals: its rate withheld, its words past its stub's end on both, the page's and
    # the deck's (the stubs' series, the quarter's second under the profile's name).
    few = quarterly_review(frame.filter(frame["rep"] == "Ann"), "2026 Q3", END)
    assert few.profile_bar_places() == [PAST_END]
    (slide,) = [s for s in Presentation(io.BytesIO(deck_bytes(few))).slides
                if any(t.has_text_frame and t.text_frame.text == SECTION_TITLES["profiles"] for t in every_shape(s.shapes))]
    stub, said = withheld_place(slide, 1)
    assert said.top + said.height <= stub.top + 1  # past its stub's end, above it
    assert said.text_frame.text.endswith(f"(n = {few.profiles['n'][0]})")


def withheld_place(slide, i: int):
    """The stub drawn over the deck's chart at its i-th bar place (0 first) and the words drawn by it
    (winloss.export.deck.withheld_stubs: shapes, as the chart's data holds no number at a withheld place)."""
    shapes = {sh.name: sh for sh in every_shape(slide.shapes)}
    return shapes[f"{PLACEHOLDER_NAME} {i + 1}"], shapes[f"{STUB_WORDS} {i + 1}"]


def short_and_tall_review():
    """Challengers (Ann) won 3 of 60 in 2025 Q3 (5%), Hard Workers (Bob) 45 of 60 (75%); Q2 alike."""
    from tests.views.test_review import AS_OF, block, frame as deals_frame

    deals = deals_frame(block("Ann", "2025 Q2", won=3, lost=57), block("Ann", "2025 Q3", won=3, lost=57),
                        block("Bob", "2025 Q2", won=45, lost=15), block("Bob", "2025 Q3", won=45, lost=15))
    return quarterly_review(deals, "2025 Q3", AS_OF)


def test_a_bar_too_short_for_its_words_has_them_past_its_whisker() -> None:
    """Inside a short bar's base, Plotly shrank "5%" to fit it, a few px tall (the rule placed every bar's
    words there). The rule measures the words against the bar's length in px (charts.words_fit_at_base_px,
    at the chart's shortest plot and largest type): a bar that cannot hold them has them past its whisker's
    end, where a whisker does not run through them, in the page's and the report's chart and in the deck."""
    review = short_and_tall_review()
    table = review.profiles
    assert table["seller_profile"].to_list() == ["Challenger", "Hard Worker"]
    fits = profile_words_fit(table)
    assert [fits(r) for r in table["win_rate"]] == [False, True]
    assert review.profile_bar_places(holds=fits) == [PAST_END, AT_BASE]
    figure = profile_figure(review)
    now = [t for t in figure.data if t.type == "bar" and t.name == review.quarter][0]
    assert list(now.textposition) == ["none", "inside"]
    (words,) = [t for t in figure.data if t.type == "scatter" and t.text is not None and "5%" in list(t.text)]
    assert list(words.x) == ["Challenger"] and list(words.y) == [table["win_rate_hi"][0]]
    assert words.textposition == "top center" and words.offsetgroup == now.offsetgroup == "quarter"
    assert figure.layout.scattermode == "group"
    # The deck (no whiskers) stands the short bar's rate past its end, the tall one's inside at its base.
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in every_shape(s.shapes))]
    (chart,) = [sh.chart for sh in every_shape(slide.shapes) if sh.has_chart]
    # One "Win rate" series, the previous quarter's bar first under each profile's name.
    shown, _stubs = chart.plots[0].series
    assert [shown.points[i].data_label.position for i in (1, 3)] == [XL_LABEL_POSITION.OUTSIDE_END,
                                                                     XL_LABEL_POSITION.INSIDE_BASE]


def test_words_fit_at_a_bars_base_by_its_length_in_px() -> None:
    """One line of 14 px type stands in a bar of 24 px (its box 17 px, 3 px each side), not in one of 20."""
    assert words_fit_at_base_px(24, 14) and not words_fit_at_base_px(20, 14)
    assert not words_fit_at_base_px(24, 14, lines=2) and words_fit_at_base_px(42, 14, lines=2)
    # presenter type at the chart's shortest plot: a bar of 10% of a 0-80% axis (23 px) cannot hold a rate
    assert not words_fit_at_base_px(0.1 / 0.8 * PROFILE_PLOT_PX, PROFILE_BAR_INK["quarter"][1] * PRESENTER_SCALE)


def withheld_beside_short_review():
    """Challengers (Ann) won 18 of 19 in 2025 Q3 (withheld: too few deals), Hard Workers (Bob) 6 of 60 (10%),
    Lone Wolves (Cat) 1 of 60 (2%); Q2 alike."""
    from tests.views.test_review import AS_OF, block, frame as deals_frame

    deals = deals_frame(*(block(rep, quarter, won=won, lost=lost) for quarter in ("2025 Q2", "2025 Q3")
                          for rep, won, lost in (("Ann", 18, 1), ("Bob", 6, 54), ("Cat", 1, 59))))
    return quarterly_review(deals, "2025 Q3", AS_OF)


def test_a_withheld_rate_keeps_its_stub_and_words_where_a_short_bar_has_its_words_past_its_whisker() -> None:
    """Where the two rules meet: a withheld rate (winloss.present.withheld) has no bar, so no length to hold
    words or not; its place is its stub's, its words the stub's past the stub's end, never past a whisker. A
    shown bar's words are measured on the axis drawn, whose end a withheld 95% does not stretch: on an axis
    to 100%, the Hard Workers' 10% bar was taken for too short and its words sent past its whisker."""
    review = withheld_beside_short_review()
    table = review.profiles
    assert table["seller_profile"].to_list() == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert table["small_n"].to_list() == [True, False, False]
    figure = profile_figure(review)
    assert max(figure.layout.yaxis.tickvals) < 0.5  # ticked for the shown rates, not the withheld 95%
    fits = profile_words_fit(table)
    assert [fits(r) for r in table["win_rate"][1:]] == [True, False]
    assert review.profile_bar_places(holds=fits) == [PAST_END, AT_BASE, PAST_END]
    (now,) = [t for t in figure.data if t.type == "bar" and t.name == review.quarter]
    assert list(now.y) == [None, 0.1, table["win_rate"][2]]  # no bar drawn to the withheld rate
    assert list(now.text) == ["", "10%", "2%"] and list(now.textposition) == ["outside", "inside", "none"]
    (stub,) = [t for t in figure.data if t.type == "bar" and t.name == "n too small" and t.offsetgroup == "quarter"]
    assert list(stub.text) == ["Q3<br>n = 19", "", ""] and stub.y[0] is not None and stub.y[0] < 0.1
    # The words past a whisker are the short shown bar's alone, at its whisker's end.
    (words,) = [t for t in figure.data if t.type == "scatter" and t.text is not None and t.mode == "markers+text"]
    assert list(words.x) == ["Lone Wolf"] and list(words.text) == ["2%"] and list(words.y) == [table["win_rate_hi"][2]]
    # The deck: the withheld rate is no value of the "Win rate" series, its stub's label its own; the short
    # bar's rate past its end.
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (slide,) = [s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text == SECTION_TITLES["profiles"] for sh in every_shape(s.shapes))]
    (chart,) = [sh.chart for sh in every_shape(slide.shapes) if sh.has_chart]
    shown, _stubs = chart.plots[0].series
    assert list(shown.values)[:2] == [None, None] and None not in list(shown.values)[2:]
    stub, said = withheld_place(slide, 1)
    assert said.text_frame.text.endswith("(n = 19)") and said.top + said.height <= stub.top + 1
    assert not shown.points[1].data_label.has_text_frame
    assert shown.points[5].data_label.position == XL_LABEL_POSITION.OUTSIDE_END
