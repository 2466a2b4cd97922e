"""A roster's Coach column: the rep's coach in a coaching programme, read, stored, compared on a re-upload, edited
in the roster editor and given in the template.

A roster with a "Coach" column had it named as not used: nothing read it, so a leader running a coaching
programme could not look at the coached reps apart.
"""

from __future__ import annotations

import polars as pl
import pytest

from coached_reps import ROSTER, stored
from old_rosters import roster_written_without

from winloss.deals import page_deals
from winloss.ingest.mapping import detect_mapping, unused_columns
from winloss.ingest.pipeline import commit, prepare
from winloss.ingest.templates import roster_template_csv
from winloss.store.delta import Store
from winloss.views.roster import roster_changes, roster_for_editing

def coaches(store: Store) -> dict[str, str | None]:
    return dict(store.roster().select("rep", "coach").collect().iter_rows())


# ---- reading ----

@pytest.mark.parametrize("header", ["Coach", "Mentor", "Sales coach", "Sales Coach", "coached_by", "Verkoopcoach",
                                    "Vertriebscoach", "Coach commercial", "Tuteur", "Coach de ventas", "Tutor",
                                    "Coach commerciale", "Coach de vendas", "Säljcoach", "Handledare", "Salgscoach",
                                    "Trener sprzedaży", "コーチ", "メンター"])
def test_a_rosters_coach_column_is_read_as_the_coach(header):
    mapping = detect_mapping(["Name", "Seller Profile", "Team", "Manager", header])
    assert mapping.kind == "roster"
    assert mapping.fields.get("coach") == header
    assert unused_columns(["Name", "Seller Profile", "Team", "Manager", header], mapping.fields.values()) == []


def test_a_coach_column_makes_no_file_a_roster_that_was_not_one():
    """A coach is read from a roster; it is no sign of one, so an export's kind is decided as before."""
    columns = ["Opportunity ID", "Owner", "Stage", "Close Date", "Amount", "Coach"]
    assert detect_mapping(columns).kind == "opportunities"


def test_the_report_no_longer_names_the_coach_column_as_not_used():
    prepared = prepare(ROSTER.encode(), "roster.csv")
    assert prepared.mapping is not None and prepared.mapping.fields["coach"] == "Coach"
    assert not any("Not used" in note and "Coach" in note for note in prepared.notes)
    assert dict(prepared.accepted.select("rep", "coach").iter_rows()) == {
        "Dana Whitfield": "Kim Park", "Sam Ortiz": "Kim Park", "Li Wei": None}


def test_the_roster_template_has_a_coach_column_read_as_the_coach():
    prepared = prepare(roster_template_csv(), "roster_template.csv")
    assert prepared.mapping is not None and prepared.mapping.fields.get("coach") == "Coach"
    assert prepared.accepted.get_column("coach").to_list() == ["Riley Chen", None]


# ---- storing and comparing ----

def test_the_coach_is_stored_and_every_deal_carries_its_reps_coach(tmp_path):
    store = stored(tmp_path)
    assert coaches(store) == {"Dana Whitfield": "Kim Park", "Sam Ortiz": "Kim Park", "Li Wei": None}
    assert dict(page_deals(store).select("rep", "coach").iter_rows()) == {
        "Dana Whitfield": "Kim Park", "Sam Ortiz": "Kim Park", "Li Wei": None}


def test_a_roster_uploaded_again_compares_the_coach_as_the_other_fields(tmp_path):
    store = stored(tmp_path)
    reordered = "\n".join([ROSTER.splitlines()[0], *reversed(ROSTER.splitlines()[1:])]) + "\n"  # other bytes, same rows
    same = commit(store, prepare(reordered.encode(), "roster again.csv"), user="test")
    assert same.change is not None and (same.change.updated, same.change.unchanged) == (0, 3)
    moved = commit(store, prepare(ROSTER.replace("Li Wei,Lone Wolf,West,Mo Lee,", "Li Wei,Lone Wolf,West,Mo Lee,Ana Cruz")
                                  .encode(), "roster coached.csv"), user="test")
    assert moved.change is not None and (moved.change.updated, moved.change.unchanged) == (1, 2)
    assert coaches(store)["Li Wei"] == "Ana Cruz"


def test_a_roster_without_the_coach_column_keeps_the_stored_coaches(tmp_path):
    store = stored(tmp_path)
    without = "Name,Seller Profile,Team\nDana Whitfield,Challenger,West\nSam Ortiz,Hard Worker,East\nLi Wei,Lone Wolf,West\n"
    commit(store, prepare(without.encode(), "roster teams.csv"), user="test")
    assert coaches(store) == {"Dana Whitfield": "Kim Park", "Sam Ortiz": "Kim Park", "Li Wei": None}


def test_roster_rows_saved_without_a_coach_column_keep_the_stored_coach(tmp_path):
    store = stored(tmp_path)
    store.save_roster_rows(pl.DataFrame({"rep": ["Dana Whitfield"], "seller_profile": ["Challenger"], "team": ["East"],
                                         "manager": ["Mo Lee"], "region": [None], "email": [None]},
                                        schema_overrides={"region": pl.String, "email": pl.String}))
    assert coaches(store)["Dana Whitfield"] == "Kim Park"


def test_a_store_written_before_the_roster_kept_coaches_opens_and_takes_them(tmp_path, monkeypatch):
    from deltalake import DeltaTable

    with roster_written_without(monkeypatch, "coach"):
        stored(tmp_path)
    assert "coach" not in DeltaTable(str(tmp_path / "store" / "roster")).schema().to_arrow().names
    opened = Store(str(tmp_path / "store"))
    assert coaches(opened) == {"Dana Whitfield": None, "Sam Ortiz": None, "Li Wei": None}
    assert page_deals(opened).get_column("coach").is_null().all()
    # The roster uploaded again gives the coaches.
    commit(opened, prepare(ROSTER.replace("Mo Lee,\n", "Mo Lee, \n").encode(), "roster again.csv"), user="test")
    assert coaches(opened) == {"Dana Whitfield": "Kim Park", "Sam Ortiz": "Kim Park", "Li Wei": None}
    assert page_deals(opened).get_column("coach").drop_nulls().to_list() == ["Kim Park", "Kim Park"]


# ---- the roster editor ----

def test_the_roster_editor_shows_and_saves_a_coach(tmp_path):
    store = stored(tmp_path)
    table = roster_for_editing(store.opportunities(), store.roster())
    assert dict(table.select("rep", "coach").iter_rows())["Dana Whitfield"] == "Kim Park"
    row = table.get_column("rep").to_list().index("Li Wei")
    edited = table.with_columns(pl.when(pl.int_range(pl.len()) == row).then(pl.lit("Ana Cruz")).otherwise(pl.col("coach"))
                                .alias("coach"))
    changes = roster_changes(table, edited)
    assert changes.select("rep", "coach").rows() == [("Li Wei", "Ana Cruz")]
    store.save_roster_rows(changes)
    assert coaches(store)["Li Wei"] == "Ana Cruz"


def test_the_roster_editor_reads_a_roster_frame_without_the_coach_field(tmp_path):
    store = stored(tmp_path)
    table = roster_for_editing(store.opportunities(), store.roster().drop("coach"))
    assert table.get_column("coach").is_null().all()
