"""An export uploaded through the real file input, its rep column and an unknown stage mapped by
hand, committed: the Overview's numbers change from the sample's to the file's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from drive import (
    go_to,
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
# "No Decision", 2 open, and 2 closed at a stage "Inked" (3,000 each) that no rule knows and the
# user maps to won; its rep column is "Closer", a name no preset knows.
CLOSED, WON_VALUE = 35, "$132k"  # 15 won: 125,500 + 6,000, in three figures
WIN_RATE = "43% n = 35"  # 15 / 35
NO_DECISION = "55% n = 20"  # 11 / (9 + 11)
ALL_TIME = "?period=all"  # the file's deals whatever day the test runs


@pytest.fixture
def empty_app(tmp_path, built_sample):
    app = start_app(tmp_path / "upload_app", sample_store=built_sample)
    yield app
    stop_app(app)


def last_cell(page, expander: str, row: int, rows: int | None = None) -> tuple[float, float]:
    """Where the last column's cell of `row` (0 = first) of the data editor in `expander` is drawn.

    The editor is drawn on a canvas: a person clicks where the cell is, as this does. Its header is one
    35 px row; so is each row, unless the editor wraps its text (the stage editor's rows are taller): given
    `rows`, the editor's row count, each row's height is what the editor's height leaves them (it shows
    every row). A click at 35 px a row had landed on the row above its value's once a value was not first.
    """
    editor = page.locator('[data-testid="stExpander"]', has_text=expander).locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    box = editor.bounding_box()
    header = 35  # Streamlit's data editor: one header row
    row_height = (box["height"] - header) / rows if rows else 35
    return box["x"] + box["width"] - 60, box["y"] + header + (row + 0.5) * row_height


def editor_rows(page, expander: str, columns: int) -> list[str]:
    """The first column of each row of a data editor, read from the table it keeps for screen readers."""
    cells = page.locator('[data-testid="stExpander"]', has_text=expander).locator('[role="gridcell"]')
    cells.first.wait_for(state="attached")  # the table, hidden from sight, is filled after the canvas is drawn
    return cells.all_text_contents()[::columns]


def test_an_uploaded_export_replaces_the_sample_on_the_overview(empty_app, new_tab):
    tab = new_tab()
    page = tab.page
    open_page(tab, f"{empty_app.url}/{ALL_TIME}", "Overview")
    assert "Sample data" in main_text(page)
    before = tile_value(page, "Closed deals in range")
    assert before != str(CLOSED)

    go_to(tab, "data", "Data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(EXPORT)
    page.get_by_text("has no column for the rep").first.wait_for()
    settle(page)
    commit = page.get_by_role("button", name="Save to the dashboard")
    assert commit.is_disabled(), "a file without a rep column could be committed"

    fields = editor_rows(page, "Column mapping", 3)  # field, required, column
    rep_row = next(i for i, label in enumerate(fields) if label.startswith("Rep"))
    page.mouse.dblclick(*last_cell(page, "Column mapping", rep_row))
    page.get_by_role("option", name="Closer", exact=True).click()
    page.wait_for_function(
        "() => ![...document.querySelectorAll('[data-testid=\"stAlertContentError\"]')]"
        ".some(e => e.innerText.includes('no column for the rep'))")
    settle(page)
    assert problems(page) == []

    # "Inked" matched no rule: the stage editor says so; the user counts it as won.
    page.get_by_text("1 stage value left").wait_for()
    settle(page)  # the mapping's rerun has drawn the editor: a click on a grid being redrawn is lost
    stages = editor_rows(page, "Stage outcomes", 5)  # stage, rows stored, quarantined, given, count as
    # As a keyboard does: select the row's first cell, step to "Count as", open it, choose
    # Won. Under load the grid can take the keys before it has the focus, or a choice made while the
    # page reruns is lost, so the steps are tried again until the editor's question goes away.
    won = page.get_by_role("option", name="Won", exact=True)
    asked = page.get_by_text("1 stage value left")
    for attempt in range(3):
        x, y = last_cell(page, "Stage outcomes", stages.index("Inked"), len(stages))
        left = page.locator('[data-testid="stExpander"]', has_text="Stage outcomes").locator(
            '[data-testid="stDataFrame"]').first.bounding_box()["x"]
        page.mouse.click(left + 30, y)
        page.wait_for_timeout(300)
        for _ in range(4):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            won.wait_for(timeout=20_000)
            won.click()
            asked.first.wait_for(state="detached", timeout=30_000)
            break
        except PlaywrightTimeout:
            assert attempt < 2, "the stage editor's Count as choice never took"
            page.keyboard.press("Escape")
            settle(page)
    settle(page)
    assert problems(page) == []
    commit.click()
    page.get_by_text("37 new").first.wait_for()
    settle(page)

    go_to(tab, "", "Overview")
    assert "Sample data" not in main_text(page)
    assert tile_value(page, "Closed deals in range") == str(CLOSED)
    assert tile_value(page, "Win rate") == WIN_RATE
    assert tile_value(page, "No decision ÷ losses") == NO_DECISION
    assert tile_value(page, "Won value in range") == WON_VALUE
    assert problems(page) == []
    assert tab.console_problems() == [], tab.console_problems()


def test_saving_the_currencies_keeps_their_tab_open(tmp_path, new_tab):
    """The notice a save leaves above the tabs sent the user back to the Upload tab."""
    import subprocess
    import sys

    app = start_app(tmp_path / "rates_app")
    try:
        money = Path(__file__).resolve().parents[1] / "fixtures" / "money" / "currencies_hubspot.csv"
        env = {"WINLOSS_STORE": str(app.store), "PATH": "/usr/bin:/bin"}
        subprocess.run([sys.executable, "-m", "winloss", "ingest", str(money)], check=True, env=env,
                       cwd=Path(__file__).resolve().parents[2], capture_output=True)
        tab = new_tab()
        page = tab.page
        open_page(tab, f"{app.url}/data", "Data")
        page.get_by_role("tab", name="Currencies").click()
        field = page.get_by_role("textbox", name="Reporting currency")
        field.fill("EUR")
        field.press("Enter")
        settle(page)
        page.get_by_role("button", name="Save the currencies").click()
        page.get_by_text("Currencies saved as version 2").wait_for()
        settle(page)
        assert page.get_by_role("tab", name="Currencies").get_attribute("aria-selected") == "true"
        assert page.get_by_role("textbox", name="Reporting currency").is_visible()
        assert problems(page) == []
    finally:
        stop_app(app)


def test_a_file_uploaded_again_reads_its_name_and_time_as_written_with_nothing_hidden_in_them(tmp_path, built_sample, new_tab):
    """The "already ingested" sentence read "on 2026-12-05 09:<zero-width space>36 UTC" (innerText): text.md
    put an invisible character after every colon something followed, which a reader copying the time
    took with it. A colon is escaped now, and one that could start a shortcode (":smile:", ":streamlit:")
    is alone in an uncoloured span: the name draws as written, with no emoji or logo, and copies as it is."""
    from winloss.ingest.pipeline import commit, prepare
    from winloss.store.delta import Store

    name = "pipe :smile: x:streamlit: at 09:36.csv"
    content = b"Opportunity ID,Owner,Stage,Close Date,Amount\nA1,Ann,Closed Won,2026-03-01,100\n"
    (tmp_path / name).write_bytes(content)
    commit(Store(tmp_path / "again_app" / "store"), prepare(content, name), user="ops")
    app = start_app(tmp_path / "again_app", sample_store=built_sample)
    try:
        tab = new_tab()
        page = tab.page
        open_page(tab, f"{app.url}/data", "Data")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(tmp_path / name)
        page.get_by_text("already loaded").first.wait_for()
        settle(page)
        text = main_text(page)
        assert "\u200b" not in text
        assert name in text.splitlines()  # the file's heading, its shortcodes as text
        sentence = page.locator('[data-testid="stAlertContentInfo"]', has_text="already loaded")
        copied = sentence.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e); const s = getSelection();"
            " s.removeAllRanges(); s.addRange(r); return s.toString(); }")
        assert re.search(r"already loaded on \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC by ops \(store version 1\)", copied), copied
        assert "\u200b" not in copied
        # Nothing of the name became an emoji, an icon, the logo or a link.
        replaced = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMarkdownContainer]')]"
            ".flatMap(m => [...m.querySelectorAll('span[role=img], img, a:not([aria-label=\"Link to heading\"])')])"
            ".map(e => e.outerHTML.slice(0, 80))")
        assert replaced == []
        assert problems(page) == []
    finally:
        stop_app(app)
