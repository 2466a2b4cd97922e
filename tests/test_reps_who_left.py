"""Reps who left, as a roster's Status, Active or End date column says (winloss.employment): read, never
a column not used; a value the product does not understand is read as current and named in the file
report; a rep who left keeps every deal in every number and is only marked in lists of reps."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from built_stores import committed
from winloss import employment
from winloss.deals import deals, page_deals
from winloss.filters import Filters
from winloss.ingest.pipeline import commit, prepare
from winloss.profile_sources import reps_to_assess
from winloss.store.delta import Store
from winloss.views.reps import leaderboard, leaderboard_table, rep, rep_header

TODAY = dt.date(2026, 12, 5)
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _deals_csv() -> str:
    """Ann: 4 closed deals (3 won), Bob: 4 (1 won), Cy: 2 (2 won), all in Aug 2026."""
    rows = [("A", "Ann Lee", "WWWL"), ("B", "Bob Ray", "WLLL"), ("C", "Cy Dee", "WW")]
    lines = [f"{p}{i},{rep},{'Closed Won' if o == 'W' else 'Closed Lost'},2026-08-{i + 1:02d},1000"
             for p, rep, outcomes in rows for i, o in enumerate(outcomes)]
    return "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(lines) + "\n"


def _stored(tmp_path, roster: str, name: str = "store") -> Store:
    """A store at `tmp_path`/`name` holding `roster`, then the deals, each read whole."""
    return committed(tmp_path / name, (roster, "team.csv"), (_deals_csv(), "deals.csv"))


STATUS_ROSTER = "Rep,Team,Email,Status\nAnn Lee,East,a@x.com,Active\nBob Ray,East,b@x.com,Left\nCy Dee,West,c@x.com,On leave\n"
PLAIN_ROSTER = "Rep,Team,Email\nAnn Lee,East,a@x.com\nBob Ray,East,b@x.com\nCy Dee,West,c@x.com\n"


# ---- the rules ------------------------------------------------------------------------------------------
def test_a_status_says_left_only_in_its_vocabulary_and_names_the_values_it_read_as_current() -> None:
    status = pl.Series(["Active", "Left", "On leave", None, "TERMINATED", "Sabbatical", "on leave", "Inactive"])
    read = employment.read_employment(status, None, "Status", None, TODAY)
    assert read.left.to_list() == [False, True, False, False, True, False, False, True]
    assert read.left_on.null_count() == 8
    assert read.note is not None and read.note.startswith("The roster's 'Status' column was read: 3 of the 8 people in the roster left.")
    # Never quietly given a meaning: each value not understood is named, with its count, as read as current.
    assert "Read as current" in read.note and "'On leave' (1 rep)" in read.note and "'Sabbatical' (1 rep)" in read.note
    assert "'Active'" not in read.note  # a word for being current needs no note


def test_an_active_column_of_yes_and_no_says_who_left() -> None:
    read = employment.read_employment(pl.Series(["Yes", "No", "yes", "FALSE", "TRUE"]), None, "Active", None, TODAY)
    assert read.left.to_list() == [False, True, False, True, False]
    assert read.note is not None and "'Active' column was read: 2 of the 5 people in the roster left." in read.note and "Read as current" not in read.note


def test_an_end_date_on_or_before_today_says_the_rep_left_on_it_and_a_value_not_a_date_is_named() -> None:
    end = pl.Series(["2026-03-01", None, "TBD", "2027-01-31", "2026-12-05"])
    read = employment.read_employment(None, end, None, "End date", TODAY)
    assert read.left.null_count() == 5  # no status column: the status says nothing
    assert read.left_on.to_list() == [dt.date(2026, 3, 1), None, None, dt.date(2027, 1, 31), dt.date(2026, 12, 5)]
    frame = pl.DataFrame([read.left, read.left_on])
    assert frame.select(employment.has_left(TODAY)).to_series().to_list() == [True, False, False, False, True]
    assert read.note is not None and "'End date' column was read: 2 of the 5 people in the roster left." in read.note
    assert "1 rep with an end date still to come is current until then." in read.note
    assert "Not a date, so read as no end date: 'TBD' (1 rep)" in read.note


def test_the_note_names_who_left_with_the_day_a_few_then_counts_the_rest() -> None:
    """Seven reps left, one is leaving: the first five who left are named in the roster's order, each with the day
    they left, the other two counted; the rep leaving later is not among them."""
    names = ["Marcus Bell", "Ann Lee", "Zed *Bold*", "Bob Ray", "Cy Dee", "Dan Oz", "Eve Nix", "Fay Orr"]
    ends = ["2026-07-31", "2026-03-01", "2026-04-01", None, "2026-05-01", "2026-06-01", "2027-01-31", "2026-08-01"]
    status = ["Left", "Left", "Left", "Terminated", "Left", "Left", "Active", "Left"]
    read = employment.read_employment(pl.Series(status), pl.Series(ends), "Status", "End Date", TODAY, pl.Series(names))
    assert read.note is not None
    assert read.note.startswith(
        "The roster's 'Status' and 'End Date' columns were read: 7 of the 8 people in the roster left: \"Marcus Bell\" "
        "(left on 31 Jul 2026), \"Ann Lee\" (left on 1 Mar 2026), \"Zed *Bold*\" (left on 1 Apr 2026), \"Bob Ray\" "
        "(left, no date), \"Cy Dee\" (left on 1 May 2026) and 2 more. A rep who left keeps every deal"), read.note
    assert "Eve Nix" not in read.note and "1 rep with an end date still to come is current until then." in read.note


# ---- a roster's file report and what it stores ---------------------------------------------------------
def test_a_rosters_status_column_is_read_and_its_file_report_counts_who_left(tmp_path) -> None:
    prepared = prepare(STATUS_ROSTER.encode(), "team.csv")
    assert prepared.kind == "roster"
    assert prepared.mapping is not None and prepared.mapping.fields.get(employment.STATUS) == "Status"
    said = " ".join(prepared.notes)
    # Who left is named, not only counted (a status gives no day).
    assert "The roster's 'Status' column was read: 1 of the 3 people in the roster left: \"Bob Ray\" (left, no date)." in said
    assert "'On leave' (1 rep)" in said  # read as current, and said so
    store = Store(tmp_path / "store")
    commit(store, prepared)
    stored = store.roster().collect().sort("rep")
    assert stored.get_column(employment.LEFT).to_list() == [False, True, False]


def test_a_rep_who_left_keeps_every_deal_in_every_number_and_is_marked_on_the_leaderboard(tmp_path) -> None:
    told, silent = _stored(tmp_path, STATUS_ROSTER, "told"), _stored(tmp_path, PLAIN_ROSTER, "silent")
    with_status, without = deals(told), deals(silent)
    assert with_status.height == without.height == 10
    assert with_status.filter(pl.col("rep") == "Bob Ray").get_column(employment.REP_LEFT).all()
    assert not with_status.filter(pl.col("rep") != "Bob Ray").get_column(employment.REP_LEFT).any()
    boards = [leaderboard(page_deals(s).lazy(), Filters(preset="custom", start=START, end=END), START, END)
              for s in (told, silent)]
    numbers = ["rep", "closed", "won", "n", "win_rate", "win_rate_lo", "win_rate_hi"]
    assert boards[0].select(numbers).sort("rep").equals(boards[1].select(numbers).sort("rep"))  # history is honest
    table = leaderboard_table(boards[0], hide_amounts=False)
    assert table.columns[:2] == ["rep", employment.LEFT_ON]  # beside the name
    marks = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    assert marks == {"Ann Lee": None, "Bob Ray": employment.LEFT_NO_DAY, "Cy Dee": None}
    assert employment.LEFT_ON not in leaderboard_table(boards[1], hide_amounts=False).columns  # nobody left: no column


def test_a_rep_who_left_is_marked_under_a_pseudonym_and_the_mark_holds_no_name(tmp_path) -> None:
    store = _stored(tmp_path, STATUS_ROSTER)
    hidden = page_deals(store, anonymise=True)
    board = leaderboard(hidden.lazy(), Filters(preset="custom", start=START, end=END), START, END)
    table = leaderboard_table(board, hide_amounts=False)
    words = " ".join(str(v) for row in table.iter_rows() for v in row)
    assert not any(name in words for name in ("Ann", "Bob", "Cy", "Lee", "Ray", "Dee"))
    assert table.get_column(employment.LEFT_ON).drop_nulls().to_list() == [employment.LEFT_NO_DAY]


def test_an_end_date_gives_the_day_the_lists_show(tmp_path) -> None:
    roster = "Rep,Team,End date\nAnn Lee,East,\nBob Ray,East,2026-03-01\nCy Dee,West,2099-01-01\n"
    store = _stored(tmp_path, roster)
    board = leaderboard(page_deals(store).lazy(), Filters(preset="custom", start=START, end=END), START, END)
    table = leaderboard_table(board, hide_amounts=False)
    marks = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    # Cy leaves later: current now, and said so in the rep view's words
    assert marks == {"Ann Lee": None, "Bob Ray": "1 Mar 2026", "Cy Dee": "leaving on 1 Jan 2099"}
    filters = Filters(preset="custom", start=START, end=END)
    views = {name: rep(page_deals(store).lazy(), name, filters, START, END, TODAY) for name in ("Bob Ray", "Cy Dee")}
    assert rep_header(views["Bob Ray"]).endswith(" · left on 1 Mar 2026")  # under the rep's name
    assert "left" not in rep_header(views["Cy Dee"])


def test_a_later_roster_or_an_edit_that_does_not_say_keeps_a_rep_who_left(tmp_path) -> None:
    store = _stored(tmp_path, STATUS_ROSTER)
    commit(store, prepare("Rep,Team,Seller Profile\nBob Ray,West,Challenger\n".encode(), "profiles.csv"))
    store.save_roster_rows(pl.DataFrame({"rep": ["Bob Ray"], "seller_profile": ["Challenger"], "team": ["North"],
                                         "manager": [None], "region": [None]}))
    bob = store.roster().filter(pl.col("rep") == "Bob Ray").collect().row(0, named=True)
    assert (bob["team"], bob[employment.LEFT]) == ("North", True)
    # A roster that says it again decides: Bob is back.
    commit(store, prepare("Rep,Team,Manager,Status\nBob Ray,North,Kim Lo,Active\n".encode(), "back.csv"))
    assert store.roster().filter(pl.col("rep") == "Bob Ray").collect().get_column(employment.LEFT).to_list() == [False]


def test_the_assessment_picker_marks_a_rep_who_left(tmp_path) -> None:
    store = _stored(tmp_path, STATUS_ROSTER)
    reps = reps_to_assess(store.opportunities(), store.roster(), store.assessments())
    left = dict(zip(reps.get_column("rep"), reps.get_column(employment.REP_LEFT), strict=True))
    assert left == {"Ann Lee": False, "Bob Ray": True, "Cy Dee": False}
    assert employment.picker_label("Bob Ray", True, "4 deals") == f"Bob Ray (4 deals; {employment.LEFT_NO_DAY})"
    assert employment.picker_label("Ann Lee", False, "4 deals") == "Ann Lee (4 deals)"


@pytest.mark.parametrize("header", ["End date", "Active", "Termination date"])
def test_a_people_list_with_an_hr_column_is_still_read_as_a_roster(header) -> None:
    """The HR columns a roster now reads still say the file is a list of people (mapping.kind_decision)."""
    content = f"Rep,Email,{header}\nAnn Lee,a@x.com,\n"
    assert prepare(content.encode(), "people.csv").kind == "roster"


def test_the_roster_editor_shows_the_day_a_rep_left_and_saving_an_edit_keeps_it(tmp_path) -> None:
    from winloss.views.roster import roster_changes, roster_for_editing

    store = _stored(tmp_path, "Rep,Team,End date\nAnn Lee,East,\nBob Ray,East,2026-03-01\nCy Dee,West,\n")
    table = roster_for_editing(store.opportunities(), store.roster())
    marks = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    assert marks == {"Ann Lee": None, "Bob Ray": "1 Mar 2026", "Cy Dee": None}
    edited = table.with_columns(pl.when(pl.col("rep") == "Bob Ray").then(pl.lit("North")).otherwise("team").alias("team"))
    store.save_roster_rows(roster_changes(table, edited))
    bob = store.roster().filter(pl.col("rep") == "Bob Ray").collect().row(0, named=True)
    assert (bob["team"], bob[employment.LEFT_ON]) == ("North", dt.date(2026, 3, 1))


# ---- a status and an end date that disagree -----------------------------------------------------------
DISAGREEING = pl.Series(["Left", "Active", "Terminated", "Active"])
DISAGREEING_END = pl.Series(["2027-01-31", "2026-10-31", "31/10/2026", "2027-02-28"])
DISAGREEING_REPS = pl.Series(["Ann Lee", "Bob Ray", "Cara Diaz", "Dev Roy"])


def test_a_status_and_an_end_date_that_disagree_are_settled_by_a_rule_the_report_names_row_by_row() -> None:
    """Bob's Active with an end date past read as left; Ann's Left with a date still to come, as left on it: both silently."""
    read = employment.read_employment(DISAGREEING, DISAGREEING_END, "Status", "End date", TODAY, DISAGREEING_REPS)
    frame = pl.DataFrame([read.left, read.left_on])
    # Ann is leaving (current until 31 Jan 2027); Bob is current, as his Status says now; Cara left; Dev is leaving.
    assert frame.select(employment.has_left(TODAY)).to_series().to_list() == [False, False, True, False]
    assert read.left_on.to_list() == [dt.date(2027, 1, 31), None, dt.date(2026, 10, 31), dt.date(2027, 2, 28)]
    assert read.note is not None and "'End date' columns were read: 1 of the 4 people in the roster left: \"Cara Diaz\" (left on 31 Oct 2026)." in read.note
    assert "2 rows whose status and end date disagree, never settled silently:" in read.note
    assert ("\"Ann Lee\": 'Status' says 'Left' but 'End date' gives 31 Jan 2027, still to come: read as leaving on "
            "31 Jan 2027, current until then; if they have already left, write the day they left in 'End date'") in read.note
    assert ("\"Bob Ray\": 'Status' says 'Active' but 'End date' gives 31 Oct 2026, already past: read as current, since the "
            "status is what HR says now; if they left, write Left in 'Status'") in read.note
    disagreeing = read.note.split("never settled silently:")[1]
    assert "Cara Diaz" not in disagreeing and "Dev Roy" not in read.note  # their columns agree (Cara is named as left)


def test_past_a_few_rows_that_disagree_the_report_counts_the_rest() -> None:
    rows = employment.NAMED_DISAGREEMENTS + 3
    read = employment.read_employment(pl.Series(["Left"] * rows), pl.Series(["2099-01-01"] * rows), "Status", "End date",
                                      TODAY, pl.Series([f"Rep {i}" for i in range(rows)]))
    assert read.note is not None and f"{rows} rows whose status and end date disagree" in read.note
    assert '"Rep 9":' in read.note and '"Rep 10":' not in read.note and "3 more rows whose status and end date disagree are read" in read.note


def test_a_day_still_to_come_is_never_shown_as_left_on(tmp_path) -> None:
    """Ann (Left, ending 2099) read "left on 31 Jan 2099" in her view and the leaderboard's Left on column."""
    roster = ("Rep,Team,Status,End date\nAnn Lee,East,Left,2099-01-31\nBob Ray,East,Active,2026-03-01\n"
              "Cy Dee,West,Terminated,\n")
    store = _stored(tmp_path, roster)
    filters = Filters(preset="custom", start=START, end=END)
    board = leaderboard(page_deals(store).lazy(), filters, START, END)
    table = leaderboard_table(board, hide_amounts=False)
    marks = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    assert marks == {"Ann Lee": "leaving on 31 Jan 2099", "Bob Ray": None, "Cy Dee": employment.LEFT_NO_DAY}
    views = {name: rep(page_deals(store).lazy(), name, filters, START, END, TODAY) for name in ("Ann Lee", "Bob Ray", "Cy Dee")}
    assert rep_header(views["Ann Lee"]).endswith(" · leaving on 31 Jan 2099")
    assert "left" not in rep_header(views["Bob Ray"]) and "leaving" not in rep_header(views["Bob Ray"])
    # One wording for a rep who left with no day, in the rep's view as in the leaderboard.
    assert rep_header(views["Cy Dee"]).endswith(f" · {employment.LEFT_NO_DAY}")


