"""A range that ends before deals closed says how many it leaves out and where to see them: the default
"Last 4 complete quarters" hid a quarter just uploaded with no word (views.common.closed_after_*)."""

from __future__ import annotations

from datetime import date

import polars as pl
from small_deals import make_deals

from winloss.views.common import ClosedAround, closed_after_count, closed_after_sentence, closed_around

END = date(2025, 3, 31)
ROWS = [
    ("A", "Ann", "won", date(2025, 1, 1), date(2025, 3, 31), 10.0, None, "EMEA"),  # on the end: in range
    ("B", "Ann", "lost", date(2025, 1, 1), date(2025, 4, 1), 10.0, "Price", "EMEA"),  # after
    ("C", "Bob", "no_decision", date(2025, 1, 1), date(2025, 5, 2), 10.0, "No decision", "APAC"),  # after
    ("D", "Bob", "open", date(2025, 1, 1), date(2025, 6, 1), 10.0, None, "EMEA"),  # open: never "closed after"
    ("E", "Cat", "won", date(2025, 1, 1), None, 10.0, None, "EMEA"),  # no close date: not after any day
]


def test_closed_deals_after_the_end_are_counted_under_the_pages_filters() -> None:
    deals = make_deals(ROWS)
    assert closed_after_count(deals, END) == 2
    assert closed_after_count(deals.filter(pl.col("region") == "EMEA"), END) == 1
    assert closed_after_count(deals, date(2025, 5, 2)) == 0


def test_the_sentence_names_the_sidebar_choice_that_shows_them() -> None:
    deals = make_deals(ROWS)
    # Counted from 2 Jun 2025: the last 4 complete quarters and the last quarter both end on 31 Mar 2025.
    today = date(2025, 6, 2)

    def around(preset: str, rows: pl.LazyFrame = deals) -> ClosedAround:
        return closed_around(rows, date(2025, 1, 1), END, preset, today, 1, date(2025, 6, 1))

    assert closed_after_sentence(around("last_4_quarters")) == (
        "2 deals closed after 31 Mar 2025 are not in this range: choose Quarter to date under Close date in the "
        "sidebar to see them.")
    assert closed_after_sentence(around("last_quarter", deals.filter(pl.col("region") == "APAC"))) == (
        "1 deal closed after 31 Mar 2025 is not in this range: choose Quarter to date under Close date in the "
        "sidebar to see it.")  # one deal is "it"
    assert closed_after_sentence(around("custom")) == (
        "2 deals closed after 31 Mar 2025 are not in this range: move the range's end under Close date in the "
        "sidebar to see them.")
    assert closed_after_sentence(around("last_4_quarters", deals.filter(pl.col("close_date") <= END))) is None
