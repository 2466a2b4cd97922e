"""The whole path from file bytes to the store: read, map, normalise, validate, then commit.

`prepare` writes nothing, so the app can show a preview and a report before anyone commits;
`commit` stores a prepared file as one store version, or nothing at all.
"""

from __future__ import annotations

import dataclasses
import hashlib
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterable, Mapping as MappingType
from dataclasses import dataclass, field

import polars as pl

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from data_models.vocabulary import ROSTER_FIELDS
from winloss.identity import product_lines, spellings
from winloss.mapping import FIELD_LABELS, Mapping, detect_mapping
from winloss.money import DEFAULT_REPORTING_CURRENCY
from winloss.normalise import normalised_assessment, normalised_opportunities, normalised_roster
from winloss.profile_sources import questionnaire_profiles, roster_conflicts, with_assessed_kept
from winloss.quarantine import is_report, quarantine_rows, report_as_export, report_csv, stored_quarantine
from winloss.readers import FileRejected, RawTable, read_table
from winloss.store import AlreadyIngested, Change, Store
from winloss.validation import CHECK_TITLES, ERROR_SCHEMA, Validated, validated

MAX_ERRORS_REPORTED = 50

Progress = Callable[[float, str], None]
"""Told (fraction done, what is happening) as a file moves through the steps; for progress bars."""


def _silent(fraction: float, step: str) -> None:
    return None


@dataclass
class PreparedFile:
    """A file read, mapped and validated, but not stored."""

    file_name: str
    content: bytes
    sha256: str
    rejected: str | None = None  # why the whole file cannot be stored, as one sentence
    table: RawTable | None = None
    mapping: Mapping | None = None
    accepted: pl.DataFrame = field(default_factory=pl.DataFrame)
    errors: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ERROR_SCHEMA))
    quarantine: pl.DataFrame = field(default_factory=pl.DataFrame)  # rejected rows as they came
    notes: list[str] = field(default_factory=list)
    stages: pl.DataFrame | None = None  # outcomes.stage_report: every stage value, its outcome, rows and rule
    # Product lines of a deal folded into the row that kept it: `__line` (folded away), `into` (kept).
    folded: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={"__line": pl.Int64, "into": pl.Int64}))
    # The rules that settled this file's amounts: decimal_mark, separator_rule, currency_rule.
    money_rules: dict[str, str | None] = field(default_factory=dict)

    @property
    def kind(self) -> str | None:
        return self.mapping.kind if self.mapping else None

    @property
    def source(self) -> str | None:
        return self.mapping.source if self.mapping else None

    @property
    def rows_read(self) -> int:
        if self.table is None:
            return 0
        return self.table.frame.height + self.table.ragged.height

    @property
    def rows_accepted(self) -> int:
        """File rows stored: a deal written once per product line counts each of its lines."""
        return 0 if self.rejected else self.accepted_lines.len()

    @property
    def accepted_lines(self) -> pl.Series:
        """The lines of the file whose rows were stored (folded product lines included), Int64."""
        lines = self.accepted.get_column("__line") if "__line" in self.accepted.columns else pl.Series("__line", [], pl.Int64)
        if self.folded.height == 0:
            return lines
        folded = self.folded.filter(pl.col("into").is_in(lines.implode())).get_column("__line")
        return pl.concat([lines, folded]).sort()

    @property
    def key(self) -> str | None:
        """The column (or columns, joined by " + ") that say which deal or rep a row is."""
        columns = self.mapping.key_columns if self.mapping else ()
        return " + ".join(columns) if columns else None

    @property
    def rows_quarantined(self) -> int:
        return self.rows_read - self.rows_accepted

    def quarantine_csv(self) -> bytes:
        """The rejected rows as they came, with line and reason, safe to open in Excel."""
        return report_csv(self.quarantine)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def prepare(
    content: bytes,
    file_name: str,
    *,
    kind: str = "auto",
    source: str = "auto",
    overrides: MappingType[str, str] | None = None,
    day_first: bool | None = None,
    no_decision_reasons: Iterable[str] = DEFAULT_NO_DECISION_REASONS,
    progress: Progress = _silent,
    table: RawTable | None = None,
    sheet: str | None = None,
    stage_outcomes: MappingType[str, str] | None = None,
    decimal_mark: str | None = None,
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY,
) -> PreparedFile:
    """Read, map, normalise and validate one file; never raises for bad input, never writes.

    `table` is the file already read (by an earlier prepare of the same bytes), so re-preparing
    with another mapping or date order does not decode a large file again. `stage_outcomes` maps
    stage values to outcomes (the store's stage mappings), ahead of the built-in stage words.
    `decimal_mark` ("." or ",") forces how amounts are read; None lets the file decide. Amounts of
    a file that names no currency are in `reporting_currency` (the store's).
    """
    # Hash while the reader parses: both release the GIL, so this costs no wall time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_of, content)
        prepared = _prepared(
            content, file_name, kind, source, overrides, day_first, no_decision_reasons, progress, table, sheet,
            stage_outcomes, decimal_mark, reporting_currency,
        )
        prepared.sha256 = digest.result()
    return prepared


