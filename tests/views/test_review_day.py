"""A quarter reviewed as of a day before the data's own (review_from_store's `today`): every figure of
the quarter to date counts the deals closed by that day, the no-decision trend's latest quarter as the
headline does, on the engine, in the HTML report and in the deck (periods.counted_bounds).

The store's 2026 Q3 holds deals closed after the review day (14 Aug 2026) in the same quarter: counted
to the quarter's end, the trend's "2026 Q3 to date" showed more losses than the headline's quarter held.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from deck_shapes import every_shape
from pptx import Presentation

from winloss import periods
from winloss.deals import data_as_of, deals
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.filters import Filters, applied
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.text import count, percent
from winloss.views.review import (
    SECTION_TITLES, Review, quarterly_review, review_from_store, section_captions, stage_now_note)

REVIEW_DAY = dt.date(2026, 8, 14)
QUARTER = "2026 Q3"

# (close date, region, currency, amount, [(outcome, how many)]): every deal created 30 days before it closes.
PLAN = [
    ("2026-04-20", "APAC", "USD", 1000, [("won", 10), ("lost", 8), ("nd", 4)]),
    # 2026 Q3 by the review day: 60 closed, 36 losses (6 no decision), 2 of the losses with no region.
    ("2026-08-05", "APAC", "USD", 1000, [("won", 24), ("lost", 28), ("nd", 6)]),
    ("2026-08-05", "", "USD", 1000, [("lost", 2)]),
    # 2026 Q3 after it: more losses, worth more, 3 with no region, 2 in a currency with no rate.
    ("2026-09-10", "APAC", "USD", 5000, [("won", 5), ("lost", 10), ("nd", 9)]),
    ("2026-09-10", "", "USD", 5000, [("lost", 3)]),
    ("2026-09-10", "APAC", "EUR", 5000, [("nd", 2)]),
]
STAGES = {"won": ("Closed Won", ""), "lost": ("Closed Lost", "Price"), "nd": ("Closed Lost", "No Decision")}
# Open on the review day and at risk then on age (won deals took 30 days): one still open, one won since.
# September's deals above, created on 11 Aug, were open on it too, 3 days old.
AT_RISK = ["OLD1,Ann,APAC,Prospecting,,2026-05-01,2026-10-30,1000,USD",
           "OLD2,Ann,APAC,Closed Won,,2026-06-01,2026-09-20,1000,USD"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    rows, number = [], 0
    for close, region, currency, amount, outcomes in PLAN:
        created = (dt.date.fromisoformat(close) - dt.timedelta(days=30)).isoformat()
        for outcome, many in outcomes:
            for _ in range(many):
                number += 1
                stage, reason = STAGES[outcome]
                rows.append(f"D{number:03d},Ann,{region},{stage},{reason},{created},{close},{amount},{currency}")
    rows += AT_RISK
    header = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount,Currency"
    store = Store(Path(tmp_path_factory.mktemp("review_day")) / "store")
    prepared = prepare(("\n".join([header, *rows]) + "\n").encode(), "review_day.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)
    return store


@pytest.fixture(scope="module", params=[False, True], ids=["amounts", "amounts hidden"])
def review(store, request) -> Review:
    return review_from_store(store, QUARTER, today=REVIEW_DAY, hide_amounts=request.param)


def headline(review: Review, kpi: str) -> dict:
    return review.kpis.filter(pl.col("kpi") == kpi).row(0, named=True)


def latest(review: Review) -> dict:
    return review.no_decision.row(-1, named=True)


def test_the_review_is_of_the_quarter_to_the_review_day(review) -> None:
    assert review.as_of == REVIEW_DAY and review.quarter == "2026 Q3 to 14 Aug"  # not "to date": the data runs on
    assert headline(review, "closed")["value"] == 60
    share = headline(review, "no_decision_share_of_losses")
    assert (share["n"], share["value"], share["small_n"]) == (36, pytest.approx(6 / 36), False)


def test_the_trends_quarter_to_date_counts_the_headlines_deals(review) -> None:
    row, share = latest(review), headline(review, "no_decision_share_of_losses")
    assert row["quarter"] == review.quarter
    # Counted to the quarter's end it was 6 + 9 + 2 no decision of 57 losses.
    assert (row["no_decision"], row["losses"]) == (6, share["n"])
    assert row["no_decision_share_of_losses"] == pytest.approx(share["value"])
    assert row["no_decision_share_of_closed"] * headline(review, "closed")["value"] == pytest.approx(6)
    # The value share: 6 × 1,000 of the 60 × 1,000 closed by the review day, none of September's.
    assert row["no_decision_value_share"] == pytest.approx(6 / 60)
    if not review.hide_amounts:
        assert row["no_decision_amount"] == pytest.approx(6000)
    # The quarters before are whole.
    assert review.no_decision.row(0, named=True)["losses"] == 12


def test_no_figure_leaves_out_a_deal_closed_after_the_review_day(review) -> None:
    # The EUR deals closed on 10 Sep are in no figure of the quarter to date, so no note says them.
    assert review.closed_left_out is not None and review.closed_left_out.deals == 0
    assert review.no_decision_left_out is not None and review.no_decision_left_out.deals == 0
    said = " ".join(section_captions(review).values())
    assert "2026 Q3 to 14 Aug: the deals closed by 14 Aug 2026, as in the headline." in said


def test_the_report_draws_the_headlines_counts_in_the_trend(review) -> None:
    report = report_html(review)
    share = headline(review, "no_decision_share_of_losses")
    # The trend's hover for its latest quarter, and the headline's n, are of the same 36 losses.
    hover = f"{review.quarter}: {percent(share['value'])} of losses (6 of {count(share['n'])})"
    assert hover in report
    assert f"n = {share['n']}" in report
    drawn = re.findall(r"2026 Q3 to 14 Aug: \d+% of losses \((\d+) of (\d+)\)", report)
    assert drawn and set(drawn) == {("6", "36")}


def slide_titled(deck, title: str):
    (slide,) = [s for s in deck.slides if any(sh.has_text_frame and sh.text_frame.text == title for sh in every_shape(s.shapes))]
    return slide


def charts(slide) -> list:
    return [shape.chart for shape in every_shape(slide.shapes) if shape.has_chart]


def test_the_deck_draws_the_headlines_counts_in_the_trend(review) -> None:
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    share = headline(review, "no_decision_share_of_losses")
    (rates,) = charts(slide_titled(deck, f"{SECTION_TITLES['headline']}: {review.quarter}"))
    shares, value = charts(slide_titled(deck, SECTION_TITLES["no_decision"]))
    assert [str(c) for c in shares.plots[0].categories][-1] == review.quarter
    latest_share = list(shares.plots[0].series[0].values)[-1]
    # The trend's latest point is the headline chart's own point for the quarter to date.
    assert latest_share == pytest.approx(list(rates.plots[0].series[1].values)[-1])
    assert latest_share == pytest.approx(share["value"])
    expected_value = 6 / 60 if review.hide_amounts else 6000
    assert list(value.plots[0].series[0].values)[-1] == pytest.approx(expected_value)


def test_the_quarters_unplaced_deals_are_the_headlines(store) -> None:
    """The deals a filter leaves out for want of a value are counted by the review itself, in the
    headline's bounds: the page passed the whole quarter's (views.common.unplaced)."""
    every = deals(store).lazy()
    apac = Filters(preset="custom", start=periods.quarter_bounds(QUARTER)[0], end=REVIEW_DAY).with_values(
        "region", ["APAC"])
    # As the page calls it, with the data's day: the review of an earlier day counts to that day.
    review = quarterly_review(applied(every, apac), QUARTER, REVIEW_DAY, every_deal=every, filters=apac,
                              data_day=data_as_of(store))
    (left_out,) = review.unplaced
    assert (left_out.dimension, left_out.deals) == ("region", 2)  # not September's 3 as well


def test_json_of_the_report_holds_no_september_count(review) -> None:
    """The report's trend carries its counts as data too (the hover's customdata): the 6 and 36."""
    report = report_html(review)
    data = re.search(r'Plotly\.newPlot\(\s*"chart-no_decision",\s*(\[.*?\])\s*,\s*\{', report, re.S)
    assert data is not None
    traces = json.loads(data.group(1))
    pairs = [tuple(p) for t in traces if t.get("customdata") for p in t["customdata"]]
    assert pairs[-1] == (6, 36)


def test_the_pipeline_is_the_deals_open_on_the_review_day_judged_then(review) -> None:
    """On the review day the deals closed since were open: the pipeline is that day's, a past day's, judged
    on age alone as a past quarter's end is (it was the deals open now, none of September's)."""
    assert review.pipeline_by_age and review.pipeline_day == REVIEW_DAY
    assert review.pipeline == "Deals open on 14 Aug 2026"
    assert review.open_deals == 29 + 2
    assert sorted(review.at_risk.get_column("opportunity_id").to_list()) == ["OLD1", "OLD2"]
    # With amounts hidden the table is ordered by days open: a ranking by amount would show the amounts.
    assert review.at_risk_title == ("Deals at risk on 14 Aug 2026, longest open first" if review.hide_amounts
                                    else "Largest deals at risk on 14 Aug 2026")
    caption = section_captions(review)["at_risk"]
    assert caption.startswith("Deals open on 14 Aug 2026: created by 14 Aug 2026 and not closed by then (n = 31)")
    # A deal's stage now is the data's, of its own day, not the review day's.
    assert "where each deal stands in the data as of 20 Sep 2026" in stage_now_note(review)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    deck_text = "\n".join(sh.text_frame.text for sl in deck.slides for sh in every_shape(sl.shapes) if sh.has_text_frame)
    deck_text += "\n".join(c.text for sl in deck.slides for sh in every_shape(sl.shapes) if sh.has_table
                           for r in sh.table.rows for c in r.cells)
    for written in (report_html(review), deck_text):
        assert "Deals open on 14 Aug 2026" in written and "Won 20 Sep 2026" in written
        assert "at the end of 2026 Q3" not in written


def test_the_review_says_both_its_day_and_the_datas_own(store, review) -> None:
    """Reviewed as of 14 Aug 2026 on data to a later day, the report and the deck's cover said "Data as
    of 14 Aug 2026", as if the data stopped on the review day: both days are said, worded once."""
    from winloss.deals import data_as_of
    from winloss.text import day
    from winloss.views.review import dates_line

    data_day = data_as_of(store)
    assert data_day > REVIEW_DAY and review.data_day == data_day
    said = f"Reviewed as of 14 Aug 2026 · data to {day(data_day)}"
    assert dates_line(review) == said
    report = report_html(review)
    assert f"{said}." in report and "Data as of 14 Aug 2026" not in report
    cover = Presentation(io.BytesIO(deck_bytes(review))).slides[0]
    lines = [sh.text_frame.text for sh in every_shape(cover.shapes) if sh.has_text_frame]
    assert said in lines and not any("Data as of" in line for line in lines)
    # Every slide's footer says the same, not "data as of 14 Aug 2026".
    slides = Presentation(io.BytesIO(deck_bytes(review))).slides
    footers = [sh.text_frame.text for slide in slides for sh in every_shape(slide.shapes)
               if sh.has_text_frame and sh.text_frame.text.startswith("Quarterly review ")]
    assert footers and all(said in f and "data as of" not in f for f in footers), footers
    # Reviewed as of the data's own day: that one day, as before.
    today = review_from_store(store, QUARTER, hide_amounts=review.hide_amounts)
    assert dates_line(today) == f"Data as of {day(data_day)}"
    assert f"Data as of {day(data_day)}." in report_html(today)
