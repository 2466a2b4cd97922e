"""The review's PowerPoint deck and HTML report, from a store built from the sample exports, and the CLI."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import posixpath
import re
import zipfile
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import polars as pl
import pytest
from command_line import run
from deck_shapes import every_shape
from plotly.offline import get_plotlyjs
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from rendered import deck_text

from winloss import periods
from winloss.anonymise import anonymised
from winloss.deals import deals
from winloss.export.deck import deck_bytes
from winloss.export.html import REPORT_ROOM, report_html
from winloss.present import review_charts
from winloss.present.theme import FONT_PX, styled
from winloss.export.words import document_title, file_name
from winloss.measures.at_risk import NONE_AT_RISK, at_risk_open_deals
from winloss.measures.summary import outcome_summary
from winloss.measures.trends import quarterly_trend
from winloss.rates import MIN_N
from winloss.store.delta import Store
from winloss.text import ND_SHARE_OF_LOSSES, day, percent
from winloss.views.review import AT_RISK_ROWS, Review, movers_grid, quarterly_review, review_from_store

ROOT = Path(__file__).resolve().parents[2]  # the repository
SAMPLE = ROOT / "sample_data"
QUARTER = "2026 Q3"
SLIDE_TITLES = [
    "Quarterly business review · win/loss",
    f"What the data says about {QUARTER}",
    f"Headline numbers: {QUARTER}",
    "Win rate by seller profile",
    "No decision: the trend and what it cost",
    "Top movers",
    "At-risk open pipeline",
]


def reps_titles(slides: int) -> list[str]:
    """The titles of the reps table's `slides` slides, after the sections': "Reps: 2026 Q3 (1 of 3)", …"""
    return [f"Reps: {QUARTER} ({i} of {slides})" for i in range(1, slides + 1)] if slides > 1 else [f"Reps: {QUARTER}"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """A store built the way ops build one: the CLI ingesting the sample export and roster."""
    path = tmp_path_factory.mktemp("export") / "store"
    done = run("ingest", str(SAMPLE / "salesforce_opportunities.csv"), "--roster", str(SAMPLE / "rep_roster.csv"), "--store", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def store(store_dir) -> Store:
    return Store(store_dir)


@pytest.fixture(scope="module")
def real_names(store) -> set[str]:
    """Every rep and manager name in the roster file and every rep in the deals."""
    roster = pl.read_csv(SAMPLE / "rep_roster.csv")
    names = set(roster.get_column("Rep Name")) | set(roster.get_column("Manager"))
    names |= set(deals(store).get_column("rep").drop_nulls())
    assert len(names) > 40
    return names


@pytest.fixture(scope="module")
def plain_review(store) -> Review:
    return review_from_store(store, QUARTER)


@pytest.fixture(scope="module")
def masked_review(store) -> Review:
    return review_from_store(store, QUARTER, anonymize=True, hide_amounts=True)


def spellings(name: str) -> set[str]:
    """The ways a name can be written into HTML, JSON or XML."""
    return {name, html.escape(name), html.escape(name, quote=False), json.dumps(name)[1:-1], name.replace("'", "&apos;")}


def leaked(text: str, names: set[str]) -> list[str]:
    return sorted(n for n in names if any(s in text for s in spellings(n)))


def package_text(pptx: bytes) -> str:
    """Every XML part of the deck, and of the workbooks its charts embed, as one string."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(pptx)) as package:
        for name in package.namelist():
            data = package.read(name)
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as workbook:
                    parts += [workbook.read(n).decode("utf-8", "replace") for n in workbook.namelist()]
            else:
                parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def charts(slide) -> list:
    return [shape.chart for shape in every_shape(slide.shapes) if shape.has_chart]


def all_shape_text(presentation) -> str:
    return deck_text(presentation, notes=False)


def values(chart, series: int = 0) -> list:
    return list(chart.plots[0].series[series].values)


def categories(chart) -> list[str]:
    return [str(c) for c in chart.plots[0].categories]


# ---------------------------------------------------------------------------------------------
# The deck


@pytest.fixture(scope="module")
def plain_pptx(plain_review) -> bytes:
    """The plain review's deck, made once: the tests that only read it share it (0.15 s of CPU a deck)."""
    return deck_bytes(plain_review)


@pytest.fixture(scope="module")
def deck(plain_pptx):
    return Presentation(io.BytesIO(plain_pptx))


@pytest.fixture(scope="module")
def past_review(store) -> Review:
    """2026 Q2 reviewed on the data's day: a past quarter whose at-risk deals have closed since."""
    return review_from_store(store, "2026 Q2")


def test_the_deck_is_16_9_with_one_slide_per_section(deck, plain_review):
    assert deck.slide_width / deck.slide_height == pytest.approx(16 / 9, abs=1e-3)
    titles = []
    for slide in deck.slides:
        first_texts = [s.text_frame.text for s in every_shape(slide.shapes) if s.has_text_frame and s.text_frame.text]
        titles.append(first_texts[0])
    assert titles[:len(SLIDE_TITLES)] == SLIDE_TITLES
    assert titles[len(SLIDE_TITLES):] == reps_titles(len(deck.slides) - len(SLIDE_TITLES))
    title_text = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    # One date format everywhere: "1 Dec 2026", as the app shows it.
    assert QUARTER in title_text and f"Data as of {day(plain_review.as_of)}" in title_text


def test_the_decks_properties_say_what_it_is_and_when_it_was_made(plain_review):
    """File › Info showed the deck created and modified on 27 Jan 2013, "generated using python-pptx", by
    "Microsoft Macintosh PowerPoint" as a 4:3 show of no slides: python-pptx's template's properties."""
    before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    made = deck_bytes(dataclasses.replace(plain_review, filtered=(("team", ("East",)),)))
    after = datetime.now(UTC).replace(tzinfo=None)
    props = Presentation(io.BytesIO(made)).core_properties
    assert props.title == f"Quarterly review {QUARTER} (filtered)" == document_title(dataclasses.replace(
        plain_review, filtered=(("team", ("East",)),)))
    assert before <= props.created <= after and before <= props.modified <= after
    assert (props.comments, props.subject, props.keywords) == ("", "", "")
    assert props.author == props.last_modified_by == "Win/loss dashboard"
    with zipfile.ZipFile(io.BytesIO(made)) as package:
        said = package.read("docProps/core.xml").decode() + package.read("docProps/app.xml").decode()
    assert "python-pptx" not in said and "Microsoft" not in said and "2013" not in said
    assert f"<Slides>{len(Presentation(io.BytesIO(made)).slides)}</Slides>" in said and "16:9" in said


def package_faults(deck: bytes) -> list[str]:
    """What in a .pptx's package does not hold together: a relationship's internal target no part, a part
    no content type ([Content_Types].xml's Default by extension or Override), an Override of no part."""
    ns = {"r": "http://schemas.openxmlformats.org/package/2006/relationships",
          "t": "http://schemas.openxmlformats.org/package/2006/content-types"}
    faults = []
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        names = set(package.namelist())
        types = ElementTree.fromstring(package.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.findall("t:Default", ns)}
        overrides = {o.get("PartName").lstrip("/") for o in types.findall("t:Override", ns)}
        faults += [f"override of no part: {o}" for o in overrides - names]
        faults += [f"no content type: {n}" for n in names - overrides
                   if n != "[Content_Types].xml" and n.rsplit(".", 1)[-1].lower() not in defaults]
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))  # "ppt/_rels/x.rels" speaks of parts in "ppt"
            for rel in ElementTree.fromstring(package.read(rels)).findall("r:Relationship", ns):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                if part not in names:
                    faults.append(f"{rels} names no part: {target}")
    return faults


def test_the_deck_carries_no_thumbnail_of_another_slide_and_its_package_holds_together(plain_pptx):
    """python-pptx's template carries a generic thumbnail (docProps/thumbnail.jpeg), which a file manager
    showed as the deck's preview: a slide that is not in it. It is left out, its relationship and its
    type with it, and the package still opens."""
    made = plain_pptx
    with zipfile.ZipFile(io.BytesIO(made)) as package:
        names = package.namelist()
        root = package.read("_rels/.rels").decode()
    assert not [n for n in names if "thumbnail" in n.lower()] and "thumbnail" not in root
    assert package_faults(made) == []
    assert len(Presentation(io.BytesIO(made)).slides) > len(SLIDE_TITLES)  # the sections', then the reps table's


