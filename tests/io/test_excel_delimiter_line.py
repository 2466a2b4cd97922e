"""Excel's delimiter line ("sep=;" alone on a CSV file's first line) is said for what it is, by both CSV
readers: the file report called it the report's title and quoted it as 'sep=', its ';' taken for a split."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.ingest.pipeline import prepare, prepare_path
from winloss.io.csv_batches import CsvBatches
from winloss.io.readers import read_table

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "excel_sep.csv"
ROWS = "Opportunity ID{d}Owner{d}Stage\nOPP-1{d}Ann Lee{d}Closed Won\nOPP-2{d}Bo Chen{d}Closed Lost\n"


def notes_both_ways(data: bytes, tmp_path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the notes on the lines above the header of the whole-file reader, of the batched reader)."""
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    whole = read_table(data, path.name)
    batches = CsvBatches(path)
    assert whole.columns == batches.columns == ["Opportunity ID", "Owner", "Stage"]
    assert whole.frame.height == 2
    return whole.notes, batches.title_notes


@pytest.mark.parametrize(("delimiter", "named"), [(";", "sep=;"), (",", "sep=,"), ("\t", "sep=\\t"), ("|", "sep=|")])
def test_excel_s_delimiter_line_is_named_whole_by_both_readers(delimiter, named, tmp_path):
    data = f"sep={delimiter}\n{ROWS.format(d=delimiter)}".encode()
    whole, batched = notes_both_ways(data, tmp_path)
    said = f"Line 1 ('{named}') is Excel's delimiter line and was not read as data."
    assert whole[:1] == batched == (said,)
    assert "title" not in " ".join(whole)


def test_a_delimiter_line_with_a_bom_and_a_title_below_it_says_each(tmp_path):
    data = ("\ufeffSEP=;\r\nACME Corp Pipeline\r\n" + ROWS.format(d=";")).encode()
    whole, batched = notes_both_ways(data, tmp_path)
    assert whole[:1] == batched == (
        "Line 1 ('SEP=;') is Excel's delimiter line and was not read as data. The header is on line 3; line 2 "
        "before it ('ACME Corp Pipeline') is the report's title and was not read as a deal.",
    )


def test_a_title_that_only_starts_like_a_delimiter_line_is_a_title(tmp_path):
    data = ("sep=2026 report\n" + ROWS.format(d=",")).encode()
    whole, batched = notes_both_ways(data, tmp_path)
    assert whole[:1] == batched == (
        "The header is on line 2; line 1 before it ('sep=2026 report') is the report's title and was not read as a deal.",
    )


def test_an_export_with_the_delimiter_line_reports_it_read_whole_or_in_batches():
    said = "Line 1 ('sep=;') is Excel's delimiter line and was not read as data."
    whole = prepare(FIXTURE.read_bytes(), FIXTURE.name)
    with prepare_path(FIXTURE, batch_rows=2) as batched:
        for prepared in (whole, batched):
            assert prepared.rejected is None and prepared.rows_accepted == 3
            assert prepared.notes[0] == said
            assert not any("title" in note for note in prepared.notes)
