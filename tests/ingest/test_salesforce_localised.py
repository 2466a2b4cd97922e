"""A Salesforce report exported in German (and the other languages Salesforce's interface writes
its labels in) is read without help: its headers map, its default open stages are open, its
localised footer is dropped, and a rep written "Weiß" in the deals and "Weiss" in the roster is one
rep. The fixture is a German report as Salesforce writes it: cp1252, ";" between quoted values,
amounts "1.234,56 €", dates "31.12.2026", 15-character ids, then the German footer."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.cli import main
from winloss.deals import deals
from winloss.ingest.mapping import _LOCALISED, detect_mapping, header_key
from winloss.ingest.outcomes import RULE_WORDS, folded_vocabulary, stage_placement
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.io.csv_batches import CsvBatches
from winloss.io.readers import read_table
from winloss.io.table import is_footer, is_footer_row, is_totals_line
from winloss.store.delta import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "salesforce_de"
EXPORT = FIXTURES / "opportunities_cp1252.csv"
ROSTER = FIXTURES / "roster.csv"
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
    (HubSpot's German "Betrag" and "Erstelldatum" are the same fields Salesforce's are). A close date named as an
    expected one ("完了予定日", Dynamics' Est. Close Date in Japanese) is the expected close date too, beside
    another close date, as "Est. Close Date" is (mapping.EXPECTED_CLOSE_KEYS)."""
    from winloss.ingest.mapping import _PRESETS, EXPECTED_CLOSE_KEYS

    for names in _LOCALISED["salesforce"].values():
        for field_name, labels in names.items():
            for label in labels:
                also = {"expected_close_date"} if field_name == "close_date" and header_key(label) in EXPECTED_CLOSE_KEYS else set()
                for preset in _PRESETS.values():
                    assert {f for f, keys in preset.items() if header_key(label) in keys} <= {field_name, *also}, label


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


# ---- footer ---------------------------------------------------------------------------------

GERMAN_FOOTER = [
    "Gesamtsummen (12 Datensätze)", "Vertraulich - Nicht verteilen",
    "Copyright (c) 2000-2026 salesforce.com, inc. Alle Rechte vorbehalten.", "Erstellt von: Anna Schmidt  01.12.2026 09:14",
]
LOCALISED_FOOTER = [
    *GERMAN_FOOTER, "12 Datensätze", "Summe", "Totaux généraux (3 enregistrements)", "Confidentiel - Ne pas diffuser",
    "Tous droits réservés.", "Généré par : Claire Dubois", "Totales generales (3 registros)",
    "Información confidencial - No distribuir", "Generado por: José Díaz", "Totais gerais (3 registros)", "Gerado por: Ana",
    "Totali complessivi (3 record)", "Tutti i diritti riservati.", "Generato da: Marco", "Eindtotalen (3 records)",
    "Vertrouwelijk - Niet verspreiden", "Gegenereerd door: Jan",
]


def test_a_localised_report_footer_line_is_a_footer_line_and_a_deal_is_not():
    assert [line for line in LOCALISED_FOOTER if not (is_footer(line) and is_footer_row([line]))] == []
    # A deal's first cell is no footer line, and beside a deal's other values no footer word makes a row a footer's.
    assert [name for name in ("Anna Schmidt", "Gesamtschule Nord", "Vertriebspartner Süd", "Total Gym", "Summen & Co")
            if is_footer(name)] == []
    assert not is_footer_row(["Vertraulich", "Acme", "Closed Won", "1.000,00 €"])


def test_a_totals_values_line_with_the_currency_after_the_sum_is_a_totals_line():
    lines = [["", "", "", "", "407.151,06 €"], ["1\u202f234,56\u00a0€"], ["5.241.002,39 EUR"], ["EUR 5.241.002,39"]]
    assert [is_totals_line(values) for values in lines] == [True] * 4
    assert not is_totals_line(["Anna Schmidt", "407.151,06 €"])


