"""The Data page reads a currency the file names, or asks about the one it could not read: a column of currency
codes under a name no preset knows had the page say "The file names no currency", and an amount column headed
"Betrag EUR" was read as no amount, its deals stored in USD with no amount at all."""

from __future__ import annotations

from pathlib import Path

from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import sha256_of
from winloss.store.delta import Store

ROOT = Path(__file__).resolve().parents[2]
UNREAD = b"Deal ID,Owner,Stage,Amount,Geld,Close Date\nU-1,Ann Lee,Won,1000,EUR,2025-11-01\nU-2,Bob Roy,Lost,2500,CHF,2025-11-02\n"
HEADED = "Deal ID;Owner;Stage;Betrag EUR;Close Date\nE-1;Ann Lee;Won;1.000,00;2025-11-01\nE-2;Bob Roy;Lost;2.500,00;2025-11-02\n".encode()


def uploaded(name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="uploads").set_value([(name, content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def said(elements) -> str:
    return as_read("\n".join(e.value for e in elements))


def test_a_column_of_currency_codes_under_an_unknown_name_is_read_and_stored_by_a_named_rule(store: Store):
    at = uploaded("geld.csv", UNREAD)
    assert "The file names no currency" not in said(at.caption) + said(at.warning)
    assert ("The column 'Geld' is the file's only column whose every value is a currency, and every value it holds is a "
            "currency (CHF and EUR): it is read as each deal's currency. If it is not, map the column that is to Currency, "
            "or none in Column mapping above, under Column in your file.") in said(at.caption) + said(at.info)
    assert "--map" not in said(at.caption) + said(at.info) and "names currencies" not in said(at.warning)
    at.button(key=f"commit_{sha256_of(UNREAD)[:16]}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = store.opportunities().collect().select("opportunity_id", "currency").sort("opportunity_id")
    assert stored.rows() == [("U-1", "EUR"), ("U-2", "CHF")]


def test_several_columns_of_currency_codes_hold_the_file_and_ask_which_to_map(store: Store):
    two = b"Deal ID,Owner,Stage,Amount,A,B,Close Date\nU-1,Ann Lee,Won,1000,EUR,USD,2025-11-01\nU-2,Bob Roy,Lost,2500,CHF,USD,2025-11-02\n"
    at = uploaded("two.csv", two)
    shown = said(at.error) + said(at.warning) + said(at.info)
    assert ("The columns 'A' and 'B' each hold only currencies and none is read as the deals' currency, so amounts that "
            "name no currency of their own cannot be placed and the file is not stored: map the one that gives each "
            "deal's currency to Currency in Column mapping above") in shown
    assert "Every row passed every check" not in shown + said(at.success) + said(at.caption)
    assert "names currencies" not in said(at.warning)  # said once, by the error, not again beside the currency choice
    assert not [b for b in at.button if b.key == f"commit_{sha256_of(two)[:16]}" and not b.disabled]
    assert store.opportunities().collect().height == 0


def test_an_amount_column_headed_with_its_currency_is_read_and_stored_in_it(store: Store):
    at = uploaded("betrag.csv", HEADED)
    (rule,) = [c for c in said(at.caption).splitlines() if c.startswith("**Currency:**")]
    assert rule == ("**Currency:** The column 'Betrag EUR' names EUR in its header: amounts that write no currency or "
                    "scale of their own are read in it ('1.000,00' as 1,000 EUR).")
    assert "no amount in the file" not in said(at.info)
    at.button(key=f"commit_{sha256_of(HEADED)[:16]}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    stored = store.opportunities().collect().select("opportunity_id", "amount", "currency").sort("opportunity_id")
    assert stored.rows() == [("E-1", 1000.0, "EUR"), ("E-2", 2500.0, "EUR")]
