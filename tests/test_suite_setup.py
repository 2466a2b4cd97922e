"""How the suite runs (tests/suite_setup.py says why): its processes run Polars on one thread each, the app the
browser journeys drive with the thread pool it has when installed; the journeys are two units of work."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polars as pl

from suite_setup import POLARS_THREADS, SECOND_BROWSER_UNIT, is_browser_unit, work_unit

DRIVE = Path(__file__).parent / "e2e" / "drive.py"
JOURNEYS = sorted(p.name for p in DRIVE.parent.glob("test_*.py"))


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


def test_the_journeys_are_two_units_of_about_half_of_them_each_and_nothing_else_is_one():
    units = {name: work_unit(f"tests/e2e/{name}::test_x") for name in JOURNEYS}
    assert SECOND_BROWSER_UNIT <= set(JOURNEYS)  # a journey renamed or gone from the second unit is said here
    assert sorted(set(units.values())) == ["browser", "browser-2"]
    assert all(is_browser_unit(unit) for unit in units.values())
    assert 0.3 < sum(unit == "browser-2" for unit in units.values()) / len(units) < 0.7
    for other in ("tests/test_cli.py::test_x", "tests/pages/test_page_data.py::test_y[a]"):
        assert not is_browser_unit(work_unit(other)) and work_unit(other) == other.split("::")[0]
