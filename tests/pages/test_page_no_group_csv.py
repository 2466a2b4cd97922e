"""A chart's CSV names a group of deals without a value as the chart does ("No region"), not an empty cell."""

from __future__ import annotations

import csv
import io

import pytest
from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Owner,Account Name,Stage,Loss Reason,Region,Amount,Created Date,Close Date"


@pytest.fixture
def regions_missing(store):
    # Lost and no-decision deals in EMEA, in APAC and with no region at all.
    rows = [f"D{i:02d},Ann Archer,Acct {i},Closed Lost,{'No Decision' if i % 2 else 'Price'},{region},"
            f"{1000 + i},2026-01-05,2026-08-{1 + i:02d}"
            for i, region in enumerate(["EMEA"] * 6 + ["APAC"] * 6 + [""] * 6)]
    for content, name in (("\n".join([HEADER, *rows]) + "\n", "deals.csv"), ("Rep,Seller Profile\nAnn Archer,Challenger\n",
                                                                              "roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None, name
        commit(store, prepared)
    return store


def test_the_region_charts_csv_names_the_deals_without_a_region_as_its_bar_does(regions_missing, deferred) -> None:
    # 6 losses a region: every share withheld, the chart drawn with Show the charts anyway on (a sentence otherwise).
    at = opened("no_decision", period="All time", show_anyway="true")
    assert not at.exception, [e.value for e in at.exception]
    (data,) = [make() for name, make in deferred.items() if name.startswith("no-decision-losses-by-region_")]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["region"] for r in rows] == ["APAC", "EMEA", "No region"]
    assert [r["lost"] for r in rows] == ["3", "3", "3"]
