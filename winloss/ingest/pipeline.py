"""The whole path from file bytes to the store: read, map, normalise, validate, then commit.

`prepare` writes nothing, so the app can show a preview and a report before anyone commits;
`commit` stores a prepared file as one store version, or nothing at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, Queue
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeVar, cast
from collections.abc import Callable, Iterable, Iterator, Mapping as MappingType, Sequence
from dataclasses import dataclass, field

import polars as pl

from data_models.vocabulary import (
    CLOSED_OUTCOMES, DEFAULT_NO_DECISION_REASONS, LOST, NO_DECISION, OPEN, OUTCOME_LABELS, WON, as_vocabulary, folded_words,
)
from data_models.vocabulary import ROSTER_FIELDS, profile_meant
from winloss import employment, team_history
from winloss.ingest import identity, name_order, outcomes, scratch
from winloss.ingest.blank_words import with_blank_words
from winloss.ingest.identity import product_lines, spellings
from winloss.ingest.corrected_spellings import Corrected, corrected_sentence, corrected_spellings
from winloss.ingest.future_closes import DatedAfter, future_created, future_created_note
from winloss.ingest.mapping import (
    FIELD_LABELS, OPPORTUNITY_NAME, SAMPLE_ROWS, Mapping, Remembered, bare_name_unread_note, currency_code_columns,
    detect_mapping, expected_close_only_note, exported_from, held_currency_sentence, layout_key, mapping_notes,
    kind_doubt_sentence, reason_in_stage, recognised_as, unused_columns, unused_columns_sentence,
)
from winloss.ingest.currency_names import as_set_clause, as_set_read, currency_name_choices
from winloss.ingest.file_currency import LocaleClues, currency_question, file_currency_choice
from winloss.ingest.date_order import DateOrder, Fallback, StoredOrder
from winloss.ingest.deal_pipelines import added, pipeline_column, pipeline_counts, pipelines_note
from winloss.ingest.date_order import fallback as order_fallback
from winloss.ingest.id_prefix import id_prefix_choice
from winloss.ingest.hints import command_line_hint
from winloss.ingest.owner_emails import owner_email_sentences
from winloss.ingest.owner_lookalikes import lookalike_owners, lookalike_sentences
from winloss.ingest.money import (
    DEFAULT_REPORTING_CURRENCY, NamedCurrencies, converted_rule, currency_rule, hint_examples, joined_rule, unsettled_note,
)
from winloss.ingest.normalise import (
    DECIDING_FIELDS,
    HINT_DATE_FIELDS,
    REASONS_FROM_STAGE,
    FileDecisions,
    Normalised,
    extended_decisions,
    file_decisions,
    normalised_assessment,
    normalised_opportunities,
    normalised_roster,
    numeric_reps_note,
    reason_spellings_note,
    reasons_from_stage_note,
    ID_NOTES,
    stored_ids,
)
from winloss.ingest.store_files import StoreFiles
from winloss.ingest.questionnaire import is_questionnaire, questionnaire_as_answers
from winloss.ingest.quarantine import is_report, nothing_stored, quarantine_rows, report_as_export, report_csv, stored_quarantine
from winloss.ingest.merged_amounts import MONEY_FIELDS
from winloss.ingest.reading_notes import ReadingNotes, one
from winloss.ingest.values import DecimalMark
from winloss.ingest.validation import (
    CHECK_TITLES, ERROR_SCHEMA, LEFT_OUT_SCHEMA, Validated, blank_word_counts, blank_words_note, dash_counts, dashes_note,
    grouped_errors, validated,
)
from winloss.io.csv_rows import with_footer_like_lines
from winloss.io.csv_batches import BATCH_ROWS, BatchesUnavailable, CsvBatch, CsvBatches, MacLineEnds, NotUtf8Text
from winloss.io.encoding import MIXED_NAME, WESTERN
from winloss.io.excel import hidden_columns_note, merged_cells_note, passed_sheets_note
from winloss.io.readers import read_table, workbook_sheets
from winloss.managers import managers_sentence
from winloss.io.table import AGAIN, RAGGED_SCHEMA, FileRejected, RawTable
from winloss.io.transcoding import Told, Transcoded, transcoded_csv, with_newlines
from winloss.profile_sources import questionnaire_profiles, roster_conflicts, with_assessed_kept, with_unread_profiles_settled
from winloss.ingest.remembered import layout_change
from winloss.store.delta import ROWS_TELL_KEYS, AlreadyIngested, Change, LoadedBefore, Store, now
from winloss.store.readings import reading_json, stores_nothing_new
from winloss.text import UNLISTED, listed, moment, plural, quoted_name, quoted_names

if TYPE_CHECKING:  # store_effects reads PreparedFile: imported where it is used
    from winloss.ingest.store_effects import UnlistedDeals

MAX_ERRORS_REPORTED = 50
T = TypeVar("T")
LINE_COLUMN = "__line"
_NO_RAGGED = pl.DataFrame(schema=RAGGED_SCHEMA)

Progress = Callable[[float, str], None]
"""Told (fraction done, what is happening) as a file moves through the steps; for progress bars."""


def _silent(fraction: float, step: str) -> None:
    return None


def rows_step(rows: int, bytes_done: int, size: int) -> str:
    """What a read in batches is doing, for a progress bar: "Reading and checking rows: 200,000 of about 1,000,000".

    `rows` have been read from the first `bytes_done` bytes of the file's `size`; the total is
    estimated from them to two significant figures, and is exact once the whole file is read.
    """
    if bytes_done >= size or not rows:
        return f"Reading and checking rows: {rows:,} of {rows:,}" if rows else "Reading and checking rows"
    estimate = rows * size / max(1, bytes_done)
    rounded = int(float(f"{estimate:.2g}"))
    return f"Reading and checking rows: {rows:,} of about {max(rows, rounded):,}"


def not_utf8_step(encoding: str | None) -> str:
    """Why a read in batches starts again from the first row: a line that is not UTF-8 turned up
    after the first batch, so the file is rewritten as UTF-8 (`encoding` None: being rewritten) and
    read again as text in `encoding` (a Transcoded.encoding: "cp1252", "utf-8+cp1252"...)."""
    if encoding is None:
        return "This file is not all UTF-8: converting it to read it again from the start"
    if encoding in WESTERN:
        words = f"Western European text ({encoding})"
    elif encoding.startswith(MIXED_NAME.format("")):
        words = f"UTF-8 with some lines in {encoding.removeprefix(MIXED_NAME.format(''))}"
    else:
        words = encoding
    return f"This file is not all UTF-8: reading it again as {words}"


def converting_step(done: int, size: int, what: str) -> str:
    """What the rewrite before a read in batches is doing, for a progress bar: `what` ("Converting
    the file to UTF-8") and the megabytes of the file's `size` (bytes) read so far: "...: 45 of 233 MB"."""
    return f"{what}: {done / 1e6:,.0f} of {max(1, round(size / 1e6)):,} MB"


def workbook_step(seconds: int) -> str:
    """What reading a workbook is doing after `seconds` of it, for a progress bar: its reader
    tells nothing of how far it is, so the bar says it is still at work."""
    return f"Reading the workbook: {seconds} s"


def recheck_step(done: int, rows: int) -> str:
    """The second reading of a file whose later rows changed a rule (the date order, the decimal
    mark, a currency): `done` of `rows` rows checked again, for a progress bar."""
    return f"Checking the rows again with the date order, decimal mark and currencies the whole file shows: {done:,} of {rows:,}"


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
    # The quarantine file's rows as they came: the rows kept out, and the rows stored without a
    # value not understood (`left_out`), each with its reason.
    quarantine: pl.DataFrame = field(default_factory=pl.DataFrame)
    # LEFT_OUT_SCHEMA: values accepted rows are stored without (validation.VALUE_CHECKS), such as a
    # roster's seller profile that is not one of the five.
    left_out: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=LEFT_OUT_SCHEMA))
    notes: list[str] = field(default_factory=list)
    stages: pl.DataFrame | None = None  # outcomes.stage_report: every stage value, its outcome, rows and rule
    # The no-decision vocabulary the outcomes were derived with, and the reasons it keeps lost: the file report
    # names the rules it applied and the reasons kept lost.
    no_decision_reasons: tuple[str, ...] = DEFAULT_NO_DECISION_REASONS
    # The stage mappings the outcomes were derived with (the store's, with the choices made for this file):
    # the checks before a commit read the stored deals under the same mappings (store_effects).
    # None: prepared without them (the store's are assumed).
    stage_outcomes: dict[str, str] | None = None
    # Product lines of a deal (or the rows of a deal written more than once) folded into the row that kept
    # it: `__line` (folded away), `into` (kept), `repeated` and the ids as written (`_with_product_lines_folded`).
    folded: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema={"__line": pl.Int64, "into": pl.Int64}))
    # The rules that settled this file's amounts: decimal_mark, separator_rule, currency_rule.
    money_rules: dict[str, str | None] = field(default_factory=dict)
    # The amounts' decimal mark and what settled it (offered: the Data page offers the choice); None without amounts.
    decimal_mark: DecimalMark | None = None
    # What the file's currency column and amounts name (whether some amounts name none: `bare`); None without amounts.
    currencies: NamedCurrencies | None = None
    # The currency chosen for the file's amounts that name none (file_currency.file_currency_choice); None: the file decides.
    file_currency: str | None = None
    # The names its currency columns write that the user gave a meaning (currency_names.as_set_read), with their
    # codes, each once in file order: its manifest row keeps them (`reading_json`). Empty when none is.
    names_as_set: tuple[tuple[str, str], ...] = ()
    # A file prepared from disk in batches (prepare_path): its path, its rows read, and its accepted
    # rows staged on disk instead of in `accepted` (which is then empty).
    path: Path | None = None
    read_count: int | None = None
    staged: Staged | None = None
    # Of a file read in batches, its rows per pipeline its pipeline column names (deal_pipelines.pipeline_counts,
    # added up batch by batch); None for none, or a file read whole (its table holds every row).
    pipeline_rows: pl.DataFrame | None = None
    # A folder holding a copy of the file made for this prepare (an upload spooled to disk by
    # prepare_upload), deleted with the staged rows.
    spool: Path | None = None
    # The choices it was read with (None: rejected before reading), which its manifest row keeps (`reading_json`).
    reading: Reading | None = None
    # The values of an export's status column, folded as the stage mappings match them (outcomes.folded_stage_outcomes):
    # their mappings are stored with the deals (`reading_json`). Empty without a status column or a stage mapping.
    status_values: frozenset[str] = frozenset()
    # The order its d/m/y dates were read in and what settled it (date_order.DateOrder), which its manifest row
    # keeps; None when no date of it reads either way.
    date_order: DateOrder | None = None
    # The ids of its rows deleted in the CRM (outcomes.deleted_ids), quarantined: a stored deal with one of them
    # leaves the store when the file is an export of the deal's report (store_effects.deleted_stored).
    deleted_ids: list[str] = field(default_factory=list)
    # The ids of every row it kept out (quarantined) whose id could be read, as the accepted rows' ids are stored
    # (15-character Salesforce ids in their 18-character form, the user's prefix), each once in file order: the file
    # lists those deals, so a stored deal with one of them is kept as stored, never said to be missing from the file
    # nor taken out as a deal it no longer lists (store_effects.quarantined_stored). `deleted_ids` are among them.
    quarantined_ids: list[str] = field(default_factory=list)
    # Of an export, its quarantined rows whose id could not be read (blank, or a row not split into the header's
    # columns): such a row names no deal, so a stored deal on it cannot be told from one the file lacks.
    quarantined_unread: int = 0
    # Of a roster, the stored reps it corrects the spelling of (`_corrected_by`), with the store they were decided
    # against (its URI and version): its report's sentences and its commit read one decision, made once while
    # the store stays as it was. None until decided.
    corrected: tuple[str, int, list[Corrected]] | None = field(default=None, repr=False, compare=False)

    @property
    def kind(self) -> str | None:
        return self.mapping.kind if self.mapping else None

    @property
    def source(self) -> str | None:
        return self.mapping.source if self.mapping else None

    @property
    def exported_from(self) -> str | None:
        """What an opportunity export's headers name it as (mapping.exported_from: one of SOURCES,
        "generic" unless they name the CRM); None for a roster, a questionnaire or a file not mapped."""
        if self.mapping is None or self.table is None or self.mapping.kind != "opportunities":
            return None
        return exported_from(self.mapping, self.table.columns)

    @property
    def layout(self) -> str | None:
        """An opportunity export's layout (mapping.layout_key of its headers), which its manifest row
        keeps to tell the same report's later exports (winloss.ingest.same_report); None for a
        roster, a questionnaire or a file not mapped."""
        if self.mapping is None or self.table is None or self.mapping.kind != "opportunities":
            return None
        return layout_key(self.table.columns)

    @property
    def columns_json(self) -> str | None:
        """An opportunity export's headers and which of them feeds each field, as its manifest row keeps
        them (JSON: {"headers": [...], "fields": {field: header}}); None as for `layout`."""
        if self.mapping is None or self.table is None or self.mapping.kind != "opportunities":
            return None
        return json.dumps({"headers": list(self.table.columns), "fields": dict(sorted(self.mapping.fields.items()))})

    @property
    def reading_json(self) -> str | None:
        """The choices this file was read with that decide what its bytes store, as its manifest row keeps them
        (winloss.store.readings.reading_json: the same bytes read otherwise are stored again); None for a file
        not mapped. The reporting currency counts for an export with amounts, and for one whose status column
        is mapped the stage mappings of the values it holds (a status value's mapping is stored with the deal;
        a stage value's is applied again whenever the deals are read)."""
        if self.mapping is None or self.table is None or self.reading is None:
            return None
        export = self.mapping.kind == "opportunities"
        status_mappings = None
        if export and "status" in self.mapping.fields:
            mapped = outcomes.folded_stage_outcomes(self.reading.stage_outcomes)
            status_mappings = {value: mapped[value] for value in self.status_values if value in mapped}
        return reading_json(
            self.mapping.kind, self.mapping.fields, self.reading.day_first, self.reading.decimal_mark,
            file_currency=self.reading.file_currency if export else None,
            reporting_currency=self.reading.reporting_currency if export and self.currencies is not None else None,
            status_mappings=status_mappings, date_order=None if self.date_order is None else self.date_order.as_json(),
            id_prefix=self.reading.id_prefix, export=export, currency_names=dict(self.names_as_set) if export else None,
        )

    @property
    def rows_read(self) -> int:
        if self.read_count is not None:
            return self.read_count
        if self.table is None:
            return 0
        return self.table.frame.height + self.table.ragged.height

    @property
    def rows_accepted(self) -> int:
        """File rows stored: a deal written once per product line counts each of its lines."""
        if self.rejected:
            return 0
        if self.staged is not None:
            return self.staged.rows + self.folded.filter(pl.col("into").is_in(self.staged.group_lines.implode())).height
        return self.accepted_lines.len()

    @property
    def accepted_lines(self) -> pl.Series:
        """The lines of the file whose rows were stored (folded product lines included), Int64."""
        lines = self.accepted.get_column("__line") if "__line" in self.accepted.columns else pl.Series("__line", [], pl.Int64)
        if self.folded.height == 0:
            return lines
        folded = self.folded.filter(pl.col("into").is_in(lines.implode())).get_column("__line")
        return pl.concat([lines, folded]).sort()

    @property
    def whole_table(self) -> RawTable | None:
        """The file's table when it was read whole (`prepare(..., table=)` prepares it again with other
        settings without reading it again); None when it was read in batches, whose table holds only
        the header, the first rows and the ragged ones."""
        return self.table if self.read_count is None else None

    @property
    def key(self) -> str | None:
        """The column (or columns, joined by " + ") that say which deal or rep a row is."""
        columns = self.mapping.key_columns if self.mapping else ()
        return " + ".join(columns) if columns else None

    @property
    def rows_quarantined(self) -> int:
        """Rows kept out of the store: rows read = rows accepted + rows quarantined. A row stored
        without a value not understood counts as accepted (`rows_accepted_in_part`), though the
        quarantine file lists it too."""
        return self.rows_read - self.rows_accepted

    @property
    def rows_accepted_in_part(self) -> int:
        """Accepted rows stored without a value the product does not understand (`left_out`)."""
        return 0 if self.rejected else self.left_out.get_column("line").n_unique()

    @property
    def stored_without(self) -> str:
        """What the rows accepted in part are stored without, in words (`left_out_words`): "seller profile"."""
        return left_out_words(self.left_out)

    def quarantine_csv(self) -> bytes:
        """The rejected rows as they came, with line and reason, safe to open in Excel (split as
        the file was, when by ';': report_csv)."""
        return report_csv(self.quarantine, self.table.delimiter if self.table is not None else None)

    @property
    def deals_accepted(self) -> int:
        """Rows that go to the store (a deal's folded product lines count once)."""
        return self.staged.rows if self.staged is not None else self.accepted.height

    def accepted_columns(self, names: Sequence[str]) -> Iterator[pl.LazyFrame]:
        """The accepted rows' `names` columns, a part at a time (one part when they are in memory): a
        part staged on disk is read for those columns only. None of them when a part lacks one (a
        roster, a file rejected whole)."""
        parts = [self.accepted] if self.staged is None else self.staged.files
        for part in parts:
            frame = part.lazy() if isinstance(part, pl.DataFrame) else pl.scan_ipc(part)
            if not set(names) <= set(frame.collect_schema().names()):
                return
            yield frame.select(names)

    def closed_without_amount(self) -> int:
        """Closed deals accepted (won, lost, no decision) whose row has no amount at all (neither an
        amount nor a converted one): counted in win rates, left out of value figures. 0 for a roster."""
        if self.rejected or self.kind != "opportunities":
            return 0
        unpriced = pl.col("outcome").is_in(CLOSED_OUTCOMES) & pl.col("amount").is_null() & pl.col("converted_amount").is_null()
        parts = self.accepted_columns(("outcome", "amount", "converted_amount"))
        return sum(part.filter(unpriced).select(pl.len()).collect().item() for part in parts)

    def report_notes(self, *, page: bool = False) -> list[str]:
        """What the file report says about how the file was read (`notes`), then what follows from
        its accepted rows: loss reasons written in two ways, closed deals without an amount. The Data
        page (`page`: the loss reasons' sentence names the page's controls, not the command line's flags)
        and the command line show these."""
        notes = list(self.notes)
        if self.mapping is not None:
            closed_without = self.errors.filter(pl.col("check") == CHECK_TITLES["closed_has_close_date"]).height
            if said := expected_close_only_note(self.mapping, closed_without):
                notes.append(said)
        if sentence := stored_in_part_sentence(self.left_out):
            notes.append(sentence)
        if (renamed := self.reason_spellings()).height:
            notes.append(reason_spellings_note(renamed))
        if self.kind == "opportunities" and not self.rejected:
            # Reasons counted as no decision by the phrase-then-separator rule; near misses still lost.
            notes.extend(outcomes.reason_rule_notes(self.loss_reason_counts(), self.no_decision_reasons, page=page))
            # Deals of two pipelines counted together (HubSpot's sales and renewals): said once.
            if said := self.pipelines_note():
                notes.append(said)
        unpriced = self.closed_without_amount()
        if unpriced:
            notes.append(f"{plural(unpriced, 'closed deal')} {'has' if unpriced == 1 else 'have'} no amount in the file: "
                         f"{'it counts' if unpriced == 1 else 'they count'} in win rates and "
                         f"{'is' if unpriced == 1 else 'are'} left out of value figures.")
        return notes

    def pipelines_note(self) -> str | None:
        """deal_pipelines.pipelines_note of the file's pipeline column: counted of its whole table, or, read in
        batches (whose table keeps only its first rows), as each batch was read (`pipeline_rows`)."""
        if self.table is None or self.mapping is None:
            return None
        column = pipeline_column(self.table.columns, self.mapping.fields.values())
        if column is None:
            return None
        whole = self.whole_table
        return pipelines_note(column, pipeline_counts(whole.frame, column) if whole is not None else self.pipeline_rows)

    def loss_reason_counts(self) -> pl.DataFrame:
        """The accepted lost and no-decision deals that carry a loss reason, counted per reason and
        outcome: loss_reason (String, as the file wrote it), outcome ("lost" / "no_decision"), deals
        (Int64), by loss_reason then outcome (a group_by's groups come in no set order). A file prepared in
        batches is counted a staged part at a time; empty for a roster."""
        closed_lost = pl.col("outcome").is_in([LOST, NO_DECISION]) & pl.col("loss_reason").is_not_null()
        counts = [
            part.filter(closed_lost).group_by("loss_reason", "outcome").agg(pl.len().cast(pl.Int64).alias("deals")).collect()
            for part in self.accepted_columns(("loss_reason", "outcome"))
        ]
        schema = pl.Schema({"loss_reason": pl.String, "outcome": pl.String, "deals": pl.Int64})
        if not counts:
            return pl.DataFrame(schema=schema)
        return pl.concat(counts).group_by("loss_reason", "outcome").agg(pl.col("deals").sum()).cast(schema).sort("loss_reason", "outcome")

    def reason_spellings(self) -> pl.DataFrame:
        """The distinct loss reasons accepted that are another spelling (case, spacing, accents or quotes) of one of
        the others, each with the spelling the reason is shown under (identity.spellings of the file's rows: the most
        carefully written, else the most frequent): columns name, spelling, by name. The pages count them as one
        reason. Empty for a roster."""
        if self.rejected or self.kind != "opportunities":
            return pl.DataFrame(schema={"name": pl.String, "spelling": pl.String})
        counts = [part.drop_nulls("loss_reason").group_by("loss_reason").agg(pl.len().cast(pl.Int64).alias("n")).collect()
                  for part in self.accepted_columns(("loss_reason",))]
        schema = pl.Schema({"name": pl.String, "n": pl.Int64})
        reasons = (pl.concat(counts).rename({"loss_reason": "name"}).group_by("name").agg(pl.col("n").sum()).cast(schema)
                   if counts else pl.DataFrame(schema=schema))
        return spellings(reasons).filter(pl.col("name") != pl.col("spelling")).sort("name")

    def accepted_head(self, rows: int) -> pl.DataFrame:
        """The first `rows` accepted rows in file order (by `__line`), without reading every staged row."""
        if self.staged is None:
            return self.accepted.head(rows)
        heads = [head.drop(_KEY, strict=False) for head in self.staged.heads(rows)]  # the repeated ids' part has no key
        if not heads:
            return self.accepted.head(0)
        return pl.concat(heads).sort("__line").head(rows)

    def accepted_batches(self) -> Iterator[pl.DataFrame]:
        """The accepted rows, a batch at a time (one batch when they are in memory)."""
        if self.staged is None:
            yield self.accepted
            return
        for frame in self.staged.frames():
            yield frame.drop(_KEY, strict=False)

    def __enter__(self) -> PreparedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def discard(self) -> None:
        """Delete the staged rows (a file prepared in batches) and the spooled copy of an upload; a file
        prepared from its own path stays."""
        staged = self.staged
        folders = [folder for folder in (staged.directory if staged else None, self.spool) if folder is not None]
        _removed(folders, staged.store_files if staged else None)


