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


def anonymised(deals: pl.DataFrame) -> pl.DataFrame:
    """Deals with every rep and manager name replaced by its pseudonym."""
    reps = pseudonyms(deals.get_column("rep").unique().to_list())
    result = deals.with_columns(pl.col("rep").replace_strict(reps, default=None))
    if "manager" in deals.columns:
        managers = pseudonyms(deals.get_column("manager").drop_nulls().unique().to_list(), prefix="Manager")
        result = result.with_columns(pl.col("manager").replace_strict(managers, default=None))
    return result
