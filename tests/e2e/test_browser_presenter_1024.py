"""Presenter mode on a projector's 1024 px: a rep's view reads whole. The words past the rep's own
scorecard bar ("n too small" past a bar of 100%) end inside the chart (they read "n too sm"), the deal
list's "All columns" switch reads whole (it read "All colu…"), and a won deal's stage beside another's
reads as exported ("Closed Won" beside "Signed", never "—" as if it had none). Then, moving through the
app as a presenter does (no page loaded afresh): a profile bar's note ("one rep's deals") reads
whole (it ended "not the profil"), the No decision page's tile titles read whole (they ended "…"), and no
grid runs past the screen (the at-risk list, the leaderboard and a rep's deals did, their last columns
out of view): each fits, its other columns one switch away."""

from __future__ import annotations

import pytest
from drive import OVERFLOW_JS, app_storing, chart_named, go_to, grid_headed, open_page, settle, shoot, stop_app

from ui import drill
from winloss.measures.profiles import ONE_REP_ON_BAR

REP = "Ann Small"
PRESENTER_1024 = {"width": 1024, "height": 800}


PEER = "Bob Peer"
# A Lone Wolf alone: that profile's bar measures one rep, and says so ("one rep's deals"; its hover "1 rep: this
# measures …, not the profile").
LONE = "Maximiliana Konstantinopoulou"
OPEN_ACCOUNT = "Blue Ridge Manufacturing Corp."  # Ann's deal open past its close date: at risk
# Each rep's profile and team: the board's every column (its Team last).
ROSTER = (f"Rep,Seller Profile,Team\n{REP},Challenger,North America Enterprise\n{PEER},Challenger,EMEA North\n"
          f"{LONE},Lone Wolf,Asia Pacific Strategic Accounts\n")


def small_export() -> bytes:
    """Ann Small's two won deals (a win rate of 100% on n = 2: hatched, "n too small"), one at "Closed Won"
    and one at "Signed", and one open past its close date (at risk); a peer's 20 closed deals and the Lone
    Wolf's 24, so each profile's n is enough for its verdict."""
    lines = ["Opportunity ID,Opportunity Name,Account Name,Stage,Opportunity Owner,Amount,Close Date,Created Date,"
             "IsClosed,IsWon,Loss Reason",
             f"A1,Renewal,Young Bank Ltd,Closed Won,{REP},9000,2026-09-10,2026-05-01,true,true,",
             f"A2,Signed one,Theta BV,Signed,{REP},8000,2026-08-15,2026-05-02,true,true,",
             f"A3,Expansion,{OPEN_ACCOUNT},Proposal/Price Quote,{REP},12000,2026-08-31,2026-02-02,false,false,"]
    for rep, key, deals, month in ((PEER, "B", 20, "07"), (LONE, "C", 24, "06")):
        for i in range(deals):
            won = i % 2 == 0
            lines.append(f"{key}{i},Deal {i},Acme {key}{i},{'Closed Won' if won else 'Closed Lost'},{rep},1000,"
                         f"2026-{month}-{1 + i % 28:02d},2026-03-01,true,{str(won).lower()},{'' if won else 'Price'}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def small_app(tmp_path_factory, built_sample):
    app = app_storing(tmp_path_factory.mktemp("presenter_1024") / "app",
                      [(small_export(), "small.csv"), (ROSTER.encode(), "roster.csv")], built_sample)
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


def grids_past_the_screen(page) -> list[dict]:
    """Every grid on the page that scrolls sideways or runs past the window (drive.OVERFLOW_JS), with its
    headers in view."""
    return page.evaluate(
        """() => {
            const overflow = """ + OVERFLOW_JS + """;
            return [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(frame => ({
                heads: [...frame.querySelectorAll('th[role="columnheader"]')].map(h => h.textContent),
                ...overflow(frame)})).filter(g => g.scroll > 0 || g.past_window > 0);
        }"""
    )


def cut_tile_titles(page) -> list[str]:
    """The tiles' titles that a box of theirs cuts ("No-decision deals in…"): one that hides what overflows
    it and is narrower than its text."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')].filter(label =>
            [label, ...label.querySelectorAll('*')].some(box => {
                const style = getComputedStyle(box);
                return style.overflowX !== 'visible' && box.scrollWidth > box.clientWidth + 0.5;
            })).map(label => label.textContent)"""
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

    cells = grid_headed(page, "Account").evaluate(  # the rep's deals (their deals at risk are listed under them)
        """(frame) => [...frame.querySelectorAll('table[role="grid"] tr')]
            .map(r => [...r.querySelectorAll('th, td')].map(c => c.textContent))"""
    )
    heads = cells[0]
    stages = {row[heads.index("Account")]: row[heads.index("Stage")] for row in cells[1:] if len(row) == len(heads)}
    assert stages == {"Young Bank Ltd": "Closed Won", "Theta BV": "Signed", OPEN_ACCOUNT: "Proposal/Price Quote"}, stages
    assert grids_past_the_screen(page) == [], "a rep's deal list runs past the screen"

    # A profile of one rep says so past its bar, whole: "50% · one rep's deals" (its hover names the rep).
    go_to(tab, "profiles", "Seller profiles")
    shoot(page, screens, "profiles_presenter_1024")
    chart = chart_named(page, "Win rate by seller profile")
    chart.scroll_into_view_if_needed()
    notes = chart.evaluate(
        """(plot) => [...plot.querySelectorAll('.textpoint text, .bartext')]
            .map(t => { const lines = t.querySelectorAll('tspan.line');
                        return lines.length ? [...lines].map(l => l.textContent).join(' ') : t.textContent; })"""
    )
    assert any(note.endswith(f"· {ONE_REP_ON_BAR}") for note in notes), notes
    assert words_past_the_chart(chart) == [], "a profile bar's words run past the chart"

    # The No decision page: its tiles' titles whole, its at-risk list (Ann's open deal) inside the screen.
    go_to(tab, "no_decision", "No decision")
    shoot(page, screens, "no_decision_presenter_1024")
    assert cut_tile_titles(page) == [], "a tile's title is cut"
    grid_headed(page, "Account")
    assert grids_past_the_screen(page) == [], "the at-risk list runs past the screen"

    # The leaderboard, its Team included, inside the screen; the columns it leaves out one switch away.
    go_to(tab, "reps", "Reps")
    shoot(page, screens, "reps_presenter_1024")
    grid_headed(page, "Rep")
    assert grids_past_the_screen(page) == [], "the leaderboard runs past the screen"
    board = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] th[role="columnheader"]')]
            .map(h => h.textContent)"""
    )
    assert "Team" in board, board
    assert "95% CI" in board or page.get_by_text(drill.ALL_COLUMNS, exact=True).count(), board
