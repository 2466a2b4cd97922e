"""What storing a weekly re-export of a report changes in the deals already stored, said before it is
stored: open deals it closes (won, lost, no decision), closed deals whose outcome it changes, open
deals it moves to another stage, by transition with examples; then deals changed only in how their
rep is spelt, and deals changed in other fields. The commit message only counted "6 updated"; an ops
person checking the load and a leader preparing a pipeline review could not see what moved, and the
sentence, which said transitions alone, accounted for 7 of "14 updated" when a roster respelt a rep."""

from __future__ import annotations

from weekly_exports import stored
from command_line import run

import json
import re

import polars as pl
import pytest

from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import deal_changes, reopened, updated_by_file
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
        "1 open deal moves stage (D-6: Proposal → Negotiation); 1 deal changes only in its amount (D-7). "
        "1 open deal changes amount (+$150 of pipeline)."
    )
    # Once stored (the command line stores, then says it; the Data page says it under "Stored as version N").
    assert said.sentence(stored=True) == (
        "It closed 5 open deals: 3 won (D-1, D-2, D-4), 1 lost (D-3), 1 no decision (D-5); "
        "1 open deal moved stage (D-6: Proposal → Negotiation); 1 deal changed only in its amount (D-7). "
        "1 open deal changed amount (+$150 of pipeline)."
    )
    assert said.as_json(stored=True)["sentence"] == said.sentence(stored=True)
    # The repriced deal (D-7) is no transition, but an update; the one as it was (D-8) and the new one (D-9) neither.
    assert said.deals == 7
    assert [(t.before, t.after, t.deals, t.examples) for t in said.transitions] == [
        ("open", "won", 3, ("D-1", "D-2", "D-4")), ("open", "lost", 1, ("D-3",)),
        ("open", "no_decision", 1, ("D-5",)), ("open", "open", 1, ("D-6",)),
    ]
    assert said.as_json()["transitions"][-1] == {
        "from": "open", "to": "open", "deals": 1, "examples": ["D-6"], "stages": [["Proposal", "Negotiation"]]}
    assert said.as_json()["other_fields"] == {"deals": 1, "fields": {"amount": 1}, "examples": ["D-7"],
                                                 "rep_moves": []}
    assert commit(store, prepare(WEEK2.encode(), "week2.csv")).change.updated == said.deals


# A week later, open deals repriced: R-1 moved stage too, R-2 only repriced, R-3 moved stage at the same amount,
# R-4 won at another amount (no longer pipeline), R-5 lost its amount, R-6 as it was.
PRICED_WEEK1 = HEADER + (
    "R-1,Ann,Prospecting,10000,2026-12-20,\n"
    "R-2,Ann,Proposal,20000,2026-12-20,\n"
    "R-3,Ann,Proposal,5000,2026-12-20,\n"
    "R-4,Ann,Negotiation,8000,2026-12-20,\n"
    "R-5,Ann,Proposal,3000,2026-12-20,\n"
    "R-6,Ann,Proposal,1000,2026-12-20,\n"
)
PRICED_WEEK2 = HEADER + (
    "R-1,Ann,Negotiation,40000,2026-12-20,\n"
    "R-2,Ann,Proposal,15000,2026-12-20,\n"
    "R-3,Ann,Negotiation,5000,2026-12-20,\n"
    "R-4,Ann,Closed Won,9000,2026-12-03,\n"
    "R-5,Ann,Proposal,,2026-12-20,\n"
    "R-6,Ann,Proposal,1000,2026-12-20,\n"
)


def test_every_open_deal_s_new_amount_is_told_with_the_pipeline_s_change_a_stage_move_s_too(tmp_path):
    """A weekly export said "1 open deal moved stage (R-1 ...); 2 deals changed only in their amount", each deal
    once: R-1's new amount (+$30,000) was in no clause, so a leader read the pipeline's changes as R-2's and R-5's.
    Every open deal kept open with another amount is told, with the pipeline's change in all, a blank amount as
    none; a deal that closed (R-4) is no pipeline's."""
    store = stored(tmp_path, PRICED_WEEK1)
    said = deal_changes(prepare(PRICED_WEEK2.encode(), "week2.csv"), store)
    assert said is not None
    assert said.sentence() == (
        "Storing it closes 1 open deal: 1 won (R-4); 2 open deals move stage (R-1: Prospecting → Negotiation, "
        "R-3: Proposal → Negotiation); 2 deals change in other fields: amount on 2, currency on 1 (R-2, R-5). "
        "3 open deals change amount (+$22,000 of pipeline), 1 of them also moves stage.")
    assert said.sentence(stored=True).endswith(
        "3 open deals changed amount (+$22,000 of pipeline), 1 of them also moved stage.")
    assert said.as_json()["open_amounts"] == {"deals": 3, "moved_stage": 1, "change": {"USD": 22000.0}}
    assert commit(store, prepare(PRICED_WEEK2.encode(), "week2.csv")).change.updated == said.deals == 5


