"""A won flag that says false and nothing more (HubSpot's Is Closed Won false with Is Deal Closed blank,
Salesforce's IsWon false with IsClosed blank, a "Won" column's "No") says "not won": open or lost, not which.

A stage mapping to lost, no decision or open agrees with it and places the row; a mapping to won
contradicts it, so the row is quarantined naming the value, the flag and what to do, at ingest (whole
or in batches, and on the command line) and when a mapping saved later is applied to stored deals.

Mapping HubSpot's "Closed" to won made a win of a row whose Is Closed Won said false (Is Deal Closed
blank): "'Closed' -> won, 2 rows (your stage mapping)", though its own column said it was not won.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from outcome_reports import credited, outcomes, reasons
from outcome_reports import not_won_sentence as sentence
from winloss.cli import main, stage_lines
from winloss.deals import deals
from winloss.ingest.outcomes import (
    CLOSING_OUTCOME, CLOSING_RULE_TEXT, NOT_WON, NOT_WON_RULE_TEXT, STATUS_OUTCOME, folded_stage_outcomes, folded_vocabulary,
    outcome_of, with_outcomes,
)
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views.data_page import stage_rows
from winloss.views.reasons import reason_coverage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
# "Closed": won, lost, not won (false / blank), blank flags, open, not won ("no" / blank); "Closed Won";
# "Renewing" (no stage rule) not won; "Closed Lost" not won.
HUBSPOT = FIXTURES / "hubspot_closed_not_won.csv"
SALESFORCE = FIXTURES / "salesforce_iswon_only.csv"  # "Closed": won, lost, IsWon false / 0 with IsClosed blank, blank
GENERIC = FIXTURES / "generic_won_column.csv"  # a "Won" column: Yes, No, blank
WON = {"Closed": "won"}
NO_RULE = "no rule matched: quarantined until you map it"


HUBSPOT_WON = {"7201": "won", "7202": "lost", "7204": "won", "7205": "open", "7207": "won", "7209": "lost"}
HUBSPOT_STAGES_WON = {
    ("Closed", "won", "your stage mapping"): (1, 1, 0),
    ("Closed", None, NOT_WON_RULE_TEXT): (2, 0, 2),
    ("Closed", "won", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Closed", "lost", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Closed", "open", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Closed Won", "won", "stage words"): (1, 1, 0),
    ("Closed Lost", "lost", "stage words"): (1, 1, 0),
    ("Renewing", None, NO_RULE): (1, 0, 1),
}


# ---- at ingest ------------------------------------------------------------------------------------
def test_a_mapping_to_won_quarantines_the_hubspot_rows_whose_won_flag_says_false_and_names_them_apart():
    p = prepare(HUBSPOT.read_bytes(), HUBSPOT.name, stage_outcomes=WON)
    # 7203 (false, blank) and 7206 ("no", blank) are not won: never counted as won.
    assert outcomes(p.accepted) == HUBSPOT_WON
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (9, 6, 3)
    assert p.quarantine.height == p.rows_quarantined  # rows read = stored + quarantined, each with its reason
    report = file_report(p)
    assert credited(report) == HUBSPOT_STAGES_WON
    said = reasons(report)
    assert said[4] == sentence("Deal Stage", "Is Closed Won", "false")  # 7203, line 4
    assert said[7] == sentence("Deal Stage", "Is Closed Won", "no")  # 7206, line 7
    assert said[9].startswith("Deal Stage 'Renewing' matches no stage rule")  # no mapping: as before
    titles = dict(p.errors.select("line", "check").iter_rows())
    assert titles[4] == titles[7] == "Mapped to won, but not won by its won flag"
    assert (
        "    'Closed' -> won, 1 row (your stage mapping); lost, 1 row and open, 1 row and won, 1 row "
        f"({CLOSING_RULE_TEXT}); not stored, 2 rows ({NOT_WON_RULE_TEXT})"
    ) in stage_lines(report)
    # The Data page's stage editor counts them apart too.
    rows = {r["stage"]: r for r in stage_rows(p.stages, WON).iter_rows(named=True)}
    assert rows["Closed"]["given"] == (
        f"Won 1 (your stage mapping); Lost 1, Open 1, Won 1 ({CLOSING_RULE_TEXT}); Not stored 2 ({NOT_WON_RULE_TEXT})"
    )
    assert (rows["Closed"]["rows"], rows["Closed"]["quarantined"], rows["Closed"]["unplaced"]) == (4, 2, 0)


def test_a_stage_no_rule_matches_on_a_row_its_won_flag_says_not_won_is_never_advised_won():
    """'Renewing' with Is Closed Won false was quarantined advising --stage "Renewing=won" first: following it
    quarantined the row again, as a mapping to won its flag contradicts. It is advised lost, no decision or open."""
    report = file_report(prepare(HUBSPOT.read_bytes(), HUBSPOT.name))
    assert reasons(report)[9] == (
        "Deal Stage 'Renewing' matches no stage rule, and Is Closed Won says 'false' (the deal was not won), so it is "
        "not counted: choose lost, no decision or open for it (on the command line: --stage \"Renewing=lost\" or "
        "no_decision or open, and ingest again)."
    )
    p = prepare(HUBSPOT.read_bytes(), HUBSPOT.name)
    assert dict(p.errors.select("line", "check").iter_rows())[9] == "Stage matches no rule"
    # A stage no rule matches with no won flag of its own keeps every choice, won first.
    blank = HUBSPOT.read_bytes().replace(b"Renewing,800,2026-06-30T00:00:00Z,2026-01-09T09:00:00Z,Tomas Vik,,false,",
                                         b"Renewing,800,2026-06-30T00:00:00Z,2026-01-09T09:00:00Z,Tomas Vik,,,")
    assert '--stage "Renewing=won"' in reasons(file_report(prepare(blank, HUBSPOT.name)))[9]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("lost", {"7202": "lost", "7203": "lost", "7204": "lost", "7206": "no_decision"}),  # 7206 went dark
        # A mapping to no decision makes the row its flags say lost (7202) no decision, as before.
        ("no_decision", {"7202": "no_decision", "7203": "no_decision", "7204": "no_decision", "7206": "no_decision"}),
        ("open", {"7202": "lost", "7203": "open", "7204": "open", "7206": "open"}),
    ],
)
def test_a_mapping_to_lost_no_decision_or_open_places_the_not_won_rows_and_the_store_keeps_not_won(outcome, expected, tmp_path):
    p = prepare(HUBSPOT.read_bytes(), HUBSPOT.name, stage_outcomes={"Closed": outcome})
    said = outcomes(p.accepted)
    assert {k: said[k] for k in expected} == expected
    assert said["7201"] == "won" and said["7205"] == "open"
    assert p.rows_quarantined == 1  # "Renewing" only
    store = Store(tmp_path / "store")
    commit(store, p)
    kept = dict(store.opportunities().select("opportunity_id", "closing_outcome").collect().iter_rows())
    assert kept["7203"] == kept["7206"] == kept["7209"] == NOT_WON
    assert kept["7204"] is None and kept["7202"] == "lost"


def test_the_batched_reader_gives_what_the_whole_file_read_gives(tmp_path, monkeypatch):
    whole = prepare(HUBSPOT.read_bytes(), HUBSPOT.name, stage_outcomes=WON)
    batched = prepare_path(HUBSPOT, batch_rows=2, stage_outcomes=WON)
    assert batched.read_count is not None  # read in batches
    for p in (whole, batched):
        assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (9, 6, 3)
        assert credited(file_report(p)) == HUBSPOT_STAGES_WON
        assert reasons(file_report(p))[4] == sentence("Deal Stage", "Is Closed Won", "false")
    assert reasons(file_report(batched)) == reasons(file_report(whole))
    stores = []
    for name, p in (("whole", whole), ("batched", batched)):
        store = Store(tmp_path / name)
        commit(store, p)
        stores.append(outcomes(deals(store)))
    assert stores[0] == stores[1] == HUBSPOT_WON


@pytest.mark.parametrize(
    ("path", "won", "stored", "lines"),
    [
        # IsWon false or 0 with IsClosed blank: not won, whatever the mapping says.
        (SALESFORCE, "006A4", {"006A1": "won", "006A2": "lost", "006A4": "won"},
         {4: sentence("Stage", "IsWon", "false"), 6: sentence("Stage", "IsWon", "0")}),
        (GENERIC, "G3", {"G1": "won", "G3": "won"}, {3: sentence("Stage", "Won", "No")}),
    ],
)
def test_a_salesforce_iswon_or_a_generic_won_column_saying_false_alone_is_never_made_a_win(path, won, stored, lines):
    p = prepare(path.read_bytes(), path.name, stage_outcomes=WON)
    assert outcomes(p.accepted) == stored  # only the row with no flag at all is the mapping's win
    assert reasons(file_report(p)) == lines
    assert credited(file_report(p))[("Closed", "won", "your stage mapping")] == (1, 1, 0)
    assert p.rows_read == p.rows_accepted + len(lines)
    lost = prepare(path.read_bytes(), path.name, stage_outcomes={"Closed": "lost"})
    assert lost.rows_quarantined == 0 and outcomes(lost.accepted)[won] == "lost"


# ---- stored deals, under a mapping saved after they were stored ---------------------------------------
def test_a_mapping_to_won_saved_later_never_makes_a_stored_not_won_deal_a_win(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(HUBSPOT.read_bytes(), HUBSPOT.name, stage_outcomes={"Closed": "lost"}))
    assert outcomes(deals(store))["7203"] == "lost"
    store.save_stage_outcomes(WON)
    # The stored "not won" contradicts the mapping: the deal is counted as nothing, never as won.
    assert outcomes(deals(store)) == HUBSPOT_WON
    # The No-decision reasons tab, deal by deal, counts by the same rule: 7206 (went dark) is no loss now.
    coverage = dict(reason_coverage(store.opportunities(), DEFAULT_NO_DECISION_REASONS, WON).select("reason", "deals").iter_rows())
    assert coverage["Went Dark"] == 0
    # The same file again under the stored mapping quarantines those rows; the stored deals are not made wins.
    again = prepare(HUBSPOT.read_bytes(), HUBSPOT.name, stage_outcomes=store.stage_outcomes())
    assert again.rows_quarantined == 3
    commit(store, again)
    assert outcomes(deals(store)) == HUBSPOT_WON
    store.save_stage_outcomes({"Closed": "no_decision"})  # a mapping that agrees places them again
    assert {k: v for k, v in outcomes(deals(store)).items() if k in ("7203", "7206")} == {
        "7203": "no_decision", "7206": "no_decision",
    }


def test_outcome_of_one_deal_and_with_outcomes_agree_on_not_won():
    """The No-decision reasons tab derives outcomes deal by deal, the pages all at once: the same rule."""
    stages = ["Closed", "Closed Won", "Closed Lost", "Prospecting"]
    combos = list(itertools.product(stages, [None, NOT_WON, "lost", "won"], [None, "won", "lost"],
                                    [None, "won", "lost"], [None, "Went Dark", "Price"]))
    frame = pl.DataFrame(
        combos, schema={"stage": pl.String, CLOSING_OUTCOME: pl.String, STATUS_OUTCOME: pl.String, "outcome": pl.String,
                        "loss_reason": pl.String}, orient="row",
    )  # fmt: skip
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    for mapping in ({}, WON, {"Closed": "lost"}, {"Closed": "no_decision"}, {"Closed": "open"}, {"Closed Lost": "won"}):
        derived = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS, mapping).get_column("outcome").to_list()
        one_by_one = [outcome_of(stage, reason, vocabulary, folded_stage_outcomes(mapping), stored, status, closing)
                      for stage, closing, status, stored, reason in combos]
        assert derived == one_by_one, mapping
    mapped = folded_stage_outcomes(WON)
    assert outcome_of("Closed", None, vocabulary, mapped, closing=NOT_WON) is None
    assert outcome_of("Closed", None, vocabulary, {"closed": "lost"}, closing=NOT_WON) == "lost"
    assert outcome_of("Closed", None, vocabulary, mapped, status="lost", closing=NOT_WON) == "lost"  # the status decides
    # A stage no rule places is not settled by "not won": its stored outcome is used, as before.
    assert outcome_of("Closed", None, vocabulary, {}, settled="lost", closing=NOT_WON) == "lost"


# ---- on the command line ---------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_rows", [None, "2"])
def test_the_command_line_quarantines_the_not_won_rows_a_mapping_to_won_would_make_wins(batch_rows, tmp_path, capsys, monkeypatch):
    if batch_rows:
        monkeypatch.setenv("WINLOSS_BATCH_ROWS", batch_rows)
    store = tmp_path / "store"
    assert main(["ingest", str(HUBSPOT), "--store", str(store), "--stage", "Closed=won"]) == 0
    out = capsys.readouterr().out
    assert "9 rows read (HubSpot export): 6 accepted, 3 quarantined." in out
    assert f"not stored, 2 rows ({NOT_WON_RULE_TEXT})" in out
    assert f"hubspot_closed_not_won.csv line 4: {sentence('Deal Stage', 'Is Closed Won', 'false')}" in out
    assert outcomes(deals(Store(store))) == HUBSPOT_WON
    quarantine = next((tmp_path / "store-quarantine").glob("*.csv")).read_text()
    assert sentence("Deal Stage", "Is Closed Won", "no").replace('"', '""') in quarantine
