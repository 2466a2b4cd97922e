"""The quarterly review page through AppTest: sections, numbers, the quarter picker, presenter mode, anonymity."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from rendered import as_read, clicked, leaked, rendered_text
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from winloss import periods
from winloss.measures.summary import outcome_summary
from winloss.export.words import at_risk_rows, mover_rows
from winloss.text import DASH, md
from winloss.views.review import quarterly_review

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
SECTIONS = [
    "Findings",
    "Headline numbers",
    "Win rate by seller profile",
    "No decision: the trend and what it cost",
    "Top movers",
    "At-risk open pipeline",
]


def review_page(*files: dict, **query: str) -> AppTest:
    """The review page opened from the app's front door; each of `files` (conftest's `downloads`,
    `deferred`) then holds this page's files only."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run(timeout=TIMEOUT)
    for offered in files:
        offered.clear()  # the default page's own downloads
    at.switch_page("app_pages/review.py").run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def reviewed(sample):
    """`reviewed(**query)`: `review_page(**query)` on the sample, run once for the module and shared by the tests
    that only read what the review shows with that link (none of them clicks, types, reruns it or reads its
    downloads)."""
    runs: dict[str, AppTest] = {}

    def run_once(**query: str) -> AppTest:
        key = repr(sorted(query.items()))
        if key not in runs:
            runs[key] = review_page(**query)
        return runs[key]

    return run_once


def real_names(sample_dir: Path) -> set[str]:
    roster = pl.read_csv(ROOT / "sample_data" / "rep_roster.csv")
    from winloss.deals import deals
    from winloss.store.delta import Store

    return set(roster.get_column("Rep Name")) | set(roster.get_column("Manager")) | set(deals(Store(sample_dir)).get_column("rep"))


def engine_review(sample_dir: Path, quarter: str = "2026 Q3"):
    from winloss.deals import data_as_of, deals
    from winloss.store.delta import Store

    store = Store(sample_dir)
    return deals(store), quarterly_review(deals(store), quarter, data_as_of(store))


def test_the_page_shows_the_last_complete_quarter_in_section_order(sample, reviewed):
    at = reviewed()
    assert at.title[0].value == "Quarterly review · 2026 Q3"
    assert at.selectbox(key="quarter").value == "2026 Q3"
    assert [h.value for h in at.subheader] == [*SECTIONS, "Export"]
    assert len(at.get("plotly_chart")) == 4
    assert [b.proto.label for b in at.get("download_button")][-2:] == ["PowerPoint deck", "HTML report"]


def test_the_page_numbers_are_the_engines(sample, reviewed):
    at = reviewed()
    frame, review = engine_review(sample)
    overall = outcome_summary(frame, None, *periods.quarter_bounds("2026 Q3")).row(0, named=True)
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Win rate"] == f"{overall['win_rate']:.0%}"
    assert tiles["Closed deals"] == f"{overall['closed']:,}"
    assert tiles["Won value"].startswith("$")
    page_text = as_read("\n".join(m.value for m in at.markdown))  # findings are escaped Markdown
    assert review.findings
    for finding in review.findings:
        assert finding.text in page_text


def test_the_quarter_picker_changes_the_review(sample):
    at = review_page()
    at.selectbox(key="quarter").select("2025 Q4").run(timeout=TIMEOUT)
    assert not at.exception
    assert at.title[0].value == "Quarterly review · 2025 Q4"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "Win rate by seller profile, 2025 Q4 against 2025 Q3"
    # The picker is bound to ?quarter=, so a link opens the same review.
    assert review_page(quarter="2025 Q4").title[0].value == "Quarterly review · 2025 Q4"


