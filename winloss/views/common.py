"""What several views share: tiles, the quarter a change is of, the filters in words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION
from winloss import iso_dates, periods, text
from winloss.access import Role
from winloss.exchange import DEFAULT_REPORTING_CURRENCY, Unconverted, no_rate_words, unconverted
from winloss.file_values import file_csv, money_columns
from winloss.filters import DIMENSION_LABELS, DIMENSIONS, RATE_LABELS, Filters, dimension_conditions, in_offered_order
from winloss.ingest.outcomes import outcome_stage_repeats
from winloss.measures.at_risk import at_risk_threshold, at_risk_where
from winloss.measures.counting import IS_CLOSED, closed_between, sort_keys
from winloss.measures.summary import closed_in_range
from winloss.measures.trends import UNRATED_OF, UNRATED_SEPARATOR
from winloss.periods import known_day
from winloss.rates import CHANGE_N, MIN_N, RATE_CHANGES, RATE_N, Denominator, change_min_n, too_small

R = TypeVar("R")
AT_RISK_ROWS = 500  # the largest at-risk deals a page lists; the rest are counted, not shown
GRAIN = ["rep", "seller_profile", "region", "segment"]
PROFILE = ["seller_profile"]


@dataclass(frozen=True)
class Tile:
    """One big number as a page shows it, every rule already applied.

    `text` is the value in words ("42%", "n too small (n = 5)", "$1.2M", "3,000"); `n` is the
    rate's denominator (None for counts and values); `small` is whether the value is on too few
    deals to stand as a number. `change` is the change's text ("+3 pts", "+120", "+$1.2M") or None
    when it is not shown (nothing to compare, or either period too small); `versus` says what it
    compares ("2026 Q3 vs Q2", `versus_text`, on every page). `withheld` says why a change is not
    shown when a side of the comparison is too small ("2026 Q3 vs Q2: Q2 n too small (13 won deals)",
    `change_tile`), so a missing change is never left unexplained. `bad_when_up` turns the arrow red
    going up (no decision). `help` is what the tile measures; `left_out`, the deals its value leaves out
    for want of an exchange rate (`left_out_noun` naming them, "won deal"), which help_for says after it
    in the words its reader needs.
    """

    label: str
    text: str
    n: int | None = None
    small: bool = False
    change: str | None = None
    versus: str | None = None
    bad_when_up: bool = False
    trend: tuple[float | None, ...] = ()
    # Per point of `trend`, whether it is a rate on too few deals (rates.too_small): drawn as a ring
    # joined to no other (charts.sparkline); empty for a trend of counts or values.
    trend_small: tuple[bool, ...] = ()
    help: str | None = None
    withheld: str | None = None
    # Plain words beside the value in small type, as a rate's n: what a value figure leaves out
    # ("no rate for EUR", text.money_and_no_rate); None for none.
    aside: str | None = None
    left_out: Unconverted | None = None
    left_out_noun: str = "deal"
    # The value is words in a figure's place ("No rate for EUR": text.no_rate_alone; "no closed deals", a rate
    # with nothing in its n: change_tile), which a tile sets in a smaller type than a figure, so they read on one
    # line (in_words).
    phrase: bool = False
    # The two values a shown change compares, "31% vs 39%" (compared_values): the tile's big number is the
    # whole range, so without them a reader cannot check the change. None where not given or too long.
    values: str | None = None

    @property
    def change_words(self) -> str | None:
        """What is drawn under the change: the two values it compares, then what it compares, "31% vs 39%,
        2026 Q4 to date vs Q3 to the same day"; `versus` alone without `values`; None without a change."""
        if self.values and self.versus:
            return f"{self.values}, {self.versus}"
        return self.versus

    def help_for(self, role: Role | None) -> str | None:
        """`help`, then the deals the value leaves out for someone with `role` (exchange.Unconverted.left_out:
        "7 won deals in GBP are left out of it: no exchange rate to USD for GBP. Add the rate on the Data
        page, in the Currencies tab.", or whom to ask for one who may not add rates); None for neither."""
        left = self.left_out.left_out(self.left_out_noun, of="it", role=role) if self.left_out else None
        return " ".join(words for words in (self.help, left) if words) or None

    @property
    def trend_drawn(self) -> bool:
        """Whether the tile's `trend` is drawn under it (charts.sparkline): at least two of its quarters have a
        value it draws (neither None, a quarter of a count cut short or before the data's first close:
        whole_quarter_trend, nor a rate on too few deals: `trend_small`). A range of one quarter gave each tile one dot, which read as a loading
        indicator, not a trend; the quarter's value is the tile's own. So did one whole quarter between two
        cut short ("2026 Q2 from 15 May", "2026 Q4 to date")."""
        small = (*self.trend_small, *(False,) * (len(self.trend) - len(self.trend_small)))
        return sum(v is not None and not s for v, s in zip(self.trend, small, strict=True)) >= 2

    @property
    def figure(self) -> str:
        """What the tile writes in its big type: "n too small" for a rate on too few deals (its n beside it in
        the small type), else `text` ("42%", "$1.2M", "No rate for EUR")."""
        return text.N_TOO_SMALL if self.small and self.n is not None else self.text

    @property
    def in_words(self) -> bool:
        """Whether `figure` is words in a figure's place ("n too small", "No rate for EUR", "no closed deals"),
        set in a smaller type than a figure: in a figure's type "n too small" took two lines of a presenter-mode
        tile at 1440 px, and made the row of tiles twice as tall."""
        return self.phrase or (self.small and self.n is not None)

    @property
    def words(self) -> str:
        """The value as one line of words: "$1.2M · no rate for EUR" (text.money_or_no_rate's)."""
        return text.with_aside(self.text, self.aside)


def change_tile(label: str, value: str, change: str | None, versus: str | None,
                sides: Sequence[tuple[str, int | None]], noun: str = "deals", where: str = "in",
                none: str | None = None, min_n: int = MIN_N,
                unrated_sides: Mapping[str, text.Unrated] | None = None, sums: bool = False, **more) -> Tile:
    """A tile whose `change` against `versus` ("vs peers", "2026 Q3 vs Q2") is shown only when every
    side of the comparison ((name, n) each, the n the change is gated on) reaches `min_n` (MIN_N; a count's
    or an amount's change 1: rates.change_min_n); else the tile
    says why instead (text.withheld_change): the one rule of every tile's difference on every page.
    `where` joins the noun to a side's name in "no losses in Q2" (text.withheld_change); `more`: the
    Tile's other fields.

    A rate with nothing in its n (`more`'s n is 0) says so in words, `none` ("no closed deals"; "no
    {noun}" by default), with no n beside it: "n too small" over "n = 0" read as if a few deals were
    hidden. A rate of amounts whose n is empty for want of exchange rates (`more`'s left_out: the deals no
    rate converts) says that instead, by text.figure_and_no_rate ("No rate for EUR"), and so does its
    change: "no deals with a value" read as if the deals had no amount; so does a side of its change whose n
    is empty so (`unrated_sides`: what its deals lack, by side's name, as text.withheld_change takes it). A change
    of sums (`sums`) is withheld where a side leaves out some deals so, by the same words (text.withheld_change)."""
    left_out = more.get("left_out")
    no_rate = left_out.no_rate if left_out is not None and not none else None
    unrated = more.get("n") == 0 and no_rate is not None
    if more.get("n") == 0:
        value, more = none or text.figure_and_no_rate(f"no {noun}", False, no_rate)[0], {**more, "n": None, "small": False}
        more["phrase"] = True  # words in the figure's place, either way (Tile.in_words)
    reason = text.withheld_change(sides, noun, min_n=min_n, where=where, no_rate=unrated_sides, sums=sums)
    if reason is not None and unrated and not unrated_sides:  # sides not counted so: what the whole range lacks
        reason = no_rate
    if reason is not None:
        return Tile(label, value, withheld=f"{versus}: {reason}" if versus else reason, **more)
    return Tile(label, value, change=change, versus=versus if change else None, **more)


# The longest value written beside the other under a change ("$1.25M", "12,345", "<1%"): past it the two would
# wrap the tile's caption onto a third line at 1024 px in presenter mode, and only what is compared is said.
VALUE_CHARS: Final = 8
COUNT_CHANGES: Final = frozenset({"closed", "no_decision"})  # of CHANGE_N: counts of deals
# Of CHANGE_N: the changes of amounts in the reporting currency (a rate of them, sums, an index of sums).
AMOUNT_MEASURES: Final = frozenset({"value_win_rate", "won_amount", "won_value_index", "no_decision_amount"})
AMOUNT_CHANGES: Final = frozenset({"won_amount", "no_decision_amount"})  # of CHANGE_N: amounts
# Of AMOUNT_MEASURES: the sums and their index, whose change compares only whole sums (text.withheld_change's `sums`).
SUM_MEASURES: Final = AMOUNT_MEASURES - RATE_CHANGES


def compared_values(this: str | None, before: str | None) -> str | None:
    """The two values a change compares, as a tile says them under it: "31% vs 39%", "120 vs 98", "$1.2M vs
    $950k"; None when either is missing or longer than VALUE_CHARS."""
    if not this or not before or len(this) > VALUE_CHARS or len(before) > VALUE_CHARS:
        return None
    return f"{this} vs {before}"


def change_values(row: dict, measure: str, currency: str | None = None) -> str | None:
    """compared_values of a quarter's change: `row` a row of measures.trends.deltas (the measure and its
    _previous), each side written as the tile writes its kind of value: a rate (rates.RATE_CHANGES) in
    percent, as the change in points is taken from them (text.change_in_points), a count as a count, an
    amount in `currency` (None: not written). An index, or a measure the row lacks, gives None."""
    this, before = row.get(measure), row.get(f"{measure}_previous")
    if this is None or before is None:
        return None
    if measure in RATE_CHANGES:
        return compared_values(text.percent(this), text.percent(before))
    if measure in COUNT_CHANGES:
        return compared_values(text.count(int(this)), text.count(int(before)))
    if measure in AMOUNT_CHANGES and currency is not None:
        return compared_values(text.money(this, currency), text.money(before, currency))
    return None


