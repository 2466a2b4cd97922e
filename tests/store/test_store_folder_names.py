"""A store whose folder's name holds a space, "#", "%", "+" or a letter outside ASCII (a Windows or
macOS home folder: "C:\\Users\\Jane Doe", "~/Library/Application Support") is written and read as
any other: its first upload, a second one merged into it, a rollback, and a file given as a file://
URI with its escapes."""

from pathlib import Path
from urllib.parse import quote

import pytest
from test_delta import deals, put

from winloss.cli import main
from winloss.store.delta import Store

FOLDERS = ["Jane Doe", "deals #2", "100% won", "a+b", "Müller", "Jane Doe #2 100% Müller"]
# The command line's run takes seconds: a space alone, and every character at once.
CLI_FOLDERS = [FOLDERS[0], FOLDERS[-1]]
HEADER = "Opportunity ID,Owner,Stage,Amount,Close Date\n"
WEEK1 = HEADER + "".join(f"R-{i},Ann,Prospecting,100,2026-06-01\n" for i in range(1, 4))
WEEK2 = WEEK1.replace("R-1,Ann,Prospecting,100", "R-1,Ann,Closed Won,150") + "R-4,Ann,Prospecting,40,2026-06-01\n"


def amounts(store: Store) -> dict[str, float]:
    """Each stored deal's amount, by id."""
    return dict(store.opportunities().select("opportunity_id", "amount").collect().rows())


@pytest.mark.parametrize("folder", CLI_FOLDERS)
def test_the_command_line_stores_merges_and_rolls_back_in_such_a_folder(tmp_path, folder, monkeypatch):
    """The first upload said a file the store names was missing from its storage: deltalake names a
    local data file by its percent-encoded path ("Jane%20Doe"), which no file on disk has. The
    uploads' own names hold the same characters, and are kept as written."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / folder
    root.mkdir()
    store = str(root / "store")
    week1, week2 = root / f"{folder} week1.csv", root / f"{folder} week2.csv"
    week1.write_text(WEEK1)
    week2.write_text(WEEK2)
    assert main(["ingest", str(week1), "--store", store]) == 0
    assert amounts(Store(store)) == {"R-1": 100.0, "R-2": 100.0, "R-3": 100.0}
    assert main(["ingest", str(week2), "--store", store]) == 0  # merged into the stored deals
    assert amounts(Store(store)) == {"R-1": 150.0, "R-2": 100.0, "R-3": 100.0, "R-4": 40.0}
    assert main(["rollback", "1", "--store", store]) == 0
    assert amounts(Store(store)) == {"R-1": 100.0, "R-2": 100.0, "R-3": 100.0}
    assert main(["ingest", str(week2), "--store", store]) == 0  # the undone file, stored again
    stored = Store(store)
    assert amounts(stored) == {"R-1": 150.0, "R-2": 100.0, "R-3": 100.0, "R-4": 40.0}
    assert stored.manifest().get_column("file_name").to_list() == [week1.name, week2.name, None, week2.name]
    assert stored.archived(stored.manifest().item(-1, "sha256")) == WEEK2.encode()


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_engine_commits_merges_and_rolls_back_in_such_a_folder(tmp_path, folder):
    store = Store(tmp_path / folder / "store")
    put(store, f"{folder}.csv", deals([("A", "Proposal", 100.0), ("B", "Proposal", 200.0)]))
    assert store.opportunities().collect().height == 2
    second = put(store, f"{folder} again.csv", deals([("A", "Closed Won", 120.0), ("C", "Proposal", 5.0)]))
    assert (second.inserted, second.updated) == (1, 1)
    assert amounts(store) == {"A": 120.0, "B": 200.0, "C": 5.0}
    store.rollback(1)
    assert amounts(store) == {"A": 100.0, "B": 200.0}
    assert amounts(Store(tmp_path / folder / "store")) == {"A": 100.0, "B": 200.0}  # a fresh process reads it too
    assert store.archived(f"{folder} again.csv") == f"{folder} again.csv".encode()


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_file_uri_names_the_folder_its_escapes_spell(tmp_path, folder):
    """"file:///Users/Jane%20Doe/store" is the folder /Users/Jane Doe/store, where deltalake writes the
    tables: the store's own files (its writer lock, its kept frames) go there too, not into a folder
    named "Jane%20Doe"."""
    folder_path = tmp_path / folder / "store"
    store = Store("file://" + quote(str(folder_path)))
    put(store, "week1.csv", deals([("A", "Proposal", 100.0)]))
    assert amounts(store) == {"A": 100.0}
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == ["store"]
    assert (folder_path / "_writer.lock").exists() and (folder_path / "opportunities" / "_delta_log").is_dir()
    assert store.derived_folder() == folder_path / "_derived"
    assert isinstance(store.derived_folder(), Path)
    assert amounts(Store(folder_path)) == {"A": 100.0}
