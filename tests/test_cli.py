"""The command line as a sales ops person or a cron job runs it: its exit codes, what it prints and
what it stores. Most commands run in this process (`run`); `python -m winloss` runs as a process of its own, as
a cron job would run it, for what only a process shows: what it imports, a closed pipe, the environment."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from command_line import run, run_process_unread
from small_deals import Q1_2025, ROWS, make_deals

from winloss import cli, periods
from winloss.cli import open_total, quarter_words, report_rows
from winloss.rates import wilson_interval

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "salesforce_opportunities.csv"
ROSTER = ROOT / "sample_data" / "rep_roster.csv"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A store holding the sample export and roster, ingested through the CLI (its main, in this process: a
    process of its own took 1.8 s of CPU, 1.2 s of it the interpreter's start and imports this process has)."""
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
    # A time as a file writes it (ISO 8601, "T" between the day and the time): str() of a datetime has a space.
    assert all(datetime.fromisoformat(v["at"]).tzinfo is not None and "T" in v["at"] for v in history["versions"])
    assert run("rollback", "1", "--store", store, cwd=tmp_path).returncode == 0
    text = run("history", "--store", store, cwd=tmp_path)
    assert text.returncode == 0 and "Traceback" not in text.stderr, text.stderr
    newest, undone, roster = text.stdout.splitlines()
    assert newest.startswith("v3") and "rolled back to version 1" in newest
    assert undone.startswith("v2") and "(Salesforce export)" in undone and "[undone by a rollback]" in undone
    assert roster.startswith("v1") and "(Rep roster)" in roster and "[undone" not in roster
    report = json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)
    assert report["rows"][0]["closed"] == 0
    again = run("ingest", str(SAMPLE), "--store", store, "--json", cwd=tmp_path)
    assert json.loads(again.stdout)["store_version"] == 4


# `python -m winloss` once for each command given (separated by "--"), in one process, as the module
# runs it; then, on stderr, each command's exit code and the names of the libraries imported by then.
_RUN_AND_LIST_IMPORTS = """
import runpy, sys
given = " ".join(sys.argv[1:]).split(" -- ")
codes = []
for command in given:
    sys.argv = ["winloss", *command.split()]
    try:
        runpy.run_module("winloss", run_name="__main__")
    except SystemExit as exc:
        codes.append(exc.code)
print("exits:", *codes, "imported:", *sorted(name for name in sys.modules if "." not in name), file=sys.stderr)
"""


def test_a_command_that_stores_nothing_starts_without_the_validation_library(loaded):
    """The command line's start imported Pandera and pandas (for one column name of the ingest's
    schemas): about 0.7 s of processor time of a 1.1 s start, for every command, though only an
    ingest validates rows. A cron job's `report`, `history` or `rates` now runs without them."""
    work, ingested = loaded
    assert ingested.returncode == 0, ingested.stderr
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WINLOSS_STORE", None)
    store = str(work / "store")
    commands = ["history", "--store", store, "--", "report", "--by", "rep", "--store", store, "--", "rates", "--store", store]
    result = subprocess.run([sys.executable, "-c", _RUN_AND_LIST_IMPORTS, *commands], capture_output=True, text=True, cwd=work,
                            env=env, timeout=300)
    listed = result.stderr.strip().splitlines()[-1].split()
    assert listed[:5] == ["exits:", "0", "0", "0", "imported:"], result.stderr
    imported = set(listed[5:])
    assert {"winloss", "polars", "deltalake"} <= imported, "the list names what the commands imported"
    assert not imported & {"pandera", "pandas"}, sorted(imported & {"pandera", "pandas"})
    printed = result.stdout
    assert "salesforce_opportunities.csv" in printed and "win rate" in printed and "reporting currency" in printed, printed


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
    assert report["errors"][0] == {"line": 3, "column": "Close Date", "value": "not a date", "message": (
        "Close Date 'not a date' is not a date: write it as year-month-day (such as 2026-03-11 for 11 March 2026), or as the file's other dates are written."
    )}
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
    assert any("were read from sheet 'Data'." in n for n in json.loads(first.stdout)["files"][0]["notes"])
    chosen = run("ingest", str(path), "--sheet", "Data", "--store", str(tmp_path / "s2"), "--json", cwd=tmp_path)
    assert chosen.returncode == 0, chosen.stderr
    report = json.loads(chosen.stdout)["files"][0]
    assert (report["source"], report["rows_accepted"]) == ("dynamics", 2)
    missing = run("ingest", str(path), "--sheet", "Deals", "--store", str(tmp_path / "s3"), "--json", cwd=tmp_path)
    assert "no sheet named" in json.loads(missing.stdout)["files"][0]["rejected"]


def test_the_text_report_writes_no_rate_on_too_few_deals(loaded):
    """As every page's table (text.rate_in_cell): "n too small" stands where a rate on fewer than MIN_N
    deals would be, never a bare percentage, and its interval with it."""
    work, _ = loaded
    result = run("report", "--by", "rep", "--from", "2026-07-01", "--to", "2026-09-30", "--store", str(work / "store"), cwd=work)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "n too small: fewer than 20 deals in the rate; —: none"
    header = next(i for i, line in enumerate(lines) if line.startswith("group"))
    assert "open: deals open now (created by 30 Sep 2026)." in lines[:header]  # the range ends before the data's day
    rows = lines[header + 1:-1]  # after the definition, the open line and the header; fixed-width columns
    at = lines[header].index("closed") - 2  # the group's column is as wide as its widest name
    for line in rows:
        closed, lost, no_decision = int(line[at:at + 8]), int(line[at + 15:at + 22]), int(line[at + 22:at + 30])
        rate, within, nd = line[at + 37:at + 49].strip(), line[at + 49:at + 63].strip(), line[at + 63:at + 84].strip()
        assert (rate == "n too small") == (0 < closed < 20) and (within == "n too small") == (0 < closed < 20)
        assert (nd == "n too small") == (0 < lost + no_decision < 20)
        assert "%" not in rate + within + nd or closed >= 20
    assert any(line[at + 63:at + 84].strip() == "n too small" for line in rows)


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
            "won_unconverted": 0,  # deals stored in the reporting currency: nothing left out
            "won_unconverted_currencies": [],
            "won_amount_partial": False,
        }
    ]
    json.dumps(rows)  # plain Python values only
    by_profile = report_rows(deals, "profile", *Q1_2025, "excluding_no_decision")
    assert [r["group"] for r in by_profile] == ["Challenger", "Hard Worker", "Lone Wolf"]
    assert by_profile[0]["win_rate"] == pytest.approx(3 / 5)
    assert by_profile[2]["win_rate"] is None and by_profile[2]["win_rate_ci"] == [None, None]
    # Region: D08 and D09 have none.
    by_region = report_rows(deals, "region", *Q1_2025)
    assert [r["group"] for r in by_region] == ["EMEA", "NA", "No region"]  # said in words, not "(blank)"
    assert [r["closed"] for r in by_region] == [3, 4, 2]
    with pytest.raises(ValueError, match="Unknown grouping"):
        report_rows(deals, "week", *Q1_2025)  # type: ignore[arg-type]


def test_report_rows_by_quarter(deals: pl.LazyFrame) -> None:
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30))
    # 2024 Q4: D10 lost. 2025 Q1: the nine. 2025 Q2: D14 won. The open deals (D13 expected to close
    # 15 Jan, D11 and D12 in Q2) have not closed: in no quarter, counted once for the range (open_total).
    assert [(r["group"], r["closed"], r["won"], r["open"]) for r in rows] == [
        ("2024-Q4", 1, 0, None),
        ("2025-Q1", 9, 4, None),
        ("2025-Q2", 1, 1, None),
    ]
    assert open_total(deals, date(2024, 10, 1), date(2025, 6, 30)) == 3


def test_report_rows_by_quarter_hold_no_quarter_of_open_deals_only(deals: pl.LazyFrame) -> None:
    # An open deal expected to close in 2025 Q4, a quarter in which nothing closed: it made a row of its
    # own ("2025 Q4", closed 0, open 1), a quarter of close date that no deal closed in.
    expected_later = ("D15", "Ann", "open", date(2025, 3, 1), date(2025, 11, 30), 10.0, None, "EMEA")
    rows = report_rows(make_deals([*ROWS, expected_later]), "quarter")
    assert [r["group"] for r in rows] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert {r["open"] for r in rows} == {None}



def _quarters(rows: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["group"], r["start"], r["end"]) for r in rows]


def test_report_rows_by_quarter_give_the_days_a_quarter_in_progress_counts(deals: pl.LazyFrame) -> None:
    # Described on 10 May 2025, 2025 Q2 is not over: it counts to that day ("2025 Q2 to date" on every screen). A
    # range that ends before the data's day ends its last quarter there (30 Jun, Q2's own last day: Q2 is whole).
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30), as_of=date(2025, 5, 10))
    assert _quarters(rows) == [("2024-Q4", "2024-10-01", "2024-12-31"), ("2025-Q1", "2025-01-01", "2025-03-31"),
                               ("2025-Q2", "2025-04-01", "2025-05-10")]
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30), as_of=date(2025, 8, 1))
    assert _quarters(rows)[-1] == ("2025-Q2", "2025-04-01", "2025-06-30")
    # Ended on 20 Apr, before the data's day: Q2 is cut by the range, not in progress on the data's day.
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 4, 20), as_of=date(2025, 5, 10))
    assert _quarters(rows)[-1] == ("2025-Q2", "2025-04-01", "2025-04-20")
    assert quarter_words("2025-Q2", date(2024, 10, 1), date(2025, 4, 20), as_of=date(2025, 5, 10)) == "2025 Q2 to 20 Apr"
    assert quarter_words("2025-Q2", date(2024, 10, 1), date(2025, 6, 30), as_of=date(2025, 5, 10)) == "2025 Q2 to date"


def test_report_rows_by_quarter_make_no_quarter_of_a_deal_closed_after_the_datas_day(deals: pl.LazyFrame) -> None:
    # Described on 1 Apr 2025, D14 closed on 5 Apr: a closed deal dated after the data's day is in no quarter
    # (periods.known_day), as in the app: the report had run 2025 Q2 to it, "2025 Q2 to 5 Apr".
    rows = report_rows(deals, "quarter", date(2024, 10, 1), date(2025, 6, 30), as_of=date(2025, 4, 1))
    assert [(*_quarters(rows)[-1], rows[-1]["closed"])] == [("2025-Q1", "2025-01-01", "2025-03-31", 9)]
    assert quarter_words("2025-Q2", date(2024, 10, 1), date(2025, 6, 30), as_of=date(2025, 4, 1)) == "2025 Q2 to date"


def test_report_rows_by_quarter_name_a_quarter_the_ranges_start_cuts_by_its_days(deals: pl.LazyFrame) -> None:
    # From 1 Feb: 2025 Q1 counts D02-D09 (D01 closed on 10 Jan), named from that day, as the Overview's
    # trend names it; to 15 Mar as well, by its days alone.
    rows = report_rows(deals, "quarter", date(2025, 2, 1), date(2025, 6, 30), as_of=date(2025, 8, 1))
    assert [(r["group"], r["start"], r["closed"]) for r in rows] == [("2025-Q1", "2025-02-01", 8), ("2025-Q2", "2025-04-01", 1)]
    rows = report_rows(deals, "quarter", date(2025, 2, 1), date(2025, 3, 15), as_of=date(2025, 8, 1))
    assert [(*q, r["closed"]) for q, r in zip(_quarters(rows), rows, strict=True)] == [
        ("2025-Q1", "2025-02-01", "2025-03-15", 5)]  # D02-D06
    assert quarter_words("2025-Q1", date(2025, 2, 1), date(2025, 3, 15), as_of=date(2025, 8, 1)) == "1 Feb to 15 Mar 2025"


