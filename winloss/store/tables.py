"""The tables a store keeps and the schema of each: what every version of every table holds."""

from __future__ import annotations

import polars as pl

from data_models.vocabulary import OPPORTUNITY_SCHEMA, ROSTER_SCHEMA
from winloss import employment, team_history

DATA_TABLES = ("opportunities", "roster", "quarantine", "settings", "archive", "assessments")
# The tables a rollback puts back as they were (Store.rollback): every one but the raw archive, which
# keeps every uploaded file for the audit trail.
ROLLBACK_TABLES = tuple(t for t in DATA_TABLES if t != "archive")
# Column types as instances (pl.String(), not pl.String), so each mapping has one value type that
# pl.Schema is typed to take; pl.Schema makes the same instances from classes.

STORED_OPPORTUNITY_SCHEMA = pl.Schema(
    {
        **OPPORTUNITY_SCHEMA,
        # The outcome the export's status column said (winloss.ingest.outcomes.STORED_STATUS): it
        # decides over the stage when outcomes are derived again at read time. Null: no status.
        "status_outcome": pl.String(),
        # The outcome its closing columns (closed/won flags, won/lost dates) said (outcomes.STORED_CLOSING):
        # it settles a stage no rule places and decides over a stage mapping at read time. Null: none.
        "closing_outcome": pl.String(),
        "source_sha256": pl.String(), "source_line": pl.Int64(), "updated_at": pl.Datetime("us", "UTC"),
    }
)
# Where each rep's profile came from: origin "roster" (an upload or an edit) or "assessment", and
# the sentence the pages show ("roster upload team.csv, 3 Mar 2026"). Null in rows stored before
# profiles had a source: those read as the roster's.
# Whether the rep left, and on which day (winloss.employment.STORED): null in rows stored before, and in a
# roster's rows that never said; and the day that was read (employment.READ_ON: null in rows stored before
# it was kept, which Store.roster reads by the day they were stored, employment.by_todays_rule).
# The day the rep joined their team and their earlier teams (winloss.team_history.STORED): null in rows stored
# before, and for a rep who never changed team while the store held them.
STORED_ROSTER_SCHEMA = pl.Schema(
    {**ROSTER_SCHEMA, "source_sha256": pl.String(), "updated_at": pl.Datetime("us", "UTC"),
     "profile_origin": pl.String(), "profile_source": pl.String(), **employment.STORED,
     **employment.STORED_READ_ON, **team_history.STORED}
)
# One row per rep x rater x statement of a profile questionnaire (winloss.assessment).
ASSESSMENT_SCHEMA = pl.Schema(
    {"rep": pl.String(), "rater": pl.String(), "date": pl.Date(), "statement": pl.String(), "score": pl.Int64(),
     "source_sha256": pl.String(), "updated_at": pl.Datetime("us", "UTC")}
)
QUARANTINE_SCHEMA = pl.Schema(
    {"source_sha256": pl.String(), "file_name": pl.String(), "line": pl.Int64(), "reason": pl.String(), "row_json": pl.String()}
)
SETTINGS_SCHEMA = pl.Schema({"key": pl.String(), "value_json": pl.String()})
ARCHIVE_SCHEMA = pl.Schema({"sha256": pl.String(), "file_name": pl.String(), "part": pl.Int64(), "content": pl.Binary()})
MANIFEST_SCHEMA = pl.Schema(
    {
        "store_version": pl.Int64(),
        "action": pl.String(),  # ingest, roster, rollback, settings, roster_edit, assessment
        "kind": pl.String(),
        "file_name": pl.String(),
        "sha256": pl.String(),
        # The preset that mapped an upload's columns (one of mapping.SOURCES: a tie of headers every
        # CRM writes goes to Salesforce's), or its kind for a roster or a questionnaire.
        "source": pl.String(),
        "rows_read": pl.Int64(),
        "rows_accepted": pl.Int64(),
        "rows_quarantined": pl.Int64(),
        "inserted": pl.Int64(),
        "updated": pl.Int64(),
        "unchanged": pl.Int64(),
        "rolled_back_to": pl.Int64(),
        "user": pl.String(),
        "at": pl.Datetime("us", "UTC"),
        "note": pl.String(),
        **{f"{t}_version": pl.Int64() for t in DATA_TABLES},
        # What an opportunity export's headers name it as (mapping.exported_from: "generic" unless they
        # name its CRM), the source the pages show; blank for a roster, a questionnaire and in every
        # row written before it was kept, which has only `source` to go by.
        "exported_from": pl.String(),
        # The sheet of a workbook read (blank for a CSV, and in rows written before it was kept): the
        # same workbook's other sheet is another table, not the same upload again.
        "sheet": pl.String(),
        # An opportunity export's layout (mapping.layout_key: the set of its headers), which with its
        # name tells a re-export of the same report from another report (ingest.same_report); blank
        # for a roster, a questionnaire and in rows written before it was kept.
        "layout": pl.String(),
        # An opportunity export's headers and which of them fed each field, as JSON ({"headers": [...],
        # "fields": {field: header}}): a later export of the same report is told by most of its columns
        # even when one was renamed (ingest.same_report), and one without a column for a field is told
        # which column its earlier exports had (store_effects.missing_fields). Blank for a roster, a
        # questionnaire and in rows written before it was kept.
        "columns": pl.String(),
        # How an upload was read (winloss.store.readings.reading_json: its kind, column mapping, date order,
        # decimal mark, currencies and status mappings), as JSON: the same bytes read otherwise are stored
        # again, read the same way they are "already ingested". Blank in rows written before it was kept.
        "reading": pl.String(),
    }
)
TABLE_SCHEMAS = {
    "opportunities": STORED_OPPORTUNITY_SCHEMA,
    "roster": STORED_ROSTER_SCHEMA,
    "quarantine": QUARANTINE_SCHEMA,
    "settings": SETTINGS_SCHEMA,
    "archive": ARCHIVE_SCHEMA,
    "assessments": ASSESSMENT_SCHEMA,
    "uploads": MANIFEST_SCHEMA,
}
