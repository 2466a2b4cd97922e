"""An amount column's header often names the unit its bare numbers are in ("Amount (k€)" holding 1500 for
1.5 million euros, "Umsatz in TEUR", "Revenue ($M)"): that unit is applied to the amounts that write none of
their own, by a rule the file report names. They had been stored as 1,500 in the reporting currency, a
thousand times too small and in the wrong currency, the report only saying the header's unit was not applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.io.test_cell_formats import stored_currencies, workbook
from winloss.ingest.header_units import header_unit
from winloss.ingest.money import no_currency_rule
from winloss.ingest.pipeline import prepare, prepare_path

HEAD = "Opportunity ID,Opportunity Owner,Stage,Close Date"
CONVERTED_CURRENCY = "Converted Currency"
_DOLLAR = ("; '$' is read as USD, the commonest currency so written: if the file's are Canadian, Australian or other "
           "dollars, write its code in the file")


def deals(tmp_path: Path, header: str, amounts: list[str], *, currency: list[str] | None = None, batched: bool = False,
          converted: tuple[str, list[str]] | None = None, converted_currency: list[str] | None = None,
          reporting_currency: str = "USD"):
    """A CSV of won deals whose amount column is headed `header`, row i's amount amounts[i] (and its currency
    currency[i], its converted amount under converted[0], and that one's currency under "Converted Currency",
    converted_currency[i], when given), mapped so and prepared whole, or from disk a row at a time
    (`batched`), for a store reporting in `reporting_currency`."""
    columns = [HEAD, f'"{header}"', *(["Currency"] if currency else []), *([f'"{converted[0]}"'] if converted else []),
               *([CONVERTED_CURRENCY] if converted_currency else [])]
    lines = [",".join(columns)]
    for i, amount in enumerate(amounts):
        cells = [f"D-{i}", "Ann", "Closed Won", f"2025-03-{i + 1:02d}", f'"{amount}"',
                 *([currency[i]] if currency else []), *([f'"{converted[1][i]}"'] if converted else []),
                 *([converted_currency[i]] if converted_currency else [])]
        lines.append(",".join(cells))
    path = tmp_path / "deals.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    overrides = {"amount": header, **({"converted_amount": converted[0]} if converted else {}),
                 **({"converted_currency": CONVERTED_CURRENCY} if converted_currency else {})}
    if batched:
        return prepare_path(path, batch_rows=1, overrides=overrides, reporting_currency=reporting_currency)
    return prepare(path.read_bytes(), path.name, overrides=overrides, reporting_currency=reporting_currency)


def stored(prepared, columns: tuple[str, str] = ("amount", "currency")) -> list[tuple[float, str]]:
    """The stored rows' `columns`, in file order, whether the file was read whole or in batches."""
    return prepared.accepted_head(100).select(columns).rows() if prepared.rows_accepted else []


def reasons(prepared) -> dict[int, str]:
    return dict(prepared.quarantine.select("line", "reason").iter_rows())


BOTH = pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])


