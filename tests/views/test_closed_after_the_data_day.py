"""A closed deal dated after the data's day makes no quarter, is compared with none and ends no range.

Found in a browser: an export of 7 Dec 2026 held one "Closed Won" deal dated 15 Jan 2027. Stored, it made All time
run to 15 Jan, every Overview tile compared "2027 Q1 to 15 Jan vs 2026 Q4 to 15 Oct" (Closed deals "↓ -9 (1 vs 10)")
and the Quarterly review's quarter list started with "2027 Q1". Ingest now quarantines such a deal
(ingest.future_closes, tests/ingest/test_date_reasons.py); the engine keeps to the data's day besides
(periods.known_day, filters.date_range, views.review.ReviewDays.closed_by), and a store holding one from before
the rule counts it on no page and says so (deals.closed_after_data_day, Uncounted).

Hand-written deals, one rep (Ann), each worth 100, the data of 7 Dec 2026:
  2026 Q3, 15 Jul: 10 won, 10 lost, 5 no decision
  2026 Q4, 20 Oct: 10 won,  3 lost, 2 no decision
  2027 Q1, 15 Jan:  1 won (after the data's day)
"""

from __future__ import annotations

import io
from datetime import date, timedelta

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.filters import Filters, applied, date_range
from winloss.views import overview
from winloss.views.common import compared_quarter
from winloss.views.review import quarterly_review, review_days, review_quarters

AS_OF = date(2026, 12, 7)
LATE = date(2027, 1, 15)
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
HEADER = "opportunity_id,rep,stage,outcome,created_date,close_date,amount,currency,seller_profile,team,manager"


def csv_rows(prefix: str, close: date, **outcomes: int) -> list[str]:
    """CSV lines of Ann's deals closed on `close`, so many of each outcome, each created 30 days before."""
    kinds = [o for o, count in outcomes.items() for _ in range(count)]
    return [f"{prefix}{i},Ann,{o},{o},{close - timedelta(days=30)},{close},100,USD,Challenger,East,Eve"
            for i, o in enumerate(kinds)]


def read(text: str) -> pl.LazyFrame:
    """The deals of a CSV text as the views take them: every column of SCHEMA, those it lacks blank."""
    frame = pl.read_csv(io.StringIO(text), try_parse_dates=True)
    return frame.select(pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
                        for c, t in SCHEMA.items()).lazy()


@pytest.fixture
def deals() -> pl.LazyFrame:
    lines = [HEADER, *csv_rows("E", date(2026, 7, 15), won=10, lost=10, no_decision=5),
             *csv_rows("Q", date(2026, 10, 20), won=10, lost=3, no_decision=2), *csv_rows("F", LATE, won=1)]
    return applied(read("\n".join(lines) + "\n"), Filters())


def test_all_time_ends_on_the_data_day_and_its_tiles_compare_the_data_days_quarter(deals) -> None:
    start, end = date_range(Filters(preset="all"), AS_OF, (date(2026, 7, 15), LATE), AS_OF)
    assert (start, end) == (date(2026, 7, 15), AS_OF)
    figures = overview.overview(deals, Filters(preset="all"), start, end, as_of=AS_OF)
    change = figures.change.row(0, named=True)
    assert (change["quarter"], change["previous_quarter"]) == ("2026 Q4 to date", "2026 Q3 to the same day")
    assert (change["closed"], change["closed_previous"]) == (15, 25)
    assert figures.summary["closed"][0] == 40  # the 15 Jan deal in no count
    assert figures.trend["quarter"].to_list()[-1] == "2026 Q4 to date"
    assert figures.trend["closed"].to_list() == [25, 15]


def test_a_range_past_the_data_day_makes_no_quarter_of_a_later_close(deals) -> None:
    """Handed a range that runs past the data's day (a custom To of 31 Mar 2027), the compared quarter and the
    trend's quarters still end on the data's day: one rule, periods.known_day."""
    custom = Filters(preset="custom", start=date(2026, 7, 1), end=date(2027, 3, 31))
    assert compared_quarter(deals, custom.start, custom.end, 1, AS_OF) == "2026 Q4"
    figures = overview.overview(deals, custom, custom.start, custom.end, as_of=AS_OF)
    assert figures.change.row(0, named=True)["quarter"] == "2026 Q4 to date"
    assert "2027 Q1" not in " ".join(figures.trend["quarter"].to_list())
    assert figures.trend["closed"].to_list() == [25, 15]


def test_the_reviews_quarter_list_starts_with_the_data_days_quarter(deals) -> None:
    days = review_days(date(2026, 7, 15), AS_OF)
    assert review_quarters(deals, days, AS_OF) == ["2026 Q4", "2026 Q3"]
    review = quarterly_review(deals, "2026 Q4", AS_OF)
    assert (review.quarter, review.previous, review.closed) == ("2026 Q4 to date", "2026 Q3 to the same day", 15)


def test_a_store_holding_one_from_before_the_rule_counts_it_on_no_page_and_says_so(tmp_path, monkeypatch) -> None:
    """Stored as ingest did before it quarantined such deals (its check turned off here): every page leaves the
    deal out, and the banner every page shows (Uncounted, the command line's too) says why and what to do."""
    from winloss.deals import deals as measured, uncounted_deals
    from winloss.ingest import validation
    from winloss.ingest.pipeline import commit, prepare
    from winloss.store.delta import Store
    from winloss.text import day

    today = date.today()
    text = "\n".join(["Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date",
                      f"A1,Ann Lee,Closed Won,100,{today - timedelta(days=90)},{today - timedelta(days=20)}",
                      f"A2,Ann Lee,Negotiation,100,{today - timedelta(days=30)},{today + timedelta(days=40)}",
                      f"A3,Ann Lee,Closed Won,100,{today - timedelta(days=30)},{today + timedelta(days=39)}"]) + "\n"
    monkeypatch.setattr(validation, "closed_after", lambda frame, on: [])
    store = Store(tmp_path / "store")
    commit(store, prepare(text.encode(), "before_the_rule.csv"))
    monkeypatch.undo()
    assert sorted(measured(store).get_column("opportunity_id").to_list()) == ["A1", "A2"]
    said = (f"1 stored closed deal closes after the data's day ({day(today)}), so no page counts it: correct its close "
            "date in the CRM and upload a new export.")
    uncounted = uncounted_deals(store)
    assert uncounted.deals == 1
    assert said in uncounted.page_sentences and said in uncounted.anonymised_sentences
    assert said in uncounted.command_line_sentences
