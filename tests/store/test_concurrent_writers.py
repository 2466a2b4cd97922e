"""Several servers writing one store on object storage, where no lock is shared: no write may undo
another's. Emulated on a local folder (Delta's commit there is put-if-absent, as on S3 with conditional
writes) with the lock file switched off; barriers and events force the interleavings two servers can hit."""

import datetime as dt
import threading

import polars as pl
import pytest

from open_deals import deals, put

from winloss.exchange import ExchangeRates
from winloss.store import delta as store_module
from winloss.store.delta import Store, StoreError

CONFLICT = "Another change was stored while this one was written: nothing of it was kept; run it again."
BUSY = "Another change is being stored right now: try again in a minute."


@pytest.fixture
def shared(tmp_path, monkeypatch) -> str:
    """A store with one upload, written as on object storage: no lock file between writers."""
    uri = str(tmp_path / "s")
    put(Store(uri), "seed.csv", ["S"])
    monkeypatch.setattr(Store, "is_local", property(lambda self: False))
    return uri


def run(jobs: dict[str, object]) -> dict[str, object]:
    """Run each job in its own thread; what each returned or raised."""
    out: dict[str, object] = {}

    def go(name, job):
        try:
            out[name] = job()
        except Exception as exc:  # the outcome under test
            out[name] = exc

    threads = [threading.Thread(target=go, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return out


def both_read_first(monkeypatch) -> None:
    """Two writes both pass _ensure_tables (both read the same manifest) before either writes."""
    gate = threading.Barrier(2, timeout=30)
    ensure = Store._ensure_tables

    def ensure_together(self):
        versions = ensure(self)
        gate.wait()
        return versions

    monkeypatch.setattr(Store, "_ensure_tables", ensure_together)


def both_read_then_commit_in_order(monkeypatch, first: str) -> None:
    """Both writes pass _ensure_tables before either writes; the `first` ("upload" or "rates") commits first."""
    both_read_first(monkeypatch)
    done = {"upload": threading.Event(), "rates": threading.Event()}
    commit = Store._commit

    def commit_in_order(self, versions, **fields):
        who = "rates" if fields.get("action") == "settings" else "upload"
        if who != first:
            done[first].wait(30)
        try:
            return commit(self, versions, **fields)
        finally:
            done[who].set()

    monkeypatch.setattr(Store, "_commit", commit_in_order)


@pytest.mark.parametrize("first", ["rates", "upload"])
def test_of_an_upload_and_a_rate_save_at_once_one_is_kept_whole_and_the_other_told_to_run_again(shared, monkeypatch, first):
    both_read_then_commit_in_order(monkeypatch, first)
    ids = [f"D{i}" for i in range(100)]
    out = run({"upload": lambda: put(Store(shared), "week2.csv", ids),
               "rates": lambda: Store(shared).save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))})
    second = "upload" if first == "rates" else "rates"
    assert isinstance(out[second], StoreError) and str(out[second]) == CONFLICT
    assert out[first].store_version == 2
    store = Store(shared)
    assert store.version() == 2
    stored = store.opportunities().collect().height
    assert stored == (101 if first == "upload" else 1)
    assert store.exchange_rates().rates == ({"EUR": 1.1} if first == "rates" else {})
    assert store.history().get_column("in_effect").all()
    # Run again, it is kept.
    monkeypatch.undo()
    monkeypatch.setattr(Store, "is_local", property(lambda self: False))
    again = put(store, "week2.csv", ids) if second == "upload" else store.save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))
    assert again.store_version == 3
    assert store.opportunities().collect().height == 101 and store.exchange_rates().rates == {"EUR": 1.1}
    # What the refused write had committed is gone: each table's newest version holds what the manifest names.
    for table in store_module.DATA_TABLES:
        assert pl.read_delta(store._table(table)).height == store.read(table).collect().height, table


