"""A roster dropped with the exports that name its reps is matched against them too.

Four exports and a roster uploaded in one drop: before any commit the roster's report said "5 reps
in this roster match no rep in the stored deals (...) Correct a misspelt name", though four of them
were reps of the exports waiting above it, and the warning only shrank as each export was committed.
A roster's reps are matched against the stored deals and the deals of the exports prepared with it
and not yet committed (one rule, pipeline.store_rep_sentences); the command line, which stores one
file after another (rosters first), matches them once every file of the command is stored.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from winloss.cli import main
from winloss.ingest.pipeline import commit, pending_deal_reps, prepare, prepare_path, roster_unmatched_sentence, store_rep_sentences
from winloss.store.delta import Store
from winloss.views.data_page import rep_names_sentences

STORED = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "S1,Acme,Jordan Miller,Closed Won,1000,2026-03-05,2026-01-02\n"
    "S2,Acme,Priya Patel,Closed Lost,1000,2026-03-06,2026-01-02\n"
).encode()

# The exports of the same drop, not yet committed: the reps the stored deals do not name yet.
NEW_EXPORT = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "N1,Beta,Grace Liu,Closed Won,1000,2026-04-05,2026-02-02\n"
    "N2,Beta,THEO DUBOIS,Closed Lost,1000,2026-04-06,2026-02-02\n"
    "N3,Beta,Oliver Smith,Closed Won,1000,2026-04-07,2026-02-02\n"
).encode()
FRENCH_EXPORT = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "F1,Gamma,Élodie Marchand,Closed Won,1000,2026-04-08,2026-02-02\n"
).encode()

ROSTER = (
    "Rep Name,Seller Profile,Team\n"
    "Jordan Miller,Challenger,East\n"
    "Priya Patel,Relationship Builder,East\n"
    "Grace Liu,Relationship Builder,West\n"
    "Théo Dubois,Problem solver,France\n"
    "Oliver Smith,Challenger,UK\n"
    "Élodie Marchand,Challenger,France\n"
    "Nobody Here,Challenger,East\n"
    "Jordan Millr,Challenger,East\n"
).encode()

ADVICE = "Correct a misspelt name in the roster file and upload it again; a rep with no deals yet can stay as it is."


def stored(store: Store, content: bytes, name: str) -> None:
    file = prepare(content, name)
    assert file.rejected is None, file.rejected
    commit(store, file)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    stored(store, STORED, "stored.csv")
    return store


def unmatched(sentences: list[str]) -> list[str]:
    return [s for s in sentences if "in this roster match" in s]


def test_a_rep_only_an_export_prepared_with_the_roster_names_is_not_called_misspelt(store):
    roster = prepare(ROSTER, "rep_roster.csv")
    exports = [prepare(NEW_EXPORT, "new.csv"), prepare(FRENCH_EXPORT, "fr.csv")]
    assert unmatched(store_rep_sentences(store, roster, exports)) == [
        '2 reps in this roster match no rep in the stored deals or in the exports uploaded with it ("Jordan Millr" '
        'and "Nobody Here"): their profiles count on no deal until an export names them the same way. "Jordan Millr": did '
        f'you mean "Jordan Miller"? {ADVICE}'
    ]
    # Without them (committed one by one, or taken off), the stored deals alone: every rep they lack is named.
    assert unmatched(store_rep_sentences(store, roster)) == [
        '6 reps in this roster match no rep in the stored deals ("Grace Liu", "Jordan Millr", "Nobody Here", "Oliver Smith", '
        '"Théo Dubois" and "Élodie Marchand"): their profiles count on no deal until an export names them the same way. '
        f'"Jordan Millr": did you mean "Jordan Miller"? {ADVICE}'
    ]
    # One export of the two: the other's rep is named again.
    assert '("Jordan Millr", "Nobody Here" and "Élodie Marchand")' in unmatched(store_rep_sentences(store, roster, exports[:1]))[0]


def test_an_export_rejected_whole_a_roster_or_the_roster_itself_adds_no_rep(store):
    roster = prepare(ROSTER, "rep_roster.csv")
    rejected = prepare(NEW_EXPORT.replace(b"Owner,", b"Nobody,"), "no_rep.csv")
    assert rejected.rejected
    other_roster = prepare(b"Rep Name,Seller Profile\nGrace Liu,Challenger\nNobody Here,Challenger\n", "roster2.csv")
    assert pending_deal_reps([rejected, other_roster, roster]).to_list() == []
    (sentence,) = unmatched(store_rep_sentences(store, roster, [rejected, other_roster, roster]))
    assert sentence.startswith('6 reps in this roster match no rep in the stored deals ("Grace Liu",')


def test_an_export_staged_on_disk_is_matched_by_its_rep_column(store, tmp_path):
    (tmp_path / "new.csv").write_bytes(NEW_EXPORT)
    batched = prepare_path(tmp_path / "new.csv", batch_rows=1)
    assert batched.staged is not None
    assert sorted(pending_deal_reps([batched])) == ["Grace Liu", "Oliver Smith", "THEO DUBOIS"]
    (sentence,) = unmatched(store_rep_sentences(store, prepare(ROSTER, "rep_roster.csv"), [batched]))
    assert '("Jordan Millr", "Nobody Here" and "Élodie Marchand")' in sentence
    batched.discard()


def test_with_nothing_stored_the_roster_is_matched_against_the_exports_with_it(tmp_path):
    empty = Store(tmp_path / "empty")
    roster = prepare(ROSTER, "rep_roster.csv")
    assert store_rep_sentences(empty, roster) == []  # nothing to match against: nothing said, as before
    (sentence,) = store_rep_sentences(empty, roster, [prepare(NEW_EXPORT, "new.csv"), prepare(FRENCH_EXPORT, "fr.csv")])
    assert sentence.startswith(
        '4 reps in this roster match no rep in the exports uploaded with it ("Jordan Miller", "Jordan Millr", "Nobody Here" '
        'and "Priya Patel"): their profiles count on no deal until an export names them the same way.')


def test_the_sentence_names_where_it_looked_and_guesses_the_stored_spelling_first():
    roster = pl.Series(["Jose Dias", "Grace Liu", "Nobody Here"])
    assert roster_unmatched_sentence(roster, pl.Series(["José Díaz"]), pl.Series(["Grace Liu", "Jose Diaz"]), "the files above") == (
        '2 reps in this roster match no rep in the stored deals or in the files above ("Jose Dias" and "Nobody Here"): '
        f'their profiles count on no deal until an export names them the same way. "Jose Dias": did you mean "José Díaz"? {ADVICE}'
    )
    assert roster_unmatched_sentence(roster, pl.Series([], dtype=pl.String), pl.Series([], dtype=pl.String)) is None
    assert roster_unmatched_sentence(pl.Series(["Grace Liu"]), pl.Series(["José Díaz"]), pl.Series(["GRACE LIU"])) is None


def test_the_data_page_names_the_files_above_or_below_the_roster(store):
    roster = prepare(ROSTER, "rep_roster.csv")
    new, french = prepare(NEW_EXPORT, "new.csv"), prepare(FRENCH_EXPORT, "fr.csv")
    said = {
        "above": unmatched(rep_names_sentences(roster, store, [new, french, roster])),
        "below": unmatched(rep_names_sentences(roster, store, [roster, new])),
        "both": unmatched(rep_names_sentences(roster, store, [new, roster, french])),
        "none": unmatched(rep_names_sentences(roster, store, [roster])),
    }
    assert said["above"][0].startswith("2 reps in this roster match no rep in the stored deals or in the files above (")
    assert said["below"][0].startswith("3 reps in this roster match no rep in the stored deals or in the file below (")
    assert said["both"][0].startswith("2 reps in this roster match no rep in the stored deals or in the files above and below (")
    assert said["none"][0].startswith("6 reps in this roster match no rep in the stored deals (")
    # An export's own sentences are not changed by the files beside it.
    assert rep_names_sentences(new, store, [new, roster]) == rep_names_sentences(new, store) == []


def test_the_command_line_matches_a_roster_once_the_exports_given_with_it_are_stored(tmp_path, capsys):
    """`ingest --roster roster.csv new.csv fr.csv` stores the roster first: its reps were matched before
    the exports naming them were stored, and the command said they matched no deal."""
    files = {name: tmp_path / name for name in ("stored.csv", "rep_roster.csv", "new.csv", "fr.csv")}
    for path, content in zip(files.values(), (STORED, ROSTER, NEW_EXPORT, FRENCH_EXPORT), strict=True):
        path.write_bytes(content)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", str(files["stored.csv"]), *where]) == 0
    capsys.readouterr()
    assert main(["ingest", "--roster", str(files["rep_roster.csv"]), str(files["new.csv"]), str(files["fr.csv"]), *where]) == 0
    said = [line for line in capsys.readouterr().out.splitlines() if "in this roster match" in line]
    assert said == [
        f'{files["rep_roster.csv"]}: 2 reps in this roster match no rep in the stored deals ("Jordan Millr" and "Nobody Here"): '
        'their profiles count on no deal until an export names them the same way. "Jordan Millr": did you mean "Jordan '
        f'Miller"? {ADVICE}'
    ]


def test_the_command_line_still_names_a_rep_whose_export_was_not_stored(tmp_path, capsys):
    files = {name: tmp_path / name for name in ("rep_roster.csv", "new.csv", "no_rep.csv")}
    for path, content in zip(files.values(), (ROSTER, FRENCH_EXPORT, NEW_EXPORT.replace(b"Owner,", b"Nobody,")), strict=True):
        path.write_bytes(content)
    where = ["--store", str(tmp_path / "store"), "--json"]
    # Into an empty store, the roster first and then an export stored and one rejected whole.
    assert main(["ingest", str(files["rep_roster.csv"]), str(files["new.csv"]), str(files["no_rep.csv"]), *where]) == 1
    roster, export, rejected = json.loads(capsys.readouterr().out)["files"]
    assert (roster["kind"], export["rejected"], bool(rejected["rejected"])) == ("roster", None, True)
    (sentence,) = roster["rep_notes"]
    assert sentence.startswith('7 reps in this roster match no rep in the stored deals ("Grace Liu", "Jordan Miller", '
                               '"Jordan Millr", "Nobody Here", "Oliver Smith", "Priya Patel" and "Théo Dubois"):')