def test_a_day_that_is_not_a_date_is_not_advised_blank_for_a_current_rep() -> None:
    read = employment.read_employment(pl.Series(["no"]), pl.Series(["tbc"]), "Active", "Termination date", TODAY)
    assert read.note is not None and "'tbc' (1 rep)" in read.note
    assert "current rep" not in read.note and "leave the cell blank when there is none" in read.note


def test_the_roster_preview_shows_the_end_date_as_a_day_and_a_rep_leaving_as_not_left() -> None:
    from winloss.views.data_page import preview_rows

    roster = "Rep,Team,Status,End date\nAnn Lee,East,Left,2026-09-30\nBob Ray,East,Left,2099-01-31\n"
    preview = preview_rows(prepare(roster.encode(), "team.csv"))
    assert preview.get_column(employment.LEFT_ON).to_list() == ["30 Sep 2026", "leaving on 31 Jan 2099"]
    assert preview.get_column(employment.LEFT).to_list() == [True, False]


# ---- one wording wherever a rep is listed ------------------------------------------------------------
MARKED_ROSTER = ("Rep,Team,Status,End date\nAnn Lee,East,Active,\nBob Ray,East,Left,2026-09-30\n"
                 "Cy Dee,West,Active,2099-01-31\n")


def test_a_rep_leaving_later_is_marked_on_the_leaderboard_in_the_rep_views_words(tmp_path) -> None:
    """Cy (leaving on 31 Jan 2099) had a blank Left on cell: only his view said "leaving on 31 Jan 2099"."""
    store = _stored(tmp_path, MARKED_ROSTER)
    filters = Filters(preset="custom", start=START, end=END)
    board = leaderboard(page_deals(store).lazy(), filters, START, END)
    table = leaderboard_table(board, hide_amounts=False)
    cells = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    assert cells == {"Ann Lee": None, "Bob Ray": "30 Sep 2026", "Cy Dee": "leaving on 31 Jan 2099"}
    cy = rep(page_deals(store).lazy(), "Cy Dee", filters, START, END, TODAY)
    assert rep_header(cy).endswith(f" · {cells['Cy Dee']}")  # the same words, from one place
    # A list of names gives each rep marked in those words after the name.
    assert employment.marks_of(board) == {"Bob Ray": "left on 30 Sep 2026", "Cy Dee": "leaving on 31 Jan 2099"}
    assert employment.marked_name("Cy Dee", "leaving on 31 Jan 2099") == "Cy Dee (leaving on 31 Jan 2099)"


