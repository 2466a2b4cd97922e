"""Anonymising reaches the texts that are no deal's: what the store keeps of who changed it (a file named
after a rep, an uploader's e-mail, an assessment's note) and the settings typed into the app; and ids a
name's spellings alone tell apart stay apart once anonymised."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from anonymised_stores import export
from named_texts import leaks

from winloss.anonymise import (
    anonymised,
    file_label,
    history_anonymised,
    history_labels,
    manifest_row_anonymised,
    name_pseudonyms,
    real_values,
    renamed_values,
    shown_values,
)
from winloss.ingest.pipeline import commit, prepare
from winloss.measures.no_decision import no_decision_causes, no_decision_causes_query
from winloss.store.delta import Store
from winloss.store_facts import store_facts
from winloss.views.data_page import history_rows, version_label

CREATED, CLOSED = dt.date(2026, 1, 5), dt.date(2026, 3, 2)
PEOPLE = ["Bianca Rossi", "Tom Ito"]


def named_store(path) -> Store:
    """A store of two reps' deals whose export is named after Bianca Rossi and uploaded by her e-mail."""
    store = Store(path)
    rows = [(rep, "Acme", f"Deal {i}", "Closed Won", CREATED, CLOSED, f"OPP-{i}") for i, rep in enumerate(PEOPLE * 3)]
    commit(store, prepare(export(rows), "bianca_rossi_pipeline.xlsx.csv"), user="bianca.rossi@acme.com")
    return store


def test_the_history_names_no_one_by_a_file_an_uploader_or_a_note(tmp_path):
    """The History's free text may name people neither the deals nor the roster hold: a rep who left before
    the roster ("dana_whitfield_handover.csv"), a manager who uploads (m.keller@acme.com), an assessment's
    note. With names anonymised, each file and user reads a neutral label, one per text and the same on
    every row and in the "Roll back to" list; a note that may name someone is left out, the app's own
    ("rolled back to version 2") kept; the counts and kinds are as with names shown."""
    store = named_store(tmp_path / "store")
    again = [("Tom Ito", "Acme", "Deal 9", "Closed Won", CREATED, CLOSED, "OPP-9")]
    commit(store, prepare(export(again), "dana_whitfield_handover.csv"), user="m.keller@acme.com")
    answers = pl.DataFrame({"rep": ["Bianca Rossi"], "rater": ["Tom Ito"], "date": [CLOSED], "statement": ["s1"], "score": [4]})
    store.save_assessment(answers, None, user="Tom Ito", note="Bianca Rossi: Challenger")  # as the assessment page words it
    store.rollback(2, user="m.keller@acme.com")
    later = [("Tom Ito", "Acme", "Deal 10", "Closed Won", CREATED, CLOSED, "OPP-10")]  # another file of the same name
    commit(store, prepare(export(later), "dana_whitfield_handover.csv"), user="bianca.rossi@acme.com")
    everyone = [*PEOPLE, "Dana Whitfield", "Martin Keller", "Keller"]
    history = store.history()
    assert leaks(history_rows(store, history).write_csv(), everyone)  # the rows name them with names shown

    shown = history_anonymised(history)
    rows = history_rows(store, shown)
    assert leaks(rows.write_csv(), everyone) == []
    assert rows.select("Version", "Who", "Note", "File").rows() == [
        (5, "User 1", None, "CSV file 2"),
        (4, "User 2", "rolled back to version 2", None),
        (3, "User 3", None, None),
        (2, "User 2", None, "CSV file 2"),
        (1, "User 1", None, "CSV file 1"),
    ]
    unchanged = [c for c in rows.columns if c not in ("Who", "Note", "File")]
    assert rows.select(unchanged).equals(history_rows(store, history).select(unchanged))
    labels = [version_label(shown, v) for v in (1, 2, 3, 4, 5)]
    assert leaks(" ".join(labels), everyone) == []
    assert labels[0].endswith("— CSV file 1 (Salesforce export)") and labels[1].endswith("— CSV file 2 (Salesforce export)")


def test_the_last_upload_reads_the_label_the_history_gives_its_file(tmp_path):
    """The Overview's "Last upload" row: its file reads the History's label, its uploader too; its other
    fields are kept."""
    store = named_store(tmp_path / "store")
    last = store_facts(store, store.version()).last_upload
    labels = history_labels(store.history())
    shown = manifest_row_anonymised(last, labels)
    assert (shown["file_name"], shown["user"]) == ("CSV file 1", "User 1")
    assert history_rows(store, history_anonymised(store.history())).row(0, named=True)["File"] == shown["file_name"]
    assert {k: v for k, v in shown.items() if k not in ("file_name", "user")} == {
        k: v for k, v in last.items() if k not in ("file_name", "user")}
    assert manifest_row_anonymised(None, labels) is None


