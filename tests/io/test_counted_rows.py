"""A sheet's rows counted before its reader starts (workbooks.check_counted_sizes), judged by their numbers as well
as by how many there are, and found by the prefix of the sheet's elements however far into the part it is declared.

Each fixture is an .xlsx whose sheet XML is written here by hand."""

from __future__ import annotations

import io
import zipfile

import pytest
from hostile import HEADER, inline, workbook

from winloss.io import workbooks
from winloss.io.workbooks import Budget, WorkbookRefused, check_counted_sizes, sheet_cells

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DEAL = ["OP-1", "Ana Silva", "Closed Won", "100", "2024-05-06"]


def too_long(most: int) -> str:
    return (f"The sheet \u201cDeals\u201d holds more than {most:,} rows, the most an Excel sheet can have: export the "
            "opportunities as a CSV file, which has no such limit, and upload that instead.")


def row(number: int, values: list[str], prefix: str = "", numbered: str | None = None) -> str:
    """One row of inline-string cells, its elements written with `prefix` ("x:"); `numbered` is its r attribute
    as written (r="7" by default)."""
    cells = "".join(inline(f"{chr(65 + i)}{number}", v).replace("<c ", f"<{prefix}c ").replace("</c>", f"</{prefix}c>")
                    .replace("<is>", f"<{prefix}is>").replace("</is>", f"</{prefix}is>")
                    .replace("<t>", f"<{prefix}t>").replace("</t>", f"</{prefix}t>") for i, v in enumerate(values))
    attributes = numbered or f'r="{number}"'
    return f"<{prefix}row {attributes}>{cells}</{prefix}row>"


def sheet(rows: str, prefix: str = "", root_attributes: str = "", before_data: str = "") -> bytes:
    """An .xlsx whose one sheet is `rows` in a <sheetData>, every element written with `prefix`, the root element
    declaring `root_attributes` besides the namespace, and `before_data` (e.g. <cols>) before the sheet data."""
    declared = f'xmlns:{prefix[:-1]}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><{prefix}worksheet {root_attributes} {declared}>{before_data}'
           f"<{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>").encode()
    plain = zipfile.ZipFile(io.BytesIO(workbook("")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in plain.infolist():
            archive.writestr(info.filename, xml if info.filename == "xl/worksheets/sheet1.xml" else plain.read(info))
    return out.getvalue()


def refusal(data: bytes, budget: Budget = workbooks.DEFAULT_BUDGET) -> str | None:
    try:
        check_counted_sizes(data, budget)
    except WorkbookRefused as exc:
        return str(exc)
    return None


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch):
    monkeypatch.setattr(workbooks, "_REMEMBERED", __import__("collections").OrderedDict(), raising=False)


def test_a_row_numbered_past_excels_limit_is_refused_by_the_row_limit_before_any_reader():
    """Three rows, the last numbered 1,048,577: the reader placed it there, a sheet past Excel's limit."""
    data = sheet(row(1, HEADER) + row(2, DEAL) + row(1_048_577, DEAL))
    assert refusal(data) == too_long(1_048_576)
    with pytest.raises(WorkbookRefused, match="holds more than 1,048,576 rows"):
        sheet_cells(data, None)
    # Written any way XML allows: single quotes, spaces around "=", other attributes before it.
    for numbered in ("r='1048577'", 'r = "1048577"', 'spans="1:5" customHeight="1" r="1048577"'):
        assert refusal(sheet(row(1, HEADER) + row(1_048_577, DEAL, numbered=numbered))) == too_long(1_048_576), numbered


def test_a_sparse_sheet_is_judged_by_its_highest_row_not_by_how_many_rows_it_has():
    """Rows 1 and 500 only, under a budget of 100 rows: two rows, read as 500."""
    data = sheet(row(1, HEADER) + row(500, DEAL))
    assert refusal(data, Budget(rows=100)) == too_long(100)
    assert refusal(data, Budget(rows=500)) is None
    # Out of order, the highest first, as no sheet Excel saved is written: still the highest.
    assert refusal(sheet(row(500, DEAL) + row(1, HEADER) + row(2, DEAL)), Budget(rows=100)) == too_long(100)


@pytest.mark.parametrize("where", ["root", "cols"])
def test_a_prefix_declared_past_the_first_64_kb_still_counts_the_rows(where):
    """The sheet's elements written x:row; before the sheet data, a root element declaring namespaces for 100 KB,
    or the widths of 2,000 columns (<x:cols>, 120 KB): the prefix had been looked for in the first 64 KB only,
    so no row was counted and 20 rows passed a budget of 10."""
    rows = row(1, HEADER, "x:") + "".join(row(n, DEAL, "x:") for n in range(2, 21))
    if where == "root":
        data = sheet(rows, "x:", root_attributes=" ".join(f'xmlns:n{i}="urn:padding:{i:06d}"' for i in range(4000)))
    else:
        cols = "".join(f'<x:col min="{i}" max="{i}" width="12.5" customWidth="1"/>' for i in range(1, 2001))
        data = sheet(rows, "x:", before_data=f"<x:cols>{cols}</x:cols>")
    assert len(zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")) > 100_000
    assert refusal(data, Budget(rows=10)) == too_long(10)
    assert refusal(data, Budget(rows=20)) is None
    # And its cells: 5 a row, 100 in all (the 2,000 <x:col> before the sheet data are not cells).
    assert "holds more than 99 filled cells" in (refusal(data, Budget(cells=99)) or "")
    assert refusal(data, Budget(cells=100)) is None


def test_a_prefixed_sheet_under_the_bounds_is_read_whole():
    rows = row(1, HEADER, "x:") + "".join(row(n, [f"OP-{n}", *DEAL[1:]], "x:") for n in range(2, 8))
    data = sheet(rows, "x:", root_attributes=" ".join(f'xmlns:n{i}="urn:padding:{i:06d}"' for i in range(4000)))
    read = sheet_cells(data, None, Budget(rows=7))
    assert read.frame.height == 7
    assert read.frame.row(6)[0] == "OP-7"


def test_a_row_number_cut_by_a_chunks_end_is_read_whole():
    """The row numbered past the limit is cut by the end of the first megabyte the part is read in, at each byte."""
    head, last = row(1, HEADER), row(1_048_577, DEAL)
    xml = zipfile.ZipFile(io.BytesIO(sheet(head + "<!---->" + last))).read("xl/worksheets/sheet1.xml")
    at = xml.index(last.encode())  # where the last row starts with no filler
    for cut in range(1, 20):  # bytes of the row before the megabyte's end
        filler = "<!--" + " " * ((1 << 20) - cut - at) + "-->"
        data = sheet(head + filler + last)
        assert zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").index(last.encode()) == (1 << 20) - cut
        assert refusal(data) == too_long(1_048_576), cut
