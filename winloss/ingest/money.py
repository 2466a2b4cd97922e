"""One file's amounts and currencies: its decimal mark, scale words, each row's currency, its converted amount.

Every rule here is decided once per file and applied per distinct value, as the date order is:
a million rows cost a few dictionary lookups each.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping as MappingOf, Sequence
from dataclasses import dataclass, field
from typing import Final

import polars as pl

from winloss.constant_columns import constant
from winloss.exchange import DEFAULT_REPORTING_CURRENCY
from winloss.ingest import values
from winloss.ingest.header_units import (
    HeaderUnit, codes_by_header, first_headed, header_sentence, header_unit, scaled_by_header, unitless,
)
from winloss.ingest.hints import RATES_COMMAND, command_line_hint, quoted
from winloss.ingest.values import COMMA, POINT, DecimalMark
from winloss.text import listed, plural
from winloss.io.cell_formats import positive_sections

__all__ = [
    "CURRENCY_BY_RULE", "DEFAULT_REPORTING_CURRENCY", "FileMoney", "LineOf", "MoneyDecision", "NamedCurrencies",
    "bare_read_as", "continental_hints", "hint_examples", "converted_rule", "currency_rule", "decimal_mark_choice",
    "file_money", "joined_rule", "money_decision", "no_currency_rule", "one_of", "unread_columns_rule",
    "unsettled_note",
]
DECIMAL_MARK_CHOICES = {"point": POINT, "comma": COMMA}

# Why a row's currency cannot be settled (the validation check words each for the user).
UNKNOWN_CURRENCY = "unknown"  # the currency column holds something that is not a currency
CONFLICTING_CURRENCY = "conflict"  # the amount names one currency and the currency column another
MISSING_CURRENCY = "missing"  # an amount with no currency in a file that names several
# An amount with no currency in a file whose amounts also use a unit several currencies share ("kr"),
# which nothing in the file settles: it could be in any of them.
MISSING_AMONG_SHARED = "missing among shared"
# The amount's unit stands for several currencies ("kr") and no currency column says which.
SEVERAL_CURRENCIES = "several"
# The same, for a unit shown by the amount cell's number format in a workbook ("_-* #,##0 \"kr\"_-").
SEVERAL_BY_FORMAT = "several by format"
# The same, for a unit the amount column's header names ("Amount (kr)") and an amount that writes none.
SEVERAL_BY_HEADER = "several by header"
# The amount column's header names one currency ("Amount (k€)") and the currency column another, for an
# amount that writes none of its own.
HEADER_CONFLICT = "conflict with header"
UNKNOWN_CONVERTED_CURRENCY = "unknown converted"  # the converted currency column holds something that is not a currency
# The same as CONFLICTING_CURRENCY, for the converted amount: it names one currency ("GBP 4400") and the
# converted currency column another.
CONVERTED_CONFLICTING_CURRENCY = "converted conflict"
# The same as HEADER_CONFLICT, for the converted amount: its column's header names one currency ("Amount in USD
# (converted)") and the converted currency column another, for a converted amount that writes none of its own.
CONVERTED_HEADER_CONFLICT = "converted conflict with header"
# A converted amount's cell is formatted in a unit several currencies share ("kr") and nothing says which.
SEVERAL_CONVERTED_BY_FORMAT = "several converted by format"


@dataclass(frozen=True)
class NamedCurrencies:
    """What a file's currency column and amounts name: the currency of an amount that names none,
    and the rule the file report gives for the file's currencies, follow from this alone."""

    named: tuple[str, ...] = ()  # each one currency the column or the amounts name, sorted
    in_column: tuple[str, ...] = ()  # those the currency column names, sorted
    # Each unit several currencies share ("kr") the amounts use, in file order: its codes joined by
    # values.SEVERAL, and the first amount written with it, as the file writes it ("5 000 kr").
    shared: tuple[tuple[str, str], ...] = ()
    # Some amount is a number that names no currency ("5000"), and the currency column, if any, is blank somewhere.
    bare: bool = False
    column: bool = False  # the file has a currency column
    # Each one currency the amount cells' number formats name, with the sign they show ("EUR", "€"), in
    # file order: a workbook whose amounts are numbers formatted "#,##0 [$€-407]" names EUR this way.
    formatted: tuple[tuple[str, str], ...] = ()
    in_amounts: tuple[str, ...] = ()  # the currencies the amounts' own text names ("€5,000"), sorted
    # Each sign or word other currencies write too that was read as its commonest currency, as
    # (the sign as written, the code): ("$", "USD"), ("¥", "JPY"), ("Dollar", "USD"), in file order.
    commonest: tuple[tuple[str, str], ...] = ()
    # The one currency the amount column's header names ("Amount (k€)": EUR), when it names an amount's
    # (header_units.header_unit); and the first amount its unit is applied to, as written and as read with
    # its scale (None where that cannot be told): header_units.first_headed.
    in_header: tuple[str, ...] = ()
    headed: tuple[str, float | None] | None = None
    # Each text of the currency column that names no currency ("XYZ", "TBD"), as written, in file order:
    # its rows are quarantined, and a rule saying the file names one currency says these are none.
    not_currencies: tuple[str, ...] = ()
    # Each column no field reads whose values are currencies, with the codes they name (mapping.currency_code_columns):
    # ("Valuta", ("EUR", "USD")). The file names currencies there that no amount is read in: the rule says so.
    unread_columns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Each text of the currency column that names a currency by its name, not its code or sign, with the code it
    # is read as (values.currency_names): ("日本円", "JPY"), ("Livre sterling", "GBP"), in file order, each once.
    by_name: tuple[tuple[str, str], ...] = ()

    @property
    def unsettled_units(self) -> tuple[str, ...]:
        """The shared units (codes joined by SEVERAL) whose currencies the currency column never names:
        nothing in the file tells which currency such an amount, or one beside it that names none, is in."""
        return tuple(codes for codes, _ in self.shared if not set(codes.split(values.SEVERAL)) & set(self.in_column))

    @property
    def deciding(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What decides each row's currency (the named currencies, the unsettled units): two batches read
        with decisions equal in this read their rows alike, whatever else the rule sentence says."""
        return self.named, self.unsettled_units

    def fallback(self, reporting: str, chosen: str | None = None) -> str | None:
        """The currency of an amount nothing on its row names: `chosen`, the one the user gave for this
        file's amounts that name none (bare_currency.file_currency_choice), when given; else the file's one
        currency; `reporting` when the file names none at all; None (the row is not stored) when it names
        several, or uses a unit several currencies share that the currency column never settles."""
        if chosen:
            return chosen
        if self.unsettled_units:
            return None
        if not self.named:
            return reporting
        return self.named[0] if len(self.named) == 1 else None

    @property
    def missing_problem(self) -> str:
        """Why an amount that names no currency is not stored, when `fallback` is None."""
        return MISSING_CURRENCY if len(self.named) > 1 else MISSING_AMONG_SHARED


def one_of(codes: str) -> str:
    """The currencies a shared unit may stand for, as a sentence lists them: "DKK|ISK|NOK|SEK" ->
    "DKK, ISK, NOK or SEK"."""
    listed = codes.split(values.SEVERAL)
    return f"{', '.join(listed[:-1])} or {listed[-1]}" if len(listed) > 1 else codes


# Signs and words other currencies write too, read as their commonest currency: a bare "$" (Canada's,
# Australia's, Mexico's... dollars), "¥" (the yuan too), "Dollar(s)". The report says so, so a Canadian
# file's "$" is not taken for US dollars unseen. Keys as written, folded to lower case for the words.
_COMMONEST_SIGNS: Final = {
    **{sign: values.CURRENCY_SYMBOLS[sign] for sign in values.SHARED_SIGNS},
    **{word: values.CURRENCY_NAMES[word] for word in ("dollar", "dollars")},
}
_OTHERS_SO_WRITTEN: Final = {
    "USD": "Canadian, Australian or other dollars", "JPY": "Chinese yuan", "CNY": "New Taiwan, Hong Kong or Macau dollars",
}
_SIGN_CHARACTERS = "".join(re.escape(sign) for sign in values.SHARED_SIGNS)
_SHARED_IN_AMOUNT = re.compile(rf"(?:^|[^A-Za-z$])([{_SIGN_CHARACTERS}])")  # a "$" no letters name ("US$", "NT$" do)


def _commonest(
    amount_texts: pl.Series, amount_codes: pl.Series, column_texts: pl.Series | None, format_signs: pl.Series | None = None,
) -> tuple[tuple[str, str], ...]:
    """NamedCurrencies.commonest: the shared signs an amount's text (read as that code), the currency
    column, or an amount cell's number format with no locale (`format_signs`, row for row: the sign
    where the format names the amount's currency, else null; a "$#,##0" cell is read as USD) writes,
    each once, in file order."""
    found: dict[str, str] = {}
    if column_texts is not None:
        for value in column_texts.drop_nulls().unique(maintain_order=True).to_list():
            code = _COMMONEST_SIGNS.get(value.strip().lower())
            if code is not None:
                found.setdefault(value.strip(), code)
    # Where the column states every row's currency, an amount's "$" is not read alone; a blank cell states none.
    if column_texts is not None and not (column_texts.is_null() | (column_texts.str.strip_chars() == "")).any():
        return tuple(found.items())
    # Each (text, code) once: a whole file's rows repeat a few thousand amounts, looked at here in Python.
    signed = pl.DataFrame({"text": amount_texts.cast(pl.String), "code": amount_codes}).filter(
        pl.col("text").str.contains(f"[{_SIGN_CHARACTERS}]").fill_null(False)).unique(maintain_order=True)
    for text, code in signed.iter_rows():
        sign = _SHARED_IN_AMOUNT.search(text)
        if sign is not None and code == _COMMONEST_SIGNS.get(sign.group(1)):
            found.setdefault(sign.group(1), code)
    for shown, shown_code in _commonest_by_format(format_signs):
        found.setdefault(shown, shown_code)
    return tuple(found.items())


def _commonest_by_format(format_signs: pl.Series | None) -> tuple[tuple[str, str], ...]:
    """Each shared sign a cell's number format shows with no locale (`format_signs`: the `shared` of
    _cell_formats, null where none), read as its commonest currency: ("$", "USD"), in order, each once."""
    if format_signs is None:
        return ()
    return tuple((sign, _COMMONEST_SIGNS[sign]) for sign in format_signs.drop_nulls().unique(maintain_order=True).to_list())


def _named_currencies(
    amount_texts: pl.Series, amount_codes: pl.Series, readable: pl.Series, column_codes: pl.Series | None,
    formats: pl.DataFrame | None = None, column_texts: pl.Series | None = None,
    headed: pl.Series | None = None, unit: HeaderUnit | None = None, example: tuple[str, float | None] | None = None,
) -> NamedCurrencies:
    """NamedCurrencies from the amounts (their texts, in file order; the code each names, as values.currency
    gives it; whether each is an amount at all) and the currency column's codes (values.currency_code;
    None without a column). Rows or distinct values alike: only what occurs, and first, counts.

    `formats`: row for row with the amounts, the `code` (values.format_currency) and `sign` (as the
    cell shows it) of each amount cell's number format, null where it names none: a code there counts
    as the amount's own where its text names none. `headed`: row for row, the code the amount column's
    header `unit` names for an amount that shows none of its own (header_units.codes_by_header), else
    null; `example`: the first amount its unit is applied to (header_units.first_headed)."""
    written = amount_codes
    header_signs, by_header = None, False
    if headed is not None and unit is not None:
        named_by_header = amount_codes.is_null() & headed.is_not_null()
        by_header = bool((named_by_header & readable).any())
        amount_codes = amount_codes.fill_null(headed)
        # The example a rule quotes for a unit several currencies share says where the unit is.
        amount_texts = pl.select(
            pl.when(pl.lit(named_by_header))
            .then(pl.lit(amount_texts.cast(pl.String)) + f" (in {unit.text} by its column's header)")
            .otherwise(pl.lit(amount_texts.cast(pl.String)))
        ).to_series()
        header_signs = pl.Series([unit.sign], dtype=pl.String) if by_header and unit.sign else None
    if formats is not None:
        format_code = formats.get_column("code")
        named_by_format = amount_codes.is_null() & format_code.is_not_null()
        amount_codes = amount_codes.fill_null(format_code)
        # The example a rule quotes for a unit several currencies share says where the unit is.
        amount_texts = pl.select(
            pl.when(pl.lit(named_by_format))
            .then(pl.lit(amount_texts.cast(pl.String)) + " (its cell formatted in " + pl.lit(formats.get_column("sign")) + ")")
            .otherwise(pl.lit(amount_texts.cast(pl.String)))
        ).to_series()
        pairs = formats.filter(named_by_format & readable).unique(["code", "sign"], keep="first", maintain_order=True)
        formatted = tuple((c, g) for c, g in pairs.select("code", "sign").iter_rows() if _one(c))
        format_signs = formats.get_column("shared").filter(named_by_format & readable) if "shared" in formats.columns else None
    else:
        formatted, format_signs = (), None
    if header_signs is not None:  # after the formats' signs: a cell's own format is its unit
        format_signs = header_signs if format_signs is None else pl.concat([format_signs, header_signs])
    amounts = pl.DataFrame({"text": amount_texts.cast(pl.String), "code": amount_codes, "readable": readable})
    # Only the amounts read name the file's currencies: a quarantined "$x$" must not make a file of "USD 1000.00"
    # say how it reads "$", nor make the file's bare numbers US dollars.
    read_texts, read_codes, read_written = amount_texts.filter(readable), amount_codes.filter(readable), written.filter(readable)
    in_column = set() if column_codes is None else {c for c in column_codes.drop_nulls().unique().to_list() if _one(c)}
    named = in_column | {c for c in read_codes.drop_nulls().unique().to_list() if _one(c)}
    return NamedCurrencies(
        named=tuple(sorted(named)),
        in_column=tuple(sorted(in_column)),
        shared=_shared_units(read_texts, read_codes),
        # A row whose currency column is blank, when the column has such rows: where every row fills
        # it in, a number alone is the column's business, not the amount's.
        bare=bool(amounts.filter(pl.col("readable") & pl.col("code").is_null()).height)
        and (column_codes is None or column_codes.null_count() > 0),
        column=column_codes is not None,
        formatted=formatted,
        in_amounts=tuple(sorted(c for c in read_written.drop_nulls().unique().to_list() if _one(c))),
        commonest=_commonest(read_texts, read_written, column_texts, format_signs),
        in_header=(unit.code,) if unit is not None and unit.code is not None and by_header and _one(unit.code) else (),
        headed=example,
        not_currencies=_not_currencies(column_texts, column_codes),
        by_name=_by_name(column_texts, column_codes),
    )


def _by_name(texts: pl.Series | None, codes: pl.Series | None) -> tuple[tuple[str, str], ...]:
    """NamedCurrencies.by_name: the currency column's `texts` (row for row with the `codes` values.currency_code
    gives them) read by a currency's name, not as a code or a sign, with their code: each once, in file order. The
    names other currencies write too ("Dollar") are said with the commonest (_COMMONEST_SIGNS) instead."""
    if texts is None or codes is None or texts.len() != codes.len():
        return ()
    pairs = pl.DataFrame({"text": texts.cast(pl.String).str.strip_chars(), "code": codes}).drop_nulls().unique(maintain_order=True)
    return tuple(
        (text, code) for text, code in pairs.iter_rows()
        if _one(code) and text.upper() != code and text not in values.CURRENCY_SYMBOLS and text.lower() not in _COMMONEST_SIGNS
    )  # fmt: skip


def _by_name_clause(currencies: NamedCurrencies, named: Collection[str], header: str | None) -> str:
    """The currency rule's clause on the currency column's names read as codes (NamedCurrencies.by_name), those
    of `named` (the currencies the rule lists), in the column `header`: "'日本円' is read as JPY by its name in
    the column '通貨'"; "" when there are none."""
    read = [(text, code) for text, code in currencies.by_name if code in named]
    if not read or header is None:
        return ""
    shown = [f"'{text}' {'is read ' if i == 0 else ''}as {code}" for i, (text, code) in enumerate(read[:3])]
    more = f" (and {plural(len(read) - 3, 'other name')})" if len(read) > 3 else ""
    whose = "its name" if len(read) == 1 else "their names"
    return f"{listed(shown)}{more}{',' if len(read) > 1 else ''} by {whose} in the column '{header}'"


