"""Deals a dimension filter cannot place: a deal with no size band (no amount, or an amount in a currency
with no exchange rate) or no region. Every value of a filter selected is the same as no filter; some
values selected leave such deals out, and the page says how many and why."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pptx import Presentation

from winloss.deals import page_coded_deals, page_deals
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.filters import Filters, applied, in_force, options
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.common import active_filters, unplaced, unplaced_sentence
from winloss.views.overview import overview
from winloss.views.review import quarterly_review

HEADER = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount,Currency"
START, END = dt.date(2025, 7, 1), dt.date(2025, 9, 30)
IN_Q3 = Filters(preset="custom", start=START, end=END)
EVERY_BAND = ("Small", "Medium", "Large")


def rows() -> list[str]:
    """2025 Q3, 42 closed deals. 30 in USD worth 1,000 to 30,000, half won (the even thousands: $240k), in
    EMEA and APAC by turns; 10 won in EUR worth 500,000 each, with no region: EUR has no exchange rate;
    2 lost in EMEA with no amount. Won: 15 + 10 = 25 of 42."""
    lines = []
    for i in range(30):
        won = i % 2 == 1
        lines.append(f"U{i:02d},Ann,{'APAC' if won else 'EMEA'},{'Closed Won' if won else 'Closed Lost'},"
                     f"{'' if won else 'Price'},2025-06-01,2025-08-{1 + i % 28:02d},{(i + 1) * 1000},USD")
    lines += [f"E{i:02d},Bo,,Closed Won,,2025-06-01,2025-09-{1 + i:02d},500000,EUR" for i in range(10)]
    lines += [f"N{i:02d},Cy,EMEA,Closed Lost,Price,2025-06-01,2025-09-15,,USD" for i in range(2)]
    return lines


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(Path(tmp_path_factory.mktemp("unplaced")) / "store")
    prepared = prepare(("\n".join([HEADER, *rows()]) + "\n").encode(), "unplaced.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    return store


def figures(store: Store, filters: Filters) -> tuple[dict, str]:
    """The Overview's summary row and won-value tile under `filters`, as the pages apply them."""
    coded = page_coded_deals(store)
    shown = overview(applied(coded.lazy(), in_force(filters, options(coded))), filters, START, END, "USD", END)
    return shown.summary.row(0, named=True), shown.volumes[1].words


def test_every_band_selected_counts_what_no_filter_counts(store) -> None:
    """Small + Medium + Large left out the 10 won EUR deals (no rate, so no band) and the 2 with no
    amount: 30 closed and a 50% win rate instead of 42 and 60%, and the "no rate for EUR" note gone."""
    unfiltered, unfiltered_value = figures(store, IN_Q3)
    assert (unfiltered["closed"], unfiltered["won"]) == (42, 25)
    assert unfiltered_value == "$240k · no rate for EUR"
    assert figures(store, IN_Q3.with_values("size", EVERY_BAND)) == (unfiltered, unfiltered_value)
    # Every region selected is no region filter either: the EUR deals have no region.
    assert figures(store, IN_Q3.with_values("region", ["APAC", "EMEA"])) == (unfiltered, unfiltered_value)
    assert in_force(IN_Q3.with_values("size", EVERY_BAND), options(page_coded_deals(store))) == IN_Q3


def test_some_bands_say_how_many_deals_have_no_size_and_why(store) -> None:
    large = in_force(IN_Q3.with_values("size", ["Large"]), options(page_coded_deals(store)))
    assert active_filters(large) == [("Deal size", ("Large",))]
    (left_out,) = unplaced(page_coded_deals(store).lazy(), large, START, END, "USD")
    # Large keeps the 10 largest of the 30 in USD and leaves out 32: the 20 smaller and the 12 with no size.
    # "12 ... are left out by the Deal size filter" had read as all it leaves out.
    assert unplaced_sentence(left_out, role="ops") == (
        "The Deal size filter keeps 10 of the 42 closed deals in this range; 12 of the 32 it leaves out have no "
        "deal size: 2 have no amount and 10 in EUR have no exchange rate to USD for EUR. Add the rate on the Data "
        "page, in the Currencies tab.")
    # Nothing to say without the filter, or when every band is selected.
    for filters in (IN_Q3, IN_Q3.with_values("size", EVERY_BAND)):
        assert unplaced(page_coded_deals(store).lazy(), in_force(filters, options(page_coded_deals(store))),
                        START, END, "USD") == ()


