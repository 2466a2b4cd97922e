"""An upload handed over as bytes is prepared from a temporary copy on disk, in batches: the same
report, preview, loss reasons, detected mapping and stored rows as preparing the bytes in memory,
and the copy never outlives what refers to it."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

import winloss.ingest.pipeline as ingest
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path, prepare_upload
from winloss.store.delta import Store
from winloss.views import data_page

from store_contents import stored


FIXTURES = Path(__file__).parent.parent / "fixtures"
# Uploads read whole from their bytes: a workbook, a roster, a file with no table. Every CSV fixture is
# also uploaded in batches and compared with its whole-file ingest (tests/ingest/test_pipeline_batches.py).
UPLOADS = [FIXTURES / "workspace" / "week2.xlsx", FIXTURES / "workspace" / "roster.csv", FIXTURES / "empty.csv"]


@pytest.mark.parametrize("path", UPLOADS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_an_upload_read_whole_shows_and_stores_what_its_bytes_in_memory_do(path, tmp_path):
    content = path.read_bytes()
    whole = prepare(content, path.name)
    with prepare_upload(content, path.name, batch_rows=2) as upload:
        assert upload.staged is None and upload.path is None
        assert file_report(upload) == file_report(whole)
        assert upload.sha256 == whole.sha256
        assert_frame_equal(data_page.preview_rows(upload), data_page.preview_rows(whole))
        assert_frame_equal(data_page.reason_outcomes(upload), data_page.reason_outcomes(whole))
        if whole.table is not None and whole.mapping is not None:
            kind = whole.mapping.kind
            assert data_page.detected_mapping(upload.table, kind, "auto") == data_page.detected_mapping(whole.table, kind, "auto")
        if not whole.rejected:
            stores = Store(tmp_path / "upload"), Store(tmp_path / "whole")
            commit(stores[0], upload)
            commit(stores[1], whole)
            for mine, theirs in zip(stored(stores[0]), stored(stores[1]), strict=True):
                assert_frame_equal(mine, theirs)
            assert stores[0].archived(upload.sha256) == content


def test_an_opportunity_upload_is_read_in_batches_and_a_roster_or_workbook_from_its_bytes(monkeypatch):
    read_whole: list[str] = []
    whole = ingest.prepare
    monkeypatch.setattr(ingest, "prepare", lambda content, name, **k: read_whole.append(name) or whole(content, name, **k))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} read back from disk"))
    for name in ("week1.csv", "roster.csv", "week2.xlsx"):
        with prepare_upload((FIXTURES / "workspace" / name).open("rb").read(), name) as upload:
            assert (upload.staged is not None) == (name == "week1.csv")
            assert (upload.whole_table is None) == (name == "week1.csv")
    assert read_whole == ["roster.csv", "week2.xlsx"]


def test_the_copy_of_an_upload_is_deleted_on_every_path(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    content = (FIXTURES / "workspace" / "week1.csv").read_bytes()

    staged = prepare_upload(content, "week1.csv", batch_rows=2)
    assert staged.spool is not None and staged.path is not None and staged.path.read_bytes() == content
    assert sorted(p.name.split("-")[1] for p in scratch.iterdir()) == ["ingest", "upload"]  # the staged rows and the copy
    commit(Store(tmp_path / "store"), staged)
    staged.discard()
    assert list(scratch.iterdir()) == []

    forgotten = prepare_upload(content, "week1.csv", batch_rows=2)  # a session that ends without discarding it
    assert len(list(scratch.iterdir())) == 2
    del forgotten
    gc.collect()
    assert list(scratch.iterdir()) == []

    rejected = prepare_upload(content, "week1.csv", overrides={"amount": "No such column"})
    assert rejected.rejected and rejected.path is None and list(scratch.iterdir()) == []
    roster = prepare_upload((FIXTURES / "workspace" / "roster.csv").read_bytes(), "roster.csv")
    assert not roster.rejected and roster.kind == "roster" and list(scratch.iterdir()) == []

    def failing(*args, **kwargs):
        raise RuntimeError("validation failed")

    monkeypatch.setattr(ingest, "validated", failing)
    with pytest.raises(RuntimeError, match="validation failed"):
        prepare_upload(content, "week1.csv", batch_rows=2)
    assert list(scratch.iterdir()) == []


def test_a_file_prepared_from_its_path_and_never_discarded_leaves_no_folder(tmp_path, monkeypatch):
    """A file prepared in batches from its own path (the command line's way) stages its rows in a
    folder of its own; one that is dropped without `discard` (committed or not) still deletes it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = FIXTURES / "workspace" / "week1.csv"

    prepared = prepare_path(path, batch_rows=2)
    assert prepared.staged is not None and [p.name.split("-")[1] for p in scratch.iterdir()] == ["ingest"]
    del prepared
    gc.collect()
    assert list(scratch.iterdir()) == []

    committed = prepare_path(path, batch_rows=2)
    commit(Store(tmp_path / "store"), committed)
    assert len(list(scratch.iterdir())) == 1
    del committed
    gc.collect()
    assert list(scratch.iterdir()) == []
