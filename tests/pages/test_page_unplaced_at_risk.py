"""The Deal size filter on the No decision page, a rep's view and the review of a store whose old open deals include some
with no amount and some in a currency with no exchange rate: they have no size band, so the at-risk list
under Small + Medium leaves them out, and says how many and why under it; every band selected is no filter."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount,Currency"
# Small + Medium keeps O1 of the four at risk; O2 has no amount, O3 and O4 no rate.
SAID = ("The Deal size filter keeps 1 of the 4 open deals at risk; the 3 it leaves out have no deal size: 1 has no "
        "amount and 2 in EUR have no exchange rate to USD for EUR. Add the rate on the Data page, in the Currencies "
        "tab.")
ANNS = ("The Deal size filter keeps 1 of Ann's 3 open deals at risk; the 2 it leaves out have no deal size: 2 in EUR "
        "have no exchange rate to USD for EUR. Add the rate on the Data page, in the Currencies tab.")
PERIOD = {"period": "Custom range", "from": "2025-07-01", "to": "2025-09-30"}


def closed_in_dollars_and_old_open_deals(store) -> None:
    """2025 Q3: 30 deals in USD worth 1,000 to 30,000 closed 1 to 28 Aug, half won, created 1 Jun (about 60 to
    90 days). Open since 1 Jan 2025, expected to close 31 Dec (judged on 28 Aug, the newest date: about 240
    days open, all at risk): O1 in USD (5,000: Small), O2 with no amount (Bo's), O3 and O4 in EUR, which has no
    exchange rate (Ann's)."""
    rows = [f"U{i:02d},Ann,{'Closed Won' if i % 2 else 'Closed Lost'},2025-06-01,2025-08-{1 + i % 28:02d},"
            f"{(i + 1) * 1000},USD" for i in range(30)]
    rows += ["O1,Ann,Negotiation,2025-01-01,2025-12-31,5000,USD", "O2,Bo,Negotiation,2025-01-01,2025-12-31,,USD",
             "O3,Ann,Negotiation,2025-01-01,2025-12-31,40000,EUR", "O4,Ann,Negotiation,2025-01-01,2025-12-31,50000,EUR"]
    prepared = prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "old_open_deals.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def said(at) -> str:
    """Every caption and Markdown line the page drew, as read."""
    return as_read("\n".join(e.value for kind in ("markdown", "caption") for e in at.get(kind)))


def test_the_at_risk_lists_say_which_open_deals_the_deal_size_filter_leaves_out(store) -> None:
    closed_in_dollars_and_old_open_deals(store)
    small_medium = opened("no_decision", **PERIOD, size=["Small", "Medium"])
    assert not small_medium.exception, [e.value for e in small_medium.exception]
    assert SAID in said(small_medium)
    assert said(small_medium).count("The Deal size filter keeps") == 1  # every closed deal has a size
    # Every band is no filter: nothing left out, nothing said.
    every = opened("no_decision", **PERIOD, size=["Small", "Medium", "Large"])
    assert not every.exception, [e.value for e in every.exception]
    assert "it leaves out have no deal size" not in said(every)
    # A rep's view counts their own: Bo's deal with no amount is not Ann's.
    ann = opened("reps", **PERIOD, rep="Ann", size=["Small", "Medium"])
    assert not ann.exception, [e.value for e in ann.exception]
    assert ANNS in said(ann)
    # The review of the quarter (in progress on 28 Aug: its pipeline is the deals open then) says it too.
    review = opened("review", quarter="2025 Q3", size=["Small", "Medium"])
    assert not review.exception, [e.value for e in review.exception]
    assert SAID in said(review)
