"""The Overview page's records: five tiles with their changes decided, the quarterly trend, the mix."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import CLOSED_OUTCOMES, OUTCOME_LABELS, WON
from winloss import text
from winloss.deals import AS_OF_RULE
from winloss.exchange import left_out_of, not_converted
from winloss.filters import Filters
from winloss.measures.counting import first_close, open_now_words, outcome_in
from winloss.measures.no_decision import kept_lost_query, kept_lost_reasons
from winloss.measures.summary import closed_in_range, outcome_summary, won_value_index
from winloss.measures.trends import closed_quarters, deltas
from winloss.periods import known_day, quarter_of
from winloss.rates import RATE_N, too_small
from winloss.version_words import store_version_words
from winloss.views.common import (
    Tile,
    as_text,
    closed_by,
    compared_quarter,
    denominator,
    index_base_text,
    named_quarters,
    no_deal_closed_sentence,
    quarter_change_tile,
    quarters_without_closed,
    whole_quarter_trend,
    withheld_trend_sentence,
)


@dataclass(frozen=True)
class Overview:
    summary: pl.DataFrame  # outcome_summary of the range, one row
    trend: pl.DataFrame  # closed_quarters: every quarter in range, one no deal closed in with null rates
    change: pl.DataFrame  # deltas of the last quarter in range with closed deals, one row
    value_n: int  # closed deals in the win rate's denominator with an amount: the value-weighted rate's n
    rates: tuple[Tile, ...]  # win rate, win rate by value, no decision ÷ losses
    volumes: tuple[Tile, ...]  # closed deals, won value
    value_index: Tile  # the won-value tile when amounts are hidden
    compared: bool  # whether a previous quarter in range has closed deals to compare with
    any_change_hidden: bool  # a change was left out because a quarter had too few deals
    # Which open deals summary counts, in words (counting.open_now_words): "open now (created by 30 Sep
    # 2026)" under a past end, whose open count leaves out deals with no created date (counting.open_by).
    open_words: str = "open now"
    # The range's quarters (to the last day its figures know) in which no deal closed: the trend and the
    # tiles' lines have a gap there (no rate), so the caption names them and says why.
    empty_quarters: tuple[str, ...] = ()
    # The range's lost deals the store keeps lost though its no-decision list reads their reason ((reason,
    # deals): measures.no_decision.kept_lost_reasons), said under the no-decision share's definition.
    kept_lost: tuple[tuple[str, int], ...] = ()

    @property
    def empty(self) -> bool:
        row = self.summary.row(0, named=True)
        return not row["closed"] and not row["open"]

    @property
    def mix(self) -> pl.DataFrame:
        """How the closed deals ended, as the outcome-mix chart's CSV: outcome (its label), deals, closed
        (the shares' n), share_of_closed (0-1; common.chart_csv empties it below MIN_N closed deals, as
        the bars give counts alone there: text.shares_shown)."""
        row = self.summary.row(0, named=True)
        share = pl.col("deals") / row["closed"] if row["closed"] else pl.lit(None, pl.Float64)
        return pl.DataFrame({
            "outcome": [OUTCOME_LABELS[o] for o in CLOSED_OUTCOMES],
            "deals": [row[o] for o in CLOSED_OUTCOMES],
            "closed": [row["closed"]] * len(CLOSED_OUTCOMES),
        }).with_columns(share.alias("share_of_closed"))


def overview(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date,
             currency: str = text.DEFAULT_CURRENCY, as_of: dt.date | None = None,
             vocabulary: Iterable[str] | None = None,
             real_values: Mapping[str, Mapping[str, str]] | None = None) -> Overview:
    """Everything the Overview shows for these deals (dimension filters applied) and range.

    Changes are the last quarter in range with closed deals against the one before, cut at the
    range's end as the trend is. A change is shown only when both quarters reach MIN_N in the
    n of what changed (rates.CHANGE_N: the rate's own n, the deals counted for a count, won deals for won
    value, as the review gates it); else the tile says why (Tile.withheld). Amounts are in
    `currency`, the store's reporting currency (ISO 4217), which the value tiles name.

    `as_of`: the day the data describes (deals.data_as_of). A quarter not over on it, or on the range's
    end if that is earlier, is named so on the tiles and the trend's axis ("2026 Q4 to date"; "2026 Q3 to
    1 Jul" when the range's end cuts it: periods.quarter_name), and its changes are against the quarters
    before cut to as many days (periods.comparison_windows), not whole quarters.

    `vocabulary`: the store's no-decision vocabulary, with the reasons it keeps lost, by which the
    no-decision share's definition names the lost deals it keeps lost (kept_lost; `real_values` as
    measures.no_decision.no_decision_causes takes them); not named without it.
    """
    d = denominator(filters)
    fy = filters.fy_start_month
    quarter = compared_quarter(deals, start, end, fy, as_of)
    closed = closed_in_range(deals, start, end)
    # The won deals the value leaves out for want of an exchange rate: said on the tile itself.
    no_rate = left_out_of(closed, pl.col("outcome") == WON, currency)
    # Won deals with no amount at all: those no rate converts are said apart, by currency (no_rate), and
    # counting them here too told of 25 GBP deals twice, as if 50 were left out.
    unrated = not_converted(currency) if no_rate.deals else pl.lit(False)
    won_without_amount = int(closed.select(
        ((pl.col("outcome") == WON) & pl.col("amount").is_null() & ~unrated).sum()).collect().item())
    # And the deals in the win rate's denominator the rate by value leaves out so: "No rate for EUR" in
    # its place when none converts, never "no deals with a value" (text.figure_and_no_rate).
    value_no_rate = left_out_of(closed, outcome_in(d.outcomes), currency)
    summary = outcome_summary(deals, None, start, end, d, as_of=as_of)
    value_n = int(summary["value_n"][0])
    # The data's first close, as the change tiles read it (deltas): the count and amount lines leave the
    # quarters before it out and count the one it falls in whole (whole_quarter_trend), and the trend names
    # that one whole (named_quarters' first_close).
    first = first_close(deals)
    # The trend's quarters run to the data's day at most, as the tiles' change does (periods.known_day).
    trend = named_quarters(closed_quarters(deals, start, end, fy, denominator=d, through=known_day(end, as_of)),
                           as_of, fy, end, start, first)
    change = deltas(closed_by(deals, end), quarter, end=end, fy_start_month=fy, denominator=d, as_of=as_of, start=start,
                    reporting_currency=currency)
    row, c = summary.row(0, named=True), change.row(0, named=True)
    compared = bool(c["closed"]) and bool(c["closed_previous"])

    def rate_trend(trend: pl.DataFrame, column: str) -> dict:
        # A tile's trend of a rate, each quarter marked when on too few deals (RATE_N's n): a ring, unjoined.
        return {"trend": tuple(trend[column].to_list()),
                "trend_small": tuple(too_small(n) for n in trend[RATE_N[column]].to_list())}

    def tile(label: str, value: str, changed: str | None, measure: str, **more) -> Tile:
        # Each change gated on its own n in both quarters (rates.CHANGE_N), the review's rule.
        return quarter_change_tile(label, value, changed, c, measure, currency=currency, **more)

    losses = row["no_decision_share_of_losses_n"]
    # A range without a closed deal says so on every rate, whatever each rate's own n counts.
    none = "no closed deals" if not row["closed"] else None
    value_rate, value_aside = text.figure_and_no_rate(text.rate(row["value_win_rate"], value_n), bool(value_n),
                                                      value_no_rate.no_rate)
    rates = (
        tile("Win rate", text.rate(row["win_rate"], row["n"], row["small_n"]), text.change_in_points(c["win_rate"], c["win_rate_previous"]),
             "win_rate", n=row["n"], small=bool(row["small_n"]), **rate_trend(trend, "win_rate"),
             none=none),
        tile("Win rate by value", value_rate, text.change_in_points(c["value_win_rate"], c["value_win_rate_previous"]),
             "value_win_rate", n=value_n, none=none, aside=value_aside,
             small=bool(value_n) and too_small(value_n), **rate_trend(trend, "value_win_rate"),
             help="Won amount ÷ amount of the closed deals in the win rate's denominator that have an amount; "
                  f"deals {text.WITHOUT_AN_AMOUNT} are left out (counted under Definitions).",
             left_out=value_no_rate if value_no_rate.deals else None, left_out_noun="closed deal"),
        tile(text.ND_SHARE_OF_LOSSES, text.rate(row["no_decision_share_of_losses"], losses,
                                                bool(row["no_decision_small_n"])),
             text.change_in_points(c["no_decision_share_of_losses"],
                                   c["no_decision_share_of_losses_previous"]), "no_decision_share_of_losses", n=losses,
             small=bool(row["no_decision_small_n"]), bad_when_up=True, none=none,
             **rate_trend(trend, "no_decision_share_of_losses")),
    )
    won_value, won_aside = text.money_and_no_rate(row["won_amount"], currency, no_rate.no_rate)
    # The quarters whose won value leaves deals out for want of a rate: gaps in its line (whole_quarter_trend).
    won_partly_unrated = set() if not no_rate.deals else {
        quarter_of(day, fy) for day in closed.filter((pl.col("outcome") == WON) & unrated)
        .select(pl.col("close_date").unique()).collect().get_column("close_date").to_list()}
    volumes = (
        tile("Closed deals in range", text.count(row["closed"]), text.signed_count(c["closed_qoq"]), "closed",
             trend=whole_quarter_trend(trend, "closed", fy, first)),
        tile("Won value in range", won_value,
             text.won_value_change(c["won_amount"], c["won_amount_previous"], currency),
             "won_amount", trend=whole_quarter_trend(trend, "won_amount", fy, first, won_partly_unrated),
             help=won_value_help(won_without_amount),
             aside=won_aside, left_out=no_rate if no_rate and no_rate.deals else None, left_out_noun="won deal",
             phrase=text.no_rate_alone(bool(row["won_amount"]), no_rate.no_rate)),
    )
    index = won_value_index(c["won_amount"], c["won_amount_previous"])
    value_index = quarter_change_tile(
        "Won value index", text.DASH if index is None else f"{text.whole(index)}",
        None if index is None else f"{text.whole(index - 100):+d}", c, "won_value_index",
        help=won_value_help(won_without_amount), left_out=no_rate if no_rate and no_rate.deals else None, left_out_noun="won deal",
    )
    if value_index.change is not None:  # an index names its base, not "2026 Q3 vs Q2"
        value_index = dataclasses.replace(value_index, versus=index_base_text(c["quarter"], c["previous_quarter"]))
    elif value_index.withheld is not None:  # the index is itself the comparison: withheld with its change
        value_index = dataclasses.replace(value_index, text=text.DASH)
    any_hidden = compared and any(t.withheld for t in (*rates, *volumes))
    empty = quarters_without_closed(trend, start, end, as_of, fy, first)
    kept = (() if vocabulary is None else
            kept_lost_reasons(kept_lost_query(deals, start, end).collect(), vocabulary, real_values))
    return as_text(Overview(summary, trend, change, value_n, rates, volumes, value_index, compared, any_hidden,
                            open_now_words(end, as_of), empty, kept))



def no_charts_sentence(figures: Overview, advice: str) -> str | None:
    """What the Overview says in place of its trend and outcome mix when no deal closed in the range
    (open deals only, e.g. a quarter to date before its first close): it drew an empty trend and "How
    the 0 closed deals ended" over "Share of all 0 closed deals". None when a deal closed. `advice`: what to
    do, common.nothing_shown_advice of the closed deals around the range (the choice that shows them, as
    the note under the range names it)."""
    row = figures.summary.row(0, named=True)
    if row["closed"]:
        return None
    return (f"No deal closed in this range, so there is no quarterly trend or outcome mix to draw "
            f"({text.plural_or_none(row['open'], 'deal')} {figures.open_words}). {advice}")


def won_value_help(won_without_amount: int) -> str:
    """The won-value tile's help: what it adds up and how many won deals it cannot count, having no
    amount; those no exchange rate converts follow, by currency, in words for its reader (Tile.help_for)."""
    left_out = (f" {text.plural(won_without_amount, 'won deal')} without an amount "
                f"{'is' if won_without_amount == 1 else 'are'} not in it." if won_without_amount else "")
    return "The won deals' amounts added up." + left_out


@dataclass(frozen=True)
class OverviewCaptions:
    """What the Overview writes beside its numbers, as Markdown of fixed words and numbers (and the loss
    reasons kept lost, escaped: text.kept_lost_sentence): the Definitions expander, each chart's caption, the mix's title."""

    definitions: str
    trend: str
    mix: str
    mix_title: str
    # What stands in place of the trend when every rate in it would be withheld (common.withheld_trend_sentence);
    # None when it is drawn.
    trend_withheld: str | None = None


def captions(figures: Overview, filters: Filters, hide_amounts: bool = False) -> OverviewCaptions:
    """The Overview's captions from its records: every n counted here, the small-n rule in
    text.small_n_note's words. `hide_amounts`: the won-value tile is an index, and its definition says so."""
    d = denominator(filters)
    row = figures.summary.row(0, named=True)
    change = figures.change.row(0, named=True)
    quarter, previous = change["quarter"], change["previous_quarter"]
    kept = text.kept_lost_sentence(figures.kept_lost, row["no_decision"] or 0, row["no_decision_share_of_losses_n"] or 0)
    worth = ("won value of the last quarter as an index of the one before's (amounts are hidden)"
             if hide_amounts else "won value = sum of won deals' amounts")
    lines = [
        f"- **Big numbers**: every deal closed in the range. {d.label}.",
        "- **Win rate by value**: won amount ÷ amount of the closed deals in that denominator with an amount; "
        + (f"{text.plural(row['amount_missing'], 'closed deal')} {text.WITHOUT_AN_AMOUNT} left out."
           if row["amount_missing"] else "every closed deal has one."),
        f"- **{text.ND_SHARE_OF_LOSSES}**: {text.ND_SHARE_OF_LOSSES_FORMULA}"
        # Below MIN_N closed deals the share is withheld as every rate is: "n too small (n = 5)".
        + (f"; of all closed deals, {text.rate(row['no_decision_share_of_closed'], row['closed'])}."
           if row["closed"] else "."),
        *([f"- **Kept as lost**: {kept}"] if kept else []),
        f"- **Won value**: {worth}. {text.sentence(text.plural_or_none(row['open'], 'deal'))} {figures.open_words}.",
        "- **Lines**: each quarter in range.",
    ]
    if not figures.compared:
        lines.append(f"- **Changes**: No changes shown: the range holds no quarter with closed deals before {quarter}.")
    else:
        lines.append(f"- **Changes** (arrows): {quarter}, the last quarter in range with closed deals, against "
                     f"{previous}; rates in points; {text.change_rule_note()}.")
    closed = row["closed"]
    return OverviewCaptions(
        definitions="\n".join(lines),
        # The no-decision share's formula is in the Definitions, one click away: the caption gives the denominator
        # in force (a sidebar setting moves it) and how to read the marks, in words.
        trend=(f"{d.label}. {text.sentence(text.WHISKERS)}; {text.small_n_note()}. "
               f"{text.n_of(int(figures.trend['closed'].sum()), 'closed deal')}."
               + (f" {no_deal_closed_sentence(figures.empty_quarters)}" if figures.empty_quarters else "")
               + " Click a point for its deals."),
        mix=text.outcome_mix_caption(closed, "all"),
        mix_title=f"How the {text.plural(closed, 'closed deal')} ended",
        trend_withheld=withheld_trend_sentence(figures.trend, "", "the outcome mix beside this"),
    )