def test_each_filter_counts_the_deals_its_others_keep(store) -> None:
    """Region = EMEA leaves out the 10 EUR deals, which have no region (and no size: they are counted for
    both filters, never for neither); the 2 in EMEA with no amount have no size. A deal another filter
    leaves out for a value it holds (a deal in APAC) is not counted."""
    both = IN_Q3.with_values("region", ["EMEA"]).with_values("size", ["Small", "Medium"])
    found = unplaced(page_coded_deals(store).lazy(), both, START, END, "USD")
    assert [unplaced_sentence(u, role="ops") for u in found] == [
        # Of the 20 Small or Medium in USD, the 2 with no amount and the 10 in EUR, EMEA keeps the 10 and the 2.
        "The Region filter keeps 12 of the 32 closed deals in this range that the other filters keep or cannot "
        "place; 10 of the 20 it leaves out have no region.",
        # Of the 15 in EMEA with an amount, the 2 with none and the 10 in EUR, Small or Medium keeps 10.
        "The Deal size filter keeps 10 of the 27 closed deals in this range that the other filters keep or cannot "
        "place; 12 of the 17 it leaves out have no deal size: 2 have no amount and 10 in EUR have no exchange rate "
        "to USD for EUR. Add the rate on the Data page, in the Currencies tab.",
    ]
    _, in_apac = unplaced(page_coded_deals(store).lazy(), IN_Q3.with_values("region", ["APAC"])
                          .with_values("size", ["Large"]), START, END, "USD")
    assert (in_apac.dimension, in_apac.deals) == ("size", 10)  # not the 2 in EMEA
    # Outside the range nothing is counted.
    assert unplaced(page_coded_deals(store).lazy(), both, dt.date(2025, 10, 1), dt.date(2025, 12, 31), "USD") == ()


def test_the_review_and_its_report_say_it_too(store) -> None:
    large = IN_Q3.with_values("size", ["Large"])
    left_out = unplaced(page_coded_deals(store).lazy(), large, START, END, "USD")
    review = quarterly_review(applied(page_deals(store).lazy(), large), "2025 Q3", END, currency="USD",
                              filtered=active_filters(large), unplaced=left_out)
    said = ("The Deal size filter keeps 10 of the 42 closed deals in 2025 Q3; 12 of the 32 it leaves out have no "
            "deal size: 2 have no amount and 10 in EUR have no exchange rate to USD for EUR.")
    assert said in report_html(review)
    title = Presentation(io.BytesIO(deck_bytes(review))).slides[0]
    assert any(said in shape.text_frame.text for shape in title.shapes if shape.has_text_frame)


def test_on_a_reps_view_the_count_says_whose_deals_it_is() -> None:
    """A rep's view counts their deals alone, read against hers, not the team pages'."""
    from winloss.views.common import Unplaced

    assert unplaced_sentence(Unplaced("region", 2, kept=5, among=7), owner="Cara Ng", role="ops") == (
        "The Region filter keeps 5 of Cara Ng's 7 closed deals in this range; the 2 it leaves out have no region.")
    assert unplaced_sentence(Unplaced("region", 1, kept=5, among=8), owner="Cara Ng", role="ops") == (
        "The Region filter keeps 5 of Cara Ng's 8 closed deals in this range; 1 of the 3 it leaves out has no "
        "region.")
    assert unplaced_sentence(Unplaced("region", 1, kept=0, among=1), owner="Cara Ng", role="ops") == (
        "The Region filter keeps 0 of Cara Ng's 1 closed deal in this range; the 1 it leaves out has no region.")
