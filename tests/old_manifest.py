"""A store whose manifest rows are shaped as older versions of the code wrote them (see the history
of winloss/store/tables.py and the `source=` of Store.commit_file's callers):

- an upload's `source` was always the preset that mapped its columns (one of mapping.SOURCES, a tie
  of headers every CRM writes going to Salesforce's), or its kind for a roster or a questionnaire;
  nothing said what the file's headers named it as (no `exported_from`);
- rows written before questionnaires had no `assessments_version` either.

Its data tables are empty (every row names their version 0), so the store reads as empty and takes
new uploads: only its history is old.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from winloss.store.delta import Store
from winloss.store.tables import DATA_TABLES, MANIFEST_SCHEMA, TABLE_SCHEMAS

BEFORE_QUESTIONNAIRES = pl.Schema({n: t for n, t in MANIFEST_SCHEMA.items() if n not in ("exported_from", "assessments_version")})
BEFORE_EXPORTED_FROM = pl.Schema({n: t for n, t in MANIFEST_SCHEMA.items() if n != "exported_from"})

# (schema the row was written with, its fields), as store versions 1, 2, …
OLD_ROWS: list[tuple[pl.Schema, dict]] = [
    (BEFORE_QUESTIONNAIRES, {"action": "ingest", "kind": "opportunities", "source": "salesforce", "file_name": "q1.csv"}),
    (BEFORE_QUESTIONNAIRES, {"action": "ingest", "kind": "roster", "source": "roster", "file_name": "team.csv"}),
    (BEFORE_QUESTIONNAIRES, {"action": "settings", "note": "3 no-decision reasons"}),
    (BEFORE_EXPORTED_FROM, {"action": "ingest", "kind": "opportunities", "source": "dynamics", "file_name": "crm.xlsx"}),
    (BEFORE_EXPORTED_FROM, {"action": "ingest", "kind": "assessment", "source": "assessment", "file_name": "answers.csv"}),
    # A source this version of the code does not know (as a newer version might write one).
    (BEFORE_EXPORTED_FROM, {"action": "ingest", "kind": "opportunities", "source": "zoho", "file_name": "z.csv"}),
]


def old_manifest_store(path: Path) -> Store:
    """A store at `path` whose manifest holds OLD_ROWS, each appended as its own table version."""
    for name in DATA_TABLES:
        pl.DataFrame(schema=TABLE_SCHEMAS[name]).write_delta(str(path / name))  # their version 0
    uploads = str(path / "uploads")
    pl.DataFrame(schema=BEFORE_QUESTIONNAIRES).write_delta(uploads)  # version 0, as a new store's
    for version, (schema, fields) in enumerate(OLD_ROWS, 1):
        row: dict[str, object] = {name: None for name in schema.names()}
        row.update({f"{t}_version": 0 for t in DATA_TABLES if f"{t}_version" in schema})
        if fields["action"] == "ingest":
            row.update(sha256=f"sha{version}", rows_read=2, rows_accepted=2, rows_quarantined=0, inserted=2, updated=0, unchanged=0)
        row.update(fields, store_version=version, user="ops", at=dt.datetime(2025, 3, version, 9, 30, tzinfo=dt.UTC))
        pl.DataFrame([row], schema=schema).write_delta(uploads, mode="append", delta_write_options={"schema_mode": "merge"})
    return Store(path)
