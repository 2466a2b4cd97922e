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
