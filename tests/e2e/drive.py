"""Driving the real app: start and stop a server, find Chromium, and what a person does and sees on a page.

Used by the browser journeys in this folder (their fixtures are in conftest.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The journeys' offline check, in the browser: every host name and address but this machine's own two fails
# to resolve (net::ERR_NAME_NOT_RESOLVED), addresses written out (203.0.113.9, 127.0.0.2) and web sockets
# included, so no request leaves the machine; conftest.py's new_tab records each one tried. `local` below
# says which are this machine's: the two must agree.
OFFLINE_RULES = "MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", f"--host-resolver-rules={OFFLINE_RULES}",
]
VIEWPORT = {"width": 1440, "height": 900}
STARTUP_SECONDS = 120
BASE_PATH_PROBE = re.compile(r"^404 https?://[^/]+/[^_/][^/]*/_stcore/(health|host-config)$")
FOLD_MS = 5_000  # how long the sidebar takes to fold itself at most, its animation included, on a loaded machine
WAIT_MS = 240_000  # one page run on a heavily loaded two-core machine; the usual is 1-5 s


# ---- the browser ------------------------------------------------------------------------------------
# Chromium and the fonts the pages are measured in; its other recommended packages (printing, avahi,
# udev, upower: 89 more) draw nothing headless and took 13 of the install's 20 s.
CHROMIUM_PACKAGES = ("--no-install-recommends", "chromium", "fonts-liberation")


def chromium_missing_sentence() -> str:
    return (f"The browser tests need Debian's Chromium at {CHROMIUM}, which is not installed: run "
            f"`sudo apt-get update && sudo apt-get install -y {' '.join(CHROMIUM_PACKAGES)}`, then run the tests again.")


def ensure_chromium() -> Path:
    """/usr/bin/chromium, installed with apt-get first when it is missing and we are root.

    A user without root gets one sentence saying how to install it; the tests never skip.
    """
    if CHROMIUM.exists():
        return CHROMIUM
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.fail(chromium_missing_sentence(), pytrace=False)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", *CHROMIUM_PACKAGES]):
        done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode != 0:
            pytest.fail(f"Installing Chromium with `{' '.join(command)}` failed ({done.stderr.strip()[-300:]}): "
                        + chromium_missing_sentence(), pytrace=False)
    return CHROMIUM


@dataclass
class Tab:
    """A page with what its console said and every request that tried to leave this machine."""

    page: object
    console: list[tuple[str, str]] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def console_problems(self) -> list[str]:
        """Errors, warnings and stack traces the page logged, and failed requests (a clean console has none).

        A stack trace (`console.trace`) is how Plotly warns ("WARN: Invalid color specifier: ..."): the
        browser files it under its own kind, neither warning nor error, so it is counted here as well.

        One thing is not a problem: opened at a page's own path (/reps), Streamlit's client first
        looks for its server under that path (/reps/_stcore/health, /reps/_stcore/host-config),
        gets a 404 for each, and then finds it at the root. Those 404s, and the one console line
        the browser logs for each, are left out; any other failed request is a problem.
        """
        probes = [t for k, t in self.console if k == "failed" and BASE_PATH_PROBE.search(t)]
        found, forgiven = [], len(probes)
        for kind, text in self.console:
            if kind == "failed" and text in probes:
                continue
            if kind == "error" and forgiven and text.startswith("Failed to load resource") and "404" in text:
                forgiven -= 1
                continue
            if kind in ("error", "warning", "trace", "failed"):
                found.append(f"{kind}: {text}")
        return found


def local(url: str) -> bool:
    """Whether a request to `url` stays in the page or on this machine (OFFLINE_RULES lets these two hosts resolve)."""
    host = urlparse(url).hostname
    return url.startswith(("data:", "blob:", "about:")) or host in ("localhost", "127.0.0.1")


# ---- the app ----------------------------------------------------------------------------------------
@dataclass
class App:
    """A running `streamlit run dashboard.py` and the store it was started on."""

    url: str
    store: Path
    log: Path
    process: subprocess.Popen

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(folder: Path, sample_store: Path | None = None) -> dict[str, str]:
    """The environment the app is started in: this process's, but for the store's settings (its store in
    `folder`/store, the sample store where given) and Streamlit's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINLOSS_", "STREAMLIT_"))}
    env["WINLOSS_STORE"] = str(folder / "store")
    if sample_store is not None:
        env["WINLOSS_SAMPLE_STORE"] = str(sample_store)
    return env


