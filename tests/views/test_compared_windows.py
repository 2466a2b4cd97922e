"""The Overview and the No decision page compare one quarter with the one before by one rule
(periods.comparison_windows with the data's day and the range's end): the same windows, the same deals,
the same names, whatever day the range starts on. Hand-built deals whose counts are worked out here."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.filters import Filters, applied
from winloss.views import no_decision, overview

AS_OF = date(2025, 12, 4)  # the data's day: E21's close
SCHEMA = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String}


def deal(opp: str, region: str, outcome: str, close: date) -> dict:
    return {
        "opportunity_id": opp, "rep": "Ann", "stage": outcome, "outcome": outcome, "created_date": date(2024, 11, 1),
        "close_date": close, "amount": 1000.0, "currency": "USD", "probability": None, "loss_reason": None,
        "account": f"Account {opp}", "segment": None, "region": region, "product": None, "competitor": None,
        "seller_profile": "Challenger", "team": "East", "manager": "Eve",
    }


# North America: N1 lost on 1 Jan; N2 won on 31 Mar; N3-N5 closed on 1 Apr (won, lost, no decision); N6 won
# on 10 Jun. EMEA: E0 lost on 1 Jan, E1-E20 won on 15 Feb, E21 won on 4 Dec.
DEALS = pl.DataFrame([
    deal("N1", "North America", "lost", date(2025, 1, 1)),
    deal("N2", "North America", "won", date(2025, 3, 31)),
    deal("N3", "North America", "won", date(2025, 4, 1)),
    deal("N4", "North America", "lost", date(2025, 4, 1)),
    deal("N5", "North America", "no_decision", date(2025, 4, 1)),
    deal("N6", "North America", "won", date(2025, 6, 10)),
    deal("E0", "EMEA", "lost", date(2025, 1, 1)),
    *[deal(f"E{i}", "EMEA", "won", date(2025, 2, 15)) for i in range(1, 21)],
    deal("E21", "EMEA", "won", date(2025, 12, 4)),
], schema=SCHEMA)

NORTH_AMERICA = Filters().with_values("region", ["North America"])

CASES = {
    # 2025 Q2 to 1 Apr (N3-N5) against Q1 to 1 Jan (N1): the range's first day, 31 Mar, is not Q1's.
    "cut on both sides": (NORTH_AMERICA, date(2025, 3, 31), date(2025, 4, 1),
                          ("2025 Q2 to 1 Apr", "2025 Q1 to 1 Jan"), (3, 1), (2, 1)),
    # Without a filter E0 closed on 1 Jan too.
    "every region": (Filters(), date(2025, 3, 31), date(2025, 4, 1),
                     ("2025 Q2 to 1 Apr", "2025 Q1 to 1 Jan"), (3, 2), (2, 2)),
    # From 1 Apr to Q2's end: Q2 whole (N3-N6) against Q1 whole (N1, N2), neither cut.
    "whole quarters": (NORTH_AMERICA, date(2025, 4, 1), date(2025, 6, 30),
                       ("2025 Q2", "2025 Q1"), (4, 2), (2, 1)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_no_decision_page_compares_the_windows_the_overview_compares(case) -> None:
    filters, start, end, names, closed, losses = CASES[case]
    deals = applied(DEALS.lazy(), filters)
    ov = overview.overview(deals, filters, start, end, as_of=AS_OF)
    nd = no_decision.no_decision(deals, filters, start, end, AS_OF)
    change = ov.change.row(0, named=True)
    assert (change["quarter"], change["previous_quarter"]) == names
    assert (change["closed"], change["closed_previous"]) == closed
    assert (change["no_decision_share_of_losses_n"], change["no_decision_share_of_losses_n_previous"]) == losses
    # Each side's closed deals and losses, as the No decision page's tiles gate their changes on them.
    assert nd.quarter == names[0]
    share_of_closed, share_of_losses = nd.tiles[0], nd.tiles[1]
    closed_tile, losses_tile = ov.volumes[0], ov.rates[2]
    # A count's change is exact, never withheld (rates.change_min_n); the No decision page's rate on those closed
    # deals is, naming the windows the Overview's count compares.
    assert closed_tile.withheld is None and closed_tile.versus is not None
    assert share_of_closed.withheld is not None and share_of_closed.withheld.startswith(f"{closed_tile.versus}: ")
    assert share_of_losses.withheld == losses_tile.withheld and losses_tile.withheld is not None
    assert f"({closed[0]} and {closed[1]} closed deals)" in share_of_closed.withheld
    assert f"({losses[0]} and {losses[1]} losses)" in losses_tile.withheld


def test_a_quarter_the_ranges_start_cuts_is_compared_by_its_days_on_both_pages() -> None:
    """From 15 May to Q2's end: Q2 from 15 May (N6) against the same days of Q1, from 14 Feb (E1-E20, N2),
    which lie before the range: the Overview had named it "2025 Q2" and counted Q2 whole against Q1 whole.
    Q1's days are counted whole though the range holds none of them, so a side with no loss there has none:
    "no losses", as every empty side; it had been said to lie before the range, with a step showing nothing."""
    deals = DEALS.lazy()
    start, end = date(2025, 5, 15), date(2025, 6, 30)
    ov = overview.overview(deals, Filters(), start, end, as_of=AS_OF)
    nd = no_decision.no_decision(deals, Filters(), start, end, AS_OF)
    change = ov.change.row(0, named=True)
    assert (change["quarter"], change["previous_quarter"]) == ("2025 Q2 from 15 May", "2025 Q1 from 14 Feb")
    assert (change["closed"], change["closed_previous"]) == (1, 21)
    assert ov.trend["quarter"].to_list() == nd.trend["quarter"].to_list() == ["2025 Q2 from 15 May"]
    closed_tile, losses_tile = ov.volumes[0], ov.rates[2]
    versus = "2025 Q2 from 15 May vs Q1 from 14 Feb"
    assert closed_tile.withheld is None and closed_tile.versus == versus  # a count's change: exact, never withheld
    assert losses_tile.withheld == f"{versus}: no losses in Q2 from 15 May or Q1 from 14 Feb"
    assert nd.quarter == "2025 Q2 from 15 May"
    assert nd.tiles[0].withheld == f"{versus}: Q2 from 15 May n too small (1 closed deal)"
    assert nd.tiles[1].withheld == losses_tile.withheld


def test_a_previous_quarter_before_the_range_is_compared_with_its_deals_and_an_empty_side_says_no_deals() -> None:
    """Quarter to date, 1 Oct - 15 Nov 2026: Q3 to the same day (1 Jul - 15 Aug) lies wholly before the range, yet
    its deals are counted in every change (measures.trends.deltas reads every deal up to the range's end). Its
    four wins give the count and the won value their change; it holds no loss and no no-decision deal, which the
    tiles say so. They had said "Q3 to the same day lies before the selected range (choose Custom range ... and
    start it on 1 Jul 2026 to see it)", a range that would show no loss either."""
    as_of = date(2026, 11, 15)
    deals = pl.DataFrame([
        *[deal(f"W{i}", "EMEA", "won", date(2026, 7, 20)) for i in range(4)],
        deal("Q1", "EMEA", "won", date(2026, 10, 10)),
        deal("Q2", "EMEA", "lost", date(2026, 11, 1)),
        deal("Q3", "EMEA", "no_decision", date(2026, 11, 2)),
    ], schema=SCHEMA).lazy()
    filters = Filters(preset="quarter_to_date")
    start, end = date(2026, 10, 1), as_of
    ov = overview.overview(deals, filters, start, end, as_of=as_of)
    nd = no_decision.no_decision(deals, filters, start, end, as_of)
    versus = "2026 Q4 to date vs Q3 to the same day"
    closed_tile, won_tile, losses_tile = ov.volumes[0], ov.volumes[1], ov.rates[2]
    # The premise: Q3's deals, all before the range, are what the changes are taken against.
    assert (closed_tile.change, closed_tile.versus, closed_tile.values) == ("-1", versus, "3 vs 4")
    assert won_tile.withheld is None and won_tile.values == "$1k vs $4k"
    # Q3 has no loss: said as every empty side is, on both pages alike.
    assert losses_tile.withheld == f"{versus}: no losses in Q3 to the same day; Q4 to date n too small (2 losses)"
    assert nd.tiles[1].withheld == losses_tile.withheld
    assert nd.tiles[2].withheld == f"{versus}: no deals lost to no decision in Q3 to the same day"
    said = " ".join(t.withheld or "" for t in (*ov.rates, *ov.volumes, ov.value_index, *nd.tiles))
    assert "lies before" not in said and "Custom range" not in said
