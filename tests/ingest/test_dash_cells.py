"""A cell written "-" or "—" (a spreadsheet's "nothing") is read as blank, but the quarantine file
writes it as the file did and a reason about it quotes it: CSV whole or in batches, and workbooks."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from winloss.ingest.pipeline import PreparedFile, prepare, prepare_path
from winloss.ingest.quarantine import quarantine_rows
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.validation import dash_counts, dash_said, dashes_said
from winloss.io.csv_batches import CsvBatches
from winloss.io.readers import read_table

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"]
# {dash} cells are written with the dash given; each row says what becomes of it.
ROWS = [
    ["A1", "Ann", "Closed Won", "100", "2024-01-05", "2024-03-01"],  # accepted
    ["A2", "Bob", "Closed Won", "200", "2024-01-06", "{dash}"],  # a closed deal's close date
    ["{dash}", "Cat", "Closed Lost", "300", "2024-01-07", "2024-03-03"],  # an id
    ["A4", " {dash} ", "Closed Won", "400", "2024-01-08", "2024-03-04"],  # an owner, with space around it
    ["A5", "Dan", "Closed Won", "{dash}", "2024-01-09", "2024-03-05"],  # accepted without an amount
    ["A6", "Eve", "Closed Won", "{dash}", "2024-01-10", "someday"],  # quarantined for its date: its amount kept
    ["A7", "Fay", "Prospecting", "'{dash}", "2024-01-11", "{dash}"],  # accepted: an open deal, a guarded dash
    ["A8", "Gus", "Closed Lost", "500", "2024-01-12", "2024-03-08"],  # accepted
]
# (line, header) of each quarantined row's dash, and its reason's words.
DASH_CELLS = {(3, "Close Date"), (4, "Opportunity ID"), (5, "Opportunity Owner"), (7, "Amount")}
SAID = {3: "Close Date", 4: "Opportunity ID", 5: "Opportunity Owner"}


def _rows(dash: str) -> list[list[str]]:
    return [[cell.replace("{dash}", dash) for cell in row] for row in ROWS]


def _csv(dash: str, delimiter: str = ",") -> bytes:
    return "\n".join(delimiter.join(row) for row in [HEADER, *_rows(dash)]).encode() + b"\n"


def _xlsx(dash: str) -> bytes:
    import xlsxwriter

    data = io.BytesIO()
    book = xlsxwriter.Workbook(data, {"in_memory": True})
    sheet = book.add_worksheet("Opportunities")
    for r, row in enumerate([HEADER, *_rows(dash)]):
        sheet.write_row(r, 0, row)  # every cell as text, dates too: as a CRM writes them
    book.close()
    return data.getvalue()


def _whole(dash: str, tmp_path: Path) -> PreparedFile:
    return prepare(_csv(dash), "deals.csv")


def _batches(dash: str, tmp_path: Path) -> PreparedFile:
    path = tmp_path / f"deals{len(list(tmp_path.iterdir()))}.csv"
    path.write_bytes(_csv(dash))
    prepared = prepare_path(path, batch_rows=2)  # four batches: each dash in a batch of its own
    assert prepared.staged is not None  # read in batches indeed
    return prepared


def _workbook(dash: str, tmp_path: Path) -> PreparedFile:
    return prepare(_xlsx(dash), "deals.xlsx")


READINGS: dict[str, Callable[[str, Path], PreparedFile]] = {"whole": _whole, "batches": _batches, "xlsx": _workbook}


def _report(prepared: PreparedFile) -> pl.DataFrame:
    """The quarantine file a user downloads, read back as text."""
    return pl.read_csv(io.BytesIO(prepared.quarantine_csv()[3:]), infer_schema=False)


def _accepted(prepared: PreparedFile) -> pl.DataFrame:
    return pl.concat(list(prepared.accepted_batches())).drop("__key", strict=False).sort("__line")


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("dash", ["-", "\u2014"])
def test_the_quarantine_file_writes_a_dash_cell_as_the_file_wrote_it(reading, dash, tmp_path):
    with READINGS[reading](dash, tmp_path) as prepared:
        report = _report(prepared)
    assert report.get_column("Line in your file").cast(pl.Int64).to_list() == [3, 4, 5, 7]
    for line, header in DASH_CELLS:
        assert report.filter(pl.col("Line in your file") == str(line)).item(0, header) == dash, (line, header)
    # The other cells are as they came: the row quarantined for its date keeps its owner and date.
    row = report.filter(pl.col("Line in your file") == "7").row(0, named=True)
    assert (row["Opportunity Owner"], row["Close Date"]) == ("Eve", "someday")


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("dash", ["-", "\u2014"])
def test_a_reason_about_a_dash_cell_quotes_the_dash(reading, dash, tmp_path):
    with READINGS[reading](dash, tmp_path) as prepared:
        errors = prepared.errors
        reasons = dict(_report(prepared).select("Line in your file", "Why it was not stored").iter_rows())
    for line, header in SAID.items():
        reason = reasons[str(line)]
        assert dash_said(header, dash) in reason and f"{header} is blank" not in reason, reason
        assert errors.filter(pl.col("line") == line).item(0, "value") == dash  # the file report's example too
    assert "Amount" not in reasons["7"]  # a dash is no failure of its own


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("dash", ["-", "\u2014"])
def test_a_dash_is_still_read_as_blank(reading, dash, tmp_path):
    """The same file with its dashes left empty stores the same rows and quarantines the same ones,
    only its reasons saying "is blank"."""
    with READINGS[reading](dash, tmp_path) as dashed, READINGS[reading]("", tmp_path) as empty:
        assert _accepted(dashed).equals(_accepted(empty))
        assert _accepted(dashed).get_column("__line").to_list() == [2, 6, 8, 9]
        assert dashed.errors.get_column("line").to_list() == empty.errors.get_column("line").to_list()
        assert dashed.errors.get_column("check").to_list() == empty.errors.get_column("check").to_list()
        blank = dict(_report(empty).select("Line in your file", "Why it was not stored").iter_rows())
    for line, header in SAID.items():
        assert f"{header} is blank" in blank[str(line)]


def test_an_id_repeated_in_two_batches_is_quarantined_with_its_dashes(tmp_path):
    """Rows whose id repeats across batches are read again and validated together: their dashes too."""
    rows = [HEADER, *(["A1", "Ann", "Closed Won", str(n), "2024-01-05", "2024-03-01"] for n in range(1, 7)),
            ["A1", "Bob", "Closed Lost", "-", "2024-01-06", "2024-03-02"]]
    path = tmp_path / "repeated.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    with prepare_path(path, batch_rows=2) as batched:
        report = _report(batched)
    assert report.filter(pl.col("Line in your file") == "8").item(0, "Amount") == "-"
    assert prepare(path.read_bytes(), "repeated.csv").quarantine.equals(batched.quarantine)


def test_the_readers_keep_each_dash_cell_by_line_and_header_whole_and_in_batches(tmp_path):
    """The fast reader, the exact one (a quoted value spanning lines sends a file to it) and the
    batches find the same cells, numbered by the file's own lines."""
    fast = _csv("-")
    exact = fast.replace(b"Fay", b'"Fay\nSmith"')
    for data in (fast, exact):
        whole = read_table(data, "deals.csv").dashes.sort("__line", "column")
        cells = {(line, column) for line, column, _ in whole.iter_rows()}
        assert {(3, "Close Date"), (4, "Opportunity ID"), (5, "Opportunity Owner"), (6, "Amount"), (7, "Amount")} <= cells
        assert set(whole.get_column("text")) == {"-"}
        path = tmp_path / "deals.csv"
        path.write_bytes(data)
        batched = pl.concat([batch.dashes for batch in CsvBatches(path, 2)]).sort("__line", "column")
        assert batched.equals(whole)


