"""A roster as HR tools export it: the rep's name in First Name and Last Name columns, or written last name
first ("Lee, Ann"). The first had every row quarantined with advice to choose "the column" for the rep, which
no single column held; the second was stored as reps no deal names ("Lee, Ann" beside the deals' "Ann Lee"),
listed in a sentence that read as twice as many names, the rep who left unmarked."""

from __future__ import annotations

import json

import polars as pl
import pytest

from winloss.cli import main
from winloss.ingest import name_order
from winloss.ingest.pipeline import commit, prepare, roster_unmatched_sentence, store_rep_sentences
from winloss.store.delta import Store
from winloss.text import quoted_names

DEALS = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "D1,Acme,Ann Lee,Closed Won,1000,2025-11-03,2025-09-01\n"
    "D2,Beta,Bob Roy,Closed Lost,1000,2025-10-15,2025-09-01\n"
    "D3,Gamma,Cy Dee,Closed Won,1000,2025-10-20,2025-09-01\n"
).encode()

# Each language's headers for a first name and a last name, as its HR tools write them.
NAME_HEADERS = [
    ("First Name", "Last Name"), ("Given name", "Surname"), ("Vorname", "Nachname"), ("Prénom", "Nom"),
    ("Nombre", "Apellidos"), ("Nome", "Cognome"), ("Voornaam", "Achternaam"),
]


def two_column_roster(first: str, last: str) -> bytes:
    return (f"Employee ID,{first},{last},Email,Job Title,Manager,Seller Profile,Status\n"
            "E1,Ann,Lee,ann@example.com,AE,Zed Boss,Challenger,Active\n"
            "E2, Bob ,Roy,bob@example.com,AE,Zed Boss,Hard Worker,Terminated\n"
            "E3,Cy,Dee,cy@example.com,AE,Zed Boss,Lone Wolf,Active\n").encode()


@pytest.mark.parametrize(("first", "last"), NAME_HEADERS)
def test_a_roster_with_first_and_last_name_columns_is_read_as_one_name_first_name_first(tmp_path, first, last) -> None:
    store = Store(tmp_path / "store")
    commit(store, prepare(DEALS, "deals.csv"))
    prepared = prepare(two_column_roster(first, last), "hr.csv")  # its kind found by its headers, as the Data page does
    assert prepared.kind == "roster" and not prepared.rejected
    assert (prepared.rows_accepted, prepared.rows_quarantined) == (3, 0)
    assert prepared.accepted.get_column("rep").to_list() == ["Ann Lee", "Bob Roy", "Cy Dee"]
    said = " ".join(prepared.report_notes())
    assert (f"The roster gives each rep's name in two columns: '{first}' and '{last}' are read as one name, joined "
            f'first name first ("Ann Lee")') in said
    assert store_rep_sentences(store, prepared) == []  # every rep is a rep of the deals
    commit(store, prepared)
    assert sorted(store.roster().collect().get_column("rep").to_list()) == ["Ann Lee", "Bob Roy", "Cy Dee"]


def test_a_whole_name_column_wins_over_the_two_and_one_part_alone_is_no_name(tmp_path) -> None:
    whole = b"Employee Name,First Name,Last Name,Seller Profile\nAnn Lee,Ann,Leigh,Challenger\n"
    prepared = prepare(whole, "hr.csv", kind="roster")
    assert prepared.accepted.get_column("rep").to_list() == ["Ann Lee"]
    assert not any("two columns" in note for note in prepared.report_notes())
    # Choosing the two (the Data page sends what the editor changed) reads them over the whole-name column.
    chosen = prepare(whole, "hr.csv", kind="roster", overrides={"first_name": "First Name", "last_name": "Last Name"})
    assert chosen.accepted.get_column("rep").to_list() == ["Ann Leigh"]
    alone = prepare(b"First Name,Seller Profile\nAnn,Challenger\n", "hr.csv", kind="roster")
    assert alone.rejected is not None and "nor a first-name and a last-name column" in alone.rejected
    assert "first_name=" in alone.rejected and "last_name=" in alone.rejected


def test_the_two_columns_can_be_chosen_by_hand_over_a_whole_name_column(tmp_path) -> None:
    """The Data page's mapping editor sends its choice as overrides: mapping the two chooses them."""
    content = b"Display,Given,Family,Seller Profile\nann,Ann,Lee,Challenger\n"
    prepared = prepare(content, "hr.csv", kind="roster", overrides={"rep": "", "first_name": "Given", "last_name": "Family"})
    assert prepared.accepted.get_column("rep").to_list() == ["Ann Lee"]


def test_the_command_line_stores_a_first_and_last_name_roster_and_says_how_it_read_the_names(tmp_path, capsys) -> None:
    roster = tmp_path / "roster_first_last.csv"
    roster.write_bytes(two_column_roster("First Name", "Last Name"))
    assert main(["ingest", "--roster", str(roster), "--store", str(tmp_path / "store")]) == 0
    out = capsys.readouterr().out
    assert "3 rows read (Rep roster): 3 accepted, 0 quarantined" in out
    assert "'First Name' and 'Last Name' are read as one name, joined first name first" in out
    assert "Choose the column" not in out


def test_the_command_line_maps_a_roster_given_alone_by_its_first_and_last_name_columns(tmp_path, capsys) -> None:
    """The roster's refusal names --map first_name= and last_name=: given with rosters alone, --map maps them."""
    roster = tmp_path / "people.csv"
    roster.write_bytes(b"Staff,Given,Family,Seller Profile,Team,Region\n7,Ann,Lee,Challenger,East,EMEA\n")
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", "--roster", str(roster), *where]) == 1
    assert "--map first_name=\"Column name\" --map last_name=\"Column name\"" in capsys.readouterr().err
    assert main(["ingest", "--roster", str(roster), "--map", "first_name=Given", "--map", "last_name=Family", *where]) == 0
    assert Store(tmp_path / "store").roster().collect().get_column("rep").to_list() == ["Ann Lee"]


