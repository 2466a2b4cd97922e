"""The No decision page's loss-reason chart names every cause a bar is counted as no decision by: a stage
mapping made "(no reason given)" no decision while the caption credited "the no-decision vocabulary ...
editable on the Data page" alone."""

from __future__ import annotations

import app_driver
import polars as pl

from winloss.ingest.pipeline import commit, prepare
from winloss.measures.no_decision import BY_MAPPING, BY_REASON, BY_STAGE, no_decision_causes
from winloss.store.delta import Store
from winloss.text import reasons_caption

HEADER = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount,Is Closed,Is Won\n"
ROWS = (
    "D1,Ann,Parked,,2025-01-10,2025-03-01,1000,true,false\n"
    "D2,Ann,Parked,,2025-01-10,2025-03-02,1000,true,false\n"
    "D3,Ann,Closed Lost,No decision - status quo,2025-01-10,2025-03-03,1000,true,false\n"
    "D4,Ann,Closed Lost,Price,2025-01-10,2025-03-04,1000,true,false\n"
    "D5,Ann,Closed Won,,2025-01-10,2025-03-05,1000,true,true\n"
)


def test_the_causes_are_counted_by_the_rule_that_made_each_deal_no_decision():
    groups = pl.DataFrame({"stage": ["Parked", "Closed Lost", "Closed - No Decision"],
                           "loss_reason": [None, "No decision - status quo", None], "deals": [2, 1, 4]})
    assert no_decision_causes(groups, ["No decision"], {"parked": "no_decision"}) == (
        (BY_MAPPING, 2), (BY_REASON, 1), (BY_STAGE, 4))
    assert reasons_caption(96, "the", causes=((BY_MAPPING, 37), (BY_REASON, 35))) == (
        "Raw loss reasons of the 96 lost and no-decision deals; the colour is what the deal counts as. No decision: "
        "37 deals by your stage mapping (the Data page's Stage outcomes) and 35 by the loss reason (the no-decision "
        "vocabulary, on the Data page). Click a bar for its deals.")


def test_the_no_decision_pages_reason_caption_names_the_stage_mapping(store: Store):
    commit(store, prepare((HEADER + ROWS).encode(), "deals.csv", stage_outcomes={"Parked": "no_decision"}),
           stage_outcomes={"Parked": "no_decision"})
    at = app_driver.opened("no_decision", period="custom", **{"from": "2025-01-01", "to": "2025-03-31"})
    assert not at.exception, [e.value for e in at.exception]
    (caption,) = [c.value for c in at.caption if "Raw loss reasons" in c.value]
    assert caption.endswith("No decision: 2 deals by your stage mapping (the Data page's Stage outcomes) and 1 by the loss "
                            "reason (the no-decision vocabulary, on the Data page). Click a bar for its deals.")
