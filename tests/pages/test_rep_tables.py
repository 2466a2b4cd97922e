"""Tables of reps as a sales leader reads them: a rate on too few deals says "n too small" (never an
empty cell), the rep's name is drawn as every other cell is, no two columns are the same number, and
in presenter mode the leaderboard fits a 1280 px screen with the sidebar folded."""

from __future__ import annotations

import json
import re

import pytest
from app_driver import grid_text, opened

from winloss import text
from winloss.ingest.pipeline import commit, prepare


def _deals(rep: str, won: int, lost: int, no_decision: int) -> list[str]:
    """`rep`'s closed deals as export rows: won, lost (Price), no decision (its loss reason)."""
    outcomes = [("Closed Won", "")] * won + [("Closed Lost", "Price")] * lost + [("Closed Lost", "No Decision")] * no_decision
    return [f"{rep[:2]}{i:03d},{rep},{stage},{reason},2026-08-{1 + i % 28:02d},1000"
            for i, (stage, reason) in enumerate(outcomes)]


@pytest.fixture
def two_reps(store):
    """Tom: 40 closed deals (20 won, 12 lost, 8 no decision: 20 losses); Ann: 6 (2 won, 3 lost, 1 no
    decision). No roster: both Unprofiled."""
    rows = _deals("Tom", 20, 12, 8) + _deals("Ann", 2, 3, 1)
    csv = "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n"
    commit(store, prepare(csv.encode(), "reps.csv"))
    return store


def columns(grid) -> dict[str, dict]:
    """A drawn grid's column settings as sent, by column."""
    return json.loads(grid.proto.columns)


def by_rep(grid, column: str) -> dict[str, str]:
    """The words a grid draws in `column`, by rep."""
    return dict(zip(grid.value["rep"], grid_text(grid, column), strict=True))


def test_the_leaderboard_writes_a_rate_on_too_few_deals_n_too_small_in_grey(two_reps) -> None:
    """Its rate bars left every such cell empty while the 95% CI beside them said "n too small"."""
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    assert by_rep(board, "win_rate") == {"Tom": "50%", "Ann": text.N_TOO_SMALL}
    assert by_rep(board, "no_decision_share_of_losses") == {"Tom": "40%", "Ann": text.N_TOO_SMALL}
    assert by_rep(board, "interval")["Ann"] == text.N_TOO_SMALL
    # A number column (a bar cannot show words), still sorted by value: Ann's 2 of 6 is kept, not shown.
    config = columns(board)
    assert config["win_rate"]["type_config"]["type"] == "number" and not config["win_rate"]["type_config"].get("format")
    assert board.value.set_index("rep")["win_rate"]["Ann"] == pytest.approx(100 * 2 / 6)
    from ui.widgets import SMALL_N_COLOUR

    assert SMALL_N_COLOUR in board.proto.arrow_data.styler.styles  # greyed, as every withheld rate
    # The rep, the table's key, is drawn as every cell is: Streamlit draws a pinned column grey.
    assert not any(c.get("pinned") for c in config.values())
    assert any("n too small: fewer than 20 deals in that rate's n" in c.value for c in at.caption)


def profiles_page(**query: str):
    """The Seller profiles page with its charts shown (no roster: every rep is Unprofiled, so the page
    first asks for one)."""
    at = opened("profiles", period="All time", **query)
    at.toggle(key="pr-show-anyway").set_value(True).run()
    return at


def test_a_clicked_profiles_reps_write_small_rates_and_show_closed_once(two_reps, monkeypatch) -> None:
    """The Challenger drill-down listed Closed and n side by side (15/15) and left both rates empty."""
    import winloss.present.selection

    monkeypatch.setattr(winloss.present.selection, "selected_profile", lambda points: "Unprofiled")  # a click on its bar
    at = profiles_page()
    assert not at.exception, [e.value for e in at.exception]
    (reps,) = [g for g in at.dataframe if "nd_n" in g.value.columns]
    assert "closed" not in reps.value.columns  # the win rate divides by all closed deals: Closed is n
    assert by_rep(reps, "win_rate") == {"Tom": "50%", "Ann": text.N_TOO_SMALL}
    assert by_rep(reps, "no_decision_share_of_losses") == {"Tom": "40%", "Ann": text.N_TOO_SMALL}
    assert any("n too small: fewer than 20 deals in that rate's n" in c.value for c in at.caption)
    # Excluding no decision, n is won + lost: Closed differs and is listed.
    at = profiles_page(rate="Excluding no decision")
    assert not at.exception, [e.value for e in at.exception]
    (reps,) = [g for g in at.dataframe if "nd_n" in g.value.columns]
    assert "closed" in reps.value.columns


