"""Which earlier loads are exports of the same report as a file, for the note on the open deals a
weekly export lacks (store_effects.absent_deals).

A team that loads two reports into one store (two regions' Salesforce reports, a workbook and a
CSV) found every load of one noted as lacking the other's open deals: they were compared with every
earlier export of the same CRM. An earlier load is of the same report as a file when it is, as the
store's manifest keeps each upload:

- an opportunity export of the same source (mapping.stored_source_words: "Salesforce export");
- with the same columns: the same layout (mapping.layout_key, the set of its headers in any order),
  or plainly the same export with a column renamed, added or dropped (`alike_columns`: the same id
  column and at least MOST_SHARED of the columns the same; a CRM admin renaming "Win/Loss Reason"
  made every later export "another report", and the note on deleted open deals stopped);
- with the same file name but for its dates and numbers (`report_name`): "sf_week1.csv" and
  "sf_week2.csv", "Pipeline 30 Nov 2026.xlsx" and "Pipeline 7 Dec 2026.xlsx", Salesforce's
  "report1701234567.csv" and "report1702345678.csv";
- and, when both are workbook sheets, the same sheet, numbers and all (a workbook's sheets Q1 and
  Q2 are two parts of one table, not one report exported twice).

A file saved under another name (a weekly export saved again as "…_excel.csv") is still the report it
holds: an earlier load that is all of the above but for its name is of the same report when at least
MOST_SHARED of the file's ids are ids of deals stored from that report's loads with the same account and
deal name where both have them (`_holds_its_deals`; the stored deals are given as `deals`). It was taken
for "another report", its reassigned deals warned of as another report's and the note on deals it lacks
silent; the note now says which stored report it was taken as, and by what (`SameReport.taken_as`).
Another CRM numbering its deals alike (Pipedrive Spain and Mexico) has those ids for other deals, so is
not taken for it.

A load stored before the store kept its layout (a blank `layout`) is compared by the rest alone:
`SameReport.by_name_alone` names those files, so the note can say it could not compare their columns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping as MappingOf, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import polars as pl

from winloss.ingest.mapping import (
    SOURCES, Mapping, exported_from, header_key, headers_name, layout_key, layout_names, stored_source_words,
)

if TYPE_CHECKING:  # the pipeline reads a file's report (date_order) before it is a PreparedFile
    from winloss.ingest.pipeline import PreparedFile

# The rule, as the note says it.
RULE = (
    "This report's exports are those with the same columns (or the same ID column and most columns the same) and "
    "the same file name but for its dates and numbers (and, in a workbook, the same sheet)."
)
# The share of the columns (of the file with more) two exports with the same id column must have alike
# to be one report's whose columns changed: 3 in 4 (one renamed column of 13 leaves 12 alike).
MOST_SHARED = 0.75

_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september "
    "october november december".split()
)
_WORDS = re.compile(r"[^\W\d_]+")  # runs of letters: digits, punctuation and spaces split them


def report_name(name: str | None) -> str:
    """A file name without its folder, extension, dates and numbers, in lower case, its words joined
    by one space: "SF_Week1.csv" -> "sf week", "Pipeline 30 Nov 2026.xlsx" -> "pipeline",
    "report1701234567 (1).csv" -> "report". Blank for None."""
    if not name:
        return ""
    stem = PurePosixPath(name.replace("\\", "/")).stem
    return " ".join(w for w in _WORDS.findall(stem.casefold()) if w not in _MONTHS)


def upload_label(file_name: str, sheet: str | None) -> str:
    """An upload as a note names it: "deals.csv", "book.xlsx (sheet 'Q1')" (file text: escape it to show it)."""
    return file_name if sheet is None else f"{file_name} (sheet '{sheet}')"


def stored_columns(columns_json: str | None) -> tuple[set[str], str | None, dict[str, str]] | None:
    """A manifest row's `columns` (PreparedFile.columns_json) as (its headers folded by header_key, its id
    column folded, its field -> header as written); None for a row written before it was kept, or one
    that cannot be read as written."""
    if not columns_json:
        return None
    try:
        said = json.loads(columns_json)
    except ValueError:
        return None
    headers, fields = said.get("headers") if isinstance(said, dict) else None, said.get("fields") if isinstance(said, dict) else None
    if not isinstance(headers, list) or not isinstance(fields, dict):
        return None
    if not all(isinstance(h, str) for h in headers) or not all(isinstance(c, str) for c in fields.values()):
        return None
    key = fields.get("opportunity_id")
    return layout_names(headers), header_key(key) if key else None, {str(f): c for f, c in fields.items()}


def exported_as_now(row: MappingOf[str, Any]) -> str | None:
    """What a manifest row's export (kind, source, exported_from, columns) is named as by today's rule
    (mapping.exported_from), from the headers it kept: the rule changed since some rows were written (a Zoho
    export's "Deal Owner" named it Pipedrive's), and a later export of the same report, named by today's rule,
    is still that report's. The row's own `exported_from` where it kept no headers or its preset is not known."""
    source = row.get("source")
    said = _headers(row.get("columns"))
    if row.get("kind") != "opportunities" or said is None or source not in SOURCES:
        return row.get("exported_from")
    return source if headers_name(source, said) else "generic"


def _headers(columns_json: str | None) -> list[str] | None:
    """A manifest row's headers as written (PreparedFile.columns_json's "headers"); None when it kept none."""
    try:
        said = json.loads(columns_json) if columns_json else None
    except ValueError:
        return None
    headers = said.get("headers") if isinstance(said, dict) else None
    return headers if isinstance(headers, list) and all(isinstance(h, str) for h in headers) else None


def alike_columns(mine: tuple[set[str], str | None], theirs: tuple[set[str], str | None]) -> bool:
    """Whether two exports' columns ((headers folded, id column folded), as `stored_columns` gives them)
    are plainly one report's: the same id column, and at least MOST_SHARED of the columns of the one
    with more the same. A column renamed, added or dropped leaves them alike; another report's are not."""
    (headers, key), (other, other_key) = mine, theirs
    if key is None or key != other_key:
        return False
    return len(headers & other) >= MOST_SHARED * max(len(headers), len(other))


