"""Fiscal quarters: labels, bounds, date-range presets, as plain functions and Polars expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

import polars as pl

from winloss.text import day_range

PRESETS: Final = (
    "this_quarter",
    "last_quarter",
    "quarter_to_date",
    "last_4_quarters",
    "year_to_date",
    "all",
)
PRESET_LABELS: Final = {
    "this_quarter": "This quarter",
    "last_quarter": "Last quarter",
    "quarter_to_date": "Quarter to date",
    "last_4_quarters": "Last 4 complete quarters",
    "year_to_date": "Year to date",
    "all": "All time",
}

TO_DATE: Final = "to date"  # after the name of a quarter not over at the data's as-of day: "2026 Q4 to date"
TO_THE_SAME_DAY: Final = "to the same day"  # after a quarter compared with one to date, cut to as many days

FROM: Final = "from"  # before the day a range's start cuts a quarter at: "2026 Q3 from 15 Aug"

# After the name of a compared window (comparison_windows) that the range's first day falls in: its deals
# are counted in the change but only some of them are in the range the page shows, so it must not pass for
# the range's own part of that quarter ("2026 Q3 from 15 Aug" on the chart against "2026 Q3 to the same
# day (partly before the range)", 1 Jul to 3 Sep, in the tiles). A window wholly before the range keeps its
# name: the range shows none of that quarter, yet its deals are all counted, so an empty one has none.
PARTLY_BEFORE_RANGE: Final = "(partly before the range)"
_MARK: Final = re.compile(r"^(.*?\S)\s+(\(partly before the range\))\s*$")

# What may follow a quarter's label in its name (quarter_name, comparison_windows): TO_DATE, TO_THE_SAME_DAY,
# the day a range's end cuts it at ("to 1 Jul") or the day its start cuts it at ("from 15 Aug"). A quarter
# cut at both ends is named by its days alone ("15 Aug to 20 Sep 2026", _DAYS). A chart's axis names a
# quarter so, and a click on it gives that name back: it is still that quarter (quarter_bounds reads it).
_DAY: Final = r"\d{1,2} [A-Za-z]{3}"
_CUT: Final = rf"(?:to (?:date|the same day|{_DAY})|from {_DAY})"
_LABEL: Final = re.compile(rf"^\s*(FY)?\s*(\d{{4}})\s*-?\s*Q([1-4])(?:\s+{_CUT})?\s*$", re.IGNORECASE)
_NAME: Final = re.compile(rf"^(.*?\S)\s+({_CUT})$", re.IGNORECASE)
_DAYS: Final = re.compile(rf"^\s*({_DAY})(?: (\d{{4}}))? to ({_DAY} \d{{4}})\s*$")

Quarter = tuple[int, int]
"""(fiscal year, quarter 1-4)."""


def _check_month(fy_start_month: int) -> None:
    if not 1 <= fy_start_month <= 12:
        raise ValueError(f"The fiscal year start month must be 1-12, not {fy_start_month}.")


def quarter_of(day: date, fy_start_month: int = 1) -> Quarter:
    """The (fiscal year, quarter) a day falls in; the fiscal year is named by the year it ends."""
    _check_month(fy_start_month)
    fiscal_year = day.year + (1 if fy_start_month != 1 and day.month >= fy_start_month else 0)
    return fiscal_year, (day.month - fy_start_month) % 12 // 3 + 1


def format_quarter(quarter: Quarter, fy_start_month: int = 1) -> str:
    """The label of a (fiscal year, quarter): "2025 Q3" for a January start, else "FY2025 Q3"."""
    prefix = "" if fy_start_month == 1 else "FY"
    return f"{prefix}{quarter[0]} Q{quarter[1]}"


def quarter_label(day: date, fy_start_month: int = 1) -> str:
    """The label of the quarter a day falls in: "FY2025 Q3", or "2025 Q3" for a January start.

    A fiscal year is named by the calendar year in which it ends, as most companies do: with a
    July start, 1 Jul 2024 - 30 Jun 2025 is FY2025, so 15 Aug 2024 is "FY2025 Q1".
    """
    return format_quarter(quarter_of(day, fy_start_month), fy_start_month)


def parse_quarter(label: str | Quarter) -> Quarter:
    """(fiscal year, quarter) from "FY2025 Q3", "2025 Q3", "2025-Q3" or a (year, q) tuple."""
    if isinstance(label, tuple):
        year, q = label
        if not 1 <= q <= 4:
            raise ValueError(f"A quarter is 1-4, not {q}.")
        return int(year), int(q)
    match = _LABEL.match(unmarked(label))
    if match is None:
        raise ValueError(f'"{label}" is not a quarter label like "2025 Q3" or "FY2025 Q3".')
    return int(match.group(2)), int(match.group(3))


def _split_mark(name: str) -> tuple[str, str]:
    """(the name, its mark) of a compared window's name: ("2026 Q3 to the same day", "(partly before the
    range)"); (name, "") for a name with no mark."""
    match = _MARK.match(name)
    return (match.group(1), match.group(2)) if match else (name, "")