def test_one_repriced_deal_that_moved_stage_and_amounts_in_several_currencies_are_said_so(tmp_path):
    """One deal: "and also moves stage"; all of several: "all of them"; each currency's change apart (no
    rate adds them), and a deal whose currency changes too (the currency warning's) is in none."""
    header = "Opportunity ID,Sales Rep,Stage,Amount,Currency,Close Date\n"
    week1 = header + "C-1,Ann,Proposal,100,EUR,2026-12-20\nC-2,Ann,Proposal,100,USD,2026-12-20\n"
    one = week1.replace("C-1,Ann,Proposal,100", "C-1,Ann,Negotiation,40")
    said = deal_changes(prepare(one.encode(), "week2.csv"), stored(tmp_path / "one", week1))
    assert said is not None and said.sentence(stored=True) == (
        "It changed 1 stored deal: 1 open deal moved stage (C-1: Proposal → Negotiation). "
        "1 open deal changed amount (-€60 of pipeline) and also moved stage.")
    both = one.replace("C-2,Ann,Proposal,100", "C-2,Ann,Negotiation,250")
    said = deal_changes(prepare(both.encode(), "week2.csv"), stored(tmp_path / "both", week1))
    assert said is not None and said.sentence().endswith(
        "2 open deals change amount (-€60 and +$150 of pipeline), all of them also move stage.")
    assert said.as_json()["open_amounts"]["change"] == {"EUR": -60.0, "USD": 150.0}
    other = week1.replace("C-1,Ann,Proposal,100,EUR", "C-1,Ann,Proposal,300,USD")
    said = deal_changes(prepare(other.encode(), "week2.csv"), stored(tmp_path / "other", week1))
    assert said is not None and said.open_amounts is None and "pipeline" not in (said.sentence() or "")


def test_nothing_is_said_when_the_store_holds_none_of_the_files_deals_or_holds_them_as_they_are(tmp_path):
    store = stored(tmp_path, WEEK1)
    other = HEADER + "X-1,Ann,Closed Won,100,2026-12-03,\n"
    assert deal_changes(prepare(other.encode(), "other.csv"), store) is None
    assert deal_changes(prepare(WEEK1.replace("\n", "\r\n").encode(), "week1-again.csv"), store) is None  # as stored
    assert deal_changes(prepare(WEEK1.encode(), "week1.csv"), store) is None  # the same bytes: the commit is skipped
    assert deal_changes(prepare(WEEK2.encode(), "week2.csv"), Store(tmp_path / "empty")) is None


def test_a_closed_deal_whose_outcome_changes_later_is_said_and_one_taken_back_is_left_to_reopened(tmp_path):
    """Lost on 3 Dec, no decision on 5 Dec (the CRM's reason changed): a change of outcome. Won
    in the store and open in the file: reopened says it, so it is not said twice."""
    store = stored(tmp_path, WEEK2)
    later = WEEK2.replace("D-3,Ann,Closed Lost,100,2026-12-03,Price", "D-3,Ann,Closed Lost,100,2026-12-05,No decision")
    later = later.replace("D-1,Ann,Closed Won,100,2026-12-03,", "D-1,Ann,Negotiation,100,2026-12-20,")
    prepared = prepare(later.encode(), "week3.csv")
    said = deal_changes(prepared, store)
    assert said is not None and said.sentence() == (
        "Storing it changes 2 stored deals: 1 lost deal becomes no decision (D-3); "
        "1 closed deal is reopened, as the warning on it says.")
    assert said.sentence(stored=True) == (
        "It changed 2 stored deals: 1 lost deal became no decision (D-3); "
        "1 closed deal was reopened, as the warning on it said.")
    assert reopened(prepared, store) is not None and reopened(prepared, store).examples == ("D-1",)
    # Taken back alone, it is reopened's to say; but counted here, as the commit counts it, so the file's own
    # "updated" comes from this one comparison (it came from reopened's when this said nothing).
    back = prepare(WEEK2.replace("D-1,Ann,Closed Won,100,2026-12-03,", "D-1,Ann,Negotiation,100,2026-12-20,").encode(), "week3.csv")
    alone = deal_changes(back, store)
    assert alone is not None and alone.deals == alone.taken_back == 1 and alone.taken_back_alone
    assert alone.sentence() is None and alone.sentence(stored=True) is None and alone.file_sentence(stored=True) is None
    assert alone.as_json()["sentence"] is None
    assert updated_by_file(alone) == commit(store, back).change.updated == 1


