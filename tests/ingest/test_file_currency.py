"""The currency of one file's amounts that name none, chosen for that file: a French export's
"125 000,00" was stored as 125,000 USD (the store's reporting currency) with nothing to say otherwise
but editing the export or changing the reporting currency for every file."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from command_line import run

from winloss.deals import deals
from winloss.exchange import unconverted
from winloss.ingest.currency_changes import currency_changes
from winloss.ingest.hints import page_sentence
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store

FRENCH = Path(__file__).parent.parent / "fixtures" / "money" / "rapport_opportunites_FR.csv"
BAD_CODE = ("'XYZ' is not an ISO 4217 currency code: give the currency of the amounts that name none as one, such as "
            "EUR or GBP, or 'auto' to read them as the file says.")

# An amount that names its own currency, amounts that name none, and a converted amount that names none.
MIXED = (
    "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount,Amount (converted)\n"
    "M-1,Rosa Vidal,Closed Won,2025-03-03,USD 5,\n"
    "M-2,Rosa Vidal,Closed Won,2025-03-04,1200,1300\n"
    "M-3,Teo Park,Closed Lost,2025-03-05,800,\n"
).encode()


def currencies(prepared, column: str = "currency") -> dict[str, str | None]:
    frames = [part.collect() for part in prepared.accepted_columns(["opportunity_id", column])]
    return dict(pl.concat(frames).iter_rows())


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_a_french_exports_amounts_are_stored_in_the_currency_chosen_for_them(batched):
    read = (lambda **kw: prepare_path(FRENCH, batch_rows=20, **kw)) if batched else (
        lambda **kw: prepare(FRENCH.read_bytes(), FRENCH.name, **kw))
    as_file_says = read()
    assert set(currencies(as_file_says).values()) == {"USD"}  # the store's reporting currency, as before
    chosen = read(file_currency="EUR")
    assert (chosen.rows_accepted, chosen.rows_quarantined, chosen.file_currency) == (95, 0, "EUR")
    assert set(currencies(chosen).values()) == {"EUR"}
    assert chosen.money_rules["currency_rule"] == (
        "The file names no currency, in a column or with its amounts: amounts that name no currency are read as EUR, as chosen.")
    # Typed as a person types it: the code is read in capitals.
    assert set(currencies(read(file_currency=" eur ")).values()) == {"EUR"}


@pytest.mark.parametrize("batched", [False, True], ids=["whole file", "in batches"])
def test_an_amounts_own_currency_is_kept_and_a_converted_amount_stays_in_the_reporting_currency(tmp_path, batched):
    path = tmp_path / "mixed.csv"
    path.write_bytes(MIXED)
    p = (prepare_path(path, reporting_currency="GBP", file_currency="EUR", batch_rows=1) if batched
         else prepare(MIXED, "mixed.csv", reporting_currency="GBP", file_currency="EUR"))
    assert currencies(p) == {"M-1": "USD", "M-2": "EUR", "M-3": "EUR"}
    assert currencies(p, "converted_currency")["M-2"] == "GBP"
    rule = p.money_rules["currency_rule"]
    assert "Value figures use 'Amount (converted)' in GBP (it names no currency: read as the store's reporting currency)" in rule
    assert rule.endswith("USD is the only currency the file names; an amount whose row names no currency is read as EUR, as chosen.")
    # Without the choice, an amount that names none is in the file's one currency, as before.
    assert currencies(prepare_path(path, reporting_currency="GBP")) == {"M-1": "USD", "M-2": "USD", "M-3": "USD"}


def test_amounts_that_name_none_among_several_currencies_are_stored_in_the_one_chosen():
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount,Currency\n"
        "S-1,Rosa Vidal,Closed Won,2025-03-03,100,EUR\n"
        "S-2,Rosa Vidal,Closed Won,2025-03-04,200,GBP\n"
        "S-3,Teo Park,Closed Lost,2025-03-05,300,\n"
    ).encode()
    assert prepare(content, "several.csv").rows_quarantined == 1  # which of the two? nothing says
    p = prepare(content, "several.csv", file_currency="CHF")
    assert currencies(p) == {"S-1": "EUR", "S-2": "GBP", "S-3": "CHF"}
    assert p.money_rules["currency_rule"] == (
        "Each amount's currency is read from the column 'Currency' (EUR, GBP); an amount whose row names no currency is read as CHF, as chosen.")


SEVERAL = (
    "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount,Currency\n"
    "S-1,Rosa Vidal,Closed Won,2025-03-03,100,EUR\n"
    "S-2,Rosa Vidal,Closed Won,2025-03-04,200,GBP\n"
    "S-3,Teo Park,Closed Lost,2025-03-05,300,\n"
).encode()
# What the reason of such a row says to do once the currency can be chosen for the file: each surface its own control.
CHOOSE_CLI = "or, if every amount that names none is in one currency, choose it for the file (on the command line: --currency CODE)."
CHOOSE_PAGE = "or, if every amount that names none is in one currency, choose it for the file in Currency of amounts that name none above."


def test_the_reason_of_an_amount_that_names_none_among_several_currencies_says_to_choose_the_files_currency():
    """Its reason said only to fill in the currency column, row by row, though the currency can be chosen
    for every amount of the file that names none: the Data page's choice, or --currency on the command line."""
    (reason,) = prepare(SEVERAL, "several.csv").quarantine.get_column("reason").to_list()
    assert reason == f"Amount '300' names no currency and the file holds amounts in several: fill in Currency with its code, {CHOOSE_CLI}"
    assert page_sentence(reason).endswith(f"its code, {CHOOSE_PAGE}") and "--currency" not in page_sentence(reason)
    # Beside a unit several currencies share ("kr"), the choice settles it too.
    shared = ("Opportunity ID,Opportunity Owner,Stage,Close Date,Amount\n"
              "K-1,Rosa Vidal,Closed Won,2025-03-03,5 000 kr\nK-2,Teo Park,Closed Lost,2025-03-05,700\n").encode()
    reasons = dict(prepare(shared, "shared.csv").quarantine.select("line", "reason").iter_rows())
    assert reasons[3].startswith("Amount '700' names no currency and other amounts") and reasons[3].endswith(CHOOSE_CLI)
    assert currencies(prepare(shared, "shared.csv", file_currency="SEK")) == {"K-2": "SEK"}


