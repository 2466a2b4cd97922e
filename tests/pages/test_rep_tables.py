"""Tables of reps as a sales leader reads them: a rate on too few deals is in none of the grid's data
(its cell "—", as its 95% CI's, the n beside it), the rep's name is drawn as every other cell is, no two columns are the same number, and
in presenter mode the leaderboard fits a 1280 px screen with the sidebar folded."""

from __future__ import annotations

import json
import re

import pytest
from app_driver import grid_text, opened, read_aloud

from ui import drill
from winloss import text
from winloss.ingest.pipeline import commit, prepare
from winloss.views.reps import ND_SHARE, BOARD_ROOM_PX, NAME_HEADER_PX, PRESENTER_BOARD_ROOM_PX, TEAM_HELP, sorted_header_px


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


def drawn_whole(drawn: list[str], names) -> bool:
    """Whether each name of a column reads whole in its cell's words: as it is, or laid out to wrap onto its row's
    lines (text.cell_lines puts a space where a line may break after a "-"), never cut with "…"."""
    return len(drawn) == len(names) and all(
        "…" not in words and words.replace(" ", "") == (name or text.DASH).replace(" ", "")
        for words, name in zip(drawn, names, strict=True))


def by_rep(grid, column: str) -> dict[str, str]:
    """The words a grid draws in `column`, by rep."""
    return dict(zip(grid.value["rep"], grid_text(grid, column), strict=True))


def test_the_leaderboard_holds_no_rate_on_too_few_deals(two_reps) -> None:
    """The grid held Ann's 33% on 6 deals behind the words "n too small": its data, its sort and its table
    for screen readers all had it. Now her cells hold nothing: "—" beside her n, as her 95% CI."""
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    assert by_rep(board, "win_rate") == {"Tom": "50%", "Ann": text.DASH}
    assert by_rep(board, "no_decision_share_of_losses") == {"Tom": "40%", "Ann": text.DASH}
    assert by_rep(board, "interval")["Ann"] == text.DASH
    # What the browser receives: no value in Ann's rate cells, nothing for a screen reader to read out.
    config = columns(board)
    assert config["win_rate"]["type_config"]["type"] == "number" and not config["win_rate"]["type_config"].get("format")
    rates = board.value.set_index("rep")
    assert rates["win_rate"]["Tom"] == pytest.approx(50.0) and rates[["win_rate", ND_SHARE]].loc["Ann"].isna().all()
    aloud = {rate: dict(zip(board.value["rep"], read_aloud(board, rate), strict=True)) for rate in ("win_rate", ND_SHARE)}
    assert aloud["win_rate"]["Ann"] == "" and aloud[ND_SHARE]["Ann"] == ""
    # The rep, the table's key, is drawn as every cell is: Streamlit draws a pinned column grey.
    assert not any(c.get("pinned") for c in config.values())
    assert any("—: fewer than 20 deals in that rate's n (n too small), or none" in c.value for c in at.caption)


def profiles_page(**query: str):
    """The Seller profiles page with its charts shown (no roster: every rep is Unprofiled, so the page
    first asks for one)."""
    at = opened("profiles", period="All time", **query)
    at.toggle(key="show_anyway").set_value(True).run()
    return at


def test_a_clicked_profiles_reps_write_small_rates_and_show_closed_once(two_reps, monkeypatch) -> None:
    """The Challenger drill-down listed Closed and n side by side (15/15) and left both rates empty."""
    import winloss.present.selection

    monkeypatch.setattr(winloss.present.selection, "selected_profile", lambda points: "Unprofiled")  # a click on its bar
    at = profiles_page()
    assert not at.exception, [e.value for e in at.exception]
    (reps,) = [g for g in at.dataframe if "nd_n" in g.value.columns]
    assert "closed" not in reps.value.columns  # the win rate divides by all closed deals: Closed is n
    assert by_rep(reps, "win_rate") == {"Tom": "50%", "Ann": text.DASH}
    assert by_rep(reps, "no_decision_share_of_losses") == {"Tom": "40%", "Ann": text.DASH}
    assert reps.value.set_index("rep")[["win_rate", ND_SHARE]].loc["Ann"].isna().all()  # no withheld value sent
    assert any("—: fewer than 20 deals in that rate's n (n too small), or none" in c.value for c in at.caption)
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


