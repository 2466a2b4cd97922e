"""Column presets, overrides, and stage/reason -> outcome."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest.mapping import (
    SOURCE_LABELS, SOURCES, detect_kind, detect_mapping, parse_overrides, recognised_as, stored_source_words,
)
from winloss.ingest.outcomes import with_outcomes
from winloss.ingest.pipeline import prepare

SALESFORCE = [
    "Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount", "Probability (%)",
    "Created Date", "Close Date", "Loss Reason", "Region", "Segment", "Product", "Primary Competitor",
    "Opportunity ID", "Opportunity ID (2)",
]


def test_salesforce_labels_map_and_the_18_character_id_wins():
    frame = pl.DataFrame({"Opportunity ID": ["0065g00000AbCdE"], "Opportunity ID (2)": ["0065g00000AbCdEAAV"]})
    mapping = detect_mapping(SALESFORCE, frame=frame)
    assert mapping.source == "salesforce"
    assert mapping.fields["opportunity_id"] == "Opportunity ID (2)"
    assert mapping.fields["rep"] == "Opportunity Owner"
    assert mapping.fields["loss_reason"] == "Loss Reason"
    assert mapping.fields["competitor"] == "Primary Competitor"
    assert mapping.missing_required == []


def test_salesforce_api_names():
    mapping = detect_mapping(["Id", "Owner.Name", "StageName", "CloseDate", "CreatedDate", "Amount", "Loss_Reason__c"])
    assert mapping.fields == {
        "opportunity_id": "Id", "rep": "Owner.Name", "stage": "StageName", "close_date": "CloseDate",
        "created_date": "CreatedDate", "amount": "Amount", "loss_reason": "Loss_Reason__c",
    }


@pytest.mark.parametrize(
    ("columns", "source", "expected"),
    [
        (["Record ID", "Deal Name", "Deal Stage", "Deal owner", "Create Date", "Close Date", "Amount", "Closed lost reason"],
         "hubspot", {"opportunity_id": "Record ID", "stage": "Deal Stage", "rep": "Deal owner", "loss_reason": "Closed lost reason"}),
        (["hs_object_id", "dealname", "dealstage", "hubspot_owner_id", "createdate", "closedate", "amount"],
         "hubspot", {"opportunity_id": "hs_object_id", "stage": "dealstage", "created_date": "createdate"}),
        (["Deal - ID", "Deal - Title", "Deal - Owner", "Deal - Status", "Deal - Value", "Deal - Lost reason", "Deal - Deal closed on"],
         "pipedrive", {"stage": "Deal - Status", "amount": "Deal - Value", "close_date": "Deal - Deal closed on"}),
        (["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
          "Owner", "Status Reason", "Est. Close Date", "Est. Revenue", "Created On"],
         "dynamics", {"opportunity_id": "(Do Not Modify) Opportunity", "stage": "Status Reason", "amount": "Est. Revenue"}),
        (["opportunity_id", "sales_agent", "product", "account", "deal_stage", "engage_date", "close_date", "close_value"],
         "generic", {"rep": "sales_agent", "created_date": "engage_date", "amount": "close_value", "stage": "deal_stage"}),
        # HubSpot with its interface in German, French and Spanish: the same fields as its English names.
        (["Datensatz-ID", "Deal-Name", "Deal-Phase", "Deal-Inhaber", "Erstelldatum", "Abschlussdatum", "Betrag",
          "Betrag in Firmenwährung", "Währung"],
         "hubspot", {"opportunity_id": "Datensatz-ID", "stage": "Deal-Phase", "rep": "Deal-Inhaber", "amount": "Betrag",
                     "converted_amount": "Betrag in Firmenwährung", "currency": "Währung", "opportunity_name": "Deal-Name"}),
        (["ID de fiche d'informations", "Nom de la transaction", "Phase de la transaction", "Propriétaire de la transaction",
          "Date de création", "Date de fermeture", "Montant", "Devise"],
         "hubspot", {"opportunity_id": "ID de fiche d'informations", "stage": "Phase de la transaction",
                     "rep": "Propriétaire de la transaction", "created_date": "Date de création",
                     "close_date": "Date de fermeture", "amount": "Montant", "currency": "Devise"}),
        (["ID de registro", "Nombre del negocio", "Etapa del negocio", "Propietario del negocio", "Fecha de creación",
          "Fecha de cierre", "Importe", "Moneda"],
         "hubspot", {"opportunity_id": "ID de registro", "stage": "Etapa del negocio", "rep": "Propietario del negocio",
                     "created_date": "Fecha de creación", "close_date": "Fecha de cierre", "amount": "Importe",
                     "currency": "Moneda"}),
    ],
    ids=["hubspot", "hubspot api names", "pipedrive", "dynamics", "generic", "hubspot de", "hubspot fr", "hubspot es"],
)
def test_presets_are_picked_and_reported(columns, source, expected):
    mapping = detect_mapping(columns)
    assert mapping.source == source
    for field, column in expected.items():
        assert mapping.fields[field] == column
    assert recognised_as(mapping, columns) == f"{SOURCE_LABELS[source]} export"
    if source == "dynamics":
        assert "(Do Not Modify) Row Checksum" not in mapping.fields.values()


def test_override_moves_a_column_and_unknown_names_are_refused():
    columns = ["Opportunity ID", "Opportunity Owner", "Account Executive", "Stage"]
    mapping = detect_mapping(columns, overrides={"rep": "Account Executive"})
    assert mapping.fields["rep"] == "Account Executive"
    with pytest.raises(ValueError, match="no column 'Nope'"):
        detect_mapping(columns, overrides={"rep": "Nope"})
    with pytest.raises(ValueError, match="not a field"):
        detect_mapping(columns, overrides={"salesperson": "Stage"})


def test_missing_required_fields_are_named():
    mapping = detect_mapping(["Opportunity ID", "Stage", "Amount"])
    assert mapping.missing_required == ["rep"]


def test_roster_is_recognised():
    assert detect_kind(["Rep Name", "Seller Profile", "Team", "Manager"]) == "roster"
    assert detect_kind(SALESFORCE) == "opportunities"


def test_parse_overrides():
    assert parse_overrides(['rep="Account Executive"', "amount=ACV"]) == {"rep": "Account Executive", "amount": "ACV"}
    with pytest.raises(ValueError, match="FIELD=COLUMN"):
        parse_overrides(["rep"])


def test_outcomes_from_stage_status_and_reason():
    frame = pl.DataFrame(
        {
            "stage": ["Closed Won", "Closed Lost", "Closed Lost", "Canceled", "Out-Sold", "Prospecting", "closedwon",
                      "closedlost", "Won", "Closed - No Decision", "lost"],
            "loss_reason": [None, "Price", "  went   DARK ", None, None, None, None, "Status Quo", None, None, "No budget"],
        }
    )
    outcomes = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    assert outcomes == ["won", "lost", "no_decision", "no_decision", "lost", "open", "won", "no_decision", "won",
                        "no_decision", "no_decision"]


def test_vocabulary_is_editable():
    frame = pl.DataFrame({"stage": ["Closed Lost", "Closed Lost"], "loss_reason": ["Went Dark", "Budget frozen"]})
    outcomes = with_outcomes(frame, ["Budget frozen"]).get_column("outcome").to_list()
    assert outcomes == ["lost", "no_decision"]


def test_a_plain_file_with_common_headers_is_not_labelled_salesforce():
    assert detect_mapping(["Opportunity ID", "Sales Rep", "Stage", "Close Date", "Amount"]).source == "generic"


def test_a_stored_upload_is_named_as_the_file_was_when_read():
    """One rule for the words of a file just read (recognised_as) and of an upload the store keeps
    (stored_source_words): what its headers named it as, else, in a row from before that was kept,
    the display name of the preset that mapped it. A value the app does not know stays as it is."""
    hubspot = ["Record ID", "Deal Name", "Deal Stage", "Deal owner", "Close Date"]
    common = ["Opportunity ID", "Owner", "Stage", "Close Date"]  # every CRM writes these: Salesforce's preset wins the tie
    for columns in (hubspot, common):
        mapping = detect_mapping(columns)
        named = "generic" if columns is common else mapping.source
        assert stored_source_words("opportunities", mapping.source, named) == recognised_as(mapping, columns)
    assert recognised_as(detect_mapping(common), common) == "Generic export"
    roster = ["Rep Name", "Seller Profile"]
    assert stored_source_words("roster", "roster", None) == recognised_as(detect_mapping(roster), roster) == "Rep roster"
    assert stored_source_words("assessment", "assessment", None) == "Profile questionnaire"
    # Rows written before `exported_from` was kept: the preset's display name, never the raw key.
    assert [stored_source_words("opportunities", s, None) for s in SOURCES] == [f"{SOURCE_LABELS[s]} export" for s in SOURCES]
    assert stored_source_words("opportunities", "salesforce", None) == "Salesforce export"
    assert stored_source_words("opportunities", "zoho", None) == "'zoho' export"
    assert stored_source_words("ledger", None, None) == "'ledger' file"


HUBSPOT_DE = Path(__file__).parent.parent / "fixtures" / "hubspot_de.csv"


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_german_hubspot_export_is_recognised_and_its_deals_stored(tmp_path, batched):
    """A HubSpot export made in German ("Datensatz-ID", "Deal-Phase", "Deal-Inhaber", "Betrag") mapped
    no required column, so it was refused as a generic export with no id, owner or stage."""
    from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
    from winloss.store.delta import Store

    prepared = prepare_path(HUBSPOT_DE, batch_rows=2) if batched else prepare(HUBSPOT_DE.read_bytes(), HUBSPOT_DE.name)
    assert prepared.rejected is None
    report = file_report(prepared)
    assert (report["source"], report["recognised_as"]) == ("hubspot", "HubSpot export")
    assert report["mapping"] == {
        "opportunity_id": "Datensatz-ID", "opportunity_name": "Deal-Name", "stage": "Deal-Phase", "rep": "Deal-Inhaber",
        "created_date": "Erstelldatum", "close_date": "Abschlussdatum", "amount": "Betrag", "currency": "Währung",
        "account": "Zugeordnetes Unternehmen", "segment": "Deal-Typ",
    }
    # Every column feeds a field but the pipeline's name, which no field holds (nor does it in English).
    assert set(prepared.table.columns) - set(report["mapping"].values()) == {"Pipeline"}
    assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (4, 4, 0)
    store = Store(tmp_path / "store")
    commit(store, prepared)
    stored = store.opportunities().collect().sort("opportunity_id")
    assert stored.select("opportunity_id", "rep", "outcome", "amount", "currency", "close_date").rows() == [
        ("4711", "Jana Köhler", "won", 12_500.0, "EUR", date(2025, 3, 5)),
        ("4712", "Jana Köhler", "lost", 1_200.5, "EUR", date(2025, 3, 18)),
        ("4713", "Tobias Wendt", "won", 980.0, "CHF", date(2025, 3, 28)),
        ("4714", "Tobias Wendt", "lost", 45_000.0, "EUR", date(2025, 4, 2)),
    ]


def test_a_second_column_that_could_be_the_amount_is_named_in_the_file_report():
    """Dynamics writes "Est. Revenue" and "Actual Revenue": the estimate was read as every deal's amount,
    a won deal's actual revenue left unread, and the report named the other only among unused columns."""
    from winloss.ingest.pipeline import prepare

    dynamics = (
        "(Do Not Modify) Opportunity,(Do Not Modify) Row Checksum,Topic,Potential Customer,Status,Status Reason,"
        "Est. Revenue,Actual Revenue,Est. Close Date,Actual Close Date,Owner\n"
        'a1,x,Deal A,Acme,Won,Won,"$10,000.00","$12,000.00",2025-02-01,2025-03-05,Ann Lee\n'
    ).encode()
    file = prepare(dynamics, "dynamics.csv")
    assert file.mapping.fields["amount"] == "Est. Revenue" and file.accepted.get_column("amount").to_list() == [10000.0]
    assert ('Est. Revenue is read as the amount; Actual Revenue, which could be the amount too, is not read. If it is '
            'the amount, choose it (on the command line: --map amount="Actual Revenue").') in file.notes
    chosen = prepare(dynamics, "dynamics.csv", overrides={"amount": "Actual Revenue"})
    assert chosen.accepted.get_column("amount").to_list() == [12000.0]
    assert not [n for n in chosen.notes if "could be the amount" in n]
    plain = prepare(b"Opportunity ID,Owner,Stage,Close Date,Amount\nA1,Ann,Closed Won,2025-03-01,100\n", "plain.csv")
    assert not [n for n in plain.notes if "could be the amount" in n]