def test_every_chart_has_its_data_as_csv(sample, downloads, deferred):
    at = review_page(downloads, deferred)
    offered = {**downloads, **clicked(deferred)}  # a chart's CSV is made on a click
    csvs = {name: data for name, data in offered.items() if name.endswith(".csv") and "/media/" not in name}
    # Each named after its chart, then the days its rows count (views.common.chart_file_name): the quarter
    # reviewed, and the no-decision trend's eight quarters.
    assert sorted(csvs) == [
        "deals-open-at-the-end-of-2026-q3-at-risk-or-on-track_2026-07-01-to-2026-09-30.csv",
        "no-decision-share-of-losses-by-quarter-and-the-value-it-took_2024-10-01-to-2026-09-30.csv",
        "top-movers-reps-whose-rates-changed-most-2026-q2-2026-q3_2026-07-01-to-2026-09-30.csv",
        "win-rate-by-seller-profile-2026-q3-against-2026-q2_2026-07-01-to-2026-09-30.csv",
    ]
    assert not at.exception


def test_anonymised_page_shows_no_real_name_anywhere(sample, reviewed, downloads, deferred):
    names = real_names(sample)
    plain = reviewed()
    assert leaked(rendered_text(plain), names), "the search must find names when they are shown"
    at = review_page(downloads, deferred, anon="true")
    text = rendered_text(at)
    assert leaked(text, names) == []
    assert "Rep 0" in text
    offered = {**downloads, **clicked(deferred)}  # a chart's CSV is made on a click
    files = "\n".join(d.decode("utf-8-sig") if isinstance(d, bytes) else str(d) for d in offered.values())
    assert files and leaked(files, names) == []
    assert leaked("\n".join([*downloads, *deferred]), names) == []  # nor in a file name


def test_presenter_mode_with_hidden_amounts(sample, reviewed, downloads, deferred):
    at = review_page(downloads, deferred, present="true", anon="true", hide_amounts="true")
    assert at.title[0].value == "Quarterly review · 2026 Q3"
    assert [h.value for h in at.subheader] == SECTIONS  # no export section
    assert not at.get("download_button")
    assert not [d for d in [*downloads, *deferred] if d.endswith((".csv", ".pptx", ".html"))]
    _, review = engine_review(sample)
    won = {r["kpi"]: r for r in review.kpis.iter_rows(named=True)}["won_amount"]
    tiles = {m.label: m.value for m in at.metric}
    assert "Won value" not in tiles
    assert tiles["Won value index"] == f"{100 * won['value'] / won['previous']:.0f}"
    text = rendered_text(at)
    assert re.findall(r"\$[\d.]", text) == []  # no "$31.7M", no "$.2s" axis ("$$ID" is a widget id)
    assert re.findall(r"\$[\d.]", rendered_text(reviewed(present="true"))), "amounts show when not hidden"
    assert at.selectbox(key="quarter").value == "2026 Q3"  # the one control left on the page


def test_presenter_mode_draws_the_review_tables_as_text_the_room_can_read(sample, downloads):
    """A data grid paints on a canvas presenter type cannot enlarge: presenter mode draws the movers and
    at-risk tables as static text tables, the deck's own rows, every cell escaped for Markdown."""
    at = review_page(downloads, present="true")
    _, review = engine_review(sample)
    assert not [d for d in at.dataframe if {"reason", "measure_label"} & set(d.value.columns)]
    tables = {tuple(t.value.columns): t.value for t in at.table}
    movers_header, movers = mover_rows(review)
    at_risk_header, at_risk = at_risk_rows(review)
    assert [md(h) for h in movers_header] in [list(c) for c in tables] and movers
    assert [md(h) for h in at_risk_header] in [list(c) for c in tables] and at_risk
    shown = tables[tuple(md(h) for h in at_risk_header)]
    assert shown.values.tolist() == [[md(c) for c in row] for row in at_risk]
    # Out of presenter mode the same tables are grids, sortable and scrollable.
    assert not review_page(downloads).table


