"""The small-n rule on the pages' charts, where a number could still slip past it: a reference line's
legend, the deals a no-decision share's bar lists, a chart's CSV and a trend's line between rings.

Five profiled reps, 18 closed deals in all (4 won, 7 lost, 7 no decision): every rate of the store is on
fewer than 20 deals, the reference lines' too."""

from __future__ import annotations

import json

import pytest
from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.present.withheld import MARK_AXIS, PLACEHOLDER_NAME

REPS = {"Ann Archer": "Challenger", "Bo Brandt": "Relationship Builder", "Cy Cole": "Hard Worker",
        "Di Dorn": "Relationship Builder", "Zoe Miller": "Challenger"}
HEADER = "Opportunity ID,Owner,Account Name,Stage,Loss Reason,Region,Amount,Created Date,Close Date"
# (rep, stage, loss reason, region, close date): 18 closed deals, 4 won, 7 lost and 7 no decision, every
# loss in 2026 Q3; Zoe Miller wins one deal in each of 2026 Q1 and Q2, two quarters of one deal each.
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
    ("Di Dorn", "Closed Lost", "No Decision", "EMEA", "2026-08-20"),
    ("Di Dorn", "Closed Lost", "Price", "EMEA", "2026-08-21"),
    ("Di Dorn", "Closed Lost", "No Decision", "APAC", "2026-08-22"),
    ("Di Dorn", "Closed Lost", "Price", "APAC", "2026-08-23"),
    ("Di Dorn", "Closed Lost", "No Decision", "EMEA", "2026-09-01"),
    ("Di Dorn", "Closed Lost", "Price", "EMEA", "2026-09-02"),
    ("Zoe Miller", "Closed Won", "", "EMEA", "2026-02-10"),
    ("Zoe Miller", "Closed Won", "", "EMEA", "2026-05-12"),
]


# A quarter with a rate to draw, of the reps whose trend a test clicks or reads: a trend every rate of which is
# withheld is not drawn (views.common.withheld_trend_sentence). Di Dorn and Zoe Miller each win 20 deals in one
# quarter, 2026 Q1 and 2025 Q4, before every loss of DEALS.
RATED = ([("Di Dorn", "Closed Won", "", "EMEA", f"2026-02-{1 + i:02d}") for i in range(20)]
         + [("Zoe Miller", "Closed Won", "", "EMEA", f"2025-11-{1 + i:02d}") for i in range(20)])


@pytest.fixture
def few(store):
    return stored(store, DEALS)


@pytest.fixture
def few_and_rated(store):
    """DEALS and RATED."""
    return stored(store, DEALS + RATED)


def stored(store, deals: list[tuple[str, str, str, str, str]]):
    rows = [f"D{i:02d},{rep},Acct {i},{stage},{reason},{region},{1000 + i},{min('2026-01-05', close)},{close}"
            for i, (rep, stage, reason, region, close) in enumerate(deals)]
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


# A page draws a chart whose every rate is withheld with its Show the charts anyway on (a sentence otherwise).
ANYWAY = {page: {"show_anyway": "true"} for page in ("profiles", "no_decision", "reps")}


# ---- 1. a reference line on too few deals ------------------------------------------------------------
@pytest.mark.parametrize(("page", "title", "line"), [
    ("profiles", "Win rate by seller profile, with 95% intervals", "All profiles: n too small (n = 18)"),
    ("profiles", "No decision ÷ losses by seller profile", "All profiles: n too small (n = 14)"),
    ("no_decision", "No decision ÷ losses by seller profile", "All: n too small (n = 14)"),
    ("no_decision", "No decision ÷ losses by region", "All: n too small (n = 14)"),
    # Every rep's rate withheld: the charts of reps say they rank none (rates.none_ranked).
    ("no_decision", "No rep has 20 losses in this range: none is ranked", "All reps: n too small (n = 14)"),
    ("reps", "No rep has 20 deals in the win rate in this range: none is ranked", "All reps: n too small (n = 18)"),
])
def test_a_reference_line_on_too_few_deals_gives_no_rate(few, page, title, line) -> None:
    # A page gives a sentence in place of a chart every rate of which is withheld; its switch draws it.
    at = opened(page, period="All time", **ANYWAY.get(page, {}))
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


