"""What the Data page shows about an upload before and after commit, as plain functions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import polars as pl

from data_models.excel_errors import excel_error
from data_models.vocabulary import ASSESSMENT_FIELDS, OPPORTUNITY_FIELDS, OUTCOME_LABELS, ROSTER_FIELDS, folded_words
from winloss import employment
from winloss.ingest.mapping import (
    CLOSING_FIELDS,
    EXPECTED_CLOSE,
    FIELD_LABELS,
    LOST_DATE,
    WON_DATE,
    held_currency_sentence,
    SOURCES,
    ROSTER_MAPPED,
    Mapping,
    Remembered,
    detect_mapping,
    exported_from,
    recognised_as,
    unused_columns_sentence,
)
from winloss.ingest.mapping import NOT_RECOGNISED  # noqa: F401  (the page's name for it)
from winloss.ingest import store_effects
from winloss.ingest.currency_changes import currency_changes, stored_outcomes_and_currencies
from winloss.ingest.file_currency import CHOICE_LABEL as FILE_CURRENCY_LABEL  # noqa: F401  (the page's name for it)
from winloss.ingest.currency_names import CHOICE_LABEL as CURRENCY_NAMES_LABEL  # noqa: F401  (the page's name for it)
from winloss.ingest.currency_names import currency_names_typed
from winloss.ingest.file_currency import (
    KeptCurrency, LocaleClues, bare_amounts_sentence, currency_codes, currency_name, kept_file_currency,
)
from winloss.ingest.hints import ID_PREFIX_LABEL  # noqa: F401  (the box's label, which the page draws)
from winloss.ingest.hints import SAVE_FILE_LABEL  # noqa: F401  (the button's label, which the page draws)
from winloss.ingest.hints import PAGE_CONTROLS, download_sentence, page_sentence
from winloss.ingest.id_prefix import ReportPrefix, first_id, prefix_doubles, report_prefix, stored_prefix
from winloss.ingest.identity import ZEROS_FIX
from winloss.ingest.mapping_effects import MappingEffects, stored_mapping_effects
from winloss.ingest.outcomes import (
    CONTRADICTION_RULE_TEXTS, MAPPED_RULE_TEXT, VALUE_LOSS_REASON, VALUE_STAGE, VALUE_STATUS, VALUE_WORDS, by_rule_words,
    folded_stage_outcomes, kind_outcomes, outcome_label, refused_choice_sentence, value_kinds,
)
from winloss.ingest.header_units import header_unit
from winloss.ingest.values import CHOOSE_DATE_ORDER, CHOOSE_DATE_ORDER_FIX, SEVERAL
from winloss.ingest.pipeline import (
    LEFT_OUT_NONE, PENDING_WORDS, Committed, PreparedFile, loaded_before, rep_counts, roster_as_stored, roster_loaded_again, roster_refusal,
    roster_unmatched_of, stored_without_words, store_rep_sentences, with_left_out_shown,
)
from winloss.ingest.date_order import StoredOrder, stored_orders
from winloss.ingest.remembered import layout_mapping_sentence, remembered_mappings
from winloss.ingest.same_report import upload_label
from winloss.ingest.quarantine import report_csv
from winloss.ingest.validation import CHECK_TITLES
from winloss.managers import managers_sentence, roster_managers_only
from winloss.views.roster import roster_rep_sentences
from winloss.text import GRID_CELL_PADDING, cell_lines, file_name_part, listed, moment, plural, quoted_name, sentence, wrapped_lines
from winloss.errors import error_sentence  # noqa: F401  (the page's name for it)
from winloss.access import Role
from winloss.exchange import (
    MONEY_COLUMNS, NEEDED_CURRENCY, NO_CURRENCY, ExchangeRates, Unconverted, in_reporting_currency, not_converted,
    sole_currency,
)
from winloss.io.table import RawTable
from winloss.store.delta import LoadedBefore, Store, rollback_restores
from winloss.store.readings import loaded_on_words, otherwise_words, read_otherwise, stores_nothing_new
from winloss.store_facts import store_facts
from winloss.version_words import rows_words, store_version_words, stored_words, version_name, version_what

DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", ":": "colon", " ": "space"}
DATE_ORDERS: dict[bool | None, str] = {
    None: "Automatic",
    True: "Day first (31/12/2025)",
    False: "Month first (12/31/2025)",
}
KINDS = {"opportunities": "Opportunity export", "roster": "Rep roster", "assessment": "Profile questionnaire"}
DECIMAL_MARKS: dict[str | None, str] = {
    None: "Automatic",
    ".": "Decimal point (1,234.56)",
    ",": "Decimal comma (1.234,56)",
}


@dataclass(frozen=True)
class Settings:
    """The choices that shape how one file is prepared; hashable, so it keys the page's cache."""

    kind: str = "auto"
    source: str = "auto"
    day_first: bool | None = None
    overrides: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    sheet: str | None = None  # a workbook's sheet; None: the first visible one with data
    # Stage value -> outcome chosen in the stage editor, over the store's mappings ("" removes one).
    stage_changes: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    decimal_mark: str | None = None  # "." or ","; None: the file decides
    # The currency of the amounts that name none (an ISO 4217 code); None: the file decides.
    file_currency: str | None = None
    # Written before each id (winloss.ingest.id_prefix); None: none.
    id_prefix: str | None = None
    # The user's meanings of currency names (winloss.ingest.currency_names): (name, ISO code) pairs.
    currency_names: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def prepare_kwargs(self) -> dict:
        """The keyword arguments of `ingest.prepare` these settings stand for."""
        return {
            "kind": self.kind,
            "source": self.source,
            "day_first": self.day_first,
            "overrides": dict(self.overrides) or None,
            "sheet": self.sheet,
            "decimal_mark": self.decimal_mark,
            "file_currency": self.file_currency,
            "id_prefix": self.id_prefix,
            "currency_names": dict(self.currency_names) or None,
        }


def upload_too_large(size: int, limit_mb: int) -> str | None:
    """The sentence for a file over the upload limit, or None when it fits. The page's reader is not the one
    who runs commands on the server: it said "load it with the command line (python -m winloss ingest FILE)", a
    command on a web page. It names whom to ask, and the README's section they read."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return (
        f"This file is {size / 1024 / 1024:,.0f} MB: the app takes up to {limit_mb} MB per file. "
        f"Split the export into files under {limit_mb} MB, or ask whoever runs the app to load it on its server "
        "(README: Command line)."
    )


def asks_date_order(prepared: PreparedFile) -> bool:
    """Whether the file's dates left their order open (a note asks the user to choose it), or a row
    was quarantined for dates the other day/month order puts right (its reason asks the same), so the
    page offers the date-order choice; other notes (an encoding, a sheet, money rules) do not."""
    return any(CHOOSE_DATE_ORDER in note for note in prepared.notes) or bool(
        prepared.errors.get_column("message").str.contains(CHOOSE_DATE_ORDER_FIX, literal=True).any())


# The kinds of file whose dates the user can read in the other order: an export's dates and a questionnaire's
# date rated (a roster has none). The questionnaire's note asked for "Date order above", which was not drawn.
DATED_KINDS: Final = ("opportunities", "assessment")


def offers_date_order(prepared: PreparedFile, kind: str, chosen: bool) -> bool:
    """Whether the page draws the date-order choice for a file read as `kind`: a kind with dates (DATED_KINDS)
    whose dates asked for it (asks_date_order), or whose order the user chose already (`chosen`), so the choice
    stays to be undone."""
    return kind in DATED_KINDS and (chosen or asks_date_order(prepared))


def offers_decimal_mark(prepared: PreparedFile) -> bool:
    """Whether the page offers the decimal-mark choice: some amounts were left unread (they read two
    ways), or the mark was settled by something other than the amounts (the file's dates or
    delimiter), or such a clue disagrees with the amounts (values.DecimalMark.offered)."""
    if prepared.kind != "opportunities":
        return False
    unsettled = prepared.errors.filter(pl.col("check") == CHECK_TITLES["amount_settled"]).height > 0
    return unsettled or (prepared.decimal_mark is not None and prepared.decimal_mark.offered)


def offers_file_currency(prepared: PreparedFile) -> bool:
    """Whether the page offers the choice of the currency of the amounts that name none: an opportunity
    export some of whose amounts name no currency (money.NamedCurrencies.bare), by their text, their
    cell's format, their column's header or a currency column."""
    return prepared.kind == "opportunities" and prepared.currencies is not None and prepared.currencies.bare


def file_currency_options(prepared: PreparedFile, reporting: str) -> list[str | None]:
    """The choices of the currency of the amounts that name none: None first (as the file decides:
    file_currency_label says what that is), then every ISO 4217 code but the one None reads them as, each currency
    once. One kept from the file's or its report's earlier load (kept_currency) that is the file's own reading is
    that first choice, with its reason (file_currency_choice): listed again it read "EUR · Euro" below "EUR · the
    only currency the file names", one currency twice."""
    decided = _decided_currency(prepared, reporting)
    return [None, *(code for code in currency_codes() if code != decided)]


def kept_currency(auto: PreparedFile, store: Store) -> KeptCurrency | None:
    """The currency of the amounts that name none the choice starts from for an export read as detected (`auto`):
    the one chosen when the same file, or the last export of its report, was loaded before
    (file_currency.kept_file_currency), as the command line reads it without --currency; None for none, or for a
    file that is not an export."""
    if auto.rejected or auto.kind != "opportunities" or auto.table is None or not store.version():
        return None
    return kept_file_currency(store.live_uploads(), auto)


def file_currency_choice(prepared: PreparedFile, reporting: str, kept: KeptCurrency | None) -> tuple[list[str | None], int]:
    """The choices of the currency of the amounts that name none (file_currency_options) and where the choice starts
    among them: at the one kept from the file's or its report's earlier load (`kept`, kept_currency), else (none
    kept, or the one kept is the file's own reading, listed first with its reason) at the file's own reading."""
    options = file_currency_options(prepared, reporting)
    return options, options.index(kept.code) if kept is not None and kept.code in options else 0


def _decided_currency(prepared: PreparedFile, reporting: str) -> str | None:
    """The currency the file itself reads its amounts that name none in (NamedCurrencies.fallback), None
    when it stores them in none."""
    return prepared.currencies.fallback(reporting) if prepared.currencies is not None else reporting


def file_currency_label(code: str | None, prepared: PreparedFile, reporting: str) -> str:
    """How the choice shows `code`: 'EUR · Euro'; None as what the file decides ('USD · the store's reporting
    currency', 'EUR · the only currency the file names', or 'Not stored · ...' when nothing settles it)."""
    if code is not None:
        return currency_name(code)
    currencies, decided = prepared.currencies, _decided_currency(prepared, reporting)
    if decided is None:
        return "Not stored · the file names several currencies" if currencies is not None and len(currencies.named) > 1 else (
            "Not stored · nothing says which currency")
    if currencies is not None and currencies.named:
        return f"{decided} · the only currency the file names"
    return f"{decided} · the store's reporting currency"


