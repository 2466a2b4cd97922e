"""The No decision page with "Anonymise reps" on shows the loss reasons and counts it shows with names shown:
"Bianca went quiet" and "Rossi went quiet" both read "Rep 01 went quiet", one bar with both reasons' deals, and
the no-decision reason "Bianca went quiet", named on its own, counted the deals of "Rossi went quiet - budget"
(the phrase "Rep 01 went quiet" and more) in the chart's caption."""

from __future__ import annotations

import json
from collections import Counter

import app_driver
from named_texts import leaks

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

PEOPLE = ["Bianca Rossi", "Tom Ito"]
HEADER = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount,Is Closed,Is Won\n"
ROWS = (
    "D1,Bianca Rossi,Closed Lost,Bianca went quiet,2025-01-10,2025-03-01,1000,true,false\n"
    "D2,Bianca Rossi,Closed Lost,Bianca went quiet,2025-01-10,2025-03-02,1000,true,false\n"
    "D3,Tom Ito,Closed Lost,Rossi went quiet,2025-01-10,2025-03-03,1000,true,false\n"
    "D4,Tom Ito,Closed - No Decision,Rossi went quiet - budget,2025-01-10,2025-03-04,1000,true,false\n"
    "D5,Tom Ito,Closed - No Decision,Rossi went quiet - budget,2025-01-10,2025-03-05,1000,true,false\n"
    "D6,Tom Ito,Closed Lost,Price,2025-01-10,2025-03-06,1000,true,false\n"
    "D7,Tom Ito,Closed Won,,2025-01-10,2025-03-07,1000,true,true\n"
)
VOCABULARY = ["No decision", "Bianca went quiet"]


def page(**query: str) -> tuple[str, Counter, str]:
    """The loss-reason chart's caption, its bars ((what they count as, deals) -> how many bars) and all its text."""
    at = app_driver.opened("no_decision", period="custom", **{"from": "2025-01-01", "to": "2025-03-31"}, **query)
    assert not at.exception, [e.value for e in at.exception]
    (caption,) = [c.value for c in at.caption if "Raw loss reasons" in c.value]
    (spec,) = [c.proto.spec for c in at.get("plotly_chart") if "Why deals were lost" in c.proto.spec]
    bars = Counter((trace["name"], x) for trace in json.loads(spec)["data"] if trace["type"] == "bar" for x in trace["x"])
    return caption, bars, spec


def test_the_no_decision_page_counts_each_reason_apart_once_anonymised(store: Store):
    store.save_no_decision_reasons(VOCABULARY, user="tester")
    commit(store, prepare((HEADER + ROWS).encode(), "deals.csv", no_decision_reasons=VOCABULARY), user="tester")
    caption, bars, spec = page()
    assert "No decision: 2 deals by the loss reason" in caption and "2 by the stage's own words or the status" in caption
    assert sum(bars.values()) == 4  # "Bianca went quiet", "Rossi went quiet", "Rossi went quiet - budget", "Price"

    anonymised_caption, anonymised_bars, anonymised_spec = page(anon="true")
    assert leaks(anonymised_spec + anonymised_caption, PEOPLE) == []
    assert (anonymised_caption, anonymised_bars) == (caption, bars)
