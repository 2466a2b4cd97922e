"""A deal list names each deal and its CSV says what currency each amount is in: two deals of one
account ("Acct 094 GmbH", open $98,064 and lost $46,872) could not be told apart, and the CSV's
`amount` of a GBP 18,200.00 deal read 23114.0, the reporting currency's conversion, unlabelled."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest

from ui import drill
from winloss.anonymise import anonymised
from winloss.deals import deals
from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.views.deal_lists import amount_header, deals_csv, listed_deals

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Opportunity Currency,Amount,Close Date"
ROWS = (
    "D1,Yusuf Yilmaz,Acct 094 GmbH,Deal 0434,Proposal/Price Quote,EUR,90800.00,2027-02-10",
    "D2,Yusuf Yilmaz,Acct 094 GmbH,Deal 0094,Closed Lost,EUR,43400.00,2026-07-20",
    "D3,Yusuf Yilmaz,=HYPERLINK(\"http://x\"),\"=1+2 Renewal, Yusuf Yilmaz\",Closed Won,GBP,18200.00,2026-08-16",
)


def rows_of(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads accents right
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def yusuf(tmp_path) -> pl.DataFrame:
    """Yusuf's three deals as every page measures them: in USD at EUR 1.08, GBP 1.27."""
    store = Store(tmp_path / "store")
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.08"), ("GBP", "1.27")]), user="ops")
    commit(store, prepare(("\n".join([HEADER, *ROWS]) + "\n").encode(), "sf.csv"))
    return deals(store).sort("opportunity_id")


def test_a_deal_is_stored_and_listed_with_its_name(yusuf) -> None:
    assert yusuf.get_column("opportunity_name").to_list() == ["Deal 0434", "Deal 0094", "=1+2 Renewal, Yusuf Yilmaz"]
    listed = listed_deals(yusuf, hide_amounts=False)
    assert listed.columns[:2] == ["account", "opportunity_name"]
    # The two deals of one account differ by their names.
    same_account = listed.filter(pl.col("account") == "Acct 094 GmbH")
    assert same_account.get_column("opportunity_name").to_list() == ["Deal 0434", "Deal 0094"]


def test_a_list_of_deals_without_names_has_no_column_of_blanks(yusuf) -> None:
    unnamed = yusuf.with_columns(pl.lit(None, pl.String).alias("opportunity_name"))
    assert "opportunity_name" not in listed_deals(unnamed, hide_amounts=False).columns


def test_the_csv_names_the_reporting_currency_and_keeps_the_amount_as_exported(yusuf) -> None:
    rows = rows_of(deals_csv(listed_deals(yusuf, hide_amounts=False), "USD"))
    assert list(rows[0])[:6] == ["account", "opportunity_name", "outcome", "amount_usd", "exported_amount",
                                 "exported_currency"]
    gbp = rows[2]
    assert (gbp["exported_amount"], gbp["exported_currency"]) == ("18200.0", "GBP")
    assert float(gbp["amount_usd"]) == pytest.approx(18200 * 1.27)
    assert "amount" not in rows[0]  # no amount in no named currency
    assert amount_header("CHF") == "amount_chf"


def test_the_csv_writes_a_name_that_starts_like_a_formula_as_text(yusuf) -> None:
    gbp = rows_of(deals_csv(listed_deals(yusuf, hide_amounts=False), "USD"))[2]
    assert gbp["account"] == "'=HYPERLINK(\"http://x\")"
    assert gbp["opportunity_name"] == "'=1+2 Renewal, Yusuf Yilmaz"


def test_hidden_amounts_leave_every_amount_out_of_the_list_and_its_csv(yusuf) -> None:
    listed = listed_deals(yusuf, hide_amounts=True)
    assert not {"amount", "exported_amount", "exported_currency", "converted_amount"} & set(listed.columns)
    rows = rows_of(deals_csv(listed, "USD"))
    assert not [c for c in rows[0] if "amount" in c or "currency" in c]
    assert "90800" not in deals_csv(listed, "USD").decode("utf-8-sig")


def test_anonymising_hides_a_reps_name_written_into_a_deals_name(yusuf) -> None:
    """A deal's name is typed by people and may name the rep ("Renewal, Yusuf Yilmaz"): anonymised,
    the name reads the rep's pseudonym there too, in any case; other names are kept as they are."""
    frame = pl.DataFrame({
        "rep": ["Ann Lee", "Ann Lee-Smith", "Bo Chen"],
        "manager": ["Mia Park", "Mia Park", "Mia Park"],
        "opportunity_name": ["Acme - ann lee", "Globex - Ann Lee-Smith renewal", "Initech (Mia Park's)"],
        "close_date": [dt.date(2026, 1, d) for d in (1, 2, 3)],
    })
    hidden = anonymised(frame)
    reps, managers = dict(zip(frame["rep"], hidden["rep"], strict=True)), dict(zip(frame["manager"], hidden["manager"], strict=True))
    assert hidden.get_column("opportunity_name").to_list() == [
        f"Acme - {reps['Ann Lee']}", f"Globex - {reps['Ann Lee-Smith']} renewal", f"Initech ({managers['Mia Park']}'s)"]
    assert "Yusuf Yilmaz" not in " ".join(anonymised(yusuf).get_column("opportunity_name").to_list())
    assert "Deal 0434" in anonymised(yusuf).get_column("opportunity_name").to_list()