def test_two_manifest_rows_at_the_same_moment_one_version_each_never_two_rows_of_one(shared, monkeypatch):
    both_read_first(monkeypatch)
    gate = threading.Barrier(2, timeout=30)
    commit = Store._commit

    def at_once(self, versions, **fields):
        gate.wait()
        return commit(self, versions, **fields)

    monkeypatch.setattr(Store, "_commit", at_once)
    out = run({"upload": lambda: put(Store(shared), "week2.csv", ["D1"]),
               "rates": lambda: Store(shared).save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))})
    kept = [v for v in out.values() if not isinstance(v, Exception)]
    refused = [v for v in out.values() if isinstance(v, Exception)]
    assert len(kept) == 1 and [str(e) for e in refused] == [CONFLICT], out
    history = Store(shared).history()
    assert history.get_column("store_version").to_list() == [2, 1]
    assert history.get_column("in_effect").all()


def test_an_upload_never_names_rows_another_write_merged_under_it(shared, monkeypatch):
    """B's deals are merged on top of A's before A's manifest row: A then dies; B must not make A's rows visible."""
    # Both read the manifest before either writes: else B, started first, could commit its raw file before A
    # looked, and A would rightly stop as busy (it did once, on a loaded machine) instead of merging first.
    both_read_first(monkeypatch)
    a_merged, b_merged = threading.Event(), threading.Event()
    merge = Store._merge

    def ordered(self, name, frame, key, compare):
        mine = frame.get_column("source_sha256")[0]
        if mine == "b.csv":
            assert a_merged.wait(30), "A's merge never ended"
            try:
                return merge(self, name, frame, key, compare)
            finally:
                # Set when B's merge has ended either way: it commits B's deals on top of A's, then finds A's
                # commit under its own and raises (WriteConflict). Set only on a return, A's wait never ended early.
                b_merged.set()
        merge(self, name, frame, key, compare)
        a_merged.set()
        assert b_merged.wait(30), "B's merge never ended"
        raise RuntimeError("server A stopped")

    monkeypatch.setattr(Store, "_merge", ordered)
    out = run({"a": lambda: put(Store(shared), "a.csv", ["A1"]), "b": lambda: put(Store(shared), "b.csv", ["B1"])})
    assert isinstance(out["a"], RuntimeError) and str(out["a"]) == "server A stopped", out["a"]
    assert isinstance(out["b"], StoreError) and str(out["b"]) == CONFLICT
    store = Store(shared)
    assert store.version() == 1
    assert store.opportunities().collect().get_column("opportunity_id").to_list() == ["S"]


class Clock:
    """The store's clock (store_module.now), moved only by the test: an age the store reads is the time the test
    moved it on, whatever the machine's load. Real seconds had aged a live write: a heartbeat's append to the
    _writers table took over a second on a loaded machine, so the newest beat was older than STALE_AFTER and
    the next write undid a write that was still running."""

    def __init__(self) -> None:
        self.at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def move_on(self, by: dt.timedelta) -> None:
        self.at += by


def test_a_write_longer_than_the_stale_age_is_never_undone_while_its_heartbeat_goes_on(shared, monkeypatch):
    # The upload runs three stale ages by the store's clock, moved on while it archives; the rates save looks
    # for writes under way only once the upload's heartbeat has beaten since. The upload's first row is then
    # three stale ages old, so only its heartbeat keeps it alive: the rates save must be told to wait, not undo it.
    clock = Clock()
    monkeypatch.setattr(store_module, "now", clock)
    monkeypatch.setattr(store_module, "HEARTBEAT_SECONDS", 0.05)  # real seconds between beats: when, not how old
    stale = store_module.STALE_AFTER
    archive, merge, announce = Store._archive, Store._merge, Store._announce
    merged, moved_on, beaten, looked = (threading.Event() for _ in range(4))

    def slow_archive(self, *args, **kwargs):
        merged.wait(30)
        clock.move_on(3 * stale)  # the write has run three stale ages
        moved_on.set()
        looked.wait(30)  # the rates save has looked for writes under way
        return archive(self, *args, **kwargs)

    def merge_then_say(self, *args, **kwargs):
        result = merge(self, *args, **kwargs)
        merged.set()
        return result

    def announce_then_say(self, token, done):
        stamped_late = moved_on.is_set()  # before the row reads the clock: a beat begun earlier is stamped earlier
        announce(self, token, done)
        if stamped_late and not done:
            beaten.set()  # a heartbeat stamped after the clock moved on is in the _writers table

    monkeypatch.setattr(Store, "_archive", slow_archive)
    monkeypatch.setattr(Store, "_merge", merge_then_say)
    monkeypatch.setattr(Store, "_announce", announce_then_say)

    def rates_meanwhile():
        try:
            assert beaten.wait(30), "the upload's heartbeat stopped while it ran"
            return Store(shared).save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))
        finally:
            looked.set()

    out = run({"upload": lambda: put(Store(shared), "long.csv", ["L1", "L2"]), "rates": rates_meanwhile})
    assert isinstance(out["rates"], StoreError) and "try again in a minute" in str(out["rates"]), out["rates"]
    assert out["upload"].store_version == 2
    store = Store(shared)
    assert sorted(store.opportunities().collect().get_column("opportunity_id").to_list()) == ["L1", "L2", "S"]
    assert store.archived("long.csv") == b"long.csv"