# Accepted rows of a batched file are held in memory up to this many bytes (Polars' estimate) and
# written to disk beyond it: staging a million deals on disk and reading them back cost a fifth
# of the whole ingest, while holding them costs about 160 MB; the cap keeps any file's peak bounded
# (with 320 MB a 10M-row export peaked at 1.77 GB, too near the 2 GB the ingest must stay under).
STAGE_MEMORY_BYTES = 192 * 1024 * 1024


@dataclass
class Staged:
    """Accepted rows of a file prepared in batches, until committed or discarded.

    Each part is a frame held in memory while the parts held stay under `memory_bytes`, else an
    Arrow IPC file in `directory`: memory stays bounded whatever the file's size.
    """

    directory: Path
    files: list[Path | pl.DataFrame] = field(default_factory=list)  # the staged parts, in file order
    rows: int = 0  # rows staged (deals)
    group_lines: pl.Series = field(default_factory=lambda: pl.Series("__line", [], pl.Int64))  # repeated-id rows kept
    memory_bytes: int = field(default_factory=lambda: STAGE_MEMORY_BYTES)
    # Writes the store's data files of the parts as they are added (winloss.ingest.store_files).
    store_files: StoreFiles | None = None
    _written: int = 0
    _held: int = 0  # bytes of the parts held in memory

    def add(self, frame: pl.DataFrame) -> None:
        """Stage accepted rows (with or without their deal-key hash, `__key`)."""
        if frame.height:
            self.files.append(self._kept(frame))
            self.rows += frame.height
            if self.store_files is not None:
                self.store_files.add(frame)

    def _kept(self, frame: pl.DataFrame) -> Path | pl.DataFrame:
        size = int(frame.estimated_size())
        if self._held + size <= self.memory_bytes:
            self._held += size
            return frame
        part = self.directory / f"accepted-{self._written:05d}.arrow"
        self._written += 1
        frame.write_ipc(part, compression="uncompressed")
        return part

    def heads(self, rows: int) -> Iterator[pl.DataFrame]:
        """The first `rows` rows of each staged part (a part on disk is not read whole)."""
        for part in self.files:
            yield part.head(rows) if isinstance(part, pl.DataFrame) else pl.scan_ipc(part).head(rows).collect()

    def frames(self) -> Iterator[pl.DataFrame]:
        """The staged parts as frames, in file order, one at a time."""
        for part in self.files:
            yield part if isinstance(part, pl.DataFrame) else pl.read_ipc(part)

    def drop_keys(self, keys: pl.Series) -> None:
        """Take out the staged rows whose `__key` is in `keys` (an imploded UInt64 list)."""
        kept: list[Path | pl.DataFrame] = []
        for part in self.files:
            frame = part if isinstance(part, pl.DataFrame) else pl.read_ipc(part)
            if _KEY in frame.columns:
                hit = frame.get_column(_KEY).is_in(keys)
                if hit.any():
                    if self.store_files is not None:
                        self.store_files.invalidate()  # its data file holds rows no longer staged
                    self.rows -= int(hit.sum())
                    frame = frame.filter(~hit)
                    if isinstance(part, pl.DataFrame):
                        self._held -= int(part.estimated_size())
                    else:
                        part.unlink()
                    if frame.height:
                        part = self._kept(frame)
                    else:
                        continue
            kept.append(part)
        self.files = kept

    def discard(self) -> None:
        """Delete every staged row (the directory stays, for staging again)."""
        if self.store_files is not None:
            self.store_files.invalidate()
        for part in self.files:
            if not isinstance(part, pl.DataFrame):
                part.unlink(missing_ok=True)
        self.files, self.rows, self._held = [], 0, 0


@dataclass(frozen=True)
class Reading:
    """How a file is to be read: what `prepare` and `prepare_path` take as keywords, held once for
    the steps that share them (see `prepare` for each one's meaning)."""

    kind: str = "auto"
    source: str = "auto"
    overrides: MappingType[str, str] | None = None
    day_first: bool | None = None
    no_decision_reasons: Iterable[str] = DEFAULT_NO_DECISION_REASONS
    progress: Progress = _silent
    stage_outcomes: MappingType[str, str] | None = None
    decimal_mark: str | None = None
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY
    file_currency: str | None = None
    # Read a second time from the start: a line that is not UTF-8 turned up after the first batch.
    again: bool = False
    remembered: MappingType[str, Remembered] | None = None
    # The date orders the store recorded for earlier exports (date_order.stored_orders): one of the same report
    # decides the order of dates that do not show it.
    earlier_orders: tuple[StoredOrder, ...] = ()
    id_prefix: str | None = None
    # The user's meanings of currency names (currency_names.currency_name_choices): name -> ISO code.
    currency_names: MappingType[str, str] | None = None


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
    remembered: MappingType[str, Remembered] | None = None,
    file_currency: str | None = None,
    earlier_orders: tuple[StoredOrder, ...] = (),
    id_prefix: str | None = None,
    currency_names: MappingType[str, str] | None = None,
) -> PreparedFile:
    """Read, map, normalise and validate one file; never raises for bad input, never writes.

    `table` is the file already read (by an earlier prepare of the same bytes), so re-preparing
    with another mapping or date order does not decode a large file again. `stage_outcomes` maps
    stage values to outcomes (the store's stage mappings), ahead of the built-in stage words.
    `decimal_mark` ("." or ",") forces how amounts are read; None lets the file decide. Amounts of
    a file that names no currency are in `reporting_currency` (the store's), and so are converted
    amounts that name none. `file_currency` (an ISO 4217 code, file_currency.file_currency_choice) is
    what the user says the amounts that name none are in, whatever else the file names: an amount's own
    currency is kept; a code that is none rejects the file, saying so. `remembered`: the
    store's column mappings remembered by layout (winloss.ingest.remembered), one of which maps the
    columns when it is for their layout (detect_mapping). `earlier_orders`: the date orders the store recorded
    (date_order.stored_orders), that of an earlier export of the same report deciding dates that do not show
    their order. `id_prefix` (id_prefix.id_prefix_choice) is written
    before each id of an export, keeping one report's deals apart from another's under the same ids; one that
    cannot be rejects the file, saying so. `currency_names` (name -> ISO 4217 code: currency_names.
    currency_name_choices) are the user's meanings of names its currency columns write; one that is none
    rejects the file, saying so.
    """
    try:
        file_currency = file_currency_choice(file_currency)
        id_prefix = id_prefix_choice(id_prefix)
        currency_names = _names_checked(currency_names)
    except ValueError as exc:
        return PreparedFile(file_name=file_name, content=content, sha256=sha256_of(content), rejected=str(exc))
    # Hash while the reader parses: both release the GIL, so this costs no wall time.
    with ThreadPoolExecutor(max_workers=1) as pool:
        digest = pool.submit(sha256_of, content)
        reading = Reading(kind, source, overrides, day_first, no_decision_reasons, progress, stage_outcomes, decimal_mark,
                          reporting_currency, file_currency, remembered=remembered, earlier_orders=earlier_orders,
                          id_prefix=id_prefix, currency_names=currency_names)
        prepared = _prepared(content, file_name, reading, table, sheet)
        prepared.sha256 = digest.result()
    return prepared


def _names_checked(names: MappingType[str, str] | None) -> dict[str, str] | None:
    """The user's meanings of currency names as currency_names.currency_name_choices reads them (ValueError with its
    sentence for one that is none); None for none."""
    return currency_name_choices(f"{name}={code}" for name, code in names.items()) or None if names else None


def _prepared(content: bytes, file_name: str, reading: Reading, table: RawTable | None, sheet: str | None) -> PreparedFile:
    kind, source, overrides, progress = reading.kind, reading.source, reading.overrides, reading.progress
    prepared = PreparedFile(
        file_name=file_name, content=content, sha256="", no_decision_reasons=as_vocabulary(reading.no_decision_reasons),
        file_currency=reading.file_currency, stage_outcomes=None if reading.stage_outcomes is None else dict(reading.stage_outcomes),
        reading=reading,
    )
    progress(0.05, "Reading")
    try:
        prepared.table = (
            table if table is not None
            else read_table(content, file_name, sheet, waited=lambda seconds: progress(0.05, workbook_step(seconds)))
        )  # fmt: skip
    except FileRejected as exc:
        prepared.rejected = str(exc)
        return prepared
    if is_report(prepared.table.columns):  # a quarantine report, fixed and uploaded again
        prepared.table = dataclasses.replace(prepared.table, frame=report_as_export(prepared.table.frame))
    elif is_questionnaire(prepared.table.columns):  # the questionnaire's CSV: its names guarded against Excel
        prepared.table = dataclasses.replace(prepared.table, frame=questionnaire_as_answers(prepared.table.frame))
    table = prepared.table
    try:
        prepared.mapping = detect_mapping(
            table.columns, kind=kind, source=source, overrides=overrides, frame=table.frame, remembered=reading.remembered,
            stage_outcomes=reading.stage_outcomes, header_parts=table.header_parts,
        )
    except ValueError as exc:
        prepared.rejected = str(exc)
        return prepared
    if prepared.mapping.missing_required and sheet is None and table is not None and not overrides:
        # A workbook whose first sheet is a cover page: the export is on another sheet.
        found = _sheet_with_the_fields(content, file_name, kind, source, table, reading.stage_outcomes)
        if isinstance(found, tuple):
            prepared.table, prepared.mapping, note = found
            table = prepared.table
            prepared.notes.append(note)
    elif table.passed_sheets and sheet is None:
        # Empty sheets (or a one-line title) before the table: which sheet was read is said, never silent.
        prepared.notes.append(passed_sheets_note(table.passed_sheets, table.sheet or "", _rows_word(prepared.mapping))
                              + _CHOOSE_SHEET)
    if prepared.mapping.missing_required:
        if (nowhere := _no_sheet_holds_it(content, file_name, table, prepared.mapping, sheet, overrides)) is not None:
            prepared.rejected = nowhere
            return prepared
        prepared.rejected = missing_columns_sentence(prepared.mapping, table.columns)
        if isinstance(others := _other_sheets(content, file_name, table), str):
            prepared.rejected += others
        return prepared
    # Words for no value in its optional text columns read as blank, as dashes are (blank_words). Here only:
    # prepared.table keeps the file as read, which another mapping (a column chosen for the amount) reads again.
    rows, dashes = with_blank_words(table.frame, table.dashes, prepared.mapping)
    table = dataclasses.replace(table, frame=rows, dashes=dashes)
    progress(0.35, "Parsing dates, amounts and stages")
    if prepared.mapping.kind == "roster":
        normal = normalised_roster(table.frame, prepared.mapping)
    elif prepared.mapping.kind == "assessment":
        normal = normalised_assessment(table.frame, prepared.mapping, day_first=reading.day_first)
    else:
        normal = normalised_opportunities(
            table.frame, prepared.mapping, reading.no_decision_reasons, reading.day_first, reading.stage_outcomes,
            delimiter=table.delimiter, decimal_mark=reading.decimal_mark, reporting_currency=reading.reporting_currency,
            file_currency=reading.file_currency, amount_formats=table.currency_formats.get(prepared.mapping.fields.get("amount", "")),
            converted_formats=table.currency_formats.get(prepared.mapping.fields.get("converted_amount", "")),
            date1904=table.date1904, workbook=table.encoding == "xlsx", merged=table.merged,
            date_cells=table.date_cells, text_numbers=table.text_numbers, id_prefix=reading.id_prefix,
            fallback=_order_fallback(reading, prepared.mapping, table.columns, file_name, table.sheet),
            currency_names=reading.currency_names,
        )
        prepared.date_order = normal.date_order
        prepared.deleted_ids = outcomes.deleted_ids(normal.frame)
        prepared.status_values = _folded(_status_texts(table.frame, prepared.mapping))
    # In ReadingNotes' order, as a file read in batches writes them: a sheet chosen for the user, the
    # reading, the columns, the values, the rows.
    notes = dataclasses.replace(
        normal.notes, sheet=list(prepared.notes), reading=list(table.notes), columns=mapping_notes(prepared.mapping),
        dashes=[*one(dashes_note(dash_counts(table.dashes, table.frame, prepared.mapping))),
                *one(blank_words_note(blank_word_counts(table.dashes, table.frame, prepared.mapping)))],
        probability=one(normal.probability_rule),
    )
    notes.reading.extend(_workbook_cells_notes(table, prepared.mapping))
    prepared.money_rules = normal.rules
    prepared.decimal_mark = normal.decimal_mark
    prepared.currencies = _with_unread_columns(normal.money.currencies if normal.money is not None else None, prepared)
    progress(0.6, "Validating")
    today = dt.date.today()  # the data's day: a closed deal dated after it is quarantined (ingest.future_closes)
    result: Validated = validated(normal.frame, table.frame, prepared.mapping, dashes=table.dashes, day=today)
    if prepared.mapping.kind == "opportunities" and _has_repeated_ids(result):
        result, prepared.folded = _with_product_lines_folded(normal.frame, table.frame, prepared.mapping, result,
                                                             table.dashes, today)
        notes.product_lines = one(product_lines_note(prepared.folded, result.accepted.get_column("__line")))
    ragged_errors = table.ragged.select(
        pl.col("__line").alias("line"),
        pl.lit(None, pl.String).alias("column"),
        pl.lit(None, pl.String).alias("value"),
        pl.lit("Row could not be split into the header's columns").alias("check"),
        pl.col("message"),
    )
    prepared.errors = pl.concat([result.errors, ragged_errors]).sort("line", maintain_order=True)
    prepared.accepted = result.accepted
    prepared.left_out = result.left_out
    if normal.stages is not None:  # counted once it is known which rows are stored
        prepared.stages = normal.stages.report(prepared.accepted_lines)
    if prepared.mapping.kind == "opportunities":
        notes.future_created = one(future_created_note(future_created(result.accepted, today), today))
    prepared.notes = notes.ordered()
    prepared.quarantine = quarantine_rows(table.frame, result.errors, table.ragged, table.dashes)
    if prepared.mapping.kind == "opportunities":
        kept_out = ~pl.col("__line").is_in(prepared.accepted_lines.implode())
        prepared.quarantined_ids = outcomes.row_ids(normal.frame, kept_out)
        prepared.quarantined_unread = outcomes.blank_ids(normal.frame, kept_out) + table.ragged.height
    if normal.money is not None and prepared.currencies is not None:
        amount_rule = currency_rule(prepared.currencies, prepared.mapping.fields, reading.reporting_currency,
                                    _stored_currencies(prepared), reading.file_currency)
        converted = normal.money.stored_converted_rule(_stored_currencies(prepared, "converted_currency"))
        prepared.money_rules["currency_rule"] = joined_rule(converted, amount_rule)
        prepared.money_rules["currency_question"] = _currency_question(prepared, reading.reporting_currency, reading.file_currency)
        fields = prepared.mapping.fields
        _name_the_names_as_set(prepared, lambda name: table.frame.get_column(fields[name]))
    if not _held_for_currency(prepared, reading.file_currency) and prepared.accepted.height == 0:
        first = cast("str | None", prepared.errors.get_column("message").first())  # a String column
        prepared.rejected = nothing_stored(prepared.rows_read, first)
    progress(0.8, "Validated")
    return prepared


