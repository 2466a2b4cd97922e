"""A data grid whose cells the engine words (ui.widgets.data_grid's cell_text): the text drawn is the
rule's, the values stay numbers, and no other column is written another way than the grid's own."""

from __future__ import annotations

import polars as pl
import pytest
from app_driver import grid_text
from streamlit.testing.v1 import AppTest

from ui.widgets import with_cell_text
from winloss import text


def test_the_other_columns_read_as_the_grid_writes_them() -> None:
    """Every text column and every number column without a format draws the Styler's text: a missing
    name must read "—" (not "None"), a count with a missing value "12" (not "12.000000")."""
    frame = pl.DataFrame({"rep": ["Ann", None], "n": [12, None], "won": [4_990_000.0, None]})
    shown = with_cell_text(frame, {"won": text.compact}, {}).to_html()
    for cell in ("Ann", "12", "4.99M", text.DASH):
        assert f">{cell}</td>" in shown, cell
    assert "None" not in shown and "nan" not in shown.lower() and "12.0" not in shown


def test_a_float_column_without_a_format_or_a_rule_is_refused() -> None:
    """Its cells would read pandas' "0.456000": say so where the grid is made, not on the screen."""
    frame = pl.DataFrame({"won": [1.0], "rate": [0.456]})
    with pytest.raises(ValueError, match="rate"):
        with_cell_text(frame, {"won": text.compact}, {})
    with_cell_text(frame, {"won": text.compact}, {"rate": {"type_config": {"format": "%.0f%%"}}})  # a format: fine


def _grid_of_six_cells() -> None:
    import polars as pl

    from ui.widgets import data_grid
    from winloss import text

    data_grid(pl.DataFrame({"rep": ["Ann", "Bo", "Cy"], "won": [950.0, 23_420.0, 5_026_400.0]}),
              cell_text={"won": text.compact}, hide_index=True)


def test_a_grid_larger_than_pandas_styler_limit_is_still_drawn() -> None:
    """Streamlit refuses a Styler of more cells than pandas' styler.render.max_elements (262,144, a
    leaderboard of 24,000 reps): the grid raises that limit for itself. Here the limit is 4, the grid 6."""
    import pandas as pd

    at = AppTest.from_function(_grid_of_six_cells)
    with pd.option_context("styler.render.max_elements", 4):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert grid_text(at.dataframe[0], "won") == ["950", "23.4k", "5.03M"]
    assert list(at.dataframe[0].value["won"].astype("float64")) == [950.0, 23_420.0, 5_026_400.0]


def test_cell_words_write_each_row_grey_n_too_small_and_hold_no_withheld_rate() -> None:
    """Words the engine chose row by row are drawn over the values, which stay numbers, so the column sorts
    by them; a text cell that says "n too small" is grey. A rate withheld on too few deals kept behind
    "n too small" is refused: the grid sent it to the browser, sorted by it and read it out. Words not one
    a row are refused too."""
    from ui.widgets import SMALL_N_COLOUR

    frame = pl.DataFrame({"rep": ["Ann", "Bo", "Cy"], "win_rate": [40.0, None, None], "interval": ["30–50%", text.N_TOO_SMALL, None]})
    words = {"win_rate": ["40%", text.DASH, text.DASH]}
    styler = with_cell_text(frame, {}, {}, cell_words=words)
    shown = styler.to_html()
    for cell in ("40%", text.N_TOO_SMALL, text.DASH):
        assert f">{cell}</td>" in shown, cell
    assert styler.data["win_rate"].astype("float64")[0] == 40.0 and styler.data["win_rate"][1:].isna().all()
    styler._compute()  # the styles applied, as Streamlit applies them
    grey = [(r, c) for (r, c), styles in styler.ctx.items() if ("color", SMALL_N_COLOUR) in styles]
    assert sorted(grey) == [(1, 2)]  # the interval that says so, nothing else
    kept = frame.with_columns(win_rate=pl.Series([40.0, 33.3, None]))
    with pytest.raises(ValueError, match="win_rate"):
        with_cell_text(kept, {}, {}, cell_words={"win_rate": ["40%", text.N_TOO_SMALL, text.DASH]})
    with pytest.raises(ValueError, match="win_rate"):
        with_cell_text(frame, {}, {}, cell_words={"win_rate": ["40%"]})


