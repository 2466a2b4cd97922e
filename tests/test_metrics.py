"""Win/loss metrics on hand-built deals whose every number is worked out in the comments."""

from __future__ import annotations

import json
import math
from datetime import date

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss import metrics
from winloss.metrics import Denominator

DEALS_SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}

# Reps: Ann and Bob are Challengers in team East, Cat a Hard Worker in West, Dan a Lone Wolf
# with no team.
REPS = {
    "Ann": ("Challenger", "East", "Eve"),
    "Bob": ("Challenger", "East", "Eve"),
    "Cat": ("Hard Worker", "West", "Wes"),
    "Dan": ("Lone Wolf", None, None),
}

Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))

# id, rep, outcome, created, close (expected close when open), amount, loss reason, region.
# Cycle days (created -> close) worked out by hand for the closed ones.
ROWS = [
    ("D01", "Ann", "won", date(2024, 11, 1), date(2025, 1, 10), 100.0, None, "EMEA"),  # 70 d
    ("D02", "Ann", "won", date(2024, 12, 1), date(2025, 2, 15), 300.0, None, "EMEA"),  # 76 d
    ("D03", "Ann", "lost", date(2024, 12, 15), date(2025, 2, 20), 200.0, "Price", "EMEA"),  # 67
    ("D04", "Ann", "no_decision", date(2025, 1, 5), date(2025, 3, 1), None, "No Decision", "NA"),  # 55
    ("D05", "Bob", "won", date(2025, 1, 10), date(2025, 3, 10), None, None, "NA"),  # 59 d
    ("D06", "Bob", "lost", date(2025, 1, 2), date(2025, 3, 15), 50.0, "Price", "NA"),  # 72 d
    ("D07", "Bob", "no_decision", date(2024, 10, 1), date(2025, 3, 20), 400.0, "Went Dark", "NA"),  # 170
    ("D08", "Cat", "won", None, date(2025, 3, 25), 150.0, None, None),  # no created date
    ("D09", "Cat", "no_decision", date(2025, 2, 1), date(2025, 3, 31), 100.0, None, None),  # 58 d
    ("D10", "Cat", "lost", date(2024, 9, 1), date(2024, 12, 20), 80.0, "Price", None),  # 2024 Q4
    ("D11", "Ann", "open", date(2025, 2, 1), date(2025, 4, 30), 500.0, None, "EMEA"),
    ("D12", "Bob", "open", date(2025, 5, 1), date(2025, 6, 30), 70.0, None, "NA"),  # after Q1
    ("D13", "Dan", "open", None, date(2025, 1, 15), 90.0, None, "EMEA"),
    ("D14", "Dan", "won", date(2025, 1, 20), date(2025, 4, 5), 60.0, None, "EMEA"),  # 75 d, Q2
]


def make_deals(
    rows: list[tuple], reps: dict[str, tuple[str, str | None, str | None]] = REPS
) -> pl.LazyFrame:
    """The deals frame for rows; a rep missing from `reps` is Unprofiled with no team."""
    records = []
    for opp, rep, outcome, created, close, amount, reason, region in rows:
        profile, team, manager = reps.get(rep, ("Unprofiled", None, None))
        records.append(
            {
                "opportunity_id": opp,
                "rep": rep,
                "stage": outcome,
                "outcome": outcome,
                "created_date": created,
                "close_date": close,
                "amount": amount,
                "currency": "USD",
                "probability": None,
                "loss_reason": reason,
                "account": f"Account {opp}",
                "segment": None,
                "region": region,
                "product": None,
                "competitor": None,
                "seller_profile": profile,
                "team": team,
                "manager": manager,
            }
        )
    return pl.DataFrame(records, schema=DEALS_SCHEMA).lazy()


@pytest.fixture
def deals() -> pl.LazyFrame:
    return make_deals(ROWS)


# ---------------------------------------------------------------------------------------------
# Intervals and tests


def test_wilson_interval_matches_the_textbook_value() -> None:
    # 8/20, z = 1.96: centre (0.4 + 0.09604) / 1.19208 = 0.41611,
    # half 1.96 * sqrt(0.012 + 0.00240) / 1.19208 = 0.19731 -> (0.2188, 0.6134).
    lo, hi = metrics.wilson_interval(8, 20, z=1.96)
    assert lo == pytest.approx(0.2188, abs=1e-4)
    assert hi == pytest.approx(0.6134, abs=1e-4)


def test_wilson_interval_edges() -> None:
    assert metrics.wilson_interval(0, 0) == (None, None)
    lo, hi = metrics.wilson_interval(0, 10)
    assert lo == 0.0 and 0.0 < hi < 0.35  # 0/10: (0, 0.2775)
    lo, hi = metrics.wilson_interval(10, 10)
    assert hi == pytest.approx(1.0) and 0.65 < lo < 1.0
    with pytest.raises(ValueError):
        metrics.wilson_interval(11, 10)