@pytest.mark.parametrize(("header", "unit", "code", "factor"), [
    ("Amount (k€)", "k€", "EUR", 1e3),
    ("Betrag (T€)", "T€", "EUR", 1e3),
    ("Umsatz in TEUR", "TEUR", "EUR", 1e3),
    ("Umsatz (in Tsd. €)", "Tsd. €", "EUR", 1e3),
    ("Value in EUR", "EUR", "EUR", 1.0),
    ("Revenue ($M)", "$M", "USD", 1e6),
    ("Revenue (€k)", "€k", "EUR", 1e3),
    ("Amount (USD 000s)", "USD 000s", "USD", 1e3),
    ("Amount (£'000)", "£'000", "GBP", 1e3),
    ("Revenue in GBP m", "GBP m", "GBP", 1e6),
    ("Deal value (thousands)", "thousands", None, 1e3),
    ("Amount (Mio. EUR)", "Mio. EUR", "EUR", 1e6),
    ("Amount (mln)", "mln", None, 1e6),
    ("Amount (kr)", "kr", "DKK|ISK|NOK|SEK", 1.0),
    # Plain words in brackets after the unit are passed over: "Amount in USD (converted)" had named no unit.
    ("Amount in USD (converted)", "USD", "USD", 1.0),
    ("Amount (USD) (converted)", "USD", "USD", 1.0),
    ("Betrag in EUR (gerundet)", "EUR", "EUR", 1.0),
    ("Opportunity Amount [EUR] (approx.)", "EUR", "EUR", 1.0),
    ("Amount (k€) (excl. VAT)", "k€", "EUR", 1e3),
    ("Revenue in USD m [net]", "USD m", "USD", 1e6),
    ("Amount (EUR) (net) (approx.)", "EUR", "EUR", 1.0),
])  # fmt: skip
def test_a_header_s_unit_is_read_as_a_cell_format_s_would_be(header, unit, code, factor):
    """"Umsatz in TEUR" and "Revenue (€k)" named no unit at all, nor did "Amount in USD (converted)"; the others named one nothing read."""
    found = header_unit(header)
    assert found is not None
    assert (found.text, found.code, found.scale.factor) == (unit, code, factor)


def test_words_that_name_no_unit_are_no_unit():
    """"T" alone, read as a unit, could be a thousand or a trillion: only glued to a currency ("TEUR") is it a thousand."""
    headers = ["Amount (T)", "Amount", "Amount (converted)", "Amount (incl. VAT)", "Amount (EUR/USD)", "Est. Revenue (Base)",
               "Value (Local)", "Amount in company currency (converted)"]
    assert {header: header_unit(header) for header in headers} == dict.fromkeys(headers)


@pytest.mark.parametrize("words", [
    "(converted to USD)", "(EUR/USD)", "(T)", "(usd)", "(in euros)", "(in local currency)", "(Base)", "(Landeswährung)",
    "(keur)", "(EURm, gerundet)", "(in Tausend)", "(millones)", "(2024)", "(converted from €)", "(zł netto)",
    "(net) (T)", "(x) (y) (z)",
])  # fmt: skip
def test_words_that_name_a_currency_or_a_size_after_the_unit_are_never_passed_over(words):
    """After "Amount (USD)", plain words ("(converted)") are passed over; words naming a currency or a size
    in any form, or a third group of words, are not: what the header names is not guessed past them."""
    assert header_unit("Amount (USD) (converted)") == header_unit("Amount (USD)")
    assert header_unit(f"Amount (USD) {words}") is None


def test_a_unit_at_the_header_s_end_is_read_as_before_and_plain_words_alone_are_passed_over():
    """A group after the unit that is a unit itself ("(Mio.)") is the header's unit, as it always was."""
    headers = ["Amount (USD) (Mio.)", "Amount (USD) (000s)", "Amount (converted) (k€)", "Amount (USD) (kr)",
               "Amount (Mio.) (approx.)", "Amount (USD) (万元)"]
    assert {header: getattr(header_unit(header), "text", None) for header in headers} == {
        "Amount (USD) (Mio.)": "Mio.", "Amount (USD) (000s)": "000s", "Amount (converted) (k€)": "k€",
        "Amount (USD) (kr)": "kr", "Amount (Mio.) (approx.)": "Mio.", "Amount (USD) (万元)": "万元"}


@BOTH
@pytest.mark.parametrize(("header", "amount", "stored_as", "shown"), [
    ("Amount (k€)", "1500", (1_500_000.0, "EUR"), "1,500,000 EUR"),
    ("Betrag (T€)", "1500", (1_500_000.0, "EUR"), "1,500,000 EUR"),
    ("Umsatz in TEUR", "1500", (1_500_000.0, "EUR"), "1,500,000 EUR"),
    ("Value in EUR", "1500", (1500.0, "EUR"), "1,500 EUR"),
    ("Amount (GBP 000s)", "1500", (1_500_000.0, "GBP"), "1,500,000 GBP"),
    ("Amount (Mio. €)", "2.5", (2_500_000.0, "EUR"), "2,500,000 EUR"),
])  # fmt: skip
def test_amounts_under_a_header_naming_their_unit_are_read_in_it(tmp_path, batched, header, amount, stored_as, shown):
    """1500 under "Amount (k€)" was stored as 1,500 USD: a leader saw a thousandth of the deal, in dollars."""
    prepared = deals(tmp_path, header, [amount, amount], batched=batched)
    assert stored(prepared) == [stored_as] * 2
    assert prepared.money_rules["currency_rule"] == (
        f"The column '{header}' names {header_unit(header).text} in its header: amounts that write no currency or "
        f"scale of their own are read in it ('{amount}' as {shown}).")