def start_app(folder: Path, sample_store: Path | None = None) -> App:
    """The app on a store in `folder`/store; the sample store where given, else its default place."""
    folder.mkdir(parents=True, exist_ok=True)
    env = app_environment(folder, sample_store)
    port = free_port()
    log = folder / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so stopping it stops only what it started
    )
    app = App(f"http://127.0.0.1:{port}", folder / "store", log, process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The app exited with code {process.returncode}:\n{app.log_tail()}")
        try:
            urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=2)
            return app
        except OSError:
            time.sleep(0.3)
    stop_app(app)
    raise RuntimeError(f"The app did not answer within {STARTUP_SECONDS} s:\n{app.log_tail()}")


def app_storing(folder: Path, files: list[tuple[bytes, str]], sample_store: Path | None = None) -> App:
    """The app (start_app) on a store in `folder`/store holding `files`, (content, file name) each, committed in
    order; every row of each is stored (none quarantined), or the fixture fails naming the file."""
    from winloss.ingest.pipeline import commit, prepare
    from winloss.store.delta import Store

    store = Store(folder / "store")
    for content, name in files:
        prepared = prepare(content, name)
        assert prepared.rows_quarantined == 0, name
        commit(store, prepared, user="test")
    return start_app(folder, sample_store=sample_store)


def stop_app(app: App) -> None:
    if app.process.poll() is None:
        os.killpg(app.process.pid, signal.SIGTERM)
        try:
            app.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait(timeout=20)


# ---- what a person does and sees ----------------------------------------------------------------------
def settle(page, heading: str | None = None) -> None:
    """Wait until the page has run and drawn: its heading shows, the script is idle, charts are drawn."""
    if heading:
        page.get_by_role("heading", name=heading).first.wait_for()
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.dataset.testScriptState !== 'notRunning') return false;
            if (document.querySelector('[data-testid="stStatusWidget"] button')) return false;
            if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], '
                + '[data-testid="stAppSkeleton"], [data-stale="true"]')) return false;
            const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
            return charts.every(c => c.querySelector('.main-svg'));
        }""",
        timeout=WAIT_MS,
    )
    steady(page)  # Plotly finishes its layout pass after the first svg; a grid draws its headers


# How long what is drawn must stay the same to count as drawn (ms): Plotly's layout pass and a grid's
# redraw each change it within a few frames of the last.
STEADY_MS = 120
STEADY_POLL_MS = 40  # looked at this often, not every frame: the browser shares the machine with the app and tests
_STEADY = """(steadyMs) => {
    // Where each chart, tile and grid is, and how big; a grid draws on a canvas, then fills the table
    // it keeps for screen readers: its cells are counted.
    const parts = [...document.querySelectorAll('.main-svg, [data-testid="stMetricValue"], [data-testid="stDataFrame"]')]
        .map(e => { const r = e.getBoundingClientRect();
                    const cells = e.matches('[data-testid="stDataFrame"]') ? e.querySelectorAll('th, td').length : 0;
                    return `${r.x},${r.y},${r.width},${r.height},${cells}`; });
    const mark = parts.join('|');
    const now = performance.now();
    if (!window.__steady || window.__steady.mark !== mark) { window.__steady = {mark, since: now}; return false; }
    return now - window.__steady.since >= steadyMs;
}"""


def steady(page) -> None:
    """Wait until the page's charts, grids and tiles have kept their place, size and cells for
    STEADY_MS: what a fixed pause after drawing or scrolling stood for."""
    page.evaluate("() => { delete window.__steady; }")
    page.wait_for_function(_STEADY, arg=STEADY_MS, timeout=WAIT_MS, polling=STEADY_POLL_MS)


def open_page(tab: Tab, url: str, heading: str) -> None:
    """Load `url` as a pasted link or a bookmark does: the browser starts the app's client afresh."""
    tab.page.goto(url)
    settle(tab.page, heading)


def go_to(tab: Tab, path: str, heading: str) -> None:
    """Open the app's page at `path` ("" for the Overview, "reps", …) as a person does once the app is
    open: by its link in the sidebar's navigation, the filters and modes in the address carried along.

    About 0.6-1.6 s a page where loading its address takes 1.5-3.4 s (the browser starts the client
    afresh). In presenter mode the sidebar is folded away and its links are clicked where they are."""
    page = tab.page
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
    if page.locator('[data-testid="stExpandSidebarButton"]').is_visible():
        link.dispatch_event("click")
    else:
        link.click()
    page.wait_for_url(lambda url: urlparse(url).path == f"/{path}")
    settle(page, heading)