def test_wilson_expressions_agree_with_the_scalar_version() -> None:
    frame = pl.DataFrame({"s": [8, 0, 10, 3, 0], "n": [20, 10, 10, 7, 0]})
    lo, hi = metrics.wilson_exprs("s", "n")
    out = frame.select(lo.alias("lo"), hi.alias("hi"))
    for (s, n), (got_lo, got_hi) in zip(frame.iter_rows(), out.iter_rows(), strict=True):
        want_lo, want_hi = metrics.wilson_interval(s, n)
        assert got_lo == pytest.approx(want_lo) if want_lo is not None else got_lo is None
        assert got_hi == pytest.approx(want_hi) if want_hi is not None else got_hi is None


def test_two_proportion_z_test_against_a_known_p_value() -> None:
    # 30/50 vs 20/50: pooled 0.5, se sqrt(0.25 * 0.04) = 0.1, z = 0.2 / 0.1 = 2.0,
    # p = 2 * (1 - Φ(2)) = 0.0455003.
    z, p = metrics.two_proportion_z_test(30, 50, 20, 50)
    assert z == pytest.approx(2.0)
    assert p == pytest.approx(0.0455003, abs=1e-6)
    assert p == pytest.approx(2 * (1 - metrics.normal_cdf(2.0)))
    assert metrics.normal_cdf(1.959963984540054) == pytest.approx(0.975)
    assert metrics.two_proportion_z_test(5, 5, 7, 7) == (0.0, 1.0)
    assert metrics.two_proportion_z_test(1, 0, 2, 5) == (None, None)


def test_denominator_labels_say_what_is_divided_by_what() -> None:
    assert Denominator("closed") is Denominator.CLOSED
    assert "won + lost + no decision" in Denominator.CLOSED.label
    assert "won + lost" in Denominator.EXCLUDING_NO_DECISION.label
    assert "excluding no-decision" in Denominator.EXCLUDING_NO_DECISION.label
    assert Denominator.CLOSED.label in metrics.definition_text(Denominator.CLOSED)
    assert "excluding" in metrics.definition_text("excluding_no_decision")


# ---------------------------------------------------------------------------------------------
# Summaries


def test_closed_in_range_is_lazy_and_by_close_date(deals: pl.LazyFrame) -> None:
    closed = metrics.closed_in_range(deals, *Q1_2025)
    assert isinstance(closed, pl.LazyFrame)
    # D01..D09 close in Q1; D10 closed in 2024, D14 in April, the rest are open.
    assert sorted(closed.collect()["opportunity_id"]) == [f"D0{i}" for i in range(1, 10)]


def test_overall_summary_with_the_default_denominator(deals: pl.LazyFrame) -> None:
    row = metrics.outcome_summary(deals, None, *Q1_2025).row(0, named=True)
    # Closed in Q1: won D01 D02 D05 D08, lost D03 D06, no decision D04 D07 D09.
    assert (row["closed"], row["won"], row["lost"], row["no_decision"]) == (9, 4, 2, 3)
    # Open: D11 (created 1 Feb) and D13 (no created date); D12 was created after the range.
    assert row["open"] == 2
    assert row["n"] == 9
    assert row["win_rate"] == pytest.approx(4 / 9)
    assert (row["win_rate_lo"], row["win_rate_hi"]) == pytest.approx(metrics.wilson_interval(4, 9))
    assert row["small_n"] is True
    # No decision: 3 of 5 losses, 3 of 9 closed.
    assert row["no_decision_share_of_losses"] == pytest.approx(0.6)
    assert row["no_decision_share_of_losses_n"] == 5
    assert (row["no_decision_share_of_losses_lo"], row["no_decision_share_of_losses_hi"]) == (
        pytest.approx(metrics.wilson_interval(3, 5))
    )
    assert row["no_decision_share_of_closed"] == pytest.approx(3 / 9)
    # Amounts: won 100 + 300 + 150 (D05 has none) = 550; lost 200 + 50; no decision 400 + 100.
    assert row["won_amount"] == pytest.approx(550.0)
    assert row["lost_amount"] == pytest.approx(250.0)
    assert row["no_decision_amount"] == pytest.approx(500.0)
    # Value win rate: 550 / (100+300+200+50+400+150+100 = 1300), D04 and D05 left out.
    assert row["value_win_rate"] == pytest.approx(550 / 1300)
    assert row["amount_missing"] == 2
    assert row["avg_deal_size"] == pytest.approx(550 / 3)
    # Won cycles 70, 76, 59 (D08 has no created date): median 70.
    assert row["median_cycle_days"] == pytest.approx(70.0)


