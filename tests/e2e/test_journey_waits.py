"""The journeys' waits look at the page every drive.POLL_MS, not on every animation frame: Playwright's
wait_for_function looks on every frame unless told otherwise, which keeps Chromium drawing 60 frames a
second for as long as a wait lasts (the app's script run: seconds, more on a loaded machine)."""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent


def frame_polled_waits(source: str, name: str) -> list[str]:
    """Each `x.wait_for_function(...)` call in `source` without a `polling=` argument, as "name:line"."""
    return [f"{name}:{node.lineno}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "wait_for_function" and not any(k.arg == "polling" for k in node.keywords)]


def test_every_wait_for_a_function_names_how_often_it_looks() -> None:
    found = [hit for path in sorted(HERE.glob("*.py")) for hit in frame_polled_waits(path.read_text(), path.name)]
    assert found == [], f"waits that look on every animation frame (pass polling=POLL_MS): {found}"


def test_a_wait_without_polling_is_found() -> None:
    """The check reads calls, not words: a wait named in a string or a comment is not a call."""
    source = ('page.wait_for_function("() => true")\n'
              'page.wait_for_function("() => true", polling=POLL_MS)\n'
              '# page.wait_for_function("() => true")\n'
              'said = "page.wait_for_function()"\n')
    assert frame_polled_waits(source, "x.py") == ["x.py:1"]
