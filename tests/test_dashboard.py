"""The frame itself: it runs on the sample, and a store it cannot reach is one sentence."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


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