@BOTH
def test_a_dollar_in_the_header_is_read_as_a_dollar_in_the_amount_is(tmp_path, batched):
    """"Revenue ($M)": the commonest dollar, said with what to do when the file's are Canadian, as for "$1,500"."""
    prepared = deals(tmp_path, "Revenue ($M)", ["1.5", "0.25"], batched=batched)
    assert stored(prepared) == [(1_500_000.0, "USD"), (250_000.0, "USD")]
    assert prepared.money_rules["currency_rule"] == (
        "The column 'Revenue ($M)' names $M in its header: amounts that write no currency or scale of their own are "
        f"read in it ('1.5' as 1,500,000 USD){_DOLLAR}.")


@BOTH
def test_a_header_naming_a_scale_alone_leaves_the_currency_to_the_file_s_rule(tmp_path, batched):
    prepared = deals(tmp_path, "Deal value (000s)", ["1500", "80"], batched=batched)
    assert stored(prepared) == [(1_500_000.0, "USD"), (80_000.0, "USD")]
    assert prepared.money_rules["currency_rule"] == (
        f"{no_currency_rule('USD')} The column 'Deal value (000s)' names 000s in its header: amounts that write no "
        "currency or scale of their own are read in it ('1500' as 1,500,000 USD).")


@BOTH
def test_an_amount_that_writes_its_own_unit_is_read_by_it_and_never_scaled_twice(tmp_path, batched):
    """"€1500" and "1.5k" under "Amount (k€)" are 1,500 euros; "USD 700" is 700 dollars; "1500" alone 1.5 million euros."""
    prepared = deals(tmp_path, "Amount (k€)", ["1500", "€1500", "1.5k", "USD 700", "2M"], batched=batched)
    assert stored(prepared) == [(1_500_000.0, "EUR"), (1500.0, "EUR"), (1500.0, "EUR"), (700.0, "USD"), (2_000_000.0, "EUR")]
    assert prepared.money_rules["currency_rule"] == (
        "Each amount's currency is read from the amounts themselves (EUR, USD). The column 'Amount (k€)' names k€ in its header: amounts that "
        "write no currency or scale of their own are read in it ('1500' as 1,500,000 EUR).")


@BOTH
def test_amounts_that_write_their_own_scale_alone_take_the_header_s_currency_and_the_rule_says_so(tmp_path, batched):
    """Every amount written short ("1.5k") under "Value (k€)": they were stored in US dollars, and the rule named
    no header at all."""
    prepared = deals(tmp_path, "Value (k€)", ["1.5k", "2M"], batched=batched)
    assert stored(prepared) == [(1500.0, "EUR"), (2_000_000.0, "EUR")]
    assert prepared.money_rules["currency_rule"] == (
        "The column 'Value (k€)' names k€ in its header: amounts that write no currency or scale of their own are read "
        "in it ('1.5k' as 1,500 EUR).")


@BOTH
def test_a_header_whose_scale_could_be_a_thousand_or_a_million_is_not_guessed(tmp_path, batched):
    """"Amount (mil €)": 1500 is not stored, as "1500 mil" would not be; "2k" says its own scale."""
    prepared = deals(tmp_path, "Amount (mil €)", ["1500", "2k"], batched=batched)
    assert stored(prepared) == [(2000.0, "EUR")]
    assert reasons(prepared) == {2: (
        "Amount (mil €) '1500' is not read: its column's header shows 'mil', which means a thousand in some languages "
        "and a million in others, so it is not guessed; name k (thousand) or M (million) in the header, or write the "
        "amount in full.")}
    assert prepared.money_rules["currency_rule"] == (
        "Every amount is in EUR, the only currency the file names. The column 'Amount (mil €)' names mil € in its "
        "header, whose scale is not guessed (it shows 'mil', which means a thousand in some languages and a million in "
        "others): amounts that write no scale of their own are not stored; name k (thousand) or M (million) in the "
        "header, or write each amount in full.")


