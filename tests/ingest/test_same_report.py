"""The open deals a weekly export lacks are counted only from earlier exports of the same report.

A team loading a Salesforce workbook and a Salesforce CSV report into one store was told on every
load of the CSV that the workbook's open deals were "not in this file": every earlier export of the
same CRM was compared, whatever report it was. An earlier load is now of the same report when it has
the same source, the same columns and the same file name (and sheet) but for dates and numbers.
"""

from __future__ import annotations

import pytest

from tests.io.test_rows_out_of_sight import workbook
from winloss.ingest.pipeline import PreparedFile, commit, prepare
from winloss.ingest.same_report import RULE, report_name, same_report
from winloss.ingest.store_effects import absent_deals, other_report_deals, taken_as_report
from winloss.store.delta import Store

# A Salesforce opportunity report as a CSV, and another one (other columns) kept as a workbook.
CSV_HEADER = "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Opportunity ID\n"
WORKBOOK_HEADER = ["Opportunity ID", "Account Name", "Opportunity Owner", "Stage", "Close Date", "Amount", "Probability"]


def csv_report(*deals: tuple[str, str]) -> bytes:
    """The CSV report with one row per (id, stage)."""
    return (CSV_HEADER + "".join(
        f"Ann Lee,Globex,Opp {i},{stage},100,2026-11-20,{i}\n" for i, stage in deals)).encode()


def workbook_report(*deals: tuple[str, str], sheet: str = "Pipeline") -> bytes:
    rows = [[i, "Initech", "Bo Chan", stage, "2026-11-20", 200, "50%"] for i, stage in deals]
    return workbook({sheet: [WORKBOOK_HEADER, *rows]})


WEEK1 = (("S-1", "Negotiation/Review"), ("S-2", "Negotiation/Review"), ("S-3", "Prospecting"), ("S-9", "Closed Won"))
REVIEW = (("W-1", "Prospecting"), ("W-2", "Negotiation/Review"), ("W-3", "Closed Lost"))


def stored(tmp_path, *files: tuple[str, bytes]) -> Store:
    store = Store(tmp_path / "store")
    for name, content in files:
        assert commit(store, prepare(content, name)).change is not None
    return store


def two_reports(tmp_path) -> Store:
    """The review's store: a Salesforce workbook, then a week's Salesforce CSV report."""
    return stored(tmp_path, ("pipeline_review.xlsx", workbook_report(*REVIEW)), ("sf_week1.csv", csv_report(*WEEK1)))


def test_the_two_reports_are_both_salesforce_exports(tmp_path):
    """What made the workbook's deals count: both are read as Salesforce exports."""
    assert prepare(workbook_report(*REVIEW), "pipeline_review.xlsx").exported_from == "salesforce"
    assert prepare(csv_report(*WEEK1), "sf_week1.csv").exported_from == "salesforce"


def test_another_report_in_the_store_gives_no_note(tmp_path):
    """Week 2 of the CSV report has every deal of week 1 (S-1 won since): the workbook's open deals
    W-1 and W-2 are not in it, and were noted as missing on every weekly load."""
    store = two_reports(tmp_path)
    week2 = prepare(csv_report(("S-1", "Closed Won"), *WEEK1[1:]), "sf_week2.csv")
    assert absent_deals(week2, store) is None
    # And the workbook's next export is not told of the CSV's deals.
    assert absent_deals(prepare(workbook_report(*REVIEW, ("W-4", "Prospecting")), "pipeline_review.xlsx"), store) is None


def test_a_weekly_export_of_the_same_report_that_lacks_an_open_deal_is_noted(tmp_path):
    store = two_reports(tmp_path)
    week2 = prepare(csv_report(("S-1", "Closed Won"), ("S-2", "Negotiation/Review"), ("S-9", "Closed Won")), "sf_week2.csv")
    said = absent_deals(week2, store)
    # S-3 only: W-1 and W-2 are the workbook's, S-1 is in the file, S-9 is closed.
    assert said is not None and (said.deals, said.examples) == (1, ("S-3",))
    assert said.sentence == (
        "1 open deal stored from sf_week1.csv, another Salesforce export of this report, is not in this file "
        "(\"Opp S-3\"): it stays stored as it was, open. If it has closed since, store an export that includes it; "
        "a deal deleted in the CRM that an export leaves out stays counted as open unless taken out. If it was deleted in "
        "the CRM, take it out of the store with this upload (on the command line: --take-out-missing): a rollback brings "
        "it back. "
        "This report's exports are those with the same columns (or the same ID column and most columns the same) and "
        "the same file name but for its dates and numbers (and, in a workbook, the same sheet)."
    )
    assert said.sentence.endswith(RULE)


