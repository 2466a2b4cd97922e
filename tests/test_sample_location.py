"""Where the bundled sample's store is written: never under the folder the app was started from."""

from pathlib import Path

import pytest

from winloss.deals import active_store, sample_uri
from winloss.store.delta import Store


@pytest.fixture
def no_sample_setting(monkeypatch, tmp_path) -> Path:
    monkeypatch.delenv("WINLOSS_SAMPLE_STORE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_setting_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(tmp_path / "elsewhere"))
    assert sample_uri(str(tmp_path / "store")) == str(tmp_path / "elsewhere")


def test_beside_a_local_store(no_sample_setting, tmp_path):
    assert sample_uri(str(tmp_path / "team" / "store")) == str(tmp_path / "team" / "sample_store")
    assert sample_uri(f"file://{tmp_path}/team/store") == str(tmp_path / "team" / "sample_store")
    assert sample_uri("data/store") == str(Path("data") / "sample_store")


def test_object_storage_uses_the_users_cache_folder(no_sample_setting):
    assert sample_uri("s3://bucket/winloss") == str(no_sample_setting / "winloss" / "sample_store")


def test_a_store_named_like_the_sample_is_not_shared_with_it(no_sample_setting, tmp_path):
    assert sample_uri(str(tmp_path / "sample_store")) == str(no_sample_setting / "winloss" / "sample_store")


def test_an_empty_store_builds_its_sample_beside_it_not_in_the_working_folder(no_sample_setting, tmp_path, monkeypatch):
    started_in = tmp_path / "started_here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    measured, is_sample = active_store(Store(tmp_path / "team" / "store"))
    assert is_sample
    assert Path(measured.uri) == tmp_path / "team" / "sample_store"
    assert measured.has_opportunities()
    assert list(started_in.iterdir()) == []
