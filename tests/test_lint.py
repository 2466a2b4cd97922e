"""The engine passes the linter and the type checker (pinned in requirements-dev.txt, set up in
pyproject.toml): run here so that CI, which runs the test suite, runs them too."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
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


def _imported_names(path: Path) -> set[str]:
    """Every module name `path` imports (`import a.b`, `from a.b import c`: "a.b"), at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_mypy_skips_no_library_the_checked_modules_import() -> None:
    """mypy skips the libraries the engine reaches only through others (pyproject.toml): a skipped one
    the engine imported itself would be typed Any there, and mypy would check its uses of it for nothing."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    skipped = [pattern.removesuffix(".*") for override in settings.get("overrides", []) if override.get("follow_imports") == "skip"
               for pattern in ([override["module"]] if isinstance(override["module"], str) else override["module"])]
    assert skipped, "pyproject.toml names the libraries mypy skips"
    checked = [path for folder in settings["files"] for path in sorted((ROOT / folder).rglob("*.py"))]
    assert len(checked) > 100, "the engine's modules were found"
    imports = {(path.relative_to(ROOT).as_posix(), name) for path in checked for name in _imported_names(path)}
    found = sorted((path, name) for path, name in imports for lib in skipped if name == lib or name.startswith(f"{lib}."))
    assert found == [], f"imported by the engine, skipped by mypy: {found}"
