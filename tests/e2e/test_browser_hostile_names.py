"""Names from a file are shown as text: a rep called **x**, <b>x</b> or $x$ reads exactly so, on the
Reps page, in the rep's own view and in chart labels; nothing is bolded, tagged or typeset."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from drive import Tab, app_storing, bar_by_label, open_page, settle, steady, stop_app

HOSTILE = ("**x**", "<b>x</b>", "$x$")


def hostile_export() -> bytes:
    """Eight closed deals for each hostile rep, in 2026, in one plain CSV."""
    lines = ["Opportunity ID,Rep,Stage,Close Date,Amount,Loss Reason"]
    for r, rep in enumerate(HOSTILE):
        quoted = '"' + rep.replace('"', '""') + '"'
        for d in range(8):
            stage, reason = [("Closed Won", ""), ("Closed Lost", "Price"), ("Closed Lost", "No Decision")][d % 3]
            lines.append(f"H-{r}-{d},{quoted},{stage},2026-0{1 + d % 8}-1{d},{1000 + d},{reason}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory, built_sample):
    app = app_storing(tmp_path_factory.mktemp("hostile") / "hostile_app", [(hostile_export(), "hostile.csv")], built_sample)
    yield app
    stop_app(app)


def rendered_markup(page) -> list[str]:
    """Markup that data turned into: bold or tag elements holding just "x", typeset maths."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const found = [];
            for (const e of main.querySelectorAll('b, strong, .katex, .katex-display')) {
                if (e.classList.contains('katex') || e.textContent.trim() === 'x') found.push(e.outerHTML.slice(0, 120));
            }
            for (const t of main.querySelectorAll('svg text, svg tspan')) {
                if (t.textContent.trim() === 'x' && getComputedStyle(t).fontWeight >= 600) found.push('bold svg x');
            }
            return found;
        }"""
    )


def visible_text(page) -> str:
    return page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            return main.innerText + '\\n' + [...main.querySelectorAll('svg text')].map(t => t.textContent).join('\\n');
        }"""
    )


def test_hostile_rep_names_show_as_text_on_the_reps_page_and_in_each_reps_view(hostile_app, new_tab):
    """The page is loaded once; each rep's view is opened from their bar and left by "All reps", as a
    person goes (a page load for each rep cost 2-3 s more a name). Each rep has 8 deals, so no rate is
    shown: the chart of reps, drawn with Show the charts anyway on (a sentence in its place otherwise), is titled as
    ranking none (text.unranked_title) and each bar is its grey stub."""
    from winloss import text as words

    chart_title = words.unranked_title(words.N_CLOSED)
    tab = new_tab()
    page = tab.page
    open_page(tab, f"{hostile_app.url}/reps?period=all&show_anyway=true", "Reps")  # the chart, not its sentence
    text = visible_text(page)
    for name in HOSTILE:
        assert name in text, f"{name!r} does not read as typed on the Reps page"
    assert rendered_markup(page) == []
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert chart_title in titles, titles  # else bar_by_label waits minutes for a chart of another title
    for name in HOSTILE:
        page.mouse.click(*bar_by_label(page, chart_title, name))
        page.get_by_role("heading", name=f"{name}'s deals").wait_for()
        settle(page)
        assert parse_qs(urlparse(page.url).query).get("rep") == [name]
        text = visible_text(page)
        assert f"{name}'s deals" in text, f"the rep view does not name {name!r} as typed"
        assert page.get_by_role("heading", name=name, exact=True).count() == 1
        assert rendered_markup(page) == [], name
        page.get_by_role("button", name="All reps").click()
        page.wait_for_url(lambda url: "rep" not in parse_qs(urlparse(url).query))
        settle(page, "Reps")


LONG = ("Maximiliana Alexandrina Konstantinopoulou", '=HYPERLINK("http://x","Eve")', "[click](http://evil.example) Mallory",
        "Wolfgang Oooooooommmmm-Wwwwwwwwoooo")


@pytest.fixture(scope="module")
def long_rep_names_app(tmp_path_factory, built_sample):
    """Reps of long names (one of the letters the grid draws widest), each with a profile from a roster."""
    quoted = ['"' + rep.replace('"', '""') + '"' for rep in LONG]
    deals = ["Opportunity ID,Rep,Stage,Close Date,Amount"] + [
        f"L-{r}-{d},{rep},{('Closed Won', 'Closed Lost')[d % 2]},2026-0{1 + d % 8}-1{d},{1000 + d}"
        for r, rep in enumerate(quoted) for d in range(8)]
    roster = ["Rep,Seller Profile"] + [f"{rep},{profile}" for rep, profile in
                                       zip(quoted, ("Reactive Problem Solver", "Relationship Builder", "Lone Wolf",
                                                    "Challenger"), strict=True)]
    files = [(("\n".join(lines) + "\n").encode(), name) for lines, name in ((roster, "roster.csv"), (deals, "deals.csv"))]
    app = app_storing(tmp_path_factory.mktemp("long_names") / "long_rep_names_app", files, built_sample)
    yield app
    stop_app(app)


# The width Chromium draws each text of a grid's column in, in the grid's type (0.875rem of the root size).
DRAWN_PX_JS = """([frame, header]) => {
    const grid = frame.querySelector('table[role="grid"]');
    const head = [...grid.querySelectorAll('th[role="columnheader"]')].find(h => h.textContent === header);
    const at = head.getAttribute('aria-colindex');
    const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${0.875 * root}px ${getComputedStyle(frame).fontFamily}`;
    return [...grid.querySelectorAll(`td[aria-colindex="${at}"]`)].map(c => [c.textContent, context.measureText(c.textContent).width * 14 / (0.875 * root)]);
}"""


@pytest.fixture(scope="module")
def long_names_reps(long_rep_names_app, module_tab) -> Tab:
    """The Reps page of `long_rep_names_app`, loaded by its address once for every window width read below."""
    tab = module_tab()
    open_page(tab, f"{long_rep_names_app.url}/reps?period=all", "Reps")
    return tab


@pytest.mark.parametrize("viewport", [{"width": 1440, "height": 900}, {"width": 1280, "height": 720}])
def test_the_engines_measure_of_a_cells_words_is_never_narrower_than_chromium_draws_them(long_names_reps, screens, viewport):
    """The grid clips a name wider than its cell with no mark ("Maximiliana Alexandrina Konst"), so the engine
    makes every column as wide as its names by its own measure of the grid's type (text.grid_px, text.column_px):
    that measure must never be narrower than Chromium draws the names, in the font the page really uses, or a
    column sized by it would still clip them. Each Rep and Profile of the leaderboard (its table for screen readers holds the
    names whole), at 1440 px and 1280 px with the sidebar open: the page loaded once, then drawn again at each width."""
    from drive import grid_headed, shoot

    from winloss import text

    tab = long_names_reps
    page = tab.page
    if page.viewport_size != viewport:
        page.set_viewport_size(viewport)
        steady(page)
    board = grid_headed(page, "Rep")
    for header in ("Rep", "Profile"):
        drawn = board.evaluate("(frame, header) => (" + DRAWN_PX_JS + ")([frame, header])", header)
        assert {name for name, _ in drawn} >= ({*LONG} if header == "Rep" else {"Reactive Problem Solver"}), drawn
        for name, px in drawn:
            assert px <= text.grid_px(name), (name, px, text.grid_px(name))
    shoot(page, screens, f"reps_long_names_{viewport['width']}")
    assert tab.console_problems() == [], tab.console_problems()
