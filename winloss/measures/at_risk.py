"""Open deals at risk: open longer than won deals usually take, or past their expected close date."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, OPEN, OUTCOME_LABELS, WON
from winloss import iso_dates
from winloss.exchange import largest_first
from winloss.measures.counting import (
    CYCLE_DAYS,
    OUTCOME,
    Deals,
    lazy,
    open_by,
    open_now_words,
    open_on,
    quantile_of_counts,
)
from winloss.ingest.hints import DOWNLOAD_CONTROLS
from winloss.ingest.mapping import FIELD_LABELS
from winloss.text import DAY_STRFTIME, day, percent, plural


AT_RISK_PERCENTILE: Final = 0.8  # of won deals' created-to-close days: open longer than this is at risk


def age_rule(percentile: float = AT_RISK_PERCENTILE) -> str:
    """The at-risk rule on age alone, for deals judged as at a past day (at_risk_open_deals'
    open_at_end_of_today), in words (no final stop): "Open longer than 80% of won deals took from created to close"."""
    return f"Open longer than {percent(percentile)} of won deals took from created to close"


def at_risk_rule(percentile: float = AT_RISK_PERCENTILE) -> str:
    """The at-risk rule in words, as captions and tooltips give it (no final stop):
    "Open longer than 80% of won deals took from created to close, or past the expected close date"."""
    return (
        f"Open longer than {percent(percentile)} of won deals took from created to close, or past the expected"
        " close date"
    )


def at_risk_list_caption(end: date | None, as_of: date | None, *, largest_first: bool = False, undated: int = 0) -> str:
    """The caption over a list of at-risk deals (at_risk_open_deals with created_by=`end`, judged on
    `as_of`), ending in a colon for the list's count: "Deals open now (created by 30 Sep 2026), at risk
    when open longer than 80% of won deals took from created to close, or past the expected close date;
    largest first:". Which deals are open is said by counting.open_now_words, as every such caption says it.
    `undated`: the open deals with no created date (counting.undated_open_count), said first by undated_note."""
    order = "; largest first" if largest_first else ""
    note = undated_note(undated, end, as_of, listed=True)
    return (f"{note} " if note else "") + f"Deals {open_now_words(end, as_of)}, at risk when {at_risk_rule().lower()}{order}:"


def none_at_risk_caption(none_at_risk: str, end: date | None, as_of: date | None, undated: int = 0) -> str:
    """What an empty at-risk list says (none_at_risk's sentence), then, as at_risk_list_caption says it
    over a list, what became of the `undated` open deals with no created date (undated_note)."""
    return " ".join(part for part in (none_at_risk, undated_note(undated, end, as_of, listed=True)) if part)


def undated_note(undated: int, end: date | None, as_of: date | None, *, past_day: bool = False,
                 listed: bool = False) -> str:
    """What becomes of the `undated` open deals that have no created date (counting.undated_open), in
    one sentence ending in a stop; "" when there are none.

    `past_day` (the deals open on `end`, a past day: counting.open_on) or an `end` before `as_of` (the deals
    open now created by `end`: counting.open_by): they are left out, since whether they were open, or
    created, by then is not known: "15 deals have no created date, so whether they were open on 30 Sep
    2026 is not known: they are not counted (…)" ("not listed" with `listed`, under a list of deals).
    Else (the deals open now) they are counted but their age is not judged: "… they are at risk only when
    past the expected close date, how long they have been open not being known (…)". The parenthesis
    says how to give them one: map a created-date column."""
    if undated <= 0:
        return ""
    one = undated == 1
    has, they, are = ("has", "it", "is") if one else ("have", "they", "are")
    fix = f"map a created-date column to {FIELD_LABELS['created_date']} {DOWNLOAD_CONTROLS['--map']}, and upload again"
    if end is not None and (past_day or (as_of is not None and end < as_of)):
        deals, was = ((plural(undated, "deal"), f"open on {day(end)}") if past_day
                      else (plural(undated, "open deal"), f"created by {day(end)}"))
        return (f"{deals} {has} no created date, so whether {they} {'was' if one else 'were'} {was} is not known:"
                f" {they} {are} not {'listed' if listed else 'counted'} ({fix}).")
    return (f"{plural(undated, 'open deal')} {has} no created date: {they} {are} at risk only when past the expected"
            f" close date, how long {they} {has} been open not being known ({fix}).")


def reason_help(percentile: float = AT_RISK_PERCENTILE, overdue: bool = True) -> str:
    """How to read an at-risk deal's reason, as its column's help gives it (no final stop); without
    `overdue` only its age, as for deals judged on a past day (age_rule), whose reasons never say it."""
    age = f"\"Open 89 days (over 75)\": open longer than the 75 days within which {percent(percentile)} of won deals closed"
    return f"{age}. \"Overdue 12 days\": 12 days past the expected close date" if overdue else age


NONE_AT_RISK: Final = "No open deal has been open longer than won deals usually take, or is past its expected close date."


def none_at_risk(won_days: pl.DataFrame, filtered: bool = False) -> str:
    """What an empty at-risk list says, given won_days_histogram's collected frame: NONE_AT_RISK, or,
    when no won deal has both dates, that only being overdue is judged (there is no usual length).
    `filtered`: a filter leaves out open deals that would be at risk (views.common.unplaced_at_risk), said
    under the list: the sentence is then of the deals the filters keep ("No open deal the filters keep
    has ..."), which had read as contradicting the count of deals at risk beneath it."""
    kept = "No open deal the filters keep" if filtered else "No open deal"
    if won_days.height:
        return NONE_AT_RISK.replace("No open deal", kept, 1)
    return (f"{kept} is past its expected close date. No won deal has a created and a close date, "
            "so how long deals usually take is not known and no deal is judged on its age.")


def stage_now() -> pl.Expr:
    """Where a deal stands in the latest data, as a list of the deals open on a past day writes it in
    its stage's place (String): an open deal's stage; for one closed since, what became of it and
    when, "Won 12 Oct 2026", "Lost 3 Nov 2026", "No decision 1 Dec 2026" (its outcome's label and
    close date, text.day's form). The store keeps only each deal's latest state: a deal closed since
    shown as "Closed Won", or as the stage it was in before, reads as if still open in that stage.
    Needs outcome, stage and close_date. A file writes its day in ISO form (stage_now_for_files)."""
    closed = _closed_since(OUTCOME.cast(pl.String).replace_strict(OUTCOME_LABELS, default=None), DAY_STRFTIME)
    return pl.when(OUTCOME == OPEN).then(pl.col("stage")).otherwise(closed)


def stage_now_for_files() -> pl.Expr:
    """A deal list's `stage` as its file writes it (String): stage_now's words for a deal closed since ("Won
    12 Oct 2026") with the day in ISO form ("Won 2026-10-12", iso_dates.DAY_STRFTIME), every other stage as it
    is. Needs stage and close_date: a list holds no outcome code, and the words are known by its close date."""
    stage = pl.col("stage")
    for label in (OUTCOME_LABELS[o] for o in (WON, LOST, NO_DECISION)):
        stage = pl.when(pl.col("stage") == _closed_since(pl.lit(label), DAY_STRFTIME)).then(
            _closed_since(pl.lit(label), iso_dates.DAY_STRFTIME)).otherwise(stage)
    return stage.alias("stage")


def _closed_since(label: pl.Expr, day_format: str) -> pl.Expr:
    """What became of a deal closed since and when: its outcome's `label` and close date in `day_format`."""
    return pl.concat_str(label, pl.lit(" "), pl.col("close_date").dt.strftime(day_format))


def _days_text(days: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        days.cast(pl.String), pl.when(days == 1).then(pl.lit(" day")).otherwise(pl.lit(" days"))
    )


def won_days_histogram(deals: Deals) -> pl.LazyFrame:
    """Won deals counted by whole days from created to close, as a lazy query (for a view that
    collects it with its other queries at once): columns days (Int64, known only), count; by days."""
    return (
        lazy(deals)
        .filter(OUTCOME == WON)
        .group_by(CYCLE_DAYS.alias("days"))
        .agg(pl.len().alias("count"))
        .drop_nulls("days")
        .sort("days")
    )


def at_risk_threshold(won_days: pl.DataFrame, percentile: float = AT_RISK_PERCENTILE) -> float | None:
    """The days open beyond which a deal is at risk for its age: the `percentile` (nearest observed
    value) of the won deals' created-to-close days, read off won_days_histogram's collected frame
    (exactly Polars' "nearest" quantile of every won deal's days, without sorting them all); None when
    no won deal has both dates (then no deal is judged on its age)."""
    return quantile_of_counts(won_days["days"].to_list(), won_days["count"].to_list(), percentile, "nearest")


def _days_open(today: date) -> pl.Expr:
    """Days from created to `today` (Int64): null with no created date, and for one created after `today`
    (counting.open_by counts it open now), whose "-19 days" open is no age, as CYCLE_DAYS leaves a
    negative span unknown."""
    days = (pl.lit(today) - pl.col("created_date")).dt.total_days()
    return pl.when(days >= 0).then(days)


def _too_long(today: date, threshold: float | None) -> pl.Expr:
    """Open more days on `today` than `threshold`: never for a deal with no created date or created after
    `today`, nor with no threshold."""
    return (_days_open(today) > pl.lit(threshold, pl.Float64)).fill_null(False)


def _too_late(today: date, open_at_end_of_today: bool) -> pl.Expr:
    """Past the expected close date on `today`; never judged for a past day (at_risk_open_deals)."""
    if open_at_end_of_today:
        return pl.lit(False)
    return ((pl.lit(today) - pl.col("close_date")).dt.total_days() > 0).fill_null(False)


def at_risk_where(today: date, threshold: float | None, created_by: date | None = None,
                  open_at_end_of_today: bool = False) -> pl.Expr:
    """The deals at_risk_open_deals lists, as a condition on a deal's own columns: open (counting.open_on(today)
    with `open_at_end_of_today`, else counting.open_by(created_by, today)), and open longer than `threshold`
    days (at_risk_threshold) or past the expected close date. One rule for the list and for what counts
    the deals it would hold (views.common.unplaced_at_risk)."""
    is_open = open_on(today) if open_at_end_of_today else open_by(created_by, today)
    return is_open & (_too_long(today, threshold) | _too_late(today, open_at_end_of_today))


def at_risk_open_deals(
    deals: Deals, today: date, percentile: float = AT_RISK_PERCENTILE, limit: int | None = None,
    threshold_from: Deals | None = None, won_days: pl.DataFrame | None = None, created_by: date | None = None,
    open_at_end_of_today: bool = False,
) -> pl.DataFrame:
    """Open deals open longer than won deals usually take, or past their expected close date.

    `open_at_end_of_today`: judge the deals that were open on `today`, a day in the past
    (counting.open_on: closed since counts as open then), on their age alone: the store keeps a deal's
    latest close date, not the one expected on that day, so being overdue then cannot be judged.
    `created_by` is then not used. The reason says only the age, and `stage` says where each deal
    stands now (stage_now: "Won 12 Oct 2026" for one closed since), not a stage it may not have been in then.

    `created_by`: only the open deals a range ending that day counts (counting.open_by(created_by,
    today): created by then; every deal open now when `created_by` is on or after `today`, one with no
    created date or created after `today` too), so the list is a part of the open deals the page counts
    and lists. A deal with no created date is never judged on its age (its days_open is null): only on
    being past its expected close date, and on a past day not at all (counting.open_on leaves it out).
    undated_note says so. One created after `today` has no age either (days_open null, _days_open).

    "Longer" is more days since created than the `percentile` of all won deals' created-to-close
    days (nearest observed value, over all won deals, not only the selected range): the won deals
    of `threshold_from` when given (say, every deal, while `deals` are one rep's), else of `deals`.
    `won_days`: won_days_histogram of those won deals, when the caller has collected it already.
    Columns: opportunity_id, rep, seller_profile, account, amount, stage, created_date, close_date,
    days_open, then opportunity_name, exported_amount and exported_currency where `deals` has them,
    reason (reason_help: "Open 89 days (over 75); overdue 1 day"); largest amount first by
    exchange.largest_first (converted amounts, then those no rate converts grouped by currency),
    deals of equal amount and days open in the order given; the first `limit` rows only if given.
    """
    lf = lazy(deals)
    if won_days is None:
        won_days = won_days_histogram(deals if threshold_from is None else threshold_from).collect()
    threshold = at_risk_threshold(won_days, percentile)
    days_open = _days_open(today)
    days_late = (pl.lit(today) - pl.col("close_date")).dt.total_days()
    # No created date, no age: such a deal is judged on being overdue alone (undated_note says so).
    too_long, too_late = _too_long(today, threshold), _too_late(today, open_at_end_of_today)
    # Short enough to be read whole in its cell at presenter type beside a deal's account, rep, stage,
    # amount and close date (a reason ending in "…" is no reason): the rule behind "over" is the
    # list's caption and its column's help (at_risk_rule).
    reason = pl.concat_str(
        pl.when(too_long).then(
            pl.concat_str(
                pl.lit("Open "),
                _days_text(pl.col("days_open")),
                pl.lit(" (over "),
                pl.col("_threshold").cast(pl.Int64).cast(pl.String),
                pl.lit(")"),
            )
        ),
        pl.when(too_late).then(pl.concat_str(
            pl.when(too_long).then(pl.lit("overdue ")).otherwise(pl.lit("Overdue ")),  # after "; ", or first
            _days_text(pl.col("_days_late")),
        )),
        separator="; ",
        ignore_nulls=True,
    )
    columns = [
        "opportunity_id",
        "rep",
        "seller_profile",
        "account",
        "amount",
        "stage",
        "created_date",
        "close_date",
        "days_open",
    ]
    # A deal's name, its amount as exported and its rep's team, where the frame has them: deal lists show and export them.
    names = lf.collect_schema().names()
    columns += [c for c in ("opportunity_name", "exported_amount", "exported_currency", "team") if c in names]
    # Converted amounts first, then those no rate converts by currency: never £114k as if $114k.
    largest, descending = largest_first(names, then=["days_open"])
    # The reasons are written last, so with a limit only the rows shown are formatted.
    at_risk = (
        lf.filter(at_risk_where(today, threshold, created_by, open_at_end_of_today))
        .with_columns(
            days_open.alias("days_open"), days_late.alias("_days_late"), pl.lit(threshold, pl.Float64).alias("_threshold")
        )
        # Stable, so one rep's at-risk deals list in the order they have among everyone's.
        .sort(*largest, descending=descending, nulls_last=True, maintain_order=True)
    )
    if limit is not None:
        at_risk = at_risk.head(limit)
    stage = stage_now() if open_at_end_of_today else pl.col("stage")
    return at_risk.select(*(stage.alias(c) if c == "stage" else pl.col(c) for c in columns), reason.alias("reason")).collect()
