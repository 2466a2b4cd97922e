"""The currency of one file's amounts that name none: the user's choice for that file.

An amount that names no currency, in a file that names none, is read in the store's reporting
currency (money.NamedCurrencies.fallback). A French export's "125 000,00" was so stored as
125,000 USD, and summed with the dollars of every other file: the only sign was the report's
currency rule. The user may say, for one file, which currency its amounts that name none are in
(`file_currency_choice`: `--currency EUR`); an amount's own currency, and the converted amount's
(in the reporting currency when it names none), are kept.
"""

from __future__ import annotations

from winloss.ingest.values import CURRENCY_CODES


def file_currency_choice(word: str | None) -> str | None:
    """The currency chosen for a file's amounts that name none, as an ISO 4217 code in capitals, from what
    the user typed ("eur", " EUR "); None (the file decides) for nothing or 'auto'. ValueError, with one
    sentence, for anything else."""
    key = (word or "").strip()
    if key.lower() in ("", "auto"):
        return None
    if key.upper() not in CURRENCY_CODES:
        raise ValueError(
            f"'{word}' is not an ISO 4217 currency code: give the currency of the amounts that name none as one, "
            "such as EUR or GBP, or 'auto' to read them as the file says."
        )
    return key.upper()


__all__ = ["file_currency_choice"]
