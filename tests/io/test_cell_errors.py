"""A workbook cell whose formula failed holds an Excel error value (#N/A, #DIV/0!...), which the
workbook reader gave as a blank: a region a lookup failed to find was stored empty. They are read
from the sheet part and reach the checks as the text a CSV saved from Excel carries; and a table
laid out from a later column than A has its cells' formats, merges and errors placed in its own columns."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import xlsxwriter

from tests.io.test_cell_formats import SHEET, with_part_changed
from winloss.ingest.pipeline import prepare
from winloss.io import cell_errors
from winloss.io.cell_errors import sheet_error_cells

HEADER = ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Close Date", "Amount", "Region"]
SAID = "is an Excel error value (what a cell shows when its formula failed), not a value"


def deals_workbook(column: int = 0, errors: bool = True, merged_rep: bool = False) -> bytes:
    """Four won deals from sheet column `column`; with `errors`, row 2's region, row 3's amount and
    row 4's close date are formulas that failed. With `merged_rep`, the rep is one cell merged over every row."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, column, HEADER)
    for i in range(1, 5):
        rep = None if merged_rep else "Ann Lee"
        sheet.write_row(i, column, [f"OPP-{i}", f"Deal {i}", "Acme", rep, "Closed Won", "2025-03-01", 100 * i, "EMEA"])
    if merged_rep:
        sheet.merge_range(1, column + 3, 4, column + 3, "Ann Lee")
    if errors:
        sheet.write_formula(1, column + 7, "=VLOOKUP(1,Z1:Z2,1,0)", None, "#N/A")
        sheet.write_formula(2, column + 6, "=1/0", None, "#DIV/0!")
        sheet.write_formula(3, column + 5, "=A1+1", None, "#VALUE!")
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize("column", [0, 1, 3])
def test_cells_whose_formula_failed_quarantine_their_row_naming_the_error(column):
    prepared = prepare(deals_workbook(column), "deals.xlsx")
    assert prepared.rows_accepted == 1
    said = {row["line"]: (row["column"], row["value"]) for row in prepared.errors.iter_rows(named=True)}
    assert said == {2: ("Region", "#N/A"), 3: ("Amount", "#DIV/0!"), 4: ("Close Date", "#VALUE!")}
    assert all(SAID in message for message in prepared.errors.get_column("message"))


def test_a_sheet_without_errors_is_read_as_before():
    prepared = prepare(deals_workbook(2, errors=False), "deals.xlsx")
    assert prepared.rows_accepted == 4
    assert prepared.accepted.sort("__line").get_column("region").to_list() == ["EMEA"] * 4


def test_a_merged_rep_in_a_table_laid_out_from_column_c_fills_every_row_it_spans():
    """Merged ranges are placed by sheet column: read one column off, the rep merged over four rows
    was left on the first row only and the other three were quarantined for having no rep."""
    prepared = prepare(deals_workbook(2, errors=False, merged_rep=True), "deals.xlsx")
    assert prepared.rows_accepted == 4
    assert prepared.accepted.get_column("rep").to_list() == ["Ann Lee"] * 4


