"""A chart by quarter's CSV says on each row the days that row counts, and its file's name the span of them all
(views.common.with_view, chart_file_name). The review's "No decision: share of losses by quarter" for 2026 Q3
was named "…_2026-07-01-to-2026-09-30.csv" and said close_date_from=2026-07-01, close_date_to=2026-09-30 on
every row, while its rows were 2025-Q3 to 2026-Q3, each counted over its own quarter."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl

from winloss.filters import Filters
from winloss.views.common import chart_file, chart_file_name, chart_view, named_quarters
from winloss.views.review import quarterly_review, review_chart_view

from test_review import block, frame  # the review's hand-built deals

REVIEWED = "2026 Q3"
AS_OF = date(2026, 11, 15)


def rows_of(written: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(written.decode("utf-8-sig"))))


def test_the_reviews_no_decision_trend_says_each_quarters_days_and_is_named_for_the_span() -> None:
    deals = frame(*(block("Ann", q, won=20, lost=10, no_decision=5)
                    for q in ("2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3")))
    result = quarterly_review(deals, REVIEWED, AS_OF)
    view = review_chart_view(result)
    assert (view.start, view.end) == (date(2026, 7, 1), date(2026, 9, 30))  # the other charts' quarter reviewed
    rows = rows_of(chart_file(result.no_decision, view))
    assert [(r["quarter"], r["close_date_from"], r["close_date_to"]) for r in rows] == [
        ("2025-Q3", "2025-07-01", "2025-09-30"), ("2025-Q4", "2025-10-01", "2025-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-Q2", "2026-04-01", "2026-06-30"),
        ("2026-Q3", "2026-07-01", "2026-09-30")]
    name = chart_file_name("No decision: share of losses by quarter", view, result.no_decision)
    assert name == "no-decision-share-of-losses-by-quarter_2025-07-01-to-2026-09-30.csv"
    # A chart of the quarter reviewed alone keeps its range.
    assert rows_of(chart_file(result.profiles, view))[0]["close_date_from"] == "2026-07-01"
    assert chart_file_name("Win rate by seller profile", view, result.profiles).endswith("_2026-07-01-to-2026-09-30.csv")


def test_a_trend_cut_by_its_range_says_the_days_each_cut_quarter_counts() -> None:
    """The Overview's, the No decision page's and a rep's trends: a range from 15 Feb to 20 Aug counts its first
    and last quarters in part; each row says the part, the file the range."""
    start, end = date(2026, 2, 15), date(2026, 8, 20)
    trend = named_quarters(pl.DataFrame({"quarter": ["2026 Q1", "2026 Q2", "2026 Q3"], "n": [40, 40, 40],
                                         "win_rate": [0.5, 0.5, 0.5]}), AS_OF, 1, end, start)
    view = chart_view(Filters(), start, end, False, "USD")
    rows = rows_of(chart_file(trend, view))
    assert [(r["close_date_from"], r["close_date_to"]) for r in rows] == [
        ("2026-02-15", "2026-03-31"), ("2026-04-01", "2026-06-30"), ("2026-07-01", "2026-08-20")]
    assert chart_file_name("Win rate by quarter", view, trend) == "win-rate-by-quarter_2026-02-15-to-2026-08-20.csv"