def test_overall_summary_excluding_no_decision(deals: pl.LazyFrame) -> None:
    row = metrics.outcome_summary(
        deals, None, *Q1_2025, denominator=Denominator.EXCLUDING_NO_DECISION
    ).row(0, named=True)
    # 4 won / (4 won + 2 lost); value 550 / (550 + 250).
    assert row["n"] == 6
    assert row["win_rate"] == pytest.approx(4 / 6)
    assert (row["win_rate_lo"], row["win_rate_hi"]) == pytest.approx(metrics.wilson_interval(4, 6))
    assert row["value_win_rate"] == pytest.approx(550 / 800)
    assert row["closed"] == 9  # closed still counts every closed deal
    assert row["no_decision_share_of_losses"] == pytest.approx(0.6)


def test_summary_by_profile(deals: pl.LazyFrame) -> None:
    frame = metrics.outcome_summary(deals, ["seller_profile"], *Q1_2025)
    assert frame.columns == ["seller_profile", *metrics.SUMMARY_COLUMNS]
    rows = {r["seller_profile"]: r for r in frame.iter_rows(named=True)}
    assert frame["seller_profile"].to_list() == ["Challenger", "Hard Worker", "Lone Wolf"]
    # Challengers (Ann, Bob): D01-D07 -> 3 won, 2 lost, 2 no decision; open D11 only.
    challenger = rows["Challenger"]
    assert (challenger["closed"], challenger["won"], challenger["open"]) == (7, 3, 1)
    assert challenger["win_rate"] == pytest.approx(3 / 7)
    assert challenger["no_decision_share_of_losses"] == pytest.approx(2 / 4)
    # Hard Worker (Cat): D08 won, D09 no decision; D10 closed in 2024.
    assert rows["Hard Worker"]["win_rate"] == pytest.approx(1 / 2)
    assert rows["Hard Worker"]["no_decision_share_of_losses"] == pytest.approx(1.0)
    # Lone Wolf (Dan): only an open deal in range: no rate, and n 0 is small.
    dan = rows["Lone Wolf"]
    assert (dan["closed"], dan["open"], dan["n"]) == (0, 1, 0)
    assert dan["win_rate"] is None and dan["win_rate_lo"] is None
    assert dan["small_n"] is True


def test_small_n_follows_min_n(deals: pl.LazyFrame) -> None:
    frame = metrics.outcome_summary(deals, ["seller_profile"], *Q1_2025, min_n=5)
    # n: Challenger 7, Hard Worker 2, Lone Wolf 0.
    assert frame["small_n"].to_list() == [False, True, True]
    assert metrics.outcome_summary(deals, None, *Q1_2025, min_n=9)["small_n"].item() is False
    assert metrics.outcome_summary(deals, None, *Q1_2025, min_n=10)["small_n"].item() is True


def test_summary_of_an_empty_range_has_zero_counts_and_no_rates(deals: pl.LazyFrame) -> None:
    row = metrics.outcome_summary(deals, None, date(2020, 1, 1), date(2020, 3, 31)).row(
        0, named=True
    )
    # D13 has no created date, so it counts as open in any range (we cannot tell).
    assert (row["closed"], row["open"], row["won_amount"]) == (0, 1, 0.0)
    assert row["win_rate"] is None and row["value_win_rate"] is None


def test_report_rows_are_the_cli_json_rows(deals: pl.LazyFrame) -> None:
    rows = metrics.report_rows(deals, "none", *Q1_2025)
    lo, hi = metrics.wilson_interval(4, 9)
    assert rows == [
        {
            "group": "All",
            "closed": 9,
            "won": 4,
            "lost": 2,
            "no_decision": 3,
            "open": 2,
            "win_rate": pytest.approx(4 / 9),
            "win_rate_ci": [pytest.approx(lo), pytest.approx(hi)],
            "no_decision_share_of_losses": pytest.approx(0.6),
            "won_amount": 550.0,
        }
    ]
    json.dumps(rows)  # plain Python values only
    by_profile = metrics.report_rows(deals, "profile", *Q1_2025, "excluding_no_decision")
    assert [r["group"] for r in by_profile] == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert by_profile[0]["win_rate"] == pytest.approx(3 / 5)
    assert by_profile[2]["win_rate"] is None and by_profile[2]["win_rate_ci"] == [None, None]
    # Region: D08 and D09 have none.
    by_region = metrics.report_rows(deals, "region", *Q1_2025)
    assert [r["group"] for r in by_region] == ["EMEA", "NA", metrics.BLANK_GROUP]
    assert [r["closed"] for r in by_region] == [3, 4, 2]
    with pytest.raises(ValueError, match="Unknown grouping"):
        metrics.report_rows(deals, "week", *Q1_2025)  # type: ignore[arg-type]


