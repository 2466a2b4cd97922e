"""The Seller profiles page's records: rates by profile, the significance verdicts, the top-performer
mix, and win rate by complexity band."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import PROFILES, PROFILES_WITH_UNPROFILED
from winloss import employment, text
from winloss.filters import Filters
from winloss.measures.bands import Bands, win_rate_by_profile_and_band
from winloss.measures.behind import deals_behind
from winloss.measures.profiles import (
    FEW_REPS_ON_BAR,
    FEW_REST_REPS_ON_BAR,
    NOTHING_TO_COMPARE,
    ONE_REP_ON_BAR,
    TOO_FEW_REPS,
    TopPerformerMix,
    deals_of_reps,
    few_rest_reps_words,
    profile_reps,
    profile_significance_of_counts,
    top_performer_mix,
    verdict_on_bar,
)
from winloss.measures.summary import closed_counts, closed_in_range, summary_by
from winloss.exchange import left_out_of
from winloss.profile_sources import PROFILE_SHOWN, ranks_profiled_reps
from winloss.rates import MIN_N, MIN_REPS
from winloss.store.delta import Store
from winloss.views.common import (
    PROFILE,
    ClosedAround,
    SHARE_OF_LOSSES_N,
    as_text,
    denominator,
    no_decision_bars_caption,
    no_losses_sentence,
    nothing_shown_advice,
    nothing_to_rate_sentence,
    withheld_chart_sentence,
    every_rate_withheld,
    profile_sorted,
    too_few_expr,
    withheld_advice,
    without_amount_reasons,
)
from winloss.views.reps import rates_as_shown, team_cell

SIZE_CUTS_FROM = "all closed deals, all time: the sidebar's Deal size bands"


@dataclass(frozen=True)
class Profiles:
    overall: pl.DataFrame  # one row: all deals together
    by_profile: pl.DataFrame  # counts and rates by seller_profile (rates.rate_columns), profiles in order
    mix: TopPerformerMix
    significance: pl.DataFrame  # measures.profiles.profile_significance's frame, reps and only_rep included

    @property
    def empty(self) -> bool:
        return not self.overall["closed"][0]

    @property
    def verdicts(self) -> dict[str, str]:
        """profile -> its verdict (measures.profiles.significance_words), whole: its bar's hover, as the
        significance table and the chart's CSV give it."""
        return dict(zip(self.significance["seller_profile"], self.significance["verdict"], strict=True))

    @property
    def bar_verdicts(self) -> dict[str, str]:
        """profile -> its verdict as the words on its bar (measures.profiles.verdict_on_bar): "too few reps"
        where the verdict is withheld for want of reps, whose whole sentence ran onto three lines."""
        return {row["seller_profile"]: verdict_on_bar(row["verdict"], row["reps"], row["only_rep"], row["rest_reps"])
                for row in self.significance.iter_rows(named=True)}

    @property
    def reps(self) -> dict[str, int]:
        """profile -> the reps whose deals make its win rate's n (profiles with a deal in it): said with n
        wherever the rate is given (the bars' labels and hover, the caption, the CSV)."""
        return {row["seller_profile"]: int(row["reps"]) for row in self.significance.iter_rows(named=True)
                if row["reps"] is not None}


RATE_CHART_COLUMNS: Final = (
    "closed", "won", "lost", "no_decision", "n", "win_rate", "win_rate_lo", "win_rate_hi", "no_decision_share_of_losses",
    "no_decision_share_of_losses_n",
)


def rate_chart_data(figures: Profiles) -> pl.DataFrame:
    """The CSV behind the win-rate-by-profile chart: seller_profile, RATE_CHART_COLUMNS (rates 0-1), reps (the
    reps whose deals make n; empty for a profile with none in it), and each profile's test against the other
    profiles (rest_n, rest_reps: the reps whose deals make rest_n, rest_win_rate, p_value) and verdict (whole,
    as its bar's hover gives it: Profiles.verdicts). Written by common.chart_csv, which empties a rate and a test on too few deals."""
    return figures.by_profile.select(*PROFILE, *RATE_CHART_COLUMNS).join(
        figures.significance.select(*PROFILE, "reps", "rest_n", "rest_reps", "rest_win_rate", "p_value", "verdict"),
        on=PROFILE, how="left", maintain_order="left",
    ).select(*PROFILE, *RATE_CHART_COLUMNS[:RATE_CHART_COLUMNS.index("n") + 1], "reps",
             *RATE_CHART_COLUMNS[RATE_CHART_COLUMNS.index("n") + 1:], "rest_n", "rest_reps", "rest_win_rate", "p_value",
             "verdict")