def test_report_by_quarter_names_the_quarter_in_progress_on_the_datas_day_to_date(tmp_path):
    """Deals closed three days ago (a day earlier if that ends a quarter): their quarter is in progress
    on the day the data describes (deals.data_as_of), whatever day the test runs."""
    newest = date.today() - timedelta(days=3)
    if newest == periods.quarter_bounds(periods.quarter_label(newest))[1]:
        newest -= timedelta(days=1)
    export, store = tmp_path / "deals.csv", str(tmp_path / "store")
    export.write_text("Deal ID,Rep,Stage,Close Date,Amount\n" + "".join(
        f"D{i},Ann,Closed Won,{newest.isoformat()},100\n" for i in range(3)))
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0
    report = json.loads(run("report", "--by", "quarter", "--store", store, "--json", cwd=tmp_path).stdout)
    assert [(r["group"], r["end"]) for r in report["rows"]] == [
        (periods.quarter_label(newest).replace(" ", "-"), newest.isoformat())]
    assert f"{periods.quarter_label(newest)} to date" in run("report", "--by", "quarter", "--store", store, cwd=tmp_path).stdout


# Closed in 2025 Q1, Q2 and Q3 (the last on 20 Aug, the data's day: Q3 is in progress on it); open deals
# expected to close in 2025 Q4 (O1), 2026 Q1 (O2) and Q3 (O3, created after 1 Jul).
QUARTERS_EXPORT = """Deal ID,Rep,Stage,Created Date,Close Date,Amount
W1,Ann,Closed Won,2025-01-05,2025-02-10,100
W2,Ann,Closed Won,2025-01-05,2025-02-10,100
W3,Ann,Closed Won,2025-01-05,2025-02-10,100
L1,Ann,Closed Lost,2025-03-01,2025-05-05,100
L2,Ann,Closed Lost,2025-03-01,2025-05-05,100
W4,Ann,Closed Won,2025-04-01,2025-07-01,100
W5,Ann,Closed Won,2025-04-01,2025-07-01,100
L3,Ann,Closed Lost,2025-04-01,2025-08-20,100
O1,Ann,Negotiation,2025-03-01,2025-11-30,100
O2,Ann,Prospecting,2025-06-15,2026-02-01,100
O3,Ann,Prospecting,2025-08-01,2025-09-01,100
"""


@pytest.fixture(scope="module")
def _quarters_ingested(tmp_path_factory) -> Path:
    """QUARTERS_EXPORT ingested by the command line once for the module, into a store each test copies."""
    work = tmp_path_factory.mktemp("quarters")
    export, store = work / "deals.csv", work / "store"
    export.write_text(QUARTERS_EXPORT)
    assert run("ingest", str(export), "--store", str(store), cwd=work).returncode == 0
    return store


@pytest.fixture
def quarters_store(tmp_path: Path, _quarters_ingested: Path) -> str:
    """A store of its own for the test, holding QUARTERS_EXPORT as the command line ingested it."""
    store = tmp_path / "store"
    shutil.copytree(_quarters_ingested, store)
    return str(store)


def test_report_by_quarter_counts_open_deals_once_as_its_definition_says(quarters_store, tmp_path) -> None:
    """The open column by quarter had open deals by expected close date under a definition of deals still
    open created by the range's end: 0 in the quarter to date, rows for quarters not yet begun."""
    report = json.loads(run("report", "--by", "quarter", "--store", quarters_store, "--json", cwd=tmp_path).stdout)
    whole = json.loads(run("report", "--store", quarters_store, "--json", cwd=tmp_path).stdout)
    assert [(r["group"], r["closed"], r["open"]) for r in report["rows"]] == [
        ("2025-Q1", 3, None), ("2025-Q2", 2, None), ("2025-Q3", 3, None)]
    assert report["rows"][-1]["end"] == "2025-08-20"  # to date: the data's day
    assert report["open"] == whole["rows"][0]["open"] == 3  # once, as `report` counts them
    assert "An open deal has not closed, so no quarter holds it" in report["definition"]
    assert "An open deal has not closed" not in whole["definition"]  # said of a table of quarters only
    printed = run("report", "--by", "quarter", "--store", quarters_store, cwd=tmp_path).stdout.splitlines()
    assert printed[1] == report["definition"]  # under the close dates it counts
    header = next(line for line in printed if line.startswith("group"))
    assert " open " not in f"{header} "  # no column of open deals in rows that hold none
    assert printed[-1] == "open, in no quarter: 3 deals open now."


def test_report_says_which_close_dates_it_counts_in_its_first_line_and_json(quarters_store, tmp_path) -> None:
    """`report` with no --from/--to counts every close date while the Overview counts the last 4 complete quarters,
    and neither its text nor its JSON said which: "All 298 closed" beside the Overview's "n = 193" read as a
    disagreement. Its first line and JSON now say the range, and the first and last close day it counts."""
    every = json.loads(run("report", "--store", quarters_store, "--json", cwd=tmp_path).stdout)
    assert {k: every[k] for k in ("close_date_from", "close_date_to", "range_given", "first_close", "last_close")} == {
        "close_date_from": None, "close_date_to": None, "range_given": False,
        "first_close": "2025-02-10", "last_close": "2025-08-20"}
    printed = run("report", "--store", quarters_store, cwd=tmp_path).stdout.splitlines()
    assert printed[0] == every["close_dates"] == "Closed deals of every date: 10 Feb 2025 – 20 Aug 2025"
    ranged = json.loads(run("report", "--from", "2025-04-01", "--to", "2025-06-30", "--store", quarters_store, "--json",
                            cwd=tmp_path).stdout)
    assert (ranged["close_date_from"], ranged["close_date_to"], ranged["range_given"]) == ("2025-04-01", "2025-06-30", True)
    assert (ranged["first_close"], ranged["last_close"]) == ("2025-05-05", "2025-05-05")
    assert run("report", "--from", "2025-04-01", "--to", "2025-06-30", "--store", quarters_store,
               cwd=tmp_path).stdout.splitlines()[0] == "Closed 1 Apr 2025 – 30 Jun 2025"  # the pages' words
    # Past the data's day (20 Aug), as the pages say it; one end given says the other is open, and what it counted.
    assert run("report", "--from", "2025-07-01", "--to", "2025-09-30", "--store", quarters_store,
               cwd=tmp_path).stdout.splitlines()[0] == "Closed 1 Jul 2025 – 30 Sep 2025 (data to 20 Aug 2025)"
    assert run("report", "--from", "2025-05-01", "--store", quarters_store, cwd=tmp_path).stdout.splitlines()[0] == (
        "Closed on or after 1 May 2025 (counted: 5 May 2025 – 20 Aug 2025)")
    reasons = run("report", "--by", "loss_reason", "--to", "2025-03-31", "--store", quarters_store, cwd=tmp_path)
    assert reasons.stdout.splitlines()[0] == "Closed on or before 31 Mar 2025 (counted: 10 Feb 2025 – 10 Feb 2025)"


def test_report_by_loss_reason_on_a_range_without_losses_says_which_flag_counts_them(quarters_store, tmp_path) -> None:
    """`report --by loss_reason` on a range holding no lost deal said only "No lost or no-decision deals in that
    range.", where the other reports name the flag that counts the deals (command_line_range_sentence)."""
    def last(*args: str, store: str = quarters_store) -> str:
        return run("report", "--by", "loss_reason", *args, "--store", store, cwd=tmp_path).stdout.splitlines()[-1]

    assert last("--to", "2025-03-31") == ("No lost or no-decision deals in that range: give a later --to to count the 3 "
                                          "lost or no-decision deals closed after 31 Mar 2025.")
    assert last("--from", "2025-06-01", "--to", "2025-07-31") == (
        "No lost or no-decision deals in that range: leave out --from and --to to count the 3 lost or no-decision deals "
        "outside it.")
    # The table's definition is printed over a table only: before the one sentence it was a paragraph to read first.
    empty = run("report", "--by", "loss_reason", "--to", "2025-03-31", "--store", quarters_store, cwd=tmp_path).stdout
    assert cli.LOSS_REASONS_DEFINITION not in empty
    assert cli.LOSS_REASONS_DEFINITION in run("report", "--by", "loss_reason", "--store", quarters_store, cwd=tmp_path).stdout
    export = tmp_path / "won.csv"
    export.write_text("Deal ID,Rep,Stage,Close Date\nW1,Ann,Closed Won,2025-02-10\n")
    won = str(tmp_path / "won")
    assert run("ingest", str(export), "--store", won, cwd=tmp_path).returncode == 0
    assert last(store=won) == ("The store holds no lost or no-decision deals, in that range or outside it: ingest an "
                               "export with lost deals to count their loss reasons.")


def test_report_by_quarter_names_a_quarter_the_range_ends_for_its_end(quarters_store, tmp_path) -> None:
    """A range ending on 1 Jul, before the data's day (20 Aug): its last quarter was "2025 Q3 to date"."""
    args = ("--to", "2025-07-01", "--store", quarters_store, "--json")
    report = json.loads(run("report", "--by", "quarter", *args, cwd=tmp_path).stdout)
    whole = json.loads(run("report", *args, cwd=tmp_path).stdout)
    assert _quarters(report["rows"]) == [("2025-Q1", "2025-01-01", "2025-03-31"), ("2025-Q2", "2025-04-01", "2025-06-30"),
                                         ("2025-Q3", "2025-07-01", "2025-07-01")]
    assert report["open"] == whole["rows"][0]["open"] == 2  # O3 was created after 1 Jul
    printed = run("report", "--by", "quarter", *args[:-1], cwd=tmp_path).stdout
    assert "2025 Q3 to 1 Jul" in printed and " to date" not in printed.split("\n", 2)[2]  # after the range and definition
    assert printed.splitlines()[-1] == "open, in no quarter: 2 deals open now (created by 1 Jul 2025)."


# ---------------------------------------------------------------------------------------------
# What the ingest and the report say of an export beyond its rows


def _export_in_four_currencies(path: Path) -> Path:
    """A generic export: one deal in the reporting currency, three in currencies no rate converts yet."""
    path.write_text(
        "Deal ID,Rep,Stage,Close Date,Amount,Currency\n"
        "D1,Ann,Closed Won,2025-01-05,1000,USD\n"
        "D2,Ann,Closed Lost,2025-01-06,2000,EUR\n"
        "D3,Bob,Closed Won,2025-01-07,3000,CHF\n"
        "D4,Bob,Closed Won,2025-01-08,4000,GBP\n"
    )
    return path


def test_ingest_and_report_say_which_deals_no_rate_converts(tmp_path):
    """The app's banner sentence (winloss.exchange.unconverted), with the command that adds the rates."""
    export, store = _export_in_four_currencies(tmp_path / "deals.csv"), str(tmp_path / "store")
    ingested = run("ingest", str(export), "--store", store, "--json", cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    field = json.loads(ingested.stdout)["unconverted"]
    assert (field["deals"], field["currencies"], field["reporting_currency"]) == (3, ["CHF", "EUR", "GBP"], "USD")
    sentence = field["sentence"]
    assert sentence == ("1 deal in CHF, 1 in EUR and 1 in GBP are left out of every value figure: no exchange rate to USD for"
                        " CHF, EUR or GBP. Add the rates with: python -m winloss rates --rate CHF=RATE --rate EUR=RATE"
                        " --rate GBP=RATE (RATE: what one unit of each is worth in USD).")
    text = run("ingest", str(export), "--store", str(tmp_path / "other"), cwd=tmp_path)
    assert sentence in text.stdout.splitlines()
    assert json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)["unconverted"] == field
    assert sentence in run("report", "--store", store, cwd=tmp_path).stdout.splitlines()
    # The command the sentence names is the real one: with the rates set, nothing is left out.
    assert run("rates", "--rate", "CHF=1.1", "--rate", "EUR=1.08", "--rate", "GBP=1.27", "--store", store, cwd=tmp_path).returncode == 0
    report = json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)
    assert report["unconverted"]["deals"] == 0 and report["unconverted"]["sentence"] is None
    assert report["rows"][0]["won_amount"] == pytest.approx(1000 + 3000 * 1.1 + 4000 * 1.27)
    assert not any("exchange rate" in line for line in run("report", "--store", store, cwd=tmp_path).stdout.splitlines())


