"""The Reps leaderboard, a rep's trend and the No decision page follow the Overview's one rule for a
quarter not over on the data's day (periods.comparison_windows): named "to date", and its changes
against the quarter before cut to the same day, never against a whole quarter; once it is over,
whole quarters.

Hand-built deals whose numbers are worked out here, one rep (Ann), every deal worth 100. The data
describes 1 Dec 2026: 2026 Q4 has run 62 days, so "2026 Q3 to the same day" is 1 Jul - 31 Aug.
  2026 Q3, 15 Jul (in its first 62 days): 10 won, 10 lost, 10 no decision (30 closed)
  2026 Q3, 15 Sep (after them):           30 won, 10 lost                 (40 closed)
  2026 Q4, 20 Oct:                        12 won,  5 lost, 15 no decision (32 closed)
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.filters import Filters, applied
from winloss.views import no_decision, reps

AS_OF = date(2026, 12, 1)
OVER = date(2027, 1, 2)  # the same deals described once 2026 Q4 is over
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
EVERYTHING = Filters(preset="custom", start=date(2026, 1, 1), end=date(2026, 12, 31))


def closed(prefix: str, close: date, **outcomes: int) -> list[dict]:
    """Deals of Ann closed on `close`, so many of each outcome, each created 30 days before."""
    kinds = [o for o, count in outcomes.items() for _ in range(count)]
    return [{
        "opportunity_id": f"{prefix}{i}", "rep": "Ann", "stage": o, "outcome": o,
        "created_date": close - timedelta(days=30), "close_date": close, "amount": 100.0, "currency": "USD",
        "probability": None, "loss_reason": "Went quiet" if o != "won" else None, "account": f"Account {prefix}{i}",
        "segment": None, "region": None, "product": None, "competitor": None,
        "seller_profile": "Challenger", "team": "East", "manager": "Eve",
    } for i, o in enumerate(kinds)]


@pytest.fixture
def deals() -> pl.LazyFrame:
    rows = [*closed("E", date(2026, 7, 15), won=10, lost=10, no_decision=10),
            *closed("L", date(2026, 9, 15), won=30, lost=10),
            *closed("Q", date(2026, 10, 20), won=12, lost=5, no_decision=15)]
    return applied(pl.DataFrame(rows, schema=SCHEMA).lazy(), EVERYTHING)


def board(deals: pl.LazyFrame, as_of: date) -> dict:
    return reps.leaderboard(deals, EVERYTHING, EVERYTHING.start, EVERYTHING.end, as_of).row(0, named=True)


# ---------------------------------------------------------------------------------------------
# The leaderboard


def test_the_leaderboard_compares_the_quarter_in_progress_with_the_one_before_to_the_same_day(deals) -> None:
    ann = board(deals, AS_OF)
    assert (ann["quarter"], ann["previous_quarter"]) == ("2026 Q4 to date", "2026 Q3 to the same day")
    # Win rate 12/32 against Q3's first 62 days' 10/30 (not its whole 40/70: -19.6 points).
    assert ann["win_rate_qoq"] == pytest.approx(12 / 32 - 10 / 30)
    assert (ann["quarter_n"], ann["previous_quarter_n"]) == (32, 30)
    # No decision ÷ losses 15/20 against 10/20 (not the whole quarter's 10/30).
    assert ann["no_decision_share_of_losses_qoq"] == pytest.approx(15 / 20 - 10 / 20)
    said = reps.leaderboard_captions(reps.leaderboard(deals, EVERYTHING, EVERYTHING.start, EVERYTHING.end, AS_OF),
                                     EVERYTHING).board
    assert "Δ: change in points, 2026 Q4 to date vs Q3 to the same day" in said
    helps = reps.rate_column_help(ann["quarter"], ann["previous_quarter"])
    assert "Win rate, 2026 Q4 to date vs Q3 to the same day, in percentage points" in helps["win_rate_qoq"]


def test_the_leaderboard_compares_whole_quarters_once_the_quarter_is_over(deals) -> None:
    ann = board(deals, OVER)
    assert (ann["quarter"], ann["previous_quarter"]) == ("2026 Q4", "2026 Q3")
    assert ann["win_rate_qoq"] == pytest.approx(12 / 32 - 40 / 70)
    assert ann["no_decision_share_of_losses_qoq"] == pytest.approx(15 / 20 - 10 / 30)


def test_a_reps_trend_names_the_quarter_in_progress_to_date(deals) -> None:
    # A teammate's deals in both quarters: a team of Ann alone has no team trend to name (the benchmark rule).
    bob = [{**row, "rep": "Bob", "opportunity_id": f"B{row['opportunity_id']}"}
           for row in (*closed("E", date(2026, 7, 15), won=5, lost=5), *closed("Q", date(2026, 10, 20), won=5, lost=5))]
    deals = pl.concat([deals, applied(pl.DataFrame(bob, schema=SCHEMA).lazy(), EVERYTHING)])
    ann = reps.rep(deals, "Ann", EVERYTHING, EVERYTHING.start, EVERYTHING.end, AS_OF)
    assert ann is not None
    # Every quarter of the range (measures.trends.every_quarter): Q1 and Q2, in which Ann closed nothing, too.
    assert ann.trend["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4 to date"]
    assert ann.team_trend["quarter"].to_list() == ["2026 Q3", "2026 Q4 to date"]
    over = reps.rep(deals, "Ann", EVERYTHING, EVERYTHING.start, EVERYTHING.end, OVER)
    assert over is not None and over.trend["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]


# ---------------------------------------------------------------------------------------------
# The No decision page


def figures_of(deals: pl.LazyFrame, as_of: date) -> no_decision.NoDecision:
    """The No decision page's records; tiles[0] is no decision ÷ closed, tiles[1] ÷ losses."""
    return no_decision.no_decision(deals, EVERYTHING, EVERYTHING.start, EVERYTHING.end, as_of)


def test_the_no_decision_tiles_compare_the_quarter_in_progress_to_the_same_day(deals) -> None:
    figures = figures_of(deals, AS_OF)
    versus = "2026 Q4 to date vs Q3 to the same day"
    # No decision ÷ closed: 15/32 (46.9%) against 10/30 (33.3%), +14 points; not the whole Q3's 10/70 (+33).
    assert (figures.tiles[0].change, figures.tiles[0].versus) == ("+14 pts", versus)
    # No decision ÷ losses: 15/20 against 10/20, +25 points; not the whole Q3's 10/30 (+42).
    assert (figures.tiles[1].change, figures.tiles[1].versus) == ("+25 pts", versus)
    assert (figures.quarter, figures.previous) == ("2026 Q4 to date", "2026 Q3 to the same day")
    said = no_decision.captions(figures, EVERYTHING.start, 1).definitions
    assert "2026 Q4 to date, the last quarter in range with closed deals, against 2026 Q3 to the same day" in said
    # The trend's axis names it so (its quarter before the range, for the change, is 2025 Q4).
    assert figures.in_range(EVERYTHING.start, 1)["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4 to date"]


def test_the_no_decision_tiles_compare_whole_quarters_once_the_quarter_is_over(deals) -> None:
    figures = figures_of(deals, OVER)
    assert (figures.tiles[0].change, figures.tiles[0].versus) == ("+33 pts", "2026 Q4 vs Q3")
    assert (figures.tiles[1].change, figures.tiles[1].versus) == ("+42 pts", "2026 Q4 vs Q3")
    assert (figures.quarter, figures.previous) == ("2026 Q4", "2026 Q3")
    assert figures.in_range(EVERYTHING.start, 1)["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