def test_a_file_read_in_batches_counts_every_part_and_names_its_first_deals(tmp_path):
    store = stored(tmp_path, HEADER + "".join(f"B-{i},Ann,Proposal,10,2026-12-20,\n" for i in range(9)))
    week2 = tmp_path / "week2.csv"
    week2.write_text(HEADER + "".join(f"B-{i},Ann,Closed Won,10,2026-12-03,\n" for i in range(8, -1, -1)))
    with prepare_path(week2, batch_rows=2) as batched:
        said = deal_changes(batched, store)
    assert said is not None
    assert said.sentence() == "Storing it closes 9 open deals: 9 won (such as B-8, B-7, B-6)."


# A rep the first export spells with a curly apostrophe, a roster with a straight one, and the week-2
# export as the first: storing week 2 rewrites Tom's deals under the roster's spelling. The commit
# counted them "updated"; the sentence said only the deals that closed or moved stage.
CURLY, STRAIGHT = "Tom O\u2019Brien", "Tom O'Brien"
REPS = HEADER.replace("Loss Reason", "Loss Reason,Opportunity Name")
TOM_WEEK1 = REPS + (
    f"T-1,{CURLY},Prospecting,100,2026-12-20,,Hooli\n"
    f"T-2,{CURLY},Proposal,100,2026-12-20,,Globex\n"
    f"T-3,{CURLY},Closed Lost,100,2026-10-01,Price,Initech\n"
    f"T-4,{CURLY},Closed Won,100,2026-10-01,,Acme\n"
    "A-1,Ann,Prospecting,100,2026-12-20,,Wayne\n"
    "A-2,Ann,Proposal,100,2026-12-20,,Stark\n"
    "A-3,Ann,Proposal,100,2026-12-20,,Umbrella\n"
    "A-4,Ann,Closed Won,100,2026-11-01,,Vandelay\n"
    "A-5,Ann,Proposal,100,2026-12-20,,Soylent\n"
    "A-6,Ann,Closed Won,100,2026-11-01,,Tyrell\n"
)
TOM_WEEK2 = REPS + (
    f"T-1,{CURLY},Closed Won,100,2026-12-01,,Hooli\n"  # closed (and respelt): a transition
    f"T-2,{CURLY},Proposal,100,2026-12-20,,Globex\n"  # respelt only
    f"T-3,{CURLY},Closed Lost,100,2026-10-01,Price,Initech\n"  # respelt only
    f"T-4,{CURLY},Closed Won,300,2026-10-01,,Acme\n"  # respelt and repriced: another field
    "A-1,Ann,Prospecting,100,2026-12-20,,Wayne\n"  # as it was
    "A-2,Ann,Proposal,900,2027-01-15,,Stark\n"  # repriced, its close date moved
    "A-3,Ann,Proposal,100,2026-12-20,,Umbrella Corp\n"  # renamed
    "A-4,Ann,Negotiation,100,2026-12-20,,Vandelay\n"  # won in the store, open here: taken back
    "A-5,Bea,Proposal,100,2026-12-20,,Soylent\n"  # another rep: not a spelling
    "A-6,Ann,Closed Lost,100,2026-11-20,Price,Tyrell\n"  # won, lost later: an outcome changed
    "N-1,Ann,Prospecting,100,2026-12-20,,New\n"
)
ROSTER = f"Rep,Seller Profile\n{STRAIGHT},Hard Worker\nAnn,Challenger\nBea,Challenger\n"


