"""Batch sizes for tests that read a fixture in batches."""

from __future__ import annotations

from pathlib import Path


def several_batches(path: Path) -> int:
    """Rows per batch that cut a fixture into about eight batches (two rows for a short one): every
    rule still meets rows from several batches, and a 400-row fixture is not read in 200. Lines are
    counted at "\\n", or at "\\r" for classic Mac line ends: counted at "\\n" alone, a 1,200-line Mac
    fixture was read two rows at a time, in 600 batches (over a minute for an 88 KB file)."""
    data = path.read_bytes()
    return max(2, max(data.count(b"\n"), data.count(b"\r")) // 8)
