"""A column that holds only currencies is never left unread while amounts are stored in a default currency, and the
names CRMs write for a currency are read.

A Dynamics sheet's "Est. Revenue" header was merged over the amount and the column beside it, which held JPY, USD
and EUR: that column had no header ("Column 7"), was not read, and 1,200,000 JPY was stored as $1.2M, the report
saying twice that 'Column 7' names currencies. A Japanese Dynamics export's currency '日本円' quarantined every row,
even with ¥-formatted amounts, with the advice to write each row's ISO code."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from command_line import run

from winloss.ingest import mapping as mapping_module
from winloss.ingest import values
from winloss.ingest.mapping import currency_code_columns
from winloss.ingest.pipeline import prepare, prepare_path

BOTH = pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])


def prepared(tmp_path: Path, text: str, batched: bool, **kwargs):
    """`text` written to a CSV and prepared whole, or from disk a row at a time (`batched`)."""
    path = tmp_path / "deals.csv"
    path.write_text(text, encoding="utf-8")
    if batched:
        return prepare_path(path, batch_rows=1, **kwargs)
    return prepare(path.read_bytes(), "deals.csv", **kwargs)


def stored(prep) -> list[tuple]:
    frames = [part.collect() for part in prep.accepted_columns(["opportunity_id", "amount", "currency"])]
    return sorted(pl.concat(frames).rows())


def merged_header_workbook() -> bytes:
    """The reviewer's sheet: "Est. Revenue" merged over F:G, G holding each deal's currency and no header."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Opportunities")
    for column, header in enumerate(["(Do Not Modify) Opportunity", "Topic", "Owner", "Status", "Status Reason"]):
        sheet.write(0, column, header)
    sheet.merge_range(0, 5, 0, 6, "Est. Revenue")
    sheet.write(0, 7, "Actual Close Date")
    dated = book.add_format({"num_format": "yyyy/mm/dd"})
    rows = [("g-1", "A", "Kenji Sato", "Won", "Won", 1200000, "JPY", dt.date(2026, 11, 5)),
            ("g-2", "B", "Kenji Sato", "Lost", "Out-Sold", 800000, "USD", dt.date(2026, 10, 3)),
            ("g-3", "C", "Yuki Tanaka", "Won", "Won", 500000, "EUR", dt.date(2026, 11, 7))]
    for line, row in enumerate(rows, 1):
        for column, value in enumerate(row[:-1]):
            sheet.write(line, column, value)
        sheet.write_datetime(line, 7, dt.datetime.combine(row[-1], dt.time()), dated)
    book.close()
    return out.getvalue()


MERGED_NOTE = ("The column 'Est. Revenue (part 2)' has no header of its own: the header 'Est. Revenue' is merged across it "
               "and the amount's column, and every value it holds is a currency (EUR, JPY and USD): it is read as each "
               "deal's currency. If it is not, map the column that is to Currency, or none (on the command line: --map currency=).")


def test_the_part_of_the_amounts_merged_header_is_read_as_its_currency():
    prep = prepare(merged_header_workbook(), "dynamics_merged_header.xlsx")
    assert prep.rejected is None
    assert stored(prep) == [("g-1", 1200000.0, "JPY"), ("g-2", 800000.0, "USD"), ("g-3", 500000.0, "EUR")]
    assert MERGED_NOTE in prep.notes
    assert "Column 7" not in " ".join([*prep.notes, *(r for r in prep.money_rules.values() if r)])


