"""The shared filter state: what a leader is looking at, to and from URL query parameters.

A link reproduces a view, so every field here round-trips through `to_query` / `from_query`;
unknown or malformed parameters are ignored rather than failing a page.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from winloss.periods import PRESET_LABELS, PRESETS, date_range_for

DIMENSIONS = {
    # query key -> deals column
    "region": "region",
    "segment": "segment",
    "team": "team",
    "manager": "manager",
    "product": "product",
    "profile": "seller_profile",
    "source": "profile_source",
    "size": "size_band",
}
DIMENSION_LABELS = {
    "region": "Region",
    "segment": "Segment",
    "team": "Team",
    "manager": "Manager",
    "product": "Product",
    "profile": "Seller profile",
    "source": "Profile source",
    "size": "Deal size",
}
SIZE_BANDS = ("Small", "Medium", "Large")
DENOMINATORS = ("closed", "excluding_no_decision")
DEFAULT_PRESET = "last_4_quarters"
# The URL carries what the sidebar's bound widgets write: their labels, so links read plainly
# (?period=Last+quarter&rate=Excluding+no+decision&fy=July). Codes are accepted too.
PERIOD_LABELS = {**PRESET_LABELS, "custom": "Custom range"}
RATE_LABELS = {"closed": "All closed deals", "excluding_no_decision": "Excluding no decision"}
MONTHS = tuple(calendar.month_name[1:])


@dataclass(frozen=True)
class Presentation:
    """How the numbers are shown, not which: kept apart from Filters so that switching presenter
    mode or hiding amounts never recomputes a number. (Anonymising changes the names in the deals,
    so the deals are loaded per `anonymize`; the numbers on them are the same.)"""

    presenter: bool = False
    anonymize: bool = False
    hide_amounts: bool = False


@dataclass(frozen=True)
class Filters:
    """Which deals and which definitions: the whole input of every number a page shows (with the
    store version and the date range they resolve to). Hashable, so it can key a cache."""

    preset: str = DEFAULT_PRESET  # one of periods.PRESETS, or "custom"
    start: dt.date | None = None  # custom range only
    end: dt.date | None = None
    fy_start_month: int = 1
    selected: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (dimension, values) pairs, sorted
    denominator: str = "closed"

    def values(self, dimension: str) -> tuple[str, ...]:
        return dict(self.selected).get(dimension, ())

    def with_values(self, dimension: str, values: Sequence[str]) -> Filters:
        chosen = {k: v for k, v in self.selected if k != dimension}
        if values:
            chosen[dimension] = tuple(sorted(values))
        return dataclasses.replace(self, selected=tuple(sorted(chosen.items())))

    def replace(self, **changes) -> Filters:
        return dataclasses.replace(self, **changes)


def date_range(
    filters: Filters, reference: dt.date, data_bounds: tuple[dt.date | None, dt.date | None] = (None, None)
) -> tuple[dt.date, dt.date]:
    """The close-date range the filters select, counting presets from `reference`.

    "All time" is the span of the data's close dates (`data_bounds`), so captions can name it.
    """
    if filters.preset == "custom" and filters.start and filters.end:
        return filters.start, filters.end
    preset = filters.preset if filters.preset in PRESETS else DEFAULT_PRESET
    start, end = date_range_for(preset, reference, filters.fy_start_month)
    return start or data_bounds[0] or reference, end or data_bounds[1] or reference


def from_query(params: Mapping[str, str | Sequence[str]]) -> Filters:
    """Filters from query parameters (a value may be a string or a list of strings)."""

    def one(key: str) -> str | None:
        value = params.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return value[-1] if len(value) else None

    def many(key: str) -> tuple[str, ...]:
        value = params.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else list(value)
        return tuple(v for v in items if v)

    filters = Filters()
    preset = _code(one("period"), PERIOD_LABELS)
    if preset is not None:
        filters = filters.replace(preset=preset)
    start, end = _date(one("from")), _date(one("to"))
    if start and end and start <= end:
        filters = filters.replace(preset="custom", start=start, end=end)
    month = one("fy")
    if month in MONTHS:
        filters = filters.replace(fy_start_month=MONTHS.index(month) + 1)
    elif month and month.isdigit() and 1 <= int(month) <= 12:
        filters = filters.replace(fy_start_month=int(month))
    for dimension in DIMENSIONS:
        if many(dimension):
            filters = filters.with_values(dimension, many(dimension))
    rate = _code(one("rate"), RATE_LABELS)
    if rate is not None:
        filters = filters.replace(denominator=rate)
    return filters


def presentation_from_query(params: Mapping[str, str | Sequence[str]]) -> Presentation:
    """The presentation switches from query parameters (?present=true&anon=true&hide_amounts=true)."""

    def flag(key: str) -> bool:
        value = params.get(key)
        if value is not None and not isinstance(value, str):
            value = value[-1] if len(value) else None
        return (value or "").lower() in ("1", "true", "yes", "on")

    return Presentation(presenter=flag("present"), anonymize=flag("anon"), hide_amounts=flag("hide_amounts"))


def to_query(filters: Filters, presentation: Presentation | None = None) -> dict[str, str | list[str]]:
    """Query parameters for the filters; defaults are left out so links stay short."""
    query: dict[str, str | list[str]] = {}
    if filters.preset == "custom" and filters.start and filters.end:
        query["period"] = PERIOD_LABELS["custom"]
        query["from"], query["to"] = filters.start.isoformat(), filters.end.isoformat()
    elif filters.preset != DEFAULT_PRESET:
        query["period"] = PERIOD_LABELS[filters.preset]
    if filters.fy_start_month != 1:
        query["fy"] = MONTHS[filters.fy_start_month - 1]
    for dimension, values in filters.selected:
        query[dimension] = list(values)
    if filters.denominator != "closed":
        query["rate"] = RATE_LABELS[filters.denominator]
    shown = presentation or Presentation()
    for key, flag in (("present", shown.presenter), ("anon", shown.anonymize), ("hide_amounts", shown.hide_amounts)):
        if flag:
            query[key] = "true"
    return query


# Every query parameter from_query and presentation_from_query read; the sidebar binds a widget to
# each (ui.context.BOUND is this list).
READ_PARAMS = ("period", "from", "to", "fy", "rate", *DIMENSIONS, "present", "anon", "hide_amounts")


def _code(value: str | None, labels: Mapping[str, str]) -> str | None:
    """The code for a URL value written as a code or as its label; None for anything else."""
    if value in labels:
        return value
    return next((code for code, label in labels.items() if label == value), None)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def size_cut_points(deals: pl.LazyFrame) -> tuple[float, float] | None:
    """Amount terciles of all closed deals with an amount: the Small / Medium / Large bands."""
    cuts = (
        deals.filter(pl.col("outcome") != "open", pl.col("amount").is_not_null())
        .select(pl.col("amount").quantile(1 / 3).alias("lo"), pl.col("amount").quantile(2 / 3).alias("hi"))
        .collect()
    )
    lo, hi = cuts.row(0)
    return None if lo is None else (lo, hi)


def with_size_band(deals: pl.LazyFrame, cuts: tuple[float, float] | None) -> pl.LazyFrame:
    """Deals with `size_band` (null where the amount is missing)."""
    if cuts is None:
        return deals.with_columns(size_band=pl.lit(None, pl.String))
    lo, hi = cuts
    return deals.with_columns(
        size_band=pl.when(pl.col("amount").is_null())
        .then(None)
        .when(pl.col("amount") <= lo)
        .then(pl.lit("Small"))
        .when(pl.col("amount") <= hi)
        .then(pl.lit("Medium"))
        .otherwise(pl.lit("Large"))
    )


def applied(deals: pl.LazyFrame, filters: Filters) -> pl.LazyFrame:
    """Deals matching every dimension filter (the date range is applied by each metric)."""
    for dimension, values in filters.selected:
        column = DIMENSIONS.get(dimension)
        if column is not None:
            deals = deals.filter(pl.col(column).is_in(list(values)))
    return deals


def options(deals: pl.DataFrame) -> dict[str, list[str]]:
    """The values each dimension filter can take, sorted, nulls left out."""
    result: dict[str, list[str]] = {}
    for dimension, column in DIMENSIONS.items():
        if column == "size_band":
            result[dimension] = list(SIZE_BANDS)
        elif column in deals.columns:
            result[dimension] = sorted(deals.get_column(column).drop_nulls().unique().to_list())
    return result