def file_currency_note(prepared: PreparedFile, reporting: str, kept: KeptCurrency | None = None) -> tuple[str, bool] | None:
    """What the page says beside the choice of the currency of the amounts that name none, and whether it
    asks (a question to answer before committing, shown as a warning): file_currency.bare_amounts_sentence,
    with the file's decimal mark, delimiter and headers as the clues to where it was exported, in the
    page's words. None for a file whose every amount names its currency, or held for its columns of currencies
    (mapping.held_currency_sentence: the page's error says it, with both choices). `kept`: the choice kept from the
    file's or its report's earlier load (kept_currency), named as where the choice came from while it is the one made."""
    if prepared.kind != "opportunities" or prepared.currencies is None or prepared.table is None:
        return None
    if prepared.mapping is not None and (held := held_currency_sentence(prepared.mapping)) is not None \
            and prepared.rejected == held:
        return None
    clues = LocaleClues.of_file(prepared.decimal_mark, prepared.table.delimiter, prepared.table.columns)
    said = bare_amounts_sentence(prepared.currencies, reporting, prepared.file_currency, clues, kept)
    return None if said is None else (page_sentence(said[0]), said[1])


def money_rules(prepared: PreparedFile) -> list[tuple[str, str]]:
    """The report's money rules as the page shows them, (label, sentence in the page's words): the
    decimal mark's ("Amounts"), when the amounts need one, and the currencies' ("Currency")."""
    rules = (("Amounts", prepared.money_rules.get("separator_rule")), ("Currency", prepared.money_rules.get("currency_rule")))
    return [(label, page_sentence(rule)) for label, rule in rules if rule]


def detected_source(prepared: PreparedFile) -> str:
    """The "Exported from" choice an upload starts with: the CRM its headers name, else "generic",
    as its "Detected:" line says (mapping.exported_from); "generic" too for a file not read as an
    opportunity export, which has no CRM to name."""
    if prepared.mapping is None or prepared.table is None or prepared.mapping.kind != "opportunities":
        return "generic"
    source = exported_from(prepared.mapping, prepared.table.columns)
    return source if source in SOURCES else "generic"


def source_setting(prepared: PreparedFile, kind: str, source: str) -> str:
    """The source preset to prepare an upload with, from what the page's choices say: "auto" (what
    detection picks, the preset that maps the columns) while the file is read as the kind detected
    and "Exported from" still says what detected_source said, so an untouched choice maps the columns
    as detection did; else the source chosen. A roster or a questionnaire has no source ("auto")."""
    if kind != "opportunities" or (kind == prepared.kind and source == detected_source(prepared)):
        return "auto"
    return source


def detected_summary(prepared: PreparedFile) -> str:
    """What was detected about a file, in one line: kind and source, encoding, delimiter, rows."""
    table = prepared.table
    if table is None:
        return prepared.file_name
    parts = []
    if prepared.mapping is not None:  # None: rejected before it was mapped, and the rejection says why
        parts.append(recognised_as(prepared.mapping, table.columns))
    if table.encoding == "xlsx":
        parts.append("Excel workbook")
    elif table.encoding:
        parts.append(f"encoding {table.encoding}")
    if table.delimiter:
        parts.append(f"{DELIMITER_NAMES.get(table.delimiter, repr(table.delimiter))}-separated")
    parts.append(f"{plural(prepared.rows_read, 'row')}, {plural(len(table.columns), 'column')}")
    if table.ragged.height:
        parts.append(f"{plural(table.ragged.height, 'row')} that could not be split into the header's columns")
    return " · ".join(parts)


def checks_summary(prepared: PreparedFile) -> str:
    """The line under the validation report when no check failed: that every row passed only when
    none was quarantined (a row can be kept out without failing a check, e.g. one that could not be
    split into the header's columns, or every row when none could be stored)."""
    if prepared.rows_quarantined == 0 and prepared.errors.height == 0 and prepared.rows_accepted:
        return "Every row passed every check."
    if prepared.rejected and (prepared.quarantine is None or prepared.quarantine.height == 0):
        # Rejected before any row was checked (no mapping for a required field): no row to download.
        return f"{plural(prepared.rows_read, 'row')} read, none checked: nothing can be stored until the problem above is fixed."
    return (
        f"{plural(prepared.rows_quarantined, 'row')} quarantined, {plural(prepared.rows_accepted, 'row')} accepted: "
        "download the quarantined rows below for the reason for each."
    )


def detected_mapping(
    table: RawTable, kind: str, source: str, remembered: MappingType[str, Remembered] | None = None,
    stage_outcomes: MappingType[str, str] | None = None,
) -> Mapping:
    """The mapping the page proposes for a file of a kind and source preset, before any choice in its
    editor: the one remembered for its layout (`remembered`, the store's: remembered_layouts), else
    what auto-detection gives (detect_mapping, with the store's stage mappings, `stage_outcomes`, which
    map status values too: the file is prepared with them, so the page proposes what it reads)."""
    return detect_mapping(table.columns, kind=kind, source=source, frame=table.frame, remembered=remembered,
                          stage_outcomes=stage_outcomes, header_parts=table.header_parts)


def recorded_date_orders(store: Store) -> tuple[StoredOrder, ...]:
    """The date orders the store recorded for its live exports (date_order.stored_orders), for `prepare`."""
    return stored_orders(store.live_uploads())


def remembered_layouts(store: Store) -> dict[str, Remembered]:
    """The column mappings the store remembers, by layout key (winloss.ingest.remembered)."""
    return remembered_mappings(store.column_mappings())


def committed_mapping_sentence(committed: Committed) -> str | None:
    """What a commit did to the column mapping remembered for the file's layout, or None for nothing."""
    return layout_mapping_sentence(committed.change.column_mapping if committed.change is not None else None)


def committed_stages_sentence(
    committed: Committed, changes: Sequence[tuple[str, str]], store: Store | None = None, before: MappingType[str, str] | None = None,
    after: MappingType[str, str] | None = None, earlier: MappingEffects | None = None,
) -> str | None:
    """What a commit did to the stage mappings, for its confirmation: each mapping the stage editor changed
    (`changes`: stage_changes, "" where one was cleared) named with what it counts as now, and where it
    applies ("Stage mappings saved: 'Closed' → Won, 'Abandoned' → No decision; they apply to stored deals
    and later files."). None when the commit stored no stage mapping (none changed, or the store held them
    already: Change.stage_mappings_stored). Plain text: the page escapes it (the values are the file's).

    With the `store` (as committed), the mappings `before` the commit and `after` it, each mapping is said
    with what it does to the stored deals (mapping_effects.MappingEffects.saved_sentence): how many it
    counts as its outcome and changed, or, when none, why (their own closed/won columns decide). `earlier`:
    stage_mapping_effects read before the commit, whose deals the change changed (None: no deal was stored)."""
    if committed.change is None or not committed.change.stage_mappings_stored or not changes:
        return None
    if store is not None and before is not None and after is not None:
        effects = stored_mapping_effects(store, before, after)
        if effects is not None:
            return effects.saved_sentence(earlier or MappingEffects(()))
    said = ", ".join(f"'{stage}' → {outcome_label(outcome) if outcome else 'the stage rules'}" for stage, outcome in changes)
    mapping, applies = ("Stage mapping", "it applies") if len(changes) == 1 else ("Stage mappings", "they apply")
    return f"{mapping} saved: {said}; {applies} to stored deals and later files."


def _kind_fields(kind: str) -> tuple[str, ...]:
    """The fields a file of this kind can map, in the order the mapping table lists them."""
    if kind == "roster":
        return ROSTER_MAPPED
    if kind == "assessment":
        return ASSESSMENT_FIELDS
    return tuple(f for f in OPPORTUNITY_FIELDS if f != "outcome")


def mapping_rows(mapping: Mapping) -> pl.DataFrame:
    """One row per field of the file's kind, required ones first: field, label, required, column.

    An opportunity export also lists, last, the columns that settle outcomes and close dates
    (expected close, won and lost dates, closed and won flags, status): read, not stored.
    A required field read from two other columns (a roster's rep from its first-name and last-name
    columns, Mapping.rep_in_parts; a deal's id from its account and name, Mapping.keyed_by_name) is
    not required and its label names them ("Rep (deal owner): read from First Name + Last Name"): it
    read "Required" and "— not mapped —" as if the file lacked it. Headers are the file's, shown as text.
    """
    if mapping.kind != "opportunities":
        fields: tuple[str, ...] = _kind_fields(mapping.kind)
    else:
        fields = (*(f for f in OPPORTUNITY_FIELDS if f != "outcome"), *CLOSING_FIELDS)
    ordered = [*mapping.required, *[f for f in fields if f not in mapping.required]]
    in_parts = {f for f in mapping.required if f not in mapping.fields and f not in mapping.missing_required}
    return pl.DataFrame(
        {
            "field": ordered,
            "label": [f"{FIELD_LABELS.get(f, f)}: read from {mapping.column_for(f)}" if f in in_parts
                      else FIELD_LABELS.get(f, f) for f in ordered],
            "required": [f in mapping.required and f not in in_parts for f in ordered],
            "column": [mapping.fields.get(f) for f in ordered],
        },
        schema={"field": pl.String, "label": pl.String, "required": pl.Boolean, "column": pl.String},
    )


def unused_sentence(columns: Sequence[str], chosen: MappingType[str, str | None]) -> str | None:
    """The sentence under the mapping editor naming the file's columns that no field reads as
    `chosen` (the editor's field -> column) maps them, in the page's words (page_sentence); None
    when every column feeds a field. Names are as the file wrote them: show it through md. A roster's editor
    maps a team: any other's team column is said apart (mapping.unused_columns_sentence)."""
    sentence = unused_columns_sentence(columns, chosen.values(), kind="roster" if "team" in chosen else "opportunities")
    return page_sentence(sentence) if sentence else None


def chosen_columns(edited: pl.DataFrame) -> dict[str, str | None]:
    """Field -> column (None for not mapped) from an edited mapping table."""
    return {f: (c or None) for f, c in edited.select("field", "column").iter_rows()}


def mapping_overrides(detected: Mapping, chosen: MappingType[str, str | None]) -> tuple[tuple[str, str], ...]:
    """The overrides (field, column; "" to unmap) that turn the detected mapping into the chosen one."""
    changes = []
    for field_name, column in chosen.items():
        if detected.fields.get(field_name) != column:
            changes.append((field_name, column or ""))
    return tuple(sorted(changes))


def duplicate_columns_sentence(chosen: MappingType[str, str | None]) -> str | None:
    """A sentence when one column is chosen for two fields (a column feeds one field), else None."""
    fields_of: dict[str, list[str]] = {}
    for field_name, column in chosen.items():
        if column:
            fields_of.setdefault(column, []).append(FIELD_LABELS.get(field_name, field_name))
    for column, labels in fields_of.items():
        if len(labels) > 1:
            return f"The column '{column}' is chosen for both {' and '.join(labels)}: a column can feed one field only."
    return None


