"""One file's amounts and currencies: its decimal mark, scale words, each row's currency, its converted amount.

Every rule here is decided once per file and applied per distinct value, as the date order is:
a million rows cost a few dictionary lookups each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from winloss.exchange import DEFAULT_REPORTING_CURRENCY
from winloss.ingest import values
from winloss.ingest.hints import command_line_hint
from winloss.ingest.values import COMMA, POINT, DecimalMark

__all__ = [
    "DEFAULT_REPORTING_CURRENCY", "FileMoney", "MoneyDecision", "continental_hints", "decimal_mark_choice", "file_money",
    "money_decision", "unsettled_note",
]
DECIMAL_MARK_CHOICES = {"point": POINT, "comma": COMMA}

# Why a row's currency cannot be settled (the validation check words each for the user).
UNKNOWN_CURRENCY = "unknown"  # the currency column holds something that is not a currency
CONFLICTING_CURRENCY = "conflict"  # the amount names one currency and the currency column another
MISSING_CURRENCY = "missing"  # an amount with no currency in a file that names several
# The amount's unit stands for several currencies ("kr") and no currency column says which.
SEVERAL_CURRENCIES = "several"
UNKNOWN_CONVERTED_CURRENCY = "unknown converted"  # the converted currency column holds something that is not a currency


@dataclass(frozen=True)
class FileMoney:
    """A file's money columns, row for row, and the rules that produced them."""

    columns: dict[str, pl.Series]  # amount, currency, converted_amount, converted_currency, and the __ flags
    decimal_mark: DecimalMark
    currency_rule: str  # one sentence for the file report
    notes: list[str] = field(default_factory=list)
    unsettled_rows: int = 0  # amounts that could be read with either decimal mark (rows kept out)

    @property
    def report(self) -> dict[str, str | None]:
        """The file report's money entries: the decimal mark and the two rules, as plain text."""
        return {"decimal_mark": self.decimal_mark.name, "separator_rule": self.decimal_mark.rule, "currency_rule": self.currency_rule}


