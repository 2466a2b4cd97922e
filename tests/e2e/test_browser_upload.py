"""An export uploaded through the real file input, its rep column mapped by hand, committed: the
Overview's numbers change from the sample's to the file's."""

from __future__ import annotations

from pathlib import Path

import pytest
from drive import (
    main_text,
    open_page,
    problems,
    settle,
    start_app,
    stop_app,
    tile_value,
)

EXPORT = Path(__file__).parent / "fixtures" / "unmapped_rep_export.csv"
# What the file holds (counted by hand): 13 won (12 x 10,000 + 5,500), 9 lost to price, 11 lost to
# "No Decision", 2 open; its rep column is "Closer", a name no preset knows.
CLOSED, WON_VALUE = 33, "$125.5k"
WIN_RATE = "39% n = 33"  # 13 / 33
NO_DECISION = "55% n = 20"  # 11 / (9 + 11)
ALL_TIME = "?period=all"  # the file's deals whatever day the test runs


@pytest.fixture
def empty_app(tmp_path, built_sample):
    app = start_app(tmp_path / "upload_app", sample_store=built_sample)
    yield app
    stop_app(app)


def mapping_cell(page, row: int) -> tuple[float, float]:
    """Where the "Column in your file" cell of the mapping editor's `row` (0 = first field) is drawn.

    The editor is drawn on a canvas: a person clicks where the cell is, as this does.
    """
    editor = page.locator('[data-testid="stExpander"]', has_text="Column mapping").locator(
        '[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    header = row_height = 35  # Streamlit's data editor: one header row, 35 px rows
    return box["x"] + box["width"] - 120, box["y"] + header + (row + 0.5) * row_height


def test_an_uploaded_export_replaces_the_sample_on_the_overview(empty_app, new_tab):
    tab = new_tab()
    page = tab.page
    open_page(tab, f"{empty_app.url}/{ALL_TIME}", "Overview")
    assert "Sample data" in main_text(page)
    before = tile_value(page, "Closed deals in range")
    assert before != str(CLOSED)

    open_page(tab, f"{empty_app.url}/data{ALL_TIME}", "Data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(EXPORT)
    page.get_by_text("has no column for the rep").first.wait_for()
    settle(page)
    commit = page.get_by_role("button", name="Commit to the store")
    assert commit.is_disabled(), "a file without a rep column could be committed"

    # The editor's cells, read from the table it keeps for screen readers: field, required, column.
    cells = page.locator('[data-testid="stExpander"]', has_text="Column mapping").locator('[role="gridcell"]')
    fields = cells.all_text_contents()[::3]
    rep_row = next(i for i, label in enumerate(fields) if label.startswith("Rep"))
    page.mouse.dblclick(*mapping_cell(page, rep_row))
    page.get_by_role("option", name="Closer", exact=True).click()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('[data-testid=\"stAlertContentError\"]')]"
        ".some(e => e.innerText.includes('no column for the rep'))")
    settle(page)
    assert problems(page) == []
    commit.click()
    page.get_by_text("Stored as version 1: 35 new").wait_for()
    settle(page)

    open_page(tab, f"{empty_app.url}/{ALL_TIME}", "Overview")
    assert "Sample data" not in main_text(page)
    assert tile_value(page, "Closed deals in range") == str(CLOSED)
    assert tile_value(page, "Win rate") == WIN_RATE
    assert tile_value(page, "No decision ÷ losses") == NO_DECISION
    assert tile_value(page, "Won value in range") == WON_VALUE
    assert problems(page) == []
    assert tab.console_problems() == [], tab.console_problems()