def significance_table(figures: Profiles) -> pl.DataFrame:
    """The verdicts as the page lists them: seller_profile, verdict, win_rate, n, reps (the reps whose deals make
    n), rest_win_rate, rest_reps (the reps whose deals make the other profiles' n), difference (rates and the
    gap in percent and points), p_value.

    A rate on fewer than MIN_N deals is empty (views.common.too_few_expr, as every chart's data and CSV
    leaves it), not kept behind words: a grid sends its values to the browser, sorts by them and reads
    them to a screen reader. The verdict beside it says "n too small"; the gap and p are blank when
    either side is that small.
    """
    columns = figures.significance.columns
    small, rest_small = too_few_expr("win_rate", columns), too_few_expr("rest_win_rate", columns)
    return figures.significance.select(
        *PROFILE,
        "verdict",
        pl.when(small).then(None).otherwise(pl.col("win_rate") * 100).alias("win_rate"),
        "n",
        "reps",
        pl.when(rest_small).then(None).otherwise(pl.col("rest_win_rate") * 100).alias("rest_win_rate"),
        "rest_reps",
        pl.when(small | rest_small).then(None).otherwise(pl.col("difference") * 100).alias("difference"),
        pl.when(small | rest_small).then(None).otherwise(pl.col("p_value")).alias("p_value"),
    )


def significance_cell_words(figures: Profiles) -> dict[str, list[str]]:
    """What the significance table's cells of figures read, one entry a row of significance_table: win_rate
    and rest_win_rate "42%", or "—" where significance_table leaves them empty (fewer than MIN_N deals, the
    verdict beside saying "n too small", or none: text.withheld_cell_note); difference, the gap between the
    two percentages shown beside it ("+11 pts", text.change_in_points), and p_value to three decimals, a half
    rounded up (text.decimals), each "—" where significance_table leaves it blank. The grid's own "%+.1f"
    and "%.3f" rounded by another rule and gave a gap of "+10.5 pts" beside "42%" and "31%"."""
    table = significance_table(figures)
    rows = list(figures.significance.iter_rows(named=True))
    gaps = table.get_column("difference").to_list()
    p_values = table.get_column("p_value").to_list()
    return {
        rate: [text.DASH if value is None else text.percent(value / 100) for value in table.get_column(rate).to_list()]
        for rate in ("win_rate", "rest_win_rate")
    } | {
        "difference": [text.DASH if gap is None else text.change_in_points(r["win_rate"], r["rest_win_rate"]) or text.DASH
                       for r, gap in zip(rows, gaps, strict=True)],
        "p_value": [text.DASH if p is None else text.decimals(p, 3) for p in p_values],
    }


def profile_reps_table(board: pl.DataFrame, profile: str, show_closed: bool = True) -> pl.DataFrame:
    """One profile's reps as listed when its bar is clicked: rep, seller_profile (each rep's profile as shown,
    profile_sources.profile_in_grid: "Challenger†"; only when some rep's came from an
    assessment, every other row then "Challenger"), team (the rep's now, reps.team_cell; unless no rep has one), closed (unless `show_closed`
    is False: reps.shows_closed_column), n, win_rate, nd_n, no_decision_share_of_losses; each rate in percent,
    which reps.rate_cell_words writes "n too small" below MIN_N of its own n."""
    mine = board.filter(pl.col("seller_profile") == profile)
    shown = (pl.col(PROFILE_SHOWN) if PROFILE_SHOWN in board.columns else pl.col("seller_profile")).alias("seller_profile")
    table = rates_as_shown(mine).select(
        "rep", shown, team_cell(mine), "closed", "n", "win_rate", "nd_n", "no_decision_share_of_losses"
    )
    if (table["seller_profile"] == profile).all():  # every rep's from the roster: the title names the profile
        table = table.drop("seller_profile")
    if not show_closed:  # closed = n when the win rate divides by all closed deals: one column is enough
        table = table.drop("closed")
    table = employment.with_left_on(table, board.filter(pl.col("seller_profile") == profile))  # beside a rep who left
    return table.drop("team") if board["team"].is_null().all() else table  # no team in the data: no column of "—"


