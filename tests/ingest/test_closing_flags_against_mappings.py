"""A stage or status mapping never makes a row's own closing flags say something they do not.

A closed flag that says true with no won flag (HubSpot's Is Deal Closed true with Is Closed Won blank,
Salesforce's IsClosed true with IsWon blank) says "closed": won, lost or no decision, not which. A
mapping to won, lost or no decision places such a row; a mapping to open contradicts it, so the row is
quarantined naming the value, the flag and what to do, whole or in batches, on the command line, and a
stored deal under a mapping to open saved later is counted by no page: every page, and the command
line, say so. A status value the user maps is held to the same rules as a mapped stage.

Mapping HubSpot's "Paused" to open counted a deal whose Is Deal Closed said true as open; mapping a
Status "Signed" to won made a win of a row whose Is Won said false, and a lost row (Is Closed true, Is
Won false) a win; a stored "not won" deal under a mapping of its stage to won saved later was left out of
every page, and nothing said so.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from outcome_reports import closed_sentence, credited, not_won_sentence, outcomes, reasons
from winloss.cli import main, stage_lines
from winloss.deals import deals, uncounted_deals
from winloss.ingest.outcomes import (
    CLOSED, CLOSED_OPEN_RULE_TEXT, CLOSING_OUTCOME, CLOSING_RULE_TEXT, NOT_WON, STATUS_CLOSED_OPEN_RULE_TEXT,
    STATUS_NOT_WON_RULE_TEXT, STATUS_OUTCOME, folded_stage_outcomes, folded_vocabulary, outcome_of, with_outcomes,
)
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views.data_page import stage_rows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
# "Paused" (no stage rule): closed only (true), open (false/false), blank flags, won, lost, closed only ("yes");
# "Closed Won".
CLOSED_ONLY = FIXTURES / "hubspot_closed_flag_only.csv"
# Stage "Discovery" beside a Status: "Won", "Lost" (first, so a first batch of two reads the column as a
# status), "Signed" (not won, won, lost by its flags, blank flags), "Parked" (closed only, blank flags).
STATUS = FIXTURES / "status_beside_flags.csv"
NOT_WON_FIXTURE = FIXTURES / "hubspot_closed_not_won.csv"  # "Closed": 7203 and 7206 not won by Is Closed Won alone
OPEN = {"Paused": "open"}
STATUS_MAPPED = {"Signed": "won", "Parked": "open"}


CLOSED_ONLY_OPEN = {"7302": "open", "7303": "open", "7304": "won", "7305": "lost", "7307": "won"}
CLOSED_ONLY_STAGES = {
    ("Paused", "open", "your stage mapping"): (1, 1, 0),
    ("Paused", None, CLOSED_OPEN_RULE_TEXT): (2, 0, 2),
    ("Paused", "open", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Paused", "won", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Paused", "lost", CLOSING_RULE_TEXT): (1, 1, 0),
    ("Closed Won", "won", "stage words"): (1, 1, 0),
}
STATUS_OUTCOMES = {"T2": "won", "T3": "lost", "T4": "won", "T6": "open", "T7": "won", "T8": "lost"}
STATUS_STAGES = {
    # A status the user mapped is credited to the mapping, not to the file's status column.
    ("Discovery", "won", "your mapping of its status"): (1, 1, 0),  # T4 (the mapping of "Signed")
    ("Discovery", "won", "the status column"): (1, 1, 0),  # T7 ("Won")
    ("Discovery", "open", "your mapping of its status"): (1, 1, 0),  # T6 (the mapping of "Parked")
    ("Discovery", "lost", "the status column"): (1, 1, 0),  # T8 ("Lost")
    ("Discovery", "won", CLOSING_RULE_TEXT): (1, 1, 0),  # T2
    ("Discovery", "lost", CLOSING_RULE_TEXT): (1, 1, 0),  # T3: lost by its flags, not won by the mapping of its status
    ("Discovery", None, STATUS_NOT_WON_RULE_TEXT): (1, 0, 1),  # T1
    ("Discovery", None, STATUS_CLOSED_OPEN_RULE_TEXT): (1, 0, 1),  # T5
}


def read(path: Path, batched: bool, mapping: dict[str, str]):
    if batched:
        p = prepare_path(path, batch_rows=2, stage_outcomes=mapping)
        assert p.read_count is not None  # read in batches
        return p
    return prepare(path.read_bytes(), path.name, stage_outcomes=mapping)


def accepted(p, tmp_path: Path) -> dict[str, str]:
    """The outcomes of the rows `p` stores, as the store gives them (a batched read keeps no frame of them)."""
    store = Store(tmp_path / "store")
    commit(store, p)
    return outcomes(deals(store))


# ---- a closed flag alone against a mapping to open, at ingest ----------------------------------------
@pytest.mark.parametrize("batched", [False, True])
def test_a_mapping_to_open_quarantines_the_rows_whose_closed_flag_says_closed_and_counts_them_apart(batched, tmp_path):
    p = read(CLOSED_ONLY, batched, OPEN)
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (7, 5, 2)
    report = file_report(p)
    assert credited(report) == CLOSED_ONLY_STAGES
    assert reasons(report) == {2: closed_sentence("Deal Stage", "Is Deal Closed?", "true"),
                               7: closed_sentence("Deal Stage", "Is Deal Closed?", "yes")}
    assert set(dict(p.errors.select("line", "check").iter_rows()).values()) == {"Mapped to open, but closed by its closed/won columns"}
    assert (
        "    'Paused' -> open, 1 row (your stage mapping); lost, 1 row and open, 1 row and won, 1 row "
        f"({CLOSING_RULE_TEXT}); not stored, 2 rows ({CLOSED_OPEN_RULE_TEXT})"
    ) in stage_lines(report)
    rows = {r["stage"]: r for r in stage_rows(p.stages, OPEN).iter_rows(named=True)}
    assert rows["Paused"]["given"] == (
        f"Open 1 (your stage mapping); Lost 1, Open 1, Won 1 ({CLOSING_RULE_TEXT}); Not stored 2 ({CLOSED_OPEN_RULE_TEXT})"
    )
    assert (rows["Paused"]["rows"], rows["Paused"]["quarantined"], rows["Paused"]["unplaced"]) == (4, 2, 0)
    assert accepted(p, tmp_path) == CLOSED_ONLY_OPEN  # 7301 (true) and 7306 ("yes") closed: never counted as open
    # Without a mapping, "closed" settles nothing, as before: the row is a closed deal of a stage no rule matches.
    unmapped = read(CLOSED_ONLY, batched, {})
    assert dict(unmapped.errors.select("line", "check").iter_rows())[2] == "Stage matches no rule (closed deal)"
    assert unmapped.rows_quarantined == 3  # 7301, 7303 (no flag at all), 7306


@pytest.mark.parametrize("outcome", ["won", "lost", "no_decision"])
def test_a_mapping_to_won_lost_or_no_decision_places_the_closed_rows_and_the_store_keeps_closed(outcome, tmp_path):
    p = prepare(CLOSED_ONLY.read_bytes(), CLOSED_ONLY.name, stage_outcomes={"Paused": outcome})
    said = outcomes(p.accepted)
    assert said["7301"] == said["7306"] == said["7303"] == outcome
    assert (said["7302"], said["7304"], said["7305"]) == ("open", "won", "no_decision" if outcome == "no_decision" else "lost")
    assert p.rows_quarantined == 0
    store = Store(tmp_path / "store")
    commit(store, p)
    kept = dict(store.opportunities().select("opportunity_id", "closing_outcome").collect().iter_rows())
    assert kept["7301"] == kept["7306"] == CLOSED
    assert kept["7303"] is None and kept["7302"] == "open"


def test_a_salesforce_isclosed_true_with_iswon_blank_is_never_counted_open():
    content = (FIXTURES / "salesforce_iswon_only.csv").read_bytes().replace(
        b"006A3,Gamma,Acme,Closed,1500,2026-02-12,2026-01-04,Ines Roth,Price,,false",
        b"006A3,Gamma,Acme,Closed,1500,2026-02-12,2026-01-04,Ines Roth,Price,true,")
    p = prepare(content, "salesforce.csv", stage_outcomes={"Closed": "open"})
    assert "006A3" not in outcomes(p.accepted)
    assert reasons(file_report(p))[4] == closed_sentence("Stage", "IsClosed", "true", "Closed")


# ---- a status value the user maps, against the row's own flags ----------------------------------------
@pytest.mark.parametrize("batched", [False, True])
def test_a_status_value_mapped_to_won_or_open_never_overrides_the_rows_own_flags(batched, tmp_path):
    p = read(STATUS, batched, STATUS_MAPPED)
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (8, 6, 2)
    report = file_report(p)
    assert credited(report) == STATUS_STAGES
    assert reasons(report) == {4: not_won_sentence("Status", "Is Won", "false", "Signed"),
                               8: closed_sentence("Status", "Is Closed", "true", "Parked")}
    titles = dict(p.errors.select("line", "check").iter_rows())
    assert titles == {4: "Mapped to won, but not won by its won flag", 8: "Mapped to open, but closed by its closed/won columns"}
    rows = {r["stage"]: r for r in stage_rows(p.stages, STATUS_MAPPED).iter_rows(named=True)}
    assert f"Not stored 1 ({STATUS_NOT_WON_RULE_TEXT})" in rows["Discovery"]["given"]
    # T1 (Is Won false alone) is not won, T5 (Is Closed true alone) closed, T3 lost by its flags: the mapping of
    # their status does not say otherwise.
    assert accepted(p, tmp_path) == STATUS_OUTCOMES
    # What is stored as the status's outcome is the row's own: T3's flags said lost.
    kept = dict(Store(tmp_path / "store").opportunities().select("opportunity_id", "status_outcome").collect().iter_rows())
    assert kept["T3"] == "lost" and kept["T4"] == "won"


def test_a_status_mapping_that_agrees_with_the_flags_places_the_rows():
    p = prepare(STATUS.read_bytes(), STATUS.name, stage_outcomes={"Signed": "lost", "Parked": "won"})
    assert p.rows_quarantined == 0
    said = outcomes(p.accepted)
    assert (said["T1"], said["T2"], said["T4"], said["T5"], said["T6"]) == ("lost", "won", "lost", "won", "won")


# ---- stored deals, under a mapping saved after they were stored ---------------------------------------
def test_a_mapping_to_open_saved_later_never_counts_a_stored_closed_deal_and_every_reader_says_so(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(CLOSED_ONLY.read_bytes(), CLOSED_ONLY.name, stage_outcomes={"Paused": "lost"}))
    assert outcomes(deals(store))["7301"] == "lost" and uncounted_deals(store).deals == 0
    store.save_stage_outcomes(OPEN)
    assert outcomes(deals(store)) == CLOSED_ONLY_OPEN  # 7301 and 7306 are not open
    uncounted = uncounted_deals(store)
    assert uncounted.deals == 2
    assert uncounted.command_line_sentences == [
        "2 stored deals are not counted on any page: stage 'Paused' is mapped to open, but their closed/won columns said "
        "closed when they were stored. Map 'Paused' to won, lost or no decision (on the command line: --stage "
        "\"Paused=won\" or lost or no_decision, with no file), or correct the deals in the CRM."
    ]
    # Every page says it naming the Data page's stage editor, not the flag.
    assert uncounted.page_sentences == [
        "2 stored deals are not counted on any page: stage 'Paused' is mapped to open, but their closed/won columns said "
        "closed when they were stored. Map 'Paused' to won, lost or no decision on the Data page, in Stage outcomes, "
        "under Count as, with an export holding 'Paused' uploaded again, or correct the deals in the CRM."
    ]
    # The same file again under the stored mapping quarantines those rows; a mapping that agrees counts them again.
    again = prepare(CLOSED_ONLY.read_bytes(), CLOSED_ONLY.name, stage_outcomes=store.stage_outcomes())
    assert again.rows_quarantined == 2
    store.save_stage_outcomes({"Paused": "no_decision"})
    assert outcomes(deals(store))["7301"] == "no_decision" and uncounted_deals(store).deals == 0


def test_a_stored_not_won_deal_under_a_mapping_to_won_saved_later_is_counted_as_uncounted(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(NOT_WON_FIXTURE.read_bytes(), NOT_WON_FIXTURE.name, stage_outcomes={"Closed": "lost"}))
    store.save_stage_outcomes({"Closed": "won"})
    assert "7203" not in outcomes(deals(store))
    uncounted = uncounted_deals(store)
    assert uncounted.deals == 2  # 7203 and 7206
    assert uncounted.command_line_sentences == [
        "2 stored deals are not counted on any page: stage 'Closed' is mapped to won, but their won flag said not "
        "won when they were stored. Map 'Closed' to lost, no decision or open (on the command line: --stage "
        "\"Closed=lost\" or no_decision or open, with no file), or correct the deals in the CRM."
    ]


def test_outcome_of_one_deal_and_with_outcomes_agree_on_closed():
    """The No-decision reasons tab derives outcomes deal by deal, the pages all at once: the same rule."""
    stages = ["Paused", "Closed Won", "Prospecting"]
    combos = list(itertools.product(stages, [None, CLOSED, NOT_WON, "lost", "open"], [None, "won", "open"],
                                    [None, "won", "lost", "open"], [None, "Went Dark"]))
    frame = pl.DataFrame(
        combos, schema={"stage": pl.String, CLOSING_OUTCOME: pl.String, STATUS_OUTCOME: pl.String, "outcome": pl.String,
                        "loss_reason": pl.String}, orient="row",
    )  # fmt: skip
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    for mapping in ({}, OPEN, {"Paused": "won"}, {"Paused": "lost"}, {"Prospecting": "open"}):
        derived = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS, mapping).get_column("outcome").to_list()
        one_by_one = [outcome_of(stage, reason, vocabulary, folded_stage_outcomes(mapping), stored, status, closing)
                      for stage, closing, status, stored, reason in combos]
        assert derived == one_by_one, mapping
    assert outcome_of("Paused", None, vocabulary, folded_stage_outcomes(OPEN), closing=CLOSED) is None
    assert outcome_of("Paused", None, vocabulary, folded_stage_outcomes({"Paused": "lost"}), closing=CLOSED) == "lost"
    # A stage no rule places is not settled by "closed": its stored outcome is used.
    assert outcome_of("Paused", None, vocabulary, {}, settled="won", closing=CLOSED) == "won"


# ---- on the command line ---------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_rows", [None, "2"])
def test_the_command_line_quarantines_closed_rows_a_mapping_to_open_would_count_open(batch_rows, tmp_path, capsys, monkeypatch):
    if batch_rows:
        monkeypatch.setenv("WINLOSS_BATCH_ROWS", batch_rows)
    store = tmp_path / "store"
    assert main(["ingest", str(CLOSED_ONLY), "--store", str(store), "--stage", "Paused=open"]) == 0
    out = capsys.readouterr().out
    assert "7 rows read (HubSpot export): 5 accepted, 2 quarantined." in out
    assert f"not stored, 2 rows ({CLOSED_OPEN_RULE_TEXT})" in out
    assert f"hubspot_closed_flag_only.csv line 2: {closed_sentence('Deal Stage', 'Is Deal Closed?', 'true')}" in out
    assert outcomes(deals(Store(store))) == CLOSED_ONLY_OPEN
    quarantine = next((tmp_path / "store-quarantine").glob("*.csv")).read_text()
    assert closed_sentence("Deal Stage", "Is Deal Closed?", "yes").replace('"', '""') in quarantine


@pytest.mark.parametrize("batch_rows", [None, "2"])
def test_the_command_line_quarantines_a_status_mapped_to_won_against_a_not_won_flag(batch_rows, tmp_path, capsys, monkeypatch):
    if batch_rows:
        monkeypatch.setenv("WINLOSS_BATCH_ROWS", batch_rows)
    store = tmp_path / "store"
    assert main(["ingest", str(STATUS), "--store", str(store), "--stage", "Signed=won", "--stage", "Parked=open"]) == 0
    out = capsys.readouterr().out
    assert f"status_beside_flags.csv line 4: {not_won_sentence('Status', 'Is Won', 'false', 'Signed')}" in out
    assert f"status_beside_flags.csv line 8: {closed_sentence('Status', 'Is Closed', 'true', 'Parked')}" in out
    assert outcomes(deals(Store(store))) == STATUS_OUTCOMES


def test_the_command_line_says_which_stored_deals_a_mapping_saved_later_leaves_uncounted(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["ingest", str(CLOSED_ONLY), "--store", str(store), "--stage", "Paused=won"]) == 0
    capsys.readouterr()
    # A later export stores a mapping of "Paused" to open: the stored closed deals are counted by no page.
    later = tmp_path / "later.csv"
    later.write_text(CLOSED_ONLY.read_text().splitlines()[0] + "\n"
                     "7399,Ridge,Partner,Closed Won,100,2026-03-01T12:00:00Z,2026-01-02T09:00:00Z,Ines Roth,,true,true\n")
    assert main(["ingest", str(later), "--store", str(store), "--stage", "Paused=open"]) == 0
    said = ("2 stored deals are not counted on any page: stage 'Paused' is mapped to open, but their closed/won columns said "
            "closed when they were stored.")
    assert said in capsys.readouterr().out
    assert main(["report", "--store", str(store)]) == 0
    assert said in capsys.readouterr().out
    assert main(["report", "--store", str(store), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["uncounted"]["deals"] == 2
    assert main(["report", "--store", str(store), "--by", "loss_reason"]) == 0
    assert said in capsys.readouterr().out
