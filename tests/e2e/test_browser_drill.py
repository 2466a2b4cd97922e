"""A click on a bar lands on the deals and the rep that bar stands for, in a real browser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import polars as pl
from drive import (LAPTOP, bar_by_label, chart_named, columns_in_view, go_to, grid_toolbar, main_text, open_page, problems,
                   settle, tick_labels)

from data_models.vocabulary import CLOSED_OUTCOMES
from winloss.deals import deals
from winloss.store.delta import Store
from winloss.text import day

RANGE = re.compile(r"Closed (\d{1,2} \w{3} \d{4}) – (\d{1,2} \w{3} \d{4})")


def shown_range(text: str) -> tuple[dt.date, dt.date]:
    """The close-date range every page states under its title ("Closed 1 Oct 2025 – 30 Sep 2026")."""
    start, end = RANGE.search(text).groups()
    return tuple(dt.datetime.strptime(day, "%d %b %Y").date() for day in (start, end))


def count_in(text: str, lead: str) -> int:
    """The number in "<lead> 1,234 deals." on the page."""
    found = re.search(re.escape(lead) + r"\s*([\d,]+) deals?", text)
    assert found, f"no '{lead} … deals' on the page"
    return int(found.group(1).replace(",", ""))


def sample_deals(sample_store: Path) -> pl.DataFrame:
    return deals(Store(sample_store))


def test_a_profile_bar_opens_that_profiles_reps_and_deals(sample_app, built_sample, reused_tab):
    tab = reused_tab()
    page = tab.page
    open_page(tab, f"{sample_app.url}/profiles", "Seller profiles")
    start, end = shown_range(main_text(page))
    page.mouse.click(*bar_by_label(page, "Win rate by seller profile", "Challenger"))
    page.get_by_text("Challenger reps' closed deals in range").wait_for()
    settle(page)
    text = main_text(page)
    assert problems(page) == []
    # The profile opens under the chart clicked, above the next chart, at full width.
    detail = page.get_by_text("Challenger reps' closed deals in range").bounding_box()
    next_chart = chart_named(page, "No decision ÷ losses by seller profile").bounding_box()
    clicked = chart_named(page, "Win rate by seller profile").bounding_box()
    assert clicked["y"] < detail["y"] < next_chart["y"], (clicked, detail, next_chart)
    reps_table = columns_in_view(page, "Rep")  # the profile's reps, full width: every rate in view
    assert {"Win rate", "ND ÷ losses"} <= set(reps_table), reps_table

    every = sample_deals(built_sample)
    challenger = every.filter(pl.col("seller_profile") == "Challenger")
    closed = challenger.filter(pl.col("outcome").is_in(list(CLOSED_OUTCOMES)), pl.col("close_date").is_between(start, end))
    assert count_in(text, "Challenger reps' closed deals in range:") == closed.height
    # The profile's reps listed are those with closed deals in the range (a rep with none has no rate).
    assert f"Challenger — {closed['rep'].n_unique()} reps" in text


def test_a_rep_bar_opens_that_rep_with_their_deals(sample_app, built_sample, reused_tab):
    tab = reused_tab(LAPTOP)  # a laptop screen: the tables' key columns must be in view at its width
    page = tab.page
    open_page(tab, f"{sample_app.url}/reps?region=EMEA", "Reps")
    in_view = columns_in_view(page, "Rep")
    assert {"Win rate", "ND ÷ losses", "Win Δ", "ND Δ", "Won ($)"} <= set(in_view), f"leaderboard cut at 1280: {in_view}"
    start, end = shown_range(main_text(page))
    every = sample_deals(built_sample)
    emea_reps = set(every.filter(pl.col("region") == "EMEA")["rep"])
    labels = [label for label in tick_labels(page, "Win rate by rep") if label in emea_reps]
    assert labels, "the rep chart names no EMEA rep"
    rep = labels[len(labels) // 2]  # one from the middle, not whichever bar happens to be first
    page.mouse.click(*bar_by_label(page, "Win rate by rep", rep))
    page.get_by_role("heading", name=f"{rep}'s deals").wait_for()
    settle(page)

    query = parse_qs(urlparse(page.url).query)
    assert query.get("rep") == [rep]
    assert query.get("region") == ["EMEA"], f"the filter was lost on the way to the rep: {page.url}"
    assert page.get_by_role("heading", name=rep, exact=True).count() == 1
    text = main_text(page)
    assert problems(page) == []
    theirs = every.filter(pl.col("rep") == rep, pl.col("region") == "EMEA")
    profile = theirs["seller_profile"][0]
    assert f"{profile} · team" in text
    # Closed in the range, and open: still open and created by the range's end (README's definition).
    shown = theirs.filter(
        (pl.col("outcome").is_in(list(CLOSED_OUTCOMES)) & pl.col("close_date").is_between(start, end))
        | ((pl.col("outcome") == "open") & (pl.col("created_date") <= end))
    )
    assert count_in(text, f"Closed in range, and open now (created by {day(end)}):") == shown.height
    deal_list = columns_in_view(page, "Account")
    assert {"Outcome", "Amount", "Close date"} <= set(deal_list), f"the rep's deal list cut at 1280: {deal_list}"
    # The grid's own CSV wrote raw values (an unconverted amount as "-Infinity") with no formula escaping:
    # only the app's CSV, written as the cells read, is offered.
    toolbar = grid_toolbar(page, "Account")
    assert any(label.startswith("Search") for label in toolbar), toolbar
    assert not any(label.startswith("Download as CSV") for label in toolbar), toolbar


def heading_in_view(page, heading, where: str = "") -> dict:
    """The heading's box, asserted whole inside the window and below Streamlit's header bar; `where`: the
    page, named in the assertion's message."""
    heading.wait_for()
    settle(page)
    page.wait_for_timeout(300)  # the scroll is drawn a frame after the list
    box = heading.bounding_box()
    bar = page.locator('[data-testid="stHeader"]').bounding_box()
    window = page.viewport_size
    assert box is not None
    assert bar["y"] + bar["height"] <= box["y"] and box["y"] + box["height"] <= window["height"], (
        f"{where}: the deals behind the click start outside the window: heading at y={box['y']:.0f}, "
        f"window {window['height']} px, header bar to {bar['y'] + bar['height']:.0f}")
    return box


