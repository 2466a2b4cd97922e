"""What the pages say of the fiscal year they count quarters by: the store's (Store.fiscal_year_start), or
another a link chose (fy=), and what saving one for the store does."""

from __future__ import annotations

import calendar
import datetime as dt

from winloss.periods import fiscal_year_words

# Said under the sidebar's save button: the setting is the store's, not the visitor's.
SAVED_FOR_EVERYONE = ("Saved in the store for everyone who uses it, as its own version (the Data page's History; a "
                      "rollback undoes it): every page and the command line count quarters from that month, unless a "
                      "link chooses another (fy=).")


def month_name(month: int) -> str:
    """"February" for 2. Raises IndexError for a month outside 1-12."""
    if not 1 <= month <= 12:
        raise IndexError(f"{month} is not a month from 1 to 12")
    return calendar.month_name[month]


def fiscal_year_note(shown: int, stored: int, day: dt.date) -> str | None:
    """What the page says once of its quarters' fiscal year (plain text): `shown`, the month the view's
    fiscal year starts in; `stored`, the store's (Store.fiscal_year_start); `day`, the data's day, whose
    fiscal year is named. None when both are January: calendar quarters, nothing to explain.

    "Fiscal year FY2027 = 1 Feb 2026 – 31 Jan 2027: this store's fiscal year starts in February."
    "Fiscal year FY2027 = 1 Jul 2026 – 30 Jun 2027, as this link chooses: this store's fiscal year starts in February."
    "Calendar quarters, as this link chooses: this store's fiscal year starts in February."
    """
    if shown == stored == 1:
        return None
    words = fiscal_year_words(day, shown)
    if shown == stored:
        return f"Fiscal year {words}: this store's fiscal year starts in {month_name(stored)}."
    if words is None:
        return f"Calendar quarters, as this link chooses: this store's fiscal year starts in {month_name(stored)}."
    theirs = "fiscal year is the calendar year" if stored == 1 else f"fiscal year starts in {month_name(stored)}"
    return f"Fiscal year {words}, as this link chooses: this store's {theirs}."


def saved_sentence(month: int, version: int) -> str:
    """What saving the store's fiscal year says, e.g. "Saved as store version 5: the fiscal year starts in
    February for everyone who uses this store." """
    return f"Saved as store version {version}: the fiscal year starts in {month_name(month)} for everyone who uses this store."