def _not_currencies(texts: pl.Series | None, codes: pl.Series | None) -> tuple[str, ...]:
    """The currency column's `texts` (row for row with the `codes` values.currency_code gives them) that name
    no currency (code ""), each once, stripped, in file order."""
    if texts is None or codes is None or texts.len() != codes.len():
        return ()
    unknown = texts.cast(pl.String).str.strip_chars().filter((codes == "").fill_null(False))
    return tuple(unknown.unique(maintain_order=True).to_list())


def _shared_units(texts: pl.Series, codes: pl.Series) -> tuple[tuple[str, str], ...]:
    """Each unit several currencies share among amounts (`texts`, in file order, with the `codes`
    values.currency gives them): its codes joined by SEVERAL and the first amount written with it."""
    frame = pl.DataFrame({"text": texts.cast(pl.String).str.strip_chars(), "code": codes})
    shared = frame.filter(pl.col("code").str.contains(values.SEVERAL, literal=True).fill_null(False))
    first = shared.unique("code", keep="first", maintain_order=True)
    return tuple(zip(first.get_column("code").to_list(), first.get_column("text").to_list(), strict=True))


def currency_rule(
    currencies: NamedCurrencies, headers: MappingOf[str, str], reporting: str, stored: Collection[str] | None = None,
    chosen: str | None = None,
) -> str:
    """The file report's one sentence on the currencies of a file's amounts: which it names and where,
    what an amount that names none is read as (or that it is not stored), and, for each unit several
    currencies share ("kr"), that such an amount is stored only where the currency column settles it.

    `headers`: field -> the file's column; `reporting`: the store's reporting currency; `stored`: the
    currencies of the rows stored, when known: the list counts only those, and a currency named only
    on rows not stored is said to be (it still made an amount with none unreadable). `chosen`: the
    currency the user gave for the file's amounts that name none (NamedCurrencies.fallback), said as chosen.
    """
    named = currencies.named
    left_out = [c for c in named if stored and c not in stored]
    shown = dataclasses.replace(currencies, named=tuple(c for c in named if c not in left_out),
                                in_column=tuple(c for c in currencies.in_column if c not in left_out),
                                formatted=tuple(p for p in currencies.formatted if p[0] not in left_out),
                                in_header=tuple(c for c in currencies.in_header if c not in left_out))
    only_unstored = f"; {listed(left_out)} {'is' if len(left_out) == 1 else 'are'} named only on rows not stored" if left_out else ""
    unit = _header_rule(headers.get("amount"), currencies, reporting, chosen)
    unread = unread_columns_rule(currencies, reporting, chosen)
    if not named and not currencies.shared:
        return " ".join(rule for rule in (unread or no_currency_rule(reporting, chosen), unit) if rule)
    clauses: list[str] = []
    by_format = _only_by_format(currencies)
    if len(named) > 1:
        # Where the header names a currency, every amount has one: its own, or the header's.
        none = "" if currencies.in_header else f"; {_NAMES_NONE} is {_read_as_chosen(chosen)}" if chosen else (
            f"; {_NAMES_NONE} is quarantined")
        clauses.append(f"Each amount's currency is read from {_named_by_source(shown, headers)}{only_unstored}{none}")
    elif _only_by_header(currencies):
        clauses.append(unit.removesuffix("."))
        unit = ""
    elif by_format and not currencies.shared:
        clauses.append(f"Amounts are read as {named[0]}: their cells are formatted in {by_format} in the workbook")
        if currencies.bare:
            clauses.append(f"an amount whose cell names no currency is {_read_as_chosen(chosen)}" if chosen
                           else f"an amount whose cell names no currency is read as {named[0]} too")
    elif named and not currencies.shared and not currencies.bare:
        clauses.append(f"Every amount is in {named[0]}, the only currency the file names{_none_of_them(currencies, headers)}")
    elif named:
        clauses.append(f"{named[0]} is the only currency the file names{_none_of_them(currencies, headers)}")
    for codes, example in currencies.shared:
        if currencies.column:
            clauses.append(f"amounts such as '{example}' could be in {one_of(codes)} and are stored only where "
                           f"the column '{headers['currency']}' names one of them")
        else:
            clauses.append(f"amounts such as '{example}' could be in {one_of(codes)}, and no currency column says which: "
                           "they are not stored")
    fallback = currencies.fallback(reporting, chosen)
    if currencies.bare and len(named) <= 1 and not (by_format and not currencies.shared):
        clauses.append(f"{_NAMES_NONE} is {_read_as_chosen(chosen)}" if chosen
                       else f"{_NAMES_NONE} is read as {fallback}" if fallback
                       else f"{_NAMES_NONE} could be in any of these and is quarantined")
    if read := [(sign, code) for sign, code in currencies.commonest if code in shown.named]:
        said = " and ".join(f"'{sign}' {'is read ' if i == 0 else ''}as {code}" for i, (sign, code) in enumerate(read))
        others = " or ".join(dict.fromkeys(_OTHERS_SO_WRITTEN[code] for _, code in read))
        clauses.append(f"{said}, the commonest currency so written: if the file's are {others}, write its code in the file")
    if by_name := _by_name_clause(currencies, shown.named, headers.get("currency")):
        clauses.append(by_name)
    sentence = "; ".join(clauses)
    return f"{sentence[0].upper()}{sentence[1:]}." + "".join(f" {rule}" for rule in (unit, unread) if rule)


