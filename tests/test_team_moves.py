"""A rep who changes team (winloss.team_history): a closed deal counts for the team, manager and region its rep
was in on the day it closed, an open one for their team now; the roster report and the History note say each
change of team; an export's own team column is said not read, with no advice to map it to a field that is none.

The fixture: Ivan Petrov moves from Orcas (manager Neil Berg, region North) to Falcons (Mara Holt, South) on
15 Aug 2026. Amy Chen is in Falcons and Jade Kim in Orcas throughout, 10 closed deals a quarter each (Amy 4
won, Jade 5). Ivan closed 6 won deals in Q2 and 4 won in July in Orcas, then 4 lost in September in Falcons,
and has one deal open."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from built_stores import committed
from command_line import run
from winloss.deals import deals
from winloss.ingest.pipeline import commit, file_report, prepare, store_rep_sentences
from winloss.store.delta import Store
from winloss.views.reps import rep, rep_header
from winloss.filters import Filters

HEADER = "Rep Name,Seller Profile,Team,Manager,Region"
BEFORE = (f"{HEADER}\nAmy Chen,Challenger,Falcons,Mara Holt,South\nIvan Petrov,Challenger,Orcas,Neil Berg,North\n"
          "Jade Kim,Hard Worker,Orcas,Neil Berg,North\n")
AFTER = (f"{HEADER},Team Start Date\nAmy Chen,Challenger,Falcons,Mara Holt,South,\n"
         "Ivan Petrov,Challenger,Falcons,Mara Holt,South,2026-08-15\nJade Kim,Hard Worker,Orcas,Neil Berg,North,\n")
AFTER_UNDATED = (f"{HEADER}\nAmy Chen,Challenger,Falcons,Mara Holt,South\nIvan Petrov,Challenger,Falcons,Mara Holt,South\n"
                 "Jade Kim,Hard Worker,Orcas,Neil Berg,North\n")
Q2 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


def _deals_csv() -> str:
    rows: list[tuple[str, str, str, str]] = []  # owner, stage, close date, created date
    for owner, won in (("Amy Chen", 4), ("Jade Kim", 5)):
        for month in (5, 8):  # a Q2 month and a Q3 month
            rows += [(owner, "Closed Won" if i < won else "Closed Lost", f"2026-{month:02d}-{i + 1:02d}", "2026-03-01")
                     for i in range(10)]
    rows += [("Ivan Petrov", "Closed Won", f"2026-05-{i + 1:02d}", "2026-03-01") for i in range(6)]
    rows += [("Ivan Petrov", "Closed Won", f"2026-07-{i + 1:02d}", "2026-03-01") for i in range(4)]
    rows += [("Ivan Petrov", "Closed Lost", f"2026-09-{i + 1:02d}", "2026-03-01") for i in range(4)]
    rows.append(("Ivan Petrov", "Negotiation", "2026-11-30", "2026-09-01"))
    lines = [f"D{i:03d},{owner},{stage},{close},{created},1000" for i, (owner, stage, close, created) in enumerate(rows)]
    return "Opportunity ID,Owner,Stage,Close Date,Created Date,Amount\n" + "\n".join(lines) + "\n"


def _stored(tmp_path, *files: tuple[str, str]) -> Store:
    """A store at `tmp_path`/store holding `files` (text, file name), each read whole and committed in turn."""
    return committed(tmp_path / "store", *files)


def _moved(tmp_path, after: str = AFTER) -> Store:
    """The store after the pre-move roster, the deals, then `after`, the roster that moves Ivan."""
    return _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (after, "team_october.csv"))


def _won_of_closed(frame: pl.DataFrame, team: str, quarter: tuple[dt.date, dt.date]) -> tuple[int, int]:
    closed = frame.filter((pl.col("team") == team) & (pl.col("outcome") != "open") & pl.col("close_date").is_between(*quarter))
    return int((closed.get_column("outcome") == "won").sum()), closed.height


# ---- the figures ----------------------------------------------------------------------------------------
def test_a_closed_deal_counts_for_the_team_its_rep_was_in_on_the_day_it_closed(tmp_path) -> None:
    frame = deals(_moved(tmp_path))
    # Falcons: Amy's alone in Q2 (not Ivan's 6 won in Orcas: 10 of 16 read 62%), and Ivan's 4 September deals in Q3.
    assert _won_of_closed(frame, "Falcons", Q2) == (4, 10)
    assert _won_of_closed(frame, "Falcons", Q3) == (4, 14)
    # Orcas keeps the deals Ivan closed in it: his 6 in Q2 and 4 in July.
    assert _won_of_closed(frame, "Orcas", Q2) == (11, 16)
    assert _won_of_closed(frame, "Orcas", Q3) == (9, 14)
    assert sorted(frame.filter(pl.col("team") == "Orcas").get_column("rep").unique().to_list()) == ["Ivan Petrov", "Jade Kim"]
    ivan = frame.filter(pl.col("rep") == "Ivan Petrov")
    # Manager and region follow the same rule as the team; the open deal is the team's now.
    before = ivan.filter(pl.col("close_date") < dt.date(2026, 8, 15))
    assert before.select("team", "manager", "region").unique().rows() == [("Orcas", "Neil Berg", "North")]
    after = ivan.filter(pl.col("close_date") >= dt.date(2026, 8, 15))
    assert after.select("team", "manager", "region").unique().rows() == [("Falcons", "Mara Holt", "South")]
    assert ivan.filter(pl.col("outcome") == "open").get_column("team").to_list() == ["Falcons"]


def test_reps_who_never_moved_keep_the_roster_team_on_every_deal(tmp_path) -> None:
    frame = deals(_moved(tmp_path))
    others = frame.filter(pl.col("rep") != "Ivan Petrov")
    assert others.select("rep", "team").unique().sort("rep").rows() == [("Amy Chen", "Falcons"), ("Jade Kim", "Orcas")]
    # The same roster stored again moves nobody: every figure as before.
    store = _stored(tmp_path / "again", (BEFORE, "team.csv"), (_deals_csv(), "deals.csv"), (BEFORE + "\n", "team_again.csv"))
    again = deals(store)
    assert _won_of_closed(again, "Falcons", Q3) == (4, 10) and _won_of_closed(again, "Orcas", Q3) == (9, 18)


def test_report_by_team_counts_each_deal_for_the_team_it_closed_in(tmp_path) -> None:
    store = _moved(tmp_path)
    result = run("report", "--by", "team", "--from", "2026-07-01", "--to", "2026-09-30", "--store", str(store.uri), "--json",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["group"]: (r["won"], r["closed"]) for r in json.loads(result.stdout)["rows"]}
    assert rows == {"Falcons": (4, 14), "Orcas": (9, 14)}


# ---- never silent ----------------------------------------------------------------------------------------
def test_the_roster_report_says_the_move_and_the_deals_that_stay_and_history_names_it(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"))
    prepared = prepare(AFTER.encode(), "team_october.csv")
    said = store_rep_sentences(store, prepared)
    assert ('"Ivan Petrov": Orcas → Falcons from 15 Aug 2026; their 10 deals closed before that stay with Orcas.'
            in said), said
    assert not any("upload is used" in s for s in said)  # the roster gave the day
    commit(store, prepared)
    note = store.history().get_column("note")[0]
    assert note is not None and "Ivan Petrov Orcas → Falcons from 15 Aug 2026" in note


def test_with_no_day_given_the_upload_day_is_used_and_the_report_says_how_to_give_it(tmp_path) -> None:
    store = _stored(tmp_path, (BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"))
    prepared = prepare(AFTER_UNDATED.encode(), "team_october.csv")
    (said,) = [s for s in store_rep_sentences(store, prepared) if "Ivan Petrov" in s]
    assert "Orcas → Falcons from" in said and "their 14 deals closed before that stay with Orcas" in said
    assert "the day of this upload is used; to give the day, write it in a 'Team Start Date' column" in said
    commit(store, prepared)
    frame = deals(store)
    assert _won_of_closed(frame, "Orcas", Q3) == (9, 18)  # every closed deal of Ivan's is before the upload day
    assert frame.filter(pl.col("outcome") == "open").get_column("team").to_list() == ["Falcons"]


def test_the_team_start_column_is_read_in_the_roster_languages() -> None:
    english = "Rep Name,Seller Profile,Team"
    for others, header in ((english, "Team Start Date"), (english, "Team since"), (english, "Start date in team"),
                           ("Mitarbeiter,Verkäuferprofil,Vertriebsteam", "Im Team seit"),
                           ("Nom complet,Profil,Équipe", "Dans l'équipe depuis"),
                           ("Nombre completo,Perfil,Equipo", "En el equipo desde"),
                           ("Imię i nazwisko,Profil,Zespół", "W zespole od")):
        prepared = prepare(f"{others},{header}\nAmy Chen,Challenger,Falcons,2026-08-15\n".encode(), "team.csv")
        assert prepared.kind == "roster" and prepared.mapping is not None
        assert prepared.mapping.fields.get("team_since") == header, header
        report = file_report(prepared)
        assert header not in (report["unused_sentence"] or ""), header


def test_an_exports_team_column_is_said_not_read_with_no_advice_to_map_it(tmp_path) -> None:
    export = "Opportunity ID,Owner,Stage,Close Date,Amount,Team,Pipeline\nD1,Amy Chen,Closed Won,2026-08-01,1000,Falcons,x\n"
    report = file_report(prepare(export.encode(), "deals.csv"))
    sentence = report["unused_sentence"]
    assert sentence is not None
    assert ("Not read: 'Team': a deal counts for the team the roster gives its rep on the day it closed, never for a "
            "team its export names.") in sentence
    # The advice to map a column is for 'Pipeline' alone: no field takes a team.
    assert "Not used: 'Pipeline'. If it holds a field, map it" in sentence


# ---- a moved rep's view -------------------------------------------------------------------------------------
def test_a_moved_reps_view_names_their_team_now_since_when_and_the_team_before(tmp_path) -> None:
    frame = deals(_moved(tmp_path))
    view = rep(frame.lazy(), "Ivan Petrov", Filters(), dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=dt.date(2026, 10, 1))
    assert view is not None
    assert "team Falcons since 15 Aug 2026 (before: Orcas)" in rep_header(view)
    # The scorecard sets him against the teams his deals closed in, oldest first, each while he was in it.
    assert view.scorecard.filter(pl.col("comparison") == "team").get_column("who").to_list() == ["Orcas → Falcons"]
    amy = rep(frame.lazy(), "Amy Chen", Filters(), dt.date(2026, 1, 1), dt.date(2026, 12, 31), as_of=dt.date(2026, 10, 1))
    assert amy is not None and "team Falcons ·" in rep_header(amy) and "since" not in rep_header(amy)