# The Presenting box open and a toggle in it at rest for STEADY_MS: the box's opening animation sets its height
# inline and clears it when it ends, and until the box is open its contents are inert; the sidebar slides in
# when opened where presenter mode folded it.
_TOGGLE_AT_REST = """([box, toggle, steadyMs]) => {
    const open = box.open && !box.style.height
        && !box.querySelector('[data-testid="stExpanderDetails"]').hasAttribute('inert');
    const r = toggle.getBoundingClientRect();
    const mark = open ? `${r.x},${r.y},${r.width},${r.height}` : '';
    const now = performance.now();
    if (!mark || !window.__toggleAtRest || window.__toggleAtRest.mark !== mark) {
        window.__toggleAtRest = {mark, since: now};
        return false;
    }
    return now - window.__toggleAtRest.since >= steadyMs;
}"""
TOGGLE_MS = 10_000  # a press the switch took shows in it as the click ends: this is margin for a loaded machine


def press_toggle(page, label: str, on: bool) -> None:
    """Turn the Presenting box's toggle labelled `label` ("Presenter mode", "Anonymise reps") on or off by a
    press on it, once nothing moves under the pointer: the page has run and drawn (a run redraws the sidebar),
    the box is open and at rest. Returns once the switch itself shows `on`.

    The switch (React Aria's) takes a press only when the pointer is let go over the label where the label
    then lies: a press during which the sidebar's layout shifted is dropped without a trace, the switch and
    the URL as they were (one clean-clone run waited 240 s for the URL). The switch's own state says at once
    whether the press was taken; one that was not is pressed once more."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    toggle = sidebar.locator("label", has_text=label)
    switch = toggle.locator('input[role="switch"]')
    settle(page)
    if not toggle.is_visible():  # the box opens by itself while a link's anon is on; else it is opened
        sidebar.locator('[data-testid="stExpander"] summary', has_text="Presenting").click()
    box = sidebar.locator("details", has=page.locator("label", has_text=label)).element_handle()
    page.evaluate("() => { delete window.__toggleAtRest; }")
    page.wait_for_function(_TOGGLE_AT_REST, arg=[box, toggle.element_handle(), STEADY_MS], timeout=WAIT_MS,
                           polling=STEADY_POLL_MS)
    assert switch.is_checked() != on, f"{label} is already {'on' if on else 'off'}"
    for attempt in range(2):
        toggle.click()
        try:
            page.wait_for_function("([input, on]) => input.checked === on", arg=[switch.element_handle(), on],
                                   timeout=TOGGLE_MS, polling=100)
            return
        except PlaywrightTimeout:
            if attempt:
                raise


def presenter_mode_by_its_toggle(page, on: bool) -> None:
    """Turn presenter mode on or off as a person does on the page: the sidebar opened where presenter mode
    folded it, then the Presenting box's toggle (press_toggle: a rerun of the page, not a fresh load of its
    address). Waits until the URL says so and the page has drawn again; turned on, the sidebar is folded away
    again."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    sidebar = page.locator('[data-testid="stSidebar"]')
    if expand.is_visible():
        expand.click()
        page.locator('[data-testid="stSidebarContent"]').wait_for()
    press_toggle(page, "Presenter mode", on)
    page.wait_for_function("(on) => (new URLSearchParams(location.search).get('present') === 'true') === on", arg=on)
    settle(page)
    if on:
        # Presenter mode's page config folds the sidebar as the page draws again, or, when it stays open (it
        # lies over the page in presenter mode), it is folded here: its button shows while the pointer is on it.
        try:
            expand.wait_for(timeout=FOLD_MS)
        except PlaywrightTimeout:
            sidebar.hover()
            page.locator('[data-testid="stSidebarCollapseButton"]').first.click()
            expand.wait_for()
        steady(page)


def problems(page) -> list[str]:
    """Error boxes and tracebacks on the page, as a person would read them."""
    found = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()
    return [text.strip()[:300] for text in found]


def main_text(page) -> str:
    """Everything the page says: visible text, chart labels (SVG), headings, captions and the sidebar."""
    return page.evaluate(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const parts = [app.innerText];
            for (const t of app.querySelectorAll('svg text')) parts.push(t.textContent);
            return parts.join('\\n');
        }"""
    )


def shoot(page, folder: Path, name: str) -> Path:
    """A screenshot of the whole page: Streamlit scrolls an inner container, so the viewport is
    stretched to its full height first (what a person scrolling would see, in one picture)."""
    viewport = page.viewport_size
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], body')]
            .map(e => e.scrollHeight))"""
    )
    path = folder / f"{name}.png"
    page.set_viewport_size({"width": viewport["width"], "height": max(int(height), viewport["height"])})
    try:
        settle(page)
        page.screenshot(path=str(path), full_page=True, timeout=WAIT_MS)
    finally:
        page.set_viewport_size(viewport)
    return path


