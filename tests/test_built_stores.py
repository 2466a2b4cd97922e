"""The stores tests build from files (tests/built_stores.py): each copy holds what committing the files into a
new store gives, is the test's own to write to, and is built from exactly the files asked for."""

from __future__ import annotations

import polars as pl
import pytest

import built_stores
from built_stores import committed
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROSTER = "Rep,Team,Email\nAnn Lee,East,a@x.com\nBob Ray,West,b@x.com\n"
DEALS = "Opportunity ID,Owner,Stage,Close Date,Amount\nA1,Ann Lee,Closed Won,2026-08-01,1000\nA2,Bob Ray,Closed Lost,2026-08-02,500\n"
MORE = "Opportunity ID,Owner,Stage,Close Date,Amount\nA3,Ann Lee,Closed Won,2026-08-03,700\n"


def held(store: Store) -> tuple[list[dict], list[dict], list[tuple]]:
    """What a store holds, but for when it was written: its deals, its roster, and each version's file and action."""
    opportunities = store.opportunities().collect().sort("opportunity_id")
    roster = store.roster().collect().sort("rep")
    history = store.history().select("store_version", "file_name", "action").sort("store_version")
    timeless = [c for c, kind in opportunities.schema.items() if kind != pl.Datetime]
    return opportunities.select(timeless).to_dicts(), roster.select([c for c, k in roster.schema.items() if k != pl.Datetime]).to_dicts(), history.rows()


def test_a_copy_holds_what_committing_the_files_afresh_holds(tmp_path) -> None:
    fresh = Store(tmp_path / "fresh")
    for content, name in ((ROSTER, "team.csv"), (DEALS, "deals.csv")):
        commit(fresh, prepare(content.encode(), name))
    for copy in ("first", "second"):  # built, then copied from what was built
        store = committed(tmp_path / copy, (ROSTER, "team.csv"), (DEALS, "deals.csv"))
        assert store.version() == 2
        assert held(store) == held(fresh)


def test_a_copy_written_to_changes_no_other_copy(tmp_path) -> None:
    written = committed(tmp_path / "written", (ROSTER, "team.csv"), (DEALS, "deals.csv"))
    commit(written, prepare(MORE.encode(), "more.csv"))
    assert written.version() == 3
    again = committed(tmp_path / "again", (ROSTER, "team.csv"), (DEALS, "deals.csv"))
    assert again.version() == 2
    assert sorted(again.opportunities().collect().get_column("opportunity_id")) == ["A1", "A2"]


def test_files_of_the_same_names_and_other_texts_make_another_store(tmp_path) -> None:
    one = committed(tmp_path / "one", (DEALS, "deals.csv"))
    other = committed(tmp_path / "other", (MORE, "deals.csv"))
    assert sorted(one.opportunities().collect().get_column("opportunity_id")) == ["A1", "A2"]
    assert sorted(other.opportunities().collect().get_column("opportunity_id")) == ["A3"]


def test_a_sequence_that_begins_with_one_built_before_holds_every_file_in_order(tmp_path) -> None:
    first = committed(tmp_path / "first", (ROSTER, "team.csv"))
    longer = committed(tmp_path / "longer", (ROSTER, "team.csv"), (DEALS, "deals.csv"), (MORE, "more.csv"))
    assert first.version() == 1 and longer.version() == 3
    assert held(longer)[2] == [(1, "team.csv", "ingest"), (2, "deals.csv", "ingest"), (3, "more.csv", "ingest")]
    assert sorted(longer.opportunities().collect().get_column("opportunity_id")) == ["A1", "A2", "A3"]
    shorter = committed(tmp_path / "shorter", (ROSTER, "team.csv"), (DEALS, "deals.csv"))  # a prefix built on the way
    assert shorter.version() == 2


def test_no_files_give_a_new_store_and_a_file_not_read_whole_is_named(tmp_path) -> None:
    assert committed(tmp_path / "empty").version() == 0
    with pytest.raises(AssertionError, match="bad.csv"):
        committed(tmp_path / "bad", (DEALS + "A4,Ann Lee,Closed Won,not a date,5\n", "bad.csv"))
    assert built_stores._key([(DEALS, "a.csv")]) != built_stores._key([(DEALS, "b.csv")])


def test_files_asked_for_again_are_copied_not_committed_again(tmp_path, monkeypatch) -> None:
    made: list[str] = []

    def counted(store, prepared, *args, **kwargs):
        made.append(prepared.file_name)
        return commit(store, prepared, *args, **kwargs)

    monkeypatch.setattr(built_stores, "commit", counted)
    files = ((ROSTER.replace("West", "North"), "team.csv"), (DEALS, "deals.csv"))
    for copy in ("first", "second", "third"):
        assert committed(tmp_path / copy, *files).version() == 2
    committed(tmp_path / "longer", *files, (MORE, "more.csv"))
    assert made == ["team.csv", "deals.csv", "more.csv"]  # once each: the longer one built on the two before


def test_the_same_files_committed_as_another_user_make_another_store(tmp_path) -> None:
    def users(store: Store) -> list:
        return store.history().sort("store_version").get_column("user").to_list()

    assert users(committed(tmp_path / "ops", (ROSTER, "team.csv"), (DEALS, "deals.csv"), user="ops")) == ["ops", "ops"]
    unnamed = users(committed(tmp_path / "none", (ROSTER, "team.csv"), (DEALS, "deals.csv")))  # commit's own default
    assert len(unnamed) == 2 and "ops" not in unnamed
    assert users(committed(tmp_path / "more", (ROSTER, "team.csv"), (DEALS, "deals.csv"), (MORE, "more.csv"),
                           user="ops")) == ["ops"] * 3
