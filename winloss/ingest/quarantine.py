"""Rejected rows as a CSV a sales ops person can open in Excel without running a formula."""

from __future__ import annotations

import io
import re

import polars as pl

from winloss.ingest.values import CHOOSE_DATE_ORDER_FIX
from winloss.io.csv_rows import CLOSE_THE_QUOTE
from winloss.io.table import named


def nothing_stored(rows_read: int, first_problem: str | None) -> str:
    """The sentence for a file none of whose rows can be stored: how many, the first problem, what to do
    (first the date order, when the first problem says the other day/month order would put it right)."""
    rows = "The file's one row could not be stored" if rows_read == 1 else f"None of the {rows_read:,} rows could be stored"
    check = "Check the column mapping and the export, then upload again."
    if first_problem is not None and CHOOSE_DATE_ORDER_FIX in first_problem:
        check = "Choose the date order first; if that is not it, check the column mapping and the export, then upload again."
    elif first_problem is not None and CLOSE_THE_QUOTE in first_problem:
        check = "Upload it again once that is mended."  # the problem says what to mend
    return f"{rows} (the first problem: {first_problem}) {check}"

# The report's own columns, worded so that a fixed report uploaded again is not mistaken for
# data: a column called "reason" would otherwise be read as the deals' loss reason.
REPORT_LINE = "Line in your file"
REPORT_REASON = "Why it was not stored"
REPORT_RAW = "Row as it came"
REPORT_COLUMNS = (REPORT_LINE, REPORT_REASON, REPORT_RAW)

# A cell Excel would read as a formula (or a DDE payload). Plain numbers like -12.5 stay numbers.
_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?$"


