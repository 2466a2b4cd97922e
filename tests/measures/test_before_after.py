"""The win rate of the reps a page lists before a day against from that day on: each side's n, the small-n rule
(a side under MIN_N deals is withheld, its change not shown) and the Seller profiles page's verdict."""

from __future__ import annotations

import datetime as dt

import polars as pl

from winloss.measures.before_after import before_after, before_after_sentence, days, linked_day_note
from winloss.measures.profiles import significance_words
from winloss.rates import MIN_N, two_proportion_z_test
from winloss.text import N_TOO_SMALL

START, DAY, END = dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 6, 30)


def deals(sides: dict[dt.date, tuple[int, int, int]]) -> pl.LazyFrame:
    """Closed deals of reps A, B and C: per close day, (won, lost, no decision), the reps in turn."""
    rows = []
    for close, (won, lost, no_decision) in sides.items():
        for outcome, count in (("won", won), ("lost", lost), ("no_decision", no_decision)):
            rows += [{"rep": "ABC"[i % 3], "outcome": outcome, "close_date": close} for i in range(count)]
    rows.append({"rep": "A", "outcome": "open", "close_date": None})
    return pl.DataFrame(rows, schema={"rep": pl.String, "outcome": pl.String, "close_date": pl.Date}).lazy()


def test_each_side_counts_its_own_deals_and_the_verdict_is_the_profiles_rule():
    figures = before_after(deals({dt.date(2026, 2, 10): (10, 25, 5), DAY: (30, 10, 0), dt.date(2026, 7, 1): (9, 0, 0)}),
                           DAY, START, END)
    assert figures is not None
    assert (figures.before.first, figures.before.last, figures.after.first, figures.after.last) == (
        START, dt.date(2026, 2, 28), DAY, END)
    assert (figures.before.won, figures.before.n, figures.after.won, figures.after.n) == (10, 40, 30, 40)
    assert figures.before.reps == figures.after.reps == 3
    _, p = two_proportion_z_test(30, 40, 10, 40)
    assert figures.p_value == p and figures.verdict == significance_words(p, 40, 40) == "likely real"
    assert figures.change == 0.5
    assert before_after_sentence(figures) == (
        "Win rate of the reps listed before 1 Mar 2026 (1 Jan 2026 – 28 Feb 2026): 25% (n = 40); "
        "from 1 Mar 2026 (to 30 Jun 2026): 75% (n = 40); +50 pts: likely real.")


def test_no_decision_left_out_of_the_rate_leaves_it_out_of_each_side():
    figures = before_after(deals({dt.date(2026, 2, 10): (10, 25, 5), DAY: (30, 10, 0)}), DAY, START, END,
                           "excluding_no_decision")
    assert figures is not None and (figures.before.n, figures.after.n) == (35, 40)


def test_a_side_under_min_n_is_withheld_and_gets_no_verdict():
    figures = before_after(deals({dt.date(2026, 2, 10): (10, 20, 0), DAY: (5, 2, 0)}), DAY, START, END)
    assert figures is not None and figures.after.n == 7 < MIN_N
    assert figures.verdict == N_TOO_SMALL and figures.change is None
    assert before_after_sentence(figures).endswith(
        "33% (n = 30); from 1 Mar 2026 (to 30 Jun 2026): n too small (n = 7); n too small.")


def test_a_side_with_no_deal_says_so_and_is_too_few():
    figures = before_after(deals({DAY: (30, 10, 0)}), DAY, START, END)
    assert figures is not None and figures.before.n == 0 and figures.verdict == N_TOO_SMALL
    assert "(1 Jan 2026 – 28 Feb 2026): no closed deals;" in before_after_sentence(figures)


def test_a_day_outside_the_range_compares_nothing():
    frame = deals({DAY: (30, 10, 0)})
    assert before_after(frame, START, START, END) is None  # no day before it in the range
    assert before_after(frame, END + dt.timedelta(days=1), START, END) is None
    assert before_after(frame, END, START, END) is not None


def test_the_readme_says_the_comparison_as_the_page_writes_it():
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    figures = before_after(deals({dt.date(2026, 2, 10): (5, 15, 0), DAY: (15, 5, 0)}), DAY, START, END)
    assert figures is not None
    assert f'"{before_after_sentence(figures, "the reps these filters choose")}"' in readme


def test_a_links_day_is_used_only_inside_the_days_the_range_splits_at():
    """The days a link may give are before_after's own: from the day after the range's first to its last."""
    assert days(START, END) == (dt.date(2026, 1, 2), END)
    for inside in ("2026-01-02", "2026-03-01", " 2026-06-30"):
        assert linked_day_note(inside, START, END) is None
        assert before_after(deals({DAY: (1, 1, 0)}), dt.date.fromisoformat(inside.strip()), START, END) is not None
    for outside in ("2026-01-01", "2026-07-01", "2025-03-01"):
        assert before_after(deals({DAY: (1, 1, 0)}), dt.date.fromisoformat(outside), START, END) is None
    assert linked_day_note("2026-07-01", START, END) == (
        "The link's day, 1 Jul 2026, is not inside the range: the win rates are split at a day from 2 Jan 2026 to "
        "30 Jun 2026, so no day is chosen.")
    assert linked_day_note("2026-01-01", START, END) == (
        "The link's day, 1 Jan 2026, is not inside the range: the win rates are split at a day from 2 Jan 2026 to "
        "30 Jun 2026, so no day is chosen.")


def test_a_links_day_that_is_no_date_is_one_sentence_quoting_it():
    said = linked_day_note("1st of March", START, END)
    assert said == "The link's day, '1st of March', is not a date written YYYY-MM-DD, so no day is chosen."
    assert said.count(". ") == 0 and said.endswith(".")
