"""A row's own closed/won flags decide over the built-in stage words, as they do over a stage mapping.

The stage words are the app's inference from a stage's name; the flags are what the CRM says of the
row. HubSpot keeps a default stage's internal name ("appointmentscheduled") when a portal repurposes the
stage, and a Salesforce report can carry a stage renamed away from its default meaning. HubSpot's
"appointmentscheduled" with Is Deal Closed and Is Closed Won true was stored open, Salesforce's
"Negotiation/Review" with IsClosed true and IsWon false open, and "Closed Won" with both flags false won,
and the file report said only "(stage words)": the flags counted only for a stage the user mapped.
Now the flags that say an outcome decide, whole or in batches, at read time and on the command line,
and the file report credits each such row to them, naming the stage words they overrode.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from outcome_reports import credited, outcomes
from winloss.cli import main
from winloss.deals import deals
from winloss.ingest.outcomes import (
    CLOSING_OUTCOME, CLOSING_WORDS_RULE_TEXT, folded_vocabulary, outcome_of, stored_signals, with_outcomes,
)
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
HUBSPOT = FIXTURES / "hubspot_flags_against_stage_words.csv"
SALESFORCE = FIXTURES / "salesforce_flags_against_stage_words.csv"
THEN_REASON = f"{CLOSING_WORDS_RULE_TEXT}, then the loss reason in the no-decision vocabulary"

HUBSPOT_OUTCOMES = {"8101": "won", "8102": "lost", "8103": "open", "8104": "won", "8105": "no_decision", "8106": "open"}
HUBSPOT_STAGES = {
    ("appointmentscheduled", "won", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),  # 8101: its flags say won
    ("appointmentscheduled", "open", "stage words"): (1, 1, 0),  # 8106: its flags agree
    ("qualifiedtobuy", "lost", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),  # 8102
    ("qualifiedtobuy", "no_decision", THEN_REASON): (1, 1, 0),  # 8105: lost by its flags, no decision by its reason
    ("Closed Won", "open", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),  # 8103: both flags false
    ("closedwon", "won", "stage words"): (1, 1, 0),  # 8104: its flags agree
}
SALESFORCE_OUTCOMES = {"006B1": "won", "006B2": "lost", "006B3": "open", "006B4": "lost", "006B5": "open"}
SALESFORCE_STAGES = {
    ("Negotiation/Review", "won", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),
    ("Negotiation/Review", "lost", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),
    ("Closed Won", "open", CLOSING_WORDS_RULE_TEXT): (1, 1, 0),
    ("Closed Lost", "lost", "stage words"): (1, 1, 0),
    ("Prospecting", "open", "stage words"): (1, 1, 0),  # blank flags: the words place it
}


def read(path: Path, batched: bool):
    if batched:
        p = prepare_path(path, batch_rows=2)
        assert p.read_count is not None  # read in batches
        return p
    return prepare(path.read_bytes(), path.name)


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize(
    ("path", "expected", "stages"),
    [(HUBSPOT, HUBSPOT_OUTCOMES, HUBSPOT_STAGES), (SALESFORCE, SALESFORCE_OUTCOMES, SALESFORCE_STAGES)],
    ids=["hubspot", "salesforce"],
)
def test_the_rows_own_flags_decide_over_the_stage_words_and_the_report_says_so(path, expected, stages, batched, tmp_path):
    p = read(path, batched)
    assert p.rows_quarantined == 0
    assert credited(file_report(p)) == stages
    store = Store(tmp_path / "store")
    commit(store, p)
    assert outcomes(deals(store)) == expected


def test_stored_deals_are_read_by_the_same_rule():
    """Deals stored before the flags decided over the words (stored open, their flags having said won or
    lost, or won, their flags having said open) are counted by what their flags said."""
    stored = pl.DataFrame({
        "stage": ["appointmentscheduled", "Negotiation", "Closed Won", "Closed Won", "Prospecting"],
        "outcome": ["open", "open", "won", "won", "open"],
        "closing_outcome": ["won", "lost", "open", None, None],
    })  # fmt: skip
    frame = stored.select("stage", "outcome", *stored_signals(stored.columns))
    assert CLOSING_OUTCOME in frame.columns
    derived = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    assert derived == ["won", "lost", "open", "won", "open"]
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    one_by_one = [outcome_of(stage, None, vocabulary, settled=outcome, closing=closing)
                  for stage, outcome, closing in stored.iter_rows()]
    assert one_by_one == derived


def test_the_command_line_stores_and_reports_what_the_flags_say(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["ingest", str(HUBSPOT), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"    'Closed Won' -> open, 1 row ({CLOSING_WORDS_RULE_TEXT})" in out
    assert f"    'appointmentscheduled' -> open, 1 row (stage words); won, 1 row ({CLOSING_WORDS_RULE_TEXT})" in out
    assert f"    'qualifiedtobuy' -> lost, 1 row ({CLOSING_WORDS_RULE_TEXT}); no decision, 1 row ({THEN_REASON})" in out
    assert main(["report", "--store", str(store), "--json"]) == 0
    (total,) = json.loads(capsys.readouterr().out)["rows"]
    assert (total["won"], total["lost"], total["no_decision"], total["open"]) == (2, 1, 1, 2)


def test_a_status_no_rule_reads_beside_flags_that_say_the_outcome_is_not_asked_about(tmp_path, capsys):
    """A Status no rule reads ("Signed") beside a stage whose words say open is asked about because it may
    say the deal closed; where the row's flags say its outcome, they say whether it closed. Before, the
    flags counted only once the column was left unread, and the rows were open by their stage words."""
    path = tmp_path / "salesforce_status.csv"
    path.write_text(
        "Opportunity ID,Opportunity Name,Account Name,Stage,Status,Opportunity Owner,Amount,Close Date,IsClosed,IsWon\n"
        "S1,SF one,Acme Corp,Negotiation,Signed,Anna Price,1000,2026-10-01,true,false\n"
        "S2,SF two,Acme Corp,Negotiation,Signed,Anna Price,2000,2026-10-02,true,true\n"
        "S3,SF three,Acme Corp,Negotiation,Signed,Bob Ray,3000,2026-10-03,,\n"
    )
    for name, extra in (("read", ["--map", "status=Status"]), ("unread", [])):
        store = tmp_path / name
        assert main(["ingest", str(path), "--store", str(store), *extra]) == 0
        out = capsys.readouterr().out
        assert f"    'Negotiation' -> lost, 1 row and won, 1 row ({CLOSING_WORDS_RULE_TEXT})" in out, name
        said = outcomes(deals(Store(store)))
        assert (said["S1"], said["S2"]) == ("lost", "won"), name
        assert said.get("S3") == (None if extra else "open"), name  # blank flags: the status is asked about when read