def test_the_files_the_missing_deals_were_stored_from_are_named_in_load_order(tmp_path):
    """S-3 was stored from week 1 (week 2 left it unchanged), S-4 from week 2: both files are named."""
    store = two_reports(tmp_path)
    assert commit(store, prepare(csv_report(*WEEK1, ("S-4", "Prospecting")), "sf_week2.csv")).change is not None
    said = absent_deals(prepare(csv_report(*WEEK1[:2], WEEK1[3]), "sf_week3.csv"), store)  # S-9 (won) kept
    assert said is not None and (said.deals, said.examples) == (2, ("S-3", "S-4"))
    assert said.sentence.startswith(
        "2 open deals stored from other Salesforce exports of this report (sf_week1.csv and sf_week2.csv) are not in "
        "this file (\"Opp S-3\", \"Opp S-4\"): they stay stored as they were, open."
    )


def test_two_regions_reports_with_the_same_columns_are_told_apart_by_their_names(tmp_path):
    """Two regions' exports of one report type have the same columns: their names tell them apart."""
    store = stored(tmp_path, ("EMEA pipeline 2026-11-30.csv", csv_report(("E-1", "Prospecting"))),
                   ("AMER pipeline 2026-11-30.csv", csv_report(("A-1", "Prospecting"), ("A-2", "Prospecting"))))
    week = prepare(csv_report(("A-1", "Prospecting")), "AMER pipeline 2026-12-07.csv")
    said = absent_deals(week, store)
    assert said is not None and (said.deals, said.examples) == (1, ("A-2",))
    assert said.sentence.startswith("1 open deal stored from AMER pipeline 2026-11-30.csv, another Salesforce export")


def test_another_sheet_of_one_workbook_is_another_table_not_the_same_report(tmp_path):
    """Sheets Q1 and Q2 of one workbook hold two parts of the deals: Q2 lacks every deal of Q1."""
    book = workbook({"Q1": [WORKBOOK_HEADER, ["Q-1", "Initech", "Bo Chan", "Prospecting", "2026-11-20", 1, "10%"]],
                     "Q2": [WORKBOOK_HEADER, ["Q-2", "Initech", "Bo Chan", "Prospecting", "2027-01-20", 1, "10%"]]})
    store = Store(tmp_path / "store")
    assert commit(store, prepare(book, "deals.xlsx", sheet="Q1")).change is not None
    assert absent_deals(prepare(book, "deals.xlsx", sheet="Q2"), store) is None
    # Next week's workbook: its sheet Q1 is the same report as last week's, and lacks Q-1.
    later = workbook({"Q1": [WORKBOOK_HEADER, ["Q-3", "Initech", "Bo Chan", "Prospecting", "2026-11-20", 1, "10%"]]})
    said = absent_deals(prepare(later, "deals 2026-12-07.xlsx", sheet="Q1"), store)
    assert said is not None and (said.deals, said.examples) == (1, ("Q-1",))
    assert said.sentence.startswith("1 open deal stored from deals.xlsx (sheet 'Q1'), another Salesforce export of this report,")


def test_a_workbook_whose_sheets_hold_two_reports_is_left_out_of_both(tmp_path):
    """Both sheets stored: a deal's source file (the workbook's bytes) cannot say which sheet it came
    from, so next week's sheet Q1 would be told Q2's open deals are missing. None are counted."""
    book = workbook({"Q1": [WORKBOOK_HEADER, ["Q-1", "Initech", "Bo Chan", "Prospecting", "2026-11-20", 1, "10%"]],
                     "Q2": [WORKBOOK_HEADER, ["Q-2", "Initech", "Bo Chan", "Prospecting", "2027-01-20", 1, "10%"]]})
    store = Store(tmp_path / "store")
    for sheet in ("Q1", "Q2"):
        assert commit(store, prepare(book, "deals.xlsx", sheet=sheet)).change is not None
    later = workbook({"Q1": [WORKBOOK_HEADER, ["Q-3", "Initech", "Bo Chan", "Prospecting", "2026-11-20", 1, "10%"]]})
    assert absent_deals(prepare(later, "deals 2026-12-07.xlsx", sheet="Q1"), store) is None