def test_a_chart_of_reps_and_its_keyboard_list_mark_a_rep_who_left_or_is_leaving(tmp_path) -> None:
    """The list under the Reps page's chart read "Bob Ray (n = 4)": nothing said Bob had left."""
    from winloss.present import charts, withheld
    from winloss.present.selection import choices

    store = _stored(tmp_path, MARKED_ROSTER)
    board = leaderboard(page_deals(store).lazy(), Filters(preset="custom", start=START, end=END), START, END)
    figure = charts.rate_bars(board, "rep", title="Win rate by rep", customdata=["seller_profile"], horizontal=True,
                              marks=employment.marks_of(board))
    labels = sorted(choice.label for choice in choices(figure))
    assert labels == ["Ann Lee (n = 4)", "Bob Ray (left on 30 Sep 2026) (n = 4)", "Cy Dee (leaving on 31 Jan 2099) (n = 2)"]
    # On 2 to 4 deals each rate is withheld: each rep's bar is a grey stub (withheld.placeholder_bars), whose
    # choice and hover are the rep's, marks and all.
    (bars,) = [t for t in figure.data if t.type == "bar" and t.name == withheld.PLACEHOLDER_NAME]
    hover = dict(zip([c[0] for c in bars.customdata], bars.hovertext, strict=True))
    assert "left on 30 Sep 2026" in hover["Bob Ray"] and "leaving on 31 Jan 2099" in hover["Cy Dee"]
    assert "left" not in hover["Ann Lee"] and "leaving" not in hover["Ann Lee"]


