"""A deal whose owner an export writes as an email is the rep the roster's Email column names.

One CRM wrote a deal's owner as a name ("Dana Whitfield"), another as the owner's login email
("dana.whitfield@acme.com"): each email became a rep of its own, Unprofiled and in no team, so the
leaderboard listed the email beside the name and every profile's n was short. A roster's Email column
now says whose email it is, whichever file came first.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from command_line import run
from old_rosters import roster_written_without

from winloss.deals import page_coded_deals, page_deals
from winloss.filters import Filters
from winloss.ingest import mapping
from winloss.ingest.pipeline import commit, prepare, store_rep_sentences
from winloss.ingest.store_effects import deal_changes
from winloss.ingest.templates import roster_template_csv
from winloss.managers import roster_managers_only
from winloss.store.delta import Store
from winloss.views import profiles, reps
from winloss.views.roster import roster_changes, roster_for_editing

ROSTER = (
    "Name,Email,Seller Profile,Team,Manager,Region\n"
    "Dana Whitfield,dana.whitfield@acme.com,Challenger,East,Mo Lee,EMEA\n"
    "Sam Ortiz,Sam.Ortiz@acme.com,Hard Worker,East,Mo Lee,EMEA\n"
)
# The deals of one CRM, owners written as names.
BY_NAME = (
    "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name\n"
    "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A\n"
    "102,Dana Whitfield,Closed Lost,2000,2026-01-05,2026-03-02,Acme B\n"
    "103,Sam Ortiz,Closed Won,1500,2026-01-05,2026-03-03,Acme C\n"
)
# Another CRM's, owners written as emails: in another case and with spaces around one, as exports do.
BY_EMAIL = (
    "Deal - ID,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time,Deal - Lost time,Deal - Organization\n"
    "9001,dana.whitfield@acme.com,Won,1000,2026-01-05,2026-03-01,,Beta A\n"
    "9002, DANA.WHITFIELD@Acme.com ,Lost,2000,2026-01-05,,2026-03-02,Beta B\n"
    "9003,sam.ortiz@acme.com,Lost,1500,2026-01-05,,2026-03-03,Beta C\n"
    "9004,sam.ortiz@acme.com,Won,1500,2026-01-05,2026-03-04,,Beta D\n"
)
FILES = {"roster.csv": ROSTER, "hubspot.csv": BY_NAME, "pipedrive.csv": BY_EMAIL}
START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
RANGE = Filters(preset="custom", start=START, end=END)


def stored(tmp_path, order: list[str]) -> Store:
    """A store holding FILES, uploaded in `order`."""
    store = Store(str(tmp_path / "store"))
    for name in order:
        commit(store, prepare(FILES[name].encode(), name), user="test")
    return store


@pytest.mark.parametrize("order", [
    ["roster.csv", "hubspot.csv", "pipedrive.csv"],
    ["hubspot.csv", "pipedrive.csv", "roster.csv"],  # the roster after the deals: they join it all the same
    ["pipedrive.csv", "roster.csv", "hubspot.csv"],
])
def test_a_deal_owned_by_an_email_the_roster_holds_is_that_reps_whatever_the_upload_order(tmp_path, order):
    store = stored(tmp_path, order)
    frame = page_deals(store)
    assert sorted(frame.get_column("rep").unique().to_list()) == ["Dana Whitfield", "Sam Ortiz"]
    assert frame.filter(pl.col("rep") == "Dana Whitfield").select("seller_profile", "team").unique().rows() == [("Challenger", "East")]
    board = reps.leaderboard(page_coded_deals(store).lazy(), RANGE, START, END)
    n = dict(board.select("rep", "n").iter_rows())
    assert n == {"Dana Whitfield": 4, "Sam Ortiz": 3}  # 2 + 2 and 1 + 2: one rep per person, n the sum
    by_profile = dict(profiles.profiles(page_coded_deals(store).lazy(), RANGE, START, END).by_profile.select("seller_profile", "n").iter_rows())
    assert by_profile.get("Challenger") == 4 and by_profile.get("Hard Worker") == 3 and "Unprofiled" not in by_profile


def test_an_email_no_roster_row_holds_stays_a_rep_of_its_own(tmp_path):
    store = stored(tmp_path, ["roster.csv", "pipedrive.csv"])
    commit(store, prepare(b"Deal - ID,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time\n"
                          b"9100,x@acme.com,Won,10,2026-01-05,2026-03-01\n", "more.csv"), user="test")
    frame = page_deals(store)
    assert frame.filter(pl.col("rep") == "x@acme.com").get_column("seller_profile").to_list() == ["Unprofiled"]


def test_an_email_two_reps_rows_hold_names_neither(tmp_path):
    roster = ROSTER + "Pat Shared,dana.whitfield@acme.com,Closer,West,Mo Lee,EMEA\n"
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    commit(store, prepare(BY_EMAIL.encode(), "pipedrive.csv"), user="test")
    reps_now = set(page_deals(store).get_column("rep").to_list())
    assert "Dana Whitfield" not in reps_now and "Pat Shared" not in reps_now


def test_the_roster_editor_counts_an_email_owners_deals_as_the_reps_and_lists_no_gap(tmp_path):
    store = stored(tmp_path, ["hubspot.csv", "pipedrive.csv", "roster.csv"])
    table = roster_for_editing(store.opportunities(), store.roster())
    assert dict(table.select("rep", "deals").iter_rows()) == {"Dana Whitfield": 4, "Sam Ortiz": 3}
    assert table.filter(~pl.col("in_roster")).height == 0


def test_the_editor_shows_and_saves_an_email(tmp_path):
    store = stored(tmp_path, ["pipedrive.csv", "roster.csv"])
    table = roster_for_editing(store.opportunities(), store.roster())
    assert dict(table.select("rep", "email").iter_rows())["Dana Whitfield"] == "dana.whitfield@acme.com"
    edited = table.with_columns(pl.when(pl.col("rep") == "Sam Ortiz").then(pl.lit(" sam@acme.com ")).otherwise(pl.col("email")).alias("email"))
    changes = roster_changes(table, edited)
    assert changes.select("rep", "email").rows() == [("Sam Ortiz", "sam@acme.com")]
    store.save_roster_rows(changes, user="test")
    again = roster_for_editing(store.opportunities(), store.roster())
    assert dict(again.select("rep", "email").iter_rows())["Sam Ortiz"] == "sam@acme.com"
    # Sam's deals by his old email now belong to no roster row: a rep of their own again.
    assert "sam.ortiz@acme.com" in page_deals(store).get_column("rep").to_list()


def test_the_editor_refuses_what_is_not_an_email(tmp_path):
    store = stored(tmp_path, ["roster.csv"])
    table = roster_for_editing(store.opportunities(), store.roster())
    edited = table.with_columns(pl.lit("Sam Ortiz at acme").alias("email"))
    with pytest.raises(ValueError, match="is not an email"):
        roster_changes(table, edited)


@pytest.mark.parametrize("header", ["Email", "E-mail", "Email address", "Work email", "E-Mail-Adresse", "Courriel", "Adres e-mail"])
def test_a_rosters_email_column_is_read_as_its_email(header):
    prepared = prepare(f"Name,{header},Team,Manager\nDana Whitfield,dana@acme.com,East,Mo Lee\n".encode(), "people.csv")
    assert prepared.kind == "roster"
    assert prepared.mapping is not None and prepared.mapping.fields.get("email") == header
    assert prepared.accepted.get_column("email").to_list() == ["dana@acme.com"]
    assert mapping.FIELD_LABELS["email"] == "Email"


def test_a_roster_uploaded_again_with_an_email_updates_its_rows(tmp_path):
    store = Store(str(tmp_path / "store"))
    without = "Name,Seller Profile,Team\nDana Whitfield,Challenger,East\nSam Ortiz,Hard Worker,East\n"
    commit(store, prepare(without.encode(), "roster.csv"), user="test")
    change = commit(store, prepare(("Name,Email,Seller Profile,Team\nDana Whitfield,dana.whitfield@acme.com,Challenger,East\n"
                                    "Sam Ortiz,,Hard Worker,East\n").encode(), "roster.csv"), user="test")
    assert change.change is not None
    assert (change.change.inserted, change.change.updated, change.change.unchanged) == (0, 1, 1)
    # A roster without the column keeps the emails the store holds.
    commit(store, prepare(without.replace("East\nSam", "West\nSam").encode(), "roster2.csv"), user="test")
    assert dict(store.roster().select("rep", "email").collect().iter_rows())["Dana Whitfield"] == "dana.whitfield@acme.com"


def test_a_store_written_before_the_roster_kept_emails_opens_and_takes_them(tmp_path, monkeypatch):
    from deltalake import DeltaTable

    with roster_written_without(monkeypatch, "email"):
        stored(tmp_path, ["roster.csv", "hubspot.csv", "pipedrive.csv"])
    assert "email" not in DeltaTable(str(tmp_path / "store" / "roster")).schema().to_arrow().names
    opened = Store(str(tmp_path / "store"))
    assert opened.roster().collect().get_column("email").to_list() == [None, None]
    assert page_deals(opened).get_column("rep").str.contains("@").sum() == 4  # no email known yet: reps of their own
    commit(opened, prepare(ROSTER.replace("Sam Ortiz", "Sam Ortiz ").encode(), "roster again.csv"), user="test")
    assert sorted(page_deals(opened).get_column("rep").unique().to_list()) == ["Dana Whitfield", "Sam Ortiz"]


# ---- What the file report says (the Data page's and the command line's: pipeline.store_rep_sentences) ----

def test_the_report_names_owner_emails_counted_as_roster_reps_and_one_no_row_holds(tmp_path):
    store = stored(tmp_path, ["roster.csv"])
    file = BY_EMAIL + "9005,x@acme.com,Won,10,2026-01-05,2026-03-01,,Beta E\n" + "9006,x@acme.com,Lost,10,2026-01-05,,2026-03-01,Beta F\n"
    said = store_rep_sentences(store, prepare(file.encode(), "pipedrive.csv"))
    assert ('4 deals name their owner by email ("dana.whitfield@acme.com" and "sam.ortiz@acme.com"): counted as the '
            'roster\'s reps with those emails ("Dana Whitfield" and "Sam Ortiz").') in said
    assert ('"x@acme.com", the owner of 2 deals, is an email no roster row has, so it counts as a rep of its own, '
            "Unprofiled and in no team: add it to the roster's Email column, on the row of the rep it is.") in said


# Seven owners written as emails, one deal each but the first (two).
MANY_EMAILS = BY_EMAIL.split("\n", 1)[0] + "\n" + "".join(
    f"{9100 + i},rep{i}@acme.com,Won,10,2026-01-05,2026-03-01,,Gamma {i}\n" for i in range(7)
) + "9199,rep0@acme.com,Lost,10,2026-01-05,,2026-03-01,Gamma Z\n"


def test_a_first_upload_whose_owners_are_emails_says_once_that_no_roster_says_whose(tmp_path):
    """With no roster stored, each owner email had a sentence of its own, the same but for the email and its count."""
    said = store_rep_sentences(Store(str(tmp_path / "store")), prepare(MANY_EMAILS.encode(), "pipedrive.csv"))
    assert [s for s in said if "@" in s] == [
        '7 deal owners are written as emails ("rep0@acme.com", "rep1@acme.com", "rep2@acme.com", "rep3@acme.com", '
        '"rep4@acme.com" and 2 more), the owners of 8 deals, and no roster is stored to say whose they are: each counts '
        "as a rep of its own, Unprofiled and in no team. Upload a roster with an Email column giving each rep's email."]
    one = store_rep_sentences(Store(str(tmp_path / "other")), prepare(BY_EMAIL.replace("sam.ortiz", "dana.whitfield").encode(), "p.csv"))
    assert [s for s in one if "@" in s] == [
        '1 deal owner is written as an email ("dana.whitfield@acme.com"), the owner of 4 deals, and no roster is stored to '
        "say whose it is: it counts as a rep of its own, Unprofiled and in no team. Upload a roster with an Email column "
        "giving each rep's email."]


def test_a_roster_with_no_emails_is_said_once_too_and_one_with_emails_names_each_it_lacks(tmp_path):
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(b"Name,Seller Profile,Team,Manager\nDana Whitfield,Challenger,East,Mo Lee\n", "roster.csv"), user="test")
    said = [s for s in store_rep_sentences(store, prepare(MANY_EMAILS.encode(), "pipedrive.csv")) if "@" in s]
    assert len(said) == 1 and said[0].startswith("7 deal owners are written as emails (")
    assert said[0].endswith("and the roster gives no emails to say whose they are: each counts as a rep of its own, "
                            "Unprofiled and in no team. Give each rep's email in an Email column of the roster and upload it again.")
    # A roster that holds emails, but not these: each is named with what to do on its row, as before.
    emailed = stored(tmp_path / "emailed", ["roster.csv"])
    lacked = [s for s in store_rep_sentences(emailed, prepare(MANY_EMAILS.encode(), "pipedrive.csv")) if "roster row" in s]
    assert lacked[0].startswith('"rep0@acme.com", the owner of 2 deals, is an email no roster row has') and len(lacked) == 6
    assert lacked[-1].startswith("2 other owner emails (2 deals) are in no roster row either")


def test_a_roster_uploaded_after_the_deals_says_which_stored_deals_it_now_counts(tmp_path):
    store = stored(tmp_path, ["pipedrive.csv"])
    said = store_rep_sentences(store, prepare(ROSTER.encode(), "roster.csv"))
    assert any(s.startswith("4 stored deals name their owner by email") and '("Dana Whitfield" and "Sam Ortiz")' in s for s in said)
    assert not any("match" in s and "no rep" in s for s in said)  # its reps own those deals: none is unmatched


def test_a_roster_prepared_with_the_export_is_read_before_either_is_stored(tmp_path):
    store = Store(str(tmp_path / "store"))
    roster, export = prepare(ROSTER.encode(), "roster.csv"), prepare(BY_EMAIL.encode(), "pipedrive.csv")
    said = store_rep_sentences(store, export, [roster, export])
    assert any(s.startswith("4 deals name their owner by email") for s in said) and not any("no roster row" in s for s in said)


def test_an_email_two_rows_hold_is_said(tmp_path):
    roster = ROSTER + "Pat Shared,DANA.WHITFIELD@acme.com,Closer,West,Mo Lee,EMEA\n"
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    said = store_rep_sentences(store, prepare(BY_EMAIL.encode(), "pipedrive.csv"))
    assert ('"dana.whitfield@acme.com" is the email of more than one roster row ("Dana Whitfield" and "Pat Shared"), so '
            "its deals are counted as no one's: keep it on one row.") in said


def test_a_stored_deal_moved_to_an_owner_email_is_said_once(tmp_path):
    """A re-export giving a stored deal to an owner written as an email was said twice: as a rep the roster lacks
    (deal_changes) and as an email no roster row has. Once now, by the email's sentence; and an email the roster
    holds is no rep missing from it."""
    store = stored(tmp_path, ["roster.csv", "hubspot.csv"])
    again = BY_NAME.replace("101,Dana Whitfield", "101,dana.whitfield@acme.com").replace("103,Sam Ortiz", "103,z@acme.com")
    prepared = prepare(again.encode(), "hubspot.csv")
    moved = deal_changes(prepared, store)
    assert moved is not None and moved.unrostered == () and "not in the roster" not in (moved.sentence() or "")
    said = store_rep_sentences(store, prepared)
    assert sum('"z@acme.com"' in s for s in said) == 1


def test_the_command_line_says_it_too(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    result = run("ingest", str(tmp_path / "pipedrive.csv"), str(tmp_path / "roster.csv"), str(tmp_path / "hubspot.csv"),
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    # The export stored first, with no roster yet: one sentence for its owner emails, then the roster's.
    assert ('pipedrive.csv: 2 deal owners are written as emails ("dana.whitfield@acme.com" and "sam.ortiz@acme.com"), '
            "the owners of 4 deals, and no roster is stored to say whose they are: each counts as a rep of its own, "
            "Unprofiled and in no team. Upload a roster with an Email column giving each rep's email.") in said
    assert "is an email no roster row has" not in said and "stored deals name their owner by email" in said


def test_anonymised_deals_show_no_email(tmp_path):
    """Anonymised, an email names its person as the name does: in the rep column (an owner no roster row holds
    is a rep of its own, and gets a pseudonym) and in any text of a deal, whether or not it spells the name."""
    store = Store(str(tmp_path / "store"))
    roster = "Name,Email,Seller Profile,Team,Manager\nDana Whitfield,DW@acme.com,Challenger,East,Mo Lee\n"
    deals = ("Deal - ID,Deal - Owner,Deal - Status,Deal - Value,Deal - Deal created,Deal - Won time,Deal - Title,Deal - Organization\n"
             "9001,dw@acme.com,Won,1000,2026-01-05,2026-03-01,Renewal - ask dw@acme.com,Beta A\n"
             "9002,x@acme.com,Won,1000,2026-01-05,2026-03-01,Upsell for x@acme.com,Beta B\n")
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    commit(store, prepare(deals.encode(), "pipedrive.csv"), user="test")
    shown = page_deals(store)
    assert "Renewal - ask dw@acme.com" in shown.get_column("opportunity_name").to_list()  # the text the test looks into
    hidden = page_deals(store, anonymise=True)
    texts = [c for c, t in hidden.schema.items() if t in (pl.String, pl.Categorical)]
    assert texts and not any(hidden.get_column(c).cast(pl.String).str.contains("@").any() for c in texts)
    coded = page_coded_deals(store, anonymise=True)
    assert not coded.get_column("rep").cast(pl.String).str.contains("@").any()


def test_a_manager_whose_deals_name_them_by_email_is_a_rep_too(tmp_path):
    roster = ROSTER + "Mo Lee,mo@acme.com,Closer,East,,EMEA\n"
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    commit(store, prepare((BY_EMAIL + "9010,mo@acme.com,Won,10,2026-01-05,2026-03-01,,Beta M\n").encode(), "pipedrive.csv"), user="test")
    assert roster_managers_only(store.roster(), store.opportunities()) == []


def test_the_roster_template_has_an_email_column_read_as_the_email():
    prepared = prepare(roster_template_csv(), "roster_template.csv")
    assert prepared.mapping is not None and prepared.mapping.fields.get("email") == "Email"


def test_roster_rows_saved_without_an_email_column_keep_the_stored_email(tmp_path):
    store = stored(tmp_path, ["roster.csv", "pipedrive.csv"])
    store.save_roster_rows(pl.DataFrame({"rep": ["Dana Whitfield"], "seller_profile": ["Challenger"], "team": ["North"],
                                         "manager": [None], "region": [None]}, schema_overrides={"manager": pl.String, "region": pl.String}))
    assert dict(store.roster().select("rep", "email").collect().iter_rows())["Dana Whitfield"] == "dana.whitfield@acme.com"
    assert "Dana Whitfield" in page_deals(store).get_column("rep").to_list()
