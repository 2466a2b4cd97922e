"""Money in exports as people make them: scale words, one decimal mark per file, currencies never added together."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from command_line import run

from winloss.deals import deals
from winloss.exchange import ExchangeRates, exchange_rates, in_reporting_currency, rates_rows, unconverted
from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.values import COMMA, POINT
from winloss.measures.summary import outcome_summary
from winloss.store.delta import Store
from winloss.text import money

FIXTURES = Path(__file__).parent.parent / "fixtures" / "money"


def prepared(name: str, **kwargs):
    return prepare((FIXTURES / name).read_bytes(), name, **kwargs)


def amounts(p) -> dict[str, float | None]:
    return dict(p.accepted.select("opportunity_id", "amount").iter_rows())


def test_scale_words_multiply_the_number_they_follow():
    p = prepared("suffixes.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 6, 0)
    assert amounts(p) == {
        "S-1": 1_200.0, "S-2": 850_000.0, "S-3": 3_000_000.0, "S-4": 1_500_000_000.0, "S-5": 2_000_000.0, "S-6": 40_000.0,
    }
    assert p.money_rules["decimal_mark"] == "decimal point (1,234.56)"


def test_in_a_decimal_comma_file_45_000_is_forty_five_thousand():
    p = prepared("continental.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (4, 4, 0)
    assert amounts(p) == {"C-1": 45_000.0, "C-2": 1_234.56, "C-3": 12_500.0, "C-4": 980.0}
    assert "decimal comma" in p.money_rules["separator_rule"] and "'1.234,56'" in p.money_rules["separator_rule"]
    assert p.accepted.get_column("currency").unique().to_list() == ["EUR"]


CHOOSE = "If that is wrong, choose the decimal mark (on the command line: --decimal-mark point or comma, and ingest again)."


def test_continental_dates_and_delimiter_settle_the_mark_when_no_amount_does():
    p = prepared("continental_hints.csv")
    assert (p.rows_accepted, p.rows_quarantined) == (3, 0)
    assert amounts(p) == {"H-1": 45_000.0, "H-2": 12_500.0, "H-3": 700.0}
    assert p.money_rules["separator_rule"] == (
        "Amounts use a decimal comma (1.234,56), as the file's dates (mostly written day.month.year: Close date "
        f"'05.03.2025' on line 2) and its ';' delimiter show: no amount shows the mark itself. {CHOOSE}"
    )
    assert p.decimal_mark is not None and p.decimal_mark.offered  # a clue settled it: the Data page offers the choice


@pytest.mark.parametrize(("dates", "delimiter", "rule"), [
    (["2025-03-05"], ";", f"Amounts use a decimal comma (1.234,56), as the file's ';' delimiter shows: no amount shows "
                          f"the mark itself. {CHOOSE}"),
    (["05.03.2025"], ",", "Amounts use a decimal comma (1.234,56), as the file's dates (mostly written day.month.year: "
                          f"Close Date '05.03.2025' on line 7) show: no amount shows the mark itself. {CHOOSE}"),
    (["05.03.2025"], ";", "Amounts use a decimal comma (1.234,56), as the file's dates (mostly written day.month.year: "
                          f"Close Date '05.03.2025' on line 7) and its ';' delimiter show: no amount shows the mark "
                          f"itself. {CHOOSE}"),
    (["03/25/2025"], ",", "Amounts use a decimal point (1,234.56), as the file's month-first dates (Close Date "
                          f"'03/25/2025' on line 7) show: no amount shows the mark itself. {CHOOSE}"),
    (["03/25/2025"], ";", "No amount shows which mark is the decimal one (the file's ';' delimiter points to a decimal "
                          "comma, the file's month-first dates (Close Date '03/25/2025' on line 7) to a decimal point)."),
    # One date of three written 05.03.2025 says how someone typed it, not how the export writes numbers.
    (["2025-03-04", "05.03.2025", "2025-03-06"], ",",
     "No amount shows which mark is the decimal one (only 1 of the file's 3 different dates, such as Close Date "
     "'05.03.2025' on line 7, is written day.month.year as in decimal-comma locales: too few to tell)."),
    (["2025-03-04", "03/25/2025", "2025-03-06"], ",", "No amount shows which mark is the decimal one."),
])
def test_the_rule_the_dates_and_delimiter_give_reads_as_a_sentence(dates, delimiter, rule):
    """The file report said "as the file's a ';' delimiter show", and one dotted date settled a file."""
    from winloss.ingest.money import continental_hints
    from winloss.ingest.values import amount_shapes, decimal_mark_of

    hints = continental_hints({"Close Date": pl.Series(dates)}, delimiter, lambda header, text: 7)
    assert decimal_mark_of(amount_shapes(pl.Series(["45.000"])), hints).rule == rule


def test_a_semicolon_file_names_its_delimiter_in_a_sentence():
    content = b"Deal ID;Owner;Status;Close date;Value\nH-1;Jonas Brandt;Won;2025-03-05;45.000\n"
    rule = prepare(content, "semicolon.csv").money_rules["separator_rule"]
    assert rule == f"Amounts use a decimal comma (1.234,56), as the file's ';' delimiter shows: no amount shows the mark itself. {CHOOSE}"


def batched(name: str, **kwargs):
    """`prepare_path` of a money fixture two rows a batch: the whole file's rules, decided across batches."""
    from winloss.ingest.pipeline import prepare_path

    return prepare_path(FIXTURES / name, batch_rows=2, **kwargs)


def test_one_dotted_date_among_iso_dates_does_not_make_thousands_into_decimals():
    """A US export ("1,500", "12,000") with one close date typed 11.03.2026 was read as 1.5 and 12:
    one date is too weak a clue to settle amounts that read both ways. Every such amount is a comma
    then three digits, which groups thousands in a currency with cents: read so, by a rule that names
    it and quotes the date it set aside, whole and in batches; the other mark can still be chosen."""
    whole = prepared("one_dotted_date.csv")
    with batched("one_dotted_date.csv") as in_batches:
        for p in (whole, in_batches):
            assert (p.rows_accepted, p.rows_quarantined) == (6, 0)
            assert p.money_rules["decimal_mark"] == "decimal point (1,234.56)"
            assert p.money_rules["separator_rule"] == (
                "Amounts use a decimal point (1,234.56): in '1,500' and every amount like it, the comma groups "
                "thousands (1,500), as amounts are not written to a thousandth in the file's currencies and nothing "
                "else in the file shows the decimal mark (only 1 of the file's 7 different dates, such as Close "
                "Date '11.03.2026' on line 6, is written day.month.year as in decimal-comma locales: too few to tell). "
                f"{CHOOSE}"
            )
            assert not any("could be read with" in n for n in p.notes)
    assert amounts(whole) == {"D-1": 1_500.0, "D-2": 12_000.0, "D-3": 250_000.0, "D-4": 800.0, "D-5": 2_750.0, "D-6": 8_200.0}
    chosen = prepared("one_dotted_date.csv", decimal_mark=COMMA)
    assert amounts(chosen) == {"D-1": 1.5, "D-2": 12.0, "D-3": 250.0, "D-4": 800.0, "D-5": 2.75, "D-6": 8.2}


_GROUPED_HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Created Date\n"


