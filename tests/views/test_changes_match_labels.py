"""A change beside two labelled rates is the difference of the percentages shown: a quarter of 29.6%
against one of 30.4% is labelled "30%" and "30%" on the trend, so its tile says "±0 pts", never the
"-1 pt" no one can explain from the labels (text.points_between), on the Overview, the No decision page
and the review alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from winloss.deals import deals
from winloss.filters import Filters, with_size_band
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views import no_decision, overview
from winloss.views.review import headline_tiles, quarterly_review

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)
# 250 closed deals a quarter. Q2: 101 won (40.4%), 76 no decision (30.4% of closed); Q3: 99 won (39.6%),
# 74 no decision (29.6%): every one of these reads "40%" or "30%" in both quarters.
PLAN = (("2026-05-15", {"won": 101, "lost": 73, "nd": 76}), ("2026-08-15", {"won": 99, "lost": 77, "nd": 74}))


@pytest.fixture(scope="module")
def tied(tmp_path_factory) -> pl.LazyFrame:
    stage = {"won": ("Closed Won", ""), "lost": ("Closed Lost", "Price"), "nd": ("Closed Lost", "No Decision")}
    rows, number = [], 0
    for close, outcomes in PLAN:
        created = (dt.date.fromisoformat(close) - dt.timedelta(days=30)).isoformat()
        for outcome, count in outcomes.items():
            for i in range(count):
                number += 1
                name, reason = stage[outcome]
                rows.append(f"T{number:04d},{'Cy' if i % 2 else 'Di'},EMEA,{name},{reason},{created},{close},1000")
    store = Store(Path(tmp_path_factory.mktemp("tied")) / "store")
    header = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount"
    prepared = prepare(("\n".join([header, *rows]) + "\n").encode(), "tied.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    return with_size_band(deals(store).lazy(), None)


def test_the_no_decision_tile_agrees_with_the_trend_labels(tied) -> None:
    page = no_decision.no_decision(tied, ALL, START, END, as_of=END)
    trend = page.in_range(START, ALL.fy_start_month)
    assert [text for text in trend["no_decision_share_of_closed"].map_elements(lambda r: f"{r:.0%}").to_list()] == [
        "30%", "30%"]
    closed_tile = page.tiles[0]
    assert closed_tile.change == "±0 pts"


def test_the_overview_win_rate_tile_agrees_with_its_trend_labels(tied) -> None:
    page = overview.overview(tied, ALL, START, END, as_of=END)
    assert page.trend["win_rate"].to_list() == [pytest.approx(0.404), pytest.approx(0.396)]
    assert page.rates[0].change == "±0 pts"


def test_the_review_win_rate_tile_agrees_with_its_chart_labels(tied) -> None:
    review = quarterly_review(tied, "2026 Q3", END)
    tile = next(t for t in headline_tiles(review) if t.kpi == "win_rate")
    assert tile.change is not None and tile.change.startswith("±0 pts")
