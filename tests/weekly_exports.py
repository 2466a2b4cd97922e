"""A store holding weekly exports of one report, stored in turn: what store-effect tests start from."""

from __future__ import annotations

from pathlib import Path

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store


def stored(tmp_path: Path, *files: str) -> Store:
    """A store in `tmp_path`/store with each export's text (CSV) stored in turn as week1.csv, week2.csv, ..."""
    store = Store(tmp_path / "store")
    for i, text in enumerate(files):
        commit(store, prepare(text.encode(), f"week{i + 1}.csv"))
    return store
