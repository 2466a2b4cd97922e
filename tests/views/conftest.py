"""The small hand-worked store the views' tests share: two reps, two quarters, every number worked out below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from winloss.deals import deals
from winloss.filters import with_size_band
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store


def _rows() -> list[str]:
    """Ann (APAC) closes 25 deals in 2026 Q2 and 5 in Q3; Bo (EMEA) 30 in each quarter.

    Ann Q2: 10 won, 10 lost, 5 no decision; Q3: 2 won, 2 lost, 1 no decision.
    Bo  Q2: 15 won, 15 lost; Q3: 20 won, 10 lost. Every deal is worth 1,000, created 30 days before.
    """
    plan = [
        ("Ann", "APAC", "2026-05-15", [("won", 10), ("lost", 10), ("nd", 5)]),
        ("Ann", "APAC", "2026-08-15", [("won", 2), ("lost", 2), ("nd", 1)]),
        ("Bo", "EMEA", "2026-05-20", [("won", 15), ("lost", 15)]),
        ("Bo", "EMEA", "2026-08-20", [("won", 20), ("lost", 10)]),
    ]
    stage = {"won": ("Closed Won", ""), "lost": ("Closed Lost", "Price"), "nd": ("Closed Lost", "No Decision")}
    rows, number = [], 0
    for rep, region, close, outcomes in plan:
        created = (dt.date.fromisoformat(close) - dt.timedelta(days=30)).isoformat()
        for outcome, count in outcomes:
            for _ in range(count):
                number += 1
                name, reason = stage[outcome]
                rows.append(f"D{number:03d},{rep},{region},{name},{reason},{created},{close},1000")
    return rows


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(Path(tmp_path_factory.mktemp("views")) / "store")
    header = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"
    content = ("\n".join([header, *_rows()]) + "\n").encode()
    prepared = prepare(content, "hand_worked.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    return store


@pytest.fixture(scope="module")
def frame(store: Store) -> pl.DataFrame:
    return with_size_band(deals(store).lazy(), None).collect()
