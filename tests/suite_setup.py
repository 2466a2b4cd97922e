"""The units of work the suite's workers share: tests/conftest.py schedules by `work_unit`;
tests/test_suite_setup.py checks it."""

from __future__ import annotations

from pathlib import PurePosixPath

# The browser journeys run in two units, each in a worker of its own with its own Chromium and sample
# app: in one unit they ran one after another for about 590 s of a 710 s run, longer than the rest of the
# suite needs on the other workers once the journeys' CPU is shared, so no cut elsewhere could make the
# run shorter than them. These files (about half the journeys' time, 6 December 2026: the sharing,
# grid-cell and chart-word journeys, the uploads and hostile names, and the other journey on the store of
# long names, whose app they share) are the second unit, with the two checks of the journeys' own console and
# offline rules, which draw a page of their own and no app; every other journey, and any new one, the first.
SECOND_BROWSER_UNIT = frozenset({
    "test_browser_sharing.py", "test_browser_grid_cells.py", "test_browser_data_widths.py",
    "test_browser_chart_words.py", "test_browser_upload.py", "test_browser_hostile_names.py",
    "test_browser_console_check.py", "test_browser_offline_check.py",
})


def work_unit(nodeid: str) -> str:
    """The unit of work a test (by its pytest node id, "tests/…/test_x.py::test_y[…]") is scheduled in:
    "browser" or "browser-2" for a browser journey (tests/e2e; SECOND_BROWSER_UNIT), so two workers run
    them, each with one Chromium and one sample app; else its file, so a file's module fixtures are
    built once, in one worker."""
    path = nodeid.split("::", 1)[0]
    if not path.startswith("tests/e2e/"):
        return path
    return "browser-2" if PurePosixPath(path).name in SECOND_BROWSER_UNIT else "browser"


def is_browser_unit(unit: str) -> bool:
    """Whether `work_unit` named one of the browser journeys' units."""
    return unit.startswith("browser")
