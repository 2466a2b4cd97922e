"""A workbook's amount cells whose number format shows a scale (`0.0 "Mio €"`, `#,##0 "TEUR"`) are read at
that scale: 1.5 shown as "1.5 Mio €" is 1,500,000 EUR, where it had been stored as 1.50. Excel's own
trailing commas, which divide what a cell shows while its value stays whole, are allowed for; a scale word
that could be a thousand or a million is never guessed."""

from __future__ import annotations

import io

import polars as pl
import pytest
import xlsxwriter

from tests.io.test_cell_formats import HEADER, stored_currencies, workbook
from winloss.ingest.pipeline import prepare
from winloss.ingest.values import format_currency
from winloss.io.cell_formats import positive_sections


def stored_amounts(prepared) -> list[float]:
    return prepared.accepted.sort("__line").get_column("amount").to_list()


@pytest.mark.parametrize(("code", "sections"), [
    ('0.0 "Mio €"', ((("Mio €",), 0),)),
    ('#,##0 "TEUR"', ((("TEUR",), 0),)),
    ('#,##0,"K"', ((("K",), 1),)),
    ('#,##0.0,,"M"', ((("M",), 2),)),
    ("#,##0.00", (((), 0),)),  # the comma among the digits groups them
    # Excel's accounting layout: padding, fill and a zero shown as a dash; the positive section is the one read.
    ('_-* #,##0.0,," Mio €"_-;-* #,##0.0,," Mio €"_-;_-* "-"??_-;_-@_-', ((("Mio €",), 2),)),
    ('0.0 "Mio €";[Red]-0.0', ((("Mio €",), 0),)),
    # "General" shows the number as it is: the section was taken to show none, and the scale after it lost.
    ('General" Mio"', ((("Mio",), 0),)),
    # Sections with conditions: a positive number may be shown by any of them.
    ('[>=1000000]0.0,,"M";[>=1000]0.0,"K";0', ((("M",), 2), (("K",), 1), ((), 0))),
])  # fmt: skip
def test_the_sections_a_positive_number_is_shown_by_say_their_signs_and_trailing_commas(code, sections):
    assert positive_sections(code) == sections


@pytest.mark.parametrize(("signs", "code"), [
    ("k€", "EUR"), ("TEUR", "EUR"), ("M$", "USD"), ("Mio €", "EUR"), ("Tsd. €", "EUR"), ("MEUR", "EUR"),
    # A currency's own letters come first: Brunei's and Tonga's dollars, not a billion or a thousand dollars.
    ("B$", "BND"), ("T$", "TOP"), ("K", None),
    # Kronor a thousand or a million at a time, as Swedish, Norwegian and Danish reports write them: "kr" as
    # ever, which a currency column settles; yen in thousands, as Japanese reports write them.
    ("Mkr", "DKK|ISK|NOK|SEK"), ("tkr", "DKK|ISK|NOK|SEK"), ("TSEK", "SEK"), ("千円", "JPY"),
    # A currency's own letters are no scale: Macedonian denars, Czech korunas, Kenyan shillings.
    ("MKD", "MKD"), ("Kč", "CZK"), ("KES", "KES"), ("TRY", "TRY"), ("MXN", "MXN"),
])  # fmt: skip
def test_a_scale_glued_to_a_currency_leaves_the_currency_read(signs, code):
    """`#,##0 "k€"` and `#,##0 "TEUR"` named no currency: their amounts were stored in the reporting currency."""
    assert format_currency(signs) == code


