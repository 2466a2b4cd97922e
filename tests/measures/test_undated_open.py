"""Deals with no created date: never said to be open on a past day or created by one, never judged on
their age, and every caption over such deals says how many and what became of them."""

from __future__ import annotations

from datetime import date

import polars as pl
from small_deals import ids, make_deals

from winloss.measures.at_risk import (
    NONE_AT_RISK, at_risk_list_caption, at_risk_open_deals, none_at_risk_caption, undated_note)
from winloss.measures.counting import open_by, open_on, undated_open, undated_open_count

DAY = date(2025, 3, 31)  # a past quarter's end
AS_OF = date(2025, 6, 10)  # the data's day

# Won deals setting the usual length (40 to 60 days), then open and closed-since deals with and without
# a created date: U-ids have none.
ROWS = [
    ("W1", "Ann", "won", date(2024, 11, 1), date(2024, 12, 11), 10.0, None, None),  # 40 d
    ("W2", "Ann", "won", date(2024, 11, 1), date(2024, 12, 21), 10.0, None, None),  # 50 d
    ("W3", "Bob", "won", date(2024, 11, 1), date(2024, 12, 31), 10.0, None, None),  # 60 d
    ("O1", "Ann", "open", date(2024, 6, 1), date(2025, 9, 1), 100.0, None, None),  # old, not overdue
    ("O2", "Bob", "open", date(2025, 5, 1), date(2025, 9, 1), 100.0, None, None),  # created after DAY
    ("U1", "Ann", "open", None, date(2025, 9, 1), 300.0, None, None),  # not overdue
    ("U2", "Bob", "open", None, date(2025, 5, 1), 200.0, None, None),  # overdue on AS_OF
    ("U3", "Cat", "won", None, date(2025, 4, 20), 50.0, None, None),  # closed after DAY
    ("U4", "Cat", "lost", None, date(2025, 3, 1), 50.0, "Price", None),  # closed before DAY
    ("C1", "Cat", "lost", date(2024, 12, 1), date(2025, 5, 1), 70.0, "Price", None),  # closed after DAY
]


def deals() -> pl.DataFrame:
    return make_deals(ROWS).collect()


def matching(expr: pl.Expr) -> list[str]:
    return sorted(ids(deals().filter(expr)))


def test_a_deal_with_no_created_date_is_not_open_on_a_past_day() -> None:
    # Before: U1, U2 (open now) and U3 (closed after DAY) were counted open on 31 Mar with no created date.
    assert matching(open_on(DAY)) == ["C1", "O1"]
    assert matching(undated_open(DAY)) == ["U1", "U2", "U3"]  # what open_on leaves out, U4 closed before
    assert undated_open_count(deals(), DAY) == 3


def test_a_deal_with_no_created_date_is_open_now_but_not_created_by_a_past_end() -> None:
    assert matching(open_by(DAY, AS_OF)) == ["O1"]  # created by 31 Mar: not known for U1, U2
    assert matching(open_by(AS_OF, AS_OF)) == ["O1", "O2", "U1", "U2"]  # open now: every open deal
    assert matching(open_by(date(2025, 12, 31), AS_OF)) == ["O1", "O2", "U1", "U2"]
    assert matching(open_by(None)) == ["O1", "O2", "U1", "U2"]
    assert matching(undated_open()) == ["U1", "U2"]
    assert undated_open_count(deals()) == 2


def test_open_now_a_deal_with_no_created_date_is_judged_on_being_overdue_alone() -> None:
    frame = at_risk_open_deals(deals(), AS_OF, created_by=AS_OF)
    assert ids(frame) == ["U2", "O1"]  # largest first; U1 (not overdue) is not judged on its age
    u2 = frame.row(0, named=True)
    assert u2["days_open"] is None and u2["reason"] == "Overdue 40 days"
    # Open now but created by a past end: not known, so not listed.
    assert ids(at_risk_open_deals(deals(), AS_OF, created_by=DAY)) == ["O1"]


