"""Currency names a currency column writes that the app does not know: a Mexican Pipedrive export's "Peso chileno"
(pycountry names it, but it is no currency values.currency_names reads), a CRM's own "Dólar de Marte". Their rows
were quarantined with no way to say what the name means; the reason told the user to leave Currency unmapped, of
no use in a file of several currencies. `--currency-name "NAME=CODE"` (the Data page's Currency names) says it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.command_line import run
from winloss.ingest.currency_names import currency_name_choices, currency_names_typed
from winloss.ingest.pipeline import commit, prepare, prepare_path
from winloss.store.delta import Store
from winloss.store.readings import read_otherwise

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "currency_names"
MEXICAN = FIXTURES / "pipedrive_mx.csv"
MARTIAN = FIXTURES / "salesforce_converted.csv"
# The same report with every deal's own amount in euros: only the converted amount's currency is unknown.
MARTIAN_CONVERTED = MARTIAN.read_text().replace("Dólar de Marte,1200000", "EUR,1200000").replace(
    "Dólar de Marte,450000", "EUR,450000")


def _currencies(prepared) -> dict[str, str]:
    return dict(prepared.accepted.select("opportunity_id", "currency").iter_rows())


def test_an_unknown_name_quarantines_its_rows_and_says_every_way_out():
    prepared = prepare(MEXICAN.read_bytes(), MEXICAN.name)
    assert _currencies(prepared) == {"4101": "MXN", "4102": "MXN", "4105": "USD"}
    reasons = set(prepared.errors.get_column("message").to_list())
    assert reasons == {
        "Trato - Moneda 'Peso chileno' is not a currency code, sign or name the app knows, and amounts in different "
        "currencies are never added together: say which currency 'Peso chileno' is (on the command line: "
        "--currency-name \"Peso chileno=CODE\"); if every deal of the file is in one currency, you may instead leave "
        "Currency unmapped (on the command line: --map currency=) and choose that currency (on the command line: "
        "--currency JPY); else export the currency column as ISO codes (USD, EUR, JPY...)."
    }


@pytest.mark.parametrize("batched", [False, True])
def test_a_name_given_its_code_is_read_as_it_and_the_report_says_so(tmp_path, batched):
    names = {"peso  CHILENO": "clp"}  # any case and spacing of the name; the code in capitals or not
    if batched:
        with prepare_path(MEXICAN, batch_rows=2, currency_names=names) as prepared:
            assert prepared.staged is not None
            currencies = {}
            for part in prepared.accepted_columns(["opportunity_id", "currency"]):
                currencies.update(dict(part.collect().iter_rows()))
            rule, reading = prepared.money_rules["currency_rule"], json.loads(prepared.reading_json)
    else:
        prepared = prepare(MEXICAN.read_bytes(), MEXICAN.name, currency_names=names)
        currencies, rule, reading = _currencies(prepared), prepared.money_rules["currency_rule"], json.loads(prepared.reading_json)
    assert prepared.errors.height == 0
    assert currencies == {"4101": "MXN", "4102": "MXN", "4103": "CLP", "4104": "CLP", "4105": "USD"}
    assert rule.endswith(" 'Peso chileno' is read as CLP in the column 'Trato - Moneda', as you set.")
    assert "(CLP, MXN, USD)" in rule
    # Kept with how the upload was read, the name as the file writes it.
    assert reading["currency_names"] == {"Peso chileno": "CLP"}


def test_a_made_up_name_in_both_currency_columns_is_read_in_both_and_said_once():
    prepared = prepare(MARTIAN.read_bytes(), MARTIAN.name, currency_names={"Dólar de Marte": "USD"})
    assert prepared.errors.height == 0
    rows = {r["opportunity_id"][:15]: (r["currency"], r["converted_amount"]) for r in prepared.accepted.iter_rows(named=True)}
    assert rows == {"0065g00000MaRs1": ("USD", 1_200_000), "0065g00000MaRs2": ("USD", 450_000),
                    "0065g00000MaRs3": ("EUR", 86_400)}
    assert prepared.money_rules["currency_rule"].endswith(
        " 'Dólar de Marte' is read as USD in the columns 'Opportunity Currency' and 'Amount (converted) Currency', as you set.")
    # A name the file does not write is not said, nor kept.
    other = prepare(MEXICAN.read_bytes(), MEXICAN.name, currency_names={"Dólar de Marte": "USD", "Peso chileno": "CLP"})
    assert json.loads(other.reading_json)["currency_names"] == {"Peso chileno": "CLP"}
    assert "Marte" not in other.money_rules["currency_rule"]


def test_the_converted_amounts_unknown_currency_says_what_works_as_the_amounts_does():
    """It said to write the three-letter code in each row: the name's meaning, or the column left unread (its
    amounts then in the reporting currency), or codes exported, as the amount's reason says."""
    prepared = prepare(MARTIAN_CONVERTED.encode(), MARTIAN.name)
    (reason,) = set(prepared.errors.get_column("message").to_list())
    assert reason == (
        "Amount (converted) Currency 'Dólar de Marte' is not a currency code, sign or name the app knows, and Amount "
        "(converted) is not read in a currency it may not be in: say which currency 'Dólar de Marte' is (on the "
        "command line: --currency-name \"Dólar de Marte=CODE\"); if every converted amount of the file is in the "
        "store's reporting currency, you may instead leave the converted amount's currency unmapped (on the command "
        "line: --map converted_currency=); else export the currency column as ISO codes (USD, EUR, JPY...)."
    )
    assert "write its three-letter" not in reason
    named = prepare(MARTIAN_CONVERTED.encode(), MARTIAN.name, currency_names={"Dólar de Marte": "USD"})
    assert named.errors.height == 0 and named.accepted.height == 3


