"""A loss reason that qualifies a no-decision phrase ("No decision - status quo") counts as no decision
by one named rule; a reason holding the phrase later ("Lost - no decision") is a near miss, asked about."""

from __future__ import annotations

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS, folded_words
from winloss.ingest.hints import page_sentence
from winloss.ingest.outcomes import (
    folded_vocabulary, near_miss_phrase, near_miss_why, no_decision_phrase, outcome_of, reason_is_no_decision, reason_rule_notes,
    with_outcomes,
)
from winloss.ingest.pipeline import prepare

VOCABULARY = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)


@pytest.mark.parametrize(
    ("reason", "phrase", "separator"),
    [
        ("No decision - status quo", "No decision", " - "),
        ("No Decision – budget frozen", "No Decision", " – "),  # en dash
        ("No decision—budget frozen", "No decision", "—"),  # em dash, no spaces
        ("No decision: went dark", "No decision", ": "),
        ("No decision ; ghosted", "No decision", " ; "),
        ("Status quo (kept spreadsheet)", "Status quo", " ("),
        ("Do nothing / renewed old tool", "Do nothing", " / "),
        ("Project cancelled, reorg", "Project cancelled", ", "),
        ("NO DÉCISION - gel budgétaire", "NO DÉCISION", " - "),  # case and accents do not count
        ("  “No-Decision” | kept Excel ", "“No-Decision”", " | "),  # quotes, hyphen inside the phrase, outer spaces
        ("Pas de décision - statu quo", "Pas de décision", " - "),
        ("No decision - went dark after the pilot", "No decision", " - "),
        ("No decision - lost to status quo", "No decision", " - "),  # "lost to" the status quo: no competitor
    ],
)
def test_a_vocabulary_phrase_then_a_separator_and_more_words_is_no_decision(reason, phrase, separator):
    assert no_decision_phrase(reason, VOCABULARY) == (phrase, separator)
    assert reason_is_no_decision(reason, VOCABULARY)
    assert outcome_of("Closed Lost", reason, VOCABULARY) == "no_decision"
    assert near_miss_phrase(reason, VOCABULARY) is None


@pytest.mark.parametrize(
    "reason",
    [
        "No decision maker access",  # no separator: a longer phrase, not a qualifier (asked about, below)
        "No decision-maker left",  # a hyphen without spaces joins words
        "No budgeting tool",  # a vocabulary phrase ("No Budget") only as the start of a word
        "Statusquo - kept",  # not the phrase
        "Price - too high",
        "Decision - postponed",
    ],
)
def test_a_reason_without_the_phrase_then_a_separator_stays_lost(reason):
    assert no_decision_phrase(reason, VOCABULARY) is None
    assert not reason_is_no_decision(reason, VOCABULARY)
    assert outcome_of("Closed Lost", reason, VOCABULARY) == "lost"


@pytest.mark.parametrize("reason", ["No decision", "No Decision / Non-Responsive", "No decision -", "No decision ()"])
def test_a_whole_reason_is_the_vocabularys_own_match_not_the_phrase_rule(reason):
    assert no_decision_phrase(reason, VOCABULARY) is None
    assert reason_is_no_decision(reason, VOCABULARY)


@pytest.mark.parametrize(
    ("reason", "phrase"),
    [
        ("Lost - no decision", "no decision"),
        ("Went quiet / No Decision", "no decision"),
        ("Lost to competitor, then project cancelled", "project cancelled"),
        ("Champion left: status quo", "status quo"),
        # The phrase, then words that say the deal went elsewhere: the reason says both, so it is asked.
        ("No decision - went with competitor", "no decision"),
        ("No Decision: lost to Acme", "no decision"),
        ("Status quo / switched to a rival tool", "status quo"),
        ("Do nothing (vendor consolidation)", "do nothing"),
    ],
)
def test_a_phrase_after_the_start_is_a_near_miss_still_lost(reason, phrase):
    assert near_miss_phrase(reason, VOCABULARY) == phrase
    assert outcome_of("Closed Lost", reason, VOCABULARY) == "lost"


@pytest.mark.parametrize(("reason", "phrase"), [
    ("No decision maker access", "no decision"), ("Went dark after demo", "went dark"),
    ("Status quo maintained", "status quo"), ("No budget this year", "no budget"),
])
def test_a_phrase_at_the_start_with_more_words_and_no_separator_is_a_near_miss_still_lost(reason, phrase):
    """"Went dark after demo" and "No decision made" were counted lost without a word: a reason that runs on
    after a phrase may mean it ("went dark after demo") or not ("No decision maker access"), so it is asked."""
    assert near_miss_phrase(reason, VOCABULARY) == phrase
    assert near_miss_why(reason, VOCABULARY) == f"goes on after '{reason[:len(phrase)]}' with no separator"
    assert outcome_of("Closed Lost", reason, VOCABULARY) == "lost"


