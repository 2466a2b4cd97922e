"""Open deals at risk a dimension filter cannot place: an open deal with no amount, or in a currency with no
exchange rate, has no size band; one with no region has none to match a Region filter. The at-risk lists
(the No decision page's, a rep's, the review's) dropped them without a word; each now says how many of the
deals it would list it leaves out, and why, as the closed deals' sentence does (views.common.unplaced)."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from pptx import Presentation
from small_deals import ids, make_deals

from winloss.deals import coded_deals
from winloss.exchange import ExchangeRates, in_reporting_currency
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.export.words import at_risk_scope_notes
from winloss.filters import Filters, applied, in_force, options, size_cut_points, with_size_band
from winloss.measures.at_risk import won_days_histogram
from winloss.views.common import active_filters, unplaced_at_risk, unplaced_sentence
from winloss.views.no_decision import no_decision
from winloss.views.reps import rep
from winloss.views.review import quarterly_review

TODAY = date(2025, 6, 1)
OLD, NEW = date(2025, 1, 1), date(2025, 5, 20)  # created: 151 days open on TODAY, or 12
LATER = date(2025, 7, 1)  # an open deal's expected close: not overdue on TODAY
# Won deals of 31 days (created 1 Jan, closed 1 Feb), worth 100 to 500: every open deal created 1 Jan is
# at risk (151 days against 31), one created 20 May is not. Bands (terciles of the closed amounts, nearest):
# Small up to 200, Medium up to 400, Large over it.
ROWS = [
    *[(f"W{i}", "Ann", "won", OLD, date(2025, 2, 1), 100.0 * i, None, "EMEA") for i in range(1, 6)],
    ("O1", "Ann", "open", OLD, LATER, 300.0, None, "EMEA"),  # Medium: listed
    ("O2", "Ann", "open", OLD, LATER, None, None, "EMEA"),  # no amount: no size band
    ("O3", "Ann", "open", OLD, LATER, 1_000.0, None, "EMEA"),  # in GBP, which has no rate: no size band
    ("O4", "Bob", "open", OLD, LATER, 200.0, None, None),  # Small, no region
    ("O5", "Ann", "open", NEW, LATER, None, None, "EMEA"),  # no amount, and not at risk: never counted
    ("O6", "Bob", "open", OLD, LATER, None, None, "APAC"),  # no amount, in APAC
    ("O7", "Ann", "open", OLD, LATER, 900.0, None, "EMEA"),  # Large: left out for a value it holds
]
SMALL_MEDIUM = Filters().with_values("size", ["Small", "Medium"])
IN_EMEA = Filters().with_values("region", ["EMEA"])


@pytest.fixture(scope="module")
def text_deals() -> pl.LazyFrame:
    """ROWS as the store gives them: converted to USD (O3's GBP has no rate), banded."""
    frame = make_deals(ROWS).with_columns(
        pl.when(pl.col("opportunity_id") == "O3").then(pl.lit("GBP")).otherwise(pl.col("currency")).alias("currency"))
    converted = in_reporting_currency(frame.collect(), ExchangeRates("USD", {})).lazy()
    return with_size_band(converted, size_cut_points(converted))


@pytest.fixture(scope="module")
def every_deal(text_deals) -> pl.LazyFrame:
    """The deals as the pages compute on them: coded."""
    return coded_deals(text_deals.collect()).lazy()


def at_risk_sentences(every_deal: pl.LazyFrame, filters: Filters, owner: str | None = None) -> list[str]:
    shown = applied(every_deal, filters)
    won_days = won_days_histogram(shown).collect()  # the threshold the list itself is judged on
    found = unplaced_at_risk(every_deal, filters, TODAY, won_days, "USD", created_by=TODAY)
    return [unplaced_sentence(left_out, owner=owner, role="ops") for left_out in found]


def test_a_deal_size_filter_says_which_deals_at_risk_have_no_size_and_why(every_deal) -> None:
    """Small + Medium: O2 and O6 have no amount, O3 no rate; O5 (no amount) is not at risk, so the list
    would not hold it anyway; O7 is Large, which the filter leaves out for a value it holds."""
    assert at_risk_sentences(every_deal, SMALL_MEDIUM) == [
        "The Deal size filter keeps 2 of the 6 open deals at risk; 3 of the 4 it leaves out have no deal size: "
        "2 have no amount and 1 in GBP has no exchange rate to USD for GBP. Add the rate on the Data page, in the "
        "Currencies tab."]
    listed = no_decision(applied(every_deal, SMALL_MEDIUM), SMALL_MEDIUM, OLD, TODAY, TODAY, "USD", every_deal=every_deal)
    assert sorted(ids(listed.at_risk)) == ["O1", "O4"]
    assert [unplaced_sentence(u, role="ops") for u in listed.at_risk_unplaced] == at_risk_sentences(every_deal, SMALL_MEDIUM)


def test_a_region_filter_counts_the_deals_at_risk_with_no_region(every_deal) -> None:
    """EMEA keeps O1, O2, O3 and O7 of the six at risk; of O4 and O6 it leaves out, O4 has no region. The count
    had read as all the filter leaves out."""
    assert at_risk_sentences(every_deal, IN_EMEA) == [
        "The Region filter keeps 4 of the 6 open deals at risk; 1 of the 2 it leaves out has no region."]
    # Each filter counts the deals its others keep: O6 (in APAC) is not counted for the size filter.
    both = IN_EMEA.with_values("size", ["Small", "Medium"])
    assert at_risk_sentences(every_deal, both) == [
        # Not O7, which the size filter leaves out for a value it holds: O1-O4 and O6.
        "The Region filter keeps 3 of the 5 open deals at risk that the other filters keep or cannot place; "
        "1 of the 2 it leaves out has no region.",
        # Not O6, which the region filter leaves out for a value it holds: O1-O4 and O7.
        "The Deal size filter keeps 2 of the 5 open deals at risk that the other filters keep or cannot place; "
        "2 of the 3 it leaves out have no deal size: 1 has no amount and 1 in GBP has no exchange rate to USD for "
        "GBP. Add the rate on the Data page, in the Currencies tab.",
    ]


def test_every_value_selected_is_no_filter_and_says_nothing(every_deal) -> None:
    offered = options(every_deal.collect())
    for filters in (Filters().with_values("size", ["Small", "Medium", "Large"]),
                    Filters().with_values("region", ["APAC", "EMEA"])):
        kept = in_force(filters, offered)
        assert kept == Filters() and at_risk_sentences(every_deal, kept) == []
        listed = no_decision(applied(every_deal, kept), kept, OLD, TODAY, TODAY, "USD", every_deal=every_deal)
        assert sorted(ids(listed.at_risk)) == ["O1", "O2", "O3", "O4", "O6", "O7"] and listed.at_risk_unplaced == ()


def test_a_reps_view_counts_their_own_deals_at_risk(every_deal) -> None:
    """Ann's O2 and O3 have no size; Bob's O6 is not hers."""
    ann = rep(applied(every_deal, SMALL_MEDIUM), "Ann", SMALL_MEDIUM, OLD, TODAY, TODAY, "USD", every_deal=every_deal)
    assert ann is not None and ids(ann.at_risk) == ["O1"]
    assert [unplaced_sentence(u, owner="Ann", role="ops") for u in ann.at_risk_unplaced] == [
        "The Deal size filter keeps 1 of Ann's 4 open deals at risk; 2 of the 3 it leaves out have no deal size: "
        "1 has no amount and 1 in GBP has no exchange rate to USD for GBP. Add the rate on the Data page, in the "
        "Currencies tab."]


def test_the_reviews_at_risk_pipeline_says_it_in_the_report_and_the_deck(text_deals, every_deal) -> None:
    """2025 Q1 reviewed on 1 Jun 2025: its pipeline is the deals open at the end of 31 Mar, judged on age
    alone (89 days against 31): O5, created since, is not in it. The review computes on the deals as text,
    and counts what the filters leave out in the coded ones, as the page hands them over (ui.numbers)."""
    review = quarterly_review(applied(text_deals, SMALL_MEDIUM), "2025 Q1", TODAY, currency="USD",
                              filtered=active_filters(SMALL_MEDIUM), every_deal=every_deal, filters=SMALL_MEDIUM)
    said = ("The Deal size filter keeps 2 of the 6 open deals at risk at the end of 2025 Q1; 3 of the 4 it leaves "
            "out have no deal size: 2 have no amount and 1 in GBP has no exchange rate to USD for GBP.")
    (note,) = at_risk_scope_notes(review)
    assert note.startswith(said)
    assert said in report_html(review)
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[6]
    assert any(said in shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    # Unfiltered, nothing is said.
    assert at_risk_scope_notes(quarterly_review(text_deals, "2025 Q1", TODAY, currency="USD", every_deal=every_deal,
                                                filters=Filters())) == []


SMALL = Filters().with_values("size", ["Small"])


def test_an_empty_list_says_it_is_of_the_deals_the_filters_keep(every_deal) -> None:
    """Ann's deals at risk are O1 (Medium), O2 (no amount), O3 (no rate) and O7 (Large): under Small her
    list is empty, and the sentence over it had said no open deal was at risk while the one beneath
    counted two left out."""
    ann = rep(applied(every_deal, SMALL), "Ann", SMALL, OLD, TODAY, TODAY, "USD", every_deal=every_deal)
    assert ann is not None and ann.at_risk.height == 0 and len(ann.at_risk_unplaced) == 1
    assert ann.none_at_risk.startswith("No open deal the filters keep has been open longer")
    assert no_decision(applied(every_deal, IN_EMEA), IN_EMEA, OLD, TODAY, TODAY, "USD",
                       every_deal=every_deal).none_at_risk.startswith("No open deal the filters keep")
    # With nothing left out, the sentence is the plain one.
    everyone = rep(every_deal, "Ann", Filters(), OLD, TODAY, TODAY, "USD", every_deal=every_deal)
    assert everyone is not None and everyone.none_at_risk.startswith("No open deal has")


def test_the_decks_notes_under_a_full_at_risk_table_stay_above_the_slides_caption(text_deals, every_deal) -> None:
    """Each sentence on deals left out takes about two rows: the table lists fewer deals, and the notes
    start just under it and end above the caption (6.35 in), where a fixed 0.5 in box at 5.85 in ran over it."""
    extra = [(f"X{i}", "Ann", "open", OLD, LATER, 150.0, None, "EMEA") for i in range(12)]  # Small, at risk
    frame = make_deals(ROWS + extra).with_columns(
        pl.when(pl.col("opportunity_id") == "O3").then(pl.lit("GBP")).otherwise(pl.col("currency")).alias("currency"))
    converted = in_reporting_currency(frame.collect(), ExchangeRates("USD", {})).lazy()
    banded = with_size_band(converted, size_cut_points(converted))
    review = quarterly_review(applied(banded, SMALL_MEDIUM), "2025 Q1", TODAY, currency="USD",
                              filtered=active_filters(SMALL_MEDIUM), every_deal=coded_deals(banded.collect()).lazy(),
                              filters=SMALL_MEDIUM)
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[6]
    (table,) = [shape for shape in slide.shapes if shape.has_table]
    assert len(table.table.rows) - 1 == 8  # ten deals a slide, less two for the one sentence
    notes = [shape for shape in slide.shapes if shape.has_text_frame and "it leaves out have no deal size" in shape.text_frame.text]
    assert len(notes) == 1
    (box,) = notes
    assert box.top >= table.top + table.height and box.top + box.height <= 6.35 * 914400
