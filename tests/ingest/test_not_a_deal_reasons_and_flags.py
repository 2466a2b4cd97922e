"""A lost deal whose loss reason says the record is not a real deal ("Duplicate", "Merged", "Test", "Spam") was
counted lost, and a stage whose words say so ("Closed Lost - Duplicate") was counted lost anyway by the row's own
closed/won flags: both lowered the rep's win rate. Each is quarantined with a sentence naming the value, whole
file, in batches and XLSX; a saved stage mapping still places the stage."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, NoDecisionVocabulary
from winloss.ingest.outcomes import NOT_A_DEAL_REASON_RULE_TEXT, NOT_A_DEAL_RULE_TEXT, folded_vocabulary, outcome_of
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
             "it is not counted as lost: if it is a real loss, choose what it counts as (on the command line: --stage "
             "\"{}=lost\" or no_decision, and ingest again).")
BY_REASON_RULE = NOT_A_DEAL_REASON_RULE_TEXT
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
        2: BY_REASON.format("Duplicate", "Duplicate"), 5: BY_STAGE, 6: BY_REASON.format("Spam lead", "Spam lead")}
    stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in file_report(p)["stages"]}
    # Listed under the reason, which is what to map (the stage editor maps it as a stage value), not under the stage.
    assert stages[("Duplicate", None)] == stages[("Spam lead", None)] == (1, BY_REASON_RULE)
    assert ("closedlost", None) not in stages
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


def test_a_not_a_deal_reason_is_settled_by_a_mapping_as_a_stage_is_and_left_out_without_one(tmp_path: Path, capsys):
    """A loss reason "Duplicate" could not be counted lost: --lost-reason (and the page) took only reasons a
    no-decision phrase reads. It is mapped as a stage value is (--stage, the Data page's Stage outcomes, which lists
    it as a value of its own), and left out (quarantined) while it has no mapping."""
    from winloss.cli import main
    from winloss.ingest.outcomes import MAPPED_RULE_TEXT
    from winloss.store.delta import Store
    from winloss.views.data_page import stage_rows

    data = ("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n").encode()
    editor = stage_rows(prepare(data, "deals.csv").stages, {})
    asked = editor.filter(pl.col("stage") == "Duplicate").row(0, named=True)
    assert (asked["quarantined"], asked["unplaced"], asked["count_as"]) == (1, 1, None)
    mapped = prepare(data, "deals.csv", stage_outcomes={"Duplicate": "lost"})
    assert (mapped.rows_accepted, mapped.rows_quarantined) == (4, 2)  # 'Spam lead' and the duplicate stage stay out
    assert mapped.accepted.filter(pl.col("opportunity_id") == "1").get_column("outcome").to_list() == ["lost"]
    stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in file_report(mapped)["stages"]}
    assert stages[("Duplicate", "lost")] == (1, MAPPED_RULE_TEXT)
    assert stage_rows(mapped.stages, {"Duplicate": "lost"}).filter(pl.col("stage") == "Duplicate")["count_as"].to_list() == ["lost"]
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    assert outcome_of("Closed Lost", "Duplicate", vocabulary, {"duplicate": "no_decision"}) == "no_decision"
    # The command line: --stage maps it; --lost-reason names --stage instead of calling it "counted as lost already".
    (tmp_path / "d.csv").write_bytes(data)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", "--lost-reason", "Duplicate", *where]) == 0
    said = capsys.readouterr().out
    assert "counted as lost already" not in said and '--stage "Duplicate=lost"' in said
    main(["ingest", str(tmp_path / "d.csv"), "--stage", "Duplicate=lost", *where])
    stored = Store(tmp_path / "store").opportunities().filter(pl.col("opportunity_id") == "1").select("outcome").collect()
    assert stored.rows() == [("lost",)]
    # Mapped again without a file, what it does to the stored deals with that reason is said (not "none is at it").
    capsys.readouterr()
    assert main(["ingest", "--stage", "Duplicate=no_decision", *where]) == 0
    assert "'Duplicate' → No decision, which counts 1 stored deal as no decision (it changed 1 from lost" in capsys.readouterr().out


def test_the_stage_editor_names_and_counts_each_kind_of_value_it_asks_about():
    """The stage editor lists a loss reason that says no real deal ("Duplicate") and a status no rule reads to be
    mapped as a stage value is, but its title said "each stage or status value" and its warning "2 stage values
    matched no rule" where one was a loss reason: each kind is named and counted, only the kinds present."""
    from winloss.views.data_page import stage_editor_title, stage_editor_value_header, stage_rows, unmatched_stages_sentence

    rows = [row for row in ROWS if row[7] != "Spam lead"]  # one loss reason and one stage left without an outcome
    editor = stage_rows(prepare(("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n").encode(), "deals.csv").stages, {})
    assert stage_editor_title(editor) == "Stage outcomes: what each stage value or loss reason counts as"
    assert stage_editor_value_header(editor) == "Stage or loss reason"
    assert unmatched_stages_sentence(editor) == (
        "1 stage value and 1 loss reason left 2 rows without an outcome ('Closed Lost - Duplicate', 1 row; 'Duplicate', "
        "1 row): choose what each counts "
        "as, or those rows are quarantined (never counted as open).")
    chosen = editor.with_columns(pl.when(pl.col("stage") == "Duplicate").then(pl.lit("lost")).alias("count_as"))
    assert unmatched_stages_sentence(chosen) == (
        "1 stage value left 1 row without an outcome ('Closed Lost - Duplicate', 1 row): choose what it counts as, or that "
        "row is quarantined (never counted as open).")
    statuses = stage_rows(prepare(STATUSES, "deals.csv").stages, {})
    assert stage_editor_title(statuses) == "Stage outcomes: what each stage value or status value counts as"
    assert unmatched_stages_sentence(statuses) == (
        "2 status values left 2 rows without an outcome ('Duplicate', 1 row; 'Merged', 1 row): choose what each counts as, or those rows "
        "are quarantined (never counted as open).")


