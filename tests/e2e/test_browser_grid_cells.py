"""No grid cuts a cell's words at 1440 px: every grid of every page, in the sample and in a store of long
names (tests/long_names.py), read as the grid draws it (drive.drawn_cells: its words and its columns'
drawn widths, a stretched grid's included), at the app's type and in presenter mode. At 1440 px the
leaderboard read "NA Commer…" in a Team column stretched wider than the name, and "Relationship B…" beside
its Left on column."""

from __future__ import annotations

import pytest
from drive import drawn_cells, go_to, open_page, problems, settle, shoot

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


def read_every_grid(tab, url: str, screens, name: str, present: bool) -> list[dict]:
    page = tab.page
    query = "?period=all" + ("&present=true" if present else "")
    open_page(tab, f"{url}/reps{query}", "Reps")
    seen = []
    for path, heading in PAGES:
        if path != "reps":
            go_to(tab, path, heading)
        grids = cut_on_page(page, path)
        shoot(page, screens, f"grid_cells_{name}_{path}_{'presenter' if present else 'app'}_1440")
        assert problems(page) == [], (path, problems(page))
        seen += [(path, grid) for grid in grids]
    return seen


@pytest.mark.parametrize("present", [False, True], ids=["app_type", "presenter"])
@pytest.mark.parametrize("store", ["sample", "long_names"])
def test_no_grid_cuts_a_cells_words_at_1440(request, new_tab, screens, store: str, present: bool):
    app = request.getfixturevalue("sample_app" if store == "sample" else "long_names_app")
    tab = new_tab(viewport=VIEWPORT)
    seen = read_every_grid(tab, app.url, screens, store, present)
    assert len(seen) >= 3, [path for path, _ in seen]  # the leaderboard, an at-risk list, the assessment's or Data page's
    cut = [(path, c) for path, grid in seen for c in grid["cut"]]
    assert cut == [], cut[:8]
    assert tab.console_problems() == [], tab.console_problems()
