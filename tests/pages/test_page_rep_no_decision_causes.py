"""The Reps page's rep view: its loss-reason chart names the stage mapping that made the rep's parked deals no
decision, with the rep's own count (another rep's parked deal is not counted), where its caption credited the
no-decision vocabulary alone."""

from __future__ import annotations

import app_driver
from parked_exports import WEEK1

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

MAPPED = {"Parked": "no_decision"}
# Ann Lee's two parked deals, and one of Bo Park's.
EXPORT = WEEK1 + "P-3,Parked three,Parked,Bo Park,100,2026-09-09,true,false\n"


def test_the_rep_views_reason_caption_names_the_stage_mapping_with_the_reps_count(store: Store):
    commit(store, prepare(EXPORT.encode(), "week1.csv", stage_outcomes=MAPPED), stage_outcomes=MAPPED)
    at = app_driver.opened("reps", rep="Ann Lee", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (caption,) = [c.value for c in at.caption if "Raw loss reasons" in c.value]
    assert caption.startswith("Raw loss reasons of the rep's 2 lost and no-decision deals")
    assert caption.endswith("the colour is what the deal counts as. No decision: 2 deals by your stage mapping "
                            "(the Data page's Stage outcomes). Click a bar for its deals.")
