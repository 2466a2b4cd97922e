"""Amounts in the store's reporting currency: its exchange rates, conversion at read time, what is left out.

Stored deals keep the amount and currency as exported (and the export's own converted amount,
when it has one). Pages convert when they read, so editing a rate re-applies to every deal
without rewriting any, and amounts in different currencies are never added together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import polars as pl

from winloss.access import LOCAL_ROLE, Role, may, who_may
from winloss.ingest.hints import CURRENCIES_TAB, PAGE_PLACES, RATES_COMMAND, REPORTING_CURRENCY_LABEL
from winloss.ingest.values import CURRENCY_CODES
from winloss.text import DASH, DEFAULT_CURRENCY, compact_column, listed, plural

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
# Where the app lets the user add an exchange rate: the Data page's Currencies tab (app_pages/data.py, rates_ui).
RATES_TAB: Final = f"on the Data page, in {CURRENCIES_TAB}"
# The same tab, as a sentence on the Data page itself says it (the file report, in the Upload tab beside it): the
# page does not name itself.
RATES_TAB_HERE: Final = f"in {PAGE_PLACES[CURRENCIES_TAB]}"
RATES_ACTION: Final = "exchange_rates"  # the right to set them (winloss.access.NEEDS), and to see that tab


def _rated(currencies: Iterable[str]) -> list[str]:
    """The codes of `currencies` a rate would convert, each once, in alphabetical order (NO_CURRENCY left out)."""
    return sorted({c for c in currencies if c != NO_CURRENCY})


def no_rate_reason(currencies: Iterable[str], reporting_currency: str) -> str | None:
    """Why deals in `currencies` (NO_CURRENCY among them for deals whose amount names none) have no
    value in `reporting_currency`, in the words every note on them uses (the review's notes, a tile's
    help, the leaderboard's note, a filter's unplaced deals, the command line): "no exchange rate to
    USD for EUR or GBP", "no currency to convert from", "no exchange rate to USD for EUR, or no
    currency to convert from"; None for no currency at all. Reads after a colon ("25 deals in GBP
    are left out: no exchange rate to USD for GBP") and after "have" ("25 in GBP have no ...")."""
    named = list(currencies)
    codes = _rated(named)
    reasons = ([f"no exchange rate to {reporting_currency} for {listed(codes, 'or')}"] if codes else []) + (
        ["no currency to convert from"] if NO_CURRENCY in named else [])
    return ", or ".join(reasons) or None


def sole_currency(money: pl.DataFrame | pl.LazyFrame | Sequence[pl.DataFrame | pl.LazyFrame]) -> str | None:
    """The one currency every amount of `money` (frames with MONEY_COLUMNS, as stored: each amount's own currency
    and each converted amount's) is in; None when its amounts are in several, when one names no currency, or when
    no deal has an amount. Making it the reporting currency values every one of those deals with no rate."""
    frames = [money] if isinstance(money, (pl.DataFrame, pl.LazyFrame)) else list(money)
    found = pl.concat([
        part
        for frame in (f.lazy() for f in frames)
        for part in (
            frame.filter(pl.col("amount").is_not_null()).select(pl.col("currency").cast(pl.String)),
            frame.filter(pl.col("converted_amount").is_not_null()).select(
                pl.col("converted_currency").cast(pl.String).alias("currency")),
        )
    ]).unique().head(2).collect().get_column("currency").to_list()
    return found[0] if len(found) == 1 and found[0] is not None else None


