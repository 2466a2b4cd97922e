"""Presenter mode and deal lists read whole on a shared screen: every analysis page opens clean in
presenter mode; in presenter mode at 1440x900 and 1280 px, and at the app's type with the sidebar open
at 1440 and 1280 px, the No decision page's at-risk list, the deal lists behind a click (a profile
bar, a rep bar), a rep's own lists and the review's at-risk table show the columns a room reads first
without scrolling sideways, each account, stage and at-risk reason whole in its cell, and every column
one switch away; at the app's type the leaderboard still shows its 95% CI."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from drive import (
    LAPTOP,
    OVERFLOW_JS,
    bar_by_label,
    columns_in_view,
    cut_cells,
    grid_headed,
    go_to,
    open_page,
    presenter_mode_by_its_toggle,
    problems,
    settle,
    shoot,
    sideways_px,
    steady,
    tick_labels,
)

from ui import drill
from ui.style import PRESENTER_TYPE
from winloss.deals import page_coded_deals, preset_day
from winloss.filters import Filters, date_range
from winloss.measures.at_risk import at_risk_open_deals, won_days_histogram
from winloss.store.delta import Store
from winloss.store_facts import store_facts

# Every deal open: no outcome; its Stage goes behind "All columns" when the room's first columns fill
# the list's width (winloss.views.deal_lists).
AT_RISK = ["Account", "Deal", "Rep", "Amount", "Why at risk", "Close date"]
# The review's at-risk table of the sample's last quarter (2026 Q3, its data of 26 Nov 2026): the deals
# open at the quarter's end, judged on age alone (a shorter reason), and each one's Stage now (its stage,
# or what became of it since: "Won 12 Oct 2026") in the close date's place (app_pages/review.py).
REVIEW_AT_RISK = ["Account", "Deal", "Rep", "Amount", "Why at risk", "Stage now"]
REVIEW_WHOLE = (("Account", drill.ACCOUNT_WIDTH), ("Why at risk", drill.AGE_REASON_WIDTH),
                ("Stage now", drill.STAGE_NOW_WIDTH))
DEALS = ["Account", "Deal", "Rep", "Outcome", "Amount", "Loss reason", "Close date", "Stage"]
# A list of closed deals only has no Stage: the sample's closed stages ("Closed Won", "Closed Lost")
# only repeat the outcome (winloss.views.common.stages_that_say_more).
CLOSED_DEALS = [c for c in DEALS if c != "Stage"]
# In presenter mode a list is fitted to a projector's 1024 px whatever the window (ui.drill.list_room): the close
# date and stage are under "All columns" (a wider window stretches the columns shown).
PRESENTER_AT_RISK = [c for c in AT_RISK if c != "Close date"]
PRESENTER_CLOSED_DEALS = [c for c in CLOSED_DEALS if c != "Close date"]
PRESENTER_REP_DEALS = [c for c in DEALS if c not in ("Rep", "Stage")]
REASON_PX = drill.REASON_WIDTH * PRESENTER_TYPE  # the at-risk reason's cell at presenter type
# Each column whose text a reader needs whole, and its cell's set width at the app's type.
# (The at-risk Stage is behind "All columns" now that the deal's name is in view.)
WHOLE = (("Account", drill.ACCOUNT_WIDTH), ("Why at risk", drill.REASON_WIDTH))


def whole(page, first_header: str, what: str) -> None:
    """The grid whose first column is `first_header` does not scroll sideways and ends in the window."""
    overflow = sideways_px(page, first_header)
    assert overflow["scroll"] <= 0 and overflow["past_window"] <= 0, f"{what} runs past the window: {overflow}"


def switch_columns(page, every: bool, room: list[str] = AT_RISK) -> None:
    """Click the at-risk list's "All columns" switch and wait until the list draws every column
    (more than `room`'s, the room's columns: AT_RISK, or PRESENTER_AT_RISK), or, `every` False, `room`'s alone."""
    page.get_by_text(drill.ALL_COLUMNS, exact=True).first.click()
    page.wait_for_function(
        """([every, room]) => {
            const grids = [...document.querySelectorAll('[data-testid="stDataFrame"] table[role="grid"]')];
            const list = grids.find(g => g.querySelector('th[aria-colindex="1"]')?.textContent === 'Account');
            const n = list ? Number(list.getAttribute('aria-colcount')) : 0;
            return every ? n > room : n === room;
        }""",
        arg=[every, len(room)],
    )
    settle(page)


