"""The Data page read whole at a laptop's width and filling a wider screen: the stage editor's every column
in view at 1280 px, and the History grid as wide as the page at 1440 px."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from drive import LAPTOP, columns_in_view, grid_headed, open_page, problems, settle, shoot, sideways_px, start_app, stop_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# A HubSpot pipeline whose stage "Done" is counted "Lost 1, Open 1, Won 1 (no rule matched: settled by the
# closed/won columns); No decision 1 (…)": 1,144 px of text in its "Counted as now" cell.
LONG_RULES = FIXTURES / "outcomes" / "hubspot_closed_stage_flags.csv"
STAGE_HEADERS = ["Stage or status value", "Rows stored", "Quarantined", "Counted as now (rule)", "Count as"]


def test_the_stage_editors_every_column_is_in_view_at_1280(sample_app, new_tab, screens):
    """Its "Counted as now (rule)" grew to the grid's 500 px cap and pushed "Count as", the column a user
    chooses in, out of view at 1280 px: the editor scrolled sideways 14 px and cut its header."""
    tab = new_tab(viewport={**LAPTOP, "height": 800})
    page = tab.page
    open_page(tab, f"{sample_app.url}/data", "Data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(LONG_RULES)
    page.get_by_text("Stage outcomes").first.wait_for()
    settle(page)
    expander = page.locator('[data-testid="stExpander"]', has_text="Stage outcomes")
    if not expander.locator('[data-testid="stDataFrame"]').first.is_visible():
        expander.locator("summary").click()
        settle(page)
    assert columns_in_view(page, STAGE_HEADERS[0]) == STAGE_HEADERS
    overflow = sideways_px(page, STAGE_HEADERS[0])
    assert overflow["scroll"] <= 0 and overflow["past_window"] <= 0, overflow
    grid_headed(page, STAGE_HEADERS[0]).screenshot(path=str(screens / "data_stage_editor_1280.png"))
    assert problems(page) == []


@pytest.fixture(scope="module")
def history_app(tmp_path_factory, built_sample):
    """The app on a store of three uploads, one of them under a long file name, put in by the command line."""
    folder = tmp_path_factory.mktemp("history_app")
    app = start_app(folder, sample_store=built_sample)
    workspace = FIXTURES / "workspace"
    named = folder / "Salesforce_Opportunities_Export_2026-11-30_final_v2.csv"
    named.write_bytes((workspace / "week2.csv").read_bytes())
    env = {"WINLOSS_STORE": str(app.store), "PATH": "/usr/bin:/bin"}
    for file in (workspace / "week1.csv", workspace / "roster.csv", named):
        subprocess.run([sys.executable, "-m", "winloss", "ingest", str(file)], check=True, env=env,
                       cwd=Path(__file__).resolve().parents[2], capture_output=True)
    yield app
    stop_app(app)


# The grid's width and the width of the page's content (the main block less its padding), in px.
WIDTHS_JS = """(frame) => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    const style = getComputedStyle(main);
    return {grid: frame.getBoundingClientRect().width,
            page: main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)};
}"""


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 1280, "height": 800}],
                         ids=["1440", "1280"])
def test_the_history_grid_fills_the_page_and_shows_every_column(history_app, new_tab, screens, viewport):
    """Drawn as wide as its columns, the History grid ended 160 px short of the page at 1440 px. It fills
    the page's width, and at 1280 px every column is in view, In effect included."""
    tab = new_tab(viewport=viewport)
    page = tab.page
    open_page(tab, f"{history_app.url}/data", "Data")
    page.get_by_role("tab", name="History").click()
    settle(page)
    widths = grid_headed(page, "Version").evaluate(WIDTHS_JS)
    assert abs(widths["grid"] - widths["page"]) <= 1, widths
    assert columns_in_view(page, "Version")[-1] == "In effect"
    assert sideways_px(page, "Version")["scroll"] <= 0
    shoot(page, screens, f"data_history_{viewport['width']}")
    assert problems(page) == []
