"""A file is named as a CRM's export only when its headers carry that CRM's signature.

A Zoho CRM deals export (Deal Id, Deal Name, Deal Owner, Stage, Amount, Closing Date, Created Time, Reason For
Loss) was announced as "40 rows read (Pipedrive export)": any header starting with the word "Deal" counted as
Pipedrive's, whose export writes "Deal - Owner". It is now a generic export; an earlier upload of the same report,
stored under the old name, is still that report's (its kept headers are named by today's rule).
"""

from __future__ import annotations

import json

from winloss.ingest.mapping import detect_mapping, layout_key, recognised_as
from winloss.ingest.pipeline import prepare
from winloss.ingest.same_report import report_key

ZOHO = ["Deal Id", "Deal Name", "Deal Owner", "Stage", "Amount", "Closing Date", "Created Time", "Reason For Loss"]
PIPEDRIVE = ["Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Value", "Deal - Stage", "Deal - Status", "Deal - Deal created"]


def zoho_csv() -> bytes:
    rows = [
        "4876876000000123456,Zoho deal 0,Tom Becker,Closed Won,\"$12,000.00\",8/17/2026,5/29/2026 9:30,",
        "4876876000000124456,Zoho deal 1,Maria Rossi,Closed Lost,\"$38,000.00\",9/20/2026,5/1/2026 9:30,Price",
    ]
    return (",".join(ZOHO) + "\n" + "\n".join(rows) + "\n").encode()


def test_a_zoho_export_is_a_generic_export_not_pipedrives():
    mapping = detect_mapping(ZOHO)
    assert recognised_as(mapping, ZOHO) == "Generic export"
    # Read all the same: every column still feeds its field.
    assert set(mapping.fields) >= {"opportunity_id", "rep", "stage", "amount", "close_date", "created_date", "loss_reason"}
    prepared = prepare(zoho_csv(), "Zoho_Deals_2026_12_07.csv")
    assert prepared.exported_from == "generic" and prepared.rows_accepted == 2


def test_pipedrives_dashed_headers_still_name_it():
    for headers in (PIPEDRIVE, ["Affär - ID", "Affär - Titel", "Affär - Ägare", "Affär - Värde", "Affär - Steg", "Affär - Status"]):
        assert recognised_as(detect_mapping(headers), headers) == "Pipedrive export"


def test_an_earlier_zoho_upload_stored_as_pipedrives_is_still_the_same_report():
    """A manifest row written before: the preset that mapped it and its name were Pipedrive's."""
    mapping = detect_mapping(ZOHO)
    key = report_key(mapping, ZOHO, "Zoho_Deals_2026_12_07.csv", None)
    earlier = {
        "kind": "opportunities", "source": "pipedrive", "exported_from": "pipedrive", "file_name": "Zoho_Deals_2026_11_30.csv",
        "sheet": None, "layout": layout_key(ZOHO), "columns": json.dumps({"headers": ZOHO, "fields": mapping.fields}),
    }
    assert key.holds(earlier)
    # A real Pipedrive upload of other columns is still another report.
    other = {**earlier, "layout": layout_key(PIPEDRIVE), "columns": json.dumps({"headers": PIPEDRIVE, "fields": {}})}
    assert not key.holds(other)