# The column file_money adds, row for row: True where the row's currency is the one the file's rule gives an amount
# whose row names none (NamedCurrencies.fallback), not one its amount, cell format, header or currency column names.
# Kept with the accepted rows (validation._kept), so what is said of their currencies before a commit names that rule
# (currency_changes) where the file names none for them.
CURRENCY_BY_RULE: Final = "__currency_by_rule"


# An amount whose row names no currency: neither its own text (or its cell's format, or its column's header)
# nor the currency column, where the file has one.
_NAMES_NONE: Final = "an amount whose row names no currency"


def _none_of_them(currencies: NamedCurrencies, headers: MappingOf[str, str]) -> str:
    """What a rule saying the file names one currency adds for the currency column's texts that name none
    (NamedCurrencies.not_currencies), which the file writes where a currency goes: " ('XYZ' in the column
    'Currency' is not one: its rows are quarantined)"; "" when there are none."""
    texts = currencies.not_currencies
    if not texts or "currency" not in headers:
        return ""
    shown = [f"'{t}'" for t in texts[:3]] + ([plural(len(texts) - 3, "other")] if len(texts) > 3 else [])
    one = len(texts) == 1
    return (f" ({listed(shown)} in the column '{headers['currency']}' {'is not one' if one else 'are not currencies'}: "
            f"{'its' if one else 'their'} rows are quarantined)")


def bare_read_as(currencies: NamedCurrencies, reporting: str, chosen: str | None = None) -> str | None:
    """What an amount whose row names no currency is read as, and by which rule, as a sentence says it after
    "read as": "EUR, the only currency the file names"; "USD, the store's reporting currency"; "GBP, as chosen";
    None when the rule reads it as none (its row is quarantined). NamedCurrencies.fallback's rule, as the
    file's currency rule names it: said of deals so read before a commit (currency_changes)."""
    fallback = currencies.fallback(reporting, chosen)
    if fallback is None:
        return None
    if chosen:
        return f"{chosen}, as chosen"
    if not currencies.named:
        return f"{fallback}, the store's reporting currency"
    return f"{fallback}, the only currency the file names"


def _read_as_chosen(chosen: str) -> str:
    """How a rule says an amount that names no currency is read when the user chose its currency."""
    return f"read as {chosen}, as chosen"


def _header_rule(header: str | None, currencies: NamedCurrencies, reporting: str, chosen: str | None = None) -> str:
    """The file report's sentence on the unit the amount column's `header` names, applied to the amounts that
    show none of their own (header_units.header_sentence); "" when it names none, or is applied to no amount.
    The example's currency is the header's, else, with no currency column, the one an amount that names
    none is read in (NamedCurrencies.fallback: `chosen`, or the file's one currency)."""
    unit = header_unit(header)
    if header is None or unit is None or currencies.headed is None:
        return ""
    currency = unit.code if _one(unit.code) else None if currencies.column else currencies.fallback(reporting, chosen)
    return header_sentence(header, unit, currencies.headed, currency)


def _only_by_header(currencies: NamedCurrencies) -> bool:
    """Whether the amount column's header alone names the file's one currency (no currency column, no
    amount's own text), its scale read: the header's sentence is then the rule."""
    return (len(currencies.named) == 1 and currencies.in_header == currencies.named and not currencies.in_column
            and not currencies.in_amounts and not currencies.shared
            and currencies.headed is not None and currencies.headed[1] is not None)


def unread_columns_rule(currencies: NamedCurrencies, reporting: str, chosen: str | None = None) -> str:
    """The file report's sentence on a column no field reads whose values are currencies (NamedCurrencies.
    unread_columns), when some amount names no currency of its own: which column, what it names, what such an
    amount is read as instead and how to read it from that column; "" when there is no such column or amount.
    "The file names no currency" was said of a German export whose column 'Währung' held EUR, CHF and GBP."""
    if not currencies.unread_columns or not currencies.bare:
        return ""
    column, codes = currencies.unread_columns[0]
    others = [f"'{c}'" for c, _ in currencies.unread_columns[1:]]
    fallback = currencies.fallback(reporting, chosen)
    read_as = (_read_as_chosen(chosen) if chosen else f"read as {fallback}, the store's reporting currency" if not currencies.named
               else f"read as {fallback}" if fallback else "not stored")
    return (f"The column '{column}' names currencies ({listed(list(codes))}) and is not read as the deals' currency"
            f"{f' (nor are {listed(others)})' if others else ''}: an amount that names no currency of its own is {read_as}, "
            f"not in the currency that column gives it. If it gives each deal's currency, map it to "
            f"Currency{command_line_hint('--map', 'currency=' + quoted(column))}.")


def no_currency_rule(reporting: str, chosen: str | None = None) -> str:
    """The rule for a file that names no currency anywhere: its amounts are in `chosen`, the currency the
    user gave for them, else in `reporting`, and how to say otherwise."""
    if chosen:
        return (f"The file names no currency, in a column or with its amounts: amounts that name no currency are "
                f"{_read_as_chosen(chosen)}.")
    return (
        f"The file names no currency, in a column or with its amounts: amounts are read as {reporting}, "
        "the store's reporting currency. If they are in another, choose it for this file"
        f"{command_line_hint('--currency', 'EUR')}, map the column that gives each deal's currency to "
        f"Currency{command_line_hint('--map', 'currency=' + quoted('Column name'))}, or add one with its ISO code "
        "(EUR, GBP...); if every deal the store holds is in another currency, change the store's reporting currency"
        # The page's control on the page, the command on the command line (hints.page_sentence): both at once read
        # "(the Data page's Currencies tab, or winloss rates --reporting EUR)" on the Data page itself.
        f"{command_line_hint(f'{RATES_COMMAND} --reporting', 'EUR')}."
    )


def _only_by_format(currencies: NamedCurrencies) -> str:
    """The sign (or signs, joined by "/") the amount cells' formats show when the file's one currency is
    named by them alone (no currency column, no amount's own text, no header); else ""."""
    if len(currencies.named) != 1 or currencies.in_column or currencies.in_amounts or currencies.in_header:
        return ""
    return "/".join(dict.fromkeys(sign for code, sign in currencies.formatted if code == currencies.named[0]))


@dataclass(frozen=True)
class FileMoney:
    """A file's money columns, row for row, and the rules that produced them."""

    columns: dict[str, pl.Series]  # amount, currency, converted_amount, converted_currency, and the __ flags
    decimal_mark: DecimalMark
    amount_rule: str  # one sentence for the file report: the currencies of the amounts (currency_rule)
    converted_rule: str | None = None  # one sentence on the converted amounts' currency, when the file has them
    notes: list[str] = field(default_factory=list)  # on the amounts read, but unsettled_note
    unsettled_rows: int = 0  # amounts that could be read with either decimal mark (rows kept out)
    converted_in_reporting: int = 0  # converted amounts that name no currency, read as the reporting one
    currencies: NamedCurrencies | None = None  # what the file names, for the rule once the stored rows are known

    @property
    def currency_rule(self) -> str:
        """The file report's currency rule: the converted amounts' sentence, then the amounts'."""
        return joined_rule(self.converted_rule, self.amount_rule)

    scale_rule: str | None = None  # one sentence on amounts written short ("5k"), when some are (values.scale_rule)
    # The converted amounts' sentence for the converted currencies of the rows stored, once they are known
    # (converted_rule's `stored`): a currency named only on rows quarantined is not listed as a value figure's.
    converted_rule_of: Callable[[Collection[str] | None], str] | None = field(default=None, compare=False, repr=False)
    # The file report's sentence on the unsettled amounts, of a whole file read at once (unsettled_note):
    # a file read in batches words it once, from every batch's rows.
    unsettled_note: str | None = None

    def stored_converted_rule(self, stored: Collection[str] | None) -> str | None:
        """converted_rule, counting only the converted currencies `stored` (None: not known)."""
        return self.converted_rule_of(stored) if self.converted_rule_of is not None else self.converted_rule

    @property
    def report(self) -> dict[str, str | None]:
        """The file report's money entries: the decimal mark and the two rules, as plain text."""
        return {"decimal_mark": self.decimal_mark.name, "separator_rule": amounts_rule(self.decimal_mark, self.scale_rule),
                "currency_rule": self.currency_rule}


