"""The views, cached: each wrapper's arguments are exactly what its numbers depend on.

(store uri, version, anonymised) as a Source, the Filters, the resolved date range and, where open
deals are judged, the as-of day: so the arguments are the cache key. Presentation (presenter
mode, hidden amounts) is not an argument, except for the review, whose findings are worded without
amounts when they are hidden; the reporting currency is, where a view writes amounts. The deals are
read from a resource cache keyed by the Source, so the million-row frame is never hashed.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from data_models.vocabulary import NoDecisionVocabulary
from winloss.store.delta import Store
from ui.context import Source, coded_deals_of, deals_of, real_values_of, version_facts, view_deals_of
from winloss.filters import Filters, size_cut_points
from winloss.measures.bands import Bands
from winloss.measures.before_after import BeforeAfter
from winloss.measures.before_after import before_after as before_after_view
from winloss.views import no_decision as no_decision_view
from winloss.views import overview as overview_view
from winloss.views import profiles as profiles_view
from winloss.views import reps as reps_view
from winloss.views.common import ClosedAround, Unplaced, active_filters, closed_around
from winloss.views.common import unplaced as unplaced_view
from winloss.views import review as review_view
from winloss.views.review import Review, ReviewDays, quarterly_review
from winloss.text import DEFAULT_CURRENCY


@st.cache_data(max_entries=64, show_spinner=False)
def overview(source: Source, filters: Filters, start: dt.date, end: dt.date, currency: str,
             as_of: dt.date) -> overview_view.Overview:
    # The reasons kept lost, named under the no-decision share; the vocabulary is read only where the store keeps
    # some (its facts say so), so a fresh server draws the Overview without reading a setting.
    vocabulary, real_values = None, None
    if version_facts(source.uri, source.version).keeps_reasons_lost:
        vocabulary, _, real_values = _settings(source)
    return overview_view.overview(view_deals_of(source, filters), filters, start, end, currency, as_of,
                                  vocabulary=vocabulary, real_values=real_values)


@st.cache_data(max_entries=64, show_spinner=False)
def around(source: Source, filters: Filters, start: dt.date, end: dt.date, today: dt.date, as_of: dt.date,
           rep: str | None = None) -> ClosedAround:
    """The closed deals under these filters the range [start, end] holds and leaves out either side, and
    each preset's range holds counted from `today` (deals.preset_day) and `as_of` (views.common.closed_around),
    `rep`'s alone when given (their view): the note under the range and an empty page's advice read it."""
    deals = view_deals_of(source, filters)
    if rep is not None:
        deals = deals.filter(pl.col("rep") == rep)
    return closed_around(deals, start, end, filters.preset, today, filters.fy_start_month, as_of)


@st.cache_data(max_entries=64, show_spinner=False)
def unplaced(source: Source, filters: Filters, start: dt.date, end: dt.date, currency: str,
             rep: str | None = None) -> tuple[Unplaced, ...]:
    """The closed deals in range the filters cannot place, having no value for one (views.common.unplaced);
    `rep`'s alone when given (their view)."""
    deals = _every_deal(source)
    if rep is not None:
        deals = deals.filter(pl.col("rep") == rep)
    return unplaced_view(deals, filters, start, end, currency)


def _every_deal(source: Source) -> pl.LazyFrame:
    """Every deal of `source`, coded, before any filter: what the views count the deals a filter cannot place in."""
    return coded_deals_of(source.uri, source.version, source.anonymise).lazy()


@st.cache_data(max_entries=64, show_spinner=False)
def profiles(source: Source, filters: Filters, start: dt.date, end: dt.date) -> profiles_view.Profiles:
    return profiles_view.profiles(view_deals_of(source, filters), filters, start, end)


@st.cache_data(max_entries=16, show_spinner=False)
def roster_profiles(source: Source) -> frozenset[str]:
    """The seller profiles the measured store's roster gives its reps, per store version (views.profiles.roster_profiles)."""
    return profiles_view.roster_profiles(Store(source.uri), source.version)


@st.cache_data(max_entries=16, show_spinner=False)
def size_cuts(source: Source) -> tuple[float, float] | None:
    """The sidebar's deal-size cut points (all-time amount terciles of closed deals), per store version."""
    return size_cut_points(coded_deals_of(source.uri, source.version, source.anonymise).lazy())


