"""Page-wide look: the sample-data banner and presenter mode's larger type."""

from __future__ import annotations

import streamlit as st

from winloss.text import md

# Presenter type is this much larger than the app's 16 px: the root size every rem of the page
# follows. A data grid (st.dataframe) draws its text on a canvas in the root size it reads when it is
# drawn (its theme's 0.875rem), so CSS on the grid cannot reach it and the root size is the one rule
# that enlarges every table on every page (ui.widgets.table redraws them under it).
PRESENTER_TYPE = 1.25
SIDEBAR_PX = 300  # Streamlit's sidebar is this wide until a user drags it wider
# The Overview's headline tiles in presenter mode: one row of five where the screen is wide enough for them
# (PRESENTER_TILES_ROW_PX), three and two under it.
PRESENTER_TILES_KEY = "ov-tiles"
PRESENTER_TILES_ROW_PX = 1200

_PRESENTER_CSS = f"""
<style>
/* Presenter mode: a screen-shared laptop is read from across a room. Every rem below is already
   PRESENTER_TYPE larger through the root size. */
html {{ font-size: {16 * PRESENTER_TYPE:g}px !important; }}
[data-testid="stMetricValue"] {{ font-size: 2.4rem !important; }}
[data-testid="stMetricLabel"] p {{ font-size: 1rem !important; }}
h1 {{ font-size: 2.1rem !important; padding: 0.25rem 0 0.4rem !important; }}
/* Tighter than the app's 1rem between one element and the next (the larger type makes each gap larger too):
   with the title's own padding above, the Overview's trend started at 701 px of a 1280x720 laptop's 720, its
   title under the fold; the tiles' one row (below) and these put its title and legend on the first screen. */
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 0.6rem !important; }}
/* The page begins just under Streamlit's header bar (3.75rem, its toolbar kept): its 6rem of padding left
   ~130 px empty above the title of a 720 px laptop screen, and put the Overview's trend chart wholly below
   the fold. */
[data-testid="stMainBlockContainer"] {{ padding-top: 4rem !important; }}
/* A banner (the sample's, a warning) a line of text with less room around it: 74 px tall for one line. */
[data-testid="stAlertContainer"] {{ padding-top: 0.6rem !important; padding-bottom: 0.6rem !important; }}
/* The Overview's five tiles (app_pages/overview.py): one row where they fit, else three and two. */
.st-key-{PRESENTER_TILES_KEY} [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
@media (max-width: {PRESENTER_TILES_ROW_PX - 0.02}px) {{
    .st-key-{PRESENTER_TILES_KEY} [data-testid="stColumn"] {{ min-width: calc(33.3% - 1rem) !important; }}
}}
/* A metric's value is a markdown paragraph: without this the body's paragraph size shrinks it. */
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{ font-size: 2.4rem !important; line-height: 1.15; }}
/* Opened by hand while presenting, the sidebar lies over the page like a drawer rather than narrowing
   it: every chart and list keeps its width (the No decision page's at-risk list scrolled sideways by
   46 px at 1440 px and 206 px at 1280), and folding it again leaves the page as it was. */
[data-testid="stSidebar"] {{ position: fixed !important; top: 0; left: 0; bottom: 0;
    box-shadow: 2px 0 12px rgba(0, 0, 0, 0.15); }}
/* ...and, open, as much wider as its type is larger, so what fits it at the app's type fits it here (at
   300 px the Close date box read "Last 4 complete quarte"). Dragged wider, it stays wider. */
[data-testid="stSidebar"][data-collapsed="false"] {{ min-width: {SIDEBAR_PX * PRESENTER_TYPE:g}px !important; }}
</style>
"""


