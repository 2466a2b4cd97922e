"""Words for no value ("N/A", "none", "TBD") in an optional text column, read as blank as a dash is.

Every column reads a dash ("-", "—") as blank: the reader holds the cell as null and keeps it among the
table's dash cells (RawTable.dashes), so the file report counts it (validation.dashes_note), a reason quotes
it and the quarantine file writes it back as typed. A word for no value (values.NO_VALUE_MARKERS) is
quarantined where a value is read (an amount, a date, a currency: its reason says to leave the cell blank),
but a text column read it as a value: "N/A" in Loss Reason was stored as a loss reason ("N/A lost 2"), "n/a"
beside it as another spelling of it, and a won deal's "N/A" made it "change only in its loss reason".

Here, once a file's columns are mapped, such a cell of an optional text field (`BLANK_FIELDS`: a loss reason,
competitor, segment, region, product, account, deal name; a roster's team, manager, region, email, coach) is
read by the dash rule: null in the rows read, and kept among the dash cells with the word as written. The
whole text must be the word (case and surrounding space aside): "None of the above" or "N/A - budget" is a
value. "NA" is North America in a region or a team, so it is a value there. Fields a row needs (id, rep,
stage) are not blanked: a row without one is quarantined with the word quoted, as before. A deal known by its
account and name (a file with no id column) keeps them as written: they are its id.
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl

from winloss.ingest.mapping import OPPORTUNITY_NAME, Mapping
from winloss.ingest.values import NO_VALUE_MARKERS
from winloss.io.table import DASH_SCHEMA, LINE, named

# The optional text fields, per kind of file, whose words for no value are read as blank.
BLANK_FIELDS: Final = {
    "opportunities": ("loss_reason", "competitor", "segment", "region", "product", "account", OPPORTUNITY_NAME),
    "roster": ("team", "manager", "region", "email", "coach"),
}
# Fields where a word of NO_VALUE_MARKERS is also a value: "NA" is North America in a region or a team's name.
_ALSO_A_VALUE: Final = {"region": frozenset({"na"}), "team": frozenset({"na"})}


def blank_word_columns(mapping: Mapping) -> dict[str, list[str]]:
    """The headers whose words for no value are read as blank -> those words, lower case (in a stable order):
    the columns `mapping` maps to a BLANK_FIELDS field of its kind, less a deal's account and name where they
    are its id (Mapping.keyed_by_name)."""
    fields = [f for f in BLANK_FIELDS.get(mapping.kind, ()) if not (mapping.keyed_by_name and f in ("account", OPPORTUNITY_NAME))]
    columns: dict[str, list[str]] = {}
    for name in fields:
        header = mapping.fields.get(name)
        if header is not None and header not in columns:
            columns[header] = sorted(NO_VALUE_MARKERS - _ALSO_A_VALUE.get(name, frozenset()))
    return columns


def _whole_word(words: list[str]) -> str:
    """A regular expression matching a cell that is one of `words` (lower case), in any case, and nothing else."""
    return "(?i)^(?:" + "|".join(re.escape(word) for word in words) + ")$"


def with_blank_words(frame: pl.DataFrame, dashes: pl.DataFrame, mapping: Mapping) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(`frame` with each word for no value in a blank_word_columns column made null, `dashes` with those cells
    added as DASH_SCHEMA rows: line, header, the word as written). `frame`: a file's rows as read ("__line" and
    a String column per header, stripped as the reader strips cells); `dashes`: its cells written as a dash
    (RawTable.dashes, CsvBatch.dashes). One query finds the columns holding such a word (most hold none);
    only they are read again. The frame is returned as it came when none does."""
    columns = {h: words for h, words in blank_word_columns(mapping).items() if h in frame.columns}
    if not columns or frame.height == 0:
        return frame, dashes
    # A case-blind match of the whole cell, not its lower case looked up: lowering every account and deal name
    # of a 200,000-row batch took 57 ms of CPU over seven columns, the match 11 ms (1M rows: 0.28 -> 0.05 s).
    marks = {h: named(h).str.contains(_whole_word(words)) for h, words in columns.items()}
    held = frame.select(mark.any().alias(str(n)) for n, mark in enumerate(marks.values())).row(0)
    found = [h for h, holds in zip(marks, held, strict=True) if holds]
    if not found:
        return frame, dashes
    cells = [
        frame.filter(marks[h]).select(pl.col(LINE), pl.lit(h, pl.String).alias("column"), named(h).alias("text"))
        for h in found
    ]
    blanked = frame.with_columns(pl.when(marks[h]).then(None).otherwise(named(h)).alias(h) for h in found)
    return blanked, pl.concat([dashes.cast(DASH_SCHEMA), *(c.cast(DASH_SCHEMA) for c in cells)])