def test_ingest_offers_the_one_currency_of_every_amount_as_the_reporting_currency_and_the_command_does_it(tmp_path):
    """Every amount in EUR, the store reporting in USD: the rate is one way, making EUR the reporting currency the
    other (with no rate to find); the sentence gives both commands, and the second values every deal."""
    export, store = tmp_path / "eur.csv", str(tmp_path / "store")
    export.write_text("Deal ID,Rep,Stage,Close Date,Amount,Currency\nD1,Ann,Closed Won,2025-01-05,1000,EUR\n"
                      "D2,Ann,Closed Lost,2025-01-06,2000,EUR\n")
    ingested = run("ingest", str(export), "--store", store, cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert ("2 deals in EUR are left out of every value figure: no exchange rate to USD for EUR. Add the rate with: "
            "python -m winloss rates --rate EUR=RATE (RATE: what one EUR is worth in USD). Or, as every amount is in "
            "EUR, make EUR the reporting currency instead: python -m winloss rates --reporting EUR."
            ) in ingested.stdout.splitlines()
    # `report` of the stored deals says the same, where it said only to add the rate.
    said = run("report", "--store", store, cwd=tmp_path).stdout.splitlines()
    assert any(line.startswith("2 deals in EUR are left out of every value figure") and line.endswith(
        "Or, as every amount is in EUR, make EUR the reporting currency instead: python -m winloss rates --reporting EUR.")
        for line in said), said
    assert run("rates", "--reporting", "EUR", "--store", store, cwd=tmp_path).returncode == 0
    report = json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)
    assert report["unconverted"]["deals"] == 0 and report["rows"][0]["won_amount"] == pytest.approx(1000)