@BOTH
def test_a_currency_column_that_names_another_currency_than_the_header_is_a_conflict_to_correct(tmp_path, batched):
    """Beside a currency column, the header's currency is each row's where the column agrees or is blank; where
    it names another, the row is quarantined as an amount written "€1500" beside "CHF" is."""
    prepared = deals(tmp_path, "Amount (k€)", ["1500", "2500", "700"], currency=["EUR", "CHF", ""], batched=batched)
    assert stored(prepared) == [(1_500_000.0, "EUR"), (700_000.0, "EUR")]
    assert reasons(prepared) == {3: (
        "Amount (k€) '2500' is read in k€ (EUR) by its column's header, and Currency 'CHF' names another currency: "
        "correct one of them.")}
    assert prepared.money_rules["currency_rule"].endswith(
        " The column 'Amount (k€)' names k€ in its header: amounts that write no currency or scale of their own are read "
        "in it ('1500' as 1,500,000 EUR).")


@BOTH
def test_a_header_naming_a_scale_alone_beside_a_currency_column_scales_each_row_in_its_currency(tmp_path, batched):
    prepared = deals(tmp_path, "Amount (000s)", ["1500", "2.5"], currency=["EUR", "CHF"], batched=batched)
    assert stored(prepared) == [(1_500_000.0, "EUR"), (2500.0, "CHF")]
    assert prepared.money_rules["currency_rule"] == (
        "Each amount's currency is read from the column 'Currency' (CHF, EUR); an amount whose row names no currency is quarantined. The column 'Amount (000s)' names 000s in its header: amounts "
        "that write no currency or scale of their own are read in it ('1500' as 1,500,000).")


@BOTH
def test_a_header_s_dollar_beside_a_column_naming_another_dollar_is_a_conflict_as_an_amount_s_is(tmp_path, batched):
    prepared = deals(tmp_path, "Revenue ($)", ["500", "700", "$900"], currency=["USD", "CAD", "CAD"], batched=batched)
    assert stored(prepared) == [(500.0, "USD")]
    assert reasons(prepared) == {
        3: "Revenue ($) '700' is read in $ (USD) by its column's header, and Currency 'CAD' names another currency: "
           "correct one of them.",
        4: "Revenue ($) '$900' names one currency and Currency 'CAD' another: correct one of them.",
    }


@BOTH
def test_a_unit_several_currencies_share_in_the_header_needs_a_currency_column_to_say_which(tmp_path, batched):
    """"Amount (kr)" is Danish, Icelandic, Norwegian or Swedish: as "5000 kr" is, never guessed."""
    alone = deals(tmp_path, "Amount (kr)", ["5000"], batched=batched)
    assert stored(alone) == []
    assert reasons(alone) == {2: (
        "Amount (kr) '5000' is read in kr by its column's header, a unit several currencies share (DKK, ISK, NOK or "
        "SEK), and nothing says which: add a column with its three-letter code and map it as the currency, so amounts "
        "in different currencies are never added together.")}
    settled = deals(tmp_path, "Amount (kr)", ["5000", "7000"], currency=["SEK", "NOK"], batched=batched)
    assert stored(settled) == [(5000.0, "SEK"), (7000.0, "NOK")]


