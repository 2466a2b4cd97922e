"""The Overview on the sample (deals closed to 30 Sep 2026, data as of 26 Nov 2026) with the to-date
presets: the caption prints the range the figures count, to the data's day, and an empty quarter to
date reads "no closed deals"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rendered import rendered_text
from streamlit.testing.v1 import AppTest

from sample_data.generator import AS_OF, LAST_CLOSE
from winloss import periods
from winloss.text import day

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def overview_run(**query: str) -> AppTest:
    """The Overview opened with `query` in its link, run without an exception."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    return at


def overview(**query: str) -> str:
    return rendered_text(overview_run(**query))


def test_quarter_to_date_runs_to_the_datas_day_and_says_there_are_no_closed_deals(sample):
    shown = overview(period="quarter_to_date")
    first = periods.quarter_bounds(periods.quarter_label(AS_OF))[0]
    assert LAST_CLOSE < first  # the sample's quarter to date holds no closed deal
    assert f"Closed {day(first)} – {day(AS_OF)} ·" in shown
    assert "no closed deals" in shown
    assert "n = 0" not in shown.split("Definitions")[0]  # the tiles: no "n too small" over "n = 0"
    assert "1 deals" not in shown and "1 losses" not in shown
    assert "no rep has closed deals in this range" in shown
    assert "0 of 0 reps" not in shown
    # No empty trend and no "How the 0 closed deals ended" over "Share of all 0 closed deals": one sentence.
    assert "No deal closed in this range, so there is no quarterly trend or outcome mix to draw" in shown
    assert "Share of all 0 closed deals" not in shown and "How the 0 closed deals ended" not in shown


def test_year_to_date_prints_its_last_day_the_datas_day(sample):
    shown = overview(period="year_to_date")
    assert f"Closed 1 Jan {AS_OF.year} – {day(AS_OF)} ·" in shown


def captions(**query: str) -> list[str]:
    return [c.value for c in overview_run(**query).caption]


def test_a_range_ending_before_deals_closed_says_how_many_it_leaves_out(sample):
    """A range that ends before the data's last closed deals says how many it leaves out and where to see
    them: a leader on the default range saw none of the quarter they had just uploaded, with no word."""
    from datetime import date

    import polars as pl

    from winloss.deals import page_deals
    from winloss.store.delta import Store

    after = page_deals(Store(sample)).filter(
        (pl.col("outcome") != "open") & (pl.col("close_date") > date(2026, 6, 30))).height
    assert after > 0
    shown = captions(period="custom", **{"from": "2026-01-01", "to": "2026-06-30"})
    assert (f"{after:,} deals closed after 30 Jun 2026 are not in this range: move the range's end under Close date "
            "in the sidebar to see them.") in shown
    assert not any("closed after" in c for c in captions(period="all"))  # nothing after the end of all time


def test_a_rep_with_open_deals_only_in_range_says_why_no_chart_is_drawn(sample):
    """Quarter to date on the sample, one rep's view: no empty scorecard bars "(n = 0)", no "How …'s 0 closed
    deals ended", no "the rep's 0 lost and no-decision deals"; one sentence, and the rep's open deals listed."""
    from winloss.deals import page_deals
    from winloss.store.delta import Store

    import polars as pl

    deals = page_deals(Store(sample))
    rep = deals.filter(pl.col("outcome") == "open").get_column("rep").drop_nulls().sort()[0]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.switch_page("app_pages/reps.py")
    at.query_params.update({"period": "quarter_to_date", "rep": rep})
    at.run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    info = [i.value for i in at.info]
    assert any(v.startswith(f"{rep} closed no deal in this range, so there is no scorecard") for v in info), info
    # What to do names the nearest preset that shows the rep's closed deals (views.common.nothing_shown_advice):
    # last quarter's, not "Widen the range", which a preset cannot be, nor All time, which it always said.
    assert any("Choose Last quarter under Close date in the sidebar to see " in v and "closed before 1 Oct 2026" in v
               for v in info), info
    assert not at.get("plotly_chart")
    shown = rendered_text(at)
    assert "0 closed deals" not in shown and "0 lost and no-decision deals" not in shown
    assert at.dataframe, "the rep's open deals are listed"
    # Another team's filter keeps none of the rep's deals, of any date: the advice names it (views.reps.no_deals_advice),
    # where it had said "Widen the range", which showed none.
    teams = deals.filter(pl.col("rep") == rep).get_column("team").unique()
    other = deals.filter(~pl.col("team").is_in(teams.to_list())).get_column("team").drop_nulls().sort()[0]
    filtered = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    filtered.switch_page("app_pages/reps.py")
    filtered.query_params.update({"period": "quarter_to_date", "rep": rep, "team": other})
    filtered.run(timeout=TIMEOUT)
    assert not filtered.exception, [e.value for e in filtered.exception]
    assert f"{rep} has no deals under these filters. Clear the Team filter in the sidebar to see {rep}'s deals." in [
        i.value for i in filtered.info]


def test_a_custom_range_with_only_a_first_day_runs_to_the_datas_day_and_says_so(sample):
    at = overview_run(period="Custom range", **{"from": "2026-01-01"})
    shown = rendered_text(at)
    assert f"Closed 1 Jan 2026 – {day(AS_OF)} ·" in shown
    assert [d.value for d in at.sidebar.date_input] == [date(2026, 1, 1), None]
    assert "To is empty: the range runs to the data's last day." in [c.value for c in at.sidebar.caption]


def test_a_custom_range_with_no_day_runs_from_the_first_closed_deal(sample):
    from winloss.deals import page_deals
    from winloss.store.delta import Store

    import polars as pl

    first = page_deals(Store(sample)).filter(pl.col("outcome") != "open").get_column("close_date").min()
    at = overview_run(period="Custom range")
    assert f"Closed {day(first)} – {day(AS_OF)} ·" in rendered_text(at)
    assert [d.value for d in at.sidebar.date_input] == [None, None]


def test_a_preset_chosen_after_a_custom_range_counts_its_own_range_not_the_days_typed(sample):
    """From 1 Jul 2025 typed under Custom range, then Last quarter chosen: the caption kept the custom
    range while the sidebar and the URL said Last quarter (the From field keeps its day, out of sight)."""
    at = overview_run(period="Custom range", **{"from": "2025-07-01"})
    assert "Closed 1 Jul 2025 – " in rendered_text(at)
    at.sidebar.selectbox(key="period").set_value("last_quarter").run(timeout=TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    shown = rendered_text(at)
    assert "Closed 1 Jul 2025 – " not in shown
    assert "Closed 1 Jul 2026 – 30 Sep 2026" in shown


def test_a_reversed_custom_range_is_swapped_on_the_page_as_the_sidebar_says(sample):
    at = overview_run(period="Custom range", **{"from": "2025-12-31", "to": "2025-06-30"})
    assert "The start date is after the end date: the range was swapped." in [w.value for w in at.sidebar.warning]
    assert "Closed 30 Jun 2025 – 31 Dec 2025 ·" in rendered_text(at)


def test_a_day_long_before_the_fields_ten_years_can_be_picked(sample):
    at = overview_run(period="Custom range", **{"from": "2010-01-01"})
    assert [d.value for d in at.sidebar.date_input][0] == date(2010, 1, 1)
