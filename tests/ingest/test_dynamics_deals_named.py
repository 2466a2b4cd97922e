"""A Dynamics 365 export as a person reads it: Dynamics hides its "(Do Not Modify) …" columns in every export, the
first of them the deal's id (a GUID). The file report told every upload to delete that hidden column in Excel if it
was hidden to leave it out, which would remove the key a week's export is matched to the stored deals by; and the
sentences on what a re-export changes named its deals by that GUID alone ("1 won (33aac45e-…)"), where the
take-out list on the same page named the deal ("Proseware deal"). Now the id's hidden column is not named, and
every sentence names a deal by its deal name, by its id only when it has none."""

from __future__ import annotations

from pathlib import Path

from deal_sheets import deals_workbook

from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.store_effects import absent_deals, deal_changes, unlisted_deals
from winloss.store.delta import Store

HEADER = ["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
          "Potential Customer", "Status", "Status Reason", "Est. Close Date", "Est. Revenue", "Owner"]
LITWARE, PROSEWARE, UNNAMED = ("33aac45e-10e6-4e2e-9651-fbfb549528f8", "f4cb8801-2b6e-4c4e-9d0a-6a1f0e8b1c11",
                               "9b0c7d2e-5f3a-4e1b-8c6d-2a4f6e8b0d13")
WEEK1 = [
    [LITWARE, "x1", "2026-11-30", "Litware expansion", "Litware", "Open", "In Progress", "2026-12-20", 40000, "Ann Lee"],
    [PROSEWARE, "x2", "2026-11-30", "Proseware deal", "Proseware", "Open", "In Progress", "2026-12-20", 9000, "Ann Lee"],
    [UNNAMED, "x3", "2026-11-30", "", "Contoso", "Open", "In Progress", "2026-12-20", 5000, "Bob Roy"],
]
# A week later: the Litware deal won, the unnamed one lost, the Proseware deal not in the export.
WEEK2 = [
    [LITWARE, "x1", "2026-12-07", "Litware expansion", "Litware", "Won", "Won", "2026-12-04", 40000, "Ann Lee"],
    [UNNAMED, "x3", "2026-12-07", "", "Contoso", "Lost", "Out-Sold", "2026-12-04", 5000, "Bob Roy"],
]


def export(rows: list[list]) -> bytes:
    """The deals as Dynamics exports them: a workbook with its three "(Do Not Modify)" columns (A:C) hidden."""
    return deals_workbook([HEADER, *rows], "Open Opportunities", hidden=("A:C",))


def test_the_hidden_id_column_of_a_dynamics_export_is_not_offered_for_deletion(tmp_path: Path) -> None:
    prepared = prepare(export(WEEK1), "Open Opportunities 11-30-2026 9-00-00 AM.xlsx")
    assert prepared.rows_accepted == 3
    assert [note for note in prepared.notes if "hidden in Excel" in note] == []


def test_a_re_export_names_the_deals_it_changes_and_lacks_by_their_names(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    commit(store, prepare(export(WEEK1), "Open Opportunities 11-30-2026 9-00-00 AM.xlsx"))
    week2 = prepare(export(WEEK2), "Open Opportunities 12-7-2026 8-15-02 AM.xlsx")
    changes = deal_changes(week2, store)
    assert changes is not None
    # A deal without a name is named by its id, the one thing that tells it apart.
    assert changes.sentence() == f'Storing it closes 2 open deals: 1 won ("Litware expansion"), 1 lost ({UNNAMED}).'
    assert [t.examples for t in changes.transitions] == [(LITWARE,), (UNNAMED,)]  # --json keeps the ids
    absent = absent_deals(week2, store)
    # The one deal it lacks is named, not given "such as" one of several.
    assert absent is not None and 'is not in this file ("Proseware deal"): it stays' in absent.sentence
    assert PROSEWARE not in absent.sentence and absent.examples == (PROSEWARE,)
    unlisted = unlisted_deals(week2, store)
    assert unlisted is not None
    assert unlisted.listing() == 'Stored from other exports of this report, not in this one: "Proseware deal".'
