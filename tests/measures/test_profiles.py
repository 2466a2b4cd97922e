"""Top performers' profile mix and profile significance, on deals built for each case."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from small_deals import Q1_2025, closed_rows, generated_deals, make_deals

from winloss.deals import coded_deals
from winloss.measures.profiles import (
    profile_reps,
    profile_significance,
    profile_significance_of_counts,
    top_performer_mix,
    verdict_on_bar,
)
from winloss.measures.summary import closed_counts


def test_top_performer_mix() -> None:
    profiles = {
        "R0": "Challenger",
        "R1": "Lone Wolf",
        "R2": "Challenger",
        "R3": "Hard Worker",
        "R4": "Relationship Builder",
        "R5": "Challenger",
        "R6": "Hard Worker",
        "R7": "Reactive Problem Solver",
        "R8": "Relationship Builder",
        "R9": "Lone Wolf",
        "R10": "Challenger",  # only 5 deals: left out
    }
    wins = [19, 18, 15, 12, 10, 9, 8, 6, 5, 3]  # of 20 each
    rows = [r for i, w in enumerate(wins) for r in closed_rows(f"R{i}", w, 20 - w)]
    rows += closed_rows("R10", 5, 0)  # 100% on 5 deals must not count
    reps = {rep: (p, None, None) for rep, p in profiles.items()}
    mix = top_performer_mix(make_deals(rows, reps), *Q1_2025, min_n=20, top_share=0.2)
    # Ten ranked, top 20% = 2 reps: R0 (Challenger, 95%) and R1 (Lone Wolf, 90%).
    assert (mix.ranked_reps, mix.top_reps, mix.left_out_reps) == (10, 2, 1)
    assert mix.cutoff_win_rate == pytest.approx(0.9)
    table = {r["seller_profile"]: r for r in mix.table.iter_rows(named=True)}
    assert table["Challenger"]["top_count"] == 1 and table["Challenger"]["top_share"] == 0.5
    assert table["Lone Wolf"]["top_share"] == 0.5
    # All ranked: Challenger R0 R2 R5 = 3 of 10; Hard Worker 2; Lone Wolf 2; RB 2; RPS 1.
    assert table["Challenger"]["all_count"] == 3
    assert table["Challenger"]["all_share"] == pytest.approx(0.3)
    assert sum(r["all_count"] for r in table.values()) == 10
    assert table["Challenger"]["study_top_share"] == pytest.approx(0.39)
    assert table["Unprofiled"]["study_all_share"] is None
    assert mix.table["seller_profile"].to_list()[-1] == "Unprofiled"


def test_top_performer_count_survives_floating_point() -> None:
    rows = [r for i in range(25) for r in closed_rows(f"S{i}", 10 + i % 7, 10)]
    # 0.28 * 25 is 7.000000000000001 in floating point; still seven reps, not eight.
    mix = top_performer_mix(make_deals(rows), *Q1_2025, min_n=20, top_share=0.28)
    assert mix.top_reps == 7


THREE_EACH = {rep: (profile, None, None) for profile, initial in (("Challenger", "C"), ("Hard Worker", "H"))
              for rep in (f"{initial}1", f"{initial}2", f"{initial}3")}


def three_reps(initial: str, won: int, lost: int) -> list[tuple]:
    """`won` and `lost` deals shared among three reps (initial + 1, 2, 3), the first taking what is left over."""
    return [row for i in (1, 2, 3)
            for row in closed_rows(f"{initial}{i}", won // 3 + (won % 3 if i == 1 else 0),
                                   lost // 3 + (lost % 3 if i == 1 else 0))]


def test_profile_significance_against_a_known_p_value() -> None:
    # Challenger 30/50 vs the rest (Hard Worker) 20/50: z = 2, p = 0.0455; three reps each, enough for a verdict.
    rows = three_reps("C", 30, 20) + three_reps("H", 20, 30)
    frame = profile_significance(make_deals(rows, THREE_EACH), *Q1_2025)
    challenger, hard_worker = frame.iter_rows(named=True)
    assert challenger["seller_profile"] == "Challenger"
    assert (challenger["n"], challenger["reps"], challenger["only_rep"]) == (50, 3, None)
    assert challenger["z"] == pytest.approx(2.0)
    assert challenger["p_value"] == pytest.approx(0.0455003, abs=1e-6)
    assert challenger["verdict"] == "likely real"
    assert challenger["difference"] == pytest.approx(0.2)
    assert hard_worker["z"] == pytest.approx(-2.0)
    # 27/50 vs 23/50: z = 0.8, p = 0.42 -> could be chance.
    rows = three_reps("C", 27, 23) + three_reps("H", 23, 27)
    frame = profile_significance(make_deals(rows, THREE_EACH), *Q1_2025)
    assert frame["verdict"].to_list() == ["could be chance", "could be chance"]
    frame = profile_significance(make_deals(rows, THREE_EACH), *Q1_2025, min_n=60)
    assert frame["verdict"].to_list() == ["n too small", "n too small"]


def test_a_profile_of_one_rep_measures_that_rep_and_of_two_is_too_few_for_a_verdict() -> None:
    # The same deals as a p of 0.0455, but every Challenger deal is one rep's, and Hard Worker's two reps':
    # the test over deals would say "likely real" of one rep's record.
    reps = {"Carlos Diaz": ("Challenger", None, None), "H1": ("Hard Worker", None, None),
            "H2": ("Hard Worker", None, None)}
    rows = closed_rows("Carlos Diaz", 30, 20) + closed_rows("H1", 10, 15) + closed_rows("H2", 10, 15)
    frame = profile_significance(make_deals(rows, reps), *Q1_2025)
    challenger, hard_worker = frame.iter_rows(named=True)
    assert challenger["p_value"] == pytest.approx(0.0455003, abs=1e-6)  # the test itself is as before
    assert (challenger["reps"], challenger["only_rep"]) == (1, "Carlos Diaz")
    assert challenger["verdict"] == "1 rep: this measures Carlos Diaz, not the profile"
    assert (hard_worker["reps"], hard_worker["only_rep"]) == (2, None)
    assert hard_worker["verdict"] == "2 reps: too few to tell a profile from its reps"
    # On their bars, in short: the bars' labels give their reps, the hover the verdict whole.
    assert [verdict_on_bar(r["verdict"], r["reps"], r["only_rep"], r["rest_reps"]) for r in (challenger, hard_worker)] == [
        "one rep's deals", "too few reps"]
    # Too few deals is said before too few reps.
    assert profile_significance(make_deals(rows, reps), *Q1_2025, min_n=60)["verdict"].to_list() == ["n too small"] * 2


def test_other_profiles_of_fewer_than_three_reps_give_no_verdict() -> None:
    # Challenger 30/50 over three reps against Hard Worker 20/50 over two (p = 0.0455): the Challengers are
    # measured against two people's record. Each side needs MIN_REPS reps; the profile's own is said first.
    reps = THREE_EACH | {"H1": ("Hard Worker", None, None), "H2": ("Hard Worker", None, None)}
    rows = three_reps("C", 30, 20) + closed_rows("H1", 10, 15) + closed_rows("H2", 10, 15)
    frame = profile_significance(make_deals(rows, {r: p for r, p in reps.items() if r != "H3"}), *Q1_2025)
    challenger, hard_worker = frame.iter_rows(named=True)
    assert challenger["p_value"] == pytest.approx(0.0455003, abs=1e-6)  # the test itself is as before
    assert (challenger["reps"], challenger["rest_reps"]) == (3, 2)
    assert challenger["verdict"] == "the other profiles are 2 reps: too few to compare the profile with"
    assert (hard_worker["reps"], hard_worker["rest_reps"]) == (2, 3)
    assert hard_worker["verdict"] == "2 reps: too few to tell a profile from its reps"
    assert verdict_on_bar(challenger["verdict"], challenger["reps"], None, challenger["rest_reps"]) == "too few other reps"
    assert verdict_on_bar("likely real", 3, None, 3) == "likely real"
    # One rep on the other side: "1 rep".
    one = profile_significance(make_deals(three_reps("C", 30, 20) + closed_rows("H1", 20, 30), THREE_EACH), *Q1_2025)
    assert one.row(0, named=True)["verdict"] == "the other profiles are 1 rep: too few to compare the profile with"
    # The other side's reps are counted across its profiles: two Hard Workers and a Lone Wolf are three reps.
    three = reps | {"L1": ("Lone Wolf", None, None)}
    rows = three_reps("C", 30, 20) + closed_rows("H1", 7, 10) + closed_rows("H2", 7, 10) + closed_rows("L1", 6, 10)
    challenger = profile_significance(make_deals(rows, three), *Q1_2025).row(0, named=True)
    assert (challenger["rest_n"], challenger["rest_reps"], challenger["verdict"]) == (50, 3, "likely real")


def test_the_reps_behind_the_other_profiles_are_counted_from_their_deals() -> None:
    # A rep whose deals name two profiles (a profile changed mid-range, say) is one rep on the other side,
    # not one per profile; the reps are counted in the rate's denominator only, as a profile's own are.
    reps = {"H1": ("Hard Worker", None, None), "L1": ("Lone Wolf", None, None), "C1": ("Challenger", None, None)}
    rows = closed_rows("C1", 5, 5) + closed_rows("H1", 5, 5) + closed_rows("L1", 5, 5)
    deals = make_deals(rows, reps).with_columns(
        pl.when(pl.col("opportunity_id") == "H1-0").then(pl.lit("Lone Wolf")).otherwise(pl.col("seller_profile"))
        .alias("seller_profile"))
    behind = {r["seller_profile"]: (r["reps"], r["rest_reps"]) for r in profile_reps(deals, *Q1_2025).iter_rows(named=True)}
    # Challenger's others: H1 (in two profiles) and L1, two reps; Lone Wolf's: C1 and H1; Hard Worker's: C1,
    # L1, and H1 by the deal that names Lone Wolf (the reps with a deal in rest_n).
    assert behind == {"Challenger": (1, 2), "Hard Worker": (1, 3), "Lone Wolf": (2, 2)}


def test_the_reps_behind_a_profile_count_only_deals_in_the_rates_denominator() -> None:
    # H2's only closed deals are no decisions: without them, Hard Worker's rate is H1's alone.
    reps = {"H1": ("Hard Worker", None, None), "H2": ("Hard Worker", None, None)}
    rows = closed_rows("H1", 5, 5) + [(f"H2-{i}", "H2", "no_decision", date(2025, 1, 1), date(2025, 2, 1), 10.0, None, None)
                                      for i in range(4)]
    deals = make_deals(rows, reps)
    assert profile_reps(deals, *Q1_2025)["reps"].to_list() == [2]
    only = profile_reps(deals, *Q1_2025, denominator="excluding_no_decision").row(0, named=True)
    assert (only["reps"], only["only_rep"]) == (1, "H1")


def test_profile_significance_on_the_small_fixture_is_n_too_small(deals: pl.LazyFrame) -> None:
    frame = profile_significance(deals, *Q1_2025)
    assert frame["seller_profile"].to_list() == ["Challenger", "Hard Worker"]
    assert set(frame["verdict"]) == {"n too small"}


@pytest.mark.parametrize("denominator", ["closed", "excluding_no_decision"])
@pytest.mark.parametrize("coded", [False, True], ids=["text", "coded"])
def test_significance_from_the_rate_bars_counts_is_the_significance_counted_apart(denominator, coded) -> None:
    # The Seller profiles view gives the tests the won and n of the counts behind its rate bars
    # instead of counting the deals again: the frame must be the same, down to a profile whose only
    # closed deals are no decisions (no n without them), small n, and a range with nothing closed.
    deals = generated_deals().with_columns(
        # Every Lone Wolf deal that closed is a no decision: without them the profile has no n.
        pl.when((pl.col("seller_profile") == "Lone Wolf") & (pl.col("outcome") != "open"))
        .then(pl.lit("no_decision")).otherwise(pl.col("outcome")).alias("outcome")
    )
    if coded:
        deals = coded_deals(deals)
    for start, end in ((date(2025, 10, 1), date(2026, 9, 30)), (date(2026, 9, 1), date(2026, 9, 30)),
                       (date(2031, 1, 1), date(2031, 3, 31))):
        counted = closed_counts(deals, ["seller_profile"], start, end)
        behind = profile_reps(deals, start, end, denominator)
        assert_frame_equal(profile_significance_of_counts(counted, denominator, min_n=15, reps=behind),
                           profile_significance(deals, start, end, denominator, min_n=15))
    whole_year = profile_significance_of_counts(closed_counts(deals, ["seller_profile"], date(2025, 10, 1),
                                                              date(2026, 9, 30)), denominator)
    assert ("Lone Wolf" in whole_year["seller_profile"].to_list()) == (denominator == "closed")
