"""A HubSpot export made in French, German or Spanish: its loss reason is mapped, its "no decision"
reasons count as no decision, and the columns no field reads are named (engine and command line)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from data_models.vocabulary import DEFAULT_NO_DECISION_REASONS
from winloss.cli import main
from winloss.ingest.mapping import (
    _ASSESSMENT_SYNONYMS,
    _LOCALISED,
    _PRESETS,
    _ROSTER_SYNONYMS,
    detect_mapping,
    header_key,
)
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


def _variants(label: str) -> list[str]:
    """`label` as a file may write it: without accents, with a typographic apostrophe and hyphen,
    in capitals, with its words two (no-break) spaces apart."""
    import unicodedata

    # A kana's voicing mark (ド, ダ) is part of its letter, not an accent: a file writes it as the CRM does.
    kana_marks = "\u3099\u309a"
    plain = unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c) or c in kana_marks))
    return [plain, label.replace("'", "\u2019").replace("-", "\u2011"), label.upper(), label.replace(" ", " \u00a0")]


@pytest.mark.parametrize("language", sorted(_LOCALISED["hubspot"]))
def test_a_localised_header_maps_the_same_without_accents_with_typographic_quotes_in_capitals(language):
    """Headers were matched without folding accents or quotes: "Date de creation" or "Nom de
    l’entreprise" (as a spreadsheet retypes them) were left unmapped while "Date de création" was read."""
    for field_name, labels in _LOCALISED["hubspot"][language].items():
        for label in labels:
            for variant in _variants(label):
                assert header_key(variant) == header_key(label), (label, variant)
                assert header_key(variant) in _PRESETS["hubspot"][field_name]
    french = ["ID de fiche d’informations", "Nom de la transaction", "Phase de la transaction",
              "Proprietaire de la transaction", "Date de creation", "Montant dans la devise de l’entreprise",
              "RAISON DE LA PERTE", "Nom de l’entreprise"]
    mapping = detect_mapping(french)
    assert mapping.source == "hubspot"
    assert mapping.fields == {
        "opportunity_id": french[0], "opportunity_name": french[1], "stage": french[2], "rep": french[3],
        "created_date": french[4], "converted_amount": french[5], "loss_reason": french[6], "account": french[7]}


def _tables() -> dict[str, dict[str, tuple[str, ...]]]:
    """Every table of known headers, the localised names as written (not yet folded)."""
    tables = {f"{source} preset": dict(fields) for source, fields in _PRESETS.items()}
    for source, languages in _LOCALISED.items():
        for language, names in languages.items():
            for field_name, labels in names.items():
                tables[f"{source} preset"][field_name] += tuple(f"{label} [{language}]" for label in labels)
    return {**tables, "roster": dict(_ROSTER_SYNONYMS), "questionnaire": dict(_ASSESSMENT_SYNONYMS)}


@pytest.mark.parametrize("table", sorted(_tables()))
def test_no_two_known_headers_of_one_table_fold_alike_and_name_different_fields(table):
    """Folding accents and quotes must not make two different known headers one: each key names
    the fields one header names (a header two fields share, such as Dynamics' "Est. Close Date", aside)."""
    fields_of: dict[str, set[str]] = {}  # header as written -> the fields it names
    for field_name, labels in _tables()[table].items():
        for label in labels:
            fields_of.setdefault(label.rsplit(" [", 1)[0], set()).add(field_name)
    by_key: dict[str, dict[str, frozenset[str]]] = {}
    for label, fields in fields_of.items():
        by_key.setdefault(header_key(label), {})[label] = frozenset(fields)
    collisions = {key: labels for key, labels in by_key.items() if len(set(labels.values())) > 1}
    assert collisions == {}


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


# ---- the columns no field reads ------------------------------------------------------------------
def test_the_unused_columns_are_named_in_file_order_with_how_to_map_them():
    from winloss.ingest.mapping import unused_columns_sentence
    from winloss.views.data_page import unused_sentence

    columns = ["Id", "Pipeline", "Stage", "Raison", "Owner"]
    mapped = {"opportunity_id": "Id", "stage": "Stage", "rep": "Owner", "loss_reason": None}
    assert unused_columns_sentence(columns, mapped.values()) == (
        "Not used: 'Pipeline', 'Raison'. If one of them holds a field, map it (on the command line: --map FIELD=COLUMN)."
    )
    assert unused_columns_sentence(columns, [*mapped.values(), "Pipeline"]) == (
        "Not used: 'Raison'. If it holds a field, map it (on the command line: --map FIELD=COLUMN)."
    )
    assert unused_columns_sentence(columns, columns) is None
    # The Data page names its own control, the mapping editor the sentence sits under.
    assert unused_sentence(columns, mapped) == (
        "Not used: 'Pipeline', 'Raison'. If one of them holds a field, map it in Column mapping above, under Column in your file."
    )


