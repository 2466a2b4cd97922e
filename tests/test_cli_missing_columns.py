"""The command line stores an export without a column the stored deals it updates were filled from only with
--allow-missing-columns: a renamed loss reason column stored by a weekly job took the no-decision share from
38% to 0% and blanked every stored loss reason (the fixtures are tests/ingest/test_missing_columns.py's)."""

from __future__ import annotations

import json
from pathlib import Path

from command_line import run

from winloss import cli

FILES = Path(__file__).resolve().parent / "fixtures" / "missing_columns"
WEEK1, RENAMED = str(FILES / "crm_deals_2026-11-02.csv"), str(FILES / "crm_deals_2026-11-09.csv")


def _no_decision(store: str, tmp_path: Path) -> int:
    report = json.loads(run("report", "--store", store, "--json", cwd=tmp_path).stdout)
    (row,) = [r for r in report["rows"] if r["group"] == "All"]
    return row["no_decision"]


def test_a_file_without_the_loss_reason_column_is_not_stored_without_the_flag(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", WEEK1, "--store", store, cwd=tmp_path).returncode == 0
    refused = run("ingest", RENAMED, "--store", store, "--json", cwd=tmp_path)
    assert refused.returncode == 1
    (report,) = json.loads(refused.stdout)["files"]
    assert report["rejected"] == cli.MISSING_REFUSED and "--allow-missing-columns" in cli.MISSING_REFUSED
    said = report["missing_columns"]
    assert (said["no_decision_to_lost"], said["deals"]) == (2, 3)
    assert said["fields"] == [{"field": "loss_reason", "deals": 1, "earlier_column": "Win/Loss Reason", "candidate": "Why We Lost"}]
    # Said first, before any other warning, in the words the Data page uses.
    first = refused.stderr.splitlines()[0]
    assert first == f"{RENAMED}: {said['sentence']}"
    assert report["reopened"] is None  # the renamed column is not blamed on an older export
    assert json.loads(refused.stdout)["store_version"] == 1 and _no_decision(store, tmp_path) == 2
    # Mapped as the warning says, it is stored and keeps its no-decision deals.
    mapped = run("ingest", RENAMED, "--map", "loss_reason=Why We Lost", "--store", store, cwd=tmp_path)
    assert mapped.returncode == 0 and "no loss reason column" not in mapped.stderr
    assert _no_decision(store, tmp_path) == 2


def test_with_the_flag_it_is_stored_as_the_warning_said(tmp_path):
    store = str(tmp_path / "store")
    assert run("ingest", WEEK1, "--store", store, cwd=tmp_path).returncode == 0
    allowed = run("ingest", RENAMED, "--allow-missing-columns", "--store", store, cwd=tmp_path)
    assert allowed.returncode == 0 and "turns 2 no-decision deals into plain losses" in allowed.stderr
    assert "3 deals changed only because this file has no loss reason column" in allowed.stdout
    assert _no_decision(store, tmp_path) == 0
