"""A page's frame as the app's files write it (a chart's "Data behind this chart", a deal list's "Deals
(CSV)"), by one rule for every file: money to its currency's minor unit, a rep's leaving as a flag and a
date, never the screen's words.

A file is read by programs and checked against the page by people. An amount converted at a rate or
summed in floating point carries noise ("56210.00000000001" for 51,100 EUR at 1.1) that no cell on the
page shows; a "Left on" cell's words ("31 Aug 2026", "leaving on 15 Jan 2027") would have to be parsed
back, where every other date in a file is ISO (iso_dates). The CSV writer (`file_csv`) applies this
rule itself, so no page can hand a file the screen's version.
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl

from winloss import employment, text
from winloss.ingest.quarantine import excel_safe_csv
from winloss.ingest.values import THOUSANDTHS_CURRENCIES

# ISO 4217's currencies with no minor unit in use (an amount is whole yen, won, francs CFA ...).
WHOLE_CURRENCIES: Final = frozenset({
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF",
    "XPF",
})
# A column of amounts in the reporting currency: `amount`, a list's `amount_usd` (deal_lists.amount_header),
# `won_amount`, `no_decision_amount`, `won_amount_previous`. Counts and flags about an amount
# (`amount_unconverted`, `amount_partial`) are not amounts; only float columns are rounded.
MONEY_COLUMN: Final = re.compile(r"^([a-z_]+_)?amount(_[a-z]{3}|_previous)?$")
# The amount as the file wrote it, in the currency named beside it (deal_lists.EXPORTED_AMOUNT, EXPORTED_CURRENCY).
EXPORTED_AMOUNT: Final = "exported_amount"
EXPORTED_CURRENCY: Final = "exported_currency"


def minor_digits(currency: str | None) -> int:
    """The decimals of `currency`'s minor unit (ISO 4217): 0 for WHOLE_CURRENCIES, 3 for a currency
    written to a thousandth (ingest.values.THOUSANDTHS_CURRENCIES), 2 (cents) for any other or none."""
    code = (currency or "").upper()
    return 0 if code in WHOLE_CURRENCIES else 3 if code in THOUSANDTHS_CURRENCIES else 2


def in_minor_unit(value: float | None, currency: str | None) -> float | None:
    """`value` (an amount in `currency`) rounded to the currency's minor unit (minor_digits): what a file
    writes and `report --json` gives, a half rounded up (text.half_up); None stays None."""
    return None if value is None else float(text.half_up(float(value), minor_digits(currency)))


def money_columns(frame: pl.DataFrame) -> list[str]:
    """The float columns of `frame` that hold amounts in the reporting currency (MONEY_COLUMN)."""
    return [c for c, dtype in frame.schema.items()
            if dtype.is_float() and c != EXPORTED_AMOUNT and MONEY_COLUMN.match(c)]


def for_files(frame: pl.DataFrame, currency: str | None) -> pl.DataFrame:
    """`frame` as a file writes it: each amount in the reporting `currency` (money_columns) rounded to its
    minor unit, EXPORTED_AMOUNT to that of the currency beside it (EXPORTED_CURRENCY); a board's rep marks
    (employment.REP_LEFT, REP_LEFT_ON) written as `left` and `left_on`, an ISO date (employment.file_marks).

    Raises ValueError for a frame holding the screen's Left on words (employment.with_left_on), which a
    file never writes: the page is to give the marks themselves."""
    if employment.LEFT_ON in frame.columns and frame.schema[employment.LEFT_ON] == pl.String:
        raise ValueError(f"A file's {employment.LEFT_ON} holds the screen's words: give the rows' "
                         f"{employment.REP_LEFT} and {employment.REP_LEFT_ON}, which a file writes as dates.")
    digits = minor_digits(currency)
    rounded = [_half_up(pl.col(c), digits) for c in money_columns(frame)]
    if EXPORTED_AMOUNT in frame.columns and EXPORTED_CURRENCY in frame.columns and frame.schema[EXPORTED_AMOUNT].is_float():
        own = pl.col(EXPORTED_CURRENCY).cast(pl.String).str.to_uppercase()
        whole, thousandths = sorted(WHOLE_CURRENCIES), sorted(THOUSANDTHS_CURRENCIES)
        exported = pl.col(EXPORTED_AMOUNT)
        rounded.append(pl.when(own.is_in(whole)).then(_half_up(exported, 0))
                       .when(own.is_in(thousandths)).then(_half_up(exported, 3))
                       .otherwise(_half_up(exported, 2)).alias(EXPORTED_AMOUNT))
    return employment.file_marks(frame.with_columns(rounded) if rounded else frame)


def _half_up(amounts: pl.Expr, digits: int) -> pl.Expr:
    """`amounts` to `digits` decimals, a half away from zero, as text.half_up rounds one."""
    return amounts.round(digits, mode="half_away_from_zero")


def file_csv(frame: pl.DataFrame, currency: str | None) -> bytes:
    """The CSV bytes of `frame` as a file writes it (for_files), safe to open in Excel (a name from a file
    that starts like a formula is written as text: ingest.quarantine.excel_safe_csv)."""
    return excel_safe_csv(for_files(frame, currency))
