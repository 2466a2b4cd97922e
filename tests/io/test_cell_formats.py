"""A workbook's amount cells formatted in a currency are read in it: the signs a number format shows,
where the workbook reader finds them, how the currency rule reads them, and the bounds of that reading."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable

import pytest
import xlsxwriter

from winloss.ingest.hints import page_sentence
from winloss.ingest.money import NamedCurrencies, currency_rule
from winloss.ingest.pipeline import prepare
from winloss.ingest.values import format_currency
from winloss.io.cell_formats import MAX_STYLES, currency_signs, sheet_cell_currencies
from winloss.io.readers import read_table

HEADER = ("Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date")
NO_CURRENCY = "The file names no currency"


def workbook(
    formats: list[str | int | None], rows: int = 6, currency: list[str] | None = None, column: int = 0,
    amounts: list[float] | None = None, amount_header: str = "Amount",
) -> bytes:
    """A deals sheet whose Amount cells are numbers, row i formatted with formats[i % len(formats)]
    (a format code, a built-in format's number, or None for none); a Currency column when given.
    `column`: the sheet column the table starts in (0 for A). Row i's amount is amounts[i % len(amounts)],
    else 1000 * (i + 1). `amount_header`: the amount column's header ("Amount (k€)")."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    header = tuple(amount_header if h == "Amount" else h for h in HEADER)
    sheet.write_row(0, column, header + (("Currency",) if currency else ()))
    made = [book.add_format({"num_format": f}) if f is not None else None for f in formats]
    for row in range(rows):
        sheet.write_row(row + 1, column, [f"OPP-{row}", "Ana Lima", "Closed Won"])
        amount = amounts[row % len(amounts)] if amounts else 1000 * (row + 1)
        sheet.write_number(row + 1, column + 3, amount, made[row % len(made)])
        sheet.write_row(row + 1, column + 4, ["2025-03-01", "2025-01-01", *([currency[row % len(currency)]] if currency else [])])
    book.close()
    return buffer.getvalue()


def stored_currencies(prepared) -> list[str]:
    return prepared.accepted.sort("__line").get_column("currency").to_list()


# --- The signs a format shows -------------------------------------------------------------------


@pytest.mark.parametrize(("code", "signs"), [
    ("#,##0.00 [$€-407]", ("[$€-407]",)),
    ('"€"#,##0', ("€",)),
    ("[$£-809]#,##0", ("[$£-809]",)),
    ('_-* #,##0.00 "kr"_-', ("kr",)),
    ("[$USD] #,##0", ("[$USD]",)),
    ("€ #,##0;[Red]-€ #,##0", ("€",)),
    ('_("$"* #,##0.00_);_("$"* (#,##0.00)', ("$",)),
    ("#,##0.00", ()),
    ("[$-409]d-mmm-yy", ()),  # a date's locale, no sign
    ('#,##0;-#,##0;0;"EUR "@', ()),  # the text section shows on text cells only
    ("0.0%", ()),
])  # fmt: skip
def test_a_format_shows_the_signs_it_writes(code, signs):
    assert currency_signs(code) == signs


@pytest.mark.parametrize(("signs", "code"), [
    ("[$€-407]", "EUR"), ("£", "GBP"), ("[$USD]", "USD"), ("kr", "DKK|ISK|NOK|SEK"), ("[$kr-41D]", "SEK"),
    ("[$$-1009]", "CAD"), ("$", "USD"), ("K", None), ("USD EUR", "EUR|USD"),
    # A locale written as a language tag (newer Excel, LibreOffice) settles a shared sign as its id does; its
    # letters were read as the sign's ("$-en" as a dollar, so US dollars; "kr-sv" as no currency at all).
    ("[$€-de-DE]", "EUR"), ("[$$-en-CA]", "CAD"), ("[$kr-sv-SE]", "SEK"), ("[$¥-zh-CN]", "CNY"), ("[$$-es-CL]", "CLP"),
    ("[$$-en-US]", "USD"), ("[$CHF-de-CH]", "CHF"),
    # A tag the table does not know names a dollar that is not guessed as the commonest.
    ("[$$-es-PE]", "ARS|AUD|BZD|CAD|CLP|COP|HKD|MXN|NZD|SGD|TTD|TWD|USD|UYU"),
])  # fmt: skip
def test_the_signs_name_a_currency_as_an_amount_written_with_them_would(signs, code):
    assert format_currency(signs) == code


# --- Read as the workbook formats them ----------------------------------------------------------


@pytest.mark.parametrize(("number_format", "code", "sign"), [
    ("#,##0.00 [$€-407]", "EUR", "€"), ('"€"#,##0', "EUR", "€"), ("[$£-809]#,##0", "GBP", "£"),
    ("[$USD] #,##0", "USD", "USD"), ("[$kr-41D] #,##0", "SEK", "kr"),
    # The yen sign with China's locale is the yuan (it was stored as yen); full-width, and with its letters.
    ("[$¥-804]#,##0.00", "CNY", "¥"), ("[$\uffe5-804]#,##0", "CNY", "\uffe5"), ("[$CN¥-804]#,##0", "CNY", "CN¥"),
    ("[$¥-411]#,##0", "JPY", "¥"),
    # A dollar sign with another country's locale is its dollar or peso (Chile's was read as US dollars).
    ("[$$-340A] #,##0.00", "CLP", "$"), ("[$$-2C0A] #,##0.00", "ARS", "$"), ("[$$-3C09]#,##0", "HKD", "$"),
    # Bulgarian, Romanian and Ukrainian units were no currency: the amounts were stored in the reporting currency.
    ("#,##0.00 [$лв.-402]", "BGN", "лв."), ('#,##0.00\\ "lei"', "RON", "lei"), ("[$₴-422]#,##0", "UAH", "₴"),
    # The same locales as language tags: "[$$-en-CA]" was read as US dollars, "[$¥-zh-CN]" as yen, and the rule
    # named the sign with the tag's first letters ("formatted in €-de").
    ("#,##0.00 [$€-de-DE]", "EUR", "€"), ("[$$-en-CA]#,##0", "CAD", "$"), ("[$¥-zh-CN]#,##0", "CNY", "¥"),
    ("#,##0 [$kr-sv-SE]", "SEK", "kr"), ("[$$-es-CL] #,##0.00", "CLP", "$"),
])  # fmt: skip
def test_amounts_whose_cells_are_all_formatted_in_a_currency_are_read_in_it(number_format, code, sign):
    """Such a workbook was read as the reporting currency: "The file names no currency"."""
    prepared = prepare(workbook([number_format]), "deals.xlsx", reporting_currency="USD" if code != "USD" else "EUR")
    assert stored_currencies(prepared) == [code] * 6
    assert prepared.money_rules["currency_rule"] == (
        f"Amounts are read as {code}: their cells are formatted in {sign} in the workbook."
    )


def test_rows_formatted_in_different_currencies_each_keep_their_own():
    prepared = prepare(workbook(["[$£-809]#,##0", '"€"#,##0']), "deals.xlsx")
    assert stored_currencies(prepared) == ["GBP", "EUR"] * 3
    assert prepared.money_rules["currency_rule"] == (
        "Each amount's currency is read from the amount cells' formats (EUR as €, GBP as £); an amount whose row names no currency is quarantined."
    )


def test_a_row_with_no_format_among_rows_formatted_in_two_currencies_is_quarantined_with_a_reason():
    prepared = prepare(workbook(["[$£-809]#,##0", '"€"#,##0', None]), "deals.xlsx")
    assert stored_currencies(prepared) == ["GBP", "EUR", "GBP", "EUR"]
    reasons = prepared.errors.get_column("message").to_list()
    assert len(reasons) == 2 and all("names no currency and the file holds amounts in several" in r for r in reasons)


def test_a_unit_several_currencies_share_is_not_guessed():
    """`_-* #,##0.00 "kr"_-` is Danish, Norwegian or Swedish: no row is stored in one of them at random."""
    prepared = prepare(workbook(['_-* #,##0.00 "kr"_-']), "deals.xlsx")
    assert prepared.accepted.height == 0
    assert "could be in DKK, ISK, NOK or SEK, and no currency column says which" in prepared.money_rules["currency_rule"]
    assert "formatted in the workbook with a unit several currencies share" in prepared.errors.get_column("message")[0]


@pytest.mark.parametrize("number_format", [None, 7, "#,##0.00", '#,##0,"K"'])
def test_a_format_naming_no_currency_leaves_the_reading_as_it_was(number_format):
    """No format, Excel's built-in currency format (it shows the opening computer's currency, not one
    of the file's), a plain number and a thousands unit: the reporting currency, as before."""
    prepared = prepare(workbook([number_format]), "deals.xlsx", reporting_currency="GBP")
    assert stored_currencies(prepared) == ["GBP"] * 6
    assert prepared.money_rules["currency_rule"].startswith(f"{NO_CURRENCY}, in a column or with its amounts: amounts are read as GBP")


@pytest.mark.parametrize("column", [1, 2, 5])
def test_a_table_laid_out_from_a_later_column_has_its_cells_formats_read_in_their_own_column(column):
    """A report laid out from column B (a formatted report leaves column A empty): the reader loads the
    sheet from its first filled column while formats are placed by sheet column, so amounts formatted in
    € were read with the formats of the column beside them, and stored in the reporting currency."""
    prepared = prepare(workbook(['"€"#,##0', "[$£-809]#,##0"], column=column), "deals.xlsx")
    assert stored_currencies(prepared) == ["EUR", "GBP"] * 3


def test_a_currency_column_wins_over_the_cells_format_and_the_disagreement_is_said():
    prepared = prepare(workbook(['"€"#,##0'], currency=["USD", "EUR", "EUR"]), "deals.xlsx")
    assert stored_currencies(prepared) == ["USD", "EUR", "EUR"] * 2
    assert prepared.rows_quarantined == 0
    note = next(n for n in prepared.notes if "formatted in €" in n)
    assert note.startswith("Amount: 2 amounts' cells are formatted in € (EUR) in the workbook while the column 'Currency' "
                           "names another currency (such as USD)")


SHEET = "xl/worksheets/sheet1.xml"


def with_part_changed(data: bytes, name: str, change: Callable[[bytes], bytes], compresslevel: int | None = None) -> bytes:
    """The workbook `data` with its part `name` rewritten by `change`, every other part as it was."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as rewritten:
        for info in archive.infolist():
            part = archive.read(info)
            rewritten.writestr(info.filename, change(part) if info.filename == name else part)
    return out.getvalue()


def test_cells_written_without_their_reference_are_placed_by_their_order():
    """A cell's r="C7" is optional in the file format: a writer that leaves it out still has its formats read."""
    data = with_part_changed(workbook(['"€"#,##0', None]), SHEET, lambda part: re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", part))
    table = read_table(data, "deals.xlsx")
    assert table.currency_formats["Amount"].select("__line", "signs").rows() == [(2, "€"), (4, "€"), (6, "€")]


# --- Bounds -------------------------------------------------------------------------------------


def _with_styles(data: bytes, styles: bytes) -> bytes:
    return with_part_changed(data, "xl/styles.xml", lambda _: styles, compresslevel=9)


def test_a_styles_part_declaring_more_styles_than_excel_allows_is_not_read_and_the_file_says_so():
    """A few kilobytes that unpack to millions of cell styles (and declare four billion): the
    reading stops at Excel's own limit, and the amounts are read as a file that names no currency, said."""
    xf = b'<xf numFmtId="164"/>'
    styles = (
        b'<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;\xe2\x82\xac&quot;#,##0"/></numFmts>'
        b'<cellXfs count="4000000000">' + xf * (MAX_STYLES * 8) + b"</cellXfs></styleSheet>"
    )
    data = _with_styles(workbook(['"€"#,##0']), styles)
    assert len(data) < 64 << 10
    started = time.monotonic()
    prepared = prepare(data, "deals.xlsx")
    assert time.monotonic() - started < 30
    assert any("The number formats of this workbook's cells were not read" in n and "more than Excel allows" in n
               for n in prepared.notes)
    assert prepared.rows_accepted == 6


def test_a_styles_part_of_unclosed_tags_is_read_in_one_pass():
    """Millions of "<numFmt" and "<xf s=" with no end: each pattern stops at the next tag, so this is
    read in well under the reader's processor limit instead of once per tag."""
    styles = b'<styleSheet><cellXfs count="1">' + b'<numFmt numFmtId="164" formatCode="x' * 400_000 + b'<xf ' * 4_000_000
    archive = zipfile.ZipFile(io.BytesIO(_with_styles(workbook(['"€"#,##0']), styles)))
    started = time.process_time()
    found = sheet_cell_currencies(archive, "xl/worksheets/sheet1.xml")
    assert time.process_time() - started < 10
    assert found.columns == {} and found.unread is None  # no style in it names a format


def with_sheet_changed(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook `data` with its first sheet's first `old` replaced by `new`."""
    return with_part_changed(data, SHEET, lambda part: part.replace(old, new, 1))


def test_a_sheet_of_style_attributes_outside_any_tag_is_read_in_one_pass():
    data = with_sheet_changed(workbook(['"€"#,##0']), b"</sheetData>", b"</sheetData>" + b' s="1">' * 1_000_000)
    started = time.process_time()
    found = sheet_cell_currencies(zipfile.ZipFile(io.BytesIO(data)), "xl/worksheets/sheet1.xml")
    assert time.process_time() - started < 10
    assert found.columns == {3: [(2, 7, '"€"#,##0')]}


def test_a_sheet_tag_longer_than_any_cell_stops_the_reading_of_formats_not_of_the_workbook():
    data = with_sheet_changed(workbook(['"€"#,##0']), b"<sheetData>", b'<sheetData><extLst x="' + b"a" * (2 << 20) + b'"/>')
    table = read_table(data, "deals.xlsx")
    assert any("a tag longer than any cell's" in n for n in table.notes)


# --- The sentence for a file that names none ----------------------------------------------------


def test_a_file_naming_no_currency_says_how_to_name_one():
    rule = currency_rule(NamedCurrencies(), {"amount": "Amount"}, "USD")
    assert rule.startswith(f"{NO_CURRENCY}, in a column or with its amounts: amounts are read as USD")
    assert '(on the command line: --map currency="Column name")' in rule
    assert "(on the command line: python -m winloss rates --reporting EUR)" in rule and "Currencies tab" not in rule
    shown = page_sentence(rule)
    assert "in Column mapping above, under Column in your file" in shown
    assert "in the Currencies tab at the top of the page, under Reporting currency" in shown and "winloss" not in shown


@pytest.mark.parametrize(("number_format", "code", "said"), [
    ("$#,##0", "USD", "'$' is read as USD, the commonest currency so written: if the file's are Canadian, Australian or "
                      "other dollars, write its code in the file"),
    ("[$$]#,##0.00", "USD", "'$' is read as USD"),
    ("\u00a5#,##0", "JPY", "'\u00a5' is read as JPY, the commonest currency so written: if the file's are Chinese yuan"),
])  # fmt: skip
def test_a_sign_several_currencies_share_with_no_locale_says_it_is_read_as_the_commonest(number_format, code, said):
    """A Canadian workbook's "$#,##0" cells were stored as US dollars and the rule named only USD, where the
    same "$5,000" written in a CSV says which dollar it is read as and what to do otherwise."""
    prepared = prepare(workbook([number_format]), "deals.xlsx", reporting_currency="EUR")
    assert stored_currencies(prepared) == [code] * 6
    assert said in prepared.money_rules["currency_rule"]


@pytest.mark.parametrize("number_format", ["[$$-409]#,##0", "[$$-1009]#,##0", "[$¥-411]#,##0", "[$¥-804]#,##0"])
def test_a_sign_its_locale_settles_has_no_caveat(number_format):
    prepared = prepare(workbook([number_format]), "deals.xlsx", reporting_currency="EUR")
    assert "commonest" not in prepared.money_rules["currency_rule"]


def test_a_dollar_sign_with_a_locale_no_table_knows_is_not_read_as_us_dollars():
    prepared = prepare(workbook(["[$$-9999]#,##0"]), "deals.xlsx", reporting_currency="EUR")
    assert prepared.accepted.height == 0
    assert "and no currency column says which: they are not stored" in prepared.money_rules["currency_rule"]


def test_number_cells_keep_their_decimal_point_beside_dotted_dates():
    """45.125 in a number cell, beside dates written 05.03.2024, was read with the decimal comma the dates
    hinted at and stored as 45,125: the reader writes every number cell with a decimal point."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Currency", "Close Date"])
    for row, (amount, day) in enumerate([(45.125, "05.03.2024"), (120, "13.03.2024"), (999.999, "21.05.2024")], start=1):
        sheet.write_row(row, 0, [f"OP-{row}", "Ann Lee", "Gewonnen", amount, "EUR", day])
    book.close()
    prepared = prepare(buffer.getvalue(), "deals.xlsx")
    assert prepared.accepted.sort("__line").get_column("amount").to_list() == [45.125, 120.0, 999.999]
    # A number cell holds a number: it needs no decimal mark, and none is named (nor taken from it).
    assert prepared.money_rules["separator_rule"] is None
    assert prepared.money_rules["decimal_mark"].startswith("not needed")
