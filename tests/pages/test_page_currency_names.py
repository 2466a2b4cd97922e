"""The Data page's Currency names: a Mexican Pipedrive export's "Peso chileno", a name the app does not know,
quarantined its rows with a reason naming a page control that did not exist; the page now offers one input,
NAME=CODE, that reads it as the code given, and the upload keeps it with how it was read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pages.test_page_data import commit, data_page, key_of, read_only_tables, texts, upload
from winloss.deals import deals

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "currency_names" / "pipedrive_mx.csv"


def test_a_currency_name_the_app_does_not_know_is_given_its_code_on_the_page(store):
    content = EXPORT.read_bytes()
    at = upload(data_page(), (EXPORT.name, content))
    (names,) = [t for t in at.text_input if t.key == f"names_{key_of(content)}"]
    assert names.label == "Currency names" and names.value == ""
    (failures,) = [t for t in read_only_tables(at) if "message" in t.columns]
    assert all("say which currency 'Peso chileno' is in Currency names above;" in m for m in failures["message"])
    assert not any("--currency-name" in m for m in failures["message"])
    # A code that is none: one sentence, and the file read as before.
    names.set_value("Peso chileno=PESO").run()
    assert not at.exception, [e.value for e in at.exception]
    assert ("Currency names: 'PESO' is not an ISO 4217 currency code: give the currency 'Peso chileno' stands for as "
            "one, such as CLP, USD or EUR.") in texts(at.error)
    at.text_input(key=f"names_{key_of(content)}").set_value("Peso chileno=CLP").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "'Peso chileno' is read as CLP in the column 'Trato - Moneda', as you set." in texts(at.caption)
    assert not [t for t in read_only_tables(at) if "message" in t.columns]
    at = commit(at, content)
    stored = deals(store)
    assert sorted(stored.get_column("exported_currency").to_list()) == ["CLP", "CLP", "MXN", "MXN", "USD"]
    assert json.loads(store.live_uploads().item(0, "reading"))["currency_names"] == {"Peso chileno": "CLP"}


def test_a_file_whose_currencies_are_all_known_is_offered_no_currency_names(store):
    content = EXPORT.read_bytes().replace("Peso chileno".encode(), b"CLP")
    at = upload(data_page(), (EXPORT.name, content))
    assert not [t for t in at.text_input if t.key == f"names_{key_of(content)}"]
