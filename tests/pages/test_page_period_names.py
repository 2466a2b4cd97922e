"""Every period a page shows is named by the days it counts (periods.quarter_name, comparison_windows),
through AppTest: a quarter the close-date range's start cuts reads "2026 Q3 from 15 Aug" on the Overview's
tiles, sentences and trend, and is compared with the same days of the quarter before; a compared quarter
before the range with nothing in it says it has no deals (its deals are counted all the same); the Quarterly review as of
an earlier day names its quarter for that day, not "to date".

The export is made here with fixed days, the data running to 1 Dec 2026: every 2026 Q3 range is over."""

from __future__ import annotations

from pathlib import Path

import app_driver
import pytest
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

HEADER = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"


def deals(prefix: str, close: str, won: int, lost: int) -> list[str]:
    return [f"{prefix}{i},Ann,EMEA,{'Closed Won' if i < won else 'Closed Lost'},{'' if i < won else 'Price'},"
            f"2026-01-02,{close},1000" for i in range(won + lost)]


# Q2: 10 lost on 5 Apr (before 16 May, the day 15 Aug falls on in Q2), 20 won and 10 lost on 20 May.
# Q3: 10 won on 10 Jul (before 15 Aug), 25 won and 5 lost on 20 Aug; one lost on 1 Jul (Q3's first day).
# A deal won on 1 Dec 2026 is the data's day.
ROWS = [*deals("A", "2026-04-05", 0, 10), *deals("B", "2026-05-20", 20, 10), *deals("C", "2026-07-10", 10, 0),
        *deals("D", "2026-08-20", 25, 5), *deals("E", "2026-07-01", 0, 1), *deals("F", "2026-12-01", 1, 0)]


@pytest.fixture
def cut(store: Store) -> Store:
    commit(store, prepare(("\n".join([HEADER, *ROWS]) + "\n").encode(), "cut.csv"))
    return store


def page(path: str, **query: str) -> AppTest:
    at = app_driver.opened(Path(path).stem, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def words(at: AppTest) -> str:
    """The page's words: its captions, Markdown, notes and titles, without its style sheets, and what each
    tile's change compares (its delta's description)."""
    said = [e.value for kind in ("caption", "markdown", "info", "title") for e in at.get(kind)
            if not e.value.lstrip().startswith("<style")]
    return "\n".join([*said, *(m.proto.delta_description for m in at.metric)])


def axes(at: AppTest) -> str:
    return "".join(str(c.proto.spec) for c in at.get("plotly_chart"))


def test_the_overview_names_a_quarter_its_range_starts_in_from_that_day_and_compares_the_same_days(cut):
    """15 Aug - 30 Sep 2026 counts 31 deals of Q3 (D, and none of C's 10 July wins): the page named
    them "2026 Q3", and compared all of Q3 (41 deals) with all of Q2 (40)."""
    at = page("app_pages/overview.py", period="Custom range", **{"from": "2026-08-15", "to": "2026-09-30"})
    shown = words(at)
    # The change: Q3's 30 deals from 15 Aug against Q2's 30 from 16 May, win rates 83% and 67% (it was
    # all of Q3, 88%, against all of Q2, 50%: +38 pts).
    assert "2026 Q3 from 15 Aug vs Q2 from 16 May" in shown, shown
    assert "+16 pts" in [m.proto.delta for m in at.metric]
    # The Definitions say which two windows the arrows compare.
    assert "2026 Q3 from 15 Aug, the last quarter in range with closed deals, against 2026 Q2 from 16 May" in shown
    # The trend's point, its hover and the click's name.
    assert "2026 Q3 from 15 Aug" in axes(at)
    assert "2026 Q3 vs Q2" not in shown


def test_the_overview_names_a_quarter_cut_at_both_ends_by_its_days(cut):
    at = page("app_pages/overview.py", period="Custom range", **{"from": "2026-08-15", "to": "2026-09-20"})
    assert "15 Aug to 20 Sep 2026 vs 16 May to 21 Jun 2026" in words(at)
    assert "15 Aug to 20 Sep 2026" in axes(at)


def test_a_compared_quarter_before_the_range_with_no_deal_says_it_has_none(cut):
    """1 Jul alone: Q3 to 1 Jul (E0) against Q2 to 1 Apr, in which nothing closed. The range does not reach
    Q2 to 1 Apr, but a change counts its deals all the same, so it has none: the tiles had said it "lies
    before the selected range (move the range's start to 1 Apr 2026 …)", where a range would show none."""
    at = page("app_pages/overview.py", period="Custom range", **{"from": "2026-07-01", "to": "2026-07-01"})
    shown = words(at)
    # The win rate's change, on 1 deal, withheld as a rate's is; the count of closed deals, exact, has no
    # Q2 deal to compare with.
    assert "2026 Q3 to 1 Jul vs Q2 to 1 Apr: no deals in Q2 to 1 Apr; Q3 to 1 Jul n too small (1 deal)" in shown, shown
    assert "\n2026 Q3 to 1 Jul vs Q2 to 1 Apr: no closed deals in Q2 to 1 Apr\n" in shown, shown
    assert "lies before" not in shown


def test_the_review_as_of_an_earlier_day_names_the_quarter_for_that_day(cut):
    """As of 14 Aug, the data running to 1 Dec: the title read "2026 Q3 to date"."""
    at = page("app_pages/review.py", quarter="2026 Q3", as_of="2026-08-14")
    assert at.title[0].value == "Quarterly review · 2026 Q3 to 14 Aug"
    shown = words(at)
    assert "2026 Q3 to 14 Aug against 2026 Q2 to 15 May and 2025 Q3 to 14 Aug" in shown, shown
    assert "2026 Q3 to date" not in shown + axes(at)
    assert "2026 Q3 to 14 Aug" in axes(at)  # the no-decision trend's latest quarter


@pytest.mark.parametrize("path", ["app_pages/overview.py", "app_pages/no_decision.py"])
def test_a_compared_quarter_the_ranges_start_falls_in_says_it_reaches_before_the_range(cut, path):
    """15 Aug - 5 Dec: Q4 to date (F0, 1 Dec) against Q3's first 62 days, 1 Jul - 31 Aug, which count C's
    10 wins of 10 July and E0 of 1 July, before the range. The tiles named it "Q3 to the same day" and the
    trend below named the range's own Q3 deals (D, from 15 Aug) "2026 Q3 from 15 Aug": two sets of Q3."""
    at = page(path, period="Custom range", **{"from": "2026-08-15", "to": "2026-12-05"})
    shown = words(at)
    assert "2026 Q4 to date vs Q3 to the same day (partly before the range)" in shown, shown
    assert "vs Q3 to the same day:" not in shown and "vs Q3 to the same day\n" not in shown
    assert "2026 Q3 from 15 Aug" in axes(at)

