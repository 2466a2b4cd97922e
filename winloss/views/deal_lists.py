"""What a deal list holds, and its CSV: the columns of the deals behind a number (ui.drill draws them)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Final

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, OUTCOME_LABELS, WON
from winloss import text
from winloss.file_values import file_csv
from winloss.measures.at_risk import stage_now_for_files
from winloss.rates import Denominator

DEAL_NAME = "opportunity_name"  # the deal's own name as the CRM wrote it ("Acct 094 - Renewal")
# A list's grid shows a deal's name without the account's name it starts with (short_deal_name); this
# column keeps the name whole beside it, for the list's every-columns view (the CSV keeps DEAL_NAME whole).
FULL_DEAL_NAME = "full_deal_name"
# The amount as the file wrote it, in its own currency (winloss.exchange.in_reporting_currency): a
# deal list's `amount` is the reporting currency's, converted, and a CSV that kept only that lost the
# figure the CRM shows ("GBP 18,200.00" read 23114.0, in no named currency).
EXPORTED_AMOUNT = "exported_amount"
EXPORTED_CURRENCY = "exported_currency"
AMOUNT_COLUMNS = ("amount", EXPORTED_AMOUNT, EXPORTED_CURRENCY)  # what hidden amounts leave out

# The account and the deal's name first (two deals of one account differ by their names), how it
# ended and what it was worth; a list's `extra` columns (an at-risk list's days open and reason)
# come right after the amount; the record's id, which nobody reads, is last.
LEAD_COLUMNS = ("account", DEAL_NAME, "outcome", "amount", EXPORTED_AMOUNT, EXPORTED_CURRENCY)
# The rep's team beside the rep: a team's figure (a filter, a rep's dotted team line) is checked from its deals.
DETAIL_COLUMNS = (
    "close_date", "rep", "team", "seller_profile", "stage", "loss_reason", "created_date", "competitor", "region",
    "segment", "product", "opportunity_id",
)


def listed_deals(deals: pl.DataFrame, hide_amounts: bool, extra: Sequence[str] = ()) -> pl.DataFrame:
    """The columns a deal list (and its CSV) holds, of `deals` (one row per deal, `outcome` as codes):
    LEAD_COLUMNS, then `extra`, then DETAIL_COLUMNS, each that `deals` has; `outcome` as its label
    ("No decision"). With `hide_amounts` no AMOUNT_COLUMNS. No DEAL_NAME column when no deal has a
    name (a store of files that mapped none): a column of blanks says nothing."""
    order = (*LEAD_COLUMNS, *extra, *DETAIL_COLUMNS)
    named = without_blank_names(deals)
    wanted = [c for c in order if c in named.columns and not (hide_amounts and c in AMOUNT_COLUMNS)]
    listed = named.select(wanted)
    if "outcome" in listed.columns:
        listed = listed.with_columns(pl.col("outcome").cast(pl.String).replace(OUTCOME_LABELS))
    return listed


def count_sentence(outcomes: Sequence[str], denominator: Denominator | None = None, *, losses: bool = False) -> str:
    """What a deal list's caption says of how many deals it holds, `outcomes` one code a listed deal
    ("won", "no_decision"): "13 deals." Behind a win rate's bar (`denominator`, the rate in use) that
    divides by won and lost only, a list holding no-decision deals says which of them the bar's n
    counts, since a sales leader checking the bar's n against the list found 3 deals more and nothing
    said why: "13 deals: the 10 in the win rate (won or lost) and 3 no decision, which this win rate
    leaves out." The no-decision deals stay listed: they are the deals this product is about.

    Behind a no-decision share of losses (`losses`), whose n is the lost and no-decision deals, the
    list says so, as the lost deals listed beside the no-decision ones would otherwise be a surprise:
    "74 deals, the n of No decision ÷ losses: 38 no decision and 36 lost."; a list holding deals the
    share leaves out names them: "101 deals: the 74 in this share (lost or no decision) and 27 won,
    which it leaves out." (a profile's closed deals listed under its share's bar had said "101
    deals" under a bar of n = 74)."""
    if losses:
        return _losses_sentence(outcomes)
    total = len(outcomes)
    no_decision = sum(1 for o in outcomes if o == NO_DECISION)
    if denominator is not Denominator.EXCLUDING_NO_DECISION or no_decision == 0:
        return f"{text.plural(total, 'deal')}."
    in_rate = sum(1 for o in outcomes if o in (WON, LOST))
    rest = total - in_rate - no_decision
    others = f"; {text.plural(rest, 'other deal')} (open)" if rest else ""
    return (f"{text.plural(total, 'deal')}: the {in_rate:,} in the win rate (won or lost) and {no_decision:,} "
            f"no decision, which this win rate leaves out{others}.")