def test_quarantine_rows_write_each_rows_own_dashes_only():
    table = pl.DataFrame({"__line": [2, 3, 4], "Owner (2)": ["a", None, None], "Amount.": [None, None, "5"]})
    errors = pl.DataFrame(
        {"line": [3, 4], "column": ["Owner (2)"] * 2, "value": [None, None], "check": ["c"] * 2, "message": ["a.", "b."]},
        schema_overrides={"value": pl.String},
    )
    # Line 2's dash is of a row stored: not written; line 4's owner was left empty: stays empty.
    dashes = pl.DataFrame({"__line": [2, 3, 3], "column": ["Amount.", "Owner (2)", "Amount."], "text": ["-", "-", "\u2014"]})
    rows = quarantine_rows(table, errors, pl.DataFrame(schema={"__line": pl.Int64, "raw": pl.String, "message": pl.String}), dashes)
    assert rows.rows() == [(3, "a.", "-", "\u2014"), (4, "b.", None, "5")]


def test_a_reason_that_words_the_blank_otherwise_gets_the_dash_said_after_it():
    errors = pl.DataFrame(
        {"line": [2, 2, 3], "column": ["Owner", "Owner", "Owner"], "value": [None, "x", None], "check": ["c"] * 3,
         "message": ["Owner: one of them is blank.", "Owner 'x' is wrong.", "Owner is blank: say who."]},
        schema_overrides={"value": pl.String},
    )
    dashes = pl.DataFrame({"__line": [2], "column": ["Owner"], "text": ["-"]})
    said = dashes_said(errors, dashes)
    assert said.get_column("message").to_list() == [
        "Owner: one of them is blank. (Owner is '-' (a dash, read as blank).)", "Owner 'x' is wrong.", "Owner is blank: say who.",
    ]
    assert said.get_column("value").to_list() == ["-", "x", None]