def test_the_leaderboard_fits_1280_px_in_presenter_mode_with_the_sidebar_folded(sample, seen) -> None:
    """Every column of the leaderboard and its row checkboxes within the page at presenter type: the
    last column, 95% CI, read "95% C" and "n too s"."""
    at = seen("reps", present="true")
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
    # A rate cell as wide as "n too small" (65 px at the app's type) and 8 px each side; the 95% CI beside it
    # is as wide as its intervals.
    assert widths["win_rate"] >= round((65 + 16) * PRESENTER_TYPE)
    shown = [words for words in grid_text(board, "interval") if words != text.DASH]
    assert widths["interval"] >= round(text.column_px("95% CI", shown) * PRESENTER_TYPE) > 0


def test_the_leaderboards_95_ci_is_in_view_at_1280_px_with_the_sidebar_open(sample, seen) -> None:
    """At 1280 px with the sidebar open a page has 930 px: the Team column's fixed 104 px and the 95% CI
    after it ran past it. The CI sits beside the win rate, whole within the page; every rep's name is
    whole, and Team is as wide as the longest team name shown or the room presenter mode leaves."""
    from ui import drill

    at = seen("reps")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    widths = {name: c.get("width") for name, c in columns(board).items() if name in board.value.columns}
    order = list(board.value.columns)
    through_ci = order[:order.index("interval") + 1]
    assert drill.ROW_MARKER_PX + sum(widths[c] for c in through_ci) <= drill.PAGE_WIDTH, (through_ci, widths)
    # Every rep's and team's name whole, as the grid draws them (text.column_px).
    assert widths["rep"] >= text.column_px("Rep", board.value["rep"].to_list())
    teams = [t for t in board.value["team"].dropna().to_list() if t]
    assert widths["team"] >= text.column_px("Team", teams)


def test_the_leaderboard_says_its_changes_in_points_and_its_columns_in_sentences(sample, seen) -> None:
    """Its Δ cells read "+18.5" with no unit where every other screen says "+18 pts"; its caption read
    "n = deals in it, Losses the n of No decision ÷ losses"."""
    at = seen("reps")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    changes = [c for c in grid_text(board, "win_rate_qoq") + grid_text(board, "nd_qoq") if c != text.DASH]
    assert changes and all(re.fullmatch(r"([+-]\d+|±0) pts?", c) for c in changes), changes
    captions = " ".join(c.value for c in at.caption)
    assert text.N_AND_LOSSES_NOTE in captions and "Losses the n of" not in captions


LONG_REP = "Alexandra Montgomery-Fairweather"


