"""Seller profiles against each other: who the top performers are, and whether a profile's win
rate differs from the rest by more than chance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Final, cast

import polars as pl

from data_models.vocabulary import PROFILES_WITH_UNPROFILED, STUDY_MIX_ALL, STUDY_MIX_STARS, WON
from winloss.measures.counting import OUTCOME, Deals, outcome_in, sorted_by
from winloss.measures.summary import closed_in_range
from winloss.rates import MIN_N, MIN_REPS, Denominator, ratio, too_small, two_proportion_z_test
from winloss.text import N_TOO_SMALL, percent, plural

TOP_SHARE: Final = 0.2  # the top reps are this share of the ranked reps (the study's top fifth), rounded up


@dataclass(frozen=True)
class TopPerformerMix:
    """The profile mix of the top reps by win rate next to the mix of all ranked reps."""

    table: pl.DataFrame
    """seller_profile, top_count, top_share, all_count, all_share, study_all_share,
    study_top_share: one row per profile (Unprofiled last, no study share)."""
    ranked_reps: int
    top_reps: int
    left_out_reps: int
    """Reps with at least one closed deal but fewer than min_n, so not ranked."""
    cutoff_win_rate: float | None
    """The lowest win rate among the top reps."""
    min_reps: int = MIN_N
    """The small-n rule's minimum, of reps: a profile's share of fewer reps is not given as a percentage."""
    top_share: float = TOP_SHARE
    """The share of the ranked reps that are the top reps (rounded up to whole reps)."""
    min_n: int = MIN_N
    """The deals a rep needs in the win rate's denominator to be ranked."""

    @property
    def top_rule(self) -> str:
        """Who the top reps are, the rule in words (no count): "the top 20% of ranked reps by win rate,
        rounded up" (a share of a profile among them is "of whom" this says)."""
        return f"the top {percent(self.top_share)} of ranked reps by win rate, rounded up"

    @property
    def top_group(self) -> str:
        """The top reps with their count, for a share among them to name its whole: "the top 8 of 40
        ranked reps" ("the top 1 of 3 ranked reps"; "the one ranked rep" when there is one)."""
        if self.ranked_reps == 1:
            return "the one ranked rep"
        return f"the top {self.top_reps:,} of {self.ranked_reps:,} ranked reps"

    @property
    def top_too_small(self) -> bool:
        """Whether the top reps are too few (rates.too_small) for their profile shares to be shown as
        percentages: "the top 1 of 3 reps" is 100% one profile by a single rep."""
        return too_small(self.top_reps, self.min_reps)

    @property
    def all_too_small(self) -> bool:
        """Whether the ranked reps are too few (rates.too_small) for their profile shares to be shown."""
        return too_small(self.ranked_reps, self.min_reps)


def _rep_counts(
    deals: Deals, start: date | None, end: date | None, denominator: Denominator
) -> pl.LazyFrame:
    """Per rep: seller_profile, won, n (the denominator count) for closed deals in range."""
    return (
        closed_in_range(deals, start, end)
        .group_by("rep")
        .agg(
            pl.col("seller_profile").first(),
            (OUTCOME == WON).sum().cast(pl.Int64).alias("won"),
            outcome_in(denominator.outcomes).sum().cast(pl.Int64).alias("n"),
        )
        .filter(pl.col("n") > 0)
    )


