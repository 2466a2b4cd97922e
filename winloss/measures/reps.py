"""Reps: the leaderboard with each rep's quarter-on-quarter change, and one rep against peers and team."""

from __future__ import annotations

from datetime import date
from typing import Final

import polars as pl

from winloss import periods, team_history
from data_models.vocabulary import WON
from winloss.measures.counting import (
    first_close,
    CYCLE_DAYS,
    OUTCOME,
    Deals,
    closed_between,
    lazy,
    open_by,
    outcome_counts,
    quantile_of_counts,
)
from winloss.measures.summary import SUMMARY_COLUMNS, summary_of_counts
from winloss.measures.trends import resolve_quarter
from winloss.rates import MIN_N, Denominator, rate_columns, ranked


def rep_leaderboard(
    deals: Deals,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    fy_start_month: int = 1,
    min_n: int = MIN_N,
    quarter: str | None = None,
    as_of: date | None = None,
) -> pl.DataFrame:
    """One row per rep with a closed deal in range, plus the QoQ change for the quarter of `end`.

    Columns: rep, seller_profile, team, manager (the rep's now: team_history.reps_now), teams_in_range (the teams
    their deals in range closed in, by name, "; " between: "Commercial; Enterprise" for a rep who moved), teams_elsewhere
    (teams_in_range where the team now is none of them, as under a Team filter for a rep who has since left it; else
    null), closed, won, n, win_rate, win_rate_lo,
    win_rate_hi, small_n, no_decision_share_of_losses, won_amount, quarter, previous_quarter,
    quarter_win_rate, quarter_n, previous_quarter_win_rate, previous_quarter_n, win_rate_qoq,
    no_decision_share_of_losses_n (lost + no decision in range: the no-decision share's n). The
    quarter is `quarter` (a label) when given, else the one containing `end` (or the latest close
    date). In the one order of a ranking (rates.ranked): reps of enough deals first, by win rate, highest
    first (a rep with one win in one deal does not top the board), then the others by n, then name.

    `as_of`: the day the data describes. A quarter still in progress on it, or on `end` when that is
    earlier, is counted to that day and compared with the previous quarter's same first days
    (periods.comparison_windows), as measures.trends.deltas compares it; quarter and previous_quarter
    name the two so ("2026 Q4 to date", "2026 Q3 to the same day"; "2026 Q3 to 1 Jul", "2026 Q2 to
    1 Apr" when `end` cuts it short), else they are the labels.
    """
    lf = lazy(deals)
    d = Denominator(denominator)
    label = resolve_quarter(lf, quarter, end, fy_start_month)
    in_range = closed_between(start, end)
    if label is None:
        this_q = previous_q = pl.lit(False)
        names: tuple[str | None, str | None] = (None, None)
    else:
        first = first_close(lf) if start is not None else None
        this, previous, _ = periods.comparison_windows(label, as_of, fy_start_month, end, start, first)
        this_q, previous_q = closed_between(*this.bounds), closed_between(*previous.bounds)
        names = (this.name, previous.name)
    # One pass: the range and the two quarters are masks over the same rows.
    rows = lf.filter((in_range | this_q | previous_q).fill_null(False))
    grouped = rows.group_by("rep").agg(
        pl.col("seller_profile").first(),
        *outcome_counts(in_range),
        *outcome_counts(this_q, "_q"),
        *outcome_counts(previous_q, "_pq"),
    ).with_columns(pl.col("rep").cast(pl.String))
    # The teams the rep's deals in range closed in (a rep who moved closed in more than one): the distinct pairs of
    # rep and team as coded first, a few hundred, then each rep's teams as text. Gathered per rep in the pass above,
    # they took 290 of the Reps page's 1,100 ms of CPU at 10M deals.
    teams = (
        lf.filter(in_range.fill_null(False) & pl.col("team").is_not_null()).select("rep", "team").unique()
        .with_columns(pl.col("rep", "team").cast(pl.String))
        .group_by("rep").agg(pl.col("team").sort().str.join("; ").alias("teams_in_range"),
                             pl.col("team").alias("_teams"))
    )
    # Each rep's team and manager now, by the one rule (team_history.reps_now): from every deal of theirs, not
    # the first of those in range, which for a rep who moved was their earlier team's.
    now = team_history.reps_now(lf)
    grouped = grouped.join(teams, on="rep", how="left").join(now, on="rep", how="left").with_columns(
        # The teams counted when the team now is none of them: under "Team = North America" a rep since moved to EMEA
        # is listed for his North America deals, and his team now alone read as the filter not holding.
        pl.when(~pl.col("_teams").list.contains(pl.col("team"))).then(pl.col("teams_in_range"))
        .alias("teams_elsewhere"))
    return ranked((
        grouped.with_columns(*rate_columns(d, min_n), *rate_columns(d, min_n, "_q"))
        .with_columns(*rate_columns(d, min_n, "_pq"))
        .filter(pl.col("closed") > 0)
        .with_columns(
            pl.when(pl.col("teams_in_range") != "").then(pl.col("teams_in_range")).alias("teams_in_range"),  # none: null
            pl.lit(names[0], dtype=pl.String).alias("quarter"),
            pl.lit(names[1], dtype=pl.String).alias("previous_quarter"),
            pl.col("win_rate_q").alias("quarter_win_rate"),
            pl.col("n_q").alias("quarter_n"),
            pl.col("win_rate_pq").alias("previous_quarter_win_rate"),
            pl.col("n_pq").alias("previous_quarter_n"),
            (pl.col("win_rate_q") - pl.col("win_rate_pq")).alias("win_rate_qoq"),
        )
        .select(
            "rep",
            "seller_profile",
            "team",
            "manager",
            "teams_in_range",
            "teams_elsewhere",
            "closed",
            "won",
            "n",
            "win_rate",
            "win_rate_lo",
            "win_rate_hi",
            "small_n",
            "no_decision_share_of_losses",
            "won_amount",
            "quarter",
            "previous_quarter",
            "quarter_win_rate",
            "quarter_n",
            "previous_quarter_win_rate",
            "previous_quarter_n",
            "win_rate_qoq",
            "no_decision_share_of_losses_n",
        )
        .collect()
    ), "win_rate", "n", "small_n")


