"""With "Anonymise reps" on, the pages name no one by what the store keeps of who changed it or by a setting
typed into the app: the Data page's History (a file named after a rep, uploaded by a rep's e-mail; a file
named after someone the data no longer holds), the Overview's "Last upload" line, and the No decision
page's causes, counted by a stage mapping naming a rep."""

from __future__ import annotations

import app_driver
import polars as pl
from named_texts import leaks
from rendered import rendered_text

from winloss.anonymise import HISTORY_ANONYMISED_CAPTION, name_pseudonyms
from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store
from winloss.text import md

PEOPLE = ["Bianca Rossi", "Tom Ito"]
FILE = "bianca_rossi_pipeline.csv"
HEADER = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount,Is Closed,Is Won\n"
ROWS = (
    "D1,Bianca Rossi,Waiting on Bianca Rossi,,2025-01-10,2025-03-01,1000,true,false\n"
    "D2,Bianca Rossi,Waiting on Bianca Rossi,,2025-01-10,2025-03-02,1000,true,false\n"
    "D3,Tom Ito,Closed Lost,No decision - status quo,2025-01-10,2025-03-03,1000,true,false\n"
    "D4,Tom Ito,Closed Lost,Price,2025-01-10,2025-03-04,1000,true,false\n"
    "D5,Tom Ito,Closed Won,,2025-01-10,2025-03-05,1000,true,true\n"
)
STAGES = {"Waiting on Bianca Rossi": "no_decision"}


def stored(store: Store) -> str:
    """The deals above, their export named after Bianca Rossi and uploaded by her e-mail, with the stage
    naming her mapped to no decision; her pseudonym."""
    commit(store, prepare((HEADER + ROWS).encode(), FILE, stage_outcomes=STAGES), user="bianca.rossi@acme.com",
           stage_outcomes=STAGES)
    return name_pseudonyms(deals(store))["rep"]["Bianca Rossi"]


def opened(page: str, **query: str):
    at = app_driver.opened(page, period="custom", **{"from": "2025-01-01", "to": "2025-03-31"}, **query)
    assert not at.exception, [e.value for e in at.exception]
    return at


# Someone neither the deals nor the roster name: a rep who left before the roster, whose handover file a
# manager uploaded. Anonymising cannot find their names, so the History shows neither file nor uploader.
ABSENT = ["Dana Whitfield", "Martin Keller"]
HANDOVER = "dana_whitfield_handover.csv"
HANDOVER_ROWS = "D6,Tom Ito,Closed Won,,2025-01-10,2025-03-06,1000,true,true\n"


def stored_with_handover(store: Store) -> None:
    """`stored`, then the handover file, uploaded by martin.keller@acme.com."""
    stored(store)
    commit(store, prepare((HEADER + HANDOVER_ROWS).encode(), HANDOVER), user="martin.keller@acme.com")


def test_the_history_names_no_one_once_anonymised(store: Store):
    """Each file and uploader reads a neutral label, said in one caption; with names shown they read as stored."""
    stored_with_handover(store)
    assert leaks(rendered_text(opened("data", present="true")), PEOPLE + ABSENT)  # names shown, the History names them
    at = opened("data", present="true", anon="true")
    assert leaks(rendered_text(at), PEOPLE + ABSENT) == []
    (history,) = [grid.value for grid in at.dataframe if "File" in grid.value.columns]
    assert pl.from_pandas(history).select("Who", "File").rows() == [("User 2", "CSV file 2"), ("User 1", "CSV file 1")]
    assert [c.value for c in at.caption if c.value == HISTORY_ANONYMISED_CAPTION]


def test_the_last_upload_names_its_file_as_the_history_does_once_anonymised(store: Store):
    stored_with_handover(store)
    (line,) = [c.value for c in opened("overview", anon="true").caption if "Last upload:" in c.value]
    assert "**CSV file 2**" in line and leaks(line, PEOPLE + ABSENT) == []
    assert leaks(rendered_text(opened("overview", present="true", anon="true")), PEOPLE + ABSENT) == []


def test_a_stage_mapping_naming_a_rep_counts_the_same_deals_once_anonymised(store: Store):
    """The stage "Waiting on Bianca Rossi" reads "Waiting on Rep 01" once anonymised: its mapping, typed with
    her name, still counts its deals ("2 deals by your stage mapping"), as with names shown."""
    stored(store)

    def causes(**query: str) -> str:
        (caption,) = [c.value for c in opened("no_decision", **query).caption if "Raw loss reasons" in c.value]
        return caption

    shown = causes()
    assert "No decision: 2 deals by your stage mapping" in shown
    assert causes(anon="true") == shown


def test_the_signed_in_visitor_is_named_by_their_role_alone_once_anonymised(store: Store, tmp_path, monkeypatch):
    """Signed in as bianca.rossi@acme.com, the sidebar named her by her address: anonymised, it would read
    "Rep 01@acme.com" and tell the audience which pseudonym is the presenter's, so it names her role alone."""
    stored(store)
    roles = tmp_path / "roles.toml"
    roles.write_text('[users]\n"bianca.rossi@acme.com" = "viewer"\n')
    monkeypatch.setenv("WINLOSS_ROLES", str(roles))

    def account(**query: str) -> list[str]:
        at = app_driver.opened("overview", signed_in="bianca.rossi@acme.com", **query)
        assert not at.exception, [e.value for e in at.exception]
        return [c.value for c in at.sidebar.caption if c.value.startswith(":material/person:")]

    assert account() == [f":material/person: {md('bianca.rossi@acme.com')} · Viewer"]
    assert account(present="true", anon="true") == [":material/person: Signed in · Viewer"]


def test_stages_a_name_alone_tells_apart_are_counted_apart_once_anonymised(store: Store):
    """"Waiting on Bianca Rossi" is mapped to no decision, "Waiting on Rossi" is not (its deal is no decision by
    its loss reason): both read "Waiting on Rep 01" once anonymised, and the mapping counted both stages' deals.
    They read apart, and the causes are counted as with names shown."""
    rossi = "D7,Bianca Rossi,Waiting on Rossi,No decision - status quo,2025-01-10,2025-03-07,1000,true,false\n"
    commit(store, prepare((HEADER + ROWS + rossi).encode(), FILE, stage_outcomes=STAGES), user="tester",
           stage_outcomes=STAGES)

    def causes(**query: str) -> str:
        (caption,) = [c.value for c in opened("no_decision", **query).caption if "Raw loss reasons" in c.value]
        return caption

    shown = causes()
    assert "2 deals by your stage mapping" in shown and "2 by the loss reason" in shown
    assert causes(anon="true") == shown
