"""A quote (") that opens a value and is never closed is named as such: its line, the start of the value,
and what to do. It was reported as "Line 2 has 1 field but the header has 5.", with "Check the column
mapping and the export", which points at neither the quote nor the line that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.ingest.pipeline import file_report, prepare, prepare_path

HEADER = "Opportunity Owner,Stage,Amount,Close Date,Opportunity ID\n"
DEALS = "".join(f"Ana Lima,Closed Won,{n}00,03/0{n}/2026,Q{n}\n" for n in range(1, 4))
FIX = "close the quote where the value ends, or export the file again."


def reasons(data: bytes, tmp_path: Path, batched: bool) -> tuple[dict, dict[int, str]]:
    """(the file report, line -> why it was quarantined), read whole or a row at a time from disk."""
    if batched:
        path = tmp_path / "deals.csv"
        path.write_bytes(data)
        with prepare_path(path, batch_rows=1) as prep:
            return file_report(prep), dict(prep.quarantine.select("line", "reason").iter_rows())
    prep = prepare(data, "deals.csv")
    return file_report(prep), dict(prep.quarantine.select("line", "reason").iter_rows())


def test_a_file_whose_one_row_opens_a_quote_never_closed_says_so_and_what_to_do():
    data = (HEADER + '"Maya Lindqvist,Closed Won,100,03/01/2026,Q1\n').encode()
    report = file_report(prepare(data, "deals.csv"))
    assert report["rejected"] == (
        "The file's one row could not be stored (the first problem: Line 2 opens a quote (\") before "
        f"'Maya Lindqvist,Closed Won,100,03/01/202…' that is never closed, so everything after it was read as one value: {FIX}) "
        "Upload it again once that is mended.")


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
@pytest.mark.parametrize("after", ["", "Total\nConfidential\n"], ids=["last line", "before footer-like lines"])
def test_a_quote_opened_on_the_last_deal_and_never_closed_is_its_reason(tmp_path: Path, batched: bool, after: str):
    """The deals before it are read; the line that opens the quote is quarantined with what is wrong and where."""
    data = (HEADER + DEALS + 'Ben Okafor,Closed Lost,"400,03/04/2026,Q4\n' + after).encode()
    report, why = reasons(data, tmp_path, batched)
    assert report["rows_accepted"] == 3
    assert why == {5: f"Line 5 opens a quote (\") before '400,03/04/2026,Q4' that is never closed, so everything "
                      f"after it was read as one value: {FIX}"}


@pytest.mark.parametrize("line", [
    'Ben Okafor,Closed Lost,5" screen,400',  # an inch mark inside a value opens no quote
    'Ben Okafor,"Closed ""Lost""",400',  # quotes written twice inside a closed one
], ids=["inch mark", "doubled quotes"])
def test_a_short_row_whose_quotes_open_no_value_left_open_keeps_its_width_reason(line: str):
    _, why = reasons((HEADER + DEALS + line + "\n").encode(), Path(), False)
    assert why[5].startswith("Line 5 has 4 fields but the header has 5.") or why[5].startswith("Line 5 has 3 fields")
    assert "quote" not in why[5]
