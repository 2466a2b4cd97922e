"""Small drawing helpers every page uses: a chart with its caption and data, rates, money."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui.context import presentation_from_url
from ui.style import PRESENTER_TYPE
from winloss.access import Role
from winloss.present.charts import sparkline
from winloss.present.selection import choice_words, choices, points
from winloss.present.theme import styled
from winloss import text
from winloss.text import DASH, N_TOO_SMALL, is_no_change, md, slug
from winloss.text import money as money_text
from winloss.views.common import ChartView, Tile, chart_file, chart_file_name


def metric(tile: Tile, chart_type: str = "line", *, role: Role | None) -> None:
    """One tile as the view decided it: value (with its n when it is a rate), change, what it compares,
    and its trend under it; its help in the words the visitor's `role` needs (Tile.help_for).

    The trend is a small Plotly line, not st.metric's own sparkline: that one logs "Infinite extent"
    warnings in the browser console on every draw (its hover layer starts with no data), which
    would hide real console errors.
    """
    with st.container(border=True, height="stretch"):
        flat = is_no_change(tile.change)  # "±0 pts" is neither better nor worse: grey, no arrow
        st.metric(
            tile.label, tile_value(tile.figure, words=tile.in_words, n=tile.n, aside=tile.aside), tile.change,
            delta_color="off" if flat else "inverse" if tile.bad_when_up else "normal",
            delta_arrow="off" if flat else "auto", delta_description=tile.change_words, help=tile.help_for(role),
        )
        if tile.withheld:  # the change is not shown: the tile says why (fixed words and numbers only)
            st.caption(tile.withheld)
        if tile.trend_drawn:
            st.plotly_chart(
                sparkline(list(tile.trend), small=tile.trend_small, area=chart_type == "area"), theme=None,
                config={"staticPlot": True, "displayModeBar": False}, key=f"trend-{slug(tile.label)}",
            )


def definitions(markdown: str) -> None:
    """Definitions one click away, not a paragraph of formulas under every chart."""
    with st.expander("Definitions", icon=":material/info:"):
        st.markdown(markdown)


def tile_value(figure: str, *, words: bool = False, n: int | None = None, aside: str | None = None) -> str:
    """A tile's value as st.metric takes it, the one way every tile writes it (every page's, the review's
    headline): `figure` ("42%", "$1.2M"), or, when it is `words` in a figure's place ("n too small", "No rate
    for EUR": Tile.in_words), in the smaller type of phrase_value, which keeps them on one line of a tile in
    presenter type at 1280 px (in a figure's type "n too small" took two); a rate's `n` beside it (with_n: a rate
    never shows without its n); and what the value leaves out (`aside`, "no rate for EUR") on a line of its own
    under it, in the small grey type. Beside the value, the aside fitted one tile and fell under it in the next.
    """
    value = phrase_value(figure) if words else figure
    if n is not None:
        value = with_n(value, n)
    # A Markdown line break: ui.style sets the line it starts in the aside's own type.
    return f"{value}  \n{small_aside(aside)}" if aside else value


def small_aside(words: str) -> str:
    """`words` (plain text, from the engine) in a tile's small grey type beside its value, escaped."""
    return f":small[:gray[{md(words)}]]"


def phrase_value(words: str) -> str:
    """Words in a tile's figure's place ("No rate for EUR": Tile.phrase), escaped, in a smaller type than a
    figure's (a small span, which ui.style sets between the figure's type and a rate's n's): in the figure's
    type they wrapped onto three lines of a rep's tile."""
    return f":small[{md(words)}]"


def with_n(value: str, n: int) -> str:
    """A tile's rate with its n beside it, in small type: a rate never shows without its n."""
    return f"{value} :small[:gray[n = {n:,}]]"


def money(value: float | None, currency: str, hide: bool = False) -> str:
    """An amount in `currency` (the view's reporting currency) as winloss.text writes it; when amounts are
    hidden, nothing of the value shows."""
    return "hidden" if hide else money_text(value, currency)


# No mode bar on a chart: shown on hover over the figure's top right, it covered the title of a chart in
# a half-width column (after a click on a bar, with a "Zoom" tooltip), and its tools bring nothing here:
# the axes cannot zoom or pan (theme's fixedrange), the data is one click away as a CSV under the chart,
# presenter mode draws it larger, and the review exports a deck. (Its PNG download and the full-screen
# button Streamlit adds to it go with it.)
CHART_CONFIG: Final = {"displayModeBar": False, "displaylogo": False}


def chart(
    figure: go.Figure,
    caption: str,
    data: pl.DataFrame | None = None,
    *,
    view: ChartView,
    key: str,
    presenter: bool | None = None,
    on_select: bool = False,
    subject: str | None = None,
):
    """Draw a figure in the shared template with its caption (denominator and n) and a CSV of its data.
    `presenter`: sized for presenter mode; by default as the URL asks, as data_grid reads it (the
    Profile assessment's chart, drawn without saying, stayed small in presenter mode).

    Returns the selection event when `on_select` is set (for drill-down), else None. With `on_select`, a
    list under the caption offers the chart's bars and points (choice_ui), for a keyboard; what is chosen
    there is returned as a click on it would be, unless the chart itself was clicked. Presenter mode
    draws no list: a screen-shared chart is clicked.

    The CSV states `view`, the view the chart draws (the page's: ui.context.View.chart_view), on every row
    (a chart by quarter's row, the days of its own quarter), and is named after `subject` (what the chart is
    about; by default its title), the days its rows count and that view's filters, all by views.common
    (chart_file, chart_file_name). A chart whose title can be a sentence said in place of its
    data ("No rep has 20 losses in this range: none is ranked") gives its subject.
    """
    if presenter is None:
        presenter = presentation_from_url().presenter
    event: Any = st.plotly_chart(
        styled(figure, presenter),
        key=key,
        on_select="rerun" if on_select else "ignore",
        selection_mode=("points",) if on_select else ("points", "box", "lasso"),
        config=CHART_CONFIG,
        theme=None,  # Streamlit's own theme would override the shared template (and presenter sizes)
    )
    st.caption(caption)
    if on_select and not presenter:
        chosen = choice_ui(figure, key)
        if chosen is not None and not points(event):  # a click wins over what the list holds
            event = {"selection": {"points": [chosen]}}
    if data is not None and not presenter:
        # Below the caption, sized to its label: in a half-width column a side button truncates.
        # Every chart's CSV by one small-n rule (a rate on too few deals empty, its n beside it), with the view it
        # is of, and as every file writes it (views.common.chart_file): amounts to the reporting currency's minor
        # unit, a rep's leaving as dates. Made only when clicked, on a thread without this run's context, from
        # what this run hands it: making every chart's file on every run was a seventh of a page's run.
        download(
            st, "Data behind this chart (CSV)", functools.partial(chart_file, data, view),
            file_name=chart_file_name(subject or figure.layout.title.text or key, view, data), mime="text/csv",
            key=f"{key}-csv", icon=":material/download:", type="tertiary",
        )
    return event if on_select else None


def download(where: Any, label: str, data: Any, *, file_name: str, mime: str, key: str | None = None,
             **options: Any) -> None:
    """Every download button of the app, drawn in `where` (st, a column or a container): a click fetches
    the file and nothing else (on_click="ignore").

    A click that ran the page again (Streamlit's default) gave every button whose file is built on click
    (`data` a callable: the deck, the HTML report, a list's Deals CSV, a chart's CSV) a new file id and
    dropped the old one, even in a run the next click cut short before it drew that button: a click on it
    while the browser still held the old id fetched nothing, with no message (the server logged "Deferred
    file … not found"). No download changes what a page shows, so none runs it again."""
    where.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click="ignore", **options)


