"""A stage mapping the user chooses is not a change in the CRM: before a commit, the file's rows are compared
with the stored deals read under the file's own mappings, so the deals only the mapping changes are said as
the mapping's doing, never as closed deals the file takes back (which asks the user to confirm the CRM
changed them); and once stored, what a mapping changed, or why it changed nothing."""

from __future__ import annotations

from parked_exports import WEEK1, WEEK2
from weekly_exports import stored

from winloss.ingest.mapping_effects import mapping_effects, stored_outcome_frame
from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.store_effects import deal_changes, reopened


def test_a_mapping_chosen_with_the_next_export_is_not_warned_of_as_deals_the_export_takes_back(tmp_path):
    """Week 1 stored the Parked deals as lost; week 2 with "Parked" mapped to no decision was warned of as
    "2 deals closed in the store are closed on the same date with another outcome in this file ... If the CRM
    corrected them, store it", and the summary said they "change outcome ..., as the warning on them says".
    The mapping's deals are named as the file's are, by their deal names: the sentence had named the file's
    '("Open one")' and the mapping's "(P-1, P-2)" beside it; --json keeps the ids."""
    store = stored(tmp_path, WEEK1)
    week2 = prepare(WEEK2.encode(), "week2.csv", stage_outcomes={"Parked": "no_decision"})
    assert reopened(week2, store) is None
    changes = deal_changes(week2, store)
    assert changes is not None and changes.taken_back == 0
    assert changes.sentence() == (
        'Storing it closes 1 open deal: 1 won ("Open one"); 2 stored '
        "deals change from lost to no decision because you map "
        "'Parked' to No decision (\"Parked one\", \"Parked two\").")
    assert changes.sentence(stored=True).endswith(
        "2 stored deals changed from lost to no decision because you mapped 'Parked' to No decision (\"Parked one\", \"Parked two\").")
    assert changes.as_json()["stage_mappings"]["stages"][0]["examples"] == ["P-1", "P-2"]
    assert changes.deals == commit(store, week2).change.updated == 3


def test_a_deal_the_file_does_take_back_is_still_warned_of_beside_a_mapping(tmp_path):
    """The comparison is under the same mapping, not switched off: a won deal the file has open is taken back."""
    store = stored(tmp_path, WEEK1)
    older = WEEK1.replace("W-1,Signed one,Contract Signed,Ann Lee,100,2026-09-01,true,true",
                          "W-1,Signed one,Proposal Out,Ann Lee,100,2026-12-01,false,false")
    said = reopened(prepare(older.encode(), "older.csv", stage_outcomes={"Parked": "no_decision"}), store)
    assert said is not None and (said.deals, said.examples) == (1, ("W-1",))


def test_a_mapping_its_deals_own_flags_overrule_says_it_changes_none_and_why(tmp_path):
    """"Stage mapping saved: 'Contract Signed' → No decision; it applies to stored deals and later files" was
    said though every deal at that value stays won by its own flags."""
    store = stored(tmp_path, WEEK2)
    effects = mapping_effects(stored_outcome_frame(store), store.no_decision_reasons(), {},
                              {"Contract Signed": "no_decision", "Parked": "no_decision"})
    assert effects is not None and effects.changed == 2
    assert effects.saved_sentence() == (
        "Stage mappings saved: 'Contract Signed' → No decision, which counts none of the 2 stored deals at that value: "
        "they keep Won, as their own status or closed/won columns say, and a mapping never overrides those; 'Parked' → "
        'No decision, which counts 2 stored deals as no decision (it changed 2 from lost to no decision: "Parked one", "Parked two"). '
        "They apply to later files too.")
