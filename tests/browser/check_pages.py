"""Screenshots of every analysis page at 1440x900 and 1280x720, and a real click on a rep bar.

Run by hand (not collected by pytest):

    python tests/browser/check_pages.py --serve            # starts the app on a tmp store, then stops it
    python tests/browser/check_pages.py --url http://localhost:8532   # against a running app

Screenshots go to /tmp/p3_<page>_<width>.png (and /tmp/p3_rep_view_*.png); look at them: a chart that
renders but reads badly is a bug. Exits 1 when a page shows an exception or a click does not drill.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
# page -> (url path, title); the default page (Overview) lives at the root.
PAGES = {"overview": ("", "Overview"), "profiles": ("profiles", "Seller profiles"),
         "no_decision": ("no_decision", "No decision"), "reps": ("reps", "Reps")}
SIZES = ((1440, 900), (1280, 720))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def serve(port: int) -> subprocess.Popen:
    """The app on a scratch store (the sample), started for this check only."""
    env = {**os.environ, "WINLOSS_STORE": "/tmp/p3_store", "WINLOSS_SAMPLE_STORE": "/tmp/p3_sample"}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=1)
            return server
        except OSError:
            time.sleep(1)
    raise SystemExit("The app did not start within a minute.")


def settled(page: Page, title: str | None = None, timeout: float = 90) -> None:
    """Wait until the page has run: its title shows and Streamlit no longer says it is running."""
    if title:
        page.get_by_role("heading", name=title).first.wait_for(timeout=timeout * 1000)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            break
        time.sleep(0.3)
    page.wait_for_timeout(1500)  # Plotly draws after the element arrives


def exceptions(page: Page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def shoot(page: Page, name: str) -> Path:
    """The whole page: Streamlit scrolls an inner container, so the viewport is stretched to fit it."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], section.main, body')]"
        ".map(e => e.scrollHeight))"
    )
    width = page.viewport_size["width"]
    viewport = page.viewport_size
    path = Path(f"/tmp/p3_{name}.png")
    page.screenshot(path=f"/tmp/p3_{name}_screen.png")  # what a screen share shows first
    page.set_viewport_size({"width": width, "height": max(height, viewport["height"])})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    return path


def click_first_bar(page: Page, chart_title: str) -> None:
    """Click the first bar of the Plotly chart whose title contains `chart_title`."""
    chart = page.locator(".js-plotly-plot", has=page.locator(".gtitle", has_text=chart_title)).first
    bar = chart.locator("g.trace.bars g.point path").first
    bar.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = bar.bounding_box()
    # Plotly's drag layer sits on top of the bars: click where the bar is, not on its element.
    page.mouse.click(box["x"] + min(20, box["width"] / 2), box["y"] + box["height"] / 2)


def deep_link_runs_the_frame(page: Page, url: str) -> bool:
    """Whether a deep link (not the root) runs dashboard.py: its sidebar has the Filters heading.

    Streamlit treats a folder named pages/ beside the entrypoint as an old-style page list until
    some session has run st.navigation, so on a fresh server a link to /reps would run the page
    alone; the pages live in app_pages/ for that reason, and this check guards it.
    """
    page.goto(f"{url}/reps")
    settled(page, "Reps")
    return page.get_by_role("heading", name="Filters").count() > 0


def opened(page: Page) -> None:
    """Wait for the rep view a click opened: the rep in the URL and the breadcrumb drawn."""
    deadline = time.time() + 60
    while "rep=" not in page.url and time.time() < deadline:  # the URL changes without a page load
        page.wait_for_timeout(250)
    page.get_by_role("button", name="All reps").wait_for(timeout=60_000)
    settled(page)


def check(url: str) -> list[str]:
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        if not deep_link_runs_the_frame(page, url):
            print("WARNING: the first deep link after the server started ran the page without dashboard.py "
                  "(no sidebar); see deep_link_runs_the_frame.")
        page.goto(url)  # the root runs st.navigation once: deep links work from here on
        settled(page, "Overview")
        page.close()
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            for slug, (path, title) in PAGES.items():
                page.goto(f"{url}/{path}")
                settled(page, title)
                shoot(page, f"{slug}_{width}")
                problems += [f"{slug} at {width}: {e[:200]}" for e in exceptions(page)]
            page.close()

        page = browser.new_page(viewport={"width": 1440, "height": 900})
        # A rep bar on the Reps page opens the rep view on the same page, the rep in the URL.
        page.goto(f"{url}/reps?region=EMEA")
        settled(page, "Reps")
        click_first_bar(page, "Win rate by rep")
        opened(page)
        if "rep=" not in page.url or "region=EMEA" not in page.url:
            problems.append(f"a rep bar did not open the rep view with the filter kept: {page.url}")
        shoot(page, "rep_view_1440")
        # From the No decision page, a rep bar switches page and keeps the sidebar's filter.
        page.goto(f"{url}/no_decision?region=EMEA")
        settled(page, "No decision")
        click_first_bar(page, "reps losing the largest share")
        opened(page)
        if "region=EMEA" not in page.url or "rep=" not in page.url:
            problems.append(f"the switch to the rep view lost the filter: {page.url}")
        shoot(page, "rep_from_no_decision_1440")
        problems += [f"rep view: {e[:200]}" for e in exceptions(page)]
        # Screen-share settings: presenter mode, amounts hidden (the sidebar writes labels / "true").
        for slug, (path, title) in PAGES.items():
            page.goto(f"{url}/{path}?present=true&hide_amounts=true")
            settled(page, title)
            shoot(page, f"{slug}_presenter_1440")
            text = page.locator('[data-testid="stMain"]').inner_text()
            if "$" in text:
                problems.append(f"{slug}: a $ amount shows with amounts hidden")
            problems += [f"{slug} presenter: {e[:200]}" for e in exceptions(page)]
        browser.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8532")
    parser.add_argument("--serve", action="store_true", help="start the app for the check and stop it after")
    args = parser.parse_args()
    server = serve(int(args.url.rsplit(":", 1)[1])) if args.serve else None
    try:
        problems = check(args.url)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)  # only the server this script started
            server.wait(timeout=30)
    for problem in problems:
        print("PROBLEM:", problem)
    print("screenshots: /tmp/p3_*.png")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
