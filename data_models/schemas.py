"""Pandera models of a normalised opportunity or roster file: what a storable row is.

The frames they check carry, beside the canonical fields, `__raw_<field>` text columns for the
fields parsed from text, so a value that did not parse fails a named check instead of vanishing.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl
from pandera.api.polars.model_config import BaseConfig

from data_models.date_window import EARLIEST_DATE, LATEST_YEARS_AHEAD, date_window  # noqa: F401  (re-exported)
from data_models.excel_errors import excel_error
from data_models.vocabulary import CLOSED_OUTCOMES, OUTCOMES, PROFILES_WITH_UNPROFILED

PARSED_FIELDS = ("created_date", "close_date", "amount", "converted_amount", "probability")


def _in_window(data: pa.PolarsData, field: str) -> pl.LazyFrame:
    first, last = date_window()
    return data.lazyframe.select(pl.col(field).is_null() | pl.col(field).is_between(first, last))


def raw(field: str) -> str:
    """The name of the column holding a parsed field's text as it came."""
    return f"__raw_{field}"


def rounded_id(text: pl.Expr) -> pl.Expr:
    """Whether an id is a number in scientific notation as Excel writes a long numeric id it has
    rounded ("1.23457E+14", "9,87654E+14", "1E+15": a signed exponent of two digits or more; an id
    such as "1E3" or "4e21a" is a CRM's own)."""
    return text.str.contains(r"^\s*[0-9](?:[.,][0-9]+)?[eE]\+[0-9]{2,}\s*$")


# The text fields a deal or a roster row stores as written (the others are parsed, and an error is no
# date, amount or profile).
TEXT_FIELDS = ("opportunity_id", "rep", "stage", "loss_reason", "account", "opportunity_name", "segment", "region",
               "product", "competitor", "team", "manager", "email", "coach")


