"""A closed deal dated after the data's day (the file report names such deals: ingest.future_closes) is counted in
its quarter on the trend, and the tiles, the leaderboard, a rep's trend, the No decision page and the Quarterly
review (its page, HTML report and deck) count that quarter to the same day (periods.known_day): the Overview's
chart said "2026 Q4 to date n = 16" while its tiles, cut at the data's day, said 15. Every page names it "2026 Q4
to 11 Dec" and compares it with as many days of the others.

Hand-built deals, one rep (Ann), each worth 100. The data describes 5 Dec 2026; one deal closed on 11 Dec.
  2026 Q3, 15 Jul: 10 won, 10 lost, 5 no decision
  2026 Q4, 20 Oct: 10 won,  3 lost, 2 no decision (15 closed)
  2026 Q4, 11 Dec:  1 won                         (16 closed in Q4)
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from rendered import file_text
from tests.views.test_quarter_to_date_reps_no_decision import closed
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.filters import Filters, applied
from winloss.views import no_decision, overview, reps
from winloss.views.review import headline_tiles, quarterly_review, section_captions

AS_OF = date(2026, 12, 5)
LATE = date(2026, 12, 11)
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
ALL = Filters(preset="custom", start=date(2026, 1, 1), end=LATE)  # "All time": first to last close
NAME = "2026 Q4 to 11 Dec"


@pytest.fixture
def deals() -> pl.LazyFrame:
    rows = [*closed("E", date(2026, 7, 15), won=10, lost=10, no_decision=5),
            *closed("Q", date(2026, 10, 20), won=10, lost=3, no_decision=2),
            *closed("F", LATE, won=1)]
    return applied(pl.DataFrame(rows, schema=SCHEMA).lazy(), ALL)


def test_the_overviews_chart_and_tiles_count_the_same_deals_under_one_name(deals) -> None:
    figures = overview.overview(deals, ALL, ALL.start, ALL.end, as_of=AS_OF)
    q4 = figures.trend.filter(pl.col("closed") > 0).row(-1, named=True)
    change = figures.change.row(0, named=True)
    assert (q4["quarter"], change["quarter"]) == (NAME, NAME)
    assert q4["closed"] == change["closed"] == 16
    # Compared with as many days of Q3 (1 Jul to 10 Sep: its 15 Jul deals) and named so.
    assert (change["previous_quarter"], change["closed_previous"]) == ("2026 Q3 to 10 Sep", 25)
    tile = next(t for t in figures.volumes if t.label == "Closed deals in range")
    # Too few deals for a change: the tile says so, under the chart's name of the quarter.
    assert (tile.versus or tile.withheld or "").startswith(f"{NAME} vs Q3 to 10 Sep")


def test_the_leaderboard_a_reps_trend_and_the_no_decision_page_name_it_alike(deals) -> None:
    ann = reps.leaderboard(deals, ALL, ALL.start, ALL.end, AS_OF).row(0, named=True)
    assert (ann["quarter"], ann["quarter_n"]) == (NAME, 16)
    rep = reps.rep(deals, "Ann", ALL, ALL.start, ALL.end, AS_OF)
    assert rep is not None and rep.trend.filter(pl.col("closed") > 0)["quarter"].to_list()[-1] == NAME
    page = no_decision.no_decision(deals, ALL, ALL.start, ALL.end, AS_OF)
    assert page.trend["quarter"].to_list()[-1] == NAME
    assert page.quarter == NAME and page.trend.filter(pl.col("quarter") == NAME)["closed"].to_list() == [16]
    said = [t.versus or t.withheld for t in page.tiles if t.versus or t.withheld]
    assert said and all(s.startswith(f"{NAME} vs Q3 to 10 Sep") for s in said)


def test_the_review_counts_and_names_the_quarter_as_the_overview_does(deals) -> None:
    review = quarterly_review(deals, "2026 Q4", AS_OF)
    figures = overview.overview(deals, ALL, ALL.start, ALL.end, as_of=AS_OF)
    change = figures.change.row(0, named=True)
    assert (review.quarter, review.previous) == (NAME, "2026 Q3 to 10 Sep") == (change["quarter"],
                                                                               change["previous_quarter"])
    assert review.last_year == "2025 Q4 to 11 Dec"
    tiles = {t.kpi: t for t in headline_tiles(review)}
    assert review.closed == change["closed"] == 16 and tiles["closed"].text == "16"
    # The profiles, the movers' quarter and the no-decision trend count the same 16 deals.
    assert review.profiles.filter(pl.col("seller_profile") == "Challenger")["n"].to_list() == [16]
    assert review.no_decision.filter(pl.col("quarter") == NAME)["closed"].to_list() == [16]
    assert review.no_decision["quarter"].to_list()[-1] == NAME
    captions = section_captions(review)
    assert "its first 72 days against the same first days" in captions["headline"]
    assert f"{NAME}: the deals closed by 11 Dec 2026" in captions["no_decision"]
    # Open deals are still judged on the data's day.
    assert review.pipeline_day == AS_OF


def test_the_reviews_files_name_the_quarter_as_the_page_does(deals) -> None:
    review = quarterly_review(deals, "2026 Q4", AS_OF)
    for written in (report_html(review), file_text(deck_bytes(review))):
        assert NAME in written and "2026 Q3 to 10 Sep" in written
        assert "2026 Q4 to date" not in written


def test_a_review_of_an_earlier_day_still_counts_to_that_day(deals) -> None:
    review = quarterly_review(deals, "2026 Q4", date(2026, 11, 1), data_day=AS_OF)
    assert (review.quarter, review.closed) == ("2026 Q4 to 1 Nov", 15)


def test_without_a_deal_after_the_data_day_the_quarter_is_to_date(deals) -> None:
    early = deals.filter(pl.col("close_date") <= AS_OF)
    figures = overview.overview(early, ALL, ALL.start, AS_OF, as_of=AS_OF)
    assert figures.change.row(0, named=True)["quarter"] == "2026 Q4 to date"
    review = quarterly_review(early, "2026 Q4", AS_OF)
    assert (review.quarter, review.closed) == ("2026 Q4 to date", 15)
