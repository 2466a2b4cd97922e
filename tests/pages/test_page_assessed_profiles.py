"""A profile from the questionnaire is labelled as an assessment wherever reps are read one by one, as the
Profile assessment page promises: the line under the rep's name, a profile's reps (its bar clicked), the
leaderboard's Profile column, and the reps' CSVs (profile_source). A rep profiled by one rater's
questionnaire read "Challenger · team Orcas" on her page, as if the roster said so."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

import polars as pl
from app_driver import opened
from rendered import clicked

from winloss import text
from winloss.assessment import STATEMENTS
from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.questionnaire import questionnaire_frame

ASSESSED_REP = "Sara Lind"
ROSTER = {"Ann Lee": "Challenger", "Bo Chan": "Challenger", "Cy Ward": "Hard Worker"}
SHOWN = "Challenger (assessment, 1 rater)"  # the rep page's header
IN_GRID = "Challenger†"  # a grid's cell, its column's help saying what † means


def stored(store) -> None:
    reps = [*ROSTER, ASSESSED_REP]
    rows = [f"{rep.split()[0]}{i:02d},{rep},{'Closed Won' if i % 3 == 0 else 'Closed Lost'},2026-06-01,"
            f"2026-08-{1 + i % 28:02d},1000,{'No Decision' if i % 3 == 1 else ''}" for rep in reps for i in range(25)]
    deals = "Opportunity ID,Owner,Stage,Created Date,Close Date,Amount,Loss Reason\n" + "\n".join(rows) + "\n"
    # Sara Lind has a roster row with no profile: the questionnaire gives her one.
    roster = "Rep,Seller Profile,Team\n" + "".join(f"{rep},{p},Orcas\n" for rep, p in ROSTER.items()) + f"{ASSESSED_REP},,Orcas\n"
    answers = questionnaire_frame([ASSESSED_REP], "Marc Dubois", dt.date(2026, 11, 30)).with_columns(
        pl.col("Statement ID").replace_strict({s.id: "5" if s.profile == "Challenger" else "2" for s in STATEMENTS})
        .alias("Score (1-5)"))
    buffer = io.BytesIO()
    answers.write_csv(buffer)
    for content, name in ((roster.encode(), "roster.csv"), (deals.encode(), "deals.csv"),
                          (buffer.getvalue(), "questionnaire.csv")):
        prepared = prepare(content, name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def csv_rows(deferred: dict[str, Callable[[], bytes]], starts: str) -> dict[str, dict[str, str]]:
    """The rows by rep of the chart CSV whose name starts with `starts`, made as a click makes it (conftest's
    `deferred`)."""
    (name,) = [n for n in deferred if n.startswith(starts) and n.endswith(".csv")]
    return {r["rep"]: r for r in csv.DictReader(io.StringIO(deferred[name]().decode("utf-8-sig")))}


def test_the_rep_page_header_labels_a_profile_from_an_assessment(store) -> None:
    stored(store)
    at = opened("reps", rep=ASSESSED_REP, period="All time")
    assert not at.exception, [e.value for e in at.exception]
    lines = [m.value for m in at.markdown]
    assert any(line.startswith(f"{text.md(SHOWN)} · team Orcas") for line in lines), lines
    ann = opened("reps", rep="Ann Lee", period="All time")
    assert any(m.value.startswith("Challenger · team Orcas") for m in ann.markdown)


def test_the_leaderboard_and_its_csv_say_where_each_profile_came_from(store, deferred) -> None:
    stored(store)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (board,) = [g.value for g in at.dataframe if "win_rate" in g.value.columns and "rep" in g.value.columns]
    profiles = dict(zip(board["rep"], board["seller_profile"], strict=True))
    assert profiles == {"Ann Lee": "Challenger", "Bo Chan": "Challenger", "Cy Ward": "Hard Worker", ASSESSED_REP: IN_GRID}
    # The mark is said under the board (its name columns carry no help: an icon takes a name's room).
    assert any("marked † where it comes from the profile questionnaire" in c.value for c in at.caption)
    rows = csv_rows(deferred, "win-rate-by-rep")
    assert (rows[ASSESSED_REP]["seller_profile"], rows[ASSESSED_REP]["profile_source"]) == ("Challenger", "assessment (1 rater)")
    assert rows["Ann Lee"]["profile_source"] == "roster"


def test_a_profiles_reps_label_the_assessed_one(store) -> None:
    stored(store)
    at = opened("profiles", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (box,) = [s for s in at.selectbox if s.key and re.fullmatch(r"pr-rate-\d+-choose", s.key)]
    box.set_value(next(o for o in box.options if o.startswith("Challenger"))).run()
    assert not at.exception, [e.value for e in at.exception]
    (reps,) = [g.value for g in at.dataframe if "rep" in g.value.columns and "nd_n" in g.value.columns]
    assert dict(zip(reps["rep"], reps["seller_profile"], strict=True)) == {
        "Ann Lee": "Challenger", "Bo Chan": "Challenger", ASSESSED_REP: IN_GRID}


def test_the_no_decision_reps_csv_says_where_each_profile_came_from(store, deferred) -> None:
    stored(store)
    # Its reps' shares on too few losses: the chart drawn with Show the charts anyway on (a sentence otherwise).
    at = opened("no_decision", period="All time", show_anyway="true")
    assert not at.exception, [e.value for e in at.exception]
    # The reps chart's CSV: the one of a rep a row.
    (data,) = {d for d in clicked(deferred).values() if d.decode("utf-8-sig").startswith("rep,")}
    rows = {r["rep"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig")))}
    assert rows[ASSESSED_REP]["profile_source"] == "assessment (1 rater)" and rows["Cy Ward"]["profile_source"] == "roster"
