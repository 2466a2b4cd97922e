"""Every chart's CSV by one small-n rule (winloss.views.common.chart_csv): a rate on fewer than 20 deals
is empty, its n beside it, as the chart shows no percentage for it. The Reps page's "Win rate by rep" CSV
wrote win_rate 1.0 for a rep with n = 2, where the outcome mix and loss reasons left their shares empty."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from winloss.ingest.quarantine import excel_safe_csv
from winloss.views.common import chart_csv, named_quarters


def test_a_rate_on_too_few_deals_is_empty_with_its_interval_and_its_n_stays() -> None:
    board = pl.DataFrame({"rep": ["Zoe", "Ann"], "won": [2, 30], "n": [2, 60], "win_rate": [1.0, 0.5],
                          "win_rate_lo": [0.34, 0.38], "win_rate_hi": [1.0, 0.62]})
    written = chart_csv(board)
    assert written.columns == board.columns
    assert written.row(0) == ("Zoe", 2, 2, None, None, None)
    assert written.row(1) == board.row(1)


def test_a_no_decision_share_names_its_n_losses() -> None:
    """The frames call the share's n no_decision_share_of_losses_n; the CSV calls it losses, as the review's does."""
    frame = pl.DataFrame({"region": ["APAC", "EMEA"], "lost": [5, 87], "no_decision": [3, 67],
                          "no_decision_share_of_losses_n": [8, 154], "no_decision_share_of_losses": [0.375, 0.435]})
    written = chart_csv(frame)
    assert written.columns == ["region", "lost", "no_decision", "losses", "no_decision_share_of_losses"]
    assert written["no_decision_share_of_losses"].to_list() == [None, 0.435]


def test_a_rate_without_its_n_is_refused() -> None:
    trend = pl.DataFrame({"quarter": ["2026 Q1"], "n": [4], "win_rate": [0.75], "no_decision_share_of_losses": [1.0]})
    with pytest.raises(ValueError, match="no_decision_share_of_losses needs its n, losses"):
        chart_csv(trend)


def test_a_test_of_two_rates_is_empty_when_either_is_and_the_small_flags_go() -> None:
    profiles = pl.DataFrame({
        "seller_profile": ["Challenger", "Lone Wolf"], "n": [40, 12], "win_rate": [0.5, 0.25], "small_n": [False, True],
        "previous_n": [9, 30], "previous_win_rate": [0.44, 0.3], "previous_small_n": [True, False],
        "rest_n": [12, 40], "rest_win_rate": [0.25, 0.5], "difference": [0.25, -0.25], "p_value": [0.12, 0.12],
    })
    written = chart_csv(profiles).to_dicts()
    assert "small_n" not in written[0] and "previous_small_n" not in written[0]
    assert [r["win_rate"] for r in written] == [0.5, None]
    assert [r["previous_win_rate"] for r in written] == [None, 0.3]
    assert [r["rest_win_rate"] for r in written] == [None, 0.5]
    assert [(r["difference"], r["p_value"]) for r in written] == [(None, None), (None, None)]


def test_shares_of_a_whole_follow_the_same_rule() -> None:
    """An outcome's share of 18 closed deals and a profile's share of 2 top reps are rates on too few."""
    mix = pl.DataFrame({"outcome": ["Won", "Lost"], "deals": [6, 12], "closed": [18, 18], "share_of_closed": [1 / 3, 2 / 3]})
    assert chart_csv(mix)["share_of_closed"].to_list() == [None, None]
    top = pl.DataFrame({"seller_profile": ["Challenger"], "top_count": [2], "top_reps": [2], "top_share": [1.0],
                        "all_count": [9], "ranked_reps": [30], "all_share": [0.3]})
    assert chart_csv(top).row(0, named=True) == {"seller_profile": "Challenger", "top_count": 2, "top_reps": 2,
                                                       "top_share": None, "all_count": 9, "ranked_reps": 30,
                                                       "all_share": 0.3}


def test_the_reviews_at_risk_shares_on_too_few_open_deals_are_empty() -> None:
    """The review's at-risk CSV wrote 'Challenger,10,3,7,0.3,…,0.2951…': shares of 10 open deals, which the
    chart gives as counts alone."""
    at_risk = pl.DataFrame({
        "seller_profile": ["Challenger", "Relationship Builder", "Hard Worker"], "open": [10, 9, 40],
        "at_risk": [3, 1, 10], "on_track": [7, 8, 30], "at_risk_share": [0.3, 1 / 9, 0.25],
        "open_amount": [610.0, 300.0, 2000.0], "at_risk_amount": [180.0, 20.0, 600.0],
        "at_risk_value_share": [0.2951, 0.0667, 0.3], "at_risk_priced": [3, 1, 10]})
    written = chart_csv(at_risk)
    assert written["at_risk_share"].to_list() == [None, None, 0.25]
    assert written["at_risk_value_share"].to_list() == [None, None, 0.3]
    assert written["open"].to_list() == [10, 9, 40]


def test_the_no_decision_value_share_on_too_few_closed_deals_is_empty() -> None:
    """Its n is the closed deals whose amount it divides. Counts of deals with no exchange rate are not
    rates and the study's shares are not measured on these deals: both are written as they are."""
    trend = pl.DataFrame({"quarter": ["2026 Q2", "2026 Q3"], "lost": [20, 3], "no_decision": [20, 2],
                          "losses": [40, 5], "closed": [60, 8], "no_decision_value_share": [0.3, 0.25],
                          "no_decision_no_rate": [0, 2], "study_top_share": [0.39, 0.39]})
    written = chart_csv(trend)
    assert written["no_decision_value_share"].to_list() == [0.3, None]
    assert written["quarter"].to_list() == ["2026-Q2", "2026-Q3"]  # as a file names a quarter (iso_dates)
    assert written.drop("no_decision_value_share", "quarter").equals(trend.drop("no_decision_value_share", "quarter"))


