"""What a re-export moves in the open deals' quarters, and every deal it changes as a CSV.

With a fiscal year starting in February, "5 open deals move stage (such as D-1: Needs Analysis →
Qualification)" and "close date on 5" said neither that D-1's close date had moved from 17 Jan to 7 Feb
2027, out of FY2027 into the next fiscal year, nor which way any close date went. And three ids a kind,
with no deal name, rep, amount or quarter, could not be reconciled in Excel."""

from __future__ import annotations

import csv
import io
import json

from command_line import run
from weekly_exports import stored

from winloss.ingest.pipeline import prepare
from winloss.ingest.store_effects import deal_changes

HEADER = "Opportunity ID,Opportunity Name,Sales Rep,Stage,Amount,Close Date\n"
WEEK1 = HEADER + (
    "D-1,Stark Platform,Ann,Needs Analysis,50000,2027-01-17\n"
    "D-2,Acme Renewal,Ann,Proposal,20000,2027-01-20\n"
    "D-3,Umbrella Suite,Bea,Proposal,10000,2027-05-10\n"
    "D-4,Globex Add-on,Bea,Proposal,7000,2026-11-05\n"
    "D-5,Hooli Expansion,Bea,Negotiation,9000,2027-01-25\n"
    "D-6,=HYPERLINK(\"http://x\"),Ann,Proposal,3000,2027-01-10\n"
    "D-7,Initech Core,Ann,Proposal,4000,2027-01-10\n"
)
# A week later: D-1 moves stage and slips from 17 Jan to 7 Feb (FY2027 Q4 to FY2028 Q1 with a February start);
# D-2 slips alone, to 1 Mar; D-3 is pulled in from May (FY2028 Q2) to January; D-4's close date moves within
# its quarter; D-5 is won; D-6 is repriced; D-7 as it was.
WEEK2 = HEADER + (
    "D-1,Stark Platform,Ann,Qualification,50000,2027-02-07\n"
    "D-2,Acme Renewal,Ann,Proposal,20000,2027-03-01\n"
    "D-3,Umbrella Suite,Bea,Proposal,10000,2027-01-25\n"
    "D-4,Globex Add-on,Bea,Proposal,7000,2026-12-01\n"
    "D-5,Hooli Expansion,Bea,Closed Won,9000,2026-12-03\n"
    "D-6,=HYPERLINK(\"http://x\"),Ann,Proposal,3500,2027-01-10\n"
    "D-7,Initech Core,Ann,Proposal,4000,2027-01-10\n"
)


def _changes(tmp_path, fy_start_month: int):
    store = stored(tmp_path, WEEK1)
    return deal_changes(prepare(WEEK2.encode(), "week2.csv"), store, fy_start_month=fy_start_month)


def test_close_dates_that_move_open_deals_to_another_quarter_are_said_whatever_else_changed(tmp_path):
    said = _changes(tmp_path, fy_start_month=2)
    assert said is not None
    assert said.sentence() == (
        'Storing it closes 1 open deal: 1 won ("Hooli Expansion"); 1 open deal moves stage ("Stark Platform": Needs '
        'Analysis → Qualification); 4 deals change in other fields: close date on 3, amount on 1 (such as "Acme Renewal", '
        '"Umbrella Suite", "Globex Add-on"). '
        "1 open deal changes amount (+$500 of pipeline). "
        "Their close dates move 3 open deals to another quarter: 2 slip out of FY2027 Q4 (into FY2028 Q1, $70,000); "
        "1 is pulled in from FY2028 Q2 (into FY2027 Q4, $10,000)."
    )
    assert said.sentence(stored=True).endswith(
        "Their close dates moved 3 open deals to another quarter: 2 slipped out of FY2027 Q4 (into FY2028 Q1, $70,000); "
        "1 was pulled in from FY2028 Q2 (into FY2027 Q4, $10,000).")
    assert said.as_json()["quarters"] == {
        "fy_start_month": 2,
        "slipped": [{"from": "FY2027 Q4", "to": "FY2028 Q1", "deals": 2, "value": {"USD": 70000.0}}],
        "pulled": [{"from": "FY2028 Q2", "to": "FY2027 Q4", "deals": 1, "value": {"USD": 10000.0}}],
    }


def test_the_quarters_are_the_fiscal_year_s_in_force(tmp_path):
    """With a January start 17 Jan and 7 Feb are both in 2027 Q1: D-1 moves no quarter, D-2 (to 1 Mar) neither."""
    said = _changes(tmp_path, fy_start_month=1)
    assert said is not None
    assert said.sentence().endswith(
        "Their close dates move 1 open deal to another quarter: 1 is pulled in from 2027 Q2 (into 2027 Q1, $10,000).")


def test_hidden_amounts_leave_counts_only(tmp_path):
    said = _changes(tmp_path, fy_start_month=2)
    assert said is not None
    assert said.sentence(hide_amounts=True).endswith(
        "1 open deal changes amount. Their close dates move 3 open deals to another quarter: 2 slip out of FY2027 Q4 (into FY2028 Q1); "
        "1 is pulled in from FY2028 Q2 (into FY2027 Q4).")