@pytest.mark.parametrize("header", [
    "Win/Loss Reason", "Win_Loss_Reason__c", "Reason For Loss", "Primary Loss Reason", "Loss Reason Category",
    "Lost Reason Category", "Reason Closed Lost", "Closed Reason", "Close Reason",
])  # fmt: skip
def test_loss_reasons_under_the_headers_crms_give_them_are_read(header):
    """Under such a header the reason was not read: every deal lost to no decision was counted a plain loss."""
    file = prepare(f"Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,{header}\n"
                   "L1,Ann Lee,Closed Lost,100,2025-03-05,No Decision\nL2,Ann Lee,Closed Won,100,2025-03-05,\n".encode(), "f.csv")
    assert file.mapping.fields["loss_reason"] == header
    assert dict(file.accepted.select("opportunity_id", "outcome").iter_rows()) == {"L1": "no_decision", "L2": "won"}


@pytest.mark.parametrize("header", ["Outcome", "Deal Outcome", "Result", "Win/Loss", "Won/Lost"])
def test_a_won_or_lost_column_beside_the_stage_is_read_as_the_status(header):
    """"Outcome: Lost" beside "Stage: Proposal" was not read: won and lost deals were counted as open pipeline."""
    file = prepare(f"Opportunity ID,Opportunity Owner,Stage,{header},Amount,Close Date\n"
                   "H1,Ann Lee,Proposal,Lost,100,2025-03-05\nH2,Ann Lee,Negotiation,Won,100,2025-03-05\n"
                   "H3,Ann Lee,Proposal,,100,2025-03-05\n".encode(), "f.csv")
    assert (file.mapping.fields["stage"], file.mapping.fields["status"]) == ("Stage", header)
    assert dict(file.accepted.select("opportunity_id", "outcome").iter_rows()) == {"H1": "lost", "H2": "won", "H3": "open"}


def test_a_column_of_other_words_under_a_status_header_is_not_read_as_the_status():
    file = prepare(b"Opportunity ID,Opportunity Owner,Stage,Result,Amount,Close Date\n"
                   b"H1,Ann Lee,Proposal,Demo went well,100,2025-03-05\n", "f.csv")
    assert "status" not in file.mapping.fields and file.rows_accepted == 1


def test_zoho_created_time_is_the_created_date():
    file = prepare(b"Record Id,Deal Owner,Stage,Amount,Closing Date,Created Time\n"
                   b"Z1,Ann Lee,Closed Won,100,2025-03-05,2025-01-02 10:00:00\n", "zoho.csv")
    assert file.accepted.get_column("created_date").to_list() == [date(2025, 1, 2)]
