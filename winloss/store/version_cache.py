"""Frames derived from one store version, kept beside a local store's tables.

The deals every page measures are derived from the stored opportunities, the roster, the stage
mappings, the no-decision vocabulary and the exchange rates: all of them fixed by the store
version. Deriving them for a million deals costs a fresh server process most of a second; reading
the derived frame back costs a fraction of that. So the first process to derive a version's frame
writes it under `Store.derived_folder()`, and every later process (a restart, another worker)
reads it. The file's name carries the store version and a fingerprint of the code that derives
it, so a changed rule or a new version never reads an old frame. A store on object storage, or a
folder that cannot be written, simply derives every time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import polars as pl

from winloss.store.delta import Store


@functools.cache
def code_fingerprint(modules: tuple[str, ...]) -> str:
    """A short hash of the named modules' source files (paths relative to the project root)."""
    root = Path(__file__).resolve().parents[2]  # winloss/store/version_cache.py -> the project root
    digest = hashlib.sha256()
    for module in sorted(modules):
        digest.update(module.encode())
        digest.update((root / module).read_bytes())
    return digest.hexdigest()[:12]


def cached_frame(store: Store, name: str, key: str, derive: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """The frame `derive()` returns, read from the store's derived folder when `name` and `key` were
    derived before; else derived, and written there for the next process.

    `key` must name everything the frame depends on (the store version, the code's fingerprint).
    A file that cannot be read (cut short, damaged) is derived again; one that cannot be written
    is not kept: the caller gets the derived frame either way.
    """
    folder = store.derived_folder()
    if folder is None:
        return derive()
    path = folder / f"{name}-{key}.parquet"
    if path.exists():
        with contextlib.suppress(OSError, pl.exceptions.PolarsError):
            return pl.read_parquet(path)
    frame = derive()
    # Written under a name of its own and renamed into place, so a reader never sees half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(partial, compression="lz4", statistics=False)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        return frame
    for older in folder.glob(f"{name}-*.parquet"):  # earlier versions' frames are never read again
        if older != path:
            older.unlink(missing_ok=True)
    return frame