@pytest.mark.parametrize(("number_format", "amount", "stored", "code", "shows"), [
    ('0.0 "Mio €"', 1.5, 1_500_000.0, "EUR", "millions: '1.5' is read as 1,500,000 EUR"),
    ('#,##0 "TEUR"', 1200, 1_200_000.0, "EUR", "thousands: '1200' is read as 1,200,000 EUR"),
    ('#,##0 "k€"', 850, 850_000.0, "EUR", "thousands: '850' is read as 850,000 EUR"),
    # The size word after the currency: '"€k"' had been read as euros alone, 850 for 850,000.
    ('#,##0 "€k"', 850, 850_000.0, "EUR", "thousands: '850' is read as 850,000 EUR"),
    ('0.0 "$M"', 2.5, 2_500_000.0, "USD", "millions: '2.5' is read as 2,500,000 USD"),
    ('0.0 "M$"', 2.5, 2_500_000.0, "USD", "millions: '2.5' is read as 2,500,000 USD"),
    ('#,##0 "Tsd. €"', 300, 300_000.0, "EUR", "thousands: '300' is read as 300,000 EUR"),
    ('0.00 "Mrd €"', 1.25, 1_250_000_000.0, "EUR", "billions: '1.25' is read as 1,250,000,000 EUR"),
    # A scale and no currency: the amount is in the reporting currency, as before, at its scale.
    ('#,##0 "K"', 250, 250_000.0, "GBP", "thousands: '250' is read as 250,000 GBP"),
    ('General" Mio €"', 1.7, 1_700_000.0, "EUR", "millions: '1.7' is read as 1,700,000 EUR"),
])  # fmt: skip
def test_amount_cells_formatted_with_a_scale_are_read_at_it_and_the_report_says_so(number_format, amount, stored, code, shows):
    """1.5 under "Mio €" was stored as 1.50 EUR, a million times too little, and nothing said so."""
    prepared = prepare(workbook([number_format], rows=3, amounts=[amount]), "deals.xlsx", reporting_currency="GBP")
    assert stored_amounts(prepared) == [stored] * 3
    assert stored_currencies(prepared) == [code] * 3
    assert prepared.money_rules["separator_rule"].endswith(f"Amount: cells formatted '{number_format}' show {shows}.")


@pytest.mark.parametrize(("number_format", "amount", "code", "stored", "shows"), [
    ('#,##0 "tkr"', 400, "SEK", 400_000.0, "thousands: '400' is read as 400,000 SEK"),
    ('#,##0 "Mkr"', 4, "NOK", 4_000_000.0, "millions: '4' is read as 4,000,000 NOK"),
    ('#,##0 "kkr"', 40, "DKK", 40_000.0, "thousands: '40' is read as 40,000 DKK"),
    ('General" Mio"', 1.7, "EUR", 1_700_000.0, "millions: '1.7' is read as 1,700,000 EUR"),
    ('#,##0 "lakh"', 5, "INR", 500_000.0, "hundred thousands: '5' is read as 500,000 INR"),
    ('#,##0.00 "Cr"', 2, "INR", 20_000_000.0, "ten millions: '2' is read as 20,000,000 INR"),
    ('# ##0 "млн"', 5, "RUB", 5_000_000.0, "millions: '5' is read as 5,000,000 RUB"),
    ('#,##0"万"', 5, "CNY", 50_000.0, "ten thousands: '5' is read as 50,000 CNY"),
    ('#,##0"千円"', 300, "JPY", 300_000.0, "thousands: '300' is read as 300,000 JPY"),
])  # fmt: skip
def test_scale_words_of_other_languages_in_a_cell_s_format_are_read(number_format, amount, code, stored, shows):
    """400 formatted '#,##0 "tkr"' beside a SEK currency column was stored as 400 SEK, a thousand times too
    little; 1.7 formatted 'General" Mio"' as 1.7, the General format taken to show no number."""
    prepared = prepare(workbook([number_format], rows=2, amounts=[amount], currency=[code]), "deals.xlsx")
    assert stored_amounts(prepared) == [stored] * 2
    assert stored_currencies(prepared) == [code] * 2
    assert prepared.money_rules["separator_rule"].endswith(f"Amount: cells formatted '{number_format}' show {shows}.")


