"""The frame pages measure is derived once per store version and read back by later processes,
never stale: a new version, a changed rule or a damaged file derives it again."""

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sample_data.generator import roster_csv, salesforce_csv, sample_opportunities, sample_roster
from winloss.anonymise import anonymised
from winloss.deals import deals, page_deals
from winloss.filters import size_cut_points, with_size_band
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.store.version_cache import cached_frame

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path) -> Store:
    """300 invented deals of 6 reps and their roster, through the ordinary ingest."""
    store = Store(tmp_path / "store")
    commit(store, prepare(roster_csv(sample_roster(6, 5)), "roster.csv"))
    commit(store, prepare(salesforce_csv(sample_opportunities(300, seed=5, n_reps=6)), "export.csv"))
    return store


def derived(store: Store, anonymise: bool = False) -> pl.DataFrame:
    """The frame as the pages measured it before it was kept: deals, anonymised, then size bands."""
    frame = deals(store)
    if anonymise:
        frame = anonymised(frame)
    return with_size_band(frame.lazy(), size_cut_points(frame.lazy())).collect()


def kept(store: Store) -> list[Path]:
    return sorted(store.derived_folder().glob("page_deals-*.parquet"))


def test_the_kept_frame_is_the_derived_one_and_is_read_back(store, monkeypatch):
    first = page_deals(store)
    assert_frame_equal(first, derived(store))
    assert len(kept(store)) == 1
    # A second process finds the file: nothing is derived again.
    monkeypatch.setattr("winloss.deals.deals", lambda *a, **k: pytest.fail("derived again"))
    assert_frame_equal(page_deals(store), first)


def test_anonymised_names_come_from_the_same_kept_frame(store):
    page_deals(store)
    assert_frame_equal(page_deals(store, anonymise=True), derived(store, anonymise=True))
    assert len(kept(store)) == 1


def test_a_new_store_version_is_derived_again_and_replaces_the_old_file(store):
    before = page_deals(store)
    old = kept(store)
    store.save_no_decision_reasons(["Budget frozen"])  # a setting only: a new version, other outcomes
    after = page_deals(store)
    assert_frame_equal(after, derived(store))
    assert not before.get_column("outcome").equals(after.get_column("outcome"))
    assert kept(store) != old and len(kept(store)) == 1


def test_a_changed_rule_is_a_new_key(tmp_path):
    store = Store(tmp_path / "s")
    calls = []

    def derive(value: int):
        def run():
            calls.append(value)
            return pl.DataFrame({"x": [value]})
        return run

    assert cached_frame(store, "t", "v1-rule-a", derive(1)).item() == 1
    assert cached_frame(store, "t", "v1-rule-a", derive(2)).item() == 1  # read back
    assert cached_frame(store, "t", "v1-rule-b", derive(3)).item() == 3  # the code changed
    assert calls == [1, 3]


def test_a_damaged_file_is_derived_again(store):
    page_deals(store)
    (path,) = kept(store)
    path.write_bytes(b"PAR1 half a file")
    assert_frame_equal(page_deals(store), derived(store))


def test_a_folder_that_cannot_be_written_still_answers(store, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", refuse)
    assert_frame_equal(page_deals(store), derived(store))
    assert not store.derived_folder().exists() or not list(store.derived_folder().iterdir())


def test_a_store_on_object_storage_keeps_nothing():
    assert Store("s3://bucket/store").derived_folder() is None


def test_reading_the_store_does_not_import_pandera(store):
    """Pandera (and pandas with it) takes a noticeable part of a cold start: only ingest needs it."""
    code = (
        "import sys; import winloss.store.delta, winloss.deals, winloss.views.overview, ui.context, ui.numbers; "
        f"winloss.deals.page_deals(winloss.store.delta.Store({store.uri!r})); "
        "print(sorted(m for m in ('pandera', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
