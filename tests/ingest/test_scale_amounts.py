"""Amounts written short ("USD 5k", "€1.2M", "250K", "5m") are read with their scale, and the file report
says so in one sentence naming every scale letter the file uses, whole-file and batch readers alike; a
size word that means a thousand in one language and a million in another ("5 mil") is quarantined."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.ingest.pipeline import file_report, prepare, prepare_path
from winloss.views.data_page import money_rules

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
