"""Stores the anonymising tests build: Salesforce-style exports of named people's deals, committed, with the
app pointed at them (tests/test_anonymise_spellings.py, tests/test_anonymise_accounts.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

EXPORT_HEADER = '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Created Date","Close Date","Opportunity ID"\n'


def export(rows: Iterable[tuple[str, str, str, str, date, date, str]]) -> bytes:
    """A Salesforce-style export of (rep, account, deal name, stage, created, close, id) rows, each USD 50,000."""
    lines = [f'"{rep}","{account}","{name}","{stage}","USD 50,000.00","{created:%m/%d/%Y}","{close:%m/%d/%Y}","{id_}"\n'
             for rep, account, name, stage, created, close, id_ in rows]
    return (EXPORT_HEADER + "".join(lines)).encode()


@contextmanager
def app_store(path: Path, sample_store: Path, files: Iterable[tuple[str, bytes]]) -> Iterator[Store]:
    """A store at `path` with each (file name, bytes) committed in order by "tester", and the app's
    store, sample store and user set to it while the context lasts."""
    store = Store(path)
    for name, content in files:
        commit(store, prepare(content, name), user="tester")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(path))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        patch.setenv("WINLOSS_USER", "tester")
        yield store
