"""A roster spelling a rep "Emma Wilson" beside stored deals of "Emma Willson" said two true sentences of one pair: the
roster's "Emma Wilson" matches no deal (did you mean "Emma Willson"?), and the deals' "Emma Willson" is not in this
roster (did you mean "Emma Wilson"?). The pair is said once, naming both spellings and what to do; the reps with no
close name keep their sentences. And the same roster uploaded again, which changes nothing, said every note again as
if new: it now says it is the roster already loaded, and nothing of its reps. The Data page and the command line alike."""

from __future__ import annotations

from winloss.cli import main  # the command line in this process: no interpreter started
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.data_page import ROSTER_STORED_WAITING, rep_names_sentences, stored_again

DEALS = (b"Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
         + b"".join(b"E-%d,Emma Willson,Closed Won,100,2026-03-01\n" % i for i in range(3))
         + b"G-1,Grace Liu,Closed Lost,100,2026-03-01\nA-1,Ann Lee,Closed Won,100,2026-03-01\n")
ROSTER = b"Rep Name,Seller Profile,Team\nEmma Wilson,Challenger,East\nAnn Lee,Lone Wolf,East\nZed Quux,Challenger,East\n"
PAIR = ('"Emma Wilson" in this roster owns no deals and "Emma Willson", who owns 3 deals in the store, is not in this '
        'roster: if they are one person, write the name in the roster as "Emma Willson" and upload it again (or, if the '
        "deals misspell it, correct it in the CRM and upload a new export); until then those 3 deals count as Unprofiled.")
UNMATCHED = ('1 rep in this roster matches no rep in the stored deals ("Zed Quux"): its profile counts on no deal until '
             "an export names it the same way. Correct a misspelt name in the roster file and upload it again; a rep "
             "with no deals yet can stay as it is.")
UNROSTERED = ('1 rep with deals in the store is not in this roster: "Grace Liu" (1 deal) — its deals count as Unprofiled '
              "until a roster names it: add it to the roster file, or write a name as the deals spell it, and upload it again.")


def stored(tmp_path, *files: tuple[bytes, str]) -> Store:
    store = Store(tmp_path / "s")
    for content, name in files:
        commit(store, prepare(content, name))
    return store


def test_a_pair_of_close_spellings_is_said_once_and_the_reps_without_one_keep_their_sentences(tmp_path) -> None:
    store = stored(tmp_path, (DEALS, "deals.csv"))
    roster = prepare(ROSTER, "roster.csv")
    assert rep_names_sentences(roster, store, [roster]) == [UNMATCHED, PAIR, UNROSTERED]


def test_the_same_roster_uploaded_again_says_it_is_the_one_loaded_and_nothing_of_its_reps(tmp_path) -> None:
    store = stored(tmp_path, (DEALS, "deals.csv"), (ROSTER, "roster.csv"))
    again = prepare(ROSTER, "roster.csv")
    already = store.already_ingested(again.sha256)
    assert rep_names_sentences(again, store, [again], already) == []
    said = stored_again(again, already, store, None)  # above Commit, greyed
    assert said is not None and said.greyed and said.above.startswith("This roster is the one already loaded on ")
    assert said.above.endswith(" (store version 2): saving it again changes nothing.")
    assert said.beside == f"{ROSTER_STORED_WAITING}."  # beside Commit: not "upload a newer export"


def test_the_command_line_says_the_pair_once_and_nothing_of_the_same_roster_loaded_again(tmp_path, capsys) -> None:
    (tmp_path / "deals.csv").write_bytes(DEALS)
    (tmp_path / "roster.csv").write_bytes(ROSTER)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", str(tmp_path / "deals.csv"), *where]) == 0
    assert main(["ingest", "--roster", str(tmp_path / "roster.csv"), *where]) == 0
    first = capsys.readouterr().out
    assert main(["ingest", "--roster", str(tmp_path / "roster.csv"), *where]) == 0
    again = capsys.readouterr().out
    assert "This file was already loaded on " in again and ": nothing changed." in again
    assert "this roster" not in again  # no note on its reps
    assert all(f"roster.csv: {sentence}" in first for sentence in (UNMATCHED, PAIR, UNROSTERED))
    assert "did you mean" not in first
