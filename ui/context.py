"""What a page works from: the store, its deals (cached by store version), the filters in the URL.

Every filter and presentation switch is bound to a URL query parameter, so the URL is the whole
state of a view: a page builds its View from it (`from_url`), the same way a shared link does.
Nothing is handed from one script to another through session state.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from ui import signin
from winloss.access import Role
from winloss.anonymise import history_labels, manifest_row_anonymised, name_pseudonyms, other_names, real_values, renamed_values
from winloss.deals import active_store, page_coded_deals, page_deals, preset_day, roster_people, uncounted_deals
from winloss.exchange import DEFAULT_REPORTING_CURRENCY
from winloss.ingest import scratch
from winloss.filters import (
    DEFAULT_PRESET,
    Filters,
    Presentation,
    applied,
    blank_choices,
    date_range,
    default_preset,
    default_range_words,
    from_query,
    in_force,
    options,
    presentation_from_query,
    READ_PARAMS,
)
from winloss.regions import region_differences, region_rule_sentence
from winloss.store.delta import Store
from winloss.store_facts import StoreFacts, store_facts
from winloss.views.common import ChartView, chart_view


@dataclass(frozen=True)
class Source:
    """Which deals the numbers are computed from: a store version, names as shown. Hashable: part
    of every number cache's key, with the filters and the date range."""

    uri: str
    version: int
    anonymise: bool


@dataclass(frozen=True)
class View:
    """One page run's view of the data."""

    store: Store  # the customer's store: uploads, edits and rollbacks go here
    measured: Store  # the store the charts measure: the customer's, or the sample
    is_sample: bool
    source: Source  # the measured store's version and whether names are anonymised
    filters: Filters
    presentation: Presentation  # presenter mode, anonymised names, hidden amounts: never in a number cache
    start: dt.date
    end: dt.date
    today: dt.date  # the day date presets count from (winloss.deals.preset_day)
    last_upload: dict | None
    as_of: dt.date  # the day the data describes: open and at-risk deals are judged as of it
    currency: str = DEFAULT_REPORTING_CURRENCY  # the reporting currency every amount is in
    first_close: dt.date | None = None  # the data's first close date (StoreFacts.first_close): None with none
    # The visitor's role (winloss.access; ui.signin): a note on deals no exchange rate converts tells one
    # who may add rates where, and anyone else whom to ask. None: no role known, so whom to ask.
    role: Role | None = None
    rolled_back: dict | None = None  # the rollback since the last upload in effect (StoreFacts.rolled_back)
    last_export: dict | None = None  # the export the numbers come from, when a later upload is last (StoreFacts.last_export)
    # The month the store's fiscal year starts in (Loaded.fy_start_month): `filters` may hold another a link chose.
    stored_fy_start_month: int = 1
    # Why the range is not the usual default, when the view opened on the store's other default
    # (winloss.filters.default_range_words): said in the range's caption. None otherwise.
    default_words: str | None = None
    default_period: str = DEFAULT_PRESET  # the range the store opens on unchosen (default_period)

    @property
    def version(self) -> int:
        return self.source.version

    @property
    def chart_view(self) -> ChartView:
        """What every chart of the page draws, as its CSV states it and its file's name says it
        (views.common.ChartView): the close-date range, the filters and win-rate definition in force,
        whether names are anonymised, the reporting currency."""
        return chart_view(self.filters, self.start, self.end, self.source.anonymise, self.currency)

    @property
    def key(self) -> tuple[Source, Filters, dt.date, dt.date]:
        """What every number on a page depends on: the arguments of the ui.numbers caches."""
        return self.source, self.filters, self.start, self.end

    @property
    def all_deals(self) -> pl.DataFrame:
        """Every deal (anonymised when asked), with size_band, as text: read when a page first
        lists deals, not for the numbers (those come from the coded deals)."""
        return cached_deals(self.source.uri, self.source.version, self.source.anonymise)

    @property
    def deals(self) -> pl.LazyFrame:
        """Deals after the dimension filters (region, segment, ...); views apply the date range."""
        return applied(self.all_deals.lazy(), self.filters)