def test_a_file_is_labelled_by_its_kind_alone():
    """A file's label says its kind from how its name ends, never the rest of the name."""
    assert [file_label(n, 2) for n in ("a.CSV", "b.xlsx", "c.XLS", "bianca_rossi", "d.tsv", "Rossi.pdf")] == [
        "CSV file 2", "Excel file 2", "Excel file 2", "File 2", "Text file 2", "File 2"]


def test_a_team_named_after_someone_is_no_person_to_replace():
    """The pages' pseudonyms hold the teams named after someone (renamed_values) beside the people: a team's
    whole name is no person's, so its words ("team") are never replaced as a name's would be."""
    frame = pl.DataFrame({"rep": ["Bianca Rossi"], "manager": ["Nadia Petrova"], "team": ["Nadia Petrova's team"]})
    people = name_pseudonyms(frame)
    pseudonyms = {**people, **renamed_values(frame, people)}
    nadia = people["manager"]["Nadia Petrova"]
    shown = shown_values(pl.Series(["Nadia's team upload", None, "team.csv"]), pseudonyms)
    assert shown == {"Nadia's team upload": f"{nadia}'s team upload", "team.csv": "team.csv"}


def test_settings_naming_a_rep_count_the_same_deals_once_anonymised():
    """A stage mapping "Waiting on Bianca Rossi" -> no decision and a no-decision reason "Rossi went quiet":
    the anonymised deals read "Waiting on Rep 01" and "Rep 01 went quiet", which are read back as the real
    values the settings were typed against, and the no-decision causes are counted as with names shown."""
    frame = pl.DataFrame({
        "rep": ["Bianca Rossi", "Bianca Rossi", "Tom Ito"], "manager": [None, None, None],
        "stage": ["Waiting on Bianca Rossi", "Closed Lost", "Closed Lost"],
        "loss_reason": [None, "Rossi went quiet", "Closed - No Decision"],
        "outcome": ["no_decision"] * 3, "close_date": [CLOSED] * 3, "created_date": [CREATED] * 3,
    })
    vocabulary, stages = ["Rossi went quiet", "Closed - No Decision"], {"waiting on bianca rossi": "no_decision"}

    def causes(deals: pl.DataFrame, values: dict | None = None) -> tuple:
        return no_decision_causes(no_decision_causes_query(deals.lazy(), None, None).collect(), vocabulary, stages, values)

    real = causes(frame)
    assert real == (("stage mapping", 1), ("loss reason", 2))
    assert causes(anonymised(frame), real_values(frame, name_pseudonyms(frame))) == real


def test_ids_a_names_spellings_alone_tell_apart_stay_apart():
    """"OPP-BROSSI-1", "OPP-Brossi-1", "OPP-BIANCA-1", "OPP-b.rossi-1": four of Bianca Rossi's deals, which
    all read "OPP-Rep 01-1" once anonymised, so a list showed four deals under one id and one deal's at-risk
    mark stood for the others. Each keeps an id of its own ("OPP-Rep 01-1 (2)"), whatever the rows' order;
    an id anonymising leaves as it is keeps it, and an id naming no one is never changed."""
    ids = ["OPP-BROSSI-1", "OPP-Brossi-1", "OPP-BIANCA-1", "OPP-b.rossi-1", "OPP-7"]
    frame = pl.DataFrame([{"rep": "Bianca Rossi", "opportunity_id": i} for i in ids])
    plain = f"OPP-{name_pseudonyms(frame)['rep']['Bianca Rossi']}-1"
    shown = dict(zip(frame["opportunity_id"], anonymised(frame)["opportunity_id"], strict=True))
    assert shown["OPP-7"] == "OPP-7"
    assert sorted(shown[i] for i in ids[:4]) == [plain, f"{plain} (2)", f"{plain} (3)", f"{plain} (4)"]
    assert leaks(" ".join(shown.values()), ["Bianca Rossi"]) == []
    for seed in range(3):
        shuffled = frame.sample(fraction=1.0, shuffle=True, seed=random.Random(seed).randint(0, 999))
        assert dict(zip(shuffled["opportunity_id"], anonymised(shuffled)["opportunity_id"], strict=True)) == shown
    # The CRM's own id that reads as one anonymising writes is kept, and the others number after it.
    typed = pl.concat([frame, pl.DataFrame({"rep": ["Tom Ito"], "opportunity_id": [plain]})])
    assert name_pseudonyms(typed)["rep"]["Bianca Rossi"] == name_pseudonyms(frame)["rep"]["Bianca Rossi"]
    again = dict(zip(typed["opportunity_id"], anonymised(typed)["opportunity_id"], strict=True))
    assert again[plain] == plain
    assert sorted(again[i] for i in ids[:4]) == [f"{plain} ({n})" for n in range(2, 6)]