def test_a_dash_under_a_header_that_reads_as_a_pattern_is_kept_by_its_header():
    table = read_table(b"*,^a.*$, x \n-, b ,c\nd,\xe2\x80\x94,-\n", "odd.csv")
    assert table.dashes.sort("__line", "column").rows() == [(2, "*", "-"), (3, "^a.*$", "\u2014"), (3, "x", "-")]


@pytest.mark.parametrize("reading", READINGS)
@pytest.mark.parametrize("dash", ["-", "—"])
def test_the_file_report_says_how_many_dash_cells_of_each_mapped_column_are_read_as_blank(reading, dash, tmp_path):
    # Accepted rows' dashes too (A5's amount, A7's close date): a stored deal without an amount had
    # no word that its cell said "-".
    notes = READINGS[reading](dash, tmp_path).notes
    said = [n for n in notes if n.startswith("Cells written as a dash")]
    assert said == [
        "Cells written as a dash ('-') are read as blank, as an empty cell is: 3 in 'Amount', 2 in 'Close Date', "
        "1 in 'Opportunity ID', 1 in 'Opportunity Owner'. Where a value is needed, the row is in the quarantine "
        "file with the dash as written."
    ]


def test_no_dash_no_sentence_and_an_unmapped_columns_dashes_are_not_counted(tmp_path):
    content = b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Notes\nA1,Ann,Closed Won,100,2024-03-01,-\n"
    assert not [n for n in prepare(content, "deals.csv").notes if "dash" in n]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([2, 3, 4, 5], {"Amount": 2, "Close Date": 1}),  # every line from the first to the last is a row
        ([2, 4, 5], {"Amount": 1, "Close Date": 1}),  # line 3 was blank or ragged: its dash is not counted
        ([3, 2, 5, 4], {"Amount": 2, "Close Date": 1}),  # out of order (rows of repeated ids read again)
        ([4], {"Close Date": 1}),
        ([], {}),
    ],
)
def test_dash_counts_count_the_dashes_of_the_rows_given_only(lines, expected):
    dashes = pl.DataFrame(
        {"__line": [2, 3, 4, 6, 5], "column": ["Amount", "Amount", "Close Date", "Amount", "Notes"],
         "text": ["-", "-", "-", "-", "-"]},
        schema={"__line": pl.Int64, "column": pl.String, "text": pl.String},
    )  # line 6 is a footer line's, beyond the rows; Notes is not mapped
    header = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date", "Notes"]
    mapping = detect_mapping(header)
    rows = pl.DataFrame({"__line": lines, **{h: ["x"] * len(lines) for h in header}}, schema_overrides={"__line": pl.Int64})
    assert dash_counts(dashes, rows, mapping) == expected
