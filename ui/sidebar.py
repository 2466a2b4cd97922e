"""The shared filter sidebar. Every widget is bound to a URL query parameter, so a link is a view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from data_models.date_window import date_window
from data_models.vocabulary import PROFILES_WITH_UNPROFILED
from winloss.filters import (
    DEFAULT_PRESET,
    DIMENSION_LABELS,
    DIMENSIONS,
    LINKED_PARAMS,
    PERIOD_LABELS,
    PRESENTING_SWITCHES,
    RATE_LABELS,
    Filters,
    LinkedSwitch,
    LinkedValues,
    Presentation,
    linked_filters,
    linked_switch,
    presentation_from_query,
    open_range_note,
    switch_sentence,
    unmatched_link_sentence,
)
from winloss.fiscal_year import SAVED_FOR_EVERYONE, fiscal_year_note, month_name, saved_sentence
from winloss.store.delta import Store, StoreError
from winloss.text import md

_PERIODS = tuple(PERIOD_LABELS)


# Set once a toggle in the Presenting box is used: the box then stays open for the session. It opened
# with presenter mode alone, so turning presenter mode off folded away the toggle just clicked.
_PRESENTING_USED = "_presenting_used"
_PRESENTING_PLACE = "in the sidebar's Presenting box"  # where switch_sentence sends the reader

# The link's switches whose value was neither an on nor an off word (parameter -> the LinkedSwitch, the
# toggle's label and where it is), said until that toggle is used.
_SWITCHES_READ = "_link_switches"


def _presenting_used() -> None:
    st.session_state[_PRESENTING_USED] = True


def _read_link_switch(key: str, label: str, place: str) -> bool:
    """Before the toggle bound to `key` is drawn: the link's value read by the one rule for a link's
    switches (winloss.filters.linked_switch), a value neither on nor off kept for `switch_notes`. True
    when the URL was respelled as the toggle reads it ("true", or no parameter for off): the run must
    then start again before the toggle is drawn. The toggle reads "true" and "false" only, from the
    URL the run started with, and took anything else (anon=1, anon=yes) as off and dropped it from the
    URL, silently: a link's anon=1 showed every name."""
    if key in st.session_state or key not in st.query_params:  # the toggle's own value, or none given
        return False
    switch = linked_switch(key, st.query_params.get_all(key))
    if not switch.understood:
        st.session_state.setdefault(_SWITCHES_READ, {})[key] = (switch, label, place)
    if switch.given == switch.spelled:
        return False
    if switch.spelled is None:
        del st.query_params[key]
    else:
        st.query_params[key] = switch.spelled
    return True


def linked_toggle(where: Any, label: str, key: str, place: str, *, help: str | None = None,
                  on_change: Callable[[], None] | None = None) -> bool:
    """`where.toggle(label)` bound to the URL's `key` (?hide_left=true) on a page, the link's value read
    first by the one rule for every switch (winloss.filters.linked_switch: anon=1, anon=yes, anon=TRUE are
    on; a value neither on nor off is on, and said under the toggle until it is used). `place`: where the
    toggle is, for that sentence ("above the list")."""
    if _read_link_switch(key, label, place):
        st.rerun()  # on the URL respelled, before the toggle reads it (a page's run: the page is kept)
    on = _toggle(where, label, key, help, on_change)
    if note := switch_notes((key,)):
        where.warning(" ".join(note), icon=":material/toggle_on:")
    return on


def _toggle(where: Any, label: str, key: str, help: str | None, on_change: Callable[[], None] | None) -> bool:
    """The toggle bound to the URL's `key`; once used, the link's value is no longer said (switch_notes)."""

    def changed() -> None:
        st.session_state.get(_SWITCHES_READ, {}).pop(key, None)
        if on_change is not None:
            on_change()

    return bool(where.toggle(label, key=key, bind="query-params", on_change=changed, help=help))


