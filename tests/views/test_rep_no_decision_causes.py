"""A rep's loss-reason chart names every cause the rep's no-decision bars are counted by, with the rep's own
counts, by the No decision page's rule (measures.no_decision.no_decision_causes): a stage mapping made the
rep's "(no reason given)" deals no decision while the caption credited the no-decision vocabulary alone."""

from __future__ import annotations

import datetime as dt

from winloss.deals import deals
from winloss.filters import Filters, applied
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views import no_decision, reps

HEADER = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount,Is Closed,Is Won\n"
# Ann: 2 parked (no decision by the mapping), 1 by her reason, 1 lost, 1 won; Bo: 1 parked, 2 by reason.
ROWS = (
    "A1,Ann,Parked,,2025-01-10,2025-03-01,1000,true,false\n"
    "A2,Ann,Parked,,2025-01-10,2025-03-02,1000,true,false\n"
    "A3,Ann,Closed Lost,No decision - status quo,2025-01-10,2025-03-03,1000,true,false\n"
    "A4,Ann,Closed Lost,Price,2025-01-10,2025-03-04,1000,true,false\n"
    "A5,Ann,Closed Won,,2025-01-10,2025-03-05,1000,true,true\n"
    "B1,Bo,Parked,,2025-01-10,2025-03-06,1000,true,false\n"
    "B2,Bo,Closed Lost,No decision,2025-01-10,2025-03-07,1000,true,false\n"
    "B3,Bo,Closed Lost,No decision - budget frozen,2025-01-10,2025-03-08,1000,true,false\n"
)
START, END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
RANGE = Filters(preset="custom", start=START, end=END)
MAPPED = {"Parked": "no_decision"}


def test_a_reps_reason_caption_names_each_cause_with_the_reps_own_counts(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare((HEADER + ROWS).encode(), "deals.csv", stage_outcomes=MAPPED), stage_outcomes=MAPPED)
    frame = applied(deals(store).lazy(), RANGE)
    vocabulary, stage_outcomes = store.no_decision_reasons(), store.stage_outcomes()
    ann = reps.rep(frame, "Ann", RANGE, START, END, as_of=END, vocabulary=vocabulary, stage_outcomes=stage_outcomes)
    assert ann is not None
    assert reps.rep_captions(ann, RANGE).reasons == (
        "Raw loss reasons of the rep's 4 lost and no-decision deals: counts, no shares, fewer than 20 (n too small); "
        "the colour is what the deal counts as. No decision: 2 deals by your stage mapping (the Data page's Stage "
        "outcomes) and 1 by the loss reason (the no-decision vocabulary, on the Data page). Click a bar for its deals.")
    bo = reps.rep(frame, "Bo", RANGE, START, END, as_of=END, vocabulary=vocabulary, stage_outcomes=stage_outcomes)
    assert bo is not None and bo.no_decision_causes == (("stage mapping", 1), ("loss reason", 2))
    # The No decision page's chart shows every rep's deals: its caption counts them all, by the same rule.
    every = no_decision.no_decision(frame, RANGE, START, END, as_of=END, vocabulary=vocabulary, stage_outcomes=stage_outcomes)
    assert every.no_decision_causes == (("stage mapping", 3), ("loss reason", 3))
