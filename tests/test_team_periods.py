"""A rep's teams over time kept one at a time (winloss.team_history): a start day with no earlier team said with
the deals it counts; a rep never in two teams on one day, an earlier team's days never rewritten; several moves
each kept with its own end day.

The fixture (test_team_moves'): Ivan Petrov in Orcas (Neil Berg, North) closes 6 won deals in May and 4 won in
early July, then 4 lost from 1 to 4 September, and has one deal open; Amy Chen is in Falcons throughout, Jade Kim
in Orcas. The roster of October moves Ivan to Falcons (Mara Holt, South) from 15 Aug 2026."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from command_line import run
from test_team_moves import AFTER, BEFORE, HEADER, _deals_csv, _stored
from winloss.anonymise import history_anonymised
from winloss.deals import deals
from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare, roster_refusal, store_rep_sentences
from winloss.team_history import TeamDaysRefused
from winloss.views.reps import rep, rep_header

DATED = f"{HEADER},Team Start Date\n"
# Ivan's third team: Eagles (Zoe Ray, East) from 3 Sep 2026, after two of his September deals.
TO_EAGLES = f"{DATED}Ivan Petrov,Challenger,Eagles,Zoe Ray,East,2026-09-03\n"


def _ivans_closed_by_team(store) -> dict[str, list[str]]:
    """team -> the close days of Ivan's closed deals that count for it, oldest first."""
    closed = deals(store).filter((pl.col("rep") == "Ivan Petrov") & (pl.col("outcome") != "open")).sort("close_date")
    return {team: [d.isoformat() for d in days] for team, days in closed.group_by("team", maintain_order=True)
            .agg(pl.col("close_date")).sort("team").iter_rows()}


def _ivans_earlier(store) -> list[tuple[str, str]]:
    """(team, until) of each earlier team the store holds for Ivan, oldest first."""
    (held,) = store.roster().filter(pl.col("rep") == "Ivan Petrov").select("earlier_teams").collect().get_column("earlier_teams")
    return [(a["team"], a["until"]) for a in json.loads(held or "[]")]


# ---- a start day with no earlier team ----------------------------------------------------------------------
def test_a_first_rosters_start_day_says_the_deals_before_it_count_for_its_team(tmp_path) -> None:
    store = _stored(tmp_path, (_deals_csv(), "deals.csv"))
    prepared = prepare(AFTER.encode(), "team_october.csv")
    said = store_rep_sentences(store, prepared)
    # His 10 deals of May and July; his 4 September deals are after the day, in Falcons as the roster says.
    assert ('"Ivan Petrov": in Falcons from 15 Aug 2026; their 10 deals closed before that count for Falcons: the roster '
            'gives no earlier team. To count them for the team they were in, store a roster that gives that team before '
            'this one.') in said, said
    assert sum("no earlier team" in s for s in said) == 1  # Amy and Jade give no day: nothing to say of them
    commit(store, prepared)
    assert _ivans_closed_by_team(store) == {"Falcons": [f"2026-05-{d:02d}" for d in range(1, 7)]
                                            + [f"2026-07-{d:02d}" for d in range(1, 5)]
                                            + [f"2026-09-{d:02d}" for d in range(1, 5)]}


