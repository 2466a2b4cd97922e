"""End to end: an export whose loss reasons qualify a no-decision phrase ("No decision - status quo")
is ingested on the command line; the file report names the rule, asks about the near misses, and
every count of the stored deals (report, loss reasons, the deals every page reads) agrees on the
no-decision share of losses, before and after a near miss is added to the vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from winloss import cli
from winloss.deals import deals
from winloss.measures.no_decision import loss_reasons
from winloss.store.delta import Store

# 60 losses: 10 whole "No Decision", 15 qualifying a phrase, 5 near misses, 30 lost to something else.
REASONS = {
    "No Decision": 10,
    "No decision - status quo": 8,
    "No Decision – budget frozen": 4,
    "Status quo (kept spreadsheet)": 3,
    "Lost - no decision": 5,
    "No decision maker access": 6,
    "Price": 14,
    "Competitor": 10,
}
WON = 20


def export(path: Path) -> Path:
    lines = ["Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount"]
    n = 0
    for reason, deals_ in REASONS.items():
        for _ in range(deals_):
            n += 1
            lines.append(f'D{n:03},{"Ann" if n % 2 else "Bo"},Closed Lost,"{reason}",2026-0{1 + n % 6}-1{n % 9},{100 + n}')
    for _ in range(WON):
        n += 1
        lines.append(f"D{n:03},Ann,Closed Won,,2026-03-0{1 + n % 9},{100 + n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ingested(tmp_path, capsys):
    path = export(tmp_path / "deals.csv")
    store = tmp_path / "store"
    code = cli.main(["ingest", str(path), "--store", str(store), "--json"])
    said = capsys.readouterr()
    assert code == 0, said.err
    return Store(store), json.loads(said.out), said.err


def reported_share(store: Store, capsys) -> float:
    assert cli.main(["report", "--store", str(store.uri), "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["rows"]
    return row["no_decision_share_of_losses"]


def test_the_file_report_names_the_rule_in_text_and_json_and_asks_about_the_near_miss(ingested, tmp_path, capsys):
    _, result, _ = ingested
    assert cli.main(["ingest", str(tmp_path / "deals.csv"), "--store", str(tmp_path / "text-store")]) == 0
    text = capsys.readouterr()  # the same file ingested without --json: the report in lines
    assert text.err == ""  # nothing to act on: the report is all on stdout
    (file,) = result["files"]
    named = ("'No decision - status quo' (8 deals), 'No Decision – budget frozen' (4 deals) and 'Status quo (kept "
             "spreadsheet)' (3 deals) are counted as no decision: 'No decision - status quo' starts with 'No decision' "
             "from the no-decision vocabulary followed by ' - '; 'No Decision – budget frozen' starts with 'No "
             "Decision' from the no-decision vocabulary followed by ' – '; 'Status quo (kept spreadsheet)' starts with "
             "'Status quo' from the no-decision vocabulary followed by ' ('. To count one as lost instead, run python -m "
             'winloss ingest --lost-reason "No decision - status quo", or with another reason as written (no file '
             "needed). Or untick its phrase in the No-decision reasons tab of the Data page, to count as lost every "
             "loss reason that phrase matches.")
    assert named in file["notes"]
    assert f"{tmp_path / 'deals.csv'}: {named}" in text.out.splitlines()  # stdout, as the command line prints every note
    asked = ("11 deals are still counted as lost though their loss reasons hold a no-decision phrase no rule decides "
             "(after the start, before a competitor, or going on with no separator): 'No decision maker access' (6 deals), "
             "'Lost - no decision' (5 deals). Add each reason that means no decision to the no-decision vocabulary (on the "
             'command line: --no-decision-reason "No decision maker access" --no-decision-reason "Lost - no decision" to '
             "ingest, with or without a file).")
    assert asked in file["notes"] and f"deals.csv: {asked}" in text.out
    assert result["no_decision_reasons_added"] == []


def test_every_count_agrees_on_the_share_and_the_near_miss_changes_it_once_added(ingested, capsys):
    store, _, _ = ingested
    # 10 whole + 15 qualified of 60 losses; the whole-reason match alone read 10 of 60 (17%).
    assert reported_share(store, capsys) == pytest.approx(25 / 60)
    frame = deals(store)
    assert frame.filter(frame["outcome"] == "no_decision").height == 25
    by_reason = {r["loss_reason"]: r["outcome"] for r in loss_reasons(frame.lazy()).iter_rows(named=True)}
    assert by_reason["No Decision – budget frozen"] == "no_decision"
    assert by_reason["Lost - no decision"] == "lost" and by_reason["No decision maker access"] == "lost"

    code = cli.main(["ingest", "--no-decision-reason", "Lost - no decision", "--no-decision-reason", "no decision",
                     "--store", str(store.uri), "--json"])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert json.loads(said.out)["no_decision_reasons_added"] == ["Lost - no decision"]
    assert said.err == ""  # --json: the object alone on stdout, and no note on stderr
    assert cli.main(["ingest", "--no-decision-reason", "no decision", "--store", str(store.uri)]) == 0
    said = capsys.readouterr()
    assert said.out.splitlines() == ["'no decision' is already in the no-decision vocabulary.", "store version 2"]
    assert said.err == ""
    assert "Lost - no decision" in store.no_decision_reasons()
    # Outcomes are derived at read time under the store's vocabulary: the stored deals recount at once.
    assert reported_share(store, capsys) == pytest.approx(30 / 60)
    assert deals(store).filter(deals(store)["outcome"] == "no_decision").height == 30


def test_ingest_without_a_file_or_a_reason_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["ingest", "--store", str(tmp_path / "store")]) == 2
    assert "--no-decision-reason REASON" in capsys.readouterr().err
