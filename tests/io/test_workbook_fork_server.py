"""The workbook reader's fork server: one process imports the reader once and forks a reader per read,
each under its own memory and processor-time limits, and a server that has ended is started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hostile import DEALS, HEADER, _far_cell, rows_xml, workbook
from winloss.io import workbooks
from winloss.io.workbooks import Budget, WorkbookRefused, sheet_cells

ROOT = Path(__file__).resolve().parents[2]
SERVER_SECONDS = 0.6  # processor time the server uses before it serves: a reader's limit must not count it

# The real server, whose readers also obey a sheet "asked" for by name: "spin 1.2" computes for 1.2 s of
# processor time and then reads the first sheet, "endless" computes without end, "nap" sleeps a second and
# then reads, "asleep" sleeps for ten minutes.
PROGRAM = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from winloss.io import workbooks
answer = workbooks._child_answer
def spin(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
def obeyed(request, data):
    asked = request.get("sheet")
    if asked == "endless":
        spin(1e9)
    if asked == "asleep":
        time.sleep(600)
    if asked == "nap":
        time.sleep(1)
    if isinstance(asked, str) and asked.startswith("spin "):
        spin(float(asked[5:]))
    return answer({{**request, "sheet": None}} if asked in ("nap",) or str(asked).startswith("spin ") else request, data)
workbooks._child_answer = obeyed
spin({SERVER_SECONDS})
workbooks._serve(int(sys.argv[1]))
"""


@pytest.fixture(scope="module")
def server():
    """Reads forked by the server above, never by a child started for one read; the server ended after."""

    def no_child() -> None:
        raise AssertionError("a child was started for one read instead of forked by the server")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workbooks, "_server_command", lambda fd: [sys.executable, "-c", PROGRAM, str(fd)])
        patch.setattr(workbooks, "_started_child", no_child)
        with workbooks._server_lock:
            workbooks._end_server()
        yield
        with workbooks._server_lock:
            workbooks._end_server()


def _deals(mark: str) -> bytes:
    """The deals workbook with a last row of `mark`: bytes of their own, so no answer is a remembered one."""
    return workbook(rows_xml([HEADER, *DEALS, [mark] * len(HEADER)]))


def _rows(cells: workbooks.SheetCells) -> list[tuple]:
    return cells.frame.rows()


def _server_pid() -> int:
    assert workbooks._server is not None
    return workbooks._server[0].pid


def test_reads_are_forked_by_one_server_and_answer_as_the_reader_does(server):
    pids = set()
    for mark in ("first", "second", "third"):
        assert _rows(sheet_cells(_deals(mark), None)) == [tuple(HEADER), *map(tuple, DEALS), (mark,) * len(HEADER)]
        pids.add(_server_pid())
    assert len(pids) == 1


def test_the_process_that_asks_for_a_read_never_imports_the_reader(tmp_path):
    """The reader (fastexcel) is imported by the server and its readers, never by the app or the command line
    that asks: in a fresh process of its own, as a test process may have imported it for a test of its own."""
    book = tmp_path / "deals.xlsx"
    book.write_bytes(_deals("asked"))
    program = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from winloss.io.workbooks import sheet_cells; "
               f"cells = sheet_cells(open({str(book)!r}, 'rb').read(), None); "
               "print(cells.frame.height, 'fastexcel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [str(len(DEALS) + 2), "False"]


def test_a_forked_reader_is_held_to_its_memory_budget(server):
    """A sheet whose far cell makes the reader fill millions of cells needs more than 1.5 GB: the
    forked reader is ended by its address-space limit, in one sentence, and the next read answers."""
    small = Budget(memory_bytes=1536 << 20)
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(_far_cell("XFD1048576"), None, small)
    assert "of memory a workbook may use here" in str(refused.value)
    assert _rows(sheet_cells(_deals("after"), None, small))[-1] == ("after",) * len(HEADER)


def test_a_forked_readers_processor_time_counts_from_its_read(server):
    """The server has used processor time before it forks (SERVER_SECONDS, and its imports): a reader given
    one second more than the second it is allowed (_limit_processor_time) may spend 1.2 s, counted from its
    read; one that computes without end is ended by the system in one sentence; the server goes on."""
    budget = Budget(cpu_seconds=1)
    assert _rows(sheet_cells(_deals("spun"), "spin 1.2", budget))[-1] == ("spun",) * len(HEADER)
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(_deals("endless"), "endless", budget)
    assert "1 second of processing" in str(refused.value)
    assert _rows(sheet_cells(_deals("next"), None, budget))[-1] == ("next",) * len(HEADER)


def test_a_server_killed_between_reads_is_started_again(server):
    sheet_cells(_deals("before"), None)
    killed = _server_pid()
    os.kill(killed, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while workbooks._server is not None and workbooks._server[0].poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _rows(sheet_cells(_deals("after"), None))[-1] == ("after",) * len(HEADER)
    assert _server_pid() != killed


def test_two_reads_at_once_both_answer(server):
    """Two uploads read together (two browser sessions): each reader, asleep a second before it reads,
    is forked while the other runs, and each answer is its own workbook's."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        reads = [pool.submit(sheet_cells, _deals(mark), "nap") for mark in ("one", "two")]
        answers = [read.result(timeout=120) for read in reads]
    assert [_rows(cells)[-1][0] for cells in answers] == ["one", "two"]


def test_a_caller_that_stops_ends_its_forked_reader(server, monkeypatch):
    """A page left mid-read stops its script: the forked reader it waited for is killed, not left asleep."""
    handed: list = []
    ready = workbooks._ready_child

    def kept():
        handed.append(ready())
        return handed[-1]

    def stopped(seconds: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workbooks, "_ready_child", kept)
    with pytest.raises(KeyboardInterrupt):
        sheet_cells(_deals("asleep"), "asleep", Budget(), stopped)
    assert handed[0].returncode == -signal.SIGKILL
    assert _rows(sheet_cells(_deals("then"), None))[-1] == ("then",) * len(HEADER)
