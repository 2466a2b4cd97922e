"""Small drawing helpers every page uses: a chart with its caption and data, rates, money."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import polars as pl
import streamlit as st

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


def text_table(header: list[str], rows: list[list[str]]) -> None:
    """A small table already worded as text (the deck's and the report's rows), drawn static for
    presenter mode: a data grid paints on a canvas that presenter type cannot enlarge, this one is
    text the page's CSS sizes. st.table reads Markdown in every cell, so every cell is escaped."""
    columns = [md(h) for h in header]
    st.table(pl.DataFrame([[md(c) for c in row] for row in rows], schema=columns, orient="row"), hide_index=True)