@st.cache_data(max_entries=64, show_spinner=False)
def bands(source: Source, filters: Filters, start: dt.date, end: dt.date, basis: str,
          currency: str = DEFAULT_CURRENCY) -> Bands:
    cuts = size_cuts(source) if basis == "amount" else None
    return profiles_view.bands(view_deals_of(source, filters), filters, start, end, basis, cuts, currency)


def _settings(source: Source) -> tuple[NoDecisionVocabulary, dict[str, str], dict[str, dict[str, str]] | None]:
    """The measured store's no-decision vocabulary (with the reasons it keeps lost) and stage mappings, and with names anonymised the real
    stage and loss reason each anonymised one stands for (winloss.anonymise.real_values), by which the
    settings, typed against the real ones, count the deals they do with names shown."""
    measured = Store(source.uri)
    return (measured.no_decision_reasons(), measured.stage_outcomes(),
            real_values_of(source.uri, source.version) if source.anonymise else None)


@st.cache_data(max_entries=64, show_spinner=False)
def no_decision(source: Source, filters: Filters, start: dt.date, end: dt.date,
                as_of: dt.date, currency: str) -> no_decision_view.NoDecision:
    vocabulary, stage_outcomes, real_values = _settings(source)  # what made the deals no decision, captioned
    return no_decision_view.no_decision(view_deals_of(source, filters), filters, start, end, as_of, currency,
                                        every_deal=_every_deal(source), vocabulary=vocabulary, stage_outcomes=stage_outcomes,
                                        real_values=real_values)


@st.cache_data(max_entries=64, show_spinner=False)
def reps(source: Source, filters: Filters, start: dt.date, end: dt.date, as_of: dt.date,
         currency: str) -> pl.DataFrame:
    return reps_view.leaderboard(view_deals_of(source, filters), filters, start, end, as_of, currency)


@st.cache_data(max_entries=64, show_spinner=False)
def before_after(source: Source, filters: Filters, start: dt.date, end: dt.date, day: dt.date) -> BeforeAfter | None:
    """The win rate of the reps these filters choose before `day` against from it on (measures.before_after)."""
    return before_after_view(view_deals_of(source, filters), day, start, end, filters.denominator)


@st.cache_data(max_entries=64, show_spinner=False)
def rep(source: Source, filters: Filters, start: dt.date, end: dt.date, name: str,
        as_of: dt.date, currency: str) -> reps_view.RepView | None:
    vocabulary, stage_outcomes, real_values = _settings(source)  # what made the rep's deals no decision, captioned
    return reps_view.rep(view_deals_of(source, filters), name, filters, start, end, as_of, currency,
                         every_deal=_every_deal(source), vocabulary=vocabulary, stage_outcomes=stage_outcomes,
                         real_values=real_values)


@st.cache_data(max_entries=8, show_spinner=False)
def review_quarters(source: Source, filters: Filters, days: ReviewDays, as_of: dt.date) -> list[str]:
    """The quarters with closed deals a review as of `as_of` can be of, newest first (views.review.review_quarters)."""
    return review_view.review_quarters(deals_of(source, filters), days, as_of, filters.fy_start_month)


@st.cache_data(max_entries=16, show_spinner="Computing the review…")
def review(
    source: Source, filters: Filters, quarter: str, as_of: dt.date, hide_amounts: bool, currency: str,
    data_day: dt.date | None = None,
) -> Review:
    """The review of this store version, filters and quarter as of `as_of`: the arguments are the cache key.

    `hide_amounts` is an input here, unlike on the other pages: the findings are sentences, and
    with amounts hidden they are worded without them. `currency` is the store's reporting currency,
    the one every amount is in. `data_day`: the day the data describes, when `as_of` may be an earlier
    day reviewed (quarterly_review's `data_day`).
    """
    return quarterly_review(
        deals_of(source, filters), quarter, as_of, fy_start_month=filters.fy_start_month,
        denominator=filters.denominator, hide_amounts=hide_amounts, anonymized=source.anonymise, currency=currency,
        filtered=active_filters(filters),
        every_deal=_every_deal(source), filters=filters, data_day=data_day,
    )