def amounts_rule(mark: DecimalMark, scale_rule: str | None) -> str | None:
    """The file report's rule on how amounts are read (its `separator_rule`): the decimal mark's
    sentence, then the one on amounts written short; None when neither has anything to say."""
    return " ".join(rule for rule in (mark.rule, scale_rule) if rule) or None


def _scale_rule(lookup: pl.DataFrame | None) -> str | None:
    """values.scale_rule of a money lookup (each distinct amount text, `key`, and its `value`)."""
    return None if lookup is None else values.scale_rule(lookup.get_column("key"), lookup.get_column("value"))


def joined_rule(converted_rule: str | None, amount_rule: str) -> str:
    """The file report's currency rule from its two sentences (the converted amounts' first, when there are any)."""
    return f"{converted_rule} {amount_rule}" if converted_rule else amount_rule


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


# The shapes of dates that hint at a decimal mark: 05.03.2024 (written so where the decimal mark is a
# comma) and month-first 03/25/2024 (written so in the United States, where it is a point).
_DOTTED_DATE = r"^\s*\d{1,2}\.\d{1,2}\.\d{2,4}"
_SLASHED_DATE = r"^\s*\d{1,2}/\d{1,2}/\d{2,4}"
_MONTH_FIRST_DATE = r"^\s*\d{1,2}/(1[3-9]|2\d|3[01])/\d{2,4}"
_DAY_FIRST_DATE = r"^\s*(1[3-9]|2\d|3[01])/\d{1,2}/\d{2,4}"
HINT_SHAPES = {"dotted": _DOTTED_DATE, "month-first": _MONTH_FIRST_DATE}

LineOf = Callable[[str, str], "int | None"]
"""The line of the file where a column (its header) first holds a text, or None when not known."""


def hint_examples(texts: pl.Series) -> dict[str, str]:
    """The first text of `texts` (a date column's values, in file order) of each shape in HINT_SHAPES:
    what a decimal-mark rule may quote ({"dotted": "11.03.2026"}); shapes absent are left out."""
    # One query for every shape: each filter of a Series is a query of its own, and this runs for each
    # date column of each batch of a file.
    # A null text matches no pattern: the filter drops it, as a null it is left out of `texts`.
    firsts = texts.alias("text").to_frame().select(
        pl.col("text").filter(pl.col("text").str.contains(pattern)).first().alias(shape) for shape, pattern in HINT_SHAPES.items()
    ).row(0)
    return {shape: text for shape, text in zip(HINT_SHAPES, firsts, strict=True) if text is not None}


def continental_hints(dates: MappingOf[str, pl.Series], delimiter: str | None, line_of: LineOf | None = None) -> DecimalMark:
    """What a file's dates and delimiter say of its decimal mark when its amounts do not say.

    `dates`: each date column's header -> its distinct texts, in file order; `line_of` finds the
    line of the example a rule quotes. Dates written 05.03.2024 and a ';' delimiter (what a
    spreadsheet in a decimal-comma locale writes) point to a decimal comma; month-first dates
    (03/25/2024, when most dates are slashed and none is day-first) to a decimal point. Dates point
    only when most of the file's distinct dates are so written: one date typed 11.03.2026 among ISO dates says how one person typed it, not how the
    export writes numbers, and is named as too few to tell. The example is the first such date of
    the first column that has one, with its line.
    """
    # Each column's texts and how many of them take each shape in two queries, not one per Series operation.
    stripped = pl.col("text").str.strip_chars()
    present = {h: t.alias("text").to_frame().select(stripped.filter(stripped != "")).to_series().alias(t.name)
               for h, t in dates.items()}
    total = sum(t.len() for t in present.values())
    patterns = (_DOTTED_DATE, _SLASHED_DATE, _MONTH_FIRST_DATE, _DAY_FIRST_DATE)
    shapes = [t.alias("text").to_frame().select(pl.col("text").str.contains(p).sum().alias(p) for p in patterns).row(0, named=True)
              for t in present.values()]

    def count(pattern: str) -> int:
        return sum(int(counted[pattern]) for counted in shapes)

    def example(shape: str) -> str:
        header, text = next((h, found[shape]) for h, t in present.items() if shape in (found := hint_examples(t)))
        line = line_of(header, text) if line_of is not None else None
        return f"{header} '{text}'" + (f" on line {line}" if line is not None else "")

    dotted, slashed = count(_DOTTED_DATE), count(_SLASHED_DATE)
    month_first = count(_MONTH_FIRST_DATE) > 0 and count(_DAY_FIRST_DATE) == 0 and 2 * slashed > total
    dates_sign = f"the file's dates (mostly written day.month.year: {example('dotted')})" if 2 * dotted > total else ""
    semicolon = delimiter == ";"
    if dates_sign:
        comma = f"{dates_sign} and its ';' delimiter" if semicolon else dates_sign
    else:
        comma = "the file's ';' delimiter" if semicolon else ""
    one = not dates_sign  # the delimiter alone is one thing: "shows"
    point = f"the file's month-first dates ({example('month-first')})" if month_first else ""
    if comma and not point:
        return DecimalMark(COMMA, _by_clue(COMMA, comma, one), comma, one, offered=True)
    if point and not comma:
        return DecimalMark(POINT, _by_clue(POINT, point, False), point, False, offered=True)
    if point and comma:
        # Said inside "No amount shows which mark is the decimal one (…)." (values.decimal_mark_of).
        return DecimalMark(None, f"{comma} {'points' if one else 'point'} to a decimal comma, {point} to a decimal point")
    if dotted:
        written = "is" if dotted == 1 else "are"
        return DecimalMark(None, f"only {dotted} of the file's {total} different dates, such as {example('dotted')}, "
                                 f"{written} written day.month.year as in decimal-comma locales: too few to tell")
    return DecimalMark(None, "")


def _by_clue(mark: str, clue: str, one: bool) -> str:
    """The rule for a mark no amount shows and `clue` (a noun phrase; `one`: it takes "shows") settled."""
    return (f"Amounts use a {values.DECIMAL_MARK_NAMES[mark]}, as {clue} {'shows' if one else 'show'}: no amount "
            f"shows the mark itself. {values.CHOOSE_DECIMAL_MARK}")


@dataclass(frozen=True)
class MoneyDecision:
    """What a whole file decides about its money, for reading it a batch of rows at a time.

    It keeps each distinct text's reading, so a batch looks its values up instead of parsing them
    again, and a later decision parses only the texts that are new since this one.
    """

    decimal_mark: DecimalMark
    currencies: NamedCurrencies  # what the file's currency column and amounts name
    converted_named: tuple[str, ...]  # the currencies its converted amounts name, sorted
    # Each unit several currencies share among its converted amounts: codes joined by SEVERAL, first amount so written.
    converted_shared: tuple[tuple[str, str], ...]
    unsettled_examples: tuple[str, ...]  # up to three amounts that read two ways
    # The first converted amount its column header's unit is applied to (header_units.first_headed), else None.
    converted_headed: tuple[str, float | None] | None
    # Every distinct amount or converted amount text (`key`): its shape (values.amount_shapes),
    # the currency it names (`code`), and read with the file's mark, `value` and `unsettled`.
    amounts: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    # Every distinct text of the currency and converted currency columns (`key`) and its `code`.
    currency_codes: pl.DataFrame | None = field(default=None, compare=False, repr=False)
    converted_codes: pl.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def separator_rule(self) -> str | None:
        """The file report's rule on how amounts are read, as file_money's report words it (amounts_rule)."""
        return amounts_rule(self.decimal_mark, _scale_rule(self.amounts))


def _the_mark(
    shapes: pl.DataFrame, hints: DecimalMark, decimal_mark: str | None,
    currencies: Callable[[], Iterable[str | None]] = tuple,
) -> DecimalMark:
    """The file's decimal mark: as chosen, else from amounts whose shape shows it (values.decimal_mark_of),
    else, when none of `currencies()` (_codes_in_play: every code the amounts may be in, asked only then)
    is written to a thousandth, from amounts grouped in thousands (values.grouped_thousands_mark), else
    from `hints`. The order is the evidence's strength: "1,234" and "12,500" are thousands whatever a
    ';' delimiter or dotted dates beside them suggest (read with a decimal comma they were stored as
    1.234 and 12.5); a clue agreeing with them keeps its own rule."""
    if decimal_mark:
        return DecimalMark(decimal_mark, f"Amounts use a {values.DECIMAL_MARK_NAMES[decimal_mark]}, as chosen.")
    numbers = shapes.filter(pl.col("number_cell") & pl.col("text").str.contains(".", literal=True))
    shapes = shapes.filter(~pl.col("number_cell"))  # a number cell shows no mark of the file's (values.with_number_cells)
    mark = _the_mark_shown(shapes, hints, currencies)
    if numbers.height and mark.rule:
        # Said before the offer to choose, which ends the rule as it ends every rule a clue settled.
        rule, choose = mark.rule.removesuffix(values.CHOOSE_DECIMAL_MARK).rstrip(), mark.rule.endswith(values.CHOOSE_DECIMAL_MARK)
        said = f"{rule} {number_cells_sentence(numbers.get_column('text')[0])}"
        return dataclasses.replace(mark, rule=f"{said} {values.CHOOSE_DECIMAL_MARK}" if choose else said)
    return mark


def number_cells_sentence(example: str) -> str:
    """The decimal-mark rule's sentence on a workbook's number cells (`example`: the first with a point, as
    its reader writes it): they are not what settled the mark."""
    return (f"Amounts stored as numbers in the workbook (such as '{example}') are read as Excel holds them; "
            "the file's decimal mark does not apply to them.")


def _the_mark_shown(shapes: pl.DataFrame, hints: DecimalMark, currencies: Callable[[], Iterable[str | None]]) -> DecimalMark:
    """_the_mark of amounts the user chose no mark for, from `shapes` (amounts typed as text)."""
    mark = values.decimal_mark_of(shapes, hints)
    by_amounts = mark is not hints and mark.mark is not None  # values.decimal_mark_of hands a clue back as it came
    if not by_amounts and mark.needed and not _in_thousandths(currencies()):
        grouped = values.grouped_thousands_mark(shapes, hints)
        if grouped is not None and grouped.mark != mark.mark:
            return grouped
    return mark


