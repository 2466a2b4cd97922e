"""Win rates by deal complexity: terciles of amount (Small/Medium/Large) or of days to close."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

import polars as pl

from winloss.measures.counting import CYCLE_DAYS, IS_CLOSED, SORT_ORDERS, Deals, closed_between, lazy, open_by
from winloss.measures.summary import summary_query
from winloss.rates import MIN_N, Denominator
from winloss.exchange import Unconverted
from winloss.text import DEFAULT_CURRENCY, compact, money, significant


BAND_LABELS: Final = {"amount": ("Small", "Medium", "Large"), "cycle": ("Short", "Medium", "Long")}
# Each band in plain words, as a caption says it: "terciles of amount" alone read as jargon.
BAND_THIRDS: Final = {"amount": ("smallest", "middle", "largest"), "cycle": ("shortest", "middle", "longest")}


@dataclass(frozen=True)
class Bands:
    """Win rates by deal-complexity tercile, with the cut points a caption needs."""

    basis: str
    labels: tuple[str, str, str]
    cuts: tuple[float | None, float | None]
    table: pl.DataFrame
    """The group columns, band, then SUMMARY_COLUMNS."""
    left_out: int
    """Closed deals in range without the value banded on (no amount, or no usable cycle)."""
    cuts_from: str | None = None
    """Whose terciles the cuts are when they were given (None: the closed deals in range)."""
    unconverted: Unconverted | None = None
    """Of `left_out`, by amount, those whose amount no exchange rate converts (views.profiles.bands sets it):
    a caption tells them from deals with no amount at all."""

    @property
    def caption(self) -> str:
        """The cut points in words, amounts in the default currency (`described`)."""
        return self.described()

    def described(self, currency: str | None = None) -> str:
        """E.g. "Small = up to $40.8k, Medium = $40.8k–$120.5k, Large = over $120.5k: the smallest third, the
        middle third and the largest third by amount of the closed deals in range (terciles)":
        amounts as text.money writes them in `currency` (ISO 4217), cycle lengths in days. Each cut is
        a number as written (cut_points), so the words say of every deal what its band does."""
        lo, hi = self.cuts
        if lo is None or hi is None:
            if self.basis == "amount" and self.left_out:  # closed deals there are: none has an amount to band by
                return f"No closed deal has an amount in {currency or DEFAULT_CURRENCY} to band by size."
            return "No closed deals in range to band."
        if self.basis == "amount":
            low_text, high_text = money(lo, currency), money(hi, currency)
            unit = ""
        else:
            low_text, high_text, unit = compact(lo), compact(hi), " days"
        low, middle, high = self.labels
        what = "amount" if self.basis == "amount" else "days from created to close"
        whose = self.cuts_from or "the closed deals in range"
        first, second, third = BAND_THIRDS[self.basis]
        if lo == hi:
            # Both terciles fall on one value (a third or more of the deals share it: a list price, a 30-day cycle):
            # "Medium = $1k–$1k" named a band no deal can be in. The middle band is said to be empty, and why.
            return (
                f"{low} = up to {low_text}{unit}, {high} = over {high_text}{unit}; {middle} holds no deal: a third or"
                f" more of {whose} have {low_text}{unit} exactly, so both cuts between thirds (terciles) fall on it"
            )
        return (
            f"{low} = up to {low_text}{unit}, {middle} = {low_text}–{high_text}{unit},"
            f" {high} = over {high_text}{unit}: the {first} third, the {second} third and the {third} third"
            f" by {what} of {whose} (terciles)"
        )


def cut_points(lo: float | None, hi: float | None) -> tuple[float, float] | None:
    """Two terciles as the cut points bands are made with: each to text.compact's three significant
    figures (text.significant), the number the caption writes, so "up to €59.3k" holds every deal the band
    holds and no other; None when either is missing (nothing to band). A tercile falls on a deal's own
    amount, cents and all: written as it was, "Large = over €59.33141k"; rounded in words only, a deal of
    €59,320 counted Small would read as over the cut. A cut moves by at most 0.5%, so a third stays a third
    but for the few deals between the tercile and its written number."""
    if lo is None or hi is None:
        return None
    return significant(lo), significant(hi)


def complexity_bands(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    basis: Literal["amount", "cycle"] = "amount",
    by: Sequence[str] | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    cuts: tuple[float, float] | None = None,
    cuts_from: str = "all closed deals",
) -> Bands:
    """Terciles of amount (Small/Medium/Large) or cycle days (Short/Medium/Long).

    Cut points are the 1/3 and 2/3 quantiles (linear) of the closed deals in range, as written (cut_points:
    three figures); a deal at or below the first cut is in the low band, at or below the second in the
    middle one. By amount,
    open deals are banded too (their open count); by cycle only closed deals have a cycle.
    `cuts` (lo, hi) replaces the computed cut points (e.g. the sidebar's all-time deal-size
    bands, so "Large" means the same everywhere); `cuts_from` then says, in the caption, of which
    deals they are the terciles.
    """
    if basis not in BAND_LABELS:
        raise ValueError(f'Unknown basis "{basis}"; choose amount or cycle.')
    by = list(by or [])
    labels = BAND_LABELS[basis]
    value = pl.col("amount") if basis == "amount" else pl.when(IS_CLOSED).then(CYCLE_DAYS)
    in_range = closed_between(start, end)
    # Only the rows outcome_summary counts, so the value and band are derived for those alone.
    lf = (
        lazy(deals)
        .filter(in_range | open_by(end))
        .with_columns(value.cast(pl.Float64).alias("_value"))
    )
    v = pl.col("_value")
    if cuts is None:
        found = (
            lf.filter(in_range)
            .select(
                v.quantile(1 / 3, "linear").alias("lo"),
                v.quantile(2 / 3, "linear").alias("hi"),
                v.null_count().alias("left_out"),
            )
            .collect()
            .row(0, named=True)
        )
        lo, hi = cut_points(found["lo"], found["hi"]) or (None, None)
        left_out: int | None = int(found["left_out"])
    else:  # given cut points: no quantiles to find, which sort every value in range
        lo, hi = cut_points(*cuts) or (None, None)  # as written, whoever found them
        # Counted from the table below, without a pass of its own over the deals, unless nothing is banded.
        left_out = None
        if lo is None or hi is None:
            left_out = int(lf.filter(in_range).select(v.null_count()).collect().item())
    # Bands as an Enum: a small integer per deal where text would write a string for each of a
    # million deals; the table's few rows are cast back to text. Every band name the sort order
    # knows is a category, as the sort maps them all.
    coded = pl.Enum(list(SORT_ORDERS["band"]))
    if lo is None or hi is None:  # nothing to band: every band is empty
        band = pl.lit(None, dtype=coded)
    else:
        # Cuts first, then banding against two literals: cheaper than broadcasting the quantiles.
        band = (
            pl.when(v <= lo)
            .then(pl.lit(labels[0], dtype=coded))
            .when(v <= hi)
            .then(pl.lit(labels[1], dtype=coded))
            .when(v.is_not_null())
            .then(pl.lit(labels[2], dtype=coded))
        )
    banded = lf.with_columns(band.alias("band"))
    table = summary_query(banded, [*by, "band"], start, end, denominator, min_n).collect()
    if left_out is None:
        # With both cut points every closed deal that has the value gets a band: the closed deals
        # in range left without one are exactly those without the value.
        left_out = int(table.filter(pl.col("band").is_null())["closed"].sum())
    return Bands(
        basis=basis,
        labels=labels,
        cuts=(lo, hi),
        table=table.filter(pl.col("band").is_not_null()).with_columns(pl.col("band").cast(pl.String)),
        left_out=left_out,
        cuts_from=None if cuts is None else cuts_from,
    )


def win_rate_by_profile_and_band(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    basis: Literal["amount", "cycle"] = "amount",
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    cuts: tuple[float, float] | None = None,
    cuts_from: str = "all closed deals",
) -> Bands:
    """complexity_bands by seller_profile: does a profile win more of the large deals?"""
    return complexity_bands(deals, start, end, basis, ["seller_profile"], denominator, min_n, cuts, cuts_from)
