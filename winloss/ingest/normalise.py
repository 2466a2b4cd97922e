"""Turn a raw text table and its mapping into typed canonical columns, ready for validation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from typing import cast

import polars as pl

from data_models.schemas import CURRENCY_PROBLEM, DATE_ORDER_SHOWN, MERGED_AMOUNT, PARSED_FIELDS, SCALE_UNREAD, UNSETTLED_AMOUNT, UNSETTLED_DATE, raw
from data_models.vocabulary import LOST, NO_DECISION, OPEN, OPPORTUNITY_SCHEMA, ROSTER_SCHEMA, UNPROFILED, WON, canonical_profile
from winloss.constant_columns import constant
from winloss import employment, team_history
from winloss.ingest import identity, name_order, outcomes, values
from winloss.ingest.mapping import (
    CLOSED_FLAG, EXPECTED_CLOSE, LOST_DATE, OPPORTUNITY_NAME, STATUS, WON_DATE, WON_FLAG, Mapping, header_key,
    reason_in_stage,
)
from winloss.ingest.currency_names import named_as_set
from winloss.ingest.date_order import BY_CHOICE, BY_DATES, BY_DECIMAL_COMMA, BY_DEFAULT, BY_SEMICOLON, DateOrder, Fallback
from winloss.ingest.hints import command_line_hint, quoted
from winloss.ingest.merged_amounts import merged_amount_flags
from winloss.ingest.money import (
    CURRENCY_BY_RULE,
    DEFAULT_REPORTING_CURRENCY, FileMoney, MoneyDecision, continental_hints, extended_money, file_money, money_decision,
)
from winloss.ingest.reading_notes import ReadingNotes, one
from winloss.ingest.swapped_dates import swapped_cells
from winloss.text import plural, quoted_name, quoted_names


@dataclass(frozen=True)
class Normalised:
    """A file's rows as canonical typed columns, row for row with the raw table."""

    frame: pl.DataFrame  # __line, canonical fields, __raw_<field> for parsed fields, outcome rule columns
    notes: ReadingNotes  # sentences about choices made (e.g. a date order read from ambiguous data), by part
    stages: outcomes.StageRows | None = None  # what outcomes.stage_report counts, once the rows are validated
    rules: dict[str, str | None] = field(default_factory=dict)  # rules the file report names (decimal mark, currency)
    # Rows each whole-file note counts, for a batch read with FileDecisions (whose notes are left to the caller).
    counts: dict[str, int] = field(default_factory=dict)
    decimal_mark: values.DecimalMark | None = None  # the amounts' mark and its rule (None: the file has no amounts)
    money: FileMoney | None = None  # the money columns' rules (None: the file has no amounts)
    # The file report's sentence on the probabilities' scale (values.probabilities), of a whole file read at once:
    # the caller notes it where a file read in batches does.
    probability_rule: str | None = None
    # The order its d/m/y dates were read in and what settled it (date_order.DateOrder), of a whole file read at
    # once (a batch's is its FileDecisions'); None when no date reads either way.
    date_order: DateOrder | None = None


# The date fields whose texts hint at the decimal mark (money.continental_hints).
HINT_DATE_FIELDS = ("created_date", "close_date", EXPECTED_CLOSE)
# The mapped fields whose distinct values decide something for the whole file (date order,
# decimal mark, currencies): FileDecisions is made from these.
DATE_FIELDS = ("created_date", "close_date", EXPECTED_CLOSE, WON_DATE, LOST_DATE)
MONEY_FIELDS = ("amount", "converted_amount", "currency", "converted_currency")
DECIDING_FIELDS = (*DATE_FIELDS, *MONEY_FIELDS, "probability")


@dataclass(frozen=True)
class FileDecisions:
    """What a whole opportunity file decides, so its rows can be read a batch at a time as if whole.

    Made by `file_decisions` from every distinct value of the deciding fields and the rep names'
    counts; `normalised_opportunities(..., decided=)` then reads any batch of the file's rows.
    """

    dates: dict[str, tuple[pl.Series, pl.Series]]  # field -> (every distinct text, its date as the file reads it)
    money: MoneyDecision | None
    rep_names: tuple[pl.Series, pl.Series] | None  # (name, the spelling it is stored under) for renamed reps
    rep_note: str | None  # reps merged under one spelling
    date_notes: list[str]  # the date order, when the data could not settle it
    rules: dict[str, str | None]  # decimal_mark and separator_rule for the file report
    # (every distinct text, its percentage as the whole column reads it: fractions or not)
    probability: tuple[pl.Series, pl.Series] | None = None
    probability_rule: str | None = None  # the file report's sentence on the probabilities' scale (values.probabilities)
    # field -> values.date_parts of every distinct text (`key`): a later decision parses only new texts
    date_parts: dict[str, pl.DataFrame] = field(default_factory=dict, compare=False, repr=False)
    # field -> the order its new texts are read in (values.written_dates' day_first), for each date column
    # whose order is settled: written day-first or month-first with some date proving it, or year first.
    date_orders: dict[str, bool | None] = field(default_factory=dict, compare=False, repr=False)
    # One of the file's dates shows its day/month order (a day above 12): DATE_ORDER_SHOWN.
    date_order_shown: bool = False
    # The order its d/m/y dates are read in and what settled it (date_order.DateOrder); None when none reads either way.
    date_order: DateOrder | None = field(default=None, compare=False)