def no_cut_cells(page, scale: float = 1.0) -> None:
    """In the at-risk list on the page (first column Account), no account or reason is cut
    in its cell (`scale`: PRESENTER_TYPE in presenter mode)."""
    for header, px in WHOLE:
        assert cut_cells(page, "Account", header, px * scale) == [], f"an at-risk {header} is cut in its cell"


def review_cells_whole(page) -> None:
    """In the review's at-risk table, no account, reason or stage now is cut in its cell."""
    for header, px in REVIEW_WHOLE:
        assert cut_cells(page, "Account", header, px) == [], f"a review at-risk {header} is cut in its cell"


def deal_grids(page) -> list[dict]:
    """Every deal list on the page (a grid whose first column is Account), top to bottom: its headers
    in view, how many columns and rows it has, and how far it runs past what is seen (drive.OVERFLOW_JS)."""
    grid_headed(page, "Account")  # waits until the first list has drawn its headers
    return page.evaluate(
        """() => {
            const overflow = """ + OVERFLOW_JS + """;
            return [...document.querySelectorAll('[data-testid="stDataFrame"]')].flatMap(frame => {
                const grid = frame.querySelector('table[role="grid"]');
                const heads = grid ? [...grid.querySelectorAll('th[role="columnheader"]')].map(h => h.textContent) : [];
                if (heads[0] !== 'Account') return [];
                return [{heads, columns: Number(grid.getAttribute('aria-colcount')),
                         rows: Number(grid.getAttribute('aria-rowcount')) - 1, ...overflow(frame)}];
            });
        }"""
    )


def all_whole(page, what: str, grids: list[dict] | None = None) -> list[list[str]]:
    """Every deal list on the page (`grids`, else deal_grids) ends inside its grid and the window, each
    column in view: their headers."""
    grids = deal_grids(page) if grids is None else grids
    assert grids, f"no deal list on {what}"
    for grid in grids:
        assert grid["scroll"] <= 0 and grid["past_window"] <= 0, f"a deal list on {what} runs past the window: {grid}"
        assert len(grid["heads"]) == grid["columns"], f"a deal list on {what} has columns out of view: {grid}"
    return [grid["heads"] for grid in grids]


def check_profile_bar_deals(page, screens, shot: str, room: list[str] = CLOSED_DEALS) -> None:
    """On the No decision page: a click on Challenger's bar opens its deals, the bar's n (lost and no
    decision: an Outcome column tells them apart), in the room's columns (`room`), whole."""
    page.mouse.click(*bar_by_label(page, "No decision ÷ losses by seller profile", "Challenger"))
    page.get_by_text("Lost and no-decision deals: seller profile Challenger").wait_for()
    settle(page)
    assert problems(page) == []
    assert columns_in_view(page, "Account") == room
    whole(page, "Account", "the deals behind a profile bar")
    shoot(page, screens, shot)


def presenter_page_clean(page, screens, path: str, heading: str) -> None:
    """An analysis page in presenter mode: no error box, the sidebar folded away and no download to
    click on a shared screen; a full-page screenshot of it."""
    assert problems(page) == [], f"{heading} in presenter mode: {problems(page)}"
    assert page.locator('[data-testid="stExpandSidebarButton"]').is_visible(), f"{heading}: sidebar shown"
    assert page.locator('[data-testid="stDownloadButton"]').count() == 0, f"{heading}: downloads shown"
    shoot(page, screens, f"{path or 'overview'}_presenter_1440x900")


