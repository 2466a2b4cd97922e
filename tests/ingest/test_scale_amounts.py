"""Amounts written short ("USD 5k", "€1.2M", "250K", "5m") are read with their scale, and the file report
says so in one sentence naming every scale letter the file uses, whole-file and batch readers alike; a
size word that means a thousand in one language and a million in another ("5 mil") is quarantined."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views.data_page import money_rules

from store_contents import stored

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date\n"


def export(amounts: list[tuple[str, str]]) -> bytes:
    rows = [f'K-{n},Ana Lima,Closed Won,"{amount}",{currency},2026-03-0{n % 9 + 1}\n' for n, (amount, currency) in enumerate(amounts, 1)]
    return (HEADER + "".join(rows)).encode()


@pytest.mark.parametrize(
    ("amounts", "said", "read"),
    [
        ([("USD 5k", "USD"), ("7000", "USD")], "'USD 5k' is read as 5,000 (k = thousand).", [5000.0, 7000.0]),
        (
            [("€1.2M", "EUR"), ("250K", "EUR"), ("€3k", "EUR")],
            "'€1.2M' is read as 1,200,000 (M = million; K or k = thousand).",
            [1_200_000.0, 250_000.0, 3000.0],
        ),
        # "m" and "M" are both a million (as "MM" is): named as the file writes each.
        ([("5m", "GBP"), ("2MM", "GBP"), ("1.5bn", "GBP")], "'5m' is read as 5,000,000 (m or MM = million; bn = billion).",
         [5e6, 2e6, 1.5e9]),
    ],
    ids=["k", "M, K and k", "m, MM and bn"],
)
def test_amounts_written_short_are_read_and_the_rule_names_each_scale(amounts, said, read, tmp_path: Path):
    data = export(amounts)
    whole = prepare(data, "short.csv")
    assert whole.accepted.get_column("amount").to_list() == read
    report = file_report(whole)
    assert report["separator_rule"] is not None and report["separator_rule"].endswith(said)
    path = tmp_path / "short.csv"
    path.write_bytes(data)
    with prepare_path(path, batch_rows=1) as batched:
        assert batched.read_count is not None
        assert file_report(batched)["separator_rule"] == report["separator_rule"]
    assert any(sentence.endswith(said) for label, sentence in money_rules(whole) if label == "Amounts")


def test_amounts_without_a_scale_say_nothing_of_one():
    report = file_report(prepare(export([("5000", "USD"), ("7,500.00", "USD")]), "plain.csv"))
    assert "read as" not in (report["separator_rule"] or "")


@pytest.mark.parametrize("amount", ["5 mil", "5mil", "2.5 Mil", "3 mill."])
def test_a_size_word_that_could_be_a_thousand_or_a_million_is_quarantined_with_why(amount):
    prepared = prepare(export([(amount, "USD"), ("7000", "USD")]), "mil.csv")
    assert prepared.rows_accepted == 1 and prepared.rows_quarantined == 1
    (reason,) = prepared.quarantine.get_column("reason").to_list()
    word = amount.strip("0123456789. ").rstrip(".")
    assert reason == (
        f"Amount '{amount}' is not read: '{word}' means a thousand in some languages and a million in others, so it is "
        "not guessed; write the number in full, or with k (thousand) or M (million)."
    )
    assert prepared.quarantine.get_column("Amount").to_list() == [amount]  # as written


def stored_both_ways(data: bytes, tmp_path: Path):
    """(whole-file prepare, what its store holds, what the store of a one-row-batch prepare_path holds)."""
    path = tmp_path / "scaled.csv"
    path.write_bytes(data)
    whole = prepare(data, path.name)
    stores = []
    for name, prepared in (("whole", whole), ("batched", prepare_path(path, batch_rows=1))):
        store = Store(tmp_path / name)
        with prepared:
            commit(store, prepared)
        stores.append(stored(store))
    return whole, *stores


@pytest.mark.parametrize(
    ("amounts", "read", "said"),
    [
        ([("400 tkr", "SEK")], [400_000.0], "'400 tkr' is read as 400,000 (tkr = thousand)."),
        ([("4 Mkr", "SEK"), ("40 kkr", "NOK"), ("2.5 mnkr", "DKK"), ("1 mdkr", "SEK"), ("3 mdr kr", "SEK"), ("3 TSEK", "SEK"),
          ("2 MSEK", "SEK")],
         [4e6, 40_000.0, 2.5e6, 1e9, 3e9, 3000.0, 2e6],
         "'4 Mkr' is read as 4,000,000 (Mkr or mnkr or MSEK = million; kkr or TSEK = thousand; mdkr or mdr = billion)."),
        ([("5 lakh", "INR"), ("₹2.5 lakhs", "INR"), ("5 lac", "INR"), ("2 Cr", "INR"), ("Rs 1.2 crore", "INR"), ("3 Crs", "INR")],
         [5e5, 2.5e5, 5e5, 2e7, 1.2e7, 3e7],
         "'5 lakh' is read as 500,000 (lakh or lakhs or lac = hundred thousand; Cr or crore or Crs = ten million)."),
        ([("5 млн", "RUB"), ("250 тыс.", "RUB"), ("1.2 млрд", "RUB"), ("7 млн ₽", "RUB")],
         [5e6, 250_000.0, 1.2e9, 7e6],
         "'5 млн' is read as 5,000,000 (млн = million; тыс = thousand; млрд = billion)."),
        ([("5万", "CNY"), ("3千", "JPY"), ("2億", "JPY"), ("1.5亿", "CNY"), ("5百万", "JPY"), ("2千万", "CNY"), ("300万円", "JPY")],
         [5e4, 3000.0, 2e8, 1.5e8, 5e6, 2e7, 3e6],
         "'5万' is read as 50,000 (万 = ten thousand; 千 = thousand; 億 or 亿 = hundred million; 百万 = million; "
         "千万 = ten million)."),
    ],
    ids=["tkr", "kronor", "lakh and crore", "Russian", "Chinese and Japanese"],
)
def test_scale_words_of_other_languages_are_read_and_the_rule_names_them(amounts, read, said, tmp_path: Path):
    """"400 tkr" beside a SEK currency column was quarantined as no amount, and a workbook cell formatted
    so was stored as 400 SEK: such amounts are read at their scale, whole-file and batched alike."""
    whole, whole_store, batched_store = stored_both_ways(export(amounts), tmp_path)
    assert whole.rows_quarantined == 0
    assert whole.accepted.sort("__line").get_column("amount").to_list() == pytest.approx(read)
    assert whole.accepted.sort("__line").get_column("currency").to_list() == [code for _, code in amounts]
    assert (file_report(whole)["separator_rule"] or "").endswith(said)
    for stored_whole, stored_batched in zip(whole_store, batched_store, strict=True):
        assert_frame_equal(stored_batched, stored_whole)


def test_a_scale_glued_to_a_currency_reads_the_currency_too():
    """"2 MSEK" is Swedish kronor and "300万円" yen, with no currency column; "400 tkr" is kronor, settled
    as "400000 kr" is (it was quarantined as no amount)."""
    def amounts(texts: list[str]) -> bytes:
        rows = [f"K-{n},Ana Lima,Closed Won,{text},2026-03-01\n" for n, text in enumerate(texts, 1)]
        return ("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n" + "".join(rows)).encode()

    glued = prepare(amounts(["2 MSEK", "300万円", "400 tkr", "5kEUR"]), "glued.csv")
    assert glued.accepted.sort("__line").select("amount", "currency").rows() == [
        (2e6, "SEK"), (3e6, "JPY"), (5000.0, "EUR")]
    plain = prepare(amounts(["2 SEK", "300円", "400000 kr", "5 EUR"]), "plain.csv")
    assert glued.quarantine.get_column("reason").to_list() == [
        reason.replace("'400000 kr'", "'400 tkr'") for reason in plain.quarantine.get_column("reason").to_list()]
    assert len(plain.quarantine) == 1


@pytest.mark.parametrize(
    ("amount", "code"),
    [("5 MKD", "MKD"), ("5 TRY", "TRY"), ("5 KES", "KES"), ("5 Kč", "CZK"), ("5 MXN", "MXN"), ("5 MYR", "MYR"),
     ("5 Ft", "HUF"), ("5 zł", "PLN"), ("5 T$", "TOP"), ("5 B$", "BND"), ("5 kr", "SEK"), ("5 BTN", "BTN"),
     ("5 TMT", "TMT")],
)
def test_a_currency_that_starts_with_a_scale_letter_stays_a_currency(amount, code):
    """"5 Kč" was read as 5,000 CZK: its K taken for a thousand, the č being no letter to the rule."""
    prepared = prepare(export([(amount, code)]), "codes.csv")
    assert prepared.accepted.select("amount", "currency").rows() == [(5.0, code)]
    assert "read as" not in (file_report(prepared)["separator_rule"] or "")


@pytest.mark.parametrize("amount", ["5 L", "5L", "5 kn", "5 TL"])
def test_letters_that_name_no_scale_for_certain_stay_no_amount(amount):
    """"5 L" is five lakh in Indian shorthand, and five lek, lempira or leu elsewhere: never guessed."""
    prepared = prepare(export([(amount, "INR")]), "letters.csv")
    assert prepared.rows_accepted == 0
    (reason,) = prepared.quarantine.get_column("reason").to_list()
    assert reason.startswith(f"Amount '{amount}' is not an amount of money")
