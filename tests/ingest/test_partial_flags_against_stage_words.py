"""A row's own closing columns that say only "not won" or only "closed" are held against the stage words as
against a mapping, and a close date alone, or a won and a lost date both, say "closed" as a closed flag does.

A won flag saying only false (Salesforce's IsWon false with IsClosed blank, HubSpot's Is Closed Won false with
Is Deal Closed blank, a "Won" column's "No") beside a stage whose words say won ("Closed Won", "closedwon",
"Won") was stored won; a closed flag saying only true beside a stage whose words say open ("Prospecting",
"appointmentscheduled") was stored open. The row's own column said otherwise: each is now quarantined with a
sentence naming the stage, the column, its value and what to do, and the stage report counts it apart, whole,
batched, at read time for stored deals, on the Data page and on the command line.

A Pipedrive export without a Status keeps "Deal closed on" apart from the expected close date: it is filled in
only once the deal closed, and the README's closed/won columns include the won and lost times. Such a row
under a mapping to open, or at a stage whose words say open, was counted open; it is now held to the same rule.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from outcome_reports import closed_sentence, credited, outcomes, reasons
from winloss.cli import main
from winloss.deals import deals, uncounted_deals
from winloss.ingest.outcomes import (
    CLOSED, CLOSED_OPEN_RULE_TEXT, CLOSING_OUTCOME, NOT_WON, UNPLACED, WORDS_CLOSED_OPEN_RULE_TEXT, WORDS_CLOSED_OPEN_WHY,
    WORDS_NOT_WON_RULE_TEXT, WORDS_NOT_WON_WHY, folded_vocabulary, outcome_of, stored_signals, with_outcomes,
)
from winloss.ingest.mapping_effects import mapping_effects, stored_outcome_frame
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views.data_page import stage_rows

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
# 006P1 "Closed Won" with IsWon false alone, 006P2 "Prospecting" with IsClosed true alone; the rest agree or say nothing.
SALESFORCE = FIXTURES / "salesforce_partial_flags_against_words.csv"
# 8201 "closedwon" with Is Closed Won false alone, 8202 "appointmentscheduled" with Is Deal Closed? true alone.
HUBSPOT = FIXTURES / "hubspot_partial_flags_against_words.csv"
# W1 "Won" whose Won column says "No": the file has no closed flag at all.
WON_COLUMN = FIXTURES / "won_column_against_words.csv"
# "Paused" (no stage rule) and "Qualified" (open by its words): Deal closed on alone, won and lost times both, nothing.
PIPEDRIVE = FIXTURES / "pipedrive_closed_dates_no_status.csv"


def not_won_words(column: str, stage: str, flag: str, said: str) -> str:
    """Why a row at a stage whose words say won is quarantined when its won flag says only false."""
    return words_sentence(column, stage, flag, said, ("says won", "the deal was not won", "is no won deal's", "lost"))


def closed_words(column: str, stage: str, flag: str, said: str) -> str:
    """Why a row at a stage whose words say open is quarantined when its closing columns say only closed."""
    return words_sentence(column, stage, flag, said, ("says the deal is open", "the deal closed", "is a closed deal's", "won"))


def words_sentence(column: str, stage: str, flag: str, said: str, words: tuple[str, str, str, str]) -> str:
    """The sentence of a row whose own column rules out what its stage's words say: `words` are what the stage
    says, what the column says, what the stage would have to be in the CRM, and the first outcome advised."""
    says, meant, would_be, first = words
    choices, rest = ("lost, no decision or open", "no_decision or open") if first == "lost" else ("won, lost or no decision", "lost or no_decision")
    return (
        f"{column} '{stage}' {says}, but {flag} says '{said}' ({meant}), so it is not counted: correct the row's "
        f"{column} or {flag} in the CRM and export it again, or, if '{stage}' {would_be} stage in your CRM, map it to "
        f"{choices} (on the command line: --stage \"{stage}={first}\" or {rest}, and ingest again)."
    )


CASES = {
    "salesforce": (
        SALESFORCE,
        {"006P3": "won", "006P4": "open", "006P5": "lost", "006P6": "open", "006P7": "won"},
        {
            ("Closed Won", "won", "stage words"): (2, 2, 0),  # 006P3 (no flag), 006P7 (closed alone agrees)
            ("Closed Won", None, WORDS_NOT_WON_RULE_TEXT): (1, 0, 1),  # 006P1
            ("Prospecting", "open", "stage words"): (1, 1, 0),
            ("Prospecting", None, WORDS_CLOSED_OPEN_RULE_TEXT): (1, 0, 1),  # 006P2
            ("Closed Lost", "lost", "stage words"): (1, 1, 0),  # not won agrees with lost
            ("Negotiation/Review", "open", "stage words"): (1, 1, 0),  # and with open
        },
        {2: not_won_words("Stage", "Closed Won", "IsWon", "false"), 3: closed_words("Stage", "Prospecting", "IsClosed", "true")},
    ),
    "hubspot": (
        HUBSPOT,
        {"8203": "won", "8204": "open", "8205": "lost"},
        {
            ("closedwon", "won", "stage words"): (1, 1, 0),
            ("closedwon", None, WORDS_NOT_WON_RULE_TEXT): (1, 0, 1),
            ("appointmentscheduled", None, WORDS_CLOSED_OPEN_RULE_TEXT): (1, 0, 1),
            ("qualifiedtobuy", "open", "stage words"): (1, 1, 0),
            ("closedlost", "lost", "stage words"): (1, 1, 0),  # closed alone agrees with lost
        },
        {2: not_won_words("Deal Stage", "closedwon", "Is Closed Won", "false"),
         3: closed_words("Deal Stage", "appointmentscheduled", "Is Deal Closed?", "true")},
    ),
    "won column": (
        WON_COLUMN,
        {"W2": "won", "W3": "lost", "W4": "won"},
        {("Won", "won", "stage words"): (2, 2, 0), ("Won", None, WORDS_NOT_WON_RULE_TEXT): (1, 0, 1),
         ("Lost", "lost", "stage words"): (1, 1, 0)},
        {2: not_won_words("Stage", "Won", "Won", "No")},
    ),
}


def read(path: Path, batched: bool, mapping: dict[str, str] | None = None):
    if batched:
        p = prepare_path(path, batch_rows=2, stage_outcomes=mapping)
        assert p.read_count is not None  # read in batches
        return p
    return prepare(path.read_bytes(), path.name, stage_outcomes=mapping)


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("case", list(CASES))
def test_a_partial_flag_against_the_stage_words_is_quarantined_naming_the_column(case, batched, tmp_path):
    path, expected, stages, said = CASES[case]
    p = read(path, batched)
    report = file_report(p)
    assert credited(report) == stages
    assert reasons(report) == said
    titles = set(dict(p.errors.select("line", "check").iter_rows()).values())
    assert titles <= {"Stage says won, but not won by its won flag", "Stage says open, but closed by its closed/won columns"}
    store = Store(tmp_path / "store")
    commit(store, p)
    assert outcomes(deals(store)) == expected


def test_the_stage_editor_counts_those_rows_apart_as_it_counts_a_mapping_they_rule_out():
    p = prepare(SALESFORCE.read_bytes(), SALESFORCE.name)
    rows = {r["stage"]: r for r in stage_rows(p.stages, {}).iter_rows(named=True)}
    assert rows["Closed Won"]["given"] == f"Won 2 (stage words); Not stored 1 ({WORDS_NOT_WON_RULE_TEXT})"
    assert rows["Prospecting"]["given"] == f"Open 1 (stage words); Not stored 1 ({WORDS_CLOSED_OPEN_RULE_TEXT})"
    assert (rows["Closed Won"]["quarantined"], rows["Closed Won"]["unplaced"]) == (1, 0)


@pytest.mark.parametrize("outcome", ["lost", "no_decision", "open"])
def test_a_mapping_the_not_won_flag_allows_places_the_row_the_words_could_not(outcome):
    p = prepare(SALESFORCE.read_bytes(), SALESFORCE.name, stage_outcomes={"Closed Won": outcome})
    said = outcomes(p.accepted)
    assert said["006P1"] == said["006P3"] == outcome  # not won, and no flag: the mapping places both
    # 006P7's closed flag says only closed: a mapping to open is ruled out by it, lost or no decision place it.
    assert said.get("006P7") == (None if outcome == "open" else outcome)


# ---- close dates: "closed" as a closed flag says it ---------------------------------------------------------
PIPEDRIVE_OPEN = {
    ("Paused", "open", "your stage mapping"): (1, 1, 0),  # 953: nothing says it closed
    ("Paused", None, CLOSED_OPEN_RULE_TEXT): (2, 0, 2),  # 951 (Deal closed on), 952 (won and lost times)
    ("Qualified", "open", "stage words"): (1, 1, 0),  # 955
    ("Qualified", None, WORDS_CLOSED_OPEN_RULE_TEXT): (2, 0, 2),  # 954, 956
}


@pytest.mark.parametrize("batched", [False, True])
def test_a_close_date_or_both_a_won_and_a_lost_date_rule_out_open_as_a_closed_flag_does(batched, tmp_path):
    p = read(PIPEDRIVE, batched, {"Paused": "open"})
    report = file_report(p)
    assert credited(report) == PIPEDRIVE_OPEN
    assert reasons(report) == {
        2: closed_sentence("Deal - Stage", "Deal - Deal closed on", "2026-03-01 12:00:00"),
        3: closed_sentence("Deal - Stage", "Deal - Won time", "2026-03-02 09:30:00"),
        5: closed_words("Deal - Stage", "Qualified", "Deal - Deal closed on", "2026-03-04 12:00:00"),
        7: closed_words("Deal - Stage", "Qualified", "Deal - Won time", "2026-03-06 09:30:00"),
    }
    store = Store(tmp_path / "store")
    commit(store, p)
    assert outcomes(deals(store)) == {"953": "open", "955": "open"}


@pytest.mark.parametrize("outcome", ["won", "lost", "no_decision"])
def test_a_closing_mapping_places_those_rows_and_the_store_keeps_that_they_said_closed(outcome, tmp_path):
    p = prepare(PIPEDRIVE.read_bytes(), PIPEDRIVE.name, stage_outcomes={"Paused": outcome, "Qualified": outcome})
    said = outcomes(p.accepted)
    assert said["951"] == said["952"] == said["954"] == said["956"] == outcome
    store = Store(tmp_path / "store")
    commit(store, p)
    kept = dict(store.opportunities().select("opportunity_id", "closing_outcome").collect().iter_rows())
    assert kept["951"] == kept["952"] == kept["954"] == kept["956"] == CLOSED


# ---- stored deals, read again ------------------------------------------------------------------------------
def test_stored_deals_are_read_by_the_same_rule():
    """A deal stored at a stage whose words say won with a won flag that said only not won (as s42 stored it:
    won), or at one whose words say open with columns that said only closed (stored open), has no outcome."""
    stored = pl.DataFrame({
        "stage": ["Closed Won", "Prospecting", "Closed Won", "Prospecting", "Closed Lost"],
        "outcome": ["won", "open", "won", "open", "lost"],
        "closing_outcome": [NOT_WON, CLOSED, None, NOT_WON, CLOSED],
    })  # fmt: skip
    frame = stored.select("stage", "outcome", *stored_signals(stored.columns))
    derived = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS)
    assert derived.get_column("outcome").to_list() == [None, None, "won", "open", "lost"]
    assert derived.get_column(UNPLACED).to_list() == [WORDS_NOT_WON_WHY, WORDS_CLOSED_OPEN_WHY, None, None, None]
    vocabulary = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)
    one_by_one = [outcome_of(stage, None, vocabulary, settled=outcome, closing=closing)
                  for stage, outcome, closing in stored.iter_rows()]
    assert one_by_one == derived.get_column("outcome").to_list()


def test_stored_deals_the_words_now_leave_uncounted_are_said_with_what_to_do(tmp_path):
    store = Store(tmp_path / "store")
    # Mapped so that the rows are stored, with what their flags said; the mappings removed, the words place them.
    mapped = {"Closed Won": "lost", "Prospecting": "lost"}
    store.save_stage_outcomes(mapped)
    commit(store, prepare(SALESFORCE.read_bytes(), SALESFORCE.name, stage_outcomes=mapped))
    assert uncounted_deals(store).deals == 0
    store.save_stage_outcomes({})
    assert "006P1" not in outcomes(deals(store)) and "006P2" not in outcomes(deals(store))
    uncounted = uncounted_deals(store)
    assert uncounted.command_line_sentences == [
        "1 stored deal is not counted on any page: stage 'Closed Won' says won, but its won flag said not won when "
        "it was stored. Correct the deal in the CRM and store an export holding it, or, if 'Closed Won' is no won "
        "deal's stage in your CRM, map it to lost, no decision or open (on the command line: --stage "
        "\"Closed Won=lost\" or no_decision or open, with no file).",
        "1 stored deal is not counted on any page: stage 'Prospecting' says the deal is open, but its closed/won "
        "columns said closed when it was stored. Correct the deal in the CRM and store an export holding it, or, if "
        "'Prospecting' is a closed deal's stage in your CRM, map it to won, lost or no decision (on the command "
        "line: --stage \"Prospecting=won\" or lost or no_decision, with no file).",
    ]
    assert uncounted.page_sentences[0].endswith(
        "map it to lost, no decision or open on the Data page, in Stage outcomes, under Count as, with an export "
        "holding 'Closed Won' uploaded again.")


def test_a_stored_deal_whose_close_date_said_closed_is_not_counted_open_under_a_mapping_saved_later(tmp_path):
    store = Store(tmp_path / "store")
    store.save_stage_outcomes({"Paused": "lost"})
    commit(store, prepare(PIPEDRIVE.read_bytes(), PIPEDRIVE.name, stage_outcomes={"Paused": "lost"}))
    assert outcomes(deals(store))["951"] == "lost" and uncounted_deals(store).deals == 0
    store.save_stage_outcomes({"Paused": "open"})
    said = outcomes(deals(store))
    assert "951" not in said and "952" not in said
    assert dict(((s, w), n) for s, w, n in uncounted_deals(store).groups.iter_rows()) == {
        ("Paused", "closed, mapped open"): 2}


# ---- the command line ----------------------------------------------------------------------------------------
def test_the_command_line_reports_the_rows_and_stores_none_of_them_as_the_words_say(tmp_path, capsys):
    store = tmp_path / "s"
    assert main(["ingest", str(SALESFORCE), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"    'Closed Won' -> won, 2 rows (stage words); not stored, 1 row ({WORDS_NOT_WON_RULE_TEXT})" in out
    assert f"    'Prospecting' -> open, 1 row (stage words); not stored, 1 row ({WORDS_CLOSED_OPEN_RULE_TEXT})" in out
    assert main(["report", "--store", str(store), "--json"]) == 0
    (total,) = json.loads(capsys.readouterr().out)["rows"]
    assert (total["won"], total["lost"], total["open"]) == (2, 1, 2)
    assert main(["ingest", str(PIPEDRIVE), "--store", str(tmp_path / "p"), "--stage", "Paused=open"]) == 0
    out = capsys.readouterr().out
    assert f"    'Paused' -> open, 1 row (your stage mapping); not stored, 2 rows ({CLOSED_OPEN_RULE_TEXT})" in out


@pytest.mark.parametrize(("path", "closed"), [(FIXTURES / "hubspot_closed_flag_only.csv", {"7301", "7306"}),
                                              (PIPEDRIVE, {"951", "952"})], ids=["closed flag", "dates"])
def test_a_mapping_saved_later_counts_the_closed_rows_it_places_as_its_own(path, closed, tmp_path):
    """A row whose columns say only "closed" is placed by a mapping to won: the deal is the mapping's to count
    ("'Paused' → Won counts N stored deals as won"), as a row whose flags say nothing is; it was left out."""
    store = Store(tmp_path / "store")
    store.save_stage_outcomes({"Paused": "lost"})
    commit(store, prepare(path.read_bytes(), path.name, stage_outcomes={"Paused": "lost"}))
    frame = stored_outcome_frame(store)
    (effect,) = mapping_effects(frame, DEFAULT_NO_DECISION_REASONS, {"Paused": "lost"}, {"Paused": "won"}).stages
    blank = {i for i, s, c in frame.select("opportunity_id", "stage", CLOSING_OUTCOME).iter_rows() if s == "Paused" and c is None}
    assert effect.counted == len(closed | blank)
