"""A roster row with one value the product does not understand (a seller profile not one of the five)
is stored with everything else it says, and listed in the quarantine file with what to do."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import polars as pl
import pytest

from winloss.assessment import STATEMENTS, answers_frame, scored
from winloss.deals import deals
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.profile_sources import settled_roster_row
from winloss.store.delta import Store

HEADER = "Rep Name,Seller Profile,Team,Manager,Region"
ROSTER = f"{HEADER}\nAnn Lee,Challenger,East,Kim Ray,EMEA\nCy Vale,Closer,West,Jo Park,NA\n"
DEALS = (
    "Opportunity ID,Rep,Stage,Created Date,Close Date\n"
    "D1,Ann Lee,Closed Won,2026-01-05,2026-02-01\nD2,Cy Vale,Closed Won,2026-01-05,2026-02-01\n"
    "D3,Cy Vale,Closed Lost,2026-01-05,2026-02-03\n"
)


def prepared_whole(tmp_path: Path, content: str, monkeypatch: pytest.MonkeyPatch):
    return prepare(content.encode(), "roster.csv")


def prepared_from_disk(tmp_path: Path, content: str, monkeypatch: pytest.MonkeyPatch):
    """The command line's path: read from disk, in batches of one row where a file is batched."""
    monkeypatch.setenv("WINLOSS_BATCH_ROWS", "1")
    path = tmp_path / "roster.csv"
    path.write_text(content)
    return prepare_path(path)


PATHS = pytest.mark.parametrize("prepared_by", [prepared_whole, prepared_from_disk], ids=["whole", "from_disk"])


@PATHS
def test_a_profile_not_understood_leaves_the_rest_of_the_row_stored(tmp_path, monkeypatch, prepared_by):
    store = Store(tmp_path / "store")
    assert commit(store, prepare(DEALS.encode(), "deals.csv")).change is not None
    with prepared_by(tmp_path, ROSTER, monkeypatch) as prepared:
        assert prepared.rejected is None
        # Counted as accepted (it is stored), listed in the quarantine file too: read = accepted + quarantined.
        assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (2, 2, 0)
        assert prepared.rows_accepted_in_part == 1
        quarantined = pl.read_csv(io.BytesIO(prepared.quarantine_csv()))
        assert quarantined.get_column("Line in your file").to_list() == [3]
        assert quarantined.get_column("Seller Profile").to_list() == ["Closer"]
        (reason,) = quarantined.get_column("Why it was not stored").to_list()
        assert reason.startswith("Seller Profile 'Closer' is not one of the five seller profiles (Challenger, Hard Worker, ")
        assert "the rep is stored without it" in reason and reason.endswith("upload the roster again.")
        assert ("1 row is accepted without its seller profile, which is not one of the five ('Closer'): the rep is stored "
                "Unprofiled, or keeps the profile the store already holds. The row counts as accepted and is also in "
                "the quarantine file, with what to fill in.") in prepared.report_notes()
        report = file_report(prepared)
        assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"], report["rows_accepted_in_part"]) == (2, 2, 0, 1)
        done = commit(store, prepared)
    assert done.notes == ()  # Cy Vale had no profile to keep
    cy = store.roster().collect().filter(pl.col("rep") == "Cy Vale").row(0, named=True)
    assert (cy["seller_profile"], cy["team"], cy["manager"], cy["region"]) == ("Unprofiled", "West", "Jo Park", "NA")
    # Their deals are in the manager's, the team's and the region's filters.
    cys = deals(store).filter(pl.col("manager") == "Jo Park")
    assert sorted(cys.get_column("opportunity_id")) == ["D2", "D3"] and set(cys.get_column("team")) == {"West"}
    assert set(cys.get_column("seller_profile")) == {"Unprofiled"}
    # The store keeps the row in its quarantine and counts it as accepted, not quarantined.
    assert store.quarantine().collect().get_column("line").to_list() == [3]
    upload = store.live_uploads().filter(pl.col("kind") == "roster").row(0, named=True)
    assert (upload["rows_read"], upload["rows_accepted"], upload["rows_quarantined"]) == (2, 2, 0)


