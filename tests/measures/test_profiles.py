"""Top performers' profile mix and profile significance, on deals built for each case."""

from __future__ import annotations

import polars as pl
import pytest
from small_deals import Q1_2025, closed_rows, make_deals

from winloss.measures.profiles import profile_significance, top_performer_mix


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


def test_profile_significance_against_a_known_p_value() -> None:
    reps = {"C": ("Challenger", None, None), "H": ("Hard Worker", None, None)}
    # Challenger 30/50 vs the rest (Hard Worker) 20/50: z = 2, p = 0.0455.
    rows = closed_rows("C", 30, 20) + closed_rows("H", 20, 30)
    frame = profile_significance(make_deals(rows, reps), *Q1_2025)
    challenger, hard_worker = frame.iter_rows(named=True)
    assert challenger["seller_profile"] == "Challenger"
    assert challenger["z"] == pytest.approx(2.0)
    assert challenger["p_value"] == pytest.approx(0.0455003, abs=1e-6)
    assert challenger["verdict"] == "likely real"
    assert challenger["difference"] == pytest.approx(0.2)
    assert hard_worker["z"] == pytest.approx(-2.0)
    # 27/50 vs 23/50: z = 0.8, p = 0.42 -> could be chance.
    rows = closed_rows("C", 27, 23) + closed_rows("H", 23, 27)
    frame = profile_significance(make_deals(rows, reps), *Q1_2025)
    assert frame["verdict"].to_list() == ["could be chance", "could be chance"]
    frame = profile_significance(make_deals(rows, reps), *Q1_2025, min_n=60)
    assert frame["verdict"].to_list() == ["n too small", "n too small"]


def test_profile_significance_on_the_small_fixture_is_n_too_small(deals: pl.LazyFrame) -> None:
    frame = profile_significance(deals, *Q1_2025)
    assert frame["seller_profile"].to_list() == ["Challenger", "Hard Worker"]
    assert set(frame["verdict"]) == {"n too small"}
