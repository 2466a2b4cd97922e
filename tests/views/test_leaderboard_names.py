"""The leaderboard's Rep column gets its share beside long team names: at 1280 px in presenter mode a
Rep column held to 120 px read "Camila Brennan-Fit" while the Team column kept "Asia Pacific Str".
The rep's name comes first (up to REP_FAIR_PX); a team or profile name is cut instead, whole in its
column's help. Checked as the grid draws the widths the page sends, at 1280 and 1440 px, in presenter
mode and out of it."""

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
def test_beside_long_team_names_a_long_reps_name_reads_whole(screen: tuple[int, bool]) -> None:
    widths = reps.board_column_px(LONG_TEAMS, OTHERS_PX, ROOM, SCALE)
    assert sum(round(w * SCALE) for w in (*OTHERS_PX, *widths.values())) <= ROOM  # 1280 px, presenter mode: no scroll
    drawn = on_screen(widths, screen)
    scale = SCREENS[screen][1]
    assert drawn["rep"] >= need("Camila Brennan-Fitzgerald") * scale, (screen, widths)
    assert drawn["team"] >= reps.TEAM_HEADER_PX * scale and drawn["seller_profile"] >= reps.PROFILE_HEADER_PX * scale
    if screen == (1280, True):  # the team's name is cut rather than the rep's
        assert widths["team"] == reps.TEAM_HEADER_PX < need("Asia Pacific Strategic Accounts")


def test_a_name_cut_short_reads_whole_in_its_columns_help() -> None:
    widths = reps.board_column_px(LONG_TEAMS, OTHERS_PX, ROOM, SCALE)
    assert reps.cut_names_help(LONG_TEAMS, "rep", widths["rep"]) is None
    assert reps.cut_names_help(LONG_TEAMS, "team", widths["team"]) == (
        f"In full: {text.md('Asia Pacific Strategic Accounts')}; {text.md('EMEA North — Nordics and Baltics')}.")
    # A profile gives way after the team, only as far as the rep's name needs, and says so.
    assert reps.cut_names_help(LONG_TEAMS, "seller_profile", widths["seller_profile"]) == (
        "In full: Reactive Problem Solver." if widths["seller_profile"] < need("Reactive Problem Solver") else None)
    # Names from a file are Markdown-escaped ("**x**" reads so).
    hostile = pl.DataFrame({"rep": ["Bo"], "team": ["**Strategic** Accounts — Northern Europe"]})
    assert reps.cut_names_help(hostile, "team", reps.TEAM_HEADER_PX) == (
        f"In full: {text.md('**Strategic** Accounts — Northern Europe')}.")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_a_rep_name_past_the_fair_share_keeps_it_and_short_names_are_whole(screen: tuple[int, bool]) -> None:
    """Past REP_FAIR_PX a name takes only what the others leave; short names cut nothing."""
    endless = LONG_TEAMS.with_columns(rep=pl.Series(["Alexandra Montgomery-Fairweather", "Bo", "Cy"]))
    widths = reps.board_column_px(endless, OTHERS_PX, ROOM, SCALE)
    scale = SCREENS[screen][1]
    assert on_screen(widths, screen)["rep"] >= reps.REP_FAIR_PX * scale
    assert widths["seller_profile"] >= reps.PROFILE_HEADER_PX and widths["team"] >= reps.TEAM_HEADER_PX
    short = pl.DataFrame({"rep": ["Inès Reyes", "Bo"], "seller_profile": ["Reactive Problem Solver", "Challenger"],
                          "team": ["LATAM", "APAC"]})
    widths = reps.board_column_px(short, OTHERS_PX, ROOM, SCALE)
    assert widths == {"rep": need("Inès Reyes"), "seller_profile": reps.PROFILE_MAX_PX, "team": reps.TEAM_HEADER_PX}
    assert all(reps.cut_names_help(short, c, w) is None for c, w in widths.items())
