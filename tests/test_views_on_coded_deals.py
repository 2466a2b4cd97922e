"""The views compute on coded deals (outcome an Enum, the grouping columns Categorical: what the app
hands them, for speed) exactly what they compute on the same deals as text: every frame, tile and
number, every column as text."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from every_view import AS_OF, END, START, assert_same
from sample_data.generator import roster_csv, salesforce_csv, sample_opportunities, sample_roster
from winloss.deals import CODED_COLUMNS, coded_deals, page_coded_deals, page_deals
from winloss.exchange import unconverted
from winloss.filters import Filters, applied, options, size_cut_points
from winloss.ingest.pipeline import commit, prepare
from winloss.measures.counting import CLOSE_MONTH
from winloss.profile_sources import profile_sources
from winloss.store.delta import Store
from winloss.views import no_decision, overview, profiles, reps

FILTERS = (
    Filters(),
    Filters().with_values("region", ["EMEA"]),
    Filters(denominator="excluding_no_decision"),
    Filters(preset="custom", start=dt.date(2026, 4, 1), end=dt.date(2026, 8, 15)),
    Filters(fy_start_month=7),  # quarters counted from the coded deals' month index
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """3,000 invented deals of 12 reps and their roster, through the ordinary ingest."""
    store = Store(tmp_path_factory.mktemp("enum") / "store")
    commit(store, prepare(roster_csv(sample_roster(12, 9)), "roster.csv"))
    commit(store, prepare(salesforce_csv(sample_opportunities(3000, seed=9, n_reps=12)), "export.csv"))
    return store


@pytest.fixture(scope="module")
def text_deals(store) -> pl.DataFrame:
    return page_deals(store)


def test_the_coded_deals_hold_the_same_values(text_deals):
    coded = coded_deals(text_deals)
    assert isinstance(coded.schema["outcome"], pl.Enum)
    assert all(isinstance(coded.schema[c], pl.Categorical) for c in CODED_COLUMNS)
    assert_frame_equal(coded.drop(CLOSE_MONTH).with_columns(pl.col("outcome", *CODED_COLUMNS).cast(pl.String)),
                       text_deals)
    closes = text_deals["close_date"].to_list()
    assert coded[CLOSE_MONTH].to_list() == [None if d is None else d.year * 12 + d.month - 1 for d in closes]


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "emea", "excluding-nd", "custom-range", "july-year"])
def test_every_view_is_the_same_on_coded_deals(text_deals, filters):
    coded = coded_deals(text_deals)
    busiest = text_deals.group_by("rep").len().sort("len", "rep", descending=[True, False]).item(0, "rep")
    cuts = size_cut_points(text_deals.lazy())
    views = {
        "overview": lambda d: overview.overview(d, filters, START, END),
        "profiles": lambda d: profiles.profiles(d, filters, START, END),
        "bands by amount": lambda d: profiles.bands(d, filters, START, END, "amount", cuts),
        "bands by cycle": lambda d: profiles.bands(d, filters, START, END, "cycle"),
        "no decision": lambda d: no_decision.no_decision(d, filters, START, END, AS_OF),
        "leaderboard": lambda d: reps.leaderboard(d, filters, START, END),
        "one rep": lambda d: reps.rep(d, busiest, filters, START, END, AS_OF),
    }
    for name, view in views.items():
        text = view(applied(text_deals.lazy(), filters))
        assert text is not None
        assert_same(text, view(applied(coded.lazy(), filters)), name)


def test_the_coded_deals_kept_beside_the_store_are_the_deals_coded(store, text_deals):
    folder = store.derived_folder()
    assert folder is not None
    for kept in folder.glob("coded_deals-*.parquet"):
        kept.unlink()
    derived = page_coded_deals(store)  # derived and written
    assert len(list(folder.glob("coded_deals-*.parquet"))) == 1
    read = page_coded_deals(store)  # read back, Enum and Categorical columns included
    for frame in (derived, read):
        assert_frame_equal(frame, coded_deals(text_deals))
    assert_frame_equal(page_coded_deals(store, anonymise=True), coded_deals(page_deals(store, anonymise=True)))


@pytest.mark.parametrize("filters", FILTERS, ids=["all", "emea", "excluding-nd", "custom-range", "july-year"])
def test_what_the_frame_reads_of_the_coded_deals_is_what_it_read_of_the_text(text_deals, filters):
    # The sidebar's options and size cuts, the profile sources line and the unconverted-amounts
    # banner are read from the coded deals, so a page that lists no deal never loads the text frame.
    coded = coded_deals(text_deals)
    assert options(coded) == options(text_deals)
    assert size_cut_points(coded.lazy()) == size_cut_points(text_deals.lazy())
    assert unconverted(coded, "USD") == unconverted(text_deals, "USD")
    on_text = profile_sources(applied(text_deals.lazy(), filters), START, END)
    assert profile_sources(applied(coded.lazy(), filters), START, END) == on_text
    assert on_text.closed > 0 and on_text.roster_reps > 0
