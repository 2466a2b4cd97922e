"""One store version in words, the same wherever it is named: the Data page's History tab and its
"Roll back to" list, and the command line's history.

The rollback list called a version "Settings edited" where the History tab's note and the command line
named it "reporting currency USD, 1 exchange rate: EUR"; and the command line counted an upload's rows
as "391 accepted, 0 quarantined; 8 new, 22 updated" where the History tab read "391 read, 391 accepted,
0 quarantined" and "8 new, 22 updated, 361 unchanged". Each is worded here once, from a manifest row
(Store.history, any age: a field may be empty).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from winloss.ingest.mapping import stored_source_words

if TYPE_CHECKING:
    import polars as pl

# A version that read no file, by its action (the History tab's What), when no note says more.
ACTIONS: Final = {
    "roster": "Roster upload",
    "roster_edit": "Roster edited",
    "settings": "Settings edited",  # its note says which: no-decision reasons, stage mappings, rates…
    "rollback": "Rollback",
    "assessment": "Profile assessed",
}
# The count columns of a manifest row and their words, in the order they are said.
ROWS_WORDS: Final = {"rows_read": "read", "rows_accepted": "accepted", "rows_quarantined": "quarantined"}
STORED_WORDS: Final = {"inserted": "new", "updated": "updated", "unchanged": "unchanged"}


def version_what(row: Mapping) -> str:
    """What kind of change a version was, for the History tab's What column: an upload by its source, in
    the words the Data page's "Detected:" line and the command line's ingest use ("Salesforce export
    upload", "Rep roster upload"; mapping.stored_source_words, for rows of any age); anything else by its
    action ("Settings edited", "Rollback"). An action the app does not know is shown as it is."""
    if row["action"] == "ingest":
        return f"{stored_source_words(row['kind'], row['source'], row.get('exported_from'))} upload"
    return ACTIONS.get(row["action"], str(row["action"]))


def version_name(row: Mapping) -> str:
    """A version's name: an upload's file and what it was read as ("week12.csv (Salesforce export)"),
    any other version's note ("reporting currency USD, 1 exchange rate: EUR", "rolled back to version 3",
    "roster edited in the app"), or its kind (`version_what`) when it has none."""
    if row["action"] == "ingest":
        return f"{row['file_name']} ({stored_source_words(row['kind'], row['source'], row.get('exported_from'))})"
    return row.get("note") or version_what(row)


def _counts(row: Mapping, words: Mapping[str, str]) -> str | None:
    """ "106 read, 100 accepted, 6 quarantined" from a row's count columns (column -> its word), in that
    order, a missing count as 0; None when the first is missing (a version that counted none of them)."""
    first = next(iter(words))
    if row.get(first) is None:
        return None
    return ", ".join(f"{row.get(column) or 0:,} {word}" for column, word in words.items())


def rows_words(row: Mapping) -> str | None:
    """The rows a version's file had: "391 read, 391 accepted, 0 quarantined"; None for a version that read no file."""
    return _counts(row, ROWS_WORDS)


def stored_words(row: Mapping) -> str | None:
    """What a version did to the stored rows: "8 new, 22 updated, 361 unchanged"; None for one that stored none."""
    return _counts(row, STORED_WORDS)


def store_version_words(current: int, upload_version: int | None = None) -> str:
    """Which store version is which, in one phrase wherever one is named beside the other: the store's
    current version, then the version its last upload in effect was stored as when that is an earlier one
    (a saved exchange rate or vocabulary is a version too): "store version 4; last upload stored as version
    3"; "store version 3" alone when they are one, or when there is no upload.
    The Overview named the upload's version "store version 3" while the Data page's count read "Store
    version 4", as if the two disagreed."""
    if upload_version is None or upload_version == current:
        return f"store version {current}"
    return f"store version {current}; last upload stored as version {upload_version}"


def version_line(row: Mapping) -> str:
    """A version in one line, as the command line's history prints it: its name, then its rows and what
    it stored, as the History tab's Rows and Stored cells say them, then an upload's note ("with 2 stage
    mappings"): "week12.csv (Salesforce export): 391 read, 391 accepted, 0 quarantined; 8 new, 22
    updated, 361 unchanged"."""
    counts = "; ".join(words for words in (rows_words(row), stored_words(row)) if words)
    note = row.get("note") if row["action"] == "ingest" else None
    return version_name(row) + (f": {counts}" if counts else "") + (f"; {note}" if note else "")


__all__ = ["ACTIONS", "rows_words", "store_version_words", "stored_words", "version_line", "version_name", "version_what"]


def undone_sentence(history: pl.DataFrame, undone: tuple[int, ...]) -> str:
    """What a rollback undid, each version by its name (version_name), newest first: "It undid version 3
    (e3.csv (Salesforce export)) and version 2 (reporting currency USD, 1 exchange rate: EUR)." `history`:
    Store.history; `undone`: Change.undone. A rollback chosen on an older History named only tables, and
    an upload stored in between was undone unsaid."""
    if not undone:
        return ""
    rows = {row["store_version"]: row for row in history.iter_rows(named=True)}
    named = [f"version {v} ({version_name(rows[v])})" if v in rows else f"version {v}" for v in undone]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f"It undid {listed}."
