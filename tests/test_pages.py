"""The analysis pages through AppTest on the sample: they render, follow the filters, drill to a rep."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from winloss import charts
from winloss.metrics import selected_rep
from winloss.theme import PROFILE_COLOURS

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
# page -> (title, charts at least, tiles, tables at least)
PAGES = {
    "overview": ("Overview", 2, 4, 0),
    "profiles": ("Seller profiles", 4, 0, 1),
    "no_decision": ("No decision", 7, 4, 1),
    "reps": ("Reps", 1, 0, 1),
}
# The sidebar's bound widgets write their labels into the URL ("Excluding no decision", "true").
EXCLUDING_NO_DECISION = "Excluding no decision"
ON = "true"
# No team of the sample sells in EMEA and North America both.
NOTHING = {"region": "EMEA", "team": "NA Enterprise"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_store: Path) -> Iterator[Path]:
    """An empty customer store, so pages measure the sample (built once per session)."""
    base = tmp_path_factory.mktemp("analysis_pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINLOSS_STORE", str(base / "store"))
        patch.setenv("WINLOSS_SAMPLE_STORE", str(sample_store))
        yield sample_store


def opened(page: str, **query: str | list[str]) -> AppTest:
    """`page` opened from the app's front door with `query` in the URL (as a shared link would)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    return at


def shown(at: AppTest) -> str:
    """Every number a page shows, as text: tiles, chart specs and tables."""
    parts = [f"{m.label}={m.value}" for m in at.metric]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [str(frame.value) for frame in at.dataframe]
    return "\n".join(parts)


def texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("caption", "markdown", "info") for e in at.get(kind))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_its_key_elements(sample, page: str) -> None:
    title, n_charts, n_tiles, n_tables = PAGES[page]
    at = opened(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    assert len(at.get("plotly_chart")) >= n_charts
    assert len(at.metric) == n_tiles
    assert len(at.dataframe) >= n_tables
    # Every page states the range it measures and the win-rate definition in force.
    assert "Closed 1 Oct 2025 – 30 Sep 2026" in texts(at)
    assert "Win rate = won ÷ all closed deals" in texts(at)


def test_a_filter_in_the_url_reaches_every_page(sample) -> None:
    for page in PAGES:
        everyone, emea = opened(page), opened(page, region="EMEA")
        assert not emea.exception, (page, [e.value for e in emea.exception])
        assert emea.session_state["_view"].filters.values("region") == ("EMEA",)
        assert shown(emea) != shown(everyone), page


def test_the_win_rate_definition_switches_everywhere(sample) -> None:
    for page in PAGES:
        at = opened(page, rate=EXCLUDING_NO_DECISION)
        assert not at.exception
        assert at.session_state["_view"].filters.denominator == "excluding_no_decision"
        assert "won ÷ (won + lost), excluding no-decision deals" in texts(at), page


def test_a_filter_that_matches_nothing_says_so(sample) -> None:
    for page in PAGES:
        at = opened(page, **NOTHING)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert any("Widen the date range" in i.value for i in at.info), page
        assert not at.get("plotly_chart")


def test_a_click_on_a_rep_bar_names_the_rep(sample) -> None:
    at = opened("reps")
    board = at.dataframe[0].value  # the leaderboard as shown
    figure = charts.rate_bars(pl.from_pandas(board) if not isinstance(board, pl.DataFrame) else board, "rep",
                              title="Win rate by rep", rate="win_rate", colour_by="seller_profile",
                              colours=PROFILE_COLOURS, customdata=["seller_profile"], horizontal=True)
    third = figure.data[0]
    point = {"curve_number": 0, "point_number": 2, "point_index": 2, "x": third.x[2], "y": third.y[2],
             "customdata": list(third.customdata[2])}
    assert selected_rep({"selection": {"points": [point], "box": [], "lasso": []}}) == board["rep"][2]


def test_the_rep_in_the_url_opens_the_rep_view(sample) -> None:
    everyone = opened("reps")
    rep = everyone.dataframe[0].value["rep"][0]
    at = opened("reps", rep=rep, outcome="no_decision")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [rep]
    assert any(b.label == "All reps" for b in at.button)  # the breadcrumb back
    assert [m.label.split(" ·")[0] for m in at.metric] == ["Win rate", "No decision ÷ losses", "Closed deals",
                                                           "Won value"]
    assert len(at.get("plotly_chart")) >= 5  # scorecard ×2, trend, outcome mix, loss reasons
    deals = at.dataframe[0].value
    assert set(deals["rep"]) == {rep} and set(deals["outcome"]) == {"No decision"}  # outcome from the link


def test_an_unknown_rep_gets_a_sentence_not_a_traceback(sample) -> None:
    at = opened("reps", rep="Nobody Atall")
    assert not at.exception
    assert any("Nobody Atall has no deals" in i.value for i in at.info)


def test_hidden_amounts_show_no_money(sample) -> None:
    overview = opened("overview", hide_amounts=ON)
    assert not overview.exception
    assert not any("$" in m.value for m in overview.metric)
    assert any(m.label.startswith("Won value index") for m in overview.metric)
    reps = opened("reps", hide_amounts=ON)
    assert "won_amount" not in reps.dataframe[0].value.columns
    rep = opened("reps", hide_amounts=ON, rep=reps.dataframe[0].value["rep"][0])
    assert "amount" not in rep.dataframe[0].value.columns
    assert not any("$" in m.value for m in rep.metric)


def test_anonymised_reps_reach_the_leaderboard_and_the_rep_view(sample) -> None:
    board = opened("reps", anon=ON).dataframe[0].value
    assert all(name.startswith("Rep ") for name in board["rep"])
    at = opened("reps", anon=ON, rep=board["rep"][0])
    assert not at.exception
    assert [t.value for t in at.title] == [board["rep"][0]]
    assert "manager Manager " in texts(at)  # managers are pseudonyms too
