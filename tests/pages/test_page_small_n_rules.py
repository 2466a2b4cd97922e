"""The small-n rule on the pages' charts, where a number could still slip past it: a reference line's
legend, the deals a no-decision share's bar lists, a chart's CSV and a trend's line between rings.

Four profiled reps, 18 closed deals in all (2 won, 8 lost, 8 no decision): every rate of the store is on
fewer than 20 deals, the reference lines' too."""

from __future__ import annotations

import json

import pytest
from app_driver import opened

from winloss.ingest.pipeline import commit, prepare

REPS = {"Ann Archer": "Challenger", "Bo Brandt": "Relationship Builder", "Cy Cole": "Hard Worker",
        "Di Dorn": "Relationship Builder"}
HEADER = "Opportunity ID,Owner,Account Name,Stage,Loss Reason,Region,Amount,Created Date,Close Date"
# (rep, stage, loss reason, region, close date): Bo closes one deal in each of two quarters, both won.
DEALS = [
    ("Ann Archer", "Closed Won", "", "EMEA", "2026-07-10"),
    ("Ann Archer", "Closed Lost", "Price", "EMEA", "2026-07-12"),
    ("Ann Archer", "Closed Lost", "No Decision", "EMEA", "2026-07-20"),
    ("Ann Archer", "Closed Lost", "Price", "APAC", "2026-08-02"),
    ("Ann Archer", "Closed Lost", "No Decision", "APAC", "2026-08-09"),
    ("Bo Brandt", "Closed Won", "", "EMEA", "2026-05-10"),
    ("Bo Brandt", "Closed Lost", "No Decision", "EMEA", "2026-08-14"),
    ("Bo Brandt", "Closed Lost", "Price", "EMEA", "2026-08-15"),
    ("Cy Cole", "Closed Lost", "No Decision", "APAC", "2026-07-03"),
    ("Cy Cole", "Closed Lost", "Price", "APAC", "2026-07-04"),
    ("Cy Cole", "Closed Lost", "No Decision", "EMEA", "2026-07-05"),
    ("Cy Cole", "Closed Lost", "Price", "EMEA", "2026-07-06"),
    ("Di Dorn", "Closed Lost", "No Decision", "EMEA", "2026-08-20"),
    ("Di Dorn", "Closed Lost", "Price", "EMEA", "2026-08-21"),
    ("Di Dorn", "Closed Lost", "No Decision", "APAC", "2026-08-22"),
    ("Di Dorn", "Closed Lost", "Price", "APAC", "2026-08-23"),
    ("Di Dorn", "Closed Lost", "No Decision", "EMEA", "2026-09-01"),
    ("Di Dorn", "Closed Lost", "Price", "EMEA", "2026-09-02"),
]


@pytest.fixture
def few(store):
    rows = [f"D{i:02d},{rep},Acct {i},{stage},{reason},{region},{1000 + i},2026-01-05,{close}"
            for i, (rep, stage, reason, region, close) in enumerate(DEALS)]
    roster = "Rep,Seller Profile\n" + "".join(f"{rep},{profile}\n" for rep, profile in REPS.items())
    for content, name in (("\n".join([HEADER, *rows]) + "\n", "deals.csv"), (roster, "roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)
    return store


def specs(at) -> dict[str, dict]:
    """Every chart of the page by its title."""
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {(s["layout"].get("title", {}).get("text") or ""): s for s in charts}


def legend_names(spec: dict) -> list[str]:
    return [t["name"] for t in spec["data"] if t.get("name") and t.get("showlegend") is not False]


# ---- 1. a reference line on too few deals ------------------------------------------------------------
@pytest.mark.parametrize(("page", "title", "line"), [
    ("profiles", "Win rate by seller profile, with 95% intervals", "All profiles: n too small (n = 18)"),
    ("profiles", "No decision ÷ losses by seller profile", "All profiles: n too small (n = 16)"),
    ("no_decision", "No decision ÷ losses by seller profile", "All: n too small (n = 16)"),
    ("no_decision", "No decision ÷ losses by region", "All: n too small (n = 16)"),
    ("no_decision", "The 4 reps losing the largest share to no decision", "All reps: n too small (n = 16)"),
    ("reps", "Win rate by rep, with 95% intervals", "All reps: n too small (n = 18)"),
])
def test_a_reference_line_on_too_few_deals_gives_no_rate(few, page, title, line) -> None:
    at = opened(page, period="All time")
    assert not at.exception, [e.value for e in at.exception]
    names = legend_names(specs(at)[title])
    assert line in names, names
    assert not [n for n in names if n.startswith("All") and "%" in n], names


def test_the_overviews_definitions_give_no_share_of_too_few_closed_deals(few) -> None:
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = " ".join(m.value for m in at.markdown)
    assert "of all closed deals, n too small (n = 18)." in said, said
    assert "44% of all closed deals" not in said