def switch_notes(keys: Sequence[str] = tuple(PRESENTING_SWITCHES)) -> list[str]:
    """One sentence (Markdown, the value escaped) per switch of `keys` whose link value was neither an on
    nor an off word (winloss.filters.switch_sentence), until its toggle is used."""
    found: dict[str, tuple[LinkedSwitch, str, str]] = st.session_state.get(_SWITCHES_READ, {})
    return [sentence for key in keys if key in found
            if (sentence := switch_sentence(found[key][0], found[key][1], found[key][2], md))]


# Set when presentation_ui respelled a link's switch in the URL: the frame starts the run again once the
# navigation has chosen the page (switches_respelled).
_SWITCHES_RESPELLED = "_link_switches_respelled"


def switches_respelled() -> bool:
    """Whether presentation_ui respelled a Presenting switch of the link in this run (then forgotten): the
    run must start again, after st.navigation, for the toggles to read the URL as respelled."""
    return bool(st.session_state.pop(_SWITCHES_RESPELLED, False))


def presentation_ui() -> Presentation:
    """Presenter mode, anonymised reps, hidden amounts: read first, since they change what is loaded.

    Each read by the one rule for a link's switches (winloss.filters.linked_switch). When the link spells
    one otherwise than its toggle reads it (anon=1, anon=yes, anon=maybe), the URL is respelled and the
    switches the link gives are returned undrawn: the frame starts the run again (switches_respelled)."""
    respelled = [_read_link_switch(key, label, _PRESENTING_PLACE) for key, label in PRESENTING_SWITCHES.items()]
    if any(respelled):
        st.session_state[_SWITCHES_RESPELLED] = True
        return presentation_from_query({key: st.query_params.get_all(key) for key in PRESENTING_SWITCHES})
    # Open when a link turns any of its toggles on, so whoever opens a link with names anonymised or
    # amounts hidden sees why and where to turn it off; and once used, so a toggle just clicked stays in view.
    opened = (any(linked_switch(key, st.query_params.get_all(key)).on for key in PRESENTING_SWITCHES)
              or st.session_state.get(_PRESENTING_USED, False))
    labels = PRESENTING_SWITCHES
    with st.sidebar.expander("Presenting", expanded=opened):
        presenter = _toggle(st, labels["present"], "present", "Larger text, sidebar folded away, no editing: for screen-sharing.",
                            _presenting_used)
        anonymize = _toggle(st, labels["anon"], "anon", "Every rep, manager and coach name becomes a stable pseudonym (Rep 01, …).",
                            _presenting_used)
        hide = _toggle(st, labels["hide_amounts"], "hide_amounts", "Show values as percentages and indices only.",
                       _presenting_used)
    return Presentation(presenter=presenter, anonymize=anonymize, hide_amounts=hide)


# The link's filter values that matched nothing (winloss.filters.LinkedValues, by parameter), said on
# every page until that filter is changed: the widget has dropped them from the URL by then.
_UNMATCHED = "_link_unmatched"


def settle_link(options: dict[str, list[str]], names_elsewhere: Callable[[], Mapping[str, Mapping[str, str]]],
                blanks: Mapping[str, str] | None = None) -> bool:
    """Before the filter widgets are drawn: every filter value the link gives, and every manager a
    widget holds, read against what the sidebar offers (winloss.filters.linked_filters), so that no
    filter is dropped without a word.

    A bound widget keeps only its options' labels from the URL and drops anything else, silently. So
    a link's value spelled otherwise (a code such as ?period=all; a manager's real name while names
    are anonymised, or a pseudonym while they are not) is respelled in the URL and the run started
    again (the caller opens the same page anew on the new URL: True) before any filter widget reads
    it, and the link's values that name nothing are kept for
    `unmatched_sentences`. A manager chosen in the sidebar is respelled the same way when names are
    anonymised or shown again (the URL follows), so turning "Anonymise reps" on keeps the filter on.
    `names_elsewhere()` is ui.context.names_elsewhere for the measured store: called only when a
    name is not found as it is. `blanks`: ui.context.filter_blanks, the labels the blank choices are
    offered under, so a link's "(No coach)" is the blank choice still when no coach is named "No coach".
    """
    held = {param: [str(v) for v in st.session_state[param]] for param in DIMENSIONS if param in st.session_state}
    for linked in linked_filters(held, options, names_elsewhere, blanks):
        if linked.changed:
            st.session_state[linked.param] = list(linked.kept)
    # A parameter no widget has read yet in this session is the link's.
    given = {param: st.query_params.get_all(param) for param in LINKED_PARAMS
             if param not in st.session_state and param in st.query_params}
    respelled = False
    for linked in linked_filters(given, options, names_elsewhere, blanks):
        if linked.unmatched:
            st.session_state.setdefault(_UNMATCHED, {})[linked.param] = linked
        if linked.changed:
            if linked.kept:
                st.query_params[linked.param] = list(linked.kept)
            else:
                del st.query_params[linked.param]
            respelled = True
    return respelled


