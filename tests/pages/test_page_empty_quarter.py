"""A quarter of the range no deal closed in, through AppTest and the review's files: deals closed in 2025 Q4,
2026 Q2 and Q3, none in 2026 Q1. The No decision page's trend, the Overview's trend and its tiles' lines, the
Quarterly review's no-decision trend, its HTML report and its deck drew "2025 Q4 · 2026 Q2 · 2026 Q3" evenly
spaced, the line straight from Q4 to Q2, and (but for the Overview's caption) said nothing of Q1. Every one now
has Q1 on its axis, in its place, with no rate (a gap) and 0 deals, and says why under the chart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import app_driver
import pytest
from pptx import Presentation
from rendered import deck_text
from streamlit.testing.v1 import AppTest

from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.review import review_from_store

SAID = "No deal closed in 2026 Q1: its rates are blank."
RANGE = {"period": "custom", "from": "2025-10-01", "to": "2026-09-30"}


def _quarter_rows(prefix: str, created: str, closed: str) -> list[str]:
    """24 deals closed on `closed`: 10 won, 8 lost, 6 no decision (enough of each for every rate)."""
    stages = ["Closed Won"] * 10 + ["Closed Lost"] * 14
    reasons = [""] * 10 + ["Price"] * 8 + ["No decision"] * 6
    return [f"{prefix}{i},Ann,EMEA,{stage},{reason},{created},{closed},{1000 + 10 * i}"
            for i, (stage, reason) in enumerate(zip(stages, reasons, strict=True))]


@pytest.fixture
def gap(store: Store) -> Store:
    header = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"
    rows = [*_quarter_rows("D", "2025-09-01", "2025-11-14"), *_quarter_rows("F", "2026-03-01", "2026-05-14"),
            *_quarter_rows("H", "2026-06-01", "2026-08-14")]
    commit(store, prepare(("\n".join([header, *rows]) + "\n").encode(), "gap.csv"))
    return store


def page(path: str, **query: str) -> AppTest:
    at = app_driver.opened(Path(path).stem, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titled(at: AppTest, title: str) -> dict:
    (spec,) = [s for s in specs(at) if s["layout"].get("title", {}).get("text", "").startswith(title)]
    return spec


def quarters(ticks: list[str]) -> list[str]:
    """A trend's ticks ("2026 Q1<br>n = 0", "Q1<br>2026") as the quarters they name, "2026 Q1"."""
    named = []
    for tick in ticks:
        lines = tick.split("<br>")
        named.append(lines[0] if " " in lines[0] else f"{lines[1]} {lines[0]}")
    return named


def csv_rows(deferred: dict, starts: str) -> list[dict[str, str]]:
    """The rows of the chart CSV whose file name starts with `starts`, made as a click makes it."""
    (make,) = [make for name, make in deferred.items() if name.startswith(starts)]
    return list(csv.DictReader(io.StringIO(make().decode("utf-8-sig"))))


def empty_row(rows: list[dict[str, str]]) -> dict[str, str]:
    """The CSV's row of 2026 Q1 (its quarters named as files name them, "2026-Q1")."""
    assert [r["quarter"] for r in rows] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    return rows[1]


def words(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("caption", "markdown", "info") for e in at.get(kind))


def test_the_no_decision_pages_trend_has_the_quarter_no_deal_closed_in(gap, deferred) -> None:
    at = page("no_decision", **RANGE)
    spec = titled(at, "Closed deals by outcome")
    share = next(t for t in spec["data"] if t.get("name") == "No decision ÷ closed")
    assert quarters(share["x"]) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert share["y"][1] is None and None not in (share["y"][0], share["y"][2])  # a gap, not 0%
    bars = [t for t in spec["data"] if t.get("type") == "bar"]
    assert [t["y"][1] for t in bars] == [0, 0, 0]
    assert SAID in words(at)
    # Its three parts of 0 are on the axis but not in the list beside the chart: choosing one opened no deal.
    (chooser,) = [s for s in at.selectbox if s.key and s.key.startswith("nd-trend-") and s.key.endswith("-choose")]
    assert chooser.options and not [o for o in chooser.options if o.startswith("2026 Q1")]
    q1 = empty_row(csv_rows(deferred, "closed-deals-by-outcome"))  # its row in the chart's CSV: 0 deals, no share
    assert (q1["closed"], q1["won"], q1["no_decision"], q1["no_decision_share_of_closed"]) == ("0", "0", "0", "")