def test_a_start_day_for_the_team_the_store_holds_says_the_deals_before_it_and_none_when_none(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"))
    # Ivan in Orcas since 1 Jun 2026: his 6 May deals count for Orcas, the store holding no team before it.
    said = store_rep_sentences(store, prepare(f"{DATED}Ivan Petrov,Challenger,Orcas,Neil Berg,North,2026-06-01\n".encode(), "t.csv"))
    assert [s for s in said if "Ivan Petrov" in s] == [
        '"Ivan Petrov": in Orcas from 1 Jun 2026; their 6 deals closed before that count for Orcas: the roster gives no '
        'earlier team.']  # no roster can give his earlier team now: the store holds him in Orcas already
    # A day before every deal of his counts nothing otherwise than the roster says: no sentence.
    said = store_rep_sentences(store, prepare(f"{DATED}Ivan Petrov,Challenger,Orcas,Neil Berg,North,2026-01-01\n".encode(), "t.csv"))
    assert not [s for s in said if "Ivan Petrov" in s], said


# ---- the roster stored first, the deals after: the deals file's report says it ----------------------------------
# What the roster's report says when it comes second, and the deals file's when it comes first: the same words.
IVAN_BEFORE_DAY = ('"Ivan Petrov": in Falcons from 15 Aug 2026; their 10 deals closed before that count for Falcons: the '
                   'roster gives no earlier team.')


def test_deals_stored_after_a_rosters_start_day_say_their_deals_before_it_count_for_its_team(tmp_path) -> None:
    store = _stored(tmp_path, (AFTER, "team_october.csv"))  # the roster first, into an empty store
    prepared = prepare(_deals_csv().encode(), "deals.csv")
    said = store_rep_sentences(store, prepared)
    # His 10 deals of May and July, before 15 Aug; Amy and Jade give no day. No roster can be stored before this
    # one now: the sentence ends where the roster's does for a rep the store holds in that team.
    assert [s for s in said if "no earlier team" in s] == [IVAN_BEFORE_DAY], said
    # The other order says it on the roster, in the same words (and how to give the earlier team, still possible).
    other = _stored(tmp_path / "other", (_deals_csv(), "deals.csv"))
    assert any(s.startswith(IVAN_BEFORE_DAY) for s in store_rep_sentences(other, prepare(AFTER.encode(), "team_october.csv")))
    # What it says is what the store then does: his deals before the day count for Falcons.
    commit(store, prepared)
    assert list(_ivans_closed_by_team(store)) == ["Falcons"]


def test_deals_after_a_roster_say_nothing_of_a_rep_with_an_earlier_team_or_a_day_before_their_deals(tmp_path) -> None:
    # The June roster, then October's: Ivan's earlier team is kept, so his deals before 15 Aug count for Orcas.
    moved = _stored(tmp_path / "moved", (BEFORE, "team_june.csv"), (AFTER, "team_october.csv"))
    assert not [s for s in store_rep_sentences(moved, prepare(_deals_csv().encode(), "deals.csv")) if "no earlier team" in s]
    # A start day before every deal of his counts nothing otherwise than the roster says.
    early = _stored(tmp_path / "early", (AFTER.replace("2026-08-15", "2026-01-01"), "team.csv"))
    assert not [s for s in store_rep_sentences(early, prepare(_deals_csv().encode(), "deals.csv")) if "no earlier team" in s]


def test_the_deals_file_spelt_otherwise_is_said_of_the_rosters_rep(tmp_path) -> None:
    """A deal's owner is the roster's rep as the pages read it: another case of the name is the same rep."""
    store = _stored(tmp_path, (AFTER, "team_october.csv"))
    said = store_rep_sentences(store, prepare(_deals_csv().replace("Ivan Petrov", "IVAN PETROV").encode(), "deals.csv"))
    assert IVAN_BEFORE_DAY in said, said


def test_the_command_line_storing_the_roster_first_says_it_on_the_deals_file(tmp_path) -> None:
    (tmp_path / "deals.csv").write_text(_deals_csv())
    (tmp_path / "team_october.csv").write_text(AFTER)
    result = run("ingest", "deals.csv", "--roster", "team_october.csv", "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"deals.csv: {IVAN_BEFORE_DAY}" in result.stdout.splitlines(), result.stdout


# ---- one team a day; an earlier team's days never rewritten ---------------------------------------------------
REFUSED = "a rep is in one team a day, and the days of a team they were in are never rewritten."


@pytest.mark.parametrize(("roster", "part"), [
    # A move from a day before the day he joined Falcons: he would be in Orcas, Falcons and Eagles on 1 Aug.
    (f"{DATED}Ivan Petrov,Challenger,Eagles,Zoe Ray,East,2026-08-01\n",
     '"Ivan Petrov" joins Eagles on 1 Aug 2026, but the store holds them in Falcons from 15 Aug 2026 (give a later day)'),
    # The June roster, dated, uploaded after October's: back in Orcas from a day long before Falcons.
    (f"{DATED}Ivan Petrov,Challenger,Orcas,Neil Berg,North,2025-01-01\n",
     '"Ivan Petrov" joins Orcas on 1 Jan 2025, but the store holds them in Falcons from 15 Aug 2026 (give a later day)'),
    # Another start day in Falcons would move the end of his time in Orcas.
    (f"{DATED}Ivan Petrov,Challenger,Falcons,Mara Holt,South,2026-07-01\n",
     '"Ivan Petrov" joined Falcons on 1 Jul 2026, but the store holds 15 Aug 2026, the day their time in Orcas ended '
     '(leave the day blank or write 15 Aug 2026)'),
])
def test_a_roster_that_overlaps_or_rewrites_a_stored_team_is_refused_in_one_sentence(tmp_path, roster: str, part: str) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))
    version, before = store.version(), _ivans_closed_by_team(store)
    prepared = prepare(roster.encode(), "team_late.csv")
    assert roster_refusal(store, prepared) == f"Not stored: {part}; {REFUSED}"
    assert not [s for s in store_rep_sentences(store, prepared) if "→" in s]  # no move said of a roster not stored
    with pytest.raises(TeamDaysRefused):
        commit(store, prepared)
    assert store.version() == version and _ivans_closed_by_team(store) == before
    assert _ivans_earlier(store) == [("Orcas", "2026-08-15")]
    # The command line refuses it in the same sentence, storing nothing.
    (tmp_path / "team_late.csv").write_text(roster)
    result = run("ingest", "team_late.csv", "--store", str(store.uri), cwd=tmp_path)
    assert result.returncode != 0 and f"Not stored: {part}; {REFUSED}" in result.stderr, result.stderr
    assert store.version() == version


def test_the_same_start_day_again_or_none_is_taken(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))
    for roster in (AFTER + "\n", f"{HEADER}\nIvan Petrov,Challenger,Falcons,Mara Holt,South\n"):
        prepared = prepare(roster.encode(), "team_november.csv")
        assert roster_refusal(store, prepared) is None
        commit(store, prepared)
        assert _ivans_earlier(store) == [("Orcas", "2026-08-15")]


