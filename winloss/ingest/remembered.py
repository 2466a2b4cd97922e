"""Column mappings made by hand, remembered for the next export of the same layout.

A file committed with a mapping other than the one detection gives its headers (a column chosen in
the Data page's mapping or with --map, another source preset) leaves that mapping in the store, in
the file's own version, keyed by the file's layout (mapping.layout_key: the set of its headers, in
any order). A later file of exactly that layout is mapped the same way (mapping.detect_mapping's
`remembered`), on the Data page and the command line alike, and its report says so
(mapping.remembered_note). A file of that layout committed with detection's own mapping forgets it,
and so does a rollback to a version before it: the store's settings are as of a version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping as MappingOf

from data_models.vocabulary import ASSESSMENT_FIELDS, ROSTER_FIELDS
from winloss import employment, team_history
from winloss.ingest.mapping import MAPPABLE_FIELDS, Mapping, Remembered, detect_mapping, layout_key, layout_names, remembered_fields
from winloss.io.table import RawTable

# The fields a remembered mapping of each kind may name (as an override may: mapping._apply_overrides).
_FIELDS: dict[str, tuple[str, ...]] = {
    "opportunities": MAPPABLE_FIELDS, "roster": (*ROSTER_FIELDS, *employment.FIELDS, team_history.TEAM_SINCE),
    "assessment": ASSESSMENT_FIELDS,
}


def remembered_mappings(stored: MappingOf[str, object]) -> dict[str, Remembered]:
    """The store's remembered mappings (Store.column_mappings) by layout key.

    An entry this version cannot read whole (a kind or field it does not know, a value of another
    shape: a store written by another version, or edited by hand) is left out: a mapping half read
    would map columns nobody chose.
    """
    found: dict[str, Remembered] = {}
    for layout, entry in stored.items():
        if isinstance(entry, dict) and (remembered := _read(entry)) is not None:
            found[layout] = remembered
    return found


def _read(entry: dict) -> Remembered | None:
    """One stored entry (stored_entry's shape), or None when any part of it is not as written."""
    kind, fields = entry.get("kind"), entry.get("fields")
    names, on, columns = entry.get("file_name"), entry.get("on"), entry.get("columns")
    if kind not in _FIELDS or not isinstance(fields, dict) or not fields:
        return None
    if not all(f in _FIELDS[kind] and isinstance(c, str) and c for f, c in fields.items()):
        return None
    if not isinstance(names, str) or not isinstance(on, str) or not isinstance(columns, int):
        return None
    return Remembered(kind, tuple(sorted(fields.items())), names, on, columns)


def stored_entry(remembered: Remembered) -> dict[str, object]:
    """A remembered mapping as the store keeps it (JSON): kind, fields (field -> column), file_name, on, columns."""
    return {
        "kind": remembered.kind,
        "fields": dict(remembered.fields),
        "file_name": remembered.file_name,
        "on": remembered.on,
        "columns": remembered.columns,
    }


def layout_change(
    mapping: Mapping, table: RawTable, file_name: str, on: dt.date, stage_outcomes: MappingOf[str, str] | None = None,
) -> tuple[str, dict[str, object] | None]:
    """What committing a file mapped with `mapping` does to the mapping remembered for its layout:
    (its layout key, the entry to remember, or None to forget any).

    None when detection alone (the kind the file is stored as, no source preset named, no mapping
    remembered, no override; the stage mappings it was read with, `stage_outcomes`, which tell whether a
    status column is read) maps its columns as `mapping` does: nothing was chosen by hand. The
    entry it was mapped from when nothing was changed from it, so the store keeps the file and day
    it was chosen for; else `mapping`'s fields, for `file_name` on `on`.
    """
    layout = layout_key(table.columns)
    detected = detect_mapping(table.columns, kind=mapping.kind, frame=table.frame, stage_outcomes=stage_outcomes,
                              header_parts=table.header_parts)
    if mapping.fields == detected.fields:
        return layout, None
    if mapping.remembered is not None and remembered_fields(mapping.remembered, table.columns) == mapping.fields:
        return layout, stored_entry(mapping.remembered)
    fields = tuple(sorted(mapping.fields.items()))
    chosen = Remembered(mapping.kind, fields, file_name, on.isoformat(), len(layout_names(table.columns)))
    return layout, stored_entry(chosen)


def layout_mapping_sentence(change: str | None) -> str | None:
    """What a file's commit did to the column mapping remembered for its layout, in one sentence
    (Change.column_mapping: "remembered", "forgotten" or None for nothing)."""
    if change == "remembered":
        return "Column mapping remembered: the next file with these columns is mapped the same way."
    if change == "forgotten":
        return "Mapped as detected: the column mapping remembered for these columns is forgotten."
    return None


__all__ = ["layout_change", "layout_mapping_sentence", "remembered_mappings", "stored_entry"]
