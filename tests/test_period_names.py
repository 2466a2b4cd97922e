"""A quarter is named by the days a range counts of it, and compared with the same days of the quarters
before (periods.quarter_name, periods.comparison_windows: the one rule every surface draws): cut by the
range's start, by its end, by both, by neither; a range inside one quarter; across a year end; a leap day.
Every day below is worked out by hand."""

from __future__ import annotations

from datetime import date

from winloss import periods, text
from winloss.views.common import previous_named, quarter_change_tile, short_quarter_names, versus_text

LATER = date(2026, 11, 26)  # the data's day: every 2026 Q3 range below is over in the data


def named(label: str, as_of: date | None, *, start: date | None = None, end: date | None = None,
          fy: int = 1) -> list[tuple[str, date, date]]:
    """(name, first day, last day) of the quarter and the two it is compared with."""
    return [(w.name, w.start, w.end) for w in periods.comparison_windows(label, as_of, fy, end, start)]


def test_a_quarter_the_ranges_start_cuts_is_named_from_that_day_and_compared_with_the_same_days():
    # 15 Aug is 45 days after 1 Jul: Q2's window starts 45 days after 1 Apr, 16 May; a year earlier, 15 Aug.
    windows = named("2026 Q3", LATER, start=date(2026, 8, 15), end=date(2026, 9, 30))
    assert windows == [("2026 Q3 from 15 Aug", date(2026, 8, 15), date(2026, 9, 30)),
                       ("2026 Q2 from 16 May", date(2026, 5, 16), date(2026, 6, 30)),
                       ("2025 Q3 from 15 Aug", date(2025, 8, 15), date(2025, 9, 30))]
    assert periods.quarter_name("2026 Q3", LATER, end=date(2026, 9, 30), start=date(2026, 8, 15)) == "2026 Q3 from 15 Aug"
    # The quarters after the one the range starts in are whole.
    assert periods.quarter_name("2026 Q4", date(2027, 2, 1), end=date(2026, 12, 31), start=date(2026, 8, 15)) == "2026 Q4"


def test_a_quarter_the_ranges_end_cuts_is_named_to_that_day_whatever_day_before_it_the_range_starts():
    for start in (None, date(2026, 4, 1), date(2026, 7, 1)):  # 1 Jul, Q3's own first day, cuts nothing
        assert named("2026 Q3", LATER, start=start, end=date(2026, 7, 1)) == [
            ("2026 Q3 to 1 Jul", date(2026, 7, 1), date(2026, 7, 1)),
            ("2026 Q2 to 1 Apr", date(2026, 4, 1), date(2026, 4, 1)),
            ("2025 Q3 to 1 Jul", date(2025, 7, 1), date(2025, 7, 1))]


def test_a_quarter_cut_at_both_ends_is_named_by_its_days_and_so_are_the_ones_it_is_compared_with():
    windows = named("2026 Q3", LATER, start=date(2026, 8, 15), end=date(2026, 9, 20))
    assert windows == [("15 Aug to 20 Sep 2026", date(2026, 8, 15), date(2026, 9, 20)),
                       ("16 May to 21 Jun 2026", date(2026, 5, 16), date(2026, 6, 21)),
                       ("15 Aug to 20 Sep 2025", date(2025, 8, 15), date(2025, 9, 20))]
    # In progress on the data's day, its start cut: its days, not "to date", and the others the same days.
    assert named("2026 Q4", LATER, start=date(2026, 10, 15))[:2] == [
        ("15 Oct to 26 Nov 2026", date(2026, 10, 15), LATER), ("15 Jul to 26 Aug 2026", date(2026, 7, 15), date(2026, 8, 26))]


def test_a_quarter_the_range_leaves_whole_keeps_its_label_and_a_quarter_to_date_its_words():
    assert named("2026 Q3", LATER, start=date(2026, 7, 1), end=date(2026, 9, 30)) == [
        ("2026 Q3", date(2026, 7, 1), date(2026, 9, 30)), ("2026 Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2025 Q3", date(2025, 7, 1), date(2025, 9, 30))]
    # A whole 90-day Q1 against a whole 92-day Q4: neither is cut to the other's length.
    assert named("2026 Q1", LATER, start=date(2025, 10, 1))[1] == ("2025 Q4", date(2025, 10, 1), date(2025, 12, 31))
    assert [w[0] for w in named("2026 Q4", LATER, start=date(2026, 10, 1))] == [
        "2026 Q4 to date", "2026 Q3 to the same day", "2025 Q4 to the same day"]


