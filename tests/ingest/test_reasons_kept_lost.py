"""One loss reason, as the deals write it, kept lost though a phrase of the no-decision vocabulary reads it:
"No decision / status quo" counted as a plain loss while "No Decision" stays no decision. Read by the one
rule (outcomes.reason_is_no_decision) wherever reasons are read, stored with the vocabulary, said by the
file report, set on the command line, and undone by ticking it again."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, NoDecisionVocabulary
from winloss import cli
from winloss.deals import deals
from winloss.ingest.outcomes import folded_vocabulary, outcome_of, reason_is_no_decision, with_outcomes
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.reasons import proposed_exceptions, read_reasons, reason_coverage, vocabulary_effect

KEPT = "No decision / status quo"
VOCABULARY = NoDecisionVocabulary(DEFAULT_NO_DECISION_REASONS, [KEPT])
# 3 written "No Decision", 2 "No decision / status quo", 1 spelt "no decision / Status Quo", 1 "Price", 1 won.
EXPORT = (
    "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n"
    "A1,Ann,Closed Lost,No Decision,2026-05-01,100\n"
    "A2,Ann,Closed Lost,No Decision,2026-05-02,100\n"
    "A3,Bo,Closed Lost,No Decision,2026-05-03,100\n"
    "B1,Bo,Closed Lost,No decision / status quo,2026-05-04,100\n"
    "B2,Ann,Closed Lost,No decision / status quo,2026-05-05,100\n"
    "B3,Bo,Closed Lost,no decision / Status Quo,2026-05-06,100\n"
    "C1,Bo,Closed Lost,Price,2026-05-07,100\n"
    "W1,Ann,Closed Won,,2026-05-08,100\n"
).encode()


def outcomes_by_id(store: Store) -> dict[str, str]:
    return dict(deals(store).select("opportunity_id", "outcome").iter_rows())


def test_a_reason_kept_lost_counts_as_lost_while_its_phrase_still_reads_the_other_written_form():
    folded = folded_vocabulary(VOCABULARY)
    assert not reason_is_no_decision(KEPT, folded)
    assert not reason_is_no_decision("no decision / Status Quo", folded)  # compared as the vocabulary matches
    assert reason_is_no_decision("No Decision", folded)  # the phrase's own words: still no decision
    assert reason_is_no_decision("No decision - budget frozen", folded)  # another reason the phrase reads
    assert outcome_of("Closed Lost", KEPT, folded) == "lost"
    assert outcome_of("Closed Lost", "No Decision", folded) == "no_decision"
    frame = pl.DataFrame({"stage": ["Closed Lost"] * 3, "loss_reason": ["No Decision", KEPT, "Price"]})
    assert with_outcomes(frame, VOCABULARY)["outcome"].to_list() == ["no_decision", "lost", "lost"]
    # The phrases alone, as before: both written forms are no decision.
    assert with_outcomes(frame, list(VOCABULARY))["outcome"].to_list() == ["no_decision", "no_decision", "lost"]


def test_a_stage_the_phrases_make_no_decision_is_not_a_reason_and_stays_so():
    frame = pl.DataFrame({"stage": ["Closed Lost - No Decision"], "loss_reason": [KEPT]})
    assert with_outcomes(frame, VOCABULARY)["outcome"].to_list() == ["no_decision"]


def test_the_file_report_says_which_reasons_are_kept_lost_and_stores_them_lost():
    prepared = prepare(EXPORT, "deals.csv", no_decision_reasons=VOCABULARY)
    outcomes = dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows())
    assert [outcomes[i] for i in ("A1", "B1", "B3", "C1")] == ["no_decision", "lost", "lost", "lost"]
    said = " ".join(prepared.report_notes())
    # Its two spellings are one reason, as the report counts every reason: named by the commonest.
    assert ("'No decision / status quo' (3 deals, read by 'No decision') is counted as lost, as you chose, though a "
            "phrase of the no-decision vocabulary reads it. To count it as no decision again, run: python -m winloss "
            "ingest --no-decision-reason \"No decision / status quo\" (no file needed).") in said
    from winloss.views.data_page import notes

    # On the page, its box in the tab, as the page labels it, and the tab's save: no flag, no page's own name.
    (shown,) = [n for n in notes(prepared) if "as you chose" in n]
    assert shown.endswith("To count it as no decision again, press Save to the dashboard, open the No-decision reasons tab, tick "
                          "it under Loss reasons counted as no decision and press Save the no-decision reasons.")
    assert "--" not in shown and "winloss" not in shown and "Data page" not in shown


def test_the_file_report_offers_to_keep_one_reason_lost_on_the_command_line_and_the_page():
    """Each surface says its own way: the command line the command that keeps the reason lost (its file is
    stored by then) and the page's tab for the phrase, which no flag unticks; the Data page, before the file is
    committed, the tab, the list and the save button as it labels them, and never a flag or its own name. Both in
    one sentence ("…or keep only that reason lost in the No-decision reasons tab at the top of the Data page, once
    the file is committed: untick the reason under Loss reasons counted as no decision.") was read on the page."""
    prepared = prepare(EXPORT, "deals.csv")
    (said,) = [n for n in prepared.report_notes() if "are counted as no decision" in n]
    assert said.endswith("To count one as lost instead, run python -m winloss ingest --lost-reason \"No decision / "
                         "status quo\", or with another reason as written (no file needed). Or untick its phrase in the "
                         "No-decision reasons tab of the Data page, to count as lost every loss reason that phrase matches.")
    from winloss.views.data_page import notes

    (shown,) = [n for n in notes(prepared) if "are counted as no decision" in n]
    assert shown.endswith("To count one as lost instead, press Save to the dashboard, open the No-decision reasons tab, untick it "
                          "under Loss reasons counted as no decision and press Save the no-decision reasons. Or untick its "
                          "phrase in the tab's first table, to count as lost every loss reason that phrase matches.")
    assert "--" not in shown and "winloss" not in shown and "Data page" not in shown and "command line" not in shown


def test_one_reason_names_its_phrase_as_the_tab_lists_it_on_both_surfaces():
    """"Status quo" is read by the built-in phrase the No-decision reasons tab lists as "Status Quo": one reason,
    so the sentence names that row, as the tab writes it, for the reader to find among the phrases."""
    counts = pl.DataFrame({"loss_reason": ["Status quo"], "outcome": ["no_decision"], "deals": [4]})
    from winloss.ingest.outcomes import reason_rule_notes

    (page,) = reason_rule_notes(counts, DEFAULT_NO_DECISION_REASONS, page=True)
    (command_line,) = reason_rule_notes(counts, DEFAULT_NO_DECISION_REASONS)
    phrase = next(r for r in DEFAULT_NO_DECISION_REASONS if r.casefold() == "status quo")
    assert phrase != "Status quo"  # the tab's spelling, not the file's
    assert page == ("'Status quo' (4 deals) is counted as no decision: the built-in list of no-decision phrases holds "
                    "'Status quo'. To count it as lost instead, press Save to the dashboard, open the No-decision reasons tab, "
                    "untick it under Loss reasons counted as no decision and press Save the no-decision reasons. Or untick "
                    f"its phrase, '{phrase}', in the tab's first table, to count as lost every loss reason that phrase "
                    "matches.")
    assert command_line.endswith("To count it as lost instead, run: python -m winloss ingest --lost-reason \"Status "
                                 f"quo\" (no file needed). Or untick its phrase, '{phrase}', in the No-decision reasons "
                                 "tab of the Data page, to count as lost every loss reason that phrase matches.")
    # What the page names is what the page draws (app_pages/data.py takes its labels from hints).
    source = (Path(__file__).resolve().parents[2] / "app_pages" / "data.py").read_text(encoding="utf-8")
    assert "st.button(SAVE_REASONS_LABEL" in source and "f\"**{READ_REASONS_LABEL}**" in source
    assert '"No-decision reasons": may(' in source


def test_the_store_keeps_reasons_lost_with_the_vocabulary_and_ticking_one_again_undoes_it(tmp_path):
    store = Store(tmp_path / "store")
    assert commit(store, prepare(EXPORT, "deals.csv")).change is not None
    assert outcomes_by_id(store)["B1"] == "no_decision"
    phrases = store.no_decision_reasons()
    change = store.save_no_decision_reasons(phrases, user="ops", excepted=[KEPT])
    assert store.no_decision_reasons().excepted == (KEPT,) and list(store.no_decision_reasons()) == sorted(phrases, key=str.lower)
    assert store.manifest().row(-1, named=True)["note"].endswith(", 1 loss reason kept lost")
    read = outcomes_by_id(store)  # the stored deals follow at once, as when a phrase is unticked
    assert [read[i] for i in ("A1", "B1", "B2", "B3")] == ["no_decision", "lost", "lost", "lost"]
    store.save_no_decision_reasons(phrases, user="ops", excepted=[])  # ticked again
    assert store.no_decision_reasons().excepted == ()
    assert outcomes_by_id(store)["B1"] == "no_decision"
    store.rollback(change.store_version)  # a rollback puts the choice back with the vocabulary
    assert store.no_decision_reasons().excepted == (KEPT,) and outcomes_by_id(store)["B1"] == "lost"


def test_the_tab_lists_the_reasons_a_phrase_reads_and_its_row_no_longer_counts_one_kept_lost():
    stored = prepare(EXPORT, "deals.csv").accepted
    read = read_reasons(stored, VOCABULARY)
    assert read.rows() == [("No Decision", "No Decision", 3, True), (KEPT, "No Decision", 3, False)]
    written = dict(reason_coverage(stored, VOCABULARY).select("reason", "written").iter_rows())
    assert written["No Decision"] == "'No Decision' (3)"  # the reason kept lost is not counted under its phrase
    assert KEPT not in written  # nor listed as a reason of its own: it is under its phrase, unticked
    before = dict(reason_coverage(stored, list(VOCABULARY)).select("reason", "deals").iter_rows())
    assert before["No Decision"] == 6
    ticked_again = read.with_columns(pl.lit(True).alias("no_decision"))
    assert proposed_exceptions(ticked_again, VOCABULARY) == []
    assert proposed_exceptions(read, VOCABULARY) == [KEPT]
    assert proposed_exceptions(read, ["Status Quo"]) == []  # its phrase unticked too: lost by that, nothing kept
    effect = vocabulary_effect(stored, list(VOCABULARY), VOCABULARY)
    assert (effect.no_decision_before, effect.no_decision_after, effect.changed) == (6, 3, 3)


def test_the_command_line_keeps_a_reason_lost_and_no_decision_reason_undoes_it(tmp_path, capsys):
    path, store = tmp_path / "deals.csv", tmp_path / "store"
    path.write_bytes(EXPORT)
    assert cli.main(["ingest", str(path), "--lost-reason", KEPT, "--store", str(store), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["lost_reasons_added"] == [KEPT]
    (file,) = result["files"]
    assert any("(3 deals, read by 'No decision')" in note for note in file["notes"])
    assert [outcomes_by_id(Store(store))[i] for i in ("A1", "B1", "B3")] == ["no_decision", "lost", "lost"]

    assert cli.main(["ingest", "--lost-reason", "Price", "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "'Price' is counted as lost already: no phrase of the no-decision vocabulary reads it.")

    assert cli.main(["ingest", "--no-decision-reason", KEPT, "--store", str(store)]) == 0
    said = capsys.readouterr().out
    assert f"'{KEPT}' no decision again" in said
    assert Store(store).no_decision_reasons().excepted == ()
    assert KEPT not in Store(store).no_decision_reasons()  # its phrase reads it: not added as a phrase of its own
    assert outcomes_by_id(Store(store))["B1"] == "no_decision"


def test_a_reason_given_both_ways_is_refused(tmp_path, capsys):
    assert cli.main(["ingest", "--lost-reason", KEPT, "--no-decision-reason", KEPT.upper(), "--store", str(tmp_path / "s")]) == 2
    assert "given to both --no-decision-reason and --lost-reason" in capsys.readouterr().err
