"""A quarter not over on the data's day: named "to date" and compared with the others to the same day;
the review's open pipeline taken at the quarter's end.

Hand-built deals whose numbers are worked out here. The data describes 1 Dec 2026: 2026 Q4 has run
62 days (1 Oct - 1 Dec), so "2026 Q3 to the same day" is 1 Jul - 31 Aug.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from rendered import file_text

from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.exchange import ExchangeRates, in_reporting_currency
from winloss.filters import Filters, applied, date_range
from winloss.views import no_decision, overview
from winloss.views.review import headline_tiles, missing_charts, quarterly_review, section_captions
from winloss.present.review_charts import at_risk_figure

AS_OF = date(2026, 12, 1)
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
EVERYTHING = Filters(preset="custom", start=date(2026, 1, 1), end=date(2026, 12, 31))


def deal(opp: str, outcome: str, created: date | None, close: date | None, amount: float = 100.0) -> dict:
    return {
        "opportunity_id": opp, "rep": "Ann", "stage": outcome, "outcome": outcome, "created_date": created,
        "close_date": close, "amount": amount, "currency": "USD", "probability": None, "loss_reason": None,
        "account": f"Account {opp}", "segment": None, "region": None, "product": None, "competitor": None,
        "seller_profile": "Challenger", "team": "East", "manager": "Eve",
    }


def closed(prefix: str, close: date, won: int, lost: int, amount: float = 100.0) -> list[dict]:
    """`won` + `lost` deals closed on `close`, each created 30 days before."""
    return [deal(f"{prefix}{i}", "won" if i < won else "lost", close - timedelta(days=30), close, amount)
            for i in range(won + lost)]


def frame(*blocks: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([row for b in blocks for row in b], schema=SCHEMA)


def partial_year() -> pl.DataFrame:
    """2026 Q3: 25 deals (20 won) closed on 15 Jul, in its first 62 days, and 25 more (20 won) on
    15 Sep, after them. 2026 Q4 to 1 Dec: 28 deals (22 won) closed on 20 Oct. Every deal is worth 100."""
    return frame(closed("E", date(2026, 7, 15), 20, 5), closed("L", date(2026, 9, 15), 20, 5),
                 closed("Q", date(2026, 10, 20), 22, 6))


# ---------------------------------------------------------------------------------------------
# 1. The quarter in progress


def test_the_overview_names_the_quarter_in_progress_to_date_and_compares_it_to_the_same_day() -> None:
    view = overview.overview(applied(partial_year().lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start,
                             EVERYTHING.end, as_of=AS_OF)
    closed_tile, value_tile = view.volumes
    # Counts of the partial quarter stay as they are: 78 closed in the range.
    assert closed_tile.text == "78"
    # 28 closed in Q4 to date against Q3's 25 in its first 62 days (not its whole 50: "-22").
    assert (closed_tile.change, closed_tile.versus) == ("+3", "2026 Q4 to date vs Q3 to the same day")
    # Won value: 22 × 100 against 20 × 100, not against Q3's whole 4,000.
    assert (value_tile.change, value_tile.versus) == ("+$200 (+10%)", "2026 Q4 to date vs Q3 to the same day")
    # Every quarter of the range, those no deal closed in (2026 Q1 and Q2) with no rate and 0 deals.
    assert view.trend.get_column("quarter").to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4 to date"]
    assert view.trend.get_column("closed").to_list()[:2] == [0, 0]
    # The tiles' sparklines of a count and a sum leave the quarter to date out, as a gap (views.common.
    # whole_quarter_trend): its 28 closes beside Q3's whole 50 drew a fall beside the tile's "+3". Q1 and Q2,
    # over before the data's first close (15 Jul), are no quarters of the data: gaps too.
    assert closed_tile.trend == (None, None, 50.0, None) and value_tile.trend == (None, None, 4000.0, None)
    # With a deal closed before them (2025), they are quarters of the data in which none closed: a real 0.
    older = frame(partial_year().to_dicts(), closed("Y", date(2025, 11, 20), 1, 0))
    since_2025 = overview.overview(applied(older.lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start, EVERYTHING.end,
                                   as_of=AS_OF)
    assert [t.trend for t in since_2025.volumes] == [(0.0, 0.0, 50.0, None), (0.0, 0.0, 4000.0, None)]
    assert [t.trend[3] is not None for t in view.rates] == [True, True, True]  # a rate on 28 deals is comparable
    # A quarter the range's start cuts ("2026 Q3 from 1 Aug") is no whole quarter either.
    cut = Filters(preset="custom", start=date(2026, 8, 1), end=date(2026, 12, 31))
    from_aug = overview.overview(applied(partial_year().lazy(), cut), cut, cut.start, cut.end, as_of=date(2027, 1, 2))
    assert from_aug.trend.get_column("quarter").to_list() == ["2026 Q3 from 1 Aug", "2026 Q4"]
    assert [t.trend for t in from_aug.volumes] == [(None, 28.0), (None, 2200.0)]
    # One whole quarter left of two: its one dot read as a loading indicator, so no line is drawn (Tile.trend_drawn).
    assert not any(t.trend_drawn for t in from_aug.volumes) and all(t.trend_drawn for t in since_2025.volumes)
    said = overview.captions(view, EVERYTHING).definitions
    assert "2026 Q4 to date, the last quarter in range with closed deals, against 2026 Q3 to the same day" in said


def test_the_count_and_amount_lines_leave_out_the_quarters_before_the_first_close() -> None:
    # A store of EUR deals with no exchange rate, first closed on 15 May 2026 (25, 20 won) and 15 Aug (25, 20
    # won), on the last 4 complete quarters (2025 Q4 to 2026 Q3). Won value reads "No rate for EUR": its two
    # quarters with won deals are gaps (no rate), and 2025 Q4 and 2026 Q1, before the store's first deal, drew
    # a flat line at $0 under it. They are no quarters of the data, so gaps; the line, with nothing left to
    # draw, is not drawn. Closed deals draws its two quarters of the data.
    eur = frame(closed("M", date(2026, 5, 15), 20, 5), closed("A", date(2026, 8, 15), 20, 5)).with_columns(
        currency=pl.lit("EUR"))
    deals = in_reporting_currency(eur, ExchangeRates("USD", {}))
    last_4 = Filters(preset="last_4_quarters")
    start, end = date_range(last_4, AS_OF, (date(2026, 5, 15), date(2026, 8, 15)), AS_OF)
    view = overview.overview(applied(deals.lazy(), last_4), last_4, start, end, as_of=AS_OF)
    closed_tile, value_tile = view.volumes
    assert view.trend.get_column("quarter").to_list() == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert value_tile.text == "No rate for EUR"
    assert value_tile.trend == (None, None, None, None) and not value_tile.trend_drawn
    assert closed_tile.trend == (None, None, 25.0, 25.0) and closed_tile.trend_drawn


def test_all_times_first_quarter_from_the_first_close_is_a_whole_quarter_on_the_lines() -> None:
    # "All time" starts on the data's first close, 9 Apr 2026: the days it cuts off Q2 lie before any deal, so Q2
    # holds every deal of Q2: a point, not a gap (it was, and on a store of two quarters no line was drawn at all),
    # named whole on the Overview's and the No decision page's trends (it was "2026 Q2 from 9 Apr"). A range
    # starting later, on 1 May, does cut Q2 short.
    deals = frame(closed("A", date(2026, 4, 9), 8, 2), closed("B", date(2026, 6, 20), 4, 1),
                  closed("C", date(2026, 8, 3), 6, 3))
    every = Filters(preset="all")
    start, end = date_range(every, AS_OF, (date(2026, 4, 9), date(2026, 8, 3)), AS_OF)
    view = overview.overview(applied(deals.lazy(), every), every, start, end, as_of=AS_OF)
    assert view.trend.get_column("quarter").to_list() == ["2026 Q2", "2026 Q3", "2026 Q4 to date"]
    assert no_decision.no_decision(applied(deals.lazy(), every), every, start, end, AS_OF).trend.get_column(
        "quarter").to_list() == ["2026 Q2", "2026 Q3", "2026 Q4 to date"]
    assert view.empty_quarters == ("2026 Q4 to date",)  # the first quarter, named whole, has its deals
    assert [t.trend for t in view.volumes] == [(15.0, 9.0, None), (1200.0, 600.0, None)]
    assert all(t.trend_drawn for t in view.volumes)
    may = Filters(preset="custom", start=date(2026, 5, 1), end=AS_OF)
    later = overview.overview(applied(deals.lazy(), may), may, may.start, AS_OF, as_of=AS_OF)
    assert later.trend.get_column("quarter").to_list()[0] == "2026 Q2 from 1 May"
    assert [t.trend for t in later.volumes] == [(None, 9.0, None), (None, 600.0, None)]


def test_the_overview_compares_whole_quarters_once_the_quarter_is_over() -> None:
    # The same deals described on 2 Jan 2027: Q4 is over and compared whole with Q3.
    view = overview.overview(applied(partial_year().lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start,
                             EVERYTHING.end, as_of=date(2027, 1, 2))
    closed_tile, _ = view.volumes
    assert (closed_tile.change, closed_tile.versus) == ("-22", "2026 Q4 vs Q3")
    assert view.trend.get_column("quarter").to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]


def test_the_rate_tiles_trends_mark_a_cut_quarter_on_too_few_deals() -> None:
    # 2026 Q2: 37 deals (12 won, 25 lost); the range's end cuts Q3 to 1 Jul, on one lost deal. Every
    # rate tile's trend marks that quarter (and only it) as on too few deals: a ring, unjoined.
    cut = Filters(preset="custom", start=date(2026, 4, 1), end=date(2026, 7, 1))
    deals = frame(closed("Q", date(2026, 5, 15), 12, 25), closed("C", date(2026, 7, 1), 0, 1))
    view = overview.overview(applied(deals.lazy(), cut), cut, cut.start, cut.end, as_of=AS_OF)
    assert view.trend.get_column("quarter").to_list() == ["2026 Q2", "2026 Q3 to 1 Jul"]
    for tile in view.rates:
        assert (tile.trend[-1], tile.trend_small) == (0.0, (False, True)), tile.label
    assert all(tile.trend_small == () for tile in view.volumes)


def test_the_value_rate_tiles_trend_marks_a_quarter_by_the_deals_with_an_amount() -> None:
    # 2026 Q2: 30 closed deals, 10 of them with an amount; 2026 Q3: 25, all with one. The win rate's
    # trend reads both quarters (30 and 25 deals); the value-weighted rate's reads Q2 on its 10 deals
    # with an amount only, too few: its point there is a ring, as its tile would be.
    priced = closed("P", date(2026, 5, 15), 5, 5)
    unpriced = [{**d, "amount": None} for d in closed("U", date(2026, 5, 16), 5, 15)]
    deals = frame(priced, unpriced, closed("Q", date(2026, 8, 15), 10, 15))
    window = Filters(preset="custom", start=date(2026, 4, 1), end=date(2026, 9, 30))
    view = overview.overview(applied(deals.lazy(), window), window, window.start, window.end, as_of=AS_OF)
    tiles = {tile.label: tile for tile in view.rates}
    assert tiles["Win rate"].trend_small == (False, False)
    assert tiles["Win rate by value"].trend_small == (True, False)
    assert view.trend.get_column("value_n").to_list() == [10, 25]


def test_the_review_of_the_quarter_in_progress_is_to_date_against_the_same_days() -> None:
    review = quarterly_review(partial_year(), "2026 Q4", AS_OF)
    assert (review.quarter, review.previous, review.last_year) == (
        "2026 Q4 to date", "2026 Q3 to the same day", "2025 Q4 to the same day")
    assert review.label == "2026 Q4" and review.in_progress
    tiles = {t.kpi: t for t in headline_tiles(review)}
    assert tiles["closed"].text == "28" and tiles["closed"].change == "+3"
    assert tiles["won_amount"].change == "+$200 (+10%)"
    # Q3's win rate in its first 62 days (20 of 25), not over the whole quarter (40 of 50): same here,
    # so the change is the rate's own: 22/28 - 20/25 = -1.4 points.
    assert tiles["win_rate"].change == "-1 pt"
    headline = section_captions(review)["headline"]
    assert "2026 Q4 is not over on 1 Dec 2026: its first 62 days against the same first days" in headline
    assert review.no_decision.get_column("quarter").to_list() == ["2026 Q3", "2026 Q4 to date"]


def test_a_past_quarter_keeps_its_name_and_whole_comparison() -> None:
    review = quarterly_review(partial_year(), "2026 Q3", AS_OF)
    assert (review.quarter, review.previous, review.label, review.in_progress) == ("2026 Q3", "2026 Q2", "2026 Q3", False)


# ---------------------------------------------------------------------------------------------
# 2. The review's open pipeline


def pipeline() -> pl.DataFrame:
    """2026 Q3 closes 25 deals (won in 30 days) on 15 Jul. Around its end (30 Sep):
    A  created 1 May, won 15 Oct: open on 30 Sep, 152 days old then (at risk), closed since.
    B  created 1 Jun, still open: open on 30 Sep, 121 days old then (at risk).
    C  created 20 Sep, still open, expected close 1 Sep: 10 days old then (not at risk on age; its
       close date is today's, so being overdue on 30 Sep is not judged).
    D  created 5 Oct, still open: not open on 30 Sep.
    E  created 1 Jul, lost 20 Sep: closed before the end."""
    return frame(
        closed("W", date(2026, 7, 15), 20, 5),
        [deal("A", "won", date(2026, 5, 1), date(2026, 10, 15)), deal("B", "open", date(2026, 6, 1), date(2026, 12, 20)),
         deal("C", "open", date(2026, 9, 20), date(2026, 9, 1)), deal("D", "open", date(2026, 10, 5), date(2026, 12, 20)),
         deal("E", "lost", date(2026, 7, 1), date(2026, 9, 20))],
    )


def test_a_past_quarters_pipeline_is_the_deals_open_at_its_end_judged_then() -> None:
    review = quarterly_review(pipeline(), "2026 Q3", AS_OF)
    assert review.open_deals == 3  # A (closed since), B and C; not D (created after), not E (closed before)
    assert sorted(review.at_risk.get_column("opportunity_id").to_list()) == ["A", "B"]
    reasons = dict(review.at_risk.select("opportunity_id", "reason").iter_rows())
    assert reasons == {"A": "Open 152 days (over 30)", "B": "Open 121 days (over 30)"}
    assert review.pipeline == "Deals open at the end of 2026 Q3"
    assert at_risk_figure(review).layout.title.text == "Deals open at the end of 2026 Q3: at risk or on track"
    caption = section_captions(review)["at_risk"]
    assert caption.startswith("Deals open at the end of 2026 Q3: created by 30 Sep 2026 and not closed by then (n = 3),"
                              " judged as at 30 Sep 2026")
    assert "not the one expected on 30 Sep 2026" in caption


def test_the_pipeline_of_the_quarter_in_progress_is_todays_and_goes_into_no_quarter() -> None:
    deals = pl.concat([pipeline(), frame(closed("Q", date(2026, 10, 20), 3, 1))])
    review = quarterly_review(deals, "2026 Q4", AS_OF)
    assert review.open_deals == 3  # B, C, D: open on 1 Dec
    # Judged on 1 Dec on the whole rule: C is overdue (expected 1 Sep).
    assert sorted(review.at_risk.get_column("opportunity_id").to_list()) == ["B", "C", "D"]
    words = " ".join([review.pipeline, at_risk_figure(review).layout.title.text, section_captions(review)["at_risk"],
                      *(f.text for f in review.findings)])
    assert review.pipeline == "Deals open on 1 Dec 2026" and "going into" not in words and "2027" not in words
    empty = quarterly_review(frame(closed("Q", date(2026, 10, 20), 3, 1)), "2026 Q4", AS_OF)
    assert missing_charts(empty)["at_risk"] == "No deals open on 1 Dec 2026, so there is no at-risk pipeline to chart."


# ---------------------------------------------------------------------------------------------
# The review's files say what the page says


def test_the_files_of_the_quarter_in_progress_say_to_date_and_the_same_day() -> None:
    deals = pl.concat([partial_year(), pipeline().filter(pl.col("opportunity_id").is_in(["B", "C", "D"]))])
    review = quarterly_review(deals, "2026 Q4", AS_OF)
    for written in (report_html(review), file_text(deck_bytes(review))):
        assert "2026 Q4 to date" in written and "2026 Q3 to the same day" in written
        assert "+$200 (+10%)" in written  # the won-value change as every screen writes it
        assert "Deals open on 1 Dec 2026" in written
        assert "going into" not in written and "2027 Q1" not in written


def test_a_small_bar_of_the_quarter_in_progress_is_tagged_briefly() -> None:
    # 10 deals in each quarter: every bar is on too few deals and names its quarter in its tag, which
    # "Q3 to the same day" did not fit (Plotly shrank it to unreadable type); the legend names it whole.
    from winloss.present.review_charts import profile_figure

    review = quarterly_review(frame(closed("E", date(2026, 7, 15), 5, 5), closed("Q", date(2026, 10, 20), 5, 5)),
                              "2026 Q4", AS_OF)
    # Each rate withheld (winloss.present.withheld): its bar of no value, then the stub in its place, which
    # carries its words.
    before, before_stub, now, now_stub = [t for t in profile_figure(review).data if t.type == "bar"]
    assert (before.name, now.name) == ("2026 Q3 to the same day", "2026 Q4 to date")
    assert (before_stub.offsetgroup, now_stub.offsetgroup) == (before.offsetgroup, now.offsetgroup)
    assert (tuple(before_stub.text), tuple(now_stub.text)) == (("Q3<br>n = 10",), ("Q4<br>n = 10",))