def test_a_load_stored_before_columns_were_kept_is_compared_by_name_and_the_note_says_so(tmp_path, monkeypatch):
    """A store's earlier loads have no layout: they cannot be told apart by their columns, so one of
    the same name is compared, and the note names the file and says it was compared by name alone."""
    with monkeypatch.context() as old:
        old.setattr(PreparedFile, "layout", property(lambda self: None))
        store = two_reports(tmp_path)
    assert store.manifest().get_column("layout").to_list() == [None, None]
    assert absent_deals(prepare(csv_report(("S-1", "Closed Won"), *WEEK1[1:]), "sf_week2.csv"), store) is None
    said = absent_deals(prepare(csv_report(*WEEK1[:2], WEEK1[3]), "sf_week2.csv"), store)
    assert said is not None and (said.deals, said.examples) == (1, ("S-3",))
    assert said.sentence.endswith(
        f"{RULE} sf_week1.csv was stored before the store kept a file's columns, so it is compared by its name alone."
    )


def test_the_store_keeps_each_exports_layout_and_none_for_a_roster(tmp_path):
    store = two_reports(tmp_path)
    assert commit(store, prepare(b"Rep,Manager,Region\nAnn Lee,Kim,EMEA\n", "roster.csv", kind="roster")).change is not None
    layouts = store.manifest().get_column("layout").to_list()
    assert layouts[0] is not None and layouts[1] is not None and layouts[0] != layouts[1] and layouts[2] is None


def test_same_report_names_the_loads_it_compares(tmp_path):
    store = two_reports(tmp_path)
    same = same_report(prepare(csv_report(*WEEK1), "sf_week2.csv"), store.live_uploads())
    assert list(same.labels.values()) == ["sf_week1.csv"] and not same.by_name_alone


@pytest.mark.parametrize(("name", "report"), [
    ("sf_week1.csv", "sf week"),
    ("SF_Week2.CSV", "sf week"),
    ("Pipeline 30 Nov 2026.xlsx", "pipeline"),
    ("Pipeline 2026-12-07.xlsx", "pipeline"),
    ("report1701234567890.csv", "report"),
    ("report1701234567890 (1).csv", "report"),
    ("EMEA pipeline.csv", "emea pipeline"),
    ("C:\\Users\\ann\\Downloads\\AMER pipeline.csv", "amer pipeline"),
    (None, ""),
])
def test_a_report_name_is_the_file_name_without_dates_and_numbers(name, report):
    assert report_name(name) == report


def test_a_closed_deal_a_later_export_lacks_is_named_as_an_open_one_is(tmp_path):
    """A won deal of week 1 that week 2 no longer holds (deleted or filtered out in the CRM) stayed counted
    as won and nothing said so: the note spoke of open deals only. One rule names both kinds."""
    store = stored(tmp_path, ("sf_week1.csv", csv_report(*WEEK1)))
    said = absent_deals(prepare(csv_report(*WEEK1[:3]), "sf_week2.csv"), store)
    assert said is not None and (said.deals, said.closed, said.examples) == (1, 1, ("S-9",))
    assert said.sentence.startswith(
        "1 closed deal stored from sf_week1.csv, another Salesforce export of this report, is not in this file "
        "(\"Opp S-9\"): it stays stored as it was, won. If it is only filtered out of this export, nothing is lost; "
        "a deal deleted in the CRM that an export leaves out stays counted as closed"
    )
    both = absent_deals(prepare(csv_report(*WEEK1[:2]), "sf_week2.csv"), store)
    assert both is not None and (both.deals, both.closed, both.examples) == (2, 1, ("S-3", "S-9"))
    assert both.sentence.startswith("1 open deal stored from sf_week1.csv") and " 1 closed deal stored from " in both.sentence


def renamed_copy(rows: list[tuple[str, str, str]]) -> bytes:
    """The CSV report with one row per (id, rep, stage), the account and deal name as csv_report gives them."""
    return (CSV_HEADER + "".join(f"{rep},Globex,Opp {i},{stage},100,2026-11-20,{i}\n" for i, rep, stage in rows)).encode()


def test_a_copy_of_the_report_saved_under_another_name_is_taken_by_the_deals_it_holds(tmp_path):
    """Week 2 saved as "…_excel.csv" was another report by its name: its reassigned deal was warned of as another
    report's (with advice to give its ids a prefix, which would have counted every deal twice) and the note on
    the deals it lacks was silent. It is now the stored report by what it holds, and the note says which."""
    store = stored(tmp_path, ("sf_week1.csv", csv_report(*WEEK1)))
    copy = prepare(renamed_copy([("S-1", "Bo Chan", "Negotiation/Review"), ("S-2", "Ann Lee", "Negotiation/Review"),
                                 ("S-9", "Ann Lee", "Closed Won")]), "sf_week2_excel.csv")
    assert other_report_deals(copy, store) is None  # S-1 reassigned within its report
    said = absent_deals(copy, store)
    assert said is not None and said.examples == ("S-3",)
    assert taken_as_report(copy, store) == (
        "This file is taken as an export of the report of sf_week1.csv, though its name differs: 3 of its 3 ids are "
        "that report's deals, with the same accounts and deal names, and it has that report's columns."
    )
    from winloss.views.data_page import before_commit

    assert before_commit(copy, store).taken_as == taken_as_report(copy, store)  # the Data page says it as the CLI does
    # Another CRM's deals under the same ids (other accounts and names) are not its report's.
    other = (CSV_HEADER + "Luis Ortega,Pemex,Pemex ERP,Closed Lost,100,2026-11-20,S-1\n"
             "Luis Ortega,Pemex,Pemex CRM,Prospecting,100,2026-11-20,S-2\n").encode()
    theirs = prepare(other, "mx_week2.csv")
    assert taken_as_report(theirs, store) is None and other_report_deals(theirs, store) is not None


