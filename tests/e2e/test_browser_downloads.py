"""Downloads clicked one straight after another, as a person in a hurry clicks them: every file arrives.

A download that made the page run again gave every button built on click (the deck, the HTML report,
a list's Deals CSV) a new file id on the server and dropped the old one; a click on such a button
while the browser still held the old id fetched nothing, with no message (the server logged
"Deferred file … not found"). No download runs the page again now (ui.widgets.download).
"""

from __future__ import annotations

import re
import time

from drive import WAIT_MS, open_page, problems

ARRIVAL_S = 45  # every file of the journey, after the last click; each is there in a second or two


def click_all(page, labels: list[str]) -> list[str]:
    """Click the download buttons labelled `labels`, with no wait between clicks (a label repeated: its
    next button, round again after the last), and return the file names that arrived, in order."""
    arrived: list[str] = []

    def arrive(download) -> None:
        arrived.append(download.suggested_filename)

    page.on("download", arrive)  # taken off again below: the module's tab serves the next journey too
    buttons = page.locator('[data-testid="stDownloadButton"] button')
    used: dict[str, int] = {}
    for label in labels:
        matching = buttons.filter(has_text=label)
        button = matching.nth(used.get(label, 0) % matching.count())
        used[label] = used.get(label, 0) + 1
        button.scroll_into_view_if_needed(timeout=WAIT_MS)
        button.click(timeout=WAIT_MS)
    deadline = time.monotonic() + ARRIVAL_S
    while len(arrived) < len(labels) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    page.remove_listener("download", arrive)
    return arrived


def test_chart_csvs_then_the_deck_and_report_clicked_quickly_all_arrive(sample_app, reused_tab):
    tab = reused_tab()
    page = tab.page
    open_page(tab, f"{sample_app.url}/review", "Quarterly review")
    csv = "Data behind this chart (CSV)"
    count = page.locator('[data-testid="stDownloadButton"] button').filter(has_text=csv).count()
    assert count >= 3, f"the review has {count} chart CSVs"
    # Twice round: how long a run takes decides whether one click cuts another's run short.
    arrived = click_all(page, [csv, csv, csv, "PowerPoint deck", csv, csv, csv, "HTML report"])
    assert len(arrived) == 8, f"of 8 downloads clicked in quick succession only these arrived: {arrived}"
    assert sum(name.endswith(".csv") for name in arrived) == 6
    assert any(name.endswith(".pptx") for name in arrived) and any(name.endswith(".html") for name in arrived)
    assert problems(page) == []


def test_chart_csvs_then_a_lists_deals_csv_clicked_quickly_all_arrive(sample_app, reused_tab):
    tab = reused_tab()
    page = tab.page
    open_page(tab, f"{sample_app.url}/no_decision?anon=true", "No decision")
    csv = "Data behind this chart (CSV)"
    assert page.locator('[data-testid="stDownloadButton"] button').filter(has_text="Deals (CSV)").count() >= 1
    arrived = click_all(page, [csv, csv, csv, "Deals (CSV)", csv, csv, csv, "Deals (CSV)"])
    assert len(arrived) == 8, f"of 8 downloads clicked in quick succession only these arrived: {arrived}"
    # The list's file says what it lists, as of which day, the range (it was "at-risk-open-deals.csv") and, the
    # page's names being anonymised, so (deal_lists.list_file_name), as every chart's file beside it.
    day = r"\d{4}-\d{2}-\d{2}"
    lists = [name for name in arrived if name.startswith("open-deals-at-risk")]
    assert len(lists) == 2 and all(re.fullmatch(rf"open-deals-at-risk-as-of-{day}_{day}-to-{day}_anonymised\.csv", n)
                                   for n in lists), arrived
    assert all(name.endswith("_anonymised.csv") for name in arrived), arrived
    assert problems(page) == []
