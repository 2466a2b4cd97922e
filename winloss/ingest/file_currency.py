"""The currency of one file's amounts that name none: the user's choice for that file, and what asks for it.

An amount that names no currency, in a file that names none, is read in the store's reporting
currency (money.NamedCurrencies.fallback). A French export's "125 000,00" was so stored as
125,000 USD, and summed with the dollars of every other file: the only sign was the report's
currency rule. The user may say, for one file, which currency its amounts that name none are in
(`file_currency_choice`: the Data page's "Currency of amounts that name none", or `--currency EUR`);
an amount's own currency, and the converted amount's (in the reporting currency when it names none),
are kept. `bare_amounts_sentence` is what the Data page says beside that choice, asking whether the
reporting currency is right when the file's decimal comma, delimiter or headers point elsewhere.

The choice is kept with the file's load (its manifest row's reading, winloss.store.readings): the same file
uploaded again starts from it (`kept_file_currency`), on the Data page and the command line alike, and says so,
unless the user chooses otherwise (the page's choice, `--currency CODE` or `--currency auto`). Uploaded again,
a file stored with USD chosen for its amounts that name none started from the file's own reading (EUR, the only
currency it names), and saving it turned those deals into EUR.

A later export of the same report (same_report: sf_week2.csv after sf_week1.csv) starts from the choice the last
upload of that report was stored with, as its id prefix does (id_prefix.report_prefix): each weekly export of a
report in EUR had to be told EUR again, and one stored without it had its euro deals stored as dollars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
import pycountry

from winloss.exchange import currency_code_or_error
from winloss.ingest.hints import command_line_hint, quoted
from winloss.ingest.mapping import LANGUAGE_NAMES, header_language
from winloss.ingest.money import NamedCurrencies, one_of
from winloss.ingest.values import COMMA, CURRENCY_CODES, DecimalMark
from winloss.text import listed

if TYPE_CHECKING:  # the pipeline imports this module
    from winloss.ingest.pipeline import PreparedFile

# The currencies of countries whose spreadsheets write amounts with a decimal comma, and often a ';'
# delimiter (the comma is the decimal mark there): a file written so, in a store reporting in another
# currency, is asked about. CAD and CHF are here too: French Canada and French or Italian Switzerland
# write a decimal comma.
DECIMAL_COMMA_CURRENCIES = frozenset({
    "EUR", "CHF", "CAD", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "RSD", "MKD", "BAM", "ALL", "MDL",
    "RUB", "BYN", "UAH", "KZT", "TRY", "AZN", "GEL", "BRL", "ARS", "CLP", "COP", "UYU", "PYG", "BOB", "VES", "CRC",
    "IDR", "VND", "ZAR",
})
# The currencies of the countries each language a CRM writes headers in (mapping.header_language) is spoken in.
LANGUAGE_CURRENCIES: dict[str, frozenset[str]] = {
    "de": frozenset({"EUR", "CHF"}),
    "fr": frozenset({"EUR", "CHF", "CAD", "XOF", "XAF", "XPF", "MAD", "TND", "DZD", "HTG", "MGA"}),
    "it": frozenset({"EUR", "CHF"}),
    "nl": frozenset({"EUR", "SRD", "AWG", "ANG", "XCG"}),
    "es": frozenset({"EUR", "MXN", "ARS", "COP", "CLP", "PEN", "UYU", "PYG", "BOB", "VES", "CRC", "GTQ", "HNL", "NIO",
                     "DOP", "CUP", "PAB", "USD"}),
    "pt": frozenset({"EUR", "BRL", "AOA", "MZN", "CVE"}),
    "sv": frozenset({"SEK", "EUR"}),  # Sweden; Finland's Swedish speakers
    "da": frozenset({"DKK"}),  # Denmark, the Faroes and Greenland
    "pl": frozenset({"PLN"}),
    "ja": frozenset({"JPY"}),
}
# The codes the Data page lists first, the rest following in alphabetical order.
COMMON_CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "SEK", "NOK", "DKK", "PLN", "BRL", "MXN")
# The Data page's control for the choice, as command_line_hint's --currency names it there.
CHOICE_LABEL = "Currency of amounts that name none"


def file_currency_choice(word: str | None) -> str | None:
    """The currency chosen for a file's amounts that name none, as an ISO 4217 code in capitals, from what
    the user typed ("eur", " EUR "); None (the file decides) for nothing or 'auto'. ValueError, with one
    sentence, for anything else."""
    key = (word or "").strip()
    if key.lower() in ("", "auto"):
        return None
    try:
        return currency_code_or_error(key)  # the rates' and reporting currency's rule of what a code is
    except ValueError:
        raise ValueError(
            f"'{word}' is not an ISO 4217 currency code: give the currency of the amounts that name none as one, "
            "such as EUR or GBP, or 'auto' to read them as the file says."
        ) from None


def currency_codes() -> list[str]:
    """Every ISO 4217 code the choice offers: COMMON_CURRENCIES, then the others alphabetically."""
    return [*COMMON_CURRENCIES, *sorted(CURRENCY_CODES - set(COMMON_CURRENCIES))]


def currency_name(code: str) -> str:
    """'EUR · Euro': a code with its name, as a list to choose from shows it (the code alone when unnamed)."""
    found = pycountry.currencies.get(alpha_3=code)
    return f"{code} · {found.name}" if found is not None else code


@dataclass(frozen=True)
class LocaleClues:
    """What a file shows of the country it was exported in, besides its amounts' currency."""

    decimal_comma: bool = False  # its amounts are read with a decimal comma
    delimiter: str | None = None  # a CSV's delimiter (None for a workbook)
    language: str | None = None  # the language of its headers (mapping.header_language)

    @classmethod
    def of_file(cls, decimal_mark: DecimalMark | None, delimiter: str | None, columns: Sequence[str]) -> LocaleClues:
        """The clues a prepared file shows: its amounts' `decimal_mark` (None without amounts), its CSV
        `delimiter` (None for a workbook) and the language of its `columns`' headers."""
        return cls(decimal_comma=decimal_mark is not None and decimal_mark.mark == COMMA, delimiter=delimiter,
                   language=header_language(columns))

    def against(self, reporting: str) -> list[str]:
        """The clues that point to a country whose currency is not `reporting`, as a sentence lists
        them after "its" ("decimal commas", "';' delimiter", "French headers"), in that order."""
        clues = []
        if reporting not in DECIMAL_COMMA_CURRENCIES:
            if self.decimal_comma:
                clues.append("decimal commas")
            if self.delimiter == ";":
                clues.append("';' delimiter")
        if self.language is not None and reporting not in LANGUAGE_CURRENCIES.get(self.language, frozenset({reporting})):
            clues.append(f"{LANGUAGE_NAMES[self.language]} headers")
        return clues


