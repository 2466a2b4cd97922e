"""A workbook's reading shows on the progress bar while its reader works (it tells nothing itself)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hostile import DEALS, HEADER, rows_xml, workbook
from winloss.ingest.pipeline import prepare, workbook_step
from winloss.io import workbooks

ROOT = Path(__file__).resolve().parents[2]


def test_a_workbook_read_for_seconds_says_so_on_the_progress_bar(monkeypatch):
    def slow_reader() -> subprocess.Popen:  # the real reader, after a second and a half
        program = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); time.sleep(1.5)\n"
                   "from winloss.io.workbooks import _child_main; _child_main()")  # fmt: skip
        return subprocess.Popen([sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    monkeypatch.setattr(workbooks, "_ready_child", slow_reader)
    # More than a pipe holds (64 KB) and past compression, so the workbook is still being sent
    # when the first second is told: all of it must reach the reader.
    notes = [os.urandom(150_000).hex(), *[""] * (len(DEALS) - 1)]
    data = workbook(rows_xml([[*HEADER, "Notes"], *[[*deal, note] for deal, note in zip(DEALS, notes, strict=True)]]))
    assert len(data) > 150_000
    steps: list[tuple[float, str]] = []
    prepared = prepare(data, "export.xlsx", progress=lambda f, s: steps.append((f, s)))
    assert prepared.rejected is None and prepared.rows_accepted == len(DEALS)
    assert (0.05, workbook_step(1)) in steps and workbook_step(1) == "Reading the workbook: 1 s"
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions)  # the bar never goes back
