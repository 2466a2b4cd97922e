"""A workbook's converted amount (Salesforce's "Amount (converted)", the deal's value in the company's
currency) whose number cells are formatted in a currency is read in it, as the amount's cells are: cells
formatted '0.00 "Mio €"' had their scale read and their currency not, so €430k of won deals was stored,
and shown on the Overview, as $430k."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from tests.io.test_cell_formats import HEADER
from winloss.deals import deals
from winloss.exchange import ExchangeRates
from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.overview import overview

CONVERTED = "Amount (converted)"


def converted_workbook(
    formats: list[str], converted: list[float], currencies: list[str], converted_currency: list[str] | None = None,
) -> bytes:
    """A deals sheet of len(converted) won deals: each an Amount of 1,000 in currencies[i], and a converted
    amount converted[i] formatted with formats[i % len(formats)]; an 'Amount (converted) Currency' column when given."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    sheet.write_row(0, 0, [*HEADER, "Currency", CONVERTED, *(["Amount (converted) Currency"] if converted_currency else [])])
    made = [book.add_format({"num_format": f}) for f in formats]
    for row, value in enumerate(converted):
        sheet.write_row(row + 1, 0, [f"OPP-{row}", "Ana Lima", "Closed Won", 1000, "2025-03-01", "2025-01-01", currencies[row]])
        sheet.write_number(row + 1, 7, value, made[row % len(made)])
        if converted_currency:
            sheet.write_string(row + 1, 8, converted_currency[row])
    book.close()
    return buffer.getvalue()


def stored(prepared) -> list[tuple]:
    return prepared.accepted.sort("__line").select("currency", "converted_amount", "converted_currency").rows()


def test_converted_cells_formatted_in_euros_are_read_in_euros_beside_amounts_in_other_currencies():
    """Cells formatted '"€"#,##0', '0.00 "Mio €"' and '[$€-407] #,##0' were read in the reporting currency,
    and the rule said the column names no currency."""
    formats = ['"€"#,##0', '0.00 "Mio €"', "[$€-407] #,##0"]
    prepared = prepare(converted_workbook(formats, [120_000, 0.25, 60_000], ["GBP", "USD", "GBP"]), "deals.xlsx")
    assert stored(prepared) == [("GBP", 120_000.0, "EUR"), ("USD", 250_000.0, "EUR"), ("GBP", 60_000.0, "EUR")]
    rules = prepared.money_rules
    assert rules["separator_rule"].endswith(
        "Amount (converted): cells formatted '0.00 \"Mio €\"' show millions: '0.25' is read as 250,000 EUR.")
    assert rules["currency_rule"].startswith(
        "Value figures use 'Amount (converted)' in EUR; the original amount and currency are kept. "
        "Amount (converted): cells formatted in € are read as EUR.")
    assert "(it names no currency" not in rules["currency_rule"]  # the converted column: converted_rule


def test_a_converted_cell_formatted_with_a_dollar_sign_alone_is_read_as_us_dollars_and_the_rule_says_so():
    """'$#,##0' is the amount's commonest-currency rule: USD, with what to do if the dollars are another country's."""
    prepared = prepare(converted_workbook(["$#,##0"], [5_000, 7_000], ["CAD", "CAD"]), "deals.xlsx",
                       reporting_currency="EUR")
    assert [row[2] for row in stored(prepared)] == ["USD", "USD"]
    assert ("Amount (converted): cells formatted in $ are read as USD, the commonest currency so written: if the "
            "file's are Canadian, Australian or other dollars, write its code in the file.") in prepared.money_rules["currency_rule"]


def test_a_converted_currency_column_that_agrees_with_the_cells_format_is_read_without_a_note():
    """Its blank cell leaves the row's currency to the cell's format: it had been read as the reporting currency."""
    prepared = prepare(converted_workbook(['"€"#,##0'], [5_000, 7_000, 9_000], ["GBP"] * 3, ["EUR", "", "EUR"]),
                       "deals.xlsx")
    assert [row[2] for row in stored(prepared)] == ["EUR", "EUR", "EUR"]
    assert "USD" not in prepared.money_rules["currency_rule"]
    assert not [n for n in prepared.notes if "formatted in €" in n]


def test_a_converted_currency_column_wins_over_the_cells_format_and_the_disagreement_is_said_as_for_the_amount():
    prepared = prepare(converted_workbook(['"€"#,##0'], [5_000, 7_000, 9_000], ["GBP"] * 3, ["USD", "EUR", "USD"]),
                       "deals.xlsx")
    assert [row[2] for row in stored(prepared)] == ["USD", "EUR", "USD"]
    assert prepared.rows_quarantined == 0
    note = next(n for n in prepared.notes if "formatted in €" in n)
    assert note.startswith("Amount (converted): 2 amounts' cells are formatted in € (EUR) in the workbook while the column "
                           "'Amount (converted) Currency' names another currency (such as USD)")


def _won_value(tmp_path, rates: ExchangeRates | None) -> str:
    """The Overview's won value tile after committing deals whose converted amounts total €430k ('0.00 "Mio €"')."""
    store = Store(tmp_path / "store")
    if rates is not None:
        store.save_exchange_rates(rates)
    prepared = prepare(converted_workbook(['0.00 "Mio €"'], [0.2, 0.23], ["GBP", "GBP"]), "deals.xlsx")
    commit(store, prepared)
    currency = store.exchange_rates().reporting_currency
    figures = overview(deals(store).lazy(), Filters(), date(2025, 1, 1), date(2025, 3, 31), currency)
    return next(t for t in figures.volumes if t.label == "Won value in range").text


def test_the_overview_s_won_value_is_never_euros_read_as_dollars(tmp_path):
    """It showed $430k for €430k: with no rate for EUR the tile says so; with one, the euros are converted."""
    assert _won_value(tmp_path / "none", None) == "No rate for EUR"
    assert _won_value(tmp_path / "rated", ExchangeRates("USD", {"EUR": 1.1})) == "$473k"
    assert _won_value(tmp_path / "euros", ExchangeRates("EUR", {})) == "€430k"


def test_a_converted_cell_formatted_in_a_unit_several_currencies_share_is_not_guessed():
    """'kr' is Danish, Norwegian or Swedish: the row is quarantined saying so, as an amount's is, not stored in dollars."""
    prepared = prepare(converted_workbook(['_-* #,##0.00 "kr"_-'], [5_000], ["GBP"]), "deals.xlsx")
    assert prepared.accepted.height == 0
    (reason,) = prepared.quarantine.get_column("reason").to_list()
    assert reason == ("Amount (converted) '5000' is formatted in the workbook with a unit several currencies share "
                      "(such as kr), and nothing says which: add a column with its three-letter code and map it as the "
                      "converted amount's currency, so amounts in different currencies are never added together.")


def test_a_converted_cell_in_a_shared_unit_is_reported_under_the_converted_amount_not_the_currency_column():
    """The report's row named the amount's Currency column and its GBP, which says nothing of the converted amount."""
    prepared = prepare(converted_workbook(['_-* #,##0.00 "kr"_-'], [5_000], ["GBP"]), "deals.xlsx")
    assert prepared.errors.select("line", "column", "value", "check").rows() == [(2, CONVERTED, "5000", "Currency cannot be settled")]
