"""Temporary folders of an ingest: made under one prefix, and a dead process's cleared once stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from winloss.ingest import scratch


def _folder(path: Path, age_seconds: float = 0, file: str | None = None) -> Path:
    """A folder at `path` (holding `file` when given) last changed `age_seconds` ago."""
    path.mkdir()
    if file:
        (path / file).write_bytes(b"a,b\n1,2\n")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_only_this_apps_folders_older_than_a_day_are_removed(tmp_path: Path) -> None:
    day = scratch.STALE_AFTER_SECONDS
    stale = [_folder(tmp_path / f"winloss-{kind}-abc", day + 60, file="upload.csv") for kind in scratch.KINDS]
    fresh = _folder(tmp_path / "winloss-upload-live", file="upload.csv")  # a preview still open
    other = _folder(tmp_path / "someone-elses-folder", 3 * day)
    lookalike = tmp_path / "winloss-upload-file"  # a file, not a folder of ours
    lookalike.write_bytes(b"x")
    os.utime(lookalike, (time.time() - 3 * day,) * 2)
    assert scratch.stale_folders_removed(tmp_path) == len(scratch.KINDS)
    assert not any(p.exists() for p in stale)
    assert (fresh / "upload.csv").exists() and other.exists() and lookalike.exists()


def test_a_missing_temporary_folder_removes_nothing_and_raises_nothing(tmp_path: Path) -> None:
    assert scratch.stale_folders_removed(tmp_path / "gone") == 0


def test_a_folder_is_made_for_a_known_kind_only() -> None:
    made = scratch.folder("upload")
    try:
        assert made.is_dir() and made.name.startswith("winloss-upload-")
    finally:
        made.rmdir()
    with pytest.raises(ValueError):
        scratch.folder("anything")
