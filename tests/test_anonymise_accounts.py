"""Anonymising leaves no row pairing a pseudonym with the real name it stands for, and gives one person
one pseudonym. An account named after its rep ("Bianca Rossi Consulting") was kept while the deal's
name beside it was anonymised: the row read Account "Bianca Rossi Consulting", Deal "Rep 12 Consulting
- Core Platform" (no longer shortened to "Core Platform", as the name no longer started with its
account), on the No decision page, the review, the deck, the HTML report and the rep's downloads. And a
manager who sells too was "Rep 01" as a rep but "Manager 04" as a manager and inside a deal's name."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import app_driver
import polars as pl
import pytest
from anonymised_stores import app_store, export
from rendered import downloaded, rendered_text

from winloss.anonymise import anonymised, name_pseudonyms, other_names, renamed_values
from winloss.deals import page_deals
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.ingest.identity import fold_name
from winloss.filters import linked_filters
from winloss.store.delta import Store
from winloss.views.deal_lists import short_deal_name
from winloss.views.review import review_from_store

REAL = ("Bianca Rossi", "Grace Okafor", "Dana Whitfield", "Victor Lindqvist", "Nadia Petrova")


def leaks(text: str) -> list[str]:
    """The real names `text` spells out whole in any way that folds to them (apart from the engine)."""
    folded = fold_name(text)
    return sorted(name for name in REAL if re.search(rf"(?<!\w){re.escape(fold_name(name))}(?!\w)", folded))


# ---- the engine --------------------------------------------------------------------------------------

DEALS = pl.DataFrame({
    "rep": ["Bianca Rossi", "Dana Whitfield", "Grace Okafor", "Bianca Rossi"],
    "manager": ["Nadia Petrova", "Grace Okafor", "Victor Lindqvist", "Nadia Petrova"],
    "account": ["Bianca Rossi Consulting", "Contoso Ltd", "Grace Okafor's Bakery", "BIANCA ROSSI CONSULTING"],
    "opportunity_name": ["Bianca Rossi Consulting - Core Platform", "Contoso Ltd - Expansion escalated by Grace Okafor",
                         "Grace Okafor's Bakery: Renewal (Dana Whitfield)", "Bianca  Rossi Consulting – Integrations"],
    "team": ["Nadia Petrova's team", "East", "East", "Nadia Petrova's team"],
    "loss_reason": [None, "Grace Okafor left", None, None],
    "close_date": [date(2026, 1, 5), date(2026, 2, 5), date(2026, 3, 5), date(2026, 4, 5)],
})


def test_an_account_or_team_naming_a_person_is_anonymised_and_the_list_shortens_the_name_alike():
    masked = anonymised(DEALS)
    assert leaks("\n".join(str(v) for row in masked.iter_rows() for v in row)) == []
    assert leaks("\n".join(str(v) for row in DEALS.iter_rows() for v in row)) == list(sorted(REAL)), "the search can fail"
    bianca = masked.get_column("rep")[0]
    assert masked.get_column("account").to_list()[0] == f"{bianca} Consulting"
    assert masked.get_column("team").to_list()[0] == f"{masked.get_column('manager')[0]}'s team"
    # Each deal's name reads in a list beside its account as it does with names shown, anonymised.
    plain = [short_deal_name(n, a) for n, a in DEALS.select("opportunity_name", "account").iter_rows()]
    shown = [short_deal_name(n, a) for n, a in masked.select("opportunity_name", "account").iter_rows()]
    assert plain[0] == "Core Platform" and plain[3] == "Integrations"
    assert shown[0] == "Core Platform" and shown[3] == "Integrations"
    assert shown[2] == f"Renewal ({masked.get_column('rep')[1]})"


def test_a_manager_who_sells_has_one_pseudonym_and_no_one_else_is_renumbered():
    named = name_pseudonyms(DEALS)
    grace = named["rep"]["Grace Okafor"]
    assert named["manager"]["Grace Okafor"] == grace
    assert named["manager"]["Nadia Petrova"] == "Manager 01" and named["manager"]["Victor Lindqvist"] == "Manager 03"
    masked = anonymised(DEALS)
    assert masked.get_column("manager").to_list()[1] == grace
    assert masked.get_column("opportunity_name").to_list()[1] == f"Contoso Ltd - Expansion escalated by {grace}"
    assert masked.get_column("loss_reason").to_list()[1] == f"{grace} left"


def test_a_manager_the_roster_lists_as_a_rep_with_no_deal_keeps_the_manager_pseudonym():
    """Omar Haddad, with no deal, is in the roster as a rep (under Victor) and as Priya's manager (who has
    no deal either): he was "Rep 05" and "Manager 04" at once."""
    roster = pl.DataFrame({"rep": ["Bianca Rossi", "Priya Raman", "Omar Haddad"],
                           "manager": ["Nadia Petrova", "Omar Haddad", "Victor Lindqvist"]})
    named = name_pseudonyms(DEALS, roster)
    omar = named["manager"]["Omar Haddad"]
    assert omar.startswith("Manager ") and named["rep"]["Omar Haddad"] == omar
    assert {name: named["rep"][name] for name in name_pseudonyms(DEALS)["rep"]} == name_pseudonyms(DEALS)["rep"]
    masked = anonymised(DEALS.with_columns(loss_reason=pl.lit("Omar Haddad said no")), roster)
    assert set(masked.get_column("loss_reason")) == {f"{omar} said no"}


def test_a_team_named_after_someone_is_found_in_either_naming():
    """A team chosen with names shown ("Nadia Petrova's team") and then anonymised matched no team, and
    the sentence saying so repeated the real name above the page."""
    named = name_pseudonyms(DEALS)
    renamed = renamed_values(DEALS, named)
    shown = anonymised(DEALS).get_column("team")[0]
    assert renamed == {"team": {"Nadia Petrova's team": shown}}
    both = {**named, **renamed}
    (linked,) = linked_filters({"team": ["Nadia Petrova's team"]}, {"team": [shown, "East"]}, lambda: other_names(both, True))
    assert linked.kept == (shown,) and not linked.unmatched
    (linked,) = linked_filters({"team": [shown]}, {"team": ["Nadia Petrova's team", "East"]}, lambda: other_names(both, False))
    assert linked.kept == ("Nadia Petrova's team",) and not linked.unmatched


# ---- a store: the pages, their downloads, the review's deck and report --------------------------------

@pytest.fixture(scope="module")
def named_store(tmp_path_factory, sample_store: Path) -> Iterator[Store]:
    """Bianca Rossi sells to "Bianca Rossi Consulting"; Grace Okafor sells and manages Dana Whitfield, one of
    whose deals she escalated; Bianca's team is "Nadia Petrova's team". Closed deals last quarter, open
    ones at risk."""
    path = tmp_path_factory.mktemp("accounts") / "store"
    today = date.today()
    closed, opened = today - timedelta(days=120), today - timedelta(days=300)
    old, due = today - timedelta(days=900), today - timedelta(days=10)  # open for years: at risk
    rows = [("Bianca Rossi", "Bianca Rossi Consulting", "Bianca Rossi Consulting - Core Platform", "Proposal", old, due, "A1"),
            ("Bianca Rossi", "Bianca Rossi Consulting", "Bianca Rossi Consulting - Integrations", "Closed Lost", opened, closed, "A2"),
            ("Bianca Rossi", "Fabrikam", "Fabrikam - Analytics", "Closed Won", opened, closed, "A3"),
            ("Dana Whitfield", "Contoso Ltd", "Contoso Ltd - Expansion escalated by Grace Okafor", "Negotiation", old, due, "B1"),
            ("Dana Whitfield", "Contoso Ltd", "Contoso Ltd - Renewal", "Closed Won", opened, closed, "B2"),
            ("Grace Okafor", "Litware", "Litware - Core Platform", "Closed Lost", opened, closed, "C1"),
            ("Grace Okafor", "Litware", "Litware - Upsell", "Proposal", old, due, "C2")]
    roster = ("Rep Name,Seller Profile,Team,Manager,Region\nBianca Rossi,Lone Wolf,Nadia Petrova's team,Nadia Petrova,APAC\n"
              "Dana Whitfield,Challenger,East,Grace Okafor,AMER\nGrace Okafor,Hard Worker,East,Victor Lindqvist,AMER\n")
    with app_store(path, sample_store, (("export.csv", export(rows)), ("roster.csv", roster.encode()))) as store:
        yield store


def office_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(n).decode("utf-8", "replace") for n in package.namelist())


def test_the_review_deck_and_report_pair_no_pseudonym_with_a_name(named_store):
    plain = review_from_store(named_store)
    assert "Bianca Rossi Consulting" in report_html(plain), "the at-risk list names the accounts: the search can fail"
    review = review_from_store(named_store, anonymize=True)
    masked = page_deals(named_store, anonymise=True)
    grace = masked.filter(pl.col("opportunity_id") == "C1").get_column("rep").item()
    managers = set(masked.get_column("manager").drop_nulls())
    for text in (report_html(review), office_text(deck_bytes(review))):
        assert leaks(text) == []
        assert "Consulting - Core Platform" not in text  # listed as "Core Platform", as with names shown
        assert f"escalated by {grace}" in text
        assert set(re.findall(r"Manager \d+", text)) <= managers


def test_the_no_decision_page_and_a_reps_page_pair_no_pseudonym_with_a_name(named_store, downloads, made_on_click):
    """The No decision page's at-risk list and Dana's page (her manager, her deals and their downloads)."""
    masked = page_deals(named_store, anonymise=True)
    grace = masked.filter(pl.col("opportunity_id") == "C1").get_column("rep").item()
    dana = masked.filter(pl.col("opportunity_id") == "B1").get_column("rep").item()
    page = app_driver.opened("no_decision", anon="true", period="all", present="true")
    assert not page.exception, [e.value for e in page.exception]
    shown = rendered_text(page)
    assert "Core Platform" in shown, "the at-risk list is drawn"
    assert leaks(shown) == []
    listed = [grid.value for grid in page.dataframe if {"account", "opportunity_name"} <= set(grid.value.columns)]
    assert listed, "the at-risk list shows accounts and deal names"
    pairs = {(row["account"], row["opportunity_name"]) for grid in listed for _, row in grid.iterrows()}
    assert (f"{masked.filter(pl.col('opportunity_id') == 'A1').get_column('rep').item()} Consulting", "Core Platform") in pairs
    rep = app_driver.opened("reps", anon="true", period="all", rep=dana)
    assert not rep.exception, [e.value for e in rep.exception]
    shown = rendered_text(rep)
    files = downloaded(downloads) + "\n".join(data.decode("utf-8-sig") for data in made_on_click.values())
    assert "escalated by" in files, "the deals were downloaded"
    assert leaks(shown) == [] and leaks(files) == []
    assert f"manager {grace}" in shown
    assert set(re.findall(r"Manager \d+", shown + files)) <= set(masked.get_column("manager").drop_nulls())
    assert f"escalated by {grace}" in files


def test_anonymising_keeps_a_team_named_after_someone_chosen(named_store):
    """Filtered by "Nadia Petrova's team", then "Anonymise reps" turned on: the same deals, the team chosen
    under its anonymised name, and no sentence repeating the real one; and back."""
    shown = page_deals(named_store, anonymise=True).filter(pl.col("opportunity_id") == "A1").get_column("team").item()
    at = app_driver.opened("overview", period="all", team="Nadia Petrova's team")
    assert not at.exception, [e.value for e in at.exception]
    tiles = [m.value for m in at.metric]
    at.toggle(key="anon").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.metric] == tiles
    assert at.multiselect(key="team").value == [shown] and at.query_params["team"] == shown
    assert leaks(rendered_text(at)) == []
    at.toggle(key="anon").set_value(False).run()
    assert [m.value for m in at.metric] == tiles and at.query_params["team"] == "Nadia Petrova's team"