def profile_reps_caption(filters: Filters) -> str:
    """The line under a clicked profile's reps: what n and Losses count and what a rate cell on too
    few deals reads (fixed words and numbers only)."""
    small = text.withheld_cell_note("deals in that rate's n")
    return f"{denominator(filters).label}. {text.N_AND_LOSSES_NOTE} Rate cells: {small}."


def mix_chart_data(mix: TopPerformerMix) -> pl.DataFrame:
    """The CSV behind the top-performer mix: its table with the reps each share is of (top_reps, ranked_reps),
    the n by which common.chart_csv empties a share of too few reps, as the chart draws it without one."""
    return mix.table.with_columns(
        pl.lit(mix.top_reps, pl.Int64).alias("top_reps"), pl.lit(mix.ranked_reps, pl.Int64).alias("ranked_reps"),
    ).select("seller_profile", "top_count", "top_reps", "top_share", "all_count", "ranked_reps", "all_share",
             "study_all_share", "study_top_share")


def profile_deals(deals: pl.LazyFrame | pl.DataFrame, profile: str, start: dt.date, end: dt.date,
                  losses: bool = False) -> pl.DataFrame:
    """The deals a clicked profile lists (deals_behind's rows): its closed deals in range, or behind its
    no-decision share of losses (`losses`) its lost and no-decision deals, that share's n: its closed
    deals there held 101 deals under a bar of n = 74, its won ones with them, and nothing said why."""
    return deals_behind(deals, start, end, outcome=SHARE_OF_LOSSES_N if losses else "closed", seller_profile=profile)


def profile_deals_caption(profile: str, losses: bool = False, escape: Callable[[str], str] = str) -> str:
    """The words before the count under a clicked profile's deals (`profile` from a file: passed
    through `escape`): "Challenger reps' closed deals in range:", and behind its no-decision share of
    losses (`losses`) "Relationship Builder reps' lost and no-decision deals in range:"."""
    deals = "lost and no-decision deals" if losses else "closed deals"
    return f"{escape(profile)} reps' {deals} in range:"


def profiles(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date) -> Profiles:
    d = denominator(filters)
    # Counts and rates only (the page shows no medians or means): a third of outcome_summary's time.
    # The same counts give the significance tests their won and n: one pass over the deals for both.
    counts = closed_counts(deals, PROFILE, start, end)
    by_profile = profile_sorted(summary_by(counts, PROFILE, d.outcomes))
    return as_text(Profiles(
        overall=summary_by(by_profile, [], d.outcomes),
        by_profile=by_profile,
        mix=top_performer_mix(deals, start, end, denominator=d),
        # The reps behind each rate: a verdict needs reps as well as deals (measures.profiles.significance_words).
        significance=profile_significance_of_counts(counts, d, reps=profile_reps(deals, start, end, d)),
    ))


def bands(
    deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date, basis: str,
    size_cuts: tuple[float, float] | None = None, currency: str = text.DEFAULT_CURRENCY,
) -> Bands:
    """Win rate by profile and complexity band.

    By amount the bands are the sidebar's Small / Medium / Large (`size_cuts`, all-time terciles),
    so "Large" means the same in the filter and the chart; by cycle length, terciles in range. By
    amount, the closed deals it leaves out for want of an exchange rate to `currency` (the reporting
    currency) are counted apart from those with no amount (Bands.unconverted), for the caption.
    """
    bands = win_rate_by_profile_and_band(
        deals, start, end, basis, denominator(filters),  # type: ignore[arg-type]
        cuts=size_cuts if basis == "amount" else None, cuts_from=SIZE_CUTS_FROM,
    )
    if basis == "amount" and bands.left_out:  # only where some are left out: a pass of its own over the deals
        bands = dataclasses.replace(bands, unconverted=left_out_of(closed_in_range(deals, start, end), pl.lit(True), currency))
    return as_text(bands)