def file_decisions(
    distinct: dict[str, pl.Series],
    rep_counts: pl.DataFrame | None,
    mapping: Mapping,
    day_first: bool | None = None,
    *,
    delimiter: str | None = None,
    decimal_mark: str | None = None,
    earlier: FileDecisions | None = None,
    grown: set[str] | None = None,
    hint_lines: MappingOf[tuple[str, str], int] | None = None,
    reporting_currency: str | None = None,
    file_currency: str | None = None,
    fallback: Fallback | None = None,
    currency_names: MappingOf[str, str] | None = None,
) -> FileDecisions:
    """The whole file's decisions from `distinct` (field -> every distinct text of its mapped column,
    for the DECIDING_FIELDS present) and `rep_counts` (columns `name`, `n`: each rep text and its rows).

    The same rules as `normalised_opportunities` applies to a whole file: one date order, one
    decimal mark, the currencies the file names, one reading of the probabilities, one spelling
    per rep (the most frequent). With `earlier` (the decisions of fewer rows), the parts whose
    fields are not in `grown` (fields with new distinct values since) are kept as they were.
    `hint_lines`: (header, text) -> its first line, for the date texts a decimal-mark rule may quote
    (money.hint_examples of each HINT_DATE_FIELDS column's texts). `reporting_currency`: what amounts
    naming no currency are in, and `file_currency` the user's choice for them (money_decision). `fallback`:
    what decides a date order the dates do not show, ahead of the decimal comma (date_order.fallback).
    `currency_names`: the user's meanings of currency names (currency_names.currency_name_choices).
    """
    grown = set(DECIDING_FIELDS) if earlier is None or grown is None else grown
    notes: list[str] = []
    money = None
    rules: dict[str, str | None] = {}
    if earlier is not None and not grown & {*MONEY_FIELDS, *DATE_FIELDS}:
        money, rules = earlier.money, earlier.rules
    elif "amount" in distinct or "converted_amount" in distinct:
        dated = {mapping.fields[n]: distinct[n] for n in HINT_DATE_FIELDS if n in distinct}
        lines = hint_lines or {}
        hints = continental_hints(dated, delimiter, lambda header, text: lines.get((header, text)))
        money = money_decision(_names_as_set(distinct, currency_names, distinct=True), hints, decimal_mark,
                               earlier.money if earlier else None, mapping.fields, reporting_currency, file_currency)
        rules = {"decimal_mark": money.decimal_mark.name, "separator_rule": money.separator_rule}
    dates: dict[str, tuple[pl.Series, pl.Series]] = {}
    date_parts: dict[str, pl.DataFrame] = {}
    date_orders: dict[str, bool | None] = {}
    read_order = None
    if earlier is not None and not grown & set(DATE_FIELDS):
        dates, notes, date_parts, date_orders = earlier.dates, earlier.date_notes, earlier.date_parts, earlier.date_orders
        order_shown, read_order = earlier.date_order_shown, earlier.date_order
    else:
        date_texts = {n: distinct[n] for n in DATE_FIELDS if n in distinct}
        file_dates = _file_dates(date_texts, mapping, day_first, earlier.date_parts if earlier else None,
                                 decimal_comma=money is not None and money.decimal_mark.mark == values.COMMA,
                                 fallback=fallback, semicolon=_semicolon_evidence(delimiter, money.decimal_mark if money is not None else None))
        order_shown, read_order = file_dates.order_shown, file_dates.order
        for name, parsed in file_dates.columns.items():
            if parsed.note:
                notes.append(parsed.note)
            dates[name] = (parsed.distinct, parsed.column.values)
            date_parts[name] = parsed.parts
            if (order := _settled_order(parsed.column)) is not _UNSETTLED:
                date_orders[name] = cast("bool | None", order)
    probability, probability_rule = None, None
    if earlier is not None and "probability" not in grown:
        probability, probability_rule = earlier.probability, earlier.probability_rule
    elif "probability" in distinct:
        read = values.probabilities(distinct["probability"], mapping.fields.get("probability", ""))
        probability, probability_rule = (read.texts, read.values), read.rule
    rep_names, rep_note = rep_decision(rep_counts)
    return FileDecisions(dates, money, rep_names, rep_note, notes, rules, probability, probability_rule, date_parts,
                         date_orders, order_shown, read_order)


_UNSETTLED = object()


def _settled_order(column: values.DateColumn) -> object:
    """The day_first a column's new texts are read in (values.written_dates), or _UNSETTLED when its
    order may still change with more of its texts: a guess, serial numbers, or orders mixed."""
    if column.ambiguous:
        return _UNSETTLED
    return {"dmy": True, "mdy": False, "ymd": None}.get(column.order, _UNSETTLED)


def extended_decisions(
    earlier: FileDecisions, new: MappingOf[str, pl.Series], distinct: MappingOf[str, pl.Series],
    rep_counts: pl.DataFrame | None, probability_header: str = "",
) -> FileDecisions | None:
    """`earlier` (the decisions of a file's rows so far) with `new` (field -> the distinct texts of
    DECIDING_FIELDS the rows so far did not hold) read by its rules, which are not decided again: a
    new amount with its decimal mark, a new date in its column's settled order. The probabilities
    (a handful of texts) and the reps' spellings are decided again, over `distinct` (field -> every
    distinct text so far) and `rep_counts`. None when a date column with new texts has no settled
    order yet (file_decisions then decides again).

    Deciding again over every distinct text took as long as normalising the batch, on each batch.
    A batch read with these decisions is compared with the whole file's decision at the end, as
    every batch is (pipeline._same_decisions): where they differ, the file is read again.
    """
    dates, date_parts = dict(earlier.dates), dict(earlier.date_parts)
    for name in DATE_FIELDS:
        texts = new.get(name)
        if texts is None or not texts.len():
            continue
        if name not in earlier.date_orders or name not in dates:
            return None
        known, parsed = dates[name]
        parts = values.date_parts(texts).with_columns(texts.alias("key"))
        read = values.written_dates(parts, parsed.name, earlier.date_orders[name])
        dates[name] = (pl.concat([known, texts.alias(known.name)]), pl.concat([parsed, read]))
        date_parts[name] = pl.concat([date_parts[name], parts.select(date_parts[name].columns)])
    money = earlier.money
    if money is not None and any(name in new for name in MONEY_FIELDS):
        money = extended_money(money, new)
    probability, probability_rule = earlier.probability, earlier.probability_rule
    if "probability" in new and "probability" in distinct:
        again = values.probabilities(distinct["probability"], probability_header)
        probability, probability_rule = (again.texts, again.values), again.rule
    rep_names, rep_note = rep_decision(rep_counts)
    return dataclasses.replace(earlier, dates=dates, money=money, rep_names=rep_names, rep_note=rep_note,
                               probability=probability, probability_rule=probability_rule, date_parts=date_parts)


def rep_decision(rep_counts: pl.DataFrame | None) -> tuple[tuple[pl.Series, pl.Series] | None, str | None]:
    """(names and the spellings they are stored under, for renamed reps only; the note) from each
    rep text's rows (columns `name`, `n`): FileDecisions.rep_names and .rep_note."""
    if rep_counts is None or rep_counts.height == 0:
        return None, None
    renamed = identity.spellings(rep_counts).filter(pl.col("name") != pl.col("spelling"))
    if renamed.height == 0:
        return None, None
    rep_names = (renamed.get_column("name"), renamed.get_column("spelling"))
    merged = rep_counts.height - rep_counts.get_column("name").replace(*rep_names).unique().len()
    return rep_names, (_rep_note(merged, renamed.sort("name")) if merged else None)


# How many of a rep column's numbers the note on a column of owner ids quotes.
_NUMBERS_SHOWN = 3
# The header of HubSpot's owner property under its internal name: its export by internal names writes
# the owner's id there, the owner's name under "Deal owner".
_HUBSPOT_OWNER_ID = header_key("hubspot_owner_id")


def numeric_reps_note(reps: pl.Series, column: str) -> str | None:
    """The file report's sentence for a rep column (`column`, its texts `reps`) that holds only numbers:
    a CRM's owner or user ids, not names (HubSpot's export by internal names writes hubspot_owner_id).
    The file is stored all the same, each id a consistent rep, but the pages show reps as numbers and
    no roster name matches them: the sentence says so and what to do. None when a value is no number."""
    names = reps.drop_nulls().unique()
    if names.len() == 0 or not names.str.contains(r"^[0-9]+$").all():
        return None
    shown = sorted(names.to_list(), key=lambda n: (len(n), n))
    numbers = ", ".join(f"'{n}'" for n in shown[:_NUMBERS_SHOWN]) + (", …" if len(shown) > _NUMBERS_SHOWN else "")
    where = " (in HubSpot, the Deal owner property)" if header_key(column) == _HUBSPOT_OWNER_ID else ""
    choose = command_line_hint("--map", "rep=" + quoted("Column name"))
    return (
        f"The rep column '{column}' holds only numbers ({numbers}), owner ids rather than names, so reps are "
        f"stored and shown as these numbers and no roster name matches them: to have names, export the owners' "
        f"names{where} or map the column that holds them{choose}."
    )


