"""A report's subtotal lines among its deals: "Ann Lee Total", "Summe Ann Lee", "Gesamt", "Grand Total".

Excel's Data > Subtotal, a pivot table laid out as a table, and a CRM's summary report write a line after
each group of rows whose only text is the group's name and a total word, and whose numbers are the sums
of the group's rows. Such a line is no deal: read as one, it was quarantined with a blank stage, or,
the stage filled down from a merged cell, counted as a deal of the group's whole value. The totals above
and below a table are found by table.leading_totals and the footer rules; these are the ones between deals.

A line is a subtotal only when both hold: its filled cells are one label (a total, average or count word alone,
or with a name before or after it: table's words) and numbers only (table.is_sum), and it gives the deals right
above it, back to the table's start or to an earlier subtotal line (nested groups: a region's total after its
reps' totals), at least one: one of its numbers is the sum of its column over them, or, its label an average
word, their mean ("Average"), or, a count word, their count ("Ann Lee Count 3"). A deal whose name holds "Total"
or "Average" ("Total Logistics renewal", "Average Joe's Diner") has its stage and id beside it: more than one
text, so it stays a deal.

A column is summed when its first filled cell is an amount ("1200.5", "1.234,56 €", "$1,234.50"): its cells are read
by the amount parser the file's amounts are read with (winloss.ingest.values), under the decimal mark the column's
amounts show by their shape ("1.500" is 1,500 beside "250,50"), either while none has. The rows are looked at a
frame at a time, in file order (a CSV read in batches, or a whole table in one frame), so either reading finds the
same lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl
import polars.selectors as cs

from winloss.ingest.values import COMMA, POINT, amount_shapes, read_with
from winloss.io.table import AVERAGE_WORDS, COUNT_WORDS, LINE, TOTAL_WORDS, WHITESPACE, is_sum, shortened_cell

_WORDS = rf"(?:{TOTAL_WORDS}|{COUNT_WORDS})"
# A total, average or count word alone, or with a group's name before or after it ("Ann Lee Total", "Summe Ann Lee",
# "Total: East", "Ann Lee Count", "Average").
_LABEL = re.compile(rf"^(?:{_WORDS}(?:[\s:\u2013-]+.+)?|.+?[\s:\u2013-]+{_WORDS})$", re.IGNORECASE)
_AVERAGE = re.compile(rf"(?<!\w)(?:{AVERAGE_WORDS})(?!\w)", re.IGNORECASE)
_COUNT = re.compile(rf"(?<!\w)(?:{COUNT_WORDS})(?!\w)", re.IGNORECASE)
# The cheap look a frame's cells get before any row is looked at closely (the words _LABEL is built on).
_WORD_SEEN = (r"(?i)total|totaal|totaux|totais|totali|summe|gesamt|ergebnis|\bsum\b|average|avg|mean|durchschnitt"
              r"|mittelwert|moyenne|promedio|m[eé]dia|gemiddeld|count|anzahl|recuento|contagem|conteggio|aantal")
_WHOLE_NUMBER = r"^[0-9]+$"
# Distinct texts of the summed columns counted and not yet read into the sums, at most (about 50 MB of texts):
# past it they are read, so a file of ever new amounts keeps its memory bounded.
PENDING_TEXTS = 1_000_000
Key = tuple[str, str]  # (a summed column, the decimal mark its amounts are read with: values.POINT or values.COMMA)


class SubtotalLines:
    """Finds the subtotal lines of one table's rows, fed its frames in file order (`kept`)."""

    def __init__(self) -> None:
        self._summed: dict[str, bool] = {}  # column -> whether it is summed, decided at its first filled cell
        self._marks: dict[str, set[str]] = {}  # summed column -> the decimal marks its amounts' own shapes have shown
        self._totals: dict[Key, float] = {}  # the sum of each summed column's deals so far, under each reading
        self._deals = 0  # deals so far
        # key -> (its sum at the table's start and after each subtotal line, rounded to cents) -> deals then
        self._starts: dict[Key, dict[int, int]] = {}
        self._group_starts: set[int] = {0}  # the deals so far at the table's start and after each subtotal line
        # Summed column -> how often each of its distinct texts came in the deals counted since the sums were
        # last read ("text", "times"), one frame per frame fed: read into _totals and _marks (_settle) only when
        # a line labelled as a subtotal needs them, as most files have none.
        self._pending: dict[str, list[pl.DataFrame]] = {}
        self._pending_texts = 0
        self.lines: list[tuple[int, str]] = []  # each subtotal line found and its label, in file order

    def kept(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` (a table's rows: "__line", then its text columns) without its subtotal lines, which are
        added to `lines`. Costs a count of each row's filled cells, and the amount parser's reading of each distinct
        text of a summed column, under either decimal mark, and its sum (each row's own number only in a frame that
        holds a line labelled as a subtotal)."""
        columns = [c for c in frame.columns if c != LINE]
        if frame.height == 0 or not columns:
            return frame
        original, frame = frame, frame.with_columns(_columns(columns).cast(pl.String))  # a column of nulls alone may not be text
        self._decide_summed(frame, columns)
        width = len(columns)
        filled = frame.select(pl.sum_horizontal(_columns(columns).is_not_null())).to_series()
        # A subtotal line fills its label and a few sums: at most half the row, and at least two cells.
        few = frame.filter((filled >= 2) & (filled <= max(2, width // 2)))
        if few.height:
            few = few.filter(pl.any_horizontal(_columns(columns).str.contains(_WORD_SEEN).fill_null(False)))
        candidates = [(i, row) for i, row in zip(few.get_column(LINE).to_list(), few.select(_columns(columns)).rows(), strict=True)
                      if _label(row) is not None]
        if not candidates:
            self._add_distinct(frame)
            return original
        self._settle()
        numbers, keys = self._numbers(frame)
        dropped: list[int] = []
        done = 0  # rows of `numbers` already added
        lines = numbers.get_column(LINE).to_list()
        for line, row in candidates:
            at = lines.index(line, done)
            self._add(numbers.slice(done, at - done), keys)
            done = at + 1
            label = _label(row)
            read = dict(zip(keys, numbers.row(at)[1:], strict=True))
            if label is not None and self._sums_above(label, dict(zip(columns, row, strict=True)), read):
                dropped.append(line)
                self.lines.append((line, label))
                self._mark_start(keys)
            else:
                self._add(numbers.slice(at, 1), keys)
        self._add(numbers.slice(done), keys)
        return original.filter(~pl.col(LINE).is_in(dropped)) if dropped else original

    def _decide_summed(self, frame: pl.DataFrame, columns: Sequence[str]) -> None:
        """Decide, for each column not decided yet that has a filled cell here, whether it is summed: whether that
        cell is an amount ("1500", "1.234,56 €", "$1,234.50")."""
        open_ = [c for c in columns if c not in self._summed]
        if not open_:
            return
        first = frame.select(_columns(open_).drop_nulls().first()).row(0)
        found = {column: cell for column, cell in zip(open_, first, strict=True) if cell is not None}
        if not found:
            return
        amounts = amount_shapes(pl.Series(list(found.values()), dtype=pl.String)).get_column("valid").to_list()
        for (column, cell), amount in zip(found.items(), amounts, strict=True):
            self._summed[column] = bool(amount) and is_sum(cell.strip(WHITESPACE))
            if self._summed[column]:
                self._marks[column] = set()
                for mark in (POINT, COMMA):
                    self._starts[(column, mark)] = {0: 0}

    def _numbers(self, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Key]]:
        """("__line" and a Float64 column per key: each summed column's amounts read by the amount parser under either
        decimal mark; the keys, in the frame's order). Each distinct text is parsed once. The marks a column's amounts
        show by their shape ("1.234,56" a comma) are noted: they settle which reading its sums are compared under."""
        keys: list[Key] = []
        read: list[pl.Series] = []
        for column in [c for c in frame.columns if self._summed.get(c)]:
            cells = frame.get_column(column)
            texts = cells.drop_nulls().unique()
            shapes = amount_shapes(texts)
            self._marks[column].update(shapes.get_column("says").drop_nulls().unique().to_list())
            for mark in (POINT, COMMA):
                keys.append((column, mark))
                amounts = read_with(shapes, mark).get_column("value")
                read.append(cells.replace_strict(texts, amounts, default=None, return_dtype=pl.Float64))
        numbers = pl.DataFrame([frame.get_column(LINE), *(values.alias(f"{i}") for i, values in enumerate(read))])
        return numbers, keys

    def _add_distinct(self, frame: pl.DataFrame) -> None:
        """Count every row of `frame` as a deal, and how often each distinct text of its summed columns comes: a
        frame without a subtotal line needs no row's own number (reading every row's, as _numbers does, cost 0.15 s
        of CPU per 1M rows of a CRM export that has none), and the texts are read into the sums only when a later
        line may be a subtotal (_settle; reading each frame's as it came cost 0.12 s more per 1M rows)."""
        self._deals += frame.height
        for column in [c for c in frame.columns if self._summed.get(c)]:
            counted = frame.get_column(column).drop_nulls().value_counts(name="times")
            self._pending.setdefault(column, []).append(pl.DataFrame({"text": counted.to_series(0), "times": counted.to_series(1)}))
            self._pending_texts += counted.height
        if self._pending_texts > PENDING_TEXTS:
            self._settle()

    def _settle(self) -> None:
        """Read the texts counted by _add_distinct into the sums under either decimal mark, and note the marks their
        shapes show: each distinct text read once by the amount parser, weighed by how often it came."""
        for column, frames in self._pending.items():
            counted = pl.concat(frames).group_by("text", maintain_order=True).agg(pl.col("times").sum())
            shapes = amount_shapes(counted.get_column("text"))
            self._marks[column].update(shapes.get_column("says").drop_nulls().unique().to_list())
            times = counted.get_column("times")
            for mark in (POINT, COMMA):
                total = float((read_with(shapes, mark).get_column("value") * times).sum() or 0.0)
                self._totals[(column, mark)] = self._totals.get((column, mark), 0.0) + total
        self._pending.clear()
        self._pending_texts = 0

    def _add(self, numbers: pl.DataFrame, keys: Sequence[Key]) -> None:
        """Count the rows of `numbers` (_numbers) as deals, their summed columns added to the totals."""
        self._deals += numbers.height
        if not keys or numbers.height == 0:
            return
        sums = numbers.select(pl.exclude(LINE).sum()).row(0)
        for key, total in zip(keys, sums, strict=True):
            self._totals[key] = self._totals.get(key, 0.0) + (total or 0.0)

    def _sums_above(self, label: str, cells: dict[str, str | None], read: dict[Key, float | None]) -> bool:
        """Whether the line labelled `label` (`cells`: column -> its text; `read`: key -> its number) gives the deals
        right above it, back to the table's start or to an earlier subtotal line, at least one deal: their count
        (a count word: "Ann Lee Count 3", in any column), their mean (an average word) or a column's sum."""
        kind = _kind(label)
        if kind == "count":
            counts = [int(text) for text in cells.values() if text is not None and re.match(_WHOLE_NUMBER, text.strip(WHITESPACE))]
            return any(0 < self._deals - start == count for count in counts for start in self._group_starts)
        mean = kind == "average"
        for key, value in read.items():
            column, mark = key
            if value is None or cells.get(column) is None or not self._readable(column, mark):
                continue
            total, starts = self._totals.get(key, 0.0), self._starts[key]
            if mean:
                if any(deals < self._deals and abs((total - cents / 100) / (self._deals - deals) - value) <= 0.0051
                       for cents, deals in starts.items()):
                    return True
                continue
            # The sums are kept in cents; a cent either side allows for the floats they are added as.
            before = round((total - value) * 100)
            if any(starts.get(cents, self._deals) < self._deals for cents in (before, before - 1, before + 1)):
                return True
        return False

    def _readable(self, column: str, mark: str) -> bool:
        """Whether an amount column's sums may be compared under `mark`: its amounts have shown that mark by their shape,
        or none has. Where they show both, an amount such as "1.500" is read as neither (values.decimal_mark_of), so
        its sums are compared under neither: its lines stay rows."""
        shown = self._marks[column]
        return not shown or shown == {mark}

    def _mark_start(self, keys: Sequence[Key]) -> None:
        """The rows after a subtotal line start a group: its sums so far are a start another line may sum from."""
        for key in keys:
            self._starts[key][round(self._totals.get(key, 0.0) * 100)] = self._deals
        self._group_starts.add(self._deals)


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
    quarantined)." ("count" or "average" for lines whose labels say so). Cell text is quoted as it came, cut at
    60 characters (plain text: each page escapes it)."""
    if not lines:
        return None
    numbers = [str(line) for line, _ in lines[:5]]
    listed = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    listed += " …" if len(lines) > 5 else ""
    quoted = ", ".join(f"'{shortened_cell(label)}'" for _, label in lines[:3]) + (", …" if len(lines) > 3 else "")
    kinds = sorted({_kind(label) for _, label in lines}, key=["sum", "count", "average"].index)
    if len(lines) == 1:
        return (f"Line {listed} ({quoted}) {kinds[0]}s the deals before it and was not read as a deal; it is not "
                "counted in the rows read (accepted + quarantined).")
    verbs = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
    return (f"{len(lines):,} lines ({listed}: {quoted}) each {verbs} the deals before them and were not read as "
            "deals; they are not counted in the rows read (accepted + quarantined).")


def _kind(label: str) -> str:
    """What a subtotal line's label says it gives of the deals above it: "count", "average" or "sum"."""
    return "count" if _COUNT.search(label) else "average" if _AVERAGE.search(label) else "sum"
