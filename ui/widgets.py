"""Small drawing helpers every page uses: a chart with its caption and data, rates, money."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from ui.context import presentation_from_url
from ui.style import PRESENTER_TYPE
from winloss.ingest.quarantine import excel_safe_csv
from winloss.present.charts import sparkline
from winloss.present.theme import styled
from winloss.text import N_TOO_SMALL, is_no_change, md
from winloss.text import money as money_text
from winloss.views.common import Tile


def metric(tile: Tile, chart_type: str = "line") -> None:
    """One tile as the view decided it: value (with its n when it is a rate), change, what it compares,
    and its trend under it.

    The trend is a small Plotly line, not st.metric's own sparkline: that one logs "Infinite extent"
    warnings in the browser console on every draw (its hover layer starts with no data), which
    would hide real console errors.
    """
    # A rate on too few deals says so in the big type and its n in the small, as every rate tile
    # gives its n: "n too small (n = 18)" all in big type did not fit a tile at laptop width.
    if tile.n is None:
        value = tile.text
    else:
        value = with_n(N_TOO_SMALL if tile.small else tile.text, tile.n)
    with st.container(border=True, height="stretch"):
        flat = is_no_change(tile.change)  # "±0 pts" is neither better nor worse: grey, no arrow
        st.metric(
            tile.label, value, tile.change,
            delta_color="off" if flat else "inverse" if tile.bad_when_up else "normal",
            delta_arrow="off" if flat else "auto", delta_description=tile.versus, help=tile.help,
        )
        trend = list(tile.trend or [])
        if any(v is not None for v in trend):
            st.plotly_chart(
                sparkline(trend, area=chart_type == "area"), theme=None,
                config={"staticPlot": True, "displayModeBar": False}, key=f"trend-{slug(tile.label)}",
            )


def definitions(markdown: str) -> None:
    """Definitions one click away, not a paragraph of formulas under every chart."""
    with st.expander("Definitions", icon=":material/info:"):
        st.markdown(markdown)


def with_n(value: str, n: int) -> str:
    """A tile's rate with its n beside it, in small type: a rate never shows without its n."""
    return f"{value} :small[:gray[n = {n:,}]]"


def money(value: float | None, currency: str, hide: bool = False) -> str:
    """An amount in `currency` (the view's reporting currency) as winloss.text writes it; when amounts are
    hidden, nothing of the value shows."""
    return "hidden" if hide else money_text(value, currency)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def chart(
    figure: go.Figure,
    caption: str,
    data: pl.DataFrame | None = None,
    *,
    key: str,
    presenter: bool = False,
    on_select: bool = False,
):
    """Draw a figure in the shared template with its caption (denominator and n) and a CSV of its data.

    Returns the selection event when `on_select` is set (for drill-down), else None.
    """
    event = st.plotly_chart(
        styled(figure, presenter),
        key=key,
        on_select="rerun" if on_select else "ignore",
        selection_mode=("points",) if on_select else ("points", "box", "lasso"),
        config={"displaylogo": False},
        theme=None,  # Streamlit's own theme would override the shared template (and presenter sizes)
    )
    st.caption(caption)
    if data is not None and not presenter:
        # Below the caption, sized to its label: in a half-width column a side button truncates.
        title = figure.layout.title.text or key
        st.download_button(
            "Data behind this chart (CSV)", excel_safe_csv(data), file_name=f"{slug(title)}.csv", mime="text/csv",
            key=f"{key}-csv", icon=":material/download:", type="tertiary",
        )
    return event if on_select else None


def empty_state(message: str) -> None:
    """A friendly stop for a filter that matches nothing."""
    st.info(f"{message} Widen the date range or clear a filter in the sidebar.", icon=":material/filter_alt_off:")


ROW_HEIGHT = 35  # px: a grid row at the app's type (Streamlit's 2.1875rem of a 16 px root)


def row_height(presenter: bool) -> int:
    """A grid row's height in px: ROW_HEIGHT, scaled with presenter type (ui.style.PRESENTER_TYPE)."""
    return round(ROW_HEIGHT * (PRESENTER_TYPE if presenter else 1))


# px: Streamlit's named column widths (its grid's small / medium / large).
NAMED_WIDTHS = {"small": 75, "medium": 200, "large": 400}