def test_report_rows_by_quarter(deals: pl.LazyFrame) -> None:
    rows = metrics.report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30))
    # 2024 Q4: D10 lost. 2025 Q1: the nine, plus D13 expected to close 15 Jan. 2025 Q2: D14
    # won, D11 and D12 expected to close in Q2.
    assert [(r["group"], r["closed"], r["won"], r["open"]) for r in rows] == [
        ("2024 Q4", 1, 0, 0),
        ("2025 Q1", 9, 4, 1),
        ("2025 Q2", 1, 1, 2),
    ]


def test_quarterly_trend_with_a_february_fiscal_year(deals: pl.LazyFrame) -> None:
    trend = metrics.quarterly_trend(deals, None, None, fy_start_month=2)
    # FY2025 Q4 = Nov 2024 - Jan 2025: D10 lost, D01 won, D13 expected 15 Jan.
    # FY2026 Q1 = Feb - Apr 2025: D02-D09 and D14 (won D02 D05 D08 D14, lost D03 D06,
    # no decision D04 D07 D09), D11 expected 30 Apr. FY2026 Q2: D12 expected 30 Jun.
    assert trend["quarter"].to_list() == ["FY2025 Q4", "FY2026 Q1", "FY2026 Q2"]
    assert trend["closed"].to_list() == [2, 9, 0]
    assert trend["won"].to_list() == [1, 4, 0]
    assert trend["open"].to_list() == [1, 1, 1]
    assert trend["win_rate"].to_list() == pytest.approx([0.5, 4 / 9, None])
    assert trend["no_decision_share_of_losses"].to_list()[:2] == pytest.approx([0.0, 3 / 5])


def test_quarterly_trend_by_profile_with_a_july_fiscal_year(deals: pl.LazyFrame) -> None:
    trend = metrics.quarterly_trend(deals, *Q1_2025, fy_start_month=7, by=["seller_profile"])
    # Jan - Mar 2025 is FY2025 Q3 when the year starts in July.
    assert trend.columns[:2] == ["seller_profile", "quarter"]
    assert trend["quarter"].unique().to_list() == ["FY2025 Q3"]
    assert trend["seller_profile"].to_list() == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert trend["closed"].to_list() == [7, 2, 0]
    assert trend["open"].to_list() == [0, 0, 1]  # only D13 is expected to close in Q1


def test_deltas_against_previous_quarter_and_last_year(deals: pl.LazyFrame) -> None:
    row = metrics.deltas(deals, end=date(2025, 3, 31)).row(0, named=True)
    assert (row["quarter"], row["previous_quarter"], row["last_year_quarter"]) == (
        "2025 Q1",
        "2024 Q4",
        "2024 Q1",
    )
    # 2025 Q1: 4/9 won; 2024 Q4: D10 lost (0/1); 2024 Q1: nothing.
    assert row["win_rate"] == pytest.approx(4 / 9)
    assert row["win_rate_previous"] == 0.0
    assert row["win_rate_qoq"] == pytest.approx(4 / 9)
    assert row["win_rate_last_year"] is None and row["win_rate_yoy"] is None
    assert (row["closed_qoq"], row["closed_yoy"]) == (8, 9)
    assert row["won_amount_qoq"] == pytest.approx(550.0)
    assert row["no_decision_share_of_losses_qoq"] == pytest.approx(0.6)
    assert (row["n"], row["n_previous"], row["n_last_year"]) == (9, 1, 0)


# ---------------------------------------------------------------------------------------------
# Cycle, complexity


def test_cycle_days_by_outcome(deals: pl.LazyFrame) -> None:
    frame = metrics.cycle_days_by_outcome(deals, *Q1_2025)
    assert frame["outcome"].to_list() == ["won", "lost", "no_decision"]
    won, lost, no_decision = frame.iter_rows(named=True)
    # Won 59, 70, 76 (D08 left out): p25 = 59 + 0.5 * 11, p75 = 70 + 0.5 * 6.
    assert (won["deals"], won["left_out"]) == (3, 1)
    assert won["median_days"] == pytest.approx(70.0)
    assert won["mean_days"] == pytest.approx((59 + 70 + 76) / 3)
    assert (won["p25_days"], won["p75_days"]) == pytest.approx((64.5, 73.0))
    assert lost["median_days"] == pytest.approx((67 + 72) / 2)
    assert no_decision["median_days"] == pytest.approx(58.0)  # 55, 58, 170


