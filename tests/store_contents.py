"""What a store holds, in an order two stores can be compared in."""

from __future__ import annotations

import polars as pl

from winloss.store.delta import Store


def stored(store: Store) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(deals by id, quarantine by line, manifest, roster by rep), without the times each was written:
    what two ingests of one file must store alike."""
    deals = store.opportunities().drop("updated_at").collect().sort("opportunity_id")
    quarantine = store.quarantine().collect().sort("line")
    manifest = store.manifest().drop("at")
    roster = store.roster().drop("updated_at", strict=False).collect().sort("rep")
    return deals, quarantine, manifest, roster
