"""A local store's missing tables made empty by writing their first commit file.

A new store's first commit made each of its eight tables with an empty frame's `write_delta`: 3-5 ms
of CPU each (Arrow conversion, the writer's plan, its commit), a fifth of a small file's first
commit. An empty table is only its first log file: the protocol, the schema and the commit's
facts. That file is written here with the same lines deltalake's writer gives (the schema
string by deltalake itself, from the same Arrow schema; `tests/store/test_empty_tables.py` compares
them), and put in place only if no table is there yet, as deltalake's own commit is. A schema
holding a type that needs a newer protocol than the plainest (a timestamp without a time zone,
say) is not made here: `made` says so and the caller uses the writer.
"""

from __future__ import annotations

import json
import os
import secrets
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import deltalake
import polars as pl

FIRST_COMMIT = "00000000000000000000.json"
# The types a table of protocol 1 (readers) and 2 (writers) holds: deltalake's writer gives any
# other (timestamp_ntz, a struct of them...) a newer protocol, which is not written by hand.
_PLAIN_TYPES = frozenset({"string", "long", "integer", "short", "byte", "double", "float", "boolean",
                          "date", "timestamp", "binary"})
_ENGINE = f"delta-rs:py-{deltalake.__version__}"
_CLIENT = f"delta-rs.py-{deltalake.__version__}"


def first_commit_lines(schema: Mapping[str, Any], at_ms: int, table_id: str) -> list[str] | None:
    """The first log file's lines (JSON text) of an empty table of `schema` (Polars column -> type), made
    at `at_ms` (ms since the epoch) with id `table_id`; None when a column's type needs a newer protocol."""
    arrow = pl.DataFrame(schema=dict(schema)).to_arrow(compat_level=pl.CompatLevel.newest()).schema
    schema_string = deltalake.Schema.from_arrow(arrow).to_json()
    if any(not isinstance(f["type"], str) or f["type"] not in _PLAIN_TYPES for f in json.loads(schema_string)["fields"]):
        return None
    entries = [
        {"commitInfo": {
            "timestamp": at_ms, "operation": "WRITE", "operationParameters": {"mode": "ErrorIfExists"},
            "engineInfo": _ENGINE,
            "operationMetrics": {"num_added_files": 0, "num_removed_files": 0, "num_partitions": 0, "num_added_rows": 0,
                                 "execution_time_ms": 0, "num_retries": 0},
            "clientVersion": _CLIENT}},
        {"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}},
        {"metaData": {
            "id": table_id, "name": None, "description": None, "format": {"provider": "parquet", "options": {}},
            "schemaString": schema_string, "partitionColumns": [], "createdTime": at_ms, "configuration": {}}},
    ]
    return [json.dumps(entry, separators=(",", ":")) for entry in entries]


def made(folder: Path, schema: Mapping[str, Any]) -> bool:
    """Make an empty table of `schema` in `folder` (a local path) unless one is there: True when it is
    there now (made here, or by another writer at the same moment); False when `schema` is not one
    written by hand (the caller makes the table with deltalake). Raises OSError when the folder
    cannot be written."""
    lines = first_commit_lines(schema, int(time.time() * 1000), str(uuid.uuid4()))
    if lines is None:
        return False
    log = folder / "_delta_log"
    log.mkdir(parents=True, exist_ok=True)
    # Written whole under a name no reader takes for a commit, then linked into place: a reader never sees
    # half a file, and a link fails where the first commit is there already (another writer's), as
    # deltalake's own put-if-absent does.
    partial = log / f"_commit_{secrets.token_hex(8)}.json.tmp"
    partial.write_text("\n".join(lines), encoding="utf-8")  # as deltalake writes it: no newline after the last
    try:
        os.link(partial, log / FIRST_COMMIT)
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)
    return True


__all__ = ["FIRST_COMMIT", "first_commit_lines", "made"]