def add_rates_sentence(currencies: Iterable[str], reporting_currency: str, role: Role | None,
                       command_line: bool = False, *, only: str | None = None, here: bool = False) -> str | None:
    """What the user does about `no_rate_reason`, one sentence, for someone with `role` (winloss.access;
    None: no role). One who may set exchange rates is told where: "Add the rate on the Data page, in the
    Currencies tab." ("the rates" for several currencies); anyone else cannot see that tab, so is told whom
    to ask: "Ask sales ops or an admin to add the rate on the Data page." (access.who_may). On the command
    line, the `rates` command that adds them: "Add the rates with: python -m winloss rates --rate EUR=RATE
    --rate GBP=RATE (RATE: what one unit of each is worth in USD)." None when no rate would help (only
    NO_CURRENCY: no rate converts an amount that names no currency).

    `here`: said on the Data page itself, which names only its tab ("Add the rate in the Currencies tab at the top
    of the page."). `only`: the one currency every amount concerned is in (sole_currency), when the caller
    checked: a rate is then not the only way, and the sentence offers the other, making it the reporting currency
    ("Or, as every amount is in EUR, set Reporting currency to EUR there instead: value figures are then shown
    in EUR and need no rate."; on the command line, `rates --reporting EUR`). A file all in EUR in a store
    reporting in USD was told only to add the EUR→USD rate."""
    codes = _rated(currencies)
    if not codes:
        return None
    rates = "rate" if len(codes) == 1 else "rates"
    switch = only if only is not None and codes == [only] and only != reporting_currency else None
    as_all = f"as every amount is in {switch}"
    instead = f" value figures are then shown in {switch} and need no rate." if switch else ""
    if not command_line:
        if may(role, RATES_ACTION):
            added = f"Add the {rates} {RATES_TAB_HERE if here else RATES_TAB}."
            return added + (f" Or, {as_all}, set {REPORTING_CURRENCY_LABEL} to {switch} there instead:{instead}" if switch else "")
        return (f"Ask {who_may(RATES_ACTION)} to add the {rates} on the Data page"
                + (f", or, {as_all}, to make {switch} the reporting currency." if switch else "."))
    options = " ".join(f"--rate {code}=RATE" for code in codes)
    unit = f"one {codes[0]}" if len(codes) == 1 else "one unit of each"
    added = f"Add the {rates} with: {RATES_COMMAND} {options} (RATE: what {unit} is worth in {reporting_currency})."
    return added + (f" Or, {as_all}, make {switch} the reporting currency instead: {RATES_COMMAND} --reporting {switch}."
                    if switch else "")


# What marks a won value that leaves out won deals no exchange rate converts ("4.99M*"), on the Reps
# leaderboard and in the command line's report; the note under the table says what it leaves out
# (won_value_notes). In words, "$1.2M · no rate for JPY" took the leaderboard's column past what presenter
# mode's type leaves at 1280 px, pushing the Team column off the screen.
NO_RATE_MARK: Final = "*"
# How many rows (reps, groups) none of whose won deals converts the note under the table names; more are counted.
NAMED_UNVALUED_MOST: Final = 3


def partial_sum_cells(values: Sequence[float | None], partials: Sequence[bool], unvalueds: Sequence[bool]) -> list[str]:
    """A column of won values' cells in a table of groups, one a row: the amounts as text.compact_column
    writes a column ("4.99M", "1.10M" beside "1.75M"), each marked NO_RATE_MARK where it is a `partial` sum
    (it leaves out won deals no rate converts: "4.99M*"); DASH where it is `unvalued` (won deals, none of
    which converts: it holds no value, never "0")."""
    written = compact_column([None if unvalued else value for value, unvalued in zip(values, unvalueds, strict=True)])
    return [DASH if unvalued else cell + (NO_RATE_MARK if partial else "")
            for cell, partial, unvalued in zip(written, partials, unvalueds, strict=True)]