def test_a_duplicate_stage_wins_over_a_lost_status_or_a_won_flag_unless_mapped():
    """A Status column of "Lost" beside a duplicate's stage decided the row as lost (and a won flag, won): the
    stage's words that say no real deal win over both, quarantined with the sentence, until the stage is mapped."""
    header = "Deal ID,Deal owner,Deal Stage,Status,Amount,Create Date,Close Date,Is Won\n"
    data = (header + "1,Ana Lee,Closed Lost - Duplicate,Lost,100,2024-01-02,2024-03-04,\n"
            "2,Ana Lee,Closed - Duplicate,Won,100,2024-01-02,2024-03-04,true\n"
            "3,Ana Lee,Closed Lost,Lost,100,2024-01-02,2024-03-04,\n").encode()
    p = prepare(data, "deals.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (3, 1, 2)
    messages = dict(p.errors.select("line", "message").iter_rows())
    assert messages[2].startswith("Deal Stage 'Closed Lost - Duplicate' says the record is a duplicate, merged, a test")
    assert messages[3].startswith("Deal Stage 'Closed - Duplicate' says the record is a duplicate, merged, a test")
    mapped = prepare(data, "deals.csv", stage_outcomes={"Closed Lost - Duplicate": "lost"})
    assert (mapped.rows_accepted, mapped.rows_quarantined) == (2, 1)
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    assert outcome_of("Closed Lost - Duplicate", None, vocabulary, status="lost") is None
    assert outcome_of("Closed - Duplicate", None, vocabulary, closing="won") is None
    assert outcome_of("Closed Lost - Duplicate", None, vocabulary, {"closed lost duplicate": "lost"}, status="lost") == "lost"


# A Status of "Duplicate" beside "Closed Lost", one of "Merged" beside "Closed Won", and a lost one.
STATUSES = ("Deal ID,Deal owner,Deal Stage,Status,Amount,Create Date,Close Date\n"
            "1,Ana Lee,Closed Lost,Duplicate,100,2024-01-02,2024-03-04\n"
            "2,Ana Lee,Closed Won,Merged,100,2024-01-02,2024-03-04\n"
            "3,Ana Lee,Closed Lost,Lost,100,2024-01-02,2024-03-04\n").encode()
STATUS_SAYS = ("Status '{0}' says the record is a duplicate, merged, a test or otherwise not a real deal, so it is not "
               "counted as open, won or lost: if it is a real deal, choose what it counts as (on the command line: "
               "--stage \"{0}=won\" or lost, no_decision, open, and ingest again).")


@pytest.mark.parametrize("kind", ["whole", "batched"])
def test_a_status_that_says_not_a_deal_beside_a_closed_stage_is_quarantined_unless_mapped(tmp_path: Path, kind: str):
    """A Status of "Duplicate" or "Merged" beside a "Closed Lost" ("Closed Won") stage counted the row lost (won): the
    status's words that say no real deal leave it out, naming the column and value, until the value is mapped."""
    data = STATUSES
    path = tmp_path / "deals.csv"
    path.write_bytes(data)

    def checked(p: PreparedFile, mapped: bool) -> None:
        if mapped:  # the user mapped the value as a stage value is mapped: its rows count as the mapping says
            assert (p.rows_accepted, p.rows_quarantined) == (2, 1)
            return
        assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (3, 1, 2)
        assert dict(p.errors.select("line", "message").iter_rows()) == {2: STATUS_SAYS.format("Duplicate"),
                                                                        3: STATUS_SAYS.format("Merged")}
        stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in file_report(p)["stages"]}
        assert stages[("Duplicate", None)] == stages[("Merged", None)] == (1, NOT_A_DEAL_RULE_TEXT)

    for mapping in (None, {"Duplicate": "lost"}):
        if kind == "whole":
            checked(prepare(data, "deals.csv", stage_outcomes=mapping), mapping is not None)
        else:
            with prepare_path(path, batch_rows=1, stage_outcomes=mapping) as batched:
                checked(batched, mapping is not None)


