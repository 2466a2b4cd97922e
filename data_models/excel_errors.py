"""Excel's error values: what a formula that failed leaves in its cell, and a CSV saved from Excel
writes as text ("#N/A" from a lookup that found nothing). Kept apart from the Pandera models, so
that the pages can tell them without importing Pandera."""

from __future__ import annotations

import polars as pl

_EXCEL_ERROR = r"(?i)^#(?:N/A|VALUE!|REF!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$"


def excel_error(text: pl.Expr) -> pl.Expr:
    """Whether a cell's text is one of Excel's error values ("#N/A", "#REF!", "#DIV/0!"...): Boolean,
    null for a null cell."""
    return text.str.contains(_EXCEL_ERROR)
