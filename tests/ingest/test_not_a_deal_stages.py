"""A stage (or status) whose words say the record is not a real deal (a duplicate, merged, a test, spam, junk,
invalid, entered in error, "do not use") is never given an outcome by the stage words: "Closed Lost - Duplicate"
had been counted lost by its "Lost", lowering its rep's win rate. It is asked about as a value no rule matches
is, and the file report says why; a mapping the user saves still places it. Whole file, in batches and XLSX."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest.outcomes import NOT_A_DEAL_RULE_TEXT, RULE_NONE, folded_vocabulary, stage_placement
from winloss.ingest.pipeline import PreparedFile, file_report, prepare, prepare_path

from deal_sheets import deals_workbook

HEADER = ["Deal ID", "Deal owner", "Deal Stage", "Amount", "Create Date", "Close Date", "Deal Name"]
ROWS = [
    ["1", "Ana Lee", "Closed Lost - Duplicate", "1000", "2024-01-02", "2024-03-04", "A"],
    ["2", "Ana Lee", "Closed Won", "1000", "2024-01-02", "2024-03-04", "B"],
    ["3", "Ana Lee", "Closed Lost", "1000", "2024-01-02", "2024-03-04", "C"],
    ["4", "Ana Lee", "Closed Lost - Duplicate", "1000", "2024-01-02", "2024-03-05", "D"],
    ["5", "Ana Lee", "Closed Lost", "1000", "2024-01-02", "2024-03-05", "E"],
]
SAID = ("Deal Stage 'Closed Lost - Duplicate' says the record is a duplicate, merged, a test or otherwise not a real "
        "deal, so it is not counted as open, won or lost: if it is a real deal, choose what it counts as (on the "
        "command line: --stage \"Closed Lost - Duplicate=won\" or lost, no_decision, open, and ingest again).")


def _csv() -> bytes:
    return ("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n").encode()


def _xlsx() -> bytes:
    return deals_workbook([HEADER, *ROWS])


def _checked(p: PreparedFile) -> None:
    """The duplicates are quarantined with the sentence, the report names why, the rest are counted."""
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (5, 3, 2)
    accepted = pl.concat(list(p.accepted_batches()))
    assert sorted(accepted.get_column("outcome").to_list()) == ["lost", "lost", "won"]
    assert dict(p.errors.select("line", "message").iter_rows()) == {2: SAID, 5: SAID}
    stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"], s["matched"]) for s in file_report(p)["stages"]}
    assert stages[("Closed Lost - Duplicate", None)] == (2, NOT_A_DEAL_RULE_TEXT, False)


@pytest.mark.parametrize("batch_rows", [None, 2])
def test_a_duplicate_s_stage_is_asked_about_never_counted_lost_csv_whole_and_batched(tmp_path: Path, batch_rows):
    if batch_rows is None:
        _checked(prepare(_csv(), "deals.csv"))
        # A mapping the user saves still places it.
        mapped = prepare(_csv(), "deals.csv", stage_outcomes={"Closed Lost - Duplicate": "lost"})
        assert (mapped.rows_accepted, mapped.rows_quarantined) == (5, 0)
        assert sorted(mapped.accepted.get_column("outcome").to_list()) == ["lost", "lost", "lost", "lost", "won"]
        return
    path = tmp_path / "deals.csv"
    path.write_bytes(_csv())
    with prepare_path(path, batch_rows=batch_rows) as batched:
        _checked(batched)


def test_a_duplicate_s_stage_is_asked_about_in_a_workbook_too():
    _checked(prepare(_xlsx(), "deals.xlsx"))


@pytest.mark.parametrize("stage", [
    "Closed Lost - Duplicate", "Closed Lost (duplicates)", "Closed Won - Dupe", "Lost - merged", "Closed Won (TEST)",
    "Testing - won", "Closed Lost - Spam", "Closed Lost - Junk", "Closed Lost - Invalid", "Lost - entered in error",
    "Closed Lost - Do not use", "Lost - don't use", "Verloren - Duplikat", "Perdu - doublon", "Perdido (duplicado)",
    "Verloren - ungültig", "Gewonnen (Test)", "失注 (重複)",
])
def test_words_that_say_no_real_deal_leave_a_stage_to_be_asked_about(stage: str):
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    assert stage_placement(stage, vocabulary, {}) == (None, RULE_NONE)


def test_a_test_word_beside_the_deals_own_business_is_no_mark_of_a_test_record():
    """"Test" marks a test record only beside nothing but outcome words: "Closed Won - Test Drive" was quarantined as
    not a real deal, and a loss reason "Testing budget" would have kept a real loss out, by the word alone."""
    from winloss.ingest.pipeline import file_report

    data = ("Opportunity ID,Opportunity Owner,Stage,Loss Reason,Amount,Close Date\n"
            "T1,Ann Lee,Closed Won - Test Drive,,100,2026-03-01\n"
            "T2,Ann Lee,Closed Lost,Testing budget,100,2026-03-02\n"
            "T3,Ann Lee,Closed Won (TEST),,100,2026-03-03\n").encode()
    report = file_report(prepare(data, "deals.csv"))
    assert (report["rows_accepted"], report["rows_quarantined"]) == (2, 1)
    placed = {s["stage"]: s["outcome"] for s in report["stages"]}
    assert placed["Closed Won - Test Drive"] == "won" and placed["Closed Lost"] == "lost"