def sidebar_opened_by_hand(page, screens, shot: str) -> None:
    """In presenter mode, the sidebar opened by hand lies over the page: the at-risk list keeps its
    width, still read whole (it scrolled sideways when the sidebar narrowed the page), and no box in
    the sidebar cuts its text at presenter type; folded again."""
    width = sideways_px(page, "Account")["width"]
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebarContent"]').wait_for()
    steady(page)
    assert page.locator('[data-testid="stSidebar"]').bounding_box()["width"] > 200, "the sidebar did not open"
    assert sideways_px(page, "Account")["width"] == width, "the sidebar narrowed the at-risk list"
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stSidebar"] input[type="text"]')]
            .filter(box => box.scrollWidth > box.clientWidth).map(box => box.value)"""
    )
    assert cut == [], f"the sidebar's boxes cut their text at presenter type: {cut}"
    whole(page, "Account", "the at-risk list with the sidebar opened by hand")
    shoot(page, screens, shot)
    page.locator('[data-testid="stSidebarCollapseButton"]').first.click()
    page.locator('[data-testid="stExpandSidebarButton"]').wait_for()
    steady(page)


def test_deal_lists_fit_1440_in_presenter_mode_and_with_the_sidebar_open(sample_app, reused_tab, screens):
    """At 1440x900, in one tab: every analysis page in presenter mode opens clean (`presenter_page_clean`);
    on the pages with deal lists, one visit each also checks the lists a room reads. Presenter mode turned
    off by its toggle, at the app's type with the sidebar open, the review's at-risk table, the No decision
    page's at-risk list and the deals behind a click show the room's columns whole without scrolling
    sideways (every column ran to 1,425 px in a 978 px grid), the rest one switch away and in the CSV;
    the leaderboard, not a deal list, still ends in its Team, the 95% CI beside the win rate (a rule that
    fitted every grid to the window once dropped it)."""
    tab = reused_tab()  # 1440x900
    page = tab.page

    open_page(tab, f"{sample_app.url}/?present=true", "Overview")
    presenter_page_clean(page, screens, "", "Overview")

    # The No decision page's at-risk list: the room's columns, whole, each reason read whole.
    go_to(tab, "no_decision", "No decision")
    presenter_page_clean(page, screens, "no_decision", "No decision")
    assert columns_in_view(page, "Account") == PRESENTER_AT_RISK
    whole(page, "Account", "the at-risk list")
    assert cut_cells(page, "Account", "Why at risk", REASON_PX) == [], "an at-risk reason is cut in its cell"

    # Every column is one switch away (presenter mode offers no CSV), and the switch goes back.
    switch_columns(page, every=True, room=PRESENTER_AT_RISK)
    assert "Days open" in columns_in_view(page, "Account")
    shoot(page, screens, "no_decision_presenter_all_columns_1440x900")
    switch_columns(page, every=False, room=PRESENTER_AT_RISK)
    assert columns_in_view(page, "Account") == PRESENTER_AT_RISK
    sidebar_opened_by_hand(page, screens, "no_decision_presenter_sidebar_1440x900")

    # The deals behind a profile's bar, in their box above the at-risk list.
    check_profile_bar_deals(page, screens, "no_decision_presenter_drill_1440x900", PRESENTER_CLOSED_DEALS)

    # The Seller profiles page: a profile bar opens its reps and their deals.
    go_to(tab, "profiles", "Seller profiles")
    presenter_page_clean(page, screens, "profiles", "Seller profiles")
    page.mouse.click(*bar_by_label(page, "Win rate by seller profile", "Challenger"))
    page.get_by_text("Challenger reps' closed deals in range").wait_for()
    settle(page)
    assert columns_in_view(page, "Account") == PRESENTER_CLOSED_DEALS
    whole(page, "Account", "a profile's deals")
    shoot(page, screens, "profiles_presenter_drill_1440x900")

    # A rep's bar opens the rep: their deal list (their name is the heading, so no Rep column).
    go_to(tab, "reps", "Reps")
    presenter_page_clean(page, screens, "reps", "Reps")
    rep = next(name for name in tick_labels(page, "Win rate by rep") if any(c.isalpha() for c in name))  # not "10%"
    page.mouse.click(*bar_by_label(page, "Win rate by rep", rep))
    page.get_by_role("heading", name=f"{rep}'s deals").wait_for()
    settle(page)
    assert columns_in_view(page, "Account") == PRESENTER_REP_DEALS
    whole(page, "Account", "a rep's deals")
    shoot(page, screens, "reps_presenter_rep_1440x900")

    go_to(tab, "review", "Quarterly review")
    presenter_page_clean(page, screens, "review", "Quarterly review")
    assert tab.console_problems() == [], f"presenter mode: {tab.console_problems()}"

    # Presenter mode off by its toggle (a rerun, not a fresh tab): the app's type, the sidebar open.
    presenter_mode_by_its_toggle(page, on=False)
    assert page.locator('[data-testid="stSidebar"]').is_visible(), "the review with presenter mode off: no sidebar"
    assert problems(page) == [], f"the review with presenter mode off: {problems(page)}"
    assert columns_in_view(page, "Account") == REVIEW_AT_RISK, "the review's at-risk table with the sidebar open"
    whole(page, "Account", "the review's at-risk table")
    review_cells_whole(page)
    shoot(page, screens, "review_sidebar_lists_1440x900")

    go_to(tab, "no_decision", "No decision")
    assert page.locator('[data-testid="stSidebar"]').is_visible(), "the No decision page: no sidebar"
    assert problems(page) == [], f"the No decision page with the sidebar open: {problems(page)}"
    assert columns_in_view(page, "Account") == AT_RISK, "the at-risk list with the sidebar open"
    whole(page, "Account", "the at-risk list with the sidebar open")
    no_cut_cells(page)
    shoot(page, screens, "no_decision_sidebar_lists_1440x900")
    switch_columns(page, every=True)  # every column, as the CSV holds them
    assert "Days open" in columns_in_view(page, "Account"), "the at-risk list's every column with the sidebar open"
    assert page.get_by_role("button", name="Deals (CSV)").count() >= 1, "the No decision page offers no CSV"
    switch_columns(page, every=False)
    assert columns_in_view(page, "Account") == AT_RISK, "the at-risk list switched back with the sidebar open"

    check_profile_bar_deals(page, screens, "no_decision_sidebar_drill_1440x900")

    go_to(tab, "reps", "Reps")
    board = columns_in_view(page, "Rep")
    assert board[-1] == "Team" and board[board.index("Win rate") + 1] == "95% CI", f"the leaderboard: {board}"
    whole(page, "Rep", "the leaderboard")
    assert tab.console_problems() == [], f"the app's type with the sidebar open: {tab.console_problems()}"


def at_risk_by_rep(store: Store) -> dict[str, int]:
    """How many open deals at risk each rep of `store` has, as the app judges them with no filter: as of the
    data's day, over the default range (ui.context.build's days, the bundled sample's), each deal by
    measures.at_risk.at_risk_open_deals against every won deal's days, as views.reps.rep lists a rep's."""
    facts = store_facts(store, store.version())
    as_of = facts.data_as_of(is_sample=True)
    today = preset_day(facts.export_day(is_sample=True), facts.last_close, data_day=as_of)
    _, end = date_range(Filters(), today, (facts.first_close, facts.last_close), as_of)
    every = page_coded_deals(store, store.version()).lazy()
    listed = at_risk_open_deals(every, as_of, won_days=won_days_histogram(every).collect(), created_by=end)
    return {str(rep): n for rep, n in listed.group_by("rep").len().iter_rows()}


def split_tile_ns(page) -> list[str]:
    """The tiles' n ("n = 18", beside a rate) that the page draws over two lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricValue"] .stMarkdownColoredText')]
            .filter(n => new Set([...n.getClientRects()].map(r => Math.round(r.top))).size > 1)
            .map(n => n.textContent)"""
    )


def test_deal_lists_fit_1280_with_the_sidebar_open(sample_app, built_sample, reused_tab, screens):
    """At a 1280 px laptop window with the sidebar open, at the app's type: the No decision page's at-risk
    list, the deals behind a profile bar, the review's at-risk table, a profile's deals and a rep's two
    lists show the room's columns whole without scrolling sideways (they ran 114-147 px past grids of
    786-818 px, Stage and Close date out of view), every account, stage and reason whole; a rep's own
    lists have no Rep column, even of one deal; a rep's tiles keep each rate's n on one line."""
    tab = reused_tab(LAPTOP)
    page = tab.page
    open_page(tab, f"{sample_app.url}/no_decision", "No decision")
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    assert problems(page) == []
    assert all_whole(page, "the No decision page") == [AT_RISK]
    no_cut_cells(page)
    shoot(page, screens, "no_decision_sidebar_lists_1280")
    check_profile_bar_deals(page, screens, "no_decision_sidebar_drill_1280")
    assert all_whole(page, "the No decision page with a bar's deals open") == [CLOSED_DEALS, AT_RISK]

    go_to(tab, "review", "Quarterly review")
    assert all_whole(page, "the review") == [REVIEW_AT_RISK]
    review_cells_whole(page)
    shoot(page, screens, "review_sidebar_lists_1280")

    go_to(tab, "profiles", "Seller profiles")
    page.mouse.click(*bar_by_label(page, "Win rate by seller profile", "Challenger"))
    page.get_by_text("Challenger reps' closed deals in range").wait_for()
    settle(page)
    assert all_whole(page, "a profile's deals") == [CLOSED_DEALS]
    shoot(page, screens, "profiles_sidebar_drill_1280")

    # A rep's deals and at-risk deals, neither with a Rep column: a rep with several deals at risk, and one
    # with a single one (a list of one showed its rep's name again), found by the engine on the same store
    # and each opened from their bar on the Reps page, as a person opens them.
    go_to(tab, "reps", "Reps")
    charted = [name for name in tick_labels(page, "Win rate by rep") if any(c.isalpha() for c in name)]  # not "10%"
    at_risk = at_risk_by_rep(Store(built_sample))
    several = next((rep for rep in charted if at_risk.get(rep, 0) > 1), None)
    one = next((rep for rep in charted if at_risk.get(rep, 0) == 1), None)
    # The sample is judged as of its own fixed day, so it has both: the engine says so before the browser looks.
    assert several and one, f"no rep on the chart has several deals at risk, or none has one: {at_risk}"
    for rep in (several, one):
        if rep == one:
            page.get_by_role("button", name="All reps").click()
            page.wait_for_url(lambda url: "rep" not in parse_qs(urlparse(url).query))
            settle(page, "Reps")
        page.mouse.click(*bar_by_label(page, "Win rate by rep", rep))
        page.get_by_role("heading", name=f"{rep}'s deals").wait_for()
        settle(page)
        assert split_tile_ns(page) == [], f"{rep}'s tiles"
        grids = deal_grids(page)
        assert len(grids) == 2, f"{rep}'s page does not list their deals and their {at_risk[rep]} at risk: {grids}"
        deals, risky = all_whole(page, f"{rep}'s page", grids)
        assert deals == [c for c in DEALS if c != "Rep"], rep
        # Without a Rep column the stage fits after the close date (on the No decision page it does not).
        assert risky == [c for c in AT_RISK if c != "Rep"] + ["Stage"], rep
        assert grids[1]["rows"] == at_risk[rep], f"{rep}'s at-risk list"
    shoot(page, screens, "reps_sidebar_rep_1280")
    assert tab.console_problems() == [], tab.console_problems()


def first_screen(page, chart_title: str) -> dict[str, float]:
    """Where the Overview's tiles end and the chart titled `chart_title` starts, its title and legend end, and
    the window's height (px from the top of the window, the page scrolled to its top)."""
    return page.evaluate(
        """(title) => {
            const plot = [...document.querySelectorAll('.js-plotly-plot')]
                .find(p => p.querySelector('.gtitle')?.textContent.startsWith(title));
            const bottom = (e) => e.getBoundingClientRect().bottom;
            return {
                tiles: Math.max(...[...document.querySelectorAll('[data-testid="stMetric"]')].map(bottom)),
                chart: plot.getBoundingClientRect().top,
                title_and_legend: Math.max(bottom(plot.querySelector('.gtitle')), bottom(plot.querySelector('.legend'))),
                window: window.innerHeight,
            };
        }""",
        chart_title,
    )


