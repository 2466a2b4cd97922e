"""Every chart's words read whole in the browser: no category label, bar text, point label or legend entry
runs past the chart's edge, where the browser cuts it; no legend sits on its chart's title; and a trend's
point label stands over or under its own point. Measured on the bounding boxes of the SVG text Plotly drew,
in presenter mode at 1024 px and at the app's type at 1280 px (the narrowest each is read at, where words run
out of room first), on a store of long names and long loss
reasons (tests/long_names.py) with a rep of a long name on no team (whose trend keeps its legend above
the plot). One app and one tab serve both cases: three pages loaded by their addresses, where eighteen once were
(three widths each way, some five minutes of a CI run) and then four; the others reached by the app's own links.

Found so: the leaderboard's legend ("All reps: 44%") and the No decision page's reps chart's sat on their
titles at 1024 px in presenter mode; a trend's "42%" stood on the quarter's tick, some 9 px from its point."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from drive import app_storing, go_to, open_page, presenter_mode_by_its_toggle, problems, shoot, steady, stop_app
from long_names import deals_csv, roster_csv

NO_TEAM = "Wolfgang Amadeus Maximilian von Habsburg-Lothringen-Konstantinopoulou"
LONG_REASONS = ("Lost to Competitor on price and integration depth after a twelve-month evaluation by the board",
                "No Decision: the customer's steering committee postponed the whole programme indefinitely", "")
# (window width in px, presenter mode): presenter type at the smallest screen, the app's at a laptop's
CASES = ((1024, True), (1280, False))
NO_DECISION, REPS, REP = ("no_decision", "No decision"), ("reps", "Reps"), (f"reps&rep={quote(NO_TEAM)}", NO_TEAM)
# Each case's pages whose charts name reps or reasons from the files (path and heading), in the order visited, and how
# each is reached: the No decision page by its address, the Reps page from the sidebar (drive.go_to: the client is not
# started afresh), a rep's by its address, and at the second case's width that rep's page again by presenter mode's
# toggle (a rerun of the page, not a fresh load).
VISITS = (((NO_DECISION, "address"), (REPS, "sidebar"), (REP, "address")),
          ((REP, "toggle"), (NO_DECISION, "address"), (REPS, "sidebar")))
SAMPLE_REP = "Camila Brennan"  # a rep of the sample whose team has other reps: every title names a team


def no_team_csv() -> str:
    """120 deals of a rep on no roster (no team, no profile) over 2026's first three quarters, two in three lost
    for long reasons: some 40 closed and 27 losses a quarter, so each quarter's two rates are labelled."""
    lines = ["Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Loss Reason,Amount,Created Date,Close Date"]
    for d in range(120):
        reason = LONG_REASONS[d % len(LONG_REASONS)]
        stage = "Closed Won" if not reason else "Closed Lost"
        lines.append(f'W{d:03d},"{NO_TEAM}",Acme,Deal {d},{stage},"{reason}",{10_000 + d},2025-06-01,'
                     f"2026-{1 + d % 9:02d}-{1 + d % 27:02d}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def long_words_app(tmp_path_factory, built_sample):
    files = [(deals_csv().encode(), "long_deals.csv"), (roster_csv().encode(), "long_roster.csv"),
             (no_team_csv().encode(), "no_team.csv")]
    app = app_storing(tmp_path_factory.mktemp("chart_words") / "app", files, built_sample)
    yield app
    stop_app(app)


# Per chart (by its title), the words drawn past the chart's edges (its title's too), the legend entries drawn over its title,
# and each point label's distance in px from the nearest point of a line chart's markers.
MEASURE_JS = """() => {
    const found = {cut: [], on_title: [], label_off: [], labels: 0};
    const inside = (r, box) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5
        && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
    const meets = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
    for (const plot of document.querySelectorAll('.js-plotly-plot')) {
        const svg = plot.querySelector('.main-svg');
        if (!svg) continue;
        const box = svg.getBoundingClientRect();
        const title = plot.querySelector('.gtitle');
        const name = title ? title.textContent : '(untitled)';
        const words = '.gtitle, .xtitle, .ytitle, .xtick text, .ytick text, .bartext, .textpoint text, .annotation-text, .legendtext';
        for (const t of plot.querySelectorAll(words)) {
            const r = t.getBoundingClientRect();
            if (r.width && !inside(r, box)) found.cut.push(`${name}: ${t.textContent}`);
        }
        if (title) {
            const top = title.getBoundingClientRect();
            for (const entry of plot.querySelectorAll('.legend .traces')) {
                if (meets(entry.getBoundingClientRect(), top)) found.on_title.push(`${name}: ${entry.textContent}`);
            }
        }
        const points = [...plot.querySelectorAll('.scatterlayer .trace.scatter .points path.point')]
            .map(p => p.getBoundingClientRect()).filter(r => r.width).map(r => r.left + r.width / 2);
        if (!points.length) continue;
        for (const note of plot.querySelectorAll('.annotation-text-g')) {
            const r = note.getBoundingClientRect();
            const middle = r.left + r.width / 2;
            const off = Math.min(...points.map(x => Math.abs(x - middle)));
            found.labels += 1;
            if (off > 2) found.label_off.push(`${name}: ${note.textContent} ${off.toFixed(1)} px`);
        }
    }
    return found;
}"""


def test_chart_words_read_whole_and_legends_keep_off_titles(long_words_app, new_tab, screens):
    tab = new_tab(viewport={"width": CASES[0][0], "height": 900})
    page = tab.page
    seen: dict[str, list[str]] = {"cut": [], "on_title": [], "label_off": []}
    labels = 0  # point labels measured against their points
    for (width, present), visits in zip(CASES, VISITS, strict=True):
        page.set_viewport_size({"width": width, "height": 900})
        for (path, heading), how in visits:
            page_path, _, rep = path.partition("&")
            query = f"?period=all{'&present=true' if present else ''}{'&' + rep if rep else ''}"
            if how == "sidebar":
                go_to(tab, path, heading)
            elif how == "toggle":
                presenter_mode_by_its_toggle(page, on=present)
                page.get_by_role("heading", name=heading).first.wait_for()
            else:
                open_page(tab, f"{long_words_app.url}/{page_path}{query}", heading)
            name = f"chart_words_{page_path}{'_rep' if rep else ''}_{width}_{'presenter' if present else 'app'}"
            if present:  # presenter type at the narrowest window, where words run out of room first
                shoot(page, screens, name)
            assert problems(page) == [], (name, problems(page))
            found = page.evaluate(MEASURE_JS)
            labels += found.pop("labels")
            for kind, items in found.items():
                seen[kind] += [f"{name}: {item}" for item in items]
    assert labels >= 6 * len(CASES), f"only {labels} point labels were measured"
    assert seen == {"cut": [], "on_title": [], "label_off": []}, {k: v[:6] for k, v in seen.items()}
    assert tab.console_problems() == [], tab.console_problems()


# (window width in px, presenter mode), in the order a rep's page is read at them: opened once by its address at the
# first, then a new window width (the page drawn again at it, not loaded) or presenter mode's toggle between two
TITLE_CASES = ((1024, False), (1024, True), (1280, True), (1280, False), (1440, False), (1440, True))


def test_a_reps_chart_titles_fit(sample_app, new_tab, screens):
    """A rep's chart titles were fitted to charts as wide as at 1280 px in presenter mode; at 1024 px with
    the sidebar open each chart is narrower (a scorecard 322 px, not 415) and "Win rate: Camila Brennan
    against peers and team" ran 33 px past its chart, 26 px in presenter mode, where Plotly cuts it. The axis
    titles (MEASURE_JS's .xtitle, .ytitle) were never measured: the no-decision scorecard's "No decision ÷
    losses", centred on a plot its names leave some 136 px, ran 6 px past the chart at 1024 px (3 px in
    presenter mode). Both ways at 1024, 1280 and 1440 px on the sample, one rep's page read at each in one tab."""
    width, present = TITLE_CASES[0]
    tab = new_tab(viewport={"width": width, "height": 900})
    page = tab.page
    open_page(tab, f"{sample_app.url}/reps?rep={quote(SAMPLE_REP)}{'&present=true' if present else ''}", SAMPLE_REP)
    cut = []
    for width, present in TITLE_CASES:
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": 900})
            steady(page)
        if ("present=true" in page.url) != present:
            presenter_mode_by_its_toggle(page, on=present)
            page.get_by_role("heading", name=SAMPLE_REP).first.wait_for()
        case = f"{width}_{'presenter' if present else 'app'}"
        shoot(page, screens, f"chart_titles_rep_{case}")
        assert problems(page) == [], (case, problems(page))
        found = page.evaluate(MEASURE_JS)
        cut += [f"{case}: {item}" for item in found["cut"]]
        axes = page.locator(".js-plotly-plot .xtitle").all_text_contents()
        assert "Win rate" in axes and any(a.endswith("÷ losses") for a in axes), (case, axes)  # the scorecards' axis titles
    assert cut == []