def _grouped(rows: list[str], header: str = _GROUPED_HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("read", ["whole", "batched"])
def test_whole_dollar_amounts_grouped_by_a_comma_are_thousands_when_nothing_else_settles_the_mark(tmp_path, read):
    """A plain US export with "$12,000" amounts and dates that read either way was rejected whole: every
    amount could be 12 or 12,000. A comma then exactly three digits groups thousands in any currency
    with cents, so the file is read, and the report names the rule and offers the other mark."""
    content = _grouped([
        'A1,Ann Lee,Closed Won,"$12,000",03/04/2026,01/02/2026',
        'A2,Ann Lee,Closed Lost,"$8,500",04/05/2026,02/03/2026',
        'A3,Bob Ray,Closed Won,"$150,000",05/06/2026,01/01/2026',
        'A4,Bob Ray,Open,"$1,250",06/07/2026,02/02/2026',
    ])
    if read == "whole":
        p = prepare(content, "us.csv")
    else:
        from winloss.ingest.pipeline import prepare_path

        (tmp_path / "us.csv").write_bytes(content)
        p = prepare_path(tmp_path / "us.csv", batch_rows=1)
    assert (p.rows_accepted, p.rows_quarantined) == (4, 0)
    accepted = pl.concat(list(p.accepted_batches())).select("opportunity_id", "amount")
    assert dict(accepted.iter_rows()) == {"A1": 12_000.0, "A2": 8_500.0, "A3": 150_000.0, "A4": 1_250.0}
    assert p.money_rules["separator_rule"].startswith(
        "Amounts use a decimal point (1,234.56): in '$12,000' and every amount like it, the comma groups thousands (12,000)"
    )
    assert p.money_rules["separator_rule"].endswith(CHOOSE)
    assert p.decimal_mark is not None and p.decimal_mark.offered  # the Data page offers the other mark


def test_amounts_grouped_by_a_point_read_as_thousands_with_a_decimal_comma():
    p = prepare(_grouped(['E1,Jonas Brandt,Closed Won,12.000 €,03/04/2026,01/02/2026',
                          'E2,Jonas Brandt,Closed Lost,8.500 €,04/05/2026,02/03/2026']), "eur.csv")
    assert amounts(p) == {"E1": 12_000.0, "E2": 8_500.0}
    assert p.money_rules["decimal_mark"] == "decimal comma (1.234,56)"
    assert "the point groups thousands (12,000)" in p.money_rules["separator_rule"]


@pytest.mark.parametrize("rows, options", [
    # A currency written to a thousandth, named by the amount, the currency column, the header or the store.
    (['K1,Ann Lee,Closed Won,"KWD 1,250",03/04/2026,01/02/2026'], {}),
    (['K1,Ann Lee,Closed Won,"1,250",03/04/2026,01/02/2026,KWD'], {"header": _GROUPED_HEADER.replace("\n", ",Currency\n")}),
    (['K1,Ann Lee,Closed Won,"1,250",03/04/2026,01/02/2026'],
     {"header": _GROUPED_HEADER.replace("Amount", "Amount (BHD)"), "overrides": {"amount": "Amount (BHD)"}}),
    (['K1,Ann Lee,Closed Won,"1,250",03/04/2026,01/02/2026'], {"reporting_currency": "OMR"}),
    # Separators that differ, or a number that cannot be grouped thousands: nothing is read by the rule.
    (['K1,Ann Lee,Closed Won,"1,250",03/04/2026,01/02/2026', 'K2,Ann Lee,Closed Won,1.250,03/04/2026,01/02/2026'], {}),
    (['K1,Ann Lee,Closed Won,"1,250",03/04/2026,01/02/2026', 'K2,Ann Lee,Closed Won,"0,125",03/04/2026,01/02/2026'], {}),
])
def test_amounts_that_could_be_thousandths_are_still_asked_about(rows, options):
    header = options.pop("header", _GROUPED_HEADER)
    p = prepare(_grouped(rows, header), "k.csv", **options)
    assert p.money_rules["decimal_mark"] == "not settled"
    assert p.rows_accepted == 0 and "could be 1.25 or 1,250" in p.quarantine.get_column("reason")[0]


def test_amounts_that_show_their_mark_decide_it_but_dates_pointing_the_other_way_are_said():
    """'1,500.00' shows a decimal point; the dates, all written 05.03.2026, point to a comma. The amounts
    decide (the early batches, which had not met '1,500.00', read by the dates, are read again), and the
    rule says the dates disagree and offers the choice instead of settling it silently."""
    whole = prepared("point_amounts_dotted_dates.csv")
    with batched("point_amounts_dotted_dates.csv") as in_batches:
        for p in (whole, in_batches):
            assert p.money_rules["separator_rule"] == (
                "Amounts use a decimal point (1,234.56), as '1,500.00' shows, though the file's dates (mostly written "
                f"day.month.year: Close Date '05.03.2026' on line 2) point to a decimal comma (1.234,56). {CHOOSE}"
            )
            assert p.decimal_mark is not None and p.decimal_mark.mark == POINT and p.decimal_mark.offered
        staged = pl.concat(list(in_batches.accepted_batches()))
        assert dict(staged.select("opportunity_id", "amount").iter_rows()) == amounts(whole)
    assert amounts(whole) == {"P-1": 2_750.0, "P-2": 12_000.0, "P-3": 1_500.0, "P-4": 800.0}
    # Amounts that show their mark with no clue against it settle it without asking.
    assert not prepared("continental.csv").decimal_mark.offered


def test_no_decimal_mark_is_named_when_no_amount_has_a_separator():
    """Whole numbers (1500, 12000: what a workbook's number cells read as) need no mark: the report
    said "Amounts use a decimal comma", going by the dates alone."""
    whole = prepared("whole_amounts_dotted_dates.csv")
    with batched("whole_amounts_dotted_dates.csv") as in_batches:
        for p in (whole, in_batches):
            assert p.money_rules["separator_rule"] is None
            assert p.money_rules["decimal_mark"] == "not needed (no amount has a decimal or thousands separator)"
            assert not p.decimal_mark.offered
    assert amounts(whole) == {"W-1": 1_500.0, "W-2": 12_000.0}


def test_a_workbook_of_number_cells_names_no_decimal_mark(tmp_path):
    import xlsxwriter

    path = tmp_path / "numbers.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    rows = [("Opportunity ID", "Sales Rep", "Stage", "Close Date", "Amount"),
            ("X-1", "Ivo Marsh", "Closed Won", "05.03.2026", 1500), ("X-2", "Pia Lund", "Closed Lost", "11.03.2026", 12000)]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    p = prepare(path.read_bytes(), "numbers.xlsx")
    assert amounts(p) == {"X-1": 1_500.0, "X-2": 12_000.0}
    assert p.money_rules["separator_rule"] is None


