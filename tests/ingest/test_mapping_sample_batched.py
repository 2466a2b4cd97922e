"""A file read in batches is mapped on the same first 1,000 rows the whole-file reader maps it on.

Whether a closing column counts (a Status of open / won / lost words, a flag of true / false, a date) is
judged on the file's first 1,000 rows. Read in batches of fewer rows, the file was judged on its first batch
alone: a Status whose first rows held only values the user maps ("Signed") was left unread, and its rows
counted open by their stage, where the whole file's reader saw "Won" further down and read the status.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from batch_sizes import both_ways
from outcome_reports import credited, outcomes

from winloss.deals import deals
from winloss.ingest.pipeline import file_report, prepare, prepare_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "outcomes"
# "Signed" (mapped to won) and "Dropped" (mapped to lost) first, then "Won", "Lost" and "Open".
MAPPED_FIRST = FIXTURES / "status_mapped_values_first.csv"
MAPPED = {"Signed": "won", "Dropped": "lost"}

HEADER = "Opportunity ID,Sales Rep,Stage,Close Date,Amount"
# Columns whose first rows say nothing their field reads, and whose later rows do.
LATE = {
    "status": ("Status", ["Pending review", "Pending review", "Won", "Lost"]),
    "won flag": ("Is Won", ["tbc", "tbc", "true", "false"]),
    "won date": ("Won Date", ["soon", "soon", "2026-02-03", ""]),
}


def read_both(path: Path, batch_rows: int, mapping: dict[str, str] | None = None):
    whole = prepare(path.read_bytes(), path.name, stage_outcomes=mapping)
    batched = prepare_path(path, batch_rows=batch_rows, stage_outcomes=mapping)
    assert batched.read_count is not None  # read in batches
    return whole, batched


@pytest.mark.parametrize("batch_rows", [2, 3])
def test_a_status_whose_first_rows_hold_only_mapped_values_reads_the_same_whole_and_batched(batch_rows, tmp_path):
    whole, batched = read_both(MAPPED_FIRST, batch_rows, MAPPED)
    assert batched.mapping.fields == whole.mapping.fields
    assert whole.mapping.fields["status"] == "Status"
    assert credited(file_report(batched)) == credited(file_report(whole)) == {
        ("Discovery", "won", "your mapping of its status"): (2, 2, 0),
        ("Discovery", "lost", "your mapping of its status"): (1, 1, 0),
        ("Discovery", "won", "the status column"): (1, 1, 0),
        ("Discovery", "lost", "the status column"): (1, 1, 0),
        ("Discovery", "open", "the status column"): (1, 1, 0),
    }
    assert outcomes(pl.concat(list(batched.accepted_batches()))) == outcomes(whole.accepted) == {
        "M1": "won", "M2": "won", "M3": "lost", "M4": "won", "M5": "lost", "M6": "open"}


@pytest.mark.parametrize("kind", list(LATE))
def test_a_closing_column_that_says_something_only_after_the_first_batch_is_mapped_the_same_both_ways(kind, tmp_path):
    header, values = LATE[kind]
    path = tmp_path / f"{kind.replace(' ', '_')}.csv"
    rows = [f"L{i},Wen Hale,Renewing,2026-02-0{i},{i}00,{value}" for i, value in enumerate(values, start=1)]
    path.write_text("\n".join([f"{HEADER},{header}", *rows]) + "\n")
    whole, batched, stores = both_ways(path, tmp_path, batch_rows=2)
    assert batched.read_count is not None
    assert batched.mapping.fields == whole.mapping.fields
    assert header in whole.mapping.fields.values()  # the whole file's reader saw the later rows
    assert credited(file_report(batched)) == credited(file_report(whole))
    assert outcomes(deals(stores[1])) == outcomes(deals(stores[0]))


@pytest.mark.parametrize("batch_rows", [None, 2])
def test_a_status_holding_only_values_the_user_maps_is_read_whole_and_batched(batch_rows, tmp_path):
    """Whether the Status counts was judged without the user's mappings: holding only "Signed" and "Dropped",
    which the user maps, it was left unread and every row counted open by its stage, the mappings unused."""
    path = tmp_path / "mapped_only.csv"
    path.write_text("".join(line for line in MAPPED_FIRST.read_text().splitlines(keepends=True)[:4]))
    prepared = (prepare(path.read_bytes(), path.name, stage_outcomes=MAPPED) if batch_rows is None
                else prepare_path(path, batch_rows=batch_rows, stage_outcomes=MAPPED))
    assert prepared.mapping.fields["status"] == "Status" and prepared.mapping.unfit == ()
    accepted = prepared.accepted if batch_rows is None else pl.concat(list(prepared.accepted_batches()))
    assert outcomes(accepted) == {"M1": "won", "M2": "won", "M3": "lost"}
    # Without the mappings, nothing in it says an outcome: it is left unread, as before, and said so.
    plain = prepare(path.read_bytes(), path.name)
    assert "status" not in plain.mapping.fields and plain.mapping.unfit == (("status", "Status", None),)
