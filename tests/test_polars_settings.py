"""The suite runs Polars on one thread a process and on its in-memory engine (tests/conftest.py says why). What the
app computes must not depend on that: an ingest and the pages' views computed with the app's own settings (Polars'
default engine, on four threads), in a process of its own, are what this process computes, frame for frame and row
for row."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import polars as pl

from every_view import assert_same, ingest_and_views

TESTS = Path(__file__).parent
ROOT = TESTS.parent
APP_SETTINGS = f"""
import pickle, sys
from pathlib import Path
sys.path[:0] = [{str(TESTS)!r}, {str(ROOT)!r}]
import polars as pl
from every_view import ingest_and_views
assert pl.thread_pool_size() == 4, pl.thread_pool_size()
assert "POLARS_ENGINE_AFFINITY" not in pl.Config.state(if_set=True), pl.Config.state(if_set=True)
with open(sys.argv[2], "wb") as out:
    pickle.dump(ingest_and_views(Path(sys.argv[1])), out)
"""


def engine_affinity() -> str | None:
    """The engine Polars is told to prefer in this process (POLARS_ENGINE_AFFINITY), None for its default."""
    return pl.Config.state(if_set=True).get("POLARS_ENGINE_AFFINITY")


def test_an_ingest_and_the_pages_views_with_the_apps_own_engine_and_threads_are_what_the_suite_computes(tmp_path):
    # The suite's settings (tests/conftest.py: one thread and the in-memory engine, unless set otherwise) reached
    # this process.
    assert pl.thread_pool_size() == int(os.environ["POLARS_MAX_THREADS"])
    assert engine_affinity() == os.environ["POLARS_ENGINE_AFFINITY"]
    in_suite = ingest_and_views(tmp_path / "suite")
    out = tmp_path / "app.pickle"
    env = {**os.environ, "POLARS_MAX_THREADS": "4"}
    env.pop("POLARS_ENGINE_AFFINITY")
    done = subprocess.run([sys.executable, "-c", APP_SETTINGS, str(tmp_path / "app"), str(out)],
                          env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    with_app_settings = pickle.loads(out.read_bytes())
    assert in_suite["stored"][0].height == 3000
    assert_same(in_suite, with_app_settings, "with the suite's settings against the app's")