def test_an_amount_the_file_cannot_settle_is_quarantined_with_both_readings_not_guessed():
    p = prepared("unsettled.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (3, 1, 2)
    assert amounts(p) == {"U-3": 800.0}
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert "'45.000' could be 45 or 45,000" in reasons[2] and "--decimal-mark" in reasons[2]
    assert "'1,250' could be 1.25 or 1,250" in reasons[3]
    assert any("2 amounts such as" in n and "not stored" in n for n in p.notes)
    assert p.money_rules["decimal_mark"] == "not settled"
    # Asked, the user settles it, and the report names the choice.
    point = prepared("unsettled.csv", decimal_mark=POINT)
    assert amounts(point) == {"U-1": 45.0, "U-2": 1_250.0, "U-3": 800.0}
    comma = prepared("unsettled.csv", decimal_mark=COMMA)
    assert amounts(comma) == {"U-1": 45_000.0, "U-2": 1.25, "U-3": 800.0}
    assert comma.money_rules["separator_rule"] == "Amounts use a decimal comma (1.234,56), as chosen."


def test_a_converted_amount_is_stored_beside_the_original_and_value_figures_use_it(tmp_path):
    p = prepared("converted_salesforce.csv")
    assert (p.rows_accepted, p.rows_quarantined) == (3, 0)
    stored = p.accepted.sort("opportunity_id").select("amount", "currency", "converted_amount", "converted_currency").rows()
    assert stored == [
        (10_000.0, "EUR", 11_000.0, "USD"),
        (1_500_000.0, "JPY", 10_000.0, "USD"),
        (5_000.0, "USD", 5_000.0, "USD"),
    ]
    assert "'Amount (converted)' in USD" in p.money_rules["currency_rule"]
    store = Store(tmp_path / "store")
    commit(store, p)
    frame = deals(store).sort("opportunity_id")
    assert frame.select("amount", "currency", "exported_amount", "exported_currency").rows() == [
        (11_000.0, "USD", 10_000.0, "EUR"),
        (10_000.0, "USD", 1_500_000.0, "JPY"),
        (5_000.0, "USD", 5_000.0, "USD"),
    ]


def test_currencies_come_from_the_column_and_one_that_cannot_be_settled_is_quarantined():
    p = prepared("currencies_hubspot.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (6, 4, 2)
    assert dict(p.accepted.select("opportunity_id", "currency").iter_rows()) == {"901": "USD", "902": "EUR", "903": "JPY", "904": "EUR"}
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert "Currency 'Bitcoin' is not a currency" in reasons[6]
    assert "Amount 'EUR 900' names one currency and Currency 'USD' another" in reasons[7]
    assert p.money_rules["currency_rule"].startswith("Each amount's currency is read from the column 'Currency' (EUR, JPY, USD)")


def test_a_file_that_names_no_currency_is_in_the_reporting_currency_and_says_so():
    p = prepared("no_currency.csv", reporting_currency="GBP")
    assert dict(p.accepted.select("opportunity_id", "currency").iter_rows()) == {"N-1": "GBP", "N-2": "GBP"}
    assert "read as GBP, the store's reporting currency" in p.money_rules["currency_rule"]


def test_multi_currency_end_to_end_value_metrics_never_add_currencies(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared("currencies_hubspot.csv"))
    frame = deals(store)
    # No rates yet: only the USD deal counts in value; EUR and JPY are counted, named and left out.
    summary = outcome_summary(frame.lazy(), None, None, None).row(0, named=True)
    assert summary["won_amount"] == pytest.approx(1_000.0)
    left_out = unconverted(frame, "USD")
    assert (left_out.deals, left_out.currencies) == (3, ("EUR", "JPY"))
    assert left_out.sentence_for("ops") == (  # where the rates are added, not only which page
        "2 deals in EUR and 1 in JPY are left out of every value figure: no exchange rate to USD for EUR or JPY."
        " Add the rates on the Data page, in the Currencies tab.")
    assert money(summary["won_amount"], "USD") == "$1k"
    # With rates, each converts at its own rate, and the figure names the reporting currency.
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.1"), ("JPY", 0.0065)]))
    frame = deals(store)
    summary = outcome_summary(frame.lazy(), None, None, None).row(0, named=True)
    assert summary["won_amount"] == pytest.approx(1_000.0 + 2_000 * 1.1 + 300_000 * 0.0065)
    assert summary["lost_amount"] == pytest.approx(500 * 1.1)
    assert unconverted(frame, "USD").sentence_for("ops") is None
    assert money(summary["won_amount"], "USD") == "$5.15k"
    # The no-decision vocabulary survives a rates save (settings are replaced one key at a time).
    assert store.no_decision_reasons()
    assert store.exchange_rates() == ExchangeRates("USD", {"EUR": 1.1, "JPY": 0.0065})


def test_changing_the_reporting_currency_reconverts_without_rewriting_deals(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepared("currencies_hubspot.csv"))
    version = store.opportunities().collect()
    store.save_exchange_rates(exchange_rates("EUR", [("USD", 0.9)]))
    frame = deals(store).sort("opportunity_id")
    converted = dict(frame.select("opportunity_id", "amount").iter_rows())
    assert converted == {"901": pytest.approx(900.0), "902": 2_000.0, "903": None, "904": 500.0}
    assert frame.filter(pl.col("amount").is_not_null()).get_column("currency").unique().to_list() == ["EUR"]
    assert store.opportunities().collect().equals(version)
    rows = rates_rows(store.exchange_rates(), store.opportunities())
    assert rows.rows() == [("JPY", None, 1), ("USD", 0.9, 1)]


def test_rates_refuse_bad_codes_and_rates_with_one_sentence():
    with pytest.raises(ValueError, match="not a currency code"):
        exchange_rates("Dollars", [])
    with pytest.raises(ValueError, match="must be a number above 0"):
        exchange_rates("USD", [("EUR", "-1")])
    with pytest.raises(ValueError, match="two rates"):
        exchange_rates("USD", [("EUR", 1.1), ("eur", 1.2)])
    assert exchange_rates("usd", [("USD", 1.0), (None, None), ("gbp", "1,27")]) == ExchangeRates("USD", {"GBP": 1.27})


def test_the_converter_reads_each_currency_once_and_prefers_the_exports_conversion():
    frame = pl.DataFrame(
        {
            "amount": [100.0, 200.0, 300.0, None],
            "currency": ["EUR", "CHF", "USD", "EUR"],
            "converted_amount": [None, 250.0, None, None],
            "converted_currency": [None, "USD", None, None],
        }
    )
    out = in_reporting_currency(frame, ExchangeRates("USD", {"EUR": 1.5}))
    assert out.get_column("amount").to_list() == [150.0, 250.0, 300.0, None]
    assert out.get_column("currency").to_list() == ["USD", "USD", "USD", None]
    assert out.get_column("exported_currency").to_list() == ["EUR", "CHF", "USD", "EUR"]


def test_the_money_formatter_names_the_currency():
    assert money(1_250_000.0, "EUR") == "€1.25M"
    assert money(-850.0, "JPY") == "-¥850"
    assert money(None, "USD") == "—"


def test_cli_json_report_names_the_separator_and_currency_rules_and_rates_can_be_set(tmp_path):
    store = str(tmp_path / "store")
    result = run("ingest", str(FIXTURES / "continental.csv"), "--store", store, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["files"][0]
    assert report["decimal_mark"] == "decimal comma (1.234,56)"
    assert "'1.234,56'" in report["separator_rule"]
    assert report["currency_rule"] == "Every amount is in EUR, the only currency the file names."
    chosen = run("ingest", str(FIXTURES / "unsettled.csv"), "--decimal-mark", "point", "--store", store, "--json", cwd=tmp_path)
    assert json.loads(chosen.stdout)["files"][0]["rows_accepted"] == 3
    rates = run("rates", "--reporting", "EUR", "--rate", "USD=0.9", "--store", store, "--json", cwd=tmp_path)
    assert rates.returncode == 0, rates.stderr
    assert json.loads(rates.stdout) == {"reporting_currency": "EUR", "rates": {"USD": 0.9}, "store_version": 3}
    assert rates.stderr == ""  # the version it was saved as is in the object, not a line beside it
    assert Store(store).exchange_rates() == ExchangeRates("EUR", {"USD": 0.9})
    bad = run("rates", "--rate", "EUR", "--store", store, cwd=tmp_path)
    assert bad.returncode == 2 and "CODE=RATE" in bad.stderr and "Traceback" not in bad.stderr


def test_three_letters_that_are_no_iso_4217_code_are_quarantined_and_the_rule_names_each_codes_source():
    # XYZ looks like a code but ISO 4217 has no such currency; the euro sign in U-4's amount is the
    # only EUR in the file, so the rule must not credit the currency column with it.
    csv = (
        "Opportunity ID,Rep,Stage,Amount,Currency,Close Date,Created Date\n"
        "U-1,Ivo Novak,Closed Won,10000,USD,2026-03-10,2025-12-01\n"
        "U-3,Ivo Novak,Closed Won,12000,XYZ,2026-05-10,2025-12-01\n"
        "U-4,Ivo Novak,Closed Won,\u20ac13000,USD,2026-06-10,2025-12-01\n"
        "U-5,Ivo Novak,Closed Won,14000,gbp,2026-07-10,2025-12-01\n"
    ).encode()
    p = prepare(csv, "unknowns.csv")
    assert dict(p.accepted.select("opportunity_id", "currency").iter_rows()) == {"U-1": "USD", "U-5": "GBP"}
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert "Currency 'XYZ' is not a currency code" in reasons[3]
    assert "names one currency and Currency 'USD' another" in reasons[4]
    assert p.money_rules["currency_rule"] == (
        # EUR is named only by the row whose amount conflicts with its column: the list counts rows stored.
        "Each amount's currency is read from the column 'Currency' (GBP, USD); EUR is named only on rows not stored; an amount whose row names no currency is quarantined."
    )


def test_a_rate_or_reporting_currency_must_be_an_iso_4217_code():
    with pytest.raises(ValueError, match="not an ISO 4217 currency code"):
        exchange_rates("XYZ", [])
    with pytest.raises(ValueError, match="not an ISO 4217 currency code"):
        exchange_rates("USD", [("ABC", 1.1)])
    assert exchange_rates("chf", [("zar", 0.05)]) == ExchangeRates("CHF", {"ZAR": 0.05})


def test_a_converted_currency_that_is_no_iso_4217_code_is_quarantined_not_read_as_the_reporting_one():
    csv = (
        "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount Currency,Amount,Amount (converted),Amount (converted) Currency\n"
        "C-1,Rosa Vidal,Closed Won,2025-03-03,EUR,10000,11000,USD\n"
        "C-2,Rosa Vidal,Closed Won,2025-03-04,EUR,20000,22000,XYZ\n"
    ).encode()
    p = prepare(csv, "converted.csv", reporting_currency="USD")
    assert p.accepted.select("opportunity_id", "converted_currency").rows() == [("C-1", "USD")]
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert reasons[3].startswith("Amount (converted) Currency 'XYZ' is not a currency code")


WORDS_AND_UNITS = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date\n"
    "W-1,Ann,Closed Won,ca. 5000,EUR,2026-03-01\n"  # 2: "about": a word, not a unit
    "W-2,Ann,Closed Won,ab 5000,EUR,2026-03-01\n"  # 3: "from"
    "W-3,Ann,Closed Won,max 5000,EUR,2026-03-01\n"  # 4
    "W-4,Ann,Closed Won,5000 ca.,EUR,2026-03-01\n"  # 5
    "W-5,Ann,Closed Won,\"5,000.00 kr\",USD,2026-03-01\n"  # 6: kr is never dollars
    "W-6,Ann,Closed Won,5 000 kr,SEK,2026-03-01\n"  # 7: the column says which krona
    "W-7,Ann,Closed Won,kr 700,,2026-03-01\n"  # 8: which krona? nothing says
    "W-8,Ann,Closed Won,Fr. 12,,2026-03-01\n"  # 9: only the Swiss franc
    "W-9,Ann,Closed Won,4 Mio. EUR,,2026-03-01\n"  # 10
    "W-10,Ann,Closed Lost,Rs. 900,INR,2026-03-01\n"  # 11
)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_letters_beside_an_amount_must_name_a_currency_and_agree_with_the_currency_column(tmp_path, batched):
    """A number is an amount only with a unit that names money: "ca. 5000" or "max 5000" was read as
    5,000 and summed, and "5,000.00 kr" beside Currency USD was stored as 5,000 dollars."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "words.csv"
    path.write_text(WORDS_AND_UNITS)
    p = prepare_path(path, batch_rows=3) if batched else prepare(path.read_bytes(), path.name)
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (10, 4, 6)
    accepted = pl.concat(list(p.accepted_batches())).select("opportunity_id", "amount", "currency")
    assert sorted(accepted.rows()) == [
        ("W-10", 900.0, "INR"), ("W-6", 5_000.0, "SEK"), ("W-8", 12.0, "CHF"), ("W-9", 4_000_000.0, "EUR"),
    ]
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert sorted(reasons) == [2, 3, 4, 5, 6, 8]
    for line, text in ((2, "ca. 5000"), (3, "ab 5000"), (4, "max 5000"), (5, "5000 ca.")):
        assert reasons[line].startswith(f"Amount '{text}' is not an amount of money: write the number alone"), reasons[line]
    assert "Amount '5,000.00 kr' names one currency and Currency 'USD' another" in reasons[6]
    assert "Amount 'kr 700' could be in DKK, ISK, NOK or SEK: fill in Currency with its code" in reasons[8]
    # "kr" alone is no currency the report can name; the franc, from "Fr.", is. The krona and the
    # rupee are named as what they are: units the currency column must settle.
    assert p.money_rules["currency_rule"] == (
        "Each amount's currency is read from the column 'Currency' (EUR, INR, SEK) and the amounts themselves (CHF); USD is named only "
        "on rows not stored; an amount whose row names no currency is quarantined; amounts such as '5,000.00 kr' could be in DKK, ISK, NOK or SEK and are "
        "stored only where the column 'Currency' names one of them; amounts such as 'Rs. 900' could be in INR, LKR, "
        "NPR or PKR and are stored only where the column 'Currency' names one of them."
    )


def test_an_amount_written_with_three_letters_no_currency_has_names_them_and_asks_for_an_iso_code():
    """ "XYZ 9,000.00" was quarantined as "not an amount of money: write the number alone, or with its currency's
    code", a code it was written with: the sentence names the letters as no code the app knows, whose rates it
    could not set either, and asks for the ISO code. Words beside a number ("ca. 9000", "xyz 9000") are not a code."""
    content = ("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
               "X-1,Ann,Closed Won,\"XYZ 9,000.00\",2026-03-01\n"  # 2
               "X-2,Ann,Closed Won,9000 XYZ,2026-03-01\n"  # 3
               "X-3,Ann,Closed Won,xyz 9000,2026-03-01\n"  # 4
               "X-4,Ann,Closed Won,EUR 9000,2026-03-01\n")  # 5
    p = prepare(content.encode(), "codes.csv")
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (4, 1, 3)
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    for line, text in ((2, "XYZ 9,000.00"), (3, "9000 XYZ")):
        assert reasons[line] == (
            f"Amount '{text}' is written with 'XYZ', which is not a currency code the app knows (an ISO 4217 code, such "
            "as EUR or USD, the only codes it sets exchange rates for): write the amount with its currency's ISO code "
            "or sign (EUR 9000, €9000) in the file, then upload it again.")
    assert reasons[4].startswith("Amount 'xyz 9000' is not an amount of money: write the number alone"), reasons[4]


GLUED_AND_DOLLARS = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    "G-1,Ann,Closed Won,700 Br,2026-03-01\n"  # 2: a scale letter and a unit letter: neither was read
    "G-2,Ann,Closed Won,5kEUR,2026-03-01\n"  # 3: was 5 EUR; a scale glued to a code is read
    "G-3,Ann,Closed Won,5 Mkr,2026-03-01\n"  # 4: was 5 in the reporting currency; now kronor, settled as "kr" is
    "G-4,Ann,Closed Won,2MUSD,2026-03-01\n"  # 5: was 2 USD
    "G-5,Ann,Closed Won,AR$ 900,2026-03-01\n"  # 6: a dollar the list does not know
    "G-6,Ann,Closed Won,500 NT$,2026-03-01\n"  # 7: was 500 USD
    "G-7,Ann,Closed Won,RD$ 1.2K,2026-03-01\n"  # 8
    "G-8,Ann,Closed Won,5k\u20ac,2026-03-01\n"  # 9: a sign may touch the scale
    "G-9,Ann,Closed Won,4 Mio. EUR,2026-03-01\n"  # 10
    "G-10,Ann,Closed Won,3M USD,2026-03-01\n"  # 11
)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_scale_glued_to_letters_other_than_a_currency_s_is_no_amount_and_a_countrys_dollar_is_its_own(tmp_path, batched):
    """ "700 Br" was stored as 700 in the reporting currency, and "5kEUR" as 5 euros: a scale is read glued
    only to a currency's code or "kr" (5,000 euros), the unit only where a non-letter bounds it. "500 NT$"
    was stored as 500 US dollars, the "$" inside it read alone."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "glued.csv"
    path.write_text(GLUED_AND_DOLLARS, encoding="utf-8")
    p = prepare_path(path, batch_rows=3) if batched else prepare(path.read_bytes(), path.name)
    assert (p.rows_read, p.rows_accepted, p.rows_quarantined) == (10, 7, 3)
    accepted = pl.concat(list(p.accepted_batches())).select("opportunity_id", "amount", "currency")
    assert sorted(accepted.rows()) == [
        ("G-10", 3_000_000.0, "USD"), ("G-2", 5_000.0, "EUR"), ("G-4", 2_000_000.0, "USD"), ("G-6", 500.0, "TWD"),
        ("G-7", 1_200.0, "DOP"), ("G-8", 5_000.0, "EUR"), ("G-9", 4_000_000.0, "EUR"),
    ]
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    for line, text in ((2, "700 Br"), (6, "AR$ 900")):
        assert reasons[line].startswith(f"Amount '{text}' is not an amount of money: write the number alone"), reasons[line]
    assert reasons[4].startswith("Amount '5 Mkr' could be in DKK, ISK, NOK or SEK: add a column with its three-letter code")


def test_a_dollar_the_list_does_not_know_names_no_currency_that_would_make_the_file_multi_currency():
    """ "AR$ 900" was read as naming BRL (the "R$" inside it): the file then held "several" currencies and
    a plain "500" beside US dollars was quarantined for naming none."""
    p = prepare(b'Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\nD-1,Ann,Closed Won,"$1,000.00",2026-05-01\n'
                b"D-2,Ann,Closed Won,AR$ 900,2026-05-02\nD-3,Ann,Closed Lost,500,2026-05-03\n", "ar.csv")
    assert sorted(p.accepted.select("opportunity_id", "currency").rows()) == [("D-1", "USD"), ("D-3", "USD")]
    assert "BRL" not in p.money_rules["currency_rule"]


def test_a_unit_several_currencies_share_is_never_read_as_the_reporting_currency():
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Amount (converted),Close Date\n"
        "K-1,Ann,Closed Won,5 000 kr,kr 500,2026-03-01\n"
        "K-2,Ann,Closed Won,USD 700,USD 700,2026-03-01\n"
        "K-3,Ann,Closed Won,USD 700,kr 500,2026-03-01\n"
    ).encode()
    p = prepare(content, "kronor.csv")
    assert (p.rows_accepted, p.rows_quarantined) == (1, 2)
    reasons = dict(p.quarantine.select("line", "reason").iter_rows())
    assert "Amount '5 000 kr' could be in DKK, ISK, NOK or SEK: add a column with its three-letter code" in reasons[2]
    assert "Amount (converted) 'kr 500' could be in DKK, ISK, NOK or SEK: add a column" in reasons[4]


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
@pytest.mark.parametrize(
    ("header", "rows", "day_first"),
    [
        # Amounts with a decimal comma: dates nothing else settles are read day-first, and the note says why.
        ("Opportunity ID;Owner;Stage;Amount;Created Date;Close Date",
         ["E-1;Ann;Closed Won;45.000;03/04/2025;05/06/2025", "E-2;Ann;Closed Lost;1.234,56;02/01/2025;04/03/2025"], True),
        # A ';' delimiter alone settles the decimal comma, and with it the dates.
        ("Opportunity ID;Owner;Stage;Amount;Created Date;Close Date",
         ["E-1;Ann;Closed Won;45.000;03/04/2025;05/06/2025", "E-2;Ann;Closed Lost;12;02/01/2025;04/03/2025"], True),
        # A decimal point: the month-first default, named as a guess.
        ("Opportunity ID,Owner,Stage,Amount,Created Date,Close Date",
         ["U-1,Ann,Closed Won,\"1,234.56\",03/04/2025,05/06/2025", "U-2,Ann,Closed Lost,12,02/01/2025,04/03/2025"], False),
    ],
    ids=["decimal comma amounts", "semicolon file", "decimal point"],
)
def test_dates_either_order_could_read_follow_the_files_decimal_mark(tmp_path, batched, header, rows, day_first):
    """A European export (';', '45.000', '03/04/2025') had its amounts read the European way and its
    dates the American way: 3 April became 4 March."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "dates.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    p = prepare_path(path, batch_rows=1) if batched else prepare(path.read_bytes(), path.name)
    assert p.rows_quarantined == 0
    accepted = pl.concat(list(p.accepted_batches())).sort("opportunity_id")
    created = accepted.get_column("created_date")[0]
    assert created == (date(2025, 4, 3) if day_first else date(2025, 3, 4))
    order = "day-first (DD/MM/YYYY), as the file's amounts use a decimal comma" if day_first else "month-first (MM/DD/YYYY)"
    assert any(f"every date could be day-first or month-first; read as {order}" in n for n in p.notes), p.notes


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_typo_date_leaves_a_decimal_comma_files_dates_day_first(tmp_path, batched):
    """One close date typed '13/45/2025' (no date in either order) in a European export had been
    counted as both a day-first and a month-first date: the column read as "mixed", month-first by a
    tie, and every other date of the file turned from 3 April into 4 March."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "typo.csv"
    path.write_text("Opportunity ID;Owner;Stage;Amount;Close Date\n"
                    "E-1;Ann;Closed Won;1.234,50;03/04/2025\nE-2;Ann;Closed Lost;2.000,00;05/06/2025\n"
                    "E-3;Ann;Closed Won;1.500,00;13/45/2025\n")
    p = prepare_path(path, batch_rows=1) if batched else prepare(path.read_bytes(), path.name)
    accepted = pl.concat(list(p.accepted_batches())).sort("opportunity_id")
    assert accepted.get_column("close_date").to_list() == [date(2025, 4, 3), date(2025, 6, 5)]
    assert p.rows_quarantined == 1
    assert any("read as day-first (DD/MM/YYYY), as the file's amounts use a decimal comma" in n for n in p.notes), p.notes
    assert not any("some dates are day-first and others month-first" in n for n in p.notes), p.notes


def test_a_currency_no_column_settles_is_reported_against_the_amount_that_names_it():
    """With no currency column, a "5 000 kr" row was listed under Column "Currency", Value "USD":
    the reporting currency read in place of a column the file does not have."""
    content = b"Opportunity ID,Owner,Stage,Amount,Close Date\nK-1,Ann,Closed Won,5 000 kr,2026-03-01\nK-2,Ann,Closed Won,700,2026-03-01\n"
    p = prepare(content, "kronor.csv")
    (row,) = p.errors.filter(pl.col("line") == 2).rows(named=True)
    assert (row["column"], row["value"]) == ("Amount", "5 000 kr")


# Files with no currency column whose amounts carry their own units, each case with its rule.
# The amounts are listed in file order, the ones that decide the rule last, so a read in batches
# meets them only after it has read (and stored) the first rows with less to go on.
_NO_COLUMN = "Opportunity ID,Owner,Stage,Amount,Close Date\n"
_NOT_STORED = ", and no currency column says which: they are not stored"
_NONE_AMONG = "an amount whose row names no currency could be in any of these and is quarantined"
_ADD_COLUMN = "add a column with its three-letter code and map it as the currency"


# A bare "$" read as US dollars, as the rule says it (money.currency_rule).
_DOLLAR = ("; '$' is read as USD, the commonest currency so written: if the file's are Canadian, Australian or other "
           "dollars, write its code in the file")


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
@pytest.mark.parametrize(
    ("amounts", "stored", "rule", "reasons"),
    [
        pytest.param(["€5 000", "€700"], {"A-1": "EUR", "A-2": "EUR"},
                     "Every amount is in EUR, the only currency the file names.", {}, id="one currency"),
        pytest.param(["700", "€5 000"], {"A-1": "EUR", "A-2": "EUR"},
                     "EUR is the only currency the file names; an amount whose row names no currency is read as EUR.", {},
                     id="one currency and bare numbers"),
        pytest.param(["300", "€5 000", "$700"], {"A-2": "EUR", "A-3": "USD"},
                     f"Each amount's currency is read from the amounts themselves (EUR, USD); an amount whose row names no currency is quarantined{_DOLLAR}.",
                     {2: f"Amount '300' names no currency and the file holds amounts in several: {_ADD_COLUMN}"},
                     id="several currencies and a bare number"),
        pytest.param(["kr 700", "5 000 kr"], {},
                     f"Amounts such as 'kr 700' could be in DKK, ISK, NOK or SEK{_NOT_STORED}.",
                     {2: f"Amount 'kr 700' could be in DKK, ISK, NOK or SEK: {_ADD_COLUMN}",
                      3: f"Amount '5 000 kr' could be in DKK, ISK, NOK or SEK: {_ADD_COLUMN}"},
                     id="a unit several currencies share"),
        pytest.param(["700", "800", "900", "5 000 kr"], {},
                     f"Amounts such as '5 000 kr' could be in DKK, ISK, NOK or SEK{_NOT_STORED}; {_NONE_AMONG}.",
                     {2: "Amount '700' names no currency and other amounts in the file use a unit several currencies "
                         f"share, so nothing says which it is in: {_ADD_COLUMN}",
                      5: "Amount '5 000 kr' could be in DKK, ISK, NOK or SEK"},
                     id="a shared unit and bare numbers"),
        pytest.param(["€5 000", "700", "5 000 kr"], {"A-1": "EUR"},
                     "EUR is the only currency the file names; amounts such as '5 000 kr' could be in DKK, ISK, NOK "
                     f"or SEK{_NOT_STORED}; {_NONE_AMONG}.",
                     {3: "Amount '700' names no currency and other amounts in the file use a unit several currencies share",
                      4: "Amount '5 000 kr' could be in DKK, ISK, NOK or SEK"},
                     id="one currency, a shared unit and a bare number"),
        pytest.param(["€5 000", "$700", "300", "Rs 90", "5 000 kr"], {"A-1": "EUR", "A-2": "USD"},
                     "Each amount's currency is read from the amounts themselves (EUR, USD); an amount whose row names no currency is quarantined; "
                     f"amounts such as 'Rs 90' could be in INR, LKR, NPR or PKR{_NOT_STORED}; "
                     f"amounts such as '5 000 kr' could be in DKK, ISK, NOK or SEK{_NOT_STORED}{_DOLLAR}.",
                     {4: "Amount '300' names no currency and the file holds amounts in several",
                      5: "Amount 'Rs 90' could be in INR, LKR, NPR or PKR", 6: "Amount '5 000 kr' could be in DKK"},
                     id="several currencies and two shared units"),
    ],
)
def test_the_currency_rule_of_a_file_without_a_currency_column_says_what_its_amounts_name(
    tmp_path, batched, amounts, stored, rule, reasons
):
    """"5 000 kr" with no currency column was reported as "The file names no currency ... read as USD"
    (the kr rows were rightly not stored); a bare "700" beside it was stored as 700 US dollars, and
    one beside "€5 000" and "5 000 kr" as 700 euros, though either could be kronor."""
    from winloss.ingest.pipeline import file_report, prepare_path

    path = tmp_path / "units.csv"
    path.write_text(_NO_COLUMN + "".join(f'A-{n},Ann,Closed Won,"{a}",2026-03-01\n' for n, a in enumerate(amounts, 1)))
    whole = prepare(path.read_bytes(), path.name, reporting_currency="USD")
    p = prepare_path(path, batch_rows=1, reporting_currency="USD") if batched else whole
    accepted = [row for batch in p.accepted_batches() for row in batch.select("opportunity_id", "currency").rows()]
    assert dict(accepted) == stored
    assert p.money_rules["currency_rule"] == rule
    got = dict(p.quarantine.select("line", "reason").iter_rows())
    assert sorted(got) == sorted(set(range(2, len(amounts) + 2)) - {int(i[2:]) + 1 for i in stored})
    for line, reason in reasons.items():
        assert got[line].startswith(reason), got[line]
    if batched:
        assert file_report(p) == file_report(whole)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_shared_unit_first_met_far_down_a_file_the_currency_column_settles_is_in_its_rule(tmp_path, batched):
    """Every row is in SEK by its currency column, so a late "5 000 kr" changes no row's currency and
    the file is read once: the rule must still name the unit, as the whole file's reading does."""
    from winloss.ingest.pipeline import file_report, prepare_path

    rows = [f"S-{n},Ann,Closed Won,{n}00,SEK,2026-03-01\n" for n in range(1, 9)] + ["S-9,Ann,Closed Won,5 000 kr,SEK,2026-03-01\n"]
    path = tmp_path / "kronor.csv"
    path.write_text("Opportunity ID,Owner,Stage,Amount,Currency,Close Date\n" + "".join(rows))
    whole = prepare(path.read_bytes(), path.name)
    p = prepare_path(path, batch_rows=2) if batched else whole
    assert p.rows_accepted == 9
    assert p.money_rules["currency_rule"] == (
        "SEK is the only currency the file names; amounts such as '5 000 kr' could be in DKK, ISK, NOK or SEK and are "
        "stored only where the column 'Currency' names one of them."
    )
    if batched:
        assert file_report(p) == file_report(whole)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
@pytest.mark.parametrize(
    ("converted", "rule"),
    [
        pytest.param(["kr 500", "kr 600"], "Value figures use 'Amount (converted)'; amounts in it such as 'kr 500' could be "
                     "in DKK, ISK, NOK or SEK, and no currency column says which: they are not stored; the original amount "
                     "and currency are kept.", id="all in a shared unit"),
        pytest.param(["700", "800", "900", "kr 500"], "Value figures use 'Amount (converted)' in USD where it names none "
                     "(the store's reporting currency); amounts in it such as 'kr 500' could be in DKK, ISK, NOK or SEK, "
                     "and no currency column says which: they are not stored; the original amount and currency are kept.",
                     id="bare numbers and a shared unit"),
        pytest.param(["700", "€5"], "Value figures use 'Amount (converted)' in EUR; where it names none, USD; the original "
                     "amount and currency are kept.", id="bare numbers and a euro"),
    ],
)
def test_the_rule_for_converted_amounts_says_what_they_name(tmp_path, batched, converted, rule):
    """Converted amounts all written "kr 500" were reported as "in USD (it names no currency: read as
    the store's reporting currency)", though none was read so: each was rightly not stored."""
    from winloss.ingest.pipeline import file_report, prepare_path

    path = tmp_path / "converted.csv"
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Amount (converted),Close Date\n" + "".join(
        f'C-{n},Ann,Closed Won,USD 50,"{c}",2026-03-01\n' for n, c in enumerate(converted, 1)
    ))
    whole = prepare(path.read_bytes(), path.name, reporting_currency="USD")
    p = prepare_path(path, batch_rows=1, reporting_currency="USD") if batched else whole
    assert p.money_rules["currency_rule"] == f"{rule} Every amount is in USD, the only currency the file names."
    assert p.rows_quarantined == sum("kr" in c for c in converted)
    if batched:
        assert file_report(p) == file_report(whole)


