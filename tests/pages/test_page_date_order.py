"""The Data page on dates no date of a file settles: read in the order an earlier export of the same report was
read, and the warning on a deal closed before an export that had it open, which names the Date order control."""

from __future__ import annotations

from rendered import as_read
from tests.ingest.test_date_order_evidence import CLOSED_WEEK, COMMA_WEEK, OPEN_WEEK, WHOLE_WEEK
from tests.pages.test_page_data import commit, commit_button, data_page, key_of, texts, upload

from winloss.views.data_page import REOPEN_CONFIRM


def test_a_later_export_is_read_as_its_report_s_earlier_export_was(store):
    week1, week2 = COMMA_WEEK.encode(), WHOLE_WEEK.encode()
    commit(upload(data_page(), ("pipeline_2025-11-28.csv", week1)), week1)
    at = upload(data_page(), ("pipeline_2025-12-05.csv", week2))
    assert ("read as day-first (DD/MM/YYYY), as «pipeline_2025-11-28.csv», another export of this report, was read"
            in texts(at.info))
    assert not any("closed in the store" in as_read(w.value) for w in at.warning)
    assert not commit_button(at, week2).disabled


def test_a_deal_closed_before_an_export_that_had_it_open_waits_for_the_box_and_names_the_date_order(store):
    week1, week2 = OPEN_WEEK.encode(), CLOSED_WEEK.replace("R-2,", "R-9,").encode()
    commit(upload(data_page(), ("week1.csv", week1)), week1)
    at = upload(data_page(), ("week2.csv", week2))
    (warning,) = [as_read(w.value) for w in at.warning if "before that export was made" in as_read(w.value)]
    assert ("Read day-first instead, it would close after the export that had it open (closing on 3 Dec 2025): if this "
            "file's dates are day-first, choose the date order in Date order above.") in warning
    assert "on the command line" not in warning
    assert any(c.label == REOPEN_CONFIRM for c in at.checkbox) and commit_button(at, week2).disabled
    at.selectbox(key=f"dates_{key_of(week2)}").set_value(True).run()
    assert not any("before that export was made" in as_read(w.value) for w in at.warning)
    assert not commit_button(at, week2).disabled
    commit(at, week2)
    assert store.version() == 2
