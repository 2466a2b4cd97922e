"""Closed deals whose close date is after the day the file is prepared: a deal that has closed did so
by then, so such a date is a typing slip in the CRM, or a date read in the wrong day/month order
(12/08/2026 read month-first as 8 December when 12 August was meant). The file report says how many
and where the first is, so none is counted in a future quarter unseen. Both the whole-file and the
batched prepare count them with this rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES
from winloss.text import day as day_text


@dataclass(frozen=True)
class FutureCloses:
    """How many closed deals close after `after`, and the first of them in file order (its line and close date)."""

    deals: int = 0
    line: int | None = None
    close_date: dt.date | None = None

    def plus(self, other: FutureCloses) -> FutureCloses:
        """These and `other`'s (a later batch of the same file): the first stays the earlier line's."""
        if not other.deals:
            return self
        if not self.deals or (other.line is not None and self.line is not None and other.line < self.line):
            return FutureCloses(self.deals + other.deals, other.line, other.close_date)
        return FutureCloses(self.deals + other.deals, self.line, self.close_date)


def future_closes(accepted: pl.DataFrame, after: dt.date) -> FutureCloses:
    """The closed deals of `accepted` (normalised deal rows: outcome, close_date, "__line") whose close
    date is after `after` (the day the file is prepared)."""
    if not {"outcome", "close_date", "__line"} <= set(accepted.columns):
        return FutureCloses()
    late = accepted.filter(pl.col("outcome").is_in(CLOSED_OUTCOMES) & (pl.col("close_date") > after))
    if not late.height:
        return FutureCloses()
    first = late.sort("__line").row(0, named=True)
    return FutureCloses(late.height, first["__line"], first["close_date"])


def future_closes_note(found: FutureCloses, after: dt.date) -> str | None:
    """The file report's note on closed deals closing after `after`; None when there is none. The date
    is named as read, not by a column: a Pipedrive deal's close date is its won or lost time."""
    if not found.deals or found.close_date is None:
        return None
    deals = "1 closed deal closes" if found.deals == 1 else f"{found.deals:,} closed deals close"
    return (f"{deals} after today ({day_text(after)}), such as line {found.line} (its close date read as "
            f"{day_text(found.close_date)}): a deal that has closed did so by now. Check those dates in the CRM, and the "
            "date order if the file's dates could be read either way.")


__all__ = ["FutureCloses", "future_closes", "future_closes_note"]