def test_several_quarters_each_way_are_named_with_their_own_counts(tmp_path):
    week2 = WEEK2.replace("D-2,Acme Renewal,Ann,Proposal,20000,2027-03-01", "D-2,Acme Renewal,Ann,Proposal,20000,2027-05-01")
    store = stored(tmp_path, WEEK1)
    said = deal_changes(prepare(week2.encode(), "week2.csv"), store, fy_start_month=2)
    assert said is not None and said.quarters is not None
    assert said.quarters.sentence() == (
        "Their close dates move 3 open deals to another quarter: 2 slip out of FY2027 Q4 (1 into FY2028 Q1, $50,000; "
        "1 into FY2028 Q2, $20,000); 1 is pulled in from FY2028 Q2 (into FY2027 Q4, $10,000).")


def _rows(csv_bytes: bytes | None) -> list[dict[str, str]]:
    assert csv_bytes is not None and csv_bytes.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"))))


def test_every_changed_deal_is_in_the_csv_with_each_changed_field_before_and_after(tmp_path):
    said = _changes(tmp_path, fy_start_month=2)
    assert said is not None and said.changed_deals == said.deals == 6
    rows = _rows(said.changed_csv())
    assert [r["Opportunity ID"] for r in rows] == ["D-1", "D-2", "D-3", "D-4", "D-5", "D-6"]  # the file's order; D-7 unchanged
    d1 = rows[0]
    assert {k: d1[k] for k in ("Deal name", "Rep", "What changes", "Amount", "Currency", "Quarter before", "Quarter after")} == {
        "Deal name": "Stark Platform", "Rep": "Ann", "What changes": "Stage or status, Close date", "Amount": "50000",
        "Currency": "USD", "Quarter before": "FY2027 Q4", "Quarter after": "FY2028 Q1"}
    assert (d1["Stage or status before"], d1["Stage or status after"]) == ("Needs Analysis", "Qualification")
    assert (d1["Close date before"], d1["Close date after"]) == ("2027-01-17", "2027-02-07")
    assert (d1["Amount before"], d1["Amount after"]) == ("", "")  # unchanged in D-1: left blank
    d5 = rows[4]
    assert (d5["Outcome before"], d5["Outcome after"]) == ("Open", "Won")
    d6 = rows[5]
    # A cell from the file that Excel would run as a formula is written as text.
    assert d6["Deal name"] == "'=HYPERLINK(\"http://x\")"
    assert (d6["What changes"], d6["Amount before"], d6["Amount after"]) == ("Amount", "3000", "3500")


def test_the_csv_with_amounts_hidden_has_no_amount(tmp_path):
    said = _changes(tmp_path, fy_start_month=2)
    assert said is not None
    rows = _rows(said.changed_csv(hide_amounts=True))
    assert len(rows) == 6
    assert not [c for c in rows[0] if "Amount" in c or "Currency" in c]
    assert rows[5]["What changes"] == "Amount"  # that it changed is no amount


def test_the_command_line_writes_the_csv_beside_its_quarantine_reports(tmp_path):
    first, second = tmp_path / "deals_2026-11-29.csv", tmp_path / "deals_2026-12-06.csv"
    first.write_text(WEEK1)
    second.write_text(WEEK2)
    store = tmp_path / "store"
    assert run("ingest", "--store", str(store), str(first)).returncode == 0
    done = run("ingest", "--store", str(store), "--fy-start", "2", "--json", str(second))
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)["files"]
    where = report["changed_deals_csv"]
    assert where is not None and where.startswith(str(tmp_path / "store-quarantine" / "deals_2026-12-06-"))
    assert where.endswith(".changed-deals.csv")
    rows = _rows(open(where, "rb").read())
    assert [r["Opportunity ID"] for r in rows] == ["D-1", "D-2", "D-3", "D-4", "D-5", "D-6"]
    assert report["deal_changes"]["quarters"]["slipped"][0]["deals"] == 2
    assert "2 slipped out of FY2027 Q4" in report["deal_changes"]["sentence"]


def test_the_command_line_names_the_csv_after_what_it_stored(tmp_path):
    first, second = tmp_path / "deals_2026-11-29.csv", tmp_path / "deals_2026-12-06.csv"
    first.write_text(WEEK1)
    second.write_text(WEEK2)
    store = tmp_path / "store"
    run("ingest", "--store", str(store), str(first))
    lines = run("ingest", "--store", str(store), "--fy-start", "2", str(second)).stdout.splitlines()
    (line,) = [ln for ln in lines if "changed field" in ln]
    assert "the 6 deals it changes, with each changed field before and after, are in " in line
    assert line.endswith(".changed-deals.csv")


def test_the_command_line_says_the_quarters_in_the_stores_fiscal_year_unless_told_another(tmp_path):
    """`ingest` without --fy-start counts the moved close dates in the store's saved fiscal year, as `report` and
    `export` do (it took calendar quarters: "2027 Q1" where every page of the store said "FY2027 Q4")."""
    first, second = tmp_path / "deals_2026-11-29.csv", tmp_path / "deals_2026-12-06.csv"
    first.write_text(WEEK1)
    second.write_text(WEEK2)
    store, other = tmp_path / "store", tmp_path / "another_store"
    for path in (store, other):
        assert run("ingest", "--store", str(path), str(first)).returncode == 0
        assert run("settings", "--store", str(path), "--fy-start", "2").returncode == 0
    done = run("ingest", "--store", str(store), "--json", str(second))
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)["files"]
    assert "2 slipped out of FY2027 Q4" in report["deal_changes"]["sentence"]
    calendar = run("ingest", "--store", str(other), "--fy-start", "1", "--json", str(second))
    assert calendar.returncode == 0, calendar.stderr
    (told,) = json.loads(calendar.stdout)["files"]
    assert "FY" not in told["deal_changes"]["sentence"] and "2027 Q1" in told["deal_changes"]["sentence"], told