@pytest.mark.parametrize("column", ["renewal_share", "win_rate_of_region", "discount_rate", "share_of_pipeline_lo"])
def test_a_rate_or_share_the_rule_does_not_know_is_refused(column: str) -> None:
    """A share outside the rule's list passed it by, written whatever its n."""
    frame = pl.DataFrame({"seller_profile": ["Challenger"], "n": [3], column: [0.5]})
    with pytest.raises(ValueError, match=f"{column}: a rate or share the small-n rule"):
        chart_csv(frame)



def test_a_charts_csv_names_its_quarters_as_a_file_does_with_the_days_a_cut_one_counts() -> None:
    """A chart's CSV wrote the axis's words: "2026 Q3 to 1 Jul", a day with no year, which a program must parse."""
    trend = named_quarters(pl.DataFrame({"quarter": ["2026 Q2", "2026 Q3"], "n": [40, 12], "win_rate": [0.5, 0.25]}),
                           date(2026, 8, 20), 1, end=date(2026, 7, 1))
    assert trend["quarter"].to_list() == ["2026 Q2", "2026 Q3 to 1 Jul"]  # the page's words
    written = chart_csv(trend)
    assert written.columns[:3] == ["quarter", "quarter_start", "quarter_end"]
    assert written.select("quarter", "quarter_start", "quarter_end").rows() == [
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)), ("2026-Q3", date(2026, 7, 1), date(2026, 7, 1))]
    assert "quarter_start,quarter_end" in excel_safe_csv(written).decode("utf-8-sig").splitlines()[0]
    assert "2026-Q3,2026-07-01,2026-07-01" in excel_safe_csv(written).decode("utf-8-sig")


def test_a_fiscal_quarter_named_by_its_days_is_named_in_its_csv_by_its_fiscal_label() -> None:
    trend = named_quarters(pl.DataFrame({"quarter": ["FY2027 Q1"], "n": [40], "win_rate": [0.5]}),
                           date(2026, 9, 20), 7, start=date(2026, 8, 15))
    assert trend["quarter"].to_list() == ["15 Aug to 20 Sep 2026"]
    assert chart_csv(trend).select("quarter", "quarter_start", "quarter_end").rows() == [
        ("FY2027-Q1", date(2026, 8, 15), date(2026, 9, 20))]


def test_a_quarter_named_in_words_without_its_days_is_refused() -> None:
    with pytest.raises(ValueError, match="'2026 Q3 to 1 Jul' is named in words"):
        chart_csv(pl.DataFrame({"quarter": ["2026 Q3 to 1 Jul"], "n": [40], "win_rate": [0.5]}))
