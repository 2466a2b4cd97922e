"""A run of a page ends without Streamlit's full garbage collection: the shipped config turns it off
(`runner.postScriptGC`), by the name of an option Streamlit still reads, so a renamed option cannot
quietly bring back a walk over every object of the server after every run."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_config_turns_off_the_collection_after_each_run():
    from streamlit import config

    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert shipped["runner"]["postScriptGC"] is False
    # The option is Streamlit's, read by its script runner at the end of each run.
    assert "runner.postScriptGC" in config._config_options_template
    assert config._config_options_template["runner.postScriptGC"].default_val is True  # on unless the file says
