"""No rate withheld on too few deals reaches a figure's data: not the deck's charts nor the workbooks they
embed, not the HTML report's figures (winloss.present.withheld). A hatched bar at the rate's length, and the
number behind it (0.5625 for a profile's 9 of 16 deals won), had told what the words withheld."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest
from command_line import run
from deck_shapes import every_shape
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from winloss.deals import data_as_of, deals
from winloss.export import deck as deck_module
from winloss.export.deck import STUB_WORDS, deck_bytes
from winloss.export.html import report_html
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.store.delta import Store
from winloss.text import ND_SHARE_OF_LOSSES
from winloss.views.review import Review, quarterly_review, review_from_store

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
QUARTER = "2026 Q3"
TEAM = "LATAM"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("withheld") / "store"
    done = run("ingest", str(SAMPLE / "salesforce_opportunities.csv"), "--roster", str(SAMPLE / "rep_roster.csv"),
               "--store", str(path))
    assert done.returncode == 0, done.stderr
    return Store(path)


def team_review(store: Store, hide_amounts: bool = False) -> Review:
    """The review as the page makes it with Team = TEAM: the team's deals, the filter named."""
    frame = deals(store).filter(pl.col("team") == TEAM)
    return quarterly_review(frame, QUARTER, data_as_of(store), hide_amounts=hide_amounts, data_day=data_as_of(store),
                            filtered=(("Team", (TEAM,)),))


@pytest.fixture(scope="module", params=["all", "team", "team, amounts hidden"])
def review(request, store) -> Review:
    if request.param == "all":
        return review_from_store(store, QUARTER)
    return team_review(store, hide_amounts=request.param.endswith("hidden"))


@pytest.fixture(scope="module")
def pptx(review) -> bytes:
    """The review's deck, made once for the tests that only read it (0.15 s of CPU a deck)."""
    return deck_bytes(review)


def withheld_and_shown(review: Review) -> tuple[set[float], set[float]]:
    """The review's rates on too few deals, and those it shows (a withheld rate may equal one shown)."""
    held: set[float] = set()
    shown: set[float] = set()
    pairs = [(review.profiles, "win_rate", "small_n"), (review.profiles, "previous_win_rate", "previous_small_n"),
             (review.no_decision, "no_decision_share_of_losses", "small_n")]
    for frame, rate, small in pairs:
        for value, few in frame.select(rate, small).rows():
            if value is not None:
                (held if few else shown).add(float(value))
    for row in review.kpis.iter_rows(named=True):
        for value, few in ((row["value"], row["small_n"]), (row["previous"], row["small_n_previous"]),
                           (row["last_year"], row["small_n_last_year"])):
            if value is not None and row["kind"] == "rate":
                (held if few else shown).add(float(value))
    return held, shown


def numbers_in(text: str) -> set[float]:
    return {float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)}


def test_the_review_has_rates_to_withhold(store) -> None:
    held, _ = withheld_and_shown(team_review(store))
    assert len(held) >= 3


def test_no_withheld_rate_is_in_the_decks_charts_or_their_workbooks(review, pptx) -> None:
    held, shown = withheld_and_shown(review)
    only_held = held - shown
    deck = pptx
    written: set[float] = set()
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        for name in package.namelist():
            if name.startswith("ppt/charts/"):
                written |= {float(v) for v in re.findall(r"<c:v>([-0-9.eE]+)</c:v>", package.read(name).decode())}
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(package.read(name))) as workbook:
                    for part in workbook.namelist():
                        if part.startswith("xl/worksheets/"):
                            written |= {float(v) for v in re.findall(r"<v>([-0-9.eE]+)</v>", workbook.read(part).decode())}
    assert written, "no chart data read"
    assert not {h for h in only_held if any(abs(h - w) < 1e-9 for w in written)}, only_held


