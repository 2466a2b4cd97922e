"""The command line, through a subprocess, as a sales ops person or a cron job runs it."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from small_deals import Q1_2025, ROWS, make_deals

from winloss.cli import report_rows
from winloss.text import BLANK
from winloss.rates import wilson_interval

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "salesforce_opportunities.csv"
ROSTER = ROOT / "sample_data" / "rep_roster.csv"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WINLOSS_STORE", None)
    return subprocess.run([sys.executable, "-m", "winloss", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A store holding the sample export and roster, ingested through the CLI."""
    work = tmp_path_factory.mktemp("cli")
    result = run("ingest", str(SAMPLE), "--roster", str(ROSTER), "--store", str(work / "store"), "--json", cwd=work)
    return work, result


def test_ingest_reports_every_file_as_json(loaded):
    work, result = loaded
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["store_version"] == 2
    roster, opportunities = report["files"]
    assert roster["kind"] == "roster" and roster["rows_read"] == 40
    assert opportunities["source"] == "salesforce" and opportunities["encoding"] in ("utf-8", "utf-8-sig")
    assert opportunities["delimiter"] == ","
    assert opportunities["rows_read"] == 10_000
    assert opportunities["rows_accepted"] + opportunities["rows_quarantined"] == 10_000
    assert opportunities["mapping"]["opportunity_id"] == "Opportunity ID (2)"
    assert opportunities["rejected"] is None
    assert "Traceback" not in result.stderr


def test_report_by_profile_follows_the_definitions(loaded):
    work, _ = loaded
    result = run("report", "--by", "profile", "--store", str(work / "store"), "--json", cwd=work)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "won" in report["definition"].lower()
    rows = {r["group"]: r for r in report["rows"]}
    assert set(rows) >= {"Challenger", "Hard Worker", "Relationship Builder", "Lone Wolf", "Reactive Problem Solver", "Unprofiled"}
    for row in rows.values():
        assert row["closed"] == row["won"] + row["lost"] + row["no_decision"]
        assert row["win_rate"] == pytest.approx(row["won"] / row["closed"])
        lo, hi = row["win_rate_ci"]
        assert lo <= row["win_rate"] <= hi
    assert rows["Challenger"]["win_rate"] > rows["Relationship Builder"]["win_rate"]
    ranged = json.loads(run("report", "--from", "2026-07-01", "--to", "2026-09-30", "--store", str(work / "store"), "--json", cwd=work).stdout)
    assert 0 < ranged["rows"][0]["closed"] < sum(r["closed"] for r in rows.values())


def test_history_and_rollback(tmp_path, loaded):
    work, ingested = loaded
    assert ingested.returncode == 0, ingested.stderr
    store = str(tmp_path / "store")
    # A copy of the module's store (v1 the roster, v2 the sample, as the CLI ingested them), rolled back here alone.
    shutil.copytree(work / "store", store, ignore=shutil.ignore_patterns("_derived"))
    history = json.loads(run("history", "--store", store, "--json", cwd=tmp_path).stdout)
    assert history["store_version"] == 2 and len(history["versions"]) == 2
    assert run("rollback", "1", "--store", store, cwd=tmp_path).returncode == 0
    text = run("history", "--store", store, cwd=tmp_path)
    assert text.returncode == 0 and "Traceback" not in text.stderr, text.stderr
    newest, undone, roster = text.stdout.splitlines()
    assert newest.startswith("v3") and "rolled back to version 1" in newest
    assert undone.startswith("v2") and "(salesforce opportunities)" in undone and "[undone by a rollback]" in undone
    assert roster.startswith("v1") and "(rep roster)" in roster and "[undone" not in roster
    report = json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)
    assert report["rows"][0]["closed"] == 0
    again = run("ingest", str(SAMPLE), "--store", store, "--json", cwd=tmp_path)
    assert json.loads(again.stdout)["store_version"] == 4