def test_a_workbook_s_text_cells_and_formatted_cells_read_scale_words_alike():
    """A text cell "400 tkr" was quarantined as no amount, and a cell holding 400 formatted '#,##0 "tkr"'
    stored as 400 SEK."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, [*HEADER, "Currency"])
    thousands = book.add_format({"num_format": '#,##0 "tkr"'})
    for row in (1, 2):
        sheet.write_row(row, 0, [f"OPP-{row}", "Ana Lima", "Closed Won"])
        sheet.write_row(row, 4, ["2025-03-01", "2025-01-01", "SEK"])
    sheet.write_string(1, 3, "400 tkr")
    sheet.write_number(2, 3, 400, thousands)
    book.close()
    prepared = prepare(buffer.getvalue(), "deals.xlsx")
    assert stored_amounts(prepared) == [400_000.0, 400_000.0]
    assert stored_currencies(prepared) == ["SEK", "SEK"]
    assert prepared.money_rules["separator_rule"].endswith(
        "'400 tkr' is read as 400,000 (tkr = thousand). "
        "Amount: cells formatted '#,##0 \"tkr\"' show thousands: '400' is read as 400,000 SEK.")


def test_the_currency_rule_names_the_currency_a_scaled_format_shows_without_its_scale():
    """It said "their cells are formatted in Mio/€", the scale word taken for part of a currency sign."""
    prepared = prepare(workbook(['0.0 "Mio €"'], rows=2, amounts=[1.5]), "deals.xlsx")
    assert prepared.money_rules["currency_rule"] == "Amounts are read as EUR: their cells are formatted in € in the workbook."


def test_a_scale_beside_a_currency_column_is_applied_in_the_column_s_currency():
    prepared = prepare(workbook(['#,##0 "K"'], rows=2, amounts=[250], currency=["EUR", "CHF"]), "deals.xlsx")
    assert stored_amounts(prepared) == [250_000.0, 250_000.0]
    assert stored_currencies(prepared) == ["EUR", "CHF"]
    assert prepared.money_rules["separator_rule"].endswith("Amount: cells formatted '#,##0 \"K\"' show thousands: '250' is read as 250,000 EUR.")


def test_excel_s_trailing_commas_are_allowed_for_and_what_they_leave_to_apply_is_said():
    """`#,##0,"K"` shows 1500000 as "1,500K": the value is already in units, and nothing is said. `#,##0,"M"`
    shows millions of a value in thousands: 1500 is 1,500,000."""
    formats = ['#,##0,"K"', '#,##0,,"M"', '#,##0,"€"', '#,##0.0,,"Mio €"', '#,##0,"M"']
    amounts = [1_500_000, 2_500_000, 700_000, 3_000_000, 1500]
    prepared = prepare(workbook(formats, rows=5, amounts=amounts, currency=["EUR"]), "deals.xlsx")
    assert stored_amounts(prepared) == [1_500_000.0, 2_500_000.0, 700_000.0, 3_000_000.0, 1_500_000.0]
    assert prepared.money_rules["separator_rule"].endswith(
        "Amount: cells formatted '#,##0,\"M\"' show millions of the value divided by 1,000 (the format's trailing comma): "
        "'1500' is read as 1,500,000 EUR.")
    assert "#,##0,\"K\"" not in prepared.money_rules["separator_rule"]


def test_cells_of_one_column_are_each_read_by_their_own_format():
    prepared = prepare(workbook(['0.0 "Mio €"', None, '#,##0 "TEUR"'], rows=3, amounts=[1.5, 250_000, 1200]), "deals.xlsx")
    assert stored_amounts(prepared) == [1_500_000.0, 250_000.0, 1_200_000.0]
    assert stored_currencies(prepared) == ["EUR"] * 3
    assert prepared.money_rules["separator_rule"].endswith(
        "Amount: cells formatted '0.0 \"Mio €\"' show millions, and those formatted '#,##0 \"TEUR\"' thousands: "
        "'1.5' is read as 1,500,000 EUR.")


@pytest.mark.parametrize(("number_format", "why"), [
    ('#,##0 "mil €"', "shows 'mil', which means a thousand in some languages and a million in others"),
    ('#,##0.0 "Mill."', "shows 'Mill', which means a thousand in some languages and a million in others"),
    ('[>=1000]0.0 "Mio €";0.0 "Tsd. €"', "shows different scales in its sections (Mio, Tsd)"),
    ('General" mil"', "shows 'mil', which means a thousand in some languages and a million in others"),
])  # fmt: skip
def test_a_scale_the_format_does_not_settle_is_not_guessed(number_format, why):
    """`#,##0 "mil €"` is thousands in Spanish and millions in English shorthand: such a cell is quarantined
    saying so, as "5 mil" written in a CSV is; a cell beside it with a scale it settles is stored."""
    prepared = prepare(workbook([number_format, '0.0 "Mio €"'], rows=2, amounts=[1500, 2.5]), "deals.xlsx")
    assert stored_amounts(prepared) == [2_500_000.0]
    (reason,) = prepared.quarantine.get_column("reason").to_list()
    assert reason == (f"Amount '1500' is not read: its cell's format '{number_format}' {why}, so it is not guessed; "
                      "format the cell with k (thousand) or M (million), or write the amount in full.")


def test_converted_amount_cells_are_read_at_their_format_s_scale():
    """The converted amount is what value figures use: under "Mio" it was a million times too little."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, [*HEADER, "Currency", "Amount (converted)"])
    millions = book.add_format({"num_format": '0.00 "Mio"'})
    for row, (amount, converted) in enumerate([(1_400_000, 1.5), (900_000, 0.95)], start=1):
        sheet.write_row(row, 0, [f"OPP-{row}", "Ana Lima", "Closed Won", amount, "2025-03-01", "2025-01-01", "EUR"])
        sheet.write_number(row, 7, converted, millions)
    book.close()
    prepared = prepare(buffer.getvalue(), "deals.xlsx")
    assert prepared.accepted.sort("__line").select("amount", "converted_amount").rows() == [
        (1_400_000.0, 1_500_000.0), (900_000.0, 950_000.0)]
    assert prepared.money_rules["separator_rule"].endswith(
        "Amount (converted): cells formatted '0.00 \"Mio\"' show millions: '1.5' is read as 1,500,000 USD.")