def test_the_review_tables_right_align_their_numbers_on_the_page_in_the_deck_and_the_report(sample, downloads):
    """Presenter mode's text tables, the deck's at-risk table and the HTML report's tables wrote days
    open, amounts, rates, changes and n flush left like names: each column of numbers reads right-aligned
    (words.number_columns), and every other column left."""
    import html
    import io

    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN

    from winloss.export.deck import deck_bytes
    from winloss.export.html import report_html
    from winloss.export.words import number_columns

    at = review_page(downloads, present="true")
    _, review = engine_review(sample)
    report = report_html(review)
    for header, _rows in (mover_rows(review), at_risk_rows(review)):
        numbers = number_columns(header, review)
        assert any(numbers) and not all(numbers), header
        (table,) = [t for t in at.table if list(t.value.columns) == [md(h) for h in header]]
        css = table.proto.arrow_data.styler.styles
        right = [rule for rule in css.split("}") if "text-align: right" in rule]
        wanted = {i for i, number in enumerate(numbers) if number}
        assert {int(c) for rule in right for c in re.findall(r"_col(\d+)", rule)} == wanted, (header, css)  # cells
        assert {int(c) for rule in right for c in re.findall(r"th\.col(\d+)", rule)} == wanted, (header, css)  # headers
        tables = [(re.findall(r'<th( class="number")?>([^<]*)</th>', t), re.findall(r'<td( class="number")?>', t.split("</tr>")[1]))
                  for t in re.findall(r"<table>(.*?)</table>", report)]
        (heads, cells) = next((h, c) for h, c in tables if [html.unescape(text) for _, text in h] == header)
        assert [bool(place) for place, _ in heads] == numbers == [bool(place) for place in cells], header
    header, _rows = at_risk_rows(review)
    slide = next(s for s in Presentation(io.BytesIO(deck_bytes(review))).slides
                 if any(shape.has_table for shape in s.shapes))
    grid = next(shape for shape in slide.shapes if shape.has_table).table
    deck_header = [grid.cell(0, c).text for c in range(len(grid.columns))]
    aligned = [grid.cell(1, c).text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT for c in range(len(grid.columns))]
    assert aligned == number_columns(deck_header, review), (deck_header, aligned)


def test_presenter_tables_never_wrap_a_date_a_pseudonym_or_a_number_inside_it(sample, reviewed):
    """Presenter mode's at-risk table at 1280 px set "12 Jan 2027" over three lines and "Rep 09" over two:
    with reps anonymised, the Rep, Close date and number columns keep each value on one line (white-space:
    nowrap, words.unbroken_columns), while Account and Deal may wrap between words."""
    at = reviewed(present="true", anon="true")
    wanted = {"Rep", "Close date", "Days open"}
    (table,) = [t for t in at.table if "Close date" in list(t.value.columns)]
    columns = list(table.value.columns)
    css = table.proto.arrow_data.styler.styles
    nowrap = {int(c) for rule in css.split("}") if "white-space: nowrap" in rule for c in re.findall(r"_col(\d+)", rule)}
    assert {columns[i] for i in nowrap} >= wanted, (columns, css)
    assert not {columns[i] for i in nowrap} & {"Account", "Deal"}, (columns, css)
    named = reviewed(present="true")
    (table,) = [t for t in named.table if "Close date" in list(t.value.columns)]
    css = table.proto.arrow_data.styler.styles
    nowrap = {int(c) for rule in css.split("}") if "white-space: nowrap" in rule for c in re.findall(r"_col(\d+)", rule)}
    assert "Rep" not in {list(table.value.columns)[i] for i in nowrap}  # a real name wraps between its words


