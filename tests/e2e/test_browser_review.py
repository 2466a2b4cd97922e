"""The Quarterly review's downloads, clicked in a real browser: the deck opens in python-pptx and the
HTML report opens and draws its charts with the network blocked."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from deck_shapes import every_shape
from drive import LAPTOP, VIEWPORT, WAIT_MS, columns_in_view, main_text, open_page, problems, settle, shoot, tile_value
from pptx import Presentation


def test_the_review_downloads_open_and_an_earlier_as_of_day_is_in_its_title_link_and_report(
        sample_app, new_tab, browser, tmp_path, screens):
    """The review's deck and HTML report, downloaded and opened (the report offline); then, in the same tab, the
    As of day typed beside the quarter: the quarter is named for it ("2026 Q3 to 14 Aug", not "to date": the data
    runs past it), the headline counts what had closed by the day, the line under the title says both days, the
    link carries the day and the quarter to a colleague (the quarter, the default when the page opened, was left
    out of it, and the link opened the day's default, 2026 Q2) and the HTML report downloaded is that day's. The
    page is loaded by its address once: the downloads leave it as it was drawn."""
    tab = new_tab(viewport=LAPTOP)
    page = tab.page
    open_page(tab, f"{sample_app.url}/review", "Quarterly review · 2026 Q3")
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
    charts = [shape for slide in deck.slides for shape in every_shape(slide.shapes) if shape.has_chart]
    assert charts, "the deck has no native charts"
    words = " ".join(shape.text_frame.text for slide in deck.slides for shape in every_shape(slide.shapes) if shape.has_text_frame)
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

    whole = tile_value(page, "Closed deals")
    field = page.locator('[data-testid="stMain"] [data-testid="stDateInput"]', has_text="As of")
    # Typed as a person types it (year, month, day: each part moves to the next), then the field is left.
    field.locator('[data-type="year"]').click()
    page.keyboard.type("20260814")
    page.get_by_role("heading", name=re.compile("^Quarterly review")).first.click()
    page.wait_for_function("() => { const q = new URLSearchParams(location.search);"
                           " return q.get('as_of') === '2026-08-14' && q.get('quarter') === '2026 Q3'; }")
    page.wait_for_function("(said) => document.body.innerText.includes(said)", arg="Reviewed as of 14 Aug 2026 · data to")
    settle(page, "Quarterly review · 2026 Q3 to 14 Aug")
    assert tile_value(page, "Closed deals") != whole
    assert problems(page) == [] and tab.console_problems() == []
    shoot(page, screens, "review_as_of_1280")

    with page.expect_download(timeout=WAIT_MS) as html_download:
        page.get_by_role("button", name="HTML report").click()
    assert html_download.value.suggested_filename == "quarterly-review-2026-q3-to-14-aug-as-of-2026-08-14.html"
    html_path = tmp_path / html_download.value.suggested_filename
    html_download.value.save_as(html_path)
    assert "Reviewed as of 14 Aug 2026 · data to" in html_path.read_text(encoding="utf-8")

    colleague = new_tab(viewport=LAPTOP)
    open_page(colleague, page.url, "Quarterly review · 2026 Q3 to 14 Aug")
    assert parse_qs(urlparse(colleague.page.url).query).get("as_of") == ["2026-08-14"]
    assert "Reviewed as of 14 Aug 2026 · data to" in main_text(colleague.page)
    assert tile_value(colleague.page, "Closed deals") == tile_value(page, "Closed deals")