SCORECARD_ROWS: Final = ("rep", "profile_peers", "team")


def rep_scorecard(
    deals: Deals,
    rep: str,
    start: date | None = None,
    end: date | None = None,
    denominator: Denominator | str = Denominator.CLOSED,
    min_n: int = MIN_N,
    as_of: date | None = None,
    teams: team_history.RepTeams | None = None,
) -> pl.DataFrame:
    """The rep's numbers next to their profile peers' and their team's (open deals by
    counting.open_by's rule, `as_of` the data's day).

    Three rows, comparison = "rep", "profile_peers" (other reps of the same profile, their deals
    together) and "team" (every rep of the rep's team including them, deals together, so larger
    books weigh more; for a rep who moved, the deals of the team each of their deals closed in, while they
    were in it: team_history.in_teams_closed, as their trend's team line). `teams`: the rep's teams
    (team_history.rep_teams of their deals, which it is when not given). Columns: comparison, who (rep name,
    "Other Challengers", team name: a mover's teams oldest first, "Enterprise → Commercial"),
    reps (distinct reps behind the row), then SUMMARY_COLUMNS. A comparison without deals (no
    peers, no team) has zero counts and null rates; won_amount is null when the row's won deals
    have no amount among them, not $0.
    """
    lf = lazy(deals)
    me = pl.col("rep") == rep
    # The rep's own profile and teams first, from their deals alone; the three groups are then
    # picked by plain values (broadcasting them to every deal cost more than the counting).
    mine = lf.filter(me).collect()
    profile = mine["seller_profile"][0] if mine.height else None
    # Their team now (team_history.reps_now) and, for a rep who moved, the teams they closed in before it.
    teams = team_history.rep_teams(mine) if teams is None else teams
    team = teams.team
    same_profile = pl.lit(False) if profile is None else pl.col("seller_profile") == profile
    same_team = teams.members()
    summary_frame = _scorecard_summary(
        lf, {"rep": me, "profile_peers": ~me & same_profile, "team": same_team}, start, end, denominator, min_n,
        as_of,
    ).collect()
    names = {
        "rep": rep,
        "profile_peers": f"Other {profile} reps" if profile else "Profile peers",
        "team": " → ".join((*teams.earlier, team)) if team and teams.moved else team if team else "No team",
    }
    frame = (
        pl.DataFrame({"comparison": list(SCORECARD_ROWS)})
        .join(summary_frame, on="comparison", how="left", maintain_order="left")
        .with_columns(
            pl.col("comparison").replace_strict(names, return_dtype=pl.String).alias("who"),
            pl.col(
                "closed", "won", "lost", "no_decision", "open", "n", "reps", "amount_missing",
                "no_decision_share_of_losses_n",
            ).fill_null(0),
            pl.col("lost_amount", "no_decision_amount").fill_null(0.0),
            # A comparison without won deals won $0; one whose won deals have no amount (none converts
            # to the reporting currency) keeps won_amount null, as counting.won_amount gives it.
            pl.when(pl.col("won").fill_null(0) == 0).then(pl.col("won_amount").fill_null(0.0))
            .otherwise(pl.col("won_amount")).alias("won_amount"),
        )
        .with_columns((pl.col("n") < min_n).alias("small_n"))
    )
    return frame.select("comparison", "who", "reps", *SUMMARY_COLUMNS)