LAST_FIRST = ('Employee Name,Manager,Seller Profile,Status\n'
              '"Lee, Ann","Boss, Zed",Challenger,Active\n'
              '"Roy, Bob","Boss, Zed",Hard Worker,Terminated\n'
              '"Dee, Cy","Boss, Zed",Lone Wolf,Active\n'
              '"Boss, Zed",,,Active\n').encode()


def test_a_roster_written_last_name_first_is_read_first_name_first_by_a_rule_its_report_names(tmp_path) -> None:
    store = Store(tmp_path / "store")
    commit(store, prepare(DEALS, "deals.csv"))
    prepared = prepare(LAST_FIRST, "hr.csv")
    assert prepared.accepted.get_column("rep").to_list() == ["Ann Lee", "Bob Roy", "Cy Dee", "Zed Boss"]
    assert prepared.accepted.get_column("manager").to_list() == ["Zed Boss", "Zed Boss", "Zed Boss", None]
    said = " ".join(prepared.report_notes())
    assert ("'Employee Name' and 'Manager' write names last name first (\"Lee, Ann\"): each is read first name "
            "first (\"Ann Lee\")") in said
    # Every rep is a deal's; the manager's own row is said as a manager, not a rep matching no deal.
    (sentence,) = store_rep_sentences(store, prepared)
    assert sentence.startswith('"Zed Boss" manages reps in this roster and owns no deals')


def test_the_command_line_matches_a_last_name_first_roster_with_the_stored_deals(tmp_path, capsys) -> None:
    deals, roster = tmp_path / "deals.csv", tmp_path / "roster.csv"
    deals.write_bytes(DEALS)
    roster.write_bytes(LAST_FIRST)
    where = ["--store", str(tmp_path / "store")]
    assert main(["ingest", str(deals), *where]) == 0
    capsys.readouterr()
    assert main(["ingest", "--roster", str(roster), *where, "--json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["files"]
    assert any("write names last name first" in note for note in report["notes"])
    assert not any("match no rep" in note for note in report["rep_notes"])
    store = Store(tmp_path / "store")
    assert sorted(store.roster().collect().get_column("rep").to_list()) == ["Ann Lee", "Bob Roy", "Cy Dee", "Zed Boss"]


def test_a_column_only_partly_written_last_name_first_is_read_as_written() -> None:
    assert name_order.last_name_first(pl.Series(["Lee, Ann", "Roy, Bob", "Cy Dee"]))
    assert not name_order.last_name_first(pl.Series(["Lee, Ann", "Bob Roy", "Cy Dee"]))  # one of three
    assert not name_order.last_name_first(pl.Series(["Lee, Ann", "Ann Lee, Jr.", "Roy, Bob"]))  # a suffix, not a first name
    assert not name_order.last_name_first(pl.Series(["Ann Lee, Jr.", "Bob Roy, Sr."]))
    assert not name_order.last_name_first(pl.Series([None, " "], dtype=pl.String))
    assert name_order.turned("Lee, Ann") == "Ann Lee" and name_order.turned("Ann Lee, Jr.") is None


MIXED = ('Employee Name,Seller Profile,Status,End date\n'
         '"Lee, Ann",Challenger,Active,\n'
         'Cy Dee,Lone Wolf,Active,\n'
         'Dee Fox,Closer,Left,2025-11-30\n'
         'Roy Bobby,Hard Worker,Terminated,\n'
         'Eve Gold,Hard Worker,Active,\n').encode()


def test_names_matching_no_deal_are_quoted_marked_as_left_and_a_name_the_other_way_round_is_named(tmp_path) -> None:
    """A column mostly first name first keeps "Lee, Ann" as written: matched by no rule, it is named with the
    stored rep it is the other way round, and how to fix it; never merged silently."""
    store = Store(tmp_path / "store")
    commit(store, prepare(DEALS, "deals.csv"))
    prepared = prepare(MIXED, "hr.csv")
    assert "Lee, Ann" in prepared.accepted.get_column("rep").to_list()
    (sentence,) = store_rep_sentences(store, prepared)
    assert sentence.startswith(
        '4 reps in this roster match no rep in the stored deals ("Dee Fox" (left on 30 Nov 2025), "Eve Gold", '
        '"Lee, Ann" and "Roy Bobby" (left, no date)): their profiles count on no deal')
    assert ('"Lee, Ann" is "Ann Lee" the other way round: if they are one person, write the name as "Ann Lee" '
            "in the roster and upload it again.") in sentence


def test_a_roster_name_first_name_first_is_named_beside_a_stored_one_written_last_name_first() -> None:
    said = roster_unmatched_sentence(pl.Series(["Ann Lee", "Bo Lind"]), pl.Series(["Lee, Ann", "Bo Lind"]))
    assert said is not None and said.startswith('1 rep in this roster matches no rep in the stored deals ("Ann Lee")')
    assert '"Ann Lee" is "Lee, Ann" the other way round' in said


def test_a_list_of_names_quotes_each_so_a_comma_in_a_name_reads_as_one_name() -> None:
    assert quoted_names(["Lee, Ann"]) == '"Lee, Ann"'
    assert quoted_names(["Lee, Ann", "Roy, Bob"], marks={"Roy, Bob": "left, no date"}) == '"Lee, Ann" and "Roy, Bob" (left, no date)'
    assert quoted_names(["A", "B", "C"], 2) == '"A", "B" and 1 more'
