"""Which store version is which: the Overview named its last upload's version "store version 3" while the
Data page counted "Store version 4" (a saved exchange rate since), as if the two disagreed."""

from __future__ import annotations

import datetime as dt

from winloss import text
from winloss.exchange import ExchangeRates
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.store_facts import store_facts
from winloss.version_words import store_version_words
from winloss.views import data_page, overview

EXPORT = (b"Opportunity ID,Owner,Stage,Amount,Currency,Created Date,Close Date\n"
          b"A1,Ann,Closed Won,1000,USD,2026-01-05,2026-02-01\nA2,Ann,Closed Lost,2000,EUR,2026-01-05,2026-02-03\n")


def test_the_words_name_the_current_version_and_the_uploads_apart() -> None:
    assert store_version_words(4, 3) == "store version 4; last upload stored as version 3"
    assert store_version_words(3, 3) == "store version 3"
    assert store_version_words(2) == "store version 2"


def test_the_overview_and_the_data_page_say_the_same_versions_after_a_rate_is_saved(tmp_path) -> None:
    store = Store(tmp_path / "s")
    commit(store, prepare(EXPORT, "salesforce_opps.csv"))
    uploaded = store.version()
    store.save_exchange_rates(ExchangeRates("USD", {"EUR": 1.08}), user="ops")
    current = store.version()
    assert current == uploaded + 1
    facts = store_facts(store, current)
    line = overview.last_upload_line(facts.last_upload, False, dt.date(2026, 2, 3), escape=text.md,
                                     store_version=current)
    words = f"store version {current}; last upload stored as version {uploaded}"
    assert f"({words})" in line
    assert data_page.version_sentence(store) == text.sentence(words) + "."


def test_the_data_page_says_an_empty_store_is_empty_and_repeats_no_version_its_count_shows(tmp_path) -> None:
    """Under its "Store version" count the page said "Store version 0." of an empty store, and "Store version
    1." after one upload: the count again, and nothing of what version 0 means."""
    store = Store(tmp_path / "s")
    assert data_page.version_sentence(store) == "The store is empty: nothing has been uploaded to it yet."
    commit(store, prepare(EXPORT, "salesforce_opps.csv"))
    assert data_page.version_sentence(store) is None