def test_a_section_with_nothing_to_chart_says_what_is_missing_in_its_place(store):
    """One quarter of won deals only, none open: no loss, no mover and no pipeline to chart. Each of
    those sections keeps its heading and says why in place of its chart; the rest still draw."""
    from winloss.ingest.pipeline import commit, prepare
    from winloss.views.review import missing_charts

    rows = [f"D{i},Rep {i % 3},Closed Won,2026-08-{1 + i % 28:02d},{100 + i}" for i in range(30)]
    content = ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    commit(store, prepare(content, "won_only.csv"))
    at = review_page()
    assert at.title[0].value == "Quarterly review · 2026 Q3 to date"  # the data ends on 28 Aug
    frame, review = engine_review(Path(store.uri))
    missing = missing_charts(review)
    assert {"no_decision", "movers", "at_risk"} <= set(missing), missing
    said = [as_read(i.value) for i in at.info]
    for sentence in missing.values():
        assert sentence in said, f"{sentence!r} not on the page: {said}"
    # Every section keeps its heading; only the sections with something to draw have a chart.
    assert [h.value for h in at.subheader] == [*SECTIONS, "Export"]
    drawn = {"profiles", "no_decision", "movers", "at_risk"} - set(missing)
    assert len(at.get("plotly_chart")) == len(drawn) == 1  # the win rate by seller profile, of 30 deals


def test_a_rate_on_too_few_deals_says_so_in_the_tile_and_its_n_under_it(store):
    """As every page's tiles: "n too small" in the big type, "n = 5" under it; the whole "n too small
    (n = 5)" in the big type wrapped inside the tile at laptop width."""
    from winloss.ingest.pipeline import commit, prepare

    rows = [f"D{i},Rep {i % 2},{'Closed Won' if i % 2 else 'Closed Lost'},2026-08-{1 + i:02d},{100 + i}" for i in range(5)]
    content = ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    commit(store, prepare(content, "five.csv"))
    at = review_page()
    win = next(m for m in at.metric if m.label == "Win rate")
    assert win.value == ":small[n too small]"  # words in a figure's place, in the words' type (ui.widgets.tile_value)
    assert any("n = 5" in c.value for c in at.caption)


def test_a_filtered_reviews_files_are_named_and_headed_as_filtered(sample, monkeypatch):
    """The page said "Filtered: Region = EMEA", but the deck and report it offered did not."""
    from winloss.export import words

    named: list[str] = []
    original = words.file_name

    def recorded(review, fmt: str) -> str:
        named.append(original(review, fmt))
        return named[-1]

    monkeypatch.setattr(words, "file_name", recorded)
    at = review_page(region="EMEA")
    assert any("Filtered:" in m.value and "Region = EMEA" in m.value for m in at.markdown)
    assert named == ["quarterly-review-2026-q3-filtered.pptx", "quarterly-review-2026-q3-filtered.html"]
    named.clear()
    review_page()
    assert named == ["quarterly-review-2026-q3.pptx", "quarterly-review-2026-q3.html"]


def test_an_at_risk_deal_without_an_account_reads_a_dash_not_none(store):
    """A HubSpot export has deals with no account: the review's at-risk grid wrote "None" there (the No
    decision page's list wrote "—"), and presenter mode, the deck and the report an empty cell. (With no
    account among the deals listed, there is no Account column at all: test_page_no_account_column.)"""
    from winloss.ingest.pipeline import commit, prepare

    won = [f"D{i},Rep {i % 3},Acme {i},Closed Won,2026-07-01,2026-08-{1 + i % 28:02d},{100 + i}" for i in range(30)]
    stale = [f"O{i},Rep {i % 3},{'Zeta' if i == 0 else ''},Prospecting,2026-01-0{1 + i},2026-09-{10 + i},{5000 + i}"
             for i in range(3)]
    content = ("Opportunity ID,Owner,Account,Stage,Created Date,Close Date,Amount\n"
               + "\n".join(won + stale) + "\n").encode()
    commit(store, prepare(content, "hubspot.csv"))
    _, review = engine_review(Path(store.uri))
    header, rows = at_risk_rows(review)
    accounts = [row[header.index("Account")] for row in rows]
    assert sorted(accounts) == sorted([DASH, DASH, "Zeta"])
    at = review_page()
    (grid,) = [d for d in at.dataframe if "reason" in d.value.columns]
    assert grid.value["account"].isna().sum() == 2
    assert grid.proto.placeholder == DASH
    # Every grid on the page: the movers' too.
    assert all(d.proto.placeholder == DASH for d in at.dataframe)
    presented = review_page(present="true")
    (table,) = [t.value for t in presented.table if md("Account") in t.value.columns]
    assert sorted(table[md("Account")]) == sorted([DASH, DASH, md("Zeta")])