def _counts(sentence: str) -> int:
    """The deals a deal-changes sentence counts, clause by clause: "closes 5 open deals: 3 won (...), 2 lost
    (...)" counts 5 (its outcomes add up to it), every other clause its leading number."""
    clauses = re.sub(r"^(Storing it|It) (changes|changed) [0-9,]+ stored deals?: ", "", sentence)
    clauses = re.sub(r"\. [0-9,]+ open deals? (changes?|changed) amount .*$", ".", clauses).split("; ")
    return sum(int(re.search(r"[0-9,]+", clause).group().replace(",", "")) for clause in clauses)


@pytest.mark.parametrize("batched", [False, True])
def test_every_deal_the_commit_updates_is_said_once_whatever_changed_in_it(tmp_path, batched):
    store = stored(tmp_path, TOM_WEEK1)
    commit(store, prepare(ROSTER.encode(), "team_roster.csv"))
    week2 = tmp_path / "week2.csv"
    week2.write_text(TOM_WEEK2)
    with (prepare_path(week2, batch_rows=2) if batched else prepare(week2.read_bytes(), "week2.csv")) as prepared:
        said = deal_changes(prepared, store)
        taken_back = reopened(prepared, store)
        assert said is not None and taken_back is not None
        assert said.sentence() == (
            'Storing it closes 1 open deal: 1 won ("Hooli"); 1 won deal becomes lost ("Tyrell"); '
            "1 closed deal is reopened, as the warning on it says; "
            f"2 deals change only in how their rep is spelt ({CURLY} → {STRAIGHT}, as the roster spells it); "
            f'4 deals change in other fields: rep on 2 (1 from "Ann" to "Bea" and 1 from "{CURLY}" to "{STRAIGHT}"), '
            'close date on 1, amount on 2, opportunity name on 1 (such as "Acme", "Stark", "Umbrella Corp"). '
            "1 open deal changes amount (+$800 of pipeline). "  # A-2; T-4 is won: no pipeline
            # A-2's close date, said only as "close date on 1", is in the next quarter now.
            "Their close dates move 1 open deal to another quarter: 1 slips out of 2026 Q4 (into 2027 Q1, $900)."
        )
        assert said.as_json()["rep_spellings"] == {
            "deals": 2, "spellings": [{"from": CURLY, "to": STRAIGHT, "deals": 2}], "roster": True}
        assert said.as_json()["taken_back"] == taken_back.deals == 1
        updated = commit(store, prepared).change.updated
    assert updated == 9 == said.deals == _counts(said.sentence()) == _counts(said.sentence(stored=True))


def test_a_rep_respelt_as_the_stored_deals_spell_it_is_no_change(tmp_path):
    """The store's spelling comes first: an export that spells a stored rep otherwise (without a roster)
    is stored under the stored deals' spelling, and changes nothing in them."""
    store = stored(tmp_path, TOM_WEEK1)
    again = TOM_WEEK1.replace(CURLY, STRAIGHT).replace("A-1,Ann,Prospecting,100", "A-1,Ann,Prospecting,200")
    said = deal_changes(prepare(again.encode(), "week2.csv"), store)
    assert said is not None and said.sentence() == ("Storing it changes 1 stored deal: 1 deal changes only in its amount (\"Wayne\"). "
                                                    "1 open deal changes amount (+$100 of pipeline).")


# A HubSpot-like export whose closed/won columns say each deal's outcome. F-2's were blank the first week and
# say won the second, its stage, amount and date as they were: only what its closed/won columns said changes,
# which the commit's merge compares (they decide over a stage mapping at read time). F-1 is reopened.
FLAGS = "Opportunity ID,Sales Rep,Stage,Amount,Close Date,Is Closed,Is Won\n"
FLAGS_WEEK1 = FLAGS + (
    "F-1,Ann,Closed Won,100,2026-10-01,true,true\n"
    "F-2,Ann,Closed Won,100,2026-10-01,,\n"
    "F-3,Ann,Proposal,100,2026-12-20,false,false\n"
)
FLAGS_WEEK2 = FLAGS + (
    "F-1,Ann,Closed Won,100,2026-10-01,true,true\n"
    "F-2,Ann,Closed Won,100,2026-10-01,true,true\n"
    "F-3,Ann,Proposal,100,2026-12-20,false,false\n"
)
FLAGS_REOPENED = FLAGS_WEEK2.replace("F-1,Ann,Closed Won,100,2026-10-01,true,true", "F-1,Ann,Negotiation,100,2026-12-20,false,false")


