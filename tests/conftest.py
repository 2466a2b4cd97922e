"""Fixtures the page tests share: one sample store per session, and captured downloads."""

from pathlib import Path

import pytest
from streamlit.runtime import media_file_storage  # noqa: F401  (imported for the media module below)
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from winloss.deals import load_sample
from winloss.store import Store


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The bundled sample ingested once for the whole session (10,000 deals take a few seconds)."""
    path = tmp_path_factory.mktemp("sample") / "store"
    load_sample(Store(path))
    return path


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What each download button would send, by file name and by URL (AppTest keeps media in memory)."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        captured[self.get_url(file_id)] = path_or_data
        captured[filename or file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    return captured
