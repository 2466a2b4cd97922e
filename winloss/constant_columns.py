"""A column of one value repeated, made without running a Polars query.

`pl.repeat(value, n, eager=True)` runs a whole query (plan, optimiser, executor) for each column:
about 70 microseconds, against 5 for copying one value. Preparing a small file made some twenty
such columns (every field the file does not map, each helper column), a few percent of its time.
"""

from __future__ import annotations

import polars as pl


def constant(value: object, length: int, dtype: pl.DataType | type[pl.DataType], name: str = "literal") -> pl.Series:
    """`length` copies of `value` (None for nulls) as a Series of `dtype` named `name`: the Series
    `pl.repeat(value, length, dtype=dtype, eager=True)` gives (whose name is "literal"), in one chunk.
    Raises what Polars raises for a value `dtype` cannot hold."""
    return pl.Series(name, [value], dtype=dtype).new_from_index(0, length)
