"""Every close-date preset's range and the caption that prints it, counted from a fixed day: the
to-date presets end on the data's own day, and every printed end is a day the range counts.

The day presets count from (deals.preset_day) is the data's day unless the newest closed deal is in
an earlier quarter; then it is the first day after that quarter, while the data still describes its
own, later day (the bundled sample: deals closed to 30 Sep 2026, data of 26 Nov 2026).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from winloss.deals import preset_day
from winloss.filters import Filters, date_range
from winloss.measures.summary import closed_in_range
from winloss.periods import PRESETS
from winloss.rates import Denominator
from winloss.views.common import closed_range_text

D = dt.date


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Mid-quarter: 26 Nov 2026, in 2026 Q4.
        (D(2026, 11, 26), {
            "this_quarter": (D(2026, 10, 1), D(2026, 12, 31)),
            "last_quarter": (D(2026, 7, 1), D(2026, 9, 30)),
            "quarter_to_date": (D(2026, 10, 1), D(2026, 11, 26)),
            "last_4_quarters": (D(2025, 10, 1), D(2026, 9, 30)),
            "year_to_date": (D(2026, 1, 1), D(2026, 11, 26)),
        }),
        # The first day of a quarter: the to-date ranges are that one day.
        (D(2026, 4, 1), {
            "this_quarter": (D(2026, 4, 1), D(2026, 6, 30)),
            "last_quarter": (D(2026, 1, 1), D(2026, 3, 31)),
            "quarter_to_date": (D(2026, 4, 1), D(2026, 4, 1)),
            "last_4_quarters": (D(2025, 4, 1), D(2026, 3, 31)),
            "year_to_date": (D(2026, 1, 1), D(2026, 4, 1)),
        }),
        # The last day of a quarter and of the year: the quarter is still "this quarter".
        (D(2025, 12, 31), {
            "this_quarter": (D(2025, 10, 1), D(2025, 12, 31)),
            "last_quarter": (D(2025, 7, 1), D(2025, 9, 30)),
            "quarter_to_date": (D(2025, 10, 1), D(2025, 12, 31)),
            "last_4_quarters": (D(2024, 10, 1), D(2025, 9, 30)),
            "year_to_date": (D(2025, 1, 1), D(2025, 12, 31)),
        }),
    ],
)
def test_each_preset_is_its_first_and_last_day_counted_on_data_with_deals_closed_that_day(as_of, expected):
    # Deals closed on the data's day: presets count from the data's day itself.
    day = preset_day(as_of, as_of)
    assert day == as_of
    for preset, bounds in expected.items():
        assert date_range(Filters(preset=preset), day, as_of=as_of) == bounds, preset


def test_to_date_presets_run_to_the_datas_day_when_the_newest_closed_deal_is_in_the_quarter_before():
    # The sample: deals closed up to 30 Sep 2026, data as of 26 Nov 2026. Presets count from 1 Oct.
    as_of = D(2026, 11, 26)
    day = preset_day(as_of, D(2026, 9, 30))
    assert day == D(2026, 10, 1)
    assert date_range(Filters(preset="quarter_to_date"), day, as_of=as_of) == (D(2026, 10, 1), as_of)
    assert date_range(Filters(preset="year_to_date"), day, as_of=as_of) == (D(2026, 1, 1), as_of)
    # Q3 stays last quarter, as the preset day's rule means it to.
    assert date_range(Filters(preset="last_quarter"), day, as_of=as_of) == (D(2026, 7, 1), D(2026, 9, 30))


def test_presets_follow_data_older_than_its_upload_day():
    # An export uploaded on 10 Oct whose newest date is a deal closed on 28 Sep: the data describes
    # 28 Sep, so the quarter to date is Q3's, to 28 Sep, not 1 Oct - 10 Oct or a range ending before it
    # starts, and Q3, not over on 28 Sep, is not "last quarter".
    as_of = D(2026, 9, 28)
    day = preset_day(D(2026, 10, 10), D(2026, 9, 28), data_day=as_of)
    assert date_range(Filters(preset="quarter_to_date"), day, as_of=as_of) == (D(2026, 7, 1), as_of)
    assert date_range(Filters(preset="year_to_date"), day, as_of=as_of) == (D(2026, 1, 1), as_of)
    assert date_range(Filters(preset="last_quarter"), day, as_of=as_of) == (D(2026, 4, 1), D(2026, 6, 30))
    assert date_range(Filters(preset="this_quarter"), day, as_of=as_of) == (D(2026, 7, 1), D(2026, 9, 30))
    # The day presets counted from, the upload day's quarter cap, still gives those to-date ranges.
    old_day = preset_day(D(2026, 10, 10), D(2026, 9, 28))
    assert date_range(Filters(preset="quarter_to_date"), old_day, as_of=as_of) == (D(2026, 7, 1), as_of)


def test_to_date_presets_on_data_whose_last_closed_quarter_is_long_over_end_with_that_quarter_or_year():
    # Deals closed to 10 Feb 2024, data of 26 Nov 2026 (an open deal created then): presets count from
    # 1 Apr 2024, and a to-date range stops at its own quarter's or year's last day.
    as_of = D(2026, 11, 26)
    day = preset_day(as_of, D(2024, 2, 10))
    assert date_range(Filters(preset="quarter_to_date"), day, as_of=as_of) == (D(2024, 4, 1), D(2024, 6, 30))
    assert date_range(Filters(preset="year_to_date"), day, as_of=as_of) == (D(2024, 1, 1), D(2024, 12, 31))


def test_to_date_presets_in_a_july_fiscal_year_end_on_the_datas_day():
    as_of = D(2026, 11, 26)  # FY2027 Q2 (Oct - Dec), FY2027 began on 1 Jul 2026
    day = preset_day(as_of, D(2026, 9, 30), fy_start_month=7)
    fy = Filters(fy_start_month=7)
    assert date_range(fy.replace(preset="quarter_to_date"), day, as_of=as_of) == (D(2026, 10, 1), as_of)
    assert date_range(fy.replace(preset="year_to_date"), day, as_of=as_of) == (D(2026, 7, 1), as_of)


def closed_on(*days: dt.date) -> pl.LazyFrame:
    return pl.LazyFrame({"outcome": ["won"] * len(days), "close_date": list(days)},
                        schema={"outcome": pl.String, "close_date": pl.Date})


@pytest.mark.parametrize("as_of", [D(2026, 11, 26), D(2026, 10, 1), D(2026, 9, 30)])
@pytest.mark.parametrize("preset", [p for p in PRESETS if p != "all"])
def test_every_caption_prints_the_first_and_last_day_the_range_counts(preset, as_of):
    day = preset_day(as_of, D(2026, 9, 30))
    start, end = date_range(Filters(preset=preset), day, as_of=as_of)
    caption = closed_range_text(start, end, as_of, Denominator.CLOSED)
    printed = caption.removeprefix("Closed ").split(" · ")[0].split(" (")[0]
    first, last = (dt.datetime.strptime(part, "%d %b %Y").date() for part in printed.split(" – "))
    # A deal closed on each printed day is counted; one the day before or after is not.
    deals = closed_on(first - dt.timedelta(days=1), first, last, last + dt.timedelta(days=1))
    counted = closed_in_range(deals, start, end).collect().get_column("close_date").to_list()
    assert counted == [first, last], caption
    assert caption.endswith(Denominator.CLOSED.label)


def test_a_caption_past_the_datas_day_says_where_the_data_stops():
    # "This quarter" on data of 26 Nov is the whole quarter: its end is not a day the data describes.
    said = closed_range_text(D(2026, 10, 1), D(2026, 12, 31), D(2026, 11, 26), Denominator.CLOSED)
    assert said.startswith("Closed 1 Oct 2026 – 31 Dec 2026 (data to 26 Nov 2026) · ")
    assert "data to" not in closed_range_text(D(2026, 10, 1), D(2026, 11, 26), D(2026, 11, 26), Denominator.CLOSED)


# (days from the newest closed deal to the export's upload day, to the data's newest date): deals closed on the
# day uploaded; uploaded 5, 40 or 100 days later with nothing newer; an open deal created 40 or 30 days later.
_LATER = [(0, 0), (5, 0), (40, 0), (100, 0), (40, 40), (30, 30), (60, 30)]


@pytest.mark.parametrize("fy_start_month", range(1, 13))
def test_complete_quarter_presets_end_by_the_datas_day_in_every_fiscal_year(fy_start_month):
    """Every day of two years as the newest closed deal's, each way the data can end after it: "Last quarter"
    and "Last 4 complete quarters" are quarters over on the data's day (deals.data_as_of), so none is
    named "to date" and no caption says "(data to …)" under them; the newest closed deal's quarter is this
    quarter or last quarter; the review's default quarter is "Last quarter"; the to-date ranges end on
    the data's day. An export of deals to 20 Dec uploaded on 5 Feb, with a fiscal year from February,
    gave "Last 4 complete quarters" as 1 Feb – 31 Jan (data to 20 Dec), its last quarter "FY Q4 to date"."""
    from winloss import periods
    from winloss.views.review import default_quarter, review_days

    fy = Filters(fy_start_month=fy_start_month)
    for newest_close in (D(2025, 1, 1) + dt.timedelta(days=i) for i in range(731)):
        for uploaded_after, newest_after in _LATER:
            export = newest_close + dt.timedelta(days=uploaded_after)
            as_of = min(export, newest_close + dt.timedelta(days=newest_after))  # deals.as_of_day
            day = preset_day(export, newest_close, fy_start_month, as_of)
            case = (fy_start_month, newest_close, export, as_of, day)
            ranges = {p: date_range(fy.replace(preset=p), day, (D(2020, 1, 1), newest_close), as_of) for p in PRESETS}
            last_start, last_end = ranges["last_quarter"]
            last = periods.format_quarter(periods.quarter_of(last_end, fy_start_month), fy_start_month)
            assert (last_start, last_end) == periods.quarter_bounds(last, fy_start_month), case
            assert last_end <= as_of and not periods.in_progress(last, as_of, fy_start_month), case
            assert periods.quarter_name(last, as_of, fy_start_month, last_end, last_start) == last, case
            four = ranges["last_4_quarters"]
            assert four == (periods.span_to(last, 4, as_of, fy_start_month)[0], last_end), case
            for complete in ("last_quarter", "last_4_quarters"):
                assert "data to" not in closed_range_text(*ranges[complete], as_of, Denominator.CLOSED), case
            assert ranges["this_quarter"][0] == last_end + dt.timedelta(days=1), case
            newest_quarter = periods.quarter_bounds(periods.quarter_of(newest_close, fy_start_month), fy_start_month)
            assert newest_quarter in (ranges["this_quarter"], ranges["last_quarter"]), case
            reviewed = default_quarter(review_days(D(2020, 1, 1), as_of).reference(day, as_of), [last], fy_start_month)
            assert reviewed == last, case
            for to_date in ("quarter_to_date", "year_to_date"):
                first, end = ranges[to_date]
                assert first <= end <= as_of, (to_date, case)