def won_value_notes(partial: Iterable[str], unvalued: Iterable[str], unvalued_words: str, reporting_currency: str,
                    whose: str, role: Role | None, command_line: bool = False) -> list[str]:
    """The notes under a table of won values (partial_sum_cells' column), one rule for the Reps leaderboard
    and the command line's report, plain text (the currencies and names come from the files), each mark
    explained only where a row carries it: "* Leaves out the rep's won deals in EUR: no exchange rate to USD
    for EUR." when some value is marked NO_RATE_MARK (`partial`: the currencies those marked sums lack a
    rate for); `unvalued_words` (the caller's '"—" for "Bo Lind": none of their won deals has a value in
    USD') followed by why ("(no exchange rate to USD for EUR)") when some row's value is DASH (`unvalued`:
    the currencies those rows' won deals are in); then once the action (add_rates_sentence for `role` or the
    command line). A rep whose only won deals lack a rate carries no "*", so a note starting "* Leaves out"
    under a table with no starred cell explained a mark nobody could find and left the "—" without its
    reason. [] when neither."""
    partial, unvalued = sorted(set(partial)), sorted(set(unvalued))
    notes = []
    if partial:
        codes = [c for c in partial if c != NO_CURRENCY]
        where = ([f"in {listed(codes, 'or')}"] if codes else []) + (["with no currency"] if NO_CURRENCY in partial else [])
        notes.append(f"{NO_RATE_MARK} Leaves out {whose} won deals {', or '.join(where)}: "
                     f"{no_rate_reason(partial, reporting_currency)}.")
    if unvalued:
        notes.append(f"{unvalued_words} ({no_rate_reason(unvalued, reporting_currency)}).")
    add = add_rates_sentence(sorted(set(partial) | set(unvalued)), reporting_currency, role, command_line=command_line)
    return notes + [add] if notes and add else notes


@dataclass(frozen=True)
class Unconverted:
    """Deals with an amount that no rate converts: how many, and in which currencies.

    `counts`: the deals per currency, in the order of `currencies`, when the caller counted them
    (`unconverted` does); empty when only the total is known.
    """

    deals: int
    currencies: tuple[str, ...]
    reporting_currency: str
    counts: tuple[int, ...] = ()
    # The one currency every amount of the deals the caller read is in (sole_currency), when it checked: the
    # sentence then offers to make it the reporting currency (add_rates_sentence's `only`).
    only: str | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The currencies a rate would convert: `currencies` without NO_CURRENCY."""
        return tuple(c for c in self.currencies if c != NO_CURRENCY)

    @property
    def reason(self) -> str | None:
        """Why these deals have no value in the reporting currency (no_rate_reason); None for none."""
        return no_rate_reason(self.currencies, self.reporting_currency) if self.deals else None

    def add_rates(self, role: Role | None, command_line: bool = False, *, here: bool = False) -> str | None:
        """What someone with `role` does about it (add_rates_sentence, `here` on the Data page itself); None when
        no rate would convert them."""
        if not self.deals:
            return None
        return add_rates_sentence(self.currencies, self.reporting_currency, role, command_line, only=self.only, here=here)

    def sentence_for(self, role: Role | None, *, here: bool = False) -> str | None:
        """One sentence for wherever value figures appear, to someone with `role`, or None when every
        amount converts: "25 deals in GBP are left out of every value figure: no exchange rate to USD for
        GBP. Add the rate on the Data page, in the Currencies tab." (left_out); `here`, on the Data page
        itself, which names only its tab ("Add the rate in the Currencies tab at the top of the page.")."""
        return self.left_out(of="every value figure", role=role, here=here)

    @property
    def command_line_sentence(self) -> str | None:
        """`sentence_for`, ending with the `rates` command that adds the missing rates, for the command
        line (whose user may do everything: access.LOCAL_ROLE)."""
        return self.left_out(of="every value figure", role=LOCAL_ROLE, command_line=True)

    def in_currencies(self, noun: str = "deal", nouns: str | None = None) -> str:
        """Which deals, by currency: "25 deals in GBP", "25 open deals in GBP and 3 in EUR" (with
        `noun` "open deal"), "2 deals with no currency", "25 in GBP" (with `noun` ""); the total
        alone where the counts are unknown ("30 deals in EUR or GBP")."""
        def where(currency: str) -> str:
            return "with no currency" if currency == NO_CURRENCY else f"in {currency}"

        def counted(n: int) -> str:
            return plural(n, noun, nouns) if noun else f"{n:,}"

        if len(self.counts) != len(self.currencies) or not self.counts:
            codes = list(self.codes)
            wheres = ([f"in {listed(codes, 'or')}"] if codes else []) + (
                [where(NO_CURRENCY)] if NO_CURRENCY in self.currencies else [])
            return f"{counted(self.deals)} {' or '.join(wheres)}".rstrip()
        parts = [f"{count:,} {where(c)}" for count, c in zip(self.counts, self.currencies, strict=True)]
        parts[0] = f"{counted(self.counts[0])} {where(self.currencies[0])}"
        return listed(parts)

    def left_out(self, noun: str = "deal", nouns: str | None = None, of: str | None = None, *,
                 role: Role | None, command_line: bool = False, here: bool = False) -> str | None:
        """The note a figure that adds amounts carries when it leaves these deals out, the one
        sentence the page, the deck and the HTML report say: "25 deals in GBP are left out: no exchange
        rate to USD for GBP. Add the rate on the Data page, in the Currencies tab." (no_rate_reason,
        then add_rates_sentence for the reader's `role`: whom to ask, for one who may not add rates;
        with `command_line`, the command that adds them). `noun` names the figure's deals ("open deal"),
        `of` the figure ("25 open deals in GBP are left out of the pipeline value: ..."); None when every
        amount converts."""
        if not self.deals:
            return None
        out = f"left out of {of}" if of else "left out"
        why, add = self.reason, self.add_rates(role, command_line, here=here)
        return (f"{self.in_currencies(noun, nouns)} {'is' if self.deals == 1 else 'are'} {out}"
                + (f": {why}." if why else ".") + (f" {add}" if add else ""))

    @property
    def no_rate(self) -> str | None:
        """The compact form beside a figure (text.money_or_no_rate): "no rate for EUR", "no rate for
        EUR, GBP", "no rate for 5 currencies" (no_rate_words); None when every amount converts."""
        return no_rate_words(self.currencies) if self.deals else None

    def as_json(self) -> dict:
        """The command line's JSON field: how many deals, in which currencies, and its sentence."""
        return {
            "deals": self.deals,
            "currencies": list(self.currencies),
            "reporting_currency": self.reporting_currency,
            "sentence": self.command_line_sentence,
        }


