"""A carriage return that does not end a line sends a text to the exact reader (csv_rows._bare_cr)."""

from __future__ import annotations

import itertools

import pytest

from winloss.io import csv_rows


@pytest.mark.parametrize("length", range(0, 6))
def test_every_short_text_of_returns_line_feeds_and_letters_is_judged_as_a_pattern_judges_it(length):
    for letters in itertools.product(b"a\r\n", repeat=length):
        text = bytes(letters)
        bare = any(text[i] == 13 and text[i + 1] != 10 for i in range(len(text) - 1))
        assert csv_rows._bare_cr(text) == bare, text


@pytest.mark.parametrize("at", [(1 << 22) - 2, (1 << 22) - 1, 1 << 22, (1 << 22) + 1])
def test_a_bare_return_at_a_scan_piece_s_edge_is_found(at):
    text = bytearray(b"x" * ((1 << 22) + 8))
    text[at] = 13
    assert csv_rows._bare_cr(bytes(text))
    text[at + 1] = 10  # followed by a line feed it ends a line
    assert not csv_rows._bare_cr(bytes(text))


def test_a_return_as_a_text_s_last_byte_is_not_bare():
    assert not csv_rows._bare_cr(b"a,b\r\nc,d\r")
    assert csv_rows._bare_cr(b"a,b\rc,d\r\n")