def test_a_write_whose_heartbeat_stopped_is_undone_by_the_next(shared, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(store_module, "now", clock)
    store = Store(shared)
    store._announce("dead-server", done=False)
    deals(["Z"]).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit("z"), updated_at=pl.lit(clock())
    ).write_delta(f"{shared}/opportunities", mode="append")
    clock.move_on(store_module.STALE_AFTER * 1.5)  # its last beat is older than the stale age now
    assert store.save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1})).store_version == 2
    assert store.opportunities().collect().get_column("opportunity_id").to_list() == ["S"]
    assert store._table("opportunities").version() == store.manifest().row(-1, named=True)["opportunities_version"]


def test_three_first_uploads_to_an_empty_store_at_once_make_its_tables_once(tmp_path, monkeypatch):
    monkeypatch.setattr(Store, "is_local", property(lambda self: False))
    uri = str(tmp_path / "empty")
    names = ("uploads", *store_module.DATA_TABLES)
    gates = {name: threading.Barrier(3, timeout=30) for name in names}
    asked = threading.local()
    table = Store._table

    def all_find_it_missing(self, name, version=None):
        """Each write's first look for each table waits for the other two: all three find it missing."""
        seen = asked.__dict__.setdefault("seen", set())
        if getattr(asked, "ensuring", False) and name in gates and name not in seen:
            seen.add(name)
            gates[name].wait()
            return None
        return table(self, name, version)

    ensure = Store._ensure_tables

    def ensuring(self):
        asked.ensuring = True
        try:
            return ensure(self)
        finally:
            asked.ensuring = False

    monkeypatch.setattr(Store, "_table", all_find_it_missing)
    monkeypatch.setattr(Store, "_ensure_tables", ensuring)
    out = run({f"u{i}": (lambda i=i: put(Store(uri), f"first{i}.csv", [f"F{i}"])) for i in range(3)})
    errors = [str(v) for v in out.values() if isinstance(v, Exception)]
    assert set(errors) <= {CONFLICT, BUSY}, errors
    monkeypatch.setattr(Store, "_table", table)
    kept = Store(uri).history()
    assert kept.height == 3 - len(errors) <= 1
    assert Store(uri).opportunities().collect().height == kept.height
    for name in names:  # each table made once: its version 0, and nothing after it but what a row names
        assert [c["version"] for c in table(Store(uri), name).history() if c["operation"] == "WRITE"
                and c["operationParameters"].get("mode") == "ErrorIfExists"] == [0], name


@pytest.mark.parametrize(("exc", "words"), [
    (FileNotFoundError('404 Not Found: <?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>'),
     "is missing from its storage"),
    (OSError("Generic S3 error: Error performing GET http://127.0.0.1:1/b in 180s, after 8 retries: operation timed out"),
     "did not answer"),
    (OSError("Generic S3 error: <?xml version='1.0'?><Error><Code>InvalidAccessKeyId</Code></Error>"), "refused the credentials"),
])
def test_an_object_store_error_is_one_sentence_naming_its_cause_without_xml(exc, words):
    from deltalake.exceptions import CommitFailedError

    from winloss.errors import error_sentence, store_unreachable_sentence

    for sentence in (error_sentence(exc, "running report"), store_unreachable_sentence("s3://b/s", exc)):
        assert words in sentence and "<" not in sentence and "credentials" not in sentence.replace("refused the credentials", "")
    assert error_sentence(CommitFailedError("Failed to commit transaction: 7"), "running ingest") == CONFLICT