# The spellings the note on rep names merged within a file names before "and N more".
MERGED_NAMED = 5


def merged_names_words(renamed: pl.DataFrame, limit: int = MERGED_NAMED) -> str:
    """Which names of a file are stored under another spelling (`renamed`: columns name, spelling, in the order to
    name them), each spelling once with the names stored under it: '"LI WEI" and "li wei" as "Li Wei"; "Jose Diaz"
    as "José Díaz"'. The first `limit` spellings, then the other names counted ('; and 3 more'). Names are the
    file's: escape the words to show them."""
    groups = renamed.group_by("spelling", maintain_order=True).agg("name")
    words = [f"{quoted_names(names)} as {quoted_name(spelling)}" for spelling, names in groups.head(limit).iter_rows()]
    rest = int(groups.slice(limit).get_column("name").list.len().sum())
    return "; ".join([*words, *([f"and {rest:,} more"] if rest else [])])


def _rep_note(merged: int, renamed: pl.DataFrame) -> str:
    """The file report's note on rep names merged within the file (`renamed`: columns name,
    spelling), naming them (merged_names_words) and, for each that differs by more than case or
    spacing, the two spellings and the warning two people may be spelt so (identity.variant_sentences).
    It said "1 rep name is another spelling ..." without saying which."""
    named = identity.variant_sentences(
        ((name, spelling, spelling) for name, spelling in renamed.select("name", "spelling").iter_rows()),
        places=("", "in this file"))
    return " ".join([
        f"{plural(merged, 'rep name')} {'is' if merged == 1 else 'are'} another spelling (case, spacing, accents or quotes) "
        f"of a rep's name ({merged_names_words(renamed)}): each rep is stored under one spelling, the most carefully "
        "written (cased as a name, with its accents), else the most frequent.", *named])


def reason_spellings_note(renamed: pl.DataFrame) -> str:
    """The file report's note for loss reasons written in two ways (`renamed`: columns name, spelling, one row per
    reason shown under another spelling, in the order to name them), worded as the reps' note is and naming them
    the same way (merged_names_words). It said "2 loss reasons are another spelling ..." without saying which.
    Reasons are the file's: escape the note to show it."""
    merged = renamed.height
    return (
        f"{plural(merged, 'loss reason')} {'is' if merged == 1 else 'are'} another spelling (case, spacing, accents or "
        f"quotes) of a reason ({merged_names_words(renamed)}): each reason counts as one, shown in its most carefully "
        "written spelling (not all lower or upper case), else the most frequent (the file's text is kept as written, "
        "its spacing tidied)."
    )


def invisible_ids_note(changed: int) -> str:
    """The note for ids holding characters that show nothing, stored without them."""
    ids, hold = ("ID", "holds") if changed == 1 else ("IDs", "hold")
    return (
        f"{changed:,} opportunity {ids} {hold} characters that show nothing (a zero-width space, a soft hyphen, "
        "a byte-order or direction mark, a NUL byte), left by copying text or a damaged export: they are stored without them, so they match the "
        "same deals in any export."
    )


def number_ids_note(changed: int) -> str:
    """The note for ids a spreadsheet formatted as numbers, stored as their digits alone."""
    ids = "ID is" if changed == 1 else "IDs are"
    return (
        f"{changed:,} opportunity {ids} written as a spreadsheet formats a number (with thousands separators, "
        "as in 12,345,678, or a decimal part of zeros, as in 12345678.0): they are stored as their digits alone "
        "(12345678), as the CRM writes them, so they match the same deals in any export."
    )


def salesforce_note(changed: int) -> str:
    """The note for 15-character Salesforce ids stored in their 18-character form."""
    if changed == 1:
        return ("1 Salesforce ID is in its 15-character form: it is stored in the 18-character form, so it matches "
                "the same deal in any export.")
    return (
        f"{changed:,} Salesforce IDs are in their 15-character form: they are stored in the "
        "18-character form, so they match the same deals in any export."
    )


# How an opportunity id is stored, rule by rule in this order, each rewriting some ids (and returning
# the same Series when it rewrites none): (its count in Normalised.counts, the rule, the file report's
# note of how many it rewrote). A batch's counts are summed and noted once for the whole file.
ID_RULES: tuple[tuple[str, Callable[[pl.Series], pl.Series], Callable[[int], str]], ...] = (
    ("invisible_ids", identity.visible_ids, invisible_ids_note),
    ("number_ids", identity.digits_only_ids, number_ids_note),
    ("salesforce_15", identity.salesforce_18, salesforce_note),
)


def zero_tailed_ids_note(rows: int) -> str:
    """The note for ids that end as Excel writes a long number it rounded (identity.zero_tailed_ids)."""
    ids, have = ("ID has", "its") if rows == 1 else ("IDs have", "their")
    return (
        f"{rows:,} opportunity {ids} more than 15 digits and only zeros after {have} 15th, as Excel writes a long "
        "number it rounded: if this file was opened and saved in Excel, those IDs no longer say which deal they are "
        f"(two deals may share one): {identity.REEXPORT_WITHOUT_EXCEL}."
    )


def shortened_ids_note(rows: int) -> str:
    """The note for ids that read as Excel saves one it showed in scientific notation (identity.shortened_ids)."""
    if rows == 1:
        ids, lost = "ID has", "it may have lost its last digits and no longer say which deal it is. It is"
    else:
        ids, lost = "IDs have", "they may have lost their last digits and no longer say which deals they are. They are"
    return (
        f"{rows:,} opportunity {ids} 12 to 16 digits, all zeros after the first six or fewer, as an ID Excel showed "
        f"in scientific notation (1.23457E+14) reads once saved as a number: if this file was opened and saved in "
        f"Excel, {lost} stored as written; to be sure, {identity.REEXPORT_WITHOUT_EXCEL}."
    )


# Every id note, by its count in Normalised.counts: the rules' (ID_RULES), then ids stored as written
# that may have been rounded. A batch's counts are summed and noted once for the whole file.
ID_NOTES: tuple[tuple[str, Callable[[int], str]], ...] = (
    *((count, note) for count, _, note in ID_RULES), ("zero_tailed_ids", zero_tailed_ids_note),
    ("shortened_ids", shortened_ids_note),
)


def stored_ids(ids: pl.Series) -> pl.Series:
    """Opportunity ids as they are stored: every ID_RULES rule, in order."""
    for _, rule, _ in ID_RULES:
        ids = rule(ids)
    return ids


