"""The command line run as tests need it: in this process (`run`), or as a process of its own whose output
nobody reads (`run_process_unread`)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from winloss import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`winloss *args` run by `cli.main` in this process, in `cwd`, with no WINLOSS_STORE: its exit code
    and what it printed, as a process of its own gives them. A process per command cost 1-2 s of imports."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.delenv("WINLOSS_STORE", raising=False)
        patch.chdir(cwd)
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's own exits (--help)
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(["winloss", *args], code, out.getvalue(), err.getvalue())


def run_process_unread(*args: str, cwd: Path = ROOT, stderr_too: bool = False, unbuffered: bool = False) -> subprocess.CompletedProcess:
    """`python -m winloss *args` whose stdout (and stderr, with `stderr_too`: `2>&1`) goes into a pipe
    nobody reads any more, as `... | head -1` leaves it once it has its line: the pipe's reading end
    is closed before the command starts, so every write to it meets a closed pipe, not only those a
    race leaves after the reader went. `unbuffered` (PYTHONUNBUFFERED) writes each line as it is
    printed, so the closed pipe is met in the middle of the command, not at its last flush. Returns
    the exit code and, without `stderr_too`, what stderr said."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WINLOSS_STORE", None)
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([sys.executable, "-m", "winloss", *args], stdout=write_end,
                              stderr=write_end if stderr_too else subprocess.PIPE, text=True, cwd=cwd, env=env, timeout=300)
    finally:
        os.close(write_end)
