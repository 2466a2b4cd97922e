"""Every figure shown rounds a half up, by the one rule percentages follow (text.half_up): short amounts
rounded a half to the even figure ("$250,500" read "$250k", "3,985,000" "3.98M"), as did whole amounts,
a quarter's count of deals, days and the won value index."""

from __future__ import annotations

import polars as pl
import pytest

from winloss import text
from winloss.present import charts
from winloss.views.deal_lists import whole_amounts
from winloss.views.review import kpi_value_text


@pytest.mark.parametrize(("value", "shown"), [
    (250_500, "251k"), (3_985_000, "3.99M"), (1_005, "1.01k"), (2_665, "2.67k"), (-250_500, "-251k"),
    (999_500, "1M"), (4_990_000, "4.99M"), (23_420, "23.4k"), (950, "950"), (0, "0"), (0.000_123_5, "0.000124"),
])
def test_a_short_amount_rounds_a_half_up(value, shown):
    assert text.compact(value) == shown


def test_money_writes_the_rounded_amount():
    assert text.money(250_500) == "$251k" and text.money(3_985_000, "EUR") == "€3.99M"
    assert text.whole_money(14_200.5) == "$14,201" and text.whole_money(-0.5) == "-$1"


def test_the_rule_itself():
    assert [text.whole(v) for v in (0.5, 1.5, 2.5, -2.5, 12.4999)] == [1, 2, 3, -3, 12]
    assert str(text.half_up(1_250, -2)) == "1.3E+3" and text.decimals(0.0445, 3) == "0.045"
    with pytest.raises(ValueError, match="not a number"):
        text.half_up(float("nan"))


def test_a_quarters_count_of_deals_rounds_a_half_hundred_up():
    assert charts.quarter_count(1_250) == "1.3k" and charts.quarter_count(2_450) == "2.5k"


def test_median_days_round_a_half_up():
    cycle = pl.DataFrame({"outcome": ["won"], "deals": [40], "median_days": [12.5], "p25_days": [6.5],
                          "p75_days": [20.5]})
    figure = charts.cycle_bars(cycle, title="t")
    said = " ".join(str(t) for trace in figure.data for t in (list(trace.text or []) + list(trace.hovertext or [])))
    assert "13 days" in said and "took 7–21 days" in said and "12 days" not in said


def test_the_won_value_index_rounds_a_half_up():
    assert kpi_value_text("index", 102.5, 40, False) == "103"


def test_a_deal_lists_grid_shows_amounts_rounded_a_half_up():
    listed = pl.DataFrame({"amount": [271_004.5, 14_200.4, None, 2.5]})
    assert whole_amounts(listed).get_column("amount").to_list() == [271_005.0, 14_200.0, None, 3.0]


def test_a_deal_lists_exported_amount_rounds_a_half_cent_up():
    """The amount as the file wrote it (All columns) was left to the grid's "%,.2f", which rounds the float:
    1.005 read "1.00" and 0.145 "0.14" where text.half_up, as written, makes them 1.01 and 0.15."""
    listed = pl.DataFrame({"amount": [1.0, 2.0, 3.0, None], "exported_amount": [1.005, 0.145, 18_200.0, None]})
    assert whole_amounts(listed).get_column("exported_amount").to_list() == [1.01, 0.15, 18_200.0, None]
    assert [f"{v:,.2f}" for v in whole_amounts(listed).get_column("exported_amount").drop_nulls()] == ["1.01", "0.15", "18,200.00"]
