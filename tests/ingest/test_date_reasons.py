"""A date the ingest cannot read is quarantined with what is wrong and how to write it, whole and in batches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from winloss.ingest.pipeline import prepare, prepare_path
from winloss.ingest.values import dates, not_a_date_reason

FIXTURES = Path(__file__).parent.parent / "fixtures" / "dates"
WRITE = "write it as year-month-day (such as 2026-03-11 for 11 March 2026), or as the file's other dates are written."
CORRECT = "correct the {} in the file (or in the CRM, and export again)."


@pytest.mark.parametrize(("text", "reason"), [
    ("02/31/2026", f": February has no 31st; {CORRECT.format('day')}"),
    ("31.02.2025", f": February has no 31st; {CORRECT.format('day')}"),
    ("2026-04-31", f": April has no 31st; {CORRECT.format('day')}"),
    # Written year-month-day already: the day or the month is to correct, not the form.
    ("2026-02-31", f": February has no 31st; {CORRECT.format('day')}"),
    ("2025-02-29", f": February 2025 has no 29th; {CORRECT.format('day')}"),
    ("29/02/25", f": February 2025 has no 29th; {CORRECT.format('day')}"),
    ("2026-13-05", f": there is no month 13; {CORRECT.format('month')}"),
    ("2026-02-00", f": there is no day 0; {CORRECT.format('day')}"),
    ("Q3 2026", f": a quarter is not a day; {WRITE}"),
    ("Tuesday 10 March 2026", ": a weekday before the date is not read; write the date alone ('10 March 2026'), or as "
                              "the file's other dates are written."),
    ("20260311", ": a number among the file's dates is not read as one; write it as year-month-day (2026-03-11), or as "
                 "the file's other dates are written."),
    ("46093", ": a number among the file's dates is not read as an Excel serial day (46093 would be 2026-03-12); if "
              "that is the day, write it as year-month-day (2026-03-12), or as the file's other dates are written."),
    ("next week", f": {WRITE}"),
])
def test_a_date_reason_says_what_is_wrong_and_how_to_write_it(text, reason):
    assert not_a_date_reason(text) == reason


def test_every_unread_date_is_quarantined_with_how_to_write_it_whole_and_in_batches():
    """The reasons said "Close Date '02/31/2026' is not a date." and stopped: nothing said what to do."""
    path = FIXTURES / "bad_dates.csv"
    whole = prepare(path.read_bytes(), path.name)
    with prepare_path(path, batch_rows=2) as in_batches:
        for p in (whole, in_batches):
            reasons = dict(p.errors.select("line", "message").iter_rows())
            assert sorted(reasons) == [3, 4, 5, 6, 7]
            assert reasons[3] == f"Close Date '02/31/2026' is not a date: February has no 31st; {CORRECT.format('day')}"
            assert reasons[4] == f"Close Date 'Q3 2026' is not a date: a quarter is not a day; {WRITE}"
            # Advice on the form only where the form is the problem.
            assert all(reason.endswith("or as the file's other dates are written.") for line, reason in reasons.items() if line != 3)
            assert "Excel serial day (46093 would be 2026-03-12)" in reasons[7]
            assert p.rows_accepted == 2


def test_a_column_of_numbers_only_is_read_as_excel_serial_days_and_the_report_says_so():
    """README promises Excel serial dates: a CSV column whose every date is a number is read as
    serial days, and the note names the rule with an example; a lone number among dates is not."""
    path = FIXTURES / "serial_dates.csv"
    whole = prepare(path.read_bytes(), path.name)
    with prepare_path(path, batch_rows=1) as in_batches:
        for p in (whole, in_batches):
            assert p.rows_accepted == 2
            assert ("Close Date: every date is a number, read as an Excel serial day number (days since 1899-12-30: "
                    "'46093' is 2026-03-12).") in p.notes
    assert whole.accepted.get_column("close_date").to_list() == [date(2026, 3, 12), date(2026, 3, 13)]
    assert dates(pl.Series(["46093", "2026-03-11"]), "Close Date").values.to_list() == [None, date(2026, 3, 11)]


def test_date_columns_that_show_opposite_orders_are_each_read_their_way_and_the_report_says_so(tmp_path):
    """Close dates written month-first (03/13) and created dates day-first (25/12) were each read their
    own way without a word, where the README promises one order per file."""
    path = tmp_path / "orders.csv"
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Created Date\n"
                    "A1,Ann Lee,Closed Won,100,03/13/2025,25/12/2024\nA2,Ann Lee,Closed Won,100,05/06/2025,01/02/2025\n")
    said = ("The date columns are written in different orders: Created Date day-first (such as '25/12/2024'), Close Date "
            "month-first (such as '03/13/2025'); each is read in the order its own dates show. "
            "If that is wrong, choose the date order (on the command line: --day-first yes or no, and ingest again).")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert file.notes.count(said) == 1
        rows = pl.concat(list(file.accepted_batches())).sort("opportunity_id").select("close_date", "created_date").rows()
        assert [(str(a), str(b)) for a, b in rows] == [("2025-03-13", "2024-12-25"), ("2025-05-06", "2025-02-01")]
    one_order = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Created Date\n"
                        b"A1,Ann Lee,Closed Won,100,03/13/2025,12/25/2024\n", "one.csv")
    assert not [n for n in one_order.notes if "different orders" in n]


def test_closed_deals_dated_after_today_are_named_in_the_file_report(tmp_path):
    """A won deal read as closing on a day still to come (12/08 read month-first in December) was stored
    without a word, and counted in a quarter that has not happened."""
    import datetime as dt

    from winloss.text import day

    today = dt.date.today()
    soon, later = today + dt.timedelta(days=4), today + dt.timedelta(days=9)
    path = tmp_path / "future.csv"
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
                    f"F1,Ann Lee,Closed Won,100,{today}\nF2,Ann Lee,Negotiation,100,{later}\n"
                    f"F3,Ann Lee,Closed Won,100,{soon}\nF4,Ann Lee,Closed Lost,100,{later}\n")
    said = (f"2 closed deals close after today ({day(today)}), such as line 4 (its close date read as {day(soon)}): a deal "
            "that has closed did so by now. Check those dates in the CRM, and the date order if the file's dates could be "
            "read either way.")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        assert said in file.notes and file.rows_accepted == 4
    on_time = prepare(f"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\nF1,Ann Lee,Closed Won,100,{today}\n"
                      f"F2,Ann Lee,Negotiation,100,{later}\n".encode(), "on_time.csv")
    assert not [n for n in on_time.notes if "after today" in n]


def test_open_deals_created_after_today_are_named_in_the_file_report_with_what_becomes_of_them(tmp_path):
    """An export with open deals created after the day it was uploaded said "Every row passed every check"
    and nothing more, while no page counted those deals as open: the report now says how many, names a
    few by their ids, and says they are counted and listed as open now."""
    import datetime as dt

    from winloss.text import day

    today = dt.date.today()
    soon, later = today + dt.timedelta(days=1), today + dt.timedelta(days=19)
    header = "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
    rows = [f"A1,Ann Lee,Negotiation,100,{today},{later}",  # created today: not after it
            f"A2,Ann Lee,Closed Won,100,{soon},{later}",  # closed: not an open deal
            f"A3,Ann Lee,Proposal,100,{later},{later}", f"A4,Ann Lee,Proposal,100,{soon},{later}",
            f"A5,Bob Ray,Proposal,100,{soon},{later}", f"A6,Bob Ray,Negotiation,100,{later},{later}"]
    path = tmp_path / "ahead.csv"
    path.write_text(header + "\n".join(rows) + "\n")
    said = (f"4 open deals were created after today ({day(today)}), such as A3 (line 4, its created date read as "
            f"{day(later)}), A4 and A5: they are counted and listed as open now, as every open deal is, on every page; "
            "a range or review that ends before today leaves them out, as not created yet then. Check those dates in "
            "the CRM, and the date order if the file's dates could be read either way.")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=2)):
        assert said in file.report_notes() and file.rows_accepted == 6
    one = prepare((header + f"B1,Ann Lee,Proposal,100,{soon},{later}\n").encode(), "one.csv")
    assert (f"1 open deal was created after today ({day(today)}), such as B1 (line 2, its created date read as "
            f"{day(soon)}): it is counted and listed as open now, as every open deal is, on every page; a range or "
            "review that ends before today leaves it out, as not created yet then.") in " ".join(one.report_notes())
    on_time = prepare((header + rows[0] + "\n" + rows[1] + "\n").encode(), "on_time.csv")
    assert not [n for n in on_time.report_notes() if "created after today" in n]


def test_the_opposite_orders_note_quotes_dates_that_only_read_one_way():
    """It quoted '03/02/2024' and '03/04/2024', the first dates of each column, which read either way."""
    file = prepare(b"Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date\n"
                   b"1,Ann,Closed Won,100,03/02/2024,03/04/2024\n2,Ann,Closed Won,100,04/02/2024,04/05/2024\n"
                   b"3,Ann,Closed Lost,100,25/01/2024,01/30/2024\n", "orders.csv")
    (said,) = [n for n in file.notes if "different orders" in n]
    assert "Created Date day-first (such as '25/01/2024'), Close Date month-first (such as '01/30/2024')" in said


def test_a_pipedrive_deal_lost_after_today_is_noted_without_naming_a_column_it_lacks():
    import datetime as dt

    later = dt.date.today() + dt.timedelta(days=20)
    file = prepare(("Deal ID,Owner,Stage,Status,Value,Currency,Expected close date,Won time,Lost time\n"
                    f"2,Ann,Proposal,lost,100,EUR,{later},,{later} 09:00:00\n").encode(), "pipedrive.csv")
    (said,) = [n for n in file.notes if "after today" in n]
    assert "such as line 2 (its close date read as" in said and "Close date" not in said


def test_an_export_of_two_digit_year_first_dates_is_read_year_first_whole_and_in_batches(tmp_path):
    """A yy/mm/dd export (Excel in a Korean or Swedish locale) was stored a decade or two off, day-first:
    '25/03/05' as 25 March 2005, with no word in the report."""
    path = tmp_path / "yymmdd.csv"
    lines = [f"Y{n},Ann Lee,Closed Won,100,25/{month:02d}/{day:02d},24/12/{day:02d}"
             for n, (month, day) in enumerate([(3, 5), (4, 17), (6, 30), (1, 2)])]
    path.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Created Date\n" + "\n".join(lines) + "\n")
    for file in (prepare(path.read_bytes(), path.name), prepare_path(path, batch_rows=1)):
        rows = pl.concat(list(file.accepted_batches())).sort("opportunity_id").select("close_date", "created_date").rows()
        assert [(str(a), str(b)) for a, b in rows] == [
            ("2025-03-05", "2024-12-05"), ("2025-04-17", "2024-12-17"), ("2025-06-30", "2024-12-30"), ("2025-01-02", "2024-12-02"),
        ]
        assert any(n.startswith("Close Date: dates with a two-digit year are read year-first (YY/MM/DD: '25/03/05' is "
                                "2025-03-05)") for n in file.notes)
