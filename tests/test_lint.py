"""The engine passes the linter and the type checker (pinned in requirements-dev.txt, set up in
pyproject.toml): run here so that CI, which runs the test suite, runs them too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing_in_the_app() -> None:
    result = run("ruff", "check", "winloss", "data_models", "app_pages", "ui", "dashboard.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_checked_modules() -> None:
    result = run("mypy")  # the files and settings are in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
