"""The No decision page's records: tiles with their changes decided, the trend, the breakdowns, the
reps, reasons, cycle times and the open deals at risk."""

from __future__ import annotations

import datetime as dt
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import NO_DECISION

from winloss import employment, periods, text
from winloss.exchange import Unconverted, left_out_of, not_converted, was_converted
from winloss.filters import Filters
from winloss.measures.at_risk import at_risk_open_deals, none_at_risk, won_days_histogram
from winloss.measures.counting import close_quarter_index, closed_between, first_close, undated_open_count
from winloss.measures.no_decision import (
    cycle_days_of_histogram, cycle_histogram, drawn_reasons, kept_lost_query, kept_lost_reasons, loss_reasons_query, no_decision_causes,
    no_decision_causes_query,
)
from winloss.measures.summary import closed_counts_query, summaries_by
from winloss.measures.trends import UNRATED_SEPARATOR, every_quarter
from winloss.profile_sources import with_rep_profiles_shown
from winloss.rates import MIN_N, none_ranked, ranked, too_small
from winloss.views.common import (
    GRAIN,
    ClosedAround,
    Tile,
    Unplaced,
    as_text,
    closed_by,
    denominator,
    empty_quarters_of,
    every_rate_withheld,
    last_close_query,
    named_quarters,
    no_decision_bars_caption,
    no_deal_closed_sentence,
    no_losses_sentence,
    profile_sorted,
    quarter_change_tile,
    quarter_of_last_close,
    unplaced_at_risk,
    withheld_advice,
    withheld_chart_sentence,
)

ND_SHARE = "no_decision_share_of_losses"


