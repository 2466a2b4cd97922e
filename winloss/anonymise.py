"""Stable pseudonyms for reps and managers, so a screen-shared review shows no real names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import polars as pl


def pseudonyms(names: Iterable[str], prefix: str = "Rep") -> dict[str, str]:
    """Name -> "Rep 01"...; the order is a hash of the names, fixed per data set and not alphabetical."""
    distinct = sorted({n for n in names if n is not None}, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    width = max(2, len(str(len(distinct))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(distinct, start=1)}


def _by_first_deal(deals: pl.DataFrame, column: str) -> list[str]:
    """Names in the order of their first deal (ties by hash), so a rep who joins later takes the
    next number and everyone else keeps theirs: last quarter's "Rep 07" is this quarter's too."""
    dates = [c for c in ("created_date", "close_date") if c in deals.columns]
    first = (
        deals.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg((pl.coalesce(dates).min() if dates else pl.lit(None, pl.Date)).alias("first"))
        .with_columns(key=pl.col(column).map_elements(lambda n: hashlib.sha256(n.encode()).hexdigest(), return_dtype=pl.String))
        .sort("first", "key", nulls_last=True)
    )
    return first.get_column(column).to_list()


def _numbered(ordered: list[str], prefix: str) -> dict[str, str]:
    width = max(2, len(str(len(ordered))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(ordered, start=1)}


def anonymised(deals: pl.DataFrame) -> pl.DataFrame:
    """Deals with every rep and manager name replaced by its pseudonym, numbered by first deal."""
    reps = _numbered(_by_first_deal(deals, "rep"), "Rep")
    result = deals.with_columns(pl.col("rep").replace_strict(reps, default=None))
    if "manager" in deals.columns:
        managers = _numbered(_by_first_deal(deals, "manager"), "Manager")
        result = result.with_columns(pl.col("manager").replace_strict(managers, default=None))
    return result


def rep_pseudonyms(deals: pl.DataFrame) -> dict[str, str]:
    """Rep name -> the pseudonym `anonymised` gives it ("Rep 07"), for pages that list reps apart from deals."""
    return _numbered(_by_first_deal(deals, "rep"), "Rep")
