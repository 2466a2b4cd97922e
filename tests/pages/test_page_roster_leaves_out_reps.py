"""A roster upload's report says the reps with deals in the store that the roster leaves out, whose deals count as
Unprofiled, with "did you mean" where a name is close to a roster rep's: the Roster tab warned, the upload said
nothing (team_roster.csv left out "Grace Liu" with 43 deals and spelt "Emma Wilson" for 49 deals of "Emma Willson").
On the Data page and the command line alike, by the Roster tab's rule (views.roster.unrostered_reps); the roster's
"Emma Wilson", who owns no deals, and the deals' "Emma Willson" once, in a sentence of their own."""

from __future__ import annotations

import json

from command_line import run
from test_page_data import commit, data_page, stored_first, texts, upload

DEALS = (b"Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
         + b"".join(b"E-%d,Emma Willson,Closed Won,100,2026-03-01\n" % i for i in range(3))
         + b"G-1,Grace *Liu*,Closed Lost,100,2026-03-01\nG-2,Grace *Liu*,Closed Lost,100,2026-03-02\n"
         + b"A-1,Ann Lee,Closed Won,100,2026-03-01\n")
ROSTER = b"Rep Name,Seller Profile,Team,Manager\nEmma Wilson,Challenger,East,Mo Lee\nAnn Lee,Lone Wolf,East,Mo Lee\n"
SAID = ('1 rep with deals in the store is not in this roster: "Grace *Liu*" (2 deals) — its deals count as Unprofiled '
        "until a roster names it: add it to the roster file, or write a name as the deals spell it, and upload it again.")
# The roster's "Emma Wilson" owns no deals and the deals' "Emma Willson" is not in it: one sentence of the pair, where
# each list said it (2 reps ... "Emma Willson" (3 deals; did you mean "Emma Wilson"?), and "Emma Wilson": did you mean ...).
PAIR = ('"Emma Wilson" in this roster owns no deals and "Emma Willson", who owns 3 deals in the store, is not in this '
        'roster: if they are one person, write the name in the roster as "Emma Willson" and upload it again (or, if the '
        "deals misspell it, correct it in the CRM and upload a new export); until then those 3 deals count as Unprofiled.")


def test_the_roster_upload_names_the_reps_with_deals_it_leaves_out(store):
    commit(upload(data_page(), ("deals.csv", DEALS)), DEALS)
    at = upload(data_page(), ("team_roster.csv", ROSTER))
    elements = [*at.warning, *at.info, *at.markdown, *at.caption]
    said = texts(elements)
    assert SAID in said and PAIR in said and "did you mean" not in said
    assert any(r'\"Grace \*Liu\*\" \(2 deals' in e.value for e in elements)  # escaped: not drawn as emphasis
    # Committed, then uploaded again as it is: it is the roster already loaded, and changes nothing; its notes on
    # rep names, said when it was loaded, came again as if new.
    stored_first(store, ("team_roster.csv", ROSTER))
    at = upload(data_page(), ("team_roster.csv", ROSTER))
    again = texts([*at.warning, *at.info, *at.markdown, *at.caption])
    assert "This roster is the one already loaded on " in again and ": saving it again changes nothing." in again
    assert "in this roster" not in again  # no note on its reps (each says "in this roster")


def test_a_rep_the_stored_roster_keeps_is_not_said(store):
    """A rep the uploaded roster omits whom the stored roster has is kept as stored (not Unprofiled): not named."""
    first = ROSTER + b"Grace *Liu*,Hard Worker,West,Mo Lee\n"
    commit(upload(data_page(), ("deals.csv", DEALS)), DEALS)
    commit(upload(data_page(), ("roster.csv", first)), first)
    at = upload(data_page(), ("team_roster.csv", ROSTER))
    said = texts([*at.warning, *at.info, *at.markdown, *at.caption])
    assert PAIR in said and "with deals in the store" not in said
    assert "Grace *Liu*\" (2 deals" not in said


def test_the_command_line_says_it_once_the_files_given_with_the_roster_are_stored(tmp_path):
    deals, roster, store = tmp_path / "deals.csv", tmp_path / "team_roster.csv", str(tmp_path / "store")
    deals.write_bytes(DEALS)
    roster.write_bytes(ROSTER)
    assert run("ingest", str(deals), "--store", store, cwd=tmp_path).returncode == 0
    said = run("ingest", "--roster", str(roster), "--store", store, cwd=tmp_path)
    assert said.returncode == 0 and {f"{roster}: {SAID}", f"{roster}: {PAIR}"} <= set(said.stdout.splitlines())
    fresh = str(tmp_path / "fresh")  # given together: the export's reps are counted once it is stored
    (report, _) = json.loads(run("ingest", str(deals), "--roster", str(roster), "--store", fresh, "--json",
                                 cwd=tmp_path).stdout)["files"]
    assert report["kind"] == "roster" and SAID in report["rep_notes"] and PAIR in report["rep_notes"]
