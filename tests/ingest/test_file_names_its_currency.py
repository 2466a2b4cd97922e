"""Wherever a file names its amounts' currency, it is read, or the report says plainly it was not and asks.

A German Salesforce export's 'Opportunity-Währung' of EUR, CHF and GBP was listed as "Not used" and every row
stored in USD, the report saying "The file names no currency, in a column or with its amounts"; a column headed
"Amount EUR" or "Betrag in Euro" was read as no amount at all; the Data page asked whether a German export's
amounts were really in USD while the command line did not."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from command_line import run

from winloss.ingest.file_currency import LocaleClues, bare_amounts_sentence
from winloss.ingest.header_units import header_unit
from winloss.ingest.hints import page_sentence
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.pipeline import prepare, prepare_path

NAMES_NONE = "The file names no currency"
BOTH = pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])


def prepared(tmp_path: Path, text: str, batched: bool, name: str = "deals.csv", **kwargs):
    """`text` written to a file and prepared whole, or from disk a row at a time (`batched`)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if batched:
        return prepare_path(path, batch_rows=1, **kwargs)
    return prepare(path.read_bytes(), name, **kwargs)


def stored(prep, columns: tuple[str, ...] = ("opportunity_id", "amount", "currency")) -> list[tuple]:
    frames = [part.collect() for part in prep.accepted_columns(list(columns))]
    return sorted(pl.concat(frames).rows())


# (headers before the currency column, the currency column's header, the source it is read as), one export per
# CRM and language; each row: id, rep, stage, account, amount, currency, close date.
LOCALISED = [
    (("Opportunity-ID", "Opportunity-Inhaber", "Phase", "Accountname", "Betrag"), "Opportunity-Währung", "salesforce"),
    (("Opportunity-ID", "Opportunity-Inhaber", "Phase", "Accountname", "Betrag"), "Währung", "salesforce"),
    (("ID de l'opportunité", "Propriétaire de l'opportunité", "Étape", "Nom du compte", "Montant"), "Devise de l'opportunité", "salesforce"),
    (("ID de l'opportunité", "Propriétaire de l'opportunité", "Étape", "Nom du compte", "Montant"), "Devise", "salesforce"),
    (("ID de la oportunidad", "Propietario de la oportunidad", "Etapa", "Nombre de la cuenta", "Importe"), "Divisa de la oportunidad", "salesforce"),
    (("ID de la oportunidad", "Propietario de la oportunidad", "Etapa", "Nombre de la cuenta", "Importe"), "Moneda", "salesforce"),
    (("ID da oportunidade", "Proprietário da oportunidade", "Fase", "Nome da conta", "Valor"), "Moeda da oportunidade", "salesforce"),
    (("ID opportunità", "Titolare opportunità", "Fase", "Nome account", "Importo"), "Valuta", "salesforce"),
    (("Opportunity-id", "Opportunity-eigenaar", "Fase", "Accountnaam", "Bedrag"), "Valuta", "salesforce"),
    (("Datensatz-ID", "Deal-Inhaber", "Deal-Phase", "Deal-Name", "Betrag"), "Deal-Währung", "hubspot"),
    (("ID de fiche d'informations", "Propriétaire de la transaction", "Phase de la transaction", "Nom de la transaction", "Montant"),
     "Devise de la transaction", "hubspot"),
    (("ID de registro", "Propietario del negocio", "Etapa del negocio", "Nombre del negocio", "Importe"), "Moneda del negocio", "hubspot"),
    (("(Do Not Modify) Opportunity", "Owner", "Status Reason", "Potential Customer", "Est. Revenue"), "Transaction Currency", "dynamics"),
    (("Deal ID", "Owner", "Stage", "Account", "Amount"), "Currency (ISO)", "generic"),
    (("Deal - ID", "Deal - Owner", "Deal - Stage", "Deal - Organization", "Deal - Value"), "Deal - Währung", "pipedrive"),
]  # fmt: skip


def localised_export(headers: tuple[str, ...], currency: str) -> str:
    stage = "Closed Won" if headers[2] != "Status Reason" else "Won"
    lines = [";".join([*headers, currency, "Close Date"])]
    for i, (amount, code) in enumerate([("1.234,56", "EUR"), ("10.000,00", "CHF"), ("2.000,00", "GBP")]):
        lines.append(";".join([f"X-{i}", "Anna Groß", stage, f"Acct {i}", amount, code, f"2025-11-{i + 1:02d}"]))
    return "\n".join(lines) + "\n"