def band_rows(bands: Bands, band: str) -> pl.Expr:
    """Deals in one complexity band, with the same cut points the chart used."""
    lo, hi = bands.cuts
    low, middle, _ = bands.labels
    if bands.basis == "amount":
        value = pl.col("amount")
    else:
        # As measures.counting counts cycles: a deal created after its close has no usable cycle.
        value = pl.when(pl.col("created_date") <= pl.col("close_date")).then(
            (pl.col("close_date") - pl.col("created_date")).dt.total_days()
        )
    if lo is None or hi is None:
        return pl.lit(False)
    if band == low:
        return value <= lo
    if band == middle:
        return (value > lo) & (value <= hi)
    return value > hi


def mix_caption(mix: TopPerformerMix) -> str:
    """What the profile-mix chart ranks, in words: "the top 8 of 40 ranked reps with at least 20 deals,
    the top 20% of ranked reps by win rate, rounded up (…); 1 rep with fewer deals is not ranked" (nothing
    said of unranked reps when there are none), and of whom each circle's share is
    (TopPerformerMix.top_group, top_rule: the group and its rule, worded once)."""
    cutoff = text.percent(mix.cutoff_win_rate)
    left_out = mix.left_out_reps
    unranked = (f"; {text.plural(left_out, 'rep')} with fewer deals {'is' if left_out == 1 else 'are'} not ranked"
                if left_out else "")
    return (
        f"Your data: {mix.top_group} with at least {mix.min_n} deals, {mix.top_rule} (lowest win rate among "
        f"them {cutoff}){unranked}. A large filled circle is a profile's share of these top reps, a small ring "
        f"its share of all ranked reps.{mix_small_n_sentence(mix)} The study's figures are measured against quota."
    )


def mix_small_n_sentence(mix: TopPerformerMix) -> str:
    """The small-n rule on the profile-mix chart, as a sentence with a leading space, naming how many reps
    there are against how many a share needs (" Too few ranked reps (8 of the 20 needed) to compare shares
    among the top reps: drawn in grey on the profiles' axis, with no percentage."); "" when both sets of reps are
    large enough. On the profiles' axis: where charts.profile_mix draws them, at no share (it had said "left of 0%",
    which named a negative share).
    Too few ranked reps draw no chart at all (unranked_mix_note), so only the top reps are said here."""
    if not (mix.top_too_small or mix.all_too_small):
        return ""
    # The ranked reps hold the top reps: when they are too few, so are the top reps, and one count says both.
    few, count = ("ranked", mix.ranked_reps) if mix.all_too_small else ("top", mix.top_reps)
    among = " or among all ranked reps" if mix.all_too_small else ""
    return (f" Too few {few} reps ({count:,} of the {mix.min_reps:,} needed) to compare shares among the top "
            f"reps{among}: drawn in grey on the profiles' axis, with no percentage.")


# ---- captions and column help ------------------------------------------------------------------
LEFT_OUT_WITHOUT: Final = {"amount": text.WITHOUT_AN_AMOUNT, "cycle": "without a usable created date"}  # what a band's deal lacks


def verdict_help(min_n: int = MIN_N, min_reps: int = MIN_REPS) -> str:
    """What each verdict on the win-rate bars means: the help of the significance table's Verdict column. A verdict
    the bar says in short (measures.profiles.verdict_on_bar) is given with its bar's words."""
    return (f"likely real: p < 0.05; could be chance: p ≥ 0.05; {text.N_TOO_SMALL}: fewer than {min_n} deals on a "
            f"side; 1 rep (\"{ONE_REP_ON_BAR}\" on the bar): the profile's deals are one rep's, so the bar measures "
            f"that rep, not the profile; 2 reps (\"{FEW_REPS_ON_BAR}\" on the bar): {TOO_FEW_REPS} (a verdict needs at "
            f"least {min_reps} reps); {few_rest_reps_words(2)} (\"{FEW_REST_REPS_ON_BAR}\" on the bar: the profile "
            f"would be measured against those reps' record, not the other "
            f"profiles'; at least {min_reps} reps on that side too); {NOTHING_TO_COMPARE}: every deal in range "
            "has this profile. The test counts deals as if each were independent: with few reps per profile, the "
            "deals of one rep weigh heavily.")


