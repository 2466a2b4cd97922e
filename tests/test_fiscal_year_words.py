"""What a page says of the fiscal year its quarters count by (winloss.fiscal_year, winloss.periods)."""

from __future__ import annotations

import datetime as dt

import pytest

from winloss.fiscal_year import fiscal_year_note, saved_sentence
from winloss.periods import fiscal_year_bounds, fiscal_year_words, quarter_label


@pytest.mark.parametrize(("day", "month", "bounds", "words"), [
    (dt.date(2026, 12, 6), 2, (dt.date(2026, 2, 1), dt.date(2027, 1, 31)), "FY2027 = 1 Feb 2026 – 31 Jan 2027"),
    (dt.date(2026, 1, 31), 2, (dt.date(2025, 2, 1), dt.date(2026, 1, 31)), "FY2026 = 1 Feb 2025 – 31 Jan 2026"),
    (dt.date(2026, 7, 1), 7, (dt.date(2026, 7, 1), dt.date(2027, 6, 30)), "FY2027 = 1 Jul 2026 – 30 Jun 2027"),
    (dt.date(2024, 3, 1), 3, (dt.date(2024, 3, 1), dt.date(2025, 2, 28)), "FY2025 = 1 Mar 2024 – 28 Feb 2025"),
])
def test_a_fiscal_year_is_named_as_its_quarters_are_labelled(day, month, bounds, words) -> None:
    assert fiscal_year_bounds(day, month) == bounds
    assert fiscal_year_words(day, month) == words
    assert quarter_label(day, month).split(" ")[0] == words.split(" ")[0]  # "FY2027 Q4" is of FY2027


def test_calendar_quarters_need_no_words() -> None:
    assert fiscal_year_bounds(dt.date(2026, 5, 2)) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fiscal_year_words(dt.date(2026, 5, 2), 1) is None
    assert fiscal_year_note(1, 1, dt.date(2026, 5, 2)) is None


def test_the_note_says_whose_fiscal_year_the_page_counts() -> None:
    day = dt.date(2026, 12, 6)
    assert fiscal_year_note(2, 2, day) == "Fiscal year FY2027 = 1 Feb 2026 – 31 Jan 2027: this store's fiscal year starts in February."
    assert fiscal_year_note(1, 2, day) == "Calendar quarters, as this link chooses: this store's fiscal year starts in February."
    assert fiscal_year_note(7, 2, day) == ("Fiscal year FY2027 = 1 Jul 2026 – 30 Jun 2027, as this link chooses: this store's "
                                           "fiscal year starts in February.")
    assert fiscal_year_note(2, 1, day) == ("Fiscal year FY2027 = 1 Feb 2026 – 31 Jan 2027, as this link chooses: this store's "
                                           "fiscal year is the calendar year.")
    assert saved_sentence(2, 5) == "Saved as store version 5: the fiscal year starts in February for everyone who uses this store."