def test_the_command_lines_report_by_rep_marks_a_rep_who_left_or_is_leaving(tmp_path) -> None:
    """report --by rep listed Bob and Cy as anyone: only the app's lists said they had left or were leaving."""
    from command_line import run

    from winloss.cli import report_rows

    store = _stored(tmp_path, MARKED_ROSTER)
    rows = {r["group"]: r for r in report_rows(deals(store), by="rep")}
    # The JSON's dates are ISO, as every file's; whether the rep left is its own field, words only in print.
    assert {rep: (r[employment.LEFT], r[employment.LEFT_ON]) for rep, r in rows.items()} == {
        "Ann Lee": (False, None), "Bob Ray": (True, "2026-09-30"), "Cy Dee": (False, "2099-01-31")}
    as_json = json.loads(run("report", "--by", "rep", "--json", "--store", str(tmp_path / "store"), cwd=tmp_path).stdout)
    assert {r["group"]: r[employment.LEFT_ON] for r in as_json["rows"]}["Bob Ray"] == "2026-09-30"
    assert rows["Bob Ray"]["closed"] == 4  # still counted as anyone's
    assert employment.LEFT_ON not in report_rows(deals(store), by="profile")[0]  # a rep's mark, on a rep's row only
    printed = run("report", "--by", "rep", "--store", str(tmp_path / "store"), cwd=tmp_path).stdout.splitlines()
    header = next(line for line in printed if line.startswith("group"))
    assert header.endswith(f"  {employment.LEFT_ON_HEADER}")
    lines = {line.split("  ")[0].strip(): line for line in printed if line[:3] in ("Ann", "Bob", "Cy ")}
    assert lines["Bob Ray"].endswith("  30 Sep 2026") and lines["Cy Dee"].endswith("  leaving on 31 Jan 2099")
    assert lines["Ann Lee"] == lines["Ann Lee"].rstrip() and "2026" not in lines["Ann Lee"][116:]


