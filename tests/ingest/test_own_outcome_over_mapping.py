"""A row's own outcome (its status or Outcome column, HubSpot's closed/won flags, Pipedrive's status or
won/lost times) is never overridden by a stage mapping: the mapping fills only the rows nothing of
their own settles, at ingest and when stored deals are derived again under mappings saved later.

Mapping HubSpot's "Closed" stage to won turned a deal whose Is Closed Won said false (loss reason
"Competitor") into a win, said "'Closed' -> won, 3 rows (your stage mapping)", and the stored mapping
did the same to every later lost "Closed" deal. The stage editor's banner counted four values "matched
no rule ... or its rows are quarantined" where one row of one value was.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import polars as pl

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.cli import main, stage_lines
from winloss.deals import deals
from winloss.ingest.outcomes import (
    CLOSING_OUTCOME, CLOSING_RULE_TEXT, STATUS_OUTCOME, folded_stage_outcomes, folded_vocabulary, outcome_of, with_outcomes,
)
from winloss.ingest.pipeline import commit, file_report, prepare
from winloss.store.delta import Store
from winloss.views.data_page import (
    chosen_stage_rows,
    chosen_stages_sentence,
    stage_changes,
    stage_rows,
    stage_rows_now,
    unmatched_stages_sentence,
)
from winloss.views.reasons import reason_coverage, vocabulary_effect

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
HUBSPOT = "hubspot_closed_stage_flags.csv"  # a custom pipeline's stage "Done": won, lost, lost (went dark), blank, open
STATUS = "stage_beside_outcome.csv"  # a Stage and an Outcome column: "Signed off" won, lost, blank, lost (no decision)
PIPEDRIVE = "pipedrive_contract_out.csv"  # "Contract out" with Deal - Status won, lost, blank
PIPEDRIVE_TIMES = "pipedrive_times_no_status.csv"  # "Contract out" with a won time, a lost time, neither
REASON = "loss reason in the no-decision vocabulary"


def prepared(name: str, **kwargs):
    return prepare((FIXTURES / name).read_bytes(), name, **kwargs)


def outcomes(frame: pl.DataFrame) -> dict[str, str]:
    return dict(frame.select("opportunity_id", "outcome").iter_rows())


def credited(p) -> dict[tuple[str, str | None, str], int]:
    return {(s["stage"], s["outcome"], s["rule"]): s["rows"] for s in file_report(p)["stages"]}


# ---- at ingest ------------------------------------------------------------------------------------
def test_hubspot_flags_keep_their_outcome_and_the_mapping_places_only_the_row_they_leave_blank():
    before = prepared(HUBSPOT)
    assert outcomes(before.accepted) == {
        "7101": "won", "7102": "lost", "7103": "no_decision", "7105": "open", "7106": "open", "7107": "won",
    }  # fmt: skip
    assert before.rows_quarantined == 1  # 7104: both flags blank

    p = prepared(HUBSPOT, stage_outcomes={"Done": "won"})
    # The lost deal stays lost (and the one that went dark no decision), the open one open: only 7104 is the mapping's.
    assert outcomes(p.accepted) == {
        "7101": "won", "7102": "lost", "7103": "no_decision", "7104": "won", "7105": "open", "7106": "open", "7107": "won",
    }  # fmt: skip
    assert credited(p) == {
        ("Done", "won", "your stage mapping"): 1,
        ("Done", "won", CLOSING_RULE_TEXT): 1, ("Done", "lost", CLOSING_RULE_TEXT): 1, ("Done", "open", CLOSING_RULE_TEXT): 1,
        ("Done", "no_decision", f"{CLOSING_RULE_TEXT}, then the {REASON}"): 1,
        ("Renewing", "open", "no rule matched: settled by the closed/won columns"): 1,
        ("Closed Won", "won", "stage words"): 1,
    }  # fmt: skip
    lines = stage_lines(file_report(p))
    assert (
        "    'Done' -> won, 1 row (your stage mapping); lost, 1 row and open, 1 row and won, 1 row "
        f"({CLOSING_RULE_TEXT}); no decision, 1 row ({CLOSING_RULE_TEXT}, then the {REASON})"
    ) in lines
    # 'Renewing' matched no stage rule but its row is settled: nothing asks to be mapped, so it is not marked.
    assert "    'Renewing' -> open, 1 row (no rule matched: settled by the closed/won columns)" in lines
    assert lines[-1] == "    Rows no rule matched but the closed/won columns settled are stored: they need no mapping."


def test_a_mapping_to_no_decision_makes_a_deal_its_flags_say_lost_no_decision_but_never_a_won_or_open_one():
    p = prepared(HUBSPOT, stage_outcomes={"done": "no_decision"})
    assert outcomes(p.accepted) == {
        "7101": "won", "7102": "no_decision", "7103": "no_decision", "7104": "no_decision", "7105": "open",
        "7106": "open", "7107": "won",
    }  # fmt: skip
    said = credited(p)
    # 7102 and 7103 (lost by their flags, the mapping says no decision) and 7104 (no flags).
    assert said[("Done", "no_decision", "your stage mapping")] == 3
    assert said[("Done", "won", CLOSING_RULE_TEXT)] == 1 and said[("Done", "open", CLOSING_RULE_TEXT)] == 1


def test_a_status_or_outcome_column_beside_the_stage_keeps_its_outcome_and_the_report_says_whose_each_row_is():
    p = prepared(STATUS, stage_outcomes={"Signed off": "open"})
    assert outcomes(p.accepted) == {"S1": "won", "S2": "lost", "S3": "open", "S4": "no_decision", "S5": "open"}
    assert "    'Signed off' -> open, 1 row (your stage mapping); lost, 1 row and won, 1 row (the status column); " \
           f"no decision, 1 row ({REASON})" in stage_lines(file_report(p))
    given = dict(stage_rows(p.stages, {"Signed off": "open"}).select("stage", "given").iter_rows())
    assert given["Signed off"] == f"Open 1 (your stage mapping); Lost 1, Won 1 (the status column); No decision 1 ({REASON})"


def test_pipedrive_status_and_won_or_lost_times_keep_their_outcome_on_the_command_line(tmp_path, capsys):
    with_status = str(FIXTURES / PIPEDRIVE)
    assert main(["ingest", with_status, "--store", str(tmp_path / "a"), "--stage", "Contract out=open"]) == 0
    out = capsys.readouterr().out
    assert "    'Contract out' -> open, 1 row (your stage mapping); lost, 1 row and won, 1 row (the status column)" in out
    assert outcomes(deals(Store(tmp_path / "a"))) == {"801": "won", "802": "lost", "803": "open", "804": "open"}

    times = str(FIXTURES / PIPEDRIVE_TIMES)
    assert main(["ingest", times, "--store", str(tmp_path / "b"), "--stage", "Contract out=open"]) == 0
    out = capsys.readouterr().out
    assert (
        "    'Contract out' -> open, 1 row (your stage mapping); lost, 1 row and won, 1 row "
        f"({CLOSING_RULE_TEXT})"
    ) in out
    store = Store(tmp_path / "b")
    assert outcomes(deals(store)) == {"901": "won", "902": "lost", "903": "open"}
    store.save_stage_outcomes({"Contract out": "won"})  # mapped otherwise later: the times still decide
    assert outcomes(deals(store)) == {"901": "won", "902": "lost", "903": "won"}

    assert main(["ingest", with_status, "--store", str(tmp_path / "c"), "--stage", "Contract out=open", "--json"]) == 0
    stages = json.loads(capsys.readouterr().out)["files"][0]["stages"]
    assert {(s["stage"], s["outcome"], s["rule"]) for s in stages if s["stage"] == "Contract out"} == {
        ("Contract out", "open", "your stage mapping"), ("Contract out", "won", "the status column"),
        ("Contract out", "lost", "the status column"),
    }  # fmt: skip


def test_the_reviewers_hubspot_file_keeps_its_lost_closed_deal_lost(tmp_path, capsys):
    """Three pipelines; the Partner pipeline's "Closed": one won, one lost ("Competitor"), one with blank flags."""
    content = (
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Deal owner,Closed Lost Reason,Is Closed Won,"
        "Is Deal Closed?\n"
        "9001,D1,Sales Pipeline,Closed Won,10000,2026-03-05T14:00:00Z,2026-01-05T09:00:00Z,Ann Lee,,true,true\n"
        "9006,D6,Renewals,Renewal due,4000,2026-05-01T00:00:00Z,2026-02-06T09:00:00Z,Bob Roy,,false,false\n"
        "9009,D9,Partner,Closed,9000,2026-02-28T12:00:00Z,2026-01-09T09:00:00Z,Cara Diaz,,true,true\n"
        "9010,D10,Partner,Closed,1000,2026-02-27T12:00:00Z,2026-01-10T09:00:00Z,Cara Diaz,Competitor,false,true\n"
        "9012,D12,Partner,Closed,500,2026-03-01T12:00:00Z,2026-01-12T09:00:00Z,Bob Roy,,,\n"
    )
    path = tmp_path / "hubspot_pipelines.csv"
    path.write_text(content)
    assert main(["ingest", str(path), "--store", str(tmp_path / "s"), "--stage", "Closed=won"]) == 0
    out = capsys.readouterr().out
    assert ("    'Closed' -> won, 1 row (your stage mapping); lost, 1 row and won, 1 row "
            f"({CLOSING_RULE_TEXT})") in out
    assert outcomes(deals(Store(tmp_path / "s")))["9010"] == "lost"


