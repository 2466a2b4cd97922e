"""The deck's geometry, checked by numbers (python-pptx has no layout engine, and no renderer runs here):
every text box holds its text, wrapped as deck.text_height measures it; nothing on a slide runs into
anything else nor past the footer; with the longest wording the review can produce."""

from __future__ import annotations

import dataclasses
import io
import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from command_line import run
from deck_shapes import every_shape
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from winloss.exchange import NO_CURRENCY, Unconverted
from winloss.export.deck import (
    AT_RISK_CUT_LINES,
    AT_RISK_SIZE,
    AT_RISK_SLIDE_ROWS,
    LINE_SPACING,
    SMALLEST,
    STUB_WORDS,
    TEXT_INSET,
    cut_to_lines,
    deck_bytes,
    line_count,
    text_height,
    text_width,
)
from winloss.export.words import at_risk_rows, number_columns, rows_left_out, subtitle
from winloss.store.delta import Store
from winloss.views.common import Unplaced
from winloss.views.review import Review, dates_line, review_from_store, section_captions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
SLIDE_HEIGHT = Inches(7.5)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("layout") / "store"
    done = run("ingest", str(SAMPLE / "salesforce_opportunities.csv"), "--roster", str(SAMPLE / "rep_roster.csv"), "--store", str(path))
    assert done.returncode == 0, done.stderr
    return Store(path)


def in_progress(store: Store, hide_amounts: bool = False) -> Review:
    """A quarter in progress under a fiscal year from February, named with the longest quarter names there
    are ("FY2026 Q3 to date" against "FY2026 Q2 to the same day" and "FY2025 Q3 to the same day", as a
    review of the data's own day names them). Reviewed as of 14 Sep 2025, before the sample's day, the
    quarters are named for that day ("FY2026 Q3 to 14 Sep" against "FY2026 Q2 to 14 Jun"), shorter: the
    names are set to the longest, the figures kept."""
    review = review_from_store(store, "FY2026 Q3", fy_start_month=2, today=date(2025, 9, 14), hide_amounts=hide_amounts)
    assert review.in_progress and review.previous == "FY2026 Q2 to 14 Jun"
    return dataclasses.replace(review, quarter="FY2026 Q3 to date", previous="FY2026 Q2 to the same day",
                               last_year="FY2025 Q3 to the same day")


# Every currency an amount was left out for, no currency among them: the longest note a value figure carries.
MANY = Unconverted(deals=12_345, currencies=("CHF", "EUR", "GBP", "JPY", "SEK", NO_CURRENCY), reporting_currency="USD",
                   counts=(1_234, 2_345, 3_456, 1_111, 2_222, 1_977))
FILTERS = (
    ("Region", ("North America", "Europe, Middle East and Africa", "Asia Pacific", "Latin America")),
    ("Segment", ("Enterprise", "Mid-Market", "Small Business")),
    ("Deal size", ("Small", "Medium", "Large")),
)


def longest(review: Review) -> Review:
    """`review` saying all it can: filtered, with deals left out by the filters (closed and at risk),
    amounts no rate converts in every value figure, and thousands of open deals with no created date."""
    return dataclasses.replace(
        review, filtered=FILTERS, undated_open=12_345,
        unplaced=(Unplaced("size", 12_345, 12_345, 123_456, no_rate=MANY, others=True),
                  Unplaced("region", 1_234, 12_345, 123_456, others=True),
                  Unplaced("segment", 1_234, 12_345, 123_456, others=True)),
        at_risk_unplaced=(Unplaced("size", 1_234, 1_234, 12_345, no_rate=MANY, at_risk=True, others=True),
                          Unplaced("region", 123, 1_234, 12_345, at_risk=True, others=True)),
        won_left_out=MANY, closed_left_out=MANY, open_left_out=MANY, at_risk_left_out=MANY, no_decision_left_out=MANY,
    )


@pytest.fixture(scope="module")
def reviews(store) -> dict[str, Review]:
    past = review_from_store(store, "2026 Q2")  # its pipeline judged on a past day: the longest at-risk caption
    assert past.pipeline_by_age
    return {
        "plain": review_from_store(store, "2026 Q3"),
        "in progress": in_progress(store),
        "in progress, amounts hidden, saying all": longest(in_progress(store, hide_amounts=True)),
        "past day, saying all": longest(past),
        "past day, saying all, amounts hidden": longest(review_from_store(store, "2026 Q2", hide_amounts=True)),
        "first and last quarters on too few losses": few_losses_at_the_ends(review_from_store(store, "2026 Q3")),
    }


def few_losses_at_the_ends(review: Review) -> Review:
    """`review` with its first and last quarters' shares of losses withheld: their rings' words stand by the
    share of losses chart's two ends (deck.withheld_rings), the last one's nearest the value chart."""
    table = review.no_decision
    ends = [i in (0, table.height - 1) for i in range(table.height)]
    return dataclasses.replace(review, no_decision=table.with_columns(pl.Series("small_n", ends)))


