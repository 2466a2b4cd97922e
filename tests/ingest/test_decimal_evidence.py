"""An amount's decimal mark is settled by the strongest evidence in the file, never by weak evidence against
strong: a workbook's number cells show no mark at all, amounts grouped in thousands outrank a ';' delimiter
or dotted dates, common notations are read with the currency they name, and a no-value marker ("N/A") is
asked to be left blank. Each case CSV and workbook, read whole and in batches where a file can be."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter

from winloss.ingest.pipeline import PreparedFile, prepare, prepare_path
from winloss.ingest.values import CHOOSE_DECIMAL_MARK

HEADER = ("Deal ID", "Owner", "Stage", "Amount", "Close Date")


def csv_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows([header, *rows])
    return buffer.getvalue().encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, amount_format: str | None = None) -> bytes:
    """A workbook of `rows`: a str is a text cell as typed, an int or float a number cell (formatted with
    `amount_format` when given)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Deals")
    formatted = book.add_format({"num_format": amount_format}) if amount_format else None
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value, formatted)
    book.close()
    return buffer.getvalue()


@contextmanager
def prepared(content: bytes, name: str, how: str, tmp_path: Path, **options: Any) -> Iterator[PreparedFile]:
    """The file prepared whole, or from disk one row a batch (`how`: "whole" or "batched")."""
    if how == "whole":
        yield prepare(content, name, **options)
        return
    path = tmp_path / name
    path.write_bytes(content)
    with prepare_path(path, batch_rows=1, **options) as p:
        yield p


def stored(p: PreparedFile) -> dict[str, tuple[float, str]]:
    frames = list(p.accepted_batches()) if p.staged is not None else [p.accepted]
    frame = pl.concat([f.select("opportunity_id", "amount", "currency") for f in frames])
    return {i: (a, c) for i, a, c in frame.iter_rows()}


def reasons(p: PreparedFile) -> dict[int, str]:
    return dict(p.quarantine.select("line", "reason").iter_rows()) if p.quarantine.height else {}


WAYS = ["whole", "batched"]


# 1. A workbook's number cells carry no decimal mark: its reader writes 1234,5 as "1234.5" whatever the
# file's locale, so they are read as numbers and settle nothing for the amounts typed as text beside them.

def test_number_cells_are_no_evidence_against_typed_amounts_the_dates_settle():
    """The review's workbook: number cells 1234.5 and 8000 formatted in euros beside text typed '45.000 €' and
    '12.500', dates 31.12.2025. '1234.5' was taken to show a decimal point and the texts were stored as 45.00
    and 12.50 EUR, with no choice offered. The dates are the evidence; the rule names them and the cells."""
    rows = [("M-1", "Ann Lee", "Won", 1234.5, "31.12.2025"), ("M-2", "Ann Lee", "Won", "45.000 €", "30.11.2025"),
            ("M-3", "Bob Roy", "Lost", "12.500", "15.11.2025"), ("M-4", "Bob Roy", "Won", 8000, "01.11.2025")]
    p = prepare(xlsx_bytes(rows, amount_format="#,##0.00 [$€-407]"), "mixed.xlsx")
    assert stored(p) == {"M-1": (1234.5, "EUR"), "M-2": (45_000.0, "EUR"), "M-3": (12_500.0, "EUR"), "M-4": (8000.0, "EUR")}
    rule = p.money_rules["separator_rule"]
    assert rule.startswith("Amounts use a decimal comma (1.234,56), as the file's dates (mostly written day.month.year: "
                           "Close Date '31.12.2025' on line 2) show")
    assert "Amounts stored as numbers in the workbook (such as '1234.5') are read as Excel holds them" in rule and "'1234.5' shows" not in rule
    assert rule.endswith(CHOOSE_DECIMAL_MARK)
    assert p.decimal_mark is not None and p.decimal_mark.offered  # the Data page offers the other mark


def test_number_cells_leave_typed_thousands_to_their_own_shape():
    """With no dates to go by, typed '45.000' and '8.500' are one to three digits, a point and three more:
    thousands, as amounts are not written to a thousandth. They were read as 45 and 8.5 after '1234.5'."""
    rows = [("N-1", "Ann Lee", "Won", 1234.5, "2025-12-31"), ("N-2", "Ann Lee", "Won", "45.000", "2025-11-30"),
            ("N-3", "Bob Roy", "Lost", "8.500", "2025-11-15")]
    p = prepare(xlsx_bytes(rows), "iso_dates.xlsx")
    assert {k: v for k, (v, _) in stored(p).items()} == {"N-1": 1234.5, "N-2": 45_000.0, "N-3": 8_500.0}
    assert "the point groups thousands (45,000)" in p.money_rules["separator_rule"]


