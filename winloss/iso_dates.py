"""Dates, times and quarters as files and --json write them, one rule for all: ISO 8601.

A chart's or a deal list's CSV and the command line's --json are read by programs: a day is
"2026-10-12", a time "2026-10-12T14:05:00+00:00", a quarter "2026-Q3" ("FY2026-Q3" for a fiscal
year not starting in January) with the first and last day its figures count beside it. Pages, decks
and printed reports write words (text.day: "12 Oct 2026"; periods.quarter_name: "2026 Q3 to 1 Jul"),
which a program would have to parse back, and "1 Jul" names no year.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import polars as pl

from winloss import periods

DAY_STRFTIME: Final = "%Y-%m-%d"  # a day in a file, for a Polars date column (Expr.dt.strftime)

# The columns a frame of quarters named for a page (views.common.named_quarters) carries for its files: the
# quarter's ISO label and the first and last day its figures count (both inclusive, pl.Date).
QUARTER: Final = "quarter_iso"
QUARTER_START: Final = "quarter_start"
QUARTER_END: Final = "quarter_end"
QUARTER_COLUMNS: Final = (QUARTER, QUARTER_START, QUARTER_END)


def json_value(value: object) -> str:
    """What json.dumps writes for a value it does not know (its `default=`): a datetime or a date in ISO
    form ("2026-10-12T14:05:00+00:00", "2026-10-12"), anything else as its text. str() of a datetime
    has a space where ISO has "T"."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)


def quarter(name: str, fy_start_month: int = 1) -> str:
    """A quarter as a file names it: "2026-Q3", "FY2026-Q3" for a fiscal year that does not start in
    January, from its label ("2026 Q3", "FY2026 Q3") or any name periods.quarter_name gives it ("2026 Q3 to
    1 Jul"; "15 Aug to 20 Sep 2026" by the quarter its first day is in, of a fiscal year starting in month
    `fy_start_month`). Raises ValueError for text that names no quarter."""
    try:
        year, number = periods.parse_quarter(name)
        fiscal = name.strip().upper().startswith("FY")
    except ValueError:  # named by its days alone
        year, number = periods.quarter_of(periods.quarter_bounds(name, fy_start_month)[0], fy_start_month)
        fiscal = fy_start_month != 1
    return f"{'FY' if fiscal else ''}{year}-Q{number}"


def for_files(frame: pl.DataFrame) -> pl.DataFrame:
    """A page's frame as a file writes it: its `quarter` (the page's words) replaced by QUARTER ("2026-Q3"),
    with QUARTER_START and QUARTER_END right after it (views.common.named_quarters gives them); a frame
    of whole quarters' labels alone ("2026 Q3") with each as its file names it ("2026-Q3"). A frame without
    quarters is returned as it is.

    Raises ValueError for a quarter named by its days ("2026 Q3 to 1 Jul") without QUARTER_COLUMNS: its
    file would name it in words."""
    if "quarter" not in frame.columns:
        return frame
    others = [c for c in frame.columns if c not in ("quarter", *QUARTER_COLUMNS)]
    if set(QUARTER_COLUMNS) <= set(frame.columns):
        return frame.select(pl.col(QUARTER).alias("quarter"), QUARTER_START, QUARTER_END, *others)
    labels = frame.get_column("quarter").drop_nulls().unique().to_list()
    cut = [label for label in labels if periods.name_parts(label)[1]]
    if cut:
        raise ValueError(f"A file's quarter '{cut[0]}' is named in words, without the days it counts "
                         "(views.common.named_quarters gives them).")
    written = {label: quarter(label) for label in labels}
    return frame.with_columns(pl.col("quarter").replace_strict(written, default=None, return_dtype=pl.String))
