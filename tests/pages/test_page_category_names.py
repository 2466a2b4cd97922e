"""The No decision page's charts side by side name a file's longest regions and segments by one rule
(charts.category_lines): at most two lines, each within the room a half-width chart gives a name
(ui.drill.chart_room), the rest cut with "…", whole in the hover; the ticks level and alike on both. Broken
after 24 characters with no end to the second line, a 75-character region (and one 40-letter word) left
"No decision ÷ losses by region" a strip whose rate ticks Plotly turned on their side."""

from __future__ import annotations

import html
import json

from app_driver import opened

from ui import drill
from winloss.ingest.pipeline import commit, prepare
from winloss.present import charts
from winloss.present.withheld import PLACEHOLDER_NAME
from winloss.text import ND_SHARE_OF_LOSSES, label

LONG = "North America, Central America and the Caribbean, excluding Mexico and Cuba"  # 75 characters
WORD = "Kundenbetreuungsgebietsneuordnungsplanes"  # 40 letters, no space to break at
SEGMENT = "Enterprise and Strategic Accounts of the Public Sector, Healthcare and Education"
NAMES = {"region": (LONG, WORD, "EMEA"), "segment": (SEGMENT, "SMB")}


def long_names(store) -> None:
    """30 closed deals in each region (12 won, 12 lost, 6 no decision), the segments taking turns."""
    outcomes = [("Closed Won", "")] * 12 + [("Closed Lost", "Price")] * 12 + [("Closed Lost", "No Decision")] * 6
    rows = [f"R{r}{i:02d},Rep {i % 3},{stage},{reason},2026-06-01,2026-08-{1 + i % 28:02d},1000,\"{region}\","
            f"\"{NAMES['segment'][i % 2]}\""
            for r, region in enumerate(NAMES["region"]) for i, (stage, reason) in enumerate(outcomes)]
    deals = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount,Region,Segment\n" + "\n".join(rows) + "\n"
    prepared = prepare(deals.encode(), "deals.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)


def lines_of(tick: str) -> list[str]:
    return [html.unescape(line) for line in tick.split("<br>")]


def test_the_no_decision_pages_charts_side_by_side_fit_a_files_longest_names(store) -> None:
    long_names(store)
    for presenter in (False, True):
        # Every share on too few losses: the charts drawn with Show the charts anyway on (a sentence otherwise).
        at = opened("no_decision", period="All time", present=str(presenter).lower(), show_anyway="true")
        assert not at.exception, [e.value for e in at.exception]
        specs = {json.loads(c.proto.spec)["layout"]["title"]["text"]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
        room = drill.chart_room(presenter, 0.5)
        side = []
        for dimension, names in NAMES.items():
            spec = specs[f"{ND_SHARE_OF_LOSSES} by {dimension}"]
            # The rate's own bars; a withheld rate's place is a separate grey stub (present.withheld), named so.
            (bars,) = [t for t in spec["data"] if t["type"] == "bar" and t.get("name") != PLACEHOLDER_NAME]
            axis = spec["layout"]["yaxis"]
            ticks = axis.get("ticktext") or bars["y"]  # the labels drawn: the axis's own, else the bars' categories
            drawn = [c[0] for c in bars["customdata"]]  # each bar's name, in the chart's order
            assert sorted(drawn) == sorted(names), drawn
            for tick, name in zip(ticks, drawn, strict=True):
                lines = lines_of(tick)
                assert len(lines) <= 2, lines
                lines[-1] = lines[-1].rsplit("  (n = ", 1)[0]
                assert all(charts.chart_words_px(line) <= charts.name_room(room) for line in lines), (lines, presenter)
                whole = "".join(lines).replace(" ", "")
                assert whole == name.replace(" ", "") or (whole.endswith("…") and name.replace(" ", "").startswith(whole[:-1]))
            assert any(h.startswith(f"<b>{label(names[0])}</b>") for h in bars["hovertext"])  # whole in the hover
            assert any("…" in tick for tick in ticks)  # its longest name cut
            assert spec["layout"]["xaxis"].get("tickangle") == 0 and axis.get("tickangle") == 0
            side.append(spec["layout"]["xaxis"]["tickvals"])
        assert side[0] == side[1]  # one axis, ticked alike
