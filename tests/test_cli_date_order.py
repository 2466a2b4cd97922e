"""The command line on dates no date of a file settles: the order of an earlier export of the same report, and a
deal closed before an export that had it open, held until --allow-reopen, the warning naming --day-first."""

from __future__ import annotations

from command_line import run
from tests.ingest.test_date_order_evidence import CLOSED_WEEK, COMMA_WEEK, OPEN_WEEK, WHOLE_WEEK


def _write(path, text: str) -> str:
    path.write_text(text)
    return str(path)


def test_a_later_export_is_read_as_its_report_s_earlier_export_was(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "pipeline_2025-11-28.csv", COMMA_WEEK), "--store", store).returncode == 0
    week2 = run("ingest", _write(tmp_path / "pipeline_2025-12-05.csv", WHOLE_WEEK), "--store", store)
    assert week2.returncode == 0, week2.stderr
    assert ("read as day-first (DD/MM/YYYY), as «pipeline_2025-11-28.csv», another export of this report, was read"
            in week2.stdout)
    # The note names the command line's own flag: "Choose the date order if that is wrong." named none.
    assert "If that is wrong, choose the date order (on the command line: --day-first yes or no, and ingest again)." in week2.stdout
    assert "closed in the store" not in week2.stderr


def test_a_deal_closed_before_an_export_that_had_it_open_is_stored_only_when_told(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", OPEN_WEEK), "--store", store).returncode == 0
    week2 = _write(tmp_path / "week2.csv", CLOSED_WEEK.replace("R-2,", "R-9,"))
    refused = run("ingest", week2, "--store", store)
    assert refused.returncode == 1 and "Not stored" in refused.stderr
    assert ("before that export was made" in refused.stderr
            and "choose the date order (on the command line: --day-first yes)" in refused.stderr)
    stored = run("ingest", week2, "--day-first", "yes", "--store", store)
    assert stored.returncode == 0 and "before that export was made" not in stored.stderr
