"""A workbook's other sheet is another table: once one sheet is stored, the same workbook with another
sheet chosen stores that sheet's deals. It had been skipped as "already ingested", the same bytes, so
the report's advice to upload the other sheets with the same header could not be followed."""

from __future__ import annotations

import polars as pl

from tests.io.test_rows_out_of_sight import deals, workbook
from winloss.ingest.pipeline import commit as commit_file
from winloss.ingest.pipeline import prepare
from winloss.store.delta import Store

QUARTERS = workbook({"Q1": deals(1, 3), "Q2": deals(10, 4)})


def test_each_sheet_of_one_workbook_is_stored_and_the_same_sheet_again_is_not(tmp_path):
    store = Store(tmp_path / "store")
    assert commit_file(store, prepare(QUARTERS, "deals.xlsx")).change is not None
    second = commit_file(store, prepare(QUARTERS, "deals.xlsx", sheet="Q2"))
    assert second.already is None and second.change is not None and second.change.inserted == 4
    ids = store.opportunities().collect().get_column("opportunity_id").sort().to_list()
    assert ids == sorted([f"OPP-{i}" for i in (1, 2, 3, 10, 11, 12, 13)])
    again = commit_file(store, prepare(QUARTERS, "deals.xlsx", sheet="Q1"))
    assert again.already is not None and again.change is None
    assert store.manifest().filter(pl.col("action") == "ingest").get_column("sheet").to_list() == ["Q1", "Q2"]
