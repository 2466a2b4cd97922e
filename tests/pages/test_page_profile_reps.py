"""The Seller profiles page with a profile of one rep: the two-proportion test counts deals as independent,
and one rep's deals are not; a bar of one rep's deals measures that rep, not the profile. Each profile's rate
is given with the reps who make it (the bar's label and hover, the caption, the CSV), and a profile of
fewer than MIN_REPS reps gets no "likely real" or "could be chance"; with names anonymised its words name the
pseudonym, never the rep."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from app_driver import opened
from rendered import clicked

from winloss.ingest.pipeline import commit, prepare

LONE = "Carlos Diaz"
# Carlos Diaz alone is a Lone Wolf; two reps are Reactive Problem Solvers; three each Challengers and Hard Workers.
REPS = {LONE: "Lone Wolf", "Rae Moss": "Reactive Problem Solver", "Sol Park": "Reactive Problem Solver",
        "Ann Lee": "Challenger", "Bo Chan": "Challenger", "Cy Ward": "Challenger",
        "Di Ross": "Hard Worker", "Ed Kim": "Hard Worker", "Flo Sand": "Hard Worker"}
WON_OF_25 = {LONE: 3, "Rae Moss": 4, "Sol Park": 5, "Ann Lee": 14, "Bo Chan": 15, "Cy Ward": 13,
             "Di Ross": 6, "Ed Kim": 7, "Flo Sand": 6}
TITLE = "Win rate by seller profile"


def stored(store) -> None:
    rows = [f"{rep.split()[0]}{i:02d},{rep},{'Closed Won' if i < WON_OF_25[rep] else 'Closed Lost'},2026-06-01,"
            f"2026-08-{1 + i % 28:02d},1000" for rep in REPS for i in range(25)]
    deals = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = "Rep,Seller Profile\n" + "".join(f"{rep},{profile}\n" for rep, profile in REPS.items())
    for content, name in ((roster, "roster.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def rate_chart(at) -> dict:
    (spec,) = [s for s in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
               if (s["layout"].get("title") or {}).get("text", "").startswith(TITLE)]
    return spec


def hovers(spec: dict) -> dict[str, str]:
    """Each bar's hover by its profile (the first line, bold)."""
    bars = next(t for t in spec["data"] if t.get("type") == "bar")
    return {h.split("</b>")[0].removeprefix("<b>"): h for h in bars["hovertext"]}


def bar_words(spec: dict) -> dict[str, str]:
    """The words on (or past) each bar by its profile, as the chart writes them."""
    bars = next(t for t in spec["data"] if t.get("type") == "bar")
    return {name: said.strip() for name, said in zip(bars["y"], bars["text"], strict=True)}


def rate_csv(deferred: dict[str, Callable[[], bytes]]) -> dict[str, dict[str, str]]:
    """The rows of the win rate chart's CSV by profile, made as a click makes it (conftest's `deferred`)."""
    (name,) = [n for n in deferred if n.startswith("win-rate-by-seller-profile") and n.endswith(".csv")]
    return {r["seller_profile"]: r for r in csv.DictReader(io.StringIO(deferred[name]().decode("utf-8-sig")))}


