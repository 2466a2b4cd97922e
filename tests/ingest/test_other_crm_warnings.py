"""A Pipedrive export whose deal ids are those of HubSpot deals stored before it (two CRMs numbering their deals
alike) was first told it lacked the converted amount "earlier Pipedrive exports" had (they were HubSpot's), then
that it reopened closed deals and should not be stored if older, and only third that its ids were another
report's: the warning that explains comes first now, and the deals it names are no other warning's."""

from __future__ import annotations

from pathlib import Path

from command_line import run

from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.store_effects import missing_fields
from winloss.store.delta import Store
from winloss.views.data_page import before_commit

HUBSPOT = (
    "Record ID,Deal Name,Deal Stage,Amount,Amount in company currency,Deal Currency Code,Close Date,Deal owner\n"
    "1001,Globex renewal,Closed won,12000,12000,USD,2026-01-13 10:00,Dana Whitfield\n"
    "1002,Initech expansion,Closed lost,5000,5400,EUR,2026-02-10 10:00,Marcus Lee\n"
    "1003,Hooli pilot,Qualified to buy,9000,9000,USD,2026-03-20 10:00,Dana Whitfield\n"
    "1004,Umbrella upsell,Closed won,7000,7000,USD,2026-02-01 10:00,Marcus Lee\n"
)
PIPEDRIVE = (
    "Deal - ID,Deal - Title,Deal - Owner,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Won time,"
    "Deal - Lost time,Deal - Expected close date\n"
    "1001,Volvo deal,Erik Lindqvist,250000,SEK,open,Proposal Made,,,2026-05-01\n"
    "1002,Scania deal,Anna Svensson,120000,SEK,won,Lead In,2025-03-02 10:00:00,,2025-03-10\n"
    "1003,Ikea deal,Jonas Berg,90000,SEK,lost,Demo Scheduled,,2026-01-15 10:00:00,2026-01-20\n"
)


def _stored_hubspot(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store")
    commit(store, prepare(HUBSPOT.encode(), "hubspot-deals-export-2026-04-02.csv"))
    return store


def test_another_crms_deals_under_the_stored_ids_are_told_apart_first_and_by_no_other_warning(tmp_path):
    store = _stored_hubspot(tmp_path)
    warned = before_commit(prepare(PIPEDRIVE.encode(), "deals-pipedrive-2026-04-02.csv"), store)
    assert warned.other_report is not None and warned.other_report.startswith(
        "3 deals in this file have the id of a deal stored from another report (hubspot-deals-export-2026-04-02.csv)")
    # Not told to map HubSpot's converted amount, nor that it reopens or moves back their closes as an older export.
    assert (warned.missing_fields, warned.reopened) == (None, None)
    # What it would do to them is said once, as that warning's.
    assert warned.deal_changes is None


def test_the_command_line_says_the_other_report_first_and_refuses_for_it_alone(tmp_path):
    _stored_hubspot(tmp_path)
    store = str(tmp_path / "store")
    path = tmp_path / "deals-pipedrive-2026-04-02.csv"
    path.write_text(PIPEDRIVE, encoding="utf-8")
    result = run("ingest", str(path), "--store", store, cwd=tmp_path)
    warnings = [line for line in result.stderr.splitlines() if line.startswith(f"{path}: ")]
    assert warnings[0].startswith(f"{path}: 3 deals in this file have the id of a deal stored from another report")
    said = result.stdout + result.stderr
    assert "converted amount" not in said and "If this export is older than the last one stored" not in said
    assert "--allow-other-report" in said and "--allow-reopen" not in said and "--allow-missing-columns" not in said


def test_a_missing_column_names_the_earlier_exports_own_crm(tmp_path):
    """The same deals exported as a plain spreadsheet, without the converted amount HubSpot's export had."""
    store = _stored_hubspot(tmp_path)
    sheet = ("Opportunity ID,Opportunity Name,Sales Rep,Stage,Amount,Currency,Close Date\n"
             "1001,Globex renewal,Dana Whitfield,Won,12000,USD,2026-01-13\n"
             "1004,Umbrella upsell,Marcus Lee,Won,7000,USD,2026-02-01\n")
    said = missing_fields(prepare(sheet.encode(), "deals.csv"), store)
    assert said is not None
    assert ("which earlier HubSpot exports of these deals had as 'Amount in company currency'" in said.sentence), said.sentence
