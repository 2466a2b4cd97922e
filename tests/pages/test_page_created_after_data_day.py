"""An export with open deals created after the day it is uploaded, through AppTest: the Data page's file
report names them and its Roster tab counts the rep's stored deals; the rep's view counts, lists and
exports the same deals, and the leaderboard the same closed ones. Before, the report said nothing, the
Roster tab counted 7 deals for the rep while the rep's view said "1 deal open now" and listed 5, and
the deal created tomorrow was in no list and no CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from app_driver import opened
from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.text import day

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
LATER = TODAY + dt.timedelta(days=19)
EXPECTED = TODAY + dt.timedelta(days=60)
HEADER = "Opportunity ID,Opportunity Owner,Stage,Loss Reason,Amount,Created Date,Close Date"
# Ann: 4 closed (3 won, 1 lost) and 3 open, one created ten days ago, one tomorrow, one in 19 days.
ROWS = [
    *(f"W{i},Ann Lee,Closed Won,,1000,{TODAY - dt.timedelta(days=60)},{TODAY - dt.timedelta(days=5 + i)}" for i in range(3)),
    f"L1,Ann Lee,Closed Lost,Price,1000,{TODAY - dt.timedelta(days=60)},{TODAY - dt.timedelta(days=4)}",
    f"O1,Ann Lee,Negotiation,,2000,{TODAY - dt.timedelta(days=10)},{EXPECTED}",
    f"A1,Ann Lee,Proposal,,3000,{TOMORROW},{EXPECTED}",
    f"A2,Ann Lee,Proposal,,4000,{LATER},{EXPECTED}",
]
CONTENT = ("\n".join([HEADER, *ROWS]) + "\n").encode()


def texts(elements) -> str:
    return as_read("\n".join(e.value for e in elements))


@pytest.fixture
def uploaded(store) -> AppTest:
    """The export uploaded and committed on the Data page: the page as it stands after the commit."""
    from tests.pages.test_page_data import commit, data_page, upload

    at = upload(data_page(), ("ahead.csv", CONTENT))
    said = texts(at.info)
    assert (f"2 open deals were created after today ({day(TODAY)}), such as A1 (line 7, its created date read as "
            f"{day(TOMORROW)}) and A2: they are counted and listed as open now, as every open deal is, on every "
            "page; a range or review that ends before today leaves them out, as not created yet then.") in said
    return commit(at, CONTENT)


def test_the_file_report_roster_rep_view_deal_list_csv_and_leaderboard_agree(uploaded, made_on_click) -> None:
    roster = uploaded.data_editor(key="roster_editor_1").value
    stored = dict(zip(roster["rep"], roster["deals"], strict=True))
    assert stored == {"Ann Lee": 7}

    at = opened("reps", rep="Ann Lee", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    assert "3 deals open now;" in texts(at.caption)  # before: "1 deal open now"
    (grid,) = [f for f in at.dataframe if "opportunity_id" in f.value.columns and "outcome" in f.value.columns
               and "reason" not in f.value.columns]
    assert sorted(grid.value["opportunity_id"]) == ["A1", "A2", "L1", "O1", "W0", "W1", "W2"]  # before: no A1, A2
    (button,) = [b for b in at.get("download_button") if b.proto.label == "Deals (CSV)"]
    rows = list(csv.DictReader(io.StringIO(made_on_click[button.proto.deferred_file_id].decode("utf-8-sig"))))
    assert sorted(r["opportunity_id"] for r in rows) == sorted(grid.value["opportunity_id"])
    assert len(rows) == stored["Ann Lee"]

    board = opened("reps", period="All time")
    assert not board.exception, [e.value for e in board.exception]
    # Its n: the closed deals, the win rate dividing by all of them (its Closed column is then not shown).
    (table,) = [f for f in board.dataframe if "n" in f.value.columns and "rep" in f.value.columns]
    closed = dict(zip(table.value["rep"], table.value["n"], strict=True))
    assert closed == {"Ann Lee": 4} and closed["Ann Lee"] + 3 == stored["Ann Lee"]
