"""The Seller profiles page's "Who the top performers are" with few reps. Too few ranked reps for any share
of the user's: no chart (the study's figures alone were read as the room's own), a sentence in its place.
Too few top reps: their marks are grey, and were filled with a grey so pale that they read as the hollow
marks of all ranked reps beside them. The page draws the engine's figure: the two ends differ in size and fill."""

from __future__ import annotations

import json

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.present.theme import SMALL_N_COLOUR

REPS = {"Ann": "Challenger", "Bo": "Hard Worker", "Cy": "Lone Wolf", "Di": "Challenger", "Ed": "Relationship Builder"}
# Twenty ranked reps: enough for the shares of all ranked reps, not for those of the top 4.
TWENTY = {f"{rep}{k}": profile for k in range(4) for rep, profile in REPS.items()}


def five_profiled_reps(store, reps: dict[str, str] = REPS) -> None:
    rows = [f"{rep}{i:02d},{rep},{'Closed Won' if i % (2 + r % 5) == 0 else 'Closed Lost'},2026-06-01,2026-08-{1 + i % 28:02d},1000"
            for r, rep in enumerate(reps) for i in range(25)]
    deals = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = "Rep,Seller Profile\n" + "".join(f"{rep},{profile}\n" for rep, profile in reps.items())
    for content, name in ((deals, "deals.csv"), (roster, "roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def test_too_few_ranked_reps_draw_no_mix_and_not_the_studys_figures_alone(store) -> None:
    """Five ranked reps: every mark of the user's was grey "n too small" while the study's coloured diamonds
    stayed on the axis, and the room read the study's figures as its own. The chart is not drawn; a sentence
    says why, in its place."""
    five_profiled_reps(store)
    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "") for c in at.get("plotly_chart")]
    assert not [t for t in titles if t.startswith("Who the top performers are")], titles
    said = " ".join(i.value for i in at.info)
    assert ("Who the top performers are: only 5 reps are ranked (at least 20 closed deals each), fewer than the 20 a "
            "profile's share needs, so your profile mix is not shown, nor the study's figures beside it.") in said, said


def test_the_top_reps_marks_are_large_and_filled_beside_small_rings(store) -> None:
    five_profiled_reps(store, TWENTY)
    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (mix,) = [s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
              if s["layout"].get("title", {}).get("text", "").startswith("Who the top performers are")]
    marks = {t["name"].split(" · ")[0]: t["marker"] for t in mix["data"]  # not the white under the small marks
             if t.get("mode") == "markers" and t.get("name") and t["x"][0] is not None}
    top = next(m for n, m in marks.items() if n.startswith("Yours: top"))
    everyone = next(m for n, m in marks.items() if n.startswith("Yours: all"))
    assert everyone["symbol"] == "circle-open" and top["symbol"] == "circle"
    assert top["size"] >= 1.5 * everyone["size"]
    assert SMALL_N_COLOUR not in top["color"] and top["color"] == top["line"]["color"]
    assert any("A large filled circle is a profile's share of these top reps, a small ring its share of all ranked reps"
               in c.value for c in at.caption)
