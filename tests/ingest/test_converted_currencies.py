"""A converted amount that writes its own currency ("GBP 4400", "€5,000.00") beside a converted currency column
naming another (USD) was stored as 4,400 USD, nothing quarantined: the column silently won, while an amount so
written beside a currency column naming another is quarantined to correct. The converted amount follows the
amount's rule; a column that agrees, or is blank, or settles a unit several currencies share ("kr"), reads as before."""

from __future__ import annotations

import pytest

from tests.ingest.test_header_units import BOTH, deals, reasons, stored

CONVERTED = "Amount (converted)"


def conflict(amount: str, code: str) -> str:
    """The reason of a row whose converted amount names one currency and its converted currency column `code`."""
    return f"{CONVERTED} '{amount}' names one currency and Converted Currency '{code}' another: correct one of them."


@BOTH
@pytest.mark.parametrize("currency", [None, ["EUR"] * 8], ids=["no currency column", "a currency column"])
def test_a_converted_amount_naming_another_currency_than_its_converted_currency_column_is_a_conflict_to_correct(
    tmp_path, batched, currency
):
    """Lines 2, 3 and 9 were stored as 4,400 USD, 5,000 USD and 5,500 EUR. The others read as before: a column that
    agrees, or is blank, or names one of the currencies a "kr" may be (SEK), or a converted amount that names none."""
    prepared = deals(
        tmp_path, "Amount", [f"EUR {i}000" for i in range(1, 9)], currency=currency, batched=batched,
        converted=(CONVERTED, ["GBP 4400", "€5,000.00", "1100", "3300", "USD 2200", "7700 GBP", "4400 kr", "5500 kr"]),
        converted_currency=["USD", "USD", "USD", "", "USD", "", "SEK", "EUR"],
    )
    assert stored(prepared, ("converted_amount", "converted_currency")) == [
        (1100.0, "USD"), (3300.0, "USD"), (2200.0, "USD"), (7700.0, "GBP"), (4400.0, "SEK")]
    assert reasons(prepared) == {2: conflict("GBP 4400", "USD"), 3: conflict("€5,000.00", "USD"), 9: conflict("5500 kr", "EUR")}
    # The report's row names the converted currency column and what it conflicts with, as the amount's does.
    assert prepared.errors.select("line", "column", "value", "check").rows() == [
        (2, "Converted Currency", "USD beside GBP 4400", "Currency cannot be settled"),
        (3, "Converted Currency", "USD beside €5,000.00", "Currency cannot be settled"),
        (9, "Converted Currency", "EUR beside 5500 kr", "Currency cannot be settled"),
    ]
    # EUR is named only by rows quarantined: the rule lists it so, and never as a stored value figure's currency.
    assert prepared.money_rules["currency_rule"].startswith(
        f"Value figures use '{CONVERTED}' in GBP, SEK, USD (EUR only where no converted amount is stored); where it "
        "names none, USD; amounts in it such as '4400 kr' could be in DKK, ISK, NOK or SEK and are stored only where "
        "'Converted Currency' gives their currency; the original amount and currency are kept. ")


def test_a_converted_amount_s_conflict_is_read_alike_whole_and_in_batches(tmp_path):
    """The conflicting row first, and the only one naming GBP: the whole file's rule, which counted only the column's
    USD there, and the batches', which counted the amount's GBP too, say the same."""
    whole, batches = (deals(tmp_path, "Amount", ["EUR 1000", "EUR 2000"], batched=batched,
                            converted=(CONVERTED, ["GBP 4400", "2200"]), converted_currency=["USD", "USD"])
                      for batched in (False, True))
    for prepared in (whole, batches):
        assert stored(prepared, ("converted_amount", "converted_currency")) == [(2200.0, "USD")]
        assert reasons(prepared) == {2: conflict("GBP 4400", "USD")}
        assert prepared.money_rules["currency_rule"].startswith(
            f"Value figures use '{CONVERTED}' in USD (GBP only where no converted amount is stored); the original "
            "amount and currency are kept. ")
    assert whole.errors.rows() == batches.errors.rows()
    assert whole.money_rules == batches.money_rules


@BOTH
def test_a_converted_amount_s_conflict_is_worded_as_the_amount_s(tmp_path, batched):
    """One sentence for both: the amount's reason, naming the converted amount and its currency column."""
    prepared = deals(tmp_path, "Amount", ["GBP 1000", "EUR 2000"], currency=["USD", "EUR"], batched=batched,
                     converted=(CONVERTED, ["1100", "CHF 2200"]), converted_currency=["USD", "USD"])
    assert reasons(prepared) == {
        2: "Amount 'GBP 1000' names one currency and Currency 'USD' another: correct one of them.",
        3: conflict("CHF 2200", "USD"),
    }


@BOTH
@pytest.mark.parametrize("currency", [None, ["EUR"] * 3], ids=["no currency column", "a currency column"])
def test_a_converted_currency_in_doubt_is_reported_under_the_converted_currency_column(tmp_path, batched, currency):
    """The report's rows named the Currency column and its EUR (with a currency column), or the Amount column
    (without one), for a converted currency column holding XYZ; and a "kr" beside its blank cell was reasoned
    "Converted Currency 'None' is not a currency code"."""
    prepared = deals(tmp_path, "Amount", ["EUR 1000", "EUR 2000", "EUR 3000"], currency=currency, batched=batched,
                     converted=(CONVERTED, ["1100", "2200 kr", "3300"]), converted_currency=["XYZ", "", "USD"])
    assert stored(prepared, ("converted_amount", "converted_currency")) == [(3300.0, "USD")]
    assert prepared.errors.select("line", "column", "value", "check").rows() == [
        (2, "Converted Currency", "XYZ", "Currency cannot be settled"),
        (3, "Converted Currency", None, "Currency cannot be settled"),
    ]
    assert reasons(prepared) == {
        2: "Converted Currency 'XYZ' is not a currency code, sign or name the app knows, and "
           f"{CONVERTED} is not read in a currency it may not be in: say which currency 'XYZ' is (on the command line: "
           "--currency-name \"XYZ=CODE\"); if every converted amount of the file is in the store's reporting currency, you "
           "may instead leave the converted amount's currency unmapped (on the command line: --map converted_currency=); "
           "else export the currency column as ISO codes (USD, EUR, JPY...).",
        3: f"{CONVERTED} '2200 kr' could be in DKK, ISK, NOK or SEK: fill in Converted Currency with its code, so amounts "
           "in different currencies are never added together.",
    }
