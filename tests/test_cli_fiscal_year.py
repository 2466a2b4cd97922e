"""The store's fiscal year on the command line: `settings --fy-start` saves it for everyone who uses the
store, and `report` and `export` count quarters by it unless given `--fy-start`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from command_line import run

# Closed on 10 Feb, 5 May, 1 Jul and 20 Aug 2025 (the data's day): calendar quarters 2025 Q1, Q2 and Q3; with a
# fiscal year starting in February, FY2026 Q1 (Feb-Apr 2025), Q2 (May-Jul) and Q3 (Aug-Oct).
EXPORT = """Deal ID,Rep,Stage,Created Date,Close Date,Amount
W1,Ann,Closed Won,2025-01-05,2025-02-10,100
W2,Ann,Closed Won,2025-01-05,2025-02-10,100
W3,Ann,Closed Won,2025-01-05,2025-02-10,100
L1,Ann,Closed Lost,2025-03-01,2025-05-05,100
L2,Ann,Closed Lost,2025-03-01,2025-05-05,100
W4,Ann,Closed Won,2025-04-01,2025-07-01,100
W5,Ann,Closed Won,2025-04-01,2025-07-01,100
L3,Ann,Closed Lost,2025-04-01,2025-08-20,100
"""
CALENDAR = [("2025-Q1", 3), ("2025-Q2", 2), ("2025-Q3", 3)]
FEBRUARY = [("FY2026-Q1", 3), ("FY2026-Q2", 4), ("FY2026-Q3", 1)]


@pytest.fixture
def store(tmp_path: Path) -> str:
    export, store = tmp_path / "deals.csv", tmp_path / "store"
    export.write_text(EXPORT)
    assert run("ingest", str(export), "--store", str(store), cwd=tmp_path).returncode == 0
    return str(store)


def quarters(store: str, cwd: Path, *args: str) -> list[tuple[str, int]]:
    report = json.loads(run("report", "--by", "quarter", "--store", store, "--json", *args, cwd=cwd).stdout)
    return [(r["group"], r["closed"]) for r in report["rows"]]


def test_the_saved_fiscal_year_is_the_reports_until_a_command_says_otherwise(store: str, tmp_path: Path) -> None:
    assert run("settings", "--store", store, cwd=tmp_path).stdout == "fiscal year starts in January: quarters are the calendar's\n"
    assert quarters(store, tmp_path) == CALENDAR
    saved = run("settings", "--fy-start", "2", "--store", store, cwd=tmp_path)
    assert saved.returncode == 0
    assert saved.stdout.startswith("Saved as store version 2, for everyone who uses this store: every page and command "
                                   "counts quarters from February")
    history = json.loads(run("history", "--store", store, "--json", cwd=tmp_path).stdout)
    assert "fiscal year starts in February" in json.dumps(history)
    # Every report of the store counts its fiscal quarters now, and says once what its fiscal year is.
    assert quarters(store, tmp_path) == FEBRUARY
    printed = run("report", "--by", "quarter", "--store", store, cwd=tmp_path).stdout
    assert "FY2026 = 1 Feb 2025 – 31 Jan 2026" in printed.splitlines() and "FY2026 Q3 to date" in printed
    # --fy-start still chooses another for one report, and changes nothing stored.
    assert quarters(store, tmp_path, "--fy-start", "1") == CALENDAR
    assert json.loads(run("settings", "--store", store, "--json", cwd=tmp_path).stdout)["fy_start_month"] == 2
    # The same month again is no new version.
    again = run("settings", "--fy-start", "2", "--store", store, cwd=tmp_path)
    assert again.stdout.startswith("The fiscal year already starts in February: nothing was saved.")
    # A rollback puts the calendar's quarters back.
    assert run("rollback", "1", "--store", store, cwd=tmp_path).returncode == 0
    assert quarters(store, tmp_path) == CALENDAR


def test_a_month_that_is_none_is_refused_and_nothing_is_saved(store: str, tmp_path: Path) -> None:
    refused = run("settings", "--fy-start", "13", "--store", store, cwd=tmp_path)
    assert refused.returncode == 2 and "'13' is not a month number from 1 to 12" in refused.stderr
    assert json.loads(run("settings", "--store", store, "--json", cwd=tmp_path).stdout)["store_version"] == 1


def test_the_export_reviews_the_stores_fiscal_quarter(store: str, tmp_path: Path) -> None:
    assert run("settings", "--fy-start", "2", "--store", store, cwd=tmp_path).returncode == 0
    written = run("export", "--format", "html", "--out", str(tmp_path / "out") + "/", "--store", store, cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    # The last quarter over on 20 Aug 2025 is FY2026 Q2 (May-Jul 2025), not the calendar's 2025 Q2.
    page = Path(written.stdout.strip()).read_text()
    # (It had reviewed "FY2026 Q3 to date": the export's upload day, after Q3's end, made Q3 "last complete".)
    assert "<h1>FY2026 Q2</h1>" in page and "FY2026 Q3" not in page
    assert re.search(r"(?<!FY)2025 Q2", page) is None
    calendar = run("export", "--format", "html", "--out", str(tmp_path / "cal") + "/", "--fy-start", "1", "--store", store,
                   cwd=tmp_path)
    assert "2025 Q2" in Path(calendar.stdout.strip()).read_text()


def test_the_json_report_by_quarter_names_the_fiscal_year_its_quarters_are_counted_in(store: str, tmp_path: Path) -> None:
    def fiscal(*args: str) -> dict:
        report = json.loads(run("report", "--store", store, "--json", *args, cwd=tmp_path).stdout)
        return {k: report[k] for k in ("fy_start_month", "fiscal_year_start", "fiscal_year") if k in report}

    assert fiscal("--by", "quarter") == {"fy_start_month": 1, "fiscal_year_start": "January", "fiscal_year": None}
    assert run("settings", "--fy-start", "2", "--store", store, cwd=tmp_path).returncode == 0
    # The year of the data's day, 20 Aug 2025, as the text report prints it under its definition.
    assert fiscal("--by", "quarter") == {"fy_start_month": 2, "fiscal_year_start": "February",
                                         "fiscal_year": "FY2026 = 1 Feb 2025 – 31 Jan 2026"}
    assert fiscal("--by", "quarter", "--fy-start", "7") == {
        "fy_start_month": 7, "fiscal_year_start": "July", "fiscal_year": "FY2026 = 1 Jul 2025 – 30 Jun 2026"}
    # A report of no quarters counts none: no fiscal year to name.
    assert fiscal("--by", "rep") == {} and fiscal() == {}
