"""A store version's kept facts (winloss.store_facts) say what reading the store itself says: after
every kind of change, at the version read then and at any earlier version read later, and the same
when read back from the derived folder as when first read from the tables."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss import store_facts as facts_module
from winloss.deals import data_as_of, export_day
from winloss.exchange import ExchangeRates
from winloss.profile_sources import roster_uploaded_on
from winloss.store import delta as store_module
from winloss.store.delta import Store
from winloss.store_facts import StoreFacts, store_facts

NO_QUARANTINE = pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String})


def deals(rows: list[tuple[str, str, dt.date, dt.date]]) -> pl.DataFrame:
    """Accepted rows as the pipeline hands them to the store: (id, outcome, created, close date)."""
    frame = pl.DataFrame({
        "__line": list(range(2, len(rows) + 2)),
        "opportunity_id": [r[0] for r in rows],
        "rep": ["Ann"] * len(rows),
        "stage": [r[1] for r in rows],
        "outcome": [r[1] for r in rows],
        "created_date": [r[2] for r in rows],
        "close_date": [r[3] for r in rows],
        "amount": [100.0] * len(rows),
    })
    missing = {n: pl.lit(None, t) for n, t in OPPORTUNITY_SCHEMA.items() if n not in frame.columns}
    return frame.with_columns(**missing)


def put(store: Store, name: str, frame: pl.DataFrame) -> None:
    store.commit_file(kind="opportunities", file_name=name, sha256=name, content=name.encode(), source="generic",
                      accepted=frame, quarantine=NO_QUARANTINE, rows_read=frame.height)


def put_roster(store: Store, name: str) -> None:
    roster = pl.DataFrame({"__line": [2], "rep": ["Ann"], "seller_profile": ["Challenger"], "team": [None],
                           "manager": [None], "region": [None]})
    store.commit_file(kind="roster", file_name=name, sha256=name, content=name.encode(), source="roster",
                      accepted=roster, quarantine=NO_QUARANTINE, rows_read=1)


def read_from_the_store(store: Store, is_sample: bool) -> dict[str, Any]:
    """What the app read from the store's tables for the current version before the facts were kept
    (ui.context's store facts, winloss.deals, winloss.profile_sources)."""
    first, last = (
        store.opportunities()
        .filter(pl.col("outcome") != "open")
        .select(pl.col("close_date").min(), pl.col("close_date").max().alias("last"))
        .collect()
        .row(0)
    )
    # The last upload a rollback has not undone, and the rollback in effect since it (history's In effect).
    versions = store.history().filter(pl.col("in_effect")).get_column("store_version").to_list()
    in_effect = store.manifest().filter(pl.col("store_version").is_in(versions))
    history = in_effect.filter(pl.col("action") == "ingest")
    since = history.item(-1, "store_version") if history.height else 0
    rollbacks = in_effect.filter((pl.col("action") == "rollback") & (pl.col("store_version") > since))
    return {
        "holds_deals": store.has_opportunities(),
        "first_close": first,
        "last_close": last,
        "last_upload": history.row(-1, named=True) if history.height else None,
        "rolled_back": rollbacks.row(-1, named=True) if rollbacks.height else None,
        "export_day": export_day(store, is_sample),
        "as_of": data_as_of(store, is_sample),
        "roster_uploaded": roster_uploaded_on(store),
        "currency": store.exchange_rates().reporting_currency,
        "fy_start_month": store.fiscal_year_start(),
    }


def said_by(facts: StoreFacts, is_sample: bool) -> dict[str, Any]:
    return {
        "holds_deals": facts.holds_deals,
        "first_close": facts.first_close,
        "last_close": facts.last_close,
        "last_upload": facts.last_upload,
        "rolled_back": facts.rolled_back,
        "export_day": facts.export_day(is_sample),
        "as_of": facts.data_as_of(is_sample),
        "roster_uploaded": facts.roster_uploaded,
        "currency": facts.currency,
        "fy_start_month": facts.fy_start_month,
    }


def at(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    """Uploads from now on are stamped at noon UTC on `day`."""
    monkeypatch.setattr(store_module, "now", lambda: dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))


def changes(store: Store, monkeypatch: pytest.MonkeyPatch):
    """Every kind of change a store goes through, one at a time (yields after each)."""
    yield "a new, empty store"
    at(monkeypatch, dt.date(2026, 3, 2))
    put_roster(store, "roster.csv")
    yield "a roster only"
    at(monkeypatch, dt.date(2026, 4, 1))
    put(store, "open.csv", deals([("O1", "open", dt.date(2026, 1, 5), dt.date(2026, 6, 30))]))
    yield "open deals only: no closed deal, no close span"
    at(monkeypatch, dt.date(2026, 9, 1))
    put(store, "week1.csv", deals([
        ("A", "won", dt.date(2025, 11, 3), dt.date(2026, 2, 10)),
        ("B", "lost", dt.date(2025, 12, 1), dt.date(2026, 8, 20)),
        ("C", "no_decision", dt.date(2026, 1, 9), dt.date(2026, 5, 1)),
        # A placeholder date outside the accepted window: left out of every fact, as of the pages.
        ("Z", "won", dt.date(2026, 1, 1), dt.date(9999, 12, 31)),
    ]))
    yield "closed deals, one outside the date window"
    at(monkeypatch, dt.date(2026, 10, 5))
    store.save_exchange_rates(ExchangeRates("EUR", {"USD": 0.9}))
    yield "a new reporting currency"
    store.save_fiscal_year_start(2)
    yield "a fiscal year starting in February"
    put(store, "week2.csv", deals([("D", "won", dt.date(2026, 9, 1), dt.date(2026, 9, 28))]))
    yield "a later export"
    put_roster(store, "roster2.csv")
    yield "a later roster"
    store.rollback(store.version() - 2)
    yield "the later export and roster undone"
    at(monkeypatch, dt.date(2099, 1, 1))
    put(store, "future.csv", deals([("F", "open", dt.date(2026, 10, 1), dt.date(2026, 12, 1))]))
    yield "an upload stamped after today: the export day stays today"


@pytest.mark.parametrize("is_sample", [False, True])
def test_the_facts_say_what_the_store_says_after_every_change(tmp_path, monkeypatch, is_sample: bool) -> None:
    store = Store(tmp_path / "store")
    seen: dict[int, dict[str, Any]] = {}
    for change in changes(store, monkeypatch):
        version = store.version()
        expected = read_from_the_store(store, is_sample)
        assert said_by(store_facts(store, version), is_sample) == expected, change
        # Read back from the derived folder (no table read), the same.
        with monkeypatch.context() as patch:
            patch.setattr(facts_module, "_read_facts", lambda *_: pytest.fail("the kept facts were not read"))
            assert said_by(store_facts(store, version), is_sample) == expected, change
        seen[version] = expected
    assert len(seen) == 10 and (tmp_path / "store" / "_derived").is_dir()
    # Every earlier version read afresh afterwards (nothing kept) says what it said when it was current.
    for version, expected in seen.items():
        shutil.rmtree(tmp_path / "store" / "_derived", ignore_errors=True)
        assert said_by(store_facts(store, version), is_sample) == expected, version


def test_after_a_rollback_the_last_upload_is_the_last_one_in_effect_and_the_rollback_is_kept(tmp_path, monkeypatch) -> None:
    """After a rollback the Overview named the undone upload as the last one."""
    store = Store(tmp_path / "store")
    put(store, "week1.csv", deals([("A", "won", dt.date(2025, 11, 3), dt.date(2026, 2, 10))]))  # v1
    put(store, "week2.csv", deals([("B", "lost", dt.date(2025, 12, 1), dt.date(2026, 8, 20))]))  # v2
    store.save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))  # v3
    store.rollback(1)  # v4
    facts = store_facts(store, store.version())
    assert facts.last_upload is not None and facts.rolled_back is not None
    assert (facts.last_upload["file_name"], facts.last_upload["store_version"]) == ("week1.csv", 1)
    assert (facts.rolled_back["rolled_back_to"], facts.rolled_back["store_version"]) == (1, 4)
    store.rollback(0)  # v5: no upload in effect
    facts = store_facts(store, store.version())
    assert facts.last_upload is None and facts.rolled_back is not None and facts.rolled_back["store_version"] == 5
    put(store, "week3.csv", deals([("C", "won", dt.date(2026, 1, 3), dt.date(2026, 3, 10))]))  # v6
    facts = store_facts(store, store.version())
    assert facts.last_upload is not None and facts.last_upload["file_name"] == "week3.csv" and facts.rolled_back is None


def test_an_empty_store_holds_nothing_and_gets_no_folder(tmp_path) -> None:
    store = Store(tmp_path / "store")
    facts = store_facts(store, store.version())
    assert not facts.holds_deals and facts.last_upload is None and facts.currency == "USD"
    assert not (tmp_path / "store").exists()  # looking at a store never creates it


def test_facts_kept_for_another_version_are_not_read(tmp_path, monkeypatch) -> None:
    store = Store(tmp_path / "store")
    put(store, "week1.csv", deals([("A", "won", dt.date(2025, 11, 3), dt.date(2026, 2, 10))]))
    first = store_facts(store, store.version())
    put(store, "week2.csv", deals([("B", "lost", dt.date(2025, 12, 1), dt.date(2026, 8, 20))]))
    second = store_facts(store, store.version())
    assert (first.last_close, second.last_close) == (dt.date(2026, 2, 10), dt.date(2026, 8, 20))
    kept = list((tmp_path / "store" / "_derived").glob("store_facts-*.parquet"))
    assert len(kept) == 1 and f"-v{store.version()}-" in kept[0].name  # the older version's file is gone
