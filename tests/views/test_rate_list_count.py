"""A deal list behind a win rate's bar says how its deals relate to the bar's n: with the rate that
leaves no-decision deals out, the list keeps them and says the bar's n counts only the won and lost."""

from __future__ import annotations

from winloss.rates import Denominator
from winloss.views.deal_lists import count_sentence

CHALLENGER = ["won"] * 4 + ["lost"] * 6 + ["no_decision"] * 3  # the review's bar: n = 10, 13 listed


def test_a_list_behind_a_rate_without_no_decision_says_which_deals_its_n_counts() -> None:
    assert count_sentence(CHALLENGER, Denominator.EXCLUDING_NO_DECISION) == (
        "13 deals: the 10 in the win rate (won or lost) and 3 no decision, which this win rate leaves out.")


def test_open_deals_beside_them_are_named_apart() -> None:
    said = count_sentence([*CHALLENGER, "open"], Denominator.EXCLUDING_NO_DECISION)
    assert said == ("14 deals: the 10 in the win rate (won or lost) and 3 no decision, which this win rate "
                    "leaves out; 1 other deal (open).")


def test_a_list_every_deal_of_which_the_rate_counts_says_its_count_alone() -> None:
    assert count_sentence(CHALLENGER, Denominator.CLOSED) == "13 deals."
    assert count_sentence(["won", "lost"], Denominator.EXCLUDING_NO_DECISION) == "2 deals."
    assert count_sentence(["no_decision"]) == "1 deal."


RELATIONSHIP_BUILDER = ["lost"] * 36 + ["no_decision"] * 38  # the profile's no-decision share: n = 74


def test_a_list_behind_a_share_of_losses_says_its_deals_are_that_shares_n() -> None:
    assert count_sentence(RELATIONSHIP_BUILDER, losses=True) == (
        "74 deals, the n of No decision ÷ losses: 38 no decision and 36 lost.")


def test_a_list_behind_a_share_of_losses_names_the_deals_it_leaves_out() -> None:
    said = count_sentence([*RELATIONSHIP_BUILDER, *["won"] * 27], Denominator.CLOSED, losses=True)
    assert said == "101 deals: the 74 in this share (lost or no decision) and 27 won, which it leaves out."
    assert count_sentence([*RELATIONSHIP_BUILDER, "won", "open"], losses=True) == (
        "76 deals: the 74 in this share (lost or no decision) and 1 won, which it leaves out; 1 other deal (open).")
    assert count_sentence(["no_decision", "open"], losses=True) == (
        "2 deals: the 1 in this share (lost or no decision); 1 other deal (open).")