def unmarked(name: str) -> str:
    """A compared window's name without its mark of reaching before the range (PARTLY_BEFORE_RANGE):
    "2026 Q3 to the same day"."""
    return _split_mark(name)[0]


def _relabel(label: str, quarter: Quarter) -> str:
    """A label for `quarter` written the way `label` was (with or without the FY prefix)."""
    prefix = "FY" if label.strip().upper().startswith("FY") else ""
    return f"{prefix}{quarter[0]} Q{quarter[1]}"


def _shift(quarter: Quarter, quarters: int) -> Quarter:
    index = quarter[0] * 4 + quarter[1] - 1 + quarters
    return index // 4, index % 4 + 1


def previous_quarter(label: str) -> str:
    """The quarter before, in the same style: "FY2025 Q1" -> "FY2024 Q4"."""
    return _relabel(label, _shift(parse_quarter(label), -1))


def next_quarter(label: str) -> str:
    """The quarter after, in the same style: "2024 Q4" -> "2025 Q1"."""
    return _relabel(label, _shift(parse_quarter(label), 1))


def quarters_between(start: date, end: date, fy_start_month: int = 1) -> list[str]:
    """The labels of the quarters from `start`'s to `end`'s, in order (none when `end` is before `start`)."""
    if end < start:
        return []
    labels = [quarter_label(start, fy_start_month)]
    last = quarter_label(end, fy_start_month)
    while labels[-1] != last and len(labels) < 400:  # 100 years of quarters: a range is never longer
        labels.append(next_quarter(labels[-1]))
    return labels


def same_quarter_last_year(label: str) -> str:
    """The same quarter one fiscal year earlier: "FY2025 Q3" -> "FY2024 Q3"."""
    year, q = parse_quarter(label)
    return _relabel(label, (year - 1, q))


