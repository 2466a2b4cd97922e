"""Close date columns whose header names an expected close date: Dynamics' "Est. Close Date", Salesforce Japan's
Close Date "完了予定日" (scheduled completion date). Beside an actual close date it is the expected one, an open
deal's close date; alone it is read as one Close Date column is, the close date of closed deals too, and the file
report says so. The Japanese Dynamics export read "完了予定日" only where "実際の終了日" was missing, so its open deals
had no close date; a spreadsheet read "完了予定日" before its own "成約日" (the day the deal was won), so a won deal
closed on its scheduled day; and a closed deal took an estimated date as its close date with no word of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from winloss.ingest.pipeline import file_report, prepare

JAPANESE = Path(__file__).resolve().parent.parent / "fixtures" / "japanese"


def _close_dates(prepared) -> dict[str, dt.date | None]:
    return dict(prepared.accepted.select("opportunity_id", "close_date").iter_rows())


def _expected_close_notes(prepared, column: str) -> list[str]:
    """The report's notes that say `column` is read as the close date of closed deals too."""
    return [note for note in file_report(prepared)["notes"]
            if note.startswith(column) and "expected close date" in note and "the day a closed deal closed" in note]


def test_a_japanese_dynamics_open_deal_takes_its_expected_close_date():
    """As an English Dynamics export's open deal takes its Est. Close Date: "完了予定日" was left unread."""
    prepared = prepare((JAPANESE / "dynamics_ja.csv").read_bytes(), "dynamics_ja.csv")
    dates = dict(prepared.accepted.select("opportunity_name", "close_date").iter_rows())
    assert dates == {"基幹システム刷新": dt.date(2026, 3, 18), "物流管理クラウド導入": dt.date(2026, 3, 19),
                     "海外拠点CRM展開": dt.date(2026, 6, 30)}
    assert "完了予定日" not in file_report(prepared)["unused_columns"]
    assert not _expected_close_notes(prepared, "完了予定日")  # the actual close date is read beside it


def test_a_spreadsheets_won_deal_closes_on_its_own_day_not_its_scheduled_one():
    csv = ("案件ID,営業担当者,ステージ,金額,作成日,完了予定日,成約日\n"
           "D1,佐藤 健,受注,1000,2025/11/04,2026/03/31,2026/03/18\n"
           "D2,佐藤 健,進行中,1000,2025/11/04,2026/06/30,\n")
    prepared = prepare(csv.encode(), "案件.csv")
    assert prepared.mapping.fields["close_date"] == "成約日"
    assert prepared.mapping.fields["expected_close_date"] == "完了予定日"
    assert _close_dates(prepared) == {"D1": dt.date(2026, 3, 18), "D2": dt.date(2026, 6, 30)}


@pytest.mark.parametrize(("header", "rows", "column"), [
    ("(Do Not Modify) Opportunity,Topic,Est. Revenue,Currency,Est. Close Date,Status,Status Reason,Owner,Created On",
     ("D1,T1,1000,USD,2026-03-31,Won,Won,Ann Lee,2025-11-04", "D2,T2,1000,USD,2026-06-30,Open,In Progress,Ann Lee,2025-11-04"),
     "Est. Close Date"),
    ("(変更しないでください) 営業案件,トピック,見積収益,通貨,完了予定日,ステータス,ステータス理由,所有者,作成日",
     ("D1,T1,1000,USD,2026/03/31,受注,獲得,佐藤 健,2025/11/04", "D2,T2,1000,USD,2026/06/30,オープン,進行中,佐藤 健,2025/11/04"),
     "完了予定日"),
    ("商談 所有者,取引先名,商談名,フェーズ,金額,完了予定日,作成日,商談 ID",
     ("佐藤 健,山田製作所,N1,Closed Won,1000,2026/03/31,2025/11/04,D1",
      "佐藤 健,山田製作所,N2,Negotiation/Review,1000,2026/06/30,2025/11/04,D2"),
     "完了予定日"),
    ("案件ID,営業担当者,ステージ,金額,作成日,完了予定日",
     ("D1,佐藤 健,受注,1000,2025/11/04,2026/03/31", "D2,佐藤 健,進行中,1000,2025/11/04,2026/06/30"),
     "完了予定日"),
])
def test_a_close_date_read_from_a_header_naming_an_expected_one_is_said(header, rows, column):
    """Read as a Salesforce Close Date is (the won deal's close date, the open deal's expected close), never
    quietly: the report names the column, the rule and how to choose the actual close date."""
    prepared = prepare("\n".join((header, *rows)).encode(), "deals.csv")
    assert prepared.mapping.fields["close_date"] == column
    assert dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows()) == {"D1": "won", "D2": "open"}
    assert _close_dates(prepared) == {"D1": dt.date(2026, 3, 31), "D2": dt.date(2026, 6, 30)}
    [note] = _expected_close_notes(prepared, column)
    assert "--map close_date=" in note and f'expected_close_date="{column}"' in note


