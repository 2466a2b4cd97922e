"""The shared filter state: what a leader is looking at, to and from URL query parameters.

A link reproduces a view, so every field here round-trips through `to_query` / `from_query`;
unknown or malformed parameters are ignored rather than failing a page. A filter value a link gives
that names nothing the page can show is never dropped silently: `linked_filters` finds it and
`unmatched_link_sentence` says so.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import PROFILES_WITH_UNPROFILED
from winloss.anonymise import NAMED_COLUMNS, RENAMED_FILTER_COLUMNS
from winloss.ingest.identity import name_key
from winloss.measures.bands import cut_points
from winloss.measures.counting import IS_CLOSED
from winloss.periods import PRESET_LABELS, PRESETS, date_range_for
from winloss.text import day_range

DIMENSIONS = {
    # query key -> deals column
    "region": "region",
    "segment": "segment",
    "team": "team",
    "manager": "manager",
    "coach": "coach",
    "product": "product",
    "profile": "seller_profile",
    "source": "profile_source",
    "size": "size_band",
}
DIMENSION_LABELS = {
    "region": "Region",
    "segment": "Segment",
    "team": "Team",
    "manager": "Manager",
    "coach": "Coach",
    "product": "Product",
    "profile": "Seller profile",
    "source": "Profile source",
    "size": "Deal size",
}
# The choice that keeps a people filter's deals with no value for it: those of the reps no coach coaches (a
# coaching programme's control group), of no team, of no manager. Offered (`options`) after the values when
# some deals have one and some none; it combines with them as any value does (`dimension_conditions`). It is
# offered under a label no value of the filter reads as (`blank_choice`): a roster may name a coach "No coach".
BLANK_CHOICES = {"team": "No team", "manager": "No manager", "coach": "No coach"}
SIZE_BANDS = ("Small", "Medium", "Large")
DENOMINATORS = ("closed", "excluding_no_decision")
DEFAULT_PRESET = "last_4_quarters"
# The URL carries what the sidebar's bound widgets write: their labels, so links read plainly
# (?period=Last+quarter&rate=Excluding+no+decision&fy=July). Codes are accepted too.
PERIOD_LABELS = {**PRESET_LABELS, "custom": "Custom range"}
RATE_LABELS = {"closed": "All closed deals", "excluding_no_decision": "Excluding no decision"}
MONTHS = tuple(calendar.month_name[1:])


@dataclass(frozen=True)
class Presentation:
    """How the numbers are shown, not which: kept apart from Filters so that switching presenter
    mode or hiding amounts never recomputes a number. (Anonymising changes the names in the deals,
    so the deals are loaded per `anonymize`; the numbers on them are the same.)"""

    presenter: bool = False
    anonymize: bool = False
    hide_amounts: bool = False


@dataclass(frozen=True)
class Filters:
    """Which deals and which definitions: the whole input of every number a page shows (with the
    store version and the date range they resolve to). Hashable, so it can key a cache."""

    preset: str = DEFAULT_PRESET  # one of periods.PRESETS, or "custom"
    start: dt.date | None = None  # custom range only
    end: dt.date | None = None
    fy_start_month: int = 1
    selected: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (dimension, values) pairs, sorted
    denominator: str = "closed"
    # (dimension, label) pairs, sorted, of each selected people filter whose blank choice the data offers
    # under another label than BLANK_CHOICES' because a value reads as that (`blank_choice`): set by `in_force`.
    blank_labels: tuple[tuple[str, str], ...] = ()

    def values(self, dimension: str) -> tuple[str, ...]:
        return dict(self.selected).get(dimension, ())

    def blank(self, dimension: str) -> str | None:
        """The label that selects `dimension`'s blank choice in these filters ("No coach", or "(No coach)"
        where a coach is named "No coach"); None for a filter with no blank choice (Region)."""
        return dict(self.blank_labels).get(dimension, BLANK_CHOICES.get(dimension))

    def with_values(self, dimension: str, values: Sequence[str]) -> Filters:
        chosen = {k: v for k, v in self.selected if k != dimension}
        if values:
            chosen[dimension] = in_offered_order(dimension, values, self.blank(dimension))
        return dataclasses.replace(self, selected=tuple(sorted(chosen.items())))

    def replace(self, **changes) -> Filters:
        return dataclasses.replace(self, **changes)


# The dimensions whose values have an order of their own, the sidebar's: sizes small to large, the profiles
# as the vocabulary lists them. Every other dimension's values are offered sorted (`options`).
OFFERED_ORDER: dict[str, tuple[str, ...]] = {"size": SIZE_BANDS, "profile": PROFILES_WITH_UNPROFILED}


def in_offered_order(dimension: str, values: Collection[str], blank: str | None = None) -> tuple[str, ...]:
    """`values` of a dimension filter in the order the sidebar offers them (OFFERED_ORDER, else sorted), one
    of each: how a filter is kept, linked and worded, whatever order they were chosen in ("Deal size =
    Small, Medium", never "Medium, Small"). A value the order does not know goes after those it does; the
    blank choice (`blank`, the label it is offered under: BLANK_CHOICES' "No coach" unless given) after
    every value, as offered."""
    order = OFFERED_ORDER.get(dimension, ())
    rank = {value: i for i, value in enumerate(order)}
    blank = blank or BLANK_CHOICES.get(dimension)
    return tuple(sorted(set(values), key=lambda value: (value == blank, rank.get(value, len(order)), value)))


def date_range(
    filters: Filters, reference: dt.date, data_bounds: tuple[dt.date | None, dt.date | None] = (None, None),
    as_of: dt.date | None = None,
) -> tuple[dt.date, dt.date]:
    """The close-date range the filters select, both days inclusive, counting presets from `reference`
    (deals.preset_day); the to-date presets end on `as_of`, the data's day (periods.date_range_for).

    "All time" runs from the data's first close date (`data_bounds`) to its day (`as_of`), so captions can
    name it; ended at the last close date, it cut that close's quarter short of days the data knows (its
    change was read "to date"), and left out deals opened after it. Never past the data's day: a last close
    after it (a closed deal dated after the export, kept by a store from before such deals were quarantined:
    ingest.future_closes) had made "All time" run to 15 Jan 2027 on data of 7 Dec 2026, and its quarter the
    one every tile compared. Without `as_of`, to the last close date. A custom range left open on a side (no
    start, or no end: open_range_note) starts at the first close date, or runs to `as_of` (else
    `reference`), and never ends before it starts.
    """
    if filters.preset == "custom":
        first = filters.start or data_bounds[0] or reference
        return first, filters.end or max(as_of or reference, first)
    preset = filters.preset if filters.preset in PRESETS else DEFAULT_PRESET
    start, end = date_range_for(preset, reference, filters.fy_start_month, as_of)
    first = start or data_bounds[0] or reference
    if end is None:  # all time: to the data's day, from a first close no later than it
        last = as_of if as_of is not None else data_bounds[1]
        if last is None:
            return first, reference
        return min(first, last), last
    return first, end


# The range a view opens on in place of DEFAULT_PRESET when the last 4 complete quarters hold no closed deal
# but the quarter to date does (default_preset): a new user's first export of this quarter's deals.
FALLBACK_PRESET = "quarter_to_date"


def default_preset(deals: pl.LazyFrame, reference: dt.date, fy_start_month: int = 1, as_of: dt.date | None = None) -> str:
    """The range a view opens on when neither a link nor the sidebar chose one: DEFAULT_PRESET ("Last 4
    complete quarters"), unless those quarters hold no closed deal of `deals` (every deal of the store, no
    filter applied, so the default does not move with a filter) while the quarter to date does: then
    FALLBACK_PRESET ("Quarter to date"). `reference` and `as_of` are date_range's (deals.preset_day, the
    data's day). A leader's first upload of this quarter's deals opened on an empty range whose two
    sentences contradicted each other; the bundled sample, whose complete quarters hold its deals, keeps
    DEFAULT_PRESET. Said in the range's caption (default_range_words)."""
    closes = pl.col("close_date")
    windows = {"quarters": date_range_for(DEFAULT_PRESET, reference, fy_start_month, as_of),
               "to_date": date_range_for(FALLBACK_PRESET, reference, fy_start_month, as_of)}
    in_quarters, in_to_date = deals.filter(IS_CLOSED).select(
        closes.is_between(first, last).sum().alias(name) for name, (first, last) in windows.items()
    ).collect().row(0)
    return FALLBACK_PRESET if not in_quarters and in_to_date else DEFAULT_PRESET


def default_range_words(preset: str, reference: dt.date, fy_start_month: int = 1, as_of: dt.date | None = None) -> str | None:
    """What the range's caption says of a default range that is not DEFAULT_PRESET (default_preset), which it
    is and why: "Quarter to date, as the last 4 complete quarters (1 Oct 2025 – 30 Sep 2026) hold no closed
    deal". None for any other preset. Fixed words and days only."""
    start, end = date_range_for(DEFAULT_PRESET, reference, fy_start_month, as_of)
    if preset != FALLBACK_PRESET or start is None or end is None:
        return None
    return (f"{PRESET_LABELS[preset]}, as the {PRESET_LABELS[DEFAULT_PRESET].lower()} ({day_range(start, end)}) "
            "hold no closed deal")


def open_range_note(start: dt.date | None, end: dt.date | None) -> str | None:
    """What a custom range's empty From or To field means (date_range), for beneath the fields; None
    when both hold a day. The fields start empty so that any day picked is carried by a copied link
    (a field bound to the URL leaves out a value equal to its first)."""
    if start is None and end is None:
        return "Pick a first and a last day. Left empty, the range runs from the first closed deal to the data's last day."
    if start is None:
        return "From is empty: the range starts at the first closed deal."
    if end is None:
        return "To is empty: the range runs to the data's last day."
    return None


def from_query(params: Mapping[str, str | Sequence[str]], fy_start_month: int = 1) -> Filters:
    """Filters from query parameters (a value may be a string or a list of strings). `fy_start_month`: the
    store's fiscal year start (Store.fiscal_year_start), the quarters of a link that gives no fy=."""

    def one(key: str) -> str | None:
        value = params.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return value[-1] if len(value) else None

    def many(key: str) -> tuple[str, ...]:
        value = params.get(key)
        if value is None:
            return ()
        items = [value] if isinstance(value, str) else list(value)
        return tuple(v for v in items if v)

    filters = Filters(fy_start_month=fy_start_month)
    preset = _code(one("period"), PERIOD_LABELS)
    if preset is not None:
        filters = filters.replace(preset=preset)
    if filters.preset == "custom":
        # The days count only under a custom range: a bound field keeps its day while another
        # period is chosen, and the sidebar draws the period the link names. One alone leaves the
        # range open on the other side (date_range); a reversed pair is swapped, as the sidebar does.
        start, end = _date(one("from")), _date(one("to"))
        if start and end and start > end:
            start, end = end, start
        filters = filters.replace(start=start, end=end)
    month = one("fy")
    if month in MONTHS:
        filters = filters.replace(fy_start_month=MONTHS.index(month) + 1)
    elif month and month.isdigit() and 1 <= int(month) <= 12:
        filters = filters.replace(fy_start_month=int(month))
    for dimension in DIMENSIONS:
        if many(dimension):
            filters = filters.with_values(dimension, many(dimension))
    rate = _code(one("rate"), RATE_LABELS)
    if rate is not None:
        filters = filters.replace(denominator=rate)
    return filters


# ---- a link's switches ------------------------------------------------------------------------
# One rule for every switch a link turns on or off (present, anon and hide_amounts on every page, the
# Reps page's hide_left, the Seller profiles page's show_anyway), in any case: these words and no others.
SWITCH_ON_WORDS = ("true", "1", "yes", "on")
SWITCH_OFF_WORDS = ("false", "0", "no", "off")
# The sidebar's Presenting switches: parameter -> the toggle's label.
PRESENTING_SWITCHES = {"present": "Presenter mode", "anon": "Anonymise reps", "hide_amounts": "Hide amounts"}


@dataclass(frozen=True)
class LinkedSwitch:
    """A link's value for one switch, read by the one rule (linked_switch)."""

    param: str  # the query parameter: "anon", "present", "hide_left", ...
    given: str | None  # the link's value as it gives it (its last, when several); None when it gives none
    on: bool
    understood: bool  # False when `given` is neither an on word nor an off word: it was read as on

    @property
    def spelled(self) -> str | None:
        """The value as the switch's toggle reads it from a URL ("true"; None, no parameter, for off):
        Streamlit's toggle reads "true" and "false" only, and dropped anon=1 from the URL as off."""
        return "true" if self.on else None


def linked_switch(param: str, value: str | Sequence[str] | None) -> LinkedSwitch:
    """`value` (a link's value for the switch `param`: a string, a list of strings whose last counts, or
    None when the link gives none) read by the one rule: an on word (SWITCH_ON_WORDS) turns it on, an off
    word or no value at all leaves it off, and anything else (anon=maybe, anon=2, anon=) turns it on and
    is not `understood`, which the page says (switch_sentence). Read as off, a link's anon=y would show
    the names "Anonymise reps" hides, and hide_amounts=y the amounts, on a screen being shared."""
    if value is not None and not isinstance(value, str):
        value = value[-1] if len(value) else None
    if value is None:
        return LinkedSwitch(param, None, on=False, understood=True)
    word = value.strip().lower()
    if word in SWITCH_ON_WORDS or word in SWITCH_OFF_WORDS:
        return LinkedSwitch(param, value, on=word in SWITCH_ON_WORDS, understood=True)
    return LinkedSwitch(param, value, on=True, understood=False)


def switch_sentence(switch: LinkedSwitch, label: str, where: str, escape: Callable[[str], str] = str) -> str | None:
    """One sentence for a link's switch whose value is neither an on nor an off word, which is read as on;
    None when the value was understood. `label`: the toggle's ("Anonymise reps"); `where`: where it is
    ("in the sidebar's Presenting box"); the value passes through `escape` for where the sentence goes.

    'The link's value for "Anonymise reps" ("maybe") is neither on nor off, so it is on: turn it off in the
    sidebar's Presenting box if you want it off.'"""
    if switch.understood:
        return None
    return (f'The link\'s value for "{label}" ("{escape(switch.given or "")}") is neither on nor off, so it is on: '
            f"turn it off {where} if you want it off.")


def presentation_from_query(params: Mapping[str, str | Sequence[str]]) -> Presentation:
    """The presentation switches from query parameters (?present=true&anon=true&hide_amounts=true), each
    read by the one rule for a link's switches (linked_switch): anon=maybe anonymises."""

    def flag(key: str) -> bool:
        return linked_switch(key, params.get(key)).on

    return Presentation(presenter=flag("present"), anonymize=flag("anon"), hide_amounts=flag("hide_amounts"))


def to_query(filters: Filters, presentation: Presentation | None = None, fy_start_month: int = 1,
             default_preset: str = DEFAULT_PRESET) -> dict[str, str | list[str]]:
    """Query parameters for the filters; defaults are left out so links stay short (`default_preset`: the
    range the store opens on unchosen, default_preset's, which a link reproduces without a period). A fiscal year not starting
    in January is always given (fy=February), and January too when the store's (`fy_start_month`) is another:
    the link shows the quarters it was made with, whatever the store's fiscal year is when it is opened."""
    query: dict[str, str | list[str]] = {}
    if filters.preset == "custom":
        query["period"] = PERIOD_LABELS["custom"]
        for key, day in (("from", filters.start), ("to", filters.end)):
            if day is not None:
                query[key] = day.isoformat()
    elif filters.preset != default_preset:
        query["period"] = PERIOD_LABELS[filters.preset]
    if filters.fy_start_month != 1 or fy_start_month != 1:
        query["fy"] = MONTHS[filters.fy_start_month - 1]
    for dimension, values in filters.selected:
        query[dimension] = list(values)
    if filters.denominator != "closed":
        query["rate"] = RATE_LABELS[filters.denominator]
    shown = presentation or Presentation()
    for key, flag in (("present", shown.presenter), ("anon", shown.anonymize), ("hide_amounts", shown.hide_amounts)):
        if flag:
            query[key] = "true"
    return query


# Every query parameter from_query and presentation_from_query read; the sidebar binds a widget to
# each (ui.context.BOUND is this list).
READ_PARAMS = ("period", "from", "to", "fy", "rate", *DIMENSIONS, "present", "anon", "hide_amounts")


# ---- a link's filters against the data -------------------------------------------------------
# The filters a link gives that name one choice (the sidebar's URL spells each by its label): the
# noun a sentence names it by and what the page shows when the link's value is none of its choices.
CHOICE_PARAMS = {
    "period": ("close date", PERIOD_LABELS[DEFAULT_PRESET]),
    "rate": ("win-rate count", RATE_LABELS["closed"]),
    "fy": ("fiscal year start", MONTHS[0]),
}
# Every filter parameter a link may give that the sidebar offers a choice for (not the custom
# range's dates, which are any day).
LINKED_PARAMS = (*CHOICE_PARAMS, *DIMENSIONS)
# The Reps page's own: the rep a link opens, and the outcome their deal list starts on.
REP_PARAM = "rep"
OUTCOME_PARAM = "outcome"
# The parameters whose values are rep, manager or coach names, which anonymising replaces, and their column.
_PERSON_COLUMNS = {REP_PARAM: "rep", **{d: c for d, c in DIMENSIONS.items() if c in NAMED_COLUMNS}}
# The parameters whose values anonymising rewrites where they hold a person's name ("Nadia Petrova's team").
_RENAMED_COLUMNS = {d: c for d, c in DIMENSIONS.items() if c in RENAMED_FILTER_COLUMNS}


def names_a_person(param: str) -> bool:
    """Whether a link parameter's values are rep, manager or coach names, which anonymising replaces: a
    sentence never repeats them, since under anonymisation a link's value may be a real name."""
    return param in _PERSON_COLUMNS


@dataclass(frozen=True)
class LinkedValues:
    """A link's values for one parameter, read against what the page can show."""

    param: str  # the query parameter: "manager", "region", "period", REP_PARAM, ...
    asked: tuple[str, ...]  # the link's values, as it gives them
    kept: tuple[str, ...]  # the ones the page applies, spelled as the page shows them (a pseudonym while anonymised)
    unmatched: tuple[str, ...]  # the ones that name nothing the page can show

    @property
    def changed(self) -> bool:
        """Whether the page applies other words than the link gives (a value respelled or left out)."""
        return self.kept != self.asked


def linked_values(param: str, asked: Sequence[str], accepted: Collection[str],
                  spellings: Mapping[str, str] | None = None) -> LinkedValues:
    """`asked` (a link's values for `param`, blanks ignored) read against `accepted` (the values the
    page offers, as its URL spells them): each kept as `accepted` spells it, directly or through
    `spellings` (another spelling -> the accepted one: a code for its label, a real name for its
    pseudonym), else unmatched. Order kept, repeats dropped."""
    kept: list[str] = []
    unmatched: list[str] = []
    for value in asked:
        if not value:
            continue
        spelled = value if value in accepted else (spellings or {}).get(value)
        if spelled is not None and spelled in accepted:
            if spelled not in kept:
                kept.append(spelled)
        elif value not in unmatched:
            unmatched.append(value)
    return LinkedValues(param, tuple(asked), tuple(kept), tuple(unmatched))


def _keyed(names: Collection[str]) -> dict[str, str]:
    """name_key(name) -> name for `names` (a rep's spellings), leaving out a key two names share:
    a link spelled like both is not quietly given one of them."""
    listed = list(names)
    keys = pl.select(name_key(pl.lit(pl.Series(listed, dtype=pl.String)))).to_series().to_list() if listed else []
    keyed: dict[str, str] = {}
    shared: set[str] = set()
    for key, name in zip(keys, listed, strict=True):
        if keyed.get(key, name) != name:
            shared.add(key)
        keyed[key] = name
    return {key: name for key, name in keyed.items() if key not in shared}


def rep_spellings(asked: Sequence[str], accepted: Collection[str], other: Mapping[str, str]) -> dict[str, str]:
    """For each of `asked` (a link's rep names) that is not itself in `accepted`, the accepted name it
    spells: one differing only in case, spacing, accents or quotes (winloss.ingest.identity.name_key, how reps are one
    rep at ingest: "elena  ERIKSEN" -> "Elena Eriksen"), directly or through `other` (a name in the
    other naming -> the name shown). Names matching no accepted name, or two, are left out."""
    spelled = dict(other)
    missing = [v for v in asked if v not in accepted and v not in spelled]
    if not missing:
        return spelled
    shown = _keyed(accepted)
    elsewhere = {key: spelled[name] for key, name in _keyed(spelled).items()}
    for value, key in zip(missing, pl.select(name_key(pl.lit(pl.Series(missing, dtype=pl.String)))).to_series().to_list(),
                          strict=True):
        if (name := shown.get(key, elsewhere.get(key))) is not None:
            spelled[value] = name
    return spelled


def _choice_spellings(param: str) -> tuple[Collection[str], dict[str, str]]:
    """The labels a choice parameter's widget accepts from the URL, and the codes `from_query` also
    reads for them ("all" for "All time"; "7" and "07" for July)."""
    if param == "fy":
        return MONTHS, {form: month for i, month in enumerate(MONTHS, start=1) for form in (str(i), f"{i:02d}")}
    labels = PERIOD_LABELS if param == "period" else RATE_LABELS
    return tuple(labels.values()), dict(labels)


def linked_filters(asked: Mapping[str, str | Sequence[str]], options_shown: Mapping[str, Collection[str]],
                   other_names: Callable[[], Mapping[str, Mapping[str, str]]],
                   blanks: Mapping[str, str] | None = None) -> list[LinkedValues]:
    """Each filter of LINKED_PARAMS or REP_PARAM that `asked` (parameter -> values, as a link gives
    them, a value a string or a list of strings) names, read against what the page offers: `options_shown` for the dimension filters and
    REP_PARAM (`options` of the deals as the page shows them, pseudonyms while anonymised), the labels
    or codes for a choice (the last value only, as `from_query` reads it).

    A rep or manager named in the other naming (a real name while anonymised, a pseudonym while
    not) is kept under the name the page shows: `other_names()` gives column -> {that name: the name
    shown} (winloss.anonymise.other_names), and is called only when a name is not found as it is; so
    is a team, region, segment or product holding a person's name ("Nadia Petrova's team" is
    "Manager 03's team" once anonymised), which a sentence would otherwise repeat.
    A rep is found whatever the case, spacing, accents or quotes of the link's name (`rep_spellings`).
    A people filter's blank choice given under another of its labels (is_blank_label: "(No coach)", made
    while a coach was named "No coach") is kept under the one it is offered under now (`blanks`:
    `blank_choices` of the deals shown), unless that label is a value, or a name in the other naming.
    """
    found: list[LinkedValues] = []
    for param in (*LINKED_PARAMS, REP_PARAM):
        given = asked.get(param, ())
        values = [v for v in ([given] if isinstance(given, str) else given) if v]
        if not values:
            continue
        if param in CHOICE_PARAMS:
            accepted, spellings = _choice_spellings(param)
            found.append(linked_values(param, [values[-1]], accepted, spellings))
            continue
        accepted = set(options_shown.get(param, ()))
        spellings = {}
        if (column := _PERSON_COLUMNS.get(param, _RENAMED_COLUMNS.get(param))) and any(v not in accepted for v in values):
            spellings = dict(other_names().get(column, {}))
            if param == REP_PARAM:  # reps differing only in case, spacing, accents or quotes are one rep (managers are not unified)
                spellings = rep_spellings(values, accepted, spellings)
        if (blank := (blanks or {}).get(param)) in accepted:
            spellings |= {v: blank for v in values if v not in accepted and v not in spellings and is_blank_label(param, v)}
        found.append(linked_values(param, values, accepted, spellings))
    return found


def unmatched_link_sentence(linked: LinkedValues, escape: Callable[[str], str] = str, fy_start_month: int = 1) -> str | None:
    """One sentence naming the values of a link's filter that matched nothing, and what the page
    shows instead; None when every value matched. The values are passed through `escape` for where
    the sentence goes; a rep or manager name is never repeated (`names_a_person`). `fy_start_month`: the
    store's fiscal year start, what the page counts quarters by when the link's fy= is no month.

    "The link's manager filter matched no manager in the data: showing every manager."
    "Part of the link's region filter ("Mars") matched no region in the data: filtering by the rest."
    "The link's close date ("Last decade") is none of the sidebar's choices: showing Last 4 quarters."
    """
    if not linked.unmatched:
        return None
    named = "" if names_a_person(linked.param) else " ({})".format(", ".join(f'"{escape(v)}"' for v in linked.unmatched))
    if linked.param in CHOICE_PARAMS:
        noun, fallback = CHOICE_PARAMS[linked.param]
        if linked.param == "fy":
            fallback = MONTHS[fy_start_month - 1]
        return f"The link's {noun}{named} is none of the sidebar's choices: showing {fallback}."
    noun = DIMENSION_LABELS[linked.param].lower() if linked.param in DIMENSION_LABELS else linked.param  # "rep", "outcome"
    if linked.kept:
        return f"Part of the link's {noun} filter{named} matched no {noun} in the data: filtering by the rest."
    return f"The link's {noun} filter{named} matched no {noun} in the data: showing every {noun}."


def _code(value: str | None, labels: Mapping[str, str]) -> str | None:
    """The code for a URL value written as a code or as its label; None for anything else."""
    if value in labels:
        return value
    return next((code for code, label in labels.items() if label == value), None)


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def size_cut_points(deals: pl.LazyFrame) -> tuple[float, float] | None:
    """Amount terciles of all closed deals with an amount in the reporting currency, as the caption writes
    them (measures.bands.cut_points: three figures, 59,331.41 -> 59,300): the Small / Medium / Large bands.
    A deal no exchange rate converts has none, so it is in no band (and adding its rate moves the cut points)."""
    cuts = (
        deals.filter(pl.col("outcome") != "open", pl.col("amount").is_not_null())
        .select(pl.col("amount").quantile(1 / 3).alias("lo"), pl.col("amount").quantile(2 / 3).alias("hi"))
        .collect()
    )
    return cut_points(*cuts.row(0))


def with_size_band(deals: pl.LazyFrame, cuts: tuple[float, float] | None) -> pl.LazyFrame:
    """Deals with `size_band` (null where there is no amount in the reporting currency: none exported,
    or one no exchange rate converts; null for every deal when `cuts` is None)."""
    if cuts is None:
        return deals.with_columns(size_band=pl.lit(None, pl.String))
    lo, hi = cuts
    return deals.with_columns(
        size_band=pl.when(pl.col("amount").is_null())
        .then(None)
        .when(pl.col("amount") <= lo)
        .then(pl.lit("Small"))
        .when(pl.col("amount") <= hi)
        .then(pl.lit("Medium"))
        .otherwise(pl.lit("Large"))
    )


def dimension_conditions(filters: Filters) -> dict[str, pl.Expr]:
    """Dimension -> what a deal must hold to pass that dimension's filter: one of its selected values, or
    no value where the filter's blank choice is selected (Filters.blank: Coach = "No coach" keeps the deals
    of reps no coach coaches; where a coach is named "No coach", "(No coach)" does). Otherwise a deal with
    no value in the column (no region; no coach; no size band: no amount, or an amount no exchange rate
    converts) passes none: it cannot be placed (views.common.unplaced counts such deals). An expression
    that may be null on a deal with no value."""
    conditions = {}
    for dimension, values in filters.selected:
        if dimension not in DIMENSIONS:
            continue
        column = pl.col(DIMENSIONS[dimension])
        condition = column.is_in(list(values))
        conditions[dimension] = condition | column.is_null() if filters.blank(dimension) in values else condition
    return conditions


def applied(deals: pl.LazyFrame, filters: Filters) -> pl.LazyFrame:
    """Deals matching every dimension filter (the date range is applied by each metric). Pass the
    filters through `in_force` first, so a filter selecting every value is none."""
    for condition in dimension_conditions(filters).values():
        deals = deals.filter(condition)
    return deals


# The dimension filters of who a rep is (roster fields, one value per rep), as against those of a deal
# (close date, region, segment, product, size). They choose which reps a page lists, never whom a listed
# rep is compared with: a rep's peers and team (views.reps.rep) are theirs whatever these select.
PEOPLE_DIMENSIONS = ("team", "manager", "coach", "profile", "source")


def benchmark_filters(filters: Filters) -> Filters:
    """`filters` without its PEOPLE_DIMENSIONS filters: those a rep's benchmarks (their profile peers and
    their team) are drawn under. The deal filters stay, so the rep's deals and theirs are alike: Region =
    APAC and Seller profile = Challenger had narrowed a Challenger's team APAC to the rep alone, "APAC
    (n = 36) 42%" beside "Kenji Watanabe (n = 36) 42%"."""
    return filters.replace(selected=tuple((d, v) for d, v in filters.selected if d not in PEOPLE_DIMENSIONS))


def in_force(filters: Filters, offered: Mapping[str, Collection[str]],
             blanks: Mapping[str, str] | None = None) -> Filters:
    """`filters` without each dimension filter that selects every value it offers (`offered`, `options`
    of the deals as shown): selecting them all is selecting none. Small + Medium + Large had left out
    every deal without a size band (a won deal in a currency with no exchange rate, a deal with no
    amount), moving the win rate and dropping the "no rate for EUR" note; every region, the deals with
    no region. Pages, links and the review's files all read the filters through this.

    `blanks` (`blank_choices` of the same deals: dimension -> its blank choice's label) says which label
    selects each kept people filter's blank choice (Filters.blank), so a coach named "No coach" chooses
    that coach's deals alone; None keeps the labels `filters` holds."""
    kept = tuple((dimension, values) for dimension, values in filters.selected
                 if not (every := set(offered.get(dimension, ()))) or not every <= set(values))
    labels = filters.blank_labels if blanks is None else tuple(sorted(
        (dimension, label) for dimension, label in blanks.items()
        if label != BLANK_CHOICES.get(dimension) and dimension in dict(kept)))
    if kept == filters.selected and labels == filters.blank_labels:
        return filters
    result = filters.replace(selected=kept, blank_labels=labels)
    for dimension, _ in labels:  # the blank choice last, under its label, as the sidebar offers it
        result = result.with_values(dimension, result.values(dimension))
    return result


def _reading(value: str) -> str:
    """How a value reads, whatever its case or spacing: "no  Coach " reads as "No coach" does."""
    return " ".join(value.split()).casefold()


def _blank_label(dimension: str, depth: int) -> str:
    """`dimension`'s BLANK_CHOICES label in `depth` pairs of parentheses: "No coach", "(No coach)", ..."""
    return "(" * depth + BLANK_CHOICES[dimension] + ")" * depth


def blank_choice(dimension: str, values: Iterable[str]) -> str | None:
    """The label a people filter's blank choice is offered under beside `values` (the values its deals hold):
    the first of "No coach", "(No coach)", "((No coach))", ... that no value reads as, whatever its case or
    spacing (`_reading`), so the same values always give the same label. A roster may name a coach "No coach"
    (or "no  coach"): that coach keeps the name, and the reps no coach coaches are "(No coach)". One string
    had chosen both, and the sidebar listed it twice. None for a dimension with no blank choice (Region)."""
    if dimension not in BLANK_CHOICES:
        return None
    read = {_reading(value) for value in values}
    depth = 0
    while _reading(_blank_label(dimension, depth)) in read:
        depth += 1
    return _blank_label(dimension, depth)


def is_blank_label(dimension: str, value: str) -> bool:
    """Whether `value` is one of the labels `blank_choice` may give `dimension`'s blank choice ("No coach",
    "(No coach)", ...): the one a link carries may be another than the data's now."""
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1]
    return value == BLANK_CHOICES.get(dimension)


