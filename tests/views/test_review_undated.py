"""The review's at-risk pipeline and deals with no created date: a past quarter's leaves them out and
says so, a quarter in progress counts them judged on being overdue alone and says so; the count, the
caption, the chart's data and the finding agree on the page's view, the deck and the HTML report."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import polars as pl
from pptx import Presentation
from small_deals import make_deals

from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.measures.at_risk import undated_note
from winloss.views.review import quarterly_review, section_captions

# Ann's deals: won and lost in 2025 Q1 with created dates; five old open deals with created dates
# (at risk on age at Q1's end); then four deals with none: three open now (one overdue on 10 Jun) and
# one closed in May, so all four were, for all the data says, open or not at Q1's end.
DATED_CLOSED = [
    (f"W{i}", "Ann", "won" if i < 6 else "lost", date(2024, 12, 1), date(2025, 1, 30 - i), 10.0,
     None if i < 6 else "Price", None)
    for i in range(10)
]
DATED_OPEN = [(f"O{i}", "Bob", "open", date(2024, 6, 1), date(2025, 9, 1), 100.0, None, None) for i in range(5)]
UNDATED = [
    ("U1", "Cat", "open", None, date(2025, 9, 1), 300.0, None, None),
    ("U2", "Cat", "open", None, date(2025, 9, 2), 300.0, None, None),
    ("U3", "Dan", "open", None, date(2025, 5, 1), 200.0, None, None),  # overdue on 10 Jun
    ("U4", "Dan", "won", None, date(2025, 5, 20), 50.0, None, None),  # closed after Q1's end
]


def deals() -> pl.DataFrame:
    return make_deals([*DATED_CLOSED, *DATED_OPEN, *UNDATED]).collect()


def deck_text(review) -> str:
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    return "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)


def html_text(review) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", report_html(review)))


def test_a_past_quarters_pipeline_leaves_out_deals_with_no_created_date_and_says_so() -> None:
    """Before, U1-U4 were counted open at Q1's end (n = 9) and judged "on track", age unknown."""
    review = quarterly_review(deals(), "2025 Q1", date(2025, 6, 10), min_n=5)  # a finding from 5 at risk
    assert review.pipeline_by_age
    assert review.open_deals == 5 == int(review.at_risk_by_profile["open"].sum())
    assert review.at_risk_deals == 5  # the dated ones, 303 days open on 31 Mar
    assert "Hard Worker" not in review.at_risk_by_profile["seller_profile"].to_list()  # Cat's profile
    assert review.undated_open == 4
    note = undated_note(4, date(2025, 3, 31), review.as_of, past_day=True)
    assert note.startswith("4 deals have no created date, so whether they were open on 31 Mar 2025 is not known:"
                           " they are not counted (map a created-date column to Created date")
    caption = section_captions(review)["at_risk"]
    assert "(n = 5)" in caption and caption.endswith(note)
    finding = next(f for f in review.findings if f.topic == "at_risk")
    assert finding.text.startswith("5 of 5 deals open at the end of 2025 Q1")
    deck, report = deck_text(review), html_text(review)
    assert section_captions(review, intervals=False)["at_risk"] in deck
    assert " ".join(caption.split()) in " ".join(report.split())


def test_a_quarter_in_progress_counts_them_judged_on_being_overdue_alone_and_says_so() -> None:
    review = quarterly_review(deals(), "2025 Q2", date(2025, 6, 10))
    assert not review.pipeline_by_age
    assert review.open_deals == 8  # five dated, three undated open now
    assert review.undated_open == 3
    assert "U3" in review.at_risk["opportunity_id"].to_list()  # overdue 40 days
    assert not {"U1", "U2"} & set(review.at_risk["opportunity_id"].to_list())  # not judged on age
    note = undated_note(3, date(2025, 6, 10), date(2025, 6, 10))
    assert "at risk only when past the expected close date" in note
    caption = section_captions(review)["at_risk"]
    assert "(n = 8)" in caption and caption.endswith(note)
    assert section_captions(review, intervals=False)["at_risk"] in deck_text(review)
    assert " ".join(caption.split()) in " ".join(html_text(review).split())


def test_a_pipeline_with_every_deal_dated_says_nothing_of_created_dates() -> None:
    dated = deals().filter(pl.col("created_date").is_not_null())
    review = quarterly_review(dated, "2025 Q1", date(2025, 6, 10))
    assert review.undated_open == 0 and "created date" not in section_captions(review)["at_risk"]
