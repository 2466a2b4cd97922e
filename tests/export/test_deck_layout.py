"""The deck's geometry, checked by numbers (python-pptx has no layout engine, and no renderer runs here):
every text box holds its text, wrapped as deck.text_height measures it; nothing on a slide runs into
anything else nor past the footer; with the longest wording the review can produce."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import pytest
from command_line import run
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from winloss.exchange import NO_CURRENCY, Unconverted
from winloss.export.deck import TEXT_INSET, deck_bytes, line_count, text_height, text_width
from winloss.export.words import subtitle
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
    """A quarter in progress under a fiscal year from February: the longest quarter names there are
    ("FY2026 Q3 to date" against "FY2026 Q2 to the same day" and "FY2025 Q3 to the same day")."""
    review = review_from_store(store, "FY2026 Q3", fy_start_month=2, today=date(2025, 9, 14), hide_amounts=hide_amounts)
    assert review.in_progress and review.previous == "FY2026 Q2 to the same day"
    return review


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
        unplaced=(Unplaced("size", 12_345, no_rate=MANY), Unplaced("region", 1_234), Unplaced("segment", 1_234)),
        at_risk_unplaced=(Unplaced("size", 1_234, no_rate=MANY, at_risk=True), Unplaced("region", 123, at_risk=True)),
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
    }


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
    return [s for s in slide.shapes if s.has_chart or s.has_table
            or (s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and s.text_frame.text.strip())]


def overlap(a, b) -> bool:
    return a.left < b.left + b.width and b.left < a.left + a.width and a.top < b.top + b.height and b.top < a.top + a.height


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
            # A box's bottom with its text's lines, should they run past the box.
            bottom = shape.top + max(shape.height, needed(shape) if shape.has_text_frame else 0)
            if shape not in footers and bottom > floor:
                faults.append(f"slide {number}: {name!r} ends at {bottom / 914400:.2f} in, past {floor / 914400:.2f} in")
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                if overlap(a, b):
                    faults.append(f"slide {number}: {a.name} and {b.name} overlap")
    return faults


@pytest.mark.parametrize("case", ["plain", "in progress", "in progress, amounts hidden, saying all", "past day, saying all",
                                  "past day, saying all, amounts hidden"])
def test_every_text_box_on_every_slide_holds_its_text_clear_of_the_rest_and_of_the_footer(reviews, case):
    assert layout_faults(deck_bytes(reviews[case])) == []


def test_the_covers_subtitle_of_a_quarter_in_progress_keeps_to_one_line_above_the_day(reviews):
    """"Against FY2026 Q2 to the same day (last quarter) and FY2025 Q3 to the same day (same quarter last
    year)" at 20 pt wrapped onto a second line, over "Data as of" under it."""
    review = reviews["in progress"]
    said = subtitle(review)
    assert "to the same day" in said
    cover = Presentation(io.BytesIO(deck_bytes(review))).slides[0]
    (box,) = [s for s in cover.shapes if s.has_text_frame and s.text_frame.text == said]
    size = box.text_frame.paragraphs[0].runs[0].font.size.pt
    assert line_count(said, size, box.width - 2 * TEXT_INSET) == 1 and size >= 14
    (day_line,) = [s for s in cover.shapes if s.has_text_frame and s.text_frame.text == dates_line(review)]
    assert box.top + needed(box) <= day_line.top


def test_a_caption_saying_what_became_of_deals_with_no_created_date_ends_above_the_footer(reviews):
    """The at-risk caption of a past day's pipeline with the sentence on deals with no created date
    took four lines in a box of two, over the footer."""
    review = dataclasses.replace(reviews["past day, saying all"], filtered=(), unplaced=(), at_risk_unplaced=())
    caption = section_captions(review, intervals=False)["at_risk"]
    assert "no created date" in caption
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[6]
    (box,) = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == caption]
    (footer,) = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Quarterly review ")]
    assert box.top + max(box.height, needed(box)) <= footer.top
    # And the table and chart above it end above it.
    assert all(s.top + s.height <= box.top for s in slide.shapes if s.has_chart or s.has_table)


def test_lines_are_counted_as_powerpoint_wraps_them():
    room = text_width("Core Platform", 10)
    assert line_count("Core Platform", 10, room) == 1
    assert line_count("Core Platform Core", 10, room) == 2  # wrapped at the space
    assert line_count("Core\nPlatform", 10, room) == 2  # two paragraphs
    assert line_count("Core_Platform_Core_Platform", 10, room) == 3  # no space: broken where the line is full
    assert text_width("Core Platform", 20) == pytest.approx(2 * room, abs=1)
    assert text_width("Core Platform", 10, bold=True) > room
