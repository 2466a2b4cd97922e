"""The Reps page with a roster whose Status column says a rep left: the leaderboard marks them in a Left on
column, lists them by default (the caption says why and how to hide them), hides them on request while
every rate still counts their deals, and with names anonymised marks the pseudonym without a name."""

from __future__ import annotations

from app_driver import opened

from winloss import employment
from winloss.ingest.pipeline import commit, prepare
from winloss.views.no_decision import BREAKDOWN_CHOICE_LABELS

REPS = {"Tom Hale": (14, 6), "Bob Ray": (4, 16), "Ann Lee": (10, 10)}  # won, lost: 20 closed deals each


ROSTER = ("Rep,Team,Email,Status\nTom Hale,East,t@x.com,Active\nBob Ray,East,b@x.com,Terminated\n"
          "Ann Lee,West,a@x.com,Sabbatical\n")


def reps_and_roster(store, roster: str = ROSTER) -> None:
    """REPS' deals, 20 closed each, and `roster` (by default Bob left; Ann on sabbatical, current)."""
    rows = [f"{rep[:2]}{i:03d},{rep},{'Closed Won' if i < won else 'Closed Lost'},2026-08-{1 + i % 28:02d},1000"
            for rep, (won, lost) in REPS.items() for i in range(won + lost)]
    deals = "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n"
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


def test_the_leaderboard_marks_a_rep_who_left_and_can_hide_them(store, filled) -> None:
    filled(reps_and_roster)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert set(board["rep"]) == set(REPS)  # listed by default
    marks = dict(zip(board["rep"], left_on(board), strict=True))
    assert marks["Bob Ray"] == employment.LEFT_NO_DAY
    assert marks["Ann Lee"] is None and marks["Tom Hale"] is None  # "Sabbatical" is not a word for leaving
    captions = " ".join(c.value for c in at.caption)
    assert employment.SHOWN_RULE in captions and employment.HIDE_LABEL in captions
    toggle = at.toggle(key=employment.HIDE_PARAM)
    assert toggle.value is False  # off by default
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert set(board_of(at)["rep"]) == {"Tom Hale", "Ann Lee"}
    assert "1 rep who left is hidden from the table and chart" in " ".join(c.value for c in at.caption)


def test_with_names_anonymised_the_mark_stays_and_no_name_shows(store, filled) -> None:
    filled(reps_and_roster)
    at = opened("reps", period="All time", anon="true")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert not set(board["rep"]) & set(REPS)
    assert sorted(v for v in left_on(board) if v is not None) == [employment.LEFT_NO_DAY]
    drawn = " ".join(str(v) for v in board.to_numpy().ravel()) + " ".join(c.value for c in at.caption)
    assert not any(part in drawn for rep in REPS for part in rep.split())


def test_a_rep_leaving_later_is_shown_leaving_on_not_left_on_and_the_words_are_the_engines(store, filled) -> None:
    """Ann (Left, ending 2099) read "left on 31 Jan 2099"; Tom (Active, end date past) was listed as left; a rep
    who left with no day read "left (no date given)" in their view, "left (no date)" on the leaderboard."""
    filled(reps_and_roster, "Rep,Team,Email,Status,End date\nTom Hale,East,t@x.com,Active,2026-03-01\n"
                           "Bob Ray,East,b@x.com,Terminated,\nAnn Lee,West,a@x.com,Left,2099-01-31\n")
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert dict(zip(board["rep"], left_on(board), strict=True)) == {
        "Tom Hale": None, "Bob Ray": employment.LEFT_NO_DAY, "Ann Lee": "leaving on 31 Jan 2099"}
    ann = opened("reps", rep="Ann Lee", period="All time")
    assert not ann.exception, [e.value for e in ann.exception]
    said = " ".join(m.value for m in ann.markdown)
    assert "leaving on 31 Jan 2099" in said and "left on" not in said
    bob = opened("reps", rep="Bob Ray", period="All time")
    assert f"· {employment.LEFT_NO_DAY}" in " ".join(m.value for m in bob.markdown)


def test_the_chart_csv_gives_whether_a_rep_left_and_the_day_in_iso_form(store, filled, deferred) -> None:
    """The "Win rate by rep" CSV wrote left_on as "30 Jun 2026" while every other file writes ISO dates."""
    import csv
    import io

    filled(reps_and_roster, "Rep,Team,Email,Status,End date\nTom Hale,East,t@x.com,Active,\n"
                           "Bob Ray,East,b@x.com,Terminated,2026-06-30\nAnn Lee,West,a@x.com,Left,2099-01-31\n")
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (written,) = [make() for k, make in deferred.items() if k.startswith("win-rate-by-rep")]  # as a click makes it
    rows = {r["rep"]: r for r in csv.DictReader(io.StringIO(bytes(written).decode("utf-8-sig")))}
    assert {rep: (r[employment.LEFT], r[employment.LEFT_ON]) for rep, r in rows.items()} == {
        "Tom Hale": ("false", ""), "Bob Ray": ("true", "2026-06-30"), "Ann Lee": ("false", "2099-01-31")}