def test_complexity_bands_by_amount(deals: pl.LazyFrame) -> None:
    bands = metrics.complexity_bands(deals, *Q1_2025, basis="amount")
    # Closed Q1 amounts 50 100 100 150 200 300 400: terciles at positions 2 and 4 -> 100, 200.
    assert bands.cuts == pytest.approx((100.0, 200.0))
    assert bands.left_out == 2  # D04, D05 have no amount
    table = bands.table
    assert table["band"].to_list() == ["Small", "Medium", "Large"]
    # Small: D06 50 lost, D01 100 won, D09 100 nd. Medium: D08 150 won, D03 200 lost.
    # Large: D02 300 won, D07 400 nd. Open: D13 90 small, D11 500 large.
    assert table["closed"].to_list() == [3, 2, 2]
    assert table["won"].to_list() == [1, 1, 1]
    assert table["open"].to_list() == [1, 0, 1]
    assert bands.caption.startswith("Small = up to $100, Medium = $100–$200, Large = over $200")
    # Amounts as every amount reads: with the currency's symbol, in the store's currency.
    assert bands.described("EUR").startswith("Small = up to €100, Medium = €100–€200, Large = over €200")


def test_complexity_bands_of_an_empty_range(deals: pl.LazyFrame) -> None:
    bands = metrics.complexity_bands(deals, date(2020, 1, 1), date(2020, 3, 31))
    assert bands.cuts == (None, None)
    assert bands.table.height == 0
    assert bands.caption == "No closed deals in range to band."


def test_win_rate_by_profile_and_cycle_band(deals: pl.LazyFrame) -> None:
    bands = metrics.win_rate_by_profile_and_band(deals, *Q1_2025, basis="cycle")
    # Q1 cycles 55 58 59 67 70 72 76 170 (D08 left out): terciles at positions 7/3 and 14/3,
    # 59 + 1/3 * (67 - 59) = 61.67 and 70 + 2/3 * (72 - 70) = 71.33.
    assert bands.cuts == pytest.approx((59 + 8 / 3, 70 + 4 / 3))
    assert bands.left_out == 1
    assert bands.labels == ("Short", "Medium", "Long")
    rows = {(r["seller_profile"], r["band"]): r["closed"] for r in bands.table.iter_rows(named=True)}
    # Challenger: short D04 55, D05 59; medium D03 67, D01 70; long D06 72, D02 76, D07 170.
    # Hard Worker: D09 58 short.
    assert rows == {
        ("Challenger", "Short"): 2,
        ("Challenger", "Medium"): 2,
        ("Challenger", "Long"): 3,
        ("Hard Worker", "Short"): 1,
    }
    assert "days" in bands.caption


# ---------------------------------------------------------------------------------------------
# Profiles


def _closed_rows(rep: str, won: int, lost: int, start: int = 0) -> list[tuple]:
    """`won` won and `lost` lost deals for a rep, all closed on 1 Feb 2025."""
    outcomes = ["won"] * won + ["lost"] * lost
    return [
        (f"{rep}-{start + i}", rep, o, date(2025, 1, 1), date(2025, 2, 1), 10.0, None, None)
        for i, o in enumerate(outcomes)
    ]


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
    rows = [r for i, w in enumerate(wins) for r in _closed_rows(f"R{i}", w, 20 - w)]
    rows += _closed_rows("R10", 5, 0)  # 100% on 5 deals must not count
    reps = {rep: (p, None, None) for rep, p in profiles.items()}
    mix = metrics.top_performer_mix(make_deals(rows, reps), *Q1_2025, min_n=20, top_share=0.2)
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
    rows = [r for i in range(25) for r in _closed_rows(f"S{i}", 10 + i % 7, 10)]
    # 0.28 * 25 is 7.000000000000001 in floating point; still seven reps, not eight.
    mix = metrics.top_performer_mix(make_deals(rows), *Q1_2025, min_n=20, top_share=0.28)
    assert mix.top_reps == 7


def test_profile_significance_against_a_known_p_value() -> None:
    reps = {"C": ("Challenger", None, None), "H": ("Hard Worker", None, None)}
    # Challenger 30/50 vs the rest (Hard Worker) 20/50: z = 2, p = 0.0455.
    rows = _closed_rows("C", 30, 20) + _closed_rows("H", 20, 30)
    frame = metrics.profile_significance(make_deals(rows, reps), *Q1_2025)
    challenger, hard_worker = frame.iter_rows(named=True)
    assert challenger["seller_profile"] == "Challenger"
    assert challenger["z"] == pytest.approx(2.0)
    assert challenger["p_value"] == pytest.approx(0.0455003, abs=1e-6)
    assert challenger["verdict"] == "likely real"
    assert challenger["difference"] == pytest.approx(0.2)
    assert hard_worker["z"] == pytest.approx(-2.0)
    # 27/50 vs 23/50: z = 0.8, p = 0.42 -> could be chance.
    rows = _closed_rows("C", 27, 23) + _closed_rows("H", 23, 27)
    frame = metrics.profile_significance(make_deals(rows, reps), *Q1_2025)
    assert frame["verdict"].to_list() == ["could be chance", "could be chance"]
    frame = metrics.profile_significance(make_deals(rows, reps), *Q1_2025, min_n=60)
    assert frame["verdict"].to_list() == ["n too small", "n too small"]