CHOICE_WIDTH = 320  # px: a chart's list of bars, the width of its longest names, not the page's


def choice_ui(figure: go.Figure, key: str) -> dict[str, Any] | None:
    """Under a chart that drills (`key`: its widget key, ui.drill.key), a list of its bars and points
    (winloss.present.selection.choices) that Tab reaches, the arrow keys move in and Enter chooses:
    no bar of a Plotly chart takes the keyboard's focus. Returns the chosen one's point, shaped as a
    click's, or None. Keyed from the chart's key, so a fresh key after a drill clears it as it clears
    a click. Nothing is drawn for a chart with nothing to click (an empty chart)."""
    offered = {choice.label: choice.point for choice in choices(figure)}
    if not offered:
        return None
    words = choice_words(figure)
    # The options are plain text: a selectbox draws them as typed (no Markdown), names from files included.
    picked = st.selectbox(words.label, list(offered), index=None, placeholder=words.placeholder,
                          key=f"{key}-choose", label_visibility="collapsed", width=CHOICE_WIDTH)
    return offered.get(picked) if picked is not None else None


def empty_state(message: str, advice: str) -> None:
    """A friendly stop for a range or filter that matches nothing: `message`, then what to do
    (winloss.views.common.nothing_shown_advice)."""
    st.info(f"{message} {advice}", icon=":material/filter_alt_off:")