def _with_unread_columns(currencies: NamedCurrencies | None, prepared: PreparedFile) -> NamedCurrencies | None:
    """`currencies` with the columns of the file no field reads whose values are currencies (NamedCurrencies.
    unread_columns, from its first rows: the whole table, or a file read in batches' first ones)."""
    if currencies is None or prepared.table is None or prepared.mapping is None:
        return currencies
    found = currency_code_columns(prepared.table.columns, prepared.mapping.fields.values(), prepared.table.frame)
    return dataclasses.replace(currencies, unread_columns=found) if found else currencies


def _name_the_names_as_set(prepared: PreparedFile, texts_of: Callable[[str], pl.Series]) -> None:
    """Keep the names the file's currency columns write that the user gave a meaning (PreparedFile.names_as_set),
    and end the currency rule with them ("'Peso chileno' is read as CLP in the column 'Moneda', as you set").
    `texts_of`: a mapped field's texts (every row's, or every distinct one of the whole file)."""
    names = prepared.reading.currency_names if prepared.reading is not None else None
    if not names or prepared.mapping is None:
        return
    columns: dict[tuple[tuple[str, str], ...], list[str]] = {}  # what a column's names read as -> the columns so read
    for name in ("currency", "converted_currency"):
        if (column := prepared.mapping.fields.get(name)) is not None and (read := as_set_read(texts_of(name), names)):
            prepared.names_as_set = tuple(dict.fromkeys((*prepared.names_as_set, *read)))
            columns.setdefault(read, []).append(column)
    rule = prepared.money_rules.get("currency_rule")
    if columns and rule:
        prepared.money_rules["currency_rule"] = " ".join([rule, *(as_set_clause(read, c) for read, c in columns.items())])


def _held_for_currency(prepared: PreparedFile, chosen: str | None) -> bool:
    """Whether the file is held (not stored, `rejected` saying why: mapping.held_currency_sentence) because amounts
    that name no currency would be read in one the user never gave while several columns each name currencies and
    none is read. Not held without such columns or such an amount, or with the amounts' currency `chosen`."""
    if chosen or prepared.mapping is None or prepared.currencies is None or not prepared.currencies.bare:
        return False
    held = held_currency_sentence(prepared.mapping)
    if held is None:
        return False
    prepared.rejected = held
    # The currency rule would say what the held amounts are read as: the sentence why they are not stored says it.
    prepared.money_rules.update(currency_rule=None, currency_question=None)
    return True


def _currency_question(prepared: PreparedFile, reporting: str, chosen: str | None) -> str | None:
    """What to ask of the file's amounts that name no currency (file_currency.currency_question), from its decimal
    mark, delimiter and headers; None when nothing is asked."""
    if prepared.table is None:
        return None
    clues = LocaleClues.of_file(prepared.decimal_mark, prepared.table.delimiter, prepared.table.columns)
    return currency_question(prepared.currencies, reporting, chosen, clues)


def batch_rows_setting() -> int:
    """Rows per batch for files prepared from disk: WINLOSS_BATCH_ROWS, else csv_batches.BATCH_ROWS."""
    try:
        return max(1, int(os.environ.get("WINLOSS_BATCH_ROWS", BATCH_ROWS)))
    except ValueError:
        return BATCH_ROWS


def prepare_path(
    path: Path | str,
    file_name: str | None = None,
    *,
    kind: str = "auto",
    source: str = "auto",
    overrides: MappingType[str, str] | None = None,
    day_first: bool | None = None,
    no_decision_reasons: Iterable[str] = DEFAULT_NO_DECISION_REASONS,
    progress: Progress = _silent,
    sheet: str | None = None,
    stage_outcomes: MappingType[str, str] | None = None,
    decimal_mark: str | None = None,
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY,
    batch_rows: int | None = None,
    content: bytes | None = None,
    remembered: MappingType[str, Remembered] | None = None,
    file_currency: str | None = None,
    earlier_orders: tuple[StoredOrder, ...] = (),
    id_prefix: str | None = None,
    currency_names: MappingType[str, str] | None = None,
) -> PreparedFile:
    """`prepare` for a file on disk, in bounded memory: an opportunity CSV is read, normalised and
    validated `batch_rows` rows at a time (WINLOSS_BATCH_ROWS, else 200,000), its accepted rows
    staged on disk. A CSV in another encoding (UTF-16, a code page, lines in two encodings) is first
    rewritten as UTF-8 in a temporary file, a chunk at a time (winloss.io.transcoding), and read
    from there; the prepared file is still the original (its hash, its bytes archived at commit, its
    encoding's name). Any other file (a workbook, a roster) is read whole by `prepare`, from
    `content` when the caller holds the file's bytes already. Use it as a context manager, or call
    `discard()`, to delete the staged rows (else they go when the prepared file is garbage-collected).

    The result is what `prepare` gives for the same bytes: every rule decided once for the whole
    file (date order, decimal mark, currencies, rep spellings), a repeated id caught in whatever
    batches its rows are, rows read = accepted + quarantined; the file report's stages summed.
    `progress` is told the rows read so far, in its step text.
    """
    path = Path(path)
    name = file_name or path.name
    rows = batch_rows or batch_rows_setting()
    try:
        file_currency = file_currency_choice(file_currency)
        id_prefix = id_prefix_choice(id_prefix)
        currency_names = _names_checked(currency_names)
    except ValueError as exc:
        return PreparedFile(file_name=name, content=b"", sha256="", rejected=str(exc))
    if kind in ("auto", "opportunities") and sheet is None:

        reading = Reading(kind, source, overrides, day_first, no_decision_reasons, progress, stage_outcomes, decimal_mark,
                          reporting_currency, file_currency, remembered=remembered, earlier_orders=earlier_orders,
                          id_prefix=id_prefix, currency_names=currency_names)

        def in_batches(batches: CsvBatches, directory: Path, origin: Transcoded | None, again: bool) -> PreparedFile | None:
            return _prepared_in_batches(batches, name, dataclasses.replace(reading, again=again), directory, origin)

        try:
            batched = _batched(path, name, rows, in_batches, progress)
        except OSError as exc:
            return PreparedFile(
                file_name=name, content=b"", sha256="",
                rejected=f"This file could not be read ({exc.strerror}): check its path and that you may read it.",
            )
        if batched is not None:
            return batched
    content = path.read_bytes() if content is None else content
    prepared = prepare(
        content, name, kind=kind, source=source, overrides=overrides, day_first=day_first,
        no_decision_reasons=no_decision_reasons, progress=progress, sheet=sheet, stage_outcomes=stage_outcomes,
        decimal_mark=decimal_mark, reporting_currency=reporting_currency, remembered=remembered,
        file_currency=file_currency, earlier_orders=earlier_orders, id_prefix=id_prefix, currency_names=currency_names,
    )
    return prepared


def prepare_upload(content: bytes, file_name: str, **options) -> PreparedFile:
    """`prepare_path` for a file handed over as bytes (a Data page upload): the bytes are written to
    a temporary file and prepared from there, so an opportunity CSV is read in batches and preparing
    it takes no more memory than the CLI's ingest, however large the upload. `options` are
    `prepare_path`'s keywords.

    The copy is deleted at once when nothing refers to it (a file rejected, or read whole from
    `content`), else by `discard()` or when the prepared file is garbage-collected (a session that
    ends without discarding it); staged rows likewise. It is deleted if preparing raises.
    """
    spool = scratch.folder("upload")
    try:
        path = spool / f"upload{Path(file_name).suffix}"  # the suffix tells a workbook from a CSV, as the name does
        path.write_bytes(content)
        prepared = prepare_path(path, file_name, content=content, **options)
    except BaseException:
        shutil.rmtree(spool, ignore_errors=True)
        raise
    if prepared.staged is None:
        shutil.rmtree(spool, ignore_errors=True)  # rejected, or read whole from `content`
        prepared.path = None
        return prepared
    prepared.spool = spool
    weakref.finalize(prepared, _removed, [spool, prepared.staged.directory], prepared.staged.store_files)
    return prepared


def _removed(folders: list[Path], writer: StoreFiles | None = None) -> None:
    """Delete the folders, the data files' writer stopped first (a thread of it may still be writing into one)."""
    if writer is not None:
        writer.close()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


# (the file in batches, a folder to stage rows in, the file it was rewritten from, whether it is read again)
_InBatches = Callable[[CsvBatches, Path, "Transcoded | None", bool], "PreparedFile | None"]


def _batched(path: Path, name: str, rows: int, in_batches: _InBatches, progress: Progress) -> PreparedFile | None:
    """The file prepared in batches (after rewriting it as UTF-8 with line feeds when it is in
    another encoding or ends its lines in carriage returns alone), or None when it must be read
    whole. Raises OSError when it cannot be read."""
    try:
        batches = CsvBatches(path, rows)
    except NotUtf8Text:
        return _transcoded_in_batches(path, name, rows, in_batches, progress)
    except MacLineEnds:
        return _transcoded_in_batches(path, name, rows, in_batches, progress, rewrite=with_newlines)
    except BatchesUnavailable:
        return None
    except FileRejected as exc:  # refused from its header (too many columns): reading it whole would hold it all
        return PreparedFile(file_name=name, content=b"", sha256=_sha256_of_path(path), rejected=str(exc))
    try:
        return _staged_or_none(lambda directory: in_batches(batches, directory, None, False))
    except NotUtf8Text:  # a byte far down is not UTF-8: the whole file is read in a code page, as read_table reads it
        progress(0.0, not_utf8_step(None))  # the progress starts again: say why
        return _transcoded_in_batches(path, name, rows, in_batches, progress, again=True)


def _staged_or_none(run: Callable[[Path], PreparedFile | None]) -> PreparedFile | None:
    """`run` given a new folder to stage accepted rows in; the folder is deleted unless rows were
    staged, and then by `PreparedFile.discard` or when the prepared file is garbage-collected."""
    directory = scratch.folder("ingest")
    try:
        prepared = run(directory)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    if prepared is None or prepared.staged is None:
        shutil.rmtree(directory, ignore_errors=True)  # nothing staged: rejected whole, or to be read whole
    else:
        # Deleted with the prepared file too when it is never discarded (a caller that keeps it only to
        # commit it, a test): each such file left a folder of its staged rows behind for good.
        weakref.finalize(prepared, _removed, [directory], prepared.staged.store_files)
    return prepared


def _transcoded_in_batches(
    path: Path,
    name: str,
    rows: int,
    in_batches: _InBatches,
    progress: Progress,
    again: bool = False,
    rewrite: Callable[[Path, Path, int | None, Told], Transcoded] = transcoded_csv,
) -> PreparedFile | None:
    """A file rewritten in a temporary file (`rewrite`: as UTF-8, or with line feeds), deleted once it
    is read (the stored rows keep the file's own line numbers; the original bytes are hashed and
    archived). `again`: the file was being read as UTF-8 when a line that is not turned up. A file
    given line feeds that turns out not to be UTF-8 further down is transcoded instead, as the
    whole-file reader then decodes it."""
    spool = scratch.folder("utf8")
    size = path.stat().st_size
    # The bar stays at its start while the file is rewritten (the reading's share starts there); the words move.
    what = (not_utf8_step(None) if again else
            "Converting the file to UTF-8" if rewrite is transcoded_csv else "Converting the file's Mac line ends")
    try:
        try:
            transcoded = rewrite(path, spool / "utf-8.csv", None, lambda done: progress(0.0, converting_step(done, size, what)))
        except FileRejected as exc:
            return PreparedFile(file_name=name, content=b"", sha256=_sha256_of_path(path), rejected=str(exc))
        try:
            try:
                batches = CsvBatches(transcoded.path, rows)
            except FileRejected as exc:  # refused from its header (too many columns)
                return PreparedFile(file_name=name, content=b"", sha256=_sha256_of_path(path), rejected=str(exc))
            return _staged_or_none(lambda directory: in_batches(batches, directory, transcoded, again))
        except NotUtf8Text:
            if rewrite is transcoded_csv:
                raise  # its output is UTF-8 throughout: not reached
        except BatchesUnavailable:
            return None  # the whole-file reader says what is wrong with it
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    progress(0.0, not_utf8_step(None))  # the progress starts again: say why
    return _transcoded_in_batches(path, name, rows, in_batches, progress, again=True)


def _sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(8 << 20):
            digest.update(block)
    return digest.hexdigest()


# A table read in batches keeps its first rows, which mapping detection reads (it looks at 1,000),
# so the Data page's mapping editor detects what the prepare detected.
MAPPING_SAMPLE_ROWS = SAMPLE_ROWS


def _with_first_rows(batches: Iterable[CsvBatch]) -> Iterator[tuple[CsvBatch, pl.DataFrame]]:
    """Each batch with the file's first MAPPING_SAMPLE_ROWS rows (as a batch's frame), which mapping detection
    reads as it reads them of the whole file. Batches of fewer rows are held back until that many are read (or
    the file ends): with batches of 2 rows, a Status column whose first rows held only values the user maps
    ("Signed") was judged on those 2 and left unread, where the whole file's reader saw its "Won" further down."""
    source = iter(batches)
    held: list[CsvBatch] = []
    rows = 0
    for batch in source:
        held.append(batch)
        rows += batch.frame.height
        if rows >= MAPPING_SAMPLE_ROWS:
            break
    if not held:
        return
    first = pl.concat([b.frame for b in held]).head(MAPPING_SAMPLE_ROWS)
    for batch in itertools.chain(held, source):
        yield batch, first
_KEY = "__key"  # a hash of the deal key, kept beside each batch's staged rows to find repeated ids


def _deal_keys(frame: pl.DataFrame, mapping: Mapping) -> pl.Series:
    """A hash of each row's deal id as normalised_opportunities writes it (null ids share one hash)."""
    if mapping.keyed_by_name:
        ids = pl.select(
            identity.name_based_id(pl.lit(frame.get_column(mapping.fields["account"])),
                                   pl.lit(frame.get_column(mapping.fields[OPPORTUNITY_NAME])))
        ).to_series()
    else:
        ids = stored_ids(frame.get_column(mapping.fields["opportunity_id"]))
    return ids.hash(seed=0).alias(_KEY)


def _normalised_keys(normal: Normalised) -> pl.Series:
    """`_deal_keys` of a batch already normalised: the hash of the deal id it holds (not worked out again)."""
    return normal.frame.get_column("opportunity_id").hash(seed=0).alias(_KEY)


@dataclass
class _Checked:
    """What normalising and validating a file's batches gave, before repeated ids are settled."""

    staged: Staged
    errors: list[pl.DataFrame] = field(default_factory=list)
    quarantined: list[pl.DataFrame] = field(default_factory=list)
    stages: list[pl.DataFrame] = field(default_factory=list)  # each batch's stage report (outcomes.stage_report)
    rejected: list[pl.Series] = field(default_factory=list)  # each batch's lines kept out, before repeated ids are settled
    deleted: list[str] = field(default_factory=list)  # the ids of rows deleted in the CRM (outcomes.deleted_ids)
    kept_out_ids: list[str] = field(default_factory=list)  # the ids of rows kept out (PreparedFile.quarantined_ids)
    unread_ids: int = 0  # rows kept out whose id is blank (PreparedFile.quarantined_unread)
    counts: dict[str, int] = field(default_factory=lambda: {"salesforce_15": 0, "unsettled_amounts": 0})
    notes: ReadingNotes = field(default_factory=ReadingNotes)  # the batches' own notes, each once
    dashes: dict[str, int] = field(default_factory=dict)  # cells written as a dash, per mapped header
    words: dict[tuple[str, str], int] = field(default_factory=dict)  # words for no value read as blank (blank_word_counts)
    created_ahead: DatedAfter = field(default_factory=DatedAfter)  # open deals created after `day`
    # The day the file is prepared, the data's day: every batch counts from it, and quarantines a closed deal
    # dated after it (ingest.future_closes), as a file read whole does.
    day: dt.date = field(default_factory=dt.date.today)

    def add(self, normal: Normalised, raw: pl.DataFrame, mapping: Mapping, key: pl.Series, dashes: pl.DataFrame) -> None:
        """Count a batch's normalised rows in the report, validate them and stage the accepted ones
        (`dashes`: the batch's cells written as a dash, CsvBatch.dashes)."""
        self.notes.add(normal.notes)
        self.deleted.extend(outcomes.deleted_ids(normal.frame))
        for name, n in normal.counts.items():
            self.counts[name] = self.counts.get(name, 0) + n
        for header, n in dash_counts(dashes, raw, mapping).items():
            self.dashes[header] = self.dashes.get(header, 0) + n
        for said, n in blank_word_counts(dashes, raw, mapping).items():
            self.words[said] = self.words.get(said, 0) + n
        # Repeated ids are settled over the whole file (_settle_repeated_ids), not batch by batch.
        result = validated(normal.frame, raw, mapping, repeated_ids=False, dashes=dashes, day=self.day)
        accepted = result.accepted
        if normal.stages is not None:  # no row kept out (the usual batch): every row is stored, with no lookup of its line
            stored = accepted.get_column("__line") if result.rejected_lines.len() else None
            self.stages.append(normal.stages.report(stored))
        self.rejected.append(result.rejected_lines)
        if result.rejected_lines.len():
            kept_out = pl.col("__line").is_in(result.rejected_lines.implode())
            self.kept_out_ids.extend(outcomes.row_ids(normal.frame, kept_out))
            # Counted here alone: a blank id is kept out by its batch, and _settle_repeated_ids, which reads the
            # rows of blank ids again (they share one key), keeps them out again.
            self.unread_ids += outcomes.blank_ids(normal.frame, kept_out)
        self.created_ahead = self.created_ahead.plus(future_created(accepted, self.day))
        if result.rejected_lines.len():
            key = key.filter(~normal.frame.get_column("__line").is_in(result.rejected_lines.implode()))
        self.staged.add(accepted.with_columns(key))
        self.errors.append(result.errors)
        self.quarantined.append(quarantine_rows(raw, result.errors, _NO_RAGGED, dashes))


