"""Why and how slowly deals end without a win: loss and no-decision reasons, days to close by outcome."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final, NamedTuple

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, LOST, NO_DECISION, OUTCOME_LABELS, WON, folded_words
from winloss.measures.counting import CYCLE_DAYS, OUTCOME, Deals, quantile_of_counts, sort_keys
from winloss.measures.summary import closed_in_range
from winloss.text import plural


NO_REASON: Final = "(no reason given)"


def cycle_days_by_outcome(
    deals: Deals, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """Days from created to close per closed outcome, closed in [start, end].

    Columns: outcome, deals (with a usable cycle), median_days, mean_days, p25_days, p75_days,
    left_out (closed deals without a created date, or created after their close date). Always
    three rows in the order won, lost, no_decision. The median and quartiles are Polars' linear
    quantiles of the days, the mean their mean.

    Days to close are whole days, a few hundred distinct values however many deals: the deals are
    counted by outcome and days, and the statistics read off that histogram (the same numbers, to
    the bit, as Polars' median, mean and quantiles of every deal's days; tests/measures/test_no_decision.py)
    instead of sorting every deal's days three times per outcome (a quarter of a second at 10M).
    """
    return cycle_days_of_histogram(cycle_histogram(deals, start, end).collect())


def cycle_histogram(deals: Deals, start: date | None = None, end: date | None = None) -> pl.LazyFrame:
    """The closed deals in [start, end] counted by outcome and days to close, as a lazy query (for a
    view that collects it with its other queries at once): columns outcome (String), days (Int64,
    null for deals without a usable cycle), count; by days, nulls last."""
    return (
        closed_in_range(deals, start, end)
        .group_by(OUTCOME, CYCLE_DAYS.alias("days"))
        .agg(pl.len().alias("count"))
        # Text after grouping: the deals may hold an Enum, and a few hundred rows cast for nothing.
        .with_columns(OUTCOME.cast(pl.String))
        .sort("days", nulls_last=True)
    )


def cycle_days_of_histogram(histogram: pl.DataFrame) -> pl.DataFrame:
    """cycle_days_by_outcome's frame from cycle_histogram's, collected."""
    rows = []
    for outcome in CLOSED_OUTCOMES:
        mine = histogram.filter(pl.col("outcome") == outcome)
        known = mine.filter(pl.col("days").is_not_null())
        days, counts = known["days"].to_list(), known["count"].to_list()
        n = sum(counts)
        rows.append({
            "outcome": outcome,
            "deals": n,
            "median_days": quantile_of_counts(days, counts, 0.5),
            "mean_days": sum(d * c for d, c in zip(days, counts, strict=True)) / n if n else None,
            "p25_days": quantile_of_counts(days, counts, 0.25),
            "p75_days": quantile_of_counts(days, counts, 0.75),
            "left_out": int(mine.filter(pl.col("days").is_null())["count"].sum()),
        })
    schema = {"outcome": pl.String, "deals": pl.Int64, "median_days": pl.Float64, "mean_days": pl.Float64,
              "p25_days": pl.Float64, "p75_days": pl.Float64, "left_out": pl.Int64}
    return pl.DataFrame(rows, schema=schema)


def loss_reasons(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    by: Sequence[str] | None = None,
    reporting_currency: str | None = None,
) -> pl.DataFrame:
    """Lost and no-decision deals closed in range by their raw reason, most frequent first.

    Columns: by columns, loss_reason ("(no reason given)" for blanks), outcome (what the reason
    was mapped to: lost or no_decision), deals, share (of the group's lost + no-decision deals),
    amount (in the reporting currency). With `reporting_currency`, what each amount leaves out, as
    `report --json` says of a won value (exchange.no_rate_in_group): amount_unconverted, how many of the
    reason's deals no rate converts (UInt32, 0 for none), and amount_unconverted_currencies, the currencies
    they lack a rate for (a sorted list); the amount is then null (never 0) where some have an amount and
    none converts.
    """
    return loss_reasons_query(deals, start, end, by, reporting_currency).collect()


def loss_reasons_query(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    by: Sequence[str] | None = None,
    reporting_currency: str | None = None,
) -> pl.LazyFrame:
    """loss_reasons as a lazy query, for a view that collects it with its other queries at once."""
    by = list(by or [])
    keys = [*by, "loss_reason", "outcome"]
    losses = closed_in_range(deals, start, end).filter(OUTCOME != WON).with_columns(pl.col("loss_reason").fill_null(NO_REASON))
    grouped = losses.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("deals"), pl.col("amount").sum(), pl.col("amount").count().alias("_valued"))
    left = reporting_currency is not None
    if reporting_currency is not None:
        from winloss.exchange import no_rate_in_group, not_converted

        if "exported_amount" in losses.collect_schema().names():
            # Counted over the deals no rate converts alone, nearly always none, and joined: the same two
            # aggregations over every loss took 23 of a 1M-deal No decision page's 33 ms for this query.
            count, currencies = no_rate_in_group(reporting_currency)
            unconverted = (losses.filter(not_converted(reporting_currency)).group_by(keys)
                           .agg(count.alias(UNCONVERTED), currencies.alias(UNCONVERTED_IN)))
            grouped = grouped.join(unconverted, on=keys, how="left", nulls_equal=True, maintain_order="left")
            grouped = grouped.with_columns(pl.col(UNCONVERTED).fill_null(0),
                                           pl.col(UNCONVERTED_IN).fill_null(pl.lit([], pl.List(pl.String))))
        else:  # deals never converted: every amount is the reporting currency's
            grouped = grouped.with_columns(pl.lit(0, pl.UInt32).alias(UNCONVERTED), pl.lit([], pl.List(pl.String)).alias(UNCONVERTED_IN))
    if left:  # a sum of no converted amount is no value, not 0, as the report's won_amount
        grouped = grouped.with_columns(
            pl.when((pl.col("_valued") == 0) & (pl.col(UNCONVERTED) > 0)).then(None).otherwise(pl.col("amount")).alias("amount"))
    total = pl.col("deals").sum().over(by) if by else pl.col("deals").sum()
    return (
        grouped.with_columns((pl.col("deals") / total).alias("share"))
        .sort(
            [*sort_keys(by), pl.col("deals"), pl.col("loss_reason")],
            descending=[False] * len(sort_keys(by)) + [True, False],
            nulls_last=True,
        )
        .select(*by, "loss_reason", "outcome", "deals", "share", "amount", *([UNCONVERTED, UNCONVERTED_IN] if left else []))
    )


# What a loss reason's amount leaves out (loss_reasons with a reporting currency): how many deals, in which currencies.
UNCONVERTED: Final = "amount_unconverted"
UNCONVERTED_IN: Final = "amount_unconverted_currencies"


# The loss reasons a loss-reason chart draws a bar each, most deals first; the others share one bar.
TOP_REASONS: Final = 10


class DrawnReasons(NamedTuple):
    """A loss-reason chart's reasons as it draws them (drawn_reasons), each a frame of one row a reason:
    loss_reason, deals (all its lost and no-decision deals), share (of every lost and no-decision deal of
    the frame, 0-1), parts (how many outcomes its deals have: 2 for a stacked bar). `kept`: the reasons
    drawn a bar each, most deals first (then by name); `rest`: the others, drawn as one bar named
    `other_name` ("3 other reasons"), None when there are none. `rest_parts`: that bar's parts, one row an
    outcome (outcome, deals, share), lost first, as every bar of both is stacked: one grey bar of "4 other
    reasons" mixed the two the chart's colours keep apart, in a colour its legend did not name."""

    kept: pl.DataFrame
    rest: pl.DataFrame
    rest_parts: pl.DataFrame

    @property
    def other_name(self) -> str | None:
        return plural(self.rest.height, "other reason") if self.rest.height else None

    @property
    def other_words(self) -> str | None:
        """What the bar of the others holds, for the chart's caption; None when there is none.
        '"3 other reasons" adds up the reasons past the top 10, its deals counted as lost and as no decision apart,
        in the legend's colours.'"""
        if self.other_name is None:
            return None
        outcomes = self.rest_parts["outcome"].to_list()
        held = ("its deals counted as lost and as no decision apart, in the legend's colours" if len(outcomes) > 1
                else f"all its deals counted as {OUTCOME_LABELS[outcomes[0]].lower()}")
        return f'"{self.other_name}" adds up the reasons past the top {self.kept.height}, {held}.'


def drawn_reasons(reasons: pl.DataFrame, top: int = TOP_REASONS) -> DrawnReasons:
    """Which reasons of `reasons` (loss_reasons' frame, one group) a loss-reason chart draws a bar each: the
    `top` with the most deals (both outcomes together, as the bar is long; ties by name), the rest in one
    bar. One rule, for the chart (charts.reason_bars) and its CSV (as_drawn)."""
    totals = (
        reasons.group_by("loss_reason", maintain_order=True)
        .agg(pl.col("deals").sum(), pl.col("share").sum(), pl.len().alias("parts"))
        .sort(["deals", "loss_reason"], descending=[True, False])
    )
    kept = totals.head(top)
    others = reasons.filter(~pl.col("loss_reason").is_in(kept["loss_reason"].implode()))
    parts = (others.group_by("outcome").agg(pl.col("deals").sum(), pl.col("share").sum())
             .sort(pl.col("outcome").cast(pl.String).replace_strict({LOST: 0}, default=1, return_dtype=pl.Int8)))
    return DrawnReasons(kept, totals.slice(top), parts)


def as_drawn(reasons: pl.DataFrame, top: int = TOP_REASONS) -> pl.DataFrame:
    """`reasons` (loss_reasons' frame, one group) as its chart draws them (drawn_reasons): the rows of the
    reasons drawn a bar each, in the chart's order, then one row for each part of the bar of the others (its
    lost deals, its no-decision deals, as the bar is stacked: DrawnReasons.rest_parts), loss_reason its
    name ("3 other reasons"), deals, share
    and amount summed (the amount empty where no reason of it has one), what the amount leaves out summed
    (UNCONVERTED) and its currencies together (UNCONVERTED_IN). A chart's data holds what it draws, as the
    No decision page's 15 reps losing the largest share write those 15: every reason past the top ten,
    listed one by one under a chart that names them only as a count, was not what the chart showed."""
    drawn = drawn_reasons(reasons, top)
    order = {reason: place for place, reason in enumerate(drawn.kept["loss_reason"].to_list())}
    kept = reasons.filter(pl.col("loss_reason").is_in(list(order))).sort(
        pl.col("loss_reason").replace_strict(order, return_dtype=pl.Int64), maintain_order=True)
    if drawn.other_name is None:
        return kept
    others = reasons.filter(~pl.col("loss_reason").is_in(list(order)))
    summed: list[pl.Expr] = [
        pl.col("deals").sum(), pl.col("share").sum(),
        pl.when(pl.col("amount").count() > 0).then(pl.col("amount").sum()).alias("amount"),
    ]
    if UNCONVERTED in reasons.columns:
        summed += [pl.col(UNCONVERTED).sum(),
                   pl.col(UNCONVERTED_IN).explode().drop_nulls().unique().sort().implode().alias(UNCONVERTED_IN)]
    # One row a part of the bar, in its order (DrawnReasons.rest_parts): lost, then no decision.
    other = (others.group_by("outcome").agg(summed)
             .with_columns(pl.lit(drawn.other_name, pl.String).alias("loss_reason"))
             .join(drawn.rest_parts.select("outcome").with_row_index("_part"), on="outcome").sort("_part")
             .select(reasons.columns).cast(reasons.schema))
    return pl.concat([kept, other])


# Why a deal counts as no decision, as the loss-reason chart's caption names it (no_decision_causes).
BY_REASON, BY_MAPPING, BY_STAGE = "loss reason", "stage mapping", "stage or status"


def no_decision_causes_query(deals: Deals, start: date | None, end: date | None) -> pl.LazyFrame:
    """The no-decision deals closed in range by stage and loss reason: (stage, loss_reason, deals), which
    `no_decision_causes` reads. One small group per distinct stage and reason."""
    return (closed_in_range(deals, start, end).filter(OUTCOME == NO_DECISION)
            .group_by(pl.col("stage").cast(pl.String), pl.col("loss_reason").cast(pl.String))
            .agg(pl.len().cast(pl.Int64).alias("deals")))


def no_decision_causes(groups: pl.DataFrame, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str] | None,
                       real_values: Mapping[str, Mapping[str, str]] | None = None) -> tuple[tuple[str, int], ...]:
    """How many no-decision deals each cause made so, in the order BY_MAPPING, BY_REASON, BY_STAGE, causes
    with none left out: the user's stage mapping (their stage is mapped to no decision: the loss reason is
    then not read), else their loss reason (the no-decision vocabulary, outcomes.reason_is_no_decision),
    else their stage's words or their status (a "Closed - No Decision" stage, Dynamics' "Canceled").
    `groups`: no_decision_causes_query's rows. `real_values`: with the deals anonymised, "stage" and
    "loss_reason" -> {a value as the anonymised deals spell it: the deals' real value}
    (winloss.anonymise.real_values), by which the settings, typed against the real values, are read: a
    reason typed as "Bianca went quiet" is a phrase its other reasons may start with, and would count
    "Rossi went quiet - budget" once both read "Rep 01 ...". A value it does not hold is read as it is."""
    from winloss.ingest.outcomes import folded_stage_outcomes, folded_vocabulary, reason_is_no_decision

    mapped = folded_stage_outcomes(stage_outcomes)
    words = folded_vocabulary(vocabulary)
    counts = dict.fromkeys((BY_MAPPING, BY_REASON, BY_STAGE), 0)
    stages, reasons = ((real_values or {}).get(column, {}) for column in ("stage", "loss_reason"))
    for shown_stage, shown_reason, n in groups.iter_rows():
        stage, reason = stages.get(shown_stage, shown_stage), reasons.get(shown_reason, shown_reason)
        if stage is not None and mapped.get(folded_words(stage)) == NO_DECISION:
            counts[BY_MAPPING] += n
        elif reason is not None and reason_is_no_decision(reason, words):
            counts[BY_REASON] += n
        else:
            counts[BY_STAGE] += n
    return tuple((cause, n) for cause, n in counts.items() if n)


