"""A workbook's text cells typed as its reader writes a number with a point ("1.234", "45.125" typed in a
German sheet) are told from number cells by the sheet's own cell types, so they are text, evidence of the
decimal mark as a CSV's text is: they had been read as the numbers 1.234 and 45.125 beside dates
written 01.03.2026, while a number cell holding 1.234 is still read as the number it is."""

from __future__ import annotations

import io
import zipfile

import pytest
import xlsxwriter

from winloss.ingest.pipeline import prepare
from winloss.io.text_cells import text_number_cells

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"]
AMOUNTS = ["1.234", "45.125", "2.500"]


def workbook(typed: bool) -> bytes:
    """Three deals whose amounts are typed as text (`typed`) or number cells, their close dates typed day.month.year."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, HEADER)
    for row, amount in enumerate(AMOUNTS, start=1):
        sheet.write_row(row, 0, [f"Q-{row}", "Ann Lee", "Closed Won"])
        if typed:
            sheet.write_string(row, 3, amount)
        else:
            sheet.write_number(row, 3, float(amount))
        sheet.write_string(row, 4, f"0{row}.03.2026")
    book.close()
    return buffer.getvalue()


@pytest.mark.parametrize(("typed", "amounts"), [(True, [1234.0, 45125.0, 2500.0]), (False, [1.234, 45.125, 2.5])])
def test_amounts_typed_as_text_are_read_by_the_files_decimal_mark_and_number_cells_as_numbers(typed, amounts):
    prepared = prepare(workbook(typed), "deals.xlsx")
    assert prepared.accepted.sort("__line").get_column("amount").to_list() == amounts


def test_text_cells_of_each_type_are_found_where_they_are():
    """A shared string, an inline string and a formula's text, each a number with a point, are found; a number
    cell, a whole number typed as text and a text with a point that is no number are not."""
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.234</v></c><c r="C1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="B2" t="inlineStr"><is><t>45.125</t></is></c><c r="C2" t="s"><v>2</v></c></row>'
        b'<row r="3"><c r="D3" t="str"><f>A1&amp;""</f><v>7.5</v></c><c r="E3" t="inlineStr"><is><t>v1.2</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" '
               b'uniqueCount="3"><si><t>1.234</t></si><si><t>1234</t></si><si><t xml:space="preserve"> 2.5 </t></si></sst>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    found = text_number_cells(zipfile.ZipFile(buffer), "xl/worksheets/sheet1.xml")
    assert sorted(zip(found.rows, found.columns, strict=True)) == [(0, 0), (1, 1), (1, 2), (2, 3)]