def _prepared(
    content: bytes,
    file_name: str,
    kind: str,
    source: str,
    overrides: MappingType[str, str] | None,
    day_first: bool | None,
    no_decision_reasons: Iterable[str],
    progress: Progress,
    table: RawTable | None,
    sheet: str | None,
    stage_outcomes: MappingType[str, str] | None = None,
    decimal_mark: str | None = None,
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY,
) -> PreparedFile:
    prepared = PreparedFile(file_name=file_name, content=content, sha256="")
    progress(0.05, "Reading")
    try:
        prepared.table = table if table is not None else read_table(content, file_name, sheet)
    except FileRejected as exc:
        prepared.rejected = str(exc)
        return prepared
    if is_report(prepared.table.columns):  # a quarantine report, fixed and uploaded again
        prepared.table = dataclasses.replace(prepared.table, frame=report_as_export(prepared.table.frame))
    table = prepared.table
    try:
        prepared.mapping = detect_mapping(table.columns, kind=kind, source=source, overrides=overrides, frame=table.frame)
    except ValueError as exc:
        prepared.rejected = str(exc)
        return prepared
    if prepared.mapping.missing_required:
        prepared.rejected = missing_columns_sentence(prepared.mapping, table.columns)
        return prepared
    progress(0.35, "Parsing dates, amounts and stages")
    if prepared.mapping.kind == "roster":
        normal = normalised_roster(table.frame, prepared.mapping)
    elif prepared.mapping.kind == "assessment":
        normal = normalised_assessment(table.frame, prepared.mapping)
    else:
        normal = normalised_opportunities(
            table.frame, prepared.mapping, no_decision_reasons, day_first, stage_outcomes,
            delimiter=table.delimiter, decimal_mark=decimal_mark, reporting_currency=reporting_currency,
        )
    prepared.notes = [*table.notes, *normal.notes]
    prepared.stages = normal.stages
    prepared.money_rules = normal.rules
    progress(0.6, "Validating")
    result: Validated = validated(normal.frame, table.frame, prepared.mapping)
    if prepared.mapping.kind == "opportunities" and _has_repeated_ids(result):
        result, prepared.folded = _with_product_lines_folded(normal.frame, table.frame, prepared.mapping, result)
        if prepared.folded.height:
            deals = prepared.folded.get_column("into").n_unique()
            prepared.notes.append(
                f"{prepared.folded.height + deals:,} rows are product lines of {deals:,} "
                f"{'deal' if deals == 1 else 'deals'} (the same ID with the same deal fields): each deal is "
                "stored once, its amount counted once and its products listed together."
            )
    ragged_errors = table.ragged.select(
        pl.col("__line").alias("line"),
        pl.lit(None, pl.String).alias("column"),
        pl.lit(None, pl.String).alias("value"),
        pl.lit("Row could not be split into the header's columns").alias("check"),
        pl.col("message"),
    )
    prepared.errors = pl.concat([result.errors, ragged_errors]).sort("line", maintain_order=True)
    prepared.accepted = result.accepted
    prepared.quarantine = quarantine_rows(table.frame, result.errors, table.ragged)
    if prepared.accepted.height == 0:
        first = prepared.errors.get_column("message").first()
        prepared.rejected = (
            f"None of the {prepared.rows_read} rows could be stored (the first problem: {first}) "
            "Check the column mapping and the export, then upload again."
        )
    progress(0.8, "Validated")
    return prepared


