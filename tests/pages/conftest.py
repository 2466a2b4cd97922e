"""Fixtures the page tests share."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from winloss.store.delta import Store


@pytest.fixture
def store(tmp_path, monkeypatch, sample_store) -> Store:
    """An empty customer store the pages measure and write, with the sample beside it (built once per
    session) and a signed-in user for what an upload records."""
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    monkeypatch.setenv("WINLOSS_USER", "tester")
    return Store(tmp_path / "store")


@pytest.fixture(scope="module")
def _filled_stores(tmp_path_factory) -> dict[tuple, tuple[Path, Any]]:
    """The stores `filled` made in this module: (fill, its arguments) -> (the folder, what fill returned)."""
    return {}


@pytest.fixture
def filled(_filled_stores, tmp_path_factory) -> Callable[..., Any]:
    """`filled(fill, *args)`: the test's empty store (WINLOSS_STORE, as the `store` fixture sets it:
    request that first) as `fill(store, *args)` leaves it, and what that returned. `fill` writes a store
    of an empty one (commits files, saves settings) and reads nothing of the test's; it runs once per
    module for the same arguments, into a folder of its own, and each test is given a copy of that
    folder (its tables, archived files and derived frames): the tests stay independent and do not each
    prepare and commit the same files again."""

    def fill_once(fill: Callable[..., Any], *args: Any) -> Any:
        key = (fill.__module__, fill.__qualname__, *args)
        if key not in _filled_stores:
            folder = tmp_path_factory.mktemp("filled") / "store"
            _filled_stores[key] = folder, fill(Store(folder), *args)
        folder, returned = _filled_stores[key]
        shutil.copytree(folder, os.environ["WINLOSS_STORE"], dirs_exist_ok=True)
        return returned

    return fill_once


@pytest.fixture(scope="module")
def seen(sample) -> Callable[..., Any]:
    """`seen(page, **query)`: `app_driver.opened(page, **query)` on the sample, run once for the module and
    shared by the tests that only read what that page shows with that link: none of them clicks, types,
    reruns it or patches the product first (those open a page of their own)."""
    from app_driver import opened

    runs: dict[tuple, Any] = {}

    def run_once(page: str, **query: str) -> Any:
        # The stores it reads are part of the key: a test of its own store never reads the sample's run.
        key = (page, repr(sorted(query.items())), os.environ.get("WINLOSS_STORE"), os.environ.get("WINLOSS_SAMPLE_STORE"))
        if key not in runs:
            runs[key] = opened(page, **query)
        return runs[key]

    return run_once
