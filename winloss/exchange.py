"""Amounts in the store's reporting currency: its exchange rates, conversion at read time, what is left out.

Stored deals keep the amount and currency as exported (and the export's own converted amount,
when it has one). Pages convert when they read, so editing a rate re-applies to every deal
without rewriting any, and amounts in different currencies are never added together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from winloss.ingest.values import CURRENCY_CODES
from winloss.text import DEFAULT_CURRENCY

DEFAULT_REPORTING_CURRENCY = DEFAULT_CURRENCY  # one default, the one winloss.text writes amounts in
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class ExchangeRates:
    """A reporting currency and, per other currency, what one unit of it is worth in the reporting one."""

    reporting_currency: str = DEFAULT_REPORTING_CURRENCY
    rates: Mapping[str, float] = field(default_factory=dict)  # "EUR" -> 1.08 means 1 EUR = 1.08 reporting units

    def rate_of(self, currency: str) -> float | None:
        """Reporting units per unit of `currency`: 1 for the reporting currency, None when no rate is set."""
        return 1.0 if currency == self.reporting_currency else self.rates.get(currency)


def currency_code_or_error(text: str) -> str:
    """An ISO 4217 code, upper-cased; ValueError with a sentence for anything else (three letters
    that are no ISO 4217 code included: a rate or reporting currency "XYZ" would mean nothing)."""
    code = text.strip().upper()
    if not _CODE.match(code):
        raise ValueError(f"'{text}' is not a currency code: use three letters, such as USD, EUR or JPY.")
    if code not in CURRENCY_CODES:
        raise ValueError(f"'{text}' is not an ISO 4217 currency code: use one such as USD, EUR or JPY.")
    return code


def rate_or_error(currency: str, value: object) -> float:
    """A rate as a positive finite number; ValueError with a sentence for anything else."""
    try:
        rate = float(str(value).strip().replace(",", "."))
    except ValueError:
        rate = math.nan
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"The rate for {currency} must be a number above 0 (how much one {currency} is worth); got '{value}'.")
    return rate


def exchange_rates(reporting_currency: str, rows: Iterable[tuple[object, object]]) -> ExchangeRates:
    """Rates from (currency, rate) pairs, as typed on the Data page or the command line.

    Blank rows are skipped; the reporting currency's own row is dropped (it is 1 by definition).
    Raises ValueError with one sentence for a bad code, a bad rate, or a currency given twice.
    """
    reporting = currency_code_or_error(reporting_currency)
    rates: dict[str, float] = {}
    for currency, rate in rows:
        if (currency is None or not str(currency).strip()) and (rate is None or not str(rate).strip()):
            continue
        code = currency_code_or_error(str(currency or ""))
        if code in rates:
            raise ValueError(f"{code} has two rates: keep one.")
        value = rate_or_error(code, rate)
        if code != reporting:
            rates[code] = value
    return ExchangeRates(reporting, rates)


def parsed_rate_pairs(pairs: Iterable[str]) -> list[tuple[str, str]]:
    """CODE=RATE pairs from the command line ("EUR=1.08"); ValueError with a sentence for a malformed one."""
    result = []
    for pair in pairs:
        code, sep, rate = pair.partition("=")
        if not sep:
            raise ValueError(f"--rate takes CODE=RATE, e.g. EUR=1.08 (one EUR is worth 1.08 of the reporting currency); got '{pair}'.")
        result.append((code, rate))
    return result


def in_reporting_currency(deals: pl.DataFrame, rates: ExchangeRates) -> pl.DataFrame:
    """Deals whose `amount` is in the reporting currency, the one every value metric adds up.

    The export's converted amount is used when present; otherwise the amount as exported times
    its currency's rate. Where no rate applies `amount` is null (left out of value metrics). Adds
    `exported_amount` and `exported_currency` (as the file wrote them) and sets `currency` to the
    reporting currency wherever `amount` is known. Runs per distinct currency, not per row.
    """
    names = sorted(
        {c for column in ("currency", "converted_currency") for c in deals.get_column(column).drop_nulls().unique().to_list()}
    )
    known = {c: rates.rate_of(c) for c in names if rates.rate_of(c) is not None}

    def rate(column: str) -> pl.Expr:
        return pl.col(column).replace_strict(known, default=None, return_dtype=pl.Float64)

    converted = pl.col("converted_amount") * rate("converted_currency")
    own = pl.col("amount") * rate("currency")
    value = pl.when(pl.col("converted_amount").is_not_null() & converted.is_not_null()).then(converted).otherwise(own)
    return deals.with_columns(
        pl.col("amount").alias("exported_amount"),
        pl.col("currency").alias("exported_currency"),
        value.alias("amount"),
        pl.when(value.is_not_null()).then(pl.lit(rates.reporting_currency)).alias("currency"),
    )


NO_CURRENCY = "no currency"  # what `unconverted` lists for deals whose amount names none
ON_THE_DATA_PAGE = "Add the rate on the Data page, under Currencies."


@dataclass(frozen=True)
class Unconverted:
    """Deals with an amount that no rate converts: how many, and in which currencies."""

    deals: int
    currencies: tuple[str, ...]
    reporting_currency: str

    @property
    def sentence(self) -> str | None:
        """One sentence for wherever value figures appear, or None when every amount converts."""
        return self.worded(ON_THE_DATA_PAGE)

    @property
    def command_line_sentence(self) -> str | None:
        """`sentence` ending with the `rates` command that adds the missing rates, for the command line."""
        codes = [c for c in self.currencies if c != NO_CURRENCY]  # no rate converts an amount without a currency
        if not codes:
            return self.worded("")
        options = " ".join(f"--rate {code}=RATE" for code in codes)
        unit = f"one {codes[0]}" if len(codes) == 1 else "one unit of each"
        return self.worded(
            f"Add the {'rate' if len(codes) == 1 else 'rates'} with: python -m winloss rates {options} "
            f"(RATE: what {unit} is worth in {self.reporting_currency})."
        )

    def worded(self, how_to_add: str) -> str | None:
        """The sentence, ending with `how_to_add` (where the user adds the rate); None when every amount converts."""
        if not self.deals:
            return None
        which = ", ".join(self.currencies)
        deals = "1 deal" if self.deals == 1 else f"{self.deals:,} deals"
        return (
            f"{deals} in {which} {'has' if self.deals == 1 else 'have'} no exchange rate to {self.reporting_currency}: "
            f"{'its amount is' if self.deals == 1 else 'their amounts are'} left out of every value figure. "
            f"{how_to_add}"
        ).rstrip()

    def as_json(self) -> dict:
        """The command line's JSON field: how many deals, in which currencies, and its sentence."""
        return {
            "deals": self.deals,
            "currencies": list(self.currencies),
            "reporting_currency": self.reporting_currency,
            "sentence": self.command_line_sentence,
        }


