"""What storing a weekly re-export of a report changes in the deals already stored, said before it is
stored: open deals it closes (won, lost, no decision), closed deals whose outcome it changes, open
deals it moves to another stage, by transition with examples. The commit message only counted
"6 updated"; an ops person checking the load and a leader preparing a pipeline review could not see
what moved."""

from __future__ import annotations

from weekly_exports import stored

from winloss.ingest.currency_changes import stored_outcomes_and_currencies
from winloss.ingest.pipeline import prepare, prepare_path
from winloss.ingest.store_effects import deal_changes, reopened
from winloss.store.delta import Store

HEADER = "Opportunity ID,Sales Rep,Stage,Amount,Close Date,Loss Reason\n"
WEEK1 = HEADER + (
    "D-1,Ann,Prospecting,100,2026-12-20,\n"
    "D-2,Ann,Proposal,100,2026-12-20,\n"
    "D-3,Ann,Proposal,100,2026-12-20,\n"
    "D-4,Ann,Negotiation,100,2026-12-20,\n"
    "D-5,Ann,Negotiation,100,2026-12-20,\n"
    "D-6,Ann,Proposal,100,2026-12-20,\n"
    "D-7,Ann,Prospecting,100,2026-12-20,\n"
    "D-8,Ann,Closed Won,100,2026-10-01,\n"
)
# A week later: D-1, D-2, D-4 won, D-3 lost, D-5 lost to no decision, D-6 moved stage, D-7 repriced only,
# D-8 as it was, D-9 new.
WEEK2 = HEADER + (
    "D-1,Ann,Closed Won,100,2026-12-03,\n"
    "D-2,Ann,Closed Won,100,2026-12-03,\n"
    "D-3,Ann,Closed Lost,100,2026-12-03,Price\n"
    "D-4,Ann,Closed Won,100,2026-12-03,\n"
    "D-5,Ann,Closed Lost,100,2026-12-03,No decision\n"
    "D-6,Ann,Negotiation,100,2026-12-20,\n"
    "D-7,Ann,Prospecting,250,2026-12-20,\n"
    "D-8,Ann,Closed Won,100,2026-10-01,\n"
    "D-9,Ann,Prospecting,100,2026-12-20,\n"
)


def test_a_weekly_export_says_which_stored_deals_it_closes_and_moves(tmp_path):
    store = stored(tmp_path, WEEK1)
    said = deal_changes(prepare(WEEK2.encode(), "week2.csv"), store)
    assert said is not None
    assert said.sentence() == (
        "Storing it closes 5 open deals: 3 won (D-1, D-2, D-4), 1 lost (D-3), 1 no decision (D-5); "
        "1 open deal moves stage (D-6: Proposal → Negotiation)."
    )
    # Once stored (the command line stores, then says it; the Data page says it under "Stored as version N").
    assert said.sentence(stored=True) == (
        "It closed 5 open deals: 3 won (D-1, D-2, D-4), 1 lost (D-3), 1 no decision (D-5); "
        "1 open deal moved stage (D-6: Proposal → Negotiation)."
    )
    assert said.as_json(stored=True)["sentence"] == said.sentence(stored=True)
    # The repriced deal (D-7), the one as it was (D-8) and the new one (D-9) are no transition.
    assert said.deals == 6
    assert [(t.before, t.after, t.deals, t.examples) for t in said.transitions] == [
        ("open", "won", 3, ("D-1", "D-2", "D-4")), ("open", "lost", 1, ("D-3",)),
        ("open", "no_decision", 1, ("D-5",)), ("open", "open", 1, ("D-6",)),
    ]
    assert said.as_json()["transitions"][-1] == {
        "from": "open", "to": "open", "deals": 1, "examples": ["D-6"], "stages": [["Proposal", "Negotiation"]]}
    # The stored deals read once for every check before a commit say the same.
    assert deal_changes(prepare(WEEK2.encode(), "week2.csv"), store, stored_outcomes_and_currencies(store)) == said


def test_nothing_is_said_when_the_store_holds_none_of_the_files_deals_or_holds_them_as_they_are(tmp_path):
    store = stored(tmp_path, WEEK1)
    other = HEADER + "X-1,Ann,Closed Won,100,2026-12-03,\n"
    assert deal_changes(prepare(other.encode(), "other.csv"), store) is None
    repriced = WEEK1.replace("D-7,Ann,Prospecting,100", "D-7,Ann,Prospecting,250")
    assert deal_changes(prepare(repriced.encode(), "repriced.csv"), store) is None
    assert deal_changes(prepare(WEEK1.encode(), "week1.csv"), store) is None  # the same bytes: the commit is skipped
    assert deal_changes(prepare(WEEK2.encode(), "week2.csv"), Store(tmp_path / "empty")) is None


def test_a_closed_deal_whose_outcome_changes_later_is_said_and_one_taken_back_is_left_to_reopened(tmp_path):
    """Lost on 3 Dec, no decision on 10 Dec (the CRM's reason changed): a change of outcome. Won
    in the store and open in the file: reopened says it, so it is not said twice."""
    store = stored(tmp_path, WEEK2)
    later = WEEK2.replace("D-3,Ann,Closed Lost,100,2026-12-03,Price", "D-3,Ann,Closed Lost,100,2026-12-10,No decision")
    later = later.replace("D-1,Ann,Closed Won,100,2026-12-03,", "D-1,Ann,Negotiation,100,2026-12-20,")
    prepared = prepare(later.encode(), "week3.csv")
    said = deal_changes(prepared, store)
    assert said is not None and said.sentence() == "Storing it changes 1 stored deal: 1 lost deal becomes no decision (D-3)."
    assert said.sentence(stored=True) == "It changed 1 stored deal: 1 lost deal became no decision (D-3)."
    assert reopened(prepared, store) is not None and reopened(prepared, store).examples == ("D-1",)


def test_a_file_read_in_batches_counts_every_part_and_names_its_first_deals(tmp_path):
    store = stored(tmp_path, HEADER + "".join(f"B-{i},Ann,Proposal,10,2026-12-20,\n" for i in range(9)))
    week2 = tmp_path / "week2.csv"
    week2.write_text(HEADER + "".join(f"B-{i},Ann,Closed Won,10,2026-12-03,\n" for i in range(8, -1, -1)))
    with prepare_path(week2, batch_rows=2) as batched:
        said = deal_changes(batched, store)
    assert said is not None
    assert said.sentence() == "Storing it closes 9 open deals: 9 won (such as B-8, B-7, B-6)."
