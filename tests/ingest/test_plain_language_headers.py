"""Exports whose headers are plain words in another language, which no CRM's preset writes.

A Dutch spreadsheet of "Eigenaar", "Naam", "Fase", "Bedrag", "Valuta", "Sluitingsdatum" was refused for
want of a rep column: "Eigenaar" (owner) was no name the app knew, though "Owner" is, and "Fase" and
"Bedrag" were known only as a Dutch Salesforce report's labels. The generic names know each field's plain
words in the main languages, taking the CRMs' localised labels for the fields that do not tell a CRM apart
(one list per field); a bare "Name" ("Naam", "Nombre", "Nazwa"), which may be a contact's as well as the
deal's, is read as the deal's only by a rule the file report names, and only beside an id column.
"""

from __future__ import annotations

import pytest

from winloss.cli import main
from winloss.deals import deals
from winloss.ingest.hints import page_sentence
from winloss.ingest.mapping import (
    _LOCALISED,
    _LOCALISED_SIGNATURE_FIELDS,
    _PRESETS,
    bare_name_note,
    bare_name_unread_note,
    detect_kind,
    detect_mapping,
    header_key,
    header_language,
    mapping_notes,
)
from winloss.ingest.pipeline import missing_columns_sentence, prepare
from winloss.store.delta import Store

FIELDS = ("rep", "account", "opportunity_name", "stage", "amount", "currency", "close_date", "created_date", "opportunity_id")

# Invented exports, one a language: the headers in FIELDS' order, as a spreadsheet of deals heads them.
HEADERS = {
    "nl": ("Eigenaar", "Klant", "Naam", "Fase", "Bedrag", "Valuta", "Sluitingsdatum", "Aanmaakdatum", "ID"),
    "es": ("Propietario", "Cliente", "Nombre", "Etapa", "Importe", "Moneda", "Fecha de cierre", "Fecha de creación", "ID"),
    "pl": ("Właściciel", "Klient", "Nazwa", "Etap", "Kwota", "Waluta", "Data zamknięcia", "Data utworzenia", "ID"),
    "de": ("Inhaber", "Kunde", "Name", "Phase", "Betrag", "Währung", "Abschlussdatum", "Erstelldatum", "ID"),
    "fr": ("Propriétaire", "Client", "Nom", "Étape", "Montant", "Devise", "Date de clôture", "Date de création", "Identifiant"),
    "it": ("Proprietario", "Cliente", "Nome", "Fase", "Importo", "Valuta", "Data di chiusura", "Data di creazione", "ID"),
    "pt": ("Proprietário", "Cliente", "Nome", "Etapa", "Valor", "Moeda", "Data de fechamento", "Data de criação", "ID"),
    "sv": ("Ägare", "Kund", "Namn", "Fas", "Belopp", "Valuta", "Stängningsdatum", "Skapad", "Affärs-ID"),
    "da": ("Ejer", "Kunde", "Navn", "Fase", "Beløb", "Valuta", "Lukkedato", "Oprettet", "Aftale-ID"),
}


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_a_plain_language_export_maps_every_field(language):
    columns = list(HEADERS[language])
    mapping = detect_mapping(columns)
    assert mapping.kind == "opportunities"
    assert mapping.fields == dict(zip(FIELDS, columns, strict=True))
    assert mapping.missing_required == []


def _csv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    return "\n".join(";".join(row) for row in [columns, *rows]).encode("utf-8-sig")


@pytest.mark.parametrize(("language", "won", "lost"), [("nl", "Gewonnen", "Verloren"), ("es", "Ganado", "Perdido"),
                                                       ("pl", "Wygrana", "Przegrana")])
