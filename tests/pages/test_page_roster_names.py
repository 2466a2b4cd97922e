"""The Data page with rosters as HR tools export them: the rep's name in First Name and Last Name columns, or
written last name first ("Lee, Ann"). The first was taken for an export and refused, its rows quarantined;
the second was stored as reps no deal names, listed as "(Dee, Cy, Lee, Ann, Roy, Bob)"."""

from __future__ import annotations

from app_driver import opened
from rendered import as_read
from streamlit.testing.v1 import AppTest

from winloss.ingest.pipeline import commit as store_file, prepare, sha256_of

DEALS = (
    "Opportunity ID,Account,Owner,Stage,Amount,Close Date,Created Date\n"
    "D1,Acme,Ann Lee,Closed Won,1000,2025-11-03,2025-09-01\n"
    "D2,Beta,Bob Roy,Closed Lost,1000,2025-10-15,2025-09-01\n"
).encode()
FIRST_LAST = (b"Employee ID,Vorname,Nachname,Manager,Seller Profile,Status\n"
              b"E1,Ann,Lee,Zed Boss,Challenger,Active\nE2,Bob,Roy,Zed Boss,Hard Worker,Terminated\n")
MIXED = (b'Employee Name,Seller Profile,Status\n"Lee, Ann",Challenger,Active\nBob Roy,Hard Worker,Active\n'
         b"Roy Bobby,Hard Worker,Terminated\n")


def data_page() -> AppTest:
    at = opened("data")
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="uploads").set_value([(name, content, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """Every caption, note and warning the page wrote, as read (names from files are escaped Markdown)."""
    return as_read("\n".join(e.value for kind in (at.caption, at.markdown, at.info, at.warning, at.error) for e in kind))


def test_a_roster_with_first_and_last_name_columns_is_a_roster_whose_reps_are_named_first_name_first(store) -> None:
    store_file(store, prepare(DEALS, "deals.csv"))
    at = upload(data_page(), "hr.csv", FIRST_LAST)
    key = sha256_of(FIRST_LAST)[:16]
    assert at.selectbox(key=f"kind_{key}").value == "roster"
    said = page_text(at)
    assert ("'Vorname' and 'Nachname' are read as one name, joined first name first (\"Ann Lee\")") in said
    assert "has no column for the rep" not in said and "match no rep" not in said
    (mapping,) = [e for e in at.data_editor if (e.key or "").startswith("mapping_")]
    chosen = {f: c for f, c in zip(mapping.value["field"], mapping.value["column"], strict=True) if isinstance(c, str)}
    assert "rep" not in chosen and (chosen["first_name"], chosen["last_name"]) == ("Vorname", "Nachname")
    # The Rep row says where the name comes from, not Required and "— not mapped —".
    rows = list(mapping.value["field"])
    at_rep = rows.index("rep")
    assert mapping.value["label"][at_rep] == "Rep (deal owner): read from Vorname + Nachname"
    assert not mapping.value["required"][at_rep]
    at.button(key=f"commit_{key}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert sorted(store.roster().collect().get_column("rep").to_list()) == ["Ann Lee", "Bob Roy"]


def test_the_two_columns_are_chosen_in_the_mapping_editor_when_their_headers_are_not_known(store) -> None:
    content = b"Staff,Given,Family,Seller Profile,Team,Region\n7,Ann,Lee,Challenger,East,EMEA\n"
    at = upload(data_page(), "people.csv", content)
    key = sha256_of(content)[:16]
    at.selectbox(key=f"kind_{key}").set_value("roster").run()
    assert "nor a first-name and a last-name column" in page_text(at)
    (mapping,) = [e for e in at.data_editor if (e.key or "").startswith("mapping_")]
    rows = list(mapping.value["field"])
    at.session_state[mapping.key] = {"edited_rows": {rows.index("first_name"): {"column": "Given"},
                                                     rows.index("last_name"): {"column": "Family"}},
                                     "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "'Given' and 'Family' are read as one name" in page_text(at)
    at.button(key=f"commit_{key}").click().run()
    assert store.roster().collect().get_column("rep").to_list() == ["Ann Lee"]


def test_roster_names_matching_no_deal_are_quoted_marked_and_a_name_the_other_way_round_is_named(store) -> None:
    store_file(store, prepare(DEALS, "deals.csv"))
    at = upload(data_page(), "hr.csv", MIXED)
    said = page_text(at)
    assert ('2 reps in this roster match no rep in the stored deals ("Lee, Ann" and "Roy Bobby" (left, no date))'
            in said)
    assert '"Lee, Ann" is "Ann Lee" the other way round' in said