# ---- every table fits the window ------------------------------------------------------------------
# A table a room reads must show its columns whole, without scrolling sideways: a column cut at the
# window's edge on a shared screen is a number nobody sees. The window a leader presents from is
# 1440 px wide; in presenter mode its sidebar is folded away (ui.style) and every rem is
# PRESENTER_TYPE larger, otherwise the sidebar is open at Streamlit's default width.
WINDOW = 1440  # px
SIDEBAR = 300  # px: Streamlit's default sidebar, 18.75rem of its 16 px base (presenter mode folds it)
SIDE_PADDING = 5  # rem each side of the main column in the wide layout (Streamlit's wideSidePadding)
SCROLLBAR = 16  # px: the page's vertical scrollbar
BOX_PADDING = 1  # rem each side inside a bordered container (a drill-down's box), plus its 1 px border
GRID_BORDER = 2  # px: the grid's own border, both sides
MIN_FILL = 200  # px at the app's type: the least a column that takes the rest of the width is given
# A column with no set width is sized by its text, as Streamlit sizes it: px per character of its
# longest value or label (generous: a wide glyph must not be cut), its padding, and Streamlit's bounds.
CHAR_PX = 8.0
CELL_PADDING = 20
HELP_ICON = 20  # px a header's help icon takes
AUTO_BOUNDS = (50, 500)  # px: Streamlit's smallest column, and widest auto-sized one
SIZED_ROWS = 500  # rows read to size a column by its text: a grid shows no more without scrolling


def grid_width(presenter: bool, boxed: bool = False) -> int:
    """The px a full-width data grid has in a WINDOW-wide window: with the sidebar open at the app's
    type, or folded away in presenter type; `boxed` inside a bordered container."""
    root = 16 * (PRESENTER_TYPE if presenter else 1)
    main = WINDOW - (0 if presenter else SIDEBAR) - round(2 * SIDE_PADDING * root) - SCROLLBAR - GRID_BORDER
    return main - (round(2 * BOX_PADDING * root) + 2 if boxed else 0)


def _set_width(column: Any) -> int | None:
    """A column's set width in px at the app's type (named widths as Streamlit draws them), or None."""
    width = column.get("width") if isinstance(column, dict) else None
    return NAMED_WIDTHS[width] if isinstance(width, str) and width in NAMED_WIDTHS else width if isinstance(width, int) else None


def _label(name: str, column: Any) -> str:
    """The header a column is drawn with: its config's label, or its name."""
    if isinstance(column, str):
        return column
    if isinstance(column, dict) and column.get("label"):
        return str(column["label"])
    return name


def _cell_text(value: Any) -> str:
    """A cell about as long as drawn, never shorter: numbers with separators, a decimal and a unit
    ("1,234.5%"), dates as text.day writes them ("12 Oct 2025")."""
    if isinstance(value, bool):
        return "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}%"
    if isinstance(value, (dt.date, dt.datetime)):
        return "12 Oct 2025"
    return "" if value is None else str(value)


def text_width(data: pl.DataFrame, name: str, column: Any) -> int:
    """The px Streamlit gives column `name` of `data` when no width is set (at the app's type): its
    longest text, label included, within AUTO_BOUNDS."""
    cells = data.get_column(name).head(SIZED_ROWS).to_list() if name in data.columns else []
    longest = max((len(_cell_text(v)) for v in cells), default=0)
    header = len(_label(name, column)) * CHAR_PX + (HELP_ICON if isinstance(column, dict) and column.get("help") else 0)
    low, high = AUTO_BOUNDS
    return int(min(high, max(low, max(longest * CHAR_PX, header) + CELL_PADDING)))


@dataclass(frozen=True)
class GridColumns:
    """How a grid is drawn to fit the window: `shown` its columns left to right, `widths` (px, as drawn,
    presenter type included) of each shown one, `left_out` the ones that did not fit (in the CSV)."""

    shown: list[str]
    widths: dict[str, int]
    left_out: list[str]