@pytest.mark.parametrize(("reason", "why"), [
    ("Went quiet / NO DÉCISION", "holds 'NO DÉCISION' after the start"),
    ("No Decision – went with competitor", "names a competitor after 'No Decision'"),
    ("Status-Quo maintained", "goes on after 'Status-Quo' with no separator"),
    ("失注 / ノーデシジョン", "holds 'ノーデシジョン' after the start"),  # "no decision" in katakana
])
def test_a_near_miss_phrase_is_shown_as_the_reason_writes_it(reason, why):
    """Beside the reason on the No-decision reasons tab: it was the key the phrase is matched by ('no decision',
    'status quo', 'ノーテシション'), its case, accents, hyphen and voicing marks dropped."""
    assert near_miss_why(reason, VOCABULARY | {folded_words("ノーデシジョン")}) == why


@pytest.mark.parametrize("reason", ["No decision made", "NoDecision", "Sem decisão", "Nessuna decisione", "Geen beslissing",
                                    "Brak decyzji", "現状維持", "Nenhuma decisão"])
def test_no_decision_as_more_reason_lists_write_it_is_no_decision(reason):
    assert outcome_of("Closed Lost", reason, VOCABULARY) == "no_decision"


def test_the_rule_follows_the_stores_vocabulary_and_only_turns_lost_deals():
    frame = pl.DataFrame(
        {
            "stage": ["Closed Lost", "Closed Lost", "Closed Won", "Negotiation"],
            "loss_reason": ["Went quiet - champion left", "No decision - status quo", "No decision - x", "No decision - x"],
        }
    )
    edited = ["Went quiet"]  # a store whose vocabulary was edited: its own phrases, and no "No Decision"
    assert with_outcomes(frame, edited).get_column("outcome").to_list() == ["no_decision", "lost", "won", "open"]
    default = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    assert default == ["lost", "no_decision", "won", "open"]


def test_the_notes_name_the_rule_with_each_reason_and_ask_about_the_near_misses():
    counts = pl.DataFrame(
        {
            "loss_reason": ["No decision - status quo", "Status quo (kept spreadsheet)", "Lost - no decision",
                            "Went quiet / no decision", "Price and timing", "No Decision", "Price"],
            "outcome": ["no_decision", "no_decision", "lost", "lost", "lost", "no_decision", "lost"],
            "deals": [41, 3, 5, 2, 7, 30, 9],
        }
    )
    notes = reason_rule_notes(counts, DEFAULT_NO_DECISION_REASONS)
    assert notes[0] == (
        "'No decision - status quo' (41 deals) and 'Status quo (kept spreadsheet)' (3 deals) are counted as no "
        "decision: 'No decision - status quo' starts with 'No decision' from the no-decision vocabulary followed by "
        "' - '; 'Status quo (kept spreadsheet)' starts with 'Status quo' from the no-decision vocabulary followed by "
        "' ('. To count one as lost instead, run python -m winloss ingest --lost-reason \"No decision - status quo\", "
        "or with another reason as written (no file needed). Or untick its phrase in the No-decision reasons tab of "
        "the Data page, to count as lost every loss reason that phrase matches."
    )
    assert notes[1] == (
        "7 deals are still counted as lost though their loss reasons hold a no-decision phrase no rule decides "
        "(after the start, before a competitor, or going on with no separator): 'Lost - no decision' (5 deals), 'Went quiet / no decision' (2 deals). Add each reason that "
        "means no decision to the no-decision vocabulary (on the command line: --no-decision-reason "
        '"Lost - no decision" --no-decision-reason "Went quiet / no decision" to ingest, with or without a file).'
    )
    assert len(notes) == 2
    assert page_sentence(notes[1]).endswith(
        "to the no-decision vocabulary in the No-decision reasons tab at the top of the page, where they are proposed "
        "once the file is saved."
    )


def test_past_five_reasons_the_rest_are_counted_in_one_sentence():
    reasons = [f"No decision - reason {k}" for k in range(7)]
    counts = pl.DataFrame({"loss_reason": reasons, "outcome": ["no_decision"] * 7, "deals": [10, 9, 8, 7, 6, 2, 1]})
    (note,) = reason_rule_notes(counts, ["No decision"])
    assert note.startswith(
        "'No decision - reason 0' (10 deals), 'No decision - reason 1' (9 deals), 'No decision - reason 2' (8 deals), "
        "'No decision - reason 3' (7 deals), 'No decision - reason 4' (6 deals) and 2 more reasons (3 deals) by the "
        "same rules are counted as no decision: 'No decision - reason 0' starts with 'No decision'"
    )
    assert "reason 5" not in note and "reason 6" not in note