def _codes_in_play(
    codes: Iterable[pl.Series], headers: MappingOf[str, str], reporting: str | None, chosen: str | None = None,
) -> list[str | None]:
    """Every currency code a file's amounts may be in (`_the_mark`'s `currencies`): the reporting currency,
    the one chosen for amounts that name none (`chosen`), the amount columns' headers' (`headers`: field ->
    the file's column), and `codes` (Series of codes read from the amounts and the currency columns)."""
    units = [header_unit(headers.get(name)) for name in ("amount", "converted_amount")]
    return [reporting, chosen, *(u.code for u in units if u is not None), *pl.concat(list(codes)).unique().to_list()]


def _in_thousandths(codes: Iterable[str | None]) -> bool:
    """Whether any of `codes` (a code, or several a shared unit stands for, joined by values.SEVERAL) is a
    currency written to a thousandth (values.THOUSANDTHS_CURRENCIES)."""
    return any(code in values.THOUSANDTHS_CURRENCIES for text in codes if text for code in text.split(values.SEVERAL))


def _codes(distinct: pl.Series, parse: Callable[[pl.Expr], pl.Expr]) -> pl.Series:
    return pl.select(parse(pl.lit(distinct))).to_series()


def _amount_shapes(texts: pl.Series, workbook: bool = False, typed: Collection[str] = ()) -> pl.DataFrame:
    """values.amount_shapes of `texts` with the currency each names (`code`), and, of a workbook's cells
    (`workbook`), which are number cells (values.with_number_cells; `typed`: the texts typed as text)."""
    shapes = values.amount_shapes(texts).with_columns(code=_codes(texts, values.currency))
    return values.with_number_cells(shapes, typed) if workbook else shapes.with_columns(number_cell=pl.lit(False))


def _currency_codes(texts: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"code": _codes(texts, values.currency_code)})


def money_decision(
    distinct: dict[str, pl.Series], hints: DecimalMark, decimal_mark: str | None, earlier: MoneyDecision | None = None,
    headers: MappingOf[str, str] | None = None, reporting_currency: str | None = None, file_currency: str | None = None,
) -> MoneyDecision:
    """The decimal mark and the currencies of a whole file, from each money field's distinct values.

    `distinct`: field -> every distinct text of that mapped column in the file, in file order (amount,
    converted_amount, currency, converted_currency). The same rules as `file_money`, which reads
    the rows with it (`decided=`), batch by batch, as it would have read the file whole. `earlier`
    (the decision of fewer rows) lends its parsed texts, so only new ones are parsed. `headers`: field
    -> the file's column, whose header may name the unit of the amounts under it (header_units).
    `reporting_currency`: what converted amounts that name no currency are in, and amounts too unless
    `file_currency` (the user's choice for this file's amounts that name none) is given (either may be
    written to a thousandth).
    """
    empty = pl.Series([], dtype=pl.String)
    amounts, converted = distinct.get("amount", empty), distinct.get("converted_amount", empty)
    both = pl.concat([amounts, converted]).unique(maintain_order=True)
    known = earlier.amounts.drop("value", "unsettled") if earlier is not None and earlier.amounts is not None else None
    shapes = values.parsed_once(known, both, _amount_shapes)
    currency_codes = converted_codes = None
    if "currency" in distinct:
        currency_codes = values.parsed_once(earlier.currency_codes if earlier else None, distinct["currency"], _currency_codes)
    if "converted_currency" in distinct:
        converted_codes = values.parsed_once(
            earlier.converted_codes if earlier else None, distinct["converted_currency"], _currency_codes
        )
    named = [codes.get_column("code") for codes in (shapes, currency_codes, converted_codes) if codes is not None]
    mark = _the_mark(shapes, hints, decimal_mark,
                     lambda: _codes_in_play(named, headers or {}, reporting_currency, file_currency))
    lookup = pl.concat([shapes, values.read_with(shapes, mark.mark)], how="horizontal")
    examples = lookup.filter(pl.col("unsettled")).get_column("key").head(3).to_list()
    amount_rows = lookup.filter(both.is_in(amounts.implode(), nulls_equal=True))
    unit = header_unit((headers or {}).get("amount"))
    bare = unitless(amount_rows)
    currencies = _named_currencies(
        amount_rows.get_column("key"), amount_rows.get_column("code"),
        amount_rows.get_column("value").is_not_null() | amount_rows.get_column("unsettled"),
        currency_codes.get_column("code") if currency_codes is not None else None,
        column_texts=distinct.get("currency"), headed=codes_by_header(bare, unit), unit=unit,
        example=first_headed(amount_rows.get_column("key"), amount_rows.get_column("value"), bare, unit),
    )
    converted_named: set[str] = set()
    converted_shared: tuple[tuple[str, str], ...] = ()
    converted_headed = None
    if "converted_amount" in distinct:
        converted_rows = lookup.filter(both.is_in(converted.implode(), nulls_equal=True))
        converted_unit = header_unit((headers or {}).get("converted_amount"))
        converted_bare = unitless(converted_rows)
        converted_codes_read = converted_rows.get_column("code").fill_null(codes_by_header(converted_bare, converted_unit))
        converted_headed = first_headed(converted_rows.get_column("key"), converted_rows.get_column("value"), converted_bare,
                                        converted_unit)
        converted_named = set(converted_codes_read.drop_nulls().to_list())
        converted_shared = _shared_units(converted_rows.get_column("key"), converted_codes_read)
        if converted_codes is not None:
            converted_named |= set(converted_codes.get_column("code").drop_nulls().to_list())
    return MoneyDecision(
        mark, currencies, tuple(sorted(c for c in converted_named if _one(c))), converted_shared, tuple(examples),
        converted_headed, lookup, currency_codes, converted_codes,
    )


def extended_money(decision: MoneyDecision, new: MappingOf[str, pl.Series]) -> MoneyDecision:
    """`decision` (money_decision of the rows so far) with the texts in `new` (field -> distinct texts of
    MONEY fields the decision has not read) added to its lookups, read by its rules: each new amount with
    its decimal mark, each new currency text for the code it names. Nothing is decided again (the mark,
    the currencies the file names): a batch read so is compared with the whole file's decision at the
    end, as every batch is (pipeline._same_decisions), and the file read again if they differ."""
    amounts, currency_codes, converted_codes = decision.amounts, decision.currency_codes, decision.converted_codes
    texts = [t for name in ("amount", "converted_amount") if (t := new.get(name)) is not None]
    if texts and amounts is not None:
        fresh = _not_in(pl.concat(texts).unique(maintain_order=True), amounts)
        if fresh.len():
            shapes = _amount_shapes(fresh).with_columns(fresh.alias("key"))
            read = pl.concat([shapes, values.read_with(shapes, decision.decimal_mark.mark)], how="horizontal")
            amounts = pl.concat([amounts, read.select(amounts.columns)])
    currency_codes = _with_codes(currency_codes, new.get("currency"))
    converted_codes = _with_codes(converted_codes, new.get("converted_currency"))
    return dataclasses.replace(decision, amounts=amounts, currency_codes=currency_codes, converted_codes=converted_codes)


def _not_in(texts: pl.Series, lookup: pl.DataFrame) -> pl.Series:
    """The texts (key: `texts`) `lookup` (its `key`) does not hold yet."""
    return texts.filter(~texts.is_in(lookup.get_column("key").implode(), nulls_equal=True)).alias("key")