def test_the_command_lines_stage_lines_name_each_kind_of_value_they_list():
    """`ingest` headed its stage lines "stage values (outcome, rows, rule):" and warned "matched no stage rule" over
    a loss reason that says no real deal ("Duplicate") and a status no rule reads, listed there to be mapped as a
    stage value is: the header names the kinds listed, as the stage editor's title does."""
    from winloss.cli import stage_lines

    rows = [row for row in ROWS if row[7] != "Spam lead"]  # one loss reason and one stage left without an outcome
    lines = stage_lines(file_report(prepare(("\n".join(",".join(row) for row in [HEADER, *rows]) + "\n").encode(), "deals.csv")))
    assert lines[0] == "  deals.csv: stage values and loss reasons (outcome, rows, rule):"
    assert any(line.startswith("  ! 'Duplicate' -> not stored") for line in lines), lines
    # One rule for the mark and its legend: rows quarantined until mapped, which a "Duplicate" reason's are though a
    # rule matched it; the legend names what each kind listed can count as (it said "matched no rule" of it).
    assert lines[-3:] == [
        "  ! quarantined until mapped: the rows of the values marked ! are not stored.",
        "    Count a stage value as won, lost, no_decision or open, and a loss reason as lost or no_decision,",
        '    then ingest the file again with --stage "VALUE=OUTCOME".',
    ]
    assert all((line[2:4] == "! ") == ("not stored" in line) for line in lines if "->" in line), lines
    statuses = stage_lines(file_report(prepare(STATUSES, "deals.csv")))
    assert statuses[0] == "  deals.csv: stage values and status values (outcome, rows, rule):"