def font_sizes(node: Any, within_font: bool = False) -> list[float]:
    """Every type size a figure's JSON sets: each `size` under a key ending "font" (textfont, insidetextfont,
    an annotation's or the layout's font), never a marker's."""
    if isinstance(node, dict):
        found = [node["size"]] if within_font and isinstance(node.get("size"), (int, float)) else []
        return found + [s for key, value in node.items() for s in font_sizes(value, key.endswith("font"))]
    if isinstance(node, list):
        return [s for item in node for s in font_sizes(item, within_font)]
    return []


def test_no_word_on_the_reports_charts_is_smaller_than_the_pages_type(plain_review):
    """The HTML report, sent round, had the profile bars' rates at 11 px and the previous quarter's at 10 px,
    the smallest words of the report, where every other chart's are 13 px (theme.FONT_PX) at the page's
    normal type, larger in presenter mode."""
    figures = review_charts.figures(plain_review, REPORT_ROOM)
    for key, figure in figures.items():
        drawn = styled(figure).to_plotly_json()
        sizes = font_sizes(drawn["data"]) + font_sizes(drawn["layout"].get("annotations", []))
        assert all(size >= FONT_PX for size in sizes), (key, sorted(sizes))
    assert "profiles" in figures and font_sizes(styled(figures["profiles"]).to_plotly_json()["data"])  # sizes were set


def test_the_findings_slide_states_every_finding(deck, plain_review):
    text = all_shape_text_of(deck.slides[1])
    assert plain_review.findings
    for finding in plain_review.findings:
        assert finding.text in text


def all_shape_text_of(slide) -> str:
    return "\n".join(s.text_frame.text for s in every_shape(slide.shapes) if s.has_text_frame)


def test_deck_charts_are_native_and_carry_the_engine_numbers(deck, store):
    frame = deals(store)
    bounds = periods.quarter_bounds(QUARTER)
    previous, last_year = periods.previous_quarter(QUARTER), periods.same_quarter_last_year(QUARTER)

    (headline,) = charts(deck.slides[2])
    assert categories(headline) == [last_year, previous, QUARTER]
    overall = [outcome_summary(frame, None, *periods.quarter_bounds(q)).row(0, named=True) for q in (last_year, previous, QUARTER)]
    assert values(headline, 0) == pytest.approx([r["win_rate"] for r in overall])
    assert values(headline, 1) == pytest.approx([r["no_decision_share_of_losses"] for r in overall])

    (profiles,) = charts(deck.slides[3])
    by_profile = outcome_summary(frame, ["seller_profile"], *bounds).filter(pl.col("n") > 0)
    # A bar a profile and quarter, the quarters under each profile's name; a rate on too few deals withheld.
    names = by_profile.get_column("seller_profile").to_list()
    assert [c.label for c in profiles.plots[0].categories.levels[1]] == names
    before = outcome_summary(frame, ["seller_profile"], *periods.quarter_bounds(previous))
    expected = []
    for name, now in zip(names, by_profile.iter_rows(named=True), strict=True):
        then = before.filter(pl.col("seller_profile") == name).row(0, named=True)
        expected += [then["win_rate"] if then["n"] >= MIN_N else None, now["win_rate"] if now["n"] >= MIN_N else None]
    assert values(profiles, 0) == pytest.approx(expected)

    share, value = charts(deck.slides[4])
    first = periods.quarter_bounds("2024 Q4")[0]
    trend = quarterly_trend(frame, first, bounds[1]).filter(pl.col("closed") > 0)
    assert categories(share) == trend.get_column("quarter").to_list()
    assert values(share) == pytest.approx(trend.get_column("no_decision_share_of_losses").to_list())
    assert values(value) == pytest.approx(trend.get_column("no_decision_amount").to_list())

    win_movers, _ = charts(deck.slides[5])
    reps = list(reversed(categories(win_movers)))  # bar charts list bottom-up
    rep_rates = outcome_summary(frame, ["rep"], *bounds)
    for rep, rate in zip(reps, reversed(values(win_movers, 1)), strict=True):
        assert rate == pytest.approx(rep_rates.filter(pl.col("rep") == rep).item(0, "win_rate"))
        assert rep_rates.filter(pl.col("rep") == rep).item(0, "n") >= MIN_N

    (at_risk,) = charts(deck.slides[6])
    # The deals open at the quarter's end, judged then on age against the won deals closed by then.
    risky = at_risk_open_deals(frame, bounds[1], open_at_end_of_today=True,
                               threshold_from=frame.filter(pl.col("close_date") <= bounds[1]))
    counts = dict(risky.group_by("seller_profile").len().iter_rows())
    assert dict(zip(categories(at_risk), values(at_risk, 0), strict=True)) == {p: counts.get(p, 0) for p in categories(at_risk)}


def label_texts(chart) -> list[tuple[float, str]]:
    """(value, the label's written text, "" for none) of every point with a value in `chart`."""
    pairs = []
    for series in chart.plots[0].series:
        for point, value in zip(series.points, series.values, strict=True):
            if value is not None:
                label = point.data_label
                pairs.append((value, label.text_frame.text if label.has_text_frame else ""))
    return pairs


def test_every_percent_label_of_the_deck_follows_text_percent(plain_review):
    """Excel's "0%" format wrote a share of 0.996 "100%" and 0.004 "0%": each label is written by
    text.percent (">99%", "<1%"), on every slide with rates, as README says."""
    near = pl.Series([0.996, 0.004] * 50)
    review = dataclasses.replace(
        plain_review,
        kpis=plain_review.kpis.with_columns(value=near[:plain_review.kpis.height], previous=pl.lit(0.004),
                                            last_year=pl.lit(0.996), small_n=pl.lit(False), small_n_previous=pl.lit(False),
                                            small_n_last_year=pl.lit(False)),
        # Every profile on at least MIN_N deals in both quarters, so no rate is withheld: flags and counts agree.
        profiles=plain_review.profiles.with_columns(win_rate=near[:plain_review.profiles.height],
                                                    n=pl.max_horizontal("n", MIN_N), previous_n=pl.max_horizontal("previous_n", MIN_N),
                                                    previous_win_rate=pl.lit(0.004), small_n=pl.lit(False),
                                                    previous_small_n=pl.lit(False)),
        no_decision=plain_review.no_decision.with_columns(no_decision_share_of_losses=near[:plain_review.no_decision.height],
                                                          small_n=pl.lit(False)),
        movers=plain_review.movers.with_columns(before=pl.lit(0.996), after=pl.lit(0.004)),
        hide_amounts=True,
    )
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    labelled = [pair for slide in list(deck.slides)[2:6] for chart in charts(slide) for pair in label_texts(chart)]
    assert {round(v, 3) for v, _ in labelled} >= {0.996, 0.004}
    for value, written in labelled:
        assert written == percent(value), (value, written)
    assert ">99%" in {w for _, w in labelled} and "<1%" in {w for _, w in labelled}


def plain_review_as_of(store: Store) -> date:
    return review_from_store(store, QUARTER).as_of


def test_small_n_rates_are_labelled_with_their_n_not_a_bare_percentage(store):
    # The sample's Unprofiled reps closed fewer than 20 deals in 2026 Q2.
    review = review_from_store(store, QUARTER)
    small = review.profiles.filter(pl.col("previous_small_n") | pl.col("small_n"))
    assert small.height, "the sample should have a small-n profile rate"
    text = package_text(deck_bytes(review))
    for row in small.iter_rows(named=True):
        n = row["n"] if row["small_n"] else row["previous_n"]
        assert f"(n = {n})" in text


def test_the_deck_with_names_hidden_and_amounts_hidden(masked_review, real_names):
    pptx = deck_bytes(masked_review)
    presentation = Presentation(io.BytesIO(pptx))
    assert leaked(all_shape_text(presentation), real_names) == []
    assert leaked(package_text(pptx), real_names) == []
    assert "$" not in all_shape_text(presentation)
    share, value = charts(presentation.slides[4])
    assert all(v is None or 0 <= v <= 1 for v in values(value))  # shares, never amounts
    assert "Rep 0" in all_shape_text(presentation)


