"""The quarterly review as an editable 16:9 PowerPoint deck: native charts, one slide per section."""

from __future__ import annotations

import io
import math
import zipfile
from copy import deepcopy
from datetime import UTC, datetime
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape
from typing import Any, Final, NamedTuple

import polars as pl
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_PATTERN
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.group import GroupShape
from pptx.table import _Cell
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Inches, Pt

from data_models.vocabulary import NO_DECISION, OPEN, WON
from winloss.export.words import (
    APP_NAME,
    REP_HEADERS,
    at_risk_rows,
    at_risk_scope_notes,
    document_title,
    kpi_rows,
    number_columns,
    privacy_note,
    rep_rows,
    rep_table_note,
    rows_left_out,
    scope_line,
    scope_notes,
    subtitle,
)
from winloss.present import review_charts
from winloss.present import withheld
from winloss.present.charts import NAME_SHARE, NEUTRAL_COLOUR, rate_axis, words_fit_at_base_px
from winloss.present.colours import ink
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.present.theme import (
    MUTED_COLOUR,
    OUTCOME_COLOURS,
    PROFILE_BAR_INK,
    PROFILE_COLOURS,
    SMALL_N_COLOUR,
    SMALL_N_EDGE,
    SMALL_N_OUTLINE,
    TEXT_COLOUR,
)
from winloss.views.review import (
    AT_BASE,
    AT_RISK_ROWS,
    SECTION_TITLES,
    STAGE_NOW,
    Review,
    dates_line,
    left_out_notes,
    missing_charts,
    mover_names,
    no_decision_value_marks,
    no_decision_value_missing,
    no_movers,
    withheld_no_decision_sentence,
    section_captions,
    stage_now_note,
)
from winloss.views.review_findings import rule_text
from winloss.text import N_TOO_SMALL, ND_SHARE_OF_LOSSES, money, name_lines, percent, same_precision, text_px, visible
from winloss.views.deal_lists import any_not_converted

ACCENT: Final = "#0F6CBD"  # the app's primary colour (.streamlit/config.toml)
MUTED: Final = MUTED_COLOUR
LEFT_OUT_COLOUR: Final = "#92400E"  # the HTML report's scope colour: a note that a figure is not whole
DECK_FONT: Final = "Calibri"  # on every PowerPoint; LibreOffice substitutes the metric-compatible Carlito


_W, _H = Inches(13.333), Inches(7.5)  # 16:9
_MARGIN = Inches(0.6)
# The at-risk deals the slide lists, in the review's order (largest first, or longest open with amounts hidden): every one the page and the report list (it
# listed 8 of their 10, unsaid); a review of more says so under the table (words.rows_left_out).
AT_RISK_SLIDE_ROWS: Final = AT_RISK_ROWS
# The at-risk table's columns in inches by header, before they are scaled to the slide's room (by
# about 1.0 beside a chart narrowed for the deal's name, 1.1 without it): at 10 pt Calibri a rep's
# name ("Camila Brennan"), a day ("28 Feb 2027") and a closed deal's stage now ("No decision 29 Sep
# 2026") read on one line, an account in two ("Blue Ridge Manufacturing Corp."), a deal's name
# beside it (without the account's name: "Core Platform") in one or two. A name from a file may be
# longer: each row is as tall as its tallest cell's lines (cell_height), and rows that do not fit
# above the notes and the caption under the table are set smaller, then cut short (fitted_grid).
AT_RISK_COLUMN_INCHES: Final = {
    "Rep": 1.0, "Account": 1.6, "Deal": 1.6, "Stage": 1.5, STAGE_NOW: 1.5, "Days open": 0.55, "Close date": 0.85,
}
AMOUNT_INCHES: Final = 0.6  # "343k"; its header "Amount ($)" in two lines
NOT_CONVERTED_INCHES: Final = 1.0  # "£114k (not" / "converted)"
AT_RISK_SIZE: Final = 10  # pt: the at-risk table's text, set smaller (to SMALLEST) when its rows do not fit
# A cell of words (a rep, an account, a deal, a stage; never a figure) cut short with an ellipsis to
# this many lines, at SMALLEST, when the rows do not fit at that size either; then fewer rows are listed.
AT_RISK_CUT_LINES: Final = 2
# PowerPoint's nearest to the charts' hatching (winloss.present.theme.SMALL_N_HATCH, "/"): wide
# diagonal lines rising to the right, which stay visible when a projector washes the grey out.
SMALL_N_PATTERN: Final = MSO_PATTERN.WIDE_UPWARD_DIAGONAL


# ---- text laid out on a slide -------------------------------------------------------------------
# python-pptx has no layout engine: PowerPoint wraps a box's text where it draws it, and a box does not
# grow into what is under it. So every box is measured here before it is placed. A line's width is
# text.text_px's (a character's width in the grid's type at 14 px, rounded up), scaled to the size: it
# is at least Calibri's for text (Calibri's spaces and capitals are narrower), so a line measured to
# fit does; bold is taken BOLD_WIDTH times wider. A line of Calibri takes LINE_SPACING times its size
# (PowerPoint's single spacing), and a box's text starts TEXT_INSET in from its edges.
TEXT_PX_SIZE: Final = 14  # the size text_px measures at, in px
BOLD_WIDTH: Final = 1.05
LINE_SPACING: Final = 1.2
# A headline tile's type besides its figure's 32 pt: words in a figure's place ("n too small", "No rate for EUR":
# Tile.phrase), on one line of a tile where the headline size wrapped them (at 20 pt "No rate for 5 currencies" took
# two); and what a value leaves out, under it ("no rate for EUR": the tile's aside, as small as its change lines).
WORDS_SIZE: Final = 16
ASIDE_SIZE: Final = 12
TEXT_INSET: Final = Inches(0.05)  # each side and top and bottom, as _text sets them
SMALLEST: Final = 8  # pt: no text is shrunk below it to fit its box
_EMU_PER_PT: Final = 12700
# A deck measures the same words many times over: the footer on every slide, a caption at each size tried, a
# table's cells at each size and each line of a name as it grows. A measure depends on its words, size, room
# and weight alone, so each is kept, the most recent this many of each kind (a deck of long names measures
# some 20,000 lines; a few MB).
MEASURED: Final = 65_536


@lru_cache(maxsize=MEASURED)
def text_width(text: str, size: float, bold: bool = False) -> Emu:
    """The width `text` takes on one line at `size` pt (at most: see above)."""
    return Emu(math.ceil(text_px(text) / TEXT_PX_SIZE * size * _EMU_PER_PT * (BOLD_WIDTH if bold else 1.0)))


@lru_cache(maxsize=MEASURED)
def line_count(text: str, size: float, room: int, bold: bool = False) -> int:
    """Lines `text` takes at `size` pt in a line `room` EMU long: each paragraph ("\n") wrapped at its
    spaces, a word longer than a line broken where the line is full, as PowerPoint wraps them."""
    lines = 0
    for paragraph in text.split("\n"):
        line = ""
        lines += 1
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > room:
                lines += 1
                candidate = word
            while len(candidate) > 1 and text_width(candidate, size, bold) > room:
                cut = _longest_start(candidate, size, room, bold)
                lines += 1
                candidate = candidate[cut:]
            line = candidate
    return lines


def _longest_start(word: str, size: float, room: int, bold: bool) -> int:
    """How many of `word`'s first characters fit a line `room` EMU long, 1 at the least (a line holds a
    character however narrow it is). A start is never narrower than a shorter one (a character's width is
    more than 0), so the longest that fits is found by halving, not by measuring every start."""
    fits, over = 1, len(word)  # the longest start that fits lies in [fits, over)
    while over - fits > 1:
        middle = (fits + over) // 2
        if text_width(word[:middle], size, bold) <= room:
            fits = middle
        else:
            over = middle
    return fits


def text_height(text: str, size: float, width: int, bold: bool = False, space_after: float = 0) -> Emu:
    """The height a box `width` EMU wide needs for `text` at `size` pt: its wrapped lines, its insets, and
    `space_after` pt after each paragraph but the last (the findings' list)."""
    room = width - 2 * TEXT_INSET
    lines = line_count(text, size, room, bold)
    return Emu(math.ceil((lines * size * LINE_SPACING + space_after * text.count("\n")) * _EMU_PER_PT + 2 * TEXT_INSET))


def fitted_size(text: str, size: float, width: int, height: int, bold: bool = False, smallest: float = SMALLEST,
                space_after: float = 0) -> float:
    """The largest size from `size` down, by whole points, at which `text` fits a box `width` by `height`
    EMU; `smallest` when none does."""
    while size > smallest and text_height(text, size, width, bold, space_after) > height:
        size -= 1
    return max(size, smallest)


# A table cell's text starts CELL_MARGIN_X in from its sides and CELL_MARGIN_Y from its top and bottom
# (_cell sets them); PowerPoint makes a row taller than it is set when its text needs more, into
# whatever is under the table, so each row is set as tall as its tallest cell needs (cell_height).
CELL_MARGIN_X: Final = Inches(0.06)
CELL_MARGIN_Y: Final = Inches(0.03)
# What an ellipsis is measured as: three full stops are at least as wide as "…" in any type.
_ELLIPSIS_WIDTH: Final = "..."