# The most currencies the compact form names: past it, it counts them ("no rate for 5 currencies").
NAMED_NO_RATE_MOST: Final = 2


def no_rate_words(currencies: Iterable[str]) -> str | None:
    """"no rate for EUR", "no rate for EUR, GBP", "no currency" (NO_CURRENCY), "no rate for EUR; no
    currency": what a figure's unconverted deals lack, compactly; None for no currency at all. Past
    NAMED_NO_RATE_MOST currencies they are counted, not named ("no rate for 5 currencies"): a tile
    reading "$1.88M · no rate for CHF, EUR, GBP, JPY, SEK" took four lines of its large type. The
    figure's help names them (Unconverted.left_out)."""
    listed = list(currencies)
    codes = [c for c in listed if c != NO_CURRENCY]
    which = ", ".join(codes) if len(codes) <= NAMED_NO_RATE_MOST else f"{len(codes)} currencies"
    parts = ([f"no rate for {which}"] if codes else []) + ([NO_CURRENCY] if NO_CURRENCY in listed else [])
    return "; ".join(parts) or None


# The stored or staged columns the rule below needs: what a deal's amount is, in which currency.
MONEY_COLUMNS = ("amount", "currency", "converted_amount", "converted_currency")

# A converted deal (in_reporting_currency) whose amount, as exported or the export's converted one,
# has no value in the reporting currency: no rate for its currency.
NOT_CONVERTED: Final = (
    (pl.col("exported_amount").is_not_null() | pl.col("converted_amount").is_not_null()) & pl.col("amount").is_null()
)
# The currency whose rate such a deal lacks, as the rates editor counts it (rates_rows): the export's
# converted amount's when it has one with a currency, else the amount's own; null when it names none.
# Never the reporting currency: an amount in it always converts (its rate is 1), so a deal "in USD"
# with only a converted amount in GBP lacks GBP's rate, not USD's.
NEEDED_CURRENCY: Final = (
    pl.when(pl.col("converted_amount").is_not_null() & pl.col("converted_currency").is_not_null())
    .then(pl.col("converted_currency"))
    .when(pl.col("exported_amount").is_not_null())
    .then(pl.col("exported_currency"))
)