def _quarter_start(quarter: Quarter, fy_start_month: int) -> date:
    _check_month(fy_start_month)
    year, q = quarter
    # A fiscal year that does not start in January began in the previous calendar year.
    first_year = year if fy_start_month == 1 else year - 1
    months = first_year * 12 + fy_start_month - 1 + 3 * (q - 1)
    return date(months // 12, months % 12 + 1, 1)


def quarter_bounds(label: str | Quarter, fy_start_month: int = 1) -> tuple[date, date]:
    """The first and last day (both inclusive) of a quarter given as a label or (year, q), or by any name
    quarter_name gives it ("2026 Q3 from 15 Aug", "15 Aug to 20 Sep 2026": the quarter its first day is in)."""
    first = _first_of_days(label) if isinstance(label, str) else None
    quarter = parse_quarter(label) if first is None else quarter_of(first, fy_start_month)
    start = _quarter_start(quarter, fy_start_month)
    end = _quarter_start(_shift(quarter, 1), fy_start_month) - timedelta(days=1)
    return start, end


def fiscal_year_bounds(day: date, fy_start_month: int = 1) -> tuple[date, date]:
    """The first and last day (both inclusive) of the fiscal year `day` falls in: with a February start,
    (1 Feb 2026, 31 Jan 2027) for any day of FY2027. Raises ValueError for a month outside 1-12."""
    fiscal_year, _ = quarter_of(day, fy_start_month)
    return _quarter_start((fiscal_year, 1), fy_start_month), _quarter_start((fiscal_year + 1, 1), fy_start_month) - timedelta(days=1)


def fiscal_year_words(day: date, fy_start_month: int = 1) -> str | None:
    """What the fiscal year `day` falls in is, as a page says it once where quarters are labelled
    "FY2027 Q1": "FY2027 = 1 Feb 2026 – 31 Jan 2027". None for a January start, whose quarters are
    the calendar's and labelled by the calendar year ("2026 Q4"), so there is nothing to explain."""
    if fy_start_month == 1:
        return None
    first, last = fiscal_year_bounds(day, fy_start_month)
    return f"FY{quarter_of(day, fy_start_month)[0]} = {day_range(first, last)}"


def last_complete_quarter(today: date, fy_start_month: int = 1) -> str:
    """The label of the last quarter that has fully ended before `today`."""
    return format_quarter(_shift(quarter_of(today, fy_start_month), -1), fy_start_month)


@dataclass(frozen=True)
class QuarterWindow:
    """A quarter as a comparison measures it: `label` ("2026 Q3"), `name` as every screen and file writes
    it, by the days it covers (quarter_name: "2026 Q4 to date", "2026 Q3 to the same day", "2026 Q3 to 1
    Jul", "2026 Q3 from 15 Aug", "15 Aug to 20 Sep 2026", else the label), and the first and last day
    counted (both inclusive; `start` is after the quarter's own first day, `end` before its own last day,
    when it is cut)."""

    label: str
    name: str
    start: date
    end: date

    @property
    def bounds(self) -> tuple[date, date]:
        return self.start, self.end


def in_progress(label: str | Quarter, as_of: date | None, fy_start_month: int = 1) -> bool:
    """Whether a quarter has begun but is not over on `as_of` (the day the data describes): its
    figures are partial. False when `as_of` is None (nothing known of the data's day)."""
    if as_of is None:
        return False
    start, end = quarter_bounds(label, fy_start_month)
    return start <= as_of < end


def known_day(end: date | None, as_of: date | None) -> date | None:
    """The last day a range's figures know: the data's as-of day (deals.data_as_of), or the range's end
    when that is earlier (a range that ends before the data's day ends its last quarter early). A
    quarter not over on it is cut there (quarter_name names it, comparison_windows compares it to the
    same day). None when the data's day is not known (every quarter then reads whole).

    Never after the data's day: a closed deal dated after it (quarantined at ingest since: ingest.future_closes;
    one a store kept from before) makes no quarter, is compared with none and ends no range. Counted where it
    closed, one won deal of 15 Jan 2027 in an export of 7 Dec 2026 had made every Overview tile compare "2027 Q1
    to 15 Jan" with "2026 Q4 to 15 Oct"."""
    return as_of if end is None or as_of is None else min(end, as_of)


def cutting_start(start: date | None, first_close: date | None) -> date | None:
    """A range's first day `start` as it cuts a quarter's first days off, given the first day a deal of the data
    closed (`first_close`, None when not known): None when it falls on or before that day, the days it cuts off
    holding no deal, so the quarter it falls in is whole. "All time" starts on the first close, and its first
    quarter was named "2026 Q2 from 9 Apr" on the Overview's trend, where its sparklines count it whole
    (views.common.whole_quarter_trend, the same rule)."""
    return None if start is None or (first_close is not None and start <= first_close) else start


def day_in_quarter(day: date) -> str:
    """A day as a quarter's name gives it, "1 Jul": text.day's form without the year, which the quarter's
    label beside it gives ("2026 Q3 to 1 Jul")."""
    return f"{day.day} {day:%b}"


def name_parts(name: str) -> tuple[str, str]:
    """A quarter's name (quarter_name, comparison_windows) as its label and what cuts it: ("2026 Q3",
    "to 1 Jul"), ("2026 Q4", "to date"), ("2026 Q3", "from 15 Aug"); ("2026 Q3", "") for a whole quarter;
    a quarter cut at both ends, named by its days, as its first day and its last: ("15 Aug to", "20 Sep
    2026"). A chart's tick sets the second part on a line of its own. A compared window's mark of lying
    before the range ends the second part: ("2026 Q3", "to the same day (partly before the range)")."""
    name, mark = _split_mark(name)
    first_part, second_part = _name_parts(name)
    return first_part, f"{second_part} {mark}".strip()


def _name_parts(name: str) -> tuple[str, str]:
    days = _DAYS.match(name)
    if days:
        first, year, last = days.groups()
        return (f"{first} {year} to" if year else f"{first} to"), last
    match = _NAME.match(name.strip())
    return (match.group(1), match.group(2)) if match else (name.strip(), "")


def days_text(first: date, last: date) -> str:
    """A window of days as a quarter cut at both ends is named: "15 Aug to 20 Sep 2026", the year once when
    both days are in it, else "15 Dec 2025 to 20 Jan 2026" (a fiscal quarter across a calendar year)."""
    if first.year == last.year:
        return f"{day_in_quarter(first)} to {day_in_quarter(last)} {last.year}"
    return f"{day_in_quarter(first)} {first.year} to {day_in_quarter(last)} {last.year}"


def _first_of_days(name: str) -> date | None:
    """The first day of a name days_text wrote ("15 Aug to 20 Sep 2026" -> 15 Aug 2026), None for another name."""
    match = _DAYS.match(unmarked(name))
    if match is None:
        return None
    first, year, last = match.groups()
    return datetime.strptime(f"{first} {year or last[-4:]}", "%d %b %Y").date()


def _named(label: str, first: date, last: date, cut_start: bool, cut_end: bool, to_words: str | None) -> str:
    """A window [first, last] of quarter `label` named by what it covers: its label when whole, "{label}
    from 15 Aug" cut at the start, "{label} to 1 Jul" (or `to_words`, "to date", "to the same day") cut at
    the end, "15 Aug to 20 Sep 2026" (days_text) at both."""
    if cut_start and cut_end:
        return days_text(first, last)
    if cut_start:
        return f"{label} {FROM} {day_in_quarter(first)}"
    if cut_end:
        return f"{label} {to_words or f'to {day_in_quarter(last)}'}"
    return label


def counted_window(label: str, as_of: date | None, fy_start_month: int = 1, end: date | None = None,
                   start: date | None = None) -> tuple[date, date]:
    """The first and last day (both inclusive) of quarter `label` that quarter_name names with the same
    arguments: what a range from `start` to `end` counts of it, to the day its figures know (known_day: the
    data's day `as_of`, or the range's end when earlier; the whole quarter when nothing cuts it)."""
    first, last, _, _ = _counted_window(label, as_of, fy_start_month, end, start)
    return first, last


def _counted_window(label: str, as_of: date | None, fy_start_month: int, end: date | None,
                    start: date | None) -> tuple[date, date, bool, bool]:
    """(first day, last day, cut at the start, cut at the end) of what a range counts of quarter `label`:
    from the range's `start` when it falls after the quarter's first day, to the day its figures know
    (known_day) when the quarter is not over on it."""
    first, last = quarter_bounds(label, fy_start_month)
    cut_start = start is not None and first < start <= last
    known = known_day(end, as_of)
    cut_end = in_progress(label, known, fy_start_month)
    return (start if cut_start else first), (known if cut_end else last), cut_start, cut_end  # type: ignore[return-value]


def quarter_name(label: str, as_of: date | None, fy_start_month: int = 1, end: date | None = None,
                 start: date | None = None) -> str:
    """How a quarter is named wherever it is shown (tiles and their sentences, chart axes and hovers,
    captions, the command line's report --by quarter, the review): by the days its figures cover. `as_of`
    is the day the data describes, `end` and `start` the range's last and first days, when a range is
    shown (no end: the data's day ends it; no start: nothing cuts the quarter's first days):

    - "2026 Q4 to date" while it is in progress on the data's day (in_progress), the range running to it;
    - "2026 Q3 to 1 Jul" when a range ending on 1 Jul, before the data's day, cuts it short: the quarter
      is over in the data, its figures stop at the range's end, which "to date" would not say;
    - "2026 Q3 from 15 Aug" when a range starting on 15 Aug cuts its first days off;
    - "15 Aug to 20 Sep 2026" when the range cuts it at both ends (days_text; "15 Aug to 26 Nov 2026" too
      for a quarter in progress on the data's day, 26 Nov, that the range's start cuts);
    - else its label ("2026 Q3"), a whole quarter."""
    first, last, cut_start, cut_end = _counted_window(label, as_of, fy_start_month, end, start)
    to_words = TO_DATE if cut_end and last == as_of else None
    return _named(label, first, last, cut_start, cut_end, to_words)


def counted_bounds(label: str | Quarter, as_of: date | None, fy_start_month: int = 1) -> tuple[date, date]:
    """The first and last day (both inclusive) a quarter's figures count: the whole quarter, or its days
    up to the day its figures know (known_day: `as_of`) while it is in progress then (in_progress: "2026 Q4
    to date", "2026 Q4 to 1 Nov" for a review of an earlier day). The one
    bound every figure of a quarter keeps to (a review's headline, its trend, value shares, profiles,
    left-out and unplaced deals), so no figure of a quarter counts a deal another leaves out."""
    start, end = quarter_bounds(label, fy_start_month)
    known = known_day(None, as_of)
    if in_progress(label, known, fy_start_month):
        assert known is not None  # in_progress says so
        return start, known
    return start, end


def span_to(label: str, quarters: int, as_of: date | None, fy_start_month: int = 1) -> tuple[date, date]:
    """(first day, last day counted) of the `quarters` quarters up to and including `label`: from the
    first one's start to `label`'s counted end (counted_bounds: the day its figures know while it is in
    progress). The quarters before `label` are whole, being over before it began."""
    first = label
    for _ in range(quarters - 1):
        first = previous_quarter(first)
    return quarter_bounds(first, fy_start_month)[0], counted_bounds(label, as_of, fy_start_month)[1]


def comparison_windows(
    label: str, as_of: date | None, fy_start_month: int = 1, end: date | None = None, start: date | None = None,
    first_close: date | None = None,
) -> tuple[QuarterWindow, QuarterWindow, QuarterWindow]:
    """(the quarter, the one before, the same quarter last year) as a change compares them: the one
    rule of every page's and file's changes (the Overview's, the No decision page's, the Reps
    leaderboard's, a rep's, the review's). `as_of`: the day the data describes; `end` and `start`: the
    range's last and first days, when a range is shown.

    The quarter's window is what the range counts of it (quarter_name names it so): from the range's
    start when that falls after the quarter's first day, to the day its figures know (known_day: the
    data's day, or the range's end when earlier) when it is not over on it; else whole. The others are
    the same days of their own quarters, counted from their first day: as many days cut off the start
    and the same number of days gone (a quarter shorter than that is taken to its last day), never a
    whole quarter against a part, which would read as a fall, and never their days the range holds (the
    No decision page counted the quarter before from a range's first day, 31 Mar, so Q1 to the same
    day had none of its deals where the Overview counted Q1's).

    Each is named for the days it covers, as the quarter is: "2026 Q4 to date" against "2026 Q3 to the
    same day" (its first 62 days when 62 days of Q4 have gone); cut by the range's end, "2026 Q3 to 1
    Jul" against "2026 Q2 to 1 Apr"; by its start, "2026 Q3 from 15 Aug" against "2026 Q2 from 16 May"
    (45 days cut off each); by both, "15 Aug to 20 Sep 2026" against "16 May to 21 Jun 2026" (days_text).
    A window of the others may begin before the range's start: its deals are counted in the change, but
    not all of them are in the range the page shows, so when the range's first day falls inside it its
    name says so, "2026 Q3 to the same day (partly before the range)" (PARTLY_BEFORE_RANGE): a range from
    15 Aug to 5 Dec compared Q4 to date with Q3's 1 Jul to 3 Sep as "Q3 to the same day", while the chart
    below named the range's own Q3 deals, from 15 Aug, "2026 Q3 from 15 Aug". One wholly before the range
    keeps its name: all its deals are counted, and the range shows none of them. `first_close`: the first
    day a deal of the compared data closed, when known: days before it hold no deal, so a window reaching
    before the range only by them is not marked ("All time" starts on that day). `label`: "2026 Q3" /
    "FY2026 Q3" (as format_quarter writes it).
    """
    first, last, cut_start, cut_end = _counted_window(label, as_of, fy_start_month, end, start)
    on_data_day = cut_end and last == as_of
    this = QuarterWindow(label, quarter_name(label, as_of, fy_start_month, end, start), first, last)
    quarter_start, _ = quarter_bounds(label, fy_start_month)
    skipped, gone = (first - quarter_start).days, (last - quarter_start).days  # days after the first

    def same_days(quarter: str) -> QuarterWindow:
        other_first, other_last = quarter_bounds(quarter, fy_start_month)
        begin = min(other_first + timedelta(days=skipped), other_last) if cut_start else other_first
        stop = min(other_first + timedelta(days=gone), other_last) if cut_end else other_last
        to_words = TO_THE_SAME_DAY if on_data_day else None
        name = _named(quarter, begin, stop, cut_start, cut_end, to_words)
        if start is not None and max(begin, first_close or begin) < start <= stop:
            name = f"{name} {PARTLY_BEFORE_RANGE}"
        return QuarterWindow(quarter, name, begin, stop)

    return this, same_days(previous_quarter(label)), same_days(same_quarter_last_year(label))


def date_range_for(
    preset: str, today: date, fy_start_month: int = 1, as_of: date | None = None
) -> tuple[date | None, date | None]:
    """The inclusive (start, end) of a preset range, the first and last day counted; "all" is
    (None, None), i.e. unbounded.

    `today` is the day presets count from (deals.preset_day: the export's day, but no later than the
    day after the quarter of its newest closed deal, so that quarter is "last quarter", nor than the day
    after the data's day, so every "complete" quarter is over on it); `as_of` is the day the data
    describes (deals.data_as_of), `today` when not given.

    this_quarter is the whole quarter of `today` (its end may be past the data's day);
    last_quarter and last_4_quarters are the one and four complete quarters before it.
    quarter_to_date and year_to_date run from the start of the quarter or fiscal year of the
    earlier of `today` and `as_of` to `as_of`, the data's own day, or to that quarter's or year's
    last day when `as_of` is past it: never to `today` when the data runs later ("Quarter to date"
    on data of 26 Nov whose last deal closed in Q3 is 1 Oct - 26 Nov, not 1 Oct - 1 Oct).
    """
    current = quarter_of(today, fy_start_month)
    if preset == "this_quarter":
        return quarter_bounds(current, fy_start_month)
    if preset == "last_quarter":
        return quarter_bounds(_shift(current, -1), fy_start_month)
    if preset == "last_4_quarters":
        start = _quarter_start(_shift(current, -4), fy_start_month)
        return start, _quarter_start(current, fy_start_month) - timedelta(days=1)
    if preset in ("quarter_to_date", "year_to_date"):
        known = today if as_of is None else as_of
        # The data's day before `today` (an export whose newest deal is older than its upload day)
        # moves the period back to the one the data describes; never past it.
        anchor = quarter_of(min(today, known), fy_start_month)
        if preset == "year_to_date":
            first, last = (anchor[0], 1), (anchor[0], 4)
        else:
            first, last = anchor, anchor
        return _quarter_start(first, fy_start_month), min(known, quarter_bounds(last, fy_start_month)[1])
    if preset == "all":
        return None, None
    raise ValueError(f'Unknown date range "{preset}"; choose one of {", ".join(PRESETS)}.')


def fiscal_year_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """The fiscal year (named by the year it ends) of a date column."""
    _check_month(fy_start_month)
    year = pl.col(col).dt.year().cast(pl.Int32)
    if fy_start_month == 1:
        return year
    return year + (pl.col(col).dt.month() >= fy_start_month).cast(pl.Int32)


def quarter_number_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """The fiscal quarter (1-4) of a date column."""
    _check_month(fy_start_month)
    # +12 keeps the left side non-negative, so no reliance on how `%` treats negatives.
    month = pl.col(col).dt.month().cast(pl.Int32)
    return (month - fy_start_month + 12) % 12 // 3 + 1


def quarter_index_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """An integer that counts quarters (fiscal year * 4 + quarter - 1): differences are quarters."""
    return fiscal_year_expr(col, fy_start_month) * 4 + quarter_number_expr(col, fy_start_month) - 1


def month_index_expr(col: str) -> pl.Expr:
    """Calendar months since year 0 of a date column (year * 12 + month - 1, Int32; null stays null):
    kept per store version with the coded deals, so a page turns it into quarters of any fiscal
    year (`quarter_index_from_month_expr`) with integer arithmetic instead of taking dates apart."""
    return pl.col(col).dt.year().cast(pl.Int32) * 12 + pl.col(col).dt.month().cast(pl.Int32) - 1


def quarter_index_from_month_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """`quarter_index_expr` of the dates whose `month_index_expr` is column `col`.

    Months since year 0, moved on so the fiscal year's first month starts a multiple of 12 (a year
    named by the year it ends, so a July year moves its July into the next calendar year), count
    quarters by whole division: fiscal year * 4 + quarter - 1 is the moved month // 3.
    """
    _check_month(fy_start_month)
    shift = 0 if fy_start_month == 1 else 13 - fy_start_month
    return (pl.col(col) + shift) // 3


def quarter_index(label: str | Quarter) -> int:
    """The integer of `quarter_index_expr` for a label or (year, q)."""
    year, q = parse_quarter(label)
    return year * 4 + q - 1


def label_from_index_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """The quarter label of a `quarter_index_expr` column (group by the integer, label after)."""
    prefix = "" if fy_start_month == 1 else "FY"
    return pl.concat_str(
        pl.lit(prefix),
        (pl.col(col) // 4).cast(pl.String),
        pl.lit(" Q"),
        (pl.col(col) % 4 + 1).cast(pl.String),
    ).alias(col)


def quarter_expr(col: str, fy_start_month: int = 1) -> pl.Expr:
    """The quarter label of a date column ("2025 Q3" / "FY2025 Q3"), named like the column.

    Null dates give null. Labels sort as strings in time order (four-digit years).
    """
    prefix = "" if fy_start_month == 1 else "FY"
    return pl.concat_str(
        pl.lit(prefix),
        fiscal_year_expr(col, fy_start_month).cast(pl.String),
        pl.lit(" Q"),
        quarter_number_expr(col, fy_start_month).cast(pl.String),
    ).alias(col)
