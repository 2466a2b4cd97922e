"""How an upload was read, as its manifest row keeps it (`reading`), and the one rule that tells whether the
same bytes read now would store what they stored: "already ingested … nothing changed" holds only for them.

The same bytes store other values when they are read with another choice: another file kind, another column
mapping, another date order, decimal mark or currency for the amounts that name none, another reporting
currency (an amount that names no currency is stored in it), another mapping of the values of a status
column (the outcome a status says is stored with each deal, and decides over the stage at read time), or another
meaning of a currency name its currency columns write (winloss.ingest.currency_names). A
workbook's other sheet is another table, not the same upload (delta.earlier_upload). What is applied again to
the stored deals whenever they are read is no reading choice: the stage mappings of stage values and the
no-decision vocabulary. A mapping that lets more rows be stored is told by the rows they store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from winloss.text import listed, moment

# What the same bytes' storing again says the upload was read with otherwise, each choice as the sentences
# name it ("with another date order and decimal mark"), in the order they are said.
CHOICE_WORDS: dict[str, str] = {
    "kind": "file kind",
    "fields": "column mapping",
    "day_first": "date order",
    "decimal_mark": "decimal mark",
    "file_currency": "currency for the amounts that name none",
    "reporting_currency": "reporting currency",
    "status_mappings": "mapping of its status values",
    "id_prefix": "id prefix",
    "currency_names": "meaning of its currency names",
}
# A manifest row written before its reading was kept: each choice as it is taken to have been made. The
# date order, decimal mark and file currency as the file decides them ("auto", None): those were chosen only
# by hand, so the same bytes read with a choice of the user's own are stored again. _UNKNOWN: not compared
# (the reporting currency and the stage mappings of that day are not kept with the row).
_UNKNOWN = object()
_BEFORE_KEPT: dict[str, Any] = {
    "kind": _UNKNOWN, "fields": _UNKNOWN, "day_first": None, "decimal_mark": None, "file_currency": None,
    "reporting_currency": _UNKNOWN, "status_mappings": _UNKNOWN, "id_prefix": None, "currency_names": {},
}


def reading_json(
    kind: str, fields: Mapping[str, str], day_first: bool | None, decimal_mark: str | None, *,
    file_currency: str | None = None, reporting_currency: str | None = None,
    status_mappings: Mapping[str, str] | None = None, date_order: Mapping[str, Any] | None = None,
    id_prefix: str | None = None, export: bool = False, currency_names: Mapping[str, str] | None = None,
) -> str:
    """The reading a manifest row keeps (JSON, keys of CHOICE_WORDS): `kind` (opportunities, roster,
    assessment), `fields` ({field: header}), `day_first` (None: the file decides), `decimal_mark` ("." or ",";
    None: the file decides), for an export with amounts the `file_currency` chosen (None: the file decides)
    and the `reporting_currency` (None for a file without amounts), and for an export whose status column is
    mapped the stage mappings of the values it holds (`status_mappings`, {folded value: outcome}: a status
    value's mapping is stored with the deal); None where the file has no status column. `date_order`: the
    order its d/m/y dates were read in and what settled it (date_order.DateOrder.as_json), kept for the next
    export of the same report (not a choice: the same bytes read so are read as they were); None for none. An `export` keeps its
    `id_prefix` (winloss.ingest.id_prefix; None for none): the same bytes with another prefix store other ids, and the
    `currency_names` its currency columns write that the user gave a meaning ({name as written: ISO code}, winloss.
    ingest.currency_names; {} for none): the same bytes without them quarantine those rows."""
    said: dict[str, Any] = {"kind": kind, "fields": dict(sorted(fields.items())), "day_first": day_first,
                            "decimal_mark": decimal_mark, "file_currency": file_currency,
                            "reporting_currency": reporting_currency}
    if status_mappings is not None:
        said["status_mappings"] = dict(sorted(status_mappings.items()))
    if date_order is not None:
        said["date_order"] = dict(date_order)
    if export:
        said["id_prefix"] = id_prefix
        said["currency_names"] = dict(sorted((currency_names or {}).items()))
    return json.dumps(said)


def recorded_choice(row: Mapping[str, Any], key: str) -> str | None:
    """The text choice `key` ("id_prefix", "file_currency") the reading of `row` (a manifest row, reading_json)
    recorded; None when it recorded none, or the row keeps no reading (written before it was kept)."""
    reading = row.get("reading")
    said = json.loads(reading).get(key) if isinstance(reading, str) and reading else None
    return said if isinstance(said, str) and said else None


def _kept(earlier: Mapping[str, Any]) -> dict[str, Any]:
    """The reading an earlier upload's manifest row keeps; for a row written before it was, what can be told:
    its kind, its fields (kept in `columns` for an export) and the choices of _BEFORE_KEPT."""
    if earlier.get("reading"):
        return json.loads(earlier["reading"])
    kept: dict[str, Any] = {"kind": earlier.get("kind") or _UNKNOWN}
    if earlier.get("columns"):
        kept["fields"] = json.loads(earlier["columns"]).get("fields", _UNKNOWN)
    return kept


def read_otherwise(earlier: Mapping[str, Any], reading: str | None) -> tuple[str, ...]:
    """The choices (keys of CHOICE_WORDS, in its order) the same bytes are read with now (`reading`,
    reading_json; None: not known) otherwise than when `earlier` (the manifest row of their upload in effect)
    stored them; empty when none is, or the one or the other is not known."""
    if reading is None:
        return ()
    now, before = json.loads(reading), _kept(earlier)
    differ = []
    for key in CHOICE_WORDS:
        was = before.get(key, _BEFORE_KEPT[key])
        if key in now and was is not _UNKNOWN and was != now[key]:
            differ.append(key)
    return tuple(differ)


def stores_nothing_new(earlier: Mapping[str, Any], accepted_rows: int, reading: str | None) -> bool:
    """Whether the same bytes stored again would change nothing: `earlier` is the manifest row of the upload
    of them in effect (Store.already_ingested), `accepted_rows` the rows (deals) they store now and
    `reading` how they are read now (reading_json). They are stored again when they store more rows (a stage
    value mapped since, for rows quarantined before) or are read otherwise (read_otherwise): their rows'
    values are then others."""
    return accepted_rows <= (earlier["rows_accepted"] or 0) and not read_otherwise(earlier, reading)


def loaded_on_words(row: Mapping[str, Any]) -> str:
    """"loaded on 1 Jun 2026 09:00 UTC by ops (store version 1)": when and by whom the upload of `row` (a manifest
    row: `at`, a datetime; `user`, blank for none; `store_version`) was stored. The time in every page's words
    (text.moment): the Data page alone wrote "2026-06-01 09:00 UTC"."""
    who = f" by {row['user']}" if row.get("user") else ""
    return f"loaded on {moment(row['at'])}{who} (store version {row['store_version']})"


def otherwise_words(choices: tuple[str, ...]) -> str:
    """The choices read_otherwise gives, as a sentence says them: "date order and decimal mark"."""
    return listed([CHOICE_WORDS[c] for c in choices])


__all__ = ["CHOICE_WORDS", "loaded_on_words", "otherwise_words", "read_otherwise", "reading_json", "stores_nothing_new"]
