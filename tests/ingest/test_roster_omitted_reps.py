"""A roster that leaves out reps the store holds says so: a roster without a leaver read "1 new, 0 updated,
58 unchanged", and the leaver stayed a current rep unsaid. The report names the reps left out (the first
few, then "and N more"), says they are kept as stored, and how to mark one who left."""

from __future__ import annotations

from winloss.ingest.pipeline import OMITTED_NAMED, commit, prepare, store_rep_sentences
from winloss.store.delta import Store

DEALS = "Opportunity ID,Owner,Stage,Close Date,Amount\nA1,Ann Lee,Closed Won,2026-08-01,1000\nB1,Bob Ray,Closed Lost,2026-08-02,1000\n"


def _roster(names: list[str], status: list[str] | None = None) -> bytes:
    header = "Rep,Team,Manager" + (",Status" if status else "")
    rows = [f"{name},East,Eve" + (f",{status[i]}" if status else "") for i, name in enumerate(names)]
    return ("\n".join([header, *rows]) + "\n").encode()


def _store(tmp_path, names: list[str], status: list[str] | None = None) -> Store:
    store = Store(tmp_path / "s")
    for content, name in ((DEALS.encode(), "deals.csv"), (_roster(names, status), "roster_1.csv")):
        prepared = prepare(content, name)
        assert prepared.rejected is None
        commit(store, prepared)
    return store


def _said(store: Store, content: bytes) -> list[str]:
    return [s for s in store_rep_sentences(store, prepare(content, "roster_2.csv")) if "not in this roster" in s]


def test_a_rep_the_roster_leaves_out_is_named_with_what_is_done_and_how_to_mark_a_leaver(tmp_path) -> None:
    store = _store(tmp_path, ["Ann Lee", "Bob Ray", "Wei Lewis"])
    assert _said(store, _roster(["Ann Lee", "Bob Ray"])) == [
        '1 rep the store holds is not in this roster ("Wei Lewis"): kept as stored, current, with their team, '
        "manager and profile. To mark one who left, give them a row with Left or Inactive in a Status column, or the "
        "day they left in an End date column, and upload the roster again."]
    # The same names in another case or spacing are the same reps: nothing is left out.
    assert _said(store, _roster(["ann lee", "Bob  Ray", "WEI LEWIS"])) == []


def test_past_a_few_the_rest_are_counted_and_the_files_own_status_column_is_named(tmp_path) -> None:
    names = [f"Rep {letter}" for letter in "ABCDEFGH"]
    store = _store(tmp_path, names)
    (said,) = _said(store, _roster(["Rep A"], ["Active"]))
    assert said.startswith('7 reps the store holds are not in this roster ("Rep B", "Rep C", "Rep D", "Rep E", '
                           '"Rep F" and 2 more): kept as stored')
    assert OMITTED_NAMED == 5 and "Left or Inactive in 'Status'," in said


def test_a_rep_the_store_holds_as_left_is_not_named(tmp_path) -> None:
    store = _store(tmp_path, ["Ann Lee", "Bob Ray", "Wei Lewis"], ["Active", "Active", "Left"])
    assert _said(store, _roster(["Ann Lee", "Bob Ray"])) == []