@BOTH
def test_a_converted_amount_s_header_names_its_unit_too(tmp_path, batched):
    """"Amount (converted) (EUR)" holding 1100 was read as 1,100 in the reporting currency, USD."""
    prepared = deals(tmp_path, "Amount", ["USD 1200000", "USD 5000"], batched=batched,
                     converted=("Amount (converted) (k€)", ["1100", "EUR 4600"]))
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(1_100_000.0, "EUR"), (4600.0, "EUR")]
    assert prepared.money_rules["currency_rule"].startswith(
        "Value figures use 'Amount (converted) (k€)' in EUR; the original amount and currency are kept. The column "
        "'Amount (converted) (k€)' names k€ in its header: amounts that write no currency or scale of their own are "
        "read in it ('1100' as 1,100,000 EUR). ")
    plain = deals(tmp_path, "Amount", ["USD 1200"], batched=batched, converted=("Amount (converted) (EUR)", ["1100"]))
    assert stored(plain, ("converted_amount", "converted_currency")) == [(1100.0, "EUR")]


@BOTH
def test_converted_amounts_under_a_header_naming_their_currency_before_plain_words_are_read_in_it(tmp_path, batched):
    """"Amount in USD (converted)" with no converted currency column: 1100 was stored as 1,100 EUR, the store's
    reporting currency, the rule saying the column named no currency."""
    header = "Amount in USD (converted)"
    prepared = deals(tmp_path, "Amount", ["EUR 1000", "GBP 500"], batched=batched, converted=(header, ["1100", "640"]),
                     reporting_currency="EUR")
    assert prepared.mapping.fields["converted_amount"] == header
    assert stored(prepared) == [(1000.0, "EUR"), (500.0, "GBP")]
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(1100.0, "USD"), (640.0, "USD")]
    assert prepared.money_rules["currency_rule"].startswith(
        "Value figures use 'Amount in USD (converted)' in USD; the original amount and currency are kept. The column "
        "'Amount in USD (converted)' names USD in its header: amounts that write no currency or scale of their own are "
        "read in it ('1100' as 1,100 USD). ")


CONFLICT = "is read in {unit} by its column's header, and Converted Currency '{code}' names another currency: correct one of them."


@BOTH
@pytest.mark.parametrize("header", ["Amount in USD (converted)", "Amount (converted) (USD)"])
def test_a_converted_currency_column_naming_another_currency_than_the_converted_header_is_a_conflict_to_correct(
    tmp_path, batched, header
):
    """"Amount in USD (converted)" holding 2200 beside a converted currency column naming EUR was stored as 2,200 EUR,
    nothing quarantined, while the rule said the header's USD applied. As for the amount's header: the header's
    currency is a row's where the column agrees or is blank, and a row whose column names another is quarantined.
    A converted amount that writes its own currency ("GBP 4400") is not the header's business."""
    prepared = deals(tmp_path, "Amount", ["EUR 1000", "EUR 2000", "EUR 3000", "EUR 4000"], batched=batched,
                     converted=(header, ["1100", "2200", "3300", "GBP 4400"]), converted_currency=["USD", "EUR", "", "GBP"])
    assert stored(prepared) == [(1000.0, "EUR"), (3000.0, "EUR"), (4000.0, "EUR")]
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(1100.0, "USD"), (3300.0, "USD"), (4400.0, "GBP")]
    assert reasons(prepared) == {3: f"{header} '2200' " + CONFLICT.format(unit="USD", code="EUR")}
    assert prepared.errors.select("line", "column", "value", "check").rows() == [
        (3, "Converted Currency", "EUR beside 2200", "Currency cannot be settled")]
    assert prepared.money_rules["currency_rule"].startswith(
        f"Value figures use '{header}' in GBP, USD (EUR only where no converted amount is stored); the original amount "
        f"and currency are kept. The column '{header}' names USD in its header: amounts that write no currency or scale "
        "of their own are read in it ('1100' as 1,100 USD). ")


def test_a_converted_header_conflict_is_read_alike_whole_and_in_batches(tmp_path):
    """The conflicting row first: the first batch's decision knows only it, the whole file's every row."""
    header = "Amount in USD (converted)"
    whole, batches = (deals(tmp_path, "Amount", ["EUR 1000", "EUR 2000", "EUR 3000"], batched=batched,
                            converted=(header, ["1100", "2200", "3300"]), converted_currency=["EUR", "", "USD"])
                      for batched in (False, True))
    for prepared in (whole, batches):
        assert stored(prepared, ("converted_amount", "converted_currency")) == [(2200.0, "USD"), (3300.0, "USD")]
        assert reasons(prepared) == {2: f"{header} '1100' " + CONFLICT.format(unit="USD", code="EUR")}
    assert whole.errors.rows() == batches.errors.rows()
    assert whole.money_rules == batches.money_rules


