"""A Salesforce report exported in German (and the other languages Salesforce's interface writes
its labels in) is read without help: its headers map, its default open stages are open."""

from __future__ import annotations

import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.ingest.mapping import _LOCALISED, detect_mapping, header_key
from winloss.ingest.outcomes import RULE_WORDS, folded_vocabulary, stage_placement

GERMAN = [
    "Opportunity-Inhaber", "Accountname", "Opportunity-Name", "Phase", "Betrag", "Wahrscheinlichkeit (%)",
    "Schlusstermin", "Erstelldatum", "Verlustgrund", "Opportunity-ID",
]
FIELDS = [
    "rep", "account", "opportunity_name", "stage", "amount", "probability", "close_date", "created_date",
    "loss_reason", "opportunity_id",
]


# ---- headers --------------------------------------------------------------------------------


def test_the_german_salesforce_headers_map_every_field():
    """Only the id and the name were recognised: the file was refused for want of a rep column."""
    mapping = detect_mapping(GERMAN)
    assert mapping.source == "salesforce"
    assert mapping.fields == dict(zip(FIELDS, GERMAN, strict=True))
    assert mapping.missing_required == []


LOCALISED = {
    "fr": ["Propriétaire de l'opportunité", "Nom du compte", "Nom de l'opportunité", "Étape", "Montant", "Probabilité (%)",
           "Date de clôture", "Date de création", "Motif de perte", "ID de l'opportunité"],
    "es": ["Propietario de la oportunidad", "Nombre de la cuenta", "Nombre de la oportunidad", "Etapa", "Importe",
           "Probabilidad (%)", "Fecha de cierre", "Fecha de creación", "Motivo de pérdida", "ID de la oportunidad"],
    "pt": ["Proprietário da oportunidade", "Nome da conta", "Nome da oportunidade", "Fase", "Valor", "Probabilidade (%)",
           "Data de fechamento", "Data de criação", "Motivo da perda", "ID da oportunidade"],
    "it": ["Titolare opportunità", "Nome account", "Nome opportunità", "Fase", "Importo", "Probabilità (%)",
           "Data chiusura", "Data creazione", "Motivo della perdita", "ID opportunità"],
    "nl": ["Opportunity-eigenaar", "Accountnaam", "Opportunitynaam", "Fase", "Bedrag", "Waarschijnlijkheid (%)",
           "Sluitingsdatum", "Aanmaakdatum", "Reden van verlies", "Opportunity-id"],
}


@pytest.mark.parametrize("language", sorted(LOCALISED))
def test_salesforces_labels_in_other_languages_map_the_same_fields(language):
    columns = LOCALISED[language]
    mapping = detect_mapping(columns)
    assert mapping.source == "salesforce"
    assert mapping.fields == dict(zip(FIELDS, columns, strict=True))
    # A HubSpot export in German or French, which shares some of these names, is still HubSpot's.
    german = ["Datensatz-ID", "Deal-Name", "Deal-Phase", "Deal-Inhaber", "Erstelldatum", "Abschlussdatum", "Betrag"]
    french = ["ID de fiche d'informations", "Nom de la transaction", "Phase de la transaction",
              "Propriétaire de la transaction", "Montant", "Date de création", "Date de fermeture"]
    assert detect_mapping(german).source == detect_mapping(french).source == "hubspot"


def test_type_and_lead_source_are_read_in_no_language_as_in_english():
    """The English preset reads no "Type" or "Lead Source"; their German labels steal no field either."""
    english = ["Opportunity Owner", "Stage", "Opportunity ID", "Type", "Lead Source"]
    german = ["Opportunity-Inhaber", "Phase", "Opportunity-ID", "Typ", "Lead-Quelle"]
    for columns in (english, german):
        mapping = detect_mapping(columns)
        assert set(mapping.fields.values()) == set(columns[:3])


def test_a_localised_salesforce_label_is_never_another_fields_name_in_any_preset():
    """"Phase" is the stage and nothing else; no language's label names two fields across the presets
    (HubSpot's German "Betrag" and "Erstelldatum" are the same fields Salesforce's are)."""
    from winloss.ingest.mapping import _PRESETS

    for names in _LOCALISED["salesforce"].values():
        for field_name, labels in names.items():
            for label in labels:
                for preset in _PRESETS.values():
                    assert {f for f, keys in preset.items() if header_key(label) in keys} <= {field_name}, label


# ---- stages ---------------------------------------------------------------------------------

GERMAN_STAGES = {
    "Qualifizierung": "open", "Wertbestimmung": "open", "Bedarfsanalyse": "open", "Verhandlung/Überprüfung": "open",
    "Angebot/Preisangebot": "open", "Entscheidungsträger identifizieren": "open", "Wahrnehmungsanalyse": "open",
    "Id. Entscheidungsträger": "open", "Geschlossen und gewonnen": "won", "Geschlossen und verloren": "lost",
}
VOCABULARY = folded_vocabulary(DEFAULT_NO_DECISION_REASONS)


def test_salesforces_german_default_stages_are_placed_by_the_stage_words():
    """The closed two were placed already, by their won and lost words; the eight open ones were
    quarantined as matching no rule."""
    placed = {stage: stage_placement(stage, VOCABULARY, {}) for stage in GERMAN_STAGES}
    assert placed == {stage: (outcome, RULE_WORDS) for stage, outcome in GERMAN_STAGES.items()}


@pytest.mark.parametrize("stage", [
    "Analyse des besoins", "Proposition de valeur", "Négociation/Révision", "Proposition/Devis",
    "Análisis de necesidades", "Negociación/Revisión", "Proposta/Cotação", "Negociação/Revisão",
    "Analisi delle esigenze", "Negoziazione/Revisione", "Behoefteanalyse", "Onderhandeling/Beoordeling",
])
def test_salesforces_open_stages_in_other_languages_are_open(stage):
    assert stage_placement(stage, VOCABULARY, {}) == ("open", RULE_WORDS)
