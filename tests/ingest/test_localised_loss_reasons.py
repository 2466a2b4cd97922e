"""A HubSpot export made in French, German or Spanish: its loss reason is mapped and its "no decision"
reasons count as no decision."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.cli import main
from winloss.ingest.mapping import _LOCALISED, _PRESETS, detect_mapping
from winloss.ingest.outcomes import with_outcomes
from winloss.ingest.pipeline import file_report, prepare

HUBSPOT_FR = Path(__file__).resolve().parent.parent / "fixtures" / "hubspot_fr.csv"
REASON_RULE = "loss reason in the no-decision vocabulary"


@pytest.mark.parametrize("language", sorted(_LOCALISED["hubspot"]))
def test_every_field_of_the_english_hubspot_preset_has_names_in_each_language(language):
    """French and Spanish had no loss reason, probability, account, deal type, region, product or
    competitor: a French export's "Raison de la perte" was left unmapped."""
    assert set(_LOCALISED["hubspot"][language]) == set(_PRESETS["hubspot"])


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["ID de fiche d'informations", "Nom de la transaction", "Phase de la transaction", "Propriétaire de la transaction",
          "Montant", "Raison de la perte", "Entreprise associée", "Type de transaction", "Probabilité de la transaction"],
         {"loss_reason": "Raison de la perte", "account": "Entreprise associée", "segment": "Type de transaction",
          "probability": "Probabilité de la transaction"}),
        (["Datensatz-ID", "Deal-Name", "Deal-Phase", "Deal-Inhaber", "Betrag", "Grund für verlorenen Deal", "Produkt",
          "Wettbewerber"],
         {"loss_reason": "Grund für verlorenen Deal", "product": "Produkt", "competitor": "Wettbewerber"}),
        (["ID de registro", "Nombre del negocio", "Etapa del negocio", "Propietario del negocio", "Importe",
          "Motivo de pérdida", "Empresa asociada", "Tipo de negocio", "Región"],
         {"loss_reason": "Motivo de pérdida", "account": "Empresa asociada", "segment": "Tipo de negocio", "region": "Región"}),
    ],
    ids=["fr", "de", "es"],
)
def test_a_localised_hubspot_export_maps_its_loss_reason_and_the_other_fields(columns, expected):
    mapping = detect_mapping(columns)
    assert mapping.source == "hubspot"
    assert {f: mapping.fields.get(f) for f in expected} == expected


def test_no_decision_in_french_german_and_spanish_counts_as_no_decision_as_a_whole_reason_only():
    reasons = ["Pas de décision", "PAS DE DECISION", "Aucune décision", "Keine Entscheidung", "Sin decisión",
               "sin decision", "Ninguna decisión", "No hubo decisión",
               "Décision reportée", "Keine Entscheidung bis Q3", "Prix"]
    frame = pl.DataFrame({"stage": ["Closed Lost"] * len(reasons), "loss_reason": reasons})
    outcomes = with_outcomes(frame, DEFAULT_NO_DECISION_REASONS).get_column("outcome").to_list()
    # A reason that only mentions a decision, or says more than "no decision", stays lost.
    assert outcomes == ["no_decision"] * 8 + ["lost"] * 3


def test_the_french_export_counts_its_no_decision_losses_and_the_report_names_the_rule():
    prepared = prepare(HUBSPOT_FR.read_bytes(), HUBSPOT_FR.name)
    report = file_report(prepared)
    assert report["mapping"]["loss_reason"] == "Raison de la perte"
    outcomes = dict(prepared.accepted.select("opportunity_id", "outcome").iter_rows())
    assert outcomes == {"701": "won", "702": "no_decision", "703": "no_decision", "704": "lost", "705": "lost", "706": "open"}
    rules = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in report["stages"]}
    assert rules[("Conclu perdu", "no_decision")] == (2, REASON_RULE)
    assert rules[("Conclu perdu", "lost")][0] == 2


def test_the_report_counts_the_french_no_decision_losses(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["ingest", str(HUBSPOT_FR), "--store", store]) == 0
    capsys.readouterr()
    assert main(["report", "--store", store, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["won"], row["lost"], row["no_decision"], row["open"]) == (1, 2, 2, 1)
