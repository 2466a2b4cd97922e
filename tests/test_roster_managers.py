"""A roster's managers: a person the roster names as another rep's manager who owns no deals is a manager,
not a rep (winloss.managers). An HR roster's manager row (Dana Whitfield, the manager of every rep, with a
row of her own) was counted in "Reps in the roster" and listed as an Unprofiled rep with 0 deals."""

from __future__ import annotations

import polars as pl

from data_models.vocabulary import UNPROFILED
from winloss.ingest.pipeline import commit, prepare, roster_managers, roster_unmatched_sentence, store_rep_sentences
from winloss.managers import managers_only, managers_sentence
from winloss.store.delta import Store
from winloss.views.data_page import managers_words, store_counts
from winloss.views.roster import roster_changes, roster_for_editing

ROSTER = ("Employee Name,Job Title,Manager,Team,Status,Seller Profile\n"
          "Olivia Hart,Account Executive,Dana Whitfield,East,Active,Challenger\n"
          "Marcus Bell,Account Executive,Dana Whitfield,West,Active,Challenger\n"
          "Tom Becker,Account Executive,Marcus Bell,West,Active,Hard Worker\n"
          "Dana Whitfield,Sales Manager,Chris Young,East,Active,\n"
          "Ann Self,Account Executive,Ann Self,East,Active,\n")
DEALS = ("Opportunity ID,Owner,Stage,Close Date,Amount\n"
         "1,Olivia Hart,Closed Won,2026-08-01,1000\n2,Marcus Bell,Closed Lost,2026-08-02,1000\n"
         "3,Tom Becker,Closed Won,2026-08-03,1000\n")


def test_a_manager_without_deals_is_a_manager_and_one_with_deals_a_rep_too() -> None:
    reps = pl.Series(["Olivia Hart", "Marcus Bell", "Tom Becker", "Dana Whitfield", "Ann Self"])
    managers = pl.Series(["DANA  WHITFIELD", "Dana Whitfield", "Marcus Bell", "Chris Young", "Ann Self"])
    # Dana manages others and owns no deal; Marcus manages Tom and sells; Ann names herself only.
    assert managers_only(reps, managers, pl.Series(["Olivia Hart", "Marcus Bell", "Tom Becker"])) == ["Dana Whitfield"]
    assert managers_only(reps, managers, pl.Series(["Olivia Hart", "Tom Becker"])) == ["Marcus Bell", "Dana Whitfield"]
    assert managers_only(reps, managers, pl.Series(["Dana Whitfield", "Marcus Bell"])) == []


def test_the_roster_report_says_a_manager_is_a_manager_not_a_rep_whose_profile_counts_on_no_deal() -> None:
    said = roster_unmatched_sentence(pl.Series(["Olivia Hart", "Dana Whitfield", "Jon Smith"]), pl.Series(["Olivia Hart"]),
                                     managers=pl.Series(["Dana Whitfield"]))
    assert said is not None
    assert "1 rep in this roster matches no rep in the stored deals (\"Jon Smith\")" in said
    assert said.endswith(managers_sentence(["Dana Whitfield"]) or "")
    assert '"Dana Whitfield" manages reps in this roster and owns no deals: counted as a manager, not a rep' in said
    alone = roster_unmatched_sentence(pl.Series(["Olivia Hart", "Dana Whitfield"]), pl.Series(["Olivia Hart"]),
                                      managers=pl.Series(["Dana Whitfield"]))
    assert alone == managers_sentence(["Dana Whitfield"])


def stored(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    for content, name in ((DEALS, "deals.csv"), (ROSTER, "hr_roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None, prepared.rejected
        commit(store, prepared)
    return store


def test_the_upload_of_a_roster_says_its_manager_is_no_rep(tmp_path) -> None:
    store = Store(tmp_path / "store")
    commit(store, prepare(DEALS.encode(), "deals.csv"))
    roster = prepare(ROSTER.encode(), "hr_roster.csv")
    assert roster_managers(roster).to_list() == ["Dana Whitfield", "Marcus Bell", "Chris Young"]
    said = " ".join(store_rep_sentences(store, roster))
    assert '"Dana Whitfield" manages reps in this roster and owns no deals' in said
    assert '("Ann Self")' in said and '"Dana Whitfield",' not in said  # Ann Self is a rep with no deals yet


def test_reps_in_the_roster_leave_out_a_manager_and_the_roster_table_lists_her_last_without_a_profile(tmp_path) -> None:
    store = stored(tmp_path)
    counts = store_counts(store)
    assert (counts["reps"], counts["managers"]) == (4, 1)
    assert managers_words(store) == managers_sentence(["Dana Whitfield"], "the roster")
    table = roster_for_editing(store.opportunities(), store.roster())
    last = table.row(-1, named=True)
    assert (last["rep"], last["seller_profile"], last["deals"]) == ("Dana Whitfield", None, 0)
    # Ann Self, a rep with no deals and no profile, stays an Unprofiled rep to assign.
    assert table.filter(pl.col("rep") == "Ann Self").item(0, "seller_profile") == UNPROFILED
    assert roster_changes(table, table).height == 0  # her blank profile is no change to save


def test_the_profile_assessment_lists_no_manager_who_owns_no_deals(tmp_path) -> None:
    """The assessment page listed Dana Whitfield as a rep without deals to give a seller profile to."""
    from winloss.profile_sources import reps_to_assess

    store = stored(tmp_path)
    listed = reps_to_assess(store.opportunities(), store.roster(), store.assessments()).get_column("rep").to_list()
    assert "Dana Whitfield" not in listed
    assert {"Olivia Hart", "Marcus Bell", "Tom Becker", "Ann Self"} <= set(listed)  # Marcus manages and sells
