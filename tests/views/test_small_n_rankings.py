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
    # Its file is named for what it is about, not for a ranking of its 2 reps.
    assert said.reps_subject == no_decision.REPS_CHART_SUBJECT and "largest" not in said.reps_subject


def test_the_no_decision_reps_chart_title_counts_only_the_reps_it_ranks(frame) -> None:
    """The title read "The 8 reps losing the largest share to no decision" over one rep's 39% and seven reps "n
    too small". In the whole range Bo lost 25 (a share shown), Ann 18 (withheld): one rep ranks nothing."""
    start = dt.date(2026, 4, 1)
    everything = Filters(preset="custom", start=start, end=Q3_END)
    view = no_decision.no_decision(applied(frame.lazy(), everything), everything, start, Q3_END, as_of=Q3_END)
    assert view.by_rep["rep"].to_list() == ["Bo", "Ann"] and view.by_rep["no_decision_small_n"].to_list() == [False, True]
    said = no_decision.captions(view, start, everything.fy_start_month, shown_reps=15)
    assert said.reps_title == f"Share lost to no decision: the one rep with {MIN_N} losses or more"
    assert "largest" not in said.reps_title and "largest" not in said.reps_subject
    assert "1 more rep is drawn hatched: too few losses to rank. 2 reps in all." in said.reps


def test_the_reps_chart_words_count_the_ranked_reps_and_say_the_withheld_apart() -> None:
    words = no_decision.reps_chart_words
    two_of_five = [False, False, True, True, True]
    ranking = words(two_of_five, 15)
    assert ranking.title == ranking.subject == "The 2 reps losing the largest share to no decision"
    assert ranking.unranked == "3 more reps are drawn hatched: too few losses to rank."
    assert words(two_of_five, 2).unranked == ""  # the chart draws the ranked reps alone
    assert words(two_of_five, 1).title == "The rep losing the largest share to no decision"  # the first of two
    one = words([False, *[True] * 7], 15)
    assert one.title == f"Share lost to no decision: the one rep with {MIN_N} losses or more"
    assert one.unranked == "7 more reps are drawn hatched: too few losses to rank."
    assert one.subject == no_decision.REPS_CHART_SUBJECT
    assert words([True, None], 15) == no_decision.RepsChartWords(text.unranked_title(text.LOSSES),
                                                                  no_decision.REPS_CHART_SUBJECT, "")
    assert words([], 15).title == text.NO_REP_LOST_TITLE
    # Fifteen drawn of seventeen ranked: every rep drawn ranked, none said apart.
    assert words([False] * 17, 15) == no_decision.RepsChartWords(
        "The 15 reps losing the largest share to no decision", "The 15 reps losing the largest share to no decision", "")


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
