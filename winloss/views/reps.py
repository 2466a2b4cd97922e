"""The Reps page's records: the leaderboard with its changes gated, and one rep's view with tiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from winloss import text
from winloss.filters import Filters
from winloss.measures.at_risk import at_risk_open_deals
from winloss.measures.behind import deals_behind
from winloss.measures.counting import CLOSE_MONTH
from winloss.measures.no_decision import loss_reasons
from winloss.measures.reps import rep_leaderboard, rep_scorecard
from winloss.measures.trends import deltas, quarterly_trend
from winloss.rates import MIN_N
from winloss.views.common import Tile, as_text, closed_by, compared_quarter, denominator

ND_SHARE = "no_decision_share_of_losses"


def leaderboard(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date) -> pl.DataFrame:
    """rep_leaderboard plus each rate's change on the previous quarter, with whether it may be shown.

    qoq_small_n: the win rate's n is under MIN_N in either quarter; nd_qoq_small_n: the losses
    (lost + no decision) are, in either quarter.
    """
    d = denominator(filters)
    fy = filters.fy_start_month
    quarter = compared_quarter(deals, start, end, fy)
    board = rep_leaderboard(deals, start, end, d, fy, quarter=quarter)
    change = deltas(closed_by(deals, end), quarter, end=end, fy_start_month=fy, by=["rep"], denominator=d)
    return as_text(board.join(
        change.select(
            "rep",
            "no_decision_share_of_losses_qoq",
            (pl.col("small_n") | pl.col("small_n_previous")).alias("qoq_small_n"),
            (pl.col("no_decision_small_n") | pl.col("no_decision_small_n_previous")).alias("nd_qoq_small_n"),
        ),
        on="rep",
        how="left",
        maintain_order="left",
    ))


def rates_as_shown(board: pl.DataFrame) -> pl.DataFrame:
    """A leaderboard's rates as a table shows them, in percent: each blank below MIN_N of its own n.

    win_rate on n; no_decision_share_of_losses on nd_n (lost + no decision, added); the changes
    (when present) win_rate_qoq on the win rate's n in both quarters, nd_qoq on the losses in both.
    A blank is shown with its n beside it, never a bare percentage on a handful of deals.
    """
    nd_n = pl.col("no_decision_share_of_losses_n")
    columns = [
        pl.when(pl.col("small_n")).then(None).otherwise(pl.col("win_rate") * 100).alias("win_rate"),
        nd_n.alias("nd_n"),
        pl.when(nd_n < MIN_N).then(None).otherwise(pl.col(ND_SHARE) * 100).alias(ND_SHARE),
    ]
    if "qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("qoq_small_n").fill_null(True)).then(None)
                       .otherwise(pl.col("win_rate_qoq") * 100).alias("win_rate_qoq"))
    if "nd_qoq_small_n" in board.columns:
        columns.append(pl.when(pl.col("nd_qoq_small_n").fill_null(True)).then(None)
                       .otherwise(pl.col("no_decision_share_of_losses_qoq") * 100).alias("nd_qoq"))
    return board.with_columns(columns)


@dataclass(frozen=True)
class RepView:
    rep: str
    profile: str | None
    team: str | None
    manager: str | None
    scorecard: pl.DataFrame
    trend: pl.DataFrame
    team_trend: pl.DataFrame
    reasons: pl.DataFrame
    deals: pl.DataFrame  # closed in range + open by `end`, latest close first
    at_risk: pl.DataFrame
    tiles: tuple[Tile, ...]  # win rate and no decision ÷ losses against peers, closed deals, won value
    team_value_share: Tile  # the value tile when amounts are hidden


def rep(deals: pl.LazyFrame, name: str, filters: Filters, start: dt.date, end: dt.date, as_of: dt.date,
        currency: str = text.DEFAULT_CURRENCY) -> RepView | None:
    """One rep's view, or None when the rep has no deals under these filters; amounts in `currency`."""
    d = denominator(filters)
    fy = filters.fy_start_month
    # The rep's and the team's deals are read out once; every query below then runs on a few
    # thousand rows instead of filtering the million again.
    mine = deals.filter(pl.col("rep") == name).collect()
    if mine.height == 0:
        return None
    profile = mine["seller_profile"][0]
    teams = mine["team"].drop_nulls()
    team = teams[0] if teams.len() else None
    managers = mine["manager"].drop_nulls()
    # Lazy: the team trend reads the few columns it needs, not every column of the team's deals.
    team_deals = deals.filter(pl.col("team") == team) if team else mine.lazy()
    # The scorecard compares with the rep's profile and team only: hand it just those deals.
    # A rep with no team compares with their profile only (a null team matches nobody).
    same_team = (pl.col("team") == team).fill_null(False) if team is not None else pl.lit(False)
    compared = deals.filter((pl.col("seller_profile") == profile) | same_team)
    scorecard = rep_scorecard(compared, name, start, end, d)
    tiles, share = _tiles(scorecard, currency)
    return as_text(RepView(
        rep=name,
        profile=profile,
        team=team,
        manager=managers[0] if managers.len() else None,
        scorecard=scorecard,
        trend=quarterly_trend(mine, start, end, fy, denominator=d),
        team_trend=quarterly_trend(team_deals, start, end, fy, denominator=d),
        reasons=loss_reasons(mine, start, end),
        deals=deals_behind(mine, start, end).drop(CLOSE_MONTH, strict=False),  # a column of the coded deals only
        # The "usually takes" threshold comes from every won deal, not the rep's own few.
        at_risk=at_risk_open_deals(mine, as_of, threshold_from=deals),
        tiles=tiles,
        team_value_share=share,
    ))


def _tiles(card: pl.DataFrame, currency: str) -> tuple[tuple[Tile, ...], Tile]:
    rows = {r["comparison"]: r for r in card.iter_rows(named=True)}
    me, peers, team = rows["rep"], rows["profile_peers"], rows["team"]
    losses = me["no_decision_share_of_losses_n"]
    nd_small = bool(me["no_decision_small_n"]) if "no_decision_small_n" in me else losses < MIN_N

    def versus(column: str, small: bool) -> str | None:
        if me[column] is None or peers[column] is None or small:
            return None
        return text.points(me[column] - peers[column])

    win_change = versus("win_rate", bool(me["small_n"]))
    nd_change = versus(ND_SHARE, nd_small)
    tiles = (
        Tile("Win rate", text.rate(me["win_rate"], me["n"], bool(me["small_n"])), n=me["n"], small=bool(me["small_n"]),
             change=win_change, versus="vs peers" if win_change else None),
        Tile(text.ND_SHARE_OF_LOSSES, text.rate(me[ND_SHARE], losses, nd_small), n=losses, small=nd_small,
             change=nd_change, versus="vs peers" if nd_change else None, bad_when_up=True),
        Tile("Closed deals", text.count(me["closed"])),
        Tile("Won value", text.money(me["won_amount"], currency)),
    )
    share = me["won_amount"] / team["won_amount"] if team["won_amount"] else None
    return tiles, Tile("Share of team's won value", text.percent(share))
