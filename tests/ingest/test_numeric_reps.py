"""A rep column of numbers only (HubSpot's export by internal names writes the owner's id in
hubspot_owner_id) is stored, each id a consistent rep, and the file report says the reps are ids,
not names, and what to do: the reps were stored as "51234567" without a word."""

from __future__ import annotations

from pathlib import Path

from winloss.ingest.hints import page_sentence
from winloss.ingest.pipeline import file_report, prepare, prepare_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "identity" / "hubspot_owner_ids.csv"
SAID = (
    "The rep column 'hubspot_owner_id' holds only numbers ('51234567', '51234568', '51234569', …), owner ids rather "
    "than names, so reps are stored and shown as these numbers and no roster name matches them: to have names, export "
    "the owners' names (in HubSpot, the Deal owner property) or map the column that holds them "
    '(on the command line: --map rep="Column name").'
)


def test_owner_ids_in_the_rep_column_are_stored_and_said_read_whole_or_in_batches():
    whole = prepare(FIXTURE.read_bytes(), FIXTURE.name)
    with prepare_path(FIXTURE, batch_rows=2) as batched:
        for prepared in (whole, batched):
            assert prepared.rejected is None and prepared.source == "hubspot"
            assert prepared.rows_accepted == 6
            assert prepared.notes.count(SAID) == 1
        assert file_report(batched)["notes"] == file_report(whole)["notes"]
    assert sorted(set(whole.accepted.get_column("rep").to_list())) == ["51234567", "51234568", "51234569", "51234570"]
    assert page_sentence(SAID).endswith(
        "or map the column that holds them in Column mapping above, under Column in your file.")


def test_any_crm_s_numeric_owner_column_is_said_without_hubspot_s_words():
    content = (b"Opportunity ID,Owner,Stage,Amount,Close Date\n"
               b"A-1,1001,Closed Won,100,2026-01-05\nA-2,1002,Closed Lost,50,2026-01-06\n")
    (note,) = [n for n in prepare(content, "ids.csv").notes if "only numbers" in n]
    assert note.startswith("The rep column 'Owner' holds only numbers ('1001', '1002'), owner ids rather than names")
    assert "HubSpot" not in note


def test_a_rep_column_with_a_name_among_numbers_is_not_said_to_hold_ids():
    content = (b"Opportunity ID,Owner,Stage,Amount,Close Date\n"
               b"A-1,1001,Closed Won,100,2026-01-05\nA-2,Ann Lee,Closed Lost,50,2026-01-06\n")
    prepared = prepare(content, "mixed.csv")
    assert prepared.rejected is None
    assert not any("only numbers" in n for n in prepared.notes)
