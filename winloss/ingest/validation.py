"""Run the Pandera models lazily and turn every failure into a sentence a sales ops person reads."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import dataclass, field as dataclass_field
from typing import Final, cast

import pandera.errors
import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from data_models.excel_errors import excel_error
from data_models.schemas import (
    CURRENCY_PROBLEM, DATE_ORDER_SHOWN, MERGED_AMOUNT, SCALE_UNREAD, TEXT_FIELDS, UNSETTLED_DATE, AssessmentModel, OpportunityModel,
    OpportunityRowsModel, RosterModel, date_window,
)
from data_models.vocabulary import LOST, NO_DECISION, OPEN, PROFILES, UNPROFILED, WON, profile_guess_words
from winloss.assessment import STATEMENT_IDS
from winloss.ingest import values
from winloss.ingest.identity import REEXPORT_WITHOUT_EXCEL
from winloss.ingest.hints import command_line_hint, quoted
from winloss.ingest.mapping import CLOSED_FLAG, EXPECTED_CLOSE, LOST_DATE, WON_DATE, WON_FLAG, Mapping, expected_close_only
from winloss.ingest.merged_amounts import merged_amount_parts, merged_amount_sentence
from winloss.ingest.header_units import HeaderUnit, header_unit, unread_header_reason
from winloss.ingest.money import (
    CONFLICTING_CURRENCY, CURRENCY_BY_RULE, CONVERTED_CONFLICTING_CURRENCY, CONVERTED_HEADER_CONFLICT, HEADER_CONFLICT, MISSING_CURRENCY,
    SEVERAL_BY_FORMAT, SEVERAL_BY_HEADER, SEVERAL_CURRENCIES, SEVERAL_CONVERTED_BY_FORMAT, UNKNOWN_CONVERTED_CURRENCY, UNKNOWN_CURRENCY, one_of, unread_scale_reason,
)
from winloss.ingest.outcomes import (
    CLOSED_FLAG_WHYS, CLOSED_OPEN_WHY, NOT_WON_WHY, NOT_WON_WHYS, STATUS_CLOSED_OPEN_WHY, STATUS_DELETED_WHY,
    REASON_NOT_A_DEAL_WHY, STATUS_NOT_A_DEAL_WHY, STATUS_NOT_WON_WHY, STATUS_UNREAD_WHY, STATUS_WHYS, UNMATCHED_NOT_WON_WHY, UNPLACED, WORDS_CLOSED_OPEN_WHY,
    MAPPED_STATUS, WORDS_NOT_WON_WHY, flags, unplaced_sentence,
)
from winloss.ingest.future_closes import CLOSED_AFTER_CHECK, closed_after, closed_after_reason
from winloss.ingest.swapped_dates import swapped_cell_reason
from winloss.text import BLANK, listed
from winloss.io.table import DASHES, named

ERROR_SCHEMA = pl.Schema({"line": pl.Int64, "column": pl.String, "value": pl.String, "check": pl.String, "message": pl.String})

# What each check means, for the grouped report ("12 rows: Close Date is not a date").
CHECK_TITLES = {
    "not_nullable": "Required value is blank",
    "str_length": "Required value is blank",
    "created_date_parses": "Created date is not a date",
    "close_date_parses": "Close date is not a date",
    "created_date_in_window": "Created date outside the accepted years",
    "close_date_in_window": "Close date outside the accepted years",
    "amount_parses": "Amount is not a number",
    "converted_amount_parses": "Converted amount is not a number",
    "amount_settled": "Amount could be read two ways",
    "amount_not_merged": "Amount merged over several deals",
    "currency_settled": "Currency cannot be settled",
    "date_settled": "Date cell may have day and month swapped",
    "probability_parses": "Probability is not a percentage",
    "greater_than_or_equal_to": "Amount is negative",
    "in_range": "Probability is outside 0-100%",
    "closed_has_close_date": "Closed deal without a close date",
    "close_not_before_created": "Close date before created date",
    CLOSED_AFTER_CHECK: "Closed deal dated after the export",
    "opportunity_id_unique": "Opportunity ID appears more than once",
    "opportunity_id_not_rounded": "Opportunity ID rounded by Excel",
    "no_excel_error": "Excel error in a cell",
    "seller_profile_known": "Unknown seller profile (rep stored without it)",
    "rep_unique": "Rep appears more than once",
    "isin": "Value not allowed",
    "date_parses": "Date rated is not a date",
    "statement_known": "Unknown statement",
    "score_on_scale": "Score is not 1 to 5",
    "answer_unique": "Statement rated twice",
    "answers_complete": "Incomplete questionnaire",
    "ragged": "Row could not be split into the header's columns",
}

_NEEDS = {
    "opportunity_id": "every deal needs an ID",
    "rep": "every deal needs a rep (its owner)",
    "stage": "every deal needs a stage or status",
    "rater": "every answer needs who rated",
}


# Checks whose failure leaves one value out of the row, not the row out of the store: the row is
# stored with everything else it says, the value is given no meaning (a seller profile not one of
# the five: the rep is stored Unprofiled, or keeps the profile the store holds), and the row also
# goes to the quarantine file with the reason, so nothing is lost silently. Any other failure of the
# same row keeps the row out whole.
VALUE_CHECKS = frozenset({"seller_profile_known"})

# The values a row was stored without (VALUE_CHECKS): the line, the canonical field, its header
# in the file and the value as written.
LEFT_OUT_SCHEMA = pl.Schema({"line": pl.Int64, "field": pl.String, "column": pl.String, "value": pl.String})


@dataclass(frozen=True)
class Validated:
    accepted: pl.DataFrame  # canonical rows stored (with __line); a value left out is null
    errors: pl.DataFrame  # ERROR_SCHEMA: one row per failure; a row may fail several checks
    rejected_lines: pl.Series  # Int64: lines of the rows kept out
    # LEFT_OUT_SCHEMA: values the accepted rows were stored without; their lines are in `errors` too
    left_out: pl.DataFrame = dataclass_field(default_factory=lambda: pl.DataFrame(schema=LEFT_OUT_SCHEMA))


def validated(
    frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping, *, repeated_ids: bool = True, dashes: pl.DataFrame | None = None,
    day: dt.date | None = None,
) -> Validated:
    """Split a normalised frame into accepted rows and failures, with messages in the file's own words.

    `table` is the raw text table the frame was parsed from, row for row, for quoting values as they came.
    `repeated_ids=False` leaves an opportunity id repeated within `frame` to the caller: a batch of
    a file whose repeated ids are found, and their rows validated together, over the whole file.
    `dashes`: the table's cells written as a dash (RawTable.dashes), which `table` holds as blank:
    a failure about such a cell quotes the dash (dashes_said).
    `day`: the data's day, the day the file is prepared (ingest.future_closes): a closed deal of an export
    whose close date is after it fails (CLOSED_AFTER_CHECK); None checks no such date.
    """
    opportunities = OpportunityModel if repeated_ids else OpportunityRowsModel
    model = {"roster": RosterModel, "assessment": AssessmentModel}.get(mapping.kind, opportunities)
    failures = None
    failing = failing_part(model, frame)
    if not _nothing_fails(failing):  # only then is Pandera asked which rows fail, and why
        try:
            (model if failing is None else failing).validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            failures = exc.failure_cases
    late = closed_after(frame, day) if day is not None and mapping.kind == "opportunities" else []
    if (failures is None or failures.height == 0) and not late:
        empty = pl.DataFrame(schema=ERROR_SCHEMA)
        return Validated(frame.select(_kept(frame)), empty, pl.Series("line", [], pl.Int64))
    messages = _messages(failures, frame, table, mapping) if failures is not None and failures.height else _NO_MESSAGES
    if late and day is not None:
        # A close date another check already faults (outside the accepted years, before the created date) is said once.
        said = set(messages.filter(pl.col("field") == "close_date").get_column("line").to_list())
        lines = frame.get_column("__line")
        late = [index for index in late if lines[index] not in said]
        messages = pl.concat([messages, _closed_after_messages(late, frame, table, mapping, day)]).sort(
            "line", maintain_order=True)
    if dashes is not None and dashes.height:
        messages = dashes_said(messages, dashes)
    errors = messages.select(ERROR_SCHEMA.names())
    bad = messages.filter(~pl.col("__value_only")).get_column("line").unique()
    accepted = frame.filter(~pl.col("__line").is_in(bad.implode())).select(_kept(frame))
    left_out = messages.filter(pl.col("__value_only") & ~pl.col("line").is_in(bad.implode())).select(LEFT_OUT_SCHEMA.names())
    return Validated(accepted, errors, bad, left_out)


def dash_said(header: str, text: str) -> str:
    """What a reason says of a cell written as a dash, read as blank: "Close Date is '-' (a dash, read as blank)";
    of a word for no value read so (blank_words): "Segment is 'N/A' (a word for no value, read as blank)"."""
    what = "a dash" if text in DASHES else "a word for no value"
    return f"{header} is '{text}' ({what}, read as blank)"


def dash_counts(dashes: pl.DataFrame, rows: pl.DataFrame, mapping: Mapping) -> dict[str, int]:
    """Cells written as a dash (`dashes`: DASH_SCHEMA) among `rows` (a raw table with "__line"), per
    header a field is mapped to: what dashes_note counts. Other columns' dashes are never read; the
    words for no value read as blank among `dashes` are blank_word_counts'."""
    found = _blank_cells(dashes, rows, mapping)
    return dict(found.filter(pl.col("text").is_in(DASHES)).group_by("column").len().iter_rows())


def blank_word_counts(dashes: pl.DataFrame, rows: pl.DataFrame, mapping: Mapping) -> dict[tuple[str, str], int]:
    """The words for no value read as blank (blank_words: among `dashes`, DASH_SCHEMA) among `rows` (a raw
    table with "__line"), per (header, word as written): what blank_words_note counts."""
    found = _blank_cells(dashes, rows, mapping).filter(~pl.col("text").is_in(DASHES))
    return {(header, text): n for header, text, n in found.group_by("column", "text").len().iter_rows()}


def _blank_cells(dashes: pl.DataFrame, rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """The cells of `dashes` (DASH_SCHEMA) in a mapped column on a line of `rows` (a raw table with "__line")."""
    mapped = set(mapping.fields.values())
    if dashes.height == 0 or not mapped:
        return dashes.clear()
    found = dashes.filter(pl.col("column").is_in(list(mapped)))
    lines = rows.get_column("__line")
    first, last = lines.first(), lines.last()
    if lines.len() and last - first + 1 == lines.len() and lines.is_sorted():  # type: ignore[operator]
        # Every line from the first to the last is a row (a batch with no blank or ragged line): a
        # range, not a join against each row's line (a fifth of a second at 1M rows).
        found = found.filter(pl.col("__line").is_between(first, last))
    else:
        found = found.join(rows.select("__line"), on="__line", how="semi")
    return found


def dashes_note(counts: dict[str, int]) -> str | None:
    """The file report's sentence on cells written as a dash in mapped columns (`counts`: header ->
    cells, dash_counts summed over the file), which are read as blank as an empty cell is: "Cells
    written as a dash are read as blank, as an empty cell is: 2 in 'Amount', 1 in 'Loss Reason'.";
    None when there are none. Headers as the file wrote them: callers escape."""
    if not counts:
        return None
    listed = ", ".join(f"{n:,} in '{header}'" for header, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ("Cells written as a dash ('-') are read as blank, as an empty cell is: "
            f"{listed}. Where a value is needed, the row is in the quarantine file with the dash as written.")


# The words a note names per column before "…".
_WORDS_NAMED = 4


def blank_words_note(counts: dict[tuple[str, str], int]) -> str | None:
    """The file report's sentence on the words for no value read as blank (`counts`: (header, word as written)
    -> cells, blank_word_counts summed over the file): "Cells holding a word for no value are read as blank, as
    an empty cell is: 3 in 'Loss Reason' ('N/A', 'n/a'), 1 in 'Competitor' ('none')."; None when there are none.
    Headers and words as the file wrote them: callers escape."""
    if not counts:
        return None
    columns: dict[str, dict[str, int]] = {}
    for (header, word), n in counts.items():
        columns.setdefault(header, {})[word] = n
    said = []
    for header, words in sorted(columns.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        shown = [f"'{w}'" for w, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))]
        shown = shown if len(shown) <= _WORDS_NAMED else [*shown[:_WORDS_NAMED], "…"]
        said.append(f"{sum(words.values()):,} in '{header}' ({', '.join(shown)})")
    return f"Cells holding a word for no value are read as blank, as an empty cell is: {', '.join(said)}."


def dashes_said(errors: pl.DataFrame, dashes: pl.DataFrame) -> pl.DataFrame:
    """`errors` (ERROR_SCHEMA's columns first, any others kept) with each failure about a cell written
    as a dash (`dashes`: DASH_SCHEMA, by line and header) quoting it: its value is the dash, and its
    message says "Close Date is '-' (a dash, read as blank)" where it said "Close Date is blank", or
    adds that sentence when it words the blank otherwise. So a user finds the cell they wrote.
    """
    found = errors.join(
        dashes.select(pl.col("__line").alias("line"), "column", pl.col("text").alias("__dash")),
        on=["line", "column"], how="left", maintain_order="left",
    )
    dashed = pl.col("__dash").is_not_null() & pl.col("value").is_null()
    message = pl.col("message")
    # Few distinct (header, dash) pairs: each is one literal replacement over the column.
    for header, text in found.filter(dashed).select("column", "__dash").unique().iter_rows():
        blank, said = f"{header} is blank", dash_said(header, text)
        mine = dashed & (pl.col("column") == header) & (pl.col("__dash") == text)
        message = (
            pl.when(mine & pl.col("message").str.contains(blank, literal=True))
            .then(pl.col("message").str.replace(blank, said, literal=True))
            .when(mine)
            .then(pl.col("message") + f" ({said}.)")
            .otherwise(message)
        )
    return found.with_columns(
        message.alias("message"), pl.when(dashed).then(pl.col("__dash")).otherwise(pl.col("value")).alias("value")
    ).drop("__dash")


@functools.cache
def _schema(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    return model.to_schema()


def every_row_passes(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> bool:
    """True when `model.validate(frame)` would find no failure; False when it might find one
    (failing_part finds a check that fails, or cannot tell)."""
    return _nothing_fails(failing_part(model, frame))


def _nothing_fails(part: pa.DataFrameSchema | None) -> bool:
    """Whether `failing_part` found every row passing: a part with no column and no check (None: it could not tell)."""
    return part is not None and not part.columns and not part.checks


def failing_part(model: type[pa.DataFrameModel], frame: pl.DataFrame) -> pa.DataFrameSchema | None:
    """The part of `model`'s schema some row of `frame` fails: its columns and checks, in the model's
    order, less every check every row passes (a column's non-null rule among them); no column and no
    check when every row passes. None when this cannot tell: then the whole model is Pandera's to run.

    The model's own checks (Pandera's built-in column checks and the model's dataframe checks,
    each its own function) run on `frame` in one Polars query, with Pandera's rules for what
    passes: the column's dtype as Pandera's engine judges it, no null (nor NaN) in a non-nullable
    column, a null check result passing only where the check ignores nulls. Pandera runs each
    check as a query of its own and gathers failure cases even when there are none: for a batch
    of 200,000 clean rows this takes half its time, and a small file with one bad row paid for
    the twenty checks it passes to learn of the one it fails. Pandera, run on this part, reports
    the same failure cases in the same order (a check's number within its column aside, which
    no reason reads). A schema using anything else (coercion, parsers, unique or regex columns, a
    strict or ordered frame, element-wise or grouped checks) or a frame without a required column
    or of another dtype is left to Pandera: None.
    """
    # Pandera registers its Polars built-in checks when it first validates: the same import, here.
    import pandera.backends.polars.builtin_checks  # noqa: F401

    schema = _schema(model)
    if schema.coerce or schema.strict or schema.ordered or schema.unique or schema.dtype is not None or schema.parsers:
        return None
    lazy = frame.lazy()
    dtypes = frame.schema
    # What each pass is of: (column, None) its non-null rule, (column, i) its i-th check, (None, i) the frame's i-th.
    passes: list[tuple[tuple[str | None, int | None], pl.LazyFrame | None]] = []
    for name, column in schema.columns.items():
        if column.regex or column.unique or column.coerce or column.parsers or column.default is not None:
            return None
        if name not in dtypes:
            if column.required:
                return None
            continue
        if column.dtype is not None and not column.dtype.check(dtypes[name], PolarsData(lazy.select(name), name)):
            return None
        if not column.nullable:
            present = pl.col(name).is_not_null()
            if dtypes[name].is_float():
                present = present & pl.col(name).is_not_nan()
            passes.append(((name, None), lazy.select(present.all())))
        for i, check in enumerate(column.checks):
            passes.append(((name, i), _passed(check, PolarsData(lazy, name))))
    for i, check in enumerate(schema.checks):
        passes.append(((None, i), _passed(check, PolarsData(lazy, "*"))))
    if not all(isinstance(p, pl.LazyFrame) for _, p in passes):
        return None
    if not passes:
        return _failing_schema(model, frozenset())
    named = [cast(pl.LazyFrame, p).select(pl.all().alias(f"p{i}")) for i, (_, p) in enumerate(passes)]
    try:
        results = pl.concat(named, how="horizontal").collect().row(0)
    except Exception:  # noqa: BLE001 - a check that fails to run is a failure Pandera reports in its words
        return None
    return _failing_schema(model, frozenset(what for (what, _), passed in zip(passes, results, strict=True) if not passed))


@functools.lru_cache(maxsize=256)
def _failing_schema(model: type[pa.DataFrameModel], failing: frozenset[tuple[str | None, int | None]]) -> pa.DataFrameSchema:
    """`model`'s schema with only the `failing` rules (failing_part's keys): each column with the
    checks of it that fail, non-nullable only when its non-null rule fails, and the frame's
    checks that fail. Columns in the model's order, with their dtypes; one copy per set of failures
    (a few per model: the same checks fail in file after file)."""
    part = copy.deepcopy(_schema(model))  # the model's own schema is shared: its columns are changed below
    for name in list(part.columns):
        column = part.columns[name]
        checks = [check for i, check in enumerate(column.checks) if (name, i) in failing]
        if not checks and (name, None) not in failing:
            del part.columns[name]
            continue
        column.checks = checks
        column.nullable = column.nullable or (name, None) not in failing
    part.checks = [check for i, check in enumerate(part.checks) if (None, i) in failing]
    return part


def _passed(check: pa.Check, data: PolarsData) -> pl.LazyFrame | None:
    """One row, one Boolean: whether every row passes `check` as Pandera's Polars backend judges it
    (a result of several columns passes where all do; a null result passes only when the check
    ignores nulls). None for a check this cannot run as Pandera would (element-wise, grouped)."""
    if check.element_wise or check.groupby is not None or check._check_fn is None:
        return None
    function = check._check_fn
    # As Check.__call__ does: a built-in check's function is looked up again, by its name, so the
    # implementation registered for Polars data is the one called.
    name = getattr(function, "__name__", None)
    if name is not None and check.is_builtin_check(name):
        function = check.get_builtin_check_fn(name)
    try:
        out = function(data, **check._check_kwargs)
    except Exception:  # noqa: BLE001 - as above: Pandera reports it
        return None
    if not isinstance(out, pl.LazyFrame):
        return None
    result = pl.all_horizontal(pl.all())
    result = (result | result.is_null()) if check.ignore_na else result.fill_null(False)
    return out.select(result.all())


# _messages' columns: ERROR_SCHEMA's, then the canonical field and whether only the value is left out.
_MESSAGE_SCHEMA: Final = pl.Schema([*ERROR_SCHEMA.items(), ("field", pl.String()), ("__value_only", pl.Boolean())])
_NO_MESSAGES: Final = pl.DataFrame(schema=_MESSAGE_SCHEMA)


def _closed_after_messages(rows: list[int], frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping,
                           day: dt.date) -> pl.DataFrame:
    """_messages' rows for the closed deals at positions `rows` of `frame` whose close date is after the data's
    day `day` (future_closes.closed_after): the row is kept out, its close date quoted as written."""
    lines, closes = frame.get_column("__line"), frame.get_column("close_date")
    found = []
    for index in rows:
        field = _close_date_field(table, frame, mapping, index)
        header, value = mapping.column_for(field), _raw_value(table, frame, mapping, field, index)
        found.append({"line": lines[index], "column": header, "value": value, "check": CHECK_TITLES[CLOSED_AFTER_CHECK],
                      "message": closed_after_reason(header, value, closes[index], day), "field": field,
                      "__value_only": False})
    return pl.DataFrame(found, schema=_MESSAGE_SCHEMA)


def _close_date_field(table: pl.DataFrame, frame: pl.DataFrame, mapping: Mapping, index: int) -> str:
    """The field a deal's close date at row `index` was read from, as normalise reads it: the close date's
    column when it holds one, else Pipedrive's won time for a won deal, its lost time for a lost or no-decision
    one, and the expected close date for an open one, so a reason names a column the file has."""
    value = _raw_value(table, frame, mapping, "close_date", index) if "close_date" in mapping.fields else None
    if value is not None and value.strip():
        return "close_date"
    outcome = frame.get_column("outcome")[index]
    other = {WON: WON_DATE, LOST: LOST_DATE, NO_DECISION: LOST_DATE, OPEN: EXPECTED_CLOSE}.get(outcome, "close_date")
    return other if other in mapping.fields else "close_date"


# The checks of a row's close date, whichever column it was read from (_close_date_field).
_CLOSE_DATE_CHECKS = ("close_date_parses", "close_date_in_window", "close_not_before_created")


def _kept(frame: pl.DataFrame) -> list[str]:
    """The canonical columns and the line: the raw texts and outcome rule columns only serve the checks. The
    status value the user maps (MAPPED_STATUS) and whether a row's currency is the file's rule's (money.
    CURRENCY_BY_RULE) are kept too, for the checks before a commit; the store takes only its own columns."""
    return [c for c in frame.columns if c in ("__line", MAPPED_STATUS, CURRENCY_BY_RULE) or not c.startswith("__")]


# Why a row's converted amount's currency cannot be settled (money._converted_currency).
_CONVERTED_PROBLEMS = (UNKNOWN_CONVERTED_CURRENCY, SEVERAL_CONVERTED_BY_FORMAT, CONVERTED_CONFLICTING_CURRENCY,
                       CONVERTED_HEADER_CONFLICT)


def _messages(failures: pl.DataFrame, frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """One error row per (row, check), worded from the headers and raw values of the file: ERROR_SCHEMA's
    columns, then `field` (the canonical field) and `__value_only` (True for a VALUE_CHECKS failure)."""
    failures = failures.filter(pl.col("index").is_not_null()).unique(["index", "column", "check"], maintain_order=True)
    lines = frame.get_column("__line")
    rows: list[dict] = []
    ids = frame.get_column({"roster": "rep", "assessment": "rep"}.get(mapping.kind, "opportunity_id"))
    duplicate_lines: dict[str, list[int]] = {}
    if failures.filter(pl.col("check").is_in(["opportunity_id_unique", "rep_unique"])).height:
        dup = frame.filter(pl.col(ids.name).is_duplicated() & pl.col(ids.name).is_not_null())
        for key, group in dup.group_by(ids.name):
            duplicate_lines[key[0]] = sorted(group.get_column("__line").to_list())
    repeated = repeated_deal_endings(ids, table, mapping) if duplicate_lines and mapping.kind == "opportunities" else {}
    for index, column, check in failures.select("index", "column", "check").iter_rows():
        check_name = check.split("(")[0]
        field = _field_of(check_name, column) if check_name != "no_excel_error" else _excel_error_field(frame, index)
        if check_name == "currency_settled" and frame.get_column(CURRENCY_PROBLEM)[index] in _CONVERTED_PROBLEMS:
            # The converted amount's currency is in doubt, whatever the amount's currency column says: its own
            # currency column, else the converted amount, which names (or fails to name) it.
            field = "converted_currency" if "converted_currency" in mapping.fields else "converted_amount"
        elif check_name == "currency_settled" and "currency" not in mapping.fields:
            # No currency column: the amount is what names (or fails to name) the currency, not the
            # reporting currency read in its place.
            field = "amount"
        if check_name == "amount_not_merged":  # the amount, or the converted amount
            field = merged_amount_parts(frame.get_column(MERGED_AMOUNT)[index])[0]
        if check_name == "date_settled":  # the date field whose cell is in doubt
            field = frame.get_column(UNSETTLED_DATE)[index]
        # A close date read from a won, lost or expected close time is quoted from that column, as written.
        written = _close_date_field(table, frame, mapping, index) if check_name in _CLOSE_DATE_CHECKS else field
        header = mapping.column_for(written)
        value = _raw_value(table, frame, mapping, written, index)
        if check_name == "currency_settled" and (field, frame.get_column(CURRENCY_PROBLEM)[index]) in (
            ("currency", CONFLICTING_CURRENCY), ("currency", HEADER_CONFLICT),
            ("converted_currency", CONVERTED_CONFLICTING_CURRENCY), ("converted_currency", CONVERTED_HEADER_CONFLICT),
        ):
            # The column's code alone is a fine currency: the example says what it conflicts with.
            amount_field = "converted_amount" if field == "converted_currency" else "amount"
            value = f"{value} beside {_raw_value(table, frame, mapping, amount_field, index)}"
        message = _sentence(check_name, field, header, value, index, frame, table, mapping, duplicate_lines, repeated)
        if message is None:
            continue
        title = CHECK_TITLES.get(check_name, check_name)
        if field == "outcome":  # a stage no rule places, or a deleted deal: say which, not "blank"
            said_by = _said_by(_why_unplaced(frame, index))
            header, value = mapping.column_for(said_by), _raw_value(table, frame, mapping, said_by, index)
            title = _UNPLACED_TITLES.get(_why_unplaced(frame, index), title)
        rows.append({"line": lines[index], "column": header, "value": value, "check": title, "message": message,
                     "field": field, "__value_only": check_name in VALUE_CHECKS})
    return pl.DataFrame(rows, schema=_MESSAGE_SCHEMA).sort("line", maintain_order=True)


def _said_by(why: str | None) -> str:
    """The field whose column says why a row has no outcome (`why`, the UNPLACED value): its status, its loss
    reason (one that says the record is not a real deal), else its stage."""
    return "status" if why in STATUS_WHYS else "loss_reason" if why == REASON_NOT_A_DEAL_WHY else "stage"


_UNPLACED_TITLES: dict[str | None, str] = {  # _why_unplaced's answer; None keeps the check's title
    "deleted": "Deal deleted in the CRM",
    STATUS_DELETED_WHY: "Deal deleted in the CRM",
    "closed": "Stage matches no rule (closed deal)",
    "unknown": "Stage matches no rule",
    UNMATCHED_NOT_WON_WHY: "Stage matches no rule",
    REASON_NOT_A_DEAL_WHY: "Loss reason says not a real deal",
    STATUS_UNREAD_WHY: "Status matches no rule",
    STATUS_NOT_A_DEAL_WHY: "Status says not a real deal",
    NOT_WON_WHY: "Mapped to won, but not won by its won flag",
    STATUS_NOT_WON_WHY: "Mapped to won, but not won by its won flag",
    CLOSED_OPEN_WHY: "Mapped to open, but closed by its closed/won columns",
    STATUS_CLOSED_OPEN_WHY: "Mapped to open, but closed by its closed/won columns",
    WORDS_NOT_WON_WHY: "Stage says won, but not won by its won flag",
    WORDS_CLOSED_OPEN_WHY: "Stage says open, but closed by its closed/won columns",
}


def _closed_by(table: pl.DataFrame, frame: pl.DataFrame, mapping: Mapping, index: int) -> tuple[str, str | None]:
    """(header, value) of the column that says row `index` closed, as winloss.ingest.outcomes reads it: its closed
    flag where that says true, else the first of its won, lost and close dates filled in (a close date says so
    only where the file keeps the expected one apart, which is the only way a row gets here on it)."""
    for field in (CLOSED_FLAG, WON_DATE, LOST_DATE, "close_date"):
        value = _raw_value(table, frame, mapping, field, index) if field in mapping.fields else None
        if value is None or not value.strip() or (field == CLOSED_FLAG and not flags(pl.Series([value])).item()):
            continue
        return mapping.column_for(field), value
    return mapping.column_for(CLOSED_FLAG), None


def _why_unplaced(frame: pl.DataFrame, index: int) -> str | None:
    return frame.get_column(UNPLACED)[index] if UNPLACED in frame.columns else "deleted"


# The checks of a parsed value: an Excel error there is said as one, not as "not a date" or "not an amount".
_PARSES = ("amount_parses", "converted_amount_parses", "created_date_parses", "close_date_parses", "probability_parses",
           "date_parses")


def _is_excel_error(value: str) -> bool:
    return bool(pl.select(excel_error(pl.lit(value, pl.String))).item())


def _excel_error_field(frame: pl.DataFrame, index: int) -> str:
    """The first text field of row `index` holding one of Excel's error values (schemas.excel_error)."""
    row = frame.slice(index, 1)
    found = row.select([excel_error(pl.col(c)).fill_null(False).alias(c) for c in TEXT_FIELDS if c in frame.columns]).row(0, named=True)
    return next(name for name, hit in found.items() if hit)


def _percentage_of(value: str | None, times: int) -> str:
    """A probability written as a plain number, as the percentage it is on one scale ("0.5", 100 -> "50%")."""
    number = pl.select(values.percent_value(pl.lit(value, pl.String))).item()
    return f"{number * times:.10g}%"


def _field_of(check: str, column: str) -> str:
    """The canonical field a failure is about: dataframe checks name their field in the check name."""
    by_check = {
        "created_date_parses": "created_date",
        "close_date_parses": "close_date",
        "created_date_in_window": "created_date",
        "close_date_in_window": "close_date",
        "amount_parses": "amount",
        "converted_amount_parses": "converted_amount",
        "amount_settled": "amount",
        "amount_not_merged": "amount",
        "currency_settled": "currency",
        "probability_parses": "probability",
        "closed_has_close_date": "close_date",
        "close_not_before_created": "close_date",
        "opportunity_id_unique": "opportunity_id",
        "opportunity_id_not_rounded": "opportunity_id",
        "seller_profile_known": "seller_profile",
        "rep_unique": "rep",
        "date_parses": "date",
        "statement_known": "statement",
        "score_on_scale": "score",
        "answer_unique": "statement",
        "answers_complete": "score",
    }
    return by_check.get(check, column)


def _raw_value(table: pl.DataFrame, frame: pl.DataFrame, mapping: Mapping, field: str, index: int) -> str | None:
    if field in mapping.fields:
        return table.get_column(mapping.fields[field])[index]
    if field in frame.columns:
        value = frame.get_column(field)[index]
        return None if value is None else str(value)
    return None


def _sentence(
    check: str,
    field: str,
    header: str,
    value: str | None,
    index: int,
    frame: pl.DataFrame,
    table: pl.DataFrame,
    mapping: Mapping,
    duplicate_lines: dict[str, list[int]],
    repeated: dict[str, str] | None = None,
) -> str | None:
    """The sentence for one failure, or None when another failure of the row already says it. `repeated`:
    what to say after "appears on lines 2, 3" of each repeated opportunity id (repeated_deal_endings)."""
    quoted = f"'{value}'"
    if check == "no_excel_error" or (check in _PARSES and value is not None and _is_excel_error(value)):
        return (f"{header} {quoted} is an Excel error value (what a cell shows when its formula failed), not a value: "
                "correct the formula or the cell in the file, then upload it again.")
    if check in ("not_nullable", "str_length") and field == "outcome":
        why = _why_unplaced(frame, index)
        said_by = _said_by(why)
        stage = _raw_value(table, frame, mapping, said_by, index)
        if stage is None:  # a blank stage has its own message already
            return None
        if said_by == "stage" and _is_excel_error(stage):
            return None  # an Excel error in the stage is said as such (no_excel_error), not as a stage no rule places
        flag = None  # the column that rules the mapping (or the stage words) out, and its value
        if why in NOT_WON_WHYS:
            flag = mapping.column_for(WON_FLAG), _raw_value(table, frame, mapping, WON_FLAG, index)
        elif why in CLOSED_FLAG_WHYS:
            flag = _closed_by(table, frame, mapping, index)
        elif why == REASON_NOT_A_DEAL_WHY:
            flag = mapping.column_for("loss_reason"), _raw_value(table, frame, mapping, "loss_reason", index)
        return unplaced_sentence(mapping.column_for(said_by), stage, why, flag)
    if check in ("not_nullable", "str_length") and field == "opportunity_id" and mapping.keyed_by_name:
        return f"{header}: one of them is blank, and with no ID column every deal needs both."
    if check in ("not_nullable", "str_length") and field == "rep" and mapping.rep_in_parts:
        return f"{header}: both are blank, and every row needs the rep's name."
    if check in ("not_nullable", "str_length") and field == "rep" and mapping.kind != "opportunities":
        return f"{header} is blank: every row needs the rep's name."
    if check in ("not_nullable", "str_length"):
        return f"{header} is blank: {_NEEDS.get(field, 'it is required')}."
    if check == "created_date_parses" or check == "close_date_parses":
        return f"{header} {quoted} is not a date{values.not_a_date_reason(value)}"
    if check in ("created_date_in_window", "close_date_in_window"):
        first, last = date_window()
        return f"{header} {quoted} is outside the dates this app accepts ({first:%Y-%m-%d} to {last:%Y-%m-%d}): correct the date in the CRM."
    if check in ("amount_parses", "converted_amount_parses"):
        if word := values.ambiguous_scale(value):
            return (f"{header} {quoted} is not read: '{word}' means a thousand in some languages and a million in others, "
                    "so it is not guessed; write the number in full, or with k (thousand) or M (million).")
        if marker := values.no_value_reason(value, "amount", "write the amount (5000, EUR 5000)"):
            return f"{header} {quoted} {marker}"
        if code := values.unknown_code(value):  # "XYZ 9,000.00": a number and a code no currency has
            return (f"{header} {quoted} is written with '{code}', which is not a currency code the app knows (an ISO 4217 "
                    "code, such as EUR or USD, the only codes it sets exchange rates for): write the amount with its "
                    "currency's ISO code or sign (EUR 9000, €9000) in the file, then upload it again.")
        return (f"{header} {quoted} is not an amount of money: write the number alone, or with its currency's code "
                "or symbol (EUR 5000, €5000), with no other words.")
    if check == "amount_settled":
        return _unsettled_sentence(frame, table, mapping, index)
    if check == "amount_not_merged":
        return merged_amount_sentence(header, value, frame.get_column(MERGED_AMOUNT)[index])
    if check == "currency_settled":
        return _currency_sentence(frame, table, mapping, index)
    if check == "date_settled":
        return swapped_cell_reason(header, value)
    if check == "probability_parses":
        if values.open_probability(value):
            return (f"{header} {quoted} is not read: the column does not settle whether its probabilities are fractions "
                    f"of 1 or percentages (the file report says why), so it could be {_percentage_of(value, 1)} or "
                    f"{_percentage_of(value, 100)}; write it with a % sign (such as '{_percentage_of(value, 100)}') and "
                    "upload the file again.")
        if marker := values.no_value_reason(value, "probability", "write it as a percentage (60%)"):
            return f"{header} {quoted} {marker}"
        return f"{header} {quoted} is not a percentage."
    if check == "greater_than_or_equal_to":
        return f"{header} {quoted} is negative: amounts must be 0 or more."
    if check == "in_range":
        return (f"{header} {quoted} is outside 0-100%: a probability runs from 0% to 100%; correct it in the CRM and "
                "upload the file again.")
    if check == "closed_has_close_date":
        stage = _raw_value(table, frame, mapping, "stage", index)
        # A file whose only close date is an expected one names it (expected_close_only), as its report does.
        why = expected_close_only(mapping) or "closed deals need a close date"
        return f"{mapping.column_for('stage')} '{stage}' is a closed deal but {header} is blank: {why}."
    if check == "close_not_before_created":
        created = _raw_value(table, frame, mapping, "created_date", index)
        said = f"{header} {quoted} is before {mapping.column_for('created_date')} '{created}'"
        # Read the other way both could be in order: the file's date order, not its dates, may be wrong,
        # unless another of its dates shows the order (a day above 12), which the other order cannot read.
        shown = DATE_ORDER_SHOWN in frame.columns and bool(frame.get_column(DATE_ORDER_SHOWN)[index])
        other_order = not shown and values.in_order_some_way(created, value)
        return f"{said} {values.CHOOSE_DATE_ORDER_FIX}." if other_order else f"{said}."
    if check == "opportunity_id_not_rounded":
        return f"{header} {quoted} is an ID Excel read as a number and rounded, so it no longer says which deal it is: {REEXPORT_WITHOUT_EXCEL}."
    if check == "rep_unique" and mapping.kind == "roster":
        return repeated_rep_sentence(header, value, duplicate_lines.get(frame.get_column(field)[index], []), frame, table, mapping)
    if check in ("opportunity_id_unique", "rep_unique"):
        others = ", ".join(str(n) for n in duplicate_lines.get(frame.get_column(field)[index], []))
        key = frame.get_column(field)[index]
        if field == "opportunity_id" and repeated and key in repeated:
            return f"{header} {quoted} appears on lines {others}{repeated[key]}"
        what = "deal" if field == "opportunity_id" else "rep"
        return f"{header} {quoted} appears on lines {others}: each {what} must appear once per file, so none of those rows is stored."
    if check == "seller_profile_known":
        return unknown_profile_sentence(header, value)
    if check == "date_parses":
        return f"{header} {quoted} is not a date{values.not_a_date_reason(value)}"
    if check == "statement_known":
        if value is None:
            return f"{header} is blank: every answer needs the id of its statement (S01 to {STATEMENT_IDS[-1]})."
        return f"{header} {quoted} is not a statement of the questionnaire: use the ids S01 to {STATEMENT_IDS[-1]}."
    if check == "score_on_scale":
        if value is None:
            return f"{header} is blank: score every statement 1 (strongly disagree) to 5 (strongly agree)."
        return f"{header} {quoted} is not a score: use a whole number from 1 (strongly disagree) to 5 (strongly agree)."
    if check == "answer_unique":
        return f"{header} {quoted} is rated twice for the same rep, rater and date: keep one score per statement."
    if check == "answers_complete":
        row = frame.row(index, named=True)
        if row["statement"] is None or row["score"] is None:
            return None  # this row's own failure says why; the set's other rows say it is incomplete
        missing = row["__expected"] - row["__answered"]
        return (
            f"{row['rater']}'s answers for {row['rep']} ({row['date']}) leave {missing} of {row['__expected']} "
            "statements without a valid score: the set is kept out whole, so no partial assessment is stored."
        )
    if check == "isin":
        return f"{header} {quoted} is not an allowed value."
    return f"{header} {quoted} failed the check {check}."


# The products a repeated deal's reason names before "and N more".
_PRODUCTS_NAMED = 3


def repeated_deal_endings(ids: pl.Series, table: pl.DataFrame, mapping: Mapping) -> dict[str, str]:
    """Per opportunity id repeated in a file's rows, what its reason says after "Opportunity ID 'X' appears on
    lines 2, 3": how the rows differ, that none is stored, and what to do. `ids`: each row's id as stored, row
    for row with `table` (the raw text table, with its headers as `mapping` maps them).

    Rows of one id that differ in nothing but the product are one deal's product lines, and are folded into it
    before this (identity.product_lines); rows left repeated differ in more. When they name several products,
    they are the lines of a report with products whose line amounts (or other fields) differ: which amount is the
    deal's cannot be told, so the reason says to export the report one row per opportunity. Otherwise it names
    the columns they differ in and says to keep the right row. The file's headers and values: escape to show it."""
    rows = table.with_columns(ids.alias("__repeated_id")).filter(
        pl.col("__repeated_id").is_duplicated() & pl.col("__repeated_id").is_not_null())
    product = mapping.fields.get("product")
    compared = list(dict.fromkeys(
        h for f, h in mapping.fields.items() if f not in ("opportunity_id", "product") and h in table.columns))
    compared.sort(key=table.columns.index)  # the file's order
    said: list[pl.Expr] = [(named(h).str.strip_chars().fill_null("").n_unique() > 1).alias(h) for h in compared]
    if product is not None and product in table.columns:
        written = named(product).str.strip_chars()
        said.append(written.filter(written.str.len_chars() > 0).unique(maintain_order=True).alias("__repeated_products"))
    endings: dict[str, str] = {}
    for row in rows.group_by("__repeated_id").agg(*said, pl.len().alias("__repeated_rows")).iter_rows(named=True):
        differ = [h for h in compared if row[h]]
        others = "other" if row["__repeated_rows"] == 2 else "others"
        products = row.get("__repeated_products") or []
        if len(products) > 1:
            shown = [f"'{p}'" for p in products[:_PRODUCTS_NAMED]]
            if len(products) > _PRODUCTS_NAMED:
                shown.append(f"{len(products) - _PRODUCTS_NAMED} more")
            but = f" but {'a different' if len(differ) == 1 else 'different'} {listed(differ)}" if differ else ""
            endings[row["__repeated_id"]] = (
                f" with a product each ({listed(shown)}){but}: they are not one deal's product lines, so none of those "
                "rows is stored; export the opportunities report without products (one row per opportunity) and upload that.")
        elif differ:
            endings[row["__repeated_id"]] = (
                f", which differ in {listed(differ)}: a deal is one row, so none of those rows is stored; keep the row "
                f"that is right, delete the {others} and upload the file again.")
        else:
            endings[row["__repeated_id"]] = (
                f": a deal is one row, so none of those rows is stored; keep one, delete the {others} and upload the "
                "file again.")
    return endings


def repeated_rep_sentence(header: str, value: str | None, lines: list[int], frame: pl.DataFrame, table: pl.DataFrame,
                          mapping: Mapping) -> str:
    """Why a roster rep's rows (on file `lines`) are none of them stored, and what to do, by how they differ. A rep
    on two rows is most often a rep who moved team, whose newer row alone would count all their earlier deals for
    the new team: where the rows give two teams, the sentence says how a move is recorded (a Team Start Date:
    winloss.team_history, whose earlier team is the one the store holds, so a store without it is given it first).
    Otherwise it names the columns the rows differ in, or says they are the same. The file's headers and values:
    escape the sentence to show it.

    'Rep 'Mike Chen' appears on lines 8 and 9 (teams Orcas and Falcons): a rep is one row, so none of those rows
    is stored. To record a move, keep the row of the current team and give it a Team Start Date, the day the rep
    joined it: deals before that day stay with the earlier team (Orcas, if the rep moved to Falcons) once the
    store holds the rep in it; if it does not yet, upload a roster with the earlier row alone first.'"""
    at = {line: i for i, line in enumerate(frame.get_column("__line").to_list())}
    rows = [at[line] for line in lines if line in at]

    def written(field: str, i: int) -> str:
        cell = _raw_value(table, frame, mapping, field, i)
        return "" if cell is None else cell.strip()

    said = f"{header} '{value}' appears on lines {listed([str(n) for n in lines])}"
    one_row = "a rep is one row, so none of those rows is stored"
    teams = list(dict.fromkeys(t for i in rows if (t := written("team", i)))) if "team" in mapping.fields else []
    if len(teams) > 1:
        since = mapping.fields.get("team_since")
        start = f"a date in '{since}'" if since else "a Team Start Date"
        example = f" ({teams[0]}, if the rep moved to {teams[1]})" if len(teams) == 2 else ""
        return (f"{said} (teams {listed(teams)}): {one_row}. To record a move, keep the row of the current team and "
                f"give it {start}, the day the rep joined it: deals before that day stay with the earlier team{example} "
                f"once the store holds the rep in it; if it does not yet, upload a roster with the earlier row alone first.")
    differ = [mapping.fields[f] for f in mapping.fields if f != "rep" and len({written(f, i) for i in rows}) > 1]
    differ.sort(key=lambda header: table.columns.index(header) if header in table.columns else len(table.columns))  # the file's order
    if differ:
        return (f"{said}, which differ in {listed(differ)}: {one_row}. Keep the row that is right and delete the "
                f"{'other' if len(rows) == 2 else 'others'}, then upload the roster again.")
    return f"{said}, the same in every column read: {one_row}. Delete all but one and upload the roster again."


def unknown_profile_sentence(header: str, value: str | None) -> str:
    """Why a roster row's profile was not stored, what was stored instead, and what to do; with the profile its
    spelling is close to, when one is (vocabulary.profile_meant): "Profile 'Challanger' (did you mean 'Challenger'?) is …"."""
    return (
        f"{header} '{value}'{profile_guess_words(value)} is not one of the five seller profiles ({', '.join(PROFILES)}): the rep is stored "
        f"without it ({UNPROFILED}, or keeping the profile already stored for them); fill in one of the five "
        f"(or leave it blank for {UNPROFILED}) and upload the roster again."
    )


def _unsettled_sentence(frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping, index: int) -> str:
    """Why an amount was not stored: both readings, and how to choose between them."""
    for field in ("amount", "converted_amount"):
        text = _raw_value(table, frame, mapping, field, index)
        if text is None:
            continue
        if SCALE_UNREAD[field] in frame.columns and (code := frame.get_column(SCALE_UNREAD[field])[index]) is not None:
            return unread_scale_reason(mapping.column_for(field), text, code)
        if (by_header := unread_header_reason(mapping.column_for(field), text)) is not None:
            return by_header
        shape = values.amount_shapes(pl.Series([text])).row(0, named=True)
        if shape["says"] is None and shape["point"] is not None and shape["comma"] is not None and shape["point"] != shape["comma"]:
            scale = shape["scale"]
            one, other = sorted((shape["point"] * scale, shape["comma"] * scale))
            return (
                f"{mapping.column_for(field)} '{text}' could be {one:,.10g} or {other:,.10g}: nothing in the file shows whether "
                f"'.' or ',' is its decimal mark. Choose the decimal mark{command_line_hint('--decimal-mark', 'point or comma, and ingest again')}."
            )
    return f"{mapping.column_for('amount')} could be read two ways: choose the decimal mark and ingest again."


# How a reason tells the user that the amounts of a file that name no currency can be given one for the
# whole file (file_currency.file_currency_choice): the Data page's choice, or --currency on the command line.
CHOOSE_FILE_CURRENCY = (
    f"or, if every amount that names none is in one currency, choose it for the file{command_line_hint('--currency', 'CODE')}"
)


# How to write a currency, after a currency column's no-value marker ("TBD").
_WRITE_CODE = "write its three-letter ISO 4217 code (USD, EUR, GBP...)"


def unknown_currency_sentence(header: str, written: str | None, converted_header: str | None = None) -> str:
    """Why a row whose currency column (`header`) holds `written`, neither a currency's code, sign nor a name
    values.currency_names knows, is not stored, and what the user can do without editing each row: say which
    currency the name is (winloss.ingest.currency_names), read the file's amounts without the column, or export
    codes. The one wording of the amount's currency and, given the converted amount's column (`converted_header`),
    of the converted amount's: its amounts that name none are read in the reporting currency, not a chosen one."""
    name = command_line_hint("--currency-name", quoted(f"{written}=CODE"))
    if converted_header is None:
        instead = (f"if every deal of the file is in one currency, you may instead leave Currency unmapped"
                   f"{command_line_hint('--map', 'currency=')} and choose that currency{command_line_hint('--currency', 'JPY')}")
        never = "amounts in different currencies are never added together"
    else:
        instead = ("if every converted amount of the file is in the store's reporting currency, you may instead leave "
                   f"the converted amount's currency unmapped{command_line_hint('--map', 'converted_currency=')}")
        never = f"{converted_header} is not read in a currency it may not be in"
    return (f"{header} '{written}' is not a currency code, sign or name the app knows, and {never}: say which currency "
            f"'{written}' is{name}; {instead}; else export the currency column as ISO codes (USD, EUR, JPY...).")


def _currency_sentence(frame: pl.DataFrame, table: pl.DataFrame, mapping: Mapping, index: int) -> str:
    """Why a row's currency cannot be settled, in the file's own words."""
    problem = frame.get_column(CURRENCY_PROBLEM)[index]
    amount = _raw_value(table, frame, mapping, "amount", index)
    written = _raw_value(table, frame, mapping, "currency", index)
    currency_header = mapping.column_for("currency")
    if problem == UNKNOWN_CURRENCY:
        if marker := values.no_value_reason(written, "currency", _WRITE_CODE):
            return f"{currency_header} '{written}' {marker}"
        return unknown_currency_sentence(currency_header, written)
    if problem == SEVERAL_CURRENCIES:
        return f"{mapping.column_for('amount')} '{amount}' {_several_sentence(amount, mapping, currency_header)}"
    if problem == SEVERAL_BY_FORMAT:
        return (
            f"{mapping.column_for('amount')} '{amount}' is formatted in the workbook with a unit several currencies "
            f"share (such as kr), and nothing says which: {_where_to_name(mapping, currency_header)}, "
            "so amounts in different currencies are never added together."
        )
    unit = header_unit(mapping.column_for("amount")) if problem in (SEVERAL_BY_HEADER, HEADER_CONFLICT) else None
    if problem == SEVERAL_BY_HEADER and unit is not None:
        return (
            f"{mapping.column_for('amount')} '{amount}' is read in {unit.text} by its column's header, a unit several "
            f"currencies share ({one_of(unit.code or '')}), and nothing says which: {_where_to_name(mapping, currency_header)}, "
            "so amounts in different currencies are never added together."
        )
    if problem == HEADER_CONFLICT and unit is not None:
        return _header_conflict_sentence(mapping.column_for("amount"), amount, unit, currency_header, written)
    if problem == CONVERTED_CONFLICTING_CURRENCY:
        return _conflict_sentence(
            mapping.column_for("converted_amount"), _raw_value(table, frame, mapping, "converted_amount", index),
            mapping.column_for("converted_currency"), _raw_value(table, frame, mapping, "converted_currency", index),
        )
    if problem == CONVERTED_HEADER_CONFLICT and (converted_unit := header_unit(mapping.column_for("converted_amount"))):
        return _header_conflict_sentence(
            mapping.column_for("converted_amount"), _raw_value(table, frame, mapping, "converted_amount", index), converted_unit,
            mapping.column_for("converted_currency"), _raw_value(table, frame, mapping, "converted_currency", index),
        )
    if problem == SEVERAL_CONVERTED_BY_FORMAT:
        return (
            f"{mapping.column_for('converted_amount')} '{_raw_value(table, frame, mapping, 'converted_amount', index)}' is "
            "formatted in the workbook with a unit several currencies share (such as kr), and nothing says which: "
            f"{_where_to_name(mapping, mapping.fields.get('converted_currency'), 'converted_currency')}, "
            "so amounts in different currencies are never added together."
        )
    converted_column = mapping.fields.get("converted_currency")
    if problem == UNKNOWN_CONVERTED_CURRENCY and (
        converted_column is None or not (table.get_column(converted_column)[index] or "").strip()
    ):
        # A unit several currencies share ("4400 kr") that no converted currency column, or a blank cell of it, settles.
        converted = _raw_value(table, frame, mapping, "converted_amount", index)
        return (f"{mapping.column_for('converted_amount')} '{converted}' "
                f"{_several_sentence(converted, mapping, converted_column, 'converted_currency')}")
    if problem == UNKNOWN_CONVERTED_CURRENCY:
        header = mapping.column_for("converted_currency")
        written = _raw_value(table, frame, mapping, "converted_currency", index)
        if marker := values.no_value_reason(written, "currency", _WRITE_CODE):
            return f"{header} '{written}' {marker}"
        return unknown_currency_sentence(header, written, mapping.column_for("converted_amount"))
    if problem == CONFLICTING_CURRENCY:
        return _conflict_sentence(mapping.column_for("amount"), amount, currency_header, written)
    # An amount that names none, in a file that names several currencies or a unit several share ("kr"):
    # its row's currency, or the one currency of every such amount of the file (file_currency), settles it.
    among = ("the file holds amounts in several" if problem == MISSING_CURRENCY
             else "other amounts in the file use a unit several currencies share, so nothing says which it is in")
    return (
        f"{mapping.column_for('amount')} '{amount}' names no currency and {among}: "
        f"{_where_to_name(mapping, currency_header)}, {CHOOSE_FILE_CURRENCY}."
    )


def _conflict_sentence(header: str, amount: str | None, currency_header: str, written: str | None) -> str:
    """Why a row is not stored whose amount (`amount`, under `header`) names one currency and its currency
    column (`currency_header`) another (`written`): CONFLICTING_CURRENCY for the amount,
    CONVERTED_CONFLICTING_CURRENCY for the converted amount, worded alike."""
    return f"{header} '{amount}' names one currency and {currency_header} '{written}' another: correct one of them."


def _header_conflict_sentence(header: str, amount: str | None, unit: HeaderUnit, currency_header: str, written: str | None) -> str:
    """Why a row is not stored whose amount (`amount`, under `header`) writes no currency and is read in the
    `unit` its column's header names, while its currency column (`currency_header`) names another (`written`):
    HEADER_CONFLICT for the amount, CONVERTED_HEADER_CONFLICT for the converted amount, worded alike."""
    code = one_of(unit.code or "")
    named = unit.text if unit.text == code else f"{unit.text} ({code})"
    return (f"{header} '{amount}' is read in {named} by its column's header, and {currency_header} '{written}' names "
            "another currency: correct one of them.")


def _where_to_name(mapping: Mapping, currency_header: str | None, field: str = "currency") -> str:
    """Where the user says which currency a row's amount is in: the file's currency column for
    `field`, or, when the file has none, a column to add."""
    if currency_header and field in mapping.fields:
        return f"fill in {currency_header} with its code"
    return "add a column with its three-letter code and map it as the " + (
        "currency" if field == "currency" else "converted amount's currency"
    )


def _several_sentence(amount: object, mapping: Mapping, currency_header: str | None, field: str = "currency") -> str:
    """The rest of the sentence for an amount whose unit several currencies share ("5 000 kr", or "5000" under
    a header naming "kr"): which they are, and where to say which one it is."""
    unit = header_unit(mapping.column_for("amount" if field == "currency" else "converted_amount"))
    codes = pl.select(values.currency(pl.lit(str(amount)))).item() or (unit.code if unit is not None else None) or ""
    return (f"could be in {one_of(codes)}: {_where_to_name(mapping, currency_header, field)}, "
            "so amounts in different currencies are never added together.")


def grouped_errors(errors: pl.DataFrame, examples: int = 3) -> pl.DataFrame:
    """Failures grouped by check: check, column (String), rows (UInt32), examples (String: up to
    `examples` distinct values, comma-separated, a blank one as BLANK; null when the check's rows have
    none to show, such as a missing close date or a row that could not be split, so a table shows its
    placeholder)."""
    if errors.height == 0:
        return pl.DataFrame(schema={"check": pl.String, "column": pl.String, "rows": pl.UInt32, "examples": pl.String})
    return (
        errors.group_by("check", "column", maintain_order=True)
        .agg(
            pl.col("line").n_unique().alias("rows"),
            # A blank is an example too: one check covers a blank currency and one that is no code,
            # and examples of the second alone would hide the first.
            pl.col("value").fill_null(BLANK).unique(maintain_order=True).head(examples).str.join(", ").alias("examples"),
            pl.col("value").is_not_null().any().alias("shown"),
        )
        .with_columns(pl.when(pl.col("shown")).then(pl.col("examples")).alias("examples"))
        .drop("shown")
        .sort("rows", descending=True)
    )


__all__ = ["Validated", "validated", "dashes_said", "dash_said", "grouped_errors", "ERROR_SCHEMA", "CHECK_TITLES", "LEFT_OUT_SCHEMA", "VALUE_CHECKS"]
