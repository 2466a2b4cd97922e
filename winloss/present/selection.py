"""What a click on a chart chose: the points of a Plotly selection, read back as a rep, a profile
or the category a bar stands for (customdata[0] of every bar, see winloss.present.charts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from data_models.vocabulary import canonical_profile


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
