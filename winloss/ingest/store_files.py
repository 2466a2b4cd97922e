"""The store's data files of an opportunity file prepared in batches, written while it is still being read.

Committing a million deals used to write their Parquet data file and the archive's copy of the
raw file after the whole file was prepared: a third of the ingest, while during the preparing one
core waited on the other (the batch reader is idle much of the time). `StoreFiles` writes them in
threads of their own as the batches are accepted: first the file's SHA-256 (the rows and the
archive carry it), then the archive's files, and each batch's accepted deals as one data file.
`commit` then adds them to the tables in one commit each (`Store.commit_file(prewritten=)`) when
it can: a local store, deals into an empty table, the batches' rows exactly as staged. Otherwise
they are deleted unused and the staged rows are written as before, so nothing depends on them.

Nothing is written to the store here: the files wait in the prepared file's staging folder, and
are deleted with it (`PreparedFile.discard`).
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import polars as pl

from winloss.store import data_files
from winloss.store.delta import deal_file, now

# Deal files written but not yet waited for: the reader waits past this many, so a writer slower
# than the reading holds at most this many batches' rows in memory.
PENDING_FILES = 2
_HASH_BLOCK = 8 << 20
# The writers run this much nicer than the reading they overlap: they are to use the core the
# reading leaves idle rather than take turns with the thread that checks the batches. Not much
# nicer, though: niceness also weighs them against every other process, and ten steps (a tenth
# of a core's share) starved them on a busy machine, so `commit` waited 1.5-5.9 s for their files.
# Three steps (half a share), in 5 alternated 1M-row ingests at load 10-12: commit waited
# 0.1-2.4 s and every ingest was faster (2.5-12.5 s against 2.6-15.3 s).
WRITER_NICENESS = 3


def _in_background() -> None:
    """Make the calling thread nicer than the rest of the process (Linux, where a thread's id is
    a task of its own; elsewhere the thread is left as it is)."""
    if sys.platform != "linux":
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + WRITER_NICENESS))
    except OSError:  # not allowed here: the writer runs at the process's priority
        pass


def file_sha256(path: Path, stop: threading.Event | None = None) -> str:
    """The SHA-256 of a file's bytes, read 8 MB at a time (hex digits); '' when stopped first."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            if stop is not None and stop.is_set():
                return ""
            digest.update(block)
    return digest.hexdigest()


class StoreFiles:
    """The deals' and the archive's data files of one file, written beside the reading of its batches.

    Made when the reading starts; `add` each batch's accepted rows in file order; `invalidate`
    when staged rows change after they were added (then no file is used); `prewritten` at the end;
    `close` (or `PreparedFile.discard`) stops the threads. Files go in `folder`.
    """

    def __init__(self, path: Path, file_name: str, folder: Path, sha256: str | None = None):
        """`path`: the file as uploaded (its bytes are hashed and archived); `sha256`: their hash,
        when it is known already (a file rewritten as UTF-8 was hashed as it was rewritten)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.stamp = now()  # the deals' updated_at when these files are the ones committed
        self.usable = True
        self._stop = threading.Event()
        self._raw = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-file", initializer=_in_background)
        self._sha: Future[str] = Future()
        if sha256 is None:
            self._sha = self._raw.submit(file_sha256, path, self._stop)
        else:
            self._sha.set_result(sha256)
        self._archive = self._raw.submit(self._archive_files, path, file_name)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deal-files", initializer=_in_background)
        self._deals: list[Future[data_files.DataFile]] = []

    def sha256(self) -> str:
        """The file's SHA-256 (waits for it); raises what reading the file raised."""
        return self._sha.result()

    def _archive_files(self, path: Path, file_name: str) -> list[data_files.DataFile]:
        sha256 = self._sha.result()
        written: list[data_files.DataFile] = []
        for file in data_files.archive_files(path, sha256, file_name, self.folder):
            written.append(file)
            if self._stop.is_set():
                break
        return written

    def add(self, frame: pl.DataFrame) -> None:
        """Write one batch's accepted rows (pipeline columns; `__key` is left out) as a deals data file."""
        if not self.usable or frame.height == 0:
            return
        rows = frame.drop("__key", strict=False)
        if len(self._deals) >= PENDING_FILES:
            self._deals[-PENDING_FILES].result()  # one writer, in order: every file before it is done too
        self._deals.append(self._writer.submit(self._deal_file, rows))

    def _deal_file(self, rows: pl.DataFrame) -> data_files.DataFile:
        return deal_file(rows, self.sha256(), self.stamp, self.folder)

    def invalidate(self) -> None:
        """The staged rows changed after their files were written: use none of the deals' files."""
        self.usable = False

    def prewritten(self) -> data_files.Prewritten | None:
        """Every file written (waits for them), or None when the deals' are not usable or a write failed."""
        if not self.usable:
            return None
        try:
            deals = [f.result() for f in self._deals]
            return data_files.Prewritten(self.sha256(), self.stamp, deals, self._archive.result())
        except Exception:  # noqa: BLE001 - a file that could not be written: commit writes the rows itself
            return None

    def close(self) -> None:
        """Stop writing and wait for the threads; the files stay until the folder is deleted."""
        self._stop.set()
        self._writer.shutdown(wait=True, cancel_futures=True)
        self._raw.shutdown(wait=True, cancel_futures=True)


__all__ = ["PENDING_FILES", "StoreFiles", "file_sha256"]