def test_a_cut_failure_list_says_how_many_more_and_where_they_all_are(tmp_path):
    """Ten bad dates first, then four other kinds: the lines stop at ten, every kind is still named."""
    export = tmp_path / "export.csv"
    lines = ["Deal ID,Rep,Stage,Close Date,Amount,Currency", "A1,Ann,Closed Won,2025-01-05,100,USD", "A2,Ann,Closed Won,2025-01-05,100,EUR"]
    lines += [f"B{i},Ann,Closed Won,not a date{'' if i else chr(27) + '[2J'},100,USD" for i in range(10)]  # ESC: cleared screen
    lines += ["C1,Ann,Closed Won,2025-01-05,100,", "C2,Ann,Closed Won,2025-01-05,#VALUE!,USD",
              "C3,Ann,Closed Won,2099-01-05,100,USD", "C4,Ann,Closed Won,,100,USD"]
    export.write_text("\n".join(lines) + "\n")
    store = tmp_path / "store"
    result = run("ingest", str(export), "--store", str(store), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert sum(" line " in line for line in out) == 10
    quarantine = store.parent / "store-quarantine"
    last = next(line for line in out if "more" in line)
    assert last.startswith("  export.csv: … and 4 more; every quarantined row, with its reason, is in ")
    listed = Path(last.rsplit(" is in ", 1)[1])
    assert listed.parent == quarantine and len(listed.read_text(encoding="utf-8-sig").splitlines()) == 1 + 14
    by_check = "\n".join(out)
    assert "\x1b" not in result.stdout and "e.g. not a date\\x1b[2J, not a date" in by_check  # a file's value, escaped
    for kind in ("Close date is not a date", "Currency cannot be settled", "Amount is not a number (Amount): 1 row, e.g. #VALUE!",
                 "Close date outside the accepted years (Close Date): 1 row, e.g. 2099-01-05", "Closed deal without a close date"):
        assert kind in by_check
    report = json.loads(run("ingest", str(export), "--store", str(tmp_path / "again"), "--json", cwd=tmp_path).stdout)["files"][0]
    assert report["failures"] == 14 and sum(c["rows"] for c in report["failures_by_check"]) == 14


def test_a_short_failure_list_is_listed_whole(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Deal ID,Rep,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\nA2,Ann,Closed Won,not a date\n")
    out = run("ingest", str(export), "--store", str(tmp_path / "store"), cwd=tmp_path).stdout
    assert "more" not in out and "failures by check" not in out
    assert ("  export.csv line 3: Close Date 'not a date' is not a date: write it as year-month-day (such as 2026-03-11 for 11 March 2026), "
            "or as the file's other dates are written.") in out.splitlines()


def test_quarantine_reports_go_to_a_folder_named_for_the_store(tmp_path):
    """Two stores in one folder: each store's reports in its own folder beside it, none shared."""
    export = tmp_path / "export.csv"
    export.write_text("Deal ID,Rep,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\nA2,Ann,Closed Won,not a date\n")
    for name in ("north", "south"):
        report = json.loads(run("ingest", str(export), "--store", str(tmp_path / name), "--json", cwd=tmp_path).stdout)["files"][0]
        assert Path(report["quarantine_csv"]).parent == tmp_path / f"{name}-quarantine"
    assert not (tmp_path / "quarantine").exists()


def test_the_ingest_names_the_version_once_and_the_source_as_the_data_page_does(tmp_path):
    """Headers every CRM writes (Stage, Close Date, Owner) are a generic export on the Data page's
    "Detected:" line, though Salesforce's preset maps them; the CLI says the same."""
    export = tmp_path / "export.csv"
    export.write_text("Opportunity ID,Owner,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\n")
    result = run("ingest", str(export), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "1 row read (Generic export)" in said and "salesforce" not in said.lower()
    assert said.count("version 1") == 1 and "Stored as version 1" in said
    report = json.loads(run("ingest", str(export), "--store", str(tmp_path / "json"), "--json", cwd=tmp_path).stdout)["files"][0]
    assert report["recognised_as"] == "Generic export"
    # Nothing stored: the run's last line says where the store stands.
    assert run("ingest", str(tmp_path / "missing.csv"), "--store", str(tmp_path / "store"), cwd=tmp_path).stdout.splitlines()[-1] == "store version 1"


# ---------------------------------------------------------------------------------------------
# --stage: the mappings are stored with an export, in its version, as the Data page stores them


STAGE_HEADER = "Opportunity ID,Owner,Stage,Close Date\n"


def _write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def _manifest(store: str) -> list[tuple]:
    from winloss.store.delta import Store

    return Store(store).manifest().select("store_version", "action", "file_name", "note", "settings_version").rows()


def test_each_file_is_one_version_and_the_stage_mappings_come_with_the_first_export(tmp_path):
    """A roster and two exports with --stage: three versions, one per file; the mappings are in the
    first export's, so undoing it undoes them, and they decide both exports' outcomes."""
    from winloss.deals import deals
    from winloss.store.delta import Store

    team = _write(tmp_path / "team.csv", "Rep Name,Seller Profile\nAnn Lee,Challenger\n")
    first = _write(tmp_path / "a.csv", STAGE_HEADER + "A1,Ann Lee,Verbal Commit,2025-01-05\nA2,Ann Lee,Closed Lost,2025-01-06\n")
    second = _write(tmp_path / "b.csv", STAGE_HEADER + "B1,Ann Lee,Verbal Commit,2025-02-05\n")
    store = str(tmp_path / "store")
    result = run("ingest", first, second, "--roster", team, "--stage", "Verbal Commit=won", "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (_, roster, _, _, before), (_, _, a_name, a_note, with_a), (_, _, b_name, b_note, with_b) = _manifest(store)
    assert (roster, a_name, b_name) == ("ingest", "a.csv", "b.csv")
    assert (a_note, b_note) == ("with 1 stage mapping", None)
    assert before < with_a == with_b  # the settings changed in a.csv's version alone
    assert f"{first}: stage mappings stored with it, in version 2: 'Verbal Commit' = won." in result.stdout.splitlines()
    outcomes = dict(deals(Store(store)).select("opportunity_id", "outcome").iter_rows())
    assert outcomes == {"A1": "won", "A2": "lost", "B1": "won"}
    assert Store(store).rollback(1).store_version == 4 and Store(store).stage_outcomes() == {}


def test_a_stage_mapping_is_stored_with_no_file_that_is_not_stored(tmp_path):
    """A roster alone, a file rejected whole, a file already ingested: no export is stored, so
    neither are the mappings, and the command says so."""
    from winloss.store.delta import Store

    team = _write(tmp_path / "team.csv", "Rep Name,Seller Profile\nAnn Lee,Challenger\n")
    rejected = _write(tmp_path / "bad.csv", "Colour,Size\nred,9\n")
    store = str(tmp_path / "store")
    result = run("ingest", rejected, "--roster", team, "--stage", "Verbal Commit=won", "--store", store, cwd=tmp_path)
    assert result.returncode == 1
    assert [row[2] for row in _manifest(store)] == ["team.csv"]  # the roster's version, and nothing else
    assert Store(store).stage_outcomes() == {}
    assert "Stage mappings not stored: no opportunity export was stored with them ('Verbal Commit' = won)." in result.stderr
    # Already ingested, and the mapping adds no row: skipped whole, mapping included.
    done = _write(tmp_path / "done.csv", STAGE_HEADER + "D1,Ann Lee,Closed Won,2025-01-05\n")
    assert run("ingest", done, "--store", store, cwd=tmp_path).returncode == 0
    again = run("ingest", done, "--stage", "Verbal Commit=won", "--store", store, "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["store_version"] == 2 and Store(store).stage_outcomes() == {}
    assert json.loads(again.stdout)["files"][0]["stage_mappings_stored"] is False
    assert "Stage mappings not stored" in again.stderr


def test_a_commit_that_fails_stores_none_of_the_stage_mappings(tmp_path, monkeypatch, capsys):
    """The file's manifest row cannot be written (a full disk): the mappings were to come in that
    version, so the store holds none of them."""
    from winloss.cli import main
    from winloss.store.delta import Store

    original = Store._commit

    def failing(self, versions, **fields):
        if fields.get("action") == "ingest":
            raise OSError(28, "No space left on device")
        return original(self, versions, **fields)

    monkeypatch.setattr(Store, "_commit", failing)
    export = _write(tmp_path / "a.csv", STAGE_HEADER + "A1,Ann Lee,Verbal Commit,2025-01-05\n")
    assert main(["ingest", export, "--stage", "Verbal Commit=won", "--store", str(tmp_path / "store")]) == 1
    monkeypatch.undo()
    assert Store(tmp_path / "store").version() == 0 and Store(tmp_path / "store").stage_outcomes() == {}
    assert len(capsys.readouterr().err.strip().splitlines()) == 1  # the full disk, in one sentence


# ---------------------------------------------------------------------------------------------
# history: every upload's source in the Data page's words, in manifest rows of any age


def test_history_names_every_upload_s_source_as_the_data_page_does_in_rows_of_any_age(tmp_path):
    """Rows from older versions of the code (tests/old_manifest.py) kept only the preset that mapped
    a file; the history named them by it, raw ('salesforce opportunities'), and a file of headers
    every CRM writes too, which the ingest had just called a generic export."""
    from old_manifest import old_manifest_store

    from winloss.views.data_page import history_rows

    store = old_manifest_store(tmp_path / "store")
    export = _write(tmp_path / "new.csv", STAGE_HEADER + "N1,Ann Lee,Closed Won,2025-04-01\n")
    ingested = run("ingest", export, "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 row read (Generic export)" in ingested.stdout
    result = run("history", "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    named = {line.split()[0]: line.split(None, 7)[7] for line in result.stdout.splitlines()}
    assert {v: text.split(":")[0] for v, text in named.items()} == {
        "v7": "new.csv (Generic export)",
        "v6": "z.csv ('zoho' export)",  # a source this code does not know, as it is
        "v5": "answers.csv (Profile questionnaire)",
        "v4": "crm.xlsx (Dynamics 365 export)",
        "v3": "3 no-decision reasons",
        "v2": "team.csv (Rep roster)",
        "v1": "q1.csv (Salesforce export)",
    }
    # The History tab, by the same rule: the same words for every upload.
    what = dict(history_rows(store).select("Version", "What").iter_rows())
    for version, text in named.items():
        if "(" in text:
            assert what[int(version[1:])] == f"{text.split(' (', 1)[1].split('):', 1)[0]} upload"
    # The new row keeps both: the preset that mapped it and what its headers named it as.
    newest = json.loads(run("history", "--store", str(tmp_path / "store"), "--json", cwd=tmp_path).stdout)["versions"][0]
    assert (newest["source"], newest["exported_from"]) == ("salesforce", "generic")


# ---------------------------------------------------------------------------------------------
# What the Data page says before Commit, the command line says before it stores a file


WEEKLY_HEADER = "Opportunity ID,Owner,Stage,Amount,Close Date\n"
WEEK1 = WEEKLY_HEADER + "".join(f"R-{i},Ann,Prospecting,100,2026-06-01\n" for i in range(1, 6))
WEEK2 = WEEK1.replace("R-1,Ann,Prospecting", "R-1,Ann,Closed Won").replace("R-2,Ann,Prospecting", "R-2,Ann,Closed Lost")


def test_an_export_that_would_reopen_closed_deals_is_stored_only_with_allow_reopen(tmp_path):
    """An older export after a newer one reopened won deals without a word ("0 new, 7 updated"). The
    command says the Data page's sentence and, since it cannot ask, stores the file only when told to."""
    store = str(tmp_path / "store")
    week1, week2 = _write(tmp_path / "week1.csv", WEEK1), _write(tmp_path / "week2.csv", WEEK2)
    assert run("ingest", week1, week2, "--store", store, cwd=tmp_path).returncode == 0
    resaved = _write(tmp_path / "week1-resaved.csv", WEEK1 + "\n")  # other bytes, the same rows
    sentence = ("2 deals closed in the store are open in this file (such as R-1: won on 1 Jun 2026 in the store, open "
                "in this file; also R-2): storing it reopens them. "
                "If this export is older than the last one stored, do not store it.")
    refused = run("ingest", resaved, "--store", store, cwd=tmp_path)
    assert refused.returncode == 1
    assert f"week1-resaved.csv: {sentence}" in refused.stderr and "--allow-reopen" in refused.stderr
    assert "Stored as" not in refused.stdout + refused.stderr and refused.stdout.splitlines()[-1] == "store version 2"
    as_json = json.loads(run("ingest", resaved, "--store", store, "--json", cwd=tmp_path).stdout)
    (report,) = as_json["files"]
    assert report["reopened"] == {"deals": 2, "examples": ["R-1", "R-2"], "sentence": sentence}
    assert "--allow-reopen" in report["rejected"] and as_json["store_version"] == 2
    # week 1 byte for byte: loaded before, but week 2 changed its deals since, so storing it again reopens them as
    # the resaved copy would: warned of and refused alike (it was refused as "already loaded: nothing changed"),
    # and said once to be the file loaded before a later export.
    again = run("ingest", week1, "--store", store, "--json", cwd=tmp_path)
    assert again.returncode == 1 and f"week1.csv: {sentence}" in again.stderr
    (report,) = json.loads(again.stdout)["files"]
    assert report["reopened"]["examples"] == ["R-1", "R-2"] and "store_message" not in report  # not stored
    assert report["replaced_since"].startswith("This file was loaded on ")
    assert ', and a later export, "week2.csv", was loaded on ' in report["replaced_since"]
    allowed = run("ingest", resaved, "--allow-reopen", "--store", store, cwd=tmp_path)
    assert allowed.returncode == 0 and sentence in allowed.stderr and "Stored as version 3" in allowed.stdout
    from winloss.store.delta import Store

    assert Store(store).opportunities().filter(pl.col("outcome") == "open").collect().height == 5


MONTHLY_HEADER = "Opportunity ID,Owner,Stage,Loss Reason,Created Date,Close Date,Amount\n"
JANUARY = MONTHLY_HEADER + "M1,Ann,Closed Lost,Price,2025-01-01,2025-03-15,1000\nM2,Ann,Closed Won,,2025-01-01,2025-03-16,1000\n"
APRIL = MONTHLY_HEADER + "M1,Ann,Closed Won,,2025-01-01,2025-04-10,1500\nM2,Ann,Closed Won,,2025-01-01,2025-03-16,1000\n"


def test_an_older_export_that_would_close_a_deal_earlier_is_stored_only_with_allow_reopen(tmp_path):
    """January's export saved again after April's was stored as "1 updated" without a word: M1, won
    on 10 Apr, went back to lost on 15 Mar. The command names it and stores the file only when told to."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "january.csv", JANUARY), _write(tmp_path / "april.csv", APRIL),
               "--store", store, cwd=tmp_path).returncode == 0
    resaved = _write(tmp_path / "january-resaved.csv", JANUARY.replace(",1000\n", ",1000.00\n"))
    refused = run("ingest", resaved, "--store", store, "--json", cwd=tmp_path)
    assert refused.returncode == 1
    (report,) = json.loads(refused.stdout)["files"]
    sentence = report["reopened"]["sentence"]
    assert (report["reopened"]["deals"], report["reopened"]["examples"]) == (1, ["M1"])
    assert "(such as M1: won on 10 Apr 2025 in the store, lost on 15 Mar 2025 in this file)" in sentence
    assert f"january-resaved.csv: {sentence}" in refused.stderr and "--allow-reopen" in report["rejected"]
    from winloss.store.delta import Store

    def m1() -> tuple:
        return Store(store).opportunities().filter(pl.col("opportunity_id") == "M1").select("outcome", "close_date").collect().row(0)

    assert m1() == ("won", date(2025, 4, 10))
    allowed = run("ingest", resaved, "--allow-reopen", "--store", store, cwd=tmp_path)
    assert allowed.returncode == 0 and sentence in allowed.stderr and "Stored as version 3" in allowed.stdout
    assert m1() == ("lost", date(2025, 3, 15))


def test_open_deals_an_export_lacks_are_noted_and_it_is_still_stored(tmp_path):
    """A smaller weekly export said "0 new, 0 updated, 3 unchanged" and nothing of the open deals it lacked."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store, cwd=tmp_path).returncode == 0
    smaller = _write(tmp_path / "week2.csv", WEEKLY_HEADER + "R-1,Ann,Prospecting,100,2026-06-01\n")
    result = run("ingest", smaller, "--store", store, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = ("4 open deals stored from week1.csv, another generic export of this report, are not in this file "
            "(such as R-2, R-3, R-4): they stay stored as they were, open.")
    assert f"week2.csv: {said}" in result.stderr
    (report,) = json.loads(result.stdout)["files"]
    assert report["absent_deals"]["deals"] == 4 and report["store_message"].startswith("Stored as version 2")


def test_a_weekly_report_is_not_told_of_another_reports_open_deals(tmp_path):
    """The review's loads: a Salesforce workbook, then weeks 1 and 2 of a Salesforce CSV report. Week 2
    was told "2 open deals stored from earlier Salesforce exports are not in this file", the workbook's,
    on every load. Only week 3, which lacks one of the report's open deals, is told, of that one deal."""
    from tests.ingest.test_same_report import REVIEW, WEEK1, csv_report, workbook_report

    store = str(tmp_path / "store")
    (tmp_path / "pipeline_review.xlsx").write_bytes(workbook_report(*REVIEW))
    (tmp_path / "sf_week1.csv").write_bytes(csv_report(*WEEK1))
    (tmp_path / "sf_week2.csv").write_bytes(csv_report(("S-1", "Closed Won"), *WEEK1[1:]))
    (tmp_path / "sf_week3.csv").write_bytes(csv_report(("S-1", "Closed Won"), *WEEK1[2:]))
    loaded = run("ingest", "pipeline_review.xlsx", "sf_week1.csv", "sf_week2.csv", "--store", store, "--json", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "not in this file" not in loaded.stderr
    assert [f["absent_deals"] for f in json.loads(loaded.stdout)["files"]] == [None, None, None]
    week3 = run("ingest", "sf_week3.csv", "--store", store, "--json", cwd=tmp_path)
    said = ("1 open deal stored from sf_week1.csv, another Salesforce export of this report, is not in this file "
            "(\"Opp S-2\"): it stays stored as it was, open.")
    assert f"sf_week3.csv: {said}" in week3.stderr
    (report,) = json.loads(week3.stdout)["files"]
    assert (report["absent_deals"]["deals"], report["absent_deals"]["examples"]) == (1, ["S-2"])


def test_ids_with_their_leading_zeros_dropped_are_said_before_the_file_is_stored(tmp_path):
    store = str(tmp_path / "store")
    first = _write(tmp_path / "week1.csv", WEEKLY_HEADER + "00123,Ann,Prospecting,100,2026-06-01\n")
    assert run("ingest", first, "--store", store, cwd=tmp_path).returncode == 0
    excel = _write(tmp_path / "week2.csv", WEEKLY_HEADER + "123,Ann,Prospecting,100,2026-06-01\n")
    result = run("ingest", excel, "--store", store, "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    said = ("1 deal in this file has the id of a stored deal with its leading zeros dropped or added (such as 123 for "
            "00123): Excel drops leading zeros when it opens a CSV, and storing this file would keep that deal twice.")
    assert f"week2.csv: {said}" in result.stderr
    assert json.loads(result.stdout)["files"][0]["zeros_dropped"]["examples"] == ["123"]


# The review's weekly report: ids with leading zeros, then next week's export opened and saved in Excel.
PADDED_HEADER = "Deal ID,Owner,Account,Stage,Amount,Close Date,Loss Reason\n"
PADDED_WEEK1 = PADDED_HEADER + (
    "00101,Ann Lee,Acc101,Proposal,10000,2026-04-15,\n"
    "00102,Ann Lee,Acc102,Negotiation,20000,2026-04-20,\n"
    "00103,Bob Roy,Acc103,Proposal,5000,2026-04-25,\n"
    "00104,Bob Roy,Acc104,Closed Won,7000,2026-02-20,\n"
)
EXCELLED_WEEK2 = PADDED_HEADER + (
    "101,Ann Lee,Acc101,Closed Won,10000,2026-03-06,\n"
    "102,Ann Lee,Acc102,Negotiation,20000,2026-04-20,\n"
    "104,Bob Roy,Acc104,Closed Won,7000,2026-02-20,\n"
    "109,Bob Roy,Acc109,Proposal,9000,2026-05-30,\n"
)


def _won_and_open(store: str) -> tuple[int, int]:
    from winloss.store.delta import Store

    outcomes = Store(store).opportunities().select("outcome").collect().get_column("outcome")
    return int((outcomes == "won").sum()), int((outcomes == "open").sum())


def test_an_export_whose_ids_lost_their_leading_zeros_is_stored_only_with_allow_zeros_dropped(tmp_path):
    """The review's re-export: warned that storing it "would keep each of them twice", the command stored it
    anyway with exit 0 ("3 new"), and deal 00104/104 counted as 2 won. Now it is not stored, as a file
    that would reopen deals is not, and the line under the warning says what to do."""
    store = str(tmp_path / "store")
    week1 = _write(tmp_path / "crm_pipeline_2026-03-02.csv", PADDED_WEEK1)
    assert run("ingest", week1, "--store", store, cwd=tmp_path).returncode == 0
    assert _won_and_open(store) == (1, 3)
    week2 = _write(tmp_path / "crm_pipeline_2026-03-09.csv", EXCELLED_WEEK2)
    refused = run("ingest", week2, "--store", store, "--json", cwd=tmp_path)
    assert refused.returncode == 1
    (report,) = json.loads(refused.stdout)["files"]
    assert report["zeros_dropped"]["examples"] == ["101", "102", "104"]
    assert report["rejected"] == (
        "Not stored: it would keep each of those deals twice, under two ids. To store them once, export the report "
        "again with the ID column as text (or open the CSV in Excel through Data > From Text/CSV with the ID column "
        "set to Text, and save it) and ingest that file; if these are other deals than the stored ones, ingest this "
        "file again with --allow-zeros-dropped."
    )
    assert f"crm_pipeline_2026-03-09.csv: {report['rejected']}" in refused.stderr
    assert "store_message" not in report or report["store_message"] is None
    # Nothing of it was written: the store is as week 1 left it.
    assert json.loads(refused.stdout)["store_version"] == 1 and _won_and_open(store) == (1, 3)
    # The note on missing open deals names 00103 alone; 00101 and 00102 are in the file without their zeros.
    assert (report["absent_deals"]["deals"], report["absent_deals"]["examples"]) == (1, ["00103"])
    # Told, it stores the file: the user says these are other deals.
    allowed = run("ingest", week2, "--allow-zeros-dropped", "--store", store, cwd=tmp_path)
    assert allowed.returncode == 0, allowed.stderr
    assert "Stored as version 2: 4 new" in allowed.stdout and "Not stored" not in allowed.stderr
    # The ids as the CRM writes them: stored once, week 1's deals updated.
    text = _write(tmp_path / "crm_pipeline_2026-03-09-text.csv", EXCELLED_WEEK2.replace("\n10", "\n0010"))
    fresh = str(tmp_path / "fresh")
    assert run("ingest", week1, "--store", fresh, cwd=tmp_path).returncode == 0
    redone = run("ingest", text, "--store", fresh, cwd=tmp_path)
    assert redone.returncode == 0 and "Stored as version 2: 1 new, 1 updated, 2 unchanged" in redone.stdout
    assert _won_and_open(fresh) == (2, 3)


def test_an_export_that_reopens_deals_and_lost_its_zeros_needs_both_flags(tmp_path):
    store = str(tmp_path / "store")
    week1 = PADDED_WEEK1 + "R-1,Ann Lee,Acc1,Closed Won,100,2026-02-01,\n"
    assert run("ingest", _write(tmp_path / "week1.csv", week1), "--store", store, cwd=tmp_path).returncode == 0
    both = _write(tmp_path / "week2.csv", EXCELLED_WEEK2 + "R-1,Ann Lee,Acc1,Proposal,100,2026-06-01,\n")
    for flags in ((), ("--allow-reopen",), ("--allow-zeros-dropped",)):
        refused = run("ingest", both, *flags, "--store", store, "--json", cwd=tmp_path)
        assert refused.returncode == 1
        rejected = json.loads(refused.stdout)["files"][0]["rejected"]
        assert ("--allow-reopen" in rejected) == ("--allow-reopen" not in flags)
        assert ("--allow-zeros-dropped" in rejected) == ("--allow-zeros-dropped" not in flags)
    assert run("ingest", both, "--allow-reopen", "--allow-zeros-dropped", "--store", store, cwd=tmp_path).returncode == 0


def test_the_help_names_the_flag_that_stores_ids_without_their_zeros(capsys):
    from winloss.cli import main

    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "--allow-zeros-dropped" in said and "leading zeros dropped" in said and "ID column as text" in said


def test_a_file_whose_every_row_is_quarantined_still_writes_its_quarantine_report(tmp_path):
    """Every row with an unknown stage: the file is rejected whole and the command said only "the
    first 12 are in --json", while the Data page offered every row to download."""
    rows = "".join(f"Q-{i},Ann,Negotiating,100,2026-06-01\n" for i in range(12))
    export = _write(tmp_path / "allbad.csv", WEEKLY_HEADER + rows)
    result = run("ingest", export, "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 1
    last = result.stdout.splitlines()[-2]  # the last line is the store's version
    assert last.startswith("  allbad.csv: … and 2 more; every quarantined row, with its reason, is in "), result.stdout
    written = Path(last.rsplit(" is in ", 1)[1])
    assert written.parent == tmp_path / "store-quarantine"
    assert len(written.read_text(encoding="utf-8-sig").splitlines()) == 1 + 12
    report = json.loads(run("ingest", export, "--store", str(tmp_path / "store"), "--json", cwd=tmp_path).stdout)["files"][0]
    assert report["rejected"] and report["quarantine_csv"] == str(written)


@pytest.mark.parametrize("given", ["1", "v1", "V1"])
def test_rollback_takes_a_version_as_history_prints_it(tmp_path, capsys, given):
    """history prints "v1"; rollback answered "invalid int value: 'v1'"."""
    from winloss.cli import main

    store = str(tmp_path / "store")
    assert main(["ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store]) == 0
    assert main(["ingest", _write(tmp_path / "week2.csv", WEEK2), "--store", store]) == 0
    assert main(["rollback", given, "--store", store]) == 0
    assert "The store is as it was at version 1 again, as version 3: deals, the roster" in capsys.readouterr().out
    assert main(["rollback", "version1", "--store", store]) == 2
    assert "'version1' is not a store version" in capsys.readouterr().err


def test_rollback_refuses_a_version_whose_state_is_in_effect_and_names_those_that_would_change_it(tmp_path, capsys):
    """After `rollback 1` (recorded as version 3), `rollback 1` again was stored as version 4, a version that
    changed nothing, though the Data page's "Roll back to" list leaves version 1 out."""
    from winloss.cli import main
    from winloss.store.delta import Store

    store = str(tmp_path / "store")
    assert main(["ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store]) == 0
    assert main(["ingest", _write(tmp_path / "week2.csv", WEEK2), "--store", store]) == 0
    assert main(["rollback", "1", "--store", store]) == 0
    capsys.readouterr()
    refusal = ("The store is already as it was at version 1 (version 3 rolled back to it): rolling back to it would "
               "change nothing; rolling back to version 0 or version 2 would change it.")
    assert main(["rollback", "v1", "--store", store]) == 1
    said = capsys.readouterr()
    assert said.err.strip() == refusal and said.out == "" and Store(store).version() == 3
    assert main(["rollback", "1", "--store", store, "--json"]) == 1
    said = capsys.readouterr()
    assert json.loads(said.out) == {"store_version": 3, "rolled_back_to": None, "undone": [], "sentence": None, "rejected": refusal}
    # The current version itself, by the same rule.
    assert main(["rollback", "3", "--store", store]) == 1
    assert capsys.readouterr().err.strip() == (
        "The store is already at version 3 (as it was at version 1): rolling back to it would change nothing; "
        "rolling back to version 0 or version 2 would change it.")
    assert Store(store).version() == 3
    # A version that changes the store still rolls back, and --json says so.
    assert main(["rollback", "2", "--store", store, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["store_version"] == 4 and done["rolled_back_to"] == 2 and done["rejected"] is None
    assert done["sentence"].startswith("The store is as it was at version 2 again, as version 4:")


def test_history_marks_settings_undone_by_a_rollback_and_rollback_says_everything_that_went_back(tmp_path, capsys):
    """After a rollback, history called an undone exchange-rate or reason change in effect, and the
    rollback named no setting that went back."""
    from winloss.cli import main
    from winloss.exchange import ExchangeRates
    from winloss.store.delta import Store

    store = str(tmp_path / "store")
    assert main(["ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store]) == 0
    Store(store).save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))
    Store(store).save_no_decision_reasons(["Budget"])
    capsys.readouterr()
    assert main(["rollback", "1", "--store", store]) == 0
    said = capsys.readouterr().out
    assert "exchange rates, the reporting currency" in said and "profile assessments are as they were then." in said
    assert main(["history", "--store", store]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("v4") and "[undone" not in lines[0]
    assert lines[1].startswith("v3") and lines[1].endswith("[undone by a rollback]")
    assert lines[2].startswith("v2") and lines[2].endswith("[undone by a rollback]")
    assert lines[3].startswith("v1") and "[undone" not in lines[3]
    assert main(["history", "--store", store, "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)["versions"]
    assert [v["in_effect"] for v in versions] == [True, False, False, True]


def test_ingest_prints_the_totals_lines_dropped_and_the_scale_rule(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
        "A-1,Ana Lima,Closed Won,USD 5k,2026-03-01\nA-2,Ben Okafor,Closed Lost,USD 1.2M,2026-03-02\n"
        'Total,,,"USD 1,205,000",\n\nGenerated by Ops Reports\nConfidential\n'
    )
    result = run("ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "2 rows read" in said
    assert f"{path}: Line 4 ('Total') looks like a totals line and was not read as a deal or counted in the rows read (accepted + quarantined)." in said
    assert f"{path}: Lines 6–7 are the report's footer ('Generated by Ops Reports', 'Confidential') and were not read as deals or counted in the rows read (accepted + quarantined)." in said
    assert "'USD 5k' is read as 5,000 (k = thousand; M = million)." in said


def test_report_counts_open_deals_under_a_past_end_as_the_app_does(tmp_path):
    """`report --to` a day before the data's counted an open deal with no created date as created by then,
    which the app's screens do not (counting.open_by); it now counts as they do and says which deals
    its "open" column holds."""
    export = tmp_path / "undated.csv"
    export.write_text(
        "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Created Date,Close Date\n"
        "OPP-1,Ann Lee,Acme,Closed Won,1000,2025-01-01,2025-06-01\n"
        "OPP-2,Ann Lee,Acme,Prospecting,1000,2025-01-15,2025-12-01\n"
        "OPP-3,Ann Lee,Acme,Prospecting,1000,,2025-12-01\n")
    store = str(tmp_path / "store")
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0
    past = run("report", "--from", "2025-01-01", "--to", "2025-03-31", "--store", store, "--json", cwd=tmp_path)
    assert [row["open"] for row in json.loads(past.stdout)["rows"]] == [1]  # OPP-2 only
    now = run("report", "--from", "2025-01-01", "--to", "2025-06-01", "--store", store, "--json", cwd=tmp_path)
    assert [row["open"] for row in json.loads(now.stdout)["rows"]] == [2]  # open now: both
    text = run("report", "--from", "2025-01-01", "--to", "2025-03-31", "--store", store, cwd=tmp_path).stdout
    assert "open: deals open now (created by 31 Mar 2025)." in text


def test_the_summary_groups_thousands_in_every_count():
    """"30,000 rows read …: 29000 accepted" wrote one count grouped and the next not."""
    from winloss.cli import _summary

    report = {"rows_read": 30000, "recognised_as": "Generic export", "rows_accepted": 29000, "rows_quarantined": 1000}
    assert _summary(report) == "30,000 rows read (Generic export): 29,000 accepted, 1,000 quarantined."


def test_report_json_gives_no_won_amount_when_no_won_deal_has_a_rate_never_zero(tmp_path):
    """Five won GBP deals and no GBP rate: the Overview says "No rate for GBP"; the JSON said won_amount 0.0."""
    export = tmp_path / "gbp.csv"
    export.write_text("Deal ID,Rep,Stage,Close Date,Amount,Currency\n"
                      + "".join(f"G{i},Ann,Closed Won,2025-05-0{i + 1},1000,GBP\n" for i in range(5))
                      + "L1,Ann,Closed Lost,2025-05-09,500,USD\n")
    store = str(tmp_path / "store")
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0
    rows = json.loads(run("report", "--store", store, "--json", "--by", "rep", cwd=tmp_path).stdout)["rows"]
    assert [(r["group"], r["won"], r["won_amount"]) for r in rows] == [("Ann", 5, None)]
    lost_only = tmp_path / "lost.csv"
    lost_only.write_text("Deal ID,Rep,Stage,Close Date,Amount,Currency\nL2,Bo,Closed Lost,2025-05-09,500,USD\n")
    assert run("ingest", str(lost_only), "--store", store, cwd=tmp_path).returncode == 0
    rows = json.loads(run("report", "--store", store, "--json", "--by", "rep", cwd=tmp_path).stdout)["rows"]
    assert {r["group"]: r["won_amount"] for r in rows} == {"Ann": None, "Bo": 0.0}


def test_report_json_says_on_each_group_s_row_what_its_won_amount_leaves_out(tmp_path):
    """Ann won $3,000 in USD and £500 in GBP, with no GBP rate: her row's won_amount, 3000.0, left the GBP deal
    out and nothing on the row said so (only the report's "unconverted" named the deals), where the Reps
    leaderboard marks her won value "3k*". Each row now says it by the leaderboard's rule (exchange.no_rate_by):
    how many won deals, in which currencies, and whether won_amount is a partial sum (not when it is null:
    then it leaves out every one). Lost deals and deals closed outside the range are no won value's."""
    export = tmp_path / "mixed.csv"
    export.write_text("Deal ID,Rep,Stage,Close Date,Amount,Currency\n"
                      "W0,Ann,Closed Won,2024-11-01,400,GBP\n"  # before the range asked for
                      "W1,Ann,Closed Won,2025-05-01,1000,USD\n"
                      "W2,Ann,Closed Won,2025-05-02,2000,USD\n"
                      "W3,Ann,Closed Won,2025-08-03,500,GBP\n"
                      "W4,Bo,Closed Won,2025-05-04,700,USD\n"
                      "L1,Bo,Closed Lost,2025-05-05,800,GBP\n"
                      "W5,Cy,Closed Won,2025-05-06,900,GBP\n")
    store = str(tmp_path / "store")
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0

    def rows(by: str) -> list[tuple]:
        said = json.loads(run("report", "--store", store, "--json", "--by", by, "--from", "2025-01-01", cwd=tmp_path).stdout)
        return [(r["group"], r["won_amount"], r["won_unconverted"], r["won_unconverted_currencies"], r["won_amount_partial"])
                for r in said["rows"]]

    assert rows("rep") == [("Ann", 3000.0, 1, ["GBP"], True), ("Bo", 700.0, 0, [], False), ("Cy", None, 1, ["GBP"], False)]
    assert rows("none") == [("All", 3700.0, 2, ["GBP"], True)]
    assert rows("quarter") == [("2025-Q2", 3700.0, 1, ["GBP"], True), ("2025-Q3", None, 1, ["GBP"], False)]
    assert rows("region") == [("No region", 3700.0, 2, ["GBP"], True)]
    assert run("rates", "--store", store, "--rate", "GBP=1.25", cwd=tmp_path).returncode == 0
    assert rows("rep") == [("Ann", 3625.0, 0, [], False), ("Bo", 700.0, 0, [], False), ("Cy", 1125.0, 0, [], False)]


def test_the_printed_reports_notes_explain_only_the_marks_its_rows_carry() -> None:
    """`report --by rep` printed "* Leaves out the group's won deals in EUR…" under a table with no "*": the one
    rep with EUR won deals had none that converts, so their cell read "—". The "*" note only when a row carries
    it; the "—" says why itself (exchange.won_value_notes, the leaderboard's rule)."""
    rows = [{"won_amount": 5000.0, "won_amount_partial": False, "won_unconverted_currencies": []},
            {"won_amount": None, "won_amount_partial": True, "won_unconverted_currencies": ["EUR"]}]
    assert cli.won_value_notes(rows, ["Ann", "Ben"], "USD") == [
        '"—" for "Ben": none of its won deals has a value in USD (no exchange rate to USD for EUR).',
        "Add the rate with: python -m winloss rates --rate EUR=RATE (RATE: what one EUR is worth in USD)."]


def test_the_printed_report_marks_a_partial_won_value_as_the_reps_leaderboard_does(tmp_path):
    """The plain table printed no won value, so a sum that left out won deals in a currency with no rate was
    marked only under --json (won_amount_partial). It has a won value column now: "3k*" where it leaves deals
    out, "—" where none of a group's won deals converts, and the leaderboard's note under it in the command
    line's words (exchange.won_value_notes); the table without --by still fits in 100 columns."""
    from wcwidth import wcswidth

    export = _write(tmp_path / "mixed.csv", "Deal ID,Rep,Stage,Close Date,Amount,Currency\n"
                    "W1,Ann,Closed Won,2025-05-01,1000,USD\nW2,Ann,Closed Won,2025-05-02,2000,USD\n"
                    "W3,Ann,Closed Won,2025-08-03,500,GBP\nW4,Bo,Closed Won,2025-05-04,700,USD\n"
                    "W5,Cy,Closed Won,2025-05-06,900,GBP\n")
    store = str(tmp_path / "store")
    assert run("ingest", export, "--store", store, cwd=tmp_path).returncode == 0
    lines = run("report", "--by", "rep", "--store", store, cwd=tmp_path).stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("group"))
    assert lines[header].endswith("won USD")
    cells = {line.split()[0]: line.split()[-1] for line in lines[header + 1:header + 4]}
    assert cells == {"Ann": "3k*", "Bo": "700", "Cy": "—"}
    assert "* Leaves out the group's won deals in GBP: no exchange rate to USD for GBP." in lines
    assert '"—" for "Cy": none of its won deals has a value in USD (no exchange rate to USD for GBP).' in lines
    assert ("Add the rate with: python -m winloss rates --rate GBP=RATE (RATE: what one GBP is worth in USD)."
            in lines)
    plain = run("report", "--store", store, cwd=tmp_path).stdout.splitlines()
    header = next(i for i, line in enumerate(plain) if line.startswith("group"))
    assert plain[header + 1].split()[-1] == "3.7k*"
    assert max(wcswidth(line) for line in plain[header:header + 2]) <= 100
    assert run("rates", "--store", store, "--rate", "GBP=1.25", cwd=tmp_path).returncode == 0
    lines = run("report", "--by", "rep", "--store", store, cwd=tmp_path).stdout.splitlines()
    assert not any(line.startswith(("* ", '"—"')) for line in lines)


# ---------------------------------------------------------------------------------------------
# Where each line goes: the result and the report to stdout; progress, warnings that need action
# before anything is written, and errors to stderr. A reader that goes away stops the output only.


MULTI_CURRENCY = (
    "Opportunity ID,Owner,Stage,Close Date,Amount,Currency,Next Step\n"
    "A1,Ann,Closed Won,2025-01-05,1000,USD,call\nA2,Bob,Closed Lost,2025-01-06,2000,EUR,\n"
    "A3,Ann,Closed Won,2025-02-07,3000,GBP,\nA4,Bob,Prospecting,2025-03-08,500,EUR,demo\n"
    "A5,Bob,Closed Won,not a date,500,EUR,\n"
)


def test_the_result_and_the_report_go_to_stdout_warnings_and_errors_to_stderr(tmp_path):
    """`ingest FILE > out.txt` put only the stage table and the exchange-rate sentence in out.txt: what
    was stored, the amounts rule and the "Not used" note went to stderr with the errors."""
    export, store = _write(tmp_path / "multi.csv", MULTI_CURRENCY), str(tmp_path / "store")
    stored = run("ingest", export, "--store", store, cwd=tmp_path)
    assert stored.returncode == 0 and stored.stderr == ""  # nothing to act on, nothing went wrong
    out = stored.stdout.splitlines()
    assert out[0] == f"{export}: 5 rows read (Generic export): 4 accepted, 1 quarantined. Stored as version 1: 4 new, 0 updated, 0 unchanged."
    assert f"{export}: Each amount's currency is read from the column 'Currency' (EUR, GBP, USD); an amount whose row names no currency is quarantined." in out
    assert f"{export}: Not used: 'Next Step'. If it holds a field, map it (on the command line: --map FIELD=COLUMN)." in out
    assert "  multi.csv: stage values (outcome, rows, rule):" in out
    assert any(line.startswith("  multi.csv line 6: Close Date 'not a date' is not a date") for line in out)
    assert out[-1].startswith("2 deals in EUR and 1 in GBP are left out of every value figure: no exchange rate to USD")
    # A warning said before the file is stored goes to stderr; what storing it did, to stdout.
    (tmp_path / "next week").mkdir()  # the same report's next export: the same name (ingest.same_report)
    smaller = run("ingest", _write(tmp_path / "next week" / "multi.csv", MULTI_CURRENCY.split("A2,")[0]), "--store", store, cwd=tmp_path)
    assert smaller.returncode == 0, smaller.stderr
    assert "is not in this file (A4)" in smaller.stderr and "is not in this file" not in smaller.stdout
    assert "Stored as version 2" in smaller.stdout and "Stored as" not in smaller.stderr
    # Why a file was not stored is an error: stderr; its report (the columns it lacks a use for) and the store's version: stdout.
    rejected = run("ingest", _write(tmp_path / "colours.csv", "Colour,Size\nred,9\n"), str(tmp_path / "missing.csv"),
                   "--store", store, cwd=tmp_path)
    assert rejected.returncode == 1
    assert "colours.csv: This opportunity export has no " in rejected.stderr and "missing.csv' was not ingested" in rejected.stderr
    assert "was not ingested" not in rejected.stdout and rejected.stdout.splitlines()[-1] == "store version 2"
    # --json: the one object on stdout holds the report; no line of it beside the object.
    as_json = run("ingest", export, "--store", str(tmp_path / "json"), "--json", cwd=tmp_path)
    assert as_json.stderr == "" and json.loads(as_json.stdout)["files"][0]["store_message"].startswith("Stored as version 1")
    # The other commands by the same rule.
    rates = run("rates", "--rate", "EUR=1.08", "--store", store, cwd=tmp_path)
    assert rates.stderr == "" and rates.stdout.splitlines()[:2] == [
        "Saved as store version 3: every value figure is in USD.", "reporting currency USD"]
    rolled = run("rollback", "v1", "--store", store, cwd=tmp_path)
    assert rolled.stderr == "" and rolled.stdout.startswith("The store is as it was at version 1 again, as version 4: deals, ")
    restored, undid = rolled.stdout.splitlines()
    assert restored.endswith(" are as they were then.")
    assert undid.startswith("It undid version 3 (reporting currency USD") and " and version 2 (multi.csv (" in undid
    history = run("history", "--store", store, cwd=tmp_path)
    assert history.stderr == "" and history.stdout.startswith("v4")
    usage = run("rollback", "version1", "--store", store, cwd=tmp_path)
    assert usage.returncode == 2 and usage.stdout == "" and "'version1' is not a store version" in usage.stderr


@pytest.mark.parametrize(
    ("stderr_too", "unbuffered"),
    [(False, False), (False, True), (True, True)],
    ids=["stdout-closed-at-the-last-flush", "stdout-closed-mid-command", "both-closed-2>&1"],
)
def test_an_ingest_whose_reader_went_away_exits_with_its_own_result(tmp_path, stderr_too, unbuffered):
    """`ingest multicurrency.csv 2>&1 | head -1` exited 1 though the file was stored, once saying "The store
    at ... cannot be opened ([Errno 32] Broken pipe)"; with the pipe closed at the interpreter's last
    flush it exited 120 with "Exception ignored ... BrokenPipeError"."""
    from winloss.store.delta import Store

    export, store = _write(tmp_path / "multicurrency.csv", MULTI_CURRENCY), tmp_path / "store"
    result = run_process_unread("ingest", export, "--store", str(store), cwd=tmp_path, stderr_too=stderr_too, unbuffered=unbuffered)
    assert result.returncode == 0, result.stderr
    if not stderr_too:  # what stderr said, with stdout gone: nothing (no error, no warning)
        assert result.stderr == "", result.stderr
        assert "cannot be opened" not in result.stderr and "Broken pipe" not in result.stderr
    assert Store(store).version() == 1
    assert sorted(Store(store).opportunities().select("opportunity_id").collect().to_series()) == ["A1", "A2", "A3", "A4"]


def test_a_rejected_file_whose_reader_went_away_still_exits_1(tmp_path):
    """The exit code is the command's own, not a fixed one for a closed pipe: a file rejected whole is 1."""
    from winloss.store.delta import Store

    rejected = _write(tmp_path / "colours.csv", "Colour,Size\nred,9\n")
    result = run_process_unread("ingest", rejected, "--store", str(tmp_path / "store"), cwd=tmp_path, unbuffered=True)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{rejected}: ") and "cannot be opened" not in result.stderr
    from winloss.store.delta import Store

    assert Store(tmp_path / "store").version() == 0


def test_an_os_error_that_is_not_the_store_s_is_not_said_to_be_the_store_s(tmp_path):
    """The store-error sentence ("cannot be opened ... check WINLOSS_STORE") was said of any OSError: a
    quarantine folder that cannot be made, a sample folder that cannot be written."""
    store = tmp_path / "store"
    (tmp_path / "store-quarantine").write_text("a file where the quarantine folder goes")
    export = _write(tmp_path / "export.csv", "Deal ID,Rep,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\nA2,Ann,Closed Won,not a date\n")
    result = run("ingest", export, "--store", str(store), cwd=tmp_path)
    assert result.returncode == 1 and "cannot be opened" not in result.stderr and "WINLOSS_STORE" not in result.stderr
    assert result.stderr.startswith("Something went wrong while running ingest (FileExistsError: "), result.stderr
    sample = run("sample", "--out", str(tmp_path / "store-quarantine" / "out"), "--opportunities", "10", cwd=tmp_path)
    assert sample.returncode == 1 and sample.stdout == ""
    assert sample.stderr.startswith(f"Could not write {tmp_path / 'store-quarantine' / 'out'}: "), sample.stderr


def test_a_weekly_export_says_which_stored_deals_it_closed_and_moved(tmp_path):
    """The same CRM report exported a week later said only "0 new, 2 updated, 3 unchanged": the command
    now names the deals it closed, by outcome, and those that moved stage. It says so after storing
    the file, under "Stored as version 2", so in the past (it said "Storing it closes ..." of a file
    already stored), as the Data page says it under the same line; its --json sentence too."""
    store = str(tmp_path / "store")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", store, cwd=tmp_path).returncode == 0
    week2 = _write(tmp_path / "week2.csv", WEEK2.replace("R-3,Ann,Prospecting,100", "R-3,Ann,Negotiation,150")
                   .replace("R-4,Ann,Prospecting,100", "R-4,Ann,Prospecting,900"))
    # R-3's new amount is said with R-4's: the clauses say each deal once, and R-3's is a stage move's.
    said = ("It closed 2 open deals: 1 won (R-1), 1 lost (R-2); 1 open deal moved stage (R-3: Prospecting → Negotiation); "
            "1 deal changed only in its amount (R-4). 2 open deals changed amount (+$850 of pipeline), 1 of them also "
            "moved stage.")
    result = run("ingest", week2, "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stored_at = next(i for i, line in enumerate(lines) if "Stored as version 2" in line)
    assert lines[stored_at + 1].endswith(f"week2.csv: {said}")
    assert "Storing it" not in result.stdout + result.stderr
    again = _write(tmp_path / "week2-resaved.csv", (tmp_path / "week2.csv").read_text() + "\n")
    as_json = json.loads(run("ingest", again, "--store", store, "--json", cwd=tmp_path).stdout)
    assert as_json["files"][0]["deal_changes"] is None  # stored already: nothing moves
    fresh = str(tmp_path / "fresh")
    assert run("ingest", _write(tmp_path / "week1.csv", WEEK1), "--store", fresh, cwd=tmp_path).returncode == 0
    (report,) = json.loads(run("ingest", week2, "--store", fresh, "--json", cwd=tmp_path).stdout)["files"]
    assert report["deal_changes"] == {"deals": 4, "sentence": said, "transitions": [
        {"from": "open", "to": "won", "deals": 1, "examples": ["R-1"]},
        {"from": "open", "to": "lost", "deals": 1, "examples": ["R-2"]},
        {"from": "open", "to": "open", "deals": 1, "examples": ["R-3"], "stages": [["Prospecting", "Negotiation"]]},
    ], "taken_back": 0, "rep_spellings": None, "other_fields": {"deals": 1, "fields": {"amount": 1}, "examples": ["R-4"],
                                                                                   "rep_moves": []},
        "taken_back_kinds": {}, "missing_columns": {"deals": 0, "fields": []}, "stage_mappings": None,
        "open_amounts": {"deals": 2, "moved_stage": 1, "change": {"USD": 850.0}}, "unrostered": [], "other_report": 0,
        "quarters": None}
    assert "0 new, 4 updated, 1 unchanged" in report["store_message"]  # each updated deal said once
    # An export refused for reopening deals is not stored: it says what storing it would move.
    older = _write(tmp_path / "older.csv", WEEK1.replace("R-4,Ann,Prospecting,100", "R-4,Ann,Negotiation,100"))
    refused = run("ingest", older, "--store", fresh, "--json", cwd=tmp_path)
    assert refused.returncode == 1
    (report,) = json.loads(refused.stdout)["files"]
    assert report["rejected"] and report["deal_changes"]["sentence"] == (
        "Storing it changes 4 stored deals: 2 open deals move stage (R-3: Negotiation → Prospecting, "
        "R-4: Prospecting → Negotiation); 2 closed deals are reopened, as the warning on them says. "
        "2 open deals change amount (-$850 of pipeline), all of them also move stage.")


def test_the_text_report_writes_rates_as_the_pages_do_and_cuts_a_long_name_with_an_ellipsis(tmp_path):
    """`report` printed "46.7%" where the pages and README write a rate in words as a whole percent ("47%"),
    headed its column "ND % of losses" where the pages say "No decision ÷ losses", and cut a rep's name at
    27 characters with nothing to show it was cut. A name from the file stays escaped for the terminal."""
    long_name = "Maximiliana Alexandrova-Petrov"  # 30 characters
    rows = ([(long_name, "Closed Won", 2025)] * 17 + [(long_name, "Closed Lost", 2025)] * 12
            + [(long_name, "No Decision", 2025)] * 8 + [("Bo\x1b[2J Ray", "Closed Won", 2025)] * 2
            + [("Bo\x1b[2J Ray", "Closed Lost", 2024)] * 3)
    export = tmp_path / "deals.csv"
    export.write_text("Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
                      + "".join(f"O{i},{rep},{stage},100,{year}-05-01\n" for i, (rep, stage, year) in enumerate(rows)))
    store = str(tmp_path / "store")
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0
    text = run("report", "--by", "rep", "--store", store, cwd=tmp_path).stdout
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("group"))
    assert header.endswith("No decision ÷ losses   won USD") and "ND %" not in header
    (long_row,) = [line for line in lines if line.startswith("Maximiliana")]
    assert long_row.startswith("Maximiliana Alexandrova-Pe… ") and long_name not in long_row
    assert long_row.split()[-4::2] == ["46%", "40%"]  # 17 of 37 won, 8 of 20 losses no decision: whole percents
    assert "." not in long_row[28:-10]  # the rates' cells (the won value's is "1.7k")
    (escaped,) = [line for line in lines if line.startswith("Bo")]
    assert "\x1b" not in text and escaped.startswith("Bo\\x1b[2J Ray ")
    assert len(header) == len(long_row) == len(escaped)  # the columns line up
    # 5 closed, 3 losses: neither rate nor its interval, as the leaderboard writes them
    assert escaped.split()[-10:-1] == ["n", "too", "small"] * 3
    assert lines[-1] == "n too small: fewer than 20 deals in the rate; —: none"
    reasons = run("report", "--by", "loss_reason", "--store", store, cwd=tmp_path).stdout.splitlines()
    assert [line.split()[-1] for line in reasons if line.startswith("(no reason")] == ["65%", "35%"]  # 15 and 8 of 23
    # 3 losses in 2024: counts and no shares, as the No decision page shows them (text.reasons_caption)
    few = run("report", "--by", "loss_reason", "--from", "2024-01-01", "--to", "2024-12-31", "--store", store,
              cwd=tmp_path).stdout.splitlines()
    assert [line.split()[-4:] for line in few if line.startswith("(no reason")] == [["3", "n", "too", "small"]]
    assert few[-1] == "n too small: fewer than 20 lost and no-decision deals; —: none"


def test_a_quarantine_report_named_after_a_file_with_escape_bytes_holds_none_on_disk(tmp_path):
    """An export named "\\x1b[31mred\\x1b]8;;http:__e\\x07.csv": its quarantine report was written under that
    name, escape and bell bytes and all, and the path printed (escaped) named no file that could be opened."""
    export = tmp_path / "\x1b[31mred\x1b]8;;http:__e\x07\u202eslx.csv"
    export.write_text("Opportunity ID,Owner,Stage,Close Date\nA1,Ann,Closed Won,2025-01-05\nA2,Bo,Closed Won,not a date\n")
    result = run("ingest", str(export), "--store", str(tmp_path / "store"), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = Path(json.loads(result.stdout)["files"][0]["quarantine_csv"])
    assert written.exists() and written.parent == tmp_path / "store-quarantine"
    assert written.name.startswith("[31mred]8;;http___eslx-") and written.name.endswith(".quarantine.csv")
    assert [p.name for p in written.parent.iterdir()] == [written.name]
    assert not any(c in written.name for c in "\x1b\x07\u202e")
    human = run("ingest", str(export), "--store", str(tmp_path / "store2"), cwd=tmp_path)
    assert str(tmp_path / "store2-quarantine" / written.name) in human.stdout + human.stderr


# Reps and regions whose names a terminal draws wider or narrower than their length: CJK characters and
# emoji take two columns each, a combining accent none (Q̃ has no precomposed form: it stays two characters).
WIDE_NAMES_EXPORT = """Deal ID,Rep,Region,Stage,Created Date,Close Date,Amount
W1,山田太郎,東京,Closed Won,2025-01-05,2025-02-10,100
L1,山田太郎,東京,Closed Lost,2025-01-05,2025-02-11,100
W2,Zoë 🚀 Park,EMEA 🌍,Closed Won,2025-01-05,2025-02-10,100
W3,Q̃uinn Ñ̈oh,EMEA 🌍,Closed Won,2025-01-05,2025-02-10,100
L2,Ann Lee,NA,Closed Lost,2025-01-05,2025-02-12,100
W4,株式会社グローバルセールス東日本営業本部長,NA,Closed Won,2025-01-05,2025-02-10,100
"""


def _column_ends(line: str) -> list[int]:
    """The terminal column (wcwidth) where each run of non-blank text of `line` ends, after the first run
    of at least two blanks: where the right-aligned columns of a report's line end."""
    from wcwidth import wcswidth

    first_gap = line.index("  ")
    return [wcswidth(line[:i + 1]) for i in range(first_gap, len(line))
            if line[i] != " " and (i + 1 == len(line) or line[i + 1] == " ")]


@pytest.mark.parametrize("by", ["rep", "region"])
def test_the_text_report_lines_up_names_a_terminal_draws_wide_or_narrow(tmp_path, by):
    """Every row's columns end at the header's terminal column, whatever the name before them: counted in
    characters, 山田太郎 (8 columns for 4 characters) and 🚀 pushed a row's numbers right of the header's,
    a combining accent pulled them left; a name too wide for its column is cut to it with "…"."""
    from wcwidth import wcswidth

    export, store = tmp_path / "deals.csv", str(tmp_path / "store")
    export.write_text(WIDE_NAMES_EXPORT, encoding="utf-8")
    assert run("ingest", str(export), "--store", store, cwd=tmp_path).returncode == 0
    result = run("report", "--by", by, "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("group"))
    rows = [line for line in lines[header + 1:] if line[:1] != " " and "  " in line and not line.startswith("n too small")]
    names = {"rep": ("山田太郎", "Zoë 🚀 Park", "Q̃uinn Ñ̈oh", "株式会社グローバルセ"), "region": ("東京", "EMEA 🌍", "NA")}[by]
    for name in names:
        assert any(row.startswith(name) for row in rows), (name, rows)
    widths = {wcswidth(row) for row in rows} | {wcswidth(lines[header])}
    assert len(widths) == 1, rows
    assert all(wcswidth(row.split("  ")[0]) <= 27 for row in rows)  # the group's column, a blank after it
    expected = _column_ends(lines[header].replace("no dec.", "no_dec.").replace("win rate", "win_rate")
                            .replace("95% interval", "95%_interval").replace("No decision ÷ losses", "No_decision_÷_losses")
                            .replace("won USD", "won_USD"))
    for row in rows:
        ends = _column_ends(row.replace("n too small", "n_too_small"))
        assert ends == expected, (row, ends, expected)


def test_history_counts_an_upload_s_rows_in_the_history_tab_s_words(tmp_path):
    """The command line's history read "391 accepted, 0 quarantined; 8 new, 22 updated" where the History
    tab read "391 read, 391 accepted, 0 quarantined" and "8 new, 22 updated, 361 unchanged": the rows read
    and the deals left unchanged were not said. One wording, winloss.version_words, for both."""
    from winloss.store.delta import Store
    from winloss.views.data_page import history_rows

    header = "Opportunity ID,Owner,Stage,Amount,Close Date\n"
    week1 = header + "".join(f"R-{i},Ann,Prospecting,100,2026-06-01\n" for i in range(1, 6)) + "R-9,Ann,Prospecting,x,2026-06-01\n"
    week2 = week1.replace("R-1,Ann,Prospecting", "R-1,Ann,Closed Won") + "R-6,Bo,Prospecting,100,2026-06-01\n"
    store = str(tmp_path / "store")
    for name, content in (("week1.csv", week1), ("week2.csv", week2)):
        ingested = run("ingest", _write(tmp_path / name, content), "--store", store, cwd=tmp_path)
        assert ingested.returncode == 0, ingested.stderr
    result = run("history", "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [line.split(None, 7)[7] for line in result.stdout.splitlines()]  # after version, time ("8 Dec 2026 00:58 UTC"), user
    assert lines == [
        "week2.csv (Generic export): 7 read, 6 accepted, 1 quarantined; 1 new, 1 updated, 4 unchanged",
        "week1.csv (Generic export): 6 read, 5 accepted, 1 quarantined; 5 new, 0 updated, 0 unchanged",
    ]
    tab = history_rows(Store(store)).select("File", "Rows", "Stored").rows()
    assert [f"{file} (Generic export): {rows}; {stored}" for file, rows, stored in tab] == lines


# ---------------------------------------------------------------------------------------------
# A file the command line does not store says what the Data page says of it, as one it stores does

REFUSED_HEADER = "Opportunity ID,Owner,Stage,Close Date,Amount,Currency,Probability (%)\n"
REFUSED_WEEK1 = REFUSED_HEADER + (
    "Q-1,Ann,Prospecting,20/07/2026,100.50,EUR,10\nQ-2,Ann,Prospecting,20/07/2026,200.00,EUR,10\n"
    "Q-3,Bo,Prospecting,21/07/2026,300.00,EUR,20\nQ-4,Bo,Closed Lost,13/05/2026,400.00,EUR,0\n"
)
REFUSED_WEEK2 = REFUSED_WEEK1.replace("Q-1,Ann,Prospecting,20/07/2026,100.50,EUR,10", "Q-1,Ann,Closed Won,14/06/2026,100.50,EUR,100")


def _stored_weeks(tmp_path: Path) -> str:
    store = str(tmp_path / "store")
    for name, content in (("week1.csv", REFUSED_WEEK1), ("week2.csv", REFUSED_WEEK2)):
        (tmp_path / name[:5]).mkdir()
        assert run("ingest", _write(tmp_path / name[:5] / "pipeline.csv", content), "--store", store, cwd=tmp_path).returncode == 0
    return store


def test_an_export_not_stored_says_its_rows_notes_and_changes_as_the_data_page_does_and_only_its_last_line_differs(tmp_path):
    """An older export the command line refused without --allow-reopen said only its warnings, the refusal
    and the unused columns: not "N rows read, accepted, quarantined", the reading notes (date order,
    probability, amounts, currency), "Storing it changes 2 stored deals: ..." nor the currency warning,
    all of which the Data page shows for the same file. It says them now, in the page's words, as a file it
    stores does, and ends with why it was not stored; --json holds the same."""
    from winloss.ingest.pipeline import prepare
    from winloss.store.delta import Store
    from winloss.views import data_page

    store = _stored_weeks(tmp_path)
    shutil.copytree(store, tmp_path / "copy")
    older = REFUSED_WEEK1.replace("Q-3,Bo,Prospecting,21/07/2026,300.00,EUR", "Q-3,Bo,Prospecting,21/07/2026,300.00,USD")
    (tmp_path / "older").mkdir()
    path = _write(tmp_path / "older" / "pipeline.csv", older)
    refused = run("ingest", path, "--store", store, cwd=tmp_path)
    assert refused.returncode == 1 and Store(store).version() == 2
    page = data_page.before_commit(prepare(older.encode(), "pipeline.csv"), Store(store))
    assert page.reopened and page.deal_changes and page.currency_changes  # what the page says of it
    said = refused.stdout.splitlines()
    assert said[0] == f"{path}: 4 rows read (Salesforce export): 4 accepted, 0 quarantined."
    assert f"{path}: {page.deal_changes}" in said and page.deal_changes.startswith("Storing it changes 2 stored deals")
    assert f"{path}: {page.currency_changes}" in said
    notes = [line for line in said[1:] if line.startswith(f"{path}: ") and line not in (
        f"{path}: {page.deal_changes}", f"{path}: {page.currency_changes}")]
    assert any("day-first" in line for line in notes) and any("Probability" in line for line in notes)
    assert any("decimal point" in line for line in notes) and any("'Currency' (EUR, USD)" in line for line in notes)
    # Why it was not stored and what to do: the last line.
    assert refused.stderr.splitlines()[-1].startswith(f"{path}: Not stored: an export that reopens closed deals")
    # Stored (--allow-reopen), the same file says the same lines; only what storing did is said as done.
    stored = run("ingest", path, "--store", str(tmp_path / "copy"), "--allow-reopen", cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    done = stored.stdout.splitlines()
    assert done[0].startswith(f"{said[0]} Stored as version 3: ")
    assert done[1] == f"{path}: {page.deal_changes_stored}"
    # Where every deal it changes is listed, beside the quarantine reports of each store.
    assert done[2].startswith(f"{path}: the 2 deals it changes, with each changed field before and after, are in ")
    assert said[2].startswith(f"{path}: the 2 deals it changes, with each changed field before and after, are in ")
    assert done[3].startswith(f"{path}: 1 deal already stored changed currency, EUR to USD for 1")
    assert [line for line in done[4:] if line.startswith(f"{path}: ")] == [line for line in said[4:] if line.startswith(f"{path}: ")]
    # --json: the same words, in the file's report.
    report = json.loads(run("ingest", path, "--store", store, "--json", cwd=tmp_path).stdout)["files"][0]
    assert report["rejected"].startswith("Not stored: an export that reopens closed deals")
    assert report["currency_changes"] == page.currency_changes
    assert (report["rows_read"], report["rows_accepted"], report["rows_quarantined"]) == (4, 4, 0)
    assert all(f"{path}: {note}" in said for note in [*report["notes"], report["separator_rule"], report["currency_rule"]] if note)


def test_an_export_refused_for_ids_with_their_leading_zeros_dropped_still_says_its_rows_and_notes(tmp_path):
    """The file Excel saved (ids without their leading zeros) said its warning and "Not stored", and not
    the rows it read nor how it read them (dates month-first, probability in percent), which the Data
    page shows above the same warning."""
    header = "Opportunity ID,Owner,Stage,Close Date,Amount,Currency,Probability (%)\n"
    store = str(tmp_path / "store")
    stored = header + "".join(f"000{i},Ann,Prospecting,2026-07-20,100.00,EUR,10\n" for i in range(11, 15))
    assert run("ingest", _write(tmp_path / "export.csv", stored), "--store", store, cwd=tmp_path).returncode == 0
    (tmp_path / "excel").mkdir()
    excel = header + "".join(f"{i},Ann,Prospecting,7/20/2026,100,EUR,10\n" for i in range(11, 15))
    path = _write(tmp_path / "excel" / "export.csv", excel)
    refused = run("ingest", path, "--store", store, cwd=tmp_path)
    assert refused.returncode == 1
    said = refused.stdout.splitlines()
    assert said[0] == f"{path}: 4 rows read (Salesforce export): 4 accepted, 0 quarantined."
    assert any(line.startswith(f"{path}: Dates are read month-first") for line in said)
    assert any(line.startswith(f"{path}: Probability: 'Probability (%)' is read as percent") for line in said)
    assert f"{path}: Every amount is in EUR, the only currency the file names." in said
    assert refused.stderr.splitlines()[-1].startswith(f"{path}: Not stored: it would keep each of those deals twice")


def test_a_version_stored_with_a_warning_let_through_says_so_in_history(tmp_path):
    """An older export stored with --allow-reopen and a re-export without its loss reason column stored with
    --allow-missing-columns left no trace in history: its note read "—". The note says what each flag let through."""
    store = str(tmp_path / "store")
    newer = ("Opportunity ID,Sales Rep,Stage,Amount,Close Date,Loss Reason\n"
             "H-1,Ann,Closed Won,100,2026-03-01,\nH-2,Bob,Closed Lost,200,2026-03-02,No decision\n"
             "H-3,Bob,Closed Lost,300,2026-03-03,Price\n")
    files = {"newer.csv": newer, "older.csv": newer.replace("H-1,Ann,Closed Won", "H-1,Ann,Negotiation"),
             "renamed.csv": newer.replace("Loss Reason", "Why We Lost")}
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert run("ingest", str(tmp_path / "newer.csv"), "--store", store, cwd=tmp_path).returncode == 0
    assert run("ingest", str(tmp_path / "older.csv"), "--store", store, cwd=tmp_path).returncode == 1  # refused
    assert run("ingest", str(tmp_path / "older.csv"), "--store", store, "--allow-reopen", cwd=tmp_path).returncode == 0
    assert run("ingest", str(tmp_path / "renamed.csv"), "--store", store, "--allow-missing-columns", cwd=tmp_path).returncode == 0
    said = run("history", "--store", store, cwd=tmp_path).stdout
    assert "confirmed: 1 closed deal reopened" in said, said
    assert "confirmed: 2 stored deals changed for want of a column" in said, said


PIPEDRIVE_HEADER = "ID,Owner,Organization,Stage,Value,Currency,Close date\n"


def test_an_export_whose_ids_are_another_reports_other_deals_is_stored_only_with_allow_other_report(tmp_path):
    """The reviewer's Mexico file after Spain's: "0 new, 2 updated", and Ana López's won Telefónica deal became
    Luis Ortega's lost Pemex deal with exit 0. Now it is not stored, the warning says which deals and what to do,
    --json carries it, and --allow-other-report stores it with a note in the history."""
    from winloss.store.delta import Store

    store = str(tmp_path / "store")
    spain = _write(tmp_path / "pipedrive_es_semana47.csv", PIPEDRIVE_HEADER + (
        "201,Ana López,Telefónica,Closed Won,15000,EUR,2026-10-14\n202,Ana López,BBVA,Closed Lost,22000,EUR,2026-10-20\n"))
    assert run("ingest", spain, "--store", store, cwd=tmp_path).returncode == 0
    mexico = _write(tmp_path / "pipedrive_mx_semana47.csv", PIPEDRIVE_HEADER + (
        "201,Luis Ortega,Pemex,Closed Lost,40000,USD,2026-11-12\n202,Luis Ortega,Bimbo,Closed Won,18000,USD,2026-11-15\n"))
    refused = run("ingest", mexico, "--store", store, "--json", cwd=tmp_path)
    assert refused.returncode == 1
    (report,) = json.loads(refused.stdout)["files"]
    assert report["other_report"]["examples"] == ["201", "202"]
    assert report["rejected"] == ("Not stored: an export whose ids are those of other deals another report stored is "
                                  "stored only with --allow-other-report (ingest it again with it if they are the same deals).")
    assert ("pipedrive_mx_semana47.csv: 2 deals in this file have the id of a deal stored from another report "
            "(pipedrive_es_semana47.csv) with another rep or account") in refused.stderr
    assert "--allow-other-report" in refused.stderr and Store(store).version() == 1
    assert _won_and_open(store) == (1, 0)  # 201 still Ana's won deal
    stored = run("ingest", mexico, "--store", store, "--allow-other-report", cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert Store(store).version() == 2
    assert _manifest(store)[-1][3].endswith("confirmed: 2 deals of another report overwritten by id")


def test_an_id_prefix_stores_another_reports_deals_apart_and_is_given_to_its_next_export(tmp_path):
    """--id-prefix MX- stores the Mexico account's 201 as MX-201 beside Spain's 201; next week's Mexico export,
    given no prefix, is given MX- and says so, --json carrying it."""
    from winloss.store.delta import Store

    store = str(tmp_path / "store")
    spain = _write(tmp_path / "pipedrive_es_semana47.csv", PIPEDRIVE_HEADER + "201,Ana López,Telefónica,Closed Won,15000,EUR,2026-10-14\n")
    assert run("ingest", spain, "--store", store, cwd=tmp_path).returncode == 0
    week47 = PIPEDRIVE_HEADER + "201,Luis Ortega,Pemex,Proposal,40000,USD,2027-01-12\n"
    mexico = _write(tmp_path / "pipedrive_mx_semana47.csv", week47)
    stored = run("ingest", mexico, "--store", store, "--id-prefix", "MX-", cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert ("pipedrive_mx_semana47.csv: Each id is stored with the prefix 'MX-' (201 as MX-201), apart from other "
            "reports' deals with the same ids; later exports of this report are given it too.") in stored.stdout
    week48 = _write(tmp_path / "pipedrive_mx_semana48.csv", week47.replace("Proposal,40000,USD,2027-01-12", "Closed Won,40000,USD,2026-12-01"))
    result = run("ingest", week48, "--store", store, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["files"]
    assert (report["id_prefix"]["prefix"], report["id_prefix"]["kept_from"]) == ("MX-", "pipedrive_mx_semana47.csv")
    outcomes = dict(Store(store).opportunities().select("opportunity_id", "outcome").collect().iter_rows())
    assert outcomes == {"201": "won", "MX-201": "won"}


def test_a_file_the_app_cannot_place_is_refused_in_its_own_words_with_no_count_of_rows_quarantined(tmp_path):
    """A contacts list ("Name,Phone") printed "1 row read (file not recognised (no column has a name the app knows
    ...)): 0 accepted, 1 quarantined." above its refusal: a count of a row quarantined that was never stored, in
    brackets within brackets. The refusal alone says what the file could be and what to choose; nothing is stored."""
    path = tmp_path / "contacts.csv"
    path.write_text("Name,Phone\nBob,123\n", encoding="utf-8")
    done = run("ingest", str(path), "--store", str(tmp_path / "store"), cwd=tmp_path)
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert "quarantined" not in said and "not recognised" not in said, said
    assert "This file could be a rep roster or an opportunity export" in done.stderr
    from winloss.store.delta import Store

    assert Store(tmp_path / "store").version() == 0
