"""The quarterly review's sections and findings on hand-built deals whose numbers are worked out here."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss import text
from winloss.views import review
from winloss.measures.summary import outcome_summary
from winloss.export.words import mover_rows
from winloss.views.review import NoDataError, movers_grid, quarterly_review
from winloss.views.review_findings import n_change
from winloss.views.review_findings import Finding, passes

DEALS_SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}
AS_OF = date(2025, 11, 15)

PROFILES = {"Ann": "Challenger", "Bob": "Hard Worker", "Cat": "Lone Wolf", "Dan": "Challenger", "Fay": "Challenger",
            "Gus": "Hard Worker", "Hal": "Hard Worker"}


def block(rep: str, quarter: str, won: int = 0, lost: int = 0, no_decision: int = 0, amount: float = 100.0) -> list[dict]:
    """`won` + `lost` + `no_decision` deals of one rep, closed in the middle of `quarter`."""
    start, _ = review.periods.quarter_bounds(quarter)
    close = start + timedelta(days=40)
    outcomes = ["won"] * won + ["lost"] * lost + ["no_decision"] * no_decision
    return [deal(f"{rep}-{quarter}-{i}", rep, outcome, close - timedelta(days=30), close, amount) for i, outcome in enumerate(outcomes)]


def deal(opp: str, rep: str, outcome: str, created: date | None, close: date | None, amount: float | None) -> dict:
    return {
        "opportunity_id": opp, "rep": rep, "stage": outcome, "outcome": outcome, "created_date": created,
        "close_date": close, "amount": amount, "currency": "USD", "probability": None,
        "loss_reason": "No Decision" if outcome == "no_decision" else None, "account": f"Account {opp}",
        "segment": None, "region": None, "product": None, "competitor": None,
        "seller_profile": PROFILES.get(rep, "Unprofiled"), "team": "East", "manager": "Eve",
    }


def frame(*blocks: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([row for b in blocks for row in b], schema=DEALS_SCHEMA)


def topics(findings: tuple[Finding, ...]) -> list[str]:
    return [f.topic for f in findings]


def plain(text: str) -> str:
    """Finding text with its no-break spaces as plain ones."""
    return text.replace("\u00a0", " ")


# ---------------------------------------------------------------------------------------------
# The rule


def test_passes_needs_min_n_a_significant_test_and_a_minimum_change():
    # 30/100 -> 50/100: 20 points, pooled z-test p = 0.0038.
    ok, p = passes(30, 100, 50, 100)
    assert ok and p == pytest.approx(0.00384, abs=1e-4)
    # The same rates on 10 deals a side: below the minimum n, no test is run.
    assert passes(3, 10, 5, 10) == (False, None)
    # 20,000 deals a side, 50% -> 51.5%: p < 0.05 but only 1.5 points.
    ok, p = passes(10_000, 20_000, 10_300, 20_000)
    assert p < 0.01 and not ok
    # 10 points on 40 deals a side: large enough but could be chance (p = 0.36).
    ok, p = passes(12, 40, 16, 40)
    assert p > 0.05 and not ok


# ---------------------------------------------------------------------------------------------
# Findings appear when they should ...


def test_a_win_rate_rise_is_a_finding_with_its_numbers():
    deals = frame(block("Ann", "2025 Q2", won=30, lost=70), block("Ann", "2025 Q3", won=50, lost=50))
    result = quarterly_review(deals, "2025Q3", AS_OF)
    win = [f for f in result.findings if f.topic == "win_rate"]
    assert [plain(f.text) for f in win] == ["Win rate rose from 30% in 2025 Q2 to 50% in 2025 Q3 (n = 100 in both)."]
    assert (win[0].before, win[0].after, win[0].n_before, win[0].n_after, win[0].points) == (0.3, 0.5, 100, 100, 20)
    assert win[0].good is True


def test_a_no_decision_rise_says_share_of_losses_and_its_cost():
    # Losses: 2025 Q2 38 of 100 are no decision; 2025 Q3 60 of 100, each deal worth 1,000.
    deals = frame(
        block("Ann", "2025 Q2", won=50, lost=62, no_decision=38, amount=1_000.0),
        block("Ann", "2025 Q3", won=50, lost=40, no_decision=60, amount=1_000.0),
    )
    found = [f for f in quarterly_review(deals, "2025 Q3", AS_OF).findings if f.topic == "no_decision"]
    assert len(found) == 1
    assert plain(found[0].text) == (
        "No-decision losses rose from 38% of losses in 2025 Q2 to 60% in 2025 Q3 (n = 100 in both);"
        " in 2025 Q3 they were worth $60k, 40% of closed deal value."
    )
    assert found[0].good is False
    hidden = [f for f in quarterly_review(deals, "2025 Q3", AS_OF, hide_amounts=True).findings if f.topic == "no_decision"]
    assert plain(hidden[0].text).endswith("in 2025 Q3 they were 40% of closed deal value.")
    assert "$" not in hidden[0].text
    # Won deals without an amount: the closed deal value is unknown, so no share of it is claimed.
    unpriced = deals.with_columns(
        pl.when((pl.col("outcome") == "won") & (pl.col("close_date") >= date(2025, 7, 1)))
        .then(None).otherwise(pl.col("amount")).alias("amount"))
    found = [f for f in quarterly_review(unpriced, "2025 Q3", AS_OF).findings if f.topic == "no_decision"]
    assert plain(found[0].text).endswith("in 2025 Q3 they were worth $60k.")


def test_a_no_decision_rise_on_both_comparisons_says_its_cost_once():
    """Against last quarter and against last year alike, both findings had ended "in 2025 Q3 they were worth
    $60k, 40% of closed deal value." word for word, on one slide; the second also read "n = 100 → 100",
    like a slip of the pen. The worth is said by the first; an n unchanged reads "in both"."""
    deals = frame(
        block("Ann", "2024 Q3", won=50, lost=70, no_decision=30, amount=1_000.0),
        block("Ann", "2025 Q2", won=50, lost=62, no_decision=38, amount=1_000.0),
        block("Ann", "2025 Q3", won=50, lost=40, no_decision=60, amount=1_000.0),
    )
    found = [plain(f.text) for f in quarterly_review(deals, "2025 Q3", AS_OF).findings if f.topic == "no_decision"]
    assert found == [
        "No-decision losses rose from 38% of losses in 2025 Q2 to 60% in 2025 Q3 (n = 100 in both);"
        " in 2025 Q3 they were worth $60k, 40% of closed deal value.",
        "No-decision losses rose from 30% of losses in 2024 Q3 to 60% in 2025 Q3 (n = 100 in both).",
    ]
    # Only last year's passes (55% -> 60% against last quarter does not): it says the worth.
    deals = frame(
        block("Ann", "2024 Q3", won=50, lost=70, no_decision=30, amount=1_000.0),
        block("Ann", "2025 Q2", won=50, lost=45, no_decision=55, amount=1_000.0),
        block("Ann", "2025 Q3", won=50, lost=40, no_decision=60, amount=1_000.0),
    )
    found = [plain(f.text) for f in quarterly_review(deals, "2025 Q3", AS_OF).findings if f.topic == "no_decision"]
    assert found == ["No-decision losses rose from 30% of losses in 2024 Q3 to 60% in 2025 Q3 (n = 100 in both);"
                     " in 2025 Q3 they were worth $60k, 40% of closed deal value."]


def test_year_on_year_is_compared_too():
    deals = frame(block("Ann", "2024 Q3", won=20, lost=80), block("Ann", "2025 Q2", won=35, lost=65), block("Ann", "2025 Q3", won=40, lost=60))
    texts = [plain(f.text) for f in quarterly_review(deals, "2025 Q3", AS_OF).findings if f.topic == "win_rate"]
    # Against 2025 Q2: 35% -> 40% on 100 each is p = 0.47, no finding; against 2024 Q3 it is.
    assert texts == ["Win rate rose from 20% in 2024 Q3 to 40% in 2025 Q3 (n = 100 in both)."]


def test_a_profile_that_wins_more_than_the_rest_is_a_finding():
    # Challengers (Ann, Dan, Fay) 60 of 100; everyone else (Bob, Gus, Hal the Hard Workers, Cat) 60 of 200 = 30%.
    deals = frame(block("Ann", "2025 Q3", won=20, lost=14), block("Dan", "2025 Q3", won=20, lost=13),
                  block("Fay", "2025 Q3", won=20, lost=13), block("Bob", "2025 Q3", won=10, lost=24),
                  block("Gus", "2025 Q3", won=10, lost=23), block("Hal", "2025 Q3", won=10, lost=23),
                  block("Cat", "2025 Q3", won=30, lost=70))
    found = [plain(f.text) for f in quarterly_review(deals, "2025 Q3", AS_OF).findings if f.topic == "profile"]
    assert "Challengers won 60% of their closed deals, against 30% for the other profiles (n = 100 vs 200)." in found
    assert "Hard Workers won 30% of their closed deals, against 45% for the other profiles (n = 100 vs 200)." in found
    # Cat alone is the Lone Wolves: a gap of one rep's record is no finding (the verdict beside it says so).
    assert not [f for f in found if f.startswith("Lone Wolves")]


def test_a_profile_of_one_rep_or_against_two_is_no_finding():
    # The same gaps, the Challengers one rep (Ann) and the others two (Bob, Cat): the test counts deals as
    # independent, and one or two reps' deals are not; the verdicts withhold these gaps, and so do the findings.
    deals = frame(block("Ann", "2025 Q3", won=60, lost=40), block("Bob", "2025 Q3", won=30, lost=70), block("Cat", "2025 Q3", won=30, lost=70))
    review_ = quarterly_review(deals, "2025 Q3", AS_OF)
    assert [f.text for f in review_.findings if f.topic == "profile"] == []
    assert review_.profiles["verdict"].to_list() == ["1 rep: this measures Ann, not the profile",
                                                     "1 rep: this measures Bob, not the profile",
                                                     "1 rep: this measures Cat, not the profile"]


def test_a_rep_who_moved_is_a_mover_and_a_finding():
    deals = frame(
        block("Ann", "2025 Q2", won=6, lost=24), block("Ann", "2025 Q3", won=24, lost=6),  # 20% -> 80%, n 30
        block("Bob", "2025 Q2", won=15, lost=15), block("Bob", "2025 Q3", won=16, lost=14),  # 50% -> 53%
        block("Cat", "2025 Q2", won=2, lost=3), block("Cat", "2025 Q3", won=5, lost=0),  # n 5: never ranked
    )
    result = quarterly_review(deals, "2025 Q3", AS_OF)
    win_movers = result.movers.filter(pl.col("measure") == "win_rate")
    assert win_movers.get_column("rep").to_list() == ["Ann", "Bob"]
    assert win_movers.get_column("significant").to_list() == [True, False]
    assert win_movers.row(0, named=True)["change"] == pytest.approx(0.6)
    movers = [plain(f.text) for f in result.findings if f.topic == "mover"]
    assert movers == ["Ann's win rate rose from 20% in 2025 Q2 to 80% in 2025 Q3 (n = 30 in both)."]
    grid = movers_grid(result).filter(pl.col("measure_label") == "Win rate").row(0, named=True)
    assert (grid["rep"], grid["before"], grid["after"]) == ("Ann", pytest.approx(20.0), pytest.approx(80.0))
    # An unchanged n is written once, as the finding writes it: "30 → 30" read as a slip of the pen.
    assert (grid["change_points"], grid["n"], grid["significant"]) == (60, "30 in both", True)
    header, rows = mover_rows(result)
    n_cells = {row[0]: row[header.index("n")] for row in rows if row[2] == "Win rate"}
    assert n_cells == {"Ann": "30 in both", "Bob": "30 in both"}


def test_a_movers_changed_n_reads_before_and_after():
    """Written by one rule (review_findings.n_change) in the page's table, the report's and the deck's,
    and the findings: "1,200 → 1,345", an unchanged one "345 in both"."""
    deals = frame(block("Ann", "2025 Q2", won=6, lost=24), block("Ann", "2025 Q3", won=30, lost=10))
    result = quarterly_review(deals, "2025 Q3", AS_OF)
    grid = movers_grid(result).filter(pl.col("measure_label") == "Win rate")
    assert grid["n"].to_list() == ["30 → 40"]
    header, rows = mover_rows(result)
    assert [row[header.index("n")] for row in rows if row[2] == "Win rate"] == ["30 → 40"]
    assert (n_change(1_200, 1_345), n_change(345, 345)) == ("1,200 → 1,345", "345 in both")


def test_at_risk_pipeline_is_a_finding_from_min_n_at_risk_deals():
    won = block("Ann", "2025 Q3", won=40, lost=10)  # won cycles are all 30 days
    stale = [deal(f"O{i}", "Bob", "open", date(2025, 6, 1), date(2025, 12, 31), 500.0) for i in range(20)]
    fresh = [deal(f"F{i}", "Bob", "open", date(2025, 9, 20), date(2025, 12, 31), 100.0) for i in range(5)]
    result = quarterly_review(frame(won, stale, fresh), "2025 Q3", AS_OF)
    # Judged as at the quarter's end (30 Sep), not on 15 Nov: the stale deals were open 121 days then,
    # past 30; the fresh ones 10, not. Overdue is not judged on a past day (the close date is the latest).
    assert result.at_risk_deals == 20 and result.open_deals == 25
    at_risk = [plain(f.text) for f in result.findings if f.topic == "at_risk"]
    assert at_risk == [
        "20 of 25 deals open at the end of 2025 Q3 (80%) are at risk, worth $10k (95% of open pipeline value):"
        " open longer than 80% of won deals took from created to close."
    ]
    few = quarterly_review(frame(won, stale[:19]), "2025 Q3", AS_OF)
    assert "at_risk" not in topics(few.findings)


# ---------------------------------------------------------------------------------------------
# ... and do not when n is small or the change tiny


def test_no_finding_on_small_n():
    deals = frame(block("Ann", "2025 Q2", won=2, lost=8), block("Ann", "2025 Q3", won=9, lost=1))
    assert quarterly_review(deals, "2025 Q3", AS_OF).findings == ()


def test_no_finding_for_a_tiny_change_however_certain():
    # 10,000 deals a quarter: 50.0% -> 51.5% is p = 0.034, but 1.5 points.
    deals = frame(block("Ann", "2025 Q2", won=5_000, lost=5_000), block("Ann", "2025 Q3", won=5_150, lost=4_850))
    result = quarterly_review(deals, "2025 Q3", AS_OF)
    assert "win_rate" not in topics(result.findings)


# ---------------------------------------------------------------------------------------------
# Sections


@pytest.fixture
def three_quarters() -> pl.DataFrame:
    return frame(
        block("Ann", "2024 Q3", won=10, lost=10, no_decision=5, amount=200.0),
        block("Ann", "2025 Q2", won=12, lost=10, no_decision=8, amount=100.0),
        block("Ann", "2025 Q3", won=15, lost=5, no_decision=10, amount=100.0),
        block("Cat", "2025 Q3", won=1, lost=2, no_decision=0, amount=100.0),
        [deal("OPEN1", "Cat", "open", date(2025, 9, 1), date(2025, 12, 1), 300.0)],
    )


def test_headline_kpis_match_the_metrics_engine(three_quarters):
    result = quarterly_review(three_quarters, "2025 Q3", AS_OF)
    kpis = {r["kpi"]: r for r in result.kpis.iter_rows(named=True)}
    for label, column in ((result.quarter, "value"), (result.previous, "previous"), (result.last_year, "last_year")):
        engine = outcome_summary(three_quarters, None, *review.periods.quarter_bounds(label)).row(0, named=True)
        assert kpis["win_rate"][column] == pytest.approx(engine["win_rate"])
        assert kpis["no_decision_share_of_losses"][column] == pytest.approx(engine["no_decision_share_of_losses"])
        assert kpis["closed"][column] == engine["closed"]
        assert kpis["won_amount"][column] == pytest.approx(engine["won_amount"])
    # 2025 Q3: 16 won of 33 closed; no decision 10 of 17 losses.
    assert (kpis["win_rate"]["value"], kpis["win_rate"]["n"]) == (pytest.approx(16 / 33), 33)
    assert kpis["no_decision_share_of_losses"]["n"] == 17
    assert kpis["no_decision_share_of_losses"]["small_n"] is True  # 17 < 20


def test_won_value_is_unknown_not_zero_when_the_quarters_won_deals_have_no_amount(three_quarters):
    """Won deals with no amount (none converts to the reporting currency) won an unknown value:
    the tile says "—", as the Overview does, not "$0"; a quarter with amounts still shows them."""
    quarter = review.periods.quarter_bounds("2025 Q3")
    in_q3 = pl.col("close_date").is_between(*quarter) & (pl.col("outcome") == "won")
    unpriced = three_quarters.with_columns(pl.when(in_q3).then(None).otherwise(pl.col("amount")).alias("amount"))
    result = quarterly_review(unpriced, "2025 Q3", AS_OF)
    won = {r["kpi"]: r for r in result.kpis.iter_rows(named=True)}["won_amount"]
    assert won["value"] is None and won["previous"] == pytest.approx(1_200)
    tile = next(t for t in review.headline_tiles(result) if t.kpi == "won_amount")
    assert tile.text == "—" and tile.change is None


def test_hidden_amounts_leave_no_amount_in_any_table(three_quarters):
    result = quarterly_review(three_quarters, "2025 Q3", AS_OF, hide_amounts=True)
    kpis = {r["kpi"]: r for r in result.kpis.iter_rows(named=True)}
    # Won value becomes an index, last quarter = 100: 1,600 against 1,200.
    assert "won_amount" not in kpis
    assert kpis["won_value_index"]["value"] == pytest.approx(100 * 1_600 / 1_200)
    assert kpis["won_value_index"]["previous"] == 100
    for table in (result.no_decision, result.at_risk, result.at_risk_by_profile, result.profiles, result.movers):
        assert not [c for c in table.columns if "amount" in c], table.columns
    assert result.no_decision.filter(pl.col("quarter") == "2025 Q3").item(0, "no_decision_value_share") == pytest.approx(1_000 / 3_300)
    assert all("$" not in f.text for f in result.findings)


def test_no_decision_trend_covers_every_quarter_from_the_datas_first(three_quarters):
    """Every quarter from the first with a closed deal: 2024 Q4 to 2025 Q1, none closed in them, stand with
    no share and $0 (the trend had set 2024 Q3 beside 2025 Q2); the trend's quarters before 2024 Q3, before
    the data begins, are none of its."""
    trend = quarterly_review(three_quarters, "2025 Q3", AS_OF).no_decision
    assert trend.get_column("quarter").to_list() == ["2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3"]
    assert trend.get_column("losses").to_list() == [15, 0, 0, 18, 17]
    assert trend.get_column("no_decision_amount").to_list() == [1_000.0, 0.0, 0.0, 800.0, 1_000.0]
    assert trend.get_column("no_decision_share_of_losses").to_list()[1:3] == [None, None]


def test_profiles_carry_last_quarter_and_the_test(three_quarters):
    profiles = quarterly_review(three_quarters, "2025 Q3", AS_OF).profiles
    assert profiles.get_column("seller_profile").to_list() == ["Challenger", "Lone Wolf"]
    ann = profiles.row(0, named=True)
    assert (ann["won"], ann["n"], ann["previous_n"], ann["rest_n"]) == (15, 30, 30, 3)
    assert ann["verdict"] == "n too small"


def test_a_quarter_without_closed_deals_is_a_clear_error(three_quarters):
    with pytest.raises(NoDataError, match="There are no closed deals in 2023 Q1"):
        quarterly_review(three_quarters, "2023 Q1", AS_OF)
    with pytest.raises(ValueError, match="is not a quarter label"):
        quarterly_review(three_quarters, "2025 Q5", AS_OF)


def test_quarter_labels_and_the_default_quarter(three_quarters):
    available = review.quarters_with_data(three_quarters)
    assert available == ["2025 Q3", "2025 Q2", "2024 Q3"]
    assert review.default_quarter(date(2025, 11, 15), available) == "2025 Q3"
    assert review.default_quarter(date(2025, 8, 1), available) == "2025 Q2"
    assert review.default_quarter(date(2027, 1, 1), available) == "2025 Q3"  # no data in 2026 Q4
    assert quarterly_review(three_quarters, "FY2025 Q3", AS_OF).quarter == "2025 Q3"
    # A July fiscal year: calendar 2025 Q3 (Jul-Sep 2025) is FY2026 Q1.
    assert quarterly_review(three_quarters, "FY2026 Q1", AS_OF, fy_start_month=7).quarter == "FY2026 Q1"


def test_kpi_words():
    assert review.kpi_change_text("rate", 0.46, 0.38, "2025 Q2") == "+8 pts vs 2025 Q2"
    assert review.kpi_change_text("rate", 0.381, 0.379, "2025 Q2") == "±0 pts vs 2025 Q2"
    assert review.kpi_change_text("money", 110.0, 100.0, "2024 Q3") == "+$10 (+10%) vs 2024 Q3"
    assert review.kpi_change_text("count", 90, 100, "2025 Q2") == "-10 vs 2025 Q2"
    assert review.kpi_change_text("money", 110.0, None, "x") is None
    assert review.kpi_value_text("rate", 0.5, 12, True) == "n too small (n = 12)"
    assert review.kpi_value_text("money", 1_250_000.0, 3, False) == "$1.25M"
    assert review.kpi_value_text("money", 1_250_000.0, 3, False, "EUR") == "€1.25M"
    assert review.kpi_value_text("money", 1_250_000.0, 3, False, "CHF") == "CHF 1.25M"


def test_a_small_rates_tile_reads_n_too_small_in_the_page_the_deck_and_the_report():
    """The big type says "n too small" and the n goes under it, on the page and in both exports
    (the report wrote "n too small (n = 5)" in its big type, which wrapped inside the tile)."""
    from winloss.export.words import kpi_rows

    small = quarterly_review(frame(block("Ann", "2025 Q3", won=2, lost=3), block("Ann", "2025 Q2", won=1, lost=1)),
                             "2025 Q3", AS_OF)
    win = next(t for t in review.headline_tiles(small) if t.kpi == "win_rate")
    assert win.small and win.big_text == "n too small" and review.n_text(win, small.quarter) == "n = 5 in 2025 Q3"
    row = next(r for r in kpi_rows(small) if r["label"] == "Win rate")
    assert (row["value"], row["n"]) == ("n too small", "n = 5 in 2025 Q3")


def test_a_tiles_n_names_its_quarter_and_an_empty_compared_quarter_reads_nothing_to_compare():
    """2026 Q3's tiles read "vs 2025 Q3: no deals in 2025 Q3 · n = 128": the 128 (the quarter reviewed)
    read as 2025 Q3's. The n names its quarter, and a compared quarter with nothing in the n says only that
    there is nothing to compare, on the page's lines (change_lines, n_text), in the report and in the deck."""
    import io

    from pptx import Presentation

    from winloss.export.deck import deck_bytes
    from winloss.export.html import report_html
    from winloss.export.words import kpi_rows

    # 2025 Q3: 34 closed deals (12 won, 14 lost, 8 no decision); 2025 Q2: 25; 2024 Q3: none at all.
    result = quarterly_review(frame(block("Ann", "2025 Q3", won=12, lost=14, no_decision=8),
                                    block("Ann", "2025 Q2", won=10, lost=10, no_decision=5)), "2025 Q3", AS_OF)
    assert (result.quarter, result.last_year) == ("2025 Q3", "2024 Q3")
    tiles = {t.kpi: t for t in review.headline_tiles(result)}
    win, nd, closed = tiles["win_rate"], tiles["no_decision_share_of_losses"], tiles["closed"]
    assert review.n_text(win, result.quarter) == "n = 34 in 2025 Q3"
    assert review.n_text(nd, result.quarter) == "n = 22 in 2025 Q3"
    lines = {kpi: review.change_lines(t, result.previous, result.last_year) for kpi, t in tiles.items()}
    assert lines["win_rate"][1] == "no deals in 2024 Q3 to compare"
    assert lines["no_decision_share_of_losses"][1] == "no losses in 2024 Q3 to compare"
    assert lines["closed"][1] == "no closed deals in 2024 Q3 to compare"
    assert closed.kind != "rate" and review.n_text(closed, result.quarter) == ""
    # The quarter before has enough deals: its change is shown, as before.
    assert lines["win_rate"][0].endswith("vs 2025 Q2") and win.change
    rows = {r["label"]: r for r in kpi_rows(result)}
    assert (rows["Win rate"]["n"], rows["Win rate"]["yoy"]) == ("n = 34 in 2025 Q3", "no deals in 2024 Q3 to compare")
    said = [report_html(result), "\n".join(sh.text_frame.text for s in Presentation(io.BytesIO(deck_bytes(result))).slides
                                           for sh in s.shapes if sh.has_text_frame)]
    for written in said:
        assert "no deals in 2024 Q3 to compare" in written and "no losses in 2024 Q3 to compare" in written
        assert "vs 2024 Q3: no deals in 2024 Q3" not in written
    html = said[0]
    # In the report the n is under the value it is of, before the lines that compare.
    assert html.index("n = 34 in 2025 Q3") < html.index("no deals in 2024 Q3 to compare")
    # A quarter reviewed on too few deals says so in its value and its n beside it, once: the lines say what
    # else there is (they read "vs 2024 Q3: no deals in 2024 Q3; 2025 Q3 n too small (5 deals)").
    tiny = quarterly_review(frame(block("Ann", "2025 Q3", won=2, lost=3), block("Ann", "2025 Q2", won=10, lost=15)),
                            "2025 Q3", AS_OF)
    small = next(t for t in review.headline_tiles(tiny) if t.kpi == "win_rate")
    assert review.change_lines(small, tiny.previous, tiny.last_year) == (
        "vs 2025 Q2: Q3 n too small", "no deals in 2024 Q3 to compare")


