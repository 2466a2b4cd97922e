"""A Pipedrive export made with its interface in Swedish heads every column "Affär - " ("Affär - Ägare", "Affär -
Värde"): no column was read, the file was refused as not recognised, and chosen as Pipedrive's it was still called a
generic export. Its lost deals whose reason is "Inget beslut" (no decision) were counted plain losses."""

from __future__ import annotations

import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest.mapping import detect_mapping, recognised_as
from winloss.ingest.outcomes import folded_vocabulary, reason_is_no_decision
from winloss.ingest.pipeline import prepare

AFFAR = (
    '"Affär - ID","Affär - Titel","Affär - Ägare","Affär - Värde","Affär - Valuta","Affär - Status","Affär - Steg",'
    '"Affär - Anledning till förlust","Affär - Vunnen tid","Affär - Förlorad tid",'
    '"Affär - Förväntat stängningsdatum","Affär - Affär skapad","Organisation - Namn"\n'
    '"5001","Volvo affär","Anna Svensson","250000","SEK","vunnen","Proposal Made","","2026-03-02 10:00:00","",'
    '"2026-03-12","2026-01-05 09:00:00","Volvo"\n'
    '"5002","Scania affär","Anna Svensson","120000","SEK","förlorad","Lead In","Pris","","2026-02-11 10:00:00",'
    '"2026-02-20","2026-01-07 09:00:00","Scania"\n'
    '"5003","Ikea affär","Jonas Berg","90000","SEK","förlorad","Demo Scheduled","Inget beslut","",'
    '"2026-02-15 10:00:00","2026-02-25","2026-01-09 09:00:00","Ikea"\n'
    '"5004","Saab affär","Jonas Berg","40000","SEK","öppen","Contact Made","","","","2026-05-01",'
    '"2026-02-01 09:00:00","Saab"\n'
)
COLUMNS = AFFAR.splitlines()[0].strip('"').split('","')


@pytest.mark.parametrize("source", ["auto", "pipedrive"])
def test_a_swedish_pipedrive_export_is_read_and_named_pipedrives(source):
    prepared = prepare(AFFAR.encode(), "Affärer 2026-04-02.csv", source=source)
    fields = prepared.mapping.fields
    assert {name: fields.get(name) for name in (
        "opportunity_id", "rep", "amount", "currency", "status", "stage", "loss_reason", "won_date", "lost_date",
        "created_date", "expected_close_date")} == {
        "opportunity_id": "Affär - ID", "rep": "Affär - Ägare", "amount": "Affär - Värde",
        "currency": "Affär - Valuta", "status": "Affär - Status", "stage": "Affär - Steg",
        "loss_reason": "Affär - Anledning till förlust", "won_date": "Affär - Vunnen tid",
        "lost_date": "Affär - Förlorad tid", "created_date": "Affär - Affär skapad",
        "expected_close_date": "Affär - Förväntat stängningsdatum"}
    assert recognised_as(prepared.mapping, COLUMNS) == "Pipedrive export"
    rows = {row["opportunity_id"]: row for row in prepared.accepted.iter_rows(named=True)}
    assert {i: (r["outcome"], r["stage"], str(r["close_date"])) for i, r in rows.items()} == {
        "5001": ("won", "Proposal Made", "2026-03-02"), "5002": ("lost", "Lead In", "2026-02-11"),
        "5003": ("no_decision", "Demo Scheduled", "2026-02-15"), "5004": ("open", "Contact Made", "2026-05-01")}


def test_the_swedish_deal_word_is_no_other_crms_prefix():
    # A Swedish spreadsheet's own words ("Affärsnamn", "Ägare") still read as a generic export's.
    mapping = detect_mapping(["Affärs-ID", "Affärsnamn", "Ägare", "Fas", "Stängningsdatum", "Belopp"])
    assert recognised_as(mapping, ["Affärs-ID", "Affärsnamn", "Ägare", "Fas", "Stängningsdatum", "Belopp"]) == (
        "Generic export")


@pytest.mark.parametrize("reason", ["Inget beslut", "INGET BESLUT", "Ingen beslutning", "Ingen avgjørelse",
                                    "Ei päätöstä"])
def test_the_nordic_no_decision_phrases_make_a_lost_deal_no_decision(reason):
    assert reason_is_no_decision(reason, folded_vocabulary(DEFAULT_NO_DECISION_REASONS))
