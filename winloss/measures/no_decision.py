"""Why and how slowly deals end without a win: loss and no-decision reasons, days to close by outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, WON
from winloss.measures.counting import CYCLE_DAYS, OUTCOME, Deals, sort_keys
from winloss.measures.summary import closed_in_range


NO_REASON: Final = "(no reason given)"


def cycle_days_by_outcome(
    deals: Deals, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Days from created to close per closed outcome, closed in [start, end].

    Columns: outcome, deals (with a usable cycle), median_days, mean_days, p25_days, p75_days,
    left_out (closed deals without a created date, or created after their close date). Always
    three rows in the order won, lost, no_decision.
    """
    cycle = pl.col("_cycle")
    stats = (
        closed_in_range(deals, start, end)
        .with_columns(CYCLE_DAYS.alias("_cycle"))  # once, for the six statistics below
        .group_by(OUTCOME)
        .agg(
            cycle.count().cast(pl.Int64).alias("deals"),
            cycle.median().alias("median_days"),
            cycle.mean().alias("mean_days"),
            cycle.quantile(0.25, "linear").alias("p25_days"),
            cycle.quantile(0.75, "linear").alias("p75_days"),
            cycle.null_count().cast(pl.Int64).alias("left_out"),
        )
        # Text after grouping, to join the outcomes' names: the deals may hold an Enum, and casting
        # three rows costs nothing where casting every deal cost a fifth of the query.
        .with_columns(OUTCOME.cast(pl.String))
    )
    return (
        pl.LazyFrame({"outcome": list(CLOSED_OUTCOMES)})
        .join(stats, on="outcome", how="left", maintain_order="left")
        .with_columns(pl.col("deals", "left_out").fill_null(0))
        .collect()
    )


def loss_reasons(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    by: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Lost and no-decision deals closed in range by their raw reason, most frequent first.

    Columns: by columns, loss_reason ("(no reason given)" for blanks), outcome (what the reason
    was mapped to: lost or no_decision), deals, share (of the group's lost + no-decision deals),
    amount.
    """
    by = list(by or [])
    grouped = (
        closed_in_range(deals, start, end)
        .filter(OUTCOME != WON)
        .with_columns(pl.col("loss_reason").fill_null(NO_REASON))
        .group_by([*by, "loss_reason", "outcome"])
        .agg(pl.len().cast(pl.Int64).alias("deals"), pl.col("amount").sum())
    )
    total = pl.col("deals").sum().over(by) if by else pl.col("deals").sum()
    return (
        grouped.with_columns((pl.col("deals") / total).alias("share"))
        .sort(
            [*sort_keys(by), pl.col("deals"), pl.col("loss_reason")],
            descending=[False] * len(sort_keys(by)) + [True, False],
            nulls_last=True,
        )
        .select(*by, "loss_reason", "outcome", "deals", "share", "amount")
        .collect()
    )