def test_the_overviews_trend_and_tiles_lines_have_the_quarter_no_deal_closed_in(gap, deferred) -> None:
    at = page("overview", **RANGE)
    spec = titled(at, "Win rate and")
    line = next(t for t in spec["data"] if t.get("name") == "Win rate")
    assert quarters(line["x"]) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert line["y"][1] is None and None not in (line["y"][0], line["y"][2])
    # The closed deals' and won value's sparklines fall to 0 in Q1: a drop to nothing is a value. Q3, to 14 Aug, is
    # a gap on them: part of a quarter's count beside whole quarters' (views.common.whole_quarter_trend).
    lines = [t["y"] for s in specs(at) for t in s["data"] if t.get("mode", "").startswith("lines") and "x" in t
             and t["x"] == [0, 1, 2, 3]]
    assert [24.0, 0.0, 24.0, None] in lines
    assert any(len(y) == 4 and y[1] == 0.0 and y[0] > 0 and y[3] is None and y != [24.0, 0.0, 24.0, None] for y in lines)
    assert SAID in words(at)
    q1 = empty_row(csv_rows(deferred, "win-rate-and-no-decision"))  # its row in the chart's CSV: 0 deals, no rate
    assert (q1["closed"], q1["n"], q1["win_rate"]) == ("0", "0", "")


def test_a_reps_trend_has_the_quarter_the_rep_closed_no_deal_in(gap, deferred) -> None:
    """Ann's own trend ran from 2025 Q4 straight to 2026 Q2, Q1 off its axis and its CSV, "left out of the
    rep's line" under it; her deal list's Quarter choice offers the quarters that hold her deals alone."""
    at = page("reps", rep="Ann", **RANGE)
    spec = titled(at, "Ann by quarter")
    line = next(t for t in spec["data"] if t.get("name") == "Win rate")
    assert quarters(line["x"]) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert line["y"][1] is None and None not in (line["y"][0], line["y"][2])
    assert "The rep closed no deal in 2026 Q1: its rates are blank." in words(at)
    q1 = empty_row(csv_rows(deferred, "ann-by-quarter"))
    assert (q1["closed"], q1["n"], q1["win_rate"]) == ("0", "0", "")
    (quarter,) = [s for s in at.selectbox if s.label == "Quarter"]
    assert quarter.options[0] == "All quarters"
    assert [q[:7] for q in quarter.options[1:]] == ["2025 Q4", "2026 Q2", "2026 Q3"]  # Q3 may be "to date"


def test_the_reviews_page_html_report_and_deck_have_the_quarter_no_deal_closed_in(gap) -> None:
    at = page("review", quarter="2026 Q3")
    spec = next(s for s in specs(at) if "No decision: share of losses" in s["layout"].get("title", {}).get("text", ""))
    # The data's day is 14 Aug 2026 (its newest close), so Q3 may be named "2026 Q3 to date".
    assert [q[:7] for q in spec["data"][0]["x"]] == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert SAID in words(at)
    review = review_from_store(gap, "2026 Q3")
    assert [q[:7] for q in review.no_decision["quarter"]] == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert review.no_decision.row(1, named=True)["no_decision_share_of_losses"] is None
    assert SAID in report_html(review)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    assert SAID in deck_text(deck)
    # The no-decision slide's charts over the four quarters.
    categories = [[str(q)[:7] for q in shape.chart.plots[0].categories] for slide in deck.slides for shape in slide.shapes
                  if shape.has_chart and any(str(q).startswith("2025 Q4") for q in shape.chart.plots[0].categories)]
    assert categories and all(c == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"] for c in categories)