# What the Overview's upload line calls an upload that is not an opportunity export (its manifest kind).
UPLOAD_KINDS: Final = {"roster": "roster ", "assessment": "profile assessment "}


def last_upload_line(last: dict | None, is_sample: bool, as_of: dt.date, escape: Callable[[object], str],
                     rolled_back: dict | None = None, *, store_version: int, export: dict | None = None) -> str:
    """The line under the Overview's title: which upload the numbers come from, when, in which store
    version, and the day open deals are judged as of with its rule. `last` is the manifest row of
    the last upload in effect (file_name, at, store_version: StoreFacts.last_upload), None before
    any; `rolled_back` the manifest row of a rollback since (StoreFacts.rolled_back), said after it
    so an upload a rollback undid is never named as the last; `escape` makes the file's name text
    where the line is drawn (text.md for Markdown): it comes from whoever uploaded it. `store_version` is the
    store's current version, which the Data page counts: named beside the upload's own
    (version_words.store_version_words). `export`: the manifest row of the opportunity export the numbers
    come from when `last` is a later roster or questionnaire (StoreFacts.last_export), named first: the line
    named only the roster uploaded with it, "Last upload: roster.csv"."""
    since = (f"; the store was rolled back to version {rolled_back.get('rolled_back_to')} "
             f"at version {rolled_back.get('store_version')}" if rolled_back else "")
    if not last:
        return f"No upload in effect{since}." if since else "No upload yet."
    source = "the bundled sample" if is_sample else f"**{escape(last.get('file_name'))}**"
    when = text.moment(last.get("at"))
    if export and not is_sample:
        kind = UPLOAD_KINDS.get(str(last.get("kind")), "")
        named = f"**{escape(export.get('file_name'))}**"
        at = text.moment(export.get("at"))
        # One time where both were stored in the same minute (committed together), else each its own.
        source = f"{named} and {kind}{source}" if at == when else f"{named}, {at}, and {kind}{source}"
    return (
        f":material/update: Last upload: {source}, {when} "
        f"({store_version_words(store_version, last.get('store_version'))})"
        f"{since}. Open deals are judged as of {text.day(as_of)}: {AS_OF_RULE}."
    )