def test_a_plain_language_export_is_stored_with_its_reps(language, won, lost):
    rows = [
        ("Piet de Vries", "Acme", "Deal een", won, "1.500,00", "EUR", "31-12-2025", "01-10-2025", "N-1"),
        ("Sanne Bakker", "Foo", "Deal twee", lost, "900,00", "EUR", "15-11-2025", "01-09-2025", "N-2"),
    ]
    file = prepare(_csv(HEADERS[language], rows), f"{language}.csv")
    assert file.rejected is None, file.rejected
    assert file.accepted.get_column("rep").sort().to_list() == ["Piet de Vries", "Sanne Bakker"]
    assert file.accepted.get_column("opportunity_name").sort().to_list() == ["Deal een", "Deal twee"]
    assert sorted(file.accepted.get_column("outcome").to_list()) == ["lost", "won"]


def test_the_command_line_stores_a_dutch_export_it_refused_for_want_of_a_rep(tmp_path, capsys):
    export = tmp_path / "nl.csv"
    export.write_bytes(_csv(
        ("Eigenaar", "Account", "Naam", "Fase", "Bedrag", "Valuta", "Sluitingsdatum", "Reden van verlies", "ID"),
        [("Piet de Vries", "ACME", "d1", "Gewonnen", "1.500,00", "EUR", "12/31/2025", "", "N-1"),
         ("Sanne Bakker", "Foo", "d2", "Verloren", "900", "EUR", "10/01/2025", "Concurrent", "N-2")],
    ))
    store = tmp_path / "store"
    assert main(["ingest", str(export), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "(Generic export): 2 accepted" in out
    assert ("'Naam' is read as the opportunity name: in an opportunity export, a column headed only 'Name' or 'Title' (in any "
            "language) is taken to name the deal.") in out
    assert sorted(deals(Store(store)).get_column("rep").to_list()) == ["Piet de Vries", "Sanne Bakker"]


# ---- a bare name --------------------------------------------------------------------------------


def test_a_bare_name_beside_an_id_is_the_deals_name_by_a_rule_the_report_names():
    mapping = detect_mapping(["Eigenaar", "Naam", "Fase", "Bedrag", "Sluitingsdatum", "ID"])
    assert mapping.fields["opportunity_name"] == "Naam"
    note = bare_name_note(mapping)
    assert note in mapping_notes(mapping)
    assert note.endswith("If it holds another name, such as a contact's, leave it unread (on the command line: "
                         '--map opportunity_name="").')
    assert page_sentence(note).endswith("leave it unread in Column mapping above, under Column in your file.")


def test_the_notes_way_out_leaves_the_bare_name_unread_and_the_note_goes():
    columns = ["Eigenaar", "Naam", "Fase", "Bedrag", "Sluitingsdatum", "ID"]
    mapping = detect_mapping(columns, overrides={"opportunity_name": ""})
    assert "opportunity_name" not in mapping.fields
    assert bare_name_note(mapping) is None


def test_a_bare_name_without_an_id_column_keys_no_deal_and_is_asked_for():
    """Account and a name key deals without an id: a contact's name would merge that contact's deals."""
    mapping = detect_mapping(["Eigenaar", "Klant", "Naam", "Fase", "Bedrag", "Sluitingsdatum"])
    assert "opportunity_name" not in mapping.fields
    assert mapping.missing_required == ["opportunity_id"]


@pytest.mark.parametrize("source", ["auto", "salesforce", "dynamics"])
def test_a_crms_bare_name_without_an_id_column_is_no_key_either(source):
    """Salesforce's and Dynamics' lists held "Name" as the deal's name by a second rule of their own: an
    export of theirs without an id was keyed by account and a name that may be a contact's."""
    columns = ["Opportunity Owner", "Account Name", "Name", "Stage", "Amount", "Close Date"]
    mapping = detect_mapping(columns, source=source)
    assert "opportunity_name" not in mapping.fields
    assert not mapping.keyed_by_name
    assert mapping.missing_required == ["opportunity_id"]


def test_a_salesforce_bare_name_beside_an_id_is_read_by_the_one_rule_and_the_report_says_so():
    mapping = detect_mapping(["Opportunity ID", "Opportunity Owner", "Account Name", "Name", "Stage", "Amount", "Close Date"])
    assert mapping.source == "salesforce"
    assert mapping.fields["opportunity_name"] == "Name"
    assert bare_name_note(mapping) in mapping_notes(mapping)


def test_the_refusal_of_an_export_without_an_id_says_why_its_bare_name_was_not_read_and_how_to_read_it(tmp_path, capsys):
    columns = ["Opportunity Owner", "Account Name", "Name", "Stage", "Amount", "Close Date"]
    sentence = missing_columns_sentence(detect_mapping(columns), columns)
    assert sentence.endswith(
        "'Name' is not read as the opportunity name: a column headed only 'Name' (in any language) is taken to name "
        "the deal only beside an id column, as with the account it would key each deal and a contact's name would "
        "merge that contact's deals into one. If it names each deal, choose it (on the command line: "
        '--map opportunity_name="Name").')
    export = tmp_path / "sf.csv"
    export.write_text("\n".join([",".join(columns), "Ann,Acme,Renewal,Closed Won,100,2025-12-31",
                                  "Ann,Acme,Upsell,Closed Lost,50,2025-12-31"]), encoding="utf-8")
    store = str(tmp_path / "store")
    main(["ingest", str(export), "--store", store])
    assert "'Name' is not read as the opportunity name" in capsys.readouterr().err
    assert main(["ingest", str(export), "--store", store, "--map", "opportunity_name=Name"]) == 0
    assert sorted(deals(Store(store)).get_column("opportunity_name").to_list()) == ["Renewal", "Upsell"]


def test_no_unread_name_note_where_the_name_could_key_nothing_or_an_id_keys_the_deals():
    no_account = ["Opportunity Owner", "Name", "Stage", "Amount", "Close Date"]
    assert bare_name_unread_note(detect_mapping(no_account), no_account) is None
    with_id = ["ID", "Opportunity Owner", "Account Name", "Name", "Naam", "Stage", "Amount", "Close Date"]
    assert bare_name_unread_note(detect_mapping(with_id), with_id) is None


def test_two_bare_names_are_neither_read():
    mapping = detect_mapping(["Eigenaar", "Naam", "Navn", "Fase", "Bedrag", "Sluitingsdatum", "ID"])
    assert "opportunity_name" not in mapping.fields


def test_a_chosen_bare_name_gets_no_note():
    mapping = detect_mapping(["Eigenaar", "Naam", "Fase", "Bedrag", "Sluitingsdatum", "ID"], overrides={"opportunity_name": "Naam"})
    assert mapping.fields["opportunity_name"] == "Naam"
    assert bare_name_note(mapping) is None


def test_a_roster_with_a_first_and_last_name_is_still_a_roster():
    assert detect_kind(["Nombre", "Apellidos", "Equipo", "Manager", "Región"]) == "roster"


# ---- one list per field ---------------------------------------------------------------------------


def test_the_generic_names_take_the_crms_plain_labels_written_once():
    """"Fase" and "Bedrag" are written in Salesforce's Dutch list and read by the generic names too; no
    language's generic list repeats a word a CRM's list gives for the same field in that language."""
    generic = _PRESETS["generic"]
    assert header_key("Fase") in generic["stage"] and header_key("Bedrag") in generic["amount"]
    # What tells a CRM's export apart stays its own: Salesforce's Dutch owner label is no generic name.
    assert header_key("Opportunity-eigenaar") not in generic["rep"]
    for language, names in _LOCALISED["generic"].items():
        for field_name, labels in names.items():
            crm_words = {
                header_key(label) for source, languages in _LOCALISED.items() if source != "generic"
                and field_name not in _LOCALISED_SIGNATURE_FIELDS.get(source, ())
                for label in languages.get(language, {}).get(field_name, ())
            }
            assert not crm_words & {header_key(label) for label in labels}, (language, field_name)


@pytest.mark.parametrize(("language", "name"), [("sv", "sv"), ("da", "da"), ("pl", "pl"), ("nl", "nl")])
def test_the_headers_language_is_told(language, name):
    assert header_language(HEADERS[language]) == name
