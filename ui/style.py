"""Page-wide look: the sample-data banner and presenter mode's larger type."""

from __future__ import annotations

import streamlit as st

from winloss.text import md

_PRESENTER_CSS = """
<style>
/* Presenter mode: a screen-shared laptop is read from across a room. */
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.25rem !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] { font-size: 1.15rem; }
h1 { font-size: 2.6rem !important; }
/* A metric's value is a markdown paragraph: without this the paragraph rule above shrinks it. */
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p { font-size: 3rem !important; line-height: 1.15; }
[data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
/* Presenter tables are static (ui.widgets.text_table): their text takes the larger type too. */
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1.15rem; }
</style>
"""


_APP_CSS = """
<style>
/* A tile's value wraps rather than ending in "…": a number cut short reads as another number. */
[data-testid="stMetricValue"] > div { overflow: visible !important; }
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p, [data-testid="stMetricValue"] span {
    white-space: normal !important;
}
</style>
"""


def presenter_style(on: bool) -> None:
    """The app's look (tile values that wrap), presenter mode's larger type, and the sidebar folded
    away in presenter mode (one click brings it back)."""
    st.html(_APP_CSS + (_PRESENTER_CSS if on else ""))
    # The browser applies a *change* of this setting, so naming it on every run folds the
    # sidebar when presenting starts and unfolds it when it ends, without fighting the user
    # who opens it in between.
    st.set_page_config(initial_sidebar_state="collapsed" if on else "auto")


def unconverted_banner(sentence: str | None) -> None:
    """Where value figures appear: how many deals' amounts no exchange rate converts, so they are left out."""
    if sentence:
        st.warning(md(sentence), icon=":material/currency_exchange:")  # it names currencies read from files


def sample_banner(is_sample: bool) -> None:
    """Every page says so when it shows the bundled sample rather than the customer's data."""
    if is_sample:
        st.info(
            "**Sample data** — synthetic deals bundled with the app; the effects are illustrative. "
            "Upload your CRM export on the Data page to replace it.",
            icon=":material/science:",
        )
