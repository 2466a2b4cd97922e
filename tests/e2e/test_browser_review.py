"""The Quarterly review's downloads, clicked in a real browser: the deck opens in python-pptx and the
HTML report opens and draws its charts with the network blocked."""

from __future__ import annotations

import re

from drive import LAPTOP, VIEWPORT, WAIT_MS, columns_in_view, main_text, open_page, problems
from pptx import Presentation


def test_the_review_downloads_open(sample_app, new_tab, browser, tmp_path):
    tab = new_tab(viewport=LAPTOP)
    page = tab.page
    open_page(tab, f"{sample_app.url}/review", "Quarterly review")
    quarter = re.search(r"Quarterly review · (\d{4} Q[1-4])", main_text(page)).group(1)
    assert problems(page) == []
    # At 1280 px the at-risk table shows whose deal, its sort key (Amount) and why it is at risk (days
    # open included).
    at_risk = columns_in_view(page, "Account")
    assert {"Rep", "Amount", "Why at risk"} <= set(at_risk), f"at-risk table cut at 1280: {at_risk}"

    with page.expect_download(timeout=WAIT_MS) as deck_download:
        page.get_by_role("button", name="PowerPoint deck").click()
    deck_path = tmp_path / deck_download.value.suggested_filename
    deck_download.value.save_as(deck_path)
    deck = Presentation(str(deck_path))
    assert deck.core_properties.title == f"Quarterly review {quarter}"
    assert len(deck.slides) >= 5
    charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert charts, "the deck has no native charts"
    words = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert quarter in words

    with page.expect_download(timeout=WAIT_MS) as html_download:
        page.get_by_role("button", name="HTML report").click()
    html_path = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_path)

    # Offline: every request but the file itself is refused, and counted.
    offline = browser.new_context(viewport=VIEWPORT, offline=True)
    try:
        reached: list[str] = []
        offline.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else (reached.append(route.request.url), route.abort()))
        report = offline.new_page()
        console: list[str] = []
        report.on("console", lambda message: console.append(f"{message.type}: {message.text}")
                  if message.type in ("error", "warning") else None)
        report.on("pageerror", lambda error: console.append(f"uncaught: {error}"))
        report.goto(html_path.as_uri())
        report.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot').length > 0 && "
            "[...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
            timeout=WAIT_MS,
        )
        assert report.title() == f"Quarterly review {quarter}"
        assert report.locator(".js-plotly-plot .main-svg").count() >= 3
        assert reached == [], f"the report reached for the network: {reached}"
        assert console == [], console
    finally:
        offline.close()
