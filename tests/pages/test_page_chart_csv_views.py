"""Every chart's "Data behind this chart (CSV)", on every page, says the view it is of, in columns after its own
on every row (views.common.with_view): the close-date range, the filters in force as the page's "Filtered"
line words them, what the win rate counts, whether names are anonymised, and the reporting currency where it
has amounts; and its file's name says the view too (views.common.chart_file_name). The Overview's trend
downloaded for EMEA and for "Excluding no decision" were two files named
"win-rate-and-no-decision-losses-by-quarter.csv" with no word of either view, one reading a 2025-Q4 win rate
of 0.4391 and the other 0.6237.

A chart's file is named after what the chart is about, never after the sentence its title says in place of
its data: with a small team the Reps page's file was
"no-rep-has-20-deals-in-the-win-rate-in-this-range-none-is-ranked_2026-01-06-to-2026-11-20.csv"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

import polars as pl
import pytest
from app_driver import opened
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from winloss import text
from winloss.assessment import STATEMENTS
from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.questionnaire import questionnaire_frame
from winloss.rates import MIN_N

# The view's columns (views.common.VIEW_CSV, VIEW_CURRENCY), spelled here as a reader's program spells them.
VIEW_CSV = ("close_date_from", "close_date_to", "filters", "win_rate_counts", "names_anonymised")
VIEW_NAMES, VIEW_CURRENCY = "names_anonymised", "currency"
EMPTY_SENTENCES = (text.unranked_title(text.N_CLOSED), text.unranked_title(text.LOSSES), "No rep lost a deal in this range")

FROM, TO = "2026-01-01", "2026-09-30"  # within the sample's closed deals
# The sample's views: every filter off and every deal counted, against one region, no decision left out of the
# win rate and names anonymised; each view column follows its own control.
PLAIN: dict[str, str] = {}
OTHER = {"region": "EMEA", "rate": "Excluding no decision", "anon": "true"}
# Every page with a chart of deals, and the link that opens it; a rep's own view is the Reps page with ?rep=.
PAGES = {
    "overview": ("overview", {}),
    "profiles": ("profiles", {}),
    "no_decision": ("no_decision", {}),
    "reps": ("reps", {}),
    "one rep": ("reps", {"rep": "Noah Ito"}),
    "review": ("review", {"quarter": "2026 Q3"}),
}


LABEL = "Data behind this chart (CSV)"


@pytest.fixture
def deferred(monkeypatch) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """The buttons whose file is made on a click: deferred file id -> (file name, what a click calls)."""
    made: dict[str, tuple[str, Callable[[], bytes]]] = {}
    add_deferred = MediaFileManager.add_deferred

    def kept(self, data, mimetype, coordinates, file_name=None, **options):
        file_id = add_deferred(self, data, mimetype, coordinates, file_name, **options)
        made[file_id] = (file_name, data)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", kept)
    return made


def chart_files(at: AppTest, deferred: dict[str, tuple[str, Callable[[], bytes]]]) -> dict[str, list[dict[str, str]]]:
    """The rows of each chart's CSV the page `at` offers under LABEL (a deal list's CSV is not one), made as a
    click makes it, by file name."""
    files = {}
    for button in at.get("download_button"):
        if button.proto.label == LABEL:
            name, make = deferred[button.proto.deferred_file_id]
            files[name] = list(csv.DictReader(io.StringIO(make().decode("utf-8-sig"))))
    return files


def views_of(files: dict[str, list[dict[str, str]]]) -> set[tuple[str, ...]]:
    """The distinct views the files' rows state (VIEW_CSV's cells). A chart by quarter's row states the days
    its own quarter counts (quarter_start, quarter_end), and is counted here by its file's span, which its
    name states: the review's no-decision trend had said the quarter reviewed on every row of its eight."""
    views = set()
    for name, rows in files.items():
        span = None
        if rows and "quarter_start" in rows[0]:
            assert all((r["close_date_from"], r["close_date_to"]) == (r["quarter_start"], r["quarter_end"]) for r in rows), name
            span = (min(r["quarter_start"] for r in rows), max(r["quarter_end"] for r in rows))
            assert f"_{span[0]}-to-{span[1]}" in name, name
        views |= {(*(span or (row["close_date_from"], row["close_date_to"])), *(row[c] for c in VIEW_CSV[2:])) for row in rows}
    return views


