"""Presenter mode enlarges every table on every page, not the Quarterly review's alone: each data grid
is drawn with presenter rows (ui.widgets.data_grid) under the larger root type its text is drawn in
(ui.style), and the review's static tables take that type too."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from app_driver import opened

from ui import drill
from ui.style import PRESENTER_TYPE
from ui.widgets import MIN_FILL, grid_columns, grid_width, left_out_text, row_height

ON = "true"
ROOT_RULE = f"html {{ font-size: {16 * PRESENTER_TYPE:g}px !important; }}"


def root_rules(at) -> list[str]:
    """The page-wide style blocks that set presenter mode's root type size."""
    return [h.proto.body for h in at.get("html") if ROOT_RULE in h.proto.body]


def widths(at) -> list[dict[str, int | None]]:
    """Each grid's columns as drawn, left to right (its column order), with the width each is sent
    with in px (None: none set, so Streamlit sizes it by its text)."""
    import json

    grids = []
    for frame in at.dataframe:
        if frame.proto.editing_mode:  # a Data page's editor (a form to fill in), not a table shown
            continue
        config = json.loads(frame.proto.columns)
        order = list(frame.proto.column_order) or list(frame.value.columns)
        grids.append({c: (config.get(c) or {}).get("width") for c in order})
    return grids


def grid_rows(at) -> list[int]:
    """Each data grid's row height as drawn (0: Streamlit's own, unset)."""
    return [frame.proto.row_height for frame in at.dataframe]