def test_pipedrive_currency_of_value_is_each_deals_currency_not_the_reporting_one():
    """Pipedrive's export names the currency "Deal - Currency of Value"; unknown, every deal was read as USD."""
    p = prepared("currencies_pipedrive.csv", reporting_currency="USD")
    assert p.source == "pipedrive" and p.mapping.fields["currency"] == "Deal - Currency of Value"
    assert dict(p.accepted.select("opportunity_id", "currency").iter_rows()) == {
        "501": "EUR", "502": "USD", "503": "GBP", "504": "SEK", "505": "EUR",
    }
    assert p.money_rules["currency_rule"].startswith("Each amount's currency is read from the column 'Deal - Currency of Value'")


def test_a_conflict_names_what_it_conflicts_with_and_the_currencies_count_only_rows_stored(tmp_path):
    """"Currency cannot be settled … e.g. USDD, USD": the USD was the row whose amount is €4,000.00;
    and "from the amounts themselves: EUR" came only from that row, which was not stored."""
    from winloss.ingest.pipeline import prepare_path
    from winloss.ingest.validation import grouped_errors

    path = tmp_path / "conflict.csv"
    path.write_text("Opportunity ID,Sales Rep,Stage,Close Date,Amount,Currency\n"
                    "C-1,Ivo Marsh,Closed Won,2026-03-05,\"$1,100.00\",USD\nC-2,Ivo Marsh,Closed Won,2026-03-06,\"$3,000.00\",USDD\n"
                    "C-3,Pia Lund,Closed Won,2026-03-07,\"€4,000.00\",USD\nC-4,Pia Lund,Closed Lost,2026-03-08,\"$900.00\",USD\n")
    whole = prepare(path.read_bytes(), path.name)
    with prepare_path(path, batch_rows=1) as in_batches:
        for p in (whole, in_batches):
            examples = dict(grouped_errors(p.errors).select("check", "examples").iter_rows())
            assert examples["Currency cannot be settled"] == "USDD, USD beside €4,000.00"
            assert p.money_rules["currency_rule"] == (
                "Each amount's currency is read from the column 'Currency' (USD); EUR is named only on rows not stored; an amount whose row names no currency is quarantined."
            )


