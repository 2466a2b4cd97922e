"""What one store version says of itself: whether it holds deals, its close-date span, its export
and roster days, its last upload in effect (and a rollback since), its reporting currency and the month
its fiscal year starts in.

Every page run needs these before it draws anything, and reading them means scanning the stored
deals and the manifest: with the Delta reader that is about a third of a second of a fresh server's
start, most of it importing pyarrow (and numpy) for Polars' Delta scan. They are fixed by the store
version (every table is read at the version its manifest row names), so they are read once per
version and kept beside a local store with the derived deals (winloss.store.version_cache): a fresh
server that finds them, and the coded deals, draws the Overview without reading a Delta table.

Each fact is computed by the same rule as the function that reads it from the store
(winloss.deals.export_day, data_as_of, data_newest_date; winloss.profile_sources.roster_uploaded_on);
tests/test_store_facts.py checks them equal on stores of every shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from winloss.deals import as_of_day, data_newest_date, export_day_of, last_export_at, version_key
from winloss.exchange import DEFAULT_REPORTING_CURRENCY
from winloss.profile_sources import roster_day
from winloss.store.delta import NO_DECISION_EXCEPTIONS, Store
from winloss.store.version_cache import cached_frame

# The modules whose rules the facts follow, besides those every derived frame depends on.
_FACTS_BY = ("winloss/store_facts.py", "winloss/profile_sources.py")


@dataclass(frozen=True)
class StoreFacts:
    """What store version `version` says of itself. Dates are calendar days; times are UTC."""

    version: int
    holds_deals: bool  # Store.has_opportunities: any deal dated inside the accepted window
    first_close: dt.date | None  # the earliest close date of a closed deal (won, lost, no decision)
    last_close: dt.date | None  # the latest
    newest_date: dt.date | None  # winloss.deals.data_newest_date
    last_export_at: dt.datetime | None  # winloss.deals.last_export_at: the newest live opportunity export
    roster_uploaded: dt.date | None  # winloss.profile_sources.roster_uploaded_on
    last_upload: dict[str, Any] | None  # the manifest row (Store.manifest) of the last upload in effect, as a dict
    currency: str = DEFAULT_REPORTING_CURRENCY  # the reporting currency (ISO 4217)
    # The manifest row of the last rollback in effect made after that upload (or after none): the
    # store is as it was at its rolled_back_to. None: no rollback since the last upload.
    rolled_back: dict[str, Any] | None = None
    # The manifest row of the last opportunity export in effect when a later upload (a roster, a
    # questionnaire) is `last_upload`: the numbers come from that export, so it is named too. None when
    # the last upload is an export, or no export is in effect.
    last_export: dict[str, Any] | None = None
    # The month (1-12) the fiscal year starts in (Store.fiscal_year_start): every page's quarters unless a link says.
    fy_start_month: int = 1
    # Whether the no-decision vocabulary keeps some loss reason lost (Store.no_decision_reasons().excepted): only then
    # does the Overview read the vocabulary, to name them (a settings read imports pyarrow in a fresh process).
    keeps_reasons_lost: bool = False

    def export_day(self, is_sample: bool = False) -> dt.date:
        """winloss.deals.export_day of this version (today's date taken now, not when it was kept)."""
        return export_day_of(None if is_sample else self.last_export_at, is_sample)

    def data_as_of(self, is_sample: bool = False) -> dt.date:
        """winloss.deals.data_as_of of this version."""
        return as_of_day(self.export_day(is_sample), None if is_sample else self.newest_date, is_sample)


def store_facts(store: Store, version: int) -> StoreFacts:
    """The facts of `store` at store version `version` (Store.version()): read from the store's
    derived folder when kept there, else read from its tables and kept for the next process.

    Version 0 (a new or empty store) holds nothing, and nothing is written beside it: a customer's
    store folder is not created by looking at it.
    """
    if version == 0:
        return StoreFacts(0, False, None, None, None, None, None, None)
    frame = cached_frame(store, "store_facts", version_key(version, *_FACTS_BY), lambda: _read_facts(store, version))
    return _from_frame(frame, version)


def _read_facts(store: Store, version: int) -> pl.DataFrame:
    """The facts of `version` read from the store's tables, as one row (Parquet keeps every type:
    the manifest row stays a struct of the manifest's own columns)."""
    # Closed deals only for the span (a null outcome is not closed); every deal, open ones too, for
    # holding deals (Store.has_opportunities). One scan of the stored deals.
    closed = pl.col("close_date").filter(pl.col("outcome") != "open")
    first, last, count = (
        store.opportunities(version).select(closed.min(), closed.max().alias("last"), pl.len()).collect().row(0)
    )
    manifest = store.manifest().filter(pl.col("store_version") <= version)
    live = store.live_uploads(version)
    # The last upload a rollback has not undone, and a rollback since it (Store.live_versions).
    in_effect = manifest.filter(pl.col("store_version").is_in(store.live_versions(version)))
    upload = in_effect.filter(pl.col("action") == "ingest").tail(1)
    since = upload.item(0, "store_version") if upload.height else 0
    rollback = in_effect.filter((pl.col("action") == "rollback") & (pl.col("store_version") > since)).tail(1)
    export = in_effect.filter((pl.col("action") == "ingest") & (pl.col("kind") == "opportunities")
                              & (pl.col("store_version") < since)).tail(1)
    if upload.height and upload.item(0, "kind") == "opportunities":
        export = export.clear()
    return pl.concat([_one_row(upload, "last_upload", manifest.schema), _one_row(rollback, "rolled_back", manifest.schema),
                      _one_row(export, "last_export", manifest.schema)],
                     how="horizontal").with_columns(
        holds_deals=pl.lit(count > 0),
        first_close=pl.lit(first, pl.Date),
        last_close=pl.lit(last, pl.Date),
        newest_date=pl.lit(data_newest_date(store, version), pl.Date),
        last_export_at=pl.lit(last_export_at(live), manifest.schema["at"]),
        roster_uploaded=pl.lit(roster_day(live), pl.Date),
        currency=pl.lit(store.exchange_rates(version).reporting_currency, pl.String),
        fy_start_month=pl.lit(store.fiscal_year_start(version), pl.Int8),
        keeps_reasons_lost=pl.lit(bool(store.setting(NO_DECISION_EXCEPTIONS, [], at=version))),
    )


def _one_row(rows: pl.DataFrame, name: str, schema: pl.Schema) -> pl.DataFrame:
    """`rows` (none or one manifest row) as one row of one struct column `name`: null when none."""
    if rows.height:
        return rows.select(pl.struct(pl.all()).alias(name))
    return pl.DataFrame({name: [None]}, schema={name: pl.Struct(schema)})


def _from_frame(frame: pl.DataFrame, version: int) -> StoreFacts:
    row = frame.row(0, named=True)
    return StoreFacts(
        version, row["holds_deals"], row["first_close"], row["last_close"], row["newest_date"],
        row["last_export_at"], row["roster_uploaded"], row["last_upload"], row["currency"], row["rolled_back"],
        row.get("last_export"), row.get("fy_start_month") or 1, bool(row.get("keeps_reasons_lost")),
    )
