"""One ingest and what every analysis page's view computes from it, and a comparison of two such results:
for tests that compute the same thing two ways (tests/test_polars_settings.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

# The generator's calendar: its last four complete quarters, and the day after its last close.
START, END, AS_OF = dt.date(2025, 10, 1), dt.date(2026, 9, 30), dt.date(2026, 10, 1)


def ingest_and_views(folder: Path) -> dict[str, Any]:
    """3,000 invented deals of 12 reps and their roster ingested into a new store in `folder`, and by name:
    each file's report, what the store holds (store_contents.stored) and the Overview's, Seller profiles',
    No decision's and Reps' views of every deal, unfiltered, and one rep's (the busiest)."""
    from sample_data.generator import roster_csv, salesforce_csv, sample_opportunities, sample_roster
    from store_contents import stored
    from winloss.deals import page_deals
    from winloss.filters import Filters, applied, size_cut_points
    from winloss.ingest.pipeline import commit, file_report, prepare
    from winloss.store.delta import Store
    from winloss.views import no_decision, overview, profiles, reps

    store = Store(folder / "store")
    result: dict[str, Any] = {}
    for name, content in (("roster.csv", roster_csv(sample_roster(12, 9))),
                          ("export.csv", salesforce_csv(sample_opportunities(3000, seed=9, n_reps=12)))):
        prepared = prepare(content, name)
        result[f"report of {name}"] = file_report(prepared)
        commit(store, prepared)
    result["stored"] = stored(store)
    deals = page_deals(store)
    filters = Filters()
    lazy = applied(deals.lazy(), filters)
    busiest = deals.group_by("rep").len().sort("len", "rep", descending=[True, False]).item(0, "rep")
    result.update({
        "overview": overview.overview(lazy, filters, START, END),
        "profiles": profiles.profiles(lazy, filters, START, END),
        "bands by amount": profiles.bands(lazy, filters, START, END, "amount", size_cut_points(deals.lazy())),
        "no decision": no_decision.no_decision(lazy, filters, START, END, AS_OF),
        "leaderboard": reps.leaderboard(lazy, filters, START, END),
        "one rep": reps.rep(lazy, busiest, filters, START, END, AS_OF),
    })
    return result


def assert_same(one: Any, other: Any, path: str = "view") -> None:
    """Fails, naming the part (`path`.field[key]…), unless `one` and `other` hold the same: frames equal
    row for row in the same order, dataclasses field by field, dicts key by key, lists and tuples item by
    item, anything else by ==."""
    if isinstance(one, pl.DataFrame):
        try:
            assert_frame_equal(one, other)
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from None
    elif dataclasses.is_dataclass(one) and not isinstance(one, type):
        for field in dataclasses.fields(one):
            assert_same(getattr(one, field.name), getattr(other, field.name), f"{path}.{field.name}")
    elif isinstance(one, dict):
        assert isinstance(other, dict) and one.keys() == other.keys(), f"{path}: keys {sorted(map(str, one))} and {sorted(map(str, other))}"
        for key in one:
            assert_same(one[key], other[key], f"{path}[{key!r}]")
    elif isinstance(one, list | tuple):
        assert type(other) is type(one) and len(other) == len(one), f"{path}: {len(one)} items and {len(other)}"
        for i, (a, b) in enumerate(zip(one, other, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    else:
        assert one == other, f"{path}: {one!r} and {other!r}"
