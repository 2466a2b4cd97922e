"""The Data page and a file stored already, uploaded again with another date order and another currency for
its amounts that name none: Commit stores it again, read so, and says which choices read it otherwise; it was
greyed as "already stored as it is", and the stored close dates and currencies stayed as first read."""

from __future__ import annotations

import datetime as dt

from test_page_data import commit, commit_button, data_page, key_of, texts, upload
from test_stored_again_read_otherwise import EXPORT

from winloss.ingest.pipeline import commit as commit_file
from winloss.ingest.pipeline import prepare
from winloss.store.delta import Store


def test_a_file_stored_already_is_committed_again_with_another_date_order_and_currency(store: Store):
    commit_file(store, prepare(EXPORT.encode(), "export.csv"))
    content = EXPORT.encode()
    at = upload(data_page(), ("export.csv", content))
    assert commit_button(at, content).disabled
    key = key_of(content)
    at.selectbox(key=f"dates_{key}").set_value(True).run()
    at.selectbox(key=f"currency_{key}").set_value("EUR").run()
    assert not at.exception, [e.value for e in at.exception]
    assert ("with another date order and currency for the amounts that name none: saving it stores its rows "
            "again, as the choices made here read them.") in texts(at.info)
    assert not commit_button(at, content).disabled
    commit(at, content)
    stored = store.opportunities().select("opportunity_id", "close_date", "currency").collect()
    assert stored.sort("opportunity_id").rows() == [("D-1", dt.date(2026, 4, 3), "EUR"), ("D-2", dt.date(2026, 6, 5), "EUR")]