# A Status column blank for S-1 the first week that says Won the second, its stage, amount and date as they were:
# only what its status said changes, which decides over a stage mapping at read time too.
STATUS = "Opportunity ID,Sales Rep,Stage,Status,Amount,Close Date\n"
STATUS_WEEK1 = STATUS + "S-1,Ann,Closed Won,,100,2026-10-01\nS-2,Ann,Proposal,Open,100,2026-12-20\n"
STATUS_WEEK2 = STATUS + "S-1,Ann,Closed Won,Won,100,2026-10-01\nS-2,Ann,Proposal,Open,100,2026-12-20\n"
# (week 1, week 2, the deal changed, the column it changes in, as the sentence names it, and the others' count)
ALONE = {
    # The merge updated F-2 (its closing_outcome differed) while the deal-changes check, which compared the
    # deals' fields alone, said nothing: the file's own counts read "0 updated, 3 unchanged by the file".
    "closed/won columns": (FLAGS_WEEK1, FLAGS_WEEK2, "F-2", "closing_outcome", "closed/won columns' outcome", 2),
    # The merge left S-1 as it was (its status outcome was not compared), so the store kept no status for it,
    # and the file's own count read "0 updated, 2 unchanged".
    "status": (STATUS_WEEK1, STATUS_WEEK2, "S-1", "status_outcome", "status's outcome", 1),
}


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("changed", list(ALONE))
def test_a_deal_whose_closed_won_columns_or_status_alone_changed_is_counted_as_the_commit_counts_it(tmp_path, batched, changed):
    week1_text, week2_text, deal, column, words, others = ALONE[changed]
    store = stored(tmp_path, week1_text)
    week2 = tmp_path / "week2.csv"
    week2.write_text(week2_text)
    with (prepare_path(week2, batch_rows=1) if batched else prepare(week2.read_bytes(), "week2.csv")) as prepared:
        said = deal_changes(prepared, store)
        assert said is not None and said.deals == 1
        assert said.sentence() == f"Storing it changes 1 stored deal: 1 deal changes only in its {words} ({deal})."
        assert said.as_json()["other_fields"] == {"deals": 1, "fields": {column: 1}, "examples": [deal], "rep_moves": []}
        done = commit(store, prepared)
    assert done.change.updated == updated_by_file(said) == 1
    assert done.counts_sentence(updated_by_file(said)) == f"Stored as version 2: 0 new, 1 updated, {others} unchanged."
    assert store.read("opportunities").filter(pl.col("opportunity_id") == deal).select(column).collect().item() == "won"


def test_a_file_that_reopens_a_deal_counts_it_with_the_others_by_one_comparison(tmp_path):
    """F-1 reopened and F-2 changed only in its closed/won columns: the deal-changes check said nothing (it saw
    only F-1, which reopened names), so the file's count came from reopened's warning: 1 where the merge updated 2."""
    store = stored(tmp_path, FLAGS_WEEK1)
    prepared = prepare(FLAGS_REOPENED.encode(), "week2.csv")
    said = deal_changes(prepared, store)
    assert reopened(prepared, store) is not None
    assert said is not None and said.deals == 2 and said.taken_back == 1
    assert said.sentence() == ("Storing it changes 2 stored deals: 1 closed deal is reopened, as the warning on it says; "
                               "1 deal changes only in its closed/won columns' outcome (F-2).")
    done = commit(store, prepared)
    assert done.change.updated == updated_by_file(said) == 2
    assert done.counts_sentence(updated_by_file(said)) == "Stored as version 2: 0 new, 2 updated, 1 unchanged."


