"""The Delta Lake store: opportunities, roster, assessments, uploads, quarantine, settings and raw archive.

Every change is one store *version*: a row in the `uploads` table (the manifest) naming the
version of each data table it produced. Readers read each table at the version the newest
manifest row names, so a write that dies half way is never seen, and rolling back to a
version restores every table to what that manifest row names. The same code runs on a local
folder or on any URI deltalake supports (s3://, az://, gs://) with `storage_options`.
Writers to a local store take turns through a lock file. On object storage, where no lock is
shared, the manifest is the serialisation point: a write appends its row as the uploads table's
commit at the version it read + 1, which Delta makes atomic (a commit is put only if absent), and it
names each data table's version its own commits made, built on the version it read and no other
writer's (every commit carries the write's token). A write that loses either race keeps nothing and
says so. A write under way announces itself (a heartbeat in the `_writers` table), so another one
never undoes it. Any number of readers.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import fcntl
import functools
import json
import os
import re
import secrets
import threading
import time
from contextvars import ContextVar, copy_context
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast
from urllib.parse import unquote

from concurrent.futures import ThreadPoolExecutor

import polars as pl
from deltalake import ColumnProperties, CommitProperties, DeltaTable, Transaction, WriterProperties, write_deltalake
from deltalake.exceptions import CommitFailedError, DeltaError, TableNotFoundError

from data_models.date_window import date_window
from data_models.vocabulary import (
    DEFAULT_NO_DECISION_REASONS,
    NoDecisionVocabulary,
    OPPORTUNITY_FIELDS,
    OUTCOMES,
    ROSTER_SCHEMA,
)
from winloss import employment, team_history
from winloss.access import local_user
from winloss.ingest.corrected_spellings import corrected_note
from winloss.exchange import DEFAULT_REPORTING_CURRENCY, ExchangeRates
from winloss.store.readings import stores_nothing_new
from winloss.store.tables import (
    ARCHIVE_SCHEMA, DATA_TABLES, MANIFEST_SCHEMA, ROLLBACK_TABLES, SETTINGS_SCHEMA, TABLE_SCHEMAS,
)
from winloss.text import UNLISTED, listed, plural

if TYPE_CHECKING:  # pyarrow (and numpy under it) is imported by the writers that use it, not by readers:
    import pyarrow as pa  # a fresh server that draws the Overview from kept frames never needs it

    from winloss.store import data_files  # writes with pyarrow: imported by the writers that use it

T = TypeVar("T")

DEFAULT_URI = "data/store"
# The settings key of the column mappings remembered by layout (Store.column_mappings).
COLUMN_MAPPINGS = "column_mappings"
# The settings key of the loss reasons, as the deals write them, counted as lost though a phrase of the
# no-decision vocabulary reads them (NoDecisionVocabulary.excepted): kept beside the phrases, not in their list,
# so a store written before them reads its phrases as it did.
NO_DECISION_EXCEPTIONS = "no_decision_exceptions"
# The settings key of the month the store's fiscal year starts in (1-12; Store.fiscal_year_start): every page
# and command counts quarters from it unless told otherwise (a link's fy=, the command line's --fy-start).
FISCAL_YEAR_START = "fiscal_year_start"
# What each stored setting is, in the pages' words: the settings table holds these keys and no other
# (Store._write_settings refuses an unknown one), so the rollback sentence names every one.
SETTING_WORDS: dict[str, tuple[str, ...]] = {
    "no_decision_reasons": ("no-decision reasons",),
    NO_DECISION_EXCEPTIONS: ("no-decision reasons",),  # the vocabulary's choices too: said once, with it
    "stage_outcomes": ("stage mappings",),
    "exchange_rates": ("exchange rates", "the reporting currency"),
    COLUMN_MAPPINGS: ("remembered column mappings",),
    FISCAL_YEAR_START: ("the fiscal year's first month",),
}
# What each table a rollback puts back holds, in the pages' words (the settings table by key).
RESTORED_WORDS: dict[str, tuple[str, ...]] = {
    "opportunities": ("deals",),
    "roster": ("the roster and its rep profiles",),
    "quarantine": ("quarantined rows",),
    "settings": tuple(dict.fromkeys(w for words in SETTING_WORDS.values() for w in words)),
    "assessments": ("profile assessments",),
}


def rollback_restores() -> str:
    """What a rollback puts back, as a sentence lists it ("deals, the roster …, and profile
    assessments"): read from the tables Store.rollback restores, so it names each of them."""
    return listed([w for table in ROLLBACK_TABLES for w in RESTORED_WORDS[table]])


def versions_words(versions: Iterable[int], last: str = "or") -> str:
    """Store versions as a sentence lists them, oldest first, three or more in a row as one run: "version 0,
    versions 2 to 5 or version 7" (`last`: the word before the last one). A store of hundreds of versions
    is named in a few words, none left out."""
    runs: list[list[int]] = []
    for v in sorted(set(versions)):
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"versions {run[0]} to {run[-1]}")
        else:
            parts.extend(f"version {v}" for v in run)
    return listed(parts, last)


def same_state_sentence(target: int, current: int, current_target: int | None, same: Sequence[int],
                        targets: Sequence[int]) -> str:
    """Why a rollback to `target` is refused, in one sentence: the store is already in that version's
    state, and the versions a rollback to would change it (`targets`, Store.rollback_targets), e.g.
    "The store is already as it was at version 1 (version 4 rolled back to it): rolling back to it would
    change nothing; rolling back to version 0, version 2 or version 3 would change it."
    `current`: the store's version; `current_target`: the version it rolled back to, if it is a rollback;
    `same`: Store.same_state_versions (`target` and `current` among them)."""
    if target == current:
        earlier = [v for v in same if v != current]
        head = f"The store is already at version {current}" + (f" (as it was at {versions_words(earlier, 'and')})" if earlier else "")
    else:
        how = "rolled back to it" if current_target == target else "is in the same state"
        head = f"The store is already as it was at version {target} (version {current} {how})"
    if not targets:
        return f"{head}: rolling back to it would change nothing, and there is no other version to roll back to."
    return f"{head}: rolling back to it would change nothing; rolling back to {versions_words(targets)} would change it."
APPEND_ROWS = 1_000_000  # rows per append when a first load comes in batches (memory stays bounded)

# Snappy writes a million deals about a third faster than the default, and every reader knows it.
# Column statistics only where a merge or a date filter can use them: on raw file bytes they
# would cost seconds, on the other columns a quarter of the write time, and skip nothing.
_STATISTICS = ("opportunity_id", "rep", "close_date", "sha256", "store_version")
_WRITER = WriterProperties(
    compression="SNAPPY",
    default_column_properties=ColumnProperties(statistics_enabled="NONE"),
    column_properties={
        **{c: ColumnProperties(statistics_enabled="CHUNK") for c in _STATISTICS},
        "content": ColumnProperties(statistics_enabled="NONE", dictionary_enabled=False),
    },
)
_WRITE_OPTIONS = {"writer_properties": _WRITER}
_ARROW_AS_POLARS = pl.CompatLevel.newest()
# The deals' columns whose min and max the Delta log keeps for data files written outside deltalake.
_DEAL_STATISTICS = tuple(c for c in _STATISTICS if c in TABLE_SCHEMAS["opportunities"].names())
# A store written before a table or column existed takes the new ones on its next write.
_EVOLVING = {**_WRITE_OPTIONS, "schema_mode": "merge"}


def _evolving(name: str) -> dict[str, Any]:
    """_EVOLVING for a commit of the running write to table `name` (`_own_commit`)."""
    return {**_EVOLVING, "commit_properties": _own_commit(name)}


def _own_commit(name: str) -> CommitProperties:
    """The commit properties that mark a commit to table `name` as the running write's: its token, and
    an app transaction counting the write's commits to that table (1, 2, …), which the table's state
    keeps, so `_own_version` finds them without reading the log's history."""
    write = _WRITE.get() or _new_write()
    done = write.commits.get(name, 0)
    # Counted as each is made: a first load appends a table several times before `_own_version` reads the count,
    # and each append numbered 1 made the manifest name the first append's version alone (300 rows stored, 100 shown).
    write.commits[name] = done + 1
    return write.commit_properties(app_transactions=[Transaction(app_id=write.app_id, version=done + 1)])


def _restored_to(table: DeltaTable, version: int) -> bool:
    """Whether the table's newest commit (past clean-ups) restored it to `version`: it holds what that
    version holds, as an undone write leaves it."""
    for commit in table.history(8):
        if commit.get("operation") in ("VACUUM START", "VACUUM END"):
            continue
        return commit.get("operation") == "RESTORE" and str(commit.get("operationParameters", {}).get("version")) == str(version)
    return False


def _manifest_of(table: DeltaTable) -> pl.DataFrame:
    """The manifest held by this opened uploads table, oldest first; a column added since a row was
    written reads blank in it (as `read` does for the data tables)."""
    manifest = pl.read_delta(table).sort("store_version")
    missing = [pl.lit(None, t).alias(n) for n, t in MANIFEST_SCHEMA.items() if n not in manifest.columns]
    return manifest.with_columns(missing) if missing else manifest


# What makes a stored deal "changed" by a later export, as the commit's merge compares it: its fields, and
# what its status and its closing columns said (outcomes.STORED_STATUS, outcomes.STORED_CLOSING: both decide
# over the stage mappings at read time), so a deal stored before those were kept, or whose status alone
# changed, gets them from the next export holding it. store_effects.deal_changes compares the same columns,
# so what it says a file changes is what the merge counts "updated".
DEALS_COMPARED = (*[f for f in OPPORTUNITY_FIELDS if f != "opportunity_id"], "status_outcome", "closing_outcome")
# The optional roster fields a write of rows built without them (a caller naming only the rep, profile and
# team) leaves as the store holds them (Store._unsaid_kept), rather than failing or blanking them.
KEPT_WHEN_UNSAID = ("email", "coach")
_ROSTER_COMPARED = (*ROSTER_SCHEMA.names(), "profile_origin", "profile_source", *employment.STORED, *team_history.STORED)


class StoreError(Exception):
    """A store operation that cannot go ahead; str(exc) is one sentence for the user."""


class AlreadyIngested(StoreError):
    """The same bytes are already in effect in the store, and no later version replaced what they set
    (Store.already_ingested; found under the writer lock)."""

    def __init__(self, row: dict):
        super().__init__(f"This file was already loaded (store version {row['store_version']}): nothing changed.")
        self.row = row


class NothingToRollBack(StoreError):
    """A rollback to a version whose state is the store's now (Store.same_state_versions): it would change
    nothing, so nothing is written; str(exc) says so and which versions would change the store."""


class StoreMovedOn(StoreError):
    """Another writer stored a version after the caller read the store at version `read`: what it
    checked (an upload's warnings) or chose (a rollback's target) was judged on a store that is no
    longer there, so nothing was written (found under the writer lock). `now` is the current version."""

    def __init__(self, read: int, now: int, sentence: str):
        super().__init__(sentence)
        self.read, self.now = read, now


# A table ahead of the manifest this long ago was left by a write that died; a younger one may
# be another writer's, still under way, and must not be undone.
# The one stored note an older version worded wrongly: an exchange-rate version counted its rates
# by hand, "reporting currency USD, 1 exchange rates" (the writer follows text.plural now, and names
# the currencies). A note is the app's own words, never a file's, so the whole of that exact shape
# is re-worded where the history is read; the currencies it did not name are not guessed.
_OLD_ONE_RATE_NOTE = r"^(reporting currency [^,]+, 1 exchange rate)s$"


