"""One rep's view drawn from the engine's records: a long name is shortened inside each chart's title and
label (whole in the page's title), the scorecards' percent ticks stay level, and a rep the roster gives no
team, where others have one, has no "No team (n = 0)" row: the line under the tiles says so once."""

from __future__ import annotations

import html
import json

from app_driver import opened

from winloss import text
from winloss.ingest.pipeline import commit, prepare
from winloss.views.reps import CHART_PX, NO_TEAM_SENTENCE, TITLE_MARGIN_PX, title_px

LONG = "Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens"  # 60 characters
HOSTILE = '=HYPERLINK("http://evil.example/","click me")'
REPS = (LONG, HOSTILE, "Ann Lee", "Bo Chen")


def teams_but_one(store) -> None:
    """Four Challengers, 30 closed deals each in 2026 Q3 (12 won, 12 lost, 6 no decision); the roster
    puts all in team East but the HYPERLINK rep, who has no team."""
    outcomes = [("Closed Won", "")] * 12 + [("Closed Lost", "Price")] * 12 + [("Closed Lost", "No Decision")] * 6
    rows = [f"R{r}{i:02d},\"{rep.replace(chr(34), chr(34) * 2)}\",{stage},{reason},2026-06-01,2026-08-{1 + i % 28:02d},1000"
            for r, rep in enumerate(REPS) for i, (stage, reason) in enumerate(outcomes)]
    deals = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = "Rep,Seller Profile,Team\n" + "".join(
        f"\"{rep.replace(chr(34), chr(34) * 2)}\",Challenger,{'' if rep == HOSTILE else 'East'}\n" for rep in REPS)
    for content, name in ((deals, "deals.csv"), (roster, "roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def title_of(spec: dict) -> str:
    return html.unescape(spec["layout"].get("title", {}).get("text") or "")


def test_a_long_names_titles_fit_and_the_scorecards_ticks_stay_level(store) -> None:
    teams_but_one(store)
    for presenter in ("false", "true"):
        at = opened("reps", rep=LONG, period="All time", present=presenter)
        assert not at.exception, [e.value for e in at.exception]
        assert at.title[0].value == text.md(LONG)  # whole at the top of the page
        drawn = specs(at)
        titles = [title_of(s) for s in drawn]
        assert len(titles) == 5, titles
        for title, chart in zip(titles, ("scorecard", "scorecard", "trend", "mix", "reasons"), strict=True):
            assert title_px(title) <= CHART_PX[chart] - TITLE_MARGIN_PX, title
        # The name that does not fit is left out of the chart's title, never cut: the page's title names it.
        assert titles[0].startswith("Win rate against peers") and titles[3] == "How 30 closed deals ended", titles
        for card in drawn[:2]:
            axis = card["layout"]["xaxis"]
            assert axis["tickangle"] == 0 and len(axis["tickvals"]) <= 5, axis
            names = card["layout"]["yaxis"]["ticktext"]  # each bar's category is its name, whole
            assert all(label.count("<br>") <= 1 for label in names)
            assert html.unescape(names[0]).startswith("Maximiliana<br>Alexandrina Wolfgang")
        assert drawn[0]["layout"]["xaxis"]["tickvals"] == drawn[1]["layout"]["xaxis"]["tickvals"]


def test_a_rep_without_a_team_has_no_empty_team_row_and_is_told_once_how_to_give_one(store) -> None:
    teams_but_one(store)
    at = opened("reps", rep=HOSTILE, period="All time")
    assert not at.exception, [e.value for e in at.exception]
    drawn = specs(at)
    for card in drawn[:2]:
        names = card["layout"]["yaxis"]["ticktext"]
        assert len(names) == 2 and not any("No team" in html.unescape(label) for label in names), names
        assert title_of(card).endswith(" against peers")
    said = [c.value for c in at.caption]
    assert sum(s.count("No team") for s in said) == 1, said
    assert any(NO_TEAM_SENTENCE in s for s in said)
    # A rep in a team keeps the team's row and words.
    ann = opened("reps", rep="Ann Lee", period="All time")
    names = specs(ann)[0]["layout"]["yaxis"]["ticktext"]
    assert [html.unescape(y).split("  (n = ")[0] for y in names] == ["Ann Lee", "Other Challenger reps", "East"]
