"""The one width rule of every grid (text.column_px): a column holds its header and longest words whole,
as the grid draws them, at least the width chosen for it; and the page glue that applies it to a grid's
columns (ui.widgets.fitted_columns)."""

from __future__ import annotations

import polars as pl
import pytest
import streamlit as st

from ui.widgets import fitted_columns
from winloss import text

LONG = ["Maximiliana Alexandrina Konstantinopoulou", "Reactive Problem Solver", "Relationship Builder",
        "Blue Ridge Manufacturing Corporation of North America S.A. de C.V.",
        "No Decision / Non-Responsive after the third follow-up call", "漢字の名前", "Anna \u202eKovac"]


@pytest.mark.parametrize("words", [[w] for w in LONG] + [LONG])
def test_a_column_holds_its_longest_words_whole(words: list[str]) -> None:
    """Not one of the words is cut in a column of the rule's width (text.cut_in_cell, the grid's own
    measure): "Relationship B…" and "Reactive Problem So…" were cut at a width chosen for the column."""
    px = text.column_px("Rep", words)
    assert all(not text.cut_in_cell(text.visible(w), px) for w in words), px
    assert px == max(px for px in (text.column_px("Rep", [w]) for w in words))  # the longest decides


def test_the_header_the_least_and_the_grids_bounds() -> None:
    """A short column is its header's width (its least if wider); never narrower than the grid's 50 px nor
    wider than its 1000 px; missing words count for nothing."""
    header = "Stored deals it covers"
    assert text.column_px(header, ["3", None, ""]) == -(-text.grid_px(header) // 1) + text.GRID_CELL_PADDING
    assert text.column_px("n", ["3"]) == text.GRID_COLUMN_LEAST_PX
    assert text.column_px("Rep", ["Bo"], least=180) == 180
    assert text.column_px("Rep", ["Camila Brennan-Fitzgerald"], least=80) > 80
    assert text.column_px("Note", ["x" * 500]) == text.GRID_COLUMN_MOST_PX
    assert text.column_px(None, []) == text.GRID_COLUMN_LEAST_PX


def test_fitted_columns_sizes_every_column_whose_words_are_known() -> None:
    """Text columns by their values, a worded column (cell_words, cell_text) by its words, a choice column
    by its options' labels; a set width is the least; a number column without words and a hidden one are
    left as they were; a bare label keeps its label."""
    frame = pl.DataFrame({"rep": [LONG[0], "Bo", None], "team": ["NA Commercial", None, "LATAM"],
                          "won": [4_990_000.0, 5.0, None], "rate": [42.0, 3.0, None], "n": [1, 2, 3],
                          "role": ["viewer", "admin", "viewer"], "hidden": ["a" * 90, "b", "c"]})
    config = {"rep": st.column_config.TextColumn("Rep", width=120), "team": "Team", "n": st.column_config.NumberColumn("n", width=44),
              "role": st.column_config.SelectboxColumn("Role", options=["viewer", "admin"],
                                                       format_func=lambda r: {"viewer": "Can read every page", "admin": "Admin"}[r]),
              "hidden": None}
    fitted = fitted_columns(frame, config, cell_text={"won": text.compact},
                            cell_words={"rate": ["42%", text.N_TOO_SMALL, text.DASH]})
    assert fitted["rep"]["width"] == text.column_px("Rep", [LONG[0], "Bo"]) > 120 and fitted["rep"]["label"] == "Rep"
    assert fitted["team"] == {"label": "Team", "width": text.column_px("Team", ["NA Commercial", "LATAM"])}
    assert fitted["won"]["width"] == text.column_px("won", ["4.99M", "5"])
    assert fitted["rate"]["width"] == text.column_px("rate", [text.N_TOO_SMALL])
    assert fitted["role"]["width"] == text.column_px("Role", ["Can read every page"])
    assert fitted["n"] == config["n"] and fitted["hidden"] is None
