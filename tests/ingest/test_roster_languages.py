"""A roster whose headers are in another language than English.

Exports' plain headers were read in nine languages, a roster's only in English beyond a first and a last
name: a Dutch roster of "Naam", "Verkoopteam", "Leidinggevende", "Regio", "Verkopersprofiel" was refused for
want of a rep column, every column named as not used. A roster's fields (rep, seller profile, team, manager,
region, employment status and end date) have their words in the same languages, one list a field, the
rep's and the region's shared with the exports' words for a deal's owner and region; a column no field
takes is still named in the report.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from winloss import employment
from winloss.ingest import name_order
from winloss.ingest.mapping import (
    _LOCALISED,
    _ROSTER_LOCALISED,
    _ROSTER_SYNONYMS,
    _SHARED_WITH_EXPORTS,
    LANGUAGE_NAMES,
    detect_kind,
    detect_mapping,
    header_key,
)
from winloss.ingest.pipeline import file_report, prepare

FIELDS = ("rep", "seller_profile", "team", "manager", "region", employment.STATUS, employment.END_DATE)

# Invented rosters, one a language: the headers in FIELDS' order, as an HR tool or a sales team's sheet heads them.
HEADERS = {
    "nl": ("Naam", "Verkopersprofiel", "Verkoopteam", "Leidinggevende", "Regio", "Dienstverband", "Datum uit dienst"),
    "de": ("Mitarbeiter", "Verkäuferprofil", "Vertriebsteam", "Vorgesetzter", "Gebiet", "Beschäftigungsstatus",
           "Austrittsdatum"),
    "fr": ("Nom complet", "Profil", "Équipe", "Responsable", "Région", "Statut", "Date de départ"),
    "es": ("Nombre completo", "Perfil", "Equipo", "Gerente", "Región", "Estado", "Fecha de baja"),
    "it": ("Nome e cognome", "Profilo", "Squadra", "Responsabile", "Regione", "Stato", "Data di cessazione"),
    "pt": ("Nome completo", "Perfil do vendedor", "Equipe", "Gestor", "Região", "Situação", "Data de saída"),
    "sv": ("Namn", "Säljarprofil", "Säljteam", "Chef", "Område", "Anställningsstatus", "Slutdatum"),
    "da": ("Navn", "Sælgerprofil", "Salgsteam", "Leder", "Område", "Ansættelsesstatus", "Fratrædelsesdato"),
    "pl": ("Imię i nazwisko", "Profil sprzedawcy", "Zespół", "Kierownik", "Rejon", "Status zatrudnienia",
           "Data zwolnienia"),
    "ja": ("氏名", "プロファイル", "チーム", "上司", "地域", "在籍状況", "退職日"),
}


def test_every_language_the_exports_are_read_in_has_a_roster():
    assert sorted(HEADERS) == sorted(LANGUAGE_NAMES) == sorted(_ROSTER_LOCALISED)


@pytest.mark.parametrize("language", sorted(HEADERS))
def test_a_roster_in_another_language_maps_every_field_and_is_found_a_roster(language):
    columns = list(HEADERS[language])
    assert detect_kind(columns) == "roster"
    mapping = detect_mapping(columns)
    assert mapping.kind == "roster"
    assert mapping.fields == dict(zip(FIELDS, columns, strict=True))
    assert mapping.missing_required == []


@pytest.mark.parametrize(("first", "last"), [("Förnamn", "Efternamn"), ("Fornavn", "Efternavn"), ("Imię", "Nazwisko")])
def test_a_swedish_danish_or_polish_name_in_two_columns_is_the_rep(first, last):
    mapping = detect_mapping([first, last, "Team", "Manager", "Region"], kind="roster")
    assert {mapping.fields[part] for part in name_order.PARTS} == {first, last}
    assert mapping.rep_in_parts and mapping.missing_required == []


def test_the_rep_and_region_words_are_the_exports_written_once():
    """A roster's rep is read from each language's words for a deal's owner ("Eigenaar", "Verkäufer") and
    its region from every CRM's localised region ("Gebiet"): the roster's own lists repeat none of them."""
    sources = {"rep": {"generic": _LOCALISED["generic"]}, "region": _LOCALISED}
    assert set(sources) == set(_SHARED_WITH_EXPORTS)
    for field_name, languages_of in sources.items():
        export_words = {header_key(word) for languages in languages_of.values() for names in languages.values()
                        for word in names.get(field_name, ())}
        assert export_words <= set(_ROSTER_SYNONYMS[field_name])
        own = {header_key(word) for names in _ROSTER_LOCALISED.values() for word in names.get(field_name, ())}
        assert not own & export_words, own & export_words
    assert {header_key("Eigenaar"), header_key("Verkäufer")} <= set(_ROSTER_SYNONYMS["rep"])
    assert header_key("Gebiet") in _ROSTER_SYNONYMS["region"]


def test_no_roster_word_names_two_fields_and_no_whole_name_is_a_name_part():
    """"Nom", "Nombre" and "Nome" are a last or first name beside the other part: never the whole name."""
    fields_of: dict[str, set[str]] = {}
    for field_name, names in _ROSTER_SYNONYMS.items():
        for name in names:
            fields_of.setdefault(name, set()).add(field_name)
    assert {name: f for name, f in fields_of.items() if len(f) > 1} == {}
    mapping = detect_mapping(["Prénom", "Nom", "Équipe", "Responsable"], kind="roster")
    assert "rep" not in mapping.fields and mapping.rep_in_parts


def _csv(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    return "\n".join(";".join(row) for row in [columns, *rows]).encode("utf-8")


def test_a_dutch_roster_is_stored_and_the_column_it_cannot_place_is_named():
    columns = (*HEADERS["nl"], "E-mailadres", "Hobby")
    rows = [("Piet de Vries", "Challenger", "Noord", "Anna Smit", "Benelux", "Actief", "", "p@x.nl", "Zeilen"),
            ("Sanne Bakker", "Lone Wolf", "Zuid", "Anna Smit", "Benelux", "Uit dienst", "30-06-2025", "s@x.nl", "")]
    prepared = prepare(_csv(columns, rows), "team.csv")  # its kind found by its headers, as the Data page does
    assert prepared.kind == "roster" and prepared.rejected is None, prepared.rejected
    accepted = prepared.accepted
    assert accepted.get_column("rep").to_list() == ["Piet de Vries", "Sanne Bakker"]
    assert accepted.get_column("team").to_list() == ["Noord", "Zuid"]
    assert accepted.get_column("manager").to_list() == ["Anna Smit", "Anna Smit"]
    report = file_report(prepared)
    assert report["unused_columns"] == ["Hobby"]  # its E-mailadres is the rep's email, read as the roster's
    assert report["unused_sentence"].startswith("Not used: 'Hobby'.")
    assert accepted.get_column("email").to_list() == ["p@x.nl", "s@x.nl"]
    assert accepted.get_column(employment.LEFT).to_list() == [False, True]


@pytest.mark.parametrize(("gone", "current"), [("Uit dienst", "Actief"), ("Ausgeschieden", "Aktiv"), ("Parti", "Actif"),
                                                ("Baja", "Activo"), ("Cessato", "Attivo"), ("Desligado", "Ativo"),
                                                ("Slutat", "Aktiv"), ("Fratrådt", "Aktiv"), ("Zwolniony", "Aktywny")])
def test_a_status_in_another_language_says_who_left_and_a_word_not_known_is_still_named(gone, current):
    status = pl.Series("status", [gone, current, "Ouderschapsverlof"])
    read = employment.read_employment(status, None, "Status", None, dt.date(2026, 1, 1))
    assert read.left.to_list() == [True, False, False]
    assert read.note is not None and "Ouderschapsverlof" in read.note
    assert current not in read.note.split("Read as current")[-1]


@pytest.mark.parametrize("headers", [
    ("Vorname", "Name", "Vertriebsteam", "Vorgesetzter"), ("Voornaam", "Naam", "Verkoopteam", "Leidinggevende"),
    ("First Name", "Name", "Team", "Manager"), ("Förnamn", "Namn", "Säljteam", "Chef"),
    ("Fornavn", "Navn", "Salgsteam", "Leder"),
])
def test_a_bare_name_beside_a_first_name_is_the_last_name(headers):
    """'Vorname, Name' is a first name and a surname, as 'Prénom, Nom' is: read as the whole name, the bare word
    stored every rep by the surname alone ('Schmidt' where the deals say 'Anna Schmidt')."""
    prepared = prepare(("\n".join([",".join(headers), "Anna,Schmidt,Nord,Ute Bach", "Ben,Okafor,Süd,Ute Bach"]) + "\n").encode(), "team.csv")
    assert prepared.mapping is not None and prepared.mapping.kind == "roster"
    assert prepared.mapping.fields[name_order.LAST_NAME] == headers[1] and "rep" not in prepared.mapping.fields
    assert prepared.accepted.get_column("rep").to_list() == ["Anna Schmidt", "Ben Okafor"]


def test_a_bare_name_alone_is_still_the_whole_name():
    prepared = prepare(b"Name,Team,Manager\nAnna Schmidt,Nord,Ute Bach\n", "team.csv")
    assert prepared.mapping is not None and prepared.mapping.fields["rep"] == "Name"
    assert prepared.accepted.get_column("rep").to_list() == ["Anna Schmidt"]
