"""The first line of a text file, measured before it is read (sniff.reject_long_first_line): given whole or in
chunks, its end found at the first line feed or carriage return, wherever the chunks split it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from winloss.io.sniff import HEADER_LINE_BYTES, reject_long_first_line
from winloss.io.table import FileRejected, TooManyColumns

MB = 1 << 20
HEADER = b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date"
LONGER = "The first line is 2 MB long, longer than any CSV export's header line (at most 1 MB here)"
NO_END = "The first line is 2 MB long with no line end, so this is not a CSV export"


def pieces(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def refusal(chunks: list[bytes]) -> str | None:
    """The sentence refusing the file given as `chunks`, or None when it is not refused."""
    try:
        reject_long_first_line(chunks)
    except FileRejected as exc:
        return str(exc)
    return None


def read_until(chunks: list[bytes], last: int) -> Iterator[bytes]:
    """The chunks in order; taking the one after chunk `last` fails the test: the line ended before it."""
    for i, chunk in enumerate(chunks):
        if i > last:
            pytest.fail(f"chunk {i} was read after the first line had ended in chunk {last}")
        yield chunk


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
@pytest.mark.parametrize("size", [7, 4096, 10 * MB])
def test_a_header_line_is_let_through_and_nothing_after_its_end_is_read(end, size):
    data = HEADER + end + (b"OP-1,Ana,Closed Won,100,2024-05-06" + end) * 1000
    chunks = pieces(data, size)
    last = len(HEADER) // size  # the chunk the line's end is in
    reject_long_first_line(read_until(chunks, last))


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_a_line_past_the_bound_is_refused_by_its_length_in_any_chunks(end):
    data = b"x" * (2 * MB) + end + b"a,b\n" * 10
    for size in (2 * MB - 1, 2 * MB, 2 * MB + 1, 300_000, len(data)):
        assert refusal(pieces(data, size)) == (
            f"{LONGER}, so this is not a CSV export: upload the .csv or .xlsx file exported from your CRM."), size


def test_a_line_end_at_the_start_of_the_next_chunk_ends_the_line_there():
    """A line at the bound whose end is the next chunk's first byte: let through, measured to that byte."""
    line = b"y" * HEADER_LINE_BYTES
    for end in (b"\n", b"\r", b"\r\n"):
        chunks = [line[: MB // 2], line[MB // 2 :], end + b"a,b" + end, b"z" * (3 * MB)]
        reject_long_first_line(read_until(chunks, 2))
    # One byte more and the same chunks are refused, the line still measured to its end, not to the file's.
    longer = b"y" * (HEADER_LINE_BYTES + 1)
    message = refusal([longer[: MB // 2], longer[MB // 2 :], b"\r" + b"z" * (3 * MB)])
    assert message is not None and message.startswith("The first line is 1 MB long, longer than")


def test_a_carriage_return_only_file_ends_its_line_at_the_first_return():
    """Classic Mac line ends: no line feed anywhere. The line ends at its first return, not at the file's end."""
    rows = b"OP-1,Ana,Closed Won,100,2024-05-06\r" * 100_000  # 3.5 MB with no line feed
    assert refusal([HEADER + b"\r" + rows]) is None
    assert refusal([b"x" * (2 * MB) + b"\r" + rows]) == (
        f"{LONGER}, so this is not a CSV export: upload the .csv or .xlsx file exported from your CRM.")


def test_a_return_after_a_line_feed_does_not_end_the_line_before_it():
    """The first line end found is the one nearer the line's start, either byte."""
    data = b"x" * (2 * MB) + b"\n" + b"short\r" + b"x" * 10
    assert refusal([data]) == refusal(pieces(data, 65536)) == (
        f"{LONGER}, so this is not a CSV export: upload the .csv or .xlsx file exported from your CRM.")
    assert refusal([b"a,b\r" + b"x" * (2 * MB) + b"\n"]) is None


def test_a_line_with_no_end_is_measured_over_every_chunk():
    data = b"x" * (2 * MB)
    for size in (65536, len(data)):
        assert refusal(pieces(data, size)) == (
            f"{NO_END}: upload the .csv or .xlsx file exported from your CRM.")


def test_blank_lines_before_the_first_line_are_not_counted_in_it():
    blank = b"\r\n" * (MB // 2) + b"   \n" * (MB // 8)
    assert refusal(pieces(blank + b"x" * (HEADER_LINE_BYTES - 10) + b"\nrow\n", 65536)) is None
    assert refusal(pieces(blank + b"x" * (2 * MB) + b"\n", 65536)) == (
        f"{LONGER}, so this is not a CSV export: upload the .csv or .xlsx file exported from your CRM.")
    assert refusal([b"\n\n", b"   "]) is None  # blank space alone: the readers say so


def test_a_long_line_of_fields_is_refused_for_its_columns_counted_across_chunks():
    data = b"a," * (MB // 2 + 5) + b"b\n" + b"1,2\n"
    with pytest.raises(TooManyColumns, match=f"This file has {MB // 2 + 6:,} columns"):
        reject_long_first_line(pieces(data, 4099))
