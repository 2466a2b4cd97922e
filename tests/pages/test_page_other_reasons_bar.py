"""The loss-reason chart's bar of the reasons past the top ten keeps its lost and no-decision deals apart, in the
legend's colours, and its caption says what it holds: "4 other reasons 4 · 4%" was one dark-grey bar, a colour the
legend ("Counts as lost", "Counts as no decision") did not name, mixing the two outcomes."""

from __future__ import annotations

import json

import polars as pl
from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.measures.no_decision import as_drawn
from winloss.present.charts import reason_bars
from winloss.present.theme import OUTCOME_COLOURS

# Ten reasons of 3 deals each, then four of one deal: two lost, two no decision (the bar of "4 other reasons").
TOP = [(f"Reason {chr(65 + i)}", "Closed Lost" if i % 2 else "Closed - No Decision", 3) for i in range(10)]
REST = [("Rare lost one", "Closed Lost", 1), ("Rare lost two", "Closed Lost", 1),
        ("Rare quiet one", "Closed - No Decision", 1), ("Rare quiet two", "Closed - No Decision", 1)]
CAPTION = ('"4 other reasons" adds up the reasons past the top 10, its deals counted as lost and as no decision apart, '
           "in the legend's colours.")


def deals(store) -> None:
    rows: list[str] = []
    for reason, stage, count in TOP + REST:
        for _ in range(count):
            rows.append(f"D{len(rows):03d},Tom Hale,{stage},{reason},2026-02-{1 + len(rows) % 28:02d},1000")
    rows += [f"W{i:03d},Tom Hale,Closed Won,,2026-03-{1 + i:02d},1000" for i in range(10)]
    prepared = prepare(("Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n").encode(),
                       "deals.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)


def bars_of(spec: str, name: str) -> list[dict]:
    return [t for t in json.loads(spec)["data"] if t["type"] == "bar" and name in t["y"]]


def test_the_no_decision_pages_other_reasons_bar_is_explained(store, filled) -> None:
    filled(deals)
    at = opened("no_decision", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (spec,) = [c.proto.spec for c in at.get("plotly_chart") if "Why deals were lost" in c.proto.spec]
    legend = {t["marker"]["color"] for t in json.loads(spec)["data"] if t["type"] == "bar" and t.get("showlegend", True)}
    other = bars_of(spec, "4 other reasons")
    assert [(t["marker"]["color"], t["x"]) for t in other] == [(OUTCOME_COLOURS["lost"], [2]),
                                                               (OUTCOME_COLOURS["no_decision"], [2])]
    assert {t["marker"]["color"] for t in other} <= legend  # every colour of the bar is the legend's
    (caption,) = [c.value for c in at.caption if "Raw loss reasons" in c.value]
    assert CAPTION in caption


def test_the_charts_data_keeps_the_two_apart() -> None:
    reasons = pl.DataFrame({
        "loss_reason": [r for r, _, _ in TOP + REST],
        "outcome": ["lost" if s == "Closed Lost" else "no_decision" for _, s, _ in TOP + REST],
        "deals": [c for _, _, c in TOP + REST],
    }).with_columns(share=pl.col("deals") / 34, amount=pl.col("deals") * 1000.0)
    drawn = as_drawn(reasons)
    assert drawn.filter(pl.col("loss_reason") == "4 other reasons").select("outcome", "deals").rows() == [
        ("lost", 2), ("no_decision", 2)]
    figure = reason_bars(reasons, title="Why")
    other = [t for t in figure.data if t.type == "bar" and "4 other reasons" in t.y]
    assert [t.hovertemplate for t in other] == ["<b>4 other reasons</b><br>2 deals counted as lost<extra></extra>",
                                                "<b>4 other reasons</b><br>2 deals counted as no decision<extra></extra>"]
    assert all(t.customdata is None for t in other)  # a click on it opens nothing, as before