def _read_ahead(batches: Iterable[T]) -> Iterator[T]:
    """The batches in order, the next one read in a thread while the caller checks this one.

    Parsing releases the GIL, so on two cores reading overlaps normalising and validating; at
    most two batches are in memory. An exception in the reader is raised here, in order.
    """
    queue: Queue = Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                queue.put((batch, None))
            queue.put((None, None))
        except BaseException as exc:  # handed to the consumer, which raises it
            queue.put((None, exc))

    thread = threading.Thread(target=produce, name="csv-batches", daemon=True)
    thread.start()
    try:
        while True:
            batch, error = queue.get()
            if error is not None:
                raise error
            if batch is None:
                return
            yield batch
    finally:
        stop.set()
        while thread.is_alive():  # let a blocked producer finish its put and see the stop
            try:
                queue.get(timeout=0.1)
            except Empty:
                pass
        thread.join()


def _same_decisions(used: list[FileDecisions], final: FileDecisions, reps: pl.DataFrame | None) -> bool:
    """True when every batch was read as the whole file's decisions read it (the usual case)."""
    for early in used:
        if early is final:
            continue  # a file of one batch: its batch was read by the whole file's decisions
        if (early.money is None) != (final.money is None):
            return False
        if early.money is not None and final.money is not None and (
            early.money.decimal_mark.mark != final.money.decimal_mark.mark
            or early.money.currencies.deciding != final.money.currencies.deciding
            or early.money.converted_named != final.money.converted_named
        ):
            return False
        if early.date_order_shown != final.date_order_shown:  # a close date's reason asks for the date order, or not
            return False
        lookups = [(early.dates[n], final.dates[n]) for n in early.dates]
        if early.probability is not None and final.probability is not None:
            lookups.append((early.probability, final.probability))
        for (texts, parsed), (all_texts, all_parsed) in lookups:
            lookup = pl.DataFrame({"t": texts, "early": parsed}).drop_nulls("t")
            whole = pl.DataFrame({"t": all_texts, "final": all_parsed}).drop_nulls("t")
            joined = lookup.join(whole, on="t", how="left")
            if not joined.get_column("early").equals(joined.get_column("final")):
                return False
        if reps is not None and reps.height and _spelled(reps, early) != _spelled(reps, final):
            return False
    return True


def _spelled(reps: pl.DataFrame, decided: FileDecisions) -> dict[str, str]:
    names = reps.get_column("name")
    spelled = names.replace(*decided.rep_names) if decided.rep_names is not None else names
    return dict(zip(names.to_list(), spelled.to_list(), strict=True))


def _prepared_in_batches(
    batches: CsvBatches, file_name: str, reading: Reading, directory: Path, origin: Transcoded | None = None
) -> PreparedFile | None:
    """`_read_in_batches` with the store's data files of the file written beside the reading
    (winloss.ingest.store_files), in `directory`; their threads are stopped unless rows were staged
    (then `PreparedFile.discard` stops them)."""
    files = StoreFiles(
        origin.source if origin else batches.path, file_name, directory / "store-files", origin.sha256 if origin else None
    )
    try:
        prepared = _read_in_batches(batches, file_name, reading, directory, files, origin)
    except BaseException:
        files.close()
        raise
    if prepared is None or prepared.staged is None:
        files.close()
    return prepared


def _read_in_batches(
    batches: CsvBatches, file_name: str, reading: Reading, directory: Path, files: StoreFiles, origin: Transcoded | None = None
) -> PreparedFile | None:
    """Read, normalise, validate and stage an opportunity CSV a batch at a time; None when it must be read whole.

    `files` writes the store's data files of the accepted rows as they are staged, and hashes the file.
    `origin`: the file was in another encoding and `batches` read its UTF-8 rewrite; the prepared
    file is the original (its path, hash, encoding name and notes). Raises NotUtf8Text when a batch
    is not UTF-8 (the caller rewrites the file and starts again).

    One pass in the usual case: the first batch decides the rules (date order, decimal mark,
    currencies, rep spellings) and later batches read their new texts by them (extended_decisions;
    a date column whose order is still a guess is decided again); if the whole file decides
    otherwise, the file is read a second time with the whole file's decisions. Rows whose id repeats anywhere in the
    file are read again and validated together, as the whole-file reader validates them.
    """
    day_first, decimal_mark, progress = reading.day_first, reading.decimal_mark, reading.progress
    prepared = PreparedFile(
        file_name=file_name, content=b"", sha256="", path=origin.source if origin else batches.path,
        no_decision_reasons=as_vocabulary(reading.no_decision_reasons), file_currency=reading.file_currency,
        stage_outcomes=None if reading.stage_outcomes is None else dict(reading.stage_outcomes), reading=reading,
    )
    ragged: list[pl.DataFrame] = []
    keys: list[pl.Series] = []
    distinct: dict[str, pl.Series] = {}
    status_texts: set[str] = set()  # the status column's values, as written (_status_texts)
    # (header, text) -> its first line, for the dates a decimal-mark rule may quote (money.hint_examples).
    hint_lines: dict[tuple[str, str], int] = {}
    hinted: set[tuple[str, str]] = set()  # (field, shape) whose first example is in hint_lines
    reps: pl.DataFrame | None = None
    mapping: Mapping | None = None
    used: list[FileDecisions] = []
    checked = _Checked(Staged(directory, store_files=files))
    rows_read = 0
    last_row: int | None = None  # the line of the last row read into columns
    first_rows: list[pl.DataFrame] = []  # the file's first MAPPING_SAMPLE_ROWS rows (_with_first_rows), for the table's frame
    fallback: Fallback | None = None  # what decides a date order the dates do not show (_order_fallback), once mapped

    def decisions(earlier: FileDecisions | None = None, grown: set[str] | None = None) -> FileDecisions:
        assert mapping is not None
        return file_decisions(
            distinct, reps, mapping, day_first, delimiter=batches.delimiter, decimal_mark=decimal_mark,
            earlier=earlier, grown=grown, hint_lines=hint_lines, reporting_currency=reading.reporting_currency,
            file_currency=reading.file_currency, fallback=fallback, currency_names=reading.currency_names,
        )

    def normalised(raw: pl.DataFrame, decided: FileDecisions) -> Normalised:
        assert mapping is not None
        return normalised_opportunities(
            raw, mapping, reading.no_decision_reasons, day_first, reading.stage_outcomes, delimiter=batches.delimiter,
            decimal_mark=decimal_mark, reporting_currency=reading.reporting_currency, file_currency=reading.file_currency,
            decided=decided, id_prefix=reading.id_prefix, currency_names=reading.currency_names,
        )

    # Read again after a line that is not UTF-8: every step says why the progress started again.
    why = f"{not_utf8_step(origin.encoding)}. " if reading.again and origin else ""
    progress(0.0, why.removesuffix(". ") or "Reading")
    try:
        for batch, first in _with_first_rows(_read_ahead(batches)):
            frame = batch.frame
            rows_read += frame.height + batch.ragged.height
            if frame.height:
                last_row = max(last_row or 0, cast(int, frame.get_column("__line").max()))
            first_rows = [first]
            if mapping is None and not prepared.rejected:
                if is_report(batches.columns):
                    return None  # a quarantine report sent back: the whole-file path turns it into an export
                try:
                    mapping = detect_mapping(
                        batches.columns, kind=reading.kind, source=reading.source, overrides=reading.overrides, frame=first,
                        remembered=reading.remembered, stage_outcomes=reading.stage_outcomes,
                    )
                except ValueError as exc:
                    prepared.rejected = str(exc)
                else:
                    if mapping.kind != "opportunities":
                        return None  # rosters and questionnaires are small: read whole
                    if mapping.missing_required:
                        prepared.rejected = missing_columns_sentence(mapping, batches.columns)
                    fallback = _order_fallback(reading, mapping, batches.columns, file_name, None)
            if prepared.rejected:
                continue  # rejected whole: the rest is only counted, for the file report
            assert mapping is not None
            if batch.ragged.height:
                ragged.append(batch.ragged)
            new: dict[str, pl.Series] = {}  # field -> its distinct texts the rows before did not hold
            read = [name for name in DECIDING_FIELDS if name in mapping.fields]
            # Every field's distinct texts in one query (one each was a tenth of a small batch's queries).
            uniques = frame.select(pl.col(mapping.fields[name]).unique(maintain_order=True).implode().alias(name) for name in read)
            for name in read:
                values = uniques.get_column(name)[0].alias(mapping.fields[name])
                if name in distinct:
                    fresh = values.filter(~values.is_in(distinct[name].implode(), nulls_equal=True))
                    distinct[name] = pl.concat([distinct[name], fresh]) if fresh.len() else distinct[name]
                else:
                    fresh = distinct[name] = values
                if fresh.len():
                    new[name] = fresh
                if name in HINT_DATE_FIELDS:
                    _hint_lines(frame, mapping.fields[name], name, values, hint_lines, hinted)
            status_texts |= _status_texts(frame, mapping)
            if (pipelines := pipeline_column(batches.columns, mapping.fields.values())) is not None:
                prepared.pipeline_rows = added(prepared.pipeline_rows, pipeline_counts(frame, pipelines))
            if "rep" in mapping.fields:
                counts = frame.get_column(mapping.fields["rep"]).drop_nulls().value_counts(name="n")
                counts = counts.rename({counts.columns[0]: "name"})
                reps = counts if reps is None else pl.concat([reps, counts]).group_by("name").agg(pl.col("n").sum())
            # The first batch decides; later ones read their new texts by its rules (decided again only
            # where a date column's order is not settled yet). The whole file decides at the end.
            extended = extended_decisions(used[-1], new, distinct, reps, mapping.fields.get("probability", "")) if used else None
            used.append(extended if extended is not None else decisions(used[-1] if used else None, set(new)))
            rows, dashes = with_blank_words(frame, batch.dashes, mapping)
            normal = normalised(rows, used[-1])
            key = _normalised_keys(normal)
            keys.append(key)
            checked.add(normal, rows, mapping, key, dashes)
            progress(0.8 * batch.bytes_done / max(1, batches.size), why + rows_step(rows_read, batch.bytes_done, batches.size))
    except NotUtf8Text:
        raise
    except BatchesUnavailable:
        return None
    except FileRejected as exc:  # found further down (a line too long to hold): nothing of it is kept
        checked.staged.discard()
        prepared.rejected = str(exc)
        return prepared
    prepared.sha256 = files.sha256()  # hashed beside the reading (a rewritten file's as it was rewritten)
    all_ragged = with_footer_like_lines(pl.concat(ragged) if ragged else pl.DataFrame(schema=RAGGED_SCHEMA), last_row, batches.layout)
    columns = [LINE_COLUMN, *batches.columns]
    empty = pl.DataFrame(schema={c: (pl.Int64 if c == LINE_COLUMN else pl.String) for c in columns})
    prepared.table = RawTable(
        pl.concat([empty, *first_rows]),  # the first rows only: what mapping detection looks at (whole_table is None)
        origin.encoding if origin else batches.encoding, batches.delimiter, all_ragged, batches.footer_lines,
        (*batches.title_notes, *(origin.notes if origin else ()), *batches.footer_notes),
    )
    prepared.read_count = rows_read
    prepared.mapping = mapping
    if rows_read == 0:
        prepared.table, prepared.read_count, prepared.mapping = None, None, None
        prepared.rejected = (
            "This file has a header row but no data rows: check that the report's filters return "
            "opportunities, then export it again."
        )
        return prepared
    if prepared.rejected:
        return prepared
    assert mapping is not None
    # Every rule decided again over the whole file; the texts parsed for the last batch are not parsed again.
    # A file of one batch was decided whole already, over these same values (a third of preparing a
    # weekly export of a few hundred rows went on deciding it twice).
    decided = used[0] if len(used) == 1 else decisions(used[-1] if used else None, set(DECIDING_FIELDS))
    prepared.date_order = decided.date_order
    if not _same_decisions(used, decided, reps):
        # The rows further down changed a decision (a date that settles the order, a second
        # currency...): read the file again with the whole file's decisions.
        checked.staged.discard()  # the data files written so far are of the first reading: none is used
        checked = _Checked(Staged(directory, store_files=files))
        done = 0
        for batch in batches:
            rows, dashes = with_blank_words(batch.frame, batch.dashes, mapping)
            normal = normalised(rows, decided)
            checked.add(normal, rows, mapping, _normalised_keys(normal), dashes)
            done += batch.frame.height
            progress(0.8, recheck_step(done, rows_read))
    # Sorted, a repeated key sits beside itself: several times faster than is_duplicated's hash table.
    ordered = pl.concat(keys).sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del keys, ordered
    if repeated.len():
        _settle_repeated_ids(prepared, checked, batches, mapping, repeated.implode(), lambda raw: normalised(raw, decided))
    staged = prepared.staged = checked.staged
    prepared.deleted_ids = list(dict.fromkeys(checked.deleted))
    prepared.quarantined_ids = list(dict.fromkeys(checked.kept_out_ids))
    # The batches' own notes, and those of the whole file, each in its part: written in ReadingNotes'
    # order, as a whole-file prepare writes them.
    notes = ReadingNotes(reading=list(prepared.table.notes), columns=mapping_notes(mapping),
                         dashes=[*one(dashes_note(checked.dashes)), *one(blank_words_note(checked.words))])
    notes.add(checked.notes)
    notes.ids.extend(note(checked.counts[count]) for count, note in ID_NOTES if checked.counts.get(count))
    notes.reps.extend(one(decided.rep_note))
    if reps is not None:
        notes.reps.extend(one(numeric_reps_note(reps.get_column("name"), mapping.fields["rep"])))
    if checked.counts["unsettled_amounts"] and decided.money is not None:
        notes.unsettled.append(unsettled_note(mapping.fields, checked.counts["unsettled_amounts"], decided.money.unsettled_examples))
    notes.dates.extend(decided.date_notes)
    notes.probability = one(decided.probability_rule)
    notes.future_created = one(future_created_note(checked.created_ahead, checked.day))
    if checked.counts.get(REASONS_FROM_STAGE) and (reason_column := reason_in_stage(mapping)) is not None:
        notes.reasons.append(reasons_from_stage_note(reason_column))
    if prepared.staged is not None:
        notes.product_lines = one(product_lines_note(prepared.folded, prepared.staged.group_lines))
    prepared.notes = notes.ordered()
    prepared.status_values = _folded(status_texts)
    prepared.stages = _summed_stages(checked.stages)
    prepared.money_rules = dict(decided.rules)
    prepared.decimal_mark = decided.money.decimal_mark if decided.money is not None else None
    prepared.currencies = _with_unread_columns(decided.money.currencies if decided.money is not None else None, prepared)
    if (money := decided.money) is not None:
        # Both sentences are the whole file's decision's (an early batch may not have met a bare
        # number or a "kr" yet), and the converted one says whether any batch read a converted
        # amount that names no currency as the reporting one.
        reporting = reading.reporting_currency
        converted = converted_rule(
            money.converted_named, money.converted_shared, mapping.fields, reporting,
            checked.counts.get("converted_in_reporting", 0) > 0, money.converted_headed,
            stored=_stored_currencies(prepared, "converted_currency"),
        ) if "converted_amount" in mapping.fields else None
        amount_rule = currency_rule(prepared.currencies or money.currencies, mapping.fields, reporting,
                                    _stored_currencies(prepared), reading.file_currency)
        prepared.money_rules["currency_rule"] = joined_rule(converted, amount_rule)
        prepared.money_rules["currency_question"] = _currency_question(prepared, reporting, reading.file_currency)
        _name_the_names_as_set(prepared, lambda name: distinct[name])
        _held_for_currency(prepared, reading.file_currency)
    ragged_errors = all_ragged.select(
        pl.col("__line").alias("line"),
        pl.lit(None, pl.String).alias("column"),
        pl.lit(None, pl.String).alias("value"),
        pl.lit("Row could not be split into the header's columns").alias("check"),
        pl.col("message"),
    )
    prepared.errors = pl.concat([*checked.errors, ragged_errors]).sort("line", maintain_order=True)
    rows = pl.concat(checked.quarantined)
    if all_ragged.height:
        extra = all_ragged.select(pl.col("__line").alias("line"), pl.col("message").alias("reason"), pl.col("raw").alias("raw line"))
        rows = pl.concat([rows, extra], how="diagonal")
    prepared.quarantine = rows.sort("line")
    prepared.quarantined_unread = checked.unread_ids + all_ragged.height
    if staged.rows == 0 and not prepared.rejected:
        first_problem = cast("str | None", prepared.errors.get_column("message").first())  # a String column
        prepared.rejected = nothing_stored(prepared.rows_read, first_problem)
    progress(0.8, "Validated")
    return prepared


def _order_fallback(reading: Reading, mapping: Mapping, headers: Sequence[str], file_name: str, sheet: str | None) -> Fallback | None:
    """What decides the order of an opportunity export's dates that do not show it, the user not having chosen
    it (date_order.fallback: an earlier export of its report, its headers' language); None otherwise."""
    if reading.day_first is not None or mapping.kind != "opportunities":
        return None
    return order_fallback(reading.earlier_orders, mapping, headers, file_name, sheet)


def _status_texts(frame: pl.DataFrame, mapping: Mapping) -> set[str]:
    """The values of the status column of `frame` (rows of a file as read), as written, for
    PreparedFile.status_values; none without a status column (a batch costs one `unique` with one). Read with
    no stage mapping in effect too: a mapping cleared since a deal was stored changes what its value says."""
    if "status" not in mapping.fields:
        return set()
    return set(frame.get_column(mapping.fields["status"]).drop_nulls().unique().cast(pl.String).to_list())


def _folded(texts: set[str]) -> frozenset[str]:
    """Status values folded as the stage mappings match them (folded_words), once per file."""
    return frozenset(folded_words(text) for text in texts)


def _stored_currencies(prepared: PreparedFile, column: str = "currency") -> set[str]:
    """The currencies (`column`: currency, or converted_currency) of the rows a prepared opportunity file
    stores (its accepted rows, staged or held)."""
    stored: set[str] = set()
    for part in prepared.accepted_columns((column,)):
        stored |= set(part.select(pl.col(column).drop_nulls().unique()).collect().to_series().to_list())
    return stored


def _hint_lines(
    frame: pl.DataFrame, header: str, name: str, texts: pl.Series, lines: dict[tuple[str, str], int], hinted: set[tuple[str, str]]
) -> None:
    """Add to `lines` the line of each date a decimal-mark rule may quote that this batch (`frame`, its
    column `header` for the field `name`, whose distinct `texts` in batch order) is the first to hold:
    the first of each shape in the field, as the whole file's first is (money.hint_examples)."""
    for shape, text in hint_examples(texts).items():
        if (name, shape) not in hinted:
            hinted.add((name, shape))
            # The line column alone is filtered: the batch's every column was copied for one number.
            lines[(header, text)] = cast(int, frame.select(pl.col("__line").filter(pl.col(header) == text).first()).item())