def test_a_move_from_the_day_the_rep_joined_their_team_replaces_it(tmp_path) -> None:
    """A second move the same day (a correction) is no overlap: the team that held no day is replaced."""
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))
    prepared = prepare(f"{DATED}Ivan Petrov,Challenger,Eagles,Zoe Ray,East,2026-08-15\n".encode(), "team_fixed.csv")
    assert roster_refusal(store, prepared) is None
    assert ('"Ivan Petrov": Falcons → Eagles from 15 Aug 2026, the day the store holds they joined Falcons, so Eagles '
            'takes its place from that day and none of their deals counts for Falcons.') in store_rep_sentences(store, prepared)
    commit(store, prepared)
    assert _ivans_earlier(store) == [("Orcas", "2026-08-15")]  # no Falcons from 15 Aug until 15 Aug
    assert _ivans_closed_by_team(store) == {
        "Eagles": [f"2026-09-{d:02d}" for d in range(1, 5)],
        "Orcas": [f"2026-05-{d:02d}" for d in range(1, 7)] + [f"2026-07-{d:02d}" for d in range(1, 5)]}


def test_a_move_undone_in_the_editor_the_same_day_leaves_the_teams_as_they_were(tmp_path) -> None:
    """Ivan moved to Eagles by an edit and back to Falcons the same day: one stay in Falcons from 15 Aug 2026."""
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))
    before = _ivans_closed_by_team(store)
    for team, manager, region in (("Eagles", "Zoe Ray", "East"), ("Falcons", "Mara Holt", "South")):
        store.save_roster_rows(pl.DataFrame({"rep": ["Ivan Petrov"], "seller_profile": ["Challenger"], "team": [team],
                                             "manager": [manager], "region": [region]}))
    assert _ivans_earlier(store) == [("Orcas", "2026-08-15")]
    held = store.roster().filter(pl.col("rep") == "Ivan Petrov").select("team", "team_since").collect().row(0)
    assert held == ("Falcons", dt.date(2026, 8, 15)) and _ivans_closed_by_team(store) == before


# ---- several moves ----------------------------------------------------------------------------------------------
def test_each_earlier_team_is_kept_apart_with_its_own_end_and_deals(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))
    prepared = prepare(TO_EAGLES.encode(), "team_november.csv")
    # Of his deals before 3 Sep, those of 1 and 2 Sep stay with Falcons; his May and July ones are Orcas'.
    assert ('"Ivan Petrov": Falcons → Eagles from 3 Sep 2026; their 2 deals closed from 15 Aug 2026 until then stay '
            'with Falcons.') in store_rep_sentences(store, prepared)
    commit(store, prepared)
    assert _ivans_earlier(store) == [("Orcas", "2026-08-15"), ("Falcons", "2026-09-03")]
    assert _ivans_closed_by_team(store) == {
        "Eagles": ["2026-09-03", "2026-09-04"], "Falcons": ["2026-09-01", "2026-09-02"],
        "Orcas": [f"2026-05-{d:02d}" for d in range(1, 7)] + [f"2026-07-{d:02d}" for d in range(1, 5)]}
    ivan = deals(store).filter(pl.col("rep") == "Ivan Petrov")
    assert ivan.filter(pl.col("team") == "Falcons").select("manager", "region").unique().rows() == [("Mara Holt", "South")]
    notes = store.history().get_column("note").to_list()
    assert "team changed: Ivan Petrov Falcons → Eagles from 3 Sep 2026" in notes[0]
    assert "team changed: Ivan Petrov Orcas → Falcons from 15 Aug 2026" in notes[1]
    view = rep(deals(store).lazy(), "Ivan Petrov", Filters(), dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=dt.date(2026, 11, 1))
    assert view is not None and "team Eagles since 3 Sep 2026 (before: Orcas, Falcons)" in rep_header(view)
    result = run("report", "--by", "team", "--from", "2026-09-01", "--to", "2026-09-30", "--store", str(store.uri), "--json",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["group"]: r["closed"] for r in json.loads(result.stdout)["rows"]}
    assert rows == {"Eagles": 2, "Falcons": 2}  # Amy's and Jade's deals closed in May and August


def test_the_history_with_names_anonymised_names_no_moved_rep(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv"),
                    (TO_EAGLES, "team_november.csv"))
    store.save_roster_rows(pl.DataFrame({"rep": ["Ivan Petrov"], "seller_profile": ["Challenger"], "team": ["Orcas"],
                                         "manager": ["Neil Berg"], "region": ["North"]}))
    history = store.history()
    assert "Ivan Petrov" in " ".join(history.get_column("note").drop_nulls())  # as stored, for the History with names
    notes = history_anonymised(history).get_column("note").to_list()
    assert not [n for n in notes if n and ("Ivan" in n or "Falcons" in n or "Eagles" in n)], notes
    assert notes[0] == "roster edited in the app; team changed, names left out"
    assert notes[1] == "team changed, names left out" and notes[2] == "team changed, names left out"
