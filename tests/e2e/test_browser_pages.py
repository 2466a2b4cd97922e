"""Every page opens in a real browser: no error box, no traceback, a clean console (the Overview's
without a single message), nothing fetched from outside this machine, and a full-page screenshot of
each at 1440x900 (in presenter mode: test_browser_presenter_lists.py, which opens each analysis page
once for both).

On the same walk, a rate axis shows its last tick in the browser: Plotly hides a tick label that would run
past the figure, and the band chart's axis, 0-100% with its "100%" label on the plot's right edge, read
"0% ... 80%" under bars that run on to 100% (charts.END_TICK_ROOM keeps room for it)."""

from __future__ import annotations

from drive import columns_in_view, go_to, main_text, open_page, problems, settle, shoot

# url path -> the heading a person sees first (the Overview is the root). Reps comes first: a fresh
# tab's first load is a deep link, which must run the frame too.
PAGES = {
    "reps": "Reps",
    "": "Overview",
    "profiles": "Seller profiles",
    "no_decision": "No decision",
    "review": "Quarterly review",
    "data": "Data",
    "assessment": "Profile assessment",
}


# The pages whose charts have horizontal rate axes, checked for their last tick on the walk (path -> heading)
RATE_AXIS_PAGES = {"profiles": "Seller profiles", "no_decision": "No decision"}


def slug(path: str) -> str:
    return path or "overview"


def shown_percent_ticks(chart) -> list[tuple[str, bool]]:
    """Each "%"-tick label of a chart's x axes, and whether the browser draws it."""
    return [
        (label.text_content() or "", label.evaluate("e => getComputedStyle(e).display !== 'none'"))
        for label in chart.locator(".xtick text").all()
        if (label.text_content() or "").endswith("%")
    ]


def rate_axes_on_the_page(page, heading: str) -> list[tuple[str, str]]:
    """Asserts that every horizontal rate axis of the page drawn now shows each of its "%" tick labels (the
    page's charts scrolled into view one by one); gives each rate chart's title and its last tick's label."""
    checked = []
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        settle(page)
        ticks = shown_percent_ticks(chart)
        if not ticks:
            continue  # counts or days, not rates
        title = " ".join(chart.locator(".gtitle").all_text_contents())
        hidden = [label for label, shown in ticks if not shown]
        assert hidden == [], f"{heading}, {title!r}: tick labels drawn hidden {hidden}"
        checked.append((title, ticks[-1][0]))
    return checked