def test_words_for_a_number_cell_without_a_value_are_refused() -> None:
    """Words in a number cell without a value ("€77,500 (not converted)") were sent with -inf in its place, the
    one number the grid drew them over: its table for screen readers read "-Infinity". No stand-in is sent:
    such words are refused, for a text column of their own; "—" there is what the grid draws anyway."""
    frame = pl.DataFrame({"amount": [5000.0, None, None]})
    with pytest.raises(ValueError, match="amount"):
        with_cell_text(frame, {}, {}, cell_words={"amount": ["$5,000", "€77,500 (not converted)", text.DASH]})
    styler = with_cell_text(frame, {}, {}, cell_words={"amount": ["$5,000", text.DASH, text.DASH]})
    assert styler.data["amount"].isna().tolist() == [False, True, True]  # nothing stands in for a missing value


@pytest.mark.parametrize(("rows_in_view", "rows", "limit", "shown"), [
    (41, 41, 560, 13.5),  # a leaderboard of 41 reps in 560 px: 13 whole rows and half of the next
    (12, 188, 460, 11.5),  # 12 rows in view of 188: the 12th is cut in half
    (12, 15, 460, 11.5),
    (12, 12, 460, 12),  # every row in view: no row is cut
    (5, 5, 560, 5),
    (3, 40, None, 2.5),
])
def test_a_grid_holding_more_rows_than_it_shows_ends_halfway_through_a_row(rows_in_view, rows, limit, shown):
    """Ending exactly on a row's edge, a grid of 41 reps showed 15 with no sign that more followed."""
    from ui.widgets import grid_height

    header, row = 35, 35
    height = grid_height(header, row, rows_in_view, rows, limit)
    assert (height - header - 3) / row == pytest.approx(shown, abs=0.02)
    assert limit is None or height <= limit


def _grid_of_long_names() -> None:
    import polars as pl
    import streamlit as st

    from ui.widgets import data_grid

    names = ["Maximiliana Alexandrina Konstantinopoulou", "Bo", None]
    data_grid(pl.DataFrame({"rep": names, "note": names, "wrapped": names, "n": [3, 2, 1]}), hide_index=True,
              column_config={"rep": st.column_config.TextColumn("Rep", width=120),
                             "note": st.column_config.TextColumn("Note")})
    data_grid(pl.DataFrame({"rep": names}), hide_index=True, lines=3,
              column_config={"rep": st.column_config.TextColumn("Rep", width=120)})


def test_a_name_too_long_for_its_set_width_widens_its_column_and_reads_whole() -> None:
    """A text column is as wide as its longest name (text.column_px), its set width the least, with or without
    one: its cells draw the names as they are, where they were cut with "…" at the set width, and a stretched
    grid then showed "Reactive Problem So…" beside empty room. A number column keeps its own width, and a grid
    whose rows wrap (`lines`) its set width."""
    import json

    at = AppTest.from_function(_grid_of_long_names)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    fitted, wrapped = at.dataframe
    long = "Maximiliana Alexandrina Konstantinopoulou"
    widths = {name: column.get("width") for name, column in json.loads(fitted.proto.columns).items()}
    assert widths["rep"] == text.column_px("Rep", [long, "Bo"]) > 120
    assert widths["note"] == widths["wrapped"] == text.column_px("Note", [long]) and widths.get("n") is None
    assert grid_text(fitted, "rep") == [] and list(fitted.value["rep"])[:2] == [long, "Bo"]  # drawn as they are
    assert json.loads(wrapped.proto.columns)["rep"]["width"] == 120


def test_a_grid_draws_text_from_a_file_without_its_direction_controls_and_its_escape_bytes():
    """A region "Anna \u202eKovac" in a deal list read "Anna cavoK" and reordered the cell's text; an escape
    byte drew nothing. Columns with neither are passed on as they are."""
    from ui.widgets import visible_text

    frame = pl.DataFrame({"region": ["Anna \u202eKovac", None, "EMEA"], "rep": ["\x1b[31mRed", "Ann", "Bo"],
                          "n": [1, 2, 3]})
    shown = visible_text(frame)
    assert shown.get_column("region").to_list() == ["Anna Kovac", None, "EMEA"]
    assert shown.get_column("rep").to_list() == ["␛[31mRed", "Ann", "Bo"]
    assert visible_text(frame, ("region", "rep")) is frame
    plain = pl.DataFrame({"region": ["EMEA"], "n": [1]})
    assert visible_text(plain) is plain