def test_a_withheld_win_rate_has_a_stub_in_its_place_on_the_profiles_slide(review, pptx) -> None:
    slide = Presentation(io.BytesIO(pptx)).slides[3]
    (chart,) = [s.chart for s in every_shape(slide.shapes) if s.has_chart]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    rows = review.profiles.to_dicts()
    places = [p for r in rows for p in ((r["previous_win_rate"], r["previous_small_n"]), (r["win_rate"], r["small_n"]))]
    held = [bool(small) and rate is not None for rate, small in places]
    assert [v is None for v, h in zip(series["Win rate"], held, strict=True) if h] == [True] * sum(held)
    assert series[PLACEHOLDER_NAME] == [None] * len(places)  # the legend's key: no value anywhere
    stubs = {s.name: s for s in every_shape(slide.shapes) if not s.has_chart and s.name.startswith(f"{PLACEHOLDER_NAME} ")
             and "words" not in s.name}
    assert sorted(stubs) == sorted(f"{PLACEHOLDER_NAME} {i + 1}" for i, h in enumerate(held) if h)
    assert len({s.height for s in stubs.values()}) <= 1  # one length for every withheld rate, no rate's


def series_cells(chart) -> dict[str, dict[int, str]]:
    """Each series of `chart` (python-pptx) by name: the points its chart XML caches (`c:numCache`, what is
    drawn) and the cells of its column in the embedded workbook (what PowerPoint's Edit Data shows), each
    {place (0 the first category): the value as written}, the cache's keys prefixed "cache", the sheet's "sheet"."""
    sheet = ""
    with zipfile.ZipFile(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    found: dict[str, dict[int, str]] = {}
    for ser in chart._chartSpace.xpath(".//c:ser"):
        name = ser.xpath("./c:tx//c:v")[0].text
        cache = {int(pt.get("idx")): pt.xpath("./c:v")[0].text for pt in ser.xpath("./c:val//c:numCache/c:pt")}
        (ref,) = ser.xpath("./c:val/c:numRef/c:f")
        column, first = re.match(r".*!\$([A-Z]+)\$(\d+):", ref.text).groups()
        cells = {int(row) - int(first): value for row, value in
                 re.findall(rf'<c r="{column}(\d+)"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>', sheet)
                 if int(row) >= int(first)}  # the series' name is its header cell
        found[name] = {**{("cache", k): v for k, v in cache.items()}, **{("sheet", k): v for k, v in cells.items()}}
    return found


def profiles_chart(review: Review) -> tuple[Review, int, str, str, set[int]]:
    """The review, the profiles slide's index, its chart's title ("" for none), its rates' series, and the bar
    places it withholds (the previous quarter's then this quarter's, each profile)."""
    rows = review.profiles.to_dicts()
    places = [p for r in rows for p in ((r["previous_win_rate"], r["previous_small_n"]), (r["win_rate"], r["small_n"]))]
    return review, 3, "", "Win rate", {i for i, (rate, small) in enumerate(places) if small and rate is not None}


def share_of_losses_chart(review: Review) -> tuple[Review, int, str, str, set[int]]:
    """profiles_chart's for the no-decision slide's line chart, its 2nd and 3rd quarters on too few losses."""
    table = review.no_decision
    small = [i in (1, 2) for i in range(table.height)]
    review = dataclasses.replace(review, no_decision=table.with_columns(pl.Series("small_n", small)))
    shares = table.get_column("no_decision_share_of_losses").to_list()
    return review, 4, "Share of losses", ND_SHARE_OF_LOSSES, {i for i, s in enumerate(small) if s and shares[i] is not None}


@pytest.mark.parametrize("withheld_chart", [profiles_chart, share_of_losses_chart], ids=["profiles", "share of losses"])
def test_no_withheld_place_holds_a_number_in_the_editable_charts_data(review, pptx, withheld_chart) -> None:
    """Edit Data on the profiles chart showed 3% under "n too small" at each withheld profile, and its chart XML
    cached 0.03: the stub's length, held as a value a reader takes for the rate; on the share of losses' line,
    "-5%" at each withheld quarter, its ring's height in the band under 0%. At a withheld place no series holds
    a number, neither in the chart's cache nor in its workbook: the stub or ring is drawn over the chart in its
    place, one a withheld place, and the "n too small" series is empty."""
    charted, index, title, rates, held = withheld_chart(review)
    assert held, "the review should withhold a rate"
    slide = Presentation(io.BytesIO(pptx if charted is review else deck_bytes(charted))).slides[index]
    (chart,) = [s.chart for s in every_shape(slide.shapes) if s.has_chart
                and (s.chart.chart_title.text_frame.text if s.chart.has_title else "") == title]
    cells = series_cells(chart)
    assert set(cells) == {rates, PLACEHOLDER_NAME}
    assert any(cells[rates]), "no chart data read"
    for name, written in cells.items():
        assert not [(where, i, v) for (where, i), v in written.items() if i in held], name
    assert not cells[PLACEHOLDER_NAME]
    drawn = [s.name for s in every_shape(slide.shapes) if not s.has_chart and s.name.startswith(f"{PLACEHOLDER_NAME} ")
             and "words" not in s.name]
    assert sorted(drawn) == sorted(f"{PLACEHOLDER_NAME} {i + 1}" for i in held)


def figure_json(page: str) -> list[dict]:
    """Every Plotly figure's data written into the HTML report."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(page, match.end())[0]
            for match in re.finditer(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*", page)]


def test_no_withheld_rate_or_its_interval_is_in_the_html_reports_figures(review) -> None:
    held, shown = withheld_and_shown(review)
    page = report_html(review)
    traces = [t for figure in figure_json(page) for t in figure]
    assert traces, "no figure read"
    # The numbers each trace draws or carries: its places, customdata and whiskers.
    data = json.dumps([{k: t.get(k) for k in ("x", "y", "customdata", "error_x", "error_y")} for t in traces])
    assert not (held - shown) & {float(v) for v in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", data)}
    hovers = [h for t in traces for h in (t.get("hovertext") or []) if isinstance(h, str)]
    assert not [h for h in hovers if "n too small" in h and "interval" in h]


def shapes_drawn(deck: bytes) -> list[list[tuple]]:
    """Each slide's shapes as drawn, a group's shapes in its place and the group itself left out: (kind, name,
    left, top, width, height, text), a chart's kind its chart type. Only a withheld mark's name is the deck's
    own; a shape python-pptx names ("Chart 9") is named by its id, which a group before it takes one of."""
    drawn = []
    for slide in Presentation(io.BytesIO(deck)).slides:
        drawn.append([(s.chart.chart_type if s.has_chart else s.shape_type,
                       s.name if s.name.startswith(PLACEHOLDER_NAME) else "", s.left, s.top, s.width, s.height,
                       s.text_frame.text if s.has_text_frame else "")
                      for s in every_shape(slide.shapes) if s.shape_type != MSO_SHAPE_TYPE.GROUP])
    return drawn


@pytest.mark.parametrize("withheld_chart", [profiles_chart, share_of_losses_chart], ids=["profiles", "share of losses"])
def test_a_chart_and_its_withheld_marks_are_one_group(review, withheld_chart, monkeypatch) -> None:
    """The stubs and rings (and their words) drawn over a chart were shapes of their own: a user who moved or
    resized the chart in PowerPoint left them where they were, over another bar or off the chart. The chart and
    its marks are one group, the chart under them, nothing else in it; every shape stands where it stood."""
    review, index, title, _, held = withheld_chart(review)
    assert held, "the review should withhold a rate"
    deck = deck_bytes(review)
    slide = Presentation(io.BytesIO(deck)).slides[index]
    (group,) = [g for g in slide.shapes if g.shape_type == MSO_SHAPE_TYPE.GROUP and any(
        s.has_chart and (s.chart.chart_title.text_frame.text if s.chart.has_title else "") == title for s in g.shapes)]
    chart, *marks = list(group.shapes)
    assert chart.has_chart  # first: the marks over it
    assert sorted(m.name for m in marks) == sorted(name for i in held
                                                   for name in (f"{PLACEHOLDER_NAME} {i + 1}", f"{STUB_WORDS} {i + 1}"))
    assert not [s.name for s in slide.shapes if s.name.startswith((f"{PLACEHOLDER_NAME} ", STUB_WORDS))]  # none left out
    # The group's own space is the slide's, so its shapes stand where they were drawn and move with it alike.
    xfrm = group._element.grpSpPr.xfrm
    assert (xfrm.chOff.x, xfrm.chOff.y, xfrm.chExt.cx, xfrm.chExt.cy) == (group.left, group.top, group.width, group.height)
    # Nothing else changed: every shape, in the slides' order, as the deck drew it ungrouped.
    monkeypatch.setattr(deck_module, "with_its_marks", lambda slide, frame, marks: None)
    assert shapes_drawn(deck) == shapes_drawn(deck_bytes(review))