@BOTH
@pytest.mark.parametrize(("headers", "currency", "source"), LOCALISED, ids=[f"{s}: {c}" for _, c, s in LOCALISED])
def test_a_localised_currency_column_is_read_as_each_deals_currency(tmp_path, batched, headers, currency, source):
    """Each was "Not used", its rows stored in USD, the rule saying the file names no currency."""
    text = localised_export(headers, currency)
    assert detect_mapping(text.splitlines()[0].split(";")).fields.get("currency") == currency
    prep = prepared(tmp_path, text, batched)
    assert prep.source == source
    assert [row[2] for row in stored(prep)] == ["EUR", "CHF", "GBP"]
    rule = prep.money_rules["currency_rule"]
    assert rule.startswith(f"Each amount's currency is read from the column '{currency}' (CHF, EUR, GBP)") and NAMES_NONE not in rule


UNREAD = "Deal ID,Owner,Stage,Amount,Geld,Close Date\nU-1,Ann Lee,Won,1000,EUR,2025-11-01\nU-2,Bob Roy,Lost,2500,chf,2025-11-02\n"


@BOTH
def test_a_column_of_currency_codes_under_a_name_no_preset_knows_is_read_by_a_named_rule(tmp_path, batched):
    """"The file names no currency" was said of a file whose column of currency codes was merely not mapped; then
    it was named and asked about, twice, and its amounts still stored in USD."""
    prep = prepared(tmp_path, UNREAD, batched)
    assert [row[2] for row in stored(prep)] == ["EUR", "CHF"]
    assert ("The column 'Geld' is the file's only column whose every value is a currency, and every value it holds is a "
            "currency (CHF and EUR): it is read as each deal's currency.") in " ".join(prep.notes)
    assert NAMES_NONE not in prep.money_rules["currency_rule"] and prep.money_rules["currency_question"] is None
    # Left unread by the user, it is named with how to read it, once: the rule says it, nothing more is asked.
    unread = prepared(tmp_path, UNREAD, batched, overrides={"currency": ""})
    assert unread.money_rules["currency_rule"] == (
        "The column 'Geld' names currencies (CHF and EUR) and is not read as the deals' currency: an amount that names "
        "no currency of its own is read as USD, the store's reporting currency, not in the currency that column gives "
        "it. If it gives each deal's currency, map it to Currency (on the command line: --map currency=\"Geld\").")
    assert unread.money_rules["currency_question"] is None
    assert bare_amounts_sentence(unread.currencies, "USD", None, LocaleClues())[1] is True  # the page still asks beside its choice


def test_a_column_that_is_not_all_currencies_is_not_named_as_one(tmp_path):
    text = "Deal ID,Owner,Stage,Amount,Note,Close Date\nU-1,Ann Lee,Won,1000,EUR,2025-11-01\nU-2,Bob Roy,Lost,2500,late,2025-11-02\n"
    prep = prepared(tmp_path, text, False)
    assert prep.money_rules["currency_rule"].startswith(NAMES_NONE)
    assert "'Note'" not in prep.money_rules["currency_rule"]


@pytest.mark.parametrize(("header", "unit", "code"), [
    ("Amount EUR", "EUR", "EUR"), ("EUR Amount", "EUR", "EUR"), ("Amount €", "€", "EUR"), ("€ Amount", "€", "EUR"),
    ("Betrag EUR", "EUR", "EUR"), ("Betrag in Euro", "Euro", "EUR"), ("Amount (Euro)", "Euro", "EUR"),
    ("Montant en EUR", "EUR", "EUR"), ("Montant en euros", "euros", "EUR"), ("Importe en euros", "euros", "EUR"),
    ("Valor em BRL", "BRL", "BRL"), ("Betrag TEUR", "TEUR", "EUR"), ("Betrag CHF (gerundet)", "CHF", "CHF"),
    ("Betrag Schweizer Franken", "Schweizer Franken", "CHF"), ("Amount GBP", "GBP", "GBP"),
])  # fmt: skip
def test_a_currency_written_bare_or_by_its_name_in_the_amount_header_is_its_unit(header, unit, code):
    """Only "(EUR)", "[EUR]" and "in EUR" had been read."""
    found = header_unit(header)
    assert found is not None and (found.text, found.code) == (unit, code)
    assert detect_mapping(["Deal ID", "Owner", "Stage", header, "Close Date"]).fields.get("amount") == header


@pytest.mark.parametrize("header", [
    "Amount converted to USD", "Rate EUR per USD", "Amount (USD) (in euros)", "EUR Amount USD", "Amount kr", "Amount usd",
    "Close Date", "Amount",
])  # fmt: skip
def test_a_currency_tied_to_other_words_or_beside_another_is_no_unit(header):
    assert header_unit(header) is None


@BOTH
@pytest.mark.parametrize(("header", "shown"), [("Amount EUR", "EUR"), ("EUR Amount", "EUR"), ("Betrag in Euro", "Euro"),
                                               ("Amount (Euro)", "Euro"), ("Amount €", "€")])