def test_a_not_a_deal_reason_can_be_counted_only_lost_or_no_decision(tmp_path: Path, capsys):
    """`--stage "Duplicate=won"` counted a "Closed Lost" deal whose loss reason says no real deal won (and `=open`
    open), and the stage editor offered Won and Open for the reason: a loss reason can only keep its closed-lost row
    lost or make it no decision. The engine never counts it otherwise, the command line refuses it in one sentence
    with nothing stored, with a file or without, and the editor does not use such a choice and says why."""
    from winloss.cli import main
    from winloss.ingest.outcomes import kind_outcomes, refused_choices
    from winloss.store.delta import Store
    from winloss.views.data_page import chosen_stage_rows, refused_stage_choices_sentence, stage_changes, stage_rows

    data = ("\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\n").encode()
    assert kind_outcomes("loss_reason") == ("lost", "no_decision") and kind_outcomes("stage") == kind_outcomes("status")
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    for outcome in ("won", "open"):
        p = prepare(data, "deals.csv", stage_outcomes={"Duplicate": outcome})
        assert p.accepted.filter(pl.col("opportunity_id") == "1").height == 0  # still quarantined, never won or open
        assert outcome_of("closedlost", "Duplicate", vocabulary, {"duplicate": outcome}) is None
        assert refused_choices(p.stages, {"Duplicate": outcome}) == [("Duplicate", "loss_reason", outcome)]
    # A stage whose words say no real deal can still be counted won: only the loss reason's choices are narrowed.
    assert refused_choices(prepare(data, "deals.csv").stages, {"Closed Lost - Duplicate": "won"}) == []

    (tmp_path / "d.csv").write_bytes(data)
    where = ["--store", str(tmp_path / "store")]
    refusal = ("python -m winloss ingest: 'Duplicate' is a loss reason, so it can count only as lost or no_decision: "
               'give --stage "Duplicate=lost" or --stage "Duplicate=no_decision" instead; nothing was stored.')
    assert main(["ingest", str(tmp_path / "d.csv"), "--stage", "Duplicate=won", *where]) == 2
    assert capsys.readouterr().err.strip() == refusal
    assert Store(tmp_path / "store").version() == 0
    assert main(["ingest", str(tmp_path / "d.csv"), "--stage", "Duplicate=lost", *where]) == 0
    capsys.readouterr()
    assert main(["ingest", "--stage", "Duplicate=open", *where]) == 2  # without a file: the stored deal's reason
    assert capsys.readouterr().err.strip() == refusal
    assert Store(tmp_path / "store").stage_outcomes() == {"Duplicate": "lost"}
    # Files of one command stored before the refused one stay stored: the sentence says which were not.
    (tmp_path / "clean.csv").write_bytes(("\n".join(",".join(row) for row in [HEADER, *[r for r in ROWS if r[7] != "Duplicate"]])
                                          + "\n").encode())
    other = ["--store", str(tmp_path / "other")]
    assert main(["ingest", str(tmp_path / "clean.csv"), str(tmp_path / "d.csv"), str(tmp_path / "clean.csv"),
                 "--stage", "Duplicate=won", *other]) == 2
    assert capsys.readouterr().err.strip() == refusal.replace(
        "nothing was stored", f"{tmp_path / 'd.csv'} and the files after it were not stored (the files before it were)")
    assert Store(tmp_path / "other").version() == 1

    # The editor offers one list for the whole column: Won chosen for the reason is no change, and is said.
    rows = stage_rows(prepare(data, "deals.csv").stages, {})
    at = rows.get_column("stage").to_list().index("Duplicate")
    edited = chosen_stage_rows(rows, {"edited_rows": {at: {"count_as": "won"}}, "added_rows": [], "deleted_rows": []})
    assert stage_changes(edited, {}) == ()
    assert refused_stage_choices_sentence(edited) == (
        "'Duplicate' is a loss reason, so it can count only as Lost or No decision: choose one of those for it; your "
        "choice of Won is not used.")
