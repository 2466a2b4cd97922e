"""The workbook reader's limit on processor time: load-independent, and refused in one sentence."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile import HEADER, rows_xml, workbook
from winloss.io import workbooks
from winloss.io.workbooks import Budget, WorkbookRefused, sheet_cells

ROOT = Path(__file__).resolve().parents[2]


def test_the_reader_is_ended_once_it_has_used_its_processor_time():
    """A process that computes without end is ended by the system after the seconds it was given,
    counted from the limit's setting, not from its start."""
    program = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from winloss.io.workbooks import _limit_processor_time\n"
        "_limit_processor_time(1)\n"
        "while True:\n    pass\n"
    )
    start = time.monotonic()
    child = subprocess.run([sys.executable, "-c", program], timeout=120, check=False)
    assert child.returncode == -signal.SIGXCPU
    assert time.monotonic() - start >= 1


def test_a_reader_ended_for_its_processor_time_is_one_sentence_that_names_the_limit(monkeypatch):
    # The child the reader is handed ends as the system ends a reader past its limit.
    def ended_child() -> subprocess.Popen:
        command = [sys.executable, "-c", "import os, signal, sys; sys.stdin.buffer.read(); os.kill(os.getpid(), signal.SIGXCPU)"]
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    monkeypatch.setattr(workbooks, "_ready_child", ended_child)
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget(cpu_seconds=45))
    message = str(refused.value)
    assert "45 seconds of processing" in message and "save the sheet as CSV" in message
    assert message.endswith(".") and "\n" not in message


def test_the_reading_is_told_each_second_it_goes_on(monkeypatch):
    """A reader that takes seconds tells its caller every second, so a progress bar moves."""

    def slow_child() -> subprocess.Popen:
        command = [sys.executable, "-c", "import sys, time; sys.stdin.buffer.read(); time.sleep(2.6)"]
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    monkeypatch.setattr(workbooks, "_ready_child", slow_child)
    told: list[int] = []
    with pytest.raises(WorkbookRefused):  # it ends without an answer
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget(), told.append)
    assert told[:2] == [1, 2] and told == sorted(told)


def test_a_caller_that_stops_while_the_workbook_is_read_ends_its_reader(monkeypatch):
    """A page left mid-read stops its script with an exception from the progress call: the
    reader it was waiting for does not go on reading for nobody."""
    started: list[subprocess.Popen] = []

    def endless_child() -> subprocess.Popen:
        command = [sys.executable, "-c", "import sys, time; sys.stdin.buffer.read(); time.sleep(600)"]
        started.append(subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE))
        return started[-1]

    def stopped(seconds: int) -> None:
        raise KeyboardInterrupt  # as a stopped script's exception, not an Exception a reader would catch

    monkeypatch.setattr(workbooks, "_ready_child", endless_child)
    with pytest.raises(KeyboardInterrupt):
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget(), stopped)
    assert started[0].poll() is not None


@pytest.mark.parametrize("raised", [
    "OSError(errno.ENOMEM, 'Cannot allocate memory')",
    "RuntimeError('memory allocation of 4294967296 bytes failed')",
    "ValueError('could not read the sheet') from MemoryError()",
])
def test_a_reader_out_of_memory_is_said_as_the_memory_limit_not_as_a_damaged_file(monkeypatch, raised):
    """A reader that runs out of memory raises what its library raises: said as a damaged file, it sent
    the user to repair a workbook that only needed more memory than a workbook may use here."""
    program = (
        f"import errno, sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from winloss.io import workbooks\n"
        "def answer(request, data):\n"
        f"    raise {raised}\n"
        "workbooks._child_answer = answer\n"
        "workbooks._child_main()\n"
    )

    def failing_child() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    monkeypatch.setattr(workbooks, "_ready_child", failing_child)
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget())
    message = str(refused.value)
    assert "of memory a workbook may use here" in message
    assert "damaged" not in message


def test_a_reader_error_that_is_not_memory_is_still_said_as_an_unreadable_file(monkeypatch):
    program = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from winloss.io import workbooks\n"
        "def answer(request, data):\n"
        "    raise ValueError('bad zip entry')\n"
        "workbooks._child_answer = answer\n"
        "workbooks._child_main()\n"
    )
    monkeypatch.setattr(workbooks, "_ready_child",
                        lambda: subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE))
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget())
    assert "could not be opened" in str(refused.value)


@pytest.mark.parametrize("ended_by", ["SIGKILL", "SIGTERM", "SIGHUP"])
def test_a_reader_ended_from_outside_is_not_said_as_a_file_too_big(monkeypatch, ended_by):
    """A reader killed by the system (its out-of-memory killer sends SIGKILL) or by a person (`kill`) had been
    refused as a file needing more than the memory a workbook may use: the file was not at fault, and the
    sentence sent the user to cut down a workbook that would read on a second try."""
    command = [sys.executable, "-c", f"import os, signal, sys; sys.stdin.buffer.read(); os.kill(os.getpid(), signal.{ended_by})"]
    monkeypatch.setattr(workbooks, "_ready_child",
                        lambda: subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE))
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget())
    message = str(refused.value)
    assert "was stopped before it finished" in message and "upload it again" in message
    assert "of memory a workbook may use" not in message


def test_a_reader_that_aborts_is_still_said_as_past_the_memory_limit(monkeypatch):
    """Past its address-space limit the reader's library aborts (SIGABRT, as a sheet whose far cell asks for
    millions of cells does under the fork server): that is the file asking for too much."""
    command = [sys.executable, "-c", "import os, sys; sys.stdin.buffer.read(); os.abort()"]
    monkeypatch.setattr(workbooks, "_ready_child",
                        lambda: subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE))
    with pytest.raises(WorkbookRefused) as refused:
        sheet_cells(workbook(rows_xml([HEADER])), None, Budget())
    assert "of memory a workbook may use here" in str(refused.value)
