"""The deck's text measures, tables and fonts as their rules state them, however they are worked out: a word
longer than a line broken where the line is full, a measure kept for its words, size, room and weight alone, a
table's cells and a run's font made from a copy of one of their style reading as if set one property at a time."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from winloss.export.deck import ACCENT, REPS_SIZE, Grid, _cell, _font, _table, line_count, text_width
from winloss.text import visible

WORDS = ("Konstantinopoulou", "Blue Ridge Manufacturing Corporation of North America S.A. de C.V.", "iiiiiiiiiiiiiiiiiiii",
         "MMMMWWWW@@%%mmww", "Salesforce_Opportunities_Export_2026-11-30_final_v2.csv", "a", "Inès Reyes\nBo Lind",
         "WiWiWiWiWiWiWiWiWiWi lllllllllllllll MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM")


def line_count_measuring_every_start(text: str, size: float, room: int, bold: bool = False) -> int:
    """The wrapping rule measured the long way: a word longer than a line is broken after the longest of its
    starts that fits the line (its first character when none does), each start measured."""
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
                fitting = [i for i in range(1, len(candidate)) if text_width(candidate[:i], size, bold) <= room]
                lines += 1
                candidate = candidate[max(fitting, default=1):]
            line = candidate
    return lines


@pytest.mark.parametrize("room", [Inches(0.05), Inches(0.3), Inches(0.75), Inches(1.3), Inches(4)])
def test_a_word_longer_than_a_line_is_broken_where_the_line_is_full(room):
    for text, size, bold in itertools.product(WORDS, (8, 12, 28), (False, True)):
        assert line_count(text, size, room, bold) == line_count_measuring_every_start(text, size, room, bold), (text, size, bold)


def test_a_kept_measure_is_of_its_own_words_size_room_and_weight():
    text = WORDS[1]
    asked = [(size, room, bold) for size in (9, 12) for room in (Inches(1), Inches(2.5)) for bold in (False, True)]
    first = {key: line_count(text, *key) for key in asked}
    assert len(set(first.values())) > 2  # the measures differ, so one served for another would show
    line_count.cache_clear()
    text_width.cache_clear()
    assert {key: line_count(text, *key) for key in reversed(asked)} == first
    assert {key: line_count.__wrapped__(text, *key) for key in asked} == first
    assert line_count(text + " and more words", 9, Inches(1)) > first[(9, Inches(1), False)]


def table_xml(cells: list[list[str]], numbers: list[bool], cell_by_cell: bool) -> str:
    """The XML of a table of `cells` drawn by deck._table, or by python-pptx with deck._cell setting each cell in
    turn, its header bold on the accent colour, its rows banded, its `numbers` columns right-aligned."""
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    widths, heights = [Inches(1.5)] * len(numbers), [Inches(0.3)] * len(cells)
    if not cell_by_cell:
        return etree.tostring(_table(slide, 0, 0, Grid(REPS_SIZE, cells, widths, heights), numbers)._element, encoding="unicode")
    shape = slide.shapes.add_table(len(cells), len(numbers), 0, 0, sum(widths), sum(heights))
    for c, width in enumerate(widths):
        shape.table.columns[c].width = width
    for r, height in enumerate(heights):
        shape.table.rows[r].height = height
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            align = PP_ALIGN.RIGHT if numbers[c] else PP_ALIGN.LEFT
            if r == 0:
                _cell(shape.table.cell(r, c), text, REPS_SIZE, bold=True, fill=ACCENT, colour="#FFFFFF", align=align)
            else:
                _cell(shape.table.cell(r, c), text, REPS_SIZE, fill="#FFFFFF" if r % 2 else "#F3F5F8", align=align)
    return etree.tostring(shape._element, encoding="unicode")


def test_a_table_of_copied_cells_reads_as_one_set_cell_by_cell():
    header = ["Rep", "Account", "n", "Win rate"]
    rows = [["Inès Reyes", "Ölund & Söner <AB>", "12", "—"], ["", "Bell\x07 Co", "3", "48%"],
            ["Konstantinopoulou", "Line\nbreak", "120", "n too small"], ["Bo Lind", " spaced ", "0", "*"]]
    numbers = [False, False, True, True]
    drawn = table_xml([header, *rows], numbers, cell_by_cell=False)
    assert drawn == table_xml([header, *rows], numbers, cell_by_cell=True)
    for text in ("Ölund &amp; Söner &lt;AB&gt;", visible("Bell\x07 Co"), visible("Line\nbreak"), 'algn="r"', 'val="F3F5F8"'):
        assert text in drawn


def font_xml(size: float, bold: bool, colour: str, kept: bool, before: str | None = None) -> str:
    """The XML of a text box's run set in the deck's font by deck._font (twice over, so the second run is
    styled from what the first made, when `kept`) or by python-pptx's setters alone; a run already given a
    language or a red colour (`before`) before it is styled."""
    slide = Presentation().slides.add_slide(Presentation().slide_layouts[6])
    runs = [slide.shapes.add_textbox(0, 0, Inches(1), Inches(1)).text_frame.paragraphs[0].add_run() for _ in range(2)]
    for run in runs:
        if before == "language":
            run.font.language_id = MSO_LANGUAGE_ID.ENGLISH_UK
        elif before == "red":
            run.font.color.rgb = RGBColor(0xFF, 0, 0)
        if kept:
            _font(run.font, size, bold, colour)
        else:
            run.font.name = "Calibri"
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return "".join(etree.tostring(run._r, encoding="unicode") for run in runs)


@pytest.mark.parametrize("before", [None, "language", "red"])
def test_a_run_styled_from_a_kept_style_reads_as_one_styled_property_by_property(before):
    styles = [(size, bold, colour) for size in (9, 10.5, 28) for bold in (False, True) for colour in ("#1F2937", "#6B7280")]
    drawn = [font_xml(*style, kept=True, before=before) for style in styles]
    assert drawn == [font_xml(*style, kept=False, before=before) for style in styles]
    assert len(set(drawn)) == len(styles)  # each style its own