def test_a_prefix_is_not_advised_where_it_would_count_the_files_deals_twice(tmp_path):
    """A file of another name holding two of the report's deals (one reassigned) and three new ones is not taken as
    the report (2 of 5 ids), and its reassigned deal is warned of as another report's: the warning advised a prefix,
    which would store every deal of the file as a new one beside the stored deals it holds. It now says so instead,
    and a prefix typed for it says what it does."""
    from winloss.ingest.id_prefix import ReportPrefix, prefix_doubles

    store = stored(tmp_path, ("sf_week1.csv", csv_report(*WEEK1)))
    rows = [("S-1", "Bo Chan", "Negotiation/Review"), ("S-2", "Ann Lee", "Negotiation/Review"),
            *((f"N-{i}", "Ann Lee", "Prospecting") for i in range(1, 4))]
    copy = prepare(renamed_copy(rows), "pipeline_copy.csv")
    assert taken_as_report(copy, store) is None
    said = other_report_deals(copy, store)
    assert said is not None and said.examples == ("S-1",)
    assert "prefix of their own" not in said.sentence
    assert said.sentence.endswith(
        "If they are the same deals, store it anyway; a prefix for this file's ids would not keep them apart: with one, all "
        "5 deals of this file would be new deals beside the 2 stored deals it has under the same ids, account and deal "
        "name, and closed deals would be counted twice.")
    prefixed = prepare(renamed_copy(rows), "pipeline_copy.csv", id_prefix="XL-")
    doubles = prefix_doubles(prefixed, ReportPrefix("XL-"), store.opportunities())
    assert doubles == (2, 5)
    assert ReportPrefix("XL-").sentence("XL-S-1", doubles).endswith(
        "With this prefix, all 5 deals of this file are new deals: the 2 stored deals with the same ids, account and "
        "deal name stay beside them, and closed deals would be counted twice. If this file is an export of a report "
        'already stored, give no prefix (on the command line: --id-prefix "").')
    # Another CRM's deals under the same ids are what a prefix is for: it is advised, and counts nothing twice.
    other = prepare((CSV_HEADER + "Luis Ortega,Pemex,Pemex ERP,Closed Lost,100,2026-11-20,S-1\n").encode(), "mx.csv")
    warned = other_report_deals(other, store)
    assert warned is not None and "give this file's ids a prefix of their own" in warned.sentence
    mx = prepare((CSV_HEADER + "Luis Ortega,Pemex,Pemex ERP,Closed Lost,100,2026-11-20,S-1\n").encode(), "mx.csv", id_prefix="MX-")
    assert prefix_doubles(mx, ReportPrefix("MX-"), store.opportunities()) is None


def test_a_deal_the_other_report_warning_names_is_not_said_again_as_changed_in_its_rep(tmp_path):
    """The same box said "1 deal has the id of a deal stored from another report with another rep" and "1 deal
    changes only in its rep" of one deal: it is said once, by the warning, and counted in one clause."""
    from winloss.ingest.store_effects import deal_changes

    store = stored(tmp_path, ("sf_week1.csv", csv_report(*WEEK1)))
    rows = [("S-1", "Bo Chan", "Negotiation/Review"), ("S-2", "Ann Lee", "Negotiation/Review"),
            *((f"N-{i}", "Ann Lee", "Prospecting") for i in range(1, 4))]
    copy = prepare(renamed_copy(rows), "pipeline_copy.csv")
    warned = other_report_deals(copy, store)
    assert warned is not None and warned.ids == frozenset({"S-1"})
    said = deal_changes(copy, store, apart=warned.ids)
    assert said is not None and said.deals == 1 and said.replaced == 1 and said.other is None and said.respelt is None
    assert said.sentence() is None  # every deal it changes is the warning's: said once, by the warning
