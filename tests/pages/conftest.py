"""Fixtures the page tests share."""

from __future__ import annotations

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