def test_the_command_line_counts_what_the_merge_writes(tmp_path):
    """`ingest` (text and --json) says the commit's counts and what moved, the deal changed only in its
    closed/won columns among them; it said "1 updated, 2 unchanged by the file" of 2 deals updated."""
    store, week1, week2 = str(tmp_path / "store"), tmp_path / "week1.csv", tmp_path / "week2.csv"
    week1.write_text(FLAGS_WEEK1)
    week2.write_text(FLAGS_REOPENED)
    assert run("ingest", str(week1), "--store", store).returncode == 0
    (report,) = json.loads(run("ingest", str(week2), "--store", store, "--allow-reopen", "--json").stdout)["files"]
    assert report["store_message"] == "Stored as version 2: 0 new, 2 updated, 1 unchanged."
    assert report["deal_changes"]["deals"] == 2 and report["deal_changes"]["taken_back"] == 1
    assert report["deal_changes"]["other_fields"]["fields"] == {"closing_outcome": 1}
    fresh = str(tmp_path / "fresh")
    assert run("ingest", str(week1), "--store", fresh).returncode == 0
    said = run("ingest", str(week2), "--store", fresh, "--allow-reopen")
    assert said.returncode == 0, said.stderr
    lines = said.stdout.splitlines()
    stored_at = next(i for i, line in enumerate(lines) if "Stored as version 2: 0 new, 2 updated, 1 unchanged." in line)
    assert lines[stored_at + 1] == (f"{week2}: It changed 2 stored deals: 1 closed deal was reopened, as the warning on it "
                                    "said; 1 deal changed only in its closed/won columns' outcome (F-2).")
    # Reopening alone, the warning names the deal and nothing repeats it; the count is still the merge's.
    again = tmp_path / "week3.csv"
    again.write_text(FLAGS_REOPENED.replace("F-1,Ann,Negotiation,100,2026-12-20,false,false",
                                            "F-1,Ann,Closed Won,100,2026-10-01,true,true"))
    assert run("ingest", str(again), "--store", fresh).returncode == 0
    week4 = tmp_path / "week4.csv"
    week4.write_text(FLAGS_REOPENED + "F-4,Ann,Proposal,100,2026-12-20,false,false\n")
    (report,) = json.loads(run("ingest", str(week4), "--store", fresh, "--allow-reopen", "--json").stdout)["files"]
    assert report["store_message"] == "Stored as version 4: 1 new, 1 updated, 2 unchanged."
    assert report["deal_changes"]["deals"] == 1 and report["deal_changes"]["sentence"] is None



RENAMED_WEEK1 = HEADER + "".join(f"E-{i},Emma Wilson,Proposal,100,2026-12-20,\n" for i in range(5)) + (
    "F-1,Ann Lee,Proposal,100,2026-12-20,\n"
    "F-2,Ann Lee,Proposal,100,2026-12-20,\n"
    "G-1,Cy Dow,Proposal,100,2026-12-20,\n"
    "H-1,Di Roe,Proposal,100,2026-12-20,\n"
    "K-1,*Kim* <b>Ode</b>,Proposal,100,2026-12-20,\n"
)


def test_deals_whose_rep_alone_changes_name_the_reps_they_move_between(tmp_path):
    """A rep renamed in the CRM (Emma Wilson to Emma Willson on 40 deals) was said "40 deals change only in their
    rep (such as 0065g…)": no one named, and before a roster there is no "did you mean" to say it. The moves are
    named, most deals first, a few of them, the rest counted; the names as the file wrote them, quoted."""
    store = stored(tmp_path, RENAMED_WEEK1)
    one = RENAMED_WEEK1.replace("Emma Wilson", "Emma Willson")
    said = deal_changes(prepare(one.encode(), "week2.csv"), store)
    assert said is not None and said.sentence() == (
        'Storing it changes 5 stored deals: 5 deals change only in their rep, from "Emma Wilson" to "Emma Willson" '
        "(such as E-0, E-1, E-2).")
    several = (one.replace("Ann Lee", "Ann Leigh").replace("Cy Dow", "Cy Dowe").replace("Di Roe", "Di Rowe")
               .replace("*Kim* <b>Ode</b>", "Kim Ode"))
    said = deal_changes(prepare(several.encode(), "week2.csv"), store)
    assert said is not None
    assert said.sentence() == (
        'Storing it changes 10 stored deals: 10 deals change only in their rep: 5 move from "Emma Wilson" to '
        '"Emma Willson", 2 from "Ann Lee" to "Ann Leigh", 1 from "*Kim* <b>Ode</b>" to "Kim Ode" and 2 between '
        "other reps (such as E-0, E-1, E-2).")
    assert said.sentence(stored=True).startswith(
        'It changed 10 stored deals: 10 deals changed only in their rep: 5 moved from "Emma Wilson" to "Emma Willson", ')
    assert said.as_json()["other_fields"]["rep_moves"][:2] == [
        {"from": "Emma Wilson", "to": "Emma Willson", "deals": 5}, {"from": "Ann Lee", "to": "Ann Leigh", "deals": 2}]
