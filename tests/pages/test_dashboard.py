"""The frame itself: it runs on the sample, and a store it cannot reach is one sentence."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def test_the_dashboard_runs_on_the_sample_without_exception(tmp_path, monkeypatch, sample_store):
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "empty"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert any("Sample data" in info.value for info in at.info)
    assert [t.value for t in at.title] == ["Overview"]
    assert len(at.metric) >= 4
    # Each tile's trend is a Plotly line, not Streamlit's own metric sparkline, which logs
    # "Infinite extent" warnings in every browser console that draws it.
    assert all(not m.proto.chart_data for m in at.metric)
    trends = [c for c in at.get("plotly_chart") if c.proto.id and "trend-" in c.proto.id]
    assert len(trends) >= len(at.metric)


def test_an_unreachable_store_is_one_sentence_not_a_traceback(monkeypatch):
    monkeypatch.setenv("WINLOSS_STORE", "s3://no-such-bucket-winloss/store")
    for key, value in {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ALLOW_HTTP": "true", "AWS_ACCESS_KEY_ID": "x",
                       "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] and at.error[0].value.startswith("The store at s3://no-such-bucket-winloss/store cannot be opened")


def test_a_link_naming_a_choice_by_its_code_opens_on_it(tmp_path, monkeypatch, sample_store):
    """?period=all (the code, as README and shared links write it) is not dropped for the default range,
    and a rate too small to show says its n once."""
    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "empty"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    default = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    linked = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    linked.query_params["period"] = "all"
    linked.query_params["rate"] = "excluding_no_decision"
    linked.run()
    assert not linked.exception
    assert linked.selectbox(key="period").value == "all"
    # The URL names the choices as the sidebar does, so a link copied from it opens on them too.
    assert (linked.query_params["period"], linked.query_params["rate"]) == ("All time", "Excluding no decision")
    closed = {m.label: m.value for m in linked.metric}["Closed deals in range"]
    assert int(closed.replace(",", "")) > int({m.label: m.value for m in default.metric}["Closed deals in range"].replace(",", ""))
    for m in [*linked.metric, *default.metric]:
        assert m.value.count("n = ") <= 1, m.value


def test_the_presenting_box_stays_open_once_its_toggles_are_used(sample) -> None:
    """The Presenting box opens with presenter mode; turning presenter mode off from inside it must not
    fold away the toggle just clicked."""
    from app_driver import opened

    at = opened("overview")

    def presenting():
        (box,) = [e for e in at.expander if e.label == "Presenting"]
        return box.proto.expanded

    assert not presenting()  # folded until asked for
    at.toggle(key="present").set_value(True).run()
    at.toggle(key="present").set_value(False).run()
    assert presenting(), "turning presenter mode off folded the box that holds its toggle"


@pytest.mark.parametrize("query", [{"present": "true"}, {"anon": "true"}, {"hide_amounts": "true"}])
def test_a_link_that_turns_a_presenting_toggle_on_opens_the_box(sample, query) -> None:
    """Whoever opens a link with names anonymised or amounts hidden sees which toggle did it."""
    from app_driver import opened

    at = opened("overview", **query)
    (box,) = [e for e in at.expander if e.label == "Presenting"]
    assert box.proto.expanded, f"{query} folded the box that says why"
    (key,) = query
    assert at.toggle(key=key).value is True


def test_a_link_that_turns_the_presenting_toggles_off_leaves_the_box_folded(sample) -> None:
    from app_driver import opened

    at = opened("overview", present="false", anon="False", hide_amounts="false")
    (box,) = [e for e in at.expander if e.label == "Presenting"]
    assert not box.proto.expanded, "a link with every toggle off opened the box, with nothing on in it to explain"


def test_no_chart_shows_the_mode_bar_or_zooms(tmp_path, monkeypatch, sample_store):
    """Plotly's mode bar covered a half-width chart's title (after a click on a bar, a "Zoom" tooltip
    over it): no chart has one, and no axis zooms or pans, so none needs its reset button."""
    import json

    monkeypatch.setenv("WINLOSS_STORE", str(tmp_path / "empty"))
    monkeypatch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) > 5  # the tiles' trends and the two charts
    for chart in charts:
        assert json.loads(chart.proto.config).get("displayModeBar") is False
        layout = json.loads(chart.proto.spec)["layout"]
        template = layout.get("template", {}).get("layout", {})
        for axis in ("xaxis", "yaxis"):  # set on the chart, or by the shared template
            assert layout.get(axis, {}).get("fixedrange", template.get(axis, {}).get("fixedrange")) is True, axis
