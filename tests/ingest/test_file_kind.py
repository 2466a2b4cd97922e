"""What a file holds, decided from its headers: a roster's HR columns (Status, Active, Email, Start Date...)
beside its rep and profile make it a roster, an export's Team and Manager columns leave it an export,
and a file that names neither clearly is refused with what its headers said, not as an export missing its id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from command_line import run

from winloss.ingest.hints import page_sentence
from winloss.ingest.mapping import detect_kind, detect_mapping, kind_decision, recognised_as
from winloss.ingest.pipeline import commit, file_report, prepare, prepare_path
from winloss.store.delta import Store
from winloss.views import data_page

KINDS = Path(__file__).resolve().parents[1] / "fixtures" / "kinds"
ROSTER = ["Rep Name", "Seller Profile", "Team", "Manager", "Region"]


@pytest.mark.parametrize("extra", [
    "Status", "Active", "Is Active", "Employment Status", "Start Date", "Hire Date", "Email", "Employee ID", "Title",
    "Job Title", "Location", "Quota", "Department",
])
def test_a_roster_with_a_column_an_hr_tool_adds_is_a_roster(extra):
    """A roster's Status (Active / Left) was read as a deal's stage: the roster became an export with no id."""
    assert detect_kind([*ROSTER, extra]) == "roster"
    assert detect_kind([*ROSTER[:2], extra]) == "roster"  # the rep and a profile alone
    assert detect_kind(["Rep Name", "Email", *ROSTER[1:], "Status", extra]) == "roster"


@pytest.mark.parametrize("columns", [
    ["Name", "Email", "Title", "Department", "Active"],  # an HR tool's people list: no profile, no team
    ["Full Name", "Email", "Manager", "Status"],
    ["Employee Name", "Employee ID", "Start Date", "Status"],
])
def test_a_list_of_people_with_a_rep_and_two_hr_columns_is_a_roster(columns):
    assert detect_kind(columns) == "roster"


@pytest.mark.parametrize("columns", [
    ["Opportunity ID", "Owner", "Team", "Manager", "Region", "Status", "Amount", "Close Date"],
    ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date", "Team", "Manager", "Seller Profile"],
    # No stage word at all: a rep with a team and a manager made it a roster, its amounts and dates unread.
    ["Deal", "Sales Rep", "Team", "Manager", "Amount", "Close Date"],
    ["Sales Rep", "Team", "Manager", "Region", "Deal Value", "Closing Date", "Probability"],
    ["Record ID", "Deal owner", "Deal Stage", "Amount", "Close Date", "Team", "Email"],
])
def test_an_export_with_team_manager_or_a_person_column_stays_an_export(columns):
    decision = kind_decision(columns)
    assert (decision.kind, decision.doubt) == ("opportunities", False)


def test_the_old_rules_still_hold():
    assert detect_kind(["Rep Name", "Seller Profile", "Team", "Manager"]) == "roster"
    assert detect_kind(["sales_agent", "manager", "regional_office"]) == "roster"  # a CRM's sales-teams table
    assert detect_kind(["Rep", "Statement ID", "Score"]) == "assessment"
    assert detect_kind(["Opportunity ID", "Owner", "Stage"]) == "opportunities"
    assert detect_kind(["foo", "bar"]) == "opportunities"


@pytest.mark.parametrize("name", ["hr_roster.csv", "hr_people.csv"])
def test_an_hr_roster_is_stored_as_a_roster_read_whole_or_from_disk(name, tmp_path):
    path = KINDS / name
    whole = prepare(path.read_bytes(), name)
    with prepare_path(path, batch_rows=2) as batched:
        for prepared in (whole, batched):
            assert prepared.rejected is None, prepared.rejected
            assert prepared.kind == "roster"
            assert prepared.rows_accepted == prepared.rows_read and prepared.rows_quarantined == 0
            assert data_page.detected_summary(prepared).startswith("Rep roster · ")
    report = file_report(whole)
    assert "opportunity" not in " ".join(report["notes"]).lower()
    # Its Email is the rep's email, read as the roster's (an owner written as an email is that rep): not a column not used.
    assert "'Email'" not in report["unused_sentence"]
    assert whole.mapping is not None and whole.mapping.fields["email"] == "Email"
    store = Store(tmp_path / "store")
    commit(store, whole)
    assert store.roster().collect().height == whole.rows_read


def test_the_command_line_stores_an_hr_roster_given_as_a_path(tmp_path):
    result = run("ingest", str(KINDS / "hr_roster.csv"), "--store", str(tmp_path / "store"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (report,) = json.loads(result.stdout)["files"]
    assert (report["kind"], report["recognised_as"], report["rejected"]) == ("roster", "Rep roster", None)
    assert report["mapping"] == {
        "rep": "Rep Name", "seller_profile": "Seller Profile", "team": "Team", "manager": "Manager", "region": "Region",
        "employment_status": "Status",  # whether the rep left (winloss.employment): read, not a column not used
        "email": "Email",  # the rep's email, which a deal's owner may be written as
    }
    assert report["unused_columns"] == ["Employee ID", "Job Title", "Location", "Start Date", "Quota"]


def test_an_export_with_team_and_manager_is_stored_as_an_export(tmp_path):
    prepared = prepare((KINDS / "export_with_team.csv").read_bytes(), "export_with_team.csv")
    assert prepared.rejected is None and prepared.kind == "opportunities"
    assert prepared.mapping is not None and prepared.mapping.doubt is None
    assert recognised_as(prepared.mapping, prepared.table.columns) == "Generic export"
    assert prepared.accepted.get_column("outcome").sort().to_list() == ["lost", "open", "won"]


def test_a_file_whose_kind_is_in_doubt_is_refused_with_what_its_headers_said():
    """A rep and an email beside an HR Status: not clearly a roster (no profile, team or manager) nor an
    export (no stage, amount, date or id). It was refused as an export with no opportunity id."""
    prepared = prepare(b"Rep Name,Email,Status\nAnn Lee,ann@acme.com,Active\n", "people.csv")
    assert prepared.rejected == (
        "This file could be a rep roster or an opportunity export: 'Email' is a roster's column, 'Status' could be "
        "a person's or a deal's and no column names a deal's stage, amount, close date or id. Choose what it holds "
        "(on the command line: --roster PATH for a rep roster), or, for an export, the column for the opportunity id "
        '(on the command line: --map opportunity_id="Column name").'
    )
    assert "no column for the opportunity id" not in prepared.rejected
    assert data_page.rejection(prepared) == page_sentence(prepared.rejected)
    assert data_page.rejection(prepared).endswith(
        "Choose what it holds in The file holds above, or, for an export, the column for the opportunity id in "
        "Column mapping above, under Column in your file.")
    assert data_page.detected_summary(prepared).startswith("Generic export, perhaps a rep roster · ")
    # Chosen as a roster, it is one.
    chosen = prepare(b"Rep Name,Email,Status\nAnn Lee,ann@acme.com,Active\n", "people.csv", kind="roster")
    assert chosen.rejected is None and chosen.kind == "roster" and chosen.rows_accepted == 1


def test_a_file_read_as_an_export_though_it_names_a_roster_column_says_so():
    content = (b"Opportunity ID,Rep,Status,Close Date,Email,Seller Profile\n"
               b"OPP-1,Ann Lee,Won,2026-01-02,ann@acme.com,Challenger\n")
    prepared = prepare(content, "mixed.csv")
    assert prepared.rejected is None and prepared.kind == "opportunities"
    assert (
        "This file is read as an opportunity export for its 'Opportunity ID' and 'Close Date', though 'Email' and "
        "'Seller Profile' are a roster's columns: if it is a rep roster, choose so "
        "(on the command line: --roster PATH)."
    ) in prepared.notes
    # Columns chosen by hand are the user's word on it: no doubt is said.
    chosen = detect_mapping(["Opportunity ID", "Rep", "Status", "Close Date", "Email", "Seller Profile"],
                            overrides={"rep": "Rep"})
    assert chosen.doubt is None