def needed(shape) -> int:
    """The height `shape`'s text takes as set, wrapped in its width (deck.text_height): its largest
    size, bold only when all of it is, with the space after its paragraphs."""
    frame = shape.text_frame
    runs = [run for paragraph in frame.paragraphs for run in paragraph.runs]
    size = max(run.font.size.pt for run in runs)
    bold = all(run.font.bold for run in runs)
    space = max((p.space_after.pt for p in frame.paragraphs if p.space_after is not None), default=0)
    return text_height(frame.text.replace("\v", "\n"), size, shape.width, bold, space)


def placed(slide) -> list:
    """What a slide places that may not run into anything else: its text boxes with text, charts and tables."""
    return [s for s in every_shape(slide.shapes) if s.has_chart or s.has_table
            or (s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and s.text_frame.text.strip())]


def cell_size(cell) -> tuple[float, bool]:
    runs = [run for paragraph in cell.text_frame.paragraphs for run in paragraph.runs]
    return max(run.font.size.pt for run in runs), all(run.font.bold for run in runs)


def cell_needed(cell, width: int) -> int:
    """The height a table cell `width` wide takes for its text as set: its lines wrapped between its
    side margins (deck.line_count), each LINE_SPACING times its size, and its top and bottom margins.
    PowerPoint draws a row as tall as that when its set height is less."""
    size, bold = cell_size(cell)
    lines = line_count(cell.text_frame.text, size, width - cell.margin_left - cell.margin_right, bold)
    return math.ceil(lines * size * LINE_SPACING * 12700) + cell.margin_top + cell.margin_bottom


def row_heights(table) -> list[int]:
    """Each row's height as drawn: as set, or its tallest cell's (cell_needed) when that is more."""
    widths = [column.width for column in table.columns]
    return [max(row.height, *(cell_needed(cell, width) for cell, width in zip(row.cells, widths, strict=True)))
            for row in table.rows]


def drawn_height(shape) -> int:
    """A shape's height as drawn: a text box's with its text's lines, should they run past it; a table's
    rows', each as tall as its tallest cell."""
    if shape.has_table:
        return sum(row_heights(shape.table))
    return max(shape.height, needed(shape) if shape.has_text_frame else 0)


def overlap(a, b) -> bool:
    return (a.left < b.left + b.width and b.left < a.left + a.width
            and a.top < b.top + drawn_height(b) and b.top < a.top + drawn_height(a))


def in_its_chart(a, b) -> bool:
    """Whether one of `a` and `b` is the words by a withheld rate's stub or ring (deck.withheld_stubs, withheld_rings) and the other the
    chart they stand in, wholly inside it: they are the chart's own words, as a data label is."""
    for words, chart in ((a, b), (b, a)):
        if words.name.startswith(STUB_WORDS) and chart.has_chart:
            return (chart.left <= words.left and words.left + words.width <= chart.left + chart.width
                    and chart.top <= words.top and words.top + drawn_height(words) <= chart.top + chart.height)
    return False


def layout_faults(pptx: bytes) -> list[str]:
    faults = []
    for number, slide in enumerate(Presentation(io.BytesIO(pptx)).slides, start=1):
        shapes = placed(slide)
        footers = [s for s in shapes if s.has_text_frame and s.text_frame.text.startswith("Quarterly review ")]
        floor = footers[0].top if footers else SLIDE_HEIGHT  # the cover has no footer: the slide's foot
        for shape in shapes:
            name = shape.text_frame.text[:50] if shape.has_text_frame else shape.name
            if shape.has_text_frame:
                frame = shape.text_frame
                assert (frame.margin_top, frame.margin_bottom) == (TEXT_INSET, TEXT_INSET)
                if needed(shape) > shape.height:
                    faults.append(f"slide {number}: {name!r} needs {needed(shape) / 914400:.2f} in, has {shape.height / 914400:.2f}")
            if shape.has_table:
                for r, (row, drawn) in enumerate(zip(shape.table.rows, row_heights(shape.table), strict=True)):
                    if drawn > row.height:
                        faults.append(f"slide {number}: table row {r} needs {drawn / 914400:.2f} in, has {row.height / 914400:.2f}")
                if sum(row.height for row in shape.table.rows) != shape.height:
                    faults.append(f"slide {number}: table's rows are not as tall as its shape")
            # A shape's bottom with its text's lines, should they run past it.
            bottom = shape.top + drawn_height(shape)
            if shape not in footers and bottom > floor:
                faults.append(f"slide {number}: {name!r} ends at {bottom / 914400:.2f} in, past {floor / 914400:.2f} in")
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                if overlap(a, b) and not in_its_chart(a, b):
                    faults.append(f"slide {number}: {a.name} and {b.name} overlap")
    return faults