# ---- a roster stored before the rule of a status and an end date that disagree ------------------------
READ_ON = "employment_read_on"  # employment.READ_ON: the column a roster stored before the rule lacks


def _stored_before_the_rule(tmp_path, rows: list[tuple[str, bool | None, dt.date | None, dt.datetime]]) -> Store:
    """A store whose roster rows (rep, left, left_on, updated_at) were written as before the rule: no day read
    kept, and a status read as current with an end date already past stored with its date."""
    from deltalake import DeltaTable

    store = Store(tmp_path / "old")
    commit(store, prepare(MARKED_ROSTER.encode(), "team.csv"))
    path = str(tmp_path / "old" / "roster")
    stored = pl.read_delta(path).drop(READ_ON, strict=False)
    by_rep = {rep: (left, left_on, at) for rep, left, left_on, at in rows}
    stored = stored.filter(pl.col("rep").is_in(list(by_rep))).with_columns(
        pl.col("rep").replace_strict({r: v[0] for r, v in by_rep.items()}, return_dtype=pl.Boolean).alias(employment.LEFT),
        pl.col("rep").replace_strict({r: v[1] for r, v in by_rep.items()}, return_dtype=pl.Date).alias(employment.LEFT_ON),
        pl.col("rep").replace_strict({r: v[2] for r, v in by_rep.items()},
                                     return_dtype=pl.Datetime("us", "UTC")).alias("updated_at"))
    stored.write_delta(path, mode="overwrite", delta_write_options={"schema_mode": "overwrite"})
    manifest = pl.read_delta(str(tmp_path / "old" / "uploads")).with_columns(
        roster_version=pl.lit(DeltaTable(path).version(), pl.Int64))
    manifest.write_delta(str(tmp_path / "old" / "uploads"), mode="overwrite")
    commit(store, prepare(_deals_csv().encode(), "deals.csv"))
    return store