def _per_distinct(column: pl.Series, parse: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """`parse` (a frame, row for row with its input) run once per distinct value, spread back over the rows."""
    distinct = column.unique()
    parsed = parse(distinct)
    return pl.DataFrame(
        {name: column.replace_strict(distinct, parsed.get_column(name), default=None) for name in parsed.columns}
    )


def _coded(column: pl.Series, known: pl.DataFrame | None, parse: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    """Each row's currency code: looked up in `known` (`key`, `code`: every distinct text of the
    file, parsed once) when given, else `parse`d here once per distinct value."""
    if known is not None:
        return column.replace_strict(known.get_column("key"), known.get_column("code"), default=None, return_dtype=pl.String)
    return _per_distinct(column, lambda d: pl.DataFrame({"code": _codes(d, parse)})).get_column("code")


def continental_hints(date_texts: list[pl.Series], delimiter: str | None) -> DecimalMark:
    """What a file's dates and delimiter say of its decimal mark when its amounts do not say.

    Dates written 05.03.2024 and a ';' delimiter (what a spreadsheet in a decimal-comma locale
    writes) point to a decimal comma; month-first dates (03/25/2024) to a decimal point.
    """
    dotted = any(t.str.contains(r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4}").any() for t in date_texts)
    month_first = any(t.str.contains(r"^\s*\d{1,2}/(1[3-9]|2\d|3[01])/\d{2,4}").any() for t in date_texts)
    signs = [sign for sign, seen in (("dates written 05.03.2024", dotted), ("';' delimiter", delimiter == ";")) if seen]
    # The delimiter alone is one thing and takes "shows"; dates, or both, take "show".
    named = " and its ".join(signs)
    singular = signs == ["';' delimiter"]
    if signs and not month_first:
        return DecimalMark(COMMA, f"Amounts use a {values.DECIMAL_MARK_NAMES[COMMA]}, as the file's {named} "
                                  f"{'shows' if singular else 'show'}.")
    if month_first and not signs:
        return DecimalMark(POINT, f"Amounts use a {values.DECIMAL_MARK_NAMES[POINT]}, as the file's month-first dates show.")
    if month_first and signs:
        # Said inside "No amount shows which mark is the decimal one (…)." (values.decimal_mark_of).
        return DecimalMark(None, f"the file's {named} {'points' if singular else 'point'} to a decimal comma, "
                                 "its month-first dates to a decimal point")
    return DecimalMark(None, "")


@dataclass(frozen=True)
class MoneyDecision:
    """What a whole file decides about its money, for reading it a batch of rows at a time.

    It keeps each distinct text's reading, so a batch looks its values up instead of parsing them
    again, and a later decision parses only the texts that are new since this one.
    """

    decimal_mark: DecimalMark
    named: tuple[str, ...]  # the currencies the file names, in a column or with its amounts, sorted
    converted_named: tuple[str, ...]  # the currencies its converted amounts name, sorted
    unsettled_examples: tuple[str, ...]  # up to three amounts that read two ways
    # Every distinct amount or converted amount text (`key`): its shape (values.amount_shapes),
    # the currency it names (`code`), and read with the file's mark, `value` and `unsettled`.
    amounts: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    # Every distinct text of the currency and converted currency columns (`key`) and its `code`.
    currency_codes: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    converted_codes: pl.DataFrame | None = field(default=None, compare=False, repr=False)


def _the_mark(shapes: pl.DataFrame, hints: DecimalMark, decimal_mark: str | None) -> DecimalMark:
    if decimal_mark:
        return DecimalMark(decimal_mark, f"Amounts use a {values.DECIMAL_MARK_NAMES[decimal_mark]}, as chosen.")
    return values.decimal_mark_of(shapes, hints)


def _codes(distinct: pl.Series, parse: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    return pl.select(parse(pl.lit(distinct))).to_series()


def _amount_shapes(texts: pl.Series) -> pl.DataFrame:
    return values.amount_shapes(texts).with_columns(code=_codes(texts, values.currency))


def _currency_codes(texts: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"code": _codes(texts, values.currency_code)})


def money_decision(
    distinct: dict[str, pl.Series], hints: DecimalMark, decimal_mark: str | None, earlier: MoneyDecision | None = None
) -> MoneyDecision:
    """The decimal mark and the currencies of a whole file, from each money field's distinct values.

    `distinct`: field -> every distinct text of that mapped column in the file, in file order (amount,
    converted_amount, currency, converted_currency). The same rules as `file_money`, which reads
    the rows with it (`decided=`), batch by batch, as it would have read the file whole. `earlier`
    (the decision of fewer rows) lends its parsed texts, so only new ones are parsed.
    """
    empty = pl.Series([], dtype=pl.String)
    amounts, converted = distinct.get("amount", empty), distinct.get("converted_amount", empty)
    both = pl.concat([amounts, converted]).unique(maintain_order=True)
    known = earlier.amounts.drop("value", "unsettled") if earlier is not None and earlier.amounts is not None else None
    shapes = values.parsed_once(known, both, _amount_shapes)
    mark = _the_mark(shapes, hints, decimal_mark)
    lookup = pl.concat([shapes, values.read_with(shapes, mark.mark)], how="horizontal")
    examples = lookup.filter(pl.col("unsettled")).get_column("key").head(3).to_list()
    code = lookup.get_column("code")
    named = set(code.filter(both.is_in(amounts.implode(), nulls_equal=True)).drop_nulls().to_list())
    currency_codes = converted_codes = None
    if "currency" in distinct:
        currency_codes = values.parsed_once(earlier.currency_codes if earlier else None, distinct["currency"], _currency_codes)
        named |= set(currency_codes.get_column("code").drop_nulls().to_list())
    converted_named: set[str] = set()
    if "converted_amount" in distinct:
        converted_named = set(code.filter(both.is_in(converted.implode(), nulls_equal=True)).drop_nulls().to_list())
        if "converted_currency" in distinct:
            converted_codes = values.parsed_once(
                earlier.converted_codes if earlier else None, distinct["converted_currency"], _currency_codes
            )
            converted_named |= set(converted_codes.get_column("code").drop_nulls().to_list())
    return MoneyDecision(
        mark, tuple(sorted(c for c in named if _one(c))), tuple(sorted(c for c in converted_named if _one(c))), tuple(examples),
        lookup, currency_codes, converted_codes,
    )


def _one(code: str | None) -> bool:
    """Whether `code` names one currency (not nothing, nor the several a unit such as "kr" may stand for)."""
    return code is not None and code != "" and values.SEVERAL not in code


def unsettled_note(headers: dict[str, str], rows: int, examples: list[str] | tuple[str, ...]) -> str:
    """The note for amounts that read two ways: how many rows, a few of them, and what to do."""
    shown = ", ".join(f"'{t}'" for t in examples)
    return (
        f"{headers.get('amount', 'Amount')}: {rows} {'amount' if rows == 1 else 'amounts'} such as {shown} could be "
        "read with '.' or ',' as the decimal mark and nothing in the file says which, so those rows are not stored. "
        f"Choose the decimal mark{command_line_hint('--decimal-mark', 'point or comma, and ingest again')}."
    )


def file_money(
    text: dict[str, pl.Series],
    headers: dict[str, str],
    hints: DecimalMark,
    decimal_mark: str | None,
    reporting_currency: str,
    decided: MoneyDecision | None = None,
) -> FileMoney:
    """The money columns of one opportunity file from its mapped text columns (field -> Series).

    `headers` names each field's column in the file; `decimal_mark` (POINT or COMMA) forces the
    mark, else the amounts decide, else `hints`; `reporting_currency` is what an amount is in when
    the file names no currency at all, or what a converted amount is in when it names none.
    `decided` (money_decision of the whole file) reads a batch of the file's rows as the whole
    file reads them; then the unsettled-amounts note is left to the caller (`unsettled_rows`).
    """
    height = next(iter(text.values())).len()
    nulls = pl.repeat(None, height, dtype=pl.String, eager=True)
    amount_text = text.get("amount", nulls)
    converted_text = text.get("converted_amount", nulls)

    if decided is not None and decided.amounts is not None:
        # A batch: every text was read once for the whole file, with the whole file's mark.
        mark, lookup = decided.decimal_mark, decided.amounts
    else:
        # In file order, so the example a rule quotes is the file's first, however the file is read.
        both = pl.concat([amount_text.unique(maintain_order=True), converted_text.unique(maintain_order=True)]).unique(
            maintain_order=True
        )
        shapes = values.amount_shapes(both)
        mark = decided.decimal_mark if decided else _the_mark(shapes, hints, decimal_mark)
        readings = pl.concat([shapes.select("text"), values.read_with(shapes, mark.mark)], how="horizontal")
        lookup = readings.with_columns(pl.Series("key", both))

    def read(column: pl.Series) -> pl.DataFrame:
        if column.null_count() == column.len():  # no such column in the file: nothing to look up
            return pl.DataFrame({"value": pl.repeat(None, column.len(), dtype=pl.Float64, eager=True),
                                 "unsettled": pl.repeat(False, column.len(), dtype=pl.Boolean, eager=True)})
        return pl.DataFrame(
            {
                "value": column.replace_strict(lookup.get_column("key"), lookup.get_column("value"), default=None),
                "unsettled": column.replace_strict(lookup.get_column("key"), lookup.get_column("unsettled"), default=False),
            }
        )

    amount, converted = read(amount_text), read(converted_text)
    notes: list[str] = []
    unsettled = lookup.filter(pl.col("unsettled"))
    rows = 0
    if unsettled.height:
        rows = int(amount.get_column("unsettled").sum()) + int(converted.get_column("unsettled").sum())
        if decided is None:
            notes.append(unsettled_note(headers, rows, unsettled.get_column("key").head(3).to_list()))

    currency, problem, currency_rule = _currencies(
        text, headers, amount_text, amount.get_column("value"), reporting_currency, decided.named if decided else None,
        decided,
    )
    converted_currency, converted_unknown, converted_rule = _converted_currency(
        text, headers, converted_text, reporting_currency, decided.converted_named if decided else None, decided
    )
    if converted_rule:
        currency_rule = f"{converted_rule} {currency_rule}"
    # A converted amount whose currency is not one is quarantined, not read as the reporting currency.
    problem = pl.select(
        pl.coalesce(pl.lit(problem), pl.when(pl.lit(converted_unknown)).then(pl.lit(UNKNOWN_CONVERTED_CURRENCY)))
    ).to_series()
    columns = {
        "amount": amount.get_column("value").alias("amount"),
        "currency": currency.alias("currency"),
        "converted_amount": converted.get_column("value").alias("converted_amount"),
        "converted_currency": converted_currency.alias("converted_currency"),
        "__amount_unsettled": (amount.get_column("unsettled") | converted.get_column("unsettled")).alias("__amount_unsettled"),
        "__currency_problem": problem.alias("__currency_problem"),
    }
    return FileMoney(columns, mark, currency_rule, notes, rows)


def _currencies(
    text: dict[str, pl.Series],
    headers: dict[str, str],
    amount_text: pl.Series,
    amount: pl.Series,
    reporting: str,
    file_named: tuple[str, ...] | None = None,
    decided: MoneyDecision | None = None,
) -> tuple[pl.Series, pl.Series, str]:
    """Each row's currency, the reason it cannot be settled (or null), and the rule in one sentence.

    `file_named`: the currencies the whole file names, when these rows are a batch of it;
    `decided` then holds every distinct text's currency, read once for the whole file.
    """
    from_amount = _coded(amount_text, decided.amounts if decided else None, values.currency)
    if "currency" in text:
        from_column = _coded(text["currency"], decided.currency_codes if decided else None, values.currency_code)
    else:
        from_column = pl.repeat(None, amount_text.len(), dtype=pl.String, eager=True)
    frame = pl.DataFrame({"column": from_column, "amount_code": from_amount, "has_amount": amount.is_not_null()})
    if file_named is not None:
        named = list(file_named)
    else:
        named = sorted({c for c in (*from_column.unique().to_list(), *from_amount.unique().to_list()) if _one(c)})
    column, has_amount = pl.col("column"), pl.col("has_amount")
    # A unit several currencies share ("kr") is settled by the currency column, when it names one of them.
    several = pl.col("amount_code").str.contains(values.SEVERAL, literal=True).fill_null(False)
    code = pl.when(several).then(None).otherwise(pl.col("amount_code"))
    unknown = column == ""
    known = column.is_not_null() & ~unknown
    conflict = known & pl.when(several).then(~pl.col("amount_code").str.contains(column, literal=True)).otherwise(
        code.is_not_null() & (column != code)
    )
    unsettled = several & ~known
    stated = pl.when(~unknown).then(pl.coalesce(column, code)).otherwise(code)
    if not named:
        fallback, rule = reporting, (
            f"The file names no currency, in a column or with its amounts: amounts are read as {reporting}, "
            "the store's reporting currency."
        )
    elif len(named) == 1:
        fallback, rule = named[0], f"Every amount is in {named[0]}, the only currency the file names."
    else:
        fallback, rule = None, f"Currencies from {_named_by_source(text, headers, named, from_column, decided)}; an amount with none is not stored."
    result = frame.select(
        pl.when(has_amount | stated.is_not_null()).then(pl.coalesce(stated, pl.lit(fallback, pl.String))).alias("currency"),
        pl.when(has_amount & unknown)
        .then(pl.lit(UNKNOWN_CURRENCY))
        .when(has_amount & conflict)
        .then(pl.lit(CONFLICTING_CURRENCY))
        .when(has_amount & unsettled)
        .then(pl.lit(SEVERAL_CURRENCIES))
        .when(has_amount & stated.is_null() & pl.lit(fallback is None))
        .then(pl.lit(MISSING_CURRENCY))
        .alias("problem"),
    )
    return result.get_column("currency"), result.get_column("problem"), rule


def _named_by_source(
    text: dict[str, pl.Series], headers: dict[str, str], named: list[str], from_column: pl.Series, decided: MoneyDecision | None
) -> str:
    """Which currencies the currency column names and which only the amounts name ("the column 'Currency':
    GBP, USD, and from the amounts themselves: EUR"), so the report never credits the column with a code it lacks."""
    if "currency" not in text:
        return f"the amounts themselves: {', '.join(named)}"
    codes = decided.currency_codes.get_column("code") if decided is not None and decided.currency_codes is not None else from_column
    in_column = {c for c in codes.drop_nulls().to_list() if c}
    column_part = f"the column '{headers['currency']}': {', '.join(c for c in named if c in in_column)}"
    only_amounts = [c for c in named if c not in in_column]
    return f"{column_part}, and from the amounts themselves: {', '.join(only_amounts)}" if only_amounts else column_part


def _converted_currency(
    text: dict[str, pl.Series], headers: dict[str, str], converted_text: pl.Series, reporting: str,
    file_named: tuple[str, ...] | None = None,
    decided: MoneyDecision | None = None,
) -> tuple[pl.Series, pl.Series, str | None]:
    """The currency of the export's converted amount: its own column, what its text names, else the reporting one;
    whether each row's converted currency column holds something that is not a currency; the rule.

    `file_named`: the currencies the whole file's converted amounts name, when these rows are a batch of it;
    `decided` then holds every distinct text's currency, read once for the whole file.
    """
    unknown = pl.repeat(False, converted_text.len(), dtype=pl.Boolean, eager=True)
    if "converted_amount" not in text:
        return pl.repeat(None, converted_text.len(), dtype=pl.String, eager=True), unknown, None
    code = _coded(converted_text, decided.amounts if decided else None, values.currency)
    # A unit several currencies share ("kr") says nothing the converted currency column does not.
    several = code.str.contains(values.SEVERAL, literal=True).fill_null(False)
    code = pl.select(pl.when(pl.lit(several)).then(None).otherwise(pl.lit(code))).to_series()
    if "converted_currency" in text:
        column = _coded(text["converted_currency"], decided.converted_codes if decided else None, values.currency_code)
        code = pl.select(pl.coalesce(pl.lit(column).replace("", None), pl.lit(code))).to_series()
        unknown = ((column == "") & converted_text.is_not_null()).fill_null(False)
        several = several & column.is_null()
    # Which of them it is cannot be told: the row is quarantined, never read as the reporting currency.
    unknown = unknown | (several & converted_text.is_not_null())
    named = sorted(c for c in code.unique().to_list() if _one(c)) if file_named is None else list(file_named)
    header = headers["converted_amount"]
    if named:
        in_what = ", ".join(named)
        assumed = "" if code.null_count() == converted_text.null_count() else f"; where it names none, {reporting}"
    else:
        in_what, assumed = reporting, " (it names no currency: read as the store's reporting currency)"
    present = converted_text.is_not_null()
    filled = pl.select(pl.when(pl.lit(present)).then(pl.coalesce(pl.lit(code), pl.lit(reporting)))).to_series()
    rule = f"Value figures use '{header}' in {in_what}{assumed}; the original amount and currency are kept."
    return filled, unknown, rule


def decimal_mark_choice(word: str) -> str | None:
    """POINT, COMMA or None (decide from the file) from 'point', 'comma' or 'auto'; ValueError otherwise."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    if key in ("", "auto"):
        return None
    if key not in DECIMAL_MARK_CHOICES:
        raise ValueError(f"The decimal mark is 'point' (1,234.56), 'comma' (1.234,56) or 'auto'; got '{word}'.")
    return DECIMAL_MARK_CHOICES[key]
