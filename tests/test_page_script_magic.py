"""The page scripts are compiled as written: the shipped config turns Streamlit's "magic" off
(`runner.magicEnabled`), which parsed and rewrote every script before compiling it (on every run under
AppTest), and no script holds an expression magic would have written on the page, so turning it off
changes nothing a page shows."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py"))]


def test_the_shipped_config_turns_magic_off():
    from streamlit import config

    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert shipped["runner"]["magicEnabled"] is False
    # The option is Streamlit's, read by its script cache before it compiles a page.
    assert config._config_options_template["runner.magicEnabled"].default_val is True  # on unless the file says


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_no_page_script_holds_an_expression_magic_would_write(script: Path):
    from streamlit.runtime.scriptrunner import magic

    assert len(SCRIPTS) > 5  # the front door and the pages
    rewritten = magic.add_magic(script.read_text(), str(script))
    written = [node.lineno for node in ast.walk(rewritten)
               if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
               and node.func.attr == "transparent_write"]
    assert written == [], f"{script.name}: lines {written} would be written on the page by magic"