def test_a_wide_export_names_its_first_unused_columns_and_counts_the_rest():
    from winloss.ingest.mapping import unused_columns_sentence

    columns = ["Id", *(f"Custom {i}" for i in range(1, 31))]
    sentence = unused_columns_sentence(columns, ["Id"], shown=8)
    assert sentence is not None
    assert sentence.startswith("Not used: 'Custom 1', 'Custom 2', ") and "'Custom 8' and 22 more." in sentence
    assert "Custom 9" not in sentence


def test_the_command_line_names_the_unused_columns_escaped_and_lists_them_in_json(tmp_path, capsys):
    bad = "Notes\x1b[31m"
    export = tmp_path / "fr.csv"
    export.write_text(HUBSPOT_FR.read_text(encoding="utf-8-sig").replace(";Pipeline;", f";{bad};", 1), encoding="utf-8")
    assert main(["ingest", str(export), "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out  # the file report: stdout
    (line,) = [line for line in out.splitlines() if "Not used:" in line]
    assert "\x1b" not in line  # a column name must not drive the terminal
    assert line.endswith("Not used: 'Notes\\x1b[31m'. If it holds a field, map it (on the command line: --map FIELD=COLUMN).")
    assert main(["ingest", str(HUBSPOT_FR), "--store", str(tmp_path / "other"), "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert report["unused_columns"] == ["Pipeline"]
    assert report["unused_sentence"].startswith("Not used: 'Pipeline'.")


def test_a_file_rejected_for_a_missing_column_still_names_the_columns_it_did_not_use(tmp_path, capsys):
    export = tmp_path / "no_owner.csv"
    export.write_text("Opportunity ID,Stage,Betreuung\nA1,Closed Won,Ann\n", encoding="utf-8")
    assert main(["ingest", str(export), "--store", str(tmp_path / "store")]) == 1
    out, err = capsys.readouterr()
    assert "no_owner.csv: This opportunity export has no " in err  # why it was not stored: an error, stderr
    assert "Not used: 'Betreuung'. If it holds a field, map it (on the command line: --map FIELD=COLUMN)." in out  # its report


def test_the_report_counts_the_french_no_decision_losses(tmp_path, capsys):
    store = str(tmp_path / "store")
    assert main(["ingest", str(HUBSPOT_FR), "--store", store]) == 0
    capsys.readouterr()
    assert main(["report", "--store", store, "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    assert (row["won"], row["lost"], row["no_decision"], row["open"]) == (1, 2, 2, 1)


def test_the_report_lists_the_loss_reasons_and_what_each_counted_as(tmp_path, capsys):
    """`report` had no way to show loss reasons: --by offered none, profile, rep, quarter and region."""
    store = str(tmp_path / "store")
    assert main(["ingest", str(HUBSPOT_FR), "--store", store]) == 0
    capsys.readouterr()
    assert main(["report", "--store", store, "--by", "loss_reason", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    # "PAS DE DECISION" and "Pas de décision" differ only in case and accents: one reason, in its
    # carefully written spelling (the rule that merges rep names).
    assert [(r["loss_reason"], r["counted_as"], r["deals"]) for r in rows] == [
        ("Pas de décision", "no_decision", 2), ("Décision reportée", "lost", 1), ("Prix", "lost", 1),
    ]
    assert sum(r["share"] for r in rows) == pytest.approx(1.0)
    assert main(["report", "--store", store, "--by", "loss_reason"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Closed deals of every date: ")  # the range it counts, first (report_range)
    lines = lines[1:]
    assert lines[1].split() == ["loss", "reason", "counted", "as", "deals", "share"]
    # 4 losses: counts, no shares, as the No decision page shows them
    assert lines[2].split() == ["Pas", "de", "décision", "no", "decision", "2", "n", "too", "small"]
    assert lines[-1] == "n too small: fewer than 20 lost and no-decision deals; —: none"


def test_the_count_of_unused_columns_not_named_is_written_with_thousands_separators():
    # A wide file (50,000 columns) read "… and 49987 more" where every other count reads "49,987".
    from winloss.ingest.mapping import UNUSED_SHOWN, unused_columns_sentence

    columns = ["Id", *(f"X{i}" for i in range(50_000))]
    sentence = unused_columns_sentence(columns, ["Id"])
    assert sentence is not None and f" and {50_000 - UNUSED_SHOWN:,} more." in sentence