def test_bad_input_exits_1_with_a_sentence_and_no_traceback(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    result = run("ingest", str(tmp_path / "empty.csv"), str(tmp_path / "scan.pdf"), str(tmp_path / "missing.csv"),
                 "--store", str(tmp_path / "store"), "--json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    files = json.loads(result.stdout)["files"]
    assert all(f["rejected"] for f in files)
    assert json.loads(result.stdout)["store_version"] == 0


def test_quarantined_rows_land_in_an_excel_safe_csv(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Opportunity ID,Owner,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\nA2,=HYPERLINK(1),Closed Won,not a date\n")
    result = run("ingest", str(export), "--store", str(tmp_path / "store"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["files"][0]
    assert (report["rows_accepted"], report["rows_quarantined"]) == (1, 1)
    assert report["errors"][0] == {"line": 3, "column": "Close Date", "value": "not a date", "message": "Close Date 'not a date' is not a date."}
    text = Path(report["quarantine_csv"]).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "is not a date" in text


@pytest.mark.parametrize(
    "args",
    [[], ["ingest"], ["report", "--by", "colour"], ["report", "--from", "2025-02-30"], ["rollback", "x"], ["ingest", "a.csv", "--map", "rep"],
     ["ingest", "a.csv", "--map", "salesperson=Owner"]],
)
def test_usage_errors_exit_2(args, tmp_path):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_an_unreachable_store_is_one_sentence(tmp_path):
    env_store = "s3://no-such-bucket-winloss/x"
    result = subprocess.run(
        [sys.executable, "-m", "winloss", "history", "--store", env_store],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ALLOW_HTTP": "true",
             "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_REGION": "us-east-1", "AWS_MAX_RETRIES": "0"},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "\x1b[" not in result.stderr
    assert result.stderr.startswith(f"The store at {env_store} cannot be opened")
    assert len(result.stderr.strip().splitlines()) == 1


def test_sample_writes_a_generated_export(tmp_path):
    result = run("sample", "--out", str(tmp_path / "out"), "--opportunities", "500", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["rep_roster.csv", "salesforce_opportunities.csv"]


def test_a_workbook_sheet_can_be_chosen(tmp_path, cover_sheet_workbook):
    path = cover_sheet_workbook
    first = run("ingest", str(path), "--store", str(tmp_path / "s1"), "--json", cwd=tmp_path)
    assert first.returncode == 0, first.stderr  # the cover sheet is no export: the sheet with the fields is read, and named
    assert any(n.startswith("Read the sheet 'Data'") for n in json.loads(first.stdout)["files"][0]["notes"])
    chosen = run("ingest", str(path), "--sheet", "Data", "--store", str(tmp_path / "s2"), "--json", cwd=tmp_path)
    assert chosen.returncode == 0, chosen.stderr
    report = json.loads(chosen.stdout)["files"][0]
    assert (report["source"], report["rows_accepted"]) == ("dynamics", 2)
    missing = run("ingest", str(path), "--sheet", "Deals", "--store", str(tmp_path / "s3"), "--json", cwd=tmp_path)
    assert "no sheet named" in json.loads(missing.stdout)["files"][0]["rejected"]


def test_the_text_report_marks_rates_on_too_few_deals(loaded):
    work, _ = loaded
    result = run("report", "--by", "rep", "--from", "2026-07-01", "--to", "2026-09-30", "--store", str(work / "store"), cwd=work)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("* n too small: fewer than 20 deals")
    rows = lines[2:-1]  # after the definition and the header; fixed-width columns
    for line in rows:
        closed, lost, no_decision = int(line[28:36]), int(line[43:50]), int(line[50:58])
        assert line[65:75].strip().endswith("*") == (0 < closed < 20)
        assert line[91:107].strip().endswith("*") == (0 < lost + no_decision < 20)
    assert any(line[91:107].strip().endswith("*") for line in rows)


# ---------------------------------------------------------------------------------------------
# The JSON report's rows, on the hand-built deals (tests/small_deals.py)


@pytest.fixture
def deals() -> pl.LazyFrame:
    return make_deals(ROWS)


def test_report_rows_are_the_cli_json_rows(deals: pl.LazyFrame) -> None:
    rows = report_rows(deals, "none", *Q1_2025)
    lo, hi = wilson_interval(4, 9)
    assert rows == [
        {
            "group": "All",
            "closed": 9,
            "won": 4,
            "lost": 2,
            "no_decision": 3,
            "open": 2,
            "win_rate": pytest.approx(4 / 9),
            "win_rate_ci": [pytest.approx(lo), pytest.approx(hi)],
            "no_decision_share_of_losses": pytest.approx(0.6),
            "won_amount": 550.0,
        }
    ]
    json.dumps(rows)  # plain Python values only
    by_profile = report_rows(deals, "profile", *Q1_2025, "excluding_no_decision")
    assert [r["group"] for r in by_profile] == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert by_profile[0]["win_rate"] == pytest.approx(3 / 5)
    assert by_profile[2]["win_rate"] is None and by_profile[2]["win_rate_ci"] == [None, None]
    # Region: D08 and D09 have none.
    by_region = report_rows(deals, "region", *Q1_2025)
    assert [r["group"] for r in by_region] == ["EMEA", "NA", BLANK]
    assert [r["closed"] for r in by_region] == [3, 4, 2]
    with pytest.raises(ValueError, match="Unknown grouping"):
        report_rows(deals, "week", *Q1_2025)  # type: ignore[arg-type]


def test_report_rows_by_quarter(deals: pl.LazyFrame) -> None:
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30))
    # 2024 Q4: D10 lost. 2025 Q1: the nine, plus D13 expected to close 15 Jan. 2025 Q2: D14
    # won, D11 and D12 expected to close in Q2.
    assert [(r["group"], r["closed"], r["won"], r["open"]) for r in rows] == [
        ("2024 Q4", 1, 0, 0),
        ("2025 Q1", 9, 4, 1),
        ("2025 Q2", 1, 1, 2),
    ]