def reps_sentence(figures: Profiles) -> str:
    """Each profile's n with the reps who make it, for the rate chart's caption: "Deals and reps: Challenger 135
    deals of 4 reps; Lone Wolf 41 deals of 1 rep." (measures.profiles.deals_of_reps; profile names are the
    product's own); "" when no profile has a deal in the rate."""
    reps = figures.reps
    parts = [f"{row['seller_profile']} {deals_of_reps(int(row['n']), reps[row['seller_profile']])}"
             for row in figures.by_profile.iter_rows(named=True) if row["seller_profile"] in reps and row["n"]]
    return f"Deals and reps: {'; '.join(parts)}." if parts else ""


def roster_profiles(store: Store, at: int | None = None) -> frozenset[str]:
    """The seller profiles the roster of `store` (at version `at`) gives its reps, from the roster's file or an
    assessment (which the roster keeps): what a profile with no bar on the page is told apart by (absent_profiles_note)."""
    stored = store.roster(at).select(pl.col("seller_profile").drop_nulls().unique()).collect()
    return frozenset(stored.get_column("seller_profile").to_list())


def _either(names: Sequence[str]) -> str:
    """"Lone Wolf", "Lone Wolf or Hard Worker", "Challenger, Lone Wolf or Hard Worker"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def absent_profiles_note(figures: Profiles, held: Collection[str], filters: Filters,
                         around: ClosedAround | None) -> str | None:
    """What the page says of the profiles (data_models.vocabulary.PROFILES, in their order) with no closed deal in
    range, which no chart draws: a profile had vanished without a word. A profile some rep holds (`held`:
    roster_profiles) "No rep in this range has the Lone Wolf profile, so it has no bar. Choose Last 4 complete
    quarters under Close date in the sidebar to count 52 closed deals." (common.nothing_shown_advice of
    `around`, the range's closed deals and each preset's: common.closed_around); one no rep holds "No rep has the Lone Wolf profile, in the roster or by
    assessment, so it has no bar."; None when every profile has a bar (figures.by_profile's closed deals). Under a
    Seller profile filter only the profiles it chose are said."""
    shown = set(figures.by_profile.filter(pl.col("closed") > 0).get_column("seller_profile").to_list())
    # A Seller profile filter leaves the others out by choice: only a profile chosen and not drawn is said.
    chosen = filters.values("profile") or PROFILES
    absent = [p for p in PROFILES if p not in shown and p in chosen]
    in_range = [p for p in absent if p in held]
    nowhere = [p for p in absent if p not in held]
    said = []
    # One profile a rep: "No rep has the Lone Wolf or Hard Worker profile", whichever number of them.
    if nowhere:
        said.append(f"No rep has the {_either(nowhere)} profile, in the roster or by assessment, so "
                    f"{_no_bar(nowhere)}.")
    if in_range:
        said.append(f"No rep in this range has the {_either(in_range)} profile, so {_no_bar(in_range)}. "
                    f"{nothing_shown_advice(filters, around)}")
    return " ".join(said) or None


def _no_bar(names: Sequence[str]) -> str:
    """"it has no bar" of one profile, "they have no bars" of more."""
    return "it has no bar" if len(names) == 1 else "they have no bars"


@dataclass(frozen=True)
class ProfilesCaptions:
    """What the Seller profiles page writes under its two rate charts and as the Verdict column's
    help (fixed words and numbers only: nothing from a file), and of the profiles none of whose reps closed a
    deal in range (`absent`: absent_profiles_note; None when every profile has a bar). The page adds where
    profiles come from."""

    rates: str
    no_decision: str
    verdict: str
    absent: str | None = None


def captions(figures: Profiles, filters: Filters, around: ClosedAround | None,
             held: Collection[str] | None = None) -> ProfilesCaptions:
    """The Seller profiles captions from its records: every n counted here, the small-n rule in
    text.small_n_note's words. `held`: the profiles the roster gives its reps (roster_profiles), by which the
    profiles with no bar are said (absent_profiles_note); not said without it. `around`: the range's closed
    deals and each preset's (common.closed_around), by which what to do is said (common.nothing_shown_advice)."""
    overall = figures.overall.row(0, named=True)
    behind = reps_sentence(figures)
    rates = (f"{denominator(filters).label}; {text.n_of(overall['n'], 'deal')}; {text.small_n_note()}. On each bar: "
             "is the gap to the other profiles' deals together likely real (a two-proportion test: less than a 1 in 20 chance it is luck, p < 0.05), could "
             f"it be chance, or is {text.N_TOO_SMALL}? The test counts deals, and the deals of one rep are not "
             f"independent: a verdict needs the deals of at least {MIN_REPS} reps on each side (one rep's bar measures "
             f"that rep, not the profile; other profiles of one or two reps are those reps' record)."
             f"{' ' + behind if behind else ''} Computed from your data. Click a bar for that profile's reps and deals.")
    if overall["closed"] and not overall["n"]:  # every closed deal ended in no decision, and the rate leaves them out
        rates = nothing_to_rate_sentence(int(overall["closed"]), "no win rate by seller profile to chart", filters, around)
    return ProfilesCaptions(
        rates=rates,
        no_decision=no_decision_bars_caption(overall["no_decision_share_of_losses_n"],
                                             "Click a bar for that profile's reps and its lost and no-decision deals."),
        verdict=verdict_help(),
        absent=None if held is None else absent_profiles_note(figures, held, filters, around),
    )