def reps_slides_rows(pptx: bytes) -> tuple[str, list[list[str]]]:
    """The reps table's slides' text (every shape's) and its rows (each slide's, header left out), in order."""
    said, rows = [], []
    for slide in Presentation(io.BytesIO(pptx)).slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        if texts and texts[0].startswith(f"Reps: {QUARTER}"):
            said += texts
            (table,) = [s.table for s in slide.shapes if s.has_table]
            said += [cell.text for row in table.rows for cell in row.cells]
            rows += [[cell.text for cell in row.cells] for row in list(table.rows)[1:]]
    return "\n".join(said), rows


def test_the_anonymised_decks_reps_table_names_each_rep_by_pseudonym_and_no_roster_name(
        masked_review, plain_review, plain_pptx, real_names):
    said, rows = reps_slides_rows(deck_bytes(masked_review))
    assert rows and all(re.fullmatch(r"Rep \d+", row[0]) for row in rows)
    assert len({row[0] for row in rows}) == len(rows) == plain_review.reps.height
    assert leaked(said, real_names) == []
    # The search would have found them: the named deck's table lists the roster's reps.
    named, _ = reps_slides_rows(plain_pptx)
    assert leaked(named, real_names)


def test_the_name_search_finds_real_names_when_they_are_there(plain_pptx, report, real_names):
    # The checks above mean something only if the search would catch a leak.
    assert leaked(package_text(plain_pptx), real_names)
    assert leaked(report, real_names)


# ---------------------------------------------------------------------------------------------
# The HTML report


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[dict] = []
        self.other_sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "link":
            self.links.append(attributes)
        for key in ("src", "href"):
            value = attributes.get(key) or ""
            if tag not in ("script", "link") and value.startswith(("http:", "https:", "//")):
                self.other_sources.append(value)


@pytest.fixture(scope="module")
def report(plain_review) -> str:
    return report_html(plain_review)


def test_the_report_opens_offline(report):
    refs = _References()
    refs.feed(report)
    assert refs.scripts, "the report should carry scripts"
    for script in refs.scripts:
        assert not script.get("src") or script["src"].startswith("data:"), script
    assert not [l for l in refs.links if "stylesheet" in (l.get("rel") or "") and (l.get("href") or "").startswith(("http", "//"))]
    assert refs.other_sources == []
    assert "cdn." not in report.lower()
    assert "@import" not in report and "url(http" not in report


def test_the_report_inlines_plotly_js(report):
    bundle = get_plotlyjs()
    assert bundle[:2_000] in report and bundle[-2_000:] in report
    assert len(report) > len(bundle)
    assert report.count("Plotly.newPlot(") == 4


def test_the_report_has_the_same_sections_and_findings(report, plain_review):
    for heading in ("Findings", "Headline numbers", "Win rate by seller profile", "No decision: the trend and what it cost", "Top movers", "At-risk open pipeline"):
        assert f"<h2>{html.escape(heading)}</h2>" in report
    for finding in plain_review.findings:
        assert html.escape(finding.text) in report


def test_the_reports_profile_legend_shows_this_quarters_colours_beside_its_words(report, plain_review):
    """The report's profile chart had the page's legend: "2026 Q3: each profile's colour", no square."""
    from winloss.present import review_charts

    titles = [json.loads(text) for text in re.findall(r'"legend":\{"title":\{"text":("(?:[^"\\]|\\.)*")', report)]
    expected = review_charts.profile_figure(plain_review).layout.legend.title.text
    assert expected is not None and review_charts.SWATCH in expected
    assert expected in titles


def test_the_report_with_names_and_amounts_hidden(masked_review, real_names):
    text = report_html(masked_review)
    assert leaked(text, real_names) == []
    assert "Rep 0" in text
    assert "$" not in text.split("<main>", 1)[1]  # after the inlined plotly.js
    assert "amount" not in json.dumps([c for t in (masked_review.no_decision, masked_review.at_risk) for c in t.columns])


def test_file_names_name_the_quarter_and_what_is_hidden_never_a_name(masked_review, plain_review, store):
    """An anonymised review's files had the named review's file names, easily mixed up when sent on."""
    assert file_name(plain_review, "pptx") == "quarterly-review-2026-q3.pptx"
    assert file_name(masked_review, "pptx") == "quarterly-review-2026-q3-anonymised-no-amounts.pptx"
    anonymised = review_from_store(store, QUARTER, anonymize=True)
    assert file_name(anonymised, "html") == "quarterly-review-2026-q3-anonymised.html"


def test_exports_anonymise_from_the_store_themselves(store, real_names):
    review = review_from_store(store, QUARTER, anonymize=True)
    expected = anonymised(deals(store))
    assert set(review.movers.get_column("rep")) <= set(expected.get_column("rep"))
    assert not set(review.at_risk.get_column("rep")) & real_names


# ---------------------------------------------------------------------------------------------
# The command line