# ---- stored deals, under mappings saved after they were stored ---------------------------------------
def test_stored_deals_keep_what_their_flags_said_under_a_mapping_saved_later(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared(HUBSPOT))
    store.save_stage_outcomes({"Done": "won"})
    assert outcomes(deals(store)) == {
        "7101": "won", "7102": "lost", "7103": "no_decision", "7105": "open", "7106": "open", "7107": "won",
    }  # fmt: skip
    # What the flags said is kept with each deal: the stored outcome of 7103 is the loss reason's.
    kept = dict(store.opportunities().select("opportunity_id", "closing_outcome").collect().iter_rows())
    assert kept == {"7101": "won", "7102": "lost", "7103": "lost", "7105": "open", "7106": "open", "7107": "won"}
    # The same file again with the mapping stores the row it quarantined, and only that one is the mapping's.
    commit(store, prepared(HUBSPOT, stage_outcomes=store.stage_outcomes()))
    assert outcomes(deals(store))["7104"] == "won" and outcomes(deals(store))["7102"] == "lost"
    store.save_stage_outcomes({"Done": "no_decision"})
    assert outcomes(deals(store)) == {
        "7101": "won", "7102": "no_decision", "7103": "no_decision", "7104": "no_decision", "7105": "open",
        "7106": "open", "7107": "won",
    }  # fmt: skip


