"""The day a review is as of, chosen: the days it can be (views.review.review_days: from the data's first close
date to its newest day, the default), the quarters it offers then, what a bad day is told, and the command
line's `export --as-of`, which reviews that day or says in one sentence why it cannot and writes nothing.

The store: deals closed in 2026 Q2 (from 20 Apr) and Q3 (on 5 Aug and 10 Sep 2026), the newest on 20 Sep 2026,
the data's own day; reviewed as of 14 Aug 2026, Q3 counts the 5 Aug deals alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from command_line import run

from winloss.deals import data_as_of
from winloss.export.words import file_name
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.review import (
    ReviewDays, dates_line, linked_day_note, no_quarter_sentence, review_days, review_from_store, review_quarters, review_title)
from winloss.deals import deals

FIRST_CLOSE = dt.date(2026, 4, 20)
DATA_DAY = dt.date(2026, 9, 20)
REVIEW_DAY = dt.date(2026, 8, 14)

# (close date, outcome, how many); every deal created 30 days before it closes.
PLAN = [("2026-04-20", "won", 10), ("2026-04-20", "lost", 10), ("2026-08-05", "won", 20), ("2026-08-05", "lost", 30),
        ("2026-09-10", "won", 5), ("2026-09-10", "lost", 15), ("2026-09-20", "won", 1)]
STAGES = {"won": "Closed Won", "lost": "Closed Lost"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    rows, number = [], 0
    for close, outcome, many in PLAN:
        created = (dt.date.fromisoformat(close) - dt.timedelta(days=30)).isoformat()
        for _ in range(many):
            number += 1
            rows.append(f"D{number:03d},Ann,{STAGES[outcome]},{created},{close},1000")
    header = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount"
    path = Path(tmp_path_factory.mktemp("review_as_of")) / "store"
    prepared = prepare(("\n".join([header, *rows]) + "\n").encode(), "review_as_of.csv")
    assert prepared.rows_quarantined == 0
    commit(Store(path), prepared)
    return path


@pytest.fixture(scope="module")
def store(store_dir) -> Store:
    store = Store(store_dir)
    assert data_as_of(store) == DATA_DAY
    return store


DAYS = ReviewDays(FIRST_CLOSE, DATA_DAY)


# ---------------------------------------------------------------------------------------------
# The days, the default and what a day outside them is told


def test_a_review_can_be_as_of_a_day_from_the_first_close_to_the_datas_own_the_default() -> None:
    days = review_days(FIRST_CLOSE, DATA_DAY)
    assert (days.first, days.newest, days.default) == (FIRST_CLOSE, DATA_DAY, DATA_DAY)
    assert review_days(None, DATA_DAY) == ReviewDays(DATA_DAY, DATA_DAY)  # no closed deal: the one day
    # A close date later than the data's day (an export uploaded before it) leaves the data's day alone.
    assert review_days(dt.date(2026, 10, 1), DATA_DAY) == ReviewDays(DATA_DAY, DATA_DAY)
    assert days.is_earlier(REVIEW_DAY) and not days.is_earlier(DATA_DAY)


@pytest.mark.parametrize(("asked", "said"), [
    (dt.date(2026, 9, 21), "The day 2026-09-21 is after the data's newest day, 2026-09-20: "
                           "choose a day from 2026-04-20 to 2026-09-20."),
    (dt.date(2026, 4, 19), "The day 2026-04-19 is before the data's first closed deal, on 2026-04-20: "
                           "choose a day from 2026-04-20 to 2026-09-20."),
    (FIRST_CLOSE, None), (REVIEW_DAY, None), (DATA_DAY, None),
])
def test_a_day_outside_the_data_is_told_which_days_can_be(asked, said) -> None:
    assert DAYS.outside(asked) == said


def test_a_links_day_the_page_cannot_review_is_said_with_the_day_reviewed_instead() -> None:
    assert linked_day_note("2026-08-14", DAYS) is None
    assert linked_day_note("2027-01-01", DAYS) == (
        "The day 2027-01-01 is after the data's newest day, 2026-09-20: choose a day from 2026-04-20 to 2026-09-20."
        " The link's day is not reviewed: the review is as of the data's newest day, 20 Sep 2026.")
    assert linked_day_note("14/08/2026", DAYS) == (
        "The link's As of, '14/08/2026', is not a date written YYYY-MM-DD, so the review is as of the data's"
        " newest day, 20 Sep 2026.")


def test_the_default_quarter_of_an_earlier_day_is_one_over_by_then() -> None:
    preset = dt.date(2026, 10, 1)  # deals.preset_day of the data: 2026 Q3 is "last quarter"
    assert DAYS.reference(preset, DATA_DAY) == preset
    assert DAYS.reference(preset, REVIEW_DAY) == REVIEW_DAY


def test_the_quarters_offered_are_those_with_a_deal_closed_by_the_day(store) -> None:
    frame = deals(store)
    assert review_quarters(frame, DAYS, DATA_DAY) == ["2026 Q3", "2026 Q2"]
    assert review_quarters(frame, DAYS, REVIEW_DAY) == ["2026 Q3", "2026 Q2"]
    assert review_quarters(frame, DAYS, dt.date(2026, 7, 31)) == ["2026 Q2"]  # Q3's first deals closed on 5 Aug
    assert no_quarter_sentence(DAYS, DATA_DAY) == "No closed deals match these filters."
    assert no_quarter_sentence(DAYS, REVIEW_DAY) == "No deal matching these filters had closed by 14 Aug 2026: choose a later day."


# ---------------------------------------------------------------------------------------------
# review_from_store's as_of


def test_a_review_as_of_an_earlier_day_counts_what_had_closed_by_it(store) -> None:
    review = review_from_store(store, "2026 Q3", as_of=REVIEW_DAY)
    # Named for the day reviewed, not "to date": the data runs past it, to 20 Sep.
    assert (review.quarter, review.previous, review.last_year) == ("2026 Q3 to 14 Aug", "2026 Q2 to 15 May",
                                                                   "2025 Q3 to 14 Aug")
    assert review.closed == 50
    assert dates_line(review) == "Reviewed as of 14 Aug 2026 · data to 20 Sep 2026"
    assert file_name(review, "pptx") == "quarterly-review-2026-q3-to-14-aug-as-of-2026-08-14.pptx"
    # The default quarter is the last one over by the day: Q2, on 14 Aug and on the data's own day, 20 Sep
    # (uploaded later, the data describes Q3 to 20 Sep only), not "2026 Q3 to date".
    assert review_from_store(store, as_of=REVIEW_DAY).quarter == "2026 Q2"
    assert review_from_store(store, as_of=DATA_DAY).quarter == review_from_store(store).quarter == "2026 Q2"
    newest = review_from_store(store, "2026 Q3", as_of=DATA_DAY)
    assert (newest.quarter, newest.closed, dates_line(newest)) == ("2026 Q3 to date", 71, "Data as of 20 Sep 2026")
    assert file_name(newest, "pptx") == "quarterly-review-2026-q3-to-date.pptx"


def test_a_day_outside_the_data_or_a_quarter_not_begun_by_it_is_refused_in_one_sentence(store) -> None:
    with pytest.raises(ValueError, match=r"^The day 2026-09-21 is after the data's newest day"):
        review_from_store(store, as_of=dt.date(2026, 9, 21))
    with pytest.raises(ValueError, match=r"^The day 2026-04-19 is before the data's first closed deal"):
        review_from_store(store, as_of=dt.date(2026, 4, 19))
    with pytest.raises(ValueError) as refused:
        review_from_store(store, "2026 Q3", as_of=dt.date(2026, 6, 30))
    assert str(refused.value) == (
        "2026 Q3 had not begun on 30 Jun 2026, the day reviewed: choose an earlier quarter or a later day.")


# ---------------------------------------------------------------------------------------------
# The command line: export --as-of


def test_export_as_of_a_day_writes_that_days_review(store, store_dir, tmp_path) -> None:
    done = run("export", "--format", "html", "--out", f"{tmp_path}/", "--quarter", "2026Q3", "--as-of", "2026-08-14",
               "--store", str(store_dir), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = Path(done.stdout.strip())
    assert out == tmp_path / "quarterly-review-2026-q3-to-14-aug-as-of-2026-08-14.html"
    report = out.read_text(encoding="utf-8")
    assert "Reviewed as of 14 Aug 2026 · data to 20 Sep 2026." in report
    assert "Quarterly review 2026 Q3 to 14 Aug" in report and "2026 Q3 to date" not in report
    # Without it, as of the data's own day, as before.
    plain = run("export", "--format", "html", "--out", str(tmp_path / "plain.html"), "--quarter", "2026Q3",
                "--store", str(store_dir), cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "Data as of 20 Sep 2026." in (tmp_path / "plain.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("given", "code", "said"), [
    ("14/08/2026", 2, "python -m winloss export: argument --as-of: '14/08/2026' is not a date: write it as YYYY-MM-DD, "
                      "such as 2026-08-14"),
    ("2026-02-30", 2, "python -m winloss export: argument --as-of: '2026-02-30' is not a date: write it as YYYY-MM-DD, "
                      "such as 2026-08-14"),
    ("2026-09-21", 1, "The day 2026-09-21 is after the data's newest day, 2026-09-20: "
                      "choose a day from 2026-04-20 to 2026-09-20."),
    ("2020-01-01", 1, "The day 2020-01-01 is before the data's first closed deal, on 2026-04-20: "
                      "choose a day from 2026-04-20 to 2026-09-20."),
])
@pytest.mark.parametrize("fmt", ["html", "pptx"])
def test_export_refuses_a_bad_day_in_one_sentence_and_writes_nothing(store_dir, tmp_path, given, code, said, fmt) -> None:
    out = tmp_path / "out"
    done = run("export", "--format", fmt, "--out", f"{out}/", "--as-of", given, "--store", str(store_dir), cwd=tmp_path)
    assert done.returncode == code
    assert done.stderr.strip() == said and done.stdout == ""
    assert "Traceback" not in done.stderr and not out.exists()


def test_export_refuses_a_quarter_not_begun_on_the_day(store_dir, tmp_path) -> None:
    out = tmp_path / "x.pptx"
    done = run("export", "--format", "pptx", "--out", str(out), "--quarter", "2026Q3", "--as-of", "2026-06-30",
               "--store", str(store_dir), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "2026 Q3 had not begun on 30 Jun 2026, the day reviewed: choose an earlier quarter or a later day."
    assert not out.exists()


# What Chromium measured of the page's title type (bold Source Sans, 44 px), px.
DRAWN_TITLE_PX = {"Quarterly review · 2026 Q3": 513.8, "Quarterly review · 2026 Q3 to date": 658.3,
                  "Quarterly review · FY2026 Q3 to date": 703.8, "iiiiiiiiii": 121.4, "WWWWWWWWWW": 357.7}


def test_the_review_title_reads_on_one_line_on_the_page_whatever_its_quarter() -> None:
    """With the As of field beside the Quarter field, the title kept three fifths of the page (548 px at 1280 px
    with the sidebar open): "Quarterly review · 2026 Q3 to date" wrapped onto two lines. It has the page's width
    to itself, the fields under it, and every title a review can have fits it: the longest, a fiscal year's
    quarter in progress."""
    from ui.drill import PAGE_WIDTH
    from winloss.text import title_px

    assert review_title() == "Quarterly review"
    assert review_title("2026 Q3 to date") == "Quarterly review · 2026 Q3 to date"
    for drawn, px in DRAWN_TITLE_PX.items():  # title_px never measures a title narrower than it is drawn
        assert px <= title_px(drawn) <= px * 1.15, drawn
    for quarter in ("2026 Q3", "2026 Q3 to date", "FY2027 Q4 to date"):
        assert title_px(review_title(quarter)) <= PAGE_WIDTH, quarter
    beside_two_fields = 548  # px the title had in st.columns([3, 1, 1]) at 1280 px, as Chromium drew it
    assert title_px(review_title("2026 Q3 to date")) > beside_two_fields
