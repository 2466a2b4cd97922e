"""What a commit opens: each table it writes once, and the tables it leaves alone never. Opening a table
reads its whole log (2-5 ms of CPU); a commit of a 50-row file opened 15-20 tables where it writes 3."""

from collections import Counter

import pytest
from deltalake import DeltaTable
from polars.testing import assert_frame_equal

from open_deals import put

from winloss.store.delta import Store
from winloss.store.tables import DATA_TABLES, TABLE_SCHEMAS

# The tables a file of deals with no rejected row leaves as they are.
LEFT_ALONE = ("roster", "quarantine", "settings", "assessments")


@pytest.fixture
def opened(monkeypatch) -> list[tuple[str, int | None]]:
    """Every Delta table opened from now on, by anyone (the store, Polars' reads): (its name, the version asked
    for; None for its newest). A look for a table not made yet (deltalake's writer asks before making one) reads
    no log, and is not counted."""
    seen: list[tuple[str, int | None]] = []
    init = DeltaTable.__init__

    def counted(self, table_uri, *args, **kwargs):
        init(self, table_uri, *args, **kwargs)
        version = kwargs.get("version", args[0] if args else None)
        seen.append((str(table_uri).rstrip("/").rsplit("/", 1)[-1], version))

    monkeypatch.setattr(DeltaTable, "__init__", counted)
    return seen


def test_a_commit_opens_each_table_it_writes_once_and_no_other(tmp_path, opened):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", ["A", "B"])
    opened.clear()
    change = put(store, "week2.csv", ["B", "C"])
    assert (change.store_version, change.inserted, change.unchanged) == (2, 1, 1)
    # The manifest, the deals merged into and the raw file archived: each once at its newest version.
    assert Counter(name for name, version in opened if version is None) == {"uploads": 1, "opportunities": 1, "archive": 1}
    assert not [name for name, _ in opened if name in LEFT_ALONE]
    # What it stored reads back whole.
    fresh = Store(tmp_path / "s")
    assert sorted(fresh.opportunities().collect().get_column("opportunity_id").to_list()) == ["A", "B", "C"]
    assert fresh.archived("week2.csv") == b"week2.csv"


def test_a_new_stores_first_commit_makes_every_table_and_opens_only_those_it_writes(tmp_path, opened):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", ["A"])
    assert not [name for name, _ in opened if name in LEFT_ALONE]
    fresh = Store(tmp_path / "s")
    for name in DATA_TABLES:  # each made, with its schema, and named by the first version
        assert fresh.read(name).collect_schema() == TABLE_SCHEMAS[name], name
    assert {name: fresh._versions()[name] for name in LEFT_ALONE} == dict.fromkeys(LEFT_ALONE, 0)
    assert fresh.read("roster").collect().height == 0
    assert fresh.opportunities().collect().get_column("opportunity_id").to_list() == ["A"]


def test_the_manifest_a_commit_leaves_is_read_without_opening_the_uploads_table(tmp_path, opened):
    store = Store(tmp_path / "s")
    put(store, "week1.csv", ["A"])
    put(store, "week2.csv", ["B"])
    opened.clear()
    kept = store.manifest()
    assert opened == []
    assert_frame_equal(kept, Store(tmp_path / "s").manifest())
    assert kept.get_column("file_name").to_list() == ["week1.csv", "week2.csv"]


def test_the_manifest_a_commit_leaves_on_a_store_written_before_a_column_existed_is_the_one_read_afresh(tmp_path):
    from old_manifest import OLD_ROWS, old_manifest_store

    store = old_manifest_store(tmp_path / "s")
    store.manifest()
    change = put(store, "week1.csv", ["A"])
    assert change.store_version == len(OLD_ROWS) + 1
    kept = store.manifest()
    assert_frame_equal(kept, Store(tmp_path / "s").manifest())
    assert kept.get_column("store_version").to_list() == list(range(1, len(OLD_ROWS) + 2))
