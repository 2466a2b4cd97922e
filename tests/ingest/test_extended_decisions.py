"""A file read in batches: the first batch decides its rules, later batches read their new texts by them
(normalise.extended_decisions), and the whole file's decision, made at the end, is what the rows are read by."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal, assert_series_equal

import winloss.ingest.pipeline as ingest
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.normalise import DECIDING_FIELDS, extended_decisions, file_decisions
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store

from batch_sizes import both_ways
from store_contents import stored

HEADER = ["Opportunity ID", "Opportunity Owner", "Account Name", "Stage", "Amount", "Currency", "Created Date", "Close Date"]


def _frame(rows: list[tuple[str, ...]]) -> pl.DataFrame:
    return pl.DataFrame([list(r) for r in rows], schema=HEADER, orient="row").insert_column(
        0, pl.Series("__line", range(2, len(rows) + 2), dtype=pl.Int64)
    )


def _distinct(frame: pl.DataFrame, fields: dict[str, str]) -> dict[str, pl.Series]:
    return {n: frame.get_column(fields[n]).unique(maintain_order=True) for n in DECIDING_FIELDS if n in fields}


def _decided_in_two(first: pl.DataFrame, second: pl.DataFrame):
    """(the first rows' decisions extended by the second's new texts, the decisions of both together)."""
    mapping = detect_mapping(HEADER, frame=first)
    seen = _distinct(first, mapping.fields)
    both = _distinct(pl.concat([first, second]), mapping.fields)
    new = {n: texts.filter(~texts.is_in(seen[n].implode(), nulls_equal=True)) for n, texts in both.items()}
    earlier = file_decisions(seen, None, mapping, delimiter=",")
    return extended_decisions(earlier, {n: t for n, t in new.items() if t.len()}, both, None), file_decisions(
        both, None, mapping, delimiter=","
    )


def test_new_amounts_dates_and_currencies_read_as_the_whole_rows_decide_them():
    # Day-first (25/03 proves it) and a decimal comma (1.234,56 proves it), in both halves.
    first = _frame([("A1", "Ines", "Acme", "Closed Won", "1.234,56", "EUR", "25/03/2024", "02/04/2024"),
                    ("A2", "Ines", "Acme", "Closed Lost", "€ 99,5", "EUR", "01/02/2024", "13/05/2024")])
    second = _frame([("A3", "Ines", "Acme", "Closed Won", "7.000", "SEK", "03/04/2024", "05/06/2024"),
                     ("A4", "Ines", "Acme", "Closed Won", "12,25 kr", "sek", "11/12/2024", "1/2/2025"),
                     ("A5", "Ines", "Acme", "Closed Won", "1.234,56", "EUR", "25/03/2024", "30/06/2024")])
    extended, whole = _decided_in_two(first, second)
    assert extended is not None
    for name, (texts, dates) in whole.dates.items():
        got = pl.DataFrame({"t": extended.dates[name][0], "d": extended.dates[name][1]}).sort("t")
        want = pl.DataFrame({"t": texts, "d": dates}).sort("t")
        assert_frame_equal(got, want)
    columns = ["key", "value", "unsettled", "code", "scale"]
    assert_frame_equal(extended.money.amounts.select(columns).sort("key"), whole.money.amounts.select(columns).sort("key"))
    assert_frame_equal(extended.money.currency_codes.sort("key"), whole.money.currency_codes.select(
        extended.money.currency_codes.columns).sort("key"))
    # The texts are kept in the file's order, so the example a rule quotes is the file's first.
    assert extended.money.amounts.get_column("key").to_list() == whole.money.amounts.get_column("key").to_list()
    assert_series_equal(extended.dates["close_date"][0], whole.dates["close_date"][0])


def test_a_date_column_whose_order_is_a_guess_is_decided_again():
    # Every date reads both ways: the order is a guess that a later 25/03 could overturn.
    first = _frame([("A1", "Ines", "Acme", "Closed Won", "100", "EUR", "01/02/2024", "03/04/2024")])
    second = _frame([("A2", "Ines", "Acme", "Closed Won", "100", "EUR", "05/06/2024", "07/08/2024")])
    extended, _ = _decided_in_two(first, second)
    assert extended is None


def test_a_file_of_settled_rules_is_decided_once_then_at_the_end(tmp_path, monkeypatch):
    rows = [f"OPP-{n:05d},Ines Moreau,Account {n},Closed Won,{1000 + n}.50,EUR,25/01/2024,{1 + n % 28:02d}/03/2024"
            for n in range(1, 301)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n")
    calls = []
    real = ingest.file_decisions
    monkeypatch.setattr(ingest, "file_decisions", lambda *a, **k: calls.append(1) or real(*a, **k))
    with prepare_path(path, batch_rows=50) as batched:
        assert batched.rows_accepted == 300
    assert len(calls) == 2  # the first batch, and the whole file: not once per batch (six batches)


@pytest.mark.parametrize(
    "later",
    [
        "OPP-09001,Ines Moreau,Account X,Closed Won,500,USD,25/01/2024,02/03/2024",  # a second currency: bare amounts ask
        "OPP-09001,Ines Moreau,Account X,Closed Won,\"1,5\",EUR,25/01/2024,02/03/2024",  # 1,5: the mark is a comma
        "OPP-09001,Ines Moreau,Account X,Closed Won,500,EUR,2024-03-02,2024-03-04",  # ISO dates among day-first ones
        "OPP-09001,Ines Moreau,Account X,Closed Won,500,EUR,25/01/2024,45000",  # a number among written dates
    ],
)
def test_a_later_batch_that_changes_a_rule_is_read_as_the_whole_file_reads_it(tmp_path, later):
    rows = [f"OPP-{n:05d},Ines Moreau,Account {n},Closed Won,\"1,000\",{'' if n % 3 else 'EUR'},25/01/2024,"
            f"{1 + n % 28:02d}/03/2024" for n in range(1, 201)]
    path = tmp_path / "export.csv"
    path.write_text("\n".join([",".join(HEADER), *rows, later]) + "\n")
    whole, batched, stores = both_ways(path, tmp_path, batch_rows=40)
    with batched:
        assert file_report(batched) == file_report(whole)
    assert_frame_equal(stored(stores[1])[0], stored(stores[0])[0])


def test_batches_far_apart_in_the_benchmark_shape_store_what_the_whole_file_stores(tmp_path):
    """Amounts with their currency written in ("USD 1,234.00"), new in every batch, as a CRM writes them."""
    rows = [f"OPP-{n:05d},Ines Moreau,Account {n % 7},Closed {'Won' if n % 2 else 'Lost'},USD {n * 37:,}.00,,"
            f"{1 + n % 12:02d}/{1 + n % 28:02d}/2024,{1 + n % 12:02d}/{13 + n % 15}/2024" for n in range(1, 401)]
    path = Path(tmp_path) / "export.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n")
    whole = prepare(path.read_bytes(), path.name)
    with prepare_path(path, batch_rows=64) as batched:
        assert file_report(batched) == file_report(whole)
        store, whole_store = Store(tmp_path / "b"), Store(tmp_path / "w")
        commit(store, batched)
    commit(whole_store, whole)
    assert_frame_equal(stored(store)[0], stored(whole_store)[0])