def kept_lost_query(deals: Deals, start: date | None, end: date | None) -> pl.LazyFrame:
    """The lost deals closed in range by loss reason: (loss_reason, deals), which `kept_lost_reasons` reads.
    One small group per distinct reason."""
    return (closed_in_range(deals, start, end).filter(OUTCOME == LOST)
            .group_by(pl.col("loss_reason").cast(pl.String))
            .agg(pl.len().cast(pl.Int64).alias("deals")))


def kept_lost_reasons(groups: pl.DataFrame, vocabulary: Iterable[str],
                      real_values: Mapping[str, Mapping[str, str]] | None = None) -> tuple[tuple[str, int], ...]:
    """The loss reasons of lost deals that a phrase of the no-decision vocabulary reads but the store keeps
    lost by the user's choice (NoDecisionVocabulary.excepted; outcomes.read_as_no_decision without
    reason_is_no_decision): ((reason as the deals show it, deals), ...), most deals first, then by reason.
    Spellings of one reason (case, accents, punctuation) are one, named by the commonest. Empty when the
    vocabulary keeps no reason lost, or none is in `groups` (kept_lost_query's rows). Whatever else set the
    deal lost (a stage mapping), ticked again the reason would make it no decision (outcomes.outcome_of),
    so every such deal is lost by that choice. `real_values`: as no_decision_causes takes it."""
    from winloss.ingest.outcomes import folded_vocabulary, read_as_no_decision

    words = folded_vocabulary(vocabulary)
    if not words.excepted:
        return ()
    reasons = (real_values or {}).get("loss_reason", {})
    spellings: dict[str, dict[str, int]] = {}  # folded reason -> {shown spelling: deals}
    for shown, n in groups.select("loss_reason", "deals").iter_rows():
        reason = reasons.get(shown, shown) if shown is not None else None
        if reason is None or (key := folded_words(reason)) not in words.excepted or not read_as_no_decision(reason, words):
            continue
        spelt = spellings.setdefault(key, {})
        spelt[shown] = spelt.get(shown, 0) + n
    kept = [(min(spelt, key=lambda s: (-spelt[s], s)), sum(spelt.values())) for spelt in spellings.values()]
    return tuple(sorted(kept, key=lambda pair: (-pair[1], pair[0])))