def test_the_note_says_how_many_what_became_of_them_and_how_to_count_them() -> None:
    fix = "(map a created-date column to Created date on the Data page, in Column mapping, under Column in your file, and upload again)."
    assert undated_note(3, DAY, AS_OF, past_day=True) == (
        "3 deals have no created date, so whether they were open on 31 Mar 2025 is not known: they are not counted " + fix)
    assert undated_note(1, DAY, AS_OF, listed=True) == (
        "1 open deal has no created date, so whether it was created by 31 Mar 2025 is not known: it is not listed " + fix)
    assert undated_note(2, AS_OF, AS_OF) == undated_note(2, None, AS_OF) == (
        "2 open deals have no created date: they are at risk only when past the expected close date, how long they"
        " have been open not being known " + fix)
    assert undated_note(0, DAY, AS_OF, past_day=True) == ""


def test_every_at_risk_list_caption_says_what_became_of_deals_with_no_created_date() -> None:
    caption = at_risk_list_caption(DAY, AS_OF, largest_first=True, undated=2)
    assert caption.startswith(undated_note(2, DAY, AS_OF, listed=True) + " Deals open now (created by 31 Mar 2025)")
    assert "only when past the expected close date" in at_risk_list_caption(None, AS_OF, undated=2)
    assert at_risk_list_caption(DAY, AS_OF) == at_risk_list_caption(DAY, AS_OF, undated=0)
    assert none_at_risk_caption(NONE_AT_RISK, DAY, AS_OF, 2) == f"{NONE_AT_RISK} {undated_note(2, DAY, AS_OF, listed=True)}"
    assert none_at_risk_caption(NONE_AT_RISK, DAY, AS_OF) == NONE_AT_RISK


def test_every_screen_counts_open_deals_under_a_past_end_by_one_rule() -> None:
    """The Overview's summary, a rep's scorecard and deals list, and the CLI report counted U1 and U2 open
    under a past end (created by 31 Mar not known) while the at-risk lists and the review left them out,
    so two screens could disagree on the same range; every one now counts by open_by(end, as_of)."""
    from winloss.cli import report_rows
    from winloss.filters import Filters
    from winloss.measures.behind import deals_behind
    from winloss.measures.reps import rep_scorecard
    from winloss.measures.summary import outcome_summary
    from winloss.views.overview import overview
    from winloss.views.reps import rep

    start = date(2024, 10, 1)
    assert outcome_summary(deals(), None, start, DAY, as_of=AS_OF)["open"].item() == 1  # O1
    assert outcome_summary(deals(), None, start, AS_OF, as_of=AS_OF)["open"].item() == 4
    assert ids(deals_behind(deals(), start, DAY, as_of=AS_OF).filter(pl.col("outcome") == "open")) == ["O1"]
    ann = rep_scorecard(deals(), "Ann", start, DAY, as_of=AS_OF)
    assert ann.filter(pl.col("comparison") == "rep")["open"].item() == 1  # O1, not U1

    lf = deals().lazy()
    assert overview(lf, Filters(), start, DAY, as_of=AS_OF).summary["open"].item() == 1
    view = rep(lf, "Ann", Filters(), start, DAY, AS_OF)
    assert view is not None
    assert ids(view.deals.filter(pl.col("outcome") == "open")) == ["O1"]
    assert view.scorecard.filter(pl.col("comparison") == "rep")["open"].item() == 1
    assert [row["open"] for row in report_rows(lf, "none", start, DAY, as_of=AS_OF)] == [1]
    # Each says which open deals it counted.
    from winloss.views.overview import captions
    from winloss.views.reps import rep_tiles_caption

    assert "1 deal open now (created by 31 Mar 2025)." in captions(overview(lf, Filters(), start, DAY, as_of=AS_OF),
                                                                   Filters()).definitions
    assert " 1 deal open now (created by 31 Mar 2025);" in rep_tiles_caption(view)
    assert " 2 deals open now;" in rep_tiles_caption(rep(lf, "Ann", Filters(), start, AS_OF, AS_OF))
