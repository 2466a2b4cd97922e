"""The file report's notes on how a file was read, by part, in one order however the file was read.

A file is read whole (pipeline._prepared) or, a CSV file on disk above a size, in batches
(pipeline._read_in_batches). Each reading puts every note it makes in its part of a ReadingNotes,
and the report's notes are `ordered()`: part after part, in the order the parts are declared. The
order is that one rule, so one file read either way gives the same notes in the same order (a
file read in batches noted its dates after its dashes, one read whole before them).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass
class ReadingNotes:
    """A file's notes on how it was read, by part, each part's notes in the order they were made.
    The parts are written in the order declared here: the file, its columns, then its values (who
    and what the rows are, amounts, dates, cells read as blank), then its rows (folded, created ahead)."""

    sheet: list[str] = field(default_factory=list)  # the sheet read, when the file's first sheet was not the table
    reading: list[str] = field(default_factory=list)  # how the file was read: its encoding, lines left out (RawTable.notes)
    columns: list[str] = field(default_factory=list)  # how its columns were mapped (mapping.mapping_notes)
    key: list[str] = field(default_factory=list)  # a deal known by its account and name, the file having no id column
    ids: list[str] = field(default_factory=list)  # ids rewritten, or stored as written though Excel may have rounded them (ID_NOTES)
    reps: list[str] = field(default_factory=list)  # reps' spellings merged; a roster without a profile column
    unsettled: list[str] = field(default_factory=list)  # amounts either decimal mark reads, kept out
    money: list[str] = field(default_factory=list)  # the rest on amounts: accounting zeros, currencies the amounts overrule
    dates: list[str] = field(default_factory=list)  # the date order the data could not settle, dates Excel swapped, undated answers
    reasons: list[str] = field(default_factory=list)  # loss reasons taken from the status, the file having no loss-reason column
    dashes: list[str] = field(default_factory=list)  # cells written as a dash, read as blank (validation.dashes_note)
    probability: list[str] = field(default_factory=list)  # the probabilities' scale (values.probabilities)
    product_lines: list[str] = field(default_factory=list)  # product lines folded into their deals
    future_created: list[str] = field(default_factory=list)  # open deals created after the day the file is read

    def ordered(self) -> list[str]:
        """Every note, part after part in the order the parts are declared."""
        return [note for part in dataclasses.fields(self) for note in getattr(self, part.name)]

    def add(self, other: ReadingNotes) -> None:
        """`other`'s notes that are not here yet, each in its part, after the part's own (a file's
        batches make some notes again: each is said once)."""
        for part in dataclasses.fields(self):
            mine: list[str] = getattr(self, part.name)
            mine.extend(note for note in dict.fromkeys(getattr(other, part.name)) if note not in mine)


def one(note: str | None) -> list[str]:
    """A part of one note, or none: ReadingNotes(dashes=one(dashes_note(...)))."""
    return [] if note is None else [note]
