"""A tile's change names the two values it compares: the Overview's Win rate tile over "All time" read "35%
n = 748" beside "-8 pts 2026 Q4 to date vs Q3 to the same day", the two quarters' rates nowhere on it, so
the -8 could not be checked. Every quarter's change now says them: "31% vs 39%, 2026 Q4 to date vs Q3 to
the same day"; counts and amounts likewise. Worked out by hand from tests/views/test_quarter_to_date.py's
deals: 2026 Q4 to 1 Dec 28 closed (22 won), Q3 to the same day 25 (20 won); Q3 whole 50 (40 won)."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.views.test_quarter_to_date import AS_OF, EVERYTHING, closed, frame, partial_year
from winloss.filters import applied
from winloss.views import no_decision, overview
from winloss.views.common import Tile, compared_values

VERSUS = "2026 Q4 to date vs Q3 to the same day"


def test_the_overviews_changes_give_the_two_values_they_compare() -> None:
    view = overview.overview(applied(partial_year().lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start,
                             EVERYTHING.end, as_of=AS_OF)
    win = view.rates[0]
    # The range's rate is 62 won of 78 (79%); the change compares 22/28 (79%) with 20/25 (80%).
    assert (win.text, win.change) == ("79%", "-1 pt")
    assert win.change_words == f"79% vs 80%, {VERSUS}"
    closed_tile, value_tile = view.volumes
    assert closed_tile.change_words == f"28 vs 25, {VERSUS}"
    assert value_tile.change_words == f"$2.2k vs $2k, {VERSUS}"
    # An index names its base, no values: they are the index itself.
    assert view.value_index.change_words == "2026 Q4 to date; Q3 to the same day = 100"


def test_a_withheld_change_names_no_values() -> None:
    """Q4 to date 3 closed deals: every rate's change withheld, said why; no values under a change not shown."""
    deals = frame(closed("E", date(2026, 7, 15), 20, 5), closed("Q", date(2026, 10, 20), 2, 1))
    view = overview.overview(applied(deals.lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start, EVERYTHING.end,
                             as_of=AS_OF)
    win = view.rates[0]
    assert win.change is None and win.values is None and win.change_words is None and win.withheld


def test_the_no_decision_pages_changes_give_them_too() -> None:
    # One of Q3's early lost deals and two of Q4's ended in no decision.
    deals = partial_year().with_columns(
        outcome=pl.when(pl.col("opportunity_id").is_in(["E20", "Q22", "Q23"])).then(pl.lit("no_decision"))
        .otherwise(pl.col("outcome")))
    page = no_decision.no_decision(applied(deals.lazy(), EVERYTHING), EVERYTHING, EVERYTHING.start, EVERYTHING.end,
                                   as_of=AS_OF)
    count = next(t for t in page.tiles if t.label == "No-decision deals in range")
    assert count.change_words == f"2 vs 1, {VERSUS}"


def test_values_too_long_to_sit_beside_each_other_are_left_out() -> None:
    assert compared_values("31%", "39%") == "31% vs 39%"
    assert compared_values("CHF 1.25M", "CHF 990k") is None
    assert Tile("t", "1", change="+1", versus="Q3 vs Q2").change_words == "Q3 vs Q2"
