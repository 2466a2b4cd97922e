"""What every page works from: the store, the deals (cached by store version), the filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from winloss.anonymise import anonymised
from winloss.deals import active_store, data_as_of, deals, preset_day
from winloss.filters import Filters, applied, date_range, size_cut_points, with_size_band
from winloss.store import Store


@dataclass(frozen=True)
class View:
    """One rerun's view of the data; pages read it with `current()`."""

    store: Store  # the customer's store: uploads, edits and rollbacks go here
    measured: Store  # the store the charts measure: the customer's, or the sample
    is_sample: bool
    version: int  # of the measured store; part of every cache key
    all_deals: pl.DataFrame  # every deal (anonymised when the filters say so), with size_band
    filters: Filters
    start: dt.date
    end: dt.date
    today: dt.date  # the day date presets count from (winloss.deals.preset_day)
    last_upload: dict | None
    as_of: dt.date  # the day the data describes: open and at-risk deals are judged as of it

    @property
    def deals(self) -> pl.LazyFrame:
        """Deals after the dimension filters (region, segment, ...); metrics apply the date range."""
        return applied(self.all_deals.lazy(), self.filters)

    @property
    def cache_key(self) -> tuple:
        return (self.measured.uri, self.version, self.filters, self.start, self.end)


@st.cache_resource(max_entries=6, show_spinner="Loading deals…")
def _cached_deals(uri: str, version: int, anonymise: bool) -> pl.DataFrame:
    """All deals of one store version; shared by every session (never copied per rerun)."""
    frame = deals(Store(uri))
    if anonymise:
        frame = anonymised(frame)
    cuts = size_cut_points(frame.lazy())
    return with_size_band(frame.lazy(), cuts).collect()


@st.cache_resource(show_spinner="Preparing the sample data…")
def _sample_ready(uri: str) -> bool:
    """Builds the sample store once per server process (the first visit on a new machine)."""
    active_store(Store(uri))
    return True


@dataclass(frozen=True)
class Loaded:
    """The measured store and its deals, before the filters are known."""

    store: Store
    measured: Store
    is_sample: bool
    version: int
    frame: pl.DataFrame


def load(anonymise: bool, store: Store | None = None) -> Loaded:
    """The store to measure (the sample until real deals arrive) and all its deals."""
    store = store or Store()
    _sample_ready(store.uri)
    measured, is_sample = active_store(store)
    version = measured.version()
    return Loaded(store, measured, is_sample, version, _cached_deals(measured.uri, version, anonymise))


@dataclass(frozen=True)
class _StoreFacts:
    as_of: dt.date
    last_upload: dict | None
    first_close: dt.date | None
    last_close: dt.date | None


@st.cache_data(max_entries=16, show_spinner=False)
def _store_facts(uri: str, version: int, is_sample: bool) -> _StoreFacts:
    """What a store version says of itself; read once per version, not on every rerun."""
    store = Store(uri)
    first, last_close = (
        store.opportunities(version)
        .filter(pl.col("outcome") != "open")
        .select(pl.col("close_date").min().alias("first"), pl.col("close_date").max().alias("last"))
        .collect()
        .row(0)
    )
    history = store.manifest().filter(pl.col("action") == "ingest")
    last = history.row(-1, named=True) if history.height else None
    return _StoreFacts(data_as_of(store, is_sample), last, first, last_close)


def build(filters: Filters, loaded: Loaded | None = None) -> View:
    """The view for this rerun, from the filters the sidebar produced."""
    loaded = loaded or load(filters.anonymize)
    facts = _store_facts(loaded.measured.uri, loaded.version, loaded.is_sample)
    today = preset_day(facts.as_of, facts.last_close, filters.fy_start_month)
    start, end = date_range(filters, today, (facts.first_close, facts.last_close))
    view = View(
        loaded.store, loaded.measured, loaded.is_sample, loaded.version, loaded.frame, filters, start, end, today,
        facts.last_upload, facts.as_of,
    )
    st.session_state["_view"] = view
    return view


def current() -> View:
    """The view dashboard.py built for this rerun."""
    view = st.session_state.get("_view")
    if view is None:  # a page opened on its own (tests): build from the URL
        from winloss.filters import from_query

        view = build(from_query({k: st.query_params.get_all(k) for k in st.query_params.keys()}))
    return view
