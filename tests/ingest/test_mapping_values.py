"""A header names a field, its values decide whether it feeds it: a closing column (closed and won
flags, a status, won/lost/expected dates) whose values do not fit is not auto-mapped silently. A
hand-made sheet's "Closed" column of dates was read as the closed flag, leaving Close date unmapped,
and every closed deal was quarantined with "Close date is blank"."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.cli import main
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.pipeline import file_report, prepare, prepare_path
from winloss.views import data_page

SHEET = (
    "Deal,Owner,Stage,Value,Closed\n"
    "A1,Maria Gonzalez,Won,12000,2026-04-03\n"
    "A2,Tom Becker,Lost,8000,2026-04-05\n"
    "A3,Tom Becker,Proposal,9000,\n"
)
MOVED = (
    'Closed holds dates, not true / false, so it is read as Close date, not as Closed flag (true / false). '
    'If it is the closed flag, choose it (on the command line: --map is_closed="Closed").'
)


def prepared_both_ways(text: str, tmp_path: Path, **kwargs):
    """The whole-file prepare of `text`; the batched one (two rows a batch) must report the same."""
    whole = prepare(text.encode(), "sheet.csv", **kwargs)
    path = tmp_path / "sheet.csv"
    path.write_text(text)
    with prepare_path(path, batch_rows=2, **kwargs) as batched:
        assert file_report(batched) == file_report(whole)
    return whole


def test_a_closed_column_of_dates_is_the_close_date_not_a_flag(tmp_path):
    p = prepared_both_ways(SHEET, tmp_path)
    assert p.mapping.fields["close_date"] == "Closed" and "is_closed" not in p.mapping.fields
    assert (p.rows_accepted, p.rows_quarantined) == (3, 0)
    assert dict(p.accepted.select("opportunity_id", "close_date").iter_rows())["A1"].isoformat() == "2026-04-03"
    assert MOVED in p.notes
    (shown,) = [n for n in data_page.notes(p) if n.startswith("Closed holds dates")]
    assert shown.endswith("If it is the closed flag, choose it in Column mapping above, under Column in your file.")
    # The Data page's mapping table shows it where it is read.
    rows = dict(data_page.mapping_rows(data_page.detected_mapping(p.table, "opportunities", "generic")).select("field", "column").iter_rows())
    assert rows["close_date"] == "Closed" and rows["is_closed"] is None


def test_flags_stay_flags_and_a_chosen_column_is_the_users(tmp_path):
    flags = SHEET.replace("2026-04-03", "true").replace("2026-04-05", "TRUE").replace(",\n", ",false\n")
    flagged = detect_mapping(flags.splitlines()[0].split(","), frame=prepare(flags.encode(), "f.csv").table.frame)
    assert flagged.fields["is_closed"] == "Closed" and flagged.unfit == ()
    chosen = prepare(SHEET.encode(), "sheet.csv", overrides={"is_closed": "Closed"})
    assert chosen.mapping.fields.get("is_closed") == "Closed" and "close_date" not in chosen.mapping.fields
    assert not [n for n in chosen.notes if "Closed holds dates" in n]


def test_a_flag_of_dates_beside_a_close_date_feeds_nothing_and_says_so(tmp_path):
    text = (
        "Deal,Owner,Stage,Close Date,Closed,Won\n"
        "A1,Ann,Closed Won,2026-04-03,2026-04-03,2026-04-03\n"
        "A2,Ann,Closed Lost,2026-04-05,2026-04-05,\n"
        "A3,Ann,Negotiation,,,\n"
    )
    p = prepared_both_ways(text, tmp_path)
    assert p.mapping.fields["close_date"] == "Close Date" and "is_closed" not in p.mapping.fields
    assert p.mapping.fields["won_date"] == "Won" and "is_won" not in p.mapping.fields  # a won flag of dates: the won date
    assert ('Closed is not read as Closed flag (true / false): none of its values is true / false. If it is the '
            'closed flag, choose it (on the command line: --map is_closed="Closed").') in p.notes


@pytest.mark.parametrize(
    ("header", "value", "field", "kind"),
    [("Won Date", "soon", "won_date", "a date"), ("Expected Close Date", "Q3", "expected_close_date", "a date")],
)
def test_closing_columns_whose_values_do_not_fit_are_not_read(header, value, field, kind, tmp_path):
    text = f"Deal,Owner,Stage,Close Date,{header}\nA1,Ann,Closed Won,2026-04-03,{value}\nA2,Ann,Prospecting,,{value}\n"
    p = prepared_both_ways(text, tmp_path)
    assert field not in p.mapping.fields and p.rows_accepted == 2
    assert any(n.startswith(f"{header} is not read as ") and f"none of its values is {kind}." in n for n in p.notes)


def test_the_command_line_names_the_map_flag(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET)
    assert main(["ingest", str(path), "--store", str(tmp_path / "store")]) == 0
    assert MOVED in capsys.readouterr().out.replace("\n", " ")


def test_a_dynamics_status_that_says_no_outcome_is_not_read(tmp_path):
    text = (
        "(Do Not Modify) Opportunity,Owner,Status Reason,Actual Close Date,Status\n"
        "d1,Ann,Won,2026-04-03,Blue\nd2,Ann,Out-Sold,2026-04-04,Green\n"
    )
    p = prepared_both_ways(text, tmp_path)
    assert "status" not in p.mapping.fields and p.rows_accepted == 2
    assert any(n.startswith("Status is not read as Status (open / won / lost): none of its values is open / won / lost.") for n in p.notes)