def _losses_sentence(outcomes: Sequence[str]) -> str:
    """count_sentence's words for a list behind a no-decision share of losses."""
    total = len(outcomes)
    no_decision = sum(1 for o in outcomes if o == NO_DECISION)
    lost = sum(1 for o in outcomes if o == LOST)
    won = sum(1 for o in outcomes if o == WON)
    rest = total - no_decision - lost - won
    if not won and not rest:
        return (f"{text.plural(total, 'deal')}, the n of {text.ND_SHARE_OF_LOSSES}: {no_decision:,} no decision "
                f"and {lost:,} lost.")
    left_out = f" and {won:,} won, which it leaves out" if won else ""
    others = f"; {text.plural(rest, 'other deal')} (open)" if rest else ""
    return f"{text.plural(total, 'deal')}: the {no_decision + lost:,} in this share (lost or no decision){left_out}{others}."


def without_blank_names(deals: pl.DataFrame) -> pl.DataFrame:
    """`deals` without its DEAL_NAME column when no deal has a name (a store of files that mapped
    none, or stored before names were kept): a column of blanks says nothing."""
    if DEAL_NAME in deals.columns and deals.get_column(DEAL_NAME).null_count() == deals.height:
        return deals.drop(DEAL_NAME)
    return deals


# What may stand between an account's name and the rest of a deal's name the CRM made of them:
# "Silverline Media B.V. - Core Platform", "Acme: Renewal", "Acme – Expansion" (an en or em dash).
_AFTER_ACCOUNT = r"(?P<separator>(?:\s+[-–—]|\s*:)\s+)(?P<rest>\S.*)"


def short_deal_name(name: str | None, account: str | None) -> str | None:
    """`name` (a deal's, as the CRM wrote it) as a list beside its `account` shows it: when it starts
    with the account's name (case folded, any run of spaces alike) followed by a separator (" - ",
    ": ", " – ", " — "), only the rest ("Silverline Media B.V. - Core Platform" beside "Silverline
    Media B.V." -> "Core Platform"), since the Account column says the rest and a name cut to its
    width kept only the account ("Silverline Media B.V. - C"). Any other name is kept as it is: one
    that only starts like its account ("Acme Corp" beside "Acme"), one that is the account's name
    alone or has nothing after the separator, and any name beside no account. None stays None."""
    split = account_led(name, account)
    return split[1] if split else name


def account_led(name: str | None, account: str | None) -> tuple[str, str] | None:
    """(separator, rest) of a deal's `name` that short_deal_name shortens beside `account` (" - ",
    "Core Platform" of "Silverline Media B.V. - Core Platform"); None for a name it keeps as it is."""
    if name is None or not account or not account.strip():
        return None
    words = r"\s+".join(re.escape(word) for word in account.split())
    found = re.match(rf"\s*{words}{_AFTER_ACCOUNT}", name, flags=re.IGNORECASE | re.DOTALL)
    return (found.group("separator"), found.group("rest").rstrip()) if found else None


def with_short_deal_names(deals: pl.DataFrame) -> pl.DataFrame:
    """`deals` (a deal list) with each DEAL_NAME as short_deal_name writes it beside its `account`, and
    the names as they were in FULL_DEAL_NAME, the last column; as it is when no name is shortened (or
    it has no DEAL_NAME or no account), since a second column of the same names says nothing."""
    if DEAL_NAME not in deals.columns or "account" not in deals.columns:
        return deals
    names = deals.get_column(DEAL_NAME).to_list()
    short = [short_deal_name(n, a) for n, a in zip(names, deals.get_column("account").to_list(), strict=True)]
    if short == names:
        return deals
    return deals.with_columns(pl.Series(DEAL_NAME, short, dtype=pl.String), pl.col(DEAL_NAME).alias(FULL_DEAL_NAME))