def blank_choices(deals: pl.DataFrame, also_named: Mapping[str, Collection[str]] | None = None) -> dict[str, str]:
    """Dimension -> its blank choice's label (`blank_choice`) for each people filter of BLANK_CHOICES whose
    column some deal of `deals` has a value in, offered or not (`options` offers it where some deal has none).
    `also_named`: column -> names its values stand for in the other naming (with names anonymised, the
    real names: {"coach": {"No coach": "Coach 03"}}), which the label reads as none of either: a coach named
    "No coach" is "Coach 03" anonymised, and the blank choice "(No coach)" in both namings, so a link made in
    one keeps its meaning in the other."""
    found: dict[str, str] = {}
    for dimension in BLANK_CHOICES:
        column = DIMENSIONS[dimension]
        if column in deals.columns and (values := deals.get_column(column).drop_nulls().unique().cast(pl.String).to_list()):
            label = blank_choice(dimension, [*values, *(also_named or {}).get(column, ())])
            if label is not None:
                found[dimension] = label
    return found


def options(deals: pl.DataFrame, also_named: Mapping[str, Collection[str]] | None = None) -> dict[str, list[str]]:
    """The values each dimension filter can take, sorted, nulls left out (the size bands always), and after
    them a people filter's blank choice (`blank_choices`: "No coach") when some deals have a value and some none:
    the deals of reps no coach coaches could not be chosen, so a coaching programme had no control group.
    `also_named`: as `blank_choices` reads it."""
    blanks = blank_choices(deals, also_named)
    result: dict[str, list[str]] = {}
    for dimension, column in DIMENSIONS.items():
        if column == "size_band":
            result[dimension] = list(SIZE_BANDS)
        elif column in deals.columns:
            values = deals.get_column(column)
            result[dimension] = sorted(values.drop_nulls().unique().to_list())
            if dimension in blanks and values.null_count():
                result[dimension].append(blanks[dimension])
    return result
