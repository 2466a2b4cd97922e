"""The anonymising checks' own search (tests/named_texts.py `leaks`): a forbidden name key is found wherever
it stands as a word of its own, however often its letters also stand inside other words, and nowhere else.
Every "shows no name" check of a page, file or download relies on it finding what is there."""

from __future__ import annotations

from named_texts import leaks


def test_a_name_inside_a_longer_word_first_and_alone_later_is_found():
    # "brennan" stands first inside "brennanville" and "obrennan", then alone: only the last place counts,
    # and it must not be missed for the places before it.
    text = "Brennanville Ltd, OBrennan & Co, then at last: ask Brennan."
    assert leaks(text, ["Camila Brennan"]) == ["brennan"]


def test_a_name_only_ever_inside_longer_words_is_not_found():
    assert leaks("Brennanville Ltd and OBrennan & Co", ["Camila Brennan"]) == []


def test_a_name_is_found_in_any_case_and_with_accents_or_none():
    assert leaks("Signed off by JOSÉ núñez", ["Jose Nunez"]) == ["jose nunez", "nunez", "jose"]
    assert leaks("Signed off by Jose Nunez", ["José Núñez"]) == ["jose nunez", "nunez", "jose"]


def test_each_key_is_found_for_itself_where_a_longer_key_holds_it():
    # The whole name holds its first name and surname: each is reported, longest first.
    assert leaks("Lost: Camila Brennan left", ["Camila Brennan"]) == ["camila brennan", "brennan", "camila"]
    assert leaks("nothing here", ["Camila Brennan"]) == []
    assert leaks("", ["Camila Brennan"]) == []
