"""Deal-complexity bands on the hand-built deals."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from small_deals import Q1_2025, generated_deals, make_deals

from winloss.measures.bands import complexity_bands, win_rate_by_profile_and_band


def test_complexity_bands_by_amount(deals: pl.LazyFrame) -> None:
    bands = complexity_bands(deals, *Q1_2025, basis="amount")
    # Closed Q1 amounts 50 100 100 150 200 300 400: terciles at positions 2 and 4 -> 100, 200.
    assert bands.cuts == pytest.approx((100.0, 200.0))
    assert bands.left_out == 2  # D04, D05 have no amount
    table = bands.table
    assert table["band"].to_list() == ["Small", "Medium", "Large"]
    # Small: D06 50 lost, D01 100 won, D09 100 nd. Medium: D08 150 won, D03 200 lost.
    # Large: D02 300 won, D07 400 nd. Open: D13 90 small, D11 500 large.
    assert table["closed"].to_list() == [3, 2, 2]
    assert table["won"].to_list() == [1, 1, 1]
    assert table["open"].to_list() == [1, 0, 1]
    assert bands.caption.startswith("Small = up to $100, Medium = $100–$200, Large = over $200")
    # Amounts as every amount reads: with the currency's symbol, in the store's currency.
    assert bands.described("EUR").startswith("Small = up to €100, Medium = €100–€200, Large = over €200")


def test_complexity_bands_of_an_empty_range(deals: pl.LazyFrame) -> None:
    bands = complexity_bands(deals, date(2020, 1, 1), date(2020, 3, 31))
    assert bands.cuts == (None, None)
    assert bands.table.height == 0
    assert bands.caption == "No closed deals in range to band."


def test_win_rate_by_profile_and_cycle_band(deals: pl.LazyFrame) -> None:
    bands = win_rate_by_profile_and_band(deals, *Q1_2025, basis="cycle")
    # Q1 cycles 55 58 59 67 70 72 76 170 (D08 left out): terciles at positions 7/3 and 14/3,
    # 59 + 1/3 * (67 - 59) = 61.67 and 70 + 2/3 * (72 - 70) = 71.33.
    assert bands.cuts == pytest.approx((59 + 8 / 3, 70 + 4 / 3))
    assert bands.left_out == 1
    assert bands.labels == ("Short", "Medium", "Long")
    # "terciles of days from created to close" read as jargon: the bands in words, the term in brackets.
    assert bands.caption == (
        "Short = up to 61.7 days, Medium = 61.7–71.3 days, Long = over 71.3 days: the shortest third, the middle "
        "third and the longest third by days from created to close of the closed deals in range (terciles)"
    )
    rows = {(r["seller_profile"], r["band"]): r["closed"] for r in bands.table.iter_rows(named=True)}
    # Challenger: short D04 55, D05 59; medium D03 67, D01 70; long D06 72, D02 76, D07 170.
    # Hard Worker: D09 58 short.
    assert rows == {
        ("Challenger", "Short"): 2,
        ("Challenger", "Medium"): 2,
        ("Challenger", "Long"): 3,
        ("Hard Worker", "Short"): 1,
    }
    assert "days" in bands.caption


def test_complexity_bands_with_given_cut_points(deals: pl.LazyFrame) -> None:
    bands = complexity_bands(deals, *Q1_2025, basis="amount", cuts=(60.0, 150.0))
    assert bands.cuts == (60.0, 150.0)
    # Small: D06 50 lost, open D13... 90 is medium. Medium: D01 100 won, D09 100 nd, D08 150 won
    # (+ open D13 90). Large: D03 200 lost, D02 300 won, D07 400 nd (+ open D11 500).
    assert bands.table["band"].to_list() == ["Small", "Medium", "Large"]
    assert bands.table["closed"].to_list() == [1, 3, 3]
    assert bands.table["open"].to_list() == [0, 1, 1]
    assert bands.left_out == 2  # still the closed deals in range without an amount
    assert bands.caption == (
        "Small = up to $60, Medium = $60–$150, Large = over $150: the smallest third, the middle third and the "
        "largest third by amount of all closed deals (terciles)"
    )
    named = win_rate_by_profile_and_band(deals, *Q1_2025, cuts=(60.0, 150.0), cuts_from="the sidebar's")
    assert named.cuts == (60.0, 150.0) and named.caption.endswith("by amount of the sidebar's (terciles)")


@pytest.mark.parametrize("basis", ["amount", "cycle"])
def test_given_cut_points_leave_out_the_closed_deals_in_range_without_the_value(basis: str) -> None:
    # With cut points given, the deals left out are read off the summary's band-less rows instead of
    # being counted in a pass of their own: they must be the same deals. Every tenth deal loses its
    # amount, every seventh is created after its close (no usable cycle); open deals have no band by
    # cycle and are not counted.
    deals = generated_deals().with_row_index().with_columns(
        pl.when(pl.col("index") % 10 == 0).then(None).otherwise(pl.col("amount")).alias("amount"),
        pl.when(pl.col("index") % 7 == 0).then(pl.col("close_date") + pl.duration(days=3))
        .otherwise(pl.col("created_date")).alias("created_date"),
    ).drop("index")
    start, end = date(2025, 10, 1), date(2026, 9, 30)
    closed = deals.filter(pl.col("outcome").is_in(["won", "lost", "no_decision"]),
                          pl.col("close_date").is_between(start, end))
    value = pl.col("amount") if basis == "amount" else pl.col("close_date") - pl.col("created_date")
    unvalued = closed.filter(value.is_null() | (value < pl.duration(days=0) if basis == "cycle" else value.is_null()))
    cuts = (40_000.0, 120_000.0) if basis == "amount" else (60.0, 120.0)
    bands = win_rate_by_profile_and_band(deals, start, end, basis, cuts=cuts)  # type: ignore[arg-type]
    assert bands.left_out == unvalued.height > 0
    assert bands.left_out == win_rate_by_profile_and_band(deals, start, end, basis).left_out  # as the terciles' pass counts them


def test_a_cut_point_is_written_as_exactly_as_the_deals_beside_it_need() -> None:
    # Cut at 120,500: "$121k" would put the deals of 120,600-120,900, counted Large, under it in words.
    amounts = [10_000.0] * 3 + [120_500.0] * 3 + [120_600.0, 120_900.0, 200_000.0]
    deals = make_deals([(f"D{i}", "Ann", "won", date(2025, 1, 1), date(2025, 2, 1), amount, None, None)
                        for i, amount in enumerate(amounts)])
    bands = complexity_bands(deals, *Q1_2025, cuts=(50_000.0, 120_500.0))
    assert "Medium = $50k–$120.5k, Large = over $120.5k" in bands.caption
    sides = {r["band"]: r["closed"] for r in bands.table.iter_rows(named=True)}
    assert sides == {"Small": 3, "Medium": 3, "Large": 3}


def test_a_cut_point_between_distant_deals_keeps_three_figures(deals: pl.LazyFrame) -> None:
    bands = complexity_bands(deals, *Q1_2025, basis="amount", cuts=(60.0, 120_500.0))
    assert bands.caption.startswith("Small = up to $60, Medium = $60–$121k, Large = over $121k")
