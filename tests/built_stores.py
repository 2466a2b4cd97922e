"""A local store holding files committed one after another, as tests build one: each sequence of files is
prepared and committed once per test process, and every test that asks for it again gets a copy of its own.

The tests of a rep's teams (test_team_moves, test_team_periods) and of reps who left built the same two or three
files into a new store in each test, 3 to 4 commits of about 0.1 s of CPU each, for stores no test tells apart:
a test writes only to its own copy. A sequence that begins with one built before is built on a copy of that one,
so only its last files are committed again."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

# The user the files were committed as, then (sha256 of each file's text, its name) of every file, in order -> the
# folder of the store built from them.
_BUILT: dict[tuple[str | None, tuple[tuple[str, str], ...]], Path] = {}
_ROOT: list[Path] = []  # where the built stores are kept, made on the first build


def _key(files: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((hashlib.sha256(content.encode()).hexdigest(), name) for content, name in files)


def _built(files: Sequence[tuple[str, str]], user: str | None) -> Path:
    """The folder of the store built from `files` (text, file name) committed as `user`, built now if it was not:
    on a copy of the longest sequence of its first files built before, committing the rest one at a time. Each
    file must be read whole, none of its rows quarantined (AssertionError otherwise, naming the file)."""
    key = _key(files)
    if (user, key) in _BUILT:
        return _BUILT[user, key]
    if not _ROOT:
        _ROOT.append(Path(tempfile.mkdtemp(prefix="built-stores-")))
        atexit.register(shutil.rmtree, _ROOT[0], ignore_errors=True)
    start = max((n for n in range(len(files)) if (user, key[:n]) in _BUILT), default=0)
    folder = _ROOT[0] / f"store-{len(_BUILT)}"
    if start:
        _copy(_BUILT[user, key[:start]], folder)
    store = Store(folder)
    for content, name in files[start:]:
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, (name, prepared.rejected)
        commit(store, prepared, user=user)
    _BUILT[user, key] = folder
    return folder


def _copy(source: Path, target: Path) -> None:
    """The store at `source` copied to `target` (which must not exist), without the frames derived from its
    versions (`_derived`, winloss.store.version_cache): the copy's first reads make their own, as a new store's do."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_derived"))


def committed(folder: Path, *files: tuple[str, str], user: str | None = None) -> Store:
    """A store at `folder` (which must not exist) holding `files` (text, file name), each prepared and committed
    in turn as `user` (commit's), one store version each: a copy of the store built from them once in this
    process. No files: a new store at `folder`."""
    if files:
        _copy(_built(files, user), folder)
    return Store(folder)


__all__ = ["committed"]