def test_a_close_date_under_its_own_name_or_chosen_by_the_user_is_not_said_to_be_an_expected_one():
    english = ("Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Created Date,Opportunity ID\n"
               "Ann Lee,Acme,N1,Closed Won,1000,2026-03-31,2025-11-04,D1\n")
    assert not _expected_close_notes(prepare(english.encode(), "deals.csv"), "Close Date")
    spreadsheet = "案件ID,営業担当者,ステージ,金額,作成日,完了予定日\nD1,佐藤 健,受注,1000,2025/11/04,2026/03/31\n"
    chosen = prepare(spreadsheet.encode(), "案件.csv", overrides={"close_date": "完了予定日"})
    assert chosen.mapping.fields["close_date"] == "完了予定日"
    assert not _expected_close_notes(chosen, "完了予定日")


def _actual_close_notes(prepared, actual: str, expected: str) -> list[str]:
    """The report's notes that say `actual` is read as the close date and `expected` is not."""
    return [note for note in file_report(prepared)["notes"]
            if note.startswith(f"{actual} is read as the close date") and f"{expected}, which names an expected" in note
            and "is not read as a closed deal's close date" in note]


@pytest.mark.parametrize(("header", "rows", "actual", "expected"), [
    # Salesforce Japan's report (its Close Date is "完了予定日") with a column of the day the deal was won added.
    ("商談 所有者,取引先名,商談名,フェーズ,金額,完了予定日,成約日,作成日,商談 ID",
     ("佐藤 健,山田製作所,N1,Closed Won,1000,2026/03/31,2026/03/18,2025/11/04,D1",
      "佐藤 健,山田製作所,N2,Negotiation/Review,1000,2026/06/30,,2025/11/04,D2"),
     "成約日", "完了予定日"),
    ("(変更しないでください) 営業案件,トピック,見積収益,通貨,完了予定日,実際の終了日,ステータス,ステータス理由,所有者,作成日",
     ("D1,T1,1000,USD,2026/03/31,2026/03/18,受注,獲得,佐藤 健,2025/11/04",
      "D2,T2,1000,USD,2026/06/30,,オープン,進行中,佐藤 健,2025/11/04"),
     "実際の終了日", "完了予定日"),
    ("(Do Not Modify) Opportunity,Topic,Est. Revenue,Currency,Est. Close Date,Actual Close Date,Status,Status Reason,Owner,"
     "Created On",
     ("D1,T1,1000,USD,2026-03-31,2026-03-18,Won,Won,Ann Lee,2025-11-04",
      "D2,T2,1000,USD,2026-06-30,,Open,In Progress,Ann Lee,2025-11-04"),
     "Actual Close Date", "Est. Close Date"),
    ("案件ID,営業担当者,ステージ,金額,作成日,完了予定日,成約日",
     ("D1,佐藤 健,受注,1000,2025/11/04,2026/03/31,2026/03/18", "D2,佐藤 健,進行中,1000,2025/11/04,2026/06/30,"),
     "成約日", "完了予定日"),
])
def test_an_actual_close_date_beside_one_that_can_be_expected_is_the_close_date_whatever_the_crm(
        header, rows, actual, expected):
    """One rule for every CRM the headers look like: the column naming the day a deal closed is its close date, the
    one that can name an expected close (Salesforce Japan's Close Date "完了予定日", Dynamics' Est. Close Date) the
    expected close date, and the report says which is read. A Salesforce-looking export read "完了予定日" as the close
    date and left "成約日" unread, so its won deal closed on its planned day."""
    prepared = prepare("\n".join((header, *rows)).encode(), "deals.csv")
    assert prepared.mapping.fields["close_date"] == actual
    assert prepared.mapping.fields["expected_close_date"] == expected
    assert _close_dates(prepared) == {"D1": dt.date(2026, 3, 18), "D2": dt.date(2026, 6, 30)}
    assert len(_actual_close_notes(prepared, actual, expected)) == 1
    assert not _expected_close_notes(prepared, expected)