def _with_codes(codes: pl.DataFrame | None, texts: pl.Series | None) -> pl.DataFrame | None:
    """A currency lookup (`key`, `code`) with the codes of `texts` it does not hold yet added."""
    if codes is None or texts is None:
        return codes
    fresh = _not_in(texts.unique(maintain_order=True), codes)
    if not fresh.len():
        return codes
    return pl.concat([codes, _currency_codes(fresh).with_columns(fresh).select(codes.columns)])


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
    formatted: pl.DataFrame | None = None,
    converted_formatted: pl.DataFrame | None = None,
    file_currency: str | None = None,
    workbook: bool = False,
    typed_numbers: Collection[str] = (),
) -> FileMoney:
    """The money columns of one opportunity file from its mapped text columns (field -> Series).

    `headers` names each field's column in the file; `decimal_mark` (POINT or COMMA) forces the
    mark, else the amounts decide, else `hints`; `reporting_currency` is what an amount is in when
    the file names no currency at all, or what a converted amount is in when it names none.
    `decided` (money_decision of the whole file) reads a batch of the file's rows as the whole
    file reads them; then the unsettled-amounts note is left to the caller (`unsettled_rows`). `formatted`:
    row for row, the "signs" and "format" of the amount cell's number format in a workbook
    (RawTable.currency_formats), null where it shows none: such a sign names the amount's currency where
    its text names none, and a scale it shows ("Mio €") is applied to the cell's value (cell_scales);
    `converted_formatted` the same of the converted amount's cells, read alike where the converted
    currency column, if any, names no currency. `file_currency`: the currency the user gave for this
    file's amounts that name none (bare_currency.file_currency_choice), which they are read in instead of
    the file's one currency or `reporting_currency`; converted amounts that name none stay in `reporting_currency`.
    `workbook`: the texts are a workbook's cells, whose number cells are read as numbers and settle no mark
    (values.with_number_cells); `typed_numbers`: the texts among them typed as text though written as the
    reader writes a number ("1.234" typed in a German sheet), read as text, as a CSV's are.
    """
    height = next(iter(text.values())).len()
    nulls = constant(None, height, pl.String)
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
        shapes = _amount_shapes(both, workbook, typed_numbers)
        mark = decided.decimal_mark if decided else _the_mark(shapes, hints, decimal_mark, lambda: _codes_in_play(
            [shapes.get_column("code"), *(_currency_codes(text[name].unique()).get_column("code")
                                          for name in ("currency", "converted_currency") if name in text)],
            headers, reporting_currency, file_currency))
        readings = pl.concat([shapes.select("text", "scale", "code"), values.read_with(shapes, mark.mark)], how="horizontal")
        lookup = readings.with_columns(pl.Series("key", both))

    def read(column: pl.Series) -> pl.DataFrame:
        """Each row's `value` and `unsettled` as its text reads, the `code` of the currency its text names
        and the `scale` of the size word it writes (1.0 for none)."""
        if column.null_count() == column.len():  # no such column in the file: nothing to look up
            return pl.DataFrame({"value": constant(None, column.len(), pl.Float64),
                                 "unsettled": constant(False, column.len(), pl.Boolean),
                                 "code": constant(None, column.len(), pl.String),
                                 "scale": constant(1.0, column.len(), pl.Float64)})
        # One join for the four columns: four replace_strict calls cost four times as much.
        found = column.alias("key").to_frame().join(
            lookup.select("key", "value", "unsettled", "code", "scale"), on="key", how="left", nulls_equal=True,
            maintain_order="left",
        )
        return found.select(
            pl.col("value").cast(pl.Float64),
            pl.col("unsettled").fill_null(False),
            pl.col("code").cast(pl.String),
            pl.col("scale").cast(pl.Float64).fill_null(1.0),
        )

    amount, converted = read(amount_text), read(converted_text)
    written = amount.get_column("code")  # the currency each amount's own text names, read with it
    notes: list[str] = []
    unsettled = lookup.filter(pl.col("unsettled"))
    rows = 0
    unsettled_said = None
    if unsettled.height:
        rows = int(amount.get_column("unsettled").sum()) + int(converted.get_column("unsettled").sum())
        if decided is None:
            unsettled_said = unsettled_note(headers, rows, unsettled.get_column("key").head(3).to_list())

    if (zero := _accounting_zero_example(lookup, amount_text, converted_text)) is not None:
        notes.append(accounting_zero_note(headers, zero))
    formats = _cell_formats(formatted) if formatted is not None else None
    converted_formats = _cell_formats(converted_formatted) if converted_formatted is not None else None
    # The unit each column's header names, for the amounts that show none of their own (header_units).
    unit, converted_unit = (header_unit(headers.get(name)) if name in text else None for name in ("amount", "converted_amount"))
    bare, converted_bare = unitless(amount, formats), unitless(converted, converted_formats)
    headed = (codes_by_header(bare, unit), unit, first_headed(amount_text, amount.get_column("value"), bare, unit))
    converted_headed = (codes_by_header(converted_bare, converted_unit), converted_unit,
                        first_headed(converted_text, converted.get_column("value"), converted_bare, converted_unit))
    amount = scaled_by_header(cell_scales(amount, formats), bare, unit)
    converted = scaled_by_header(cell_scales(converted, converted_formats), converted_bare, converted_unit)
    currency, problem, currencies, overruled, by_rule = _currencies(
        text, headers, amount_text, amount, reporting_currency, decided, formats, lookup, headed, written, file_currency
    )
    if overruled:
        notes.append(overruled)
    amount_rule = currency_rule(currencies, headers, reporting_currency, chosen=file_currency)
    converted_currency, converted_problem, converted_said, in_reporting, converted_overruled = _converted_currency(
        text, headers, converted_text, reporting_currency, decided, lookup, converted_headed, converted_formats
    )
    if converted_overruled:
        notes.append(converted_overruled)
    # A converted amount whose currency is not one is quarantined, not read as the reporting currency.
    problem = pl.select(pl.coalesce(pl.lit(problem), pl.lit(converted_problem))).to_series()
    columns = {
        "amount": amount.get_column("value").alias("amount"),
        "currency": currency.alias("currency"),
        "converted_amount": converted.get_column("value").alias("converted_amount"),
        "converted_currency": converted_currency.alias("converted_currency"),
        "__amount_unsettled": (amount.get_column("unsettled") | converted.get_column("unsettled")).alias("__amount_unsettled"),
        "__currency_problem": problem.alias("__currency_problem"),
        CURRENCY_BY_RULE: by_rule.alias(CURRENCY_BY_RULE),
    }
    # Amounts written short ("5k"), then the amount and converted amount cells whose format shows a scale.
    # A batch's rule is the whole file's (MoneyDecision.separator_rule): not worded again for each batch.
    scale_rules = [_scale_rule(lookup) if decided is None else None]
    for name, texts, read_as, cells, in_currency in (("amount", amount_text, amount, formats, currency),
                                                     ("converted_amount", converted_text, converted, converted_formats, converted_currency)):
        if cells is not None:
            # Imported here, not with the module: the schemas bring Pandera and pandas (0.7 s of processor
            # time), which the command line's start and its commands other than ingest never use.
            from data_models.schemas import SCALE_UNREAD

            columns[SCALE_UNREAD[name]] = cells.get_column("unsettled").alias(SCALE_UNREAD[name])
            scale_rules.append(cell_scale_rule(headers[name], texts, read_as.get_column("value"), in_currency, cells))
    scale_rule = " ".join(rule for rule in scale_rules if rule) or None
    converted_sentence = converted_said(None) if converted_said is not None else None
    return FileMoney(columns, mark, amount_rule, converted_sentence, notes, rows, in_reporting, currencies, scale_rule,
                     converted_said, unsettled_said)


def accounting_zero_note(headers: MappingOf[str, str], example: str = "$ -") -> str:
    """The file report's rule for amounts written as a currency and a dash alone (`example`, the
    file's first, as "€ -")."""
    return (f"{headers.get('amount', 'Amount')}: amounts written as a currency and a dash alone (such as '{example}'), "
            "which is how Excel's accounting format shows zero, are read as 0.")


def _accounting_zero_example(lookup: pl.DataFrame, *columns: pl.Series) -> str | None:
    """The file's first amount written as a currency and a dash alone (values.accounting_zero),
    stripped, when any of these rows holds one; else None. `lookup`: every distinct amount text of
    the file (`key`), in file order, looked at once rather than row by row: a batch quotes the file's
    first, as the whole file does."""
    zeros = lookup.filter(values.accounting_zero(pl.col("key").cast(pl.String)).fill_null(False)).get_column("key")
    if not zeros.len() or not any(bool(c.is_in(zeros.implode()).any()) for c in columns):
        return None
    return " ".join(str(zeros[0]).split())


def _currencies(
    text: dict[str, pl.Series],
    headers: dict[str, str],
    amount_text: pl.Series,
    amount: pl.DataFrame,
    reporting: str,
    decided: MoneyDecision | None = None,
    formats: pl.DataFrame | None = None,
    lookup: pl.DataFrame | None = None,
    headed: tuple[pl.Series, HeaderUnit | None, tuple[str, float | None] | None] | None = None,
    written: pl.Series | None = None,
    chosen: str | None = None,
) -> tuple[pl.Series, pl.Series, NamedCurrencies, str | None, pl.Series]:
    """Each row's currency, the reason it cannot be settled (or null), what the file names, a note
    on amount cells whose format names another currency than the currency column (None when none does), and
    whether each row's currency is the one the file's rule gives an amount whose row names none
    (NamedCurrencies.fallback: the user's choice, the file's one currency or the reporting currency).

    `amount`: each row's amount as read (`value`, and `unsettled` where the decimal mark could go either way).
    `decided`: the whole file's decision, when these rows are a batch of it: it holds every distinct
    text's currency, read once for the whole file, and what the whole file names. `formats`: row for
    row, what the amount cell's number format names (_cell_formats), null where it shows no sign.
    `lookup`: every distinct amount text (`key`) and the currency it names (`code`), when read already.
    `headed`: what the amount column's header names (header_units): row for row, the code it gives an amount
    that shows none of its own (or null), its unit, and the first amount it is applied to. `written`:
    row for row, the currency each amount's text names, when the caller read it already. `chosen`: the
    currency the user gave for the amounts that name none (NamedCurrencies.fallback).
    """
    if written is None:
        written = _coded(amount_text, lookup if lookup is not None else decided.amounts if decided else None, values.currency)
    # A number cell formatted in € names EUR as "€5,000" would; what the amount's text names comes first.
    from_format = formats.get_column("code") if formats is not None else constant(None, amount_text.len(), pl.String)
    # The header's unit is an amount's that shows none of its own, in its text or its cell's format.
    by_header = headed[0] if headed is not None else constant(None, amount_text.len(), pl.String)
    if "currency" in text:
        from_column = _coded(text["currency"], decided.currency_codes if decided else None, values.currency_code)
    else:
        from_column = constant(None, amount_text.len(), pl.String)
    value = amount.get_column("value")
    # One query for the row's inputs (this runs for each batch): each Series operation was a query of its own.
    shown, formatted, headed_code = pl.col("written").is_null(), pl.col("from_format"), pl.col("by_header_code")
    frame = pl.DataFrame({"column": from_column, "written": written, "from_format": from_format, "by_header_code": by_header,
                          "value": value}).select(
        "column", pl.col("written").fill_null(formatted).fill_null(headed_code).alias("amount_code"),
        pl.col("value").is_not_null().alias("has_amount"), (shown & formatted.is_not_null()).alias("by_format"),
        (shown & formatted.is_null() & headed_code.is_not_null()).alias("by_header"))
    if decided is not None:
        currencies = decided.currencies
    else:
        readable = value.is_not_null() | amount.get_column("unsettled")
        by_header_codes, unit, example = headed if headed is not None else (None, None, None)
        currencies = _named_currencies(amount_text, written, readable, from_column if "currency" in text else None, formats,
                                       text.get("currency"), by_header_codes, unit, example)
    column, has_amount = pl.col("column"), pl.col("has_amount")
    # A unit several currencies share ("kr") is settled by the currency column, when it names one of them.
    several = pl.col("amount_code").str.contains(values.SEVERAL, literal=True).fill_null(False)
    code = pl.when(several).then(None).otherwise(pl.col("amount_code"))
    unknown = column == ""
    known = column.is_not_null() & ~unknown
    differs = known & _names_another(pl.col("amount_code"), column)
    # A currency column settles a row whatever its amount cell's format shows: that is a note, not a conflict.
    # The header's currency is the whole column's, written once: a row whose column names another is asked about.
    conflict = differs & ~pl.col("by_format") & ~pl.col("by_header")
    unsettled = several & ~known
    stated = pl.when(~unknown).then(pl.coalesce(column, code)).otherwise(code)
    fallback = currencies.fallback(reporting, chosen)
    # Decided once per distinct combination of what decides it (a handful in a file), then spread back
    # over the rows: evaluated row by row, the per-row pattern of `differs` cost as much as the rest of
    # normalising a batch.
    combos = frame.unique()
    decided_combos = combos.with_columns(
        pl.when(has_amount | stated.is_not_null()).then(pl.coalesce(stated, pl.lit(fallback, pl.String))).alias("currency"),
        pl.when(has_amount & unknown)
        .then(pl.lit(UNKNOWN_CURRENCY))
        .when(has_amount & conflict)
        .then(pl.lit(CONFLICTING_CURRENCY))
        .when(has_amount & differs & pl.col("by_header"))
        .then(pl.lit(HEADER_CONFLICT))
        .when(has_amount & unsettled & pl.col("by_format"))
        .then(pl.lit(SEVERAL_BY_FORMAT))
        .when(has_amount & unsettled & pl.col("by_header"))
        .then(pl.lit(SEVERAL_BY_HEADER))
        .when(has_amount & unsettled)
        .then(pl.lit(SEVERAL_CURRENCIES))
        .when(has_amount & stated.is_null() & pl.lit(fallback is None))
        .then(pl.lit(currencies.missing_problem))
        .alias("problem"),
        (has_amount & differs & pl.col("by_format")).alias("overruled"),
        # Its currency is the file's rule's (`fallback`): nothing on its row names one.
        (has_amount & stated.is_null() & pl.lit(fallback is not None)).alias("by_rule"),
    )
    result = frame.join(decided_combos, on=frame.columns, how="left", nulls_equal=True, maintain_order="left")
    overruled = result.get_column("overruled")
    note = None
    if formats is not None and overruled.any():
        note = _overruled_note(headers, int(overruled.sum()), formats.filter(overruled), from_column.filter(overruled),
                               "amount", "currency")
    return result.get_column("currency"), result.get_column("problem"), currencies, note, result.get_column("by_rule")