def _settle_repeated_ids(
    prepared: PreparedFile,
    checked: _Checked,
    batches: CsvBatches,
    mapping: Mapping,
    repeated: pl.Series,
    normalised: Callable[[pl.DataFrame], Normalised],
) -> None:
    """Validate together the rows whose id repeats anywhere in the file, as a whole-file prepare does.

    Each batch was validated without the others, so a repeat across batches went unseen: the rows
    of repeated ids are read again (only they are kept), taken out of what their batches staged and
    reported, and validated as one frame, where the duplicate check (and product-line folding) sees
    them all.
    """
    normal_rows: list[pl.DataFrame] = []
    raw_rows: list[pl.DataFrame] = []
    dash_rows: list[pl.DataFrame] = []
    stage_rows: list[outcomes.StageRows] = []
    for batch in batches:
        key = _deal_keys(batch.frame, mapping)
        mine = key.is_in(repeated)
        if mine.any():
            read = batch.frame.filter(mine)
            raw, dashes = with_blank_words(read, batch.dashes.join(read.select("__line"), on="__line", how="semi"), mapping)
            normal = normalised(raw)
            normal_rows.append(normal.frame)
            if normal.stages is not None:
                stage_rows.append(normal.stages)
            raw_rows.append(raw)
            dash_rows.append(dashes)
    frame, raw, dashes = pl.concat(normal_rows), pl.concat(raw_rows), pl.concat(dash_rows)
    lines = raw.get_column("__line").implode()
    # Their batches counted these rows in the stage report as stored or not then: taken out of it here.
    kept_out = pl.concat(checked.rejected) if checked.rejected else pl.Series("line", [], pl.Int64)
    for part in stage_rows:
        then = part.rows.get_column("__line").filter(~part.rows.get_column("__line").is_in(kept_out.implode()))
        checked.stages.append(part.report(then).with_columns(-pl.col("rows", "stored", "quarantined").cast(pl.Int64)))
    checked.staged.drop_keys(repeated)
    checked.errors = [e.filter(~pl.col("line").is_in(lines)) for e in checked.errors]
    checked.quarantined = [q.filter(~pl.col("line").is_in(lines)) for q in checked.quarantined]
    result = validated(frame, raw, mapping, dashes=dashes, day=checked.day)
    if _has_repeated_ids(result):
        result, prepared.folded = _with_product_lines_folded(frame, raw, mapping, result, dashes, checked.day)
    stored = result.accepted.get_column("__line")
    stored = pl.concat([stored, prepared.folded.filter(pl.col("into").is_in(stored.implode())).get_column("__line")])
    checked.stages.extend(part.report(stored) for part in stage_rows)  # and counted again, settled
    checked.staged.add(result.accepted)
    checked.staged.group_lines = result.accepted.get_column("__line")
    # A repeated id kept out here (its rows disagree) is listed by the file as surely as one its batch kept out;
    # one its batch kept out that is stored now is on a stored row, which store_effects reads first.
    checked.kept_out_ids.extend(outcomes.row_ids(frame, ~pl.col("__line").is_in(stored.implode())))
    checked.errors.append(result.errors)
    checked.quarantined.append(quarantine_rows(raw, result.errors, _NO_RAGGED, dashes))


def _summed_stages(reports: list[pl.DataFrame]) -> pl.DataFrame | None:
    """One stage report from the reports of a file's batches, ordered as outcomes.stage_report orders it
    (a report with negative counts takes rows out: those of repeated ids, counted again once settled)."""
    if not reports:
        return None
    counts = ("rows", "stored", "quarantined")
    summed = (
        pl.concat([report.with_columns(pl.col(counts).cast(pl.Int64)) for report in reports])
        .group_by("stage", "outcome", "rule", "matched", "kind", maintain_order=True)
        .agg(pl.col(counts).sum())
        .filter(pl.col("rows") > 0)  # a repeated id's rows, counted by their batch and taken out again
        .select("stage", "outcome", *[pl.col(c).cast(pl.UInt32) for c in counts], "rule", "matched", "kind")
    )
    return outcomes.in_stage_report_order(summed)


def _has_repeated_ids(result: Validated) -> bool:
    return bool(result.errors.height) and (result.errors.get_column("check") == CHECK_TITLES["opportunity_id_unique"]).any()


def product_lines_note(folded: pl.DataFrame, stored: pl.Series) -> str | None:
    """The file report's sentence on the rows folded into deals that are stored (`folded`:
    PreparedFile.folded; `stored`: the lines of the rows stored, which the folded lines went `into`):
    product lines of a deal, and a deal written more than once without another product (a file with
    no product column: the same Salesforce record under its 15- and its 18-character id, say), said
    apart; None when none is. A deal quarantined with its lines is not one "stored once"."""
    kept = folded.filter(pl.col("into").is_in(stored.implode()))
    if kept.height == 0:
        return None
    repeated = kept.get_column("repeated") if "repeated" in kept.columns else pl.Series([False] * kept.height)
    said = []
    lines = kept.filter(~repeated)
    if lines.height:
        deals = lines.get_column("into").n_unique()
        said.append(f"{lines.height + deals:,} rows are product lines of {deals:,} {'deal' if deals == 1 else 'deals'} (the same "
                    "ID with the same deal fields): each deal is stored once, its amount counted once and its products listed together.")
    if (again := kept.filter(repeated)).height:
        said.append(_repeated_deals_sentence(again))
    return " ".join(said)


def _repeated_deals_sentence(repeated: pl.DataFrame) -> str:
    """"1 deal appears 2 times with the same deal fields (0065g00000CkmT3 and 0065g00000CkmT3AAJ are one
    record): it is stored once, its amount counted once." for `folded` rows of deals written more than
    once: each named by its ids as written (`written`, `into_written`) or, written alike, by its lines."""
    groups = (
        repeated.sort("__line")
        .group_by("into", maintain_order=True)
        .agg(pl.col("__line"), *([pl.col("written"), pl.col("into_written").first()] if "written" in repeated.columns else []))
        .sort("into")
    )
    deals, rows = groups.height, repeated.height + groups.height
    examples = []
    for group in groups.head(MAX_REPEATED_EXAMPLES).iter_rows(named=True):
        if "written" in group:
            ids = list(dict.fromkeys([group["into_written"], *group["written"]]))
            if len(ids) > 1:
                short = [i for i in ids if len(i) == 15]
                salesforce = len(ids) == 2 and len(short) == 1 and any(len(i) == 18 and i.startswith(short[0]) for i in ids)
                examples.append(f"{listed(ids)} are one record" + (", its 15- and 18-character Salesforce IDs" if salesforce else ""))
                continue
            name = ids[0]
        else:
            name = None
        at = f"lines {listed([f'{n:,}' for n in [group['into'], *group['__line']]])}"
        examples.append(f"{name} on {at}" if name else at)
    such = "such as " if deals > len(examples) else ""
    if deals == 1:
        times = "twice" if rows == 2 else f"{rows:,} times"
        return (f"1 deal appears {times} with the same deal fields ({examples[0]}): it is stored once, "
                "its amount counted once.")
    return (f"{deals:,} deals appear more than once with the same deal fields ({rows:,} rows; {such}{'; '.join(examples)}): "
            "each is stored once, its amount counted once.")


# How many deals written more than once the file report names.
MAX_REPEATED_EXAMPLES = 3


def _with_product_lines_folded(
    frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping, result: Validated, dashes: pl.DataFrame, day: dt.date
) -> tuple[Validated, pl.DataFrame]:
    """Validation run again with each deal's identical product lines as one row (`dashes`: the
    table's cells written as a dash, RawTable.dashes; `day`: the data's day, validated's).

    Only files with repeated ids pay for this. A folded line shares the fate of the row that kept
    its deal: stored with it, or quarantined with the same reasons.
    """
    kept, folded = product_lines(frame)
    if folded.height == 0:
        return result, folded
    # Each line's id as the file writes it (a 15-character Salesforce id is stored in its 18-character form).
    column = mapping.fields.get("opportunity_id")
    source, column = (table, column) if column is not None and column in table.columns else (frame, "opportunity_id")
    written = source.select("__line", pl.col(column).cast(pl.String).alias("written"))
    folded = folded.join(written, on="__line", how="left").join(
        written.rename({"__line": "into", "written": "into_written"}), on="into", how="left")
    lines = kept.get_column("__line").implode()
    again = validated(kept, table.filter(pl.col("__line").is_in(lines)), mapping, dashes=dashes, day=day)
    shared = folded.join(again.errors, left_on="into", right_on="line").select(
        pl.col("__line").alias("line"), *[c for c in ERROR_SCHEMA.names() if c != "line"]
    )
    errors = pl.concat([again.errors, shared]).sort("line", maintain_order=True)
    return Validated(again.accepted, errors, errors.get_column("line").unique()), folded


def _other_sheets(content: bytes, file_name: str, table: RawTable) -> str | None:
    """" The workbook has 2 sheets ('Pipeline', 'Summary'): ... choose it ..." for a workbook with more than
    one sheet, else None; after the sheets the reader passed over before the one whose columns were found
    (RawTable.passed_sheets), named: a first sheet holding only a header had been passed over unsaid, the
    rejection naming the second sheet's columns as the export's."""
    names = workbook_sheets(content, file_name)
    if len(names) < 2 or table.encoding != "xlsx":
        return None
    shown = ", ".join(f"'{n}'" for n in names[:10]) + (" …" if len(names) > 10 else "")
    passed = f" {passed_sheets_note(table.passed_sheets, table.sheet or '', 'the columns')}" if table.passed_sheets else ""
    return passed + (
        f" The workbook has {len(names)} sheets ({shown}): if the export is on another one, choose it"
        f"{command_line_hint('--sheet', 'NAME')}."
    )


_CHOOSE_SHEET = f" To read another, choose it{command_line_hint('--sheet', 'NAME')}."


def _workbook_cells_notes(table: RawTable, mapping: Mapping) -> list[str]:
    """The file report's sentences on a workbook's cells read as the sheet shows them (none for a CSV):
    the hidden columns that feed a field (`mapping`'s) but the deal's id, and the cells merged over several rows
    spread over each of them, but for an export's amounts (kept out when merged over several deals)."""
    # Not the id's: Dynamics hides its "(Do Not Modify) Opportunity" column in every export, and "delete it in
    # Excel" told the user to remove the key that matches each week's deals to the stored ones.
    mapped = {column for name, column in mapping.fields.items() if name != "opportunity_id"}
    hidden = [(name, at) for name, at in table.hidden_columns if name in mapped]
    kept_apart = [mapping.fields[name] for name in MONEY_FIELDS if name in mapping.fields] if mapping.kind == "opportunities" else []
    return [*one(hidden_columns_note(hidden) if hidden else None), *one(merged_cells_note(table.merged, kept_apart))]


def _rows_word(mapping: Mapping) -> str:
    """What a file's rows are, as a sentence about where they were read names them: "deals", "reps", "answers"."""
    return {"roster": "reps", "assessment": "answers"}.get(mapping.kind, "deals")


def _no_sheet_holds_it(
    content: bytes, file_name: str, table: RawTable, mapping: Mapping, sheet: str | None, overrides: object
) -> str | None:
    """The one sentence rejecting a workbook of several sheets none of which has the export's header, when
    the sheet read maps none of the fields a file of its kind needs (a cover or notes sheet, not an
    export with a column missing, which missing_columns_sentence words); None otherwise."""
    if table.encoding != "xlsx" or sheet is not None or overrides or len(mapping.missing_required) < len(mapping.required):
        return None
    names = workbook_sheets(content, file_name)
    if len(names) < 2:
        return None
    what = {"roster": "a rep roster", "assessment": "a profile questionnaire"}.get(mapping.kind, "an opportunity export")
    labels = [re.sub(r"\s*\(.*?\)", "", FIELD_LABELS.get(f, f)).lower() for f in mapping.required]  # "Rep (deal owner)" -> "rep"
    needed = ", ".join(f"the {label}" for label in labels[:-1]) + f" and the {labels[-1]}" if len(labels) > 1 else f"the {labels[0]}"
    shown = ", ".join(f"'{n}'" for n in names[:10]) + (" …" if len(names) > 10 else "")
    return (
        f"None of this workbook's {len(names)} sheets ({shown}) has the header of {what} (columns for {needed}): "
        f"choose the sheet that holds it{command_line_hint('--sheet', 'NAME')}, or {AGAIN}."
    )


# The sheets of a workbook looked at for the export's header when its first sheet lacks it, at most,
# and the seconds spent on them (an export is one sheet, or a few beside notes and pivots).
MAX_SHEETS_TRIED = 10
SHEETS_SECONDS = 60


def _sheet_with_the_fields(
    content: bytes, file_name: str, kind: str, source: str, first: RawTable, stage_outcomes: MappingType[str, str] | None = None,
) -> tuple[RawTable, Mapping, str] | None:
    """The first other sheet of a workbook whose header maps every required field, its mapping (read with the
    user's `stage_outcomes`, as detect_mapping takes them) and the note that says it was read instead of the
    first sheet (`first`, which maps too few); None when no sheet does. The note names the sheets, so the
    choice is never silent."""
    if first.encoding != "xlsx":
        return None
    names = workbook_sheets(content, file_name)
    skipped = None
    started = time.monotonic()
    for tried, name in enumerate(names):
        # Each sheet is read by a reader of its own, with a budget of its own: without a bound on the
        # sheets, 600 small sheets took 164 s of processor time before the file was refused.
        if tried >= MAX_SHEETS_TRIED or time.monotonic() - started > SHEETS_SECONDS:
            break
        try:
            candidate = read_table(content, file_name, name)
        except FileRejected:
            continue
        if candidate.columns == first.columns and skipped is None:
            skipped = name  # the sheet read first: its header is the one that maps too little
            continue
        try:
            mapping = detect_mapping(candidate.columns, kind=kind, source=source, frame=candidate.frame, stage_outcomes=stage_outcomes,
                                     header_parts=candidate.header_parts)
        except ValueError:
            continue
        if not mapping.missing_required:
            opening = f"The first sheet '{skipped}'" if skipped else "The first sheet"
            return candidate, mapping, (
                f"{opening} has no header with the export's fields; {_rows_word(mapping)} were read from sheet '{name}'."
                + _CHOOSE_SHEET
            )
    return None


def missing_columns_sentence(mapping: Mapping, columns: list[str]) -> str:
    """One sentence naming every required field no column feeds, the columns there are, and how to
    choose each field's column: the command line's --map for every one of them (the Data page shows
    the sentence through page_sentence, which names its mapping editor instead). Naming the first
    field's flag alone, a file without its rep and stage columns was fixed for the rep and then
    refused again for the stage. A file whose headers leave its kind in doubt is refused with what they
    said instead (mapping.kind_doubt_sentence): a roster is not an export missing its id."""
    if (doubt := kind_doubt_sentence(mapping, columns)) is not None:
        return doubt
    fields = mapping.missing_required
    labels = [FIELD_LABELS.get(f, f).lower() for f in fields]
    named = labels[0] if len(labels) == 1 else f"{', the '.join(labels[:-1])} or the {labels[-1]}"
    found = ", ".join(f"'{c}'" for c in columns[:15]) + (" …" if len(columns) > 15 else "")
    what = {"roster": "rep roster", "assessment": "profile questionnaire"}.get(mapping.kind, "opportunity export")
    where = command_line_hint("--map", " --map ".join(f'{f}="Column name"' for f in fields))
    choose = "Choose the column" if len(fields) == 1 else "Choose a column for each"
    if mapping.kind == "roster" and fields == ["rep"]:
        # An HR roster may write the name in two columns: a whole-name column is then no choice to make.
        example = 'rep="Column name", or --map ' + " --map ".join(f'{f}="Column name"' for f in name_order.PARTS)
        return (f"This {what} has no column for the {named}, nor a first-name and a last-name column: the columns "
                f"found are {found}. Choose the column that holds the rep's whole name, or the two that hold their "
                f"first and last names{command_line_hint('--map', example)}.")
    unread_name = bare_name_unread_note(mapping, columns)  # the column that could key it without an id, and why not
    return f"This {what} has no column for the {named}: the columns found are {found}. {choose}{where}." + (
        f" {unread_name}" if unread_name else "")


@dataclass(frozen=True)
class Committed:
    """What storing one prepared file did."""

    change: Change | None  # None when nothing was written
    already: dict | None = None  # the manifest row of an earlier identical upload, when skipped
    notes: tuple[str, ...] = ()  # what a questionnaire did to each rep's profile; assessed profiles a roster kept
    # The stored deals of the export's report it does not list that the user chose to keep (commit's
    # `take_out_missing` False): (outcome, deals) per outcome, open first, for the "Stored as version N" line.
    unlisted_kept: tuple[tuple[str, int], ...] = ()

    @property
    def message(self) -> str:
        if self.already is not None:
            at = moment(self.already["at"])
            return f"This file was already loaded on {at} (store version {self.already['store_version']}): nothing changed."
        assert self.change is not None
        c = self.change
        given = f" ({c.first_given:,} {employment.FIRST_GIVEN_WORDS})" if c.first_given else ""
        return f"Stored as version {c.store_version}: {c.inserted:,} new, {c.updated:,} updated, {c.unchanged:,} unchanged{given}{self._taken_out()}."

    def _taken_out(self) -> str:
        """The stored deals the commit took out because the file lists them as deleted (Change.taken_out), and those
        of its report it does not list, taken out (Change.unlisted_taken_out) or kept (`unlisted_kept`), as the
        "Stored as version N" line ends on them: "; 5 deals the file lists as deleted taken out of the store",
        "; 2 deals this report no longer lists taken out of the store", "; 2 deals this report no longer lists stay
        in the store (1 open, 1 won, counted as they were)"; "" for none. The line counted the rows stored alone, as
        if those deals were still there, and said nothing of the deals a re-export left out."""
        if self.change is None:
            return ""
        taken, unlisted = self.change.taken_out, self.change.unlisted_taken_out
        kept = sum(n for _, n in self.unlisted_kept)
        by_outcome = listed([f"{n:,} {OUTCOME_LABELS.get(o, o).lower()}" for o, n in self.unlisted_kept]) if kept else ""
        return "".join((
            f"; {plural(taken, 'deal')} the file lists as deleted taken out of the store" if taken else "",
            f"; {plural(unlisted, 'deal')} {UNLISTED} taken out of the store" if unlisted else "",
            f"; {plural(kept, 'deal')} {UNLISTED} {'stays' if kept == 1 else 'stay'} in the store ({by_outcome}, "
            f"counted as {'it was' if kept == 1 else 'they were'})" if kept else "",
        ))

    def counts_sentence(self, file_updated: int | None = None) -> str:
        """What the commit stored, with the file's own counts (the Data page's confirmation and `ingest`'s line,
        one wording): of the deals it updated, those the file itself changed (`file_updated`:
        store_effects.updated_by_file, read before the commit; None: not known); the rest, which only the
        stage mappings read otherwise than their stored outcome (chosen with the file, or saved before it by
        themselves), are counted as the file leaves them: "Stored as version 3: 0 new, 1 updated, 3 unchanged
        by the file." `message` when the file changed every deal updated. It said "0 new, 4 updated, 0
        unchanged" where the file changed 1 deal and a mapping saved alone had changed 3."""
        counts = self.file_counts(file_updated)
        if self.change is None or counts is None:
            return self.message
        inserted, updated, unchanged = counts
        return (f"Stored as version {self.change.store_version}: {inserted:,} new, {updated:,} updated, "
                f"{unchanged:,} unchanged by the file{self._taken_out()}.")

    def file_counts(self, file_updated: int | None) -> tuple[int, int, int] | None:
        """(new, updated, unchanged) deals as counts_sentence counts them, the file's own changes apart from the
        deals only the stage mappings read otherwise (`file_updated` as it takes it); None when they are the
        store's counts (Change's): nothing stored, nothing known, or the file changed every deal updated."""
        change = self.change
        if change is None or self.already is not None or file_updated is None or file_updated >= change.updated:
            return None
        return change.inserted, file_updated, change.unchanged + change.updated - file_updated


