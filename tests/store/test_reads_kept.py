"""A store opens each table version it reads once, and reads its settings once per version of the
settings table: every read at that version is served from it, and a new store version (this Store's
own save or commit, another Store's, another process's, a store made afresh at the same place) is
read afresh."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from winloss.exchange import ExchangeRates
from winloss.store import delta
from winloss.store.delta import Store

from test_delta import deals, put

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def table_reads(monkeypatch) -> list[str]:
    """The tables a Store opened from here on, by name, one entry an opening (a read opens its table)."""
    reads: list[str] = []

    class Counted(delta._Table):
        def __init__(self, uri: str, *args, **kwargs):
            reads.append(Path(uri).name)
            super().__init__(uri, *args, **kwargs)

    monkeypatch.setattr(delta, "_Table", Counted)
    return reads


def test_every_setting_of_one_version_is_served_from_one_read_of_the_table(tmp_path, table_reads):
    store = Store(tmp_path / "s")
    store.save_fiscal_year_start(4)
    store.save_stage_outcomes({"Verbal": "won"})
    table_reads.clear()
    for _ in range(3):
        assert store.fiscal_year_start() == 4
        assert store.stage_outcomes() == {"Verbal": "won"}
        assert store.exchange_rates() == ExchangeRates("USD", {})
        assert store.column_mappings() == {}
        assert store.setting("no_such_setting", "absent") == "absent"
    assert table_reads.count("settings") == 1


def test_a_value_read_from_the_kept_settings_is_the_callers_own(tmp_path):
    store = Store(tmp_path / "s")
    store.save_stage_outcomes({"Verbal": "won"})
    store.stage_outcomes()["Verbal"] = "lost"
    store.setting("stage_outcomes")["Verbal"] = "lost"
    assert store.stage_outcomes() == {"Verbal": "won"}


def test_a_setting_saved_by_this_store_or_another_is_seen_on_the_next_call(tmp_path):
    reader, writer = Store(tmp_path / "s"), Store(tmp_path / "s")
    reader.save_fiscal_year_start(4)
    assert reader.fiscal_year_start() == 4
    reader.save_fiscal_year_start(7)  # its own save
    assert reader.fiscal_year_start() == 7
    writer.save_fiscal_year_start(10)  # another Store object's
    assert reader.fiscal_year_start() == 10
    assert reader.fiscal_year_start(at=1) == 4 and reader.fiscal_year_start(at=2) == 7  # each version its own value
    assert reader.fiscal_year_start() == 10


def test_a_setting_saved_by_another_process_is_seen_on_the_next_call(tmp_path):
    place = tmp_path / "s"
    reader = Store(place)
    reader.save_stage_outcomes({"Verbal": "won"})
    assert reader.stage_outcomes() == {"Verbal": "won"}
    code = ("import json, sys; from winloss.store.delta import Store; "
            "Store(sys.argv[1]).save_stage_outcomes(json.loads(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", code, str(place), json.dumps({"Verbal": "lost"})], cwd=ROOT, check=True)
    assert reader.stage_outcomes() == {"Verbal": "lost"}


def test_a_store_made_afresh_at_the_same_place_has_its_settings_read_afresh(tmp_path):
    """The same version numbers, other values: the settings kept for the old store are not served."""
    place = tmp_path / "s"
    reader = Store(place)
    Store(place).save_fiscal_year_start(4)
    assert reader.fiscal_year_start() == 4 and reader.version() == 1
    shutil.rmtree(place)
    assert reader.fiscal_year_start() == 1
    Store(place).save_fiscal_year_start(9)
    assert reader.version() == 1 and reader.fiscal_year_start() == 9


def test_a_table_version_read_again_and_again_is_opened_once(tmp_path, table_reads):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0), ("B", "Closed Won", 50.0)]))
    table_reads.clear()
    for _ in range(4):
        assert sorted(store.opportunities().collect()["opportunity_id"]) == ["A", "B"]
        assert store.roster().collect().height == 0
    assert table_reads.count("opportunities") == 1 and table_reads.count("roster") == 1
    put(store, "week2.csv", deals([("A", "Closed Won", 120.0), ("C", "Proposal", 5.0)]))  # its own commit
    table_reads.clear()
    for _ in range(2):
        assert store.read("opportunities").filter(pl.col("opportunity_id") == "A").collect()["stage"].to_list() == ["Closed Won"]
        assert sorted(store.opportunities(at=1).collect()["opportunity_id"]) == ["A", "B"]  # the earlier version, as it was
        assert sorted(store.opportunities().collect()["opportunity_id"]) == ["A", "B", "C"]
    assert table_reads.count("opportunities") == 2  # the new version, and the earlier one


def test_deals_committed_by_another_process_are_read_on_the_next_call(tmp_path):
    place = tmp_path / "s"
    reader = Store(place)
    put(reader, "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert reader.opportunities().collect()["opportunity_id"].to_list() == ["A"]
    code = ("import sys; sys.path.insert(0, 'tests/store'); from test_delta import deals, put; "
            "from winloss.store.delta import Store; "
            "put(Store(sys.argv[1]), 'week2.csv', deals([('B', 'Proposal', 5.0)]))")
    subprocess.run([sys.executable, "-c", code, str(place)], cwd=ROOT, check=True)
    assert sorted(reader.opportunities().collect()["opportunity_id"]) == ["A", "B"]


def test_every_store_of_one_folder_in_a_process_reads_a_version_once(tmp_path, table_reads, monkeypatch):
    """A page run makes a Store of the folder for the page and one in each per-version cache: each opened the
    new version's tables and read its manifest again after every commit. They share what was read."""
    place = tmp_path / "s"
    put(Store(place), "week1.csv", deals([("A", "Proposal", 100.0), ("B", "Closed Won", 50.0)]))
    manifests = []
    original = delta._manifest_of
    monkeypatch.setattr(delta, "_manifest_of", lambda table: manifests.append(1) or original(table))
    table_reads.clear()
    for _ in range(3):
        store = Store(place)
        assert sorted(store.opportunities().collect()["opportunity_id"]) == ["A", "B"]
        assert store.stage_outcomes() == {} and store.roster().collect().height == 0
    assert (table_reads.count("opportunities"), table_reads.count("settings"), table_reads.count("roster")) == (1, 1, 1)
    assert len(manifests) <= 1  # none when the commit left its manifest


