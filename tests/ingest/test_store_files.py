"""The store's data files written while a file is prepared in batches (winloss.ingest.store_files):
a first load committed from them stores what deltalake's writer stores; wherever they cannot be
used (a re-upload, reps the store spells otherwise, rows taken out after they were written, a commit
that failed after moving them) the staged rows are written instead, with the same result."""

import os
import threading

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from winloss.ingest import store_files as store_files_module
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Created Date,Close Date"


def deal(n: int, *, stage: str = "Closed Won", rep: str = "Ines Moreau", amount: str = "1000") -> str:
    return f"OPP-{n:05d},{rep},Account {n},{stage},{amount},01/02/2024,03/04/2024"


def export(tmp_path, rows: list[str], name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode())
    return path


def deals_of(store: Store) -> pl.DataFrame:
    return store.opportunities().drop("updated_at").collect().sort("opportunity_id")


def the_rest(store: Store) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    return (store.quarantine().collect().sort("line"), store.manifest().drop("at"),
            store.read("archive").collect().sort("part"))


_EARLIER: set[int | None] = set()


@pytest.fixture(autouse=True)
def _earlier_threads():
    """Writer threads alive before a test began are not its own: a file prepared in an earlier test
    of the same worker and never discarded keeps its idle writers until it is garbage-collected."""
    _EARLIER.clear()
    _EARLIER.update(t.ident for t in threading.enumerate())
    yield


def writer_threads() -> list[str]:
    """The writer threads this test started that are still alive."""
    return [t.name for t in threading.enumerate() if t.name.startswith(("raw-file", "deal-files")) and t.ident not in _EARLIER]


def test_a_first_load_from_the_prewritten_files_stores_what_deltalakes_writer_stores(tmp_path):
    path = export(tmp_path, [deal(n, amount=str(100 + n)) for n in range(1, 251)] + ["OPP-00300,,Account,Closed Won,5,01/02/2024,03/04/2024"])
    stores = {}
    for how in ("prewritten", "deltalake"):
        with prepare_path(path, batch_rows=40) as prepared:
            files = prepared.staged.store_files
            if how == "deltalake":
                files.invalidate()
            stores[how] = store = Store(tmp_path / how)
            commit(store, prepared)
            stamps = store.opportunities().select(pl.col("updated_at").unique()).collect().to_series().to_list()
            assert (stamps == [files.stamp]) is (how == "prewritten")  # the rows written while it was read
    fast, slow = stores["prewritten"], stores["deltalake"]
    assert_frame_equal(deals_of(fast), deals_of(slow))
    for mine, theirs in zip(the_rest(fast), the_rest(slow), strict=True):
        assert_frame_equal(mine, theirs)
    assert len(list((tmp_path / "prewritten" / "opportunities").glob("*.parquet"))) == 7  # one a batch (250 accepted rows / 40)
    assert fast._written("opportunities").count() == 250  # the log's record counts
    # A reader filtering on the columns the log keeps statistics of finds the same rows.
    for store in (fast, slow):
        assert store.opportunities().filter(pl.col("opportunity_id") == "OPP-00123").collect().height == 1
    assert writer_threads() == []


def test_a_weekly_reupload_in_batches_merges_as_the_whole_file_does(tmp_path):
    """Into a store with deals the prewritten deal files are of no use (the rows are merged), the
    raw file's are; the store ends as the whole-file path leaves it."""
    week1 = export(tmp_path, [deal(n, stage="Proposal") for n in range(1, 121)], "week1.csv")
    week2 = export(tmp_path, [deal(n, stage="Closed Won" if n % 3 else "Proposal") for n in range(60, 201)], "week2.csv")
    whole, batched = Store(tmp_path / "whole"), Store(tmp_path / "batched")
    for path in (week1, week2):
        commit(whole, prepare(path.read_bytes(), path.name))
        with prepare_path(path, batch_rows=25) as prepared:
            commit(batched, prepared)
    assert_frame_equal(deals_of(batched), deals_of(whole))
    for mine, theirs in zip(the_rest(batched), the_rest(whole), strict=True):
        assert_frame_equal(mine, theirs)
    assert batched.manifest().get_column("updated").to_list() == [0, 61 - 21]  # of 60..120 seen again, the 21 multiples of 3 unchanged