def not_converted(reporting_currency: str) -> pl.Expr:
    """NOT_CONVERTED, but never of a deal whose amount is in `reporting_currency` (it converts at 1):
    one such without a value (its amount blanked after conversion, say) has no amount, not a
    missing rate, and is never counted or named as "in USD, no exchange rate to USD"."""
    needed = NEEDED_CURRENCY.cast(pl.String)
    return NOT_CONVERTED & (needed.is_null() | (needed != reporting_currency))


# That deal's amount in NEEDED_CURRENCY, as exported: what a list of deals orders it by among its currency's.
NEEDED_AMOUNT: Final = (
    pl.when(pl.col("converted_amount").is_not_null() & pl.col("converted_currency").is_not_null())
    .then(pl.col("converted_amount"))
    .otherwise(pl.col("exported_amount"))
)


def largest_first(frame_columns: Iterable[str], then: Iterable[str] = ()) -> tuple[list[pl.Expr], list[bool]]:
    """Sort keys and their descending flags (for a sort with nulls_last=True) listing deals largest
    first without comparing amounts in different currencies: converted amounts by their value in the
    reporting currency; then the deals no rate converts, grouped by the currency they lack a rate
    for (alphabetical), largest first within it (£114k is not sorted as if it were $114k); then deals
    with no amount. `then`: columns breaking ties, descending. A frame never converted (no
    `exported_amount` among `frame_columns`) is sorted by `amount` alone."""
    names = set(frame_columns)
    keys, descending = [pl.col("amount")], [True]
    if {"exported_amount", "exported_currency", "converted_amount", "converted_currency"} <= names:
        keys += [pl.when(NOT_CONVERTED).then(NEEDED_CURRENCY), pl.when(NOT_CONVERTED).then(NEEDED_AMOUNT)]
        descending += [False, True]
    for column in then:
        keys.append(pl.col(column))
        descending.append(True)
    return keys, descending


def unconverted_amounts(money: pl.DataFrame, rates: ExchangeRates) -> Unconverted:
    """`unconverted` of deals as stored (MONEY_COLUMNS at least, amounts as exported), under
    `rates`: for a caller that has not converted them, and need not read more than these columns."""
    left = unconverted(in_reporting_currency(money, rates), rates.reporting_currency)
    # Every amount in one currency without a rate: making it the reporting currency is the other way.
    return replace(left, only=sole_currency(money)) if left.deals and len(left.codes) == 1 else left


def was_converted(deals: pl.DataFrame | pl.LazyFrame) -> bool:
    """Whether `deals` went through `in_reporting_currency` (they have its exported_amount): a frame that did
    not has its amounts in the reporting currency already, and no deal of it lacks a rate."""
    return "exported_amount" in deals.lazy().collect_schema().names()


def unconverted(deals: pl.DataFrame | pl.LazyFrame, reporting_currency: str) -> Unconverted:
    """Deals (as `in_reporting_currency` returns them) whose exported amount has no reporting value,
    counted by the currency whose rate they lack (NEEDED_CURRENCY; NO_CURRENCY where none is named).
    A frame that was never converted (no `exported_amount`: its amounts are the reporting currency's)
    leaves nothing out."""
    if not was_converted(deals):
        return Unconverted(0, (), reporting_currency)
    frame = deals.lazy().filter(not_converted(reporting_currency))
    currency = NEEDED_CURRENCY.cast(pl.String).fill_null(pl.lit(NO_CURRENCY)).alias("in")
    counts = frame.group_by(currency).len().sort("in").collect()
    currencies = tuple(str(c) for c in counts.get_column("in").to_list())
    per_currency = tuple(int(n) for n in counts.get_column("len").to_list())
    return Unconverted(sum(per_currency), currencies, reporting_currency, per_currency)


