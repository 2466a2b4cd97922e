"""How the suite's workers share its tests (tests/suite_setup.py says why): the browser journeys are two units of work."""

from __future__ import annotations

from pathlib import Path

from suite_setup import SECOND_BROWSER_UNIT, is_browser_unit, work_unit

JOURNEYS = sorted(p.name for p in (Path(__file__).parent / "e2e").glob("test_*.py"))


def test_the_journeys_are_two_units_of_about_half_of_them_each_and_nothing_else_is_one():
    units = {name: work_unit(f"tests/e2e/{name}::test_x") for name in JOURNEYS}
    assert SECOND_BROWSER_UNIT <= set(JOURNEYS)  # a journey renamed or gone from the second unit is said here
    assert sorted(set(units.values())) == ["browser", "browser-2"]
    assert all(is_browser_unit(unit) for unit in units.values())
    assert 0.3 < sum(unit == "browser-2" for unit in units.values()) / len(units) < 0.7
    for other in ("tests/test_cli.py::test_x", "tests/pages/test_page_data.py::test_y[a]"):
        assert not is_browser_unit(work_unit(other)) and work_unit(other) == other.split("::")[0]
