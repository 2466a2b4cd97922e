"""No grid cuts a cell's words at 1440 px: every grid of every page, in the sample and in a store of long
names (tests/long_names.py), read as the grid draws it (drive.drawn_cells: its words and its columns'
drawn widths, a stretched grid's included), at the app's type and in presenter mode. At 1440 px the
leaderboard read "NA Commer…" in a Team column stretched wider than the name, and "Relationship B…" beside
its Left on column."""

from __future__ import annotations

import pytest
from drive import drawn_cells, go_to, open_page, presenter_mode_by_its_toggle, problems, settle, shoot

VIEWPORT = {"width": 1440, "height": 900}
# path, heading: every page with a grid (the Overview has none)
PAGES = (("reps", "Reps"), ("no_decision", "No decision"), ("profiles", "Seller profiles"),
         ("review", "Quarterly review"), ("assessment", "Profile assessment"), ("data", "Data"))


def cut_on_page(page, path: str) -> list[dict]:
    """Every grid's cut cells on the page now; on the Data page, on each of its tabs in turn."""
    grids = drawn_cells(page)
    if path == "data":
        for tab in page.get_by_role("tab").all():
            tab.click()
            settle(page)
            grids += drawn_cells(page)
    return grids


def read_every_grid(tab, url: str, screens, name: str) -> list[dict]:
    """Every page's grids at the app's type, then in presenter mode: the Reps page opened once by its address, the
    others by the sidebar's links, and presenter mode turned on by its toggle on the last page, the pages then read
    back in turn. Each item: (page path, its presenter mode, a grid's drawn_cells)."""
    page = tab.page
    open_page(tab, f"{url}/reps?period=all", "Reps")
    seen = []
    for present in (False, True):
        for path, heading in (PAGES[::-1] if present else PAGES):
            if present and path == PAGES[-1][0]:
                presenter_mode_by_its_toggle(page, on=True)
                page.get_by_role("heading", name=heading).first.wait_for()
            elif path != "reps" or present:
                go_to(tab, path, heading)
            grids = cut_on_page(page, path)
            shoot(page, screens, f"grid_cells_{name}_{path}_{'presenter' if present else 'app'}_1440")
            assert problems(page) == [], (path, present, problems(page))
            seen += [(path, present, grid) for grid in grids]
    return seen


@pytest.mark.parametrize("store", ["sample", "long_names"])
def test_no_grid_cuts_a_cells_words_at_1440(request, new_tab, screens, store: str):
    """At the app's type and in presenter mode, in one tab."""
    app = request.getfixturevalue("sample_app" if store == "sample" else "long_names_app")
    tab = new_tab(viewport=VIEWPORT)
    seen = read_every_grid(tab, app.url, screens, store)
    for present in (False, True):  # the leaderboard, an at-risk list, the assessment's or Data page's: each way
        assert len([path for path, shown, _ in seen if shown == present]) >= 3, (present, [path for path, _, _ in seen])
    cut = [(path, present, c) for path, present, grid in seen for c in grid["cut"]]
    assert cut == [], cut[:8]
    assert tab.console_problems() == [], tab.console_problems()