def test_presenter_deal_lists_fit_a_1280_px_window(sample_app, reused_tab, screens):
    """In presenter mode at 1280x720 (its sidebar folded), the Overview's first screen shows the five tiles
    and the trend's title and legend (the trend started at 1,030 px, wholly below the fold); the at-risk list
    and a bar's deals show the room's columns whole, every reason whole in presenter type (the list ran 117 px
    past a 1,078 px grid); the sidebar opened by hand lies over the page and leaves the list whole."""
    tab = reused_tab(LAPTOP)
    page = tab.page
    open_page(tab, f"{sample_app.url}/?present=true", "Overview")
    assert problems(page) == []
    page.screenshot(path=str(screens / "overview_presenter_first_screen_1280x720.png"))
    seen = first_screen(page, "Win rate and")
    assert seen["tiles"] <= seen["chart"] and seen["title_and_legend"] <= seen["window"] == LAPTOP["height"], seen
    go_to(tab, "no_decision", "No decision")
    assert problems(page) == []
    assert all_whole(page, "the No decision page") == [PRESENTER_AT_RISK]
    no_cut_cells(page, PRESENTER_TYPE)
    sidebar_opened_by_hand(page, screens, "no_decision_presenter_sidebar_1280")
    check_profile_bar_deals(page, screens, "no_decision_presenter_drill_1280", PRESENTER_CLOSED_DEALS)
    assert all_whole(page, "the No decision page with a bar's deals open") == [PRESENTER_CLOSED_DEALS, PRESENTER_AT_RISK]
    assert tab.console_problems() == [], tab.console_problems()