def test_the_file_report_of_a_prepared_export_carries_the_notes_and_its_outcomes():
    content = (
        "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n"
        "A1,Ann,Closed Lost,No decision: went dark,2026-05-01,100\n"
        "A2,Ann,Closed Lost,No decision: went dark,2026-05-02,100\n"
        "A3,Bo,Closed Lost,Lost - no decision,2026-05-03,100\n"
        "A4,Bo,Closed Lost,No decision maker access,2026-05-03,100\n"
        "A5,Bo,Closed Won,,2026-05-04,100\n"
    ).encode()
    prepared = prepare(content, "export.csv")
    outcomes = dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows())
    assert outcomes == {"A1": "no_decision", "A2": "no_decision", "A3": "lost", "A4": "lost", "A5": "won"}
    notes = prepared.report_notes()
    assert ("'No decision: went dark' (2 deals) is counted as no decision: 'No decision: went dark' starts with "
            "'No decision' from the no-decision vocabulary followed by ': '. To count it as lost instead, run: python "
            "-m winloss ingest --lost-reason \"No decision: went dark\" (no file needed). Or untick its phrase, 'No "
            "Decision', in the No-decision reasons tab of the Data page, to count as lost every loss reason that "
            "phrase matches.") in notes
    (asked,) = [n for n in notes if "still counted as lost" in n]
    assert asked.startswith("2 deals are still counted as lost though their loss reasons hold a no-decision phrase")
    assert "'Lost - no decision' (1 deal)" in asked and "'No decision maker access' (1 deal)" in asked


# An export whose lost deals carry "No Decision", a reason that qualifies it, a reason the built-in list holds
# whole, and plain losses: the counts are the deals of each reason.
EXPORT_REASONS = {"No Decision": 6, "No decision / status quo": 5, "Went dark": 4, "Budget": 3, "Competitor": 2}


def _export_counts() -> pl.DataFrame:
    """EXPORT_REASONS as PreparedFile.loss_reason_counts gives them, each reason's outcome by the one rule."""
    rows = [(reason, "no_decision" if reason_is_no_decision(reason, VOCABULARY) else "lost", n)
            for reason, n in EXPORT_REASONS.items()]
    return pl.DataFrame(rows, schema={"loss_reason": pl.String, "outcome": pl.String, "deals": pl.Int64}, orient="row")


def test_every_reason_read_as_no_decision_besides_no_decision_itself_is_named_with_its_rule():
    """A reason the built-in list holds whole ("Went dark") decides deals as surely as one that qualifies a
    phrase: the file report names it with its deals and its rule in the same sentence, and where to undo it."""
    notes = reason_rule_notes(_export_counts(), DEFAULT_NO_DECISION_REASONS)
    assert notes == [
        "'No decision / status quo' (5 deals) and 'Went dark' (4 deals) are counted as no decision: 'No decision / "
        "status quo' starts with 'No decision' from the no-decision vocabulary followed by ' / '; the built-in list of "
        "no-decision phrases holds 'Went dark'. To count one as lost instead, run python -m winloss ingest "
        "--lost-reason \"No decision / status quo\", or with another reason as written (no file needed). Or untick "
        "its phrase in the No-decision reasons tab of the Data page, to count as lost every loss reason that phrase "
        "matches."
    ]
    assert "'No Decision'" not in notes[0] and "Budget" not in notes[0]  # the outcome's own name, and losses: not named


def test_a_reason_only_the_stores_own_vocabulary_holds_is_said_to_be_held_by_it():
    counts = pl.DataFrame({"loss_reason": ["Ghosted", "No Decision"], "outcome": ["no_decision"] * 2, "deals": [7, 2]})
    (note,) = reason_rule_notes(counts, ["No Decision", "Ghosted"])
    assert note.startswith("'Ghosted' (7 deals) is counted as no decision: your no-decision vocabulary holds 'Ghosted'.")


def test_the_file_report_of_the_export_names_the_reason_the_built_in_list_reads():
    lines = ["Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount"]
    for place, (reason, n) in enumerate(EXPORT_REASONS.items()):
        lines += [f"R{place}-{k},Ann,Closed Lost,{reason},2026-05-0{k + 1},100" for k in range(n)]
    prepared = prepare(("\n".join(lines) + "\n").encode(), "export.csv")
    (said,) = [n for n in prepared.report_notes() if "counted as no decision" in n]
    assert said.startswith("'No decision / status quo' (5 deals) and 'Went dark' (4 deals) are counted as no decision")


def test_a_files_loss_reasons_are_counted_by_reason_then_outcome_whole_and_in_batches(tmp_path):
    """A group_by gives its groups in no set order: the counts come by reason, then outcome, read whole or in
    batches, so the file report's sentences built from them read the same every time."""
    from winloss.ingest.pipeline import prepare, prepare_path

    reasons = [f"Reason {n:02d}" for n in range(24, 0, -1)] + ["No decision", "Went dark"]
    lines = ["Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Loss Reason"]
    lines += [f"OPP-{i:03d},Ines Moreau,Closed Lost,100,2024-03-{i % 28 + 1:02d},{reason}"
              for i, reason in enumerate(reasons * 2)]
    path = tmp_path / "losses.csv"
    path.write_text("\n".join(lines) + "\n")
    whole = prepare(path.read_bytes(), path.name).loss_reason_counts()
    with prepare_path(path, batch_rows=7) as batched:
        in_batches = batched.loss_reason_counts()
    assert whole["loss_reason"].to_list() == sorted(reasons)
    assert set(whole["deals"].to_list()) == {2}
    assert whole.filter(pl.col("outcome") == "no_decision")["loss_reason"].to_list() == ["No decision", "Went dark"]
    assert in_batches.equals(whole)
