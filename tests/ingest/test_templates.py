"""The hand-fillable templates: every header auto-maps, and the example rows ingest cleanly."""

import polars as pl
import pytest

from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.templates import opportunity_template_csv, roster_template_csv
from winloss.io.readers import read_table
from winloss.store.delta import Store


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("opportunities_template.csv", opportunity_template_csv(), "opportunities"),
    ("roster_template.csv", roster_template_csv(), "roster"),
])
def test_template_ingests_cleanly_and_every_header_maps(tmp_path, name, content, kind):
    prepared = prepare(content, name)
    assert prepared.rejected is None
    assert prepared.kind == kind
    assert (prepared.rows_read, prepared.rows_accepted, prepared.rows_quarantined) == (2, 2, 0)
    # ISO dates: no date order to guess; a roster's note says only who of its example reps left.
    assert [note for note in prepared.notes if not note.startswith("The roster's 'Status' and 'End Date' columns were read: ")] == []
    assert sorted(prepared.mapping.fields.values()) == sorted(read_table(content, name).columns)
    assert commit(Store(tmp_path / "s"), prepared, user="t").change.inserted == 2


def test_opportunity_template_examples_are_one_win_and_one_no_decision():
    prepared = prepare(opportunity_template_csv(), "t.csv")
    assert prepared.accepted.get_column("outcome").to_list() == ["won", "no_decision"]
    assert prepared.accepted.get_column("amount").to_list() == [48000.0, 125000.5]
    assert prepared.accepted.get_column("close_date").dtype == pl.Date


def test_roster_template_has_the_columns_that_say_who_left():
    """The roster template gave Rep, Seller Profile, Team, Manager and Region only: a roster made from it could
    not say who left, so a leaver it left out stayed a current rep. Its Status and End Date columns are read."""
    prepared = prepare(roster_template_csv(), "roster_template.csv")
    assert {"employment_status": "Status", "left_on": "End Date"}.items() <= prepared.mapping.fields.items()
    assert prepared.accepted.select("rep", "left").rows() == [("Alex Morgan", False), ("Sam Lee", True)]
    assert any("1 of the 2 people in the roster left" in note for note in prepared.notes)