@dataclass(frozen=True)
class _ParsedDates:
    distinct: pl.Series
    column: values.DateColumn
    parts: pl.DataFrame  # values.date_parts of `distinct`, row for row (its `key`)
    # day_first -> the column's dates read in that order (`read`), shared by every _ParsedDates of the same
    # `parts`: whether its dates show their order, read either way and which one shows it each read them the
    # other way, three readings of the same texts that cost as much for 20 rows as for 20,000.
    readings: dict[bool, values.DateColumn] = field(default_factory=dict, compare=False, repr=False)

    @property
    def note(self) -> str | None:
        return self.column.note

    def read(self, day_first: bool) -> values.DateColumn:
        """Its texts' dates in the order `day_first` says (values.dates_from_parts with that order), read once."""
        if day_first not in self.readings:
            self.readings[day_first] = values.dates_from_parts(self.parts, self.column.values.name, day_first)
        return self.readings[day_first]

    def other_way(self) -> pl.Series:
        """Its dates read in the other day/month order than its column's (a "dmy" or "mdy" one): 25/03/2024 is
        null month-first."""
        return self.read(self.column.order == "mdy").values

    def redone(self, day_first: bool, note: str | None, ambiguous: bool) -> _ParsedDates:
        """It read in the order `day_first` says, with `note`, ambiguous or not."""
        column = dataclasses.replace(self.read(day_first), note=note, ambiguous=ambiguous)
        return _ParsedDates(self.distinct, column, self.parts, self.readings)


def _proves_order(parsed: _ParsedDates) -> bool:
    """Whether a column's own values show its day/month order: one of its dates is a date only in the
    order it was read in (25/03/2024, 03/25/2024: a day above 12).

    Dates like 01/01 and 02/02 read the same either way, so they settle nothing for another column; nor
    do dotted dates that read both ways (03.09.2025): they are read day-first by their separator's
    custom, which says nothing of the order of a column written with slashes (11/03/2025).
    """
    column = parsed.column
    if column.ambiguous or column.order not in ("dmy", "mdy"):
        return False
    return bool((column.values.is_not_null() & parsed.other_way().is_null()).any())


def _noted(parsed: _ParsedDates, *notes: str | None) -> _ParsedDates:
    """`parsed` with its column's note made of `notes` (those given), one after the other."""
    column = dataclasses.replace(parsed.column, note=" ".join(n for n in notes if n))
    return _ParsedDates(parsed.distinct, column, parsed.parts, parsed.readings)


def settled_order_sentence(day_first: bool, header: str, example: str, parts: Iterable[pl.DataFrame] = ()) -> str:
    """The file report's sentence on a day/month order the file's own dates settle: "Dates are read
    month-first (MM/DD/YYYY), as Close Date '04/25/2026' shows." (`example`: a date only that order reads;
    `parts`: the date columns' values.date_parts, whose separator the pattern is written with: "DD.MM.YYYY"
    for a file of 21.06.2025, the order alone for one that writes its dates with several)."""
    return f"Dates are read {values.order_words(day_first, parts)}, as {header} '{example}' shows."


def _order_example(parsed: _ParsedDates) -> str:
    """The first of a column's texts (in file order) that is a date only in the order it was read in:
    "25/12/2024" for day-first ("03/02/2024" reads both ways, so it shows neither)."""
    column = parsed.column
    shows = column.values.is_not_null() & parsed.other_way().is_null()  # read the other way it is no date: 25/12, 03/13
    return str(parsed.distinct.filter(shows)[0])  # _proves_order passed: one of its dates is one only its way


@dataclass(frozen=True)
class _FileDates:
    columns: dict[str, _ParsedDates]  # field -> its column, read in the file's order
    order_shown: bool  # one of its dates shows the order (_proves_order): DATE_ORDER_SHOWN
    order: DateOrder | None = None  # the order its d/m/y dates were read in and why; None when none reads either way


def _names_as_set(
    texts: dict[str, pl.Series], names: MappingOf[str, str] | None, distinct: bool = False,
) -> dict[str, pl.Series]:
    """`texts` (field -> a column's texts, row for row) with the currency columns' names the user gave a meaning
    read as their codes (currency_names.named_as_set); the other fields as they are. `distinct`: `texts` are each
    column's distinct texts, kept so ("Peso chileno" read as a "CLP" the column holds too is one text)."""
    if not names:
        return texts
    read = {name: named_as_set(column, names) for name, column in texts.items() if name in ("currency", "converted_currency")}
    return {**texts, **{name: column.unique(maintain_order=True) if distinct else column for name, column in read.items()}}


def _semicolon_evidence(delimiter: str | None, mark: values.DecimalMark | None) -> bool:
    """Whether a CSV's ';' delimiter counts towards reading its dates day-first (date_order.BY_SEMICOLON): it is
    Excel's list separator where numbers take a decimal comma, unless its amounts were read with a decimal point
    (`mark`: their decimal mark, None without amounts), which says the file was not made there."""
    return delimiter == ";" and (mark is None or mark.mark != values.POINT)


# The clause a note on dates read day-first ends with, for each rule after date_order.fallback's.
_DAY_FIRST_REASONS = {
    BY_DECIMAL_COMMA: "as the file's amounts use a decimal comma (1.234,56)",
    BY_SEMICOLON: "as the file is delimited by ';' (Excel's separator where numbers take a decimal comma and dates are "
                  "written day-first)",
}