def commit(
    store: Store,
    prepared: PreparedFile,
    user: str | None = None,
    progress: Progress = _silent,
    take_uploaded: Iterable[str] = (),
    stage_outcomes: MappingType[str, str] | None = None,
    confirmed: str | None = None,
    checked_at: int | None = None,
    take_out_missing: bool = False,
) -> Committed:
    """Store a prepared file as one version; a rejected file raises ValueError and changes nothing.

    A roster never silently replaces an assessed profile: for each conflict (see
    `profile_sources.roster_conflicts`) the assessed profile is kept unless its rep is in
    `take_uploaded`. A questionnaire stores its answers and the profiles they settle.

    `stage_outcomes`: the stage mappings the file was prepared with, when they are not the store's
    (stage values mapped for this file): kept in the file's own version (Store.commit_file), so they
    are stored only if the file is, and a file skipped as already ingested stores none.

    A column mapping chosen by hand (one detection alone would not give) is remembered for the
    file's layout in the same version, and one remembered is forgotten by a file mapped as detection
    maps it (winloss.ingest.remembered).

    `confirmed`: what the user let through although warned of it (store_effects.confirmed_note: a box on the
    Data page, a flag on the command line), kept in the version's history note.

    `checked_at`: the store version its warnings were judged on (Store.commit_file raises StoreMovedOn,
    writing nothing, when another writer stored a version since).

    `take_out_missing`: the user's choice on the stored deals of an export's report that the export does not list
    (store_effects.unlisted_deals, which the Data page and the command line named before the commit): True takes them
    out of the store in the file's own version (a rollback brings them back); False keeps them, and the "Stored as
    version N" line says so (`Committed.unlisted_kept`). Never without the choice: an export is often filtered.
    """
    progress(0.85, "Storing")
    if prepared.rejected:
        raise ValueError(prepared.rejected)
    # The deals of its report it lacks taken out with the file, or kept and said so: never left behind unsaid.
    left = _left_behind(store, prepared, take_out_missing)
    if prepared.staged is not None:
        done = _commit_staged(store, prepared, user, progress, stage_outcomes, confirmed, checked_at, left)
        return dataclasses.replace(done, unlisted_kept=left.kept)
    accepted, roster_rows = _as_the_store_knows_it(store, prepared), None
    notes: list[str] = []
    corrected: list[str] = []
    if prepared.kind == "roster":
        # A profile the roster writes but the product does not understand replaces nothing: the rep
        # keeps the profile the store holds (said in a note), else is Unprofiled.
        unread = prepared.left_out.filter(pl.col("field") == "seller_profile").select(pl.col("line").alias(LINE_COLUMN), "value")
        accepted, notes = with_unread_profiles_settled(accepted, store.roster(), unread)
        conflicts = roster_conflicts(accepted, store.roster())
        kept = sorted(set(conflicts.get_column("rep").to_list()) - set(take_uploaded))
        accepted = with_assessed_kept(accepted, store.roster(), kept)
        notes += [f"{quoted_name(rep)}: the assessed profile is kept (the roster says otherwise)." for rep in kept]
        # The stored spellings this roster corrects, which its report named: taken out in its own version.
        fixed = _corrected_by(store, prepared)
        corrected = [c.old for c in fixed]
        notes += [f"{quoted_name(c.old)} left the roster, corrected to {quoted_name(c.new)}." for c in fixed]
    elif prepared.kind == "assessment":
        # Stored again after a later version replaced the profiles it set: it puts them back, the roster's too.
        loaded = loaded_before(store, prepared)
        back = (store.profiles_set(loaded.row).collect().get_column("rep").to_list()
                if loaded is not None and loaded.since is not None else [])
        roster_rows, notes = questionnaire_profiles(accepted, store.assessments(), store.roster(), put_back=back)
    try:
        change = store.commit_file(
            kind=prepared.kind or "opportunities",
            file_name=prepared.file_name,
            sha256=prepared.sha256,
            content=prepared.content,
            source=prepared.source or "generic",
            exported_from=prepared.exported_from,
            accepted=accepted,
            quarantine=stored_quarantine(prepared.quarantine),
            rows_read=prepared.rows_read,
            rows_in_part=prepared.rows_accepted_in_part,
            user=user,
            roster_rows=roster_rows,
            stage_outcomes=stage_outcomes,
            column_mapping=_column_mapping(prepared),
            sheet=prepared.table.sheet if prepared.table is not None else None,
            layout=prepared.layout,
            columns=prepared.columns_json,
            reading=prepared.reading_json,
            confirmed=confirmed,
            checked_at=checked_at,
            removed=left.deleted,
            roster_removed=corrected,
            unlisted=left.unlisted,
        )
    except AlreadyIngested as exc:  # the same file, committed a moment ago by another click or tab
        return Committed(change=None, already=exc.row)
    progress(1.0, "Stored")
    return Committed(change=change, notes=tuple(notes), unlisted_kept=left.kept)


def _corrected_by(store: Store, prepared: PreparedFile) -> list[Corrected]:
    """The stored roster reps a roster corrects the spelling of (corrected_spellings, against the stored deals), as
    its report (store_rep_sentences) named them; [] for any other file or an empty store.

    Decided once per store version and kept on `prepared` (PreparedFile.corrected): the report's sentences and the
    commit read the same decision, without reading every stored deal's rep again; a store that moved on since
    (another upload, a rollback) is decided against again."""
    version = store.version()
    if prepared.kind != "roster" or not version:
        return []
    if prepared.corrected is not None and prepared.corrected[:2] == (store.uri, version):
        return prepared.corrected[2]
    # One owner per deal: the deals naming a rep by email are counted (the report says how many follow them).
    deal_reps = store.opportunities().select("rep").collect().get_column("rep")
    rows = roster_emails_of(prepared)  # with the emails it gives its reps, which say who a stored rep is
    found = corrected_spellings(store.roster(), deal_reps, rows if rows.height else roster_reps(prepared))
    prepared.corrected = (store.uri, version, found)
    return found


@dataclass(frozen=True)
class _LeftBehind:
    """What an export's commit does with the stored deals of its report it stores no row of: the ids it takes out as
    the file lists them deleted in the CRM (`deleted`), those it does not list that the user chose to take out
    (`unlisted`), and those it does not list that stay, counted per outcome (`kept`, Committed.unlisted_kept)."""

    deleted: list[str]
    unlisted: list[str]
    kept: tuple[tuple[str, int], ...]


def _left_behind(store: Store, prepared: PreparedFile, take_out_missing: bool) -> _LeftBehind:
    """The stored deals of `prepared`'s report it stores no row of, by the rules that named them before the commit
    (store_effects.deleted_stored_ids: those it marks deleted in the CRM; store_effects.unlisted_deals: those it
    does not list), its report's loads decided once for both (store_effects.report_loads), against the store as it
    is when the commit writes. Nothing for any other file or an empty store. Whether the commit stores anything is
    Store.commit_file's to decide (AlreadyIngested): a commit that stores nothing takes nothing out either."""
    if prepared.kind != "opportunities" or not store.version():
        return _LeftBehind([], [], ())
    # store_effects reads PreparedFile: imported here.
    from winloss.ingest.store_effects import deleted_stored_ids, report_loads, unlisted_deals

    same = report_loads(prepared, store)
    deleted = deleted_stored_ids(prepared, store, same=same).get_column("opportunity_id").to_list() if prepared.deleted_ids else []
    unlisted = unlisted_deals(prepared, store, unchanged=False, same=same)
    if take_out_missing and unlisted is not None:
        return _LeftBehind(deleted, unlisted.ids, ())
    return _LeftBehind(deleted, [], _by_outcome(unlisted))


def _by_outcome(unlisted: UnlistedDeals | None) -> tuple[tuple[str, int], ...]:
    """`unlisted`'s deals counted per outcome, open first then won, lost, no decision (Committed.unlisted_kept)."""
    if unlisted is None:
        return ()
    counts = unlisted.rows.get_column("outcome").value_counts()
    order = [OPEN, WON, LOST, NO_DECISION]
    return tuple(sorted(((str(o), int(n)) for o, n in counts.iter_rows()), key=lambda c: (order.index(c[0]) if c[0] in order else len(order), c[0])))


def _commit_staged(
    store: Store, prepared: PreparedFile, user: str | None, progress: Progress, stage_outcomes: MappingType[str, str] | None,
    confirmed: str | None = None, checked_at: int | None = None, left: _LeftBehind | None = None,
) -> Committed:
    """Store an opportunity file prepared in batches: its staged rows and its bytes streamed into one
    version, with the stage mappings it was prepared with, and the stored deals `left` says it takes out (see `commit`)."""
    assert prepared.staged is not None and prepared.path is not None
    renamed = store_spellings(store, prepared)
    files = prepared.staged.store_files
    # The data files written while the file was read hold the rows as staged: of no use once reps are renamed.
    prewritten = files.prewritten() if files is not None and renamed is None else None
    batches = (
        batch.with_columns(pl.col("rep").replace(*renamed)) if renamed is not None else batch
        for batch in prepared.accepted_batches()
    )
    try:
        change = store.commit_file(
            kind="opportunities",
            file_name=prepared.file_name,
            sha256=prepared.sha256,
            content=prepared.path,
            source=prepared.source or "generic",
            exported_from=prepared.exported_from,
            accepted=batches,
            accepted_rows=prepared.deals_accepted,
            prewritten=prewritten,
            quarantine=stored_quarantine(prepared.quarantine),
            rows_read=prepared.rows_read,
            user=user,
            stage_outcomes=stage_outcomes,
            column_mapping=_column_mapping(prepared),
            layout=prepared.layout,
            columns=prepared.columns_json,
            reading=prepared.reading_json,
            confirmed=confirmed,
            checked_at=checked_at,
            removed=left.deleted if left is not None else (),
            unlisted=left.unlisted if left is not None else (),
            keys=_stored_keys(store, prepared),
        )
    except AlreadyIngested as exc:
        return Committed(change=None, already=exc.row)
    progress(1.0, "Stored")
    return Committed(change=change)


def _column_mapping(prepared: PreparedFile) -> tuple[str, dict[str, object] | None] | None:
    """What committing a prepared file does to the mapping remembered for its layout
    (remembered.layout_change); None for a file with no mapping."""
    if prepared.mapping is None or prepared.table is None:
        return None
    return layout_change(prepared.mapping, prepared.table, prepared.file_name, now().date(), prepared.stage_outcomes)


def store_spellings(
    store: Store, prepared: PreparedFile, stored: pl.DataFrame | None = None,
) -> tuple[pl.Series, pl.Series] | None:
    """(name, spelling) for each rep of an opportunity export's accepted rows that the commit stores
    under another spelling, the one the store already spells the rep in (see `_as_the_store_knows_it`),
    or None: what `commit` renames, a file in memory or staged alike, and what
    store_effects.deal_changes compares the stored deals with. `stored`: the stored deals' rep column
    when the caller has read it (currency_changes.stored_outcomes_and_currencies); else it is read here."""
    if prepared.deals_accepted == 0 or store.version() == 0:
        return None
    deals = None if stored is None else stored.select(pl.col("rep").cast(pl.String)).lazy()
    return _renames(_accepted_rep_counts(prepared), _store_spelled(store, store.roster().collect(), deals=deals),
                    careful_first=True)


def _renames(counts: pl.DataFrame, preferred: pl.Series, *, careful_first: bool) -> tuple[pl.Series, pl.Series] | None:
    """(name, spelling) for each of `counts`' names (columns name, n) `spellings` writes another way, or None."""
    renamed = spellings(counts, preferred, careful_first=careful_first).filter(pl.col("name") != pl.col("spelling"))
    return (renamed.get_column("name"), renamed.get_column("spelling")) if renamed.height else None


def _store_spelled(store: Store, roster: pl.DataFrame, with_deals: bool = True, deals: pl.LazyFrame | None = None) -> pl.Series:
    """The rep spellings the store prefers, first first: the roster's, then (`with_deals`) for each
    rep the spelling its stored deals use most (`deals`: their rep column, when read already)."""
    preferred = roster.get_column("rep")
    if not with_deals:
        return preferred
    stored = (store.opportunities() if deals is None else deals).group_by("rep").agg(pl.len().alias("n")).collect()
    return pl.concat([preferred, spellings(stored.rename({"rep": "name"})).get_column("spelling").unique()])


def _as_the_store_knows_it(store: Store, prepared: PreparedFile) -> pl.DataFrame:
    """The accepted rows with each rep spelled as the store already spells them.

    A rep the roster has keeps the roster's spelling, else the one the stored deals use most, so
    "ANNA KOVAC" in this export updates Anna Kovac's deals and roster row instead of adding a rep.
    An export's deals spelled more carefully than the store spells them ("José Díaz" where the store has
    "JOSE DIAZ" or a roster's "Jose Diaz") keep their spelling: renamed to the store's, the careful one
    was lost, and the pages, which show each rep in its most carefully written spelling, showed
    "JOSE DIAZ". A roster's rows and a questionnaire's keep the store's spelling: they are stored under it.
    A roster without some column (often the seller profile) keeps what the store holds for it.
    """
    accepted = prepared.accepted
    if accepted.height == 0 or store.version() == 0:
        return accepted
    roster = store.roster().collect()
    if prepared.kind in (None, "opportunities"):
        renamed = store_spellings(store, prepared)
    else:
        counts = accepted.get_column("rep").value_counts(name="n").rename({"rep": "name"})
        renamed = _renames(counts, _store_spelled(store, roster, with_deals=prepared.kind != "roster"), careful_first=False)
    if renamed is not None:
        accepted = accepted.with_columns(pl.col("rep").replace(*renamed))
    if prepared.kind == "roster" and prepared.mapping is not None:
        absent = [f for f in ROSTER_FIELDS if f != "rep" and f not in prepared.mapping.fields]
        if absent and roster.height:
            held = roster.select("rep", *[pl.col(f).alias(f"__held_{f}") for f in absent])
            accepted = accepted.join(held, on="rep", how="left", maintain_order="left").with_columns(
                pl.coalesce(f"__held_{f}", f).alias(f) for f in absent
            ).drop([f"__held_{f}" for f in absent])
    return accepted


def _accepted_rep_counts(prepared: PreparedFile) -> pl.DataFrame:
    """Columns name, n: each rep name of the file's accepted rows (as they will be stored) and its rows."""
    if prepared.staged is not None:
        parts = [b.get_column("rep").value_counts(name="n") for b in prepared.accepted_batches()]
        counts = pl.concat(parts).group_by("rep").agg(pl.col("n").sum()) if parts else pl.DataFrame(schema={"rep": pl.String, "n": pl.UInt32})
    else:
        counts = prepared.accepted.get_column("rep").drop_nulls().value_counts(name="n")
    return counts.rename({"rep": "name"}).drop_nulls("name").with_columns(pl.col("n").cast(pl.UInt32))


# How many unmatched roster reps a sentence names before counting the rest.
NAMED_REPS = 10


# Where a roster's reps are also looked for, said in its sentence: the opportunity exports prepared
# with it and not yet stored (the Data page names where they are on the page).
PENDING_WORDS = "the exports uploaded with it"


def pending_deal_reps(pending: Iterable[PreparedFile]) -> pl.Series:
    """The rep names of the deals the opportunity exports in `pending` (prepared, not yet committed)
    would store, each once: what a roster prepared with them is matched against besides the stored
    deals. A file rejected whole stores nothing and a roster or a questionnaire no deal, so they add
    none. Only the rep column of a file staged on disk is read."""
    parts = [
        part.select(pl.col("rep").drop_nulls().unique()).collect().get_column("rep")
        for file in pending if file.kind == "opportunities" and not file.rejected
        for part in file.accepted_columns(("rep",))
    ]
    return pl.concat(parts).unique(maintain_order=True) if parts else pl.Series("rep", [], pl.String)


def roster_reps(prepared: PreparedFile) -> pl.Series:
    """The rep names of a roster's accepted rows, as its unmatched sentence names them."""
    return _accepted_rep_counts(prepared).get_column("name")


def roster_managers(prepared: PreparedFile) -> pl.Series:
    """The names a roster's accepted rows give as another rep's manager (not the row's own rep), each once:
    of its reps, those who own no deal are managers, not reps (winloss.managers), which its report says."""
    accepted = prepared.accepted
    if prepared.kind != "roster" or "manager" not in accepted.columns:
        return pl.Series("manager", [], pl.String)
    others = accepted.filter(identity.name_key(pl.col("manager").cast(pl.String)) != identity.name_key(pl.col("rep").cast(pl.String)))
    return others.get_column("manager").cast(pl.String).drop_nulls().unique(maintain_order=True)


def roster_marks(prepared: PreparedFile, today: dt.date | None = None) -> dict[str, str]:
    """Each rep of a roster's accepted rows who has left or is leaving by `today` (employment.has_left), with
    employment.mark_words: what its sentences add after the name ('"Bob Roy" (left on 30 Nov 2025)')."""
    accepted = prepared.accepted
    if prepared.kind != "roster" or employment.LEFT not in accepted.columns:
        return {}
    day = today or dt.date.today()
    rows = accepted.select("rep", employment.has_left(day).alias("gone"), employment.LEFT_ON)
    return {name: words for name, gone, on in rows.iter_rows()
            if name is not None and (words := employment.mark_words(gone, on))}