def test_a_range_inside_one_quarter():
    assert named("2026 Q3", LATER, start=date(2026, 7, 10), end=date(2026, 7, 20))[:2] == [
        ("10 Jul to 20 Jul 2026", date(2026, 7, 10), date(2026, 7, 20)),
        ("10 Apr to 20 Apr 2026", date(2026, 4, 10), date(2026, 4, 20))]
    # One day, the quarter's last: Q2 is a day shorter than Q3, so its window is its own last day.
    assert named("2026 Q3", LATER, start=date(2026, 9, 30), end=date(2026, 9, 30))[:2] == [
        ("2026 Q3 from 30 Sep", date(2026, 9, 30), date(2026, 9, 30)),
        ("2026 Q2 from 30 Jun", date(2026, 6, 30), date(2026, 6, 30))]


def test_across_a_year_end():
    # The quarter before 2026 Q1 is 2025 Q4: 14 days cut off each.
    assert named("2026 Q1", LATER, start=date(2026, 1, 15), end=date(2026, 3, 31))[:2] == [
        ("2026 Q1 from 15 Jan", date(2026, 1, 15), date(2026, 3, 31)),
        ("2025 Q4 from 15 Oct", date(2025, 10, 15), date(2025, 12, 31))]
    # A fiscal year from December: FY2026 Q1 is Dec 2025 - Feb 2026, and a range inside it spans two years.
    windows = named("FY2026 Q1", LATER, start=date(2025, 12, 15), end=date(2026, 1, 20), fy=12)
    assert windows == [("15 Dec 2025 to 20 Jan 2026", date(2025, 12, 15), date(2026, 1, 20)),
                       ("15 Sep to 21 Oct 2025", date(2025, 9, 15), date(2025, 10, 21)),
                       ("15 Dec 2024 to 20 Jan 2025", date(2024, 12, 15), date(2025, 1, 20))]
    # A name read back is still its quarter (a click on a chart's point gives the name back).
    assert periods.quarter_bounds("15 Dec 2025 to 20 Jan 2026", 12) == (date(2025, 12, 1), date(2026, 2, 28))
    assert periods.name_parts("15 Dec 2025 to 20 Jan 2026") == ("15 Dec 2025 to", "20 Jan 2026")


def test_a_leap_day():
    # 29 Feb 2024 is 59 days after 1 Jan: 59 days after 1 Oct 2023 is 29 Nov, after 1 Jan 2023 is 1 Mar.
    assert named("2024 Q1", date(2024, 6, 1), start=date(2024, 2, 29), end=date(2024, 3, 31)) == [
        ("2024 Q1 from 29 Feb", date(2024, 2, 29), date(2024, 3, 31)),
        ("2023 Q4 from 29 Nov", date(2023, 11, 29), date(2023, 12, 31)),
        ("2023 Q1 from 1 Mar", date(2023, 3, 1), date(2023, 3, 31))]
    assert named("2024 Q1", date(2024, 6, 1), start=date(2024, 1, 10), end=date(2024, 2, 29))[0] == (
        "10 Jan to 29 Feb 2024", date(2024, 1, 10), date(2024, 2, 29))
    assert periods.quarter_bounds("2024 Q1 from 29 Feb") == (date(2024, 1, 1), date(2024, 3, 31))


def test_every_name_reads_back_as_its_quarter_and_splits_for_a_ticks_two_lines():
    assert periods.parse_quarter("2026 Q3 from 15 Aug") == (2026, 3)
    assert periods.quarter_bounds("15 Aug to 20 Sep 2026") == (date(2026, 7, 1), date(2026, 9, 30))
    assert periods.name_parts("2026 Q3 from 15 Aug") == ("2026 Q3", "from 15 Aug")
    assert periods.name_parts("15 Aug to 20 Sep 2026") == ("15 Aug to", "20 Sep 2026")


def test_a_change_names_its_two_sides_whole_when_they_are_days():
    # Within one year the previous quarter's year is left out; a name of days is never cut at its first space.
    assert versus_text("2026 Q3 from 15 Aug", "2026 Q2 from 16 May") == "2026 Q3 from 15 Aug vs Q2 from 16 May"
    assert short_quarter_names("15 Oct to 20 Nov 2026", "15 Jul to 20 Aug 2026") == (
        "15 Oct to 20 Nov 2026", "15 Jul to 20 Aug 2026")
    assert previous_named("15 Oct to 20 Nov 2026", "15 Jul to 20 Aug 2026") == "15 Jul to 20 Aug 2026"