def _file_dates(
    text: dict[str, pl.Series], mapping: Mapping, day_first: bool | None, known: dict[str, pl.DataFrame] | None = None,
    decimal_comma: bool = False, date1904: bool = False, fallback: Fallback | None = None, semicolon: bool = False,
) -> _FileDates:
    """Both date columns, with one day/month order for the file, and whether one of its dates shows that order.

    A CRM writes every date of an export the same way, so a column the data settles (a 25/03)
    decides a column it does not (03/01 could be either) instead of that one being guessed.
    `known` (field -> values.date_parts of texts parsed before) spares parsing those texts again.
    `decimal_comma`: the file's amounts use a decimal comma (by the rule the report names): dates no
    column settles are then read day-first, as spreadsheets in decimal-comma locales write them, and
    the note names that rule instead of guessing month-first. `fallback` (date_order.fallback: an earlier
    export of the same report, the headers' language) decides such dates ahead of the decimal comma;
    `semicolon` (_semicolon_evidence: a ';' delimiter) after it, read day-first by the same custom.
    """
    parsed: dict[str, _ParsedDates] = {}
    for name in ("created_date", "close_date", EXPECTED_CLOSE, WON_DATE, LOST_DATE):
        if name in text:
            parts = values.parsed_once((known or {}).get(name), text[name], values.date_parts)
            column = values.dates_from_parts(parts, mapping.fields[name], day_first, date1904)
            parsed[name] = _ParsedDates(parts.get_column("key"), column, parts)
    # Each column whose own dates show its order, found once (each test reads its dates the other way too).
    proving = [(name, p) for name, p in parsed.items() if _proves_order(p)]
    settled = {p.column.order for _, p in proving} & {"dmy", "mdy"}
    if day_first is None and len(settled) == 1:
        (order,) = settled  # not popped: `by` below reads that the dates settled it
        shown = next(name for name, p in proving if p.column.order == order)
        for name, p in parsed.items():
            if p.column.ambiguous:
                parsed[name] = p.redone(order == "dmy", note=None, ambiguous=False)
        # Said once for the file, from the first column whose own dates show it: an ops person saw how
        # '$1,250,000' was read but not whether 04/05/2026 was 5 April or 4 May.
        p = parsed[shown]
        parsed[shown] = _noted(p, settled_order_sentence(order == "dmy", mapping.fields[shown], _order_example(p),
                                                         [q.parts for q in parsed.values()]), p.column.note)
    elif day_first is None and len(settled) == 2:
        # Columns whose own dates show opposite orders: each is read its own way (its values say so),
        # and the file report says both, since a CRM writes one order for a whole export.
        said = ", ".join(f"{mapping.fields[name]} {'day-first' if p.column.order == 'dmy' else 'month-first'} "
                         f"(such as '{_order_example(p)}')" for name, p in proving)
        note = (f"The date columns are written in different orders: {said}; each is read in the order its own dates "
                f"show. {values.CHOOSE_DATE_ORDER}")
        name, p = proving[0]
        parsed[name] = _noted(p, p.column.note, note)
    # The next-strongest evidence, in date_order's order: an earlier export of the report, the headers'
    # language, then the amounts' decimal comma, then a ';' delimiter.
    by = (BY_CHOICE if day_first is not None else BY_DATES if len(settled) == 1 else fallback.by if fallback is not None
          else BY_DECIMAL_COMMA if decimal_comma else BY_SEMICOLON if semicolon else BY_DEFAULT)
    if day_first is None and not settled and by != BY_DEFAULT:
        later, reason = (fallback.day_first, fallback.reason) if fallback is not None else (True, _DAY_FIRST_REASONS[by])
        for name, p in parsed.items():
            # Dotted dates are read day-first already, by their own custom, which their note names.
            if p.column.ambiguous and p.column.order != "dmy":
                note = (f"{mapping.fields[name]}: every date could be day-first or month-first; read as "
                        f"{values.order_words(later, p.parts, slashed=True)}, {reason}. {values.CHOOSE_DATE_ORDER}")
                parsed[name] = p.redone(later, note=note, ambiguous=True)
    return _FileDates(parsed, bool(proving), _read_order(parsed, by, len(settled) == 2))


def _read_order(parsed: dict[str, _ParsedDates], by: str, conflicting: bool) -> DateOrder | None:
    """The order the file's slashed d/m/y dates were read in, settled `by` (a date_order.BY_ rule), with the
    fields whose every such date reads either way; None when no column holds such dates (ISO dates, serial
    numbers, dotted dates read by their own custom), or when its columns show opposite orders (`conflicting`)."""
    if conflicting:
        return None
    slashed = [(name, p) for name, p in parsed.items() if p.column.order in ("dmy", "mdy") and values.has_slashed(p.parts)]
    if not slashed:
        return None
    either = [(name, p) for name, p in slashed if _reads_either_way(p)]
    if not either and by not in (BY_CHOICE, BY_DATES):
        return None  # every date reads the same either way (01/01, 02/02): no order was decided
    day_first = (either or slashed)[0][1].column.order == "dmy"
    return DateOrder(day_first, by, tuple(name for name, _ in either))


def _reads_either_way(parsed: _ParsedDates) -> bool:
    """Whether every date of a column is one in the other day/month order too, and some other than it is."""
    column = parsed.column
    other = parsed.other_way()
    read = column.values.is_not_null()
    return bool((read == other.is_not_null()).all() and (read & (column.values != other)).any())


def _typed_numbers(
    table: pl.DataFrame, text: MappingOf[str, pl.Series], mapping: Mapping, text_numbers: MappingOf[str, pl.Series],
) -> frozenset[str]:
    """The amount and converted amount texts of `table` typed as text in a workbook though written as its reader
    writes a number ("1.234": `text_numbers`, RawTable.text_numbers), and in no number cell of those columns:
    a text that is also a number cell's is read as the number, as each distinct text has one reading."""
    if not text_numbers:  # a CSV's, or a workbook without such text: no text is typed so (no distinct texts gathered)
        return frozenset()
    typed: set[str] = set()
    numbers: set[str] = set()
    for name in ("amount", "converted_amount"):
        if name not in text:
            continue
        lines = text_numbers.get(mapping.fields[name])
        if lines is None:
            numbers.update(text[name].drop_nulls().unique().to_list())
            continue
        cells = table.get_column("__line").is_in(lines.implode())
        typed.update(text[name].filter(cells).drop_nulls().unique().to_list())
        numbers.update(text[name].filter(~cells).drop_nulls().unique().to_list())
    return frozenset(typed - numbers)


