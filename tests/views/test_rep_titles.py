"""A rep's chart titles fit their charts whatever the rep's name: Plotly draws a title on one line and cuts
it at the chart's edge ("Win rate: =HYPERLINK(…"click me") agains", "How =HYPERLINK(…"click me'"). A
name that does not fit is left out of the title (the page's own title names the rep whole); the trend's
names (the rep's and a team's) are shortened inside it with "…" by their measured width (text.shortened,
text.chart_px); the legend names a long team whole, on lines of its room."""

from __future__ import annotations

import datetime as dt
import html

import polars as pl
import pytest

from winloss import text
from winloss.filters import Filters, applied
from winloss.views import reps

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)
LONG = "Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens"  # 60 characters
HOSTILE = '=HYPERLINK("http://evil.example/","click me")'
TEAM = "Enterprise Accounts North-East and Mid-Atlantic Strategic"


def view_of(frame: pl.DataFrame, name: str, team: str | None) -> reps.RepView:
    """Bo's deals under `name`, in `team` (Ann in it too, so the data has teams)."""
    renamed = frame.with_columns(pl.when(pl.col("rep") == "Bo").then(pl.lit(name)).otherwise(pl.col("rep")).alias("rep"),
                                 pl.lit(team, pl.String).alias("team"))
    view = reps.rep(applied(renamed.lazy(), ALL), name, ALL, START, END, as_of=END)
    assert view is not None
    return view


def titles(view: reps.RepView) -> dict[str, str]:
    """Each chart's title as it is drawn (its entities read back as characters), by CHART_PX's chart."""
    win, nd = reps.scorecard_titles(view)
    drawn = {"scorecard": win, "scorecard_nd": nd, "trend": reps.trend_title(view),
             "mix": reps.outcome_mix_title(view), "reasons": reps.reasons_title(view)}
    return {chart: html.unescape(title) for chart, title in drawn.items()}


@pytest.mark.parametrize("name", [LONG, HOSTILE, "<b>Lin</b> & $x$ " * 4])
@pytest.mark.parametrize("team", [None, "East", TEAM])
def test_every_title_of_a_reps_view_fits_its_chart(frame, name: str, team: str | None) -> None:
    view = view_of(frame, name, team)
    for chart, title in titles(view).items():
        room = reps.CHART_PX[chart.removesuffix("_nd")] - reps.TITLE_MARGIN_PX
        assert reps.title_px(title) <= room, (chart, title)
    said = titles(view)
    # A name that does not fit is left out of the title, the page's own title naming the rep whole; the
    # words around it stay whole.
    assert said["scorecard"] == f"Win rate against {view.compared_words}"
    assert said["mix"] == "How 60 closed deals ended"
    # the widest chart: whole where its room holds the name, left out where not (at 1024 px it is 676 px)
    reasons = f"Why {name}'s deals were lost"
    assert said["reasons"] == (reasons if reps.title_px(reasons) <= reps.CHART_PX["reasons"] - reps.TITLE_MARGIN_PX
                               else "Why the deals were lost")
    assert not any(text.ELLIPSIS in said[chart] for chart in ("scorecard", "mix", "reasons"))
    # the trend's team line is named in its legend where the title has no room for it
    assert said["trend"].endswith(f"{text.ELLIPSIS} by quarter")


def test_a_name_that_just_misses_the_room_is_left_out_not_cut(frame) -> None:
    """At 1440 px in presenter mode "How Omar O'B…'s 18 closed deals ended": an ordinary name cut in
    the middle. The title without it fits, and the page's title names the rep."""
    view = view_of(frame, "Omar O'Brien-Castellanos", "East")
    said = titles(view)
    assert said["mix"] == "How 60 closed deals ended", said
    assert said["reasons"] == "Why Omar O'Brien-Castellanos's deals were lost"  # a wider chart: whole
    assert said["scorecard"] == "Win rate against peers and team"
    assert titles(view_of(frame, "Omar O'Brien", None))["scorecard"] == "Win rate: Omar O'Brien against peers"


def test_a_short_name_is_whole_in_every_title(frame) -> None:
    view = view_of(frame, "Bo Chen", "East")
    assert titles(view) == {
        "scorecard": "Win rate against peers and team",  # the scorecards' words leave no room for a name at 1024 px
        "scorecard_nd": "ND ÷ losses against peers and team",  # as the leaderboard heads its column
        "trend": "Bo Chen by quarter (dotted: team East)",
        "mix": "How 60 closed deals ended",
        "reasons": "Why Bo Chen's deals were lost",
    }
    assert titles(view_of(frame, "Bo Chen", None))["scorecard"] == "Win rate: Bo Chen against peers"
    assert titles(view_of(frame, "Bo Chen", None))["scorecard_nd"] == "No decision ÷ losses against peers"
    # Escaped for Plotly: a name's markup is drawn as its characters.
    assert reps.scorecard_titles(view_of(frame, "<b>Lin</b>", None))[0] == "Win rate: &lt;b&gt;Lin&lt;/b&gt; against peers"


def test_a_long_team_gives_way_whole_in_the_trends_title(frame) -> None:
    """The trend's title names the rep and the dotted team line where both fit whole; a team that does not
    leaves the title, the legend naming it (team_line_name). Both names shortened to fit a trend 390 px wide
    (at 1024 px) read "Ann Marie Lee… by quarter (dotted: team Ent…)", the rep cut on their own page."""
    view = view_of(frame, "Ann Marie Lee-Hathaway", TEAM)
    assert html.unescape(reps.trend_title(view)) == "Ann Marie Lee-Hathaway by quarter"
    assert text.plain(reps.team_line_name(view)) == f"team {TEAM}"
    title = html.unescape(reps.trend_title(view_of(frame, LONG, TEAM)))
    assert title.endswith(f"{text.ELLIPSIS} by quarter") and LONG.startswith(title.split(text.ELLIPSIS)[0])


def test_the_trends_legend_names_a_long_team_whole_within_the_chart(frame) -> None:
    """The legend's longest entry, "No decision ÷ losses, team Enterprise Accounts North-East and
    Mid-Atlantic Strategic", ran past the trend chart's edge and was cut there, unmarked; shortened to fit,
    it read "Win rate, team EMEA Enterprise & Stra…", a team a leader could not name. It wraps instead:
    every word of the team's name on lines that each fit beside the longest series' name at 1024 px."""
    def px(words: str) -> float:
        return text.chart_px(words, 13)

    for team in (TEAM, "EMEA Enterprise & Strategic Accounts"):
        named = reps.team_line_name(view_of(frame, "Bo", team))
        lines = text.plain_lines(named)
        assert " ".join(lines) == f"team {team}" and len(lines) > 1 and text.ELLIPSIS not in named, lines
        first, *rest = lines
        assert px(f"{text.ND_SHARE_OF_LOSSES}, {first}") <= reps.CHART_PX["trend"] - reps.LEGEND_SAMPLE_PX
        # Plotly starts a legend entry's later lines under its first's start
        assert all(px(f"{text.ND_SHARE_OF_LOSSES}, {line}") <= reps.CHART_PX["trend"] - reps.LEGEND_SAMPLE_PX
                   for line in rest)
    assert reps.team_line_name(view_of(frame, "Bo", "East")) == "team East"
    assert reps.team_line_name(view_of(frame, "Bo", "<b>East</b>")) == f"team {text.label('<b>East</b>')}"
    # A team's name from a file is escaped line by line: its own "<br>" is no line break.
    assert text.plain_lines(reps.team_line_name(view_of(frame, "Bo", "A<br>B"))) == ["team A<br>B"]
