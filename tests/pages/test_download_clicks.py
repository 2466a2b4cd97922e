"""No download button runs its page again when clicked (ui.widgets.download).

A run a download started gave each button whose file is built on click a new file id and dropped the
old one; a second download clicked before the browser held the new id fetched nothing, with no message
(tests/e2e/test_browser_downloads.py clicks them in a browser)."""

from __future__ import annotations

from app_driver import opened


def test_every_download_button_of_the_pages_only_downloads(store) -> None:
    seen: dict[str, list[str]] = {}
    for page in ("review", "no_decision", "data", "assessment"):
        at = opened(page)
        assert not at.exception, [e.value for e in at.exception]
        buttons = at.get("download_button")
        seen[page] = [b.proto.label for b in buttons]
        rerunning = [b.proto.label for b in buttons if not b.proto.ignore_rerun]
        assert rerunning == [], f"{page}: these downloads run the page again when clicked: {rerunning}"
    # The kinds the journeys click: built on click, and chart CSVs beside them.
    assert {"PowerPoint deck", "HTML report", "Data behind this chart (CSV)"} <= set(seen["review"])
    assert {"Deals (CSV)", "Data behind this chart (CSV)"} <= set(seen["no_decision"])
    assert {"Opportunity template", "Roster template"} <= set(seen["data"])