def amount_header(currency: str) -> str:
    """The CSV header of amounts in the reporting `currency` (ISO 4217): "amount_usd", "amount_chf"."""
    return f"amount_{currency.lower()}"


def csv_columns(listed: pl.DataFrame, currency: str) -> pl.DataFrame:
    """`listed` (listed_deals) as its CSV's columns: `amount`, in the reporting `currency`, under a
    header naming it (amount_header), so the converted figure is never read as the exported one,
    which EXPORTED_AMOUNT and EXPORTED_CURRENCY keep beside it; the stage of a deal closed since a past
    day with its day in ISO form ("Won 2026-10-12": at_risk.stage_now_for_files), as every date in a file."""
    if {"stage", "close_date"} <= set(listed.columns):
        listed = listed.with_columns(stage_now_for_files())
    return listed.rename({"amount": amount_header(currency)}) if "amount" in listed.columns else listed


def list_file_name(what: str, start: dt.date, end: dt.date,
                   filters: Sequence[tuple[str, Sequence[str]]] = (), anonymised: bool = False) -> str:
    """A deal list's CSV file name, saying what it holds as a chart's CSV is named by its title: `what` (the
    list's heading, Markdown escapes and all: text.slug drops them), the close-date range `start` to `end`
    in ISO form and each filter in force (`filters`: views.common.active_filters, label and values), each
    part text.slug'ed: "no-decision-deals-closed-in-2026-q3_2026-07-01-to-2026-09-30_team-falcons.csv". The
    lists had been "nd-group.csv", "ov-outcome.csv": two downloads of one page overwrote each other's name,
    and nothing said which period or filter they were of. At most text.FILE_NAME_CHARACTERS characters and
    text.FILE_NAME_BYTES bytes before ".csv" (text.file_name_cut: a name in Japanese takes three bytes a letter).
    With names `anonymised` it ends "_anonymised" (text.ANONYMISED_MARK), however long the rest, as a chart's
    CSV does (views.common.chart_file_name): the at-risk list of an anonymised page had its named twin's name."""
    parts = [text.slug(what, "deals"), f"{start.isoformat()}-to-{end.isoformat()}",
             *(text.slug(f"{label} {' '.join(values)}") for label, values in filters)]
    tail = f"_{text.ANONYMISED_MARK}" if anonymised else ""
    return text.file_name_cut("_".join(parts), keep=len(tail)).rstrip("-_") + tail + ".csv"


def deals_csv(listed: pl.DataFrame, currency: str) -> bytes:
    """The CSV bytes of a deal list (csv_columns of `listed`) as every file writes them (file_values.file_csv:
    amounts to the cent, or the currency's minor unit), safe to open in Excel: a name from a file that starts
    like a formula ("=HYPERLINK(...)") is written as text (ingest.quarantine.excel_safe_csv)."""
    return file_csv(csv_columns(listed, currency), currency)


AMOUNT: Final = "Amount"  # a table's amount column holding amounts in more than one currency


def _not_converted_amounts(deals: pl.DataFrame, reporting_currency: str) -> list[tuple[float, str] | None]:
    """Per row of `deals` (as amount_cells reads them), the amount as exported and its currency where no
    exchange rate converts it; None for a converted amount or none. An amount in the reporting currency
    always converts (at 1): one without a value has none."""
    blank = [None] * deals.height
    exported = deals.get_column(EXPORTED_AMOUNT).to_list() if EXPORTED_AMOUNT in deals.columns else blank
    currencies = deals.get_column(EXPORTED_CURRENCY).to_list() if EXPORTED_CURRENCY in deals.columns else blank
    return [
        (own, code) if amount is None and own is not None and code and code != reporting_currency else None
        for amount, own, code in zip(deals.get_column("amount").to_list(), exported, currencies, strict=True)
    ]