def _has_repeated_ids(result: Validated) -> bool:
    return bool(result.errors.height) and (result.errors.get_column("check") == CHECK_TITLES["opportunity_id_unique"]).any()


def _with_product_lines_folded(
    frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping, result: Validated
) -> tuple[Validated, pl.DataFrame]:
    """Validation run again with each deal's identical product lines as one row.

    Only files with repeated ids pay for this. A folded line shares the fate of the row that kept
    its deal: stored with it, or quarantined with the same reasons.
    """
    kept, folded = product_lines(frame)
    if folded.height == 0:
        return result, folded
    lines = kept.get_column("__line").implode()
    again = validated(kept, table.filter(pl.col("__line").is_in(lines)), mapping)
    shared = folded.join(again.errors, left_on="into", right_on="line").select(
        pl.col("__line").alias("line"), *[c for c in ERROR_SCHEMA.names() if c != "line"]
    )
    errors = pl.concat([again.errors, shared]).sort("line", maintain_order=True)
    return Validated(again.accepted, errors, errors.get_column("line").unique()), folded


def missing_columns_sentence(mapping: Mapping, columns: list[str]) -> str:
    """One sentence naming the required fields no column feeds, and the columns there are."""
    missing = [FIELD_LABELS.get(f, f).lower() for f in mapping.missing_required]
    found = ", ".join(f"'{c}'" for c in columns[:15]) + (" …" if len(columns) > 15 else "")
    what = {"roster": "rep roster", "assessment": "profile questionnaire"}.get(mapping.kind, "opportunity export")
    return (
        f"This {what} has no column for the {' or the '.join(missing)}: the columns found are {found}. "
        f"Choose the column in the mapping (on the command line: --map {mapping.missing_required[0]}=\"Column name\")."
    )


@dataclass(frozen=True)
class Committed:
    """What storing one prepared file did."""

    change: Change | None  # None when nothing was written
    already: dict | None = None  # the manifest row of an earlier identical upload, when skipped
    notes: tuple[str, ...] = ()  # what a questionnaire did to each rep's profile; assessed profiles a roster kept

    @property
    def message(self) -> str:
        if self.already is not None:
            at = self.already["at"].strftime("%Y-%m-%d %H:%M UTC")
            return f"This file was already ingested on {at} (store version {self.already['store_version']}): nothing changed."
        assert self.change is not None
        c = self.change
        return f"Stored as version {c.store_version}: {c.inserted} new, {c.updated} updated, {c.unchanged} unchanged."


