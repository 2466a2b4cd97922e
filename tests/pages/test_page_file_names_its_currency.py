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


def test_a_column_of_currency_codes_not_mapped_is_asked_about_in_the_pages_words(store: Store):
    at = uploaded("geld.csv", UNREAD)
    assert "The file names no currency" not in said(at.caption) + said(at.warning)
    assert ("The column 'Geld' names currencies (CHF and EUR) but is not read as the deals' currency: are the amounts "
            "that name no currency really in USD? If it gives each deal's currency, map it to Currency in Column mapping "
            "above, under Column in your file; if they are all in one currency, choose it in Currency of amounts that "
            "name none above.") in said(at.warning)
    (rule,) = [c for c in said(at.caption).splitlines() if c.startswith("**Currency:**")]
    assert rule.startswith("**Currency:** The column 'Geld' names currencies (CHF and EUR) and is not read as the deals' currency")
    assert "--map" not in rule and "--currency" not in said(at.warning)


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