def test_every_grid_on_the_review_writes_a_missing_value_as_a_dash(sample, reviewed):
    at = reviewed()
    grids = {tuple(d.value.columns): d.proto.placeholder for d in at.dataframe}
    assert any("measure_label" in c for c in grids) and any("reason" in c for c in grids)  # movers, at risk
    assert set(grids.values()) == {DASH}


def test_a_quarter_on_too_few_losses_is_hatched_in_the_value_chart_as_the_caption_says(store):
    """The caption said "Hatched or hollow: fewer than 20 losses" while the quarter's bar of value lost
    was drawn plain: only its point above was marked."""
    from winloss.ingest.pipeline import commit, prepare
    from winloss.present.theme import SMALL_N_HATCH, SMALL_N_SYMBOL
    from winloss.text import amounts_small_n_note, sentence

    # 2026 Q2 on 40 losses, 2026 Q3 (the review's quarter) on 6.
    rows = [f"B{i},Rep {i % 3},Closed Lost,{'No Decision' if i % 2 else 'Price'},2026-05-{1 + i % 28:02d},{100 + i}"
            for i in range(40)]
    rows += [f"C{i},Rep {i % 3},Closed Lost,{'No Decision' if i % 2 else 'Price'},2026-08-{1 + i:02d},{100 + i}" for i in range(6)]
    rows += [f"W{i},Rep {i % 3},Closed Won,,2026-{('05', '08')[i % 2]}-{1 + i:02d},{100 + i}" for i in range(20)]
    content = ("Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    commit(store, prepare(content, "few_losses.csv"))
    at = review_page(quarter="2026 Q3")
    assert at.title[0].value == "Quarterly review · 2026 Q3 to date"  # the data ends on 20 Aug
    (spec,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")
               if json.loads(c.proto.spec)["layout"]["title"]["text"].startswith("No decision: share of losses")]
    line = next(t for t in spec["data"] if t["type"] == "scatter")
    bars = next(t for t in spec["data"] if t["type"] == "bar")
    small = [q == "2026 Q3 to date" for q in bars["x"]]
    assert any(small) and not all(small)
    assert [s == SMALL_N_SYMBOL for s in line["marker"]["symbol"]] == small
    assert [s == SMALL_N_HATCH for s in bars["marker"]["pattern"]["shape"]] == small
    assert any(sentence(amounts_small_n_note()) in as_read(c.value) for c in at.caption)


def test_a_past_quarters_at_risk_list_says_what_became_of_the_deals_closed_since(sample):
    """2026 Q2 reviewed with data of 26 Nov 2026: its at-risk deals, open at the quarter's end, have all
    closed since. Their stage was today's ("Closed Won"), reading as if they were still open in it. The
    list now says "Won 12 Aug 2026" under "Stage now", in view in place of the close date (a closed
    deal's is in it), says what that column holds under the list, and presenter mode draws the deck's rows."""
    from winloss.views.deal_lists import short_deal_name
    from winloss.views.review import stage_now_note

    _, review = engine_review(sample, "2026 Q2")
    stages = review.at_risk.get_column("stage").to_list()
    assert any(re.fullmatch(r"Won \d{1,2} [A-Z][a-z]{2} 2026", s) for s in stages) and not any(s.startswith("Closed") for s in stages)
    at = review_page(quarter="2026 Q2")
    assert "**Largest deals at risk at the end of 2026 Q2**" in [m.value for m in at.markdown]
    (grid,) = [d for d in at.dataframe if "reason" in d.value.columns]
    assert grid.value["stage"].tolist() == stages
    # Each deal's name whole under All columns; in view, without the account's name beside it.
    assert grid.value["full_deal_name"].tolist() == review.at_risk.get_column("opportunity_name").to_list()
    assert grid.value["opportunity_name"].tolist() == [
        short_deal_name(n, a) for n, a in review.at_risk.select("opportunity_name", "account").iter_rows()]
    config = json.loads(grid.proto.columns)
    assert config["stage"]["label"] == "Stage now" and config["stage"]["help"] == stage_now_note(review)
    assert "overdue" not in config["reason"]["help"].lower()  # judged on age alone
    assert list(grid.proto.column_order) == ["account", "opportunity_name", "rep", "amount", "reason", "stage"]
    assert stage_now_note(review) in [as_read(c.value) for c in at.caption]
    presented = review_page(quarter="2026 Q2", present="true")
    header, rows = at_risk_rows(review)
    assert header[:4] == ["Rep", "Account", "Deal", "Stage now"]
    (table,) = [t.value for t in presented.table if md("Stage now") in t.value.columns]
    assert list(table.columns) == [md(h) for h in header]
    assert table.values.tolist() == [[md(c) for c in row] for row in rows]
    assert stage_now_note(review) in [as_read(c.value) for c in presented.caption]


def test_a_review_of_an_earlier_day_says_both_days_under_its_title(sample, made_on_click):
    """The page reviewed as of the data's newest day alone. Its As of field (the days views.review.review_days
    gives: the data's first close date to its newest day, the default) reviews the quarter as it stood on an
    earlier day: the headline counts what had closed by it, the line under the title says both days in the
    engine's words (dates_line), the day is in the link (?as_of=) and in the files the page offers."""
    import datetime as dt

    from winloss.deals import data_as_of, deals
    from winloss.store.delta import Store
    from winloss.text import day
    from winloss.views.review import dates_line, review_days

    store = Store(sample)
    frame = deals(store)
    data_day = data_as_of(store, is_sample=True)
    first_close = frame.filter(pl.col("outcome") != "open").get_column("close_date").min()
    days = review_days(first_close, data_day)
    at = review_page()
    assert at.title[0].value == "Quarterly review · 2026 Q3" and "quarter" not in at.query_params
    field = at.date_input(key="as_of")
    assert (field.value, field.min, field.max) == (data_day, days.first, days.newest)
    whole = {m.label: m.value for m in at.metric}
    assert any(f"Data as of {day(data_day)}" in as_read(c.value) for c in at.caption)

    reviewed = dt.date(2026, 8, 14)
    field.set_value(reviewed).run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    # The quarter kept is written to the link: left out as the default it was, the link with the day
    # opened that day's default, 2026 Q2 (the last quarter over by it).
    assert at.query_params.get("quarter") == "2026 Q3"
    review = quarterly_review(frame, "2026 Q3", reviewed, data_day=data_day)
    said = f"Reviewed as of 14 Aug 2026 · data to {day(data_day)}"
    assert dates_line(review) == said
    for page in (at, review_page(quarter=at.query_params["quarter"], as_of="2026-08-14")):  # and a link to it
        assert page.title[0].value == "Quarterly review · 2026 Q3 to 14 Aug"  # not "to date": the data runs on
        tiles = {m.label: m.value for m in page.metric}
        assert tiles["Closed deals"] == f"{review.closed:,}" != whole["Closed deals"]
        shown = [as_read(c.value) for c in page.caption]
        assert any(said in c for c in shown), shown
        assert not any("Data as of" in c for c in shown)
    # The files the page offers are of that day.
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    report = made_on_click[buttons["HTML report"].deferred_file_id]
    assert f"{said}." in report and "Quarterly review 2026 Q3 to 14 Aug" in report
    deck = Presentation(io.BytesIO(made_on_click[buttons["PowerPoint deck"].deferred_file_id]))
    assert said in [sh.text_frame.text for sh in deck.slides[0].shapes if sh.has_text_frame]


def test_the_as_of_day_bounds_the_quarters_and_a_links_day_outside_the_data_is_said(sample, reviewed):
    """Reviewed as of 14 Aug 2026 the default quarter is the last one over by then, and no quarter after it is
    offered; a link's day the data does not cover is said (views.review.linked_day_note), not dropped unsaid."""
    from winloss.views.review import ReviewDays, linked_day_note

    at = reviewed(as_of="2026-08-14")
    assert at.title[0].value == "Quarterly review · 2026 Q2"
    assert at.selectbox(key="quarter").options[0] == "2026 Q3"  # to date: Q4 had not begun
    assert not at.warning
    beyond = reviewed(as_of="2027-01-01")
    field = beyond.date_input(key="as_of")
    assert field.value == field.max and beyond.title[0].value == "Quarterly review · 2026 Q3"
    note = linked_day_note("2027-01-01", ReviewDays(field.min, field.max))
    assert note and [w.value for w in beyond.warning] == [md(note)]


def test_a_tiles_n_names_the_quarter_reviewed_beside_a_quarter_with_nothing_to_compare(store):
    """The tile read "vs 2025 Q3: no deals in 2025 Q3 · n = 128", the 128 being 2026 Q3's: the page draws
    the engine's lines (views.review.n_text, change_lines), the n first and naming its quarter."""
    from winloss.ingest.pipeline import commit, prepare

    stages = ["Closed Won"] * 10 + ["Closed Lost"] * 20
    rows = [f"D{i},Rep {i % 3},{stage},{'No Decision' if i % 4 == 0 and stage == 'Closed Lost' else 'Price'},"
            f"2026-08-{1 + i % 28:02d},{100 + i}" for i, stage in enumerate(stages)]
    rows.append("D99,Rep 0,Closed Won,,2026-10-05,100")  # the data runs past 2026 Q3: a whole quarter
    content = ("Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    commit(store, prepare(content, "q3.csv"))
    at = review_page(quarter="2026 Q3")
    said = [c.value for c in at.caption]
    # 2026 Q2 has no deal either: each empty quarter is named, after the n of the one reviewed.
    assert "n = 30 in 2026 Q3 · no deals in 2026 Q2 to compare · no deals in 2025 Q3 to compare" in said, said
    assert "n = 20 in 2026 Q3 · no losses in 2026 Q2 to compare · no losses in 2025 Q3 to compare" in said, said
    assert not [s for s in said if "no deals in 2025 Q3 · n =" in s or "vs 2025 Q3: no deals in 2025 Q3" in s]


def test_the_title_has_a_line_of_its_own_with_the_quarter_and_day_under_it(sample, reviewed):
    """The As of field took a fifth of the title's row: beside the two fields, in three fifths of the page,
    "Quarterly review · 2026 Q3 to date" wrapped onto two lines at 1280 px with the sidebar open. The title
    is on no row with another element; the Quarter and As of fields share the row under it, each as wide as
    it was beside the title."""
    at = reviewed(as_of="2026-08-15", quarter="2026 Q3")
    assert at.title[0].value == "Quarterly review · 2026 Q3 to 15 Aug"
    assert not [c for c in at.columns if c.title], "the title shares a row with other elements"
    (quarter,) = [c for c in at.columns if c.selectbox and c.selectbox[0].label == "Quarter"]
    (day,) = [c for c in at.columns if c.date_input and c.date_input[0].label == "As of"]
    assert quarter.weight == day.weight == 0.2  # as wide as beside the title ([3, 1, 1]): a fifth of the page each


def test_the_profile_charts_legend_shows_this_quarters_colours_beside_its_words(sample, reviewed):
    """Its legend read "2026 Q3: each profile's colour" with no square, as a broken legend entry."""
    from winloss.present import review_charts

    at = reviewed()
    _, review = engine_review(sample)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    title = spec["layout"]["legend"]["title"]["text"]
    assert review_charts.SWATCH in title and title.endswith(f"{review.quarter}, each profile's colour")
    assert title == review_charts.profile_figure(review).layout.legend.title.text