@pytest.mark.parametrize("page", list(PAGES))
def test_every_charts_csv_states_its_view_and_follows_the_filters_the_rate_and_the_names(sample, deferred, page) -> None:
    script, query = PAGES[page]
    seen: dict[str, dict[str, list[dict[str, str]]]] = {}
    for label, view in (("plain", PLAIN), ("other", OTHER)):
        deferred.clear()
        at = opened(script, period="custom", **{"from": FROM, "to": TO}, **query, **view)
        assert not at.exception, [e.value for e in at.exception]
        if label == "other" and page == "one rep":  # the rep's pseudonym, as the anonymised page names them
            assert at.query_params.get("rep") != query["rep"]
        files = chart_files(at, deferred)
        assert files, f"no chart CSV on {page}"
        for name, rows in files.items():
            assert rows, name
            assert [c for c in VIEW_CSV if c not in rows[0]] == [], (name, list(rows[0]))
            assert list(rows[0])[-len(VIEW_CSV):] == list(VIEW_CSV) or VIEW_CURRENCY in rows[0], (name, list(rows[0]))
        seen[label] = files
    plain, other = views_of(seen["plain"]), views_of(seen["other"])
    if page == "review":  # the quarter reviewed, whatever the sidebar's range; the no-decision trend's eight quarters
        assert plain == {(first, "2026-09-30", "none", "All closed deals", "false")
                         for first in ("2026-07-01", "2024-10-01")}, plain
        assert other == {(first, "2026-09-30", "Region = EMEA", "Excluding no decision", "true")
                         for first in ("2026-07-01", "2024-10-01")}, other
    else:
        assert plain == {(FROM, TO, "none", "All closed deals", "false")}, plain
        assert other == {(FROM, TO, "Region = EMEA", "Excluding no decision", "true")}, other
    # Two views' files never share a name, and each name says its days (a review's, the quarter's; a trend's, its quarters').
    assert not set(seen["plain"]) & set(seen["other"]), sorted(seen["plain"])
    assert all(re.search(r"_20\d\d-\d\d-\d\d-to-2026-", name) for files in seen.values() for name in files), [*seen["plain"], *seen["other"]]
    assert all(name.endswith("_region-emea_excluding-no-decision_anonymised.csv") for name in seen["other"]), sorted(seen["other"])


def test_a_charts_amounts_name_their_currency_and_a_chart_without_none(sample, deferred) -> None:
    at = opened("no_decision", period="custom", **{"from": FROM, "to": TO})
    assert not at.exception, [e.value for e in at.exception]
    files = chart_files(at, deferred)
    with_amounts = {n for n, rows in files.items() if any(c == "amount" or c.endswith("_amount") for c in rows[0])}
    assert with_amounts, sorted(files)  # the loss reasons' amounts
    for name, rows in files.items():
        assert ({row.get(VIEW_CURRENCY) for row in rows} == {"USD"}) == (name in with_amounts), (name, list(rows[0]))


# ---- a profile assessment's chart: of a rep's answers, not of deals in a range -------------------------------
ASSESSED = "Sara Lind"