def excel_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """Every string cell that Excel would run as a formula prefixed with an apostrophe."""
    return frame.with_columns(
        pl.when(named(c).str.contains(_FORMULA_START) & ~named(c).str.contains(_PLAIN_NUMBER))
        .then(pl.lit("'") + named(c))
        .otherwise(named(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def excel_safe_name(name: str) -> str:
    """A column name as excel_safe writes a cell: prefixed with an apostrophe when Excel would run it."""
    if re.match(_FORMULA_START, name) and not re.match(_PLAIN_NUMBER, name):
        return "'" + name
    return name


def unguarded(frame: pl.DataFrame) -> pl.DataFrame:
    """`excel_safe` undone: the apostrophe it put before a formula-like cell removed, and nothing else.

    Only a cell that `excel_safe` would have guarded once its apostrophe is gone loses it, so an
    apostrophe a user typed before a name or a number stays.
    """
    guarded = "^'" + _FORMULA_START.removeprefix("^")
    return frame.with_columns(
        pl.when(named(c).str.contains(guarded) & ~named(c).str.slice(1).str.contains(_PLAIN_NUMBER))
        .then(named(c).str.slice(1).str.strip_chars())
        .otherwise(named(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String and c != "__line"
    )


def is_report(columns: list[str]) -> bool:
    """True for a quarantine report this product wrote (fixed or not), judged by its own columns."""
    return REPORT_LINE in columns and REPORT_REASON in columns


def report_as_export(frame: pl.DataFrame) -> pl.DataFrame:
    """A quarantine report read back as the export it came from: its own columns dropped, guards removed.

    The report's line and reason describe the earlier upload; this upload gets its own, so keeping
    them would give the next report two columns of each name.
    """
    frame = unguarded(frame.drop([c for c in REPORT_COLUMNS if c in frame.columns]))
    renamed = {c: c[1:] for c in frame.columns if c.startswith("'") and excel_safe_name(c[1:]) == c}
    if set(renamed.values()) & set(frame.columns):  # both spellings present: keep the columns as they are
        return frame
    return frame.rename(renamed)


def excel_safe_csv(frame: pl.DataFrame, separator: str = ",") -> bytes:
    """CSV bytes (UTF-8 with BOM, so Excel reads accents right) of an Excel-safe frame, header row
    included, fields split by `separator`."""
    buffer = io.BytesIO()
    safe = excel_safe(frame.with_columns(named(c).cast(pl.String) for c in frame.columns))
    # A header cell is a cell too: a column named "=HYPERLINK(...)" in the export must not run.
    names: list[str] = []
    for name in (excel_safe_name(c) for c in safe.columns):
        unique, n = name, 1
        while unique in names:  # "=a" made "'=a" must not collide with a column already called "'=a"
            n += 1
            unique = f"{name} ({n})"
        names.append(unique)
    safe.columns = names
    safe.write_csv(buffer, separator=separator)
    return b"\xef\xbb\xbf" + buffer.getvalue()


def quarantine_rows(
    table: pl.DataFrame, errors: pl.DataFrame, ragged: pl.DataFrame, dashes: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The rejected rows as they came, with `line` and `reason` first (reasons of one row, each a
    sentence, joined by a space: "…must be 0 or more.; Amount…" read as a typo).

    `dashes`: the table's cells written as a dash (RawTable.dashes), which `table` holds as blank:
    each is written as the file wrote it ("-"), so the user finds their cell again.
    """
    if errors.height == 0 and ragged.height == 0:  # the common case: skip a join over every row
        return pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, **{c: pl.String for c in table.columns if c != "__line"}})
    reasons = errors.group_by("line").agg(pl.col("message").unique(maintain_order=True).str.join(" ").alias("reason"))
    joined = table.join(reasons, left_on="__line", right_on="line", how="inner").rename({"__line": "line"})
    # The file's columns taken as Series: a header such as "*" or "^a.*$" would be a pattern to pl.col.
    rows = pl.DataFrame([joined.get_column(c) for c in ("line", "reason", *[c for c in table.columns if c != "__line"])])
    if dashes is not None and dashes.height:
        rows = _dashes_written(rows, dashes)
    if ragged.height:
        extra = ragged.select(pl.col("__line").alias("line"), pl.col("message").alias("reason"), pl.col("raw").alias("raw line"))
        rows = pl.concat([rows, extra], how="diagonal")
    return rows.sort("line")


def _dashes_written(rows: pl.DataFrame, dashes: pl.DataFrame) -> pl.DataFrame:
    """Quarantine rows (`line` first) with each cell the file wrote as a dash (`dashes`: DASH_SCHEMA)
    holding that dash again instead of null."""
    mine = dashes.join(rows.select(pl.col("line").alias("__line")), on="__line", how="semi")
    line = rows.get_column("line").to_frame()
    for (column,), cells in mine.group_by("column"):
        if column not in rows.columns:
            continue
        # Columns are taken by name as Series: a header such as "*" or "^a$" would be a pattern to pl.col.
        dash = line.join(
            cells.select(pl.col("__line").alias("line"), "text"), on="line", how="left", maintain_order="left"
        ).get_column("text")
        written = rows.get_column(column)
        rows = rows.with_columns(written.zip_with(dash.is_null(), dash).alias(column))
    return rows


def report_csv(rows: pl.DataFrame, delimiter: str | None = None) -> bytes:
    """The quarantine report a user downloads: rejected rows as they came, line and reason first.

    Split by ';' when the file was (`delimiter`): Excel in a decimal-comma locale splits a CSV on
    ';' and opened a comma-separated report in one column; by ',' otherwise.
    """
    names = {"line": REPORT_LINE, "reason": REPORT_REASON, "raw line": REPORT_RAW}
    return excel_safe_csv(rows.rename({k: v for k, v in names.items() if k in rows.columns}), ";" if delimiter == ";" else ",")


def stored_quarantine(rows: pl.DataFrame) -> pl.DataFrame:
    """Quarantine rows as the store keeps them: line, reason and the row as JSON."""
    if rows.height == 0:
        return pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String})
    payload = rows.drop("line", "reason")
    return pl.DataFrame(
        {
            "line": rows.get_column("line"),
            "reason": rows.get_column("reason"),
            "row_json": payload.select(pl.struct(pl.all()).struct.json_encode()).to_series(),
        }
    )