def test_a_workbook_and_its_csv_export_store_the_same_amounts():
    """The CSV of the same sheet writes each amount as its cell shows it, "1.5 Mio €": read by the CSV's own
    scale words, as before; the workbook's cells, read by their format, now agree with it."""
    book = prepare(workbook(['0.0 "Mio €"', '#,##0 "k€"'], rows=2, amounts=[1.5, 850]), "deals.xlsx")
    lines = [",".join(HEADER), 'OPP-0,Ana Lima,Closed Won,1.5 Mio €,2025-03-01,2025-01-01',
             'OPP-1,Ana Lima,Closed Won,850k€,2025-03-01,2025-01-01']
    export = prepare(("\n".join(lines) + "\n").encode(), "deals.csv")
    assert stored_amounts(export) == stored_amounts(book) == [1_500_000.0, 850_000.0]
    assert stored_currencies(export) == stored_currencies(book) == ["EUR", "EUR"]
    assert "cells formatted" not in (export.money_rules["separator_rule"] or "")


def test_several_formats_of_one_scale_are_named_once_and_counted():
    """Eight format codes chained with "and those formatted" made a rule no one could read."""
    from winloss.ingest.money import cell_scale_rule

    codes = ['0.0 "Mio €"', '0.00 "Mio €"', '#,##0.0 "Mio €"', '#,##0 "TEUR"']
    formats = pl.DataFrame({"format": codes, "scale": [1e6, 1e6, 1e6, 1e3], "commas": [0, 0, 0, 0],
                            "factor": [1e6, 1e6, 1e6, 1e3]})
    rule = cell_scale_rule("Amount", pl.Series(["1.5", "2", "3", "40"]), pl.Series([1.5e6, 2e6, 3e6, 4e4]),
                           pl.Series(["EUR"] * 4), formats)
    assert rule == ("Amount: cells formatted '0.0 \"Mio €\"' (and 2 other formats) show millions, and those formatted "
                    "'#,##0 \"TEUR\"' thousands: '1.5' is read as 1,500,000 EUR.")