STORED_ON = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def test_a_roster_stored_before_the_rule_is_read_by_it(tmp_path) -> None:
    """Ann (Active, end date 1 Mar 2026, stored 1 Oct 2026) read as left on 1 Mar 2026, where the same roster
    uploaded today reads as current."""
    store = _stored_before_the_rule(tmp_path, [
        ("Ann Lee", False, dt.date(2026, 3, 1), STORED_ON),  # Active, a day already past when stored: current
        ("Bob Ray", True, dt.date(2026, 9, 30), STORED_ON),  # Left on a past day: left
        ("Cy Dee", False, dt.date(2026, 11, 15), STORED_ON),  # Active, leaving on a day to come then, since past: left
    ])
    assert READ_ON not in pl.read_delta(str(tmp_path / "old" / "roster")).columns
    left = {r["rep"]: (r[employment.REP_LEFT], r[employment.REP_LEFT_ON])
            for r in deals(store).unique("rep").iter_rows(named=True)}
    assert left == {"Ann Lee": (False, None), "Bob Ray": (True, dt.date(2026, 9, 30)),
                    "Cy Dee": (True, dt.date(2026, 11, 15))}
    # As the same roster uploaded today reads Ann: current, no day.
    today = _stored(tmp_path, "Rep,Team,Status,End date\nAnn Lee,East,Active,2026-03-01\n", "today")
    assert deals(today).filter(pl.col("rep") == "Ann Lee").select(employment.REP_LEFT, employment.REP_LEFT_ON).row(0) == (False, None)
    # An edit of those rows on the Data page keeps what they read as.
    store.save_roster_rows(pl.DataFrame({"rep": ["Ann Lee", "Cy Dee"], "seller_profile": ["Challenger"] * 2,
                                         "team": ["North"] * 2, "manager": [None, None], "region": [None, None]}))
    edited = {r["rep"]: (r["team"], r[employment.LEFT_ON]) for r in store.roster().collect().iter_rows(named=True)}
    assert edited["Ann Lee"] == ("North", None) and edited["Cy Dee"] == ("North", dt.date(2026, 11, 15))
    marks = employment.with_rep_marks(pl.DataFrame({"rep": ["Ann Lee", "Cy Dee"]}), deals(store).lazy())
    assert marks.get_column(employment.REP_LEFT).to_list() == [False, True]