def test_profile_significance_on_the_small_fixture_is_n_too_small(deals: pl.LazyFrame) -> None:
    frame = metrics.profile_significance(deals, *Q1_2025)
    assert frame["seller_profile"].to_list() == ["Challenger", "Hard Worker"]
    assert set(frame["verdict"]) == {"n too small"}


# ---------------------------------------------------------------------------------------------
# Open pipeline, losses


def test_at_risk_open_deals(deals: pl.LazyFrame) -> None:
    # Won cycles 59 (D05), 70 (D01), 75 (D14), 76 (D02); the 80th percentile (nearest) is 75.
    frame = metrics.at_risk_open_deals(deals, today=date(2025, 5, 1))
    assert frame["opportunity_id"].to_list() == ["D11", "D13"]  # amount 500, then 90
    d11, d13 = frame.iter_rows(named=True)
    # D11: created 1 Feb -> 89 days open > 75; expected 30 Apr, one day ago.
    assert d11["days_open"] == 89
    assert d11["reason"] == (
        "Open 89 days (won deals close within 75 days at the 80th percentile); "
        "Expected close date passed 1 day ago"
    )
    # D13: no created date, so only its expected close (15 Jan, 106 days ago) counts.
    assert d13["days_open"] is None
    assert d13["reason"] == "Expected close date passed 106 days ago"
    # D12 (created 1 May, expected 30 Jun) is fine.
    assert frame.columns == [
        "opportunity_id",
        "rep",
        "seller_profile",
        "account",
        "amount",
        "stage",
        "created_date",
        "close_date",
        "days_open",
        "reason",
    ]


def test_at_risk_uses_the_percentile_asked_for(deals: pl.LazyFrame) -> None:
    # The 25th percentile (nearest) of 59 70 75 76 is 70: D11 at 89 days is over it on
    # 29 Apr, and not yet past its expected close.
    frame = metrics.at_risk_open_deals(deals, date(2025, 4, 29), percentile=0.25)
    d11 = frame.filter(pl.col("opportunity_id") == "D11").row(0, named=True)
    assert d11["reason"] == "Open 87 days (won deals close within 70 days at the 25th percentile)"
    assert metrics.at_risk_open_deals(deals, date(2025, 2, 1)).height == 1  # only D13
    assert ids(metrics.at_risk_open_deals(deals, date(2025, 5, 1), limit=1)) == ["D11"]


def test_loss_reasons(deals: pl.LazyFrame) -> None:
    frame = metrics.loss_reasons(deals, *Q1_2025)
    # Lost or no decision in Q1: Price x2 (D03 200, D06 50), No Decision (D04), Went Dark
    # (D07 400), blank (D09 100): 5 deals.
    assert frame.rows() == [
        ("Price", "lost", 2, pytest.approx(0.4), pytest.approx(250.0)),
        (metrics.NO_REASON, "no_decision", 1, pytest.approx(0.2), pytest.approx(100.0)),
        ("No Decision", "no_decision", 1, pytest.approx(0.2), pytest.approx(0.0)),
        ("Went Dark", "no_decision", 1, pytest.approx(0.2), pytest.approx(400.0)),
    ]
    by_profile = metrics.loss_reasons(deals, *Q1_2025, by=["seller_profile"])
    hard_worker = by_profile.filter(pl.col("seller_profile") == "Hard Worker")
    assert hard_worker["share"].to_list() == [1.0]  # D09 is all of Cat's losses


# ---------------------------------------------------------------------------------------------
# Reps


def test_rep_leaderboard(deals: pl.LazyFrame) -> None:
    board = metrics.rep_leaderboard(deals, *Q1_2025)
    # Ann 2/4, Cat 1/2 (fewer deals, so after Ann), Bob 1/3; Dan closed nothing in range.
    assert board["rep"].to_list() == ["Ann", "Cat", "Bob"]
    assert board["win_rate"].to_list() == pytest.approx([0.5, 0.5, 1 / 3])
    assert board["small_n"].to_list() == [True, True, True]
    assert board["team"].to_list() == ["East", "West", "East"]
    assert set(board["quarter"]) == {"2025 Q1"}
    cat = board.row(1, named=True)
    # Cat's quarter: 1/2 now vs D10 lost in 2024 Q4 (0/1).
    assert cat["previous_quarter_win_rate"] == 0.0
    assert cat["win_rate_qoq"] == pytest.approx(0.5)
    assert board.row(0, named=True)["win_rate_qoq"] is None  # Ann closed nothing in 2024 Q4
    assert board["won_amount"].to_list() == pytest.approx([400.0, 150.0, 0.0])