def store_roster_unmatched(
    store: Store, reps: pl.Series, pending: Iterable[PreparedFile] = (), pending_words: str = PENDING_WORDS,
    managers: pl.Series | None = None, marks: MappingType[str, str] | None = None, emails: pl.DataFrame | None = None,
) -> str | None:
    """`roster_unmatched_sentence` for a roster's `reps` against the store's deals and the deals of the
    exports `pending` (prepared with it, not yet committed: `pending_deal_reps`), which `pending_words`
    names; None when every rep matches one, or when there is no deal to match against. `managers`:
    roster_managers; the reps among them who own no deal are said as managers, not reps. `marks`: roster_marks.
    `emails` (columns rep, email: roster_emails_of, before it is stored): a deal whose owner is one of them is
    that rep's; the stored roster's emails are read besides."""
    unmatched = store_roster_unmatched_reps(store, reps, pending, pending_words, managers, marks, emails)
    return None if unmatched is None else unmatched.sentence()


def store_roster_unmatched_reps(
    store: Store, reps: pl.Series, pending: Iterable[PreparedFile] = (), pending_words: str = PENDING_WORDS,
    managers: pl.Series | None = None, marks: MappingType[str, str] | None = None, emails: pl.DataFrame | None = None,
) -> RosterUnmatched | None:
    """What store_roster_unmatched says (its arguments), before it is said (roster_unmatched)."""
    stored = pl.Series("rep", [], pl.String)
    held = pl.DataFrame(schema=_NO_EMAILS)
    if store.version():
        stored = store.opportunities().select(pl.col("rep").drop_nulls().unique()).collect().get_column("rep")
        held = store.roster().select("rep", "email").collect()
    known = pl.concat([emails, held]) if emails is not None else held
    return roster_unmatched(reps, stored, pending_deal_reps(pending), pending_words, managers, marks, known)


def rep_counts(prepared: PreparedFile) -> pl.DataFrame:
    """Columns name, n: each rep name of the file's accepted rows and its rows, as `store_rep_sentences`
    reads the files loaded before it (`earlier`): read while the file is open (the command line closes
    each file once it is stored)."""
    return _accepted_rep_counts(prepared)


def store_rep_sentences(
    store: Store, prepared: PreparedFile, pending: Sequence[PreparedFile] = (), pending_words: str = PENDING_WORDS,
    roster_match: bool = True, earlier: Sequence[tuple[str, pl.DataFrame]] = (),
) -> list[str]:
    """What the file's rep names do to the reps the store holds, said before commit (Data page, CLI).

    For each name new to the store that it will read as a stored rep's spelled differently by more
    than case or spacing (accents, quotes: identity.variant_sentences), a sentence naming the two
    and the spelling the pages will show ('"Jose Diaz" in this file and "José Díaz" in the store are one
    rep (same name but for accents), shown as "José Díaz". ...'). For a roster, one
    sentence naming its reps that match no rep of the stored deals nor of the exports `pending`
    (prepared with it and not yet committed, named by `pending_words`), with the likeliest match where
    one is close (`store_roster_unmatched`): a rep an export waiting to be committed names is no
    misspelling. For an export, one sentence per owner the roster lacks whose name is close to a roster rep's
    ('did you mean ...?': owner_lookalike_sentences). [] for a file without reps, or an empty store with no
    export pending.
    `roster_match` False leaves the roster's sentence out: the command line says it once the files
    given with the roster are stored (`store_roster_unmatched`). Names are plain text: escape them
    where they are shown.

    `earlier`: for an export, the opportunity exports loaded with it before it, each as (file name,
    `rep_counts`): the Data page's files above it, not yet committed; the command line's files stored
    before it. A rep this file spells in a way none of them does, while one of them spells it
    another way (by one name_key: case, accents or quotes), is said once, naming each spelling's
    files and the spelling the pages will show (identity.across_files_sentences), and not again as
    a stored rep's other spelling: two exports dropped together said nothing of it.
    """
    if prepared.kind not in ("opportunities", "roster", "assessment") or prepared.rows_accepted == 0:
        return []
    moves = [*roster_move_sentences(store, prepared), *start_day_sentences(store, prepared)]
    # Of a roster, the stored spellings it corrects: decided once, for the sentences below and the owner emails'.
    corrected = _corrected_by(store, prepared)
    emails = email_owner_sentences(store, prepared, pending, corrected)
    # Of an export, its owners the roster lacks whose names are close to a roster rep's: 'did you mean ...?'
    lookalikes = owner_lookalike_sentences(store, prepared, pending)
    matched = prepared.kind == "roster" and roster_match
    others = [file for file in pending if file is not prepared] if matched else []
    earlier = [(name, counts) for name, counts in earlier if counts.height] if prepared.kind == "opportunities" else []
    if store.version() == 0 and not earlier:
        found = roster_unmatched_of(store, prepared, others, pending_words) if matched else None
        unmatched = found.sentence() if found else None
        return [*moves, *lookalikes, *emails, *([unmatched] if unmatched else [])]
    file_counts = _accepted_rep_counts(prepared)
    if store.version():
        deals = store.opportunities().group_by("rep").agg(pl.len().cast(pl.UInt32).alias("n")).rename({"rep": "name"}).collect()
        held = store.roster().select("rep").collect().get_column("rep")
    else:
        deals, held = pl.DataFrame(schema={"name": pl.String, "n": pl.UInt32}), pl.Series("rep", [], pl.String)
    roster = pl.concat([file_counts.get_column("name"), held]) if prepared.kind == "roster" else held
    # The earlier files' rows not stored yet (the Data page's): the pages will count them too.
    loaded = [counts.join(deals.select("name"), on="name", how="anti").select("name", pl.col("n").cast(pl.UInt32))
              for _, counts in earlier]
    everyone = pl.concat([file_counts, deals.drop_nulls("name"), *loaded])
    # As the pages will show each name (deals.one_rep_per_name), whichever file brought it.
    shown = spellings(everyone, roster, careful_first=True).unique("name")
    across, said = _spelt_across_files(prepared.file_name, file_counts, earlier, shown)
    stored = pl.concat([deals.select("name", "n"), pl.DataFrame({"name": held, "n": 0}, schema=deals.schema)])
    others_spelled = (  # for each name of the file, the stored spelling of the same rep most rows use, when another
        stored.drop_nulls("name").group_by("name").agg(pl.col("n").sum())
        .with_columns(key=identity.name_key(pl.col("name")))
        .sort(["n", "name"], descending=[True, False]).unique("key", keep="first", maintain_order=True)
        .select("key", pl.col("name").alias("other"))
    )
    # A name the store already holds as it is was named when it first came (or is another's exact spelling);
    # one the files loaded before it spell otherwise is said of them (`across`).
    new = file_counts.join(stored.select("name").unique(), on="name", how="anti").filter(~pl.col("name").is_in(said))
    pairs = (
        new.with_columns(key=identity.name_key(pl.col("name"))).join(others_spelled, on="key")
        .filter(pl.col("name") != pl.col("other")).join(shown, on="name").sort("name")
    )
    sentences = [*across, *identity.variant_sentences(pairs.select("name", "other", "spelling").iter_rows())]
    if prepared.kind == "roster":
        if said_corrected := corrected_sentence(corrected):
            sentences.append(said_corrected)
        if omitted := roster_omitted_sentence(store.roster(), prepared, apart=[c.old for c in corrected]):
            sentences.append(omitted)
    if matched and (reps_unmatched := _roster_unmatched(prepared, deals.get_column("name"), others, pending_words)):
        if said_unmatched := reps_unmatched.sentence():
            sentences.append(said_unmatched)
    return [*moves, *sentences, *lookalikes, *emails]


def roster_unmatched_of(store: Store, prepared: PreparedFile, pending: Iterable[PreparedFile] = (),
                        pending_words: str = PENDING_WORDS) -> RosterUnmatched | None:
    """A roster's reps that match no rep of the stored deals nor of the exports `pending` (prepared with it and not
    yet committed, named by `pending_words`), before commit: what store_rep_sentences' sentence on them says
    (roster_unmatched), for a caller that says it beside the deals' reps the roster lacks (the Data page:
    views.roster.roster_rep_sentences). None for another file, or with no deal to match against."""
    if prepared.kind != "roster" or prepared.rows_accepted == 0:
        return None
    others = [file for file in pending if file is not prepared]
    if not store.version():
        return (store_roster_unmatched_reps(store, roster_reps(prepared), others, pending_words, roster_managers(prepared),
                                            roster_marks(prepared), emails=roster_emails_of(prepared))
                if others else None)
    deals = store.opportunities().select(pl.col("rep").drop_nulls().unique()).collect().get_column("rep")
    return _roster_unmatched(prepared, deals, others, pending_words)


def loaded_before(store: Store, prepared: PreparedFile, uploads: pl.DataFrame | None = None) -> LoadedBefore | None:
    """The upload of `prepared`'s bytes in effect in the store and the later version that replaced what it set, if
    one did (Store.loaded_before: a later roster, roster edit or questionnaire that changed one of a roster's reps,
    or one of the reps whose profile a questionnaire set;
    a later upload that changed one of an export's deals; a version that took one out). The one rule the Data page, the command line and
    store_effects.changes_nothing read, as Store.commit_file does under its lock: the same bytes are "already
    loaded" only when it is in effect and nothing replaced it since. `uploads`: the live manifest rows
    (Store.live_uploads), when the caller has read them already."""
    sheet = prepared.table.sheet if prepared.table is not None else None
    return store.loaded_before(prepared.sha256, sheet, uploads, _stored_keys(store, prepared))


def _stored_keys(store: Store, prepared: PreparedFile) -> Callable[[], pl.LazyFrame] | None:
    """What tells the rows `prepared` stores (Store.loaded_before's `keys`), read only when asked: an export's
    deal ids; a roster's reps as the store spells them (_as_the_store_knows_it, as its commit stores them).
    None for any other file (a questionnaire's are told by the store: Store.profiles_set)."""
    if prepared.rejected or prepared.kind not in ROWS_TELL_KEYS:
        return None
    if prepared.kind == "roster":
        return lambda: _as_the_store_knows_it(store, prepared).lazy().select("rep")
    return lambda: pl.concat(list(prepared.accepted_columns(["opportunity_id"])) or [pl.LazyFrame(schema={"opportunity_id": pl.String})])


def already_loaded(store: Store, prepared: PreparedFile, uploads: pl.DataFrame | None = None) -> dict | None:
    """The manifest row of the upload of `prepared`'s bytes that is in effect and that nothing replaced since
    (loaded_before), the "already loaded" one; None for none."""
    loaded = loaded_before(store, prepared, uploads)
    return loaded.row if loaded is not None and loaded.since is None else None


def roster_loaded_again(prepared: PreparedFile, already: MappingType[str, object] | None) -> bool:
    """Whether `prepared` is a roster the store holds already (`already`: the live manifest row of an upload of the
    same bytes, Store.already_ingested; None for none), read as it was, so that storing it again changes nothing
    (readings.stores_nothing_new). Its notes on rep names (store_rep_sentences, views.roster.roster_rep_sentences)
    were said when it was loaded: the same roster uploaded again said them all again, as if new, where its report
    says it is the roster already loaded (views.data_page.stored_again, Committed.message) and nothing more."""
    return (prepared.kind == "roster" and already is not None
            and stores_nothing_new(already, prepared.deals_accepted, prepared.reading_json))


def _roster_unmatched(prepared: PreparedFile, deals: pl.Series, others: Sequence[PreparedFile],
                      pending_words: str) -> RosterUnmatched | None:
    """roster_unmatched of a roster's reps against the stored deals' reps (`deals`) and the exports `others`."""
    return roster_unmatched(_accepted_rep_counts(prepared).get_column("name"), deals, pending_deal_reps(others), pending_words,
                            roster_managers(prepared), roster_marks(prepared), roster_emails_of(prepared))


_NO_EMAILS = pl.Schema({"rep": pl.String(), "email": pl.String()})


def roster_emails_of(prepared: PreparedFile) -> pl.DataFrame:
    """Columns rep, email of a roster's accepted rows (null emails when it has no Email column): what its reps
    are matched against deals' owners written as emails by (identity.owners_by_email). Empty for another file."""
    if prepared.kind != "roster" or prepared.rejected or "email" not in prepared.accepted.columns:
        return pl.DataFrame(schema=_NO_EMAILS)
    return prepared.accepted.select(pl.col("rep").cast(pl.String), pl.col("email").cast(pl.String))


def roster_as_stored(store: Store, prepared: PreparedFile) -> pl.DataFrame:
    """Columns rep, email: the roster as it is once `prepared` (a roster) is stored: its accepted rows, and the
    stored rows of the reps it leaves out (kept as stored: roster_omitted_sentence) but for the spellings it corrects
    (corrected_spellings), which leave it. What its report holds the stored deals' reps against before it is stored."""
    mine = prepared.accepted.select(
        pl.col("rep").cast(pl.String),
        (pl.col("email") if "email" in prepared.accepted.columns else pl.lit(None)).cast(pl.String).alias("email"))
    if not store.version():
        return mine
    gone = pl.Series("rep", [c.old for c in _corrected_by(store, prepared)], pl.String)
    held = store.roster().select(pl.col("rep").cast(pl.String), pl.col("email").cast(pl.String)).collect()
    return pl.concat([mine, held.join(mine, on="rep", how="anti").filter(~pl.col("rep").is_in(gone.implode()))])


def email_owner_sentences(store: Store, prepared: PreparedFile, pending: Iterable[PreparedFile] = (),
                          corrected: Sequence[Corrected] | None = None) -> list[str]:
    """What the file report says of deals' owners written as emails (winloss.ingest.owner_emails), before commit.

    An export's owners against the roster the pages will read them with: a roster prepared with it (`pending`,
    not yet committed) and the stored one. A roster with an Email column: the stored deals' owners against it (with
    the stored rows of the reps it leaves out, but for those it corrects: corrected_spellings); one without says nothing, as it keeps the emails the store holds.
    `corrected`: the stored spellings the roster corrects, when the caller has decided them (`_corrected_by`); else
    they are decided here. [] for another file, or when no owner is written as an email. Plain text: escape it to
    show it."""
    held = store.roster().select("rep", "email").collect() if store.version() else pl.DataFrame(schema=_NO_EMAILS)
    if prepared.kind == "opportunities":
        waiting = [roster_emails_of(file) for file in pending if file is not prepared and file.kind == "roster"]
        return owner_email_sentences(_accepted_rep_counts(prepared), pl.concat([*waiting, held]))
    if prepared.kind != "roster" or prepared.mapping is None or "email" not in prepared.mapping.fields or not store.version():
        return []
    mine = roster_emails_of(prepared)
    owners = store.opportunities().group_by("rep").agg(pl.len().cast(pl.UInt32).alias("n")).rename({"rep": "name"}).collect()
    # As the roster will be once stored: the stored spellings it corrects leave it (their emails are the new rows').
    fixed = _corrected_by(store, prepared) if corrected is None else corrected
    gone = pl.Series("rep", [c.old for c in fixed], pl.String)
    kept = held.join(mine, on="rep", how="anti").filter(~pl.col("rep").is_in(gone.implode()))
    return owner_email_sentences(owners, pl.concat([mine, kept]), stored=True)


def owner_lookalike_sentences(store: Store, prepared: PreparedFile, pending: Iterable[PreparedFile] = ()) -> list[str]:
    """For an opportunity export, what its report says of each owner the roster lacks whose name is close to a
    roster rep's (owner_lookalikes.lookalike_sentences: 'did you mean ...?', once per owner, with its deals),
    against the roster the pages will read its deals with: the stored one and the rosters prepared with it
    (`pending`, not yet committed). [] for another file, or with no roster. Plain text: escape it to show it."""
    reps = _lookalike_roster(store, prepared, pending)
    return [] if reps is None else lookalike_sentences(_accepted_rep_counts(prepared), reps)


def owner_lookalike_names(store: Store, prepared: PreparedFile, pending: Iterable[PreparedFile] = ()) -> list[str]:
    """The owners owner_lookalike_sentences gives a sentence of their own (owner_lookalikes.lookalike_owners), as
    the file writes them: the changes report (store_effects.deal_changes) leaves them to it. [] as it is []."""
    reps = _lookalike_roster(store, prepared, pending)
    return [] if reps is None else lookalike_owners(_accepted_rep_counts(prepared), reps)


def _lookalike_roster(store: Store, prepared: PreparedFile, pending: Iterable[PreparedFile]) -> pl.Series | None:
    """The roster reps an export's owners are held against for 'did you mean' (owner_lookalike_sentences): the
    rosters prepared with it, then the stored one. None for another file, a rejected one, or with no roster."""
    if prepared.kind != "opportunities" or prepared.rejected:
        return None
    waiting = [roster_reps(file) for file in pending if file is not prepared and file.kind == "roster" and not file.rejected]
    held = store.roster().select(pl.col("rep").cast(pl.String)).collect().get_column("rep") if store.version() else None
    reps = [*waiting, *([held] if held is not None else [])]
    return pl.concat(reps) if reps else None


def roster_move_sentences(store: Store, prepared: PreparedFile, today: dt.date | None = None) -> list[str]:
    """For a roster, its report's sentences on teams (team_history.roster_sentences): one a rep it moves to another
    team than the store holds, with how many of their stored deals stay with the earlier team, and with no day
    given, the day it uses (`today`, the upload's) and how to give it; one a rep whose start day it gives while the
    store holds no earlier team of theirs, with how many of their deals closed before it count for their team.
    [] for any other file, a store without a roster, or a roster the store refuses (roster_refusal says why)."""
    if prepared.kind != "roster" or not store.version():
        return []
    header = prepared.mapping.fields.get(team_history.TEAM_SINCE) if prepared.mapping else None
    try:
        return team_history.roster_sentences(store.roster().collect(), prepared.accepted, store.opportunities(),
                                             today or dt.date.today(), header)
    except team_history.TeamDaysRefused:
        return []


def start_day_sentences(store: Store, prepared: PreparedFile) -> list[str]:
    """For a deals file, its report's sentences on the reps the stored roster gives a start day in their team
    with no earlier team, whose deals in the file closed before it count for that team
    (team_history.file_deals_sentences): what the roster's report says when it is stored after the deals, said
    when it was stored first. Each deal's rep is the stored roster's as the pages will read it (a spelling or an
    email of theirs: deals.one_rep_per_name). [] for any other file or a store without a roster."""
    if prepared.kind != "opportunities" or not store.version():
        return []
    from winloss.deals import one_rep_per_name  # winloss.deals reads the store this module writes

    roster = store.roster().collect()
    # Three columns, a staged part at a time: a large export is never read whole for it.
    parts = [part.with_columns(pl.col("rep").cast(pl.String)).collect()
             for part in prepared.accepted_columns(("rep", "outcome", "close_date"))]
    if roster.height == 0 or not parts:
        return []
    owned, roster = one_rep_per_name(pl.concat(parts), roster)
    return team_history.file_deals_sentences(roster, owned.lazy())