def test_reps_the_store_spells_otherwise_are_renamed_not_taken_from_the_files(tmp_path):
    """A store with a roster but no deals: a first load of deals, but 'INES MOREAU' is the roster's Ines Moreau."""
    path = export(tmp_path, [deal(n, rep="INES MOREAU") for n in range(1, 81)])
    stores = {}
    for how in ("whole", "batched"):
        store = stores[how] = Store(tmp_path / how)
        roster = tmp_path / "roster.csv"
        roster.write_text("Rep,Seller Profile\nInes Moreau,Challenger\n")
        commit(store, prepare(roster.read_bytes(), roster.name))
        if how == "whole":
            commit(store, prepare(path.read_bytes(), path.name))
        else:
            with prepare_path(path, batch_rows=30) as prepared:
                commit(store, prepared)
    assert deals_of(stores["batched"]).get_column("rep").unique().to_list() == ["Ines Moreau"]
    assert_frame_equal(deals_of(stores["batched"]), deals_of(stores["whole"]))


def test_rows_taken_out_after_their_files_were_written_leave_the_files_unused(tmp_path):
    """An id repeated in two batches: both rows leave their batches' staged parts, so the files
    written with them are not committed."""
    rows = [deal(n) for n in range(1, 61)] + [deal(5, stage="Closed Lost")]
    path = export(tmp_path, rows)
    with prepare_path(path, batch_rows=20) as prepared:
        assert prepared.staged.store_files.prewritten() is None
        store = Store(tmp_path / "s")
        commit(store, prepared)
    whole = Store(tmp_path / "whole")
    commit(whole, prepare(path.read_bytes(), path.name))
    assert_frame_equal(deals_of(store), deals_of(whole))
    assert 5 not in [int(i[4:]) for i in deals_of(store).get_column("opportunity_id").to_list()]


def test_a_commit_that_fails_after_moving_the_files_in_leaves_nothing_and_can_be_retried(tmp_path, monkeypatch):
    from deltalake import DeltaTable

    path = export(tmp_path, [deal(n) for n in range(1, 101)])
    store = Store(tmp_path / "s")
    real = DeltaTable.create_write_transaction

    def failing(self, *args, **kwargs):
        raise OSError("disk full")

    with prepare_path(path, batch_rows=30) as prepared:
        monkeypatch.setattr(DeltaTable, "create_write_transaction", failing)
        with pytest.raises(OSError, match="disk full"):
            commit(store, prepared)
        assert store.version() == 0 and store.opportunities().collect().height == 0
        monkeypatch.setattr(DeltaTable, "create_write_transaction", real)
        committed = commit(store, prepared)  # the files went into the tables: the staged rows are written
    assert committed.change is not None and committed.change.inserted == 100
    assert store.opportunities().collect().height == 100
    assert store.archived(prepared.sha256) == path.read_bytes()
    deal_files = {p.name for p in (tmp_path / "s" / "opportunities").glob("*.parquet")}
    named = set(pl.DataFrame(store._written("opportunities").get_add_actions(flatten=True)).get_column("path").to_list())
    assert deal_files == named  # the failed commit's files were deleted by the retry


def test_discarding_or_rejecting_a_file_stops_the_writers_and_deletes_their_files(tmp_path):
    path = export(tmp_path, [deal(n) for n in range(1, 101)])
    with prepare_path(path, batch_rows=30) as prepared:
        folder = prepared.staged.store_files.folder
        assert folder.exists()
    assert not folder.exists() and writer_threads() == []
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text("Colour,Size\nred,1\nblue,2\n")
    rejected = prepare_path(unmapped, batch_rows=1)
    assert rejected.rejected and rejected.staged is None and writer_threads() == []


def test_the_file_hash_is_the_one_of_its_bytes(tmp_path):
    import hashlib

    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 100_000)  # 25.6 MB: several blocks
    assert store_files_module.file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    stop = threading.Event()
    stop.set()
    assert store_files_module.file_sha256(path, stop) == ""


def test_the_writers_run_nicer_than_the_reading_they_overlap(tmp_path):
    """They are to take the core the reading leaves idle, not turns with the thread that checks the batches."""
    path = export(tmp_path, [deal(n) for n in range(1, 11)])
    files = store_files_module.StoreFiles(path, path.name, tmp_path / "files")
    try:
        niceness = files._raw.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
        writer = files._writer.submit(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())).result()
        mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        assert niceness == writer == min(19, mine + store_files_module.WRITER_NICENESS)  # Linux: a thread is a task
    finally:
        files.close()
