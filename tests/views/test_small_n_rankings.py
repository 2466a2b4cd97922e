"""A ranking of reps never orders the reps whose rate it withholds by that rate (rates.ranked): they come
after the others by n, then name; and a ranking with no rate shown says that none is ranked
(rates.none_ranked, text.unranked_title), on the No decision page and the Reps page alike."""

from __future__ import annotations

import datetime as dt

import polars as pl

from winloss import text
from winloss.filters import Filters, applied
from winloss.rates import MIN_N, none_ranked, ranked
from winloss.views import no_decision, reps

Q3_START, Q3_END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
Q3 = Filters(preset="custom", start=Q3_START, end=Q3_END)


def test_withheld_rows_follow_the_shown_ones_by_n_then_name_never_by_their_rate() -> None:
    frame = pl.DataFrame({
        "rep": ["Zoe", "Amy", "Ben", "Cy", "Dee"],
        "rate": [1.0, 0.0, 0.5, 0.4, 0.6],
        "count": [2, 0, 5, 12, 18],  # what the rate is made of: no order of the withheld by it either
        "n": [2, 9, 9, 30, 25],
        "small": [True, True, True, False, False],
    })
    order = ranked(frame, "rate", "n", "small", ties=["count"])["rep"].to_list()
    # Dee and Cy shown, highest first; then Amy and Ben (9 each, by name) and Zoe (2): Zoe's 100% is no rank.
    assert order == ["Dee", "Cy", "Amy", "Ben", "Zoe"]
    assert none_ranked([True, None]) and not none_ranked([True, False]) and not none_ranked([])


def test_the_no_decision_reps_chart_of_withheld_shares_is_no_ranking(frame) -> None:
    """The review's Falcons in the last quarter: every rep hatched, Zoe Park (n = 2, 100%) listed first under
    "The 10 reps losing the largest share" and a caption saying hatched reps are "listed last". In Q3 Ann lost
    3 (1 to no decision: 33%), Bo 10 (none: 0%): Bo, of more losses, comes first, and the title ranks none."""
    view = no_decision.no_decision(applied(frame.lazy(), Q3), Q3, Q3_START, Q3_END, as_of=Q3_END)
    assert view.by_rep["rep"].to_list() == ["Bo", "Ann"]
    said = no_decision.captions(view, Q3_START, Q3.fy_start_month)
    assert said.reps_title == f"No rep has {MIN_N} losses in this range: none is ranked"
    assert "listed after the others by n, then name" in said.reps and "listed last" not in said.reps


def test_the_win_rate_by_rep_chart_of_withheld_rates_is_no_ranking(frame) -> None:
    """Ann's 5 deals of Q3 (2 won: 40%) and 8 of Bo's lost ones (0%): both withheld, Bo of more deals first."""
    q3 = frame.filter(pl.col("close_date") >= Q3_START)
    few = pl.concat([q3.filter(pl.col("rep") == "Ann"),
                     q3.filter((pl.col("rep") == "Bo") & (pl.col("outcome") == "lost")).head(8)])
    board = reps.leaderboard(applied(few.lazy(), Q3), Q3, Q3_START, Q3_END, as_of=Q3_END)
    assert board["rep"].to_list() == ["Bo", "Ann"]
    said = reps.leaderboard_captions(board, Q3)
    assert said.chart_title == text.unranked_title(text.N_CLOSED)
    assert text.WITHHELD_ORDER in said.chart
    # With Bo's 30 deals his rate is shown: the chart is a ranking again.
    ranked_board = reps.leaderboard(applied(q3.lazy(), Q3), Q3, Q3_START, Q3_END, as_of=Q3_END)
    assert ranked_board["rep"].to_list() == ["Bo", "Ann"]
    assert reps.leaderboard_captions(ranked_board, Q3).chart_title == "Win rate by rep, with 95% intervals"