def test_the_no_decision_reasons_tab_counts_stored_deals_by_the_same_rule(tmp_path):
    """The tab derives outcomes deal by deal (outcome_of) and all at once (with_outcomes): under the
    mapping, the deal that went dark is still lost by its flags, so its reason covers it."""
    store = Store(tmp_path / "store")
    commit(store, prepared(HUBSPOT))
    store.save_stage_outcomes({"Done": "won"})
    stored = store.opportunities()
    coverage = dict(reason_coverage(stored, DEFAULT_NO_DECISION_REASONS, store.stage_outcomes()).select(
        "reason", "deals").iter_rows())
    assert coverage["Went Dark"] == 1
    without = [r for r in DEFAULT_NO_DECISION_REASONS if r.lower() != "went dark"]
    effect = vocabulary_effect(stored, DEFAULT_NO_DECISION_REASONS, without, store.stage_outcomes())
    assert (effect.changed, effect.lost_after, effect.no_decision_after) == (1, 2, 0)


def test_stored_deals_keep_their_status_under_a_mapping_saved_later_and_a_later_file_says_so(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared(STATUS))
    store.save_stage_outcomes({"Signed off": "won"})
    assert outcomes(deals(store)) == {"S1": "won", "S2": "lost", "S4": "no_decision", "S5": "open"}
    later = prepared(STATUS, stage_outcomes=store.stage_outcomes())
    given = dict(stage_rows(later.stages, store.stage_outcomes()).select("stage", "given").iter_rows())
    assert given["Signed off"] == f"Won 1 (your stage mapping); Lost 1, Won 1 (the status column); No decision 1 ({REASON})"


# ---- one rule: deal by deal and all at once -----------------------------------------------------------
def test_outcome_of_one_deal_and_with_outcomes_agree_on_every_mix_of_signals():
    """The No-decision reasons tab derives outcomes deal by deal, the pages all at once: the same rule."""
    stages = ["Done", "Closed Won", "Closed Lost", "Prospecting"]
    signals = [None, "won", "lost", "open"]
    mappings = [{}, {"Done": "won"}, {"Done": "no_decision"}, {"Done": "open"}, {"Closed Won": "lost"}]
    combos = list(itertools.product(stages, signals, signals, [None, "won", "lost"], [None, "No Decision", "Price"]))
    frame = pl.DataFrame(
        combos, schema={"stage": pl.String, CLOSING_OUTCOME: pl.String, STATUS_OUTCOME: pl.String, "outcome": pl.String,
                        "loss_reason": pl.String}, orient="row",
    )  # fmt: skip
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    for mapping in mappings:
        derived = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS, mapping).get_column("outcome").to_list()
        mapped = folded_stage_outcomes(mapping)
        one_by_one = [outcome_of(stage, reason, vocabulary, mapped, stored, status, closing)
                      for stage, closing, status, stored, reason in combos]
        assert derived == one_by_one, mapping
    # The rule itself: the closing columns decide over a mapping, a mapping fills what they leave blank.
    assert outcome_of("Done", None, vocabulary, {"done": "won"}, closing="lost") == "lost"
    assert outcome_of("Done", None, vocabulary, {"done": "won"}) == "won"
    assert outcome_of("Done", None, vocabulary, {"done": "no_decision"}, closing="lost") == "no_decision"
    assert outcome_of("Done", None, vocabulary, {"done": "won"}, status="lost", closing="won") == "lost"


