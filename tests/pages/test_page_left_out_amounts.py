"""Pages over a store in three currencies, one without an exchange rate: every value figure that leaves
those deals out says so where it is read (the Overview's won-value tile, the leaderboard's won value, a
rep's tile, the quarterly review's sections and at-risk finding), and none of them reads "$0"."""

from __future__ import annotations

import json

from app_driver import grid_text, opened, read_aloud
from rendered import as_read

from winloss import text
from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.views.deal_lists import NOT_CONVERTED_COLUMN
from winloss.views.reps import sorted_header_px
from ui.widgets import phrase_value

HEADER = "Opportunity ID,Opportunity Owner,Stage,Opportunity Currency,Amount,Created Date,Close Date"


def rows() -> list[str]:
    """Closed in Aug 2026, 30 days after created: Ann 12 won in USD (10,000 each) and 5 in GBP; Bo 8 won
    in GBP and 10 lost in USD; Cy 10 won in USD (1,000) and 4 in EUR (1,000, 1,100 converted), 10 lost.
    Open since 1 Jun 2025 (all at risk): Cy 5 in USD at 5,000, Bo 25 in GBP at 114,000."""
    plan = [
        ("A", "Ann", "Closed Won", "USD", 10_000, 12), ("AG", "Ann", "Closed Won", "GBP", 20_000, 5),
        ("B", "Bo", "Closed Won", "GBP", 5_000, 8), ("BL", "Bo", "Closed Lost", "USD", 1_000, 10),
        ("C", "Cy", "Closed Won", "USD", 1_000, 10), ("CE", "Cy", "Closed Won", "EUR", 1_000, 4),
        ("CL", "Cy", "Closed Lost", "USD", 1_000, 10),
    ]
    lines = [f"{prefix}{i},{rep},{stage},{currency},{amount},2026-07-10,2026-08-09"
             for prefix, rep, stage, currency, amount, count in plan for i in range(count)]
    lines += [f"OC{i},Cy,Proposal/Price Quote,USD,5000,2025-06-01,2027-01-15" for i in range(5)]
    lines += [f"OB{i},Bo,Proposal/Price Quote,GBP,114000,2025-06-01,2027-01-15" for i in range(25)]
    return lines


def three_currencies(store) -> None:
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.1")]), user="ops")
    prepared = prepare(("\n".join([HEADER, *rows()]) + "\n").encode(), "three_currencies.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def test_the_overviews_won_value_says_which_deals_it_leaves_out(store, filled) -> None:
    filled(three_currencies)
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (tile,) = [m for m in at.metric if m.label == "Won value in range"]
    # 12 × 10,000 + 10 × 1,000 + 4 × 1,100: the 13 won deals in GBP are not in it, and it says so.
    # In the small type on a line of its own under the value, in every tile: beside it, it fitted one presenter-mode
    # tile and fell under the value in the next (ui.widgets.tile_value).
    assert tile.value == "$134k  \n:small[:gray[no rate for GBP]]"
    (by_value,) = [m for m in at.metric if m.label == "Win rate by value"]
    assert by_value.value.endswith("]]  \n:small[:gray[no rate for GBP]]"), by_value.value
    assert ("13 won deals in GBP are left out of it: no exchange rate to USD for GBP. Add the rate on the Data page, in the"
            " Currencies tab." in tile.proto.help)


def test_the_leaderboard_and_a_reps_tile_say_so_and_none_reads_zero(store, filled) -> None:
    filled(three_currencies)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    written = dict(zip(board.value["rep"], grid_text(board, "won_amount"), strict=True))
    assert written == {"Ann": "120.0k*", "Bo": text.DASH, "Cy": "14.4k"}  # marked or empty: the note under the table says why
    config = json.loads(board.proto.columns)["won_amount"]
    assert "leaves out won deals in a currency with no exchange rate" in config["help"]
    assert "format" not in config["type_config"]
    # Its header's width beside a sort arrow: in words, the cells widened it past what presenter mode leaves.
    assert config["width"] == sorted_header_px("Won ($)") > text.column_px("Won ($)", ())
    assert any(c.value == text.md("* Leaves out the rep's won deals in GBP: no exchange rate to USD for GBP. \"—\" for"
                                  " \"Bo\": none of their won deals has a value in USD (no exchange rate to USD for GBP)."
                                  " Add the rate on the Data page, in the Currencies tab.")
               for c in at.caption), [c.value for c in at.caption]
    rep = opened("reps", period="All time", rep="Bo")
    assert not rep.exception, [e.value for e in rep.exception]
    (tile,) = [m for m in rep.metric if m.label == "Won value"]
    assert tile.value == phrase_value("No rate for GBP")  # every won deal of Bo's is in GBP: not "$0"


def test_the_review_says_what_each_value_leaves_out_and_whose_worth_the_finding_gives(store, filled) -> None:
    filled(three_currencies)
    at = opened("review", period="All time", quarter="2026 Q3")
    assert not at.exception, [e.value for e in at.exception]
    captions = as_read("\n".join(c.value for c in at.caption))
    assert ("13 won deals in GBP are left out of the won value of 2026 Q3 to date: no exchange rate to USD for GBP."
            " Add the rate on the Data page, in the Currencies tab." in captions)
    assert ("25 open deals in GBP are left out of the pipeline value: no exchange rate to USD for GBP."
            " Add the rate on the Data page, in the Currencies tab." in captions)
    findings = as_read("\n".join(m.value for m in at.markdown))
    assert "are at risk, worth" not in findings  # the worth of the 5 in USD, said of all 30
    assert "The 5 with an amount in USD are worth $25k" in findings
    assert "25 in GBP have no exchange rate to USD for GBP." in findings
    (grid,) = [f for f in at.dataframe if "reason" in f.value.columns]
    # The USD deals by value first, then the GBP ones in their own currency, never read as dollars.
    assert read_aloud(grid, "amount") == ["5000"] * 5 + [""] * 5
    assert read_aloud(grid, NOT_CONVERTED_COLUMN) == [""] * 5 + ["£114k"] * 5
