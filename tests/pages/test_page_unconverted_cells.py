"""Pages over a store of a USD export, a workbook whose amounts are formatted in euros and an export in
pounds, neither with an exchange rate: every grid reads an amount no rate converts in its own currency
("€77,500 (not converted)"), a rep whose won deals are all in euros reads "No rate for EUR" (never
"—", as if none), the review's won-value tile says what it leaves out, and its no-decision value
panel, with every such deal in euros, says why there is nothing to draw."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
import xlsxwriter
from app_driver import grid_text, opened, read_aloud
from deck_shapes import every_shape
from pptx import Presentation

from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.views.deal_lists import AMOUNT, NOT_CONVERTED_COLUMN, NOT_CONVERTED_HEADER, amount_cells, amount_column, not_converted_cells
from winloss.views.review import headline_tiles, no_decision_value_missing, review_from_store, withheld_no_decision_sentence

HEADER = ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Created Date", "Close Date"]
CLOSED = ("2026-07-10", "2026-08-09")  # closed in 2026 Q3, 30 days after created
OPEN = ("2025-06-01", "2027-01-15")  # open since 1 Jun 2025: at risk


def usd_csv() -> bytes:
    """Ann: 12 won at 10,000 and 10 lost at 1,000; Bo 5 won at 1,000; Ann 3 open at 5,000 (USD)."""
    rows = ([f"A{i},Ann,Closed Won,10000,{CLOSED[0]},{CLOSED[1]}" for i in range(12)]
            + [f"AL{i},Ann,Closed Lost,1000,{CLOSED[0]},{CLOSED[1]}" for i in range(10)]
            + [f"B{i},Bo,Closed Won,1000,{CLOSED[0]},{CLOSED[1]}" for i in range(5)]
            + [f"AO{i},Ann,Proposal/Price Quote,5000,{OPEN[0]},{OPEN[1]}" for i in range(3)])
    return ("Opportunity Currency," + ",".join(HEADER) + "\n" + "".join(f"USD,{r}\n" for r in rows)).encode()


def eur_workbook() -> bytes:
    """Eve, all in euros by the amounts' cell format (no currency column): 6 won at 77,500, the only
    2 no-decision deals (40,000) and 3 open at 77,500 to 79,500."""
    rows = ([(f"E{i}", "Eve", "Closed Won", 77_500, *CLOSED, "") for i in range(6)]
            + [(f"EN{i}", "Eve", "Closed Lost", 40_000, *CLOSED, "No Decision") for i in range(2)]
            + [(f"EO{i}", "Eve", "Proposal/Price Quote", 77_500 + 1_000 * i, *OPEN, "") for i in range(3)])
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    euros = book.add_format({"num_format": "#,##0 [$€-407]"})
    sheet = book.add_worksheet("Opportunities")
    sheet.write_row(0, 0, [*HEADER, "Loss Reason"])
    for r, (deal, rep, stage, amount, created, closed, reason) in enumerate(rows, start=1):
        sheet.write_row(r, 0, [deal, rep, stage])
        sheet.write_number(r, 3, amount, euros)
        sheet.write_row(r, 4, [created, closed, reason])
    book.close()
    return buffer.getvalue()


def gbp_csv() -> bytes:
    """Bo: 3 won at 20,000 and 2 open at 114,000, in pounds."""
    rows = ([f"G{i},Bo,Closed Won,20000,{CLOSED[0]},{CLOSED[1]}" for i in range(3)]
            + [f"GO{i},Bo,Proposal/Price Quote,114000,{OPEN[0]},{OPEN[1]}" for i in range(2)])
    return ("Opportunity Currency," + ",".join(HEADER) + "\n" + "".join(f"GBP,{r}\n" for r in rows)).encode()


def three_files(store) -> None:
    store.save_exchange_rates(exchange_rates("USD", []), user="ops")  # no rate for EUR nor GBP
    for content, name in ((usd_csv(), "usd.csv"), (eur_workbook(), "eur.xlsx"), (gbp_csv(), "gbp.csv")):
        prepared = prepare(content, name)
        assert prepared.rows_quarantined == 0, name
        commit(store, prepared)


def test_a_rep_whose_won_deals_are_all_unconverted_reads_empty_and_the_note_names_them(store, filled) -> None:
    """Eve's won deals are all in euros: her won value read "No rate*", drawn over a stand-in -inf that the
    grid's table for screen readers read "-Infinity". It is empty, as the grid draws and reads it, and the
    note under the table names her and why; the column keeps sorting by value."""
    filled(three_files)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    written = dict(zip(board.value["rep"], grid_text(board, "won_amount"), strict=True))
    assert written == {"Ann": "120k", "Bo": "5k*", "Eve": "—"}  # marked; the note names the currencies
    assert dict(zip(board.value["rep"], read_aloud(board, "won_amount"), strict=True)) == {"Ann": "120000", "Bo": "5000", "Eve": ""}
    notes = [n for n in (c.value.replace("\\", "") for c in at.caption) if "Leaves out the rep's won deals" in n]
    # Bo's "*" by his pounds, Eve's "—" by her euros: each mark by what its own cells leave out.
    assert notes == ["* Leaves out the rep's won deals in GBP: no exchange rate to USD for GBP. \"—\" for \"Eve\": none of"
                     " their won deals has a value in USD (no exchange rate to USD for EUR). Add the rates on the Data page,"
                     " in the Currencies tab."]


def test_every_deal_list_reads_an_unconverted_amount_in_its_own_currency(store, filled) -> None:
    filled(three_files)
    rep = opened("reps", period="All time", rep="Eve")
    assert not rep.exception, [e.value for e in rep.exception]
    (deals,) = [g for g in rep.dataframe if "outcome" in g.value.columns]
    assert set(read_aloud(deals, NOT_CONVERTED_COLUMN)) == {f"€{n}k" for n in ("40", "77.5", "78.5", "79.5")}
    assert set(read_aloud(deals, "amount")) == {""}
    (at_risk,) = [g for g in rep.dataframe if "reason" in g.value.columns]
    assert read_aloud(at_risk, NOT_CONVERTED_COLUMN) == [f"€{n}k" for n in (79.5, 78.5, 77.5)]
    columns = json.loads(at_risk.proto.columns)
    assert columns[NOT_CONVERTED_COLUMN]["width"] >= len(NOT_CONVERTED_HEADER) * 7 + 16  # whole, not cut
    page = opened("no_decision", period="All time")
    assert not page.exception, [e.value for e in page.exception]
    (open_at_risk,) = [g for g in page.dataframe if "reason" in g.value.columns]
    # The USD deals by value, then the others grouped by their currency, each in its own beside an empty amount.
    assert read_aloud(open_at_risk, "amount") == ["5000"] * 3 + [""] * 5
    assert read_aloud(open_at_risk, NOT_CONVERTED_COLUMN) == (
        [""] * 3 + [f"€{n}k" for n in (79.5, 78.5, 77.5)] + ["£114k"] * 2)
    # The amount is a number column in the list's room, with the amounts no rate converts beside it.
    columns = json.loads(open_at_risk.proto.columns)
    assert columns["amount"]["type_config"]["type"] == "number" and "format" in columns["amount"]["type_config"]
    order = list(open_at_risk.proto.column_order)
    assert order[order.index("amount") + 1] == NOT_CONVERTED_COLUMN, order


def test_no_grid_reads_a_stand_in_number_to_a_screen_reader(store, filled) -> None:
    """An amount no rate converts, and a won value none of whose deals converts, were sent to the grid as -inf
    so that it drew their words; its table for screen readers read them "-Infinity". No grid of any page over
    these deals sends a number that is not one: every cell reads its value, its words, or nothing."""
    filled(three_files)
    for page, query in (("no_decision", {}), ("reps", {}), ("reps", {"rep": "Eve"}), ("review", {"quarter": "2026 Q3"}),
                        ("overview", {})):
        at = opened(page, period="All time", **query)
        assert not at.exception, [e.value for e in at.exception]
        for grid in at.dataframe:
            for column in grid.value.columns:
                spoken = read_aloud(grid, column)
                assert not {"-Infinity", "Infinity", "NaN"} & set(spoken), (page, query, column, spoken)


def test_the_review_says_what_its_won_value_leaves_out_and_why_no_value_is_drawn(store, filled) -> None:
    filled(three_files)
    at = opened("review", period="All time", quarter="2026 Q3")
    assert not at.exception, [e.value for e in at.exception]
    (tile,) = [m for m in at.metric if m.label == "Won value"]
    assert tile.value == "$125k  \n:small[:gray[no rate for EUR, GBP]]"  # the value big, what it leaves out small under it
    (grid,) = [f for f in at.dataframe if "reason" in f.value.columns]
    assert "€79.5k" in read_aloud(grid, NOT_CONVERTED_COLUMN)
    sentence = ("All 2 deals lost to no decision in 2026 Q3 to date are in EUR: no exchange rate to USD for EUR."
                " Add the rate on the Data page, in the Currencies tab.")
    (figure,) = [spec for spec in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
                 if "No decision" in str(spec["layout"].get("title"))]
    assert "bar" not in [t["type"] for t in figure["data"]]  # no bar of nothing, no "$0" tick
    assert figure["layout"]["yaxis2"]["showticklabels"] is False
    said = " ".join(a["text"].replace("<br>", " ") for a in figure["layout"]["annotations"])
    assert sentence in said


def test_the_deck_and_report_say_the_same(store, filled) -> None:
    filled(three_files)
    review = review_from_store(store, "2026 Q3", role="ops")
    sentence = no_decision_value_missing(review)
    assert sentence == ("All 2 deals lost to no decision in 2026 Q3 to date are in EUR: no exchange rate to USD for EUR."
                        " Add the rate on the Data page, in the Currencies tab.")
    (won,) = [t for t in headline_tiles(review) if t.kpi == "won_amount"]
    assert won.words == "$125k · no rate for EUR, GBP"
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    texts = [shape.text_frame.text for slide in deck.slides for shape in every_shape(slide.shapes) if shape.has_text_frame]
    # The tile's value in the headline size and what it leaves out under it in small type, each a box of its own.
    assert sentence in texts and {"$125k", "no rate for EUR, GBP"} <= set(texts)
    no_decision = next(s for s in deck.slides if any(
        sh.has_text_frame and sh.text_frame.text.startswith("No decision:") for sh in every_shape(s.shapes)))
    # No empty bars; the share's line neither, its every quarter on too few losses: its sentence in its place.
    assert sum(1 for shape in every_shape(no_decision.shapes) if shape.has_chart) == 0
    assert withheld_no_decision_sentence(review) in [s.text_frame.text for s in every_shape(no_decision.shapes)
                                                      if s.has_text_frame]
    (table,) = [shape.table for slide in deck.slides for shape in every_shape(slide.shapes) if shape.has_table
                and any(c.text == AMOUNT for c in shape.table.rows[0].cells)]
    amounts = [row.cells[len(row.cells) - 1].text for row in list(table.rows)[1:]]
    assert amounts[:3] == ["$5k"] * 3 and "€79.5k (not converted)" in amounts and "Amount ($)" not in texts
    assert '<th class="number">Amount</th>' in report_html(review) and "Amount ($)" not in report_html(review)


def test_amount_cells_and_header_follow_one_rule() -> None:
    frame = pl.DataFrame({
        "amount": [1_500.0, None, None, None],
        "exported_amount": [1_500.0, 77_500.0, None, 20.0],
        "exported_currency": ["USD", "EUR", None, "USD"],  # the last: in USD, blanked after (no amount)
    })
    assert amount_cells(frame, "USD") == ["1.5k", "€77.5k (not converted)", "—", "—"]
    assert amount_column(frame, "USD") == ("Amount", ["$1.5k", "€77.5k (not converted)", "—", "—"])
    assert amount_column(frame.head(1), "USD") == ("Amount ($)", ["1.5k"])
    assert amount_column(frame.drop("amount"), "USD") == ("Amount ($)", [])
    # A page's grid: the amount stays a number (empty where no rate converts it), the words beside it.
    assert not_converted_cells(frame, "USD") == [None, "€77.5k", None, None]
    assert not_converted_cells(frame.drop("amount"), "USD") == []


def page_words(at) -> str:
    """What a page run says in words: its banners, captions, text, tiles' help and charts' annotations."""
    said = [e.value for kind in ("warning", "info", "caption", "markdown") for e in getattr(at, kind)]
    said += [m.proto.help for m in at.metric]
    said += [a.get("text", "") for c in at.get("plotly_chart") for a in json.loads(c.proto.spec)["layout"].get("annotations", [])]
    return " ".join(w.replace("\\", "").replace("<br>", " ") for w in said)


@pytest.mark.parametrize(("role", "action"), [
    ("viewer", "Ask sales ops or an admin to add the {} on the Data page."),
    ("ops", "Add the {} on the Data page, in the Currencies tab."),
])
def test_a_visitor_is_told_what_they_can_do_about_a_missing_rate(store, filled, tmp_path, monkeypatch, role, action) -> None:
    """A viewer was told "Add the rate on the Data page, in the Currencies tab." on every page, a tab a viewer's
    Data page does not have. Signed in as a viewer, every note on deals no rate converts says whom to ask; as
    sales ops, where to add the rate, as before."""
    filled(three_files)
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[users]\n"pat@northwind.test" = "{role}"\n')
    monkeypatch.setenv("WINLOSS_ROLES", str(roles))
    for page, query, rates in (("review", {"quarter": "2026 Q3"}, ("rate", "rates")), ("overview", {}, ("rates",)),
                               ("reps", {}, ("rates",))):
        at = opened(page, signed_in="pat@northwind.test", period="All time", **query)
        assert not at.exception, [e.value for e in at.exception]
        said = page_words(at)
        for number in rates:  # the banner over every page; the review's figures; the leaderboard's note
            assert action.format(number) in said, (page, number)
        assert ("Currencies tab" in said) == (role == "ops"), page
    # The words follow what the Data page shows the visitor: its Currencies tab to sales ops, not to a viewer.
    data = opened("data", signed_in="pat@northwind.test")
    assert not data.exception, [e.value for e in data.exception]
    assert ("Currencies" in [t.label for t in data.tabs]) == (role == "ops")