def commit(
    store: Store,
    prepared: PreparedFile,
    user: str | None = None,
    progress: Progress = _silent,
    take_uploaded: Iterable[str] = (),
) -> Committed:
    """Store a prepared file as one version; a rejected file raises ValueError and changes nothing.

    A roster never silently replaces an assessed profile: for each conflict (see
    `profile_sources.roster_conflicts`) the assessed profile is kept unless its rep is in
    `take_uploaded`. A questionnaire stores its answers and the profiles they settle.
    """
    progress(0.85, "Storing")
    if prepared.rejected:
        raise ValueError(prepared.rejected)
    accepted, roster_rows, notes = _as_the_store_knows_it(store, prepared), None, []
    if prepared.kind == "roster":
        conflicts = roster_conflicts(accepted, store.roster())
        kept = sorted(set(conflicts.get_column("rep").to_list()) - set(take_uploaded))
        accepted = with_assessed_kept(accepted, store.roster(), kept)
        notes = [f"{rep}: the assessed profile is kept (the roster says otherwise)." for rep in kept]
    elif prepared.kind == "assessment":
        roster_rows, notes = questionnaire_profiles(accepted, store.assessments(), store.roster())
    try:
        change = store.commit_file(
            kind=prepared.kind or "opportunities",
            file_name=prepared.file_name,
            sha256=prepared.sha256,
            content=prepared.content,
            source=prepared.source or "generic",
            accepted=accepted,
            quarantine=stored_quarantine(prepared.quarantine),
            rows_read=prepared.rows_read,
            user=user,
            roster_rows=roster_rows,
        )
    except AlreadyIngested as exc:  # the same file, committed a moment ago by another click or tab
        return Committed(change=None, already=exc.row)
    progress(1.0, "Stored")
    return Committed(change=change, notes=tuple(notes))


def _as_the_store_knows_it(store: Store, prepared: PreparedFile) -> pl.DataFrame:
    """The accepted rows with each rep spelled as the store already spells them.

    A rep the roster has keeps the roster's spelling, else the one the stored deals use most, so
    "ANNA KOVAC" in this export updates Anna Kovac's deals and roster row instead of adding a rep.
    A roster without some column (often the seller profile) keeps what the store holds for it.
    """
    accepted = prepared.accepted
    if accepted.height == 0 or store.version() == 0:
        return accepted
    roster = store.roster().collect()
    preferred = roster.get_column("rep")
    if prepared.kind != "roster":
        stored = store.opportunities().group_by("rep").agg(pl.len().alias("n")).collect()
        preferred = pl.concat([preferred, spellings(stored.rename({"rep": "name"})).get_column("spelling").unique()])
    reps = accepted.get_column("rep")
    counts = reps.value_counts(name="n").rename({"rep": "name"})
    renamed = spellings(counts, preferred).filter(pl.col("name") != pl.col("spelling"))
    if renamed.height:
        accepted = accepted.with_columns(pl.col("rep").replace(renamed.get_column("name"), renamed.get_column("spelling")))
    if prepared.kind == "roster" and prepared.mapping is not None:
        absent = [f for f in ROSTER_FIELDS if f != "rep" and f not in prepared.mapping.fields]
        if absent and roster.height:
            held = roster.select("rep", *[pl.col(f).alias(f"__held_{f}") for f in absent])
            accepted = accepted.join(held, on="rep", how="left", maintain_order="left").with_columns(
                pl.coalesce(f"__held_{f}", f).alias(f) for f in absent
            ).drop([f"__held_{f}" for f in absent])
    return accepted


def file_report(prepared: PreparedFile, quarantine_path: str | None = None) -> dict:
    """The JSON object the CLI prints for one file."""
    table = prepared.table
    return {
        "file": prepared.file_name,
        "kind": prepared.kind,
        "source": prepared.source,
        "encoding": table.encoding if table else None,
        "delimiter": table.delimiter if table else None,
        "mapping": dict(prepared.mapping.fields) if prepared.mapping else {},
        "key": prepared.key,
        "rows_read": prepared.rows_read,
        "rows_accepted": prepared.rows_accepted,
        "rows_quarantined": prepared.rows_quarantined,
        "quarantine_csv": quarantine_path,
        "errors": prepared.errors.head(MAX_ERRORS_REPORTED).select("line", "column", "value", "message").to_dicts(),
        "notes": prepared.notes,
        "stages": prepared.stages.to_dicts() if prepared.stages is not None else [],
        **{key: prepared.money_rules.get(key) for key in ("decimal_mark", "separator_rule", "currency_rule")},
        "rejected": prepared.rejected,
    }


__all__ = ["PreparedFile", "prepare", "commit", "Committed", "file_report", "sha256_of"]