def test_number_cells_do_not_make_a_typed_decimal_comma_a_conflict():
    """'1234.5' from a number cell beside typed '1,5' made the file look written with both marks, and the
    typed '45.000' was quarantined as either; the typed amounts alone show a decimal comma."""
    rows = [("C-1", "Ann Lee", "Won", 1234.5, "2025-12-31"), ("C-2", "Ann Lee", "Won", "1,5", "2025-11-30"),
            ("C-3", "Bob Roy", "Lost", "45.000", "2025-11-15")]
    p = prepare(xlsx_bytes(rows), "typed_comma.xlsx")
    assert (p.rows_accepted, p.rows_quarantined) == (3, 0)
    assert {k: v for k, (v, _) in stored(p).items()} == {"C-1": 1234.5, "C-2": 1.5, "C-3": 45_000.0}
    assert p.money_rules["decimal_mark"] == "decimal comma (1.234,56)"
    assert "as '1,5' shows" in p.money_rules["separator_rule"]


# 2. The values outrank a ';' delimiter and dotted or month-first dates: one to three digits, a single
# separator and three more is thousands (in a currency with cents), never a thousandth on a clue alone.

@pytest.mark.parametrize("how", WAYS)
def test_a_semicolon_delimiter_does_not_make_thousands_into_decimals(how, tmp_path):
    """The review's CSV: '1,234', '12,500', '8,000', '250,000' with a ';' delimiter were stored as $1.234,
    $12.50, $8 and $250 "as the file's ';' delimiter shows"."""
    rows = [("A1", "Ann Lee", "Won", "1,234", "2025-11-01"), ("A2", "Ann Lee", "Lost", "12,500", "2025-11-02"),
            ("A3", "Bob Roy", "Won", "8,000", "2025-11-03"), ("A4", "Bob Roy", "Open", "250,000", "2026-03-01")]
    with prepared(csv_bytes(rows, delimiter=";"), "semicolon_us.csv", how, tmp_path) as p:
        assert {k: v for k, (v, _) in stored(p).items()} == {"A1": 1234.0, "A2": 12_500.0, "A3": 8000.0, "A4": 250_000.0}
        assert p.money_rules["decimal_mark"] == "decimal point (1,234.56)"
        assert p.money_rules["separator_rule"] == (
            "Amounts use a decimal point (1,234.56): in '1,234' and every amount like it, the comma groups thousands "
            "(1,234), as amounts are not written to a thousandth in the file's currencies; the file's ';' delimiter "
            "points to a decimal comma (1.234,56), but that would make '1,234' 1.234, and the amounts' own shape "
            f"outranks it. {CHOOSE_DECIMAL_MARK}")
        assert p.decimal_mark is not None and p.decimal_mark.offered


@pytest.mark.parametrize("how", WAYS)
def test_dotted_dates_and_a_semicolon_do_not_make_dollar_thousands_into_decimals(how, tmp_path):
    rows = [("D1", "Ann Lee", "Won", "$1,500", "05.03.2025"), ("D2", "Ann Lee", "Lost", "$12,000", "13.03.2025"),
            ("D3", "Bob Roy", "Won", "$800", "21.05.2025")]
    with prepared(csv_bytes(rows, delimiter=";"), "dotted.csv", how, tmp_path) as p:
        assert stored(p) == {"D1": (1500.0, "USD"), "D2": (12_000.0, "USD"), "D3": (800.0, "USD")}
        rule = p.money_rules["separator_rule"]
        assert "the comma groups thousands (1,500)" in rule
        assert "the file's dates (mostly written day.month.year: Close Date '05.03.2025' on line 2) and its ';' delimiter " \
               "point to a decimal comma (1.234,56), but that would make '$1,500' 1.500" in rule


def test_month_first_dates_do_not_make_a_workbooks_typed_thousands_into_decimals():
    """Typed '45.000' and '12.500' beside month-first dates (a decimal point's clue) were read as 45 and 12.5."""
    rows = [("W1", "Ann Lee", "Won", "45.000", "03/25/2025"), ("W2", "Ann Lee", "Lost", "12.500", "04/15/2025")]
    p = prepare(xlsx_bytes(rows), "month_first.xlsx")
    assert {k: v for k, (v, _) in stored(p).items()} == {"W1": 45_000.0, "W2": 12_500.0}
    rule = p.money_rules["separator_rule"]
    assert "the point groups thousands (45,000)" in rule and "month-first dates" in rule and "outranks it" in rule


# 3. Notations people write: Indian grouping, German whole amounts, a dollar sign with its country.

NOTATIONS = [
    ("₹1,20,000", None, (120_000.0, "INR")),
    ("1,20,000", "INR", (120_000.0, "INR")),
    ("Rs. 1,20,000", "INR", (120_000.0, "INR")),
    ("12,50,000.00", "INR", (1_250_000.0, "INR")),
    ("1.200,-", "EUR", (1200.0, "EUR")),
    ("1.200,- €", None, (1200.0, "EUR")),
    ("15.000,-", "EUR", (15_000.0, "EUR")),
    ("1 200,00 $ CA", None, (1200.0, "CAD")),
    ("15 000 $ CAD", None, (15_000.0, "CAD")),
]