# ---- the stage editor ---------------------------------------------------------------------------------
def test_the_stage_editor_asks_only_about_values_that_leave_rows_without_an_outcome():
    rows = stage_rows(prepared(HUBSPOT).stages, {})
    unplaced = dict(rows.select("stage", "unplaced").iter_rows())
    assert unplaced == {"Done": 1, "Renewing": 0, "Closed Won": 0}
    assert not dict(rows.select("stage", "matched").iter_rows())["Renewing"]  # no stage rule: its flags settle it
    assert unmatched_stages_sentence(rows) == (
        "1 stage value left 1 row without an outcome ('Done', 1 row): choose what it counts as, or that row is "
        "quarantined (never counted as open)."
    )
    chosen = rows.with_columns(pl.when(pl.col("stage") == "Done").then(pl.lit("won")).alias("count_as"))
    assert unmatched_stages_sentence(chosen) is None


def test_the_stage_editor_says_which_rows_a_choice_counts_and_which_keep_their_own_outcome():
    base = stage_rows(prepared(HUBSPOT).stages, {})
    changes = stage_changes(base.with_columns(pl.when(pl.col("stage") == "Done").then(pl.lit("won")).alias("count_as")), {})
    assert changes == (("Done", "won"),)
    chosen = prepared(HUBSPOT, stage_outcomes=dict(changes))
    assert chosen_stages_sentence(chosen.stages, changes) == (
        "Your choice counts 'Done' (1 of its 5 rows) as won. The other 4 rows of 'Done' are settled by their own columns, "
        f"not your choice: Lost 1, Open 1, Won 1 ({CLOSING_RULE_TEXT}); No decision 1 ({CLOSING_RULE_TEXT}, then the {REASON})."
    )
    # A choice that gives every row of its value its outcome is said too.
    unknown = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date\nU1,Ann,Parked,2026-09-01\n", "u.csv",
                      stage_outcomes={"Parked": "open"})
    assert chosen_stages_sentence(unknown.stages, (("Parked", "open"),)) == (
        "Your choice counts 'Parked' (1 row) as open.")
    # A choice none of whose rows it counts says so, and what settles them.
    content = (b"Opportunity ID,Sales Rep,Stage,Outcome,Close Date\n"
               b"X1,Ann,Signed off,Won,2026-09-01\nX2,Ann,Signed off,Lost,2026-09-02\nX3,Ann,Parked,,2026-09-02\n")
    both = (("Parked", "lost"), ("Signed off", "open"))
    assert chosen_stages_sentence(prepare(content, "x.csv", stage_outcomes=dict(both)).stages, both) == (
        "Your choices count 'Parked' (1 row) as lost and no row of 'Signed off' as open. The 2 rows of 'Signed off' "
        "are settled by their own columns, not your choice: Lost 1, Won 1 (the status column).")


def test_a_choice_that_counts_every_row_of_its_value_is_said_too_and_the_editor_follows_it():
    """Mapping a value every row of which the choice counts drew no note under the editor, and the editor's
    "Counted as now" kept what the file said before the choice."""
    content = b"Opportunity ID,Sales Rep,Stage,Close Date\nU1,Ann,Parked,2026-09-01\nU2,Ann,Parked,2026-09-02\n"
    base = prepare(content, "u.csv")
    rows = stage_rows(base.stages, {})
    state = {"edited_rows": {0: {"count_as": "open"}}, "added_rows": [], "deleted_rows": []}
    chosen = chosen_stage_rows(rows, state)
    assert chosen.get_column("count_as").to_list() == ["open"]
    changes = stage_changes(chosen, {})
    assert changes == (("Parked", "open"),)
    mapped = prepare(content, "u.csv", stage_outcomes=dict(changes))
    assert chosen_stages_sentence(mapped.stages, changes) == (
        "Your choice counts 'Parked' (2 rows) as open.")
    now = stage_rows_now(rows, mapped.stages, {})
    assert now.select("stage", "rows", "quarantined", "given").row(0) == ("Parked", 2, 0, "Open (your stage mapping)")
    assert rows.get_column("given").item() != now.get_column("given").item()