def unmatched_sentences(fy_start_month: int = 1) -> list[str]:
    """One sentence (Markdown, values escaped) per filter of the link that named something the data
    does not hold (winloss.filters.unmatched_link_sentence), until that filter is changed, and per
    Presenting switch whose value was neither on nor off (switch_notes), until that toggle is used.
    `fy_start_month`: the store's fiscal year start, which a link's fy= that is no month leaves in force."""
    found: dict[str, LinkedValues] = st.session_state.get(_UNMATCHED, {})
    return [*(sentence for linked in found.values() if (sentence := unmatched_link_sentence(linked, md, fy_start_month))),
            *switch_notes()]  # and each Presenting switch whose value was neither on nor off


def _changed(param: str) -> None:
    """A filter changed by hand is no longer the link's: its sentence goes. A Close date chosen by hand is kept
    whatever the store's default range becomes (_follow_default_period)."""
    st.session_state.get(_UNMATCHED, {}).pop(param, None)
    if param == "period":
        st.session_state[_PERIOD_CHOSEN] = True


# Set once the Close date was chosen, by the link (its period=) or by hand: it then no longer follows the
# store's default range (winloss.filters.default_preset), which an upload can change.
_PERIOD_CHOSEN = "_period_chosen"


def _follow_default_period(default: str) -> None:
    """Before the Close date is drawn: unless the link or the user chose a range, it shows the store's default
    (`default`). A widget keeps its value when its default changes, so a session that opened on the sample's
    "Last 4 complete quarters" kept that range after the upload of this quarter's deals, which it leaves empty."""
    if st.session_state.get(_PERIOD_CHOSEN) or "period" in st.query_params:
        st.session_state[_PERIOD_CHOSEN] = True
        return
    if st.session_state.get("period", default) != default:
        st.session_state["period"] = default


# What the last save of the store's fiscal year said (kind, sentence), shown once in the Settings.
_FY_SAVED = "_fy_saved"


def _save_fiscal_year(store: Store, month: int, user: str | None) -> None:
    """Make `month` the store's fiscal year start (one version), before the rerun the click starts reads the store."""
    try:
        change = store.save_fiscal_year_start(month, user=user)
    except StoreError as exc:  # another write under way, a store that cannot be written: one sentence
        st.session_state[_FY_SAVED] = ("error", str(exc))
        return
    st.session_state[_FY_SAVED] = ("success", saved_sentence(month, change.store_version))


