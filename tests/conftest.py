"""Fixtures the page tests share: one sample store per session, and captured downloads."""

import functools
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Polars runs on one thread in each of the suite's processes (pytest's workers and what they start: the app behind
# the browser journeys, the CLI), unless POLARS_MAX_THREADS is set already. The suite runs one worker per core and
# one more beside Chromium and the app, so every core is busy with a process of its own; a second Polars thread in
# each only waited for a core, handing small queries between threads. Four clean clones of `.ci/run` back to back
# on the 2-core machine (7 December 2026), default, one, one, default: 999, 966, 961 and 998 s of CPU, pytest
# 560, 515, 510 and 525 s. Set before Polars is imported, and in the environment the workers inherit. What the app
# computes is the same on several threads: tests/test_polars_settings.py computes an ingest and the pages' views
# with four, in a process of its own, against this one's.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
# And on Polars' in-memory engine, unless POLARS_ENGINE_AFFINITY is set already: the suite's frames are tens to
# thousands of rows, where the default (streaming) engine's fixed cost of about 0.2 ms a lazy query (0.23 ms against
# 0.04 ms for one select of 40 rows) is most of each query's time. One process each way (7 December 2026): the views',
# measures' and charts' tests 71.5 s against 53.5 s, four page test files 111.6 s against 96.1 s, the ingest's, store's
# and CLI's 87.7 s against 83.9 s. The app keeps the default engine: at 10M deals the in-memory one took the Reps
# page from 347 to 771 ms. tests/test_polars_settings.py computes an ingest and the pages' views with the app's own
# settings (the default engine, four threads) in a process of its own, against this one's.
os.environ.setdefault("POLARS_ENGINE_AFFINITY", "in-memory")

import pytest  # noqa: E402  (after the environment above, as the imports below)
from streamlit.runtime import media_file_storage  # noqa: F401  (imported for the media module below)
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from suite_setup import is_browser_unit, work_unit
from winloss.deals import load_sample
from winloss.store.delta import Store

# The suite starts many Python processes: pytest's workers, the app behind the browser journeys, the
# CLI, cold starts. Where bytecode caches are not written (PYTHONDONTWRITEBYTECODE, as some CI images
# set, with the README's install, which compiles nothing) each one compiled every library it imports
# from source again: 4 s of CPU a process here; on a clean clone the suite took 629 s, and 580 s with
# the caches written as it ran (546 s once written). Each module is now compiled once, when first
# imported, and its cache written beside it (in the virtual environment). Set here, before
# pytest-xdist starts the workers, so they and every process they start inherit it.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_configure(config) -> None:
    """Choose the browser journeys' screenshots folder once, in the process that reports: the files
    run in worker processes (pytest-xdist), which inherit the folder through the environment."""
    if not hasattr(config, "workerinput") and not os.environ.get("WINLOSS_SCREENSHOTS"):
        os.environ["WINLOSS_SCREENSHOTS"] = tempfile.mkdtemp(prefix="winloss-screenshots-")
    share_streamlit_test_caches()


def share_streamlit_test_caches() -> None:
    """Let every AppTest share one look through the installed packages for Streamlit components, and one
    cache of compiled page scripts.

    Each AppTest's first run reads the metadata of every installed distribution (about 100 in the
    test environment) to find custom components: 0.21 s of CPU, paid again by each of the suite's
    hundreds of AppTests, for an answer that cannot change while the suite runs (it installs
    nothing). The app itself scans once, when its server starts."""
    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
    # Likewise each AppTest run made a new bytecode cache, so every run parsed, rewrote (Streamlit's
    # "magic") and compiled dashboard.py and its page again: 5-9% of a page test's CPU. The server
    # keeps one for its life; the suite's files do not change while it runs, so it keeps one too.
    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[attr-defined,assignment]
    local_script_runner.require_widgets_deltas = _script_run_ended


def _script_run_ended(runner, timeout: float = 3) -> None:
    """Wait for an AppTest's script run as Streamlit's own `require_widgets_deltas` does, by joining
    the script's thread rather than polling every millisecond: each poll took the interpreter's lock
    from the running script and scanned every message the run had sent so far. On timeout, the same
    error as Streamlit's, after stopping the run."""
    thread = runner._script_thread
    if thread is not None:
        thread.join(timeout)
    if runner.script_stopped():
        return
    runner.request_stop()
    runner.join()
    raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")


