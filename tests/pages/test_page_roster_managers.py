"""The Data page with an HR roster that lists the reps' manager in a row of her own: she owns no deals, so
she is a manager, not a rep (winloss.managers). "Reps in the roster" counted her and the roster table listed
her as an Unprofiled rep with 0 deals."""

from __future__ import annotations

import json

from app_driver import ROOT
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit, prepare
from winloss.managers import LISTED_LAST, MANAGER_RULE, managers_sentence
from winloss.text import md

ROSTER = ("Employee Name,Job Title,Manager,Team,Status,Seller Profile\n"
          "Olivia Hart,Account Executive,Dana Whitfield,East,Active,Challenger\n"
          "Marcus Bell,Account Executive,Dana Whitfield,West,Active,Hard Worker\n"
          "Dana Whitfield,Sales Manager,Chris Young,East,Active,\n")
DEALS = ("Opportunity ID,Owner,Stage,Close Date,Amount\n"
         "1,Olivia Hart,Closed Won,2026-08-01,1000\n2,Marcus Bell,Closed Lost,2026-08-02,1000\n")


def test_a_managers_own_row_is_no_rep_in_the_count_or_the_roster_table(store) -> None:
    for content, name in ((DEALS, "deals.csv"), (ROSTER, "hr_roster.csv")):
        commit(store, prepare(content.encode(), name))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    (reps,) = [m for m in at.metric if m.label == "Reps in the roster"]
    assert reps.value == "2" and reps.proto.help == MANAGER_RULE
    captions = [c.value for c in at.caption]
    said = md(managers_sentence(["Dana Whitfield"], "the roster"))
    # Said once, in the Roster tab: it was said above the tabs too.
    assert [c for c in captions if said in c] == [f":material/supervisor_account: {said} {LISTED_LAST}"]
    editor = at.data_editor(key=f"roster_editor_{store.version()}")
    table = editor.value
    # Her blank profile is not drawn as a required value missing (the grid's corner mark).
    assert not json.loads(editor.proto.columns)["seller_profile"].get("required")
    assert list(table["rep"]) == ["Marcus Bell", "Olivia Hart", "Dana Whitfield"]
    assert table["seller_profile"].isna().tolist() == [False, False, True]  # no profile, not "Unprofiled"
    assert at.button(key="roster_save").disabled  # her blank profile is no change to save
