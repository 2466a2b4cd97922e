"""Every difference a tile shows (a change on last quarter, a rep against peers) is gated on both sides'
n by one rule (rates.CHANGE_N, rates.change_min_n, rates.small_sides): a rate's on MIN_N, a count's or an
amount's only on having some, and a withheld one says why, on every page alike."""

from __future__ import annotations

import datetime as dt

import polars as pl

from winloss.filters import Filters, applied
from winloss.views import no_decision, overview, reps
from winloss.views.review import change_lines, headline_tiles, quarterly_review

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)
EMEA = ALL.with_values("region", ["EMEA"])


def of(frame: pl.DataFrame, filters: Filters) -> pl.LazyFrame:
    return applied(frame.lazy(), filters)


def review_tile(deals: pl.LazyFrame, kpi: str):
    review = quarterly_review(deals, "2026 Q3", END)
    return review, next(t for t in headline_tiles(review) if t.kpi == kpi)


def test_a_rep_is_not_compared_with_peers_whose_n_is_too_small(frame) -> None:
    """The tester's page: "48% n = 21, +17 pts vs peers" above "peers' win rate n too small (n = 13)"."""
    # Bo keeps 21 deals, Ann (his only peer: both Unprofiled) 13: Bo's rate stands, the peers' does not.
    bo = frame.filter(pl.col("rep") == "Bo").sort("opportunity_id").head(21)
    ann = frame.filter(pl.col("rep") == "Ann").sort("opportunity_id").head(13)
    view = reps.rep(of(pl.concat([bo, ann]), ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    win = view.tiles[0]
    assert win.small is False and win.text != "n too small"
    assert win.change is None and win.versus is None
    assert win.withheld == "vs peers: peers n too small (13 deals)"
    # The same rule holds the other way round: the rep's own n too small, the peers' large enough.
    small = reps.rep(of(pl.concat([bo.head(12), frame.filter(pl.col("rep") == "Ann")]), ALL), "Bo", ALL, START, END,
                     as_of=END)
    assert small is not None and small.tiles[0].change is None
    assert small.tiles[0].withheld == "vs peers: rep n too small (12 deals)"


def test_a_rep_is_compared_with_peers_when_both_sides_reach_min_n(frame) -> None:
    view = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    win = view.tiles[0]
    assert (win.change, win.versus, win.withheld) == ("+18 pts", "vs peers", None)


def test_the_overview_and_the_review_show_a_won_value_change_on_few_won_deals_alike(frame) -> None:
    """A won value is a sum, not an estimate: its change is shown on 15 won deals in Q2 (it was withheld,
    "Q2 n too small (15 won deals)"), on the Overview and the review alike. Bo (EMEA) closed 30 deals in
    each quarter and won 15 in Q2, 20 in Q3."""
    deals = of(frame, EMEA)
    value = overview.overview(deals, EMEA, START, END).volumes[1]
    review, tile = review_tile(deals, "won_amount")
    assert value.withheld is None and tile.change_withheld is None
    assert value.change is not None and value.change.startswith(tile.change.split(" ")[0])
    qoq, _ = change_lines(tile, review.previous, review.last_year)
    assert qoq == f"{tile.change} vs 2026 Q2"


def test_the_overview_and_the_review_both_show_a_won_value_change_on_enough_won_deals(frame) -> None:
    # Five more won deals in Bo's Q2: 20 won in each quarter, and both pages show the change.
    extra = (frame.filter((pl.col("rep") == "Bo") & (pl.col("outcome") == "won") & (pl.col("close_date") < dt.date(2026, 7, 1)))
             .head(5).with_columns(pl.format("X{}", pl.col("opportunity_id")).alias("opportunity_id")))
    deals = of(pl.concat([frame, extra]), EMEA)
    value = overview.overview(deals, EMEA, START, END).volumes[1]
    _, tile = review_tile(deals, "won_amount")
    assert (value.change, value.withheld) == ("±$0 (±0%)", None)
    assert (tile.change, tile.change_withheld) == ("±$0 (±0%)", None)


def test_the_no_decision_pages_count_and_value_changes_are_shown_on_few_deals_and_its_rates_gated(frame) -> None:
    """The review's No decision page: "No-decision deals in range 25" withheld its change, "Q2 to the same day
    n too small (11 deals…)": a count, not a rate. Ann's no-decision deals: 5 in Q2, 1 in Q3 (55 and 35 closed
    deals in all): the count's and the value's changes are shown, the share of losses' withheld."""
    view = no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END)
    share, count, worth = view.tiles[1], view.tiles[2], view.tiles[3]
    assert (count.change, count.withheld) == ("-4", None)
    assert worth.change is not None and worth.withheld is None
    assert share.change is None and "n too small" in share.withheld


def test_the_closed_deals_count_change_is_still_gated_on_the_closed_deals(frame) -> None:
    # 35 and 55 closed deals: the Overview's count of closed deals shows its change.
    closed = overview.overview(of(frame, ALL), ALL, START, END).volumes[0]
    assert (closed.change, closed.withheld) == ("-20", None)


def test_a_change_with_nothing_on_a_side_says_so_plainly_and_names_what_its_n_counts(frame) -> None:
    """With no amounts at all, the value-weighted win rate has no deal in its n in either quarter: the
    tile said "Q3 and Q2 n too small (no and no deals)" where it means "no deals with a value"."""
    deals = of(frame.with_columns(pl.lit(None, dtype=pl.Float64).alias("amount")), ALL)
    by_value = overview.overview(deals, ALL, START, END).rates[1]
    assert by_value.change is None
    assert by_value.withheld == "2026 Q3 vs Q2: no deals with a value in Q3 or Q2"
    # Amounts in Q2 only: the empty side is named alone, the other side stands.
    q2_only = frame.with_columns(pl.when(pl.col("close_date") < dt.date(2026, 7, 1)).then(pl.col("amount")).alias("amount"))
    assert overview.overview(of(q2_only, ALL), ALL, START, END).rates[1].withheld == (
        "2026 Q3 vs Q2: no deals with a value in Q3")


def test_a_rep_with_no_losses_against_peers_says_so_plainly(frame) -> None:
    """A rep who lost nothing has no no-decision share to compare: "no losses for the rep", not "rep n
    too small (no losses)"."""
    bo = frame.filter((pl.col("rep") == "Bo") & (pl.col("outcome") == "won"))
    view = reps.rep(of(pl.concat([bo, frame.filter(pl.col("rep") != "Bo")]), ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    # Ann, his only peer, has 18 losses: each side says its own reason.
    assert view.tiles[1].withheld == "vs peers: no losses for the rep; peers n too small (18 losses)"
