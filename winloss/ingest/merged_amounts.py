"""Amounts a workbook writes as one cell merged over several deals: one figure, not each deal's.

A workbook's merged cell keeps its value in its top row only, and the reader fills it into every row
the cell spans, as a person reading the sheet sees it: a rep or a close date merged over three deals
belongs to all three. An amount does not: "10,000" merged over two deals is one figure shown for
both, and filled into each it would count 20,000. Nothing says how it splits between them, so their
rows are kept out with the reason (schemas.MERGED_AMOUNT, the amount_not_merged check). Rows of one
deal (its product lines, the same id on every row) may share their amount: it is counted once.
"""

from __future__ import annotations

from collections.abc import Mapping as MappingOf

import polars as pl

from data_models.schemas import MERGED_AMOUNT
from winloss.constant_columns import constant

# The money fields whose merged cells are one figure for several deals.
MONEY_FIELDS = ("amount", "converted_amount")


def merged_amount_flags(frame: pl.DataFrame, merged: pl.DataFrame, fields: MappingOf[str, str]) -> pl.Series:
    """schemas.MERGED_AMOUNT for each row of `frame` (its "__line" and "opportunity_id"): null, or
    merged_amount_flag(...) for a row whose amount (or converted amount) cell is merged over rows of
    different deals.

    `merged`: the table's vertically merged cells (RawTable.merged: column, first, last lines);
    `fields`: the mapping's field -> header. The first money field whose cell is so merged is named.
    """
    flags = constant(None, frame.height, pl.String).alias(MERGED_AMOUNT)
    headers = {fields[name]: name for name in MONEY_FIELDS if name in fields}
    ranges = merged.filter(pl.col("column").is_in(list(headers)))
    if ranges.height == 0 or frame.height == 0:
        return flags
    rows = frame.select("__line", "opportunity_id").with_row_index("row")
    spans = ranges.join_where(rows, pl.col("__line").is_between("first", "last"))
    several = (
        spans.group_by("column", "first", "last")
        .agg(pl.col("opportunity_id").n_unique().alias("deals"), pl.col("row"))
        .filter(pl.col("deals") > 1)
        .explode("row")
        .with_columns(pl.col("column").replace_strict(headers, return_dtype=pl.String).alias("field"))
        .sort("row", pl.col("field") != "amount")
        .unique("row", keep="first")
    )
    if several.height == 0:
        return flags
    said = several.select("row", pl.format("{}:{}:{}", "field", "first", "last").alias(MERGED_AMOUNT))
    return rows.select("row").join(said, on="row", how="left", maintain_order="left").get_column(MERGED_AMOUNT)


def merged_amount_parts(flag: str) -> tuple[str, int, int]:
    """(the money field, the merged cell's first line, its last line) of a merged_amount_flags value."""
    field, first, last = flag.split(":")
    return field, int(first), int(last)


def merged_amount_sentence(header: str, value: str | None, flag: str) -> str:
    """The quarantine reason of a row whose amount cell (`header`, `value` as written) is merged
    over several deals (`flag`: its merged_amount_flags value)."""
    _, first, last = merged_amount_parts(flag)
    return (
        f"{header} '{value}' is one cell merged over lines {first} to {last}, which are different deals: it is one "
        "amount shown for all of them, not each deal's, so none of those rows is stored; unmerge the cell in Excel, "
        "give each deal its own amount, and upload the file again."
    )
