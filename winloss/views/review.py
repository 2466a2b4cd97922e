"""The quarterly review: its sections, plain-language findings and headline tiles, computed from the deals (no UI)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from collections.abc import Callable, Mapping, Sequence
from typing import Final, cast

import polars as pl

from data_models.vocabulary import NO_DECISION, OPEN, WON
from winloss import employment, iso_dates, periods, text
from winloss.access import Role
from winloss.anonymise import anonymised
from winloss.deals import AS_OF_RULE, data_as_of, export_day, preset_day, roster_people
from winloss.deals import deals as stored_deals
from winloss.exchange import DEFAULT_REPORTING_CURRENCY, Unconverted, left_out_of, no_rate_by, no_rate_reason, no_rate_words
from winloss.measures.at_risk import (
    NONE_AT_RISK, age_rule, at_risk_open_deals, at_risk_rule, none_at_risk, undated_note, won_days_histogram)
from winloss.measures.counting import (
    OUTCOME, Deals, amount_total, closed_between, first_close, lazy, open_by, open_on, sort_keys, undated_open_count)
from winloss.measures.profiles import deals_of_reps, profile_significance
from winloss.measures.summary import outcome_summary, won_value_index
from winloss.measures.trends import closed_quarters, quarterly_trend
from winloss.profile_sources import profile_sources, source_line
from winloss.rates import CHANGE_N, MIN_N, Denominator, change_min_n
from winloss.store.delta import Store
from winloss.text import (
    DASH,
    N_TOO_SMALL,
    ND_SHARE_OF_LOSSES,
    count,
    day,
    money,
    rate,
    ratio_change,
    relative,
    signed_count,
)
from winloss.filters import Filters
from winloss.views.common import (
    NAMED_QUARTER_COLUMNS,
    ChartView,
    Unplaced,
    empty_quarters_of,
    every_rate_withheld,
    named_quarters,
    no_deal_closed_sentence,
    share_n,
    short_quarter_names,
    too_few,
    too_few_expr,
    unplaced_at_risk,
    withheld_chart_sentence,
    without_empty_details,
)
from winloss.views.deal_lists import without_blank_names
from winloss.views.common import unplaced as unplaced_closed
from winloss.views.review_findings import MEASURE_LABELS, Finding, findings_for, n_change, passes
from winloss.views.reps import leaderboard, leaderboard_table

# The at-risk table's stage column for a pipeline judged on a past day (Review.stage_header).
STAGE_NOW: Final = "Stage now"
TREND_QUARTERS: Final = 8
MOVERS_PER_MEASURE: Final = 5
# Where a profile bar's words stand (Review.profile_bar_places): inside the bar at its base, or past its end.
AT_BASE: Final = "at base"
PAST_END: Final = "past end"
AT_RISK_ROWS: Final = 10

KPI_LABELS: Final = {
    "win_rate": "Win rate",
    "no_decision_share_of_losses": ND_SHARE_OF_LOSSES,
    "closed": "Closed deals",
    "won_amount": "Won value",
    "won_value_index": "Won value index",
}


class NoDataError(ValueError):
    """The quarter asked for has no closed deals; str(exc) is one sentence for the user."""


@dataclass(frozen=True)
class Review:
    """Every section of one quarter's review, ready to draw or export."""

    quarter: str
    previous: str
    last_year: str
    next: str
    start: date
    end: date
    as_of: date  # the day the open pipeline is judged at: the data's last upload
    denominator: str
    hide_amounts: bool
    anonymized: bool
    kpis: pl.DataFrame
    """kpi, label, kind (rate / count / money / index), value, previous, last_year, n,
    n_previous, n_last_year, small_n, small_n_previous, small_n_last_year."""
    profiles: pl.DataFrame
    """seller_profile, won, n, win_rate, win_rate_lo, win_rate_hi, small_n, previous_win_rate,
    previous_n, previous_small_n, reps (the reps whose deals make n), rest_won, rest_n, rest_reps (the reps whose
    deals make rest_n), rest_win_rate, difference, p_value, verdict."""
    no_decision: pl.DataFrame
    """quarter, lost, no_decision, losses, no_decision_share_of_losses (+ _lo, _hi), small_n, closed,
    no_decision_share_of_closed, no_decision_value_share; with amounts: no_decision_amount,
    closed_amount."""
    movers: pl.DataFrame
    """rep, seller_profile, measure, measure_label, before, after, change, n_before, n_after,
    p_value, significant."""
    at_risk: pl.DataFrame
    """The largest at-risk open deals (the longest open with amounts hidden: at_risk_order): opportunity_id, rep, seller_profile, account, opportunity_name
    (where the deals have the column; null where a deal has no name), stage, created_date, close_date,
    days_open, reason (and amount unless hidden). For a pipeline judged on a past day (pipeline_by_age)
    `stage` is where each deal stands now (at_risk.stage_now: "Won 12 Oct 2026" for one closed since),
    headed stage_header."""
    at_risk_by_profile: pl.DataFrame
    """seller_profile, open, at_risk, on_track, at_risk_share; with amounts: open_amount,
    at_risk_amount; always at_risk_value_share."""
    findings: tuple[Finding, ...]
    closed: int
    profile_sources: str = ""  # where the quarter's profiles came from (profile_sources.source_line), or ""
    currency: str = DEFAULT_REPORTING_CURRENCY  # every amount above is in it (the store's reporting currency)
    none_at_risk: str = NONE_AT_RISK  # what the at-risk list says when it is empty (at_risk.none_at_risk)
    # The dimension filters the deals were narrowed by, as (label, values) (views.common.active_filters):
    # a filtered review's files say so, so its numbers are never read as company totals.
    filtered: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The closed deals of the quarter those filters cannot place, having no value for one (no size band,
    # no region: views.common.unplaced), which the page and the files say beside them (scope_notes).
    unplaced: tuple[Unplaced, ...] = ()
    # The quarter's label ("2026 Q4"), where `quarter` is its name ("2026 Q4 to date" while it is in
    # progress on as_of, "2026 Q3 to 14 Aug" on an earlier day than the data's: reviewed_names,
    # periods.comparison_windows); "" reads as `quarter`.
    label: str = ""
    # The open pipeline's day: the quarter's end, or as_of for a quarter in progress (at_risk_tables),
    # and whether its deals are judged on age alone (a past day: being overdue then is not known).
    pipeline_day: date | None = None
    pipeline_by_age: bool = False
    # The deals each value figure leaves out, no exchange rate converting their amounts (left_out_notes):
    # the quarter's won deals (won value), the no-decision trend's closed deals (its value shares), the
    # open pipeline's deals and its at-risk ones (pipeline and at-risk value).
    won_left_out: Unconverted | None = None
    # The won deals no rate converts of the quarters the headline compares with (the previous one, the same one
    # last year): a side of the won value's change whose won deals all lack a rate says so (headline_tiles).
    won_left_out_previous: Unconverted | None = None
    won_left_out_last_year: Unconverted | None = None
    closed_left_out: Unconverted | None = None
    open_left_out: Unconverted | None = None
    at_risk_left_out: Unconverted | None = None
    # The deals with no created date (counting.undated_open): on a past pipeline day those left out of
    # the open deals, since whether they were open then is not known; on as_of the open deals counted
    # whose age is not known. at_risk_caption says which (at_risk.undated_note).
    undated_open: int = 0
    # The no-decision trend's no-decision deals no exchange rate converts (no_decision_value_missing).
    no_decision_left_out: Unconverted | None = None
    # Per quarter of `no_decision` with such deals, the currencies they lack a rate for (NO_CURRENCY for
    # those naming none): what its value bar's hover says they lack (no_decision_value_marks).
    no_decision_no_rate_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The pipeline's deals at risk the filters leave out of it, having no value for one (no size band, no
    # region: views.common.unplaced_at_risk), said under the at-risk table (export.words.at_risk_scope_notes).
    at_risk_unplaced: tuple[Unplaced, ...] = ()
    # The day the data describes (deals.data_as_of) when the review is as of an earlier day (`as_of`,
    # review_from_store's `today`): the day a deal's stage now is of (stage_now_note). None: `as_of`.
    data_day: date | None = None
    # The role (winloss.access) of whoever the review is made for: the page's visitor, who makes its deck
    # and report; the command line's user (access.LOCAL_ROLE). Its notes on deals no exchange rate converts
    # tell one who may add rates where, and anyone else whom to ask (exchange.add_rates_sentence). None,
    # no role known: they say whom to ask.
    role: Role | None = None
    # The reps who closed a deal in the quarter (to as_of while in progress), as the Reps leaderboard lists them
    # (reps_table: views.reps.leaderboard_table's rows and order, amounts left out); no rows, no table.
    reps: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def in_progress(self) -> bool:
        """Whether the quarter is not over on as_of: its figures are to date, compared to the same day."""
        return bool(self.label) and self.label != self.quarter

    @property
    def tag_names(self) -> tuple[str, str]:
        """(this quarter, the one before) as a small bar's tag names them: as briefly as tells them apart
        ("Q4", "Q3"), without "to date" or "to the same day", which a bar's width cannot hold (the legend
        and the title name them whole)."""
        label = self.label or self.quarter
        return short_quarter_names(label, periods.previous_quarter(label))

    def profile_bar_words(self, previous: bool = False) -> list[str]:
        """The words on each bar of the win rate by seller profile chart, of the quarter reviewed or, with
        `previous`, of the one before: its rate ("42%"), or on too few deals its quarter and n ("Q3<br>n = 12":
        the bar is grey in either quarter), "" with no deals. Both quarters are labelled, the page's,
        the HTML report's and the deck's bars alike, the one reviewed in PROFILE_BAR_INK's darker, larger
        type: on the page only the previous quarter's grey bars carried percentages, the quarter reviewed
        its rates under the axis alone, and the room read the previous quarter's as this one's."""
        rate, n, small = ("previous_win_rate", "previous_n", "previous_small_n") if previous else ("win_rate", "n", "small_n")
        short = self.tag_names[1 if previous else 0]
        return [("" if r[rate] is None else f"{short}<br>n = {r[n]}" if r[small] else text.percent(r[rate]))
                for r in self.profiles.iter_rows(named=True)]

    def profile_bar_places(self, previous: bool = False, holds: Callable[[float], bool] | None = None) -> list[str]:
        """Where each bar's words (profile_bar_words) stand, on the page, in the HTML report and in the deck
        alike: the quarter reviewed's AT_BASE, inside the bar at its base in the ink its fill takes, for its
        whisker runs past the bar's end, where the bar holds them (`holds(rate)`: by the drawing's own
        measure, charts.words_fit_at_base_px; every bar where None); a bar too short for them, one on too
        few deals (grey, no whisker) and the previous quarter's (no whisker) PAST_END: past the bar's end,
        or its whisker's where it has one. The deck stood the quarter's rates past the bar's end, where the
        page has them inside it; inside a short bar, the page's "6%" was shrunk to a few px."""
        small, rate = ("previous_small_n", "previous_win_rate") if previous else ("small_n", "win_rate")
        return [PAST_END if previous or r[small] or (holds is not None and r[rate] is not None and not holds(r[rate]))
                else AT_BASE for r in self.profiles.iter_rows(named=True)]

    @property
    def pipeline(self) -> str:
        """Which deals the at-risk pipeline is, as its chart's title opens: "Deals open at the end of
        2026 Q3", or "Deals open on 1 Dec 2026" while the quarter is in progress
        (pipeline_phrase)."""
        return text.sentence(pipeline_phrase(self.quarter, self.end, self.pipeline_day or self.end))

    @property
    def pipeline_when(self) -> str:
        """The pipeline's day after "at risk": "at the end of 2026 Q3", or "on 14 Aug 2026" for a past day
        within the quarter (a review as of a day before the data's); "" for the data's own day."""
        when = self.pipeline_day or self.end
        if not self.pipeline_by_age:
            return ""
        return f"at the end of {self.quarter}" if when == self.end else f"on {day(when)}"

    @property
    def at_risk_rule(self) -> str:
        """The rule the pipeline was judged on, in words (no final stop): on age alone for a past day."""
        return age_rule() if self.pipeline_by_age else at_risk_rule()

    @property
    def stage_header(self) -> str:
        """The at-risk table's stage column as the page, the deck and the report head it: "Stage", or
        STAGE_NOW for a pipeline judged on a past day, where a deal's stage is the one it has now, or
        what became of it since ("Won 12 Oct 2026"), not the one it had then (at_risk.stage_now)."""
        return STAGE_NOW if self.pipeline_by_age else "Stage"

    @property
    def at_risk_title(self) -> str:
        """The at-risk table's title: "Largest at-risk deals", or for a pipeline judged on a past day
        "Largest deals at risk at the end of 2026 Q3" (some have closed since). With amounts hidden the
        table is ordered by days open (at_risk_order), and says so: "Deals at risk, longest open first"."""
        if self.hide_amounts:
            when = f" {self.pipeline_when}" if self.pipeline_by_age else ""
            return f"Deals at risk{when}, longest open first"
        if self.pipeline_by_age:
            return f"Largest deals at risk {self.pipeline_when}"
        return "Largest at-risk deals"

    @property
    def at_risk_first(self) -> str:
        """Which of the at-risk deals a table cut short lists (words.rows_left_out): "Largest", or
        "Longest open" when amounts are hidden (at_risk_order)."""
        return "Longest open" if self.hide_amounts else "Largest"

    @property
    def denominator_label(self) -> str:
        return Denominator(self.denominator).label

    @property
    def open_deals(self) -> int:
        return int(self.at_risk_by_profile.get_column("open").sum())

    @property
    def at_risk_deals(self) -> int:
        return int(self.at_risk_by_profile.get_column("at_risk").sum())


# ---------------------------------------------------------------------------------------------
# Words and numbers


def kpi_value_text(kind: str, value: float | None, n: int, small_n: bool, currency: str = DEFAULT_REPORTING_CURRENCY) -> str:
    """A KPI's value as shown on a tile: a small-n rate shows its n instead of a bare percentage."""
    if value is None:
        return "—"
    if kind == "rate":
        return rate(value, n, small_n)
    if kind == "money":
        return money(value, currency)
    if kind == "index":
        return f"{text.whole(value)}"
    return count(int(value))


def kpi_change(
    kind: str, value: float | None, other: float | None, currency: str = DEFAULT_REPORTING_CURRENCY
) -> tuple[float, str] | None:
    """(the change as a number, as text): (3, "+3 pts") for rates, (0.08, "+$50k (+8%)") for money
    (text.won_value_change, in `currency`; the number is the amount when the other side is 0),
    (0.08, "+8%") for indices, (120, "+120") for counts; None when either side is missing."""
    if value is None or other is None:
        return None
    if kind == "rate":
        # From the percentages the charts label (text.points_between): "30%" and "30%" are "±0 pts".
        change = text.points_between(value, other)
        return round((change or 0) * 100), text.change_in_points(value, other) or ""
    if kind == "money":  # the amount and the percentage, as every screen writes a won-value change
        ratio = ratio_change(value, other)
        return (value - other if ratio is None else ratio), text.won_value_change(value, other, currency) or ""
    if kind == "index":
        ratio = ratio_change(value, other)
        return None if ratio is None else (ratio, relative(ratio) or "")
    difference = int(value - other)
    return difference, signed_count(difference) or ""


def kpi_change_text(
    kind: str, value: float | None, other: float | None, against: str, currency: str = DEFAULT_REPORTING_CURRENCY
) -> str | None:
    """"+3 pts vs 2026 Q2", "+$50k (+8%) vs 2025 Q3", "+120 vs 2026 Q2"; None when either side is missing."""
    change = kpi_change(kind, value, other, currency)
    return None if change is None else f"{change[1]} vs {against}"


# ---------------------------------------------------------------------------------------------
# The small-n and size rule


# ---------------------------------------------------------------------------------------------
# Sections


def quarters_with_data(deals: Deals, fy_start_month: int = 1, closed_by: date | None = None) -> list[str]:
    """Labels of the quarters with at least one closed deal (closed by `closed_by`, when given), newest first."""
    frame = quarterly_trend(deals, end=closed_by, fy_start_month=fy_start_month)
    return frame.filter(pl.col("closed") > 0).get_column("quarter").reverse().to_list()


def default_quarter(today: date, available: list[str], fy_start_month: int = 1) -> str | None:
    """The last complete quarter when it has data, else the newest quarter that does."""
    last = periods.last_complete_quarter(today, fy_start_month)
    if last in available:
        return last
    return available[0] if available else None


@dataclass(frozen=True)
class ReviewDays:
    """The days a review can be as of (the page's As of, the command line's --as-of): from the data's
    first close date (before it no deal had closed: there is no quarter to review) to the day the data
    describes (deals.data_as_of), which is the default. A review of an earlier day counts what had
    closed by it and takes its pipeline as it was then (quarterly_review's `data_day`)."""

    first: date
    newest: date

    @property
    def default(self) -> date:
        return self.newest

    def is_earlier(self, as_of: date) -> bool:
        """Whether a review as of `as_of` is of a day before the data's own."""
        return as_of < self.newest

    def outside(self, asked: date) -> str | None:
        """Why `asked` cannot be reviewed, in one sentence saying which days can ("The day 2026-10-20 is after
        the data's newest day, 2026-09-20: choose a day from 2024-01-05 to 2026-09-20."); None when it can.
        The days are written as they are typed (YYYY-MM-DD): the sentence answers a day typed in."""
        span = f"choose a day from {self.first.isoformat()} to {self.newest.isoformat()}"
        if asked > self.newest:
            return f"The day {asked.isoformat()} is after the data's newest day, {self.newest.isoformat()}: {span}."
        if asked < self.first:
            return (f"The day {asked.isoformat()} is before the data's first closed deal, on {self.first.isoformat()}:"
                    f" {span}.")
        return None

    def closed_by(self, as_of: date) -> date:
        """The day a review as of `as_of` counts closed deals to when it offers quarters (review_quarters):
        `as_of`, the data's own day at most. A closed deal dated after the data's day (a store's from before
        such deals were quarantined: ingest.future_closes) offers no quarter: one dated 15 Jan 2027 in an export
        of 7 Dec 2026 had the list start with "2027 Q1"."""
        return min(as_of, self.newest)

    def reference(self, preset: date, as_of: date) -> date:
        """The day a review as of `as_of` chooses its default quarter from (default_quarter): the day date
        presets count from (deals.preset_day, `preset`) for the data's own day, and no later than `as_of`
        for an earlier one, so the default is a quarter over by then."""
        return min(preset, as_of) if self.is_earlier(as_of) else preset


def linked_day_note(given: str, days: ReviewDays) -> str | None:
    """What the page says of a link's As of day (?as_of=) that is not one of the data's days, which the
    page's field drops for its default: why (ReviewDays.outside), then the day reviewed instead ("… The
    link's day is not reviewed: the review is as of the data's newest day, 26 Nov 2026."); None for a day
    it reviews. Plain text: `given` is from the link."""
    try:
        asked = date.fromisoformat(given.strip())
    except ValueError:
        return (f"The link's As of, '{given}', is not a date written YYYY-MM-DD, so the review is as of the data's"
                f" newest day, {day(days.default)}.")
    why = days.outside(asked)
    if why is None:
        return None
    return f"{why} The link's day is not reviewed: the review is as of the data's newest day, {day(days.default)}."


def review_days(first_close: date | None, data_day: date) -> ReviewDays:
    """The days a review can be as of (ReviewDays), from the data's first close date (StoreFacts.first_close;
    None with no closed deal) and its own day (deals.data_as_of). A first close after the data's day (a close
    date later than the export's day) leaves the data's day alone."""
    return ReviewDays(min(first_close or data_day, data_day), data_day)


def review_quarters(deals: Deals, days: ReviewDays, as_of: date, fy_start_month: int = 1) -> list[str]:
    """The quarters a review as of `as_of` can be of, newest first: those with a deal closed by then
    (ReviewDays.closed_by), so none starts after the day reviewed."""
    return quarters_with_data(deals, fy_start_month, days.closed_by(as_of))


def no_quarter_sentence(days: ReviewDays, as_of: date) -> str:
    """What the review says when no quarter can be reviewed as of `as_of` (review_quarters is empty)."""
    if days.is_earlier(as_of):
        return f"No deal matching these filters had closed by {day(as_of)}: choose a later day."
    return "No closed deals match these filters."


def kpi_table(
    this: dict, previous: dict, last_year: dict, min_n: int = MIN_N, hide_amounts: bool = False
) -> pl.DataFrame:
    """The headline KPIs of three overall outcome_summary rows (this, previous, same quarter last year).

    With amounts hidden, won value becomes an index with the previous quarter at 100.
    """
    rows = []
    for kpi, kind in (("win_rate", "rate"), ("no_decision_share_of_losses", "rate"), ("closed", "count")):
        ns = [r[CHANGE_N[kpi][0]] for r in (this, previous, last_year)]  # the n its changes are gated on
        rows.append(
            {
                "kpi": kpi, "label": KPI_LABELS[kpi], "kind": kind,
                "value": _float(this[kpi]), "previous": _float(previous[kpi]), "last_year": _float(last_year[kpi]),
                "n": ns[0], "n_previous": ns[1], "n_last_year": ns[2],
                **{f"small_n{s}": kind == "rate" and n < min_n for s, n in zip(("", "_previous", "_last_year"), ns, strict=False)},
            }
        )
    # Null when a quarter's won deals have no amount among them (counting.won_amount): "—", not "$0".
    won = [_float(r["won_amount"]) for r in (this, previous, last_year)]
    values: list[float | None]
    if hide_amounts:
        values = [won_value_index(w, won[1]) for w in won]
        kpi, kind = "won_value_index", "index"
    else:
        values, kpi, kind = [w for w in won], "won_amount", "money"
    ns = [r[CHANGE_N[kpi][0]] for r in (this, previous, last_year)]
    rows.append(
        {
            "kpi": kpi, "label": KPI_LABELS[kpi], "kind": kind,
            "value": values[0], "previous": values[1], "last_year": values[2],
            "n": ns[0], "n_previous": ns[1], "n_last_year": ns[2],
            "small_n": False, "small_n_previous": False, "small_n_last_year": False,
        }
    )
    return pl.DataFrame(
        rows,
        schema={
            "kpi": pl.String, "label": pl.String, "kind": pl.String, "value": pl.Float64,
            "previous": pl.Float64, "last_year": pl.Float64, "n": pl.Int64, "n_previous": pl.Int64,
            "n_last_year": pl.Int64, "small_n": pl.Boolean, "small_n_previous": pl.Boolean,
            "small_n_last_year": pl.Boolean,
        },
    )


def _compared_bounds(
    quarter: str, as_of: date | None, fy_start_month: int
) -> tuple[tuple[date, date], tuple[date, date]]:
    """(the quarter's bounds, the previous quarter's) as a change compares them (periods.comparison_windows)."""
    this, previous, _ = periods.comparison_windows(quarter, as_of, fy_start_month)
    return this.bounds, previous.bounds


def _float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def profile_table(
    deals: Deals, quarter: str, fy_start_month: int, denominator: Denominator, min_n: int, as_of: date | None = None,
) -> pl.DataFrame:
    """Win rate per seller profile in the quarter, the previous quarter's beside it, and the test
    of each profile against all others (profile_significance). A quarter in progress on `as_of` is
    to that day, the previous quarter to the same day (periods.comparison_windows)."""
    bounds, previous_bounds = _compared_bounds(quarter, as_of, fy_start_month)
    now = outcome_summary(deals, ["seller_profile"], *bounds, denominator, min_n)
    before = outcome_summary(deals, ["seller_profile"], *previous_bounds, denominator, min_n).select(
        "seller_profile",
        pl.col("win_rate").alias("previous_win_rate"),
        pl.col("n").alias("previous_n"),
        pl.col("small_n").alias("previous_small_n"),
    )
    tests = profile_significance(deals, *bounds, denominator, min_n).select(
        "seller_profile", "reps", "rest_won", "rest_n", "rest_reps", "rest_win_rate", "difference", "p_value", "verdict"
    )
    return (
        now.filter(pl.col("n") > 0)
        .select("seller_profile", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi", "small_n")
        .join(before, on="seller_profile", how="left")
        .join(tests, on="seller_profile", how="left")
        .with_columns(pl.col("previous_n").fill_null(0))
        .sort(sort_keys(["seller_profile"]), nulls_last=True)
    )


def no_decision_table(
    deals: Deals, quarter: str, fy_start_month: int, min_n: int, hide_amounts: bool = False, as_of: date | None = None,
    currency: str = DEFAULT_REPORTING_CURRENCY, data_day: date | None = None,
) -> pl.DataFrame:
    """No-decision losses per quarter for the TREND_QUARTERS quarters up to the reviewed one, each
    quarter named as every screen names it (reviewed_names: a quarter in progress on `as_of`, "2026 Q4 to
    date", or "2026 Q3 to 14 Aug" on a day before the data's own, `data_day`) and
    counted as the headline counts it (trend_bounds: to `as_of` while in progress, so its losses and
    value share are of the same deals as the headline's, none closed after that day).

    no_decision_value_share = no-decision amount ÷ amount of all closed deals (won, lost, no
    decision) with an amount; amounts themselves are left out when hidden. no_decision_no_rate: what
    the quarter's no-decision deals no exchange rate to `currency` converts lack ("no rate for EUR",
    exchange.no_rate_words), null when every one converts (no_decision_value_labels);
    no_decision_no_rate_in: their currencies (a list, exchange.NO_CURRENCY for those naming none), null then
    too; quarterly_review moves it to Review.no_decision_no_rate_in (the table is the chart's CSV, which
    has no list column).
    """
    start, end = trend_bounds(quarter, fy_start_month, as_of)
    named_as_of, named_end = reviewed_names(as_of, data_day)
    # Every quarter of the span from the first the data has a closed deal in: one with none in between stands
    # with no share and $0 (closed_quarters), where the chart set 2025 Q4 beside 2026 Q2; the quarters before
    # the data begins are no part of the data's trend.
    first = first_close(lazy(deals))
    trend = named_quarters(closed_quarters(deals, start if first is None else max(start, first), end, fy_start_month,
                                           min_n=min_n), named_as_of, fy_start_month, named_end)
    closed_amount = pl.col("won_amount").fill_null(0) + pl.col("lost_amount").fill_null(0) + pl.col(
        "no_decision_amount"
    ).fill_null(0)
    frame = trend.select(
        *NAMED_QUARTER_COLUMNS,
        "lost",
        "no_decision",
        pl.col("no_decision_share_of_losses_n").alias("losses"),
        "no_decision_share_of_losses",
        "no_decision_share_of_losses_lo",
        "no_decision_share_of_losses_hi",
        # The share of losses on too few of the losses it divides by: the rule of its CSV (common.too_few_expr).
        too_few_expr("no_decision_share_of_losses", ["no_decision_share_of_losses_n"], min_n).alias("small_n"),
        "closed",  # the n of no_decision_share_of_closed: a chart's CSV keeps every rate's n beside it
        "no_decision_share_of_closed",
        # Null, not 0, where a quarter's no-decision deals have no amount (counting.amount_total):
        # its bar is left out rather than drawn as "$0".
        "no_decision_amount",
        closed_amount.alias("closed_amount"),
    ).with_columns(
        pl.when(pl.col("closed_amount") > 0)
        .then(pl.col("no_decision_amount") / pl.col("closed_amount"))
        .alias("no_decision_value_share")
    )
    lf = deals.lazy() if isinstance(deals, pl.DataFrame) else deals
    no_rate = no_rate_by(
        lf.with_columns(periods.quarter_expr("close_date", fy_start_month).alias("_quarter")),
        closed_between(start, end) & (OUTCOME == NO_DECISION), "_quarter", currency,
    ).select(pl.col("_quarter").alias("quarter"), pl.col("no_rate").alias("no_decision_no_rate"),
             pl.col("no_rate_in").alias("no_decision_no_rate_in"))
    named = named_quarters(no_rate, named_as_of, fy_start_month, named_end).drop(iso_dates.QUARTER_COLUMNS)
    frame = frame.join(named, on="quarter", how="left", maintain_order="left")
    return frame.drop("no_decision_amount", "closed_amount") if hide_amounts else frame


def reviewed_names(as_of: date | None, data_day: date | None) -> tuple[date | None, date | None]:
    """(the data's day, the last day counted) to name a review's quarters by (periods.quarter_name,
    comparison_windows) when it is as of `as_of`: a quarter not over on the data's own day is "to date",
    but one a review of an earlier day cuts there is named for that day, "2026 Q3 to 14 Aug" against
    "2026 Q2 to 15 May", as a range's end names it, never "to date" for a day the data runs past."""
    if as_of is not None and data_day is not None and data_day > as_of:
        return data_day, as_of
    return as_of, None


def trend_bounds(quarter: str, fy_start_month: int, as_of: date | None) -> tuple[date, date]:
    """(first day, last day counted) of the TREND_QUARTERS quarters up to `quarter`, the no-decision
    trend's span: to `quarter`'s end, or to `as_of` while it is in progress (periods.span_to, whose last
    day is periods.counted_bounds', the headline's)."""
    return periods.span_to(quarter, TREND_QUARTERS, as_of, fy_start_month)


def movers_table(
    deals: Deals, quarter: str, fy_start_month: int, denominator: Denominator, min_n: int, as_of: date | None = None,
) -> pl.DataFrame:
    """The reps whose win rate or no-decision share of losses changed most since last quarter.

    Only reps with at least `min_n` deals in the rate's denominator in both quarters are ranked;
    the MOVERS_PER_MEASURE largest changes per measure are kept, largest first. `significant`
    says whether the change passes the findings rule (`passes`). A quarter in progress on `as_of` is
    compared with the previous quarter to the same day (periods.comparison_windows). Each rep with
    employment.REP_LEFT and REP_LEFT_ON: a rep who left or is leaving is marked wherever movers are listed.
    """
    bounds, previous_bounds = _compared_bounds(quarter, as_of, fy_start_month)
    columns = ["rep", "seller_profile", "won", "n", "no_decision", "no_decision_share_of_losses_n"]
    now = outcome_summary(deals, ["rep", "seller_profile"], *bounds, denominator, min_n).select(columns)
    before = outcome_summary(deals, ["rep", "seller_profile"], *previous_bounds, denominator, min_n).select(
        columns
    )
    joined = now.join(before, on=["rep", "seller_profile"], how="inner", suffix="_before").filter(
        pl.col("rep").is_not_null()
    )
    rows = []
    for measure, x, n in (("win_rate", "won", "n"), ("no_decision_share_of_losses", "no_decision", "no_decision_share_of_losses_n")):
        ranked = joined.filter((pl.col(n) >= min_n) & (pl.col(f"{n}_before") >= min_n))
        candidates = []
        for row in ranked.iter_rows(named=True):
            before_rate, after_rate = row[f"{x}_before"] / row[f"{n}_before"], row[x] / row[n]
            ok, p_value = passes(row[f"{x}_before"], row[f"{n}_before"], row[x], row[n], min_n)
            candidates.append(
                {
                    "rep": row["rep"], "seller_profile": row["seller_profile"], "measure": measure,
                    "measure_label": MEASURE_LABELS[measure], "before": before_rate, "after": after_rate,
                    "change": after_rate - before_rate, "n_before": row[f"{n}_before"], "n_after": row[n],
                    "p_value": p_value, "significant": ok,
                }
            )
        candidates.sort(key=lambda r: (-abs(r["change"]), r["rep"]))
        rows.extend(candidates[:MOVERS_PER_MEASURE])
    return pl.DataFrame(
        rows,
        schema={
            "rep": pl.String, "seller_profile": pl.String, "measure": pl.String, "measure_label": pl.String,
            "before": pl.Float64, "after": pl.Float64, "change": pl.Float64, "n_before": pl.Int64,
            "n_after": pl.Int64, "p_value": pl.Float64, "significant": pl.Boolean,
        },
    ).pipe(employment.with_rep_marks, deals.lazy() if isinstance(deals, pl.DataFrame) else deals)


# The movers grid's rates (in percent) as every rate is written (text.percent: ">99%", where a
# "%.0f%%" format wrote 99.6 "100%"); the cells keep their numbers, so the columns sort by value.
# The movers' last column, one heading on the page's grid (a checkbox), in presenter mode, the deck and
# the HTML ("yes"/"no"): it was "Finding" on one and "Passes the rule" on the others.
FINDING_HEADER: Final = "Finding"
FINDING_HELP: Final = "Whether the change passes the findings rule, as the findings above apply it"


def finding_cell(significant: bool) -> str:
    """A mover's Finding cell where a table is words (presenter mode, deck, HTML): "yes" or "no"."""
    return "yes" if significant else "no"


MOVERS_TEXT: Final[dict[str, Callable[[float | None], str]]] = {
    "before": text.percent_of_100, "after": text.percent_of_100}


def mover_names(movers: pl.DataFrame) -> list[str]:
    """The movers' reps as a list of names gives them (employment.marked_name): "Bob Ray (left on 30 Sep 2026)",
    a current rep's name alone; the HTML report's and presenter mode's table, the deck's chart, the chart's hover."""
    if employment.REP_LEFT not in movers.columns:
        return [str(r) for r in movers.get_column("rep")]
    return [employment.marked_name(r["rep"], employment.mark_words(r[employment.REP_LEFT], r[employment.REP_LEFT_ON]))
            for r in movers.iter_rows(named=True)]


def movers_grid(review: Review) -> pl.DataFrame:
    """The movers as the page's sortable table lists them: rep, seller_profile, measure_label,
    before and after (percent), change_points (whole points, from the percentages shown beside it, as
    the chart and the report say them: text.points_between), n ("35 → 39", "39 in both": n_change), significant (passes the findings rule);
    employment.LEFT_ON after the rep when one has left or is leaving, as the leaderboard's."""
    table = review.movers.select(
        "rep", "seller_profile", "measure_label", (pl.col("before") * 100).alias("before"),
        (pl.col("after") * 100).alias("after"), pl.struct("after", "before").map_elements(
            lambda r: round((text.points_between(r["after"], r["before"]) or 0) * 100), return_dtype=pl.Int64,
        ).alias("change_points"),
        pl.struct("n_before", "n_after").map_elements(lambda r: n_change(r["n_before"], r["n_after"]),
                                                       return_dtype=pl.String).alias("n"), "significant",
    )
    return employment.with_left_on(table, review.movers)  # "Left on" beside a rep who left or is leaving


def at_risk_order(risky: pl.DataFrame, hide_amounts: bool) -> pl.DataFrame:
    """The at-risk deals (at_risk_open_deals' rows, largest amount first) in the order the review's
    table lists and picks them: as they are; with amounts hidden, longest open first (then the earliest
    close date, then the id), since a table of the largest deals without their amounts still told
    which deals were worth most, by which were listed and in what order."""
    if not hide_amounts:
        return risky
    return risky.sort(["days_open", "close_date", "opportunity_id"], descending=[True, False, False],
                      nulls_last=True, maintain_order=True)


def at_risk_tables(
    deals: Deals, end: date, as_of: date, rows: int = AT_RISK_ROWS, won_days: pl.DataFrame | None = None,
    currency: str = DEFAULT_REPORTING_CURRENCY, data_day: date | None = None, hide_amounts: bool = False,
) -> tuple[pl.DataFrame, pl.DataFrame, Unconverted, Unconverted]:
    """(the largest at-risk open deals, open and at-risk deals per seller profile, the open deals and
    the at-risk ones no exchange rate to `currency` converts) on the pipeline day: the quarter's `end`,
    or `as_of` when the quarter is not over then (pipeline_day).

    Per profile, open_amount and at_risk_amount add up the converted amounts (counting.amount_total:
    null, not 0, where none of the deals has one) and at_risk_priced counts the at-risk deals with one;
    the largest deals are ordered as at_risk_open_deals orders them (converted amounts first); with
    `hide_amounts` the longest open are listed instead (at_risk_order).

    A quarter over before `as_of`: the deals open at its end (created by then, and still open or
    closed since: counting.open_on, which leaves out deals with no created date), judged as at its end
    on age alone against the won deals closed by then: the store keeps each deal's latest close date,
    not the one expected at the quarter's end, so being overdue then is not known. A quarter in
    progress: the deals open on `as_of` (with no created date too), judged on the whole rule
    (at_risk_open_deals: one with no created date on being overdue alone); but on an `as_of` before
    the data's own day (`data_day`), a past day too, judged as the quarter's end is. `won_days`: the
    pipeline_won_days the deals are judged on, when the caller has it.
    """
    lf = deals.lazy() if isinstance(deals, pl.DataFrame) else deals
    when, by_age = pipeline_day(end, as_of, data_day)
    if won_days is None:
        won_days = pipeline_won_days(lf, when, by_age)
    if by_age:
        risky = at_risk_open_deals(lf, when, won_days=won_days, open_at_end_of_today=True)
        open_deals = lf.filter(open_on(when)).collect()
    else:
        risky = at_risk_open_deals(lf, as_of, won_days=won_days, created_by=as_of)
        open_deals = lf.filter(open_by(as_of, as_of)).collect()
    flagged = open_deals.with_columns(pl.col("opportunity_id").is_in(risky.get_column("opportunity_id").implode()).alias("_risk"))
    risk = pl.col("_risk")
    by_profile = (
        flagged.group_by("seller_profile")
        .agg(
            pl.len().cast(pl.Int64).alias("open"),
            risk.sum().cast(pl.Int64).alias("at_risk"),
            # Null where no deal converts (counting.amount_total): a profile whose open deals are all in
            # a currency without a rate was worth "$0" in the at-risk chart's data and the findings.
            amount_total(risk.is_not_null()).alias("open_amount"),
            amount_total(risk).alias("at_risk_amount"),
            (risk & pl.col("amount").is_not_null()).sum().cast(pl.Int64).alias("at_risk_priced"),
        )
        .with_columns(
            (pl.col("open") - pl.col("at_risk")).alias("on_track"),
            (pl.col("at_risk") / pl.col("open")).alias("at_risk_share"),
            pl.when(pl.col("open_amount") > 0).then(pl.col("at_risk_amount") / pl.col("open_amount")).alias("at_risk_value_share"),
        )
    )
    by_profile = by_profile.sort(sort_keys(["seller_profile"]), nulls_last=True).select(
        "seller_profile", "open", "at_risk", "on_track", "at_risk_share", "open_amount", "at_risk_amount", "at_risk_value_share",
        "at_risk_priced",
    )
    named = ["opportunity_name"] if "opportunity_name" in risky.columns else []  # a frame of deals without names has none
    # A deal's amount as exported rides along: one no rate converts is listed in its own currency.
    exported = [c for c in ("exported_amount", "exported_currency") if c in risky.columns]
    largest = at_risk_order(risky, hide_amounts).head(rows).select(
        "opportunity_id", "rep", "seller_profile", "account", *named, "stage", "created_date", "close_date", "days_open",
        "reason", "amount", *exported,
    )
    return largest, by_profile, left_out_of(flagged, pl.lit(True), currency), left_out_of(flagged, risk, currency)


def reps_table(deals: Deals, bounds: tuple[date, date], fy_start_month: int, denominator: Denominator, as_of: date,
               currency: str = DEFAULT_REPORTING_CURRENCY) -> pl.DataFrame:
    """The reps who closed a deal within `bounds` (the quarter reviewed, to as_of while in progress) as the Reps
    leaderboard's rows for that range (views.reps.leaderboard, then leaderboard_table): in its order
    (rates.ranked), each rate in percent, empty where withheld on too few of its own n (rates_as_shown), its
    n beside it (nd_n for the no-decision share), the profile as a grid shows it ("Challenger†":
    profile_in_grid), team (no column when no rep has one) and employment.LEFT_ON when a rep has left or is
    leaving. Besides the leaderboard's, "won" (Int64, the rep's won deals in range: a count, never withheld, so a
    quarter of reps under MIN_N deals still says who won what) and "coach" (String, the rep's coach now:
    reps_coaches; no column when no rep has one). No amount: the table is of rates and counts, and a review with
    amounts hidden holds none."""
    lf = deals.lazy() if isinstance(deals, pl.DataFrame) else deals
    board = leaderboard(lf, Filters(fy_start_month=fy_start_month, denominator=denominator.value), *bounds, as_of, currency)
    table = leaderboard_table(board, hide_amounts=True).join(
        board.select("rep", pl.col("won").cast(pl.Int64)), on="rep", how="left", maintain_order="left")
    coaches = reps_coaches(lf)
    if coaches is None:
        return table
    table = table.join(coaches, on="rep", how="left", maintain_order="left")
    # No rep of the quarter's with a coach: a column of "—" says nothing, as a team column of none is left out.
    return table.drop("coach") if table["coach"].is_null().all() else table


def reps_coaches(deals: pl.LazyFrame) -> pl.DataFrame | None:
    """rep, coach (String): each rep's coach now, as the deals carry it (winloss.deals: every deal of a rep holds
    the coach the roster gives the rep now, a pseudonym once the deals are anonymised); null for a rep with none.
    None when the deals have no coach column at all (an export without a roster's)."""
    if "coach" not in deals.collect_schema().names():
        return None
    # Grouped by the rep as coded, each rep's one name and coach made text (not every deal's: team_history.reps_now).
    return deals.group_by("rep").agg(pl.col("coach").drop_nulls().first()).with_columns(
        pl.col("rep", "coach").cast(pl.String)).collect()


def pipeline_phrase(quarter: str, end: date, when: date) -> str:
    """The review's open pipeline in words, after a count: "deals open at the end of 2026 Q3" for a
    quarter over (`when` is its `end`; the caption gives the day), "deals open on 1 Dec 2026" for one
    in progress: never "going into" a quarter that has not started."""
    if when != end:
        return f"deals open on {day(when)}"
    return f"deals open at the end of {quarter}"


def pipeline_won_days(deals: Deals, when: date, by_age: bool) -> pl.DataFrame:
    """The won_days_histogram a review's pipeline is judged on (pipeline_day's `when` and `by_age`): of the
    won deals closed by `when` for a past day, else of every won deal."""
    lf = deals.lazy() if isinstance(deals, pl.DataFrame) else deals
    return won_days_histogram(lf.filter(pl.col("close_date") <= when) if by_age else lf).collect()


def pipeline_day(end: date, as_of: date, data_day: date | None = None) -> tuple[date, bool]:
    """(the day a review's open pipeline is taken on, whether it is judged on age alone): the quarter's
    `end` when it is over before `as_of`, else `as_of`; a past day (at_risk_tables) when before the
    data's own day, `data_day` (`as_of` when None: a review as of the data's day). The deals open on a
    past day are those created by it and not closed by it, some closed since, as the quarter's counts
    leave the deals closed after it to later."""
    when = min(end, as_of)
    return when, when < max(as_of, data_day or as_of)


# ---------------------------------------------------------------------------------------------
# The review


def quarterly_review(
    deals: Deals,
    quarter: str,
    as_of: date,
    *,
    fy_start_month: int = 1,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    hide_amounts: bool = False,
    anonymized: bool = False,
    currency: str = DEFAULT_REPORTING_CURRENCY,
    filtered: Sequence[tuple[str, tuple[str, ...]]] = (),
    unplaced: Sequence[Unplaced] = (),
    every_deal: pl.LazyFrame | None = None,
    filters: Filters | None = None,
    data_day: date | None = None,
) -> Review:
    """The review of one quarter against the quarter before and the same quarter last year.

    `deals` are already filtered (and anonymised, if wanted); `quarter` is a label ("2026 Q3",
    "FY2026 Q3", "2026Q3"); `as_of` is the day the open pipeline is judged at. With
    `hide_amounts` no amount leaves this function: values become shares and indices. Amounts are
    in `currency`, the reporting currency the deals were converted to. `filtered` names the
    dimension filters `deals` were narrowed by (views.common.active_filters), for the files to state, and
    `unplaced` the quarter's closed deals they leave out for want of a value (views.common.unplaced).
    `every_deal` (the deals before those filters) with the `filters` themselves: for the quarter's closed
    deals (in place of `unplaced`, counted in the headline's bounds: periods.counted_bounds) and the
    pipeline's deals at risk (Review.at_risk_unplaced) they leave out for want of a value; none are
    counted without both. `data_day`: the day the data describes when `as_of` is an earlier review day
    (review_from_store's `today`): the quarter's figures count to `as_of` (periods.counted_bounds) and its
    pipeline is the deals open on it, judged as on a past day (pipeline_day).
    Raises NoDataError when the quarter has no closed deals.
    """
    d = Denominator(denominator)
    label = periods.format_quarter(periods.parse_quarter(quarter), fy_start_month)
    # A quarter in progress on as_of is counted to that day and compared with the others' same days, named
    # "to date" on the data's own day and for the day reviewed on an earlier one ("2026 Q3 to 14 Aug").
    named_as_of, named_end = reviewed_names(as_of, data_day)
    bounds = periods.quarter_bounds(label, fy_start_month)
    lf = deals.lazy() if isinstance(deals, pl.DataFrame) else deals
    # Counted to the data's day at most (periods.known_day): a closed deal dated after it (quarantined at ingest
    # since, ingest.future_closes) is in no quarter reviewed. A review of an earlier day counts to that day.
    windows = periods.comparison_windows(label, named_as_of, fy_start_month, named_end)
    name, previous, last_year = (w.name for w in windows)
    trend = trend_bounds(label, fy_start_month, as_of)
    this, before, year_ago = (outcome_summary(lf, None, *w.bounds, d, min_n).row(0, named=True) for w in windows)
    if not this["closed"]:
        raise NoDataError(f"There are no closed deals in {name}: choose a quarter with data.")
    profiles = profile_table(lf, label, fy_start_month, d, min_n, as_of)
    movers = movers_table(lf, label, fy_start_month, d, min_n, as_of)
    won_days = won_days_histogram(lf).collect()  # the at-risk rule's threshold, and whether there is one
    when, by_age = pipeline_day(bounds[1], as_of, data_day)
    judged_on = pipeline_won_days(lf, when, by_age) if by_age else won_days
    at_risk, by_profile, open_left_out, at_risk_left_out = at_risk_tables(
        lf, bounds[1], as_of, won_days=judged_on, currency=currency, data_day=data_day, hide_amounts=hide_amounts)
    at_risk_unplaced = () if every_deal is None or filters is None else unplaced_at_risk(
        every_deal, filters, when, judged_on, currency, created_by=None if by_age else when, open_at_end_of_today=by_age)
    if every_deal is not None and filters is not None:  # the headline's deals, to `as_of` while in progress
        unplaced = unplaced_closed(every_deal, filters, *windows[0].bounds, currency)
    next_label = periods.next_quarter(label)
    won_left_out, won_left_out_previous, won_left_out_last_year = (
        left_out_of(lf, closed_between(*w.bounds) & (OUTCOME == WON), currency) for w in windows)
    findings = findings_for(
        this, before, year_ago, (name, previous, last_year), profiles, movers, by_profile,
        pipeline_phrase(name, bounds[1], when), d, min_n, hide_amounts, currency,
        age_rule() if by_age else at_risk_rule(), at_risk_left_out,
        left_out_of(lf, closed_between(*windows[0].bounds), currency),
    )
    trend_table = no_decision_table(lf, label, fy_start_month, min_n, hide_amounts, as_of, currency, data_day)
    if hide_amounts:
        at_risk = at_risk.drop("amount", "exported_amount", "exported_currency", strict=False)
        by_profile = by_profile.drop("open_amount", "at_risk_amount")
    return Review(
        quarter=name,
        previous=previous,
        last_year=last_year,
        next=next_label,
        start=bounds[0],
        end=bounds[1],
        as_of=as_of,
        denominator=d.value,
        hide_amounts=hide_amounts,
        anonymized=anonymized,
        kpis=kpi_table(this, before, year_ago, min_n=min_n, hide_amounts=hide_amounts),
        profiles=profiles,
        no_decision=trend_table.drop("no_decision_no_rate_in"),
        movers=movers,
        at_risk=at_risk,
        at_risk_by_profile=by_profile,
        findings=findings,
        closed=int(this["closed"]),
        profile_sources=source_line(profile_sources(lf, *windows[0].bounds)) if "profile_source" in lf.collect_schema() else "",
        currency=currency,
        none_at_risk=none_at_risk(won_days, filtered=bool(at_risk_unplaced)),
        filtered=tuple((dimension, tuple(values)) for dimension, values in filtered),
        unplaced=tuple(unplaced),
        label=label,
        pipeline_day=when,
        pipeline_by_age=by_age,
        won_left_out=won_left_out,
        won_left_out_previous=won_left_out_previous,
        won_left_out_last_year=won_left_out_last_year,
        closed_left_out=left_out_of(lf, closed_between(*trend), currency),
        no_decision_left_out=left_out_of(lf, closed_between(*trend) & (OUTCOME == NO_DECISION), currency),
        no_decision_no_rate_in={quarter: tuple(codes) for quarter, codes in trend_table.select(
            "quarter", "no_decision_no_rate_in").drop_nulls().rows()},
        open_left_out=open_left_out,
        at_risk_left_out=at_risk_left_out,
        undated_open=undated_open_count(lf, when if by_age else None),
        at_risk_unplaced=at_risk_unplaced,
        data_day=data_day if data_day is not None and data_day > as_of else None,
        reps=reps_table(lf, windows[0].bounds, fy_start_month, d, as_of, currency),
    )


def review_from_store(
    store: Store,
    quarter: str | None = None,
    *,
    anonymize: bool = False,
    hide_amounts: bool = False,
    fy_start_month: int = 1,
    today: date | None = None,
    as_of: date | None = None,
    role: Role | None = None,
) -> Review:
    """The review of a quarter (default: the last complete one with data) from the store as it is, made
    for someone with `role` (Review.role: the command line's is access.LOCAL_ROLE; None, whom it is for
    not being known, tells them whom to ask for a missing exchange rate).

    `as_of`: the day reviewed, one of the data's days (ReviewDays; default its newest): a ValueError
    says which days are when it is not. `today`: the day it is, for a test, the data's day when later.
    Anonymises the deals itself, so nothing real reaches a file whatever the caller passed on.
    Raises ValueError (one sentence) for an empty store, a malformed quarter or one without data, or
    a quarter that had not begun on the day reviewed.
    """
    frame = stored_deals(store)
    if frame.height == 0:
        raise ValueError(f"The store at {store.uri} holds no deals: ingest an export first.")
    if anonymize:
        frame = anonymised(frame, roster_people(store))
    data_day = data_as_of(store)
    closed = frame.filter(pl.col("outcome") != OPEN).get_column("close_date")
    days = review_days(cast(date | None, closed.min()), data_day)
    if as_of is not None:
        if (why := days.outside(as_of)) is not None:
            raise ValueError(why)
        today = as_of
    reviewed = min(today, data_day) if today else data_day
    preset = preset_day(export_day(store), cast(date | None, closed.max()), fy_start_month, data_day)
    available = review_quarters(frame, days, reviewed, fy_start_month)
    if quarter is None:
        quarter = default_quarter(days.reference(preset, reviewed), available, fy_start_month)
        if quarter is None:
            raise ValueError("The store holds no closed deals yet, so there is no quarter to review.")
    elif periods.quarter_bounds(periods.parse_quarter(quarter), fy_start_month)[0] > reviewed:
        label = periods.format_quarter(periods.parse_quarter(quarter), fy_start_month)
        raise ValueError(f"{label} had not begun on {day(reviewed)}, the day reviewed: choose an earlier quarter or a later day.")
    review = quarterly_review(
        frame, quarter, reviewed, fy_start_month=fy_start_month, hide_amounts=hide_amounts, anonymized=anonymize,
        currency=store.exchange_rates().reporting_currency, data_day=data_day,
    )
    return replace(review, role=role)


REVIEW_TITLE: Final = "Quarterly review"


def review_title(quarter: str | None = None) -> str:
    """The review page's title: "Quarterly review · 2026 Q3", "Quarterly review · FY2027 Q1 to date" for a
    quarter in progress on the data's day, "Quarterly review · 2026 Q3 to 14 Aug" for one not over on an
    earlier day reviewed (Review.quarter names it so), "Quarterly review" before a quarter
    is chosen. The page gives it a line of its own, its Quarter and As of fields under it: beside them, in three
    fifths of the page, "… 2026 Q3 to date" took two lines at 1280 px; the page's whole width holds the longest
    (text.title_px)."""
    return f"{REVIEW_TITLE} · {quarter}" if quarter else REVIEW_TITLE


SECTION_TITLES: Final = {
    "findings": "Findings",
    "headline": "Headline numbers",
    "profiles": "Win rate by seller profile",
    "no_decision": "No decision: the trend and what it cost",
    "movers": "Top movers",
    "at_risk": "At-risk open pipeline",
    "reps": "Reps",
}


def section_captions(review: Review, min_n: int = MIN_N, intervals: bool = True) -> dict[str, str]:
    """What each section measures, its denominator and n: one caption per section, shared by the
    page, the deck and the HTML report. `intervals`: whether the charts draw Wilson intervals (the
    deck's native charts do not, so its captions do not claim them)."""
    # Each profile's n with the reps who make it (measures.profiles.deals_of_reps): one rep's bar measures that rep.
    profile_n = ", ".join(
        f"{p} {n:,}" if reps is None else f"{p} {deals_of_reps(n, reps)}"
        for p, n, reps in review.profiles.select("seller_profile", "n", "reps").iter_rows()
    )
    value = (
        "value as a share of the closed deals' total amount"
        if review.hide_amounts
        else "value is the amount of the no-decision deals"
    )
    return {
        "headline": (
            f"{review.quarter} against {review.previous} and {review.last_year}; deals counted by close date."
            + (f" {_label(review)} is not over on {day(review.as_of)}: its first"
               f" {text.plural((review.as_of - review.start).days + 1, 'day')} against the same first days of the"
               " others, not whole quarters." if review.in_progress else "")
            + f" {review.denominator_label}. {ND_SHARE_OF_LOSSES} = no decision ÷ (lost + no decision)."
            + (f" Won value index: {review.previous} = 100." if review.hide_amounts else "")
        ),
        "profiles": (
            f"{review.denominator_label}; n per profile in {review.quarter}: {profile_n}. "
            + text.sentence("; ".join(([text.WHISKERS] if intervals else []) + [text.small_n_note(min_n=min_n)]))
            + ". The Challenger study measured performance"
            " against quota, not win rate: these win rates are computed from your own deals."
            + (f" {review.profile_sources}" if review.profile_sources else "")
        ),
        "no_decision": (
            f"{ND_SHARE_OF_LOSSES} = no decision ÷ (lost + no decision), by close-date quarter"
            + (f", with {text.INTERVAL_WORDS}" if intervals else "") + f"; {value}."
            # The quarter in progress counts the headline's deals (periods.counted_bounds), and says so.
            + (f" {review.quarter}: the deals closed by {day(review.as_of)}, as in the headline."
               if review.in_progress else "")
            # Said only when a quarter is drawn so (a hollow point over a hatched bar), as the profiles'
            # caption says it: a quarter with no loss at all has no point to draw.
            + _no_decision_small_n_note(review, min_n)
            # A quarter no deal closed in stands on the axis with no share and no value: said, never a silent gap.
            + (f" {said}" if (said := no_deal_closed_sentence(empty_quarters_of(review.no_decision))) else "")
        ),
        "movers": (
            f"Reps with at least {min_n} deals in the rate's denominator in both {review.previous} and"
            f" {review.quarter}; the {MOVERS_PER_MEASURE} largest changes per measure. A change becomes a"
            " finding only when it passes the findings rule."
        ),
        "at_risk": at_risk_caption(review),
    }


def _no_decision_small_n_note(review: Review, min_n: int = MIN_N) -> str:
    """What the no-decision section's marks on too few deals mean, said only when one is drawn: " A bar drawn
    hatched, or a ring drawn hollow, has fewer than 20 losses: too few to give the quarter's share of losses; …" where the value bars are
    amounts, hatched where the point above is hollow (text.amounts_small_n_note: an amount has no rate to give);
    with amounts hidden the value bars are shares of the closed deals' value, hatched on fewer than
    20 closed deals (no_decision_value_small), so each mark names its own n: " Hollow: fewer than 20
    losses; hatched: fewer than 20 closed deals." """
    table = review.no_decision
    hollow = bool(table.filter(pl.col("small_n") & (pl.col("losses") > 0)).height)
    if not review.hide_amounts:
        # Every share withheld, its line gives way to a sentence (withheld_no_decision_sentence): no ring is drawn,
        # only the value bars under it, hatched.
        rings = withheld_no_decision_sentence(review, min_n) is None
        return f" {text.sentence(text.amounts_small_n_note(min_n=min_n, rings=rings))}." if hollow else ""
    values = table.get_column("no_decision_value_share").to_list()
    hatched = any(s and v is not None for s, v in zip(no_decision_value_small(review, min_n), values, strict=True))
    said = ([f"hollow: fewer than {min_n} losses"] if hollow else []) + (
        [f"hatched: fewer than {min_n} closed deals"] if hatched else [])
    return f" {text.sentence('; '.join(said))}." if said else ""


def _label(review: Review) -> str:
    return review.label or review.quarter


def at_risk_caption(review: Review) -> str:
    """The at-risk section's caption: which deals, how many, the day they are judged as at and on what,
    then what became of the deals with no created date (at_risk.undated_note), if any."""
    when = review.pipeline_day or review.end
    note = undated_note(review.undated_open, when, review.as_of, past_day=review.pipeline_by_age)
    return f"{_at_risk_rule_caption(review, when)} {note}".rstrip()


def _at_risk_rule_caption(review: Review, when: date) -> str:
    if review.pipeline_by_age:
        return (
            f"{review.pipeline}: created by {day(when)} and not closed by then"
            f" ({_open_n(review.open_deals)}), judged as at {day(when)}: at risk when {age_rule().lower()}"
            f" (won deals closed by {day(when)}). Being past the expected close date is not judged: the data"
            f" keeps each deal's latest close date, not the one expected on {day(when)}."
        )
    return (
        f"Deals open on {day(when)} ({_open_n(review.open_deals)}), judged on {day(when)} ({AS_OF_RULE}):"
        f" at risk when {at_risk_rule().lower()}."
    )


def _open_n(deals: int) -> str:
    """"n = 12" of the open deals an at-risk caption judges; "none" when no deal was open ("n = 0")."""
    return f"n = {deals:,}" if deals else "none"


def left_out_notes(review: Review) -> dict[str, str]:
    """Section key -> the note its value figures carry when they leave out deals no exchange rate
    converts (exchange.Unconverted.left_out), said by the page, the deck and the HTML report under the
    section: "headline" (the quarter's won value), "no_decision" (the value lost to no decision, or with
    amounts hidden its share of closed deal value: no_decision_value_note) and
    "at_risk" (the open pipeline's value, and the at-risk value in it). A section whose figures leave
    nothing out has no entry. Said with amounts hidden too: the shares and the index are of the
    converted amounts alone."""
    notes: dict[str, str | None] = {
        "headline": review.won_left_out.left_out("won deal", of=f"the won value of {review.quarter}", role=review.role)
        if review.won_left_out else None,
        "no_decision": no_decision_value_note(review),
        "at_risk": review.open_left_out.left_out("open deal", of="the pipeline value", role=review.role)
        if review.open_left_out else None,
    }
    return {key: note for key, note in notes.items() if note}


def no_decision_value_note(review: Review) -> str | None:
    """The note under the no-decision section's value figure on the deals it leaves out, no exchange rate
    converting them: the deals that figure adds, as drawn for the trend's quarters. With amounts hidden it
    is each quarter's value share, of the quarter's closed deals (Review.closed_left_out: "25 closed deals
    in GBP are left out of the no-decision value shares: ..."); with amounts, the value lost to no decision,
    of the no-decision deals alone (Review.no_decision_left_out: "2 no-decision deals in GBP are left out
    of the value lost to no decision: ..."): the won and lost deals of other quarters in another currency
    are in no figure the section draws. The quarter's own share, in its finding, says its own (the quarter's
    closed deals: review_findings.findings_for). None when the figure leaves none out."""
    if review.hide_amounts:
        left_out, noun, figure = review.closed_left_out, "closed deal", "the no-decision value shares"
    else:
        left_out, noun, figure = review.no_decision_left_out, "no-decision deal", "the value lost to no decision"
    return left_out.left_out(noun, of=figure, role=review.role) if left_out else None


def no_decision_value_missing(review: Review) -> str | None:
    """The sentence said in place of the no-decision value panel (on the page, in the deck and the
    report) when none of the trend's no-decision deals has an amount in the reporting currency and
    some have one no exchange rate converts: "All 2 deals lost to no decision in 2026 Q3 are in EUR: no
    exchange rate to USD for EUR. Add the rate on the Data page, in the Currencies tab.", the reason and
    the action in the words of every note on such deals (exchange.Unconverted.reason, .add_rates). The
    quarters named are those holding such deals: "2026 Q1 to 2026 Q3" for several. A panel of nothing
    drew an empty plot over a "$0" axis, as if they were worth nothing. None when some bar has a value
    or no deal was left out."""
    left_out = review.no_decision_left_out
    table = review.no_decision
    if not left_out or not left_out.deals or table.height == 0:
        return None
    column = "no_decision_value_share" if review.hide_amounts else "no_decision_amount"
    if table.get_column(column).fill_null(0).fill_nan(0).abs().max() != 0:
        return None
    quarters = table.filter(pl.col("no_decision") > 0).get_column("quarter").to_list()
    when = quarters[0] if len(quarters) == 1 else f"{quarters[0]} to {quarters[-1]}"
    total = int(table.get_column("no_decision").sum())
    codes = left_out.codes
    if left_out.deals == total and codes == left_out.currencies:  # each in a currency without a rate
        return (f"{'The deal' if total == 1 else f'All {total:,} deals'} lost to no decision in {when}"
                f" {'is' if total == 1 else 'are'} in {', '.join(codes)}: {left_out.reason}. {left_out.add_rates(review.role)}")
    # Some have no amount at all, or name no currency: said by the note every value figure carries.
    return (f"None of the {text.plural(total, 'deal')} lost to no decision in {when} has an amount in"
            f" {review.currency}. {left_out.left_out('deal', role=review.role)}")


NO_AMOUNT: Final = "No amount"  # a trend quarter's no-decision deals none of which has an amount at all


@dataclass(frozen=True)
class ValueMark:
    """One quarter's mark on the no-decision value panel (page, HTML report and deck): the words at its
    bar and its hover. `unvalued`: the quarter has deals lost to no decision and none of them has a value
    in the reporting currency, so no bar is drawn; `words` say why at the bar's place."""

    words: str
    hover: str
    unvalued: bool = False
    # Drawn as on too few deals (hatched; with amounts hidden no percentage on it or in its hover):
    # no_decision_value_small.
    small: bool = False
    # What a drawn amount leaves out, its quarter's other no-decision deals lacking an exchange rate ("no
    # rate for EUR, GBP"), the tiles' rule (text.figure_and_no_rate): `words` end with it after a middle dot.
    aside: str | None = None

    @property
    def figure(self) -> str:
        """`words` without the aside: the amount alone ("$58.5k" of "$58.5k · no rate for EUR, GBP")."""
        return self.words.removesuffix(f" · {self.aside}") if self.aside else self.words


def no_decision_value_small(review: Review, min_n: int = MIN_N) -> list[bool]:
    """Per quarter of Review.no_decision, whether its value bar is drawn as on too few deals. With amounts
    hidden the bar is a share, the no-decision amount ÷ the closed deals' amount, so the closed deals it
    divides by decide (common.too_few, the rule its CSV follows: below `min_n` closed deals its bar is
    hatched, its label, hover and CSV give no percentage); it was hatched by the quarter's losses, a figure
    it does not divide by, and still read "8%" on 12 closed deals. With amounts shown the bar is an amount,
    no share: it is hatched where the share of losses above it is hollow (its `small_n`), as the caption
    says of both panels."""
    table = review.no_decision
    if review.hide_amounts:
        return too_few(table, "no_decision_value_share", min_n)
    return [bool(s) for s in table.get_column("small_n").to_list()]


def no_decision_value_marks(review: Review) -> list[ValueMark]:
    """Per quarter of Review.no_decision, what its value bar says: "$12k" (or "8%" of closed deal value
    with amounts hidden); for a quarter whose no-decision deals all lack an exchange rate, "No rate for
    EUR" where its bar would stand (exchange.no_rate_words, capitalised as text.money_or_no_rate writes
    it), "No amount" where they have no amount at all. Such a quarter drew no bar and no label, which
    read as "$0" beside its neighbours. A share on too few closed deals (no_decision_value_small) says
    "n too small (n = 12)", its hover why. An amount leaving out some of the quarter's deals for want of a
    rate says what they lack after it, by the tiles' rule (text.figure_and_no_rate): "$58.5k · no rate for
    EUR, GBP" (ValueMark.aside), its hover "..., without the deals with no exchange rate to USD for EUR or
    GBP"."""
    table = review.no_decision
    column = "no_decision_value_share" if review.hide_amounts else "no_decision_amount"
    no_rate = pl.col("no_decision_no_rate") if "no_decision_no_rate" in table.columns else pl.lit(None, pl.String)
    # The closed deals a value share divides by: its n, said where it is too few (amounts are no share).
    closed = pl.col("closed") if review.hide_amounts else pl.lit(None, pl.Int64).alias("closed")
    rows = table.select("quarter", "no_decision", column, no_rate, closed).rows()
    none_closed = ([not c for c in table.get_column("closed").fill_null(0).to_list()] if "closed" in table.columns
                   else [False] * table.height)
    marks = []
    for (quarter, lost, value, no_rate, closed), small, empty in zip(rows, no_decision_value_small(review), none_closed,
                                                                     strict=True):
        if empty:
            # A quarter no deal closed in (measures.trends.every_quarter): $0 lost, or no share of a value of
            # none, never "n too small (n = 0)" over a hatched stub; the caption names the quarter.
            words = "" if review.hide_amounts else money(0, review.currency)
            marks.append(ValueMark(words, f"{quarter}: no deal closed"))
        elif value is None and lost:
            words = text.sentence(no_rate) if no_rate else NO_AMOUNT
            # Why, in the words of every note on such deals: "no exchange rate to USD for GBP".
            lacking = review.no_decision_no_rate_in.get(quarter, ()) if no_rate else ()
            what = no_rate_reason(lacking, review.currency) or f"no amount in {review.currency}"
            hover = (f"{quarter}: {text.plural(lost, 'deal')} lost to no decision, with {what}:"
                     f" {'its' if lost == 1 else 'their'} value is not known")
            marks.append(ValueMark(words, hover, unvalued=True))
        elif review.hide_amounts and small:
            # A share of too few closed deals is never a bare percentage: "n too small (n = 12)".
            marks.append(ValueMark(text.too_small_text(closed), f"{quarter}: share of closed deal value, "
                                   f"{text.too_small_text(closed)}: fewer than {MIN_N} closed deals", small=True))
        elif review.hide_amounts:
            marks.append(ValueMark(text.percent(value), f"{quarter}: {text.percent(value)} of closed deal value"))
        else:
            written = money(value, review.currency)
            # Some of the quarter's no-decision deals converted, others lack a rate: the amount is theirs
            # alone and says so, as a tile does ("$58.5k · no rate for EUR, GBP"); it read "$58.5k" as whole.
            lacking = review.no_decision_no_rate_in.get(quarter, ()) if no_rate else ()
            without = f", without the deals with {reason}" if (reason := no_rate_reason(lacking, review.currency)) else ""
            marks.append(ValueMark(written, f"{quarter}: {written} lost to no decision{without}", small=small,
                                   aside=no_rate or None))
    # One precision on the chart: "$1.1M" beside "$1.34M" read as known less exactly ("$1.10M").
    labels = text.same_precision([m.words if not m.unvalued and not review.hide_amounts else "" for m in marks])
    return [m if m.unvalued or review.hide_amounts else
            replace(m, words=text.with_aside(w, m.aside), hover=m.hover.replace(m.words, w, 1))
            for m, w in zip(marks, labels, strict=True)]


def dates_line(review: Review) -> str:
    """The day a review is of, said under its title on the page, in the HTML report and on the deck's
    cover: "Data as of 26 Nov 2026"; reviewed as of an earlier day than the data's own (Review.data_day,
    review_from_store's `today`), both: "Reviewed as of 14 Aug 2026 · data to 26 Nov 2026". It read
    "Data as of 14 Aug 2026" there, as if the data stopped on the review day."""
    if review.data_day is None or review.data_day <= review.as_of:
        return f"Data as of {day(review.as_of)}"
    return f"Reviewed as of {day(review.as_of)} · data to {day(review.data_day)}"


def listed_at_risk(review: Review, limit: int | None = None) -> pl.DataFrame:
    """The review's at-risk deals (its first `limit`, all when None) as its table lists them on the page,
    in the deck and in the report, by every deal list's rules: no Deal column when none of them has a
    name (deal_lists.without_blank_names), and no column of a detail none of them has, an account
    among them (common.without_empty_details): a HubSpot export's deals have no account, and the table
    read "—" down its Account column."""
    at_risk = review.at_risk if limit is None else review.at_risk.head(limit)
    return without_empty_details(without_blank_names(at_risk))


def stage_now_note(review: Review) -> str:
    """What a past day's at-risk table's STAGE_NOW column holds, in one sentence: said under the table on
    the page (in presenter mode too), in the deck (which has no column help) and in the report, and the
    page column's help."""
    return (
        f"{STAGE_NOW} is where each deal stands in the data as of {day(review.data_day or review.as_of)}: its stage if still"
        " open, else how and when it closed since; the data keeps each deal's latest state, not its stage on"
        f" {day(review.pipeline_day or review.end)}."
    )


def no_movers(review: Review, min_n: int = MIN_N) -> str:
    """The one sentence for movers with no rep to rank, said by the page, the HTML report and the deck,
    for the whole section and for a measure's panel left empty: "No rep has at least 20 deals in the
    rate's denominator in both 2026 Q2 and 2026 Q3, so there is no mover to chart." (the movers'
    rule, as their caption states it)."""
    return (
        f"No rep has at least {min_n} deals in the rate's denominator in both {review.previous} and"
        f" {review.quarter}, so there is no mover to chart."
    )


def review_chart_view(review: Review) -> ChartView:
    """The view the review's charts draw, as their CSVs state it (common.with_view): the quarter reviewed,
    its first and last days, the filters and win-rate definition it was made with, whether its names are
    anonymised and the reporting currency. The charts' CSVs had said none of it."""
    return ChartView(review.start, review.end, tuple(review.filtered), Denominator(review.denominator),
                     review.anonymized, review.currency)


# The rates the win rate by seller profile chart draws, a bar a profile each: the quarter reviewed's (over n) and the
# previous quarter's (over previous_n, common.CHART_CSV_N).
PROFILE_QUARTER_RATES: Final = ("win_rate", "previous_win_rate")


def profile_rate_shown(profiles: pl.DataFrame, min_n: int = MIN_N) -> bool:
    """Whether the win rate by seller profile chart (Review.profiles: win_rate over n, previous_win_rate over
    previous_n) draws one rate as a bar, in either quarter: every other place is a withheld stub or none. Each
    quarter is judged by the one rule of every chart whose every rate is withheld (common.every_rate_withheld on
    the deals its rates divide by); a quarter with no deal at all draws no bar either."""
    # Not by the table's own small_n / previous_small_n flags: they agree with the counts only while outcome_summary
    # makes them by the same rule, and the page, the HTML report and the deck (missing_charts) must say what every
    # other page's chart of withheld rates would say of the same counts.
    return any(
        int(profiles[share_n(profiles.columns, rate)].fill_null(0).sum()) > 0 and not every_rate_withheld(profiles, rate, min_n)
        for rate in PROFILE_QUARTER_RATES
    )


def withheld_profiles_sentence(review: Review, min_n: int = MIN_N) -> str | None:
    """What stands in place of win rate by seller profile, this quarter beside the previous, when every one of its
    rates would be withheld, each profile's in both quarters on fewer than `min_n` deals (or none in the previous):
    the rule of every chart whose every rate is withheld (common.every_rate_withheld on each quarter's deals:
    profile_rate_shown, common.withheld_chart_sentence), on the page, in the HTML report and in the deck
    (missing_charts). None when a rate is drawn. A row of grey hatched stubs, two a profile,
    had been drawn under an axis of no rate.

    "No profile has the 20 deals a rate needs in 2026 Q3 or 2026 Q2, so win rate by seller profile is not drawn:
    each profile's n is in the caption below." """
    table = review.profiles
    if table.height == 0 or profile_rate_shown(table, min_n):
        return None
    return withheld_chart_sentence("profile", SECTION_TITLES["profiles"].lower(),
                                   f": each profile's n in {review.quarter} is in the caption below.",
                                   within=f" in {review.quarter} or {review.previous}", min_n=min_n)


def withheld_no_decision_sentence(review: Review, min_n: int = MIN_N) -> str | None:
    """What stands in place of the no-decision section's share of losses by quarter (Review.no_decision) when every
    quarter's share would be withheld, each on fewer than `min_n` losses: the rule of every chart whose every rate is
    withheld (common.every_rate_withheld on its quarters' losses, common.withheld_chart_sentence), and what there is
    instead, the quarters' losses counted. The same words on the page and in the HTML report (review_charts.no_decision_figure: in the
    share's panel, over the value it took) and in the deck (in the share's chart's place). None when a share is drawn,
    or no quarter has a loss (missing_charts says so). Grey rings on the quarters' axis, no share on any, had been
    drawn under an axis of no rate.

    "No quarter has the 20 losses a rate needs, so no decision ÷ losses by quarter is not drawn: these 5 quarters
    have 9 losses, 3 of them no decision." """
    table = review.no_decision
    # Judged by the one rule of every such chart (the No decision page's, the Reps page's, ...) on the losses each share
    # divides by, not by the table's own small_n flags: two screens then cannot disagree should either rule change.
    if not every_rate_withheld(table, "no_decision_share_of_losses", min_n):
        return None
    losses, undecided = int(table.get_column("losses").sum()), int(table.get_column("no_decision").sum())
    quarters = table.height  # the quarters on its axis
    where = f"{table['quarter'][0]} has" if quarters == 1 else f"these {quarters:,} quarters have"
    return withheld_chart_sentence(
        "quarter", f"{ND_SHARE_OF_LOSSES.lower()} by quarter",
        f": {where} {text.plural(losses, 'loss', text.LOSSES)}, {f'{undecided:,}' if undecided else 'none'} of them no decision.",
        unit=text.LOSSES, min_n=min_n)


def missing_charts(review: Review, min_n: int = MIN_N) -> dict[str, str]:
    """Section key -> the sentence said in place of its chart, for each section with nothing to draw.

    Shared by the page, the deck and the HTML report: a chart is never drawn for data that is not
    there (an empty at-risk chart drew a bare axis from -1 to 6). "headline" is the deck's rate chart,
    left out when every rate of the three quarters is missing or on fewer than `min_n` deals.
    """
    missing: dict[str, str] = {}
    rates = review.kpis.filter(pl.col("kind") == "rate")
    shown = [
        value
        for r in rates.iter_rows(named=True)
        for value, small in ((r["value"], r["small_n"]), (r["previous"], r["small_n_previous"]), (r["last_year"], r["small_n_last_year"]))
        if value is not None and not small
    ]
    if not shown:
        missing["headline"] = (
            f"No rate of {review.last_year}, {review.previous} or {review.quarter} is on at least {min_n} deals, so none is charted."
        )
    if review.profiles.height == 0:
        missing["profiles"] = f"No deal closed in {review.quarter}, so there is no win rate by seller profile to chart."
    elif note := withheld_profiles_sentence(review, min_n):
        missing["profiles"] = note
    if review.no_decision.height == 0 or int(review.no_decision.get_column("losses").sum()) == 0:
        missing["no_decision"] = "No deal was lost in these quarters, so there is no share of losses to chart."
    if review.movers.height == 0:
        missing["movers"] = no_movers(review, min_n)
    if review.at_risk_by_profile.height == 0:
        missing["at_risk"] = f"No {pipeline_phrase(review.quarter, review.end, review.pipeline_day or review.end)}, so there is no at-risk pipeline to chart."
    return missing


# ---------------------------------------------------------------------------------------------
# The headline as tiles: the same records on the page, in the deck and in the HTML report, each
# change shown only when both quarters have enough deals.


@dataclass(frozen=True)
class HeadlineTile:
    """One KPI of the review. `change` / `change_value` are against the previous quarter and `yoy`
    against the same quarter last year: None when either side is missing or has fewer than MIN_N
    deals in the KPI's n (rates.CHANGE_N: a rate's own n; the deals counted for a count; won deals for
    value, as the Overview gates them). `change_withheld` / `yoy_withheld` then say why ("Q3 n too
    small (13 won deals)", text.withheld_change), so no change is left a bare "—"."""

    kpi: str
    label: str
    kind: str  # rate, count, money, index
    text: str  # "42%", "n too small (n = 5)", "$1.2M", "310"
    n: int
    small: bool
    change: str | None  # "+3 pts", "+8%", "+120"
    change_value: float | None  # the change as a number (its sign decides the arrow)
    yoy: str | None  # "+3 pts vs 2025 Q3"
    bad_when_up: bool
    change_withheld: str | None = None  # why `change` is None when a quarter is too small, else None
    yoy_withheld: str | None = None  # why `yoy` is None when a quarter is too small, else None
    # Whether the previous quarter / the same quarter last year has nothing in the KPI's n while the
    # quarter reviewed has enough, or its n is said beside the value (n_said): all there is to say is that
    # there is nothing to compare with.
    previous_empty: bool = False
    last_year_empty: bool = False
    # What the value leaves out, beside it in small type on the page ("no rate for EUR"); None for none.
    aside: str | None = None
    # The value is words in the figure's place ("No rate for EUR": text.no_rate_alone; "no won deals", a rate with
    # nothing in its n): set in a smaller type than a figure on the page and in the report, so it reads on one line.
    phrase: bool = False

    @property
    def big_text(self) -> str:
        """What the tile writes in its big type: "n too small" for a rate on too few deals (its n goes
        under it, `n_text`), as every page's tiles do; "n too small (n = 5)" wrapped inside a tile."""
        return N_TOO_SMALL if self.small else self.text

    @property
    def in_words(self) -> bool:
        """Whether `big_text` is words in a figure's place ("n too small", "No rate for EUR"), set smaller than a
        figure, as views.common.Tile.in_words (the deck's WORDS_SIZE)."""
        return self.phrase or self.small

    @property
    def words(self) -> str:
        """big_text with what it leaves out after a middle dot, as the deck and the report write the
        value: "$134k · no rate for EUR, GBP"."""
        return text.with_aside(self.big_text, self.aside)


def headline_tiles(review: Review) -> list[HeadlineTile]:
    tiles = []
    this, previous = short_quarter_names(review.quarter, review.previous)
    for row in review.kpis.iter_rows(named=True):
        noun, least = CHANGE_N[row["kpi"]][1], change_min_n(row["kpi"])  # a rate's change on MIN_N, a count's on 1
        # The quarter's n said beside the value (n_text) is not said again in why a change is withheld.
        told = n_said(row["kind"], row["n"])
        # Of the won value (or its index), the won deals no rate converts are out of each side's n and said by what
        # they lack, as the Overview's tiles say them (common.quarter_change_tile): "vs 2026 Q2: no rate for EUR in
        # Q2", where the review's tile had read "—" or "no won deals in 2026 Q2" for a quarter of EUR deals.
        # A quarter whose won value leaves some out so is a part of its sum: its change is withheld (`sums`).
        ns, unrated = headline_sides(review, row)
        sums = row["kind"] in ("money", "index")
        qoq_withheld = text.withheld_change(((this, ns[0]), (previous, ns[1])), noun, min_n=least,
                                            said=(this,) if told else (), sums=sums,
                                            no_rate={n: u for n, u in ((this, unrated[0]), (previous, unrated[1])) if u})
        yoy_withheld = text.withheld_change(((review.quarter, ns[0]), (review.last_year, ns[2])), noun,
                                            min_n=least, said=(review.quarter,) if told else (), sums=sums,
                                            no_rate={n: u for n, u in ((review.quarter, unrated[0]),
                                                                       (review.last_year, unrated[2])) if u})
        # Whether a compared quarter with nothing in the n is all there is to say ("no deals in 2025 Q3 to
        # compare"): the quarter reviewed has enough, or its n is said beside the value. A quarter whose won
        # deals all lack a rate has some: why is said instead.
        alone = (ns[0] or 0) >= least or told
        qoq = None if qoq_withheld else kpi_change(row["kind"], row["value"], row["previous"], review.currency)
        yoy = None if yoy_withheld else kpi_change(row["kind"], row["value"], row["last_year"], review.currency)
        # A rate with nothing in its n says so in words (common.change_tile's rule): "n too small" over
        # "n = 0" read as if a few deals were hidden.
        nothing = row["kind"] == "rate" and not row["n"]
        value, aside = (f"no {noun}", None) if nothing else headline_value_parts(review, row)
        if row["kind"] == "index" and qoq_withheld:  # the index is itself the change on the previous quarter, as
            value = DASH  # the Overview's: "100" over "no rate for EUR in Q2" compared Q3 with part of Q2
        no_rate = review.won_left_out.no_rate if review.won_left_out and row["kind"] == "money" and not nothing else None
        tiles.append(HeadlineTile(
            kpi=row["kpi"],
            label=row["label"],
            kind=row["kind"],
            text=value,
            aside=aside,
            phrase=nothing or text.no_rate_alone(bool(row["value"]), no_rate),
            n=row["n"] or 0,
            small=bool(row["small_n"]) and not nothing,
            change=None if qoq is None else qoq[1],
            change_value=None if qoq is None else qoq[0],
            yoy=None if yoy is None else f"{yoy[1]} vs {review.last_year}",
            bad_when_up=row["kpi"] == "no_decision_share_of_losses",
            change_withheld=qoq_withheld,
            yoy_withheld=yoy_withheld,
            previous_empty=alone and not row["n_previous"],
            last_year_empty=alone and not row["n_last_year"],
        ))
    return tiles


def headline_sides(review: Review, row: dict) -> tuple[tuple[int | None, ...], tuple[text.Unrated | None, ...]]:
    """Of a review.kpis row, the n of each quarter (reviewed, previous, last year) its change is gated on, and
    what each quarter's deals lack that the n leaves out (text.Unrated, None for nothing). The won value's (or
    its index's) n is the won deals whose amount a rate converts, the rest said by what they lack ("no rate for
    EUR"): common.quarter_change_tile's rule for the Overview's won value tile. Any other KPI's n is as counted."""
    ns = (row["n"], row["n_previous"], row["n_last_year"])
    if row["kind"] not in ("money", "index"):
        return ns, (None, None, None)
    lefts = (review.won_left_out, review.won_left_out_previous, review.won_left_out_last_year)
    unrated = tuple(text.Unrated(left.deals, no_rate_words(left.currencies) or "") if left and left.deals else None
                    for left in lefts)
    return (tuple(None if n is None else n - (u.deals if u else 0) for n, u in zip(ns, unrated, strict=True)),
            unrated)


def headline_value_parts(review: Review, row: dict) -> tuple[str, str | None]:
    """A headline tile's value (kpi_value_text of a review.kpis row) and what it leaves out: the won
    value, where it leaves out won deals no exchange rate converts, says so beside it as the Overview's
    tile does (text.money_and_no_rate: ("$134k", "no rate for EUR, GBP"); ("No rate for EUR", None) when
    none converted)."""
    written = kpi_value_text(row["kind"], row["value"], row["n"], row["small_n"], review.currency)
    if row["kind"] != "money" or not review.won_left_out or not review.won_left_out.no_rate:
        return written, None
    return text.money_and_no_rate(row["value"], review.currency, review.won_left_out.no_rate)


def n_text(tile: HeadlineTile, quarter: str) -> str:
    """"n = 310 in 2026 Q3" under a rate, naming the quarter reviewed (`quarter`): beside "no deals in 2025
    Q3" a bare "n = 128" read as that quarter's count. A rate's n is what makes it a number or "n too
    small"; "" otherwise, and for a rate on no deal at all (its value says "no losses")."""
    return f"n = {tile.n:,} in {quarter}" if n_said(tile.kind, tile.n) else ""


def n_said(kind: str, n: int | None) -> bool:
    """Whether a headline tile of `kind` on `n` deals says its n beside its value (n_text): a rate's, on some
    deals. Why its changes are withheld then leaves that n out (text.withheld_change's `said`)."""
    return kind == "rate" and bool(n)


def change_lines(tile: HeadlineTile, previous: str, last_year: str) -> tuple[str, str]:
    """The two change lines a tile shows (QoQ, YoY): "-5 pts vs 2026 Q2"; where a change is withheld,
    why ("vs 2026 Q2: Q3 n too small (13 won deals)"), or, when the quarter compared with has nothing
    in the n and the quarter reviewed has enough or its n is said beside the value (n_text), only that ("no
    deals in 2025 Q3 to compare": "vs 2025 Q3: no deals in 2025 Q3" said the quarter twice); "—" only where there is nothing to compare
    (a side without a value). The page, the deck and the HTML report all write these lines."""
    def line(change: str | None, versus: str, withheld: str | None, empty: bool) -> str:
        if change:
            return f"{change} vs {versus}"
        if withheld and empty:
            return f"no {CHANGE_N[tile.kpi][1]} in {versus} to compare"
        return f"vs {versus}: {withheld}" if withheld else DASH

    qoq = line(tile.change, previous, tile.change_withheld, tile.previous_empty)
    yoy = tile.yoy or line(None, last_year, tile.yoy_withheld, tile.last_year_empty)
    return qoq, yoy