def test_the_german_footer_is_dropped_with_a_note_whole_and_in_batches(tmp_path):
    """Its totals line, the line of sums and the confidentiality note were quarantined as rows of the
    wrong width (counted as rows read), while an English footer is dropped with a note."""
    data = EXPORT.read_bytes()
    with pytest.raises(UnicodeDecodeError):  # the fixture is what Salesforce writes: cp1252, quoted, ";"
        data.decode("utf-8")
    assert data.decode("cp1252").splitlines()[0] == ";".join(f'"{h}"' for h in GERMAN)
    whole = read_table(data, EXPORT.name)
    assert whole.encoding == "cp1252" and whole.delimiter == ";"
    assert whole.frame.height == 12 and whole.ragged.height == 0 and whole.footer_lines == 6
    prepared = prepare(data, EXPORT.name)
    report = file_report(prepared)
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (12, 12, 0)
    counted = "or counted in the rows read (accepted + quarantined)."
    assert report["notes"][:3] == [  # each sentence whole: the page shows each in a box of its own
        f"Line 15 ('Gesamtsummen (12 Datensätze)') looks like a totals line and was not read as a deal {counted}",
        f"Line 16 ('407.151,06 €') looks like a totals line and was not read as a deal {counted}",
        "Lines 18–21 are the report's footer ('Vertraulich - Nicht verteilen', 'Copyright (c) 2000-2026 salesforce.com, "
        f"inc. Alle Rechte vo…', 'Erstellt von: Anna Schmidt 01.12.2026 09:14', …) and were not read as deals {counted}",
    ]
    # The batch reader (the file rewritten as UTF-8 first, as prepare_path does) drops the same lines.
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(data.decode("cp1252").encode())
    batches = CsvBatches(utf8, 3)
    read = list(batches)
    assert [r for b in read for r in b.frame.rows()] == whole.frame.rows()
    assert sum(b.ragged.height for b in read) == 0 and batches.footer_lines == whole.footer_lines
    assert list(batches.footer_notes) == report["notes"][:3]
    with prepare_path(EXPORT, batch_rows=3) as batched:
        assert file_report(batched) == report


# ---- the whole file, and its reps -----------------------------------------------------------


def test_the_german_export_is_stored_whole_with_every_stage_placed(tmp_path):
    prepared = prepare(EXPORT.read_bytes(), EXPORT.name)
    assert prepared.rejected is None
    stages = {(s["stage"], s["outcome"]): (s["rows"], s["rule"]) for s in file_report(prepared)["stages"]}
    assert stages == {
        ("Geschlossen und gewonnen", "won"): (2, "stage words"),
        ("Geschlossen und verloren", "lost"): (1, "stage words"),
        ("Geschlossen und verloren", "no_decision"): (1, "loss reason in the no-decision vocabulary"),
        **{(stage, "open"): (1, "stage words") for stage, outcome in GERMAN_STAGES.items() if outcome == "open"},
    }
    accepted = prepared.accepted
    assert accepted.get_column("amount").sum() == pytest.approx(407_151.06)
    assert accepted.get_column("currency").unique().to_list() == ["EUR"]
    assert accepted.get_column("opportunity_id").str.len_chars().unique().to_list() == [18]
    first = accepted.sort("__line").row(0, named=True)
    assert (str(first["close_date"]), str(first["created_date"]), first["probability"]) == ("2025-10-11", "2025-07-21", 100.0)


def test_the_command_line_ingests_the_german_export_without_help(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["ingest", str(EXPORT), "--store", store, "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (12, 12, 0)
    assert report["recognised_as"] == "Salesforce export" and report["rejected"] is None


def test_a_roster_in_swiss_spelling_profiles_the_deals_rep_and_the_deals_spellings_are_one_rep(tmp_path):
    """The roster's "Lena Weiss" and the deals' "Lena Weiß" (and one deal's "Lena Weiss") were two
    reps: the roster's with no deals, the deals' Unprofiled."""
    store = Store(tmp_path / "store")
    for path in (ROSTER, EXPORT):
        prepared = prepare(path.read_bytes(), path.name)
        assert prepared.rejected is None, prepared.rejected
        commit(store, prepared)
    reps = deals(store).group_by("rep", "seller_profile").agg(pl.len()).sort("rep").rows()
    assert reps == [
        ("Anna Schmidt", "Challenger", 4), ("Jörg Müller", "Hard Worker", 3), ("Lena Weiss", "Relationship Builder", 5),
    ]


def test_the_command_line_names_both_missing_columns_and_takes_both_maps(tmp_path, capsys):
    export = tmp_path / "de.csv"
    export.write_bytes(EXPORT.read_bytes().replace(b'"Opportunity-Inhaber"', b'"Betreuer"').replace(b'"Phase"', b'"Stufe"'))
    assert main(["ingest", str(export), "--store", str(tmp_path / "store")]) == 1
    err = capsys.readouterr().err
    assert '--map rep="Column name" --map stage="Column name"' in err
    assert main(["ingest", str(export), "--store", str(tmp_path / "store"), "--map", "rep=Betreuer", "--map", "stage=Stufe"]) == 0