def tile_value(page, label: str) -> str:
    """The big number of the tile labelled `label` ("44% n = 4,836")."""
    named = page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    metric = page.locator('[data-testid="stMetric"]', has=named).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().replace("\n", " ").strip()


def tick_name(text: str) -> str:
    """A category's name from its axis label ("Ann Archer  (n = 45)", "Challengern = 1,234" -> the name)."""
    return re.split(r"\s*\(?n = [\d,]+", text)[0].strip()


def chart_named(page, chart_title: str):
    return page.locator(".js-plotly-plot", has=page.locator(".gtitle", has_text=chart_title)).first


def tick_labels(page, chart_title: str) -> list[str]:
    """The category names on a chart's axes, top to bottom or left to right."""
    chart = chart_named(page, chart_title)
    return [tick_name(t) for t in chart.locator(".ytick text, .xtick text").all_text_contents()]


def bar_by_label(page, chart_title: str, label: str) -> tuple[float, float]:
    """The point on screen of the bar labelled `label` in the Plotly chart titled `chart_title`.

    Plotly's drag layer lies over the bars, so a click goes to the bar's place, not its element.
    Horizontal bars are found by their y tick, vertical ones by their x tick.
    """
    chart = chart_named(page, chart_title)
    chart.scroll_into_view_if_needed()
    steady(page)
    ticks = [t for t in chart.locator(".ytick text, .xtick text").all() if tick_name(t.text_content()) == label]
    assert ticks, f"No axis label {label!r} in the chart {chart_title!r}"
    ticks[0].scroll_into_view_if_needed()  # a long rep chart is taller than the window
    steady(page)
    tick_box = ticks[0].bounding_box()
    centre_y = tick_box["y"] + tick_box["height"] / 2
    centre_x = tick_box["x"] + tick_box["width"] / 2
    for bar in chart.locator("g.trace.bars g.point path").all():
        box = bar.bounding_box()
        if not box or box["width"] < 1 or box["height"] < 1:
            continue
        if box["y"] <= centre_y <= box["y"] + box["height"] and box["x"] > tick_box["x"]:  # horizontal, this row
            return box["x"] + min(12, box["width"] / 2), centre_y
        if box["x"] <= centre_x <= box["x"] + box["width"] and box["y"] < tick_box["y"]:  # vertical, this column
            return centre_x, box["y"] + box["height"] - min(8, box["height"] / 2)
    raise AssertionError(f"No bar labelled {label!r} in the chart {chart_title!r}")


LAPTOP = {"width": 1280, "height": 720}  # the smallest screen a leader reads the app on


def grid_headed(page, first_header: str):
    """The first data grid whose first column is headed `first_header`, scrolled into view."""
    table = page.locator('[data-testid="stDataFrame"]', has=page.locator(
        "th[aria-colindex='1']", has_text=re.compile(rf"^{re.escape(first_header)}$"))).first
    table.scroll_into_view_if_needed()
    steady(page)
    return table


def grid_toolbar(page, first_header: str) -> list[str]:
    """The buttons a person sees over the grid headed `first_header` when the pointer is on it (their
    labels: "Search", "Fullscreen", …), read once the toolbar has shown."""
    table = grid_headed(page, first_header)
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').filter(has=page.locator("button")).locator("visible=true")
    toolbar.first.wait_for()
    return [button.get_attribute("aria-label") or "" for button in
            page.locator('[data-testid="stElementToolbarButton"] button').locator("visible=true").all()]


# How far a grid (its stDataFrame element) runs past what is seen, in px: `scroll` is how far it
# scrolls sideways (its drawn columns' width beyond its own), `past_window` how far its right edge
# lies beyond the window's; both are 0 or less for a grid read whole. `width`: its inner width.
OVERFLOW_JS = """(frame) => {
    const scroller = frame.querySelector('.dvn-scroller');
    return {scroll: scroller.scrollWidth - scroller.clientWidth,
            past_window: frame.getBoundingClientRect().right - document.documentElement.clientWidth,
            width: scroller.clientWidth};
}"""


def sideways_px(page, first_header: str) -> dict[str, float]:
    """OVERFLOW_JS of the grid whose first column is `first_header`."""
    return grid_headed(page, first_header).evaluate(OVERFLOW_JS)


CELL_PADDING = 8  # px each side of a grid cell's text (the grid's cellHorizontalPadding)