def _cell_formats(formatted: pl.DataFrame) -> pl.DataFrame:
    """Row for row with `formatted` (each amount cell's format "signs" and "format" code, or nulls), read
    once per distinct format: the `code` the signs name (values.format_currency), the currency `sign`
    as the cell shows it ("/"-joined; null for none), the `shared` sign it shows with no locale to settle
    it (values.unsettled_shared_sign), else null; and the scale it shows (values.format_scale): `factor`
    (Float64, what the cell's value is multiplied by, 1.0 for none), `scale` (Float64, what its word
    names) and `commas` (Int64), or `unsettled` (the format, where its scale cannot be told), else null."""
    distinct = formatted.select(pl.col("signs").cast(pl.String), pl.col("format").cast(pl.String)).unique(maintain_order=True)
    rows = []
    for signs, code in distinct.iter_rows():
        scale = values.format_scale(positive_sections(code)) if code is not None else values.FormatScale()
        shown = "/".join(dict.fromkeys(sign for g in (signs or "").split(" ") if (sign := values.format_sign(g))))
        rows.append({
            "code": values.format_currency(signs), "sign": shown or None, "shared": values.unsettled_shared_sign(signs),
            "factor": scale.factor, "scale": scale.scale, "commas": scale.commas,
            "unsettled": code if scale.unsettled else None,
        })
    schema = {"code": pl.String, "sign": pl.String, "shared": pl.String, "factor": pl.Float64, "scale": pl.Float64,
              "commas": pl.Int64, "unsettled": pl.String}
    parsed = pl.concat([distinct, pl.DataFrame(rows, schema=schema)], how="horizontal")
    return formatted.select("signs", "format").join(parsed, on=["signs", "format"], how="left", nulls_equal=True,
                                                    maintain_order="left")


def cell_scales(amount: pl.DataFrame, formats: pl.DataFrame | None) -> pl.DataFrame:
    """`amount` (file_money's readings, row for row: `value`, `unsettled`) with the scale each cell's
    number format shows applied (`formats`: _cell_formats, row for row; None leaves it as it is): a cell
    formatted `0.0 "Mio €"` holding 1.5 is 1,500,000. A cell whose format's scale cannot be told
    ("mil") is not read: its value is null and it is `unsettled`, as an amount two decimal marks read
    differently is, the reason naming the format (unread_scale_reason)."""
    if formats is None:
        return amount
    unread = formats.get_column("unsettled").is_not_null()
    return pl.DataFrame({
        "value": pl.select(pl.when(pl.lit(unread)).then(None).otherwise(
            pl.lit(amount.get_column("value")) * pl.lit(formats.get_column("factor")).fill_null(1.0))).to_series(),
        "unsettled": amount.get_column("unsettled") | unread,
    })


def unread_scale_reason(header: str, text: str, code: str) -> str:
    """Why an amount (`text`, under `header`) whose cell's number format (`code`) shows a scale that
    cannot be told is not stored, and what to do (cell_scales)."""
    why = values.format_scale(positive_sections(code)).unsettled
    return (f"{header} '{text}' is not read: its cell's format '{code}' {why}, so it is not guessed; format the cell "
            "with k (thousand) or M (million), or write the amount in full.")


def cell_scale_rule(header: str, texts: pl.Series, read: pl.Series, currencies: pl.Series, formats: pl.DataFrame) -> str | None:
    """The file report's one sentence on a column's cells whose number format shows a scale applied to
    their value (`formats`: _cell_formats, row for row with the cells' `texts`, the amounts `read` and
    their `currencies`), naming each such format and its scale, and the first such amount and what it is
    read as: "Amount: cells formatted '0.0 "Mio €"' show millions: '1.5' is read as 1,500,000 EUR.";
    None when no cell's format scales its value (`#,##0,"K"` shows thousands of a value already whole)."""
    frame = pl.concat([pl.DataFrame({"text": texts.cast(pl.String), "value": read, "currency": currencies}), formats],
                      how="horizontal").filter(pl.col("value").is_not_null() & (pl.col("factor") != 1.0))
    if frame.height == 0:
        return None
    said = []
    # One format named for each scale it shows, the others counted: eight format codes in a row read as noise.
    scales = (frame.unique("format", keep="first", maintain_order=True)
              .group_by("scale", "commas", maintain_order=True).agg(pl.col("format").first(), pl.len().alias("formats")))
    for i, (scale, commas, code, formats_) in enumerate(scales.iter_rows()):
        divided = f" of the value divided by {1000**commas:,} (the format's trailing {'comma' if commas == 1 else 'commas'})" if commas else ""
        others = f" (and {plural(formats_ - 1, 'other format')})" if formats_ > 1 else ""
        said.append(f"'{code}'{others} {'show ' if i == 0 else ''}{values.scale_name(scale)}s{divided}")
    text, value, currency = frame.row(0)[:3]
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{header}: cells formatted {', and those formatted '.join(said)}: '{text}' is read as {shown}{f' {currency}' if currency else ''}."


def _overruled_note(
    headers: MappingOf[str, str], rows: int, formats: pl.DataFrame, column: pl.Series, amount: str, currency: str,
) -> str:
    """The note for `rows` amounts (the field `amount`: amount or converted_amount) whose cells are formatted
    in one currency while their currency column (the field `currency`) names another (`formats`, `column`:
    those rows' format code and sign, and the column's code)."""
    sign, code, named = formats.get_column("sign")[0], formats.get_column("code")[0], column[0]
    amounts = "amount's cell is" if rows == 1 else "amounts' cells are"
    return (
        f"{headers[amount]}: {rows:,} {amounts} formatted in {sign} ({one_of(code)}) in the workbook while the column "
        f"'{headers[currency]}' names another currency (such as {named}): they are read in the currency "
        "the column names, which settles a row's currency; check those rows."
    )


def _named_by_source(currencies: NamedCurrencies, headers: MappingOf[str, str]) -> str:
    """Which currencies the currency column names and which only the amounts name ("the column 'Currency'
    (GBP, USD) and the amounts themselves (EUR)"), so the report never credits the column with a code it lacks."""
    named, in_column = currencies.named, set(currencies.in_column)
    signs = {code: sign for code, sign in reversed(currencies.formatted)}  # each code's first sign
    by_format = [c for c in named if c not in in_column and c not in currencies.in_amounts and c in signs]
    by_header = [c for c in named if c not in in_column and c not in currencies.in_amounts and c not in by_format
                 and c in currencies.in_header]
    only_amounts = [c for c in named if c not in in_column and c not in by_format and c not in by_header]
    parts = []
    if in_column:
        parts.append(f"the column '{headers['currency']}' ({', '.join(c for c in named if c in in_column)})")
    if only_amounts:
        parts.append(f"the amounts themselves ({', '.join(only_amounts)})")
    if by_format:
        parts.append(f"the amount cells' formats ({', '.join(f'{c} as {signs[c]}' for c in by_format)})")
    if by_header:
        parts.append(f"the header '{headers['amount']}' ({', '.join(by_header)})")
    return listed(parts)