def test_a_small_rates_tile_says_its_quarters_n_once():
    """The Win rate tile read "n = 5 in 2026 Q3 · vs 2026 Q2: Q3 and Q2 n too small (5 and 2 deals) · vs 2025
    Q3: no deals in 2025 Q3; 2026 Q3 n too small (5 deals)": Q3's n three times. Each quarter's once."""
    import io

    from pptx import Presentation

    from winloss.export.deck import deck_bytes
    from winloss.export.words import kpi_rows

    both = quarterly_review(frame(block("Ann", "2025 Q3", won=2, lost=3), block("Ann", "2025 Q2", won=1, lost=1)),
                            "2025 Q3", AS_OF)
    win = next(t for t in review.headline_tiles(both) if t.kpi == "win_rate")
    said = " · ".join((review.n_text(win, both.quarter), *review.change_lines(win, both.previous, both.last_year)))
    assert said == "n = 5 in 2025 Q3 · vs 2025 Q2: Q2 n too small (2 deals) · no deals in 2024 Q3 to compare"
    row = next(r for r in kpi_rows(both) if r["label"] == "Win rate")
    assert (row["n"], row["qoq"], row["yoy"]) == ("n = 5 in 2025 Q3", "vs 2025 Q2: Q2 n too small (2 deals)",
                                                  "no deals in 2024 Q3 to compare")
    # The deck gives the n too, as the page and the report do: its reasons no longer do.
    deck = "\n".join(sh.text_frame.text for s in Presentation(io.BytesIO(deck_bytes(both))).slides
                     for sh in s.shapes if sh.has_text_frame)
    assert "n = 5 in 2025 Q3\nvs 2025 Q2: Q2 n too small (2 deals)\nno deals in 2024 Q3 to compare" in deck, deck
    # A count's tile gives no n beside its value: its reason keeps every side's count.
    assert text.withheld_change([("Q3", 5), ("Q2", 2)], "deals") == "Q3 and Q2 n too small (5 and 2 deals)"
    assert text.withheld_change([("Q3", 5), ("Q2", 2)], "deals", said=("Q3",)) == "Q2 n too small (2 deals)"