def test_a_french_actual_close_date_is_read_beside_the_expected_one():
    """"Date de clôture réelle" (the actual close date in Dynamics' French interface) was left unread, and the won
    deal beside "Date de clôture prévue" quarantined for want of a close date."""
    csv = ("ID,Propriétaire,Étape,Montant,Date de clôture prévue,Date de clôture réelle\n"
           "D1,Ann Lee,Closed Won,1000,2026-03-31,2026-03-18\nD2,Ann Lee,Negotiation,1000,2026-06-30,\n")
    prepared = prepare(csv.encode(), "affaires.csv")
    assert prepared.mapping.fields["close_date"] == "Date de clôture réelle"
    assert _close_dates(prepared) == {"D1": dt.date(2026, 3, 18), "D2": dt.date(2026, 6, 30)}


def test_the_users_choice_of_the_close_date_is_not_said_again():
    csv = ("商談 所有者,取引先名,商談名,フェーズ,金額,完了予定日,成約日,作成日,商談 ID\n"
           "佐藤 健,山田製作所,N1,Closed Won,1000,2026/03/31,2026/03/18,2025/11/04,D1\n")
    chosen = prepare(csv.encode(), "deals.csv", overrides={"close_date": "成約日", "expected_close_date": "完了予定日"})
    assert chosen.mapping.fields["close_date"] == "成約日"
    assert not _actual_close_notes(chosen, "成約日", "完了予定日")


def _quarantine_reasons(prepared) -> dict[str, str]:
    return dict(prepared.errors.select("line", "message").iter_rows())


@pytest.mark.parametrize(("header", "rows", "column"), [
    ("Deal ID,Owner,Stage,Amount,Expected Close Date,Created Date",
     ("D1,Ann Lee,Closed Won,1000,2026-03-31,2025-11-04", "D2,Ann Lee,Closed Lost,1000,2026-04-30,2025-11-04",
      "D3,Ann Lee,Negotiation,1000,2026-06-30,2025-11-04"),
     "Expected Close Date"),
    ("Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,"
     "Deal - Expected close date,Deal - Deal created",
     ("D1,T1,Ann Lee,1000,USD,won,Closed,2026-03-31,2025-11-04", "D2,T2,Ann Lee,1000,USD,lost,Closed,2026-04-30,2025-11-04",
      "D3,T3,Ann Lee,1000,USD,open,Proposal,2026-06-30,2025-11-04"),
     "Deal - Expected close date"),
    ("ID,Propriétaire,Étape,Montant,Date de clôture prévue",
     ("D1,Ann Lee,Closed Won,1000,2026-03-31", "D2,Ann Lee,Closed Lost,1000,2026-04-30",
      "D3,Ann Lee,Negotiation,1000,2026-06-30"),
     "Date de clôture prévue"),
])
def test_closed_deals_of_a_file_whose_only_close_date_is_expected_are_quarantined_naming_it(header, rows, column):
    """An expected close is not the day a deal closed, so the closed deals stay quarantined; their reason had said
    only "Close date is blank", the column the file has unnamed. The reason of each deal and the report's one note
    say the same clause, from one rule."""
    prepared = prepare("\n".join((header, *rows)).encode(), "deals.csv")
    assert _close_dates(prepared) == {"D3": dt.date(2026, 6, 30)}
    clause = (f'Close date is blank: the file\'s only close date is "{column}", an expected close, which is not read '
              "as the day a deal closed; export the actual close date")
    reasons = _quarantine_reasons(prepared)
    assert sorted(reasons) == [2, 3] and all(clause in reason for reason in reasons.values())
    said = [note for note in file_report(prepared)["notes"] if f'only close date is "{column}"' in note]
    assert len(said) == 1 and said[0].startswith("2 closed deals are quarantined without a close date")
    assert reasons[2].split("Close date is blank: ")[1].rstrip(".") in said[0]


def test_a_closed_deal_blank_in_a_close_date_column_keeps_its_reason():
    """A file with a close date column (blank for the deal) does not say its expected close is its only one."""
    csv = ("Deal ID,Owner,Stage,Amount,Close Date,Expected Close Date,Created Date\n"
           "D1,Ann Lee,Closed Won,1000,,2026-03-31,2025-11-04\nD2,Ann Lee,Closed Won,1000,2026-03-18,2026-03-31,2025-11-04\n")
    prepared = prepare(csv.encode(), "deals.csv")
    [reason] = _quarantine_reasons(prepared).values()
    assert reason.endswith("Close Date is blank: closed deals need a close date.")
    assert not [note for note in file_report(prepared)["notes"] if "only close date" in note]