def quarter_change_tile(label: str, value: str, change: str | None, row: dict, measure: str,
                        currency: str | None = None, **more) -> Tile:
    """change_tile for a change on the previous quarter: `row` is a row of measures.trends.deltas
    (quarter, previous_quarter and the n columns with _previous), `measure` a key of rates.CHANGE_N, which
    names the n the change is gated on in both quarters. The previous quarter's n counts its deals whether or
    not the range reaches back to it (deltas reads every deal up to the range's end), so one with nothing in
    the n has no deals at all and is said so, "no losses in Q2 to 1 Apr": it had been said to lie before the
    selected range, with a step to widen the range that showed nothing either."""
    column, noun = CHANGE_N[measure]
    quarter, previous = row["quarter"], row["previous_quarter"]
    versus = versus_text(quarter, previous) if quarter and previous else None
    names = short_quarter_names(quarter, previous) if quarter and previous else ("this quarter", "the one before")
    suffixes = ("", "_previous")
    # Of a change of amounts, the deals each quarter has whose amount no exchange rate converts, when the caller
    # counted them (measures.trends.deltas' reporting_currency): a quarter none of whose deals converts is said
    # to lack the rate ("no rate for GBP in Q2"), never "no deals with a value in Q2", nor left without a change
    # and without a word; the n of a sum (won deals, no-decision deals) is its deals that have a value. A sum
    # that leaves some out is said so too, its change withheld: a part of a quarter's sum is not the quarter's.
    counted = UNRATED_OF.get(column) if measure in AMOUNT_MEASURES else None
    unrated_n = [int(row.get(f"{counted}_unrated{s}") or 0) if counted else 0 for s in suffixes]
    sums_n = column != "value_n"  # value_n already leaves them out
    sides = tuple((name, None if row.get(f"{column}{s}") is None else row[f"{column}{s}"] - (left if sums_n else 0))
                  for name, s, left in zip(names, suffixes, unrated_n, strict=True))
    unrated = {name: text.Unrated(left, no_rate_words((row.get(f"{counted}_unrated_currencies{s}") or "").split(UNRATED_SEPARATOR)) or "")
               for name, s, left in zip(names, suffixes, unrated_n, strict=True) if left}
    tile = change_tile(label, value, change, versus, sides, noun, min_n=change_min_n(measure), unrated_sides=unrated,
                       sums=measure in SUM_MEASURES, **more)
    # The two quarters' values beside a shown change (change_values): the one rule of every quarter's change.
    return dataclasses.replace(tile, values=change_values(row, measure, currency)) if tile.change is not None else tile


def as_text(record: R) -> R:
    """`record` (a view's frame, or its dataclass of frames and records) with every Enum or
    Categorical column cast back to String: the views compute on coded deals (winloss.deals.coded_deals)
    for speed, and what they return reads the same whichever deals they were given."""
    if isinstance(record, pl.DataFrame):
        coded = [name for name, dtype in record.schema.items() if isinstance(dtype, (pl.Enum, pl.Categorical))]
        return record.with_columns(pl.col(coded).cast(pl.String)) if coded else record  # type: ignore[return-value]
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        changed = {f.name: as_text(getattr(record, f.name)) for f in dataclasses.fields(record)}
        return dataclasses.replace(record, **changed)
    return record


def denominator(filters: Filters) -> Denominator:
    return Denominator(filters.denominator)