def test_every_row_is_counted_once_beside_rows_kept_out(tmp_path):
    content = (f"{HEADER}\nAnn Lee,Ninja,East,Kim,EMEA\n,Closer,West,Jo,NA\nBo Chen,Rockstar,East,Kim,EMEA\n"
               "Dee Moss,lone wolf,East,Kim,EMEA\n")
    prepared = prepare(content.encode(), "roster.csv")
    # The row without a rep is kept out whole (its unknown profile is said too); the other two are stored.
    assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined, prepared.rows_accepted_in_part) == (4, 3, 1, 2)
    assert prepared.quarantine.get_column("line").to_list() == [2, 3, 4]
    blank = prepared.quarantine.filter(pl.col("line") == 3).item(0, "reason")
    assert "Rep Name is blank: every row needs the rep's name." in blank
    assert sorted(prepared.accepted.get_column("rep")) == ["Ann Lee", "Bo Chen", "Dee Moss"]
    (sentence,) = [n for n in prepared.report_notes() if "accepted without" in n]
    assert sentence.startswith("2 rows are accepted without their seller profile, which is not one of the five "
                               "('Ninja', 'Rockstar'): each rep is stored Unprofiled")
    assert "They count as accepted and are also in the quarantine file" in sentence
    store = Store(tmp_path / "store")
    commit(store, prepared)
    upload = store.live_uploads().row(0, named=True)
    assert (upload["rows_read"], upload["rows_accepted"], upload["rows_quarantined"]) == (4, 3, 1)
    assert store.quarantine().collect().height == 3


def test_a_stored_profile_is_kept_and_said_when_the_roster_writes_one_not_understood(tmp_path):
    store = Store(tmp_path / "store")
    commit(store, prepare(f"{HEADER}\nAnn Lee,Challenger,East,Kim,EMEA\nBo Chen,Hard Worker,East,Kim,EMEA\n".encode(), "r1.csv"))
    # Bo Chen's profile comes from an assessment: it is kept, as an assessed one, with no conflict to settle.
    answers = answers_frame("Mara Quint", {s.id: 5 if s.profile == "Lone Wolf" else 2 for s in STATEMENTS})
    current = store.roster().collect().filter(pl.col("rep") == "Bo Chen").row(0, named=True)
    row = settled_roster_row("Bo Chen", scored(answers), current, "assessment by Mara Quint (1 rater)")
    store.save_assessment(answers.with_columns(rep=pl.lit("Bo Chen"), date=pl.lit(dt.date(2026, 11, 1))), row)
    second = f"{HEADER}\nANN LEE,Closer,West,Jo,NA\nBo Chen,Hunter,East,Kim,EMEA\n"
    done = commit(store, prepare(second.encode(), "r2.csv"))
    assert done.notes == (
        "\"Ann Lee\": the roster's profile 'Closer' is not one of the five, so the stored profile (Challenger) is kept.",
        "\"Bo Chen\": the roster's profile 'Hunter' is not one of the five, so the stored profile (Lone Wolf, from an "
        "assessment) is kept.",
    )
    roster = {r["rep"]: r for r in store.roster().collect().iter_rows(named=True)}
    assert set(roster) == {"Ann Lee", "Bo Chen"}  # the store's spelling of Ann Lee
    assert (roster["Ann Lee"]["seller_profile"], roster["Ann Lee"]["team"], roster["Ann Lee"]["manager"]) == ("Challenger", "West", "Jo")
    assert roster["Ann Lee"]["profile_source"].startswith("roster upload r1.csv")  # the profile's own source, unchanged
    assert (roster["Bo Chen"]["seller_profile"], roster["Bo Chen"]["profile_origin"]) == ("Lone Wolf", "assessment")


def test_the_command_line_says_it_as_the_data_page_does(tmp_path, capsys):
    from winloss.cli import main

    path = tmp_path / "roster.csv"
    path.write_text(ROSTER)
    assert main(["ingest", "--roster", str(path), "--store", str(tmp_path / "store"), "--json"]) == 0
    captured = capsys.readouterr()
    (report,) = json.loads(captured.out)["files"]
    assert report["store_message"].startswith("Stored as version 1") and captured.err == ""
    assert ("1 row is accepted without its seller profile, which is not one of the five ('Closer'): the rep is stored "
            "Unprofiled, or keeps the profile the store already holds.") in " ".join(report["notes"])
    assert report["rows_accepted_in_part"] == 1
    # The quarantine file is written though no row was kept out: it lists the row stored in part.
    written = pl.read_csv(report["quarantine_csv"])
    assert written.get_column("Seller Profile").to_list() == ["Closer"]
    assert main(["ingest", "--roster", str(path), "--store", str(tmp_path / "again")]) == 0
    out = capsys.readouterr().out
    assert "2 rows read (Rep roster): 2 accepted, 0 quarantined." in out
    assert "1 row is accepted without its seller profile, which is not one of the five ('Closer')" in out
    assert "roster.csv line 3: Seller Profile 'Closer' is not one of the five seller profiles" in out
    assert "roster.csv: the 1 row stored without its seller profile, with reasons, in " in out


