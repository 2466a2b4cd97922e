"""Parquet data files written outside deltalake's writer, then added to a local Delta table in one commit.

Two uses. The archive's files are written by pyarrow straight from the file's bytes (deltalake's
writer copies and re-encodes them). A file prepared from disk in batches has its deals' and its
raw bytes' data files written while the next batches are still being read (winloss.ingest.pipeline),
on the core the reader leaves idle, so committing a first load only moves them into the tables
and commits: writing them at commit time was a third of the ingest.

A data file becomes part of a table only when the commit that names it succeeds: a write that dies
before that leaves files no table version names, which `Store._remove_unrecorded_files` deletes
before the next write (as it does for deltalake's own).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable
from deltalake.transaction import AddAction, RemoveAction

# Raw files are kept in parts: Parquet handles many mid-size cells far faster than one huge one.
ARCHIVE_PART_BYTES = 8_000_000
ARCHIVE_FILE_PARTS = 8  # parts per archive data file: 64 MB of the raw file in memory at a time
ARCHIVE_ARROW = pa.schema([("sha256", pa.string()), ("file_name", pa.string()), ("part", pa.int64()), ("content", pa.binary())])
# LZ4 compresses an export's text about as well as Snappy (52 against 53 MB for 233 MB of CSV) in
# half the time (0.50 against 0.97 s of CPU): the archive is a third of the raw file's handling.
ARCHIVE_COMPRESSION = "lz4"


@dataclass(frozen=True)
class Prewritten:
    """The data files of one upload written before its commit: its deals' and its raw bytes'.

    Valid only for the file whose hash is `sha256`; the deals' rows carry `sha256` and `stamp`
    as their source_sha256 and updated_at.
    """

    sha256: str
    stamp: dt.datetime
    deals: list[DataFile]
    archive: list[DataFile]

    def present(self) -> bool:
        """Every file is still where it was written (a commit that failed after moving them took them)."""
        return all(f.path.exists() for f in [*self.deals, *self.archive])


@dataclass(frozen=True)
class DataFile:
    """One Parquet data file written for a Delta table, and what its log entry says of it."""

    path: Path
    rows: int
    stats: dict  # the Delta log's statistics: numRecords, minValues, maxValues, nullCount


def arrow_schema(table: DeltaTable) -> pa.Schema:
    """The table's current schema as pyarrow's (Delta `string` is Arrow `string`, `binary` is `binary`)."""
    return pa.schema(table.schema().to_arrow())


def _file_name() -> str:
    return f"part-00000-{uuid.uuid4()}-c000.snappy.parquet"


def frame_file(
    frame: pl.DataFrame, folder: Path, statistics: Sequence[str] = (), unique: Sequence[str] = ()
) -> DataFile:
    """`frame` (a table's columns, in its order and types) written as one Parquet file in `folder`.

    pyarrow writes it from Polars' own memory (Arrow string views, not copied), on threads of its
    own: Polars' writer would take the thread pool every Polars query of the batches being checked
    meanwhile waits for. `statistics` names the columns whose min, max and null count go in the
    Parquet footer and in the Delta log, so a merge or a date filter skips files, as deltalake's
    writer keeps them for the store's tables. `unique` names columns whose values are all
    different (an id, a line number): they are written plainly, not dictionary-encoded, which
    Parquet would try and give up on (a quarter of the deals' writing time at 1M rows).
    """
    path = folder / _file_name()
    pq.write_table(
        frame.to_arrow(compat_level=pl.CompatLevel.newest()), path, compression="snappy",
        write_statistics=list(statistics) or False, row_group_size=max(1, frame.height),
        use_dictionary=[c for c in frame.columns if c not in unique] if unique else True,
    )
    return DataFile(path, frame.height, frame_statistics(frame, statistics))


def frame_statistics(frame: pl.DataFrame, columns: Sequence[str]) -> dict:
    """The Delta log's statistics of one data file: numRecords, and minValues, maxValues and
    nullCount of `columns` (strings, whole numbers and dates; a column of another type, or one
    with no value, gets a null count only). A file's min and max are exact, never truncated."""
    minimum: dict[str, object] = {}
    maximum: dict[str, object] = {}
    nulls: dict[str, int] = {}
    summary = frame.select(
        *[pl.col(c).null_count().alias(f"n{i}") for i, c in enumerate(columns)],
        *[pl.col(c).min().alias(f"lo{i}") for i, c in enumerate(columns)],
        *[pl.col(c).max().alias(f"hi{i}") for i, c in enumerate(columns)],
    ).row(0, named=True) if columns else {}
    for i, name in enumerate(columns):
        nulls[name] = int(summary[f"n{i}"])
        kind = frame.schema[name]
        if summary[f"lo{i}"] is None or not (kind == pl.String or kind.is_integer() or kind == pl.Date):
            continue
        minimum[name], maximum[name] = _json_value(summary[f"lo{i}"]), _json_value(summary[f"hi{i}"])
    return {"numRecords": frame.height, "minValues": minimum, "maxValues": maximum, "nullCount": nulls}


def archive_files(content: bytes | Path, sha256: str, file_name: str, folder: Path) -> Iterator[DataFile]:
    """The archive's data files of one raw file, written in `folder` as they are yielded.

    Rows are (sha256, file_name, part, content): the file cut in ARCHIVE_PART_BYTES parts, an
    empty file one empty part; ARCHIVE_FILE_PARTS parts a data file. A file on disk is read
    straight into the Arrow buffer the data file is written from, a data file's bytes at a time.
    """
    first = 0
    for buffer, sizes in _raw_groups(content):
        offsets = pa.array([sum(sizes[:i]) for i in range(len(sizes) + 1)], pa.int32())
        parts = pa.Array.from_buffers(pa.binary(), len(sizes), [None, offsets.buffers()[1], buffer])
        table = pa.table(
            [pa.array([sha256] * len(sizes), pa.string()), pa.array([file_name] * len(sizes), pa.string()),
             pa.array(range(first, first + len(sizes)), pa.int64()), parts],
            schema=ARCHIVE_ARROW,
        )
        path = folder / _file_name()
        pq.write_table(table, path, compression=ARCHIVE_COMPRESSION, use_dictionary=False, write_statistics=["sha256"],
                       row_group_size=1)
        stats = {"numRecords": len(sizes), "minValues": {"sha256": sha256}, "maxValues": {"sha256": sha256},
                 "nullCount": {"sha256": 0}}
        yield DataFile(path, len(sizes), stats)
        first += len(sizes)


def _raw_groups(content: bytes | Path) -> Iterator[tuple[pa.Buffer, list[int]]]:
    """(a buffer of up to ARCHIVE_PART_BYTES * ARCHIVE_FILE_PARTS of the raw file, each part's size)
    through the raw file. A file on disk is read into one buffer, reused for every group: each
    group is valid until the next is asked for (its data file is written by then), and fresh
    memory for each 64 MB group cost more in page faults than copying the bytes."""
    group = ARCHIVE_PART_BYTES * ARCHIVE_FILE_PARTS
    if isinstance(content, bytes):
        for start in range(0, max(len(content), 1), group):
            chunk = content[start : start + group]
            yield pa.py_buffer(chunk), _part_sizes(len(chunk))
        return
    with content.open("rb") as f:
        size, done = os.fstat(f.fileno()).st_size, 0
        buffer = pa.allocate_buffer(max(1, min(group, size)))
        while True:
            want = min(group, size - done)
            got = f.readinto(memoryview(buffer)[:want]) if want else 0
            if got == 0 and done:  # the end, or the file shrank while being read
                return
            yield buffer.slice(0, got), _part_sizes(got)
            done += got
            if got == 0 or done >= size:
                return


def _part_sizes(length: int) -> list[int]:
    """Sizes of the ARCHIVE_PART_BYTES parts `length` bytes are cut in; [0] for none."""
    if length == 0:
        return [0]
    return [min(ARCHIVE_PART_BYTES, length - start) for start in range(0, length, ARCHIVE_PART_BYTES)]


def add_files(
    table: DeltaTable, root: Path, files: Iterable[DataFile], commit_properties: CommitProperties | None = None
) -> int:
    """Add data files to the table in one append commit (with `commit_properties`); returns the
    table's version after it.

    A file written elsewhere (a staging folder) is moved into `root`, the table's folder, first.
    No commit is made when `files` is empty. Raises whatever the filesystem or deltalake raise;
    files moved before a failure are named by no table version.
    """
    actions: list[AddAction | RemoveAction] = []
    for file in files:
        target = root / file.path.name
        if file.path.parent != root:
            try:
                os.replace(file.path, target)
            except OSError:  # another filesystem: copy, then let the staging folder go
                shutil.copyfile(file.path, target)
                file.path.unlink(missing_ok=True)
        stat = os.stat(target)
        actions.append(AddAction(
            path=target.name, size=stat.st_size, partition_values={}, modification_time=int(stat.st_mtime * 1000),
            data_change=True, stats=json.dumps(file.stats),
        ))
    if not actions:
        return table.version()
    table.create_write_transaction(actions, mode="append", schema=table.schema(), commit_properties=commit_properties)
    table.update_incremental()  # the commit does not move the object's own version
    return table.version()


def _json_value(value: object) -> object:
    """A statistic as the Delta log writes it: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


__all__ = [
    "ARCHIVE_ARROW", "ARCHIVE_FILE_PARTS", "ARCHIVE_PART_BYTES", "DataFile", "Prewritten", "add_files", "archive_files",
    "arrow_schema", "frame_file", "frame_statistics",
]
