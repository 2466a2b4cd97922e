"""Open deals at risk on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
from small_deals import ids

from winloss.measures.at_risk import at_risk_open_deals


def test_at_risk_open_deals(deals: pl.LazyFrame) -> None:
    # Won cycles 59 (D05), 70 (D01), 75 (D14), 76 (D02); the 80th percentile (nearest) is 75.
    frame = at_risk_open_deals(deals, today=date(2025, 5, 1))
    assert frame["opportunity_id"].to_list() == ["D11", "D13"]  # amount 500, then 90
    d11, d13 = frame.iter_rows(named=True)
    # D11: created 1 Feb -> 89 days open > 75; expected 30 Apr, one day ago.
    assert d11["days_open"] == 89
    assert d11["reason"] == (
        "Open 89 days (won deals close within 75 days at the 80th percentile); "
        "Expected close date passed 1 day ago"
    )
    # D13: no created date, so only its expected close (15 Jan, 106 days ago) counts.
    assert d13["days_open"] is None
    assert d13["reason"] == "Expected close date passed 106 days ago"
    # D12 (created 1 May, expected 30 Jun) is fine.
    assert frame.columns == [
        "opportunity_id",
        "rep",
        "seller_profile",
        "account",
        "amount",
        "stage",
        "created_date",
        "close_date",
        "days_open",
        "reason",
    ]


def test_at_risk_uses_the_percentile_asked_for(deals: pl.LazyFrame) -> None:
    # The 25th percentile (nearest) of 59 70 75 76 is 70: D11 at 89 days is over it on
    # 29 Apr, and not yet past its expected close.
    frame = at_risk_open_deals(deals, date(2025, 4, 29), percentile=0.25)
    d11 = frame.filter(pl.col("opportunity_id") == "D11").row(0, named=True)
    assert d11["reason"] == "Open 87 days (won deals close within 70 days at the 25th percentile)"
    assert at_risk_open_deals(deals, date(2025, 2, 1)).height == 1  # only D13
    assert ids(at_risk_open_deals(deals, date(2025, 5, 1), limit=1)) == ["D11"]
