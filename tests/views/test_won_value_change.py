"""A change in won value is written one way on every screen and in every file: "-$50k (-2%)"."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from rendered import file_text

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss import text
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.exchange import ExchangeRates, in_reporting_currency
from winloss.filters import Filters, applied
from winloss.views import overview
from winloss.views.review import change_lines, headline_tiles, quarterly_review

SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
Q3 = Filters(preset="custom", start=date(2026, 4, 1), end=date(2026, 9, 30))


def closed(prefix: str, close: date, won: int, lost: int, amount: float) -> list[dict]:
    """`won` + `lost` deals closed on `close`, each created 30 days before and worth `amount`."""
    return [{
        "opportunity_id": f"{prefix}{i}", "rep": "Ann", "stage": "x", "outcome": "won" if i < won else "lost",
        "created_date": close - timedelta(days=30), "close_date": close, "amount": amount, "currency": "USD",
        "probability": None, "loss_reason": None, "account": f"Account {prefix}{i}", "segment": None, "region": None,
        "product": None, "competitor": None, "seller_profile": "Challenger", "team": "East", "manager": "Eve",
    } for i in range(won + lost)]


def two_quarters() -> pl.DataFrame:
    """2026 Q2: 20 won at 1,000; Q3: 20 won at 950 (5 lost in each). Won value -$1k, -5%."""
    rows = [*closed("P", date(2026, 5, 15), 20, 5, 1000.0), *closed("T", date(2026, 8, 15), 20, 5, 950.0)]
    return pl.DataFrame(rows, schema=SCHEMA)


def test_a_won_value_change_is_the_amount_and_the_percentage() -> None:
    assert text.won_value_change(2_070_000, 2_120_000) == "-$50k (-2%)"
    assert text.won_value_change(110.0, 100.0, "EUR") == "+€10 (+10%)"
    assert text.won_value_change(100.0, 100.0) == "±$0 (±0%)"
    assert text.won_value_change(500.0, 0.0) == "+$500"  # no percentage of nothing
    assert text.won_value_change(None, 100.0) is None


def test_the_overview_the_review_and_its_files_write_the_same_won_value_change() -> None:
    deals = two_quarters()
    _, value = overview.overview(applied(deals.lazy(), Q3), Q3, Q3.start, Q3.end).volumes
    review = quarterly_review(deals, "2026 Q3", date(2026, 12, 1))
    tile = next(t for t in headline_tiles(review) if t.kpi == "won_amount")
    assert value.change == tile.change == "-$1k (-5%)"
    for written in (report_html(review), file_text(deck_bytes(review))):
        assert "-$1k (-5%) vs 2026 Q2" in written


def test_a_quarter_whose_won_deals_all_lack_a_rate_is_said_so_on_the_overview_and_the_review() -> None:
    """Q2's won deals all in EUR, with no EUR rate: both screens withhold the won value's change for want of the
    rate, in the same words; the review's tile had read "—" (or "no won deals in Q2") where the Overview said it."""
    euro = pl.DataFrame([*closed("P", date(2026, 5, 15), 20, 5, 1000.0), *closed("T", date(2026, 8, 15), 20, 5, 950.0)],
                        schema=SCHEMA).with_columns(
        currency=pl.when(pl.col("opportunity_id").str.starts_with("P")).then(pl.lit("EUR")).otherwise(pl.lit("USD")))
    deals = in_reporting_currency(euro, ExchangeRates("USD", {}))
    _, value = overview.overview(applied(deals.lazy(), Q3), Q3, Q3.start, Q3.end).volumes
    review = quarterly_review(deals, "2026 Q3", date(2026, 12, 1))
    tile = next(t for t in headline_tiles(review) if t.kpi == "won_amount")
    assert value.withheld == "2026 Q3 vs Q2: no rate for EUR in Q2"
    assert change_lines(tile, review.previous, review.last_year)[0] == "vs 2026 Q2: no rate for EUR in Q2"
