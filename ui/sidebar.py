"""The shared filter sidebar. Every widget is bound to a URL query parameter, so a link is a view."""

from __future__ import annotations

import calendar
import datetime as dt

import streamlit as st

from data_models.vocabulary import PROFILES_WITH_UNPROFILED
from winloss.filters import DEFAULT_PRESET, DIMENSION_LABELS, PERIOD_LABELS, RATE_LABELS, Filters, Presentation

_PERIODS = tuple(PERIOD_LABELS)


# Set once a toggle in the Presenting box is used: the box then stays open for the session. It opened
# with presenter mode alone, so turning presenter mode off folded away the toggle just clicked.
_PRESENTING_USED = "_presenting_used"
_PRESENTING_KEYS = ("present", "anon", "hide_amounts")  # the Presenting box's toggles, as a link names them


def _presenting_used() -> None:
    st.session_state[_PRESENTING_USED] = True


def presentation_ui() -> Presentation:
    """Presenter mode, anonymised reps, hidden amounts: read first, since they change what is loaded."""
    # Open when a link turns any of its toggles on, so whoever opens a link with names anonymised or
    # amounts hidden sees why and where to turn it off; and once used, so a toggle just clicked stays in view.
    opened = (any(st.query_params.get(key, "").lower() == "true" for key in _PRESENTING_KEYS)  # as the toggle reads it
              or st.session_state.get(_PRESENTING_USED, False))
    with st.sidebar.expander("Presenting", expanded=opened):
        presenter = st.toggle("Presenter mode", key="present", bind="query-params", on_change=_presenting_used,
                              help="Larger text, sidebar folded away, no editing: for screen-sharing.")
        anonymize = st.toggle("Anonymise reps", key="anon", bind="query-params", on_change=_presenting_used,
                              help="Every rep and manager name becomes a stable pseudonym (Rep 01, …).")
        hide = st.toggle("Hide amounts", key="hide_amounts", bind="query-params", on_change=_presenting_used,
                         help="Show values as percentages and indices only.")
    return Presentation(presenter=presenter, anonymize=anonymize, hide_amounts=hide)


def _default_from_url(key: str, labels: dict[str, str], default: str) -> str:
    """The choice a link names by its code (?period=all), else `default`. A bound widget reads only
    its label from the URL and falls back to its default otherwise, so a code becomes that default."""
    value = st.query_params.get(key)
    return value if value in labels else default


def filters_ui(options: dict[str, list[str]]) -> Filters:
    """Draw the filters and return what they select."""
    sidebar = st.sidebar
    sidebar.markdown("### Filters")
    period = sidebar.selectbox(
        "Close date", _PERIODS, index=_PERIODS.index(_default_from_url("period", PERIOD_LABELS, DEFAULT_PRESET)), key="period", bind="query-params",
        format_func=PERIOD_LABELS.get,
    )
    filters = Filters(preset=period)
    if period == "custom":
        left, right = sidebar.columns(2)
        start = left.date_input("From", value=dt.date.today().replace(month=1, day=1), key="from", bind="query-params")
        end = right.date_input("To", value=dt.date.today(), key="to", bind="query-params")
        if start and end and start > end:
            sidebar.warning("The start date is after the end date: the range was swapped.")
            start, end = end, start
        filters = filters.replace(start=start, end=end)
    for dimension, values in options.items():
        if not values:
            continue
        if dimension == "profile":
            values = [p for p in PROFILES_WITH_UNPROFILED if p in values]
        chosen = sidebar.multiselect(
            DIMENSION_LABELS[dimension], values, key=dimension, bind="query-params", placeholder="All"
        )
        filters = filters.with_values(dimension, chosen)
    rate = sidebar.segmented_control(
        "Win rate counts", list(RATE_LABELS), default=_default_from_url("rate", RATE_LABELS, "closed"), key="rate", bind="query-params",
        format_func=RATE_LABELS.get, required=True,
        help="All closed deals: won ÷ (won + lost + no decision). Excluding no decision: won ÷ (won + lost), "
        "which reads 10–15 points higher.",
    )
    filters = filters.replace(denominator=rate or "closed")
    with sidebar.expander("Settings"):
        month = st.selectbox(
            "Fiscal year starts in", list(range(1, 13)), key="fy", bind="query-params",
            format_func=lambda m: calendar.month_name[m],
        )
    return filters.replace(fy_start_month=int(month or 1))
