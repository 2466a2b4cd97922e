"""Batch sizes for tests that read a fixture in batches, and one file ingested both ways (whole and in batches)."""

from __future__ import annotations

from pathlib import Path


def several_batches(path: Path) -> int:
    """Rows per batch that cut a fixture into about eight batches (two rows for a short one): every
    rule still meets rows from several batches, and a 400-row fixture is not read in 200. Lines are
    counted at "\\n", or at "\\r" for classic Mac line ends: counted at "\\n" alone, a 1,200-line Mac
    fixture was read two rows at a time, in 600 batches (over a minute for an 88 KB file)."""
    data = path.read_bytes()
    return max(2, max(data.count(b"\n"), data.count(b"\r")) // 8)


def both_ways(path: Path, tmp_path: Path, batch_rows: int | None = None):
    """(whole-file prepare, batched prepare_path) of one file, each committed to its own store in
    `tmp_path` ("whole", "batched"); `batch_rows` by default `several_batches`."""
    from winloss.ingest.pipeline import commit, prepare, prepare_path
    from winloss.store.delta import Store

    whole = prepare(path.read_bytes(), path.name)
    batched = prepare_path(path, batch_rows=batch_rows or several_batches(path))
    stores = []
    for name, prepared in (("whole", whole), ("batched", batched)):
        store = Store(tmp_path / name)
        if not prepared.rejected:
            commit(store, prepared)
        stores.append(store)
    return whole, batched, stores
