"""How the day/month order of a file's d/m/y dates is settled when none of its dates shows it.

A date like 03/12/2026 reads as 3 December or 12 March. When a file's dates show their order (a
25/03), that decides it, and a user's choice (the Data page's Date order, --day-first) decides over
everything. Otherwise the next-strongest evidence decides, each step a rule the file report names:

1. `BY_EARLIER`: the order the store recorded for an earlier upload of the same report
   (same_report's rule), when something other than the month-first default settled it there. A weekly
   French export whose first week had a decimal comma was read day-first, and the next week's, in
   whole euros, month-first: the same deals changed their close dates from week to week.
2. `BY_LANGUAGE`: the language of the file's headers (mapping.header_language), where its custom is
   plain (DAY_FIRST_LANGUAGES).
3. `BY_DECIMAL_COMMA`: the amounts' decimal comma (normalise._file_dates), as spreadsheets in
   decimal-comma locales write dates day-first.
4. `BY_SEMICOLON`: a CSV delimited by ';', the list separator Excel writes in those locales, when no amount
   is read with a decimal point. Weaker than the amounts' own mark: a CRM may be set to write ';' anywhere, and
   amounts written 1,234.56 beside it say the file was not made in such a locale.
5. `BY_DEFAULT`: month-first, the note saying the dates could be either.

The order a file's dates were read in, and by which rule (`DateOrder`), is kept in its manifest row's
reading (store.readings.reading_json), for step 1 of the report's next export.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from winloss.ingest.mapping import LANGUAGE_NAMES, Mapping, header_language
from winloss.ingest.same_report import report_key, upload_label

# What settled a file's order (DateOrder.by), as its manifest row keeps it.
BY_CHOICE = "chosen"  # the user's choice
BY_DATES = "dates"  # one of its dates reads only that way (a 25/03)
BY_EARLIER = "earlier export"
BY_LANGUAGE = "headers"
BY_DECIMAL_COMMA = "decimal comma"
BY_SEMICOLON = "semicolon delimiter"
BY_DEFAULT = "default"
# The rules an earlier export's order is taken from: any but the month-first default, which is no evidence.
_EVIDENCE = frozenset({BY_CHOICE, BY_DATES, BY_EARLIER, BY_LANGUAGE, BY_DECIMAL_COMMA, BY_SEMICOLON})

# The header languages (mapping.LANGUAGE_NAMES) whose countries write d/m/y dates day-first, without
# exception: French, Spanish, Italian, Portuguese, German, Dutch, Danish, Polish. Swedish is not among
# them: Sweden writes dates year-first (2026-12-03), so a d/m/y date in a Swedish export was not written
# by its custom and its headers say nothing of its order. Japanese writes them year-first too (2026/12/03).
DAY_FIRST_LANGUAGES = frozenset({"fr", "es", "it", "pt", "de", "nl", "da", "pl"})


@dataclass(frozen=True)
class DateOrder:
    """The order a file's d/m/y dates were read in (`day_first`), what settled it (`by`, one of the
    BY_ rules) and the date fields whose dates read either way (`either_way`: every one of their d/m/y
    dates is a date in both orders, so the other order would read them otherwise; empty when its dates
    show the order)."""

    day_first: bool
    by: str
    either_way: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """{"day_first": bool, "by": str}, as a manifest row's reading keeps it."""
        return {"day_first": self.day_first, "by": self.by}


@dataclass(frozen=True)
class Fallback:
    """The order evidence steps 1 and 2 give a file (`day_first`) and the clause its note ends with
    (`reason`: "as «week1.csv», another export of this report, was read"; file text: escape it to show it)."""

    day_first: bool
    by: str
    reason: str


@dataclass(frozen=True)
class StoredOrder:
    """An earlier export's recorded order, with what tells its report (a live manifest row's kind, source,
    exported_from, file_name, sheet, layout and columns: `row`, as items), in load order (`version`)."""

    version: int
    row: tuple[tuple[str, Any], ...]
    day_first: bool

    @property
    def label(self) -> str:
        """The upload as a note names it (same_report.upload_label; file text)."""
        said = dict(self.row)
        return upload_label(said["file_name"], said["sheet"])


def stored_orders(uploads: pl.DataFrame) -> tuple[StoredOrder, ...]:
    """The date orders the live uploads (Store.live_uploads) recorded with evidence (not the month-first
    default), in load order: what `fallback` takes an earlier export's order from. Hashable, so a page may
    key a cache on it. Rows written before the order was kept have none."""
    if uploads.height == 0 or "reading" not in uploads.columns:
        return ()
    columns = ["kind", "source", "exported_from", "file_name", "sheet", "layout", "columns"]
    found = []
    for row in uploads.sort("store_version").iter_rows(named=True):
        order = _recorded(row["reading"]) if row["kind"] == "opportunities" else None
        if order is not None:
            found.append(StoredOrder(row["store_version"], tuple((c, row[c]) for c in columns), order))
    return tuple(found)


def _recorded(reading: str | None) -> bool | None:
    """The day_first a manifest row's reading recorded with evidence; None when it recorded none."""
    try:
        said = json.loads(reading) if reading else None
    except ValueError:
        return None
    order = said.get("date_order") if isinstance(said, dict) else None
    if not isinstance(order, dict) or order.get("by") not in _EVIDENCE or not isinstance(order.get("day_first"), bool):
        return None
    return order["day_first"]


def fallback(
    orders: Sequence[StoredOrder], mapping: Mapping, headers: Sequence[str], file_name: str, sheet: str | None,
) -> Fallback | None:
    """The order steps 1 and 2 of the module give an opportunity export mapped by `mapping` (its table's
    `headers`, `file_name`, `sheet`), whose dates do not show it: the latest of `orders` (stored_orders)
    of an upload of the same report, else the custom of its headers' language; None when neither says."""
    key = report_key(mapping, headers, file_name, sheet)
    for earlier in reversed(orders):
        if key.holds(dict(earlier.row)):
            return Fallback(earlier.day_first, BY_EARLIER,
                            f"as «{earlier.label}», another export of this report, was read")
    language = header_language(headers)
    if language in DAY_FIRST_LANGUAGES:
        return Fallback(True, BY_LANGUAGE,
                        f"as the file's headers are {LANGUAGE_NAMES[language]} and {LANGUAGE_NAMES[language]} exports "
                        f"write dates day-first")
    return None


__all__ = [
    "BY_CHOICE", "BY_DATES", "BY_DECIMAL_COMMA", "BY_DEFAULT", "BY_EARLIER", "BY_LANGUAGE", "BY_SEMICOLON", "DAY_FIRST_LANGUAGES",
    "DateOrder", "Fallback", "StoredOrder", "fallback", "stored_orders",
]