def cell_height(text: str, size: float, width: int, bold: bool = False) -> Emu:
    """The height a table cell `width` EMU wide needs for `text` at `size` pt: its wrapped lines and margins."""
    lines = line_count(text, size, width - 2 * CELL_MARGIN_X, bold)
    return Emu(math.ceil(lines * size * LINE_SPACING * _EMU_PER_PT + 2 * CELL_MARGIN_Y))


def cut_to_lines(text: str, size: float, room: int, most: int, bold: bool = False) -> str:
    """`text` in at most `most` lines `room` EMU long at `size` pt: whole when it fits, else as much of
    its start as fits with "…" after it (a name is known by its start)."""
    if line_count(text, size, room, bold) <= most:
        return text
    fits, over = 0, len(text)  # the longest start that fits with its ellipsis lies in [fits, over)
    while over - fits > 1:
        middle = (fits + over) // 2
        if line_count(text[:middle].rstrip() + _ELLIPSIS_WIDTH, size, room, bold) <= most:
            fits = middle
        else:
            over = middle
    return text[:fits].rstrip() + "…"


class Grid(NamedTuple):
    """A table laid out to fit: its text size, its cells as shown (header row first), its columns'
    widths and its rows' heights, in EMU."""

    size: float
    cells: list[list[str]]
    widths: list[int]
    heights: list[int]

    @property
    def height(self) -> int:
        return sum(self.heights)


def grid_heights(cells: list[list[str]], widths: list[int], size: float) -> list[int]:
    """Each row's height: its tallest cell's (cell_height), the first row's bold."""
    return [max(cell_height(text, size, width, bold=r == 0) for text, width in zip(row, widths, strict=True))
            for r, row in enumerate(cells)]


def fitted_grid(header: list[str], rows: list[list[str]], widths: list[int], words: list[bool], most: int) -> Grid:
    """`header` over `rows` in columns `widths` wide, at the largest size from AT_RISK_SIZE down to
    SMALLEST, by whole points, at which the rows take `most` EMU at the most; at SMALLEST, the cells of
    the `words` columns cut to AT_RISK_CUT_LINES lines (cut_to_lines) when even that takes more. Then,
    fitting or not: what the caller does with a grid still taller than `most` is list fewer rows."""
    for size in range(AT_RISK_SIZE, SMALLEST - 1, -1):
        cells = [header, *rows]
        grid = Grid(size, cells, widths, grid_heights(cells, widths, size))
        if grid.height <= most:
            return grid
    cut = [[cut_to_lines(text, SMALLEST, width - 2 * CELL_MARGIN_X, AT_RISK_CUT_LINES) if word else text
            for text, width, word in zip(row, widths, words, strict=True)] for row in rows]
    cells = [header, *cut]
    return Grid(SMALLEST, cells, widths, grid_heights(cells, widths, SMALLEST))


class Body(NamedTuple):
    """A slide and the room between its title (and the note under it) and its caption, in EMU."""

    slide: Any
    top: int
    bottom: int

    @property
    def height(self) -> Emu:
        return Emu(self.bottom - self.top)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, text: str, size: float, *, bold: bool = False,
          colour: str = TEXT_COLOUR, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, smallest: float = SMALLEST):
    """A text box in the deck's font, its text shrunk from `size` (to `smallest` at the least) until its
    wrapped lines fit the box (fitted_size); returns the shape."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = TEXT_INSET
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = visible(text)
    _font(run.font, fitted_size(text, size, width, height, bold, smallest), bold, colour)
    return box


def _room(text: str, size: float, width: int, most: int, bold: bool = False, smallest: float = SMALLEST) -> tuple[float, int]:
    """(size, height) of a box `width` wide given the room its text takes, `most` EMU at the most: at
    `size` when that fits, else at the size that fits `most` (fitted_size)."""
    needed = text_height(text, size, width, bold)
    if needed <= most:
        return size, needed
    return fitted_size(text, size, width, most, bold, smallest), most


def _font(font, size: float, bold: bool = False, colour: str = TEXT_COLOUR) -> None:
    """`font` (a run's, a label's) in the deck's font at `size` pt, `bold` or not, in `colour`."""
    properties = font._rPr  # python-pptx has no public way to a font's element
    style = (properties.tag, size, bold, colour)
    if style in _FONTS and not len(properties) and not properties.attrib:
        # Of an unstyled run, as the setters below made the first of its style: a copy is a fraction of their cost.
        made = _FONTS[style]
        properties.attrib.update(made.attrib)
        properties.extend(deepcopy(child) for child in made)
        return
    unstyled = not len(properties) and not properties.attrib
    font.name = DECK_FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)
    if unstyled:
        _FONTS[style] = deepcopy(properties)


# The element _font made of an unstyled run's properties, by tag, size, weight and colour (a few dozen at most).
_FONTS: dict[tuple[str, float, bool, str], Any] = {}


TITLE_TOP: Final = Inches(0.3)
TITLE_HEIGHT: Final = Inches(0.58)  # a line at 28 pt
BODY_TOP: Final = Inches(1.2)  # where charts start, or lower under a note under the title of more than a line
BODY_BOTTOM: Final = Inches(6.4)  # where charts end, or higher over a caption of more than two lines
FOOTER_BOTTOM: Final = Inches(7.35)
FOOTER_HEIGHT: Final = Inches(0.3)  # a line at 9 pt; the footer starts at 7.05 in, or higher when it wraps
CAPTION_HEIGHT: Final = Inches(0.55)  # two lines at 11 pt: the least a caption is given
CAPTION_MOST: Final = Inches(1.5)  # a longer caption is set smaller, to 9 pt, rather than take more
GAP: Final = Inches(0.05)
FINDING_SPACE: Final = 10  # pt after each finding


class Frame(NamedTuple):
    """Where a slide's frame stands (_slide draws it, slide_frame lays it out), in EMU: the note under the title
    (`left_out`'s size and height, 0 without one), the footer's words, size and top, the caption's size and
    top and height (0 without one), and the room left between them for the slide's charts or table."""

    left_out_size: float
    left_out_height: int
    footer: str
    footer_size: float
    footer_top: int
    note_size: float
    note_top: int
    note_height: int
    top: int
    bottom: int


def slide_frame(review: Review, note: str | None = None, left_out: str | None = None) -> Frame:
    """The frame _slide draws around a slide's charts, laid out without drawing it: the footer from the slide's
    foot up and the caption (`note`) above it, each as tall as its wrapped lines (text_height), the note on
    deals left out (`left_out`) under the title. A slide of a table laid out over several (_reps_slides)
    knows its room before it makes them."""
    width = _W - 2 * _MARGIN
    top: int = BODY_TOP
    left_out_size, left_out_height = 0.0, 0
    if left_out:
        left_out_size, left_out_height = _room(left_out, 11, width, Inches(0.8), smallest=9)
        top = max(top, TITLE_TOP + TITLE_HEIGHT + left_out_height + GAP)
    # The cover's words for the days (dates_line): "data as of 14 Aug" read as if the data stopped on the review day.
    footer = f"Quarterly review {review.quarter} · {dates_line(review)}"
    if scope := scope_line(review):  # on every slide: one slide shown alone still says it is filtered
        footer = f"{footer} · {scope}"
    footer_size, height = _room(footer, 9, width, Inches(0.6), smallest=7)
    footer_top = FOOTER_BOTTOM - max(height, FOOTER_HEIGHT)
    bottom = min(BODY_BOTTOM, footer_top - GAP)
    note_size, note_top, note_height = 0.0, bottom, 0
    if note:
        note_size, height = _room(note, 11, width, CAPTION_MOST, smallest=9)
        note_height = max(height, CAPTION_HEIGHT)
        note_top = footer_top - GAP - note_height
        bottom = min(bottom, note_top - GAP)
    return Frame(left_out_size, left_out_height, footer, footer_size, footer_top, note_size, note_top, note_height,
                 top, bottom)


def _slide(prs, review: Review, title: str, note: str | None = None, left_out: str | None = None) -> Body:
    """A blank slide with the accent bar, the title, an optional caption (`note`) and the footer, and the
    room left between them for the slide's charts. `left_out`: the deals the slide's value figures leave
    out, no exchange rate converting them (views.review.left_out_notes), said under the title, where it
    is read before the figures. The footer is laid from the slide's foot up and the caption above it,
    each as tall as its wrapped lines (slide_frame): a caption of several sentences takes room from the
    charts, never from the footer."""
    frame = slide_frame(review, note, left_out)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, _W, Inches(0.12))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(ACCENT)
    bar.line.fill.background()
    width = _W - 2 * _MARGIN
    _text(slide, _MARGIN, TITLE_TOP, width, TITLE_HEIGHT, title, 28, bold=True)
    if left_out:
        _text(slide, _MARGIN, TITLE_TOP + TITLE_HEIGHT, width, frame.left_out_height, left_out, frame.left_out_size,
              colour=LEFT_OUT_COLOUR)
    _text(slide, _MARGIN, frame.footer_top, width, FOOTER_BOTTOM - frame.footer_top, frame.footer, frame.footer_size,
          colour=MUTED)
    if note:
        _text(slide, _MARGIN, frame.note_top, width, frame.note_height, note, frame.note_size, colour=MUTED)
    return Body(slide, frame.top, frame.bottom)