@dataclass(frozen=True)
class KeptCurrency:
    """The currency chosen for a file's amounts that name none when it, or the last export of its report, was loaded
    before (`code`), and that load, as a sentence says it (`loaded`: readings.loaded_on_words, "loaded on 1 Jun 2026
    09:00 UTC by ops (store version 1)"); `kept_from`: that export's upload_label ("sf_week1.csv"; file text: escape
    it to show it) when it is another file of the same report, None when it is this file. The file is read with it
    unless the user chooses otherwise."""

    code: str
    loaded: str
    kept_from: str | None = None

    @property
    def sentence(self) -> str:
        """The file report's note: "Amounts that name no currency are read as USD, as chosen when this file was loaded
        on … (store version 1): if they are in another currency, choose it", or, kept from another export of its
        report, "…, as chosen for sf_week1.csv, this report's last export, loaded on … (store version 1): …", then the
        hint for --currency CODE or auto. In the command line's words (hints.page_sentence for the page's)."""
        where = (f"when this file was {self.loaded}" if self.kept_from is None
                 else f"for {self.kept_from}, this report's last export, {self.loaded}")
        return (f"Amounts that name no currency are read as {self.code}, as chosen {where}: if they are in another "
                f"currency, choose it{command_line_hint('--currency', 'CODE, or auto to read them as the file says')}.")


def kept_file_currency(uploads: pl.DataFrame, prepared: PreparedFile) -> KeptCurrency | None:
    """The currency `prepared` (an export read as detected) is read with for its amounts that name none unless the
    user chooses otherwise, from `uploads` (Store.live_uploads: a load a rollback undid is not kept): the one chosen
    for the last load of the same bytes (of the same workbook sheet), else the one chosen for the last load of its
    report (same_report), which then names that file. None when neither chose one (no choice made, or `--currency
    auto`: the file decides), or no such load is in effect; none is taken from another file of its report when every
    amount of this one names its currency."""
    from winloss.ingest.same_report import last_report_upload
    from winloss.store.delta import earlier_upload  # the store's module imports the ingest package
    from winloss.store.readings import loaded_on_words, recorded_choice

    if not uploads.height:
        return None
    sheet = prepared.table.sheet if prepared.table is not None else None
    row = earlier_upload(uploads, prepared.sha256, sheet)
    if row is not None and (code := recorded_choice(row, "file_currency")) is not None:
        return KeptCurrency(code, loaded_on_words(row))
    if prepared.currencies is None or not prepared.currencies.bare:
        return None
    found = last_report_upload(prepared, uploads)  # the last decides, one that let the file decide too
    if found is None or found[0]["sha256"] == prepared.sha256 or (code := recorded_choice(found[0], "file_currency")) is None:
        return None
    return KeptCurrency(code, loaded_on_words(found[0]), found[1])


