"""The deals behind a number, on the hand-built deals."""

from __future__ import annotations

import polars as pl
import pytest
from small_deals import Q1_2025, ids

from winloss.measures.behind import BLANK_CELL, deals_behind
from winloss.rates import Denominator


def test_deals_behind(deals: pl.LazyFrame) -> None:
    assert ids(deals_behind(deals, *Q1_2025, rep="Ann", outcome="won")) == ["D02", "D01"]
    # Everything counted for Cat in Q1: D09 and D08 (D10 closed in 2024).
    assert ids(deals_behind(deals, *Q1_2025, rep="Cat")) == ["D09", "D08"]
    assert ids(deals_behind(deals, outcome="closed", quarter="2024 Q4")) == ["D10"]
    behind_rate = deals_behind(
        deals, *Q1_2025, rep="Bob", outcome=Denominator.EXCLUDING_NO_DECISION.outcomes
    )
    assert ids(behind_rate) == ["D06", "D05"]
    assert ids(deals_behind(deals, *Q1_2025, outcome="open")) == ["D11", "D13"]
    both = deals_behind(deals, *Q1_2025, rep=["Ann", "Bob"], outcome="no_decision")
    assert ids(both) == ["D07", "D04"]
    # An unset widget (None) filters nothing.
    assert deals_behind(deals, *Q1_2025, rep=None).height == 11
    with pytest.raises(ValueError, match="no column"):
        deals_behind(deals, *Q1_2025, colour="red")


def test_deals_behind_a_fiscal_quarter(deals: pl.LazyFrame) -> None:
    # FY2025 Q4 with a February start is Nov 2024 - Jan 2025: D10 and D01 closed in it.
    frame = deals_behind(deals, outcome="closed", quarter="FY2025 Q4", fy_start_month=2)
    assert ids(frame) == ["D01", "D10"]


def test_a_blank_bar_lists_the_deals_with_an_empty_cell(deals: pl.LazyFrame) -> None:
    # The "(blank)" region bar of Q1's closed deals: Cat's D08 and D09 have no region (D10 is 2024).
    assert ids(deals_behind(deals, *Q1_2025, outcome="closed", region=BLANK_CELL)) == ["D09", "D08"]
    # "(no reason given)" among lost and no-decision deals: D09 only; won D08 has no reason too.
    no_reason = deals_behind(deals, *Q1_2025, outcome=("lost", "no_decision"), loss_reason=BLANK_CELL)
    assert ids(no_reason) == ["D09"]
    # A real value is still matched by equality, and the empty cells are not among it.
    assert ids(deals_behind(deals, *Q1_2025, outcome="no_decision", region="NA")) == ["D07", "D04"]
