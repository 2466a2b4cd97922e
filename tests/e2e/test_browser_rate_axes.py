"""A rate axis shows its last tick in the browser: Plotly hides a tick label that would run past the
figure, and the band chart's axis, 0-100% with its "100%" label on the plot's right edge, read
"0% ... 80%" under bars that run on to 100% (charts.END_TICK_ROOM keeps room for it)."""

from __future__ import annotations

from drive import go_to, open_page, settle

PAGES = {"profiles": "Seller profiles", "no_decision": "No decision"}


def shown_percent_ticks(chart) -> list[tuple[str, bool]]:
    """Each "%"-tick label of a chart's x axes, and whether the browser draws it."""
    return [
        (label.text_content() or "", label.evaluate("e => getComputedStyle(e).display !== 'none'"))
        for label in chart.locator(".xtick text").all()
        if (label.text_content() or "").endswith("%")
    ]


def test_every_horizontal_rate_axis_shows_its_last_tick(sample_app, new_tab):
    tab = new_tab()
    checked = []
    for path, heading in PAGES.items():  # the first by its address, the others by the sidebar's links
        if path == next(iter(PAGES)):
            open_page(tab, f"{sample_app.url}/{path}", heading)
        else:
            go_to(tab, path, heading)
        charts = tab.page.locator('[data-testid="stPlotlyChart"]')
        for i in range(charts.count()):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            settle(tab.page)
            ticks = shown_percent_ticks(chart)
            if not ticks:
                continue  # counts or days, not rates
            title = " ".join(chart.locator(".gtitle").all_text_contents())
            hidden = [label for label, shown in ticks if not shown]
            assert hidden == [], f"{heading}, {title!r}: tick labels drawn hidden {hidden}"
            checked.append((title, ticks[-1][0]))
    assert ("Win rate by deal size band and seller profile", "100%") in checked, checked
