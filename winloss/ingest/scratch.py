"""The temporary folders an ingest works in, and those a process that died left behind.

An upload's copy, its staged rows and a file rewritten as UTF-8 each live in a folder of their
own under the system's temporary folder, deleted when the prepared file is discarded, collected
or the process exits. A process killed outright (out of memory, a power cut, `kill -9`) deletes
nothing: `stale_folders_removed` clears such folders once they are a day old, when the app starts.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "winloss-"
KINDS = ("upload", "ingest", "utf8")
# Older than any preview a person keeps open: a live session's folder is touched when it is made.
STALE_AFTER_SECONDS = 24 * 3600


def folder(kind: str) -> Path:
    """A new, empty temporary folder for one ingest's `kind` of file (one of KINDS)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of temporary folder: {kind}")
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-"))


def stale_folders_removed(root: Path | None = None, older_than: float = STALE_AFTER_SECONDS) -> int:
    """Delete this module's folders in `root` (the system's temporary folder by default) whose last
    change is more than `older_than` seconds ago; returns how many were deleted. Anything else in
    `root` is left alone, and a folder that cannot be deleted is skipped, never raised."""
    root = Path(tempfile.gettempdir()) if root is None else root
    cutoff = time.time() - older_than
    removed = 0
    try:
        entries = list(root.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if not any(entry.name.startswith(f"{PREFIX}{kind}-") for kind in KINDS):
            continue
        try:
            if not entry.is_dir() or entry.is_symlink() or entry.stat().st_mtime >= cutoff:
                continue
        except OSError:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += not entry.exists()
    return removed


__all__ = ["KINDS", "PREFIX", "STALE_AFTER_SECONDS", "folder", "stale_folders_removed"]