CATEGORY_SIZE: Final = 12  # pt: a native chart's category names (_style_chart)


def category_names(names: list[str], width: int) -> list[str]:
    """Names from a file (reps) as the categories of a native bar chart `width` EMU wide, by the app's
    charts' rule (charts.category_lines): each in at most two lines of charts.NAME_SHARE of the chart's
    width at CATEGORY_SIZE (text.name_lines, measured by text_width), the last cut with "…", the lines
    joined by a line break. Given whole, how a 70-character name was wrapped, and how much of the chart
    it took from the bars, was PowerPoint's to decide."""
    room = NAME_SHARE * width
    return ["\n".join(name_lines(name, room, lambda line: text_width(line, CATEGORY_SIZE))) for name in names]


def _style_chart(chart, *, legend: bool = True, percent_axis: bool = True, labels_format: str | None = "0%") -> None:
    chart.font.name = DECK_FONT
    chart.font.size = Pt(12)
    chart.font.color.rgb = _rgb(TEXT_COLOUR)
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("#E5E7EB")
    value_axis.format.line.fill.background()
    value_axis.tick_labels.font.size = Pt(11)
    value_axis.tick_labels.font.color.rgb = _rgb(MUTED)
    if percent_axis:
        value_axis.tick_labels.number_format = "0%"
        value_axis.tick_labels.number_format_is_linked = False
        value_axis.minimum_scale = 0
    chart.category_axis.tick_labels.font.size = Pt(CATEGORY_SIZE)
    chart.category_axis.format.line.color.rgb = _rgb("#D1D5DB")
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if labels_format:
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = labels_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)


def _fill(target, colour: str) -> None:
    target.format.fill.solid()
    target.format.fill.fore_color.rgb = _rgb(colour)


def small_n_bar(point) -> None:
    """Draw `point` (a python-pptx bar: a chart series or its point; or a shape: a withheld rate's stub) as every chart draws a bar on too few
    deals (winloss.present.theme.bar_marker): SMALL_N_COLOUR hatched with SMALL_N_PATTERN and
    outlined, both in SMALL_N_EDGE, SMALL_N_OUTLINE pt wide. Grey alone was told from Unprofiled's
    grey bar by a shade a projector washes out; the slide's note says what the hatching means
    (winloss.text.small_n_note)."""
    drawn = getattr(point, "format", point)  # a shape (withheld_stubs) holds its fill and line itself
    fill = drawn.fill
    fill.patterned()
    fill.pattern = SMALL_N_PATTERN
    fill.fore_color.rgb = _rgb(SMALL_N_EDGE)
    fill.back_color.rgb = _rgb(SMALL_N_COLOUR)
    drawn.line.color.rgb = _rgb(SMALL_N_EDGE)
    drawn.line.width = Pt(SMALL_N_OUTLINE)


def stub_clear_of_gridlines(value_axis, ticks: list[float]) -> None:
    """Tick a native chart's rate axis (`value_axis`, its floor 0%) holding withheld rates' stubs at the step
    of `ticks` (charts.rate_axis's, which the stubs' length is a share of: withheld.stub), as the page ticks
    it. Left to PowerPoint, the step was its own, and nothing kept a labelled gridline (5%) from just under a
    stub's end (4.8% on an axis to 80%), where the stub would read as a rate; at the page's step a stub ends
    well short of the first gridline past 0% (withheld.STUB_SHARE). `ticks`: from 0%, at least two."""
    value_axis.major_unit = ticks[1] - ticks[0]


class PlotBox(NamedTuple):
    """Where a native chart's plot area (inside its axes) stands on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


# A chart's plot area, set (plot_box), leaves this much of the chart for its axes' words: the rate axis's ticks
# on the left ("100%" at 11 pt), and what the chart's top and bottom hold (legend, title, category names).
PLOT_LEFT: Final = Inches(0.6)
PLOT_RIGHT: Final = Inches(0.15)


def plot_box(frame, chart, *, top: int, bottom: int) -> PlotBox:
    """Set `chart`'s plot area (python-pptx; `frame` its graphic frame on the slide) inside its axes to a
    manual layout, `top` and `bottom` EMU of the chart left for what stands above and under it (PLOT_LEFT and
    PLOT_RIGHT on the sides), and return where it stands on the slide. Left to PowerPoint, the plot area is laid
    out when the deck opens, so nothing drawn over the chart (a withheld rate's stub: withheld_stubs) could be
    placed at a bar's place; a manual layout of the inner plot area is drawn where it says."""
    width, height = frame.width, frame.height
    box = PlotBox(frame.left + PLOT_LEFT, frame.top + top, width - PLOT_LEFT - PLOT_RIGHT, height - top - bottom)
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    fractions = {"x": PLOT_LEFT / width, "y": top / height, "w": box.width / width, "h": box.height / height}
    plot_area.insert(0, parse_xml(
        f'<c:layout {nsdecls("c")}><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        f'<c:yMode val="edge"/>{"".join(f"<c:{k} val={chr(34)}{v:.6f}{chr(34)}/>" for k, v in fractions.items())}'
        "</c:manualLayout></c:layout>"))
    return box


# The name of the words by a withheld rate's stub or ring (withheld_stubs, withheld_rings: "n too small" over
# "(n = 7)"), then its place's number: they stand in the chart, as a data label does, at a data label's size.
STUB_WORDS: Final = f"{PLACEHOLDER_NAME} words"
STUB_WORDS_SIZE: Final = 9
# A withheld point's ring drawn over a line chart (withheld_rings): as small_n_point draws a point's marker.
RING_SIZE: Final = 9  # pt across
RING_OUTLINE: Final = 2  # pt


def place_slot(box: PlotBox, places: int, i: int) -> tuple[float, float]:
    """The left edge on the slide and the width (EMU) of the i-th of `places` category places across `box` (a
    chart's plot area, plot_box). A bar chart's category axis, and a line chart's as python-pptx writes it
    (crossBetween "between"), gives each place an equal slot, its bars or point in the slot's middle."""
    slot = box.width / places
    return box.left + slot * i, slot


def value_top(box: PlotBox, value: float, floor: float, end: float) -> int:
    """Where `value` stands on the slide (EMU from its top) on a chart whose plot area is `box` (plot_box) and
    whose value axis runs from `floor` at the box's bottom to `end` at its top (fixed_value_axis)."""
    return int(round(box.top + box.height * (end - value) / (end - floor)))


def fixed_value_axis(chart, floor: float, end: float) -> None:
    """Fix `chart`'s value axis (python-pptx) from `floor` to `end`: left to PowerPoint, its ends are chosen
    when the deck opens, and nothing drawn over the chart (value_top) would stand at the value it is put at."""
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = floor, end


def withheld_words(slide, n: int | None, i: int, left: float, top: float, width: float, height: float, *,
                   anchor: MSO_ANCHOR, align: PP_ALIGN):
    """The words by the i-th place's stub or ring, withheld on `n` deals: "n too small" over "(n = 7)", in a
    text box at `left`, `top` (EMU on the slide), `width` by `height`, anchored and aligned as given."""
    words = slide.shapes.add_textbox(int(left), int(top), int(width), int(height))
    words.name = f"{STUB_WORDS} {i + 1}"
    frame = words.text_frame
    frame.word_wrap, frame.vertical_anchor = True, anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = TEXT_INSET
    frame.text = withheld_said(n)
    for paragraph in frame.paragraphs:
        paragraph.alignment = align
        for run in paragraph.runs:
            _font(run.font, STUB_WORDS_SIZE, colour=MUTED)
    return words


def withheld_said(n: int | None) -> str:
    """The words by a withheld place on `n` deals (None: no count, written 0): "n too small" over "(n = 7)"."""
    return f"{N_TOO_SMALL}\n(n = {n or 0:,})"


def withheld_stubs(slide, box: PlotBox, chart, held: list[bool], counts: list[int | None], axis_end: float) -> list:
    """Draw each withheld rate's stub (`held[i]`: the rate at the i-th bar place of `chart`, a clustered column
    chart whose series overlap wholly, is withheld on `counts[i]` deals) as a shape over the chart in its bar's
    place, hatched as small_n_bar draws a bar, labelled "n too small" over "(n = 7)" above it, and return the
    shapes drawn (a stub, then its words, for each).

    The stub is a shape, not a bar of the chart: a bar's length is a number in the chart's data, which
    PowerPoint's Edit Data shows ("3%" under "n too small") and a reader takes for the rate withheld. The
    chart's data holds no number at a withheld place. `box`: the chart's plot area (plot_box), its value axis
    from 0 to `axis_end` (set here), so a stub of withheld.stub(axis_end) ends where such a bar would."""
    fixed_value_axis(chart, 0, axis_end)
    plot = chart.plots[0]
    bottom = box.top + box.height
    top = value_top(box, withheld.stub(axis_end), 0, axis_end)
    drawn = []
    for i, (withheld_here, n) in enumerate(zip(held, counts, strict=True)):
        if not withheld_here:
            continue
        slot_left, slot = place_slot(box, len(held), i)
        bar = slot / (1 + (plot.gap_width or 0) / 100)  # the bars of all series in one place (overlap 100)
        stub = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, int(slot_left + (slot - bar) / 2), top, int(bar), bottom - top)
        stub.name = f"{PLACEHOLDER_NAME} {i + 1}"
        small_n_bar(stub)
        stub.shadow.inherit = False
        label_height = text_height(withheld_said(n), STUB_WORDS_SIZE, int(slot))
        words = withheld_words(slide, n, i, slot_left, top - label_height, slot, label_height,
                               anchor=MSO_ANCHOR.BOTTOM, align=PP_ALIGN.CENTER)
        drawn += [stub, words]
    return drawn


