"""Open deals committed straight to a store, as the pipeline hands them over: shared by the store's tests of
what a commit opens and of writers storing at once."""

from __future__ import annotations

import datetime as dt

import polars as pl

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.store.delta import Change, Store

# A file with no rejected row: its quarantine is empty.
QUARANTINE = pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String})


def deals(ids: list[str]) -> pl.DataFrame:
    """Accepted open deals as the pipeline hands them to the store: one per id, Ann's, in Proposal, closing
    1 Mar 2025, amount 1; every other field of OPPORTUNITY_SCHEMA null."""
    frame = pl.DataFrame({
        "__line": list(range(2, len(ids) + 2)), "opportunity_id": ids, "rep": ["Ann"] * len(ids),
        "stage": ["Proposal"] * len(ids), "outcome": ["open"] * len(ids),
        "close_date": [dt.date(2025, 3, 1)] * len(ids), "amount": [1.0] * len(ids),
    })
    missing = {n: pl.lit(None, t) for n, t in OPPORTUNITY_SCHEMA.items() if n not in frame.columns}
    return frame.with_columns(**missing, status_outcome=pl.lit(None, pl.String), closing_outcome=pl.lit(None, pl.String))


def put(store: Store, name: str, ids: list[str]) -> Change:
    """Commit `deals(ids)` to `store` as the opportunity export `name` (its bytes and sha256 the name itself)."""
    return store.commit_file(kind="opportunities", file_name=name, sha256=name, content=name.encode(), source="generic",
                             accepted=deals(ids), quarantine=QUARANTINE, rows_read=len(ids))
