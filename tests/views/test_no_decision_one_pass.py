"""The No decision view collects its passes over the deals at once and adds up its six breakdowns'
rates in one go (winloss.measures.summary.summaries_by): every frame, tile and number it gives must be
what the measures give one at a time, the way the view computed them before, down to small-n groups,
filters that leave a region with a few deals, ranges with no closed deal and no deals at all."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sample_data.generator import sample_opportunities, sample_roster
from data_models.vocabulary import UNPROFILED, canonical_profile
from winloss import employment, periods
from winloss.profile_sources import with_rep_profiles_shown
from winloss.rates import ranked
from winloss.deals import coded_deals
from winloss.filters import Filters, applied, size_cut_points, with_size_band
from winloss.measures.at_risk import at_risk_open_deals, none_at_risk, won_days_histogram
from winloss.measures.counting import close_quarter_index, undated_open_count
from winloss.measures.no_decision import cycle_days_by_outcome, loss_reasons
from winloss.measures.summary import closed_counts, summaries_by, summary_by
from winloss.measures.trends import every_quarter
from winloss.views import no_decision as view
from winloss.views.common import GRAIN, as_text, closed_by, compared_quarter, named_quarters, profile_sorted

START, END, AS_OF = dt.date(2025, 10, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 1)


def one_at_a_time(deals: pl.LazyFrame, filters: Filters, start: dt.date, end: dt.date,
                  as_of: dt.date) -> view.NoDecision:
    """The view as it was computed before: each measure its own pass over the deals, each breakdown's
    rates on their own."""
    d = view.denominator(filters)
    fy = filters.fy_start_month
    quarter_expr = close_quarter_index(deals, fy).alias("_quarter")
    in_range = closed_counts(deals, [*GRAIN, quarter_expr], start, end)
    trend = (
        summary_by(in_range, ["_quarter"], d.outcomes)
        .filter(pl.col("_quarter").is_not_null())
        .sort("_quarter")
        .with_columns(periods.label_from_index_expr("_quarter", fy).alias("quarter"))
    )
    # Every quarter of the range to the day its figures know, one no deal closed in with nothing counted
    # (measures.trends.every_quarter, tested on its own).
    trend = every_quarter(trend, start, periods.known_day(end, as_of) or end, fy, index="_quarter")
    by_rep = (
        summary_by(in_range, ["rep", "seller_profile"], d.outcomes)
        .filter(pl.col("no_decision_share_of_losses_n") > 0)
    )
    # In the one order of every ranking (rates.ranked, tested on its own): a withheld share never orders its reps.
    by_rep = ranked(by_rep, view.ND_SHARE, f"{view.ND_SHARE}_n", "no_decision_small_n", ties=["no_decision"])
    # Each rep marked when they left or are leaving (winloss.employment), as every list of reps.
    by_rep = employment.with_rep_marks(by_rep.with_columns(pl.col("rep").cast(pl.String)), deals)
    # And each rep's profile as shown, with where it came from (winloss.profile_sources), as every list of reps.
    by_rep = with_rep_profiles_shown(by_rep, deals)
    at_risk = at_risk_open_deals(deals, as_of, created_by=end)
    overall = summary_by(in_range, [], d.outcomes)
    by_region = summary_by(in_range, ["region"], d.outcomes).sort("region", nulls_last=True)
    by_segment = summary_by(in_range, ["segment"], d.outcomes).sort("segment", nulls_last=True)
    quarter = compared_quarter(deals, start, end, fy, as_of)
    # The quarter and the one before as the Overview compares them (periods.comparison_windows): each
    # window its own pass, stopped at the range's end and started at its start.
    windows = None if quarter is None else periods.comparison_windows(quarter, as_of, fy, end, start)[:2]
    counted = [summary_by(closed_counts(closed_by(deals, end), [], *w.bounds), [], d.outcomes) for w in windows or ()]
    compared = view.compared_rows(windows, counted)
    tiles, share_tile, share_text, previous = view._tiles(overall, compared, "USD")
    trend = named_quarters(trend, as_of, fy, end, start)
    blank = tuple(name for name, frame in (("region", by_region), ("segment", by_segment))
                  if frame.height == 0 or frame[name].is_null().all())
    single = tuple((name, str(frame[name][0])) for name, frame in (("region", by_region), ("segment", by_segment))
                   if name not in blank and frame.height == 1)
    return as_text(view.NoDecision(
        overall=overall, trend=trend,
        by_profile=profile_sorted(summary_by(in_range, ["seller_profile"], d.outcomes)),
        by_region=by_region, by_segment=by_segment, by_rep=by_rep,
        reasons=loss_reasons(deals, start, end, reporting_currency="USD"), cycle=cycle_days_by_outcome(deals, start, end),
        at_risk=at_risk, at_risk_count=at_risk.height, none_at_risk=none_at_risk(won_days_histogram(deals).collect()),
        undated_open=undated_open_count(deals),
        quarter=compared.quarter, previous=previous, tiles=tiles,
        lost_value_share=share_tile, lost_value_share_text=share_text, blank_dimensions=blank,
        single_dimensions=single,
    ))


def assert_same(expected, got, path: str = "view") -> None:
    if isinstance(expected, pl.DataFrame):
        try:
            assert_frame_equal(expected, got)  # row order included: the view sorts every frame
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from None
    elif dataclasses.is_dataclass(expected):
        for field in dataclasses.fields(expected):
            assert_same(getattr(expected, field.name), getattr(got, field.name), f"{path}.{field.name}")
    else:
        assert expected == got, path


@pytest.fixture(scope="module")
def deals() -> pl.DataFrame:
    """2,000 invented deals of 9 reps (a few with small n in any quarter), one rep left off the roster."""
    roster = sample_roster(9, 4).select(
        pl.col("Rep Name").alias("rep"),
        pl.col("Seller Profile").map_elements(canonical_profile, return_dtype=pl.String).alias("seller_profile"),
        pl.col("Team").alias("team"),
        pl.col("Manager").alias("manager"),
    ).head(8)
    frame = (
        sample_opportunities(2000, seed=4, n_reps=9)
        .join(roster, on="rep", how="left")
        .with_columns(pl.col("seller_profile").fill_null(UNPROFILED))
    )
    return with_size_band(frame.lazy(), size_cut_points(frame.lazy())).collect()


CASES = {
    "all": (Filters(), START, END),
    "one region": (Filters().with_values("region", ["APAC"]), START, END),
    "one profile, small n": (Filters().with_values("profile", ["Lone Wolf"]), dt.date(2026, 9, 1), END),
    "excluding no decision": (Filters(denominator="excluding_no_decision"), START, END),
    "a quarter cut in two": (Filters(), dt.date(2026, 2, 14), dt.date(2026, 5, 3)),
    # The range's last quarter has no closed deal: the tiles compare the one before it, counted after the pass.
    "last quarter without a close": (Filters(), dt.date(2026, 1, 1), dt.date(2031, 3, 31)),
    "july year": (Filters(fy_start_month=7), START, END),
    "no closed deal in range": (Filters(), dt.date(2031, 1, 1), dt.date(2031, 3, 31)),
    "no deals at all": (Filters().with_values("region", ["Atlantis"]), START, END),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("coded", [False, True], ids=["text", "coded"])
def test_the_view_in_one_pass_gives_what_the_measures_give_one_at_a_time(deals, case, coded) -> None:
    filters, start, end = CASES[case]
    frame = coded_deals(deals) if coded else deals
    lazy = applied(frame.lazy(), filters)
    expected = one_at_a_time(lazy, filters, start, end, AS_OF)
    got = view.no_decision(lazy, filters, start, end, AS_OF)
    assert_same(expected, got)
    if case == "one profile, small n":  # the case is what it says: some rep's share is on too few deals
        assert got.by_rep["no_decision_small_n"].any()
    if case.startswith("no "):
        assert got.empty


def test_summaries_by_are_each_summary_by(deals) -> None:
    grain = closed_counts(deals.lazy(), [*GRAIN, close_quarter_index(deals.lazy(), 1).alias("_quarter")], START, END)
    nothing = grain.clear()
    asked = [(grain, ["_quarter"]), (grain, ["rep", "seller_profile"]), (grain, []), (nothing, ["region"]),
             (nothing, []), (grain.filter(pl.col("rep") == grain["rep"][0]), ["segment"])]
    for outcomes in (("won", "lost", "no_decision"), ("won", "lost")):
        for (summary, by), got in zip(asked, summaries_by(asked, outcomes, min_n=7), strict=True):
            expected = summary_by(summary, by, outcomes, min_n=7)
            assert_frame_equal(got, expected, check_row_order=False)
