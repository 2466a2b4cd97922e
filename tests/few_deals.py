"""The Quarterly review's win rate by seller profile table (Review.profiles) with some profiles on too few deals in
one quarter, made from counts as views.review.profile_table makes it: their deals, won deals, win rate and its
interval (rates.wilson_exprs) changed, and that quarter's small-n flags by the engine's rule (common.too_few_expr),
never set by hand against its deals (the review once judged its chart all withheld by such flags, every page else by
the deals: tests/few_losses.py is the same for the no-decision table's losses)."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from winloss.rates import wilson_exprs
from winloss.views.common import too_few_expr


def with_few_deals(table: pl.DataFrame, profiles: Collection[int], deals: int = 8, previous: bool = False) -> pl.DataFrame:
    """`table` (seller_profile, won, n, win_rate, win_rate_lo, win_rate_hi, small_n, previous_win_rate, previous_n,
    previous_small_n, ...) with the profiles at the positions `profiles` on `deals` deals each, half of them won, in the
    quarter reviewed or, with `previous`, in the one before (no rate at all on 0 deals), and that quarter's small-n
    flags made from every profile's deals."""
    few = pl.int_range(pl.len()).is_in(list(profiles))
    won = deals // 2
    rate = won / deals if deals else None
    if previous:
        counted = table.with_columns(
            previous_n=pl.when(few).then(deals).otherwise(pl.col("previous_n")),
            previous_win_rate=pl.when(few).then(rate).otherwise(pl.col("previous_win_rate")),
        )
        return counted.with_columns(too_few_expr("previous_win_rate", counted.columns).alias("previous_small_n"))
    low, high = wilson_exprs(pl.lit(won), pl.lit(deals))
    counted = table.with_columns(
        won=pl.when(few).then(won).otherwise(pl.col("won")),
        n=pl.when(few).then(deals).otherwise(pl.col("n")),
        win_rate=pl.when(few).then(rate).otherwise(pl.col("win_rate")),
        win_rate_lo=pl.when(few).then(low).otherwise(pl.col("win_rate_lo")),
        win_rate_hi=pl.when(few).then(high).otherwise(pl.col("win_rate_hi")),
    )
    return counted.with_columns(too_few_expr("win_rate", counted.columns).alias("small_n"))
