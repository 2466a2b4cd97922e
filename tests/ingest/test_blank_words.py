"""A word for no value ("N/A", "none", "(blank)") in an optional text column is read as blank, as a dash is.

"N/A" in Loss Reason was stored as a loss reason (the command line's `report --by loss_reason` had a row
"N/A lost 2"), "n/a" beside it was folded into it as another spelling, and a won deal's "N/A" made it change
"only in its loss reason"; "N/A" in Amount was quarantined all the while. The dash rule now reads such a word in
a loss reason, competitor, segment, region, product, account or deal name (a roster's team, manager, region,
email or coach) as blank, and the file report says which columns, how many cells and which words, once; a word
that is part of a value, and "NA" in a region (North America), stay values. CSV and workbook, whole and in batches.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.io.test_rows_out_of_sight import workbook
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store

FIXTURE = Path(__file__).parent.parent / "fixtures" / "outcomes" / "no_value_words.csv"
NOTE = (
    "Cells holding a word for no value are read as blank, as an empty cell is: 6 in 'Loss Reason' ('N/A', 'n/a'), "
    "4 in 'Competitor' ('NULL', 'TBD', 'none', 'unknown'), 3 in 'Segment' ('(blank)', '--', 'n/a'), "
    "1 in 'Account Name' ('N/A')."
)


def _as_workbook() -> bytes:
    rows = [line.split(",") for line in FIXTURE.read_text().splitlines()]
    return workbook({"Deals": [[int(c) if c.isdigit() else c for c in row] for row in rows]})


def _prepared(how: str, tmp_path: Path):
    if how == "workbook":
        return prepare(_as_workbook(), "no_value_words.xlsx")
    if how == "batches":
        return prepare_path(FIXTURE, batch_rows=2)
    return prepare(FIXTURE.read_bytes(), FIXTURE.name)


@pytest.mark.parametrize("how", ["whole", "batches", "workbook"])
def test_words_for_no_value_in_text_columns_are_read_as_blank_and_said_once(how, tmp_path):
    with _prepared(how, tmp_path) as prepared:
        assert [n for n in prepared.notes if "word for no value" in n] == [NOTE]
        # W-2 twice (with other amounts) and W-5 (an amount of 'N/A') are quarantined; the rest stored.
        assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (8, 5, 3)
        reasons = prepared.loss_reason_counts().get_column("loss_reason").to_list()
        assert reasons == ["None of the above", "Price"]
        # The quarantine file writes each cell as the file wrote it.
        row = prepared.quarantine.filter(pl.col("line") == 6).row(0, named=True)
        assert (row["Amount"], row["Loss Reason"], row["Competitor"]) == ("N/A", "N/A", "-")
        assert "Amount 'N/A' marks no amount" in row["reason"]
        store = Store(tmp_path / "store")
        assert commit(store, prepared).change is not None
    deals = {d["opportunity_id"]: d for d in store.opportunities().collect().iter_rows(named=True)}
    assert sorted(deals) == ["W-1", "W-3", "W-4", "W-6", "W-7"]
    assert deals["W-1"]["loss_reason"] is None and deals["W-1"]["competitor"] is None and deals["W-1"]["segment"] is None
    assert deals["W-1"]["region"] == "NA"  # North America
    assert deals["W-4"]["loss_reason"] == "None of the above"
    assert deals["W-6"]["account"] is None and deals["W-6"]["competitor"] is None


def test_a_won_deal_with_na_for_its_loss_reason_does_not_change(tmp_path):
    header = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason\n"
    store = Store(tmp_path / "store")
    assert commit(store, prepare((header + "X-1,Ann Lee,Closed Won,100,2026-03-01,\n").encode(), "week1.csv")).change is not None
    again = prepare((header + "X-1,Ann Lee,Closed Won,100,2026-03-01,N/A\n").encode(), "week2.csv")
    change = commit(store, again).change
    assert change is not None and (change.inserted, change.updated, change.unchanged) == (0, 0, 1)


def test_a_region_or_team_of_na_is_north_america_and_a_roster_reads_its_words_as_blank():
    roster = prepare(b"Rep,Team,Manager,Region,Seller Profile\nAnn Lee,NA,N/A,NA,Challenger\nBo Chan,none,Kim Park,EMEA,\n",
                     "roster.csv")
    rows = {r["rep"]: r for r in roster.accepted.iter_rows(named=True)}
    assert (rows["Ann Lee"]["team"], rows["Ann Lee"]["manager"], rows["Ann Lee"]["region"]) == ("NA", None, "NA")
    assert rows["Bo Chan"]["team"] is None
    assert [n for n in roster.notes if "word for no value" in n] == [
        "Cells holding a word for no value are read as blank, as an empty cell is: 1 in 'Manager' ('N/A'), "
        "1 in 'Team' ('none')."
    ]