def assessed(store) -> None:
    deals = ("Opportunity ID,Owner,Stage,Close Date,Amount\n"
             + "".join(f"S{i},{ASSESSED},Closed Won,2026-08-{1 + i:02d},1000\n" for i in range(5)))
    answers = questionnaire_frame([ASSESSED], "Marc Dubois", dt.date(2026, 11, 30)).with_columns(
        pl.col("Statement ID").replace_strict({s.id: "5" if s.profile == "Challenger" else "2" for s in STATEMENTS})
        .alias("Score (1-5)"))
    buffer = io.BytesIO()
    answers.write_csv(buffer)
    for content, name in ((deals.encode(), "deals.csv"), (buffer.getvalue(), "questionnaire.csv")):
        prepared = prepare(content, name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def test_a_profile_assessments_csv_says_whether_its_names_are_anonymised(store, deferred) -> None:
    assessed(store)
    said: dict[str, str] = {}
    for anon in ("false", "true"):
        deferred.clear()
        at = opened("assessment", region="EMEA", anon=anon)  # a filter the answers are not of
        assert not at.exception, [e.value for e in at.exception]
        if anon == "false":
            at.selectbox(key="as-rep").set_value(ASSESSED).run()
            assert not at.exception, [e.value for e in at.exception]
        (name,) = chart_files(at, deferred)
        rows = chart_files(at, deferred)[name]
        assert name.startswith("profile-scores-for-"), name
        assert rows and {row[VIEW_NAMES] for row in rows} == {anon}, (name, rows[:1])
        assert not {"close_date_from", "filters", "win_rate_counts"} & set(rows[0])  # no range, filter or rate
        said[anon] = name
    assert said["true"].endswith("_anonymised.csv") and not said["false"].endswith("_anonymised.csv"), said


# ---- the file's name --------------------------------------------------------------------------------------
def test_views_that_differ_in_one_thing_have_files_of_different_names() -> None:
    from winloss.views.common import answers_view, chart_file_name, chart_view

    start, end = dt.date(2025, 10, 1), dt.date(2026, 9, 30)
    title = "Win rate and no decision ÷ losses, by quarter"
    views = [chart_view(Filters(), start, end, False, "USD"),
             chart_view(Filters().with_values("region", ["EMEA"]), start, end, False, "USD"),
             chart_view(Filters(denominator="excluding_no_decision"), start, end, False, "USD"),
             chart_view(Filters(), start, end, True, "USD"),
             chart_view(Filters(), start, dt.date(2026, 6, 30), False, "USD")]
    names = [chart_file_name(title, view) for view in views]
    assert names[0] == "win-rate-and-no-decision-losses-by-quarter_2025-10-01-to-2026-09-30.csv"
    assert names[1] == "win-rate-and-no-decision-losses-by-quarter_2025-10-01-to-2026-09-30_region-emea.csv"
    assert names[2] == "win-rate-and-no-decision-losses-by-quarter_2025-10-01-to-2026-09-30_excluding-no-decision.csv"
    assert names[3] == "win-rate-and-no-decision-losses-by-quarter_2025-10-01-to-2026-09-30_anonymised.csv"
    assert len(set(names)) == len(names)
    assert chart_file_name("Profile scores for Ann (mean of 2 raters)", answers_view(True)) == (
        "profile-scores-for-ann-mean-of-2-raters_anonymised.csv")


def test_a_long_names_view_marks_are_kept_whole() -> None:
    from winloss.views.common import chart_file_name, chart_view

    view = chart_view(Filters(denominator="excluding_no_decision").with_values("team", ["Team " + "東京" * 80]),
                      dt.date(2026, 1, 1), dt.date(2026, 3, 31), True, "JPY")
    name = chart_file_name("Win rate by rep, with 95% intervals", view)
    assert name.endswith("_excluding-no-decision_anonymised.csv"), name
    assert len(name.removesuffix(".csv")) <= text.FILE_NAME_CHARACTERS
    assert len(name.removesuffix(".csv").encode()) <= text.FILE_NAME_BYTES


@pytest.mark.parametrize("sentence", EMPTY_SENTENCES)
def test_a_sentence_said_in_place_of_a_charts_data_never_names_its_file(sentence) -> None:
    from winloss.views.common import chart_file_name, chart_view

    assert text.is_empty_chart_title(sentence)
    with pytest.raises(ValueError, match="in place of its data"):
        chart_file_name(sentence, chart_view(Filters(), dt.date(2026, 1, 1), dt.date(2026, 3, 31), False, "USD"))


# ---- a team too small for any chart to rank a rep ------------------------------------------------------------
SMALL_REPS = ("Ann Lee", "Bo Chan", "Cy Ward")


def small_team(store) -> None:
    """Three reps, 9 closed deals each (3 won, 3 lost, 3 no decision): fewer than MIN_N in every rep's win rate
    and share of losses, so neither ranking ranks anyone."""
    rows = [f"{rep[:2]}{i:02d},{rep},{stage},{reason},2026-0{7 + i % 3}-{10 + i:02d},1000"
            for rep in SMALL_REPS
            for i, (stage, reason) in enumerate([("Closed Won", "")] * 3 + [("Closed Lost", "Price")] * 3
                                                + [("Closed Lost", "No Decision")] * 3)]
    assert 9 < MIN_N
    prepared = prepare(("Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n").encode(),
                       "small.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)


def test_no_charts_file_is_named_after_the_sentence_said_in_place_of_its_data(store, deferred) -> None:
    small_team(store)
    names: list[str] = []
    # The charts of reps none of whom is ranked are drawn with the page's Show the charts anyway on (a sentence otherwise).
    for page, query in (("overview", {}), ("profiles", {}), ("no_decision", {"show_anyway": "true"}),
                        ("reps", {"show_anyway": "true"}), ("reps", {"rep": "Ann Lee"}), ("review", {"quarter": "2026 Q3"})):
        deferred.clear()
        at = opened(page, period="All time", **query)
        assert not at.exception, [e.value for e in at.exception]
        names += list(chart_files(at, deferred))
        if page == "reps" and "rep" not in query:  # the chart's title says that none is ranked; its file does not
            titles = [t for t in at.get("plotly_chart") if text.unranked_title(text.N_CLOSED) in t.proto.spec]
            assert titles, "the Reps chart is not titled as ranking none"
    empty = [text.slug(s) for s in EMPTY_SENTENCES]
    assert not [n for n in names if any(e in n for e in empty) or n.startswith("no-rep-")], names
    assert [n for n in names if n.startswith("win-rate-by-rep-with-95-intervals_")], names
    # Three reps none of whom is ranked: the file claims no ranking of them (no_decision.REPS_CHART_SUBJECT).
    assert [n for n in names if n.startswith("share-lost-to-no-decision-by-rep_")], names
    assert not [n for n in names if "largest-share" in n], names


def test_the_view_columns_are_the_engines() -> None:
    from winloss.views import common

    assert (common.VIEW_CSV, common.VIEW_NAMES, common.VIEW_CURRENCY) == (VIEW_CSV, VIEW_NAMES, VIEW_CURRENCY)
    assert common.NO_FILTERS == "none" and text.NO_REP_LOST_TITLE == EMPTY_SENTENCES[-1]


# ---- every file of a page with names anonymised says so in its name ------------------------------------------
ANONYMISED_NAME = re.compile(r"[-_]anonymised(?:[-_.])")  # "…_anonymised.csv", the review's "…-anonymised.pptx"
DEAL_LIST = "Deals (CSV)"  # a deal list's button (ui.drill.deals_table)


def download_names(at: AppTest, deferred: dict[str, tuple[str, Callable[[], bytes]]]) -> dict[str, str]:
    """Every download button's file name on the page `at`, by its label and key: each is made on a click."""
    names = {}
    for button in at.get("download_button"):
        assert button.proto.deferred_file_id in deferred, f"{button.proto.label}: not made on a click"
        names[f"{button.proto.label} {button.proto.id}"] = deferred[button.proto.deferred_file_id][0]
    return names


@pytest.mark.parametrize("page", list(PAGES))
def test_every_download_of_a_page_with_names_anonymised_says_so_in_its_name(sample, deferred, page) -> None:
    """With names anonymised the No decision page's at-risk list was named
    "open-deals-at-risk-as-of-2026-11-26_2025-10-01-to-2026-09-30.csv", its named twin's name, beside chart CSVs
    ending "_anonymised": a deal list's name never said it (deal_lists.list_file_name). Each page's files as it
    opens, and with the deals behind its first chart's first bar listed (the review lists none: its deck, its
    report and its charts' CSVs)."""
    script, query = PAGES[page]
    at = opened(script, period="custom", **{"from": FROM, "to": TO}, **query, anon="true")
    assert not at.exception, [e.value for e in at.exception]
    names = download_names(at, deferred)
    # The deals behind a bar, chosen as a keyboard chooses it (ui.widgets.choice_ui): a deal list's own CSV.
    boxes = [s for s in at.selectbox if s.key and re.fullmatch(r".+-\d+-choose", s.key) and s.options]
    assert bool(boxes) == (page != "review"), f"{page}: {len(boxes)} charts list their deals"
    if boxes:
        boxes[0].set_value(boxes[0].options[0]).run()
        assert not at.exception, [e.value for e in at.exception]
        names |= download_names(at, deferred)
        assert [n for label, n in names.items() if label.startswith(DEAL_LIST)], (page, names)
    else:
        assert {"PowerPoint deck", "HTML report"} <= {label.split(" ")[0] + " " + label.split(" ")[1] for label in names}
    assert {label: n for label, n in names.items() if not ANONYMISED_NAME.search(n)} == {}, page