def test_an_amount_column_headed_with_its_currency_is_read_in_it_with_a_note(tmp_path, batched, header, shown):
    """"2 closed deals have no amount in the file": the column was not even read as the amount."""
    text = f"Deal ID,Owner,Stage,{header},Close Date\nE-1,Ann Lee,Won,1000,2025-11-01\nE-2,Bob Roy,Lost,2500,2025-11-02\n"
    prep = prepared(tmp_path, text, batched)
    assert prep.mapping.fields["amount"] == header
    assert stored(prep) == [("E-1", 1000.0, "EUR"), ("E-2", 2500.0, "EUR")]
    assert prep.money_rules["currency_rule"] == (
        f"The column '{header}' names {shown} in its header: amounts that write no currency or scale of their own are "
        "read in it ('1000' as 1,000 EUR).")
    assert not any("no amount in the file" in note for note in prep.notes)


@BOTH
def test_amount_columns_each_in_its_own_currency_are_named_not_guessed(tmp_path, batched):
    text = ("Deal ID,Owner,Stage,Amount EUR,Amount USD,Close Date\n"
            "D-1,Ann Lee,Won,1000,,2025-11-01\nD-2,Ann Lee,Won,,2000,2025-11-02\n")
    prep = prepared(tmp_path, text, batched)
    assert "amount" not in prep.mapping.fields
    assert ("'Amount EUR' and 'Amount USD' each name an amount in a currency of its own: none is read as the amount, as "
            "which holds each deal's amount cannot be told. If one column holds every deal's amount, choose it (on the "
            "command line: --map amount=\"Amount EUR\"); else export the amount as one column and its currency as "
            "another.") in prep.notes


GERMAN = ("Opportunity-Inhaber;Accountname;Opportunity-Name;Phase;Betrag;Schlusstermin;Opportunity-ID\n"
          "Jürgen Weiß;A;a;Geschlossen und gewonnen;1.234,56;31.12.2025;X1\n"
          "Anna Groß;B;b;Geschlossen und verloren;2.000,00;30.11.2025;X2\n")
ASKED = ("Its decimal commas, ';' delimiter and German headers suggest this file comes from a country that does not use "
         "USD: are its amounts really in USD? Amounts that name no currency are read as USD, the store's reporting "
         "currency: if they are in another, choose it (on the command line: --currency EUR).")


def test_the_command_line_asks_what_the_data_page_asks_with_the_flag_that_answers_it(tmp_path):
    """The page asked whether a German export's amounts were in USD; ingest printed only its currency rule."""
    path, store = tmp_path / "de.csv", str(tmp_path / "store")
    path.write_text(GERMAN, encoding="utf-8")
    said = run("ingest", str(path), "--store", store, cwd=tmp_path)
    assert said.returncode == 0, said.stderr
    assert f"{path}: {ASKED}" in said.stdout.splitlines()
    # In the page's words, the same engine sentence.
    assert page_sentence(ASKED).endswith("if they are in another, choose it in Currency of amounts that name none above.")
    unread = tmp_path / "geld.csv"
    unread.write_text(UNREAD, encoding="utf-8")
    reported = run("ingest", str(unread), "--store", store, "--map", "currency=", "--json", cwd=tmp_path)
    (report,) = json.loads(reported.stdout)["files"]
    assert report["currency_question"] is None  # the rule asks it, once
    assert '(on the command line: --map currency="Geld")' in report["currency_rule"]
    # Answered, nothing is asked.
    answered = run("ingest", str(path), "--store", str(tmp_path / "other"), "--currency", "EUR", cwd=tmp_path)
    assert "are its amounts really in" not in answered.stdout


@pytest.mark.parametrize(("header_line", "row", "said"), [
    ("Opportunity-id;Opportunity-eigenaar;Fase;Accountnaam;Bedrag;Valuta;Sluitingsdatum", "N-1;Piet de Vries;Closed Won;ACME;1.500,00;GBP;2025-12-31",
     "Every amount is in GBP, the only currency the file names."),
    ("Deal ID;Owner;Stage;EUR Amount;Close Date", "E-1;Ann Lee;Won;1000;2025-11-01",
     "The column 'EUR Amount' names EUR in its header: amounts that write no currency or scale of their own are read in it ('1000' as 1,000 EUR)."),
    ("Deal ID;Owner;Stage;Montant en euros;Close Date", "E-1;Ann Lee;Won;1000;2025-11-01",
     "The column 'Montant en euros' names euros in its header: amounts that write no currency or scale of their own are read in it ('1000' as 1,000 EUR)."),
])  # fmt: skip
def test_the_command_line_reads_the_currency_the_file_names(tmp_path, header_line, row, said):
    path = tmp_path / "deals.csv"
    path.write_text(f"{header_line}\n{row}\n", encoding="utf-8")
    result = run("ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{path}: {said}" in result.stdout.splitlines()
    assert NAMES_NONE not in result.stdout and "Not used" not in result.stdout
