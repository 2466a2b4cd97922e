"""The dates a deal may carry: kept apart from the Pandera models so that readers of the store
(every page) do not import Pandera and pandas, which only ingest needs."""

from __future__ import annotations

import datetime as dt

EARLIEST_DATE = dt.date(1990, 1, 1)  # before any CRM export this product reads
LATEST_YEARS_AHEAD = 10  # an expected close further ahead than this is a typo or a placeholder such as 9999-12-31


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(first, last) date a deal may carry: 1990-01-01 to ten years after today, both included.

    Dates outside it (9999-12-31 placeholders, 1900-01-01 from an empty Excel cell, a year typed
    as 2204) are quarantined with a reason: every page computes quarters around the stored dates,
    and a date near the calendar's end would make that arithmetic fail.
    """
    today = today or dt.date.today()
    try:
        last = today.replace(year=today.year + LATEST_YEARS_AHEAD)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + LATEST_YEARS_AHEAD, day=28)
    return EARLIEST_DATE, last