def _converted_currency(
    text: dict[str, pl.Series], headers: dict[str, str], converted_text: pl.Series, reporting: str,
    decided: MoneyDecision | None = None, lookup: pl.DataFrame | None = None,
    headed: tuple[pl.Series, HeaderUnit | None, tuple[str, float | None] | None] | None = None,
    formats: pl.DataFrame | None = None,
) -> tuple[pl.Series, pl.Series, Callable[[Collection[str] | None], str] | None, int, str | None]:
    """The currency of the export's converted amount: its own column, what its text names, else what its
    cell's number format names, else what its column's header names, else the reporting one; why each
    row's converted currency cannot be settled (UNKNOWN_CONVERTED_CURRENCY, CONVERTED_CONFLICTING_CURRENCY,
    CONVERTED_HEADER_CONFLICT, SEVERAL_CONVERTED_BY_FORMAT, or null); the rule, given the converted
    currencies of the rows stored when known (converted_rule's `stored`); the rows whose converted amount
    names no currency and is read as the reporting one; and a note on cells formatted in another currency
    than the converted currency column names (None when none is).

    `decided`: the whole file's decision, when these rows are a batch of it: it holds every distinct
    text's currency, read once for the whole file, and what the whole file's converted amounts name.
    `lookup`, `headed` and `formats`: as _currencies takes them, for the converted amounts.
    """
    nothing = constant(None, converted_text.len(), pl.String)
    if "converted_amount" not in text:
        return nothing, nothing, None, 0, None
    written = _coded(converted_text, lookup if lookup is not None else decided.amounts if decided else None, values.currency)
    own = written  # what each converted amount's own text names ("GBP 4400"), before its format or header fill in
    # A cell formatted in € names EUR as "€5,000" would, as an amount's does; what its text names comes first.
    from_format = formats.get_column("code") if formats is not None else nothing
    by_format = written.is_null() & from_format.is_not_null()
    written = written.fill_null(from_format)
    by_header = nothing if headed is None else pl.select(pl.when(pl.lit(written).is_null()).then(pl.lit(headed[0]))).to_series()
    written = written.fill_null(by_header)
    # A unit several currencies share ("kr") says nothing the converted currency column does not.
    several = written.str.contains(values.SEVERAL, literal=True).fill_null(False)
    code = pl.select(pl.when(pl.lit(several)).then(None).otherwise(pl.lit(written))).to_series()
    present = converted_text.is_not_null()
    unknown = constant(False, converted_text.len(), pl.Boolean)
    conflict = conflicting = unknown
    column = nothing
    if "converted_currency" in text:
        column = _coded(text["converted_currency"], decided.converted_codes if decided else None, values.currency_code)
        code = pl.select(pl.coalesce(pl.lit(column).replace("", None), pl.lit(code))).to_series()
        unknown = ((column == "") & present).fill_null(False)
        several = several & column.is_null()
        # The header's currency is the whole column's, written once: a row whose converted currency column
        # names another is asked about, as an amount's is (HEADER_CONFLICT), never read in either.
        conflict = _differs(by_header, column, present)
        # A converted amount that names its own currency ("GBP 4400", "4400 kr") beside a column naming another
        # (USD) is asked about, as an amount's is (CONFLICTING_CURRENCY), never read in either: the column
        # settles only what the amount leaves open ("kr" beside SEK).
        conflicting = _differs(own, column, present)
    # Which of them it is cannot be told: the row is quarantined, never read as the reporting currency.
    problem = pl.select(
        pl.when(pl.lit(unknown)).then(pl.lit(UNKNOWN_CONVERTED_CURRENCY))
        .when(pl.lit(conflicting)).then(pl.lit(CONVERTED_CONFLICTING_CURRENCY))
        .when(pl.lit(conflict)).then(pl.lit(CONVERTED_HEADER_CONFLICT))
        .when(pl.lit(several & present & by_format)).then(pl.lit(SEVERAL_CONVERTED_BY_FORMAT))
        .when(pl.lit(several & present)).then(pl.lit(UNKNOWN_CONVERTED_CURRENCY))
    ).to_series()
    unknown = problem.is_not_null()
    filled = pl.select(pl.when(pl.lit(present)).then(pl.coalesce(pl.lit(code), pl.lit(reporting)))).to_series()
    in_reporting = int((present & code.is_null() & ~unknown).sum())
    formatted: tuple[tuple[str, str], ...] = ()
    commonest: tuple[tuple[str, str], ...] = ()
    note = None
    if formats is not None:
        # The rows whose currency their cell's format settles: the column names none there.
        settled = by_format & present & column.is_null()
        pairs = formats.filter(settled).unique(["code", "sign"], keep="first", maintain_order=True)
        formatted = tuple((c, g) for c, g in pairs.select("code", "sign").iter_rows() if _one(c))
        commonest = _commonest_by_format(formats.get_column("shared").filter(settled & ~several))
        # A converted currency column settles a row whatever its cell's format shows: a note, as for the amount.
        overruled = _differs(from_format, column, by_format & present)
        if overruled.any():
            note = _overruled_note(headers, int(overruled.sum()), formats.filter(overruled), column.filter(overruled),
                                   "converted_amount", "converted_currency")
    if decided is not None:
        named, shared, example = list(decided.converted_named), decided.converted_shared, decided.converted_headed
    else:
        # What the column, each converted amount's own text and its header name, as money_decision counts them for
        # a batch: "GBP 4400" beside USD, quarantined, names GBP too ("only where no converted amount is stored").
        named = sorted(c for c in pl.concat([code, own, by_header]).unique().to_list() if _one(c))
        shared = _shared_units(converted_text, written)
        example = headed[2] if headed is not None else None
    rule = functools.partial(converted_rule, named, shared, headers, reporting, in_reporting > 0, example, formatted, commonest)
    return filled, problem, rule, in_reporting, note


def _differs(unit: pl.Series, column: pl.Series, where: pl.Series) -> pl.Series:
    """Row for row, `where` a converted currency column names a currency (`column`, a code) that is not the
    one `unit` names (_names_another); else False."""
    return pl.select(
        pl.lit(where) & pl.lit(column).is_not_null() & (pl.lit(column) != "") & _names_another(pl.lit(unit), pl.lit(column))
    ).to_series().fill_null(False)


def _names_another(unit: pl.Expr, column: pl.Expr) -> pl.Expr:
    """Whether a currency column's code (`column`) is not the currency `unit` names (a code, or codes joined
    by SEVERAL, "kr": none of them), `unit` naming one (False where it names none): one rule for the amount's
    currency column (_currencies) and the converted amount's (_differs)."""
    several = unit.str.contains(values.SEVERAL, literal=True).fill_null(False)
    return pl.when(several).then(~unit.str.contains(column, literal=True)).otherwise(unit != column).fill_null(False)


def converted_rule(
    named: Sequence[str], shared: Sequence[tuple[str, str]], headers: MappingOf[str, str], reporting: str, in_reporting: bool,
    headed: tuple[str, float | None] | None = None, formatted: Sequence[tuple[str, str]] = (),
    commonest: Sequence[tuple[str, str]] = (), stored: Collection[str] | None = None,
) -> str:
    """The file report's sentence on the converted amounts: the currencies they (or their currency column)
    name, whether some that name none are read as `reporting`, and, for each unit several currencies
    share (`shared`: codes joined by SEVERAL, the first amount written so), when such an amount is stored;
    then, when its column's header names a unit applied to some (`headed`: the first, header_units.first_headed),
    the header's sentence. `formatted`: each one currency (code, sign) a workbook's converted cells are formatted
    in where nothing else names theirs, in file order: a sentence says they are read in it; `commonest`: the
    signs among them that other currencies show too, read as their commonest (("$", "USD")), with what to do.

    `headers`: field -> the file's column (converted_amount, and converted_currency when the file has one).
    `stored`: the converted currencies of the rows stored, when known: the list counts only those, and a
    currency named only where no converted amount is stored (a row quarantined, a blank amount) is said to be.
    """
    header = headers["converted_amount"]
    left_out = [c for c in named if stored and c not in stored]
    named = [c for c in named if c not in left_out]
    unstored = f"{', '.join(left_out)} only where no converted amount is stored" if left_out else ""
    if named:
        in_what = f" in {', '.join(named)}" + (f" ({unstored})" if unstored else "") + (
            f"; where it names none, {reporting}" if in_reporting else "")
    elif shared and not in_reporting:
        in_what = f" ({unstored})" if unstored else ""
    elif shared or left_out:
        in_what = f" in {reporting} where it names none (the store's reporting currency{f'; {unstored}' if unstored else ''})"
    else:
        in_what = f" in {reporting} (it names no currency: read as the store's reporting currency)"
    column = headers.get("converted_currency")
    units = "".join(
        f"; amounts in it such as '{example}' could be in {one_of(codes)}"
        + (f" and are stored only where '{column}' gives their currency" if column
           else ", and no currency column says which: they are not stored")
        for codes, example in shared
    )
    rule = f"Value figures use '{header}'{in_what}{units}; the original amount and currency are kept."
    if formatted:
        rule = f"{rule} {_formatted_sentence(header, formatted, commonest)}"
    if headed is not None and (unit := header_unit(header)) is not None:
        currency = unit.code if _one(unit.code) else None if column or unit.code else reporting
        rule = f"{rule} {header_sentence(header, unit, headed, currency)}"
    return rule


def _formatted_sentence(header: str, formatted: Sequence[tuple[str, str]], commonest: Sequence[tuple[str, str]]) -> str:
    """One sentence on a column's cells read in the currency their number format shows ("Amount (converted):
    cells formatted in € are read as EUR."), and, for a sign other currencies show too, what to do."""
    said = ", and those in ".join(f"{sign} {'are read ' if i == 0 else ''}as {code}" for i, (code, sign) in enumerate(formatted))
    others = " or ".join(dict.fromkeys(_OTHERS_SO_WRITTEN[code] for _, code in commonest))
    caveat = f", the commonest currency so written: if the file's are {others}, write its code in the file" if others else ""
    return f"{header}: cells formatted in {said}{caveat}."


def decimal_mark_choice(word: str) -> str | None:
    """POINT, COMMA or None (decide from the file) from 'point', 'comma' or 'auto'; ValueError otherwise."""
    key = re.sub(r"\s+", " ", word.strip().lower())
    if key in ("", "auto"):
        return None
    if key not in DECIMAL_MARK_CHOICES:
        raise ValueError(f"The decimal mark is 'point' (1,234.56), 'comma' (1.234,56) or 'auto'; got '{word}'.")
    return DECIMAL_MARK_CHOICES[key]
