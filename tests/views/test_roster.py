"""Roster gaps and edits: reps the deals name but the roster lacks, and the rows an edit changes."""

import datetime as dt

import polars as pl
import pytest

from data_models.vocabulary import OPPORTUNITY_SCHEMA, ROSTER_SCHEMA
from winloss.deals import deals
from winloss.views.roster import roster_changes, roster_for_editing, roster_gaps
from winloss.store.delta import Store


def opportunities(reps: list[str]) -> pl.LazyFrame:
    frame = pl.DataFrame({"opportunity_id": [f"O-{i}" for i in range(len(reps))], "rep": reps})
    return frame.with_columns(
        **{n: pl.lit(None, t) for n, t in OPPORTUNITY_SCHEMA.items() if n not in frame.columns}
    ).lazy()


def roster(rows: list[tuple[str, str, str | None]]) -> pl.LazyFrame:
    return pl.DataFrame(
        {"rep": [r[0] for r in rows], "seller_profile": [r[1] for r in rows], "team": [r[2] for r in rows],
         "manager": [None] * len(rows), "region": [None] * len(rows), "email": [None] * len(rows),
         "coach": [None] * len(rows)},
        schema=ROSTER_SCHEMA,
    ).lazy()


def test_gaps_are_the_reps_with_deals_but_no_roster_row_most_deals_first():
    gaps = roster_gaps(opportunities(["Ann", "Cara", "Dan", "Dan", "Ann"]), roster([("Ann", "Challenger", None)]))
    assert gaps.rows() == [("Dan", 2), ("Cara", 1)]


def test_no_gaps_when_the_roster_covers_every_rep():
    assert roster_gaps(opportunities(["Ann"]), roster([("Ann", "Challenger", None)])).height == 0


def test_editing_table_lists_gaps_first_as_unprofiled_then_unprofiled_then_the_rest():
    table = roster_for_editing(
        opportunities(["Ann", "Cara", "Bo", "Bo"]),
        roster([("Ann", "Challenger", "East"), ("Eve", "Unprofiled", None), ("Bo", "Lone Wolf", None)]),
    )
    assert table.select("rep", "seller_profile", "in_roster", "deals").rows() == [
        ("Cara", "Unprofiled", False, 1),
        ("Eve", "Unprofiled", True, 0),
        ("Bo", "Lone Wolf", True, 2),
        ("Ann", "Challenger", True, 1),
    ]


def test_an_unedited_table_changes_nothing():
    table = roster_for_editing(opportunities(["Ann", "Cara"]), roster([("Ann", "Challenger", None)]))
    assert roster_changes(table, table).height == 0


def test_changes_are_the_edited_rows_as_canonical_roster_rows():
    table = roster_for_editing(opportunities(["Ann", "Cara", "Dan"]), roster([("Ann", "Challenger", "East")]))
    edited = table.with_columns(
        pl.when(pl.col("rep") == "Cara").then(pl.lit("Hard Worker")).otherwise(pl.col("seller_profile")).alias("seller_profile"),
        pl.when(pl.col("rep") == "Ann").then(pl.lit("West ")).otherwise(pl.col("team")).alias("team"),
    )
    changes = roster_changes(table, edited).sort("rep")
    assert changes.columns == list(ROSTER_SCHEMA.names())
    assert changes.select("rep", "seller_profile", "team").rows() == [("Ann", "Challenger", "West"), ("Cara", "Hard Worker", None)]


def test_a_blank_cell_equals_a_missing_value():
    table = roster_for_editing(opportunities(["Ann"]), roster([("Ann", "Challenger", None)]))
    assert roster_changes(table, table.with_columns(team=pl.lit(""))).height == 0


def test_an_unknown_profile_is_refused_with_a_sentence():
    table = roster_for_editing(opportunities(["Ann"]), roster([("Ann", "Challenger", None)]))
    with pytest.raises(ValueError, match="'Closer' \\(for Ann\\) is not a seller profile"):
        roster_changes(table, table.with_columns(seller_profile=pl.lit("Closer")))


def test_saved_changes_reach_the_profile_of_every_deal(tmp_path):
    store = Store(tmp_path / "s")
    accepted = pl.DataFrame({"__line": [2], "opportunity_id": ["O-1"], "rep": ["Cara"], "stage": ["Closed Won"],
                             "outcome": ["won"], "close_date": [dt.date(2025, 3, 1)]})
    accepted = accepted.with_columns(**{n: pl.lit(None, t) for n, t in OPPORTUNITY_SCHEMA.items() if n not in accepted.columns})
    store.commit_file(kind="opportunities", file_name="f.csv", sha256="f", content=b"f", source="generic",
                      accepted=accepted, quarantine=pl.DataFrame(schema={"line": pl.Int64, "reason": pl.String, "row_json": pl.String}),
                      rows_read=1)
    assert deals(store).get_column("seller_profile").to_list() == ["Unprofiled"]
    table = roster_for_editing(store.opportunities(), store.roster())
    edited = table.with_columns(seller_profile=pl.lit("Challenger"), manager=pl.lit("Mia"))
    change = store.save_roster_rows(roster_changes(table, edited), user="ops")
    assert (change.store_version, change.inserted) == (2, 1)
    assert deals(store).select("seller_profile", "manager").rows() == [("Challenger", "Mia")]
    assert roster_for_editing(store.opportunities(), store.roster()).get_column("in_roster").to_list() == [True]


def test_a_rep_the_roster_spells_another_way_is_named_with_the_roster_rep_before_a_second_row_is_made():
    """The editor listed "Anna Müller" (10 deals) as not in the roster beside its "Anna Mueller", and assigning
    her a profile made a second roster row. The close name is offered by the roster upload's "did you mean"
    rule (identity.did_you_mean); the two stay two reps (name_key does not fold "ü" to "ue")."""
    from winloss.views.roster import lookalike_sentence, roster_lookalikes, second_rows, second_rows_label

    table = roster_for_editing(opportunities(["Anna Müller"] * 10 + ["Cara"]),
                               roster([("Anna Mueller", "Challenger", "East"), ("Bo", "Lone Wolf", None)]))
    assert table.filter(~pl.col("in_roster"))["rep"].to_list() == ["Anna Müller", "Cara"]
    lookalikes = roster_lookalikes(table)
    assert lookalikes == {"Anna Müller": "Anna Mueller"}
    assert lookalike_sentence("Anna Müller", "Anna Mueller").startswith(
        '"Anna Müller" is not in the roster, which has "Anna Mueller": is this the same person?')
    edited = table.with_columns(pl.when(pl.col("rep").is_in(["Anna Müller", "Cara"])).then(pl.lit("Hard Worker"))
                                .otherwise(pl.col("seller_profile")).alias("seller_profile"))
    assert second_rows(roster_changes(table, edited), lookalikes) == ["Anna Müller"]
    assert second_rows_label(["Anna Müller"], lookalikes) == (
        'Add "Anna Müller" to the roster as a new rep all the same (the roster has "Anna Mueller")')
