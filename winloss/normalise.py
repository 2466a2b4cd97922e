"""Turn a raw text table and its mapping into typed canonical columns, ready for validation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from data_models.schemas import PARSED_FIELDS, raw
from data_models.vocabulary import OPPORTUNITY_SCHEMA, ROSTER_SCHEMA, UNPROFILED, canonical_profile
from winloss import values
from winloss.mapping import Mapping, with_outcomes


@dataclass(frozen=True)
class Normalised:
    """A file's rows as canonical typed columns, row for row with the raw table."""

    frame: pl.DataFrame  # __line, canonical fields, __raw_<field> for parsed fields
    notes: list[str]  # sentences about choices made (e.g. a date order read from ambiguous data)


def normalised_opportunities(
    table: pl.DataFrame,
    mapping: Mapping,
    no_decision_reasons: Iterable[str],
    day_first: bool | None = None,
) -> Normalised:
    """Canonical opportunity columns parsed from the mapped text columns."""
    notes: list[str] = []
    text = {f: pl.col(c) for f, c in mapping.fields.items()}
    columns: list[pl.Expr] = [pl.col("__line")]
    for name, dtype in OPPORTUNITY_SCHEMA.items():
        if name == "outcome" or name in PARSED_FIELDS:
            continue
        columns.append((text[name] if name in text else pl.lit(None)).cast(dtype).alias(name))
    if "amount" in text:
        columns += [values.money(text["amount"]).alias("amount"), text["amount"].alias(raw("amount"))]
        if "currency" not in text:
            columns = [c for c in columns if c.meta.output_name() != "currency"]
            columns.append(values.currency(text["amount"]).alias("currency"))
    else:
        columns.append(pl.lit(None, pl.Float64).alias("amount"))
    if "probability" in text:
        columns += [values.percent(text["probability"]).alias("probability"), text["probability"].alias(raw("probability"))]
    else:
        columns.append(pl.lit(None, pl.Float64).alias("probability"))
    frame = table.select(columns)
    for name in ("created_date", "close_date"):
        if name in mapping.fields:
            parsed = values.dates(table.get_column(mapping.fields[name]), mapping.fields[name], day_first)
            if parsed.note:
                notes.append(parsed.note)
            frame = frame.with_columns(parsed.values.alias(name), table.get_column(mapping.fields[name]).alias(raw(name)))
        else:
            frame = frame.with_columns(pl.lit(None, pl.Date).alias(name))
    frame = with_outcomes(frame, no_decision_reasons)
    ordered = ["__line", *OPPORTUNITY_SCHEMA.names(), *[c for c in frame.columns if c.startswith("__raw_")]]
    return Normalised(frame=frame.select(ordered), notes=notes)


def normalised_roster(table: pl.DataFrame, mapping: Mapping) -> Normalised:
    """Canonical roster columns; profile labels folded to the five profiles, blank means Unprofiled."""
    text = {f: pl.col(c) for f, c in mapping.fields.items()}
    frame = table.select(
        pl.col("__line"),
        *[(text[n] if n in text else pl.lit(None)).cast(t).alias(n) for n, t in ROSTER_SCHEMA.items()],
    )
    labels = frame.get_column("seller_profile")
    lookup = {label: canonical_profile(label) for label in labels.drop_nulls().unique().to_list()}
    profiles = labels.replace_strict(lookup, default=None, return_dtype=pl.String)
    frame = frame.with_columns(
        pl.when(labels.is_null()).then(pl.lit(UNPROFILED)).otherwise(profiles).alias("seller_profile"),
        labels.alias(raw("seller_profile")),
    )
    return Normalised(frame=frame, notes=[])
