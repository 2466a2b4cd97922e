"""The review's at-risk table as the page, the deck and the report write it: the deal's name by the deal
lists' rule, and a past quarter's deals that have closed since saying what became of them."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date

import polars as pl
from small_deals import ROWS, make_deals

from winloss.export.words import at_risk_rows
from winloss.text import DASH
from winloss.views.deal_lists import deals_csv, listed_deals
from winloss.views.review import STAGE_NOW, quarterly_review, stage_now_note

# Four deals created on 1 Sep 2024 and open at the end of 2025 Q1 (211 days on 31 Mar, over the 76 days
# within which 80% of the deals won by then closed): three have closed since, one is still open.
SINCE = [
    ("D15", "Cat", "won", date(2024, 9, 1), date(2025, 4, 12), 700.0, None, None),
    ("D16", "Cat", "lost", date(2024, 9, 1), date(2025, 5, 3), 600.0, "Price", None),
    ("D17", "Dan", "no_decision", date(2024, 9, 1), date(2025, 6, 1), 550.0, "No Decision", None),
    ("D18", "Dan", "open", date(2024, 9, 1), date(2025, 8, 1), 450.0, None, None),
]
NAMES = {"D15": "Account D15 - Renewal", "D17": "Account D17 - Expansion", "D18": "Account D18 - Pilot"}


def deals() -> pl.DataFrame:
    """The hand-built deals and SINCE, with the stages a CRM writes and some deals' names (D16 has none)."""
    return make_deals([*ROWS, *SINCE]).with_columns(
        pl.when(pl.col("outcome") == "open").then(pl.lit("Negotiation"))
        .when(pl.col("outcome") == "won").then(pl.lit("Closed Won"))
        .otherwise(pl.lit("Closed Lost")).alias("stage"),
        pl.col("opportunity_id").replace_strict(NAMES, default=None).alias("opportunity_name"),
    ).collect()


def test_a_past_quarters_at_risk_deals_closed_since_say_what_became_of_them():
    """Reviewing 2025 Q1 on 10 Jun 2025: the deals open at the quarter's end, three closed since. Their
    stage was today's ("Closed Won"), read as if they were still open in it; now "Won 12 Apr 2025"
    under "Stage now", in the table the deck, the report and presenter mode share."""
    review = quarterly_review(deals(), "2025 Q1", date(2025, 6, 10))
    assert review.pipeline_by_age and review.stage_header == STAGE_NOW == "Stage now"
    assert review.at_risk_title == "Largest deals at risk at the end of 2025 Q1"
    header, rows = at_risk_rows(review)
    assert header == ["Rep", "Account", "Deal", "Stage now", "Days open", "Close date", "Amount ($)"]
    assert rows == [
        ["Cat", "Account D15", "Renewal", "Won 12 Apr 2025", "211", "12 Apr 2025", "700"],
        ["Cat", "Account D16", DASH, "Lost 3 May 2025", "211", "3 May 2025", "600"],
        ["Dan", "Account D17", "Expansion", "No decision 1 Jun 2025", "211", "1 Jun 2025", "550"],
        ["Dan", "Account D18", "Pilot", "Negotiation", "211", "1 Aug 2025", "450"],
    ]
    assert stage_now_note(review) == (
        "Stage now is where each deal stands in the data as of 10 Jun 2025: its stage if still open, else how"
        " and when it closed since; the data keeps each deal's latest state, not its stage on 31 Mar 2025."
    )


def test_a_quarter_in_progress_lists_its_open_deals_at_their_stage():
    review = quarterly_review(deals(), "2025 Q1", date(2025, 3, 31))
    assert not review.pipeline_by_age and review.stage_header == "Stage"
    assert review.at_risk_title == "Largest at-risk deals"
    header, rows = at_risk_rows(review)
    assert header[3] == "Stage" and ["Dan", "Account D18", "Pilot", "Negotiation"] in [r[:4] for r in rows]
    assert "Account D15" not in [r[1] for r in rows]  # closed by the review's day: not open then


def test_the_exported_table_names_deals_by_the_deal_lists_rule():
    """The deck and the report left the deal's name out while the page's list showed it. Now they show
    it as the page does: no Deal column when none of the deals listed has a name (deal_lists.without_blank_names),
    nor when the deals have no such column; a deal without one reads DASH beside named ones; the deck's
    first rows are judged on their own."""
    review = quarterly_review(deals(), "2025 Q1", date(2025, 6, 10))
    unnamed = dataclasses.replace(review, at_risk=review.at_risk.with_columns(pl.lit(None, pl.String).alias("opportunity_name")))
    header, rows = at_risk_rows(unnamed)
    assert "Deal" not in header and len(rows[0]) == len(header) == 6
    assert "Deal" not in at_risk_rows(dataclasses.replace(review, at_risk=review.at_risk.drop("opportunity_name")))[0]
    # D16, the second largest, has no name: the two first rows have one between them, the second alone none.
    assert at_risk_rows(review, 2)[0][2] == "Deal"
    only_d16 = dataclasses.replace(review, at_risk=review.at_risk.filter(pl.col("opportunity_id") == "D16"))
    assert "Deal" not in at_risk_rows(only_d16)[0]
    hidden = dataclasses.replace(review, hide_amounts=True, at_risk=review.at_risk.drop("amount"))
    assert at_risk_rows(hidden)[0] == ["Rep", "Account", "Deal", "Stage now", "Days open", "Close date"]


def test_the_exported_table_has_no_account_column_when_no_deal_listed_has_one():
    """A HubSpot export names no account: the review's table (the page's, presenter mode's, the deck's and
    the report's) read "—" down its Account column. By every deal list's rule (views.review.listed_at_risk:
    common.without_empty_details) the column goes; an account only blanks is none; one account keeps it."""
    from winloss.views.review import listed_at_risk

    review = quarterly_review(deals(), "2025 Q1", date(2025, 6, 10))
    for blank in (None, "", "  "):
        unnamed = dataclasses.replace(review, at_risk=review.at_risk.with_columns(pl.lit(blank, pl.String).alias("account")))
        header, rows = at_risk_rows(unnamed)
        assert header == ["Rep", "Deal", "Stage now", "Days open", "Close date", "Amount ($)"], blank
        assert rows[0] == ["Cat", "Account D15 - Renewal", "Won 12 Apr 2025", "211", "12 Apr 2025", "700"]
        assert "account" not in listed_at_risk(unnamed).columns
    one = dataclasses.replace(review, at_risk=review.at_risk.with_columns(
        pl.when(pl.col("opportunity_id") == "D16").then(pl.lit("Lynx BV")).otherwise(None).alias("account")))
    header, rows = at_risk_rows(one)
    assert header[:3] == ["Rep", "Account", "Deal"] and [r[1] for r in rows] == [DASH, "Lynx BV", DASH, DASH]


def test_a_past_quarters_at_risk_list_writes_in_its_csv_the_day_a_deal_closed_since_in_iso_form():
    """Its CSV wrote the page's words, "Won 12 Apr 2025", where every other date in a file is ISO."""
    review = quarterly_review(deals(), "2025 Q1", date(2025, 6, 10))
    listed = listed_deals(review.at_risk, hide_amounts=False)
    assert "Won 12 Apr 2025" in listed.get_column("stage").to_list()  # the page's words
    written = deals_csv(listed, "USD").decode("utf-8-sig")
    assert {"Won 2025-04-12", "Lost 2025-05-03", "No decision 2025-06-01", "Negotiation"} <= {
        row["stage"] for row in csv.DictReader(io.StringIO(written))}
    assert "Apr 2025" not in written and "Jun 2025" not in written
