"""A report's subtotal lines among its deals: "Ann Lee Total", "Summe Ann Lee", "Gesamt", "Grand Total".

Excel's Data > Subtotal, a pivot table laid out as a table, and a CRM's summary report write a line after
each group of rows whose only text is the group's name and a total word, and whose numbers are the sums
of the group's rows. Such a line is no deal: read as one, it was quarantined with a blank stage, or,
the stage filled down from a merged cell, counted as a deal of the group's whole value. The totals above
and below a table are found by table.leading_totals and the footer rules; these are the ones between deals.

A line is a subtotal only when both hold: its filled cells are one label (a total word alone, or with a
name before or after it: table's total words) and numbers only (table._TOTAL_VALUE), and one of those
numbers is the sum of its column over the deals right above it, back to the table's start or to an
earlier subtotal line (nested groups: a region's total after its reps' totals). A deal whose name holds
"Total" ("Total Logistics renewal") has its stage and id beside it: more than one text, so it stays a deal.

Only columns whose first filled cell is a number written as a workbook's reader or a CRM's CSV writes one
(`1234.5`) are summed; amounts written with grouping or a currency (`1,234.56 €`) are not, and their
subtotal lines stay rows, quarantined as before. The rows are looked at a frame at a time, in file order
(a CSV read in batches, or a whole table in one frame), so either reading finds the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl
import polars.selectors as cs

from winloss.io.table import LINE, TOTAL_WORDS, WHITESPACE, is_sum, named, shortened_cell

# A total word alone, or with a group's name before or after it ("Ann Lee Total", "Summe Ann Lee", "Total: East").
_LABEL = re.compile(rf"^(?:{TOTAL_WORDS}(?:[\s:\u2013-]+.+)?|.+?[\s:\u2013-]+{TOTAL_WORDS})$", re.IGNORECASE)
# The cheap look a frame's cells get before any row is looked at closely (the words _LABEL is built on).
_WORD_SEEN = r"(?i)total|totaal|totaux|totais|totali|summe|gesamt|ergebnis|\bsum\b|average|mittelwert|moyenne|promedio"
_PLAIN_NUMBER = r"^-?[0-9]+(?:\.[0-9]+)?$"


class SubtotalLines:
    """Finds the subtotal lines of one table's rows, fed its frames in file order (`kept`)."""

    def __init__(self) -> None:
        self._summed: dict[str, bool] = {}  # column -> whether it is summed, decided at its first filled cell
        self._totals: dict[str, float] = {}  # column -> the sum of its deals so far
        self._deals = 0  # deals so far
        # column -> (its sum at the table's start and after each subtotal line, rounded to cents) -> deals then
        self._starts: dict[str, dict[int, int]] = {}
        self.lines: list[tuple[int, str]] = []  # each subtotal line found and its label, in file order

    def kept(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` (a table's rows: "__line", then its text columns) without its subtotal lines, which are
        added to `lines`. Costs a count of each row's filled cells, and a sum of each summed column."""
        columns = [c for c in frame.columns if c != LINE]
        if frame.height == 0 or not columns:
            return frame
        original, frame = frame, frame.with_columns(_columns(columns).cast(pl.String))  # a column of nulls alone may not be text
        self._decide_summed(frame, columns)
        summed = [c for c in columns if self._summed.get(c)]
        width = len(columns)
        filled = frame.select(pl.sum_horizontal(_columns(columns).is_not_null())).to_series()
        # A subtotal line fills its label and a few sums: at most half the row, and at least two cells.
        few = frame.filter((filled >= 2) & (filled <= max(2, width // 2)))
        if few.height:
            few = few.filter(pl.any_horizontal(_columns(columns).str.contains(_WORD_SEEN).fill_null(False)))
        candidates = [(i, row) for i, row in zip(few.get_column(LINE).to_list(), few.select(_columns(columns)).rows(), strict=True)
                      if _label(row) is not None]
        if not candidates:
            self._add(frame, summed)
            return original
        numbers = frame.select(LINE, *(named(c).cast(pl.Float64, strict=False) for c in summed))
        dropped: list[int] = []
        done = 0  # rows of `numbers` already added
        lines = numbers.get_column(LINE).to_list()
        for line, row in candidates:
            at = lines.index(line, done)
            self._add(numbers.slice(done, at - done), summed, cast=False)
            done = at + 1
            label = _label(row)
            if label is not None and self._sums_above(dict(zip(columns, row, strict=True)), summed):
                dropped.append(line)
                self.lines.append((line, label))
                self._mark_start(summed)
            else:
                self._add(numbers.slice(at, 1), summed, cast=False)
        self._add(numbers.slice(done), summed, cast=False)
        return original.filter(~pl.col(LINE).is_in(dropped)) if dropped else original

    def _decide_summed(self, frame: pl.DataFrame, columns: Sequence[str]) -> None:
        """Decide, for each column not decided yet that has a filled cell here, whether it is summed."""
        open_ = [c for c in columns if c not in self._summed]
        if not open_:
            return
        first = frame.select(_columns(open_).drop_nulls().first()).row(0)
        for column, cell in zip(open_, first, strict=True):
            if cell is not None:
                self._summed[column] = re.match(_PLAIN_NUMBER, cell) is not None
                if self._summed[column]:
                    self._starts[column] = {0: 0}

    def _add(self, rows: pl.DataFrame, summed: Sequence[str], cast: bool = True) -> None:
        """Count `rows` as deals, their summed columns added to the totals."""
        self._deals += rows.height
        if not summed or rows.height == 0:
            return
        sums = rows.select((named(c).cast(pl.Float64, strict=False) if cast else named(c)).sum() for c in summed).row(0)
        for column, total in zip(summed, sums, strict=True):
            self._totals[column] = self._totals.get(column, 0.0) + (total or 0.0)

    def _sums_above(self, cells: dict[str, str | None], summed: Sequence[str]) -> bool:
        """Whether a number of the line (`cells`: column -> its text) is its column's sum over the deals right
        above it, back to the table's start or to an earlier subtotal line, at least one deal."""
        for column in summed:
            text = cells.get(column)
            if text is None or re.match(_PLAIN_NUMBER, text) is None:
                continue
            # The sums are kept in cents; a cent either side allows for the floats they are added as.
            before = round((self._totals.get(column, 0.0) - float(text)) * 100)
            starts = self._starts[column]
            if any(starts.get(key, self._deals) < self._deals for key in (before, before - 1, before + 1)):
                return True
        return False

    def _mark_start(self, summed: Sequence[str]) -> None:
        """The rows after a subtotal line start a group: its sums so far are a start another line may sum from."""
        for column in summed:
            self._starts[column][round(self._totals.get(column, 0.0) * 100)] = self._deals


def _columns(names: Sequence[str]) -> pl.Expr:
    """The columns called exactly `names` (a file's header may be "*" or "^a.*$": table.named)."""
    return cs.by_name(*names).as_expr()


def _label(cells: Sequence[str | None]) -> str | None:
    """The label of a line shaped as a subtotal (one label, every other filled cell a number), else None."""
    filled = [c.strip(WHITESPACE) for c in cells if c and c.strip(WHITESPACE)]
    texts = [c for c in filled if not is_sum(c)]
    if len(texts) != 1 or len(filled) < 2 or not _LABEL.match(texts[0]):
        return None
    return texts[0]


def subtotal_lines_note(lines: Sequence[tuple[int, str]]) -> str | None:
    """The file report's sentence on the subtotal lines left out (`lines`: each line and its label, in
    order), or None when there are none: "2 lines (5 and 9: 'Ann Lee Total', 'Ben Okafor Total') each
    sum the deals before them and were not read as deals; they are not counted in the rows read (accepted +
    quarantined)." Cell text is quoted as it came, cut at 60 characters (plain text: each page escapes it)."""
    if not lines:
        return None
    numbers = [str(line) for line, _ in lines[:5]]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    listed += " …" if len(lines) > 5 else ""
    quoted = ", ".join(f"'{shortened_cell(label)}'" for _, label in lines[:3]) + (", …" if len(lines) > 3 else "")
    if len(lines) == 1:
        return (f"Line {listed} ({quoted}) sums the deals before it and was not read as a deal; it is not "
                "counted in the rows read (accepted + quarantined).")
    return (f"{len(lines):,} lines ({listed}: {quoted}) each sum the deals before them and were not read as "
            "deals; they are not counted in the rows read (accepted + quarantined).")