@pytest.mark.parametrize("how", [*WAYS, "workbook"])
@pytest.mark.parametrize(("written", "column", "expected"), NOTATIONS)
def test_common_notations_are_read_with_the_currency_they_name(written, column, expected, how, tmp_path):
    """Each was quarantined as "not an amount of money: write the number alone...", which did not say what to change."""
    header = (*HEADER, "Currency") if column else HEADER
    rows = [("N1", "Ann Lee", "Won", written, "2025-11-01", *([column] if column else []))]
    if how == "workbook":
        p = prepare(xlsx_bytes(rows, header), "notation.xlsx")
        assert stored(p) == {"N1": expected}
        return
    with prepared(csv_bytes(rows, header), "notation.csv", how, tmp_path) as p:
        assert stored(p) == {"N1": expected}, reasons(p)


# 4. A no-value marker is asked to be left blank, in every column a value is read from.

@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("marker", ["N/A", "tbd"])
def test_a_no_value_marker_in_a_converted_amount_or_its_currency_is_asked_to_be_left_blank(marker, how, tmp_path):
    header = ("Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Currency", "Amount (converted)",
              "Amount (converted) Currency", "Close Date")
    rows = [("K1", "Ann Lee", "Closed Won", "1000", "EUR", marker, "USD", "2025-11-01"),
            ("K2", "Ann Lee", "Closed Won", "1000", "EUR", "1100", marker, "2025-11-01"),
            ("K3", "Ann Lee", "Closed Won", "1000", "EUR", "1100", "USD", "2025-11-01")]
    with prepared(csv_bytes(rows, header), "converted.csv", how, tmp_path) as p:
        said = reasons(p)
    assert said[2] == (f"Amount (converted) '{marker}' marks no amount: leave the cell blank if there is none, or write the "
                       "amount (5000, EUR 5000).")
    assert said[3] == (f"Amount (converted) Currency '{marker}' marks no currency: leave the cell blank if there is none, or "
                       "write its three-letter ISO 4217 code (USD, EUR, GBP...).")


@pytest.mark.parametrize("how", [*WAYS, "workbook"])
@pytest.mark.parametrize("marker", ["N/A", "n/a", "TBD"])
def test_a_no_value_marker_is_asked_to_be_left_blank(marker, how, tmp_path):
    header = (*HEADER, "Currency", "Probability (%)")
    rows = [("V1", "Ann Lee", "Won", marker, "2025-11-01", "USD", "50%"),
            ("V2", "Ann Lee", "Won", "500", marker, "USD", "50%"),
            ("V3", "Ann Lee", "Open", "500", "2026-01-01", marker, "50%"),
            ("V4", "Ann Lee", "Open", "500", "2026-01-01", "USD", marker),
            ("V5", "Ann Lee", "Won", "700", "2025-11-01", "USD", "100%")]
    if how == "workbook":
        p = prepare(xlsx_bytes(rows, header), "markers.xlsx")
        said = reasons(p)
    else:
        with prepared(csv_bytes(rows, header), "markers.csv", how, tmp_path) as p:
            said = reasons(p)
    assert said[2] == f"Amount '{marker}' marks no amount: leave the cell blank if there is none, or write the amount (5000, EUR 5000)."
    assert said[3] == (f"Close Date '{marker}' is not a date: it marks that there is none; leave the cell blank if so, or "
                       "write it as year-month-day (such as 2026-03-11 for 11 March 2026), or as the file's other dates are written.")
    assert said[4] == (f"Currency '{marker}' marks no currency: leave the cell blank if there is none, or write its three-letter "
                       "ISO 4217 code (USD, EUR, GBP...).")
    assert said[5].startswith(f"Probability (%) '{marker}' marks no probability: leave the cell blank if there is none")


FIXTURES = Path(__file__).parent.parent / "fixtures" / "money"


@pytest.mark.parametrize("how", WAYS)
def test_the_reviewed_files_are_read_as_their_amounts_are_written(how, tmp_path):
    """The two files of the sales-ops review, as they were sent: each amount had been stored a thousandth of itself."""
    with prepared((FIXTURES / "semicolon_us_amounts.csv").read_bytes(), "semicolon_us_amounts.csv", how, tmp_path) as p:
        assert {k: v for k, (v, _) in stored(p).items()} == {"A1": 1234.0, "A2": 12_500.0, "A3": 8000.0, "A4": 250_000.0}
    workbook = prepare((FIXTURES / "mixed_text_number_amounts_eur.xlsx").read_bytes(), "mixed_text_number_amounts_eur.xlsx")
    assert stored(workbook) == {"M-1": (1234.5, "EUR"), "M-2": (45_000.0, "EUR"), "M-3": (12_500.0, "EUR"),
                                "M-4": (8000.0, "EUR")}