# ---- 2. the deals behind a no-decision share ----------------------------------------------------------
def clicking(monkeypatch, key: str, *custom: str) -> None:
    """A click on a point of the chart whose key starts with `key`, its customdata `custom`: the page's
    charts are drawn by ui.widgets.chart, which then returns the selection that click makes."""
    import ui.widgets

    drawn = ui.widgets.chart

    def chart(figure, caption, data=None, *, key: str = "", **options):
        event = drawn(figure, caption, data, key=key, **options)
        if key.startswith(clicked_key):
            return {"selection": {"points": [{"customdata": list(custom)}], "box": [], "lasso": []}}
        return event

    clicked_key = key
    monkeypatch.setattr(ui.widgets, "chart", chart)


def captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def listed_outcomes(at) -> set[str]:
    """The outcomes of the deal list on the page (the grid with an Account column)."""
    (deals,) = [g for g in at.dataframe if "account" in g.value.columns and "rep" in g.value.columns
                or "account" in g.value.columns and "outcome" in g.value.columns]
    return set(deals.value["outcome"]) if "outcome" in deals.value.columns else set()


def test_a_profiles_no_decision_bar_lists_its_lost_and_no_decision_deals(few, monkeypatch) -> None:
    """Relationship Builder's bar is on 8 losses (Bo's 2 and Di's 6, of their 9 closed deals): its list held
    the profile's 9 closed deals, the won one too, under a bar of n = 8."""
    clicking(monkeypatch, "pr-nd", "Relationship Builder")
    at = opened("profiles", period="All time", **ANYWAY["profiles"])
    assert not at.exception, [e.value for e in at.exception]
    said = captions(at)
    assert ("Relationship Builder reps' lost and no-decision deals in range: 8 deals, the n of No decision ÷ losses: "
            "4 no decision and 4 lost.") in said, said
    assert listed_outcomes(at) == {"Lost", "No decision"}


def test_a_profiles_win_rate_bar_still_lists_its_closed_deals(few, monkeypatch) -> None:
    clicking(monkeypatch, "pr-rate", "Relationship Builder")
    at = opened("profiles", period="All time", **ANYWAY["profiles"])
    assert not at.exception, [e.value for e in at.exception]
    assert "Relationship Builder reps' closed deals in range: 9 deals." in captions(at)
    assert listed_outcomes(at) == {"Won", "Lost", "No decision"}


def test_a_no_decision_pages_region_bar_lists_its_lost_and_no_decision_deals(few, monkeypatch) -> None:
    """APAC's bar is 3 of 6 losses: its list held the 3 no-decision deals alone."""
    clicking(monkeypatch, "nd-by-region", "APAC")
    at = opened("no_decision", period="All time", **ANYWAY["no_decision"])
    assert not at.exception, [e.value for e in at.exception]
    assert "**Lost and no-decision deals: region APAC**" in [m.value for m in at.markdown]
    assert "6 deals, the n of No decision ÷ losses: 3 no decision and 3 lost." in captions(at)
    assert listed_outcomes(at) == {"Lost", "No decision"}


@pytest.mark.parametrize(("page", "key", "rep"), [("overview", "ov-trend", None), ("reps", "rp-trend", "Di Dorn")])
def test_a_no_decision_shares_point_lists_its_quarters_losses(few_and_rated, monkeypatch, page, key, rep) -> None:
    """A click on the share's point listed every deal closed in its quarter, won ones too."""
    clicking(monkeypatch, key, "2026 Q3", "no_decision_share_of_losses")
    at = opened(page, period="All time", **({"rep": rep} if rep else {}))
    assert not at.exception, [e.value for e in at.exception]
    said = captions(at)
    n = 6 if rep else 14
    assert f"{n} deals, the n of No decision ÷ losses: {n // 2} no decision and {n // 2} lost." in said, said
    assert listed_outcomes(at) == {"Lost", "No decision"}


def test_a_no_decision_pages_rep_bar_opens_the_reps_lost_and_no_decision_deals(few, monkeypatch) -> None:
    """Di Dorn's bar is 3 of 6 losses: the rep's view opened on their 3 no-decision deals alone."""
    clicking(monkeypatch, "nd-reps", "Di Dorn", "Relationship Builder")
    at = opened("no_decision", period="All time", **ANYWAY["no_decision"])
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["rep"] == "Di Dorn" and at.query_params["outcome"] == ["lost", "no_decision"]
    assert "6 deals, the n of No decision ÷ losses: 3 no decision and 3 lost." in captions(at), captions(at)
    assert listed_outcomes(at) == {"Lost", "No decision"}


