"""Presenter mode on a projector's 1024 px: a rep's view reads whole. The words past the rep's own
scorecard bar ("n too small" past a bar of 100%) end inside the chart (they read "n too sm"), the deal
list's "All columns" switch reads whole (it read "All colu…"), and a won deal's stage beside another's
reads as exported ("Closed Won" beside "Signed", never "—" as if it had none)."""

from __future__ import annotations

import pytest
from drive import app_storing, chart_named, grid_headed, open_page, settle, shoot, stop_app

from ui import drill

REP = "Ann Small"
PRESENTER_1024 = {"width": 1024, "height": 800}


def small_export() -> bytes:
    """Ann Small's two won deals (a win rate of 100% on n = 2: hatched, "n too small"), one at "Closed Won"
    and one at "Signed"; a peer's six closed deals."""
    lines = ["Opportunity ID,Opportunity Name,Account Name,Stage,Opportunity Owner,Amount,Close Date,Created Date,"
             "IsClosed,IsWon,Loss Reason",
             f"A1,Renewal,Young Bank Ltd,Closed Won,{REP},9000,2026-09-10,2026-05-01,true,true,",
             f"A2,Signed one,Theta BV,Signed,{REP},8000,2026-08-15,2026-05-02,true,true,"]
    for i in range(6):
        won = i % 2 == 0
        lines.append(f"B{i},Deal {i},Acme {i},{'Closed Won' if won else 'Closed Lost'},Bob Peer,1000,2026-07-1{i},"
                     f"2026-03-01,true,{str(won).lower()},{'' if won else 'Price'}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def small_app(tmp_path_factory, built_sample):
    app = app_storing(tmp_path_factory.mktemp("presenter_1024") / "app", [(small_export(), "small.csv")], built_sample)
    yield app
    stop_app(app)


def words_past_the_chart(chart) -> list[str]:
    """The words of a chart's text labels (bars' and those past whiskers) that run past the chart's right edge."""
    return chart.evaluate(
        """(plot) => {
            const edge = plot.querySelector('.main-svg').getBoundingClientRect().right;
            return [...plot.querySelectorAll('.textpoint text, .bartext')]
                .filter(t => t.getBoundingClientRect().right > edge + 0.5).map(t => t.textContent);
        }"""
    )


def label_cut(element) -> list[str]:
    """The boxes around `element` (up to the page's main part) that hide some of its text: a box that
    clips what overflows it (its overflow not visible) and ends before the text does, or that is
    narrower than its own text ("All colu…")."""
    return element.evaluate(
        """(e) => {
            const range = document.createRange();
            range.selectNodeContents(e);
            const right = range.getBoundingClientRect().right;
            const found = [];
            for (let box = e; box && box.dataset?.testid !== 'stMain'; box = box.parentElement) {
                const style = getComputedStyle(box);
                const clips = style.overflow !== 'visible' || style.overflowX !== 'visible';
                if (clips && (box.getBoundingClientRect().right < right - 0.5 || box.scrollWidth > box.clientWidth + 0.5))
                    found.push(`${box.tagName} ${box.dataset?.testid || box.className}`);
            }
            return found;
        }"""
    )


def test_a_reps_view_reads_whole_in_presenter_mode_at_1024_px(small_app, new_tab, screens):
    tab = new_tab(viewport=PRESENTER_1024)
    page = tab.page
    open_page(tab, f"{small_app.url}/reps?rep=Ann%20Small&period=all&present=true", REP)
    settle(page)
    shoot(page, screens, "rep_presenter_1024")

    for title in (f"Win rate: {REP} against", "No decision ÷ losses against"):
        chart = chart_named(page, title)
        chart.scroll_into_view_if_needed()
        said = chart.locator(".textpoint text, .bartext").all_text_contents()
        assert "n too small" in said, (title, said)
        assert words_past_the_chart(chart) == [], f"{title}: words run past the chart"

    switch = page.get_by_text(drill.ALL_COLUMNS, exact=True).first
    switch.scroll_into_view_if_needed()
    assert label_cut(switch) == [], "the All columns switch's label is cut"

    grid_headed(page, "Account")
    cells = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] table[role="grid"] tr')]
            .map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent))"""
    )
    heads = cells[0]
    stages = {row[heads.index("Account")]: row[heads.index("Stage")] for row in cells[1:] if len(row) == len(heads)}
    assert stages == {"Young Bank Ltd": "Closed Won", "Theta BV": "Signed"}, stages
