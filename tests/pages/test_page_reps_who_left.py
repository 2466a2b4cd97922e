"""The Reps page with a roster whose Status column says a rep left: the leaderboard marks them in a Left on
column, lists them by default (the caption says why and how to hide them), hides them on request while
every rate still counts their deals, and with names anonymised marks the pseudonym without a name."""

from __future__ import annotations

from app_driver import opened

from winloss import employment
from winloss.ingest.pipeline import commit, prepare

REPS = {"Tom Hale": (14, 6), "Bob Ray": (4, 16), "Ann Lee": (10, 10)}  # won, lost: 20 closed deals each


def reps_and_roster(store) -> None:
    rows = [f"{rep[:2]}{i:03d},{rep},{'Closed Won' if i < won else 'Closed Lost'},2026-08-{1 + i % 28:02d},1000"
            for rep, (won, lost) in REPS.items() for i in range(won + lost)]
    deals = "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n"
    roster = ("Rep,Team,Email,Status\nTom Hale,East,t@x.com,Active\nBob Ray,East,b@x.com,Terminated\n"
              "Ann Lee,West,a@x.com,Sabbatical\n")
    for content, name in ((roster, "team.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def board_of(at):
    (board,) = [g for g in at.dataframe if "win_rate" in g.value.columns and "rep" in g.value.columns]
    return board.value


def left_on(board) -> list[str | None]:
    """The Left on column's cells, None where blank."""
    import pandas as pd

    return [None if pd.isna(v) else v for v in board[employment.LEFT_ON]] if employment.LEFT_ON in board else []


def test_the_leaderboard_marks_a_rep_who_left_and_can_hide_them(store) -> None:
    reps_and_roster(store)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert set(board["rep"]) == set(REPS)  # listed by default
    marks = dict(zip(board["rep"], left_on(board), strict=True))
    assert marks["Bob Ray"] == employment.LEFT_NO_DAY
    assert marks["Ann Lee"] is None and marks["Tom Hale"] is None  # "Sabbatical" is not a word for leaving
    captions = " ".join(c.value for c in at.caption)
    assert employment.SHOWN_RULE in captions and employment.HIDE_LABEL in captions
    toggle = at.toggle(key="rp-hide-left")
    assert toggle.value is False  # off by default
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(board_of(at)["rep"]) == {"Tom Hale", "Ann Lee"}
    assert "1 rep who left is hidden from the table and chart" in " ".join(c.value for c in at.caption)


def test_with_names_anonymised_the_mark_stays_and_no_name_shows(store) -> None:
    reps_and_roster(store)
    at = opened("reps", period="All time", anon="true")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert not set(board["rep"]) & set(REPS)
    assert sorted(v for v in left_on(board) if v is not None) == [employment.LEFT_NO_DAY]
    drawn = " ".join(str(v) for v in board.to_numpy().ravel()) + " ".join(c.value for c in at.caption)
    assert not any(part in drawn for rep in REPS for part in rep.split())