def normalised_opportunities(
    table: pl.DataFrame,
    mapping: Mapping,
    no_decision_reasons: Iterable[str],
    day_first: bool | None = None,
    stage_outcomes: MappingOf[str, str] | None = None,
    *,
    delimiter: str | None = None,
    decimal_mark: str | None = None,
    reporting_currency: str = DEFAULT_REPORTING_CURRENCY,
    file_currency: str | None = None,
    decided: FileDecisions | None = None,
    amount_formats: pl.DataFrame | None = None,
    converted_formats: pl.DataFrame | None = None,
    date1904: bool = False,
    workbook: bool = False,
    merged: pl.DataFrame | None = None,
    date_cells: MappingOf[str, pl.Series] | None = None,
    text_numbers: MappingOf[str, pl.Series] | None = None,
    fallback: Fallback | None = None,
    id_prefix: str | None = None,
    currency_names: MappingOf[str, str] | None = None,
) -> Normalised:
    """Canonical opportunity columns parsed from the mapped text columns.

    Outcomes come from the stage, the user's `stage_outcomes` (stage value -> outcome) and, for a
    stage no rule places, the closing columns (see winloss.ingest.outcomes). `delimiter` (the file's) and
    its dates settle the decimal mark when no amount does; `decimal_mark` (values.POINT or
    values.COMMA) forces it. `reporting_currency` is what amounts are in when the file names no
    currency, `file_currency` what the user chose for the amounts that name none (see
    winloss.ingest.money.file_money). `fallback` (date_order.fallback) decides a date order the dates do not
    show, ahead of the decimal comma. `decided` (file_decisions of the whole file) reads
    `table` as a batch of the file's rows: its whole-file notes are then the caller's, from `decided`
    (its date_notes, rep_note, probability_rule) and the returned `counts`. `amount_formats`: a
    workbook's amount cells whose number format shows a currency sign or a scale ("__line", "signs",
    "format": RawTable.currency_formats of the amount's column),
    which name the currency of an amount whose text names none, and a scale applied to its value
    (money.cell_scales); `converted_formats` the same of the converted amount's column. `date1904`: the workbook counts serial day numbers
    from 1904-01-01 (RawTable.date1904). `workbook`: the rows are a workbook's cells, whose number cells the
    reader writes with a decimal point ("45.125"): they are read as numbers and settle no mark for the amounts
    typed as text beside them, which the dates decide as a CSV's do (values.with_number_cells).
    `merged`: a workbook's vertically merged cells (RawTable.merged): an amount merged over several
    deals is flagged (merged_amounts.merged_amount_flags) and its rows kept out.
    `date_cells`: a workbook's columns holding date cells, header -> their lines (RawTable.date_cells),
    whose dates Excel may have made month-first from a day-first CSV (swapped_dates).
    `text_numbers`: a workbook's columns holding text typed as the reader writes a number with a point ("1.234"),
    header -> their lines (RawTable.text_numbers): an amount so typed is text, evidence of the decimal mark.
    `id_prefix`: written before each id (winloss.ingest.id_prefix), once every id rule has rewritten it.
    `currency_names`: the user's meanings of currency names the currency columns write (winloss.ingest.currency_names).
    """
    notes = ReadingNotes()
    counts: dict[str, int] = {}
    text = {f: table.get_column(c) for f, c in mapping.fields.items()}
    height = table.height
    columns: dict[str, pl.Series] = {"__line": table.get_column("__line")}
    for name, dtype in OPPORTUNITY_SCHEMA.items():
        if name in text and name not in PARSED_FIELDS and name != "outcome":
            columns[name] = text[name].cast(dtype).alias(name)
            if name in identity.TIDIED_FIELDS:  # as a rep's name is: no direction override, one space between words
                columns[name] = identity.tidy_texts(columns[name])
        else:
            columns[name] = constant(None, height, dtype).alias(name)
    columns.update(_identities(text, mapping, notes, decided, counts, id_prefix))
    rules: dict[str, str | None] = {}
    decimal_comma = False
    mark = None
    money = None
    if "amount" in text or "converted_amount" in text:
        if decided is None:
            dated = {mapping.fields[n]: text[n].unique(maintain_order=True) for n in HINT_DATE_FIELDS if n in text}
            hints = continental_hints(dated, delimiter, lambda header, t: _first_line(table, header, t))
        else:
            hints = values.DecimalMark(None, "")
        # Each row's cell format (null where it shows no sign), for the amount and the converted amount.
        formatted, converted_formatted = (
            table.select("__line").join(formats, on="__line", how="left", maintain_order="left")
            if formats is not None and field in text else None
            for field, formats in (("amount", amount_formats), ("converted_amount", converted_formats))
        )
        money = file_money(
            _names_as_set(text, currency_names), mapping.fields, hints, decimal_mark, reporting_currency,
            decided.money if decided else None,
            formatted, converted_formatted, file_currency, workbook,
            _typed_numbers(table, text, mapping, text_numbers or {}),
        )
        columns.update(money.columns)
        notes.unsettled.extend(one(money.unsettled_note))
        notes.money.extend(money.notes)
        rules = money.report
        counts["unsettled_amounts"] = money.unsettled_rows
        counts["converted_in_reporting"] = money.converted_in_reporting
        decimal_comma = money.decimal_mark.mark == values.COMMA
        mark = money.decimal_mark
    probability_rule = None
    if "probability" in text and decided is not None and decided.probability is not None:
        columns["probability"] = text["probability"].replace_strict(*decided.probability, default=None).alias("probability")
    elif "probability" in text:
        read = values.probabilities(text["probability"].unique(maintain_order=True), mapping.fields["probability"])
        columns["probability"] = text["probability"].replace_strict(read.texts, read.values, default=None).alias("probability")
        probability_rule = read.rule
    if decided is not None:
        order_shown, read_order = decided.date_order_shown, decided.date_order
        for name, (distinct, parsed_values) in decided.dates.items():
            columns[name] = text[name].replace_strict(distinct, parsed_values, default=None).alias(name)
    else:
        unsettled: list[pl.Expr] = []
        file_dates = _file_dates(text, mapping, day_first, decimal_comma=decimal_comma, date1904=date1904, fallback=fallback,
                                 semicolon=_semicolon_evidence(delimiter, mark))
        order_shown, read_order = file_dates.order_shown, file_dates.order
        for name, parsed in file_dates.columns.items():
            if parsed.note:
                notes.dates.append(parsed.note)
            columns[name] = text[name].replace_strict(parsed.distinct, parsed.column.values, default=None).alias(name)
            if (lines := (date_cells or {}).get(mapping.fields[name])) is not None:
                cells = table.get_column("__line").is_in(lines.implode())
                swapped = swapped_cells(mapping.fields[name], text[name], columns[name], cells)
                columns[name] = swapped.values.alias(name)
                if swapped.note:
                    notes.dates.append(swapped.note)
                if swapped.unsettled.any():
                    unsettled.append(pl.when(pl.lit(swapped.unsettled)).then(pl.lit(name)))
        if unsettled:
            columns[UNSETTLED_DATE] = pl.select(pl.coalesce(unsettled)).to_series().alias(UNSETTLED_DATE)
    for name in PARSED_FIELDS:
        if name in text:
            columns[raw(name)] = text[name].alias(raw(name))
    columns[DATE_ORDER_SHOWN] = constant(order_shown, table.height, pl.Boolean).alias(DATE_ORDER_SHOWN)
    columns.update(_closing_signals(text, columns, mapping, stage_outcomes))
    frame = pl.DataFrame([series.alias(name) for name, series in columns.items()])
    frame, stages = outcomes.outcomes_and_stages(frame, no_decision_reasons, stage_outcomes)
    # The close date's text goes with it: a won time such as '2026-02-31' read as no date is then the close date
    # the row failed to read (close_date_parses, which names its column), not a close date left blank.
    close = pl.col("close_date")
    written = pl.lit(text["close_date"]) if "close_date" in text else pl.lit(None, pl.String)
    if WON_DATE in frame.columns:  # Pipedrive's won and lost times: each is the close date of its own outcome
        close = pl.coalesce(close, pl.when(pl.col("outcome") == WON).then(WON_DATE))
        written = pl.coalesce(written, pl.when(pl.col("outcome") == WON).then(pl.lit(text[WON_DATE])))
    if LOST_DATE in frame.columns:
        close = pl.coalesce(close, pl.when(pl.col("outcome").is_in([LOST, NO_DECISION])).then(LOST_DATE))
        written = pl.coalesce(written, pl.when(pl.col("outcome").is_in([LOST, NO_DECISION])).then(pl.lit(text[LOST_DATE])))
    if EXPECTED_CLOSE in frame.columns:  # an open deal's close date is the one it expects
        close = pl.when(pl.col("outcome") == OPEN).then(pl.coalesce(close, EXPECTED_CLOSE)).otherwise(close)
        written = (pl.when(pl.col("outcome") == OPEN).then(pl.coalesce(written, pl.lit(text[EXPECTED_CLOSE])))
                   .otherwise(written))
    frame = frame.with_columns(close.alias("close_date"), written.alias(raw("close_date")))
    if (reason_column := reason_in_stage(mapping)) is not None:
        frame, taken = _reasons_from_stage(frame)
        counts[REASONS_FROM_STAGE] = taken
        if taken and decided is None:  # a batch's caller notes it once for the whole file
            notes.reasons.append(reasons_from_stage_note(reason_column))
    if merged is not None and merged.height:
        frame = frame.with_columns(merged_amount_flags(frame, merged, mapping.fields))
    flags = [c for c in (UNSETTLED_AMOUNT, CURRENCY_PROBLEM, CURRENCY_BY_RULE, MERGED_AMOUNT, *SCALE_UNREAD.values(), UNSETTLED_DATE,
                         DATE_ORDER_SHOWN) if c in frame.columns]
    kept = ([c for c in frame.columns if c.startswith("__raw_")] + [outcomes.UNPLACED] + flags
            + [c for c in (outcomes.MAPPED_STATUS,) if c in frame.columns])
    # Stored with each deal, so its status and its closing columns still decide its outcome over the stage
    # mappings at read time (outcomes.STORED_STATUS, outcomes.STORED_CLOSING).
    status = pl.col(outcomes.STATUS_OUTCOME) if outcomes.STATUS_OUTCOME in frame.columns else pl.lit(None, pl.String)
    closing = pl.col(outcomes.CLOSING_OUTCOME) if outcomes.CLOSING_OUTCOME in frame.columns else pl.lit(None, pl.String)
    frame = frame.select("__line", *OPPORTUNITY_SCHEMA.names(), status.alias(outcomes.STORED_STATUS),
                         closing.alias(outcomes.STORED_CLOSING), *kept)
    return Normalised(frame=frame, notes=notes, stages=stages, rules=rules, counts=counts, decimal_mark=mark, money=money,
                      probability_rule=probability_rule, date_order=read_order)