def _scorecard_summary(
    lf: pl.LazyFrame,
    members: dict[str, pl.Expr],
    start: date | None,
    end: date | None,
    denominator: Denominator | str,
    min_n: int,
    as_of: date | None = None,
) -> pl.LazyFrame:
    """summary_query's rows by comparison for the scorecard's three groups of deals, which overlap
    (a rep's teammates of the same profile are both peers and team), plus `reps` (distinct reps).

    Counting each group's deals apart meant three filtered copies of every deal of the rep's
    profile and team (millions of rows at 10M deals) put end to end and grouped three times: two
    thirds of the one-rep page at 10M. Instead each deal is counted once, by outcome and by which
    groups it belongs to (`members`: a condition per comparison, null read as not a member), into
    at most eight combinations; each group's columns are those combinations added up. What is not
    additive is counted the same way: won deals by days to close (the median read off the counts,
    as Polars computes it, by measures.counting.quantile_of_counts) and the reps present. The
    counts are those of summary_query exactly; the amounts and the mean deal size are sums taken
    in another order, so may differ from it in their last bits (tests/measures/test_reps.py).
    """
    flags = [f"_in_{name}" for name in members]
    rows = (
        lf.filter(closed_between(start, end) | open_by(end, as_of))
        .with_columns(member.fill_null(False).alias(flag) for flag, member in zip(flags, members.values(), strict=True))
        .filter(pl.any_horizontal(flags))
    )
    amount = pl.col("amount")
    by_outcome, won_days, reps = pl.collect_all([
        rows.group_by([*flags, "outcome"]).agg(
            pl.len().cast(pl.Int64).alias("_deals"),
            amount.sum().alias("_amount"),
            amount.null_count().cast(pl.Int64).alias("_no_amount"),
        ),
        rows.filter(OUTCOME == WON).group_by([*flags, CYCLE_DAYS.alias("_days")]).agg(pl.len().alias("_count")),
        rows.group_by([*flags, "rep"]).agg(pl.len()),
    ])
    per_outcome, won, counted_reps = [], [], []
    for name, flag in zip(members, flags, strict=True):
        mine = by_outcome.filter(pl.col(flag)).group_by("outcome").agg(pl.col("_deals", "_amount", "_no_amount").sum())
        per_outcome.append(mine.with_columns(pl.lit(name).alias("comparison")))
        # The mean won amount: the won deals' amounts added up over those that have one.
        priced, won_amount = mine.filter(OUTCOME == WON).select(
            (pl.col("_deals").sum() - pl.col("_no_amount").sum()), pl.col("_amount").sum()
        ).row(0)
        days = won_days.filter(pl.col(flag)).group_by("_days").agg(pl.col("_count").sum()).drop_nulls("_days").sort("_days")
        won.append({
            "comparison": name,
            "avg_deal_size": won_amount / priced if priced else None,
            "median_cycle_days": quantile_of_counts(days["_days"].to_list(), days["_count"].to_list(), 0.5),
        })
        # n_unique counts a missing rep as one, as summary_query's reps column did.
        counted_reps.append({"comparison": name, "reps": reps.filter(pl.col(flag)).get_column("rep").n_unique()})
    # A group without deals is left out here (the scorecard gives it zero counts), as summary_query leaves it.
    return summary_of_counts(
        pl.concat(per_outcome).lazy(),
        pl.DataFrame(won, schema={"comparison": pl.String, "avg_deal_size": pl.Float64,
                                  "median_cycle_days": pl.Float64}).lazy(),
        ["comparison"], denominator, min_n,
        pl.DataFrame(counted_reps, schema={"comparison": pl.String, "reps": pl.Int64}).lazy(),
    )
