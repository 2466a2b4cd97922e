"""The Quarterly review's no-decision table (Review.no_decision) with some quarters on too few losses, made from
counts as views.review.no_decision_table makes it: their lost and no-decision deals, share of losses and its
interval (rates.wilson_exprs) changed, and every quarter's small_n flag by the engine's rule (common.too_few_expr),
never set by hand against its losses (the review once judged its chart by such flags, every page else by the losses)."""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from winloss.rates import wilson_exprs
from winloss.views.common import too_few_expr

SHARE = "no_decision_share_of_losses"


def with_few_losses(table: pl.DataFrame, quarters: Collection[int], losses: int = 8) -> pl.DataFrame:
    """`table` (quarter, lost, no_decision, losses, no_decision_share_of_losses (+ _lo, _hi), small_n, ...) with
    the quarters at the positions `quarters` on `losses` losses each, half of them no decision, and small_n made
    from every quarter's losses."""
    few = pl.int_range(pl.len()).is_in(list(quarters))
    undecided = losses // 2
    low, high = wilson_exprs(pl.lit(undecided), pl.lit(losses))
    counted = table.with_columns(
        lost=pl.when(few).then(losses - undecided).otherwise(pl.col("lost")),
        no_decision=pl.when(few).then(undecided).otherwise(pl.col("no_decision")),
        losses=pl.when(few).then(losses).otherwise(pl.col("losses")),
        **{SHARE: pl.when(few).then(undecided / losses if losses else None).otherwise(pl.col(SHARE)),
           f"{SHARE}_lo": pl.when(few).then(low).otherwise(pl.col(f"{SHARE}_lo")),
           f"{SHARE}_hi": pl.when(few).then(high).otherwise(pl.col(f"{SHARE}_hi"))},
    )
    return counted.with_columns(too_few_expr(SHARE, counted.columns).alias("small_n"))
