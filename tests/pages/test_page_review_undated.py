"""The review page through AppTest with an export that has no created-date column beside one that has:
the past quarter's at-risk pipeline does not count the undated open deals and its caption says so, and
the Overview says which dates the data's day is read from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.deals import AS_OF_RULE
from winloss.ingest.pipeline import commit, prepare
from winloss.measures.at_risk import undated_note
from winloss.store.delta import Store

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
NEWEST_CLOSE = dt.date(2026, 11, 3)  # the newest closed deal's close date: the data's day
LATEST_EXPECTED = dt.date(2026, 11, 22)  # an open deal's expected close date, later: not the data's day


@pytest.fixture
def two_exports(store: Store) -> Store:
    """A CSV with created dates: 30 deals closed in 2026 Q3 (20 won), 5 open deals created in January
    expected to close by 22 Nov, 1 won on 3 Nov; then a CSV with no created-date column: 4 open deals."""
    dated = ["Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"]
    dated += [f"C{i},Ann,EMEA,{'Closed Won' if i < 20 else 'Closed Lost'},{'' if i < 20 else 'Price'},2026-06-01,"
              f"2026-08-{10 + i % 15},1000" for i in range(30)]
    dated += [f"O{i},Bob,EMEA,Negotiation,,2026-01-1{i},{LATEST_EXPECTED - dt.timedelta(days=i)},500" for i in range(5)]
    dated.append(f"W0,Ann,EMEA,Closed Won,,2026-10-01,{NEWEST_CLOSE},700")
    undated = ["Opportunity ID,Owner,Region,Stage,Close Date,Amount"]
    undated += [f"U{i},Cat,EMEA,Proposal,2026-11-1{i},800" for i in range(4)]
    for name, lines in (("dated.csv", dated), ("no-created.csv", undated)):
        commit(store, prepare(("\n".join(lines) + "\n").encode(), name))
    return store


def captions(at: AppTest) -> str:
    """Every caption on the page as a reader reads it, one a line."""
    return "\n".join(as_read(c.value) for c in at.caption)


def page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page(path).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_review_caption_leaves_out_open_deals_with_no_created_date_and_says_so(two_exports):
    """Before: "created by 30 Sep 2026 and not closed by then (n = 9)", the 4 undated deals "On track"."""
    shown = captions(page("app_pages/review.py"))
    assert "Deals open at the end of 2026 Q3: created by 30 Sep 2026 and not closed by then (n = 5)" in shown
    note = undated_note(4, dt.date(2026, 9, 30), NEWEST_CLOSE, past_day=True)
    assert note.startswith("4 deals have no created date, so whether they were open on 30 Sep 2026 is not known")
    assert note in shown


def test_the_overview_says_the_data_day_is_the_newest_created_or_closed_deals_close_date(two_exports):
    shown = captions(page("app_pages/overview.py"))
    assert f"Open deals are judged as of 3 Nov 2026: {AS_OF_RULE}." in shown  # not the 22 Nov expected close
    assert "the newest created date or closed deal's close date in the data" in AS_OF_RULE