@pytest.fixture
def yen_reps(store):
    """No exchange rate at all: Alexandra (a long name) wins 30 deals in USD at 40,000 and 4 in JPY;
    Bo Lind wins 6 deals, all in JPY; Cy Vale 25 in USD. Each loses a few; a roster gives them the
    longest profile and short team names."""
    from winloss.exchange import exchange_rates

    store.save_exchange_rates(exchange_rates("USD", []), user="ops")
    rows = ([(LONG_REP, "USD", "Closed Won", 40_000)] * 30 + [(LONG_REP, "JPY", "Closed Won", 5_000_000)] * 4
            + [(LONG_REP, "USD", "Closed Lost", 10_000)] * 10 + [("Bo Lind", "JPY", "Closed Won", 3_000_000)] * 6
            + [("Bo Lind", "USD", "Closed Lost", 1_000)] * 3 + [("Cy Vale", "USD", "Closed Won", 20_000)] * 25
            + [("Cy Vale", "USD", "Closed Lost", 2_000)] * 5)
    csv = "Opportunity ID,Opportunity Owner,Opportunity Currency,Stage,Amount,Created Date,Close Date\n" + "".join(
        f"Y{i:03d},{rep},{currency},{stage},{amount},2026-06-01,2026-08-{1 + i % 28:02d}\n"
        for i, (rep, currency, stage, amount) in enumerate(rows))
    roster = ("Rep,Seller Profile,Team\n" + "".join(
        f"{rep},Reactive Problem Solver,{team}\n" for rep, team in ((LONG_REP, "East"), ("Bo Lind", "West"), ("Cy Vale", "East"))))
    for content, name in ((csv, "deals.csv"), (roster, "roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)
    return store


def test_the_leaderboard_with_won_values_left_out_keeps_its_won_column_narrow_and_every_name_whole(yen_reps) -> None:
    """At 1280 px in presenter mode, a Won cell reading "$1.2M · no rate for JPY" widened its column past
    what the larger type leaves, pushing Team off the screen. A marked cell ("1.2M*") keeps the column
    narrow and the note under the table names the currency; the profile and the long rep's name read whole
    (a fixed 120 px, then the room left beside the other columns, cut the name). The board fits presenter
    mode's room, a projector's 1024 px (PRESENTER_BOARD_ROOM_PX), in the columns it shows (board_layout)."""
    from ui.style import PRESENTER_TYPE

    at = opened("reps", period="All time", present="true")
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    assert by_rep(board, "won_amount") == {LONG_REP: "1.2M*", "Bo Lind": text.DASH, "Cy Vale": "500k"}
    shown = list(board.proto.column_order) or list(board.value.columns)
    widths = {name: c.get("width") for name, c in columns(board).items() if name in shown}
    assert "team" in widths and "closed" not in widths, widths
    assert columns(board)["won_amount"]["width"] == round(
        text.column_px("Won ($)", ["1.2M*", "500k"], sorted_header_px("Won ($)")) * PRESENTER_TYPE)
    assert drawn_whole(grid_text(board, "seller_profile"), board.value["seller_profile"])
    # The board fits presenter mode's room, the long rep whole on one line: the columns it leaves out for them
    # (views.reps.board_layout) are one switch away, Team never among them.
    assert sum(widths.values()) <= PRESENTER_BOARD_ROOM_PX * PRESENTER_TYPE + len(widths), widths  # each rounded
    assert widths["rep"] == round(text.column_px("Rep", [LONG_REP, "Bo Lind", "Cy Vale"]) * PRESENTER_TYPE)
    assert at.toggle(key="rp-board-columns-all").label == drill.ALL_COLUMNS
    assert drawn_whole(grid_text(board, "rep"), board.value["rep"])
    assert columns(board)["rep"].get("help") is None
    notes = [c.value for c in at.caption if "Leaves out" in c.value]
    assert notes == [text.md("* Leaves out the rep's won deals in JPY: no exchange rate to USD for JPY. \"—\" for \"Bo Lind\": "
                             "none of their won deals has a value in USD (no exchange rate to USD for JPY). Add the rate on "
                             "the Data page, in the Currencies tab.")], notes
    # The rep's won-value tile: the value in its big type, what it leaves out beside it in the small.
    rep = opened("reps", period="All time", present="true", rep=LONG_REP)
    assert not rep.exception, [e.value for e in rep.exception]
    (tile,) = [m for m in rep.metric if m.label == "Won value"]
    assert tile.value == "$1.2M  \n:small[:gray[no rate for JPY]]"
    assert "4 won deals in JPY are left out of it" in tile.proto.help


@pytest.fixture
def long_teams(store):
    """Three reps, one of a long name, on teams of long names (a roster), each with amounts in USD."""
    reps = (("Camila Brennan-Fitzgerald", "Asia Pacific Strategic Accounts"), ("Inès Reyes", "LATAM"),
            ("Keiko Zhang", "EMEA North — Nordics and Baltics"))
    rows = [row for rep, _ in reps for row in _deals(rep, 12, 6, 4)]
    csv = "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = "Rep,Seller Profile,Team\n" + "".join(f"{rep},Reactive Problem Solver,{team}\n" for rep, team in reps)
    for content, name in ((roster, "roster.csv"), (csv, "deals.csv")):
        commit(store, prepare(content.encode(), name))
    return store


@pytest.mark.parametrize("present", ["true", "false"])
def test_beside_long_team_names_the_leaderboard_reads_every_name_whole(long_teams, present: str) -> None:
    """At 1280 px in presenter mode the Rep column read "Camila Brennan-Fit" beside long team names, and at
    1440 px with the sidebar open the Profile column "Reactive Problem Sc", then "Relationship B…" and
    "Asia Pacific Str…", the name whole only in the column's help. Every name reads whole: on one line where
    the name columns together fit what the board's other columns leave of the page at 1280 px, else wrapped
    onto its row's lines (views.reps.name_columns), the board never wider than the page (the widths are sent
    at presenter type, which the grid draws as sent, its type as much larger)."""
    from ui.style import PRESENTER_TYPE

    at = opened("reps", period="All time", present=present)
    assert not at.exception, [e.value for e in at.exception]
    board = at.dataframe[0]
    config = columns(board)
    scale = PRESENTER_TYPE if present == "true" else 1
    room = PRESENTER_BOARD_ROOM_PX if present == "true" else BOARD_ROOM_PX
    shown = list(board.proto.column_order) or list(board.value.columns)  # the rest behind All columns (board_layout)
    widths = [config[c]["width"] for c in shown if c in config]
    assert sum(widths) <= room * scale + len(widths), widths  # each rounded
    for column in ("rep", "seller_profile", "team"):
        assert config[column]["width"] >= round(NAME_HEADER_PX[column] * scale), column
        assert drawn_whole(grid_text(board, column), board.value[column]), column
        # No name listed in a help; the Team column's says what it is, the rep's team now (views.reps.TEAM_HELP).
        assert config[column].get("help") == (TEAM_HELP if column == "team" else None), column
    assert sorted(board.value["team"]) == ["Asia Pacific Strategic Accounts", "EMEA North — Nordics and Baltics", "LATAM"]


@pytest.mark.parametrize("page", ["reps", "profiles"])
def test_the_rep_tables_counts_are_written_with_thousands_separators(two_reps, monkeypatch, page: str) -> None:
    """Closed, n and Losses read "3,386", as every other count on the pages does: the grid wrote "3386"."""
    import winloss.present.selection

    monkeypatch.setattr(winloss.present.selection, "selected_profile", lambda points: "Unprofiled")  # a click on its bar
    at = opened("reps", period="All time", rate="Excluding no decision") if page == "reps" else profiles_page(rate="Excluding no decision")
    assert not at.exception, [e.value for e in at.exception]
    (board,) = [columns(g) for g in at.dataframe if "nd_n" in g.value.columns]
    formats = {name: board[name].get("type_config", {}).get("format") for name in ("closed", "n", "nd_n")}
    assert formats == {"closed": "localized", "n": "localized", "nd_n": "localized"}, formats


def test_the_leaderboards_won_values_of_a_scale_have_one_number_of_decimals(sample, seen) -> None:
    """"Won ($)" read "1.1M" beside "1.11M" and "1.6M" beside "1.75M": one column, one precision a scale."""
    at = seen("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    cells = [c for c in grid_text(at.dataframe[0], "won_amount") if c != text.DASH]
    decimals: dict[str, set[int]] = {}
    for cell in cells:
        number, scale = re.fullmatch(r"([\d,]+(?:\.\d+)?)([kMB]?)\*?", cell).groups()
        decimals.setdefault(scale, set()).add(len(number.split(".")[1]) if "." in number else 0)
    assert cells and all(len(found) == 1 for found in decimals.values()), (decimals, cells)