def cut_cells(page, first_header: str, header: str, column_px: float) -> list[str]:
    """The cells of column `header`, in the rows drawn, whose text is wider than a `column_px` wide
    cell shows whole. The grid draws on a canvas, so each text is measured as it draws it: in the
    grid's type (0.875rem of the page's root size, the app's font)."""
    return grid_headed(page, first_header).evaluate(
        """(frame, [header, columnPx, padding]) => {
            const grid = frame.querySelector('table[role="grid"]');
            const head = [...grid.querySelectorAll('th[role="columnheader"]')].find(h => h.textContent === header);
            if (!head) return [`no column ${header}`];
            const at = head.getAttribute('aria-colindex');
            const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
            const context = document.createElement('canvas').getContext('2d');
            context.font = `${0.875 * root}px ${getComputedStyle(frame).fontFamily}`;
            return [...grid.querySelectorAll(`td[aria-colindex="${at}"]`)].map(c => c.textContent)
                .filter(t => context.measureText(t).width + 2 * padding > columnPx);
        }""",
        [header, column_px, CELL_PADDING],
    )


def columns_in_view(page, first_header: str) -> list[str]:
    """The headers of the table whose first column is `first_header` that are whole in view, left to right.

    st.dataframe draws on a canvas; its accessible grid lists only the columns at least partly in
    view. A column listed with another after it therefore ends inside the view; the last one listed
    is whole only when it is the table's last column and the table does not scroll sideways.
    """
    table = grid_headed(page, first_header)
    return table.evaluate(
        """(frame) => {
            const grid = frame.querySelector('table[role="grid"]');
            const heads = [...grid.querySelectorAll('th[role="columnheader"]')];
            const last = heads[heads.length - 1];
            const scroller = frame.querySelector('.dvn-scroller');
            const whole = last && Number(last.getAttribute('aria-colindex')) === Number(grid.getAttribute('aria-colcount'))
                && scroller && scroller.scrollWidth <= scroller.clientWidth;
            return heads.slice(0, whole ? heads.length : heads.length - 1).map(h => h.textContent);
        }"""
    )


# Every grid's cells as it draws them: the grid paints on a canvas, and its table for screen readers holds
# the values, not the words drawn; so the words are read from the grid itself (glide-data-grid's
# getCellContent, found through React's fiber from the canvas up), with each column's width as drawn (a
# stretched grid widens them). A cell is cut when its words, in the grid's type (0.875rem of the root
# size, the app's font), and 8 px each side are wider than its column, or when a text cell's words end in
# "…" where its value does not. A cell that wraps its words onto its lines is left out.
DRAWN_CELLS_JS = """(frame) => {
    const canvas = frame.querySelector('canvas');
    const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber'));
    let fiber = key ? canvas[key] : null;
    while (fiber && !(fiber.memoizedProps && fiber.memoizedProps.columns && fiber.memoizedProps.getCellContent)) fiber = fiber.return;
    if (!fiber) return null;
    const props = fiber.memoizedProps;
    const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${0.875 * root}px ${getComputedStyle(frame).fontFamily}`;
    const columns = [], cut = [];
    props.columns.forEach((column, at) => {
        if (!column.title) return;  // the row checkboxes
        columns.push([column.title, column.width]);
        for (let row = 0; row < Math.min(props.rows, 500); row++) {
            const cell = props.getCellContent([at, row]);
            const words = typeof cell.displayData === 'string' ? cell.displayData : null;
            if (!words || cell.allowWrapping) continue;  // a cell that wraps (the History grid's) holds its words on its lines
            const px = context.measureText(words).width;
            const ellipsis = words.endsWith('…') && typeof cell.data === 'string' && !cell.data.endsWith('…');
            if (px + 2 * 8 > column.width + 0.5 || ellipsis)
                cut.push({column: column.title, words, data: String(cell.data), px: Math.round(px), width: column.width});
        }
    });
    return {columns, cut, rows: props.rows};
}"""


def drawn_cells(page) -> list[dict]:
    """DRAWN_CELLS_JS of every grid on the page, top to bottom."""
    return page.evaluate("(js) => [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
                         ".map(frame => eval(js)(frame)).filter(g => g)", DRAWN_CELLS_JS)


# ---- a page of a journey's own -------------------------------------------------------------------------------
@contextlib.contextmanager
def served(answer: Callable[[str, str], tuple[bytes, dict[str, str]]], host: str = "127.0.0.1") -> Iterator[int]:
    """A web server on `host` (a free port) for a page a journey serves itself, stopped when the `with` ends; gives
    its port. `answer(path, Host header)` gives each GET's body and headers (Content-Type and the like;
    Content-Length is added)."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body, headers = answer(self.path, self.headers.get("Host") or "")
            self.send_response(200)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # nothing on the test's output

    httpd = ThreadingHTTPServer((host, 0), Answer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
