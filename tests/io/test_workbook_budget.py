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
