"""A roster rep on two rows keeps neither, and the reason says what to do by how the rows differ. A rep who moved
team mid-year, on a row per team, read "each rep must appear once per file": keeping the newer row, the obvious
fix, counts every earlier deal for the new team. Two teams now say how a move is recorded (a Team Start Date,
with the earlier team held by the store); other differences name their columns."""

from __future__ import annotations

from winloss.ingest.pipeline import prepare


def _reasons(content: str) -> dict[int, str]:
    prepared = prepare(content.encode(), "roster.csv", kind="roster")
    assert prepared.rejected is None
    return dict(prepared.errors.select("line", "message").iter_rows())


def test_a_rep_on_a_row_per_team_is_told_how_a_move_is_recorded() -> None:
    reasons = _reasons("Rep,Team,Manager,Seller Profile\nAnn Lee,Falcons,Helen Park,Challenger\n"
                       "Mike Chen,Orcas,Marc Dubois,Challenger\nMike Chen,Falcons,Helen Park,Challenger\n")
    assert reasons[3] == reasons[4] == (
        "Rep 'Mike Chen' appears on lines 3 and 4 (teams Orcas and Falcons): a rep is one row, so none of those rows "
        "is stored. To record a move, keep the row of the current team and give it a Team Start Date, the day the rep "
        "joined it: deals before that day stay with the earlier team (Orcas, if the rep moved to Falcons) once the "
        "store holds the rep in it; if it does not yet, upload a roster with the earlier row alone first.")


def test_the_rosters_own_team_start_column_is_named() -> None:
    reasons = _reasons("Rep,Team,Joined team\nMike Chen,Orcas,\nMike Chen,Falcons,2026-07-01\nMike Chen,Eagles,\n"
                       "Ann Lee,Orcas,\n")
    assert reasons[2].startswith("Rep 'Mike Chen' appears on lines 2, 3 and 4 (teams Orcas, Falcons and Eagles): a rep "
                                 "is one row, so none of those rows is stored. To record a move, keep the row of the "
                                 "current team and give it a date in 'Joined team', the day the rep joined it: deals "
                                 "before that day stay with the earlier team once the store holds the rep in it;")


def test_rows_that_differ_otherwise_name_the_columns_and_same_rows_say_so() -> None:
    reasons = _reasons("Rep,Team,Manager,Seller Profile\nMike Chen,Orcas,Marc Dubois,Challenger\n"
                       "Mike Chen,Orcas,Helen Park,Lone Wolf\nAnn Lee,Orcas,Marc Dubois,Challenger\n"
                       "Ann Lee,Orcas,Marc Dubois,Challenger\nBob Ray,Orcas,Marc Dubois,Challenger\n")
    assert reasons[2] == ("Rep 'Mike Chen' appears on lines 2 and 3, which differ in Manager and Seller Profile: a rep "
                          "is one row, so none of those rows is stored. Keep the row that is right and delete the other, "
                          "then upload the roster again.")
    assert reasons[4] == ("Rep 'Ann Lee' appears on lines 4 and 5, the same in every column read: a rep is one row, so "
                          "none of those rows is stored. Delete all but one and upload the roster again.")