ACCOUNTING = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    "Z-1,Ann,Closed Won, $ -   ,2024-03-01\n"  # Excel's accounting format shows zero so, and a CSV saved from it writes it
    "Z-2,Bob,Closed Won,\" $ 1,200.00 \",2024-03-02\n"
    "Z-3,Cat,Closed Lost,- $,2024-03-03\n"
    "Z-4,Dan,Closed Won,-,2024-03-04\n"  # a dash alone: nothing, as an empty cell
    "Z-5,Eve,Closed Won,$ 5 -,2024-03-05\n"  # a number: not zero (negative, so not stored)
)


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_currency_and_a_dash_alone_is_excels_accounting_zero_read_as_0_by_a_named_rule(tmp_path, batched):
    """ "$ -" was quarantined as "not an amount of money": it is how Excel shows 0 in its accounting format."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "accounting.csv"
    path.write_text(ACCOUNTING, encoding="utf-8")
    p = prepare_path(path, batch_rows=2) if batched else prepare(path.read_bytes(), path.name)
    accepted = pl.concat(list(p.accepted_batches())).select("opportunity_id", "amount", "currency").sort("opportunity_id")
    assert accepted.rows() == [("Z-1", 0.0, "USD"), ("Z-2", 1200.0, "USD"), ("Z-3", 0.0, "USD"), ("Z-4", None, None)]
    assert p.notes.count(
        "Amount: amounts written as a currency and a dash alone (such as '$ -'), which is how Excel's accounting "
        "format shows zero, are read as 0."
    ) == 1
    assert dict(p.quarantine.select("line", "reason").iter_rows())[6] == "Amount '$ 5 -' is negative: amounts must be 0 or more."
    plain = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\nZ-9,Ann,Closed Won,100,2024-03-01\n", "plain.csv")
    assert not [n for n in plain.notes if "accounting" in n]


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_the_accounting_zero_rule_quotes_the_files_own_dash(tmp_path, batched):
    """The note quoted '$ -' whatever the file wrote: a file in euros showed a dollar sign it never held."""
    from winloss.ingest.pipeline import prepare_path

    path = tmp_path / "euros.csv"
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
                    "E-1,Ann,Closed Won,\"1.200,00 €\",2024-03-01\nE-2,Bob,Closed Won,\"€  -\",2024-03-02\n"
                    "E-3,Cat,Closed Won,€ -,2024-03-03\n", encoding="utf-8")
    p = prepare_path(path, batch_rows=1) if batched else prepare(path.read_bytes(), path.name)
    said = [n for n in p.notes if "accounting format" in n]
    assert said == ["Amount: amounts written as a currency and a dash alone (such as '€ -'), which is how Excel's "
                    "accounting format shows zero, are read as 0."]


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_sign_other_currencies_write_too_is_read_as_its_commonest_by_a_named_rule(tmp_path, batched):
    """A Canadian export's "$5,000" was stored as 5,000 US dollars, the report naming only "USD": the
    rule that read "$" (and "¥", and a currency column's "Dollar") is now said, with what to do."""
    from winloss.ingest.pipeline import prepare_path

    def rule(content: str) -> str:
        path = tmp_path / "signs.csv"
        path.write_text(content, encoding="utf-8")
        p = prepare_path(path, batch_rows=1) if batched else prepare(path.read_bytes(), path.name)
        return p.money_rules["currency_rule"]

    head = "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount"
    assert rule(f"{head}\nD-1,Ann,Closed Won,2026-03-01,\"$5,000\"\nD-2,Ann,Closed Won,2026-03-02,$700\n") == (
        f"Every amount is in USD, the only currency the file names{_DOLLAR}.")
    assert "'¥' is read as JPY" in rule(f"{head}\nY-1,Ann,Closed Won,2026-03-01,¥5000\n")
    assert "'Dollar' is read as USD" in rule(f"{head},Currency\nC-1,Ann,Closed Won,2026-03-01,500,Dollar\n")
    # Written with their letters, or beside a currency column that names them, they are no guess.
    assert "commonest" not in rule(f"{head}\nU-1,Ann,Closed Won,2026-03-01,US$5000\nU-2,Ann,Closed Won,2026-03-01,USD 7\n")
    assert "commonest" not in rule(f"{head},Currency\nC-1,Ann,Closed Won,2026-03-01,$500,USD\n")
    assert "commonest" not in rule(f"{head}\nC-1,Ann,Closed Won,2026-03-01,C$500\n")


def test_a_bare_dollar_beside_a_currency_column_blank_on_its_row_is_said_too():
    """The '$' rule was silent whenever the file had a currency column, even one blank on the '$' rows."""
    rule = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Opportunity Currency,Close Date\n"
                   b"1,Ann,Closed Won,$100,,2024-01-05\n2,Ann,Closed Won,200,CAD,2024-01-05\n", "cad.csv").money_rules
    assert "'$' is read as USD, the commonest currency so written" in rule["currency_rule"]