@pytest.mark.parametrize("case", ["plain", "in progress", "in progress, amounts hidden, saying all", "past day, saying all",
                                  "past day, saying all, amounts hidden", "first and last quarters on too few losses"])
def test_every_text_box_on_every_slide_holds_its_text_clear_of_the_rest_and_of_the_footer(reviews, case):
    assert layout_faults(deck_bytes(reviews[case])) == []


def test_the_covers_subtitle_of_a_quarter_in_progress_keeps_to_one_line_above_the_day(reviews):
    """"Against FY2026 Q2 to the same day (last quarter) and FY2025 Q3 to the same day (same quarter last
    year)" at 20 pt wrapped onto a second line, over "Data as of" under it."""
    review = reviews["in progress"]
    said = subtitle(review)
    assert "to the same day" in said
    cover = Presentation(io.BytesIO(deck_bytes(review))).slides[0]
    (box,) = [s for s in every_shape(cover.shapes) if s.has_text_frame and s.text_frame.text == said]
    size = box.text_frame.paragraphs[0].runs[0].font.size.pt
    assert line_count(said, size, box.width - 2 * TEXT_INSET) == 1 and size >= 14
    (day_line,) = [s for s in every_shape(cover.shapes) if s.has_text_frame and s.text_frame.text == dates_line(review)]
    assert box.top + needed(box) <= day_line.top


def test_a_caption_saying_what_became_of_deals_with_no_created_date_ends_above_the_footer(reviews):
    """The at-risk caption of a past day's pipeline with the sentence on deals with no created date
    took four lines in a box of two, over the footer."""
    review = dataclasses.replace(reviews["past day, saying all"], filtered=(), unplaced=(), at_risk_unplaced=())
    caption = section_captions(review, intervals=False)["at_risk"]
    assert "no created date" in caption
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[6]
    (box,) = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.text_frame.text == caption]
    (footer,) = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.text_frame.text.startswith("Quarterly review ")]
    assert box.top + max(box.height, needed(box)) <= footer.top
    # And the table and chart above it end above it.
    assert all(s.top + s.height <= box.top for s in every_shape(slide.shapes) if s.has_chart or s.has_table)


def test_lines_are_counted_as_powerpoint_wraps_them():
    room = text_width("Core Platform", 10)
    assert line_count("Core Platform", 10, room) == 1
    assert line_count("Core Platform Core", 10, room) == 2  # wrapped at the space
    assert line_count("Core\nPlatform", 10, room) == 2  # two paragraphs
    assert line_count("Core_Platform_Core_Platform", 10, room) == 3  # no space: broken where the line is full
    assert text_width("Core Platform", 20) == pytest.approx(2 * room, abs=1)
    assert text_width("Core Platform", 10, bold=True) > room


# ---- the at-risk table with names from a file as long as a file may hold ---------------------------
# 120 characters: an account with spaces, and names with none (a CRM's id pasted as a name).
LONG_ACCOUNT = "Northern Hemisphere Consolidated Agricultural Machinery, Logistics and Holdings International Group of Companies Ltd."
UNBROKEN = ("ConsolidatedAgriculturalMachineryLogisticsHoldings" * 3)[:120]
LONG_REP = "Maximiliana Alexandrovna Konstantinopoulou-Wolfeschlegelsteinhausenberger"
LONG_STAGE = "Proposal / Price Quote awaiting legal, security and procurement review by the customer's board"


def hostile(review: Review, *, account: str, deal: str, rep: str | None = None, stage: str | None = None,
            rows: int | None = None) -> Review:
    """`review` with its first `rows` (all when None) at-risk deals of `account`, named `deal`, and of
    every deal `rep` and `stage` when given."""
    at_risk = review.at_risk
    n = at_risk.height if rows is None else rows

    def first(column: str, value: str) -> pl.Series:
        return pl.Series(column, [value] * n + at_risk.get_column(column).to_list()[n:], pl.String)

    return dataclasses.replace(review, at_risk=at_risk.with_columns(
        first("account", account), first("opportunity_name", deal),
        *([pl.Series("rep", [rep] * at_risk.height, pl.String)] if rep else []),
        *([pl.Series("stage", [stage] * at_risk.height, pl.String)] if stage else []),
    ))