# ---- 3. a chart's CSV ----------------------------------------------------------------------------------
def chart_csvs(deferred) -> dict[str, list[dict[str, str]]]:
    """Every chart's CSV the page offered (and a list's, which holds no rate), by file name: each made on a
    click (conftest's `deferred`), as the click makes it."""
    import csv
    import io

    from rendered import clicked

    return {name: list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")))) for name, data in clicked(deferred).items()}


@pytest.mark.parametrize(("page", "query"), [
    ("overview", {}), ("profiles", ANYWAY["profiles"]), ("no_decision", ANYWAY["no_decision"]), ("reps", ANYWAY["reps"]),
    ("reps", {"rep": "Bo Brandt"}),
    ("review", {}),
])
def test_every_charts_csv_leaves_a_rate_on_too_few_deals_empty_beside_its_n(few, deferred, page, query) -> None:
    """Every rate of this store is on fewer than 20 deals: no chart's CSV gives one, and each names its n.
    The Reps page's "Win rate by rep" CSV wrote win_rate 1.0 for Bo Brandt, 2 of 2 deals won, with no n
    to say why that was no rate to read."""
    import re

    from winloss.views.common import CHART_CSV_N, CHART_CSV_NOT_MEASURED, CHART_CSV_RATE_NAME

    at = opened(page, period="All time", **query)
    assert not at.exception, [e.value for e in at.exception]
    tables = chart_csvs(deferred)
    assert tables, "no chart CSV on the page"
    rates_seen = 0
    for name, rows in tables.items():
        # Every column named as a rate or share, not only those the rule lists (the review's at-risk
        # shares were in no list and were written on 9 open deals).
        for column in [c for c in (rows[0] if rows else ()) if CHART_CSV_RATE_NAME.search(c)]:
            if column in CHART_CSV_NOT_MEASURED:
                continue
            rates_seen += 1
            rate = re.sub(r"_(lo|hi)$", "", column)
            assert rate in CHART_CSV_N and CHART_CSV_N[rate] in rows[0], (name, column, list(rows[0]))
            assert {row[column] for row in rows} == {""}, (name, column, [row[column] for row in rows])
        assert not {"small_n", "previous_small_n"} & set(rows[0] if rows else ()), name
    assert rates_seen
    if page == "reps" and not query:
        # The file is named by what the chart is about, not by the sentence its title says when no rep is
        # ranked, then its range and filters (views.common.chart_file_name).
        (board,) = [t for n, t in tables.items() if n.startswith("win-rate-by-rep-with-95-intervals_")]
        (zoe,) = [r for r in board if r["rep"] == "Zoe Miller"]
        assert (zoe["won"], zoe["n"], zoe["win_rate"]) == ("2", "2", "")


# ---- 4. a trend's line between rings -------------------------------------------------------------------
def test_a_reps_trend_draws_no_line_between_two_rings(few_and_rated) -> None:
    """Zoe Miller won one deal in each of two quarters: her trend drew a solid line at 100% between two
    hollow n = 1 points, which read as a win rate of 100%. (Her 20 wins of 2025 Q4 are a rate, so the
    trend is drawn: one every rate of which is withheld is a sentence.)"""
    at = opened("reps", period="All time", rep="Zoe Miller")
    assert not at.exception, [e.value for e in at.exception]
    (trend,) = [s for title, s in specs(at).items() if title.startswith("Zoe Miller by quarter")]
    wins = [t for t in trend["data"] if t.get("name") == "Win rate"]
    drawn = [t for t in wins if "lines" in t.get("mode", "")]
    # No point of 2026 Q1 or Q2 for a line to join; 2025 Q4's, the one rate, is joined to none either.
    assert drawn and all(v is None for t in drawn for v in t["y"][1:]), drawn
    # Each withheld rate's place is kept by a grey ring on the quarters' axis, at 0 on the unseen axis laid over the
    # rate axis (winloss.present.withheld.MARK_AXIS), never at its rate, 100%, and no line joins the rings.
    (rings,) = [t for t in trend["data"] if t.get("name") == PLACEHOLDER_NAME and t.get("legendgroup") == "Win rate"]
    assert rings["mode"].startswith("markers") and "lines" not in rings["mode"] and rings["marker"]["symbol"] == "circle-open"
    ringed = [(y, hover) for y, hover in zip(rings["y"], rings["hovertext"], strict=True) if y is not None]  # 2026 Q1, Q2
    assert len(ringed) == 2 and {y for y, _ in ringed} == {0.0} and rings["yaxis"] == MARK_AXIS, rings["y"]
    assert all("n too small (n = 1)" in hover for _, hover in ringed)
