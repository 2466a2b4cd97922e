"""The page benchmarks call the engine as the pages do. benchmarks/ is run by hand, so nothing else
notices when a page's chart function changes under it: from 5 December every page timing of
`benchmarks/run.py` and `benchmarks/page_speed.py` stopped at a chart argument the engine no longer took.
Here each page the benchmarks time is worked out, and drawn, on the deals of the bundled sample's store."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go

from winloss.deals import page_coded_deals
from winloss.store.delta import Store

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def test_run_times_every_page_on_the_deals_of_a_store(sample_store: Path, monkeypatch) -> None:
    """run.py's page timings, on the sample's store in place of the benchmark's: every page, every filter change."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import page_speed
    import run

    monkeypatch.setattr(run, "store_path", lambda rows: sample_store)
    timed = run.page_times(10_000, runs=len(page_speed.FILTER_CHANGES))
    assert timed["deals"] == Store(sample_store).opportunities().collect().height
    assert [page for page in run.PAGES if not timed[page] > 0] == []


def test_page_speed_draws_every_pages_figures(sample_store: Path, monkeypatch) -> None:
    """page_speed.py's own report: each page's figures built and turned into the JSON the browser is sent."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import page_speed

    frame = page_coded_deals(Store(sample_store))
    rep = frame["rep"].drop_nulls()[0]
    pages = [page_speed.overview, page_speed.profiles, page_speed.no_decision, page_speed.reps,
             lambda deals, f: page_speed.rep_view(deals, f, rep)]
    for work in pages:
        figures = work(frame.lazy(), page_speed.FILTER_CHANGES[0])
        assert figures and all(isinstance(figure, go.Figure) for figure in figures), work
        engine, serialise = page_speed.median_ms(work, frame, runs=2)
        assert engine > 0 and serialise > 0
