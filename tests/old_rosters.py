"""A store's roster table written as the code wrote it before it kept a column (email, coach), for the tests that
an old store opens without that column and takes it from the next roster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl

from winloss.store import tables
from winloss.store.delta import Store


@contextmanager
def roster_written_without(monkeypatch, column: str) -> Iterator[None]:
    """While open, every write of the roster table leaves `column` out of its schema and rows, as before it was kept
    (and keeps no stored value of it when a roster does not say it, as Store._unsaid_kept does now)."""
    before = pl.Schema({n: t for n, t in tables.STORED_ROSTER_SCHEMA.items() if n != column})
    merge, create = Store._merge, Store._create_empty

    def merged_as_before(self, name, frame, key, compare):
        if name != "roster":
            return merge(self, name, frame, key, compare)
        with monkeypatch.context() as old:
            old.setitem(tables.TABLE_SCHEMAS, "roster", before)
            old.setattr(Store, "_unsaid_kept", lambda self, rows: rows)
            return merge(self, name, frame.drop(column, strict=False), key, [c for c in compare if c != column])

    def created_as_before(self, name, schema):
        return create(self, name, before if name == "roster" else schema)

    with monkeypatch.context() as old:
        old.setattr(Store, "_merge", merged_as_before)
        old.setattr(Store, "_create_empty", created_as_before)
        yield