@pytest.mark.parametrize("quarter", ["2026Q3", "2026 Q3", "FY2026 Q3"])
def test_cli_exports_a_deck_for_every_quarter_spelling(store_dir, tmp_path, quarter):
    out = tmp_path / "review.pptx"
    done = run("export", "--format", "pptx", "--out", str(out), "--quarter", quarter, "--store", str(store_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    presentation = Presentation(str(out))
    assert len(presentation.slides) > len(SLIDE_TITLES)  # the sections', then the reps table's
    assert "2026 Q3" in all_shape_text_of(presentation.slides[0])


def test_cli_exports_an_anonymised_report_without_amounts(store_dir, tmp_path, real_names):
    done = run("export", "--format", "html", "--out", str(tmp_path) + "/", "--anonymize", "--hide-amounts", "--store", str(store_dir))
    assert done.returncode == 0, done.stderr
    out = Path(done.stdout.strip())
    assert out.parent == tmp_path and out.name.startswith("quarterly-review-") and out.suffix == ".html"
    text = out.read_text(encoding="utf-8")
    assert leaked(text, real_names) == []
    assert "$" not in text.split("<main>", 1)[1]


@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("2026Q5", '"2026Q5" is not a quarter label like "2025 Q3" or "FY2025 Q3".'),
        ("Q3 2026", '"Q3 2026" is not a quarter label like "2025 Q3" or "FY2025 Q3".'),
        ("2019 Q1", "There are no closed deals in 2019 Q1: choose a quarter with data."),
    ],
)
def test_cli_refuses_a_bad_quarter_in_one_sentence(store_dir, tmp_path, quarter, message):
    out = tmp_path / "x.pptx"
    done = run("export", "--format", "pptx", "--out", str(out), "--quarter", quarter, "--store", str(store_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == message
    assert "Traceback" not in done.stderr and not out.exists()


def test_cli_does_not_fall_back_to_the_sample(tmp_path):
    done = run("export", "--format", "html", "--out", str(tmp_path / "x.html"), "--store", str(tmp_path / "empty"))
    assert done.returncode == 1
    assert "holds no deals" in done.stderr and "Traceback" not in done.stderr


def test_a_small_n_bar_is_hatched_and_outlined_as_on_every_chart_and_the_note_says_so(plain_review, plain_pptx):
    """A profile rate on too few deals is withheld (winloss.present.withheld): the "Win rate" series holds no value
    at its place (an editable chart's data would tell the rate its label withholds), and the "n too small" series
    none anywhere (its hatched key names the stubs in the legend): a stub is a shape over the chart in the bar's
    place, drawn as every Plotly chart draws a small-n bar (theme.bar_marker): grey, hatched and outlined in the
    edge colour, so it is not read as Unprofiled's grey bar, "n too small" over its n above it. A bar on enough
    deals stays solid in its own colour, and the slide's note says what hatching means."""
    from pptx.enum.dml import MSO_FILL

    from winloss.export.deck import SMALL_N_PATTERN
    from winloss.present.theme import PROFILE_COLOURS, SMALL_N_COLOUR, SMALL_N_EDGE, SMALL_N_OUTLINE
    from winloss.present.withheld import PLACEHOLDER_NAME
    from winloss.text import N_TOO_SMALL, sentence, small_n_note

    table = plain_review.profiles
    assert table.get_column("small_n").any() or table.get_column("previous_small_n").any(), \
        "the sample should have a profile rate on too few deals"
    slide = Presentation(io.BytesIO(plain_pptx)).slides[SLIDE_TITLES.index("Win rate by seller profile")]
    (chart,) = charts(slide)
    shown, key = chart.plots[0].series
    assert (shown.name, key.name) == ("Win rate", PLACEHOLDER_NAME)
    assert not [v for v in key.values if v is not None]  # a legend key, no data
    stubs = {shape.name: shape for shape in every_shape(slide.shapes) if shape.name.startswith(PLACEHOLDER_NAME)}
    # One bar a profile and quarter, the previous quarter's first.
    places = [(row, small_col, n_col, rate_col) for row in table.to_dicts() for small_col, n_col, rate_col in (
        ("previous_small_n", "previous_n", "previous_win_rate"), ("small_n", "n", "win_rate"))]
    assert len(shown.values) == len(key.values) == len(places)
    drawn = 0
    for i, (row, small_col, n_col, rate_col) in enumerate(places):
        held = bool(row[small_col]) and row[rate_col] is not None
        if held:
            drawn += 1
            assert shown.values[i] is None, (row["seller_profile"], i)
            stub, words = stubs[f"{PLACEHOLDER_NAME} {i + 1}"], stubs[f"{PLACEHOLDER_NAME} words {i + 1}"]
            assert stub.fill.type == MSO_FILL.PATTERNED and stub.fill.pattern == SMALL_N_PATTERN
            assert (str(stub.fill.fore_color.rgb), str(stub.fill.back_color.rgb)) == (SMALL_N_EDGE[1:], SMALL_N_COLOUR[1:])
            assert str(stub.line.color.rgb) == SMALL_N_EDGE[1:] and stub.line.width.pt == SMALL_N_OUTLINE
            assert words.text_frame.text == f"{N_TOO_SMALL}\n(n = {row[n_col]:,})"
            assert words.top + words.height == stub.top  # the words stand on the stub
        else:
            assert f"{PLACEHOLDER_NAME} {i + 1}" not in stubs
            if row[rate_col] is not None:
                assert shown.values[i] == pytest.approx(row[rate_col])
            if small_col == "small_n" and row[rate_col] is not None:
                fill = shown.points[i].format.fill
                assert fill.type == MSO_FILL.SOLID and str(fill.fore_color.rgb) == PROFILE_COLOURS[row["seller_profile"]][1:]
    assert drawn and len(stubs) == 2 * drawn
    # The legend's key is hatched as the stubs are.
    fill, line = key.format.fill, key.format.line
    assert fill.type == MSO_FILL.PATTERNED and fill.pattern == SMALL_N_PATTERN
    assert (str(fill.fore_color.rgb), str(fill.back_color.rgb)) == (SMALL_N_EDGE[1:], SMALL_N_COLOUR[1:])
    assert str(line.color.rgb) == SMALL_N_EDGE[1:] and line.width.pt == SMALL_N_OUTLINE
    assert sentence(small_n_note()) in all_shape_text_of(slide)


def test_the_decks_no_decision_line_joins_no_quarter_on_too_few_losses(plain_review):
    """As on the pages (charts.unjoined), a quarter on too few losses is a ring joined to no other point:
    a segment into or out of it is not drawn, and the others are."""
    from pptx.enum.dml import MSO_FILL

    table = plain_review.no_decision
    assert table.height >= 5
    small = [i in (1, 2) for i in range(table.height)]
    review = dataclasses.replace(plain_review, no_decision=table.with_columns(pl.Series("small_n", small)))
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[SLIDE_TITLES.index("No decision: the trend and what it cost")]
    line = next(c for c in charts(slide) if c.chart_type == XL_CHART_TYPE.LINE_MARKERS)
    points = line.plots[0].series[0].points
    # A line's point carries the segment into it from the point before: into 1 and 2, and out of 2 into 3.
    undrawn = [i for i in range(1, table.height) if points[i].format.line.fill.type == MSO_FILL.BACKGROUND]
    assert undrawn == [1, 2, 3]


def test_the_deck_claims_no_error_bars_it_lacks_and_every_swatch_has_its_colour(deck):
    """Native charts carry no interval bars, so no slide says "Bars show Wilson 95% intervals"; every
    series is filled in its set colour (a series left to PowerPoint's theme showed a red legend swatch). The
    "n too small" series of a withheld rate's stubs is hatched (bars), or rings joined by no line whose colour is
    their marker's edge (a line chart)."""
    from pptx.enum.dml import MSO_FILL

    from winloss.present.withheld import PLACEHOLDER_NAME

    has_error_bars = any(b"errBars" in chart.part.blob for slide in deck.slides for chart in charts(slide))
    words = all_shape_text(deck)
    if not has_error_bars:
        assert "Wilson" not in words and "intervals" not in words.lower(), words
    for slide in deck.slides:
        for chart in charts(slide):
            for series in chart.plots[0].series:
                where = (chart.chart_title.text_frame.text if chart.has_title else "", series.name)
                line_chart = "line" in chart.chart_type.name.lower()
                if series.name == PLACEHOLDER_NAME:
                    if line_chart:
                        assert series.format.line.fill.type == MSO_FILL.BACKGROUND, where
                        assert series.marker.format.line.color.rgb is not None, where
                    else:
                        assert series.format.fill.type == MSO_FILL.PATTERNED, where
                elif line_chart:  # a line's colour is its line's
                    assert series.format.line.color.rgb is not None, where
                else:
                    assert series.format.fill.type == MSO_FILL.SOLID, where


def test_deck_amounts_are_written_as_the_page_writes_them(deck, plain_review):
    """The value chart's bars say "$4.99M" as the page does (text.money: its symbol, three figures),
    not "USD 5.0M" nor an Excel format's one scale for the chart ("$127.5k" beside "$0.1M"); no axis
    beside them writes the same amounts another way."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    from winloss.text import money, same_precision

    (_, value) = charts(deck.slides[4])
    amounts = plain_review.no_decision["no_decision_amount"].to_list()
    labels = [p.data_label.text_frame.text if p.data_label.has_text_frame else None for p in value.plots[0].series[0].points]
    # In one precision, as the page's bars ("$17.0M" beside "$16.3M", not "$17M").
    written = same_precision(["" if a is None else money(a, plain_review.currency) for a in amounts])
    assert labels == [None if a is None else w for a, w in zip(amounts, written, strict=True)]
    assert any(a is not None for a in amounts) and not any("USD" in (t or "") for t in labels)
    assert value.value_axis.tick_label_position == XL_TICK_LABEL_POSITION.NONE


def test_a_small_n_headline_tile_keeps_its_text_off_the_change_lines(store):
    """A KPI on too few deals says "n too small (n = 5)" in smaller type, on one line above its change lines."""
    from pptx.util import Pt

    review = review_from_store(store, QUARTER)
    kpis = review.kpis.with_columns(pl.lit(True).alias("small_n"), pl.lit(5).alias("n"))
    import dataclasses

    tiny = dataclasses.replace(review, kpis=kpis)
    slide = Presentation(io.BytesIO(deck_bytes(tiny))).slides[2]
    values = [s for s in every_shape(slide.shapes) if s.has_text_frame and "n too small" in s.text_frame.text]
    assert values, "a small-n tile should say n too small"
    for shape in values:
        sizes = {run.font.size for p in shape.text_frame.paragraphs for run in p.runs}
        assert sizes and max(sizes) <= Pt(16)
        below = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.left == shape.left and s.top > shape.top
                 and s.text_frame.text.strip()]
        assert all(s.top >= shape.top + shape.height for s in below)  # the change lines start under it
    # A bare percentage never stands for those rates in the headline chart (this quarter is the third bar).
    (chart,) = charts(slide)
    assert all(series.values[2] is None for series in chart.plots[0].series)


def test_no_headline_change_is_shown_against_a_near_empty_quarter(store):
    """With 5 deals in the quarter no rate's tile shows "+12 pts", on the page, in the deck or in the HTML
    report (they all draw headline_tiles); a count's or a value's change, exact, is shown (rates.change_min_n)."""
    import dataclasses

    from winloss.export.words import kpi_rows
    from winloss.views.review import headline_tiles

    review = review_from_store(store, QUARTER)
    assert any(t.change for t in headline_tiles(review)), "the sample's quarter should show changes"
    tiny = dataclasses.replace(review, kpis=review.kpis.with_columns(pl.lit(5).alias("n"), pl.lit(True).alias("small_n")))
    every = headline_tiles(tiny)
    tiles = [t for t in every if t.kind == "rate"]
    assert len(tiles) == 2 and [(t.change, t.change_value, t.yoy) for t in tiles] == [(None, None, None)] * len(tiles)
    assert all(t.change and not t.change_withheld for t in every if t.kind != "rate")
    # Each says why instead of a bare "—": the reviewed quarter's n is too small; its n, said beside the value,
    # is not said again.
    this = review.quarter.split(" ")[1] if review.previous.startswith(review.quarter.split(" ")[0]) else review.quarter
    rows = [row for row, tile in zip(kpi_rows(tiny), every, strict=True) if tile.kind == "rate"]
    for row, tile in zip(rows, tiles, strict=True):
        assert row["n"] == f"n = 5 in {review.quarter}"
        assert row["qoq"] == f"vs {review.previous}: {this} n too small", row["qoq"]
        assert row["yoy"] == f"vs {review.last_year}: {review.quarter} n too small", row["yoy"]
        assert tile.change_withheld and tile.yoy_withheld
    # In the deck those reasons keep inside their tiles, above the chart under them (at 12 pt they ran into it).
    slide = next(s for s in Presentation(io.BytesIO(deck_bytes(tiny))).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("Headline numbers") for sh in every_shape(s.shapes)))
    reasons = [sh for sh in every_shape(slide.shapes) if sh.has_text_frame and f"n = 5 in {review.quarter}\n" in sh.text_frame.text]
    assert len(reasons) == len(tiles)
    for box in reasons:
        lines = box.text_frame.text.split("\n")
        size = box.text_frame.paragraphs[0].runs[0].font.size.pt
        per_line = int(box.width / 914400 * 72 / (size * 0.5))  # characters a line holds, half an em each
        wrapped = sum(-(-len(line) // per_line) for line in lines)
        assert box.top + wrapped * size * 1.2 * 12700 <= 3.1 * 914400, (box.text_frame.text, size)


def test_a_movers_change_reads_the_same_in_the_report_table_its_chart_and_the_deck(plain_review):
    """40.4% -> 69.6% is shown "40%" and "70%": the change beside them is +30 points (70 − 40, what a
    reader subtracts), in the report's table, its chart and the page's grid alike, never +29 (the
    unrounded change, which cannot be read off the two percentages)."""
    import dataclasses

    from winloss.present.review_charts import movers_figure

    movers = pl.DataFrame({
        "rep": ["Ann Archer"], "seller_profile": ["Challenger"], "measure": ["win_rate"], "measure_label": ["Win rate"],
        "before": [0.404], "after": [0.696], "change": [0.292], "n_before": [52], "n_after": [56], "p_value": [0.002],
        "significant": [True],
    })
    review = dataclasses.replace(plain_review, movers=movers)
    report = report_html(review)
    assert "+30 pts" in report and "+29 pts" not in report
    words = [t for t in movers_figure(review).data if t.text is not None]
    assert [list(t.text) for t in words if len(t.text)] == [["+30 pts"]]
    assert movers_grid(review)["change_points"].to_list() == [30]
    # Two rates both shown "30%" (29.6% and 30.4%) change by "±0 pts", not "-1 pt".
    flat = dataclasses.replace(review, movers=movers.with_columns(
        before=pl.lit(0.304), after=pl.lit(0.296), change=pl.lit(-0.008)))
    assert "±0 pts" in report_html(flat) and "-1 pt" not in report_html(flat)
    assert movers_grid(flat)["change_points"].to_list() == [0]
    # The deck charts the two rates themselves, unrounded.
    win_movers, *_ = charts(Presentation(io.BytesIO(deck_bytes(review))).slides[5])
    assert (values(win_movers, 0), values(win_movers, 1)) == ([pytest.approx(0.404)], [pytest.approx(0.696)])


LONG_REP = "Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens von und zu Liechtenstein"  # 84 characters
ONE_WORD_REP = "Kundenbetreuungsgebietsneuordnungsplanes"  # 40 letters, no space to break at


def test_a_movers_long_names_take_two_lines_of_their_room_in_the_report_and_the_deck(plain_review):
    """A rep's name is a file's cell of any length: the report's movers chart and the deck's name each in at
    most two lines of the room beside their panel (the app's rule, charts.category_lines), cut with "…";
    whole, an 84-character name ran over the report's left panel, and the deck left it to PowerPoint."""
    from pptx.util import Emu

    from winloss.export.deck import CATEGORY_SIZE, text_width
    from winloss.export.html import REPORT_ROOM
    from winloss.present.charts import NAME_SHARE, chart_words_px
    from winloss.present.review_charts import movers_name_room

    movers = pl.DataFrame({
        "rep": [LONG_REP, ONE_WORD_REP, "Bo Chen"], "seller_profile": ["Challenger", "Lone Wolf", "Hard Worker"],
        "measure": ["win_rate", "win_rate", "no_decision_share_of_losses"],
        "measure_label": ["Win rate", "Win rate", ND_SHARE_OF_LOSSES],
        "before": [0.404, 0.3, 0.5], "after": [0.696, 0.5, 0.2], "change": [0.292, 0.2, -0.3], "n_before": [52, 40, 30],
        "n_after": [56, 41, 33], "p_value": [0.002, 0.01, 0.02], "significant": [True] * 3,
    })
    review = dataclasses.replace(plain_review, movers=movers)
    page = report_html(review)
    start = page.index('"chart-movers"')
    traces, end = json.JSONDecoder().raw_decode(page, page.index("[", start))
    layout, _ = json.JSONDecoder().raw_decode(page, page.index("{", end))
    room = movers_name_room(REPORT_ROOM)
    ticks = [tick for axis in ("yaxis", "yaxis2") for tick in layout[axis].get("ticktext") or []]
    assert len(ticks) == 3, layout["yaxis"]
    for tick in ticks:
        lines = [html.unescape(line) for line in tick.split("<br>")]
        assert len(lines) <= 2 and all(chart_words_px(line) <= room for line in lines), lines
    assert "Bo Chen" in ticks and any(tick.endswith("…") for tick in ticks)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (shape, *_) = [shape for shape in deck.slides[5].shapes if shape.has_chart]
    names = categories(shape.chart)
    assert len(names) == 2, names
    for name in names:
        lines = name.split("\n")
        assert len(lines) <= 2 and all(text_width(line, CATEGORY_SIZE) <= Emu(int(NAME_SHARE * shape.width)) for line in lines), lines
    assert any(name.endswith("…") for name in names)


# ---------------------------------------------------------------------------------------------
# Nothing is drawn for data that is not there


def _chart_ids(report: str) -> list[str]:
    return [part.split('"')[0] for part in report.split('id="chart-')[1:]]


def test_no_open_deals_draw_no_at_risk_chart_in_the_report_or_the_deck(plain_review):
    empty = dataclasses.replace(
        plain_review, at_risk_by_profile=plain_review.at_risk_by_profile.clear(), at_risk=plain_review.at_risk.clear()
    )
    report = report_html(empty)
    assert "at_risk" not in _chart_ids(report) and "profiles" in _chart_ids(report)
    assert f"No deals open at the end of {plain_review.quarter}, so there is no at-risk pipeline to chart." in report
    slide = Presentation(io.BytesIO(deck_bytes(empty))).slides[6]
    assert charts(slide) == [] and not any(shape.has_table for shape in every_shape(slide.shapes))


def test_open_deals_none_at_risk_draw_no_header_only_table(plain_review):
    none_at_risk = dataclasses.replace(plain_review, at_risk=plain_review.at_risk.clear())
    slide = Presentation(io.BytesIO(deck_bytes(none_at_risk))).slides[6]
    assert len(charts(slide)) == 1
    assert not any(shape.has_table for shape in every_shape(slide.shapes))
    assert NONE_AT_RISK in [shape.text_frame.text for shape in every_shape(slide.shapes) if shape.has_text_frame]


def test_the_headline_chart_is_left_out_when_every_rate_is_below_the_minimum_n(plain_review, masked_review):
    # The values exist, amounts shown or hidden: the chart carries them.
    for review in (plain_review, masked_review):
        chart = charts(Presentation(io.BytesIO(deck_bytes(review))).slides[2])[0]
        assert all(v is not None for v in values(chart, 0) + values(chart, 1))
    small = dataclasses.replace(
        plain_review,
        kpis=plain_review.kpis.with_columns(small_n=True, small_n_previous=True, small_n_last_year=True),
    )
    slide = Presentation(io.BytesIO(deck_bytes(small))).slides[2]
    assert charts(slide) == []
    texts = [shape.text_frame.text for shape in every_shape(slide.shapes) if shape.has_text_frame]
    assert f"No rate of {small.last_year}, {small.previous} or {small.quarter} is on at least {MIN_N} deals, so none is charted." in texts


def test_every_deck_sentence_starts_with_a_capital(deck):
    # A caption joined from parts once read "...Unprofiled 5. below 20 deals a rate is greyed."
    from winloss.export.deck import STUB_WORDS

    for slide in deck.slides:
        for shape in every_shape(slide.shapes):
            # The words over a withheld rate's stub are a chart's label, "n too small" as every chart writes it.
            if shape.has_text_frame and not shape.name.startswith(STUB_WORDS):
                text = shape.text_frame.text
                assert not re.search(r"\.\s+[a-z]", text), text
                # A tile's n ("n = 128 in 2026 Q3") is the symbol every page and the report write lowercase.
                assert not text[:1].islower() or text.startswith("n = "), text


@pytest.mark.parametrize("small_quarter", [0, None], ids=["one quarter on too few losses", "none"])
def test_a_no_decision_point_on_too_few_losses_is_hollow_labelled_with_its_n_and_noted(plain_review, small_quarter):
    """As the page draws it (theme.point_marker): a quarter whose share rests on fewer than MIN_N
    losses is a hollow ring labelled "n too small (n = ...)", never a bare percentage, and the note
    (the page's caption too) says what a hollow point means, only when one is drawn."""
    import dataclasses

    from winloss.text import N_TOO_SMALL, amounts_small_n_note, sentence
    from winloss.views.review import section_captions

    table = plain_review.no_decision.with_columns(pl.lit(False).alias("small_n"))
    if small_quarter is not None:
        table = table.with_columns((pl.int_range(pl.len()) == small_quarter).alias("small_n"))
    review = dataclasses.replace(plain_review, no_decision=table)
    slide = Presentation(io.BytesIO(deck_bytes(review))).slides[SLIDE_TITLES.index("No decision: the trend and what it cost")]
    line = next(chart for chart in charts(slide) if chart.chart_title.text_frame.text == "Share of losses")
    from pptx.enum.dml import MSO_FILL
    from pptx.enum.shapes import MSO_SHAPE

    from winloss.present.theme import SMALL_N_EDGE as RING
    from winloss.present.withheld import PLACEHOLDER_NAME

    series = list(line.plots[0].series)
    shown = series[0]
    # A withheld share is no point of the line (its value is not in the chart's data): the "n too small" series
    # holds no value either (its ring's height was a number, "-5%" in Edit Data), and a hollow ring drawn over
    # the chart stands in the point's place, its n beside it; with none withheld there is no such series.
    assert [s.name for s in series[1:]] == ([PLACEHOLDER_NAME] if small_quarter is not None else [])
    drawn = {shape.name: shape for shape in every_shape(slide.shapes) if shape.name.startswith(PLACEHOLDER_NAME)}
    assert sorted(drawn) == ([] if small_quarter is None else
                             sorted(f"{PLACEHOLDER_NAME}{words} {small_quarter + 1}" for words in ("", " words")))
    for i, (point, row) in enumerate(zip(shown.points, table.iter_rows(named=True), strict=False)):
        if i == small_quarter:
            assert shown.values[i] is None
            assert all(v is None for v in series[1].values)
            assert str(series[1].marker.format.line.color.rgb) == RING[1:]  # its marker: a ring's, as drawn
            ring, words = drawn[f"{PLACEHOLDER_NAME} {i + 1}"], drawn[f"{PLACEHOLDER_NAME} words {i + 1}"]
            assert ring.auto_shape_type == MSO_SHAPE.OVAL and ring.width == ring.height
            assert ring.fill.type == MSO_FILL.BACKGROUND and str(ring.line.color.rgb) == RING[1:]
            assert words.text_frame.text == f"{N_TOO_SMALL}\n(n = {row['losses']:,})"
            assert words.top < ring.top + ring.height / 2 < words.top + words.height  # beside it
            # Resting on the quarters' axis at the quarter's place, at no rate: its plot area's layout (fractions
            # of the chart) and its value axis's ends, as the chart's XML says, from 0% (no band under it).
            frame = next(s for s in every_shape(slide.shapes) if s.has_chart and s.chart.chart_title.text_frame.text == "Share of losses")
            layout = {tag: float(frame.chart._chartSpace.xpath(f".//c:plotArea/c:layout//c:{tag}/@val")[0])
                      for tag in ("x", "y", "w", "h")}
            assert line.value_axis.minimum_scale == 0.0
            x = frame.left + frame.width * (layout["x"] + layout["w"] * (i + 0.5) / table.height)
            y = frame.top + frame.height * (layout["y"] + layout["h"]) - ring.height / 2
            # The layout's fractions are written to six places: a few EMU either way.
            assert abs(ring.left + ring.width / 2 - x) <= 1e-5 * frame.width
            assert abs(ring.top + ring.height / 2 - y) <= 1e-5 * frame.height
        else:
            share = row["no_decision_share_of_losses"]  # written by text.percent, not Excel's "0%"
            assert point.data_label.text_frame.text == ("" if share is None else percent(share))
    note = sentence(amounts_small_n_note())
    assert (note in all_shape_text_of(slide)) is (small_quarter is not None)
    assert (note in section_captions(review)["no_decision"]) is (small_quarter is not None)
    # The quarter's bar of value lost is hatched and outlined beside its hollow point, as on the page:
    # the note says "a bar drawn hatched", and the bar was drawn plain.
    from winloss.export.deck import SMALL_N_PATTERN
    from winloss.present.theme import SMALL_N_COLOUR, SMALL_N_EDGE

    value = next(chart for chart in charts(slide) if chart.chart_title.text_frame.text == "Value lost to no decision")
    for i, point in enumerate(value.plots[0].series[0].points):
        if i >= table.height:
            break
        fill = point.format.fill
        if i == small_quarter:
            assert fill.type == MSO_FILL.PATTERNED and fill.pattern == SMALL_N_PATTERN
            assert (str(fill.fore_color.rgb), str(fill.back_color.rgb)) == (SMALL_N_EDGE[1:], SMALL_N_COLOUR[1:])
            assert str(point.format.line.color.rgb) == SMALL_N_EDGE[1:]
        else:
            assert fill.type != MSO_FILL.PATTERNED, i


@pytest.mark.parametrize("small_quarter", [0, None], ids=["one quarter on too few losses", "none"])
def test_the_reports_value_bar_on_too_few_losses_is_hatched_as_its_caption_says(plain_review, small_quarter):
    """The HTML report draws the page's chart: a quarter on too few losses has its value bar hatched
    (and its point hollow), and the caption's "a bar drawn hatched, or a ring drawn hollow" is there exactly then."""
    import dataclasses

    from winloss.present.theme import SMALL_N_HATCH, SMALL_N_SYMBOL
    from winloss.text import amounts_small_n_note, sentence

    table = plain_review.no_decision.with_columns(pl.lit(False).alias("small_n"))
    if small_quarter is not None:
        table = table.with_columns((pl.int_range(pl.len()) == small_quarter).alias("small_n"))
    page = report_html(dataclasses.replace(plain_review, no_decision=table))
    start = page.index('"chart-no_decision"')
    traces, _ = json.JSONDecoder().raw_decode(page, page.index("[", start))
    line = next(t for t in traces if t["type"] == "scatter")
    bars = next(t for t in traces if t["type"] == "bar")
    expected = [i == small_quarter for i in range(table.height)]
    assert [shape == SMALL_N_HATCH for shape in bars["marker"]["pattern"]["shape"]] == expected
    assert [symbol == SMALL_N_SYMBOL for symbol in line["marker"]["symbol"]] == expected
    assert (html.escape(sentence(amounts_small_n_note())) in page) is (small_quarter is not None)


def test_a_filtered_review_says_so_in_its_file_name_on_its_title_and_every_slide_and_in_the_report(plain_review, plain_pptx,
                                                                                                    report):
    """A review of EMEA's deals exported as if it were the company's: the deck's and the report's
    numbers were EMEA's under a company-wide title, in a file named like the unfiltered one."""
    hostile = "<b>EMEA</b> **x**"
    filtered = dataclasses.replace(plain_review, filtered=(("Region", (hostile,)), ("Segment", ("Enterprise", "SMB"))))
    sentence = f"Filtered: Region = {hostile}; Segment = Enterprise, SMB — not company totals."
    assert file_name(filtered, "pptx") == "quarterly-review-2026-q3-filtered.pptx"
    assert file_name(filtered, "html") == "quarterly-review-2026-q3-filtered.html"
    slides = Presentation(io.BytesIO(deck_bytes(filtered))).slides
    for slide in slides:
        assert sentence in all_shape_text_of(slide), all_shape_text_of(slide)[:200]
    filtered_report = report_html(filtered)
    assert html.escape(sentence, quote=False) in filtered_report and hostile not in filtered_report
    # A review of every deal says nothing of filters.
    assert file_name(plain_review, "pptx") == "quarterly-review-2026-q3.pptx"
    assert not any("Filtered" in all_shape_text_of(slide) for slide in Presentation(io.BytesIO(plain_pptx)).slides)
    assert "Filtered" not in report


def test_the_exported_at_risk_amounts_are_a_column_with_its_currency_in_the_header(plain_review):
    """The report's and the deck's at-risk table wrote "$1.2M" in every cell, one decimal: 1,150,000 and
    1,240,000 read alike. As on the leaderboard, the header names the currency, each cell is compact."""
    from winloss.export.words import at_risk_rows

    amounts = [1_150_000.0, 1_240_000.0, 4_990_000.0, 23_420.0, None]
    # The last deal has no amount at all (none exported either: one only unconverted reads "(not converted)").
    at_risk = pl.concat([plain_review.at_risk.head(1)] * len(amounts)).with_columns(
        pl.Series("amount", amounts, pl.Float64), pl.Series("exported_amount", amounts, pl.Float64))
    eur = dataclasses.replace(plain_review, at_risk=at_risk, currency="EUR")
    header, rows = at_risk_rows(eur)
    assert header[-1] == "Amount (€)" and [r[-1] for r in rows] == ["1.15M", "1.24M", "4.99M", "23.4k", "—"]
    report = report_html(eur)
    assert '<th class="number">Amount (€)</th>' in report and '<td class="number">4.99M</td>' in report
    slide = Presentation(io.BytesIO(deck_bytes(eur))).slides[6]
    (table,) = [shape.table for shape in every_shape(slide.shapes) if shape.has_table]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][-1] == "Amount (€)" and [r[-1] for r in cells[1:]] == ["1.15M", "1.24M", "4.99M", "23.4k", "—"]


def test_movers_with_no_rep_to_rank_are_worded_once_on_page_deck_and_report(plain_review):
    """The deck said "no rep has at least the minimum n in both quarters" where the page and the
    report said "No rep has at least 20 deals in both …": one sentence (views.review.no_movers) now,
    for the whole section and for a measure's empty panel."""
    from winloss.present.review_charts import movers_figure
    from winloss.views.review import missing_charts, no_movers

    sentence = no_movers(plain_review)
    assert str(MIN_N) in sentence and plain_review.previous in sentence and plain_review.quarter in sentence
    none = dataclasses.replace(plain_review, movers=plain_review.movers.clear())
    assert missing_charts(none)["movers"] == sentence
    assert html.escape(sentence) in report_html(none)
    shapes = all_shape_text(Presentation(io.BytesIO(deck_bytes(none))))
    assert sentence in shapes and "minimum n" not in shapes
    # One measure with movers, the other without: its panel says the same sentence.
    half = dataclasses.replace(plain_review, movers=plain_review.movers.filter(pl.col("measure") == "win_rate"))
    assert half.movers.height
    assert f"{ND_SHARE_OF_LOSSES}: {sentence}" in all_shape_text(Presentation(io.BytesIO(deck_bytes(half))))
    said = [a.text.replace("<br>", " ") for a in movers_figure(half).layout.annotations]
    assert sentence in said, said


def at_risk_table(pptx: bytes) -> tuple[Any, list[list[str]]]:
    """The at-risk slide's table shape and its cells as text, header row first."""
    slide = Presentation(io.BytesIO(pptx)).slides[6]
    (shape,) = [s for s in every_shape(slide.shapes) if s.has_table]
    return shape, [[cell.text for cell in row.cells] for row in shape.table.rows]


def test_the_deck_and_the_report_name_each_at_risk_deal_as_the_pages_list_does(plain_review, plain_pptx, report):
    """The page's list named each deal beside its account; the deck's and the report's tables did not.
    Now they do, by the deal lists' rule: no Deal column when none of the deals has a name. The deck's
    table takes room from the chart beside it, not from the slide's edge or the note under it."""
    from pptx.util import Inches

    from winloss.export.deck import AT_RISK_SLIDE_ROWS

    from winloss.views.deal_lists import short_deal_name

    names = plain_review.at_risk.get_column("opportunity_name").to_list()
    assert all(names)  # the sample names every deal ("Silverline Media B.V. - Core Platform")
    # Beside its account as every deal list shows it ("Core Platform"): the account's name is the Account's.
    shown = [short_deal_name(n, a) for n, a in zip(names, plain_review.at_risk.get_column("account"), strict=True)]
    assert shown != names
    shape, cells = at_risk_table(plain_pptx)
    assert cells[0][:3] == ["Rep", "Account", "Deal"]
    assert [row[2] for row in cells[1:]] == shown[:AT_RISK_SLIDE_ROWS]
    assert "<th>Account</th><th>Deal</th>" in report
    assert all(f"<td>{html.escape(name)}</td>" in report for name in shown)
    # The table lies right of the chart, inside the slide's margin, its columns filling it; the deal's
    # name and the account have the widest columns, and none is narrower than a day ("28 Feb 2027") needs.
    slide = Presentation(io.BytesIO(plain_pptx)).slides[6]
    (chart,) = [s for s in every_shape(slide.shapes) if s.has_chart]
    widths = [column.width for column in shape.table.columns]
    assert chart.left + chart.width < shape.left and shape.left + sum(widths) <= Inches(13.333 - 0.6) + 10
    assert abs(sum(widths) - shape.width) <= len(widths)
    assert widths[1] == widths[2] == max(widths) and min(widths) >= Inches(0.55)
    assert widths[cells[0].index("Close date")] >= Inches(0.81)  # 0.69 in of "28 Feb 2027" at 10 pt, and margins
    # A store of files that mapped no names: no column of blanks, and the chart keeps its width.
    unnamed = dataclasses.replace(
        plain_review, at_risk=plain_review.at_risk.with_columns(pl.lit(None, pl.String).alias("opportunity_name")))
    unnamed_pptx = deck_bytes(unnamed)
    shape, cells = at_risk_table(unnamed_pptx)
    assert "Deal" not in cells[0] and "<th>Deal</th>" not in report_html(unnamed)
    slide = Presentation(io.BytesIO(unnamed_pptx)).slides[6]
    (chart,) = [s for s in every_shape(slide.shapes) if s.has_chart]
    assert chart.width == Inches(5.2) and chart.left + chart.width < shape.left


def test_a_past_quarters_at_risk_deals_closed_since_say_what_became_of_them_in_the_deck_and_report(store, past_review, plain_review):
    """2026 Q2 reviewed with data of 26 Nov 2026: its at-risk deals were open at the quarter's end and have
    all closed since. Their stage was today's ("Closed Won"), which read as if they were still open in it;
    the deck and the report now say "Won 12 Aug 2026" under "Stage now", and what that column holds."""
    from winloss.export.deck import AT_RISK_SLIDE_ROWS
    from winloss.export.words import at_risk_rows
    from winloss.views.review import stage_now_note

    review = past_review
    assert review.pipeline_by_age
    header, rows = at_risk_rows(review)
    stages = [row[header.index("Stage now")] for row in rows]
    assert any(re.fullmatch(r"Won \d{1,2} [A-Z][a-z]{2} 2026", s) for s in stages), stages
    assert any(s.startswith("No decision ") for s in stages) and not any(s.startswith("Closed") for s in stages)
    pptx = deck_bytes(review)
    shape, cells = at_risk_table(pptx)
    assert cells == [header, *rows[:AT_RISK_SLIDE_ROWS]]
    # What the column holds is said under the table (the deck has no column help), clear of its rows
    # (each as tall as its lines) and of the slide's caption under it.
    note = stage_now_note(review)
    slide = Presentation(io.BytesIO(pptx)).slides[6]
    (said,) = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.text_frame.text == note]
    (caption,) = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.text_frame.text.startswith("Deals open at the end")]
    assert shape.top + shape.height <= said.top and said.top + said.height <= caption.top
    assert said.left == shape.left and abs(said.width - shape.width) <= 10  # EMU: the same column, rounded
    report = report_html(review)
    assert "<th>Stage now</th>" in report and all(f"<td>{html.escape(s)}</td>" in report for s in stages)
    assert html.escape(note) in report and "Largest deals at risk at the end of 2026 Q2" in report
    # A quarter's own pipeline on the data's own day (as_of with no earlier review day: nothing closed
    # since) says "Stage" and no note.
    in_progress = quarterly_review(deals(store), "2026 Q3", date(2026, 9, 30))
    assert in_progress.pipeline_day == in_progress.as_of
    assert not in_progress.pipeline_by_age and at_risk_rows(in_progress)[0][3] == "Stage"
    assert "Stage now" not in report_html(in_progress)
    # Reviewed as of 30 Sep, the last day of 2026 Q3, its pipeline is the deals open then, some closed by
    # 26 Nov, judged on age as the quarter's end is when reviewed on the data's day: the same deals.
    on_its_last_day = review_from_store(store, "2026 Q3", today=date(2026, 9, 30))
    after_it = plain_review  # review_from_store(store, QUARTER), as of the data's day
    assert on_its_last_day.pipeline_by_age and on_its_last_day.pipeline_day == date(2026, 9, 30)
    assert on_its_last_day.at_risk_by_profile.equals(after_it.at_risk_by_profile)
    assert on_its_last_day.at_risk.equals(after_it.at_risk)