def test_the_roster_preview_shows_the_end_date_as_every_day_shows(store) -> None:
    """The Data page's preview showed "2026-09-30 00:00:00" where every other place says "30 Sep 2026"."""
    from app_driver import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    content = b"Rep,Team,Status,End date\nAnn Lee,East,Left,2026-09-30\nBob Ray,East,Left,2099-01-31\n"
    at.file_uploader(key="uploads").set_value([("team.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    preview = next(d.value for d in at.dataframe if "line" in d.value.columns and employment.LEFT_ON in d.value.columns)
    assert list(preview[employment.LEFT_ON]) == ["30 Sep 2026", "leaving on 31 Jan 2099"]
    assert list(preview[employment.LEFT]) == [True, False]  # Bob is leaving, not left


LEAVING_ROSTER = ("Rep,Team,Email,Status,End date\nTom Hale,East,t@x.com,Active,\n"
                  "Bob Ray,East,b@x.com,Terminated,2026-09-30\nAnn Lee,West,a@x.com,Active,2099-01-31\n")


def reps_leaving(store) -> None:
    """REPS' deals, with no-decision losses so the No decision page charts each rep, and a roster where Bob left
    on 30 Sep 2026 and Ann is leaving on 31 Jan 2099."""
    rows = [f"{rep[:2]}{i:03d},{rep},{'Closed Won' if i < won else 'Closed Lost'},2026-08-{1 + i % 28:02d},1000,"
            f"{'' if i < won else 'No decision' if i % 2 else 'Price'}"
            for rep, (won, lost) in REPS.items() for i in range(won + lost)]
    deals = "Opportunity ID,Owner,Stage,Close Date,Amount,Loss Reason\n" + "\n".join(rows) + "\n"
    for content, name in ((LEAVING_ROSTER, "team.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def chart_list(at, chart_key: str) -> list[str]:
    """The options of the keyboard list under the chart keyed `chart_key` ("rp-bars"), whatever its drill round."""
    import re

    (box,) = [s for s in at.selectbox if s.key and re.fullmatch(rf"{chart_key}-\d+-choose", s.key)]
    return list(box.options)


def test_every_list_of_reps_on_the_pages_marks_a_rep_who_left_or_is_leaving(store) -> None:
    """The leaderboard's Left on column was blank for Ann (leaving on 31 Jan 2099), and the lists under the rep
    charts, for keyboard and screen-reader users, named Bob and Ann as anyone."""
    reps_leaving(store)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    assert dict(zip(board["rep"], left_on(board), strict=True)) == {
        "Tom Hale": None, "Bob Ray": "30 Sep 2026", "Ann Lee": "leaving on 31 Jan 2099"}
    options = chart_list(at, "rp-bars")
    assert "Bob Ray (left on 30 Sep 2026) (n = 20)" in options and "Ann Lee (leaving on 31 Jan 2099) (n = 20)" in options
    assert "Tom Hale (n = 20)" in options
    # Every rep's share on fewer than 20 losses: the list standing in for the chart (ui.withheld.stand_in_ui) marks them.
    nd = opened("no_decision", period="All time")
    assert not nd.exception, [e.value for e in nd.exception]
    (box,) = [s for s in nd.selectbox if s.label == BREAKDOWN_CHOICE_LABELS["rep"]]
    assert sorted(box.options) == ["Ann Lee (leaving on 31 Jan 2099)", "Bob Ray (left on 30 Sep 2026)", "Tom Hale"]


def test_with_names_anonymised_the_lists_mark_the_pseudonym_and_name_nobody(store) -> None:
    reps_leaving(store)
    at = opened("reps", period="All time", anon="true")
    assert not at.exception, [e.value for e in at.exception]
    board = board_of(at)
    marks = dict(zip(board["rep"], left_on(board), strict=True))
    assert sorted(v for v in marks.values() if v is not None) == ["30 Sep 2026", "leaving on 31 Jan 2099"]
    options = chart_list(at, "rp-bars")
    gone, leaving = (next(rep for rep, v in marks.items() if v == day) for day in ("30 Sep 2026", "leaving on 31 Jan 2099"))
    assert f"{gone} (left on 30 Sep 2026) (n = 20)" in options and f"{leaving} (leaving on 31 Jan 2099) (n = 20)" in options
    drawn = " ".join(options) + " ".join(str(v) for v in board.to_numpy().ravel())
    assert not any(part in drawn for rep in REPS for part in rep.split())


def test_the_roster_preview_never_puts_a_day_still_to_come_under_left_on(store) -> None:
    """The preview's column was headed "Left on (end date)" and held "15 Jan 2027" for a rep leaving then:
    a day not yet come read as a day the rep had left. Its header is the lists' "Left on", and a day still
    to come reads in their words, "leaving on 15 Jan 2027"."""
    import json

    from app_driver import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.switch_page("app_pages/data.py").run()
    content = (b"Employee Name,Team,Status,End Date\nPriya Natarajan,East,Terminated,2026-08-31\n"
               b"Lucy Ford,East,Active,2099-01-15\nTom Becker,West,Active,\n")
    at.file_uploader(key="uploads").set_value([("hr_roster.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    grid = next(d for d in at.dataframe if "line" in d.value.columns and employment.LEFT_ON in d.value.columns)
    assert left_on(grid.value) == ["31 Aug 2026", "leaving on 15 Jan 2099", None]
    header = json.loads(grid.proto.columns)[employment.LEFT_ON]["label"]
    assert header == employment.LEFT_ON_HEADER


def test_the_roster_report_names_who_left_with_the_day_the_name_as_text(store) -> None:
    """It counted "1 of the 2 people in the roster left." and named nobody; a name with Markdown's marks in it
    reads as the file wrote it, not as bold text."""
    from rendered import as_read

    at = opened("data")
    content = b"Rep,Team,Status,End date\nMarcus **Bell**,East,Left,2026-07-31\nBob Ray,East,Active,\n"
    at.file_uploader(key="uploads").set_value([("team.csv", content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    (note,) = [i.value for i in at.info if "people in the roster left" in i.value]
    assert "\\*\\*Bell\\*\\*" in note  # escaped: drawn as the two stars, not as bold
    assert ("1 of the 2 people in the roster left: \"Marcus **Bell**\" (left on 31 Jul 2026). A rep who left keeps"
            in as_read(note)), note