def withheld_rings(slide, box: PlotBox, chart, held: list[bool], counts: list[int | None], end: float) -> list:
    """Draw each withheld point's ring (`held[i]`: the share at the i-th place of `chart`, a line chart, is
    withheld on `counts[i]` deals) as an unfilled circle over the chart in its point's place, resting on the
    category axis at 0% of its value axis (from 0% to `end`, set here), at no rate, as the pages' rings
    (withheld.placeholder_points), "n too small" over "(n = 7)" beside it (on its right, on its left where the chart ends first), and return the shapes
    drawn (a ring, then its words, for each).

    The ring is a shape, not a point of the chart: a point's height is a number in the chart's data, which
    PowerPoint's Edit Data showed ("-5%" under "n too small") and a reader takes for the share withheld. The
    chart's data holds no number at a withheld place. `box`: the chart's plot area (plot_box)."""
    fixed_value_axis(chart, 0.0, end)
    size = Pt(RING_SIZE)
    # Its middle half a ring over the axis's line: centred in a band one tick step under 0%, the ring read as
    # a negative share on a shared screen.
    middle = value_top(box, 0.0, 0.0, end) - size / 2
    drawn = []
    for i, (withheld_here, n) in enumerate(zip(held, counts, strict=True)):
        if not withheld_here:
            continue
        slot_left, slot = place_slot(box, len(held), i)
        centre = slot_left + slot / 2
        ring = slide.shapes.add_shape(MSO_SHAPE.OVAL, int(centre - size / 2), int(middle - size / 2), size, size)
        ring.name = f"{PLACEHOLDER_NAME} {i + 1}"
        ring.fill.background()  # hollow, as the pages' rings (theme.SMALL_N_SYMBOL)
        ring.line.color.rgb = _rgb(SMALL_N_EDGE)
        ring.line.width = Pt(RING_OUTLINE)
        ring.shadow.inherit = False
        said = withheld_said(n)
        width = max(text_width(line, STUB_WORDS_SIZE) for line in said.split("\n")) + 2 * TEXT_INSET
        height = text_height(said, STUB_WORDS_SIZE, width)
        # Beside its ring, over the axis: above it, they ran up into the chart's lines. On its right, or on its
        # left where they would leave the chart (its right edge PLOT_RIGHT past the plot's: plot_box), as a
        # data label stays in its chart.
        right = centre + size / 2 + width <= box.left + box.width + PLOT_RIGHT
        words = withheld_words(slide, n, i, centre + size / 2 if right else centre - size / 2 - width,
                               middle - height / 2, width, height, anchor=MSO_ANCHOR.MIDDLE,
                               align=PP_ALIGN.LEFT if right else PP_ALIGN.RIGHT)
        drawn += [ring, words]
    return drawn


def small_n_point(point, colour: str) -> None:
    """Draw `point` (a python-pptx line chart's point, or a series: all its points) as every chart draws
    the place of a point withheld on too few deals (winloss.present.withheld.placeholder_points): a
    hollow ring in `colour`. A withheld place's ring itself is drawn over the chart (withheld_rings): this
    draws the "n too small" series' own, which holds no point."""
    marker = point.marker
    marker.style = XL_MARKER_STYLE.CIRCLE
    marker.size = RING_SIZE
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = _rgb("#FFFFFF")
    marker.format.line.color.rgb = _rgb(colour)
    marker.format.line.width = Pt(RING_OUTLINE)


def unjoined_segments(series, small: list[bool]) -> None:
    """Leave every segment of a line chart's `series` (python-pptx) that ends at a point on too few deals
    (`small`) undrawn, as the pages' lines join only points on enough deals (winloss.present.charts.unjoined):
    a ring on too few is joined to no other point. In a line chart a point's own line is the segment
    into it from the point before."""
    for i in range(1, len(small)):
        if small[i] or small[i - 1]:
            series.points[i].format.line.fill.background()


def percent_labels(series, values: list[float | None], *, size: int = 11, colour: str = TEXT_COLOUR,
                   position: XL_LABEL_POSITION | None = None) -> None:
    """Label each point of `series` with its share or rate (`values`, fractions) as text.percent writes
    it, ">99%" and "<1%": Excel's "0%" format wrote 0.996 "100%" and 0.004 "0%", a claim of all or none
    the page never makes. A missing value draws no point and gets no label; `position` None keeps the
    chart type's own. A place withheld on too few deals has no value, so no label: its words are drawn by its
    stub or ring (withheld_stubs, withheld_rings)."""
    for point, value in zip(series.points, values, strict=True):
        if value is not None:
            percent_label(point, value, size=size, colour=colour, position=position)


def percent_label(point, value: float, *, size: int = 11, colour: str = TEXT_COLOUR,
                  position: XL_LABEL_POSITION | None = None) -> None:
    """Label one `point` (python-pptx) with `value` (a fraction) as text.percent writes it: percent_labels' rule."""
    frame = point.data_label.text_frame
    frame.text = percent(value)
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            _font(run.font, size, colour=colour)
    if position is not None:
        point.data_label.position = position


def amount_labels(series, values: list[float | None], currency: str) -> None:
    """Label each bar of `series` with its amount (`values`, in `currency`) as text.money writes it,
    "$128k", "$4.99M": an Excel number format has one scale and fixed decimals for the whole chart
    ("$127.5k" beside "$0.1M" or "$5.0M"), not three figures in the scale each amount needs.
    A missing amount draws no bar and gets no label. The labels share one precision (text.same_precision):
    "$1.1M" beside "$1.34M" read as known less exactly."""
    labels = same_precision(["" if value is None else money(value, currency) for value in values])
    for point, value, label in zip(series.points, values, labels, strict=True):
        if value is None:
            continue
        frame = point.data_label.text_frame
        frame.text = label
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                _font(run.font, 11)
        point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END


def with_its_marks(slide, frame, marks: list) -> GroupShape | None:
    """Group `frame` (a chart's graphic frame on `slide`, python-pptx) with the `marks` drawn over it
    (withheld_stubs', withheld_rings': each withheld place's stub or ring and its words) and return the group;
    None, and nothing changed, when there are no marks. Apart, a user who moved or resized the chart in
    PowerPoint left its stubs and rings where they were, over another bar or off the chart; grouped, they move
    and scale with it. The group takes the chart's place in the slide's order of shapes, so the marks stay
    over the chart and whatever stood over the chart still does. Its shapes keep their places on the slide
    (python-pptx sets the group's frame to its shapes' extents, its child space the slide's)."""
    if not marks:
        return None
    tree = frame._element.getparent()
    at = tree.index(frame._element)
    group = slide.shapes.add_group_shape([frame, *marks])
    tree.insert(at, group._element)
    group.name = f"{frame.name} and its withheld marks"
    return group


def _add_chart(slide, kind, data: CategoryChartData, left, top, width, height):
    return slide.shapes.add_chart(kind, left, top, width, height, data).chart


COVER_LEFT: Final = Inches(1.1)
COVER_WIDTH: Final = Inches(11)
COVER_BOTTOM: Final = Inches(7.3)
SUBTITLE_SMALLEST: Final = 14  # the cover's subtitle is set down to it to keep to one line, else wraps at 16 pt