def test_the_deck_lists_every_at_risk_deal_the_page_and_report_list_and_says_when_it_lists_fewer(plain_review, plain_pptx,
                                                                                                 past_review):
    """The deck's table had 8 rows where the page and the report had 10, and said nothing of it. It now
    lists them all, clear of the caption and footer under it; a review of more deals than the slide
    holds says which it shows."""
    from pptx.util import Inches

    from winloss.export.deck import AT_RISK_SLIDE_ROWS
    from winloss.export.words import at_risk_rows

    for review, pptx in ((plain_review, plain_pptx), (past_review, deck_bytes(past_review))):
        assert review.at_risk.height == AT_RISK_ROWS
        header, rows = at_risk_rows(review)
        shape, cells = at_risk_table(pptx)
        assert cells == [header, *rows]  # the report's rows (at_risk_rows of them all), every one
        slide = Presentation(io.BytesIO(pptx)).slides[6]
        under = [s for s in every_shape(slide.shapes) if s.has_text_frame and s.top > shape.top]
        # Its rows, each as tall as its tallest cell at 10 pt (tests/export/test_deck_layout.py checks
        # each holds its lines), end above every text under the table: the stage-now note, the caption,
        # the footer at 7.05 in.
        heights = [row.height for row in shape.table.rows]
        assert shape.height == sum(heights) and min(heights) >= Inches(0.2)
        assert shape.top + shape.height <= min(s.top for s in under)
        assert max(s.top + s.height for s in under) <= Inches(7.5)
        assert not any(s.text_frame.text.startswith("Largest ") for s in under)
    more = dataclasses.replace(plain_review, at_risk=pl.concat([plain_review.at_risk, plain_review.at_risk.head(2)]))
    more_pptx = deck_bytes(more)
    _, cells = at_risk_table(more_pptx)
    assert len(cells) == AT_RISK_SLIDE_ROWS + 1
    slide = Presentation(io.BytesIO(more_pptx)).slides[6]
    said = [s.text_frame.text for s in every_shape(slide.shapes) if s.has_text_frame]
    assert any(t.startswith(f"Largest {AT_RISK_SLIDE_ROWS} of {AT_RISK_SLIDE_ROWS + 2} shown; the full list is in "
                            "the HTML report and the app.") for t in said), said


