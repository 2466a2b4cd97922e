"""Deal lists of an export without an account column (HubSpot's deals export names no company): a rep's deal
list, their at-risk list, the No decision page's at-risk list and the review's at-risk table showed an
Account column of "—" in every row, where the README says a detail no deal of a list has is not a column
of "—". The rule lives in views.common.without_empty_details; the CSV keeps every column."""

from __future__ import annotations

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.text import DASH, md

HEADER = "Opportunity ID,Owner,Deal Name,Stage,Created Date,Close Date,Amount"
PERIOD = {"period": "Custom range", "from": "2025-07-01", "to": "2025-09-30"}


def without_accounts(store) -> None:
    """2025 Q3: 30 of Ann's deals closed 1-28 Aug (half won, created 1 Jun), no account column; two open
    since 1 Jan, expected on 31 Dec (judged on 28 Aug: about 240 days open, both at risk)."""
    rows = [f"U{i:02d},Ann,Deal {i},{'Closed Won' if i % 2 else 'Closed Lost'},2025-06-01,2025-08-{1 + i % 28:02d},"
            f"{(i + 1) * 1000}" for i in range(30)]
    rows += ["O1,Ann,Renewal,Negotiation,2025-01-01,2025-12-31,5000", "O2,Ann,Expansion,Negotiation,2025-01-01,2025-12-31,7000"]
    prepared = prepare(("\n".join([HEADER, *rows]) + "\n").encode(), "hubspot.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def grids(at) -> list:
    return [g.value for g in at.dataframe]


def test_a_reps_deal_list_and_at_risk_list_have_no_account_column_when_no_deal_has_one(store, made_on_click) -> None:
    without_accounts(store)
    at = opened("reps", **PERIOD, rep="Ann")
    assert not at.exception, [e.value for e in at.exception]
    deals, at_risk = grids(at)
    assert len(deals) == 32 and len(at_risk) == 2
    assert "opportunity_name" in deals.columns and "opportunity_name" in at_risk.columns
    assert "account" not in deals.columns, list(deals.columns)
    assert "account" not in at_risk.columns, list(at_risk.columns)
    # Nor a search by account, which would find nothing ever (views.common.has_accounts).
    assert not [t for t in at.text_input if t.label == "Account contains"]
    # The CSV keeps every column, the account's too.
    (button, _) = [b for b in at.get("download_button") if b.proto.label == "Deals (CSV)"]
    header = made_on_click[button.proto.deferred_file_id].decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:2] == ["account", "opportunity_name"]
    # The No decision page's at-risk list, by the same rule.
    nd = opened("no_decision", **PERIOD)
    assert not nd.exception, [e.value for e in nd.exception]
    listed = [g for g in grids(nd) if "reason" in g.columns]
    assert listed and all("account" not in g.columns for g in listed)
    # The review's at-risk table: the grid, and presenter mode's table (the deck's rows).
    review = opened("review", quarter="2025 Q3")
    assert not review.exception, [e.value for e in review.exception]
    (table,) = [g for g in grids(review) if "reason" in g.columns]
    assert "account" not in table.columns and "opportunity_name" in table.columns
    presented = opened("review", quarter="2025 Q3", present="true")
    (rows,) = [t.value for t in presented.table if md("Deal") in t.value.columns]
    assert md("Account") not in rows.columns
    # A newer export names the account of one open deal: the column is back, "—" beside the deal without.
    update = "Opportunity ID,Owner,Deal Name,Stage,Created Date,Close Date,Amount,Account\n" \
             "O1,Ann,Renewal,Negotiation,2025-01-01,2025-12-31,5000,Kestrel AG\n"
    commit(store, prepare(update.encode(), "hubspot_later.csv"))
    at = opened("reps", **PERIOD, rep="Ann")
    assert not at.exception, [e.value for e in at.exception]
    deals, at_risk = grids(at)
    assert "account" in deals.columns and "account" in at_risk.columns
    assert sorted(at_risk["account"].fillna(DASH)) == sorted(["Kestrel AG", DASH])



def test_a_reps_deal_list_offers_a_search_by_account_where_deals_name_one(store) -> None:
    """The search by account stays where there are accounts to search (views.common.has_accounts)."""
    content = (HEADER + ",Account\n" + "A1,Ann,Deal 1,Closed Won,2025-06-01,2025-08-01,1000,Kestrel AG\n").encode()
    commit(store, prepare(content, "with_accounts.csv"))
    at = opened("reps", **PERIOD, rep="Ann")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.text_input if t.label == "Account contains"] == ["Account contains"]