@pytest.mark.parametrize(("pairs", "said"), [
    (["Peso chileno=CLPX"], "'CLPX' is not an ISO 4217 currency code: give the currency 'Peso chileno' stands for as "
                            "one, such as CLP, USD or EUR."),
    (["Peso chileno=XYZ"], "'XYZ' is not an ISO 4217 currency code: give the currency 'Peso chileno' stands for as one, "
                           "such as CLP, USD or EUR."),
    (["Peso chileno"], "'Peso chileno' is not a currency name and its code: write NAME=CODE, such as Peso chileno=CLP."),
    (["=CLP"], "'=CLP' is not a currency name and its code: write NAME=CODE, such as Peso chileno=CLP."),
    (["EUR=USD"], "'EUR' is a currency code already: give a meaning only to a name, such as Peso chileno=CLP."),
    (["Peso chileno=CLP", "peso chileno=MXN"], "'peso chileno' is given two currencies (CLP and MXN): give it one."),
])
def test_only_a_name_and_a_valid_iso_code_are_taken(pairs, said):
    with pytest.raises(ValueError) as raised:
        currency_name_choices(pairs)
    assert str(raised.value) == said
    # The file is not read with them: one sentence, nothing else.
    rejected = prepare(MEXICAN.read_bytes(), MEXICAN.name, currency_names={p.partition("=")[0]: p.partition("=")[2] for p in pairs})
    assert rejected.rejected is not None and rejected.accepted.height == 0


def test_the_pages_input_holds_several_names_apart():
    assert currency_names_typed(" Peso chileno = clp ; Dólar de Marte=USD\n") == {"Peso chileno": "CLP", "Dólar de Marte": "USD"}
    assert currency_names_typed("") == {}


def test_the_same_bytes_read_with_a_name_given_since_are_stored_again(tmp_path):
    store = Store(tmp_path / "store")
    first = prepare(MEXICAN.read_bytes(), MEXICAN.name)
    commit(store, first)
    again = prepare(MEXICAN.read_bytes(), MEXICAN.name, currency_names={"Peso chileno": "CLP"})
    assert read_otherwise(store.live_uploads().row(0, named=True), again.reading_json) == ("currency_names",)


def test_the_command_line_reads_the_names_and_refuses_a_bad_code_in_one_sentence(tmp_path):
    store = str(tmp_path / "store")
    bad = run("ingest", str(MEXICAN), "--currency-name", "Peso chileno=PESO", "--store", store)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().endswith("--currency-name: 'PESO' is not an ISO 4217 currency code: give the currency "
                                       "'Peso chileno' stands for as one, such as CLP, USD or EUR.")
    done = run("ingest", str(MEXICAN), "--currency-name", "Peso chileno=CLP", "--store", store, "--json")
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)["files"]
    assert report["rows_accepted"] == 5 and report["rows_quarantined"] == 0
    assert "'Peso chileno' is read as CLP in the column 'Trato - Moneda', as you set." in json.dumps(report, ensure_ascii=False)
