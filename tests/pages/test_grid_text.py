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


def _grid_of_words_by_row() -> None:
    import polars as pl

    from ui.widgets import data_grid
    from winloss import text

    # 50% on 2 deals and on 6 are one value worded two ways; Di's rate is missing, Fy's NaN; Ann's note is
    # missing but worded; Di's note and Ed's interval say "n too small" themselves.
    data_grid(pl.DataFrame({"rep": ["Ann", "Bo", "Cy", "Di", "Ed", "Fy"],
                            "win_rate": [50.0, 50.0, 40.0, None, 50.0, float("nan")],
                            "n": [2, 6, 5, 3, None, 0],
                            "note": [None, "kept", "kept", "kept", "kept", "kept"],
                            "interval": ["5–95%", "20–80%", "10–80%", None, text.N_TOO_SMALL, None]}),
              cell_words={"win_rate": ["50% (1 of 2)", "50% (3 of 6)", "40% (2 of 5)", text.DASH, "50% (1 of 2)", "no deals"],
                          "n": ["2", "six", "5", "3", text.DASH, "none"],
                          "note": ["no note", "a", "a", text.N_TOO_SMALL, "b", "a"]},
              hide_index=True)


def test_each_cell_reads_its_own_words_whatever_its_value() -> None:
    """The grid receives, cell by cell, the words given for it: one value worded two ways (50% on 2 deals and
    on 6) reads each row's own, as do a missing value, a NaN and a text cell without a value; the values stay
    as they were, and only the cells that read "n too small" are grey (the words' column and the interval's)."""
    import math
    import re

    import pyarrow as pa

    from ui.widgets import SMALL_N_COLOUR

    at = AppTest.from_function(_grid_of_words_by_row)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    grid = at.dataframe[0].proto.arrow_data
    shown = pa.ipc.open_stream(grid.styler.display_values).read_all()
    assert shown.column("win_rate").to_pylist() == ["50% (1 of 2)", "50% (3 of 6)", "40% (2 of 5)", text.DASH,
                                                    "50% (1 of 2)", "no deals"]
    assert shown.column("n").to_pylist() == ["2", "six", "5", "3", text.DASH, "none"]
    assert shown.column("note").to_pylist() == ["no note", "a", "a", text.N_TOO_SMALL, "b", "a"]
    assert shown.column("interval").to_pylist() == ["5–95%", "20–80%", "10–80%", text.DASH, text.N_TOO_SMALL, text.DASH]
    data = pa.ipc.open_stream(grid.data).read_all()
    rates = data.column("win_rate").to_pylist()
    assert rates[:5] == [50.0, 50.0, 40.0, None, 50.0] and math.isnan(rates[5])
    assert data.column("n").to_pylist() == [2, 6, 5, 3, None, 0] and pa.types.is_integer(data.schema.field("n").type)
    assert data.column("note").to_pylist() == [None, "kept", "kept", "kept", "kept", "kept"]
    (grey,) = [cells for cells, style in re.findall(r"([^{}]+)\{([^}]*)\}", grid.styler.styles) if SMALL_N_COLOUR in style]
    assert sorted(re.findall(r"row(\d+)_col(\d+)", grey)) == [("3", "3"), ("4", "4")]


def test_words_for_every_row_go_in_by_their_values_not_one_rule_a_word() -> None:
    """Each rule given the pandas Styler takes its cells out of the whole frame: one rule a distinct word made a
    leaderboard worded "42% (12 of 29)" row by row cost one a cell. Words that follow their values go in as
    one look-up from value to words for all columns; a value worded two ways adds one for its other rows."""
    from unittest.mock import patch

    from pandas.io.formats.style import Styler

    rows = 300
    rates = [round(100 * i / rows, 2) for i in range(rows)]
    frame = pl.DataFrame({"rep": [f"Rep {i}" for i in range(rows)], "win_rate": rates, "won": list(range(rows))})
    words = {"rep": [f"R{i}" for i in range(rows)], "won": [f"{w}k" for w in range(rows)],
             "win_rate": [f"{r:.0f}% ({i} of {rows})" for i, r in enumerate(rates)]}
    calls = []
    original = Styler.format
    with patch.object(Styler, "format", autospec=True, side_effect=lambda *a, **k: calls.append(a) or original(*a, **k)):
        with_cell_text(frame, {}, {}, cell_words=words)
        assert len(calls) == 3  # pandas' own as it makes the Styler, the columns' own rules, every column's words
        calls.clear()
        twice = frame.with_columns(win_rate=pl.Series([*rates[:5], rates[4], *rates[6:]]))  # rows 4 and 5: one rate
        with_cell_text(twice, {}, {}, cell_words=words)
        assert len(calls) == 4  # and row 5's words over its value's first


def test_word_layers_put_a_value_worded_otherwise_in_a_layer_of_its_own() -> None:
    """Rows go to the first look-up that words their value as they are worded: a missing value and a NaN are each
    one value (neither equals itself), and there are never more look-ups than distinct words."""
    from ui.widgets import word_layers

    values = pl.DataFrame({"rate": [50.0, 50.0, None, float("nan"), 40.0, 50.0, None, float("nan")]}).to_pandas(
        use_pyarrow_extension_array=True)["rate"]
    layers = word_layers(values, ["a", "b", "—", "none", "e", "f", "—", "none"])
    assert [rows for _, rows in layers] == [[0, 2, 3, 4, 6, 7], [1], [5]]
    assert [sorted(by_value.values()) for by_value, _ in layers] == [sorted(["a", "—", "none", "e"]), ["b"], ["f"]]
    (one,) = word_layers(values, ["x"] * 8)  # one word for all: one look-up of the 4 values (50, missing, NaN, 40)
    assert one[1] == list(range(8)) and list(one[0].values()) == ["x"] * 4
    assert word_layers(values[:0], []) == []


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