def unconverted_or_switch(deals: pl.DataFrame | pl.LazyFrame, reporting_currency: str) -> Unconverted:
    """`unconverted` of deals as `in_reporting_currency` returns them, with `only` (Unconverted.only) the one
    currency every amount they hold is in when it is the one they lack a rate for: the sentence then offers to
    make it the reporting currency, as the file report and the command line's ingest do. The app's banner over
    every page and `report` told a store all in EUR, reporting in USD, only to add the EUR rate."""
    left = unconverted(deals, reporting_currency)
    if not left.deals or len(left.codes) != 1:
        return left
    exported = deals.lazy().select(pl.col("exported_amount").alias("amount"), pl.col("exported_currency").alias("currency"),
                                   "converted_amount", "converted_currency")
    return replace(left, only=sole_currency(exported))


def left_out_of(deals: pl.DataFrame | pl.LazyFrame, where: pl.Expr, reporting_currency: str) -> Unconverted:
    """`unconverted` of the deals where `where` holds: those a value figure over them (won value, open
    pipeline, at-risk value) leaves out, to be said beside it (Unconverted.left_out, .no_rate)."""
    return unconverted(deals.lazy().filter(where.fill_null(False)), reporting_currency)


def no_rate_in_group(reporting_currency: str) -> tuple[pl.Expr, pl.Expr]:
    """Two aggregations over a group of deals: how many of them no rate to `reporting_currency` converts
    (not_converted; UInt32) and the currencies they lack a rate for (NEEDED_CURRENCY, NO_CURRENCY for deals
    naming none; a sorted list). The one count behind a partial sum's mark: a report's won value
    (no_rate_by) and a loss reason's amount (measures.no_decision.loss_reasons)."""
    left = not_converted(reporting_currency)
    return (left.sum().cast(pl.UInt32),
            NEEDED_CURRENCY.cast(pl.String).fill_null(pl.lit(NO_CURRENCY)).filter(left).unique().sort())


def partial_sum(amount: float | None, unconverted: int) -> bool:
    """Whether a sum of amounts in the reporting currency (`amount`, None when no deal had one) leaves out
    deals no rate converts (`unconverted` of them, no_rate_in_group): true when it is a sum that leaves some
    out; false for a sum of every deal, and for None, which leaves out every one and reads "—", not marked."""
    return unconverted > 0 and amount is not None


def no_rate_by(deals: pl.DataFrame | pl.LazyFrame, where: pl.Expr, by: str, reporting_currency: str) -> pl.DataFrame:
    """Per `by` group, the deals where `where` holds that no rate to `reporting_currency` converts
    (not_converted): columns `by` (as text), no_rate_deals
    (UInt32), no_rate (no_rate_words of their currencies, sorted), no_rate_in (those currencies, a
    list, NO_CURRENCY among them for deals naming none); only groups with such deals.
    Empty for a frame never converted (no `exported_amount`)."""
    lf = deals.lazy()
    schema = lf.collect_schema()
    empty = pl.DataFrame(schema={by: pl.String, "no_rate_deals": pl.UInt32, "no_rate": pl.String,
                                 "no_rate_in": pl.List(pl.String)})
    if "exported_amount" not in schema.names():
        return empty
    left, currencies = no_rate_in_group(reporting_currency)
    grouped = (
        lf.filter(where.fill_null(False) & not_converted(reporting_currency))
        .group_by(by)
        .agg(left.alias("no_rate_deals"), currencies.alias("_in"))
        .with_columns(pl.col(by).cast(pl.String))  # text, as the views give every column back (coded: Categorical)
        .collect()
    )
    words = [no_rate_words(c) for c in grouped.get_column("_in").to_list()]
    return grouped.with_columns(pl.Series("no_rate", words, dtype=pl.String)).rename({"_in": "no_rate_in"}).select(
        by, "no_rate_deals", "no_rate", "no_rate_in")


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