@pytest.mark.parametrize(("header", "unit", "read"), [
    ("Amount (k€)", "k€", (1_500_000.0, "EUR")), ("Amount (EUR)", "EUR", (1500.0, "EUR")), ("Value in USD", "USD", (1500.0, "USD")),
    ("Revenue ($M)", "$M", (1_500_000_000.0, "USD")), ("Deal value (000s)", "000s", (1_500_000.0, "USD")),
])  # fmt: skip
def test_a_unit_the_amount_header_names_and_no_amount_writes_is_applied_and_said(header, unit, read):
    """Mapped as the report asked, "Amount (k€)" of 1500 was stored as 1,500 in the reporting currency, the rule
    saying only that the header's unit was not applied (tests/ingest/test_header_units.py has the rest)."""
    from winloss.ingest.pipeline import prepare

    content = f'Opportunity ID,Opportunity Owner,Stage,Close Date,"{header}"\nA1,Ann,Closed Won,2025-03-05,1500\n'
    file = prepare(content.encode(), "f.csv", overrides={"amount": header})
    assert file.accepted.select("amount", "currency").rows() == [read]
    assert (f"The column '{header}' names {unit} in its header: amounts that write no currency or scale of their own "
            "are read in it ('1500' as ") in file.money_rules["currency_rule"]