def filters_ui(options: dict[str, list[str]], region_rule: str | None = None, stored_fy: int = 1,
               day: dt.date | None = None, saves_to: Store | None = None, user: str | None = None,
               default_period: str = DEFAULT_PRESET) -> Filters:
    """Draw the filters and return what they select (`settle_link` has read the link first). `region_rule`
    (ui.context.region_rule: deals' own Region differs from their rep's roster region) is said under the
    Region filter, which places deals by that rule.

    `stored_fy`: the month the store's fiscal year starts in (Loaded.fy_start_month), what the Settings'
    month shows unless the link chose another; `day`: the data's day, whose fiscal year is named under the
    Close date (winloss.fiscal_year.fiscal_year_note). `saves_to`: the store a month chosen may be saved to as
    its fiscal year, by `user`; None for a visitor who may not change the store's settings (or presenting).
    `default_period`: the range the Close date shows until the link or the user chooses one (ui.context.default_period)."""
    sidebar = st.sidebar
    sidebar.markdown("### Filters")
    _follow_default_period(default_period)
    period = sidebar.selectbox(
        "Close date", _PERIODS, index=_PERIODS.index(default_period), key="period", bind="query-params",
        format_func=PERIOD_LABELS.get, on_change=_changed, args=("period",),
    )
    fiscal_note = sidebar.empty()  # filled once the Settings' month is read: said by the periods it names
    filters = Filters(preset=period)
    if period == "custom":
        # One under the other: side by side in the sidebar each field cut its date's last digit ("2026 / 06 / 3").
        # Empty at first: a field bound to the URL leaves out a value equal to its first, so a range
        # ending on a first value of today would be read as another day's today from a copied link.
        # Any day a deal may carry (the fields' own limits were ten years either side of today).
        first, last = date_window()
        start = sidebar.date_input("From", value=None, min_value=first, max_value=last, key="from", bind="query-params")
        end = sidebar.date_input("To", value=None, min_value=first, max_value=last, key="to", bind="query-params")
        if start and end and start > end:
            sidebar.warning("The start date is after the end date: the range was swapped.")
            start, end = end, start
        if (note := open_range_note(start, end)) is not None:
            sidebar.caption(note)
        filters = filters.replace(start=start, end=end)
    for dimension, values in options.items():
        if not values:
            continue
        if dimension == "profile":
            values = [p for p in PROFILES_WITH_UNPROFILED if p in values]
        chosen = sidebar.multiselect(
            DIMENSION_LABELS[dimension], values, key=dimension, bind="query-params", placeholder="All",
            on_change=_changed, args=(dimension,),
        )
        filters = filters.with_values(dimension, chosen)
        if dimension == "region" and region_rule:
            sidebar.caption(region_rule)
    # One choice a line: as two buttons side by side, "Excluding no decision" did not fit the sidebar at
    # 1440 or 1366 px and wrapped under "All closed deals", the two misaligned.
    rate = sidebar.radio(
        "Win rate counts", list(RATE_LABELS), index=0, key="rate", bind="query-params",
        format_func=RATE_LABELS.get, on_change=_changed, args=("rate",),
        help="All closed deals: won ÷ (won + lost + no decision). Excluding no decision: won ÷ (won + lost), "
        "which reads 10–15 points higher.",
    )
    filters = filters.replace(denominator=rate or "closed")
    with sidebar.expander("Settings"):
        # The store's month unless the link gives another: a bound widget leaves its default out of the URL,
        # so a plain address shows the store's fiscal year, and fy= a link's own.
        month = st.selectbox(
            "Fiscal year starts in", list(range(1, 13)), index=stored_fy - 1, key="fy", bind="query-params",
            format_func=month_name, on_change=_changed, args=("fy",),
            help=f"Quarters count from this month. This store's fiscal year starts in {month_name(stored_fy)}; "
            "another chosen here is this view's, and a link made from it carries it (fy=).",
        )
        chosen = int(month or stored_fy)
        if saves_to is not None and chosen != stored_fy:
            st.button(f"Save {month_name(chosen)} as this store's fiscal year", key="fy_save", icon=":material/save:",
                      on_click=_save_fiscal_year, args=(saves_to, chosen, user))
            st.caption(SAVED_FOR_EVERYONE)
        if (said := st.session_state.pop(_FY_SAVED, None)) is not None:
            kind, sentence = said
            (st.success if kind == "success" else st.error)(md(sentence))
    if day is not None and (note := fiscal_year_note(chosen, stored_fy, day)) is not None:
        fiscal_note.caption(note)
    return filters.replace(fy_start_month=chosen)
