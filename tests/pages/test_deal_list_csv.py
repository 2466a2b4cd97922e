"""A rep's deal list on the page names each deal, and its "Deals (CSV)" says what currency each amount
is in, keeps the amount as exported, writes a file's formula-like names as text, and hides every
amount when amounts are hidden."""

from __future__ import annotations

import csv
import io

from app_driver import opened

from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Opportunity Currency,Amount,Close Date"
ROWS = (
    "D1,Yusuf Yilmaz,Acct 094 GmbH,Deal 0434,Proposal/Price Quote,EUR,90800.00,2027-02-10",
    "D2,Yusuf Yilmaz,Acct 094 GmbH,Deal 0094,Closed Lost,EUR,43400.00,2026-07-20",
    "D3,Yusuf Yilmaz,Acct 133 GmbH,=HYPERLINK(\"http://x\"),Closed Won,GBP,18200.00,2026-08-16",
)


def yusuf(store) -> None:
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.08"), ("GBP", "1.27")]), user="ops")
    commit(store, prepare(("\n".join([HEADER, *ROWS]) + "\n").encode(), "sf.csv"))


def csv_rows(at, made_on_click) -> list[dict[str, str]]:
    (button,) = [b for b in at.get("download_button") if b.proto.label == "Deals (CSV)"]
    data = made_on_click[button.proto.deferred_file_id]
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_reps_deal_list_and_its_csv_name_each_deal_and_each_amounts_currency(store, made_on_click) -> None:
    yusuf(store)
    at = opened("reps", rep="Yusuf Yilmaz", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (grid,) = [f for f in at.dataframe if "opportunity_name" in f.value.columns]
    assert list(grid.proto.column_order)[:2] == ["account", "opportunity_name"]
    assert sorted(grid.value["opportunity_name"]) == ["=HYPERLINK(\"http://x\")", "Deal 0094", "Deal 0434"]
    rows = {r["opportunity_name"]: r for r in csv_rows(at, made_on_click)}
    assert list(next(iter(rows.values())))[:6] == [
        "account", "opportunity_name", "outcome", "amount_usd", "exported_amount", "exported_currency"]
    won = rows["'=HYPERLINK(\"http://x\")"]  # a formula from the file is text in Excel
    assert (won["exported_amount"], won["exported_currency"]) == ("18200.0", "GBP")
    assert float(won["amount_usd"]) == 18200 * 1.27


def test_hidden_amounts_leave_the_deal_csv_without_an_amount(store, made_on_click) -> None:
    yusuf(store)
    at = opened("reps", rep="Yusuf Yilmaz", period="All time", hide_amounts="true")
    assert not at.exception, [e.value for e in at.exception]
    rows = csv_rows(at, made_on_click)
    assert len(rows) == 3 and "opportunity_name" in rows[0]
    assert not [c for c in rows[0] if "amount" in c or "currency" in c]