def test_a_roster_stored_since_the_rule_is_read_as_stored(tmp_path) -> None:
    """A blank status with a past end date says the rep left on it: read so whenever it was stored."""
    store = _stored(tmp_path, "Rep,Team,Status,End date\nAnn Lee,East,,2026-03-01\nBob Ray,East,Active,\nCy Dee,West,Active,\n")
    assert store.roster().filter(pl.col("rep") == "Ann Lee").collect().get_column(READ_ON).to_list() == [
        dt.date.today()]
    ann = deals(store).filter(pl.col("rep") == "Ann Lee").select(employment.REP_LEFT, employment.REP_LEFT_ON).row(0)
    assert ann == (True, dt.date(2026, 3, 1))


def test_the_quarterly_reviews_movers_mark_a_rep_who_left_or_is_leaving(tmp_path) -> None:
    """The review's top movers (the page's grid, presenter mode's table, the HTML report, the deck's chart) named
    Bob, who left on 30 Sep 2026, as anyone: a reader took his fall for a rep still selling."""
    import io
    import zipfile

    from winloss.export.deck import deck_bytes
    from winloss.export.html import report_html
    from winloss.export.words import mover_rows
    from winloss.present.review_charts import movers_figure
    from winloss.views.review import movers_grid, quarterly_review

    # 20 closed deals a rep in each of 2026 Q2 and Q3: Bob falls from 15 won to 5, Cy rises from 5 to 15, Ann holds.
    won = {("Ann Lee", 5): 10, ("Ann Lee", 8): 10, ("Bob Ray", 5): 15, ("Bob Ray", 8): 5, ("Cy Dee", 5): 5, ("Cy Dee", 8): 15}
    lines = [f"{rep[:2]}{month}{i:02d},{rep},{'Closed Won' if i < n else 'Closed Lost'},2026-{month:02d}-{1 + i:02d},1000"
             for (rep, month), n in won.items() for i in range(20)]
    store = Store(tmp_path / "store")
    for content, name in ((MARKED_ROSTER, "team.csv"),
                          ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(lines) + "\n", "deals.csv")):
        commit(store, prepare(content.encode(), name))
    review = quarterly_review(deals(store), "2026 Q3", dt.date(2026, 9, 30))
    _, rows = mover_rows(review)
    names = {row[0] for row in rows}
    assert {"Bob Ray (left on 30 Sep 2026)", "Cy Dee (leaving on 31 Jan 2099)"} <= names and "Bob Ray" not in names
    grid = movers_grid(review)
    cells = dict(zip(grid.get_column("rep"), grid.get_column(employment.LEFT_ON), strict=False))
    assert cells["Bob Ray"] == "30 Sep 2026" and cells["Cy Dee"] == "leaving on 31 Jan 2099"
    assert "Bob Ray (left on 30 Sep 2026)" in report_html(review)
    hover = " ".join(h for trace in movers_figure(review).data for h in (trace.hovertext or ()))
    assert "Bob Ray (left on 30 Sep 2026)<br>" in hover
    with zipfile.ZipFile(io.BytesIO(deck_bytes(review))) as deck:
        charts_xml = " ".join(deck.read(n).decode("utf-8", "replace") for n in deck.namelist() if "charts/chart" in n)
    assert "Bob Ray (left on 30 Sep" in charts_xml  # its category, in at most two lines of the chart's names


