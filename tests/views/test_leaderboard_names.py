"""The leaderboard's name columns at 1280 and 1440 px, in presenter mode and out of it: the five seller
profiles read whole ("Reactive Problem Sc" at 1440 px with the sidebar open, when the profile gave way
before the rep); beside long team names the team gives way first, then the rep, whose name is cut with
"…" in its cell (text.in_cell) and whole in its column's help. Checked as the grid draws the widths the
page sends."""

from __future__ import annotations

import math

import polars as pl
import pytest

from winloss import text
from winloss.views import reps

# The leaderboard's other columns on the sample at the app's type (n, win rate, 95% CI, losses,
# ND ÷ losses, the two changes, the won value), and the room the page sizes the name columns for: 1280 px
# in presenter mode (PRESENTER_TYPE), less the row checkboxes (ui.drill).
OTHERS_PX = (44, 82, 82, 54, 82, 60, 60, 105)
ROOM, SCALE = 1218 - 33, 1.25
# (screen px, presenter) -> (px of the screen the grid's columns have, beside the 33 px of checkboxes;
# the type's scale). Measured in Chromium: the page's content is 1218 and 1380 px wide in presenter mode,
# its sidebar folded; 930 and 1092 px with the sidebar open at the app's type.
SCREENS = {(1280, True): (1218 - 33, 1.25), (1440, True): (1380 - 33, 1.25),
           (1280, False): (930 - 33, 1.0), (1440, False): (1092 - 33, 1.0)}


def need(name: str) -> int:
    """px a grid cell needs for `name` whole, at the app's type."""
    return math.ceil(text.text_px(name)) + 16


def on_screen(widths: dict[str, int], screen: tuple[int, bool]) -> dict[str, float]:
    """px each name column is drawn, as the grid draws it: each set width at the type's scale, and an
    even share of any room left over (at 1440 px every column of the board was 14 px wider); with no
    room to spare (1280 px, the sidebar open) the grid scrolls sideways and keeps the widths."""
    room, scale = SCREENS[screen]
    drawn = [w * scale for w in (*OTHERS_PX, *widths.values())]
    spare = max(0.0, room - sum(drawn)) / len(drawn)
    return {c: w * scale + spare for c, w in widths.items()}


LONG_TEAMS = pl.DataFrame({
    "rep": ["Camila Brennan-Fitzgerald", "Inès Reyes", "Keiko Zhang"],
    "seller_profile": ["Challenger", "Reactive Problem Solver", "Lone Wolf"],
    "team": ["Asia Pacific Strategic Accounts", "LATAM", "EMEA North — Nordics and Baltics"],
})


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_beside_long_team_and_rep_names_every_profile_reads_whole(screen: tuple[int, bool]) -> None:
    widths = reps.board_column_px(LONG_TEAMS, OTHERS_PX, ROOM, SCALE)
    assert sum(round(w * SCALE) for w in (*OTHERS_PX, *widths.values())) <= ROOM  # 1280 px, presenter mode: no scroll
    assert sum(round(w * SCALE) for w in (*OTHERS_PX, *widths.values())) >= ROOM - 2  # the rep took what was left
    drawn = on_screen(widths, screen)
    scale = SCREENS[screen][1]
    assert not text.cut_in_cell("Reactive Problem Solver", drawn["seller_profile"] / scale), (screen, widths)
    assert widths["seller_profile"] == reps.PROFILE_MAX_PX
    assert widths["team"] == reps.TEAM_HEADER_PX < need("Asia Pacific Strategic Accounts")  # the team gave way first
    assert reps.REP_HEADER_PX < widths["rep"] < need("Camila Brennan-Fitzgerald")  # then the rep
    words = text.in_cell("Camila Brennan-Fitzgerald", widths["rep"])
    assert words is not None and words.endswith(text.ELLIPSIS) and words.startswith("Camila Bren")


def test_a_name_cut_short_ends_in_an_ellipsis_and_reads_whole_in_its_columns_help() -> None:
    widths = reps.board_column_px(LONG_TEAMS, OTHERS_PX, ROOM, SCALE)
    assert reps.cut_names_help(LONG_TEAMS, "rep", widths["rep"]) == f"In full: {text.md('Camila Brennan-Fitzgerald')}."
    assert reps.cut_names_help(LONG_TEAMS, "team", widths["team"]) == (
        f"In full: {text.md('Asia Pacific Strategic Accounts')}; {text.md('EMEA North — Nordics and Baltics')}.")
    assert reps.cut_names_help(LONG_TEAMS, "seller_profile", widths["seller_profile"]) is None
    # The help names exactly the names whose cells end in "…".
    for column in ("rep", "team", "seller_profile"):
        cut = sorted(n for n in LONG_TEAMS[column] if text.in_cell(n, widths[column]) != n)
        assert all(text.in_cell(n, widths[column]).endswith(text.ELLIPSIS) for n in cut)  # type: ignore[union-attr]
        assert (reps.cut_names_help(LONG_TEAMS, column, widths[column]) is None) == (not cut)
    # Names from a file are Markdown-escaped ("**x**" reads so).
    hostile = pl.DataFrame({"rep": ["Bo"], "team": ["**Strategic** Accounts — Northern Europe"]})
    assert reps.cut_names_help(hostile, "team", reps.TEAM_HEADER_PX) == (
        f"In full: {text.md('**Strategic** Accounts — Northern Europe')}.")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_a_rep_name_takes_what_the_others_leave_and_short_names_are_whole(screen: tuple[int, bool]) -> None:
    """A long rep's name takes what the others leave, the profile whole beside it; short names cut nothing."""
    endless = LONG_TEAMS.with_columns(rep=pl.Series(["Alexandra Montgomery-Fairweather", "Bo", "Cy"]))
    widths = reps.board_column_px(endless, OTHERS_PX, ROOM, SCALE)
    assert widths["seller_profile"] == reps.PROFILE_MAX_PX and widths["team"] == reps.TEAM_HEADER_PX
    assert sum(round(w * SCALE) for w in (*OTHERS_PX, *widths.values())) >= ROOM - 2
    short = pl.DataFrame({"rep": ["Inès Reyes", "Bo"], "seller_profile": ["Reactive Problem Solver", "Challenger"],
                          "team": ["LATAM", "APAC"]})
    widths = reps.board_column_px(short, OTHERS_PX, ROOM, SCALE)
    assert widths == {"rep": need("Inès Reyes"), "seller_profile": reps.PROFILE_MAX_PX, "team": reps.TEAM_HEADER_PX}
    assert all(reps.cut_names_help(short, c, w) is None for c, w in widths.items())
    assert on_screen(widths, screen)["rep"] >= need("Inès Reyes")


def test_with_no_room_to_spare_the_profile_gives_way_last() -> None:
    """Only when the rep is down to its header does a profile give way (and is cut with "…")."""
    widths = reps.board_column_px(LONG_TEAMS, (*OTHERS_PX, 200), ROOM, SCALE)
    assert widths["rep"] == reps.REP_HEADER_PX and widths["team"] == reps.TEAM_HEADER_PX
    assert reps.PROFILE_HEADER_PX <= widths["seller_profile"] < reps.PROFILE_MAX_PX