def test_a_reps_name_inside_a_deals_name_is_pseudonymised_in_the_deck_and_report(tmp_path):
    """Anonymised, the page writes "Acme 0 - renewal with Rep 01" for a deal named after its rep; the deck
    and the report, now that they name each deal, must too."""
    from winloss.ingest.pipeline import commit, prepare

    reps = ["Dana Whitfield", "Omar Castellanos", "Priya Raman"]
    won = [f"W{i},Won {i},{reps[i % 3]},Acme W{i},Closed Won,2026-07-01,2026-08-{1 + i % 28:02d},{100 + i}" for i in range(30)]
    stale = [f"O{i},Acme {i} - renewal with {reps[i]},{reps[i]},Acme {i},Prospecting,2026-01-0{1 + i},2026-12-{10 + i},{5000 + i}"
             for i in range(3)]
    content = ("Opportunity ID,Opportunity Name,Owner,Account,Stage,Created Date,Close Date,Amount\n"
               + "\n".join(won + stale) + "\n").encode()
    target = Store(tmp_path / "store")
    commit(target, prepare(content, "named.csv"))
    plain = review_from_store(target, QUARTER)
    assert all(f"renewal with {rep}" in report_html(plain) for rep in reps)  # the search finds them when shown
    masked = review_from_store(target, QUARTER, anonymize=True)
    pptx = deck_bytes(masked)
    _, cells = at_risk_table(pptx)
    deal_names = [row[cells[0].index("Deal")] for row in cells[1:]]
    # Beside its account ("Acme 0"), the rest of its name, as every deal list shows it.
    assert len(deal_names) == 3 and all(re.fullmatch(r"renewal with Rep \d\d", n) for n in deal_names), deal_names
    masked_report = report_html(masked)
    for text in (package_text(pptx), masked_report):
        assert leaked(text, set(reps)) == []
    assert all(f"<td>{html.escape(n)}</td>" in masked_report for n in deal_names)


def test_the_movers_findings_column_has_one_heading_everywhere(plain_review):
    """The page's grid headed it "Finding", presenter mode and the HTML "Passes the rule"."""
    from winloss.export.words import mover_rows
    from winloss.views.review import FINDING_HEADER, finding_cell

    movers = pl.DataFrame({
        "rep": ["Ann Archer", "Bo Berg"], "seller_profile": ["Challenger", "Lone Wolf"], "measure": ["win_rate"] * 2,
        "measure_label": ["Win rate"] * 2, "before": [0.404, 0.5], "after": [0.696, 0.45], "change": [0.292, -0.05],
        "n_before": [52, 40], "n_after": [56, 41], "p_value": [0.002, 0.6], "significant": [True, False],
    })
    review = dataclasses.replace(plain_review, movers=movers)
    header, rows = mover_rows(review)
    assert header[-1] == FINDING_HEADER == "Finding" and [r[-1] for r in rows] == ["yes", "no"]
    assert [finding_cell(True), finding_cell(False)] == ["yes", "no"]
    report = report_html(review)
    assert "Passes the rule" not in report and f">{FINDING_HEADER}<" in report