# The stored or staged columns the rule below needs: what a deal's amount is, in which currency.
MONEY_COLUMNS = ("amount", "currency", "converted_amount", "converted_currency")


def unconverted_amounts(money: pl.DataFrame, rates: ExchangeRates) -> Unconverted:
    """`unconverted` of deals as stored (MONEY_COLUMNS at least, amounts as exported), under
    `rates`: for a caller that has not converted them, and need not read more than these columns."""
    return unconverted(in_reporting_currency(money, rates), rates.reporting_currency)


def unconverted(deals: pl.DataFrame | pl.LazyFrame, reporting_currency: str) -> Unconverted:
    """Deals (as `in_reporting_currency` returns them) whose exported amount has no reporting value."""
    has_amount = pl.col("exported_amount").is_not_null() | pl.col("converted_amount").is_not_null()
    frame = deals.lazy().filter(has_amount & pl.col("amount").is_null())
    currency = pl.coalesce("exported_currency", "converted_currency").fill_null(pl.lit(NO_CURRENCY)).alias("in")
    counts = frame.group_by(currency).len().sort("in").collect()
    currencies = tuple(str(c) for c in counts.get_column("in").to_list())
    return Unconverted(int(counts.get_column("len").sum()), currencies, reporting_currency)


RATES_SCHEMA = pl.Schema({"currency": pl.String, "rate": pl.Float64, "deals": pl.UInt32})


def rates_rows(rates: ExchangeRates, opportunities: pl.LazyFrame) -> pl.DataFrame:
    """The rates editor's rows: every currency stored deals are in or a rate is set for, other than the
    reporting one, with its rate (null: none yet) and how many stored deals it converts.

    Currencies without a rate come first: their deals are the ones left out of value figures.
    """
    # A deal with the export's own converted amount needs a rate for that amount's currency only.
    needed = pl.when(pl.col("converted_amount").is_not_null()).then("converted_currency").otherwise("currency")
    amounts = (
        opportunities.filter(pl.col("amount").is_not_null() | pl.col("converted_amount").is_not_null())
        .group_by(needed.alias("currency"))
        .len("deals")
        .drop_nulls("currency")
        .collect()
    )
    deals = dict(zip(amounts.get_column("currency").to_list(), amounts.get_column("deals").to_list(), strict=True))
    codes = sorted((set(deals) | set(rates.rates)) - {rates.reporting_currency})
    frame = pl.DataFrame(
        {"currency": codes, "rate": [rates.rates.get(c) for c in codes], "deals": [deals.get(c, 0) for c in codes]},
        schema=RATES_SCHEMA,
    )
    return frame.sort(pl.col("rate").is_not_null(), pl.col("deals"), descending=[False, True])