_APP_CSS = """
<style>
/* The wide layout's side margins are 5rem: at 1280 px with the sidebar open they took 160 px from every
   table and chart, and a deal list (ui.drill) scrolled sideways to its stage and close date. */
@media (min-width: 46rem) {
    [data-testid="stMainBlockContainer"] { padding-left: 1.5rem !important; padding-right: 1.5rem !important; }
}
/* A tile's value wraps rather than ending in "…": a number cut short reads as another number. */
[data-testid="stMetricValue"] > div { overflow: visible !important; }
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p, [data-testid="stMetricValue"] span {
    white-space: normal !important;
}
/* ...but a rate's n (ui.widgets.with_n) wraps whole: at 1280 px a tile read "n too small n" over "= 18". */
[data-testid="stMetricValue"] .stMarkdownColoredText { white-space: nowrap !important; }
/* Words in a figure's place (ui.widgets.phrase_value: "n too small", "No rate for EUR", a small span with no grey in it, unlike
   a rate's n) in a type between the figure's and the n's: in the figure's they wrapped onto three lines of a
   rep's tile, and at the n's size they read as a footnote. */
[data-testid="stMetricValue"] p > span[style*="font-size"]:not(:has(.stMarkdownColoredText)) {
    font-size: 1.4rem !important; line-height: 1.2;
}
/* What a value leaves out (ui.widgets.tile_value: "no rate for EUR", after a line break under the value) on a line
   in its own small type: in the value's line height it stood ~40 px under the figure in presenter type. */
[data-testid="stMetricValue"] p > br + span { display: block; line-height: 1.3; }
/* What a change compares wraps too: four tiles side by side at 1440 px read "2026 Q4 to date vs Q3 to …",
   the quarter it compares with cut off. */
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] > div,
[data-testid="stMetricDeltaDescription"] p {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    min-width: min-content;
}
/* A tile's title wraps too, between its words: four tiles side by side in presenter type at 1024 px read
   "No-decision deals in…" and "Value lost to no deci…". */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
    overflow-wrap: normal !important; height: auto !important;
}
/* ...between its words only: beside a long change (a won value's, in money and percent) in a tile at 1024 px it shrank to one
   letter a line, so the comparison goes under the change when the two do not fit side by side. */
div:has(> [data-testid="stMetricDeltaDescription"]) { flex-wrap: wrap; }
/* A grid's own "Download as CSV" writes its raw values, not what the cells say: an amount as a bare
   14200, a rate as 0.4233, and a name from a file as
   it is, "=HYPERLINK(…)" unescaped for a spreadsheet. Every list and chart has the app's own CSV beside it,
   escaped for a spreadsheet (winloss.ingest.quarantine.excel_safe_csv); Streamlit 1.6x has no switch for it. */
[data-testid="stElementToolbarButton"]:has(button[aria-label^="Download as CSV"]) { display: none !important; }
/* The script that brings the deals behind a click into view (ui.drill.into_view) takes no room. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script[data-pick]) { display: none !important; }
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


def uncounted_banner(sentences: list[str]) -> None:
    """On every page: the stored deals no page counts, as their own closing flags rule out a stage mapping
    saved after they were stored, and what to do (winloss.deals.Uncounted). They name stage values from files."""
    if sentences:
        st.warning(" ".join(md(sentence) for sentence in sentences), icon=":material/block:")


def unmatched_link_banner(sentences: list[str]) -> None:
    """Above the page: each filter of the link that matched nothing in the data, so a view that
    shows more than the link asked for says so (ui.sidebar.unmatched_sentences, already Markdown)."""
    if sentences:
        st.warning(" ".join(sentences), icon=":material/filter_alt_off:")


def sample_banner(is_sample: bool, *, here: bool = False) -> None:
    """Every page says so when it shows the bundled sample rather than the customer's data, and where to upload
    an export: the Data page, or, on the Data page itself (`here`), its Upload tab (it named its own page)."""
    if is_sample:
        where = "in the Upload tab" if here else "on the Data page"
        st.info(
            "**Sample data** — synthetic deals bundled with the app; the effects are illustrative. "
            f"Upload your CRM export {where} to replace it.",
            icon=":material/science:",
        )