def test_rep_leaderboard_puts_small_n_reps_last(deals: pl.LazyFrame) -> None:
    board = metrics.rep_leaderboard(deals, *Q1_2025, min_n=3)
    # Ann (n 4) and Bob (n 3) are rated; Cat (n 2) is small n and goes last despite 50%.
    assert board["rep"].to_list() == ["Ann", "Bob", "Cat"]
    board = metrics.rep_leaderboard(
        deals, *Q1_2025, denominator=Denominator.EXCLUDING_NO_DECISION, min_n=1
    )
    # Excluding no decision: Cat 1/1, Ann 2/3, Bob 1/2.
    assert board["rep"].to_list() == ["Cat", "Ann", "Bob"]


def test_rep_scorecard(deals: pl.LazyFrame) -> None:
    card = metrics.rep_scorecard(deals, "Ann", *Q1_2025)
    assert card["comparison"].to_list() == ["rep", "profile_peers", "team"]
    assert card["who"].to_list() == ["Ann", "Other Challenger reps", "East"]
    # Ann 2/4; peers = Bob 1/3; team East = Ann + Bob 3/7.
    assert card["reps"].to_list() == [1, 1, 2]
    assert card["closed"].to_list() == [4, 3, 7]
    assert card["win_rate"].to_list() == pytest.approx([0.5, 1 / 3, 3 / 7])
    assert card["open"].to_list() == [1, 0, 1]  # D11; D12 created after the range


def test_rep_scorecard_without_peers_or_team(deals: pl.LazyFrame) -> None:
    card = metrics.rep_scorecard(deals, "Dan", *Q1_2025)
    assert card["who"].to_list() == ["Dan", "Other Lone Wolf reps", "No team"]
    assert card["closed"].to_list() == [0, 0, 0]
    assert card["win_rate"].to_list() == [None, None, None]
    assert card["small_n"].to_list() == [True, True, True]


# ---------------------------------------------------------------------------------------------
# Drill-down and selections


def ids(frame: pl.DataFrame) -> list[str]:
    return frame["opportunity_id"].to_list()


def test_deals_behind(deals: pl.LazyFrame) -> None:
    assert ids(metrics.deals_behind(deals, *Q1_2025, rep="Ann", outcome="won")) == ["D02", "D01"]
    # Everything counted for Cat in Q1: D09 and D08 (D10 closed in 2024).
    assert ids(metrics.deals_behind(deals, *Q1_2025, rep="Cat")) == ["D09", "D08"]
    assert ids(metrics.deals_behind(deals, outcome="closed", quarter="2024 Q4")) == ["D10"]
    behind_rate = metrics.deals_behind(
        deals, *Q1_2025, rep="Bob", outcome=Denominator.EXCLUDING_NO_DECISION.outcomes
    )
    assert ids(behind_rate) == ["D06", "D05"]
    assert ids(metrics.deals_behind(deals, *Q1_2025, outcome="open")) == ["D11", "D13"]
    both = metrics.deals_behind(deals, *Q1_2025, rep=["Ann", "Bob"], outcome="no_decision")
    assert ids(both) == ["D07", "D04"]
    # An unset widget (None) filters nothing.
    assert metrics.deals_behind(deals, *Q1_2025, rep=None).height == 11
    with pytest.raises(ValueError, match="no column"):
        metrics.deals_behind(deals, *Q1_2025, colour="red")


def test_deals_behind_a_fiscal_quarter(deals: pl.LazyFrame) -> None:
    # FY2025 Q4 with a February start is Nov 2024 - Jan 2025: D10 and D01 closed in it.
    frame = metrics.deals_behind(deals, outcome="closed", quarter="FY2025 Q4", fy_start_month=2)
    assert ids(frame) == ["D01", "D10"]


def test_selected_rep_from_a_plotly_selection() -> None:
    point = {"curve_number": 0, "point_index": 3, "x": 0.42, "y": "Bar", "customdata": ["Ann", 12]}
    assert metrics.selected_rep([point]) == "Ann"
    assert metrics.selected_rep([point], customdata_index=1) is None  # 12 is not a name
    # A bar of reps without customdata: the rep is on an axis.
    assert metrics.selected_rep([{"x": "Bob", "y": 0.5, "point_index": 1}]) == "Bob"
    assert metrics.selected_rep([{"x": 0.5, "y": "Cat"}]) == "Cat"
    assert metrics.selected_rep([{"label": "Dan", "value": 3}]) == "Dan"
    # The whole event or selection works too.
    assert metrics.selected_rep({"selection": {"points": [point], "point_indices": [3]}}) == "Ann"
    # Nothing selected, or several reps: no single rep.
    assert metrics.selected_rep([]) is None
    assert metrics.selected_rep(None) is None
    assert metrics.selected_rep([point, {"x": "Bob", "y": 1}]) is None
    assert metrics.selected_rep([point, {**point, "point_index": 4}]) == "Ann"


