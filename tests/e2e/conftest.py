"""The real app in a real browser: a Streamlit server per store, Debian's Chromium driven by Playwright.

Every journey here starts `streamlit run dashboard.py` on a free localhost port with a store of its
own in a temporary folder, and drives it with Playwright for Python against /usr/bin/chromium
(Playwright's own browser download is never used). One server serves the bundled sample for the
whole session, and one the store of long names (tests/long_names.py) for the journeys that read it;
journeys that write (an upload, a store of hostile names) start their own.

Screenshots go to $WINLOSS_SCREENSHOTS, else a fresh temporary folder; the run prints where.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from drive import (
    CHROMIUM_ARGS,
    VIEWPORT,
    WAIT_MS,
    App,
    Tab,
    ensure_chromium,
    local,
    start_app,
    stop_app,
)

@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; each journey opens its own context (cookies, storage, viewport)."""
    from playwright.sync_api import sync_playwright

    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_tab(browser, contexts: list, **options) -> Tab:
    """A page in a fresh browser context of `browser` (as a colleague opening a pasted link would), the
    context added to `contexts` for its fixture to close; `options` go to the context (`viewport`: the
    window's size, VIEWPORT by default).

    Requests to anything but this machine are recorded in `tab.external` (every request and web socket
    of the context, read as Chromium issues it) and fail in Chromium itself: its host resolver knows
    only localhost and 127.0.0.1 (drive.OFFLINE_RULES), so nothing leaves the machine. The app must
    work offline. Routing every request through a handler here did the same at a round trip through
    Playwright's driver and this process a request (about 150 for a fresh page), with the browser's
    HTTP cache off.
    """
    context = browser.new_context(viewport=options.pop("viewport", VIEWPORT), accept_downloads=True, **options)
    context.set_default_timeout(WAIT_MS)
    contexts.append(context)
    page = context.new_page()
    tab = Tab(page)

    def record(url: str) -> None:
        if not local(url):
            tab.external.append(url)

    context.on("request", lambda request: record(request.url))
    context.on("page", lambda opened: opened.on("websocket", lambda socket: record(socket.url)))
    page.on("websocket", lambda socket: record(socket.url))
    page.on("console", lambda message: tab.console.append((message.type, message.text)))
    page.on("response", lambda response: tab.console.append(
        ("failed", f"{response.status} {response.url}")) if response.status >= 400 else None)
    page.on("pageerror", lambda error: tab.console.append(("error", f"uncaught: {error}")))
    return tab


def closed_after(browser) -> Iterator[Callable[..., Tab]]:
    """open_tab for a fixture to give out, every context it opened closed when the fixture ends."""
    contexts: list = []
    yield functools.partial(open_tab, browser, contexts)
    for context in contexts:
        context.close()


@pytest.fixture
def new_tab(browser) -> Iterator[Callable[..., Tab]]:
    """Open a page in a fresh browser context (open_tab), closed when the journey ends."""
    yield from closed_after(browser)


@pytest.fixture(scope="module")
def module_tab(browser) -> Iterator[Callable[..., Tab]]:
    """new_tab for the journeys of one module that read the same page: the page loaded by its address once
    (a fresh load, the client started afresh, costs some 4 s of CPU, most of it Chromium's), not once a journey.
    Closed when the module's journeys end."""
    yield from closed_after(browser)


@pytest.fixture(scope="module")
def module_window(module_tab) -> Tab:
    """The one tab of a module's journeys that each start from an address (reused_tab)."""
    return module_tab()


@pytest.fixture
def reused_tab(module_window: Tab) -> Callable[..., Tab]:
    """new_tab for a journey that starts by loading an address (drive.open_page): the module's one tab
    (module_window), blank, at `viewport` (VIEWPORT by default), the last page's storage and the cookies
    cleared, what it logged and requested before forgotten. The address's load starts the app's client
    afresh, a new session of the app; only the browser's cache of the client's scripts is kept, so the
    load costs about 2 s of CPU, not the 4 s of a fresh context's. A journey that must come as a stranger (no cookies, no cache) takes new_tab."""

    def reuse(viewport: dict[str, int] | None = None) -> Tab:
        page = module_window.page
        if page.url.startswith("http"):  # what the app's client keeps in the browser (the sidebar's width, …)
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.context.clear_cookies()
        page.goto("about:blank")  # before the resize: the last journey's page is not drawn again at the new size
        page.set_viewport_size(viewport or VIEWPORT)
        module_window.console.clear()
        module_window.external.clear()
        return module_window

    return reuse


@pytest.fixture(scope="session")
def e2e_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def built_sample(e2e_folder: Path) -> Path:
    """The bundled sample's store, built once, where the app puts it by default: beside its store."""
    from winloss.deals import load_sample
    from winloss.store.delta import Store

    path = e2e_folder / "sample_app" / "sample_store"
    load_sample(Store(path))
    return path


@pytest.fixture(scope="session")
def sample_app(e2e_folder: Path, built_sample: Path) -> Iterator[App]:
    """The app with an empty store, so it shows the sample; WINLOSS_SAMPLE_STORE unset, so the
    sample is looked for beside the store (where `built_sample` put it)."""
    app = start_app(e2e_folder / "sample_app")
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def long_names_app(e2e_folder: Path, built_sample: Path) -> Iterator[App]:
    """The app on a store of long names (tests/long_names.py: its deals and roster), the sample beside it:
    one server for every journey that reads it (none writes to it), not one a module."""
    from long_names import store_long_names

    from winloss.store.delta import Store

    folder = e2e_folder / "long_names_app"
    store_long_names(Store(folder / "store"))
    app = start_app(folder, sample_store=built_sample)
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def screens() -> Path:
    """Where full-page screenshots go ($WINLOSS_SCREENSHOTS); printed at the end of the run."""
    folder = Path(os.environ["WINLOSS_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder
