"""The day/month order of dates no date of a file shows, settled by the next-strongest evidence: the order an
earlier export of the same report was read in, then the headers' language, then the decimal comma; and the
warnings that point at the date order when a file's dates read the other way would not be suspicious."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from winloss.ingest.date_order import stored_orders
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.ingest.store_effects import confirmed_note, reopened
from winloss.store.delta import Store

# Every date reads either way (no day past 12); the amounts' decimal comma reads them day-first.
COMMA_WEEK = (
    "Opportunity ID;Sales Rep;Stage;Amount;Close Date\n"
    "D-1;Ann;Closed Won;1.234,50;05/11/2025\n"
    "D-2;Ann;Closed Lost;800,00;03/10/2025\n"
    "D-3;Bob;Prospecting;2.000,00;10/12/2025\n"
)
# The next week of the same report, its amounts in whole units and saved comma-delimited: nothing in it shows
# the order (a ';' delimiter would: BY_SEMICOLON).
WHOLE_WEEK = (
    "Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
    "D-1,Ann,Closed Won,1235,05/11/2025\n"
    "D-2,Ann,Closed Lost,800,03/10/2025\n"
    "D-3,Bob,Closed Won,2000,01/12/2025\n"
    "D-4,Bob,Prospecting,500,11/01/2026\n"
)


def _close(prepared, deal: str) -> dt.date:
    frame = pl.concat([part.collect() for part in prepared.accepted_columns(["opportunity_id", "close_date"])])
    return dict(frame.iter_rows())[deal]


def _orders(store: Store):
    return stored_orders(store.live_uploads())


def test_a_later_export_of_a_report_is_read_in_the_order_its_earlier_export_was(tmp_path):
    """Week 1 was read day-first by its decimal comma; week 2, in whole units, was read month-first, and its
    every closed deal moved to another close date ("closed on an earlier date... Commit anyway")."""
    store = Store(tmp_path / "store")
    week1 = prepare(COMMA_WEEK.encode(), "pipeline_2025-11-28.csv")
    assert week1.date_order is not None and (week1.date_order.day_first, week1.date_order.by) == (True, "decimal comma")
    commit(store, week1)
    assert json.loads(store.live_uploads().item(0, "reading"))["date_order"] == {"day_first": True, "by": "decimal comma"}
    week2 = prepare(WHOLE_WEEK.encode(), "pipeline_2025-12-05.csv", earlier_orders=_orders(store))
    assert _close(week2, "D-1") == dt.date(2025, 11, 5) and _close(week2, "D-4") == dt.date(2026, 1, 11)
    assert ("Close Date: every date could be day-first or month-first; read as day-first (DD/MM/YYYY), as "
            "«pipeline_2025-11-28.csv», another export of this report, was read. If that is wrong, choose the "
            "date order (on the command line: --day-first yes or no, and ingest again).") in week2.notes
    assert reopened(week2, store) is None
    # Read in batches, the file is read the same way.
    path = tmp_path / "pipeline_2025-12-05.csv"
    path.write_text(WHOLE_WEEK)
    with prepare_path(path, batch_rows=2, earlier_orders=_orders(store)) as batched:
        assert batched.staged is not None and _close(batched, "D-1") == dt.date(2025, 11, 5)
        assert batched.notes == week2.notes and batched.date_order == week2.date_order
    # Another report's order is not taken: only the report's own exports count.
    other = prepare(WHOLE_WEEK.encode(), "forecast.csv", earlier_orders=_orders(store))
    assert _close(other, "D-1") == dt.date(2025, 5, 11)


def test_a_user_s_choice_decides_over_an_earlier_export_and_the_headers(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(COMMA_WEEK.encode(), "pipeline_2025-11-28.csv"))
    chosen = prepare(WHOLE_WEEK.encode(), "pipeline_2025-12-05.csv", day_first=False, earlier_orders=_orders(store))
    assert _close(chosen, "D-1") == dt.date(2025, 5, 11) and chosen.date_order.by == "chosen"


def test_an_order_guessed_month_first_is_not_carried_to_the_next_export(tmp_path):
    """The month-first default is no evidence: the next export's decimal comma decides it."""
    store = Store(tmp_path / "store")
    guessed = prepare(WHOLE_WEEK.encode(), "pipeline_2025-11-28.csv")
    assert (guessed.date_order.day_first, guessed.date_order.by) == (False, "default")
    commit(store, guessed)
    assert _orders(store) == ()
    comma = prepare(COMMA_WEEK.encode(), "pipeline_2025-12-05.csv", earlier_orders=_orders(store))
    assert _close(comma, "D-1") == dt.date(2025, 11, 5) and comma.date_order.by == "decimal comma"


FRENCH = (
    "Record ID;Nom de la transaction;Phase de la transaction;Montant;Date de fermeture;Propriétaire de la transaction\n"
    "5101;Carrefour;Fermé gagné;12 000 €;05/11/2026;Claire Martin\n"
    "5102;Danone;Fermé perdu;8 000 €;03/10/2026;Claire Martin\n"
    "5104;SNCF;Rendez-vous programmé;40 000 €;10/12/2026;Luc Bernard\n"
)


def test_french_headers_read_dates_no_date_settles_day_first(tmp_path):
    """A French export in whole euros was read month-first with the generic note: 05/11/2026 became 11 May."""
    prepared = prepare(FRENCH.encode(), "hubspot_fr.csv")
    assert _close(prepared, "5101") == dt.date(2026, 11, 5)
    assert ("Date de fermeture: every date could be day-first or month-first; read as day-first (DD/MM/YYYY), as the "
            "file's headers are French and French exports write dates day-first. If that is wrong, "
            "choose the date order (on the command line: --day-first yes or no, and ingest again).") in prepared.notes
    assert prepared.date_order.by == "headers"


@pytest.mark.parametrize(("language", "header"), [
    ("Swedish", "Affärs-ID,Fas,Belopp,Stängningsdatum,Ägare\n"),
    ("English", "Deal ID,Stage,Amount,Close Date,Owner\n"),
    ("Japanese", "案件ID,ステージ,金額,完了予定日,営業担当者\n"),
])
def test_headers_whose_language_writes_no_day_first_custom_leave_the_default(language, header):
    """Swedish and Japanese write dates year-first: their headers say nothing of a d/m/y order."""
    rows = "1,Closed Won,100,05/11/2026,Ann\n2,Closed Lost,100,03/10/2026,Ann\n"
    prepared = prepare((header + rows).encode(), f"{language}.csv", kind="opportunities")
    assert prepared.rejected is None, prepared.rejected
    assert prepared.date_order.by == "default" and not prepared.date_order.day_first


# A weekly export: R-1 open, R-2 won on 20 Nov 2025 (ISO dates, whose order is plain).
OPEN_WEEK = (
    "Opportunity ID,Sales Rep,Stage,Amount,Created Date,Close Date\n"
    "R-1,Ann,Prospecting,100,2025-01-05,2026-02-28\n"
    "R-2,Ann,Closed Won,100,2025-02-01,2025-11-20\n"
)
# The next week writes its dates d/m/y, none past 12: R-1 won on 3 Dec 2025, read month-first as 12 Mar 2025.
CLOSED_WEEK = (
    "Opportunity ID,Sales Rep,Stage,Amount,Created Date,Close Date\n"
    "R-1,Ann,Closed Won,100,01/05/2025,03/12/2025\n"
    "R-2,Ann,Closed Won,100,02/01/2025,11/10/2025\n"
)


def test_a_deal_closed_before_an_export_that_had_it_open_is_held_and_the_date_order_named(tmp_path):
    """R-1, open in last week's export, was stored as won eight months before it, unsaid."""
    store = Store(tmp_path / "store")
    commit(store, prepare(OPEN_WEEK.encode(), "week1.csv"))
    later = prepare(CLOSED_WEEK.replace("R-2,", "R-9,").encode(), "week2.csv")
    said = reopened(later, store)
    assert said is not None and (said.deals, said.examples, said.closed_early) == (1, ("R-1",), 1)
    assert said.sentence == (
        "1 deal the store holds open from an earlier export is closed in this file on a date before that export was "
        "made (such as R-1: won on 12 Mar 2025 in this file, open in «week1.csv», whose deals were created or closed "
        "as late as 20 Nov 2025): a deal closed by then would not have been open in it. Read day-first instead, it "
        "would close after the export that had it open (closing on 3 Dec 2025): if this file's dates are day-first, "
        "choose the date order (on the command line: --day-first yes). If the CRM back-dated its close, store it."
    )
    assert confirmed_note(None, said, None) == "confirmed: 1 deal closed before an earlier export that had it open"
    # Read day-first, it closes after that export: nothing to hold.
    assert reopened(prepare(CLOSED_WEEK.replace("R-2,", "R-9,").encode(), "week2.csv", day_first=True), store) is None


def test_a_close_back_dated_in_dates_that_show_their_order_is_not_held(tmp_path):
    """A deal marked won days after it closed, dated the day it did: before the last day the earlier export shows,
    but its file's dates read one way only (11/25/2025), so no other order explains it. Weekly exports hold such
    deals every week; they are not held."""
    store = Store(tmp_path / "store")
    commit(store, prepare(OPEN_WEEK.encode(), "week1.csv"))
    shown = prepare((CLOSED_WEEK.replace("R-2,", "R-9,") + "R-5,Bob,Closed Won,100,01/05/2025,11/25/2025\n").encode(), "week2.csv")
    assert shown.date_order is not None and "close_date" not in shown.date_order.either_way
    assert reopened(shown, store) is None


def test_weekly_exports_stored_in_one_sitting_hold_nothing(tmp_path):
    """A year of exports stored in one sitting: each was stored after every close of the next, but each close
    is after the last day its earlier export shows, so none is held."""
    store = Store(tmp_path / "store")
    january = OPEN_WEEK.replace("2025-11-20", "2025-01-10")
    commit(store, prepare(january.encode(), "january.csv"))
    february = january.replace("R-1,Ann,Prospecting,100,2025-01-05,2026-02-28", "R-1,Ann,Closed Won,100,2025-01-05,2025-02-15")
    assert reopened(prepare(february.encode(), "february.csv"), store) is None


def test_the_closed_earlier_warning_names_the_date_order_when_the_other_order_clears_it(tmp_path):
    """Week 2 read month-first against a store of day-first dates: "5 deals closed in the store are closed on an
    earlier date..." with nothing pointing at the real cause."""
    store = Store(tmp_path / "store")
    commit(store, prepare(COMMA_WEEK.encode(), "week1.csv"))
    week2 = prepare(WHOLE_WEEK.encode(), "week2.csv", day_first=False)
    said = reopened(week2, store)
    assert said is not None
    # D-3, open in week 1, is closed before it too: one date-order sentence names both kinds.
    assert ("would not have been open in it. Read day-first instead, none of the deals closed in the store would be "
            "taken back (such as D-1, closing on 5 Nov 2025) and the deal held open would close after the export that "
            "had it open (closing on 1 Dec 2025): if this file's dates are day-first, choose the date order (on the "
            "command line: --day-first yes). If this export is older than the last one stored, do not store it."
            ) in said.sentence


# The week after OPEN_WEEK, its dates d/m/y, none past 12: R-1 (open there) won on 3 Dec 2025, read month-first
# 12 Mar 2025, before that export; R-2 (won there on 20 Nov 2025) won on 1 Dec 2025, read month-first 12 Jan 2025,
# an earlier close. Read day-first, neither is warned of.
BOTH_KINDS_WEEK = CLOSED_WEEK.replace("R-2,Ann,Closed Won,100,02/01/2025,11/10/2025", "R-2,Ann,Closed Won,100,01/01/2025,01/12/2025")


def _open_week_stored(tmp_path) -> Store:
    store = Store(tmp_path / "store")
    commit(store, prepare(OPEN_WEEK.encode(), "week1.csv"))
    return store


def test_a_warning_naming_deals_taken_back_and_deals_closed_early_says_the_date_order_once(tmp_path):
    """Both kinds in one file: "Read day-first instead, ... choose the date order" was said after each kind."""
    said = reopened(prepare(BOTH_KINDS_WEEK.encode(), "week2.csv"), _open_week_stored(tmp_path))
    assert said is not None and (said.deals, said.closed_early) == (2, 1)
    assert said.sentence.count("choose the date order") == 1 and said.sentence.count("Read day-first instead") == 1
    assert said.sentence == (
        "1 deal closed in the store is closed on an earlier date in this file (such as R-2: won on 20 Nov 2025 in the "
        "store, won on 12 Jan 2025 in this file): storing it takes it back to that earlier close. 1 deal the store "
        "holds open from an earlier export is closed in this file on a date before that export was made (such as R-1: "
        "won on 12 Mar 2025 in this file, open in «week1.csv», whose deals were created or closed as late as 20 Nov "
        "2025): a deal closed by then would not have been open in it. Read day-first instead, the deal closed in the "
        "store would not be taken back (closing on 1 Dec 2025) and the deal held open would close after the export "
        "that had it open (closing on 3 Dec 2025): if this file's dates are day-first, choose the date order (on the "
        "command line: --day-first yes). If this export is older than the last one stored, do not store it. If the "
        "CRM back-dated its close, store it."
    )


def test_each_close_date_is_read_the_other_way_once(tmp_path, monkeypatch):
    """The deals closed before an earlier export had their close dates swapped to find them, then again for the
    warning's date-order clause."""
    from winloss.ingest import store_effects

    store = _open_week_stored(tmp_path)
    later = prepare(BOTH_KINDS_WEEK.encode(), "week2.csv")
    swapped: list[tuple[str, ...]] = []
    swap = store_effects._with_other_close

    def counted(prepared, rows):
        swapped.append(tuple(rows.get_column("opportunity_id").to_list()))
        return swap(prepared, rows)

    monkeypatch.setattr(store_effects, "_with_other_close", counted)
    assert reopened(later, store) is not None
    assert sorted(swapped) == [("R-1",), ("R-2",)]


# A Pipedrive export saved by Excel in a decimal-comma locale: ';' between the values, amounts in whole euros, every
# date one that reads either way.
SEMICOLON_WEEK = (
    "Deal - ID;Deal - Title;Deal - Owner;Deal - Stage;Deal - Status;Deal - Value;Deal - Currency of Value;"
    "Deal - Deal closed on\n"
    "301;Bodega Ruiz;Lucía Gómez;Contrato firmado;Won;4500;EUR;05/11/2025\n"
    "302;Textiles Norte;Lucía Gómez;Propuesta;Lost;12000;EUR;03/10/2025\n"
    "303;Grupo Ibarra;Diego Soto;Negociación;Won;800;EUR;10/12/2025\n"
)


def test_a_semicolon_delimited_file_whose_dates_show_no_order_is_read_day_first_and_says_why(tmp_path):
    """Its decimal comma counted, its ';' did not: whole euros in a ';' file were read month-first, 05/11 as 11 May."""
    prepared = prepare(SEMICOLON_WEEK.encode(), "pipedrive_es.csv")
    assert _close(prepared, "301") == dt.date(2025, 11, 5)
    assert (prepared.date_order.day_first, prepared.date_order.by) == (True, "semicolon delimiter")
    assert ("Deal - Deal closed on: every date could be day-first or month-first; read as day-first (DD/MM/YYYY), as "
            "the file is delimited by ';' (Excel's separator where numbers take a decimal comma and dates are written "
            "day-first). If that is wrong, choose the date order (on the command line: --day-first yes or no, and ingest "
            "again).") in prepared.notes
    # Evidence as the others are: the next export of the report, saved with commas, is read the same way.
    store = Store(tmp_path / "store")
    commit(store, prepared)
    again = prepare(SEMICOLON_WEEK.replace(";", ",").encode(), "pipedrive_es.csv", earlier_orders=_orders(store))
    assert _close(again, "301") == dt.date(2025, 11, 5) and again.date_order.by == "earlier export"
    # Read in batches, the file is read the same way.
    path = tmp_path / "pipedrive_es.csv"
    path.write_text(SEMICOLON_WEEK)
    with prepare_path(path, batch_rows=2) as batched:
        assert _close(batched, "301") == dt.date(2025, 11, 5) and batched.date_order == prepared.date_order


def test_the_semicolon_is_weaker_than_the_amounts_and_the_headers():
    """Amounts written with a decimal point say the file was not made where ';' is Excel's separator; a French
    header, or a decimal comma, is the rule named before it."""
    pointed = prepare(SEMICOLON_WEEK.replace(";4500;", ";4500.50;").encode(), "pipedrive.csv")
    assert (pointed.date_order.day_first, pointed.date_order.by) == (False, "default")
    comma = prepare(SEMICOLON_WEEK.replace(";4500;", ";4.500,50;").encode(), "pipedrive.csv")
    assert comma.date_order.by == "decimal comma"
    assert prepare(FRENCH.encode(), "hubspot_fr.csv").date_order.by == "headers"


# Week 1's close dates show their order themselves (25/11 can only be day-first); its other dates read either way.
PROVEN_WEEK = (
    "Opportunity ID,Sales Rep,Stage,Amount,Created Date,Close Date\n"
    "D-1,Ann,Closed Won,1235,01/09/2025,25/11/2025\n"
    "D-2,Ann,Closed Lost,800,02/09/2025,03/10/2025\n"
    "D-3,Bob,Prospecting,2000,04/10/2025,10/12/2025\n"
)


@pytest.mark.parametrize("proven_day_first", [True, False], ids=["day-first", "month-first"])
def test_an_order_the_dates_themselves_show_is_recorded_as_theirs_and_carried_to_the_next_export(tmp_path, proven_day_first):
    """A 25/11 settles the file's order, and it is recorded as the dates' own (by "dates"), not as the default,
    which is no evidence: the next export of the report, whose every date reads either way, is read in that order,
    where it was read month-first and its deals' close dates moved from week to week."""
    text = PROVEN_WEEK if proven_day_first else PROVEN_WEEK.replace("25/11/2025", "11/25/2025")
    store = Store(tmp_path / "store")
    week1 = prepare(text.encode(), "pipeline_2025-11-28.csv")
    assert week1.date_order is not None
    assert (week1.date_order.day_first, week1.date_order.by) == (proven_day_first, "dates")
    commit(store, week1)
    assert json.loads(store.live_uploads().item(0, "reading"))["date_order"]["by"] == "dates"
    week2 = prepare(WHOLE_WEEK.encode(), "pipeline_2025-12-05.csv", earlier_orders=_orders(store))
    expected = dt.date(2025, 11, 5) if proven_day_first else dt.date(2025, 5, 11)
    assert _close(week2, "D-1") == expected
    assert week2.date_order is not None and (week2.date_order.day_first, week2.date_order.by) == (proven_day_first, "earlier export")