def preview_rows(prepared: PreparedFile, rows: int = 20) -> pl.DataFrame:
    """The first accepted rows as they will be stored: file line, mapped fields, and the outcome in words.
    A value stored without (a roster's seller profile that is not one of the five) shows as the file
    wrote it, marked as not understood (pipeline.with_left_out_shown), not as a blank cell."""
    first = prepared.accepted_head(rows)  # staged on disk for a file prepared in batches
    if first.height == 0 or prepared.mapping is None:
        return pl.DataFrame()
    mapped = set(prepared.mapping.fields)
    if prepared.mapping.kind == "roster":  # its employment columns as read: whether the rep left, and the day
        fields = [*ROSTER_FIELDS, *(c for c in employment.STORED if c in first.columns)]
    elif prepared.mapping.kind != "opportunities":
        fields = list(_kind_fields(prepared.mapping.kind))
    else:
        keyed = {"outcome", "opportunity_id"} if prepared.mapping.keyed_by_name else {"outcome"}
        # The close date decides a deal's quarter: shown wherever it is read from, a won, lost or expected close
        # time (Pipedrive's) as much as a close date column.
        if mapped & {"close_date", EXPECTED_CLOSE, WON_DATE, LOST_DATE}:
            keyed.add("close_date")
        fields = [f for f in OPPORTUNITY_FIELDS if f in mapped or f in keyed or (f == "currency" and "amount" in mapped)]
    preview = first.select(pl.col("__line").alias("line"), *fields)
    if "outcome" in preview.columns:
        preview = preview.with_columns(pl.col("outcome").replace_strict(OUTCOME_LABELS, default=pl.col("outcome")))
    if employment.LEFT_ON in preview.columns and employment.LEFT in preview.columns:
        # Whether the rep has left as the lists will say it today (a Left status with an end date still to
        # come: leaving, not left), and the end date under "Left on" as every day shows: "30 Sep 2026", or
        # "leaving on 15 Jan 2027" for a day still to come (employment.roster_left_on_words).
        today = dt.date.today()
        preview = preview.with_columns(employment.has_left(today).alias(employment.LEFT),
                                       employment.roster_left_on_words(today))
    return with_left_out_shown(preview, prepared.left_out)


def preview_amount_label(prepared: PreparedFile, column: str = "amount") -> str:
    """The preview's header over a column of amounts (FIELD_LABELS'), the converted amount's naming the currency
    its column's header names (header_units.header_unit: "Amount in USD (converted)" -> "Converted amount (USD)"),
    which it had called "company currency" whatever the file said; a header naming no currency, or a unit several
    currencies share ("kr"), leaves the label as it is."""
    label = FIELD_LABELS.get(column, column)
    header = prepared.mapping.fields.get(column) if prepared.mapping is not None else None
    if column != "converted_amount" or not header:
        return label
    unit = header_unit(header)
    if unit is None or unit.code is None or SEVERAL in unit.code:
        return label
    return f"Converted amount ({unit.code})"


def preview_amount_format(preview: pl.DataFrame, column: str = "amount") -> str:
    """How the preview writes a column of amounts (a Streamlit number format): with two decimals and
    grouped ("accounting": 50,958.30) when any of them has cents, as money is written; else grouped
    whole numbers ("localized": 12,000). "localized" alone wrote 50958.3 as "50,958.3"."""
    if column not in preview.columns:
        return "localized"
    amounts = preview.get_column(column).drop_nulls()
    with_cents = bool(((amounts * 100).round(6) % 100 != 0).any()) if amounts.len() else False
    return "accounting" if with_cents else "localized"


def first_failures(prepared: PreparedFile, rows: int = 20) -> pl.DataFrame:
    """The first failures, in file order: line, column, value as written, and what is wrong (in the
    page's words: `page_sentence`)."""
    first = prepared.errors.head(rows).select("line", "column", "value", "message")
    return first.with_columns(pl.col("message").map_elements(page_sentence, return_dtype=pl.String))


# The first failures' "What is wrong" column: its width in px at the app's type, and the characters
# of a sentence a line of it holds (Source Sans at 14 px runs about 6.6 px a character; kept short of
# that, so a line of wide letters still fits). Its sentence says how to fix the row: it is wrapped
# onto as many lines as the longest needs, never cut ("…map it or").
MESSAGE_WIDTH = 540
MESSAGE_CHARS_PER_LINE = 70
MAX_MESSAGE_LINES = 6


