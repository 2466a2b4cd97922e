"""The stage report counts the rows each stage value stores, and says how many it quarantined.

`python -m winloss ingest deals_with_bad_rows.csv` printed "'Closed Won' -> won, 11 rows" though 4 of
them were quarantined (no rep, a bad date...) and 7 stored, and "'Closed Lost' -> lost, 1 row" of a row
quarantined; the Data page's stage table had the same Rows, beside a loss-reasons line saying no
reason was lost. Both surfaces read one report (outcomes.stage_report), whole-file and in batches alike.
"""

from __future__ import annotations

import polars as pl
import pytest

from winloss.cli import stage_lines
from winloss.ingest.pipeline import file_report, prepare, prepare_path
from winloss.views.data_page import stage_rows

EXPORT = (
    "Opportunity ID,Sales Rep,Stage,Amount,Close Date,Product\n"
    "W-1,Ann,Closed Won,100,2026-01-10,A\n"
    "W-2,,Closed Won,100,2026-01-10,A\n"  # no rep: quarantined
    "W-3,Ann,Closed Won,100,2026-02-31,A\n"  # no such date: quarantined
    "L-1,,Closed Lost,100,2026-01-10,A\n"  # no rep: quarantined
    "L-2,Ann,Closed Lost,100,2026-01-10,A\n"
    "P-1,Ann,Proposal,100,2026-03-10,A\n"
    "P-1,Ann,Proposal,100,2026-03-10,B\n"  # a product line of P-1: stored with it
    "D-1,Ann,Closed Won,100,2026-01-10,A\n"
    "D-1,Ann,Closed Won,900,2026-01-10,A\n"  # one id, two amounts: both quarantined
    "W-4,Ann,Closed Won,100,2026-01-10,A\n"
    "X-1,Ann,Parked,100,2026-01-10,A\n"  # no rule matched: quarantined until mapped
)


@pytest.mark.parametrize("batch_rows", [None, 2, 3])
def test_each_stage_value_counts_its_rows_stored_and_quarantined(tmp_path, batch_rows):
    path = tmp_path / "deals.csv"
    path.write_text(EXPORT)
    with (prepare(EXPORT.encode(), "deals.csv") if batch_rows is None else prepare_path(path, batch_rows=batch_rows)) as p:
        assert p.stages is not None
        report = {(stage, outcome): (rows, stored, quarantined)
                  for stage, outcome, rows, stored, quarantined in p.stages.select(
                      "stage", "outcome", "rows", "stored", "quarantined").iter_rows()}
        assert report == {
            ("Closed Won", "won"): (6, 2, 4), ("Closed Lost", "lost"): (2, 1, 1), ("Proposal", "open"): (2, 2, 0),
            ("Parked", None): (1, 0, 1),
        }
        # The rows stored add up to the rows the file stores, and those quarantined to its quarantined rows.
        assert sum(v[1] for v in report.values()) == p.rows_accepted == 5
        assert sum(v[2] for v in report.values()) == p.rows_quarantined == 6
        lines = stage_lines(file_report(p))
        assert "    'Closed Won' -> won, 2 rows stored, 4 quarantined (stage words)" in lines
        assert "    'Closed Lost' -> lost, 1 row stored, 1 quarantined (stage words)" in lines
        assert "    'Proposal' -> open, 2 rows (stage words)" in lines
        assert "  ! 'Parked' -> not stored, 1 row (no rule matched: quarantined until you map it)" in lines
        # The Data page's stage table: rows stored and quarantined, each outcome with the rows it stores.
        table = stage_rows(p.stages, {}).select("stage", "rows", "quarantined", "given")
        assert table.filter(pl.col("stage") == "Closed Won").row(0) == ("Closed Won", 2, 4, "Won (stage words)")
        assert table.filter(pl.col("stage") == "Parked").row(0)[:3] == ("Parked", 0, 1)


def test_a_value_whose_every_row_is_quarantined_stores_none(tmp_path):
    """As in the review's file, whose one 'Closed Lost' -> lost row has no rep."""
    content = "Opportunity ID,Sales Rep,Stage,Close Date\nA1,Ann,Closed Won,2026-01-05\nA2,,Closed Lost,2026-01-05\n".encode()
    p = prepare(content, "deals.csv")
    lines = stage_lines(file_report(p))
    assert "    'Closed Lost' -> lost, 0 rows stored, 1 quarantined (stage words)" in lines
    assert "    'Closed Won' -> won, 1 row (stage words)" in lines


def test_the_stage_table_names_no_outcome_of_a_value_whose_rows_of_it_were_all_quarantined():
    """'Closed Lost' gave no decision to 2 stored deals and lost to 1 deal quarantined for its missing
    rep: the Data page read "No decision 2 (loss reason ...), Lost 0 (stage words)", an outcome counted
    nothing beside the Quarantined column that counts that row."""
    content = ("Opportunity ID,Sales Rep,Stage,Loss Reason,Close Date\n"
               "A1,Ann,Closed Lost,No Decision,2026-01-05\nA2,Bo,Closed Lost,Status Quo,2026-01-06\n"
               "A3,,Closed Lost,Price,2026-01-07\n").encode()
    table = stage_rows(prepare(content, "deals.csv").stages, {})
    assert table.select("stage", "rows", "quarantined", "given").row(0) == (
        "Closed Lost", 2, 1, "No decision (loss reason in the no-decision vocabulary)")
    every = "Opportunity ID,Sales Rep,Stage,Close Date\nB1,,Closed Lost,2026-01-05\n".encode()  # nothing stored
    (given,) = stage_rows(prepare(every, "deals.csv").stages, {}).get_column("given").to_list()
    assert given == "Lost (stage words)"