def no_losses_note(figures: Profiles, filters: Filters, around: ClosedAround | None) -> str | None:
    """What stands in place of no decision ÷ losses by seller profile when every deal closed in the range
    was won (common.no_losses_sentence); None when a deal was lost, or none closed."""
    overall = figures.overall.row(0, named=True)
    if not overall["closed"] or overall["no_decision_share_of_losses_n"]:
        return None
    return no_losses_sentence(int(overall["closed"]), f"no {text.ND_SHARE_OF_LOSSES} by seller profile to chart", filters, around)


def bands_caption(bands: Bands, filters: Filters, hide_amounts: bool = False,
                  currency: str = text.DEFAULT_CURRENCY) -> str:
    """The caption under win rate by complexity band, as Markdown: where the cut points come from
    (amounts escaped: two dollar signs would start maths), the deals left out, the denominator and the
    small-n rule in text.small_n_note's words. `hide_amounts` leaves the cut amounts unsaid."""
    if bands.basis == "amount" and hide_amounts:
        cuts = ("Bands are the sidebar's Deal size bands: the smallest third, the middle third and the largest third "
                "of all closed deals by amount, all time (terciles; cut points hidden with the amounts).")
    elif bands.basis == "amount":
        cuts = text.md(bands.described(currency).rstrip(".")) + "."
    else:
        cuts = bands.caption + " — computed in the selected range, unlike the all-time deal-size bands."
    # By amount, why: no amount, or no exchange rate for the amount's currency ("60 in EUR have no exchange
    # rate to USD for EUR"), as every figure of amounts tells the two apart.
    why = (f": {without_amount_reasons(bands.left_out, bands.unconverted)}"
           if bands.basis == "amount" and bands.unconverted is not None and bands.unconverted.deals else "")
    left_out = (f" {text.plural(bands.left_out, 'closed deal')} {LEFT_OUT_WITHOUT[bands.basis]} "
                f"{'is' if bands.left_out == 1 else 'are'} left out{text.md(why)}." if bands.left_out else "")
    return f"{cuts}{left_out} {denominator(filters).label}; {text.small_n_note()}. Click a bar for its deals."


