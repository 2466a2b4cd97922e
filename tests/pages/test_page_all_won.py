"""A filter that keeps only won deals: the No decision page and a rep's view say in a sentence that no deal
was lost and what to do, in place of charts of losses over "The 0 reps …" and "n = 0 losses"."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount,Currency,Region"
PERIOD = {"period": "Custom range", "from": "2025-07-01", "to": "2025-09-30"}


def won_in_na_lost_in_emea(store) -> None:
    """2025 Q3: Bo wins 10 deals in NA; Ann loses 10 and 10 end in no decision in EMEA."""
    rows = [f"W{i:02d},Bo,Closed Won,2025-06-01,2025-08-{1 + i:02d},{(i + 1) * 1000},USD,NA" for i in range(10)]
    rows += [f"L{i:02d},Ann,{'Closed Lost' if i % 2 else 'Closed Lost - No Decision'},2025-06-01,2025-08-{1 + i:02d},"
             f"{(i + 1) * 1000},USD,EMEA" for i in range(20)]
    prepared = prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "won_and_lost.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def said(at) -> str:
    return as_read("\n".join(e.value for kind in ("markdown", "caption", "info") for e in at.get(kind)))


def test_only_won_deals_in_range_are_said_in_a_sentence_not_as_counts_of_zero(store) -> None:
    won_in_na_lost_in_emea(store)
    page = opened("no_decision", **PERIOD, region=["NA"])
    assert not page.exception, [e.value for e in page.exception]
    words = said(page)
    assert "No deal closed in this range was lost or ended in no decision (all 10 closed deals were won)" in words
    # Every NA deal closed in the range: no range holds more of them, so the filter alone is said (it had said
    # "Widen the range" first, views.common.nothing_shown_advice).
    assert "and no loss reason to chart. Clear a filter in the sidebar." in words
    for zero in ("The 0 reps", "0 reps in all", "n = 0", "the 0 losses", "0 lost and no-decision deals"):
        assert zero not in words, zero
    assert not [c for c in page.get("plotly_chart") if "0 reps" in c.proto.spec]
    rep = opened("reps", **PERIOD, region=["NA"], rep="Bo")
    assert not rep.exception, [e.value for e in rep.exception]
    assert "None of the rep's closed deals in this range was lost or ended in no decision" in said(rep)
    assert "0 lost and no-decision deals" not in said(rep)
    # With losses in range the charts are drawn as before.
    every = opened("no_decision", **PERIOD)
    assert not every.exception, [e.value for e in every.exception]
    # Ann's 20 losses the one share: drawn, and no ranking claimed of one rep (no_decision.reps_chart_words).
    assert "Share lost to no decision: the one rep with 20 losses or more" in "".join(c.proto.spec for c in every.get("plotly_chart"))
    assert "was lost or ended in no decision" not in said(every)