SMALL_N_COLOUR = "#808495"  # a withheld rate's "n too small" in a grid: greyed, as DESIGN's small-n rule says

ROW_HEIGHT = 35  # px: a grid row at the app's type (Streamlit's 2.1875rem of a 16 px root)


def row_height(presenter: bool) -> int:
    """A grid row's height in px: ROW_HEIGHT, scaled with presenter type (ui.style.PRESENTER_TYPE)."""
    return round(ROW_HEIGHT * (PRESENTER_TYPE if presenter else 1))


# px: Streamlit's named column widths (its grid's small / medium / large).
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}


def presenter_columns(config: dict[str, Any]) -> dict[str, Any]:
    """`config` (st.dataframe's column_config: a label or an st.column_config column per column) with
    every set width PRESENTER_TYPE wider, in px: a width is in px while presenter type is larger, so
    a name that fitted its column was cut ('Camila Brennan' read 'Camila Brenna')."""
    scaled: dict[str, Any] = {}
    for name, column in config.items():
        if isinstance(column, dict) and column.get("width") is not None:
            width = column["width"]
            px = NAMED_WIDTHS[width] if isinstance(width, str) else width
            column = {**column, "width": round(px * PRESENTER_TYPE)}
        scaled[name] = column
    return scaled


LINE_HEIGHT = 21  # px: a line of a grid cell's text that wraps, at the app's type
WRAP_PADDING = 12  # px above and below the lines of a wrapped cell
# The grid wraps a cell's text only in rows taller than 4rem (64 px): fewer lines could not wrap at all.
MIN_WRAPPED_LINES = 3


def header_height(presenter: bool) -> int:
    """A grid header's height in px: one unwrapped row (row_height), however tall `lines` makes the rows."""
    return row_height(presenter)


def wrapped_row_height(lines: int) -> int:
    """A grid row's height in px, at the app's type, that holds `lines` lines of a cell's text (at
    least MIN_WRAPPED_LINES, the fewest with which the grid wraps)."""
    return max(lines, MIN_WRAPPED_LINES) * LINE_HEIGHT + WRAP_PADDING