@st.cache_resource(max_entries=6, show_spinner="Loading deals…")
def cached_deals(uri: str, version: int, anonymise: bool) -> pl.DataFrame:
    """All deals of one store version; shared by every session (never copied per rerun)."""
    return page_deals(Store(uri), anonymise=anonymise)


def deals_of(source: Source, filters: Filters) -> pl.LazyFrame:
    """The deals of `source` after the dimension filters."""
    return applied(cached_deals(source.uri, source.version, source.anonymise).lazy(), filters)


@st.cache_resource(max_entries=6, show_spinner="Loading deals…")
def coded_deals_of(uri: str, version: int, anonymise: bool) -> pl.DataFrame:
    """All deals of one store version coded (winloss.deals.page_coded_deals: outcome an Enum, grouping
    columns Categorical); shared by every session. Read from the store's derived folder when kept
    there, without the text frame."""
    return page_coded_deals(Store(uri), version, anonymise)


def view_deals_of(source: Source, filters: Filters) -> pl.LazyFrame:
    """The deals the views compute on: `deals_of`, coded (outcome an Enum, grouping columns
    Categorical), which the views filter and group by far faster than text and give back as text."""
    return applied(coded_deals_of(source.uri, source.version, source.anonymise).lazy(), filters)


@st.cache_data(max_entries=16, show_spinner=False)
def uncounted_of(uri: str, version: int, anonymise: bool) -> list[str]:
    """The sentences every page says of the stored deals it leaves out for want of an outcome
    (winloss.deals.uncounted_deals), per store version; with names anonymised, without their stages.
    Plain text: the banner escapes it."""
    uncounted = uncounted_deals(Store(uri), version)
    return uncounted.anonymised_sentences if anonymise else uncounted.page_sentences


@st.cache_data(max_entries=16, show_spinner=False)
def region_rule_of(uri: str, version: int) -> str | None:
    """The sentence said where regions are shown when deals' own Region differs from their rep's roster
    region (winloss.regions.region_rule_sentence), per store version; None when none does. Plain text."""
    return region_rule_sentence(region_differences(Store(uri), version))


def region_rule(source: Source) -> str | None:
    """`region_rule_of` the measured store (the sample's too: its deals are placed by the same rule)."""
    return region_rule_of(source.uri, source.version)


def uncounted_sentences(loaded: Loaded) -> list[str]:
    """`uncounted_of` the measured store; none for the bundled sample."""
    return [] if loaded.is_sample else uncounted_of(loaded.source.uri, loaded.source.version, loaded.source.anonymise)


@st.cache_data(max_entries=16, show_spinner=False)
def filter_options(source: Source) -> dict[str, list[str]]:
    """The values each sidebar filter offers, per store version: not found again on every rerun.
    From the coded deals, whose distinct values are a small dictionary rather than a million strings."""
    return options(coded_deals_of(source.uri, source.version, source.anonymise), _real_names(source))


@st.cache_data(max_entries=16, show_spinner=False)
def filter_blanks(source: Source) -> dict[str, str]:
    """The label of each people filter's blank choice ("No coach"; "(No coach)" where a coach is named
    "No coach": winloss.filters.blank_choices), per store version, the same whether names are anonymised."""
    return blank_choices(coded_deals_of(source.uri, source.version, source.anonymise), _real_names(source))


def _real_names(source: Source) -> dict[str, dict[str, str]] | None:
    """With names anonymised, column -> {real name: pseudonym} (`pseudonyms_of`): the names a blank choice's
    label reads as none of, so it is the same label in both namings; None with names shown."""
    return pseudonyms_of(source.uri, source.version) if source.anonymise else None


@st.cache_data(max_entries=6, show_spinner=False)
def pseudonyms_of(uri: str, version: int) -> dict[str, dict[str, str]]:
    """Column -> {real name: pseudonym} of one store version (winloss.anonymise.name_pseudonyms), and
    of the teams, regions, segments and products naming someone (renamed_values): read from the real
    names only when a link names someone in the other naming."""
    store = Store(uri)
    frame = page_deals(store, version)
    named = name_pseudonyms(frame, roster_people(store, version))
    return {**named, **renamed_values(frame, named)}