def pytest_terminal_summary(terminalreporter) -> None:
    """Say where the screenshots are, so a person can look at every page the journeys drew."""
    folder = Path(os.environ["WINLOSS_SCREENSHOTS"])
    count = len(list(folder.glob("*.png"))) if folder.is_dir() else 0
    if count:
        terminalreporter.write_line(f"Browser screenshots ({count}): {folder}")


def pytest_xdist_auto_num_workers(config) -> int:
    """How many workers `-n auto` (pytest.ini) starts: one per core the process may use, and one more.
    The browser journeys' worker spends much of its time waiting for Chromium and the app to draw,
    and the extra worker uses that time. On the 2-core machine (2 December 2026) three workers kept
    1.44-1.47 of its cores busy against 1.36 with two, and back to back on one tree the suite took
    495 s with three against 592 s with two."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + 1


# How much lower a worker's priority is once it runs tests other than the browser journeys. The
# journeys are the longest unit and the last to end; on two cores the other workers took CPU from the
# app and the Chromium they drive and stretched them past the rest of the suite.
NOT_BROWSER_NICENESS = 10
_lowered = False


def pytest_runtest_setup(item) -> None:
    """In a pytest-xdist worker, lower the process's priority (os.nice) before its first test that is
    not a browser journey: the journeys' worker, the app it starts and Chromium keep theirs, so they
    run about as fast as alone while the other workers use the CPU they leave."""
    global _lowered
    if not _lowered and os.environ.get("PYTEST_XDIST_WORKER") and not is_browser_unit(work_unit(item.nodeid)):
        _lowered = True
        try:
            os.nice(NOT_BROWSER_NICENESS)
        except OSError:  # not allowed here: the workers share the CPU evenly, as without it
            pass


def pytest_xdist_make_scheduler(config, log):
    """How the files share the worker processes under `--dist loadgroup` (pytest.ini): by `work_unit`,
    the browser journeys' two units first, as they are the longest; then the other units, most tests first.

    pytest-xdist's own grouping (xdist_group marks) appends the group to a test's id, which pytest 9
    no longer reads: every test went alone, a file's module fixtures were built in both workers and
    the browser journeys ran in both, each with its Chromium and app.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            for unit in [unit for unit in self.workqueue if is_browser_unit(unit)]:
                self.workqueue.move_to_end(unit, last=False)
            super()._assign_work_unit(node)

    return ByWorkUnit(config, log)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    """The bundled sample ingested once for the whole session (10,000 deals take a few seconds)."""
    path = tmp_path_factory.mktemp("sample") / "store"
    load_sample(Store(path))
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_store: Path) -> Iterator[Path]:
    """An empty customer store, so the pages measure the sample (built once per session)."""
    base = tmp_path_factory.mktemp("pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(base / "store"))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        yield sample_store


@pytest.fixture
def cover_sheet_workbook(tmp_path) -> Path:
    """A Dynamics-style workbook whose first sheet is a cover page and whose second holds two deals."""
    import xlsxwriter

    path = tmp_path / "dynamics.xlsx"
    book = xlsxwriter.Workbook(str(path))
    cover = book.add_worksheet("Cover")
    for row, text in enumerate(["Opportunities export", "Prepared by ops", "Quarter: Q3"]):
        cover.write(row, 0, text)
    data = book.add_worksheet("Data")
    for row, values in enumerate([
        ["(Do Not Modify) Opportunity", "Topic", "Owner", "Status Reason", "Actual Close Date", "Est. Revenue"],
        ["a1", "Deal 1", "Ann", "Won", "2025-03-01", 1000],
        ["a2", "Deal 2", "Bo", "Canceled", "2025-03-02", 500],
    ]):
        data.write_row(row, 0, values)
    book.close()
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


@pytest.fixture
def made_on_click(monkeypatch) -> dict[str, bytes]:
    """What each download button whose data is made only when clicked (a callable: it has no URL until
    then) would send, made as a click makes it, by the button's placeholder id (its deferred_file_id)."""
    captured: dict[str, bytes] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **options):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **options)
        captured[file_id] = data_callable()
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


@pytest.fixture
def deferred(monkeypatch) -> dict[str, object]:
    """The callables behind deferred download buttons, by file name."""
    captured: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data, mimetype, coordinates, file_name=None, **kwargs):
        captured[file_name] = data
        return original(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured
