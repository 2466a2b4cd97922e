"""Every file the app writes by one rule (winloss.file_values): amounts to their currency's minor unit, a
rep's leaving as `left` and an ISO `left_on`, never the screen's words; a deal list named for what it
lists, its range and filters; `report --json`'s won values to the cent."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest

from winloss import employment, file_values
from winloss.views.deal_lists import deals_csv, list_file_name

NOISY = 51_100 * 1.1  # 56210.00000000001: 51,100 EUR at 1.1


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_amount_is_written_to_its_currencys_minor_unit() -> None:
    frame = pl.DataFrame({
        "amount": [NOISY, 0.125], "won_amount": [NOISY, None], "no_decision_amount": [23760.000000000004, 1.0],
        "amount_unconverted": [0, 2], "share": [0.2549019607843137, 0.1],
        "exported_amount": [190_000.4, 1.2345], "exported_currency": ["JPY", "KWD"],
    })
    written = rows_of(file_values.file_csv(frame, "USD"))
    assert [r["amount"] for r in written] == ["56210.0", "0.13"]  # a half rounded up, as every figure
    assert [r["won_amount"] for r in written] == ["56210.0", ""]
    assert written[0]["no_decision_amount"] == "23760.0"
    assert [r["exported_amount"] for r in written] == ["190000.0", "1.235"]  # whole yen; dinars to the fils
    assert written[0]["share"] == "0.2549019607843137" and written[1]["amount_unconverted"] == "2"  # not money
    assert rows_of(file_values.file_csv(frame, "JPY"))[0]["amount"] == "56210.0"
    assert file_values.in_minor_unit(NOISY, "USD") == 56210.0 and file_values.in_minor_unit(None, "USD") is None


def test_a_deal_lists_csv_writes_its_amounts_to_the_cent() -> None:
    listed = pl.DataFrame({"account": ["Acme"], "amount": [NOISY], "exported_amount": [51_100.0],
                           "exported_currency": ["EUR"]})
    (row,) = rows_of(deals_csv(listed, "USD"))
    assert (row["amount_usd"], row["exported_amount"]) == ("56210.0", "51100.0")


def test_a_reps_leaving_is_written_as_a_flag_and_an_iso_date_after_the_name() -> None:
    board = pl.DataFrame({"rep": ["Eli", "Amy", "Ben"], employment.REP_LEFT: [True, False, False],
                          employment.REP_LEFT_ON: [dt.date(2026, 8, 31), None, dt.date(2099, 1, 31)], "n": [3, 4, 5]})
    written = rows_of(file_values.file_csv(board, "USD"))
    assert list(written[0]) == ["rep", employment.LEFT, employment.LEFT_ON, "n"]
    assert [(r[employment.LEFT], r[employment.LEFT_ON]) for r in written] == [
        ("true", "2026-08-31"), ("false", ""), ("false", "2099-01-31")]  # leaving later: current, with the day
    nobody = board.with_columns(pl.lit(False).alias(employment.REP_LEFT), pl.lit(None, pl.Date).alias(employment.REP_LEFT_ON))
    assert list(rows_of(file_values.file_csv(nobody, "USD"))[0]) == ["rep", "n"]  # no columns of blanks


def test_a_file_refuses_the_screens_left_on_words() -> None:
    board = pl.DataFrame({"rep": ["Eli"], employment.REP_LEFT: [True], employment.REP_LEFT_ON: [dt.date(2026, 8, 31)]})
    on_screen = employment.with_left_on(board.select("rep"), board)
    assert on_screen[employment.LEFT_ON].to_list() == ["31 Aug 2026"]
    with pytest.raises(ValueError, match="screen's words"):
        file_values.file_csv(on_screen, "USD")


def test_a_deal_lists_file_name_says_what_it_lists_its_range_and_filters() -> None:
    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    assert (list_file_name("Lost and no-decision deals: region EMEA", start, end)
            == "lost-and-no-decision-deals-region-emea_2026-07-01-to-2026-09-30.csv")
    assert (list_file_name("Deals lost for “No\\_Decision”", start, end, [("Team", ("Falcons", "Orcas"))])
            == "deals-lost-for-no-decision_2026-07-01-to-2026-09-30_team-falcons-orcas.csv")  # Markdown escapes dropped
    assert list_file_name("", start, end) == "deals_2026-07-01-to-2026-09-30.csv"
    long = list_file_name("x" * 300, start, end)
    assert long.endswith(".csv") and len(long) <= 124


def test_a_deal_lists_file_name_with_names_anonymised_ends_saying_so_however_long() -> None:
    """The at-risk list of a page with names anonymised had its named twin's name: no mark at all."""
    start, end = dt.date(2025, 10, 1), dt.date(2026, 9, 30)
    assert (list_file_name("Open deals at risk as of 2026-11-26", start, end, anonymised=True)
            == "open-deals-at-risk-as-of-2026-11-26_2025-10-01-to-2026-09-30_anonymised.csv")
    for long in ("x" * 300, "東京" * 150):  # cut to leave the mark its room, in characters and in bytes
        name = list_file_name(long, start, end, [("Team", ("Falcons",))], anonymised=True)
        assert name.endswith("_anonymised.csv") and len(name) <= 124 and len(name.encode()) <= 184, name


def test_report_json_gives_a_won_value_to_the_cent() -> None:
    """Three won deals of 51,100 EUR each at 1.1 summed to 168630.00000000003 in `report --json`."""
    from datetime import date

    from small_deals import make_deals

    from winloss.cli import report_rows

    rows = [(f"D{i}", "Ann", "won", date(2025, 1, 1), date(2025, 2, 1), NOISY, None, "EMEA") for i in range(3)]
    assert sum([NOISY] * 3) != 168_630.0
    (row,) = report_rows(make_deals(rows), "none", date(2025, 1, 1), date(2025, 3, 31))
    assert row["won_amount"] == 168_630.0


def test_an_at_risk_lists_deals_carry_their_reps_team_into_its_csv() -> None:
    """The at-risk list's CSV had no team column where every other deal list has one."""
    from datetime import date

    from small_deals import ROWS, make_deals

    from winloss.measures.at_risk import at_risk_open_deals
    from winloss.views.deal_lists import listed_deals

    risky = at_risk_open_deals(make_deals(ROWS), date(2025, 6, 1))
    assert risky.height
    written = rows_of(deals_csv(listed_deals(risky, False, ("days_open", "reason")), "USD"))
    assert {r["rep"]: r["team"] for r in written} == {r: {"Ann": "East", "Bob": "East", "Cat": "West", "Dan": ""}[r]
                                                       for r in {r["rep"] for r in written}}