def test_a_side_with_nothing_in_it_says_no_deals_wherever_it_lies():
    # A compared quarter is counted whole whether or not the range reaches it (measures.trends.deltas).
    assert text.withheld_change([("Q3 to 1 Jul", 1), ("Q2 to 1 Apr", 0)], "closed deals") == (
        "no closed deals in Q2 to 1 Apr; Q3 to 1 Jul n too small (1 closed deal)")


def test_a_compared_window_the_ranges_start_falls_in_says_it_reaches_before_the_range():
    """15 Aug - 5 Dec, the data's day 5 Dec: Q4 to date against Q3's first 65 days, 1 Jul - 4 Sep, of which
    1 Jul - 14 Aug lie before the range. It was named "2026 Q3 to the same day", as if it were the range's
    own Q3, which the chart names "2026 Q3 from 15 Aug"."""
    data_day, start = date(2026, 12, 5), date(2026, 8, 15)
    this, previous, last_year = periods.comparison_windows("2026 Q4", data_day, 1, data_day, start)
    assert this.name == "2026 Q4 to date"
    assert (previous.name, previous.start, previous.end) == (
        "2026 Q3 to the same day (partly before the range)", date(2026, 7, 1), date(2026, 9, 4))
    # Wholly before the range: named as before (all its deals are counted, none of them in the range).
    assert last_year.name == "2025 Q4 to the same day"
    # The range's own Q3 is another name.
    assert periods.quarter_name("2026 Q3", data_day, 1, data_day, start) == "2026 Q3 from 15 Aug"
    # Cut at the range's end as well: the mark follows the days' name.
    assert periods.comparison_windows("2026 Q4", LATER, 1, date(2026, 11, 20), start)[1].name == (
        "2026 Q3 to 20 Aug (partly before the range)")
    # A range starting on its quarter's first day reaches no further back: no mark.
    assert periods.comparison_windows("2026 Q4", data_day, 1, data_day, date(2026, 7, 1))[1].name == (
        "2026 Q3 to the same day")
    # Nothing closed before the range's start (first_close, as for "All time"): nothing to mark.
    assert periods.comparison_windows("2026 Q4", data_day, 1, data_day, start, start)[1].name == (
        "2026 Q3 to the same day")
    assert periods.comparison_windows("2026 Q4", data_day, 1, data_day, start, date(2026, 8, 1))[1].name == (
        "2026 Q3 to the same day (partly before the range)")


def test_a_marked_name_still_reads_as_its_quarter():
    name = "2026 Q3 to the same day (partly before the range)"
    assert periods.parse_quarter(name) == (2026, 3)
    assert periods.quarter_bounds(name) == (date(2026, 7, 1), date(2026, 9, 30))
    assert periods.name_parts(name) == ("2026 Q3", "to the same day (partly before the range)")
    assert periods.unmarked(name) == "2026 Q3 to the same day"
    assert versus_text("2026 Q4 to date", name) == "2026 Q4 to date vs Q3 to the same day (partly before the range)"


def test_a_tile_says_a_compared_windows_mark_once_in_what_it_compares_not_in_why():
    """15 Aug - 20 Nov: Q4 to 20 Nov against Q3 to 20 Aug, partly before the range. The Overview's and the No
    decision page's tiles said the mark twice, a caption of five lines in presenter mode: "… vs Q3 to 20 Aug
    (partly before the range): no deals in Q3 to 20 Aug (partly before the range)"."""
    row = {"quarter": "2026 Q4 to 20 Nov", "previous_quarter": "2026 Q3 to 20 Aug (partly before the range)",
           "n": 25, "n_previous": 0, "no_decision_share_of_losses_n": 11, "no_decision_share_of_losses_n_previous": 0}
    win = quarter_change_tile("Win rate", "40%", None, row, "win_rate", n=25)
    assert win.withheld == "2026 Q4 to 20 Nov vs Q3 to 20 Aug (partly before the range): no deals in Q3 to 20 Aug"
    nd = quarter_change_tile("Share", "30%", None, row, "no_decision_share_of_losses", n=11, small=True)
    assert nd.withheld == ("2026 Q4 to 20 Nov vs Q3 to 20 Aug (partly before the range): no losses in Q3 to 20 Aug; "
                           "Q4 to 20 Nov n too small (11 losses)")
    assert short_quarter_names("2026 Q4 to 20 Nov", row["previous_quarter"]) == ("Q4 to 20 Nov", "Q3 to 20 Aug")
