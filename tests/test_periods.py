"""Fiscal quarters: labels, bounds and presets, calendar and fiscal years, around year ends."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from winloss import periods


@pytest.mark.parametrize(
    ("day", "fy", "label"),
    [
        (date(2025, 8, 15), 1, "2025 Q3"),
        (date(2025, 1, 1), 1, "2025 Q1"),
        (date(2024, 12, 31), 1, "2024 Q4"),
        # February start: FY2026 runs 1 Feb 2025 - 31 Jan 2026 (named by the year it ends).
        (date(2025, 2, 1), 2, "FY2026 Q1"),
        (date(2025, 1, 31), 2, "FY2025 Q4"),
        (date(2025, 8, 15), 2, "FY2026 Q3"),
        (date(2024, 11, 1), 2, "FY2025 Q4"),
        # July start: FY2025 runs 1 Jul 2024 - 30 Jun 2025.
        (date(2024, 7, 1), 7, "FY2025 Q1"),
        (date(2024, 12, 31), 7, "FY2025 Q2"),
        (date(2025, 1, 1), 7, "FY2025 Q3"),
        (date(2025, 6, 30), 7, "FY2025 Q4"),
        (date(2025, 7, 1), 7, "FY2026 Q1"),
        # December start: FY2025 Q1 is Dec 2024 - Feb 2025.
        (date(2024, 12, 1), 12, "FY2025 Q1"),
        (date(2024, 11, 30), 12, "FY2024 Q4"),
    ],
)
def test_quarter_label(day: date, fy: int, label: str) -> None:
    assert periods.quarter_label(day, fy) == label


@pytest.mark.parametrize(
    ("label", "fy", "bounds"),
    [
        ("2024 Q1", 1, (date(2024, 1, 1), date(2024, 3, 31))),
        ((2024, 4), 1, (date(2024, 10, 1), date(2024, 12, 31))),
        ("FY2026 Q1", 2, (date(2025, 2, 1), date(2025, 4, 30))),
        ("FY2025 Q4", 2, (date(2024, 11, 1), date(2025, 1, 31))),
        ("FY2024 Q4", 2, (date(2023, 11, 1), date(2024, 1, 31))),
        ("FY2025 Q1", 7, (date(2024, 7, 1), date(2024, 9, 30))),
        ("FY2025 Q4", 7, (date(2025, 4, 1), date(2025, 6, 30))),
        ("FY2025 Q1", 12, (date(2024, 12, 1), date(2025, 2, 28))),
        ("FY2024 Q1", 12, (date(2023, 12, 1), date(2024, 2, 29))),  # leap year
        ("2025-Q2", 1, (date(2025, 4, 1), date(2025, 6, 30))),
    ],
)
def test_quarter_bounds(label: str | tuple[int, int], fy: int, bounds: tuple[date, date]) -> None:
    assert periods.quarter_bounds(label, fy) == bounds


@pytest.mark.parametrize("fy", [1, 2, 7, 12])
def test_every_day_lies_in_the_bounds_of_its_own_quarter(fy: int) -> None:
    day = date(2023, 12, 1)
    while day <= date(2026, 2, 1):
        start, end = periods.quarter_bounds(periods.quarter_label(day, fy), fy)
        assert start <= day <= end
        day += timedelta(days=1)


@pytest.mark.parametrize("fy", [1, 2, 7, 12])
def test_quarter_expr_matches_quarter_label_and_sorts_in_time_order(fy: int) -> None:
    days = [date(2023, 1, 1) + timedelta(days=i) for i in range(0, 1200, 3)]
    frame = pl.DataFrame({"d": days}).with_columns(
        periods.quarter_expr("d", fy).alias("q"),
        periods.quarter_index_expr("d", fy).alias("i"),
    )
    assert frame["q"].to_list() == [periods.quarter_label(d, fy) for d in days]
    assert frame["q"].to_list() == sorted(frame["q"].to_list())
    labelled = frame.select(periods.label_from_index_expr("i", fy).alias("q"))["q"]
    assert labelled.to_list() == frame["q"].to_list()
    assert frame["i"].to_list() == [periods.quarter_index(q) for q in frame["q"]]


@pytest.mark.parametrize("fy", range(1, 13))
def test_quarters_counted_from_month_indexes_are_the_quarters_of_the_dates(fy: int) -> None:
    # Every day of five years (before 1970 too, where day numbers are negative) and a null date.
    days = [date(1968, 1, 1) + timedelta(days=i) for i in range(5 * 366)]
    frame = pl.DataFrame({"d": [*days, None]}, schema={"d": pl.Date}).with_columns(
        periods.month_index_expr("d").alias("m")
    )
    from_months = frame.select(periods.quarter_index_from_month_expr("m", fy))["m"]
    assert from_months.to_list() == frame.select(periods.quarter_index_expr("d", fy))["d"].to_list()
    assert from_months[-1] is None
    assert from_months.to_list()[:-1] == [periods.quarter_index(periods.quarter_label(d, fy)) for d in days]


def test_quarter_expr_keeps_null_dates_null() -> None:
    frame = pl.DataFrame({"d": [None, date(2025, 3, 1)]}, schema={"d": pl.Date})
    assert frame.select(periods.quarter_expr("d", 7))["d"].to_list() == [None, "FY2025 Q3"]


def test_previous_and_same_quarter_last_year_keep_the_label_style() -> None:
    assert periods.previous_quarter("FY2025 Q1") == "FY2024 Q4"
    assert periods.previous_quarter("2025 Q3") == "2025 Q2"
    assert periods.next_quarter("2024 Q4") == "2025 Q1"
    assert periods.same_quarter_last_year("FY2025 Q3") == "FY2024 Q3"
    assert periods.same_quarter_last_year("2025 Q1") == "2024 Q1"


def test_last_complete_quarter() -> None:
    assert periods.last_complete_quarter(date(2025, 1, 10), 1) == "2024 Q4"
    assert periods.last_complete_quarter(date(2025, 3, 31), 1) == "2024 Q4"
    assert periods.last_complete_quarter(date(2025, 1, 10), 2) == "FY2025 Q3"
    assert periods.last_complete_quarter(date(2025, 7, 1), 7) == "FY2025 Q4"


def test_presets_around_a_calendar_year_end() -> None:
    today = date(2025, 1, 10)
    assert periods.date_range_for("this_quarter", today) == (date(2025, 1, 1), date(2025, 3, 31))
    assert periods.date_range_for("last_quarter", today) == (date(2024, 10, 1), date(2024, 12, 31))
    assert periods.date_range_for("quarter_to_date", today) == (date(2025, 1, 1), today)
    assert periods.date_range_for("last_4_quarters", today) == (
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    assert periods.date_range_for("year_to_date", today) == (date(2025, 1, 1), today)
    assert periods.date_range_for("all", today) == (None, None)


def test_presets_with_a_february_fiscal_year() -> None:
    # 10 Jan 2025 is in FY2025 Q4 (Nov 2024 - Jan 2025); FY2025 began on 1 Feb 2024.
    today = date(2025, 1, 10)
    assert periods.date_range_for("this_quarter", today, 2) == (
        date(2024, 11, 1),
        date(2025, 1, 31),
    )
    assert periods.date_range_for("last_quarter", today, 2) == (
        date(2024, 8, 1),
        date(2024, 10, 31),
    )
    assert periods.date_range_for("last_4_quarters", today, 2) == (
        date(2023, 11, 1),
        date(2024, 10, 31),
    )
    assert periods.date_range_for("year_to_date", today, 2) == (date(2024, 2, 1), today)


def test_presets_on_the_first_day_of_a_july_fiscal_year() -> None:
    today = date(2025, 7, 1)  # FY2026 Q1 starts today
    assert periods.date_range_for("quarter_to_date", today, 7) == (today, today)
    assert periods.date_range_for("year_to_date", today, 7) == (today, today)
    assert periods.date_range_for("last_quarter", today, 7) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
    )
    assert periods.date_range_for("last_4_quarters", today, 7) == (
        date(2024, 7, 1),
        date(2025, 6, 30),
    )


def test_bad_input_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="not a quarter label"):
        periods.parse_quarter("Q3 2025")
    with pytest.raises(ValueError, match="1-12"):
        periods.quarter_label(date(2025, 1, 1), 13)
    with pytest.raises(ValueError, match="Unknown date range"):
        periods.date_range_for("last_week", date(2025, 1, 1))


def test_a_quarter_in_progress_is_named_to_date_and_compared_to_the_same_day() -> None:
    this, previous, last_year = periods.comparison_windows("2026 Q4", date(2026, 12, 1))
    assert (this.name, this.bounds) == ("2026 Q4 to date", (date(2026, 10, 1), date(2026, 12, 1)))
    # 62 days of Q4 have gone (1 Oct - 1 Dec): Q3's and 2025 Q4's first 62 days.
    assert (previous.label, previous.name, previous.bounds) == (
        "2026 Q3", "2026 Q3 to the same day", (date(2026, 7, 1), date(2026, 8, 31)))
    assert (last_year.name, last_year.bounds) == ("2025 Q4 to the same day", (date(2025, 10, 1), date(2025, 12, 1)))
    assert periods.quarter_name("2026 Q4", date(2026, 12, 1)) == "2026 Q4 to date"
    # The product reads its own name back (a click on a chart's "2026 Q4 to date").
    assert periods.parse_quarter("2026 Q4 to date") == (2026, 4)


def test_a_quarter_a_range_ends_before_the_datas_day_is_named_for_that_end() -> None:
    """A range of 1 Jul 2026 alone on data to 4 Dec 2026: 2026 Q3 is over in the data, cut by the range.
    It read "2026 Q3 to date" against "Q2 to the same day", the words for a quarter still in progress."""
    as_of, end = date(2026, 12, 4), date(2026, 7, 1)
    this, previous, last_year = periods.comparison_windows("2026 Q3", as_of, end=end)
    assert (this.label, this.name, this.bounds) == ("2026 Q3", "2026 Q3 to 1 Jul", (end, end))
    assert (previous.name, previous.bounds) == ("2026 Q2 to 1 Apr", (date(2026, 4, 1), date(2026, 4, 1)))
    assert (last_year.name, last_year.bounds) == ("2025 Q3 to 1 Jul", (date(2025, 7, 1), date(2025, 7, 1)))
    assert periods.quarter_name("2026 Q3", as_of, end=end) == "2026 Q3 to 1 Jul"
    # 45 days gone on 14 Aug: Q2's first 45 days end on 15 May.
    _, previous, _ = periods.comparison_windows("2026 Q3", as_of, end=date(2026, 8, 14))
    assert (previous.name, previous.end) == ("2026 Q2 to 15 May", date(2026, 5, 15))
    # The range running to the data's day, or past it: the quarter in progress on that day is "to date".
    for later in (as_of, date(2026, 12, 31), None):
        assert periods.quarter_name("2026 Q4", as_of, end=later) == "2026 Q4 to date"
        assert periods.comparison_windows("2026 Q4", as_of, end=later)[1].name == "2026 Q3 to the same day"
    # Ended on a quarter's last day, the quarter is whole; the range's end cuts no quarter it is not in.
    assert periods.quarter_name("2026 Q3", as_of, end=date(2026, 9, 30)) == "2026 Q3"
    assert periods.quarter_name("2026 Q2", as_of, end=end) == "2026 Q2"
    assert periods.quarter_name("FY2027 Q1", as_of, fy_start_month=7, end=end) == "FY2027 Q1 to 1 Jul"
    # The name reads back as its quarter (a click on a chart's point), and splits for a tick's lines.
    assert periods.parse_quarter("2026 Q3 to 1 Jul") == (2026, 3)
    assert periods.quarter_bounds("2026 Q2 to 15 May") == (date(2026, 4, 1), date(2026, 6, 30))
    assert periods.name_parts("2026 Q3 to 1 Jul") == ("2026 Q3", "to 1 Jul")
    assert periods.name_parts("2026 Q4 to date") == ("2026 Q4", "to date")
    assert periods.name_parts("2026 Q3") == ("2026 Q3", "")


@pytest.mark.parametrize("as_of", [date(2026, 12, 31), date(2027, 2, 1), None])
def test_a_quarter_over_or_with_no_day_is_compared_whole(as_of: date | None) -> None:
    windows = periods.comparison_windows("2026 Q4", as_of)
    assert [w.name for w in windows] == ["2026 Q4", "2026 Q3", "2025 Q4"]
    assert [w.bounds for w in windows] == [periods.quarter_bounds(q) for q in ("2026 Q4", "2026 Q3", "2025 Q4")]


def test_a_shorter_quarter_before_is_taken_whole_not_past_its_end() -> None:
    # A December year: FY2026 Q2 is Mar-May 2026 (92 days), Q1 Dec-Feb (90). On 30 May, 90 days have
    # gone: Q1's "same day" would be 1 Mar, after its end.
    _, previous, _ = periods.comparison_windows("FY2026 Q2", date(2026, 5, 30), fy_start_month=12)
    assert previous.bounds == (date(2025, 12, 1), date(2026, 2, 28))


def test_quarters_between_names_each_quarter_from_the_first_days_to_the_last_days():
    assert periods.quarters_between(date(2025, 10, 1), date(2026, 9, 30)) == ["2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"]
    assert periods.quarters_between(date(2026, 2, 5), date(2026, 3, 1)) == ["2026 Q1"]
    assert periods.quarters_between(date(2026, 2, 5), date(2026, 2, 4)) == []
    assert periods.quarters_between(date(2025, 8, 1), date(2025, 10, 1), fy_start_month=7) == ["FY2026 Q1", "FY2026 Q2"]


def test_a_quarter_in_progress_is_counted_to_its_day_and_the_trend_with_it() -> None:
    """counted_bounds: the one bound of a quarter's figures; span_to ends on it (the review's trend)."""
    assert periods.counted_bounds("2026 Q3", date(2026, 8, 14)) == (date(2026, 7, 1), date(2026, 8, 14))
    assert periods.counted_bounds("2026 Q3", date(2026, 10, 2)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert periods.counted_bounds("2026 Q3", None) == (date(2026, 7, 1), date(2026, 9, 30))
    assert periods.span_to("2026 Q3", 8, date(2026, 8, 14)) == (date(2024, 10, 1), date(2026, 8, 14))
    assert periods.span_to("FY2026 Q1", 2, date(2025, 7, 20), fy_start_month=7) == (date(2025, 4, 1), date(2025, 7, 20))
    this, _, _ = periods.comparison_windows("2026 Q3", date(2026, 8, 14))
    assert this.bounds == periods.counted_bounds("2026 Q3", date(2026, 8, 14))


# ---- a closed deal dated after the data's day ----------------------------------------------------------

DATA_DAY = date(2026, 12, 5)


def test_the_known_day_is_never_after_the_data_day():
    """A closed deal dated after the data's day (a store's from before such deals were quarantined) had moved
    the day a range's figures know to it: one won deal of 15 Jan 2027 on data of 7 Dec 2026 made every tile
    compare "2027 Q1 to 15 Jan". The range's end, when earlier, still cuts it."""
    assert periods.known_day(date(2026, 12, 11), DATA_DAY) == DATA_DAY
    assert periods.known_day(None, DATA_DAY) == DATA_DAY
    assert periods.known_day(date(2026, 11, 1), DATA_DAY) == date(2026, 11, 1)


def test_a_quarter_past_the_data_day_is_named_and_compared_to_the_data_day():
    end = date(2026, 12, 11)
    assert periods.quarter_name("2026 Q4", DATA_DAY, 1, end) == "2026 Q4 to date"
    assert periods.counted_window("2026 Q4", DATA_DAY, 1, end) == (date(2026, 10, 1), DATA_DAY)
    this, previous, _ = periods.comparison_windows("2026 Q4", DATA_DAY, 1, end)
    assert (this.name, this.bounds) == ("2026 Q4 to date", (date(2026, 10, 1), DATA_DAY))
    assert (previous.name, previous.bounds) == ("2026 Q3 to the same day", (date(2026, 7, 1), date(2026, 9, 4)))
