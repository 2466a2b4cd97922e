"""A download named after a team or a rep keeps the name in whatever script it is written (text.slug): the lists of
team 東京 and team 大阪 had both been "…_team.csv", a-z and 0-9 alone kept."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from winloss import text
from winloss.views.deal_lists import list_file_name

START, END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def team_list(team: str) -> str:
    """The file name of a deal list filtered to `team`."""
    return list_file_name("Deals lost for “Price”", START, END, [("Team", [team])])


@pytest.mark.parametrize(("one", "other"), [("東京", "大阪"), ("Αθήνα", "Москва"), ("서울", "القاهرة"), ("दिल्ली", "ไทย")])
def test_teams_named_in_other_scripts_give_different_names_that_hold_them(one: str, other: str) -> None:
    names = team_list(one), team_list(other)
    assert names[0] != names[1]
    for name, team in zip(names, (one, other), strict=True):
        assert name.endswith(f"_team-{unicodedata.normalize('NFC', team.lower())}.csv"), name
    assert text.slug(one) == one.lower() and text.slug(other) == other.lower()  # nothing lost, no fallback


def test_right_to_left_and_mixed_names_keep_their_letters_in_the_order_typed() -> None:
    assert text.slug("فريق الرياض") == "فريق-الرياض"
    assert text.slug("צוות תל אביב") == "צוות-תל-אביב"
    assert text.slug("Team الرياض 2") == "team-الرياض-2"
    assert text.slug("Why 田中 花子's deals were lost") == "why-田中-花子-s-deals-were-lost"
    # The marks that set a direction are no letters: dropped, never a "-" or a name that reads otherwise.
    assert text.slug("\u200fالرياض\u200f") == "الرياض" and text.slug("x \u202eslx.csv") == "x-slx-csv"


def test_letters_keep_their_marks_composed_and_in_lower_case() -> None:
    assert text.slug("हिन्दी टीम") == "हिन्दी-टीम"  # vowel signs and the virama are marks of the letters
    assert text.slug("Cafe\u0301 Zürich") == "café-zürich" and len(text.slug("Cafe\u0301")) == 4  # NFC: one é
    assert text.slug("ΑΘΗΝΑ") == "αθηνα" and text.slug("Ｔｅａｍ１") == "ｔｅａｍ１"


def test_what_a_file_name_may_not_hold_is_a_separator_and_latin_names_are_as_before() -> None:
    assert text.slug('a/b\\c:d*e?f"g<h>i|j') == "a-b-c-d-e-f-g-h-i-j"
    assert text.slug("Win rate by rep, with 95% intervals") == "win-rate-by-rep-with-95-intervals"
    assert text.slug(r"Deals lost for “Price\_2”") == "deals-lost-for-price-2"  # Markdown's escape goes


def test_a_name_of_symbols_alone_falls_back() -> None:
    assert text.slug("★ ☆ → ✓") == "chart" and text.slug("—", "deals") == "deals"
    assert text.slug("🚀🚀", "deals") == "deals" and text.slug("\u202e\u200f", "deals") == "deals"


def test_a_long_name_in_a_script_of_three_bytes_a_letter_fits_a_file_system() -> None:
    assert len(text.slug("東" * 500).encode()) <= text.FILE_NAME_BYTES
    assert text.slug("東" * 500) == "東" * (text.FILE_NAME_BYTES // 3)
    name = team_list("東" * 500)
    assert len(name.encode()) <= text.FILE_NAME_BYTES + len(".csv") and name.endswith("東.csv")
    assert text.file_name_part("x" * 5000) == "x" * text.FILE_NAME_CHARACTERS  # a Latin name as before
    assert text.file_name_part("東" * 5000) == "東" * (text.FILE_NAME_BYTES // 3)