def profile_sorted(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in the profiles' fixed order (Challenger first, Unprofiled last)."""
    return frame.sort(sort_keys(["seller_profile"]), nulls_last=True)


def compared_quarter(deals: pl.LazyFrame, start: dt.date, end: dt.date, fy_start_month: int,
                     as_of: dt.date | None = None) -> str | None:
    """The last quarter inside [start, end] with a closed deal, to the data's day `as_of` at most (known_day):
    the quarter the tiles' changes are of.

    Not the quarter of `end`: "This quarter" on data that ends with the last one would compare
    an empty quarter with a full one. Nor a closed deal's after the data's day: one won deal dated 15 Jan 2027
    in an export of 7 Dec 2026 had every tile compare "2027 Q1 to 15 Jan" with "2026 Q4 to 15 Oct".
    """
    return quarter_of_last_close(last_close_query(deals, start, end, as_of).collect(), fy_start_month)


def last_close_query(deals: pl.LazyFrame, start: dt.date | None, end: dt.date | None,
                     as_of: dt.date | None = None) -> pl.LazyFrame:
    """The last close date in [start, end] of a closed deal, to the data's day `as_of` at most (known_day; one
    row, one column, null when none), as a lazy query for a view that collects it with its other queries at once."""
    return closed_in_range(deals, start, known_day(end, as_of)).select(pl.col("close_date").max())


def quarter_of_last_close(last_close: pl.DataFrame, fy_start_month: int) -> str | None:
    """compared_quarter's label from last_close_query's collected frame."""
    last = last_close.item()
    return None if last is None else periods.quarter_label(last, fy_start_month)


# A frame of named_quarters' columns of its quarters: the page's name and those its files name them by.
NAMED_QUARTER_COLUMNS: Final = ("quarter", *iso_dates.QUARTER_COLUMNS)


def named_quarters(frame: pl.DataFrame, as_of: dt.date | None, fy_start_month: int,
                   end: dt.date | None = None, start: dt.date | None = None,
                   first_close: dt.date | None = None) -> pl.DataFrame:
    """`frame` with its `quarter` labels as every screen names them, by the days they cover
    (periods.quarter_name, `as_of` the data's day, `end` and `start` the range's last and first days): the
    quarter in progress on the data's day becomes "2026 Q4 to date", one a range's earlier end cuts short
    "2026 Q3 to 1 Jul", one its start cuts "2026 Q3 from 15 Aug" (both: "15 Aug to 20 Sep 2026"), so a
    chart's axis never sets a part of a quarter beside whole quarters unmarked. periods.quarter_bounds
    reads the name back (a click on that quarter). With iso_dates.QUARTER_COLUMNS, which a file names the
    quarters by (iso_dates.for_files): "2026-Q3" and the first and last day each name covers.

    `first_close`: the first day a deal of the frame's data closed (measures.counting.first_close), when known: a
    `start` on or before it cuts off only days with no deal, so its quarter is named whole (periods.cutting_start),
    as whole_quarter_trend counts it: "All time" named its first quarter "2026 Q2 from 9 Apr"."""
    start = periods.cutting_start(start, first_close)
    known = known_day(end, as_of)
    if "quarter" not in frame.columns:
        return frame
    frame = frame.with_columns(_quarters_for_files(frame.get_column("quarter"), as_of, fy_start_month, end, start))
    labels = {periods.quarter_label(day, fy_start_month) for day in (known, start) if day is not None}
    names = {label: periods.quarter_name(label, as_of, fy_start_month, end, start) for label in labels}
    renamed = {label: name for label, name in names.items() if name != label}
    return frame.with_columns(pl.col("quarter").replace(renamed)) if renamed else frame


def whole_quarter_trend(frame: pl.DataFrame, column: str, fy_start_month: int,
                        first_close: dt.date | None, partial: Collection[periods.Quarter] = ()) -> tuple[float | None, ...]:
    """A tile's trend of a count or an amount: `column` of `frame` (a named_quarters frame, a row per quarter,
    oldest first, with iso_dates.QUARTER_START and QUARTER_END), None for every quarter the range or the data's
    day cuts short ("2026 Q4 to date", "2026 Q3 from 15 Aug": their counted days are not the whole quarter),
    which the sparkline leaves a gap, as it does a rate on too few deals (Tile.trend_small). Half a quarter's
    closes beside whole quarters' drew a steep fall to nothing at the end of the Overview's closed deals and won
    value lines, beside a rise on the quarter before: a rate is comparable on part of a quarter, a count or a
    sum is not. The one rule of every count's and amount's sparkline.

    `first_close`: the first day a deal of the data closed (measures.counting.first_close, as the change tiles
    read it: periods.comparison_windows), None when none did (then every quarter is a gap). A quarter over
    before it is no quarter of the data, so a gap too: a store's quarters before its first deal drew as $0
    beside the gaps of its won deals no rate converts, a flat line under "No rate for EUR". The days cut off a quarter's start that lie before it
    hold no deal, so that quarter is whole: "All time" starts on the first close ("2026 Q2 from 9 Apr"), and
    its first quarter was a gap, the widest range showing the least trend.

    `partial`: the quarters (periods.quarter_of: (2026, 2)) whose sum of amounts leaves deals out for want of an
    exchange rate, gaps too, as their change is withheld (text.withheld_change's `sums`): Won value's line drew Q2's
    USD deals alone as Q2's won value, a dip beside "no rate for EUR in Q2"."""
    if frame.is_empty():
        return ()
    values = frame.get_column(column).to_list()
    windows = frame.select(iso_dates.QUARTER_START, iso_dates.QUARTER_END).iter_rows()

    def whole(first: dt.date, last: dt.date) -> bool:
        quarter_first, quarter_last = periods.quarter_bounds(periods.quarter_of(first, fy_start_month), fy_start_month)
        return (first_close is not None and quarter_last >= first_close and last == quarter_last
                and (first == quarter_first or first <= first_close)
                and periods.quarter_of(first, fy_start_month) not in partial)

    return tuple(None if value is None or not whole(first, last) else float(value)
                 for value, (first, last) in zip(values, windows, strict=True))


def _quarters_for_files(labels: pl.Series, as_of: dt.date | None, fy_start_month: int, end: dt.date | None,
                        start: dt.date | None) -> list[pl.Series]:
    """Of quarter `labels` ("2026 Q3"), row for row, the columns their files name them by
    (iso_dates.QUARTER_COLUMNS): "2026-Q3" and the first and last day named_quarters' names cover."""
    distinct = labels.drop_nulls().unique().to_list()
    windows = {label: periods.counted_window(label, as_of, fy_start_month, end, start)
               for label in distinct}
    return [
        labels.replace_strict({label: iso_dates.quarter(label, fy_start_month) for label in distinct}, default=None,
                              return_dtype=pl.String).alias(iso_dates.QUARTER),
        labels.replace_strict({label: w[0] for label, w in windows.items()}, default=None,
                              return_dtype=pl.Date).alias(iso_dates.QUARTER_START),
        labels.replace_strict({label: w[1] for label, w in windows.items()}, default=None,
                              return_dtype=pl.Date).alias(iso_dates.QUARTER_END),
    ]


def versus_text(quarter: str, previous: str) -> str:
    """ "2026 Q3 vs Q2", or "2026 Q1 vs 2025 Q4" across a year: what a change compares, on every page's
    tiles and captions (the Overview's said "Q3 vs Q2" while the No decision page's said "2026 Q3 vs Q2")."""
    return f"{quarter} vs {previous_named(quarter, previous)}"


def index_base_text(quarter: str, previous: str) -> str:
    """ "2026 Q3; Q2 = 100", or "2026 Q1; 2025 Q4 = 100" across a year: an index tile's base, its
    quarters named as `versus_text` names them (it said "Q1; Q4 = 100", which names no year)."""
    return f"{quarter}; {previous_named(quarter, previous)} = 100"


def short_quarter_names(quarter: str, previous: str) -> tuple[str, str]:
    """The two quarters named as briefly as still tells them apart: ("Q3", "Q2") within one year,
    the whole labels ("2026 Q1", "2025 Q4") across a year end; for marks beside each other and the reason
    after a change's `versus_text` (text.withheld_change). Names of days ("15 Aug to 20 Sep 2026",
    periods.days_text) are kept whole. A compared window's mark of reaching before the range
    (periods.PARTLY_BEFORE_RANGE) is left off: `versus_text` says it once, and the reason after it said it
    again ("… vs Q3 to 20 Aug (partly before the range): no deals in Q3 to 20 Aug (partly before the
    range)"), a tile's caption of five lines in presenter mode."""
    quarter, previous = periods.unmarked(quarter), periods.unmarked(previous)
    year, _, short = quarter.partition(" ")
    same = _YEAR.fullmatch(year) is not None and previous.startswith(year + " ")
    return (short, previous_named(quarter, previous)) if same else (quarter, previous)


_YEAR: Final = re.compile(r"(?:FY)?\d{4}")  # the year a quarter's name starts with ("2026 Q3 …", "FY2026 Q3 …")


def previous_named(quarter: str, previous: str) -> str:
    """The previous quarter's label ("2026 Q2"), its year left out when it is the quarter's own ("Q2");
    a name of days ("16 May to 21 Jun 2026") whole."""
    year, _, short = previous.partition(" ")
    return short if _YEAR.fullmatch(year) and quarter.startswith(year + " ") else previous


def quarters_without_closed(trend: pl.DataFrame, start: dt.date, end: dt.date, as_of: dt.date | None,
                            fy_start_month: int, first_close: dt.date | None = None) -> tuple[str, ...]:
    """The range's quarters (to the last day its figures know: known_day) in which no deal of `trend`
    (a quarterly_trend or closed_quarters, its quarters named by named_quarters) closed, as the trend's axis
    names them: a trend has no rate there (a gap in its line, measures.trends.every_quarter), so its caption
    names them (no_deal_closed_sentence) rather than letting a quarter's gap pass unexplained. Every
    quarterly trend's, a rep's included. `first_close`: as named_quarters was given it, so each quarter is named
    as the trend names it."""
    known = known_day(end, as_of)
    present = set(trend.filter(pl.col("closed") > 0).get_column("quarter").to_list())
    cut = periods.cutting_start(start, first_close)
    named = (periods.quarter_name(q, as_of, fy_start_month, end, cut)
             for q in periods.quarters_between(start, known or end, fy_start_month))
    return tuple(q for q in named if q not in present)


def empty_quarters_of(trend: pl.DataFrame) -> tuple[str, ...]:
    """The quarters of `trend` (closed_quarters' or an every_quarter frame, named by named_quarters) in which
    no deal closed, in its order: what no_deal_closed_sentence names under the chart drawn from it."""
    if "closed" not in trend.columns or "quarter" not in trend.columns:
        return ()
    return tuple(trend.filter(pl.col("closed").fill_null(0) == 0).get_column("quarter").to_list())


def no_deal_closed_sentence(quarters: Sequence[str], who: str = "", gone: str | None = None) -> str:
    """What a trend's caption says of the quarters no deal closed in (quarters_without_closed,
    empty_quarters_of), "" for none: "No deal closed in 2026 Q1: its rates are blank."; "No deal closed in
    2025 Q3, Q4 and 2026 Q1: their rates are blank." (the quarters stand on the axis with 0 deals and a gap in
    every line, measures.trends.every_quarter). With `who` ("The rep"), of one person's trend: "The rep closed
    no deal in 2025 Q2: its rates are blank."; with `gone` ("left on 31 Jul 2026": the quarters all begin
    after the rep left), why: "The rep left on 31 Jul 2026 and closed no deal in 2026 Q3 and Q4 to date: their
    rates are blank." Every chart of quarters says it in these words (page, review, deck, HTML report). Fixed
    words only: nothing from a file."""
    if not quarters:
        return ""
    listed = text.listed([quarters[0], *(previous_named(p, q) for p, q in itertools.pairwise(quarters))])
    closed = f"{who} {gone} and closed no deal" if who and gone else f"{who} closed no deal" if who else "No deal closed"
    return f"{closed} in {listed}: {'its rates are' if len(quarters) == 1 else 'their rates are'} blank."


def closed_range_text(start: dt.date, end: dt.date, as_of: dt.date | None, denominator: Denominator,
                      default_words: str | None = None) -> str:
    """What every page states under its title: the close-date range, both days inclusive
    (text.day_range), and the win rate's definition: "Closed 1 Oct 2026 – 26 Nov 2026 · Win rate = …".

    A range running past the data's day (`as_of`, deals.data_as_of; "This quarter" is the whole
    quarter) says where the data stops, so its end is not read as data: "Closed 1 Oct 2026 –
    31 Dec 2026 (data to 26 Nov 2026) · …". `default_words`: why the range is not the usual default, when
    the view opened on another (winloss.filters.default_range_words), after the days: "Closed 1 Oct 2026 –
    26 Nov 2026 · Quarter to date, as the last 4 complete quarters (1 Oct 2025 – 30 Sep 2026) hold no
    closed deal · Win rate = …".
    """
    past = f" (data to {text.day(as_of)})" if as_of is not None and as_of < end else ""
    why = f" · {default_words}" if default_words else ""
    return f"Closed {text.day_range(start, end)}{past}{why} · {denominator.label}"


# Where a user changes the close-date range (ui.sidebar's "Close date"), as every sentence that sends them there says it.
CLOSE_DATE_CONTROL = "under Close date in the sidebar"


def closed_after_count(deals: pl.LazyFrame, end: dt.date) -> int:
    """How many of `deals` (dimension filters applied) closed after `end`: deals the range leaves out."""
    return int(deals.filter(IS_CLOSED & (pl.col("close_date") > end)).select(pl.len()).collect().item())


@dataclass(frozen=True)
class PresetHolds:
    """The closed deals (dimension filters applied) one preset's range holds, split by where they lie
    against the chosen range [ClosedAround.start, ClosedAround.end]: what the one rule (showing_choice)
    picks the preset to name by."""

    preset: str  # periods.PRESETS
    start: dt.date | None  # its first day; None for All time (every closed deal)
    end: dt.date | None  # its last day; None for All time
    before: int  # closed before the chosen range's start
    within: int  # closed in the chosen range
    after: int  # closed after the chosen range's end

    @property
    def held(self) -> int:
        return self.before + self.within + self.after


@dataclass(frozen=True)
class ClosedAround:
    """The closed deals (dimension filters applied) a close-date range holds and leaves out either side
    (closed_around), and those each preset's range holds (`presets`): what the sentence under the range
    (closed_after_sentence) and a page with nothing in the range (nothing_shown_advice) both read, so the
    two never send the user different ways."""

    start: dt.date
    end: dt.date
    preset: str  # the range's preset (periods.PRESETS) or "custom"
    before: int  # closed before `start`
    within: int  # closed in [start, end]
    after: int  # closed after `end`
    # Every preset's range, in periods.PRESETS' order, as the sidebar counts it from the same day (() when
    # closed_around was given no day: then All time, which holds every closed deal, is the one known).
    presets: tuple[PresetHolds, ...] = ()


def closed_around(deals: pl.LazyFrame, start: dt.date, end: dt.date, preset: str, reference: dt.date | None = None,
                  fy_start_month: int = 1, as_of: dt.date | None = None) -> ClosedAround:
    """ClosedAround of `deals` (dimension filters applied) for the range [start, end] chosen by `preset`:
    one query. A closed deal with no close date is in none of the counts. With `reference` (deals.preset_day),
    `fy_start_month` and `as_of` (the data's day), as winloss.filters.date_range counts the presets from them,
    each preset's range is counted too (PresetHolds), so the advice can name the nearest that shows a deal."""
    close = pl.col("close_date")
    ranges = ([(p, *periods.date_range_for(p, reference, fy_start_month, as_of)) for p in periods.PRESETS]
              if reference is not None else [])
    day = dt.timedelta(days=1)
    # Every count is of the closed deals between two of these days, so each day's count of those closed
    # before it is all the query makes: 21 counts made over every deal had cost six times the three before.
    points = sorted({start, end + day, *(d for _, first, last in ranges if first is not None and last is not None
                                          for d in (first, last + day))})
    row = deals.filter(IS_CLOSED).select(
        close.is_not_null().sum().alias("every"), *((close < d).sum().alias(d.isoformat()) for d in points),
    ).collect().row(0, named=True)
    below = {d: int(row[d.isoformat()] or 0) for d in points}
    every = int(row["every"] or 0)

    def between(low: dt.date | None, high: dt.date | None) -> int:
        """The closed deals from `low` to before `high` (None: no bound), both days among `points`."""
        if low is not None and high is not None and low >= high:
            return 0
        return (every if high is None else below[high]) - (0 if low is None else below[low])

    after_end = end + day
    before, within, after = between(None, start), between(start, after_end), between(after_end, None)
    presets = tuple(
        PresetHolds(p, first, last, before, within, after) if first is None or last is None else
        PresetHolds(p, first, last, between(first, min(last + day, start)),
                    between(max(first, start), min(last + day, after_end)), between(max(first, after_end), last + day))
        for p, first, last in ranges)
    return ClosedAround(start, end, preset, before, within, after, presets)


def _nearness(holds: PresetHolds, around: ClosedAround) -> tuple[int, float, int]:
    """How near a preset's range lies to the chosen range, nearest least: the days between the two (0 when
    they touch or overlap), then its length (All time's the longest), then the sidebar's order."""
    first, last = holds.start or dt.date.min, holds.end or dt.date.max
    gap = max(0, (first - around.end).days - 1, (around.start - last).days - 1)
    length = float("inf") if holds.start is None or holds.end is None else (last - first).days
    return gap, length, periods.PRESETS.index(holds.preset)


@dataclass(frozen=True)
class ShowingChoice:
    """The sidebar's choice that shows closed deals a range leaves out (showing_choice), and which of them."""

    step: str  # "choose Last quarter under Close date in the sidebar"
    before: int  # of the deals wanted, those closed before the range's start it shows
    after: int  # and after its end


def showing_choice(around: ClosedAround, before: bool = True, after: bool = True) -> ShowingChoice | None:
    """The one rule for which sidebar choice shows the closed deals `around`'s range leaves out, of those
    `before` its start and/or `after` its end: a custom range whose such deals lie on one side has that side
    moved ("move the range's end under Close date in the sidebar"); else the nearest preset other than the
    range's own whose range holds one of them (_nearness: the shortest of those touching the range, so
    "Last quarter" under an empty "Quarter to date" with last quarter's deals, "Quarter to date" under an
    empty "Last 4 complete quarters" with this quarter's), All time when no preset was counted. Under a
    "to date" preset it had always named All time. None when no such deal lies outside the range."""
    wanted_before, wanted_after = around.before if before else 0, around.after if after else 0
    if not (wanted_before or wanted_after):
        return None
    if around.preset == "custom" and bool(wanted_after) != bool(wanted_before):
        return ShowingChoice(f"move the range's {'end' if wanted_after else 'start'} {CLOSE_DATE_CONTROL}",
                             wanted_before, wanted_after)
    shows = [h for h in around.presets
             if h.preset != around.preset and ((before and h.before) or (after and h.after))]
    if not shows:
        return ShowingChoice(f"choose {periods.PRESET_LABELS['all']} {CLOSE_DATE_CONTROL}", wanted_before, wanted_after)
    nearest = min(shows, key=lambda h: _nearness(h, around))
    return ShowingChoice(f"choose {periods.PRESET_LABELS[nearest.preset]} {CLOSE_DATE_CONTROL}",
                         nearest.before if before else 0, nearest.after if after else 0)


def _of_the(shown: int, every: int, noun: str) -> str:
    """"the deal", "the 10 deals", "10 of the 11 deals": the deals a choice shows of those counted."""
    if shown == every:
        return f"the {noun}" if every == 1 else f"the {text.plural(every, noun)}"
    return f"{shown:,} of the {text.plural(every, noun)}"


def closed_after_sentence(around: ClosedAround) -> str | None:
    """What a page says under its range when deals closed after its end (`around`, closed_around): the
    default "Last 4 complete quarters" left this quarter's deals out with no word, so a leader who had just
    uploaded them saw none. None when there are none. The advice names the sidebar's choice that shows
    them by the one rule (showing_choice): "2 deals closed after 30 Sep 2026 are not in this range: choose
    Quarter to date under Close date in the sidebar to see them." A page whose range holds no closed deal
    says it in its advice instead (nothing_shown_advice)."""
    choice = showing_choice(around, before=False)
    if choice is None:
        return None
    n = around.after
    them = ("it" if n == 1 else "them") if choice.after == n else f"{choice.after:,} of them"
    return (f"{text.plural(n, 'deal')} closed after {text.day(around.end)} "
            f"{'is' if n == 1 else 'are'} not in this range: {choice.step} to see {them}.")


def outside_range_step(around: ClosedAround) -> str | None:
    """The step that shows the closed deals a range holding none of them leaves out (showing_choice), with
    how many it shows and where: "choose Quarter to date under Close date in the sidebar to see the 10 deals
    closed after 30 Sep 2026"; "choose Last quarter under Close date in the sidebar to see the 3 deals
    closed before 1 Oct 2026"; "choose All time under Close date in the sidebar to see the 12 closed deals
    outside it" when on both sides. None when the range holds a closed deal, or no closed deal lies outside it."""
    if around.within:
        return None
    choice = showing_choice(around)
    if choice is None:
        return None
    if choice.before and choice.after:
        where = f"{_of_the(choice.before + choice.after, around.before + around.after, 'closed deal')} outside it"
    elif choice.after:
        where = f"{_of_the(choice.after, around.after, 'deal')} closed after {text.day(around.end)}"
    else:
        where = f"{_of_the(choice.before, around.before, 'deal')} closed before {text.day(around.start)}"
    return f"{choice.step} to see {where}"


@dataclass(frozen=True)
class Unplaced:
    """Deals a dimension filter in force leaves out because they hold no value for it: no region, no team,
    no size band. Counted, not placed: such a deal might be in the values selected."""

    dimension: str  # the filter's query key (winloss.filters.DIMENSIONS): "size", "region", ...
    # Closed deals in the range with no value for the filter that every other filter keeps or cannot place
    # (`unplaced`); with `at_risk`, open deals at risk (`unplaced_at_risk`).
    deals: int
    # The filter's whole effect, so `deals` is never read as all it leaves out: of the deals counted (closed
    # in the range; at risk) that every other filter keeps or cannot place (`among`), how many it keeps
    # (`kept`). It leaves out among - kept, of which `deals` have no value for it.
    kept: int
    among: int
    # The Deal size filter's only: of those deals, the ones with an amount no exchange rate converts
    # (a deal has no size band when it has no amount in the reporting currency); the rest have no amount.
    no_rate: Unconverted | None = None
    at_risk: bool = False  # open deals an at-risk list would hold, not closed deals
    others: bool = False  # other dimension filters are in force, so `among` is not every deal counted


def unplaced(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date,
             reporting_currency: str) -> tuple[Unplaced, ...]:
    """For each dimension filter of `filters` (as winloss.filters.in_force leaves them), in their order,
    the closed deals of `deals` (every deal, no filter applied) closed in [start, end] that hold no value
    for it and that no other filter leaves out for a value it holds; a filter leaving none out is not
    listed. A deal with no value for two filters is counted for both, so it is never in neither count.
    A filter on Large alone had left out the won deals in a currency with no exchange rate without a word."""
    return _unplaced_where(deals, filters, closed_between(start, end), reporting_currency)


def unplaced_at_risk(deals: pl.LazyFrame, filters: Filters, today: dt.date, won_days: pl.DataFrame,
                     reporting_currency: str, *, created_by: dt.date | None = None,
                     open_at_end_of_today: bool = False) -> tuple[Unplaced, ...]:
    """`unplaced` of the open deals at risk: for each dimension filter of `filters`, the deals of `deals`
    (every deal, no filter applied; one rep's on their view) that the at-risk list (at_risk_open_deals with
    `today`, `created_by` and `open_at_end_of_today`) would hold but for that filter, holding no value for
    it. Judged by the list's own rule against its own threshold (`won_days`: the won_days_histogram the list
    was judged on), so the count is of deals missing from the list, not of every open deal with no value
    (most of which the list would not hold anyway). An open deal with no amount, or in a currency with no
    exchange rate, had dropped out of the list under a Deal size filter without a word."""
    where = at_risk_where(today, at_risk_threshold(won_days), created_by, open_at_end_of_today)
    return _unplaced_where(deals, filters, where, reporting_currency, at_risk=True)


def _unplaced_where(deals: pl.LazyFrame, filters: Filters, counted: pl.Expr, reporting_currency: str,
                    at_risk: bool = False) -> tuple[Unplaced, ...]:
    """`unplaced` of the deals where `counted` holds (closed in a range; at risk)."""
    conditions = dimension_conditions(filters)
    if not conditions:
        return ()
    held = {d: condition | pl.col(DIMENSIONS[d]).is_null() for d, condition in conditions.items()}
    # A deal with no value that the filter keeps (Coach = "No coach": Filters.blank) is not left out.
    left_out = {d: pl.all_horizontal([counted, pl.col(DIMENSIONS[d]).is_null(), ~conditions[d].fill_null(False),
                                      *(h for o, h in held.items() if o != d)])
                for d in conditions}
    # Of the deals the other filters keep or cannot place, those this one keeps: its whole effect beside the
    # count of those it cannot place, which alone had read as all it leaves out ("241 ... left out by the
    # Coach filter" of the 645 a filter on one coach leaves out of 800).
    among = {d: pl.all_horizontal([counted, *(h for o, h in held.items() if o != d)]).fill_null(False)
             for d in conditions}
    kept = {d: (among[d] & conditions[d]).fill_null(False) for d in conditions}
    counts = deals.select(**{d: where.sum() for d, where in left_out.items()},
                          **{f"among {d}": where.sum() for d, where in among.items()},
                          **{f"kept {d}": where.sum() for d, where in kept.items()}).collect().row(0, named=True)
    found = []
    for dimension in conditions:
        if not (count := counts[dimension]):
            continue
        no_rate = (unconverted(deals.filter(left_out[dimension]), reporting_currency)
                   if DIMENSIONS[dimension] == "size_band" else None)
        found.append(Unplaced(dimension, int(count), int(counts[f"kept {dimension}"]),
                              int(counts[f"among {dimension}"]), no_rate, at_risk, others=len(conditions) > 1))
    return tuple(found)


def unplaced_sentence(left_out: Unplaced, within: str | None = None, owner: str | None = None, *,
                      role: Role | None) -> str:
    """What a filtered page (and the review's files) says of the deals a filter cannot place (`unplaced`),
    beside the filter's whole effect, so the count is never read as all the filter leaves out; `within` names
    the closed deals' range ("in this range" unless given): "The Region filter keeps 155 of the 800 closed
    deals in this range; 241 of the 645 it leaves out have no region." Under other filters the deals it
    is counted among are those the others keep or cannot place: "... keeps 40 of the 90 closed deals in
    this range that the other filters keep or cannot place; ...". The Deal size filter's says why and what
    to do: "The Deal size filter keeps 60 of the 80 closed deals in this range; 12 of the 20 it leaves out
    have no deal size: 2 have no amount and 10 in EUR have no exchange rate to USD for EUR. Add the rate on
    the Data page, in the Currencies tab.", its reason and action in the words of every note on such deals
    (exchange.Unconverted.reason, .add_rates: to a reader whose `role` may not add rates, whom to ask).
    `owner`: the rep whose deals alone are counted (their view): "The Region filter keeps 5 of Cara Ng's 7
    closed deals in this range; the 2 it leaves out have no region." Open deals at risk (`unplaced_at_risk`),
    under an at-risk list, are "at risk" unless `within` says otherwise: "The Deal size filter keeps 10 of
    the 13 open deals at risk; the 3 it leaves out have no deal size: ...". Plain text."""
    label = DIMENSION_LABELS.get(left_out.dimension, left_out.dimension)
    noun = "open deal" if left_out.at_risk else "closed deal"
    if within is None:
        within = "at risk" if left_out.at_risk else "in this range"
    nouns = noun if left_out.among == 1 else f"{noun}s"
    # On a rep's view the deals are theirs: "5 of Cara's 7 closed deals", not read against the team's.
    whose = f"{owner}'s" if owner is not None else "the"
    others = " that the other filters keep or cannot place" if left_out.others else ""
    dropped = left_out.among - left_out.kept
    # "the 3 it leaves out have", "12 of the 20 it leaves out have": those with no value against all it drops.
    part = f"the {dropped:,}" if left_out.deals == dropped else f"{left_out.deals:,} of the {dropped:,}"
    said = (f"The {label} filter keeps {left_out.kept:,} of {whose} {left_out.among:,} {nouns} {within}{others}; "
            f"{part} it leaves out {'has' if left_out.deals == 1 else 'have'} no {label.lower()}")
    no_rate = left_out.no_rate
    if no_rate is None:
        return said + "."
    add = no_rate.add_rates(role)
    return f"{said}: {without_amount_reasons(left_out.deals, no_rate)}." + (f" {add}" if add else "")


def without_amount_reasons(deals: int, no_rate: Unconverted) -> str:
    """Why `deals` deals have no amount in the reporting currency, those of `no_rate` (exchange.Unconverted)
    for want of an exchange rate and the rest for want of any amount: "2 have no amount and 10 in EUR have no
    exchange rate to USD for EUR", "60 in EUR have no exchange rate to USD for EUR", "3 have no amount". How a
    filter's unplaced deals and the size bands' left-out deals are told apart, in the rates notes' words."""
    why = []
    if no_amount := deals - no_rate.deals:
        why.append(f"{no_amount:,} {'has' if no_amount == 1 else 'have'} no amount")
    if no_rate.deals:  # "10 in EUR and 3 in GBP have ...", as the rates sentence counts them
        why.append(f"{no_rate.in_currencies('')} {'has' if no_rate.deals == 1 else 'have'} {no_rate.reason}")
    return text.listed(why)


def closed_by(deals: pl.LazyFrame, end: dt.date) -> pl.LazyFrame:
    """Deals that closed by `end` (quarter-on-quarter changes stop where the range does)."""
    return deals.filter(pl.col("close_date") <= end)


def active_filters(filters: Filters) -> list[tuple[str, tuple[str, ...]]]:
    """The dimension filters in force as (label, values): [("Region", ("APAC",)), ...], each filter's values in
    the order the sidebar offers them (filters.in_offered_order: "Deal size = Small, Medium" however chosen).

    Every page states them, so filtered numbers are never read as company totals. The values
    come from the data: a page escapes them for where it writes them.
    """
    return [(DIMENSION_LABELS.get(d, d), in_offered_order(d, values, filters.blank(d))) for d, values in filters.selected if values]


def command_line_range_sentence(around: ClosedAround) -> str:
    """What `python -m winloss report` says when its range (--from and --to: a custom range, `around` counted
    with no preset) holds no closed deal, by the one rule (showing_choice) in the command's words: a side to
    move when the closed deals lie on one side ("No closed deals in that range: give a later --to to count the
    12 deals closed after 30 Sep 2026."), both flags left out when on both. It had said "No closed deals in that
    range." and nothing of what to do. Fixed words, counts and days only."""
    step = _command_line_step(around, "deal", "closed deal")
    if step is None:
        return "No closed deals in that range, nor outside it: ingest an export with closed deals first."
    return f"No closed deals in that range: {step}."


def _command_line_step(around: ClosedAround, one_side: str, both_sides: str) -> str | None:
    """The flag that counts the deals `around`'s custom range leaves out, by the one rule (showing_choice), naming
    them by `one_side` when they lie on one side ("give a later --to to count the 3 deals closed after 30 Sep
    2026"), by `both_sides` when on both ("leave out --from and --to to count the 5 closed deals outside it");
    None when none lies outside it."""
    choice = showing_choice(around)
    if choice is None:
        return None
    before, after = choice.before, choice.after  # with no preset counted, every closed deal on the sides named
    if before and after:
        return f"leave out --from and --to to count {_of_the(before + after, before + after, both_sides)} outside it"
    if after:
        return f"give a later --to to count {_of_the(after, after, one_side)} closed after {text.day(around.end)}"
    return f"give an earlier --from to count {_of_the(before, before, one_side)} closed before {text.day(around.start)}"


LOSSES_NOUN: Final = "lost or no-decision deal"


def command_line_losses_sentence(deals: pl.LazyFrame, start: dt.date, end: dt.date) -> str:
    """What `python -m winloss report --by loss_reason` says when its range ([start, end]: --from and --to, a
    custom range) holds no lost or no-decision deal of `deals` (the stored deals, as measured), by the rule of
    command_line_range_sentence counted over those deals alone: the flag that counts the ones outside it ("No lost
    or no-decision deals in that range: give a later --to to count the 3 lost or no-decision deals closed after 30
    Sep 2026."), or, with none in the store, what adds them. It had said only "No lost or no-decision deals in that
    range." Fixed words, counts and days only."""
    losses = deals.filter(pl.col("outcome").is_in([LOST, NO_DECISION]))
    step = _command_line_step(closed_around(losses, start, end, "custom"), LOSSES_NOUN, LOSSES_NOUN)
    if step is None:
        return ("The store holds no lost or no-decision deals, in that range or outside it: ingest an export with lost "
                "deals to count their loss reasons.")
    return f"No lost or no-decision deals in that range: {step}."


def more_range_step(around: ClosedAround) -> str | None:
    """The step that counts more closed deals than a range holding some (too few for what a page draws), by
    the one rule (showing_choice's nearness): a custom range's one side moved when the closed deals it leaves
    out lie on that side, else the nearest preset other than the range's own whose range holds more closed
    deals than it, one holding every deal it holds first (a rate on more deals, not on others instead):
    "choose Year to date under Close date in the sidebar to count 52 closed deals". All time when no preset
    was counted. None when no preset holds more (every closed deal is in the range already). It had said
    "Widen the range", which no preset is."""
    if not (around.before or around.after):
        return None
    if around.preset == "custom" and bool(around.before) != bool(around.after):
        choice = showing_choice(around)
        held = around.within + around.before + around.after
        step = choice.step if choice else None
    else:
        more = [h for h in around.presets if h.preset != around.preset and h.held > around.within]
        if around.presets and not more:
            return None
        # One holding every deal of the range first: a rate counted on more deals, not on others instead.
        nearest = min(more, key=lambda h: (h.within < around.within, *_nearness(h, around))) if more else None
        held = nearest.held if nearest else around.within + around.before + around.after
        step = f"choose {periods.PRESET_LABELS[nearest.preset if nearest else 'all']} {CLOSE_DATE_CONTROL}"
    return f"{step} to count {text.plural(held, 'closed deal')}" if step else None


def range_step(around: ClosedAround) -> str | None:
    """What the close-date range can do for a page with nothing to show, by the one rule (showing_choice):
    with no closed deal in the range, the choice that shows those it leaves out (outside_range_step); with
    some (too few), the choice that counts more (more_range_step). None when no range would do either."""
    return outside_range_step(around) if not around.within else more_range_step(around)


def nothing_shown_advice(filters: Filters, around: ClosedAround | None, also: Sequence[str] = ()) -> str:
    """What a page that has nothing to show tells the user to do, by what could have left it empty: the
    close-date range, by the one rule (range_step of `around`, the closed deals the range holds and leaves
    out and each preset's range holds: closed_around; None where the page picks no close-date range, as the
    review picks whole quarters), the filters set, then `also`, the page's own ways ("turn on Show the charts
    anyway"). It said "Widen the date range or clear a filter in the sidebar" with no filter set.

    A range holding no closed deal while closed deals lie outside it names the choice that shows them, as
    the note under the range does (outside_range_step): "Choose Quarter to date under Close date in the
    sidebar to see the 10 deals closed after 30 Sep 2026." It had said "Widen the range" under a note saying
    to choose Quarter to date, and widening the start showed nothing. A range holding too few names the
    choice that counts more (more_range_step). With no closed deal outside it, no range step is said: only a
    filter's clearing, else an upload (of more closed deals, when the range holds every one)."""
    step = range_step(around) if around is not None else None
    steps = ([step] if step else []) + (["clear a filter in the sidebar"] if active_filters(filters) else []) + list(also)
    if not steps:  # every closed deal is in the range already, when it holds some
        return f"Upload an export with {'more ' if around is not None and around.within else ''}closed deals on the Data page."
    return text.sentence(" or ".join(steps)) + "."


# The rates a trend by quarter draws (charts.rate_trend's series), by column; each one's n is RATE_N's.
TREND_RATES: Final = ("win_rate", "no_decision_share_of_losses")


def withheld_chart_sentence(group: str, what: str, then: str, *, within: str = "", unit: str = "deals",
                            are: bool = False, min_n: int = MIN_N) -> str:
    """The one sentence that stands in place of a chart every rate of which would be withheld (each on fewer
    than `min_n` of its n: too_small), which is then not drawn: it had been drawn as empty axes, hollow rings or
    grey hatched stubs under an axis that gave no rate. Said alike for every such chart (a trend by quarter,
    win rate by seller profile, by complexity band): the threshold, what is not drawn, then `then`, where the
    deals are counted instead or what to do (": the 2 closed deals are in the outcome mix beside this.",
    ". Turn on Show the charts anyway.").
    `group`: what each rate is of ("quarter", "profile"); `within`: where it is counted, when not the page's
    range (" in any deal size band", " in 2026 Q3 or 2026 Q2"); `unit`: what its n counts ("losses");
    `what`: the chart, as a sentence names it ("win rate by seller profile"), `are` when it names two rates.

    "No profile has the 20 deals a rate needs, so win rate by seller profile is not drawn. …" """
    return f"No {group} has the {min_n} {unit} a rate needs{within}, so {what} {'are' if are else 'is'} not drawn{then}"


# The switch of a page whose charts give way to a sentence when every rate of one is withheld (withheld_chart_sentence):
# on, each such chart is drawn as it would be, its bars grey stubs. The sentences name it (withheld_advice); the pages draw
# it once (ui.withheld.AnywaySwitch), bound to the page's address as SHOW_ANYWAY_PARAM (?show_anyway=true).
SHOW_ANYWAY_LABEL: Final = "Show the charts anyway"
SHOW_ANYWAY_PARAM: Final = "show_anyway"


def withheld_advice(filters: Filters, around: ClosedAround | None) -> str:
    """What a chart of a page whose every rate is withheld tells the user to do, in its sentence's place
    (withheld_chart_sentence): the range's choice that counts more closed deals (nothing_shown_advice of `around`:
    closed_around), clear a filter if one is set, or turn on the switch that draws it anyway (SHOW_ANYWAY_LABEL).
    "Choose Last 4 complete quarters under Close date in the sidebar to count 52 closed deals or turn on Show the
    charts anyway." """
    return nothing_shown_advice(filters, around, also=[f"turn on {SHOW_ANYWAY_LABEL}"])


def every_rate_withheld(frame: pl.DataFrame, rate: str, min_n: int = MIN_N) -> bool:
    """Whether a chart of `frame`'s `rate` by group (one row a bar, its n in RATE_N[rate]) would draw no rate at all,
    each on fewer than `min_n` of its n (too_few): the one rule by which such a chart gives way to
    withheld_chart_sentence, on every page, the rate's n being somewhere (a chart of no n at all, every deal won,
    say, is said otherwise). False for no rows."""
    n = share_n(frame.columns, rate)
    if frame.height == 0 or not int(frame[n].fill_null(0).sum()):
        return False
    return all(too_few(frame, rate, min_n))


def withheld_trend_sentence(trend: pl.DataFrame, whose: str, where: str, min_n: int = MIN_N) -> str | None:
    """What stands in place of a trend by quarter (quarterly_trend's frame, which charts.rate_trend draws)
    every rate of which would be withheld, each quarter's win rate and no decision ÷ losses on fewer than
    `min_n` deals (withheld_chart_sentence); None when one rate is drawn, or no quarter has a closed deal (said
    otherwise). `whose`: whose rates, "the rep's" ("" for the range's); `where`: where the closed deals are
    counted instead, "the outcome mix beside this and the rep's deals below".

    "No quarter has the 20 deals a rate needs, so the rep's win rate and no decision ÷ losses by quarter are
    not drawn: the 2 closed deals are in the outcome mix beside this and the rep's deals below." """
    closed = trend.filter(pl.col("closed") > 0) if "closed" in trend.columns else trend.head(0)
    if closed.height == 0 or not all(too_small(n, min_n) for rate in TREND_RATES for n in closed[RATE_N[rate]].to_list()):
        return None
    deals = int(closed["closed"].sum())
    return withheld_chart_sentence(
        "quarter", f"{whose + ' ' if whose else 'the '}win rate and {text.ND_SHARE_OF_LOSSES.lower()} by quarter",
        f": {'the one closed deal is' if deals == 1 else f'the {deals:,} closed deals are'} in {where}.",
        are=True, min_n=min_n)


def no_losses_sentence(closed: int, what: str, filters: Filters, around: ClosedAround | None) -> str:
    """What a page about losses says in place of charts of them when every deal closed in the range
    was won (`closed` of them, more than none): the plain fact, what it leaves nothing of (`what`:
    "no share of losses by seller profile to chart"), and what to do (nothing_shown_advice of `around`). The charts
    had been drawn empty under "n = 0 losses" and "The 0 reps losing the largest share"."""
    every = "the one closed deal was won" if closed == 1 else f"all {closed:,} closed deals were won"
    return (f"No deal closed in this range was lost or ended in no decision ({every}), so there is {what}. "
            f"{nothing_shown_advice(filters, around)}")


def nothing_to_rate_sentence(closed: int, what: str, filters: Filters, around: ClosedAround | None) -> str:
    """What a win-rate chart says in place of its n when the rate excludes no decision and every deal
    closed in the range (`closed` of them, more than none) ended in no decision, in no_losses_sentence's
    manner: the plain fact, what it leaves nothing of (`what`: "no win rate by seller profile to chart"),
    and what to do. The caption had read "n = 0 deals" under bars of nothing."""
    every = "the one closed deal ended" if closed == 1 else f"all {closed:,} closed deals ended"
    advice = nothing_shown_advice(filters, around)
    return (f"No deal closed in this range was won or lost ({every} in no decision), so there is no won or lost"
            f" deal to rate and {what}: the win rate counts won and lost deals only. Set Win rate counts to"
            f" {RATE_LABELS[Denominator.CLOSED.value]} in the sidebar to count the no-decision deals, or"
            f" {advice[:1].lower()}{advice[1:]}")


def filtered_sentence(
    chosen: Sequence[tuple[str, Sequence[str]]], escape: Callable[[str], str] = str, strong: Callable[[str], str] = str
) -> str | None:
    """"Filtered: Region = APAC; Segment = Enterprise — not company totals." for the filters in
    force (active_filters), the values passed through `escape` for where the sentence goes and the
    first word through `strong`; None when nothing is filtered. Every page and every review file
    says it, so filtered numbers are never read as company totals."""
    if not chosen:
        return None
    parts = [f"{label} = {', '.join(escape(v) for v in values)}" for label, values in chosen]
    return f"{strong('Filtered:')} {'; '.join(parts)} — not company totals."


def first_row(frame: pl.DataFrame) -> dict:
    return frame.row(0, named=True) if frame.height else {}


def names(values: Sequence[str]) -> str:
    return ", ".join(values)


def no_decision_bars_caption(losses: int, click: str) -> str:
    """The caption of every chart of no decision ÷ losses by group (profile, region, segment), on each
    page alike: the formula, its n (`losses`, lost + no decision, all groups together), the whiskers,
    the small-n rule, then `click` (what a click on a bar opens, one sentence)."""
    return (f"{text.sentence(text.ND_SHARE_OF_LOSSES_FORMULA)}; {text.n_of(losses, 'loss', 'losses')}. "
            f"{text.sentence(text.WHISKERS)}; {text.small_n_note(text.LOSSES)}. {click}")


def stages_that_say_more(deals: pl.DataFrame) -> pl.DataFrame:
    """`deals` (a deal list: outcome as codes, stage as exported) with its stage column where a stage
    says more than its deal's outcome, and without it where none does: a closed deal's stage that only
    repeats its outcome ("Closed Won" beside won: ingest.outcomes.outcome_stage_repeats), or "Closed
    Lost" beside no decision (a loss whose reason made it no decision: the Loss reason column says why),
    says nothing more, so a list of won deals has no Stage column. An open deal's stage, the stage a deal
    was lost at ("Negotiation"), "Canceled", and a stage at odds with the outcome ("Closed Lost" on a won
    deal) say more. Where the column is shown every deal's stage is shown as exported: a won deal's stage
    left out read "—" beside another won deal's "Signed", as if it had none. A frame without stage or
    outcome is returned as it is.
    """
    if "stage" not in deals.columns or "outcome" not in deals.columns:
        return deals
    # Each distinct stage value is read once, not each row.
    stages = deals.get_column("stage").drop_nulls().unique().to_list()
    repeats = {stage: out for stage in stages if (out := outcome_stage_repeats(stage)) is not None}
    said = pl.col("stage").replace_strict(repeats, default=None, return_dtype=pl.String)
    repeated = (said == pl.col("outcome")) | ((said == LOST) & (pl.col("outcome") == NO_DECISION))
    says_more = deals.select((pl.col("stage").is_not_null() & ~repeated.fill_null(False)).any()).item()
    return deals if says_more else deals.drop("stage")


# A deal's details an export may not have at all (a roster without regions, an export without a
# competitor or company column: HubSpot's deals export names no account), or none of a list's deals
# has (a won deal has no loss reason): a deal list leaves such a column out when none of its deals has
# a value. The deals behind the Won bar showed a Loss reason column of "—" in every row, and every deal
# list of a HubSpot export an Account column of "—" (the account, a list's first column, was not one
# of these details).
OPTIONAL_DEAL_DETAILS = ("account", "region", "segment", "product", "competitor", "loss_reason")


def without_empty_details(deals: pl.DataFrame) -> pl.DataFrame:
    """`deals` (a deal list) without the OPTIONAL_DEAL_DETAILS columns no deal of it has a value in:
    with no region in the data, the list's every columns showed a Region column of "—", as the
    leaderboard once showed a Team column of "—", and a list of won deals a Loss reason of "—". A
    value that is only blanks ("" or spaces) is no value: it reads as "—" all the same. The one rule of
    every deal list: the lists under a chart or a page (ui.drill) and the review's at-risk table, on
    the page, in the deck and in the report."""
    empty = [c for c in OPTIONAL_DEAL_DETAILS if c in deals.columns and not _has_a_value(deals.get_column(c))]
    return deals.drop(empty)


def has_accounts(deals: pl.DataFrame) -> bool:
    """Whether any deal of `deals` (a deal list) names its account, by without_empty_details' rule: a
    list without one has no Account column, and a search by account would find nothing ever."""
    return "account" in deals.columns and _has_a_value(deals.get_column("account"))


def _has_a_value(column: pl.Series) -> bool:
    """Whether any cell of a deal list's `column` holds something to read: not null, and for text not
    blank."""
    if column.dtype in (pl.String, pl.Categorical) or isinstance(column.dtype, pl.Enum):
        return bool((column.cast(pl.String).str.strip_chars().str.len_chars() > 0).any())
    return column.null_count() < column.len()


def reasons_table(reasons: pl.DataFrame, hide_amounts: bool = False, top: int | None = None) -> pl.DataFrame:
    """A loss-reason chart's CSV: loss_reasons' frame (loss_reason, outcome, deals, share, amount) as the
    chart draws it (measures.no_decision.as_drawn, `top` reasons a bar each, TOP_REASONS by default, as
    charts.reason_bars draws them: the others one row, "3 other reasons", as their one bar) with
    the shares' n, `losses` (every lost and no-decision deal), before the share, which chart_csv empties
    below MIN_N losses as the bars give counts alone there (text.shares_shown). After the amount, what it
    leaves out, as `report --json` says of a won value, when the frame says it (loss_reasons with a
    reporting currency): amount_unconverted (deals no rate converts), amount_unconverted_currencies (their
    currencies, "EUR, GBP"; NO_CURRENCY for deals naming none) and amount_partial (true when the amount is a
    sum that leaves some out: exchange.partial_sum). Without the amount and those when amounts are hidden."""
    from winloss.exchange import partial_sum
    from winloss.measures.no_decision import TOP_REASONS, UNCONVERTED, UNCONVERTED_IN, as_drawn

    losses = int(reasons["deals"].sum()) if reasons.height else 0
    reasons = as_drawn(reasons, TOP_REASONS if top is None else top)
    reasons = reasons.with_columns(pl.lit(losses, pl.Int64).alias("losses"))
    money = ["amount"]
    if UNCONVERTED in reasons.columns:
        partial = [partial_sum(amount, int(left)) for amount, left in reasons.select("amount", UNCONVERTED).iter_rows()]
        reasons = reasons.with_columns(pl.col(UNCONVERTED_IN).list.join(", "), pl.Series(PARTIAL, partial, dtype=pl.Boolean))
        money += [UNCONVERTED, UNCONVERTED_IN, PARTIAL]
    reasons = reasons.select(*(c for c in reasons.columns if c not in ("losses", "share", *money)), "losses",
                             *(c for c in ("share", *money) if c in reasons.columns))
    return reasons.drop(money, strict=False) if hide_amounts else reasons


# Whether a loss reason's amount in its CSV is a sum that leaves out deals no rate converts (reasons_table).
PARTIAL: Final = "amount_partial"


# ---- the deals behind a rate's point --------------------------------------------------------------
SHARE_OF_LOSSES_N: Final = (LOST, NO_DECISION)  # the deals a no-decision share of losses divides


@dataclass(frozen=True)
class PointDeals:
    """Which deals a click on a trend's point lists: those of the quarter its rate is made of."""

    outcome: str | tuple[str, ...]  # deals_behind's `outcome`
    noun: str  # what the list's heading calls them ("Deals closed in 2026 Q1")
    losses: bool  # the list is a no-decision share of losses' n (deal_lists.count_sentence)


def point_deals(series: str | None) -> PointDeals:
    """The deals behind a trend's point of `series` (the rate's column, customdata[1] of
    charts.rate_trend's points): a no-decision share of losses' point lists its n, the quarter's lost
    and no-decision deals ("Lost and no-decision deals closed in 2026 Q1"), where it listed every deal
    closed in the quarter, won ones too, under a point of n = 90 losses; a win rate's point the
    quarter's closed deals ("Deals closed in 2026 Q1"), whose count says which its n leaves out."""
    if series == "no_decision_share_of_losses":
        return PointDeals(SHARE_OF_LOSSES_N, "Lost and no-decision deals", True)
    return PointDeals("closed", "Deals", False)


# ---- a chart's CSV: the small-n rule, once ---------------------------------------------------------
# Each rate a chart's CSV may hold, and the column of its n beside it. Below MIN_N of that n the rate and
# its interval are empty, as the chart withholds them: the Reps page's CSV wrote win_rate 1.0 for a rep
# with n = 2, where the outcome mix and the loss reasons left their shares empty.
CHART_CSV_N: Final = {
    "win_rate": "n",
    "value_win_rate": "value_n",
    "no_decision_share_of_losses": "losses",
    "no_decision_share_of_closed": "closed",
    "team_win_rate": "team_n",  # the team's, beside the rep's (reps.trend_data)
    "team_no_decision_share_of_losses": "team_losses",
    "previous_win_rate": "previous_n",
    "rest_win_rate": "rest_n",
    "share_of_closed": "closed",  # an outcome's share of the closed deals (the outcome mix)
    "share": "losses",  # a loss reason's share of the lost and no-decision deals
    "top_share": "top_reps",  # a profile's share of the top reps (the top-performer mix)
    "all_share": "ranked_reps",  # ... and of all ranked reps
    "before": "n_before",  # a mover's rate last quarter
    "after": "n_after",  # ... and this quarter
    "no_decision_value_share": "closed",  # the no-decision amount's share of the closed deals' amount
    "at_risk_share": "open",  # a profile's at-risk share of its open deals (the review's at-risk chart)
    "at_risk_value_share": "open",  # ... and of their amount
}
# A column a chart's CSV holds that is named as a rate or a share (win_rate, share_of_closed,
# at_risk_value_share, their intervals); a count of deals with no exchange rate (no_rate) is not one.
# Each must be in CHART_CSV_N or CHART_CSV_NOT_MEASURED: the review's at-risk CSV wrote at_risk_share on
# 9 open deals, a share that was in no list and so passed the rule by.
CHART_CSV_RATE_NAME: Final = re.compile(r"(^|_)((?<!no_)rate|share)(_of_[a-z]+)?(_lo|_hi)?$")
# Shares a chart's CSV gives that are not measured on these deals: the published study's profile mix.
CHART_CSV_NOT_MEASURED: Final = frozenset({"study_all_share", "study_top_share"})
# An n a frame names otherwise, and the name it has in a CSV.
CHART_CSV_N_NAMES: Final = {"no_decision_share_of_losses_n": "losses"}
# What compares two rates of a row, empty when either rate is: a difference, its change and its test.
CHART_CSV_COMPARISONS: Final = (
    (("difference", "p_value"), ("win_rate", "rest_win_rate")),
    (("change", "p_value"), ("before", "after")),
)
# Columns that said "this rate is on too few deals" beside the rate itself: an empty rate says it now.
CHART_CSV_SMALL_FLAGS: Final = ("small_n", "previous_small_n", "no_decision_small_n")


def share_n(columns: Sequence[str], share: str) -> str:
    """The column of `columns` (a chart's frame) that holds the n of `share` (a rate or share of
    CHART_CSV_N): the deals it divides by, by its name in a CSV or by the name the frame gives it
    (CHART_CSV_N_NAMES: no_decision_share_of_losses_n for `losses`). Raises ValueError for a share the
    rule does not know or a frame without its n."""
    if share not in CHART_CSV_N:
        raise ValueError(f"{share} is not a rate or share the small-n rule (CHART_CSV_N) knows.")
    n = CHART_CSV_N[share]
    if n in columns:
        return n
    named = next((old for old, new in CHART_CSV_N_NAMES.items() if new == n and old in columns), None)
    if named is None:
        raise ValueError(f"{share} needs its n, {n}, beside it.")
    return named


def too_few_expr(share: str, columns: Sequence[str], min_n: int = MIN_N) -> pl.Expr:
    """Whether a row's `share` is on too few deals: the n it divides by (share_n) below `min_n`, an n of
    none counting as 0. The one small-n rule of a chart's marks (too_few) and of its CSV (chart_csv)."""
    return pl.col(share_n(columns, share)).fill_null(0) < min_n


def too_few(frame: pl.DataFrame, share: str, min_n: int = MIN_N) -> list[bool]:
    """Per row of `frame`, whether its `share` is on too few deals (too_few_expr): where a chart hatches its
    bar or draws its point hollow, gives no percentage on the bar, in its label or in its hover, and its
    CSV leaves the share empty. The review's value bar of no-decision amount ÷ closed amount was hatched by
    the quarter's losses while its CSV emptied it by the closed deals it divides by."""
    return frame.select(too_few_expr(share, frame.columns, min_n)).to_series().to_list()


def chart_csv(data: pl.DataFrame, min_n: int = MIN_N) -> pl.DataFrame:
    """`data` as a chart's CSV writes it, by one rule for every chart: each rate of CHART_CSV_N it holds
    (a fraction, 0-1) with its n in the column beside it, the rate and its interval (`_lo`, `_hi`) empty
    where that n is below `min_n` (text.shares_shown), as the chart shows no percentage there; a difference
    or test of two rates (CHART_CSV_COMPARISONS) empty when either rate is; the small-n flags that said so
    otherwise (CHART_CSV_SMALL_FLAGS) left out. A rate's n named otherwise in the frame is renamed
    (CHART_CSV_N_NAMES: no_decision_share_of_losses_n is `losses`).

    Raises ValueError for a rate whose n is not in `data`: a CSV of a rate without its n could not say
    why it is empty; and for a column named as a rate or a share (CHART_CSV_RATE_NAME) that the rule does
    not know, which it would write whatever its n. Its quarters are named as files name them
    (iso_dates.for_files: "2026-Q3", with the days counted), not in the page's words."""
    data = iso_dates.for_files(data)
    unknown = [c for c in data.columns if CHART_CSV_RATE_NAME.search(c) and c not in CHART_CSV_NOT_MEASURED
               and re.sub(r"_(lo|hi)$", "", c) not in CHART_CSV_N]
    if unknown:
        raise ValueError(f"A chart's CSV with {', '.join(unknown)}: a rate or share the small-n rule "
                         "(CHART_CSV_N) does not know, so it would be written on too few deals.")
    frame = data.rename({old: new for old, new in CHART_CSV_N_NAMES.items() if old in data.columns and new not in data.columns})
    withheld: dict[str, pl.Expr] = {}
    for rate, n in CHART_CSV_N.items():
        if rate not in frame.columns:
            continue
        if n not in frame.columns:
            raise ValueError(f"A chart's CSV with {rate} needs its n, {n}, beside it.")
        withheld[rate] = too_few_expr(rate, frame.columns, min_n)
    empty_when: dict[str, list[pl.Expr]] = {}
    for rate, small in withheld.items():
        for column in (rate, f"{rate}_lo", f"{rate}_hi"):
            empty_when.setdefault(column, []).append(small)
    for compared, rates in CHART_CSV_COMPARISONS:
        if all(r in withheld for r in rates):
            for column in compared:
                empty_when.setdefault(column, []).extend(withheld[r] for r in rates)
    emptied = [pl.when(pl.any_horizontal(*when)).then(None).otherwise(pl.col(column)).alias(column)
               for column, when in empty_when.items() if column in frame.columns]
    return frame.with_columns(emptied).drop([c for c in CHART_CSV_SMALL_FLAGS if c in frame.columns])


# ---- the view a chart's CSV is of ------------------------------------------------------------
# The columns that say, on every row of a chart's CSV, the view its figures are of: the close-date range
# (first and last day), the filters in force (filters_cell), what the win rate counts (the sidebar's words,
# RATE_LABELS), whether names are anonymised, and (VIEW_CURRENCY, only where the chart has amounts) the
# reporting currency they are in. Two CSVs of one chart under two views, a region's and the company's, or
# counting no decision and not, had the same columns and the same name and read as one disagreeing with the
# other. Columns, not a block of lines above the table: a file with lines above its header opens in Excel
# as a table with a broken first rows, and a program reading it has to know to skip them.
# A chart by quarter (a frame with named_quarters' days, iso_dates.QUARTER_START and QUARTER_END) counts each
# row over its own quarter, not over the view's range: its rows say their quarter's days, its file's name the
# span of them all (quarter_rows). The review's no-decision trend, 2025-Q3 to 2026-Q3, had said on every row and
# in its name the quarter reviewed, 2026-07-01 to 2026-09-30.
VIEW_RANGE_CSV: Final = ("close_date_from", "close_date_to", "filters", "win_rate_counts")
VIEW_NAMES: Final = "names_anonymised"
VIEW_CURRENCY: Final = "currency"
VIEW_CSV: Final = (*VIEW_RANGE_CSV, VIEW_NAMES)
NO_FILTERS: Final = "none"  # the filters column of a view with no filter set


def filters_cell(chosen: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The filters in force (active_filters: label, values) as one CSV cell, in the words of the page's
    "Filtered" line (filtered_sentence): "Team = Falcons; Deal size = Small, Medium", NO_FILTERS for none.
    Values as the data writes them: a CSV cell is text, not Markdown."""
    return "; ".join(f"{label} = {', '.join(values)}" for label, values in chosen) or NO_FILTERS


@dataclass(frozen=True)
class ChartView:
    """The view a chart draws, as its CSV states it (with_view) and its file's name says it (chart_file_name).

    `start`, `end`: the close-date range (None, with `filtered` empty and `denominator` None, for a chart not
    of deals in a range: a rep's profile assessment); `filtered`: the filters in force (active_filters);
    `denominator`: what a win rate counts; `anonymised`: rep, manager and coach names are pseudonyms;
    `currency`: the reporting currency (ISO 4217) the chart's amounts are in."""

    start: dt.date | None
    end: dt.date | None
    filtered: tuple[tuple[str, tuple[str, ...]], ...]
    denominator: Denominator | None
    anonymised: bool
    currency: str

    @property
    def of_deals(self) -> bool:
        """Whether the chart is of the deals closed in a range (every chart but a profile assessment's)."""
        return self.start is not None and self.end is not None


def chart_view(filters: Filters, start: dt.date, end: dt.date, anonymised: bool, currency: str) -> ChartView:
    """The ChartView of a page's charts: its deals closed `start` to `end` under `filters` (their
    dimension filters and win-rate definition), names `anonymised` or not, amounts in `currency`."""
    return ChartView(start, end, tuple((label, tuple(values)) for label, values in active_filters(filters)),
                     denominator(filters), anonymised, currency)


def answers_view(anonymised: bool) -> ChartView:
    """The ChartView of a chart not of deals in a range, a rep's profile assessment (their raters' answers as
    they stand, whatever the sidebar's range and filters): whether names are anonymised, nothing else."""
    return ChartView(None, None, (), None, anonymised, DEFAULT_REPORTING_CURRENCY)


def quarter_rows(data: pl.DataFrame) -> bool:
    """Whether `data` (a chart's frame) is by quarter, a row a quarter: it has the first and last day each
    row's quarter counts (named_quarters: iso_dates.QUARTER_START, QUARTER_END)."""
    return {iso_dates.QUARTER_START, iso_dates.QUARTER_END} <= set(data.columns)


def rows_span(data: pl.DataFrame | None, view: ChartView) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of the deals a chart's rows count: for a chart by quarter (quarter_rows), its
    first quarter's first day to its last quarter's last day (the review's no-decision trend, 2025-07-01 to
    2026-09-30 for 2026 Q3), else (and for one with no quarter) the view's range; None for a chart not of
    deals in a range (ChartView.of_deals)."""
    if view.start is None or view.end is None:
        return None
    if data is None or not quarter_rows(data):
        return view.start, view.end
    first, last = data.get_column(iso_dates.QUARTER_START).min(), data.get_column(iso_dates.QUARTER_END).max()
    if not isinstance(first, dt.date) or not isinstance(last, dt.date):
        return view.start, view.end
    return first, last


def with_view(data: pl.DataFrame, view: ChartView) -> pl.DataFrame:
    """`data` (a chart's CSV frame) with the view it is of in columns after its own, the same on every row:
    VIEW_RANGE_CSV for a chart of deals in a range (ChartView.of_deals), VIEW_NAMES always, VIEW_CURRENCY
    where the frame has amounts (file_values.money_columns). A chart by quarter (quarter_rows) says on each
    row the days that row counts, its quarter_start and quarter_end, as close_date_from and close_date_to.
    Raises ValueError for a frame that has a column of one of those names already: which of the two a reader
    would be reading is not known."""
    added: list[pl.Expr] = []
    if view.of_deals:
        rate = RATE_LABELS[(view.denominator or Denominator.CLOSED).value]
        span = ([pl.col(iso_dates.QUARTER_START).cast(pl.Date), pl.col(iso_dates.QUARTER_END).cast(pl.Date)]
                if quarter_rows(data) else [pl.lit(view.start, pl.Date), pl.lit(view.end, pl.Date)])
        added += [span[0].alias("close_date_from"), span[1].alias("close_date_to"),
                  pl.lit(filters_cell(view.filtered), pl.String).alias("filters"),
                  pl.lit(rate, pl.String).alias("win_rate_counts")]
    added.append(pl.lit(view.anonymised, pl.Boolean).alias(VIEW_NAMES))
    if money_columns(data):
        added.append(pl.lit(view.currency, pl.String).alias(VIEW_CURRENCY))
    clash = [e.meta.output_name() for e in added if e.meta.output_name() in data.columns]
    if clash:
        raise ValueError(f"A chart's CSV with its own {', '.join(clash)}: the view's column of that name would hide it.")
    return data.with_columns(added)


def chart_file(data: pl.DataFrame, view: ChartView) -> bytes:
    """The bytes of a chart's "Data behind this chart" CSV, every chart's by this one function: `data` (the
    chart's frame) by the chart CSV rule (chart_csv), the view it is of in columns after it (with_view),
    written as every file writes it (file_values.file_csv: amounts in the view's reporting currency, to its
    minor unit).

    Reads nothing but its arguments, so the app makes it on a click, on a thread of its own. Raises
    ValueError as chart_csv, with_view and file_values.for_files do."""
    return file_csv(with_view(chart_csv(data), view), view.currency)


CHART_NAME_SUBJECT: Final = 40  # characters of a chart's subject its file's name keeps however long its view's part


def chart_file_name(subject: str, view: ChartView, data: pl.DataFrame | None = None) -> str:
    """A chart CSV's file name, every chart's by this one function: what the chart is about (`subject`: its
    title as it reads with data, Markdown or Plotly escapes and all, which text.slug drops), then for a chart
    of deals in a range the days its rows count (rows_span of `data`, its frame: the view's range, or a chart
    by quarter's first quarter's first day to its last's last day) and the filters in force as a deal list's name gives them
    (deal_lists.list_file_name), then "excluding-no-decision" when the win rate counts won and lost deals only, and
    "anonymised" with names anonymised: "win-rate-and-no-decision-losses-by-quarter_2025-10-01-to-2026-09-30_
    region-emea_excluding-no-decision.csv". Two views' files had one name, the Overview's trend always
    "win-rate-and-no-decision-losses-by-quarter.csv". At most text.FILE_NAME_CHARACTERS characters and
    text.FILE_NAME_BYTES bytes before ".csv".

    Raises ValueError for a `subject` that is a sentence said in place of an empty chart's data
    (text.is_empty_chart_title): a file named "no-rep-has-20-deals-in-the-win-rate-in-this-range-none-is-ranked"
    says nothing of what it holds."""
    words = text.plain(subject)  # a title's Plotly entities as the reader sees them: "A&B", not "a-amp-b"
    if text.is_empty_chart_title(words):
        raise ValueError(f"A chart's file named after {words!r}, a sentence said in place of its data, not its subject.")
    span = rows_span(data, view)
    ranged = ([f"{span[0].isoformat()}-to-{span[1].isoformat()}",
               *(text.slug(f"{label} {' '.join(values)}") for label, values in view.filtered)]
              if span is not None else [])
    marks = ([text.slug(RATE_LABELS[Denominator.EXCLUDING_NO_DECISION.value])]
             if view.of_deals and view.denominator is Denominator.EXCLUDING_NO_DECISION else [])
    marks += [text.ANONYMISED_MARK] if view.anonymised else []
    # What tells two views apart is kept before the subject's last words: the subject is cut to leave the view
    # its room (keeping CHART_NAME_SUBJECT characters of it whatever the view), then the filters' values at the
    # end, never the marks (ASCII) after them.
    middle = "".join(f"_{part}" for part in ranged)
    tail = "".join(f"_{mark}" for mark in marks)
    room = max(text.FILE_NAME_CHARACTERS - len(middle) - len(tail), CHART_NAME_SUBJECT)
    head = (text.slug(words)[:room].rstrip("-") + middle)[:text.FILE_NAME_CHARACTERS - len(tail)]
    head = head.encode()[:text.FILE_NAME_BYTES - len(tail)].decode(errors="ignore")
    return head.rstrip("-_") + tail + ".csv"