def test_a_code_that_is_no_currency_rejects_the_file_in_one_sentence(tmp_path):
    from winloss.ingest.file_currency import file_currency_choice

    p = prepare(FRENCH.read_bytes(), FRENCH.name, file_currency="XYZ")
    assert p.rejected == BAD_CODE and p.rows_accepted == 0
    path = tmp_path / "mixed.csv"
    path.write_bytes(MIXED)
    assert prepare_path(path, file_currency="XYZ").rejected == BAD_CODE
    with pytest.raises(ValueError, match="'EURO' is not an ISO 4217 currency code"):
        file_currency_choice("EURO")
    assert file_currency_choice("auto") is None and file_currency_choice("") is None and file_currency_choice("jpy") == "JPY"


def test_the_command_line_takes_the_currency_and_refuses_a_bad_code(tmp_path):
    store = tmp_path / "store"
    refused = run("ingest", str(FRENCH), "--currency", "XYZ", "--store", str(store), cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith(f"--currency: {BAD_CODE}")
    assert not store.exists()
    stored = run("ingest", str(FRENCH), "--currency", "EUR", "--store", str(store), "--json", cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    (report,) = json.loads(stored.stdout)["files"]
    assert report["currency_rule"].endswith("amounts that name no currency are read as EUR, as chosen.")
    frame = deals(Store(store))
    assert frame.get_column("exported_currency").unique().to_list() == ["EUR"]
    # Not silently summed with dollars: no rate to USD yet, so every deal is left out of value figures.
    assert unconverted(frame, "USD").currencies == ("EUR",)


def test_the_command_line_says_to_give_the_currency_of_amounts_that_name_none_among_several(tmp_path):
    path, store = tmp_path / "several.csv", str(tmp_path / "store")
    path.write_bytes(SEVERAL)
    result = run("ingest", str(path), "--store", store, cwd=tmp_path)
    (line,) = [line for line in result.stdout.splitlines() if "line 4:" in line]
    assert line.endswith(f"fill in Currency with its code, {CHOOSE_CLI}") and "above" not in line
    quarantined = next((tmp_path / "store-quarantine").glob("several-*.quarantine.csv")).read_text()
    assert CHOOSE_CLI in quarantined
    stored = run("ingest", str(path), "--currency", "CHF", "--store", store, cwd=tmp_path)  # as the reason says
    assert stored.returncode == 0, stored.stderr
    assert deals(Store(store)).filter(pl.col("opportunity_id") == "S-3").get_column("exported_currency").to_list() == ["CHF"]


def test_the_rule_for_a_file_that_names_none_says_how_to_choose_its_currency():
    rule = prepare(FRENCH.read_bytes(), FRENCH.name).money_rules["currency_rule"]
    assert "If they are in another, choose it for this file (on the command line: --currency EUR), map the column" in rule
    assert "choose it for this file in Currency of amounts that name none above, map the column" in page_sentence(rule)


def test_the_sentence_beside_the_choice_asks_when_the_file_looks_exported_where_the_reporting_currency_is_not_used():
    from winloss.ingest.file_currency import LocaleClues, bare_amounts_sentence
    from winloss.ingest.mapping import header_language

    p = prepare(FRENCH.read_bytes(), FRENCH.name)
    assert header_language(p.table.columns) == "fr"
    assert p.currencies is not None and p.currencies.bare
    clues = LocaleClues(decimal_comma=True, delimiter=";", language="fr")
    said, asks = bare_amounts_sentence(p.currencies, "USD", None, clues)
    assert asks and said == (
        "Its decimal commas, ';' delimiter and French headers suggest this file comes from a country that does not use "
        "USD: are its amounts really in USD? Amounts that name no currency are read as USD, the store's reporting "
        "currency: if they are in another, choose it (on the command line: --currency EUR).")
    # In a store reporting in euros, the same file asks nothing; chosen, it says so.
    assert bare_amounts_sentence(p.currencies, "EUR", None, clues) == (
        "Amounts that name no currency are read as EUR, the store's reporting currency: if they are in another, choose "
        "it (on the command line: --currency EUR).", False)
    assert bare_amounts_sentence(p.currencies, "USD", "EUR", clues) == (
        "Amounts that name no currency are read as EUR, as chosen.", False)
    # Spanish headers alone do not ask in dollars (it is spoken where the dollar is the currency).
    assert LocaleClues(language="es").against("USD") == [] and LocaleClues(language="es").against("GBP") == ["Spanish headers"]
    # Every amount naming its currency: nothing to choose.
    named = prepare(b"Opportunity ID,Sales Rep,Stage,Close Date,Amount\nA,Ann,Closed Won,2025-03-01,EUR 5\n", "named.csv")
    assert named.currencies is not None and not named.currencies.bare
    assert bare_amounts_sentence(named.currencies, "USD", None, clues) is None


def test_a_deal_whose_currency_the_choice_changes_names_the_choice_as_the_cause(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(FRENCH.read_bytes(), FRENCH.name))
    changes = currency_changes(prepare(FRENCH.read_bytes(), FRENCH.name, file_currency="EUR"), store)
    assert changes is not None and changes.pairs == (("USD", "EUR", 95),)
    assert changes.sentence.startswith("95 deals stored in USD have no currency in this file and are read as EUR, as chosen ")
    assert "No column of this file is mapped to Currency: if it has a currency column, map it to Currency" in changes.sentence
