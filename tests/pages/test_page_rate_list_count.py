"""A rep's deal list, opened from a win rate's bar that leaves no decision out, says its no-decision
deals are not in the rate's n (winloss.views.deal_lists.count_sentence)."""

from __future__ import annotations

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Loss Reason,Amount,Close Date"
ROWS = (
    "D1,Yusuf Yilmaz,Acct 1,Closed Won,,1000,2026-07-10",
    "D2,Yusuf Yilmaz,Acct 2,Closed Lost,Price,1000,2026-07-20",
    "D3,Yusuf Yilmaz,Acct 3,Closed Lost,No Decision,1000,2026-08-16",
)


def test_a_reps_list_says_its_no_decision_deals_are_left_out_of_the_win_rate(store) -> None:
    commit(store, prepare(("\n".join([HEADER, *ROWS]) + "\n").encode(), "sf.csv"))
    at = opened("reps", rep="Yusuf Yilmaz", period="All time", rate="Excluding no decision")
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(c.value for c in at.caption)
    assert ("3 deals: the 2 in the win rate (won or lost) and 1 no decision, which this win rate leaves out." in said), said
    every = opened("reps", rep="Yusuf Yilmaz", period="All time")
    assert "3 deals." in " ".join(c.value for c in every.caption)