@pytest.mark.parametrize("header", ["Amount (converted)", "Amount", "Amount (incl. VAT)"])
def test_a_header_naming_no_unit_adds_nothing(header):
    from winloss.ingest.pipeline import prepare

    content = f'Opportunity ID,Opportunity Owner,Stage,Close Date,"{header}"\nA1,Ann,Closed Won,2025-03-05,1500\n'
    file = prepare(content.encode(), "f.csv", overrides={"amount": header})
    assert "in its header" not in file.money_rules["currency_rule"]


def test_a_unit_the_amounts_write_themselves_needs_no_sentence():
    from winloss.ingest.pipeline import prepare

    file = prepare(b'Opportunity ID,Opportunity Owner,Stage,Close Date,Amount (EUR)\nA1,Ann,Closed Won,2025-03-05,EUR 1500\n',
                   "f.csv", overrides={"amount": "Amount (EUR)"})
    assert "in its header" not in file.money_rules["currency_rule"]


def test_yuan_and_ruble_written_with_their_own_characters_are_amounts():
    """"5万元" (fifty thousand yuan) and "5 млн руб." (five million rubles), as Chinese and Russian CRMs
    write them, were quarantined as no amount. 元 is read as the yuan, the commonest currency so written,
    and the report says so; руб. is the ruble of Russia and of Belarus, so the currency column says which."""
    yuan = prepare("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
                   "C1,Li Wei,Closed Won,5万元,2026-03-04\nC2,Li Wei,Closed Lost,120000元,2026-03-05\n".encode(), "cn.csv")
    assert yuan.accepted.select("amount", "currency").rows() == [(50_000.0, "CNY"), (120_000.0, "CNY")]
    assert "'元' is read as CNY, the commonest currency so written: if the file's are New Taiwan, Hong Kong or Macau dollars" in (
        yuan.money_rules["currency_rule"])
    ruble = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date{}\nR1,Ivan Petrov,Closed Won,5 млн руб.,2026-03-04{}\n" \
            "R2,Ivan Petrov,Closed Lost,\"1 200,50 руб\",2026-03-05{}\n"
    named = prepare(ruble.format(",Currency", ",RUB", ",RUB").encode(), "ru.csv")
    assert named.accepted.select("amount", "currency").rows() == [(5_000_000.0, "RUB"), (1_200.5, "RUB")]
    unnamed = prepare(ruble.format("", "", "").encode(), "ru.csv")
    assert unnamed.rows_accepted == 0
    assert unnamed.quarantine.get_column("reason")[0].startswith("Amount '5 млн руб.' could be in BYN or RUB: add a column")


