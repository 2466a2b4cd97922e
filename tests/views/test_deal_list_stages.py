"""A deal list shows a Stage column only where a stage says more than the outcome: a list of won deals
all "Closed Won" has none; where one is shown, every deal's stage reads as exported."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.ingest.outcomes import outcome_stage_repeats
from winloss.views.common import stages_that_say_more


@pytest.mark.parametrize(("stage", "said"), [
    ("Closed Won", "won"), ("Won", "won"), ("closedwon", "won"), ("Fermé gagné", "won"), ("CLOSED - WON", "won"),
    ("Closed Lost", "lost"), ("Lost", "lost"), ("closedlost", "lost"), ("Geschlossen verloren", "lost"),
    ("Closed - No Decision", "no_decision"), ("No decision", "no_decision"),
    # Salesforce's German, and other languages' "closed and won/lost".
    ("Geschlossen und gewonnen", "won"), ("Geschlossen und verloren", "lost"), ("Fechado e ganho", "won"),
    ("Cerrada y perdida", "lost"), ("Closed and won", "won"),
    # A stage that says more than how the deal closed: none.
    ("Negotiation", None), ("Qualified", None), ("Canceled", None), ("Lost to competitor", None),
    ("Closed", None), ("Won back", None), ("", None), (None, None), ("Und", None), ("Won and lost", None),
])
def test_the_outcome_a_stage_only_repeats(stage, said) -> None:
    assert outcome_stage_repeats(stage) == said


def test_a_list_with_a_stage_that_says_more_shows_every_deals_stage() -> None:
    """The Stage column is shown for the stages that say more than the outcome; there every deal's stage
    reads as exported: "Closed Won" left out read "—" beside another won deal's "Signed", as no stage."""
    deals = pl.DataFrame({
        "opportunity_id": [f"D{i}" for i in range(9)],
        "outcome": ["won", "lost", "no_decision", "no_decision", "open", "lost", "lost", "won", "won"],
        "stage": ["Closed Won", "Closed Lost", "Closed - No Decision", "Closed Lost", "Negotiation",
                  "Qualified", "Canceled", "Closed Lost", None],
    })
    kept = stages_that_say_more(deals)
    assert kept["opportunity_id"].to_list() == deals["opportunity_id"].to_list()  # every row, in order
    assert kept["stage"].to_list() == deals["stage"].to_list()
    signed = pl.DataFrame({"outcome": ["won", "won"], "stage": ["Closed Won", "Signed"]})
    assert stages_that_say_more(signed)["stage"].to_list() == ["Closed Won", "Signed"]


def test_a_list_whose_every_stage_repeats_its_outcome_has_no_stage_column() -> None:
    won = pl.DataFrame({"outcome": ["won", "won", "lost"], "stage": ["Closed Won", "closedwon", "Closed Lost"]})
    assert stages_that_say_more(won).columns == ["outcome"]
    assert stages_that_say_more(won.head(0)).columns == ["outcome"]  # an empty list: no stage says more
    # Without an outcome nothing is compared: the list is as it was.
    assert stages_that_say_more(won.drop("outcome")).equals(won.drop("outcome"))


def test_a_deal_list_has_no_column_of_a_detail_none_of_its_deals_has() -> None:
    """With no region in the data, a deal list's every columns showed a Region column of "—"."""
    from winloss.views.common import without_empty_details

    deals = pl.DataFrame({
        "account": ["A", "B"], "region": [None, None], "segment": [None, "SMB"], "product": [None, None],
        "competitor": ["Acme", None], "loss_reason": [None, None],
    }, schema_overrides={"region": pl.String, "product": pl.String, "loss_reason": pl.String})
    kept = without_empty_details(deals)
    # Region, product and the loss reason say nothing; a segment or competitor one deal has stays (a
    # list of won deals showed a Loss reason of "—" in every row).
    assert kept.columns == ["account", "segment", "competitor"]
    assert without_empty_details(deals.head(0)).columns == []


def test_a_deal_list_has_no_account_column_when_no_deal_has_an_account() -> None:
    """HubSpot's deals export names no company: a rep's deal list and at-risk list showed an Account column of
    "—" in every row, the account not being one of the details the rule looked at. A column of blanks ("" or
    spaces, should one come through) says nothing either; one account among the deals keeps the column."""
    from winloss.views.common import without_empty_details

    listed = pl.DataFrame({"account": [None, None], "opportunity_name": ["Renewal", "Pilot"], "outcome": ["won", "open"],
                           "reason": [None, "Open 240 days (over 67)"]}, schema_overrides={"account": pl.String})
    assert without_empty_details(listed).columns == ["opportunity_name", "outcome", "reason"]
    for blanks in (["", ""], [" ", ""]):
        assert "account" not in without_empty_details(listed.with_columns(pl.Series("account", blanks))).columns
    one = listed.with_columns(pl.Series("account", [None, "Kestrel AG"]))
    assert without_empty_details(one).columns == one.columns
    # An Enum (coded deals' categories) with a value is kept, without one dropped.
    coded = pl.DataFrame({"region": pl.Series([None, "EMEA"], dtype=pl.Enum(["EMEA"]))})
    assert without_empty_details(coded).columns == ["region"]
    assert without_empty_details(coded.head(1)).columns == []
