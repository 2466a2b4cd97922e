"""What a fresh server imports to draw the Overview: nothing that only writers, uploads and exports
need. pyarrow and numpy cost a fresh process a quarter of a second, Pandera and pandas more; a
module-level import of any of them on the Overview's path (or a store read that needs Polars'
Delta scan, which imports pyarrow) would bring that back into every cold start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Imported by store writes (pyarrow, numpy), uploads and validation (pandera, pandas), the deck
# (pptx), workbooks (openpyxl, fastexcel) and the test tools (hypothesis): never needed to draw.
ONLY_ELSEWHERE = ("pyarrow", "pandera", "pandas", "pptx", "openpyxl", "fastexcel", "hypothesis")


def imported_by(code: str, env: dict[str, str] | None = None) -> dict:
    """Run `code` in a fresh interpreter at the project root; its last line printed is JSON."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


WATCH = f"""
import json, sys
def heavy():
    return sorted({{m.split('.')[0] for m in sys.modules}} & set({ONLY_ELSEWHERE + ("numpy",)!r}))
"""


def test_the_overviews_modules_import_no_writer_upload_or_export_library() -> None:
    # dashboard.py's imports, then the Overview page's.
    found = imported_by(WATCH + """
import streamlit, ui.context, ui.numbers, ui.sidebar, ui.signin, ui.style, winloss.errors, winloss.exchange
import ui.drill, ui.widgets, ui.sources, winloss.present.charts, winloss.measures.behind, winloss.views.overview
print(json.dumps({"heavy": heavy()}))
""")
    assert found["heavy"] == []


def test_a_fresh_server_draws_the_overview_from_kept_frames_without_them(sample_store: Path, tmp_path) -> None:
    """The sample as a customer's store: the first process derives and keeps its frames and facts
    (and may import anything); a second draws the Overview from them. Streamlit imports numpy for
    the page's SVG favicon (its image_to_url), so numpy is not watched here.

    The store is a copy of the session's sample without the frames other tests of this worker may
    have kept in it (its _derived folder), so the first process here is the one that derives them."""
    store = tmp_path / "store"
    shutil.copytree(sample_store, store, ignore=shutil.ignore_patterns("_derived"))
    run = WATCH + f"""
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({str(ROOT / "dashboard.py")!r}, default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
print(json.dumps({{"figures": len(at.get("plotly_chart")), "heavy": heavy()}}))
"""
    env = {"WINLOSS_STORE": str(store), "WINLOSS_SAMPLE_STORE": str(tmp_path / "unused_sample")}
    first = imported_by(run, env)
    again = imported_by(run, env)
    assert first["figures"] == again["figures"] >= 2  # the trend and the outcome mix, with the tiles' trends
    assert list(store.joinpath("_derived").glob("store_facts-*.parquet"))
    assert [m for m in again["heavy"] if m != "numpy"] == []
    assert "pyarrow" in first["heavy"]  # the first process read the store's tables: the watch sees imports