def test_selected_profile_from_a_plotly_selection() -> None:
    assert metrics.selected_profile([{"x": "Challenger", "y": 0.4}]) == "Challenger"
    assert metrics.selected_profile([{"customdata": ["Lone Wolf"], "x": 1, "y": 2}]) == "Lone Wolf"
    # A rep bar coloured by profile: the rep is on x, the profile in the legend group.
    point = {"x": "Ann", "y": 0.5, "legendgroup": "Hard Worker"}
    assert metrics.selected_profile([point]) == "Hard Worker"
    assert metrics.selected_profile([{"x": "Ann", "y": 0.5}]) is None
    assert metrics.selected_profile([{"x": "problem solver"}]) == "Reactive Problem Solver"


def test_every_rate_column_is_a_float_and_nan_free(deals: pl.LazyFrame) -> None:
    frame = metrics.outcome_summary(deals, ["rep"], *Q1_2025)
    for column in ("win_rate", "win_rate_lo", "win_rate_hi", "value_win_rate"):
        assert frame[column].dtype == pl.Float64
        assert not any(isinstance(v, float) and math.isnan(v) for v in frame[column])


def test_deltas_carry_the_no_decision_share_n_of_each_quarter(deals: pl.LazyFrame) -> None:
    row = metrics.deltas(deals, "2025 Q1").row(0, named=True)
    # 2025 Q1 losses: D03 D06 lost, D04 D07 D09 no decision; 2024 Q4: D10 lost; 2024 Q1: none.
    assert (
        row["no_decision_share_of_losses_n"],
        row["no_decision_share_of_losses_n_previous"],
        row["no_decision_share_of_losses_n_last_year"],
    ) == (5, 1, 0)


def test_rep_leaderboard_carries_the_no_decision_n(deals: pl.LazyFrame) -> None:
    board = metrics.rep_leaderboard(deals, *Q1_2025)
    # Ann: D03 lost + D04 nd; Cat: D09 nd (D10 is 2024 Q4, out of range); Bob: D06 lost + D07 nd.
    assert board["rep"].to_list() == ["Ann", "Cat", "Bob"]
    assert board["no_decision_share_of_losses_n"].to_list() == [2, 1, 2]


def test_rep_leaderboard_compares_the_quarter_asked_for(deals: pl.LazyFrame) -> None:
    # Ending on 5 Apr 2025 the quarter of `end` is 2025 Q2 (Dan's D14 only); asked for 2025 Q1,
    # Cat's change is 1/2 against 0/1 in 2024 Q4.
    board = metrics.rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5), quarter="2025 Q1")
    rows = {r["rep"]: r for r in board.iter_rows(named=True)}
    assert set(board["quarter"]) == {"2025 Q1"}
    assert rows["Cat"]["win_rate_qoq"] == pytest.approx(0.5)
    default = metrics.rep_leaderboard(deals, date(2025, 1, 1), date(2025, 4, 5))
    assert set(default["quarter"]) == {"2025 Q2"}  # unchanged without it


def test_complexity_bands_with_given_cut_points(deals: pl.LazyFrame) -> None:
    bands = metrics.complexity_bands(deals, *Q1_2025, basis="amount", cuts=(60.0, 150.0))
    assert bands.cuts == (60.0, 150.0)
    # Small: D06 50 lost, open D13... 90 is medium. Medium: D01 100 won, D09 100 nd, D08 150 won
    # (+ open D13 90). Large: D03 200 lost, D02 300 won, D07 400 nd (+ open D11 500).
    assert bands.table["band"].to_list() == ["Small", "Medium", "Large"]
    assert bands.table["closed"].to_list() == [1, 3, 3]
    assert bands.table["open"].to_list() == [0, 1, 1]
    assert bands.left_out == 2  # still the closed deals in range without an amount
    assert bands.caption == (
        "Small = up to $60, Medium = $60–$150, Large = over $150 (terciles of amount of all closed deals)"
    )
    named = metrics.win_rate_by_profile_and_band(deals, *Q1_2025, cuts=(60.0, 150.0), cuts_from="the sidebar's")
    assert named.cuts == (60.0, 150.0) and named.caption.endswith("(terciles of amount of the sidebar's)")
