"""What a click on a chart chose: the points of a Plotly selection, read back as a rep, a profile
or the category a bar stands for (customdata[0] of every bar, see winloss.present.charts)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from data_models.vocabulary import canonical_profile
from winloss import text

if TYPE_CHECKING:
    import plotly.graph_objects as go


def points(event: Any) -> list[Mapping[str, Any]]:
    """The selected points of a chart event, however it is given: the event of
    st.plotly_chart(on_select="rerun") (a mapping, or an object with a `selection` attribute), its
    selection, or the list of points itself. None or an empty selection gives no points.
    """
    if not event:
        return []
    if isinstance(event, Mapping):
        if "selection" in event:
            return points(event["selection"])
        return list(event.get("points") or [])
    for attribute in ("selection", "points"):
        found = getattr(event, attribute, None)
        if found is not None:
            return points(found) if attribute == "selection" else list(found)
    return list(event)


def first_custom(event: Any) -> list | None:
    """customdata of the first selected point, always as a list; None when there is none."""
    chosen = points(event)
    if not chosen:
        return None
    custom = chosen[0].get("customdata")
    if custom is None:
        return None
    return list(custom) if isinstance(custom, (list, tuple)) else [custom]


def _customdata(point: Mapping[str, Any], index: int) -> Any:
    """customdata[index] of a point (a lone value counts as index 0), or None."""
    custom = point.get("customdata")
    if isinstance(custom, (list, tuple)):
        return custom[index] if len(custom) > index else None
    return custom if index == 0 else None


def _axis_values(point: Mapping[str, Any]) -> list[Any]:
    return [point.get(key) for key in ("label", "legendgroup", "x", "y")]


def selected_rep(selection_points: Any, customdata_index: int = 0) -> str | None:
    """The rep chosen in a Plotly selection (st.plotly_chart(on_select="rerun")), or None.

    Charts put the rep in customdata[customdata_index], which is then the only place looked at;
    a point without customdata gives the first text among label, x and y (a bar of reps).
    Several points of the same rep give that rep; points of different reps give None, as no
    single rep was chosen.
    """
    reps = set()
    for point in points(selection_points):
        if point.get("customdata") is not None:
            candidates = [_customdata(point, customdata_index)]
        else:
            candidates = [point.get(key) for key in ("label", "x", "y")]
        rep = next((v for v in candidates if isinstance(v, str) and v.strip()), None)
        if rep is not None:
            reps.add(rep)
    return reps.pop() if len(reps) == 1 else None


def selected_profile(selection_points: Any, customdata_index: int = 0) -> str | None:
    """The seller profile chosen in a Plotly selection, or None (as selected_rep).

    Only a value that names a profile counts, so customdata, label, legend group (a bar
    coloured by profile), x and y are all tried in that order.
    """
    profiles = set()
    for point in points(selection_points):
        candidates = [_customdata(point, customdata_index), *_axis_values(point)]
        for value in candidates:
            profile = canonical_profile(value) if isinstance(value, str) else None
            if profile is not None:
                profiles.add(profile)
                break
    return profiles.pop() if len(profiles) == 1 else None


# ---- a chart's bars and points as a list to choose from ---------------------------------------------
# A click on a bar or point drills down; a keyboard cannot reach a bar. Each chart that drills offers the
# same choices in a list under it (ui.widgets.chart): each a readable name and the point a click on it
# would select, so the pages read a choice as they read a click.

class Choice(NamedTuple):
    """One bar or point of a chart a click can select: `label`, its plain text (the category, with its
    trace's name where a category has several choices), and `point`, the point Plotly's selection
    event (st.plotly_chart(on_select="rerun")) gives for a click on it."""

    label: str
    point: dict[str, Any]


_N_LINE = re.compile(r"n = [\d.,]+[kMB]?")  # a tick's line that gives its category's n ("n = 1,234", "n = 1.1k")
_SPACES = re.compile(r"\s+")


def drillable(trace: Any) -> bool:
    """Whether a click on `trace` (a Plotly trace) drills: a bar or scatter trace with customdata
    whose hover is not skipped. A skipped one is words past a whisker or a legend's stand-in (its
    click selects what its bar's does); a reference line has no customdata."""
    return trace.type in ("bar", "scatter") and trace.customdata is not None and trace.hoverinfo != "skip"


def _plain_data(value: Any) -> Any:
    """A figure's value as the JSON a selection event carries: tuples and arrays as lists."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain_data(v) for v in value]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _drawn(value: Any) -> bool:
    """Whether a bar's length or a point's value is drawn (None and NaN are not)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _category_axis(figure: go.Figure, trace: Any) -> tuple[str, Any]:
    """"x" or "y": the axis of `trace` that names its categories, and that axis of the layout. A
    horizontal bar's is y, any other trace's x; but a scatter whose x are numbers on an axis without
    tick names and whose y axis names its ticks (the profile mix: numeric y, a profile per tick) has y."""
    if trace.type == "bar" and trace.orientation == "h":
        side = "y"
    else:
        side = "x"
        y_axis = _axis(figure, trace, "y")
        if (trace.type == "scatter" and all(_is_number(v) for v in (trace.x or ()) if v is not None)
                and y_axis.ticktext and not _axis(figure, trace, "x").ticktext):
            side = "y"
    return side, _axis(figure, trace, side)


def _axis(figure: go.Figure, trace: Any, side: str) -> Any:
    """The layout's axis `trace` is drawn on, on `side` ("x" or "y": "y2" is layout.yaxis2)."""
    anchor = getattr(trace, f"{side}axis") or side
    return figure.layout[f"{side}axis{anchor[1:]}"]


class _Ticks(NamedTuple):
    """An axis's tickvals, ticktext and categoryarray as the figure holds them, read off it once per trace for
    its choices: each read of a Plotly property (its validator, its path) cost 20-50 µs, and every choice read
    them five to ten times, 3-17 ms of a page's run. What `_tick_position`, `category_text` and `_order` read of
    an axis, under the same names."""

    tickvals: Any
    ticktext: Any
    categoryarray: Any


def _ticks(axis: Any) -> _Ticks:
    return _Ticks(axis.tickvals, axis.ticktext, axis.categoryarray)


def _tick_position(axis: Any, value: Any) -> int | None:
    """The index of `value`'s tick among the axis's tickvals: the tick itself, or for a number
    (a point placed beside its category's tick) the nearest tick. None when the axis names none."""
    ticks = list(axis.tickvals or ())
    if not ticks or not axis.ticktext:
        return None
    if value in ticks:
        return ticks.index(value)
    if _is_number(value) and all(_is_number(t) for t in ticks):
        return min(range(len(ticks)), key=lambda i: abs(ticks[i] - value))
    return None


def category_text(value: Any, axis: Any, custom: Any = None, with_n: bool = True) -> str:
    """The readable plain text of a point's category: its tick's text where the axis names its ticks
    (tickvals / ticktext), else the value as the axis places it, made plain (text.plain_lines); a
    line of the tick that gives the category's n in parentheses after the name ("2026 Q3 (n = 1,234)",
    "Challenger (n = 2,651)"). A tick cut short with "…" to fit the chart gives the whole value instead
    (two long names cut alike would read as one). A number no tick names gives customdata[0] where it
    is text (`custom`). `with_n` False leaves the n out: where a category has several choices the tick's n
    counts the deals of one of them only (a quarter's closed deals, not its losses)."""
    position = _tick_position(axis, value)
    shown: Any = value
    if position is not None:
        shown = axis.ticktext[position]
        if text.ELLIPSIS in text.plain(shown) and isinstance(value, str) and text.ELLIPSIS not in text.plain(value):
            shown = value
    elif _is_number(value):
        first = custom[0] if isinstance(custom, list) and custom else custom
        shown = first if isinstance(first, str) else value
    lines = [(f"({line.strip()})" if with_n else "") if _N_LINE.fullmatch(line.strip()) else line
             for line in text.plain_lines(shown)]
    return _SPACES.sub(" ", " ".join(lines)).strip()


def _order(axis: Any, value: Any, first_seen: dict[Any, int]) -> float:
    """Where a category stands along its axis, for the list's order: its place in the axis's
    categoryarray or tickvals where given (the nearest tick of a number), else in the order the
    figure first places it."""
    for array in (axis.categoryarray, axis.tickvals):
        listed = list(array or ())
        if value in listed:
            return float(listed.index(value))
    position = _tick_position(axis, value)
    if position is not None:
        return float(position)
    return float(first_seen.setdefault(_key(value), len(first_seen)))


def _key(value: Any) -> Any:
    """`value` (customdata, an axis value) as a dict key: lists as tuples."""
    return tuple(_key(v) for v in value) if isinstance(value, list) else value


def choices(figure: go.Figure) -> list[Choice]:
    """The bars and points of `figure` a click can select (its drillable traces: `drillable`), each
    once, as Choice(label, point), in the order they are read along the category axis (top to bottom,
    left to right), a category's traces in the figure's order. `point` is shaped as Plotly's selection
    event gives a clicked point ({"curve_number", "point_number", "point_index", "x", "y", "customdata"},
    and "legendgroup" where the trace has one), so points / first_custom / selected_rep /
    selected_profile read a choice exactly as a click.

    Points that select the same thing (the same customdata: a quarter on the trend's two lines, a
    profile's four marks on the profile mix) are one choice, the first. A point with nothing drawn (a
    rate of None) is none, nor is a bar with no deal behind it (DEALS_META: a quarter no deal closed in,
    an outcome of 0 deals), which the chart may draw at 0 but which opened an empty list. `label` is the category's readable text (category_text), with its trace's
    name after it, and no n, where a category has several choices ("2025 Q3 — No decision"); two
    choices never read alike (a repeated label is numbered)."""
    found: list[tuple[float, int, int, str, str, str, dict[str, Any]]] = []
    seen: set[Any] = set()
    first_seen: dict[Any, int] = {}
    for trace in figure.data:  # Plotly orders a category axis as its traces first place each category, drawn or not
        if trace.type not in ("bar", "scatter"):
            continue
        side = _category_axis(figure, trace)[0]
        for value in (trace.y if side == "y" else trace.x) or ():
            first_seen.setdefault(_key(_plain_data(value)), len(first_seen))
    for number, trace in enumerate(figure.data):
        if not drillable(trace):
            continue
        side, plotted = _category_axis(figure, trace)
        axis = _ticks(plotted)
        xs, ys = list(trace.x or ()), list(trace.y or ())
        custom = _plain_data(trace.customdata)
        marks, behind = _marks(trace), _deals(trace)
        group, name = trace.legendgroup, _trace_name(trace)
        for i in range(min(len(xs), len(ys), len(custom))):
            x, y = _plain_data(xs[i]), _plain_data(ys[i])
            category, value = (y, x) if side == "y" else (x, y)
            if not _drawn(value) or not _drawn(category) or _key(custom[i]) in seen:
                continue
            if i < len(behind) and behind[i] == 0:  # nothing to open: a choice of it listed no deal
                continue
            seen.add(_key(custom[i]))
            point: dict[str, Any] = {"curve_number": number, "point_number": i, "point_index": i, "x": x, "y": y,
                                     "customdata": custom[i]}
            if group:
                point["legendgroup"] = group
            bare = category_text(category, axis, custom[i], with_n=False)
            mark = marks[i] if i < len(marks) else ""
            found.append((_order(axis, category, first_seen), number, i,
                          _marked(category_text(category, axis, custom[i]), mark), _marked(bare, mark),
                          name, point))
    found.sort(key=lambda f: f[:3])
    # Every choice names its trace where one category alone would not tell two choices apart (a quarter's
    # three outcomes, its win rate and its no-decision share), without the tick's n, which counts one trace's
    # deals only; where each category is one choice, by whichever trace (a quarter with no win rate offered
    # by its no-decision point), the category says it all.
    categories = [f[3] for f in found]
    several = len(set(categories)) < len(categories)
    made: list[Choice] = []
    counted: dict[str, int] = {}
    for *_, category, bare, name, point in found:
        label = f"{bare} — {name}" if several and name else category
        counted[label] = counted.get(label, 0) + 1
        # A name in right-to-left letters is isolated from its number, which read before it (text.isolated).
        made.append(Choice(label if counted[label] == 1 else f"{text.isolated(label)} ({counted[label]})", point))
    return made


# A withheld rate's placeholder trace's meta key (present.withheld) for the name of the trace it stands in for
# ("Win rate"): its own name, "n too small", is every placeholder's, so a quarter's withheld win rate and
# no-decision share were listed "2025 Q4 — n too small" and "2025 Q4 — n too small (2)", neither saying which.
STANDS_FOR_META = "stands_for"


def _trace_name(trace: Any) -> str:
    """The name a choice of `trace`'s gives after its category ("No decision"); a withheld rate's placeholder's,
    the rate it stands in for and that it is withheld ("Win rate: n too small"); "" for an unnamed trace."""
    meta = trace.meta
    stands_for = meta.get(STANDS_FOR_META) if isinstance(meta, dict) else None
    if stands_for:
        return f"{text.plain(stands_for)}: {text.N_TOO_SMALL}"
    return text.plain(trace.name) if trace.name else ""


# A trace's meta key for the words each of its points' categories is listed with (charts.rate_bars' marks:
# a rep who left, winloss.employment.mark_words), in the points' order: "" for none.
MARKS_META = "marks"


def _marks(trace: Any) -> list[str]:
    """The words each point of `trace` is listed with (MARKS_META), [] when it gives none."""
    meta = trace.meta
    listed = meta.get(MARKS_META) if isinstance(meta, dict) else None
    return [str(m or "") for m in listed] if isinstance(listed, (list, tuple)) else []


# A trace's meta key for how many deals a click on each of its points opens, in the points' order (charts'
# bars of counts: charts.quarterly_outcomes, charts.outcome_mix): a point of 0 is no choice (choices). A trace
# without it is taken to have deals behind every point drawn: a rate's bar at 0% stands on its deals.
DEALS_META = "deals"


def _deals(trace: Any) -> list[int | None]:
    """How many deals each point of `trace` stands for (DEALS_META), [] when it does not say."""
    meta = trace.meta
    listed = meta.get(DEALS_META) if isinstance(meta, dict) else None
    return [None if n is None else int(n) for n in listed] if isinstance(listed, (list, tuple)) else []


_LAST_N = re.compile(r"\s*\(n = [\d.,]+[kMB]?\)$")  # a category's n after its name: "Ann Lee (n = 20)"


def _marked(category: str, mark: str) -> str:
    """A choice's `category` (its text, n and all) with `mark` after the name, before its n ("Ann Lee (left on
    30 Sep 2026) (n = 20)"): the words every list of reps gives (employment.marked_name). A mark the category
    already reads (a note under a column's label) is not repeated."""
    if not mark or mark in category:
        return category
    n = _LAST_N.search(category)
    return f"{category[:n.start()]} ({mark}){category[n.start():]}" if n else f"{category} ({mark})"


def choice_noun(figure: go.Figure) -> str:
    """What a chart's choices are, in words: "bar", "point", or "bar or point" where it has both."""
    kinds = {"bar" if trace.type == "bar" else "point" for trace in figure.data if drillable(trace)}
    return " or ".join(k for k in ("bar", "point") if k in kinds) or "bar"


class ChoiceWords(NamedTuple):
    """The words of a chart's list of choices: `label`, its name for a screen reader (it is not shown),
    as Markdown (a widget's label), and `placeholder`, what it reads before anything is chosen (plain text)."""

    label: str
    placeholder: str


def choice_words(figure: go.Figure) -> ChoiceWords:
    """The words of `figure`'s list of choices (ui.widgets.chart), by what its choices are (choice_noun):
    "Choose a bar…", and for a screen reader the chart's title and what choosing one does ("Win rate by
    seller profile: open a bar of this chart, as a click on it does"). Named by its title, so that a page's
    lists read apart: each had been "Open a bar of the chart above", the same on every chart. The title,
    which may hold a name from a file (a rep's, a team's), is escaped for Markdown as a screen reader reads it
    (text.md_spoken: its aria-label is the label as written); a chart without one
    is "the chart above"."""
    noun = choice_noun(figure)
    title = text.plain(figure.layout.title.text).strip() if figure.layout.title.text else ""
    label = (f"{text.md_spoken(title)}: open a {noun} of this chart, as a click on it does" if title
             else f"Open a {noun} of the chart above, as a click on it does")
    return ChoiceWords(label, f"Choose a {noun}…")