def _title_slide(prs, review: Review) -> None:
    """The cover: the quarter, then against what, as of when, the filters and what the file masks, one
    under the other, each box as tall as its wrapped lines (text_height), so a long line (a quarter in
    progress against the others "to the same day") pushes what follows down rather than run into it."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), _H)
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(ACCENT)
    band.line.fill.background()
    _text(slide, COVER_LEFT, Inches(1.7), COVER_WIDTH, Inches(0.6), "Quarterly business review · win/loss", 20, colour=ACCENT, bold=True)
    _text(slide, COVER_LEFT, Inches(2.3), COVER_WIDTH, Inches(1.4), review.quarter, 66, bold=True)
    said, one_line = subtitle(review), text_height("", 20, COVER_WIDTH)
    size = fitted_size(said, 20, COVER_WIDTH, one_line, smallest=SUBTITLE_SMALLEST)
    lines = [(said, size if text_height(said, size, COVER_WIDTH) <= one_line else 16, False, MUTED, Inches(0.1)),
             (dates_line(review), 20, False, MUTED, Inches(0.1))]
    if scope := scope_line(review):
        lines.append((scope, 20, True, ACCENT, Inches(0.1)))
    if note := privacy_note(review):
        lines.append((note, 14, False, MUTED, Inches(0.1)))
    if notes := scope_notes(review):  # the deals the filters leave out for want of a value, under the filters
        lines.append((" ".join(notes), 12, False, MUTED, Inches(0.1)))
    # Each line's box as tall as it needs, one under the other; all a point smaller while they run past the foot.
    shrink = 0
    while True:
        sized = [(text, max(size - shrink, SMALLEST), bold, colour, gap) for text, size, bold, colour, gap in lines]
        heights = [text_height(text, size, COVER_WIDTH, bold) for text, size, bold, _, _ in sized]
        if Inches(3.8) + sum(heights) + sum(gap for *_, gap in sized) <= COVER_BOTTOM or all(s[1] == SMALLEST for s in sized):
            break
        shrink += 1
    top: int = Inches(3.8)
    for (text, size, bold, colour, gap), height in zip(sized, heights, strict=True):
        _text(slide, COVER_LEFT, top, COVER_WIDTH, height, text, size, bold=bold, colour=colour)
        top += height + gap


def _findings_slide(prs, review: Review) -> None:
    body = _slide(prs, review, f"What the data says about {review.quarter}", rule_text())
    top, height = body.top + Inches(0.1), body.bottom - body.top - Inches(0.1)
    box = body.slide.shapes.add_textbox(_MARGIN, top, _W - 2 * _MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = TEXT_INSET
    findings = review.findings or ()
    if not findings:
        _font(frame.paragraphs[0].add_run().font, 18)
        frame.paragraphs[0].runs[0].text = "No change or gap in this quarter passes the rule below."
        return
    markers = ["▲  " if finding.good else ("▼  " if finding.good is False else "●  ") for finding in findings]
    # Smaller for many findings, and smaller still while they run past the box.
    said = "\n".join(marker + finding.text for marker, finding in zip(markers, findings, strict=True))
    size = fitted_size(said, 20 if len(findings) <= 5 else 16, box.width, height, space_after=FINDING_SPACE)
    for i, (marker_text, finding) in enumerate(zip(markers, findings, strict=True)):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(FINDING_SPACE)
        marker = paragraph.add_run()
        marker.text = marker_text
        _font(marker.font, size, True, OUTCOME_COLOURS[WON] if finding.good else OUTCOME_COLOURS[NO_DECISION])
        run = paragraph.add_run()
        run.text = visible(finding.text)
        _font(run.font, size)


def _headline_slide(prs, review: Review) -> None:
    captions = section_captions(review, intervals=False)  # native charts: no error bars to speak of
    body = _slide(prs, review, f"{SECTION_TITLES['headline']}: {review.quarter}", captions["headline"], left_out_notes(review).get("headline"))
    slide, top = body.slide, body.top
    rows = kpi_rows(review)
    gap = Inches(0.25)
    width = Emu(int((_W - 2 * _MARGIN - gap * (len(rows) - 1)) / len(rows)))
    inner = width - Inches(0.3)
    # What a value leaves out ("no rate for EUR": kpi_rows' aside) on a line of its own under it, in the change
    # lines' small grey type, as the app's tiles and the HTML report set it beside the value: written after it in
    # the value's one run, "$4.06M · no rate for EUR" was shrunk from the headline size and wrapped. One line,
    # smaller for a long one (_room); every tile's change lines then start under the tallest aside.
    asides = {i: _room(row["aside"], ASIDE_SIZE, inner, text_height("", ASIDE_SIZE, inner))
              for i, row in enumerate(rows) if row["aside"]}
    below = max((height for _, height in asides.values()), default=0)
    for i, row in enumerate(rows):
        left = _MARGIN + i * (width + gap)
        tile = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top + Inches(0.05), width, Inches(1.85) + below)
        tile.adjustments[0] = 0.08
        tile.fill.solid()
        tile.fill.fore_color.rgb = _rgb("#F3F5F8")
        tile.line.fill.background()
        _text(slide, left + Inches(0.15), top + Inches(0.13), inner, Inches(0.33), row["label"], 13, colour=MUTED)
        # The figure alone in the headline size (kpi_rows' figure); "n too small (n = 5)" at the size of "42%" wraps
        # onto the change lines: smaller, on one line; so are words in a figure's place ("No rate for EUR": phrase).
        _text(slide, left + Inches(0.15), top + Inches(0.46), inner, Inches(0.64), row["figure"],
              WORDS_SIZE if row["small"] or row["phrase"] else 32, bold=True)
        if i in asides:
            size, height = asides[i]
            _text(slide, left + Inches(0.15), top + Inches(1.1), inner, height, row["aside"], size, colour=MUTED)
        # A rate's n first ("n = 5 in 2026 Q3"), as the page's tile and the HTML report write it: why a change is
        # withheld leaves that n out (text.withheld_change's `said`), so without it the deck gave none.
        lines = [line for line in (row["n"], row["qoq"], row["yoy"]) if line]
        changes = "\n".join(lines)
        # A withheld change says why ("vs 2026 Q2: Q3 and Q2 n too small (13 and 15 won deals)"): at 12 pt two
        # such lines wrap to five and run into the chart under the tiles; at 10 pt they keep to four, in the tile
        # (and smaller still, should they not: _text fits them to the box). 12 pt when each keeps to one line.
        room = width - Inches(0.3) - 2 * TEXT_INSET
        size = 12 if all(line_count(line, 12, room) == 1 for line in lines) else 10
        _text(slide, left + Inches(0.15), top + Inches(1.1) + below, inner, Inches(0.8), changes, size, colour=MUTED)
    if missing := missing_charts(review).get("headline"):
        # Every rate is below the minimum n: a chart of empty bars says nothing, this sentence does.
        _missing(body, missing, top + Inches(3.0) + below)
        return
    data = CategoryChartData(number_format="0%")
    data.categories = [review.last_year, review.previous, review.quarter]
    rates = {r["kpi"]: r for r in review.kpis.iter_rows(named=True)}
    shown = []
    for kpi in ("win_rate", "no_decision_share_of_losses"):
        r = rates[kpi]
        # A rate on fewer than MIN_N deals is left out of the chart, never a bare percentage.
        shown.append([None if small else value for value, small in (
            (r["last_year"], r["small_n_last_year"]), (r["previous"], r["small_n_previous"]), (r["value"], r["small_n"]))])
        data.add_series(r["label"], shown[-1])
    chart = _add_chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, _MARGIN, top + Inches(2.1) + below, _W - 2 * _MARGIN,
                       body.bottom - top - Inches(2.1) - below)
    _style_chart(chart)
    for series, rates_shown in zip(chart.plots[0].series, shown, strict=True):
        percent_labels(series, rates_shown)
    _fill(chart.plots[0].series[0], OUTCOME_COLOURS[WON])
    _fill(chart.plots[0].series[1], OUTCOME_COLOURS[NO_DECISION])
    chart.plots[0].gap_width = 120


EMU_PER_PX: Final = 9525  # at 96 px an inch
PX_PER_PT: Final = 96 / 72
# The share of a slide's body a column chart's plot takes at least: its legend above and its names under it
# take the rest.
DECK_PLOT_SHARE: Final = 0.7


# What the profiles chart leaves above its plot (the legend) and under it (each bar's quarter, then the
# profile's name on up to two lines), EMU.
PROFILE_PLOT_TOP: Final = Inches(0.45)
PROFILE_PLOT_BOTTOM: Final = Inches(1.0)


def _profiles_slide(prs, review: Review) -> None:
    captions = section_captions(review, intervals=False)  # native charts: no error bars to speak of
    body = _slide(prs, review, SECTION_TITLES["profiles"], captions["profiles"])
    slide = body.slide
    if missing := missing_charts(review).get("profiles"):
        _missing(body, missing)
        return
    table = review.profiles
    this_short, previous_short = review.tag_names
    # One bar a profile and quarter (the quarters under each profile's name), a rate on too few deals
    # withheld (winloss.present.withheld): no value in the "Win rate" series, a hatched stub drawn over the
    # chart in its place (withheld_stubs), no number. The "n too small" series holds no value at all: its
    # hatched key in the legend says what the stubs are.
    rows = table.to_dicts()
    places = [(r, quarter, rate_col, n_col, bool(r[small_col])) for r in rows for quarter, rate_col, n_col, small_col in (
        (previous_short, "previous_win_rate", "previous_n", "previous_small_n"), (this_short, "win_rate", "n", "small_n"))]
    rates = withheld.shown([r[rate_col] for r, _, rate_col, _, _ in places], [small for *_, small in places])
    axis = rate_axis(max([v for v in rates if v is not None], default=0.0))
    end = axis["range"][1]
    held = [small and r[rate_col] is not None for r, _, rate_col, _, small in places]
    data = CategoryChartData(number_format="0%")
    for r in rows:
        profile = data.add_category(r["seller_profile"])
        profile.add_sub_category(previous_short)
        profile.add_sub_category(this_short)
    data.add_series("Win rate", rates)
    data.add_series(PLACEHOLDER_NAME, [None] * len(places))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, _MARGIN, body.top, _W - 2 * _MARGIN, body.height, data)
    chart = frame.chart
    _style_chart(chart, labels_format=None)
    stub_clear_of_gridlines(chart.value_axis, axis["tickvals"])
    shown_series, stub_series = chart.plots[0].series
    _fill(shown_series, NEUTRAL_COLOUR)
    small_n_bar(stub_series)
    chart.plots[0].gap_width = 60
    chart.plots[0].overlap = 100
    box = plot_box(frame, chart, top=PROFILE_PLOT_TOP, bottom=PROFILE_PLOT_BOTTOM)
    with_its_marks(slide, frame, withheld_stubs(slide, box, chart, held, [r[n_col] for r, _, _, n_col, _ in places], end))
    # Where each shown bar's rate stands is the page's rule (Review.profile_bar_places): the quarter's inside
    # its bar at the base, in the ink its fill takes, for the page's whisker runs past the bar's end; a bar too
    # short to hold it has it past its end, as on the page. Measured at the least the chart gives a bar:
    # DECK_PLOT_SHARE of the body's height, on an axis PowerPoint ends at 100% at most. A withheld rate's words
    # are its stub's, past the stub's end, whatever the rate.
    base_size = PROFILE_BAR_INK["quarter"][1]
    def holds(rate: float) -> bool:
        return words_fit_at_base_px(rate * body.height / EMU_PER_PX * DECK_PLOT_SHARE, base_size * PX_PER_PT)
    label_places = [place for pair in zip(review.profile_bar_places(previous=True), review.profile_bar_places(holds=holds),
                                          strict=True) for place in pair]
    for i, (r, quarter, _, _, _) in enumerate(places):
        now = quarter == this_short
        colour, size = PROFILE_BAR_INK["quarter" if now else "previous"]
        if not held[i] and (rate := rates[i]) is not None:
            # Both quarters labelled, in the page's ink and sizes (theme.PROFILE_BAR_INK), the previous
            # quarter's bars in its grey, this quarter's in the profile's colour.
            fill = PROFILE_COLOURS.get(r["seller_profile"], SMALL_N_COLOUR) if now else review_charts.PREVIOUS_COLOUR
            _fill(shown_series.points[i], fill)
            if label_places[i] == AT_BASE:
                percent_label(shown_series.points[i], rate, size=size, colour=ink(fill), position=XL_LABEL_POSITION.INSIDE_BASE)
            else:
                percent_label(shown_series.points[i], rate, size=size, colour=colour, position=XL_LABEL_POSITION.OUTSIDE_END)


# What the no-decision slide's value chart leaves above its plot: its title.
VALUE_PLOT_TOP: Final = Inches(0.6)


def _share_of_losses_chart(slide, review: Review, body: Body, width: Emu) -> None:
    """The no-decision slide's line of the share of losses by quarter, `width` wide at the body's left."""
    table = review.no_decision
    quarters = table.get_column("quarter").to_list()
    # A share on too few losses is withheld (winloss.present.withheld): no point in the line's series, a grey
    # ring drawn over the chart in its place (withheld_rings), no number, resting on the quarters' axis at no
    # rate, as on the page. The "n too small" series holds no value at all (a ring at a height was a number Edit
    # Data showed, "-5%"): it names the rings' column there.
    few_losses = table.get_column("small_n").to_list()  # by the rule of the page's chart and of its CSV
    share_values = withheld.shown(table.get_column("no_decision_share_of_losses").to_list(), few_losses)
    held = [few and v is not None for few, v in zip(few_losses, table.get_column("no_decision_share_of_losses"), strict=True)]
    losses_axis = rate_axis(max([v for v in share_values if v is not None], default=0.0))
    shares = CategoryChartData(number_format="0%")
    shares.categories = quarters
    shares.add_series(ND_SHARE_OF_LOSSES, share_values)
    if any(held):
        shares.add_series(PLACEHOLDER_NAME, [None] * len(held))
    line_frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, _MARGIN, body.top, width, body.height, shares)
    line = line_frame.chart
    _style_chart(line, legend=False)
    line.has_title = True
    line.chart_title.text_frame.text = "Share of losses"
    _font(line.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
    series = line.plots[0].series[0]
    series.format.line.color.rgb = _rgb(OUTCOME_COLOURS[NO_DECISION])
    series.format.line.width = Pt(3)
    series.smooth = False
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = _rgb(OUTCOME_COLOURS[NO_DECISION])
    line.plots[0].data_labels.position = XL_LABEL_POSITION.ABOVE
    percent_labels(series, share_values, position=XL_LABEL_POSITION.ABOVE)
    if any(held):
        rings = line.plots[0].series[1]
        rings.format.line.fill.background()  # rings alone, joined to nothing
        small_n_point(rings, SMALL_N_EDGE)
        box = plot_box(line_frame, line, top=VALUE_PLOT_TOP, bottom=Inches(0.3) + Inches(0.22))  # one line a quarter
        with_its_marks(slide, line_frame, withheld_rings(slide, box, line, held, table.get_column("losses").to_list(),
                                                         losses_axis["range"][1]))
    unjoined_segments(series, few_losses)


def _no_decision_slide(prs, review: Review) -> None:
    captions = section_captions(review, intervals=False)  # native charts: no error bars to speak of
    body = _slide(prs, review, SECTION_TITLES["no_decision"], captions["no_decision"], left_out_notes(review).get("no_decision"))
    slide = body.slide
    if missing := missing_charts(review).get("no_decision"):
        _missing(body, missing)
        return
    table = review.no_decision
    quarters = table.get_column("quarter").to_list()
    half = Emu(int((_W - 2 * _MARGIN - Inches(0.4)) / 2))
    if held_all := withheld_no_decision_sentence(review):
        # Every quarter's share withheld: the page's sentence in the line's place, as the value's is in its bars'.
        _text(slide, _MARGIN, body.top + Inches(1.8), half, body.bottom - body.top - Inches(1.8), held_all, 16, colour=MUTED)
    else:
        _share_of_losses_chart(slide, review, body, half)
    if missing := no_decision_value_missing(review):  # no bar of nothing: the sentence why, in its place
        _text(slide, _MARGIN + half + Inches(0.4), body.top + Inches(1.8), half, body.bottom - body.top - Inches(1.8),
              missing, 16, colour=MUTED)
        return
    if review.hide_amounts:
        name, values, fmt, axis_pct = "Share of closed deal value", table.get_column("no_decision_value_share").to_list(), "0%", True
    else:
        name, values, fmt, axis_pct = "Value lost to no decision", table.get_column("no_decision_amount").to_list(), "#,##0", False
    # A quarter whose no-decision deals have no value (no exchange rate) has no bar and no point to
    # label: what they lack is written under its name, at the bar's place, so the gap never reads as
    # "$0" beside its neighbours (review.no_decision_value_marks); its value stays empty, never 0.
    marks = no_decision_value_marks(review)
    value = CategoryChartData(number_format=fmt)
    value.categories = [f"{q}\n{m.words}" if m.unvalued else q for q, m in zip(quarters, marks, strict=True)]
    # A share of closed deal value on too few closed deals is withheld as the share of losses is: a stub
    # drawn over the chart in its place (withheld_stubs), no number in the chart's data. An amount is no
    # rate: drawn, hatched (below).
    value_held = [m.small and axis_pct and v is not None for m, v in zip(marks, values, strict=True)]
    values = withheld.shown(values, value_held)
    value.add_series(name, values)
    # Only a share is withheld (value_held needs axis_pct): an amount is never put on a rate axis.
    share_axis = rate_axis(max([v for v in values if v is not None], default=0.0)) if any(value_held) else None
    value_frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, _MARGIN + half + Inches(0.4), body.top, half,
                                         body.height, value)
    bars = value_frame.chart
    _style_chart(bars, legend=False, percent_axis=axis_pct, labels_format=fmt)
    if share_axis is not None:
        stub_clear_of_gridlines(bars.value_axis, share_axis["tickvals"])
    if axis_pct:
        percent_labels(bars.plots[0].series[0], values, position=XL_LABEL_POSITION.OUTSIDE_END)
        # A share of too few closed deals is never a bare percentage, as on the page (no_decision_value_small).
        if share_axis is not None:
            lines = max((str(c.label).count("\n") + 1 for c in value.categories), default=1)
            box = plot_box(value_frame, bars, top=VALUE_PLOT_TOP, bottom=Inches(0.3) + lines * Inches(0.22))
            with_its_marks(slide, value_frame, withheld_stubs(slide, box, bars, value_held, table.get_column("closed").to_list(),
                                                              share_axis["range"][1]))
    else:
        amount_labels(bars.plots[0].series[0], values, review.currency)
        for point, mark in zip(bars.plots[0].series[0].points, marks, strict=True):
            # An amount leaving deals out for want of a rate says what they lack, as on the page
            # (ValueMark.aside): "$58.5k" over "no rate for EUR, GBP".
            if mark.aside and not mark.unvalued:
                frame = point.data_label.text_frame
                frame.text = f"{mark.figure}\n{mark.aside}"
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        _font(run.font, 11)
        # Every bar carries its amount in text.money's rule; an axis in Excel's fixed-decimal
        # format beside them would write the same amounts another way ("$50.0k").
        bars.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        bars.value_axis.has_major_gridlines = False
        bars.value_axis.minimum_scale = 0
    bars.has_title = True
    bars.chart_title.text_frame.text = name
    _font(bars.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
    bar_series = bars.plots[0].series[0]
    _fill(bar_series, review_charts.VALUE_COLOUR)
    for i, (quarter, mark) in enumerate(zip(quarters, marks, strict=True)):
        # Hatched as on the page (review.no_decision_value_small): a share of closed deal value on too few
        # closed deals; an amount beside its hollow point.
        if mark.small and not axis_pct:
            small_n_bar(bar_series.points[i])
        elif quarter == review.quarter:
            _fill(bar_series.points[i], OUTCOME_COLOURS[NO_DECISION])
    bars.plots[0].gap_width = 60


def _movers_slide(prs, review: Review) -> None:
    captions = section_captions(review, intervals=False)  # native charts: no error bars to speak of
    body = _slide(prs, review, SECTION_TITLES["movers"], captions["movers"])
    slide = body.slide
    if missing := missing_charts(review).get("movers"):  # no panel of nothing: the page's sentence, once
        _missing(body, missing)
        return
    half = Emu(int((_W - 2 * _MARGIN - Inches(0.4)) / 2))
    for i, (measure, title, colour) in enumerate(
        (("win_rate", "Win rate", OUTCOME_COLOURS[WON]), ("no_decision_share_of_losses", ND_SHARE_OF_LOSSES, OUTCOME_COLOURS[NO_DECISION]))
    ):
        table = review.movers.filter(pl.col("measure") == measure)
        left = _MARGIN + i * (half + Inches(0.4))
        if table.height == 0:
            _text(slide, left, body.top + Inches(2.0), half, body.bottom - body.top - Inches(2.0),
                  f"{title}: {no_movers(review)}", 14, colour=MUTED)
            continue
        data = CategoryChartData(number_format="0%")
        # Bar charts draw the first category at the bottom: reversed, the largest change is on top.
        # A rep who left or is leaving is named so (review.mover_names): the deck has no hover to say it.
        data.categories = category_names(mover_names(table.reverse()), half)
        data.add_series(review.previous, table.get_column("before").reverse().to_list())
        data.add_series(review.quarter, table.get_column("after").reverse().to_list())
        chart = _add_chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, left, body.top, half, body.height)
        _style_chart(chart)
        for series, column in zip(chart.plots[0].series, ("before", "after"), strict=True):
            percent_labels(series, table.get_column(column).reverse().to_list())
        chart.has_title = True
        chart.chart_title.text_frame.text = title
        _font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
        _fill(chart.plots[0].series[0], review_charts.PREVIOUS_COLOUR)
        _fill(chart.plots[0].series[1], colour)
        chart.plots[0].gap_width = 60


def _at_risk_slide(prs, review: Review) -> None:
    captions = section_captions(review, intervals=False)  # native charts: no error bars to speak of
    body = _slide(prs, review, SECTION_TITLES["at_risk"], captions["at_risk"], left_out_notes(review).get("at_risk"))
    slide = body.slide
    table = review.at_risk_by_profile
    # The pipeline's deals at risk the filters leave out for want of a value: said where the deals would be.
    unplaced = at_risk_scope_notes(review)
    if missing := missing_charts(review).get("at_risk"):
        _missing(body, " ".join([missing, *unplaced]))
        return
    data = CategoryChartData(number_format="#,##0")
    data.categories = table.get_column("seller_profile").reverse().to_list()
    data.add_series("At risk", table.get_column("at_risk").reverse().to_list())
    data.add_series("On track", table.get_column("on_track").reverse().to_list())
    # Each sentence on deals the filters leave out takes about two rows' height under the table: the table
    # lists fewer deals then (its note says how many of how many), so the notes fit above the slide's caption.
    # Rows that with the notes under them would run past it (long names, a long caption leaving less room)
    # are set smaller, then cut short (fitted_grid); and fewer are listed while even that does not fit.
    table_top = body.top + Inches(0.1)
    limit = max(3, AT_RISK_SLIDE_ROWS - 2 * len(unplaced))
    while True:
        header, rows = at_risk_rows(review, limit)
        # The deal's name takes some of the chart's room (its profiles' names still read whole).
        width = Inches(5.2 if "Deal" not in header else 4.0)
        left = _MARGIN + width + Inches(0.3)
        room = _W - _MARGIN - left
        notes = [rows_left_out(len(rows), review.at_risk.height, review.at_risk_first),
                 stage_now_note(review) if review.pipeline_by_age and rows else None, *unplaced]
        said = " ".join(n for n in notes if n)
        # The table's room: down to the notes at their smallest, 9 pt, under it.
        most = body.bottom - table_top - (GAP + text_height(said, 9, room) if said else 0)
        words = [not number for number in number_columns(header, review)]
        grid = fitted_grid(header, rows, at_risk_widths(header, rows, review, room), words, most)
        if grid.height <= most or limit <= 1 or not rows:
            break
        limit = min(limit, len(rows)) - 1
    # Under the table, or where the table would be; at 10 pt, or 9 where that keeps clear of the caption.
    notes_top = table_top + (grid.height + GAP if rows else Inches(1.3))
    notes_size = next((size for size in (10, 9) if notes_top + text_height(said, size, room) <= body.bottom), 9)
    needed = text_height(said, notes_size, room)
    chart = _add_chart(slide, XL_CHART_TYPE.BAR_STACKED, data, _MARGIN, body.top, width, body.height)
    _style_chart(chart, percent_axis=False, labels_format="#,##0;-#,##0;")  # no label on a zero
    _fill(chart.plots[0].series[0], review_charts.AT_RISK_COLOUR)
    _fill(chart.plots[0].series[1], OUTCOME_COLOURS[OPEN])
    chart.plots[0].gap_width = 50
    chart.plots[0].overlap = 100
    if not rows:  # a table of its header row alone says nothing: say that no deal is at risk
        size, height = _room(review.none_at_risk, 16, room, Inches(1.2))
        _text(slide, left, table_top, room, height, review.none_at_risk, size, colour=MUTED)
        if unplaced:
            top = max(table_top + height + Inches(0.1), notes_top)
            _text(slide, left, top, room, body.bottom - GAP - top, " ".join(unplaced), 12, colour=MUTED)
        return
    _table(slide, left, table_top, grid, number_columns(header, review), room)
    # Under the table: that it is not the whole list, on a past day what its stage column holds (a past
    # day's stages are today's), and the deals the filters leave out: down to the caption, at the least.
    if said:
        _text(slide, left, notes_top, room, needed, said, notes_size, colour=MUTED)


def _table(slide, left: int, top: int, grid: Grid, numbers: list[bool], width: int | None = None):
    """Draw `grid` as a native PowerPoint table (editable in PowerPoint) at `left`, `top` (EMU), `width` wide (its
    columns' widths added up when None): its first row the header, bold on the accent colour, the rows under it
    banded; the `numbers` columns right-aligned (words.number_columns), so figures line up down a column. Returns
    the table's shape."""
    shape = slide.shapes.add_table(len(grid.cells), len(grid.widths), left, top, width or sum(grid.widths), grid.height)
    table_grid = shape.table
    # Each column's and row's size set in the table's XML, the frame then made their sum once: python-pptx's
    # setters add up every row again after each row is set.
    for column, column_width in zip(table_grid._tbl.tblGrid.gridCol_lst, grid.widths, strict=True):
        column.w = Emu(column_width)
    for tr, row_height in zip(table_grid._tbl.tr_lst, grid.heights, strict=True):
        tr.h = Emu(row_height)
    table_grid.notify_width_changed()
    table_grid.notify_height_changed()
    aligns = [PP_ALIGN.RIGHT if number else PP_ALIGN.LEFT for number in numbers]
    # A table's cells differ in their words and in a few styles (header or band, left or right): each style's
    # cell is made once by _cell and copied, since python-pptx's setters cost far more than a copy of the
    # element they make (a reps table of 40 rows and 8 columns set 320 cells one property at a time).
    made: dict[tuple[bool, str, Any], Any] = {}
    for r, (tr, row) in enumerate(zip(table_grid._tbl.tr_lst, grid.cells, strict=True)):
        for c, (tc, text) in enumerate(zip(tr.tc_lst, row, strict=True)):
            style = (True, ACCENT, aligns[c]) if r == 0 else (False, "#FFFFFF" if r % 2 else "#F3F5F8", aligns[c])
            if style in made:
                copy = deepcopy(made[style])
                tr.replace(tc, copy)
                tc = copy
            else:
                bold, fill, align = style
                _cell(_Cell(tc, table_grid), "", grid.size, bold=bold, fill=fill, colour="#FFFFFF" if bold else TEXT_COLOUR,
                      align=align)
                made[style] = deepcopy(tc)
            tc.txBody.p_lst[0].r_lst[0].text = visible(text)  # as _Run.text sets it
    return shape


# The reps table (_reps_slides): at the size of the charts' names (CATEGORY_SIZE), which a slide shared on a
# screen of 1280 px shows at 16 px; rows that do not fit one slide at it go onto the next, never set smaller.
REPS_SIZE: Final = CATEGORY_SIZE
# A rep's, team's or profile's name longer than this many lines of its column is cut with "…" (cut_to_lines):
# one name of 120 characters would otherwise take a slide's rows.
REPS_CUT_LINES: Final = 2


def least_width(texts: list[str], size: float, most: int, bold: bool = False) -> int:
    """The narrowest table column (EMU, its margins in) in which every one of `texts` at `size` pt takes at most
    `most` lines (line_count): none of them then cut by cut_to_lines."""
    fits = max((text_width(text, size, bold) for text in texts), default=0) + 2 * CELL_MARGIN_X + 1
    over = 2 * CELL_MARGIN_X  # the widest that does not hold them all lies in [over, fits)
    while fits - over > 1:
        middle = (fits + over) // 2
        if all(line_count(text, size, middle - 2 * CELL_MARGIN_X, bold) <= most for text in texts):
            fits = middle
        else:
            over = middle
    return int(fits)


def reps_widths(header: list[str], rows: list[list[str]], numbers: list[bool], room: int) -> list[int]:
    """The reps table's columns' widths in EMU, filling `room`: each column as wide as its header (bold) and its
    widest cell at REPS_SIZE need, the spare shared out in proportion. When they need more than `room`, the
    columns of numbers (`numbers`) keep theirs and the columns of names share the rest by need: the Profile
    column first the least in which each of its names (the product's five, "Reactive Problem Solver*") takes at
    most REPS_CUT_LINES lines, then each column towards its need, the one that needs least served first and the
    rest shared evenly among the others (a column of short names, a coach or a profile, whole; the longest names
    wrapping, cut at REPS_CUT_LINES: _reps_slides).

    Shared in proportion to need, a team of 82 letters took its whole width while "Reactive Problem Solver" read
    "Reactive Problem S…", a coach "Coach <i>Ivy</i>…"."""
    needs = [max(text_width(text, REPS_SIZE, bold=r == 0) for r, text in enumerate(column)) + 2 * CELL_MARGIN_X
             for column in zip(header, *rows, strict=True)]
    if sum(needs) <= room:
        return [int(need * room / sum(needs)) for need in needs]
    named = [c for c, number in enumerate(numbers) if not number]
    widths = {c: 0 for c in named}
    if REP_HEADERS["seller_profile"] in header:
        c = header.index(REP_HEADERS["seller_profile"])
        widths[c] = min(needs[c], least_width([row[c] for row in rows], REPS_SIZE, REPS_CUT_LINES))
    spare = room - sum(need for need, number in zip(needs, numbers, strict=True) if number) - sum(widths.values())
    pending = sorted(named, key=lambda c: needs[c] - widths[c])
    for done, c in enumerate(pending):
        grow = min(max(needs[c] - widths[c], 0), max(spare, 0) // (len(pending) - done))
        widths[c] += grow
        spare -= grow
    return [int(need if number else widths[c]) for c, (need, number) in enumerate(zip(needs, numbers, strict=True))]


def reps_pages(heights: list[int], most: int) -> list[range]:
    """The rows of a table (their `heights`, EMU, the header's first) split over slides, each page's header and
    rows within `most` EMU: as few pages as a page filled in turn needs, the rows then shared out as evenly as
    fits (17 and 17 rather than 30 and 4), since a last slide of a few rows read as an afterthought. A row taller
    than `most` alone has a page to itself. One empty page for a table of no rows."""
    header, rows = heights[0], heights[1:]
    greedy: list[range] = []
    first, used = 0, header
    for i, height in enumerate(rows):
        if used + height > most and i > first:
            greedy.append(range(first, i))
            first, used = i, header
        used += height
    greedy.append(range(first, len(rows)))
    per = math.ceil(len(rows) / len(greedy)) if rows else 0
    even = [range(i, min(i + per, len(rows))) for i in range(0, len(rows), per)] if per else greedy
    fits = len(even) == len(greedy) and all(header + sum(rows[i] for i in page) <= most for page in even)
    return even if fits else greedy


def _reps_slides(prs, review: Review) -> None:
    """The quarter's reps as the Reps leaderboard lists them (words.rep_rows: rep, team, coach, profile, n, won,
    win rate, losses, no decision ÷ losses, rates withheld as there), a native table over as many slides as its rows need
    at REPS_SIZE (reps_pages), its header on each, each slide's caption saying what the table is and what "—"
    and "*" mean (words.rep_table_note), so a slide shown alone is read whole. None for a review without reps."""
    header, rows = rep_rows(review)
    if not rows:
        return
    note = rep_table_note(review)
    numbers = number_columns(header, review)
    frame = slide_frame(review, note)
    table_top = frame.top + Inches(0.1)
    room = _W - 2 * _MARGIN
    widths = reps_widths(header, rows, numbers, room)
    cut = [[text if number else cut_to_lines(text, REPS_SIZE, width - 2 * CELL_MARGIN_X, REPS_CUT_LINES)
            for text, width, number in zip(row, widths, numbers, strict=True)] for row in rows]
    heights = grid_heights([header, *cut], widths, REPS_SIZE)
    pages = reps_pages(heights, frame.bottom - table_top)
    title = f"{SECTION_TITLES['reps']}: {review.quarter}"
    for i, page in enumerate(pages):
        body = _slide(prs, review, f"{title} ({i + 1} of {len(pages)})" if len(pages) > 1 else title, note)
        grid = Grid(REPS_SIZE, [header, *(cut[r] for r in page)], widths, [heights[0], *(heights[r + 1] for r in page)])
        _table(body.slide, _MARGIN, table_top, grid, numbers)


def at_risk_widths(header: list[str], rows: list[list[str]], review: Review, room: int) -> list[int]:
    """The at-risk table's columns' widths in EMU, AT_RISK_COLUMN_INCHES scaled to fill `room`."""
    # The amount's header names its currency ("Amount (€)"): it is the last column, when shown.
    named = header if review.hide_amounts else header[:-1]
    # An amount no rate converts reads "£114k (not converted)": a column for it in two lines.
    wide = not review.hide_amounts and any_not_converted([row[-1] for row in rows])
    weights = [AT_RISK_COLUMN_INCHES[h] for h in named] + (
        [] if review.hide_amounts else [NOT_CONVERTED_INCHES if wide else AMOUNT_INCHES])
    scale = room / Inches(sum(weights))
    return [int(Inches(w) * scale) for w in weights]


def _missing(body: Body, sentence: str, top: int | None = None) -> None:
    """What a slide says in place of a chart whose data is not there (views.review.missing_charts): from
    `top` (1.8 in under the body's top by default), as tall as its lines, down to the caption at the most."""
    top = body.top + Inches(1.8) if top is None else top
    width = _W - 2 * _MARGIN
    size, height = _room(sentence, 18, width, body.bottom - top)
    _text(body.slide, _MARGIN, top, width, height, sentence, size, colour=MUTED)


def _cell(cell, text: str, size: float, *, bold: bool = False, fill: str = "#FFFFFF", colour: str = TEXT_COLOUR,
          align=PP_ALIGN.LEFT) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    cell.margin_left = cell.margin_right = CELL_MARGIN_X
    cell.margin_top = cell.margin_bottom = CELL_MARGIN_Y
    frame = cell.text_frame
    frame.word_wrap = True
    frame.paragraphs[0].text = ""
    frame.paragraphs[0].alignment = align
    run = frame.paragraphs[0].add_run()
    run.text = visible(text)
    _font(run.font, size, bold, colour)


def deck_bytes(review: Review) -> bytes:
    """The review as a 16:9 PowerPoint deck with native, editable charts; one slide per section, the reps
    table over as many as its rows need (_reps_slides)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = _W, _H
    _set_properties(prs, review)
    _without_thumbnail(prs)
    _title_slide(prs, review)
    _findings_slide(prs, review)
    _headline_slide(prs, review)
    _profiles_slide(prs, review)
    _no_decision_slide(prs, review)
    _movers_slide(prs, review)
    _at_risk_slide(prs, review)
    _reps_slides(prs, review)
    buffer = io.BytesIO()
    prs.save(buffer)
    return _with_app_properties(buffer.getvalue(), len(prs.slides))


def _set_properties(prs, review: Review) -> None:
    """The deck's document properties (File › Info): the review's title, written now (UTC) by APP_NAME, no
    comment. python-pptx's template had said created and modified on 27 Jan 2013, "generated using
    python-pptx"."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # python-pptx writes a naive time as UTC
    props = prs.core_properties
    props.title = document_title(review)
    props.author = props.last_modified_by = APP_NAME
    props.created = props.modified = now
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1


def _without_thumbnail(prs) -> None:
    """`prs` without its package's thumbnail: python-pptx's template carries a generic picture of some other
    slide (docProps/thumbnail.jpeg), which a file manager showed as the deck's preview. The relationship
    to it is dropped, so the part is not written, nor its type in [Content_Types].xml (derived from the
    parts written); a file manager shows the application's icon instead."""
    package = prs.part.package
    for rId, rel in list(package._rels.items()):  # python-pptx has no public way to a package's own relationships
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rId)


APP_XML: Final = "docProps/app.xml"


def _with_app_properties(deck: bytes, slides: int) -> bytes:
    """`deck` (a .pptx's bytes) with its extended properties saying what it is: written by APP_NAME, 16:9,
    `slides` slides. python-pptx's template's said "Microsoft Macintosh PowerPoint", "On-screen Show
    (4:3)" and 0 slides."""
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{xml_escape(APP_NAME)}</Application><PresentationFormat>On-screen Show (16:9)</PresentationFormat>"
        f"<Slides>{slides}</Slides></Properties>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(deck)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, app.encode() if item.filename == APP_XML else source.read(item))
    return out.getvalue()
