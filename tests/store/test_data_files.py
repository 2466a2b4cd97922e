"""Data files written outside deltalake's writer and added in one commit (winloss.store.data_files),
against deltalake's own writer: the same rows, the same log statistics, nothing visible after a failure."""

import datetime as dt
import json

import polars as pl
import pyarrow as pa
import pytest
from deltalake import write_deltalake
from hypothesis import given, settings
from hypothesis import strategies as st

import winloss.store.delta as store_module
from winloss.store import data_files
from winloss.store.delta import Store


def _log_adds(table_dir) -> list[dict]:
    adds = []
    for entry in sorted((table_dir / "_delta_log").glob("*.json")):
        adds += [json.loads(line)["add"] for line in entry.read_text().splitlines() if '"add"' in line]
    return adds


def _files(folder) -> set[str]:
    return {p.name for p in folder.glob("*.parquet")}


def _commit_all(store: Store) -> None:
    store._commit({t: store._written(t).version() for t in store_module.DATA_TABLES}, action="ingest")


@pytest.mark.parametrize("content", ["path", "bytes"])
def test_a_file_is_archived_in_one_commit_and_read_back_whole(tmp_path, monkeypatch, content):
    monkeypatch.setattr(data_files, "ARCHIVE_PART_BYTES", 1000)  # 24 parts: three data files of 8
    raw = bytes(range(256)) * 90  # every byte value, not text
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    store = Store(tmp_path / "s")
    store._ensure_tables()
    before = store._written("archive").version()
    version = store._archive("ab" * 32, "export.csv", path if content == "path" else raw)
    assert version == before + 1 == store._written("archive").version()  # one commit for every part
    assert len(_files(tmp_path / "s" / "archive")) == 3
    assert store._written("archive").count() == 24  # the log's numRecords add up
    _commit_all(store)
    assert store.archived("ab" * 32) == raw
    assert store.read("archive").collect().get_column("part").to_list() == list(range(24))
    assert store._archive("ab" * 32, "export.csv", raw) == version  # kept once per content


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 8000, 8001])
def test_a_file_of_any_size_is_cut_into_the_same_parts_either_way(tmp_path, monkeypatch, size):
    """From disk (read straight into Arrow buffers) and from bytes, and through deltalake's writer
    (object storage's path), the archive holds the same rows."""
    monkeypatch.setattr(data_files, "ARCHIVE_PART_BYTES", 1000)
    raw = bytes((i * 7) % 251 for i in range(size))
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    tables = []
    for how in ("path", "bytes", "deltalake"):
        store = Store(tmp_path / how)
        store._ensure_tables()
        if how == "deltalake":
            monkeypatch.setattr(Store, "_takes_files", lambda self, name, table: False)
        store._archive("ab" * 32, "export.csv", path if how == "path" else raw)
        _commit_all(store)
        assert store.archived("ab" * 32) == raw
        tables.append(store.read("archive").collect().sort("part"))
    assert tables[0].equals(tables[1]) and tables[0].equals(tables[2])


def test_the_archive_log_statistics_are_the_ones_deltalakes_writer_records(tmp_path):
    """So a reader filtering on the sha256 skips other uploads' files, as it did before."""
    store = Store(tmp_path / "s")
    store._ensure_tables()
    store._archive("ef" * 32, "x.csv", b"hello" * 100)
    ours = _log_adds(tmp_path / "s" / "archive")[-1]
    frame = pl.DataFrame(
        {"sha256": ["ef" * 32], "file_name": ["x.csv"], "part": [0], "content": [b"hello" * 100]},
        schema=store_module.ARCHIVE_SCHEMA,
    )
    write_deltalake(str(tmp_path / "theirs"), frame.to_arrow(), writer_properties=store_module._WRITER)
    theirs = _log_adds(tmp_path / "theirs")[-1]
    assert json.loads(ours["stats"]) == json.loads(theirs["stats"])
    assert ours["size"] == (tmp_path / "s" / "archive" / ours["path"]).stat().st_size


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=30),
       st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62)), min_size=1, max_size=30),
       st.lists(st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))), min_size=1, max_size=30))
def test_frame_statistics_are_each_columns_exact_min_max_and_nulls(texts, numbers, days):
    for name, values, dtype in (("t", texts, pl.String), ("n", numbers, pl.Int64), ("d", days, pl.Date)):
        stats = data_files.frame_statistics(pl.DataFrame({name: values}, schema={name: dtype}), [name])
        present = [v for v in values if v is not None]
        assert stats["numRecords"] == len(values)
        assert stats["nullCount"] == {name: len(values) - len(present)}
        if present:
            low, high = min(present), max(present)
            if name == "t":  # Delta compares strings by their UTF-8 bytes, as Polars does
                low, high = min(present, key=str.encode), max(present, key=str.encode)
            as_json = (lambda v: v.isoformat()) if name == "d" else (lambda v: v)
            assert (stats["minValues"][name], stats["maxValues"][name]) == (as_json(low), as_json(high))
        else:
            assert name not in stats["minValues"] and name not in stats["maxValues"]


def test_a_write_that_fails_part_way_leaves_nothing_a_version_names(tmp_path, monkeypatch):
    """The first data file is on disk, the second fails: no commit is made, and the next write
    (which finds the unfinished marker) deletes the file no version names."""
    monkeypatch.setattr(data_files, "ARCHIVE_PART_BYTES", 10)
    monkeypatch.setattr(data_files, "ARCHIVE_FILE_PARTS", 2)
    store = Store(tmp_path / "s")
    store._ensure_tables()
    archive = tmp_path / "s" / "archive"
    before, version = _files(archive), store._written("archive").version()
    written = []
    real = data_files.pq.write_table

    def fail_second(table, where, **options):
        if written:
            raise OSError("disk full")
        written.append(where)
        real(table, where, **options)

    monkeypatch.setattr(data_files.pq, "write_table", fail_second)
    with pytest.raises(OSError):
        store._archive("ab" * 32, "x.csv", b"y" * 100)
    assert len(_files(archive) - before) == 1 and store._written("archive").version() == version
    monkeypatch.setattr(data_files.pq, "write_table", real)
    store._ensure_tables()  # the next write: the marker of the failed one is still there
    assert _files(archive) == before
    assert store.read("archive").collect().height == 0


def test_files_moved_in_from_another_folder_are_added_whole(tmp_path):
    store = Store(tmp_path / "s")
    store._ensure_tables()
    staging = tmp_path / "staging"
    staging.mkdir()
    files = list(data_files.archive_files(b"abc" * 10, "ab" * 32, "x.csv", staging))
    data_files.add_files(store._written("archive"), tmp_path / "s" / "archive", files)
    assert not list(staging.iterdir())  # moved, not copied
    _commit_all(store)
    assert store.archived("ab" * 32) == b"abc" * 10


def test_a_table_of_another_shape_takes_no_outside_files(tmp_path):
    """An archive table written before a column existed is appended by deltalake's writer (which merges schemas)."""
    store = Store(tmp_path / "s")
    write_deltalake(str(tmp_path / "s" / "archive"), pa.table({"sha256": pa.array([], pa.string())}))
    assert not store._takes_files("archive", store._written("archive"))
    store._ensure_tables()
    store._archive("ab" * 32, "x.csv", b"xyz")
    _commit_all(store)
    assert store.archived("ab" * 32) == b"xyz"