def test_the_command_line_stores_each_deal_in_its_currency_and_says_so_once(tmp_path):
    path = tmp_path / "dynamics_merged_header.xlsx"
    path.write_bytes(merged_header_workbook())
    said = run("ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert said.returncode == 0, said.stderr
    lines = said.stdout.splitlines()
    assert f"{path}: {MERGED_NOTE}" in lines
    assert sum("'Est. Revenue (part 2)'" in line for line in lines) == 2  # the note, and the rule that reads it
    assert not any("names currencies" in line or "Not used" in line for line in lines)


ONE = "Deal ID,Owner,Stage,Amount,Close Date,\nU-1,Ann Lee,Won,1000,2025-11-01,JPY\nU-2,Bob Roy,Lost,2500,2025-11-02,eur\n"
TWO = "Deal ID,Owner,Stage,Amount,Close Date,A,B\nU-1,Ann Lee,Won,1000,2025-11-01,JPY,USD\nU-2,Bob Roy,Lost,2500,2025-11-02,EUR,USD\n"
HELD = ("The columns 'A' and 'B' each hold only currencies and none is read as the deals' currency, so amounts that name no "
        "currency of their own cannot be placed and the file is not stored: map the one that gives each deal's currency to "
        "Currency (on the command line: --map currency=\"A\"), or, if every amount is in one currency, choose it (on the "
        "command line: --currency EUR).")


@BOTH
def test_the_files_only_column_of_currencies_is_read_as_the_currency_by_a_named_rule(tmp_path, batched):
    prep = prepared(tmp_path, ONE, batched)
    assert stored(prep) == [("U-1", 1000.0, "JPY"), ("U-2", 2500.0, "EUR")]
    assert ("The column 'Column 6' is the file's only column whose every value is a currency, and every value it holds "
            "is a currency (EUR and JPY): it is read as each deal's currency.") in " ".join(prep.notes)
    # Mapped away by the user, the column is named again, once, and its amounts read as the reporting currency.
    unread = prepared(tmp_path, ONE, batched, overrides={"currency": ""})
    assert [row[2] for row in stored(unread)] == ["USD", "USD"]
    assert "The column 'Column 6' names currencies (EUR and JPY)" in unread.money_rules["currency_rule"]
    assert unread.money_rules["currency_question"] is None


@BOTH
def test_several_columns_of_currencies_hold_the_file_until_one_is_mapped(tmp_path, batched):
    prep = prepared(tmp_path, TWO, batched)
    assert prep.rejected == HELD
    assert prep.money_rules.get("currency_rule") is None and prep.money_rules.get("currency_question") is None
    mapped = prepared(tmp_path, TWO, batched, overrides={"currency": "A"})
    assert mapped.rejected is None and stored(mapped) == [("U-1", 1000.0, "JPY"), ("U-2", 2500.0, "EUR")]
    chosen = prepared(tmp_path, TWO, batched, file_currency="USD")
    assert chosen.rejected is None and [row[2] for row in stored(chosen)] == ["USD", "USD"]


def test_the_command_line_stores_nothing_of_a_held_file(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text(TWO, encoding="utf-8")
    said = run("ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert said.returncode == 1
    assert (said.stdout + said.stderr).count(HELD) == 1
    assert "Stored as version" not in said.stdout


@pytest.mark.parametrize(("name", "code"), [
    ("日本円", "JPY"), ("円", "JPY"), ("Euro", "EUR"), ("US Dollar", "USD"), ("Dollar US", "USD"), ("Yen", "JPY"),
    ("Japanese Yen", "JPY"), ("Pound Sterling", "GBP"), ("Livre sterling", "GBP"), ("Dólar estadounidense", "USD"),
    ("Schweizer Franken", "CHF"), ("dollar  américain", "USD"), ("人民元", "CNY"),
])  # fmt: skip
def test_the_names_crms_write_for_common_currencies_are_read(name, code):
    assert pl.select(values.currency_code(pl.lit(name))).item() == code


@pytest.mark.parametrize("word", ["Won", "Lost", "Real", "XYZ", "Yen du Japon"])
def test_words_that_name_no_currency_by_themselves_are_not_read_as_one(word):
    assert pl.select(values.currency_code(pl.lit(word))).item() == ""


JAPANESE = ("Deal ID,Owner,Stage,Amount,通貨,Close Date\n"
            "J-1,Kenji Sato,Won,1200000,日本円,2026-11-05\nJ-2,Yuki Tanaka,Lost,800000,日本円,2026-10-03\n")


@BOTH
def test_a_currency_written_by_its_name_is_stored_by_a_rule_the_report_names(tmp_path, batched):
    prep = prepared(tmp_path, JAPANESE, batched)
    assert stored(prep) == [("J-1", 1200000.0, "JPY"), ("J-2", 800000.0, "JPY")]
    assert prep.money_rules["currency_rule"] == (
        "Every amount is in JPY, the only currency the file names; '日本円' is read as JPY by its name in the column '通貨'.")


def test_a_currency_name_not_known_is_advised_with_what_works_for_the_whole_file(tmp_path):
    text = JAPANESE.replace("日本円", "Yen du Japon").replace("通貨", "Currency")
    prep = prepared(tmp_path, text, False)
    reason = prep.errors.get_column("message")[0]
    assert "write its three-letter" not in reason
    assert "leave Currency unmapped (on the command line: --map currency=)" in reason
    assert "choose that currency (on the command line: --currency JPY)" in reason
    # The advice works: followed, every row is stored in the currency chosen.
    followed = prepared(tmp_path, text, False, overrides={"currency": ""}, file_currency="JPY")
    assert stored(followed) == [("J-1", 1200000.0, "JPY"), ("J-2", 800000.0, "JPY")]


def test_a_column_of_another_amounts_currency_is_not_read_as_the_deals():
    """Pipedrive's "Deal - Currency of Weighted value" is the weighted value's currency: 8000 USD weighted in EUR."""
    text = ("Deal - ID,Deal - Owner,Deal - Stage,Deal - Value,Deal - Weighted value,Deal - Currency of Weighted value,"
            "Deal - Deal closed on\n502,Ines Berg,won,8000,8000,EUR,2026-04-20\n503,Ines Berg,lost,9000,4500,GBP,2026-05-04\n")
    prep = prepare(text.encode(), "pipedrive.csv")
    assert prep.mapping is not None and "currency" not in prep.mapping.fields and prep.rejected is None
    assert "The column 'Deal - Currency of Weighted value' names currencies (EUR and GBP) and is not read as the deals' currency" in (
        prep.money_rules["currency_rule"])


def test_columns_no_field_reads_are_each_judged_on_their_own_values_in_file_order():
    # Looked at together, by one query: each column's codes stay its own, a column with one value that is no
    # currency is none, blanks and dashes are no value, a column read by a field is not looked at, and only
    # the first SAMPLE_ROWS rows count.
    rows = 3
    frame = pl.DataFrame({
        "Divisa": ["usd", "€", None], "Amount": ["EUR", "USD", "JPY"], "Region": ["EMEA", "EUR", "USD"],
        "Valuta": ["SEK", "US Dollar", "-"], "Blank": [None, "", None], "Late": ["GBP", "GBP", "XYZ"],
    })
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mapping_module, "SAMPLE_ROWS", rows - 1)
        found = currency_code_columns(list(frame.columns), ["Amount"], frame)
    assert found == (("Divisa", ("EUR", "USD")), ("Valuta", ("SEK", "USD")), ("Late", ("GBP",)))