# path and heading of every page, in the sidebar's order
PAGES = [("", "Overview"), ("profiles", "Seller profiles"), ("no_decision", "No decision"), ("reps", "Reps"),
         ("review", "Quarterly review"), ("assessment", "Profile assessment"), ("data", "Data")]
# The pages where a bar is clicked, by path: (chart title, the bar clicked, the heading of the deals it opens)
CLICKS = {
    "": ("closed deals ended", "No decision", "No decision deals"),
    "profiles": ("Win rate by seller profile", "Challenger", re.compile(r"^Challenger — \d+ reps?\.")),
    "no_decision": ("Days open before the deal closed", "No decision", "No decision deals"),
}
REP = "Rep 09"  # a rep's pseudonym (reps are anonymised): their view is opened on the Reps page
FIRST_ELEMENT_JS = """() => {
    const first = document.querySelector('[data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]');
    const bar = document.querySelector('[data-testid="stHeader"]').getBoundingClientRect();
    const main = document.querySelector('[data-testid="stMain"]');
    return {top: first.getBoundingClientRect().top, bar: bar.bottom, scrolled: main.scrollTop + window.scrollY};
}"""


def test_presenter_mode_at_720_px_starts_every_page_under_the_header_bar_and_clicks_show_their_deals(
        sample_app, reused_tab):
    """A laptop in presenter mode. Each page's first element begins just under Streamlit's header bar, which keeps
    its toolbar: 6rem of padding left ~130 px empty above the title at 1280x720. And the deals a click on a bar
    opens come into the window, not below it (CLICKS: on the Overview, the Seller profiles and No decision
    pages; in a rep's view, opened from the Reps page, the list a click narrows). Presenter mode opened once,
    by the Overview's address, and every other page reached by the sidebar's links, as a presenter moves
    between them: each page is checked for its first element, then clicked."""
    tab = reused_tab(LAPTOP)
    page = tab.page
    for path, heading in PAGES:
        where = path or "overview"
        if path == PAGES[0][0]:
            open_page(tab, f"{sample_app.url}/{path}?present=true&anon=true", heading)
        else:
            go_to(tab, path, heading)
        page.locator('[data-testid="stMain"] h1').first.wait_for()
        settle(page)
        place = page.evaluate(FIRST_ELEMENT_JS)
        assert place["scrolled"] == 0, (where, place)
        assert place["bar"] <= place["top"] <= place["bar"] + 24, (where, place)  # nothing under the bar, no empty band
        # The header's button that unfolds the sidebar is still there and nothing lies over it.
        button = page.locator('[data-testid="stExpandSidebarButton"]')
        assert button.evaluate("(b) => { const r = b.getBoundingClientRect();"
                               " return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"), where
        assert problems(page) == [], (where, problems(page))
        if path in CLICKS:
            chart, bar, opened = CLICKS[path]
            page.mouse.click(*bar_by_label(page, chart, bar))
            heading_in_view(page, page.get_by_text(opened, exact=True).first, heading)
            assert problems(page) == [], (heading, problems(page))
        if path == "reps":
            # A rep's view, opened from their bar: a click on its outcome chart brings the list it narrows into view.
            page.mouse.click(*bar_by_label(page, "Win rate by rep", REP))
            page.get_by_role("heading", name=f"{REP}'s deals").wait_for()
            settle(page)
            page.mouse.click(*bar_by_label(page, "closed deals ended", "Lost"))
            page.get_by_text("Narrowed by your choice on a chart above").wait_for()
            heading_in_view(page, page.get_by_role("heading", name=f"{REP}'s deals"), f"{REP}'s view")
            assert problems(page) == [], (f"{REP}'s view", problems(page))
