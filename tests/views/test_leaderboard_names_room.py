"""The leaderboard's name columns at a laptop's width: the board fits the page at 1280 px with the sidebar open
whatever its names' lengths. Each name column was as wide as its longest name, so a 40-letter rep and a team of
as many made the board scroll 388 px sideways, its rates and team out of view (tests/e2e measures it drawn)."""

from __future__ import annotations

from winloss import text
from winloss.views.reps import (
    BOARD_ROOM_PX,
    NAME_HEADER_PX,
    NAME_LINES,
    WRAP_SLACK_PX,
    name_columns,
)

LONG = {"rep": ["Maximiliana Alexandrina Konstantinopoulou", "Bo Lind", "Camila Brennan-Fitzgerald"],
        "seller_profile": ["Reactive Problem Solver", "Lone Wolf"],
        "team": ["North America Commercial Mid-Market", "EMEA North — Nordics and Baltics", "LATAM"]}
SHORT = {"rep": ["Ann Lee", "Bo Lind"], "seller_profile": ["Challenger", "Lone Wolf"], "team": ["EMEA", "APAC"]}
# The other columns of a board with a Left on column, at their drawn widths (the long-names store at 1280 px).
OTHERS_PX = 612


def _needs(names):
    return {column: text.column_px(None, words, NAME_HEADER_PX[column]) for column, words in names.items()}


def test_names_that_fit_keep_their_whole_width_on_one_line():
    needs = _needs(SHORT)
    sized = name_columns(needs, OTHERS_PX, SHORT)
    assert sized.widths == needs and sized.lines is None


def test_long_names_share_what_the_other_columns_leave_and_wrap():
    needs = _needs(LONG)
    assert sum(needs.values()) + OTHERS_PX > BOARD_ROOM_PX  # the board scrolled sideways
    sized = name_columns(needs, OTHERS_PX, LONG)
    assert sum(sized.widths.values()) + OTHERS_PX <= BOARD_ROOM_PX
    assert all(sized.widths[c] >= NAME_HEADER_PX[c] for c in needs)  # each header whole beside its sort arrow
    assert sized.lines == NAME_LINES


def test_with_room_enough_a_narrowed_column_keeps_its_longest_word_on_a_line():
    needs = _needs(LONG)
    sized = name_columns(needs, OTHERS_PX - 120, LONG)
    word = text.grid_px("Konstantinopoulou") + text.GRID_CELL_PADDING + WRAP_SLACK_PX
    assert needs["rep"] > sized.widths["rep"] >= word
    assert sum(sized.widths.values()) + OTHERS_PX - 120 <= BOARD_ROOM_PX


def test_a_name_too_long_for_the_rows_lines_is_cut_marked_keeping_its_start_and_end():
    sized = name_columns(_needs(LONG), OTHERS_PX, LONG)
    cell = sized.cell("rep")
    drawn = cell("Maximiliana Alexandrina Konstantinopoulou")
    assert drawn.startswith("Maximilian") and "…" in drawn and drawn.endswith("poulou")
    assert cell("Bo Lind") == "Bo Lind" and cell(None) == ""
    room = sized.widths["rep"] - text.GRID_CELL_PADDING - WRAP_SLACK_PX
    assert all(text.grid_px(line) <= room for line in drawn.split(" "))


def test_other_columns_wider_than_the_room_leave_the_headers_whole_and_the_board_scrolls():
    needs = _needs(LONG)
    sized = name_columns(needs, BOARD_ROOM_PX, LONG)
    assert sized.widths == NAME_HEADER_PX


def test_in_presenter_mode_at_1024_px_the_board_fits_with_its_spare_columns_one_switch_away():
    """Presenter mode on a projector's 1024 px: the board's room is the page's 962 px there, less the rows'
    checkboxes, in px of the app's type (PRESENTER_BOARD_ROOM_PX); it had 948 px, 1280 px's, and ran past the
    screen with its Team out of view. The columns it cannot hold go behind its All columns switch, its 95% CI
    first: at the app's type until the names' headers fit, in presenter mode until its names read whole on one
    line, or else uncut. At the app's type at 1280 px every column still shows."""
    import polars as pl

    from ui.drill import PRESENTER_NARROWEST_SCREEN_PX, ROW_MARKER_PX
    from ui.style import PRESENTER_TYPE
    from winloss.views.reps import BOARD_SPARE, PRESENTER_BOARD_ROOM_PX, board_layout

    assert round(PRESENTER_BOARD_ROOM_PX * PRESENTER_TYPE) + ROW_MARKER_PX <= PRESENTER_NARROWEST_SCREEN_PX
    others = {"win_rate": 82, "interval": 63, "n": 44, "no_decision_share_of_losses": 82, "nd_n": 54,
              "win_rate_qoq": 59, "nd_qoq": 59, "won_amount": 78}

    def board(names: dict[str, list[str]]) -> tuple[pl.DataFrame, dict[str, int]]:
        rows = max(map(len, names.values()))  # each column's names in turn down the rows
        cells = {c: [names[c][i % len(names[c])] for i in range(rows)] for c in names}
        table = pl.DataFrame({"rep": cells["rep"], "seller_profile": cells["seller_profile"],
                              **{c: [1.0] * rows for c in others}, "team": cells["team"]})
        return table, {**_needs(names), **others}

    short = {"rep": ["Ann Lee", "Bo Lind"], "seller_profile": ["Reactive Problem Solver", "Lone Wolf"],
             "team": ["North America Enterprise", "APAC"]}
    table, widths = board(short)
    assert sum(widths.values()) > PRESENTER_BOARD_ROOM_PX  # the board ran past the screen
    shown, sized = board_layout(table, widths, PRESENTER_BOARD_ROOM_PX, PRESENTER_TYPE)
    assert "team" in shown and {"rep", "win_rate", "n"} <= set(shown) and set(table.columns) - set(shown) <= set(BOARD_SPARE)
    assert sized.lines is None and sum(sized.widths.values()) + sum(others.get(c, 0) for c in shown) <= PRESENTER_BOARD_ROOM_PX
    # At the app's type the names' headers are enough: only what they need is left out, at 1280 px nothing.
    at_type, _ = board_layout(table, widths, PRESENTER_BOARD_ROOM_PX)
    assert at_type == [c for c in table.columns if c != "interval"] and len(at_type) > len(shown)
    assert board_layout(table, widths, BOARD_ROOM_PX)[0] == list(table.columns)
    # Names too long for one line: wrapped onto the rows' lines, none cut ("Asia Pacific …ccounts"), no word broken
    # by its letters ("Konstantinopo / ulou"), where leaving spare columns out makes room for them.
    table, widths = board(LONG)
    shown, sized = board_layout(table, widths, PRESENTER_BOARD_ROOM_PX, PRESENTER_TYPE)
    assert sized.lines == NAME_LINES and "team" in shown
    assert all(text.ELLIPSIS not in sized.cell(c)(name) for c in sized.widths for name in LONG[c])
    assert all(text.grid_px(word) <= sized.widths[c] - text.GRID_CELL_PADDING - WRAP_SLACK_PX
               for c in sized.widths for name in LONG[c] for word in name.split())
