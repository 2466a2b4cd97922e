"""A prefix for the ids of one report's exports, so two CRMs (or two accounts of one) that number their
deals alike keep them apart in one store: "MX-" stores the Mexico account's deal 201 as MX-201, beside
the Spain account's 201 (store_effects.other_report_deals holds a file that would overwrite them).

The user gives it for an upload (the command line's --id-prefix, the Data page's Id prefix); its manifest
row keeps it with the rest of how the file was read (winloss.store.readings), and a later export of the
same report (same_report: the same source, columns and file name but for its dates and numbers) is given
the prefix the last one was stored with, unless the user gives another (an empty one: none), so next
week's export of that report updates the same prefixed deals. The file report names it (`ReportPrefix`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from winloss.ingest.hints import command_line_hint
from winloss.store.readings import recorded_choice
from winloss.text import plural

if TYPE_CHECKING:
    from winloss.ingest.pipeline import PreparedFile

MAX_LENGTH = 20
# How to give a file of a report stored with a prefix another one, or none.
_OTHERWISE = command_line_hint("--id-prefix", 'PREFIX, or "" for none')
_NONE = command_line_hint("--id-prefix", '""')
# Letters, digits and the marks an id's parts are joined with: an id stays one word in a CSV, a URL or a
# spreadsheet cell, and a prefix cannot hold a character the eye does not see.
_ALLOWED = re.compile(r"^[^\W_]+(?:[-_.:/#][^\W_]+)*[-_.:/#]?$")


def id_prefix_choice(text: str | None) -> str | None:
    """The prefix `text` gives, stripped; None for none (None or blank). Raises ValueError, in a sentence
    that says what to do, for one longer than MAX_LENGTH characters or other than letters and digits,
    joined or ended by one of - _ . : / #."""
    if text is None or not text.strip():
        return None
    prefix = text.strip()
    if len(prefix) > MAX_LENGTH or not _ALLOWED.match(prefix):
        raise ValueError(
            f"The id prefix '{prefix}' cannot be used: give up to {MAX_LENGTH} letters or digits, joined or ended by "
            "one of - _ . : / # (such as MX-)."
        )
    return prefix


@dataclass(frozen=True)
class ReportPrefix:
    """The prefix a file's ids are stored with (`prefix`), and, when the user did not give it, the upload of
    its report it was kept from (`kept_from`, same_report.upload_label; file text: escape it to show it)."""

    prefix: str
    kept_from: str | None = None

    def sentence(self, example: str | None, doubles: tuple[int, int] | None = None) -> str:
        """The file report's note: "Each id is stored with the prefix 'MX-' (201 as MX-201), as in
        mx_week47.csv, another export of this report; …", `example` being one of the file's ids as stored;
        then, `doubles` (prefix_doubles: the stored deals it makes new deals beside, the file's deals), what
        the prefix does to them."""
        shown = f" ({example.removeprefix(self.prefix)} as {example})" if example else ""
        said = f"Each id is stored with the prefix '{self.prefix}'{shown}"
        if self.kept_from is None:
            said = f"{said}, apart from other reports' deals with the same ids; later exports of this report are given it too."
        else:
            said = (f"{said}, as in {self.kept_from}, another export of this report; to store them otherwise, give another "
                    f"prefix or none{_OTHERWISE}.")
        if doubles is None:
            return said
        shared, deals = doubles
        one = shared == 1
        return (
            f"{said} With this prefix, all {plural(deals, 'deal')} of this file are new deals: the {plural(shared, 'stored deal')} "
            f"with the same {'id' if one else 'ids'}, account and deal name {'stays' if one else 'stay'} beside them, and "
            f"closed deals would be counted twice. If this file is an export of a report already stored, give no prefix{_NONE}."
        )

    def as_json(self, example: str | None, doubles: tuple[int, int] | None = None) -> dict:
        """{"prefix": str, "kept_from": str | None, "sentence": str, "stored_deals_doubled": int}, for the command
        line's --json (`doubles` as for `sentence`; 0 stored deals doubled for None)."""
        return {"prefix": self.prefix, "kept_from": self.kept_from, "sentence": self.sentence(example, doubles),
                "stored_deals_doubled": doubles[0] if doubles else 0}


def prefix_doubles(prepared: PreparedFile, prefix: ReportPrefix | None, deals: pl.LazyFrame) -> tuple[int, int] | None:
    """(how many stored deals `prepared`'s ids are, without `prefix`, with the same account and deal name
    (same_report.deals_alike), how many deals the file has) when there are any: with the prefix each is stored
    as a new deal beside that stored one, a closed one counted twice (a copy of a weekly report given a prefix
    doubled all 1,054 of its deals). None for no prefix or none such: another CRM's deals under the same ids
    (other accounts and names) are what a prefix is for. `deals`: the stored deals (Store.opportunities)."""
    from winloss.ingest.same_report import deals_alike

    if prefix is None or prepared.rejected or prepared.kind != "opportunities":
        return None
    theirs = (deals.select("opportunity_id", "account", "opportunity_name")
              .filter(~pl.col("opportunity_id").str.starts_with(prefix.prefix)).collect())
    if theirs.height == 0:
        return None
    shared, ids = deals_alike(prepared, theirs, prefix.prefix)
    return (shared, ids) if shared else None


def report_prefix(prepared: PreparedFile, uploads: pl.DataFrame) -> ReportPrefix | None:
    """The prefix for `prepared`'s ids when the user gives none: the one the last live upload of its report
    (same_report, `uploads` as Store.live_uploads gives them) was stored with, kept from that upload; None when
    it was stored without one, or no upload of the report is stored."""
    from winloss.ingest.same_report import last_report_upload

    found = last_report_upload(prepared, uploads)  # the last decides, one stored without a prefix too
    prefix = recorded_choice(found[0], "id_prefix") if found is not None else None
    return ReportPrefix(prefix, found[1]) if found is not None and prefix is not None else None


def given_prefix(prepared: PreparedFile) -> ReportPrefix | None:
    """The prefix the user gave `prepared` (its reading's), as the file report names it; None for none."""
    prefix = prepared.reading.id_prefix if prepared.reading is not None else None
    return ReportPrefix(prefix) if prefix else None


def stored_prefix(prepared: PreparedFile, kept: ReportPrefix | None) -> ReportPrefix | None:
    """The prefix `prepared`'s ids are stored with, as the file report names it: `kept` (report_prefix: the last
    export of its report's) when it is the one it was read with, else the one the user gave; None for none."""
    given = given_prefix(prepared)
    if given is None or prepared.rejected:
        return None
    return kept if kept is not None and kept.prefix == given.prefix else given


def first_id(prepared: PreparedFile) -> str | None:
    """The first of the file's ids as stored (for the note's example); None when it stores none."""
    for part in prepared.accepted_columns(["opportunity_id"]):
        ids = part.head(1).collect().get_column("opportunity_id")
        if ids.len():
            return ids.item()
    return None


__all__ = ["MAX_LENGTH", "ReportPrefix", "first_id", "given_prefix", "id_prefix_choice", "prefix_doubles", "report_prefix", "stored_prefix"]
