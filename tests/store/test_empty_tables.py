"""A local store's empty tables are made by writing their first log file: the same lines deltalake's
writer gives an empty frame of the same schema (but the table's own id and time), read by deltalake
and Polars as that table is, and never written over a table another writer made first."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from deltalake import DeltaTable

from winloss.store import empty_tables
from winloss.store.delta import MANIFEST_SCHEMA, Store
from winloss.store.tables import TABLE_SCHEMAS

SCHEMAS = {**TABLE_SCHEMAS, "uploads": MANIFEST_SCHEMA}


def _entries(folder: Path) -> list[dict]:
    """A table's first log file, its id, times and the time its writing took set aside (each table's own)."""
    lines = (folder / "_delta_log" / empty_tables.FIRST_COMMIT).read_text(encoding="utf-8").split("\n")
    entries = [json.loads(line) for line in lines]
    for entry in entries:
        entry.get("commitInfo", {}).pop("timestamp", None)
        entry.get("commitInfo", {}).get("operationMetrics", {}).pop("execution_time_ms", None)
        entry.get("metaData", {}).pop("id", None)
        entry.get("metaData", {}).pop("createdTime", None)
    return entries


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_an_empty_table_made_by_hand_is_the_one_the_writer_makes(tmp_path, name):
    schema = SCHEMAS[name]
    pl.DataFrame(schema=schema).write_delta(tmp_path / "writer")
    assert empty_tables.made(tmp_path / "hand", schema)
    assert _entries(tmp_path / "hand") == _entries(tmp_path / "writer")
    assert "\n" not in (tmp_path / "hand" / "_delta_log" / empty_tables.FIRST_COMMIT).read_text()[-1:]
    hand, writer = DeltaTable(str(tmp_path / "hand")), DeltaTable(str(tmp_path / "writer"))
    assert hand.version() == writer.version() == 0
    assert hand.schema().to_json() == writer.schema().to_json() and hand.protocol() == writer.protocol()
    assert pl.read_delta(str(tmp_path / "hand")).schema == pl.read_delta(str(tmp_path / "writer")).schema
    assert [p.name for p in (tmp_path / "hand" / "_delta_log").iterdir()] == [empty_tables.FIRST_COMMIT]


def test_a_table_another_writer_made_first_is_kept(tmp_path):
    schema = SCHEMAS["settings"]
    pl.DataFrame({"key": ["a"], "value_json": ["1"]}, schema=schema).write_delta(tmp_path / "t")
    first = (tmp_path / "t" / "_delta_log" / empty_tables.FIRST_COMMIT).read_bytes()
    assert empty_tables.made(tmp_path / "t", schema)
    assert (tmp_path / "t" / "_delta_log" / empty_tables.FIRST_COMMIT).read_bytes() == first
    assert pl.read_delta(str(tmp_path / "t"))["key"].to_list() == ["a"]
    assert sorted(p.name for p in (tmp_path / "t" / "_delta_log").iterdir()) == [empty_tables.FIRST_COMMIT]


def test_a_schema_that_needs_a_newer_protocol_is_left_to_the_writer(tmp_path):
    assert not empty_tables.made(tmp_path / "t", {"at": pl.Datetime("us")})  # no time zone: timestamp_ntz
    assert not (tmp_path / "t").exists()


def test_a_new_store_makes_its_tables_without_the_writer_and_takes_rows_into_them(tmp_path, monkeypatch):
    written: list[str] = []
    original = pl.DataFrame.write_delta

    def counted(self: pl.DataFrame, target, *args, **kwargs):
        written.append(Path(str(getattr(target, "table_uri", target))).name)
        return original(self, target, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_delta", counted)
    store = Store(tmp_path / "s")
    store.save_fiscal_year_start(4)
    assert written == ["settings", "uploads"]  # the setting and the manifest row: no table made by the writer
    assert store.fiscal_year_start() == 4 and store.version() == 1
    assert {p.name for p in (tmp_path / "s").iterdir() if (p / "_delta_log").is_dir()} == set(SCHEMAS)
    for name in SCHEMAS:
        assert DeltaTable(str(tmp_path / "s" / name)).version() == (1 if name in ("settings", "uploads") else 0)