def test_a_profile_of_one_rep_has_no_verdict_and_every_rate_gives_its_reps(store, deferred) -> None:
    stored(store)
    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = hovers(rate_chart(at))
    # Lone Wolf: 3 of 25 against 70 of 200, a gap a test over deals calls "likely real"; it is one rep's record.
    assert "n = 25 deals in the win rate, of 1 rep" in said["Lone Wolf"]
    assert "1 rep: this measures Carlos Diaz, not the profile" in said["Lone Wolf"]
    assert "2 reps: too few to tell a profile from its reps" in said["Reactive Problem Solver"]
    for verdictless in ("Lone Wolf", "Reactive Problem Solver"):
        assert "likely real" not in said[verdictless] and "could be chance" not in said[verdictless]
    # On the bars, in short on one line each (the hover above gives it whole): "2 reps: too few to tell a
    # profile from its reps" took three lines there, running into the next bar's row.
    assert bar_words(rate_chart(at)) == {"Challenger": "56% · likely real", "Hard Worker": "25% · could be chance",
                                         "Lone Wolf": "12% · one rep's deals", "Reactive Problem Solver": "18% · too few reps"}
    # Three reps each: the test's verdict, as before (42 of 75 against 55 of 200: p < 0.05).
    assert "n = 75 deals in the win rate, of 3 reps" in said["Challenger"] and "likely real" in said["Challenger"]
    ticks = " ".join(rate_chart(at)["layout"]["yaxis"]["ticktext"])
    assert "(n = 25, 1 rep)" in ticks and "(n = 75, 3 reps)" in ticks
    rows = rate_csv(deferred)
    assert {p: r["reps"] for p, r in rows.items()} == {
        "Challenger": "3", "Hard Worker": "3", "Lone Wolf": "1", "Reactive Problem Solver": "2"}
    assert rows["Lone Wolf"]["verdict"] == "1 rep: this measures Carlos Diaz, not the profile"
    captions = " ".join(c.value for c in at.caption)
    assert "Lone Wolf 25 deals of 1 rep" in captions and "Challenger 75 deals of 3 reps" in captions
    assert "a verdict needs the deals of at least 3 reps" in captions


def test_with_names_anonymised_the_one_reps_verdict_names_their_pseudonym(store, downloads, deferred) -> None:
    stored(store)
    at = opened("profiles", period="All time", anon="true")
    assert not at.exception, [e.value for e in at.exception]
    spec = rate_chart(at)
    lone = hovers(spec)["Lone Wolf"]
    assert "1 rep: this measures " in lone and ", not the profile" in lone
    verdict = rate_csv(deferred)["Lone Wolf"]["verdict"]
    assert verdict.startswith("1 rep: this measures ") and verdict != "1 rep: this measures Carlos Diaz, not the profile"
    shown = json.dumps(spec) + " ".join(c.value for c in at.caption) + b"".join({**downloads, **clicked(deferred)}.values()).decode("utf-8", "replace")
    assert "Carlos" not in shown and "Diaz" not in shown


def test_profiles_against_other_profiles_of_two_reps_have_no_verdict(store, deferred) -> None:
    # Four Challengers, two Hard Workers: 56 of 100 against 12 of 50, a gap a test over deals calls "likely
    # real"; the Challengers are measured against two people's record. Both sides need three reps.
    roster = {"Ann Lee": "Challenger", "Bo Chan": "Challenger", "Cy Ward": "Challenger", "Gus Hale": "Challenger",
              "Di Ross": "Hard Worker", "Ed Kim": "Hard Worker"}
    rows = [f"{rep.split()[0]}{i:02d},{rep},{'Closed Won' if i < (14 if roster[rep] == 'Challenger' else 6) else 'Closed Lost'},"
            f"2026-06-01,2026-08-{1 + i % 28:02d},1000" for rep in roster for i in range(25)]
    deals = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n"
    for content, name in (("Rep,Seller Profile\n" + "".join(f"{r},{p}\n" for r, p in roster.items()), "roster.csv"),
                          (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)
    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = hovers(rate_chart(at))
    assert "the other profiles are 2 reps: too few to compare the profile with" in said["Challenger"]
    assert "2 reps: too few to tell a profile from its reps" in said["Hard Worker"]
    for verdictless in ("Challenger", "Hard Worker"):
        assert "likely real" not in said[verdictless] and "could be chance" not in said[verdictless]
    rows_csv = rate_csv(deferred)
    assert {p: (r["reps"], r["rest_reps"]) for p, r in rows_csv.items()} == {"Challenger": ("4", "2"),
                                                                            "Hard Worker": ("2", "4")}
    assert rows_csv["Challenger"]["verdict"] == "the other profiles are 2 reps: too few to compare the profile with"
    assert "a verdict needs the deals of at least 3 reps on each side" in " ".join(c.value for c in at.caption)
