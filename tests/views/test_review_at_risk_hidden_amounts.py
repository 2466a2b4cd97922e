"""With amounts hidden the review's at-risk table is not ordered, or picked, by amount: a table of the
largest deals with no amount printed still told which deals were worth most. It lists the longest
open first and says so, on the page, in the deck and in the report (one title and one order)."""

from __future__ import annotations

from datetime import date

from small_deals import ROWS, make_deals

from winloss.export.words import at_risk_rows, rows_left_out
from winloss.views.review import at_risk_tables, quarterly_review

# Open deals at the end of 2025 Q1, all at risk by age; the longer open, the smaller.
OLD = [
    ("E1", "Cat", "open", date(2024, 6, 1), date(2025, 8, 1), 100.0, None, None),
    ("E2", "Cat", "open", date(2024, 9, 1), date(2025, 8, 1), 900.0, None, None),
    ("E3", "Dan", "open", date(2024, 8, 1), date(2025, 8, 1), 500.0, None, None),
]


def test_hidden_amounts_list_the_longest_open_at_risk_deals_first() -> None:
    deals = make_deals([*ROWS, *OLD]).collect()
    shown, *_ = at_risk_tables(deals, date(2025, 3, 31), date(2025, 3, 31), rows=2)
    assert shown.get_column("opportunity_id").to_list() == ["E2", "E3"]  # the largest, amounts shown
    hidden, *_ = at_risk_tables(deals, date(2025, 3, 31), date(2025, 3, 31), rows=2, hide_amounts=True)
    assert hidden.get_column("opportunity_id").to_list() == ["E1", "E3"]  # picked and ordered by days open


def test_the_review_titles_its_table_by_the_order_it_is_in() -> None:
    deals = make_deals([*ROWS, *OLD]).collect()
    review = quarterly_review(deals, "2025 Q1", date(2025, 3, 31), hide_amounts=True, anonymized=True)
    assert review.at_risk_title == "Deals at risk, longest open first"
    days = review.at_risk.get_column("days_open").to_list()
    dated = [d for d in days if d is not None]  # a deal with no created date has no days open: last
    assert days[:len(dated)] == sorted(dated, reverse=True) and "amount" not in review.at_risk.columns
    header, rows = at_risk_rows(review)
    assert not [h for h in header if "Amount" in h]
    assert rows_left_out(2, 3, review.at_risk_first) == (
        "Longest open 2 of 3 shown; the full list is in the HTML report and the app.")
    shown = quarterly_review(deals, "2025 Q1", date(2025, 3, 31))
    assert shown.at_risk_title == "Largest at-risk deals" and shown.at_risk_first == "Largest"