@st.cache_data(max_entries=6, show_spinner=False)
def real_values_of(uri: str, version: int) -> dict[str, dict[str, str]]:
    """"stage" and "loss_reason" -> {value as the anonymised deals spell it: the real value} of one store
    version's deals (winloss.anonymise.real_values): how the no-decision settings find their deals with
    names anonymised."""
    return real_values(page_deals(Store(uri), version), pseudonyms_of(uri, version))


@st.cache_data(max_entries=6, show_spinner=False)
def history_labels_of(uri: str, version: int) -> dict[str, dict[str, str]]:
    """The neutral labels of the files and users the store's history names (winloss.anonymise.history_labels),
    per store version: what a page names them by with names anonymised."""
    return history_labels(Store(uri).history())


def names_elsewhere(source: Source) -> dict[str, dict[str, str]]:
    """Column -> {a rep's or manager's name in the naming `source` does not show: the name it shows}
    (winloss.anonymise.other_names): a link made with names anonymised finds its people with them
    shown, and the other way round."""
    return other_names(pseudonyms_of(source.uri, source.version), source.anonymise)


@st.cache_resource(show_spinner=False)
def stale_upload_folders_removed() -> int:
    """Once per server process: the temporary folders of uploads a killed process left behind,
    deleted once a day old (winloss.ingest.scratch); how many were."""
    return scratch.stale_folders_removed()


@st.cache_resource(show_spinner="Preparing the sample data…")
def _sample_ready(uri: str) -> bool:
    """Builds the sample store once per server process (the first visit on a new machine)."""
    active_store(Store(uri))
    return True


@dataclass(frozen=True)
class Loaded:
    """The measured store, before the filters are known; its deals are read on first use."""

    store: Store
    measured: Store
    is_sample: bool
    source: Source
    # The month the customer's store's fiscal year starts in (Store.fiscal_year_start, read once per store
    # version with its facts): the quarters of every page a link does not give fy= to, the sample's too.
    fy_start_month: int = 1

    @property
    def frame(self) -> pl.DataFrame:
        """Every deal as text (`cached_deals`)."""
        return cached_deals(self.source.uri, self.source.version, self.source.anonymise)

    @property
    def coded(self) -> pl.DataFrame:
        """Every deal coded (`coded_deals_of`): what the numbers, the sidebar's options and the
        banners read, so a page that lists no deals never reads the text frame."""
        return coded_deals_of(self.source.uri, self.source.version, self.source.anonymise)


def load(anonymise: bool, store: Store | None = None) -> Loaded:
    """The store to measure (the sample until real deals arrive).

    Whether the store holds deals comes from its version's facts (`version_facts`), so a rerun, and
    a fresh server that finds them kept, reads only the store's version, not its deals.
    """
    store = store or Store()
    version = store.version()
    facts = version_facts(store.uri, version) if version > 0 else None
    holds_deals = facts is not None and facts.holds_deals
    if not holds_deals:
        _sample_ready(store.uri)
    measured, is_sample = active_store(store, holds_deals)
    return Loaded(store, measured, is_sample, Source(measured.uri, measured.version() if is_sample else version, anonymise),
                  facts.fy_start_month if facts is not None else 1)


@st.cache_data(max_entries=16, show_spinner=False)
def version_facts(uri: str, version: int) -> StoreFacts:
    """What a store version says of itself (winloss.store_facts): read once per version and process,
    not on every rerun, and kept beside a local store for the next process."""
    return store_facts(Store(uri), version)


def facts_of(loaded: Loaded) -> StoreFacts:
    """The measured store version's facts (`version_facts`)."""
    return version_facts(loaded.source.uri, loaded.source.version)


def reporting_currency(loaded: Loaded) -> str:
    """The measured store's reporting currency (ISO 4217), read once per store version."""
    return facts_of(loaded).currency


@st.cache_data(max_entries=16, show_spinner=False)
def default_preset_of(source: Source, reference: dt.date, fy_start_month: int, as_of: dt.date) -> str:
    """winloss.filters.default_preset of the store's every deal, per store version and fiscal year."""
    return default_preset(coded_deals_of(source.uri, source.version, source.anonymise).lazy(), reference,
                          fy_start_month, as_of)