def history_note(note: pl.Expr, action: pl.Expr) -> pl.Expr:
    """A manifest row's note as the app words it now (`action` its action): a settings row's
    "reporting currency USD, 1 exchange rates", stored by an older version, reads "..., 1 exchange
    rate"; every other note as stored."""
    return pl.when(action == "settings").then(note.str.replace(_OLD_ONE_RATE_NOTE, "${1}")).otherwise(note)


_COMMIT_FILE = re.compile(r"\d{20}\.json")  # a Delta table's commit: its version, zero-padded to 20 digits
LOCK_WAIT_SECONDS = 120
# On object storage a write under way appends a heartbeat row to the _writers table this often; one whose
# newest row is older than STALE_AFTER (and says it is not done) died, and the next write undoes it.
HEARTBEAT_SECONDS = 20.0
STALE_AFTER = dt.timedelta(minutes=2)
WRITERS_TABLE = "_writers"
_WRITERS_SCHEMA = pl.Schema([("token", pl.String()), ("at", pl.Datetime("us", "UTC")), ("done", pl.Boolean())])
_TOKEN_KEY = "winloss_write"  # the commit-info key that names the write a table commit belongs to
BUSY = "Another change is being stored right now: try again in a minute."
CONFLICT = "Another change was stored while this one was written: nothing of it was kept; run it again."


class WriteConflict(Exception):
    """Another writer's commit came between this write's reading and its own commit (CONFLICT)."""


@dataclass
class _Write:
    """One store-changing call under way: the token its commits carry, the uploads table's version it
    read (its row is that version + 1), and each table's version its own commits are built on."""

    token: str
    read_version: int = -1
    base: dict[str, int] | None = None
    # How many commits of its own each table holds; set item by item (the archive is written in a thread of its own).
    commits: dict[str, int] = field(default_factory=dict)
    # The tables it opened (by path: the context may outlive one Store object), each at the newest version its
    # own commits left (`Store._written`): opening one reads its whole log (2-5 ms of CPU), and a commit of a
    # small file opened 21 tables (32 in a new store) where it writes 3.
    tables: dict[str, DeltaTable] = field(default_factory=dict)
    # The uploads table opened at `read_version` (`Store._ensure_tables`): its row is put on it, so Delta
    # puts it at read_version + 1 or refuses it.
    manifest_table: DeltaTable | None = None
    # The manifest that table holds: with the write's own row, it is the manifest its commit leaves.
    manifest: pl.DataFrame | None = None

    @property
    def app_id(self) -> str:
        return f"winloss-write-{self.token}"

    def commit_properties(self, **options: Any) -> CommitProperties:
        return CommitProperties(custom_metadata={_TOKEN_KEY: self.token}, **options)


_WRITE: ContextVar[_Write | None] = ContextVar("winloss_store_write", default=None)


def _new_write() -> _Write:
    write = _Write(secrets.token_hex(8))
    _WRITE.set(write)
    return write


def _one_writer(method: Callable) -> Callable:
    """Run a store-changing method while holding the store's writer lock."""

    @functools.wraps(method)
    def locked(self: "Store", *args, **kwargs):
        with self._writer_lock(), self._writing():
            try:
                return method(self, *args, **kwargs)
            except (WriteConflict, CommitFailedError):  # the latter: Delta's own check found another's commit first
                raise StoreError(CONFLICT) from None

    return locked


@dataclass(frozen=True)
class Change:
    """What one commit did."""

    store_version: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # A roster's commit only: of `unchanged`, the rows stored again only because the roster gave, for the first
    # time, a value the store read the same without it (employment.first_given: "given a status for the first time").
    first_given: int = 0
    # A file's commit only: whether the stage mappings it came with were stored in its version
    # (they differed from the store's), so a caller can say which version holds them.
    stage_mappings_stored: bool = False
    # A file's commit only: "remembered" or "forgotten" when its version changed the column mapping
    # remembered for the file's layout (see commit_file's `column_mapping`), else None.
    column_mapping: str | None = None
    # An opportunity export's commit only: the stored deals it took out of the store, which the file lists as
    # deleted in the CRM (commit_file's `removed`); not counted in inserted, updated or unchanged.
    taken_out: int = 0
    # An opportunity export's commit only: the stored deals of its report it does not list, which the user chose to
    # take out with it (commit_file's `unlisted`); not counted in inserted, updated, unchanged or taken_out.
    unlisted_taken_out: int = 0
    # A rollback only: the versions in effect before it that it undid, newest first (read under the lock, so an
    # upload stored after its user chose it is named, never undone unsaid).
    undone: tuple[int, ...] = ()


def local_folder(uri: str) -> Path:
    """The folder on this machine a local store's (or table's) URI names: a path as written, or a
    file:// URI with its percent-escapes decoded ("file:///Users/Jane%20Doe/store" is /Users/Jane Doe/store,
    as deltalake reads it)."""
    return Path(unquote(uri.removeprefix("file://"))) if uri.startswith("file://") else Path(uri)


class _Table(DeltaTable):
    """A Delta table whose local data files are named by their paths on disk.

    deltalake's `file_uris` gives a local file's path percent-encoded, as its log and URL keep it
    ("/Users/Jane%20Doe/store/..."), though it is documented as a plain path; a reader that opens it
    (Polars' scan_delta) then finds no such file in a store whose folder has a space, "#", "%" or a
    letter outside ASCII. Object storage's URIs are left as deltalake gives them."""

    def file_uris(self, *args: Any, **kwargs: Any) -> list[str]:
        return [uri if "://" in uri else unquote(uri) for uri in super().file_uris(*args, **kwargs)]


def default_uri() -> str:
    """WINLOSS_STORE if set, else ./data/store."""
    return os.environ.get("WINLOSS_STORE") or DEFAULT_URI


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Reads:
    """What was read of one store's current version: the manifest, with the uploads table's commit it was read
    at (`Store._uploads_commit_mark` on local disk, else the version), and what was read under that manifest
    (`Store._kept_under`): each table version opened for reading, its scan, the settings table's rows by its
    version (key -> its JSON text), and what the pages derive from the version alone (`Store.per_version`).

    A page run asks for the manifest 10-80 times (each read 9 ms), for settings 5-20 times (6-9 ms each), and a
    commit's report and the pages after it read the deals 5-10 times (opening a table reads its log, 10-30 ms)."""

    manifest_read: tuple[object, pl.DataFrame] | None = None
    kept: tuple[pl.DataFrame, dict[tuple[Any, ...], Any]] | None = None
    # The manifest of the store while it has no version: one frame, so what is kept under it (`Store.per_version`)
    # is kept until the first version, as under any other.
    empty_manifest: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MANIFEST_SCHEMA))


# The reads of each local store's folder, shared by every Store of it in this process, the most recently
# used last. A page run makes several Stores of one folder (the page's, and one in each of its per-version
# caches: the store's facts, the deals, the uncounted deals, the regions), and each read the new version's
# manifest and opened its tables again after every commit: 5-15 reads of one version. A folder's entry is
# right for any Store of it, since it is keyed by the uploads table's newest commit file (number, time,
# inode), which a commit by any Store or process, or a store made afresh, changes.
_READS: dict[str, _Reads] = {}
_READS_LOCK = threading.Lock()
# Folders whose reads are kept: a server measures a customer store and the sample; a test process makes many.
MOST_FOLDERS_KEPT = 8


def _reads_of(uri: str) -> _Reads:
    """The reads shared by every Store of the local store at `uri` (_READS), made on first use."""
    with _READS_LOCK:
        reads = _READS.pop(uri, None) or _Reads()
        _READS[uri] = reads  # the most recently used last
        while len(_READS) > MOST_FOLDERS_KEPT:
            del _READS[next(iter(_READS))]
        return reads


