"""The store's fiscal year on the pages, through AppTest: a plain address counts the store's fiscal quarters and
says once what its fiscal year is; a link's fy= still chooses another; the sidebar's Settings save a month as the
store's, for everyone who uses it."""

from __future__ import annotations

import datetime as dt
import re

from app_driver import opened

from winloss import periods
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.store_facts import store_facts

# Closed on 10 Feb (20 deals), 5 May and 1 Jul 2025 (10 each): calendar quarters 2025 Q1, Q2 and Q3; with a fiscal
# year starting in February, FY2026 Q1 (Feb-Apr 2025) and FY2026 Q2 (May-Jul), two quarters holding all of them.
# February's 20 give its quarter a rate, so the trend is drawn (a trend whose every rate is withheld is not).
EXPORT = "Opportunity ID,Owner,Region,Stage,Loss Reason,Created Date,Close Date,Amount\n" + "".join(
    f"{prefix}{i},Ann,EMEA,{stage},{reason},2025-01-05,{close},1000\n"
    for prefix, stage, reason, close, count in (("A", "Closed Won", "", "2025-02-10", 20),
                                                ("B", "Closed Lost", "Price", "2025-05-05", 10),
                                                ("C", "Closed Won", "", "2025-07-01", 10))
    for i in range(count)
)


def calendar(store: Store) -> None:
    """The export stored, no fiscal year saved."""
    commit(store, prepare(EXPORT.encode(), "deals.csv"))


def february(store: Store) -> None:
    """The export stored, then February saved as the store's fiscal year start."""
    calendar(store)
    store.save_fiscal_year_start(2)


def trend_axis(at) -> str:
    return "".join(str(c.proto.spec) for c in at.get("plotly_chart"))


def sidebar_captions(at) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_a_plain_address_counts_the_stores_fiscal_quarters_and_says_what_its_year_is(store, filled) -> None:
    filled(february)
    at = opened("overview", period="all")
    assert not at.exception, [e.value for e in at.exception]
    axis = trend_axis(at)
    assert "FY2026 Q1" in axis and "FY2026 Q2" in axis
    assert "2025 Q1" not in axis and "2025 Q3" not in axis
    assert at.sidebar.selectbox(key="fy").value == 2
    said = [c for c in sidebar_captions(at) if c.startswith("Fiscal year FY")]
    assert len(said) == 1 and said[0].endswith(": this store's fiscal year starts in February.")
    # The year named is the one the data's day falls in.
    as_of = store_facts(store, store.version()).data_as_of()
    assert said[0] == f"Fiscal year {periods.fiscal_year_words(as_of, 2)}: this store's fiscal year starts in February."


def test_a_links_fy_still_chooses_another_fiscal_year_and_says_so(store, filled) -> None:
    filled(february)
    at = opened("overview", period="all", fy="January")
    assert not at.exception, [e.value for e in at.exception]
    axis = trend_axis(at)
    assert "2025 Q1" in axis and "2025 Q3" in axis and "FY2026" not in axis
    assert ("Calendar quarters, as this link chooses: this store's fiscal year starts in February."
            in sidebar_captions(at))
    at = opened("overview", period="all", fy="July")
    assert "FY2025 Q3" in trend_axis(at) and "FY2026 Q1" in trend_axis(at)  # Jan-Mar 2025 and Jul-Sep 2025
    assert any(c.endswith(", as this link chooses: this store's fiscal year starts in February.")
               for c in sidebar_captions(at))


def test_a_calendar_store_shows_calendar_quarters_and_no_fiscal_year_sentence(store, filled) -> None:
    filled(calendar)
    at = opened("overview", period="all")
    assert "2025 Q1" in trend_axis(at) and "FY20" not in trend_axis(at)
    assert not [c for c in sidebar_captions(at) if "fiscal year" in c.lower()]


def test_the_settings_save_a_month_as_the_stores_fiscal_year_for_everyone(store, filled) -> None:
    filled(calendar)
    at = opened("overview", period="all")
    assert store.fiscal_year_start() == 1
    at.sidebar.selectbox(key="fy").set_value(2).run()
    assert "for everyone who uses it" in " ".join(sidebar_captions(at))
    at.sidebar.button(key="fy_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.fiscal_year_start() == 2
    assert store.history().row(0, named=True)["note"] == "fiscal year starts in February"
    assert any("the fiscal year starts in February for everyone who uses this store" in s.value for s in at.sidebar.success)
    # Another visitor opening the plain address sees the fiscal quarters.
    assert "FY2026 Q1" in trend_axis(opened("overview", period="all"))


def test_a_viewer_may_not_save_the_stores_fiscal_year(store, filled, tmp_path, monkeypatch) -> None:
    filled(february)
    roles = tmp_path / "roles.toml"
    roles.write_text('[users]\n"viewer@example.com" = "viewer"\n')
    monkeypatch.setenv("WINLOSS_ROLES", str(roles))
    at = opened("overview", signed_in="viewer@example.com", period="all", fy="March")
    assert not at.exception, [e.value for e in at.exception]
    assert not [b for b in at.sidebar.button if b.key == "fy_save"]
    assert "FY2025 Q4" in trend_axis(at)  # the link's March still counts: Dec 2024-Feb 2025


def test_the_default_range_and_review_are_quarters_over_on_the_datas_day(store, filled) -> None:
    """The export's newest date is 1 Jul 2025 (uploaded later): with a February fiscal year, FY2026 Q2 (May-Jul
    2025) is not over on it. "Last 4 complete quarters" ran to 31 Jul "(data to 1 Jul 2025)", its change read
    "FY2026 Q2 to date", and the review's default, "the last complete quarter", was "FY2026 Q2 to date"."""
    filled(february)
    assert store_facts(store, store.version()).data_as_of() == dt.date(2025, 7, 1)
    at = opened("overview")
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Closed 1 May 2024 – 30 Apr 2025 · ") for c in captions), captions
    assert not [c for c in captions if "(data to" in c or re.search(r"Q\d to date", c)], captions
    # The 20 deals of May and July are this quarter's, and the page says where to see them.
    assert any(c.startswith("20 deals closed after 30 Apr 2025 are not in this range") for c in captions), captions
    review = opened("review")
    assert not review.exception, [e.value for e in review.exception]
    assert review.title[0].value == "Quarterly review · FY2026 Q1"
    assert review.selectbox(key="quarter").value == "FY2026 Q1"
    # Its Quarter still offers the quarter in progress, named for what it is.
    review.selectbox(key="quarter").set_value("FY2026 Q2").run()
    assert review.title[0].value == "Quarterly review · FY2026 Q2 to date"
