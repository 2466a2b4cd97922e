"""The Data page's roster editor moving a rep to another team: said before saving as a roster upload's report says
it (team_history.move_sentence), the earlier team kept with the day it ended once saved; a change the store
refuses (a rep in two teams on one day) said, with Save off. The editor said nothing of a move before saving."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
from app_driver import ROOT, opened
from streamlit.testing.v1 import AppTest

from test_team_moves import AFTER, BEFORE, HEADER, _deals_csv
from winloss.ingest.pipeline import commit, prepare
from winloss.text import day, md


def _editing(store) -> tuple[AppTest, str, int]:
    """The Data page, the roster editor's key and the row of Ivan Petrov in it."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    key = f"roster_editor_{store.version()}"
    return at, key, list(at.data_editor(key=key).value["rep"]).index("Ivan Petrov")


def _edit_team(at: AppTest, key: str, row: int, team: str) -> AppTest:
    at.session_state[key] = {"edited_rows": {row: {"team": team}}, "added_rows": [], "deleted_rows": []}
    return at.run()


def test_a_team_changed_in_the_editor_is_said_before_saving_and_the_earlier_team_kept(store) -> None:
    for content, name in ((BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv")):
        commit(store, prepare(content.encode(), name))
    at, key, row = _editing(store)
    at = _edit_team(at, key, row, "Falcons")
    today = dt.date.today()
    said = md(f'"Ivan Petrov": Orcas → Falcons from {day(today)}; their 14 deals closed before that stay with Orcas. The '
              "roster editor gives no day they joined Falcons, so the day it is saved is used; to give the day, upload a "
              "roster that gives it in a 'Team Start Date' column instead of saving this change.")
    assert said in [i.value for i in at.info], [i.value for i in at.info]
    assert not at.button(key="roster_save").disabled
    at.button(key="roster_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (held,) = store.roster().filter(pl.col("rep") == "Ivan Petrov").select("team", "earlier_teams").collect().rows()
    assert held[0] == "Falcons" and [(a["team"], a["until"]) for a in json.loads(held[1])] == [("Orcas", today.isoformat())]
    assert f"team changed: Ivan Petrov Orcas → Falcons from {day(today)} (day saved)" in store.history().get_column("note")[0]


def test_a_move_the_store_refuses_is_said_with_save_off(store) -> None:
    # Ivan joins Falcons on a day still to come: a move made today would put him in two teams from then.
    joins = dt.date.today() + dt.timedelta(days=30)
    for content, name in ((BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"),
                          (AFTER.replace("2026-08-15", joins.isoformat()), "team_next.csv")):
        commit(store, prepare(content.encode(), name))
    version = store.version()
    at, key, row = _editing(store)
    at = _edit_team(at, key, row, "Eagles")
    refused = md(f'Not stored: "Ivan Petrov" joins Eagles on {day(dt.date.today())}, but the store holds '
                 f"them in Falcons from {day(joins)} (give a later day); a rep is in one team a day, and the days of a "
                 "team they were in are never rewritten.")
    assert refused in [e.value for e in at.error], [e.value for e in at.error]
    assert at.button(key="roster_save").disabled and store.version() == version


def test_an_uploaded_roster_the_store_refuses_is_said_with_commit_off(store) -> None:
    """The October roster stored, a roster moving Ivan to Eagles from 1 Aug 2026, before he joined Falcons."""
    for content, name in ((BEFORE, "team_june.csv"), (_deals_csv(), "deals.csv"), (AFTER, "team_october.csv")):
        commit(store, prepare(content.encode(), name))
    version = store.version()
    at = opened("data")
    late = f"{HEADER},Team Start Date\nIvan Petrov,Challenger,Eagles,Zoe Ray,East,2026-08-01\n".encode()
    at.file_uploader(key="uploads").set_value([("team_late.csv", late, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    refused = md('Not stored: "Ivan Petrov" joins Eagles on 1 Aug 2026, but the store holds them in Falcons from 15 Aug '
                 "2026 (give a later day); a rep is in one team a day, and the days of a team they were in are never "
                 "rewritten. Nothing can be saved until this is fixed.")
    assert refused in [e.value for e in at.error], [e.value for e in at.error]
    (button,) = [b for b in at.button if b.key and b.key.startswith("commit_")]
    assert button.disabled and store.version() == version