class Store:
    """One store at one URI. Cheap to create; every read looks at the newest manifest."""

    def __init__(self, uri: str | Path | None = None, storage_options: dict[str, str] | None = None):
        self.uri = str(uri or default_uri()).rstrip("/")
        self.storage_options = storage_options
        # What this store's versions were read as: shared by every Store of one local folder in the process
        # (_reads_of), this Store's own on object storage.
        self._reads = _reads_of(self.uri) if self.is_local else _Reads()

    @property
    def is_local(self) -> bool:
        """A folder on this machine (writers can share a lock file), not object storage."""
        return "://" not in self.uri or self.uri.startswith("file://")

    @property
    def _folder(self) -> Path:
        """A local store's folder: its URI without "file://" (meaningful only when `is_local`)."""
        return local_folder(self.uri)

    @contextlib.contextmanager
    def _writer_lock(self) -> Iterator[None]:
        """An exclusive lock file beside a local store's tables (two uploads at once take turns)."""
        if not self.is_local:
            yield
            return
        root = self._folder
        root.mkdir(parents=True, exist_ok=True)
        with open(root / "_writer.lock", "a+") as handle:
            deadline = dt.datetime.now() + dt.timedelta(seconds=LOCK_WAIT_SECONDS)
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if dt.datetime.now() > deadline:
                        raise StoreError("Another change has been storing for over two minutes: try again shortly.") from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[_Write]:
        """One store-changing call: a fresh write token, and on object storage a heartbeat in the
        _writers table while it runs (so no other server undoes it) and its own unrecorded commits
        undone if it fails while no other write is under way."""
        write = _new_write()
        if self.is_local:  # the lock file keeps every other writer out
            try:
                yield write
            finally:
                _WRITE.set(None)
            return
        self._announce(write.token, done=False)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(HEARTBEAT_SECONDS):
                with contextlib.suppress(Exception):  # a missed beat only makes the write look older
                    self._announce(write.token, done=False)

        beating = threading.Thread(target=beat, name="winloss-heartbeat", daemon=True)
        beating.start()
        try:
            yield write
        except BaseException:
            with contextlib.suppress(Exception):  # the write's own error is the one to tell
                if write.base is not None and not self._others_writing(write.token):
                    self._undo_unrecorded()
            raise
        finally:
            stop.set()
            beating.join()
            with contextlib.suppress(Exception):  # a missing "done" row goes stale in STALE_AFTER
                self._announce(write.token, done=True)
            _WRITE.set(None)

    def _announce(self, token: str, done: bool) -> None:
        """Append a heartbeat row (or the write's last one, `done`) to the _writers table."""
        row = pl.DataFrame({"token": [token], "at": [now()], "done": [done]}, schema=_WRITERS_SCHEMA)
        for attempt in range(3):  # two first writes creating the table at once: one of them waits its turn
            try:
                row.write_delta(self._path(WRITERS_TABLE), mode="append", storage_options=self.storage_options)
                return
            except DeltaError:
                if attempt == 2:
                    raise
                time.sleep(0.2)

    def _others_writing(self, token: str) -> bool:
        """Whether a write other than `token`'s is under way: its newest heartbeat younger than
        STALE_AFTER and no "done" row."""
        table = self._table(WRITERS_TABLE)
        if table is None:
            return False
        rows = pl.read_delta(table).filter(pl.col("token") != token)
        live = rows.group_by("token").agg(pl.col("at").max(), pl.col("done").any()).filter(
            ~pl.col("done") & (pl.col("at") > now() - STALE_AFTER)
        )
        return live.height > 0

    def _undo_unrecorded(self) -> None:
        """Put every data table back at the version the newest manifest row names, deleting what no
        manifest row names: a failed write's commits (no other write may be under way)."""
        manifest = self.manifest()
        versions = self._versions(manifest) or {}
        write = _WRITE.get() or _new_write()
        for name in DATA_TABLES:
            table = self._table(name)
            if table is not None and table.version() != versions.get(name, 0):
                table.restore(versions.get(name, 0), commit_properties=write.commit_properties())
                self._remove_unrecorded_files(name)

    def _path(self, table: str) -> str:
        return f"{self.uri}/{table}"

    def _table(self, table: str, version: int | None = None) -> DeltaTable | None:
        try:
            return _Table(self._path(table), version=version, storage_options=self.storage_options)
        except TableNotFoundError:
            return None

    def _written(self, table: str) -> DeltaTable:
        """A table a write is changing, at its newest version: `_ensure_tables` created every one, so a missing
        one was deleted from under the store while it was being written.

        Opened once a write and held (`_Write.tables`): each commit through the held object moves it on. A
        local store's writer holds the lock, so no other commit comes between; on object storage one may, and
        the held table takes it in (`update_incremental`) as a fresh open would."""
        write = _WRITE.get()
        path = self._path(table)
        held = write.tables.get(path) if write is not None else None
        if held is not None:
            if not self.is_local:
                held.update_incremental()
            return held
        found = self._table(table)
        if found is None:
            raise StoreError(f"The store's {table} table disappeared while a change was being stored: nothing was changed.")
        if write is not None:
            write.tables[path] = found
        return found

    def _newest_version(self, table: str) -> int | None:
        """A table's newest version, None when there is no such table. A local table's is the number of the
        newest commit file in its log (listing it costs a hundredth of opening the table); one on object
        storage is opened, and held for the write (`_written`)."""
        if not self.is_local:
            found = self._table(table)
            write = _WRITE.get()
            if found is not None and write is not None:
                write.tables[self._path(table)] = found
            return None if found is None else found.version()
        try:
            with os.scandir(local_folder(self._path(table)) / "_delta_log") as entries:
                newest = max((e.name for e in entries if _COMMIT_FILE.fullmatch(e.name)), default=None)
        except (FileNotFoundError, NotADirectoryError):
            return None
        return None if newest is None else int(newest.removesuffix(".json"))

    # ---- reading -------------------------------------------------------------------------
    def manifest(self) -> pl.DataFrame:
        """Every store version, oldest first (an empty frame for a new store)."""
        mark = self._uploads_commit_mark()
        read = self._reads.manifest_read
        if mark is not None and read is not None and read[0] == mark:
            return read[1]
        table = self._table("uploads")
        if table is None:
            return self._reads.empty_manifest
        key = mark if mark is not None else table.version()  # on object storage, the version opened
        if read is not None and read[0] == key:
            return read[1]
        manifest = _manifest_of(table)
        self._reads.manifest_read = (key, manifest)
        return manifest

    def version(self) -> int:
        """The current store version: 0 for a new or empty store."""
        mark = self._uploads_commit_mark()
        if mark is not None:
            return mark[0]
        if self.is_local:  # no commit file: no uploads table yet
            return 0
        table = self._table("uploads")
        return 0 if table is None else table.version()

    def _uploads_commit_mark(self) -> tuple[int, int, int] | None:
        """For a local store, the uploads table's newest commit: (its version, the commit file's
        modification time in ns and inode); None on object storage or before the table exists.

        A page run asks for the manifest and the version 10-80 times; opening the table to learn
        that nothing changed took 8-9 ms each (listing its log takes a fraction of one). A commit
        adds the next numbered file, so a new version, or a table made afresh, changes the mark."""
        if not self.is_local:
            return None
        log = self._folder / "uploads" / "_delta_log"
        try:
            with os.scandir(log) as entries:
                newest = max((e for e in entries if _COMMIT_FILE.fullmatch(e.name)), key=lambda e: e.name, default=None)
            if newest is None:
                return None
            found = newest.stat()
        except FileNotFoundError:
            return None
        return int(newest.name.removesuffix(".json")), found.st_mtime_ns, found.st_ino

    def _versions(self, manifest: pl.DataFrame | None = None, at: int | None = None) -> dict[str, int] | None:
        manifest = self.manifest() if manifest is None else manifest
        if at is not None:
            manifest = manifest.filter(pl.col("store_version") <= at)
        if manifest.height == 0:
            return None
        last = manifest.row(-1, named=True)
        # A table added after this manifest row was written: it was empty then (its version 0).
        return {t: last.get(f"{t}_version") or 0 for t in DATA_TABLES}

    def read(self, table: str, at: int | None = None) -> pl.LazyFrame:
        """A data table as of the current (or given) store version; empty with its schema if none."""
        manifest = self.manifest()
        versions = self._versions(manifest, at)
        if versions is None:
            return pl.LazyFrame(schema=TABLE_SCHEMAS[table])
        return self._table_read(table, versions[table], manifest)

    def _table_read(self, table: str, version: int, manifest: pl.DataFrame) -> pl.LazyFrame:
        """A data table at its own version `version` (one `manifest` names), in TABLE_SCHEMAS' columns.

        Opened once per table version and kept while the manifest is the one it was opened under (a
        version's rows never change; a new store version, or a store made afresh, is a new manifest). A
        lazy frame is never changed by what is built on it, so every caller may share it."""
        kept = self._kept_under(manifest)
        scan = kept.get(("scan", table, version))
        if scan is None:
            scan = kept[("scan", table, version)] = self._opened(table, version)
        return scan

    def _kept_under(self, manifest: pl.DataFrame) -> dict[tuple[Any, ...], Any]:
        """What this Store read under `manifest` ((what, table, version) -> it; ("derived", what) -> what
        `per_version` derived), emptied when the manifest is
        another: a table version's rows never change, and a new store version (this Store's commit, another
        Store's or another process's) or a store made afresh is a new manifest, which `manifest` reads afresh."""
        # Read once: the reads are shared by every Store of the folder, and another thread's Store may put
        # another manifest's between this look and the return.
        kept = self._reads.kept
        if kept is None or kept[0] is not manifest:
            kept = self._reads.kept = (manifest, {})
        return kept[1]

    def per_version(self, what: Hashable, derive: Callable[[], T]) -> T:
        """`derive()` once per store version in this process: what a page works out from the current version
        alone (the Data page's counts, roster editor and tabs, the assessment's reps), kept with the reads of
        that version (`_kept_under`) and so shared by every Store of a local folder, and worked out afresh once
        another version is stored (here, by another Store or another process) or the store is made afresh.
        `what` names the result and everything else it depends on (a day, a choice).

        Each visitor's page run worked these out again from the same tables, in many small queries: half the
        CPU of those two pages. The value is shared by every caller of this version: it must not be changed
        in place."""
        manifest = self.manifest()
        kept = self._kept_under(manifest)
        key = ("derived", what)
        if key not in kept:
            kept[key] = derive()
        return cast(T, kept[key])

    def _opened(self, table: str, version: int) -> pl.LazyFrame:
        """`_table_read`'s scan, opened afresh."""
        # A local table is opened here so its files are read by their paths on disk (`_Table`); one on
        # object storage by its URI, so Polars finds the credentials to read its files with.
        source = (_Table(self._path(table), version=version, storage_options=self.storage_options)
                  if self.is_local else self._path(table))
        frame = pl.scan_delta(source, version=version, storage_options=self.storage_options)
        # A version written before a column existed reads it as blank, so every reader sees one schema.
        missing = {n: t for n, t in TABLE_SCHEMAS[table].items() if n not in frame.collect_schema().names()}
        return frame.with_columns(pl.lit(None, t).alias(n) for n, t in missing.items()) if missing else frame

    def opportunities(self, at: int | None = None) -> pl.LazyFrame:
        """Stored deals whose dates lie in the accepted window (data_models.date_window).

        Ingest quarantines dates outside it; a deal stored before that rule (a 9999-12-31
        placeholder) is left out here, so no page computes a quarter past the calendar's end.
        `deals_outside_date_window` counts them.
        """
        return self.read("opportunities", at).filter(_dates_in_window())

    def deals_outside_date_window(self, at: int | None = None) -> int:
        """How many stored deals `opportunities` leaves out for a date outside the accepted window."""
        return self.outside_date_window(at).select(pl.len()).collect().item()

    def outside_date_window(self, at: int | None = None) -> pl.LazyFrame:
        """The stored deals `opportunities` leaves out for a date outside the accepted window: no page reads
        them, but a commit merges a file's rows into them as into any other (store_effects.reopened)."""
        return self.read("opportunities", at).filter(~_dates_in_window())

    def roster(self, at: int | None = None) -> pl.LazyFrame:
        """The stored roster, each row read by today's rule of a status and an end date that disagree
        (employment.by_todays_rule): a row stored before that rule reads as the same roster uploaded today."""
        return employment.by_todays_rule(self.read("roster", at))

    def quarantine(self, at: int | None = None) -> pl.LazyFrame:
        return self.read("quarantine", at)

    def assessments(self, at: int | None = None) -> pl.LazyFrame:
        """Every stored questionnaire answer (ASSESSMENT_SCHEMA)."""
        return self.read("assessments", at)

    def derived_folder(self) -> Path | None:
        """Where frames derived from this store's versions are kept (winloss.store.version_cache): a folder
        beside a local store's tables; None for a store on object storage."""
        return self._folder / "_derived" if self.is_local else None

    def has_opportunities(self) -> bool:
        return self.opportunities().select(pl.len()).collect().item() > 0

    def setting(self, key: str, default: Any = None, at: int | None = None) -> Any:
        """One setting's value as stored at the current (or given) store version (decoded JSON: any
        JSON value), or `default` when it was never saved."""
        settings = self._settings(at)
        return json.loads(settings[key]) if key in settings else default

    def _settings(self, at: int | None = None) -> dict[str, str]:
        """Every setting at the current (or given) store version: key -> its value's JSON text.

        Read once per version of the settings table and kept while the manifest is the one read then
        (`_kept_under`)."""
        manifest = self.manifest()
        versions = self._versions(manifest, at)
        if versions is None:
            return {}
        kept = self._kept_under(manifest)
        read: dict[str, str] | None = kept.get(("rows", "settings", versions["settings"]))
        if read is None:
            rows = self._table_read("settings", versions["settings"], manifest).select("key", "value_json").collect()
            read = {}
            for key, value in rows.iter_rows():
                read.setdefault(key, value)  # the first row of a key, as reading it alone gives
            kept[("rows", "settings", versions["settings"])] = read
        return read

    def column_mappings(self, at: int | None = None) -> dict[str, dict]:
        """The column mappings remembered for the next export of the same layout, as stored: layout
        key (mapping.layout_key) -> a JSON object winloss.ingest.remembered reads; {} until one is."""
        stored = self.setting(COLUMN_MAPPINGS, {}, at=at)
        return dict(stored) if isinstance(stored, dict) else {}

    def no_decision_reasons(self) -> NoDecisionVocabulary:
        """The store's no-decision vocabulary (the default phrases until one is saved), with the loss reasons
        the user keeps lost though a phrase reads them (none until some are saved): pass it on whole, as every
        rule that reads a reason takes both from it (outcomes.folded_vocabulary)."""
        phrases = self.setting("no_decision_reasons", list(DEFAULT_NO_DECISION_REASONS))
        return NoDecisionVocabulary(phrases, self.setting(NO_DECISION_EXCEPTIONS, []))

    def stage_outcomes(self) -> dict[str, str]:
        """The user's stage mappings: stage value as exported -> won, lost, no_decision or open."""
        return dict(self.setting("stage_outcomes", {}))

    def exchange_rates(self, at: int | None = None) -> ExchangeRates:
        """The store's reporting currency and its rates at the current (or given) store version (USD
        and none until someone sets them)."""
        stored = self.setting("exchange_rates", at=at) or {}
        return ExchangeRates(stored.get("reporting_currency") or DEFAULT_REPORTING_CURRENCY, stored.get("rates") or {})

    def fiscal_year_start(self, at: int | None = None) -> int:
        """The month (1-12) the store's fiscal year starts in at the current (or given) store version: 1,
        the calendar's quarters, until one is saved (save_fiscal_year_start).

        Raises StoreError for a stored value that is not a month from 1 to 12 (never written by this
        product): it is not read as January, nor as any other month."""
        stored = self.setting(FISCAL_YEAR_START, 1, at=at)
        if isinstance(stored, bool) or not isinstance(stored, int) or not 1 <= stored <= 12:
            raise StoreError(f"The store's fiscal year start ({json.dumps(stored)}) is not a month from 1 to 12: "
                             "save the month the fiscal year starts in again.")
        return stored

    def live_versions(self, at: int | None = None) -> list[int]:
        """The store versions whose change is in the current state, or in store version `at`'s: a
        rollback to version N puts back every table of ROLLBACK_TABLES as it was at N, so every
        version after N (an upload, a roster edit, a setting, an assessment, a rollback) is undone
        by it, and the rollback itself is in effect."""
        manifest = self.manifest()
        live: dict[int, list[int]] = {0: []}
        for version, action, target in manifest.select("store_version", "action", "rolled_back_to").iter_rows():
            before = live.get(target if action == "rollback" else version - 1, [])
            live[version] = [*before, version]
        return live.get(self.version() if at is None else at, [])

    def same_state_versions(self) -> list[int]:
        """The versions, oldest first, whose state is the current one (the current version among them): the same
        changes in effect, a rollback's own version aside, since it changes nothing of its own. After a rollback
        to version 6 recorded as version 8: [6, 8]. Rolling back to any of them would change nothing."""
        manifest = self.manifest()
        live: dict[int, tuple[int, ...]] = {0: ()}
        for version, action, target in manifest.select("store_version", "action", "rolled_back_to").iter_rows():
            # A rollback's state is its target's: it adds nothing to the changes in effect.
            live[version] = live.get(target, ()) if action == "rollback" else (*live.get(version - 1, ()), version)
        current = live.get(self.version(), ())
        return sorted(v for v, changes in live.items() if changes == current)

    def rollback_targets(self) -> list[int]:
        """The versions a rollback can go back to, newest first (0 is the empty store): every version but
        those whose state is in effect now (same_state_versions), since rolling back to one of them would
        change nothing. The Data page's "Roll back to" list offers these, and Store.rollback refuses any other."""
        same = set(self.same_state_versions())
        return [v for v in range(self.version() - 1, -1, -1) if v not in same]

    def live_uploads(self, at: int | None = None) -> pl.DataFrame:
        """Manifest rows of uploads whose effect is in the current state, or in store version `at`'s
        (not undone by a rollback: live_versions)."""
        return self.manifest().filter(
            pl.col("store_version").is_in(self.live_versions(at)) & pl.col("sha256").is_not_null()
        )

    def already_ingested(self, sha256: str, sheet: str | None = None) -> dict | None:
        """The live manifest row of an earlier ingest of the same bytes (of the same workbook sheet,
        `sheet`) that is still the latest word on what it set, if any (loaded_before: no later version
        replaced it). An upload of them in effect that a newer one replaced since is not "already
        ingested": storing them again puts back what it set."""
        loaded = self.loaded_before(sha256, sheet)
        return loaded.row if loaded is not None and loaded.since is None else None

    def loaded_before(self, sha256: str, sheet: str | None = None, uploads: pl.DataFrame | None = None,
                      keys: Callable[[], pl.LazyFrame] | None = None) -> LoadedBefore | None:
        """The last upload of the same bytes (of the same workbook sheet, `sheet`) whose effect is in the
        store (earlier_upload), and the last version since that set again what it set (replaced_since);
        None when no upload of them is in effect. `uploads`: the live manifest rows (live_uploads), when
        the caller has read them already.

        `keys`: the rows the file stores, by the key of the table its kind sets (SETS: an export's
        `opportunity_id`, a roster's `rep` as the store spells it), read only when a later version wrote that
        table: the upload is then replaced only when a later version changed one of its rows or took one out
        (_rows_replaced), not by one that wrote other rows (another report's export, another sheet of the
        workbook, a roster adding a rep). Without them, any later write of the table replaces it. A
        questionnaire's rows are told by the store, not the file (profiles_set): the reps whose profile it set."""
        row = earlier_upload(self.live_uploads() if uploads is None else uploads, sha256, sheet)
        if row is None:
            return None
        manifest, live = self.manifest(), self.live_versions()
        since = replaced_since(manifest, live, row)
        kind = str(row.get("kind") or "")
        if kind == "assessment":
            keys = lambda: self.profiles_set(row)  # noqa: E731
        if since is not None and keys is not None and kind in SETS:
            since = self._rows_replaced(SETS[kind], row, keys(), since, manifest, live)
        return LoadedBefore(row, since)

    def profiles_set(self, row: MappingOf[str, Any]) -> pl.LazyFrame:
        """Column rep: the reps whose roster row the questionnaire upload of `row` (a manifest row) set, as its version
        left the roster (stamped with its bytes): the reps it profiled, or made Unprofiled again. A rep whose profile
        came from the roster kept it (profile_sources.questionnaire_profiles), so the questionnaire set none of his."""
        return (self.read("roster", at=int(row["store_version"])).filter(pl.col("source_sha256") == row["sha256"])
                .select("rep"))

    def _rows_replaced(self, sets: tuple[str, str], row: dict, keys: pl.LazyFrame, since: dict, manifest: pl.DataFrame,
                       live: Sequence[int]) -> dict | None:
        """Of an upload (`row`, a manifest row) after which a later version wrote the table it sets (`since`,
        replaced_since; `sets`: that table and its key, SETS), the later version that changed its rows (`keys`: their
        key): a merge stamps a row it changes
        with the time it was stored (`updated_at`, before its version's manifest row) and leaves one it does not
        change as it was, so a row of these stamped after the upload's row was changed since; the first live
        version stored at or after the last such stamp is named. `since` when one of them is stored no more (a
        later version took it out). None when every one is as the upload left it: storing it again changes none.
        A version rolled back took its stamps with it (the table is put back as it was). `manifest` and `live`: the
        manifest and its live versions, as loaded_before read them."""
        table, key = sets
        wanted = keys.select(key).unique().collect()
        stored = self.read(table).select(key, "updated_at").join(wanted.lazy(), on=key, how="semi").collect()
        if stored.height < wanted.height:
            return since
        changed = stored.filter(pl.col("updated_at") > row["at"]).get_column("updated_at").max()
        if changed is None:
            return None
        later = manifest.filter(
            (pl.col("store_version") > row["store_version"]) & pl.col("store_version").is_in(list(live))
            & (pl.col("action") != "rollback") & (pl.col("at") >= changed)
        ).sort("store_version")
        return later.row(0, named=True) if later.height else since

    def archived(self, sha256: str) -> bytes | None:
        """The raw bytes of an uploaded file, or None if no upload had them."""
        rows = self.read("archive").filter(pl.col("sha256") == sha256).sort("part").select("content").collect()
        return b"".join(rows.get_column("content").to_list()) if rows.height else None

    def _is_archived(self, sha256: str) -> bool:
        return self.read("archive").filter(pl.col("sha256") == sha256).select(pl.len()).collect().item() > 0

    def history(self) -> pl.DataFrame:
        """The manifest, newest first, with whether each version is still in effect (not undone by a
        rollback, whatever it changed: live_versions), its notes as the app words them now (history_note)."""
        return (
            self.manifest()
            .with_columns(in_effect=pl.col("store_version").is_in(self.live_versions()),
                          note=history_note(pl.col("note"), pl.col("action")))
            .sort("store_version", descending=True)
        )

    # ---- writing -------------------------------------------------------------------------
    def _ensure_tables(self) -> dict[str, int]:
        """Create missing tables empty (store version 0) and undo writes no manifest row names; returns
        each data table's version the write starts from (the newest manifest row's, or the same rows
        after an undo). Remembers the uploads table's version read: the write's row is that + 1.

        On object storage a table ahead of the manifest while another write is under way (its heartbeat
        is fresh) is that write's: StoreError (BUSY), never undone; with none under way it died, and is undone.
        """
        write = _WRITE.get() or _new_write()
        write.base, write.commits, write.tables = {}, {}, {}
        manifest_table = self._table("uploads")
        if manifest_table is None:
            self._create_empty("uploads", MANIFEST_SCHEMA)
            manifest_table = self._table("uploads")
            if manifest_table is None:
                raise StoreError("The store's uploads table disappeared while a change was being stored: nothing was changed.")
        write.read_version = manifest_table.version()
        write.manifest_table, write.manifest = manifest_table, self._manifest_at(manifest_table)
        versions = self._versions(write.manifest) or {}
        unfinished = self._begin_write()
        others: bool | None = None  # whether another write is under way, asked once if needed
        for name in DATA_TABLES:
            # Only a table not at the version the manifest names is opened here: the write opens the others
            # it changes when it changes them (`_written`), and never those it leaves alone.
            start = self._newest_version(name)
            if start is None:
                self._create_empty(name, TABLE_SCHEMAS[name])
                start = self._newest_version(name)
                if start is None:
                    raise StoreError(f"The store's {name} table disappeared while a change was being stored: nothing was changed.")
            recorded = versions.get(name, 0)
            if start != recorded and not _restored_to(self._written(name), recorded):
                # Locally we hold the writer lock, so the writer that left this is gone. On object
                # storage it may be another server's write still under way.
                if not self.is_local:
                    others = self._others_writing(write.token) if others is None else others
                    if others:
                        raise StoreError(BUSY)
                # A write that died before its manifest row: put the table back where readers see it,
                # and delete what it wrote, or every crash would leave its rows (and the raw file it
                # archived, which the retry archives again) on disk for good.
                self._written(name).restore(recorded, commit_properties=write.commit_properties())
                unfinished = True
            if unfinished:
                self._remove_unrecorded_files(name)
            # This write's own commits follow its restore or clean-up, or the version it found (the recorded
            # one, or one that holds the same as it: an undone write's restore). Its row names the recorded one.
            write.base[name] = self._written(name).version() if unfinished else start
            versions[name] = write.base[name] if unfinished else recorded
        return versions

    def _create_empty(self, name: str, schema: MappingOf[str, Any]) -> None:
        """Make a missing table, empty (its version 0); another write making it at the same moment is no error.
        It is not opened here: a write opens only the tables it changes (`_written`)."""
        try:
            # No retry: a retry would make the table twice, its second making a version 1 no row names.
            pl.DataFrame(schema=schema).write_delta(
                self._path(name), storage_options=self.storage_options,
                delta_write_options={**_WRITE_OPTIONS, "commit_properties": CommitProperties(max_commit_retries=0)},
            )
        except DeltaError:
            if self._table(name) is None:
                raise

    def _manifest_at(self, table: DeltaTable) -> pl.DataFrame:
        """The manifest the opened uploads table holds: the one `manifest` read last when that was read at the
        same commit (a commit first asks it whether its file is stored already), else read from the table."""
        key = self._uploads_commit_mark() if self.is_local else table.version()
        read = self._reads.manifest_read
        at = key[0] if isinstance(key, tuple) else key
        if key is not None and at == table.version():
            if read is not None and read[0] == key:
                return read[1]
            manifest = _manifest_of(table)
            self._reads.manifest_read = (key, manifest)
            return manifest
        return _manifest_of(table)

    def _own_version(self, name: str, made: bool = False) -> int:
        """The table's version this write's own commits end at: its base (the version it started from,
        `_ensure_tables`) + the number of them, when they are the only commits after the base; the base
        when it made none. `made`: it made at least one, so finding none is a conflict.

        Raises WriteConflict when another writer's commit lies among them: what this write made is then
        built on rows no manifest row of its own can name.
        """
        write = _WRITE.get() or _new_write()
        since = (write.base or {}).get(name, 0)
        if not write.commits.get(name):  # it asked for none (`_own_commit`): no commit carries its app transaction
            if made:
                raise WriteConflict(name)
            return since
        table = self._written(name)
        table.update_incremental()  # the newest version, whoever committed it
        made_commits = table.transaction_version(write.app_id) or 0
        write.commits[name] = made_commits
        if made_commits == 0:
            if made:
                raise WriteConflict(name)
            return since
        own = since + made_commits
        if table.version() == own:  # the newest version is that one: it holds all of them, as it was just asked
            return own
        try:  # all of them by that version: nothing of another's among them
            at = _Table(self._path(name), version=own, storage_options=self.storage_options)
        except Exception as exc:
            raise WriteConflict(name) from exc
        if at.transaction_version(write.app_id) != made_commits:
            raise WriteConflict(name)
        return own

    def _unfinished_marker(self) -> Path | None:
        """A file beside a local store's tables that exists while a write is under way."""
        return self._folder / "_write_unfinished" if self.is_local else None

    def _begin_write(self) -> bool:
        """Mark a write as under way; True if the last one never finished (it was killed, or failed).

        A write killed while still writing its data files commits nothing, so no table version
        shows it: only this marker says its files are there to delete.
        """
        marker = self._unfinished_marker()
        if marker is None:
            return False
        unfinished = marker.exists()
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
        return unfinished

    def _remove_unrecorded_files(self, name: str) -> list[str]:
        """Delete a table's files that no manifest row's version of it holds; returns their paths.

        Every version the manifest names stays whole, so rollback and reading at any store
        version still work. Locally, under the writer lock, files no commit mentions (a write
        killed before its table commit) go too; on object storage, where another server may be
        writing right now, only the files of undone commits do.
        """
        manifest = self.manifest()
        column = f"{name}_version"
        kept = manifest.get_column(column).drop_nulls().unique().to_list() if column in manifest.columns else []
        write = _WRITE.get() or _new_write()
        return self._written(name).vacuum(
            retention_hours=0, dry_run=False, enforce_retention_duration=False,
            full=self.is_local, keep_versions=[*kept, 0], commit_properties=write.commit_properties(),
        )

    def _commit(self, versions: dict[str, int], **fields) -> int:
        """Append the manifest row that makes the written tables visible; returns the new store version.

        The row is the uploads table's commit at the version `_ensure_tables` read + 1, put only if no
        other write's row took it: raises WriteConflict when one did."""
        write = _WRITE.get()
        if write is None or write.read_version < 0:
            raise AssertionError("_commit follows _ensure_tables")
        table = write.manifest_table
        if table is None or table.version() != write.read_version:
            table = self._table("uploads", version=write.read_version)
        if table is None:
            raise StoreError("The store's uploads table disappeared while a change was being stored: nothing was changed.")
        new_version = write.read_version + 1
        row: dict[str, object] = {name: None for name in MANIFEST_SCHEMA.names()}
        row.update(fields, store_version=new_version, at=now(), user=_recorded(fields.get("user")))
        row.update({f"{t}_version": versions[t] for t in DATA_TABLES})
        frame = pl.DataFrame([row], schema=MANIFEST_SCHEMA)
        try:
            # No retry: a retry would put the row after another write's, built on what that one did not see.
            frame.write_delta(table, mode="append", delta_write_options={
                "schema_mode": "merge", "commit_properties": write.commit_properties(max_commit_retries=0)})
        except CommitFailedError as exc:
            raise WriteConflict("uploads") from exc
        self._keep_manifest(write.manifest, frame, new_version)
        write.read_version, write.manifest_table, write.manifest = -1, None, None  # one row a write
        if (marker := self._unfinished_marker()) is not None:
            marker.unlink(missing_ok=True)
        return new_version

    def _keep_manifest(self, before: pl.DataFrame | None, row: pl.DataFrame, version: int) -> None:
        """Remember the manifest a commit left (`before`, the one it read, and its own `row`) for `manifest`, so
        the reads that follow a commit do not open the uploads table to read back what it wrote. Only when the
        table holds exactly the columns of the row (a store written before a column existed is read again) and
        its newest commit is the row's: the same frame a fresh read gives."""
        if before is None or before.schema != row.schema:
            return
        key = self._uploads_commit_mark() if self.is_local else version
        if key is not None and (key[0] if isinstance(key, tuple) else key) == version:
            self._reads.manifest_read = (key, pl.concat([before, row]))

    def _append(self, name: str, frame: pl.DataFrame) -> int:
        """Append rows; returns the table's version this write's commits end at (`_own_version`)."""
        if not frame.height:
            return self._own_version(name)
        frame.select(TABLE_SCHEMAS[name].names()).cast(TABLE_SCHEMAS[name]).write_delta(
            self._written(name), mode="append", delta_write_options=_evolving(name)
        )
        return self._own_version(name, made=True)

    def _merge(self, name: str, frame: pl.DataFrame, key: str, compare: Iterable[str]) -> tuple[int, Change]:
        """Upsert rows by key; a row identical in every compared field is left as it is."""
        table = self._written(name)
        if name == "roster":
            frame = self._unsaid_kept(self._employment_kept(frame))
            if team_history.EARLIER not in frame.columns:  # a write that did not keep teams itself (_teams_kept)
                frame, _ = self._teams_kept(frame, now())
        frame = frame.select(TABLE_SCHEMAS[name].names()).cast(TABLE_SCHEMAS[name])
        if frame.height == 0:
            return self._own_version(name), Change(0)
        if table.count() == 0:  # a first load needs no merge, and a plain append is several times faster
            frame.write_delta(table, mode="append", delta_write_options=_evolving(name))
            return self._own_version(name, made=True), Change(0, inserted=frame.height)
        present = set(table.schema().to_arrow().names)
        # Rows whose only change is a value given for the first time that reads as the stored null did: written
        # (the store now holds what the roster says) but counted unchanged, since nothing anyone reads changed.
        held = ([key, *(c for c in compare if c in present and c != key)] if name == "roster" else [])
        given = employment.first_given(pl.DataFrame(table.to_pyarrow_table(columns=held)), frame, key, list(compare)) if held else 0
        # A column the table does not have yet (a store written before it) is null there.
        changed = " OR ".join(
            f"(t.`{c}` IS DISTINCT FROM s.`{c}`)" if c in present else f"(s.`{c}` IS NOT NULL)" for c in compare
        )
        metrics = (
            table.merge(frame, f"t.`{key}` = s.`{key}`", source_alias="s", target_alias="t", writer_properties=_WRITER,
                        merge_schema=True, commit_properties=_own_commit(name))
            .when_matched_update_all(predicate=changed)
            .when_not_matched_insert_all()
            .execute()
        )
        inserted = metrics.get("num_target_rows_inserted", 0)
        updated = metrics.get("num_target_rows_updated", 0)
        # A merge that changes nothing commits nothing: the table is then at its base.
        return self._own_version(name, made=False), Change(0, inserted, updated - given,
                                                           frame.height - inserted - updated + given, first_given=given)

    def _remove(self, name: str, keys: Sequence[str], key: str) -> tuple[int, int]:
        """Delete the rows whose `key` is one of `keys`, as one commit of this write (a merge that deletes
        what it matches: ids are file text, never spliced into a predicate). (the table's version this
        write's commits end at, rows deleted)."""
        table = self._written(name)
        frame = pl.DataFrame({key: list(keys)}, schema={key: pl.String})
        metrics = (
            table.merge(frame, f"t.`{key}` = s.`{key}`", source_alias="s", target_alias="t", writer_properties=_WRITER,
                        commit_properties=_own_commit(name))
            .when_matched_delete()
            .execute()
        )
        deleted = int(metrics.get("num_target_rows_deleted", 0))
        return self._own_version(name, made=False), deleted

    def _merge_batches(
        self, name: str, batches: Iterable[pl.DataFrame], rows: int, key: str, compare: Iterable[str]
    ) -> tuple[int, Change]:
        """`_merge` for rows that come a batch at a time: streamed into one table commit, never all in memory."""
        import pyarrow as pa

        table = self._written(name)
        if rows == 0:
            return self._own_version(name), Change(0)
        schema = TABLE_SCHEMAS[name]
        # Polars' own string layout (Arrow string views) goes to the writer as it is: converting a
        # million deals' strings to the older layout cost as much as a fifth of the write.
        arrow_schema = pl.DataFrame(schema=schema).to_arrow(compat_level=_ARROW_AS_POLARS).schema

        def record_batches(frames: Iterable[pl.DataFrame]) -> Iterator[pa.RecordBatch]:
            for frame in frames:
                arrow = frame.select(schema.names()).cast(schema).to_arrow(compat_level=_ARROW_AS_POLARS)
                yield from arrow.cast(arrow_schema).to_batches()

        if table.count() == 0:
            # deltalake holds what it writes in memory until a data file is done, so a first load is
            # appended APPEND_ROWS rows at a time; the versions between are named by no manifest row.
            frames = iter(batches)
            pending = next(frames, None)
            while pending is not None:
                group = [pending]
                held = pending.height
                pending = next(frames, None)
                while pending is not None and held + pending.height <= APPEND_ROWS:
                    group.append(pending)
                    held += pending.height
                    pending = next(frames, None)
                write_deltalake(
                    table, pa.RecordBatchReader.from_batches(arrow_schema, record_batches(group)),
                    mode="append", schema_mode="merge", writer_properties=_WRITER, commit_properties=_own_commit(name),
                )
            return self._own_version(name, made=True), Change(0, inserted=rows)
        reader = pa.RecordBatchReader.from_batches(arrow_schema, record_batches(batches))
        present = set(table.schema().to_arrow().names)
        changed = " OR ".join(
            f"(t.`{c}` IS DISTINCT FROM s.`{c}`)" if c in present else f"(s.`{c}` IS NOT NULL)" for c in compare
        )
        metrics = (
            table.merge(reader, f"t.`{key}` = s.`{key}`", source_alias="s", target_alias="t", writer_properties=_WRITER,
                        merge_schema=True, streamed_exec=True, commit_properties=_own_commit(name))
            .when_matched_update_all(predicate=changed)
            .when_not_matched_insert_all()
            .execute()
        )
        inserted = metrics.get("num_target_rows_inserted", 0)
        updated = metrics.get("num_target_rows_updated", 0)
        # A merge that changes nothing commits nothing: the table is then at its base.
        return self._own_version(name, made=False), Change(0, inserted, updated, rows - inserted - updated)

    @_one_writer
    def commit_file(
        self,
        *,
        kind: str,
        file_name: str,
        sha256: str,
        content: bytes | Path,
        source: str,
        accepted: pl.DataFrame | Iterable[pl.DataFrame],
        quarantine: pl.DataFrame,
        rows_read: int,
        rows_in_part: int = 0,
        user: str | None = None,
        roster_rows: pl.DataFrame | None = None,
        accepted_rows: int | None = None,
        prewritten: data_files.Prewritten | None = None,
        stage_outcomes: MappingOf[str, str] | None = None,
        exported_from: str | None = None,
        column_mapping: tuple[str, MappingOf[str, object] | None] | None = None,
        sheet: str | None = None,
        layout: str | None = None,
        columns: str | None = None,
        confirmed: str | None = None,
        reading: str | None = None,
        checked_at: int | None = None,
        removed: Sequence[str] = (),
        roster_removed: Sequence[str] = (),
        unlisted: Sequence[str] = (),
        keys: Callable[[], pl.LazyFrame] | None = None,
    ) -> Change:
        """Store one validated file: merge its accepted rows, keep its rejects and its bytes, as one version.

        `source` is the preset that mapped the file's columns (or its kind, for a roster or a
        questionnaire); `exported_from` what an opportunity export's headers name it as
        (mapping.exported_from), the source the history shows.

        A roster keeps each rep's profile source where its profile does not change; a roster row
        may carry its own `profile_origin`/`profile_source` (an assessed profile the user kept).
        A questionnaire (kind "assessment") appends its answers, and `roster_rows` (with their
        sources) are the profiles its scoring settles.

        Raises AlreadyIngested when the same bytes are in effect, still the latest word on what they set (no
        later version replaced it: loaded_before, its rows told by `keys`, a frame of their key column (SETS),
        or by `accepted` when it is one frame), and would store nothing new: checked
        here, under the lock, so a double-click or two tabs cannot store one file twice. The same bytes
        are stored again only when they now give more rows (a stage value mapped since, for rows
        quarantined before) or are read otherwise (`reading`: readings.stores_nothing_new).

        `quarantine` holds the rows kept out and the `rows_in_part` rows stored without a value not
        understood (a roster's unknown seller profile), with their reasons: the manifest counts only
        the rows kept out as quarantined, so rows read = rows accepted + rows quarantined.

        A large opportunity file comes as `accepted` batches (an iterable of frames, `accepted_rows`
        rows in all) and its `content` as the path of the file: both are streamed into one table
        commit each, so memory does not grow with the file. `prewritten`: the data files of those
        rows and bytes, written while the file was prepared (same hash); a local store adds them
        as they are where it can (a first load of deals; a raw file not archived yet), so the deals'
        updated_at is then `prewritten.stamp`. Where it cannot, `accepted` and `content` are written.

        `stage_outcomes`: the stage mappings the file was prepared with (as `save_stage_outcomes`
        takes them), kept in the same version when they differ from the store's, so a mapping chosen
        for this file is stored with it or not at all, and a rollback of the file takes it back too.
        None leaves the store's mappings as they are; the Change's `stage_mappings_stored` says
        whether they came in this version. Raises StoreError for an outcome that is not one, before
        anything is written.

        `column_mapping`: (the file's layout key, the column mapping to remember for that layout or
        None to forget the one remembered), kept in the same version when it changes what the store
        remembers (`column_mappings`), so a rollback of the file forgets it too; the Change's
        `column_mapping` says what this version did. None leaves the remembered mappings as they are.

        `sheet`: the workbook sheet read (None for a CSV); `layout`: an export's layout
        (mapping.layout_key), kept in its manifest row to tell its report's later exports (ingest.same_report);
        `columns`: its headers and mapping as JSON (PreparedFile.columns_json), kept beside it.
        `confirmed`: what the user let through although warned of it (store_effects.confirmed_note), added
        to the version's history note. `reading`: the choices it was read with (readings.reading_json), kept
        in its manifest row to tell whether the same bytes read again store anything new.

        `checked_at`: the store version the file's warnings were judged on (closed deals it reopens, open deals
        it lacks, another report's ids...). Raises StoreMovedOn, writing nothing, when another writer stored a
        version since: two uploads at once each checked against the store without the other, and the second
        reopened 213 won deals the same file, uploaded alone, was refused for.

        `removed`: the ids of stored deals an opportunity export marks deleted in the CRM
        (store_effects.deleted_stored_ids), taken out of the deals table in this same version (so a rollback
        of the file brings them back) and counted in its history note ("5 deals deleted in the CRM taken out").
        `unlisted`: the ids of stored deals of an opportunity export's report that the export does not list
        (store_effects.unlisted_deals), which the user chose to take out with it (a report never lists a deal deleted
        in the CRM): taken out of the deals table in this same version, so a rollback brings them back, and counted in
        its history note ("2 deals this report no longer lists taken out").
        `roster_removed`: for a roster, the stored reps (as the roster table spells them) whose misspelt name it
        corrects (corrected_spellings.corrected_spellings, which its report named): taken out of the roster in
        this same version, so a rollback brings them back, and counted in its history note.
        """
        from winloss.store import data_files


        if isinstance(accepted, pl.DataFrame):
            accepted_rows = accepted.height
        assert accepted_rows is not None, "accepted_rows is given with accepted batches"
        mappings = _stage_mappings(stage_outcomes) if stage_outcomes is not None else None
        if keys is None and kind in ROWS_TELL_KEYS and isinstance(accepted, pl.DataFrame):
            frame, key = accepted, SETS[kind][1]
            keys = lambda: frame.lazy().select(key)  # noqa: E731
        loaded = self.loaded_before(sha256, sheet, keys=keys if kind in ROWS_TELL_KEYS else None)
        if loaded is not None and loaded.since is None and stores_nothing_new(loaded.row, accepted_rows, reading):
            raise AlreadyIngested(loaded.row)  # first: the same file stored a moment ago by a double-click
        if checked_at is not None and (current := self.version()) != checked_at:
            raise StoreMovedOn(checked_at, current, (
                f"Another change was stored while this file was being checked (store version {current}; it was "
                f"checked against version {checked_at}): nothing of it was stored. Upload it again to check it "
                "against the store as it is now."))
        versions = self._ensure_tables()
        settings: dict[str, object] = {}
        notes: list[str] = []
        if mappings is not None and mappings != (before := self.stage_outcomes()):
            settings["stage_outcomes"] = mappings
            notes.append(stage_mappings_note(before, mappings))
        remembered = None
        if column_mapping is not None:
            mapped, entry = column_mapping
            known = self.column_mappings()
            kept = {k: v for k, v in known.items() if k != mapped} | ({mapped: dict(entry)} if entry is not None else {})
            if kept != known:
                settings[COLUMN_MAPPINGS] = dict(sorted(kept.items()))
                remembered = "remembered" if entry is not None else "forgotten"
                notes.append(f"column mapping {remembered} for its layout")
        if settings:
            versions["settings"] = self._write_settings(settings)
        if confirmed:
            notes.append(confirmed)
        note = "; ".join(notes) or None
        stamp = now()
        # The raw bytes go to the archive while the rows merge: two writes, two cores.
        pool = ThreadPoolExecutor(max_workers=1)
        if prewritten is not None and (prewritten.sha256 != sha256 or not self.is_local or not prewritten.present()):
            # Another file's; a store they cannot be moved into; or moved in by a commit that failed after.
            prewritten = None
        archiving = pool.submit(copy_context().run, self._archive, sha256, file_name, content, prewritten.archive if prewritten else None)
        # The deals table is opened here only for prewritten files: a roster or a questionnaire leaves it alone.
        if (prewritten is not None and not isinstance(accepted, pl.DataFrame)
                and (deals_table := self._written("opportunities")).count() == 0
                and sum(f.rows for f in prewritten.deals) == accepted_rows and self._takes_files("opportunities", deals_table)):
            # A first load whose deals' data files were written while it was prepared: moved in, one commit.
            data_files.add_files(deals_table, self._local_folder("opportunities"), prewritten.deals, _own_commit("opportunities"))
            versions["opportunities"] = self._own_version("opportunities", made=True)
            change = Change(0, inserted=accepted_rows)
        elif not isinstance(accepted, pl.DataFrame):  # batches of an opportunity file
            versions["opportunities"], change = self._merge_batches(
                "opportunities", (stored_deals(batch, sha256, stamp) for batch in accepted),
                accepted_rows, "opportunity_id", DEALS_COMPARED,
            )
        elif kind == "roster":
            rows = self._with_sources(accepted, "roster", f"roster upload {file_name}, {_day_text(stamp)}")
            rows = rows.with_columns(source_sha256=pl.lit(sha256), updated_at=pl.lit(stamp))
            rows, moves = self._teams_kept(rows, stamp)
            versions["roster"], change = self._merge("roster", rows, "rep", _ROSTER_COMPARED)
            corrected = None
            if roster_removed:
                versions["roster"], taken = self._remove("roster", roster_removed, "rep")
                corrected = corrected_note(taken) if taken else None
            given = f"{change.first_given:,} {employment.FIRST_GIVEN_WORDS}" if change.first_given else None
            # Before the moves note, which History without names cuts from where it starts (moves_note_named_by_none).
            note = "; ".join(n for n in (note, corrected, team_history.moves_note(moves), given) if n) or None
        elif kind == "assessment":
            rows = accepted.with_columns(source_sha256=pl.lit(sha256), updated_at=pl.lit(stamp))
            if loaded is not None and loaded.since is not None and stores_nothing_new(loaded.row, accepted_rows, reading):
                # Stored again, read as it was, after a later version replaced the profiles it set: its answers, in
                # effect, are kept once (appended again they would be counted twice); `roster_rows` put its profiles back.
                versions["assessments"] = self._own_version("assessments")
                change = Change(0, unchanged=rows.height)
            else:
                versions["assessments"] = self._append("assessments", rows)
                change = Change(0, inserted=rows.height)
            if roster_rows is not None and roster_rows.height:
                versions["roster"], _ = self._merge(
                    "roster", roster_rows.with_columns(source_sha256=pl.lit(sha256), updated_at=pl.lit(stamp)),
                    "rep", _ROSTER_COMPARED,
                )
        else:
            rows = stored_deals(accepted, sha256, stamp)
            versions["opportunities"], change = self._merge(
                "opportunities", rows, "opportunity_id", DEALS_COMPARED
            )
        taken = 0
        if removed and kind == "opportunities":
            versions["opportunities"], taken = self._remove("opportunities", removed, "opportunity_id")
            if taken:
                note = "; ".join(n for n in (note, f"{taken:,} {'deal' if taken == 1 else 'deals'} deleted in the CRM taken out") if n)
        unlisted_taken = 0
        if unlisted and kind == "opportunities":
            versions["opportunities"], unlisted_taken = self._remove("opportunities", unlisted, "opportunity_id")
            if unlisted_taken:
                said = f"{unlisted_taken:,} {'deal' if unlisted_taken == 1 else 'deals'} {UNLISTED} taken out"
                note = "; ".join(n for n in (note, said) if n)
        versions["quarantine"] = self._append("quarantine", quarantine.with_columns(source_sha256=pl.lit(sha256), file_name=pl.lit(file_name)))
        versions["archive"] = archiving.result()
        pool.shutdown()
        version = self._commit(
            versions,
            action="ingest",
            kind=kind,
            file_name=file_name,
            sha256=sha256,
            source=source,
            exported_from=exported_from,
            sheet=sheet,
            layout=layout,
            columns=columns,
            reading=reading,
            rows_read=rows_read,
            rows_accepted=accepted_rows,
            rows_quarantined=quarantine.height - rows_in_part,
            inserted=change.inserted,
            updated=change.updated,
            unchanged=change.unchanged,
            user=user,
            note=note,
        )
        return Change(
            version, change.inserted, change.updated, change.unchanged, change.first_given,
            stage_mappings_stored="stage_outcomes" in settings, column_mapping=remembered, taken_out=taken,
            unlisted_taken_out=unlisted_taken,
        )

    def _archive(
        self, sha256: str, file_name: str, content: bytes | Path, prewritten: list[data_files.DataFile] | None = None
    ) -> int:
        """Keep an upload's raw bytes (once per content); returns the archive table's version.

        A file on disk (`content` a Path) is streamed in parts, never read whole: ARCHIVE_FILE_PARTS
        parts (64 MB) in memory at a time. `prewritten`: its data files, already written
        (data_files.archive_files) while the file was prepared; only a local store takes them.
        """
        from winloss.store import data_files

        if self._is_archived(sha256):
            for file in prewritten or []:
                file.path.unlink(missing_ok=True)
            return self._own_version("archive")
        table = self._written("archive")
        if self._takes_files("archive", table):
            # pyarrow writes the parts' Parquet files from the file's bytes and one commit adds them
            # (winloss.store.data_files): deltalake's writer spent more CPU copying and re-encoding them.
            root = self._local_folder("archive")
            files = prewritten if prewritten is not None else data_files.archive_files(content, sha256, file_name, root)
            data_files.add_files(table, root, files, _own_commit("archive"))
            return self._own_version("archive", made=bool(files))
        # Object storage, or an archive table of another shape: deltalake's writer. It holds a whole
        # data file in memory while writing it, so a large file is appended a group of parts at a
        # time: each append is a table version no manifest row names until the upload's own, so
        # readers never see a half-kept file.
        for first, group in _archive_groups(content):
            frame = pl.DataFrame(
                {"sha256": sha256, "file_name": file_name, "part": range(first, first + len(group)), "content": group},
                schema=ARCHIVE_SCHEMA,
            )
            self._append("archive", frame)
        return self._own_version("archive", made=True)

    def _local_folder(self, name: str) -> Path:
        return local_folder(self._path(name))

    def _takes_files(self, name: str, table: DeltaTable) -> bool:
        """Whether data files written outside deltalake (winloss.store.data_files) can be added to
        this table: a local store's, with every column of TABLE_SCHEMAS[name] as its files have them."""
        from winloss.store import data_files

        if not self.is_local:
            return False
        have = [(f.name, f.type) for f in data_files.arrow_schema(table)]
        return have == [(f.name, f.type) for f in _delta_arrow_schema(name)]

    @_one_writer
    def save_roster_rows(self, rows: pl.DataFrame, user: str | None = None, note: str = "roster edited in the app") -> Change:
        """Merge edited roster rows (canonical roster columns) as one version."""
        versions = self._ensure_tables()
        stamp = now()
        who = _recorded(user)
        stamped = self._with_sources(rows, "roster", f"roster edited in the app{f' by {who}' if who else ''}, {_day_text(stamp)}")
        stamped = stamped.with_columns(source_sha256=pl.lit(None, pl.String), updated_at=pl.lit(stamp))
        stamped, moves = self._teams_kept(stamped, stamp)
        versions["roster"], change = self._merge("roster", stamped, "rep", _ROSTER_COMPARED)
        version = self._commit(
            versions, action="roster_edit", kind="roster", rows_accepted=rows.height,
            inserted=change.inserted, updated=change.updated, unchanged=change.unchanged, user=user,
            note="; ".join(n for n in (note, team_history.moves_note(moves, edited=True)) if n),
        )
        return Change(version, change.inserted, change.updated, change.unchanged)

    def _save_setting(self, key: str, value: object, note: str, user: str | None) -> Change:
        """Replace one setting, keeping every other, as one version (the caller holds the writer lock)."""
        versions = self._ensure_tables()
        versions["settings"] = self._write_setting(key, value)
        return Change(self._commit(versions, action="settings", note=note, user=user))

    def _write_setting(self, key: str, value: object) -> int:
        """Write the settings table with one setting replaced and every other kept; returns its table
        version, which no reader sees until a manifest row names it (the caller holds the writer lock)."""
        return self._write_settings({key: value})

    def _write_settings(self, values: MappingOf[str, object]) -> int:
        """`_write_setting` for several settings at once, in one table version: a second write would
        start again from the version readers see, without the first."""
        unknown = sorted(set(values) - set(SETTING_WORDS))
        if unknown:  # a new setting is named in SETTING_WORDS, so the rollback sentence says it goes back
            raise ValueError(f"Settings not in SETTING_WORDS: {', '.join(unknown)}")
        others = self.read("settings").filter(~pl.col("key").is_in(list(values))).collect()
        written = pl.DataFrame({"key": list(values), "value_json": [json.dumps(v) for v in values.values()]}, schema=SETTINGS_SCHEMA)
        frame = pl.concat([others, written])
        frame.write_delta(self._written("settings"), mode="overwrite", delta_write_options={"commit_properties": _own_commit("settings")})
        return self._own_version("settings", made=True)

    def _teams_kept(self, rows: pl.DataFrame, stamp: dt.datetime) -> tuple[pl.DataFrame, list[team_history.Move]]:
        """Roster rows with the earlier team of each rep they move to another (team_history.kept_teams: ended on
        the row's team-start day, else on the day of `stamp`), and those moves."""
        return team_history.kept_teams(self.roster().collect(), rows, stamp.date())

    def _employment_kept(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Roster rows that do not say whether their rep left (an edit on the Data page, an assessed profile, a
        roster without a Status or End date column) with what the store holds for it: they never bring a rep
        who left back, nor mark one as left."""
        missing = [c for c in (*employment.STORED, employment.READ_ON) if c not in rows.columns]
        if not missing:
            return rows
        held = self.roster().select("rep", *missing).collect().unique("rep", keep="first")
        return rows.join(held, on="rep", how="left", maintain_order="left")

    def _unsaid_kept(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Roster rows without a column of KEPT_WHEN_UNSAID (a write that does not say: rows a caller built without
        it) with what the store holds in it for each rep: a deal owner written as the rep's email stays the rep's
        (identity.owners_by_email), and a coach stays the rep's coach. Rows with the column, null included, say it
        themselves."""
        missing = [c for c in KEPT_WHEN_UNSAID if c not in rows.columns]
        if not missing:
            return rows
        held = self.roster().select("rep", *missing).collect().unique("rep", keep="first")
        return rows.join(held, on="rep", how="left", maintain_order="left")

    def _with_sources(self, rows: pl.DataFrame, origin: str, source: str) -> pl.DataFrame:
        """Roster rows with where their profile came from.

        A rep whose profile this write leaves as it is keeps its stored source (a new team does not
        make an assessed profile a roster one); rows that bring their own source keep it.
        """
        if "profile_origin" not in rows.columns:
            rows = rows.with_columns(profile_origin=pl.lit(None, pl.String), profile_source=pl.lit(None, pl.String))
        current = self.roster().collect()
        if "profile_origin" not in current.columns:  # a roster stored before profiles had sources
            current = current.with_columns(profile_origin=pl.lit(None, pl.String), profile_source=pl.lit(None, pl.String))
        stored = current.select(
            "rep", pl.col("seller_profile").alias("_was"), pl.col("profile_origin").alias("_origin"),
            pl.col("profile_source").alias("_source"),
        )
        joined = rows.join(stored, on="rep", how="left")
        kept = pl.col("_was").is_not_null() & (pl.col("_was") == pl.col("seller_profile"))
        own = pl.col("profile_origin").is_not_null()
        return joined.with_columns(
            profile_origin=pl.when(own).then("profile_origin").when(kept).then("_origin").otherwise(pl.lit(origin)),
            profile_source=pl.when(own).then("profile_source").when(kept).then("_source").otherwise(pl.lit(source)),
        ).drop("_was", "_origin", "_source")

    @_one_writer
    def save_assessment(
        self, answers: pl.DataFrame, roster_rows: pl.DataFrame | None, user: str | None = None, note: str | None = None
    ) -> Change:
        """Store questionnaire answers (rep, rater, date, statement, score) typed in the app, and the
        roster rows (canonical roster columns with profile_origin, profile_source) their scoring
        settles, as one version. `roster_rows` None or empty: the answers only (a mixed result)."""
        versions = self._ensure_tables()
        stamp = now()
        rows = answers.with_columns(source_sha256=pl.lit(None, pl.String), updated_at=pl.lit(stamp))
        versions["assessments"] = self._append("assessments", rows)
        if roster_rows is not None and roster_rows.height:
            stamped = roster_rows.with_columns(source_sha256=pl.lit(None, pl.String), updated_at=pl.lit(stamp))
            versions["roster"], _ = self._merge("roster", stamped, "rep", _ROSTER_COMPARED)
        version = self._commit(
            versions, action="assessment", kind="assessment", rows_accepted=answers.height,
            inserted=answers.height, user=user, note=note,
        )
        return Change(version, inserted=answers.height)

    @_one_writer
    def save_no_decision_reasons(
        self, reasons: Iterable[str], user: str | None = None, excepted: Iterable[str] | None = None
    ) -> Change:
        """Replace the no-decision vocabulary's phrases (`reasons`) as one version, and, given `excepted`, the
        loss reasons as the deals write them counted as lost though a phrase reads them (None: kept as stored;
        empty: none, every reason a phrase reads is no decision again). Blank ones are dropped, each kept once."""
        cleaned = sorted({r.strip() for r in reasons if r and r.strip()}, key=str.lower)
        note = plural(len(cleaned), "no-decision reason")
        if excepted is None:
            return self._save_setting("no_decision_reasons", cleaned, note, user)
        kept = sorted({r.strip() for r in excepted if r and r.strip()}, key=str.lower)
        if kept or self.no_decision_reasons().excepted:  # said whenever they change: a reason ticked again is one
            note += f", {plural(len(kept), 'loss reason')} kept lost"
        versions = self._ensure_tables()
        versions["settings"] = self._write_settings({"no_decision_reasons": cleaned, NO_DECISION_EXCEPTIONS: kept})
        return Change(self._commit(versions, action="settings", note=note, user=user))

    @_one_writer
    def save_stage_outcomes(self, stage_outcomes: MappingOf[str, str], user: str | None = None) -> Change:
        """Replace the stage mappings (stage value -> won, lost, no_decision or open) as one version.

        Raises StoreError for an outcome that is not one of those four.
        """
        ordered = _stage_mappings(stage_outcomes)
        # The note names what this version changed, as an upload's does: "2 stage mappings" (all of them) beside
        # a confirmation of one mapping saved read as if two had been.
        return self._save_setting("stage_outcomes", ordered, stage_mappings_words(self.stage_outcomes(), ordered), user)

    @_one_writer
    def save_exchange_rates(self, rates: ExchangeRates, user: str | None = None) -> Change:
        """Replace the reporting currency and its exchange rates as one version.

        Stored deals keep their amounts as exported; every page converts at read time, so new
        rates apply to every deal at once.
        """
        value = {"reporting_currency": rates.reporting_currency, "rates": dict(sorted(rates.rates.items()))}
        # "1 exchange rate: CAD", "2 exchange rates: EUR, GBP": counted by the plural rule, each named.
        codes = sorted(rates.rates)
        note = (f"reporting currency {rates.reporting_currency}, {plural(len(codes), 'exchange rate')}"
                + (f": {', '.join(codes)}" if codes else ""))
        return self._save_setting("exchange_rates", value, note, user)

    @_one_writer
    def save_fiscal_year_start(self, month: int, user: str | None = None) -> Change:
        """Make `month` (1-12) the month the store's fiscal year starts in, as one version: every page and
        command then counts quarters from it unless a link (fy=) or a command (--fy-start) says otherwise.

        Raises StoreError, storing nothing, for a month outside 1-12."""
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise StoreError(f"'{month}' is not a month: the fiscal year starts in a month from 1 (January) to 12 (December).")
        return self._save_setting(FISCAL_YEAR_START, month, f"fiscal year starts in {calendar.month_name[month]}", user)

    @_one_writer
    def rollback(self, version: int, user: str | None = None, chosen_at: int | None = None) -> Change:
        """Make the store as it was at `version` again, as a new version (nothing is deleted).

        `chosen_at`: the store version the user chose the rollback on (the History they saw). Raises
        StoreMovedOn, writing nothing, when another version was stored since: the rollback would undo a
        change its user never saw."""
        current = self.version()
        if chosen_at is not None and current != chosen_at:
            raise StoreMovedOn(chosen_at, current, (
                f"Another change was stored after you chose this rollback (store version {current}; you chose it "
                f"at version {chosen_at}): nothing was rolled back. Look at the History and choose again."))
        if not 0 <= version <= current:
            raise StoreError(f"There is no store version {version}: choose one from 0 to {current} (see the history).")
        same = self.same_state_versions()
        if version in same:  # the current version among them: a rollback to it would be a version that changes nothing
            raise NothingToRollBack(self._same_state_refusal(version, current, same))
        manifest = self.manifest()
        undone = tuple(sorted((v for v in self.live_versions() if v > version), reverse=True))
        target = self._versions(manifest, at=version) or {t: 0 for t in DATA_TABLES}
        versions = self._ensure_tables()  # raw files stay archived: the audit trail outlives a rollback
        for name in ROLLBACK_TABLES:
            table = self._written(name)
            if versions[name] != target[name]:
                table.restore(target[name], commit_properties=_own_commit(name))
                versions[name] = self._own_version(name, made=True)
            else:
                versions[name] = target[name]
        return Change(self._commit(versions, action="rollback", rolled_back_to=version, user=user, note=f"rolled back to version {version}"),
                      undone=undone)


    def _same_state_refusal(self, target: int, current: int, same: Sequence[int]) -> str:
        """same_state_sentence for a rollback to `target`, a version of `same` (same_state_versions)."""
        rows = self.manifest().filter(pl.col("store_version") == current)
        current_target = rows.item(0, "rolled_back_to") if rows.height and rows.item(0, "action") == "rollback" else None
        return same_state_sentence(target, current, current_target, same, self.rollback_targets())


@dataclass(frozen=True)
class LoadedBefore:
    """An earlier upload of a file's bytes whose effect is in the store (Store.loaded_before): its manifest row
    (`row`), and the manifest row of a live version after it that changed what it set (`since`:
    replaced_since, _rows_replaced: a later roster or roster edit that changed one of a roster's reps, a later
    upload that changed one of an export's deals), None when it is still the latest word. Only with `since` None does storing the same bytes
    again change nothing (Store.already_ingested)."""

    row: dict
    since: dict | None


# The kinds of upload (the manifest's `kind`) whose rows a later write may set again: the table each sets them in and
# their key there (Store._rows_replaced). An export's deals; a roster's reps and profiles; a questionnaire's reps'
# profiles, which it sets in the roster (a roster or an edit after it may set them again). A questionnaire's answers
# are appended, which no later version replaces: its profiles alone tell whether it was replaced.
SETS: dict[str, tuple[str, str]] = {
    "opportunities": ("opportunities", "opportunity_id"), "roster": ("roster", "rep"), "assessment": ("roster", "rep"),
}
# The kinds whose file's own rows are the rows they set (its deal ids, its reps): a questionnaire's answers are not
# the profiles it set, which the store tells (Store.profiles_set).
ROWS_TELL_KEYS: Final = ("opportunities", "roster")


def replaced_since(manifest: pl.DataFrame, live: Sequence[int], row: MappingOf[str, Any]) -> dict | None:
    """The manifest row of the last version after the upload of `row` (a manifest row) whose change is in effect
    (`live`: Store.live_versions) and that wrote the table the upload set (its kind's, SETS): a newer
    roster, a roster edited or a questionnaire after a roster or a questionnaire; any later write of the deals after
    an export (another export, deals taken out). None when none did: the upload is still the latest word on what it set, and the same
    bytes stored again change nothing. A version wrote a table when the table's version it names differs from
    the version before it's (each write starts from the newest manifest row's); a rollback writes nothing of
    its own (it puts back an earlier state), so it replaces nothing, and the uploads it undid are not live."""
    kind = str(row.get("kind") or "")
    if kind not in SETS or manifest.height == 0:
        return None
    table = SETS[kind][0]
    ordered = manifest.sort("store_version")
    wrote = pl.col(f"{table}_version").ne_missing(pl.col(f"{table}_version").shift(1))
    later = ordered.filter(
        wrote & (pl.col("store_version") > row["store_version"]) & pl.col("store_version").is_in(list(live))
        & (pl.col("action") != "rollback")
    )
    return later.row(-1, named=True) if later.height else None


def earlier_upload(uploads: pl.DataFrame, sha256: str, sheet: str | None = None) -> dict | None:
    """The last of `uploads` (manifest rows) of the same bytes, read from the same workbook sheet:
    another sheet of one workbook is another table. A row written before the sheet was kept (blank)
    and a CSV (no `sheet`) match any."""
    same = pl.col("sha256") == sha256
    if sheet is not None:
        same = same & (pl.col("sheet").is_null() | (pl.col("sheet") == sheet))
    rows = uploads.filter(same)
    return rows.row(-1, named=True) if rows.height else None


def stage_mappings_note(before: MappingOf[str, str], after: MappingOf[str, str]) -> str:
    """A file's manifest note for the stage mappings stored with it: "with " and stage_mappings_words
    ("with 1 stage mapping added (3 in effect)"); a count of all of them read as if the file had brought them all."""
    return f"with {stage_mappings_words(before, after)}"


def stage_mappings_words(before: MappingOf[str, str], after: MappingOf[str, str]) -> str:
    """What replacing the stage mappings `before` with `after` changed, as a version's note says it, an upload's
    (stage_mappings_note) and a version of the mappings alone (Store.save_stage_outcomes) by this one rule:
    "2 stage mappings" when there were none before, else what was added, changed and removed and how many are
    in effect: "1 stage mapping changed (2 in effect)", "1 stage mapping added, 1 removed (1 in effect)";
    "no stage mapping changed (2 in effect)" when they are the same."""
    if not before:
        return plural(len(after), "stage mapping")
    added = sum(1 for k in after if k not in before)
    changed = sum(1 for k in after if k in before and before[k] != after[k])
    removed = sum(1 for k in before if k not in after)
    parts = [f"{n} {word}" for n, word in ((added, "added"), (changed, "changed"), (removed, "removed")) if n]
    if not parts:
        return f"no stage mapping changed ({len(after)} in effect)"
    first = parts[0].split(" ", 1)
    parts[0] = f"{plural(int(first[0]), 'stage mapping')} {first[1]}"
    return f"{', '.join(parts)} ({len(after)} in effect)"


def _stage_mappings(stage_outcomes: MappingOf[str, str]) -> dict[str, str]:
    """Stage mappings as the store keeps them: values trimmed, blank ones dropped, in alphabetical
    order. Raises StoreError for an outcome that is not won, lost, no_decision or open."""
    cleaned = {str(k).strip(): v for k, v in stage_outcomes.items() if str(k).strip()}
    wrong = [v for v in cleaned.values() if v not in OUTCOMES]
    if wrong:
        raise StoreError(f"'{wrong[0]}' is not an outcome: map each stage to one of {', '.join(OUTCOMES)}.")
    return dict(sorted(cleaned.items(), key=lambda kv: kv[0].lower()))


def stored_deals(frame: pl.DataFrame, sha256: str, stamp: dt.datetime) -> pl.DataFrame:
    """Accepted deal rows (the pipeline's, `__line` and the canonical fields) as the deals table
    stores them: the line as `source_line`, the file's hash and the time they were stored; rows
    made without a status or closing outcome (no such columns: `status_outcome`, `closing_outcome`) have it blank."""
    return _stored_deals(frame, sha256, stamp).collect()


def stored_deal_frame(frame: pl.DataFrame, sha256: str, stamp: dt.datetime) -> pl.DataFrame:
    """`stored_deals` in the deals table's column order and types, as a data file holds them."""
    schema = TABLE_SCHEMAS["opportunities"]
    return _stored_deals(frame, sha256, stamp).select(schema.names()).cast(schema).collect()


def _stored_deals(frame: pl.DataFrame, sha256: str, stamp: dt.datetime) -> pl.LazyFrame:
    """`stored_deals` as one query: it runs for each batch of a file staged, where each step run
    eagerly was a query of its own."""
    blank = [pl.lit(None, pl.String).alias(c) for c in ("status_outcome", "closing_outcome") if c not in frame.columns]
    return frame.lazy().with_columns(blank).rename({"__line": "source_line"}).with_columns(
        source_sha256=pl.lit(sha256), updated_at=pl.lit(stamp))


def deal_file(frame: pl.DataFrame, sha256: str, stamp: dt.datetime, folder: Path) -> data_files.DataFile:
    """A data file of the deals table holding these accepted rows, written in `folder` for a later
    `commit_file(prewritten=)`, with the statistics deltalake's writer would record."""
    from winloss.store import data_files

    # One file's deals have one id each, and one line each.
    return data_files.frame_file(
        stored_deal_frame(frame, sha256, stamp), folder, _DEAL_STATISTICS, unique=("opportunity_id", "source_line")
    )


@functools.cache
def _delta_arrow_schema(name: str) -> pa.Schema:
    """A table's columns as a Delta table made from TABLE_SCHEMAS[name] holds them."""
    import pyarrow as pa
    from deltalake import Schema as DeltaSchema

    return pa.schema(DeltaSchema.from_arrow(pl.DataFrame(schema=TABLE_SCHEMAS[name]).to_arrow().schema).to_arrow())


def _archive_groups(content: bytes | Path) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first part, the parts) of a raw file cut in ARCHIVE_PART_BYTES parts, at most
    ARCHIVE_FILE_PARTS parts a group; an empty file is one empty part. A Path is read a group at
    a time, never whole."""
    from winloss.store import data_files

    if isinstance(content, bytes):
        parts = [content[i : i + data_files.ARCHIVE_PART_BYTES] for i in range(0, max(len(content), 1), data_files.ARCHIVE_PART_BYTES)]
        for first in range(0, len(parts), data_files.ARCHIVE_FILE_PARTS):
            yield first, parts[first : first + data_files.ARCHIVE_FILE_PARTS]
        return
    with content.open("rb") as f:
        first = 0
        while True:
            group = [f.read(data_files.ARCHIVE_PART_BYTES) for _ in range(data_files.ARCHIVE_FILE_PARTS)]
            group = [b for b in group if b] or ([b""] if first == 0 else [])
            if not group:
                return
            yield first, group
            first += len(group)


def _day_text(stamp: dt.datetime) -> str:
    """'3 Mar 2026', as a profile's source names its day."""
    return f"{stamp.day} {stamp:%b %Y}"


def _user() -> str:
    """Who made a change when the caller does not say: $WINLOSS_USER, else the OS account running the command."""
    return local_user()


def _recorded(user: str | None) -> str | None:
    """The name a change is recorded under: `user` as the caller gives it; `_user()` when it gives none
    (None: the command line); none at all for access.NOBODY (""), the app without sign-in or
    $WINLOSS_USER, whose OS account ("root") would name nobody a reader of the history knows."""
    if user is None:
        return _user()
    return user or None


def _dates_in_window() -> pl.Expr:
    """True for a deal whose created and close dates are blank or inside the accepted window."""
    first, last = date_window()
    return pl.all_horizontal(pl.col(c).is_null() | pl.col(c).is_between(first, last) for c in ("created_date", "close_date"))