CURRENCY_WORDS = (
    "Opportunity ID,Rep,Stage,Amount,Currency,Close Date\n"
    "W-1,Ivo Novak,Closed Won,10000,EUR,2026-03-10\n"
    "W-2,Ivo Novak,Closed Won,12000,USD,2026-05-10\n"
    "W-3,Ivo Novak,Closed Lost,13000,,2026-06-10\n"
    "W-4,Ivo Novak,Closed Lost,14000 GBP,,2026-07-10\n"
)


def test_the_currency_rule_says_where_each_currency_is_read_from_and_what_happens_to_an_amount_naming_none(tmp_path):
    """'Currency: Currencies from the column 'Currency': EUR, USD; an amount with none is not stored.' said
    "currency" twice on the Data page and left "an amount with none" to be worked out; the row is quarantined,
    not merely "not stored". Whole or in batches, one sentence."""
    (tmp_path / "words.csv").write_text(CURRENCY_WORDS)
    from winloss.ingest.pipeline import prepare_path

    batched = prepare_path(tmp_path / "words.csv", batch_rows=2)
    for p in (prepare(CURRENCY_WORDS.encode(), "words.csv"), batched):
        assert p.money_rules["currency_rule"] == (
            "Each amount's currency is read from the column 'Currency' (EUR, USD) and the amounts themselves (GBP); "
            "an amount whose row names no currency is quarantined.")
        assert p.quarantine.get_column("line").to_list() == [4]  # W-3: as the rule says
    batched.discard()
    # One currency, amounts naming none: read as it, in the same words.
    one = CURRENCY_WORDS.replace(",EUR,", ",USD,").replace("14000 GBP", "14000 USD")
    assert prepare(one.encode(), "one.csv").money_rules["currency_rule"] == (
        "USD is the only currency the file names; an amount whose row names no currency is read as USD.")


def test_a_rule_saying_the_file_names_one_currency_says_which_texts_of_the_currency_column_are_none(tmp_path):
    """'Every amount is in USD, the only currency the file names.' while the file's currency column also
    held 'XYZ' (no currency: its row quarantined). Whole or in batches; several such texts named too."""
    csv = ("Opportunity ID,Rep,Stage,Amount,Currency,Close Date\n"
           "X-1,Ivo Novak,Closed Won,10000,USD,2026-03-10\n"
           "X-2,Ivo Novak,Closed Won,12000,XYZ,2026-05-10\n"
           "X-3,Ivo Novak,Closed Lost,13000,USD,2026-06-10\n")
    (tmp_path / "xyz.csv").write_text(csv)
    from winloss.ingest.pipeline import prepare_path

    batched = prepare_path(tmp_path / "xyz.csv", batch_rows=2)
    for p in (prepare(csv.encode(), "xyz.csv"), batched):
        assert p.money_rules["currency_rule"] == (
            "Every amount is in USD, the only currency the file names ('XYZ' in the column 'Currency' is not one: its "
            "rows are quarantined).")
        assert p.quarantine.get_column("line").to_list() == [3]
    batched.discard()
    more = csv + "X-4,Ivo Novak,Closed Lost,13000,TBD,2026-06-10\n"
    assert prepare(more.encode(), "more.csv").money_rules["currency_rule"].endswith(
        "('XYZ' and 'TBD' in the column 'Currency' are not currencies: their rows are quarantined).")