@dataclass(frozen=True)
class SameReport:
    """The live loads of the same report as a file: `sha256` (the files whose deals are compared:
    source_sha256), with a label per file (`labels`, upload_label, in load order) and those of them
    compared without their columns (`by_name_alone`, stored before the store kept them)."""

    sha256: tuple[str, ...]
    labels: dict[str, str]
    by_name_alone: frozenset[str]
    # Of these, the loads taken as the same report by the deals they hold, their names differing: the label of
    # the last of them, how many of the file's ids are its report's deals, and how many ids the file has.
    taken_as: tuple[str, int, int] | None = None


def taken_as_sentence(label: str, shared: int, ids: int) -> str:
    """The note on a file taken as the report of `label` (upload_label of its last load; file text: escape it to
    show it) since `shared` of its `ids` ids are that report's deals: "This file is taken as an export of the
    report of a.csv, though its name differs: 1,050 of its 1,054 ids are that report's deals, ..."."""
    return (
        f"This file is taken as an export of the report of {label}, though its name differs: {shared:,} of its "
        f"{ids:,} ids are that report's deals, with the same accounts and deal names, and it has that report's columns."
    )


@dataclass(frozen=True)
class ReportKey:
    """What tells a file's report by the module's rule, made before the file is read through
    (`report_key`), so a manifest row can be asked whether it is an export of the same report (`holds`)."""

    source: str  # stored_source_words of the file
    layout: str | None  # mapping.layout_key of its headers; None when not an export
    columns: tuple[set[str], str | None] | None  # its headers folded and its id column folded (stored_columns)
    name: str  # report_name of its file name
    sheet: str | None  # a workbook's sheet read, None for a CSV

    def holds(self, row: MappingOf[str, Any], *, by_name: bool = True) -> bool:
        """Whether `row` (a live manifest row: kind, source, exported_from, file_name, sheet, layout,
        columns) is an upload of this report: an opportunity export of the same source, with the same
        layout or alike columns (or one of them without its layout kept), the same report_name and, both
        being workbook sheets, the same sheet. `by_name` False: all of it but the name."""
        if row["kind"] != "opportunities":
            return False
        alone = row["layout"] is None or self.layout is None
        theirs = stored_columns(row["columns"])
        alike = row["layout"] == self.layout or (
            self.columns is not None and theirs is not None and alike_columns(self.columns, theirs[:2]))
        return (
            stored_source_words(row["kind"], row["source"], exported_as_now(row)) == self.source
            and (alone or alike)
            and (not by_name or report_name(row["file_name"]) == self.name)
            and (row["sheet"] is None or self.sheet is None or row["sheet"].casefold() == self.sheet.casefold())
        )


def report_key(mapping: Mapping, headers: Sequence[str], file_name: str, sheet: str | None) -> ReportKey:
    """The ReportKey of an opportunity export mapped by `mapping`, whose table has `headers`, named
    `file_name`, read from `sheet` (None for a CSV)."""
    key = mapping.fields.get("opportunity_id")
    return ReportKey(
        stored_source_words(mapping.kind, mapping.source, exported_from(mapping, headers)), layout_key(headers),
        (layout_names(headers), header_key(key) if key else None), report_name(file_name), sheet,
    )