BAND_BASES: Final = {"amount": "Deal size (amount)", "cycle": "Cycle length (days open)"}  # basis -> its choice label
BAND_MEASURES: Final = {"amount": "deal size", "cycle": "cycle length"}  # basis -> how a title names it
STUDY_NOTE: Final = (
    "The CEB study behind *The Challenger Sale* sorted reps by **performance against quota**, not win rate: "
    "its figures (diamonds) are a reference, the circles are your own data, ranked by win rate."
)


def bands_title(basis: str) -> str:
    """The complexity chart's title: "Win rate by deal size band and seller profile"."""
    return f"Win rate by {BAND_MEASURES[basis]} band and seller profile"


def bands_note(bands: Bands, filters: Filters, around: ClosedAround | None, min_n: int = MIN_N) -> str | None:
    """What stands in place of win rate by complexity band and seller profile when every one of its rates would
    be withheld (each bar's n below `min_n`: common.every_rate_withheld, the rule of every chart whose every rate
    is withheld, and common.withheld_chart_sentence): why, and what to do (withheld_advice); None when a rate is
    shown, or when there is no band at all, which its caption explains (bands_caption: no amount, or no exchange
    rate). Twelve grey hatched stubs under an axis of no rate had been drawn.

    "No profile has the 20 deals a rate needs in any deal size band, so win rate by deal size band and seller
    profile is not drawn. Turn on Show the charts anyway." (all time, no filter). `around`: withheld_advice's."""
    # No band at all (no closed deal with an amount in the reporting currency, say) is for the caption to explain:
    # it says why (no amount, or no exchange rate) and what to do, which this sentence would lose.
    if not every_rate_withheld(bands.table, "win_rate", min_n):
        return None
    return withheld_chart_sentence("profile", bands_title(bands.basis).lower(), f". {withheld_advice(filters, around)}",
                                   within=f" in any {BAND_MEASURES[bands.basis]} band", min_n=min_n)


# The list that stands in for a profile chart's bars when the chart gives way to a sentence (withheld_profiles_note),
# by the chart's rate: choosing a profile opens its reps and the deals a click on its bar opens, the closed deals of
# its win rate or the lost and no-decision deals of its no decision ÷ losses (the charts' captions say the same).
PROFILE_CHOICE_LABELS: Final = {
    "win_rate": "Open a profile's reps and closed deals",
    "no_decision_share_of_losses": "Open a profile's reps and lost and no-decision deals",
}
PROFILE_CHOICE_PLACEHOLDER: Final = "Choose a profile…"
# The two profile charts: rate -> what the sentence calls the chart, and what the rate's n counts.
PROFILE_CHARTS: Final = {
    "win_rate": ("win rate by seller profile", "deals"),
    "no_decision_share_of_losses": (f"{text.ND_SHARE_OF_LOSSES.lower()} by seller profile", text.LOSSES),
}


def withheld_profiles_note(figures: Profiles, rate: str, filters: Filters, around: ClosedAround | None,
                           min_n: int = MIN_N) -> str | None:
    """What stands in place of a profile chart (`rate`: "win_rate", win rate by seller profile; or
    "no_decision_share_of_losses", no decision ÷ losses by seller profile) when every profile's rate would be
    withheld, each on fewer than `min_n` of its n (common.every_rate_withheld; common.withheld_chart_sentence):
    why, and what to do, the page's switch included (SHOW_ANYWAY_LABEL, which draws the chart as it would be,
    each bar a grey stub). None when a rate is shown, or when the rate has no n at all: every closed deal ended
    in no decision (captions: nothing_to_rate_sentence) or was won (no_losses_note), said otherwise. With a few
    closed deals a profile, grey hatched stubs under an axis of no rate had been drawn.

    "No profile has the 20 deals a rate needs, so win rate by seller profile is not drawn. Choose Last 4 complete
    quarters under Close date in the sidebar to count 52 closed deals or turn on Show the charts anyway." """
    what, unit = PROFILE_CHARTS[rate]
    if not every_rate_withheld(figures.by_profile, rate, min_n):
        return None
    return withheld_chart_sentence("profile", what, f". {withheld_advice(filters, around)}", unit=unit, min_n=min_n)