def failure_lines(failures: pl.DataFrame) -> int:
    """The lines of text a row of `failures` (first_failures) needs for its longest sentence to read
    whole in its column, at most MAX_MESSAGE_LINES."""
    longest = max((len(m) for m in failures.get_column("message").drop_nulls()), default=0)
    return max(1, min(MAX_MESSAGE_LINES, -(-longest // MESSAGE_CHARS_PER_LINE)))


def quarantine_csv(prepared: PreparedFile) -> bytes:
    """The Data page's download of the quarantined rows: a CSV (UTF-8 with a BOM, safe to open in
    Excel) of the rows as they came, line and reason first, as `PreparedFile.quarantine_csv` writes
    it, but each reason naming the page's control (`download_sentence`): "Choose the decimal mark on
    the Data page, in Decimal mark of the amounts." where the command line's file says
    "--decimal-mark point or comma". Read in a spreadsheet, a reason must stand on its own: the
    page's own words ("in Stage outcomes above") would point at nothing there.
    """
    rows = prepared.quarantine
    if rows.height and "reason" in rows.columns:
        reasons = rows.get_column("reason").drop_nulls().unique().to_list()  # a few sentences, however many rows
        rows = rows.with_columns(pl.col("reason").replace({reason: download_sentence(reason) for reason in reasons}))
    return report_csv(rows, prepared.table.delimiter if prepared.table is not None else None)


def accepted_help(prepared: PreparedFile) -> str | None:
    """The Accepted count's tooltip when some accepted rows were stored without a value not
    understood (they count as accepted, and the quarantine file lists them too); else None."""
    in_part = prepared.rows_accepted_in_part
    if not in_part:
        return None
    return (f"Of them, the {stored_without_words(in_part, prepared.stored_without)} (see the note above) "
            f"{'is' if in_part == 1 else 'are'} listed in the quarantine file too.")


def quarantine_download_label(kept_out: int, in_part: int, without: str = LEFT_OUT_NONE) -> str | None:
    """The label of the Data page's download of the quarantine file, or None when it lists no row:
    `kept_out` rows quarantined, `in_part` rows accepted without what `without` says (PreparedFile.stored_without:
    "seller profile"), listed too: "Download the 1 row stored without its seller profile (CSV, ...)"."""
    if in_part == 0:
        return f"Download the {plural(kept_out, 'quarantined row')} (CSV, with the reason for each)" if kept_out else None
    in_part_rows = f"the {stored_without_words(in_part, without)}"
    rows = f"the {plural(kept_out, 'quarantined row')} and {in_part_rows}" if kept_out else in_part_rows
    return f"Download {rows} (CSV, with the reason for each)"


def missing_rates_sentence(currencies: Sequence[str]) -> str | None:
    """Under the Currencies tab's rates: the currencies listed without a rate, plain text (a currency
    typed in the editor is the user's text: escape it to draw it); None when every one has a rate.
    "No rate yet for EUR, CHF: deals in them stay out ..." (it read "deals in it" of several)."""
    if not currencies:
        return None
    them = "it" if len(currencies) == 1 else "them"
    return f"No rate yet for {', '.join(currencies)}: deals in {them} stay out of value figures."


def rates_saved_sentence(version: int, reporting_currency: str, missing: Sequence[str]) -> str:
    """What the Currencies tab says once its rates are saved as store `version`: every value figure in
    `reporting_currency`, or, while `missing` (currencies listed without a rate) is not empty, that deals in
    them still stay out ("every value figure is now in USD" was said with a SEK deal left out of them)."""
    if not missing:
        return f"Currencies saved as version {version}: every value figure is now in {reporting_currency}."
    them = "it" if len(missing) == 1 else "them"
    return (f"Currencies saved as version {version}: value figures are in {reporting_currency}; deals in "
            f"{', '.join(missing)} stay out of them until {them} {'has' if len(missing) == 1 else 'have'} a rate.")


def rejection(prepared: PreparedFile) -> str | None:
    """Why nothing of the file can be stored, in the page's words (`page_sentence`); None when something can."""
    return page_sentence(prepared.rejected) if prepared.rejected else None


def store_rejection(prepared: PreparedFile, store: Store) -> str | None:
    """Why the store takes nothing of a file it could read: a roster that would put a rep in two teams on one day
    or rewrite the days of a team they were in (pipeline.roster_refusal); None when it takes it. Names are the
    file's: escape the sentence to show it."""
    return roster_refusal(store, prepared)


def unconverted_before_commit(
    prepared: PreparedFile, rates: ExchangeRates, role: Role | None, stored: pl.LazyFrame | None = None,
) -> str | None:
    """The sentence every page shows for deals no rate converts, said of this file's accepted deals
    before they are stored (the same rule, winloss.exchange.unconverted), so the user can add a rate
    first (or, whose `role` may not, ask who can); None when every amount converts, or for a file that
    is not an export.

    `stored`: the store's deals (opportunity_id and MONEY_COLUMNS at least). A deal of the file the store
    already holds, left out for the same currency, is not news: the sentence says which deals storing the
    file leaves out and which are still left out ("Once stored, 2 more deals in EUR are left out of every
    value figure, and 20 already stored are still left out: ..."; a re-export that changes nothing: "20
    deals in EUR in this file are already stored and still left out of every value figure: ...")."""
    if prepared.rejected or prepared.kind != "opportunities":
        return None
    columns = ["opportunity_id", *MONEY_COLUMNS]
    # The money columns only: this runs on every rerun.
    left = [_left_out_ids(part.collect(), rates) for part in prepared.accepted_columns(columns)]
    if not left:
        return None
    mine = pl.concat(left)
    if mine.height == 0:  # every amount converts: the stored deals need not be read
        return None
    held = mine.clear() if stored is None else _left_out_ids(
        stored.select(columns).filter(pl.col("opportunity_id").is_in(mine.get_column("opportunity_id").implode())).collect(), rates)
    already = mine.join(held, on=["opportunity_id", "in"], how="semi")
    new, still = _counted(mine.join(already, on=["opportunity_id", "in"], how="anti"), rates), _counted(already, rates)
    every = _counted(mine, rates)
    if not every.deals:
        return None
    verb = {True: "is", False: "are"}
    if new.deals and still.deals:
        head = (f"Once stored, {new.in_currencies('more deal', 'more deals')} {verb[new.deals == 1]} left out of every "
                f"value figure, and {still.in_currencies('', '')} already stored {verb[still.deals == 1]} still left out")
    elif new.deals:
        head = f"Once stored, {new.in_currencies()} {verb[new.deals == 1]} left out of every value figure"
    else:
        head = (f"{still.in_currencies()} in this file {verb[still.deals == 1]} already stored and still left out of "
                "every value figure")
    if len(every.codes) == 1 and every.currencies == every.codes:
        # One currency lacks a rate: if every amount of the file and of the store is in it, making it the
        # reporting currency is the other way (exchange.add_rates_sentence). Only then is the store read whole.
        parts = [*prepared.accepted_columns(MONEY_COLUMNS), *([stored.select(MONEY_COLUMNS)] if stored is not None else [])]
        every = replace(every, only=sole_currency(parts))
    why, add = every.reason, every.add_rates(role, here=True)
    return head + (f": {why}." if why else ".") + (f" {add}" if add else "")


def _left_out_ids(money: pl.DataFrame, rates: ExchangeRates) -> pl.DataFrame:
    """The deals of `money` (opportunity_id and MONEY_COLUMNS) no rate converts, each with the currency whose
    rate it lacks (`in`: NEEDED_CURRENCY, NO_CURRENCY where none is named), as winloss.exchange.unconverted
    counts them."""
    converted = in_reporting_currency(money, rates).lazy().filter(not_converted(rates.reporting_currency))
    return converted.select("opportunity_id", NEEDED_CURRENCY.cast(pl.String).fill_null(pl.lit(NO_CURRENCY)).alias("in")).collect()


def _counted(left: pl.DataFrame, rates: ExchangeRates) -> Unconverted:
    """`left` (_left_out_ids) counted per currency, in the order `unconverted` gives them."""
    counts = left.group_by("in").len().sort("in")
    per_currency = tuple(int(n) for n in counts.get_column("len").to_list())
    return Unconverted(sum(per_currency), tuple(str(c) for c in counts.get_column("in").to_list()),
                       rates.reporting_currency, per_currency)


@dataclass(frozen=True)
class BeforeCommit:
    """What the Data page says before an export is committed, each in the page's words, None when
    there is nothing to say: `reopened` (store_effects.reopened: closed deals the file has open,
    closed on an earlier date, or closed the same date with another outcome), `currency_changes`
    (currency_changes_sentence), `absent_deals` (store_effects.absent_deals), `zeros_dropped`
    (store_effects.zeros_dropped), `deal_changes` (store_effects.deal_changes: open deals it closes,
    closed deals whose outcome changes, open deals that change stage), and `deal_changes_stored`, the
    same in the past, which the page shows under "Stored as version N" once the file is committed
    (read before the commit writes the deals, as the command line says it). `missing_fields`
    (store_effects.missing_fields: a field the stored deals hold that the file has no column for),
    said first: Commit waits for its box (MISSING_FIELDS_CONFIRM). `other_report` (store_effects.other_report_deals:
    another report's deals whose ids the file has for other deals): Commit waits for its box (OTHER_REPORT_CONFIRM).
    `deleted_stored` (store_effects.deleted_stored: stored deals of its report the file marks deleted in the CRM,
    which Commit takes out of the store). `confirmed`: the history note of the
    version if it is committed, the boxes under those warnings ticked (store_effects.confirmed_note)."""

    reopened: str | None = None
    currency_changes: str | None = None
    absent_deals: str | None = None
    zeros_dropped: str | None = None
    deal_changes: str | None = None
    deal_changes_stored: str | None = None
    missing_fields: str | None = None
    confirmed: str | None = None
    other_report: str | None = None
    # Of the stored deals the commit updates, those the file itself changes (store_effects.updated_by_file), for
    # the confirmation's counts (Committed.counts_sentence); None for a file that is not an export.
    file_updated: int | None = None
    # Stored deals of the file's report it marks deleted in the CRM, which Commit takes out (store_effects.deleted_stored).
    deleted_stored: str | None = None
    # Stored deals of the file's report whose row in it was quarantined: kept as stored (store_effects.quarantined_stored).
    quarantined_stored: str | None = None
    taken_as: str | None = None  # store_effects.taken_as_report: the stored report a renamed export is taken as
    # The stored deals of the file's report it no longer lists (absent_deals' deals), which the page's box under the
    # note on them offers to take out with the upload (store_effects.unlisted_deals).
    unlisted: store_effects.UnlistedDeals | None = None
    # Every stored deal the file changes as a CSV (DealChanges.changed_csv), offered under `deal_changes`, and how
    # many it lists; None and 0 when the file itself changes none.
    changed_csv: bytes | None = None
    changed_deals: int = 0


def before_commit(prepared: PreparedFile, store: Store, fy_start_month: int = 1, hide_amounts: bool = False) -> BeforeCommit:
    """The warnings and the note before committing `prepared`, from one read of the stored deals'
    ids, outcomes, close dates, currencies and source files (stored_outcomes_and_currencies), one of the live
    upload manifest (Store.live_uploads) and one decision of which stored loads are the file's report's
    (store_effects.report_loads); nothing is read for a file that is not an opportunity
    export, or that is rejected. The command line says the same sentences (winloss.ingest.store_effects).
    `fy_start_month`: the sidebar's fiscal year start (1-12), whose quarters the moved close dates are said in;
    `hide_amounts`: those quarters' sentence gives counts only, and the changed deals' CSV no amounts."""
    if prepared.rejected or prepared.kind != "opportunities":
        return BeforeCommit()
    stored = stored_outcomes_and_currencies(store)
    # The live manifest read once: whether the commit changes anything, and the uploads absent_deals compares.
    uploads = store.live_uploads()
    unchanged = store_effects.changes_nothing(prepared, store, uploads) is not None
    # The file's report's stored loads decided once, for the four checks that ask (as the command line does).
    same = None if unchanged else store_effects.report_loads(prepared, store, stored, uploads)
    # Another report's deals first: the warnings on the file's own report's deals leave them to it.
    others = store_effects.other_report_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    apart = others.ids if others else frozenset()
    reopens = store_effects.reopened(prepared, store, stored, unchanged=unchanged, uploads=uploads, apart=apart)
    absent = store_effects.absent_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    unlisted = store_effects.unlisted_deals(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    deleted = store_effects.deleted_stored(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    kept = store_effects.quarantined_stored(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    taken_as = store_effects.taken_as_report(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    zeros = store_effects.zeros_dropped(prepared, store, stored, unchanged=unchanged)
    moved = store_effects.deal_changes(prepared, store, stored, unchanged=unchanged, uploads=uploads, apart=apart,
                                       fy_start_month=fy_start_month)
    missing = store_effects.missing_fields(prepared, store, unchanged=unchanged, uploads=uploads, apart=apart)
    return BeforeCommit(
        None if reopens is None else page_sentence(reopens.sentence),  # it may name the date order's control
        currency_changes_sentence(prepared, store, stored),
        None if absent is None else absent_deals_sentence(absent.sentence),
        None if zeros is None else zeros.sentence,
        None if moved is None else moved.sentence(hide_amounts=hide_amounts),
        # The mappings' part is said by the confirmation's stage mapping sentence (committed_stages_sentence), once.
        None if moved is None else moved.file_sentence(stored=True, hide_amounts=hide_amounts),
        None if missing is None else missing_fields_sentence(missing.sentence),
        store_effects.confirmed_note(missing, reopens, zeros, others),
        None if others is None else page_sentence(others.sentence),
        store_effects.updated_by_file(moved),
        deleted_stored=None if deleted is None else deleted.sentence,
        quarantined_stored=None if kept is None else kept.sentence,
        taken_as=taken_as,
        unlisted=unlisted,
        changed_csv=None if moved is None else moved.changed_csv(
            hide_amounts=hide_amounts, delimiter=prepared.table.delimiter if prepared.table is not None else None),
        changed_deals=0 if moved is None else moved.changed_deals,
    )


# The download of the deals the box under the note on deals the file lacks offers to take out (UnlistedDeals.csv).
UNLISTED_DOWNLOAD = "Download the list of these deals (CSV)"


def unlisted_file_name(file_name: str) -> str:
    """The name of the list of the stored deals an upload no longer lists, after the upload's own name as
    text.file_name_part writes it: "sf_week2.no-longer-listed.csv"."""
    return f"{file_name_part(Path(file_name).stem)}.no-longer-listed.csv"


def absent_deals_sentence(sentence: str) -> str:
    """store_effects.absent_deals' sentence as the page shows it: the box that takes those deals out with the upload
    is drawn under it, so the choice it names is "in Take out the deals this report no longer lists below"
    (page_sentence says above)."""
    above = PAGE_CONTROLS["--take-out-missing"]
    return page_sentence(sentence).replace(above, above.replace(" above", " below"))


def missing_fields_sentence(sentence: str) -> str:
    """store_effects.missing_fields' sentence as the page shows it: the page draws it among the notes above
    the column mapping, so the mapping it asks for is "in Column mapping below" (page_sentence says above)."""
    above = PAGE_CONTROLS["--map"]
    return page_sentence(sentence).replace(above, above.replace(" above", " below"))


# The box under the warning on a field the file has no column for (store_effects.missing_fields): Commit
# stays off until it is ticked, as the command line stores such a file only with --allow-missing-columns.
MISSING_FIELDS_CONFIRM = "Save anyway: blank or change these stored values"
MISSING_FIELDS_HELP = (
    f"{SAVE_FILE_LABEL} stays off until this is ticked: saved, the stored deals lose what this file has no column for. "
    "To keep it, map the column in Column mapping below."
)
# Beside the Commit button while the box is not ticked: the warning is far above it.
MISSING_FIELDS_WAITING = f"{SAVE_FILE_LABEL} waits for the box under the warning above on a column this file lacks."


# The box under the warning on closed deals the file takes back (store_effects.reopened): Commit stays off
# until it is ticked, as the command line stores such a file only with --allow-reopen.
REOPEN_CONFIRM = "Save anyway: these deals did change so in the CRM"
REOPEN_HELP = (
    f"{SAVE_FILE_LABEL} stays off until this is ticked: saved, these closed deals are reopened, closed on an earlier date or "
    "given another outcome, and these open deals closed before an export that had them open. If this export is older "
    "than the last one stored, do not store it; if the warning names the date order, choose it instead."
)
# Beside the Commit button while the box is not ticked: the warning is far above it.
REOPEN_WAITING = f"{SAVE_FILE_LABEL} waits for the box under the warning above on stored deals this file takes back or closes early."


# The box under the warning on ids with their leading zeros dropped (store_effects.zeros_dropped): Commit
# stays off until it is ticked, as the command line stores such a file only with --allow-zeros-dropped.
ZEROS_DROPPED_CONFIRM = "Save anyway: these are other deals than the stored ones"
ZEROS_DROPPED_HELP = (
    f"{SAVE_FILE_LABEL} stays off until this is ticked: saved, each of these deals would be kept twice, under two ids. "
    f"To store them once, {ZEROS_FIX} and upload that file."
)
# Beside the Commit button while the box is not ticked: the warning is far above it.
ZEROS_DROPPED_WAITING = f"{SAVE_FILE_LABEL} waits for the box under the warning above on ids with their leading zeros dropped."


# The box under the warning on another report's deals the file's ids would overwrite (store_effects.other_report_deals):
# Commit stays off until it is ticked, as the command line stores such a file only with --allow-other-report.
OTHER_REPORT_CONFIRM = "Save anyway: these are the same deals as the stored ones"
OTHER_REPORT_HELP = (
    f"{SAVE_FILE_LABEL} stays off until this is ticked: saved, the stored deals with these ids become this file's deals "
    "(their rep, account, outcome and amount). If they are other deals, do not commit this file as it is."
)
# Beside the Commit button while the box is not ticked: the warning is far above it.
OTHER_REPORT_WAITING = f"{SAVE_FILE_LABEL} waits for the box under the warning above on deals another report stored under these ids."


CURRENCY_NAMES_HELP = (
    "What a currency name your file's currency column writes means, when the app does not know it: "
    "NAME=CODE, such as Peso chileno=CLP, several apart by ';'. The code is the currency's ISO 4217 code."
)


def offers_currency_names(prepared: PreparedFile) -> bool:
    """Whether the page offers the currency-names input: a row of the file was quarantined for a currency name the
    app does not know, whose reason asks for it (validation.unknown_currency_sentence names --currency-name)."""
    return bool(prepared.errors.get_column("message").str.contains(" --currency-name ", literal=True).any())


def currency_names_choice(typed: str | None) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """What the currency-names input holds, as Settings.currency_names pairs, and the one sentence saying why it
    cannot be read (then no pair: the file is read without them), else None."""
    try:
        return tuple(currency_names_typed(typed).items()), None
    except ValueError as exc:
        return (), f"Currency names: {exc}"


# ID_PREFIX_LABEL (hints): the box's label, as the sentences that ask for it name it.
ID_PREFIX_HELP = (
    "Written before each id of this file (MX- stores deal 201 as MX-201), to keep its deals apart from another "
    "report's that share their ids (two CRMs, or two accounts of one). Later exports of this report are given it "
    "too; clear it for none."
)


def kept_prefix(auto: PreparedFile, store: Store) -> ReportPrefix | None:
    """The prefix an export read as detected (`auto`) is given unless the user gives another: the last stored
    export of its report's (id_prefix.report_prefix); None for none, or for a file that is not an export."""
    if auto.rejected or auto.kind != "opportunities" or not store.version():
        return None
    return report_prefix(auto, store.live_uploads())


def id_prefix_sentence(prepared: PreparedFile, kept: ReportPrefix | None, store: Store | None = None) -> str | None:
    """The file report's note on the prefix its ids are stored with (id_prefix.stored_prefix), in the page's
    words, and what it does to stored deals the file holds under their ids without it (id_prefix.prefix_doubles,
    read from `store` when given); None for none. `kept`: the last export of its report's prefix
    (id_prefix.report_prefix)."""
    prefix = stored_prefix(prepared, kept)
    if prefix is None:
        return None
    doubles = prefix_doubles(prepared, prefix, store.opportunities()) if store is not None and store.version() else None
    return page_sentence(prefix.sentence(first_id(prepared), doubles))


def commit_changes_nothing(prepared: PreparedFile, already: MappingType[str, object] | None) -> bool:
    """Whether committing this file would change nothing (the same bytes already stored, read as they were
    stored, and no more of its rows storable now: readings.stores_nothing_new): the page then disables Commit. `already`: the live manifest row
    of the earlier upload of these bytes the page has read (Store.already_ingested), None for none;
    the answer is store_effects.changes_nothing's, without reading the manifest again."""
    return already is not None and stores_nothing_new(already, prepared.deals_accepted, prepared.reading_json)


def stage_choice_caption(alone: bool) -> str:
    """The stage editor's caption: where a choice goes when Commit is pressed. With the file, in its version;
    or, `alone`, by itself, as a version of its own, when the file is stored already as it is and Commit stores
    nothing of it (commit_changes_nothing: stored_again's mappings alone). It said "stored with this file" then too."""
    stored = ("stored by itself, as a version of its own (this file is already stored as it is, so nothing of it is "
              "stored again)" if alone else "stored with this file, in its version")
    return (f"A choice here changes this preview only until you press {SAVE_FILE_LABEL}; it is then {stored}, applied to later "
            "files and re-applied to stored deals. Leave it empty to use the rules. A row whose own status or closed/won "
            "columns say its outcome keeps it: a choice counts only the others.")


# Beside the Commit button when the same bytes are stored already and would store nothing more
# (commit_changes_nothing): the sentence far above it says why, and Commit is greyed with no word beside it.
ALREADY_STORED_WAITING = f"{SAVE_FILE_LABEL} is off: this file is already stored as it is; to store more, upload a newer export"
ALREADY_STORED_STAGES = "or give its quarantined rows' stage values an outcome in Stage outcomes above"
# Beside it for a roster: it has no newer export, and no stage value to map.
ROSTER_STORED_WAITING = f"{SAVE_FILE_LABEL} is off: this roster is already stored as it is; to change it, upload an edited roster"


def already_stored_waiting(prepared: PreparedFile) -> str:
    """What stands beside a greyed Commit when the file is stored already and committing it again would change
    nothing (commit_changes_nothing), saying what to do: upload a newer export, or, for an export with rows
    quarantined, map their stage values, which may let more of them be stored; for a roster, upload an edited one
    (it had read "upload a newer export")."""
    if prepared.kind == "roster":
        return f"{ROSTER_STORED_WAITING}."
    stages = prepared.kind == "opportunities" and prepared.rows_quarantined > 0
    return f"{ALREADY_STORED_WAITING}{f' {ALREADY_STORED_STAGES}' if stages else ''}."


def mappings_alone_waiting(choices: int) -> str:
    """Beside the Commit button when the same bytes are stored already but `choices` of the stage editor's
    choices differ from the stored mappings (stored_again): Commit stores them alone, and nothing of the file.
    In the number the sentence above it says them in: it read "your choices ... as a version of their own"
    under "your choice ... stores only it" of one."""
    one = choices == 1
    return (f"{SAVE_FILE_LABEL} stores only your {'choice' if one else 'choices'} in Stage outcomes, as a version of "
            f"{'its' if one else 'their'} own: this file is already stored as it is.")


@dataclass(frozen=True)
class StoredAgain:
    """What the page says of a file whose bytes the store holds already (stored_again), and what its Commit does:
    `above` under the file, `beside` beside Commit (None: nothing), `greyed` when Commit would store nothing,
    `mappings_alone` when it stores only the stage editor's mappings (store_stage_mappings), nothing of the file."""

    above: str
    beside: str | None
    greyed: bool
    mappings_alone: bool


def stored_again(
    prepared: PreparedFile, already: MappingType[str, object] | None, store: Store, stages: MappingType[str, str] | None,
) -> StoredAgain | None:
    """The words and the Commit of a file uploaded again (`already`: the live manifest row of its earlier
    upload, Store.already_ingested; None: not stored as the latest word on what it set, and this says nothing,
    unless an upload of its bytes in effect was replaced since by a later version: replaced_since_sentence, and
    Commit stores it as any file). `stages`: the stage mappings with
    the stage editor's choices (None for none). When the file stores nothing new (commit_changes_nothing) but
    `stages` differ from the store's, Commit stores them alone, as the command line's `ingest --stage` with no
    file does, and the sentence above says what they do to the stored deals (mapping_effects). Plain text:
    the page escapes it (stages and ids are the file's)."""
    if already is None:
        loaded = loaded_before(store, prepared) if prepared.sha256 else None
        if loaded is None or loaded.since is None:
            return None
        return StoredAgain(replaced_since_sentence(loaded), None, greyed=False, mappings_alone=False)
    if not commit_changes_nothing(prepared, already):
        if (otherwise := read_otherwise_said(prepared, already)) is not None:
            return StoredAgain(otherwise.sentence, None, greyed=False, mappings_alone=False)
        return StoredAgain(already_ingested_sentence(already), None, greyed=False, mappings_alone=False)
    if prepared.kind == "roster":  # nothing of it to store again: no stage, no row quarantined for a stage
        return StoredAgain(roster_loaded_sentence(already), already_stored_waiting(prepared), greyed=True, mappings_alone=False)
    effects = stage_mapping_effects(store, store.stage_outcomes(), stages) if prepared.kind == "opportunities" else None
    if effects is None:
        return StoredAgain(already_ingested_sentence(already), already_stored_waiting(prepared), greyed=True, mappings_alone=False)
    does = "; ".join(s.clause() if s.changed else s.unchanged_clause() for s in effects.stages)
    one = len(effects.stages) == 1
    above = (
        f"{_ingested_on(already)}: none of its rows is stored again, but your "
        f"{'choice in Stage outcomes differs' if one else 'choices in Stage outcomes differ'} from the stored stage "
        f"mappings. {SAVE_FILE_LABEL} stores only {'it' if one else 'them'}, as a version of {'its' if one else 'their'} "
        f"own: {does}. {'It applies' if one else 'They apply'} to later files too."
    )
    return StoredAgain(above, mappings_alone_waiting(len(effects.stages)), greyed=False, mappings_alone=True)


def rep_names_sentences(prepared: PreparedFile, store: Store, uploaded: Sequence[PreparedFile] = (),
                        already: MappingType[str, object] | None = None) -> list[str]:
    """What the file's rep names do to the store's reps, before commit (pipeline.store_rep_sentences):
    names read as a stored rep's other spelling; a roster's reps no deal names. In the page's words.

    `uploaded`: the files on the page waiting to be committed, in the page's order (`prepared`
    among them): a roster's reps are matched against their deals too, and its sentence says where
    those files are ("... no rep in the stored deals or in the files above ..."). A file committed,
    taken off the uploader or changed to another kind is not among them on the next run, and the
    sentence follows. An export's reps spelt another way in an export above it are said once, on it,
    naming each spelling's file (pipeline.store_rep_sentences' `earlier`). Plain text: the page escapes it.

    `already`: the live manifest row of an earlier upload of the file's bytes (Store.already_ingested), None for
    none. A roster loaded already that would store nothing new (pipeline.roster_loaded_again) says nothing here:
    what it says of rep names was said when it was loaded, and the sentence above Commit (stored_again) says it
    is the roster already loaded."""
    if prepared.rejected or roster_loaded_again(prepared, already):
        return []
    at = next((i for i, file in enumerate(uploaded) if file is prepared), len(uploaded))
    exports = [i for i, file in enumerate(uploaded) if i != at and file.kind == "opportunities" and not file.rejected]
    places = " and ".join(where for where, there in (("above", any(i < at for i in exports)), ("below", any(i > at for i in exports))) if there)
    pending = [uploaded[i] for i in exports]
    words = f"the file{'s' if len(pending) != 1 else ''} {places}" if places else PENDING_WORDS
    above = [(uploaded[i].file_name, rep_counts(uploaded[i])) for i in exports if i < at] if prepared.kind == "opportunities" else []
    roster = prepared.kind == "roster"
    said = store_rep_sentences(store, prepared, pending, words, roster_match=not roster, earlier=above)
    # A roster's report says its reps no deal names and the reps with stored deals it leaves out, who count as
    # Unprofiled (the Roster tab's warning had been the only place to say it, not where an upload's user looks),
    # a pair of close spellings once (views.roster.roster_rep_sentences).
    if roster:
        stored = store.version() > 0
        said.extend(roster_rep_sentences(roster_unmatched_of(store, prepared, pending, words),
                                         store.opportunities() if stored else None,
                                         roster_as_stored(store, prepared).lazy()))
    return [page_sentence(sentence) for sentence in said]


def currency_changes_sentence(prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None) -> str | None:
    """What committing this export would do to the currency of deals the store already holds
    (winloss.ingest.currency_changes, `stored` passed on), in the page's words; None when it changes none."""
    changes = currency_changes(prepared, store, stored)
    return None if changes is None else page_sentence(changes.sentence)


def notes(prepared: PreparedFile) -> list[str]:
    """The notes on how the file was read (encoding, sheet, money, dates...), in the page's words (`page_sentence`)."""
    return [page_sentence(note) for note in prepared.report_notes(page=True)]


# `unplaced`: the value's rows no rule placed and no column of their own settled, quarantined until it is
# mapped (a value no stage rule matched whose closed/won columns settled every row has none). `kind`: what the
# value is (the stage report's: VALUE_STAGE, VALUE_STATUS or VALUE_LOSS_REASON), which the editor's words name.
STAGE_EDITOR_SCHEMA = pl.Schema(
    {"stage": pl.String, "rows": pl.UInt32, "quarantined": pl.UInt32, "given": pl.String, "matched": pl.Boolean,
     "unplaced": pl.UInt32, "count_as": pl.String, "kind": pl.String}
)
# The header of the editor's value column over values of several kinds, short enough to read whole in it
# (STAGE_EDITOR_WIDTHS); the expander's title above names each kind.
VALUE_HEADERS: Final = {
    frozenset({VALUE_STAGE, VALUE_STATUS}): "Stage or status value",
    frozenset({VALUE_STAGE, VALUE_LOSS_REASON}): "Stage or loss reason",
    frozenset({VALUE_STATUS, VALUE_LOSS_REASON}): "Status or loss reason",
}


def _kinds_of(rows: pl.DataFrame) -> list[str | None]:
    """Each of the stage editor's `rows`' kind (stage_rows; a frame without `kind` holds stage values)."""
    return rows.get_column("kind").to_list() if "kind" in rows.columns else [VALUE_STAGE] * rows.height


def stage_editor_title(rows: pl.DataFrame) -> str:
    """The stage editor's title over its `rows` (stage_rows), naming the kinds of value it lists, only those
    present: "Stage outcomes: what each stage value or loss reason counts as". It said "each stage or status
    value" over a loss reason that says no real deal ("Duplicate"), which the editor lists to be mapped too."""
    return f"Stage outcomes: what each {listed([VALUE_WORDS[k][0] for k in value_kinds(_kinds_of(rows))], 'or')} counts as"


def stage_editor_value_header(rows: pl.DataFrame) -> str:
    """The header of the stage editor's value column over its `rows` (stage_rows): the kind of value it lists
    ("Loss reason"), the two kinds ("Stage or loss reason"), or "Value" over all three, which the title names."""
    kinds = value_kinds(_kinds_of(rows))
    if len(kinds) == 1:
        return VALUE_WORDS[kinds[0]][2]
    return VALUE_HEADERS.get(frozenset(kinds), "Value")


def stage_editor_lines(rows: pl.DataFrame, widths: MappingType[str, int]) -> int:
    """The lines of text a row of the stage editor (`rows`: stage_rows) needs for every stage value and
    every "Counted as now" to read whole in its column (`widths`: px of the "stage" and "given" columns;
    text.wrapped_lines): 1 when each fits on one line. The editor's columns are set so that all of them,
    "Count as" included, are in view at 1280 px; a long "Counted as now" ("Lost 1, Open 1, Won 1 (no rule
    matched: settled by the closed/won columns); No decision 1 (…)") pushed "Count as" out of it."""
    return max((wrapped_lines(value, widths[column]) for column in ("stage", "given") if column in widths
                for value in rows.get_column(column).to_list()), default=1)


NAMED_VALUES: Final = 5  # the values a stage editor's warning names, the rest counted ("and 3 more")


def unmatched_stages_sentence(rows: pl.DataFrame) -> str | None:
    """What the stage editor asks while values that leave rows without an outcome are still without a
    choice (`rows`: stage_rows as edited, `count_as` null where nothing is chosen); None once each has one.

    The values are counted by kind, only the kinds present, and named with their rows, most first, up to
    NAMED_VALUES ("1 stage value and 1 loss reason left 2 rows without an outcome ('Parked', 1 row; 'Duplicate',
    1 row): ..."): it called a loss reason or a status a "stage value", and named none of them.
    It counted every value no stage rule matched ("4 stage values matched no rule ... or its rows are
    quarantined") where the closed/won columns had settled every row of three of them; and it said
    "1 stage value matched no rule" after the user had chosen what it counts as. It said "1 stage value and 1 loss
    reason matched no rule" of a loss reason that says the row is no real deal, which matched that rule. Plain
    text (the values are the file's): the page escapes it."""
    left = rows.filter((pl.col("unplaced") > 0) & pl.col("count_as").is_null())
    if not left.height:
        return None
    values, unplaced = left.height, int(left.get_column("unplaced").sum())
    kinds = [kind or VALUE_STAGE for kind in _kinds_of(left)]
    counted = listed([plural(kinds.count(kind), *VALUE_WORDS[kind][:2]) for kind in value_kinds(kinds)])
    # Each value named with its rows, most first: the editor lists its values by rows, not those asking first,
    # and a pipeline of twenty stages left the user to find the two that ask by reading every row.
    named = [f"'{stage}', {plural(int(n), 'row')}" for stage, n in
             left.sort("unplaced", descending=True, maintain_order=True).select("stage", "unplaced").iter_rows()]
    shown = named[:NAMED_VALUES] + ([f"{len(named) - NAMED_VALUES:,} more"] if len(named) > NAMED_VALUES else [])
    return (
        f"{counted} left {plural(unplaced, 'row')} without an outcome ({'; '.join(shown)}): "
        f"choose what {'it counts' if values == 1 else 'each counts'} as, or {'that row is' if unplaced == 1 else 'those rows are'} "
        "quarantined (never counted as open)."
    )


def _given_words(group: pl.DataFrame) -> str:
    """What one stage value's rows of a stage report were given, as the stage editor says it: each
    outcome with the rows it stores, grouped by the rule that gave it ("Won 1 (your stage mapping);
    Lost 1, Won 1 (settled by the closed/won columns, not your stage mapping)"); "Won (stage words)"
    for one outcome of one rule."""
    # Rows a mapping leaves without an outcome (their won flag says not won against won, their closed flag says
    # closed against open) are counted apart, by their rows.
    given = [(outcome_label(o), quarantined if rule in CONTRADICTION_RULE_TEXTS else n, rule)
             for o, n, quarantined, rule in group.select("outcome", "stored", "quarantined", "rule").iter_rows()]
    # An outcome all of whose rows were quarantined stores nothing: the Quarantined column counts them.
    given = [g for g in given if g[1]] or given
    if len(given) == 1:
        label, _, rule = given[0]
        return f"{label} ({rule})"
    return by_rule_words(((f"{label} {n:,}", rule, n) for label, n, rule in given), ", ")


def stage_mapping_effects(store: Store, before: MappingType[str, str], after: MappingType[str, str] | None) -> MappingEffects | None:
    """What changing the store's stage mappings from `before` to `after` does to the deals it holds now
    (read before a commit, for its confirmation); None for no change or an empty store."""
    if after is None or store.version() == 0:
        return None
    return stored_mapping_effects(store, before, after)


def stage_edits(state: object) -> bool:
    """Whether the stage editor's session state (a data editor's: {"edited_rows": {...}, ...}) holds a choice
    the user made: the page keeps the editor open while they map."""
    return isinstance(state, MappingType) and bool(state.get("edited_rows"))


def chosen_stages_sentence(stages: pl.DataFrame | None, changes: Sequence[tuple[str, str]]) -> str | None:
    """What the stage editor's choices do, in plain words, from the file prepared with them (`stages`: its
    PreparedFile.stages; `changes`: data_page.stage_changes): how many rows of each chosen value the choice
    counts, and as what, the values one outcome counts named together ("Your choices count 'Parked' (37 rows) as no
    decision, and 'Duplicate' (1 row) and 'Dead' (2 rows) as lost."), then, for a value some of whose rows keep an
    outcome the choice did not give (their status or closed/won columns said it, or their loss reason made them no decision), what those rows count as and
    why ("The other 4 rows of 'Done' are settled by their own columns, not your choice: Lost 1, Won 1 (…)").
    It said "With your choice, 'Duplicate' as Lost counts its one row: none keeps an outcome of its own."
    None when no choice names a value of the file. Plain text: the page escapes it."""
    if stages is None or not changes:
        return None
    # The values each outcome counts, in the order the choices name the outcomes: "'Duplicate' (1 row) and 'Parked'
    # (1 row) as lost" said "as lost" once per value.
    counted: dict[str, list[str]] = {}
    kept = []
    for stage, choice in changes:
        group = stages.filter(pl.col("stage") == stage)
        if not choice or not group.height:
            continue
        mine = group.get_column("rule").eq(MAPPED_RULE_TEXT)
        total, by_choice = int(group.get_column("rows").sum()), int(group.filter(mine).get_column("rows").sum())
        label = outcome_label(choice).lower()
        if by_choice == 0:  # every row of it settled otherwise: "no row of 'Done' as won"
            counted.setdefault(label, []).append(f"no row of '{stage}'")
        else:
            rows = plural(total, "row") if by_choice == total else f"{by_choice:,} of its {total:,} rows"
            counted.setdefault(label, []).append(f"'{stage}' ({rows})")
        if by_choice < total:
            others = total - by_choice
            subject = (f"The {'other ' if by_choice else ''}{'row' if others == 1 else f'{others:,} rows'} of '{stage}' "
                       f"{'is' if others == 1 else 'are'} settled by {'its' if others == 1 else 'their'} own columns")
            kept.append(f"{subject}, not your choice: {_given_words(group.filter(~mine))}.")
    if not counted:
        return None
    verb = "Your choice counts" if sum(len(values) for values in counted.values()) == 1 else "Your choices count"
    groups = [f"{listed(values)} as {label}" for label, values in counted.items()]
    # A group that names several values holds an "and" of its own: the groups are then parted by commas.
    said = (listed(groups) if len(groups) == 1 or all(len(values) == 1 for values in counted.values())
            else f"{', '.join(groups[:-1])}, and {groups[-1]}")
    return " ".join([f"{verb} {said}.", *kept])


def chosen_stage_rows(rows: pl.DataFrame, state: object) -> pl.DataFrame:
    """The stage editor's rows (`rows`: stage_rows) with the choices its session state (`state`: a data
    editor's {"edited_rows": {position: {"count_as": ...}}, ...}) holds, as the editor returns them: the
    page reads them before it draws the editor, so the editor can show what each value counts as with them."""
    if not stage_edits(state):
        return rows
    assert isinstance(state, MappingType)
    chosen = rows.get_column("count_as").to_list()
    for position, edit in state["edited_rows"].items():
        if 0 <= int(position) < len(chosen) and isinstance(edit, MappingType) and "count_as" in edit:
            chosen[int(position)] = edit["count_as"] or None
    return rows.with_columns(pl.Series("count_as", chosen, dtype=pl.String))


def stage_rows_now(rows: pl.DataFrame, stages: pl.DataFrame | None, stored: MappingType[str, str]) -> pl.DataFrame:
    """The stage editor's rows (`rows`: stage_rows of the file without this session's choices, in their
    order) with the rows stored, quarantined and what each value is counted as (`given`) taken from the
    file prepared with the choices (`stages`: its PreparedFile.stages): the "Counted as now" column said
    "Lost (no rule matched: settled by the closed/won columns)" for 'Parked' mapped to No decision while
    the preview below showed its rows as No decision. The order and the choices stay as they were."""
    now = stage_rows(stages, stored).select("stage", "rows", "quarantined", "given")
    if now.height == 0:
        return rows
    joined = rows.join(now, on="stage", how="left", suffix="_now", maintain_order="left")
    return joined.with_columns(
        pl.coalesce(f"{column}_now", column).alias(column) for column in ("rows", "quarantined", "given")
    ).select(rows.columns)


def _stage_editor_order(stage: object, group: pl.DataFrame) -> tuple[int, str, str]:
    """Where a stage value (`stage`, its stage report rows `group`) comes in the stage editor: by its rows in the
    file, stored or quarantined, most first, then by its text (ignoring case): none of which a choice or a saved
    mapping changes, so a value keeps its row."""
    text = str(stage)
    return -int(group.get_column("rows").sum()), text.casefold(), text


def stage_rows(stages: pl.DataFrame | None, stored: MappingType[str, str]) -> pl.DataFrame:
    """The stage editor's rows: each stage value of a prepared file once, with its rows stored (`rows`)
    and quarantined (`quarantined`: kept out for a missing rep, a bad date, or no outcome), what it
    was given (outcomes with the rows each stores, and the rule, in words), whether a rule matched
    it, and the store's mapping of it: the command line's stage lines, from the same stage report.

    `stages` is PreparedFile.stages. An Excel error value in the stage column ("#REF!") is no stage to
    give an outcome: its rows are quarantined saying so.

    The rows are in one order whatever the choices and stored mappings (_stage_editor_order, one rule): most
    rows in the file first (stored and quarantined), then by value. The editor keeps its choices by row
    position, and an order that put the values no rule matched first moved a value once a saved mapping
    matched it: a click by position after saving chose for another value. The warning above the editor
    and its "Counted as now" column say which values still ask for a choice.
    """
    if stages is not None:
        stages = stages.filter(~excel_error(pl.col("stage")).fill_null(False))
    if stages is None or stages.height == 0:
        return pl.DataFrame(schema=STAGE_EDITOR_SCHEMA)
    mapped = folded_stage_outcomes(stored)
    rows = []
    values = sorted(stages.group_by("stage", maintain_order=True), key=lambda value: _stage_editor_order(value[0][0], value[1]))
    for (stage,), group in values:
        unplaced = group.filter(pl.col("outcome").is_null() & ~pl.col("matched")).get_column("rows").sum()
        rows.append(
            {
                "stage": stage,
                "rows": int(group.get_column("stored").sum()),
                "quarantined": int(group.get_column("quarantined").sum()),
                "given": _given_words(group),
                "matched": bool(group.get_column("matched").all()),
                "unplaced": int(unplaced),
                "count_as": mapped.get(folded_words(stage)),
                # One value text can be of two kinds (a stage and a loss reason "Duplicate"), mapped alike: the
                # report's first row names it (its rows no rule placed come first).
                "kind": group.get_column("kind").first() if "kind" in group.columns else VALUE_STAGE,
            }
        )
    return pl.DataFrame(rows, schema=STAGE_EDITOR_SCHEMA)


def reason_outcomes(prepared: PreparedFile) -> pl.DataFrame:
    """What each loss reason in a prepared export counts as, so none is given a meaning unseen:
    columns loss_reason, counts_as ("Lost" / "No decision"), deals; no-decision first, then most deals.

    A reason counts as no decision when the store's no-decision vocabulary holds it whole, or when it
    starts with a vocabulary phrase followed by a separator ("No decision - status quo": the file
    report's notes name each such reason); any other reason on a closed-lost deal ("Pas de décision",
    say, until it is added) counts as lost. Empty for a file with no accepted lost deal carrying a
    reason. A file prepared in batches is counted a staged part at a time.
    """
    counts = prepared.loss_reason_counts()
    return counts.sort([pl.col("outcome") == "no_decision", "deals", "loss_reason"], descending=[True, True, False]).select(
        "loss_reason", pl.col("outcome").replace_strict(OUTCOME_LABELS, return_dtype=pl.String).alias("counts_as"), "deals"
    )


def stage_changes(edited: pl.DataFrame, stored: MappingType[str, str]) -> tuple[tuple[str, str], ...]:
    """(stage value, outcome) for each row of the edited stage table whose choice differs from the
    store's mapping; "" where a mapping was cleared (the rules place the value again).

    A choice the value's kind cannot take (a loss reason counted won or open: kind_outcomes) is no change: the
    editor offers every outcome in each row, so refused_stage_choices_sentence says so above it."""
    mapped = folded_stage_outcomes(stored)
    changes = []
    kinds = edited.get_column("kind") if "kind" in edited.columns else pl.repeat(None, edited.height, dtype=pl.String, eager=True)
    for stage, choice, kind in zip(edited.get_column("stage"), edited.get_column("count_as"), kinds, strict=True):
        if choice and choice not in kind_outcomes(kind):
            continue
        if (choice or None) != mapped.get(folded_words(stage)):
            changes.append((stage, choice or ""))
    return tuple(sorted(changes))


def refused_stage_choices_sentence(edited: pl.DataFrame) -> str | None:
    """The stage editor's rows (`edited`: stage, count_as, kind) whose choice their kind cannot take (a loss reason
    counted won or open), one sentence each (refused_choice_sentence: "'Duplicate' is a loss reason, so it can count
    only as Lost or No decision: choose one of those for it; your choice of Won is not used."); None when every choice
    is one its value can take. Plain text: the page escapes it."""
    if "kind" not in edited.columns:
        return None
    said = [refused_choice_sentence(stage, kind, choice, page=True)
            for stage, choice, kind in edited.select("stage", "count_as", "kind").iter_rows() if choice]
    return " ".join(s for s in said if s) or None


def _ingested_on(row: MappingType) -> str:
    """"This file was already loaded on 1 Jun 2026 09:00 UTC by ops (store version 1)"."""
    return f"This file was already {_loaded_on(row)}"


def _loaded_on(row: MappingType) -> str:
    """"loaded on 1 Jun 2026 09:00 UTC by ops (store version 1)": when and by whom the upload of `row` (a manifest
    row) was stored (readings.loaded_on_words)."""
    return loaded_on_words(row)


def already_ingested_sentence(row: MappingType) -> str:
    """Said before commit when the store already holds an upload of the same bytes."""
    return (
        f"{_ingested_on(row)}: "
        "saving it again changes nothing unless more of its rows can be stored now (a stage value mapped since) "
        "or it is read otherwise (another column mapping, date order, decimal mark, currency or status mapping)."
    )


# What a later upload that replaced an upload's effect was, by its own kind (replaced_since_sentence): a roster
# replaces a questionnaire's profiles, and a questionnaire a roster's.
_LATER_FILE_WORDS = {"roster": "a later roster", "opportunities": "a later export", "assessment": "a later profile questionnaire"}


def replaced_since_sentence(loaded: LoadedBefore) -> str:
    """Said once, before commit, of a file whose bytes were loaded before with a later version since replacing
    what they set (`loaded.since`, Store.loaded_before): storing it again is no "nothing changed" but puts back
    its older values, which the review below says deal by deal; an accidental upload of last month's export is
    noticed before it is stored. "This file was loaded on 1 Jun 2026 09:00 UTC by ops (store version 1), and a
    later roster, "april.csv", was loaded on 2026-06-08 09:00 UTC by ops (store version 2): storing this one again
    puts back its older values where they differ, so store it only if you mean to." File text: escape it."""
    return (f"This file was {_loaded_on(loaded.row)}, and {replaced_by_words(loaded)}: storing this one again puts back "
            "its older values where they differ, so store it only if you mean to.")


def replaced_by_words(loaded: LoadedBefore) -> str:
    """What replaced what an upload set since (`loaded.since`, Store.loaded_before), naming the newer file: "a later
    roster, "april.csv", was loaded on 2026-06-08 09:00 UTC by ops (store version 2)"; "the roster was edited in the
    app since, on …". File text: escape it."""
    since = loaded.since
    assert since is not None, "a replaced upload has the version that replaced it"
    if since.get("file_name"):
        kind = _LATER_FILE_WORDS.get(str(since.get("kind") or ""), "a later file")
        later = f"{kind}, {quoted_name(upload_label(since['file_name'], since.get('sheet')))}, was {_loaded_on(since)}"
    elif since.get("action") == "roster_edit":
        later = f"the roster was edited in the app since, {_loaded_on(since).replace('loaded on', 'on', 1)}"
    elif since.get("action") == "assessment":
        later = f"a profile was assessed in the app since, {_loaded_on(since).replace('loaded on', 'on', 1)}"
    else:
        later = f"what it set was changed since, {_loaded_on(since).replace('loaded on', 'on', 1)}"
    return later


def older_file_refusal(loaded: LoadedBefore, flag: str) -> str:
    """Why the command line does not store a file a newer upload replaced (`loaded.since`, Store.loaded_before), and
    the flag that stores it (`flag`), in one sentence: the Data page asks with replaced_since_sentence above Save, but a
    command cannot ask, and a cron job loading last month's export again by mistake must not put back its values.
    "Not stored: this file was loaded on … (store version 1), and a later roster, "april.csv", was loaded on … (store
    version 2); to store this older one and put back its values where they differ, ingest it again with --allow-older."
    File text: escape it."""
    return (f"Not stored: this file was {_loaded_on(loaded.row)}, and {replaced_by_words(loaded)}; to store this older "
            f"one and put back its values where they differ, ingest it again with {flag}.")


def roster_loaded_sentence(row: MappingType) -> str:
    """Said before commit of a roster the store holds already, read as it was (pipeline.roster_loaded_again), in the
    words of already_ingested_sentence: "This roster is the one already loaded on 1 Jun 2026 09:00 UTC by ops (store
    version 1): saving it again changes nothing." Its notes on rep names, said when it was loaded, are not said again."""
    return f"This roster is the one already {_loaded_on(row)}: saving it again changes nothing."


@dataclass(frozen=True)
class ReadOtherwise:
    """Bytes the store holds already, read now with other choices than they were stored with: which choices
    (`choices`, keys of readings.CHOICE_WORDS, in its order) and the sentence that says committing them stores
    their rows again (read_otherwise_sentence). The Data page says it above Commit; `ingest` above its
    "Stored as version N" line (`--json`: `stored_again_because`)."""

    choices: tuple[str, ...]
    sentence: str

    def as_json(self) -> dict:
        """{"choices": [key, ...], "sentence": str}, for the command line's --json."""
        return {"choices": list(self.choices), "sentence": self.sentence}


def read_otherwise_said(prepared: PreparedFile, already: MappingType | None) -> ReadOtherwise | None:
    """What is said of `prepared` when `already` (the live manifest row of an earlier upload of its bytes,
    Store.already_ingested) stored them read with other choices (readings.read_otherwise): committing it
    stores its rows again. None when the store holds no upload of them (`already` None), or holds them read
    as they are read now."""
    if already is None or not (otherwise := read_otherwise(already, prepared.reading_json)):
        return None
    return ReadOtherwise(otherwise, read_otherwise_sentence(already, otherwise))


def read_otherwise_sentence(row: MappingType, otherwise: tuple[str, ...]) -> str:
    """Said before commit when the store holds an upload of the same bytes read with other choices (`otherwise`:
    readings.read_otherwise, such as the column mapping or the date order): committing it stores its rows
    again, as the choices made now read them."""
    return (f"{_ingested_on(row)} with another {otherwise_words(otherwise)}: saving it stores its rows again, "
            "as the choices made here read them.")


def store_counts(store: Store) -> dict[str, int]:
    """Deals and roster reps the store holds now, and its version. A roster row of a manager who owns no
    deals (winloss.managers: named as another rep's manager) is no rep: "managers" counts them apart."""
    roster = store.roster()
    managers = len(roster_managers_only(roster, store.opportunities())) if store.version() else 0
    return {
        "deals": store.opportunities().select(pl.len()).collect().item(),
        "reps": roster.select(pl.len()).collect().item() - managers,
        "managers": managers,
        "version": store.version(),
    }


# The count of the store's versions at the top of the Data page: the History tab's Version column, whose words it
# takes. "Store version 0" read as a figure of some store the page's readers had not heard of; its help says what a
# version is, and the History tab where each is listed.
VERSION_LABEL: Final = "Version"
VERSION_HELP: Final = ("Each upload and each saved change (the roster, the no-decision reasons, the currencies, a "
                       "rollback) is saved as the next version, so nothing is lost: the History tab lists them, and can "
                       "roll back to any.")
# Said under the version count of a store nothing was ever written to: "Version 0" alone does not say it is empty.
EMPTY_STORE: Final = "The store is empty: nothing has been uploaded to it yet."


def version_sentence(store: Store) -> str | None:
    """What the Data page says under its count of the store's version, or None when the count says it all:
    EMPTY_STORE at version 0; in the Overview's words (version_words.store_version_words) "Store version 4;
    last upload stored as version 3." when a version since the last upload in effect (a saved rate, a
    vocabulary) moved it on. The count's "Store version 3" was said again under it."""
    version = store.version()
    if not version:
        return EMPTY_STORE
    last = store_facts(store, version).last_upload
    uploaded = last.get("store_version") if last else None
    if uploaded is None or uploaded == version:
        return None
    return sentence(store_version_words(version, uploaded)) + "."


def managers_words(store: Store) -> str | None:
    """What the Data page says under its counts of the roster's managers who own no deals (managers_sentence),
    None for none. Names are the roster's: escape the sentence to show it."""
    if not store.version():
        return None
    return managers_sentence(roster_managers_only(store.roster(), store.opportunities()), "the roster")


# px of the History grid's columns at the app's type (presenter mode scales them, and its type with them),
# adding up to the 930 px of ui.drill.PAGE_WIDTH: at 1280 px with the sidebar open every column is in view,
# In effect included. A long note, file or count wraps onto the rows' lines (history_lines).
HISTORY_WIDTHS: Final = {
    "Version": 60,
    "When": 92,  # "2 Dec 2026" over "12:42 UTC"
    "Who": 72,
    "What": 118,  # "Salesforce export" over "upload"
    "Note": 150,  # "reporting currency USD, 2 exchange rates: EUR, GBP"
    "File": 160,
    "Rows": 108,
    "Stored": 104,
    "In effect": 66,
}
# The same in presenter mode, fitted to a projector's 1024 px, the narrowest screen a page is presented on: its
# sidebar folded, the page's 962 px (ui.drill.PRESENTER_NARROWEST_SCREEN_PX) hold 769 px of the app's type
# (ui.style.PRESENTER_TYPE, 1.25). HISTORY_WIDTHS scaled there took 1,162 px of the screen: Stored and In effect
# were out of view and Rows cut. The columns that wrap give the room, each keeping its longest word on a line
# ("quarantined", "unchanged", "Salesforce"); the rows take a line more where they must (history_lines).
PRESENTER_HISTORY_ROOM_PX: Final = 769
PRESENTER_HISTORY_WIDTHS: Final = {**HISTORY_WIDTHS, "What": 86, "Note": 106, "File": 104, "Rows": 92, "Stored": 86}
HISTORY_LINES: Final = 3  # a History row's fewest lines (the grid wraps a cell in no fewer)
HISTORY_MOST_LINES: Final = 6  # past these a cell's words open whole in the grid's overlay


def history_widths(presenter: bool) -> dict[str, int]:
    """px of each History column at the app's type (presenter mode scales them): HISTORY_WIDTHS, or
    PRESENTER_HISTORY_WIDTHS in presenter mode, which fit a projector's 1024 px."""
    return dict(PRESENTER_HISTORY_WIDTHS if presenter else HISTORY_WIDTHS)


def history_file_cell(name: str | None, width: int = HISTORY_WIDTHS["File"]) -> str:
    """A file's name as the History's File column, `width` px, draws it: laid out by text.cell_lines to break
    after a "_", "-" or "." in HISTORY_LINES lines of the column (the grid wraps only at a space), "" for none."""
    return cell_lines(name, width - GRID_CELL_PADDING, HISTORY_LINES) or ""


def history_lines(rows: pl.DataFrame, widths: MappingType[str, int] = HISTORY_WIDTHS) -> int:
    """The lines of text a History row (`rows`: history_rows) takes for every cell to read whole in its
    column (`widths`: history_widths; text.wrapped_lines, a file's name as history_file_cell lays it out): at
    least HISTORY_LINES, at most HISTORY_MOST_LINES. Three lines whatever the cells held, the sample's "10,000
    read, 10,000 accepted, 0 quarantined" took a fourth in the Rows column, against the row's foot, in
    presenter mode as at the app's type (the widths and the type grow alike there)."""
    needed = [wrapped_lines(history_file_cell(value, width) if column == "File" else value, width)
              for column, width in widths.items() if column in rows.columns
              and rows.schema[column] == pl.String for value in rows.get_column(column).to_list()]
    return min(max([HISTORY_LINES, *needed]), HISTORY_MOST_LINES)


def history_rows(store: Store, history: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every store version, newest first, in words: Version, When, Who, What, Note, File, Rows,
    Stored, In effect. `history`: Store.history, when the caller has read it already.

    The note says what a version did beyond its kind ("with 2 stage mappings", "rolled back to
    version 3"): it follows What, in view. An upload's six counts are two cells of words (Rows: "106
    read, 100 accepted, 6 quarantined"; Stored: "100 new, 0 updated, 0 unchanged"), null for a version
    that read no file: as six number columns the table was wider than a 1440 px window, and In effect,
    last, was out of sight. Every cell in the words of winloss.version_words, which the command line's
    history and the rollback list use too."""
    history = store.history() if history is None else history
    if history.height == 0:
        return pl.DataFrame()
    rows = list(history.iter_rows(named=True))
    return history.select(
        pl.col("store_version").alias("Version"),
        pl.Series("When", [moment(row["at"]) for row in rows], pl.String),  # as every page writes a time
        pl.col("user").alias("Who"),
        pl.Series("What", [version_what(row) for row in rows], pl.String),
        pl.col("note").alias("Note"),
        pl.col("file_name").alias("File"),
        pl.Series("Rows", [rows_words(row) for row in rows], pl.String),
        pl.Series("Stored", [stored_words(row) for row in rows], pl.String),
        pl.col("in_effect").alias("In effect"),
    )


def rollback_targets(store: Store) -> list[int]:
    """The versions the store can go back to, newest first (0 is the empty store), without those whose state
    is in effect now (Store.same_state_versions): after a rollback to version 6 recorded as version 8 the
    list started on "Version 6", a choice that would change nothing. The rule is the store's
    (Store.rollback_targets), which refuses the same choices on the command line."""
    return store.rollback_targets()


def in_effect_note(store: Store) -> str | None:
    """What the "Roll back to" list leaves out, said under it: the earlier versions whose state is the current
    one (Store.same_state_versions), "Version 6 is in effect now (version 8 rolled back to it): not offered,
    since rolling back to it would change nothing."; None when the current state is no earlier version's."""
    current = store.version()
    same = [v for v in store.same_state_versions() if v != current]
    if not same:
        return None
    named = listed([f"version {v}" for v in same])
    back = "rolled back to it" if len(same) == 1 else "rolled back to one of them"
    it = "it" if len(same) == 1 else "any of them"
    return (f"{sentence(named)} {'is' if len(same) == 1 else 'are'} in effect now (version {current} {back}): "
            f"not offered, since rolling back to {it} would change nothing.")


def rollback_question(version: int) -> str:
    """The confirmation a rollback to `version` asks for: what goes back (everything Store.rollback
    restores, winloss.store.delta.rollback_restores) and that it can be undone."""
    empty = " The store will hold no deals, so the charts show the sample again." if version == 0 else ""
    return (
        f"Roll back to version {version}? {sentence(rollback_restores())} go back to how they were then.{empty} "
        "The rollback is itself a new version, so it can be undone the same way."
    )


def version_label(history: pl.DataFrame, version: int) -> str:
    """A rollback choice: 'Version 3 (1 Mar 2025 10:00 UTC) — week12.csv (Salesforce export)', the version
    named as the History tab and the command line's history name it (version_words.version_name: a
    settings version by its note, "reporting currency USD, 1 exchange rate: EUR", not "Settings edited").
    `history`: Store.history."""
    if version == 0:
        return "Version 0 — the empty store, before any upload"
    row = history.filter(pl.col("store_version") == version)
    if row.height == 0:
        return f"Version {version}"
    r = row.row(0, named=True)
    return f"Version {version} ({moment(r['at'])}) — {version_name(r)}"


ANONYMISED_SENTENCE = "Names are anonymised: turn off 'Anonymise reps' to upload, edit the roster or see rows."


def editing_allowed(presenter: bool, anonymize: bool) -> bool:
    """Whether the Data page shows its editing parts (uploads with previews, roster, reasons, rollback).

    Not in presenter mode, and not with reps anonymised: previews, error tables, quarantine
    downloads and the roster editor show rows as stored, real rep and manager names included.
    """
    return not (presenter or anonymize)