@pytest.fixture(scope="module")
def hostile_reviews(reviews) -> dict[str, Review]:
    def every(review: Review) -> Review:
        return hostile(review, account=LONG_ACCOUNT, deal=LONG_ACCOUNT.upper(), rep=LONG_REP, stage=LONG_STAGE)

    def unbroken(review: Review) -> Review:
        return hostile(review, account=UNBROKEN, deal=UNBROKEN.lower(), rep=UNBROKEN[:60], stage=UNBROKEN[:80])

    return {
        "one long account": hostile(reviews["plain"], account=LONG_ACCOUNT[:70], deal="Core Platform", rows=1),
        "long words": every(reviews["plain"]),
        "long words, in progress, amounts hidden, saying all": every(reviews["in progress, amounts hidden, saying all"]),
        "no spaces": unbroken(reviews["plain"]),
        "no spaces, past day, saying all": unbroken(reviews["past day, saying all"]),
    }


def at_risk_grid(pptx: bytes) -> tuple[float, list[list[str]], list[str]]:
    """The at-risk slide's table: its rows' text size, its cells (header row first), and the slide's other text."""
    slide = Presentation(io.BytesIO(pptx)).slides[6]
    (shape,) = [s for s in every_shape(slide.shapes) if s.has_table]
    cells = [[cell.text for cell in row.cells] for row in shape.table.rows]
    sizes = {cell_size(cell)[0] for row in shape.table.rows for cell in row.cells}
    assert len(sizes) == 1, sizes  # one size for the whole table, the header's too
    return sizes.pop(), cells, [s.text_frame.text for s in every_shape(slide.shapes) if s.has_text_frame]


@pytest.mark.parametrize("case", ["one long account", "long words", "long words, in progress, amounts hidden, saying all",
                                  "no spaces", "no spaces, past day, saying all"])
def test_an_at_risk_table_of_the_longest_names_holds_them_clear_of_the_notes_caption_and_footer(hostile_reviews, case):
    """The table's rows were 0.4 in each, two lines at 10 pt: a 120-character account took seven and the
    rows ran over the notes, the caption and the footer under them. Now each row holds its cells, every
    cell reads whole or as its start with "…" after it (never a figure cut), and a row is left out only
    with "Largest n of N shown" under the table."""
    review = hostile_reviews[case]
    pptx = deck_bytes(review)
    assert layout_faults(pptx) == []
    header, rows = at_risk_rows(review)
    _, cells, said = at_risk_grid(pptx)
    assert cells[0] == header and 1 <= len(cells) - 1 <= len(rows)
    numbers = number_columns(header, review)
    for shown, whole in zip(cells[1:], rows, strict=False):
        for text, full, number in zip(shown, whole, numbers, strict=True):
            cut = text.endswith("…") and len(text) > 1 and full.startswith(text[:-1].rstrip())
            assert text == full or (cut and not number), (text, full)
    left_out = rows_left_out(len(cells) - 1, len(rows), review.at_risk_first)
    assert (left_out is None) == (len(cells) - 1 == len(rows) == AT_RISK_SLIDE_ROWS)
    if left_out:
        assert any(left_out in text for text in said), said
    else:
        assert not any(text.startswith(review.at_risk_first + " ") for text in said)


def test_an_at_risk_table_is_set_smaller_then_cut_then_shortened_as_its_names_need(hostile_reviews):
    """What a table does with names too long for its rows, in order: a long name takes a taller row; the
    table is set smaller down to SMALLEST; then its words are cut to AT_RISK_CUT_LINES lines; only then
    does it list fewer rows."""
    size, cells, _ = at_risk_grid(deck_bytes(hostile_reviews["one long account"]))
    assert size == AT_RISK_SIZE and cells[1][1] == LONG_ACCOUNT[:70] and len(cells) == AT_RISK_SLIDE_ROWS + 1
    size, cells, _ = at_risk_grid(deck_bytes(hostile_reviews["no spaces"]))
    assert size == SMALLEST and len(cells) == AT_RISK_SLIDE_ROWS + 1
    assert all(row[1].endswith("…") and row[1] != UNBROKEN for row in cells[1:])
    size, cells, said = at_risk_grid(deck_bytes(hostile_reviews["no spaces, past day, saying all"]))
    assert size == SMALLEST and len(cells) - 1 < AT_RISK_SLIDE_ROWS
    assert any(f"Largest {len(cells) - 1} of {AT_RISK_SLIDE_ROWS} shown" in text for text in said)


def test_a_cut_name_keeps_as_much_of_its_start_as_fits_its_lines_with_an_ellipsis():
    room = text_width("Blue Ridge Manufacturing", 8)
    assert cut_to_lines("Blue Ridge Manufacturing", 8, room, 1) == "Blue Ridge Manufacturing"  # fits: whole
    for text in (LONG_ACCOUNT, UNBROKEN):
        for most in (1, AT_RISK_CUT_LINES):
            cut = cut_to_lines(text, 8, room, most)
            start = cut[:-1]
            assert cut.endswith("…") and text.startswith(start) and len(start) > 5
            assert line_count(start + "...", 8, room) <= most  # with room for the ellipsis at its widest
            assert line_count(text[:len(start) + 1] + "...", 8, room) > most  # and not a character more