@BOTH
def test_the_converted_rule_lists_only_the_converted_currencies_stored(tmp_path, batched):
    """The one row naming EUR is quarantined (its date): the rule said value figures were "in EUR; where it names
    none, USD", as the amount's rule names a currency only on rows not stored as such."""
    path = tmp_path / "deals.csv"
    path.write_text(f"{HEAD},Amount,Amount (converted),{CONVERTED_CURRENCY}\n"
                    "D-0,Ann,Closed Won,not a date,EUR 1000,1100,EUR\nD-1,Ann,Closed Won,2025-03-02,EUR 2000,2200,\n",
                    encoding="utf-8")
    overrides = {"converted_amount": "Amount (converted)", "converted_currency": CONVERTED_CURRENCY}
    prepared = prepare_path(path, batch_rows=1, overrides=overrides) if batched else prepare(path.read_bytes(), path.name,
                                                                                           overrides=overrides)
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(2200.0, "USD")]
    assert prepared.money_rules["currency_rule"].startswith(
        "Value figures use 'Amount (converted)' in USD where it names none (the store's reporting currency; EUR only "
        "where no converted amount is stored); the original amount and currency are kept. ")


@BOTH
def test_a_converted_header_s_shared_unit_is_settled_by_a_converted_currency_column_naming_one_of_its_currencies(
    tmp_path, batched
):
    """"Amount (converted) (kr)" beside SEK is Swedish kronor; beside EUR it conflicts, as "Amount (kr)" beside EUR does."""
    header = "Amount (converted) (kr)"
    prepared = deals(tmp_path, "Amount", ["EUR 1000", "EUR 2000"], batched=batched, converted=(header, ["5000", "7000"]),
                     converted_currency=["SEK", "EUR"])
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(5000.0, "SEK")]
    assert reasons(prepared) == {3: f"{header} '7000' " + CONFLICT.format(unit="kr (DKK, ISK, NOK or SEK)", code="EUR")}


@BOTH
def test_a_header_naming_a_currency_code_is_not_named_twice_in_a_conflict_s_reason(tmp_path, batched):
    """"Amount (EUR) '2500' is read in EUR (EUR)": the code was repeated after itself."""
    prepared = deals(tmp_path, "Amount (EUR)", ["1500", "2500"], currency=["EUR", "CHF"], batched=batched)
    assert stored(prepared) == [(1500.0, "EUR")]
    assert reasons(prepared) == {3: (
        "Amount (EUR) '2500' is read in EUR by its column's header, and Currency 'CHF' names another currency: "
        "correct one of them.")}


def test_workbook_cells_showing_a_unit_of_their_own_are_read_by_it_and_the_others_by_the_header():
    """A cell's format is its own unit: "#,##0 €" is euros, not thousands of them; '#,##0 "K"' shows its own
    scale, the header's currency filling in the one it does not show; a cell with no format takes the header's."""
    formats = [None, '#,##0 "€"', '0.0 "Mio €"', '#,##0 "K"']
    prepared = prepare(workbook(formats, rows=4, amounts=[1500, 1500, 1.5, 250], amount_header="Amount (k€)"), "deals.xlsx",
                       overrides={"amount": "Amount (k€)"})
    assert prepared.accepted.sort("__line").get_column("amount").to_list() == [1_500_000.0, 1500.0, 1_500_000.0, 250_000.0]
    assert stored_currencies(prepared) == ["EUR"] * 4
    assert prepared.money_rules["currency_rule"] == (
        "The column 'Amount (k€)' names k€ in its header: amounts that write no currency or scale of their own are read "
        "in it ('1500' as 1,500,000 EUR).")
