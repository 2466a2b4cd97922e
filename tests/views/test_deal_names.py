"""A deal list cut every deal's name to its account's ("Silverline Media B.V. - C"): the CRM names a
deal after its account, so beside the Account column only the rest of the name tells two deals apart.
The list now shows that rest, sized to its longest, and the name whole on its every-columns view."""

from __future__ import annotations

import polars as pl
import pytest

from ui import drill
from winloss import text
from winloss.views.common import without_empty_details
from winloss.views.deal_lists import DEAL_NAME, FULL_DEAL_NAME, short_deal_name, with_short_deal_names


@pytest.mark.parametrize(("name", "account", "shown"), [
    ("Kestrel Freight AG - Route Planner", "Kestrel Freight AG", "Route Planner"),
    ("kestrel  FREIGHT ag: Renewal 2027", "Kestrel Freight AG", "Renewal 2027"),  # case and spacing folded
    ("Ørsted Byg A/S – Expansion", "Ørsted Byg A/S", "Expansion"),  # an en dash
    ("Mühle GmbH — Pilot (phase 2)", "MÜHLE GMBH", "Pilot (phase 2)"),  # an em dash, accents folded
    ("Acme (UK) Ltd. - Support", "Acme (UK) Ltd.", "Support"),  # the account's own punctuation is literal
])
def test_a_deal_named_after_its_account_shows_the_rest_of_its_name(name: str, account: str, shown: str) -> None:
    assert short_deal_name(name, account) == shown


@pytest.mark.parametrize(("name", "account"), [
    ("Kestrel Freightways - Renewal", "Kestrel Freight"),  # starts like the account, is another name
    ("Kestrel-Renewal", "Kestrel"),  # no separator: the hyphen is part of a word
    ("Kestrel Freight AG", "Kestrel Freight AG"),  # the account's name alone
    ("Kestrel Freight AG - ", "Kestrel Freight AG"),  # nothing after the separator
    ("Renewal - Kestrel Freight AG", "Kestrel Freight AG"),  # the account at the end
    ("Acme. - Support", "Acme ."),  # a name of the account's letters is not the account
    ("Kestrel - Renewal", None),  # no account beside it
    ("Kestrel - Renewal", "  "),
])
def test_any_other_deal_name_is_shown_as_it_is(name: str, account: str | None) -> None:
    assert short_deal_name(name, account) == name
    assert short_deal_name(None, account) is None


def test_a_list_keeps_each_deals_name_whole_beside_the_shown_one() -> None:
    deals = pl.DataFrame({"account": ["Kestrel AG", "Lynx BV", None], DEAL_NAME: ["Kestrel AG - Fleet", "Pilot", "X - Y"],
                          "rep": ["a", "b", "c"]})
    shown = with_short_deal_names(deals)
    assert shown.columns == ["account", DEAL_NAME, "rep", FULL_DEAL_NAME]
    assert shown.get_column(DEAL_NAME).to_list() == ["Fleet", "Pilot", "X - Y"]
    assert shown.get_column(FULL_DEAL_NAME).to_list() == deals.get_column(DEAL_NAME).to_list()
    # No name shortened, no name column, or no account: the list as it was (no second column of the same names).
    assert with_short_deal_names(deals.slice(1)).equals(deals.slice(1))
    assert with_short_deal_names(deals.drop("account")).equals(deals.drop("account"))
    assert with_short_deal_names(deals.drop(DEAL_NAME)).equals(deals.drop(DEAL_NAME))


def test_a_list_of_won_deals_has_no_loss_reason_column() -> None:
    """The deals behind the Won bar showed a Loss reason of "—" in every row."""
    won = pl.DataFrame({"account": ["A", "B"], "outcome": ["won", "won"], "loss_reason": [None, None],
                        "region": ["EMEA", None]}, schema_overrides={"loss_reason": pl.String})
    assert without_empty_details(won).columns == ["account", "outcome", "region"]
    lost = won.with_columns(pl.Series("loss_reason", [None, "Price"]))
    assert "loss_reason" in without_empty_details(lost).columns  # one reason given: the column stays


def test_the_deal_column_takes_its_longest_name_and_the_reason_its_longest_reason() -> None:
    """At 1280 px the reason kept 272 px for a reason no deal had while the name was held at 140 px."""
    reasons = ["Open 88 days (over 67); overdue 5 days", "Open 146 days (over 67)"]
    names = ["Kestrel Freight Logistics AG - Route Planner Enterprise", "Lynx BV - Pilot"]
    frame = with_short_deal_names(pl.DataFrame({
        "account": ["Kestrel Freight Logistics AG", "Lynx BV"], DEAL_NAME: names, "rep": ["a", "b"],
        "amount": [1.0, 2.0], "reason": reasons, "close_date": ["x", "y"]}))
    widths = {"account": drill.ACCOUNT_WIDTH, DEAL_NAME: drill.DEAL_WIDTH, "rep": drill.REP_WIDTH,
              "amount": drill.AMOUNT_WIDTH, "reason": drill.REASON_WIDTH, "close_date": drill.DAY_WIDTH}
    sized = drill.text_sized_widths(frame, widths, drill.LIST_WIDTH)
    reason_px = max(text.text_px(r) for r in reasons) + drill.CELL_PADDING
    assert reason_px <= sized["reason"] < drill.REASON_WIDTH  # whole, and no wider
    assert sized[DEAL_NAME] >= text.text_px("Route Planner Enterprise") + drill.CELL_PADDING > drill.DEAL_WIDTH
    # The room's columns and the reason still fit the list: none goes to the switch.
    order = drill.grid_columns(frame.columns, widths=sized, room=drill.LIST_WIDTH)
    assert order[:5] == ["account", DEAL_NAME, "rep", "amount", "reason"]
    # A name longer than the room leaves takes what is left, never less than DEAL_WIDTH, never more than the cap.
    long = frame.with_columns(pl.lit("W" * 80).alias(DEAL_NAME))
    assert drill.text_sized_widths(long, widths, drill.LIST_WIDTH)[DEAL_NAME] == min(
        drill.DEAL_MAX_WIDTH, drill.LIST_WIDTH - sum(sized[c] for c in ("account", "rep", "amount", "reason")))
    assert drill.text_sized_widths(long, widths, 400)[DEAL_NAME] == drill.DEAL_WIDTH
    assert drill.text_sized_widths(long, widths, 4000)[DEAL_NAME] == drill.DEAL_MAX_WIDTH
    # A short name keeps room for its header and sort arrow.
    short = frame.with_columns(pl.lit("A").alias(DEAL_NAME))
    assert drill.text_sized_widths(short, widths)[DEAL_NAME] == drill.sortable_header_width("Deal")
