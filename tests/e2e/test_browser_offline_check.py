"""The journeys' own offline check (conftest.py's new_tab): a page that reaches for another machine is caught.

Every journey asserts `tab.external == []` somewhere, trusting that each request, web socket and frame
the page tries beyond localhost and 127.0.0.1 is both recorded there and stopped before it leaves. Here a
page served from this machine reaches for other addresses that would answer (127.0.0.2 and 127.0.0.3 are
this machine too, on the same server, so a request that got out would be seen arriving) and for a name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drive import served

# Each way a page reaches out, each to a place the server below would answer (but the name), and one
# request to this machine by name that must arrive: the page says "done" when each has loaded or failed.
PAGE = """<!doctype html><title>reaching</title><body><script>
const port = location.port;
const settled = (make) => new Promise((done) => make(done)).catch(() => {});
Promise.allSettled([
    fetch(`http://127.0.0.2:${port}/fetched`, {mode: 'no-cors'}),
    fetch(`http://localhost:${port}/here`, {mode: 'no-cors'}),
    fetch('http://offline-check.example/named', {mode: 'no-cors'}),
    settled((done) => { const i = new Image(); i.onload = i.onerror = done; i.src = `http://127.0.0.3:${port}/image.png`; }),
    settled((done) => { const s = new WebSocket(`ws://127.0.0.2:${port}/socket`); s.onopen = s.onerror = s.onclose = done; }),
    settled((done) => { const f = document.createElement('iframe'); f.onload = f.onerror = done;
                        f.src = `http://127.0.0.3:${port}/framed`; document.body.append(f); }),
]).then(() => { document.title = 'done'; });
</script></body>"""


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """A web server on every address of this machine (a free port): its port, and each request it got as
    "host:port/path" (the Host the browser asked for), in order."""
    got: list[str] = []

    def answer(path: str, host: str) -> tuple[bytes, dict[str, str]]:
        got.append(f"{host}{path}")
        return PAGE.encode() if path == "/" else b"answered", {"Content-Type": "text/html; charset=utf-8"}

    with served(answer, host="0.0.0.0") as port:
        yield port, got


def test_a_page_reaching_off_the_machine_is_recorded_and_reaches_nothing(new_tab, server):
    port, got = server
    tab = new_tab()
    tab.page.goto(f"http://127.0.0.1:{port}/")
    tab.page.wait_for_function("() => document.title === 'done'", polling=40)
    assert sorted(tab.external) == sorted([
        f"http://127.0.0.2:{port}/fetched",
        "http://offline-check.example/named",
        f"http://127.0.0.3:{port}/image.png",
        f"ws://127.0.0.2:{port}/socket",
        f"http://127.0.0.3:{port}/framed",
    ]), tab.external
    # The server answers on 127.0.0.2 and .3 as on 127.0.0.1: only this machine's own two names reached it.
    reached = [request for request in got if not request.startswith((f"127.0.0.1:{port}/", f"localhost:{port}/"))]
    assert reached == [], f"requests left for other addresses: {reached}"
    assert f"localhost:{port}/here" in got, "a request to this machine by name was stopped too"