def grid_columns(
    data: pl.DataFrame,
    config: dict[str, Any],
    presenter: bool,
    *,
    order: Sequence[str] | None = None,
    fill: str | None = None,
    boxed: bool = False,
) -> GridColumns:
    """The one rule for every table's width: the columns of `data` in `order` (default: its own) are
    drawn left to right while they fit grid_width(presenter, boxed); the first that does not fit and
    every one after it are left out (so what a person reads first is never the one cut). Each column
    keeps its set width in `config` (st.dataframe's column_config), or is sized by its text
    (text_width), PRESENTER_TYPE wider in presenter mode; `fill`, a column with long text (an at-risk
    deal's reason), counts at MIN_FILL and is then given the rest of the width."""
    scale = PRESENTER_TYPE if presenter else 1
    budget = grid_width(presenter, boxed)
    shown: list[str] = []
    widths: dict[str, int] = {}
    used = 0
    names = [c for c in (order if order is not None else data.columns) if c in data.columns]
    names = [c for c in names if not (c in config and config[c] is None)]  # None in column_config hides it
    for at, name in enumerate(names):
        column = config.get(name)
        px = MIN_FILL if name == fill else _set_width(column) or text_width(data, name, column)
        width = round(px * scale)
        if used + width > budget:
            return GridColumns(shown, _filled(widths, fill, budget - used), names[at:])
        shown.append(name)
        widths[name] = width
        used += width
    return GridColumns(shown, _filled(widths, fill, budget - used), [])


def _filled(widths: dict[str, int], fill: str | None, spare: int) -> dict[str, int]:
    return {k: w + spare if k == fill else w for k, w in widths.items()}


def sized_columns(config: dict[str, Any], widths: dict[str, int]) -> dict[str, Any]:
    """`config` with every column of `widths` set to its width in px (a plain label becomes a column
    with that label)."""
    sized = dict(config)
    for name, width in widths.items():
        column = config.get(name)
        base = column if isinstance(column, dict) else ({"label": column} if isinstance(column, str) else {})
        sized[name] = {**base, "width": width}
    return sized


def left_out_text(labels: Sequence[str]) -> str:
    """What a grid says of the columns it left out to fit the window, names escaped (they can come
    from a file): "Not shown, to fit the screen: Region, Segment." """
    return f"Not shown, to fit the screen: {', '.join(md(label) for label in labels)}."


def data_grid(
    data: pl.DataFrame,
    *,
    rows_in_view: int | None = None,
    max_height: int | None = None,
    fill: str | None = None,
    boxed: bool = False,
    **options: Any,
) -> Any:
    """Every page's data grid: st.dataframe with `options` (its keyword arguments), sized for presenter
    mode when the URL asks for it (rows ui.style.PRESENTER_TYPE larger, and the text too, through
    the root size), and fitted to the window (grid_columns: every shown column has its width in px,
    and the columns that do not fit are left out, the grid's caption naming them; `fill` and `boxed`
    are grid_columns'). Returns what st.dataframe returns (the selection event when `on_select` is set).

    `rows_in_view` sets the height to show that many rows under the header, at most `max_height` px
    (both at the app's type; presenter mode scales them).

    The grid reads the root size for its text once, when it is first drawn: in presenter mode it is
    drawn inside a container of its own, so turning presenter mode on or off draws it afresh rather
    than keeping the type it had.
    """
    presenter = presentation_from_url().presenter
    row = row_height(presenter)
    config = dict(options.get("column_config") or {})
    fitted = grid_columns(data, config, presenter, order=options.get("column_order"), fill=fill, boxed=boxed)
    options["column_config"] = sized_columns(config, fitted.widths)
    options["column_order"] = fitted.shown
    if rows_in_view is not None:
        height = row + 3 + row * rows_in_view  # the header is a row tall; 3 px of borders
        scale = PRESENTER_TYPE if presenter else 1
        options["height"] = height if max_height is None else min(height, round(max_height * scale))
    if not presenter:
        event = st.dataframe(data, **options)
    else:
        with st.container():
            event = st.dataframe(data, row_height=row, **options)
    if fitted.left_out:
        st.caption(left_out_text([_label(c, config.get(c)) for c in fitted.left_out]))
    return event


def text_table(header: list[str], rows: list[list[str]]) -> None:
    """A small table already worded as text (the deck's and the report's rows), drawn static for
    presenter mode: a data grid paints on a canvas that presenter type cannot enlarge, this one is
    text the page's CSS sizes. st.table reads Markdown in every cell, so every cell is escaped."""
    columns = [md(h) for h in header]
    st.table(pl.DataFrame([[md(c) for c in row] for row in rows], schema=columns, orient="row"), hide_index=True)