def _first_line(table: pl.DataFrame, header: str, text: str) -> int | None:
    """The first line of `table` whose column `header` holds `text`."""
    return cast("int | None", table.filter(pl.col(header) == text).get_column("__line").first())


# Rows whose loss reason is their status reason (reason_in_stage), in Normalised.counts.
REASONS_FROM_STAGE = "reasons_from_stage"


def _reasons_from_stage(frame: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """The frame with each lost or no-decision deal's stage (a status reason) as its loss reason,
    and how many rows took one. Won and open deals keep none: "Won" or "In Progress" is no reason."""
    takes = pl.col("outcome").is_in([LOST, NO_DECISION]) & pl.col("loss_reason").is_null() & pl.col("stage").is_not_null()
    taken = frame.select(takes.sum()).item()
    return frame.with_columns(pl.when(takes).then(pl.col("stage")).otherwise(pl.col("loss_reason")).alias("loss_reason")), taken


def reasons_from_stage_note(column: str) -> str:
    """The file report's rule for a loss reason taken from the status reason (`column`, its header)."""
    return (
        f"Loss reason: the file has no loss-reason column, so each lost or no-decision deal's {column} "
        f"(such as Out-Sold or Canceled) is kept as its loss reason. Won and open deals have none."
    )


def _closing_signals(
    text: dict[str, pl.Series], columns: dict[str, pl.Series], mapping: Mapping, stage_outcomes: MappingOf[str, str] | None = None,
) -> dict[str, pl.Series]:
    """The row signals winloss.ingest.outcomes reads for a stage no rule places, from the mapped closing
    columns; a status value the user mapped (`stage_outcomes`) says that outcome."""
    signals: dict[str, pl.Series] = {}
    if CLOSED_FLAG in text:
        signals[outcomes.CLOSED_FLAG] = outcomes.flags(text[CLOSED_FLAG])
    if WON_FLAG in text:
        signals[outcomes.WON_FLAG] = outcomes.flags(text[WON_FLAG])
    if STATUS in text:
        said = signals[outcomes.STATUS_OUTCOME] = outcomes.status_outcomes(text[STATUS], stage_outcomes)
        deleted = signals[outcomes.STATUS_DELETED] = outcomes.status_deleted(text[STATUS])
        signals[outcomes.STATUS_UNREAD] = outcomes.unread_statuses(text[STATUS], said, deleted)
        signals[outcomes.STATUS_MAPPED] = outcomes.status_mapped(text[STATUS], stage_outcomes)
        # Which value the row holds, for the checks before a commit: a mapping saved or cleared since its deal was
        # stored changes what the value says, which is the mapping's doing, not the file's.
        signals[outcomes.MAPPED_STATUS] = outcomes.folded_statuses(text[STATUS])
    if WON_DATE in columns:
        signals[outcomes.WON_ON] = columns[WON_DATE]
    if LOST_DATE in columns:
        signals[outcomes.LOST_ON] = columns[LOST_DATE]
    # Where the file keeps the expected close date apart, the close date is filled in only once a deal closed.
    if EXPECTED_CLOSE in text and "close_date" in text:
        signals[outcomes.CLOSED_ON] = text["close_date"].is_not_null()
    return signals


def _identities(
    text: dict[str, pl.Series], mapping: Mapping, notes: ReadingNotes, decided: FileDecisions | None = None,
    counts: dict[str, int] | None = None, id_prefix: str | None = None,
) -> dict[str, pl.Series]:
    """The deal key and the rep, each written one way, with a note for each rule that changed something.

    With `decided` (a batch of a file), reps take the whole file's spellings, and the count of
    15-character ids goes to `counts` instead of a note.
    """
    columns: dict[str, pl.Series] = {}
    if mapping.keyed_by_name:
        account, name = mapping.key_columns
        columns["opportunity_id"] = pl.select(
            identity.name_based_id(pl.lit(text["account"]), pl.lit(text[OPPORTUNITY_NAME])).alias("opportunity_id")
        ).to_series()
        notes.key.append(
            f"This export has no opportunity ID column, so each deal is known by its {account} and its "
            f"{name} together: a later export must keep both names as they are to update these deals "
            "rather than add them again."
        )
    elif "opportunity_id" in text:
        ids = text["opportunity_id"]
        for count, rule, note in ID_RULES:
            rewritten = rule(ids)
            if rewritten is not ids:
                changed = int((rewritten != ids).sum())
                if counts is not None:
                    counts[count] = changed
                if changed and decided is None:
                    notes.ids.append(note(changed))
            ids = rewritten
        tailed = int(identity.zero_tailed_ids(ids).sum())
        if counts is not None:
            counts["zero_tailed_ids"] = tailed
        if tailed and decided is None:
            notes.ids.append(zero_tailed_ids_note(tailed))
        shortened = int(identity.shortened_ids(ids).sum())
        if counts is not None:
            counts["shortened_ids"] = shortened
        if shortened and decided is None:
            notes.ids.append(shortened_ids_note(shortened))
        columns["opportunity_id"] = ids.alias("opportunity_id")
    if id_prefix and "opportunity_id" in columns:  # the user's, for one report's deals apart from another's (id_prefix)
        columns["opportunity_id"] = pl.select(pl.lit(id_prefix) + pl.lit(columns["opportunity_id"])).to_series().alias("opportunity_id")
    if "rep" in text and decided is not None:
        reps = text["rep"]
        if decided.rep_names is not None:
            reps = reps.replace(*decided.rep_names)
        columns["rep"] = reps.alias("rep")
    elif "rep" in text:
        columns["rep"] = _one_spelling_per_rep(text["rep"], notes.reps)
        notes.reps.extend(one(numeric_reps_note(text["rep"], mapping.fields["rep"])))
    return columns


def _one_spelling_per_rep(reps: pl.Series, notes: list[str]) -> pl.Series:
    spelled = identity.one_spelling(reps)
    if spelled is not reps:
        merged = reps.drop_nulls().unique().len() - spelled.drop_nulls().unique().len()
        if merged:
            renamed = pl.DataFrame({"name": reps, "spelling": spelled}).unique().filter(pl.col("name") != pl.col("spelling"))
            notes.append(_rep_note(merged, renamed.sort("name")))
    return spelled.alias("rep")


def _first_names_first(frame: pl.DataFrame, mapping: Mapping, notes: ReadingNotes) -> pl.DataFrame:
    """`frame`'s rep and manager columns, each that writes its names last name first ("Lee, Ann") turned
    first name first ("Ann Lee": name_order.last_name_first), the file report naming the rule."""
    turned = [f for f in ("rep", "manager") if f in frame.columns and name_order.last_name_first(frame.get_column(f))]
    if not turned:
        return frame
    before = frame.get_column(turned[0]).drop_nulls().filter(frame.get_column(turned[0]).drop_nulls().str.contains(","))
    after = frame.with_columns(name_order.first_name_first(pl.col(f)).alias(f) for f in turned)
    example = before[0] if before.len() else ""
    notes.reps.append(name_order.turned_note([mapping.column_for(f) for f in turned], example, name_order.turned(example) or example))
    return after


def normalised_roster(table: pl.DataFrame, mapping: Mapping, today: dt.date | None = None) -> Normalised:
    """Canonical roster columns; profile labels folded to the five profiles, blank means Unprofiled; with
    an employment column, `left` and `left_on` (winloss.employment; an end date compared with `today`)."""
    text = {f: pl.col(c) for f, c in mapping.fields.items()}
    notes = ReadingNotes()
    if mapping.rep_in_parts:  # no column holds the whole name: its two parts, first name first
        first, last = (mapping.fields[f] for f in name_order.PARTS)
        text["rep"] = name_order.joined(pl.col(first), pl.col(last))
        example = table.head(100).select(text["rep"]).to_series().drop_nulls()
        notes.reps.append(name_order.joined_note(first, last, example[0] if example.len() else None))
    frame = table.select(
        pl.col("__line"),
        *[(text[n] if n in text else pl.lit(None)).cast(t).alias(n) for n, t in ROSTER_SCHEMA.items()],
    )
    frame = _first_names_first(frame, mapping, notes)
    frame = identity.tidy_fields(frame).with_columns(_one_spelling_per_rep(frame.get_column("rep"), notes.reps))
    if "seller_profile" not in mapping.fields:
        notes.reps.append(
            "This roster has no seller-profile column: its reps are Unprofiled until profiled on the Data "
            "page, and reps already profiled keep their profiles."
        )
    labels = frame.get_column("seller_profile")
    lookup = {label: canonical_profile(label) for label in labels.drop_nulls().unique().to_list()}
    profiles = labels.replace_strict(lookup, default=None, return_dtype=pl.String)
    frame = frame.with_columns(
        pl.when(labels.is_null()).then(pl.lit(UNPROFILED)).otherwise(profiles).alias("seller_profile"),
        labels.alias(raw("seller_profile")),
    )
    # Whether each rep has left (winloss.employment): read from the roster's Status, Active or End date
    # column, never left as a column not used. A roster with neither keeps what the store holds.
    status, end = (mapping.fields.get(f) for f in employment.FIELDS)
    if status is not None or end is not None:
        read = employment.read_employment(
            table.get_column(status) if status else None, table.get_column(end) if end else None, status, end,
            today or dt.date.today(), frame.get_column("rep"))
        # The day they were read: a stored row is then read by today's rule (employment.by_todays_rule).
        frame = frame.with_columns(read.left, read.left_on, pl.lit(today or dt.date.today(), pl.Date).alias(employment.READ_ON))
        if read.note:
            notes.reps.append(read.note)
    # The day each rep joined their team (winloss.team_history): a change of team is kept from that day.
    if (since := mapping.fields.get(team_history.TEAM_SINCE)) is not None:
        days, unread = team_history.read_team_since(table.get_column(since), since)
        frame = frame.with_columns(days)
        if unread:
            notes.reps.append(unread)
    return Normalised(frame=frame, notes=notes)


def normalised_assessment(
    table: pl.DataFrame, mapping: Mapping, today: dt.date | None = None, day_first: bool | None = None,
) -> Normalised:
    """Canonical questionnaire answers: statement ids and scores checked, dates parsed (in the date order the
    user chose, `day_first`; None: as values.dates decides it), blank dates today.

    A statement id the questionnaire does not have, or a score off the 1-5 scale, becomes null
    (its text kept in `__raw_<field>`) for the model to report; `__answered` counts each rep x
    rater x date set's valid answers, so an incomplete set is kept out whole.
    """
    from winloss.assessment import SCALE, STATEMENT_IDS

    today = today or dt.date.today()
    text = {f: pl.col(c).cast(pl.String).str.strip_chars() for f, c in mapping.fields.items()}
    blank = pl.lit(None, pl.String)
    frame = table.select(
        pl.col("__line"),
        text.get("rep", blank).alias("rep"),
        text.get("rater", blank).alias("rater"),
        text.get("statement", blank).alias(raw("statement")),
        text.get("score", blank).alias(raw("score")),
        text.get("date", blank).alias(raw("date")),
    )
    statement = pl.col(raw("statement")).str.to_uppercase()
    # "4", "4.0" and "4 - Agree" all read as 4; a score is the leading whole number, 1 to 5.
    score = pl.col(raw("score")).str.extract(r"^([1-5])(?:\.0+)?(?:\D.*)?$").cast(pl.Int64, strict=False)
    # Named as the file names the column: its note is read beside the file ("Date: every date could be …").
    parsed = values.dates(frame.get_column(raw("date")), mapping.fields.get("date", "Date"), day_first)
    frame = frame.with_columns(
        pl.when(statement.is_in(list(STATEMENT_IDS))).then(statement).otherwise(None).alias("statement"),
        pl.when(score.is_in(list(SCALE))).then(score).otherwise(None).alias("score"),
        pl.Series("date", parsed.values),
    )
    notes = ReadingNotes(dates=one(parsed.note))
    undated = frame.filter(pl.col(raw("date")).is_null()).height
    if undated:
        notes.dates.append(
            f"{plural(undated, 'answer')} {'has' if undated == 1 else 'have'} no date: "
            f"{'it is' if undated == 1 else 'they are'} dated {today.isoformat()}, the day the file was read."
        )
        frame = frame.with_columns(
            pl.when(pl.col(raw("date")).is_null()).then(pl.lit(today)).otherwise(pl.col("date")).alias("date")
        )
    valid = pl.col("statement").is_not_null() & pl.col("score").is_not_null()
    frame = frame.with_columns(
        pl.col("statement").filter(valid).n_unique().over("rep", "rater", "date").alias("__answered"),
        pl.lit(len(STATEMENT_IDS)).alias("__expected"),
    )
    return Normalised(frame=frame, notes=notes)
