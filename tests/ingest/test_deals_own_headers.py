"""A header naming a field by its plain word and the deal it belongs to ("Étape de la transaction", "Fecha de
creación del trato", Pipedrive's "Trato - Propietario") is read by that word: a French HubSpot export's stage and a
Spanish Pipedrive export's every field but its currency went unread."""

from __future__ import annotations

import pytest

from winloss.ingest.mapping import detect_mapping
from winloss.ingest.pipeline import file_report, prepare

TRATO = (
    '"Trato - ID","Trato - Título","Trato - Propietario","Trato - Valor","Trato - Moneda","Trato - Estado",'
    '"Trato - Etapa","Trato - Fecha de cierre prevista","Trato - Fecha de cierre del trato","Trato - Trato creado",'
    '"Trato - Motivo de pérdida","Trato - Organización"\n'
    '"301","Repsol","Ana López","15000","EUR","Ganado","Negociación","2026-12-20","2026-10-14 10:22:00",'
    '"2026-05-02 09:00:00","","Repsol SA"\n'
    '"302","Ferrovial","Ana López","22000","EUR","Perdido","Propuesta","2026-09-30","2026-11-20 16:00:00",'
    '"2026-04-11 09:00:00","Precio","Ferrovial SA"\n'
    '"303","Acciona","Jorge Ruiz","9500","EUR","Abierto","Propuesta","2027-01-31","","2026-08-01 09:00:00","",'
    '"Acciona SA"\n'
)


def test_a_spanish_pipedrive_export_with_the_deal_prefix_is_read_whole():
    prepared = prepare(TRATO.encode(), "pipedrive_es.csv")
    assert prepared.mapping.fields == {
        "opportunity_id": "Trato - ID", "opportunity_name": "Trato - Título", "rep": "Trato - Propietario",
        "amount": "Trato - Valor", "currency": "Trato - Moneda", "status": "Trato - Estado", "stage": "Trato - Etapa",
        "expected_close_date": "Trato - Fecha de cierre prevista", "close_date": "Trato - Fecha de cierre del trato",
        "created_date": "Trato - Trato creado", "loss_reason": "Trato - Motivo de pérdida",
        "account": "Trato - Organización",
    }
    rows = {row["opportunity_id"]: row for row in prepared.accepted.iter_rows(named=True)}
    assert {i: (r["outcome"], r["stage"], r["rep"], r["amount"]) for i, r in rows.items()} == {
        "301": ("won", "Negociación", "Ana López", 15000.0), "302": ("lost", "Propuesta", "Ana López", 22000.0),
        "303": ("open", "Propuesta", "Jorge Ruiz", 9500.0),
    }
    assert str(rows["302"]["created_date"]) == "2026-04-11" and str(rows["302"]["close_date"]) == "2026-11-20"
    assert rows["303"]["account"] == "Acciona SA" and rows["303"]["opportunity_name"] == "Acciona"
    # The deal's own title is its name without doubt: no note asks whether it is a contact's.
    assert not [n for n in file_report(prepared)["notes"] if "read as the opportunity name" in n]


def test_spanish_headers_without_the_prefix_name_the_created_and_expected_close_dates_and_the_title():
    data = (
        "ID,Título,Propietario,Valor,Moneda,Estado,Etapa,Fecha de cierre prevista,Fecha de cierre,"
        "Fecha de creación del trato,Motivo de pérdida,Organización\n"
        "301,Repsol,Ana López,15000,EUR,Ganado,Negociación,2026-12-20,2026-10-14,2026-05-02,,Repsol SA\n"
        "303,Acciona,Jorge Ruiz,9500,EUR,Abierto,Propuesta,2027-01-31,,2026-08-01,,Acciona SA\n"
    )
    prepared = prepare(data.encode(), "pipedrive_es_fechas.csv")
    fields = prepared.mapping.fields
    assert (fields["created_date"], fields["expected_close_date"], fields["opportunity_name"], fields["account"]) == (
        "Fecha de creación del trato", "Fecha de cierre prevista", "Título", "Organización")
    assert fields["close_date"] == "Fecha de cierre"
    open_deal = prepared.accepted.filter(prepared.accepted["opportunity_id"] == "303").row(0, named=True)
    assert str(open_deal["created_date"]) == "2026-08-01" and open_deal["outcome"] == "open"
    # A bare "Título" may be a contact's title: read as the deal's name beside the id, and said so.
    assert [n for n in file_report(prepared)["notes"] if n.startswith("'Título' is read as the opportunity name")]


@pytest.mark.parametrize(("header", "field"), [
    ("Étape de la transaction", "stage"),
    ("Phase des Deals", "stage"),
    ("Montant de l'opportunité", "amount"),
    ("Affaire - Propriétaire", "rep"),
    ("Negócio - Etapa", "stage"),
])
def test_a_field_word_named_as_the_deals_is_read(header, field):
    columns = ["Record ID", "Propriétaire de la transaction", "Date de fermeture", header] if field != "rep" else [
        "Record ID", "Étape", "Date de fermeture", header]
    assert detect_mapping(columns).fields.get(field) == header


def test_a_deal_word_alone_or_before_no_field_word_is_not_read():
    fields = detect_mapping(["Deal ID", "Deal Owner", "Deal Stage", "Close Date", "Transaction", "Deal Type Code",
                             "Trato - Color"]).fields
    assert not {"Transaction", "Deal Type Code", "Trato - Color"} & set(fields.values())


def test_dynamics_german_word_for_an_opportunity_is_read_as_the_deal_s_word():
    """"Verkaufschancen-ID";…;"Verkaufschancen-Inhaber" (Dynamics' German "Verkaufschance") was a generic export with
    no column for the id or the rep, where "Opportunity-ID"/"Opportunity-Inhaber" were read."""
    content = ('"Verkaufschancen-ID";"Verkaufschancen-Inhaber";"Phase";"Betrag";"Erstelldatum";"Schlusstermin";'
               '"Währung der Verkaufschance"\n"V1";"Jonas Weber";"Geschlossen und gewonnen";"1000";"02.01.2024";'
               '"04.03.2024";"EUR"\n"V2";"Jonas Weber";"Geschlossen und verloren";"2000";"02.01.2024";"05.03.2024";"EUR"\n')
    prepared = prepare(content.encode(), "verkaufschancen.csv")
    fields = prepared.mapping.fields
    assert (fields["opportunity_id"], fields["rep"], fields["currency"]) == (
        "Verkaufschancen-ID", "Verkaufschancen-Inhaber", "Währung der Verkaufschance")
    assert (prepared.rows_accepted, prepared.rows_quarantined) == (2, 0)
    assert dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows()) == {"V1": "won", "V2": "lost"}
