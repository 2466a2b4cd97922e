"""A roster upload's report says the reps with deals in the store that the roster leaves out, whose deals count as
Unprofiled, with "did you mean" where a name is close to a roster rep's: the Roster tab warned, the upload said
nothing (team_roster.csv left out "Grace Liu" with 43 deals and spelt "Emma Wilson" for 49 deals of "Emma Willson").
On the Data page and the command line alike, by the Roster tab's rule (views.roster.unrostered_reps)."""

from __future__ import annotations

import json

from command_line import run
from test_page_data import commit, data_page, texts, upload

DEALS = (b"Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
         + b"".join(b"E-%d,Emma Willson,Closed Won,100,2026-03-01\n" % i for i in range(3))
         + b"G-1,Grace *Liu*,Closed Lost,100,2026-03-01\nG-2,Grace *Liu*,Closed Lost,100,2026-03-02\n"
         + b"A-1,Ann Lee,Closed Won,100,2026-03-01\n")
ROSTER = b"Rep Name,Seller Profile,Team,Manager\nEmma Wilson,Challenger,East,Mo Lee\nAnn Lee,Lone Wolf,East,Mo Lee\n"
SAID = ('2 reps with deals in the store are not in this roster: "Emma Willson" (3 deals; did you mean "Emma Wilson"?) '
        'and "Grace *Liu*" (2 deals) — their deals count as Unprofiled until a roster names them: add them to the roster '
        "file, or write a name as the deals spell it, and upload it again.")


def test_the_roster_upload_names_the_reps_with_deals_it_leaves_out(store):
    commit(upload(data_page(), ("deals.csv", DEALS)), DEALS)
    at = upload(data_page(), ("team_roster.csv", ROSTER))
    elements = [*at.warning, *at.info, *at.markdown, *at.caption]
    assert SAID in texts(elements)
    assert any(r'\"Grace \*Liu\*\" \(2 deals' in e.value for e in elements)  # escaped: not drawn as emphasis


def test_a_rep_the_stored_roster_keeps_is_not_said(store):
    """A rep the uploaded roster omits whom the stored roster has is kept as stored (not Unprofiled): not named."""
    first = ROSTER + b"Grace *Liu*,Hard Worker,West,Mo Lee\n"
    commit(upload(data_page(), ("deals.csv", DEALS)), DEALS)
    commit(upload(data_page(), ("roster.csv", first)), first)
    at = upload(data_page(), ("team_roster.csv", ROSTER))
    said = texts([*at.warning, *at.info, *at.markdown, *at.caption])
    assert ('1 rep with deals in the store is not in this roster: "Emma Willson" (3 deals; did you mean "Emma Wilson"?) '
            "— its deals count as Unprofiled until a roster names it") in said
    assert "Grace *Liu*\" (2 deals" not in said


def test_the_command_line_says_it_once_the_files_given_with_the_roster_are_stored(tmp_path):
    deals, roster, store = tmp_path / "deals.csv", tmp_path / "team_roster.csv", str(tmp_path / "store")
    deals.write_bytes(DEALS)
    roster.write_bytes(ROSTER)
    assert run("ingest", str(deals), "--store", store, cwd=tmp_path).returncode == 0
    said = run("ingest", "--roster", str(roster), "--store", store, cwd=tmp_path)
    assert said.returncode == 0 and f"{roster}: {SAID}" in said.stdout.splitlines()
    fresh = str(tmp_path / "fresh")  # given together: the export's reps are counted once it is stored
    (report, _) = json.loads(run("ingest", str(deals), "--roster", str(roster), "--store", fresh, "--json",
                                 cwd=tmp_path).stdout)["files"]
    assert report["kind"] == "roster" and SAID in report["rep_notes"]