def top_performer_mix(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    min_n: int = MIN_N,
    top_share: float = TOP_SHARE,
    denominator: Denominator | str = Denominator.CLOSED,
    min_reps: int = MIN_N,
) -> TopPerformerMix:
    """The study's comparison on the user's data: who are the top fifth of reps by win rate?

    Reps with at least min_n deals in the denominator are ranked by win rate (ties: more deals
    first, then name); the top ceil(top_share × ranked) are the top performers. A profile's share
    of fewer than min_reps reps is n too small (TopPerformerMix.top_too_small, all_too_small).
    """
    d = Denominator(denominator)
    # Names as text (the deals may hold them as Categorical), to join and sort the profiles' names.
    reps = _rep_counts(deals, start, end, d).collect().with_columns(pl.col("rep", "seller_profile").cast(pl.String))
    ranked = reps.filter(pl.col("n") >= min_n).with_columns(
        (pl.col("won") / pl.col("n")).alias("win_rate")
    )
    ranked = ranked.sort(["win_rate", "n", "rep"], descending=[True, True, False])
    # round() first: 0.28 × 25 is 7.000000000000001 in floating point, which ceil makes 8.
    top_count = math.ceil(round(top_share * ranked.height, 9)) if ranked.height else 0
    top = ranked.head(top_count)

    def mix(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return frame.group_by("seller_profile").agg(pl.len().cast(pl.Int64).alias(name))

    table = (
        pl.DataFrame({"seller_profile": list(PROFILES_WITH_UNPROFILED)})
        .join(mix(top, "top_count"), on="seller_profile", how="left")
        .join(mix(ranked, "all_count"), on="seller_profile", how="left")
        .with_columns(pl.col("top_count", "all_count").fill_null(0))
        .with_columns(
            ratio(pl.col("top_count"), pl.lit(top.height)).alias("top_share"),
            ratio(pl.col("all_count"), pl.lit(ranked.height)).alias("all_share"),
            pl.col("seller_profile")
            .replace_strict(STUDY_MIX_ALL, default=None, return_dtype=pl.Float64)
            .alias("study_all_share"),
            pl.col("seller_profile")
            .replace_strict(STUDY_MIX_STARS, default=None, return_dtype=pl.Float64)
            .alias("study_top_share"),
        )
        .select(
            "seller_profile",
            "top_count",
            "top_share",
            "all_count",
            "all_share",
            "study_all_share",
            "study_top_share",
        )
    )
    return TopPerformerMix(
        table=table,
        ranked_reps=ranked.height,
        top_reps=top.height,
        left_out_reps=reps.height - ranked.height,
        cutoff_win_rate=cast(float, top["win_rate"].min()) if top.height else None,
        min_reps=min_reps,
        top_share=top_share,
        min_n=min_n,
    )


NOTHING_TO_COMPARE = "no other profile to compare with"
TOO_FEW_REPS = "too few to tell a profile from its reps"  # a verdict's words for 2 to MIN_REPS - 1 reps
# A verdict's words when the other profiles' deals together are of fewer than MIN_REPS reps.
TOO_FEW_TO_COMPARE = "too few to compare the profile with"


def deals_of_reps(n: int, reps: int, noun: str = "deal") -> str:
    """A profile's n with the reps who make it, as every place that gives its rate says it: "41 deals of
    1 rep", "105 deals of 3 reps" (`noun` for what n counts: "closed deal")."""
    return f"{plural(n, noun)} of {plural(reps, 'rep')}"


def few_reps_words(reps: int, only_rep: str | None) -> str:
    """The verdict of a profile whose deals are of fewer than MIN_REPS reps, in place of the test's: "1 rep:
    this measures Carlos Diaz, not the profile" (`only_rep` the one rep's name as the deals hold it: an
    alias when names are anonymised; plain text, escaped by whatever draws it), "2 reps: too few to tell a
    profile from its reps"."""
    if reps == 1:
        who = only_rep if only_rep is not None else "that rep"
        return f"1 rep: this measures {who}, not the profile"
    return f"{plural(reps, 'rep')}: {TOO_FEW_REPS}"


def few_rest_reps_words(rest_reps: int) -> str:
    """The verdict of a profile whose other profiles' deals together are of fewer than MIN_REPS reps, in
    place of the test's: "the other profiles are 2 reps: too few to compare the profile with" (a roster
    of Challengers but two reps: each of the two is measured against one or two people's record)."""
    return f"the other profiles are {plural(rest_reps, 'rep')}: {TOO_FEW_TO_COMPARE}"


# A verdict withheld for want of reps, as its profile's bar says it: the bar's label gives its reps already
# ("(n = 149, 2 reps)"), and the whole verdict is in its hover and the test's table. Whole on the bar, "38% · 2
# reps: too few to tell a profile from its reps" took three lines, which ran from the bar's row into the next.
ONE_REP_ON_BAR = "one rep's deals"
FEW_REPS_ON_BAR = "too few reps"
FEW_REST_REPS_ON_BAR = "too few other reps"


def verdict_on_bar(verdict: str, reps: int | None, only_rep: str | None = None, rest_reps: int | None = None) -> str:
    """A profile's verdict (significance_words', of a profile whose rate's deals are of `reps` reps, `only_rep`
    the one rep's name, and the other profiles' of `rest_reps`) as the words on its bar: few_reps_words' as
    ONE_REP_ON_BAR or FEW_REPS_ON_BAR, few_rest_reps_words' as FEW_REST_REPS_ON_BAR, every other verdict as it
    is ("likely real", "n too small", ...)."""
    if reps is not None and verdict == few_reps_words(reps, only_rep):
        return ONE_REP_ON_BAR if reps == 1 else FEW_REPS_ON_BAR
    if rest_reps is not None and verdict == few_rest_reps_words(rest_reps):
        return FEW_REST_REPS_ON_BAR
    return verdict


def too_few_reps(reps: int | None, rest_reps: int | None, min_reps: int = MIN_REPS) -> bool:
    """Whether a test of a profile's deals against the other profiles' deals has too few reps on either
    side for a verdict: `reps` behind the profile's n, `rest_reps` behind the other profiles' (None: not
    counted, no gate). The test counts deals as independent, and the deals of one rep are not, whichever
    side they are on. The one rule for the verdict (significance_words) and the review's profile findings."""
    return (reps is not None and reps < min_reps) or (rest_reps is not None and rest_reps < min_reps)


def significance_words(p_value: float | None, n: int, rest_n: int, min_n: int = MIN_N, reps: int | None = None,
                       only_rep: str | None = None, min_reps: int = MIN_REPS, rest_reps: int | None = None) -> str:
    """The verdict in words: "likely real" (p < 0.05), "could be chance", "n too small", or, for the
    only group with deals (every deal Unprofiled, say), "no other profile to compare with".

    `reps`: the reps behind the profile's n, `rest_reps` behind the other profiles' n together (None: not
    counted). The test counts deals as independent, and the deals of one rep are not: below `min_reps` reps
    on the profile's side the verdict is few_reps_words' (naming `only_rep`, the one rep), on the other
    profiles' side few_rest_reps_words', never "likely real" or "could be chance" (too_few_reps). Too few
    deals is said first, then the profile's own reps."""
    if rest_n == 0:
        return NOTHING_TO_COMPARE
    if p_value is None or n < min_n or rest_n < min_n:
        return N_TOO_SMALL
    if too_few_reps(reps, None, min_reps):
        return few_reps_words(cast(int, reps), only_rep)
    if too_few_reps(None, rest_reps, min_reps):
        return few_rest_reps_words(cast(int, rest_reps))
    return "likely real" if p_value < 0.05 else "could be chance"


def _reps_behind(rep: pl.Expr) -> list[pl.Expr]:
    """reps (Int64: distinct reps among a group's deals) and only_rep (the rep's name when there is one,
    else null), as aggregations over the deals in a rate's denominator."""
    # Counted on the reps as coded, the one name made text: not every deal's (team_history.reps_now).
    reps = rep.n_unique()
    return [reps.cast(pl.Int64).alias("reps"),
            pl.when(reps == 1).then(rep.first().cast(pl.String)).otherwise(None).alias("only_rep")]


def _rest_reps(in_rate: pl.LazyFrame) -> pl.LazyFrame:
    """seller_profile (String), rest_reps (Int64: the distinct reps among the other profiles' deals, 0 when
    none) for each profile among `in_rate`, the closed deals in range in a rate's denominator. Counted from
    the deals, not by adding up the other profiles' reps: a rep is counted once however many profiles the
    deals give them."""
    # The distinct pairs, as coded, made text: not every deal's (team_history.reps_now).
    pairs = in_rate.select("seller_profile", "rep").unique().with_columns(pl.col("seller_profile", "rep").cast(pl.String))
    profiles = pairs.select("seller_profile").unique()
    others = (profiles.join(pairs, how="cross", suffix="_other")
              .filter(pl.col("seller_profile").ne_missing(pl.col("seller_profile_other")))
              .group_by("seller_profile").agg(pl.col("rep").n_unique().cast(pl.Int64).alias("rest_reps")))
    return profiles.join(others, on="seller_profile", how="left", nulls_equal=True).with_columns(
        pl.col("rest_reps").fill_null(0))


def profile_reps(deals: Deals, start: date | None = None, end: date | None = None,
                 denominator: Denominator | str = Denominator.CLOSED) -> pl.DataFrame:
    """The reps behind each profile's rate and behind the other profiles' it is tested against:
    seller_profile, reps (reps with at least one deal in range in the rate's denominator, Int64), only_rep
    (the rep's name when reps is 1, else null), rest_reps (the reps with such a deal in any other profile,
    Int64). A profile with no deal in the denominator is left out, as profile_significance leaves it."""
    d = Denominator(denominator)
    in_rate = closed_in_range(deals, start, end).filter(outcome_in(d.outcomes))
    return sorted_by(
        in_rate.group_by("seller_profile").agg(*_reps_behind(pl.col("rep")))
        .with_columns(pl.col("seller_profile").cast(pl.String))
        .join(_rest_reps(in_rate), on="seller_profile", how="left", nulls_equal=True, maintain_order="left"),
        ["seller_profile"],
    ).collect()


def profile_significance(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
) -> pl.DataFrame:
    """Each profile's win rate against all other profiles' deals together (two-proportion z).

    Columns: seller_profile, won, n, reps, only_rep, rest_reps, win_rate, rest_won, rest_n, rest_win_rate,
    difference, z, p_value, verdict ("likely real" / "could be chance" / "n too small" / "no other profile
    to compare with" / few_reps_words' below MIN_REPS reps / few_rest_reps_words' below MIN_REPS reps among
    the other profiles). reps: the reps with a deal in n; only_rep: the one rep's name when reps is 1, else
    null; rest_reps: the reps with a deal in rest_n.
    """
    d = Denominator(denominator)
    in_rate = closed_in_range(deals, start, end).filter(outcome_in(d.outcomes))
    counts = (
        in_rate.group_by("seller_profile")
        .agg(
            (OUTCOME == WON).sum().cast(pl.Int64).alias("won"),
            pl.len().cast(pl.Int64).alias("n"),
            *_reps_behind(pl.col("rep")),
        )
        .with_columns(pl.col("seller_profile").cast(pl.String))
        .join(_rest_reps(in_rate), on="seller_profile", how="left", nulls_equal=True, maintain_order="left")
    )
    return _significance_of(counts, min_n)


def profile_significance_of_counts(counts: pl.DataFrame, denominator: Denominator | str = Denominator.CLOSED,
                                   min_n: int = MIN_N, reps: pl.DataFrame | None = None) -> pl.DataFrame:
    """profile_significance from the closed deals in range already counted by profile (closed_counts'
    frame: seller_profile, won, lost, no_decision), for a view that counted them for its rate bars:
    the same frame, without a pass of its own over the deals. A profile with no deal in the
    denominator is left out, as profile_significance never meets it. `reps`: profile_reps' frame for
    the same deals and denominator (None: reps not counted, the verdicts the deals' alone, reps null)."""
    d = Denominator(denominator)
    n = sum((pl.col(outcome) for outcome in d.outcomes), pl.lit(0, pl.Int64))
    won_and_n = counts.lazy().select(pl.col("seller_profile").cast(pl.String), "won", n.cast(pl.Int64).alias("n")).filter(
        pl.col("n") > 0)
    behind = (reps if reps is not None else pl.DataFrame(schema={"seller_profile": pl.String, "reps": pl.Int64,
                                                                  "only_rep": pl.String, "rest_reps": pl.Int64}))
    won_and_n = won_and_n.join(behind.lazy().select("seller_profile", "reps", "only_rep", "rest_reps"),
                               on="seller_profile", how="left", maintain_order="left")
    return _significance_of(won_and_n, min_n)


def _significance_of(counts: pl.LazyFrame, min_n: int) -> pl.DataFrame:
    """profile_significance's frame from won, n (Int64), reps (Int64 or null), only_rep and rest_reps (Int64 or
    null) by seller_profile."""
    counts = counts.with_columns(
        (pl.col("won").sum() - pl.col("won")).alias("rest_won"),
        (pl.col("n").sum() - pl.col("n")).alias("rest_n"),
    )
    frame = sorted_by(counts, ["seller_profile"]).collect()
    # At most six rows: plain Python keeps the test readable and needs no scipy.
    rows = []
    for row in frame.iter_rows(named=True):
        z, p = two_proportion_z_test(row["won"], row["n"], row["rest_won"], row["rest_n"])
        rate = row["won"] / row["n"]
        rest = row["rest_won"] / row["rest_n"] if row["rest_n"] else None
        rows.append(
            {
                **row,
                "win_rate": rate,
                "rest_win_rate": rest,
                "difference": None if rest is None else rate - rest,
                "z": z,
                "p_value": p,
                "verdict": significance_words(p, row["n"], row["rest_n"], min_n, row["reps"], row["only_rep"],
                                              rest_reps=row["rest_reps"]),
            }
        )
    schema = {
        "seller_profile": pl.String,
        "won": pl.Int64,
        "n": pl.Int64,
        "reps": pl.Int64,
        "only_rep": pl.String,
        "rest_reps": pl.Int64,
        "win_rate": pl.Float64,
        "rest_won": pl.Int64,
        "rest_n": pl.Int64,
        "rest_win_rate": pl.Float64,
        "difference": pl.Float64,
        "z": pl.Float64,
        "p_value": pl.Float64,
        "verdict": pl.String,
    }
    return pl.DataFrame(rows, schema=schema).select(schema.keys())
