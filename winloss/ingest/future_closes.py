"""Deals dated after the day the file is prepared: closed deals the file report quarantines, open deals it names.

The data's day is the day an export is uploaded (prepared): the app's "Data as of" (deals.data_as_of) is
never later than it, so it is the day a closed deal must have closed by.

Closed deals whose close date is after that day are quarantined (closed_after, closed_after_reason): a deal
that has closed did so by the day its export was made, so such a date is a typing slip in the CRM, or a date
read in the wrong day/month order (12/08/2026 read month-first as 8 December when 12 August was meant). Stored,
it had made a quarter of its own: every Overview tile compared "2027 Q1 to 15 Jan" with "2026 Q4 to 15 Oct" and
the Quarterly review offered 2027 Q1, on one mis-dated deal. The row goes to the quarantine file with its reason
(correct the close date in the CRM and export the file again); every page keeps to the data's day besides
(periods.known_day), for a store holding such a deal from before this rule.

Open deals whose created date is after that day (a created date set ahead in the CRM, its clock or
time zone not the upload's, or a date read in the wrong order): every page counts and lists them as
open now, as every open deal is (measures.counting.open_by), and a range or review ending before that
day leaves them out (counting.open_by, counting.open_on). The file report says how many, names a few
and says so, so a deal dated ahead is never counted unseen.

Both the whole-file and the batched prepare apply these rules (validation.validated's `day`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, OPEN
from winloss.ingest.hints import command_line_hint
from winloss.ingest.values import date_parts, written_dates
from winloss.text import day as day_text, listed


# Deals a note names: the first few in file order.
EXAMPLES = 3


@dataclass(frozen=True)
class DatedAfter:
    """How many deals of one kind are dated after the day the file is prepared, and the first few in file
    order: (line, deal id, the date) each, at most EXAMPLES."""

    deals: int = 0
    examples: tuple[tuple[int, str, dt.date], ...] = ()

    def plus(self, other: DatedAfter) -> DatedAfter:
        """These and `other`'s (a later batch of the same file): the examples stay the earliest lines'."""
        if not other.deals:
            return self
        return DatedAfter(self.deals + other.deals, tuple(sorted((*self.examples, *other.examples))[:EXAMPLES]))


def _dated_after(accepted: pl.DataFrame, which: pl.Expr, column: str, after: dt.date) -> DatedAfter:
    """The rows of `accepted` (normalised deal rows) that `which` picks and whose `column` is after `after`."""
    if not {"outcome", column, "opportunity_id", "__line"} <= set(accepted.columns):
        return DatedAfter()
    ahead = accepted.filter(which & (pl.col(column) > after))
    if not ahead.height:
        return DatedAfter()
    first = ahead.sort("__line").head(EXAMPLES).select("__line", "opportunity_id", column)
    return DatedAfter(ahead.height, tuple(first.iter_rows()))


# The check a closed deal dated after the data's day fails (validation.CHECK_TITLES names it in the report).
CLOSED_AFTER_CHECK: Final = "closed_after_data_day"


def closed_after(frame: pl.DataFrame, day: dt.date) -> list[int]:
    """The row positions of `frame` (normalised deal rows: outcome, close_date) of closed deals (won, lost,
    no decision) whose close date is after `day`, the data's day (the day the file is prepared); open deals'
    close dates are expected ones, which may well be ahead."""
    if not {"outcome", "close_date"} <= set(frame.columns):
        return []
    late = pl.col("outcome").is_in(CLOSED_OUTCOMES) & (pl.col("close_date") > day)
    return frame.select(pl.arg_where(late)).to_series().to_list()


def _other_order_fits(text: str | None, read: dt.date, day: dt.date) -> bool:
    """Whether `text` (a close date as written) read in the other day/month order is a date other than
    `read` and not after `day`: then the file's date order may be what is wrong, not the CRM."""
    if text is None:
        return False
    parts = date_parts(pl.Series([text], dtype=pl.String))
    for day_first in (True, False):
        other = written_dates(parts, "date", day_first).item()
        if other is not None and other != read and other <= day:
            return True
    return False


def closed_after_reason(header: str, value: str | None, read: dt.date, day: dt.date) -> str:
    """Why a closed deal whose close date (`value` as written under `header`, read as `read`) is after the
    data's day `day` is quarantined, and what to do: correct the date in the CRM and export again, or, when
    the other day/month order reads it by `day`, choose the date order."""
    written = f"{header} '{value}'" if value is not None and value.strip() else header
    said = (f"{written} reads as {day_text(read)}, after {day_text(day)}, the day this export is uploaded: a closed "
            "deal cannot close after its export was made, so the row is not stored; correct the close date in the "
            "CRM and export the file again.")
    if _other_order_fits(value, read, day):
        hint = command_line_hint("--day-first", "yes or no, and ingest again")
        said += f" If the file writes its dates in the other day/month order, choose the date order{hint}."
    return said


def future_created(accepted: pl.DataFrame, after: dt.date) -> DatedAfter:
    """The open deals of `accepted` (normalised deal rows: outcome, created_date, opportunity_id, "__line")
    whose created date is after `after` (the day the file is prepared)."""
    return _dated_after(accepted, pl.col("outcome") == OPEN, "created_date", after)


def future_created_note(found: DatedAfter, after: dt.date) -> str | None:
    """The file report's note on open deals created after `after`: how many, the first few by their ids
    (the first with its line and created date), and what every page does with them (counted and listed
    as open now: measures.counting.open_by); None when there is none."""
    if not found.deals or not found.examples:
        return None
    one = found.deals == 1
    line, first_id, created = found.examples[0]
    named = [f"{first_id} (line {line}, its created date read as {day_text(created)})",
             *(deal for _, deal, _ in found.examples[1:])]
    deals = "1 open deal was" if one else f"{found.deals:,} open deals were"
    they, are, them = ("it", "is", "it") if one else ("they", "are", "them")
    return (f"{deals} created after today ({day_text(after)}), such as {listed(named)}: {they} {are} counted and "
            f"listed as open now, as every open deal is, on every page; a range or review that ends before today "
            f"leaves {them} out, as not created yet then. Check those dates in the CRM, and the date order if the "
            "file's dates could be read either way.")


__all__ = ["CLOSED_AFTER_CHECK", "EXAMPLES", "DatedAfter", "closed_after", "closed_after_reason", "future_created",
           "future_created_note"]
