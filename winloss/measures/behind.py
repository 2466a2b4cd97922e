"""The deals behind a number: the rows a drill-down lists for a rate, a bar or a quarter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Final

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, OPEN
from winloss import periods
from winloss.measures.counting import Deals, between, closed_between, lazy, open_by, outcome_in


class _BlankCell:
    """The type of BLANK_CELL (one instance)."""

    def __repr__(self) -> str:
        return "BLANK_CELL"


# A filter value meaning "this cell is empty": a chart's "No region" (text.no_group) or "(no reason given)" bar
# stands for the deals with no value there, which `column == value` cannot select.
BLANK_CELL: Final = _BlankCell()


def deals_behind(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    *,
    outcome: str | Sequence[str] | None = None,
    quarter: str | None = None,
    fy_start_month: int = 1,
    as_of: date | None = None,
    **filters: Any,
) -> pl.DataFrame:
    """The deals behind a number, for a drill-down table, latest close first.

    outcome: None gives what outcome_summary counts (closed in range + open by `end`, by
    counting.open_by's rule with `as_of`, the data's day); "closed",
    one outcome, or a list of outcomes (e.g. Denominator.outcomes for a win rate). quarter: a
    close-date quarter label. Every other keyword is a column = value (a list means any of);
    a None value means "no filter", so an unset widget can be passed straight through, and
    BLANK_CELL means the cell is empty. Raises ValueError for a column the deals do not have.
    """
    lf = lazy(deals)
    columns = lf.collect_schema().names()
    closed_rows = closed_between(start, end)
    if outcome is None:
        condition = closed_rows | open_by(end, as_of)
    else:
        wanted = (outcome,) if isinstance(outcome, str) else tuple(outcome)
        if "closed" in wanted:
            wanted = (*wanted, *CLOSED_OUTCOMES)
        closed_wanted = [o for o in wanted if o in CLOSED_OUTCOMES]
        condition = closed_rows & outcome_in(closed_wanted)
        if OPEN in wanted:
            condition = condition | open_by(end, as_of)
    if quarter is not None:
        condition = condition & between(
            "close_date", *periods.quarter_bounds(quarter, fy_start_month)
        )
    for column, value in filters.items():
        if value is None:
            continue
        if column not in columns:
            raise ValueError(f'There is no column "{column}" to filter the deals on.')
        if value is BLANK_CELL:
            condition = condition & pl.col(column).is_null()
        elif isinstance(value, (list, tuple, set, frozenset)):
            condition = condition & pl.col(column).is_in(list(value))
        else:
            condition = condition & (pl.col(column) == value)
    return (
        lf.filter(condition.fill_null(False))
        .sort(["close_date", "amount"], descending=True, nulls_last=True)
        .collect()
    )