def sheet_part(cells: bytes, prefix: bytes = b"") -> zipfile.ZipFile:
    """An archive holding one sheet part whose sheetData is `cells`, its tags written with `prefix` ("x:")."""
    ns = b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' if prefix else b""
    xml = (b"<?xml version='1.0'?><" + prefix + b"worksheet" + ns + b"><" + prefix + b"sheetData>" + cells
           + b"</" + prefix + b"sheetData></" + prefix + b"worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(SHEET, xml)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def found(errors: cell_errors.ErrorCells) -> list[tuple[int, int, str]]:
    return list(zip(errors.rows, errors.columns, errors.texts, strict=True))


# Row 2: a number, an error with its formula, an error cell written without a value (no error then);
# row 30: an error in column AB with a long formula, and one whose value has spaces round it.
CELLS = (
    b'<row r="2"><c r="A2"><v>5</v></c><c r="B2" s="3" t="e"><f>VLOOKUP(A2,Z:Z,1,0)</f><v>#N/A</v></c>'
    b'<c r="C2" t="e"/></row>'
    b'<row r="30"><c r="AB30" t="e"><f>' + b"A1+" * 2000 + b"1</f><v>#REF!</v></c>"
    b'<c r="AC30" t="e"><v> #NAME? </v></c><c r="AD30" t="s"><v>7</v></c></row>'
)
EXPECTED = [(1, 1, "#N/A"), (29, 27, "#REF!"), (29, 28, "#NAME?")]


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
@pytest.mark.parametrize("prefix", [b"", b"x:"])
def test_error_cells_are_found_wherever_the_chunks_of_the_part_are_cut(monkeypatch, chunk, prefix):
    monkeypatch.setattr(cell_errors, "_CHUNK", chunk)
    assert found(sheet_error_cells(sheet_part(prefixed(CELLS, prefix), prefix), SHEET)) == EXPECTED


def prefixed(cells: bytes, prefix: bytes) -> bytes:
    """`cells` with every tag written with a namespace `prefix` (b"x:"), as a few writers write them."""
    cells = cells.replace(b"<c ", b"<" + prefix + b"c ").replace(b"</c>", b"</" + prefix + b"c>")
    return re.sub(rb"<(/?)(row|v|f|is|t)\b(?!=)", rb"<\1" + prefix + rb"\2", cells)


def test_an_error_cell_written_without_its_reference_is_counted_and_the_file_says_it_was_read_blank():
    data = with_part_changed(deals_workbook(0), SHEET, lambda part: re.sub(rb'(<c) r="[A-Z]+\d+"( t="e")', rb"\1\2", part))
    errors = sheet_error_cells(zipfile.ZipFile(io.BytesIO(data)), SHEET)
    assert (errors.unplaced, found(errors)) == (3, [])
    prepared = prepare(data, "deals.xlsx")
    assert any(note.startswith("3 cells hold an Excel error value (such as #N/A) that the workbook does not place")
               for note in prepared.notes)


def test_a_text_attribute_that_only_looks_like_an_error_type_is_not_one():
    cells = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" xt="e"><v>#N/A</v></c></row>'
    assert found(sheet_error_cells(sheet_part(cells), SHEET)) == []


# --- Numbers longer than Excel keeps ----------------------------------------------------------------

# Row 2: a 19-digit id (Excel writes it with an exponent), a 16-digit one in full, a formula's, a
# 15-digit number (kept whole), an id held as text (shared and inline) and a number with a long fraction.
LONG = (
    b'<row r="2"><c r="A2"><v>4.1508680000002243E+18</v></c><c r="B2" s="1"><v>1234567890123450</v></c>'
    b'<c r="C2" t="n"><f>' + b"A1+" * 100 + b'1</f><v>98765432109876543</v></c><c r="D2"><v>123456789012345</v></c>'
    b'<c r="E2" t="s"><v>12345678901234567</v></c><c r="F2" t="inlineStr"><is><t>12345678901234567</t></is></c>'
    b'<c r="G2"><v>0.12345678901234567</v></c><c r="H2"><v>-1.5E+16</v></c></row>'
)
LONG_EXPECTED = [(1, 0, "4.15086800000022E+18"), (1, 1, "1.23456789012345E+15"), (1, 2, "9.87654321098765E+16"),
                 (1, 7, "-1.5E+16")]


@pytest.mark.parametrize("chunk", [5, 64, 1 << 20])
@pytest.mark.parametrize("prefix", [b"", b"x:"])
def test_number_cells_longer_than_excel_keeps_are_given_as_excel_shows_them(monkeypatch, chunk, prefix):
    monkeypatch.setattr(cell_errors, "_CHUNK", chunk)
    assert found(sheet_error_cells(sheet_part(prefixed(LONG, prefix), prefix), SHEET)) == LONG_EXPECTED


def test_ids_excel_held_as_long_numbers_are_quarantined_as_rounded():
    """A Zoho export's 19-digit ids, opened in Excel and saved as .xlsx, are numbers Excel rounded: two
    deals read as one id ("appears on lines 2, 3") and the rest were stored under ids no export has."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, ["Deal ID", "Deal Owner", "Stage", "Amount", "Closing Date"])
    ids = [4150868000000224005, 4150868000000224017, 12345678901234567, 123456789012]
    for row, deal in enumerate(ids, start=1):
        sheet.write_number(row, 0, deal)
        sheet.write_row(row, 1, ["Ann Lee", "Closed Won", 100, "2025-03-05"])
    sheet.write_string(5, 0, "4150868000000224029")  # an id kept as text is exact
    sheet.write_row(5, 1, ["Ann Lee", "Closed Won", 100, "2025-03-05"])
    book.close()
    prepared = prepare(buffer.getvalue(), "zoho.xlsx")
    assert sorted(prepared.accepted.get_column("opportunity_id").to_list()) == ["123456789012", "4150868000000224029"]
    said = dict(prepared.errors.select("line", "message").iter_rows())
    assert sorted(said) == [2, 3, 4]
    assert said[2].startswith("Deal ID '4.15086800000022E+18' is an ID Excel read as a number and rounded")
    assert all("appears on lines" not in message for message in said.values())