def amount_cells(deals: pl.DataFrame, reporting_currency: str, with_currency: bool = False) -> list[str]:
    """Every deal table's amount cells, one a row of `deals` (`amount` in `reporting_currency`, ISO 4217,
    as exchange.in_reporting_currency leaves it; EXPORTED_AMOUNT and EXPORTED_CURRENCY beside it): the
    converted amounts as text.compact_column writes one column ("4.99M", "1.10M" beside "1.75M"; with
    `with_currency`, "$4.99M"); one no exchange rate converts as the file wrote it, in its own currency and
    marked so (text.not_converted: "€77.5k (not converted)"), never a blank that reads as no amount; a deal
    with no amount DASH. A frame without EXPORTED_AMOUNT (never converted) has only converted amounts.
    [] for a frame without `amount` (amounts hidden)."""
    if "amount" not in deals.columns:
        return []
    amounts = deals.get_column("amount").to_list()
    written = text.compact_column(amounts, reporting_currency if with_currency else None)
    return [
        cell if amount is not None else text.not_converted(*own) if own is not None else text.DASH
        for cell, amount, own in zip(written, amounts, _not_converted_amounts(deals, reporting_currency), strict=True)
    ]


# A data grid's column beside its Amount for the amounts no exchange rate converts (not_converted_cells).
NOT_CONVERTED_COLUMN: Final = "not_converted"
# Its header says why the amount stands apart, in a sales leader's words: "Not converted" read as jargon.
NOT_CONVERTED_HEADER: Final = "No exchange rate"


def whole_amounts(listed: pl.DataFrame) -> pl.DataFrame:
    """`listed` with its amounts as a deal list's grid shows them, by text.half_up's rule (a half rounded
    up): `amount` (when it has one) to the whole unit, the number its money_column format shows, whose "%d"
    cuts the cents off (271,004.6 read "$271,004" where every written amount, text.whole_money, says
    "$271,005"); `exported_amount` (the amount as the file wrote it, under All columns) to the cent, which
    its "%,.2f" format then shows as it is: left to the browser, 1.005 read "1.00" and 0.145 "0.14" (the
    float's binary value, a shade under the half). For the grid only: the CSV keeps both as they are."""
    def to(places: int) -> Callable[[float], float]:
        return lambda value: float(text.half_up(value, places)) if math.isfinite(value) else value

    rounded = [pl.col(column).cast(pl.Float64).map_elements(to(places), return_dtype=pl.Float64)
               for column, places in (("amount", 0), (EXPORTED_AMOUNT, 2)) if column in listed.columns]
    return listed.with_columns(rounded) if rounded else listed


def not_converted_cells(deals: pl.DataFrame, reporting_currency: str) -> list[str | None]:
    """What a deal list's grid writes beside its Amount, one a row of `deals` (as amount_cells reads them):
    an amount no exchange rate converts, as the file wrote it in its own currency ("€77.5k"); None for a
    converted amount or none. The grid's Amount is a number column, sorted by value, whose cell for such
    a deal is empty ("—"): it cannot hold words, and a number standing in for them (-inf, sent once so
    that "€77.5k (not converted)" showed there) reached its screen readers' table as "-Infinity".
    [] for a frame without `amount` (amounts hidden)."""
    if "amount" not in deals.columns:
        return []
    return [None if own is None else text.money(*own) for own in _not_converted_amounts(deals, reporting_currency)]


def not_converted_help(reporting_currency: str) -> str:
    """The help of a deal list's NOT_CONVERTED_HEADER column (not_converted_cells)."""
    return (f"The deal's amount as the file wrote it, in its own currency, which has no exchange rate to "
            f"{reporting_currency}: it is left out of Amount (which reads —) and of every total until a rate is added "
            f"on the Data page.")


def any_not_converted(cells: Sequence[str]) -> bool:
    """Whether any of amount_cells' `cells` is an amount no exchange rate converts ("(not converted)")."""
    return any(cell.endswith(f"({text.NOT_CONVERTED})") for cell in cells)


def amount_column(deals: pl.DataFrame, reporting_currency: str) -> tuple[str, list[str]]:
    """The header and cells (amount_cells) of a deal table written as text (the review's at-risk table in
    the deck, the HTML report and presenter mode): "Amount ($)" over cells in text.compact ("4.99M")
    when every amount is in the reporting currency; else AMOUNT over cells that each name their
    currency ("$4.99M", "€77.5k (not converted)"): a header naming one currency over cells in another
    would say € amounts were dollars. ("Amount ($)", []) for a frame without `amount`."""
    cells = amount_cells(deals, reporting_currency)
    if not any_not_converted(cells):
        return text.money_header("Amount", reporting_currency), cells
    return AMOUNT, amount_cells(deals, reporting_currency, with_currency=True)
