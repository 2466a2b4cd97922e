"""Names from a file are shown as text on every page, never as Markdown, LaTeX or Plotly markup."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import app_driver
import pytest
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
# Each would take effect if rendered as markup: bold, KaTeX, a coloured span, a javascript link, tags.
HOSTILE = ["**Bold Rep**", "$x^2$", ":red[Red Rep]", "[l](javascript:alert(1))", "<b>Tag Rep</b>",
           '<a href="https://e.example">Link Rep</a>']
# What must never reach a Markdown element or a Plotly label unescaped.
MARKDOWN_RAW = HOSTILE
PLOTLY_RAW = ["<b>Tag Rep</b>", "<a href", "$x^2$"]
PAGES = ["overview", "profiles", "no_decision", "reps", "review", "data"]


def _export() -> bytes:
    """Every hostile string as a rep, an account, a region and a loss reason; 40 deals each, two quarters."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Opportunity ID", "Owner", "Account Name", "Region", "Stage", "Loss Reason", "Created Date",
                     "Close Date", "Amount"])
    number = 0
    for i, name in enumerate(HOSTILE):
        for j in range(40):
            number += 1
            close = dt.date(2026, 5 if j % 2 else 8, 1 + j % 27)
            stage, reason = [("Closed Won", ""), ("Closed Lost", name), ("Closed Lost", "No Decision")][j % 3]
            if j % 10 == 9:
                stage, reason, close = "Proposal", "", dt.date(2026, 12, 1)
            writer.writerow([f"H{number:04d}", name, name, HOSTILE[(i + 1) % len(HOSTILE)], stage, reason,
                             (close - dt.timedelta(days=40 + j)).isoformat(), close.isoformat(), 1000 + j])
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory, sample_store) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "store"
    prepared = prepare(_export(), "<b>hostile</b> $x$ **export**.csv")
    assert prepared.rows_quarantined == 0, prepared.rejected
    commit(Store(path), prepared)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(path))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        yield path


def opened(page: str, **query: str) -> AppTest:
    return app_driver.opened(page, period="All time", **query)


def markdown_texts(at: AppTest) -> list[str]:
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
    return [e.value for kind in kinds for e in at.get(kind)]


def _without_customdata(node):
    """A figure's spec less its customdata: click payloads, never drawn."""
    if isinstance(node, dict):
        return {k: _without_customdata(v) for k, v in node.items() if k != "customdata"}
    if isinstance(node, list):
        return [_without_customdata(v) for v in node]
    return node


def plotly_labels(at: AppTest) -> str:
    return "\n".join(json.dumps(_without_customdata(json.loads(c.proto.spec)), ensure_ascii=False)
                     for c in at.get("plotly_chart"))


def assert_text_only(at: AppTest, where: str) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    for value in markdown_texts(at):
        for raw in MARKDOWN_RAW:
            assert raw not in value, (where, raw, value)
    labels = plotly_labels(at)
    for raw in PLOTLY_RAW:
        assert raw not in labels, (where, raw)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_are_text_on_every_page(hostile_store, page: str) -> None:
    at = opened(page)
    assert_text_only(at, page)
    if page == "profiles":
        # No rep in this store has a profile, so the page leads with what to do and draws its
        # charts on request: ask for them, so the names in them are checked too.
        at.toggle(key="show_anyway").set_value(True).run()
        assert_text_only(at, page)
    if page != "data":  # the data is there to be escaped: the page shows the hostile deals' numbers
        assert at.get("plotly_chart"), page


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_text_in_the_rep_view_and_with_a_filter(hostile_store, name: str) -> None:
    at = opened("reps", rep=name)
    assert_text_only(at, f"rep {name}")
    assert at.title and at.title[0].value != name  # escaped, not raw
    filtered = opened("overview", region=name)
    assert_text_only(filtered, f"region {name}")
    assert any("Filtered" in m for m in markdown_texts(filtered))