def test_the_profiles_verdict_table_writes_a_rate_on_too_few_deals_n_too_small(two_reps) -> None:
    at = profiles_page()
    assert not at.exception, [e.value for e in at.exception]
    (verdicts,) = [g for g in at.dataframe if "verdict" in g.value.columns]
    # One profile, every deal in it: no other profiles to compare with.
    assert grid_text(verdicts, "win_rate") == ["48%"] and grid_text(verdicts, "rest_win_rate") == [text.DASH]


def test_the_leaderboard_fits_1280_px_in_presenter_mode_with_the_sidebar_folded(sample) -> None:
    """Every column of the leaderboard and its row checkboxes within the page at presenter type: the
    last column, 95% CI, read "95% C" and "n too s"."""
    at = opened("reps", present="true")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    widths = {name: c.get("width") for name, c in columns(board).items() if name in board.value.columns}
    assert all(widths.values()), widths  # every column's width is set: none left to the grid's guess
    # 1280 px less the scrollbar and the page's margins leave a table 1218 px; the checkboxes take 33.
    screen = sum(widths.values()) + 33  # px of the screen: the widths are sent at presenter type
    assert screen <= 1218, (screen, widths)
    from ui import drill
    from ui.style import PRESENTER_TYPE

    assert drill.PRESENTER_PAGE_WIDTH * PRESENTER_TYPE <= 1218 and drill.ROW_MARKER_PX == 33  # the same, named
    # "n too small" (65 px at the app's type) and 8 px each side whole in a rate cell and the 95% CI.
    assert min(widths["win_rate"], widths["interval"]) >= round((65 + 16) * PRESENTER_TYPE)


def test_the_leaderboards_95_ci_is_in_view_at_1280_px_with_the_sidebar_open(sample) -> None:
    """At 1280 px with the sidebar open a page has 930 px: the Team column's fixed 104 px and the 95% CI
    after it ran past it. The CI sits beside the win rate, whole within the page, and Team is as wide as
    the longest team name shown."""
    from ui import drill
    from winloss.text import text_px
    from winloss.views.reps import TEAM_MAX_PX

    at = opened("reps")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    widths = {name: c.get("width") for name, c in columns(board).items() if name in board.value.columns}
    order = list(board.value.columns)
    through_ci = order[:order.index("interval") + 1]
    assert drill.ROW_MARKER_PX + sum(widths[c] for c in through_ci) <= drill.PAGE_WIDTH, (through_ci, widths)
    # Team is as wide as its longest name shown, or as what Rep and Profile leave of the names' share.
    teams = [t for t in board.value["team"].dropna().to_list() if t]
    left = 120 + 146 + TEAM_MAX_PX - widths["rep"] - widths["seller_profile"]
    assert widths["team"] >= min(max(text_px(t) for t in teams) + 16, left)
    assert widths["rep"] + widths["seller_profile"] + widths["team"] <= 120 + 146 + TEAM_MAX_PX


def test_the_leaderboard_says_its_changes_in_points_and_its_columns_in_sentences(sample) -> None:
    """Its Δ cells read "+18.5" with no unit where every other screen says "+18 pts"; its caption read
    "n = deals in it, Losses the n of No decision ÷ losses"."""
    at = opened("reps")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    changes = [c for c in grid_text(board, "win_rate_qoq") + grid_text(board, "nd_qoq") if c != text.DASH]
    assert changes and all(re.fullmatch(r"([+-]\d+|±0) pts?", c) for c in changes), changes
    captions = " ".join(c.value for c in at.caption)
    assert text.N_AND_LOSSES_NOTE in captions and "Losses the n of" not in captions