def test_a_questionnaire_profiles_a_rep_the_roster_left_unprofiled_for_a_label_not_understood(tmp_path):
    """The rep is Unprofiled, not profiled 'from the roster': a filled-in questionnaire settles their
    profile, as it does for any Unprofiled rep, and their team and manager stay."""
    from winloss.ingest.questionnaire import questionnaire_frame

    store = Store(tmp_path / "store")
    commit(store, prepare(ROSTER.encode(), "roster.csv"))
    filled = questionnaire_frame(["Cy Vale"], "Olu Brandt", dt.date(2026, 11, 30)).with_columns(
        pl.col("Statement ID").replace_strict({s.id: "5" if s.profile == "Lone Wolf" else "2" for s in STATEMENTS})
        .alias("Score (1-5)"))
    buffer = io.BytesIO()
    filled.write_csv(buffer)
    done = commit(store, prepare(buffer.getvalue(), "questionnaire.csv"))
    assert done.notes[0].startswith("Cy Vale: Lone Wolf")
    cy = store.roster().collect().filter(pl.col("rep") == "Cy Vale").row(0, named=True)
    assert (cy["seller_profile"], cy["profile_origin"], cy["manager"]) == ("Lone Wolf", "assessment", "Jo Park")


@PATHS
def test_the_preview_shows_the_profile_not_understood_as_the_file_wrote_it(tmp_path, monkeypatch, prepared_by):
    """The preview's seller profile was blank for "Closer": the value the file wrote is shown, marked as
    not understood, with what the rep is stored with instead; understood values stay as they are."""
    from winloss.views.data_page import preview_rows

    with prepared_by(tmp_path, ROSTER, monkeypatch) as prepared:
        assert preview_rows(prepared).select("line", "seller_profile").rows() == [
            (2, "Challenger"), (3, "Closer (not a profile: stored as Unprofiled, or the profile already stored is kept)")]


@PATHS
def test_the_download_and_the_accepted_count_say_what_the_rows_are_stored_without(tmp_path, monkeypatch, prepared_by):
    """"Download the 1 row accepted without a value that was not understood" left the reader to work out
    which value; the label, the Accepted count's help and the command line name it (the seller profile)."""
    from winloss.views import data_page

    with prepared_by(tmp_path, ROSTER, monkeypatch) as prepared:
        assert prepared.stored_without == "seller profile"
        assert data_page.quarantine_download_label(prepared.rows_quarantined, prepared.rows_accepted_in_part,
                                                   prepared.stored_without) == (
            "Download the 1 row stored without its seller profile (CSV, with the reason for each)")
        assert data_page.accepted_help(prepared) == (
            "Of them, the 1 row stored without its seller profile (see the note above) is listed in the quarantine file too.")
        assert file_report(prepared)["stored_without"] == "seller profile"


def test_a_misspelt_profile_says_the_one_it_is_close_to(tmp_path):
    """'Challanger' was accepted without profile as "not one of the five ('Challanger')", with nothing to say it was
    one letter from Challenger: the file report, the quarantine file's reason and the note on a stored profile kept
    now say "did you mean 'Challenger'?"; a label close to none ('Closer') says no guess."""
    content = f"{HEADER}\nAnn Lee,Challanger,East,Kim,EMEA\n"
    prepared = prepare(content.encode(), "roster.csv")
    assert ("1 row is accepted without its seller profile, which is not one of the five ('Challanger'; did you mean "
            "'Challenger'?): the rep is stored Unprofiled") in " ".join(prepared.report_notes())
    (reason,) = pl.read_csv(io.BytesIO(prepared.quarantine_csv())).get_column("Why it was not stored").to_list()
    assert reason.startswith("Seller Profile 'Challanger' (did you mean 'Challenger'?) is not one of the five seller profiles")
    several = prepare(f"{HEADER}\nAnn Lee,Challanger,East,Kim,EMEA\nBo Chen,Closer,East,Kim,EMEA\n".encode(), "roster.csv")
    assert ("which is not one of the five ('Challanger', 'Closer'; did you mean 'Challenger' for 'Challanger'?)"
            in " ".join(several.report_notes()))
    store = Store(tmp_path / "store")
    commit(store, prepare(f"{HEADER}\nAnn Lee,Hard Worker,East,Kim,EMEA\n".encode(), "r1.csv"))
    done = commit(store, prepare(content.encode(), "r2.csv"))
    assert done.notes == ("\"Ann Lee\": the roster's profile 'Challanger' (did you mean 'Challenger'?) is not one of the "
                          "five, so the stored profile (Hard Worker) is kept.",)