@pytest.mark.parametrize("page", ["profiles", "no_decision", "reps", "assessment"])
def test_every_grid_of_a_page_is_drawn_at_presenter_size(sample, page: str) -> None:
    assert row_height(True) == round(row_height(False) * PRESENTER_TYPE) > row_height(False)
    at = opened(page, present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert root_rules(at)
    assert grid_rows(at)  # the page has a grid to check
    assert grid_rows(at) == [row_height(True)] * len(at.dataframe)
    plain = opened(page)
    assert not root_rules(plain)
    assert set(grid_rows(plain)) <= {0}
    # A width is in px: a column drawn in both modes is PRESENTER_TYPE wider in presenter type, or a
    # name that fitted is cut (an at-risk reason takes the width the others leave, so it differs).
    for big, small in zip(widths(at), widths(plain), strict=True):
        both = [c for c in big if c in small and c != "reason"]
        assert both, (big, small)
        assert all(big[c] == round(small[c] * PRESENTER_TYPE) for c in both), (big, small)


# Every page with a data grid, and a rep's page: its deal list and at-risk list are the drill-down's.
GRID_PAGES = [("profiles", {}), ("no_decision", {}), ("reps", {}), ("reps", {"rep": "REP"}), ("review", {}),
              ("assessment", {}), ("data", {})]


@pytest.mark.parametrize("presenter", [False, True], ids=["sidebar-open", "presenter"])
@pytest.mark.parametrize(("page", "query"), GRID_PAGES, ids=[p + ("-rep" if q else "") for p, q in GRID_PAGES])
def test_every_table_fits_a_1440_px_window_without_scrolling_sideways(sample, page: str, query: dict, presenter: bool) -> None:
    """Every grid's columns, at the widths data_grid sends them, add up to no more than the width a
    full-width grid has in a 1440 px window: in presenter type with the sidebar folded away, and at
    the app's type with the sidebar open. A column with no width set would be sized by the browser
    and could push the rest out of view, so every column drawn has one."""
    if query.get("rep"):
        query = {"rep": opened("reps").dataframe[0].value["rep"][0]}
    at = opened(page, **query, **({"present": ON} if presenter else {}))
    assert not at.exception, [e.value for e in at.exception]
    grids = widths(at)
    if page != "data" and not (page == "review" and presenter):  # the review presents static tables
        assert grids, f"{page} draws no grid to check"
    for grid in grids:
        assert grid and all(grid.values()), f"{page}: a column is drawn without a width: {grid}"
        assert sum(grid.values()) <= grid_width(presenter), f"{page}: {sum(grid.values())} px > {grid_width(presenter)}: {grid}"


def test_a_reps_deal_list_behind_the_drill_down_is_drawn_at_presenter_size(sample) -> None:
    rep = opened("reps").dataframe[0].value["rep"][0]
    at = opened("reps", rep=rep, present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert [h.value for h in at.subheader if "deals" in h.value]  # the rep's deal list is on the page
    assert grid_rows(at) and grid_rows(at) == [row_height(True)] * len(at.dataframe)
    assert root_rules(at)


def test_the_reviews_tables_take_the_presenter_type(sample) -> None:
    at = opened("review", present=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert at.table  # static tables: their text is sized by the root type
    assert not at.dataframe
    assert root_rules(at)


def deal_rows(outcomes: list[str], loss_reasons: list[str | None]) -> pl.DataFrame:
    """Deals with every column a deal list can hold, two reps, names as long as the sample's."""
    n = len(outcomes)
    day = dt.date(2026, 9, 30)
    return pl.DataFrame({
        "opportunity_id": [f"006Q{i:011d}" for i in range(n)], "account": ["Northwind Logistics Holdings"] * n,
        "rep": ["Camila Brennan", "Ann Archer"] * (n // 2), "seller_profile": ["Relationship Builder"] * n,
        "outcome": outcomes, "stage": ["Negotiation/Review"] * n, "amount": [125_000.0] * n,
        "close_date": [day] * n, "created_date": [day] * n, "loss_reason": loss_reasons,
        "competitor": ["Acme"] * n, "region": ["EMEA"] * n, "segment": ["Enterprise"] * n, "product": ["Platform"] * n,
        "days_open": [234] * n,
        "reason": ["Open 234 days (won deals close within 120 days at the 80th percentile)"] * n,
    })


@pytest.mark.parametrize("presenter", [False, True], ids=["sidebar-open", "presenter"])
def test_a_drill_down_deal_list_shows_what_a_room_reads_whole_in_its_box(presenter: bool) -> None:
    """A deal list behind a click (drawn in a bordered box) shows the deal, rep, outcome, stage, amount,
    close date and loss reason, in that order and within the box at 1440 px; what does not fit is
    named under it and is in the CSV."""
    frame = deal_rows(["won", "lost", "no_decision", "lost"], [None, "Price", "No budget", "Price"])
    shown = drill.on_screen(drill.deal_columns(frame, hide_amounts=False))
    fitted = grid_columns(shown, drill.deal_config(), presenter, fill=drill.FILL_COLUMN, boxed=True)
    assert fitted.shown[:7] == [*drill.ROOM_COLUMNS, "loss_reason"]
    assert sum(fitted.widths.values()) <= grid_width(presenter, boxed=True) < grid_width(presenter)
    assert "region" in fitted.left_out and set(shown.columns) == {*fitted.shown, *fitted.left_out}


@pytest.mark.parametrize("presenter", [False, True], ids=["sidebar-open", "presenter"])
def test_an_at_risk_list_shows_stage_and_why_and_gives_the_reason_the_width_left(presenter: bool) -> None:
    """Open deals at risk: every one open (no outcome column) and none with a loss reason (none
    either), so the list shows the deal, rep, stage, amount, close date, days open and why, the
    reason taking every px the others leave in a 1440 px window."""
    frame = deal_rows(["open"] * 4, [None] * 4)
    shown = drill.on_screen(drill.deal_columns(frame, hide_amounts=False, extra=("days_open", "reason")))
    fitted = grid_columns(shown, drill.deal_config(), presenter, fill=drill.FILL_COLUMN)
    assert fitted.shown == ["account", "rep", "stage", "amount", "close_date", "days_open", "reason"]
    assert sum(fitted.widths.values()) == grid_width(presenter)
    assert fitted.widths["reason"] >= round(MIN_FILL * (PRESENTER_TYPE if presenter else 1))


def test_columns_are_cut_from_the_right_and_named_escaped() -> None:
    """The first column that does not fit and every one after it are left out (never one in the
    middle, which would reorder what is read first), and the caption escapes their names (a file's)."""
    wide = pl.DataFrame({"a": ["x"], "b": ["y"], "c": ["z"], "d": ["w"]})
    config = {"a": {"width": 400}, "b": {"width": 400}, "c": {"width": 900}, "d": {"width": 50}}
    fitted = grid_columns(wide, config, presenter=False)
    assert (fitted.shown, fitted.left_out) == (["a", "b"], ["c", "d"])
    assert fitted.widths == {"a": 400, "b": 400}
    assert left_out_text(["*Region*", "<b>"]) == r"Not shown, to fit the screen: \*Region\*, \<b\>."