def bare_amounts_sentence(
    currencies: NamedCurrencies, reporting: str, chosen: str | None, clues: LocaleClues, kept: KeptCurrency | None = None,
) -> tuple[str, bool] | None:
    """What the file's amounts that name no currency are read as, beside the choice of it, and whether it
    asks the user (True: a question to answer before storing the file, not only a rule): None when every
    amount names a currency. In the command line's words (command_line_hint): the Data page shows it with
    hints.page_sentence.

    It asks when they are read in the reporting currency while `clues` point to a country that does not
    use it ("Its decimal commas, ';' delimiter and French headers suggest this file comes from a country
    that does not use USD: are its amounts really in USD?"), and when they are not stored at all (the file
    names several currencies, or a unit several share). `kept`: the choice kept from the file's earlier load
    (kept_file_currency), named as where `chosen` came from when it is that one.
    """
    if not currencies.bare:
        return None
    hint = command_line_hint("--currency", "EUR")
    if chosen and kept is not None and kept.code == chosen:
        return kept.sentence, False
    if chosen:
        return f"Amounts that name no currency are read as {chosen}, as chosen.", False
    fallback = currencies.fallback(reporting)
    if currencies.unread_columns:  # the file names its currencies in a column no field reads
        column, codes = currencies.unread_columns[0]
        asked = (f"are the amounts that name no currency really in {fallback}?" if fallback
                 else "amounts that name no currency are not stored.")
        return (f"The column '{column}' names currencies ({listed(list(codes))}) but is not read as the deals' currency: {asked} "
                f"If it gives each deal's currency, map it to Currency{command_line_hint('--map', 'currency=' + quoted(column))}; "
                f"if they are all in one currency, choose it{hint}.", True)
    if fallback is None:
        why = (f"the file names several currencies ({', '.join(currencies.named)})" if len(currencies.named) > 1
               else "other amounts in the file use a unit several currencies share ("
               + ", ".join(f"'{example}': {one_of(codes)}" for codes, example in currencies.shared) + ")")
        return (f"Amounts that name no currency are not stored: {why}. If they are all in one currency, choose it{hint}.",
                True)
    if currencies.named:
        return (f"Amounts that name no currency are read as {fallback}, the only currency the file names: "
                f"if they are in another, choose it{hint}.", False)
    said = (f"Amounts that name no currency are read as {reporting}, the store's reporting currency: "
            f"if they are in another, choose it{hint}.")
    if found := clues.against(reporting):
        return (f"Its {listed(found)} {'suggests' if len(found) == 1 else 'suggest'} this file comes from a country that does not use {reporting}: "
                f"are its amounts really in {reporting}? {said}", True)
    return said, False


def currency_question(currencies: NamedCurrencies | None, reporting: str, chosen: str | None, clues: LocaleClues) -> str | None:
    """bare_amounts_sentence when it asks (a question the user should answer before the file is stored), in the
    command line's words: what the command line says after the file's currency rule, as the Data page says it
    beside its choice of the currency; None when it does not ask, or the file has no amounts, or when the rule
    already asks it (a column of currencies no field reads: said once, by the rule)."""
    if currencies is not None and currencies.unread_columns:
        return None  # the file's currency rule names that column and how to read it (money.unread_columns_rule)
    said = bare_amounts_sentence(currencies, reporting, chosen, clues) if currencies is not None else None
    return said[0] if said is not None and said[1] else None


__all__ = [
    "CHOICE_LABEL", "COMMON_CURRENCIES", "DECIMAL_COMMA_CURRENCIES", "KeptCurrency", "LANGUAGE_CURRENCIES", "LocaleClues",
    "bare_amounts_sentence", "kept_file_currency",
    "currency_codes", "currency_question", "currency_name", "file_currency_choice",
]
