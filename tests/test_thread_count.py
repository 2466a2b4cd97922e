"""The suite runs Polars on one thread a process (tests/conftest.py says why). What the app computes must
not depend on that: an ingest and the pages' views computed on four threads, in a process of its own, are
what this process computes on one, frame for frame and row for row."""

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
FOUR_THREADS = f"""
import pickle, sys
from pathlib import Path
sys.path[:0] = [{str(TESTS)!r}, {str(ROOT)!r}]
import polars as pl
from every_view import ingest_and_views
assert pl.thread_pool_size() == 4, pl.thread_pool_size()
with open(sys.argv[2], "wb") as out:
    pickle.dump(ingest_and_views(Path(sys.argv[1])), out)
"""


def test_an_ingest_and_the_pages_views_on_four_threads_are_what_one_thread_computes(tmp_path):
    # The suite's setting (tests/conftest.py: one, unless POLARS_MAX_THREADS was set) reached this process.
    assert pl.thread_pool_size() == int(os.environ["POLARS_MAX_THREADS"])
    on_one = ingest_and_views(tmp_path / "one")
    out = tmp_path / "four.pickle"
    env = {**os.environ, "POLARS_MAX_THREADS": "4"}
    done = subprocess.run([sys.executable, "-c", FOUR_THREADS, str(tmp_path / "four"), str(out)],
                          env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    on_four = pickle.loads(out.read_bytes())
    assert on_one["stored"][0].height == 3000
    assert_same(on_one, on_four, "on one thread against four")