def test_a_lists_room_columns_fit_the_list_and_leave_the_last_to_the_switch() -> None:
    """With a deal's name beside its account the room's columns of a rep's at-risk list passed the
    898 px a list has at 1280 px: the stage, which no longer fits, goes to the All columns switch, and
    the close date after it, which does, still shows."""
    columns = ["account", "opportunity_name", "rep", "outcome", "amount", "reason", "close_date", "stage"]
    widths = {"account": drill.ACCOUNT_WIDTH, "opportunity_name": drill.DEAL_WIDTH, "rep": drill.REP_WIDTH,
              "outcome": drill.OUTCOME_WIDTH, "amount": drill.AMOUNT_WIDTH, "reason": drill.REASON_WIDTH,
              "stage": drill.STAGE_WIDTH, "close_date": drill.DAY_WIDTH}
    shown = drill.grid_columns(columns, same=drill.ONE_REP, widths=widths)
    assert shown == ["account", "opportunity_name", "outcome", "amount", "reason", "close_date"]
    assert sum(widths[c] for c in shown) <= drill.LIST_WIDTH
    # A rep's own list of closed and open deals keeps its every room column at 1280 px.
    own = [c for c in columns if c != "reason"] + ["loss_reason"]
    widths["loss_reason"] = drill.LOSS_REASON_WIDTH
    assert drill.grid_columns(own, same=drill.ONE_REP, widths=widths) == [
        "account", "opportunity_name", "outcome", "amount", "loss_reason", "close_date", "stage"]


def test_a_fitted_column_holds_its_longest_value_whole_as_the_grid_draws_it():
    """Fitted columns were sized at 7 px a character, while a cell is cut by what Chromium draws
    (text.grid_px): a loss reason of wide letters got a column 10 px too narrow and was cut with "…"
    though the list had room for it."""
    from ui.drill import fitted_widths
    from winloss.text import cut_in_cell

    reason = "OUT-SOLD BY COMPETITOR"  # capitals: 7 px a character is too few (162 px drawn, not 154)
    frame = pl.DataFrame({"loss_reason": [reason, "Price", None]})
    widths = fitted_widths(frame, ["loss_reason"], {"loss_reason": 60}, room=900)
    assert not cut_in_cell(reason, widths["loss_reason"])
    assert widths["loss_reason"] < 60 + 900  # no wider than it needs
    narrow = fitted_widths(frame, ["loss_reason"], {"loss_reason": 60}, room=120)
    assert narrow["loss_reason"] == 120  # as far as the list has room, no further


def test_in_presenter_mode_a_lists_key_columns_fit_a_projectors_1024_px():
    """Presenter mode fits a list to what a projector's 1024 px leaves it (drill.list_room): with 1280 px's room
    in presenter type the at-risk list was 1,135 px in a 962 px page, its Stage cut to "Pro". Its account, deal,
    rep, amount and reason (811 px of the 769 it has) fit once its names are narrowed, each by its share and never
    under its header, so the reason stays in view; the close date and stage go behind the All columns switch. A
    name column wider than its names gives its room first: then no name wraps."""
    from ui.style import PRESENTER_TYPE

    room = drill.list_room(drill.PAGE_WIDTH, presenter=True)
    assert room * PRESENTER_TYPE <= drill.PRESENTER_NARROWEST_SCREEN_PX
    assert drill.list_room(drill.PAGE_WIDTH, presenter=False) == drill.PAGE_WIDTH
    assert drill.list_room(drill.LIST_WIDTH, presenter=True) == room - (drill.PAGE_WIDTH - drill.LIST_WIDTH)
    columns = ["account", "opportunity_name", "rep", "amount", "reason", "close_date", "stage"]
    widths = {"account": drill.ACCOUNT_WIDTH, "opportunity_name": drill.DEAL_WIDTH, "rep": drill.REP_WIDTH,
              "amount": drill.AMOUNT_WIDTH, "reason": drill.REASON_WIDTH, "close_date": drill.DAY_WIDTH,
              "stage": drill.STAGE_WIDTH}
    narrowed = drill.key_columns_narrowed(widths, columns, room)
    shown = drill.grid_columns(columns, widths=narrowed, room=room)
    assert shown == ["account", "opportunity_name", "rep", "amount", "reason"]
    assert sum(narrowed[c] for c in shown) <= room
    for column, header in drill.NARROWED:  # each gave some, none below its header
        assert drill.sortable_header_width(header) <= narrowed[column] < widths[column], column
    assert {c: narrowed[c] for c in ("amount", "reason", "close_date", "stage")} == {
        c: widths[c] for c in ("amount", "reason", "close_date", "stage")}
    # With room enough nothing is narrowed.
    assert drill.key_columns_narrowed(widths, columns, drill.PAGE_WIDTH) == widths
    # Anonymised reps ("Rep 07") need less than the Rep column's set width: the account keeps what it needs.
    needs = {"account": 211, "opportunity_name": 116, "rep": 60}
    sized = drill.key_columns_narrowed(widths, columns, room, needs)
    assert sized["account"] == 211 and sized["opportunity_name"] == 116
    assert sized["rep"] == drill.sortable_header_width("Rep")
    assert drill.grid_columns(columns, widths=sized, room=room) == ["account", "opportunity_name", "rep", "amount",
                                                                     "reason"]


def test_the_column_of_amounts_no_rate_converts_is_headed_in_a_sales_leaders_words() -> None:
    # "Not converted" read as jargon over an at-risk list's "€77.5k": the header says why the amount stands apart,
    # and its help what the amount is, what it is left out of, and what brings it in.
    from winloss.views.deal_lists import NOT_CONVERTED_HEADER, not_converted_help

    assert NOT_CONVERTED_HEADER == "No exchange rate"
    said = not_converted_help("USD")
    assert said.startswith("The deal's amount as the file wrote it, in its own currency, which has no exchange rate to USD")
    assert "left out of Amount" in said and said.endswith("until a rate is added on the Data page.")
    assert "convert" not in said