def test_a_version_another_writer_stores_is_read_afresh_by_every_store_of_the_folder(tmp_path, table_reads):
    """What the Stores of a folder share is the version they read: another writer's commit (here a Store that
    names the folder as a file:// URI, sharing nothing, as another process's) is seen by each, old and new."""
    place = tmp_path / "s"
    first = Store(place)
    put(first, "week1.csv", deals([("A", "Proposal", 100.0)]))
    first.save_stage_outcomes({"Verbal": "won"})
    assert first.opportunities().collect()["opportunity_id"].to_list() == ["A"]
    assert first.stage_outcomes() == {"Verbal": "won"}
    elsewhere = Store(f"file://{place}")
    put(elsewhere, "week2.csv", deals([("B", "Proposal", 5.0)]))
    elsewhere.save_stage_outcomes({"Verbal": "lost"})
    table_reads.clear()
    for store in (first, Store(place), first):
        assert sorted(store.opportunities().collect()["opportunity_id"]) == ["A", "B"]
        assert store.stage_outcomes() == {"Verbal": "lost"} and store.version() == 4
    assert (table_reads.count("opportunities"), table_reads.count("settings")) == (1, 1)


def test_a_store_made_afresh_is_read_afresh_by_a_new_store_of_the_folder(tmp_path):
    """The same version number, other deals: a Store made after the folder was written again reads them, not
    what an earlier Store of the folder read."""
    place = tmp_path / "s"
    put(Store(place), "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert Store(place).opportunities().collect()["opportunity_id"].to_list() == ["A"]
    shutil.rmtree(place)
    put(Store(place), "other.csv", deals([("B", "Proposal", 5.0)]))
    store = Store(place)
    assert store.version() == 1 and store.opportunities().collect()["opportunity_id"].to_list() == ["B"]


def ids_derived(store: Store, derived: list[int]) -> list[str]:
    """Through `Store.per_version`: the stored deals' ids, sorted, worked out afresh only when `derived` grows."""
    def derive() -> list[str]:
        derived.append(1)
        return sorted(store.opportunities().collect()["opportunity_id"])
    return store.per_version("ids", derive)


def test_what_is_derived_from_a_version_is_derived_once_and_afresh_for_each_new_one(tmp_path):
    place = tmp_path / "s"
    store, derived = Store(place), []
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    for reader in (store, Store(place), store):  # every Store of the folder shares it
        assert ids_derived(reader, derived) == ["A"]
    assert len(derived) == 1
    put(store, "week2.csv", deals([("B", "Proposal", 5.0)]))  # its own commit
    assert ids_derived(store, derived) == ["A", "B"] and len(derived) == 2
    put(Store(f"file://{place}"), "week3.csv", deals([("C", "Proposal", 5.0)]))  # another writer's, sharing nothing
    assert ids_derived(store, derived) == ["A", "B", "C"] and len(derived) == 3
    assert ids_derived(Store(place), derived) == ["A", "B", "C"] and len(derived) == 3


def test_what_is_derived_is_kept_by_what_it_is_named(tmp_path):
    """Two results of one version, or one result of two days, never stand for each other."""
    store = Store(tmp_path / "s")
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert store.per_version(("day", 1), lambda: "first") == "first"
    assert store.per_version(("day", 2), lambda: "second") == "second"
    assert store.per_version(("day", 1), lambda: "again") == "first"


def test_what_is_derived_from_a_version_another_process_stores_is_derived_afresh(tmp_path):
    place = tmp_path / "s"
    store, derived = Store(place), []
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert ids_derived(store, derived) == ["A"]
    code = ("import sys; sys.path.insert(0, 'tests/store'); from test_delta import deals, put; "
            "from winloss.store.delta import Store; "
            "put(Store(sys.argv[1]), 'week2.csv', deals([('B', 'Proposal', 5.0)]))")
    subprocess.run([sys.executable, "-c", code, str(place)], cwd=ROOT, check=True)
    assert ids_derived(store, derived) == ["A", "B"] and len(derived) == 2


def test_what_is_derived_for_a_store_made_afresh_or_with_no_version_yet_is_derived_afresh(tmp_path):
    """A store with no version keeps what is derived of it until its first version; one made afresh at the same
    place, the same version numbers and other deals, never reads what was derived of the old one."""
    place = tmp_path / "s"
    store, derived = Store(place), []
    assert ids_derived(store, derived) == [] and ids_derived(Store(place), derived) == [] and len(derived) == 1
    put(Store(place), "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert ids_derived(store, derived) == ["A"] and len(derived) == 2
    shutil.rmtree(place)
    assert ids_derived(store, derived) == [] and len(derived) == 3
    put(Store(place), "other.csv", deals([("B", "Proposal", 5.0)]))
    assert store.version() == 1 and ids_derived(store, derived) == ["B"] and len(derived) == 4