def same_report(prepared: PreparedFile, uploads: pl.DataFrame, deals: pl.LazyFrame | None = None) -> SameReport:
    """The loads of `uploads` (live manifest rows, Store.live_uploads) of the same report as
    `prepared` (see the module). A file's bytes that hold loads of this report and of another (two
    sheets of one workbook) are left out: the deals' source file (source_sha256) cannot tell which
    load a deal came from, and a deal of the other would be noted as missing from this one.
    `deals`: the stored deals (opportunity_id, account, opportunity_name, source_sha256), by which a load
    of another name is taken as this report when the file holds its deals (`_holds_its_deals`); without
    them, loads of another name are another report's."""
    sheet = prepared.table.sheet if prepared.table is not None else None
    if prepared.table is not None and prepared.mapping is not None and prepared.kind == "opportunities":
        key = report_key(prepared.mapping, prepared.table.columns, prepared.file_name, sheet)
    else:  # not an export mapped: compared by its layout (none) and the rest alone
        key = ReportKey(stored_source_words(prepared.kind, prepared.source, prepared.exported_from), prepared.layout,
                        None, report_name(prepared.file_name), sheet)
    same: dict[str, tuple[str, bool]] = {}  # sha256 -> (label, compared by name alone), in load order
    renamed: dict[str, list[tuple[str, str]]] = {}  # report_name -> its loads (sha256, label), alike but for the name
    other: set[str] = set()
    rows = uploads.sort("store_version").select("sha256", "kind", "source", "exported_from", "file_name", "sheet", "layout", "columns")
    for row in rows.iter_rows(named=True):
        if row["kind"] != "opportunities":
            continue
        if key.holds(row):
            same[row["sha256"]] = (upload_label(row["file_name"], row["sheet"]), row["layout"] is None or key.layout is None)
        elif deals is not None and row["layout"] is not None and key.layout is not None and key.holds(row, by_name=False):
            renamed.setdefault(report_name(row["file_name"]), []).append((row["sha256"], upload_label(row["file_name"], row["sheet"])))
        else:
            other.add(row["sha256"])
    taken_as = None
    for loads in renamed.values():
        held = None if deals is None else _holds_its_deals(prepared, deals, [sha for sha, _ in loads])
        if held is None:
            other.update(sha for sha, _ in loads)
            continue
        same.update({sha: (label, False) for sha, label in loads})
        if taken_as is None or held[0] > taken_as[1]:
            taken_as = (loads[-1][1], *held)
    kept = {sha: said for sha, said in same.items() if sha not in other}
    return SameReport(
        tuple(kept), {sha: label for sha, (label, _) in kept.items()},
        frozenset(sha for sha, (_, alone) in kept.items() if alone), taken_as,
    )


def last_report_upload(prepared: PreparedFile, uploads: pl.DataFrame) -> tuple[dict[str, Any], str] | None:
    """The manifest row of the last live upload of `prepared`'s report among `uploads` (Store.live_uploads, by
    same_report, in load order), with its upload_label; None when no upload of the report is stored. What a later
    export of a report takes from the last one: its id prefix (id_prefix.report_prefix), its currency choice
    (file_currency.kept_file_currency)."""
    same = same_report(prepared, uploads)
    if not same.sha256:
        return None
    last = same.sha256[-1]  # load order: the last decides
    return uploads.filter(pl.col("sha256") == last).sort("store_version").row(-1, named=True), same.labels[last]


def _holds_its_deals(prepared: PreparedFile, deals: pl.LazyFrame, loads: list[str]) -> tuple[int, int] | None:
    """(how many of the file's ids are deals stored from `loads` (source_sha256) with the same account and deal
    name where both have them, how many ids the file has) when that is at least MOST_SHARED of them, else None."""
    theirs = (deals.filter(pl.col("source_sha256").cast(pl.String).is_in(loads))
              .select("opportunity_id", "account", "opportunity_name").collect())
    if theirs.height == 0:
        return None
    shared, ids = deals_alike(prepared, theirs)
    return (shared, ids) if ids and shared >= MOST_SHARED * ids else None


def deals_alike(prepared: PreparedFile, theirs: pl.DataFrame, prefix: str | None = None) -> tuple[int, int]:
    """(how many of the file's ids are ids of `theirs` (stored deals: opportunity_id, account, opportunity_name)
    with the same account and deal name where both have them (in lower case, trimmed), how many ids the file has).
    `prefix`: the one the file's ids were given (id_prefix), compared without it. The one rule by which a file
    is taken as the report whose deals it holds, and a prefix is said to count its deals twice. Read a part of
    the file at a time."""
    shared = ids = 0
    for part in prepared.accepted_columns(["opportunity_id", "account", "opportunity_name"]):
        mine = part.collect()
        if prefix:
            mine = mine.with_columns(pl.col("opportunity_id").str.strip_prefix(prefix))
        ids += mine.height
        both = mine.join(theirs.select("opportunity_id", "account", "opportunity_name"), on="opportunity_id", suffix="__stored")
        alike = pl.lit(True)
        for field in ("account", "opportunity_name"):
            a = pl.col(field).str.strip_chars().str.to_lowercase()
            b = pl.col(field + "__stored").str.strip_chars().str.to_lowercase()
            alike = alike & (a.is_null() | b.is_null() | (a == b))
        shared += both.filter(alike).height
    return shared, ids


__all__ = [
    "MOST_SHARED", "RULE", "ReportKey", "SameReport", "alike_columns", "report_key", "report_name", "same_report", "stored_columns",
    "deals_alike", "taken_as_sentence", "upload_label",
]