def roster_refusal(store: Store, prepared: PreparedFile, today: dt.date | None = None) -> str | None:
    """Why the store refuses a roster whole (team_history.TeamDaysRefused: it would put a rep in two teams on one
    day, or rewrite the days of a team they were in), said before Commit; None for a roster it takes, any other
    file, or a rejected one. Names are the file's: escape the sentence to show it."""
    if prepared.kind != "roster" or prepared.rejected or not store.version():
        return None
    try:
        team_history.kept_teams(store.roster().collect(), prepared.accepted, today or dt.date.today())
    except team_history.TeamDaysRefused as exc:
        return str(exc)
    return None


def _spelt_across_files(
    file_name: str, file_counts: pl.DataFrame, earlier: Sequence[tuple[str, pl.DataFrame]], shown: pl.DataFrame,
) -> tuple[list[str], list[str]]:
    """(identity.across_files_sentences, the file's names they say) for the reps this file spells in a way no
    earlier file does while one of them spells it another way; `shown`: name -> the spelling pages show."""
    if not earlier:
        return [], []
    before = pl.concat([counts.select("name", pl.lit(name).alias("file")) for name, counts in earlier]).with_columns(
        key=identity.name_key(pl.col("name")))
    mine = (file_counts.select("name").join(before.select("name"), on="name", how="anti")
            .with_columns(key=identity.name_key(pl.col("name"))).sort("name"))
    reps, said = [], []
    for name, key in mine.filter(pl.col("key").is_in(before.get_column("key").implode())).iter_rows():
        spelt: dict[str, list[str]] = {}  # each spelling, in the files' order, with the files that spell it so
        for other, file in before.filter(pl.col("key") == key).select("name", "file").iter_rows():
            spelt.setdefault(other, []).append(file)
        spelt[name] = [file_name]
        reps.append((list(spelt.items()), shown.filter(pl.col("name") == name).item(0, "spelling")))
        said.append(name)
    return identity.across_files_sentences(reps), said


OMITTED_NAMED: Final = 5  # the stored reps a roster leaves out named before "and N more"


def roster_omitted_sentence(held: pl.LazyFrame, prepared: PreparedFile, today: dt.date | None = None,
                            apart: Sequence[str] = ()) -> str | None:
    """The sentence naming the current reps the store's roster holds (`held`: Store.roster) that this roster
    (`prepared`) leaves out, by identity.name_key, what is done with them and how to mark one who left;
    None when it leaves out none. A roster said "1 new, 0 updated, 58 unchanged" of a file that dropped a
    leaver, who stayed a current rep unsaid. A rep the store already holds as left (employment.has_left,
    by `today`) is not named: nothing is to be done. Nor is one of `apart` (stored spellings this roster
    corrects: corrected_spellings), which its report names apart and storing it takes out.

    '2 reps the store holds are not in this roster ("Logan Lopze" and "Wei Lewis"): kept as stored, current,
    with their team, manager and profile. To mark one who left, give them a row with Left or
    Inactive in a Status column, or the day they left in an End date column, and upload the roster again.'
    With more than OMITTED_NAMED, the first are named, then "and N more". Names are plain text: escape them."""
    day = today or dt.date.today()
    current = (employment.by_todays_rule(employment.with_stored(held))
               .filter(~employment.has_left(day) & ~pl.col("rep").is_in(list(apart)))
               .select("rep").collect().get_column("rep").drop_nulls())
    if current.is_empty():
        return None
    given = roster_reps(prepared).to_frame("rep").select(identity.name_key(pl.col("rep")).alias("key"))
    left_out = (current.to_frame("rep").with_columns(key=identity.name_key(pl.col("rep")))
                .join(given, on="key", how="anti").get_column("rep").unique().sort().to_list())
    if not left_out:
        return None
    fields = prepared.mapping.fields if prepared.mapping else {}
    status = f"'{fields[employment.STATUS]}'" if employment.STATUS in fields else "a Status column"
    end = f"'{fields[employment.END_DATE]}'" if employment.END_DATE in fields else "an End date column"
    one = len(left_out) == 1
    return (f"{plural(len(left_out), 'rep')} the store holds {'is' if one else 'are'} not in this roster "
            f"({quoted_names(left_out, OMITTED_NAMED)}): kept as stored, current, with their team, manager and profile. "
            f"To mark one who left, give them a row with Left or Inactive in {status}, or the day they left in {end}, "
            f"and upload the roster again.")


def roster_unmatched_sentence(
    roster_reps: pl.Series, deal_reps: pl.Series, pending_reps: pl.Series | None = None, pending_words: str = PENDING_WORDS,
    managers: pl.Series | None = None, marks: MappingType[str, str] | None = None, emails: pl.DataFrame | None = None,
) -> str | None:
    """The sentence naming the roster's reps that match no deal's rep (by identity.name_key), each quoted
    and marked as left when `marks` (roster_marks) says so (text.quoted_names), with, for each whose name
    is a deal rep's words the other way round ("Lee, Ann" and "Ann Lee": name_order.reversed_match), or
    else close to one deal rep's (identity.did_you_mean), that rep; None when every roster rep matches, or
    when there is no deal at all. Those reps' profiles count on no deal.

    `deal_reps` are the stored deals' reps; `pending_reps` those of the exports prepared with the
    roster and not yet committed (`pending_deal_reps`), named by `pending_words`: a rep only they
    name matches, and the sentence says it looked in both ("... match no rep in the stored deals or
    in the exports uploaded with it ...") or in them alone when nothing is stored.

    '2 reps in this roster match no rep in the stored deals ("Jon Smith" and "Lee, Ann"): their profiles
    count on no deal until an export names them. "Jon Smith": did you mean "John Smith"? ...'
    A name the other way round is a guess to name, never a match: "Lee Ann" and "Ann Lee" can be two people.

    `managers` (roster_managers: the names its rows give as another rep's manager): a rep among them
    who matches no deal is a manager, not a rep (winloss.managers), said so (managers_sentence) and
    not as a rep whose profile counts on no deal.

    `emails` (columns rep, email): a deal whose owner is written as one of them is that rep's
    (identity.as_roster_reps), so a rep whose deals all name them by email matches.

    A guess names a deal rep as the pages show them (identity.spellings, careful first: "John Smith" where the
    deals also write "JOHN SMITH"), a stored spelling before a pending one; the same in any order of the names.
    """
    unmatched = roster_unmatched(roster_reps, deal_reps, pending_reps, pending_words, managers, marks, emails)
    return None if unmatched is None else unmatched.sentence()


@dataclass(frozen=True)
class RosterUnmatched:
    """A roster's reps that match no deal's rep (roster_unmatched), before they are said: `names` (sorted, as the
    roster writes them), `guesses` (name -> the sentence guessing whom it meant: reversed words or did you mean),
    `meant` (name -> the deal rep a "did you mean" guess names, as shown), `where` ("the stored deals or the files
    above"), `marks` (roster_marks), `managers` (managers_sentence of the managers among them, None for none)."""

    names: tuple[str, ...]
    guesses: MappingType[str, str]
    meant: MappingType[str, str]
    where: str
    marks: MappingType[str, str] | None
    managers: str | None

    def sentence(self, paired: Iterable[str] = ()) -> str | None:
        """roster_unmatched_sentence's sentence, leaving out the reps of `paired` (said with the deals' rep whose
        name is close, in a sentence of their own: views.roster.spelling_pair_sentence); None when none is left."""
        apart = set(paired)
        names = [name for name in self.names if name not in apart]
        if not names:
            return self.managers
        listed = quoted_names(names, NAMED_REPS, self.marks)
        those = "its profile counts" if len(names) == 1 else "their profiles count"
        return " ".join([
            f"{plural(len(names), 'rep')} in this roster match{'es' if len(names) == 1 else ''} no rep in {self.where} "
            f"({listed}): {those} on no deal until an export names {'it' if len(names) == 1 else 'them'} the same way.",
            *[self.guesses[name] for name in names if name in self.guesses][:NAMED_REPS],
            "Correct a misspelt name in the roster file and upload it again; a rep with no deals yet can stay as it is.",
            *([self.managers] if self.managers else []),
        ])


def roster_unmatched(
    roster_reps: pl.Series, deal_reps: pl.Series, pending_reps: pl.Series | None = None, pending_words: str = PENDING_WORDS,
    managers: pl.Series | None = None, marks: MappingType[str, str] | None = None, emails: pl.DataFrame | None = None,
) -> RosterUnmatched | None:
    """What roster_unmatched_sentence says (its arguments), before it is said: None when there is no deal at all."""
    if emails is not None:
        deal_reps = identity.as_roster_reps(deal_reps.cast(pl.String), emails)
        if pending_reps is not None:
            pending_reps = identity.as_roster_reps(pending_reps.cast(pl.String), emails)
    keyed = pl.DataFrame({"name": roster_reps.cast(pl.String)}).drop_nulls().unique(maintain_order=True).with_columns(
        key=identity.name_key(pl.col("name")))
    stored = pl.DataFrame({"name": deal_reps.cast(pl.String)}).drop_nulls()
    waiting = pl.DataFrame({"name": (pending_reps if pending_reps is not None else pl.Series([], dtype=pl.String)).cast(pl.String)}).drop_nulls()
    # The stored spellings first: a guess names the rep as the store has it.
    deals = pl.concat([stored, waiting]).with_columns(key=identity.name_key(pl.col("name")))
    if deals.height == 0:
        return None
    missing = keyed.join(deals.select("key").unique(), on="key", how="anti").sort("name")
    managing = pl.Series("manager", managers if managers is not None else [], pl.String)
    is_manager = pl.col("key").is_in(managing.to_frame().select(identity.name_key(pl.col("manager"))).to_series().drop_nulls().implode())
    said_managers = managers_sentence(missing.filter(is_manager).get_column("name").to_list())
    missing = missing.filter(~is_manager)
    if missing.height == 0:
        return RosterUnmatched((), {}, {}, "", marks, said_managers)
    # Each deal rep once, as the pages show them (identity.spellings, the careful spelling first), by name key:
    # the store holds a rep in each spelling its exports wrote ("JOHN SMITH", then "John Smith"), and the
    # callers read the names in no set order (a unique's, a group_by's), so the guess named either, run to run.
    spelled: dict[str, str] = {}
    for part in (stored, waiting):  # the stored spellings first: a guess names the rep as the store has it
        shown = identity.spellings(part.with_columns(n=pl.lit(1, pl.UInt32)), careful_first=True)
        for key, spelling in (shown.select(identity.name_key(pl.col("name")).alias("key"), "spelling").unique()
                              .sort("key").iter_rows()):
            spelled.setdefault(key, spelling)
    guesses: dict[str, str] = {}
    meant_reps: dict[str, str] = {}
    for name, key in missing.iter_rows():
        if turned := name_order.reversed_match(name, spelled):
            guesses[name] = (f"{quoted_name(name)} is {quoted_name(turned)} the other way round: if they are one person, "
                             f"write the name as {quoted_name(turned)} in the roster and upload it again.")
        elif meant := identity.did_you_mean(key, spelled):
            why = identity.short_form_words(name, meant)  # a short form of the given name is said as one
            guesses[name] = f"{quoted_name(name)}: did you mean {quoted_name(meant)}{f' ({why})' if why else ''}?"
            meant_reps[name] = meant
    where = " or in ".join(
        words for words, reps in (("the stored deals", stored), (pending_words, waiting)) if reps.height)
    return RosterUnmatched(tuple(missing.get_column("name").to_list()), guesses, meant_reps, where, marks, said_managers)


# How the file report names a value left out (validation.VALUE_CHECKS), why, and what the row is stored with instead.
_LEFT_OUT_WORDS = {
    "seller_profile": ("seller profile", "is not one of the five",
                       "rep is stored Unprofiled, or keeps the profile the store already holds"),
}


# How a preview cell shows a value left out (validation.VALUE_CHECKS): as the file wrote it, marked
# as not understood, with what the row is stored with instead ("{value}" is the value as written).
_LEFT_OUT_CELLS = {
    "seller_profile": "{value} (not a profile: stored as Unprofiled, or the profile already stored is kept)",
}


def with_left_out_shown(rows: pl.DataFrame, left_out: pl.DataFrame, line: str = "line") -> pl.DataFrame:
    """`rows` (accepted rows with their file line in `line`) with each value left out (LEFT_OUT_SCHEMA)
    shown as the file wrote it and marked as not understood, where the row holds null for it:
    "Closer (not a profile: stored as Unprofiled, or the profile already stored is kept)". A preview
    shows what the file said, never a blank that reads as "no value". The values are plain text."""
    for (name,), group in left_out.group_by("field", maintain_order=True):
        if name not in rows.columns:
            continue
        template = _LEFT_OUT_CELLS.get(str(name), "{value} (not understood: stored blank)")
        before, after = template.split("{value}")
        cells = group.unique("line", keep="first").select(
            pl.col("line").alias(line), pl.concat_str(pl.lit(before), pl.col("value"), pl.lit(after)).alias("__shown"))
        rows = rows.join(cells, on=line, how="left", maintain_order="left").with_columns(
            pl.coalesce(pl.col(str(name)), "__shown").alias(str(name))).drop("__shown")
    return rows


# What a row stored in part is stored without, when the fields are not known (stored_without_words words it).
LEFT_OUT_NONE: Final = ""


def left_out_words(left_out: pl.DataFrame) -> str:
    """What the rows of `left_out` (LEFT_OUT_SCHEMA) are stored without, for a label or a count's line: each
    field's words, joined by "or" ("seller profile"); LEFT_OUT_NONE when none."""
    fields = left_out.get_column("field").unique(maintain_order=True).to_list()
    words = [_LEFT_OUT_WORDS.get(str(name), (FIELD_LABELS.get(str(name), str(name)).lower(),))[0] for name in fields]
    return listed(words, "or") if words else LEFT_OUT_NONE


def stored_without_words(rows: int, without: str) -> str:
    """`rows` rows stored without `without` (`left_out_words`): "1 row stored without its seller profile",
    "3 rows stored without their seller profile"; without `without` (LEFT_OUT_NONE), "1 row stored without a
    value it had that was not understood"."""
    if not without:
        return f"{plural(rows, 'row')} stored without a value {'it' if rows == 1 else 'each'} had that was not understood"
    return f"{plural(rows, 'row')} stored without {'its' if rows == 1 else 'their'} {without}"


def stored_in_part_sentence(left_out: pl.DataFrame) -> str | None:
    """The file report's sentence for the rows accepted without a value not understood (LEFT_OUT_SCHEMA),
    or None when there are none: "1 row is accepted without its seller profile, which is not one of
    the five ('Closer'): the rep is stored Unprofiled, or keeps the profile the store already holds.
    A profile misspelt says the one it is close to (vocabulary.profile_meant): "('Challanger'; did you mean
    'Challenger'?)", of several "('Challanger', 'Closer'; did you mean 'Challenger' for 'Challanger'?)".
    The row counts as accepted and is also in the quarantine file, with what to fill in." Up to three
    values are quoted, as written (the caller escapes them)."""
    if left_out.height == 0:
        return None
    parts = []
    for (name,), group in left_out.group_by("field", maintain_order=True):
        label = FIELD_LABELS.get(str(name), str(name)).lower()
        what, why, instead = _LEFT_OUT_WORDS.get(str(name), (label, "is not understood", "row is stored with it blank"))
        rows = group.get_column("line").n_unique()
        values = group.get_column("value").drop_nulls().unique(maintain_order=True)
        shown = ", ".join(f"'{v}'" for v in values.head(3).to_list()) + (", …" if values.len() > 3 else "")
        # A misspelt profile says which one it is close to ("('Challanger'; did you mean 'Challenger'?)"): quoted
        # alone, it was accepted without profile with nothing to say the fix was one letter.
        meant = [(v, m) for v in values.head(3).to_list() if name == "seller_profile" and (m := profile_meant(v))]
        if meant:
            shown += "; did you mean " + (f"'{meant[0][1]}'" if values.len() == 1 else
                                          listed([f"'{m}' for '{v}'" for v, m in meant], "or")) + "?"
        parts.append(f"{plural(rows, 'row')} {'is' if rows == 1 else 'are'} accepted without "
                     f"{'its' if rows == 1 else 'their'} {what}, which {why} ({shown}): {'the' if rows == 1 else 'each'} {instead}")
    total = left_out.get_column("line").n_unique()
    counted = ("The row counts as accepted and is also" if total == 1 else "They count as accepted and are also")
    return f"{'; '.join(parts)}. {counted} in the quarantine file, with what to fill in."


def file_report(prepared: PreparedFile, quarantine_path: str | None = None) -> dict:
    """The JSON object the CLI prints for one file."""
    table = prepared.table
    return {
        "file": prepared.file_name,
        "kind": prepared.kind,
        "source": prepared.source,  # the preset that mapped the columns; a tie goes to Salesforce's
        # What the file was recognised as, in the Data page's words ("Generic export" unless the headers name the CRM).
        "recognised_as": recognised_as(prepared.mapping, table.columns) if prepared.mapping is not None and table is not None else None,
        "encoding": table.encoding if table else None,
        "delimiter": table.delimiter if table else None,
        "mapping": dict(prepared.mapping.fields) if prepared.mapping else {},
        # The file's columns no field reads, and the sentence naming them (None when there are none).
        "unused_columns": unused_columns(table.columns, prepared.mapping.fields.values()) if prepared.mapping and table else [],
        "unused_sentence": (unused_columns_sentence(table.columns, prepared.mapping.fields.values(), kind=prepared.kind or "opportunities")
                            if prepared.mapping and table else None),
        "key": prepared.key,
        "rows_read": prepared.rows_read,
        "rows_accepted": prepared.rows_accepted,
        "rows_quarantined": prepared.rows_quarantined,
        # Of the rows accepted, those stored without a value not understood: in the quarantine CSV too.
        "rows_accepted_in_part": prepared.rows_accepted_in_part,
        "stored_without": prepared.stored_without,  # what they are stored without, in words
        "quarantine_csv": quarantine_path,
        "failures": prepared.errors.height,  # `errors` lists the first MAX_ERRORS_REPORTED of them
        "errors": prepared.errors.head(MAX_ERRORS_REPORTED).select("line", "column", "value", "message").to_dicts(),
        "failures_by_check": grouped_errors(prepared.errors).to_dicts(),  # every kind, however many failures
        "notes": prepared.report_notes(),
        "stages": prepared.stages.to_dicts() if prepared.stages is not None else [],
        **{key: prepared.money_rules.get(key) for key in ("decimal_mark", "separator_rule", "currency_rule")},
        # The question the Data page asks beside its choice of the currency of amounts that name none, when it asks.
        "currency_question": prepared.money_rules.get("currency_question"),
        "rejected": prepared.rejected,
    }


__all__ = ["PreparedFile", "prepare", "prepare_path", "prepare_upload", "commit", "Committed", "file_report", "sha256_of"]