@dataclass(frozen=True)
class NoDecision:
    overall: pl.DataFrame
    trend: pl.DataFrame  # the quarters in range
    by_profile: pl.DataFrame
    by_region: pl.DataFrame
    by_segment: pl.DataFrame
    by_rep: pl.DataFrame  # rep, seller_profile, ...: most no decision first, small n last
    reasons: pl.DataFrame
    cycle: pl.DataFrame
    at_risk: pl.DataFrame  # every at-risk open deal, largest first (the page lists AT_RISK_ROWS)
    at_risk_count: int
    none_at_risk: str  # what the at-risk list says when it is empty (at_risk.none_at_risk)
    # The deals open now with no created date (counting.undated_open): left out of the at-risk list, or
    # listed unjudged on age, as at_risk.undated_note says over it.
    undated_open: int
    # The last quarter in range with closed deals, the tiles' changes are of it, and the quarter before
    # it when it has closed deals to compare with, named as every screen names them (Compared).
    quarter: str | None
    previous: str | None
    tiles: tuple[Tile, ...]  # no decision ÷ closed, ÷ losses, no-decision deals, value lost
    lost_value_share: Tile  # the value tile when amounts are hidden
    lost_value_share_text: str  # no-decision amount ÷ (lost + no-decision amount), in words
    blank_dimensions: tuple[str, ...]  # region / segment columns with no value at all: nothing to chart
    single_dimensions: tuple[tuple[str, str], ...] = ()  # (dimension, its one value): one bar compares nothing
    # The open deals at risk the dimension filters leave out of the at-risk list, having no value for one
    # (common.unplaced_at_risk), said under the list (common.unplaced_sentence).
    at_risk_unplaced: tuple[Unplaced, ...] = ()
    # The range's no-decision deals by what made them so ((cause, deals): measures.no_decision.no_decision_causes),
    # named by the loss-reason chart's caption; empty when not known.
    no_decision_causes: tuple[tuple[str, int], ...] = ()
    # The range's lost deals the store keeps lost though its no-decision list reads their reason ((reason,
    # deals): measures.no_decision.kept_lost_reasons), said where the share is defined; empty when not known.
    kept_lost: tuple[tuple[str, int], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.overall["closed"][0] or self.trend.height == 0

    @property
    def losses(self) -> int:
        """The range's lost and no-decision deals: what every share, breakdown and reason counts."""
        return int(self.overall["no_decision_share_of_losses_n"][0] or 0) if self.overall.height else 0

    def in_range(self, start: dt.date, fy_start_month: int) -> pl.DataFrame:
        """The trend's quarters the range covers (from `start`'s quarter on)."""
        return self.trend.filter(pl.col("quarter") >= periods.quarter_label(start, fy_start_month))


def no_decision(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date, as_of: dt.date,
                currency: str = text.DEFAULT_CURRENCY, every_deal: pl.LazyFrame | None = None,
                vocabulary: Iterable[str] | None = None, stage_outcomes: Mapping[str, str] | None = None,
                real_values: Mapping[str, Mapping[str, str]] | None = None) -> NoDecision:
    """Everything the No decision page shows; open deals are judged at risk as of `as_of`; amounts are in
    `currency` (the store's reporting currency, ISO 4217). `every_deal`: the deals before the dimension
    filters, for the open deals at risk those filters leave out for want of a value (at_risk_unplaced);
    none are counted without it. `vocabulary` and `stage_outcomes`: the store's no-decision vocabulary and
    stage mappings, by which the loss-reason chart's caption says what made its no-decision deals so
    (measures.no_decision.no_decision_causes, through `real_values` with names anonymised); not said without
    the vocabulary."""
    d = denominator(filters)
    fy = filters.fy_start_month
    # One pass at the finest grain, quarter included: the trend and every breakdown below are sums
    # over a few thousand rows.
    quarter_expr = close_quarter_index(deals, fy).alias("_quarter")
    # The tiles' change is of the last quarter in range with a closed deal, known only after the pass:
    # nearly always the quarter of the range's last known day, whose windows (compared_windows) are
    # counted in the same pass; another's are counted after it.
    known = periods.known_day(end, as_of) or end  # the Overview's: never after the data's day
    likely = periods.quarter_label(known, fy)
    first = first_close(deals) if start is not None else None
    windows = compared_windows(likely, start, end, as_of, fy, first)
    # Every pass over the deals collected at once: Polars runs them side by side, each its own scan
    # (the won deals' days for the at-risk threshold count every deal, not the range's).
    in_range, reason_frame, cause_groups, lost_groups, cycle_counts, won_days, last_close, *window_counts = pl.collect_all([
        closed_counts_query(deals, [*GRAIN, quarter_expr], start, end),
        loss_reasons_query(deals, start, end, reporting_currency=currency),
        no_decision_causes_query(deals, start, end),
        kept_lost_query(deals, start, end),
        cycle_histogram(deals, start, end),
        won_days_histogram(deals),
        last_close_query(deals, start, end, as_of),
        # Stopped where the range stops (closed_by), as the Overview's change is.
        *[closed_counts_query(closed_by(deals, end), [], *window.bounds) for window in windows],
    ])
    quarter = quarter_of_last_close(last_close, fy)
    if quarter is not None and quarter != likely:
        windows = compared_windows(quarter, start, end, as_of, fy, first)
        window_counts = pl.collect_all([closed_counts_query(closed_by(deals, end), [], *window.bounds)
                                        for window in windows])
    trend, by_rep, overall, by_region, by_segment, by_profile, *window_rows = summaries_by([
        (in_range, ["_quarter"]),
        (in_range, ["rep", "seller_profile"]),
        (in_range, []),
        (in_range, ["region"]),
        (in_range, ["segment"]),
        (in_range, ["seller_profile"]),
        *[(counts, []) for counts in window_counts],
    ], d.outcomes)
    trend = (
        trend.filter(pl.col("_quarter").is_not_null())
        .sort("_quarter")
        .with_columns(periods.label_from_index_expr("_quarter", fy).alias("quarter"))
    )
    # Every quarter of the range to its last known day, one no deal closed in with 0 deals and no share: it
    # had no bar and no tick, the share's line drawn straight across it.
    trend = every_quarter(trend, start, known, fy, index="_quarter")
    by_rep = (
        # A rep with no lost or no-decision deal has no share to rank: listing them "losing the
        # largest share" with n = 0 said what the data does not.
        by_rep.filter(pl.col("no_decision_share_of_losses_n") > 0)
    )
    # The one order of a ranking (rates.ranked): shares first, the withheld after them by their losses, then name.
    by_rep = ranked(by_rep, ND_SHARE, f"{ND_SHARE}_n", "no_decision_small_n", ties=["no_decision"])
    # A rep who left or is leaving is marked in the chart of reps and its list (winloss.employment).
    by_rep = employment.with_rep_marks(by_rep.with_columns(pl.col("rep").cast(pl.String)), deals)
    by_rep = with_rep_profiles_shown(by_rep, deals)  # where each rep's profile came from, for the reps' CSV
    at_risk = at_risk_open_deals(deals, as_of, won_days=won_days, created_by=end)
    # The open deals at risk a filter leaves out for want of a value: counted under the list.
    left_out = () if every_deal is None else unplaced_at_risk(every_deal, filters, as_of, won_days, currency, created_by=end)
    by_region = by_region.sort("region", nulls_last=True)
    by_segment = by_segment.sort("segment", nulls_last=True)
    compared = compared_rows(windows if quarter is not None else None, window_rows)
    if quarter is not None:  # each compared quarter's no-decision deals no rate converts, for its value's change
        compared = dataclasses.replace(compared, unrated=unrated_by_window(closed_by(deals, end), windows, currency))
    # The no-decision deals in range no exchange rate converts: said on the value tile.
    no_rate = left_out_of(deals, closed_between(start, end) & (pl.col("outcome") == NO_DECISION), currency)
    tiles, share_tile, share_text, previous = _tiles(overall, compared, currency, no_rate)
    # The quarter in progress is named so on the trend's axis too ("to date", "to 1 Jul"), as on the Overview's,
    # and the first quarter, cut only by days before the first close, whole, as there.
    trend = named_quarters(trend, as_of, fy, end, start, first)
    blank = tuple(name for name, frame in (("region", by_region), ("segment", by_segment))
                  if frame.height == 0 or frame[name].is_null().all())
    # A filter on a region (or an export with one segment) leaves one value: a chart of one bar
    # compares nothing, so the page names the value instead.
    single = tuple((name, str(frame[name][0])) for name, frame in (("region", by_region), ("segment", by_segment))
                   if name not in blank and frame.height == 1)
    return as_text(NoDecision(
        overall=overall,
        trend=trend,
        by_profile=profile_sorted(by_profile),
        by_region=by_region,
        by_segment=by_segment,
        by_rep=by_rep,
        reasons=reason_frame,
        no_decision_causes=() if vocabulary is None else no_decision_causes(cause_groups, vocabulary, stage_outcomes, real_values),
        kept_lost=() if vocabulary is None else kept_lost_reasons(lost_groups, vocabulary, real_values),
        cycle=cycle_days_of_histogram(cycle_counts),
        at_risk=at_risk,
        at_risk_count=at_risk.height,
        none_at_risk=none_at_risk(won_days, filtered=bool(left_out)),
        undated_open=undated_open_count(deals),
        quarter=compared.quarter,
        previous=previous,
        tiles=tiles,
        lost_value_share=share_tile,
        lost_value_share_text=share_text,
        blank_dimensions=blank,
        single_dimensions=single,
        at_risk_unplaced=left_out,
    ))


def no_losses_note(figures: NoDecision, filters: Filters, around: ClosedAround | None) -> str | None:
    """What the page says in place of its breakdowns, reps and loss reasons when the range has closed
    deals and every one was won (common.no_losses_sentence); None when a deal was lost (or none closed:
    the page then says only that)."""
    if figures.empty or figures.losses:
        return None
    closed = int(figures.overall["closed"][0])
    return no_losses_sentence(closed, "no share of losses to break down by seller profile, region, segment or rep, "
                                      "and no loss reason to chart", filters, around)


def compared_windows(quarter: str, start: dt.date, end: dt.date, as_of: dt.date | None,
                     fy_start_month: int, first_close: dt.date | None = None,
                     ) -> tuple[periods.QuarterWindow, periods.QuarterWindow]:
    """(`quarter`, the one before) as the tiles' change compares them: periods.comparison_windows with the
    data's day and the range's ends, the Overview's rule (measures.trends.deltas): the days the range
    counts of the quarter, and the same days of the one before, never that one's days the range holds."""
    this, previous, _ = periods.comparison_windows(quarter, as_of, fy_start_month, end, start, first_close)
    return this, previous


@dataclass(frozen=True)
class Compared:
    """What the tiles' changes compare: `quarter` and `previous` as every screen names them ("2026 Q3"
    and "2026 Q2"; "2026 Q4 to date" and "2026 Q3 to the same day" for a quarter in progress), and each
    one's summary row (summary_by's columns), None when it has no closed deal (or no quarter at all)."""

    quarter: str | None
    previous: str | None
    latest: dict | None
    before: dict | None
    # Of each quarter's no-decision deals, those no exchange rate converts, in measures.trends.deltas' columns
    # (no_decision_unrated, _currencies, each _previous): the value's change says a quarter lacks the rate.
    unrated: Mapping[str, object] = dataclasses.field(default_factory=dict)


def unrated_by_window(deals: pl.LazyFrame, windows: Sequence[periods.QuarterWindow], currency: str) -> dict[str, object]:
    """Of the no-decision deals closed in each of `windows` (this quarter's, then the previous one's), those no
    exchange rate to `currency` converts: no_decision_unrated and, where there are some,
    no_decision_unrated_currencies (the codes joined by UNRATED_SEPARATOR), with _previous for the second, as
    measures.trends.deltas counts them. One pass over the deals; a second, for the currencies, only when some
    deal lacks a rate."""
    if not was_converted(deals):
        return {}
    lacking = not_converted(currency) & (pl.col("outcome") == NO_DECISION)
    named = dict(zip(("", "_previous"), windows, strict=False))
    counts = deals.select([(lacking & closed_between(*window.bounds)).sum().cast(pl.Int64).alias(f"no_decision_unrated{s}")
                           for s, window in named.items()]).collect().row(0, named=True)
    counted: dict[str, object] = dict(counts)
    for s, window in named.items():
        if counts[f"no_decision_unrated{s}"]:
            counted[f"no_decision_unrated_currencies{s}"] = UNRATED_SEPARATOR.join(
                left_out_of(deals, closed_between(*window.bounds) & (pl.col("outcome") == NO_DECISION), currency).currencies)
    return counted


def compared_rows(windows: Sequence[periods.QuarterWindow] | None, rows: Sequence[pl.DataFrame]) -> Compared:
    """The tiles' comparison: `windows` (compared_windows of the last quarter in range with a closed deal;
    None when there is none) with `rows`, the summary row of each window's closed deals (one frame each,
    in its order)."""
    if windows is None:
        return Compared(None, None, None, None)
    this, previous = windows
    latest, before = (frame.row(0, named=True) if frame.height and frame["closed"][0] else None for frame in rows)
    return Compared(this.name, previous.name, latest, before)


def _tiles(overall: pl.DataFrame, compared: Compared, currency: str,
           no_rate: Unconverted | None = None) -> tuple[tuple[Tile, ...], Tile, str, str | None]:
    row = overall.row(0, named=True) if overall.height else {}
    latest, before = compared.latest, compared.before
    # The two quarters as one row in measures.trends.deltas' names, for the one gate (quarter_change_tile).
    both = {"quarter": compared.quarter, "previous_quarter": compared.previous, **(latest or {}),
            **{f"{k}_previous": v for k, v in (before or {}).items()}, **compared.unrated}

    def difference(column: str, words: Callable[[float], str | None]) -> str | None:
        if latest is None or before is None or latest[column] is None or before[column] is None:
            return None
        return words(latest[column] - before[column])

    def rate_change(column: str) -> str | None:
        # From the percentages the trend labels (text.change_in_points): "30%" and "30%" are "±0 pts".
        return None if latest is None or before is None else text.change_in_points(latest[column], before[column])

    def shown(label: str, value: str, changed: str | None, measure: str, **more) -> Tile:
        return quarter_change_tile(label, value, changed, both, measure, currency=currency, bad_when_up=True, **more)

    closed = row.get("closed") or 0
    losses = row.get("no_decision_share_of_losses_n") or 0
    # None where the no-decision deals have no amount (none converts): "—", never "$0".
    nd_amount = row.get("no_decision_amount") if row.get("no_decision") else 0.0
    lost_value = None if nd_amount is None else (row.get("lost_amount") or 0) + nd_amount
    share_text = text.percent(nd_amount / lost_value if nd_amount is not None and lost_value else None)
    nd_value, nd_aside = text.money_and_no_rate(nd_amount, currency, no_rate.no_rate if no_rate else None)
    tiles = (
        shown(text.ND_SHARE_OF_CLOSED, text.rate(row.get("no_decision_share_of_closed"), closed),
              rate_change("no_decision_share_of_closed"), "no_decision_share_of_closed",
              n=closed, small=too_small(closed)),
        shown(text.ND_SHARE_OF_LOSSES, text.rate(row.get(ND_SHARE), losses, bool(row.get("no_decision_small_n"))),
              rate_change(ND_SHARE), ND_SHARE, n=losses, small=bool(row.get("no_decision_small_n"))),
        shown("No-decision deals in range", text.count(row.get("no_decision")),
              difference("no_decision", lambda d: text.signed_count(int(d))), "no_decision"),
        # Deals no rate converts are not in the value: said beside it, and by currency in its help.
        shown("Value lost to no decision", nd_value,
              difference("no_decision_amount", lambda d: text.money_change(d, currency)), "no_decision_amount",
              left_out=no_rate if no_rate and no_rate.deals else None, left_out_noun="no-decision deal", aside=nd_aside,
              phrase=text.no_rate_alone(bool(nd_amount), no_rate.no_rate if no_rate else None)),
    )
    both_closed = latest is not None and before is not None
    return tiles, Tile("Share of lost value", share_text), share_text, compared.previous if both_closed else None


@dataclass(frozen=True)
class NoDecisionCaptions:
    """What the No decision page writes beside its numbers, as Markdown of fixed words and numbers
    (and the loss reasons kept lost, escaped: text.kept_lost_sentence): the Definitions expander, each chart's caption, the reps chart's title.
    `breakdown` is the one caption of the by-profile, by-region and by-segment charts."""

    definitions: str
    trend: str
    breakdown: str
    reps: str
    reps_title: str
    reasons: str
    cycle: str
    # What the reps chart is about, its title when it ranks reps (REPS_CHART_SUBJECT when it ranks none): its CSV's
    # name, which the sentence said in its title's place when none is ranked had named
    # ("no-rep-has-20-losses-in-this-range-none-is-ranked.csv").
    reps_subject: str


def captions(figures: NoDecision, start: dt.date, fy_start_month: int, hide_amounts: bool = False,
             shown_reps: int = 15) -> NoDecisionCaptions:
    """The No decision page's captions from its records: every n counted here, the small-n rule in
    text.small_n_note's words. `start` and `fy_start_month` cut the trend to the quarters in range,
    as the chart draws it; `shown_reps`: how many reps the reps chart draws (its title counts them)."""
    overall = figures.overall.row(0, named=True)
    losses = overall["no_decision_share_of_losses_n"]
    worth = ("share of lost value = no-decision amount ÷ (lost + no-decision amount) (amounts are hidden)"
             if hide_amounts else
             f"value lost to no decision = the no-decision deals' amounts, {figures.lost_value_share_text} of the value "
             "of all lost and no-decision deals")
    changes = (f"- **Changes** (arrows): {figures.quarter}, the last quarter in range with closed deals, against "
               f"{figures.previous}; {text.change_rule_note()}."
               if figures.previous else "- **Changes**: none; no previous quarter in range to compare with.")
    big = (f"- **Big numbers**: every deal closed in the range: no decision ÷ all {text.plural(overall['closed'], 'closed deal')}, "
           f"and ÷ the {text.plural(losses, 'loss', text.LOSSES)} (lost + no decision); {worth}."
           if losses else
           # "÷ the 0 losses" and "— of the value of all lost and no-decision deals" said nothing.
           f"- **Big numbers**: every deal closed in the range: no decision ÷ all {text.plural(overall['closed'], 'closed deal')}. "
           "None was lost or ended in no decision, so there is no share of losses or of lost value.")
    kept = text.kept_lost_sentence(figures.kept_lost, overall["no_decision"] or 0, losses or 0)
    definitions = "\n".join([
        big,
        *([f"- **Kept as lost**: {kept}"] if kept else []),
        changes,
        "- For scale: CSO Insights found about 24% of forecast deals end in no decision.",
    ])
    trend = figures.in_range(start, fy_start_month)
    reasons = int(figures.reasons["deals"].sum()) if figures.reasons.height else 0
    cycle = figures.cycle
    left_out = int(cycle["left_out"].sum()) if cycle.height else 0
    deals = int(cycle["deals"].sum()) if cycle.height else 0
    formula = text.sentence(text.ND_SHARE_OF_LOSSES_FORMULA)
    reps_chart = reps_chart_words(figures.by_rep["no_decision_small_n"].to_list(), shown_reps)
    return NoDecisionCaptions(
        definitions=definitions,
        trend=(f"Bars: closed deals by close date; line: no decision ÷ all closed deals, with {text.INTERVAL_WORDS}; "
               f"{text.small_n_note('closed deals')}. {text.n_of(int(trend['closed'].sum()), 'closed deal')}. "
               # A quarter no deal closed in stands on the axis with no bar and no share: said, never a silent gap.
               + (f"{said} " if (said := no_deal_closed_sentence(empty_quarters_of(trend))) else "")
               + "Click a bar for its deals."),
        breakdown=no_decision_bars_caption(losses, "Click a bar for its lost and no-decision deals."),
        reps=(f"{formula} per rep; {text.small_n_note(text.LOSSES)}, {text.WITHHELD_ORDER}. "
              f"{reps_chart.unranked + ' ' if reps_chart.unranked else ''}"
              f"{text.plural(figures.by_rep.height, 'rep')} in all. Click a rep to open their view with their "
              "lost and no-decision deals."),
        reps_title=reps_chart.title,
        reps_subject=reps_chart.subject,
        reasons=text.reasons_caption(reasons, "the", causes=figures.no_decision_causes, kept_lost=kept,
                                     others=drawn_reasons(figures.reasons).other_words),
        cycle=("Median days from created to close; whiskers span the middle half of the deals (25th–75th "
               f"percentile). {text.n_of(deals, 'closed deal')}"
               + (f"; {left_out:,} without a usable created date are left out." if left_out else ".")
               + " Click a bar for its deals."),
    )


# What the chart of reps by their share of losses is about when it ranks none, or one rep alone (its CSV's name):
# "The 8 reps losing the largest share" had named the file of a chart ranking one rep of eight.
REPS_CHART_SUBJECT: Final = "Share lost to no decision by rep"


@dataclass(frozen=True)
class RepsChartWords:
    """The words of the No decision page's chart of reps (reps_chart_words): its `title`, what it is about
    (`subject`, its CSV's name) and the sentence of its caption that says the reps drawn whose share is withheld
    apart from those ranked ("7 more reps are drawn hatched: too few losses to rank."; "" when none is)."""

    title: str
    subject: str
    unranked: str


def reps_chart_words(small: Sequence[bool | None], shown_reps: int, min_n: int = MIN_N) -> RepsChartWords:
    """The words of the chart of the first `shown_reps` reps of NoDecision.by_rep, whose no_decision_small_n is
    `small` (a rep's share withheld on fewer than `min_n` losses), in the one order of a ranking (rates.ranked:
    the reps with a share first). The title counts the reps ranked, never those withheld: "The 8 reps losing
    the largest share to no decision" had stood over one share of 39% and seven reps "n too small".

    - No rep drawn: text.NO_REP_LOST_TITLE; none with a share: text.unranked_title.
    - One rep with a share, of all the reps: nothing ranked, "Share lost to no decision: the one rep with 20
      losses or more".
    - Else "The 3 reps losing the largest share to no decision" ("The rep …" for one drawn of several ranked).
    The reps drawn after the ranked ones are counted in `unranked`, the caption's sentence."""
    drawn = min(shown_reps, len(small))
    rated = sum(1 for withheld in small if withheld is False)
    rated_drawn = min(drawn, rated)  # rates.ranked lists the reps with a share first
    unrated_drawn = drawn - rated_drawn
    # Hatched: the caption's small-n rule before it says what that is (fewer than `min_n` losses), in its one wording.
    unranked = (f"{text.plural(unrated_drawn, 'more rep')} {'is' if unrated_drawn == 1 else 'are'} drawn hatched: too "
                f"few {text.LOSSES} to rank." if rated_drawn and unrated_drawn else "")
    if drawn == 0:
        return RepsChartWords(text.NO_REP_LOST_TITLE, REPS_CHART_SUBJECT, "")
    if none_ranked(small):
        return RepsChartWords(text.unranked_title(text.LOSSES, min_n), REPS_CHART_SUBJECT, "")
    if rated == 1:
        return RepsChartWords(f"Share lost to no decision: the one rep with {min_n} {text.LOSSES} or more",
                              REPS_CHART_SUBJECT, unranked)
    ranking = ("The rep" if rated_drawn == 1 else f"The {rated_drawn:,} reps") + " losing the largest share to no decision"
    return RepsChartWords(ranking, ranking, unranked)


DIMENSION_WORDS: Final = {"seller_profile": "seller profile", "region": "region", "segment": "segment"}


def named_groups(frame: pl.DataFrame, dimension: str) -> pl.DataFrame:
    """`frame`, a breakdown by `dimension` (a NoDecision frame: by_profile, by_region, by_segment), with the
    group of deals that have no such value named as its bar is (text.no_group: "No segment"): the one frame
    the chart draws and its CSV writes. The CSV had left that cell empty beside the chart's "No segment"."""
    return frame.with_columns(pl.col(dimension).fill_null(text.no_group(dimension)))


def group_deals_title(dimension: str, value: str, escape: Callable[[str], str] = str) -> str:
    """The heading of the deals behind a breakdown's bar `value`: its share's n, the lost and no-decision
    deals (common.SHARE_OF_LOSSES_N; the no-decision deals alone, 20 under a bar of n = 78, were a list
    of another size than the bar's n with nothing to say why): "Lost and no-decision deals: region APAC";
    the bar of deals without one (text.no_group) reads "Lost and no-decision deals with no region", not
    "region No region". The value comes from a file: it is passed through `escape`."""
    if value == text.no_group(dimension):
        return f"Lost and no-decision deals with no {DIMENSION_WORDS[dimension]}"
    return f"Lost and no-decision deals: {DIMENSION_WORDS[dimension]} {escape(value)}"


def missing_dimensions_note(figures: NoDecision) -> str | None:
    """What stands in place of the region and segment charts when the deals have no such value at all
    (one "No region" bar would say nothing); None when both are there."""
    missing = [DIMENSION_WORDS[d] for d in ("region", "segment") if d in figures.blank_dimensions]
    if not missing:
        return None
    return (f"No {' or '.join(missing)} in these deals (the export or the roster has no such column, or it is "
            "empty): nothing to break down by.")


def single_value_notes(figures: NoDecision, escape: Callable[[str], str] = str) -> list[str]:
    """What stands in place of a chart of one bar (a filter on a region, an export with one segment):
    "Every deal here has region APAC: nothing to compare it with." The value comes from a file: it is
    passed through `escape` (text.md where the note is Markdown)."""
    return [f"Every deal here has {DIMENSION_WORDS[dimension]} {escape(value)}: nothing to compare it with."
            for dimension, value in figures.single_dimensions]


# What each group of a breakdown is called where its chart gives way to a sentence (withheld_breakdown_note): "No
# profile has the 20 losses a rate needs", as the Seller profiles page says it of the same chart.
GROUP_WORDS: Final = {"seller_profile": "profile", "region": "region", "segment": "segment", "rep": "rep"}
# The lists that stand in for a chart's bars when it gives way to a sentence, by dimension: choosing a group opens what
# a click on its bar opens, its lost and no-decision deals (the share's n); choosing a rep opens the rep's view on them.
BREAKDOWN_CHOICE_LABELS: Final = {
    "seller_profile": "Open a profile's lost and no-decision deals",
    "region": "Open a region's lost and no-decision deals",
    "segment": "Open a segment's lost and no-decision deals",
    "rep": "Open a rep's view with their lost and no-decision deals",
}
BREAKDOWN_CHOICE_PLACEHOLDERS: Final = {d: f"Choose a {GROUP_WORDS[d]}…" for d in BREAKDOWN_CHOICE_LABELS}


def withheld_breakdown_note(frame: pl.DataFrame, dimension: str, filters: Filters, around: ClosedAround | None,
                            min_n: int = MIN_N) -> str | None:
    """What stands in place of a chart of no decision ÷ losses by `dimension` ("seller_profile", "region",
    "segment": `frame` is NoDecision's by_profile, by_region or by_segment; "rep": the reps the chart draws, the
    first of by_rep) when every one of its shares would be withheld, each on fewer than `min_n` losses: the rule of
    every such chart (common.every_rate_withheld, common.withheld_chart_sentence), why and what to do, the page's
    Show the charts anyway included (common.withheld_advice). None when a share is drawn, or no group has a loss
    (no_losses_note says that). Grey hatched stubs, one a group, under an axis of no share had been drawn. `around`:
    the closed deals around the range (common.closed_around), by which the advice names its choice.

    "No region has the 20 losses a rate needs, so no decision ÷ losses by region is not drawn. Choose Last 4 complete
    quarters under Close date in the sidebar to count 52 closed deals or turn on Show the charts anyway." """
    if not every_rate_withheld(frame, ND_SHARE, min_n):
        return None
    chart = f"{text.ND_SHARE_OF_LOSSES.lower()} by {DIMENSION_WORDS.get(dimension, dimension)}"
    return withheld_chart_sentence(GROUP_WORDS[dimension], chart, f". {withheld_advice(filters, around)}", unit=text.LOSSES,
                                   min_n=min_n)


def breakdown_choices(frame: pl.DataFrame, dimension: str) -> list[str]:
    """The groups whose bars a chart of no decision ÷ losses by `dimension` draws (`frame`: one of NoDecision's
    breakdowns, or the reps the chart draws for "rep"), in its order and named as its bars are (named_groups: "No
    region"), those with a loss alone (a bar of none opens nothing: charts.rate_bars' n_opens): what the list standing
    in for the chart offers (withheld_breakdown_note, BREAKDOWN_CHOICE_LABELS)."""
    column = "rep" if dimension == "rep" else dimension
    shown = frame.filter(pl.col(f"{ND_SHARE}_n").fill_null(0) > 0)
    return (shown if dimension == "rep" else named_groups(shown, dimension)).get_column(column).cast(pl.String).to_list()