def grid_height(header: int, row: int, rows_in_view: int, rows: int, limit: int | None = None) -> int:
    """A grid's height in px that shows `rows_in_view` of its `rows` rows (each `row` px, under a
    `header` px header), at most `limit` px. When some rows are out of view, the grid ends halfway
    through a row: ending on a row's edge, a leaderboard of 41 reps showed 15 with no sign that more
    followed (the scroll bar shows only under the pointer)."""
    # The header is one unwrapped row tall whatever the rows' lines (counted as a wrapped row, the
    # History grid showed an empty row under its last); 3 px of borders.
    base = header + 3
    height = base + row * rows_in_view
    if limit is not None:
        height = min(height, limit)
    if rows > rows_in_view or height < base + row * rows_in_view:
        whole = max(1, (height - base) // row)  # the rows that fit whole
        height = base + row * (whole - 1) + row // 2 + row % 2 if whole > 1 else base + row
    return height


def data_grid(data: pl.DataFrame, *, rows_in_view: int | None = None, max_height: int | None = None,
              lines: int | None = None, cell_text: Mapping[str, Callable[[Any], str]] | None = None,
              cell_words: Mapping[str, Sequence[str]] | None = None, **options: Any) -> Any:
    """Every page's data grid: st.dataframe with `options` (its keyword arguments), sized for presenter
    mode when the URL asks for it (rows and set column widths ui.style.PRESENTER_TYPE larger, and
    the text too, through the root size). Returns what st.dataframe returns (the selection event when `on_select` is set).

    A missing value reads DASH unless `options` give another `placeholder`: st.dataframe's own is
    "None", Python's word, which a grid drawn without one showed (a HubSpot deal with no account).

    `cell_text` writes the named columns' cells with the engine's own rule ({"won_amount":
    text.compact}: "4.99M") where no column format can (see `with_cell_text`); the cells keep
    their values, so the column still sorts by value. `cell_words` writes the named columns' cells
    with words the engine chose row by row ({"won_amount": ["1.10M*", "—", ...]}), the values kept alike
    (a rate withheld on too few deals holds none: withheld_values). Any cell that reads
    text.N_TOO_SMALL is drawn grey, as every withheld rate is.

    Every text column, and every column whose cells the engine words, is as wide as its longest words
    and its header (fitted_columns, text.column_px), at least its set width: no cell is cut short. Not
    with `lines`, whose set widths its cells wrap in.
    A text column holding characters that would reorder or hide the grid's words (a direction override
    from a file) is drawn by text.visible (visible_text).

    `rows_in_view` sets the height to show that many rows under the header, at most `max_height` px
    (both at the app's type; presenter mode scales them). `lines` makes each row that many lines of
    text tall and wraps a long cell onto them (the column's width set), where it would be cut.

    The grid reads the root size for its text once, when it is first drawn: in presenter mode it is
    drawn inside a container of its own, so turning presenter mode on or off draws it afresh rather
    than keeping the type it had.
    """
    options.setdefault("placeholder", DASH)
    data = visible_text(data, (*(cell_text or {}), *(cell_words or {})))
    if lines is None:  # before presenter mode scales the widths: its type grows with them
        options["column_config"] = fitted_columns(data, options.get("column_config") or {}, cell_text, cell_words)
    presenter = presentation_from_url().presenter
    row = row_height(presenter)
    if lines is not None:
        row = round(wrapped_row_height(lines) * (PRESENTER_TYPE if presenter else 1))
        options["row_height"] = row
    if presenter and options.get("column_config"):
        options["column_config"] = presenter_columns(options["column_config"])
    if rows_in_view is not None:
        scale = PRESENTER_TYPE if presenter else 1
        options["height"] = grid_height(header_height(presenter), row, rows_in_view, data.height,
                                        None if max_height is None else round(max_height * scale))
    shown: Any = data
    room: contextlib.AbstractContextManager = contextlib.nullcontext()
    if cell_text or cell_words:
        import pandas as pd  # here, not at the top: the Overview's cold start imports no pandas

        shown = with_cell_text(data, cell_text or {}, options.get("column_config") or {}, options["placeholder"],
                               cell_words)
        # Streamlit refuses a Styler of more cells than this pandas option allows (262,144 by default):
        # a leaderboard of 24,000 reps would have stopped the page.
        limit = "styler.render.max_elements"
        room = pd.option_context(limit, max(data.height * data.width, pd.get_option(limit)))
    if not presenter:
        with room:
            return st.dataframe(shown, **options)
    options.setdefault("row_height", row)
    with st.container(), room:
        return st.dataframe(shown, **options)


# px the grid draws an editable column's pencil before its header (glide-data-grid: ceil(headerIconSize 18 × 1.3)):
# measured without it, the roster's "Coach", over cells of "—", read "Coac".
EDIT_ICON_PX: Final = 24


def data_editor(data: pl.DataFrame, **options: Any) -> Any:
    """Every page's editable grid: st.data_editor with `options`, each column as wide as its longest words
    (fitted_columns), an editable one's header whole beside the pencil the grid draws before it (EDIT_ICON_PX),
    every width PRESENTER_TYPE wider in presenter mode as data_grid's are."""
    disabled = options.get("disabled", False)
    locked = set(data.columns) if disabled is True else set(disabled or ())
    config = fitted_columns(data, options.get("column_config") or {})
    for name, column in config.items():
        if name in data.columns and name not in locked and isinstance(column, dict) and isinstance(column.get("width"), int):
            header = text.column_px(column.get("label") or name, ()) + EDIT_ICON_PX
            config[name] = {**column, "width": max(column["width"], min(header, text.GRID_COLUMN_MOST_PX))}
    options["column_config"] = presenter_columns(config) if presentation_from_url().presenter else config
    return st.data_editor(data, **options)


def fitted_columns(data: pl.DataFrame, column_config: Mapping[str, Any],
                   cell_text: Mapping[str, Callable[[Any], str]] | None = None,
                   cell_words: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """`column_config` (st.dataframe's or st.data_editor's: a label or an st.column_config column per
    column) with each of `data`'s columns whose words are known as wide as text.column_px makes it: its
    header and longest words whole, at least its set width (px at the app's type, or a named width).
    The words are a `cell_words` column's, a `cell_text` column's rule's, or a text column's values;
    a number, date or check column without them keeps its config, and a hidden one (None) stays hidden.
    Streamlit's grid clips a text wider than its column with "…" and has no tooltip for a cell, and a
    stretched grid widens the columns after the words were chosen: so the column holds them itself."""
    config = dict(column_config)
    for name, dtype in data.schema.items():
        column = config.get(name, name)
        if column is None:
            continue
        if cell_words and name in cell_words:
            words: list[str] = [str(word) for word in cell_words[name]]
        elif dtype in (pl.String, pl.Categorical, pl.Enum) or (cell_text and name in cell_text):
            values = data.get_column(name).drop_nulls().unique().to_list()
            rule = (cell_text or {}).get(name, str)
            words = [rule(value) for value in values]
        else:
            continue
        options = ((column.get("type_config") or {}).get("options") or []) if isinstance(column, dict) else []
        if options:  # a choice column draws its options' labels, and one may choose any of them
            words = [str(option.get("label") if option.get("label") is not None else option.get("value"))
                     if isinstance(option, dict) else str(option) for option in options]
        label = column if isinstance(column, str) else (column.get("label") or name)
        width = column.get("width") if isinstance(column, dict) else None
        least = NAMED_WIDTHS.get(width, 0) if isinstance(width, str) else (width or 0)
        px = text.column_px(label, words, least)
        config[name] = {**column, "width": px} if isinstance(column, dict) else {"label": label, "width": px}
    return config


def visible_text(data: pl.DataFrame, written: Sequence[str] = ()) -> pl.DataFrame:
    """`data` with each text column (but those `written` by a cell_text or cell_words rule) that holds a
    character text.visible changes (a direction override, a zero-width space, an escape byte) written by
    text.visible, so that a value from a file cannot reorder the grid's text ("x \u202eslx.csv" drawn
    "x vsc.xls") or hide in it; the same frame when none does (the usual case: one pattern search a column)."""
    changed = []
    for name, dtype in data.schema.items():
        if name in written or dtype not in (pl.String, pl.Categorical, pl.Enum):
            continue
        column = data.get_column(name).cast(pl.String)
        if column.str.contains(text.NOT_VISIBLE).any():
            distinct = column.drop_nulls().unique()
            changed.append(column.replace(distinct, [text.visible(v) for v in distinct.to_list()]))
    return data.with_columns(changed) if changed else data


def words_without_value(data: pl.DataFrame, cell_words: Mapping[str, Sequence[str]], missing: str = DASH) -> list[str]:
    """The number columns of `data` whose `cell_words` put words other than `missing` in a cell without a
    value ("€77,500 (not converted)", "No rate*"). The grid draws its placeholder there whatever words it
    is given (Streamlit 1.67 checks the value first), NaN as an error cell reading "NaN", and a number
    standing in for the value is what its table for screen readers reads: -inf, once sent so that such
    words showed, read "-Infinity". Such words go in a text column of their own, beside the numbers
    (ui.drill.with_not_converted, views.reps.won_not_converted), which keep sorting by value."""
    return [name for name, column_words in cell_words.items()
            if name in data.columns and data.schema[name].is_numeric() and data.get_column(name).null_count()
            and any(value is None and word != missing
                    for value, word in zip(data.get_column(name).to_list(), column_words, strict=True))]


def withheld_values(data: pl.DataFrame, cell_words: Mapping[str, Sequence[str]]) -> list[str]:
    """The number columns of `data` whose `cell_words` write text.N_TOO_SMALL over a cell that holds a value: a
    rate withheld on too few deals kept behind its words. A grid sends every value to the browser, sorts its
    column by them (the withheld reps ordered by the rates withheld) and its table for screen readers reads
    them out; no figure's data holds a withheld rate either (present.withheld)."""
    return [name for name, column_words in cell_words.items()
            if name in data.columns and data.schema[name].is_numeric()
            and any(value is not None and word == N_TOO_SMALL
                    for value, word in zip(data.get_column(name).to_list(), column_words, strict=True))]


def with_cell_text(data: pl.DataFrame, cell_text: Mapping[str, Callable[[Any], str]],
                   column_config: Mapping[str, Any], missing: str = DASH,
                   cell_words: Mapping[str, Sequence[str]] | None = None) -> Any:
    """`data` as a pandas Styler whose `cell_text` columns read `cell_text[column](value)` (a missing
    value: `missing`) and whose `cell_words` columns read `cell_words[column][row]` (one entry a row of
    `data`) while their cells keep the values: a number column stays a number column, sorted by value,
    not by its text. Every cell that reads text.N_TOO_SMALL is grey (SMALL_N_COLOUR).

    The grid draws a Styler's text in every text column and every number column without a format of
    its own (Streamlit 1.67: a column format wins over it). The other columns keep what the grid
    would write: text as it is, an integer in plain digits, a missing value `missing`. A float
    column neither named here nor given a format in `column_config` would read pandas' "0.456000",
    so it is refused: ValueError; so are words for a column `data` lacks or not one a row, words
    other than `missing` for a number cell without a value (words_without_value), and "n too small" over
    a number cell with one (withheld_values).
    """
    words = dict(cell_words or {})
    for name, column_words in words.items():
        if name not in data.columns or len(column_words) != data.height:
            raise ValueError(f"cell words for {name!r} must be one a row of a column of the table")
    unwritten = [name for name, dtype in data.schema.items()
                 if dtype.is_float() and name not in cell_text and name not in words
                 and not _column_format(column_config.get(name))]
    if unwritten:
        raise ValueError(f"float columns {unwritten} need a format or a cell_text rule")
    if kept := withheld_values(data, words):
        raise ValueError(f"number columns {kept} hold a value behind {N_TOO_SMALL!r}: the grid sends it to the browser, "
                         "sorts by it and reads it out; empty a withheld rate (views.reps.rates_as_shown)")
    if worded := words_without_value(data, words, missing):
        raise ValueError(f"number columns {worded} have words in a cell without a value: the grid draws {missing!r} "
                         "there; give the words a text column of their own")
    # Arrow-backed, so an integer column with a missing value stays integers ("12", not "12.000000").
    frame = data.to_pandas(use_pyarrow_extension_array=True)
    # Every column in one call: a mapping of rules formats the columns it does not name by the default too,
    # a missing value `missing` in all (a first call for the default alone was written over cell for cell).
    styler = frame.style.format(dict(cell_text), na_rep=missing)
    small = {name: [row for row, word in enumerate(column_words) if word == N_TOO_SMALL]
             for name, column_words in words.items()}
    # Each format call takes its cells out of the whole frame (pandas' .loc): one a distinct word made a
    # leaderboard's cells cost ~0.8 ms apiece. A formatter sees a cell's value, not its row, so each column's
    # words go in as look-ups from the value to the word (word_layers), all columns' first in one call; a
    # value worded two ways (50% of 2 deals and of 6) puts its other rows in a further layer over them.
    layers = {name: word_layers(frame[name], column_words) for name, column_words in words.items()}
    firsts = {name: column_layers[0][0] for name, column_layers in layers.items() if column_layers}
    if firsts:
        styler = styler.format({name: _looked_up(first) for name, first in firsts.items()}, subset=list(firsts))
    for name, column_layers in layers.items():
        for by_value, rows in column_layers[1:]:
            styler = styler.format(_looked_up(by_value), subset=(frame.index[rows], [name]))
    for name in data.columns:  # text cells that say so themselves ("95% CI": "n too small")
        if name not in words and data.schema[name] == pl.String:
            small[name] = [row for row, value in enumerate(data[name].to_list()) if value == N_TOO_SMALL]
    for name, rows in small.items():
        if rows:
            styler = styler.map(lambda _value: f"color: {SMALL_N_COLOUR}", subset=(frame.index[rows], [name]))
    return styler


def word_layers(values: Iterable[Any], words: Sequence[str]) -> list[tuple[dict[str, str], list[int]]]:
    """`words` (one a value of `values`, a pandas column as its Styler hands its cells to a formatter) as
    look-ups from a value's key (_value_key) to its word, each with the rows (positions) it words: the first
    holds every value and words every row whose word is the first its value has; each later one words the rows
    of a value worded otherwise before (a rate of 50% on 2 deals and on 6), over the ones before it. A column
    worded by its values alone is one look-up; there are never more than it has distinct words. [] for no rows."""
    layers: list[tuple[dict[str, str], list[int]]] = []
    for row, (value, word) in enumerate(zip(values, words, strict=True)):
        key = _value_key(value)
        for by_value, rows in layers:
            if by_value.setdefault(key, word) == word:
                rows.append(row)
                break
        else:
            layers.append(({key: word}, [row]))
    return layers


def _value_key(value: Any) -> str:
    """A cell's value as a look-up key that the same value, handed over again, gives again: its repr. The value
    itself would not do: NaN and pandas' NA are not equal to themselves, a list cell cannot be hashed. Two
    values with one repr are one key (word_layers then puts their words in layers of their own)."""
    return repr(value)


def _looked_up(by_value: Mapping[str, str]) -> Callable[[Any], str]:
    """A Styler formatter writing a cell's value as `by_value` words it (word_layers)."""
    return lambda value: by_value[_value_key(value)]


def _column_format(column: Any) -> str | None:
    """The format an st.column_config column sets (None for a bare label or a column without one)."""
    return (column.get("type_config") or {}).get("format") if isinstance(column, dict) else None


def text_table(header: list[str], rows: list[list[str]], numbers: Sequence[bool] = (),
               unbroken: Sequence[bool] = ()) -> None:
    """A small table already worded as text (the deck's and the report's rows), drawn static for
    presenter mode: a data grid paints on a canvas that presenter type cannot enlarge, this one is
    text the page's CSS sizes. st.table reads Markdown in every cell, so every cell is escaped.
    `numbers`: for each column, whether it holds numbers (words.number_columns): right-aligned.
    `unbroken`: for each column, whether its cells never wrap inside a value (words.unbroken_columns)."""
    columns = [md(h) for h in header]
    frame = pl.DataFrame([[md(c) for c in row] for row in rows], schema=columns, orient="row").to_pandas()
    right = [c for c, number in zip(columns, numbers, strict=False) if number]
    whole = [c for c, keep in zip(columns, unbroken, strict=False) if keep]
    styled_frame = frame.style
    # Important: st.table writes each cell's alignment from its type on the cell itself (text: left).
    right_aligned = [("text-align", "right !important")]
    if right:
        styled_frame = styled_frame.set_properties(subset=right, **dict(right_aligned)).set_table_styles(
            {c: [{"selector": "th", "props": right_aligned}] for c in right}, overwrite=False)
    if whole:
        styled_frame = styled_frame.set_properties(subset=whole, **{"white-space": "nowrap"})
    if not right and not whole:
        styled_frame = frame
    st.table(styled_frame, hide_index=True)
