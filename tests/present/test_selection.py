"""A click on a chart read back: the rep or profile a Plotly selection chose, the customdata of a bar."""

from __future__ import annotations

from winloss.present.selection import first_custom, points, selected_profile, selected_rep


def test_selected_rep_from_a_plotly_selection() -> None:
    point = {"curve_number": 0, "point_index": 3, "x": 0.42, "y": "Bar", "customdata": ["Ann", 12]}
    assert selected_rep([point]) == "Ann"
    assert selected_rep([point], customdata_index=1) is None  # 12 is not a name
    # A bar of reps without customdata: the rep is on an axis.
    assert selected_rep([{"x": "Bob", "y": 0.5, "point_index": 1}]) == "Bob"
    assert selected_rep([{"x": 0.5, "y": "Cat"}]) == "Cat"
    assert selected_rep([{"label": "Dan", "value": 3}]) == "Dan"
    # The whole event or selection works too.
    assert selected_rep({"selection": {"points": [point], "point_indices": [3]}}) == "Ann"
    # Nothing selected, or several reps: no single rep.
    assert selected_rep([]) is None
    assert selected_rep(None) is None
    assert selected_rep([point, {"x": "Bob", "y": 1}]) is None
    assert selected_rep([point, {**point, "point_index": 4}]) == "Ann"


def test_selected_profile_from_a_plotly_selection() -> None:
    assert selected_profile([{"x": "Challenger", "y": 0.4}]) == "Challenger"
    assert selected_profile([{"customdata": ["Lone Wolf"], "x": 1, "y": 2}]) == "Lone Wolf"
    # A rep bar coloured by profile: the rep is on x, the profile in the legend group.
    point = {"x": "Ann", "y": 0.5, "legendgroup": "Hard Worker"}
    assert selected_profile([point]) == "Hard Worker"
    assert selected_profile([{"x": "Ann", "y": 0.5}]) is None
    assert selected_profile([{"x": "problem solver"}]) == "Reactive Problem Solver"


def test_points_and_first_custom_from_an_event_a_selection_or_nothing() -> None:
    point = {"x": "Ann", "customdata": ["Ann", 3]}
    event = {"selection": {"points": [point], "box": [], "lasso": []}}
    assert points(event) == [point] and points(event["selection"]) == [point] and points([point]) == [point]
    assert points(None) == [] and points({"selection": {"points": []}}) == [] and points({"selection": None}) == []
    assert first_custom(event) == ["Ann", 3]
    assert first_custom({"selection": {"points": [{"x": 1, "customdata": "Q1"}]}}) == ["Q1"]  # a lone value as a list
    assert first_custom({"selection": {"points": [{"x": 1}]}}) is None and first_custom(None) is None

    class Event:  # Streamlit may hand the event over as an object with attributes
        selection = type("Selection", (), {"points": [point]})()

    assert points(Event()) == [point] and first_custom(Event()) == ["Ann", 3]
