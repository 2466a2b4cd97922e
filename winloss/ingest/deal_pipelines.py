"""The sales pipelines an opportunity export's deals come from, as its pipeline column names them.

A CRM keeps deals of several pipelines (HubSpot's "Sales Pipeline" and "Renewals", Pipedrive's pipelines), whose
stage names may repeat across them ("Closed won" in both). The store keeps no pipeline: a file holding deals of two
pipelines has them counted together in every figure (renewals as new business), which the column left "Not used"
did not say. `pipelines_note` says it once, in the file report, with how to keep a pipeline out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import polars as pl

from winloss.ingest.mapping import header_key
from winloss.text import listed, plural, quoted_name

# The headers of a deal's pipeline, folded by header_key: HubSpot's "Pipeline", Pipedrive's "Deal - Pipeline".
PIPELINE_HEADERS = frozenset({"pipeline", "deal pipeline"})
# The pipelines a note names one by one; more are counted ("and 3 more").
_NAMED = 5


def pipeline_column(columns: Sequence[str], mapped: Iterable[str]) -> str | None:
    """The one column of `columns` (a file's headers, as written) that no field reads (`mapped`: the mapping's
    columns) and whose header is a deal's pipeline (PIPELINE_HEADERS); None for none, or for two."""
    used = set(mapped)
    found = [c for c in columns if c not in used and header_key(c) in PIPELINE_HEADERS]
    return found[0] if len(found) == 1 else None


def pipeline_counts(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """The rows of `frame` (a file's rows as text, or a batch of them) per pipeline its `column` names, as written
    (leading and trailing spaces aside; blank cells are none): "pipeline" (String), "rows" (Int64), by pipeline
    (value_counts gives its groups in no set order, which can differ from run to run on several threads)."""
    values = frame.get_column(column).str.strip_chars()
    counted = values.filter(values.is_not_null() & (values != "")).value_counts(name="rows")
    return counted.select(pl.col(column).alias("pipeline"), pl.col("rows").cast(pl.Int64)).sort("pipeline")


def added(counts: pl.DataFrame | None, more: pl.DataFrame) -> pl.DataFrame:
    """Two pipeline_counts (of a file's batches so far and of the next one) as one, by pipeline as each is."""
    return more if counts is None else pl.concat([counts, more]).group_by("pipeline").agg(pl.col("rows").sum()).sort("pipeline")


def pipelines_note(column: str | None, counts: pl.DataFrame | None) -> str | None:
    """The file report's sentence when an opportunity export's pipeline column (`column`, pipeline_column) names two
    or more pipelines (`counts`: pipeline_counts of all its rows): how many, each with its rows (the most first),
    that they are counted together, and how to keep one out. None when the file has no such column or names one
    pipeline. Pipeline names are file text: escape the sentence to show it."""
    if column is None or counts is None or counts.height < 2:
        return None
    ordered = counts.sort(["rows", "pipeline"], descending=[True, False]).iter_rows()
    shown = [f"{quoted_name(name)} ({plural(rows, 'row')})" for name, rows in itertools.islice(ordered, _NAMED)]
    if counts.height > _NAMED:
        shown.append(f"{counts.height - _NAMED:,} more")
    return (f"This file holds deals of {counts.height} pipelines in its column '{column}': {listed(shown)}. They are "
            f"counted together in every figure, as one pipeline: the store keeps no pipeline. To keep a pipeline out, "
            f"filter the export by pipeline in the CRM and upload only the pipelines to count.")
