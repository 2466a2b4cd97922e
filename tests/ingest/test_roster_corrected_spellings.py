"""A roster that corrects a misspelt rep, as its report's "did you mean" advised, takes the old spelling out of the
roster. The old spelling ("Tom J. Nguyen", no deals) stayed a rep of its own beside "Tom Nguyen" (51 deals): counted
among the reps in the roster, offered in the rep pickers "(0 deals)", and only to be marked as having left. A stored
rep the new roster leaves out who holds deals, or whose name is close to none of its reps, is kept as before."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from command_line import run

from winloss.ingest.corrected_spellings import Corrected, corrected_spellings
from winloss.ingest.pipeline import commit, prepare, store_rep_sentences
from winloss.profile_sources import reps_to_assess
from winloss.store.delta import Store

DEALS = ("Opportunity ID,Owner,Stage,Close Date,Amount\n"
         "A1,Ann Lee,Closed Won,2026-08-01,1000\nT1,Tom Nguyen,Closed Lost,2026-08-02,1000\n"
         "B1,Bob Ray,Closed Won,2026-08-03,1000\n")
FIRST = ["Ann M. Lee", "Tom J. Nguyen", "Bob Ray", "Zed Quux"]
CORRECTED = ["Ann Lee", "Tom Nguyen", "Bob Ray"]


def _roster(names: list[str]) -> bytes:
    return ("\n".join(["Rep,Team,Manager", *[f"{name},East,Eve" for name in names]]) + "\n").encode()


def _store(tmp_path: Path, deals: str = DEALS, first: list[str] = FIRST) -> Store:
    store = Store(tmp_path / "s")
    for content, name in ((deals.encode(), "deals.csv"), (_roster(first), "roster_1.csv")):
        prepared = prepare(content, name)
        assert prepared.rejected is None
        commit(store, prepared)
    return store


def _roster_reps(store: Store) -> list[str]:
    return sorted(store.roster().select("rep").collect().get_column("rep").to_list())


def test_the_report_names_each_corrected_spelling_and_leaves_it_out_of_the_kept_reps(tmp_path) -> None:
    store = _store(tmp_path)
    sentences = store_rep_sentences(store, prepare(_roster(CORRECTED), "roster_2.csv"))
    assert ('2 reps the store holds with no deals are taken as corrected to a name this roster gives: "Ann M. Lee" to '
            '"Ann Lee" and "Tom J. Nguyen" to "Tom Nguyen". They leave the roster when this roster is stored (a rollback '
            'brings them back). If one is another person, give them a row in the roster.') in sentences
    # "Zed Quux" (no deals, no close name in the roster) is still a rep left out and kept.
    (kept,) = [s for s in sentences if "not in this roster" in s]
    assert kept.startswith('1 rep the store holds is not in this roster ("Zed Quux"): kept as stored')


def test_one_corrected_spelling_is_said_by_name(tmp_path) -> None:
    store = _store(tmp_path, first=["Ann Lee", "Tom J. Nguyen", "Bob Ray"])
    sentences = store_rep_sentences(store, prepare(_roster(CORRECTED), "roster_2.csv"))
    assert ('"Tom J. Nguyen" (no deals) is taken as corrected to "Tom Nguyen", which this roster names: it leaves the '
            'roster when this roster is stored (a rollback brings it back). If they are two people, give "Tom J. Nguyen" '
            'a row in the roster.') in sentences
    assert not [s for s in sentences if "not in this roster" in s]


def test_storing_the_corrected_roster_takes_the_old_spellings_out_and_a_rollback_brings_them_back(tmp_path) -> None:
    store = _store(tmp_path)
    assert _roster_reps(store) == ["Ann M. Lee", "Bob Ray", "Tom J. Nguyen", "Zed Quux"]
    done = commit(store, prepare(_roster(CORRECTED), "roster_2.csv"))
    assert _roster_reps(store) == ["Ann Lee", "Bob Ray", "Tom Nguyen", "Zed Quux"]
    assert '"Tom J. Nguyen" left the roster, corrected to "Tom Nguyen".' in done.notes
    note = store.history().filter(pl.col("store_version") == 3).get_column("note").item()
    assert note == "2 misspelt roster reps taken out (corrected in this roster)"
    # The rep pickers list the roster's reps and those with deals: the old spellings no longer.
    picked = reps_to_assess(store.opportunities(), store.roster(), store.assessments()).get_column("rep").to_list()
    assert sorted(picked) == ["Ann Lee", "Bob Ray", "Tom Nguyen", "Zed Quux"]
    store.rollback(2)
    assert _roster_reps(store) == ["Ann M. Lee", "Bob Ray", "Tom J. Nguyen", "Zed Quux"]


def test_a_rep_left_out_who_holds_deals_or_has_no_close_spelling_is_kept(tmp_path) -> None:
    # "Tom J. Nguyen" owns a deal of their own: two people, or a rep still to be renamed in the CRM.
    store = _store(tmp_path, deals=DEALS + "T2,Tom J. Nguyen,Closed Won,2026-08-04,1000\n")
    assert corrected_spellings(store.roster(), store.opportunities().collect().get_column("rep"),
                               pl.Series(CORRECTED)) == [Corrected("Ann M. Lee", "Ann Lee")]
    commit(store, prepare(_roster(CORRECTED), "roster_2.csv"))
    assert _roster_reps(store) == ["Ann Lee", "Bob Ray", "Tom J. Nguyen", "Tom Nguyen", "Zed Quux"]
    # A close name the deals do not use is no correction: the new roster's "Ann Leigh" owns no deal.
    held = pl.DataFrame({"rep": ["Ann Lee"]})
    assert corrected_spellings(held, pl.Series(["Bob Ray"]), pl.Series(["Ann Leigh", "Bob Ray"])) == []


def test_the_command_line_says_it_and_stores_it(tmp_path) -> None:
    store = tmp_path / "s"
    for name, content in (("deals.csv", DEALS.encode()), ("roster_1.csv", _roster(FIRST)), ("roster_2.csv", _roster(CORRECTED))):
        (tmp_path / name).write_bytes(content)
    assert run("ingest", str(tmp_path / "deals.csv"), "--store", str(store), cwd=tmp_path).returncode == 0
    assert run("ingest", "--roster", str(tmp_path / "roster_1.csv"), "--store", str(store), cwd=tmp_path).returncode == 0
    result = run("ingest", "--roster", str(tmp_path / "roster_2.csv"), "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"Ann M. Lee" to "Ann Lee" and "Tom J. Nguyen" to "Tom Nguyen". They leave the roster' in result.stdout
    assert '"Tom J. Nguyen" left the roster, corrected to "Tom Nguyen".' in result.stdout
    assert _roster_reps(Store(store)) == ["Ann Lee", "Bob Ray", "Tom Nguyen", "Zed Quux"]


def _emailed_roster(names: list[str]) -> bytes:
    """A roster with an Email column, whose owner-email sentences read the corrected spellings too."""
    return ("\n".join(["Rep,Email,Team,Manager",
                       *[f"{name},{name.split()[0].lower()}@acme.com,East,Eve" for name in names]]) + "\n").encode()


def test_a_rosters_corrected_spellings_are_decided_once_for_its_report_and_its_commit(tmp_path, monkeypatch) -> None:
    """Its report's sentences (the corrected spellings, the reps left out, the owner emails) and its commit each read
    every stored deal's rep to decide again which stored spellings it corrects: three times for one file. Once now,
    while the store stays as it was; again once it moves on."""
    from winloss.ingest import pipeline

    store = _store(tmp_path)
    decided: list[list[Corrected]] = []

    def counted(*args, **kwargs) -> list[Corrected]:
        decided.append(corrected_spellings(*args, **kwargs))
        return decided[-1]

    monkeypatch.setattr(pipeline, "corrected_spellings", counted)
    roster = prepare(_emailed_roster(CORRECTED), "roster_2.csv")
    said = store_rep_sentences(store, roster)
    assert any("are taken as corrected to a name this roster gives" in s for s in said)
    assert store_rep_sentences(store, roster) == said  # the page drawn again
    assert len(decided) == 1
    done = commit(store, roster)
    assert len(decided) == 1 and '"Tom J. Nguyen" left the roster, corrected to "Tom Nguyen".' in done.notes
    assert _roster_reps(store) == ["Ann Lee", "Bob Ray", "Tom Nguyen", "Zed Quux"]
    # The store moved on (the roster stored): the same file is decided against the store as it is now.
    assert store_rep_sentences(store, roster) and len(decided) == 2 and decided[-1] == []