def test_a_value_keeps_its_row_in_the_stage_editor_once_a_choice_settles_it():
    """The editor listed the values no rule matched first, so a value moved once a saved mapping matched it, and
    the editor's choices, kept by row position, then chose for another value. Its order is most rows in the file
    first, then by value: the same before and after a choice or a save, and several choices in one sentence."""
    content = (b"Opportunity ID,Sales Rep,Stage,Loss Reason,Close Date\n"
               b"W1,Ann,Closed Won,,2026-09-01\nW2,Ann,Closed Won,,2026-09-01\nW3,Ann,Closed Won,,2026-09-01\n"
               b"L1,Ann,Closed Lost,Duplicate,2026-09-01\nL2,Ann,Closed Lost,Price,2026-09-01\n"
               b"P1,Ann,Parked,,2026-09-01\nP2,Ann,Parked,,2026-09-01\n")
    before = stage_rows(prepare(content, "o.csv").stages, {})
    order = ["Closed Won", "Parked", "Closed Lost", "Duplicate"]
    assert before.get_column("stage").to_list() == order
    state = {"edited_rows": {1: {"count_as": "no_decision"}, 3: {"count_as": "lost"}}, "added_rows": [], "deleted_rows": []}
    changes = stage_changes(chosen_stage_rows(before, state), {})
    assert changes == (("Duplicate", "lost"), ("Parked", "no_decision"))
    saved = dict(changes)
    after = stage_rows(prepare(content, "o.csv", stage_outcomes=saved).stages, saved)
    assert after.get_column("stage").to_list() == order
    # The editor's state kept after the save names the same values with the same choices: nothing new is chosen.
    assert stage_changes(chosen_stage_rows(after, state), saved) == ()
    assert chosen_stages_sentence(prepare(content, "o.csv", stage_outcomes=saved).stages, changes) == (
        "Your choices count 'Duplicate' (1 row) as lost and 'Parked' (2 rows) as no decision.")
    # Two values counted as one outcome are named together: "as lost" was said once per value.
    alike = {"Duplicate": "lost", "Parked": "lost"}
    assert chosen_stages_sentence(prepare(content, "o.csv", stage_outcomes=alike).stages, tuple(alike.items())) == (
        "Your choices count 'Duplicate' (1 row) and 'Parked' (2 rows) as lost.")


def test_a_row_whose_status_the_user_mapped_is_credited_to_the_mapping_not_the_status_column():
    """A status 'Signed' mapped to won gave a row with no closed/won flags its outcome, and the report and
    the stage editor said "Won 1 (the status column)", as if the file's status had said it."""
    content = (b"Opportunity ID,Stage,Status,Opportunity Owner,Amount,Close Date,IsClosed,IsWon\n"
               b"S1,Negotiation,Signed,Anna Price,1000,2026-10-01,true,true\n"
               b"S2,Negotiation,Signed,Anna Price,2000,2026-10-02,,\n"
               b"S3,Negotiation,Won,Anna Price,3000,2026-10-03,,\n")
    mapped = prepare(content, "sf.csv", overrides={"status": "Status"}, stage_outcomes={"Signed": "won"})
    rules = dict(mapped.stages.select("rule", "rows").iter_rows())
    assert rules == {CLOSING_RULE_TEXT: 1, "your mapping of its status": 1, "the status column": 1}


def test_the_confirmation_counts_the_files_changes_and_the_mappings_apart(tmp_path):
    """Week 2 closes O-1; mapping 'Parked' to No decision with it changes P-1 and P-2: the confirmation said
    "0 new, 3 updated, 1 unchanged", the file's change and the mapping's together, and the sentence under it
    said the mapping's change a second time."""
    from parked_exports import WEEK1, WEEK2

    from winloss.ingest.pipeline import commit
    from winloss.store.delta import Store
    from winloss.views.data_page import before_commit

    store = Store(tmp_path / "store")
    commit(store, prepare(WEEK1.encode(), "week1.csv"))
    mapped = {"Parked": "no_decision"}
    week2 = prepare(WEEK2.encode(), "week2.csv", stage_outcomes=mapped)
    warned = before_commit(week2, store)
    assert warned.file_updated == 1
    assert warned.deal_changes_stored == 'It closed 1 open deal: 1 won ("Open one").'
    done = commit(store, week2, stage_outcomes=mapped)
    assert done.message == "Stored as version 2: 0 new, 3 updated, 1 unchanged."  # the store's count, the command line's
    assert done.counts_sentence(warned.file_updated) == "Stored as version 2: 0 new, 1 updated, 3 unchanged by the file."
    assert done.counts_sentence() == done.message  # not known: the store's count
