"""Vectorised parsing of exported text into amounts, currencies, percentages and dates."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# ISO 4217 codes a CRM export is likely to carry; a three-letter word outside this list is not a currency.
CURRENCY_CODES = frozenset(
    "USD EUR GBP JPY CNY CHF CAD AUD NZD HKD SGD SEK NOK DKK ISK PLN CZK HUF RON BGN HRK TRY RUB UAH "
    "ILS AED SAR QAR KWD BHD OMR EGP ZAR NGN KES MAD INR PKR BDT LKR IDR MYR THB VND PHP KRW TWD "
    "BRL MXN ARS CLP COP PEN UYU".split()
)
# Symbols, longest first so "US$" wins over "$". A bare "$" is read as US dollars.
CURRENCY_SYMBOLS = {
    "US$": "USD", "AU$": "AUD", "A$": "AUD", "CA$": "CAD", "C$": "CAD", "NZ$": "NZD", "HK$": "HKD",
    "SG$": "SGD", "S$": "SGD", "R$": "BRL", "MX$": "MXN", "$": "USD", "\u20ac": "EUR", "\u00a3": "GBP",
    "\u00a5": "JPY", "\u20b9": "INR", "\u20a9": "KRW", "\u20bd": "RUB", "\u20ba": "TRY", "\u20aa": "ILS",
    "z\u0142": "PLN", "\u20ab": "VND", "\u20b1": "PHP", "\u0e3f": "THB",
}  # fmt: skip
_SYMBOL = "|".join(s.replace("$", r"\$") for s in CURRENCY_SYMBOLS)
_SPACES = "\\s\u00a0\u202f'\u2019"  # thousands may be grouped by spaces, thin spaces or apostrophes
_WELL_FORMED = rf"(?:[0-9]+|[0-9]{{1,3}}(?:[.,{_SPACES}][0-9]{{3}})+)(?:[.,][0-9]+)?"
# An amount is a number with at most a code or symbol word ("USD", "US$", "kr", "Fr."), signs and brackets.
_UNIT = rf"(?:{_SYMBOL}|[A-Za-z]{{1,3}}\.?|[A-Za-z]{{1,3}}\$|z\u0142|K\u010d)"
_AMOUNT = rf"^\(?[-+]?\s*{_UNIT}?\s*[-+]?\s*{_WELL_FORMED}\s*{_UNIT}?\s*-?\)?$"
_PERCENT = rf"^[-+]?\s*{_WELL_FORMED}\s*%?$"
_AROUND_NUMBER = "".join(sorted(set("".join(CURRENCY_SYMBOLS)))) + (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\u010d\u0142()+-% \t\u00a0\u202f'\u2019"
)

EXCEL_EPOCH_OFFSET = 25569  # Excel serial day of 1970-01-01 (serial 1 is 1900-01-01, via 1899-12-30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm]|Z|[+-]\d{2}:?\d{2})?)?"
_YMD = rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$"
_DM = rf"^(\d{{1,2}})([-/.])(\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}$"
_DAY_NAMED = r"^(\d{1,2})[-\s/.]*([A-Za-z]{3,9})\.?[-\s/.,]*(\d{4}|\d{2})$"  # 5-Mar-2024, 5 March 2024
_NAMED_DAY = r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$"  # Mar 5, 2024


def money(col: pl.Expr) -> pl.Expr:
    """Amount as Float64: "USD 485,000.00", "1.234,50 €", "(1,200.00)" -> -1200.0; null when blank or unparseable.

    Where one separator could be either (a lone "." before three digits), the column decides: if
    any value in it has a decimal comma, "1.234" is a thousand and more.
    """
    return col.map_batches(_amounts, return_dtype=pl.Float64)


def currency(col: pl.Expr) -> pl.Expr:
    """The ISO code written with an amount ("USD 12", "12 EUR") or implied by its symbol ("$", "€"); else null."""
    text = col.cast(pl.String)
    code = text.str.extract(r"\b([A-Z]{3})\b", 1)
    by_code = pl.when(code.is_in(sorted(CURRENCY_CODES))).then(code)
    symbol = text.str.extract(f"({_SYMBOL})", 1)
    by_symbol = symbol.replace_strict(CURRENCY_SYMBOLS, default=None, return_dtype=pl.String)
    return pl.coalesce(by_code, by_symbol)


def percent(col: pl.Expr) -> pl.Expr:
    """Percentage on a 0..100 scale: "90%" and "90" -> 90.0; null if unparseable.

    A column with no "%" whose values all lie in 0..1, some strictly between, holds fractions
    ("0.9") and is scaled by 100.
    """
    return col.map_batches(_percentages, return_dtype=pl.Float64)


# The parsers below run once per column (map_batches) and build their steps as columns, because
# an expression that reuses a sub-expression is evaluated once per use.


def _amounts(raw: pl.Series) -> pl.Series:
    text = pl.col("text")
    frame = _numbers(raw).with_columns(
        negative=text.str.contains(r"^[^0-9]*-|-\s*$|^\s*\("),
        valid=text.str.contains(_AMOUNT),
    )
    value = pl.when(pl.col("negative")).then(-pl.col("value")).otherwise(pl.col("value"))
    return frame.select(pl.when(pl.col("valid")).then(value)).to_series()


def _percentages(raw: pl.Series) -> pl.Series:
    text = pl.col("text")
    frame = _numbers(raw).select(
        text.str.contains("%", literal=True).alias("has_sign"),
        pl.when(text.str.contains(_PERCENT))
        .then(pl.when(text.str.contains(r"^[^0-9]*-")).then(-pl.col("value")).otherwise(pl.col("value")))
        .alias("value"),
    )
    value = frame.get_column("value")
    has_sign = frame.get_column("has_sign").any()
    fractions = not has_sign and (value.max() or 0) <= 1 and ((value > 0) & (value < 1)).any()
    return value * 100 if fractions else value


def _numbers(raw: pl.Series) -> pl.DataFrame:
    """Columns "text" (stripped) and "value": its number as Float64, sign not applied.

    When both "." and "," appear the last one is the decimal mark; a lone "," is decimal unless
    exactly three digits follow ("1,234"); a lone "." is decimal unless the column uses decimal
    commas elsewhere and three digits follow ("1.234").
    """
    frame = pl.DataFrame({"text": raw.cast(pl.String)}).select(pl.col("text").str.strip_chars())
    # Codes, symbols, signs and brackets sit around the number: strip them rather than search for it.
    frame = frame.with_columns(
        digits=pl.col("text").str.strip_chars(_AROUND_NUMBER).str.replace_all(f"[{_SPACES}]", "")
    )
    digits = pl.col("digits")
    frame = frame.with_columns(
        commas=digits.str.count_matches(",", literal=True),
        dots=digits.str.count_matches(".", literal=True),
        comma_last=digits.str.contains(r",[0-9]*$"),
        three_after=digits.str.contains(r"[.,][0-9]{3}$"),
    )
    commas, dots = pl.col("commas"), pl.col("dots")
    comma_last, three_after = pl.col("comma_last"), pl.col("three_after")
    frame = frame.with_columns(
        comma_decimal=((commas > 0) & (dots > 0) & comma_last) | ((dots == 0) & (commas == 1) & ~three_after)
    )
    european = bool(frame.get_column("comma_decimal").any())
    dot_decimal = ((commas > 0) & (dots > 0) & ~comma_last) | (
        (commas == 0) & (dots == 1) & ~(pl.lit(european) & three_after)
    )
    plain = (
        pl.when(pl.col("comma_decimal"))
        .then(digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True))
        .when(dot_decimal)
        .then(digits.str.replace_all(",", "", literal=True))
        .otherwise(digits.str.replace_all(r"[.,]", ""))
    )
    return frame.select("text", plain.cast(pl.Float64, strict=False).alias("value"))


@dataclass(frozen=True)
class DateColumn:
    """A column of exported dates parsed to pl.Date, with the day/month order chosen and why."""

    values: pl.Series  # pl.Date, null where blank or unparseable
    order: str  # "ymd", "dmy", "mdy", "serial", or "mixed"
    ambiguous: bool  # every d/m/y value could be read both ways and the order was a default
    note: str | None  # one sentence for the user when ambiguous or inconsistent, else None


def dates(raw: pl.Series, name: str, day_first: bool | None = None) -> DateColumn:
    """Dates in any of the common export formats, with the day/month order decided for the whole column.

    `day_first` forces the order of d/m/y values; None decides it from the data (month-first when
    the data cannot tell, with a note saying so).
    """
    value = pl.col("t").str.strip_chars()
    frame = pl.DataFrame({"t": raw.cast(pl.String)}).select(
        pl.when(value.is_in(["", "-", "\u2014"])).then(None).otherwise(value).alias("t")
    )
    present = frame.get_column("t").drop_nulls()
    if present.len() and present.str.contains(r"^\d+(\.\d+)?$").all():
        return _numeric_dates(frame.get_column("t"), name)
    return _text_dates(frame, name, day_first)


def _numeric_dates(text: pl.Series, name: str) -> DateColumn:
    """Excel serial day numbers, or compact YYYYMMDD when every value has that shape."""
    if text.drop_nulls().str.contains(r"^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$").all():
        values = text.str.strptime(pl.Date, "%Y%m%d", strict=False)
        return DateColumn(values.alias(name), "ymd", False, None)
    serial = text.cast(pl.Float64, strict=False).floor()
    valid = (serial >= 1) & (serial <= EXCEL_MAX_SERIAL)
    days = pl.select(pl.when(valid).then(serial - EXCEL_EPOCH_OFFSET)).to_series()
    return DateColumn(days.cast(pl.Int32).cast(pl.Date).alias(name), "serial", False, None)


def _text_dates(frame: pl.DataFrame, name: str, day_first: bool | None) -> DateColumn:
    t = pl.col("t")
    parts = frame.select(
        t.str.extract_groups(_YMD).alias("ymd"),
        t.str.extract_groups(_DM).alias("dm"),
        t.str.extract_groups(_DAY_NAMED).alias("day_named"),
        t.str.extract_groups(_NAMED_DAY).alias("named_day"),
    ).unnest("ymd", "dm", "day_named", "named_day", separator="_")
    a, b = pl.col("dm_1").cast(pl.Int32), pl.col("dm_3").cast(pl.Int32)
    dotted = pl.col("dm_2") == "."  # 05.03.2024 is day-first wherever dots are used
    slashed = pl.col("dm_1").is_not_null() & ~dotted
    facts = parts.select(
        ((a > 12) & slashed).sum().alias("first_over_12"),
        ((b > 12) & slashed).sum().alias("second_over_12"),
        ((a != b) & slashed).sum().alias("differ"),
        slashed.sum().alias("slashed"),
        dotted.sum().alias("dotted"),
        pl.col("day_named_1").is_not_null().sum().alias("day_named"),
        pl.col("named_day_1").is_not_null().sum().alias("named_day"),
    ).row(0, named=True)
    order, ambiguous, note = _day_month_order(facts, name, day_first)
    slashed_day_first = order == "dmy" or (order == "mixed" and facts["first_over_12"] > facts["second_over_12"])
    dotted_day_first = day_first is not False
    day = pl.when(dotted).then(pl.lit(dotted_day_first)).otherwise(pl.lit(slashed_day_first))
    dm_date = _ymd(
        _full_year(pl.col("dm_4")),
        pl.when(day).then(pl.col("dm_3")).otherwise(pl.col("dm_1")),
        pl.when(day).then(pl.col("dm_1")).otherwise(pl.col("dm_3")),
    )
    values = parts.select(
        pl.coalesce(
            _ymd(pl.col("ymd_1"), pl.col("ymd_2"), pl.col("ymd_3")),
            dm_date,
            _ymd(_full_year(pl.col("day_named_3")), _month_number(pl.col("day_named_2")), pl.col("day_named_1")),
            _ymd(pl.col("named_day_3"), _month_number(pl.col("named_day_1")), pl.col("named_day_2")),
        ).alias(name)
    ).to_series()
    return DateColumn(values, order, ambiguous, note)


def _day_month_order(facts: dict[str, int], name: str, day_first: bool | None) -> tuple[str, bool, str | None]:
    """The order for d/m/y values, whether it was a guess, and the sentence that explains it."""
    first, second = facts["first_over_12"], facts["second_over_12"]
    if day_first is not None:
        return ("dmy" if day_first else "mdy"), False, None
    if facts["slashed"] == 0:
        if facts["dotted"] or facts["day_named"] > facts["named_day"]:
            return "dmy", False, None
        return ("mdy" if facts["named_day"] else "ymd"), False, None
    if first and second:
        if first > second:
            majority, minority, left = "day-first (DD/MM/YYYY)", "month-first", second
        else:
            majority, minority, left = "month-first (MM/DD/YYYY)", "day-first", first
        dates_word = "date" if left == 1 else "dates"
        note = (
            f"{name}: some dates are day-first and others month-first; read as {majority}, the majority, "
            f"leaving empty {left} {dates_word} that only read as {minority}. Choose the date order if that is wrong."
        )
        return "mixed", False, note
    if first:
        return "dmy", False, None
    if second:
        return "mdy", False, None
    if facts["differ"] == 0:
        return "mdy", False, None  # 01/01, 02/02...: both readings give the same dates
    note = (
        f"{name}: every date could be day-first or month-first; read as month-first (MM/DD/YYYY). "
        "Choose the date order if that is wrong."
    )
    return "mdy", True, note


def _ymd(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date from its parts as text or numbers; null when the date does not exist (31/02)."""
    return pl.format("{}-{}-{}", year, month, day).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _full_year(year: pl.Expr) -> pl.Expr:
    """Two-digit years as strptime's %y reads them: 00-68 are 2000-2068, 69-99 are 1969-1999."""
    number = year.cast(pl.Int32)
    return (
        pl.when(year.str.len_chars() == 2)
        .then(pl.when(number < 69).then(number + 2000).otherwise(number + 1900))
        .otherwise(number)
    )


def _month_number(month: pl.Expr) -> pl.Expr:
    """January -> 1 from an English month name or its first three letters."""
    return month.str.to_lowercase().str.slice(0, 3).replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)

