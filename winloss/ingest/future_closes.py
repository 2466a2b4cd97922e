"""Deals dated after the day the file is prepared, which the file report names.

Closed deals whose close date is after that day: a deal that has closed did so by then, so such a
date is a typing slip in the CRM, or a date read in the wrong day/month order (12/08/2026 read
month-first as 8 December when 12 August was meant). The file report says how many and where the
first is, so none is counted in a future quarter unseen.

Open deals whose created date is after that day (a created date set ahead in the CRM, its clock or
time zone not the upload's, or a date read in the wrong order): every page counts and lists them as
open now, as every open deal is (measures.counting.open_by), and a range or review ending before that
day leaves them out (counting.open_by, counting.open_on). The file report says how many, names a few
and says so, so a deal dated ahead is never counted unseen.

Both the whole-file and the batched prepare count them with these rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, OPEN
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


def future_closes(accepted: pl.DataFrame, after: dt.date) -> DatedAfter:
    """The closed deals of `accepted` (normalised deal rows: outcome, close_date, opportunity_id, "__line")
    whose close date is after `after` (the day the file is prepared)."""
    return _dated_after(accepted, pl.col("outcome").is_in(CLOSED_OUTCOMES), "close_date", after)


def future_closes_note(found: DatedAfter, after: dt.date) -> str | None:
    """The file report's note on closed deals closing after `after`; None when there is none. The date
    is named as read, not by a column: a Pipedrive deal's close date is its won or lost time."""
    if not found.deals or not found.examples:
        return None
    line, _, close_date = found.examples[0]
    deals = "1 closed deal closes" if found.deals == 1 else f"{found.deals:,} closed deals close"
    return (f"{deals} after today ({day_text(after)}), such as line {line} (its close date read as "
            f"{day_text(close_date)}): a deal that has closed did so by now. Check those dates in the CRM, and the "
            "date order if the file's dates could be read either way.")


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


__all__ = ["EXAMPLES", "DatedAfter", "future_closes", "future_closes_note", "future_created", "future_created_note"]
