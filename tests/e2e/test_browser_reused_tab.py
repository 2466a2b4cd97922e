"""The journeys' reused tab (conftest.py's reused_tab): a journey that starts from an address in the module's
one tab finds it as a fresh tab would be for what it checks (a blank page at its own window size, nothing
logged, requested or stored by the journey before it) and the client's scripts still in the browser's cache,
which is what makes it cheaper than a fresh context."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drive import served

# A page whose script says what the browser kept of its last visit (in the title), then stores, logs and
# reaches off the machine as a page might; the page is never cached, its script is.
PAGE = b"""<!doctype html><title>loading</title><body><script src="/kept.js"></script></body>"""
SCRIPT = b"""document.title = `stored=${localStorage.getItem('left')} session=${sessionStorage.getItem('left')} `
    + `cookie=${document.cookie || 'none'}`;
localStorage.setItem('left', 'behind'); sessionStorage.setItem('left', 'behind'); document.cookie = 'left=behind';
console.warn('a warning of the last journey');
fetch('http://reused-tab.example/reached', {mode: 'no-cors'}).catch(() => {});"""
FRESH = "stored=null session=null cookie=none"


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """A web server on this machine (a free port): its port, and the path of each request it got, in order."""
    got: list[str] = []

    def answer(path: str, _host: str) -> tuple[bytes, dict[str, str]]:
        got.append(path)
        if path == "/kept.js":
            return SCRIPT, {"Content-Type": "text/javascript", "Cache-Control": "max-age=3600"}
        return PAGE, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}

    with served(answer) as port:
        yield port, got


def test_a_reused_tab_keeps_only_the_browsers_cache_of_the_journey_before(reused_tab, server):
    port, got = server
    before = reused_tab({"width": 1440, "height": 900})
    before.page.goto(f"http://127.0.0.1:{port}/")
    before.page.wait_for_function("() => document.title !== 'loading'")
    assert before.page.title() == FRESH
    before.page.wait_for_function("() => document.cookie === 'left=behind'")
    assert any(kind == "warning" for kind, _ in before.console) and before.external, (before.console, before.external)

    tab = reused_tab({"width": 1024, "height": 700})
    assert tab.page is before.page, "a fresh tab: the browser's cache of the scripts is not kept"
    assert tab.page.url == "about:blank" and tab.page.viewport_size == {"width": 1024, "height": 700}
    assert tab.console == [] and tab.external == [], (tab.console, tab.external)
    tab.page.goto(f"http://127.0.0.1:{port}/")
    tab.page.wait_for_function("() => document.title !== 'loading'")
    assert tab.page.title() == FRESH, "the journey before left its storage or cookies"
    assert got.count("/kept.js") == 1, f"the script was fetched again: {got}"