def test_the_assessment_pickers_mark_a_rep_who_left_or_is_leaving_in_the_lists_words(tmp_path) -> None:
    """The pickers read "Bob Ray (4 deals; left)" and nothing for Cy, leaving on 31 Jan 2099."""
    store = _stored(tmp_path, MARKED_ROSTER)
    reps = reps_to_assess(store.opportunities(), store.roster(), store.assessments())
    labels = {r["rep"]: employment.picker_label(r["rep"], r[employment.REP_LEFT], f"{r['deals']} deals", r[employment.REP_LEFT_ON])
              for r in reps.iter_rows(named=True)}
    assert labels == {"Ann Lee": "Ann Lee (4 deals)", "Bob Ray": "Bob Ray (4 deals; left on 30 Sep 2026)",
                      "Cy Dee": "Cy Dee (2 deals; leaving on 31 Jan 2099)"}


def test_the_roster_editor_shows_a_rep_leaving_later_in_the_lists_words(tmp_path) -> None:
    """The Data page's roster editor left Cy's Left on blank: only his view said he was leaving."""
    from winloss.views.roster import roster_for_editing

    store = _stored(tmp_path, MARKED_ROSTER)
    table = roster_for_editing(store.opportunities(), store.roster())
    cells = dict(zip(table.get_column("rep"), table.get_column(employment.LEFT_ON), strict=True))
    assert cells == {"Ann Lee": None, "Bob Ray": "30 Sep 2026", "Cy Dee": "leaving on 31 Jan 2099"}


def test_a_roster_rows_left_on_cell_says_leaving_on_a_day_still_to_come() -> None:
    """The roster preview put a day still to come alone under "Left on", as if the rep had left on it."""
    rows = pl.DataFrame({employment.LEFT: [True, False, True, False, None],
                         employment.LEFT_ON: [dt.date(2026, 8, 31), dt.date(2027, 1, 15), None, None, dt.date(2026, 5, 15)]})
    words = rows.select(employment.roster_left_on_words(dt.date(2026, 12, 5))).to_series().to_list()
    assert words == ["31 Aug 2026", "leaving on 15 Jan 2027", employment.LEFT_NO_DAY, None, "15 May 2026"]
