"""A lost deal whose loss reason says the record is not a real deal ("Duplicate", "Merged", "Test", "Spam") was
counted lost, and a stage whose words say so ("Closed Lost - Duplicate") was counted lost anyway by the row's own
closed/won flags: both lowered the rep's win rate. Each is quarantined with a sentence naming the value, whole
file, in batches and XLSX; a saved stage mapping still places the stage."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, NoDecisionVocabulary
from winloss.ingest.outcomes import NOT_A_DEAL_RULE_TEXT, folded_vocabulary, outcome_of
from winloss.ingest.pipeline import PreparedFile, file_report, prepare, prepare_path

from deal_sheets import deals_workbook

HEADER = ["Record ID", "Deal owner", "Deal Stage", "Amount", "Create Date", "Close Date", "Deal Name",
          "Closed Lost Reason", "Is Closed Won", "Is Deal Closed?"]
ROWS = [
    ["1", "Ana Lee", "closedlost", "1000", "2024-01-02", "2024-03-04", "A", "Duplicate", "false", "true"],
    ["2", "Ana Lee", "closedwon", "1000", "2024-01-02", "2024-03-04", "B", "", "true", "true"],
    ["3", "Ana Lee", "closedlost", "1000", "2024-01-02", "2024-03-04", "C", "Price", "false", "true"],
    ["4", "Ana Lee", "Closed Lost - Duplicate", "1000", "2024-01-02", "2024-03-05", "D", "", "false", "true"],
    ["5", "Ana Lee", "closedlost", "1000", "2024-01-02", "2024-03-05", "E", "Spam lead", "false", "true"],
    ["6", "Ana Lee", "closedlost", "1000", "2024-01-02", "2024-03-05", "F", "Price", "false", "true"],
]
BY_REASON = ("Closed Lost Reason '{}' says the record is a duplicate, merged, a test or otherwise not a real deal, so "
             "it is not counted as lost: if it is a real loss, correct the row's Closed Lost Reason in the CRM and "
             "export it again.")
BY_REASON_RULE = "the loss reason says a duplicate, merged, test or other record that is not a real deal: quarantined"
BY_STAGE = ("Deal Stage 'Closed Lost - Duplicate' says the record is a duplicate, merged, a test or otherwise not a "
            "real deal, so it is not counted as open, won or lost: if it is a real deal, choose what it counts as (on "
            "the command line: --stage \"Closed Lost - Duplicate=won\" or lost, no_decision, open, and ingest again).")


def _xlsx() -> bytes:
    return deals_workbook([HEADER, *ROWS])


def _checked(p: PreparedFile) -> None:
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 3, 3)
    accepted = pl.concat(list(p.accepted_batches()))
    assert sorted(accepted.get_column("outcome").to_list()) == ["lost", "lost", "won"]
    assert dict(p.errors.select("line", "message").iter_rows()) == {
        2: BY_REASON.format("Duplicate"), 5: BY_STAGE, 6: BY_REASON.format("Spam lead")}
    stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in file_report(p)["stages"]}
    assert stages[("closedlost", None)] == (2, BY_REASON_RULE)
    assert stages[("Closed Lost - Duplicate", None)] == (1, NOT_A_DEAL_RULE_TEXT)


@pytest.mark.parametrize("kind", ["whole", "batched", "xlsx"])
def test_a_not_a_deal_reason_or_a_duplicate_stage_with_lost_flags_is_quarantined(tmp_path: Path, kind: str):
    data = ("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n").encode()
    if kind == "whole":
        _checked(prepare(data, "deals.csv"))
        # A mapping the user saves still places the stage; the reason's rows stay out.
        mapped = prepare(data, "deals.csv", stage_outcomes={"Closed Lost - Duplicate": "lost"})
        assert (mapped.rows_accepted, mapped.rows_quarantined) == (4, 2)
    elif kind == "xlsx":
        _checked(prepare(_xlsx(), "deals.xlsx"))
    else:
        path = tmp_path / "deals.csv"
        path.write_bytes(data)
        with prepare_path(path, batch_rows=2) as batched:
            _checked(batched)


def test_one_deal_read_again_follows_the_same_rules_and_a_reason_kept_lost_counts_lost():
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    assert outcome_of("Closed Lost", "Duplicate opportunity", vocabulary) is None
    assert outcome_of("Closed Lost - Duplicate", None, vocabulary, closing="lost") is None
    assert outcome_of("Closed Lost - Duplicate", None, vocabulary, {"closed lost duplicate": "lost"}, closing="lost") == "lost"
    kept = folded_vocabulary(NoDecisionVocabulary(DEFAULT_NO_DECISION_REASONS, ["Duplicate"]))
    assert outcome_of("Closed Lost", "Duplicate", kept) == "lost"
