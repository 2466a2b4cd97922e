"""The suite's processes run Polars on one thread each (tests/conftest.py says why); the app the browser
journeys drive runs with the thread pool it has when installed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polars as pl

from conftest import POLARS_THREADS

DRIVE = Path(__file__).parent / "e2e" / "drive.py"


def test_each_worker_runs_polars_on_the_suites_thread_count():
    # The pool is made once, when Polars is first used: set after anything imported Polars, it would say
    # nothing here and every worker would still run a pool sized to the machine.
    assert pl.thread_pool_size() == int(POLARS_THREADS)


def test_a_process_the_suite_starts_inherits_it():
    code = "import polars; print(polars.thread_pool_size())"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == POLARS_THREADS


def test_the_app_the_journeys_drive_runs_polars_as_installed(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("journeys_drive", DRIVE)
    assert spec is not None and spec.loader is not None
    drive = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "journeys_drive", drive)  # its dataclasses look their module up there
    spec.loader.exec_module(drive)
    env = drive.app_environment(tmp_path, sample_store=tmp_path / "sample")
    assert "POLARS_MAX_THREADS" not in env
    assert env["WINLOSS_STORE"] == str(tmp_path / "store") and env["WINLOSS_SAMPLE_STORE"] == str(tmp_path / "sample")
    code = "import polars, os; print(polars.thread_pool_size(), len(os.sched_getaffinity(0)))"
    pool, cores = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.split()
    assert pool == cores
