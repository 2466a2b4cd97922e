"""A quarter the close-date range cuts short, through AppTest: the Overview and the No decision page
compare the same two windows of the same deals (periods.comparison_windows: the quarter before counted
by its own days, never by what of it the range holds), and a quarter the range's end cuts, over in the data, is named for that end ("2025 Q3 to 1 Jul"),
not "to date", on the tiles and the charts' axes.

The export is made here with fixed days: the data describes 4 Dec 2025 (its newest close), so every
range below ends in a quarter over in the data."""

from __future__ import annotations

from pathlib import Path

import app_driver
import pytest
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store


# North America: one deal lost on 1 Jan (2025 Q1's first day), one won on 31 Mar, three closed on 1 Apr
# (2025 Q2's first day: won, lost, no decision), one lost on 1 Jul (2025 Q3's first day). EMEA: a deal
# lost on 1 Jan, twenty won on 15 Feb, one won on 4 Dec (the data's day). APAC: twenty won on 1 Jul.
ROWS = [
    ("N1", "North America", "Closed Lost", "Price", "2024-12-01", "2025-01-01"),
    ("N2", "North America", "Closed Won", "", "2025-02-01", "2025-03-31"),
    ("N3", "North America", "Closed Won", "", "2025-02-01", "2025-04-01"),
    ("N4", "North America", "Closed Lost", "Price", "2025-02-01", "2025-04-01"),
    ("N5", "North America", "Closed Lost", "No decision", "2025-02-01", "2025-04-01"),
    ("N6", "North America", "Closed Lost", "Price", "2025-05-01", "2025-07-01"),
    ("E0", "EMEA", "Closed Lost", "Price", "2024-12-01", "2025-01-01"),
    *[(f"E{i}", "EMEA", "Closed Won", "", "2025-01-10", "2025-02-15") for i in range(1, 21)],
    ("E21", "EMEA", "Closed Won", "", "2025-10-01", "2025-12-04"),
    # Twenty won on 1 Jul in APAC: the one-day range of 1 Jul has a rate, so its trend is drawn (a trend whose
    # every rate is withheld gives way to a sentence).
    *[(f"A{i}", "APAC", "Closed Won", "", "2025-05-01", "2025-07-01") for i in range(1, 21)],
]


@pytest.fixture
def cut(store: Store) -> Store:
    header = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"
    rows = [f"{opp},Ann,{region},{stage},{reason},{created},{close},1000" for opp, region, stage, reason, created, close in ROWS]
    commit(store, prepare(("\n".join([header, *rows]) + "\n").encode(), "cut.csv"))
    return store


def page(path: str, **query: str) -> AppTest:
    """`path` (an app_pages/ file) opened with `query` in the URL, as a shared link opens it (app_driver)."""
    at = app_driver.opened(Path(path).stem, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def withheld(at: AppTest) -> list[str]:
    """What the tiles say in place of a change they withhold: "2025 Q2 to 1 Apr vs Q1 to 1 Jan: … n too
    small (3 and 1 closed deals)"."""
    return [e.value for kind in ("caption", "markdown") for e in at.get(kind) if " vs " in e.value and ": " in e.value
            and "\n" not in e.value]


def words(at: AppTest) -> str:
    """The page's words: its captions, Markdown and notes, without its style sheets."""
    return "\n".join(e.value for kind in ("caption", "markdown", "info") for e in at.get(kind)
                     if not e.value.lstrip().startswith("<style"))


def axes(at: AppTest) -> str:
    return "".join(str(c.proto.spec) for c in at.get("plotly_chart"))


RANGE = {"period": "Custom range", "from": "2025-03-31", "to": "2025-04-01"}


@pytest.mark.parametrize(("query", "closed", "losses"), [
    # North America: 3 closed on 1 Apr (2 of them losses) against N1, lost on 1 Jan.
    ({**RANGE, "region": "North America"}, (3, 1), (2, 1)),
    # No filter, the range given back to front: the same days, and E0 lost on 1 Jan too.
    ({**RANGE, "from": "2025-04-01", "to": "2025-03-31"}, (3, 2), (2, 2)),
], ids=["one region", "reversed range"])
def test_the_overview_and_the_no_decision_page_compare_the_same_windows(cut, query, closed, losses):
    """The range starts on 31 Mar: the No decision page counted "Q1 to the same day" (1 Jan) from the
    range's first day, so none of its deals, where the Overview counted Q1's from 1 Jan. Each page's rates
    on the closed deals (the win rate; no decision ÷ closed) and on the losses withhold their changes on the
    same n of both windows; the Overview's count of closed deals, exact, shows its change on them."""
    overview, no_decision = (page(path, **query) for path in ("app_pages/overview.py", "app_pages/no_decision.py"))
    compared = "2025 Q2 to 1 Apr vs Q1 to 1 Jan: Q2 to 1 Apr and Q1 to 1 Jan n too small"
    for at, rate_noun in ((overview, "deals"), (no_decision, "closed deals")):
        said = withheld(at)
        assert f"{compared} ({closed[0]} and {closed[1]} {rate_noun})" in said, said
        assert f"{compared} ({losses[0]} and {losses[1]} losses)" in said, said
        assert not [s for s in said if "no closed deals in Q1" in s or "no losses in Q1" in s], said
    (count,) = [m for m in overview.metric if m.label == "Closed deals in range"]
    assert count.proto.delta == f"+{closed[0] - closed[1]}"


@pytest.mark.parametrize("path", ["app_pages/overview.py", "app_pages/no_decision.py"])
def test_a_quarter_the_range_ends_is_named_for_its_end_not_to_date(cut, path):
    """One day, 1 Jul 2025, of data running to 4 Dec 2025: 2025 Q3 is over in the data, so not "to date"."""
    at = page(path, period="Custom range", **{"from": "2025-07-01", "to": "2025-07-01"})
    said = withheld(at)
    assert said and all(s.startswith("2025 Q3 to 1 Jul vs Q2 to 1 Apr: ") for s in said), said
    assert "2025 Q3 to 1 Jul" in axes(at)  # the chart's point, its hover and the click's name
    shown = words(at) + axes(at)
    assert "2025 Q3 to date" not in shown and "to the same day" not in shown


def test_a_reps_trend_names_the_quarter_the_range_ends_for_its_end(cut):
    at = page("app_pages/reps.py", period="Custom range", rep="Ann", **{"from": "2025-06-01", "to": "2025-07-01"})
    assert "2025 Q3 to 1 Jul" in axes(at)
    assert "2025 Q3 to date" not in axes(at)