# The list that stands in for the band chart's bars when it gives way to a sentence (bands_note): choosing a profile in
# a band opens the deals a click on its bar opens (band_deals), those its win rate divides by.
BAND_CHOICE_LABEL: Final = "Open a profile's deals in one band"
BAND_CHOICE_PLACEHOLDER: Final = "Choose a profile and a band…"


def band_choices(bands: Bands) -> list[tuple[str, str]]:
    """The (profile, band) of each bar of the band chart (Bands.table's rows), band by band in its order
    (Bands.labels), each band's profiles in the chart's order (the study's, then Unprofiled), as the list that stands in for
    the chart offers them when every rate of it is withheld (bands_note, BAND_CHOICE_LABEL): so a band's deals
    stay one choice away when its bar is not drawn, as the profile charts' do (profile_choices)."""
    table = bands.table
    if table.height == 0:
        return []
    bars = set(zip(table["seller_profile"].to_list(), table["band"].to_list(), strict=True))
    return [(profile, band) for band in bands.labels for profile in PROFILES_WITH_UNPROFILED if (profile, band) in bars]


def band_choice_words(choice: tuple[str, str]) -> str:
    """How the band list names a bar (band_choices' (profile, band)), as the deals it opens are headed: "Challenger:
    Small deals". Plain text: the list draws it as typed."""
    profile, band = choice
    return f"{profile}: {band} deals"


def profile_choices(figures: Profiles) -> list[str]:
    """The profiles a profile chart's bars stand for, in its order (Profiles.by_profile's), as the list that
    stands in for the chart offers them (PROFILE_CHOICE_LABELS) when every rate of it is withheld: so a
    profile's reps and deals stay one choice away when its bar is not drawn."""
    return figures.by_profile.get_column("seller_profile").to_list()


def unranked_mix_note(mix: TopPerformerMix, filters: Filters, around: ClosedAround | None) -> str | None:
    """What stands in place of the profile-mix chart when no rep is ranked, when the reps it ranks have no
    seller profile (the chart would set only zeros beside the study's figures), or when they are too few
    for any share of theirs to be shown (TopPerformerMix.all_too_small: the study's figures would stand
    alone); None when the chart is drawn. What to do when more deals would rank reps: common.nothing_shown_advice
    of `around` (the range's closed deals and each preset's: common.closed_around) under `filters`; it had said
    "Widen the date range or remove a filter." under any preset, with no filter set."""
    advice = nothing_shown_advice(filters, around)
    if not mix.ranked_reps:
        return (f"Who the top performers are: no rep has {MIN_N} deals in this range, so none is ranked and "
                f"there is no profile mix to show. {advice}")
    if not ranks_profiled_reps(mix.table):
        who = ("the one ranked rep has no seller profile" if mix.ranked_reps == 1 else
               f"none of the {mix.ranked_reps:,} ranked reps has a seller profile")
        return (f"Who the top performers are: {who}, so there is no profile mix to set beside the study's. Upload a "
                "roster or assess reps first.")
    if mix.all_too_small:
        # Every share of the user's would be withheld, and the study's coloured diamonds alone would be read
        # as the room's own figures: no chart, and the sentence says why and what would draw it.
        return (f"Who the top performers are: only {text.plural(mix.ranked_reps, 'rep')} {'is' if mix.ranked_reps == 1 else 'are'} "
                f"ranked (at least {mix.min_n} closed deals each), fewer than the {mix.min_reps} a profile's share needs, "
                f"so your profile mix is not shown, nor the study's figures beside it. {advice}")
    return None


def band_deals(deals: pl.LazyFrame | pl.DataFrame, bands: Bands, band: str, profile: str, filters: Filters,
               start: dt.date, end: dt.date) -> pl.DataFrame:
    """The deals behind one bar of the complexity chart: `profile`'s deals closed in range in `band`
    (the chart's own cut points), with the outcomes its win rate divides by (deals_behind's rows)."""
    return deals_behind(deals.filter(band_rows(bands, band)), start, end,
                        outcome=denominator(filters).outcomes, seller_profile=profile)
