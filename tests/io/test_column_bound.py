"""A file's columns are bounded (table.MOST_COLUMNS), decided from its header before any work per
column: a wider CSV is refused in one sentence by the whole-file and the batched reader, through
prepare, prepare_path and the command line; a file at the bound is read."""

from __future__ import annotations

import json

import pytest
from command_line import run

from winloss.ingest.pipeline import prepare, prepare_path
from winloss.io.csv_batches import CsvBatches
from winloss.io.readers import read_table
from winloss.io.table import MOST_COLUMNS, FileRejected, TooManyColumns
from winloss.io.workbooks import DEFAULT_BUDGET

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"]
DEALS = [["OP-1", "Ana Silva", "Closed Won", "100", "2024-05-06"], ["OP-2", "Ben Ortiz", "Closed Lost", "200", "2024-05-07"],
         ["OP-3", "Cleo Park", "Closed Won", "300", "2024-05-08"]]  # fmt: skip


def wide_csv(columns: int, rows: int = 3) -> bytes:
    """An export of `columns` columns: the five a deal needs, then custom properties ("yes" or blank)."""
    extra = columns - len(HEADER)
    lines = [",".join(HEADER + [f"Custom property {i}" for i in range(extra)])]
    lines += [",".join([f"OP-{n + 1}", *DEALS[n % 3][1:]] + ["yes", ""] * (extra // 2) + [""] * (extra % 2)) for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def refusal(columns: int, more: bool = False) -> str:
    counted = f"more than {columns:,}" if more else f"{columns:,}"
    return (f"This file has {counted} columns, past the {MOST_COLUMNS:,} a file may have here: export only the columns "
            "you need (a report or view with its fields chosen, not every property) and upload that.")


def test_the_bound_is_one_for_csv_files_and_workbooks():
    assert MOST_COLUMNS == 2_000
    assert DEFAULT_BUDGET.columns == MOST_COLUMNS


def test_a_header_one_column_past_the_bound_is_refused_by_both_readers(tmp_path):
    data = wide_csv(MOST_COLUMNS + 1)
    with pytest.raises(FileRejected) as whole:
        read_table(data, "export.csv")
    assert str(whole.value) == refusal(MOST_COLUMNS + 1)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with pytest.raises(TooManyColumns) as batched:  # said from the header, not left to the whole-file reader
        CsvBatches(path)
    assert str(batched.value) == refusal(MOST_COLUMNS + 1)


def test_a_header_past_the_bound_is_refused_by_prepare_and_prepare_path(tmp_path):
    data = wide_csv(MOST_COLUMNS + 1)
    assert prepare(data, "export.csv").rejected == refusal(MOST_COLUMNS + 1)
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with prepare_path(path) as prepared:
        assert prepared.rejected == refusal(MOST_COLUMNS + 1)
        assert prepared.staged is None
    # In a code page, the file is rewritten as UTF-8 before it is read in batches: refused there too.
    legacy = tmp_path / "legacy.csv"
    legacy.write_bytes(data.replace(b"Ana Silva", "Zoë Brandt".encode("cp1252")))
    with prepare_path(legacy) as prepared:
        assert prepared.rejected == refusal(MOST_COLUMNS + 1)


def test_one_line_of_commas_is_refused_with_its_count(tmp_path):
    """A file of one line of "x," (no line end): its every field a column. A first line longer than any
    header (sniff.reject_long_first_line) is counted whole, past the sample the readers look at (16 MB) too."""
    data = b"x," * 500_000
    assert prepare(data, "line.csv").rejected == refusal(500_001)
    path = tmp_path / "line.csv"
    path.write_bytes(b"x," * (9 << 20))  # 18 MB
    with prepare_path(path) as prepared:
        assert prepared.rejected == refusal(9 * (1 << 20) + 1)


def test_a_file_at_the_bound_is_read_by_both_readers(tmp_path):
    data = wide_csv(MOST_COLUMNS, rows=6)
    whole = prepare(data, "export.csv")
    assert whole.rejected is None, whole.rejected
    assert len(whole.table.columns) == MOST_COLUMNS and whole.rows_accepted == 6
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with prepare_path(path, batch_rows=4) as batched:
        assert batched.rejected is None, batched.rejected
        assert batched.staged is not None and batched.rows_accepted == 6
        assert batched.table.columns == whole.table.columns


def test_the_command_line_refuses_a_header_past_the_bound_in_one_sentence(tmp_path):
    (tmp_path / "wide.csv").write_bytes(wide_csv(MOST_COLUMNS + 1))
    result = run("ingest", str(tmp_path / "wide.csv"), "--store", str(tmp_path / "store"), "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    (file,) = json.loads(result.stdout)["files"]
    assert file["rejected"] == refusal(MOST_COLUMNS + 1)
    assert json.loads(result.stdout)["store_version"] == 0