def default_period(loaded: Loaded, fy_start_month: int | None = None) -> str:
    """The range a view of `loaded` opens on when neither the link nor the sidebar chose one
    (winloss.filters.default_preset), with quarters of `fy_start_month` (None: the URL's, else the store's):
    the sidebar's Close date shows it, and a page built from a URL with no period uses it."""
    if fy_start_month is None:
        fy_start_month = from_query(url_params(), loaded.fy_start_month).fy_start_month
    facts = facts_of(loaded)
    as_of = facts.data_as_of(loaded.is_sample)
    today = preset_day(facts.export_day(loaded.is_sample), facts.last_close, fy_start_month, as_of)
    return default_preset_of(loaded.source, today, fy_start_month, as_of)


def build(filters: Filters, presentation: Presentation, loaded: Loaded, default: str = DEFAULT_PRESET) -> View:
    """The view of `loaded` under these filters: the date range resolved against the data's own day, and a
    filter selecting every value the sidebar offers dropped (winloss.filters.in_force), so its numbers,
    its Filtered line and the review's files are those of no filter. `default`: the range the view opens
    on unchosen (default_period); a view on it that is not the usual one says why in its caption."""
    filters = in_force(filters, filter_options(loaded.source), filter_blanks(loaded.source))
    facts = facts_of(loaded)
    as_of = facts.data_as_of(loaded.is_sample)
    today = preset_day(facts.export_day(loaded.is_sample), facts.last_close, filters.fy_start_month, as_of)
    words = default_range_words(default, today, filters.fy_start_month, as_of) if filters.preset == default else None
    start, end = date_range(filters, today, (facts.first_close, facts.last_close), as_of)
    # The last upload's file is named on the page: with names anonymised, by the label the History gives it.
    labels = history_labels_of(loaded.source.uri, loaded.source.version) if loaded.source.anonymise else None
    last_upload = manifest_row_anonymised(facts.last_upload, labels) if labels is not None else facts.last_upload
    last_export = manifest_row_anonymised(facts.last_export, labels) if labels is not None else facts.last_export
    return View(
        loaded.store, loaded.measured, loaded.is_sample, loaded.source, filters, presentation,
        start, end, today, last_upload, as_of, facts.currency, facts.first_close, rolled_back=facts.rolled_back,
        last_export=last_export, stored_fy_start_month=loaded.fy_start_month, default_words=words,
        default_period=default,
    )


# The query parameters the sidebar's widgets are bound to (their widget keys are the same names): the
# ones the filters are read from (winloss.filters.READ_PARAMS), one list, so a parameter added there
# is bound here too.
BOUND = READ_PARAMS


def _as_param(value: object) -> list[str]:
    if isinstance(value, bool):
        return ["true"] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    return [] if value is None else [str(value)]


def url_params() -> dict[str, list[str]]:
    """The query parameters of this run: the URL, with each bound widget's value as it is now.

    A widget changed in this run has not reached the URL's copy on the server yet when the page
    runs; its own value (under the parameter's name) is what the URL is about to say.
    """
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    for key in BOUND:
        if key in st.session_state:
            params[key] = _as_param(st.session_state[key])
    return {k: v for k, v in params.items() if v}


def presentation_from_url() -> Presentation:
    return presentation_from_query(url_params())


def from_url() -> View:
    """The view the URL describes: what every page draws (dashboard.py's bound widgets write it)."""
    params = url_params()
    presentation = presentation_from_query(params)
    loaded = load(presentation.anonymize)
    # The store's fiscal year unless the link gives another (fy=), as the sidebar's Settings show it.
    filters = from_query(params, loaded.fy_start_month)
    # A range the link or the sidebar chose wins; else the store's default (the sidebar's Close date shows it).
    default = default_period(loaded, filters.fy_start_month)
    if "period" not in params:
        filters = filters.replace(preset=default)
    view = build(filters, presentation, loaded, default)
    return dataclasses.replace(view, role=signin.access().role)
