"""The Overview's "Last upload" line names the opportunity export its numbers come from: with an export and
a roster committed together (the roster stored last), it read "Last upload: roster_2026-11-02.csv", a file
that holds no deal. It now names the export first, then the roster stored after it."""

from __future__ import annotations

import datetime as dt

from tests.test_store_facts import deals, put, put_roster
from winloss import text
from winloss.store.delta import Store
from winloss.store_facts import store_facts
from winloss.views import overview

DAY = dt.date(2026, 11, 2)
EXPORT, ROSTER = "Opportunities_report_2026-11-02.csv", "roster_2026-11-02.csv"


def line_of(store: Store) -> str:
    facts = store_facts(store, store.version())
    return overview.last_upload_line(facts.last_upload, False, DAY, escape=text.md, store_version=store.version(),
                                     export=facts.last_export)


def test_an_export_and_a_roster_stored_after_it_are_both_named_the_export_first(tmp_path) -> None:
    store = Store(tmp_path / "s")
    put(store, EXPORT, deals([("A1", "won", DAY, DAY)]))
    put_roster(store, ROSTER)
    line = line_of(store)
    assert f"Last upload: **{text.md(EXPORT)}** and roster **{text.md(ROSTER)}**, " in line
    assert "(store version 2)" in line


def test_an_export_stored_last_is_named_alone(tmp_path) -> None:
    store = Store(tmp_path / "s")
    put_roster(store, ROSTER)
    put(store, EXPORT, deals([("A1", "won", DAY, DAY)]))
    assert store_facts(store, store.version()).last_export is None
    line = line_of(store)
    assert f"Last upload: **{text.md(EXPORT)}**, " in line and "roster" not in line


def test_a_roster_alone_is_named_alone(tmp_path) -> None:
    store = Store(tmp_path / "s")
    put_roster(store, ROSTER)
    assert store_facts(store, store.version()).last_export is None
    assert f"Last upload: **{text.md(ROSTER)}**, " in line_of(store)
