"""The Data page's "Roll back to" list after a rollback: the version whose state is in effect is not offered
(it started on it, a choice that changes nothing), and a caption says which version is in effect."""

from __future__ import annotations

from tests.pages.test_page_data import data_page, fixture, texts
from winloss.ingest.pipeline import commit, prepare


def test_the_rollback_list_leaves_out_the_version_in_effect_and_says_so(store):
    for name in ("week1.csv", "week2.csv"):
        commit(store, prepare(fixture(name), name), user="ops")
    store.rollback(1, user="ops")  # version 3
    at = data_page()
    options = at.selectbox(key="rollback_target").options
    assert [option.split(" ", 2)[1] for option in options] == ["2", "0"]
    assert ("Version 1 is in effect now (version 3 rolled back to it): not offered, since rolling back to it "
            "would change nothing.") in texts(at.caption)