def test_every_page_opens_clean_and_offline_and_every_horizontal_rate_axis_shows_its_last_tick(
        sample_app, new_tab, screens):
    """One tab at 1440x900, the Reps page by its address (a deep link), every other page by the sidebar's links:
    on each page no error box and the sample said; the Reps page's sidebar and its whole leaderboard, the
    at-risk list's columns, the Overview's tiles with their trend lines and no console message; a full-page
    screenshot of each; on the Seller profiles and No decision pages every horizontal rate axis's tick labels
    drawn, the band chart's to "100%" (after the screenshot: its charts are scrolled into view one by one).
    Then at 1024 px a tile's comparison read whole and never broken inside a word; a clean console, nothing
    fetched from outside; the sample built beside the store."""
    tab = new_tab()
    checked = []  # (rate chart's title, its last tick's label) on the RATE_AXIS_PAGES
    for path, heading in PAGES.items():
        logged = len(tab.console)
        if path == "reps":  # the first by its address, the others by the sidebar's links
            open_page(tab, f"{sample_app.url}/{path}", heading)
        else:
            go_to(tab, path, heading)
        if path == "reps":  # a deep link (not the root) must run the frame: the sidebar and its filters
            assert tab.page.get_by_role("heading", name="Filters").count() == 1, "a deep link ran the page without its sidebar"
        assert problems(tab.page) == [], f"{heading}: {problems(tab.page)}"
        assert "Sample data" in main_text(tab.page), f"{heading} does not say it shows the sample"
        if path == "no_decision":  # the at-risk list shows its sort key and why (days open included), whole
            at_risk = columns_in_view(tab.page, "Account")
            assert {"Amount", "Why at risk", "Close date"} <= set(at_risk), f"at-risk list cut: {at_risk}"
        if path == "reps":  # the whole leaderboard at 1440, its last column included
            board = columns_in_view(tab.page, "Rep")
            assert board[-1] == "Team" and "95% CI" in board, f"leaderboard scrolls sideways at 1440: {board}"
        if path == "":  # the five tiles each draw a trend line, and the Overview logs nothing (no "Infinite extent")
            settle(tab.page)
            tiles = tab.page.locator('[data-testid="stMetric"]')
            assert tiles.count() >= 5
            lines = tab.page.locator('[data-testid="stPlotlyChart"] .scatterlayer .trace')
            assert lines.count() >= tiles.count(), "the tiles lost their trend lines"
            tab.page.wait_for_timeout(1500)  # warnings arrive after the charts draw
            assert tab.console[logged:] == [], tab.console[logged:]
        shoot(tab.page, screens, f"{slug(path)}_1440x900")
        if path in RATE_AXIS_PAGES:
            checked += rate_axes_on_the_page(tab.page, heading)
    assert ("Win rate by deal size band and seller profile", "100%") in checked, checked
    # Four tiles side by side: what a change compares reads whole, wrapped if need be. At 1440 px a quarter
    # to date's "2026 Q4 to date vs Q3 to the same day" read "2026 Q4 to date vs Q3 to …"; the sample's
    # "2026 Q3 vs Q2" is as cut in tiles as narrow, at 1024 px with the sidebar open.
    tab.page.set_viewport_size({"width": 1024, "height": 800})
    go_to(tab, "no_decision", "No decision")
    described = tab.page.locator('[data-testid="stMetricDeltaDescription"]')
    assert described.count() >= 2 and " vs " in described.first.inner_text()
    cut = tab.page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricDeltaDescription"], '
                 + '[data-testid="stMetricDeltaDescription"] *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert cut == [], f"what a tile's change compares is cut: {cut}"
    # ...and never broken inside a word: beside "+$268k (+18%)" the Quarterly review's Won value tile set
    # "vs 2026 Q2" one letter a line at 1024 px.
    go_to(tab, "review", "Quarterly review · 2026 Q3")
    broken = tab.page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricDeltaDescription"] p')].filter(p => {
                const context = document.createElement('canvas').getContext('2d');
                const style = getComputedStyle(p);
                context.font = `${style.fontSize} ${style.fontFamily}`;
                const word = Math.max(...p.innerText.split(/\\s+/).map(w => context.measureText(w).width));
                return p.getBoundingClientRect().width + 1 < word;
            }).map(p => p.innerText)""")
    assert broken == [], f"what a tile's change compares breaks inside a word: {broken}"
    assert tab.console_problems() == [], tab.console_problems()
    assert tab.external == [], f"the app fetched from outside this machine: {tab.external}"
    # The sample was built beside the configured store, not under the folder the app runs in.
    assert (sample_app.store.parent / "sample_store" / "uploads").exists()
    assert not sample_app.store.exists() or not any(sample_app.store.glob("opportunities/*.parquet"))



def test_a_custom_range_reads_whole_in_the_sidebar_and_says_what_it_leaves_out(sample_app, new_tab, screens):
    """At 1280 px, a custom range's From and To fields show their dates whole (side by side they read
    "2026 / 06 / 3"), and a range ending before the sample's last closed deals says how many it leaves
    out, under the range it names."""
    from drive import LAPTOP

    tab = new_tab(viewport=LAPTOP)
    open_page(tab, f"{sample_app.url}/?period=custom&from=2025-01-01&to=2026-06-30", "Overview")
    # A date field's day, month and year scroll inside it when the field is narrower than they are: side by
    # side the year and month showed, the day's last digit under the calendar button.
    fields = tab.page.locator('[data-testid="stSidebar"] [data-testid="stDateInputFieldsScroller"]')
    assert fields.count() == 2
    for field in fields.all():
        fit = field.evaluate("(e) => ({text: e.innerText, scroll: e.scrollWidth, width: e.clientWidth})")
        assert fit["scroll"] <= fit["width"], f"the date {fit['text']!r} is cut in its field: {fit}"
    dates = tab.page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input[type="date"]')
    assert [field.input_value() for field in dates.all()] == ["2025-01-01", "2026-06-30"]
    text = main_text(tab.page)
    assert "Closed 1 Jan 2025 – 30 Jun 2026" in text
    assert "deals closed after 30 Jun 2026 are not in this range" in text
    assert problems(tab.page) == []
    shoot(tab.page, screens, "overview_custom_range_1280")
