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
    # 59 + 1/3 * (67 - 59) = 61.67 and 70 + 2/3 * (72 - 70) = 71.33, cut as written: 61.7 and 71.3.
    assert bands.cuts == (61.7, 71.3)
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


def test_a_cut_point_is_the_number_its_words_give() -> None:
    # Cut at 120,500: the band cuts at $121k, as written, so the deals of 120,600-120,900 are Medium, as the
    # words say ("$121k" over a cut at 120,500 put them, counted Large, under it in words).
    amounts = [10_000.0] * 3 + [120_500.0] * 3 + [120_600.0, 120_900.0, 200_000.0]
    deals = make_deals([(f"D{i}", "Ann", "won", date(2025, 1, 1), date(2025, 2, 1), amount, None, None)
                        for i, amount in enumerate(amounts)])
    bands = complexity_bands(deals, *Q1_2025, cuts=(50_000.0, 120_500.0))
    assert bands.cuts == (50_000.0, 121_000.0)
    assert "Medium = $50k–$121k, Large = over $121k" in bands.caption
    sides = {r["band"]: r["closed"] for r in bands.table.iter_rows(named=True)}
    assert sides == {"Small": 3, "Medium": 5, "Large": 1}


def eu_amounts(seed: int, deals: int = 154) -> list[float]:
    """Amounts with cents, as a European export gives them ("53.912,61 €"): a tercile falls on one."""
    import random

    chosen = random.Random(seed)
    return [round(chosen.uniform(5_000, 95_000), 2) for _ in range(deals)]


def cents_deals(amounts: list[float]) -> pl.LazyFrame:
    return make_deals([(f"D{i}", "Ann", "won" if i % 2 else "lost", date(2025, 1, 1), date(2025, 2, 1), amount, None, None)
                       for i, amount in enumerate(amounts)])


def written_cuts(caption: str) -> tuple[float, float]:
    """The two cut points a caption's words give ("Small = up to €29.3k, ... Large = over €59.3k")."""
    import re

    scales = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9}
    found = re.match(r"Small = up to €(?P<lo>[\d.,]+)(?P<lo_s>[kMB]?), .* Large = over €(?P<hi>[\d.,]+)(?P<hi_s>[kMB]?):",
                     caption)
    assert found, caption
    return (float(found["lo"].replace(",", "")) * scales[found["lo_s"]],
            float(found["hi"].replace(",", "")) * scales[found["hi_s"]])


def test_the_size_bands_of_amounts_with_cents_are_written_in_three_figures() -> None:
    """The Seller profiles page read "Medium = €29.3k–€59.33141k, Large = over €59.33141k": the sidebar's cut
    point fell on a deal of €59,331.41, and only every digit of it kept that deal on its side in words."""
    from winloss.filters import size_cut_points

    amounts = [12_000.5, 20_000.4, 25_000.75, 29_301.23, 41_000.01, 59_331.41, 72_343.46, 88_000.99, 90_000.12]
    deals = cents_deals(amounts)
    cuts = size_cut_points(deals)
    assert cuts == (29_300.0, 59_300.0)  # the terciles, deals of €29,301.23 and €59,331.41, as written
    bands = complexity_bands(deals, *Q1_2025, cuts=cuts)
    assert bands.described("EUR").startswith("Small = up to €29.3k, Medium = €29.3k–€59.3k, Large = over €59.3k")
    # Each deal where the words put it: €29,301.23 over €29.3k, €59,331.41 over €59.3k.
    sides = {r["band"]: r["closed"] for r in bands.table.iter_rows(named=True)}
    assert sides == {"Small": 3, "Medium": 2, "Large": 4}


@pytest.mark.parametrize("seed", range(12))
def test_every_cut_point_of_amounts_with_cents_says_of_each_deal_what_its_band_does(seed: int) -> None:
    """A sweep of files of amounts with cents: each cut is written in at most three figures, and each deal is
    on the side of it the words give (Small: up to the first; Large: over the second), whichever way the
    cut points were found (the sidebar's, given; the range's own terciles)."""
    from winloss.filters import size_cut_points

    amounts = eu_amounts(seed, 30 + seed * 7)
    deals = cents_deals(amounts)
    for bands in (complexity_bands(deals, *Q1_2025, cuts=size_cut_points(deals)), complexity_bands(deals, *Q1_2025)):
        caption = bands.described("EUR")
        lo, hi = written_cuts(caption)
        for cut in (lo, hi):
            assert len(f"{cut:.15g}".replace(".", "").strip("0")) <= 3, caption
        said = {"Small": sum(a <= lo for a in amounts), "Medium": sum(lo < a <= hi for a in amounts),
                "Large": sum(a > hi for a in amounts)}
        sides = {r["band"]: r["closed"] for r in bands.table.iter_rows(named=True)}
        assert sides == {band: n for band, n in said.items() if n}, caption


def test_a_cut_point_between_distant_deals_keeps_three_figures(deals: pl.LazyFrame) -> None:
    bands = complexity_bands(deals, *Q1_2025, basis="amount", cuts=(60.0, 120_500.0))
    assert bands.caption.startswith("Small = up to $60, Medium = $60–$121k, Large = over $121k")


def test_terciles_on_one_amount_say_the_middle_band_holds_no_deal() -> None:
    """Five of seven closed deals at the list price put both terciles on it: the caption read "Medium =
    $1k–$1k", a band no deal can be in, beside an empty row of the chart."""
    amounts = [500.0, 1_000.0, 1_000.0, 1_000.0, 1_000.0, 1_000.0, 4_000.0]
    deals = make_deals([(f"D{i}", "Ann", "won" if i % 2 else "lost", date(2025, 1, 1), date(2025, 2, 1), amount, None, None)
                        for i, amount in enumerate(amounts)])
    bands = complexity_bands(deals, *Q1_2025)
    assert bands.cuts == (1_000.0, 1_000.0)
    assert {r["band"]: r["closed"] for r in bands.table.iter_rows(named=True)} == {"Small": 6, "Large": 1}
    assert bands.described("USD") == (
        "Small = up to $1k, Large = over $1k; Medium holds no deal: a third or more of the closed deals in range have "
        "$1k exactly, so both cuts between thirds (terciles) fall on it")
    assert "–" not in bands.described("USD")
