"""Every grid on every page sends each column the width of the one rule (text.column_px): its header and
longest words whole, in the sample and in a store of long names (long_names), at the app's type and in
presenter mode (widths PRESENTER_TYPE wider, as the type is); and every text cell draws its whole value.
At 1440 px the leaderboard's Profile column read "Relationship B…" beside a Left on column, and a stretched
deal list "Blue Ridge Manufacturing Corporation of N…" in a column wider than the name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from app_driver import grid_text, opened
from long_names import REPS, store_long_names

from ui.style import PRESENTER_TYPE
from ui.widgets import NAMED_WIDTHS, ROW_HEIGHT
from winloss import text
from winloss.store.delta import Store

PAGES = ("overview", "profiles", "no_decision", "reps", "review", "assessment", "data")


@pytest.fixture(scope="module")
def long_store(tmp_path_factory, sample_store: Path) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("long_names")
    store_long_names(Store(base / "store"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(base / "store"))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        yield base / "store"


def unfitted(grid, scale: float) -> list[str]:
    """What in `grid` (an AppTest dataframe or data editor) breaks the rule: a column narrower than
    text.column_px of its header and words (at presenter `scale`), a text cell that draws other words than
    its value. Grids of rows taller than one line wrap their cells in set widths instead: none."""
    if grid.proto.row_height and grid.proto.row_height > round(ROW_HEIGHT * scale) + 1:
        return []
    config = json.loads(grid.proto.columns)
    table = pa.ipc.open_stream(grid.proto.arrow_data.data).read_all()
    shown = list(grid.proto.column_order) or table.column_names
    found = []
    for name in shown:
        column = config.get(name) or {}
        if column.get("hidden") or name not in table.column_names:
            continue
        values = table.column(name).to_pylist()
        words = grid_text(grid, name)
        type_config = column.get("type_config") or {}
        if type_config.get("options"):
            words = [o["label"] if isinstance(o, dict) else str(o) for o in type_config["options"]]
        elif pa.types.is_string(table.column(name).type) or pa.types.is_large_string(table.column(name).type) \
                or pa.types.is_dictionary(table.column(name).type):
            drawn = words or [text.DASH if v is None else str(v) for v in values]
            cut = [(v, w) for v, w in zip(values, drawn, strict=True) if v is not None and w != text.visible(str(v))]
            if cut:
                found.append(f"{name}: drawn {cut[:2]}")
            words = [str(v) for v in values if v is not None]
        elif not words or type_config.get("format"):  # a number, date or check the grid writes itself
            continue
        need = round(text.column_px(column.get("label") or name, words) * scale)
        width = column.get("width") or 0
        if (NAMED_WIDTHS[width] if isinstance(width, str) else width) < need:
            found.append(f"{name}: {column.get('width')} px < {need} px")
    return found


def every_grid(at) -> list:
    return [*at.dataframe, *at.data_editor]


@pytest.mark.parametrize("present", ["false", "true"])
@pytest.mark.parametrize("page", PAGES)
def test_every_grid_of_the_sample_holds_its_words_whole(sample, page: str, present: str) -> None:
    at = opened(page, present=present)
    assert not at.exception, [e.value for e in at.exception]
    scale = PRESENTER_TYPE if present == "true" else 1
    assert {i: found for i, grid in enumerate(every_grid(at)) if (found := unfitted(grid, scale))} == {}


@pytest.mark.parametrize("present", ["false", "true"])
@pytest.mark.parametrize("page", PAGES)
def test_every_grid_of_long_names_holds_them_whole(long_store, page: str, present: str) -> None:
    at = opened(page, period="All time", present=present)
    assert not at.exception, [e.value for e in at.exception]
    scale = PRESENTER_TYPE if present == "true" else 1
    grids = every_grid(at)
    assert {i: found for i, grid in enumerate(grids) if (found := unfitted(grid, scale))} == {}
    if page == "reps":  # the leaderboard: every long name, the Left on column beside them
        board = grids[0]
        assert set(board.value["rep"]) == {rep for rep, *_ in REPS} and "left_on" in board.value.columns


@pytest.mark.parametrize("present", ["false", "true"])
@pytest.mark.parametrize("page", ["no_decision"])
def test_an_at_risk_list_of_long_names_shows_its_rep_and_why_wrapping_the_names(long_store, page: str, present: str) -> None:
    """With reps of 40 letters and accounts of 60, each column as wide as its longest name left the Rep and
    Why at risk columns behind "All columns". The list's key columns (ui.drill.key_columns) all show; the
    long names keep their columns' set widths and wrap onto rows tall enough for the longest, at most NAME_LINES
    lines, a name longer still cut, marked "…"."""
    from ui.widgets import wrapped_row_height

    at = opened(page, period="All time", present=present)
    assert not at.exception, [e.value for e in at.exception]
    scale = PRESENTER_TYPE if present == "true" else 1
    lists = [g for g in at.dataframe if "reason" in pa.ipc.open_stream(g.proto.arrow_data.data).read_all().column_names]
    assert lists, "no at-risk list"
    for grid in lists:
        table = pa.ipc.open_stream(grid.proto.arrow_data.data).read_all()
        shown = list(grid.proto.column_order)
        assert {"rep", "reason"} <= set(shown), shown
        from ui.drill import key_columns

        assert set(key_columns(table.column_names)) <= set(shown), shown
        config = json.loads(grid.proto.columns)
        lines = max(text.wrapped_lines(str(v), config[c]["width"] / scale) for c in shown
                    if isinstance((config.get(c) or {}).get("width"), (int, float)) and c in table.column_names
                    for v in table.column(c).to_pylist() if isinstance(v, str))
        # At most NAME_LINES lines, the leaderboard's: a name longer still is cut, marked "…" (ui.drill.deal_grid).
        from winloss.views.reps import NAME_LINES

        assert grid.proto.row_height >= round(wrapped_row_height(min(lines, NAME_LINES)) * scale) - 1, (lines, grid.proto.row_height)
        assert grid.proto.row_height <= round(wrapped_row_height(NAME_LINES) * scale) + 1, grid.proto.row_height
        if lines > NAME_LINES:
            assert any("…" in w for c in shown if c in table.column_names for w in grid_text(grid, c))


# Two Challenger reps of the tester's names: one of 64 letters, a team of 82 (each wider than half a laptop's box).
WIDE_REP = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt de la Cruz"
WIDE_TEAM = "Enterprise Strategic Accounts — North America East Coast Expansion & Renewals Team"
WIDE_REPS = ((WIDE_REP, WIDE_TEAM), ("Kim Park", "Team Bold"))


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory, sample_store: Path) -> Iterator[Path]:
    from winloss.ingest.pipeline import commit, prepare

    base = tmp_path_factory.mktemp("wide_names")
    store = Store(base / "store")
    deals = ["Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Loss Reason,Amount,Created Date,Close Date"]
    deals += [f'W{r}{d:02d},"{rep}",Plain Co,Deal {d},{"Closed Won," if d % 2 else "Closed Lost,Price"},{10_000 + d},'
              f'2025-12-01,2026-{1 + d % 9:02d}-{1 + d:02d}'
              for r, (rep, _) in enumerate(WIDE_REPS) for d in range(25)]
    roster = "Rep,Seller Profile,Team\n" + "".join(f'"{rep}",Challenger,"{team}"\n' for rep, team in WIDE_REPS)
    for content, name in (("\n".join(deals) + "\n", "wide_deals.csv"), (roster, "wide_roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared, user="test")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(base / "store"))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        yield base / "store"


def test_a_clicked_profiles_reps_keep_their_rates_in_the_box_and_its_deals_rows_three_lines(wide_store) -> None:
    """A clicked profile's reps are sized by the leaderboard's rule (views.reps.reps_name_columns): the names share
    what the counts and rates leave of the box at 1280 px, wrapping. Each name's whole width made the Rep and Team
    columns fill the box at 1366 px, "n" cut at its edge and the rates out of view. Its deals' rows are at most
    NAME_LINES tall, a longer name cut: a 64-letter rep made each row 5 lines tall, 2 or 3 deals in view."""
    from test_page_chart_choices import choose

    from ui.widgets import wrapped_row_height
    from winloss.views.reps import BOX_ROOM_PX, NAME_LINES

    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    choose(at, "pr-rate", "Challenger")
    reps = next(g for g in at.dataframe if {"rep", "win_rate"} <= set(g.value.columns) and "account" not in g.value.columns)
    config = json.loads(reps.proto.columns)
    shown = [c for c in reps.value.columns if not (config.get(c) or {}).get("hidden")]
    assert {"rep", "team", "n", "win_rate", "nd_n", "no_decision_share_of_losses"} <= set(shown)
    widths = {c: (config.get(c) or {}).get("width") or 0 for c in shown}
    assert sum(widths.values()) <= BOX_ROOM_PX and all(widths.values()), widths
    assert config["win_rate"]["width"] >= text.column_px("Win rate", ["52%"])
    assert reps.proto.row_height == wrapped_row_height(NAME_LINES)  # the long names wrap onto the rows
    deals = next(g for g in at.dataframe if "account" in g.value.columns)
    assert deals.proto.row_height <= wrapped_row_height(NAME_LINES), deals.proto.row_height
    drawn = grid_text(deals, "rep")
    assert any(w.startswith("Maximiliana") and "…" in w and w.endswith("Cruz") for w in drawn), drawn