def no_excel_error(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Per row, True when none of its TEXT_FIELDS holds one of Excel's error values (a deal's or a
    roster row's: the fields it has)."""
    names = set(rows.collect_schema().names())
    fields = [c for c in TEXT_FIELDS if c in names]
    everyone = rows.select(pl.repeat(True, pl.len()))
    if not fields:
        return everyone
    # Most files hold no cell starting with "#": that is found at a fifth of the pattern's cost
    # (10 against 40-50 ms for 200,000 rows), and the pattern is matched only when one does. A text
    # starts with "#" exactly when it sorts from "#" up to "$" (texts compare byte by byte), and two
    # comparisons a column, each column asked once, take half the time of a prefix test a cell.
    hashed = [((pl.col(c) >= "#") & (pl.col(c) < "$")).any() for c in fields]
    if not any(rows.select(hashed).collect().row(0)):
        return everyone
    return rows.select(~pl.any_horizontal([excel_error(pl.col(c)).fill_null(False) for c in fields]))


# Helper columns the money rules add: an amount the file's decimal mark cannot settle, and why a
# row's currency cannot be settled (see winloss.ingest.money).
UNSETTLED_AMOUNT = "__amount_unsettled"
CURRENCY_PROBLEM = "__currency_problem"
# A workbook amount cell merged over several deals (winloss.ingest.merged_amounts): null, or which.
MERGED_AMOUNT = "__amount_merged"
# Field -> the helper column holding, where a workbook cell's number format shows a scale that cannot
# be told ("mil"), the format's code (the cell's amount is then unsettled), else null.
SCALE_UNREAD = {"amount": "__amount_scale_unread", "converted_amount": "__converted_amount_scale_unread"}
# The date field of a workbook row whose date cell may have its day and month swapped
# (winloss.ingest.swapped_dates), else null.
UNSETTLED_DATE = "__date_unsettled"
# True on every row of a file one of whose dates shows its day/month order (a day above 12): a close date
# before its created date is then not put right by the other order, and its reason does not ask for it.
DATE_ORDER_SHOWN = "__date_order_shown"


def _parsed(data: pa.PolarsData, field: str, settled_elsewhere: bool = False) -> pl.LazyFrame:
    """True where the field's text was blank or parsed; false where text did not parse.

    With `settled_elsewhere`, an amount left unread because its decimal mark is unsettled passes
    here: the amount_settled check says why, once.
    """
    names = data.lazyframe.collect_schema().names()
    if raw(field) not in names:
        return data.lazyframe.select(pl.lit(True))
    ok = pl.col(raw(field)).is_null() | pl.col(field).is_not_null()
    if settled_elsewhere and UNSETTLED_AMOUNT in names:
        ok = ok | pl.col(UNSETTLED_AMOUNT)
    return data.lazyframe.select(ok)


def _flag_clear(data: pa.PolarsData, flag: str) -> pl.LazyFrame:
    """True where a helper flag column is absent, null or false."""
    if flag not in data.lazyframe.collect_schema().names():
        return data.lazyframe.select(pl.lit(True))
    column = pl.col(flag)
    clear = column.is_null() if data.lazyframe.collect_schema()[flag] == pl.String else ~column.fill_null(False)
    return data.lazyframe.select(clear)


class OpportunityRowsModel(pa.DataFrameModel):
    """A deal that may be stored, as far as its own row shows: every check but the repeated-id one.

    A file read in batches is validated batch by batch with this model; the ids repeated anywhere
    in the file are found over the whole file and their rows validated together with
    `OpportunityModel`, so checking each batch's ids for repeats as well would only do it twice.
    """

    # Readers turn blank and whitespace-only cells into nulls, so "not null" also means "not blank".
    opportunity_id: str = pa.Field(nullable=False)
    rep: str = pa.Field(nullable=False)
    stage: str = pa.Field(nullable=False)
    outcome: Optional[str] = pa.Field(nullable=False, isin=list(OUTCOMES))  # null: a deleted deal
    created_date: Optional[dt.date] = pa.Field(nullable=True)
    close_date: Optional[dt.date] = pa.Field(nullable=True)
    amount: Optional[float] = pa.Field(nullable=True, ge=0)
    currency: Optional[str] = pa.Field(nullable=True)
    converted_amount: Optional[float] = pa.Field(nullable=True, ge=0)
    converted_currency: Optional[str] = pa.Field(nullable=True)
    probability: Optional[float] = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 100})
    loss_reason: Optional[str] = pa.Field(nullable=True)
    account: Optional[str] = pa.Field(nullable=True)
    segment: Optional[str] = pa.Field(nullable=True)
    region: Optional[str] = pa.Field(nullable=True)
    product: Optional[str] = pa.Field(nullable=True)
    competitor: Optional[str] = pa.Field(nullable=True)

    class Config(BaseConfig):
        strict = False  # the __line and __raw_ helper columns ride along
        coerce = False

    @pa.dataframe_check(name="created_date_parses")
    def created_date_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "created_date")

    @pa.dataframe_check(name="close_date_parses")
    def close_date_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "close_date")

    @pa.dataframe_check(name="created_date_in_window")
    def created_date_in_window(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _in_window(data, "created_date")

    @pa.dataframe_check(name="close_date_in_window")
    def close_date_in_window(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _in_window(data, "close_date")

    @pa.dataframe_check(name="amount_parses")
    def amount_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "amount", settled_elsewhere=True)

    @pa.dataframe_check(name="converted_amount_parses")
    def converted_amount_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "converted_amount", settled_elsewhere=True)

    @pa.dataframe_check(name="amount_settled")
    def amount_settled(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # An amount that reads as 45 or as 45,000 depending on a decimal mark the file never shows.
        return _flag_clear(data, UNSETTLED_AMOUNT)

    @pa.dataframe_check(name="amount_not_merged")
    def amount_not_merged(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # One amount cell merged over several deals: one figure shown for all, not each deal's.
        return _flag_clear(data, MERGED_AMOUNT)

    @pa.dataframe_check(name="currency_settled")
    def currency_settled(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _flag_clear(data, CURRENCY_PROBLEM)

    @pa.dataframe_check(name="date_settled")
    def date_settled(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # A workbook's date cell that Excel may have read month-first from a day-first text.
        return _flag_clear(data, UNSETTLED_DATE)

    @pa.dataframe_check(name="probability_parses")
    def probability_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "probability")

    @pa.dataframe_check(name="opportunity_id_not_rounded")
    def opportunity_id_not_rounded(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # "1.23457E+14": a numeric id Excel read as a number and wrote rounded. It names no deal for
        # sure, and stored it would never match the deal's real id in the next export.
        return data.lazyframe.select(~rounded_id(pl.col("opportunity_id")).fill_null(False))

    @pa.dataframe_check(name="no_excel_error")
    def no_excel_error(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return no_excel_error(data.lazyframe)

    @pa.dataframe_check(name="closed_has_close_date")
    def closed_has_close_date(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # A close date that failed to parse is reported by close_date_parses, not twice.
        # A close date filled from a won or lost time has no text of its own in the close date column.
        has_text = pl.col("close_date").is_not_null()
        if raw("close_date") in data.lazyframe.collect_schema().names():
            has_text = has_text | pl.col(raw("close_date")).is_not_null()
        return data.lazyframe.select(~pl.col("outcome").is_in(list(CLOSED_OUTCOMES)).fill_null(False) | has_text)

    @pa.dataframe_check(name="close_not_before_created")
    def close_not_before_created(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("close_date") >= pl.col("created_date")).fill_null(True))


class OpportunityModel(OpportunityRowsModel):
    """A deal that may be stored: its row passes every check, and no other row of the file has its id."""

    @pa.dataframe_check(name="opportunity_id_unique")
    def opportunity_id_unique(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # Every row of a conflict fails, not only the later ones: neither can be trusted. Rounded ids
        # that became the same text are said once, as rounded (opportunity_id_not_rounded).
        opportunity_id = pl.col("opportunity_id")
        return data.lazyframe.select(
            ~opportunity_id.is_duplicated() | opportunity_id.is_null() | rounded_id(opportunity_id).fill_null(False)
        )


class RosterModel(pa.DataFrameModel):
    """A roster row that may be stored."""

    rep: str = pa.Field(nullable=False)
    seller_profile: str = pa.Field(nullable=True, isin=list(PROFILES_WITH_UNPROFILED))
    team: Optional[str] = pa.Field(nullable=True)
    manager: Optional[str] = pa.Field(nullable=True)
    region: Optional[str] = pa.Field(nullable=True)
    email: Optional[str] = pa.Field(nullable=True)
    coach: Optional[str] = pa.Field(nullable=True)

    class Config(BaseConfig):
        strict = False
        coerce = False

    @pa.dataframe_check(name="seller_profile_known")
    def seller_profile_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(raw("seller_profile")).is_null() | pl.col("seller_profile").is_not_null())

    @pa.dataframe_check(name="no_excel_error")
    def no_excel_error(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return no_excel_error(data.lazyframe)

    @pa.dataframe_check(name="rep_unique")
    def rep_unique(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("rep").is_duplicated() | pl.col("rep").is_null())


class AssessmentModel(pa.DataFrameModel):
    """A questionnaire answer that may be stored: a known statement scored 1-5, in a complete set.

    Normalising leaves `statement` and `score` null where the text was not a statement id or a
    score on the scale, and counts each (rep, rater, date) set's valid answers into `__answered`
    against `__expected` (the questionnaire's length), so a set with a gap is kept out whole.
    """

    rep: str = pa.Field(nullable=False)
    rater: str = pa.Field(nullable=False)
    date: dt.date = pa.Field(nullable=True)
    statement: Optional[str] = pa.Field(nullable=True)
    score: Optional[int] = pa.Field(nullable=True)

    class Config(BaseConfig):
        strict = False
        coerce = False

    @pa.dataframe_check(name="date_parses")
    def date_parses(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _parsed(data, "date")

    @pa.dataframe_check(name="statement_known")
    def statement_known(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("statement").is_not_null())

    @pa.dataframe_check(name="score_on_scale")
    def score_on_scale(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("score").is_not_null())

    @pa.dataframe_check(name="answer_unique")
    def answer_unique(cls, data: pa.PolarsData) -> pl.LazyFrame:
        key = pl.struct("rep", "rater", "date", "statement")
        return data.lazyframe.select(~key.is_duplicated() | pl.col("statement").is_null())

    @pa.dataframe_check(name="answers_complete")
    def answers_complete(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("__answered") == pl.col("__expected"))
